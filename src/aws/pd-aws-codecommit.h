/* pd-aws-codecommit.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/**
 * PdAwsCommit:
 * @commit_id: the commit ID
 * @tree_id: (nullable): its tree
 * @parents: (array zero-terminated=1): parent commit IDs
 * @message: (nullable): the commit message
 * @author_name: (nullable): the author
 * @author_email: (nullable): the author's e-mail
 * @author_date: (nullable): the author date, git style (`1484167798 -0800`)
 * @committer_name: (nullable): the committer
 * @committer_email: (nullable): the committer's e-mail
 * @committer_date: (nullable): the commit date, git style
 *
 * A commit from CodeCommit GetCommit.
 */
typedef struct
{
  char  *commit_id;
  char  *tree_id;
  GStrv  parents;
  char  *message;
  char  *author_name;
  char  *author_email;
  char  *author_date;
  char  *committer_name;
  char  *committer_email;
  char  *committer_date;
} PdAwsCommit;

void         pd_aws_commit_free                    (PdAwsCommit          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsCommit, pd_aws_commit_free)

void         pd_aws_codecommit_get_commit_async    (PdAwsClient          *client,
                                                    const char           *repository,
                                                    const char           *commit_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
PdAwsCommit *pd_aws_codecommit_get_commit_finish   (PdAwsClient          *client,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void         pd_aws_codecommit_get_branch_async    (PdAwsClient          *client,
                                                    const char           *repository,
                                                    const char           *branch,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
char        *pd_aws_codecommit_get_branch_finish   (PdAwsClient          *client,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
