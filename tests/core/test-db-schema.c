/* test-db-schema.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "pd-aws-rdsdata.h"
#include "pd-db-schema.h"
#include "pd-sandbox-services-private.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

/* The schema browser against the sandbox's real PostgreSQL and MariaDB,
 * checked against what psql and the mariadb client report. */

#define WAIT_MS 180000

typedef struct
{
  PdTestSandbox *sandbox;
  PdAwsClient   *client;
  char          *arn;
  char          *secret_arn;
  char          *username;
  char          *password;
  gboolean       mysql;
} Fixture;

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
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *cluster = data;
  g_autofree char *secret_name = g_strdup_printf ("%s/master", cluster);
  const char *secret_arn = NULL;
  const char *value;
  g_autoptr(JsonNode) node = NULL;

  fixture->sandbox = pd_test_sandbox_new (300.0, 7, 8);
  fixture->client = fixture->sandbox->client;
  fixture->mysql = g_str_has_suffix (cluster, "-mysql");
  fixture->arn = g_strdup_printf ("arn:aws:rds:%s:%s:cluster:%s",
                                  pd_sandbox_get_region (fixture->sandbox->sandbox),
                                  pd_sandbox_get_account_id (fixture->sandbox->sandbox),
                                  cluster);
  value = pd_sandbox_secretsmanager_lookup (fixture->sandbox->sandbox, secret_name, &secret_arn);
  g_assert_nonnull (value);
  fixture->secret_arn = g_strdup (secret_arn);
  node = json_from_string (value, NULL);
  fixture->username = g_strdup (json_object_get_string_member (json_node_get_object (node),
                                                               "username"));
  fixture->password = g_strdup (json_object_get_string_member (json_node_get_object (node),
                                                               "password"));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_free (fixture->arn);
  g_free (fixture->secret_arn);
  g_free (fixture->username);
  if (fixture->password != NULL)
    memset (fixture->password, 0, strlen (fixture->password));
  g_free (fixture->password);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static PdDbSchema *
load (Fixture     *fixture,
      const char  *arn,
      const char  *secret_arn,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_db_schema_load_async (fixture->client, arn, secret_arn,
                           fixture->mysql ? PD_DB_ENGINE_MYSQL : PD_DB_ENGINE_POSTGRESQL,
                           "todo", NULL, NULL, NULL, on_result_cb, &result);
  return pd_db_schema_load_finish (await (&result), error);
}

static void
execute (Fixture    *fixture,
         const char *sql)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsSqlResult) answer = NULL;

  pd_aws_rdsdata_execute_statement_async (fixture->client, fixture->arn, fixture->secret_arn,
                                          "todo", NULL, sql, NULL, NULL, 0, NULL, on_result_cb,
                                          &result);
  answer = pd_aws_rdsdata_execute_statement_finish (fixture->client, await (&result), &error);
  g_assert_no_error (error);
}

/* The socket directory (PostgreSQL) or socket (MariaDB) of the sandbox's
 * server, from its command line. */
static char *
find_socket (gboolean mysql)
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
          !g_str_has_suffix (cmdline, mysql ? "mariadbd" : "postgres"))
        continue;
      for (gsize i = 0; i + 1 < len; i += strlen (cmdline + i) + 1)
        {
          if (!mysql && g_str_equal (cmdline + i, "-k"))
            return g_strdup (cmdline + i + 3);
          if (mysql && g_str_has_prefix (cmdline + i, "--socket="))
            return g_strdup (cmdline + i + strlen ("--socket="));
        }
    }
  return NULL;
}

static int compare_strings (gconstpointer a, gconstpointer b);

static char *
sorted_join (GStrv lines)
{
  qsort (lines, g_strv_length (lines), sizeof (char *), compare_strings);
  return g_strjoinv ("\n", lines);
}

/* The lines a command-line client prints for @sql, sorted. */
static char *
client_lines (Fixture    *fixture,
              const char *sql)
{
  g_autofree char *socket = find_socket (fixture->mysql);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (socket);
  /* Passwords through the environment, never on a command line. */
  g_subprocess_launcher_setenv (launcher, fixture->mysql ? "MYSQL_PWD" : "PGPASSWORD",
                                fixture->password, TRUE);
  if (fixture->mysql)
    process = g_subprocess_launcher_spawn (launcher, &error, "mariadb", "--no-defaults",
                                           "-S", socket, "-u", fixture->username, "-N", "-B",
                                           "-e", sql, "todo", NULL);
  else
    process = g_subprocess_launcher_spawn (launcher, &error, "psql", "-X", "-h", socket,
                                           "-p", "5432", "-U", fixture->username, "-d", "todo",
                                           "-At", "-F", "\t", "-c", sql, NULL);
  if (process == NULL)
    g_error ("%s (install %s)", error->message,
             fixture->mysql ? "mariadb-client" : "postgresql-client");
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("the client failed: %s", err);
  /* Only the last newline goes: trailing tabs are empty fields. */
  if (g_str_has_suffix (out, "\n"))
    out[strlen (out) - 1] = '\0';
  lines = g_strsplit (out, "\n", -1);
  return sorted_join (lines);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
builder_take (GStrvBuilder *builder,
              char         *text)
{
  g_strv_builder_add (builder, text);
  g_free (text);
}

/* The same facts from the browser, in the clients' format. */
static char *
browser_lines (PdDbSchema *schema,
               const char *what)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GListModel *tables = pd_db_schema_get_tables (schema);
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(PdDbTable) table = g_list_model_get_item (tables, i);
      GPtrArray *columns = pd_db_table_get_columns (table);
      GPtrArray *keys = pd_db_table_get_keys (table);

      if (g_str_equal (what, "tables"))
        builder_take (builder, g_strdup_printf ("%s.%s", pd_db_table_get_schema (table),
                                                       pd_db_table_get_name (table)));
      for (guint c = 0; g_str_equal (what, "columns") && c < columns->len; c++)
        {
          PdDbColumn *column = g_ptr_array_index (columns, c);

          builder_take (builder, g_strdup_printf ("%s\t%s\t%s\t%d",
                                                         pd_db_table_get_name (table),
                                                         column->name,
                                                         column->nullable ? "YES" : "NO",
                                                         column->position));
        }
      for (guint k = 0; g_str_equal (what, "keys") && k < keys->len; k++)
        {
          PdDbKey *key = g_ptr_array_index (keys, k);
          g_autofree char *cols = g_strjoinv (",", key->columns);
          g_autofree char *refs = key->ref_columns != NULL ? g_strjoinv (",", key->ref_columns)
                                                           : g_strdup ("");

          builder_take (builder, g_strdup_printf (
            "%s\t%s\t%s\t%s\t%s", pd_db_table_get_name (table),
            key->kind == PD_DB_KEY_PRIMARY ? "PRIMARY KEY"
            : key->kind == PD_DB_KEY_UNIQUE ? "UNIQUE" : "FOREIGN KEY",
            cols, key->ref_table != NULL ? key->ref_table : "", refs));
        }
    }
  lines = g_strv_builder_end (builder);
  return sorted_join (lines);
}

static void
test_seeded (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDbSchema) schema = load (fixture, fixture->arn, fixture->secret_arn, &error);
  const char *where = fixture->mysql ? "table_schema = 'todo'" : "table_schema = 'public'";
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  PdDbTable *todos;
  PdDbColumn *title;
  g_auto(GStrv) schemas = NULL;
  GPtrArray *indexes;
  gboolean seen_index = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (schema);
  /* One statement per kind of object */
  g_assert_cmpuint (pd_db_schema_get_calls (schema), ==, 4);

  sql = g_strdup_printf ("SELECT %s FROM information_schema.tables WHERE %s",
                         fixture->mysql ? "CONCAT(table_schema, '.', table_name)"
                                        : "table_schema || '.' || table_name", where);
  expected = client_lines (fixture, sql);
  actual = browser_lines (schema, "tables");
  g_assert_cmpstr (actual, ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (pd_db_schema_get_tables (schema)), ==, 4);
  g_clear_pointer (&sql, g_free);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&actual, g_free);

  sql = g_strdup_printf ("SELECT table_name, column_name, is_nullable, ordinal_position"
                         " FROM information_schema.columns WHERE %s", where);
  expected = client_lines (fixture, sql);
  actual = browser_lines (schema, "columns");
  g_assert_cmpstr (actual, ==, expected);
  g_clear_pointer (&sql, g_free);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&actual, g_free);

  if (fixture->mysql)
    sql = g_strdup_printf (
      "SELECT t.table_name, t.constraint_type,"
      " GROUP_CONCAT(k.column_name ORDER BY k.ordinal_position),"
      " COALESCE(MAX(k.referenced_table_name), ''),"
      " COALESCE(GROUP_CONCAT(k.referenced_column_name ORDER BY k.ordinal_position), '')"
      " FROM information_schema.table_constraints t JOIN information_schema.key_column_usage k"
      " ON k.constraint_schema = t.constraint_schema AND k.table_name = t.table_name"
      " AND k.constraint_name = t.constraint_name WHERE t.%s"
      " AND t.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')"
      " GROUP BY t.table_name, t.constraint_type, t.constraint_name", where);
  else
    sql = g_strdup_printf (
      "SELECT t.table_name, t.constraint_type,"
      " string_agg(k.column_name, ',' ORDER BY k.ordinal_position),"
      " COALESCE(MAX(r.table_name), ''),"
      " COALESCE(string_agg(r.column_name, ',' ORDER BY k.ordinal_position), '')"
      " FROM information_schema.table_constraints t JOIN information_schema.key_column_usage k"
      " ON k.constraint_schema = t.constraint_schema AND k.constraint_name = t.constraint_name"
      " LEFT JOIN information_schema.referential_constraints rc"
      " ON rc.constraint_schema = t.constraint_schema AND rc.constraint_name = t.constraint_name"
      " LEFT JOIN information_schema.key_column_usage r"
      " ON r.constraint_schema = rc.unique_constraint_schema"
      " AND r.constraint_name = rc.unique_constraint_name"
      " AND r.ordinal_position = k.position_in_unique_constraint"
      " WHERE t.%s AND t.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')"
      " GROUP BY t.table_name, t.constraint_type, t.constraint_name", where);
  expected = client_lines (fixture, sql);
  actual = browser_lines (schema, "keys");
  g_assert_cmpstr (actual, ==, expected);
  g_assert_nonnull (strstr (actual, "todo_tags\tFOREIGN KEY\ttag_id\ttags\tid"));
  g_assert_nonnull (strstr (actual, "todo_tags\tPRIMARY KEY\ttodo_id,tag_id\t\t"));

  /* Types, defaults, comments, indexes */
  todos = pd_db_schema_find_table (schema, fixture->mysql ? "todo" : "public", "todos");
  g_assert_nonnull (todos);
  g_assert_false (pd_db_table_is_view (todos));
  g_assert_cmpstr (pd_db_table_get_comment (todos), ==, "To-Do items, one row per item");
  title = pd_db_table_find_column (todos, "title");
  g_assert_cmpstr (title->type, ==, fixture->mysql ? "varchar(200)" : "character varying(200)");
  g_assert_false (title->nullable);
  g_assert_null (title->comment);
  g_assert_cmpstr (pd_db_table_find_column (todos, "checked")->comment, ==,
                   "True once the item is done");
  g_assert_nonnull (pd_db_table_find_column (todos, "priority")->default_value);
  g_assert_true (g_str_has_suffix (pd_db_table_find_column (todos, "priority")->default_value,
                                   "2"));
  g_assert_true (pd_db_table_column_in_key (todos, "id", PD_DB_KEY_PRIMARY));
  g_assert_true (pd_db_table_column_in_key (todos, "user_id", PD_DB_KEY_FOREIGN));
  g_assert_false (pd_db_table_column_in_key (todos, "title", PD_DB_KEY_FOREIGN));
  indexes = pd_db_table_get_indexes (todos);
  for (guint i = 0; i < indexes->len; i++)
    {
      PdDbIndex *index = g_ptr_array_index (indexes, i);

      if (g_str_equal (index->name, "todos_user_id_idx"))
        {
          seen_index = TRUE;
          g_assert_false (index->unique);
          g_assert_cmpstr (index->columns[0], ==, "user_id");
        }
    }
  g_assert_true (seen_index);
  schemas = pd_db_schema_dup_schema_names (schema);
  g_assert_cmpstr (schemas[0], ==, fixture->mysql ? "todo" : "public");
  g_assert_null (schemas[1]);
}

/* 300 tables of 10 columns, with 400 foreign keys, load within 5 calls. */
static void
test_large (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDbSchema) schema = NULL;
  guint fks = 0;
  GListModel *tables;

  if (fixture->mysql)
    {
      execute (fixture,
               "CREATE PROCEDURE gen () BEGIN DECLARE i INT DEFAULT 0;"
               " WHILE i < 300 DO"
               "  SET @s = CONCAT('CREATE TABLE g', i, ' (id int PRIMARY KEY, a int, b int,"
               "   c varchar(20), d text, e date, f int, g int, h int, j int',"
               "   IF(i > 0, CONCAT(', FOREIGN KEY (a) REFERENCES g', i - 1, ' (id)'), ''),"
               "   IF(i > 100, CONCAT(', FOREIGN KEY (b) REFERENCES g', i - 100, ' (id)'), ''),"
               "   ')');"
               "  PREPARE st FROM @s; EXECUTE st; DEALLOCATE PREPARE st; SET i = i + 1;"
               " END WHILE; END");
      execute (fixture, "CALL gen ()");
    }
  else
    execute (fixture,
             "DO $$ BEGIN FOR i IN 0..299 LOOP"
             " EXECUTE format('CREATE TABLE g%s (id int PRIMARY KEY, a int, b int,"
             "  c varchar(20), d text, e date, f int, g int, h int, j int%s%s)', i,"
             "  CASE WHEN i > 0 THEN format(', FOREIGN KEY (a) REFERENCES g%s (id)', i - 1)"
             "  ELSE '' END,"
             "  CASE WHEN i > 100 THEN format(', FOREIGN KEY (b) REFERENCES g%s (id)', i - 100)"
             "  ELSE '' END);"
             " END LOOP; END $$");

  schema = load (fixture, fixture->arn, fixture->secret_arn, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_db_schema_get_calls (schema), <=, 5);
  tables = pd_db_schema_get_tables (schema);
  g_assert_cmpuint (g_list_model_get_n_items (tables), ==, 304);
  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(PdDbTable) table = g_list_model_get_item (tables, i);
      GPtrArray *keys = pd_db_table_get_keys (table);

      if (g_str_has_prefix (pd_db_table_get_name (table), "g"))
        g_assert_cmpuint (pd_db_table_get_columns (table)->len, ==, 10);
      for (guint k = 0; k < keys->len; k++)
        fks += ((PdDbKey *) g_ptr_array_index (keys, k))->kind == PD_DB_KEY_FOREIGN;
    }
  /* 299 + 199 in the generated tables, 3 in the seeded ones */
  g_assert_cmpuint (fks, ==, 299 + 199 + 3);
}

/* Each refusal is its own state. */
static void
test_states (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDbSchema) schema = NULL;
  g_autofree char *staging = g_strdup_printf ("arn:aws:rds:%s:%s:cluster:todo-list-db-staging",
                                              pd_sandbox_get_region (fixture->sandbox->sandbox),
                                              pd_sandbox_get_account_id (
                                                fixture->sandbox->sandbox));
  g_autofree char *wrong = g_strdup_printf ("%sX", fixture->secret_arn);
  g_autofree char *text = NULL;

  schema = load (fixture, staging, fixture->secret_arn, &error);
  g_assert_null (schema);
  g_assert_error (error, PD_DB_ERROR, PD_DB_ERROR_HTTP_ENDPOINT);
  text = pd_db_error_describe (error);
  g_assert_nonnull (strstr (text, "HTTP endpoint"));
  g_clear_error (&error);
  g_clear_pointer (&text, g_free);

  schema = load (fixture, fixture->arn, wrong, &error);
  g_assert_null (schema);
  g_assert_error (error, PD_DB_ERROR, PD_DB_ERROR_SECRET);
  g_clear_error (&error);

  {
    g_autoptr(GAsyncResult) result = NULL;

    pd_db_schema_load_async (fixture->client, fixture->arn, fixture->secret_arn,
                             PD_DB_ENGINE_UNKNOWN, "todo", NULL, NULL, NULL, on_result_cb,
                             &result);
    g_assert_null (pd_db_schema_load_finish (await (&result), &error));
    g_assert_error (error, PD_DB_ERROR, PD_DB_ERROR_ENGINE);
  }
  g_assert_cmpint (pd_db_engine_from_name ("aurora-mysql"), ==, PD_DB_ENGINE_MYSQL);
  g_assert_cmpint (pd_db_engine_from_name ("aurora-postgresql"), ==, PD_DB_ENGINE_POSTGRESQL);
  g_assert_cmpint (pd_db_engine_from_name ("oracle-ee"), ==, PD_DB_ENGINE_UNKNOWN);
}

static void
on_resuming_cb (guint    attempt,
                guint    delay_ms,
                gpointer user_data)
{
  GArray *delays = user_data;

  g_assert_cmpuint (attempt, ==, delays->len + 1);
  g_array_append_val (delays, delay_ms);
}

/* A resuming cluster is retried with growing waits, the caller told of
 * each; past the retries the load fails as resuming. */
static void
test_resuming (void)
{
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  pd_db_schema_set_backoff_ms (5);
  for (guint round = 0; round < 2; round++)
    {
      Fixture fixture = { 0 };
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(PdDbSchema) schema = NULL;

      g_setenv ("PD_SANDBOX_DATA_API_RESUMING", round == 0 ? "3" : "100", TRUE);
      fixture_setup (&fixture, "todo-list-db-mysql");
      g_unsetenv ("PD_SANDBOX_DATA_API_RESUMING");
      g_array_set_size (delays, 0);
      pd_db_schema_load_async (fixture.client, fixture.arn, fixture.secret_arn,
                               PD_DB_ENGINE_MYSQL, "todo", on_resuming_cb, delays, NULL,
                               on_result_cb, &result);
      schema = pd_db_schema_load_finish (await (&result), &error);
      if (round == 0)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (pd_db_schema_get_calls (schema), ==, 4 + 3);
          g_assert_cmpuint (delays->len, ==, 3);
          g_assert_cmpuint (g_array_index (delays, guint, 0), ==, 5);
          g_assert_cmpuint (g_array_index (delays, guint, 1), ==, 10);
          g_assert_cmpuint (g_array_index (delays, guint, 2), ==, 20);
        }
      else
        {
          g_assert_null (schema);
          g_assert_error (error, PD_DB_ERROR, PD_DB_ERROR_RESUMING);
          g_assert_cmpuint (delays->len, ==, PD_DB_RESUME_RETRIES);
          text = pd_db_error_describe (error);
          g_assert_nonnull (strstr (text, "resuming"));
        }
      fixture_teardown (&fixture, NULL);
    }
  pd_db_schema_set_backoff_ms (1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/core/db-schema/postgresql/seeded", Fixture, "todo-list-db", fixture_setup,
              test_seeded, fixture_teardown);
  g_test_add ("/pd/core/db-schema/mysql/seeded", Fixture, "todo-list-db-mysql", fixture_setup,
              test_seeded, fixture_teardown);
  g_test_add ("/pd/core/db-schema/postgresql/large", Fixture, "todo-list-db", fixture_setup,
              test_large, fixture_teardown);
  g_test_add ("/pd/core/db-schema/mysql/large", Fixture, "todo-list-db-mysql", fixture_setup,
              test_large, fixture_teardown);
  g_test_add_func ("/pd/core/db-schema/resuming", test_resuming);
  g_test_add ("/pd/core/db-schema/states", Fixture, "todo-list-db", fixture_setup,
              test_states, fixture_teardown);

  return g_test_run ();
}
