/* test-account-dialog.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "pd-account-dialog.h"
#include "pd-application.h"
#include "pd-aws-keyring.h"
#include "pd-test-utils.h"

static PdApplication *app;

static GtkWidget *
find_by_title (GtkWidget  *root,
               GType       type,
               const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (title == NULL ||
           (ADW_IS_PREFERENCES_ROW (child) &&
            g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0) ||
           (GTK_IS_BUTTON (child) &&
            g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), title) == 0)))
        return child;
      if ((found = find_by_title (child, type, title)))
        return found;
    }

  return NULL;
}

static void
set_row (PdAccountDialog *dialog,
         const char      *title,
         const char      *text)
{
  GtkWidget *row = find_by_title (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
visible_error_count_is (PdAccountDialog *dialog,
                        guint            expected)
{
  guint n = 0;
  GtkWidget *widget = GTK_WIDGET (dialog);
  GPtrArray *stack = g_ptr_array_new ();

  g_ptr_array_add (stack, widget);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "error") && gtk_widget_get_visible (w))
        n++;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_unref (stack);

  return n == expected;
}

static void
test_validation_enables_add (void)
{
  PdAccountStore *store = pd_application_get_account_store (app);
  PdAccountDialog *dialog = pd_account_dialog_new (NULL, store);
  GtkWidget *add;

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  add = find_by_title (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "account.add");
  g_assert_nonnull (add);
  g_assert_true (pd_test_wait_until (mapped, add, 5000));

  /* Empty: nothing flagged yet, nothing to add. */
  g_assert_false (gtk_widget_is_sensitive (add));
  g_assert_true (visible_error_count_is (dialog, 0));

  set_row (dialog, "Name", "dialog-test");
  set_row (dialog, "Access Key ID", "not a key");
  set_row (dialog, "Secret Access Key", "s3cr3t");
  g_assert_false (gtk_widget_is_sensitive (add));
  g_assert_true (visible_error_count_is (dialog, 1));

  set_row (dialog, "Access Key ID", PD_TEST_STS_ACCESS_KEY);
  set_row (dialog, "Endpoint URL (optional)", "http://192.0.2.10:4566");
  g_assert_false (gtk_widget_is_sensitive (add));
  g_assert_true (visible_error_count_is (dialog, 1));

  /* A name is checked when the keys are, by resolving it */
  set_row (dialog, "Endpoint URL (optional)", "http://localhost.localstack.cloud:4566");
  g_assert_true (gtk_widget_is_sensitive (add));
  g_assert_true (visible_error_count_is (dialog, 0));

  set_row (dialog, "Endpoint URL (optional)", "");
  set_row (dialog, "Region", "eu west 1");
  g_assert_false (gtk_widget_is_sensitive (add));

  set_row (dialog, "Region", "eu-west-1");
  g_assert_true (gtk_widget_is_sensitive (add));
  g_assert_true (visible_error_count_is (dialog, 0));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

typedef struct
{
  PdAccount *account;
} Added;

static void
on_added_cb (PdAccountDialog *dialog,
             PdAccount       *account,
             Added           *added)
{
  g_set_object (&added->account, account);
}

static gboolean
has_account (gpointer data)
{
  return ((Added *) data)->account != NULL;
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  pd_aws_keyring_delete_finish (result, NULL);
  *done = TRUE;
}

static void
test_add_account_end_to_end (void)
{
  PdAccountStore *store = pd_application_get_account_store (app);
  PdAccountDialog *dialog;
  PdTestFakeSts sts = { 0 };
  Added added = { 0 };
  gboolean deleted = FALSE;
  GtkWidget *add;
  GtkWidget *row;

  pd_aws_keyring_delete_async ("dialog-e2e", NULL, delete_cb, &deleted);
  pd_test_wait_for_flag (&deleted, 10000);
  pd_test_fake_sts_start (&sts);

  dialog = pd_account_dialog_new (NULL, store);
  g_object_ref_sink (dialog);
  g_signal_connect (dialog, "account-added", G_CALLBACK (on_added_cb), &added);
  gtk_window_present (GTK_WINDOW (dialog));

  set_row (dialog, "Name", "dialog-e2e");
  set_row (dialog, "Access Key ID", PD_TEST_STS_ACCESS_KEY);
  set_row (dialog, "Secret Access Key", PD_TEST_STS_SECRET_KEY);
  set_row (dialog, "Region", "eu-west-1");
  set_row (dialog, "Endpoint URL (optional)", sts.url);

  add = find_by_title (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "account.add");
  g_assert_true (pd_test_wait_until (mapped, add, 5000));
  g_assert_true (gtk_widget_is_sensitive (add));
  g_assert_true (gtk_widget_activate (add));

  g_assert_true (pd_test_wait_until (has_account, &added, 20000));
  g_assert_cmpstr (pd_account_get_account_id (added.account), ==, "123456789012");
  g_assert_true (pd_account_store_find (store, "keyring:dialog-e2e") == added.account);

  /* The dialog shows who the keys belong to. */
  row = find_by_title (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Account ID");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "123456789012");
  g_assert_true (pd_test_wait_until (mapped, row, 5000));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
  g_clear_object (&added.account);

  deleted = FALSE;
  pd_aws_keyring_delete_async ("dialog-e2e", NULL, delete_cb, &deleted);
  pd_test_wait_for_flag (&deleted, 10000);
  pd_test_fake_sts_stop (&sts);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: see test-window.c. */
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

  g_test_add_func ("/pd/ui/account-dialog/validation-enables-add", test_validation_enables_add);
  g_test_add_func ("/pd/ui/account-dialog/add-end-to-end", test_add_account_end_to_end);

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
