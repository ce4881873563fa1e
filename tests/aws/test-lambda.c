/* test-lambda.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-cloudwatch.h"
#include "pd-aws-error.h"
#include "pd-aws-lambda.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

/* The typed Lambda ListFunctions and CloudWatch GetMetricData calls against
 * an in-process sandbox, and their readers on bad answers. */

#define WAIT_MS 20000

typedef struct
{
  PdTestSandbox *sandbox;
  PdAwsClient   *client;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->sandbox = pd_test_sandbox_new (1.0, 7, 16);
  fixture->client = fixture->sandbox->client;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static JsonObject *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GError *error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static GPtrArray *
list_functions (Fixture  *fixture,
                GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_aws_lambda_list_functions_async (fixture->client, NULL, on_result_cb, &result);
  g_assert_true (pd_test_wait_until (has_result, &result, WAIT_MS));
  return pd_aws_lambda_list_functions_finish (fixture->client, result, error);
}

static GHashTable *
get_metric_data (Fixture    *fixture,
                 GPtrArray  *queries,
                 GDateTime  *start,
                 GDateTime  *end,
                 GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_aws_cloudwatch_get_metric_data_async (fixture->client, queries, start, end, NULL,
                                           on_result_cb, &result);
  g_assert_true (pd_test_wait_until (has_result, &result, WAIT_MS));
  return pd_aws_cloudwatch_get_metric_data_finish (fixture->client, result, error);
}

static void
test_list_functions (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) functions = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;
  PdAwsFunction *first = NULL;

  functions = list_functions (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (functions->len, ==, 12);
  for (guint i = 0; i < functions->len; i++)
    {
      PdAwsFunction *function = g_ptr_array_index (functions, i);

      g_assert_true (g_hash_table_add (names, function->name));
      if (g_str_equal (function->name, "todos-get"))
        first = function;
    }
  g_assert_nonnull (first);
  g_assert_cmpstr (first->runtime, ==, "python3.9");
  g_assert_cmpint (first->memory_mb, ==, 128);
  g_assert_cmpint (first->timeout_s, ==, 6);
  g_assert_cmpstr (first->state, ==, "Active");
  g_assert_nonnull (first->last_modified);
  g_assert_true (g_hash_table_contains (names, "authorizer-staging"));
}

static void
test_list_functions_pages (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) functions = NULL;
  GError *error = NULL;

  /* 12 seeded + 120 added: three pages of at most 50. */
  pd_sandbox_add_functions (fixture->sandbox->sandbox, 120);
  pd_test_sandbox_reset_stats (fixture->sandbox);
  functions = list_functions (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (functions->len, ==, 132);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "lambda.ListFunctions"), ==, 3);
  g_assert_cmpstr (((PdAwsFunction *) g_ptr_array_index (functions, 131))->name, ==, "fill-120");
}

static GPtrArray *
function_queries (const char *metric,
                  const char *stat,
                  guint       n_fillers)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_metric_query_free);

  for (guint i = 0; i < n_fillers; i++)
    {
      g_autofree char *id = g_strdup_printf ("q%u", i);
      g_autofree char *name = g_strdup_printf ("fill-%03u", i + 1);

      g_ptr_array_add (queries, pd_aws_metric_query_new (id, "AWS/Lambda", metric, "FunctionName",
                                                         name, stat, 300));
    }
  return queries;
}

static void
test_metric_data (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GHashTable) series = NULL;
  g_autoptr(GDateTime) end = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_hours (end, -6);
  GError *error = NULL;
  PdAwsMetricSeries *one;

  pd_sandbox_add_functions (fixture->sandbox->sandbox, 3);
  queries = function_queries ("Invocations", "Sum", 3);
  g_ptr_array_add (queries, pd_aws_metric_query_new ("missing", "AWS/Lambda", "Invocations",
                                                     "FunctionName", "no-such-function", "Sum",
                                                     300));
  pd_test_sandbox_reset_stats (fixture->sandbox);
  series = get_metric_data (fixture, queries, start, end, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "monitoring.GetMetricData"), ==, 1);
  one = g_hash_table_lookup (series, "q0");
  g_assert_nonnull (one);
  /* Six hours of five-minute periods, oldest first. */
  g_assert_cmpuint (one->timestamps->len, >=, 70);
  g_assert_cmpuint (one->timestamps->len, ==, one->values->len);
  for (guint i = 1; i < one->timestamps->len; i++)
    g_assert_cmpint (g_array_index (one->timestamps, gint64, i), >,
                     g_array_index (one->timestamps, gint64, i - 1));
  for (guint i = 0; i < one->values->len; i++)
    g_assert_cmpfloat (g_array_index (one->values, double, i), >=, 0);
  g_assert_true (one->complete);
  /* A metric nobody reports is an empty series, not an error. */
  one = g_hash_table_lookup (series, "missing");
  g_assert_true (one == NULL || one->values->len == 0);
}

static void
test_metric_data_bad_input (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GDateTime) end = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_hours (end, -1);
  GError *error = NULL;
  g_autoptr(GPtrArray) many = function_queries ("Errors", "Sum", PD_AWS_METRIC_MAX_QUERIES + 1);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(GPtrArray) bad = function_queries ("Errors", "Sum", 2);
  GHashTable *series;

  pd_test_sandbox_reset_stats (fixture->sandbox);
  series = get_metric_data (fixture, many, start, end, &error);
  g_assert_null (series);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_true (strstr (error->message, "501 queries") != NULL);
  g_clear_error (&error);

  series = get_metric_data (fixture, empty, start, end, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  series = get_metric_data (fixture, bad, end, start, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  g_free (((PdAwsMetricQuery *) g_ptr_array_index (bad, 1))->id);
  ((PdAwsMetricQuery *) g_ptr_array_index (bad, 1))->id = g_strdup ("q0");
  series = get_metric_data (fixture, bad, start, end, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_true (strstr (error->message, "twice") != NULL);
  g_clear_error (&error);

  g_free (((PdAwsMetricQuery *) g_ptr_array_index (bad, 1))->id);
  ((PdAwsMetricQuery *) g_ptr_array_index (bad, 1))->id = g_strdup ("Bad-Id");
  series = get_metric_data (fixture, bad, start, end, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_true (strstr (error->message, "Bad-Id") != NULL);
  g_clear_error (&error);

  ((PdAwsMetricQuery *) g_ptr_array_index (bad, 0))->period = 90;
  series = get_metric_data (fixture, bad, start, end, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  /* Every bad input was refused before a request. */
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "monitoring.GetMetricData"), ==, 0);
}

static void
test_parse_metric_data (void)
{
  g_autoptr(JsonObject) query_form = parse_json (
    "{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[\"2026-01-01T00:05:00Z\","
    "\"2026-01-01T00:00:00Z\"],\"Values\":[\"2.5\",\"1\"],\"StatusCode\":\"PartialData\"},"
    "{\"Id\":\"a\",\"Timestamps\":[\"2026-01-01T00:10:00Z\"],\"Values\":[\"4\"],"
    "\"StatusCode\":\"Complete\"},{\"Id\":\"b\",\"Timestamps\":[1767225600.0],"
    "\"Values\":[7]}]}");
  const char * const bad[] = {
    "{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[\"x\"],\"Values\":[\"1\"]}]}",
    "{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1],\"Values\":[\"1e999\"]}]}",
    "{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1],\"Values\":[\"\"]}]}",
    "{\"MetricDataResults\":[{\"Id\":\"a\",\"Timestamps\":[1,2],\"Values\":[1]}]}",
    "{\"MetricDataResults\":[{\"Timestamps\":[],\"Values\":[]}]}",
    "{\"MetricDataResults\":{}}",
    "{\"MetricDataResults\":[3]}",
  };
  g_autoptr(GHashTable) series = NULL;
  PdAwsMetricSeries *a, *b;
  GError *error = NULL;

  series = pd_aws_cloudwatch_parse_metric_data (query_form, &error);
  g_assert_no_error (error);
  a = g_hash_table_lookup (series, "a");
  b = g_hash_table_lookup (series, "b");
  g_assert_cmpuint (a->values->len, ==, 3);
  g_assert_cmpfloat (g_array_index (a->values, double, 0), ==, 1.0);
  g_assert_cmpfloat (g_array_index (a->values, double, 1), ==, 2.5);
  g_assert_cmpfloat (g_array_index (a->values, double, 2), ==, 4.0);
  g_assert_cmpint (g_array_index (a->timestamps, gint64, 0), ==, 1767225600000);
  g_assert_true (a->complete);
  g_assert_cmpfloat (g_array_index (b->values, double, 0), ==, 7.0);
  g_assert_cmpint (g_array_index (b->timestamps, gint64, 0), ==, 1767225600000);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) reply = parse_json (bad[i]);
      GHashTable *none = pd_aws_cloudwatch_parse_metric_data (reply, &error);

      g_assert_null (none);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
      g_clear_error (&error);
    }
}

static void
test_parse_functions (void)
{
  const char * const bad[] = {
    "{\"Functions\":[{\"Runtime\":\"python3.9\"}]}",
    "{\"Functions\":[{\"FunctionName\":\"f\",\"MemorySize\":\"big\"}]}",
    "{\"Functions\":[{\"FunctionName\":\"f\",\"LastModified\":\"yesterday\"}]}",
    "{\"Functions\":\"f\"}",
  };
  g_autoptr(JsonObject) good = parse_json ("{\"Functions\":[{\"FunctionName\":\"f\","
                                           "\"LastModified\":\"2026-01-02T03:04:05.678+0000\"}]}");
  g_autoptr(GPtrArray) functions = NULL;
  GError *error = NULL;

  functions = pd_aws_lambda_parse_functions (good, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_to_unix (((PdAwsFunction *) functions->pdata[0])->last_modified),
                   ==, 1767323045);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) reply = parse_json (bad[i]);
      GPtrArray *none = pd_aws_lambda_parse_functions (reply, &error);

      g_assert_null (none);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/aws/lambda/list-functions", Fixture, NULL, fixture_setup,
              test_list_functions, fixture_teardown);
  g_test_add ("/pd/aws/lambda/list-functions/all-pages", Fixture, NULL, fixture_setup,
              test_list_functions_pages, fixture_teardown);
  g_test_add ("/pd/aws/cloudwatch/metric-data", Fixture, NULL, fixture_setup,
              test_metric_data, fixture_teardown);
  g_test_add ("/pd/aws/cloudwatch/metric-data/bad-input", Fixture, NULL, fixture_setup,
              test_metric_data_bad_input, fixture_teardown);
  g_test_add_func ("/pd/aws/cloudwatch/parse", test_parse_metric_data);
  g_test_add_func ("/pd/aws/lambda/parse", test_parse_functions);

  return g_test_run ();
}
