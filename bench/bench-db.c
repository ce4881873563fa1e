/* bench-db.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Database section's loads against an in-process sandbox whose Data API
 * runs on a real PostgreSQL and MariaDB:
 *   a. the schema browser on 300 tables, 3,000 columns and 400 foreign keys
 *      per engine: Data API calls and wall time of a whole load;
 *   b. 10,000 rows × 20 columns fetched in pages under the 1 MiB limit:
 *      calls and wall time.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "pd-aws-credentials.h"
#include "pd-aws-rdsdata.h"
#include "pd-db-schema.h"
#include "pd-sandbox.h"
#include "pd-sandbox-services-private.h"

static int rounds = 5;
static int page_rows = 2500;

static const GOptionEntry options[] = {
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Schema loads to time per engine", "N" },
  { "page-rows", 'p', 0, G_OPTION_ARG_INT, &page_rows, "Rows per page of the 10,000", "N" },
  { NULL }
};

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static PdAwsSqlResult *
execute (PdAwsClient *client,
         const char  *arn,
         const char  *secret,
         const char  *sql)
{
  Wait wait = { NULL };
  g_autoptr(GError) error = NULL;
  PdAwsSqlResult *result;

  pd_aws_rdsdata_execute_statement_async (client, arn, secret, "todo", NULL, sql, NULL, NULL, 0,
                                          NULL, on_result_cb, &wait);
  result = pd_aws_rdsdata_execute_statement_finish (client, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  if (result == NULL)
    {
      fprintf (stderr, "bench-db: %s\n", error->message);
      exit (1);
    }
  return result;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
bench_engine (PdAwsClient *client,
              PdSandbox   *sandbox,
              gboolean     mysql)
{
  const char *cluster = mysql ? "todo-list-db-mysql" : "todo-list-db";
  g_autofree char *arn = g_strdup_printf ("arn:aws:rds:%s:%s:cluster:%s",
                                          pd_sandbox_get_region (sandbox),
                                          pd_sandbox_get_account_id (sandbox), cluster);
  g_autofree char *secret_name = g_strdup_printf ("%s/master", cluster);
  g_autofree double *times = g_new0 (double, MAX (rounds, 1));
  const char *secret = NULL;
  guint calls = 0;
  guint tables = 0;
  gint64 start;
  guint fetch_calls = 0;
  guint fetched = 0;

  pd_sandbox_secretsmanager_lookup (sandbox, secret_name, &secret);

  /* 300 tables of 10 columns; foreign keys: 299 chained and 101 more. */
  if (mysql)
    {
      pd_aws_sql_result_free (execute (client, arn, secret,
        "CREATE PROCEDURE gen () BEGIN DECLARE i INT DEFAULT 0;"
        " WHILE i < 300 DO"
        "  SET @s = CONCAT('CREATE TABLE g', i, ' (id int PRIMARY KEY, a int, b int,"
        "   c varchar(20), d text, e date, f int, g int, h int, j int',"
        "   IF(i > 0, CONCAT(', FOREIGN KEY (a) REFERENCES g', i - 1, ' (id)'), ''),"
        "   IF(i >= 199, CONCAT(', FOREIGN KEY (b) REFERENCES g', i - 199, ' (id)'), ''),"
        "   ')');"
        "  PREPARE st FROM @s; EXECUTE st; DEALLOCATE PREPARE st; SET i = i + 1;"
        " END WHILE; END"));
      pd_aws_sql_result_free (execute (client, arn, secret, "CALL gen ()"));
    }
  else
    pd_aws_sql_result_free (execute (client, arn, secret,
      "DO $$ BEGIN FOR i IN 0..299 LOOP"
      " EXECUTE format('CREATE TABLE g%s (id int PRIMARY KEY, a int, b int,"
      "  c varchar(20), d text, e date, f int, g int, h int, j int%s%s)', i,"
      "  CASE WHEN i > 0 THEN format(', FOREIGN KEY (a) REFERENCES g%s (id)', i - 1)"
      "  ELSE '' END,"
      "  CASE WHEN i >= 199 THEN format(', FOREIGN KEY (b) REFERENCES g%s (id)', i - 199)"
      "  ELSE '' END);"
      " END LOOP; END $$"));

  for (int r = 0; r < rounds; r++)
    {
      Wait wait = { NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(PdDbSchema) schema = NULL;

      start = g_get_monotonic_time ();
      pd_db_schema_load_async (client, arn, secret,
                               mysql ? PD_DB_ENGINE_MYSQL : PD_DB_ENGINE_POSTGRESQL, "todo",
                               NULL, NULL, NULL, on_result_cb, &wait);
      schema = pd_db_schema_load_finish (wait_for (&wait), &error);
      times[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_clear_object (&wait.result);
      if (schema == NULL)
        {
          fprintf (stderr, "bench-db: %s\n", error->message);
          exit (1);
        }
      calls = pd_db_schema_get_calls (schema);
      tables = g_list_model_get_n_items (pd_db_schema_get_tables (schema));
    }
  qsort (times, rounds, sizeof (double), compare_doubles);
  printf ("%-16s schema: %u tables, %u Data API calls, load median %.1f ms (min %.1f, max %.1f)"
          " over %d\n", mysql ? "aurora-mysql" : "aurora-postgresql", tables, calls,
          times[rounds / 2], times[0], times[rounds - 1], rounds);

  /* 10,000 rows × 20 columns, paged under the 1 MiB limit */
  start = g_get_monotonic_time ();
  while (fetched < 10000)
    {
      g_autofree char *sql = NULL;
      g_autoptr(PdAwsSqlResult) page = NULL;

      sql = g_strdup_printf (
        mysql ? "SET STATEMENT max_recursive_iterations = 20000 FOR"
                " WITH RECURSIVE s (n) AS"
                " (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 10000)"
                " SELECT n, n*2, n*3, CONCAT('row ', n), n %% 7, n / 3, 'text value', NULL,"
                " n + 0.5, n - 1, n, n, n, n, CONCAT('x', n), n, n, n, n, n"
                " FROM s ORDER BY n LIMIT %d OFFSET %u"
              : "SELECT n, n*2, n*3, 'row ' || n, n %% 7, n / 3, 'text value', NULL,"
                " n + 0.5, n - 1, n, n, n, n, 'x' || n, n, n, n, n, n"
                " FROM generate_series(1, 10000) AS n ORDER BY n LIMIT %d OFFSET %u",
        page_rows, fetched);
      page = execute (client, arn, secret, sql);
      fetch_calls++;
      if (page->n_rows == 0)
        break;
      fetched += page->n_rows;
    }
  printf ("%-16s console: %u rows × 20 columns in %u calls of %d rows, %.1f ms\n",
          mysql ? "aurora-mysql" : "aurora-postgresql", fetched, fetch_calls, page_rows,
          (g_get_monotonic_time () - start) / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSandbox) sandbox = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsClient) client = NULL;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rounds < 1 || page_rows < 1)
    {
      fprintf (stderr, "bench-db: %s\n", error != NULL ? error->message : "bad option");
      return 2;
    }

  sandbox = pd_sandbox_new_full (1.0, 1, 0);
  if (!pd_sandbox_start (sandbox, 0, &error))
    {
      fprintf (stderr, "bench-db: %s\n", error->message);
      return 1;
    }
  credentials = pd_aws_credentials_new (pd_sandbox_get_access_key_id (sandbox),
                                        pd_sandbox_get_secret_key (sandbox), NULL, NULL,
                                        "sandbox");
  provider = pd_aws_static_credentials_provider_new (credentials);
  client = g_object_new (PD_AWS_TYPE_CLIENT,
                         "credentials-provider", provider,
                         "region", pd_sandbox_get_region (sandbox),
                         "endpoint-override", pd_sandbox_get_endpoint (sandbox),
                         NULL);

  bench_engine (client, sandbox, FALSE);
  bench_engine (client, sandbox, TRUE);
  pd_sandbox_stop (sandbox);
  return 0;
}
