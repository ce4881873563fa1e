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
#include "pd-log-view.h"
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
  GtkWidget            *account_retry_button;
  GtkDropDown          *region_dropdown;
  GtkListBox           *pipelines_list;
  GtkStack             *main_stack;
  AdwStatusPage        *empty_page;
  AdwWindowTitle       *window_title;

  /* Owned references */
  GSettings            *settings;
  PdAccountStore       *account_store;
  PdAccount            *account;
  GCancellable         *account_cancellable;
  GtkStringList        *regions;
  char                 *logs_spec;

  /* Borrowed references */
  PdLogView            *log_view;

  /* Flags */
  guint                 loading : 1;
  guint                 checking : 1;
  guint                 logs_waiting : 1;
};

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
static void set_checking            (PdWindow *self,
                                     gboolean  checking);
static void set_logs_waiting        (PdWindow *self,
                                     gboolean  waiting);

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


static char *
describe_error (const GError *error)
{
  const char *request_id = pd_aws_error_get_request_id (error);

  if (request_id != NULL && request_id[0] != '\0')
    /* Translators: %s is an error message, then an AWS request ID */
    return g_strdup_printf (_("%s (request ID %s)"), error->message, request_id);

  return g_strdup (error->message);
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
  if (self->account != NULL && self->log_view != NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "logs");
      adw_window_title_set_subtitle (self->window_title, pd_account_get_name (self->account));
      return;
    }
  if (self->account == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  gtk_stack_set_visible_child_name (self->main_stack, "account");
  adw_window_title_set_subtitle (self->window_title, pd_account_get_name (self->account));
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

  if (error != NULL)
    {
      g_autofree char *text = describe_error (error);

      adw_status_page_set_icon_name (self->account_page, "dialog-warning-symbolic");
      adw_status_page_set_description (self->account_page, text);
      gtk_widget_set_visible (self->account_retry_button, TRUE);
      return;
    }

  {
    g_autofree char *text =
      /* Translators: an AWS account ID, then the ARN of the caller */
      g_strdup_printf (_("Account %s\n%s"),
                       pd_account_get_account_id (account),
                       pd_account_get_arn (account));

    adw_status_page_set_icon_name (self->account_page, "emblem-ok-symbolic");
    adw_status_page_set_description (self->account_page, text);
    gtk_widget_set_visible (self->account_retry_button, FALSE);
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
  gtk_widget_set_visible (self->account_retry_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->account_spinner), TRUE);
  gtk_spinner_set_spinning (self->account_spinner, TRUE);
  set_checking (self, TRUE);

  pd_account_verify_async (self->account,
                           self->account_cancellable,
                           verify_cb,
                           g_object_ref (self));
}

static void
on_logs_ready_cb (PdLogView  *view,
                  GParamSpec *pspec,
                  PdWindow   *self)
{
  if (!pd_log_view_get_ready (view))
    return;
  set_logs_waiting (self, FALSE);
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
  if (self->log_view == NULL)
    {
      self->log_view = pd_log_view_new ();
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->log_view), "logs");
      g_signal_connect_object (self->log_view, "notify::ready", G_CALLBACK (on_logs_ready_cb),
                               self, 0);
    }
  pd_log_view_load_action (self->log_view, self->account, parts[0],
                           g_str_equal (parts[1], "latest") ? NULL : parts[1], parts[2]);
  update_main_page (self);
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

  if (account != NULL)
    {
      select_region (self, pd_account_get_region (account));
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "last-account", pd_account_get_id (account));
    }

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

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = (PdWindow *)object;

  g_cancellable_cancel (self->account_cancellable);
  if (self->account_store != NULL)
    g_signal_handlers_disconnect_matched (self->account_store, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->account_store);
  g_clear_object (&self->account);
  g_clear_object (&self->account_cancellable);
  g_clear_object (&self->regions);
  g_clear_pointer (&self->logs_spec, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, PdWindow, account_retry_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pipelines_list);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.verify-account", NULL, verify_account_action);
  gtk_widget_class_install_action (widget_class, "win.remove-account", NULL, remove_account_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.verify-account", NULL);
}

static void
pd_window_init (PdWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

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
    }

  return self;
}

gboolean
pd_window_get_busy (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  /* A requested log keeps the window busy until its first screen is shown. */
  return self->loading || self->checking || self->logs_waiting;
}

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

/**
 * pd_window_set_busy:
 * @self: a #PdWindow
 * @busy: whether the application is still loading what the window shows
 *
 * Marks the window as loading; #PdWindow:busy stays %TRUE also while the
 * window itself checks its account.
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

  pd_window_add_toast (self, error->message);
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
