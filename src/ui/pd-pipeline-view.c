/* pd-pipeline-view.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-aws-error.h"
#include "pd-core-error.h"
#include "pd-pipeline-graph.h"
#include "pd-pipeline-view.h"
#include "pd-window.h"

/* The content page of one pipeline: its graph, its executions and the
 * deploy actions of the toolbar, each confirmed in a dialog. */
struct _PdPipelineView
{
  GtkWidget          parent_instance;

  /* Child widgets */
  GtkWidget         *box;
  GtkWidget         *banner;
  GtkWidget         *banner_label;
  PdPipelineGraph   *graph;
  GtkListView       *executions_view;
  GtkWidget         *load_more_button;
  GtkWidget         *follow_button;

  /* Owned references */
  PdPipeline        *pipeline;
  GCancellable      *cancellable;
  GSimpleActionGroup *actions;
  GtkSingleSelection *executions_selection;
  GSignalGroup      *pipeline_signals;
  GMenu             *transitions_menu;
  char              *transitions_signature;

  /* Borrowed references */
  GtkWindow         *dialog;
  GtkWindow         *details;
};

G_DEFINE_FINAL_TYPE (PdPipelineView, pd_pipeline_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PIPELINE,
  PROP_HAS_DATA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SHOW_LOGS,
  SHOW_STAGE_LOGS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* AWS accepts only these characters in a transition's reason. */
static const char reason_chars[] =
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@ ().*?-";
#define REASON_MAX 300
#define STOP_REASON_MAX 200
#define SUMMARY_MAX 512

char *
pd_describe_error (const GError *error)
{
  const char *code = pd_aws_error_get_aws_code (error);
  const char *request_id = pd_aws_error_get_request_id (error);

  if (code != NULL && request_id != NULL && request_id[0] != '\0')
    /* Translators: an error message, the AWS error code and the request ID */
    return g_strdup_printf (_("%s (%s, request ID %s)"), error->message, code, request_id);
  if (code != NULL)
    /* Translators: an error message and the AWS error code */
    return g_strdup_printf (_("%s (%s)"), error->message, code);

  return g_strdup (error->message);
}

static void
show_error (PdPipelineView *self,
            const GError   *error)
{
  g_autofree char *text = pd_describe_error (error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_debug ("pipeline action failed: %s", text);
  if (PD_IS_WINDOW (root))
    pd_window_add_toast (PD_WINDOW (root), text);
}

static void
show_toast (PdPipelineView *self,
            const char     *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (PD_IS_WINDOW (root))
    pd_window_add_toast (PD_WINDOW (root), text);
}

static PdGraphStatus
action_graph_status (PdAction *action)
{
  if (pd_action_get_waiting_for_approval (action))
    return PD_GRAPH_STATUS_WAITING;
  return pd_graph_status_from_action (pd_action_get_status (action));
}

static PdStage *
find_failed_stage (PdPipelineView *self)
{
  GListModel *stages = pd_pipeline_get_stages (self->pipeline);
  guint n = g_list_model_get_n_items (stages);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdStage) stage = g_list_model_get_item (stages, i);

      if (pd_stage_get_status (stage) == PD_AWS_EXECUTION_STATUS_FAILED)
        return g_steal_pointer (&stage);
    }

  return NULL;
}

static PdAction *
find_waiting_action (PdPipelineView *self)
{
  GListModel *stages = pd_pipeline_get_stages (self->pipeline);
  guint n = g_list_model_get_n_items (stages);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdStage) stage = g_list_model_get_item (stages, i);
      GListModel *actions = pd_stage_get_actions (stage);
      guint m = g_list_model_get_n_items (actions);

      for (guint j = 0; j < m; j++)
        {
          g_autoptr(PdAction) action = g_list_model_get_item (actions, j);

          if (pd_action_get_waiting_for_approval (action))
            return g_steal_pointer (&action);
        }
    }

  return NULL;
}

static void
set_action_enabled (PdPipelineView *self,
                    const char     *name,
                    gboolean        enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_actions (PdPipelineView *self)
{
  gboolean loaded = self->pipeline != NULL && pd_pipeline_get_loaded (self->pipeline);
  g_autoptr(PdStage) failed = NULL;
  g_autoptr(PdAction) waiting = NULL;
  gboolean approval_busy;

  if (loaded)
    {
      failed = find_failed_stage (self);
      waiting = find_waiting_action (self);
    }

  approval_busy = loaded && pd_pipeline_get_busy (self->pipeline, PD_PIPELINE_OPERATION_APPROVAL);

  set_action_enabled (self, "start",
                      loaded && !pd_pipeline_get_busy (self->pipeline, PD_PIPELINE_OPERATION_START));
  set_action_enabled (self, "stop",
                      loaded && pd_pipeline_get_running (self->pipeline) &&
                      !pd_pipeline_get_busy (self->pipeline, PD_PIPELINE_OPERATION_STOP));
  set_action_enabled (self, "retry",
                      failed != NULL && !pd_pipeline_get_busy (self->pipeline, PD_PIPELINE_OPERATION_RETRY));
  set_action_enabled (self, "approve", waiting != NULL && !approval_busy);
  set_action_enabled (self, "reject", waiting != NULL && !approval_busy);
  set_action_enabled (self, "disable-transition",
                      loaded && !pd_pipeline_get_busy (self->pipeline, PD_PIPELINE_OPERATION_TRANSITION));
  set_action_enabled (self, "enable-transition",
                      loaded && !pd_pipeline_get_busy (self->pipeline, PD_PIPELINE_OPERATION_TRANSITION));
  set_action_enabled (self, "load-more-executions",
                      loaded && pd_pipeline_get_has_more_executions (self->pipeline));
  set_action_enabled (self, "follow-latest", self->pipeline != NULL);
}

char *
pd_pipeline_view_dup_stale_text (PdPipelineView *self)
{
  GDateTime *since;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), NULL);

  if (self->pipeline == NULL || !pd_pipeline_get_stale (self->pipeline))
    return NULL;

  since = pd_pipeline_get_stale_since (self->pipeline);
  if (since == NULL)
    return g_strdup (_("Stale"));

  local = g_date_time_to_local (since);
  time = g_date_time_format (local, "%H:%M");
  /* Translators: %s is a time such as 14:05 */
  return g_strdup_printf (_("Stale since %s"), time);
}

static void
update_banner (PdPipelineView *self)
{
  g_autofree char *stale = pd_pipeline_view_dup_stale_text (self);
  const GError *error = self->pipeline != NULL ? pd_pipeline_get_error (self->pipeline) : NULL;

  if (stale != NULL)
    {
      g_autofree char *text = NULL;

      if (error != NULL)
        {
          g_autofree char *why = pd_describe_error (error);

          /* Translators: the stale marker, then why the refresh failed */
          text = g_strdup_printf (_("%s: %s"), stale, why);
        }
      gtk_label_set_text (GTK_LABEL (self->banner_label), text != NULL ? text : stale);
    }
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->banner), stale != NULL);
}

/* One menu entry per transition, rebuilt only when they change so that an
 * open menu does not flicker at every poll. */
static void
sync_transitions_menu (PdPipelineView *self)
{
  g_autoptr(GString) signature = g_string_new (NULL);
  GListModel *stages = self->pipeline != NULL ? pd_pipeline_get_stages (self->pipeline) : NULL;
  guint n = stages != NULL ? g_list_model_get_n_items (stages) : 0;

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(PdStage) stage = g_list_model_get_item (stages, i);

      g_string_append_printf (signature, "%s:%d;", pd_stage_get_name (stage),
                              pd_stage_get_inbound_enabled (stage));
    }

  if (g_strcmp0 (signature->str, self->transitions_signature) == 0)
    return;
  g_free (self->transitions_signature);
  self->transitions_signature = g_strdup (signature->str);

  g_menu_remove_all (self->transitions_menu);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(PdStage) stage = g_list_model_get_item (stages, i);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;
      gboolean enabled = pd_stage_get_inbound_enabled (stage);

      if (enabled)
        /* Translators: a stage name */
        label = g_strdup_printf (_("Disable Transition to %s…"), pd_stage_get_name (stage));
      else
        /* Translators: a stage name */
        label = g_strdup_printf (_("Enable Transition to %s…"), pd_stage_get_name (stage));
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item,
                                               enabled ? "pipeline.disable-transition"
                                                       : "pipeline.enable-transition",
                                               g_variant_new_string (pd_stage_get_name (stage)));
      g_menu_append_item (self->transitions_menu, item);
    }
}

static void
sync_graph (PdPipelineView *self)
{
  GListModel *stages;
  guint n_stages;

  if (self->pipeline == NULL)
    {
      pd_pipeline_graph_set_n_stages (self->graph, 0);
      pd_pipeline_graph_set_header (self->graph, NULL, NULL, NULL);
      sync_transitions_menu (self);
      return;
    }

  stages = pd_pipeline_get_stages (self->pipeline);
  n_stages = MIN (g_list_model_get_n_items (stages), PD_PIPELINE_GRAPH_MAX_STAGES * 5);
  pd_pipeline_graph_set_n_stages (self->graph, n_stages);

  for (guint i = 0; i < n_stages; i++)
    {
      g_autoptr(PdStage) stage = g_list_model_get_item (stages, i);
      GListModel *actions = pd_stage_get_actions (stage);
      guint n_actions = g_list_model_get_n_items (actions);
      PdGraphStageInfo info = {
        .name = pd_stage_get_name (stage),
        .status = pd_graph_status_from_execution (pd_stage_get_status (stage)),
        .has_inbound_transition = pd_stage_get_has_inbound_transition (stage),
        .inbound_enabled = pd_stage_get_inbound_enabled (stage),
        .disabled_reason = pd_stage_get_inbound_disabled_reason (stage),
      };

      pd_pipeline_graph_update_stage (self->graph, i, &info, n_actions);

      for (guint j = 0; j < n_actions; j++)
        {
          g_autoptr(PdAction) action = g_list_model_get_item (actions, j);
          gint64 duration = pd_action_get_duration (action);
          PdGraphActionInfo action_info = {
            .name = pd_action_get_name (action),
            .provider = pd_action_get_provider (action),
            .category = pd_action_get_category (action),
            .status = action_graph_status (action),
            .run_order = pd_action_get_run_order (action),
            .duration = duration,
            .percent = pd_action_get_percent_complete (action),
            .summary = pd_action_get_summary (action),
          };

          /* A running action shows how long it has run so far. */
          if (duration < 0 && pd_action_get_status (action) == PD_AWS_ACTION_STATUS_IN_PROGRESS &&
              pd_action_get_started (action) != NULL)
            {
              g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

              action_info.duration = MAX (0, g_date_time_difference (now, pd_action_get_started (action))
                                             / G_TIME_SPAN_SECOND);
            }

          pd_pipeline_graph_update_action (self->graph, i, j, &action_info);
        }
    }

  sync_transitions_menu (self);
  pd_pipeline_graph_set_header (self->graph,
                                pd_pipeline_get_shown_execution_id (self->pipeline),
                                pd_pipeline_get_shown_revision_id (self->pipeline),
                                pd_pipeline_get_shown_revision_summary (self->pipeline));
}

static void
on_pipeline_changed_cb (PdPipelineView *self)
{
  gboolean had_data = pd_pipeline_view_get_has_data (self);

  sync_graph (self);
  update_actions (self);
  update_banner (self);
  gtk_widget_set_visible (self->load_more_button,
                          self->pipeline != NULL && pd_pipeline_get_has_more_executions (self->pipeline));
  if (had_data != pd_pipeline_view_get_has_data (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_DATA]);
}

static void
on_pipeline_notify_cb (PdPipelineView *self,
                       GParamSpec     *pspec,
                       PdPipeline     *pipeline)
{
  on_pipeline_changed_cb (self);
}

/* Operations. */

static gboolean
finish_or_report (PdPipelineView *self,
                  gboolean        ok,
                  GError         *error)
{
  if (ok)
    return TRUE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;              /* view disposed or user moved on: touch nothing */
  if (g_error_matches (error, PD_CORE_ERROR, PD_CORE_ERROR_BUSY))
    return FALSE;              /* a double click: the first request goes on */

  show_error (self, error);
  update_actions (self);
  return FALSE;
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PdPipelineView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pd_pipeline_start_execution_finish (PD_PIPELINE (object), result, &error);

  if (finish_or_report (self, id != NULL, error))
    {
      /* Translators: %s is an execution ID */
      g_autofree char *text = g_strdup_printf (_("Execution %s started"), id);

      show_toast (self, text);
    }
  update_actions (self);
}

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PdPipelineView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pd_pipeline_stop_execution_finish (PD_PIPELINE (object), result, &error);
  if (finish_or_report (self, ok, error))
    show_toast (self, _("Stop requested"));
  update_actions (self);
}

static void
retry_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PdPipelineView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pd_pipeline_retry_stage_finish (PD_PIPELINE (object), result, &error);
  if (finish_or_report (self, ok, error))
    show_toast (self, _("Stage retried"));
  update_actions (self);
}

static void
approval_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdPipelineView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pd_pipeline_put_approval_finish (PD_PIPELINE (object), result, &error);
  if (finish_or_report (self, ok, error))
    show_toast (self, _("Answer sent"));
  update_actions (self);
}

static void
transition_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PdPipelineView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pd_pipeline_set_transition_finish (PD_PIPELINE (object), result, &error);
  if (finish_or_report (self, ok, error))
    show_toast (self, _("Transition changed"));
  update_actions (self);
}

static void
show_execution_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PdPipelineView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pd_pipeline_show_execution_finish (PD_PIPELINE (object), result, &error);
  finish_or_report (self, ok, error);
  on_pipeline_changed_cb (self);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PdPipelineView) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failed refresh shows as the stale marker, not as a toast. */
  if (!pd_pipeline_refresh_finish (PD_PIPELINE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  on_pipeline_changed_cb (self);
}

static void
load_more_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PdPipelineView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pd_pipeline_load_more_executions_finish (PD_PIPELINE (object), result, &error);
  finish_or_report (self, ok, error);
  on_pipeline_changed_cb (self);
}

/* Dialogs. */

static const char *
revision_text (PdPipelineView *self)
{
  const char *revision = pd_pipeline_get_shown_revision_id (self->pipeline);

  return revision != NULL && revision[0] != '\0' ? revision : _("unknown");
}

static GtkWidget *
new_dialog (PdPipelineView *self,
            const char     *heading,
            const char     *body,
            const char     *response,
            const char     *response_label,
            AdwResponseAppearance appearance)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);

  return dialog;
}

static GtkWidget *
add_entry (GtkWidget  *box,
           const char *placeholder,
           int         max_length)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_max_length (GTK_ENTRY (entry), max_length);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder,
                                  -1);
  gtk_box_append (GTK_BOX (box), entry);

  return entry;
}

static GtkWidget *
new_extra_box (GtkWidget *dialog)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  return box;
}

/* Parses "name=value, name2=value2"; returns NULL and sets @error when bad. */
static GHashTable *
parse_variables (const char  *text,
                 char       **error)
{
  g_autoptr(GHashTable) variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) parts = NULL;

  if (text == NULL || text[0] == '\0')
    return g_steal_pointer (&variables);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *equal = strchr (part, '=');
      g_autofree char *name = NULL;

      if (part[0] == '\0')
        continue;
      if (equal == NULL || equal == part)
        {
          /* Translators: %s is what the user typed */
          *error = g_strdup_printf (_("“%s” is not name=value"), part);
          return NULL;
        }
      name = g_strstrip (g_strndup (part, equal - part));
      if (!g_regex_match_simple ("^[A-Za-z0-9@\\-_]{1,128}$", name, 0, 0))
        {
          /* Translators: %s is a variable name */
          *error = g_strdup_printf (_("“%s” is not a valid variable name"), name);
          return NULL;
        }
      g_hash_table_insert (variables, g_steal_pointer (&name), g_strdup (g_strstrip (equal + 1)));
    }

  return g_steal_pointer (&variables);
}

static void
on_variables_changed_cb (GtkEditable *entry,
                         GtkWidget   *dialog)
{
  GtkWidget *hint = g_object_get_data (G_OBJECT (entry), "hint");
  g_autofree char *error = NULL;
  g_autoptr(GHashTable) variables = parse_variables (gtk_editable_get_text (entry), &error);

  gtk_label_set_text (GTK_LABEL (hint), error != NULL ? error : "");
  gtk_widget_set_visible (hint, error != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "start", variables != NULL);
}

static void
on_start_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      PdPipelineView   *self)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "variables");
  g_autoptr(GHashTable) variables = NULL;
  g_autofree char *error = NULL;

  if (g_strcmp0 (response, "start") != 0 || self->pipeline == NULL)
    return;

  if (entry != NULL)
    variables = parse_variables (gtk_editable_get_text (GTK_EDITABLE (entry)), &error);
  if (error != NULL)
    return;

  pd_pipeline_start_execution_async (self->pipeline,
                                     variables != NULL && g_hash_table_size (variables) > 0 ? variables : NULL,
                                     self->cancellable, start_cb, g_object_ref (self));
  update_actions (self);
}

static void
start_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PdPipelineView *self = user_data;
  g_autofree char *warning = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->pipeline == NULL)
    return;

  warning = pd_pipeline_dup_start_warning (self->pipeline);
  if (warning != NULL)
    /* Translators: a pipeline name, then a warning about running executions */
    body = g_strdup_printf (_("A new execution of “%s” will run from the latest source revision.\n\n%s"),
                            pd_pipeline_get_name (self->pipeline), warning);
  else
    /* Translators: a pipeline name */
    body = g_strdup_printf (_("A new execution of “%s” will run from the latest source revision."),
                            pd_pipeline_get_name (self->pipeline));

  dialog = new_dialog (self, _("Release Change?"), body, "start", _("_Release"),
                       ADW_RESPONSE_SUGGESTED);

  if (pd_pipeline_get_pipeline_type (self->pipeline) == PD_AWS_PIPELINE_TYPE_V2)
    {
      GtkWidget *box = new_extra_box (dialog);
      GtkWidget *entry = add_entry (box, _("Variables: name=value, name=value"), 4000);
      GtkWidget *hint = gtk_label_new (NULL);

      gtk_widget_add_css_class (hint, "error");
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_set_visible (hint, FALSE);
      gtk_box_append (GTK_BOX (box), hint);
      g_object_set_data (G_OBJECT (entry), "hint", hint);
      g_object_set_data (G_OBJECT (dialog), "variables", entry);
      g_signal_connect (entry, "changed", G_CALLBACK (on_variables_changed_cb), dialog);
    }

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_start_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_stop_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PdPipelineView   *self)
{
  GtkWidget *abandon = g_object_get_data (G_OBJECT (dialog), "abandon");
  GtkWidget *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  const char *execution_id = g_object_get_data (G_OBJECT (dialog), "execution-id");

  if (g_strcmp0 (response, "stop") != 0 || self->pipeline == NULL)
    return;

  pd_pipeline_stop_execution_async (self->pipeline, execution_id,
                                    gtk_check_button_get_active (GTK_CHECK_BUTTON (abandon)),
                                    gtk_editable_get_text (GTK_EDITABLE (reason)),
                                    self->cancellable, stop_cb, g_object_ref (self));
  update_actions (self);
}

static void
stop_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PdPipelineView *self = user_data;
  const char *execution_id;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *abandon;
  GtkWidget *reason;

  if (self->pipeline == NULL || !pd_pipeline_get_running (self->pipeline))
    return;

  execution_id = pd_pipeline_get_latest_execution_id (self->pipeline);
  /* Translators: a pipeline name, an execution ID and a source revision */
  body = g_strdup_printf (_("Execution %2$s of “%1$s” (revision %3$s) will stop."),
                          pd_pipeline_get_name (self->pipeline), execution_id, revision_text (self));
  dialog = new_dialog (self, _("Stop Execution?"), body, "stop", _("_Stop"), ADW_RESPONSE_DESTRUCTIVE);
  box = new_extra_box (dialog);
  abandon = gtk_check_button_new_with_mnemonic (_("_Abandon the running actions instead of letting them finish"));
  gtk_box_append (GTK_BOX (box), abandon);
  reason = add_entry (box, _("Reason"), STOP_REASON_MAX);
  g_object_set_data (G_OBJECT (dialog), "abandon", abandon);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_object_set_data_full (G_OBJECT (dialog), "execution-id", g_strdup (execution_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_stop_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_retry_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      PdPipelineView   *self)
{
  GtkWidget *all = g_object_get_data (G_OBJECT (dialog), "all");
  const char *stage = g_object_get_data (G_OBJECT (dialog), "stage");

  if (g_strcmp0 (response, "retry") != 0 || self->pipeline == NULL)
    return;

  pd_pipeline_retry_stage_async (self->pipeline, stage,
                                 gtk_check_button_get_active (GTK_CHECK_BUTTON (all))
                                 ? PD_AWS_RETRY_MODE_ALL_ACTIONS : PD_AWS_RETRY_MODE_FAILED_ACTIONS,
                                 self->cancellable, retry_cb, g_object_ref (self));
  update_actions (self);
}

static void
retry_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PdPipelineView *self = user_data;
  g_autoptr(PdStage) stage = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *failed;
  GtkWidget *all;

  if (self->pipeline == NULL || (stage = find_failed_stage (self)) == NULL)
    return;

  /* Translators: a stage name, a pipeline name and a source revision */
  body = g_strdup_printf (_("Stage “%s” of “%s” will run again on revision %s."),
                          pd_stage_get_name (stage), pd_pipeline_get_name (self->pipeline),
                          revision_text (self));
  dialog = new_dialog (self, _("Retry Failed Stage?"), body, "retry", _("_Retry"),
                       ADW_RESPONSE_SUGGESTED);
  box = new_extra_box (dialog);
  failed = gtk_check_button_new_with_mnemonic (_("_Failed actions only"));
  all = gtk_check_button_new_with_mnemonic (_("A_ll actions of the stage"));
  gtk_check_button_set_group (GTK_CHECK_BUTTON (all), GTK_CHECK_BUTTON (failed));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (failed), TRUE);
  gtk_box_append (GTK_BOX (box), failed);
  gtk_box_append (GTK_BOX (box), all);
  g_object_set_data (G_OBJECT (dialog), "all", all);
  g_object_set_data_full (G_OBJECT (dialog), "stage", g_strdup (pd_stage_get_name (stage)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_retry_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_approval_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         PdPipelineView   *self)
{
  GtkWidget *summary = g_object_get_data (G_OBJECT (dialog), "summary");
  const char *stage = g_object_get_data (G_OBJECT (dialog), "stage");
  const char *action = g_object_get_data (G_OBJECT (dialog), "action");
  PdAwsApprovalResult result;

  if (g_strcmp0 (response, "approve") == 0)
    result = PD_AWS_APPROVAL_APPROVED;
  else if (g_strcmp0 (response, "reject") == 0)
    result = PD_AWS_APPROVAL_REJECTED;
  else
    return;

  if (self->pipeline == NULL)
    return;

  pd_pipeline_put_approval_async (self->pipeline, stage, action, result,
                                  gtk_editable_get_text (GTK_EDITABLE (summary)),
                                  self->cancellable, approval_cb, g_object_ref (self));
  update_actions (self);
}

static void
approval_action (GSimpleAction *simple,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PdPipelineView *self = user_data;
  gboolean approve = g_str_equal (g_action_get_name (G_ACTION (simple)), "approve");
  g_autoptr(PdAction) action = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *summary;

  if (self->pipeline == NULL || (action = find_waiting_action (self)) == NULL)
    return;

  /* Translators: an action name, a stage name, a pipeline name and a revision */
  body = g_strdup_printf (_("“%s” in stage “%s” of “%s” waits for an answer on revision %s."),
                          pd_action_get_name (action), pd_action_get_stage_name (action),
                          pd_pipeline_get_name (self->pipeline), revision_text (self));
  if (approve)
    dialog = new_dialog (self, _("Approve?"), body, "approve", _("_Approve"), ADW_RESPONSE_SUGGESTED);
  else
    dialog = new_dialog (self, _("Reject?"), body, "reject", _("_Reject"), ADW_RESPONSE_DESTRUCTIVE);
  box = new_extra_box (dialog);
  summary = add_entry (box, _("Summary"), SUMMARY_MAX);
  g_object_set_data (G_OBJECT (dialog), "summary", summary);
  g_object_set_data_full (G_OBJECT (dialog), "stage", g_strdup (pd_action_get_stage_name (action)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "action", g_strdup (pd_action_get_name (action)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_approval_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
reason_is_valid (const char *reason)
{
  gsize length = strlen (reason);

  return length > 0 && length <= REASON_MAX && strspn (reason, reason_chars) == length;
}

static void
on_reason_changed_cb (GtkEditable *entry,
                      GtkWidget   *dialog)
{
  GtkWidget *hint = g_object_get_data (G_OBJECT (entry), "hint");
  const char *text = gtk_editable_get_text (entry);
  gboolean valid = reason_is_valid (text);

  gtk_widget_set_visible (hint, !valid && text[0] != '\0');
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "disable", valid);
}

static void
on_transition_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           PdPipelineView   *self)
{
  GtkWidget *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  const char *stage = g_object_get_data (G_OBJECT (dialog), "stage");
  gboolean enable;

  if (g_strcmp0 (response, "enable") == 0)
    enable = TRUE;
  else if (g_strcmp0 (response, "disable") == 0)
    enable = FALSE;
  else
    return;

  if (self->pipeline == NULL)
    return;
  if (!enable && !reason_is_valid (gtk_editable_get_text (GTK_EDITABLE (reason))))
    return;

  pd_pipeline_set_transition_async (self->pipeline, stage, enable,
                                    enable ? NULL : gtk_editable_get_text (GTK_EDITABLE (reason)),
                                    self->cancellable, transition_cb, g_object_ref (self));
  update_actions (self);
}

static void
transition_action (GSimpleAction *simple,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PdPipelineView *self = user_data;
  gboolean enable = g_str_equal (g_action_get_name (G_ACTION (simple)), "enable-transition");
  const char *stage_name = g_variant_get_string (parameter, NULL);
  PdStage *stage;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->pipeline == NULL)
    return;

  stage = pd_pipeline_find_stage (self->pipeline, stage_name);
  if (stage == NULL || pd_stage_get_index (stage) == 0)
    {
      /* Translators: a stage name */
      g_autofree char *text = g_strdup_printf (_("No transition leads into “%s”"), stage_name);

      show_toast (self, text);
      return;
    }

  if (enable)
    {
      /* Translators: a stage name and a pipeline name */
      body = g_strdup_printf (_("Executions of “%2$s” will move into stage “%1$s” again."),
                              stage_name, pd_pipeline_get_name (self->pipeline));
      dialog = new_dialog (self, _("Enable Transition?"), body, "enable", _("_Enable"),
                           ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      GtkWidget *box;
      GtkWidget *reason;
      GtkWidget *hint;

      /* Translators: a stage name and a pipeline name */
      body = g_strdup_printf (_("Executions of “%2$s” will wait before stage “%1$s” until the transition is enabled again."),
                              stage_name, pd_pipeline_get_name (self->pipeline));
      dialog = new_dialog (self, _("Disable Transition?"), body, "disable", _("_Disable"),
                           ADW_RESPONSE_DESTRUCTIVE);
      box = new_extra_box (dialog);
      reason = add_entry (box, _("Reason"), REASON_MAX);
      hint = gtk_label_new (_("Use only letters, digits, spaces and ! @ ( ) . * ? -"));
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "error");
      gtk_widget_set_visible (hint, FALSE);
      gtk_box_append (GTK_BOX (box), hint);
      g_object_set_data (G_OBJECT (reason), "hint", hint);
      g_object_set_data (G_OBJECT (dialog), "reason", reason);
      g_signal_connect (reason, "changed", G_CALLBACK (on_reason_changed_cb), dialog);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "disable", FALSE);
    }

  g_object_set_data_full (G_OBJECT (dialog), "stage", g_strdup (stage_name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_transition_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
load_more_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PdPipelineView *self = user_data;

  if (self->pipeline == NULL)
    return;

  pd_pipeline_load_more_executions_async (self->pipeline, self->cancellable,
                                          load_more_cb, g_object_ref (self));
}

static void
follow_latest_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  PdPipelineView *self = user_data;

  if (self->pipeline == NULL)
    return;

  pd_pipeline_set_follow_latest (self->pipeline, TRUE);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->executions_selection));
  pd_pipeline_refresh_async (self->pipeline, self->cancellable, refresh_cb, g_object_ref (self));
}

static void
on_show_logs_clicked_cb (GtkButton      *button,
                         PdPipelineView *self)
{
  PdAction *action = g_object_get_data (G_OBJECT (button), "pd-action");

  if (action == NULL)
    return;

  if (self->details != NULL)
    gtk_window_close (self->details);
  g_signal_emit (self, signals[SHOW_LOGS], 0, action);
}

static void
on_stage_activated_cb (PdPipelineGraph *graph,
                       const char      *stage_name,
                       PdPipelineView  *self)
{
  PdStage *stage = self->pipeline != NULL ? pd_pipeline_find_stage (self->pipeline, stage_name)
                                           : NULL;

  if (stage != NULL)
    g_signal_emit (self, signals[SHOW_STAGE_LOGS], 0, stage);
}

/* Action details. */

static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *value)
{
  GtkWidget *row;

  if (value == NULL || value[0] == '\0')
    return NULL;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
add_table_rows (GtkWidget  *group,
                GHashTable *table)
{
  g_autofree gpointer *keys = NULL;
  guint n = 0;

  if (table == NULL)
    return;

  keys = g_hash_table_get_keys_as_array (table, &n);
  qsort (keys, n, sizeof (gpointer), compare_keys);
  for (guint i = 0; i < n; i++)
    add_row (group, keys[i], g_hash_table_lookup (table, keys[i]));
}

static GtkWidget *
new_group (GtkWidget  *page,
           const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return group;
}

static void
on_open_link_clicked_cb (GtkButton      *button,
                         PdPipelineView *self)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "uri");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  if (uri != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
show_details (PdPipelineView *self,
              const char     *stage_name,
              const char     *action_name)
{
  PdStage *stage;
  PdAction *action;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *page;
  GtkWidget *group;
  g_autofree char *title = NULL;
  g_autofree char *run_order = NULL;
  g_autofree char *inputs = NULL;
  g_autofree char *outputs = NULL;
  const char *url;

  if (self->pipeline == NULL || (stage = pd_pipeline_find_stage (self->pipeline, stage_name)) == NULL ||
      (action = pd_stage_find_action (stage, action_name)) == NULL)
    return;

  if (self->details != NULL)
    gtk_window_destroy (self->details);

  window = adw_window_new ();
  self->details = GTK_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->details);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 640);
  /* Its own toplevel: the pipeline's actions reach it only this way. */
  gtk_widget_insert_action_group (window, "pipeline", G_ACTION_GROUP (self->actions));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  /* Translators: an action name */
  title = g_strdup_printf (_("Action %s"), action_name);
  gtk_window_set_title (GTK_WINDOW (window), title);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);
  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);

  group = new_group (page, _("Action"));
  add_row (group, _("Stage"), stage_name);
  add_row (group, _("Provider"), pd_action_get_provider (action));
  add_row (group, _("Category"), pd_action_get_category_text (action));
  add_row (group, _("Status"), pd_graph_status_get_text (action_graph_status (action)));
  run_order = g_strdup_printf ("%u", pd_action_get_run_order (action));
  add_row (group, _("Run order"), run_order);
  add_row (group, _("Region"), pd_action_get_region (action));
  add_row (group, _("Variable namespace"), pd_action_get_namespace (action));
  add_row (group, _("Summary"), pd_action_get_summary (action));

  group = new_group (page, _("Execution"));
  add_row (group, _("Pipeline execution"), pd_action_get_execution_id (action));
  add_row (group, _("Action execution"), pd_action_get_action_execution_id (action));
  if (g_strcmp0 (pd_action_get_provider (action), "CodeBuild") == 0)
    {
      GtkWidget *row = add_row (group, _("Build ID"), pd_action_get_external_execution_id (action));
      GtkWidget *logs = gtk_button_new_with_mnemonic (_("Show _Logs"));

      gtk_widget_set_valign (logs, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (logs, _("Read this build’s log"));
      g_object_set_data_full (G_OBJECT (logs), "pd-action", g_object_ref (action), g_object_unref);
      g_signal_connect_object (logs, "clicked", G_CALLBACK (on_show_logs_clicked_cb), self, 0);
      if (row == NULL)
        {
          row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Build ID"));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), logs);
    }
  else
    add_row (group, _("External execution"), pd_action_get_external_execution_id (action));

  url = pd_action_get_external_execution_url (action);
  if (url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
    {
      GtkWidget *row = add_row (group, _("Link"), url);
      GtkWidget *button = gtk_button_new_from_icon_name ("adw-external-link-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Open in the Browser"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open in the Browser"),
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "uri", g_strdup (url), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_open_link_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  if (pd_action_get_error_code (action) != NULL || pd_action_get_error_message (action) != NULL)
    {
      group = new_group (page, _("Error"));
      add_row (group, _("Code"), pd_action_get_error_code (action));
      add_row (group, _("Message"), pd_action_get_error_message (action));
    }

  group = new_group (page, _("Configuration"));
  add_table_rows (group, pd_action_get_configuration (action));

  if (pd_action_get_resolved_configuration (action) != NULL &&
      g_hash_table_size (pd_action_get_resolved_configuration (action)) > 0)
    {
      group = new_group (page, _("Resolved Configuration"));
      add_table_rows (group, pd_action_get_resolved_configuration (action));
    }

  group = new_group (page, _("Artifacts"));
  if (pd_action_get_input_artifacts (action) != NULL)
    inputs = g_strjoinv (", ", (char **) pd_action_get_input_artifacts (action));
  if (pd_action_get_output_artifacts (action) != NULL)
    outputs = g_strjoinv (", ", (char **) pd_action_get_output_artifacts (action));
  add_row (group, _("Input"), inputs);
  add_row (group, _("Output"), outputs);

  if (pd_action_get_output_variables (action) != NULL &&
      g_hash_table_size (pd_action_get_output_variables (action)) > 0)
    {
      group = new_group (page, _("Variables"));
      add_table_rows (group, pd_action_get_output_variables (action));
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
on_action_activated_cb (PdPipelineGraph *graph,
                        const char      *stage,
                        const char      *action,
                        PdPipelineView  *self)
{
  show_details (self, stage, action);
}

/* Executions. */

static void
setup_execution_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  /* The graph needs the width more than the history does. */
  gtk_label_set_max_width_chars (GTK_LABEL (title), 22);
  gtk_label_set_max_width_chars (GTK_LABEL (subtitle), 22);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_list_item_set_child (item, box);
}

static void
bind_execution_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  PdExecution *execution = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *labels = gtk_widget_get_next_sibling (icon);
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  PdGraphStatus status = pd_graph_status_from_execution (pd_execution_get_status (execution));
  const char *revision = pd_execution_get_revision_id (execution);
  const char *summary = pd_execution_get_revision_summary (execution);
  g_autofree char *short_revision = revision != NULL ? g_strndup (revision, 8) : g_strdup ("—");
  g_autofree char *first_line = NULL;
  g_autofree char *title_text = NULL;
  g_autofree char *subtitle_text = NULL;
  g_autofree char *start = NULL;
  g_autofree char *duration = pd_format_duration (pd_execution_get_duration (execution));
  g_autofree char *label = NULL;

  if (summary != NULL)
    first_line = g_strndup (summary, strcspn (summary, "\n"));
  if (pd_execution_get_start_time (execution) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (pd_execution_get_start_time (execution));

      start = g_date_time_format (local, "%Y-%m-%d %H:%M");
    }

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), pd_graph_status_get_icon_name (status));
  gtk_widget_set_css_classes (icon, (const char *[]) { pd_graph_status_get_css_class (status), NULL });
  /* Translators: status · revision · commit message */
  title_text = g_strdup_printf (_("%s · %s · %s"), pd_graph_status_get_text (status), short_revision,
                                first_line != NULL ? first_line : "");
  /* Translators: trigger · start time · duration */
  subtitle_text = g_strdup_printf (_("%s · %s · %s"),
                                   pd_execution_get_trigger_type (execution) != NULL
                                   ? pd_execution_get_trigger_type (execution) : "—",
                                   start != NULL ? start : "—",
                                   duration != NULL ? duration : "—");
  gtk_label_set_text (GTK_LABEL (title), title_text);
  gtk_label_set_text (GTK_LABEL (subtitle), subtitle_text);
  /* Translators: an execution ID, then its description */
  label = g_strdup_printf (_("Execution %s, %s"), pd_execution_get_id (execution), title_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle_text,
                                  -1);
}

static void
on_execution_activated_cb (GtkListView    *view,
                           guint           position,
                           PdPipelineView *self)
{
  g_autoptr(PdExecution) execution = NULL;

  if (self->pipeline == NULL)
    return;

  execution = g_list_model_get_item (G_LIST_MODEL (self->executions_selection), position);
  if (execution == NULL)
    return;

  pd_pipeline_set_follow_latest (self->pipeline, FALSE);
  pd_pipeline_show_execution_async (self->pipeline, pd_execution_get_id (execution),
                                    self->cancellable, show_execution_cb, g_object_ref (self));
}

static const GActionEntry action_entries[] = {
  { "start", start_action },
  { "stop", stop_action },
  { "retry", retry_action },
  { "approve", approval_action },
  { "reject", approval_action },
  { "disable-transition", transition_action, "s" },
  { "enable-transition", transition_action, "s" },
  { "load-more-executions", load_more_action },
  { "follow-latest", follow_latest_action },
};

static void
pd_pipeline_view_dispose (GObject *object)
{
  PdPipelineView *self = (PdPipelineView *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  if (self->details != NULL)
    gtk_window_destroy (self->details);
  if (self->pipeline_signals != NULL)
    g_signal_group_set_target (self->pipeline_signals, NULL);
  g_clear_object (&self->pipeline_signals);
  g_clear_object (&self->pipeline);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->executions_selection);
  g_clear_object (&self->actions);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->transitions_menu);
  g_clear_pointer (&self->transitions_signature, g_free);

  G_OBJECT_CLASS (pd_pipeline_view_parent_class)->dispose (object);
}

static void
pd_pipeline_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdPipelineView *self = PD_PIPELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PIPELINE:
      g_value_set_object (value, self->pipeline);
      break;

    case PROP_HAS_DATA:
      g_value_set_boolean (value, pd_pipeline_view_get_has_data (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pipeline_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdPipelineView *self = PD_PIPELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PIPELINE:
      pd_pipeline_view_set_pipeline (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pipeline_view_class_init (PdPipelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_pipeline_view_dispose;
  object_class->get_property = pd_pipeline_view_get_property;
  object_class->set_property = pd_pipeline_view_set_property;

  /**
   * PdPipelineView:pipeline:
   *
   * The pipeline shown.
   */
  properties[PROP_PIPELINE] =
    g_param_spec_object ("pipeline", NULL, NULL, PD_TYPE_PIPELINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdPipelineView:has-data:
   *
   * Whether the graph shows the pipeline's stages.
   */
  properties[PROP_HAS_DATA] =
    g_param_spec_boolean ("has-data", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdPipelineView::show-logs:
   * @self: the view
   * @action: the CodeBuild action whose log to show
   *
   * The user asked for an action's build log.
   */
  signals[SHOW_LOGS] =
    g_signal_new ("show-logs",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_ACTION);

  /**
   * PdPipelineView::show-stage-logs:
   * @self: the view
   * @stage: the stage whose build logs to show
   *
   * The user opened a stage of the graph.
   */
  signals[SHOW_STAGE_LOGS] =
    g_signal_new ("show-stage-logs",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_STAGE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pd-pipeline-view");
}

static void
pd_pipeline_view_init (PdPipelineView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkWidget *paned;
  GtkWidget *scroller;
  GtkWidget *side;
  GtkWidget *side_header;
  GtkWidget *title;
  GtkWidget *banner_box;

  self->cancellable = g_cancellable_new ();
  self->transitions_menu = g_menu_new ();

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "pipeline", G_ACTION_GROUP (self->actions));

  self->pipeline_signals = g_signal_group_new (PD_TYPE_PIPELINE);
  g_signal_group_connect_swapped (self->pipeline_signals, "notify",
                                  G_CALLBACK (on_pipeline_notify_cb), self);
  g_signal_group_connect_swapped (self->pipeline_signals, "refreshed",
                                  G_CALLBACK (on_pipeline_changed_cb), self);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->banner = gtk_revealer_new ();
  banner_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (banner_box, "pd-stale-banner");
  self->banner_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->banner_label), TRUE);
  gtk_widget_set_hexpand (self->banner_label, TRUE);
  gtk_box_append (GTK_BOX (banner_box), gtk_image_new_from_icon_name ("network-offline-symbolic"));
  gtk_box_append (GTK_BOX (banner_box), self->banner_label);
  gtk_revealer_set_child (GTK_REVEALER (self->banner), banner_box);
  gtk_box_append (GTK_BOX (self->box), self->banner);

  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_box_append (GTK_BOX (self->box), paned);

  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_hexpand (scroller, TRUE);
  self->graph = PD_PIPELINE_GRAPH (pd_pipeline_graph_new ());
  g_signal_connect_object (self->graph, "action-activated", G_CALLBACK (on_action_activated_cb), self, 0);
  g_signal_connect_object (self->graph, "stage-activated", G_CALLBACK (on_stage_activated_cb),
                           self, 0);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->graph));
  gtk_paned_set_start_child (GTK_PANED (paned), scroller);

  side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (side, 260, -1);
  side_header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (side_header, 12);
  gtk_widget_set_margin_end (side_header, 6);
  gtk_widget_set_margin_top (side_header, 6);
  gtk_widget_set_margin_bottom (side_header, 6);
  title = gtk_label_new (_("Executions"));
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (side_header), title);
  self->follow_button = gtk_button_new_from_icon_name ("media-skip-forward-symbolic");
  gtk_widget_set_tooltip_text (self->follow_button, _("Follow the Latest Execution"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->follow_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Follow the Latest Execution"),
                                  -1);
  gtk_widget_add_css_class (self->follow_button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->follow_button), "pipeline.follow-latest");
  gtk_box_append (GTK_BOX (side_header), self->follow_button);
  gtk_box_append (GTK_BOX (side), side_header);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_execution_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_execution_cb), NULL);
  self->executions_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->executions_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->executions_selection, TRUE);
  self->executions_view = GTK_LIST_VIEW (gtk_list_view_new (g_object_ref (GTK_SELECTION_MODEL (self->executions_selection)),
                                                            g_object_ref (factory)));
  gtk_list_view_set_single_click_activate (self->executions_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->executions_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->executions_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Executions"),
                                  -1);
  g_signal_connect_object (self->executions_view, "activate",
                           G_CALLBACK (on_execution_activated_cb), self, 0);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->executions_view));
  gtk_box_append (GTK_BOX (side), scroller);

  self->load_more_button = gtk_button_new_with_mnemonic (_("Load _More"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->load_more_button), "pipeline.load-more-executions");
  gtk_widget_set_margin_start (self->load_more_button, 12);
  gtk_widget_set_margin_end (self->load_more_button, 12);
  gtk_widget_set_margin_top (self->load_more_button, 6);
  gtk_widget_set_margin_bottom (self->load_more_button, 6);
  gtk_widget_set_visible (self->load_more_button, FALSE);
  gtk_box_append (GTK_BOX (side), self->load_more_button);
  gtk_paned_set_end_child (GTK_PANED (paned), side);

  update_actions (self);
}

GtkWidget *
pd_pipeline_view_new (void)
{
  return g_object_new (PD_TYPE_PIPELINE_VIEW, NULL);
}

PdPipeline *
pd_pipeline_view_get_pipeline (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), NULL);
  return self->pipeline;
}

void
pd_pipeline_view_set_pipeline (PdPipelineView *self,
                               PdPipeline     *pipeline)
{
  g_return_if_fail (PD_IS_PIPELINE_VIEW (self));
  g_return_if_fail (pipeline == NULL || PD_IS_PIPELINE (pipeline));

  if (self->pipeline == pipeline)
    return;

  /* Answers for the previous pipeline must not land on this one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  if (self->details != NULL)
    gtk_window_destroy (self->details);

  g_set_object (&self->pipeline, pipeline);
  g_signal_group_set_target (self->pipeline_signals, pipeline);
  gtk_single_selection_set_model (self->executions_selection,
                                  pipeline != NULL ? pd_pipeline_get_executions (pipeline) : NULL);

  on_pipeline_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE]);

  /* A pipeline chosen in the list loads at once, not at the next poll. */
  if (pipeline != NULL && !pd_pipeline_get_loaded (pipeline) && !pd_pipeline_get_loading (pipeline))
    pd_pipeline_refresh_async (pipeline, self->cancellable, refresh_cb, g_object_ref (self));
}

PdPipelineGraph *
pd_pipeline_view_get_graph (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), NULL);
  return self->graph;
}

GActionGroup *
pd_pipeline_view_get_action_group (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

GMenuModel *
pd_pipeline_view_get_transitions_menu (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), NULL);
  return G_MENU_MODEL (self->transitions_menu);
}

GtkWindow *
pd_pipeline_view_get_dialog (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), NULL);
  return self->dialog;
}

GtkWindow *
pd_pipeline_view_get_details (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), NULL);
  return self->details;
}

GListModel *
pd_pipeline_view_get_executions (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), NULL);
  return G_LIST_MODEL (self->executions_selection);
}

gboolean
pd_pipeline_view_get_has_data (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), FALSE);

  return self->pipeline != NULL && pd_pipeline_get_loaded (self->pipeline) &&
         pd_pipeline_graph_get_n_stages (self->graph) > 0;
}
