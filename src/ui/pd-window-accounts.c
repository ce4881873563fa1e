/* pd-window-accounts.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-account-store.h"
#include "pd-section.h"
#include "pd-window-private.h"

/* The window's account and region: the selectors, the check of the open
 * account with its error state, and adding, checking and removing
 * accounts. Opening an account goes through the window's
 * PdAccountContext, which the sections follow. */

/* The regions offered in the selector; an account's own region is added
 * when it is not among them. */
static const char * const known_regions[] = {
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "ca-central-1", "sa-east-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
  "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
  NULL
};

static PdAccount *
get_account (PdWindow *self)
{
  return pd_account_context_get_account (self->context);
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
update_account_actions (PdWindow *self)
{
  PdAccount *account = get_account (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.verify-account", account != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-account",
                                 account != NULL && pd_account_get_removable (account));
}

static void
on_check_cb (PdWindow         *self,
             GParamSpec       *pspec,
             PdAccountContext *context)
{
  switch (pd_account_context_get_check (context))
    {
    case PD_ACCOUNT_CHECK_FAILED:
      self->account_failed = TRUE;
      pd_error_state_set_error (self->account_error, pd_account_context_get_check_error (context));
      break;
    case PD_ACCOUNT_CHECK_CHECKING:
      /* A failed account stays on its error, its Retry turning. */
      pd_error_state_set_retrying (self->account_error, TRUE);
      break;
    case PD_ACCOUNT_CHECK_NONE:
    case PD_ACCOUNT_CHECK_OK:
    default:
      self->account_failed = FALSE;
      break;
    }
  pd_window_update_main_page (self);
  /* The check counts as busy */
  g_object_notify (G_OBJECT (self), "busy");
}

static void
on_account_retry_cb (PdWindow     *self,
                     PdErrorState *state)
{
  pd_account_context_check (self->context);
}

static void
pd_window_set_account (PdWindow  *self,
                       PdAccount *account)
{
  if (get_account (self) == account)
    return;

  g_debug ("Showing account %s", account != NULL ? pd_account_get_id (account) : "(none)");

  if (account != NULL)
    {
      select_region (self, pd_account_get_region (account));
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "last-account", pd_account_get_id (account));
    }

  /* Cancels every section's requests for the previous account. */
  pd_account_context_set_account (self->context, account);
  if (account != NULL && self->section != NULL)
    pd_section_land (self->section);
  pd_window_update_main_page (self);
  update_account_actions (self);
  g_object_notify (G_OBJECT (self), "account");
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

  if (get_account (self) == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  pd_account_context_set_region (self->context, gtk_string_list_get_string (self->regions, selected));
  pd_window_update_main_page (self);
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
  for (guint i = 0; get_account (self) != NULL && i < n; i++)
    {
      g_autoptr(PdAccount) account = g_list_model_get_item (model, i);

      if (account == get_account (self))
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
  PdAccount *account = get_account (self);
  GtkWidget *dialog;

  if (account == NULL || !pd_account_get_removable (account))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Remove Account?"),
                                   NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” and its keys will be deleted from the system keyring. "
                                    "Nothing changes in AWS."),
                                  pd_account_get_name (account));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
verify_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  pd_account_context_check (PD_WINDOW (widget)->context);
}

void
pd_window_accounts_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, PdWindow, account_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, account_error);
  gtk_widget_class_bind_template_callback (widget_class, on_account_retry_cb);

  gtk_widget_class_install_action (widget_class, "win.verify-account", NULL, verify_account_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.verify-account", NULL);
  gtk_widget_class_install_action (widget_class, "win.remove-account", NULL, remove_account_action);
}

void
pd_window_accounts_init (PdWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

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
  g_signal_connect_object (self->context, "notify::check", G_CALLBACK (on_check_cb), self,
                           G_CONNECT_SWAPPED);
  update_account_actions (self);
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
  return get_account (self);
}

