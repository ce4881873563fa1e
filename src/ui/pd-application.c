/* pd-application.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-account-dialog.h"
#include "pd-account-store.h"
#include "pd-application.h"
#include "pd-resources.h"
#include "pd-screenshot.h"
#include "pd-window.h"

#define SCREENSHOT_TIMEOUT_SECONDS 30

struct _PdApplication
{
  AdwApplication  parent_instance;

  /* Owned references */
  GSettings      *settings;
  PdAccountStore *account_store;
  char           *screenshot_file;
  char           *view;

  int             exit_status;

  /* Flags */
  guint           use_sandbox : 1;
};

G_DEFINE_FINAL_TYPE (PdApplication, pd_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "sandbox", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start a local sandbox with a sample stack and open it"), NULL },
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open a view, such as “home”"), N_("VIEW") },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write a PNG of the window once the view is shown, then quit"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  { NULL }
};

static PdWindow *
get_main_window (PdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (PD_IS_WINDOW (window))
    return PD_WINDOW (window);

  return NULL;
}

static void
on_screenshot_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PdApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_screenshot_window_finish (result, &error))
    {
      g_printerr ("pipedeck: %s\n", error->message);
      self->exit_status = 1;
    }

  g_application_quit (G_APPLICATION (self));
}

static void
open_sandbox_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdWindow) window = user_data;
  PdApplication *self = PD_APPLICATION (g_application_get_default ());
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = pd_account_store_open_sandbox_finish (PD_ACCOUNT_STORE (object), result, &error);
  if (account == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      text = g_strdup_printf (_("The sandbox could not start: %s"), error->message);
      if (self != NULL && self->screenshot_file != NULL)
        {
          g_printerr ("pipedeck: %s\n", text);
          self->exit_status = 1;
          g_application_quit (G_APPLICATION (self));
          return;
        }
      pd_window_add_toast (window, text);
      pd_window_set_busy (window, FALSE);
      return;
    }

  pd_window_select_account (window, account);
  pd_window_set_busy (window, FALSE);
}

static void
open_sandbox (PdApplication *self,
              PdWindow      *window)
{
  pd_window_set_busy (window, TRUE);
  pd_account_store_open_sandbox_async (self->account_store, NULL, open_sandbox_cb,
                                       g_object_ref (window));
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PdWindow) window = user_data;
  PdApplication *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;

  if (!pd_account_store_reload_finish (PD_ACCOUNT_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      pd_window_show_error_toast (window, error);
    }

  self = PD_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  if (self == NULL)
    return;

  if (self->use_sandbox)
    {
      open_sandbox (self, window);
      return;
    }

  last = g_settings_get_string (self->settings, "last-account");
  pd_window_select_account (window, pd_account_store_get_preferred (self->account_store, last));
  /* The accounts are in; the window stays busy on its own while it checks
   * the account or waits for a view's data. */
  pd_window_set_busy (window, FALSE);
}

static void
pd_application_activate (GApplication *app)
{
  PdApplication *self = (PdApplication *)app;
  PdWindow *window;
  g_autoptr(GError) error = NULL;
  gboolean new_window = FALSE;

  window = get_main_window (self);
  if (window == NULL)
    {
      window = pd_window_new (ADW_APPLICATION (self));
      new_window = TRUE;
    }

  if (!pd_window_show_view (window, self->view, &error))
    {
      if (self->screenshot_file != NULL)
        {
          g_printerr ("pipedeck: %s\n", error->message);
          self->exit_status = 1;
          g_application_quit (G_APPLICATION (self));
          return;
        }
      pd_window_show_error_toast (window, error);
    }

  if (new_window)
    {
      /* The window shows nothing worth a screenshot until the accounts
       * are in. */
      pd_window_set_account_store (window, self->account_store, NULL);
      pd_window_set_busy (window, TRUE);
      pd_account_store_reload_async (self->account_store, NULL, reload_cb, g_object_ref (window));
    }

  gtk_window_present (GTK_WINDOW (window));

  if (self->screenshot_file != NULL)
    pd_screenshot_window_async (GTK_WINDOW (window),
                                self->screenshot_file,
                                SCREENSHOT_TIMEOUT_SECONDS,
                                NULL,
                                on_screenshot_done_cb,
                                g_object_ref (self));
}

static int
pd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  PdApplication *self = (PdApplication *)app;
  const char *screenshot = NULL;
  const char *view = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "screenshot", "^&ay", &screenshot))
    {
      g_clear_pointer (&self->screenshot_file, g_free);
      self->screenshot_file = g_strdup (screenshot);
    }
  if (g_variant_dict_lookup (options, "view", "&s", &view))
    {
      g_clear_pointer (&self->view, g_free);
      self->view = g_strdup (view);
    }
  self->use_sandbox = g_variant_dict_contains (options, "sandbox");

  /* A screenshot or a sandbox run is a session of its own: never hand it to a
   * running instance. */
  if (self->screenshot_file != NULL || self->use_sandbox)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static gboolean on_mfa_code_needed_cb (PdAccountStore *store,
                                       const char     *profile,
                                       const char     *mfa_serial,
                                       GTask          *task,
                                       PdApplication  *self);

static void
pd_application_startup (GApplication *app)
{
  PdApplication *self = (PdApplication *)app;
  AdwStyleManager *style_manager;

  G_APPLICATION_CLASS (pd_application_parent_class)->startup (app);

  self->account_store = pd_account_store_new ();
  g_signal_connect_object (self->account_store, "mfa-code-needed",
                           G_CALLBACK (on_mfa_code_needed_cb), self, 0);

  style_manager = adw_style_manager_get_default ();
  g_settings_bind (self->settings, "color-scheme",
                   style_manager, "color-scheme",
                   G_SETTINGS_BIND_GET);
}

static void
pd_application_finalize (GObject *object)
{
  PdApplication *self = (PdApplication *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->account_store);
  g_clear_pointer (&self->screenshot_file, g_free);
  g_clear_pointer (&self->view, g_free);

  G_OBJECT_CLASS (pd_application_parent_class)->finalize (object);
}

static void
pd_application_class_init (PdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pd_application_finalize;

  app_class->activate = pd_application_activate;
  app_class->startup = pd_application_startup;
  app_class->handle_local_options = pd_application_handle_local_options;
}

static void
pd_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = { "The Pipedeck authors", NULL };
  PdApplication *self = user_data;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", "Pipedeck",
                        "application-icon", APP_ID,
                        "developer-name", _("The Pipedeck authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("The desktop console for a serverless CI/CD stack on AWS"),
                        "website", "https://github.com/pipedeck/pipedeck",
                        "issue-url", "https://github.com/pipedeck/pipedeck/issues",
                        "developers", developers,
                        "copyright", "© 2026 The Pipedeck authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
pd_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  PdApplication *self = user_data;
  GList *windows;

  /* Close windows first so they keep their size and state. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  for (const GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
on_style_selected_cb (AdwComboRow *row,
                      GParamSpec  *pspec,
                      GSettings   *settings)
{
  static const char * const schemes[] = { "default", "force-light", "force-dark" };
  guint selected = adw_combo_row_get_selected (row);

  if (selected < G_N_ELEMENTS (schemes))
    g_settings_set_string (settings, "color-scheme", schemes[selected]);
}

static void
pd_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  PdApplication *self = user_data;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *group;
  GtkWidget *row;
  GtkWidget *toggle;

  window = adw_preferences_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);

  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Appearance"));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Style"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row),
                           G_LIST_MODEL (gtk_string_list_new ((const char *[]) {
                             /* Translators: the colour scheme follows the system's */
                             _("Follow System"), _("Light"), _("Dark"), NULL })));
  {
    g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
    guint selected = g_str_equal (scheme, "force-light") ? 1 :
                     g_str_equal (scheme, "force-dark") ? 2 : 0;
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  }
  g_signal_connect_object (row, "notify::selected",
                           G_CALLBACK (on_style_selected_cb), self->settings, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Notifications"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Desktop Notifications"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Tell me when a watched pipeline fails, recovers or waits for approval"));
  toggle = gtk_switch_new ();
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  g_settings_bind (self->settings, "notifications-enabled", toggle, "active", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_account_added_cb (PdAccountDialog *dialog,
                     PdAccount       *account,
                     PdApplication   *self)
{
  PdWindow *window = get_main_window (self);

  if (window != NULL)
    pd_window_select_account (window, account);
}

static void
pd_application_add_account_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  PdApplication *self = user_data;
  PdWindow *window = get_main_window (self);
  PdAccountDialog *dialog;

  dialog = pd_account_dialog_new (GTK_WINDOW (window), self->account_store);
  g_signal_connect_object (dialog, "account-added", G_CALLBACK (on_account_added_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pd_application_open_sandbox_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  PdApplication *self = user_data;
  PdWindow *window = get_main_window (self);

  if (window != NULL)
    open_sandbox (self, window);
}

static void
on_mfa_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GtkEditable      *entry)
{
  GTask *task = g_object_get_data (G_OBJECT (dialog), "task");
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_task_get_completed (task) || g_task_had_error (task))
    return;

  if (g_strcmp0 (response, "confirm") == 0 && code[0] != '\0')
    g_task_return_pointer (task, g_steal_pointer (&code), g_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("No MFA code was given"));
}

static void
on_mfa_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  const char *text = gtk_editable_get_text (entry);
  gboolean valid = strlen (text) == 6;

  for (const char *p = text; valid && *p != '\0'; p++)
    valid = g_ascii_isdigit (*p);

  adw_message_dialog_set_response_enabled (dialog, "confirm", valid);
}

static gboolean
on_mfa_code_needed_cb (PdAccountStore *store,
                       const char     *profile,
                       const char     *mfa_serial,
                       GTask          *task,
                       PdApplication  *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;
  GtkWidget *entry;

  if (parent == NULL)
    return FALSE;

  dialog = adw_message_dialog_new (parent, _("MFA Code Needed"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Profile “%s” assumes a role that asks for the current code of "
                                    "the MFA device %s."),
                                  profile, mfa_serial);
  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PIN);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 6);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("MFA code"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("_Confirm"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "task", g_object_ref (task), g_object_unref);
  g_signal_connect (entry, "changed", G_CALLBACK (on_mfa_entry_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_mfa_response_cb), entry);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static char *
notification_id (PdPipeline         *pipeline,
                 PdNotificationKind  kind)
{
  /* A pipeline has one notification for its latest result, which a
   * recovery replaces, and one for a waiting approval. */
  return g_strdup_printf ("%s:%s", kind == PD_NOTIFICATION_APPROVAL ? "approval" : "status",
                          pd_pipeline_get_name (pipeline));
}

/* A notification's buttons: open a watched pipeline, or its approval. */
static void
open_pipeline (PdApplication *self,
               const char    *name,
               gboolean       approve,
               const char    *stage_name,
               const char    *action_name)
{
  PdWindow *window = get_main_window (self);
  gboolean found;

  if (window == NULL)
    {
      GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

      for (GList *l = windows; l != NULL && window == NULL; l = l->next)
        if (PD_IS_WINDOW (l->data))
          window = l->data;
    }
  if (window == NULL)
    return;

  if (stage_name != NULL && action_name != NULL)
    found = pd_window_open_approval (window, name, stage_name, action_name);
  else
    found = pd_window_open_pipeline (window, name, approve);

  if (!found)
    {
      /* Translators: a pipeline name */
      g_autofree char *text = g_strdup_printf (_("No pipeline named “%s”"), name);

      pd_window_add_toast (window, text);
    }
}

static void
pd_application_open_pipeline_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  open_pipeline (PD_APPLICATION (user_data), g_variant_get_string (parameter, NULL), FALSE,
                 NULL, NULL);
}

static void
pd_application_approve_pipeline_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  open_pipeline (PD_APPLICATION (user_data), g_variant_get_string (parameter, NULL), TRUE,
                 NULL, NULL);
}

/* The Approve… button names the approval it was sent for: the one that
 * waits when it is pressed may be another. */
static void
pd_application_approve_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  const char *name;
  const char *stage_name;
  const char *action_name;

  g_variant_get (parameter, "(&s&s&s)", &name, &stage_name, &action_name);
  open_pipeline (PD_APPLICATION (user_data), name, TRUE, stage_name, action_name);
}

static const GActionEntry app_actions[] = {
  { "open-pipeline", pd_application_open_pipeline_action, "s" },
  { "approve-pipeline", pd_application_approve_pipeline_action, "s" },
  { "approve", pd_application_approve_action, "(sss)" },
  { "quit", pd_application_quit_action },
  { "about", pd_application_about_action },
  { "preferences", pd_application_preferences_action },
  { "add-account", pd_application_add_account_action },
  { "open-sandbox", pd_application_open_sandbox_action },
};

static void
pd_application_init (PdApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);

  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<primary>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<primary>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.add-account",
                                         (const char *[]) { "<primary>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close",
                                         (const char *[]) { "<primary>w", NULL });
  /* The pipeline view's action: F9 folds its executions pane from
   * anywhere in the window, as in other GNOME applications' side panes. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "pipeline.show-executions",
                                         (const char *[]) { "F9", NULL });
}

/**
 * pd_application_new:
 *
 * Creates the application. Its resources are registered on first use.
 *
 * Returns: (transfer full): a new #PdApplication
 */
PdApplication *
pd_application_new (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      pd_register_resource ();
      g_once_init_leave (&registered, 1);
    }

  return g_object_new (PD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", APP_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * pd_application_get_locale_dir:
 *
 * Returns: (transfer none): where the translations are, which
 *   `PD_LOCALEDIR` overrides for uninstalled runs
 */
const char *
pd_application_get_locale_dir (void)
{
  const char *dir = g_getenv ("PD_LOCALEDIR");

  return dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR;
}

GSettings *
pd_application_get_settings (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * pd_application_get_exit_status:
 * @self: a #PdApplication
 *
 * Returns: the status the process should exit with, non-zero when a
 *   `--screenshot` run failed
 */
int
pd_application_get_exit_status (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), 1);

  return self->exit_status;
}

/**
 * pd_application_get_account_store:
 * @self: a #PdApplication
 *
 * Returns: (transfer none): the accounts every window chooses from
 */
PdAccountStore *
pd_application_get_account_store (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->account_store;
}

/**
 * pd_application_send_pipeline_notification:
 * @self: a #PdApplication
 * @pipeline: a watched pipeline
 * @kind: why it deserves a notification
 * @title: the title
 * @body: the text
 * @stage_name: (nullable): for an approval, its stage
 * @action_name: (nullable): for an approval, its action
 *
 * Sends a desktop notification, unless the user turned them off. It opens
 * the pipeline (`app.open-pipeline`); an approval's also has an Approve…
 * button (`app.approve` with the pipeline, stage and action).
 */
void
pd_application_send_pipeline_notification (PdApplication      *self,
                                           PdPipeline         *pipeline,
                                           PdNotificationKind  kind,
                                           const char         *title,
                                           const char         *body,
                                           const char         *stage_name,
                                           const char         *action_name)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  const char *name;

  g_return_if_fail (PD_IS_APPLICATION (self));
  g_return_if_fail (PD_IS_PIPELINE (pipeline));
  g_return_if_fail (title != NULL);

  if (!g_settings_get_boolean (self->settings, "notifications-enabled") ||
      !g_application_get_is_registered (G_APPLICATION (self)) ||
      g_application_get_is_remote (G_APPLICATION (self)))
    return;

  name = pd_pipeline_get_name (pipeline);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.open-pipeline", "s", name);
  g_notification_add_button_with_target (notification, _("Open"), "app.open-pipeline", "s", name);
  if (kind == PD_NOTIFICATION_APPROVAL && stage_name != NULL && action_name != NULL)
    g_notification_add_button_with_target (notification, _("Approve…"), "app.approve", "(sss)",
                                           name, stage_name, action_name);
  if (kind == PD_NOTIFICATION_FAILED || kind == PD_NOTIFICATION_APPROVAL)
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);

  id = notification_id (pipeline, kind);
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

/**
 * pd_application_withdraw_pipeline_notification:
 * @self: a #PdApplication
 * @pipeline: a pipeline
 * @kind: the kind of notification whose state is over
 *
 * Withdraws the notification of @kind for @pipeline, such as an approval
 * that was answered.
 */
void
pd_application_withdraw_pipeline_notification (PdApplication      *self,
                                               PdPipeline         *pipeline,
                                               PdNotificationKind  kind)
{
  g_autofree char *id = NULL;

  g_return_if_fail (PD_IS_APPLICATION (self));
  g_return_if_fail (PD_IS_PIPELINE (pipeline));

  if (!g_application_get_is_registered (G_APPLICATION (self)) ||
      g_application_get_is_remote (G_APPLICATION (self)))
    return;

  id = notification_id (pipeline, kind);
  g_application_withdraw_notification (G_APPLICATION (self), id);
}
