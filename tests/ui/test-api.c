/* test-api.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-api-edit-dialog.h"
#include "pd-api-page.h"
#include "pd-application.h"
#include "pd-error-state.h"
#include "pd-test-awscli.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"
#include "pd-test-window.h"
#include "pd-window.h"

#define WAIT_MS 30000

static PdApplication *app;

typedef struct
{
  PdTestSandbox *sandbox;
  PdAccount     *account;
  PdWindow      *window;
  PdApiPage     *page;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->sandbox = pd_test_sandbox_new (50.0, 7, 16);
  fixture->account = pd_test_window_add_sandbox_account (app, fixture->sandbox);
  fixture->window = pd_test_window_new_loaded (app, fixture->account, WAIT_MS);
  fixture->page = PD_API_PAGE (pd_window_get_section (fixture->window, "api"));
  g_assert_nonnull (fixture->page);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwMessageDialog *dialog = pd_api_page_get_dialog (fixture->page);

  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static void
show_view (Fixture    *fixture,
           const char *view)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_window_show_view (fixture->window, view, &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (pd_test_window_is_idle, fixture->window, WAIT_MS));
  g_assert_true (pd_window_get_shown_section (fixture->window) == PD_SECTION (fixture->page));
}

static JsonObject *
aws_get_stage (Fixture    *fixture,
               const char *stage)
{
  const char *args[] = { "apigateway", "get-stage", "--rest-api-id",
                         pd_api_get_id (pd_api_page_get_shown_api (fixture->page)),
                         "--stage-name", stage, NULL };

  return pd_test_awscli_json (fixture->sandbox->sandbox, args);
}

static JsonObject *
stage_settings (JsonObject *stage)
{
  return json_object_get_object_member (json_object_get_object_member (stage, "methodSettings"),
                                        "*/*");
}

static gboolean
action_enabled (Fixture    *fixture,
                const char *name)
{
  return g_action_group_get_action_enabled (pd_api_page_get_actions (fixture->page), name);
}

static gboolean
undo_enabled_cb (gpointer data)
{
  return action_enabled (data, "undo");
}

static gboolean
undo_disabled_and_edit_enabled_cb (gpointer data)
{
  return !action_enabled (data, "undo") && action_enabled (data, "edit");
}

/* The section lists the seeded APIs; todo-list-aws has staging and prod,
 * its tree and its authorizers */
static void
test_lists_todo_list_aws (Fixture       *fixture,
                          gconstpointer  data)
{
  GListModel *model = pd_api_page_get_model (fixture->page);
  GListModel *names;
  GListModel *tree;
  g_autofree char *title = NULL;
  gboolean found = FALSE;

  show_view (fixture, "api:todo-list-aws");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdApi) api = g_list_model_get_item (model, i);

      found |= g_str_equal (pd_api_get_name (api), "todo-list-aws");
    }
  g_assert_true (found);
  g_assert_cmpstr (pd_api_get_name (pd_api_page_get_shown_api (fixture->page)), ==,
                   "todo-list-aws");

  names = pd_api_page_get_stage_names (fixture->page);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "staging");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, "prod");
  g_assert_cmpstr (pd_api_stage_get_name (pd_api_page_get_shown_stage (fixture->page)), ==,
                   "staging");

  /* Every resource and method shows, expanded: /, /health, GET, /todos,
   * GET, POST, /todos/{id}, DELETE, GET, PUT */
  tree = pd_api_page_get_tree (fixture->page);
  g_assert_nonnull (tree);
  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 10);

  title = pd_section_dup_title (PD_SECTION (fixture->page));
  g_assert_cmpstr (title, ==, "todo-list-aws");

  /* The other stage from the switcher */
  g_assert_true (pd_api_page_show_stage (fixture->page, "prod"));
  g_assert_nonnull (pd_api_stage_get_web_acl_arn (pd_api_page_get_shown_stage (fixture->page)));
  g_assert_false (pd_api_page_show_stage (fixture->page, "qa"));
}

static void
test_view_argument (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *by_id = NULL;
  const char *bad[] = { "api:", "api:/prod", "api:todo-list-aws/", "api:a/b/c" };

  show_view (fixture, "api:todo-list-aws/prod");
  g_assert_cmpstr (pd_api_stage_get_name (pd_api_page_get_shown_stage (fixture->page)), ==,
                   "prod");

  /* By ID too */
  by_id = g_strdup_printf ("api:%s/staging",
                           pd_api_get_id (pd_api_page_get_shown_api (fixture->page)));
  show_view (fixture, by_id);
  g_assert_cmpstr (pd_api_stage_get_name (pd_api_page_get_shown_stage (fixture->page)), ==,
                   "staging");

  /* An unknown API or stage ends the wait instead of hanging a screenshot */
  show_view (fixture, "api:no-such-api");
  show_view (fixture, "api:todo-list-aws/qa");
  g_assert_cmpstr (pd_api_get_name (pd_api_page_get_shown_api (fixture->page)), ==,
                   "todo-list-aws");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (pd_window_show_view (fixture->window, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  g_assert_false (pd_window_get_busy (fixture->window));
}

/* A throttling edit through the page reaches AWS, only that changes, and
 * the undo puts it back */
static void
test_edit_throttling (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) undone = NULL;
  PdApiEditDialog *dialog;
  AdwMessageDialog *review;
  AdwMessageDialog *confirm;
  g_autofree char *body = NULL;

  show_view (fixture, "api:todo-list-aws/prod");
  before = aws_get_stage (fixture, "prod");
  g_assert_false (action_enabled (fixture, "undo"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "api.edit", NULL));
  dialog = PD_API_EDIT_DIALOG (pd_api_page_get_dialog (fixture->page));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (pd_api_edit_dialog_get_rate_entry (dialog)), ==, "500");
  g_assert_cmpstr (gtk_editable_get_text (pd_api_edit_dialog_get_burst_entry (dialog)), ==,
                   "1000");
  /* Nothing changed yet: nothing to review */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "review"));
  gtk_editable_set_text (pd_api_edit_dialog_get_rate_entry (dialog), "123");
  gtk_editable_set_text (pd_api_edit_dialog_get_burst_entry (dialog), "456");
  g_assert_null (pd_api_edit_dialog_get_problem (dialog));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "review"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "review");

  /* The review lists the patch in plain words; nothing is sent yet */
  review = pd_api_page_get_dialog (fixture->page);
  g_assert_nonnull (review);
  g_assert_false ((gpointer) review == (gpointer) dialog);
  body = g_strdup (adw_message_dialog_get_body (review));
  g_assert_nonnull (strstr (body, "Set the stage-wide rate limit from 500 to 123 requests per "
                                  "second"));
  g_assert_nonnull (strstr (body, "Set the stage-wide burst limit from 1000 to 456 requests"));
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "apigateway.UpdateStage"), ==, 0);
  adw_message_dialog_response (review, "apply");
  g_assert_true (pd_test_wait_until (undo_enabled_cb, fixture, WAIT_MS));
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "apigateway.UpdateStage"), ==, 1);

  /* awscli sees the new values and nothing else new */
  after = aws_get_stage (fixture, "prod");
  g_assert_cmpfloat (json_object_get_double_member (stage_settings (after), "throttlingRateLimit"),
                     ==, 123);
  g_assert_cmpint (json_object_get_int_member (stage_settings (after), "throttlingBurstLimit"), ==,
                   456);
  json_object_set_double_member (stage_settings (after), "throttlingRateLimit",
                                 json_object_get_double_member (stage_settings (before),
                                                                "throttlingRateLimit"));
  json_object_set_int_member (stage_settings (after), "throttlingBurstLimit",
                              json_object_get_int_member (stage_settings (before),
                                                          "throttlingBurstLimit"));
  json_object_remove_member (after, "lastUpdatedDate");
  json_object_set_member (after, "lastUpdatedDate",
                          json_node_copy (json_object_get_member (before, "lastUpdatedDate")));
  {
    g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), before);
    g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), after);

    g_assert_true (json_node_equal (a, b));
  }
  /* The page shows the stage as read again */
  g_assert_cmpfloat (pd_api_throttle_get_rate (pd_api_stage_find_throttle
                                                 (pd_api_page_get_shown_stage (fixture->page),
                                                  NULL, NULL)), ==, 123);

  /* Undo asks first; Cancel sends nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "api.undo", NULL));
  confirm = pd_api_page_get_dialog (fixture->page);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm),
                            "Set the stage-wide rate limit from 123 to 500 requests per second"));
  adw_message_dialog_response (confirm, "cancel");
  g_assert_true (action_enabled (fixture, "undo"));
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "apigateway.UpdateStage"), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "api.undo", NULL));
  confirm = pd_api_page_get_dialog (fixture->page);
  adw_message_dialog_response (confirm, "undo");
  g_assert_true (pd_test_wait_until (undo_disabled_and_edit_enabled_cb, fixture, WAIT_MS));
  undone = aws_get_stage (fixture, "prod");
  g_assert_cmpfloat (json_object_get_double_member (stage_settings (undone),
                                                    "throttlingRateLimit"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (stage_settings (undone), "throttlingBurstLimit"),
                   ==, 1000);
  json_object_remove_member (undone, "lastUpdatedDate");
  json_object_remove_member (before, "lastUpdatedDate");
  {
    g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), before);
    g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), undone);

    g_assert_true (json_node_equal (a, b));
  }
}

/* The form refuses what AWS would, says why, and sends nothing */
static void
test_edit_invalid (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct { const char *field; const char *text; } bad[] = {
    { "rate", "fast" }, { "rate", "-5" }, { "rate", "20000" }, { "rate", "" },
    { "burst", "1.5" }, { "burst", "9999" }, { "burst", "" },
    { "new-name", "bad-name" }, { "new-value", "semi;colon" }, { "variable", "with space" },
  };
  PdApiEditDialog *dialog;
  AdwMessageDialog *open;

  show_view (fixture, "api:todo-list-aws/prod");
  pd_test_sandbox_reset_stats (fixture->sandbox);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "api.edit", NULL));
  dialog = PD_API_EDIT_DIALOG (pd_api_page_get_dialog (fixture->page));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GtkEditable *entry;
      g_autofree char *old = NULL;

      if (g_str_equal (bad[i].field, "rate"))
        entry = pd_api_edit_dialog_get_rate_entry (dialog);
      else if (g_str_equal (bad[i].field, "burst"))
        entry = pd_api_edit_dialog_get_burst_entry (dialog);
      else if (g_str_equal (bad[i].field, "new-name"))
        entry = pd_api_edit_dialog_get_new_name (dialog);
      else if (g_str_equal (bad[i].field, "new-value"))
        {
          gtk_editable_set_text (pd_api_edit_dialog_get_new_name (dialog), "fine");
          entry = pd_api_edit_dialog_get_new_value (dialog);
        }
      else
        entry = pd_api_edit_dialog_get_variable_entry (dialog, "logLevel");
      g_assert_nonnull (entry);

      old = g_strdup (gtk_editable_get_text (entry));
      gtk_editable_set_text (entry, bad[i].text);
      g_assert_nonnull (pd_api_edit_dialog_get_problem (dialog));
      g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                               "review"));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
      gtk_editable_set_text (entry, old);
      if (g_str_equal (bad[i].field, "new-value"))
        gtk_editable_set_text (pd_api_edit_dialog_get_new_name (dialog), "");
      g_assert_null (pd_api_edit_dialog_get_problem (dialog));
      g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
    }

  /* A refused form does not reach the review */
  gtk_editable_set_text (pd_api_edit_dialog_get_rate_entry (dialog), "fast");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "review");
  open = pd_api_page_get_dialog (fixture->page);
  g_assert_true (open == NULL || (gpointer) open == (gpointer) dialog);
  /* Nothing was written: a refused form sends no UpdateStage. */
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "apigateway.UpdateStage"), ==, 0);
}

/* The section polls only while it shows */
static void
test_polls_only_when_shown (Fixture       *fixture,
                            gconstpointer  data)
{
  PdApiPoller *poller = pd_api_page_get_poller (fixture->page);

  g_assert_nonnull (poller);
  g_assert_false (pd_api_poller_get_active (poller));
  /* The section itself has asked nothing while hidden. */
  g_assert_false (pd_api_list_get_loaded (pd_api_page_get_list (fixture->page)));
  g_assert_false (pd_api_list_get_loading (pd_api_page_get_list (fixture->page)));
  show_view (fixture, "api:todo-list-aws");
  g_assert_true (pd_api_poller_get_active (pd_api_page_get_poller (fixture->page)));
  show_view (fixture, "api:todo-list-aws");
  g_assert_true (pd_window_show_view (fixture->window, "pipeline:todo-list-aws", NULL));
  g_assert_false (pd_api_poller_get_active (pd_api_page_get_poller (fixture->page)));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkStack   *stack;
  const char *page;
} PageWait;

static gboolean
sidebar_shows (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (wait->stack), wait->page) == 0;
}

/* A first load that fails shows why in the sidebar, and Retry loads */
static void
test_first_load_error (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *sidebar = pd_section_get_sidebar (PD_SECTION (fixture->page));
  GtkStack *stack = GTK_STACK (find_descendant (sidebar, GTK_TYPE_STACK));
  PageWait error_page = { stack, "error" };
  PageWait list_page = { stack, "list" };
  PdErrorState *state;
  GError *error = NULL;

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "5xx=1.0,service=apigateway",
                                        &error));
  g_assert_no_error (error);
  g_assert_true (pd_window_show_view (fixture->window, "api:todo-list-aws", NULL));
  g_assert_true (pd_test_wait_until (sidebar_shows, &error_page, WAIT_MS));
  state = PD_ERROR_STATE (gtk_stack_get_visible_child (stack));
  g_assert_nonnull (pd_error_state_get_error (state));
  g_assert_true (pd_test_wait_until (pd_test_window_is_idle, fixture->window, WAIT_MS));
  g_assert_null (pd_api_page_get_shown_api (fixture->page));

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "", &error));
  g_assert_no_error (error);
  pd_error_state_retry (state);
  g_assert_true (pd_test_wait_until (sidebar_shows, &list_page, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (pd_api_page_get_model (fixture->page)), ==, 4);
}

static void
communicate_cb (GObject      *object,
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

/* pipedeck --sandbox --view=api:todo-list-aws/prod --screenshot writes a
 * picture of something */
static void
test_screenshot (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-api-shot-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "api.png", NULL);
  g_autofree char *arg = g_strdup_printf ("--screenshot=%s", file);
  const char *argv[] = { PIPEDECK_BIN, "--sandbox", "--view=api:todo-list-aws/prod", arg, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GAsyncResult *result = NULL;
  int width, height;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, &result);
  g_assert_true (pd_test_wait_until (has_result, &result, 90000));
  g_subprocess_communicate_utf8_finish (proc, result, &out, &err, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("pipedeck failed: %s", err);

  texture = gdk_texture_new_from_filename (file, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("GTK_A11Y", "test", TRUE);

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

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/pd/ui/api/lists-todo-list-aws", test_lists_todo_list_aws);
  ADD ("/pd/ui/api/view-argument", test_view_argument);
  ADD ("/pd/ui/api/edit/throttling-round-trip", test_edit_throttling);
  ADD ("/pd/ui/api/edit/invalid", test_edit_invalid);
  ADD ("/pd/ui/api/polls-only-when-shown", test_polls_only_when_shown);
  ADD ("/pd/ui/api/first-load-error", test_first_load_error);
#undef ADD
  g_test_add_func ("/pd/ui/api/screenshot", test_screenshot);

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
