/* pd-functions-page.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pd-application.h"
#include "pd-deploy-markers.h"
#include "pd-error-state.h"
#include "pd-function-logs.h"
#include "pd-functions-page.h"
#include "pd-metric-chart.h"
#include "pd-palette-item.h"
#include "pd-section.h"
#include "pd-util.h"

/* The Functions section: the Lambda functions of the region with their
 * health over a window (a table of numbers and sparklines), and one
 * function's charts with the deploys marked, its grouped log errors and
 * its cold starts. Views: `lambda:FUNCTION`. */

struct _PdFunctionsPage
{
  GtkWidget         parent_instance;

  GtkStack         *main_stack;
  PdErrorState     *error_state;
  GtkGrid          *table;
  GtkLabel         *detail_title;
  GtkLabel         *detail_config;
  GtkBox           *charts_box;
  GtkLabel         *cold_starts_label;
  GtkListBox       *groups_list;
  GtkWidget        *sidebar;
  GtkSearchEntry   *search;
  GtkListBox       *functions_list;
  GtkWidget        *header;
  GtkToggleButton  *hour_button;
  GtkToggleButton  *day_button;
  GtkToggleButton  *week_button;

  PdAccountContext *context;
  GHashTable       *stores;       /* context key → PdFunctionStore */
  PdFunctionStore  *store;
  GListStore       *palette_items;
  PdMetricChart    *charts[3];
  gboolean          active;

  char             *shown;        /* the function in detail, or NULL */
  char             *pending;      /* a lambda: view waiting for the list */
  GPtrArray        *markers;
  GPtrArray        *log_pages;
  GCancellable     *detail_cancellable;
  gboolean          busy;
};

static void pd_functions_page_section_init (PdSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdFunctionsPage, pd_functions_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_SECTION,
                                                      pd_functions_page_section_init))

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_BUSY,
  N_PROPS
};

static void update_detail (PdFunctionsPage *self);
static void load_detail (PdFunctionsPage *self);
static void update_main_page (PdFunctionsPage *self);

static void
set_busy (PdFunctionsPage *self,
          gboolean         busy)
{
  if (self->busy == !!busy)
    return;
  self->busy = !!busy;
  g_object_notify (G_OBJECT (self), "busy");
}

static char *
format_number (double value)
{
  if (isnan (value))
    return g_strdup ("–");
  if (value >= 1e6)
    return g_strdup_printf ("%.1f M", value / 1e6);
  if (value >= 1e4)
    return g_strdup_printf ("%.1f k", value / 1e3);
  return g_strdup_printf ("%.0f", value);
}

static char *
format_ms (double value)
{
  if (isnan (value))
    return g_strdup ("–");
  /* TRANSLATORS: a duration in milliseconds */
  return g_strdup_printf (_("%.0f ms"), value);
}

static GtkWidget *
cell (const char *text,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), heading ? 0 : 1);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
on_name_clicked_cb (GtkButton       *button,
                    PdFunctionsPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "function");
  g_autofree char *view = g_strconcat ("lambda:", name, NULL);

  pd_section_show_view (PD_SECTION (self), view, NULL);
}

static gboolean
matches_search (PdFunctionsPage *self,
                const char      *name)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_text = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  folded_name = g_utf8_casefold (name, -1);
  folded_text = g_utf8_casefold (text, -1);
  return strstr (folded_name, folded_text) != NULL;
}

static void
rebuild_table (PdFunctionsPage *self)
{
  static const char *headings[] = {
    N_("Function"), N_("Invocations"), N_("Errors"), N_("Error Rate"), N_("Throttles"),
    N_("p50"), N_("p95"), N_("p99"), N_("Concurrency"), N_("Invocations Over Time"),
    N_("Errors Over Time"),
  };
  GPtrArray *functions = self->store != NULL ? pd_function_store_get_functions (self->store)
                                             : NULL;
  GtkWidget *child;
  int row = 1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    gtk_grid_attach (self->table, cell (_(headings[i]), TRUE), i, 0, 1, 1);

  for (guint i = 0; functions != NULL && i < functions->len; i++)
    {
      PdFunctionStats *stats = g_ptr_array_index (functions, i);
      GtkWidget *button;
      GtkWidget *spark;
      g_autofree char *invocations = format_number (stats->invocations);
      g_autofree char *errors = format_number (stats->errors);
      g_autofree char *rate = g_strdup_printf ("%.1f %%", stats->error_rate);
      g_autofree char *throttles = format_number (stats->throttles);
      g_autofree char *p50 = format_ms (stats->p50);
      g_autofree char *p95 = format_ms (stats->p95);
      g_autofree char *p99 = format_ms (stats->p99);
      g_autofree char *concurrency = format_number (stats->concurrency);
      g_autofree char *inv_title = NULL;
      g_autofree char *err_title = NULL;

      if (!matches_search (self, stats->name))
        continue;
      button = gtk_button_new_with_label (stats->name);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      g_object_set_data_full (G_OBJECT (button), "function", g_strdup (stats->name), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_name_clicked_cb), self);
      gtk_grid_attach (self->table, button, 0, row, 1, 1);
      gtk_grid_attach (self->table, cell (invocations, FALSE), 1, row, 1, 1);
      gtk_grid_attach (self->table, cell (errors, FALSE), 2, row, 1, 1);
      gtk_grid_attach (self->table, cell (rate, FALSE), 3, row, 1, 1);
      gtk_grid_attach (self->table, cell (throttles, FALSE), 4, row, 1, 1);
      gtk_grid_attach (self->table, cell (p50, FALSE), 5, row, 1, 1);
      gtk_grid_attach (self->table, cell (p95, FALSE), 6, row, 1, 1);
      gtk_grid_attach (self->table, cell (p99, FALSE), 7, row, 1, 1);
      gtk_grid_attach (self->table, cell (concurrency, FALSE), 8, row, 1, 1);

      /* TRANSLATORS: the name of a sparkline: a metric of a function */
      inv_title = g_strdup_printf (_("Invocations of %s"), stats->name);
      spark = pd_metric_chart_new (TRUE);
      pd_metric_chart_set_data (PD_METRIC_CHART (spark), inv_title, NULL, stats->times,
                                stats->invocations_series);
      gtk_grid_attach (self->table, spark, 9, row, 1, 1);
      /* TRANSLATORS: the name of a sparkline: a metric of a function */
      err_title = g_strdup_printf (_("Errors of %s"), stats->name);
      spark = pd_metric_chart_new (TRUE);
      pd_metric_chart_set_data (PD_METRIC_CHART (spark), err_title, NULL, stats->times,
                                stats->errors_series);
      gtk_grid_attach (self->table, spark, 10, row, 1, 1);
      row++;
    }
}

static void
on_sidebar_row_activated_cb (GtkListBox      *list,
                             GtkListBoxRow   *row,
                             PdFunctionsPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "function");
  g_autofree char *view = g_strconcat ("lambda:", name, NULL);

  pd_section_show_view (PD_SECTION (self), view, NULL);
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       data)
{
  return matches_search (data, g_object_get_data (G_OBJECT (row), "function"));
}

static void
rebuild_sidebar (PdFunctionsPage *self)
{
  GPtrArray *functions = self->store != NULL ? pd_function_store_get_functions (self->store)
                                             : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->functions_list))) != NULL)
    gtk_list_box_remove (self->functions_list, child);
  g_list_store_remove_all (self->palette_items);
  for (guint i = 0; functions != NULL && i < functions->len; i++)
    {
      PdFunctionStats *stats = g_ptr_array_index (functions, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (stats->name);
      g_autofree char *target = g_strconcat ("lambda:", stats->name, NULL);
      g_autoptr(PdPaletteItem) item = NULL;

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "function", g_strdup (stats->name), g_free);
      gtk_list_box_append (self->functions_list, row);
      if (g_strcmp0 (stats->name, self->shown) == 0)
        gtk_list_box_select_row (self->functions_list, GTK_LIST_BOX_ROW (row));

      item = pd_palette_item_new (PD_PALETTE_KIND_FUNCTION, stats->name, stats->runtime, NULL,
                                  target);
      g_list_store_append (self->palette_items, item);
    }
}

static void
update_main_page (PdFunctionsPage *self)
{
  const GError *error = self->store != NULL ? pd_function_store_get_error (self->store) : NULL;
  gboolean loaded = self->store != NULL && pd_function_store_get_loaded (self->store);

  if (self->shown != NULL && loaded)
    gtk_stack_set_visible_child_name (self->main_stack, "detail");
  else if (error != NULL && !loaded)
    {
      pd_error_state_set_error (self->error_state, error);
      pd_error_state_set_retrying (self->error_state, FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
    }
  else if (!loaded)
    gtk_stack_set_visible_child_name (self->main_stack, "loading");
  else if (pd_function_store_get_functions (self->store)->len == 0)
    gtk_stack_set_visible_child_name (self->main_stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->main_stack, "table");
}

static void
try_pending (PdFunctionsPage *self)
{
  if (self->pending == NULL || self->store == NULL ||
      (!pd_function_store_get_loaded (self->store) &&
       pd_function_store_get_error (self->store) == NULL))
    return;
  if (pd_function_store_lookup (self->store, self->pending) != NULL)
    {
      g_free (self->shown);
      self->shown = g_steal_pointer (&self->pending);
      update_detail (self);
      load_detail (self);
      update_main_page (self);
      g_object_notify (G_OBJECT (self), "title");
    }
  else
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: a toast when a --view names a function that is not there */
      text = g_strdup_printf (_("There is no function “%s” in this region"), self->pending);
      pd_section_add_toast (PD_SECTION (self), text);
      g_clear_pointer (&self->pending, g_free);
    }
  set_busy (self, FALSE);
}

static void
on_store_changed_cb (PdFunctionsPage *self,
                     PdFunctionStore *store)
{
  rebuild_table (self);
  rebuild_sidebar (self);
  if (self->shown != NULL)
    update_detail (self);
  update_main_page (self);
  try_pending (self);
  g_object_notify (G_OBJECT (self), "subtitle");
}

/* Detail */

static GtkWidget *
group_row (PdErrorGroup *group)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = g_markup_escape_text (group->key, -1);
  g_autoptr(GDateTime) first_time = g_date_time_new_from_unix_local (group->first_seen / 1000);
  g_autoptr(GDateTime) last_time = g_date_time_new_from_unix_local (group->last_seen / 1000);
  g_autofree char *example = g_markup_escape_text (group->example, -1);
  GtkWidget *count;

  first = g_date_time_format (first_time, "%x %H:%M");
  last = g_date_time_format (last_time, "%x %H:%M");
  /* TRANSLATORS: under an error group: when it was first and last seen,
   * the request ID of its example, then the example itself */
  subtitle = g_strdup_printf (_("First seen %s, last seen %s, request %s\n%s"), first, last,
                              group->request_id != NULL ? group->request_id : "–", example);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  if (group->new_since_deploy)
    {
      GtkWidget *tag = gtk_label_new (_("New since deploy"));

      gtk_widget_add_css_class (tag, "warning");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  {
    g_autofree char *text = NULL;

    /* TRANSLATORS: how many log events an error group has */
    text = g_strdup_printf (ngettext ("%u event", "%u events", group->count), group->count);
    count = gtk_label_new (text);
  }
  gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);
  return row;
}

static void
update_logs (PdFunctionsPage *self)
{
  PdFunctionStats *stats = pd_function_store_lookup (self->store, self->shown);
  g_autoptr(PdFunctionLogSummary) summary = NULL;
  g_autoptr(GArray) deploys = NULL;
  g_autofree char *cold = NULL;
  gint64 since;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_list))) != NULL)
    gtk_list_box_remove (self->groups_list, child);
  if (self->log_pages == NULL || stats == NULL)
    {
      gtk_label_set_text (self->cold_starts_label, _("Reading the function’s logs…"));
      return;
    }
  since = stats->times->len > 0 ? g_array_index (stats->times, gint64, 0) : 0;
  deploys = pd_deploy_markers_get_times (self->markers);
  summary = pd_function_logs_summarise (self->log_pages, since, (gint64 *) deploys->data,
                                        deploys->len);
  if (summary->malformed_reports > 0)
    /* TRANSLATORS: cold starts in the window, and REPORT lines not understood */
    cold = g_strdup_printf (ngettext ("%u cold start (%u REPORT line could not be read)",
                                      "%u cold starts (%u REPORT lines could not be read)",
                                      summary->cold_starts),
                            summary->cold_starts, summary->malformed_reports);
  else if (summary->cold_starts > 0)
    /* TRANSLATORS: cold starts in the window, and their average Init Duration */
    cold = g_strdup_printf (ngettext ("%u cold start, %.0f ms to start on average",
                                      "%u cold starts, %.0f ms to start on average",
                                      summary->cold_starts),
                            summary->cold_starts, summary->init_ms_total / summary->cold_starts);
  else
    cold = g_strdup (_("No cold start in this window"));
  gtk_label_set_text (self->cold_starts_label, cold);

  if (summary->groups->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No error or timeout in this window"));
      gtk_list_box_append (self->groups_list, row);
    }
  for (guint i = 0; i < summary->groups->len; i++)
    gtk_list_box_append (self->groups_list, group_row (g_ptr_array_index (summary->groups, i)));
}

/* The charts stay the same widgets: the pointer's hover survives a
 * refresh. */
static void
update_charts (PdFunctionsPage *self)
{
  PdFunctionStats *stats = pd_function_store_lookup (self->store, self->shown);
  g_autoptr(GArray) deploys = pd_deploy_markers_get_times (self->markers);

  if (stats == NULL)
    return;
  pd_metric_chart_set_data (self->charts[0], _("Invocations"), NULL, stats->times,
                            stats->invocations_series);
  pd_metric_chart_set_data (self->charts[1], _("Errors"), NULL, stats->times,
                            stats->errors_series);
  /* TRANSLATORS: the unit of durations, milliseconds */
  pd_metric_chart_set_data (self->charts[2], _("Duration (p95)"), _("ms"), stats->times,
                            stats->duration_series);
  for (guint i = 0; i < G_N_ELEMENTS (self->charts); i++)
    pd_metric_chart_set_markers (self->charts[i], deploys);
}

static void
update_detail (PdFunctionsPage *self)
{
  PdFunctionStats *stats = pd_function_store_lookup (self->store, self->shown);
  g_autofree char *config = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *timeout = NULL;

  if (stats == NULL)
    return;
  gtk_label_set_text (self->detail_title, stats->name);
  modified = stats->last_modified != NULL
    ? g_date_time_format (stats->last_modified, "%x %H:%M") : g_strdup ("–");
  memory = g_strdup_printf ("%" G_GINT64_FORMAT, stats->memory_mb);
  timeout = g_strdup_printf ("%" G_GINT64_FORMAT, stats->timeout_s);
  /* TRANSLATORS: a function's runtime, memory in MB, timeout in seconds,
   * state and last change */
  config = g_strdup_printf (_("%s · %s MB · %s s timeout · %s · changed %s"),
                            stats->runtime != NULL ? stats->runtime : "–", memory, timeout,
                            stats->state != NULL ? stats->state : "–", modified);
  gtk_label_set_text (self->detail_config, config);
  update_charts (self);
  update_logs (self);
}

static void
on_markers_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PdFunctionsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *markers = pd_deploy_markers_fetch_finish (result, &error);

  if (markers == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pd_section_show_error_toast (PD_SECTION (self), error);
      return;
    }
  g_clear_pointer (&self->markers, g_ptr_array_unref);
  self->markers = markers;
  if (self->shown != NULL)
    update_detail (self);
}

static void
on_logs_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PdFunctionsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *pages = pd_function_logs_fetch_finish (result, &error);

  if (pages == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *words = pd_error_dup_plain_words (error);

          gtk_label_set_text (self->cold_starts_label, words);
        }
      return;
    }
  g_clear_pointer (&self->log_pages, g_ptr_array_unref);
  self->log_pages = pages;
  update_logs (self);
}

static void
load_detail (PdFunctionsPage *self)
{
  PdAwsClient *client = pd_function_store_get_client (self->store);
  gint64 since = pd_util_get_real_time () / 1000 -
                 pd_metrics_window_get_seconds (PD_METRICS_WINDOW_WEEK) * 1000;

  if (self->detail_cancellable != NULL)
    g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_pointer (&self->log_pages, g_ptr_array_unref);
  if (client == NULL || self->shown == NULL)
    return;
  self->detail_cancellable = g_cancellable_new ();
  pd_function_logs_fetch_async (client, self->shown, 20, self->detail_cancellable, on_logs_cb,
                                g_object_ref (self));
  pd_deploy_markers_fetch_async (client, since, self->detail_cancellable, on_markers_cb,
                                 g_object_ref (self));
}

/* Context */

static void
on_context_changed_cb (PdFunctionsPage  *self,
                       PdAccountContext *context)
{
  const char *key = pd_account_context_get_key (context);
  PdAwsClient *client = pd_account_context_get_client (context);
  PdFunctionStore *store = NULL;

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      pd_function_store_set_active (self->store, FALSE);
    }
  self->store = NULL;
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->markers, g_ptr_array_unref);
  g_clear_pointer (&self->log_pages, g_ptr_array_unref);
  if (self->detail_cancellable != NULL)
    g_cancellable_cancel (self->detail_cancellable);

  if (key != NULL && client != NULL)
    {
      store = g_hash_table_lookup (self->stores, key);
      if (store == NULL)
        {
          store = pd_function_store_new (client);
          g_hash_table_insert (self->stores, g_strdup (key), store);
        }
      else
        pd_function_store_set_client (store, client);
    }
  self->store = store;
  if (store != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      pd_function_store_set_active (store, self->active);
    }
  on_store_changed_cb (self, store);
  g_object_notify (G_OBJECT (self), "title");

  /* The alerts follow the account last opened. */
  {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                               : NULL;

    if (PD_IS_APPLICATION (app))
      pd_application_watch_functions (PD_APPLICATION (app), client);
  }
}

static void
on_retry_cb (PdFunctionsPage *self,
             PdErrorState    *state)
{
  if (self->store != NULL)
    {
      pd_error_state_set_retrying (state, TRUE);
      pd_function_store_refresh (self->store);
    }
}

static void
on_window_toggled_cb (PdFunctionsPage *self,
                      GtkToggleButton *button)
{
  PdMetricsWindow window;

  if (!gtk_toggle_button_get_active (button) || self->store == NULL)
    return;
  if (button == self->day_button)
    window = PD_METRICS_WINDOW_DAY;
  else if (button == self->week_button)
    window = PD_METRICS_WINDOW_WEEK;
  else
    window = PD_METRICS_WINDOW_HOUR;
  pd_function_store_set_window (self->store, window);
}

static void
on_search_changed_cb (PdFunctionsPage *self,
                      GtkSearchEntry  *entry)
{
  gtk_list_box_invalidate_filter (self->functions_list);
  rebuild_table (self);
}

/* PdSection */

static GtkWidget *
pd_functions_page_get_sidebar (PdSection *section)
{
  return PD_FUNCTIONS_PAGE (section)->sidebar;
}

static GtkWidget *
pd_functions_page_get_header (PdSection *section)
{
  return PD_FUNCTIONS_PAGE (section)->header;
}

static void
pd_functions_page_set_context (PdSection        *section,
                               PdAccountContext *context)
{
  PdFunctionsPage *self = PD_FUNCTIONS_PAGE (section);

  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_context_changed_cb (self, context);
}

static void
pd_functions_page_set_active (PdSection *section,
                              gboolean   active)
{
  PdFunctionsPage *self = PD_FUNCTIONS_PAGE (section);

  self->active = !!active;
  if (self->store != NULL)
    pd_function_store_set_active (self->store, self->active);
}

static gboolean
pd_functions_page_show_view (PdSection   *section,
                             const char  *view,
                             GError     **error)
{
  PdFunctionsPage *self = PD_FUNCTIONS_PAGE (section);
  const char *name;

  if (g_strcmp0 (view, "functions") == 0)
    {
      g_clear_pointer (&self->shown, g_free);
      update_main_page (self);
      return TRUE;
    }
  if (!g_str_has_prefix (view, "lambda:"))
    return FALSE;
  name = view + strlen ("lambda:");
  if (*name == '\0' || strlen (name) > 140 || strchr (name, '/') != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The function view is named lambda:FUNCTION, not “%s”"), view);
      return FALSE;
    }
  g_free (self->pending);
  self->pending = g_strdup (name);
  set_busy (self, TRUE);
  try_pending (self);
  return TRUE;
}

static gboolean
pd_functions_page_go_back (PdSection *section)
{
  PdFunctionsPage *self = PD_FUNCTIONS_PAGE (section);

  if (self->shown == NULL)
    return FALSE;
  g_clear_pointer (&self->shown, g_free);
  gtk_list_box_unselect_all (self->functions_list);
  update_main_page (self);
  g_object_notify (G_OBJECT (self), "title");
  return TRUE;
}

static void
pd_functions_page_search (PdSection *section)
{
  gtk_widget_grab_focus (GTK_WIDGET (PD_FUNCTIONS_PAGE (section)->search));
}

static GListModel *
pd_functions_page_get_palette_items (PdSection *section)
{
  return G_LIST_MODEL (PD_FUNCTIONS_PAGE (section)->palette_items);
}

static void
pd_functions_page_section_init (PdSectionInterface *iface)
{
  iface->get_sidebar = pd_functions_page_get_sidebar;
  iface->get_header = pd_functions_page_get_header;
  iface->set_context = pd_functions_page_set_context;
  iface->set_active = pd_functions_page_set_active;
  iface->show_view = pd_functions_page_show_view;
  iface->go_back = pd_functions_page_go_back;
  iface->search = pd_functions_page_search;
  iface->get_palette_items = pd_functions_page_get_palette_items;
}

/* GObject */

static void
pd_functions_page_dispose (GObject *object)
{
  PdFunctionsPage *self = PD_FUNCTIONS_PAGE (object);

  if (self->detail_cancellable != NULL)
    g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  self->store = NULL;
  g_clear_pointer (&self->stores, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_FUNCTIONS_PAGE);
  g_clear_object (&self->sidebar);
  g_clear_object (&self->header);
  g_clear_object (&self->palette_items);
  g_clear_object (&self->context);
  g_clear_pointer (&self->markers, g_ptr_array_unref);
  g_clear_pointer (&self->log_pages, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->pending, g_free);
  G_OBJECT_CLASS (pd_functions_page_parent_class)->dispose (object);
}

static void
pd_functions_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdFunctionsPage *self = PD_FUNCTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->shown != NULL ? self->shown : _("Functions"));
      break;
    case PROP_SUBTITLE:
      {
        PdAccount *account = self->context != NULL
          ? pd_account_context_get_account (self->context) : NULL;

        g_value_set_string (value, account != NULL ? pd_account_get_name (account) : NULL);
        break;
      }
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_functions_page_class_init (PdFunctionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_functions_page_dispose;
  object_class->get_property = pd_functions_page_get_property;
  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_SUBTITLE, "subtitle");
  g_object_class_override_property (object_class, PROP_BUSY, "busy");

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-functions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, error_state);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, table);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, detail_config);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, cold_starts_label);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, groups_list);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, search);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, functions_list);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, header);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, hour_button);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, day_button);
  gtk_widget_class_bind_template_child (widget_class, PdFunctionsPage, week_button);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_window_toggled_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (PD_TYPE_ERROR_STATE);
}

static void
pd_functions_page_init (PdFunctionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The sidebar and the header live in the window, not under the page. */
  g_object_ref_sink (self->sidebar);
  g_object_ref_sink (self->header);
  self->stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->palette_items = g_list_store_new (PD_TYPE_PALETTE_ITEM);
  for (guint i = 0; i < G_N_ELEMENTS (self->charts); i++)
    {
      self->charts[i] = PD_METRIC_CHART (pd_metric_chart_new (FALSE));
      gtk_box_append (self->charts_box, GTK_WIDGET (self->charts[i]));
    }
  gtk_list_box_set_filter_func (self->functions_list, filter_row, self, NULL);
  g_signal_connect_object (self->functions_list, "row-activated",
                           G_CALLBACK (on_sidebar_row_activated_cb), self, 0);
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (on_search_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/**
 * pd_functions_page_get_store:
 * @self: a #PdFunctionsPage
 *
 * Returns: (transfer none) (nullable): the store of the open account
 */
PdFunctionStore *
pd_functions_page_get_store (PdFunctionsPage *self)
{
  g_return_val_if_fail (PD_IS_FUNCTIONS_PAGE (self), NULL);
  return self->store;
}

const char *
pd_functions_page_get_shown (PdFunctionsPage *self)
{
  g_return_val_if_fail (PD_IS_FUNCTIONS_PAGE (self), NULL);
  return self->shown;
}

GtkWidget *
pd_functions_page_get_table (PdFunctionsPage *self)
{
  g_return_val_if_fail (PD_IS_FUNCTIONS_PAGE (self), NULL);
  return GTK_WIDGET (self->table);
}

GtkWidget *
pd_functions_page_get_groups (PdFunctionsPage *self)
{
  g_return_val_if_fail (PD_IS_FUNCTIONS_PAGE (self), NULL);
  return GTK_WIDGET (self->groups_list);
}
