/* pd-pipeline-view.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-action-details.h"
#include "pd-application.h"
#include "pd-aws-error.h"
#include "pd-core-error.h"
#include "pd-error-state.h"
#include "pd-deploy-dialog.h"
#include "pd-pipeline-graph.h"
#include "pd-pipeline-view.h"
#include "pd-window.h"

/* Below this width the executions pane folds by itself, so that the graph
 * keeps the room it needs; the user's choice holds again above it. */
#define FOLD_WIDTH 840

/* Room left around the stage scrolled into view, for the arrow into it. */
#define SCROLL_MARGIN 24

/* The content page of one pipeline: its graph, its executions and the
 * deploy actions of the toolbar, each confirmed in a dialog.
 *
 * The view lays its content out itself: it folds the executions pane when
 * it is narrow, and fits the graph to its scrolled window before the graph
 * is measured, which an allocation further down could not do. */
struct _PdPipelineView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget          *box;
  GtkWidget          *graph_scroller;
  GtkWidget          *executions_pane;
  GtkWidget          *show_executions_button;
  GtkRevealer        *banner;
  GtkLabel           *banner_label;
  PdPipelineGraph    *graph;
  GtkListView        *executions_view;
  GtkSingleSelection *executions_selection;
  GtkWidget          *load_more_button;
  GtkStack           *content_stack;
  GtkSpinner         *loading_spinner;
  PdErrorState       *graph_error;
  GtkStack           *executions_stack;
  PdErrorState       *executions_error;

  /* Owned references */
  PdPipeline        *pipeline;
  GCancellable      *cancellable;
  GSimpleActionGroup *actions;
  GSignalGroup      *pipeline_signals;
  GMenu             *transitions_menu;
  char              *transitions_signature;
  GSettings         *settings;

  /* Borrowed references */
  GtkWindow         *dialog;
  GtkWindow         *details;

  /* State */
  int                scrolled_stage;     /* the stage last scrolled into view, or -1 */

  /* Flags */
  guint              executions_wanted : 1;  /* the user's choice, kept in the settings */
  guint              narrow : 1;             /* folded by itself */
  guint              executions_peek : 1;    /* shown by hand while narrow */
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
      gtk_label_set_text (self->banner_label, text != NULL ? text : stale);
    }
  gtk_revealer_set_reveal_child (self->banner, stale != NULL);
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
            .status = pd_action_details_graph_status (action),
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

/* A pipeline that never loaded shows why instead of an empty graph; one
 * that did keeps its graph, marked stale. */
static void
update_pages (PdPipelineView *self)
{
  PdPipeline *pipeline = self->pipeline;
  const GError *error = pipeline != NULL ? pd_pipeline_get_error (pipeline) : NULL;
  const GError *history_error = pipeline != NULL ? pd_pipeline_get_executions_error (pipeline)
                                                 : NULL;
  gboolean loading = pipeline != NULL && pd_pipeline_get_loading (pipeline);
  const char *page;

  if (pipeline == NULL || pd_pipeline_get_loaded (pipeline))
    page = "pipeline";
  else if (error != NULL)
    page = "error";
  else
    page = "loading";

  if (g_str_equal (page, "error"))
    {
      pd_error_state_set_error (self->graph_error, error);
      pd_error_state_set_retrying (self->graph_error, loading);
    }
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->content_stack, page);

  if (history_error != NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->executions_selection)) == 0)
    {
      pd_error_state_set_error (self->executions_error, history_error);
      pd_error_state_set_retrying (self->executions_error, loading);
      gtk_stack_set_visible_child_name (self->executions_stack, "error");
    }
  else
    gtk_stack_set_visible_child_name (self->executions_stack, "list");
}

static void
on_pipeline_changed_cb (PdPipelineView *self)
{
  gboolean had_data = pd_pipeline_view_get_has_data (self);

  update_pages (self);
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

/* The executions pane. */

static gboolean
executions_shown (PdPipelineView *self)
{
  return self->narrow ? self->executions_peek : self->executions_wanted;
}

static void
update_executions_pane (PdPipelineView *self)
{
  gboolean shown = executions_shown (self);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "show-executions");

  if (gtk_widget_get_visible (self->executions_pane) != shown)
    gtk_widget_set_visible (self->executions_pane, shown);
  /* The corner button brings the folded pane back. */
  if (gtk_widget_get_visible (self->show_executions_button) == shown)
    gtk_widget_set_visible (self->show_executions_button, !shown);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (shown));
}

static void
on_executions_setting_changed_cb (PdPipelineView *self,
                                  const char     *key,
                                  GSettings      *settings)
{
  self->executions_wanted = g_settings_get_boolean (settings, "executions-pane-visible");
  update_executions_pane (self);
}

/* F9 and the two toggles. While the view is narrow, showing the pane is a
 * look for now, not a choice to keep: it folds again when the view next
 * becomes narrow. */
static void
show_executions_change_state (GSimpleAction *action,
                              GVariant      *value,
                              gpointer       user_data)
{
  PdPipelineView *self = user_data;
  gboolean show = g_variant_get_boolean (value);

  if (self->narrow)
    self->executions_peek = show;
  else if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "executions-pane-visible", show);
  else
    self->executions_wanted = show;
  update_executions_pane (self);
}

static void
update_narrow (PdPipelineView *self,
               int             width)
{
  gboolean narrow = width < FOLD_WIDTH;

  if (self->narrow == narrow)
    return;

  self->narrow = narrow;
  self->executions_peek = FALSE;
  update_executions_pane (self);
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
on_retry_cb (PdPipelineView *self,
             PdErrorState   *state)
{
  if (self->pipeline == NULL)
    return;
  pd_pipeline_refresh_async (self->pipeline, self->cancellable, refresh_cb, g_object_ref (self));
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

static void on_dialog_response_cb (PdDeployDialog *dialog,
                                   const char     *response,
                                   PdPipelineView *self);

static const char *
shown_revision (PdPipelineView *self)
{
  return pd_pipeline_get_shown_revision_id (self->pipeline);
}

/* Opens @dialog in place of any other: one confirmation at a time. */
static void
present_dialog (PdPipelineView *self,
                PdDeployDialog *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_dialog_response_cb (PdDeployDialog *dialog,
                       const char     *response,
                       PdPipelineView *self)
{
  g_autoptr(GHashTable) variables = NULL;
  PdDeployKind kind = pd_deploy_dialog_get_kind (dialog);

  if (self->pipeline == NULL || !pd_deploy_dialog_is_confirmed (dialog, response))
    return;

  switch (kind)
    {
    case PD_DEPLOY_KIND_RELEASE:
      variables = pd_deploy_dialog_dup_variables (dialog);
      pd_pipeline_start_execution_async (self->pipeline, variables, self->cancellable,
                                         start_cb, g_object_ref (self));
      break;

    case PD_DEPLOY_KIND_STOP:
      pd_pipeline_stop_execution_async (self->pipeline, pd_deploy_dialog_get_execution_id (dialog),
                                        pd_deploy_dialog_get_abandon (dialog),
                                        pd_deploy_dialog_get_reason (dialog),
                                        self->cancellable, stop_cb, g_object_ref (self));
      break;

    case PD_DEPLOY_KIND_RETRY:
      pd_pipeline_retry_stage_async (self->pipeline, pd_deploy_dialog_get_stage_name (dialog),
                                     pd_deploy_dialog_get_retry_mode (dialog),
                                     self->cancellable, retry_cb, g_object_ref (self));
      break;

    case PD_DEPLOY_KIND_APPROVE:
    case PD_DEPLOY_KIND_REJECT:
      pd_pipeline_put_approval_async (self->pipeline, pd_deploy_dialog_get_stage_name (dialog),
                                      pd_deploy_dialog_get_action_name (dialog),
                                      kind == PD_DEPLOY_KIND_APPROVE ? PD_AWS_APPROVAL_APPROVED
                                                                     : PD_AWS_APPROVAL_REJECTED,
                                      pd_deploy_dialog_get_summary (dialog),
                                      self->cancellable, approval_cb, g_object_ref (self));
      break;

    case PD_DEPLOY_KIND_DISABLE_TRANSITION:
    case PD_DEPLOY_KIND_ENABLE_TRANSITION:
    default:
      pd_pipeline_set_transition_async (self->pipeline, pd_deploy_dialog_get_stage_name (dialog),
                                        kind == PD_DEPLOY_KIND_ENABLE_TRANSITION,
                                        kind == PD_DEPLOY_KIND_ENABLE_TRANSITION
                                        ? NULL : pd_deploy_dialog_get_reason (dialog),
                                        self->cancellable, transition_cb, g_object_ref (self));
      break;
    }

  update_actions (self);
}

static void
start_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PdPipelineView *self = user_data;
  g_autofree char *warning = NULL;
  gboolean v2;

  if (self->pipeline == NULL)
    return;

  warning = pd_pipeline_dup_start_warning (self->pipeline);
  v2 = pd_pipeline_get_pipeline_type (self->pipeline) == PD_AWS_PIPELINE_TYPE_V2;
  present_dialog (self, g_object_new (PD_TYPE_DEPLOY_DIALOG,
                                      "kind", PD_DEPLOY_KIND_RELEASE,
                                      "pipeline-name", pd_pipeline_get_name (self->pipeline),
                                      "warning", warning,
                                      "with-variables", v2,
                                      NULL));
}

static void
stop_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PdPipelineView *self = user_data;
  const char *execution_id;

  if (self->pipeline == NULL || !pd_pipeline_get_running (self->pipeline))
    return;

  execution_id = pd_pipeline_get_latest_execution_id (self->pipeline);
  present_dialog (self, g_object_new (PD_TYPE_DEPLOY_DIALOG,
                                      "kind", PD_DEPLOY_KIND_STOP,
                                      "pipeline-name", pd_pipeline_get_name (self->pipeline),
                                      "execution-id", execution_id,
                                      "revision", shown_revision (self),
                                      NULL));
}

static void
retry_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PdPipelineView *self = user_data;
  g_autoptr(PdStage) stage = NULL;

  if (self->pipeline == NULL || (stage = find_failed_stage (self)) == NULL)
    return;

  present_dialog (self, g_object_new (PD_TYPE_DEPLOY_DIALOG,
                                      "kind", PD_DEPLOY_KIND_RETRY,
                                      "pipeline-name", pd_pipeline_get_name (self->pipeline),
                                      "stage-name", pd_stage_get_name (stage),
                                      "revision", shown_revision (self),
                                      NULL));
}

static void
approval_action (GSimpleAction *simple,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PdPipelineView *self = user_data;
  gboolean approve = g_str_equal (g_action_get_name (G_ACTION (simple)), "approve");
  g_autoptr(PdAction) action = NULL;

  if (self->pipeline == NULL || (action = find_waiting_action (self)) == NULL)
    return;

  present_dialog (self, g_object_new (PD_TYPE_DEPLOY_DIALOG,
                                      "kind", approve ? PD_DEPLOY_KIND_APPROVE
                                                      : PD_DEPLOY_KIND_REJECT,
                                      "pipeline-name", pd_pipeline_get_name (self->pipeline),
                                      "stage-name", pd_action_get_stage_name (action),
                                      "action-name", pd_action_get_name (action),
                                      "revision", shown_revision (self),
                                      NULL));
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

  present_dialog (self, g_object_new (PD_TYPE_DEPLOY_DIALOG,
                                      "kind", enable ? PD_DEPLOY_KIND_ENABLE_TRANSITION
                                                     : PD_DEPLOY_KIND_DISABLE_TRANSITION,
                                      "pipeline-name", pd_pipeline_get_name (self->pipeline),
                                      "stage-name", stage_name,
                                      NULL));
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
on_show_logs_clicked_cb (PdActionDetails *details,
                         PdAction        *action,
                         PdPipelineView  *self)
{
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

static void
show_details (PdPipelineView *self,
              const char     *stage_name,
              const char     *action_name)
{
  PdStage *stage;
  PdAction *action;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PdActionDetails *details;

  if (self->pipeline == NULL || (stage = pd_pipeline_find_stage (self->pipeline, stage_name)) == NULL ||
      (action = pd_stage_find_action (stage, action_name)) == NULL)
    return;

  if (self->details != NULL)
    gtk_window_destroy (self->details);

  details = pd_action_details_new (action);
  self->details = GTK_WINDOW (details);
  g_object_add_weak_pointer (G_OBJECT (details), (gpointer *) &self->details);
  /* Its own toplevel: the pipeline's actions reach it only this way. */
  gtk_widget_insert_action_group (GTK_WIDGET (details), "pipeline", G_ACTION_GROUP (self->actions));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (details), GTK_WINDOW (root));
  g_signal_connect_object (details, "show-logs", G_CALLBACK (on_show_logs_clicked_cb), self, 0);
  gtk_window_present (GTK_WINDOW (details));
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
  /* GTK 4.8 leaves the list item itself, which screen readers announce,
   * without a name. */
  if (gtk_widget_get_parent (box) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
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
  { "show-executions", NULL, NULL, "true", show_executions_change_state },
};

/* Layout. */

static void
allocate_box (PdPipelineView *self,
              int             width,
              int             height,
              int             baseline)
{
  int minimum = 0;

  /* Measured again first: something under it may have changed size. */
  gtk_widget_measure (self->box, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  gtk_widget_measure (self->box, GTK_ORIENTATION_VERTICAL, MAX (width, minimum),
                      NULL, NULL, NULL, NULL);
  gtk_widget_allocate (self->box, width, height, baseline, NULL);
}

/* The graph's viewport is its scrolled window. Scrollbars that take room
 * are counted as shown, so that the fit does not change with them. */
static gboolean
fit_graph (PdPipelineView *self)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (self->graph_scroller);
  int width = gtk_widget_get_width (self->graph_scroller);
  int height = gtk_widget_get_height (self->graph_scroller);

  if (!gtk_widget_get_mapped (self->graph_scroller))
    return FALSE;

  if (!gtk_scrolled_window_get_overlay_scrolling (scroller))
    {
      int bar = 0;

      gtk_widget_measure (gtk_scrolled_window_get_vscrollbar (scroller), GTK_ORIENTATION_HORIZONTAL,
                          -1, NULL, &bar, NULL, NULL);
      width -= bar;
      gtk_widget_measure (gtk_scrolled_window_get_hscrollbar (scroller), GTK_ORIENTATION_VERTICAL,
                          -1, NULL, &bar, NULL, NULL);
      height -= bar;
    }

  return pd_pipeline_graph_fit_to (self->graph, width, height);
}

static gboolean
scroll_into_view (GtkAdjustment *adjustment,
                  double         start,
                  double         size)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double target = value;

  if (size + 2 * SCROLL_MARGIN >= page || start - SCROLL_MARGIN < value)
    target = start - SCROLL_MARGIN;
  else if (start + size + SCROLL_MARGIN > value + page)
    target = start + size + SCROLL_MARGIN - page;
  target = CLAMP (target, gtk_adjustment_get_lower (adjustment),
                  MAX (gtk_adjustment_get_upper (adjustment) - page, 0));
  if (G_APPROX_VALUE (target, value, 0.5))
    return FALSE;

  gtk_adjustment_set_value (adjustment, target);
  return TRUE;
}

/* A graph too long to fit shows its running or failed stage, else the
 * latest that ran. Returns whether it scrolled. */
static gboolean
scroll_to_current_stage (PdPipelineView *self)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (self->graph_scroller);
  int current = pd_pipeline_graph_get_current_stage (self->graph);
  graphene_rect_t rect;
  gboolean scrolled;

  if (current < 0 ||
      !gtk_widget_compute_bounds (pd_pipeline_graph_get_stage_widget (self->graph, current),
                                  GTK_WIDGET (self->graph), &rect))
    return FALSE;

  scrolled = scroll_into_view (gtk_scrolled_window_get_hadjustment (scroller),
                               rect.origin.x, rect.size.width);
  scrolled |= scroll_into_view (gtk_scrolled_window_get_vadjustment (scroller),
                                rect.origin.y, rect.size.height);
  return scrolled;
}

static GtkSizeRequestMode
pd_pipeline_view_get_request_mode (GtkWidget *widget)
{
  PdPipelineView *self = PD_PIPELINE_VIEW (widget);

  return gtk_widget_get_request_mode (self->box);
}

static void
pd_pipeline_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  PdPipelineView *self = PD_PIPELINE_VIEW (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
pd_pipeline_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  PdPipelineView *self = PD_PIPELINE_VIEW (widget);
  gboolean refit;
  int current;

  /* Whether the pane folds is known before anything is placed; the
   * graph's viewport only once the box is: the graph then takes its new
   * zoom and everything under the box is measured and placed again, in
   * this same frame. A stage scrolled into view moves it once more. */
  update_narrow (self, width);
  allocate_box (self, width, height, baseline);
  refit = fit_graph (self);
  if (refit)
    allocate_box (self, width, height, baseline);

  current = pd_pipeline_graph_get_current_stage (self->graph);
  if (pd_pipeline_graph_get_fit (self->graph) && gtk_widget_get_mapped (self->graph_scroller) &&
      (refit || current != self->scrolled_stage))
    {
      self->scrolled_stage = current;
      if (scroll_to_current_stage (self))
        allocate_box (self, width, height, baseline);
    }
}

static void
pd_pipeline_view_map (GtkWidget *widget)
{
  PdPipelineView *self = PD_PIPELINE_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  /* Without settings of its own, the view keeps its pane's state in the
   * application's, as the window keeps its size there. */
  if (self->settings == NULL && GTK_IS_WINDOW (root))
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (root));

      if (PD_IS_APPLICATION (app))
        pd_pipeline_view_set_settings (self, pd_application_get_settings (PD_APPLICATION (app)));
    }

  GTK_WIDGET_CLASS (pd_pipeline_view_parent_class)->map (widget);
}

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
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_PIPELINE_VIEW);
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

  widget_class->get_request_mode = pd_pipeline_view_get_request_mode;
  widget_class->measure = pd_pipeline_view_measure;
  widget_class->size_allocate = pd_pipeline_view_size_allocate;
  widget_class->map = pd_pipeline_view_map;

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

  g_type_ensure (PD_TYPE_ERROR_STATE);
  g_type_ensure (PD_TYPE_PIPELINE_GRAPH);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-pipeline-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, box);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, graph_scroller);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, executions_pane);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, show_executions_button);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, banner);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, graph);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, executions_view);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, executions_selection);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, load_more_button);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, graph_error);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, executions_stack);
  gtk_widget_class_bind_template_child (widget_class, PdPipelineView, executions_error);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_action_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stage_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_execution_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_execution_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_execution_cb);

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

  /* Here, not only through the application's accelerator: whatever
   * holds the view, F9 works while the focus is in it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0,
                                       "pipeline.show-executions", NULL);

  gtk_widget_class_set_css_name (widget_class, "pd-pipeline-view");
}

static void
pd_pipeline_view_init (PdPipelineView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* GTK 4.8 names a button with a mnemonic after both its raw label and its
   * label widget: the label widget will do. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->load_more_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->cancellable = g_cancellable_new ();
  self->transitions_menu = g_menu_new ();
  self->executions_wanted = TRUE;
  self->scrolled_stage = -1;

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "pipeline", G_ACTION_GROUP (self->actions));
  update_executions_pane (self);

  self->pipeline_signals = g_signal_group_new (PD_TYPE_PIPELINE);
  g_signal_group_connect_swapped (self->pipeline_signals, "notify",
                                  G_CALLBACK (on_pipeline_notify_cb), self);
  g_signal_group_connect_swapped (self->pipeline_signals, "refreshed",
                                  G_CALLBACK (on_pipeline_changed_cb), self);

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
  /* A pipeline opens with its whole graph in view. */
  pd_pipeline_graph_set_fit (self->graph, TRUE);
  self->scrolled_stage = -1;
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

/**
 * pd_pipeline_view_set_settings:
 * @self: the view
 * @settings: (nullable): the application's settings
 *
 * Where the view keeps whether its executions pane is shown. Without it
 * the view uses the settings of the window's #PdApplication once mapped.
 */
void
pd_pipeline_view_set_settings (PdPipelineView *self,
                               GSettings      *settings)
{
  g_return_if_fail (PD_IS_PIPELINE_VIEW (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (self->settings == settings)
    return;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    {
      g_signal_connect_object (settings, "changed::executions-pane-visible",
                               G_CALLBACK (on_executions_setting_changed_cb), self,
                               G_CONNECT_SWAPPED);
      on_executions_setting_changed_cb (self, "executions-pane-visible", settings);
    }
}

GSettings *
pd_pipeline_view_get_settings (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), NULL);
  return self->settings;
}

/**
 * pd_pipeline_view_get_executions_shown:
 * @self: the view
 *
 * Whether the executions pane is shown now: the user's choice, unless the
 * view is narrow enough to fold it.
 *
 * Returns: %TRUE when it is shown
 */
gboolean
pd_pipeline_view_get_executions_shown (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), FALSE);
  return executions_shown (self);
}

gboolean
pd_pipeline_view_get_narrow (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), FALSE);
  return self->narrow;
}

GtkWidget *
pd_pipeline_view_get_graph_scroller (PdPipelineView *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_VIEW (self), NULL);
  return self->graph_scroller;
}
