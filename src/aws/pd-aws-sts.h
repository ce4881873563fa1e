/* pd-aws-sts.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"
#include "pd-aws-credentials.h"

G_BEGIN_DECLS

/**
 * PdAwsCallerIdentity:
 * @account: the 12-digit account ID
 * @arn: the ARN of the calling user or role
 * @user_id: the unique ID of the caller
 *
 * The answer of STS GetCallerIdentity.
 */
typedef struct
{
  char *account;
  char *arn;
  char *user_id;
} PdAwsCallerIdentity;

#define PD_AWS_TYPE_CALLER_IDENTITY (pd_aws_caller_identity_get_type ())

GType                pd_aws_caller_identity_get_type        (void) G_GNUC_CONST;
PdAwsCallerIdentity *pd_aws_caller_identity_copy            (const PdAwsCallerIdentity *self);
void                 pd_aws_caller_identity_free            (PdAwsCallerIdentity       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsCallerIdentity, pd_aws_caller_identity_free)

void                 pd_aws_sts_get_caller_identity_async   (PdAwsClient               *client,
                                                             GCancellable              *cancellable,
                                                             GAsyncReadyCallback        callback,
                                                             gpointer                   user_data);
PdAwsCallerIdentity *pd_aws_sts_get_caller_identity_finish  (PdAwsClient               *client,
                                                             GAsyncResult              *result,
                                                             GError                   **error);
void                 pd_aws_sts_assume_role_async           (PdAwsClient               *client,
                                                             const char                *role_arn,
                                                             const char                *role_session_name,
                                                             const char                *external_id,
                                                             const char                *serial_number,
                                                             const char                *token_code,
                                                             int                        duration_seconds,
                                                             GCancellable              *cancellable,
                                                             GAsyncReadyCallback        callback,
                                                             gpointer                   user_data);
PdAwsCredentials    *pd_aws_sts_assume_role_finish          (PdAwsClient               *client,
                                                             GAsyncResult              *result,
                                                             GError                   **error);

G_END_DECLS
