/* test-notifications.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Desktop notifications, delivered for real. The test owns
 * org.gtk.Notifications on the session bus, as GNOME Shell does on a
 * desktop, on a connection of its own: GLib's GNotification then picks its
 * "gtk" backend (the name has an owner), which is the one the app uses
 * there, and every AddNotification and RemoveNotification reaches this
 * process through the bus. */

#include "config.h"

#include <adwaita.h>

#include "pd-account-store.h"
#include "pd-application.h"
#include "pd-pipeline-graph.h"
#include "pd-pipeline-row.h"
#include "pd-pipeline-view.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"
#include "pd-test-window.h"
#include "pd-util.h"
#include "pd-window.h"

/* Runs of the sandbox go 500 times faster than the wall clock. */
#define SPEED    500.0
#define WAIT_MS  30000
#define PIPELINE "todo-list-aws"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='a{sv}' name='notification' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* What the notification server received */
typedef struct
{
  char     *app_id;
  char     *id;
  GVariant *notification;          /* a{sv}, as GNotification serializes it */
} Delivered;

static PdApplication *app;
static GDBusConnection *server;
static GPtrArray *added;           /* Delivered */
static GPtrArray *removed;         /* Delivered without a notification */

typedef struct
{
  PdTestSandbox *sandbox;
  PdAccount     *account;
  PdWindow      *window;
} Fixture;

static PdPipelinesPage *
page_of (Fixture *fixture)
{
  return pd_test_window_pipelines (fixture->window);
}

static void
delivered_free (gpointer data)
{
  Delivered *delivered = data;

  g_free (delivered->app_id);
  g_free (delivered->id);
  g_clear_pointer (&delivered->notification, g_variant_unref);
  g_free (delivered);
}

static void
on_server_method_call_cb (GDBusConnection       *connection,
                          const char            *sender,
                          const char            *object_path,
                          const char            *interface_name,
                          const char            *method_name,
                          GVariant              *parameters,
                          GDBusMethodInvocation *invocation,
                          gpointer               user_data)
{
  Delivered *delivered = g_new0 (Delivered, 1);

  if (g_str_equal (method_name, "AddNotification"))
    {
      g_variant_get (parameters, "(ss@a{sv})", &delivered->app_id, &delivered->id,
                     &delivered->notification);
      g_ptr_array_add (added, delivered);
    }
  else
    {
      g_variant_get (parameters, "(ss)", &delivered->app_id, &delivered->id);
      g_ptr_array_add (removed, delivered);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable server_vtable = { on_server_method_call_cb, NULL, NULL, { 0 } };

/* Owns org.gtk.Notifications before the app sends anything: GLib chooses
 * the backend once, at the first notification. */
static void
start_notification_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *address = NULL;
  guint32 result;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  server = g_dbus_connection_new_for_address_sync (address,
                                                   G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                   G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                   NULL, NULL, &error);
  g_assert_no_error (error);

  info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (server, "/org/gtk/Notifications", info->interfaces[0],
                                     &server_vtable, NULL, NULL, &error);
  g_assert_no_error (error);

  reply = g_dbus_connection_call_sync (server, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gtk.Notifications",
                                                      4 /* DBUS_NAME_FLAG_DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  /* 1 is DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER: anything else means a
   * desktop's notification server is on this bus (run under dbus-run-session) */
  g_assert_cmpuint (result, ==, 1);

  added = g_ptr_array_new_with_free_func (delivered_free);
  removed = g_ptr_array_new_with_free_func (delivered_free);
}

static void
stop_notification_server (void)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_close_sync (server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server);
  g_clear_pointer (&added, g_ptr_array_unref);
  g_clear_pointer (&removed, g_ptr_array_unref);
}

static char *
lookup_string (GVariant   *dict,
               const char *key)
{
  char *value = NULL;

  if (!g_variant_lookup (dict, key, "s", &value))
    return NULL;
  return value;
}

/* The button of @notification whose action is @action, or NULL */
static GVariant *
find_button (Delivered  *delivered,
             const char *action)
{
  g_autoptr(GVariant) buttons = g_variant_lookup_value (delivered->notification, "buttons",
                                                        G_VARIANT_TYPE ("aa{sv}"));
  gsize n = buttons != NULL ? g_variant_n_children (buttons) : 0;

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) button = g_variant_get_child_value (buttons, i);
      g_autofree char *name = lookup_string (button, "action");

      if (g_strcmp0 (name, action) == 0)
        return g_steal_pointer (&button);
    }
  return NULL;
}

static guint
count_buttons (Delivered *delivered)
{
  g_autoptr(GVariant) buttons = g_variant_lookup_value (delivered->notification, "buttons",
                                                        G_VARIANT_TYPE ("aa{sv}"));

  return buttons != NULL ? g_variant_n_children (buttons) : 0;
}

static guint
count_with_id (GPtrArray  *array,
               const char *id)
{
  guint n = 0;

  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (((Delivered *) g_ptr_array_index (array, i))->id, id))
      n++;
  return n;
}

static Delivered *
last_with_id (GPtrArray  *array,
              const char *id)
{
  for (guint i = array->len; i > 0; i--)
    {
      Delivered *delivered = g_ptr_array_index (array, i - 1);

      if (g_str_equal (delivered->id, id))
        return delivered;
    }
  return NULL;
}

typedef struct
{
  GPtrArray  *array;
  const char *id;
  guint       count;
} DeliveryWait;

static gboolean
has_delivered (gpointer data)
{
  DeliveryWait *wait = data;

  return count_with_id (wait->array, wait->id) >= wait->count;
}

/* Waits for the @count-th delivery of @id and returns it */
static Delivered *
wait_delivered (GPtrArray  *array,
                const char *id,
                guint       count)
{
  DeliveryWait wait = { array, id, count };

  g_assert_true (pd_test_wait_until (has_delivered, &wait, WAIT_MS));
  return last_with_id (array, id);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Lets the poller look again a few times */
static void
let_polls_happen (guint ms)
{
  pd_test_wait_until (never, NULL, ms);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  PdPoller *poller;

  g_ptr_array_set_size (added, 0);
  g_ptr_array_set_size (removed, 0);
  g_settings_reset (pd_application_get_settings (app), "notifications-enabled");

  fixture->sandbox = pd_test_sandbox_new (SPEED, GPOINTER_TO_UINT (data), 16);
  fixture->account = pd_test_window_add_sandbox_account (app, fixture->sandbox);
  fixture->window = pd_test_window_new_loaded (app, fixture->account, WAIT_MS);
  /* A hidden window looks at watched pipelines as often */
  poller = pd_pipelines_page_get_poller (page_of (fixture));
  pd_poller_set_watch_interval (poller, pd_poller_get_idle_interval (poller));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
  pd_util_set_now_func (NULL, NULL);
}

static PdPipeline *
find_pipeline (Fixture    *fixture,
               const char *name)
{
  PdPipeline *pipeline = pd_pipeline_list_find (pd_pipelines_page_get_list (page_of (fixture)), name);

  g_assert_nonnull (pipeline);
  return pipeline;
}

static char *
start_run (PdPipeline *pipeline)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *id;

  pd_pipeline_start_execution_async (pipeline, NULL, NULL, pd_test_store_result_cb, &result);
  id = pd_pipeline_start_execution_finish (pipeline, pd_test_await_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
retry_test_stage (PdPipeline *pipeline)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A retry needs the failed stage's state, which a summary lacks */
  pd_pipeline_refresh_async (pipeline, NULL, pd_test_store_result_cb, &result);
  pd_pipeline_refresh_finish (pipeline, pd_test_await_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  pd_pipeline_retry_stage_async (pipeline, "Test", PD_AWS_RETRY_MODE_FAILED_ACTIONS, NULL,
                                 pd_test_store_result_cb, &result);
  pd_pipeline_retry_stage_finish (pipeline, pd_test_await_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
}

typedef struct
{
  PdPipeline           *pipeline;
  PdAwsExecutionStatus  status;
  const char           *id;
} StatusWait;

static gboolean
latest_is_cb (gpointer data)
{
  StatusWait *wait = data;

  return pd_pipeline_get_latest_status (wait->pipeline) == wait->status &&
         g_strcmp0 (pd_pipeline_get_latest_execution_id (wait->pipeline), wait->id) == 0;
}

static void
wait_latest (PdPipeline           *pipeline,
             PdAwsExecutionStatus  status,
             const char           *id)
{
  StatusWait wait = { pipeline, status, id };

  g_assert_true (pd_test_wait_until (latest_is_cb, &wait, WAIT_MS));
}

/* Checks what every notification of a pipeline has: the app, a title and
 * body naming it, Open as the default action and as a button. */
static void
check_common (Delivered  *delivered,
              const char *title,
              const char *priority)
{
  g_autofree char *got_title = lookup_string (delivered->notification, "title");
  g_autofree char *body = lookup_string (delivered->notification, "body");
  g_autofree char *got_priority = lookup_string (delivered->notification, "priority");
  g_autofree char *default_action = lookup_string (delivered->notification, "default-action");
  g_autoptr(GVariant) default_target = NULL;
  g_autoptr(GVariant) open = find_button (delivered, "app.open-pipeline");
  g_autoptr(GVariant) open_target = NULL;
  g_autofree char *open_label = NULL;

  g_assert_cmpstr (delivered->app_id, ==, APP_ID);
  g_assert_cmpstr (got_title, ==, title);
  g_assert_nonnull (body);
  g_assert_cmpstr (body, !=, "");
  g_assert_cmpstr (got_priority, ==, priority);

  g_assert_cmpstr (default_action, ==, "app.open-pipeline");
  default_target = g_variant_lookup_value (delivered->notification, "default-action-target", NULL);
  g_assert_nonnull (default_target);
  g_assert_cmpstr (g_variant_get_string (default_target, NULL), ==, PIPELINE);

  g_assert_nonnull (open);
  open_label = lookup_string (open, "label");
  g_assert_cmpstr (open_label, ==, "Open");
  open_target = g_variant_lookup_value (open, "target", G_VARIANT_TYPE_STRING);
  g_assert_nonnull (open_target);
  g_assert_cmpstr (g_variant_get_string (open_target, NULL), ==, PIPELINE);
}

/* Activates a notification's button through the app, as the shell does */
static void
activate_button (GVariant *button)
{
  g_autofree char *action = lookup_string (button, "action");
  g_autoptr(GVariant) target = g_variant_lookup_value (button, "target", NULL);

  g_assert_true (g_str_has_prefix (action, "app."));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), action + strlen ("app.")));
  g_action_group_activate_action (G_ACTION_GROUP (app), action + strlen ("app."), target);
}

static gboolean
dialog_is_open (gpointer data)
{
  return pd_pipeline_view_get_dialog (pd_pipelines_page_get_pipeline_view (pd_test_window_pipelines (data))) != NULL;
}

static gboolean
shows_pipeline (gpointer data)
{
  PdPipeline *shown = pd_pipeline_view_get_pipeline (pd_pipelines_page_get_pipeline_view (pd_test_window_pipelines (data)));

  return shown != NULL && g_str_equal (pd_pipeline_get_name (shown), PIPELINE);
}

static void
test_fail_recover_approve (Fixture       *fixture,
                           gconstpointer  data)
{
  PdPipeline *pipeline = find_pipeline (fixture, PIPELINE);
  g_autofree char *id = NULL;
  g_autoptr(GVariant) approve = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autoptr(GVariant) open = NULL;
  g_autofree char *label = NULL;
  const char *name;
  const char *stage;
  const char *action;
  AdwMessageDialog *dialog;
  Delivered *delivered;

  pd_pipeline_set_watched (pipeline, TRUE);
  g_assert_null (pd_pipeline_view_get_pipeline (pd_pipelines_page_get_pipeline_view (page_of (fixture))));
  id = start_run (pipeline);

  /* The seed fails this run's unit tests */
  delivered = wait_delivered (added, "status:" PIPELINE, 1);
  g_assert_cmpint (pd_pipeline_get_latest_status (pipeline), ==, PD_AWS_EXECUTION_STATUS_FAILED);
  check_common (delivered, PIPELINE " failed", "high");
  g_assert_cmpuint (count_buttons (delivered), ==, 1);
  g_assert_null (find_button (delivered, "app.approve"));

  /* More looks at the same failed execution tell nothing new */
  let_polls_happen (1500);
  g_assert_cmpuint (added->len, ==, 1);
  g_assert_cmpuint (removed->len, ==, 0);

  /* Open shows the pipeline */
  open = find_button (delivered, "app.open-pipeline");
  activate_button (open);
  g_assert_true (pd_test_wait_until (shows_pipeline, fixture->window, WAIT_MS));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  /* Retried, it goes on up to the approval */
  retry_test_stage (pipeline);
  delivered = wait_delivered (added, "approval:" PIPELINE, 1);
  check_common (delivered, PIPELINE " waits for approval", "high");
  g_assert_cmpuint (count_buttons (delivered), ==, 2);
  approve = find_button (delivered, "app.approve");
  g_assert_nonnull (approve);
  label = lookup_string (approve, "label");
  g_assert_cmpstr (label, ==, "Approve…");
  target = g_variant_lookup_value (approve, "target", G_VARIANT_TYPE ("(sss)"));
  g_assert_nonnull (target);
  g_variant_get (target, "(&s&s&s)", &name, &stage, &action);
  g_assert_cmpstr (name, ==, PIPELINE);
  g_assert_cmpstr (stage, ==, "Approval");
  g_assert_cmpstr (action, ==, "ManualApproval");
  let_polls_happen (1000);
  g_assert_cmpuint (count_with_id (added, "approval:" PIPELINE), ==, 1);

  /* Approve… opens the confirmation, naming what it approves */
  g_assert_false (dialog_is_open (fixture->window));
  activate_button (approve);
  g_assert_true (pd_test_wait_until (dialog_is_open, fixture->window, WAIT_MS));
  dialog = ADW_MESSAGE_DIALOG (pd_pipeline_view_get_dialog (pd_pipelines_page_get_pipeline_view (page_of (fixture))));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), PIPELINE));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“Approval”"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“ManualApproval”"));
  g_assert_true (adw_message_dialog_has_response (dialog, "approve"));
  adw_message_dialog_response (dialog, "approve");

  /* Answered, the approval's notification goes; the success after the
   * failure is told once */
  wait_delivered (removed, "approval:" PIPELINE, 1);
  delivered = wait_delivered (added, "status:" PIPELINE, 2);
  wait_latest (pipeline, PD_AWS_EXECUTION_STATUS_SUCCEEDED, id);
  check_common (delivered, PIPELINE " succeeded again", "normal");
  g_assert_cmpuint (count_buttons (delivered), ==, 1);
  let_polls_happen (1500);
  g_assert_cmpuint (added->len, ==, 3);
  g_assert_cmpuint (count_with_id (removed, "approval:" PIPELINE), ==, 1);
  g_assert_cmpuint (removed->len, ==, 1);
}

static void
test_approval_answered_elsewhere (Fixture       *fixture,
                                  gconstpointer  data)
{
  PdPipeline *pipeline = find_pipeline (fixture, PIPELINE);
  g_autoptr(PdPipeline) elsewhere = pd_pipeline_new (fixture->sandbox->client, PIPELINE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) approve = NULL;
  g_autofree char *id = NULL;
  Delivered *delivered;

  gboolean failed_before = pd_pipeline_get_latest_status (pipeline) == PD_AWS_EXECUTION_STATUS_FAILED;

  pd_pipeline_set_watched (pipeline, TRUE);
  id = start_run (pipeline);
  delivered = wait_delivered (added, "approval:" PIPELINE, 1);
  approve = find_button (delivered, "app.approve");
  g_assert_nonnull (approve);

  /* Another console answers it */
  pd_pipeline_refresh_async (elsewhere, NULL, pd_test_store_result_cb, &result);
  g_assert_true (pd_pipeline_refresh_finish (elsewhere, pd_test_await_result (&result, WAIT_MS), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  pd_pipeline_put_approval_async (elsewhere, "Approval", "ManualApproval", PD_AWS_APPROVAL_APPROVED,
                                  "Checked elsewhere", NULL, pd_test_store_result_cb, &result);
  g_assert_true (pd_pipeline_put_approval_finish (elsewhere, pd_test_await_result (&result, WAIT_MS), &error));
  g_assert_no_error (error);

  wait_delivered (removed, "approval:" PIPELINE, 1);
  g_assert_cmpstr (last_with_id (removed, "approval:" PIPELINE)->app_id, ==, APP_ID);
  wait_latest (pipeline, PD_AWS_EXECUTION_STATUS_SUCCEEDED, id);

  /* Its Approve… button, pressed late, opens no confirmation */
  activate_button (approve);
  g_assert_true (pd_test_wait_until (shows_pipeline, fixture->window, WAIT_MS));
  let_polls_happen (500);
  g_assert_false (dialog_is_open (fixture->window));

  /* A success is told only after a failure */
  g_assert_cmpuint (count_with_id (added, "status:" PIPELINE), ==, failed_before ? 1 : 0);
  g_assert_cmpuint (added->len, ==, failed_before ? 2 : 1);
}

static void
test_unwatched_silent (Fixture       *fixture,
                       gconstpointer  data)
{
  PdPipeline *pipeline = find_pipeline (fixture, PIPELINE);
  g_autofree char *id = NULL;

  g_assert_false (pd_pipeline_get_watched (pipeline));
  id = start_run (pipeline);
  wait_latest (pipeline, PD_AWS_EXECUTION_STATUS_FAILED, id);
  retry_test_stage (pipeline);
  g_assert_true (pd_test_wait_until ((gboolean (*) (gpointer)) pd_pipeline_get_waiting_for_approval,
                                     pipeline, WAIT_MS));
  let_polls_happen (500);
  g_assert_cmpuint (added->len, ==, 0);
  g_assert_cmpuint (removed->len, ==, 0);

  /* Watched now, the approval that waits already is no news */
  pd_pipeline_set_watched (pipeline, TRUE);
  let_polls_happen (1000);
  g_assert_true (pd_pipeline_get_waiting_for_approval (pipeline));
  g_assert_cmpuint (added->len, ==, 0);
}

static void
test_turned_off (Fixture       *fixture,
                 gconstpointer  data)
{
  PdPipeline *pipeline = find_pipeline (fixture, PIPELINE);
  g_autofree char *id = NULL;

  g_settings_set_boolean (pd_application_get_settings (app), "notifications-enabled", FALSE);
  pd_pipeline_set_watched (pipeline, TRUE);
  id = start_run (pipeline);
  wait_latest (pipeline, PD_AWS_EXECUTION_STATUS_FAILED, id);
  let_polls_happen (500);
  g_assert_cmpuint (added->len, ==, 0);
}

static void
test_hidden_window (Fixture       *fixture,
                    gconstpointer  data)
{
  PdPipeline *pipeline = find_pipeline (fixture, PIPELINE);
  PdPoller *poller = pd_pipelines_page_get_poller (page_of (fixture));
  g_autofree char *id = NULL;
  g_autoptr(GVariant) approve = NULL;
  AdwMessageDialog *dialog;
  Delivered *delivered;

  pd_pipeline_set_watched (pipeline, TRUE);
  /* Another pipeline shows: Approve… must be what brings this one. */
  g_assert_true (pd_window_open_pipeline (fixture->window, "todo-list-infra", FALSE));
  gtk_widget_set_visible (GTK_WIDGET (fixture->window), FALSE);
  g_assert_false (pd_poller_get_active (poller));

  id = start_run (pipeline);
  delivered = wait_delivered (added, "status:" PIPELINE, 1);
  check_common (delivered, PIPELINE " failed", "high");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_cmpstr (pd_pipeline_get_latest_execution_id (pipeline), ==, id);

  /* Still hidden, the retried run reaches the approval; its Approve…
   * brings the window back and asks, once the view has the state */
  retry_test_stage (pipeline);
  delivered = wait_delivered (added, "approval:" PIPELINE, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_false (shows_pipeline (fixture->window));
  approve = find_button (delivered, "app.approve");
  g_assert_nonnull (approve);
  activate_button (approve);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_true (pd_test_wait_until (dialog_is_open, fixture->window, WAIT_MS));
  g_assert_true (shows_pipeline (fixture->window));
  dialog = ADW_MESSAGE_DIALOG (pd_pipeline_view_get_dialog (pd_pipelines_page_get_pipeline_view (page_of (fixture))));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“ManualApproval”"));
  g_assert_true (pd_poller_get_active (poller));
  adw_message_dialog_response (dialog, "cancel");
}

/* The list's relative times */

static gint64 fake_now;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

static GtkWidget *
find_subtitle (GtkWidget  *root,
               const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      PdPipeline *pipeline = PD_IS_PIPELINE_ROW (child)
                             ? pd_pipeline_row_get_pipeline (PD_PIPELINE_ROW (child)) : NULL;
      GtkWidget *found;

      if (pipeline != NULL && g_str_equal (pd_pipeline_get_name (pipeline), name))
        return pd_pipeline_row_get_subtitle (PD_PIPELINE_ROW (child));
      if ((found = find_subtitle (child, name)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *label;
  const char *text;
} LabelWait;

static gboolean
label_has (gpointer data)
{
  LabelWait *wait = data;

  return strstr (gtk_label_get_text (GTK_LABEL (wait->label)), wait->text) != NULL;
}

static gboolean
list_is_quiet (gpointer data)
{
  GListModel *model = G_LIST_MODEL (pd_pipelines_page_get_list (pd_test_window_pipelines (data)));
  guint n = g_list_model_get_n_items (model);

  if (pd_pipeline_list_get_loading (PD_PIPELINE_LIST (model)))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdPipeline) pipeline = g_list_model_get_item (model, i);

      if (pd_pipeline_get_loading (pipeline))
        return FALSE;
    }
  return TRUE;
}

static void
test_list_times_tick (Fixture       *fixture,
                      gconstpointer  data)
{
  PdPipeline *pipeline = find_pipeline (fixture, PIPELINE);
  GDateTime *latest = pd_pipeline_get_latest_time (pipeline);
  PdPoller *poller = pd_pipelines_page_get_poller (page_of (fixture));
  GtkWidget *subtitle;
  g_autofree char *before = NULL;
  g_autofree char *expected_before = NULL;
  g_autofree char *expected_after = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 boundary;
  LabelWait wait;

  g_assert_nonnull (latest);
  subtitle = find_subtitle (pd_pipelines_page_get_list_view (page_of (fixture)), PIPELINE);
  g_assert_nonnull (subtitle);

  /* No data may arrive by itself: a refresh also updates the rows */
  pd_poller_set_running_interval (poller, 3600 * 1000);
  pd_poller_set_idle_interval (poller, 3600 * 1000);

  /* Ten minutes or so after the latest run, 5 s before a minute boundary:
   * the window shown again starts its clock from there, and refreshes
   * once */
  boundary = (g_date_time_to_unix (latest) / 60 + 11) * 60;
  fake_now = boundary * G_USEC_PER_SEC - 5 * G_USEC_PER_SEC;
  pd_util_set_now_func (fake_clock, NULL);
  now = pd_util_new_now_utc ();
  expected_before = pd_format_relative_time (latest, now);
  gtk_widget_set_visible (GTK_WIDGET (fixture->window), FALSE);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
  let_polls_happen (100);
  g_assert_true (pd_test_wait_until (list_is_quiet, fixture->window, WAIT_MS));
  before = g_strdup (gtk_label_get_text (GTK_LABEL (subtitle)));
  g_assert_nonnull (strstr (before, expected_before));

  /* Five minutes pass, and no data arrives: the tick due at the boundary
   * shows it */
  pd_test_sandbox_reset_stats (fixture->sandbox);
  fake_now += 5 * 60 * G_USEC_PER_SEC;
  g_clear_pointer (&now, g_date_time_unref);
  now = pd_util_new_now_utc ();
  expected_after = pd_format_relative_time (latest, now);
  g_assert_cmpstr (expected_after, !=, expected_before);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (subtitle)), ==, before);
  wait.label = subtitle;
  wait.text = expected_after;
  g_assert_true (pd_test_wait_until (label_has, &wait, 10000));
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  guint32 through, failing;
  int ret;

  /* The backend a desktop session gives, not one forced from outside */
  g_unsetenv ("GNOTIFICATION_BACKEND");
  g_unsetenv ("GTK_USE_PORTAL");
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  adw_init ();

  start_notification_server ();

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* Seeds where run 21 of todo-list-aws goes through, or fails its unit tests. */
  through = pd_test_sandbox_find_seed (PIPELINE, 21, NULL);
  failing = pd_test_sandbox_find_seed (PIPELINE, 21, "UnitTests");

#define ADD(path, func, seed) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (seed), fixture_setup, func, fixture_teardown)
  ADD ("/pd/ui/notifications/fail-recover-approve", test_fail_recover_approve, failing);
  ADD ("/pd/ui/notifications/approval-answered-elsewhere", test_approval_answered_elsewhere, through);
  ADD ("/pd/ui/notifications/unwatched-silent", test_unwatched_silent, failing);
  ADD ("/pd/ui/notifications/turned-off", test_turned_off, failing);
  ADD ("/pd/ui/notifications/hidden-window", test_hidden_window, failing);
  ADD ("/pd/ui/window/list-times-tick", test_list_times_tick, through);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);
  stop_notification_server ();

  return ret;
}
