/* bench-functions.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pd-aws-credentials.h"
#include "pd-function-logs.h"
#include "pd-function-store.h"
#include "pd-sandbox.h"

/* The Functions section's figures:
 * (a) N functions over 7 days with added latency: GetMetricData calls
 *     against ceil(queries / 500), wall time until every function's
 *     sparkline data is in, and the client's resident memory;
 * (b) grouping of E log events: time and number of groups.
 * The sandbox runs in a child process so that (a) measures the client. */

static int n_functions = 200;
static int latency_ms = 50;
static int n_events = 100000;

static const GOptionEntry entries[] = {
  { "functions", 'n', 0, G_OPTION_ARG_INT, &n_functions, "Functions to add", "N" },
  { "latency", 'l', 0, G_OPTION_ARG_INT, &latency_ms, "Milliseconds added to each request", "MS" },
  { "events", 'e', 0, G_OPTION_ARG_INT, &n_events, "Log events to group", "E" },
  { NULL }
};

static G_GNUC_NORETURN void
run_sandbox (int fd)
{
  g_autoptr(PdSandbox) sandbox = pd_sandbox_new_full (1.0, 1, 0);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *faults = g_strdup_printf ("latency=%dms", latency_ms);
  g_autofree char *hello = NULL;
  GError *error = NULL;

  pd_sandbox_add_functions (sandbox, n_functions);
  if (!pd_sandbox_start (sandbox, 0, &error) ||
      (latency_ms > 0 && !pd_sandbox_set_faults (sandbox, faults, &error)))
    g_error ("sandbox: %s", error->message);
  hello = g_strdup_printf ("%s\n%s\n%s\n", pd_sandbox_get_endpoint (sandbox),
                           pd_sandbox_get_access_key_id (sandbox),
                           pd_sandbox_get_secret_key (sandbox));
  if (write (fd, hello, strlen (hello)) != (ssize_t) strlen (hello))
    g_error ("sandbox: cannot write to the pipe");
  close (fd);
  g_main_loop_run (loop);
  _exit (0);
}

static gsize
resident_kib (void)
{
  g_autofree char *text = NULL;
  long pages = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL) ||
      sscanf (text, "%ld %ld", &pages, &resident) != 2)
    return 0;
  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE) / 1024;
}

static gint64
count_calls (const char *endpoint,
             const char *operation)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *url = g_strdup_printf ("%s/_sandbox/stats", endpoint);
  GError *error = NULL;
  JsonObject *requests;

  message = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, message, NULL, &error);
  if (body == NULL || !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                   g_bytes_get_size (body), &error))
    g_error ("stats: %s", error->message);
  requests = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                            "requests");
  return json_object_get_int_member_with_default (requests, operation, 0);
}

static void
on_changed_cb (PdFunctionStore *store,
               gboolean        *done)
{
  if (pd_function_store_get_loaded (store) || pd_function_store_get_error (store) != NULL)
    *done = TRUE;
}

static void
bench_metrics (void)
{
  int fds[2];
  pid_t pid;
  char buf[1024] = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(PdFunctionStore) store = NULL;
  gboolean done = FALSE;
  gsize before_kib, after_kib;
  gint64 start, elapsed, calls;
  guint n, queries, with_points = 0;

  if (pipe (fds) != 0)
    g_error ("pipe failed");
  pid = fork ();
  if (pid == 0)
    {
      close (fds[0]);
      run_sandbox (fds[1]);
    }
  close (fds[1]);
  for (gsize got = 0; got < sizeof buf - 1; )
    {
      ssize_t r = read (fds[0], buf + got, sizeof buf - 1 - got);

      if (r <= 0)
        break;
      got += r;
    }
  close (fds[0]);
  lines = g_strsplit (buf, "\n", 4);
  if (g_strv_length (lines) < 3)
    g_error ("no answer from the sandbox");

  credentials = pd_aws_credentials_new (lines[1], lines[2], NULL, NULL, "bench");
  provider = pd_aws_static_credentials_provider_new (credentials);
  client = g_object_new (PD_AWS_TYPE_CLIENT, "credentials-provider", provider,
                         "region", "eu-west-1", "endpoint-override", lines[0], NULL);
  store = pd_function_store_new (client);
  pd_function_store_set_window (store, PD_METRICS_WINDOW_WEEK);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &done);

  before_kib = resident_kib ();
  start = g_get_monotonic_time ();
  pd_function_store_refresh (store);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;
  after_kib = resident_kib ();
  if (pd_function_store_get_error (store) != NULL)
    g_error ("refresh: %s", pd_function_store_get_error (store)->message);

  n = pd_function_store_get_functions (store)->len;
  for (guint i = 0; i < n; i++)
    with_points += ((PdFunctionStats *) g_ptr_array_index (pd_function_store_get_functions (store),
                                                           i))->has_metrics;
  queries = n * PD_FUNCTION_N_QUERIES;
  calls = count_calls (lines[0], "monitoring.GetMetricData");
  g_print ("(a) %u functions, 7-day window, %d ms added latency\n", n, latency_ms);
  g_print ("    GetMetricData calls: %" G_GINT64_FORMAT " (target ceil(%u/500) = %u)\n", calls,
           queries, (queries + 499) / 500);
  g_print ("    ListFunctions calls: %" G_GINT64_FORMAT "\n",
           count_calls (lines[0], "lambda.ListFunctions"));
  g_print ("    wall time to every sparkline: %.0f ms (%u functions with points)\n",
           elapsed / 1000.0, with_points);
  g_print ("    resident memory: %.1f MiB, +%.1f MiB for the load\n", after_kib / 1024.0,
           (after_kib - MIN (before_kib, after_kib)) / 1024.0);
  kill (pid, SIGTERM);
}

static void
bench_grouping (void)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pd_aws_log_page_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(PdFunctionLogSummary) summary = NULL;
  PdAwsLogPage *page = NULL;
  gint64 start, elapsed;

  for (int i = 0; i < n_events; i++)
    {
      g_autofree char *message = NULL;
      guint shape = g_rand_int_range (rand, 0, 4);
      guint a = g_rand_int_range (rand, 0, 60), b = g_rand_int_range (rand, 0, 60);
      guint c = g_rand_int_range (rand, 0, 1000);

      if (page == NULL || pd_aws_log_page_get_n_events (page) >= 10000)
        {
          page = pd_aws_log_page_new ();
          g_ptr_array_add (pages, page);
        }
      /* Three messages with numbers, IDs, addresses and hex that change,
       * and REPORT lines of cold starts. */
      switch (shape)
        {
        case 0:
          message = g_strdup_printf ("[ERROR]\t2026-12-01T10:%02u:%02u.%03uZ\t%08x-1234-4abc-8def-"
                                     "%012x\tKeyError: 'todo-%u' not found in table "
                                     "todo-list-%u", a, b, c, g_rand_int (rand), g_rand_int (rand),
                                     g_rand_int (rand) % 99999, g_rand_int (rand) % 10);
          break;
        case 1:
          message = g_strdup_printf ("[ERROR] ConnectionError: could not reach 10.0.%u.%u:5432 "
                                     "(session 0x%08x)\nTraceback (most recent call last):", a, b, g_rand_int (rand));
          break;
        case 2:
          message = g_strdup_printf ("2026-12-01T10:%02u:%02u.%03uZ %08x-1234-4abc-8def-%012x Task "
                                     "timed out after %u.%02u seconds", a, b, c, g_rand_int (rand), g_rand_int (rand), a,
                                     b);
          break;
        default:
          message = g_strdup_printf ("REPORT RequestId: %08x-1234-4abc-8def-%012x\tDuration: %u.%02u "
                                     "ms\tBilled Duration: %u ms\tMemory Size: 128 MB\tMax "
                                     "Memory Used: 70 MB\tInit Duration: %u.%02u ms\t", g_rand_int (rand), g_rand_int (rand), a, b, a,
                                     c, b);
          break;
        }
      pd_aws_log_page_add_event (page, 1764583200000 + i, 1764583200000 + i, message,
                                 strlen (message));
    }

  start = g_get_monotonic_time ();
  summary = pd_function_logs_summarise (pages, 0, NULL, 0);
  elapsed = g_get_monotonic_time () - start;
  g_print ("(b) error grouping, %d events: %.1f ms, %u groups, %u cold starts\n", n_events,
           elapsed / 1000.0, summary->groups->len, summary->cold_starts);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- benchmark the Functions section");
  GError *error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  bench_grouping ();
  bench_metrics ();
  return 0;
}
