/* test-pipelines.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "pd-account-store.h"
#include "pd-application.h"
#include "pd-command-palette.h"
#include "pd-deploy-dialog.h"
#include "pd-pipeline-graph.h"
#include "pd-pipeline-row.h"
#include "pd-pipeline-view.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"
#include "pd-test-window.h"
#include "pd-window.h"

/* Runs of the sandbox go 500 times faster than the wall clock. */
#define SPEED   500.0
#define WAIT_MS 30000

static PdApplication *app;

typedef struct
{
  PdTestSandbox *sandbox;
  PdAccount     *account;
  PdWindow      *window;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  guint32 seed = data != NULL ? GPOINTER_TO_UINT (data) : 7;

  fixture->sandbox = pd_test_sandbox_new (SPEED, seed, 16);
  fixture->account = pd_test_window_add_sandbox_account (app, fixture->sandbox);
  fixture->window = pd_test_window_new_loaded (app, fixture->account, WAIT_MS);
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
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static PdPipelinesPage *
page_of (Fixture *fixture)
{
  return pd_test_window_pipelines (fixture->window);
}

static PdPipelineView *
view_of (Fixture *fixture)
{
  return pd_pipelines_page_get_pipeline_view (page_of (fixture));
}

static PdPipeline *
shown (Fixture *fixture)
{
  return pd_pipeline_view_get_pipeline (view_of (fixture));
}

static void
open_pipeline (Fixture    *fixture,
               const char *name)
{
  g_autofree char *view = g_strdup_printf ("pipeline:%s", name);
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_window_show_view (fixture->window, view, &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (pd_test_window_is_idle, fixture->window, WAIT_MS));
  g_assert_cmpstr (pd_pipeline_get_name (shown (fixture)), ==, name);
  g_assert_true (pd_pipeline_view_get_has_data (view_of (fixture)));
}

static gboolean
action_enabled (Fixture    *fixture,
                const char *name)
{
  return g_action_group_get_action_enabled (pd_pipeline_view_get_action_group (view_of (fixture)), name);
}

typedef struct
{
  Fixture    *fixture;
  const char *name;
} ActionWait;

static gboolean
action_is_enabled_cb (gpointer data)
{
  ActionWait *wait = data;

  return action_enabled (wait->fixture, wait->name);
}

static void
wait_action_enabled (Fixture    *fixture,
                     const char *name)
{
  ActionWait wait = { fixture, name };

  g_assert_true (pd_test_wait_until (action_is_enabled_cb, &wait, WAIT_MS));
}

/* Activates a toolbar action, as its button in the header does, and
 * returns the confirmation it opens. */
static AdwMessageDialog *
activate (Fixture    *fixture,
          const char *name,
          GVariant   *parameter)
{
  g_autofree char *full = g_strdup_printf ("pipeline.%s", name);
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (view_of (fixture)), full, parameter));
  dialog = pd_pipeline_view_get_dialog (view_of (fixture));
  g_assert_nonnull (dialog);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
check_body_names (AdwMessageDialog *dialog,
                  const char       *text)
{
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), text));
}

typedef struct
{
  Fixture              *fixture;
  PdAwsExecutionStatus  status;
  const char           *not_id;
} StatusWait;

static gboolean
latest_is_cb (gpointer data)
{
  StatusWait *wait = data;
  PdPipeline *pipeline = shown (wait->fixture);

  return pd_pipeline_get_latest_status (pipeline) == wait->status &&
         g_strcmp0 (pd_pipeline_get_latest_execution_id (pipeline), wait->not_id) != 0;
}

static void
wait_latest (Fixture              *fixture,
             PdAwsExecutionStatus  status,
             const char           *not_id)
{
  StatusWait wait = { fixture, status, not_id };

  g_assert_true (pd_test_wait_until (latest_is_cb, &wait, WAIT_MS));
}

static gboolean
latest_changed_cb (gpointer data)
{
  StatusWait *wait = data;
  const char *id = pd_pipeline_get_latest_execution_id (shown (wait->fixture));

  return id != NULL && g_strcmp0 (id, wait->not_id) != 0;
}

/* Starts a run and returns its ID once the view shows it, in whatever state:
 * at high speed a seeded failure may come before a refresh sees it running. */
static char *
start_run (Fixture *fixture)
{
  g_autofree char *before = g_strdup (pd_pipeline_get_latest_execution_id (shown (fixture)));
  AdwMessageDialog *dialog = activate (fixture, "start", NULL);
  StatusWait wait = { fixture, PD_AWS_EXECUTION_STATUS_IN_PROGRESS, before };

  check_body_names (dialog, "todo-list-aws");
  adw_message_dialog_response (dialog, "start");
  g_assert_true (pd_test_wait_until (latest_changed_cb, &wait, WAIT_MS));
  return g_strdup (pd_pipeline_get_latest_execution_id (shown (fixture)));
}

static GtkWidget *
graph_action (Fixture    *fixture,
              guint       stage,
              guint       index)
{
  return pd_pipeline_graph_get_action_widget (pd_pipeline_view_get_graph (view_of (fixture)), stage, index);
}

static char *
accessible_label (GtkWidget *widget)
{
  /* The test backend answers with the mismatching value. */
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             "\x01");
}

static void
test_list_shows_pipelines (Fixture       *fixture,
                           gconstpointer  data)
{
  GListModel *model = pd_pipelines_page_get_model (page_of (fixture));
  GtkWidget *list_view = pd_pipelines_page_get_list_view (page_of (fixture));
  guint n = g_list_model_get_n_items (model);
  gboolean seen_aws = FALSE, seen_infra = FALSE;
  guint rows = 0;

  /* Every pipeline the sandbox lists, each with its latest status. */
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (pd_pipelines_page_get_list (page_of (fixture)))));
  g_assert_cmpuint (n, >=, 10);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdPipeline) pipeline = g_list_model_get_item (model, i);

      seen_aws |= g_str_equal (pd_pipeline_get_name (pipeline), "todo-list-aws");
      seen_infra |= g_str_equal (pd_pipeline_get_name (pipeline), "todo-list-infra");
      g_assert_true (pd_pipeline_get_has_status (pipeline));
      g_assert_cmpint (pd_pipeline_get_latest_status (pipeline), !=, PD_AWS_EXECUTION_STATUS_UNKNOWN);
    }
  g_assert_true (seen_aws);
  g_assert_true (seen_infra);

  /* The rows on screen say the name and the status in words. */
  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      PdPipeline *pipeline = PD_IS_PIPELINE_ROW (box) ? pd_pipeline_row_get_pipeline (PD_PIPELINE_ROW (box))
                                                      : NULL;
      g_autofree char *label = NULL;
      g_autofree char *expected = NULL;

      if (pipeline == NULL)
        continue;
      label = accessible_label (box);
      expected = g_strdup_printf ("%s, %s", pd_pipeline_get_name (pipeline),
                                  pd_graph_status_get_text (pd_pipeline_get_waiting_for_approval (pipeline)
                                                            ? PD_GRAPH_STATUS_WAITING
                                                            : pd_graph_status_from_execution (pd_pipeline_get_latest_status (pipeline))));
      g_assert_true (g_str_has_prefix (label, expected));
      rows++;
    }
  g_assert_cmpuint (rows, >, 0);
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
has_n_items (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

/* The search entry reports changes after a short delay. */
static void
wait_n_items (GListModel *model,
              guint       n)
{
  CountWait wait = { model, n };

  g_assert_true (pd_test_wait_until (has_n_items, &wait, 5000));
}

static void
test_search_and_sort (Fixture       *fixture,
                      gconstpointer  data)
{
  GListModel *model = pd_pipelines_page_get_model (page_of (fixture));
  GSettings *settings = pd_application_get_settings (app);
  GtkWidget *search;
  guint n = g_list_model_get_n_items (model);

  /* Ctrl+F's action focuses the search entry of the sidebar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.focus-search", NULL));
  search = gtk_root_get_focus (GTK_ROOT (fixture->window));
  while (search != NULL && !GTK_IS_SEARCH_ENTRY (search))
    search = gtk_widget_get_parent (search);
  g_assert_nonnull (search);

  gtk_editable_set_text (GTK_EDITABLE (search), "infra");
  wait_n_items (model, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "no-such-pipeline");
  wait_n_items (model, 0);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait_n_items (model, n);

  /* Failed first, from the settings' sort menu. */
  g_assert_true (gtk_widget_activate_action (pd_pipelines_page_get_list_view (page_of (fixture)),
                                             "pipelines.pipeline-sort", "s", "failed-first"));
  {
    g_autofree char *sort = g_settings_get_string (settings, "pipeline-sort");

    g_assert_cmpstr (sort, ==, "failed-first");
  }
  {
    g_autoptr(PdPipeline) first = g_list_model_get_item (model, 0);

    g_assert_cmpint (pd_pipeline_get_latest_status (first), ==, PD_AWS_EXECUTION_STATUS_FAILED);
  }
  g_settings_reset (settings, "pipeline-sort");
}

static gboolean
first_is_infra (gpointer data)
{
  g_autoptr(PdPipeline) first = g_list_model_get_item (data, 0);

  return first != NULL && g_str_equal (pd_pipeline_get_name (first), "todo-list-infra");
}

static void
test_favourites (Fixture       *fixture,
                 gconstpointer  data)
{
  GListModel *model = pd_pipelines_page_get_model (page_of (fixture));
  GSettings *settings = pd_application_get_settings (app);
  g_auto(GStrv) favourites = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *list_view = pd_pipelines_page_get_list_view (page_of (fixture));
  GtkWidget *star = NULL;
  GtkWidget *watch = NULL;

  /* Find the star of todo-list-infra's row and click it. */
  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL && star == NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      PdPipeline *pipeline = PD_IS_PIPELINE_ROW (box) ? pd_pipeline_row_get_pipeline (PD_PIPELINE_ROW (box))
                                                      : NULL;

      if (pipeline != NULL && g_str_equal (pd_pipeline_get_name (pipeline), "todo-list-infra"))
        {
          star = pd_pipeline_row_get_star (PD_PIPELINE_ROW (box));
          watch = pd_pipeline_row_get_watch (PD_PIPELINE_ROW (box));
        }
    }
  g_assert_nonnull (star);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (star), TRUE);
  /* Its neighbour, the Watch toggle, marks it for notifications. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (watch), TRUE);
  g_assert_true (pd_pipeline_get_watched (pd_pipeline_list_find (pd_pipelines_page_get_list (page_of (fixture)),
                                                                 "todo-list-infra")));

  /* The list sorts once after a burst of changes. */
  g_assert_true (pd_test_wait_until (first_is_infra, model, WAIT_MS));
  favourites = g_settings_get_strv (settings, "favourite-pipelines");
  expected = g_strdup_printf ("%s/eu-west-1/todo-list-infra", pd_account_get_account_id (fixture->account));
  g_assert_true (g_strv_contains ((const char * const *) favourites, expected));
  g_clear_pointer (&favourites, g_strfreev);
  favourites = g_settings_get_strv (settings, "watched-pipelines");
  g_assert_true (g_strv_contains ((const char * const *) favourites, expected));
  g_settings_reset (settings, "favourite-pipelines");
  g_settings_reset (settings, "watched-pipelines");
}

static GtkWidget *
find_button_with_label (GtkWidget  *root,
                        const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button_with_label (child, label)) != NULL)
        return found;
    }
  return NULL;
}

/* Whether some stack of the window shows its "logs" page. */
static gboolean
stack_shows_logs_in (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_STACK (child) &&
          g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (child)), "logs") == 0)
        return TRUE;
      if (stack_shows_logs_in (child))
        return TRUE;
    }
  return FALSE;
}

static gboolean
stack_shows_logs (gpointer data)
{
  return stack_shows_logs_in (GTK_WIDGET (data));
}

static void
test_graph_of_todo_list_aws (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *stages[] = { "Source", "Build", "Test", "DeployStaging", "IntegrationTests",
                           "Approval", "DeployProduction" };
  const char *test_actions[] = { "UnitTests", "Quality", "Security" };
  PdPipelineGraph *graph;

  open_pipeline (fixture, "todo-list-aws");
  graph = pd_pipeline_view_get_graph (view_of (fixture));
  g_assert_cmpuint (pd_pipeline_graph_get_n_stages (graph), ==, G_N_ELEMENTS (stages));

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      GtkWidget *stage = pd_pipeline_graph_get_stage_widget (graph, i);
      g_autofree char *label = accessible_label (stage);
      g_autofree char *prefix = g_strdup_printf ("Stage %s, ", stages[i]);

      g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (stage), GTK_ACCESSIBLE_ROLE_GROUP));
      g_assert_true (g_str_has_prefix (label, prefix));
    }

  g_assert_cmpuint (pd_pipeline_graph_get_n_actions (graph, 2), ==, G_N_ELEMENTS (test_actions));
  for (guint i = 0; i < G_N_ELEMENTS (test_actions); i++)
    {
      GtkWidget *action = graph_action (fixture, 2, i);
      g_autofree char *label = accessible_label (action);
      g_autofree char *prefix = g_strdup_printf ("Action %s, ", test_actions[i]);

      g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (action), GTK_ACCESSIBLE_ROLE_BUTTON));
      g_assert_true (g_str_has_prefix (label, prefix));
    }

  /* The header names the execution shown. */
  g_assert_nonnull (strstr (pd_pipeline_graph_get_header_text (graph),
                            pd_pipeline_get_latest_execution_id (shown (fixture))));

  /* Enter on a card opens its details. */
  g_assert_true (gtk_widget_activate (graph_action (fixture, 2, 0)));
  g_assert_nonnull (pd_pipeline_view_get_details (view_of (fixture)));
  g_assert_cmpstr (gtk_window_get_title (pd_pipeline_view_get_details (view_of (fixture))), ==,
                   "Action UnitTests");
  /* Show Logs opens the build's log in the window, and Alt+Left goes back. */
  {
    GtkWidget *details = GTK_WIDGET (pd_pipeline_view_get_details (view_of (fixture)));
    GtkWidget *logs = find_button_with_label (details, "Show _Logs");
    g_assert_nonnull (logs);
    g_assert_true (gtk_widget_is_sensitive (logs));
    g_signal_emit_by_name (logs, "clicked");
    g_assert_true (pd_test_wait_until (stack_shows_logs, fixture->window, 5000));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL));
    g_assert_false (stack_shows_logs (fixture->window));
  }
}

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_widget_of_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *id;
} HeaderWait;

static gboolean
header_names (gpointer data)
{
  HeaderWait *wait = data;
  PdPipelineGraph *graph = pd_pipeline_view_get_graph (view_of (wait->fixture));

  return strstr (pd_pipeline_graph_get_header_text (graph), wait->id) != NULL;
}

static gboolean
has_more_than (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) > wait->n;
}

static void
test_executions (Fixture       *fixture,
                 gconstpointer  data)
{
  GListModel *executions;
  GtkWidget *list_view;
  g_autoptr(PdExecution) older = NULL;
  g_autofree char *older_id = NULL;
  HeaderWait wait = { fixture, NULL };
  CountWait more;

  open_pipeline (fixture, "todo-list-aws");
  executions = pd_pipeline_view_get_executions (view_of (fixture));
  g_assert_cmpuint (g_list_model_get_n_items (executions), >=, 3);

  /* Choosing an older execution shows it on the graph and stops following. */
  older = g_list_model_get_item (executions, 2);
  older_id = g_strdup (pd_execution_get_id (older));
  list_view = find_widget_of_type (GTK_WIDGET (view_of (fixture)), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);
  g_signal_emit_by_name (list_view, "activate", 2u);
  wait.id = older_id;
  g_assert_true (pd_test_wait_until (header_names, &wait, WAIT_MS));
  g_assert_cmpstr (pd_pipeline_get_shown_execution_id (shown (fixture)), ==, older_id);
  g_assert_false (pd_pipeline_get_follow_latest (shown (fixture)));

  /* Following the latest again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view_of (fixture)), "pipeline.follow-latest", NULL));
  g_assert_true (pd_pipeline_get_follow_latest (shown (fixture)));
  wait.id = pd_pipeline_get_latest_execution_id (shown (fixture));
  g_assert_true (pd_test_wait_until (header_names, &wait, WAIT_MS));

  /* Paging: more of the history when there is more. */
  if (pd_pipeline_get_has_more_executions (shown (fixture)))
    {
      more.model = executions;
      more.n = g_list_model_get_n_items (executions);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                                 "pipeline.load-more-executions", NULL));
      g_assert_true (pd_test_wait_until (has_more_than, &more, WAIT_MS));
    }
}

static void
test_view_argument (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *bad[] = { "pipeline:", "pipeline:/x", "pipeline:todo-list-aws/", "pipelines:todo" };
  g_autofree char *older_id = NULL;
  g_autofree char *view = NULL;
  g_autoptr(GError) error = NULL;
  HeaderWait wait = { fixture, NULL };

  /* Malformed views fail clearly and leave the window usable. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (pd_window_show_view (fixture->window, bad[i], &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
      g_assert_false (pd_window_get_busy (fixture->window));
    }

  /* An unknown pipeline ends the wait instead of hanging a screenshot. */
  g_assert_true (pd_window_show_view (fixture->window, "pipeline:no-such-pipeline", &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (pd_test_window_is_idle, fixture->window, WAIT_MS));

  /* pipeline:NAME/EXECUTION_ID shows that execution. */
  open_pipeline (fixture, "todo-list-aws");
  {
    g_autoptr(PdExecution) older = g_list_model_get_item (pd_pipeline_view_get_executions (view_of (fixture)), 3);

    older_id = g_strdup (pd_execution_get_id (older));
  }
  view = g_strdup_printf ("pipeline:todo-list-aws/%s", older_id);
  g_assert_true (pd_window_show_view (fixture->window, view, &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (pd_test_window_is_idle, fixture->window, WAIT_MS));
  wait.id = older_id;
  g_assert_true (header_names (&wait));
  g_assert_cmpstr (pd_pipeline_get_shown_execution_id (shown (fixture)), ==, older_id);
}

static void
test_start_approve (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *summary;
  g_autofree char *label = NULL;

  open_pipeline (fixture, "todo-list-aws");
  id = start_run (fixture);
  /* This seed's run goes through: it runs, then waits at the approval. */
  g_assert_cmpint (pd_pipeline_get_latest_status (shown (fixture)), ==,
                   PD_AWS_EXECUTION_STATUS_IN_PROGRESS);

  wait_action_enabled (fixture, "approve");
  g_assert_true (pd_pipeline_get_waiting_for_approval (shown (fixture)));
  /* The approval is highlighted on the graph. */
  label = accessible_label (graph_action (fixture, 5, 0));
  g_assert_cmpstr (label, ==, "Action ManualApproval, waiting for approval");

  /* The Approve… button of a notification opens the same confirmation. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "approve-pipeline",
                                  g_variant_new_string ("todo-list-aws"));
  dialog = ADW_MESSAGE_DIALOG (pd_pipeline_view_get_dialog (view_of (fixture)));
  g_assert_nonnull (dialog);
  check_body_names (dialog, "ManualApproval");
  check_body_names (dialog, "Approval");
  summary = GTK_WIDGET (pd_deploy_dialog_get_entry (PD_DEPLOY_DIALOG (dialog)));
  gtk_editable_set_text (GTK_EDITABLE (summary), "Staging checked");
  adw_message_dialog_response (dialog, "approve");

  wait_latest (fixture, PD_AWS_EXECUTION_STATUS_SUCCEEDED, NULL);
  g_assert_cmpstr (pd_pipeline_get_latest_execution_id (shown (fixture)), ==, id);
}

static void
test_fail_retry (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *id = NULL;
  AdwMessageDialog *dialog;

  open_pipeline (fixture, "todo-list-aws");
  id = start_run (fixture);
  wait_latest (fixture, PD_AWS_EXECUTION_STATUS_FAILED, NULL);
  wait_action_enabled (fixture, "retry");

  dialog = activate (fixture, "retry", NULL);
  check_body_names (dialog, "Test");
  adw_message_dialog_response (dialog, "retry");

  /* The run continues past the failed stage, up to the approval. */
  wait_action_enabled (fixture, "approve");
  g_assert_cmpstr (pd_pipeline_get_latest_execution_id (shown (fixture)), ==, id);
  g_assert_cmpint (pd_stage_get_status (pd_pipeline_find_stage (shown (fixture), "Test")), ==,
                   PD_AWS_EXECUTION_STATUS_SUCCEEDED);
}

static void
test_stop_abandon (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *id = NULL;
  AdwMessageDialog *dialog;

  open_pipeline (fixture, "todo-list-aws");
  id = start_run (fixture);
  wait_action_enabled (fixture, "stop");

  dialog = activate (fixture, "stop", NULL);
  check_body_names (dialog, id);
  gtk_check_button_set_active (pd_deploy_dialog_get_option (PD_DEPLOY_DIALOG (dialog)), TRUE);
  gtk_editable_set_text (pd_deploy_dialog_get_entry (PD_DEPLOY_DIALOG (dialog)), "Wrong branch");
  adw_message_dialog_response (dialog, "stop");

  wait_latest (fixture, PD_AWS_EXECUTION_STATUS_STOPPED, NULL);
  g_assert_cmpstr (pd_pipeline_get_latest_execution_id (shown (fixture)), ==, id);
}

static gboolean
widget_is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gboolean
build_inbound_disabled (gpointer data)
{
  PdStage *stage = pd_pipeline_find_stage (shown (data), "Build");

  return stage != NULL && !pd_stage_get_inbound_enabled (stage);
}

typedef struct
{
  Fixture    *fixture;
  const char *id;
} HeldWait;

static gboolean
held_before_build (gpointer data)
{
  HeldWait *wait = data;
  PdStage *stage = pd_pipeline_find_stage (shown (wait->fixture), "Build");

  return g_strcmp0 (pd_stage_get_waiting_execution_id (stage), wait->id) == 0;
}

static gboolean
build_ran (gpointer data)
{
  HeldWait *wait = data;
  PdStage *stage = pd_pipeline_find_stage (shown (wait->fixture), "Build");

  return g_strcmp0 (pd_stage_get_execution_id (stage), wait->id) == 0;
}

static void
test_disabled_transition (Fixture       *fixture,
                          gconstpointer  data)
{
  AdwMessageDialog *dialog;
  GtkWidget *reason;
  GtkWidget *marker;
  g_autofree char *id = NULL;
  HeldWait held = { fixture, NULL };

  open_pipeline (fixture, "todo-list-aws");
  dialog = activate (fixture, "disable-transition", g_variant_new_string ("Build"));
  check_body_names (dialog, "Build");
  reason = GTK_WIDGET (pd_deploy_dialog_get_entry (PD_DEPLOY_DIALOG (dialog)));

  /* The reason is checked inline against what AWS accepts. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "disable"));
  gtk_editable_set_text (GTK_EDITABLE (reason), "Freeze; review");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "disable"));
  g_assert_true (gtk_widget_has_css_class (reason, "error"));
  gtk_editable_set_text (GTK_EDITABLE (reason), "Freeze until review");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "disable"));
  adw_message_dialog_response (dialog, "disable");
  g_assert_true (pd_test_wait_until (build_inbound_disabled, fixture, WAIT_MS));

  /* The graph marks the transition and says why. */
  marker = pd_pipeline_graph_get_transition_widget (pd_pipeline_view_get_graph (view_of (fixture)), 1);
  g_assert_true (pd_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_visible, marker, WAIT_MS));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (marker), ==, "Transition to Build disabled: Freeze until review");

  /* The next run waits at the transition. */
  id = start_run (fixture);
  held.id = id;
  g_assert_true (pd_test_wait_until (held_before_build, &held, WAIT_MS));

  dialog = activate (fixture, "enable-transition", g_variant_new_string ("Build"));
  adw_message_dialog_response (dialog, "enable");
  g_assert_true (pd_test_wait_until (build_ran, &held, WAIT_MS));
  g_assert_true (pd_test_wait_until (widget_is_hidden, marker, WAIT_MS));
}

static void
test_double_start (Fixture       *fixture,
                   gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *before = NULL;

  open_pipeline (fixture, "todo-list-aws");
  before = g_strdup (pd_pipeline_get_latest_execution_id (shown (fixture)));
  pd_test_sandbox_reset_stats (fixture->sandbox);

  /* A double click answers the dialog twice... */
  dialog = activate (fixture, "start", NULL);
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "start");
  adw_message_dialog_response (dialog, "start");
  g_object_unref (dialog);
  /* ...and the toolbar button is disabled while the request is in flight. */
  g_assert_false (action_enabled (fixture, "start"));
  {
    GtkWindow *before_dialog = pd_pipeline_view_get_dialog (view_of (fixture));

    gtk_widget_activate_action (GTK_WIDGET (view_of (fixture)), "pipeline.start", NULL);
    g_assert_true (pd_pipeline_view_get_dialog (view_of (fixture)) == before_dialog);
  }

  wait_latest (fixture, PD_AWS_EXECUTION_STATUS_IN_PROGRESS, before);
  wait_action_enabled (fixture, "start");
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.StartPipelineExecution"), ==, 1);
}

/* Requests that change a pipeline, as the sandbox counts them. */
static const char * const changing_operations[] = {
  "codepipeline.StartPipelineExecution",
  "codepipeline.StopPipelineExecution",
  "codepipeline.RetryStageExecution",
  "codepipeline.PutApprovalResult",
  "codepipeline.DisableStageTransition",
  "codepipeline.EnableStageTransition",
};

static guint64
count_changes (Fixture *fixture)
{
  guint64 total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (changing_operations); i++)
    total += pd_test_sandbox_count (fixture->sandbox, changing_operations[i]);
  return total;
}

static gboolean
dialog_is_gone (gpointer data)
{
  return pd_pipeline_view_get_dialog (view_of (data)) == NULL;
}

/* Presses Escape on @widget the way GTK does: through the shortcut that
 * the widget's class binds to the key. */
static void
press_escape (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      guint m;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      m = g_list_model_get_n_items (G_LIST_MODEL (controller));
      for (guint j = 0; j < m; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Escape &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_assert_not_reached ();
}

/* Opens the confirmation of @name, presses Escape and checks that it
 * closed without a request. */
static void
escape_from (Fixture    *fixture,
             const char *name,
             GVariant   *parameter)
{
  AdwMessageDialog *dialog = activate (fixture, name, parameter);
  GtkEditable *entry = pd_deploy_dialog_get_entry (PD_DEPLOY_DIALOG (dialog));

  /* Valid inputs, so that only Escape stands between them and AWS. */
  if (entry != NULL)
    gtk_editable_set_text (entry, pd_deploy_dialog_get_kind (PD_DEPLOY_DIALOG (dialog)) == PD_DEPLOY_KIND_RELEASE
                                  ? "STAGE=blue" : "Checked");
  g_assert_true (adw_message_dialog_get_response_enabled (
                   dialog, pd_deploy_dialog_get_confirm_response (PD_DEPLOY_DIALOG (dialog))));
  press_escape (GTK_WIDGET (dialog));
  g_assert_true (pd_test_wait_until (dialog_is_gone, fixture, WAIT_MS));
  g_assert_cmpuint (count_changes (fixture), ==, 0);
}

static void
test_escape_cancels (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = NULL;

  /* The run starts at once, as in the other tests, so that it is the run
   * the seed was chosen for. */
  open_pipeline (fixture, "todo-list-aws");
  id = start_run (fixture);
  wait_action_enabled (fixture, "stop");
  pd_test_sandbox_reset_stats (fixture->sandbox);

  /* A stop's reason stops at the 200 characters AWS takes. */
  {
    PdDeployDialog *dialog = PD_DEPLOY_DIALOG (activate (fixture, "stop", NULL));
    g_autofree char *longest = g_strnfill (250, 'r');

    g_assert_cmpstr (pd_deploy_dialog_get_execution_id (dialog), ==, id);
    gtk_editable_set_text (pd_deploy_dialog_get_entry (dialog), longest);
    g_assert_cmpuint (strlen (pd_deploy_dialog_get_reason (dialog)), ==, 200);
    g_assert_false (pd_deploy_dialog_get_abandon (dialog));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  escape_from (fixture, "stop", NULL);

  wait_action_enabled (fixture, "approve");

  /* An answer's summary stops at the 512 characters PutApprovalResult takes. */
  {
    PdDeployDialog *dialog = PD_DEPLOY_DIALOG (activate (fixture, "approve", NULL));
    g_autofree char *longest = g_strnfill (600, 's');

    g_assert_cmpstr (pd_deploy_dialog_get_action_name (dialog), ==, "ManualApproval");
    g_assert_cmpstr (pd_deploy_dialog_get_stage_name (dialog), ==, "Approval");
    gtk_editable_set_text (pd_deploy_dialog_get_entry (dialog), longest);
    g_assert_cmpuint (strlen (pd_deploy_dialog_get_summary (dialog)), ==, 512);
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  escape_from (fixture, "approve", NULL);
  escape_from (fixture, "reject", NULL);
  escape_from (fixture, "start", NULL);
  escape_from (fixture, "disable-transition", g_variant_new_string ("Build"));
  escape_from (fixture, "enable-transition", g_variant_new_string ("Build"));
  /* The execution still waits for its answer. */
  g_assert_true (pd_pipeline_get_waiting_for_approval (shown (fixture)));
  g_assert_cmpstr (pd_pipeline_get_latest_execution_id (shown (fixture)), ==, id);
}

static void
test_escape_cancels_retry (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *before = NULL;

  /* The run fails within a second: wait for its failure, not for it to
   * be seen running, which a slow poll can miss. */
  open_pipeline (fixture, "todo-list-aws");
  before = g_strdup (pd_pipeline_get_latest_execution_id (shown (fixture)));
  adw_message_dialog_response (activate (fixture, "start", NULL), "start");
  wait_latest (fixture, PD_AWS_EXECUTION_STATUS_FAILED, before);
  wait_action_enabled (fixture, "retry");
  pd_test_sandbox_reset_stats (fixture->sandbox);

  /* Failed actions only, unless the user asks for all of them. */
  {
    PdDeployDialog *dialog = PD_DEPLOY_DIALOG (activate (fixture, "retry", NULL));

    g_assert_cmpint (pd_deploy_dialog_get_retry_mode (dialog), ==, PD_AWS_RETRY_MODE_FAILED_ACTIONS);
    gtk_check_button_set_active (pd_deploy_dialog_get_option (dialog), TRUE);
    g_assert_cmpint (pd_deploy_dialog_get_retry_mode (dialog), ==, PD_AWS_RETRY_MODE_ALL_ACTIONS);
    g_assert_cmpstr (pd_deploy_dialog_get_stage_name (dialog), ==, "Test");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  escape_from (fixture, "retry", NULL);
  g_assert_cmpint (pd_stage_get_status (pd_pipeline_find_stage (shown (fixture), "Test")), ==,
                   PD_AWS_EXECUTION_STATUS_FAILED);
}

static void
test_validate_variables (Fixture       *fixture,
                         gconstpointer  data)
{
  AdwMessageDialog *dialog;
  PdDeployDialog *deploy;
  GtkEditable *entry;
  g_autoptr(GHashTable) variables = NULL;

  open_pipeline (fixture, "todo-list-aws");
  pd_test_sandbox_reset_stats (fixture->sandbox);
  dialog = activate (fixture, "start", NULL);
  deploy = PD_DEPLOY_DIALOG (dialog);
  entry = pd_deploy_dialog_get_entry (deploy);
  g_assert_nonnull (entry);

  /* No variables at all is a plain release. */
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "start"));
  g_assert_null (pd_deploy_dialog_get_problem (deploy));
  g_assert_null (pd_deploy_dialog_dup_variables (deploy));

  /* A name AWS refuses disables Release and says which. */
  gtk_editable_set_text (entry, "STAGE=blue, bad name=1");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "start"));
  g_assert_nonnull (pd_deploy_dialog_get_problem (deploy));
  g_assert_nonnull (strstr (pd_deploy_dialog_get_problem (deploy), "bad name"));
  g_assert_null (pd_deploy_dialog_dup_variables (deploy));

  gtk_editable_set_text (entry, "STAGE");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "start"));
  g_assert_nonnull (strstr (pd_deploy_dialog_get_problem (deploy), "name=value"));

  gtk_editable_set_text (entry, "=blue");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "start"));

  {
    g_autofree char *long_name = g_strnfill (129, 'a');
    g_autofree char *text = g_strdup_printf ("%s=1", long_name);

    gtk_editable_set_text (entry, text);
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "start"));
  }

  /* A response sent while the button is disabled sends nothing. */
  adw_message_dialog_response (dialog, "start");
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.StartPipelineExecution"), ==, 0);

  /* Fixed, the problem goes and the values come out as typed. */
  gtk_editable_set_text (entry, " STAGE = blue , region@2=eu-west-1, ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "start"));
  g_assert_null (pd_deploy_dialog_get_problem (deploy));
  variables = pd_deploy_dialog_dup_variables (deploy);
  g_assert_nonnull (variables);
  g_assert_cmpuint (g_hash_table_size (variables), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (variables, "STAGE"), ==, "blue");
  g_assert_cmpstr (g_hash_table_lookup (variables, "region@2"), ==, "eu-west-1");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (pd_test_wait_until (dialog_is_gone, fixture, WAIT_MS));
}

static void
test_validate_reasons (Fixture       *fixture,
                       gconstpointer  data)
{
  AdwMessageDialog *dialog;
  PdDeployDialog *deploy;
  GtkEditable *reason;
  g_autofree char *longest = g_strnfill (400, 'a');

  open_pipeline (fixture, "todo-list-aws");
  pd_test_sandbox_reset_stats (fixture->sandbox);
  dialog = activate (fixture, "disable-transition", g_variant_new_string ("Test"));
  deploy = PD_DEPLOY_DIALOG (dialog);
  reason = pd_deploy_dialog_get_entry (deploy);

  /* Empty: nothing to send, nothing to complain about yet. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "disable"));
  g_assert_null (pd_deploy_dialog_get_problem (deploy));

  /* A character AWS refuses disables the response and says why. */
  gtk_editable_set_text (reason, "Release #42");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "disable"));
  g_assert_cmpstr (pd_deploy_dialog_get_problem (deploy), ==,
                   "Use only letters, digits, spaces and ! @ ( ) . * ? -");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (reason), "error"));
  adw_message_dialog_response (dialog, "disable");
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.DisableStageTransition"), ==, 0);

  gtk_editable_set_text (reason, "Ünïcode");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "disable"));

  /* Longer than AWS takes: the field stops at 300 characters, which pass. */
  gtk_editable_set_text (reason, longest);
  g_assert_cmpuint (strlen (pd_deploy_dialog_get_reason (deploy)), ==, 300);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "disable"));

  gtk_editable_set_text (reason, "Freeze (release 42) - ask @ops?");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "disable"));
  g_assert_null (pd_deploy_dialog_get_problem (deploy));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (reason), "error"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (pd_test_wait_until (dialog_is_gone, fixture, WAIT_MS));

  /* A transition into the first stage does not exist: no dialog at all. */
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (view_of (fixture)), "pipeline.disable-transition",
                                                     g_variant_new_string ("Source")));
  g_assert_null (pd_pipeline_view_get_dialog (view_of (fixture)));
  g_assert_cmpuint (count_changes (fixture), ==, 0);
}

/* The rows of the details window a user can see, in order, as
 * "title: subtitle" lines. */
static void
collect_rows (GtkWidget *root,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ACTION_ROW (child) && gtk_widget_is_visible (child))
        g_ptr_array_add (rows, g_strdup_printf ("%s: %s",
                                                adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)),
                                                adw_action_row_get_subtitle (ADW_ACTION_ROW (child))));
      collect_rows (child, rows);
    }
}

static gboolean
has_row (GPtrArray  *rows,
         const char *prefix)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (rows, i), prefix))
      return TRUE;
  return FALSE;
}

static gboolean
details_are_gone (gpointer data)
{
  return pd_pipeline_view_get_details (view_of (data)) == NULL;
}

static void
test_details_rows (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *details;
  GtkWidget *logs;

  open_pipeline (fixture, "todo-list-aws");

  /* A CodeBuild action: its build, with the button to read its log. */
  g_assert_true (gtk_widget_activate (graph_action (fixture, 1, 0)));
  details = GTK_WIDGET (pd_pipeline_view_get_details (view_of (fixture)));
  g_assert_nonnull (details);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (details)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (details)) == GTK_WINDOW (fixture->window));
  collect_rows (details, rows);
  g_assert_cmpuint (rows->len, >, 4);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 0), "Stage: Build"));
  g_assert_true (has_row (rows, "Provider: CodeBuild"));
  g_assert_true (has_row (rows, "Build ID: "));
  g_assert_false (has_row (rows, "External execution: "));
  /* Nothing is shown without a value. */
  for (guint i = 0; i < rows->len; i++)
    g_assert_false (g_str_has_suffix (g_ptr_array_index (rows, i), ": "));
  logs = find_button_with_label (details, "Show _Logs");
  g_assert_true (gtk_widget_is_visible (logs));

  /* Opening another action replaces the window. */
  g_assert_true (gtk_widget_activate (graph_action (fixture, 5, 0)));
  details = GTK_WIDGET (pd_pipeline_view_get_details (view_of (fixture)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (details)), ==, "Action ManualApproval");
  g_ptr_array_set_size (rows, 0);
  collect_rows (details, rows);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 0), "Stage: Approval"));
  g_assert_false (has_row (rows, "Build ID: "));
  g_assert_false (gtk_widget_is_visible (find_button_with_label (details, "Show _Logs")));

  /* The window goes with the pipeline it shows. */
  pd_pipeline_view_set_pipeline (view_of (fixture), NULL);
  g_assert_true (pd_test_wait_until (details_are_gone, fixture, WAIT_MS));
}

static gboolean
is_stale (gpointer data)
{
  g_autofree char *text = pd_pipeline_view_dup_stale_text (view_of (data));

  return text != NULL;
}

static gboolean
is_fresh (gpointer data)
{
  return !is_stale (data);
}

static void
test_faults_stale (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PdPipelineGraph *graph;
  g_autofree char *text = NULL;

  open_pipeline (fixture, "todo-list-aws");
  graph = pd_pipeline_view_get_graph (view_of (fixture));

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "throttle=0.5,5xx=0.5", &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (is_stale, fixture, WAIT_MS));

  /* The last state stays on screen, marked stale in the subtitle. */
  text = pd_pipeline_view_dup_stale_text (view_of (fixture));
  g_assert_true (g_str_has_prefix (text, "Stale since "));
  g_assert_cmpuint (pd_pipeline_graph_get_n_stages (graph), ==, 7);
  g_assert_cmpuint (pd_pipeline_graph_get_n_actions (graph, 2), ==, 3);

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (is_fresh, fixture, WAIT_MS));
  g_assert_cmpuint (pd_pipeline_graph_get_n_stages (graph), ==, 7);
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_switch_account_cancels (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PdPipelineList *first_list;
  PdWindow *window = fixture->window;
  gint64 deadline;

  open_pipeline (fixture, "todo-list-aws");
  first_list = pd_pipelines_page_get_list (pd_test_window_pipelines (window));

  /* A slow account: its requests are in flight when the user moves on. */
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "latency=1500ms", &error));
  g_assert_no_error (error);
  pd_poller_poll_now (pd_pipelines_page_get_poller (pd_test_window_pipelines (window)));
  pd_window_select_account (window, NULL);
  g_assert_null (pd_window_get_account (window));
  g_assert_null (pd_pipeline_view_get_pipeline (view_of (fixture)));
  g_assert_null (pd_pipelines_page_get_poller (pd_test_window_pipelines (window)));

  /* Back again: the first account's list is the cached one. */
  pd_window_select_account (window, fixture->account);
  g_assert_true (pd_pipelines_page_get_list (pd_test_window_pipelines (window)) == first_list);
  g_assert_cmpuint (g_list_model_get_n_items (pd_pipelines_page_get_model (pd_test_window_pipelines (window))), >, 0);

  /* Closing with requests in flight: nothing lands on the dead window. */
  fixture->window = NULL;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_assert_true (pd_test_wait_until (pointer_is_null, &window, 3000));

  deadline = g_get_monotonic_time () + 2000 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, NULL, &error));
  g_assert_no_error (error);
}

static void
test_hidden_no_requests (Fixture       *fixture,
                         gconstpointer  data)
{
  PdPoller *poller;
  gint64 deadline, give_up;

  open_pipeline (fixture, "todo-list-aws");
  poller = pd_pipelines_page_get_poller (page_of (fixture));
  g_assert_true (pd_poller_get_active (poller));

  gtk_widget_set_visible (GTK_WIDGET (fixture->window), FALSE);
  g_assert_false (pd_poller_get_active (poller));
  /* Let refreshes in flight end (a running pipeline's takes a second step),
   * until the sandbox has heard nothing for half a second; then count for
   * longer than the 2 s a running pipeline is polled at. */
  give_up = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  do
    {
      pd_test_sandbox_reset_stats (fixture->sandbox);
      deadline = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;
      while (g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
    }
  while (pd_test_sandbox_count (fixture->sandbox, NULL) != 0 && g_get_monotonic_time () < give_up);
  pd_test_sandbox_reset_stats (fixture->sandbox);

  deadline = g_get_monotonic_time () + 2500 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  /* Only the stats request itself reached the sandbox... which it does not count. */
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 0);

  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (pd_test_wait_until ((gboolean (*) (gpointer)) pd_poller_get_active, poller, WAIT_MS));
}

/* What the landing should pick, worked out here from the list itself:
 * waiting for approval, then failed, then running, then the most recent. */
static PdPipeline *
expected_landing (GListModel *list)
{
  PdPipeline *best = NULL;
  int best_rank = G_MAXINT;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PdPipeline) pipeline = g_list_model_get_item (list, i);
      int rank = pd_pipeline_get_waiting_for_approval (pipeline) ? 0
                 : pd_pipeline_get_latest_status (pipeline) == PD_AWS_EXECUTION_STATUS_FAILED ? 1
                 : pd_pipeline_get_running (pipeline) ? 2 : 3;
      gboolean later = best != NULL && pd_pipeline_get_latest_time (pipeline) != NULL &&
                       pd_pipeline_get_latest_time (best) != NULL &&
                       g_date_time_compare (pd_pipeline_get_latest_time (pipeline),
                                            pd_pipeline_get_latest_time (best)) > 0;

      if (best == NULL || rank < best_rank || (rank == best_rank && later))
        {
          best = pipeline;
          best_rank = rank;
        }
    }
  return best;
}

static gboolean
shows_a_pipeline_cb (gpointer data)
{
  return shown (data) != NULL;
}

static void
test_landing (Fixture       *fixture,
              gconstpointer  data)
{
  PdPipelineList *list = pd_pipelines_page_get_list (page_of (fixture));
  PdPipeline *expected;
  g_autofree char *id = NULL;

  /* Opening the account showed a pipeline without being asked. */
  g_assert_true (pd_test_wait_until (shows_a_pipeline_cb, fixture, WAIT_MS));
  expected = expected_landing (G_LIST_MODEL (list));
  g_assert_nonnull (expected);
  g_assert_cmpstr (pd_pipeline_get_name (shown (fixture)), ==, pd_pipeline_get_name (expected));
  g_assert_false (pd_pipeline_get_waiting_for_approval (expected));

  /* A run waits at the approval: opening the account again lands on it. */
  open_pipeline (fixture, "todo-list-infra");
  open_pipeline (fixture, "todo-list-aws");
  id = start_run (fixture);
  wait_action_enabled (fixture, "approve");
  open_pipeline (fixture, "todo-list-infra");
  pd_window_select_account (fixture->window, NULL);
  g_assert_null (shown (fixture));
  pd_window_select_account (fixture->window, fixture->account);
  g_assert_true (pd_test_wait_until (shows_a_pipeline_cb, fixture, WAIT_MS));
  g_assert_cmpstr (pd_pipeline_get_name (shown (fixture)), ==, "todo-list-aws");
  g_assert_true (pd_pipeline_get_waiting_for_approval (shown (fixture)));
}

static void
test_sections (Fixture       *fixture,
               gconstpointer  data)
{
  PdWindow *window = fixture->window;
  PdSection *pipelines = pd_window_get_section (window, "pipelines");
  guint n;
  const PdSectionInfo *infos = pd_sections_get_all (&n);
  g_autofree char *title = NULL;

  /* Every registered section has its page, Pipelines first. */
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpstr (infos[0].id, ==, "pipelines");
  for (guint i = 0; i < n; i++)
    g_assert_true (PD_IS_SECTION (pd_window_get_section (window, infos[i].id)));
  g_assert_null (pd_window_get_section (window, "no-such-section"));
  g_assert_true (pd_window_get_shown_section (window) == pipelines);

  /* Ctrl+1… go to a section; a number with no section does nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.section", "i", 0));
  g_assert_true (pd_window_get_shown_section (window) == pipelines);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.section", "i", (int) n));
  g_assert_true (pd_window_get_shown_section (window) == pipelines);

  /* The shown section polls while the window shows, and only then. */
  g_assert_true (pd_poller_get_active (pd_pipelines_page_get_poller (pd_test_window_pipelines (window))));
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_assert_false (pd_poller_get_active (pd_pipelines_page_get_poller (pd_test_window_pipelines (window))));
  gtk_widget_set_visible (GTK_WIDGET (window), TRUE);
  g_assert_true (pd_poller_get_active (pd_pipelines_page_get_poller (pd_test_window_pipelines (window))));

  /* The window's title is the section's. */
  title = pd_section_dup_title (pipelines);
  g_assert_nonnull (title);

  /* Alt+Left leaves the logs for the pipeline, then goes nowhere. */
  open_pipeline (fixture, "todo-list-aws");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL));
  g_assert_cmpstr (pd_pipeline_get_name (shown (fixture)), ==, "todo-list-aws");
}

static PdCommandPalette *
find_palette (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PD_IS_COMMAND_PALETTE (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return PD_COMMAND_PALETTE (window);
    }
  return NULL;
}

static gboolean
palette_is_closed_cb (gpointer data)
{
  return find_palette () == NULL;
}

/* Ctrl+K, a few letters, Enter: the window opens what was typed. */
static void
go_to_by_name (Fixture    *fixture,
               const char *query)
{
  PdCommandPalette *palette;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.command-palette",
                                             NULL));
  palette = find_palette ();
  g_assert_nonnull (palette);
  gtk_editable_set_text (pd_command_palette_get_entry (palette), query);
  g_assert_false (pd_command_palette_get_empty (palette));
  g_assert_true (pd_test_press_shortcut (GTK_WIDGET (palette), GDK_KEY_Return, 0));
  g_assert_true (pd_test_wait_until (palette_is_closed_cb, NULL, WAIT_MS));
}

static void
test_palette (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *prefix = NULL;

  /* A pipeline by part of its name */
  go_to_by_name (fixture, "infra");
  g_assert_true (pd_test_wait_until (pd_test_window_is_idle, fixture->window, WAIT_MS));
  g_assert_cmpstr (pd_pipeline_get_name (shown (fixture)), ==, "todo-list-infra");

  /* An execution of a loaded pipeline by the start of its ID */
  open_pipeline (fixture, "todo-list-aws");
  open_pipeline (fixture, "todo-list-infra");
  {
    PdPipeline *aws = pd_pipeline_list_find (pd_pipelines_page_get_list (page_of (fixture)),
                                             "todo-list-aws");
    g_autoptr(PdExecution) older = g_list_model_get_item (pd_pipeline_get_executions (aws), 1);

    g_assert_nonnull (older);
    id = g_strdup (pd_execution_get_id (older));
  }
  prefix = g_strndup (id, 8);
  go_to_by_name (fixture, prefix);
  g_assert_true (pd_test_wait_until (pd_test_window_is_idle, fixture->window, WAIT_MS));
  g_assert_cmpstr (pd_pipeline_get_name (shown (fixture)), ==, "todo-list-aws");
  g_assert_cmpstr (pd_pipeline_get_shown_execution_id (shown (fixture)), ==, id);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  guint32 through, failing;
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* The test accessibility backend lets the accessible tree be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);

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

  /* Seeds where run 21 of todo-list-aws goes through, or fails its unit tests. */
  through = pd_test_sandbox_find_seed ("todo-list-aws", 21, NULL);
  failing = pd_test_sandbox_find_seed ("todo-list-aws", 21, "UnitTests");

#define ADD(path, func, seed) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (seed), fixture_setup, func, fixture_teardown)
  ADD ("/pd/ui/pipelines/list/shows-every-pipeline", test_list_shows_pipelines, through);
  ADD ("/pd/ui/pipelines/list/search-and-sort", test_search_and_sort, through);
  ADD ("/pd/ui/pipelines/list/favourites", test_favourites, through);
  ADD ("/pd/ui/pipelines/graph/todo-list-aws", test_graph_of_todo_list_aws, through);
  ADD ("/pd/ui/pipelines/executions/choose-follow-page", test_executions, through);
  ADD ("/pd/ui/pipelines/view-argument", test_view_argument, through);
  ADD ("/pd/ui/pipelines/actions/start-approve", test_start_approve, through);
  ADD ("/pd/ui/pipelines/actions/fail-retry", test_fail_retry, failing);
  ADD ("/pd/ui/pipelines/actions/stop-abandon", test_stop_abandon, through);
  ADD ("/pd/ui/pipelines/actions/disabled-transition", test_disabled_transition, through);
  ADD ("/pd/ui/pipelines/actions/double-start", test_double_start, through);
  ADD ("/pd/ui/pipelines/details/rows", test_details_rows, through);
  ADD ("/pd/ui/pipelines/dialogs/escape-cancels", test_escape_cancels, through);
  ADD ("/pd/ui/pipelines/dialogs/escape-cancels-retry", test_escape_cancels_retry, failing);
  ADD ("/pd/ui/pipelines/dialogs/validate-variables", test_validate_variables, through);
  ADD ("/pd/ui/pipelines/dialogs/validate-reasons", test_validate_reasons, through);
  ADD ("/pd/ui/pipelines/refresh/faults-stale-recover", test_faults_stale, through);
  ADD ("/pd/ui/pipelines/refresh/hidden-no-requests", test_hidden_no_requests, through);
  ADD ("/pd/ui/pipelines/switch-account-cancels", test_switch_account_cancels, through);
  ADD ("/pd/ui/pipelines/landing", test_landing, through);
  ADD ("/pd/ui/pipelines/sections", test_sections, through);
  ADD ("/pd/ui/pipelines/palette", test_palette, through);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
