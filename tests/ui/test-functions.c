/* test-functions.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-functions-page.h"
#include "pd-metric-chart.h"
#include "pd-overview-page.h"
#include "pd-test-utils.h"
#include "pd-test-window.h"

/* The Functions section against an in-process sandbox: the table with its
 * sparklines, the lambda: view with charts, deploy markers and error
 * groups, and the charts' accessible summaries. */

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
  fixture->sandbox = pd_test_sandbox_new (1.0, 5, 16);
  fixture->account = pd_test_window_add_sandbox_account (app, fixture->sandbox);
  fixture->window = pd_test_window_new_loaded (app, fixture->account, WAIT_MS);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static PdFunctionsPage *
page_of (Fixture *fixture)
{
  PdSection *section = pd_window_get_section (fixture->window, "functions");

  g_assert_true (PD_IS_FUNCTIONS_PAGE (section));
  return PD_FUNCTIONS_PAGE (section);
}

static gboolean
page_idle (gpointer data)
{
  return !pd_section_get_busy (PD_SECTION (data));
}

static gboolean
store_loaded (gpointer data)
{
  PdFunctionStore *store = pd_functions_page_get_store (data);

  return store != NULL && pd_function_store_get_loaded (store);
}

static gboolean
has_width (gpointer data)
{
  return gtk_widget_get_width (data) > 100;
}

static gboolean
day_loaded (gpointer data)
{
  PdFunctionStore *store = pd_functions_page_get_store (data);
  PdFunctionStats *stats = pd_function_store_lookup (store, "todos-get");

  return stats != NULL && stats->times->len == 96;
}

static gboolean
groups_loaded (gpointer data)
{
  GtkWidget *groups = pd_functions_page_get_groups (data);
  GtkWidget *first = gtk_widget_get_first_child (groups);

  return first != NULL && ADW_IS_ACTION_ROW (first);
}

static GPtrArray *
find_charts (GtkWidget *widget,
             GPtrArray *found)
{
  if (PD_IS_METRIC_CHART (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_charts (child, found);
  return found;
}

static void
test_table (Fixture       *fixture,
            gconstpointer  data)
{
  PdFunctionsPage *page = page_of (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();

  g_assert_true (pd_window_show_view (fixture->window, "functions", &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (store_loaded, page, WAIT_MS));
  g_assert_cmpuint (pd_function_store_get_functions (pd_functions_page_get_store (page))->len,
                    ==, 12);
  /* Two sparklines per function, each with a summary for screen readers. */
  find_charts (pd_functions_page_get_table (page), charts);
  g_assert_cmpuint (charts->len, ==, 24);
  for (guint i = 0; i < charts->len; i++)
    {
      g_autofree char *summary = pd_metric_chart_dup_summary (charts->pdata[i]);

      g_assert_true (strstr (summary, "Invocations of") != NULL ||
                     strstr (summary, "Errors of") != NULL);
    }
}

static void
test_function_view (Fixture       *fixture,
                    gconstpointer  data)
{
  PdFunctionsPage *page = page_of (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();
  GtkWidget *row;
  g_autofree char *hover = NULL;
  g_autofree char *summary = NULL;

  /* The day: the sandbox's errors of todos-get come every 75 minutes. */
  g_assert_true (pd_window_show_view (fixture->window, "functions", &error));
  g_assert_true (pd_test_wait_until (store_loaded, page, WAIT_MS));
  pd_function_store_set_window (pd_functions_page_get_store (page), PD_METRICS_WINDOW_DAY);
  g_assert_true (pd_test_wait_until (day_loaded, page, WAIT_MS));
  g_assert_true (pd_window_show_view (fixture->window, "lambda:todos-get", &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (page_idle, page, WAIT_MS));
  g_assert_cmpstr (pd_functions_page_get_shown (page), ==, "todos-get");

  /* The KeyErrors of todos-get, grouped into one row. */
  g_assert_true (pd_test_wait_until (groups_loaded, page, WAIT_MS));
  row = gtk_widget_get_first_child (pd_functions_page_get_groups (page));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                            "KeyError: &apos;todo-&lt;n&gt;&apos; not found"));
  g_assert_null (gtk_widget_get_next_sibling (row));

  /* Invocations, errors and duration, with axes and hover values. */
  find_charts (gtk_widget_get_parent (pd_functions_page_get_groups (page)), charts);
  g_assert_cmpuint (charts->len, ==, 3);
  g_assert_true (pd_test_wait_until (has_width, charts->pdata[0], WAIT_MS));
  pd_metric_chart_hover_at (charts->pdata[0], 300);
  hover = pd_metric_chart_dup_hover_text (charts->pdata[0]);
  g_assert_nonnull (hover);
  summary = pd_metric_chart_dup_summary (charts->pdata[2]);
  g_assert_true (g_str_has_prefix (summary, "Duration (p95)"));

  /* Back to the table. */
  g_assert_true (pd_section_go_back (PD_SECTION (page)));
  g_assert_null (pd_functions_page_get_shown (page));
}

static void
test_bad_views (Fixture       *fixture,
                gconstpointer  data)
{
  PdFunctionsPage *page = page_of (fixture);
  GError *error = NULL;

  g_assert_false (pd_section_show_view (PD_SECTION (page), "lambda:", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pd_section_show_view (PD_SECTION (page), "lambda:a/b", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pd_section_show_view (PD_SECTION (page), "pipeline:x", &error));
  g_assert_no_error (error);

  /* A function that is not there: a toast, and the page stops waiting. */
  g_assert_true (pd_window_show_view (fixture->window, "lambda:no-such-function", &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (page_idle, page, WAIT_MS));
  g_assert_null (pd_functions_page_get_shown (page));
}

static gboolean
overview_idle (gpointer data)
{
  PdOverview *overview = pd_overview_page_get_overview (data);

  return overview != NULL && !pd_overview_get_loading (overview) &&
         pd_overview_get_tile (overview, PD_OVERVIEW_PIPELINES)->loaded;
}

static gboolean
overview_done (gpointer data)
{
  return !pd_overview_get_loading (pd_overview_page_get_overview (data));
}

static void
test_overview (Fixture       *fixture,
               gconstpointer  data)
{
  PdOverviewPage *page = PD_OVERVIEW_PAGE (pd_window_get_section (fixture->window, "overview"));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PdOverview *overview;
  guint n;
  const PdSectionInfo *infos = pd_sections_get_all (&n);

  /* First in the table: Ctrl+1. */
  g_assert_cmpstr (infos[0].id, ==, "overview");
  g_assert_true (pd_window_show_view (fixture->window, "overview", &error));
  g_assert_no_error (error);
  g_assert_true (pd_window_get_shown_section (fixture->window) == PD_SECTION (page));
  g_assert_true (pd_test_wait_until (overview_idle, page, WAIT_MS));
  overview = pd_overview_page_get_overview (page);
  for (guint i = 0; i < PD_OVERVIEW_N_TILES; i++)
    g_assert_true (pd_overview_get_tile (overview, i)->loaded);
  text = pd_overview_page_dup_tile_text (page, PD_OVERVIEW_LAMBDA_ERRORS);
  g_assert_true (g_str_has_prefix (text, "Lambda Error Rates: 12,"));

  /* A failing service: its tile keeps its numbers, marked stale. */
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "5xx=1,service=rds", NULL));
  pd_overview_refresh (overview);
  g_assert_true (pd_test_wait_until (overview_done, page, WAIT_MS));
  g_assert_true (gtk_widget_has_css_class (pd_overview_page_get_tile (page, PD_OVERVIEW_DATABASES),
                                           "stale"));
  g_assert_false (gtk_widget_has_css_class (pd_overview_page_get_tile (page,
                                                                       PD_OVERVIEW_PIPELINES),
                                            "stale"));
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, NULL, NULL));

  /* A tile opens its section. */
  g_signal_emit_by_name (pd_overview_page_get_tile (page, PD_OVERVIEW_LAMBDA_ERRORS), "clicked");
  g_assert_true (PD_IS_FUNCTIONS_PAGE (pd_window_get_shown_section (fixture->window)));
  g_signal_emit_by_name (pd_overview_page_get_tile (page, PD_OVERVIEW_APPROVALS), "clicked");
  g_assert_true (pd_window_get_shown_section (fixture->window) ==
                 pd_window_get_section (fixture->window, "pipelines"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* As the other window tests: the keyring and the session bus are the
   * test session's own, not isolated directories. */
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    g_error ("this test needs a display (run it under xvfb-run)");
  adw_init ();

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/pd/ui/functions/table", Fixture, NULL, fixture_setup, test_table,
              fixture_teardown);
  g_test_add ("/pd/ui/functions/view", Fixture, NULL, fixture_setup, test_function_view,
              fixture_teardown);
  g_test_add ("/pd/ui/overview", Fixture, NULL, fixture_setup, test_overview,
              fixture_teardown);
  g_test_add ("/pd/ui/functions/bad-views", Fixture, NULL, fixture_setup, test_bad_views,
              fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
