/* pd-aws-sts.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-error.h"
#include "pd-aws-protocol.h"
#include "pd-aws-sts.h"
#include "pd-aws-typed-private.h"

G_DEFINE_BOXED_TYPE (PdAwsCallerIdentity, pd_aws_caller_identity,
                     pd_aws_caller_identity_copy, pd_aws_caller_identity_free)

/**
 * pd_aws_caller_identity_copy:
 * @self: an identity
 *
 * Returns: (transfer full): a copy of @self
 */
PdAwsCallerIdentity *
pd_aws_caller_identity_copy (const PdAwsCallerIdentity *self)
{
  PdAwsCallerIdentity *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PdAwsCallerIdentity, 1);
  copy->account = g_strdup (self->account);
  copy->arn = g_strdup (self->arn);
  copy->user_id = g_strdup (self->user_id);

  return copy;
}

/**
 * pd_aws_caller_identity_free:
 * @self: (transfer full): an identity
 *
 * Frees @self.
 */
void
pd_aws_caller_identity_free (PdAwsCallerIdentity *self)
{
  if (self == NULL)
    return;

  g_free (self->account);
  g_free (self->arn);
  g_free (self->user_id);
  g_free (self);
}

/* The typed-call helper names the operation in errors */
static gpointer
parse_caller_identity (JsonObject  *reply,
                       GError     **error)
{
  g_autoptr(PdAwsCallerIdentity) identity = g_new0 (PdAwsCallerIdentity, 1);

  if ((identity->account = pd_aws_json_dup_string (reply, "Account", TRUE, error)) == NULL ||
      (identity->arn = pd_aws_json_dup_string (reply, "Arn", TRUE, error)) == NULL ||
      (identity->user_id = pd_aws_json_dup_string (reply, "UserId", TRUE, error)) == NULL)
    return NULL;
  return g_steal_pointer (&identity);
}

/**
 * pd_aws_sts_get_caller_identity_async:
 * @client: a #PdAwsClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Asks STS who the client's credentials belong to.
 */
void
pd_aws_sts_get_caller_identity_async (PdAwsClient         *client,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  pd_aws_typed_call_async (client, "sts", "GetCallerIdentity", NULL, parse_caller_identity,
                           (GDestroyNotify) pd_aws_caller_identity_free,
                           pd_aws_sts_get_caller_identity_async, cancellable, callback,
                           user_data);
}

/**
 * pd_aws_sts_get_caller_identity_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the identity, or %NULL with @error set
 */
PdAwsCallerIdentity *
pd_aws_sts_get_caller_identity_finish (PdAwsClient   *client,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_sts_get_caller_identity_async, error);
}

static gpointer
parse_assumed_role (JsonObject  *reply,
                    gpointer     role_arn,
                    GError     **error)
{
  g_autoptr(GDateTime) expiration = NULL;
  g_autofree char *access_key_id = NULL;
  g_autofree char *expiration_text = NULL;
  g_autofree char *source = NULL;
  char *secret_access_key = NULL;
  char *session_token = NULL;
  PdAwsCredentials *answer;
  JsonObject *credentials;

  credentials = pd_aws_json_get_object (reply, "Credentials", TRUE, error);
  if (credentials == NULL ||
      (access_key_id = pd_aws_json_dup_string (credentials, "AccessKeyId", TRUE, error)) == NULL ||
      (secret_access_key = pd_aws_json_dup_string (credentials, "SecretAccessKey", TRUE, error)) == NULL ||
      (session_token = pd_aws_json_dup_string (credentials, "SessionToken", TRUE, error)) == NULL ||
      (expiration_text = pd_aws_json_dup_string (credentials, "Expiration", TRUE, error)) == NULL)
    {
      pd_aws_secure_free (secret_access_key);
      pd_aws_secure_free (session_token);
      return NULL;
    }

  expiration = g_date_time_new_from_iso8601 (expiration_text, NULL);
  if (expiration == NULL || access_key_id[0] == '\0' || secret_access_key[0] == '\0')
    {
      pd_aws_secure_free (secret_access_key);
      pd_aws_secure_free (session_token);
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   expiration == NULL
                   ? "AssumeRole: the expiration “%s” is not an ISO-8601 time"
                   : "AssumeRole: empty credentials in the answer%s",
                   expiration == NULL ? expiration_text : "");
      return NULL;
    }

  source = g_strdup_printf ("role %s", (const char *) role_arn);
  answer = pd_aws_credentials_new (access_key_id, secret_access_key, session_token, expiration,
                                   source);
  pd_aws_secure_free (secret_access_key);
  pd_aws_secure_free (session_token);
  return answer;
}

/**
 * pd_aws_sts_assume_role_async:
 * @client: a #PdAwsClient with the source credentials
 * @role_arn: the ARN of the role
 * @role_session_name: the session name (2-64 characters of `[\w+=,.@-]`)
 * @external_id: (nullable): the external ID the role's trust policy wants
 * @serial_number: (nullable): the MFA device serial or ARN
 * @token_code: (nullable): the current MFA code, with @serial_number
 * @duration_seconds: the session length, or 0 for the role's default
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Calls STS AssumeRole for temporary credentials of @role_arn.
 */
void
pd_aws_sts_assume_role_async (PdAwsClient         *client,
                              const char          *role_arn,
                              const char          *role_session_name,
                              const char          *external_id,
                              const char          *serial_number,
                              const char          *token_code,
                              int                  duration_seconds,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (role_arn != NULL);
  g_return_if_fail (role_session_name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  input = json_object_new ();
  json_object_set_string_member (input, "RoleArn", role_arn);
  json_object_set_string_member (input, "RoleSessionName", role_session_name);
  if (duration_seconds > 0)
    json_object_set_int_member (input, "DurationSeconds", duration_seconds);
  if (external_id != NULL && external_id[0] != '\0')
    json_object_set_string_member (input, "ExternalId", external_id);
  if (serial_number != NULL && serial_number[0] != '\0')
    json_object_set_string_member (input, "SerialNumber", serial_number);
  if (token_code != NULL && token_code[0] != '\0')
    json_object_set_string_member (input, "TokenCode", token_code);

  pd_aws_typed_call_full_async (client, "sts", "AssumeRole", input, parse_assumed_role,
                                g_strdup (role_arn), g_free,
                                (GDestroyNotify) pd_aws_credentials_unref,
                                pd_aws_sts_assume_role_async, cancellable, callback, user_data);
}

/**
 * pd_aws_sts_assume_role_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): temporary credentials with their expiration, or
 *   %NULL with @error set
 */
PdAwsCredentials *
pd_aws_sts_assume_role_finish (PdAwsClient   *client,
                               GAsyncResult  *result,
                               GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_sts_assume_role_async, error);
}
