/* pd-aws-config.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-config.h"
#include "pd-aws-credentials.h"
#include "pd-aws-error.h"

struct _PdAwsConfig
{
  GObject     parent_instance;

  /* Owned references */
  GHashTable *env;            /* AWS_* and HOME: name → value (values wiped) */
  char       *config_file;
  char       *credentials_file;
  char       *profile_name;
  PdAwsIni   *config;
  PdAwsIni   *credentials;
  /* profile name → section name in the config file, later sections first */
  GHashTable *config_sections;
  GPtrArray  *profile_names;
};

G_DEFINE_FINAL_TYPE (PdAwsConfig, pd_aws_config, G_TYPE_OBJECT)

static const char *
home_dir (PdAwsConfig *self)
{
  const char *home = g_hash_table_lookup (self->env, "HOME");

  return home != NULL && home[0] != '\0' ? home : g_get_home_dir ();
}

static char *
expand_home (PdAwsConfig *self,
             const char  *path)
{
  if (g_str_equal (path, "~"))
    return g_strdup (home_dir (self));
  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (home_dir (self), path + 2, NULL);

  return g_strdup (path);
}

static PdAwsIni *
load_ini (const char  *path,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  PdAwsIni *ini;

  ini = pd_aws_ini_new_from_file (path, &local_error);
  if (ini != NULL)
    return ini;

  /* A missing file is an empty one, as for the SDKs. */
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return pd_aws_ini_new_from_data ("", 0, path, error);

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* "profile dev" → "dev"; NULL for any other kind of section or a malformed
 * name (botocore ignores those). */
static char *
section_name_after (const char *section,
                    const char *kind)
{
  gsize len = strlen (kind);
  g_autofree char *rest = NULL;

  if (strncmp (section, kind, len) != 0)
    return NULL;
  if (section[len] != ' ' && section[len] != '\t')
    return NULL;

  rest = g_strstrip (g_strdup (section + len));
  if (rest[0] == '\0' || strpbrk (rest, " \t") != NULL)
    return NULL;

  return g_steal_pointer (&rest);
}

static void
add_profile_name (PdAwsConfig *self,
                  const char  *name)
{
  for (guint i = 0; i < self->profile_names->len; i++)
    if (g_str_equal (g_ptr_array_index (self->profile_names, i), name))
      return;

  g_ptr_array_add (self->profile_names, g_strdup (name));
}

static void
index_profiles (PdAwsConfig *self)
{
  g_auto(GStrv) config_sections = pd_aws_ini_dup_sections (self->config);
  g_auto(GStrv) cred_sections = pd_aws_ini_dup_sections (self->credentials);

  for (guint i = 0; config_sections[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      GPtrArray *list;

      if (g_str_equal (config_sections[i], "default"))
        name = g_strdup ("default");
      else
        name = section_name_after (config_sections[i], "profile");

      if (name == NULL)
        continue;

      list = g_hash_table_lookup (self->config_sections, name);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (self->config_sections, g_strdup (name), list);
        }
      /* `[profile default]` beats `[default]`, whatever their order. */
      if (g_str_equal (config_sections[i], "default"))
        g_ptr_array_add (list, g_strdup (config_sections[i]));
      else
        g_ptr_array_insert (list, 0, g_strdup (config_sections[i]));

      add_profile_name (self, name);
    }

  for (guint i = 0; cred_sections[i] != NULL; i++)
    add_profile_name (self, cred_sections[i]);
}

static void
pd_aws_config_finalize (GObject *object)
{
  PdAwsConfig *self = (PdAwsConfig *)object;

  g_clear_pointer (&self->env, g_hash_table_unref);
  g_clear_pointer (&self->config_file, g_free);
  g_clear_pointer (&self->credentials_file, g_free);
  g_clear_pointer (&self->profile_name, g_free);
  g_clear_pointer (&self->config, pd_aws_ini_unref);
  g_clear_pointer (&self->credentials, pd_aws_ini_unref);
  g_clear_pointer (&self->config_sections, g_hash_table_unref);
  g_clear_pointer (&self->profile_names, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_aws_config_parent_class)->finalize (object);
}

static void
pd_aws_config_class_init (PdAwsConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_aws_config_finalize;
}

static void
pd_aws_config_init (PdAwsConfig *self)
{
  self->env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) pd_aws_secure_free);
  self->config_sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_ptr_array_unref);
  self->profile_names = g_ptr_array_new_with_free_func (g_free);
}

/**
 * pd_aws_config_new_from_environ:
 * @envp: (nullable) (array zero-terminated=1): an environment as
 *   g_get_environ() returns it, or %NULL for the process's own
 * @error: a location for a #GError
 *
 * Reads the configuration: `AWS_CONFIG_FILE` (default `~/.aws/config`) and
 * `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`), with `~`
 * expanded from `HOME`; the profile from `AWS_DEFAULT_PROFILE`, then
 * `AWS_PROFILE` (botocore's order), then `default`. Empty variables count as
 * unset. Missing files are empty; a malformed one is a %PD_AWS_ERROR_CONFIG
 * error naming the file and line.
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set
 */
PdAwsConfig *
pd_aws_config_new_from_environ (const char * const  *envp,
                                GError             **error)
{
  g_autoptr(PdAwsConfig) self = NULL;
  g_autoptr(GPtrArray) own_environ = NULL;
  const char *path;
  const char *profile;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (envp == NULL)
    {
      /* A copy of the environment holds its secret keys: wipe it after use. */
      char **copy = g_get_environ ();

      own_environ = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_secure_free);
      for (guint i = 0; copy[i] != NULL; i++)
        g_ptr_array_add (own_environ, copy[i]);
      g_ptr_array_add (own_environ, NULL);
      g_free (copy);
      envp = (const char * const *) own_environ->pdata;
    }

  self = g_object_new (PD_AWS_TYPE_CONFIG, NULL);

  for (guint i = 0; envp[i] != NULL; i++)
    {
      const char *eq = strchr (envp[i], '=');

      if (eq == NULL || eq[1] == '\0')
        continue;
      if (!g_str_has_prefix (envp[i], "AWS_") && !g_str_has_prefix (envp[i], "HOME="))
        continue;

      g_hash_table_replace (self->env, g_strndup (envp[i], eq - envp[i]), g_strdup (eq + 1));
    }

  path = pd_aws_config_get_env (self, "AWS_CONFIG_FILE");
  self->config_file = path != NULL ? expand_home (self, path)
                                   : g_build_filename (home_dir (self), ".aws", "config", NULL);
  path = pd_aws_config_get_env (self, "AWS_SHARED_CREDENTIALS_FILE");
  self->credentials_file = path != NULL ? expand_home (self, path)
                                        : g_build_filename (home_dir (self), ".aws", "credentials", NULL);

  if (!(self->config = load_ini (self->config_file, error)))
    return NULL;
  if (!(self->credentials = load_ini (self->credentials_file, error)))
    return NULL;

  profile = pd_aws_config_get_env (self, "AWS_DEFAULT_PROFILE");
  if (profile == NULL)
    profile = pd_aws_config_get_env (self, "AWS_PROFILE");
  self->profile_name = g_strdup (profile != NULL ? profile : "default");

  index_profiles (self);

  return g_steal_pointer (&self);
}

/**
 * pd_aws_config_get_env:
 * @self: a configuration
 * @name: an `AWS_*` variable, or `HOME`
 *
 * Returns: (nullable) (transfer none): the variable's value, or %NULL if it
 *   is unset or empty
 */
const char *
pd_aws_config_get_env (PdAwsConfig *self,
                       const char  *name)
{
  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->env, name);
}

/**
 * pd_aws_config_get_config_file:
 * @self: a configuration
 *
 * Returns: (transfer none): the path of the shared config file
 */
const char *
pd_aws_config_get_config_file (PdAwsConfig *self)
{
  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);

  return self->config_file;
}

/**
 * pd_aws_config_get_credentials_file:
 * @self: a configuration
 *
 * Returns: (transfer none): the path of the shared credentials file
 */
const char *
pd_aws_config_get_credentials_file (PdAwsConfig *self)
{
  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);

  return self->credentials_file;
}

/**
 * pd_aws_config_get_profile_name:
 * @self: a configuration
 *
 * Returns: (transfer none): the profile the environment selects
 */
const char *
pd_aws_config_get_profile_name (PdAwsConfig *self)
{
  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);

  return self->profile_name;
}

/**
 * pd_aws_config_dup_profile_names:
 * @self: a configuration
 *
 * Lists the profiles of both files: `[default]` and `[profile NAME]` in the
 * config file, bare `[NAME]` in the credentials file. Other config sections
 * (`[services x]`, `[sso-session x]`, `[x]`) are not profiles.
 *
 * Returns: (transfer full) (array zero-terminated=1): profile names, config
 *   file order first
 */
char **
pd_aws_config_dup_profile_names (PdAwsConfig *self)
{
  GStrvBuilder *builder;
  char **result;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->profile_names->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->profile_names, i));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return result;
}

/**
 * pd_aws_config_has_profile:
 * @self: a configuration
 * @profile: a profile name
 *
 * Returns: %TRUE if either file defines @profile
 */
gboolean
pd_aws_config_has_profile (PdAwsConfig *self,
                           const char  *profile)
{
  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);

  return g_hash_table_contains (self->config_sections, profile) ||
         pd_aws_ini_has_section (self->credentials, profile);
}

static const char *
resolve_profile (PdAwsConfig *self,
                 const char  *profile)
{
  return profile != NULL ? profile : self->profile_name;
}

/**
 * pd_aws_config_get_config_file_value:
 * @self: a configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 * @key: a setting
 *
 * Returns: (nullable) (transfer none): @key of @profile in the config file
 *   only
 */
const char *
pd_aws_config_get_config_file_value (PdAwsConfig *self,
                                     const char  *profile,
                                     const char  *key)
{
  GPtrArray *sections;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  sections = g_hash_table_lookup (self->config_sections, resolve_profile (self, profile));
  for (guint i = 0; sections != NULL && i < sections->len; i++)
    {
      const char *value = pd_aws_ini_get_value (self->config, g_ptr_array_index (sections, i), key);

      if (value != NULL)
        return value;
    }

  return NULL;
}

/**
 * pd_aws_config_get_credentials_value:
 * @self: a configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 * @key: a setting
 *
 * Returns: (nullable) (transfer none): @key of @profile in the credentials
 *   file only
 */
const char *
pd_aws_config_get_credentials_value (PdAwsConfig *self,
                                     const char  *profile,
                                     const char  *key)
{
  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return pd_aws_ini_get_value (self->credentials, resolve_profile (self, profile), key);
}

/**
 * pd_aws_config_get_profile_value:
 * @self: a configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 * @key: a setting, e.g. `region`, `role_arn`, `aws_access_key_id`
 *
 * Looks @key up in @profile. Where both files set it, the credentials file
 * wins, as botocore merges them.
 *
 * Returns: (nullable) (transfer none): the value, or %NULL
 */
const char *
pd_aws_config_get_profile_value (PdAwsConfig *self,
                                 const char  *profile,
                                 const char  *key)
{
  const char *value;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  value = pd_aws_config_get_credentials_value (self, profile, key);
  if (value != NULL)
    return value;

  return pd_aws_config_get_config_file_value (self, profile, key);
}

static const char *
non_empty (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : NULL;
}

/**
 * pd_aws_config_dup_profile_setting:
 * @self: a configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 * @key: a setting of the profile (`endpoint_url`, `sts_regional_endpoints`…),
 *   or `services.<service key>.<name>` for a setting of the service's
 *   sub-section in the profile's `[services NAME]` section
 *
 * Reads one setting of a profile from the files only, the environment aside;
 * this is what a #PdAwsConfigLookupFunc of the transport answers.
 *
 * Returns: (nullable) (transfer full): the value, or %NULL when unset or empty
 */
char *
pd_aws_config_dup_profile_setting (PdAwsConfig *self,
                                   const char  *profile,
                                   const char  *key)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *section = NULL;
  const char *services;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!g_str_has_prefix (key, "services."))
    return g_strdup (non_empty (pd_aws_config_get_profile_value (self, profile, key)));

  parts = g_strsplit (key + strlen ("services."), ".", 2);
  if (g_strv_length (parts) != 2)
    return NULL;

  services = non_empty (pd_aws_config_get_profile_value (self, profile, "services"));
  if (services == NULL)
    return NULL;

  section = g_strconcat ("services ", services, NULL);
  return g_strdup (non_empty (pd_aws_ini_get_subvalue (self->config, section, parts[0],
                                                       parts[1])));
}

/**
 * pd_aws_config_get_region:
 * @self: a configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 *
 * The region in the order the SDKs agree on: `AWS_REGION`, then
 * `AWS_DEFAULT_REGION`, then the profile's `region`.
 *
 * Returns: (nullable) (transfer none): the region, or %NULL if none is set
 */
const char *
pd_aws_config_get_region (PdAwsConfig *self,
                          const char  *profile)
{
  const char *region;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);

  if ((region = pd_aws_config_get_env (self, "AWS_REGION")) != NULL)
    return region;
  if ((region = pd_aws_config_get_env (self, "AWS_DEFAULT_REGION")) != NULL)
    return region;

  return non_empty (pd_aws_config_get_profile_value (self, profile, "region"));
}

static gboolean
is_true (const char *value)
{
  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

/* "CloudWatch Logs", "cloudwatch-logs" or "cloudwatch_logs" → "CLOUDWATCH_LOGS"
 * (upper) or "cloudwatch_logs" (lower). */
static char *
service_key (const char *service_id,
             gboolean    upper)
{
  g_autofree char *stripped = g_strstrip (g_strdup (service_id));
  GString *s = g_string_new (NULL);

  for (const char *p = stripped; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-')
        g_string_append_c (s, '_');
      else
        g_string_append_c (s, upper ? g_ascii_toupper (*p) : g_ascii_tolower (*p));
    }

  return g_string_free (s, FALSE);
}

/**
 * pd_aws_config_dup_endpoint_url:
 * @self: a configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 * @service_id: the service's serviceId (`CloudWatch Logs`, `API Gateway`,
 *   `codepipeline`…); its snake-cased form (`cloudwatch_logs`) works too
 *
 * The endpoint URL configured for a service, in the SDKs' order:
 * `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the `endpoint_url` of the
 * service's sub-section in the profile's `[services NAME]` section, the
 * profile's `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or
 * `ignore_configured_endpoint_urls = true` in the profile) turns them all
 * off. The URL is returned as configured: the transport checks it.
 *
 * Returns: (nullable) (transfer full): the URL, or %NULL for the default
 *   endpoint
 */
char *
pd_aws_config_dup_endpoint_url (PdAwsConfig *self,
                                const char  *profile,
                                const char  *service_id)
{
  g_autofree char *upper = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *env_name = NULL;
  g_autofree char *services_section = NULL;
  const char *ignore;
  const char *services;
  const char *url;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);
  g_return_val_if_fail (service_id != NULL, NULL);

  ignore = pd_aws_config_get_env (self, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (ignore == NULL)
    ignore = pd_aws_config_get_profile_value (self, profile, "ignore_configured_endpoint_urls");
  if (is_true (ignore))
    return NULL;

  upper = service_key (service_id, TRUE);
  lower = service_key (service_id, FALSE);

  env_name = g_strconcat ("AWS_ENDPOINT_URL_", upper, NULL);
  if ((url = pd_aws_config_get_env (self, env_name)) != NULL)
    return g_strdup (url);
  if ((url = pd_aws_config_get_env (self, "AWS_ENDPOINT_URL")) != NULL)
    return g_strdup (url);

  services = non_empty (pd_aws_config_get_profile_value (self, profile, "services"));
  if (services != NULL)
    {
      services_section = g_strconcat ("services ", services, NULL);
      url = non_empty (pd_aws_ini_get_subvalue (self->config, services_section, lower,
                                                "endpoint_url"));
      if (url != NULL)
        return g_strdup (url);
    }

  url = non_empty (pd_aws_config_get_profile_value (self, profile, "endpoint_url"));
  return g_strdup (url);
}

static const char *
env_or_profile (PdAwsConfig  *self,
                const char   *profile,
                const char   *env_name,
                const char   *key,
                const char  **where)
{
  const char *value;

  if ((value = pd_aws_config_get_env (self, env_name)) != NULL)
    {
      *where = env_name;
      return value;
    }

  *where = key;
  return non_empty (pd_aws_config_get_profile_value (self, profile, key));
}

/**
 * pd_aws_config_get_max_attempts:
 * @self: a configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 * @error: a location for a #GError
 *
 * `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`.
 *
 * Returns: the number of attempts, 0 if unset, or -1 with @error set when
 *   the value is not a positive whole number
 */
int
pd_aws_config_get_max_attempts (PdAwsConfig  *self,
                                const char   *profile,
                                GError      **error)
{
  const char *where = NULL;
  const char *value;
  guint64 n = 0;

  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), -1);

  value = env_or_profile (self, profile, "AWS_MAX_ATTEMPTS", "max_attempts", &where);
  if (value == NULL)
    return 0;

  if (!g_ascii_string_to_unsigned (value, 10, 1, 1000, &n, NULL))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                   "%s must be a whole number from 1 to 1000", where);
      return -1;
    }

  return (int) n;
}

static const char *
checked_choice (PdAwsConfig         *self,
                const char          *profile,
                const char          *env_name,
                const char          *key,
                const char * const  *choices,
                GError             **error)
{
  const char *where = NULL;
  const char *value = env_or_profile (self, profile, env_name, key, &where);

  if (value == NULL)
    return NULL;

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_ascii_strcasecmp (value, choices[i]) == 0)
      return choices[i];

  {
    g_autofree char *list = g_strjoinv (", ", (char **) choices);

    g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                 "%s must be one of %s", where, list);
  }
  return NULL;
}

/**
 * pd_aws_config_get_retry_mode:
 * @self: a configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 * @error: a location for a #GError
 *
 * `AWS_RETRY_MODE`, else the profile's `retry_mode`.
 *
 * Returns: (nullable) (transfer none): `standard`, `legacy` or `adaptive`;
 *   %NULL if unset (@error unset) or invalid (@error set)
 */
const char *
pd_aws_config_get_retry_mode (PdAwsConfig  *self,
                              const char   *profile,
                              GError      **error)
{
  static const char * const modes[] = { "standard", "legacy", "adaptive", NULL };

  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);

  return checked_choice (self, profile, "AWS_RETRY_MODE", "retry_mode", modes, error);
}

/**
 * pd_aws_config_get_sts_regional_endpoints:
 * @self: a configuration
 * @profile: (nullable): a profile name, or %NULL for the selected one
 * @error: a location for a #GError
 *
 * `AWS_STS_REGIONAL_ENDPOINTS`, else the profile's `sts_regional_endpoints`.
 *
 * Returns: (nullable) (transfer none): `legacy` or `regional`; %NULL if
 *   unset (@error unset) or invalid (@error set)
 */
const char *
pd_aws_config_get_sts_regional_endpoints (PdAwsConfig  *self,
                                          const char   *profile,
                                          GError      **error)
{
  static const char * const modes[] = { "legacy", "regional", NULL };

  g_return_val_if_fail (PD_AWS_IS_CONFIG (self), NULL);

  return checked_choice (self, profile, "AWS_STS_REGIONAL_ENDPOINTS", "sts_regional_endpoints",
                         modes, error);
}
