/* test-sandbox-mysql.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-aws-error.h"
#include "pd-sandbox-mysql.h"
#include "pd-test-utils.h"

#define USERNAME "admin"
#define PASSWORD "s3cret-'Test\\-Pw"

typedef struct
{
  PdSandboxMysql *db;
  GAsyncResult   *result;
} Fixture;

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return ((Fixture *) data)->result != NULL;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  fixture->db = pd_sandbox_mysql_new (USERNAME, PASSWORD, "todo");
  pd_sandbox_mysql_start_async (fixture->db, NULL, on_result_cb, fixture);
  g_assert_true (pd_test_wait_until (result_ready, fixture, 120000));
  result = g_steal_pointer (&fixture->result);
  if (!pd_sandbox_mysql_start_finish (fixture->db, result, &error))
    g_error ("MariaDB did not start (install the mariadb-server package): %s", error->message);
  g_assert_true (pd_sandbox_mysql_is_running (fixture->db));
}

static gboolean
pid_alive (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  const char *state;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  state = strrchr (contents, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z';
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *directory = g_strdup (pd_sandbox_mysql_get_directory (fixture->db));
  GPid pid = pd_sandbox_mysql_get_pid (fixture->db);

  g_assert_nonnull (directory);
  g_assert_cmpint (pid, >, 0);
  g_assert_true (pid_alive (pid));

  pd_sandbox_mysql_stop (fixture->db);
  g_assert_finalize_object (fixture->db);

  g_assert_false (pid_alive (pid));
  g_assert_false (g_file_test (directory, G_FILE_TEST_EXISTS));
}

static JsonObject *
call_as (Fixture     *fixture,
         const char  *operation,
         const char  *json,
         const char  *username,
         const char  *password,
         GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (node);
  pd_sandbox_mysql_call_async (fixture->db, operation, json_node_get_object (node), username,
                               password, NULL, on_result_cb, fixture);
  g_assert_true (pd_test_wait_until (result_ready, fixture, 60000));
  result = g_steal_pointer (&fixture->result);
  return pd_sandbox_mysql_call_finish (fixture->db, result, error);
}

static JsonObject *
call_ok (Fixture    *fixture,
         const char *operation,
         const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *reply = call_as (fixture, operation, json, USERNAME, PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}

static void
call_fails (Fixture    *fixture,
            const char *operation,
            const char *json,
            const char *code,
            const char *contains)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = call_as (fixture, operation, json, USERNAME, PASSWORD, &error);

  g_assert_null (reply);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, code);
  if (strstr (error->message, contains) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, contains);
}

static JsonObject *
cell (JsonObject *reply,
      guint       row,
      guint       col)
{
  JsonArray *records = json_object_get_array_member (reply, "records");

  return json_array_get_object_element (json_array_get_array_element (records, row), col);
}

static gint64
count_todos (Fixture    *fixture,
             const char *where)
{
  g_autofree char *json = g_strdup_printf ("{\"sql\":\"SELECT count(*) FROM todos %s\"}", where);
  g_autoptr(JsonObject) reply = call_ok (fixture, "ExecuteStatement", json);

  return json_object_get_int_member (cell (reply, 0, 0), "longValue");
}

static void
test_placeholders (void)
{
  struct { const char *in; const char *out; const char *names; } cases[] = {
    { "SELECT :id", "SELECT ?", "id" },
    { "SELECT :a, :b, :a", "SELECT ?, ?, ?", "a,b,a" },
    { "SELECT ':no', \":no\", `:no`, :yes", "SELECT ':no', \":no\", `:no`, ?", "yes" },
    { "SELECT 1 -- :no\n, :yes /* :no */ # :no", "SELECT 1 -- :no\n, ? /* :no */ # :no", "yes" },
    { "SELECT 'it\\':no', :yes", "SELECT 'it\\':no', ?", "yes" },
    { "SELECT 'it''s :no', :yes", "SELECT 'it''s :no', ?", "yes" },
    { "SET @x := 1", "SET @x := 1", "" },
    { "SELECT 1-- :no", "SELECT 1-- :no", "" },
    { "SELECT 1--:x", "SELECT 1--?", "x" },
    { "SELECT 'unterminated :no", "SELECT 'unterminated :no", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *out = pd_sandbox_mysql_rewrite_placeholders (cases[i].in, names);
      g_autofree char *joined = NULL;

      g_ptr_array_add (names, NULL);
      joined = g_strjoinv (",", (char **) names->pdata);
      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_cmpstr (joined, ==, cases[i].names);
    }

  /* Arbitrary input never crashes, and without a colon comes back as it was. */
  for (guint i = 0; i < 5000; i++)
    {
      static const char alphabet[] = ":'\"`#-/*ab_1\n\\ x";
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      char input[24];
      g_autofree char *out = NULL;
      guint len = g_test_rand_int_range (0, sizeof input);

      for (guint k = 0; k < len; k++)
        input[k] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
      input[len] = '\0';
      out = pd_sandbox_mysql_rewrite_placeholders (input, names);
      g_assert_nonnull (out);
      if (strchr (input, ':') == NULL)
        {
          g_assert_cmpstr (out, ==, input);
          g_assert_cmpuint (names->len, ==, 0);
        }
    }
}

static void
test_data_api (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *columns;
  const char *tx;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) formatted = NULL;

  /* Private: no TCP, the socket inside the directory, no root login. */
  reply = call_ok (fixture, "ExecuteStatement",
                   "{\"sql\":\"SELECT @@skip_networking, @@socket, current_user()\"}");
  g_assert_cmpint (json_object_get_int_member (cell (reply, 0, 0), "longValue"), ==, 1);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (cell (reply, 0, 1),
                                                                  "stringValue"),
                                   pd_sandbox_mysql_get_directory (fixture->db)));
  g_assert_cmpstr (json_object_get_string_member (cell (reply, 0, 2), "stringValue"), ==,
                   "admin@localhost");
  g_clear_pointer (&reply, json_object_unref);
  g_assert_null (call_as (fixture, "ExecuteStatement", "{\"sql\":\"SELECT 1\"}", "root", "",
                          &error));
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "BadRequestException");
  g_assert_nonnull (strstr (error->message, "Access denied"));
  g_clear_error (&error);
  g_assert_null (call_as (fixture, "ExecuteStatement", "{\"sql\":\"SELECT 1\"}", USERNAME,
                          "wrong", &error));
  g_assert_nonnull (strstr (error->message, "Access denied"));
  g_clear_error (&error);

  /* The seeded schema, as information_schema reports it. */
  reply = call_ok (fixture, "ExecuteStatement",
                   "{\"sql\":\"SELECT table_name, table_comment FROM information_schema.tables"
                   " WHERE table_schema = :s ORDER BY 1\","
                   "\"parameters\":[{\"name\":\"s\",\"value\":{\"stringValue\":\"todo\"}}]}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "records")),
                    ==, 4);
  g_assert_cmpstr (json_object_get_string_member (cell (reply, 0, 0), "stringValue"), ==, "tags");
  g_assert_cmpstr (json_object_get_string_member (cell (reply, 1, 1), "stringValue"), ==,
                   "To-Do items, one row per item");
  g_clear_pointer (&reply, json_object_unref);
  reply = call_ok (fixture, "ExecuteStatement",
                   "{\"sql\":\"SELECT count(*) FROM information_schema.referential_constraints"
                   " WHERE constraint_schema = 'todo'\"}");
  g_assert_cmpint (json_object_get_int_member (cell (reply, 0, 0), "longValue"), ==, 3);
  g_clear_pointer (&reply, json_object_unref);
  g_assert_cmpint (count_todos (fixture, ""), ==, 10);
  g_assert_cmpint (count_todos (fixture, "WHERE checked"), ==, 2);

  /* Parameters with quotes, backslashes and non-ASCII text round-trip;
   * the insert reports its AUTO_INCREMENT key. */
  reply = call_ok (fixture, "ExecuteStatement",
                   "{\"sql\":\"INSERT INTO users (email, display_name) VALUES (:e, :n)\","
                   "\"parameters\":[{\"name\":\"e\",\"value\":{\"stringValue\":\"o'brien@x.ie\"}},"
                   "{\"name\":\"n\",\"value\":{\"stringValue\":\"Ñandú \\\\ \\\"q\\\" 'x' 🐧\"}}]}");
  g_assert_cmpint (json_object_get_int_member (reply, "numberOfRecordsUpdated"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (reply, "generatedFields"), 0), "longValue"),
                   ==, 5);
  g_clear_pointer (&reply, json_object_unref);
  reply = call_ok (fixture, "ExecuteStatement",
                   "{\"sql\":\"SELECT display_name, :n = display_name FROM users"
                   " WHERE email = :e\","
                   "\"parameters\":[{\"name\":\"e\",\"value\":{\"stringValue\":\"o'brien@x.ie\"}},"
                   "{\"name\":\"n\",\"value\":{\"stringValue\":\"Ñandú \\\\ \\\"q\\\" 'x' 🐧\"}}]}");
  g_assert_cmpstr (json_object_get_string_member (cell (reply, 0, 0), "stringValue"), ==,
                   "Ñandú \\ \"q\" 'x' 🐧");
  g_assert_cmpint (json_object_get_int_member (cell (reply, 0, 1), "longValue"), ==, 1);
  g_clear_pointer (&reply, json_object_unref);

  /* Types, NULL and metadata */
  reply = call_ok (fixture, "ExecuteStatement",
                   "{\"sql\":\"SELECT id, user_id, description, checked, due_date, created_at,"
                   " 1.5e0, CAST(2.25 AS DECIMAL(5,2)), x'00ff', :b, :d"
                   " FROM todos WHERE id = :id\",\"includeResultMetadata\":true,"
                   "\"parameters\":[{\"name\":\"id\",\"value\":{\"stringValue\":"
                   "\"0b6f3c1e-5a2d-4c7e-9f10-000000000002\"}},"
                   "{\"name\":\"b\",\"value\":{\"isNull\":true}},"
                   "{\"name\":\"d\",\"typeHint\":\"DATE\","
                   "\"value\":{\"stringValue\":\"2026-03-01\"}}]}");
  g_assert_cmpint (json_object_get_int_member (cell (reply, 0, 1), "longValue"), ==, 1);
  g_assert_true (json_object_get_boolean_member (cell (reply, 0, 2), "isNull"));
  g_assert_cmpint (json_object_get_int_member (cell (reply, 0, 3), "longValue"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (cell (reply, 0, 4), "stringValue"), ==,
                   "2026-03-06");
  g_assert_cmpstr (json_object_get_string_member (cell (reply, 0, 5), "stringValue"), ==,
                   "2026-02-27 10:05:00");
  g_assert_cmpfloat (json_object_get_double_member (cell (reply, 0, 6), "doubleValue"), ==, 1.5);
  g_assert_cmpstr (json_object_get_string_member (cell (reply, 0, 7), "stringValue"), ==, "2.25");
  g_assert_cmpstr (json_object_get_string_member (cell (reply, 0, 8), "blobValue"), ==, "AP8=");
  g_assert_true (json_object_get_boolean_member (cell (reply, 0, 9), "isNull"));
  g_assert_cmpstr (json_object_get_string_member (cell (reply, 0, 10), "stringValue"), ==,
                   "2026-03-01");
  columns = json_object_get_array_member (reply, "columnMetadata");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 0),
                                                  "typeName"), ==, "CHAR");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 0),
                                                  "tableName"), ==, "todos");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (columns, 1),
                                               "nullable"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (columns, 2),
                                               "nullable"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 5),
                                                  "typeName"), ==, "DATETIME");
  g_clear_pointer (&reply, json_object_unref);

  reply = call_ok (fixture, "ExecuteStatement",
                   "{\"sql\":\"SELECT name, color FROM tags WHERE id <= 2 ORDER BY id\","
                   "\"formatRecordsAs\":\"JSON\"}");
  formatted = json_from_string (json_object_get_string_member (reply, "formattedRecords"), NULL);
  json = json_to_string (formatted, FALSE);
  g_assert_cmpstr (json, ==,
                   "[{\"name\":\"work\",\"color\":\"#3584e4\"},"
                   "{\"name\":\"home\",\"color\":\"#33d17a\"}]");
  g_clear_pointer (&reply, json_object_unref);

  /* A statement that cannot be prepared goes over the text protocol. */
  reply = call_ok (fixture, "ExecuteStatement", "{\"sql\":\"SHOW TABLES\"}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "records")),
                    ==, 4);
  g_clear_pointer (&reply, json_object_unref);

  /* A transaction rolled back leaves the table as it was; one committed
   * keeps its change. */
  reply = call_ok (fixture, "BeginTransaction", "{}");
  tx = json_object_get_string_member (reply, "transactionId");
  g_free (json);
  json = g_strdup_printf ("{\"sql\":\"DELETE FROM todos\",\"transactionId\":\"%s\"}", tx);
  g_clear_pointer (&formatted, json_node_unref);
  {
    g_autoptr(JsonObject) deleted = call_ok (fixture, "ExecuteStatement", json);

    g_assert_cmpint (json_object_get_int_member (deleted, "numberOfRecordsUpdated"), ==, 10);
  }
  g_assert_cmpint (count_todos (fixture, ""), ==, 10);
  g_free (json);
  json = g_strdup_printf ("{\"transactionId\":\"%s\"}", tx);
  {
    g_autoptr(JsonObject) done = call_ok (fixture, "RollbackTransaction", json);

    g_assert_cmpstr (json_object_get_string_member (done, "transactionStatus"), ==,
                     "Rollback Complete");
  }
  call_fails (fixture, "CommitTransaction", json, "NotFoundException", "is not found");
  g_clear_pointer (&reply, json_object_unref);
  g_assert_cmpint (count_todos (fixture, ""), ==, 10);

  reply = call_ok (fixture, "BeginTransaction", "{}");
  tx = json_object_get_string_member (reply, "transactionId");
  g_free (json);
  json = g_strdup_printf ("{\"sql\":\"UPDATE todos SET checked = 1 WHERE priority = 3\","
                          "\"transactionId\":\"%s\"}", tx);
  json_object_unref (call_ok (fixture, "ExecuteStatement", json));
  g_free (json);
  json = g_strdup_printf ("{\"transactionId\":\"%s\"}", tx);
  json_object_unref (call_ok (fixture, "CommitTransaction", json));
  g_clear_pointer (&reply, json_object_unref);
  g_assert_cmpint (count_todos (fixture, "WHERE checked"), ==, 4);

  /* Errors */
  call_fails (fixture, "ExecuteStatement", "{\"sql\":\"SELECT * FROM nope\"}",
              "BadRequestException", "doesn't exist");
  call_fails (fixture, "ExecuteStatement", "{\"sql\":\"SELEC 1\"}",
              "BadRequestException", "SQL syntax");
  call_fails (fixture, "ExecuteStatement", "{\"sql\":\"SELECT :x\"}",
              "BadRequestException", "No value specified for parameter 'x'");
  call_fails (fixture, "ExecuteStatement",
              "{\"sql\":\"SELECT :x\",\"parameters\":[{\"name\":\"x\",\"typeHint\":\"NOPE\","
              "\"value\":{\"stringValue\":\"1\"}}]}",
              "BadRequestException", "Invalid typeHint");
  call_fails (fixture, "ExecuteStatement", "{\"sql\":\"\"}", "BadRequestException",
              "SQL statement is required");
  call_fails (fixture, "ExecuteStatement",
              "{\"sql\":\"SET STATEMENT max_statement_time = 0.2 FOR SELECT sleep(3)\"}",
              "StatementTimeoutException", "timed out");
  call_fails (fixture, "ExecuteStatement",
              "{\"sql\":\"SELECT 1\",\"transactionId\":\"nope\"}",
              "BadRequestException", "is not found");
  call_fails (fixture, "ExecuteStatement", "{\"sql\":\"SELECT 1\",\"formatRecordsAs\":\"CSV\"}",
              "BadRequestException", "formatRecordsAs");
  call_fails (fixture, "Nope", "{}", "BadRequestException", "Unknown Data API operation");
}

static void
test_unavailable (void)
{
  g_autoptr(PdSandboxMysql) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autofree char *empty = g_dir_make_tmp ("pd-nomy-XXXXXX", NULL);
  Fixture fixture = { NULL, NULL };

  g_assert_nonnull (empty);
  g_setenv ("PD_SANDBOX_MARIADB_BINDIR", empty, TRUE);
  g_assert_false (pd_sandbox_mysql_find_programs (NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  db = pd_sandbox_mysql_new (USERNAME, PASSWORD, "todo");
  pd_sandbox_mysql_start_async (db, NULL, on_result_cb, &fixture);
  g_assert_true (pd_test_wait_until (result_ready, &fixture, 10000));
  result = g_steal_pointer (&fixture.result);
  g_assert_false (pd_sandbox_mysql_start_finish (db, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_false (pd_sandbox_mysql_is_running (db));
  g_assert_null (pd_sandbox_mysql_get_directory (db));

  json_object_set_string_member (request, "sql", "SELECT * FROM todos");
  pd_sandbox_mysql_call_async (db, "ExecuteStatement", request, USERNAME, PASSWORD, NULL,
                               on_result_cb, &fixture);
  g_assert_true (pd_test_wait_until (result_ready, &fixture, 10000));
  result = g_steal_pointer (&fixture.result);
  g_assert_null (pd_sandbox_mysql_call_finish (db, result, &error));
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "DatabaseUnavailableException");
  g_assert_cmpuint (pd_aws_error_get_http_status (error), ==, 504);
  g_assert_nonnull (strstr (error->message, "MariaDB is not installed"));
  g_assert_nonnull (strstr (error->message, "mariadb-server"));

  g_unsetenv ("PD_SANDBOX_MARIADB_BINDIR");
  g_rmdir (empty);
}

/* The directory of a killed sandbox (its server gone) is removed by the
 * next start; a young directory without a server is not. */
static void
test_stale_directories (void)
{
  const char *parent = geteuid () == 0 ? "/tmp" : g_get_tmp_dir ();
  g_autofree char *stale = g_build_filename (parent, "pd-my-STALE0", NULL);
  g_autofree char *young = g_build_filename (parent, "pd-my-YOUNG0", NULL);
  g_autofree char *pid_file = g_build_filename (stale, "mariadbd.pid", NULL);
  Fixture fixture = { NULL, NULL };

  g_assert_cmpint (g_mkdir_with_parents (stale, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (young, 0700), ==, 0);
  g_assert_true (g_file_set_contents (pid_file, "4194305\n", -1, NULL));

  fixture_setup (&fixture, NULL);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (young, G_FILE_TEST_IS_DIR));
  fixture_teardown (&fixture, NULL);
  g_rmdir (young);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/sandbox/mysql/placeholders", test_placeholders);
  g_test_add_func ("/pd/sandbox/mysql/unavailable", test_unavailable);
  g_test_add_func ("/pd/sandbox/mysql/stale-directories", test_stale_directories);
  g_test_add ("/pd/sandbox/mysql/data-api", Fixture, NULL, fixture_setup, test_data_api,
              fixture_teardown);

  return g_test_run ();
}
