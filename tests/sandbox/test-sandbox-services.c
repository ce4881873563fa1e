/* test-sandbox-services.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-sandbox.h"
#include "pd-sandbox-services-private.h"
#include "pd-test-utils.h"
#include "sandbox-test-client.h"

/* Real clients (boto3 and awscli) against the sandbox's application stack:
 * RDS, the Data API on a private PostgreSQL, Secrets Manager and STS. */

typedef struct
{
  PdSandbox *sandbox;
  GString   *logs;
} Fixture;

static GString *captured_logs;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  if (captured_logs != NULL)
    for (gsize i = 0; i < n_fields; i++)
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
        g_string_append_printf (captured_logs, "%s\n", (const char *) fields[i].value);

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  captured_logs = g_string_new (NULL);
  fixture->sandbox = pd_sandbox_new_full (50.0, 7, 0);
  g_assert_true (pd_sandbox_start (fixture->sandbox, 0, &error));
  g_assert_no_error (error);
}

/* The postmaster a sandbox started (a child of @parent), or 0. */
static GPid
find_postmaster (GPid    parent,
                 char  **data_dir)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *status_path = g_strdup_printf ("/proc/%s/status", name);
      g_autofree char *cmdline_path = g_strdup_printf ("/proc/%s/cmdline", name);
      g_autofree char *status = NULL;
      g_autofree char *cmdline = NULL;
      gsize len = 0;
      const char *ppid;

      if (!g_ascii_isdigit (name[0]) ||
          !g_file_get_contents (status_path, &status, NULL, NULL) ||
          (ppid = strstr (status, "\nPPid:")) == NULL ||
          g_ascii_strtoll (ppid + 6, NULL, 10) != parent ||
          !g_file_get_contents (cmdline_path, &cmdline, &len, NULL) ||
          !g_str_has_suffix (cmdline, "postgres"))
        continue;

      for (gsize i = 0; i + 1 < len; i += strlen (cmdline + i) + 1)
        if (g_str_equal (cmdline + i, "-k"))
          *data_dir = g_strdup (cmdline + i + 3);
      return (GPid) g_ascii_strtoll (name, NULL, 10);
    }
  return 0;
}

static gboolean
process_gone (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  const char *state;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return TRUE;
  state = strrchr (contents, ')');
  return state != NULL && state[2] == 'Z';
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *data_dir = NULL;
  GPid postmaster = find_postmaster (getpid (), &data_dir);

  /* Whatever the test did, the sandbox's PostgreSQL goes with it. */
  pd_sandbox_stop (fixture->sandbox);
  g_assert_finalize_object (fixture->sandbox);
  if (postmaster != 0)
    {
      g_assert_true (process_gone (postmaster));
      g_assert_nonnull (data_dir);
      g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpint (find_postmaster (getpid (), &data_dir), ==, 0);
  g_string_free (g_steal_pointer (&captured_logs), TRUE);
}

static char *
db_password (PdSandbox *sandbox)
{
  const char *value = pd_sandbox_secretsmanager_lookup (sandbox, "todo-list-db/master", NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (value);
  node = json_from_string (value, NULL);
  g_assert_nonnull (node);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "password"));
}

static void
test_data_boto3 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *password = db_password (fixture->sandbox);
  g_autofree char *data_dir = NULL;
  GPid postmaster;

  g_assert_cmpuint (strlen (password), >=, 20);
  out = sandbox_test_run_script (fixture->sandbox, "services_data.py", NULL);
  g_assert_nonnull (strstr (out, "checks passed"));

  /* The Data API ran on a real, private PostgreSQL. */
  postmaster = find_postmaster (getpid (), &data_dir);
  g_assert_cmpint (postmaster, >, 0);
  g_assert_nonnull (data_dir);
  g_assert_true (g_file_test (data_dir, G_FILE_TEST_IS_DIR));

  /* The database password never reaches logs or client output. Compare
   * without printing it. */
  g_assert_true (strstr (out, password) == NULL);
  g_assert_true (strstr (captured_logs->str, password) == NULL);
}

static void
test_data_unavailable (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *empty = g_dir_make_tmp ("pd-nopg-XXXXXX", NULL);
  g_autofree char *out = NULL;
  g_autofree char *data_dir = NULL;
  const char *args[] = { "unavailable", NULL };

  g_setenv ("PD_SANDBOX_PG_BINDIR", empty, TRUE);
  g_setenv ("PD_SANDBOX_MARIADB_BINDIR", empty, TRUE);
  out = sandbox_test_run_script (fixture->sandbox, "services_data.py", args);
  g_assert_nonnull (strstr (out, "checks passed"));
  g_assert_cmpint (find_postmaster (getpid (), &data_dir), ==, 0);
  g_unsetenv ("PD_SANDBOX_PG_BINDIR");
  g_unsetenv ("PD_SANDBOX_MARIADB_BINDIR");
  g_rmdir (empty);
}

static char *
run_aws (Fixture            *fixture,
         const char * const *args,
         int                 expected_status,
         const char         *expected_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out;
  int status = -1;

  /* Debian's awscli v2, whatever else the PATH holds. */
  g_ptr_array_add (argv, (char *) "/usr/bin/aws");
  g_ptr_array_add (argv, (char *) "--endpoint-url");
  g_ptr_array_add (argv, (char *) pd_sandbox_get_endpoint (fixture->sandbox));
  g_ptr_array_add (argv, (char *) "--output");
  g_ptr_array_add (argv, (char *) "json");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  out = sandbox_test_run_client (fixture->sandbox, (const char * const *) argv->pdata, NULL,
                                 &status, &err);
  if (status != expected_status ||
      (expected_stderr != NULL && strstr (err, expected_stderr) == NULL))
    g_error ("aws %s %s: exit %d, stdout: %s, stderr: %s", args[0], args[1], status, out, err);
  return out;
}

static JsonObject *
parse (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_data_awscli (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *cluster_arn = g_strdup_printf ("arn:aws:rds:eu-west-1:%s:cluster:todo-list-db",
                                                  pd_sandbox_get_account_id (fixture->sandbox));
  g_autofree char *mysql_arn = g_strdup_printf ("%s-mysql", cluster_arn);
  g_autofree char *role_arn = g_strdup_printf ("arn:aws:iam::%s:role/pipedeck-readonly",
                                               pd_sandbox_get_account_id (fixture->sandbox));
  g_autofree char *password = db_password (fixture->sandbox);
  const char *secret_arn = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *records;

  pd_sandbox_secretsmanager_lookup (fixture->sandbox, "todo-list-db/master", &secret_arn);

  out = run_aws (fixture, (const char *[]) { "rds", "describe-db-clusters",
                                             "--db-cluster-identifier", "todo-list-db", NULL },
                 0, NULL);
  reply = parse (out);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (reply, "DBClusters"), 0), "Engine"),
                   ==, "aurora-postgresql");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&reply, json_object_unref);

  /* The CLI pages through every cluster by itself. */
  out = run_aws (fixture, (const char *[]) { "rds", "describe-db-clusters", "--page-size", "20",
                                             "--query", "length(DBClusters)", NULL }, 0, NULL);
  g_assert_cmpint (g_ascii_strtoll (out, NULL, 10), ==, 25);
  g_clear_pointer (&out, g_free);

  g_free (run_aws (fixture, (const char *[]) { "rds", "describe-db-clusters",
                                               "--db-cluster-identifier", "nope", NULL },
                   254, "DBClusterNotFoundFault"));

  out = run_aws (fixture, (const char *[]) { "rds-data", "execute-statement",
                                             "--resource-arn", cluster_arn,
                                             "--secret-arn", secret_arn,
                                             "--sql", "SELECT title FROM todos WHERE priority = "
                                                      ":p ORDER BY title",
                                             "--parameters",
                                             "[{\"name\":\"p\",\"value\":{\"longValue\":1}}]",
                                             NULL }, 0, NULL);
  reply = parse (out);
  records = json_object_get_array_member (reply, "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&reply, json_object_unref);

  g_free (run_aws (fixture, (const char *[]) { "rds-data", "execute-statement",
                                               "--resource-arn", cluster_arn,
                                               "--secret-arn", secret_arn,
                                               "--sql", "SELEC 1", NULL },
                   254, "BadRequestException"));

  /* The aurora-mysql cluster runs the same schema on MariaDB. */
  pd_sandbox_secretsmanager_lookup (fixture->sandbox, "todo-list-db-mysql/master", &secret_arn);
  out = run_aws (fixture, (const char *[]) { "rds-data", "execute-statement",
                                             "--resource-arn", mysql_arn,
                                             "--secret-arn", secret_arn,
                                             "--sql", "SELECT title FROM todos WHERE priority = "
                                                      ":p ORDER BY title",
                                             "--parameters",
                                             "[{\"name\":\"p\",\"value\":{\"longValue\":1}}]",
                                             NULL }, 0, NULL);
  reply = parse (out);
  records = json_object_get_array_member (reply, "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_array_get_array_element (records, 0), 0), "stringValue"),
                   ==, "Approve the production deploy");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&reply, json_object_unref);
  g_free (run_aws (fixture, (const char *[]) { "rds-data", "execute-statement",
                                               "--resource-arn", mysql_arn,
                                               "--secret-arn", secret_arn,
                                               "--sql", "SELEC 1", NULL },
                   254, "SQL syntax"));

  out = run_aws (fixture, (const char *[]) { "secretsmanager", "list-secrets", NULL }, 0, NULL);
  reply = parse (out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "SecretList")),
                    ==, 6);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&reply, json_object_unref);

  out = run_aws (fixture, (const char *[]) { "secretsmanager", "get-secret-value",
                                             "--secret-id", "todo-list-db/master", NULL },
                 0, NULL);
  reply = parse (out);
  g_assert_true (strstr (json_object_get_string_member (reply, "SecretString"), password) != NULL);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&reply, json_object_unref);

  out = run_aws (fixture, (const char *[]) { "sts", "get-caller-identity", NULL }, 0, NULL);
  reply = parse (out);
  g_assert_cmpstr (json_object_get_string_member (reply, "Account"), ==,
                   pd_sandbox_get_account_id (fixture->sandbox));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&reply, json_object_unref);

  out = run_aws (fixture, (const char *[]) { "sts", "assume-role", "--role-arn", role_arn,
                                             "--role-session-name", "cli", NULL }, 0, NULL);
  reply = parse (out);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
                   json_object_get_object_member (reply, "Credentials"), "AccessKeyId"),
                   "ASIA"));
  g_clear_pointer (&out, g_free);

  g_free (run_aws (fixture, (const char *[]) { "sts", "assume-role", "--role-arn",
                                               "arn:aws:iam::000000000000:role/nope",
                                               "--role-session-name", "cli", NULL },
                   254, "AccessDenied"));
}

/* The seeded world depends on the seed only. */
static void
test_deterministic (void)
{
  g_autoptr(PdSandbox) a = pd_sandbox_new_full (1.0, 42, 0);
  g_autoptr(PdSandbox) b = pd_sandbox_new_full (1.0, 42, 0);
  g_autoptr(PdSandbox) c = pd_sandbox_new_full (1.0, 43, 0);
  g_autofree char *arn_a = pd_sandbox_apigateway_dup_stage_arn (a, "todo-list-aws", "prod");
  g_autofree char *arn_b = pd_sandbox_apigateway_dup_stage_arn (b, "todo-list-aws", "prod");
  g_autofree char *arn_c = pd_sandbox_apigateway_dup_stage_arn (c, "todo-list-aws", "prod");
  const char *secret_a = NULL;
  const char *secret_b = NULL;
  g_autofree char *password_a = db_password (a);
  g_autofree char *password_b = db_password (b);

  g_assert_nonnull (arn_a);
  g_assert_cmpstr (arn_a, ==, arn_b);
  g_assert_cmpstr (arn_a, !=, arn_c);
  g_assert_null (pd_sandbox_apigateway_dup_stage_arn (a, "todo-list-aws", "qa"));
  pd_sandbox_secretsmanager_lookup (a, "todo-list-db/master", &secret_a);
  pd_sandbox_secretsmanager_lookup (b, "todo-list-db/master", &secret_b);
  g_assert_cmpstr (secret_a, ==, secret_b);
  /* Passwords are not part of the world: never derived from the seed. */
  g_assert_true (strcmp (password_a, password_b) != 0);
}

static void
on_exited_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* pipedeck-sandbox stops its PostgreSQL and removes its directory when it
 * gets SIGTERM. */
static void
test_sigterm (void)
{
  const char *binary = g_getenv ("PD_SANDBOX_BINARY");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocessLauncher) client_launcher = NULL;
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GSubprocess) client = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "sandbox", "services_data.py",
                                                   NULL);
  g_autofree char *client_out = NULL;
  g_autofree char *client_err = NULL;
  g_autofree char *data_dir = NULL;
  gboolean exited = FALSE;
  GPid sandbox_pid;
  GPid postmaster;

  g_assert_nonnull (binary);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  sandbox = g_subprocess_launcher_spawn (launcher, &error, binary, "--port", "0", NULL);
  g_assert_no_error (error);
  sandbox_pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (sandbox), NULL, 10);

  /* It prints its endpoint and keys: hand them to the client. */
  client_launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (client_launcher, "AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (client_launcher, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_unsetenv (client_launcher, "AWS_SESSION_TOKEN");
  g_subprocess_launcher_unsetenv (client_launcher, "AWS_PROFILE");
  g_subprocess_launcher_unsetenv (client_launcher, "AWS_DEFAULT_PROFILE");
  g_subprocess_launcher_unsetenv (client_launcher, "AWS_ENDPOINT_URL");
  g_subprocess_launcher_setenv (client_launcher, "AWS_MAX_ATTEMPTS", "1", TRUE);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
      g_auto(GStrv) kv = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      kv = g_strsplit (line, "=", 2);
      g_assert_nonnull (kv[1]);
      if (g_str_equal (kv[0], "AWS_ENDPOINT_URL"))
        g_subprocess_launcher_setenv (client_launcher, "PD_SANDBOX_ENDPOINT", kv[1], TRUE);
      else
        g_subprocess_launcher_setenv (client_launcher, kv[0], kv[1], TRUE);
    }

  client = g_subprocess_launcher_spawn (client_launcher, &error, "/usr/bin/python3", script,
                                        "ping", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (client, NULL, NULL, &client_out, &client_err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (client) != 0)
    g_error ("services_data.py ping: %s", client_err);
  g_assert_nonnull (strstr (client_out, "checks passed"));

  postmaster = find_postmaster (sandbox_pid, &data_dir);
  g_assert_cmpint (postmaster, >, 0);
  g_assert_true (g_file_test (data_dir, G_FILE_TEST_IS_DIR));

  g_subprocess_send_signal (sandbox, SIGTERM);
  g_subprocess_wait_async (sandbox, NULL, on_exited_cb, &exited);
  pd_test_wait_for_flag (&exited, 30000);
  g_assert_true (g_subprocess_get_if_exited (sandbox));
  g_assert_cmpint (g_subprocess_get_exit_status (sandbox), ==, 0);
  g_assert_true (process_gone (postmaster));
  g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  /* Sessions of one second, to see temporary credentials expire. */
  g_setenv ("PD_SANDBOX_STS_MIN_DURATION", "1", TRUE);

  g_test_add ("/pd/sandbox/services/data/boto3", Fixture, NULL, fixture_setup,
              test_data_boto3, fixture_teardown);
  g_test_add ("/pd/sandbox/services/data/unavailable", Fixture, NULL, fixture_setup,
              test_data_unavailable, fixture_teardown);
  g_test_add ("/pd/sandbox/services/data/awscli", Fixture, NULL, fixture_setup,
              test_data_awscli, fixture_teardown);

  g_test_add_func ("/pd/sandbox/services/data/sigterm", test_sigterm);
  g_test_add_func ("/pd/sandbox/services/seeded-world/deterministic", test_deterministic);

  return g_test_run ();
}
