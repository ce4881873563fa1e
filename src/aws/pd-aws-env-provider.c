/* pd-aws-env-provider.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-credentials-private.h"
#include "pd-aws-env-provider.h"
#include "pd-aws-error.h"

struct _PdAwsEnvCredentialsProvider
{
  GObject      parent_instance;

  /* Owned references */
  PdAwsConfig *config;
};

static void provider_iface_init (PdAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAwsEnvCredentialsProvider, pd_aws_env_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_AWS_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static PdAwsCredentials *
load_from_config (PdAwsConfig  *config,
                  GError      **error)
{
  g_autoptr(GDateTime) expiration = NULL;
  const char *access_key_id = pd_aws_config_get_env (config, "AWS_ACCESS_KEY_ID");
  const char *secret = pd_aws_config_get_env (config, "AWS_SECRET_ACCESS_KEY");
  const char *token = pd_aws_config_get_env (config, "AWS_SESSION_TOKEN");
  const char *expires = pd_aws_config_get_env (config, "AWS_CREDENTIAL_EXPIRATION");

  if (access_key_id == NULL && secret == NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
      return NULL;
    }
  if (access_key_id == NULL || secret == NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "%s is set but %s is not: both are needed",
                   access_key_id != NULL ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                   access_key_id != NULL ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
      return NULL;
    }

  if (token == NULL)
    token = pd_aws_config_get_env (config, "AWS_SECURITY_TOKEN");

  if (expires != NULL)
    {
      expiration = g_date_time_new_from_iso8601 (expires, NULL);
      if (expiration == NULL)
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                       "AWS_CREDENTIAL_EXPIRATION is not an ISO-8601 time with a time zone");
          return NULL;
        }
    }

  return pd_aws_credentials_new (access_key_id, secret, token, expiration, "environment");
}

static void
env_provider_load_async (PdAwsCredentialsProvider *provider,
                         gboolean                  force_refresh,
                         GCancellable             *cancellable,
                         GAsyncReadyCallback       callback,
                         gpointer                  user_data)
{
  PdAwsEnvCredentialsProvider *self = PD_AWS_ENV_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  PdAwsCredentials *credentials;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, env_provider_load_async);

  credentials = load_from_config (self->config, &error);
  pd_aws_credentials_task_return (task, credentials, error);
}

static void
provider_iface_init (PdAwsCredentialsProviderInterface *iface)
{
  iface->load_async = env_provider_load_async;
  iface->load_finish = pd_aws_credentials_task_finish;
}

static void
pd_aws_env_credentials_provider_finalize (GObject *object)
{
  PdAwsEnvCredentialsProvider *self = (PdAwsEnvCredentialsProvider *)object;

  g_clear_object (&self->config);

  G_OBJECT_CLASS (pd_aws_env_credentials_provider_parent_class)->finalize (object);
}

static void
pd_aws_env_credentials_provider_class_init (PdAwsEnvCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_aws_env_credentials_provider_finalize;
}

static void
pd_aws_env_credentials_provider_init (PdAwsEnvCredentialsProvider *self)
{
}

/**
 * pd_aws_env_credentials_provider_new:
 * @config: the configuration whose environment to read
 *
 * Returns: (transfer full): a provider of the environment's credentials
 */
PdAwsCredentialsProvider *
pd_aws_env_credentials_provider_new (PdAwsConfig *config)
{
  PdAwsEnvCredentialsProvider *self;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (config), NULL);

  self = g_object_new (PD_AWS_TYPE_ENV_CREDENTIALS_PROVIDER, NULL);
  self->config = g_object_ref (config);

  return PD_AWS_CREDENTIALS_PROVIDER (self);
}

/**
 * pd_aws_env_credentials_provider_is_present:
 * @config: a configuration
 *
 * Whether the environment sets either key variable: then the environment is
 * the source, and a missing half is an error rather than a reason to look
 * further.
 *
 * Returns: %TRUE if `AWS_ACCESS_KEY_ID` or `AWS_SECRET_ACCESS_KEY` is set
 */
gboolean
pd_aws_env_credentials_provider_is_present (PdAwsConfig *config)
{
  g_return_val_if_fail (PD_AWS_IS_CONFIG (config), FALSE);

  return pd_aws_config_get_env (config, "AWS_ACCESS_KEY_ID") != NULL ||
         pd_aws_config_get_env (config, "AWS_SECRET_ACCESS_KEY") != NULL;
}
