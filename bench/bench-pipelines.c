/* bench-pipelines.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The pipeline list against a sandbox in a child process:
 *  (b) 100 pipelines, 50 ms added to every request: the wall time until
 *      every row has its status, in ms and in round-trip times (one RTT is
 *      the median of single sequential GetPipelineState calls on the same
 *      sandbox, in the same run; target ≤ 4);
 *  (d) the resident memory the models add: the list with every status,
 *      then every pipeline fully loaded (declaration, state, a page of
 *      history, action executions).
 * The sandbox runs in its own process so that neither its CPU nor its
 * memory counts. */

#include "config.h"

#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pd-aws-codepipeline.h"
#include "pd-pipeline-list.h"
#include "pd-sandbox.h"

#define N_SEEDED 13

static int n_pipelines = 100;
static int latency_ms = 50;
static int rounds = 5;

static const GOptionEntry options[] = {
  { "pipelines", 'n', 0, G_OPTION_ARG_INT, &n_pipelines, "Pipelines in the list (13 or more)", "N" },
  { "latency", 'l', 0, G_OPTION_ARG_INT, &latency_ms, "Milliseconds added to each request", "MS" },
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Cold list loads to time", "N" },
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

  if (n_pipelines > N_SEEDED)
    pd_sandbox_add_pipelines (sandbox, n_pipelines - N_SEEDED);
  if (!pd_sandbox_start (sandbox, 0, &error) ||
      (latency_ms > 0 && !pd_sandbox_set_faults (sandbox, faults, &error)))
    g_error ("sandbox: %s", error->message);

  /* The parent reads where to go and how to sign; the pipe never touches disk */
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

/* Bytes in use on the heap: unlike the resident size, it does not hide
 * new objects in memory an earlier round freed */
static gsize
heap_in_use (void)
{
  return mallinfo2 ().uordblks;
}

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_of (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

typedef struct
{
  guint  with_status;
  guint  total;
  gint64 started;
  gint64 all_status;
} Watch;

static void
on_has_status_cb (PdPipeline *pipeline,
                  GParamSpec *pspec,
                  Watch      *watch)
{
  if (pd_pipeline_get_has_status (pipeline) && ++watch->with_status == watch->total)
    watch->all_status = g_get_monotonic_time ();
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Watch      *watch)
{
  watch->total = g_list_model_get_n_items (model);
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(PdPipeline) pipeline = g_list_model_get_item (model, i);

      g_signal_connect (pipeline, "notify::has-status", G_CALLBACK (on_has_status_cb), watch);
    }
}

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0 +
         usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

static PdAwsClient *
new_client (const char *endpoint,
            const char *access_key_id,
            const char *secret)
{
  g_autoptr(PdAwsCredentials) credentials = pd_aws_credentials_new (access_key_id, secret, NULL,
                                                                    NULL, "sandbox");
  g_autoptr(PdAwsCredentialsProvider) provider = pd_aws_static_credentials_provider_new (credentials);

  return g_object_new (PD_AWS_TYPE_CLIENT,
                       "credentials-provider", provider,
                       "region", "eu-west-1",
                       "endpoint-override", endpoint,
                       "max-connections-per-host", PD_PIPELINE_LIST_DEFAULT_PARALLEL,
                       NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— pipeline list benchmarks");
  g_autoptr(GArray) rtts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) dones = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *loadavg = NULL;
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(PdPipelineList) list = NULL;
  g_auto(GStrv) lines = NULL;
  char buffer[1024] = { 0 };
  GError *error = NULL;
  gsize before, with_status, loaded;
  gsize heap_before, heap_list, heap_loaded;
  double rtt;
  ssize_t got = 0, n;
  int fds[2];
  pid_t child;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  n_pipelines = MAX (n_pipelines, N_SEEDED);

  /* Fork before GLib starts any thread */
  if (pipe (fds) != 0)
    g_error ("pipe failed");
  child = fork ();
  if (child < 0)
    g_error ("fork failed");
  if (child == 0)
    {
      close (fds[0]);
      run_sandbox (fds[1]);
    }
  close (fds[1]);
  while (got < (ssize_t) sizeof buffer - 1 && (n = read (fds[0], buffer + got, sizeof buffer - 1 - got)) > 0)
    got += n;
  close (fds[0]);
  lines = g_strsplit (buffer, "\n", 4);
  if (g_strv_length (lines) < 3)
    g_error ("the sandbox did not start");

  client = new_client (lines[0], lines[1], lines[2]);

  /* One round trip: a single call at a time, connection warm */
  for (int i = 0; i < 9; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(PdAwsPipelineState) state = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      pd_aws_codepipeline_get_pipeline_state_async (client, "todo-list-aws", NULL, on_done_cb,
                                                    &result);
      state = pd_aws_codepipeline_get_pipeline_state_finish (client, await (&result), &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (i > 0)
        g_array_append_val (rtts, ms);
    }
  rtt = median_of (rtts);

  before = resident_kib ();
  heap_before = heap_in_use ();
  for (int r = 0; r < MAX (rounds, 1); r++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      Watch watch = { 0 };
      double ms, done_ms, cpu_before = cpu_ms (), cpu;

      g_clear_object (&list);
      list = pd_pipeline_list_new (client);
      g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &watch);
      watch.started = g_get_monotonic_time ();
      pd_pipeline_list_refresh_async (list, NULL, on_done_cb, &result);
      pd_pipeline_list_refresh_finish (list, await (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (watch.with_status, ==, (guint) n_pipelines);
      ms = (watch.all_status - watch.started) / 1000.0;
      done_ms = (g_get_monotonic_time () - watch.started) / 1000.0;
      g_array_append_val (loads, ms);
      g_array_append_val (dones, done_ms);
      cpu = cpu_ms () - cpu_before;
      g_array_append_val (cpus, cpu);
      g_signal_handlers_disconnect_matched (list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, &watch);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
        {
          g_autoptr(PdPipeline) pipeline = g_list_model_get_item (G_LIST_MODEL (list), i);

          g_signal_handlers_disconnect_matched (pipeline, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                                &watch);
        }
    }
  with_status = resident_kib ();
  heap_list = heap_in_use ();

  /* Every pipeline as the graph view loads it */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(PdPipeline) pipeline = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(GAsyncResult) result = NULL;

      pd_pipeline_refresh_async (pipeline, NULL, on_done_cb, &result);
      pd_pipeline_refresh_finish (pipeline, await (&result), &error);
      g_assert_no_error (error);
    }
  loaded = resident_kib ();
  heap_loaded = heap_in_use ();

  g_print ("(b) pipeline list, %d pipelines, %d ms added latency, %u connections\n",
           n_pipelines, latency_ms, PD_PIPELINE_LIST_DEFAULT_PARALLEL);
  g_print ("    one round trip (median of %u single calls): %.1f ms\n", rtts->len, rtt);
  for (guint i = 0; i < loads->len; i++)
    g_print ("    load %u: every row has its status after %.1f ms = %.2f RTT "
             "(approvals checked after %.1f ms = %.2f RTT; client CPU %.0f ms)\n",
             i + 1, g_array_index (loads, double, i), g_array_index (loads, double, i) / rtt,
             g_array_index (dones, double, i), g_array_index (dones, double, i) / rtt,
             g_array_index (cpus, double, i));
  g_print ("    median: %.1f ms = %.2f RTT (target <= 4)\n",
           median_of (loads), median_of (loads) / rtt);
  /* Shared machines skew every figure: say how busy this one was */
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("    load average during the run: %.*s\n", (int) strcspn (loadavg, " ") , loadavg);
  g_print ("(d) resident memory of the models, %d pipelines\n", n_pipelines);
  g_print ("    before the list: %" G_GSIZE_FORMAT " KiB\n", before);
  g_print ("    list with every status: +%" G_GSSIZE_FORMAT " KiB\n",
           (gssize) with_status - (gssize) before);
  g_print ("    every pipeline loaded (stages, actions, 20 executions, action executions): "
           "+%" G_GSSIZE_FORMAT " KiB (%.1f KiB per pipeline)\n",
           (gssize) loaded - (gssize) before,
           ((double) loaded - (double) before) / n_pipelines);
  g_print ("    heap in use: list with every status +%.0f KiB, every pipeline loaded +%.0f KiB "
           "(%.1f KiB per pipeline)\n",
           ((double) heap_list - (double) heap_before) / 1024.0,
           ((double) heap_loaded - (double) heap_before) / 1024.0,
           ((double) heap_loaded - (double) heap_before) / 1024.0 / n_pipelines);

  g_object_run_dispose (G_OBJECT (list));
  g_clear_object (&list);
  kill (child, SIGTERM);
  waitpid (child, NULL, 0);
  return 0;
}
