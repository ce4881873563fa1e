/* test-functions.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-aws-error.h"
#include "pd-core-error.h"
#include "pd-deploy-markers.h"
#include "pd-function-alerts.h"
#include "pd-function-logs.h"
#include "pd-function-store.h"
#include "pd-overview.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"
#include "pd-util.h"

/* The functions' metrics, log errors and deploy markers against an
 * in-process sandbox, compared with what boto3 reads from it. */

#define WAIT_MS 30000

typedef struct
{
  PdTestSandbox *sandbox;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->sandbox = pd_test_sandbox_new (1.0, 11, 8);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

/* Runs functions_boto3.py and returns its JSON answer. */
static JsonNode *
run_boto3 (Fixture            *fixture,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "core", "functions_boto3.py",
                                                   NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  PdSandbox *sandbox = fixture->sandbox->sandbox;
  GError *error = NULL;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    g_error ("this test needs /usr/bin/python3 with boto3 (apt install python3-boto3)");
  g_ptr_array_add (argv, (gpointer) "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID",
                                pd_sandbox_get_access_key_id (sandbox), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY",
                                pd_sandbox_get_secret_key (sandbox), TRUE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_unsetenv (launcher, "AWS_DEFAULT_PROFILE");
  g_subprocess_launcher_unsetenv (launcher, "AWS_ENDPOINT_URL");
  g_subprocess_launcher_setenv (launcher, "AWS_DEFAULT_REGION", "eu-west-1", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_MAX_ATTEMPTS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "PD_SANDBOX_ENDPOINT",
                                pd_sandbox_get_endpoint (sandbox), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* The sandbox runs in this process: serve it while the script runs. */
  {
    GAsyncResult *result = NULL;

    g_subprocess_communicate_utf8_async (process, NULL, NULL, pd_test_store_result_cb, &result);
    pd_test_await_result (&result, WAIT_MS);
    g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error);
    g_object_unref (result);
    g_assert_no_error (error);
  }
  if (!g_subprocess_get_successful (process))
    g_error ("functions_boto3.py failed (is python3-boto3 installed?): %s", err);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
is_loaded (gpointer data)
{
  return pd_function_store_get_loaded (data) || pd_function_store_get_error (data) != NULL;
}

static PdFunctionStore *
load_store (Fixture         *fixture,
            PdMetricsWindow  window)
{
  PdFunctionStore *store = pd_function_store_new (fixture->sandbox->client);

  pd_function_store_set_window (store, window);
  pd_function_store_refresh (store);
  g_assert_true (pd_test_wait_until (is_loaded, store, WAIT_MS));
  g_assert_no_error ((GError *) pd_function_store_get_error (store));
  return store;
}

static void
test_metrics_one_call (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PdFunctionStore) store = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *functions;
  PdFunctionStats *first;
  gint64 start_s, cutoff_s;
  JsonObject *expected;

  pd_test_sandbox_reset_stats (fixture->sandbox);
  store = load_store (fixture, PD_METRICS_WINDOW_HOUR);
  functions = pd_function_store_get_functions (store);
  g_assert_cmpuint (functions->len, ==, 12);
  /* 12 functions × 7 queries: one call, never one per function. */
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "monitoring.GetMetricData"), ==, 1);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "lambda.ListFunctions"), ==, 1);

  /* Compare the closed periods (the last two may still move) with boto3. */
  first = g_ptr_array_index (functions, 0);
  g_assert_cmpuint (first->times->len, ==, 60);
  start_s = g_array_index (first->times, gint64, 0) / 1000;
  cutoff_s = g_array_index (first->times, gint64, first->times->len - 2) / 1000;
  g_ptr_array_add (args, g_strdup ("metrics"));
  g_ptr_array_add (args, g_strdup_printf ("%" G_GINT64_FORMAT, start_s));
  g_ptr_array_add (args, g_strdup_printf ("%" G_GINT64_FORMAT, cutoff_s));
  g_ptr_array_add (args, g_strdup ("60"));
  for (guint i = 0; i < functions->len; i++)
    g_ptr_array_add (args, g_strdup (((PdFunctionStats *) functions->pdata[i])->name));
  g_ptr_array_add (args, NULL);
  root = run_boto3 (fixture, (const char * const *) args->pdata);
  expected = json_node_get_object (root);

  for (guint i = 0; i < functions->len; i++)
    {
      PdFunctionStats *stats = g_ptr_array_index (functions, i);
      JsonArray *sums = json_object_get_array_member (expected, stats->name);
      double invocations = 0, errors = 0;

      for (guint k = 0; k < stats->times->len; k++)
        if (g_array_index (stats->times, gint64, k) < cutoff_s * 1000)
          {
            invocations += g_array_index (stats->invocations_series, double, k);
            errors += g_array_index (stats->errors_series, double, k);
          }
      g_assert_cmpfloat_with_epsilon (invocations, json_array_get_double_element (sums, 0), 1e-6);
      g_assert_cmpfloat_with_epsilon (errors, json_array_get_double_element (sums, 1), 1e-6);
      /* A quiet function (the sandbox follows the time of day) may have
       * no point at all: then it has no numbers either. */
      if (json_array_get_double_element (sums, 0) > 0)
        {
          g_assert_true (stats->has_metrics);
          g_assert_cmpfloat (stats->invocations, >, 0);
          g_assert_cmpfloat (stats->p95, >, 0);
          g_assert_cmpfloat (stats->p99, >=, stats->p50);
        }
      else
        g_assert_true (!stats->has_metrics || stats->invocations == 0);
      g_assert_cmpfloat (stats->error_rate, >=, 0);
      g_assert_cmpfloat (stats->error_rate, <=, 100);
    }
  first = pd_function_store_lookup (store, "todos-get");
  g_assert_nonnull (first);
  g_assert_cmpint (first->memory_mb, ==, 128);
  g_assert_cmpstr (first->runtime, ==, "python3.9");
}

static void
test_metrics_batched (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PdFunctionStore) store = NULL;
  GPtrArray *functions;
  guint with_metrics = 0;

  /* 212 functions × 7 = 1484 queries: three calls of at most 500. */
  pd_sandbox_add_functions (fixture->sandbox->sandbox, 200);
  pd_test_sandbox_reset_stats (fixture->sandbox);
  store = load_store (fixture, PD_METRICS_WINDOW_DAY);
  functions = pd_function_store_get_functions (store);
  g_assert_cmpuint (functions->len, ==, 212);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "monitoring.GetMetricData"), ==, 3);
  for (guint i = 0; i < functions->len; i++)
    {
      PdFunctionStats *stats = g_ptr_array_index (functions, i);

      g_assert_cmpuint (stats->times->len, ==, 96);
      g_assert_cmpuint (stats->invocations_series->len, ==, 96);
      with_metrics += stats->has_metrics;
    }
  g_assert_cmpuint (with_metrics, >=, 206);
  g_assert_true (pd_function_store_lookup (store, "fill-200")->has_metrics);
}

/* The grouping rule again, written differently: regular expressions over
 * the first line. */
static char *
normalise_again (const char *message)
{
  static const char * const rules[][2] = {
    { "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b", "<id>" },
    { "\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(:\\d+)?\\b", "<ip>" },
    { "\\b0[xX][0-9a-fA-F]+\\b", "<hex>" },
    { "\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b", "<hex>" },
    { "\\d+(\\.\\d+)?", "<n>" },
    { "[ \\t\\r]+", " " },
  };
  g_autofree char *text = NULL;
  const char *newline = strchr (message, '\n');

  text = newline != NULL ? g_strndup (message, newline - message) : g_strdup (message);
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (rules[i][0], 0, 0, NULL);
      char *next;

      g_assert_nonnull (regex);
      next = g_regex_replace_literal (regex, text, -1, 0, rules[i][1], 0, NULL);
      g_free (text);
      text = next;
    }
  return g_strstrip (g_steal_pointer (&text));
}

static GPtrArray *
fetch_logs (Fixture    *fixture,
            const char *function,
            GError    **error)
{
  GAsyncResult *result = NULL;
  GPtrArray *pages;

  pd_function_logs_fetch_async (fixture->sandbox->client, function, 0, NULL,
                                pd_test_store_result_cb, &result);
  pd_test_await_result (&result, WAIT_MS);
  pages = pd_function_logs_fetch_finish (result, error);
  g_object_unref (result);
  return pages;
}

static void
test_error_groups (Fixture       *fixture,
                   gconstpointer  data)
{
  const char * const functions[] = { "todos-get", "todos-create", "todos-list", NULL };
  GError *error = NULL;

  for (guint f = 0; functions[f] != NULL; f++)
    {
      g_autoptr(GPtrArray) pages = fetch_logs (fixture, functions[f], &error);
      g_autoptr(PdFunctionLogSummary) summary = NULL;
      g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
      guint events = 0;

      g_assert_no_error (error);
      summary = pd_function_logs_summarise (pages, 0, NULL, 0);
      for (guint i = 0; i < pages->len; i++)
        {
          PdAwsLogPage *page = g_ptr_array_index (pages, i);

          for (guint k = 0; k < page->events->len; k++)
            {
              gsize length;
              const char *message = pd_aws_log_page_get_message (page, k, &length);
              g_autofree char *text = g_strndup (message, length);
              char *key;

              if (g_str_has_prefix (text, "REPORT "))
                continue;
              key = normalise_again (text);
              g_hash_table_insert (expected, key,
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (
                                     g_hash_table_lookup (expected, key)) + 1));
              events++;
            }
        }
      g_assert_cmpuint (events, >, 0);
      g_assert_cmpuint (summary->groups->len, ==, g_hash_table_size (expected));
      for (guint i = 0; i < summary->groups->len; i++)
        {
          PdErrorGroup *group = g_ptr_array_index (summary->groups, i);

          g_assert_cmpuint (group->count, ==,
                            GPOINTER_TO_UINT (g_hash_table_lookup (expected, group->key)));
          g_assert_cmpint (group->first_seen, <=, group->last_seen);
          g_assert_nonnull (group->example);
          if (group->kind != PD_FUNCTION_ISSUE_TRACEBACK)
            g_assert_nonnull (group->request_id);
        }
      /* Two log streams, each starting cold. */
      g_assert_cmpuint (summary->cold_starts, ==, 2);
      g_assert_cmpfloat (summary->init_ms_total, >, 2 * 180);
      g_assert_cmpuint (summary->malformed_reports, ==, 0);
    }
}

static void
test_error_groups_kinds (Fixture       *fixture,
                         gconstpointer  data)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) get = fetch_logs (fixture, "todos-get", &error);
  g_autoptr(GPtrArray) list = fetch_logs (fixture, "todos-list", &error);
  g_autoptr(GPtrArray) create = fetch_logs (fixture, "todos-create", &error);
  g_autoptr(GPtrArray) authorizer = fetch_logs (fixture, "authorizer", &error);
  g_autoptr(GPtrArray) update = fetch_logs (fixture, "todos-update", &error);
  g_autoptr(PdFunctionLogSummary) summary = NULL;
  gint64 deploy = pd_util_get_real_time () / 1000 - 7 * 3600 * 1000;
  PdErrorGroup *group;

  g_assert_no_error (error);
  /* KeyErrors of todos-get: one group whatever the IDs and numbers, there
   * since before the deploy. */
  summary = pd_function_logs_summarise (get, 0, &deploy, 1);
  g_assert_cmpuint (summary->groups->len, ==, 1);
  group = g_ptr_array_index (summary->groups, 0);
  g_assert_cmpint (group->kind, ==, PD_FUNCTION_ISSUE_ERROR);
  g_assert_cmpuint (group->count, >=, 10);
  g_assert_false (group->new_since_deploy);
  g_assert_nonnull (strstr (group->key, "KeyError: 'todo-<n>' not found in table todo-list-<n>"));
  g_assert_nonnull (strstr (group->example, group->request_id));
  g_clear_pointer (&summary, pd_function_log_summary_free);

  summary = pd_function_logs_summarise (list, 0, &deploy, 1);
  g_assert_cmpuint (summary->groups->len, ==, 1);
  group = g_ptr_array_index (summary->groups, 0);
  g_assert_cmpint (group->kind, ==, PD_FUNCTION_ISSUE_TIMEOUT);
  g_assert_cmpstr (group->key, ==,
                   "<n>-<n>-<n>T<n>:<n>:<n>Z <id> Task timed out after <n> seconds");
  g_clear_pointer (&summary, pd_function_log_summary_free);

  /* The tracebacks of todos-create began in the last six hours, after the
   * deploy seven hours ago. */
  summary = pd_function_logs_summarise (create, 0, &deploy, 1);
  g_assert_cmpuint (summary->groups->len, ==, 1);
  group = g_ptr_array_index (summary->groups, 0);
  g_assert_cmpint (group->kind, ==, PD_FUNCTION_ISSUE_TRACEBACK);
  g_assert_true (group->new_since_deploy);
  g_assert_nonnull (strstr (group->key, "could not reach <ip> (session <hex>)"));
  g_clear_pointer (&summary, pd_function_log_summary_free);

  /* No log group: no pages, no error. */
  g_assert_cmpuint (authorizer->len, ==, 0);
  summary = pd_function_logs_summarise (authorizer, 0, NULL, 0);
  g_assert_cmpuint (summary->groups->len, ==, 0);
  g_assert_cmpuint (summary->cold_starts, ==, 0);
  g_clear_pointer (&summary, pd_function_log_summary_free);

  /* One malformed REPORT line, counted apart, not a cold start. */
  summary = pd_function_logs_summarise (update, 0, NULL, 0);
  g_assert_cmpuint (summary->malformed_reports, ==, 1);
  g_assert_cmpuint (summary->cold_starts, ==, 2);
  g_assert_cmpuint (summary->groups->len, ==, 0);
}

static void
test_normalise (void)
{
  static const char * const cases[][2] = {
    { "Error 42 at 10.1.2.3:8080", "Error <n> at <ip>" },
    { "id 1b4e28ba-2fa1-11d2-883f-0016d3cca427 done", "id <id> done" },
    { "ptr 0xDEADbeef and cafe1234cafe", "ptr <hex> and <hex>" },
    { "deadbeef is a word? 'facade' stays", "deadbeef is a word? 'facade' stays" },
    { "took 1.25 s\nTraceback 99", "took <n> s" },
    { "  tabs\t\tand   spaces  ", "tabs and spaces" },
    { "", "" },
    { "v2 item99 x", "v<n> item<n> x" },
  };
  const char * const reports[] = {
    "REPORT RequestId: a\tDuration: 1.00 ms\tInit Duration: 250.50 ms\t",
    "REPORT RequestId: a\tDuration: 1.00 ms\t",
    "REPORT RequestId: a\tDuration: fast\t",
    "REPORT RequestId: a\tDuration: 2 ms\tInit Duration: -3 ms",
    "REPORT RequestId: a\tDuration: 2 ms\tInit Duration: ms",
    "REPORT RequestId: a",
    "START RequestId: a",
  };
  const gboolean valid[] = { TRUE, TRUE, FALSE, FALSE, FALSE, FALSE, TRUE };
  const double inits[] = { 250.5, 0, 0, 0, 0, 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = pd_function_logs_normalise (cases[i][0], -1);

      g_assert_cmpstr (key, ==, cases[i][1]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    {
      gboolean is_report;
      double init_ms;

      g_assert_cmpint (pd_function_logs_parse_report (reports[i], -1, &is_report, &init_ms), ==,
                       valid[i]);
      g_assert_cmpint (is_report, ==, i < 6);
      g_assert_cmpfloat (init_ms, ==, inits[i]);
    }
  g_assert_null (pd_function_logs_find_request_id ("no id here 1234-5678", -1));
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
test_deploy_markers (Fixture       *fixture,
                     gconstpointer  data)
{
  const char * const args[] = { "deploys", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  GAsyncResult *result = NULL;
  GError *error = NULL;
  JsonArray *expected;

  pd_deploy_markers_fetch_async (fixture->sandbox->client, 0, NULL, pd_test_store_result_cb,
                                 &result);
  g_assert_true (pd_test_wait_until (has_result, &result, WAIT_MS));
  markers = pd_deploy_markers_fetch_finish (result, &error);
  g_object_unref (result);
  g_assert_no_error (error);

  root = run_boto3 (fixture, args);
  expected = json_node_get_array (root);
  g_assert_cmpuint (markers->len, >, 0);
  g_assert_cmpuint (markers->len, ==, json_array_get_length (expected));
  for (guint i = 0; i < markers->len; i++)
    {
      PdDeployMarker *marker = g_ptr_array_index (markers, i);

      g_assert_cmpint (marker->time_ms, ==, json_array_get_int_element (expected, i));
      g_assert_nonnull (marker->pipeline);
    }
}

static void
test_alert_rules (void)
{
  const char * const bad[] = {
    "", "a|b|c", "bad name!|error-rate|5|10", "f|error-rate|0|10", "f|error-rate|101|10",
    "f|error-rate|abc|10", "f|error-rate|nan|10", "f|error-rate||10", "f|p95|-1|5",
    "f|p95|1e9|5", "f|throttle|3|5", "f|error-rate|5|0", "f|error-rate|5|61",
    "f|error-rate|5|x", "f|error-rate|5|-1", "f|unknown|5|5", "f|error-rate|5|10|extra",
    "|error-rate|5|10",
    "a-function-name-that-is-far-too-long-to-be-a-lambda-function-name-at-all|p95|5|5",
  };
  const char * const good[] = {
    "todos-list|error-rate|5|10", "f_1|throttle|0|1", "f|p95|800|60", "f|error-rate|0.5|5",
  };
  g_autoptr(PdFunctionAlerts) alerts = pd_function_alerts_new ();
  const char * const mixed[] = { "f|p95|800|60", "f|p95|0|60", "g|throttle|0|5", NULL };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      PdAlertRule *rule = pd_alert_rule_parse (bad[i], &error);

      g_assert_null (rule);
      g_assert_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(PdAlertRule) rule = pd_alert_rule_parse (good[i], &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = pd_alert_rule_to_string (rule);
      g_assert_cmpstr (text, ==, good[i]);
    }
  /* The good rules stay, the first bad one is reported. */
  g_assert_false (pd_function_alerts_set_rules (alerts, mixed, &error));
  g_assert_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“0”"));
  g_clear_error (&error);
  g_assert_cmpuint (pd_function_alerts_get_n_rules (alerts), ==, 2);
}

static void
on_alert_cb (PdFunctionAlerts *alerts,
             const char       *function,
             const char       *reason,
             GPtrArray        *seen)
{
  g_ptr_array_add (seen, g_strdup (function));
  g_assert_nonnull (strstr (reason, function));
}

static gboolean
alerts_checked (gpointer data)
{
  PdFunctionStore *store = pd_function_alerts_get_store (data);

  return pd_function_store_get_loaded (store) || pd_function_store_get_error (store) != NULL;
}

static void
test_alert_burst (Fixture       *fixture,
                  gconstpointer  data)
{
  const char * const rules[] = {
    "todos-list|error-rate|20|10", "todos-get|error-rate|60|10", "authorizer|p95|100000|10",
    NULL,
  };
  g_autoptr(PdFunctionAlerts) alerts = pd_function_alerts_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;

  /* Half the invocations of todos-list fail from 15 minutes ago. */
  pd_sandbox_add_error_burst (fixture->sandbox->sandbox, "todos-list", 15, 0.5);
  g_assert_true (pd_function_alerts_set_rules (alerts, rules, &error));
  g_assert_no_error (error);
  g_signal_connect (alerts, "alert", G_CALLBACK (on_alert_cb), seen);
  pd_function_alerts_set_client (alerts, fixture->sandbox->client);
  pd_function_alerts_set_active (alerts, TRUE);
  g_assert_true (pd_test_wait_until (alerts_checked, alerts, WAIT_MS));
  g_assert_no_error ((GError *) pd_function_store_get_error (pd_function_alerts_get_store (alerts)));
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (seen->pdata[0], ==, "todos-list");

  /* Still holding: no second alert. */
  pd_function_alerts_check_now (alerts);
  g_assert_cmpuint (seen->len, ==, 1);
  pd_function_alerts_set_active (alerts, FALSE);
}

static gboolean
overview_loaded (gpointer data)
{
  return !pd_overview_get_loading (data);
}

static void
test_overview (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PdOverview) overview = pd_overview_new (fixture->sandbox->client);
  const PdOverviewTile *tile;
  guint64 states;

  pd_test_sandbox_reset_stats (fixture->sandbox);
  pd_overview_refresh (overview);
  g_assert_true (pd_overview_get_loading (overview));
  g_assert_true (pd_test_wait_until (overview_loaded, overview, WAIT_MS));
  for (guint i = 0; i < PD_OVERVIEW_N_TILES; i++)
    {
      tile = pd_overview_get_tile (overview, i);
      g_assert_true (tile->loaded);
      g_assert_false (tile->stale);
      g_assert_null (tile->error);
    }
  /* One state per pipeline listed, and the Lambda metrics in one call. */
  tile = pd_overview_get_tile (overview, PD_OVERVIEW_PIPELINES);
  g_assert_cmpuint (tile->total, >, 0);
  states = pd_test_sandbox_count (fixture->sandbox, "codepipeline.GetPipelineState");
  g_assert_cmpuint (states, ==, tile->total);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "monitoring.GetMetricData"), ==, 1);
  tile = pd_overview_get_tile (overview, PD_OVERVIEW_LAMBDA_ERRORS);
  g_assert_cmpuint (tile->total, ==, 12);
  tile = pd_overview_get_tile (overview, PD_OVERVIEW_API_STAGES);
  g_assert_cmpuint (tile->extra, >=, 1);
  g_assert_cmpuint (tile->total, >=, tile->extra);
  tile = pd_overview_get_tile (overview, PD_OVERVIEW_DATABASES);
  g_assert_cmpuint (tile->total, >=, 1);
  tile = pd_overview_get_tile (overview, PD_OVERVIEW_WAF_BLOCKED);
  g_assert_cmpuint (tile->extra, >=, 1);

  /* A failing service marks its tile stale and leaves the others. */
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "5xx=1,service=rds", NULL));
  pd_overview_refresh (overview);
  g_assert_true (pd_test_wait_until (overview_loaded, overview, WAIT_MS));
  tile = pd_overview_get_tile (overview, PD_OVERVIEW_DATABASES);
  g_assert_true (tile->stale);
  g_assert_nonnull (tile->error);
  g_assert_cmpuint (tile->total, >=, 1);
  g_assert_false (pd_overview_get_tile (overview, PD_OVERVIEW_PIPELINES)->stale);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/core/functions/metrics/one-call", Fixture, NULL, fixture_setup,
              test_metrics_one_call, fixture_teardown);
  g_test_add ("/pd/core/functions/metrics/batched", Fixture, NULL, fixture_setup,
              test_metrics_batched, fixture_teardown);
  g_test_add ("/pd/core/functions/logs/groups", Fixture, NULL, fixture_setup,
              test_error_groups, fixture_teardown);
  g_test_add ("/pd/core/functions/logs/kinds", Fixture, NULL, fixture_setup,
              test_error_groups_kinds, fixture_teardown);
  g_test_add_func ("/pd/core/functions/logs/normalise", test_normalise);
  g_test_add_func ("/pd/core/functions/alerts/rules", test_alert_rules);
  g_test_add ("/pd/core/functions/alerts/burst", Fixture, NULL, fixture_setup,
              test_alert_burst, fixture_teardown);
  g_test_add ("/pd/core/overview", Fixture, NULL, fixture_setup, test_overview,
              fixture_teardown);
  g_test_add ("/pd/core/functions/deploy-markers", Fixture, NULL, fixture_setup,
              test_deploy_markers, fixture_teardown);

  return g_test_run ();
}
