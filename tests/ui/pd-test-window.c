/* pd-test-window.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-test-utils.h"
#include "pd-test-window.h"

gboolean
pd_test_window_is_idle (gpointer window)
{
  return !pd_window_get_busy (PD_WINDOW (window));
}

gboolean
pd_test_window_list_has_status (gpointer window)
{
  GListModel *model = pd_window_get_pipelines_model (PD_WINDOW (window));
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

  poller = pd_window_get_poller (window);
  g_assert_nonnull (poller);
  pd_poller_set_running_interval (poller, 60);
  pd_poller_set_idle_interval (poller, 300);
  pd_poller_set_max_backoff (poller, 400);
  pd_poller_poll_now (poller);
  g_assert_true (pd_test_wait_until (pd_test_window_list_has_status, window, timeout_ms));

  return window;
}
