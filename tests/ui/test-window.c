/* test-window.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-application.h"
#include "pd-aws-keyring.h"
#include "pd-screenshot.h"
#include "pd-test-utils.h"
#include "pd-window.h"

static PdApplication *app;

static GtkWidget *
find_button_with_action (GtkWidget  *root,
                         const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        return child;

      if ((found = find_button_with_action (child, action_name)))
        return found;
    }

  return NULL;
}

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_widget_of_type (child, type)))
        return found;
    }

  return NULL;
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_window_new_destroy (void)
{
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));

  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pd_test_wait_until (widget_is_mapped, window, 5000));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

typedef struct
{
  guint activated;
} ActionCounter;

static void
on_action_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        ActionCounter *counter)
{
  counter->activated++;
}

static gboolean
counter_is_set (gpointer data)
{
  return ((ActionCounter *) data)->activated > 0;
}

static void
check_empty_state_action (PdWindow   *window,
                          const char *action_name)
{
  ActionCounter counter = { 0 };
  GtkWidget *button;
  GAction *action;
  gulong handler;

  button = find_button_with_action (GTK_WIDGET (window), action_name);
  g_assert_nonnull (button);
  g_assert_true (pd_test_wait_until (widget_is_mapped, button, 5000));
  g_assert_true (gtk_widget_is_sensitive (button));

  action = g_action_map_lookup_action (G_ACTION_MAP (app), action_name + strlen ("app."));
  g_assert_nonnull (action);
  g_assert_true (g_action_get_enabled (action));

  handler = g_signal_connect (action, "activate", G_CALLBACK (on_action_activated_cb), &counter);
  g_assert_true (gtk_widget_activate (button));
  /* A button's activation arrives a moment later: wait for it. */
  g_assert_true (pd_test_wait_until (counter_is_set, &counter, 5000));
  g_assert_cmpuint (counter.activated, ==, 1);
  g_signal_handler_disconnect (action, handler);
}

static gboolean
window_not_busy (gpointer data)
{
  return !pd_window_get_busy (PD_WINDOW (data));
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  pd_aws_keyring_delete_finish (result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
delete_keyring_account (const char *name)
{
  gboolean done = FALSE;

  pd_aws_keyring_delete_async (name, NULL, delete_cb, &done);
  pd_test_wait_for_flag (&done, 10000);
}

static void
close_other_windows (GtkWindow *keep)
{
  GList *windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (l->data != keep && GTK_IS_WINDOW (l->data))
      gtk_window_destroy (l->data);
  g_list_free (windows);
}

static void
test_window_empty_state (void)
{
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));
  AdwStatusPage *status_page;

  g_object_ref_sink (window);
  pd_window_set_account_store (window, pd_application_get_account_store (app), NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pd_test_wait_until (widget_is_mapped, window, 5000));

  status_page = ADW_STATUS_PAGE (find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (status_page);
  g_assert_true (pd_test_wait_until (widget_is_mapped, status_page, 5000));
  g_assert_cmpstr (adw_status_page_get_title (status_page), ==, "No Account Yet");

  check_empty_state_action (window, "app.add-account");
  check_empty_state_action (window, "app.open-sandbox");

  /* The primary menu's entries exist as actions too. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));

  /* Add Account opened its dialog, Open the Sandbox started the sandbox
   * and shows its account once it is checked. */
  g_assert_true (pd_test_wait_until (window_not_busy, window, 20000));
  g_assert_nonnull (pd_window_get_account (window));
  g_assert_cmpstr (pd_account_get_name (pd_window_get_account (window)), ==, PD_ACCOUNT_SANDBOX_NAME);
  g_assert_nonnull (pd_account_get_account_id (pd_window_get_account (window)));
  close_other_windows (GTK_WINDOW (window));
  delete_keyring_account (PD_ACCOUNT_SANDBOX_NAME);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_assert_true (pd_test_wait_until (pointer_is_null, &window, 5000));
}

static void
test_window_settings_round_trip (void)
{
  GSettings *settings = pd_application_get_settings (app);
  PdWindow *window;
  int width = 0, height = 0;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  window = pd_window_new (ADW_APPLICATION (app));
  g_object_ref_sink (window);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  /* A new size is kept when the window closes. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pd_test_wait_until (widget_is_mapped, window, 5000));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  g_assert_finalize_object (window);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
test_window_switch_account_cancels (void)
{
  PdAccountStore *store = pd_application_get_account_store (app);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  PdAccount *sandbox_account;
  PdWindow *window;
  gint64 deadline;

  pd_account_store_open_sandbox_async (store, NULL, store_result_cb, &result);
  g_assert_true (pd_test_wait_until (has_result, &result, 20000));
  sandbox_account = pd_account_store_open_sandbox_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sandbox_account);
  g_clear_object (&result);
  /* The store keeps it alive. */
  g_object_unref (sandbox_account);

  window = pd_window_new (ADW_APPLICATION (app));
  g_object_ref_sink (window);
  pd_window_set_account_store (window, store, sandbox_account);
  gtk_window_present (GTK_WINDOW (window));

  /* With no delay, the sandbox account checks out. */
  g_assert_true (pd_test_wait_until (window_not_busy, window, 20000));
  g_assert_cmpstr (pd_account_get_account_id (sandbox_account), !=, NULL);

  /* A slow sandbox: the check is still in flight when the user switches
   * away and closes the window. Nothing may land on the dead window. */
  pd_account_set_identity (sandbox_account, NULL, NULL);
  g_assert_true (pd_sandbox_set_faults (pd_account_store_get_sandbox (store), "latency=1500ms", &error));
  g_assert_no_error (error);
  pd_window_select_account (window, NULL);
  pd_window_select_account (window, sandbox_account);
  g_assert_true (pd_window_get_busy (window));
  g_assert_true (pd_window_get_account (window) == sandbox_account);
  pd_window_select_account (window, NULL);
  g_assert_null (pd_window_get_account (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  /* The cancelled check lets go of the window at once, well before the
   * slow answer would have come. */
  g_assert_true (pd_test_wait_until (pointer_is_null, &window, 1000));

  deadline = g_get_monotonic_time () + 2500 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  /* The cancelled check recorded nothing. */
  g_assert_null (pd_account_get_account_id (sandbox_account));

  g_assert_true (pd_sandbox_set_faults (pd_account_store_get_sandbox (store), "", &error));
  g_assert_no_error (error);
  delete_keyring_account (PD_ACCOUNT_SANDBOX_NAME);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
run_pipedeck (const char * const  *extra_args,
              const char          *language,
              int                 *exit_status,
              char               **err_out)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  GAsyncResult *result = NULL;

  g_ptr_array_add (argv, (gpointer) PIPEDECK_BIN);
  for (guint i = 0; extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (language != NULL)
    {
      /* gettext ignores LANGUAGE in the plain C locale. */
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
      g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
      g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
      g_subprocess_launcher_unsetenv (launcher, "LC_MESSAGES");
    }
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* Keep this process's main loop running meanwhile: the child may talk
   * to a sandbox served from here. */
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, &result);
  g_assert_true (pd_test_wait_until (has_result, &result, 90000));
  g_subprocess_communicate_utf8_finish (proc, result, &out, err_out, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  *exit_status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

static void
test_screenshot_has_content (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-screenshot-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "window.png", NULL);
  g_autofree char *arg = g_strdup_printf ("--screenshot=%s", file);
  g_autofree char *err = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  int status;
  int width, height;

  run_pipedeck ((const char *[]) { arg, NULL }, NULL, &status, &err);
  g_assert_cmpint (status, ==, 0);

  texture = gdk_texture_new_from_filename (file, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, >=, 360);
  g_assert_cmpint (height, >=, 294);

  /* A blank or single-colour image would mean nothing was drawn. */
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint32 pixel;

      memcpy (&pixel, pixels + i * 4, 4);
      g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
    }
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);

  g_unlink (file);
  g_rmdir (dir);
}

static void
test_screenshot_unknown_view_fails (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-screenshot-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "window.png", NULL);
  g_autofree char *arg = g_strdup_printf ("--screenshot=%s", file);
  g_autofree char *err = NULL;
  int status;

  run_pipedeck ((const char *[]) { arg, "--view=no-such-view", NULL }, NULL, &status, &err);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "no-such-view"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

static void
test_spanish_translation (void)
{
  g_autofree char *err = NULL;
  int status;

  /* The error for an unknown view comes from the translated catalogue. */
  run_pipedeck ((const char *[]) { "--view=no-such-view", "--screenshot=/nonexistent/x.png", NULL },
                "es", &status, &err);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "Vista desconocida"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it empties XDG_DATA_DIRS, and without the
   * MIME database GdkPixbuf cannot load SVG icons. The test environment
   * already keeps settings in memory and CI runs with a throw-away HOME. */
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  adw_init ();

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/pd/ui/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/pd/ui/window/empty-state", test_window_empty_state);
  g_test_add_func ("/pd/ui/window/settings-round-trip", test_window_settings_round_trip);
  g_test_add_func ("/pd/ui/window/switch-account-cancels", test_window_switch_account_cancels);
  g_test_add_func ("/pd/ui/screenshot/has-content", test_screenshot_has_content);
  g_test_add_func ("/pd/ui/screenshot/unknown-view-fails", test_screenshot_unknown_view_fails);
  g_test_add_func ("/pd/ui/i18n/spanish", test_spanish_translation);

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
