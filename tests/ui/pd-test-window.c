/* pd-test-window.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-test-utils.h"
#include "pd-test-window.h"

PdPipelinesPage *
pd_test_window_pipelines (gpointer window)
{
  PdSection *section = pd_window_get_section (PD_WINDOW (window), "pipelines");

  g_assert_true (PD_IS_PIPELINES_PAGE (section));
  return PD_PIPELINES_PAGE (section);
}

gboolean
pd_test_window_is_idle (gpointer window)
{
  return !pd_window_get_busy (PD_WINDOW (window));
}

gboolean
pd_test_window_list_has_status (gpointer window)
{
  GListModel *model = pd_pipelines_page_get_model (pd_test_window_pipelines (PD_WINDOW (window)));
  guint n = g_list_model_get_n_items (model);

  if (n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdPipeline) pipeline = g_list_model_get_item (model, i);

      if (!pd_pipeline_get_has_status (pipeline))
        return FALSE;
    }
  return TRUE;
}

PdAccount *
pd_test_window_add_sandbox_account (PdApplication *app,
                                    PdTestSandbox *sandbox)
{
  static guint serial;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autofree char *name = g_strdup_printf ("Test sandbox %u", ++serial);
  PdAccount *account;

  credentials = pd_aws_credentials_new (pd_sandbox_get_access_key_id (sandbox->sandbox),
                                        pd_sandbox_get_secret_key (sandbox->sandbox),
                                        NULL, NULL, "sandbox");
  provider = pd_aws_static_credentials_provider_new (credentials);
  account = pd_account_new (PD_ACCOUNT_SOURCE_SANDBOX, name, "eu-west-1",
                            pd_sandbox_get_endpoint (sandbox->sandbox));
  pd_account_set_provider (account, provider);
  pd_account_store_add_sandbox (pd_application_get_account_store (app), account);

  return account;
}

PdWindow *
pd_test_window_new_loaded (PdApplication *app,
                           PdAccount     *account,
                           guint          timeout_ms)
{
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));
  PdPoller *poller;

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  pd_window_set_account_store (window, pd_application_get_account_store (app), account);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pd_test_wait_until (pd_test_window_is_idle, window, timeout_ms));

  poller = pd_pipelines_page_get_poller (pd_test_window_pipelines (window));
  g_assert_nonnull (poller);
  pd_poller_set_running_interval (poller, 60);
  pd_poller_set_idle_interval (poller, 300);
  pd_poller_set_max_backoff (poller, 400);
  pd_poller_poll_now (poller);
  g_assert_true (pd_test_wait_until (pd_test_window_list_has_status, window, timeout_ms));

  return window;
}

/* Whether @trigger, or one of its alternatives, is @keyval with @mods. */
static gboolean
trigger_has (GtkShortcutTrigger *trigger,
             guint               keyval,
             GdkModifierType     mods)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_has (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                        keyval, mods) ||
           trigger_has (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                        keyval, mods);
  return GTK_IS_KEYVAL_TRIGGER (trigger) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods;
}

/* What a key press does in @widget: its capture-phase shortcuts run before
 * the focused child sees the key. Returns whether one handled it. */
gboolean
pd_test_press_shortcut (GtkWidget       *widget,
                        guint            keyval,
                        GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);

          if (trigger_has (gtk_shortcut_get_trigger (shortcut), keyval, mods))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                 widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}
