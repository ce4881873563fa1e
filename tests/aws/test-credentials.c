/* test-credentials.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "pd-aws-config.h"
#include "pd-aws-credentials-chain.h"
#include "pd-aws-env-provider.h"
#include "pd-aws-error.h"
#include "pd-aws-process-provider.h"
#include "pd-aws-profile-provider.h"
#include "pd-aws-sigv4.h"
#include "pd-test-utils.h"

/* Every secret the tests use: none may ever reach a log line. */
static const char * const secrets[] = {
  "envSECRETwJalrXUtnFEMI",
  "envTOKENFwoGZXIvYXdzE",
  "credfileSECRETbPxRfiCY",
  "configfileSECRETK7MDENG",
  "procSECRETzq9Xw1",
  "procTOKENtt7Yh2",
  "roleSECRETqqq111",
  "roleTOKENrrr222",
  "baseSECRETsss333",
  NULL
};

static GPtrArray *log_lines;
/* Signatures the test STS server saw: none may reach a log line either. */
static GPtrArray *seen_signatures;
static GLogFunc test_log_handler;

typedef struct
{
  char  *dir;
  char  *config_path;
  char  *credentials_path;
  char **env;
} Fixture;

static GLogWriterOutput
record_log_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].value != NULL)
        g_ptr_array_add (log_lines, fields[i].length < 0
                                    ? g_strdup (fields[i].value)
                                    : g_strndup (fields[i].value, fields[i].length));
    }

  /* Debug lines go to stdout, which TAP owns: keep them to ourselves. */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
record_unstructured_cb (const char     *log_domain,
                        GLogLevelFlags  log_level,
                        const char     *message,
                        gpointer        user_data)
{
  if (message != NULL)
    g_ptr_array_add (log_lines, g_strdup (message));

  test_log_handler (log_domain, log_level, message, user_data);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("pd-credentials-XXXXXX", NULL);
  fixture->config_path = g_build_filename (fixture->dir, "config", NULL);
  fixture->credentials_path = g_build_filename (fixture->dir, "credentials", NULL);
  g_assert_true (g_file_set_contents (fixture->config_path, "", -1, NULL));
  g_assert_true (g_file_set_contents (fixture->credentials_path, "", -1, NULL));

  fixture->env = g_environ_setenv (NULL, "AWS_CONFIG_FILE", fixture->config_path, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SHARED_CREDENTIALS_FILE",
                                   fixture->credentials_path, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "HOME", fixture->dir, TRUE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->config_path);
  g_free (fixture->credentials_path);
  g_free (fixture->dir);
  g_strfreev (fixture->env);
}

static void
write_files (Fixture    *fixture,
             const char *config_text,
             const char *credentials_text)
{
  g_assert_true (g_file_set_contents (fixture->config_path, config_text, -1, NULL));
  g_assert_true (g_file_set_contents (fixture->credentials_path, credentials_text, -1, NULL));
}

static PdAwsConfig *
load_config (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  PdAwsConfig *config;

  config = pd_aws_config_new_from_environ ((const char * const *) fixture->env, &error);
  g_assert_no_error (error);

  return config;
}

/* Writes an executable shell script into the fixture's directory. */
static char *
write_script (Fixture    *fixture,
              const char *name,
              const char *body)
{
  g_autofree char *text = g_strconcat ("#!/bin/sh\n", body, NULL);
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0700), ==, 0);

  return path;
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static PdAwsCredentials *
load_credentials (PdAwsCredentialsProvider  *provider,
                  gboolean                   force_refresh,
                  GCancellable              *cancellable,
                  GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_aws_credentials_provider_load_async (provider, force_refresh, cancellable, on_loaded_cb,
                                          &result);
  g_assert_true (pd_test_wait_until (result_ready, &result, 20000));

  return pd_aws_credentials_provider_load_finish (provider, result, error);
}

typedef struct
{
  GAsyncResult *results[3];
} Burst;

static gboolean
burst_done (gpointer data)
{
  Burst *burst = data;

  for (guint i = 0; i < G_N_ELEMENTS (burst->results); i++)
    if (burst->results[i] == NULL)
      return FALSE;

  return TRUE;
}

/* Starts three loads at once, as parallel requests do, and checks that they
 * all get the same credentials. */
static void
load_burst (PdAwsCredentialsProvider *provider,
            const char               *expected_key)
{
  Burst burst = { { NULL, NULL, NULL } };

  for (guint i = 0; i < G_N_ELEMENTS (burst.results); i++)
    pd_aws_credentials_provider_load_async (provider, FALSE, NULL, on_loaded_cb,
                                            &burst.results[i]);
  g_assert_true (pd_test_wait_until (burst_done, &burst, 20000));

  for (guint i = 0; i < G_N_ELEMENTS (burst.results); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdAwsCredentials) creds = NULL;

      creds = pd_aws_credentials_provider_load_finish (provider, burst.results[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, expected_key);
      g_object_unref (burst.results[i]);
    }
}

static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;

  return n;
}

/* Environment */

static void
test_env_full (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expires = NULL;

  fixture->env = g_environ_setenv (fixture->env, "AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SECRET_ACCESS_KEY", secrets[0], TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SESSION_TOKEN", secrets[1], TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_CREDENTIAL_EXPIRATION",
                                   "2030-01-02T03:04:05Z", TRUE);
  config = load_config (fixture);
  provider = pd_aws_env_credentials_provider_new (config);

  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKIDENV");
  g_assert_cmpstr (pd_aws_credentials_get_secret_access_key (creds), ==, secrets[0]);
  g_assert_cmpstr (pd_aws_credentials_get_session_token (creds), ==, secrets[1]);
  g_assert_cmpstr (pd_aws_credentials_get_source (creds), ==, "environment");
  expires = g_date_time_format_iso8601 (pd_aws_credentials_get_expiration (creds));
  g_assert_cmpstr (expires, ==, "2030-01-02T03:04:05Z");
}

static void
test_env_legacy_token_and_empty (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  fixture->env = g_environ_setenv (fixture->env, "AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SECRET_ACCESS_KEY", secrets[0], TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SESSION_TOKEN", "", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SECURITY_TOKEN", secrets[1], TRUE);
  config = load_config (fixture);
  provider = pd_aws_env_credentials_provider_new (config);
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_session_token (creds), ==, secrets[1]);
  g_assert_null (pd_aws_credentials_get_expiration (creds));
  g_clear_object (&provider);
  g_clear_object (&config);
  g_clear_pointer (&creds, pd_aws_credentials_unref);

  /* Empty strings are unset. */
  fixture->env = g_environ_setenv (fixture->env, "AWS_ACCESS_KEY_ID", "", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SECRET_ACCESS_KEY", "", TRUE);
  config = load_config (fixture);
  g_assert_false (pd_aws_env_credentials_provider_is_present (config));
  provider = pd_aws_env_credentials_provider_new (config);
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
}

static void
test_env_bad (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  fixture->env = g_environ_setenv (fixture->env, "AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  config = load_config (fixture);
  g_assert_true (pd_aws_env_credentials_provider_is_present (config));
  provider = pd_aws_env_credentials_provider_new (config);
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "AWS_SECRET_ACCESS_KEY"));
  g_clear_error (&error);
  g_clear_object (&provider);
  g_clear_object (&config);

  fixture->env = g_environ_setenv (fixture->env, "AWS_SECRET_ACCESS_KEY", secrets[0], TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_CREDENTIAL_EXPIRATION", "tomorrow", TRUE);
  config = load_config (fixture);
  provider = pd_aws_env_credentials_provider_new (config);
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "AWS_CREDENTIAL_EXPIRATION"));
}

/* Static keys of profiles */

static void
test_profile_static (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_text = NULL;
  g_autofree char *cred_text = NULL;

  config_text = g_strdup_printf ("[default]\n"
                                 "aws_access_key_id = AKIDCONFIG\n"
                                 "aws_secret_access_key = %s\n"
                                 "[profile configonly]\n"
                                 "aws_access_key_id = AKIDCONFIGONLY\n"
                                 "aws_secret_access_key = %s\n"
                                 "[profile half]\n"
                                 "aws_access_key_id = AKIDHALF\n",
                                 secrets[3], secrets[3]);
  cred_text = g_strdup_printf ("[default]\n"
                               "aws_access_key_id = AKIDCREDFILE\n"
                               "aws_secret_access_key = %s\n"
                               "aws_session_token = %s\n",
                               secrets[2], secrets[1]);
  write_files (fixture, config_text, cred_text);
  config = load_config (fixture);

  /* The credentials file comes before the config file. */
  provider = pd_aws_profile_credentials_provider_new (config, "default");
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKIDCREDFILE");
  g_assert_cmpstr (pd_aws_credentials_get_secret_access_key (creds), ==, secrets[2]);
  g_assert_cmpstr (pd_aws_credentials_get_session_token (creds), ==, secrets[1]);
  g_assert_cmpstr (pd_aws_credentials_get_source (creds), ==, "profile default (credentials file)");
  g_clear_pointer (&creds, pd_aws_credentials_unref);
  g_clear_object (&provider);

  provider = pd_aws_profile_credentials_provider_new (config, "configonly");
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKIDCONFIGONLY");
  g_assert_cmpstr (pd_aws_credentials_get_source (creds), ==, "profile configonly (config file)");
  g_clear_pointer (&creds, pd_aws_credentials_unref);
  g_clear_object (&provider);

  provider = pd_aws_profile_credentials_provider_new (config, "half");
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "aws_secret_access_key"));
  g_clear_error (&error);
  g_clear_object (&provider);

  provider = pd_aws_profile_credentials_provider_new (config, "nosuch");
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "nosuch"));
}

/* credential_process */

static PdAwsCredentialsProvider *
process_provider_for (Fixture    *fixture,
                      const char *command)
{
  g_autofree char *config_text = g_strdup_printf ("[profile proc]\ncredential_process = %s\n",
                                                  command);
  g_autoptr(PdAwsConfig) config = NULL;

  write_files (fixture, config_text, "");
  config = load_config (fixture);

  return pd_aws_profile_credentials_provider_new (config, "proc");
}

static void
test_process_good (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *body = NULL;
  g_autofree char *command = NULL;
  g_autofree char *expires = NULL;

  /* Arguments are split like a shell would, but no shell expands them. */
  body = g_strdup_printf ("[ \"$1\" = 'a b' ] || exit 3\n"
                          "[ \"$2\" = '$HOME' ] || exit 4\n"
                          "[ $# -eq 2 ] || exit 5\n"
                          "printf '%%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
                          "\"SecretAccessKey\": \"%s\", \"SessionToken\": \"%s\", "
                          "\"Expiration\": \"2099-08-30T13:36:00Z\"}'\n",
                          secrets[4], secrets[5]);
  script = write_script (fixture, "good.sh", body);
  command = g_strdup_printf ("%s \"a b\" '$HOME'", script);
  provider = process_provider_for (fixture, command);

  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKIDPROC");
  g_assert_cmpstr (pd_aws_credentials_get_secret_access_key (creds), ==, secrets[4]);
  g_assert_cmpstr (pd_aws_credentials_get_session_token (creds), ==, secrets[5]);
  g_assert_cmpstr (pd_aws_credentials_get_source (creds), ==, "profile proc (credential_process)");
  expires = g_date_time_format_iso8601 (pd_aws_credentials_get_expiration (creds));
  g_assert_cmpstr (expires, ==, "2099-08-30T13:36:00Z");
}

static void
assert_process_error (Fixture    *fixture,
                      const char *name,
                      const char *body,
                      int         code,
                      const char *expected)
{
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = write_script (fixture, name, body);

  provider = process_provider_for (fixture, script);
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, code);
  if (strstr (error->message, expected) == NULL)
    g_error ("expected “%s” in “%s”", expected, error->message);
  /* Whatever the program printed on stdout stays out of the message. */
  for (guint i = 0; secrets[i] != NULL; i++)
    g_assert_null (strstr (error->message, secrets[i]));
}

static void
test_process_bad (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *truncated = g_strdup_printf ("printf '{\"Version\": 1, \"AccessKeyId\": "
                                                "\"AKID\", \"SecretAccessKey\": \"%s\"'\n",
                                                secrets[4]);
  g_autofree char *version2 = g_strdup_printf ("printf '{\"Version\": 2, \"AccessKeyId\": "
                                               "\"AKID\", \"SecretAccessKey\": \"%s\"}'\n",
                                               secrets[4]);
  g_autofree char *failing = g_strdup_printf ("printf '{\"SecretAccessKey\": \"%s\"}'\n"
                                              "echo 'token service said no' >&2\n"
                                              "exit 7\n", secrets[4]);

  assert_process_error (fixture, "truncated.sh", truncated, PD_AWS_ERROR_CREDENTIALS, "not JSON");
  assert_process_error (fixture, "array.sh", "echo '[1, 2]'\n", PD_AWS_ERROR_CREDENTIALS,
                        "JSON object");
  assert_process_error (fixture, "empty.sh", "exit 0\n", PD_AWS_ERROR_CREDENTIALS,
                        "printed nothing");
  assert_process_error (fixture, "version2.sh", version2, PD_AWS_ERROR_CREDENTIALS, "Version");
  assert_process_error (fixture, "noversion.sh",
                        "echo '{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}'\n",
                        PD_AWS_ERROR_CREDENTIALS, "Version");
  assert_process_error (fixture, "stringversion.sh",
                        "echo '{\"Version\": \"1\", \"AccessKeyId\": \"A\", "
                        "\"SecretAccessKey\": \"S\"}'\n",
                        PD_AWS_ERROR_CREDENTIALS, "Version");
  assert_process_error (fixture, "nokey.sh",
                        "echo '{\"Version\": 1, \"SecretAccessKey\": \"S\"}'\n",
                        PD_AWS_ERROR_CREDENTIALS, "AccessKeyId");
  assert_process_error (fixture, "numberkey.sh",
                        "echo '{\"Version\": 1, \"AccessKeyId\": 12, \"SecretAccessKey\": \"S\"}'\n",
                        PD_AWS_ERROR_CREDENTIALS, "AccessKeyId");
  assert_process_error (fixture, "badexpiry.sh",
                        "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": "
                        "\"S\", \"Expiration\": \"soon\"}'\n",
                        PD_AWS_ERROR_CREDENTIALS, "Expiration");
  assert_process_error (fixture, "badutf8.sh", "printf '{\"Version\": 1, \"A\": \"\\377\"}'\n",
                        PD_AWS_ERROR_CREDENTIALS, "not JSON");
  assert_process_error (fixture, "failing.sh", failing, PD_AWS_ERROR_CREDENTIALS,
                        "exit status 7: token service said no");
  assert_process_error (fixture, "killed.sh", "kill -9 $$\n", PD_AWS_ERROR_CREDENTIALS,
                        "signal 9");
  /* Output without end is cut off, not collected. */
  assert_process_error (fixture, "endless.sh", "exec yes\n", PD_AWS_ERROR_CREDENTIALS,
                        "printed more than");
  assert_process_error (fixture, "noisy.sh",
                        "head -c 200000 /dev/zero | tr '\\0' x >&2\nexit 3\n",
                        PD_AWS_ERROR_CREDENTIALS, "exit status 3: xxxx");
}

static void
test_process_command_errors (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  provider = process_provider_for (fixture, "/nonexistent/get-creds --flag");
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "Could not run"));
  g_clear_error (&error);
  g_clear_object (&provider);

  provider = process_provider_for (fixture, "/bin/echo \"unclosed");
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "proc"));
}

static void
test_process_cache_and_refresh (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  g_autoptr(GDateTime) soon = g_date_time_add_minutes (now, 2);
  g_autofree char *counter = g_build_filename (fixture->dir, "runs", NULL);
  g_autofree char *later_text = g_date_time_format_iso8601 (later);
  g_autofree char *soon_text = g_date_time_format_iso8601 (soon);
  g_autofree char *body = NULL;
  g_autofree char *script = NULL;
  g_autofree char *command = NULL;

  body = g_strdup_printf ("echo run >> \"$1\"\n"
                          "printf '{\"Version\": 1, \"AccessKeyId\": \"AKID%%s\", "
                          "\"SecretAccessKey\": \"%s\", \"Expiration\": \"%%s\"}' "
                          "$(wc -l < \"$1\") \"$2\"\n", secrets[4]);
  script = write_script (fixture, "counting.sh", body);

  /* An hour away: loaded once, then served from the cache. */
  command = g_strdup_printf ("%s '%s' %s", script, counter, later_text);
  provider = process_provider_for (fixture, command);
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKID1");
  g_clear_pointer (&creds, pd_aws_credentials_unref);
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKID1");
  g_assert_cmpuint (count_lines (counter), ==, 1);
  g_clear_pointer (&creds, pd_aws_credentials_unref);

  /* A forced refresh runs the program again. */
  creds = load_credentials (provider, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKID2");
  g_assert_cmpuint (count_lines (counter), ==, 2);
  g_clear_pointer (&creds, pd_aws_credentials_unref);
  g_clear_object (&provider);

  /* Within the refresh margin: every load fetches fresh credentials. */
  g_free (command);
  command = g_strdup_printf ("%s '%s' %s", script, counter, soon_text);
  provider = process_provider_for (fixture, command);
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKID3");
  g_assert_true (pd_aws_credentials_expires_within (creds, now, PD_AWS_CREDENTIALS_REFRESH_MARGIN));
  g_clear_pointer (&creds, pd_aws_credentials_unref);
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKID4");
  g_assert_cmpuint (count_lines (counter), ==, 4);
}

static void
test_process_concurrent_loads (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autofree char *counter = g_build_filename (fixture->dir, "runs", NULL);
  g_autofree char *body = NULL;
  g_autofree char *script = NULL;
  g_autofree char *command = NULL;

  body = g_strdup_printf ("echo run >> \"$1\"\n"
                          "sleep 0.2\n"
                          "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDONCE\", "
                          "\"SecretAccessKey\": \"%s\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n",
                          secrets[4]);
  script = write_script (fixture, "once.sh", body);
  command = g_strdup_printf ("%s '%s'", script, counter);
  provider = process_provider_for (fixture, command);

  load_burst (provider, "AKIDONCE");
  g_assert_cmpuint (count_lines (counter), ==, 1);
}

static void
test_process_timeout_and_cancel (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *script = write_script (fixture, "slow.sh", "exec sleep 30\n");
  gint64 start;

  provider = pd_aws_process_credentials_provider_new (script, "slow");
  pd_aws_process_credentials_provider_set_timeout (PD_AWS_PROCESS_CREDENTIALS_PROVIDER (provider),
                                                   300);
  start = g_get_monotonic_time ();
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);

  pd_aws_process_credentials_provider_set_timeout (PD_AWS_PROCESS_CREDENTIALS_PROVIDER (provider),
                                                   20000);
  g_timeout_add_once (200, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  start = g_get_monotonic_time ();
  creds = load_credentials (provider, FALSE, cancellable, &error);
  g_assert_null (creds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* Already cancelled before the load starts. */
  creds = load_credentials (provider, FALSE, cancellable, &error);
  g_assert_null (creds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Roles: what is decided before any STS call */

static void
assert_profile_error (Fixture    *fixture,
                      const char *profile,
                      int         code,
                      const char *expected)
{
  g_autoptr(PdAwsConfig) config = load_config (fixture);
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  provider = pd_aws_profile_credentials_provider_new (config, profile);
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, code);
  if (strstr (error->message, expected) == NULL)
    g_error ("expected “%s” in “%s”", expected, error->message);
}

static void
test_role_config_errors (Fixture       *fixture,
                         gconstpointer  data)
{
  write_files (fixture,
               "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
               "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n"
               "[profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = a\n"
               "[profile orphan]\nrole_arn = arn:aws:iam::1:role/o\nsource_profile = ghost\n"
               "[profile both]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = a\n"
               "credential_source = Environment\n"
               "[profile neither]\nrole_arn = arn:aws:iam::1:role/x\n"
               "[profile imds]\nrole_arn = arn:aws:iam::1:role/x\n"
               "credential_source = Ec2InstanceMetadata\n"
               "[profile self]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = self\n"
               "[profile empty-source]\nrole_arn = arn:aws:iam::1:role/x\n"
               "source_profile = regiononly\n"
               "[profile regiononly]\nregion = eu-west-1\n"
               "[profile short]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = regiononly\n"
               "duration_seconds = 60\n",
               "");

  assert_profile_error (fixture, "a", PD_AWS_ERROR_CONFIG, "a → b → c → a");
  assert_profile_error (fixture, "b", PD_AWS_ERROR_CONFIG, "b → c → a → b");
  assert_profile_error (fixture, "orphan", PD_AWS_ERROR_CONFIG, "“ghost”, which does not exist");
  assert_profile_error (fixture, "both", PD_AWS_ERROR_CONFIG, "both source_profile and");
  assert_profile_error (fixture, "neither", PD_AWS_ERROR_CONFIG, "neither source_profile");
  assert_profile_error (fixture, "imds", PD_AWS_ERROR_CONFIG, "Ec2InstanceMetadata");
  assert_profile_error (fixture, "self", PD_AWS_ERROR_CONFIG, "no static keys");
  assert_profile_error (fixture, "empty-source", PD_AWS_ERROR_CONFIG, "has no credentials");
  assert_profile_error (fixture, "short", PD_AWS_ERROR_CONFIG, "duration_seconds");
}

/* A loopback STS that answers AssumeRole, checks each request's signature
 * against the secret of the key that signed it, and records what it got. */

typedef struct
{
  GHashTable *form;
  char       *access_key_id;
  char       *region;
  char       *service;
  char       *token;
  gboolean    signature_ok;
} StsRequest;

typedef struct
{
  SoupServer *server;
  char       *url;
  GHashTable *secrets;   /* access key ID → secret */
  GPtrArray  *requests;
} StsServer;

static void
sts_request_free (gpointer data)
{
  StsRequest *request = data;

  g_clear_pointer (&request->form, g_hash_table_unref);
  g_free (request->access_key_id);
  g_free (request->region);
  g_free (request->service);
  g_free (request->token);
  g_free (request);
}

static gboolean
verify_signature (SoupServerMessage        *msg,
                  GBytes                   *body,
                  PdAwsSigV4Authorization  *auth,
                  const char               *secret)
{
  g_autoptr(PdAwsSigningRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  GUri *uri = soup_server_message_get_uri (msg);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (body, &length);

  request = pd_aws_signing_request_new (soup_server_message_get_method (msg),
                                        g_uri_get_path (uri), g_uri_get_query (uri));
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Authorization") != 0)
      pd_aws_signing_request_add_header (request, name, value);
  pd_aws_signing_request_set_body (request, data, length);

  if (!pd_aws_sigv4_verify (request, auth, secret, PD_AWS_SIGV4_FLAGS_NONE, &error))
    {
      g_test_message ("signature check failed: %s", error->message);
      return FALSE;
    }

  return TRUE;
}

static const char denied_xml[] =
  "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
  "<Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized to assume "
  "this role</Message></Error><RequestId>req-denied</RequestId></ErrorResponse>";

static void
sts_handler_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  StsServer *sts = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *role = NULL;
  g_autofree char *new_key = NULL;
  g_autofree char *new_secret = NULL;
  g_autofree char *new_token = NULL;
  g_autofree char *response = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autofree char *expiry_text = NULL;
  PdAwsSigV4Authorization auth = { 0 };
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  StsRequest *request = g_new0 (StsRequest, 1);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *role_arn;
  const char *secret;

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  request->form = soup_form_decode (text);
  request->token = g_strdup (soup_message_headers_get_one (headers, "X-Amz-Security-Token"));
  g_ptr_array_add (sts->requests, request);

  if (authorization != NULL && pd_aws_sigv4_parse_authorization (authorization, &auth, NULL))
    {
      request->access_key_id = g_strdup (auth.access_key_id);
      request->region = g_strdup (auth.region);
      request->service = g_strdup (auth.service);
      g_ptr_array_add (seen_signatures, g_strdup (auth.signature));
      secret = g_hash_table_lookup (sts->secrets, auth.access_key_id);
      request->signature_ok = secret != NULL && verify_signature (msg, body, &auth, secret);
    }
  pd_aws_sigv4_authorization_clear (&auth);

  role_arn = g_hash_table_lookup (request->form, "RoleArn");
  if (role_arn == NULL || strstr (role_arn, "denied") != NULL || !request->signature_ok)
    {
      soup_server_message_set_status (msg, 403, NULL);
      soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_STATIC, denied_xml,
                                        strlen (denied_xml));
      return;
    }

  role = g_ascii_strup (strrchr (role_arn, '/') + 1, -1);
  new_key = g_strconcat ("ASIA", role, NULL);
  new_secret = g_strconcat (secrets[6], role, NULL);
  new_token = g_strconcat (secrets[7], role, NULL);
  g_hash_table_replace (sts->secrets, g_strdup (new_key), g_strdup (new_secret));
  now = g_date_time_new_now_utc ();
  expiry = g_date_time_add_hours (now, 1);
  expiry_text = g_date_time_format_iso8601 (expiry);

  response = g_strdup_printf (
    "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
    "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>"
    "<SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>"
    "<AssumedRoleUser><AssumedRoleId>AROA%s:s</AssumedRoleId><Arn>%s</Arn></AssumedRoleUser>"
    "</AssumeRoleResult><ResponseMetadata><RequestId>req-%u</RequestId></ResponseMetadata>"
    "</AssumeRoleResponse>",
    new_key, new_secret, new_token, expiry_text, role, role_arn, sts->requests->len);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_COPY, response,
                                    strlen (response));
}

static StsServer *
sts_server_new (void)
{
  StsServer *sts = g_new0 (StsServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  sts->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sts->requests = g_ptr_array_new_with_free_func (sts_request_free);
  sts->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (sts->server, "/", sts_handler_cb, sts, NULL);
  soup_server_listen_local (sts->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (sts->server);
  sts->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return sts;
}

static void
sts_server_free (StsServer *sts)
{
  soup_server_disconnect (sts->server);
  g_object_unref (sts->server);
  g_hash_table_unref (sts->secrets);
  g_ptr_array_unref (sts->requests);
  g_free (sts->url);
  g_free (sts);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StsServer, sts_server_free)

static StsRequest *
sts_request (StsServer *sts,
             guint      i)
{
  g_assert_cmpuint (i, <, sts->requests->len);
  return g_ptr_array_index (sts->requests, i);
}

static const char *
form_value (StsRequest *request,
            const char *key)
{
  return g_hash_table_lookup (request->form, key);
}

/* base: static keys; r1: role from base; r2: role from r1 (chaining);
 * mfa: role from base with an MFA device; envrole: role from the
 * environment; denied: a role STS refuses. */
static StsServer *
write_role_files (Fixture *fixture)
{
  StsServer *sts = sts_server_new ();
  g_autofree char *config_text = NULL;
  g_autofree char *cred_text = NULL;

  g_hash_table_replace (sts->secrets, g_strdup ("AKIDBASE"), g_strdup (secrets[8]));
  g_hash_table_replace (sts->secrets, g_strdup ("AKIDENV"), g_strdup (secrets[0]));

  config_text = g_strdup_printf (
    "[profile r1]\nrole_arn = arn:aws:iam::123456789012:role/r1\nsource_profile = base\n"
    "region = eu-west-1\nendpoint_url = %s\nexternal_id = ext-123\n"
    "role_session_name = pd-test\nduration_seconds = 1800\n"
    "[profile r2]\nrole_arn = arn:aws:iam::123456789012:role/r2\nsource_profile = r1\n"
    "region = us-west-2\nservices = local\n"
    "[services local]\nsts =\n  endpoint_url = %s\n"
    "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/mfa\nsource_profile = base\n"
    "mfa_serial = arn:aws:iam::123456789012:mfa/me\nregion = eu-west-1\nendpoint_url = %s\n"
    "[profile envrole]\nrole_arn = arn:aws:iam::123456789012:role/envrole\n"
    "credential_source = Environment\nregion = eu-west-1\nendpoint_url = %s\n"
    "[profile denied]\nrole_arn = arn:aws:iam::123456789012:role/denied\nsource_profile = base\n"
    "region = eu-west-1\nendpoint_url = %s\n",
    sts->url, sts->url, sts->url, sts->url, sts->url);
  cred_text = g_strdup_printf ("[base]\naws_access_key_id = AKIDBASE\n"
                               "aws_secret_access_key = %s\n", secrets[8]);
  write_files (fixture, config_text, cred_text);

  return sts;
}

static void
test_role_assume (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(StsServer) sts = write_role_files (fixture);
  g_autoptr(PdAwsConfig) config = load_config (fixture);
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_secret = g_strconcat (secrets[6], "R1", NULL);
  StsRequest *request;

  provider = pd_aws_profile_credentials_provider_new (config, "r1");
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "ASIAR1");
  g_assert_cmpstr (pd_aws_credentials_get_secret_access_key (creds), ==, expected_secret);
  g_assert_nonnull (pd_aws_credentials_get_expiration (creds));
  g_assert_cmpstr (pd_aws_credentials_get_source (creds), ==,
                   "profile r1 (assume role arn:aws:iam::123456789012:role/r1)");

  g_assert_cmpuint (sts->requests->len, ==, 1);
  request = sts_request (sts, 0);
  g_assert_cmpstr (request->access_key_id, ==, "AKIDBASE");
  g_assert_true (request->signature_ok);
  g_assert_cmpstr (request->region, ==, "eu-west-1");
  g_assert_cmpstr (request->service, ==, "sts");
  g_assert_null (request->token);
  g_assert_cmpstr (form_value (request, "Action"), ==, "AssumeRole");
  g_assert_cmpstr (form_value (request, "Version"), ==, "2011-06-15");
  g_assert_cmpstr (form_value (request, "RoleArn"), ==, "arn:aws:iam::123456789012:role/r1");
  g_assert_cmpstr (form_value (request, "RoleSessionName"), ==, "pd-test");
  g_assert_cmpstr (form_value (request, "ExternalId"), ==, "ext-123");
  g_assert_cmpstr (form_value (request, "DurationSeconds"), ==, "1800");
  g_assert_null (form_value (request, "SerialNumber"));
  g_assert_null (form_value (request, "TokenCode"));
  g_clear_pointer (&creds, pd_aws_credentials_unref);

  /* An hour of validity left: the cache answers. */
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "ASIAR1");
  g_assert_cmpuint (sts->requests->len, ==, 1);
  g_clear_pointer (&creds, pd_aws_credentials_unref);

  creds = load_credentials (provider, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sts->requests->len, ==, 2);
}

static void
test_role_chained (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(StsServer) sts = write_role_files (fixture);
  g_autoptr(PdAwsConfig) config = load_config (fixture);
  g_autoptr(PdAwsCredentialsProvider) chain = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *r1_token = g_strconcat (secrets[7], "R1", NULL);
  StsRequest *first;
  StsRequest *second;

  chain = pd_aws_credentials_chain_new (config, NULL, "r2");
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "ASIAR2");
  g_assert_cmpstr (pd_aws_credentials_get_source (creds), ==,
                   "profile r2 (assume role arn:aws:iam::123456789012:role/r2)");

  /* r1 first, with the base keys; then r2, with r1's temporary ones, in
   * r2's region through its services section. */
  g_assert_cmpuint (sts->requests->len, ==, 2);
  first = sts_request (sts, 0);
  second = sts_request (sts, 1);
  g_assert_cmpstr (form_value (first, "RoleArn"), ==, "arn:aws:iam::123456789012:role/r1");
  g_assert_cmpstr (first->access_key_id, ==, "AKIDBASE");
  g_assert_true (first->signature_ok);
  g_assert_cmpstr (form_value (second, "RoleArn"), ==, "arn:aws:iam::123456789012:role/r2");
  g_assert_cmpstr (second->access_key_id, ==, "ASIAR1");
  g_assert_cmpstr (second->token, ==, r1_token);
  g_assert_cmpstr (second->region, ==, "us-west-2");
  g_assert_true (second->signature_ok);
  g_assert_true (g_str_has_prefix (form_value (second, "RoleSessionName"), "pipedeck-"));
}

typedef struct
{
  const char *answer;
  char       *serial;
  char       *profile;
  guint       calls;
} MfaPrompt;

static gboolean
answer_mfa_cb (gpointer user_data)
{
  GTask *task = user_data;
  MfaPrompt *prompt = g_task_get_task_data (task);

  if (prompt->answer == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The user gave up");
  else
    g_task_return_pointer (task, g_strdup (prompt->answer), g_free);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static void
mfa_prompt_cb (const char *profile,
               const char *mfa_serial,
               GTask      *task,
               gpointer    user_data)
{
  MfaPrompt *prompt = user_data;

  prompt->calls++;
  g_free (prompt->serial);
  prompt->serial = g_strdup (mfa_serial);
  g_free (prompt->profile);
  prompt->profile = g_strdup (profile);
  g_task_set_task_data (task, prompt, NULL);
  /* Answer later, as a dialog would. */
  g_idle_add (answer_mfa_cb, task);
}

static void
test_role_mfa (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(StsServer) sts = write_role_files (fixture);
  g_autoptr(PdAwsConfig) config = load_config (fixture);
  g_autoptr(PdAwsCredentialsProvider) chain = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  MfaPrompt prompt = { "123456", NULL, NULL, 0 };
  StsRequest *request;

  /* Nobody to ask: a clear error, and no request. */
  chain = pd_aws_credentials_chain_new (config, NULL, "mfa");
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "MFA code"));
  g_assert_nonnull (strstr (error->message, "arn:aws:iam::123456789012:mfa/me"));
  g_assert_cmpuint (sts->requests->len, ==, 0);
  g_clear_error (&error);
  g_clear_object (&chain);

  chain = pd_aws_credentials_chain_new (config, NULL, "mfa");
  pd_aws_credentials_chain_set_mfa_prompt (PD_AWS_CREDENTIALS_CHAIN (chain), mfa_prompt_cb,
                                           &prompt, NULL);
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "ASIAMFA");
  g_assert_cmpuint (prompt.calls, ==, 1);
  g_assert_cmpstr (prompt.serial, ==, "arn:aws:iam::123456789012:mfa/me");
  g_assert_cmpstr (prompt.profile, ==, "mfa");
  g_assert_cmpuint (sts->requests->len, ==, 1);
  request = sts_request (sts, 0);
  g_assert_true (request->signature_ok);
  g_assert_cmpstr (form_value (request, "SerialNumber"), ==, "arn:aws:iam::123456789012:mfa/me");
  g_assert_cmpstr (form_value (request, "TokenCode"), ==, "123456");
  g_clear_pointer (&creds, pd_aws_credentials_unref);

  /* A malformed code never reaches STS. */
  prompt.answer = "12ab56";
  creds = load_credentials (chain, TRUE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_null (strstr (error->message, "12ab56"));
  g_assert_cmpuint (sts->requests->len, ==, 1);
  g_clear_error (&error);

  /* The user gives up: cancellation, unchanged. */
  prompt.answer = NULL;
  creds = load_credentials (chain, TRUE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (prompt.calls, ==, 3);
  g_assert_cmpuint (sts->requests->len, ==, 1);

  g_free (prompt.serial);
  g_free (prompt.profile);
}

static void
test_role_concurrent_loads (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(StsServer) sts = write_role_files (fixture);
  g_autoptr(PdAwsConfig) config = load_config (fixture);
  g_autoptr(PdAwsCredentialsProvider) chain = NULL;
  MfaPrompt prompt = { "654321", NULL, NULL, 0 };

  /* A burst of requests makes one STS call and asks for one code. */
  chain = pd_aws_credentials_chain_new (config, NULL, "mfa");
  pd_aws_credentials_chain_set_mfa_prompt (PD_AWS_CREDENTIALS_CHAIN (chain), mfa_prompt_cb,
                                           &prompt, NULL);
  load_burst (chain, "ASIAMFA");
  g_assert_cmpuint (prompt.calls, ==, 1);
  g_assert_cmpuint (sts->requests->len, ==, 1);
  g_assert_cmpstr (form_value (sts_request (sts, 0), "TokenCode"), ==, "654321");

  g_free (prompt.serial);
  g_free (prompt.profile);
}

static void
test_role_environment_source_and_denied (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(StsServer) sts = write_role_files (fixture);
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  fixture->env = g_environ_setenv (fixture->env, "AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SECRET_ACCESS_KEY", secrets[0], TRUE);
  config = load_config (fixture);

  provider = pd_aws_profile_credentials_provider_new (config, "envrole");
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "ASIAENVROLE");
  g_assert_cmpstr (sts_request (sts, 0)->access_key_id, ==, "AKIDENV");
  g_assert_true (sts_request (sts, 0)->signature_ok);
  g_clear_pointer (&creds, pd_aws_credentials_unref);
  g_clear_object (&provider);

  provider = pd_aws_profile_credentials_provider_new (config, "denied");
  creds = load_credentials (provider, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "Could not assume role"));
  g_assert_nonnull (strstr (error->message, "Not authorized"));
  g_assert_cmpuint (sts->requests->len, ==, 2);
}

/* The chain */

static void
test_chain_order (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(PdAwsCredentialsProvider) chain = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cred_text = NULL;

  cred_text = g_strdup_printf ("[default]\naws_access_key_id = AKIDFILE\n"
                               "aws_secret_access_key = %s\n"
                               "[other]\naws_access_key_id = AKIDOTHER\n"
                               "aws_secret_access_key = %s\n", secrets[2], secrets[2]);
  write_files (fixture, "", cred_text);

  /* Nothing in the environment: the default profile answers. */
  config = load_config (fixture);
  chain = pd_aws_credentials_chain_new (config, NULL, NULL);
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_source (creds), ==, "profile default (credentials file)");
  g_clear_pointer (&creds, pd_aws_credentials_unref);
  g_clear_object (&chain);
  g_clear_object (&config);

  /* The environment comes before the files, even with AWS_PROFILE set. */
  fixture->env = g_environ_setenv (fixture->env, "AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SECRET_ACCESS_KEY", secrets[0], TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_PROFILE", "other", TRUE);
  config = load_config (fixture);
  chain = pd_aws_credentials_chain_new (config, NULL, NULL);
  g_assert_cmpstr (pd_aws_credentials_chain_get_profile (PD_AWS_CREDENTIALS_CHAIN (chain)), ==,
                   "other");
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_source (creds), ==, "environment");
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKIDENV");
  g_clear_pointer (&creds, pd_aws_credentials_unref);
  g_clear_object (&chain);

  /* A profile chosen by the program skips the environment. */
  chain = pd_aws_credentials_chain_new (config, NULL, "other");
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_source (creds), ==, "profile other (credentials file)");
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKIDOTHER");
  g_clear_pointer (&creds, pd_aws_credentials_unref);
  g_clear_object (&chain);

  /* A broken environment is final: no silent fall-through to the files. */
  g_clear_object (&config);
  fixture->env = g_environ_unsetenv (fixture->env, "AWS_SECRET_ACCESS_KEY");
  config = load_config (fixture);
  chain = pd_aws_credentials_chain_new (config, NULL, NULL);
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "AWS_SECRET_ACCESS_KEY"));
}

static void
test_chain_nothing_found (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(PdAwsCredentialsProvider) chain = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  write_files (fixture,
               "[default]\nregion = eu-west-1\n"
               "[profile sso]\nsso_session = corp\nsso_account_id = 1\n",
               "");
  config = load_config (fixture);

  chain = pd_aws_credentials_chain_new (config, NULL, NULL);
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "Tried: environment"));
  g_assert_nonnull (strstr (error->message, "profile “default” has no credentials"));
  g_clear_error (&error);
  g_clear_object (&chain);

  chain = pd_aws_credentials_chain_new (config, NULL, "sso");
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "SSO"));
  g_assert_nonnull (strstr (error->message, "skipped"));
  g_clear_error (&error);
  g_clear_object (&chain);

  chain = pd_aws_credentials_chain_new (config, NULL, "missing");
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_null (creds);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, fixture->config_path));
  g_assert_nonnull (strstr (error->message, fixture->credentials_path));
}

static void
test_chain_process_source (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(PdAwsCredentialsProvider) chain = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_strdup_printf ("echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDP\", "
                                           "\"SecretAccessKey\": \"%s\"}'\n", secrets[4]);
  g_autofree char *script = write_script (fixture, "chain.sh", body);
  g_autofree char *config_text = g_strdup_printf ("[profile p]\ncredential_process = %s\n"
                                                  "aws_access_key_id = AKIDCONFIG\n"
                                                  "aws_secret_access_key = %s\n",
                                                  script, secrets[3]);

  /* credential_process comes before the config file's keys. */
  write_files (fixture, config_text, "");
  fixture->env = g_environ_setenv (fixture->env, "AWS_PROFILE", "p", TRUE);
  config = load_config (fixture);
  chain = pd_aws_credentials_chain_new (config, NULL, NULL);
  creds = load_credentials (chain, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_source (creds), ==, "profile p (credential_process)");
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (creds), ==, "AKIDP");
}

static void
test_chain_finalize (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdAwsConfig) config = load_config (fixture);
  PdAwsCredentialsProvider *chain = pd_aws_credentials_chain_new (config, "acct", NULL);
  PdAwsCredentialsProvider *env = pd_aws_env_credentials_provider_new (config);
  PdAwsCredentialsProvider *proc = pd_aws_process_credentials_provider_new ("/bin/true", "x");

  g_assert_finalize_object (chain);
  g_assert_finalize_object (env);
  g_assert_finalize_object (proc);
}

static void
test_no_secrets_in_logs (void)
{
  gboolean saw_request = FALSE;

  /* Runs last: every line logged by the tests above, debug included, the
   * transport's dumps of the AssumeRole requests and answers among them. */
  g_assert_cmpuint (seen_signatures->len, >, 0);
  for (guint i = 0; i < log_lines->len; i++)
    {
      const char *line = g_ptr_array_index (log_lines, i);

      if (strstr (line, "AssumeRole") != NULL)
        saw_request = TRUE;
      for (guint j = 0; secrets[j] != NULL; j++)
        if (strstr (line, secrets[j]) != NULL)
          g_error ("a log line holds secret number %u", j);
      for (guint j = 0; j < seen_signatures->len; j++)
        if (strstr (line, g_ptr_array_index (seen_signatures, j)) != NULL)
          g_error ("a log line holds a request signature");
    }
  g_assert_true (saw_request);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_lines = g_ptr_array_new_with_free_func (g_free);
  seen_signatures = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (record_log_cb, NULL, NULL);
  test_log_handler = g_log_set_default_handler (record_unstructured_cb, NULL);
  g_debug ("recording log lines");

#define ADD(path, func) \
  g_test_add ("/pd/aws/credentials/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("env/full", test_env_full);
  ADD ("env/legacy-token-and-empty", test_env_legacy_token_and_empty);
  ADD ("env/bad", test_env_bad);
  ADD ("profile/static", test_profile_static);
  ADD ("process/good", test_process_good);
  ADD ("process/bad", test_process_bad);
  ADD ("process/command-errors", test_process_command_errors);
  ADD ("process/cache-and-refresh", test_process_cache_and_refresh);
  ADD ("process/concurrent-loads", test_process_concurrent_loads);
  ADD ("process/timeout-and-cancel", test_process_timeout_and_cancel);
  ADD ("role/config-errors", test_role_config_errors);
  ADD ("role/assume", test_role_assume);
  ADD ("role/chained", test_role_chained);
  ADD ("role/mfa", test_role_mfa);
  ADD ("role/concurrent-loads", test_role_concurrent_loads);
  ADD ("role/environment-source-and-denied", test_role_environment_source_and_denied);
  ADD ("chain/order", test_chain_order);
  ADD ("chain/nothing-found", test_chain_nothing_found);
  ADD ("chain/process-source", test_chain_process_source);
  ADD ("chain/finalize", test_chain_finalize);
  g_test_add_func ("/pd/aws/credentials/logs/no-secrets", test_no_secrets_in_logs);

#undef ADD

  status = g_test_run ();
  g_ptr_array_unref (log_lines);
  g_ptr_array_unref (seen_signatures);

  return status;
}
