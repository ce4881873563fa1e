/* pd-window.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-account-store.h"
#include "pd-application.h"
#include "pd-aws-error.h"
#include "pd-error-state.h"
#include "pd-log-view.h"
#include "pd-pipeline-graph.h"
#include "pd-pipeline-list.h"
#include "pd-pipeline-notifier.h"
#include "pd-pipeline-view.h"
#include "pd-poller.h"
#include "pd-util.h"
#include "pd-window.h"

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkDropDown          *account_dropdown;
  GtkMenuButton        *account_menu_button;
  AdwStatusPage        *account_page;
  GtkSpinner           *account_spinner;
  PdErrorState         *account_error;
  GtkDropDown          *region_dropdown;
  GtkSearchEntry       *pipeline_search;
  GtkStack             *sidebar_stack;
  GtkListView          *pipelines_view;
  GtkSpinner           *pipelines_spinner;
  AdwStatusPage        *pipelines_empty_page;
  PdErrorState         *pipelines_error;
  GtkStack             *main_stack;
  AdwStatusPage        *empty_page;
  AdwWindowTitle       *window_title;
  PdPipelineView       *pipeline_view;
  GtkWidget            *pipeline_toolbar;
  GtkMenuButton        *transitions_button;

  /* Owned references */
  GSettings            *settings;
  PdAccountStore       *account_store;
  PdAccount            *account;
  GCancellable         *account_cancellable;
  GtkStringList        *regions;
  GHashTable           *cache;             /* "account/region" → CacheEntry */
  PdPipelineList       *list;
  PdPoller             *poller;
  PdPipeline           *pipeline;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filter_model;
  GtkSingleSelection   *selection;
  GSignalGroup         *list_signals;
  GSignalGroup         *pipeline_signals;
  char                 *cache_key;
  char                 *pending_pipeline;
  char                 *pending_execution;
  char                 *logs_spec;
  char                 *approval_pipeline;
  char                 *approval_stage;
  char                 *approval_action;
  GHashTable           *bound_rows;        /* rows of the list that show a pipeline */

  /* Borrowed references */
  PdLogView            *log_view;
  GdkSurface           *surface;
  gulong                surface_state_handler;
  guint                 reselect_id;
  guint                 clock_id;

  /* Flags */
  guint                 loading : 1;
  guint                 checking : 1;
  guint                 pending : 1;
  guint                 selecting : 1;
  guint                 logs_waiting : 1;
  guint                 showing_logs : 1;
  guint                 account_failed : 1;
};

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

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The regions offered in the selector; an account's own region is added
 * when it is not among them. */
static const char * const known_regions[] = {
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "ca-central-1", "sa-east-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
  "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
  NULL
};

static void pd_window_verify_account (PdWindow *self);
static void apply_settings_to_list (PdWindow *self);
static void activate_list (PdWindow *self);
static void set_checking (PdWindow *self,
                          gboolean  checking);
static void set_pending  (PdWindow *self,
                          gboolean  pending);
static void try_pending_view (PdWindow *self);
static void set_logs_waiting (PdWindow *self,
                              gboolean  waiting);
static void open_pending_logs (PdWindow *self);
static void update_clock (PdWindow *self);
static void try_pending_approval (PdWindow *self);

static void
pd_window_save_state (PdWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
pd_window_close_request (GtkWindow *window)
{
  pd_window_save_state (PD_WINDOW (window));

  return GTK_WINDOW_CLASS (pd_window_parent_class)->close_request (window);
}


static void
on_account_retry_cb (PdWindow     *self,
                     PdErrorState *state)
{
  pd_window_verify_account (self);
}

static void
on_pipelines_retry_cb (PdWindow     *self,
                       PdErrorState *state)
{
  /* At once, whatever the poller's pace; the list tells how it went. */
  if (self->list != NULL && !pd_pipeline_list_get_loading (self->list))
    pd_pipeline_list_refresh_async (self->list, NULL, NULL, NULL);
}

static void
update_account_actions (PdWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.verify-account", self->account != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-account",
                                 self->account != NULL && pd_account_get_removable (self->account));
}

static void
update_main_page (PdWindow *self)
{
  if (self->account != NULL && self->log_view != NULL && self->showing_logs)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "logs");
      adw_window_title_set_subtitle (self->window_title, pd_account_get_name (self->account));
      return;
    }
  if (self->account == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      adw_window_title_set_title (self->window_title, _("Pipelines"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_widget_set_visible (self->pipeline_toolbar, FALSE);
      return;
    }

  if (self->pipeline != NULL)
    {
      g_autofree char *stale = pd_pipeline_view_dup_stale_text (self->pipeline_view);

      gtk_stack_set_visible_child_name (self->main_stack, "pipeline");
      adw_window_title_set_title (self->window_title, pd_pipeline_get_name (self->pipeline));
      /* The stale marker replaces the account name while the data is old. */
      adw_window_title_set_subtitle (self->window_title,
                                     stale != NULL ? stale : pd_account_get_name (self->account));
      gtk_widget_set_visible (self->pipeline_toolbar, TRUE);
      return;
    }

  gtk_stack_set_visible_child_name (self->main_stack,
                                    self->account_failed ? "account-error" : "account");
  adw_window_title_set_title (self->window_title, _("Pipelines"));
  adw_window_title_set_subtitle (self->window_title, pd_account_get_name (self->account));
  gtk_widget_set_visible (self->pipeline_toolbar, FALSE);
}

static void
select_region (PdWindow   *self,
               const char *region)
{
  guint n;

  if (region == NULL || region[0] == '\0')
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->regions));
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (gtk_string_list_get_string (self->regions, i), region))
        {
          if (gtk_drop_down_get_selected (self->region_dropdown) != i)
            gtk_drop_down_set_selected (self->region_dropdown, i);
          return;
        }
    }

  gtk_string_list_append (self->regions, region);
  gtk_drop_down_set_selected (self->region_dropdown, n);
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PdAccount *account = PD_ACCOUNT (object);
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_account_verify_finish (account, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;                 /* the user moved on: touch nothing */

  if (account != self->account)
    return;

  gtk_spinner_set_spinning (self->account_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->account_spinner), FALSE);
  set_checking (self, FALSE);

  self->account_failed = error != NULL;
  if (error != NULL)
    {
      pd_error_state_set_error (self->account_error, error);
      update_main_page (self);
      return;
    }

  {
    g_autofree char *text =
      /* Translators: an AWS account ID, then the ARN of the caller */
      g_strdup_printf (_("Account %s\n%s"),
                       pd_account_get_account_id (account),
                       pd_account_get_arn (account));

    apply_settings_to_list (self);
    adw_status_page_set_icon_name (self->account_page, "emblem-ok-symbolic");
    adw_status_page_set_description (self->account_page, text);
    update_main_page (self);
  }
}

static void
pd_window_verify_account (PdWindow *self)
{
  if (self->account == NULL)
    return;

  g_cancellable_cancel (self->account_cancellable);
  g_clear_object (&self->account_cancellable);
  self->account_cancellable = g_cancellable_new ();

  adw_status_page_set_title (self->account_page, pd_account_get_name (self->account));
  adw_status_page_set_icon_name (self->account_page, "network-server-symbolic");
  adw_status_page_set_description (self->account_page, _("Checking the account…"));
  gtk_widget_set_visible (GTK_WIDGET (self->account_spinner), TRUE);
  gtk_spinner_set_spinning (self->account_spinner, TRUE);
  set_checking (self, TRUE);
  if (self->account_failed)
    {
      /* The error stays in view, its Retry turning, until the answer. */
      pd_error_state_set_retrying (self->account_error, TRUE);
    }

  pd_account_verify_async (self->account,
                           self->account_cancellable,
                           verify_cb,
                           g_object_ref (self));
}

static void
pd_window_set_account (PdWindow  *self,
                       PdAccount *account)
{
  if (self->account == account)
    return;

  g_debug ("Showing account %s", account != NULL ? pd_account_get_id (account) : "(none)");

  /* Requests for the previous account must not land on this one. */
  g_cancellable_cancel (self->account_cancellable);
  g_set_object (&self->account, account);
  self->account_failed = FALSE;

  if (account != NULL)
    {
      select_region (self, pd_account_get_region (account));
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "last-account", pd_account_get_id (account));
    }

  activate_list (self);
  update_main_page (self);
  update_account_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  open_pending_logs (self);

  if (account != NULL)
    pd_window_verify_account (self);
  else
    set_checking (self, FALSE);
}

static void
on_account_selected_cb (PdWindow    *self,
                        GParamSpec  *pspec,
                        GtkDropDown *dropdown)
{
  pd_window_set_account (self, gtk_drop_down_get_selected_item (dropdown));
}

static void
on_region_selected_cb (PdWindow    *self,
                       GParamSpec  *pspec,
                       GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *region;

  if (self->account == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  region = gtk_string_list_get_string (self->regions, selected);
  if (g_strcmp0 (region, pd_account_get_region (self->account)) != 0)
    {
      pd_account_set_region (self->account, region);
      activate_list (self);
      update_main_page (self);
      pd_window_verify_account (self);
    }
}

static void
on_accounts_changed_cb (PdWindow   *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  /* Keep the shown account selected when the list is refreshed. */
  for (guint i = 0; self->account != NULL && i < n; i++)
    {
      g_autoptr(PdAccount) account = g_list_model_get_item (model, i);

      if (account == self->account)
        {
          gtk_drop_down_set_selected (self->account_dropdown, i);
          return;
        }
    }

  if (n == 0)
    pd_window_set_account (self, NULL);
}

static void
setup_account_row_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_account_row_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  PdAccount *account = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);

  gtk_label_set_text (GTK_LABEL (title), pd_account_get_title (account));
  gtk_label_set_text (GTK_LABEL (subtitle), pd_account_get_subtitle (account));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pd_account_get_title (account),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, pd_account_get_subtitle (account),
                                  -1);
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_account_store_remove_finish (PD_ACCOUNT_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pd_window_show_error_toast (self, error);
      return;
    }

  pd_window_add_toast (self, _("Account removed"));
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PdWindow         *self)
{
  PdAccount *account = g_object_get_data (G_OBJECT (dialog), "account");

  if (g_strcmp0 (response, "remove") != 0 || account == NULL || self->account_store == NULL)
    return;

  pd_account_store_remove_async (self->account_store, account, NULL, remove_cb, g_object_ref (self));
}

static void
remove_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  GtkWidget *dialog;

  if (self->account == NULL || !pd_account_get_removable (self->account))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Remove Account?"),
                                   NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” and its keys will be deleted from the system keyring. "
                                    "Nothing changes in AWS."),
                                  pd_account_get_name (self->account));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "account", g_object_ref (self->account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
verify_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  pd_window_verify_account (PD_WINDOW (widget));
}

static void
on_back_clicked_cb (PdWindow  *self,
                    GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Pipelines: the sidebar list, the cache per account and region, the poller. */

static const char *
account_key (PdAccount *account)
{
  const char *account_id = pd_account_get_account_id (account);

  return account_id != NULL && account_id[0] != '\0' ? account_id : pd_account_get_id (account);
}

/* The names of this list's pipelines among "account-id/region/name" values. */
static GStrv
names_from_settings (PdWindow   *self,
                     const char *key,
                     const char *prefix)
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
store_in_settings (PdWindow   *self,
                   const char *key,
                   PdPipeline *pipeline,
                   gboolean    present)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;
  g_auto(GStrv) result = NULL;
  g_autofree char *value = NULL;

  if (self->settings == NULL || self->account == NULL)
    return;

  value = g_strdup_printf ("%s/%s/%s", account_key (self->account), pd_account_get_region (self->account),
                           pd_pipeline_get_name (pipeline));
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
apply_settings_to_list (PdWindow *self)
{
  g_autofree char *prefix = NULL;
  g_auto(GStrv) favourites = NULL;
  g_auto(GStrv) watched = NULL;

  if (self->list == NULL || self->account == NULL)
    return;

  prefix = g_strdup_printf ("%s/%s/", account_key (self->account), pd_account_get_region (self->account));
  favourites = names_from_settings (self, "favourite-pipelines", prefix);
  watched = names_from_settings (self, "watched-pipelines", prefix);
  pd_pipeline_list_set_favourites (self->list, (const char * const *) favourites);
  pd_pipeline_list_set_watched (self->list, (const char * const *) watched);
}

static void
update_sidebar_page (PdWindow *self)
{
  guint n = self->filter_model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) : 0;
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

  if (g_str_equal (page, "empty"))
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

static gboolean
window_is_visible (PdWindow *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->surface == NULL)
    return FALSE;

  return (gdk_toplevel_get_state (GDK_TOPLEVEL (self->surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) == 0;
}

static void
update_poller_activity (PdWindow *self)
{
  if (self->poller != NULL)
    pd_poller_set_active (self->poller, window_is_visible (self));
  update_clock (self);
}

static void
on_surface_state_cb (PdWindow   *self,
                     GParamSpec *pspec,
                     GdkSurface *surface)
{
  update_poller_activity (self);
}

static void
pd_window_map (GtkWidget *widget)
{
  PdWindow *self = PD_WINDOW (widget);

  GTK_WIDGET_CLASS (pd_window_parent_class)->map (widget);

  if (self->surface == NULL)
    {
      self->surface = gtk_native_get_surface (GTK_NATIVE (self));
      if (self->surface != NULL)
        self->surface_state_handler =
          g_signal_connect_object (self->surface, "notify::state",
                                   G_CALLBACK (on_surface_state_cb), self, G_CONNECT_SWAPPED);
    }
  update_poller_activity (self);
}

static void
pd_window_unmap (GtkWidget *widget)
{
  PdWindow *self = PD_WINDOW (widget);

  GTK_WIDGET_CLASS (pd_window_parent_class)->unmap (widget);
  update_poller_activity (self);
}

static void
pd_window_unrealize (GtkWidget *widget)
{
  PdWindow *self = PD_WINDOW (widget);

  if (self->surface != NULL)
    g_clear_signal_handler (&self->surface_state_handler, self->surface);
  self->surface = NULL;

  GTK_WIDGET_CLASS (pd_window_parent_class)->unrealize (widget);
}

static void
show_pipeline (PdWindow   *self,
               PdPipeline *pipeline)
{
  if (self->pipeline == pipeline)
    {
      if (self->showing_logs)
        {
          self->showing_logs = FALSE;
          update_main_page (self);
        }
      return;
    }

  self->showing_logs = FALSE;
  g_set_object (&self->pipeline, pipeline);
  g_signal_group_set_target (self->pipeline_signals, pipeline);
  pd_pipeline_view_set_pipeline (self->pipeline_view, pipeline);
  if (self->poller != NULL)
    pd_poller_set_pipeline (self->poller, pipeline);
  update_main_page (self);
  if (pipeline != NULL)
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      /* The view loads a pipeline it has not loaded yet: ask only once. */
      if (self->poller != NULL && window_is_visible (self) && !pd_pipeline_get_loaded (pipeline) &&
          !pd_pipeline_get_loading (pipeline))
        pd_poller_poll_now (self->poller);
    }
}

static void
reselect_shown_pipeline (PdWindow *self)
{
  guint n;

  if (self->pipeline == NULL || self->selection == NULL)
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
on_selected_pipeline_cb (PdWindow           *self,
                         GParamSpec         *pspec,
                         GtkSingleSelection *selection)
{
  PdPipeline *pipeline = gtk_single_selection_get_selected_item (selection);

  /* Re-sorting or filtering drops the selection for a moment: the view keeps
   * the pipeline it shows until the user picks another. */
  if (self->selecting || pipeline == NULL)
    return;

  show_pipeline (self, pipeline);
}

static gboolean
reselect_idle_cb (gpointer user_data)
{
  PdWindow *self = user_data;

  self->reselect_id = 0;
  reselect_shown_pipeline (self);
  try_pending_view (self);
  return G_SOURCE_REMOVE;
}

static void
on_filtered_items_changed_cb (PdWindow   *self,
                              guint       position,
                              guint       removed,
                              guint       added,
                              GListModel *model)
{
  update_sidebar_page (self);
  /* The list view handles this change after us: select once it has. */
  if (self->reselect_id == 0)
    self->reselect_id = g_idle_add (reselect_idle_cb, self);
}

static void
on_list_notify_cb (PdWindow       *self,
                   GParamSpec     *pspec,
                   PdPipelineList *list)
{
  update_sidebar_page (self);
  try_pending_view (self);
}

static void
on_shown_pipeline_notify_cb (PdWindow   *self,
                             GParamSpec *pspec,
                             PdPipeline *pipeline)
{
  update_main_page (self);
  try_pending_approval (self);
}

static gboolean
filter_pipeline_cb (gpointer item,
                    gpointer user_data)
{
  PdWindow *self = user_data;

  return pd_pipeline_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->pipeline_search)));
}

static void
on_search_changed_cb (PdWindow       *self,
                      GtkSearchEntry *entry)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_sidebar_page (self);
}

static void
on_notification_cb (PdPipelineNotifier *notifier,
                    PdPipeline         *pipeline,
                    PdNotificationKind  kind,
                    const char         *title,
                    const char         *body,
                    const char         *stage_name,
                    const char         *action_name,
                    PdWindow           *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (PD_IS_APPLICATION (app))
    pd_application_send_pipeline_notification (PD_APPLICATION (app), pipeline, kind, title, body,
                                               stage_name, action_name);
}

static void
on_notification_ended_cb (PdPipelineNotifier *notifier,
                          PdPipeline         *pipeline,
                          PdNotificationKind  kind,
                          PdWindow           *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (PD_IS_APPLICATION (app))
    pd_application_withdraw_pipeline_notification (PD_APPLICATION (app), pipeline, kind);
}

static void
clear_pending_approval (PdWindow *self)
{
  g_clear_pointer (&self->approval_pipeline, g_free);
  g_clear_pointer (&self->approval_stage, g_free);
  g_clear_pointer (&self->approval_action, g_free);
}

/* A notification's Approve… opens the confirmation once the view has the
 * pipeline's state, and only for the approval it was sent for. */
static void
try_pending_approval (PdWindow *self)
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
      pd_window_add_toast (self, text);
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
on_view_action_enabled_cb (PdWindow     *self,
                           const char   *action_name,
                           gboolean      enabled,
                           GActionGroup *group)
{
  if (enabled)
    try_pending_approval (self);
}

static void
drop_poller (PdWindow *self)
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
activate_list (PdWindow *self)
{
  CacheEntry *entry = NULL;
  g_autofree char *key = NULL;

  drop_poller (self);
  show_pipeline (self, NULL);
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;

  /* Two accounts can share an AWS account ID (two sandboxes, two roles):
   * the cache goes by the account itself, the settings by the AWS ID. */
  if (self->account != NULL)
    key = g_strdup_printf ("%s/%s", pd_account_get_id (self->account), pd_account_get_region (self->account));

  if (key != NULL && (entry = g_hash_table_lookup (self->cache, key)) == NULL)
    {
      g_autoptr(PdAwsClient) client = pd_pipeline_client_new_for_account (self->account);

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

  g_free (self->cache_key);
  self->cache_key = entry != NULL ? g_steal_pointer (&key) : NULL;
  g_set_object (&self->list, (entry != NULL ? entry->list : NULL));
  g_signal_group_set_target (self->list_signals, self->list);

  if (self->list != NULL && self->settings != NULL)
    pd_pipeline_list_set_sort (self->list, g_settings_get_enum (self->settings, "pipeline-sort"));
  apply_settings_to_list (self);

  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->list));

  if (self->list != NULL)
    {
      self->poller = pd_poller_new (self->list);
      update_poller_activity (self);
    }

  update_sidebar_page (self);
}

static void
on_sort_changed_cb (PdWindow   *self,
                    const char *key,
                    GSettings  *settings)
{
  if (self->list != NULL)
    pd_pipeline_list_set_sort (self->list, g_settings_get_enum (settings, "pipeline-sort"));
}

/* Rows of the pipeline list. */

static void
update_row (GtkWidget  *row,
            PdPipeline *pipeline)
{
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "icon");
  GtkWidget *name = g_object_get_data (G_OBJECT (row), "name");
  GtkWidget *subtitle = g_object_get_data (G_OBJECT (row), "subtitle");
  GtkWidget *star = g_object_get_data (G_OBJECT (row), "star");
  GtkWidget *watch = g_object_get_data (G_OBJECT (row), "watch");
  PdGraphStatus status = pd_graph_status_from_execution (pd_pipeline_get_latest_status (pipeline));
  const char *status_text;
  const char *icon_name;
  const char *mode;
  g_autoptr(GDateTime) now = pd_util_new_now_utc ();
  g_autofree char *when = pd_format_relative_time (pd_pipeline_get_latest_time (pipeline), now);
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  GtkWidget *list_item;

  if (pd_pipeline_get_waiting_for_approval (pipeline))
    status = PD_GRAPH_STATUS_WAITING;

  if (!pd_pipeline_get_has_status (pipeline))
    {
      status_text = _("Checking…");
      icon_name = "content-loading-symbolic";
    }
  else if (pd_pipeline_get_latest_execution_id (pipeline) == NULL)
    {
      status_text = _("No executions");
      icon_name = "content-loading-symbolic";
    }
  else
    {
      status_text = pd_graph_status_get_text (status);
      icon_name = pd_graph_status_get_icon_name (status);
      if (icon_name == NULL)
        icon_name = "content-loading-symbolic";
    }

  switch (pd_pipeline_get_execution_mode (pipeline))
    {
    case PD_AWS_EXECUTION_MODE_QUEUED:
      mode = _("Queued");
      break;
    case PD_AWS_EXECUTION_MODE_PARALLEL:
      mode = _("Parallel");
      break;
    case PD_AWS_EXECUTION_MODE_SUPERSEDED:
      mode = _("Superseded");
      break;
    case PD_AWS_EXECUTION_MODE_UNKNOWN:
    default:
      mode = NULL;
      break;
    }

  if (when != NULL && mode != NULL)
    /* Translators: status · relative time · execution mode */
    text = g_strdup_printf (_("%s · %s · %s"), status_text, when, mode);
  else if (mode != NULL || when != NULL)
    text = g_strdup_printf ("%s · %s", status_text, mode != NULL ? mode : when);
  else
    text = g_strdup (status_text);

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_widget_set_css_classes (icon, (const char *[]) { pd_graph_status_get_css_class (status), NULL });
  gtk_label_set_text (GTK_LABEL (name), pd_pipeline_get_name (pipeline));
  gtk_label_set_text (GTK_LABEL (subtitle), text);
  if (pd_pipeline_get_waiting_for_approval (pipeline))
    gtk_widget_add_css_class (row, "pd-waiting-approval");
  else
    gtk_widget_remove_css_class (row, "pd-waiting-approval");

  g_object_set_data (G_OBJECT (row), "updating", GINT_TO_POINTER (TRUE));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (star), pd_pipeline_get_favourite (pipeline));
  gtk_button_set_icon_name (GTK_BUTTON (star), pd_pipeline_get_favourite (pipeline)
                                               ? "starred-symbolic" : "non-starred-symbolic");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (watch), pd_pipeline_get_watched (pipeline));
  g_object_set_data (G_OBJECT (row), "updating", NULL);

  /* Translators: a pipeline name, then its status line */
  label = g_strdup_printf (_("%s, %s"), pd_pipeline_get_name (pipeline), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  /* Screen readers announce the list item, the row's parent, which GTK 4.8
   * leaves without a name: give it the row's. */
  list_item = gtk_widget_get_parent (row);
  if (list_item != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (list_item),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
}

/* Relative times ("3 min ago") age without new data. One timer for the
 * whole list, at each minute boundary, updates the bound rows; it runs only
 * while the window shows, and showing it again brings them up to date. */
static void
update_bound_rows (PdWindow *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      PdPipeline *pipeline = g_object_get_data (G_OBJECT (row), "pipeline");

      if (pipeline != NULL)
        update_row (row, pipeline);
    }
}

static gboolean
on_clock_tick_cb (gpointer user_data)
{
  PdWindow *self = user_data;

  self->clock_id = 0;
  update_clock (self);
  return G_SOURCE_REMOVE;
}

static void
update_clock (PdWindow *self)
{
  gint64 now_ms;

  if (!window_is_visible (self) || self->bound_rows == NULL)
    {
      g_clear_handle_id (&self->clock_id, g_source_remove);
      return;
    }
  if (self->clock_id != 0)
    return;

  /* A tick, or the window shown again after a while */
  update_bound_rows (self);
  now_ms = pd_util_get_real_time () / 1000;
  self->clock_id = g_timeout_add (60000 - (guint) (((now_ms % 60000) + 60000) % 60000),
                                  on_clock_tick_cb, self);
  g_source_set_name_by_id (self->clock_id, "[pipedeck] list clock");
}

static void
on_row_pipeline_notify_cb (GtkWidget  *row,
                           GParamSpec *pspec,
                           PdPipeline *pipeline)
{
  update_row (row, pipeline);
}

static void
on_star_toggled_cb (GtkToggleButton *button,
                    GtkWidget       *row)
{
  PdPipeline *pipeline = g_object_get_data (G_OBJECT (row), "pipeline");
  PdWindow *self = PD_WINDOW (gtk_widget_get_root (row));
  gboolean active = gtk_toggle_button_get_active (button);

  if (pipeline == NULL || self == NULL || g_object_get_data (G_OBJECT (row), "updating"))
    return;

  store_in_settings (self, "favourite-pipelines", pipeline, active);
  pd_pipeline_set_favourite (pipeline, active);
}

static void
on_watch_toggled_cb (GtkToggleButton *button,
                     GtkWidget       *row)
{
  PdPipeline *pipeline = g_object_get_data (G_OBJECT (row), "pipeline");
  PdWindow *self = PD_WINDOW (gtk_widget_get_root (row));
  gboolean active = gtk_toggle_button_get_active (button);

  if (pipeline == NULL || self == NULL || g_object_get_data (G_OBJECT (row), "updating"))
    return;

  store_in_settings (self, "watched-pipelines", pipeline, active);
  pd_pipeline_set_watched (pipeline, active);
}

static void
setup_pipeline_row_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *star = gtk_toggle_button_new ();
  GtkWidget *watch = gtk_toggle_button_new ();

  gtk_widget_set_margin_top (row, 4);
  gtk_widget_set_margin_bottom (row, 4);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), subtitle);

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = i == 0 ? star : watch;

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    }
  gtk_button_set_icon_name (GTK_BUTTON (star), "non-starred-symbolic");
  gtk_widget_set_tooltip_text (star, _("Favourite"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Favourite"), -1);
  gtk_button_set_icon_name (GTK_BUTTON (watch), "alarm-symbolic");
  gtk_widget_set_tooltip_text (watch, _("Watch: notify on failures and approvals"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (watch), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Watch"), -1);

  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), labels);
  gtk_box_append (GTK_BOX (row), watch);
  gtk_box_append (GTK_BOX (row), star);

  g_object_set_data (G_OBJECT (row), "icon", icon);
  g_object_set_data (G_OBJECT (row), "name", name);
  g_object_set_data (G_OBJECT (row), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (row), "star", star);
  g_object_set_data (G_OBJECT (row), "watch", watch);
  g_signal_connect (star, "toggled", G_CALLBACK (on_star_toggled_cb), row);
  g_signal_connect (watch, "toggled", G_CALLBACK (on_watch_toggled_cb), row);

  gtk_list_item_set_child (item, row);
}

static void
bind_pipeline_row_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  PdWindow *self = user_data;
  PdPipeline *pipeline = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  gulong handler;

  g_object_set_data_full (G_OBJECT (row), "pipeline", g_object_ref (pipeline), g_object_unref);
  handler = g_signal_connect_object (pipeline, "notify", G_CALLBACK (on_row_pipeline_notify_cb),
                                     row, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (row), "handler", GSIZE_TO_POINTER (handler));
  update_row (row, pipeline);
  g_hash_table_add (self->bound_rows, row);
}

static void
unbind_pipeline_row_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  PdWindow *self = user_data;
  GtkWidget *row = gtk_list_item_get_child (item);
  PdPipeline *pipeline = g_object_get_data (G_OBJECT (row), "pipeline");
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "handler"));

  if (pipeline != NULL && handler != 0)
    g_signal_handler_disconnect (pipeline, handler);
  g_object_set_data (G_OBJECT (row), "handler", NULL);
  g_object_set_data (G_OBJECT (row), "pipeline", NULL);
  if (self->bound_rows != NULL)
    g_hash_table_remove (self->bound_rows, row);
}

/* --view=pipeline:NAME[/EXECUTION_ID] */

static void
update_busy (PdWindow *self,
             gboolean  was_busy)
{
  if (was_busy != pd_window_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_checking (PdWindow *self,
              gboolean  checking)
{
  gboolean was_busy = pd_window_get_busy (self);

  self->checking = !!checking;
  update_busy (self, was_busy);
}

static void
set_logs_waiting (PdWindow *self,
                  gboolean  waiting)
{
  gboolean was_busy = pd_window_get_busy (self);

  self->logs_waiting = !!waiting;
  update_busy (self, was_busy);
}

static void
on_logs_ready_cb (PdLogView  *view,
                  GParamSpec *pspec,
                  PdWindow   *self)
{
  if (pd_log_view_get_ready (view))
    set_logs_waiting (self, FALSE);
}

static void
ensure_log_view (PdWindow *self)
{
  if (self->log_view != NULL)
    return;

  self->log_view = pd_log_view_new ();
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->log_view), "logs");
  g_signal_connect_object (self->log_view, "notify::ready", G_CALLBACK (on_logs_ready_cb),
                           self, 0);
}

/* The action details asked for a build's log. */
static void
on_show_logs_cb (PdWindow       *self,
                 PdAction       *action,
                 PdPipelineView *view)
{
  if (self->account == NULL || self->pipeline == NULL)
    return;

  ensure_log_view (self);
  pd_log_view_load_for_action (self->log_view, self->account,
                               pd_pipeline_get_name (self->pipeline), action);
  self->showing_logs = TRUE;
  update_main_page (self);
}

/* A stage of the graph was opened: its CodeBuild actions' logs, or a word
 * that it has none. */
static void
on_show_stage_logs_cb (PdWindow       *self,
                       PdStage        *stage,
                       PdPipelineView *view)
{
  g_autofree char *text = NULL;

  if (self->account == NULL || self->pipeline == NULL)
    return;

  ensure_log_view (self);
  if (!pd_log_view_load_stage (self->log_view, self->account,
                               pd_pipeline_get_name (self->pipeline), stage))
    {
      /* Translators: a stage name */
      text = g_strdup_printf (_("Stage %s has no build logs"), pd_stage_get_name (stage));
      pd_window_add_toast (self, text);
      return;
    }
  self->showing_logs = TRUE;
  update_main_page (self);
}

static void
close_logs_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  if (!self->showing_logs)
    return;

  self->showing_logs = FALSE;
  update_main_page (self);
}

/* `--view=logs:PIPELINE/EXECUTION/ACTION` waits for an account. */
static void
open_pending_logs (PdWindow *self)
{
  g_auto(GStrv) parts = NULL;

  if (self->logs_spec == NULL || self->account == NULL)
    return;
  parts = g_strsplit (self->logs_spec, "/", 3);
  g_clear_pointer (&self->logs_spec, g_free);
  ensure_log_view (self);
  self->showing_logs = TRUE;
  pd_log_view_load_action (self->log_view, self->account, parts[0],
                           g_str_equal (parts[1], "latest") ? NULL : parts[1], parts[2]);
  update_main_page (self);
}

/* A --view=pipeline: waits for the graph's data. */
static void
set_pending (PdWindow *self,
             gboolean  pending)
{
  gboolean was_busy = pd_window_get_busy (self);

  self->pending = !!pending;
  update_busy (self, was_busy);
}

static void
finish_pending_view (PdWindow *self)
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
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_pipeline_show_execution_finish (PD_PIPELINE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      pd_window_show_error_toast (self, error);
    }
  g_clear_pointer (&self->pending_execution, g_free);
  try_pending_view (self);
}

static void
try_pending_view (PdWindow *self)
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

              pd_window_add_toast (self, text);
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
on_view_has_data_cb (PdWindow       *self,
                     GParamSpec     *pspec,
                     PdPipelineView *view)
{
  try_pending_view (self);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->pipeline_search));
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = (PdWindow *)object;

  g_cancellable_cancel (self->account_cancellable);
  if (self->account_store != NULL)
    g_signal_handlers_disconnect_matched (self->account_store, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_matched (self->settings, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
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
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->list_signals);
  g_clear_object (&self->pipeline_signals);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->list);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->cache_key, g_free);
  g_clear_pointer (&self->logs_spec, g_free);
  g_clear_pointer (&self->pending_pipeline, g_free);
  g_clear_pointer (&self->pending_execution, g_free);
  g_clear_pointer (&self->bound_rows, g_hash_table_unref);
  clear_pending_approval (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->account_store);
  g_clear_object (&self->account);
  g_clear_object (&self->account_cancellable);
  g_clear_object (&self->regions);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

static void
pd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, pd_window_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      pd_window_set_busy (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_window_dispose;
  object_class->get_property = pd_window_get_property;
  object_class->set_property = pd_window_set_property;

  window_class->close_request = pd_window_close_request;

  widget_class->map = pd_window_map;
  widget_class->unmap = pd_window_unmap;
  widget_class->unrealize = pd_window_unrealize;

  /**
   * PdWindow:busy:
   *
   * Whether the window is still loading what it shows.
   */
  /**
   * PdWindow:account:
   *
   * The account the window works on.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         PD_TYPE_ACCOUNT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, account_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, account_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, account_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, account_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, account_error);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pipelines_error);
  gtk_widget_class_bind_template_callback (widget_class, on_account_retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pipelines_retry_cb);
  /* Only looked up, to fix their accessible names */
  gtk_widget_class_bind_template_child_full (widget_class, "add_account_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "open_sandbox_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pipeline_search);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pipelines_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pipelines_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pipelines_empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pipeline_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pipeline_toolbar);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, transitions_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.verify-account", NULL, verify_account_action);
  gtk_widget_class_install_action (widget_class, "win.close-logs", NULL, close_logs_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.close-logs", NULL);
  gtk_widget_class_install_action (widget_class, "win.remove-account", NULL, remove_account_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.verify-account", NULL);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);

  g_type_ensure (PD_TYPE_ERROR_STATE);
  g_type_ensure (PD_TYPE_PIPELINE_VIEW);
}

static void
pd_window_init (PdWindow *self)
{
  static const char * const mnemonic_buttons[] = {
    "add_account_button", "open_sandbox_button",
  };
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button with a mnemonic after both its raw label and its
   * label widget ("_Add Account… Add Account…"): the label widget will do. */
  for (guint i = 0; i < G_N_ELEMENTS (mnemonic_buttons); i++)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                                  PD_TYPE_WINDOW,
                                                                                  mnemonic_buttons[i])),
                                   GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->regions = gtk_string_list_new (known_regions);
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (self->regions));
  g_signal_connect_object (self->region_dropdown, "notify::selected",
                           G_CALLBACK (on_region_selected_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_account_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_account_row_cb), NULL);
  gtk_drop_down_set_factory (self->account_dropdown, factory);
  g_signal_connect_object (self->account_dropdown, "notify::selected-item",
                           G_CALLBACK (on_account_selected_cb), self, G_CONNECT_SWAPPED);

  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);
  self->bound_rows = g_hash_table_new (NULL, NULL);
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
  g_clear_object (&factory);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_pipeline_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_pipeline_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_pipeline_row_cb), self);
  gtk_list_view_set_factory (self->pipelines_view, factory);
  gtk_list_view_set_model (self->pipelines_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->pipeline_search, "search-changed",
                           G_CALLBACK (on_search_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_insert_action_group (GTK_WIDGET (self), "pipeline",
                                  pd_pipeline_view_get_action_group (self->pipeline_view));
  gtk_menu_button_set_menu_model (self->transitions_button,
                                  pd_pipeline_view_get_transitions_menu (self->pipeline_view));
  g_signal_connect_object (self->pipeline_view, "notify::has-data",
                           G_CALLBACK (on_view_has_data_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pipeline_view, "show-logs",
                           G_CALLBACK (on_show_logs_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pipeline_view, "show-stage-logs",
                           G_CALLBACK (on_show_stage_logs_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pd_pipeline_view_get_action_group (self->pipeline_view),
                           "action-enabled-changed::approve",
                           G_CALLBACK (on_view_action_enabled_cb), self, G_CONNECT_SWAPPED);

  update_sidebar_page (self);
  update_account_actions (self);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/**
 * pd_window_new:
 * @application: the application
 *
 * Creates the main window, sized as it was when last closed.
 *
 * Returns: (transfer full): a new #PdWindow
 */
PdWindow *
pd_window_new (AdwApplication *application)
{
  PdWindow *self;

  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);

  self = g_object_new (PD_TYPE_WINDOW,
                       "application", application,
                       NULL);

  if (PD_IS_APPLICATION (application))
    {
      self->settings = g_object_ref (pd_application_get_settings (PD_APPLICATION (application)));
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));

      {
        g_autoptr(GAction) sort = g_settings_create_action (self->settings, "pipeline-sort");

        g_action_map_add_action (G_ACTION_MAP (self), sort);
      }
      g_signal_connect_object (self->settings, "changed::pipeline-sort",
                               G_CALLBACK (on_sort_changed_cb), self, G_CONNECT_SWAPPED);
    }

  return self;
}

gboolean
pd_window_get_busy (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  /* A requested view (a pipeline's graph, a log) keeps the window busy
   * until its data is shown. */
  return self->loading || self->checking || self->pending || self->logs_waiting;
}

/**
 * pd_window_set_busy:
 * @self: a #PdWindow
 * @busy: whether the application is still loading what the window shows
 *
 * Marks the window as loading; #PdWindow:busy stays %TRUE also while the
 * window itself checks its account or waits for a view's data.
 */
void
pd_window_set_busy (PdWindow *self,
                    gboolean  busy)
{
  gboolean was_busy;

  g_return_if_fail (PD_IS_WINDOW (self));

  was_busy = pd_window_get_busy (self);
  self->loading = !!busy;
  update_busy (self, was_busy);
}

/**
 * pd_window_show_view:
 * @self: a #PdWindow
 * @view: (nullable): a view name such as `home`
 * @error: a location for a #GError
 *
 * Shows the named view, as `--view` asks.
 *
 * Returns: %TRUE if the view exists and is being shown
 */
gboolean
pd_window_show_view (PdWindow    *self,
                     const char  *view,
                     GError     **error)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  if (view == NULL || g_str_equal (view, "home"))
    {
      update_main_page (self);
      return TRUE;
    }

  if (g_str_has_prefix (view, "pipeline:") && view[strlen ("pipeline:")] != '\0')
    {
      const char *name = view + strlen ("pipeline:");
      const char *slash = strchr (name, '/');

      g_clear_pointer (&self->pending_pipeline, g_free);
      g_clear_pointer (&self->pending_execution, g_free);
      if (slash != NULL)
        {
          if (slash == name || slash[1] == '\0')
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Unknown view “%s”"), view);
              return FALSE;
            }
          self->pending_pipeline = g_strndup (name, slash - name);
          self->pending_execution = g_strdup (slash + 1);
        }
      else
        self->pending_pipeline = g_strdup (name);

      /* Busy until the graph has the pipeline's data: a screenshot waits. */
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
      set_logs_waiting (self, TRUE);
      open_pending_logs (self);
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("Unknown view “%s”"), view);
  return FALSE;
}

void
pd_window_add_toast (PdWindow   *self,
                     const char *title)
{
  g_return_if_fail (PD_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

void
pd_window_show_error_toast (PdWindow     *self,
                            const GError *error)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  {
    g_autofree char *text = pd_describe_error (error);

    pd_window_add_toast (self, text);
  }
}

/**
 * pd_window_set_account_store:
 * @self: a #PdWindow
 * @store: the accounts to choose from
 * @preferred: (nullable): the account to show first
 *
 * Fills the account selector.
 */
void
pd_window_set_account_store (PdWindow       *self,
                             PdAccountStore *store,
                             PdAccount      *preferred)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (PD_IS_ACCOUNT_STORE (store));

  if (self->account_store != NULL)
    g_signal_handlers_disconnect_matched (self->account_store, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_set_object (&self->account_store, store);
  gtk_drop_down_set_model (self->account_dropdown, G_LIST_MODEL (store));
  /* After the drop-down's own handlers, so that its selection model has
   * caught up before the shown account is selected again. */
  g_signal_connect_object (store, "items-changed",
                           G_CALLBACK (on_accounts_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  pd_window_select_account (self, preferred);
}

/**
 * pd_window_select_account:
 * @self: a #PdWindow
 * @account: (nullable): an account of the window's store
 *
 * Shows @account, or the empty state when it is %NULL.
 */
void
pd_window_select_account (PdWindow  *self,
                          PdAccount *account)
{
  guint n;

  g_return_if_fail (PD_IS_WINDOW (self));

  if (account == NULL || self->account_store == NULL)
    {
      pd_window_set_account (self, NULL);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->account_store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdAccount) item = g_list_model_get_item (G_LIST_MODEL (self->account_store), i);

      if (item == account)
        {
          gtk_drop_down_set_selected (self->account_dropdown, i);
          pd_window_set_account (self, account);
          return;
        }
    }
}

/**
 * pd_window_get_account:
 * @self: a #PdWindow
 *
 * Returns: (nullable) (transfer none): the account shown
 */
PdAccount *
pd_window_get_account (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->account;
}

/**
 * pd_window_open_pipeline:
 * @self: a #PdWindow
 * @name: a pipeline of the shown account
 * @approve: whether to ask for the approval it waits for
 *
 * Shows a pipeline, as a notification's Open and Approve… buttons ask.
 *
 * Returns: %TRUE if the pipeline is in the list
 */
gboolean
pd_window_open_pipeline (PdWindow   *self,
                         const char *name,
                         gboolean    approve)
{
  PdPipeline *pipeline;

  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->list == NULL || (pipeline = pd_pipeline_list_find (self->list, name)) == NULL)
    return FALSE;

  show_pipeline (self, pipeline);
  reselect_shown_pipeline (self);
  gtk_window_present (GTK_WINDOW (self));
  if (approve)
    g_action_group_activate_action (pd_pipeline_view_get_action_group (self->pipeline_view),
                                    "approve", NULL);
  return TRUE;
}

/**
 * pd_window_open_approval:
 * @self: a #PdWindow
 * @name: a pipeline of the shown account
 * @stage_name: the stage of the approval
 * @action_name: the approval action
 *
 * Shows a pipeline and, once its state is in, asks to approve the given
 * approval, as a notification's Approve… button does. When that approval
 * no longer waits, a toast says so.
 *
 * Returns: %TRUE if the pipeline is in the list
 */
gboolean
pd_window_open_approval (PdWindow   *self,
                         const char *name,
                         const char *stage_name,
                         const char *action_name)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (stage_name != NULL, FALSE);
  g_return_val_if_fail (action_name != NULL, FALSE);

  if (!pd_window_open_pipeline (self, name, FALSE))
    return FALSE;

  clear_pending_approval (self);
  self->approval_pipeline = g_strdup (name);
  self->approval_stage = g_strdup (stage_name);
  self->approval_action = g_strdup (action_name);
  try_pending_approval (self);
  return TRUE;
}

PdPipelineView *
pd_window_get_pipeline_view (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->pipeline_view;
}

PdPipelineList *
pd_window_get_pipeline_list (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->list;
}

PdPoller *
pd_window_get_poller (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->poller;
}

GListModel *
pd_window_get_pipelines_model (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

GtkWidget *
pd_window_get_pipelines_view (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->pipelines_view);
}
