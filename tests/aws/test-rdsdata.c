/* test-rdsdata.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"
#include "pd-aws-rds.h"
#include "pd-aws-rdsdata.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

/* Typed RDS, Secrets Manager and Data API calls against the in-process
 * sandbox, whose Data API runs on a real PostgreSQL and a real MariaDB. */

#define WAIT_MS 120000

typedef struct
{
  PdTestSandbox *sandbox;
  PdAwsClient   *client;
  char          *pg_arn;
  char          *mysql_arn;
  char          *pg_secret;
  char          *mysql_secret;
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

static GPtrArray *
list_clusters (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *clusters;

  pd_aws_rds_describe_db_clusters_async (fixture->client, NULL, NULL, on_result_cb, &result);
  clusters = pd_aws_rds_describe_db_clusters_finish (fixture->client, await (&result), &error);
  g_assert_no_error (error);
  return clusters;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) clusters = NULL;

  fixture->sandbox = pd_test_sandbox_new (300.0, 7, 8);
  fixture->client = fixture->sandbox->client;
  clusters = list_clusters (fixture);
  for (guint i = 0; i < clusters->len; i++)
    {
      PdAwsDbCluster *cluster = g_ptr_array_index (clusters, i);

      if (g_str_equal (cluster->identifier, "todo-list-db"))
        {
          fixture->pg_arn = g_strdup (cluster->arn);
          fixture->pg_secret = g_strdup (cluster->master_secret_arn);
        }
      else if (g_str_equal (cluster->identifier, "todo-list-db-mysql"))
        {
          fixture->mysql_arn = g_strdup (cluster->arn);
          fixture->mysql_secret = g_strdup (cluster->master_secret_arn);
        }
    }
  g_assert_nonnull (fixture->pg_secret);
  g_assert_nonnull (fixture->mysql_secret);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_free (fixture->pg_arn);
  g_free (fixture->mysql_arn);
  g_free (fixture->pg_secret);
  g_free (fixture->mysql_secret);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static PdAwsSqlResult *
execute (Fixture            *fixture,
         gboolean            mysql,
         const char         *sql,
         GPtrArray          *parameters,
         const char         *transaction_id,
         PdAwsExecuteFlags   flags,
         GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_aws_rdsdata_execute_statement_async (fixture->client,
                                          mysql ? fixture->mysql_arn : fixture->pg_arn,
                                          mysql ? fixture->mysql_secret : fixture->pg_secret,
                                          "todo", NULL, sql, parameters, transaction_id, flags,
                                          NULL, on_result_cb, &result);
  return pd_aws_rdsdata_execute_statement_finish (fixture->client, await (&result), error);
}

static PdAwsSqlResult *
execute_ok (Fixture    *fixture,
            gboolean    mysql,
            const char *sql,
            GPtrArray  *parameters,
            const char *transaction_id)
{
  g_autoptr(GError) error = NULL;
  PdAwsSqlResult *result = execute (fixture, mysql, sql, parameters, transaction_id,
                                    PD_AWS_EXECUTE_METADATA, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static gint64
count_rows (Fixture    *fixture,
            gboolean    mysql,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(PdAwsSqlResult) result = execute_ok (fixture, mysql, sql, NULL, NULL);

  g_assert_cmpint (pd_aws_sql_result_get (result, 0, 0)->kind, ==, PD_AWS_SQL_LONG);
  return pd_aws_sql_result_get (result, 0, 0)->number;
}

static void
test_clusters_and_secrets (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) clusters = list_clusters (fixture);
  g_autoptr(GPtrArray) secrets = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen_mysql = FALSE;

  g_assert_cmpuint (clusters->len, ==, 25);
  for (guint i = 0; i < clusters->len; i++)
    {
      PdAwsDbCluster *cluster = g_ptr_array_index (clusters, i);

      if (!g_str_equal (cluster->identifier, "todo-list-db-mysql"))
        continue;
      seen_mysql = TRUE;
      g_assert_cmpstr (cluster->engine, ==, "aurora-mysql");
      g_assert_true (cluster->http_endpoint_enabled);
      g_assert_true (cluster->serverless_v2);
      g_assert_cmpfloat (cluster->min_capacity, ==, 0.5);
      g_assert_cmpfloat (cluster->max_capacity, ==, 8.0);
      g_assert_cmpint (cluster->port, ==, 3306);
      g_assert_cmpstr (cluster->status, ==, "available");
      g_assert_nonnull (cluster->created);
      g_assert_nonnull (strstr (cluster->endpoint, ".cluster-"));
      g_assert_cmpuint (cluster->members->len, ==, 1);
      g_assert_true (((PdAwsDbClusterMember *) g_ptr_array_index (cluster->members, 0))->is_writer);
    }
  g_assert_true (seen_mysql);

  pd_aws_secrets_list_async (fixture->client, NULL, on_result_cb, &result);
  secrets = pd_aws_secrets_list_finish (fixture->client, await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (secrets->len, ==, 6);
  for (guint i = 0; i < secrets->len; i++)
    {
      PdAwsSecretEntry *entry = g_ptr_array_index (secrets, i);

      g_assert_true (g_str_has_prefix (entry->arn, "arn:aws:secretsmanager:"));
      g_assert_nonnull (entry->name);
    }
}

static void
check_engine (Fixture  *fixture,
              gboolean  mysql)
{
  const char *text = "O'Brien \"quoted\" \\ ñandú ✓ 🐧";
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pd_aws_sql_parameter_free);
  g_autoptr(PdAwsSqlResult) result = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tx = NULL;
  g_autofree char *status = NULL;
  const char *arn = mysql ? fixture->mysql_arn : fixture->pg_arn;
  const char *secret = mysql ? fixture->mysql_secret : fixture->pg_secret;

  /* Typed parameters, NULL apart from empty, and metadata */
  g_ptr_array_add (params, pd_aws_sql_parameter_new_string ("t", text, NULL));
  g_ptr_array_add (params, pd_aws_sql_parameter_new_long ("n", 42));
  g_ptr_array_add (params, pd_aws_sql_parameter_new_null ("z"));
  g_ptr_array_add (params, pd_aws_sql_parameter_new_string ("e", "", NULL));
  g_ptr_array_add (params, pd_aws_sql_parameter_new_string ("d", "2026-03-01", "DATE"));
  result = execute_ok (fixture, mysql,
                       mysql ? "SELECT :t AS t, :n + 1 AS n, :z AS z, :e AS e, :d AS d"
                             : "SELECT CAST(:t AS text) AS t, :n + 1 AS n, CAST(:z AS text) AS z,"
                               " CAST(:e AS text) AS e, :d AS d",
                       params, NULL);
  g_assert_cmpuint (result->n_rows, ==, 1);
  g_assert_cmpuint (result->n_columns, ==, 5);
  g_assert_cmpstr (pd_aws_sql_result_get (result, 0, 0)->text, ==, text);
  g_assert_cmpint (pd_aws_sql_result_get (result, 0, 1)->number, ==, 43);
  g_assert_cmpint (pd_aws_sql_result_get (result, 0, 2)->kind, ==, PD_AWS_SQL_NULL);
  g_assert_cmpint (pd_aws_sql_result_get (result, 0, 3)->kind, ==, PD_AWS_SQL_STRING);
  g_assert_cmpstr (pd_aws_sql_result_get (result, 0, 3)->text, ==, "");
  g_assert_cmpstr (pd_aws_sql_result_get (result, 0, 4)->text, ==, "2026-03-01");
  g_assert_nonnull (result->columns);
  g_assert_cmpstr (result->columns[0].label, ==, "t");
  g_clear_pointer (&result, pd_aws_sql_result_free);

  result = execute_ok (fixture, mysql, "SELECT id, title, due_date FROM todos ORDER BY id", NULL,
                       NULL);
  g_assert_cmpuint (result->n_rows, ==, 10);
  g_assert_cmpstr (result->columns[1].table_name, ==, "todos");
  g_assert_cmpint (result->columns[0].nullable, ==, 0);
  g_assert_cmpint (result->columns[2].nullable, ==, 1);
  g_clear_pointer (&result, pd_aws_sql_result_free);

  /* Rollback leaves the table as it was; commit keeps the change. */
  pd_aws_rdsdata_begin_transaction_async (fixture->client, arn, secret, "todo", NULL, NULL,
                                          on_result_cb, &async);
  tx = pd_aws_rdsdata_begin_transaction_finish (fixture->client, await (&async), &error);
  g_assert_no_error (error);
  g_clear_object (&async);
  result = execute_ok (fixture, mysql, "DELETE FROM todo_tags", NULL, tx);
  g_assert_cmpint (result->records_updated, ==, 10);
  g_clear_pointer (&result, pd_aws_sql_result_free);
  g_assert_cmpint (count_rows (fixture, mysql, "todo_tags"), ==, 10);
  pd_aws_rdsdata_end_transaction_async (fixture->client, arn, secret, tx, FALSE, NULL,
                                        on_result_cb, &async);
  status = pd_aws_rdsdata_end_transaction_finish (fixture->client, await (&async), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status, ==, "Rollback Complete");
  g_clear_object (&async);
  g_assert_cmpint (count_rows (fixture, mysql, "todo_tags"), ==, 10);

  /* The transaction is gone now. */
  g_assert_null (execute (fixture, mysql, "SELECT 1", NULL, tx, 0, &error));
  g_assert_cmpint (pd_aws_rds_data_error_kind (error), ==, PD_AWS_RDS_DATA_ERROR_TRANSACTION);
  g_clear_error (&error);

  /* SQL errors and timeouts */
  g_assert_null (execute (fixture, mysql, "SELECT * FROM nope", NULL, NULL, 0, &error));
  g_assert_cmpint (pd_aws_rds_data_error_kind (error), ==, PD_AWS_RDS_DATA_ERROR_SQL);
  g_assert_true (g_error_matches (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION));
  g_clear_error (&error);
  if (mysql)
    g_assert_null (execute (fixture, mysql,
                            "SET STATEMENT max_statement_time = 0.2 FOR SELECT sleep(3)",
                            NULL, NULL, 0, &error));
  else
    {
      g_autofree char *slow_tx = NULL;

      /* statement_timeout takes effect from the next statement on. */
      pd_aws_rdsdata_begin_transaction_async (fixture->client, arn, secret, "todo", NULL, NULL,
                                              on_result_cb, &async);
      slow_tx = pd_aws_rdsdata_begin_transaction_finish (fixture->client, await (&async), NULL);
      g_clear_object (&async);
      g_assert_nonnull (slow_tx);
      g_clear_pointer (&result, pd_aws_sql_result_free);
      result = execute_ok (fixture, mysql, "SET LOCAL statement_timeout = 200", NULL, slow_tx);
      g_assert_null (execute (fixture, mysql, "SELECT pg_sleep(3)", NULL, slow_tx, 0, &error));
      pd_aws_rdsdata_end_transaction_async (fixture->client, arn, secret, slow_tx, FALSE, NULL,
                                            on_result_cb, &async);
      g_free (pd_aws_rdsdata_end_transaction_finish (fixture->client, await (&async), NULL));
      g_clear_object (&async);
    }
  g_assert_cmpint (pd_aws_rds_data_error_kind (error), ==, PD_AWS_RDS_DATA_ERROR_TIMEOUT);
  g_clear_error (&error);

  /* The 1 MiB limit */
  g_setenv ("PD_SANDBOX_DATA_API_LIMIT", "2000", TRUE);
  g_assert_null (execute (fixture, mysql, "SELECT * FROM todos", NULL, NULL, 0, &error));
  g_unsetenv ("PD_SANDBOX_DATA_API_LIMIT");
  g_assert_cmpint (pd_aws_rds_data_error_kind (error), ==, PD_AWS_RDS_DATA_ERROR_TOO_LARGE);
  g_clear_error (&error);
}

static void
test_postgresql (Fixture       *fixture,
                 gconstpointer  data)
{
  check_engine (fixture, FALSE);
}

static void
test_mysql (Fixture       *fixture,
            gconstpointer  data)
{
  check_engine (fixture, TRUE);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *staging = g_strdup_printf ("%s-staging", fixture->pg_arn);
  g_autofree char *wrong_secret = g_strdup_printf ("%sX", fixture->pg_secret);

  pd_aws_rdsdata_execute_statement_async (fixture->client, staging, fixture->pg_secret, NULL,
                                          NULL, "SELECT 1", NULL, NULL, 0, NULL, on_result_cb,
                                          &result);
  g_assert_null (pd_aws_rdsdata_execute_statement_finish (fixture->client, await (&result),
                                                          &error));
  g_assert_cmpint (pd_aws_rds_data_error_kind (error), ==, PD_AWS_RDS_DATA_ERROR_HTTP_ENDPOINT);
  g_clear_error (&error);
  g_clear_object (&result);

  pd_aws_rdsdata_execute_statement_async (fixture->client, fixture->pg_arn, wrong_secret, NULL,
                                          NULL, "SELECT 1", NULL, NULL, 0, NULL, on_result_cb,
                                          &result);
  g_assert_null (pd_aws_rdsdata_execute_statement_finish (fixture->client, await (&result),
                                                          &error));
  g_assert_cmpint (pd_aws_rds_data_error_kind (error), ==, PD_AWS_RDS_DATA_ERROR_SECRET);
  g_clear_error (&error);
}

static void
test_error_kinds (void)
{
  struct { const char *code; guint status; const char *message; PdAwsRdsDataErrorKind kind; }
  cases[] = {
    { "DatabaseResumingException", 400, "The database is resuming",
      PD_AWS_RDS_DATA_ERROR_RESUMING },
    { "StatementTimeoutException", 400, "timed out", PD_AWS_RDS_DATA_ERROR_TIMEOUT },
    { "ForbiddenException", 403, "not authorized", PD_AWS_RDS_DATA_ERROR_FORBIDDEN },
    { "AccessDeniedException", 403, "denied", PD_AWS_RDS_DATA_ERROR_FORBIDDEN },
    { "DatabaseUnavailableException", 504, "down", PD_AWS_RDS_DATA_ERROR_UNAVAILABLE },
    { "BadRequestException", 400, "HttpEndpoint is not enabled for cluster x",
      PD_AWS_RDS_DATA_ERROR_HTTP_ENDPOINT },
    { "BadRequestException", 400, "Database returned more than the allowed response size limit",
      PD_AWS_RDS_DATA_ERROR_TOO_LARGE },
    { "BadRequestException", 400, "syntax error", PD_AWS_RDS_DATA_ERROR_SQL },
    { "NotFoundException", 404, "Transaction t is not found", PD_AWS_RDS_DATA_ERROR_TRANSACTION },
    { "InternalServerErrorException", 500, "oops", PD_AWS_RDS_DATA_ERROR_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = pd_aws_error_new_from_aws (cases[i].code, cases[i].message,
                                                           cases[i].status, NULL);

      g_assert_cmpint (pd_aws_rds_data_error_kind (error), ==, cases[i].kind);
    }
  {
    g_autoptr(GError) forbidden = pd_aws_error_new_from_aws ("ForbiddenException", "no", 403,
                                                             NULL);

    g_assert_true (g_error_matches (forbidden, PD_AWS_ERROR, PD_AWS_ERROR_ACCESS_DENIED));
  }
  g_assert_cmpint (pd_aws_rds_data_error_kind (NULL), ==, PD_AWS_RDS_DATA_ERROR_OTHER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/aws/rdsdata/error-kinds", test_error_kinds);
  g_test_add ("/pd/aws/rdsdata/clusters-and-secrets", Fixture, NULL, fixture_setup,
              test_clusters_and_secrets, fixture_teardown);
  g_test_add ("/pd/aws/rdsdata/refusals", Fixture, NULL, fixture_setup, test_refusals,
              fixture_teardown);
  g_test_add ("/pd/aws/rdsdata/postgresql", Fixture, NULL, fixture_setup, test_postgresql,
              fixture_teardown);
  g_test_add ("/pd/aws/rdsdata/mysql", Fixture, NULL, fixture_setup, test_mysql,
              fixture_teardown);

  return g_test_run ();
}
