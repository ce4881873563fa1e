/* test-config.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-aws-config.h"
#include "pd-aws-error.h"

typedef struct
{
  char  *dir;
  char  *config_path;
  char  *credentials_path;
  char **env;
} Fixture;

static const char config_text[] =
  "[default]\n"
  "region = eu-west-1\n"
  "aws_access_key_id = AKIDCONFIGDEFAULT\n"
  "[profile dev]\n"
  "region = us-east-2\n"
  "role_arn = arn:aws:iam::123456789012:role/Deploy\n"
  "source_profile = default ; the base keys\n"
  "mfa_serial = arn:aws:iam::123456789012:mfa/me\n"
  "external_id = ext-1\n"
  "role_session_name = pd-session\n"
  "duration_seconds = 1800\n"
  "endpoint_url = http://127.0.0.1:4566\n"
  "services = local\n"
  "max_attempts = 5\n"
  "retry_mode = adaptive\n"
  "[profile proc]\n"
  "credential_process = /usr/bin/get-creds --flag \"with space\"\n"
  "[profile both]\n"
  "region = ap-south-1\n"
  "aws_access_key_id = AKIDFROMCONFIG\n"
  "[profile bad-values]\n"
  "max_attempts = lots\n"
  "retry_mode = whenever\n"
  "sts_regional_endpoints = sometimes\n"
  "[profile ignoring]\n"
  "endpoint_url = http://127.0.0.1:1\n"
  "ignore_configured_endpoint_urls = true\n"
  "[services local]\n"
  "cloudwatch_logs =\n"
  "  endpoint_url = http://127.0.0.1:4510\n"
  "api_gateway =\n"
  "  endpoint_url = http://127.0.0.1:4511\n"
  "[sso-session corp]\n"
  "sso_region = us-east-1\n"
  "[not-a-profile]\n"
  "x = 1\n"
  "[profile too many words]\n"
  "x = 1\n";

static const char credentials_text[] =
  "[default]\n"
  "aws_access_key_id = AKIDCREDDEFAULT\n"
  "aws_secret_access_key = secret-default\n"
  "[both]\n"
  "aws_access_key_id = AKIDFROMCREDENTIALS\n"
  "aws_secret_access_key = secret-both\n"
  "[credonly]\n"
  "aws_access_key_id = AKIDCREDONLY\n"
  "aws_secret_access_key = secret-credonly\n"
  "[profile odd]\n"
  "aws_access_key_id = AKIDODD\n";

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("pd-config-XXXXXX", NULL);
  fixture->config_path = g_build_filename (fixture->dir, "config", NULL);
  fixture->credentials_path = g_build_filename (fixture->dir, "credentials", NULL);
  g_assert_true (g_file_set_contents (fixture->config_path, config_text, -1, NULL));
  g_assert_true (g_file_set_contents (fixture->credentials_path, credentials_text, -1, NULL));

  fixture->env = g_environ_setenv (NULL, "AWS_CONFIG_FILE", fixture->config_path, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SHARED_CREDENTIALS_FILE",
                                   fixture->credentials_path, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "HOME", fixture->dir, TRUE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *aws_dir = g_build_filename (fixture->dir, ".aws", NULL);
  g_autofree char *aws_config = g_build_filename (aws_dir, "config", NULL);
  g_autofree char *tilde = g_build_filename (fixture->dir, "tilde-config", NULL);

  g_unlink (aws_config);
  g_rmdir (aws_dir);
  g_unlink (tilde);
  g_unlink (fixture->config_path);
  g_unlink (fixture->credentials_path);
  g_rmdir (fixture->dir);
  g_free (fixture->config_path);
  g_free (fixture->credentials_path);
  g_free (fixture->dir);
  g_strfreev (fixture->env);
}

static PdAwsConfig *
load (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  PdAwsConfig *config;

  config = pd_aws_config_new_from_environ ((const char * const *) fixture->env, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);

  return config;
}

static void
setenv_in (Fixture    *fixture,
           const char *name,
           const char *value)
{
  fixture->env = g_environ_setenv (fixture->env, name, value, TRUE);
}

static void
test_config_profiles (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = load (fixture);
  g_auto(GStrv) names = pd_aws_config_dup_profile_names (config);
  const char * const expected[] = {
    "default", "dev", "proc", "both", "bad-values", "ignoring", "credonly", "profile odd", NULL
  };

  g_assert_cmpstrv (names, expected);
  g_assert_cmpstr (pd_aws_config_get_config_file (config), ==, fixture->config_path);
  g_assert_cmpstr (pd_aws_config_get_credentials_file (config), ==, fixture->credentials_path);
  g_assert_true (pd_aws_config_has_profile (config, "dev"));
  g_assert_true (pd_aws_config_has_profile (config, "credonly"));
  g_assert_false (pd_aws_config_has_profile (config, "corp"));
  g_assert_false (pd_aws_config_has_profile (config, "not-a-profile"));
  g_assert_false (pd_aws_config_has_profile (config, "local"));
  g_assert_cmpstr (pd_aws_config_get_profile_name (config), ==, "default");
}

static void
test_config_values (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = load (fixture);

  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "dev", "role_arn"), ==,
                   "arn:aws:iam::123456789012:role/Deploy");
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "dev", "source_profile"), ==,
                   "default");
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "dev", "mfa_serial"), ==,
                   "arn:aws:iam::123456789012:mfa/me");
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "dev", "external_id"), ==, "ext-1");
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "dev", "role_session_name"), ==,
                   "pd-session");
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "dev", "duration_seconds"), ==,
                   "1800");
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "proc", "credential_process"), ==,
                   "/usr/bin/get-creds --flag \"with space\"");

  /* The credentials file wins where both set a key. */
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "both", "aws_access_key_id"), ==,
                   "AKIDFROMCREDENTIALS");
  g_assert_cmpstr (pd_aws_config_get_config_file_value (config, "both", "aws_access_key_id"), ==,
                   "AKIDFROMCONFIG");
  g_assert_cmpstr (pd_aws_config_get_credentials_value (config, "both", "aws_access_key_id"), ==,
                   "AKIDFROMCREDENTIALS");
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "default", "aws_access_key_id"), ==,
                   "AKIDCREDDEFAULT");
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "both", "region"), ==, "ap-south-1");

  /* Bare names belong to the credentials file, `profile x` to the config. */
  g_assert_null (pd_aws_config_get_config_file_value (config, "credonly", "aws_access_key_id"));
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "profile odd", "aws_access_key_id"),
                   ==, "AKIDODD");
  g_assert_null (pd_aws_config_get_profile_value (config, "odd", "aws_access_key_id"));
  g_assert_null (pd_aws_config_get_profile_value (config, "nosuch", "region"));

  /* NULL is the selected profile. */
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, NULL, "region"), ==, "eu-west-1");
}

static void
test_config_profile_default_section (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;

  g_assert_true (g_file_set_contents (fixture->config_path,
                                      "[profile default]\nregion = from-profile-default\n"
                                      "[default]\nregion = from-default\noutput = json\n",
                                      -1, NULL));
  config = load (fixture);
  g_assert_cmpstr (pd_aws_config_get_region (config, "default"), ==, "from-profile-default");
  g_assert_cmpstr (pd_aws_config_get_profile_value (config, "default", "output"), ==, "json");
}

static void
test_config_selected_profile (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;

  setenv_in (fixture, "AWS_PROFILE", "dev");
  config = load (fixture);
  g_assert_cmpstr (pd_aws_config_get_profile_name (config), ==, "dev");
  g_assert_cmpstr (pd_aws_config_get_region (config, NULL), ==, "us-east-2");
  g_clear_object (&config);

  /* botocore reads AWS_DEFAULT_PROFILE first. */
  setenv_in (fixture, "AWS_DEFAULT_PROFILE", "both");
  config = load (fixture);
  g_assert_cmpstr (pd_aws_config_get_profile_name (config), ==, "both");
  g_clear_object (&config);

  /* Empty variables count as unset. */
  setenv_in (fixture, "AWS_DEFAULT_PROFILE", "");
  setenv_in (fixture, "AWS_PROFILE", "");
  config = load (fixture);
  g_assert_cmpstr (pd_aws_config_get_profile_name (config), ==, "default");
}

static void
test_config_region_precedence (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = load (fixture);

  g_assert_cmpstr (pd_aws_config_get_region (config, "dev"), ==, "us-east-2");
  g_assert_null (pd_aws_config_get_region (config, "credonly"));
  g_clear_object (&config);

  setenv_in (fixture, "AWS_DEFAULT_REGION", "sa-east-1");
  config = load (fixture);
  g_assert_cmpstr (pd_aws_config_get_region (config, "dev"), ==, "sa-east-1");
  g_clear_object (&config);

  setenv_in (fixture, "AWS_REGION", "ca-central-1");
  config = load (fixture);
  g_assert_cmpstr (pd_aws_config_get_region (config, "dev"), ==, "ca-central-1");
  g_assert_cmpstr (pd_aws_config_get_env (config, "AWS_REGION"), ==, "ca-central-1");
}

static void
test_config_endpoints (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = load (fixture);
  char *url;

  /* The services section beats the profile's global endpoint_url. */
  url = pd_aws_config_dup_endpoint_url (config, "dev", "CloudWatch Logs");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:4510");
  g_free (url);
  url = pd_aws_config_dup_endpoint_url (config, "dev", "cloudwatch_logs");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:4510");
  g_free (url);
  url = pd_aws_config_dup_endpoint_url (config, "dev", "API Gateway");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:4511");
  g_free (url);
  url = pd_aws_config_dup_endpoint_url (config, "dev", "CodePipeline");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:4566");
  g_free (url);
  url = pd_aws_config_dup_endpoint_url (config, "default", "CodePipeline");
  g_assert_null (url);
  url = pd_aws_config_dup_endpoint_url (config, "ignoring", "CodePipeline");
  g_assert_null (url);

  /* What the transport's profile lookup answers: the files only. */
  url = pd_aws_config_dup_profile_setting (config, "dev", "services.cloudwatch_logs.endpoint_url");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:4510");
  g_free (url);
  url = pd_aws_config_dup_profile_setting (config, "dev", "endpoint_url");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:4566");
  g_free (url);
  g_assert_null (pd_aws_config_dup_profile_setting (config, "dev", "services.lambda.endpoint_url"));
  g_assert_null (pd_aws_config_dup_profile_setting (config, "dev", "services.nodot"));
  g_assert_null (pd_aws_config_dup_profile_setting (config, "default",
                                                    "services.cloudwatch_logs.endpoint_url"));
  g_clear_object (&config);

  /* AWS_ENDPOINT_URL beats the files; the service variable beats it. */
  setenv_in (fixture, "AWS_ENDPOINT_URL", "http://127.0.0.1:7000");
  setenv_in (fixture, "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://127.0.0.1:7001");
  config = load (fixture);
  url = pd_aws_config_dup_endpoint_url (config, "dev", "CloudWatch Logs");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:7001");
  g_free (url);
  url = pd_aws_config_dup_endpoint_url (config, "dev", "API Gateway");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:7000");
  g_free (url);
  url = pd_aws_config_dup_endpoint_url (config, "default", "STS");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:7000");
  g_free (url);
  g_clear_object (&config);

  setenv_in (fixture, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE");
  config = load (fixture);
  g_assert_null (pd_aws_config_dup_endpoint_url (config, "dev", "CloudWatch Logs"));
  g_assert_null (pd_aws_config_dup_endpoint_url (config, "dev", "CodePipeline"));
}

static void
test_config_retry_settings (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = load (fixture);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pd_aws_config_get_max_attempts (config, "dev", &error), ==, 5);
  g_assert_no_error (error);
  g_assert_cmpint (pd_aws_config_get_max_attempts (config, "default", &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_config_get_retry_mode (config, "dev", &error), ==, "adaptive");
  g_assert_no_error (error);
  g_assert_null (pd_aws_config_get_retry_mode (config, "default", &error));
  g_assert_no_error (error);
  g_assert_null (pd_aws_config_get_sts_regional_endpoints (config, "default", &error));
  g_assert_no_error (error);

  g_assert_cmpint (pd_aws_config_get_max_attempts (config, "bad-values", &error), ==, -1);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "max_attempts"));
  g_clear_error (&error);
  g_assert_null (pd_aws_config_get_retry_mode (config, "bad-values", &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_null (pd_aws_config_get_sts_regional_endpoints (config, "bad-values", &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  g_clear_error (&error);
  g_clear_object (&config);

  setenv_in (fixture, "AWS_MAX_ATTEMPTS", "3");
  setenv_in (fixture, "AWS_RETRY_MODE", "Standard");
  setenv_in (fixture, "AWS_STS_REGIONAL_ENDPOINTS", "regional");
  config = load (fixture);
  g_assert_cmpint (pd_aws_config_get_max_attempts (config, "bad-values", &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_config_get_retry_mode (config, "dev", &error), ==, "standard");
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_config_get_sts_regional_endpoints (config, "bad-values", &error), ==,
                   "regional");
  g_assert_no_error (error);
  g_clear_object (&config);

  setenv_in (fixture, "AWS_MAX_ATTEMPTS", "0");
  config = load (fixture);
  g_assert_cmpint (pd_aws_config_get_max_attempts (config, "dev", &error), ==, -1);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "AWS_MAX_ATTEMPTS"));
}

static void
test_config_home_and_tilde (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *aws_dir = g_build_filename (fixture->dir, ".aws", NULL);
  g_autofree char *home_config = g_build_filename (aws_dir, "config", NULL);
  g_autofree char *tilde = g_build_filename (fixture->dir, "tilde-config", NULL);
  g_autoptr(PdAwsConfig) config = NULL;
  g_auto(GStrv) env = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (aws_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (home_config, "[default]\nregion = from-home\n", -1, NULL));
  g_assert_true (g_file_set_contents (tilde, "[default]\nregion = from-tilde\n", -1, NULL));

  /* No file variables: HOME/.aws/config, and a missing credentials file. */
  env = g_environ_setenv (NULL, "HOME", fixture->dir, TRUE);
  config = pd_aws_config_new_from_environ ((const char * const *) env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_config_get_config_file (config), ==, home_config);
  g_assert_cmpstr (pd_aws_config_get_region (config, NULL), ==, "from-home");
  g_clear_object (&config);

  env = g_environ_setenv (env, "AWS_CONFIG_FILE", "~/tilde-config", TRUE);
  config = pd_aws_config_new_from_environ ((const char * const *) env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_config_get_config_file (config), ==, tilde);
  g_assert_cmpstr (pd_aws_config_get_region (config, NULL), ==, "from-tilde");
}

static void
test_config_process_environment (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  /* With no environment passed in, the process's own is read. */
  g_setenv ("AWS_CONFIG_FILE", fixture->config_path, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", fixture->credentials_path, TRUE);
  g_setenv ("AWS_PROFILE", "dev", TRUE);
  config = pd_aws_config_new_from_environ (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_config_get_profile_name (config), ==, "dev");
  g_assert_cmpstr (pd_aws_config_get_region (config, NULL), ==, "us-east-2");
  g_unsetenv ("AWS_PROFILE");
  g_setenv ("AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
}

static void
test_config_malformed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = g_strdup_printf ("%s, line 4", fixture->credentials_path);

  g_assert_true (g_file_set_contents (fixture->credentials_path,
                                      "[default]\naws_access_key_id = A\n\nsecret-without-key\n",
                                      -1, NULL));
  config = pd_aws_config_new_from_environ ((const char * const *) fixture->env, &error);
  g_assert_null (config);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, where));
  g_assert_null (strstr (error->message, "secret-without-key"));
}

static void
test_config_missing_files (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;
  g_auto(GStrv) names = NULL;

  setenv_in (fixture, "AWS_CONFIG_FILE", "/nonexistent/config");
  setenv_in (fixture, "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
  config = load (fixture);
  names = pd_aws_config_dup_profile_names (config);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_assert_null (pd_aws_config_get_region (config, NULL));
}

static void
test_config_finalize (Fixture       *fixture,
                      gconstpointer  data)
{
  PdAwsConfig *config = load (fixture);

  g_assert_finalize_object (config);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/pd/aws/config/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("profiles", test_config_profiles);
  ADD ("values", test_config_values);
  ADD ("profile-default-section", test_config_profile_default_section);
  ADD ("selected-profile", test_config_selected_profile);
  ADD ("region-precedence", test_config_region_precedence);
  ADD ("endpoints", test_config_endpoints);
  ADD ("retry-settings", test_config_retry_settings);
  ADD ("home-and-tilde", test_config_home_and_tilde);
  ADD ("process-environment", test_config_process_environment);
  ADD ("malformed", test_config_malformed);
  ADD ("missing-files", test_config_missing_files);
  ADD ("finalize", test_config_finalize);

#undef ADD

  return g_test_run ();
}
