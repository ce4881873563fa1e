/* test-log-view.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "pd-account-store.h"
#include "pd-sandbox.h"
#include "pd-application.h"
#include "pd-log-view.h"
#include "pd-pipeline-graph.h"
#include "pd-pipeline.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"
#include "pd-window.h"

/* The logs view over the in-process sandbox: a real list view, real find,
 * real phase jumps. */

static PdApplication *app;

static PdAccount *
sandbox_account (void)
{
  PdAccountStore *store = pd_application_get_account_store (app);
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_account_store_start_sandbox (store, &error));
  g_assert_no_error (error);
  return pd_account_store_find (store, "sandbox:" PD_ACCOUNT_SANDBOX_NAME);
}

static gboolean
view_loaded (gpointer data)
{
  PdLogView *view = data;
  PdLogLoader *loader = pd_log_view_get_loader (view);

  return pd_log_view_get_ready (view) && loader != NULL && pd_log_loader_is_finished (loader);
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
has_no_matches (gpointer data)
{
  return pd_log_view_get_n_matches (data) == 0;
}

static gboolean
has_matches (gpointer data)
{
  return pd_log_view_get_n_matches (data) > 0;
}

static GtkWindow *
show_view (PdLogView *view)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 1000, 700);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  return window;
}

static void
test_load_find_and_jump (void)
{
  PdLogView *view = pd_log_view_new ();
  GtkWindow *window = show_view (view);
  PdLogStore *store;
  GListModel *phases;
  g_autofree char *text = NULL;
  guint expected = 0, first = G_MAXUINT, second = G_MAXUINT, build_phase = G_MAXUINT;
  guint n, line = 0;
  gboolean value = FALSE;

  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  pd_log_view_load_action (view, sandbox_account (), "todo-list-aws", NULL, "Security");
  g_assert_true (pd_test_wait_until (view_loaded, view, 30000));
  store = pd_log_loader_get_store (pd_log_view_get_loader (view));
  n = pd_log_store_get_n_lines (store);
  g_assert_cmpuint (n, >, 20);
  g_assert_cmpint (pd_log_loader_get_state (pd_log_view_get_loader (view)), ==,
                   PD_LOG_LOADER_STATE_COMPLETE);

  /* Find: the count is the store's own lines containing the text. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *line_text = pd_log_store_dup_line_text (store, i, NULL);

      for (const char *p = line_text; (p = strstr (p, "Phase complete")) != NULL; p++)
        {
          expected++;
          if (first == G_MAXUINT)
            first = i;
          else if (second == G_MAXUINT && i != first)
            second = i;
        }
    }
  g_assert_cmpuint (expected, >, 2);
  pd_log_view_set_query (view, "Phase complete", TRUE, FALSE);
  g_assert_true (pd_test_wait_until (has_matches, view, 10000));
  g_assert_cmpuint (pd_log_view_get_n_matches (view), ==, expected);

  /* Enter goes to the next match, Shift+Enter back. */
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.find-next", NULL);
  g_assert_cmpuint (pd_log_view_get_selected_line (view), ==, first);
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.find-next", NULL);
  g_assert_cmpuint (pd_log_view_get_selected_line (view), ==, second);
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.find-previous", NULL);
  g_assert_cmpuint (pd_log_view_get_selected_line (view), ==, first);

  /* A phase in the outline opens its first line. */
  phases = pd_log_store_get_phases (store);
  for (guint i = 0; i < g_list_model_get_n_items (phases); i++)
    {
      g_autoptr(PdLogPhase) phase = g_list_model_get_item (phases, i);

      if (g_str_equal (pd_log_phase_get_name (phase), "BUILD"))
        {
          build_phase = i;
          g_assert_true (pd_log_store_get_line_for_id (store,
                                                       pd_log_phase_get_first_line_id (phase),
                                                       &line));
        }
    }
  g_assert_cmpuint (build_phase, !=, G_MAXUINT);
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.jump-to-phase", "u", build_phase);
  g_assert_cmpuint (pd_log_view_get_selected_line (view), ==, line);
  text = pd_log_store_dup_line_text (store, line, NULL);
  g_assert_true (g_str_has_suffix (text, "Entering phase BUILD"));

  /* Toggles. */
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.timestamps", NULL);
  g_object_get (view, "show-timestamps", &value, NULL);
  g_assert_true (value);
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.wrap", NULL);
  g_object_get (view, "wrap", &value, NULL);
  g_assert_true (value);

  /* An invalid expression is said so, and matches nothing. */
  pd_log_view_set_query (view, "(", FALSE, TRUE);
  g_assert_true (pd_test_wait_until (has_no_matches, view, 10000));

  /* Closing the window lets the view go, loader and all. */
  gtk_window_destroy (window);
  g_assert_true (pd_test_wait_until (pointer_is_null, &view, 5000));
}

static gboolean
view_ready (gpointer data)
{
  return pd_log_view_get_ready (data);
}

static void
test_not_a_build (void)
{
  PdLogView *view = pd_log_view_new ();
  GtkWindow *window = show_view (view);

  /* The source action ran no build: the view says so and is ready. */
  pd_log_view_load_action (view, sandbox_account (), "todo-list-aws", NULL, "Source");
  g_assert_true (pd_test_wait_until (view_ready, view, 30000));
  g_assert_null (pd_log_view_get_loader (view));
  gtk_window_destroy (window);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Refresh;

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refresh *refresh = user_data;

  pd_pipeline_refresh_finish (PD_PIPELINE (object), result, &refresh->error);
  refresh->done = TRUE;
}

typedef struct
{
  PdLogView  *view;
  const char *build_id;
} ShowsBuild;

static gboolean
shows_build (gpointer data)
{
  ShowsBuild *shows = data;
  PdLogLoader *loader = pd_log_view_get_loader (shows->view);

  return view_loaded (shows->view)
         && g_strcmp0 (pd_log_loader_get_build_id (loader), shows->build_id) == 0;
}

/* Opens the Test stage of todo-list-aws: the build shown first is
 * @failed_action's when it is set, else the stage's first. */
static void
check_stage_builds (PdAccount  *account,
                    const char *failed_action)
{
  g_autoptr(PdAwsCredentialsProvider) provider = pd_account_dup_provider (account);
  g_autoptr(PdAwsClient) client = pd_aws_client_new (provider, pd_account_get_region (account),
                                                     pd_account_get_endpoint_url (account));
  g_autoptr(PdPipeline) pipeline = pd_pipeline_new (client, "todo-list-aws");
  g_autoptr(GPtrArray) builds = g_ptr_array_new_with_free_func (g_object_unref);
  PdLogView *view = pd_log_view_new ();
  GtkWindow *window = show_view (view);
  Refresh refresh = { FALSE, NULL };
  GtkDropDown *chooser = pd_log_view_get_build_chooser (view);
  GListModel *actions;
  ShowsBuild shows = { view, NULL };
  guint expected = G_MAXUINT;
  guint other;

  pd_pipeline_refresh_async (pipeline, NULL, on_refreshed_cb, &refresh);
  pd_test_wait_for_flag (&refresh.done, 30000);
  g_assert_no_error (refresh.error);

  /* The Test stage runs three CodeBuild actions: the first failed one is
   * shown, else the first. */
  actions = pd_stage_get_actions (pd_pipeline_find_stage (pipeline, "Test"));
  for (guint i = 0; i < g_list_model_get_n_items (actions); i++)
    {
      g_autoptr(PdAction) action = g_list_model_get_item (actions, i);

      if (expected == G_MAXUINT && pd_action_get_status (action) == PD_AWS_ACTION_STATUS_FAILED)
        expected = builds->len;
      g_ptr_array_add (builds, g_steal_pointer (&action));
    }
  g_assert_cmpuint (builds->len, ==, 3);
  if (failed_action != NULL)
    {
      g_assert_cmpuint (expected, !=, G_MAXUINT);
      g_assert_cmpuint (expected, >, 0);
      g_assert_cmpstr (pd_action_get_name (g_ptr_array_index (builds, expected)), ==,
                       failed_action);
    }
  else
    {
      g_assert_cmpuint (expected, ==, G_MAXUINT);
      expected = 0;
    }

  g_assert_true (pd_log_view_load_stage (view, account, "todo-list-aws",
                                         pd_pipeline_find_stage (pipeline, "Test")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (chooser)), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (chooser), ==, expected);
  shows.build_id = pd_action_get_external_execution_id (g_ptr_array_index (builds, expected));
  g_assert_nonnull (shows.build_id);
  g_assert_true (pd_test_wait_until (shows_build, &shows, 30000));

  /* The drop-down switches to another build without leaving the view. */
  other = (expected + 1) % 3;
  gtk_drop_down_set_selected (chooser, other);
  shows.build_id = pd_action_get_external_execution_id (g_ptr_array_index (builds, other));
  g_assert_true (pd_test_wait_until (shows_build, &shows, 30000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));

  /* A stage without builds leaves the view as it was. */
  g_assert_false (pd_log_view_load_stage (view, account, "todo-list-aws",
                                          pd_pipeline_find_stage (pipeline, "Source")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));
  g_assert_cmpstr (pd_log_loader_get_build_id (pd_log_view_get_loader (view)), ==, shows.build_id);

  /* One build: no drop-down. Nor for an action opened on its own. */
  g_assert_true (pd_log_view_load_stage (view, account, "todo-list-aws",
                                         pd_pipeline_find_stage (pipeline, "Build")));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (chooser)));
  g_assert_true (pd_log_view_load_stage (view, account, "todo-list-aws",
                                         pd_pipeline_find_stage (pipeline, "Test")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));
  pd_log_view_load_action (view, account, "todo-list-aws", NULL, "Package");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (chooser)));
  g_assert_true (pd_test_wait_until (view_loaded, view, 30000));

  gtk_window_destroy (window);
}

/* A sandbox of its own whose latest todo-list-aws run is the seeded run 20,
 * passing or failing @failing_action, with simulated time almost stopped. */
static PdTestSandbox *
seeded_sandbox (const char  *failing_action,
                PdAccount  **account)
{
  guint32 seed = pd_test_sandbox_find_seed ("todo-list-aws", 20, failing_action);
  PdTestSandbox *sandbox = pd_test_sandbox_new (0.001, seed, 0);
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;

  credentials = pd_aws_credentials_new (pd_sandbox_get_access_key_id (sandbox->sandbox),
                                        pd_sandbox_get_secret_key (sandbox->sandbox),
                                        NULL, NULL, "sandbox");
  provider = pd_aws_static_credentials_provider_new (credentials);
  *account = pd_account_new (PD_ACCOUNT_SOURCE_SANDBOX, "Seeded", "eu-west-1",
                             pd_sandbox_get_endpoint (sandbox->sandbox));
  pd_account_set_provider (*account, provider);
  return sandbox;
}

static void
test_stage_builds_first_failed (void)
{
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdTestSandbox) sandbox = seeded_sandbox ("Security", &account);

  /* Security runs third in the stage: shown first because it failed. */
  check_stage_builds (account, "Security");
}

static void
test_stage_builds_none_failed (void)
{
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdTestSandbox) sandbox = seeded_sandbox (NULL, &account);

  check_stage_builds (account, NULL);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
window_not_busy (gpointer data)
{
  return !pd_window_get_busy (PD_WINDOW (data));
}

static gboolean
logs_shown (gpointer data)
{
  GtkWidget *view = find_widget (GTK_WIDGET (data), PD_TYPE_LOG_VIEW);

  return view != NULL && gtk_widget_get_mapped (view) && view_loaded (view);
}

/* The whole way: a stage title activated in the window's graph. */
static void
test_window_stage_logs (void)
{
  PdAccount *account = sandbox_account ();
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));
  g_autoptr(GError) error = NULL;
  PdPipelineGraph *graph;
  GtkWidget *view;
  GtkDropDown *chooser;

  pd_window_set_account_store (window, pd_application_get_account_store (app), account);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pd_window_show_view (window, "pipeline:todo-list-aws", &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (window_not_busy, window, 30000));
  graph = PD_PIPELINE_GRAPH (find_widget (GTK_WIDGET (window), PD_TYPE_PIPELINE_GRAPH));
  g_assert_nonnull (graph);

  /* The reference pipeline's stages: Source (no build), Build, Test. */
  g_assert_true (gtk_widget_activate (pd_pipeline_graph_get_stage_header (graph, 0)));
  view = find_widget (GTK_WIDGET (window), PD_TYPE_LOG_VIEW);
  g_assert_true (view == NULL || !gtk_widget_get_mapped (view));

  g_assert_true (gtk_widget_activate (pd_pipeline_graph_get_stage_header (graph, 2)));
  g_assert_true (pd_test_wait_until (logs_shown, window, 30000));
  view = find_widget (GTK_WIDGET (window), PD_TYPE_LOG_VIEW);
  chooser = pd_log_view_get_build_chooser (PD_LOG_VIEW (view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_view_names (void)
{
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  g_object_ref_sink (window);
  g_assert_false (pd_window_show_view (window, "logs:todo-list-aws", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pd_window_show_view (window, "logs:a//c", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (pd_window_show_view (window, "logs:todo-list-aws/latest/Package", &error));
  g_assert_no_error (error);
  /* Busy until the log's first screen is shown. */
  g_assert_true (pd_window_get_busy (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  adw_init ();

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/pd/ui/log-view/load-find-and-jump", test_load_find_and_jump);
  g_test_add_func ("/pd/ui/log-view/not-a-build", test_not_a_build);
  g_test_add_func ("/pd/ui/log-view/stage-builds/first-failed", test_stage_builds_first_failed);
  g_test_add_func ("/pd/ui/log-view/stage-builds/none-failed", test_stage_builds_none_failed);
  g_test_add_func ("/pd/ui/log-view/window-stage-logs", test_window_stage_logs);
  g_test_add_func ("/pd/ui/log-view/window-view-names", test_window_view_names);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
