/* pd-account-dialog.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-account-dialog.h"
#include "pd-aws-error.h"

struct _PdAccountDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  GtkStack        *add_stack;
  GtkSpinner      *spinner;
  GtkRevealer     *banner_revealer;
  GtkLabel        *banner_label;
  GtkStack        *page_stack;
  AdwEntryRow     *name_row;
  GtkLabel        *name_error;
  AdwEntryRow     *access_key_row;
  AdwEntryRow     *secret_key_row;
  AdwEntryRow     *session_token_row;
  GtkLabel        *credentials_error;
  AdwEntryRow     *region_row;
  AdwEntryRow     *endpoint_row;
  GtkLabel        *location_error;
  AdwStatusPage   *verified_page;
  AdwActionRow    *account_id_row;
  AdwActionRow    *arn_row;

  /* Owned references */
  PdAccountStore  *store;
  GCancellable    *cancellable;

  /* Flags */
  guint            busy : 1;
};

G_DEFINE_FINAL_TYPE (PdAccountDialog, pd_account_dialog, ADW_TYPE_WINDOW)

enum {
  ACCOUNT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
show_field_error (GtkLabel     *label,
                  GtkWidget    *row,
                  const GError *error)
{
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
  gtk_label_set_text (label, error != NULL ? error->message : "");
  if (error != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* Checks every field and shows what is wrong next to it. Fields still empty
 * are not flagged: the user has not got to them yet. */
static gboolean
validate (PdAccountDialog *self)
{
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) key_error = NULL;
  g_autoptr(GError) location_error = NULL;
  const char *name = row_text (self->name_row);
  const char *access_key = row_text (self->access_key_row);
  const char *secret = row_text (self->secret_key_row);
  const char *region = row_text (self->region_row);
  const char *endpoint = row_text (self->endpoint_row);
  GtkWidget *location_row = GTK_WIDGET (self->endpoint_row);
  gboolean complete;

  complete = name[0] != '\0' && access_key[0] != '\0' && secret[0] != '\0' && region[0] != '\0';

  if (name[0] != '\0')
    pd_account_validate_name (self->store, name, &name_error);
  if (access_key[0] != '\0')
    pd_account_validate_access_key_id (access_key, &key_error);
  if (region[0] != '\0' && !pd_account_validate_region (region, &location_error))
    location_row = GTK_WIDGET (self->region_row);
  else if (endpoint[0] != '\0')
    pd_account_validate_endpoint_url (endpoint, &location_error);

  show_field_error (self->name_error, GTK_WIDGET (self->name_row), name_error);
  show_field_error (self->credentials_error, GTK_WIDGET (self->access_key_row), key_error);
  gtk_widget_remove_css_class (GTK_WIDGET (self->region_row), "error");
  show_field_error (self->location_error, location_row, location_error);

  return complete && name_error == NULL && key_error == NULL && location_error == NULL;
}

static void
update_actions (PdAccountDialog *self)
{
  gboolean can_add = !self->busy &&
                     pd_account_store_get_keyring_available (self->store) &&
                     g_strcmp0 (gtk_stack_get_visible_child_name (self->page_stack), "form") == 0 &&
                     validate (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.add", can_add);
}

static void
show_banner (PdAccountDialog *self,
             const char      *text)
{
  gtk_label_set_text (self->banner_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->banner_revealer, text != NULL);
}

static void
set_busy (PdAccountDialog *self,
          gboolean         busy)
{
  self->busy = !!busy;
  gtk_stack_set_visible_child_name (self->add_stack, busy ? "busy" : "button");
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_stack), !busy);
  update_actions (self);
}

static void
on_field_changed_cb (PdAccountDialog *self)
{
  update_actions (self);
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
add_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  PdAccountStore *store = PD_ACCOUNT_STORE (object);
  g_autoptr(PdAccountDialog) self = user_data;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = pd_account_store_add_finish (store, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (account == NULL)
    {
      g_autofree char *text = describe_error (error);
      g_autofree char *banner = g_strdup_printf (_("The account could not be added: %s"), text);

      show_banner (self, banner);
      return;
    }

  show_banner (self, NULL);
  adw_action_row_set_subtitle (self->account_id_row, pd_account_get_account_id (account));
  adw_action_row_set_subtitle (self->arn_row, pd_account_get_arn (account));
  adw_status_page_set_description (self->verified_page,
                                   _("Its credentials work and are now in the system keyring."));
  gtk_stack_set_visible_child_name (self->page_stack, "verified");
  gtk_stack_set_visible_child_name (self->add_stack, "done");
  update_actions (self);

  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, account);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PdAccountDialog *self = PD_ACCOUNT_DIALOG (widget);
  const char *token = row_text (self->session_token_row);
  const char *endpoint = row_text (self->endpoint_row);
  g_autofree char *name = g_strstrip (g_strdup (row_text (self->name_row)));

  if (self->busy || !validate (self))
    return;

  set_busy (self, TRUE);
  show_banner (self, NULL);

  pd_account_store_add_async (self->store,
                              name,
                              row_text (self->access_key_row),
                              row_text (self->secret_key_row),
                              token[0] != '\0' ? token : NULL,
                              row_text (self->region_row),
                              endpoint[0] != '\0' ? endpoint : NULL,
                              self->cancellable,
                              add_cb,
                              g_object_ref (self));
}

static void
pd_account_dialog_dispose (GObject *object)
{
  PdAccountDialog *self = (PdAccountDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_ACCOUNT_DIALOG);

  G_OBJECT_CLASS (pd_account_dialog_parent_class)->dispose (object);
}

static void
pd_account_dialog_finalize (GObject *object)
{
  PdAccountDialog *self = (PdAccountDialog *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pd_account_dialog_parent_class)->finalize (object);
}

static void
pd_account_dialog_class_init (PdAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_account_dialog_dispose;
  object_class->finalize = pd_account_dialog_finalize;

  /**
   * PdAccountDialog::account-added:
   * @self: the dialog
   * @account: the new account, verified and stored
   */
  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, add_stack);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, page_stack);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, session_token_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, credentials_error);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, location_error);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, verified_page);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, account_id_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountDialog, arn_row);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);

  gtk_widget_class_install_action (widget_class, "account.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_account_dialog_init (PdAccountDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pd_account_dialog_new:
 * @parent: (nullable): the window to attach to
 * @store: the accounts
 *
 * Returns: (transfer full): a dialog that adds an account to @store
 */
PdAccountDialog *
pd_account_dialog_new (GtkWindow      *parent,
                       PdAccountStore *store)
{
  PdAccountDialog *self;

  g_return_val_if_fail (PD_IS_ACCOUNT_STORE (store), NULL);

  self = g_object_new (PD_TYPE_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  if (!pd_account_store_get_keyring_available (store))
    {
      g_autofree char *text =
        g_strdup_printf (_("The system keyring is not available, so no account can be added: %s. "
                           "Profiles in ~/.aws and credentials in the environment still work."),
                         pd_account_store_get_keyring_error (store));
      show_banner (self, text);
    }

  update_actions (self);

  return self;
}
