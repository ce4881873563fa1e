/* test-sandbox-pg.c
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
#include "pd-sandbox-pg.h"
#include "pd-test-utils.h"

#define USERNAME "todo_admin"
#define PASSWORD "s3cret-Test-Pw"

typedef struct
{
  PdSandboxPg *pg;
  GAsyncResult *result;
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

  fixture->pg = pd_sandbox_pg_new (USERNAME, PASSWORD, "todo");
  pd_sandbox_pg_start_async (fixture->pg, NULL, on_result_cb, fixture);
  g_assert_true (pd_test_wait_until (result_ready, fixture, 90000));
  result = g_steal_pointer (&fixture->result);
  g_assert_true (pd_sandbox_pg_start_finish (fixture->pg, result, &error));
  g_assert_no_error (error);
  g_assert_true (pd_sandbox_pg_is_running (fixture->pg));
}

static gboolean
pid_alive (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  const char *state;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  /* A zombie waiting to be reaped is gone for our purpose. */
  state = strrchr (contents, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z';
}

static guint
count_children_of (GPid parent)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      const char *ppid;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_strdup_printf ("/proc/%s/status", name);
      if (!g_file_get_contents (path, &contents, NULL, NULL))
        continue;
      ppid = strstr (contents, "\nPPid:");
      if (ppid != NULL && g_ascii_strtoll (ppid + 6, NULL, 10) == parent)
        count++;
    }

  return count;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *directory = g_strdup (pd_sandbox_pg_get_directory (fixture->pg));
  GPid pid = pd_sandbox_pg_get_pid (fixture->pg);

  g_assert_nonnull (directory);
  g_assert_cmpint (pid, >, 0);
  g_assert_true (pid_alive (pid));
  g_assert_cmpuint (count_children_of (pid), >, 0);

  pd_sandbox_pg_stop (fixture->pg);
  g_assert_finalize_object (fixture->pg);

  /* No server and no backend left, and no directory. */
  g_assert_false (pid_alive (pid));
  g_assert_cmpuint (count_children_of (pid), ==, 0);
  g_assert_false (g_file_test (directory, G_FILE_TEST_EXISTS));
}

static JsonObject *
call (Fixture     *fixture,
      const char  *operation,
      const char  *json,
      const char  *password,
      GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (node);
  pd_sandbox_pg_call_async (fixture->pg, operation, json_node_get_object (node), USERNAME,
                            password != NULL ? password : PASSWORD, NULL, on_result_cb, fixture);
  g_assert_true (pd_test_wait_until (result_ready, fixture, 30000));
  result = g_steal_pointer (&fixture->result);
  return pd_sandbox_pg_call_finish (fixture->pg, result, error);
}

static JsonObject *
call_ok (Fixture    *fixture,
         const char *operation,
         const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *reply = call (fixture, operation, json, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}

static gint64
count_todos (Fixture    *fixture,
             const char *where)
{
  g_autofree char *json = g_strdup_printf ("{\"sql\":\"SELECT count(*) FROM todos %s\"}", where);
  g_autoptr(JsonObject) reply = call_ok (fixture, "ExecuteStatement", json);
  JsonArray *records = json_object_get_array_member (reply, "records");
  JsonArray *row = json_array_get_array_element (records, 0);

  return json_object_get_int_member (json_array_get_object_element (row, 0), "longValue");
}

static void
test_placeholders (void)
{
  struct { const char *in; const char *out; const char *names; } cases[] = {
    { "SELECT :id", "SELECT $1", "id" },
    { "SELECT :a, :b, :a", "SELECT $1, $2, $1", "a,b" },
    { "SELECT ':no', \":no\", :yes", "SELECT ':no', \":no\", $1", "yes" },
    { "SELECT x::int FROM t WHERE y = :y", "SELECT x::int FROM t WHERE y = $1", "y" },
    { "SELECT 1 -- :no\n, :yes /* :no */", "SELECT 1 -- :no\n, $1 /* :no */", "yes" },
    { "SELECT $$ :no $$, $t$ :no $t$, :yes", "SELECT $$ :no $$, $t$ :no $t$, $1", "yes" },
    { "SELECT E'it\\':no', :yes", "SELECT E'it\\':no', $1", "yes" },
    { "SELECT 'it''s :no', :yes", "SELECT 'it''s :no', $1", "yes" },
    { "SELECT a[1:2]", "SELECT a[1:2]", "" },
    { "SELECT 'unterminated :no", "SELECT 'unterminated :no", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *out = pd_sandbox_pg_rewrite_placeholders (cases[i].in, names);
      g_autofree char *joined = NULL;

      g_ptr_array_add (names, NULL);
      joined = g_strjoinv (",", (char **) names->pdata);
      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_cmpstr (joined, ==, cases[i].names);
    }

  /* Arbitrary input: never crashes, every $N names a parameter, and text
   * without a colon comes back unchanged. */
  for (guint i = 0; i < 5000; i++)
    {
      static const char alphabet[] = ":'\"$-/*ab_E1\n\\ x";
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      char input[24];
      g_autofree char *out = NULL;
      guint len = g_test_rand_int_range (0, sizeof input);

      for (guint k = 0; k < len; k++)
        input[k] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
      input[len] = '\0';
      out = pd_sandbox_pg_rewrite_placeholders (input, names);
      g_assert_nonnull (out);
      /* Without '$' in the input, every '$' of the output is a placeholder. */
      for (const char *p = out; strchr (input, '$') == NULL && (p = strchr (p, '$')) != NULL; p++)
        {
          g_assert_true (g_ascii_isdigit (p[1]));
          g_assert_cmpint (g_ascii_strtoll (p + 1, NULL, 10), >=, 1);
          g_assert_cmpint (g_ascii_strtoll (p + 1, NULL, 10), <=, names->len);
        }
      if (strchr (input, ':') == NULL)
        {
          g_assert_cmpstr (out, ==, input);
          g_assert_cmpuint (names->len, ==, 0);
        }
    }
}

static void
test_schema (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) comments = NULL;
  JsonArray *records;

  reply = call_ok (fixture, "ExecuteStatement",
                   "{\"sql\":\"SELECT table_name FROM information_schema.tables "
                   "WHERE table_schema = 'public' ORDER BY 1\"}");
  records = json_object_get_array_member (reply, "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_array_get_array_element (records, 0), 0), "stringValue"), ==, "tags");

  comments = call_ok (fixture, "ExecuteStatement",
                      "{\"sql\":\"SELECT obj_description('todos'::regclass), "
                      "(SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'), "
                      "(SELECT count(*) FROM information_schema.table_constraints "
                      " WHERE constraint_type = 'FOREIGN KEY')\"}");
  records = json_object_get_array_member (comments, "records");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_array_get_array_element (records, 0), 0), "stringValue"),
                   ==, "To-Do items, one row per item");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_array_get_array_element (records, 0), 1), "longValue"), >=, 9);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_array_get_array_element (records, 0), 2), "longValue"), ==, 3);
  g_assert_cmpint (count_todos (fixture, ""), ==, 10);
}

static void
test_crud (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonObject) inserted = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(JsonObject) deleted = NULL;
  JsonArray *row;

  inserted = call_ok (fixture, "ExecuteStatement",
                      "{\"sql\":\"INSERT INTO todos (id, user_id, title, due_date, priority) "
                      "VALUES (:id, :user, :title, :due, :prio)\","
                      "\"parameters\":["
                      "{\"name\":\"id\",\"value\":{\"stringValue\":"
                      "\"11111111-2222-3333-4444-555555555555\"},\"typeHint\":\"UUID\"},"
                      "{\"name\":\"user\",\"value\":{\"longValue\":2}},"
                      "{\"name\":\"title\",\"value\":{\"stringValue\":\"Write 'tests'\"}},"
                      "{\"name\":\"due\",\"value\":{\"stringValue\":\"2026-04-01\"},"
                      "\"typeHint\":\"DATE\"},"
                      "{\"name\":\"prio\",\"value\":{\"longValue\":1}}]}");
  g_assert_cmpint (json_object_get_int_member (inserted, "numberOfRecordsUpdated"), ==, 1);
  g_assert_true (json_object_has_member (inserted, "generatedFields"));
  g_assert_false (json_object_has_member (inserted, "records"));

  updated = call_ok (fixture, "ExecuteStatement",
                     "{\"sql\":\"UPDATE todos SET checked = :done, description = :d "
                     "WHERE id = :id\",\"parameters\":["
                     "{\"name\":\"done\",\"value\":{\"booleanValue\":true}},"
                     "{\"name\":\"d\",\"value\":{\"isNull\":true}},"
                     "{\"name\":\"id\",\"value\":{\"stringValue\":"
                     "\"11111111-2222-3333-4444-555555555555\"},\"typeHint\":\"UUID\"}]}");
  g_assert_cmpint (json_object_get_int_member (updated, "numberOfRecordsUpdated"), ==, 1);

  read = call_ok (fixture, "ExecuteStatement",
                  "{\"sql\":\"SELECT id, title, checked, description, due_date, priority, "
                  "user_id FROM todos WHERE id = :id\",\"includeResultMetadata\":true,"
                  "\"parameters\":[{\"name\":\"id\",\"value\":{\"stringValue\":"
                  "\"11111111-2222-3333-4444-555555555555\"},\"typeHint\":\"UUID\"}]}");
  g_assert_cmpint (json_object_get_int_member (read, "numberOfRecordsUpdated"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (read, "records")), ==, 1);
  row = json_array_get_array_element (json_object_get_array_member (read, "records"), 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (row, 1),
                                                  "stringValue"), ==, "Write 'tests'");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (row, 2),
                                                 "booleanValue"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (row, 3),
                                                 "isNull"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (row, 4),
                                                  "stringValue"), ==, "2026-04-01");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (row, 5),
                                               "longValue"), ==, 1);

  {
    JsonArray *meta = json_object_get_array_member (read, "columnMetadata");
    JsonObject *id = json_array_get_object_element (meta, 0);
    JsonObject *title = json_array_get_object_element (meta, 1);
    JsonObject *description = json_array_get_object_element (meta, 3);

    g_assert_cmpuint (json_array_get_length (meta), ==, 7);
    g_assert_cmpstr (json_object_get_string_member (id, "typeName"), ==, "uuid");
    g_assert_cmpstr (json_object_get_string_member (id, "tableName"), ==, "todos");
    g_assert_cmpstr (json_object_get_string_member (id, "schemaName"), ==, "public");
    g_assert_cmpint (json_object_get_int_member (id, "nullable"), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (title, "typeName"), ==, "varchar");
    g_assert_cmpint (json_object_get_int_member (title, "type"), ==, 12);
    g_assert_cmpint (json_object_get_int_member (title, "precision"), ==, 200);
    g_assert_cmpint (json_object_get_int_member (description, "nullable"), ==, 1);
  }

  deleted = call_ok (fixture, "ExecuteStatement",
                     "{\"sql\":\"DELETE FROM todos WHERE user_id = :u\",\"parameters\":"
                     "[{\"name\":\"u\",\"value\":{\"longValue\":2}}]}");
  g_assert_cmpint (json_object_get_int_member (deleted, "numberOfRecordsUpdated"), ==, 4);
  g_assert_cmpint (count_todos (fixture, "WHERE user_id = 2"), ==, 0);
}

static void
test_types_and_json (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) strings = NULL;
  g_autoptr(JsonNode) formatted = NULL;
  JsonArray *row;
  JsonObject *first;

  reply = call_ok (fixture, "ExecuteStatement",
                   "{\"sql\":\"SELECT :d::float8 AS d, :b AS b, ARRAY[1,2,3] AS a, "
                   "ARRAY['x','y z'] AS s, 12.50::numeric(5,2) AS n, :j AS j, NULL AS z\","
                   "\"parameters\":[{\"name\":\"d\",\"value\":{\"doubleValue\":2.5}},"
                   "{\"name\":\"b\",\"value\":{\"blobValue\":\"AAEC/w==\"}},"
                   "{\"name\":\"j\",\"value\":{\"stringValue\":\"{\\\"k\\\": 1}\"},"
                   "\"typeHint\":\"JSON\"}]}");
  row = json_array_get_array_element (json_object_get_array_member (reply, "records"), 0);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (row, 0),
                                                    "doubleValue"), ==, 2.5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (row, 1),
                                                  "blobValue"), ==, "AAEC/w==");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (json_array_get_object_element (row, 2),
                                                     "arrayValue"), "longValues")), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_object_get_object_member (json_array_get_object_element (row, 3),
                                                    "arrayValue"), "stringValues"), 1),
                   ==, "y z");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (row, 4),
                                                  "stringValue"), ==, "12.50");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (row, 5),
                                                  "stringValue"), ==, "{\"k\": 1}");

  strings = call_ok (fixture, "ExecuteStatement",
                     "{\"sql\":\"SELECT id, title, priority, checked, due_date FROM todos "
                     "WHERE user_id = 1 ORDER BY id\",\"formatRecordsAs\":\"JSON\"}");
  g_assert_false (json_object_has_member (strings, "records"));
  formatted = json_from_string (json_object_get_string_member (strings, "formattedRecords"),
                                NULL);
  g_assert_nonnull (formatted);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (formatted)), ==, 3);
  first = json_array_get_object_element (json_node_get_array (formatted), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==,
                   "Review the Hypothesis failure");
  g_assert_cmpint (json_object_get_int_member (first, "priority"), ==, 1);
  g_assert_false (json_object_get_boolean_member (first, "checked"));
}

static void
test_transactions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) begin1 = NULL;
  g_autoptr(JsonObject) begin2 = NULL;
  g_autoptr(JsonObject) commit = NULL;
  g_autoptr(JsonObject) rollback = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *tx1;
  const char *tx2;

  begin1 = call_ok (fixture, "BeginTransaction", "{}");
  tx1 = json_object_get_string_member (begin1, "transactionId");
  g_assert_cmpuint (strlen (tx1), >=, 32);
  json = g_strdup_printf ("{\"sql\":\"UPDATE todos SET checked = true WHERE user_id = 3\","
                          "\"transactionId\":\"%s\"}", tx1);
  reply = call_ok (fixture, "ExecuteStatement", json);
  g_assert_cmpint (json_object_get_int_member (reply, "numberOfRecordsUpdated"), ==, 2);
  /* Not visible outside the transaction before the commit. */
  g_assert_cmpint (count_todos (fixture, "WHERE user_id = 3 AND checked"), ==, 1);
  g_clear_pointer (&json, g_free);
  json = g_strdup_printf ("{\"transactionId\":\"%s\"}", tx1);
  commit = call_ok (fixture, "CommitTransaction", json);
  g_assert_cmpstr (json_object_get_string_member (commit, "transactionStatus"), ==,
                   "Transaction Committed");
  g_assert_cmpint (count_todos (fixture, "WHERE user_id = 3 AND checked"), ==, 2);

  /* Committing again: the transaction is gone. */
  g_assert_null (call (fixture, "CommitTransaction", json, NULL, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "NotFoundException");
  g_clear_error (&error);

  begin2 = call_ok (fixture, "BeginTransaction", "{}");
  tx2 = json_object_get_string_member (begin2, "transactionId");
  g_assert_cmpstr (tx1, !=, tx2);
  g_clear_pointer (&json, g_free);
  json = g_strdup_printf ("{\"sql\":\"DELETE FROM todos\",\"transactionId\":\"%s\"}", tx2);
  g_clear_pointer (&reply, json_object_unref);
  reply = call_ok (fixture, "ExecuteStatement", json);
  g_assert_cmpint (json_object_get_int_member (reply, "numberOfRecordsUpdated"), ==, 10);
  g_clear_pointer (&json, g_free);
  json = g_strdup_printf ("{\"transactionId\":\"%s\"}", tx2);
  rollback = call_ok (fixture, "RollbackTransaction", json);
  g_assert_cmpstr (json_object_get_string_member (rollback, "transactionStatus"), ==,
                   "Rollback Complete");
  g_assert_cmpint (count_todos (fixture, ""), ==, 10);

  /* A batch adds its rows all at once. */
  g_clear_pointer (&reply, json_object_unref);
  reply = call_ok (fixture, "BatchExecuteStatement",
                   "{\"sql\":\"INSERT INTO tags (name) VALUES (:n)\",\"parameterSets\":["
                   "[{\"name\":\"n\",\"value\":{\"stringValue\":\"b1\"}}],"
                   "[{\"name\":\"n\",\"value\":{\"stringValue\":\"b2\"}}],"
                   "[{\"name\":\"n\",\"value\":{\"stringValue\":\"b3\"}}]]}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply,
                                                                         "updateResults")),
                    ==, 3);
  /* A failing batch (duplicate name) leaves nothing behind. */
  g_assert_null (call (fixture, "BatchExecuteStatement",
                       "{\"sql\":\"INSERT INTO tags (name) VALUES (:n)\",\"parameterSets\":["
                       "[{\"name\":\"n\",\"value\":{\"stringValue\":\"b4\"}}],"
                       "[{\"name\":\"n\",\"value\":{\"stringValue\":\"b1\"}}]]}",
                       NULL, &error));
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "BadRequestException");
  g_assert_nonnull (strstr (error->message, "duplicate key"));
  g_clear_error (&error);
  g_clear_pointer (&reply, json_object_unref);
  reply = call_ok (fixture, "ExecuteStatement",
                   "{\"sql\":\"SELECT count(*) FROM tags WHERE name LIKE 'b_'\"}");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_array_get_array_element (json_object_get_array_member (reply,
                                                                                 "records"),
                                                   0), 0), "longValue"), ==, 3);
}

/* A transaction left idle is rolled back and forgotten. */
static void
test_transaction_expiry (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) begin1 = NULL;
  g_autoptr(JsonObject) begin2 = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_setenv ("PD_SANDBOX_TX_IDLE_SECONDS", "1", TRUE);
  begin1 = call_ok (fixture, "BeginTransaction", "{}");
  json = g_strdup_printf ("{\"sql\":\"DELETE FROM todo_tags\",\"transactionId\":\"%s\"}",
                          json_object_get_string_member (begin1, "transactionId"));
  reply = call_ok (fixture, "ExecuteStatement", json);
  g_usleep (1500 * 1000);
  /* The next BeginTransaction sweeps idle ones. */
  begin2 = call_ok (fixture, "BeginTransaction", "{}");
  g_assert_null (call (fixture, "ExecuteStatement", json, NULL, &error));
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "BadRequestException");
  g_assert_nonnull (strstr (error->message, "is not found"));
  g_unsetenv ("PD_SANDBOX_TX_IDLE_SECONDS");
  g_clear_pointer (&reply, json_object_unref);
  reply = call_ok (fixture, "ExecuteStatement", "{\"sql\":\"SELECT count(*) FROM todo_tags\"}");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_array_get_array_element (json_object_get_array_member (reply,
                                                                                 "records"),
                                                   0), 0), "longValue"), ==, 10);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  struct { const char *op; const char *json; const char *code; const char *text; } cases[] = {
    { "ExecuteStatement", "{\"sql\":\"SELECT * FROM nope\"}", "BadRequestException",
      "relation \"nope\" does not exist" },
    { "ExecuteStatement", "{\"sql\":\"SELEC 1\"}", "BadRequestException", "syntax error" },
    { "ExecuteStatement", "{\"sql\":\"\"}", "BadRequestException", "required" },
    { "ExecuteStatement", "{\"sql\":\"SELECT :missing\"}", "BadRequestException", "missing" },
    { "ExecuteStatement", "{\"sql\":\"SELECT :a\",\"parameters\":[{\"name\":\"a\","
      "\"value\":{\"stringValue\":\"x\",\"longValue\":1}}]}", "BadRequestException",
      "exactly one" },
    { "ExecuteStatement", "{\"sql\":\"SELECT :a\",\"parameters\":[{\"name\":\"a\","
      "\"value\":{\"stringValue\":\"x\"},\"typeHint\":\"BOGUS\"}]}", "BadRequestException",
      "typeHint" },
    { "ExecuteStatement", "{\"sql\":\"SELECT :a\",\"parameters\":[{\"name\":\"a\","
      "\"value\":{\"arrayValue\":{\"longValues\":[1]}}}]}", "BadRequestException", "Array" },
    { "ExecuteStatement", "{\"sql\":\"SELECT :a\",\"parameters\":[{\"name\":\"a\","
      "\"value\":{\"longValue\":\"text\"}}]}", "BadRequestException", "Invalid value" },
    { "ExecuteStatement", "{\"sql\":\"SELECT 1\",\"transactionId\":\"nope\"}",
      "BadRequestException", "nope is not found" },
    { "ExecuteStatement", "{\"sql\":\"SELECT 1\",\"database\":\"other\"}",
      "BadRequestException", "does not exist" },
    { "ExecuteStatement", "{\"sql\":\"SELECT 1\",\"formatRecordsAs\":\"CSV\"}",
      "BadRequestException", "formatRecordsAs" },
    { "RollbackTransaction", "{\"transactionId\":\"nope\"}", "NotFoundException", "nope" },
    { "CommitTransaction", "{}", "BadRequestException", "transactionId" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_null (call (fixture, cases[i].op, cases[i].json, NULL, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, cases[i].code);
      if (strstr (error->message, cases[i].text) == NULL)
        g_error ("case %u: \"%s\" does not contain \"%s\"", i, error->message, cases[i].text);
      g_clear_error (&error);
    }

  /* PostgreSQL's own message and SQLSTATE come through. */
  g_assert_null (call (fixture, "ExecuteStatement", "{\"sql\":\"SELECT 1/0\"}", NULL, &error));
  g_assert_nonnull (strstr (error->message, "ERROR: division by zero; SQLState: 22012"));
  g_clear_error (&error);

  /* The secret's password is checked by the server itself. */
  g_assert_null (call (fixture, "ExecuteStatement", "{\"sql\":\"SELECT 1\"}", "wrong", &error));
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "BadRequestException");
  g_assert_nonnull (strstr (error->message, "password authentication failed"));
  g_clear_error (&error);

  /* After all these errors the pool still serves good statements. */
  g_assert_cmpint (count_todos (fixture, ""), ==, 10);
}

static void
test_unavailable (void)
{
  g_autoptr(PdSandboxPg) pg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autofree char *empty = g_dir_make_tmp ("pd-nopg-XXXXXX", NULL);
  Fixture fixture = { NULL, NULL };

  g_assert_nonnull (empty);
  g_setenv ("PD_SANDBOX_PG_BINDIR", empty, TRUE);
  g_assert_null (pd_sandbox_pg_find_bindir (&error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  pg = pd_sandbox_pg_new (USERNAME, PASSWORD, "todo");
  fixture.pg = pg;
  pd_sandbox_pg_start_async (pg, NULL, on_result_cb, &fixture);
  g_assert_true (pd_test_wait_until (result_ready, &fixture, 10000));
  result = g_steal_pointer (&fixture.result);
  g_assert_false (pd_sandbox_pg_start_finish (pg, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_false (pd_sandbox_pg_is_running (pg));
  g_assert_null (pd_sandbox_pg_get_directory (pg));

  /* Calls fail clearly instead of inventing rows. */
  json_object_set_string_member (request, "sql", "SELECT * FROM todos");
  pd_sandbox_pg_call_async (pg, "ExecuteStatement", request, USERNAME, PASSWORD, NULL,
                            on_result_cb, &fixture);
  g_assert_true (pd_test_wait_until (result_ready, &fixture, 10000));
  result = g_steal_pointer (&fixture.result);
  g_assert_null (pd_sandbox_pg_call_finish (pg, result, &error));
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "DatabaseUnavailableException");
  g_assert_cmpuint (pd_aws_error_get_http_status (error), ==, 504);
  g_assert_nonnull (strstr (error->message, "PostgreSQL is not installed"));

  g_unsetenv ("PD_SANDBOX_PG_BINDIR");
  g_rmdir (empty);
}

/* The directory of a killed sandbox (its server gone) is removed by the
 * next start; a directory without a server that is still young is not. */
static void
test_stale_directories (void)
{
  const char *parent = geteuid () == 0 ? "/tmp" : g_get_tmp_dir ();
  g_autofree char *stale = g_build_filename (parent, "pd-pg-STALE0", NULL);
  g_autofree char *young = g_build_filename (parent, "pd-pg-YOUNG0", NULL);
  g_autofree char *data = g_build_filename (stale, "data", NULL);
  g_autofree char *pid_file = g_build_filename (data, "postmaster.pid", NULL);
  Fixture fixture = { NULL, NULL };

  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (young, 0700), ==, 0);
  /* PID 2^22 + 1 is above Linux's maximum: no such process. */
  g_assert_true (g_file_set_contents (pid_file, "4194305\n/tmp\n", -1, NULL));

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

  g_test_add_func ("/pd/sandbox/pg/placeholders", test_placeholders);
  g_test_add_func ("/pd/sandbox/pg/unavailable", test_unavailable);
  g_test_add_func ("/pd/sandbox/pg/stale-directories", test_stale_directories);
  g_test_add ("/pd/sandbox/pg/schema", Fixture, NULL, fixture_setup, test_schema,
              fixture_teardown);
  g_test_add ("/pd/sandbox/pg/crud", Fixture, NULL, fixture_setup, test_crud, fixture_teardown);
  g_test_add ("/pd/sandbox/pg/types-and-json", Fixture, NULL, fixture_setup,
              test_types_and_json, fixture_teardown);
  g_test_add ("/pd/sandbox/pg/transactions", Fixture, NULL, fixture_setup, test_transactions,
              fixture_teardown);
  g_test_add ("/pd/sandbox/pg/errors", Fixture, NULL, fixture_setup, test_errors,
              fixture_teardown);
  g_test_add ("/pd/sandbox/pg/transaction-expiry", Fixture, NULL, fixture_setup,
              test_transaction_expiry, fixture_teardown);

  return g_test_run ();
}
