/* test-db-console.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "pd-db-console.h"
#include "pd-sandbox-services-private.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

/* The SQL console against the sandbox's PostgreSQL, its effects checked
 * with psql outside the console's transaction. */

#define WAIT_MS 120000

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  g_assert_true (pd_test_wait_until (has_result, slot, WAIT_MS));
  return *slot;
}

static void
test_is_read (void)
{
  const char *reads[] = {
    "SELECT 1", "  select * from todos", "-- note\nSELECT 1", "/* c */ SELECT 1", "(SELECT 1)",
    "SELECT 1;", "SELECT 1 ;  -- end", "WITH a AS (SELECT 1) SELECT * FROM a",
    "with recursive t(n) as (select 1 union all select n + 1 from t) select * from t",
    "EXPLAIN SELECT * FROM todos", "SHOW TABLES", "show search_path", "VALUES (1), (2)",
    "TABLE todos", "DESCRIBE todos", "# mysql comment\nSELECT 1",
  };
  const char *writes[] = {
    "", "   ", "-- only a comment", "/* unterminated SELECT 1", "INSERT INTO t VALUES (1)",
    "update todos set checked = true", "DELETE FROM todos", "DROP TABLE todos",
    "SELECT 1; DROP TABLE todos", "SELECT * INTO copy FROM todos",
    "SELECT * FROM todos FOR UPDATE", "EXPLAIN ANALYZE DELETE FROM todos",
    "WITH d AS (DELETE FROM todos RETURNING *) SELECT * FROM d",
    "WITH a AS (SELECT 1) UPDATE todos SET checked = true", "SELECTED", "CALL p ()",
    "SET x = 1", "BEGIN", "COMMIT", "TRUNCATE todos", "CREATE TABLE x (a int)",
    "GRANT ALL ON todos TO public", "COPY todos TO '/tmp/x'",
  };

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    if (!pd_db_statement_is_read (reads[i]))
      g_error ("“%s” should be a read", reads[i]);
  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    if (pd_db_statement_is_read (writes[i]))
      g_error ("“%s” should not be a read", writes[i]);
  g_assert_false (pd_db_statement_is_read (NULL));
}

static void
test_parameters (void)
{
  struct { const char *name; const char *type; const char *text; PdAwsSqlKind kind; } good[] = {
    { "t", "string", "O'Brien ñ ✓", PD_AWS_SQL_STRING },
    { "n", "long", "-42", PD_AWS_SQL_LONG },
    { "x", "double", "2.5", PD_AWS_SQL_DOUBLE },
    { "b", "boolean", "TRUE", PD_AWS_SQL_BOOLEAN },
    { "z", "null", "", PD_AWS_SQL_NULL },
    { "d", "DATE", "2026-03-01", PD_AWS_SQL_STRING },
    { "_id2", "UUID", "0b6f3c1e-5a2d-4c7e-9f10-000000000001", PD_AWS_SQL_STRING },
  };
  struct { const char *name; const char *type; const char *text; } bad[] = {
    { "n", "long", "12abc" }, { "n", "long", "" }, { "n", "long", "99999999999999999999" },
    { "x", "double", "1e999" }, { "x", "double", "nan" }, { "b", "boolean", "yes" },
    { "1a", "string", "x" }, { "a-b", "string", "x" }, { "", "string", "x" },
    { "a", "varchar", "x" }, { "a", NULL, "x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdAwsSqlParameter) param = pd_db_parameter_new (good[i].name, good[i].type,
                                                                good[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpint (param->value.kind, ==, good[i].kind);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdAwsSqlParameter) param = pd_db_parameter_new (bad[i].name, bad[i].type,
                                                                bad[i].text, &error);

      g_assert_null (param);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static char *
find_socket_dir (void)
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
          g_ascii_strtoll (ppid + 6, NULL, 10) != getpid () ||
          !g_file_get_contents (cmdline_path, &cmdline, &len, NULL) ||
          !g_str_has_suffix (cmdline, "postgres"))
        continue;
      for (gsize i = 0; i + 1 < len; i += strlen (cmdline + i) + 1)
        if (g_str_equal (cmdline + i, "-k"))
          return g_strdup (cmdline + i + 3);
    }
  return NULL;
}

/* What psql reports for @sql, outside any transaction of the console. */
static char *
psql (const char *password,
      const char *sql)
{
  g_autofree char *socket = find_socket_dir ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (socket);
  g_subprocess_launcher_setenv (launcher, "PGPASSWORD", password, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, "psql", "-X", "-h", socket,
                                         "-p", "5432", "-U", "todo_admin", "-d", "todo", "-At",
                                         "-c", sql, NULL);
  if (process == NULL)
    g_error ("%s (install postgresql-client)", error->message);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("psql failed: %s", err);
  return g_strchomp (out);
}

static const PdDbRun *
run (PdDbConsole  *console,
     const char   *sql,
     GPtrArray    *params,
     GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_db_console_run_async (console, sql, params, NULL, on_result_cb, &result);
  return pd_db_console_run_finish (console, await (&result), error);
}

static void
end (PdDbConsole *console,
     gboolean     commit)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pd_db_console_end_transaction_async (console, commit, NULL, on_result_cb, &result);
  g_assert_true (pd_db_console_end_transaction_finish (console, await (&result), &error));
  g_assert_no_error (error);
}

typedef struct
{
  PdTestSandbox *sandbox;
  guint64        before;
} CountData;

static gboolean
rolled_back (gpointer data)
{
  CountData *count = data;

  return pd_test_sandbox_count (count->sandbox, "rds-data.RollbackTransaction") > count->before;
}

static void
test_console (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_new (300.0, 7, 8);
  g_autofree char *arn = g_strdup_printf ("arn:aws:rds:%s:%s:cluster:todo-list-db",
                                          pd_sandbox_get_region (sandbox->sandbox),
                                          pd_sandbox_get_account_id (sandbox->sandbox));
  const char *secret_arn = NULL;
  const char *value = pd_sandbox_secretsmanager_lookup (sandbox->sandbox, "todo-list-db/master",
                                                        &secret_arn);
  g_autoptr(JsonNode) secret = json_from_string (value, NULL);
  g_autofree char *password = g_strdup (json_object_get_string_member (
                                          json_node_get_object (secret), "password"));
  g_autoptr(PdDbConsole) console = pd_db_console_new (sandbox->client, arn, secret_arn, "todo");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pd_aws_sql_parameter_free);
  const char *name = "O'Brien \"q\" \\ ñandú ✓ 🐧 ; DROP TABLE tags; --";
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const PdDbRun *done;
  guint64 sent;
  CountData count;

  /* A read runs; its result, duration and history entry */
  done = run (console, "SELECT count(*) FROM todo_tags", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pd_aws_sql_result_get (done->result, 0, 0)->number, ==, 10);
  g_assert_cmpint (done->duration_us, >, 0);
  g_assert_false (done->in_transaction);

  /* A write without writes enabled is refused before anything is sent. */
  sent = pd_test_sandbox_count (sandbox, "rds-data.ExecuteStatement") +
         pd_test_sandbox_count (sandbox, "rds-data.BeginTransaction");
  g_assert_cmpuint (sent, ==, 1);
  g_assert_null (run (console, "DELETE FROM todo_tags", NULL, &error));
  g_assert_error (error, PD_DB_ERROR, PD_DB_ERROR_WRITE_REFUSED);
  g_clear_error (&error);
  g_assert_null (run (console, "WITH d AS (DELETE FROM todo_tags RETURNING *) SELECT 1", NULL,
                      &error));
  g_assert_error (error, PD_DB_ERROR, PD_DB_ERROR_WRITE_REFUSED);
  g_clear_error (&error);
  g_assert_cmpuint (pd_test_sandbox_count (sandbox, "rds-data.ExecuteStatement") +
                    pd_test_sandbox_count (sandbox, "rds-data.BeginTransaction"), ==, sent);
  g_assert_cmpuint (pd_db_console_get_history (console)->len, ==, 3);
  g_assert_null (pd_db_console_get_transaction (console));

  /* With writes on, the write runs in a transaction; rolled back, the
   * table is as it was. */
  pd_db_console_set_writes_enabled (console, TRUE);
  done = run (console, "DELETE FROM todo_tags", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->result->records_updated, ==, 10);
  g_assert_true (done->in_transaction);
  g_assert_nonnull (pd_db_console_get_transaction (console));
  /* Reads join the open transaction. */
  done = run (console, "SELECT count(*) FROM todo_tags", NULL, &error);
  g_assert_cmpint (pd_aws_sql_result_get (done->result, 0, 0)->number, ==, 0);
  out = psql (password, "SELECT count(*) FROM todo_tags");
  g_assert_cmpstr (out, ==, "10");
  g_clear_pointer (&out, g_free);
  end (console, FALSE);
  g_assert_null (pd_db_console_get_transaction (console));
  out = psql (password, "SELECT count(*) FROM todo_tags");
  g_assert_cmpstr (out, ==, "10");
  g_clear_pointer (&out, g_free);

  /* Parameters with quotes and non-ASCII text round-trip, committed. */
  g_ptr_array_add (params, pd_db_parameter_new ("n", "string", name, NULL));
  done = run (console, "INSERT INTO tags (name) VALUES (:n)", params, &error);
  g_assert_no_error (error);
  end (console, TRUE);
  done = run (console, "SELECT name FROM tags WHERE name = :n", params, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (done->result->n_rows, ==, 1);
  g_assert_cmpstr (pd_aws_sql_result_get (done->result, 0, 0)->text, ==, name);
  out = psql (password, "SELECT count(*) FROM tags WHERE name LIKE 'O''Brien%'");
  g_assert_cmpstr (out, ==, "1");
  g_clear_pointer (&out, g_free);
  out = psql (password, "SELECT count(*) FROM tags");
  g_assert_cmpstr (out, ==, "7");
  g_clear_pointer (&out, g_free);

  /* Errors are runs of the history too. */
  g_assert_null (run (console, "SELECT * FROM nope", NULL, &error));
  g_assert_error (error, PD_DB_ERROR, PD_DB_ERROR_SQL);
  g_clear_error (&error);
  g_assert_null (run (console, "  -- nothing", NULL, &error));
  g_assert_error (error, PD_DB_ERROR, PD_DB_ERROR_SQL);
  g_clear_error (&error);

  /* Closing with a transaction open rolls it back. */
  done = run (console, "DELETE FROM tags", NULL, &error);
  g_assert_no_error (error);
  count.sandbox = sandbox;
  count.before = pd_test_sandbox_count (sandbox, "rds-data.RollbackTransaction");
  g_clear_object (&console);
  g_assert_true (pd_test_wait_until (rolled_back, &count, 30000));
  out = psql (password, "SELECT count(*) FROM tags");
  g_assert_cmpstr (out, ==, "7");
  memset (password, 0, strlen (password));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/core/db-console/is-read", test_is_read);
  g_test_add_func ("/pd/core/db-console/parameters", test_parameters);
  g_test_add_func ("/pd/core/db-console/console", test_console);

  return g_test_run ();
}
