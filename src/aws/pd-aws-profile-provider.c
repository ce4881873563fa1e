/* pd-aws-profile-provider.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-credentials-private.h"
#include "pd-aws-env-provider.h"
#include "pd-aws-error.h"
#include "pd-aws-process-provider.h"
#include "pd-aws-profile-provider.h"
#include "pd-aws-role-provider-private.h"

struct _PdAwsProfileCredentialsProvider
{
  GObject                   parent_instance;

  /* Owned references */
  PdAwsConfig              *config;
  char                     *profile;
  PdAwsCredentialsProvider *inner;

  PdAwsMfaPromptFunc        mfa_func;
  gpointer                  mfa_data;
  GDestroyNotify            mfa_destroy;
};

typedef enum
{
  STATIC_NONE,
  STATIC_FOUND,
  STATIC_PARTIAL,
} StaticKeys;

static void provider_iface_init (PdAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAwsProfileCredentialsProvider,
                               pd_aws_profile_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_AWS_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static const char *
non_empty (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* Looks at the static keys of @profile in one file. */
static StaticKeys
static_keys_in (PdAwsConfig  *config,
                const char   *profile,
                gboolean      credentials_file,
                const char  **access_key_id,
                const char  **secret,
                const char  **token)
{
  const char *(*get) (PdAwsConfig *, const char *, const char *) =
    credentials_file ? pd_aws_config_get_credentials_value : pd_aws_config_get_config_file_value;

  *access_key_id = non_empty (get (config, profile, "aws_access_key_id"));
  *secret = non_empty (get (config, profile, "aws_secret_access_key"));
  *token = non_empty (get (config, profile, "aws_session_token"));
  if (*token == NULL)
    *token = non_empty (get (config, profile, "aws_security_token"));

  if (*access_key_id != NULL && *secret != NULL)
    return STATIC_FOUND;
  if (*access_key_id != NULL || *secret != NULL)
    return STATIC_PARTIAL;
  return STATIC_NONE;
}

static PdAwsCredentialsProvider *
static_provider_for (PdAwsConfig  *config,
                     const char   *profile,
                     gboolean      credentials_file,
                     GError      **error)
{
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autofree char *source = NULL;
  const char *access_key_id;
  const char *secret;
  const char *token;
  const char *file = credentials_file ? pd_aws_config_get_credentials_file (config)
                                      : pd_aws_config_get_config_file (config);

  switch (static_keys_in (config, profile, credentials_file, &access_key_id, &secret, &token))
    {
    case STATIC_FOUND:
      source = g_strdup_printf ("profile %s (%s file)", profile,
                                credentials_file ? "credentials" : "config");
      credentials = pd_aws_credentials_new (access_key_id, secret, token, NULL, source);
      return pd_aws_static_credentials_provider_new (credentials);

    case STATIC_PARTIAL:
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "Profile “%s” in %s has %s but no %s", profile, file,
                   access_key_id != NULL ? "aws_access_key_id" : "aws_secret_access_key",
                   access_key_id != NULL ? "aws_secret_access_key" : "aws_access_key_id");
      return NULL;

    case STATIC_NONE:
    default:
      return NULL;
    }
}

static char *
describe_chain (GPtrArray  *visited,
                const char *last)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < visited->len; i++)
    g_string_append_printf (s, "%s → ", (const char *) g_ptr_array_index (visited, i));
  g_string_append (s, last);

  return g_string_free (s, FALSE);
}

static PdAwsCredentialsProvider *resolve (PdAwsProfileCredentialsProvider  *self,
                                          const char                       *profile,
                                          GPtrArray                        *visited,
                                          GError                          **error);

static gboolean
parse_duration (const char  *profile,
                const char  *text,
                int         *duration,
                GError     **error)
{
  guint64 value = 0;

  *duration = 0;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 900, 43200, &value, NULL))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                   "duration_seconds of profile “%s” must be a whole number of seconds "
                   "from 900 to 43200", profile);
      return FALSE;
    }

  *duration = (int) value;
  return TRUE;
}

static const char *
setting (PdAwsProfileCredentialsProvider *self,
         const char                      *profile,
         const char                      *key)
{
  return non_empty (pd_aws_config_get_profile_value (self->config, profile, key));
}

static PdAwsCredentialsProvider *
resolve_role (PdAwsProfileCredentialsProvider  *self,
              const char                       *profile,
              const char                       *role_arn,
              GPtrArray                        *visited,
              GError                          **error)
{
  g_autoptr(PdAwsCredentialsProvider) source = NULL;
  const char *source_profile = setting (self, profile, "source_profile");
  const char *credential_source = setting (self, profile, "credential_source");
  int duration = 0;

  if (source_profile != NULL && credential_source != NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                   "Profile “%s” sets both source_profile and credential_source: "
                   "only one may be set", profile);
      return NULL;
    }

  if (!parse_duration (profile, setting (self, profile, "duration_seconds"), &duration, error))
    return NULL;

  if (credential_source != NULL)
    {
      if (g_ascii_strcasecmp (credential_source, "Environment") != 0)
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                       "Profile “%s”: credential_source “%s” is not supported "
                       "(only Environment is)", profile, credential_source);
          return NULL;
        }
      source = pd_aws_env_credentials_provider_new (self->config);
    }
  else if (source_profile == NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                   "Profile “%s” has role_arn but neither source_profile nor "
                   "credential_source", profile);
      return NULL;
    }
  else if (g_str_equal (source_profile, profile))
    {
      /* A role profile may name itself to use its own static keys. */
      source = static_provider_for (self->config, profile, TRUE, error);
      if (source == NULL && (error == NULL || *error == NULL))
        source = static_provider_for (self->config, profile, FALSE, error);
      if (source == NULL)
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                         "Profile “%s” is its own source_profile but has no static keys",
                         profile);
          return NULL;
        }
    }
  else
    {
      for (guint i = 0; i < visited->len; i++)
        {
          if (g_str_equal (g_ptr_array_index (visited, i), source_profile))
            {
              g_autofree char *chain = describe_chain (visited, source_profile);

              g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                           "The source_profile chain loops: %s", chain);
              return NULL;
            }
        }

      if (!pd_aws_config_has_profile (self->config, source_profile))
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                       "Profile “%s” names source_profile “%s”, which does not exist",
                       profile, source_profile);
          return NULL;
        }

      g_ptr_array_add (visited, (gpointer) source_profile);
      source = resolve (self, source_profile, visited, error);
      g_ptr_array_remove_index (visited, visited->len - 1);
      if (source == NULL)
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                         "Profile “%s” names source_profile “%s”, which has no credentials",
                         profile, source_profile);
          return NULL;
        }
    }

  return pd_aws_role_credentials_provider_new (self->config, profile, source, role_arn,
                                               setting (self, profile, "role_session_name"),
                                               setting (self, profile, "external_id"),
                                               setting (self, profile, "mfa_serial"),
                                               duration, self->mfa_func, self->mfa_data);
}

/* Picks the provider for @profile; NULL with no error when the profile has
 * no credentials at all. */
static PdAwsCredentialsProvider *
resolve (PdAwsProfileCredentialsProvider  *self,
         const char                       *profile,
         GPtrArray                        *visited,
         GError                          **error)
{
  PdAwsCredentialsProvider *provider;
  GError *local_error = NULL;
  const char *role_arn;
  const char *process;

  role_arn = non_empty (pd_aws_config_get_profile_value (self->config, profile, "role_arn"));
  if (role_arn != NULL)
    return resolve_role (self, profile, role_arn, visited, error);

  provider = static_provider_for (self->config, profile, TRUE, &local_error);
  if (provider != NULL || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return provider;
    }

  process = non_empty (pd_aws_config_get_profile_value (self->config, profile,
                                                        "credential_process"));
  if (process != NULL)
    return pd_aws_process_credentials_provider_new (process, profile);

  return static_provider_for (self->config, profile, FALSE, error);
}

static void
profile_provider_load_async (PdAwsCredentialsProvider *provider,
                             gboolean                  force_refresh,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  PdAwsProfileCredentialsProvider *self = PD_AWS_PROFILE_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, profile_provider_load_async);

  if (self->inner == NULL)
    {
      g_autoptr(GPtrArray) visited = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;

      if (!pd_aws_config_has_profile (self->config, self->profile))
        {
          g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                                   "Profile “%s” is in neither %s nor %s", self->profile,
                                   pd_aws_config_get_config_file (self->config),
                                   pd_aws_config_get_credentials_file (self->config));
          return;
        }

      g_ptr_array_add (visited, self->profile);
      self->inner = resolve (self, self->profile, visited, &error);
      if (self->inner == NULL)
        {
          if (error == NULL)
            g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                                     "Profile “%s” has no credentials (no static keys, "
                                     "role_arn or credential_process)", self->profile);
          else
            g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  pd_aws_credentials_provider_load_async (self->inner, force_refresh, cancellable,
                                          pd_aws_credentials_forward_cb, g_steal_pointer (&task));
}

static void
provider_iface_init (PdAwsCredentialsProviderInterface *iface)
{
  iface->load_async = profile_provider_load_async;
  iface->load_finish = pd_aws_credentials_task_finish;
}

static void
pd_aws_profile_credentials_provider_dispose (GObject *object)
{
  PdAwsProfileCredentialsProvider *self = (PdAwsProfileCredentialsProvider *)object;

  g_clear_object (&self->inner);
  if (self->mfa_destroy != NULL)
    self->mfa_destroy (self->mfa_data);
  self->mfa_destroy = NULL;
  self->mfa_data = NULL;
  self->mfa_func = NULL;

  G_OBJECT_CLASS (pd_aws_profile_credentials_provider_parent_class)->dispose (object);
}

static void
pd_aws_profile_credentials_provider_finalize (GObject *object)
{
  PdAwsProfileCredentialsProvider *self = (PdAwsProfileCredentialsProvider *)object;

  g_clear_object (&self->config);
  g_clear_pointer (&self->profile, g_free);

  G_OBJECT_CLASS (pd_aws_profile_credentials_provider_parent_class)->finalize (object);
}

static void
pd_aws_profile_credentials_provider_class_init (PdAwsProfileCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_aws_profile_credentials_provider_dispose;
  object_class->finalize = pd_aws_profile_credentials_provider_finalize;
}

static void
pd_aws_profile_credentials_provider_init (PdAwsProfileCredentialsProvider *self)
{
}

/**
 * pd_aws_profile_credentials_provider_new:
 * @config: the configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 *
 * The profile is resolved at the first load; later loads reuse the
 * resolved providers and so their cached temporary credentials.
 *
 * Returns: (transfer full): a provider for @profile
 */
PdAwsCredentialsProvider *
pd_aws_profile_credentials_provider_new (PdAwsConfig *config,
                                         const char  *profile)
{
  PdAwsProfileCredentialsProvider *self;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (config), NULL);

  self = g_object_new (PD_AWS_TYPE_PROFILE_CREDENTIALS_PROVIDER, NULL);
  self->config = g_object_ref (config);
  self->profile = g_strdup (profile != NULL ? profile : pd_aws_config_get_profile_name (config));

  return PD_AWS_CREDENTIALS_PROVIDER (self);
}

/**
 * pd_aws_profile_credentials_provider_set_mfa_prompt:
 * @self: a provider
 * @func: (nullable): asks the user for an MFA code
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets how a role with `mfa_serial` gets its code. Without a function, such a
 * role fails with an error saying that an MFA code is needed. Set it before
 * the first load.
 */
void
pd_aws_profile_credentials_provider_set_mfa_prompt (PdAwsProfileCredentialsProvider *self,
                                                    PdAwsMfaPromptFunc               func,
                                                    gpointer                         user_data,
                                                    GDestroyNotify                   destroy)
{
  g_return_if_fail (PD_AWS_IS_PROFILE_CREDENTIALS_PROVIDER (self));

  if (self->mfa_destroy != NULL)
    self->mfa_destroy (self->mfa_data);

  self->mfa_func = func;
  self->mfa_data = user_data;
  self->mfa_destroy = destroy;
  g_clear_object (&self->inner);
}

/**
 * pd_aws_profile_credentials_provider_is_present:
 * @config: a configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 * @reason: a location for a #GError saying why not
 *
 * Whether @profile exists and names a source of credentials (keys, a role,
 * a process). The credential chain uses it to decide whether to look further.
 *
 * Returns: %TRUE if loading @profile is worth trying
 */
gboolean
pd_aws_profile_credentials_provider_is_present (PdAwsConfig  *config,
                                                const char   *profile,
                                                GError      **reason)
{
  static const char * const keys[] = {
    "role_arn", "aws_access_key_id", "aws_secret_access_key", "credential_process", NULL
  };

  g_return_val_if_fail (PD_AWS_IS_CONFIG (config), FALSE);

  if (profile == NULL)
    profile = pd_aws_config_get_profile_name (config);

  if (!pd_aws_config_has_profile (config, profile))
    {
      g_set_error (reason, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "profile “%s” is in neither %s nor %s", profile,
                   pd_aws_config_get_config_file (config),
                   pd_aws_config_get_credentials_file (config));
      return FALSE;
    }

  for (guint i = 0; keys[i] != NULL; i++)
    if (non_empty (pd_aws_config_get_profile_value (config, profile, keys[i])) != NULL)
      return TRUE;

  if (non_empty (pd_aws_config_get_profile_value (config, profile, "sso_session")) != NULL ||
      non_empty (pd_aws_config_get_profile_value (config, profile, "sso_start_url")) != NULL)
    g_set_error (reason, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                 "profile “%s” uses AWS IAM Identity Center (SSO), which Pipedeck does not "
                 "support", profile);
  else if (non_empty (pd_aws_config_get_profile_value (config, profile,
                                                       "web_identity_token_file")) != NULL)
    g_set_error (reason, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                 "profile “%s” uses a web identity token, which Pipedeck does not support",
                 profile);
  else
    g_set_error (reason, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                 "profile “%s” has no credentials (no static keys, role_arn or "
                 "credential_process)", profile);

  return FALSE;
}
