/* test-log-view.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "pd-account-store.h"
#include "pd-sandbox.h"
#include "pd-application.h"
#include "pd-log-error-strip.h"
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

/* The log's list view (the build drop-down has one of its own). */
static GtkWidget *
find_log_lines (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget) && gtk_widget_has_css_class (widget, "log-lines"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_log_lines (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row a list view shows for @line, if it has one. */
static GtkWidget *
find_row (GtkWidget *list_view,
          guint      line)
{
  g_autofree char *number = g_strdup_printf ("%u", line + 1);

  for (GtkWidget *item = gtk_widget_get_first_child (list_view); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *box = gtk_widget_get_first_child (item);
      GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;

      if (GTK_IS_LABEL (label) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), number) == 0)
        return box;
    }
  return NULL;
}

/* Where @line's row is in the scrolled window, as a share of its height
 * (0 at the top, 1 at the bottom), or -1 if it is not wholly in sight. */
static double
row_place (PdLogView *view,
           guint      line)
{
  GtkWidget *list_view = find_log_lines (GTK_WIDGET (view));
  GtkWidget *scroller = gtk_widget_get_parent (list_view);
  GtkWidget *row = find_row (list_view, line);
  graphene_rect_t bounds;
  double height = gtk_widget_get_height (scroller);

  if (row == NULL || !gtk_widget_get_mapped (row)
      || !gtk_widget_compute_bounds (row, scroller, &bounds))
    return -1;
  if (bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > height)
    return -1;
  return bounds.origin.y / height;
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
      && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The view's own key binding for @keyval with @modifiers, if any. */
static char *
dup_binding_action (GtkWidget       *widget,
                    guint            keyval,
                    GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers
              && GTK_IS_NAMED_ACTION (action))
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }
  return NULL;
}

typedef struct
{
  PdLogView *view;
  guint      line;
} AtLine;

/* The line is selected and in sight, a third of the way down the view, or
 * as near as the end of the log lets it be. */
static gboolean
shows_line (gpointer data)
{
  AtLine *at = data;
  double place = row_place (at->view, at->line);
  GtkWidget *list_view = find_log_lines (GTK_WIDGET (at->view));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  gboolean at_end = gtk_adjustment_get_value (adjustment)
                    + gtk_adjustment_get_page_size (adjustment)
                    >= gtk_adjustment_get_upper (adjustment) - 1;

  return pd_log_view_get_selected_line (at->view) == at->line && place >= 0
         && (fabs (place - 1.0 / 3) < 0.05 || (at_end && place > 1.0 / 3));
}

static void
test_failed_opens_at_error (void)
{
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdTestSandbox) sandbox = seeded_sandbox ("UnitTests", &account);
  PdLogView *view = pd_log_view_new ();
  GtkWindow *window = show_view (view);
  PdLogErrorStrip *strip;
  PdLogStore *store;
  GtkWidget *row, *mark, *label;
  g_autofree char *text = NULL;
  g_autofree char *f8 = NULL;
  g_autofree char *shift_f8 = NULL;
  AtLine at = { view, 0 };
  gint64 id = 0, next_id;
  guint next = 0, last = 0, index;

  gtk_window_set_default_size (window, 1000, 420);
  pd_log_view_load_action (view, account, "todo-list-aws", NULL, "UnitTests");
  g_assert_true (pd_test_wait_until (view_loaded, view, 30000));
  g_assert_true (pd_log_loader_get_tail_first (pd_log_view_get_loader (view)));
  store = pd_log_loader_get_store (pd_log_view_get_loader (view));

  /* The header names the action, its pipeline and the execution. */
  g_assert_nonnull (find_label (GTK_WIDGET (view), "UnitTests"));
  label = find_label (GTK_WIDGET (view), "todo-list-aws · execution ");
  g_assert_nonnull (label);
  g_assert_cmpuint (strlen (gtk_label_get_text (GTK_LABEL (label))),
                    ==, strlen ("todo-list-aws · execution ") + 8);

  /* It opens at Hypothesis' falsifying example, well inside the log, in
   * sight and selected. */
  g_assert_cmpint (pd_log_store_get_first_error (store, &id), ==, PD_LOG_ERROR_TARGET_TOOL);
  g_assert_true (pd_log_store_get_line_for_id (store, id, &at.line));
  text = pd_log_store_dup_line_text (store, at.line, NULL);
  g_assert_true (g_str_has_prefix (text, "Falsifying example: "));
  g_assert_cmpuint (at.line, >, 20);
  g_assert_true (pd_test_wait_until (shows_line, &at, 10000));
  /* Low enough a window that the lines after it let it sit at a third. */
  g_assert_cmpfloat (fabs (row_place (view, at.line) - 1.0 / 3), <, 0.05);

  /* Its gutter says so; a line that is no error has no mark. */
  row = find_row (find_log_lines (GTK_WIDGET (view)), at.line);
  mark = gtk_widget_get_next_sibling (gtk_widget_get_first_child (row));
  g_assert_true (GTK_IS_IMAGE (mark));
  g_assert_cmpfloat (gtk_widget_get_opacity (mark), ==, 1.0);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (row), "error"));
  row = find_row (find_log_lines (GTK_WIDGET (view)), at.line - 1);
  g_assert_nonnull (row);
  if (pd_log_store_get_line_error (store, at.line - 1) == 0)
    g_assert_cmpfloat (gtk_widget_get_opacity (gtk_widget_get_next_sibling (
                         gtk_widget_get_first_child (row))), ==, 0.0);

  /* F8 goes to the next error line, Shift+F8 back. */
  f8 = dup_binding_action (GTK_WIDGET (view), GDK_KEY_F8, 0);
  shift_f8 = dup_binding_action (GTK_WIDGET (view), GDK_KEY_F8, GDK_SHIFT_MASK);
  g_assert_cmpstr (f8, ==, "logs.next-error");
  g_assert_cmpstr (shift_f8, ==, "logs.previous-error");
  index = pd_log_store_find_error_near (store, id, TRUE);
  next_id = pd_log_store_get_error (store, index, NULL);
  g_assert_cmpint (next_id, >, id);
  g_assert_true (pd_log_store_get_line_for_id (store, next_id, &next));
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.next-error", NULL);
  g_assert_cmpuint (pd_log_view_get_selected_line (view), ==, next);
  g_clear_pointer (&text, g_free);
  text = pd_log_store_dup_line_text (store, next, NULL);
  g_assert_true (g_str_has_prefix (text, "FAILED test/unit/test_update.py::"));
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.previous-error", NULL);
  g_assert_cmpuint (pd_log_view_get_selected_line (view), ==, at.line);
  /* Before the first error line is the last. */
  g_assert_cmpuint (pd_log_store_get_line_error (store, 0), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.jump-to-line", "u", 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.previous-error", NULL);
  g_assert_true (pd_log_store_get_line_for_id (store,
                                               pd_log_store_get_error (
                                                 store, pd_log_store_get_n_errors (store) - 1,
                                                 NULL),
                                               &last));
  g_assert_cmpuint (pd_log_view_get_selected_line (view), ==, last);

  /* The strip beside the scrollbar has a mark per error line, lower for
   * later lines; a click on one goes to its line. */
  strip = PD_LOG_ERROR_STRIP (find_widget (GTK_WIDGET (view), PD_TYPE_LOG_ERROR_STRIP));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (strip)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (strip)), >, 100);
  g_assert_cmpfloat (pd_log_error_strip_get_mark_y (strip, index), <,
                     pd_log_error_strip_get_mark_y (strip, pd_log_store_get_n_errors (store) - 1));
  g_assert_cmpint (pd_log_error_strip_get_error_at (strip,
                                                    pd_log_error_strip_get_mark_y (strip, 0)),
                   ==, pd_log_store_get_error (store, 0, NULL));
  g_assert_cmpint (pd_log_error_strip_get_error_at (strip, 0), ==, G_MININT64);
  g_signal_emit_by_name (strip, "error-activated", id);
  g_assert_cmpuint (pd_log_view_get_selected_line (view), ==, at.line);

  gtk_window_destroy (window);
}

static void
test_succeeded_opens_at_top (void)
{
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdTestSandbox) sandbox = seeded_sandbox ("UnitTests", &account);
  PdLogView *view = pd_log_view_new ();
  GtkWindow *window = show_view (view);
  GtkWidget *list_view;
  GtkAdjustment *adjustment;
  PdLogStore *store;

  /* The Package build of the same run went well. */
  pd_log_view_load_action (view, account, "todo-list-aws", NULL, "Package");
  g_assert_true (pd_test_wait_until (view_loaded, view, 30000));
  g_assert_false (pd_log_loader_get_tail_first (pd_log_view_get_loader (view)));
  g_assert_cmpint (pd_log_loader_get_build_status (pd_log_view_get_loader (view)), ==,
                   PD_AWS_BUILD_STATUS_SUCCEEDED);
  store = pd_log_loader_get_store (pd_log_view_get_loader (view));
  g_assert_cmpuint (pd_log_store_get_n_lines (store), >, 40);
  g_assert_cmpuint (pd_log_store_get_n_errors (store), ==, 0);

  list_view = find_log_lines (GTK_WIDGET (view));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  g_assert_true (pd_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                     find_row (list_view, 0), 5000));
  /* The first row at the top, but for the list's padding. */
  g_assert_cmpfloat (row_place (view, 0), >=, 0.0);
  g_assert_cmpfloat (row_place (view, 0), <, 0.01);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0.0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                     gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpuint (pd_log_view_get_selected_line (view), ==, G_MAXUINT);
  g_assert_false (gtk_widget_get_visible (find_widget (GTK_WIDGET (view),
                                                       PD_TYPE_LOG_ERROR_STRIP)));
  /* No error line: F8 does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (view), "logs.next-error", NULL);
  g_assert_cmpuint (pd_log_view_get_selected_line (view), ==, G_MAXUINT);

  gtk_window_destroy (window);
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
  g_test_add_func ("/pd/ui/log-view/errors/failed-opens-at-error", test_failed_opens_at_error);
  g_test_add_func ("/pd/ui/log-view/errors/succeeded-opens-at-top", test_succeeded_opens_at_top);
  g_test_add_func ("/pd/ui/log-view/window-stage-logs", test_window_stage_logs);
  g_test_add_func ("/pd/ui/log-view/window-view-names", test_window_view_names);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
