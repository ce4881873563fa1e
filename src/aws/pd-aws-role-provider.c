/* pd-aws-role-provider.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-client.h"
#include "pd-aws-credentials-private.h"
#include "pd-aws-error.h"
#include "pd-aws-role-provider-private.h"
#include "pd-aws-sts.h"

struct _PdAwsRoleCredentialsProvider
{
  GObject                   parent_instance;

  /* Owned references */
  PdAwsConfig              *config;
  char                     *profile;
  PdAwsCredentialsProvider *source;
  PdAwsClient              *client;
  /* A burst of requests makes one STS call and asks for one MFA code */
  PdAwsCredentialsCache    *cache;
  char                     *role_arn;
  char                     *role_session_name;
  char                     *external_id;
  char                     *mfa_serial;
  char                     *description;

  /* Borrowed references: the profile provider owns the prompt's data and
   * is kept alive by every load that reaches us. */
  PdAwsMfaPromptFunc        mfa_func;
  gpointer                  mfa_data;

  int                       duration_seconds;
};

typedef struct
{
  PdAwsConfig *config;
  char        *profile;
} LookupData;

static void provider_iface_init (PdAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAwsRoleCredentialsProvider, pd_aws_role_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_AWS_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
lookup_data_free (gpointer data)
{
  LookupData *lookup = data;

  g_object_unref (lookup->config);
  g_free (lookup->profile);
  g_free (lookup);
}

static char *
config_lookup_cb (const char *key,
                  gpointer    user_data)
{
  LookupData *lookup = user_data;

  return pd_aws_config_dup_profile_setting (lookup->config, lookup->profile, key);
}

static PdAwsClient *
ensure_client (PdAwsRoleCredentialsProvider *self)
{
  LookupData *lookup;
  const char *region;

  if (self->client != NULL)
    return self->client;

  /* The role's STS call goes to the region and endpoint of its profile. */
  region = pd_aws_config_get_region (self->config, self->profile);
  self->client = pd_aws_client_new (self->source, region != NULL ? region : "us-east-1", NULL);

  lookup = g_new0 (LookupData, 1);
  lookup->config = g_object_ref (self->config);
  lookup->profile = g_strdup (self->profile);
  pd_aws_client_set_config_lookup (self->client, config_lookup_cb, lookup, lookup_data_free);

  return self->client;
}

static void
assume_role_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdAwsRoleCredentialsProvider *self = g_task_get_source_object (task);
  g_autoptr(PdAwsCredentials) answer = NULL;
  GError *error = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;

  answer = pd_aws_sts_assume_role_finish (PD_AWS_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, "Could not assume role %s for profile “%s”: ",
                        self->role_arn, self->profile);
      g_task_return_error (task, error);
      return;
    }

  credentials = pd_aws_credentials_new (pd_aws_credentials_get_access_key_id (answer),
                                        pd_aws_credentials_get_secret_access_key (answer),
                                        pd_aws_credentials_get_session_token (answer),
                                        pd_aws_credentials_get_expiration (answer),
                                        self->description);
  pd_aws_credentials_task_return (task, g_steal_pointer (&credentials), NULL);
}

static void
assume_role (GTask      *task,
             const char *token_code)
{
  PdAwsRoleCredentialsProvider *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  pd_aws_sts_assume_role_async (ensure_client (self), self->role_arn, self->role_session_name,
                                self->external_id,
                                token_code != NULL ? self->mfa_serial : NULL, token_code,
                                self->duration_seconds, cancellable, assume_role_cb, task);
}

static gboolean
is_mfa_code (const char *code)
{
  if (code == NULL || strlen (code) != 6)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static void
mfa_answered_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdAwsRoleCredentialsProvider *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *code;

  code = g_task_propagate_pointer (G_TASK (result), &error);
  if (code == NULL)
    {
      if (error == NULL)
        error = g_error_new (PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                             "No MFA code was given for profile “%s”", self->profile);
      g_task_return_error (task, error);
      return;
    }

  g_strstrip (code);
  if (!is_mfa_code (code))
    {
      pd_aws_secure_free (code);
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                               "The MFA code for profile “%s” must be 6 digits", self->profile);
      return;
    }

  assume_role (g_steal_pointer (&task), code);
  pd_aws_secure_free (code);
}

/* Makes the STS call, after asking for an MFA code if the role needs one,
 * for every load waiting on the cache */
static void
role_load (GTask *load)
{
  g_autoptr(GTask) task = load;
  PdAwsRoleCredentialsProvider *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  GTask *prompt;

  if (self->mfa_serial == NULL)
    {
      assume_role (g_steal_pointer (&task), NULL);
      return;
    }

  if (self->mfa_func == NULL)
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                               "Profile “%s” needs an MFA code from %s to assume role %s, and "
                               "nothing was set up to ask for one", self->profile,
                               self->mfa_serial, self->role_arn);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  prompt = g_task_new (NULL, cancellable, mfa_answered_cb, g_steal_pointer (&task));
  self->mfa_func (self->profile, self->mfa_serial, prompt, self->mfa_data);
}

static void
role_provider_load_async (PdAwsCredentialsProvider *provider,
                          gboolean                  force_refresh,
                          GCancellable             *cancellable,
                          GAsyncReadyCallback       callback,
                          gpointer                  user_data)
{
  PdAwsRoleCredentialsProvider *self = PD_AWS_ROLE_CREDENTIALS_PROVIDER (provider);

  pd_aws_credentials_cache_load_async (self->cache, self, role_provider_load_async,
                                       force_refresh, cancellable, callback, user_data);
}

static void
provider_iface_init (PdAwsCredentialsProviderInterface *iface)
{
  iface->load_async = role_provider_load_async;
  iface->load_finish = pd_aws_credentials_task_finish;
}

static void
pd_aws_role_credentials_provider_dispose (GObject *object)
{
  PdAwsRoleCredentialsProvider *self = (PdAwsRoleCredentialsProvider *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (pd_aws_role_credentials_provider_parent_class)->dispose (object);
}

static void
pd_aws_role_credentials_provider_finalize (GObject *object)
{
  PdAwsRoleCredentialsProvider *self = (PdAwsRoleCredentialsProvider *)object;

  g_clear_object (&self->config);
  g_clear_pointer (&self->cache, pd_aws_credentials_cache_free);
  g_clear_pointer (&self->profile, g_free);
  g_clear_pointer (&self->role_arn, g_free);
  g_clear_pointer (&self->role_session_name, g_free);
  g_clear_pointer (&self->external_id, g_free);
  g_clear_pointer (&self->mfa_serial, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (pd_aws_role_credentials_provider_parent_class)->finalize (object);
}

static void
pd_aws_role_credentials_provider_class_init (PdAwsRoleCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_aws_role_credentials_provider_dispose;
  object_class->finalize = pd_aws_role_credentials_provider_finalize;
}

static void
pd_aws_role_credentials_provider_init (PdAwsRoleCredentialsProvider *self)
{
  self->cache = pd_aws_credentials_cache_new (role_load);
}

PdAwsCredentialsProvider *
pd_aws_role_credentials_provider_new (PdAwsConfig              *config,
                                      const char               *profile,
                                      PdAwsCredentialsProvider *source,
                                      const char               *role_arn,
                                      const char               *role_session_name,
                                      const char               *external_id,
                                      const char               *mfa_serial,
                                      int                       duration_seconds,
                                      PdAwsMfaPromptFunc        mfa_func,
                                      gpointer                  mfa_data)
{
  PdAwsRoleCredentialsProvider *self;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (config), NULL);
  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (PD_AWS_IS_CREDENTIALS_PROVIDER (source), NULL);
  g_return_val_if_fail (role_arn != NULL, NULL);

  self = g_object_new (PD_AWS_TYPE_ROLE_CREDENTIALS_PROVIDER, NULL);
  self->config = g_object_ref (config);
  self->profile = g_strdup (profile);
  self->source = g_object_ref (source);
  self->role_arn = g_strdup (role_arn);
  /* botocore names sessions after itself and the time; so do we. */
  self->role_session_name = role_session_name != NULL
                            ? g_strdup (role_session_name)
                            : g_strdup_printf ("pipedeck-%" G_GINT64_FORMAT,
                                               g_get_real_time () / G_USEC_PER_SEC);
  self->external_id = g_strdup (external_id);
  self->mfa_serial = g_strdup (mfa_serial);
  self->duration_seconds = duration_seconds;
  self->mfa_func = mfa_func;
  self->mfa_data = mfa_data;
  self->description = g_strdup_printf ("profile %s (assume role %s)", profile, role_arn);

  return PD_AWS_CREDENTIALS_PROVIDER (self);
}
