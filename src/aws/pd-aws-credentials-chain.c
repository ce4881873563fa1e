/* pd-aws-credentials-chain.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-credentials-chain.h"
#include "pd-aws-credentials-private.h"
#include "pd-aws-env-provider.h"
#include "pd-aws-error.h"
#include "pd-aws-keyring.h"

struct _PdAwsCredentialsChain
{
  GObject                   parent_instance;

  /* Owned references */
  PdAwsConfig              *config;
  char                     *profile;
  PdAwsCredentialsProvider *keyring;
  PdAwsCredentialsProvider *env;
  PdAwsCredentialsProvider *shared;

  /* Flags */
  guint                     explicit_profile : 1;
};

static void provider_iface_init (PdAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAwsCredentialsChain, pd_aws_credentials_chain, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_AWS_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
chain_load_async (PdAwsCredentialsProvider *provider,
                  gboolean                  force_refresh,
                  GCancellable             *cancellable,
                  GAsyncReadyCallback       callback,
                  gpointer                  user_data)
{
  PdAwsCredentialsChain *self = PD_AWS_CREDENTIALS_CHAIN (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) reason = NULL;
  g_autoptr(GString) tried = g_string_new (NULL);
  PdAwsCredentialsProvider *chosen = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chain_load_async);

  if (self->keyring != NULL)
    chosen = self->keyring;

  if (chosen == NULL)
    {
      if (self->explicit_profile)
        g_string_append_printf (tried, "environment (skipped: profile “%s” was chosen)",
                                self->profile);
      else if (pd_aws_env_credentials_provider_is_present (self->config))
        chosen = self->env;
      else
        g_string_append (tried, "environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                                "are not set)");
    }

  if (chosen == NULL)
    {
      if (pd_aws_profile_credentials_provider_is_present (self->config, self->profile, &reason))
        chosen = self->shared;
      else
        g_string_append_printf (tried, "; shared files (%s)", reason->message);
    }

  if (chosen == NULL)
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                               "No AWS credentials were found. Tried: %s", tried->str);
      return;
    }

  pd_aws_credentials_provider_load_async (chosen, force_refresh, cancellable,
                                          pd_aws_credentials_forward_cb, g_steal_pointer (&task));
}

static void
provider_iface_init (PdAwsCredentialsProviderInterface *iface)
{
  iface->load_async = chain_load_async;
  iface->load_finish = pd_aws_credentials_task_finish;
}

static void
pd_aws_credentials_chain_dispose (GObject *object)
{
  PdAwsCredentialsChain *self = (PdAwsCredentialsChain *)object;

  g_clear_object (&self->keyring);
  g_clear_object (&self->env);
  g_clear_object (&self->shared);

  G_OBJECT_CLASS (pd_aws_credentials_chain_parent_class)->dispose (object);
}

static void
pd_aws_credentials_chain_finalize (GObject *object)
{
  PdAwsCredentialsChain *self = (PdAwsCredentialsChain *)object;

  g_clear_object (&self->config);
  g_clear_pointer (&self->profile, g_free);

  G_OBJECT_CLASS (pd_aws_credentials_chain_parent_class)->finalize (object);
}

static void
pd_aws_credentials_chain_class_init (PdAwsCredentialsChainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_aws_credentials_chain_dispose;
  object_class->finalize = pd_aws_credentials_chain_finalize;
}

static void
pd_aws_credentials_chain_init (PdAwsCredentialsChain *self)
{
}

/**
 * pd_aws_credentials_chain_new:
 * @config: the configuration
 * @keyring_account: (nullable): the keyring account the app selected, which
 *   then answers alone
 * @profile: (nullable): a profile the program chose, which skips the
 *   environment as botocore does; %NULL for the profile the environment
 *   selects (`AWS_PROFILE`), environment first
 *
 * Returns: (transfer full): the chain, a #PdAwsCredentialsProvider
 */
PdAwsCredentialsProvider *
pd_aws_credentials_chain_new (PdAwsConfig *config,
                              const char  *keyring_account,
                              const char  *profile)
{
  PdAwsCredentialsChain *self;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (config), NULL);

  self = g_object_new (PD_AWS_TYPE_CREDENTIALS_CHAIN, NULL);
  self->config = g_object_ref (config);
  self->explicit_profile = profile != NULL;
  self->profile = g_strdup (profile != NULL ? profile : pd_aws_config_get_profile_name (config));
  if (keyring_account != NULL)
    self->keyring = pd_aws_keyring_credentials_provider_new (keyring_account);
  self->env = pd_aws_env_credentials_provider_new (config);
  self->shared = pd_aws_profile_credentials_provider_new (config, self->profile);

  return PD_AWS_CREDENTIALS_PROVIDER (self);
}

/**
 * pd_aws_credentials_chain_set_mfa_prompt:
 * @self: a chain
 * @func: (nullable): asks the user for an MFA code
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets how roles with `mfa_serial` get their code; see
 * pd_aws_profile_credentials_provider_set_mfa_prompt().
 */
void
pd_aws_credentials_chain_set_mfa_prompt (PdAwsCredentialsChain *self,
                                         PdAwsMfaPromptFunc     func,
                                         gpointer               user_data,
                                         GDestroyNotify         destroy)
{
  g_return_if_fail (PD_AWS_IS_CREDENTIALS_CHAIN (self));

  pd_aws_profile_credentials_provider_set_mfa_prompt (PD_AWS_PROFILE_CREDENTIALS_PROVIDER (self->shared),
                                                      func, user_data, destroy);
}

/**
 * pd_aws_credentials_chain_get_profile:
 * @self: a chain
 *
 * Returns: (transfer none): the profile the chain reads
 */
const char *
pd_aws_credentials_chain_get_profile (PdAwsCredentialsChain *self)
{
  g_return_val_if_fail (PD_AWS_IS_CREDENTIALS_CHAIN (self), NULL);

  return self->profile;
}
