/* pd-aws-codecommit.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-codecommit.h"
#include "pd-aws-error.h"
#include "pd-aws-typed-private.h"

/**
 * pd_aws_commit_free:
 * @self: (transfer full) (nullable): a commit
 *
 * Frees @self.
 */
void
pd_aws_commit_free (PdAwsCommit *self)
{
  if (self == NULL)
    return;
  g_free (self->commit_id);
  g_free (self->tree_id);
  g_strfreev (self->parents);
  g_free (self->message);
  g_free (self->author_name);
  g_free (self->author_email);
  g_free (self->author_date);
  g_free (self->committer_name);
  g_free (self->committer_email);
  g_free (self->committer_date);
  g_free (self);
}

static gboolean
read_person (JsonObject  *commit,
             const char  *member,
             char       **name,
             char       **email,
             char       **date,
             GError     **error)
{
  g_autofree char *path = g_strdup_printf ("commit.%s.", member);
  JsonObject *person;

  return pd_aws_read_object (commit, "commit.", member, FALSE, &person, error) &&
         pd_aws_read_string (person, path, "name", FALSE, name, error) &&
         pd_aws_read_string (person, path, "email", FALSE, email, error) &&
         pd_aws_read_string (person, path, "date", FALSE, date, error);
}

static gpointer
parse_commit (JsonObject  *reply,
              GError     **error)
{
  g_autoptr(PdAwsCommit) commit = g_new0 (PdAwsCommit, 1);
  JsonObject *object;

  if (!pd_aws_read_object (reply, NULL, "commit", TRUE, &object, error) ||
      !pd_aws_read_string (object, "commit.", "commitId", TRUE, &commit->commit_id, error) ||
      !pd_aws_read_string (object, "commit.", "treeId", FALSE, &commit->tree_id, error) ||
      !pd_aws_read_string_list (object, "commit.", "parents", &commit->parents, error) ||
      !pd_aws_read_string (object, "commit.", "message", FALSE, &commit->message, error) ||
      !read_person (object, "author", &commit->author_name, &commit->author_email,
                    &commit->author_date, error) ||
      !read_person (object, "committer", &commit->committer_name, &commit->committer_email,
                    &commit->committer_date, error))
    {
      g_prefix_error (error, "GetCommit: ");
      return NULL;
    }
  return g_steal_pointer (&commit);
}

static gpointer
parse_branch (JsonObject  *reply,
              GError     **error)
{
  char *commit_id = NULL;
  JsonObject *branch;

  if (!pd_aws_read_object (reply, NULL, "branch", TRUE, &branch, error) ||
      !pd_aws_read_string (branch, "branch.", "commitId", TRUE, &commit_id, error))
    {
      g_prefix_error (error, "GetBranch: ");
      return NULL;
    }
  return commit_id;
}

/**
 * pd_aws_codecommit_get_commit_async:
 * @client: a #PdAwsClient
 * @repository: the repository name
 * @commit_id: the commit ID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads a commit: message, author and committer.
 */
void
pd_aws_codecommit_get_commit_async (PdAwsClient         *client,
                                    const char          *repository,
                                    const char          *commit_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (repository != NULL);
  g_return_if_fail (commit_id != NULL);

  json_object_set_string_member (input, "repositoryName", repository);
  json_object_set_string_member (input, "commitId", commit_id);
  pd_aws_typed_call_async (client, "codecommit", "GetCommit", input, parse_commit,
                           (GDestroyNotify) pd_aws_commit_free,
                           pd_aws_codecommit_get_commit_async, cancellable, callback, user_data);
}

/**
 * pd_aws_codecommit_get_commit_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the commit, or %NULL with @error set
 */
PdAwsCommit *
pd_aws_codecommit_get_commit_finish (PdAwsClient   *client,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_codecommit_get_commit_async, error);
}

/**
 * pd_aws_codecommit_get_branch_async:
 * @client: a #PdAwsClient
 * @repository: the repository name
 * @branch: the branch name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads the commit a branch points to.
 */
void
pd_aws_codecommit_get_branch_async (PdAwsClient         *client,
                                    const char          *repository,
                                    const char          *branch,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (repository != NULL);
  g_return_if_fail (branch != NULL);

  json_object_set_string_member (input, "repositoryName", repository);
  json_object_set_string_member (input, "branchName", branch);
  pd_aws_typed_call_async (client, "codecommit", "GetBranch", input, parse_branch, g_free,
                           pd_aws_codecommit_get_branch_async, cancellable, callback, user_data);
}

/**
 * pd_aws_codecommit_get_branch_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the commit ID at the tip of the branch, or
 *   %NULL with @error set
 */
char *
pd_aws_codecommit_get_branch_finish (PdAwsClient   *client,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_codecommit_get_branch_async, error);
}
