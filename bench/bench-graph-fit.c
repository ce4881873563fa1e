/* bench-graph-fit.c — the zoom the pipeline graph fits at, by length.
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts pipedeck-sandbox, opens todo-list-aws in a real window at
 * 1280×800 and at the default size (1100×720), then shows graphs of 1 to
 * 20 stages shaped like todo-list-aws (three parallel actions in every
 * seventh stage from the third) in that window's view and prints, for each,
 * the zoom and rows the fit chose, and whether the whole graph is in view
 * or the graph is at the readable minimum and scrolls. Last, how long
 * working out a fit takes, since the view does it whenever it is laid out.
 *
 * Run under a display: bench/run.sh wraps it in xvfb-run and a private
 * session bus.
 */

#include "config.h"

#include <adwaita.h>
#include <signal.h>

#include "pd-account-store.h"
#include "pd-application.h"
#include "pd-pipeline-graph.h"
#include "pd-pipeline-view.h"
#include "pd-pipelines-page.h"
#include "pd-window.h"

#define MAX_STAGES PD_PIPELINE_GRAPH_MAX_STAGES

typedef struct
{
  int         width;
  int         height;
  const char *name;
} Size;

typedef struct
{
  double  zoom;
  guint   per_row;
  int     graph_height;
  int     viewport_height;
} Fit;

static const Size sizes[] = {
  { 1280, 800, "1280×800" },
  { 1100, 720, "1100×720 (default)" },
};

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

/* Two painted frames: the layout has settled. */
static void
wait_painted (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  for (guint i = 0; i < 2; i++)
    {
      gboolean painted = FALSE;
      gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb),
                                         &painted);

      gtk_widget_queue_draw (widget);
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (clock, handler);
    }
}

static void
fill_like_todo_list (PdPipelineGraph *graph,
                     guint            n)
{
  pd_pipeline_graph_set_n_stages (graph, n);
  for (guint s = 0; s < n; s++)
    {
      g_autofree char *stage_name = g_strdup_printf ("Stage%u", s);
      guint n_actions = s % 7 == 2 ? 3 : 1;
      PdGraphStageInfo stage = {
        .name = stage_name,
        .status = s + 1 < n ? PD_GRAPH_STATUS_SUCCEEDED : PD_GRAPH_STATUS_IN_PROGRESS,
        .has_inbound_transition = s > 0,
        .inbound_enabled = TRUE,
      };

      pd_pipeline_graph_update_stage (graph, s, &stage, n_actions);
      for (guint a = 0; a < n_actions; a++)
        {
          g_autofree char *action_name = g_strdup_printf ("Action%u_%u", s, a);
          PdGraphActionInfo action = {
            .name = action_name,
            .provider = "CodeBuild",
            .category = PD_AWS_ACTION_CATEGORY_BUILD,
            .status = stage.status,
            .run_order = 1,
            .duration = 40,
            .percent = -1,
            .summary = "serverless deploy --stage staging",
          };

          pd_pipeline_graph_update_action (graph, s, a, &action);
        }
    }
}

static GSubprocess *
start_sandbox (const char  *path,
               char       **endpoint,
               char       **key,
               char       **secret)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *sandbox;
  char *line;

  sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, path, "--port", "0", NULL);
  if (sandbox == NULL)
    {
      g_printerr ("bench-graph-fit: %s\n", error->message);
      exit (1);
    }
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  while ((line = g_data_input_stream_read_line (out, NULL, NULL, NULL)) != NULL)
    {
      gboolean last = g_str_has_prefix (line, "PD_SANDBOX_ACCOUNT_ID=");

      if (g_str_has_prefix (line, "AWS_ENDPOINT_URL="))
        *endpoint = g_strdup (line + strlen ("AWS_ENDPOINT_URL="));
      else if (g_str_has_prefix (line, "AWS_ACCESS_KEY_ID="))
        *key = g_strdup (line + strlen ("AWS_ACCESS_KEY_ID="));
      else if (g_str_has_prefix (line, "AWS_SECRET_ACCESS_KEY="))
        *secret = g_strdup (line + strlen ("AWS_SECRET_ACCESS_KEY="));
      g_free (line);
      if (last)
        break;
    }
  if (*endpoint == NULL || *key == NULL || *secret == NULL)
    {
      g_printerr ("bench-graph-fit: the sandbox did not start\n");
      g_subprocess_force_exit (sandbox);
      exit (1);
    }
  return sandbox;
}

/* One window of @size on todo-list-aws; fills @fits[1..MAX_STAGES]. */
static gboolean
measure_size (PdApplication *app,
              PdAccount     *account,
              const Size    *size,
              Fit           *fits,
              Fit           *real,
              GString       *about)
{
  g_autoptr(GError) error = NULL;
  PdWindow *window;
  PdPipelinesPage *page;
  PdPipelineView *view;
  PdPipelineGraph *graph;
  GtkWidget *scroller;
  gint64 deadline;

  window = pd_window_new (ADW_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), size->width, size->height);
  pd_window_set_account_store (window, pd_application_get_account_store (app), account);
  gtk_window_present (GTK_WINDOW (window));
  if (!pd_window_show_view (window, "pipeline:todo-list-aws", &error))
    {
      g_printerr ("bench-graph-fit: %s\n", error->message);
      return FALSE;
    }
  page = PD_PIPELINES_PAGE (pd_window_get_section (window, "pipelines"));
  view = pd_pipelines_page_get_pipeline_view (page);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((pd_window_get_busy (window) || !pd_pipeline_view_get_has_data (view)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!pd_pipeline_view_get_has_data (view))
    {
      g_printerr ("bench-graph-fit: todo-list-aws did not load\n");
      return FALSE;
    }
  wait_painted (GTK_WIDGET (window));

  graph = pd_pipeline_view_get_graph (view);
  scroller = pd_pipeline_view_get_graph_scroller (view);
  real->zoom = pd_pipeline_graph_get_zoom (graph);
  real->per_row = pd_pipeline_graph_get_stages_per_row (graph);
  g_string_append_printf (about, "  %-19s window %d×%d, view %d wide, executions %s, "
                          "the graph's viewport %d×%d\n",
                          size->name, gtk_widget_get_width (GTK_WIDGET (window)),
                          gtk_widget_get_height (GTK_WIDGET (window)),
                          gtk_widget_get_width (GTK_WIDGET (view)),
                          pd_pipeline_view_get_executions_shown (view) ? "shown" : "folded",
                          gtk_widget_get_width (scroller), gtk_widget_get_height (scroller));

  /* The view lets go of the pipeline, so that polls leave the graph be. */
  pd_pipeline_view_set_pipeline (view, NULL);
  for (guint n = 1; n <= MAX_STAGES; n++)
    {
      fill_like_todo_list (graph, n);
      wait_painted (GTK_WIDGET (window));
      fits[n].zoom = pd_pipeline_graph_get_zoom (graph);
      fits[n].per_row = pd_pipeline_graph_get_stages_per_row (graph);
      fits[n].graph_height = gtk_widget_get_height (GTK_WIDGET (graph));
      fits[n].viewport_height = gtk_widget_get_height (scroller);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return TRUE;
}

static void
print_fit (const Fit *fit,
           guint      n)
{
  guint rows = (n + fit->per_row - 1) / fit->per_row;
  gboolean whole = fit->zoom > PD_PIPELINE_GRAPH_FIT_MIN_ZOOM;

  printf ("   %4.2f  %2u×%-2u %-9s", fit->zoom, rows, fit->per_row,
          whole ? "whole" : "scrolls");
}

/* Microseconds for one pd_pipeline_graph_compute_fit() of @n stages. */
static double
time_compute_fit (guint n)
{
  PdPipelineGraph *graph = g_object_ref_sink (PD_PIPELINE_GRAPH (pd_pipeline_graph_new ()));
  guint runs = 200;
  guint per_row;
  gint64 start;
  double us;

  fill_like_todo_list (graph, n);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < runs; i++)
    pd_pipeline_graph_compute_fit (graph, 780 + (int) (i % 7), 660, &per_row);
  us = (double) (g_get_monotonic_time () - start) / runs;
  g_object_unref (graph);
  return us;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdApplication) app = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) about = g_string_new (NULL);
  g_autofree char *sandbox_path = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  GOptionEntry entries[] = {
    { "sandbox", 0, 0, G_OPTION_ARG_FILENAME, &sandbox_path, "The pipedeck-sandbox program",
      "PATH" },
    { NULL }
  };
  Fit fits[G_N_ELEMENTS (sizes)][MAX_STAGES + 1];
  Fit real[G_N_ELEMENTS (sizes)];
  gboolean ok = TRUE;

  setvbuf (stdout, NULL, _IOLBF, 0);
  context = g_option_context_new ("- the zoom the pipeline graph fits at");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || sandbox_path == NULL)
    {
      g_printerr ("bench-graph-fit: %s\n", error ? error->message : "--sandbox is required");
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench-graph-fit: no display\n");
      return 1;
    }
  adw_init ();

  sandbox = start_sandbox (sandbox_path, &endpoint, &key, &secret);
  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("bench-graph-fit: %s\n", error->message);
      g_subprocess_force_exit (sandbox);
      return 1;
    }
  credentials = pd_aws_credentials_new (key, secret, NULL, NULL, "sandbox");
  provider = pd_aws_static_credentials_provider_new (credentials);
  account = pd_account_new (PD_ACCOUNT_SOURCE_SANDBOX, "Bench", "eu-west-1", endpoint);
  pd_account_set_provider (account, provider);
  pd_account_store_add_sandbox (pd_application_get_account_store (app), account);

  for (guint i = 0; i < G_N_ELEMENTS (sizes) && ok; i++)
    ok = measure_size (app, account, &sizes[i], fits[i], &real[i], about);

  g_subprocess_send_signal (sandbox, SIGTERM);
  g_subprocess_wait (sandbox, NULL, NULL);
  if (!ok)
    return 1;

  printf ("%s", about->str);
  printf ("  zoom: of the natural size; never above 1.00 nor below %.2f, the smallest\n"
          "  zoom at which card text stays readable; rows×a row: how the stages wrap;\n"
          "  whole: every stage in view; scrolls: at %.2f, the running stage scrolled\n"
          "  into view\n\n",
          PD_PIPELINE_GRAPH_FIT_MIN_ZOOM, PD_PIPELINE_GRAPH_FIT_MIN_ZOOM);
  printf ("stages");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    printf ("   %-24s", sizes[i].name);
  printf ("\n");
  for (guint n = 1; n <= MAX_STAGES; n++)
    {
      printf ("%6u", n);
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        print_fit (&fits[i][n], n);
      printf ("\n");
    }
  printf ("todo-list-aws (7 stages):");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    printf ("  %s zoom %.2f, %u a row;", sizes[i].name, real[i].zoom, real[i].per_row);
  printf ("\n\n");

  printf ("working out a fit: %.1f µs for 7 stages, %.1f µs for 20, %.1f µs for 100\n",
          time_compute_fit (7), time_compute_fit (20), time_compute_fit (100));
  return 0;
}
