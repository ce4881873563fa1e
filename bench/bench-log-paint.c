/* bench-log-paint.c — the logs view's first painted screen and its stalls.
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts pipedeck-sandbox with a --log-lines long build log, opens a real
 * PdLogView on it in a window, and measures, on the main thread:
 *
 *  - from the first page of events arriving in the store to the end of the
 *    first frame painted with the list's first rows (GdkFrameClock
 *    after-paint), against the 100 ms budget;
 *  - the worst main-loop stall while the rest of the log loads: the largest
 *    gap between runs of a 1 ms timer, and between frame clock ticks (a tick
 *    callback keeps the clock running), against one frame (16.7 ms).
 *
 * Run under a display: bench/run.sh wraps it in xvfb-run and a private
 * session bus.
 */

#include "config.h"

#include <adwaita.h>
#include <signal.h>

#include "pd-account-store.h"
#include "pd-application.h"
#include "pd-log-view.h"

#define FRAME_MS (1000.0 / 60.0)

typedef struct
{
  PdLogView   *view;
  GtkListView *list;
  PdLogStore  *store;
  gulong       lines_id;

  double       page_ms;         /* when the first page reached the store, or 0 */
  double       painted_ms;      /* end of the first frame with rows after it, or 0 */
  guint        first_lines;     /* lines in the store at that frame */

  double       last_timer_ms;
  double       worst_timer_gap;
  guint        timer_stalls;    /* gaps over a frame */
  double       last_tick_ms;
  double       worst_tick_gap;
  guint        dropped_frames;  /* tick gaps over two frames */
  gboolean     loading;
  gboolean     done;
} Bench;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  /* The build chooser's popup has a list view of its own. */
  if (GTK_IS_DROP_DOWN (widget))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A row of the list is on screen: the list is mapped and has a mapped,
 * allocated row child. */
static gboolean
list_shows_rows (GtkListView *list)
{
  if (list == NULL || !gtk_widget_get_mapped (GTK_WIDGET (list)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child) && gtk_widget_get_height (child) > 0
        && gtk_widget_get_first_child (child) != NULL)
      return TRUE;
  return FALSE;
}

static void
on_lines_cb (PdLogStore *store,
             GParamSpec *pspec,
             Bench      *bench)
{
  if (bench->page_ms == 0 && pd_log_store_get_n_lines (store) > 0)
    {
      bench->page_ms = now_ms ();
      bench->last_timer_ms = bench->page_ms;
      bench->last_tick_ms = bench->page_ms;
      bench->loading = TRUE;
    }
}

/* The loader exists once the build is found; watch its store from then. */
static void
watch_store (Bench *bench)
{
  PdLogLoader *loader = pd_log_view_get_loader (bench->view);

  if (bench->store != NULL || loader == NULL)
    return;
  bench->store = pd_log_loader_get_store (loader);
  bench->lines_id = g_signal_connect (bench->store, "notify::n-lines", G_CALLBACK (on_lines_cb),
                                      bench);
  on_lines_cb (bench->store, NULL, bench);
}

static void
check_finished (Bench *bench)
{
  PdLogLoader *loader = pd_log_view_get_loader (bench->view);

  if (bench->loading && loader != NULL && pd_log_loader_is_finished (loader))
    {
      bench->loading = FALSE;
      bench->done = TRUE;
    }
}

static gboolean
on_timer_cb (gpointer data)
{
  Bench *bench = data;
  double t = now_ms ();

  watch_store (bench);
  if (bench->loading)
    {
      double gap = t - bench->last_timer_ms;

      bench->worst_timer_gap = MAX (bench->worst_timer_gap, gap);
      if (gap > FRAME_MS)
        bench->timer_stalls++;
    }
  bench->last_timer_ms = t;
  check_finished (bench);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  Bench *bench = data;
  double t = now_ms ();

  if (bench->loading)
    {
      double gap = t - bench->last_tick_ms;

      bench->worst_tick_gap = MAX (bench->worst_tick_gap, gap);
      if (gap > 2 * FRAME_MS)
        bench->dropped_frames++;
    }
  bench->last_tick_ms = t;
  return G_SOURCE_CONTINUE;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Bench         *bench)
{
  if (bench->list == NULL)
    bench->list = GTK_LIST_VIEW (find_list_view (GTK_WIDGET (bench->view)));
  if (bench->page_ms > 0 && bench->painted_ms == 0 && list_shows_rows (bench->list))
    {
      bench->painted_ms = now_ms ();
      bench->first_lines = pd_log_store_get_n_lines (bench->store);
    }
}

static GSubprocess *
start_sandbox (const char  *path,
               gint64       lines,
               char       **endpoint,
               char       **key,
               char       **secret)
{
  g_autofree char *lines_arg = g_strdup_printf ("%" G_GINT64_FORMAT, lines);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *sandbox;
  char *line;

  sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, path, "--port", "0",
                              "--log-lines", lines_arg, NULL);
  if (sandbox == NULL)
    {
      g_printerr ("bench-log-paint: %s\n", error->message);
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
      g_printerr ("bench-log-paint: the sandbox did not start\n");
      g_subprocess_force_exit (sandbox);
      exit (1);
    }
  return sandbox;
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
  g_autofree char *sandbox_path = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  gint64 lines = 1000000;
  int timeout = 300;
  GOptionEntry entries[] = {
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Seconds to wait for the log at most", "S" },
    { "sandbox", 0, 0, G_OPTION_ARG_FILENAME, &sandbox_path, "The pipedeck-sandbox program",
      "PATH" },
    { "log-lines", 0, 0, G_OPTION_ARG_INT64, &lines, "Lines of the long build log", "N" },
    { NULL }
  };
  Bench bench = { 0, };
  GtkWindow *window;
  GdkFrameClock *clock;
  guint timer;
  gint64 deadline;
  double load_ms;

  setvbuf (stdout, NULL, _IOLBF, 0);
  context = g_option_context_new ("- the logs view's first painted screen");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || sandbox_path == NULL)
    {
      g_printerr ("bench-log-paint: %s\n", error ? error->message : "--sandbox is required");
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench-log-paint: no display\n");
      return 1;
    }
  adw_init ();

  sandbox = start_sandbox (sandbox_path, lines, &endpoint, &key, &secret);
  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("bench-log-paint: %s\n", error->message);
      g_subprocess_force_exit (sandbox);
      return 1;
    }
  credentials = pd_aws_credentials_new (key, secret, NULL, NULL, "sandbox");
  provider = pd_aws_static_credentials_provider_new (credentials);
  account = pd_account_new (PD_ACCOUNT_SOURCE_SANDBOX, "Bench", "eu-west-1", endpoint);
  pd_account_set_provider (account, provider);

  bench.view = pd_log_view_new ();
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1200, 800);
  gtk_window_set_child (window, GTK_WIDGET (bench.view));
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (bench.view)))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &bench);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), on_tick_cb, &bench, NULL);
  timer = g_timeout_add (1, on_timer_cb, &bench);

  /* The newest run's UnitTests build holds the long log. */
  pd_log_view_load_action (bench.view, account, "todo-list-aws", NULL, "UnitTests");
  deadline = g_get_monotonic_time () + timeout * G_USEC_PER_SEC;
  while ((!bench.done || bench.painted_ms == 0) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  load_ms = now_ms () - bench.page_ms;
  g_source_remove (timer);

  if (!bench.done || bench.painted_ms == 0)
    {
      PdLogLoader *loader = pd_log_view_get_loader (bench.view);

      g_printerr ("bench-log-paint: loader %s, state %d, %u lines, page at %.0f, painted at %.0f\n",
                  loader != NULL ? "made" : "not made",
                  loader != NULL ? (int) pd_log_loader_get_state (loader) : -1,
                  bench.store != NULL ? pd_log_store_get_n_lines (bench.store) : 0,
                  bench.page_ms, bench.painted_ms);
      g_printerr ("bench-log-paint: the log did not load and paint in time\n");
      g_subprocess_send_signal (sandbox, SIGTERM);
      g_subprocess_wait (sandbox, NULL, NULL);
      return 1;
    }
  printf ("lines                              %u\n", pd_log_store_get_n_lines (bench.store));
  printf ("first painted screen after page 1  %.1f ms, %u lines in the store   (budget 100 ms)\n",
          bench.painted_ms - bench.page_ms, bench.first_lines);
  printf ("rest of the load                   %.0f ms\n", load_ms);
  printf ("worst main-loop stall (1 ms timer) %.1f ms, %u over a frame"
          "   (budget a frame, %.1f ms)\n",
          bench.worst_timer_gap, bench.timer_stalls, FRAME_MS);
  printf ("worst gap between frames           %.1f ms, %u dropped (over 2 frames)"
          "   (frame %.1f ms)\n",
          bench.worst_tick_gap, bench.dropped_frames, FRAME_MS);

  g_clear_signal_handler (&bench.lines_id, bench.store);
  g_signal_handlers_disconnect_by_data (clock, &bench);
  gtk_window_destroy (window);
  g_subprocess_send_signal (sandbox, SIGTERM);
  g_subprocess_wait (sandbox, NULL, NULL);
  return 0;
}
