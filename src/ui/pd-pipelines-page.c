/* pd-pipelines-page.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-error-state.h"
#include "pd-log-view.h"
#include "pd-pipeline-graph.h"
#include "pd-pipeline-notifier.h"
#include "pd-pipeline-row.h"
#include "pd-pipelines-page-private.h"
#include "pd-util.h"

/* The Pipelines section: the list of an account's pipelines in the sidebar,
 * the shown pipeline's graph and executions, its build logs, and the deploy
 * toolbar in the header. Each account and region keeps its list and
 * notifier while the window shows another. */

typedef struct
{
  PdPipelineList     *list;
  PdPipelineNotifier *notifier;
} CacheEntry;

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_object (&entry->notifier);
  g_clear_object (&entry->list);
  g_free (entry);
}

static void pd_pipelines_page_section_init (PdSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdPipelinesPage, pd_pipelines_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_SECTION,
                                                      pd_pipelines_page_section_init))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_BUSY,
  N_PROPS
};

static void activate_list        (PdPipelinesPage *self);
static void try_pending_view     (PdPipelinesPage *self);
static void try_pending_approval (PdPipelinesPage *self);
static void try_landing          (PdPipelinesPage *self);
static void update_clock         (PdPipelinesPage *self);

static PdAccount *
get_account (PdPipelinesPage *self)
{
  return self->context != NULL ? pd_account_context_get_account (self->context) : NULL;
}

/* Title, subtitle and busy: what the window shows and waits for. */

static void
notify_title (PdPipelinesPage *self)
{
  g_object_notify (G_OBJECT (self), "title");
  g_object_notify (G_OBJECT (self), "subtitle");
}

static gboolean
get_busy (PdPipelinesPage *self)
{
  /* A requested view (a pipeline's graph, a log) keeps the section busy
   * until its data is shown. */
  return self->pending || self->logs_waiting;
}

static void
set_pending (PdPipelinesPage *self,
             gboolean         pending)
{
  gboolean was = get_busy (self);

  self->pending = !!pending;
  if (was != get_busy (self))
    g_object_notify (G_OBJECT (self), "busy");
}

void
pd_pipelines_page_set_logs_waiting (PdPipelinesPage *self,
                  gboolean         waiting)
{
  gboolean was = get_busy (self);

  self->logs_waiting = !!waiting;
  if (was != get_busy (self))
    g_object_notify (G_OBJECT (self), "busy");
}

void
pd_pipelines_page_update_main_page (PdPipelinesPage *self)
{
  if (self->log_view != NULL && self->showing_logs)
    gtk_stack_set_visible_child_name (self->main_stack, "logs");
  else if (self->pipeline != NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "pipeline");
  else
    gtk_stack_set_visible_child_name (self->main_stack, "none");
  gtk_widget_set_visible (self->header, self->pipeline != NULL && !self->showing_logs);
  notify_title (self);
}

/* The sidebar list */

static void
on_pipelines_retry_cb (PdPipelinesPage *self,
                       PdErrorState    *state)
{
  /* At once, whatever the poller's pace; the list tells how it went. */
  if (self->list != NULL && !pd_pipeline_list_get_loading (self->list))
    pd_pipeline_list_refresh_async (self->list, NULL, NULL, NULL);
}

static void
update_sidebar_page (PdPipelinesPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->pipeline_search));
  const GError *error = self->list != NULL ? pd_pipeline_list_get_error (self->list) : NULL;
  const char *page;

  if (self->list == NULL)
    page = "empty";
  else if (n > 0)
    page = "list";
  else if (error != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    page = "error";       /* the poller keeps trying behind it */
  else if (pd_pipeline_list_get_loading (self->list) || !pd_pipeline_list_get_loaded (self->list))
    page = "loading";
  else
    page = "empty";

  if (g_str_equal (page, "error"))
    {
      pd_error_state_set_error (self->pipelines_error, error);
      pd_error_state_set_retrying (self->pipelines_error, pd_pipeline_list_get_loading (self->list));
    }
  else if (g_str_equal (page, "empty"))
    {
      if (error != NULL)
        {
          g_autofree char *text = pd_describe_error (error);

          adw_status_page_set_title (self->pipelines_empty_page, _("Pipelines Unavailable"));
          adw_status_page_set_description (self->pipelines_empty_page, text);
        }
      else if (search != NULL && search[0] != '\0')
        {
          adw_status_page_set_title (self->pipelines_empty_page, _("No Results"));
          adw_status_page_set_description (self->pipelines_empty_page, NULL);
        }
      else
        {
          adw_status_page_set_title (self->pipelines_empty_page, _("No Pipelines"));
          adw_status_page_set_description (self->pipelines_empty_page,
                                           self->list != NULL
                                           ? _("This account has no pipelines in this region.")
                                           : NULL);
        }
    }

  gtk_spinner_set_spinning (self->pipelines_spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->sidebar_stack, page);
}

/* Favourites and watched pipelines, kept as "aws-account-id/region/name". */

static GStrv
names_from_settings (PdPipelinesPage *self,
                     const char      *key,
                     const char      *prefix)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;

  if (self->settings == NULL)
    return g_strv_builder_end (builder);

  values = g_settings_get_strv (self->settings, key);
  for (guint i = 0; values[i] != NULL; i++)
    if (g_str_has_prefix (values[i], prefix))
      g_strv_builder_add (builder, values[i] + strlen (prefix));

  return g_strv_builder_end (builder);
}

static void
store_in_settings (PdPipelinesPage *self,
                   const char      *key,
                   PdPipeline      *pipeline,
                   gboolean         present)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;
  g_auto(GStrv) result = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *value = NULL;

  if (self->settings == NULL || self->context == NULL ||
      (prefix = pd_account_context_dup_settings_prefix (self->context)) == NULL)
    return;

  value = g_strconcat (prefix, pd_pipeline_get_name (pipeline), NULL);
  values = g_settings_get_strv (self->settings, key);
  for (guint i = 0; values[i] != NULL; i++)
    if (!g_str_equal (values[i], value))
      g_strv_builder_add (builder, values[i]);
  if (present)
    g_strv_builder_add (builder, value);
  result = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, key, (const char * const *) result);
}

/* The AWS account ID is known once the account is checked: favourites and
 * watched pipelines are read again then. */
static void
apply_settings_to_list (PdPipelinesPage *self)
{
  g_autofree char *prefix = NULL;
  g_auto(GStrv) favourites = NULL;
  g_auto(GStrv) watched = NULL;

  if (self->list == NULL || self->context == NULL ||
      (prefix = pd_account_context_dup_settings_prefix (self->context)) == NULL)
    return;

  favourites = names_from_settings (self, "favourite-pipelines", prefix);
  watched = names_from_settings (self, "watched-pipelines", prefix);
  pd_pipeline_list_set_favourites (self->list, (const char * const *) favourites);
  pd_pipeline_list_set_watched (self->list, (const char * const *) watched);
}

static void
on_sort_changed_cb (PdPipelinesPage *self,
                    const char      *key,
                    GSettings       *settings)
{
  if (self->list != NULL)
    pd_pipeline_list_set_sort (self->list, g_settings_get_enum (settings, "pipeline-sort"));
}

/* The shown pipeline */

static void
show_pipeline (PdPipelinesPage *self,
               PdPipeline      *pipeline)
{
  if (self->pipeline == pipeline)
    {
      if (self->showing_logs)
        {
          self->showing_logs = FALSE;
          pd_pipelines_page_update_main_page (self);
        }
      return;
    }

  self->showing_logs = FALSE;
  g_set_object (&self->pipeline, pipeline);
  g_signal_group_set_target (self->pipeline_signals, pipeline);
  pd_pipeline_view_set_pipeline (self->pipeline_view, pipeline);
  if (self->poller != NULL)
    pd_poller_set_pipeline (self->poller, pipeline);
  pd_pipelines_page_update_main_page (self);
  if (pipeline != NULL)
    {
      GtkWidget *leaflet = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_LEAFLET);

      if (leaflet != NULL)
        adw_leaflet_navigate (ADW_LEAFLET (leaflet), ADW_NAVIGATION_DIRECTION_FORWARD);
      /* The view loads a pipeline it has not loaded yet: ask only once. */
      if (self->poller != NULL && self->active && !pd_pipeline_get_loaded (pipeline) &&
          !pd_pipeline_get_loading (pipeline))
        pd_poller_poll_now (self->poller);
    }
}

static void
reselect_shown_pipeline (PdPipelinesPage *self)
{
  guint n;

  if (self->pipeline == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdPipeline) item = g_list_model_get_item (G_LIST_MODEL (self->selection), i);

      if (item == self->pipeline)
        {
          if (gtk_single_selection_get_selected (self->selection) != i)
            {
              self->selecting = TRUE;
              gtk_single_selection_set_selected (self->selection, i);
              self->selecting = FALSE;
            }
          return;
        }
    }
}

static void
on_selected_pipeline_cb (PdPipelinesPage    *self,
                         GParamSpec         *pspec,
                         GtkSingleSelection *selection)
{
  PdPipeline *pipeline = gtk_single_selection_get_selected_item (selection);

  /* Re-sorting or filtering drops the selection for a moment: the view keeps
   * the pipeline it shows until the user picks another. */
  if (self->selecting || pipeline == NULL)
    return;

  self->landing = FALSE;            /* the user chose */
  show_pipeline (self, pipeline);
}

static gboolean
reselect_idle_cb (gpointer user_data)
{
  PdPipelinesPage *self = user_data;

  self->reselect_id = 0;
  reselect_shown_pipeline (self);
  try_pending_view (self);
  return G_SOURCE_REMOVE;
}

static void
on_filtered_items_changed_cb (PdPipelinesPage *self,
                              guint            position,
                              guint            removed,
                              guint            added,
                              GListModel      *model)
{
  update_sidebar_page (self);
  /* The list view handles this change after us: select once it has. */
  if (self->reselect_id == 0)
    self->reselect_id = g_idle_add (reselect_idle_cb, self);
}

static void
on_list_notify_cb (PdPipelinesPage *self,
                   GParamSpec      *pspec,
                   PdPipelineList  *list)
{
  update_sidebar_page (self);
  try_pending_view (self);
  try_landing (self);
}

static void
on_shown_pipeline_notify_cb (PdPipelinesPage *self,
                             GParamSpec      *pspec,
                             PdPipeline      *pipeline)
{
  notify_title (self);
  try_pending_approval (self);
}

static gboolean
filter_pipeline_cb (gpointer item,
                    gpointer user_data)
{
  PdPipelinesPage *self = user_data;

  return pd_pipeline_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->pipeline_search)));
}

static void
on_search_changed_cb (PdPipelinesPage *self,
                      GtkSearchEntry  *entry)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_sidebar_page (self);
}

/* Opening an account lands on the pipeline that most needs attention, once
 * the list knows every pipeline's status, unless the user or a requested
 * view chose first. */
static void
try_landing (PdPipelinesPage *self)
{
  PdPipeline *pipeline;

  if (!self->landing || self->list == NULL)
    return;
  if (self->pending || self->logs_spec != NULL || self->showing_logs || self->pipeline != NULL)
    {
      self->landing = FALSE;
      return;
    }
  if (!pd_pipeline_list_get_loaded (self->list) || pd_pipeline_list_get_loading (self->list))
    return;

  self->landing = FALSE;
  pipeline = pd_pipeline_list_find_needing_attention (self->list);
  if (pipeline == NULL)
    return;
  show_pipeline (self, pipeline);
  reselect_shown_pipeline (self);
}

/* Notifications */

static void
on_notification_cb (PdPipelineNotifier *notifier,
                    PdPipeline         *pipeline,
                    PdNotificationKind  kind,
                    const char         *title,
                    const char         *body,
                    const char         *stage_name,
                    const char         *action_name,
                    PdPipelinesPage    *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (PD_IS_APPLICATION (app))
    pd_application_send_pipeline_notification (PD_APPLICATION (app), pipeline, kind, title, body,
                                               stage_name, action_name);
}

static void
on_notification_ended_cb (PdPipelineNotifier *notifier,
                          PdPipeline         *pipeline,
                          PdNotificationKind  kind,
                          PdPipelinesPage    *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (PD_IS_APPLICATION (app))
    pd_application_withdraw_pipeline_notification (PD_APPLICATION (app), pipeline, kind);
}

static void
clear_pending_approval (PdPipelinesPage *self)
{
  g_clear_pointer (&self->approval_pipeline, g_free);
  g_clear_pointer (&self->approval_stage, g_free);
  g_clear_pointer (&self->approval_action, g_free);
}

/* A notification's Approve… opens the confirmation once the view has the
 * pipeline's state, and only for the approval it was sent for. */
static void
try_pending_approval (PdPipelinesPage *self)
{
  GActionGroup *group;
  g_autofree char *stage = NULL;
  g_autofree char *action = NULL;
  g_autofree char *text = NULL;

  if (self->approval_pipeline == NULL)
    return;
  if (self->pipeline == NULL ||
      g_strcmp0 (pd_pipeline_get_name (self->pipeline), self->approval_pipeline) != 0)
    {
      clear_pending_approval (self);        /* the user moved on */
      return;
    }
  if (!pd_pipeline_get_loaded (self->pipeline))
    return;

  /* The state an approval is found in can be older than the summary that
   * says nothing waits any more. */
  if (!pd_pipeline_get_waiting_for_approval (self->pipeline) ||
      !pd_pipeline_find_waiting_approval (self->pipeline, &stage, &action) ||
      g_strcmp0 (stage, self->approval_stage) != 0 || g_strcmp0 (action, self->approval_action) != 0)
    {
      /* Translators: an approval action, then its stage */
      text = g_strdup_printf (_("“%s” in stage “%s” no longer waits for approval"),
                              self->approval_action, self->approval_stage);
      clear_pending_approval (self);
      pd_section_add_toast (PD_SECTION (self), text);
      return;
    }

  /* The view enables its action after this pipeline's notify: it calls
   * again through action-enabled-changed. */
  group = pd_pipeline_view_get_action_group (self->pipeline_view);
  if (!g_action_group_get_action_enabled (group, "approve"))
    return;
  clear_pending_approval (self);
  g_action_group_activate_action (group, "approve", NULL);
}

static void
on_view_action_enabled_cb (PdPipelinesPage *self,
                           const char      *action_name,
                           gboolean         enabled,
                           GActionGroup    *group)
{
  if (enabled)
    try_pending_approval (self);
}

/* The list of the open account and region, from the cache or new */

static void
drop_poller (PdPipelinesPage *self)
{
  if (self->poller == NULL)
    return;

  /* Running the dispose cancels the poller's requests in flight, even while
   * their callbacks still hold a reference. */
  pd_poller_set_active (self->poller, FALSE);
  g_object_run_dispose (G_OBJECT (self->poller));
  g_clear_object (&self->poller);
}

static void
activate_list (PdPipelinesPage *self)
{
  const char *key = self->context != NULL ? pd_account_context_get_key (self->context) : NULL;
  CacheEntry *entry = NULL;

  drop_poller (self);
  show_pipeline (self, NULL);
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;

  if (key != NULL && (entry = g_hash_table_lookup (self->cache, key)) == NULL)
    {
      PdAwsClient *client = pd_account_context_get_client (self->context);

      if (client != NULL)
        {
          entry = g_new0 (CacheEntry, 1);
          entry->list = pd_pipeline_list_new (client);
          entry->notifier = pd_pipeline_notifier_new (entry->list);
          g_signal_connect_object (entry->notifier, "notification",
                                   G_CALLBACK (on_notification_cb), self, 0);
          g_signal_connect_object (entry->notifier, "notification-ended",
                                   G_CALLBACK (on_notification_ended_cb), self, 0);
          g_hash_table_insert (self->cache, g_strdup (key), entry);
        }
    }

  g_set_object (&self->list, (entry != NULL ? entry->list : NULL));
  g_signal_group_set_target (self->list_signals, self->list);
  pd_palette_pipelines_set_list (self->palette_items, self->list);

  if (self->settings == NULL)
    {
      self->settings = pd_section_get_settings (PD_SECTION (self));
      if (self->settings != NULL)
        {
          g_autoptr(GAction) sort = g_settings_create_action (self->settings, "pipeline-sort");

          /* The sort menu's "pipelines.sort" */
          g_action_map_add_action (G_ACTION_MAP (self->actions), sort);
          g_signal_connect_object (self->settings, "changed::pipeline-sort",
                                   G_CALLBACK (on_sort_changed_cb), self, G_CONNECT_SWAPPED);
        }
    }
  if (self->list != NULL && self->settings != NULL)
    pd_pipeline_list_set_sort (self->list, g_settings_get_enum (self->settings, "pipeline-sort"));
  apply_settings_to_list (self);

  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->list));

  if (self->list != NULL)
    {
      self->poller = pd_poller_new (self->list);
      /* An account just opened loads at once, shown yet or not. */
      if (!pd_pipeline_list_get_loaded (self->list))
        pd_poller_load_now (self->poller);
      pd_poller_set_active (self->poller, self->active);
    }

  update_sidebar_page (self);
}

static void
on_context_changed_cb (PdPipelinesPage  *self,
                       PdAccountContext *context)
{
  activate_list (self);
  pd_pipelines_page_open_pending_logs (self);
  try_pending_view (self);
  try_landing (self);
  notify_title (self);
}

static void
on_context_check_cb (PdPipelinesPage  *self,
                     GParamSpec       *pspec,
                     PdAccountContext *context)
{
  if (pd_account_context_get_check (context) == PD_ACCOUNT_CHECK_OK)
    apply_settings_to_list (self);
}

/* Rows of the pipeline list */

/* Relative times ("3 min ago") age without new data. One timer for the
 * whole list, at each minute boundary, updates the bound rows; it runs only
 * while the section shows, and showing it again brings them up to date. */
static void
update_bound_rows (PdPipelinesPage *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    pd_pipeline_row_update (row);
}

static gboolean
on_clock_tick_cb (gpointer user_data)
{
  PdPipelinesPage *self = user_data;

  self->clock_id = 0;
  update_clock (self);
  return G_SOURCE_REMOVE;
}

static void
update_clock (PdPipelinesPage *self)
{
  gint64 now_ms;

  if (!self->active || self->bound_rows == NULL)
    {
      g_clear_handle_id (&self->clock_id, g_source_remove);
      return;
    }
  if (self->clock_id != 0)
    return;

  /* A tick, or the section shown again after a while */
  update_bound_rows (self);
  now_ms = pd_util_get_real_time () / 1000;
  self->clock_id = g_timeout_add (60000 - (guint) (((now_ms % 60000) + 60000) % 60000),
                                  on_clock_tick_cb, self);
  g_source_set_name_by_id (self->clock_id, "[pipedeck] list clock");
}

static void
on_favourite_toggled_cb (PdPipelinesPage *self,
                         gboolean         active,
                         PdPipelineRow   *row)
{
  PdPipeline *pipeline = pd_pipeline_row_get_pipeline (row);

  store_in_settings (self, "favourite-pipelines", pipeline, active);
  pd_pipeline_set_favourite (pipeline, active);
}

static void
on_watch_toggled_cb (PdPipelinesPage *self,
                     gboolean         active,
                     PdPipelineRow   *row)
{
  PdPipeline *pipeline = pd_pipeline_row_get_pipeline (row);

  store_in_settings (self, "watched-pipelines", pipeline, active);
  pd_pipeline_set_watched (pipeline, active);
}

static void
setup_pipeline_row_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *row = pd_pipeline_row_new ();

  g_signal_connect_object (row, "favourite-toggled", G_CALLBACK (on_favourite_toggled_cb),
                           user_data, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "watch-toggled", G_CALLBACK (on_watch_toggled_cb),
                           user_data, G_CONNECT_SWAPPED);
  gtk_list_item_set_child (item, row);
}

static void
bind_pipeline_row_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  PdPipelinesPage *self = user_data;
  GtkWidget *row = gtk_list_item_get_child (item);

  pd_pipeline_row_set_pipeline (PD_PIPELINE_ROW (row), gtk_list_item_get_item (item));
  g_hash_table_add (self->bound_rows, row);
}

static void
unbind_pipeline_row_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  PdPipelinesPage *self = user_data;
  GtkWidget *row = gtk_list_item_get_child (item);

  pd_pipeline_row_set_pipeline (PD_PIPELINE_ROW (row), NULL);
  if (self->bound_rows != NULL)
    g_hash_table_remove (self->bound_rows, row);
}

/* --view=pipeline:NAME[/EXECUTION_ID] waits for the graph's data. */

static void
finish_pending_view (PdPipelinesPage *self)
{
  g_clear_pointer (&self->pending_pipeline, g_free);
  g_clear_pointer (&self->pending_execution, g_free);
  set_pending (self, FALSE);
}

static void
pending_execution_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PdPipelinesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_pipeline_show_execution_finish (PD_PIPELINE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      pd_section_show_error_toast (PD_SECTION (self), error);
    }
  g_clear_pointer (&self->pending_execution, g_free);
  try_pending_view (self);
}

static void
try_pending_view (PdPipelinesPage *self)
{
  PdPipeline *pipeline;

  if (!self->pending || self->list == NULL)
    return;

  if (self->pending_pipeline != NULL)
    {
      pipeline = pd_pipeline_list_find (self->list, self->pending_pipeline);
      if (pipeline == NULL)
        {
          if (pd_pipeline_list_get_loaded (self->list) && !pd_pipeline_list_get_loading (self->list))
            {
              g_autofree char *text =
                /* Translators: a pipeline name */
                g_strdup_printf (_("No pipeline named “%s”"), self->pending_pipeline);

              pd_section_add_toast (PD_SECTION (self), text);
              finish_pending_view (self);
            }
          return;
        }

      g_clear_pointer (&self->pending_pipeline, g_free);
      show_pipeline (self, pipeline);
      reselect_shown_pipeline (self);
      if (self->pending_execution != NULL)
        {
          pd_pipeline_set_follow_latest (pipeline, FALSE);
          pd_pipeline_show_execution_async (pipeline, self->pending_execution, NULL,
                                            pending_execution_cb, g_object_ref (self));
          return;
        }
    }

  if (self->pending_execution == NULL && self->pipeline != NULL &&
      pd_pipeline_view_get_has_data (self->pipeline_view))
    finish_pending_view (self);
}

static void
on_view_has_data_cb (PdPipelinesPage *self,
                     GParamSpec      *pspec,
                     PdPipelineView  *view)
{
  try_pending_view (self);
}

/* PdSection */

static GtkWidget *
pd_pipelines_page_get_sidebar (PdSection *section)
{
  return PD_PIPELINES_PAGE (section)->sidebar;
}

static GtkWidget *
pd_pipelines_page_get_header (PdSection *section)
{
  return PD_PIPELINES_PAGE (section)->header;
}

static void
pd_pipelines_page_set_context (PdSection        *section,
                               PdAccountContext *context)
{
  PdPipelinesPage *self = PD_PIPELINES_PAGE (section);

  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::check", G_CALLBACK (on_context_check_cb), self,
                           G_CONNECT_SWAPPED);
  on_context_changed_cb (self, context);
}

static void
pd_pipelines_page_set_active (PdSection *section,
                              gboolean   active)
{
  PdPipelinesPage *self = PD_PIPELINES_PAGE (section);

  self->active = !!active;
  if (self->poller != NULL)
    pd_poller_set_active (self->poller, self->active);
  update_clock (self);
}

static gboolean
pd_pipelines_page_show_view (PdSection   *section,
                             const char  *view,
                             GError     **error)
{
  PdPipelinesPage *self = PD_PIPELINES_PAGE (section);

  if (g_str_has_prefix (view, "pipeline:") && view[strlen ("pipeline:")] != '\0')
    {
      const char *name = view + strlen ("pipeline:");
      const char *slash = strchr (name, '/');

      if (slash != NULL && (slash == name || slash[1] == '\0'))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Unknown view “%s”"), view);
          return FALSE;
        }
      g_clear_pointer (&self->pending_pipeline, g_free);
      g_clear_pointer (&self->pending_execution, g_free);
      if (slash != NULL)
        {
          self->pending_pipeline = g_strndup (name, slash - name);
          self->pending_execution = g_strdup (slash + 1);
        }
      else
        self->pending_pipeline = g_strdup (name);

      /* Busy until the graph has the pipeline's data: a screenshot waits. */
      self->landing = FALSE;
      set_pending (self, TRUE);
      try_pending_view (self);
      return TRUE;
    }

  if (g_str_has_prefix (view, "logs:"))
    {
      g_auto(GStrv) parts = g_strsplit (view + strlen ("logs:"), "/", 3);

      if (g_strv_length (parts) != 3 || parts[0][0] == '\0' || parts[1][0] == '\0'
          || parts[2][0] == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The logs view is named logs:PIPELINE/EXECUTION/ACTION (EXECUTION may "
                         "be “latest”), not “%s”"), view);
          return FALSE;
        }
      g_free (self->logs_spec);
      self->logs_spec = g_strdup (view + strlen ("logs:"));
      self->landing = FALSE;
      pd_pipelines_page_set_logs_waiting (self, TRUE);
      pd_pipelines_page_open_pending_logs (self);
      return TRUE;
    }

  return FALSE;
}

static void
pd_pipelines_page_land (PdSection *section)
{
  PdPipelinesPage *self = PD_PIPELINES_PAGE (section);

  self->landing = TRUE;
  try_landing (self);
}

static gboolean
pd_pipelines_page_go_back (PdSection *section)
{
  PdPipelinesPage *self = PD_PIPELINES_PAGE (section);

  if (!self->showing_logs)
    return FALSE;
  self->showing_logs = FALSE;
  pd_pipelines_page_update_main_page (self);
  return TRUE;
}

static void
pd_pipelines_page_search (PdSection *section)
{
  PdPipelinesPage *self = PD_PIPELINES_PAGE (section);

  gtk_widget_grab_focus (GTK_WIDGET (self->pipeline_search));
}

static GListModel *
pd_pipelines_page_get_palette_items (PdSection *section)
{
  return G_LIST_MODEL (PD_PIPELINES_PAGE (section)->palette_items);
}

static void
pd_pipelines_page_section_init (PdSectionInterface *iface)
{
  iface->get_sidebar = pd_pipelines_page_get_sidebar;
  iface->get_header = pd_pipelines_page_get_header;
  iface->set_context = pd_pipelines_page_set_context;
  iface->set_active = pd_pipelines_page_set_active;
  iface->show_view = pd_pipelines_page_show_view;
  iface->land = pd_pipelines_page_land;
  iface->go_back = pd_pipelines_page_go_back;
  iface->search = pd_pipelines_page_search;
  iface->get_palette_items = pd_pipelines_page_get_palette_items;
}

/* GObject */

static char *
dup_subtitle (PdPipelinesPage *self)
{
  PdAccount *account = get_account (self);

  if (self->pipeline != NULL && !self->showing_logs)
    {
      /* The stale marker replaces the account name while the data is old. */
      g_autofree char *stale = pd_pipeline_view_dup_stale_text (self->pipeline_view);

      if (stale != NULL)
        return g_steal_pointer (&stale);
    }
  return account != NULL ? g_strdup (pd_account_get_name (account)) : NULL;
}

static void
pd_pipelines_page_dispose (GObject *object)
{
  PdPipelinesPage *self = PD_PIPELINES_PAGE (object);

  drop_poller (self);
  g_clear_handle_id (&self->reselect_id, g_source_remove);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->list_signals != NULL)
    g_signal_group_set_target (self->list_signals, NULL);
  if (self->pipeline_signals != NULL)
    g_signal_group_set_target (self->pipeline_signals, NULL);
  if (self->pipeline_view != NULL)
    pd_pipeline_view_set_pipeline (self->pipeline_view, NULL);
  if (self->pipelines_view != NULL)
    gtk_list_view_set_model (self->pipelines_view, NULL);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  self->settings = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_PIPELINES_PAGE);
  g_clear_object (&self->sidebar);
  g_clear_object (&self->header);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->list_signals);
  g_clear_object (&self->pipeline_signals);
  g_clear_object (&self->actions);
  g_clear_object (&self->palette_items);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->list);
  g_clear_object (&self->context);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->bound_rows, g_hash_table_unref);

  G_OBJECT_CLASS (pd_pipelines_page_parent_class)->dispose (object);
}

static void
pd_pipelines_page_finalize (GObject *object)
{
  PdPipelinesPage *self = PD_PIPELINES_PAGE (object);

  g_free (self->logs_spec);
  g_free (self->pending_pipeline);
  g_free (self->pending_execution);
  clear_pending_approval (self);

  G_OBJECT_CLASS (pd_pipelines_page_parent_class)->finalize (object);
}

static void
pd_pipelines_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdPipelinesPage *self = PD_PIPELINES_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      if (self->pipeline != NULL && !self->showing_logs)
        g_value_set_string (value, pd_pipeline_get_name (self->pipeline));
      else
        g_value_set_string (value, _("Pipelines"));
      break;
    case PROP_SUBTITLE:
      g_value_take_string (value, dup_subtitle (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pipelines_page_class_init (PdPipelinesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_pipelines_page_dispose;
  object_class->finalize = pd_pipelines_page_finalize;
  object_class->get_property = pd_pipelines_page_get_property;

  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_SUBTITLE, "subtitle");
  g_object_class_override_property (object_class, PROP_BUSY, "busy");

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-pipelines-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, pipeline_view);
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, pipeline_search);
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, pipelines_view);
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, pipelines_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, pipelines_error);
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, pipelines_empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, header);
  gtk_widget_class_bind_template_child (widget_class, PdPipelinesPage, transitions_button);
  gtk_widget_class_bind_template_callback (widget_class, on_pipelines_retry_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (PD_TYPE_ERROR_STATE);
  g_type_ensure (PD_TYPE_PIPELINE_VIEW);
}

static void
pd_pipelines_page_init (PdPipelinesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GActionGroup *view_actions;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The sidebar and the header live in the window, not under the page. */
  g_object_ref_sink (self->sidebar);
  g_object_ref_sink (self->header);

  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);
  self->bound_rows = g_hash_table_new (NULL, NULL);
  self->actions = g_simple_action_group_new ();
  self->palette_items = pd_palette_pipelines_new (NULL);
  self->list_signals = g_signal_group_new (PD_TYPE_PIPELINE_LIST);
  g_signal_group_connect_swapped (self->list_signals, "notify", G_CALLBACK (on_list_notify_cb), self);
  self->pipeline_signals = g_signal_group_new (PD_TYPE_PIPELINE);
  g_signal_group_connect_swapped (self->pipeline_signals, "notify",
                                  G_CALLBACK (on_shown_pipeline_notify_cb), self);

  self->filter = gtk_custom_filter_new (filter_pipeline_cb, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  /* After the selection has followed the change, never before. */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_filtered_items_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_pipeline_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_pipeline_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_pipeline_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_pipeline_row_cb), self);
  gtk_list_view_set_factory (self->pipelines_view, factory);
  gtk_list_view_set_model (self->pipelines_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->pipeline_search, "search-changed",
                           G_CALLBACK (on_search_changed_cb), self, G_CONNECT_SWAPPED);

  /* The toolbar in the header and the sort menu in the sidebar act on this
   * page: both get its action groups. */
  view_actions = pd_pipeline_view_get_action_group (self->pipeline_view);
  gtk_widget_insert_action_group (self->header, "pipeline", view_actions);
  gtk_widget_insert_action_group (self->sidebar, "pipelines", G_ACTION_GROUP (self->actions));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "pipeline", view_actions);
  gtk_menu_button_set_menu_model (self->transitions_button,
                                  pd_pipeline_view_get_transitions_menu (self->pipeline_view));
  g_signal_connect_object (self->pipeline_view, "notify::has-data",
                           G_CALLBACK (on_view_has_data_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pipeline_view, "show-logs",
                           G_CALLBACK (pd_pipelines_page_show_action_logs), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pipeline_view, "show-stage-logs",
                           G_CALLBACK (pd_pipelines_page_show_stage_logs), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view_actions, "action-enabled-changed::approve",
                           G_CALLBACK (on_view_action_enabled_cb), self, G_CONNECT_SWAPPED);

  update_sidebar_page (self);
  pd_pipelines_page_update_main_page (self);
}

/* Public */

/**
 * pd_pipelines_page_open_pipeline:
 * @self: a #PdPipelinesPage
 * @name: a pipeline of the open account
 * @approve: whether to ask for the approval it waits for
 *
 * Shows a pipeline, as a notification's Open and Approve… buttons ask.
 *
 * Returns: %TRUE if the pipeline is in the list
 */
gboolean
pd_pipelines_page_open_pipeline (PdPipelinesPage *self,
                                 const char      *name,
                                 gboolean         approve)
{
  PdPipeline *pipeline;

  g_return_val_if_fail (PD_IS_PIPELINES_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->list == NULL || (pipeline = pd_pipeline_list_find (self->list, name)) == NULL)
    return FALSE;

  self->landing = FALSE;
  show_pipeline (self, pipeline);
  reselect_shown_pipeline (self);
  if (approve)
    g_action_group_activate_action (pd_pipeline_view_get_action_group (self->pipeline_view),
                                    "approve", NULL);
  return TRUE;
}

/**
 * pd_pipelines_page_open_approval:
 * @self: a #PdPipelinesPage
 * @name: a pipeline of the open account
 * @stage_name: the stage of the approval
 * @action_name: the approval action
 *
 * Shows a pipeline and, once its state is in, asks to approve the given
 * approval. When that approval no longer waits, a toast says so.
 *
 * Returns: %TRUE if the pipeline is in the list
 */
gboolean
pd_pipelines_page_open_approval (PdPipelinesPage *self,
                                 const char      *name,
                                 const char      *stage_name,
                                 const char      *action_name)
{
  g_return_val_if_fail (PD_IS_PIPELINES_PAGE (self), FALSE);

  if (!pd_pipelines_page_open_pipeline (self, name, FALSE))
    return FALSE;

  clear_pending_approval (self);
  self->approval_pipeline = g_strdup (name);
  self->approval_stage = g_strdup (stage_name);
  self->approval_action = g_strdup (action_name);
  try_pending_approval (self);
  return TRUE;
}

PdPipelineView *
pd_pipelines_page_get_pipeline_view (PdPipelinesPage *self)
{
  g_return_val_if_fail (PD_IS_PIPELINES_PAGE (self), NULL);
  return self->pipeline_view;
}

PdPipelineList *
pd_pipelines_page_get_list (PdPipelinesPage *self)
{
  g_return_val_if_fail (PD_IS_PIPELINES_PAGE (self), NULL);
  return self->list;
}

PdPoller *
pd_pipelines_page_get_poller (PdPipelinesPage *self)
{
  g_return_val_if_fail (PD_IS_PIPELINES_PAGE (self), NULL);
  return self->poller;
}

GListModel *
pd_pipelines_page_get_model (PdPipelinesPage *self)
{
  g_return_val_if_fail (PD_IS_PIPELINES_PAGE (self), NULL);
  return G_LIST_MODEL (self->selection);
}

GtkWidget *
pd_pipelines_page_get_list_view (PdPipelinesPage *self)
{
  g_return_val_if_fail (PD_IS_PIPELINES_PAGE (self), NULL);
  return GTK_WIDGET (self->pipelines_view);
}
