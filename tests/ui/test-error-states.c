/* test-error-states.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "pd-account-store.h"
#include "pd-application.h"
#include "pd-aws-error.h"
#include "pd-error-state.h"
#include "pd-log-view.h"
#include "pd-pipeline-graph.h"
#include "pd-pipeline-view.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"
#include "pd-test-window.h"
#include "pd-window.h"

/* A first load that fails is never a spinner: each place that would show a
 * list shows what failed, the AWS code and request ID, and Retry; the place
 * clears by itself, or through Retry, once the service answers again. The
 * faults are the in-process sandbox's own: answers of 503, or of garbage. */

#define SPEED   500.0
#define WAIT_MS 30000

static PdApplication *app;

typedef struct
{
  PdTestSandbox *sandbox;
  PdAccount     *account;
  PdWindow      *window;
  GtkWindow     *log_window;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->sandbox = pd_test_sandbox_new (SPEED, 7, 16);
  fixture->account = pd_test_window_add_sandbox_account (app, fixture->sandbox);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      g_assert_finalize_object (fixture->window);
    }
  if (fixture->log_window != NULL)
    gtk_window_destroy (fixture->log_window);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static void
set_faults (Fixture    *fixture,
            const char *spec)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, spec, &error));
  g_assert_no_error (error);
}

/* A window on the account, with a quick poller, not waiting for anything. */
static PdWindow *
new_window (Fixture *fixture)
{
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));
  PdPoller *poller;

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  pd_window_set_account_store (window, pd_application_get_account_store (app), fixture->account);
  gtk_window_present (GTK_WINDOW (window));
  poller = pd_pipelines_page_get_poller (pd_test_window_pipelines (window));
  g_assert_nonnull (poller);
  pd_poller_set_running_interval (poller, 60);
  pd_poller_set_idle_interval (poller, 300);
  pd_poller_set_max_backoff (poller, 400);
  fixture->window = window;
  return window;
}

/* What the user sees: the error states and spinners that are on screen. */

typedef struct
{
  GtkWidget  *root;
  const char *title;
} Find;

static PdErrorState *
find_shown_error (GtkWidget  *widget,
                  const char *title)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (PD_IS_ERROR_STATE (widget) &&
      (title == NULL || g_strcmp0 (pd_error_state_get_title (PD_ERROR_STATE (widget)), title) == 0))
    return PD_ERROR_STATE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      PdErrorState *found = find_shown_error (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
shown_error_cb (gpointer data)
{
  Find *find = data;

  return find_shown_error (find->root, find->title) != NULL;
}

static gboolean
no_shown_error_cb (gpointer data)
{
  Find *find = data;

  return find_shown_error (find->root, find->title) == NULL;
}

/* Spinners on screen, outside the error states (whose Retry turns while
 * a retry runs). */
static guint
count_spinning (GtkWidget *widget)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget) || PD_IS_ERROR_STATE (widget))
    return 0;
  if (GTK_IS_SPINNER (widget) && gtk_spinner_get_spinning (GTK_SPINNER (widget)))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_spinning (child);
  return n;
}

static PdErrorState *
wait_error (GtkWidget  *root,
            const char *title)
{
  Find find = { root, title };

  g_assert_true (pd_test_wait_until (shown_error_cb, &find, WAIT_MS));
  return find_shown_error (root, title);
}

static void
wait_no_error (GtkWidget  *root,
               const char *title)
{
  Find find = { root, title };

  g_assert_true (pd_test_wait_until (no_shown_error_cb, &find, WAIT_MS));
}

static GtkWidget *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_not_retrying_cb (gpointer data)
{
  return !pd_error_state_get_retrying (data);
}

/* Lets the service answer again, then presses Retry as a user does, and
 * checks that the press shows. A request still in flight would succeed
 * by itself once the faults are gone: the faults go only once none is. */
static void
press_retry (Fixture      *fixture,
             PdErrorState *state)
{
  GtkWidget *button = find_button (GTK_WIDGET (state));

  g_assert_nonnull (button);
  /* While a retry runs, the button waits for its answer. */
  g_assert_true (pd_test_wait_until (is_not_retrying_cb, state, WAIT_MS));
  set_faults (fixture, NULL);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_get_mapped (button));
  /* What a click emits, without gtk_widget_activate()'s 250 ms delay. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (pd_error_state_get_retrying (state) ||
                 !gtk_widget_get_mapped (GTK_WIDGET (state)));
}

/* The state says what failed, with the code and the request ID, and
 * nothing else on screen spins. */
static void
check_error (GtkWidget    *root,
             PdErrorState *state,
             const char   *code,
             const char   *words)
{
  g_autofree char *text = pd_error_state_dup_text (state);
  const GError *error = pd_error_state_get_error (state);

  g_test_message ("Error state: %s", text);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (text, words));
  if (code != NULL)
    {
      g_autofree char *code_text = g_strdup_printf ("Code %s", code);

      g_assert_nonnull (strstr (text, code_text));
      g_assert_nonnull (strstr (text, "Request ID "));
    }
  g_assert_cmpuint (count_spinning (root), ==, 0);
}

static void
test_account_check (Fixture       *fixture,
                    gconstpointer  data)
{
  PdWindow *window;
  PdErrorState *state;

  set_faults (fixture, "5xx=1,service=sts");
  window = new_window (fixture);
  state = wait_error (GTK_WIDGET (window), "The Account Could Not Be Checked");
  check_error (GTK_WIDGET (window), state, "ServiceUnavailable",
               "The service had a problem on its side.");
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "sts.GetCallerIdentity"), >=, 1);

  press_retry (fixture, state);
  wait_no_error (GTK_WIDGET (window), "The Account Could Not Be Checked");
  g_assert_nonnull (pd_account_get_account_id (fixture->account));
}

static gboolean
list_has_items_cb (gpointer data)
{
  return g_list_model_get_n_items (pd_pipelines_page_get_model (pd_test_window_pipelines (data))) > 0;
}

static void
test_pipeline_list (Fixture       *fixture,
                    gconstpointer  data)
{
  PdWindow *window;
  PdErrorState *state;

  set_faults (fixture, "5xx=1,service=codepipeline,operation=ListPipelines");
  window = new_window (fixture);
  state = wait_error (GTK_WIDGET (window), "Pipelines Could Not Be Loaded");
  check_error (GTK_WIDGET (window), state, "ServiceUnavailableException",
               "The service had a problem on its side.");

  /* The poller goes on behind it: the list comes once the service does. */
  set_faults (fixture, NULL);
  g_assert_true (pd_test_wait_until (list_has_items_cb, window, WAIT_MS));
  wait_no_error (GTK_WIDGET (window), "Pipelines Could Not Be Loaded");
}

static void
test_pipeline_list_garbage (Fixture       *fixture,
                            gconstpointer  data)
{
  PdWindow *window;
  PdErrorState *state;

  set_faults (fixture, "garbage=1,service=codepipeline");
  window = new_window (fixture);
  state = wait_error (GTK_WIDGET (window), "Pipelines Could Not Be Loaded");
  check_error (GTK_WIDGET (window), state, NULL, "The answer was not a readable AWS response.");
  g_assert_cmpint (pd_error_state_get_error (state)->code, ==, PD_AWS_ERROR_PARSE);

  /* Only Retry may load it now. */
  pd_poller_set_active (pd_pipelines_page_get_poller (pd_test_window_pipelines (window)), FALSE);
  press_retry (fixture, state);
  g_assert_true (pd_test_wait_until (list_has_items_cb, window, WAIT_MS));
  wait_no_error (GTK_WIDGET (window), "Pipelines Could Not Be Loaded");
}

static PdWindow *
new_loaded_window (Fixture *fixture)
{
  fixture->window = pd_test_window_new_loaded (app, fixture->account, WAIT_MS);
  return fixture->window;
}

static void
open_pipeline (PdWindow   *window,
               const char *name)
{
  g_autofree char *view = g_strdup_printf ("pipeline:%s", name);
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_window_show_view (window, view, &error));
  g_assert_no_error (error);
}

static gboolean
graph_has_stages_cb (gpointer data)
{
  PdPipelineView *view = pd_pipelines_page_get_pipeline_view (pd_test_window_pipelines (data));

  return pd_pipeline_view_get_has_data (view);
}

static void
test_graph (Fixture       *fixture,
            gconstpointer  data)
{
  PdWindow *window = new_loaded_window (fixture);
  GtkWidget *view = GTK_WIDGET (pd_pipelines_page_get_pipeline_view (pd_test_window_pipelines (window)));
  PdErrorState *state;

  set_faults (fixture, "5xx=1,operation=GetPipelineState");
  open_pipeline (window, "todo-list-aws");
  state = wait_error (view, "The Pipeline Could Not Be Loaded");
  check_error (view, state, "ServiceUnavailableException",
               "The service had a problem on its side.");
  g_assert_false (pd_pipeline_view_get_has_data (PD_PIPELINE_VIEW (view)));

  /* Only Retry may load it now. */
  pd_poller_set_active (pd_pipelines_page_get_poller (pd_test_window_pipelines (window)), FALSE);
  press_retry (fixture, state);
  g_assert_true (pd_test_wait_until (graph_has_stages_cb, window, WAIT_MS));
  wait_no_error (view, "The Pipeline Could Not Be Loaded");
  g_assert_cmpuint (pd_pipeline_graph_get_n_stages (pd_pipeline_view_get_graph (PD_PIPELINE_VIEW (view))),
                    ==, 7);
}

static gboolean
has_executions_cb (gpointer data)
{
  return g_list_model_get_n_items (pd_pipeline_view_get_executions (data)) > 0;
}

static gboolean
view_is_allocated_cb (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static void
test_executions (Fixture       *fixture,
                 gconstpointer  data)
{
  PdWindow *window = new_loaded_window (fixture);
  PdPipelineView *view = pd_pipelines_page_get_pipeline_view (pd_test_window_pipelines (window));
  PdErrorState *state;

  set_faults (fixture, "5xx=1,operation=ListPipelineExecutions");
  open_pipeline (window, "todo-list-aws");
  /* This window is narrow enough to fold the executions once laid out:
   * show them, as F9 does. */
  g_assert_true (pd_test_wait_until (view_is_allocated_cb, view, WAIT_MS));
  if (!pd_pipeline_view_get_executions_shown (view))
    g_action_group_activate_action (pd_pipeline_view_get_action_group (view), "show-executions",
                                    NULL);
  g_assert_true (pd_pipeline_view_get_executions_shown (view));
  state = wait_error (GTK_WIDGET (view), "Executions Could Not Be Loaded");
  check_error (GTK_WIDGET (view), state, "ServiceUnavailableException",
               "The service had a problem on its side.");

  /* The graph does not need the history: it is there, whole. */
  g_assert_true (pd_pipeline_view_get_has_data (view));
  g_assert_cmpuint (pd_pipeline_graph_get_n_stages (pd_pipeline_view_get_graph (view)), ==, 7);
  g_assert_null (find_shown_error (GTK_WIDGET (view), "The Pipeline Could Not Be Loaded"));
  g_assert_false (pd_pipeline_get_stale (pd_pipeline_view_get_pipeline (view)));

  /* It clears by itself when the history can be read again. */
  set_faults (fixture, NULL);
  g_assert_true (pd_test_wait_until (has_executions_cb, view, WAIT_MS));
  wait_no_error (GTK_WIDGET (view), "Executions Could Not Be Loaded");
  g_assert_null (pd_pipeline_get_executions_error (pd_pipeline_view_get_pipeline (view)));
}

static PdLogView *
new_log_view (Fixture *fixture)
{
  PdLogView *view = pd_log_view_new ();

  fixture->log_window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->log_window, 1000, 700);
  gtk_window_set_child (fixture->log_window, GTK_WIDGET (view));
  gtk_window_present (fixture->log_window);
  return view;
}

static gboolean
log_has_lines_cb (gpointer data)
{
  PdLogLoader *loader = pd_log_view_get_loader (data);

  return loader != NULL && pd_log_store_get_n_lines (pd_log_loader_get_store (loader)) > 0;
}

typedef struct
{
  PdLogView *view;
  guint      retries;
} RetryWait;

static gboolean
retried_again_cb (gpointer data)
{
  RetryWait *wait = data;

  return pd_log_loader_get_retries (pd_log_view_get_loader (wait->view)) > wait->retries;
}

/* The loader asks again by itself, within 250 ms at first: once it waits
 * its longest (8 s), only Retry can be what reads the log. */
static void
slow_down_loader (PdLogView *view)
{
  PdLogLoader *loader = pd_log_view_get_loader (view);
  RetryWait wait = { view, 0 };

  pd_log_loader_set_timing (loader, 500, 8000);
  wait.retries = pd_log_loader_get_retries (loader);
  g_assert_true (pd_test_wait_until (retried_again_cb, &wait, WAIT_MS));
}

static void
test_log (Fixture       *fixture,
          gconstpointer  data)
{
  PdLogView *view = new_log_view (fixture);
  PdErrorState *state;

  set_faults (fixture, "5xx=1,operation=GetLogEvents");
  pd_log_view_load_action (view, fixture->account, "todo-list-aws", NULL, "Security");
  state = wait_error (GTK_WIDGET (view), "The Log Could Not Be Read");
  check_error (GTK_WIDGET (view), state, "ServiceUnavailableException",
               "The service had a problem on its side.");
  /* Shown at the first failed page, while the loader goes on asking. */
  g_assert_cmpint (pd_log_loader_get_state (pd_log_view_get_loader (view)), !=,
                   PD_LOG_LOADER_STATE_FAILED);
  slow_down_loader (view);

  press_retry (fixture, state);
  g_assert_true (pd_test_wait_until (log_has_lines_cb, view, WAIT_MS));
  wait_no_error (GTK_WIDGET (view), "The Log Could Not Be Read");
}

static void
test_log_builds (Fixture       *fixture,
                 gconstpointer  data)
{
  PdLogView *view = new_log_view (fixture);
  PdErrorState *state;

  set_faults (fixture, "garbage=1,operation=ListActionExecutions");
  pd_log_view_load_action (view, fixture->account, "todo-list-aws", NULL, "Security");
  state = wait_error (GTK_WIDGET (view), "The Log Could Not Be Read");
  check_error (GTK_WIDGET (view), state, NULL, "The answer was not a readable AWS response.");

  press_retry (fixture, state);
  g_assert_true (pd_test_wait_until (log_has_lines_cb, view, WAIT_MS));
  wait_no_error (GTK_WIDGET (view), "The Log Could Not Be Read");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_fail_printf ("no display: run under Xvfb (package xvfb)");
      return g_test_run ();
    }
  adw_init ();

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/pd/ui/errors/account-check", test_account_check);
  ADD ("/pd/ui/errors/pipeline-list", test_pipeline_list);
  ADD ("/pd/ui/errors/pipeline-list-garbage", test_pipeline_list_garbage);
  ADD ("/pd/ui/errors/graph", test_graph);
  ADD ("/pd/ui/errors/executions", test_executions);
  ADD ("/pd/ui/errors/log", test_log);
  ADD ("/pd/ui/errors/log-builds", test_log_builds);
#undef ADD

  return g_test_run ();
}
