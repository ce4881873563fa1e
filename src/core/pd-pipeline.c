/* pd-pipeline.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-core-error.h"
#include "pd-pipeline-private.h"
#include "pd-pipeline.h"
#include "pd-util.h"

/* Executions per page of the history */
#define HISTORY_PAGE 20
#define N_OPERATIONS (PD_PIPELINE_OPERATION_TRANSITION + 1)

struct _PdPipeline
{
  GObject               parent_instance;

  /* Owned references */
  PdAwsClient          *client;
  char                 *name;
  GCancellable         *cancellable;
  GListStore           *stages;
  GListStore           *executions;
  GHashTable           *executions_by_id;
  char                 *executions_next_token;
  char                 *latest_execution_id;
  char                 *latest_status_text;
  GDateTime            *latest_time;
  char                 *shown_execution_id;
  char                 *shown_revision_id;
  char                 *shown_revision_summary;
  PdAwsPipelineState   *state;
  GError               *error;
  GError               *executions_error;
  GDateTime            *stale_since;

  /* State */
  PdAwsPipelineType     pipeline_type;
  PdAwsExecutionMode    execution_mode;
  PdAwsExecutionStatus  latest_status;
  gint64                declaration_version;
  guint64               refresh_serial;
  guint64               applied_serial;
  guint                 loading;
  gboolean              busy[N_OPERATIONS];

  /* Flags */
  guint                 has_declaration : 1;
  guint                 has_status : 1;
  guint                 waiting_for_approval : 1;
  guint                 favourite : 1;
  guint                 watched : 1;
  guint                 follow_latest : 1;
  guint                 loaded : 1;
  guint                 load_failed : 1;
  guint                 disposed : 1;
};

G_DEFINE_FINAL_TYPE (PdPipeline, pd_pipeline, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PdStartImpact, pd_start_impact,
                    G_DEFINE_ENUM_VALUE (PD_START_IMPACT_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (PD_START_IMPACT_SUPERSEDE, "supersede"),
                    G_DEFINE_ENUM_VALUE (PD_START_IMPACT_QUEUE, "queue"),
                    G_DEFINE_ENUM_VALUE (PD_START_IMPACT_PARALLEL, "parallel"))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_NAME,
  PROP_PIPELINE_TYPE,
  PROP_EXECUTION_MODE,
  PROP_LATEST_EXECUTION_ID,
  PROP_LATEST_STATUS,
  PROP_LATEST_STATUS_TEXT,
  PROP_LATEST_TIME,
  PROP_HAS_STATUS,
  PROP_RUNNING,
  PROP_WAITING_FOR_APPROVAL,
  PROP_FAVOURITE,
  PROP_WATCHED,
  PROP_STAGES,
  PROP_EXECUTIONS,
  PROP_HAS_MORE_EXECUTIONS,
  PROP_FOLLOW_LATEST,
  PROP_SHOWN_EXECUTION_ID,
  PROP_SHOWN_REVISION_ID,
  PROP_SHOWN_REVISION_SUMMARY,
  PROP_LOADED,
  PROP_LOADING,
  PROP_STALE,
  PROP_STALE_SINCE,
  PROP_ERROR_MESSAGE,
  PROP_EXECUTIONS_ERROR_MESSAGE,
  PROP_START_BUSY,
  PROP_STOP_BUSY,
  PROP_RETRY_BUSY,
  PROP_APPROVAL_BUSY,
  PROP_TRANSITION_BUSY,
  PROP_BUSY,
  N_PROPS
};

enum {
  REFRESHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Cancellables. */

typedef struct
{
  GCancellable *parent;
  gulong        handler;
} ChainLink;

static void
chain_link_free (gpointer data)
{
  ChainLink *link = data;

  g_cancellable_disconnect (link->parent, link->handler);
  g_object_unref (link->parent);
  g_free (link);
}

static void
on_parent_cancelled_cb (GCancellable *parent,
                        gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
chain (GCancellable *child,
       GCancellable *parent,
       const char   *key)
{
  ChainLink *link;

  if (parent == NULL)
    return;
  if (g_cancellable_is_cancelled (parent))
    {
      g_cancellable_cancel (child);
      return;
    }
  link = g_new0 (ChainLink, 1);
  link->parent = g_object_ref (parent);
  link->handler = g_cancellable_connect (parent, G_CALLBACK (on_parent_cancelled_cb), child, NULL);
  g_object_set_data_full (G_OBJECT (child), key, link, chain_link_free);
}

/*
 * pd_cancellable_new_chained:
 * @first: (nullable): a cancellable
 * @second: (nullable): another one
 *
 * Returns: (transfer full): a cancellable that is cancelled when either
 *   parent is; the links go away with it
 */
GCancellable *
pd_cancellable_new_chained (GCancellable *first,
                            GCancellable *second)
{
  GCancellable *child = g_cancellable_new ();

  chain (child, first, "pd-chain-first");
  chain (child, second, "pd-chain-second");
  return child;
}

/* Helpers. */

static gboolean
is_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
set_loading (PdPipeline *self,
             gboolean    loading)
{
  gboolean was = self->loading > 0;

  if (loading)
    self->loading++;
  else if (self->loading > 0)
    self->loading--;
  if (was != (self->loading > 0) && !self->disposed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
mark_stale (PdPipeline   *self,
            const GError *error)
{
  if (self->disposed || error == NULL || is_cancelled ((GError *) error))
    return;

  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  /* Only a pipeline that showed something can be stale */
  if (self->stale_since == NULL && (self->loaded || self->has_status))
    {
      self->stale_since = g_date_time_new_now_utc ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE_SINCE]);
    }
}

static void
set_executions_error (PdPipeline   *self,
                      const GError *error)
{
  if (error == NULL && self->executions_error == NULL)
    return;
  g_clear_error (&self->executions_error);
  self->executions_error = error != NULL ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTIONS_ERROR_MESSAGE]);
}

static void
mark_fresh (PdPipeline *self)
{
  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  if (self->stale_since != NULL)
    {
      g_clear_pointer (&self->stale_since, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE_SINCE]);
    }
}

static void
set_waiting_for_approval (PdPipeline *self,
                          gboolean    waiting)
{
  if (self->waiting_for_approval != !!waiting)
    {
      self->waiting_for_approval = !!waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_FOR_APPROVAL]);
    }
}

static gboolean
state_waits_for_approval (const PdAwsPipelineState *state)
{
  for (guint i = 0; i < state->stages->len; i++)
    {
      const PdAwsStageState *stage = g_ptr_array_index (state->stages, i);

      for (guint j = 0; j < stage->actions->len; j++)
        {
          const PdAwsActionState *action = g_ptr_array_index (stage->actions, j);

          if (action->latest != NULL && action->latest->token != NULL &&
              action->latest->status == PD_AWS_ACTION_STATUS_IN_PROGRESS)
            return TRUE;
        }
    }
  return FALSE;
}

static void
apply_latest (PdPipeline                   *self,
              const PdAwsPipelineExecution *latest)
{
  GDateTime *time = latest->last_update_time != NULL ? latest->last_update_time
                                                     : latest->start_time;
  gboolean was_running = pd_pipeline_get_running (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (pd_set_str (&self->latest_execution_id, latest->pipeline_execution_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST_EXECUTION_ID]);
  if (self->latest_status != latest->status)
    {
      self->latest_status = latest->status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST_STATUS]);
    }
  if (pd_set_str (&self->latest_status_text, latest->status_raw))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST_STATUS_TEXT]);
  if (!(self->latest_time == time ||
        (self->latest_time != NULL && time != NULL && g_date_time_equal (self->latest_time, time))))
    {
      g_clear_pointer (&self->latest_time, g_date_time_unref);
      self->latest_time = time != NULL ? g_date_time_ref (time) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST_TIME]);
    }
  if (!self->has_status)
    {
      self->has_status = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_STATUS]);
    }
  if (was_running != pd_pipeline_get_running (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (!pd_pipeline_get_running (self))
    set_waiting_for_approval (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Puts a page of executions in the history: updates known ones, adds new
 * ones, newest first; @append adds older pages at the end. */
static void
merge_executions (PdPipeline *self,
                  GPtrArray  *executions,
                  gboolean    append)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < executions->len; i++)
    {
      const PdAwsPipelineExecution *item = g_ptr_array_index (executions, i);
      PdExecution *known = g_hash_table_lookup (self->executions_by_id,
                                                item->pipeline_execution_id);

      if (known != NULL)
        {
          pd_execution_update (known, item);
          continue;
        }
      known = pd_execution_new (item);
      g_hash_table_insert (self->executions_by_id, g_strdup (item->pipeline_execution_id), known);
      g_ptr_array_add (fresh, g_object_ref (known));
    }

  if (fresh->len > 0)
    g_list_store_splice (self->executions,
                         append ? g_list_model_get_n_items (G_LIST_MODEL (self->executions)) : 0,
                         0, fresh->pdata, fresh->len);
}

static void
set_next_token (PdPipeline *self,
                const char *token)
{
  gboolean had_more = self->executions_next_token != NULL;

  pd_set_str (&self->executions_next_token, token);
  if (had_more != (token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE_EXECUTIONS]);
}

static void
set_shown_execution (PdPipeline *self,
                     const char *execution_id)
{
  PdExecution *execution = execution_id != NULL
    ? g_hash_table_lookup (self->executions_by_id, execution_id) : NULL;

  if (pd_set_str (&self->shown_execution_id, execution_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_EXECUTION_ID]);
  if (execution != NULL || execution_id == NULL)
    {
      if (pd_set_str (&self->shown_revision_id,
                      execution != NULL ? pd_execution_get_revision_id (execution) : NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_REVISION_ID]);
      if (pd_set_str (&self->shown_revision_summary,
                      execution != NULL ? pd_execution_get_revision_summary (execution) : NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_REVISION_SUMMARY]);
    }
}

static void
apply_declaration (PdPipeline               *self,
                   PdAwsPipelineDeclaration *declaration)
{
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func (g_object_unref);

  self->has_declaration = TRUE;
  self->declaration_version = declaration->version;
  if (self->pipeline_type != declaration->pipeline_type)
    {
      self->pipeline_type = declaration->pipeline_type;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE_TYPE]);
    }
  if (self->execution_mode != declaration->execution_mode)
    {
      self->execution_mode = declaration->execution_mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTION_MODE]);
    }

  for (guint i = 0; i < declaration->stages->len; i++)
    g_ptr_array_add (stages, pd_stage_new (i, g_ptr_array_index (declaration->stages, i)));
  g_list_store_splice (self->stages, 0, g_list_model_get_n_items (G_LIST_MODEL (self->stages)),
                       stages->pdata, stages->len);
}

static void
apply_state (PdPipeline         *self,
             PdAwsPipelineState *state)
{
  g_clear_pointer (&self->state, pd_aws_pipeline_state_free);
  self->state = state;

  /* A newer declaration: read it on the next refresh */
  if (state->pipeline_version > self->declaration_version)
    self->has_declaration = FALSE;

  set_waiting_for_approval (self, state_waits_for_approval (state));
  for (guint i = 0; i < state->stages->len; i++)
    {
      const PdAwsStageState *stage_state = g_ptr_array_index (state->stages, i);
      PdStage *stage = pd_pipeline_find_stage (self, stage_state->stage_name);

      if (stage != NULL)
        pd_stage_apply_state (stage, stage_state, self->follow_latest);
    }
}

static PdAwsExecutionStatus
stage_status_from_actions (PdStage *stage)
{
  GListModel *actions = pd_stage_get_actions (stage);
  guint n = g_list_model_get_n_items (actions);
  gboolean any = FALSE, failed = FALSE, running = FALSE, abandoned = FALSE, all_ok = TRUE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdAction) action = g_list_model_get_item (actions, i);

      switch (pd_action_get_status (action))
        {
        case PD_AWS_ACTION_STATUS_IN_PROGRESS:
          running = TRUE;
          any = TRUE;
          all_ok = FALSE;
          break;
        case PD_AWS_ACTION_STATUS_FAILED:
          failed = TRUE;
          any = TRUE;
          all_ok = FALSE;
          break;
        case PD_AWS_ACTION_STATUS_ABANDONED:
          abandoned = TRUE;
          any = TRUE;
          all_ok = FALSE;
          break;
        case PD_AWS_ACTION_STATUS_SUCCEEDED:
          any = TRUE;
          break;
        case PD_AWS_ACTION_STATUS_UNKNOWN:
        default:
          all_ok = FALSE;
          break;
        }
    }
  if (running)
    return PD_AWS_EXECUTION_STATUS_IN_PROGRESS;
  if (failed)
    return PD_AWS_EXECUTION_STATUS_FAILED;
  if (abandoned)
    return PD_AWS_EXECUTION_STATUS_STOPPED;
  if (any && all_ok)
    return PD_AWS_EXECUTION_STATUS_SUCCEEDED;
  return PD_AWS_EXECUTION_STATUS_UNKNOWN;
}

/* Action executions of the shown execution. Following the latest, the state
 * gave the statuses and the details add start times and resolved values;
 * for an older execution the details are all there is. */
static void
apply_details (PdPipeline *self,
               GPtrArray  *details)
{
  guint n_stages = g_list_model_get_n_items (G_LIST_MODEL (self->stages));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!self->follow_latest)
    for (guint i = 0; i < n_stages; i++)
      {
        g_autoptr(PdStage) stage = g_list_model_get_item (G_LIST_MODEL (self->stages), i);
        GListModel *actions = pd_stage_get_actions (stage);

        for (guint j = 0; j < g_list_model_get_n_items (actions); j++)
          {
            g_autoptr(PdAction) action = g_list_model_get_item (actions, j);

            pd_action_clear_execution (action);
          }
      }

  /* Newest first: the first detail of an action is its last attempt */
  for (guint i = 0; i < details->len; i++)
    {
      const PdAwsActionExecutionDetail *detail = g_ptr_array_index (details, i);
      g_autofree char *key = g_strdup_printf ("%s/%s", detail->stage_name, detail->action_name);
      PdStage *stage = pd_pipeline_find_stage (self, detail->stage_name);
      PdAction *action = stage != NULL ? pd_stage_find_action (stage, detail->action_name) : NULL;

      if (action == NULL || g_hash_table_contains (seen, key))
        continue;
      g_hash_table_add (seen, g_steal_pointer (&key));

      if (self->follow_latest)
        {
          if (g_strcmp0 (pd_action_get_action_execution_id (action),
                         detail->action_execution_id) == 0)
            pd_action_apply_detail (action, detail, FALSE);
        }
      else
        pd_action_apply_detail (action, detail, TRUE);
    }

  if (!self->follow_latest)
    for (guint i = 0; i < n_stages; i++)
      {
        g_autoptr(PdStage) stage = g_list_model_get_item (G_LIST_MODEL (self->stages), i);
        PdAwsExecutionStatus status = stage_status_from_actions (stage);

        pd_stage_set_status (stage, status,
                             status != PD_AWS_EXECUTION_STATUS_UNKNOWN
                             ? pd_aws_execution_status_to_string (status) : NULL,
                             status != PD_AWS_EXECUTION_STATUS_UNKNOWN
                             ? self->shown_execution_id : NULL);
      }
}

/* Refresh. */

typedef struct
{
  GCancellable             *cancellable;
  guint64                   serial;
  guint                     pending;
  gboolean                  full;
  GError                   *error;
  GError                   *executions_error;
  PdAwsPipelineDeclaration *declaration;
  PdAwsPipelineState       *state;
  GPtrArray                *executions;
  char                     *next_token;
  char                     *shown_id;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_object (&data->cancellable);
  g_clear_error (&data->error);
  g_clear_error (&data->executions_error);
  g_clear_pointer (&data->declaration, pd_aws_pipeline_declaration_free);
  g_clear_pointer (&data->state, pd_aws_pipeline_state_free);
  g_clear_pointer (&data->executions, g_ptr_array_unref);
  g_free (data->next_token);
  g_free (data->shown_id);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RefreshData, refresh_data_free)

static void
refresh_fail (GTask  *task,
              GError *error)
{
  PdPipeline *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);

  set_loading (self, FALSE);
  if (data->full && !self->loaded && !is_cancelled (error))
    self->load_failed = TRUE;
  mark_stale (self, error);
  g_task_return_error (task, error);
}

static void
refresh_succeed (GTask *task)
{
  PdPipeline *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);

  set_loading (self, FALSE);
  if (!self->disposed && data->serial >= self->applied_serial)
    {
      /* A summary is no full load: it neither loads the pipeline nor
       * clears why its first full load failed. */
      if (data->full || !self->load_failed)
        mark_fresh (self);
      if (data->full)
        self->load_failed = FALSE;
      if (data->full && !self->loaded)
        {
          self->loaded = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
      g_signal_emit (self, signals[REFRESHED], 0);
    }
  /* The graph is fresh, but a history that could not be read still counts
   * as a failed refresh, so that the poller backs off. */
  if (data->executions_error != NULL)
    g_task_return_error (task, g_error_copy (data->executions_error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_refresh_details_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) details = NULL;
  PdPipeline *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  GError *error = NULL;

  details = pd_aws_codepipeline_list_action_executions_finish (PD_AWS_CLIENT (object), result,
                                                               &error);
  if (details == NULL)
    {
      refresh_fail (task, error);
      return;
    }
  if (g_cancellable_is_cancelled (data->cancellable) || self->disposed)
    {
      refresh_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               "The refresh was cancelled"));
      return;
    }
  /* Only if no newer refresh, or another execution to show, got there first */
  if (data->serial >= self->applied_serial &&
      g_strcmp0 (data->shown_id, self->shown_execution_id) == 0)
    apply_details (self, details);
  refresh_succeed (task);
}

/* Takes over the reference of @task_in */
static void
refresh_apply (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  PdPipeline *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);

  if (data->error != NULL)
    {
      refresh_fail (task, g_steal_pointer (&data->error));
      return;
    }
  if (g_cancellable_is_cancelled (data->cancellable) || self->disposed)
    {
      refresh_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               "The refresh was cancelled"));
      return;
    }

  /* An older refresh that finishes late must not undo a newer one */
  if (data->serial < self->applied_serial)
    {
      refresh_succeed (task);
      return;
    }
  self->applied_serial = data->serial;

  g_object_freeze_notify (G_OBJECT (self));
  if (data->declaration != NULL)
    apply_declaration (self, data->declaration);
  set_executions_error (self, data->executions_error);
  if (data->executions != NULL && data->executions->len > 0)
    {
      gboolean first_load = g_list_model_get_n_items (G_LIST_MODEL (self->executions)) == 0;

      merge_executions (self, data->executions, FALSE);
      if (first_load)
        set_next_token (self, data->next_token);
      apply_latest (self, g_ptr_array_index (data->executions, 0));
    }
  apply_state (self, g_steal_pointer (&data->state));
  set_shown_execution (self, self->follow_latest ? self->latest_execution_id
                                                 : self->shown_execution_id);
  g_object_thaw_notify (G_OBJECT (self));

  if (self->shown_execution_id == NULL)
    {
      refresh_succeed (task);
      return;
    }
  data->shown_id = g_strdup (self->shown_execution_id);
  pd_aws_codepipeline_list_action_executions_async (self->client, self->name,
                                                    self->shown_execution_id, data->cancellable,
                                                    on_refresh_details_cb, g_steal_pointer (&task));
}

static void
refresh_part_done (GTask  *task,
                   GError *error)
{
  RefreshData *data = g_task_get_task_data (task);

  if (error != NULL && data->error == NULL)
    data->error = error;
  else if (error != NULL)
    g_error_free (error);

  if (--data->pending == 0)
    refresh_apply (task);
  else
    g_object_unref (task);
}

static void
on_refresh_declaration_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GTask *task = user_data;
  RefreshData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->declaration = pd_aws_codepipeline_get_pipeline_finish (PD_AWS_CLIENT (object), result,
                                                               &error);
  refresh_part_done (task, error);
}

static void
on_refresh_state_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  RefreshData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->state = pd_aws_codepipeline_get_pipeline_state_finish (PD_AWS_CLIENT (object), result,
                                                               &error);
  refresh_part_done (task, error);
}

static void
on_refresh_executions_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GTask *task = user_data;
  RefreshData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->executions = pd_aws_codepipeline_list_pipeline_executions_finish (PD_AWS_CLIENT (object),
                                                                          result,
                                                                          &data->next_token,
                                                                          &error);
  /* Without the history the graph can still be shown: keep its error apart. */
  if (error != NULL && !is_cancelled (error))
    {
      data->executions_error = error;
      error = NULL;
    }
  refresh_part_done (task, error);
}

/* Light refresh: the latest execution, and the state if it runs. */

static void
on_summary_state_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdPipeline *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  PdAwsPipelineState *state;
  GError *error = NULL;

  state = pd_aws_codepipeline_get_pipeline_state_finish (PD_AWS_CLIENT (object), result, &error);
  if (state == NULL)
    {
      refresh_fail (task, error);
      return;
    }
  if (g_cancellable_is_cancelled (data->cancellable) || self->disposed)
    {
      pd_aws_pipeline_state_free (state);
      refresh_fail (task,
                    g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         "The refresh was cancelled"));
      return;
    }
  if (data->serial >= self->applied_serial)
    {
      self->applied_serial = data->serial;
      apply_state (self, state);
    }
  else
    pd_aws_pipeline_state_free (state);
  refresh_succeed (task);
}

static void
on_summary_executions_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) executions = NULL;
  PdPipeline *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  GError *error = NULL;

  executions = pd_aws_codepipeline_list_pipeline_executions_finish (PD_AWS_CLIENT (object), result,
                                                                    NULL, &error);
  if (executions == NULL)
    {
      refresh_fail (task, error);
      return;
    }
  if (g_cancellable_is_cancelled (data->cancellable) || self->disposed)
    {
      refresh_fail (task,
                    g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         "The refresh was cancelled"));
      return;
    }

  if (executions->len > 0 && data->serial >= self->applied_serial)
    {
      g_object_freeze_notify (G_OBJECT (self));
      if (g_list_model_get_n_items (G_LIST_MODEL (self->executions)) > 0)
        merge_executions (self, executions, FALSE);
      apply_latest (self, g_ptr_array_index (executions, 0));
      g_object_thaw_notify (G_OBJECT (self));
    }

  /* Only a running pipeline can wait at an approval */
  if (pd_pipeline_get_running (self))
    {
      pd_aws_codepipeline_get_pipeline_state_async (self->client, self->name, data->cancellable,
                                                    on_summary_state_cb, g_steal_pointer (&task));
      return;
    }
  refresh_succeed (task);
}

/* Operations. */

typedef struct
{
  PdPipelineOperation  operation;
  GCancellable        *cancellable;
} OperationData;

static void
operation_data_free (OperationData *data)
{
  g_clear_object (&data->cancellable);
  g_free (data);
}

static guint
busy_property (PdPipelineOperation operation)
{
  switch (operation)
    {
    case PD_PIPELINE_OPERATION_START:
      return PROP_START_BUSY;
    case PD_PIPELINE_OPERATION_STOP:
      return PROP_STOP_BUSY;
    case PD_PIPELINE_OPERATION_RETRY:
      return PROP_RETRY_BUSY;
    case PD_PIPELINE_OPERATION_APPROVAL:
      return PROP_APPROVAL_BUSY;
    case PD_PIPELINE_OPERATION_TRANSITION:
    default:
      return PROP_TRANSITION_BUSY;
    }
}

static void
set_busy (PdPipeline          *self,
          PdPipelineOperation  operation,
          gboolean             busy)
{
  gboolean was_any = pd_pipeline_get_busy (self, (PdPipelineOperation) -1);

  if (self->busy[operation] == busy)
    return;
  self->busy[operation] = busy;
  if (self->disposed)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[busy_property (operation)]);
  if (was_any != pd_pipeline_get_busy (self, (PdPipelineOperation) -1))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Starts an operation, or refuses it when one of its kind is in flight:
 * a double click must never send twice. */
static GTask *
operation_begin (PdPipeline          *self,
                 PdPipelineOperation  operation,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  OperationData *data;

  g_task_set_source_tag (task, source_tag);
  if (self->busy[operation])
    {
      g_task_return_new_error (task, PD_CORE_ERROR, PD_CORE_ERROR_BUSY,
                               _("This action is already being sent"));
      return NULL;
    }

  data = g_new0 (OperationData, 1);
  data->operation = operation;
  data->cancellable = pd_cancellable_new_chained (cancellable, self->cancellable);
  g_task_set_task_data (task, data, (GDestroyNotify) operation_data_free);
  set_busy (self, operation, TRUE);
  return g_steal_pointer (&task);
}

static void
operation_refuse (PdPipeline          *self,
                  PdPipelineOperation  operation,
                  GTask               *task,
                  GError              *error)
{
  set_busy (self, operation, FALSE);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Ends an operation; a success refreshes what it changed. */
static void
operation_end (GTask    *task,
               gpointer  result,
               GError   *error)
{
  PdPipeline *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);

  set_busy (self, data->operation, FALSE);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!self->disposed)
    pd_pipeline_refresh_async (self, NULL, NULL, NULL);
  g_task_return_pointer (task, result, g_free);
}

/* The end of an operation whose answer is only success or failure. */
static gboolean
operation_finish (PdPipeline    *self,
                  GAsyncResult  *result,
                  GError       **error)
{
  g_autofree char *done = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  done = g_task_propagate_pointer (G_TASK (result), error);
  return done != NULL;
}

static void
on_start_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *id;

  id = pd_aws_codepipeline_start_pipeline_execution_finish (PD_AWS_CLIENT (object), result, &error);
  operation_end (task, id, error);
}

static void
on_stop_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *id;

  id = pd_aws_codepipeline_stop_pipeline_execution_finish (PD_AWS_CLIENT (object), result, &error);
  operation_end (task, id, error);
}

static void
on_retry_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *id;

  id = pd_aws_codepipeline_retry_stage_execution_finish (PD_AWS_CLIENT (object), result, &error);
  operation_end (task, id, error);
}

static void
on_approval_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDateTime) when = NULL;
  GError *error = NULL;

  when = pd_aws_codepipeline_put_approval_result_finish (PD_AWS_CLIENT (object), result, &error);
  operation_end (task, when != NULL ? g_strdup ("") : NULL, error);
}

static void
on_transition_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == pd_aws_codepipeline_enable_stage_transition_async)
    ok = pd_aws_codepipeline_enable_stage_transition_finish (PD_AWS_CLIENT (object), result, &error);
  else
    ok = pd_aws_codepipeline_disable_stage_transition_finish (PD_AWS_CLIENT (object), result,
                                                              &error);
  operation_end (task, ok ? g_strdup ("") : NULL, error);
}

/* GObject. */

static void
pd_pipeline_dispose (GObject *object)
{
  PdPipeline *self = PD_PIPELINE (object);

  /* Everything in flight ends now; callbacks see the cancellation and
   * touch nothing */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_list_store_remove_all (self->stages);
  g_list_store_remove_all (self->executions);
  g_hash_table_remove_all (self->executions_by_id);

  G_OBJECT_CLASS (pd_pipeline_parent_class)->dispose (object);
}

static void
pd_pipeline_finalize (GObject *object)
{
  PdPipeline *self = PD_PIPELINE (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->name, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->stages);
  g_clear_object (&self->executions);
  g_clear_pointer (&self->executions_by_id, g_hash_table_unref);
  g_clear_pointer (&self->executions_next_token, g_free);
  g_clear_pointer (&self->latest_execution_id, g_free);
  g_clear_pointer (&self->latest_status_text, g_free);
  g_clear_pointer (&self->latest_time, g_date_time_unref);
  g_clear_pointer (&self->shown_execution_id, g_free);
  g_clear_pointer (&self->shown_revision_id, g_free);
  g_clear_pointer (&self->shown_revision_summary, g_free);
  g_clear_pointer (&self->state, pd_aws_pipeline_state_free);
  g_clear_error (&self->error);
  g_clear_error (&self->executions_error);
  g_clear_pointer (&self->stale_since, g_date_time_unref);

  G_OBJECT_CLASS (pd_pipeline_parent_class)->finalize (object);
}

static void
pd_pipeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PdPipeline *self = PD_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PIPELINE_TYPE:
      g_value_set_enum (value, self->pipeline_type);
      break;
    case PROP_EXECUTION_MODE:
      g_value_set_enum (value, self->execution_mode);
      break;
    case PROP_LATEST_EXECUTION_ID:
      g_value_set_string (value, self->latest_execution_id);
      break;
    case PROP_LATEST_STATUS:
      g_value_set_enum (value, self->latest_status);
      break;
    case PROP_LATEST_STATUS_TEXT:
      g_value_set_string (value, self->latest_status_text);
      break;
    case PROP_LATEST_TIME:
      g_value_set_boxed (value, self->latest_time);
      break;
    case PROP_HAS_STATUS:
      g_value_set_boolean (value, self->has_status);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, pd_pipeline_get_running (self));
      break;
    case PROP_WAITING_FOR_APPROVAL:
      g_value_set_boolean (value, self->waiting_for_approval);
      break;
    case PROP_FAVOURITE:
      g_value_set_boolean (value, self->favourite);
      break;
    case PROP_WATCHED:
      g_value_set_boolean (value, self->watched);
      break;
    case PROP_STAGES:
      g_value_set_object (value, self->stages);
      break;
    case PROP_EXECUTIONS:
      g_value_set_object (value, self->executions);
      break;
    case PROP_HAS_MORE_EXECUTIONS:
      g_value_set_boolean (value, self->executions_next_token != NULL);
      break;
    case PROP_FOLLOW_LATEST:
      g_value_set_boolean (value, self->follow_latest);
      break;
    case PROP_SHOWN_EXECUTION_ID:
      g_value_set_string (value, self->shown_execution_id);
      break;
    case PROP_SHOWN_REVISION_ID:
      g_value_set_string (value, self->shown_revision_id);
      break;
    case PROP_SHOWN_REVISION_SUMMARY:
      g_value_set_string (value, self->shown_revision_summary);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading > 0);
      break;
    case PROP_STALE:
      g_value_set_boolean (value, self->stale_since != NULL);
      break;
    case PROP_STALE_SINCE:
      g_value_set_boxed (value, self->stale_since);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error != NULL ? self->error->message : NULL);
      break;
    case PROP_EXECUTIONS_ERROR_MESSAGE:
      g_value_set_string (value,
                          self->executions_error != NULL ? self->executions_error->message : NULL);
      break;
    case PROP_START_BUSY:
    case PROP_STOP_BUSY:
    case PROP_RETRY_BUSY:
    case PROP_APPROVAL_BUSY:
    case PROP_TRANSITION_BUSY:
      g_value_set_boolean (value, self->busy[prop_id - PROP_START_BUSY]);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pd_pipeline_get_busy (self, (PdPipelineOperation) -1));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pipeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PdPipeline *self = PD_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_FAVOURITE:
      pd_pipeline_set_favourite (self, g_value_get_boolean (value));
      break;
    case PROP_WATCHED:
      pd_pipeline_set_watched (self, g_value_get_boolean (value));
      break;
    case PROP_FOLLOW_LATEST:
      pd_pipeline_set_follow_latest (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pipeline_class_init (PdPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pd_pipeline_dispose;
  object_class->finalize = pd_pipeline_finalize;
  object_class->get_property = pd_pipeline_get_property;
  object_class->set_property = pd_pipeline_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, PD_AWS_TYPE_CLIENT, co);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, co);
  properties[PROP_PIPELINE_TYPE] =
    g_param_spec_enum ("pipeline-type", NULL, NULL, PD_AWS_TYPE_PIPELINE_TYPE,
                       PD_AWS_PIPELINE_TYPE_UNKNOWN, ro);
  properties[PROP_EXECUTION_MODE] =
    g_param_spec_enum ("execution-mode", NULL, NULL, PD_AWS_TYPE_EXECUTION_MODE,
                       PD_AWS_EXECUTION_MODE_UNKNOWN, ro);
  properties[PROP_LATEST_EXECUTION_ID] =
    g_param_spec_string ("latest-execution-id", NULL, NULL, NULL, ro);
  properties[PROP_LATEST_STATUS] =
    g_param_spec_enum ("latest-status", NULL, NULL, PD_AWS_TYPE_EXECUTION_STATUS,
                       PD_AWS_EXECUTION_STATUS_UNKNOWN, ro);
  properties[PROP_LATEST_STATUS_TEXT] =
    g_param_spec_string ("latest-status-text", NULL, NULL, NULL, ro);
  properties[PROP_LATEST_TIME] =
    g_param_spec_boxed ("latest-time", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_HAS_STATUS] = g_param_spec_boolean ("has-status", NULL, NULL, FALSE, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_WAITING_FOR_APPROVAL] =
    g_param_spec_boolean ("waiting-for-approval", NULL, NULL, FALSE, ro);
  properties[PROP_FAVOURITE] = g_param_spec_boolean ("favourite", NULL, NULL, FALSE, rw);
  properties[PROP_WATCHED] = g_param_spec_boolean ("watched", NULL, NULL, FALSE, rw);
  properties[PROP_STAGES] = g_param_spec_object ("stages", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_EXECUTIONS] =
    g_param_spec_object ("executions", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_HAS_MORE_EXECUTIONS] =
    g_param_spec_boolean ("has-more-executions", NULL, NULL, FALSE, ro);
  properties[PROP_FOLLOW_LATEST] = g_param_spec_boolean ("follow-latest", NULL, NULL, TRUE, rw);
  properties[PROP_SHOWN_EXECUTION_ID] =
    g_param_spec_string ("shown-execution-id", NULL, NULL, NULL, ro);
  properties[PROP_SHOWN_REVISION_ID] =
    g_param_spec_string ("shown-revision-id", NULL, NULL, NULL, ro);
  properties[PROP_SHOWN_REVISION_SUMMARY] =
    g_param_spec_string ("shown-revision-summary", NULL, NULL, NULL, ro);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_STALE] = g_param_spec_boolean ("stale", NULL, NULL, FALSE, ro);
  properties[PROP_STALE_SINCE] =
    g_param_spec_boxed ("stale-since", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_EXECUTIONS_ERROR_MESSAGE] =
    g_param_spec_string ("executions-error-message", NULL, NULL, NULL, ro);
  properties[PROP_START_BUSY] = g_param_spec_boolean ("start-busy", NULL, NULL, FALSE, ro);
  properties[PROP_STOP_BUSY] = g_param_spec_boolean ("stop-busy", NULL, NULL, FALSE, ro);
  properties[PROP_RETRY_BUSY] = g_param_spec_boolean ("retry-busy", NULL, NULL, FALSE, ro);
  properties[PROP_APPROVAL_BUSY] = g_param_spec_boolean ("approval-busy", NULL, NULL, FALSE, ro);
  properties[PROP_TRANSITION_BUSY] =
    g_param_spec_boolean ("transition-busy", NULL, NULL, FALSE, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdPipeline::refreshed:
   * @self: the pipeline
   *
   * Emitted after new state from AWS has been applied.
   */
  signals[REFRESHED] = g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_pipeline_init (PdPipeline *self)
{
  self->cancellable = g_cancellable_new ();
  self->stages = g_list_store_new (PD_TYPE_STAGE);
  self->executions = g_list_store_new (PD_TYPE_EXECUTION);
  self->executions_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->follow_latest = TRUE;
  self->declaration_version = -1;
}

/* Private. */

void
pd_pipeline_apply_summary (PdPipeline                 *self,
                           const PdAwsPipelineSummary *summary)
{
  PdAwsExecutionMode mode;

  g_return_if_fail (PD_IS_PIPELINE (self));
  g_return_if_fail (summary != NULL);

  if (self->pipeline_type != summary->pipeline_type)
    {
      self->pipeline_type = summary->pipeline_type;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE_TYPE]);
    }
  /* V1 pipelines do not say: they supersede */
  mode = summary->execution_mode_raw == NULL ? PD_AWS_EXECUTION_MODE_SUPERSEDED
                                             : summary->execution_mode;
  if (self->execution_mode != mode)
    {
      self->execution_mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTION_MODE]);
    }
}

/* Public. */

/**
 * pd_pipeline_new:
 * @client: the client of the account
 * @name: the pipeline name
 *
 * Creates a pipeline model. Nothing is loaded until a refresh.
 *
 * Returns: (transfer full): a new #PdPipeline
 */
PdPipeline *
pd_pipeline_new (PdAwsClient *client,
                 const char  *name)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (PD_TYPE_PIPELINE, "client", client, "name", name, NULL);
}

/**
 * pd_pipeline_get_client:
 * @self: a #PdPipeline
 *
 * Returns: (transfer none): the client
 */
PdAwsClient *
pd_pipeline_get_client (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->client;
}

/**
 * pd_pipeline_get_name:
 * @self: a #PdPipeline
 *
 * Returns: the pipeline name
 */
const char *
pd_pipeline_get_name (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->name;
}

/**
 * pd_pipeline_get_pipeline_type:
 * @self: a #PdPipeline
 *
 * Returns: V1 or V2
 */
PdAwsPipelineType
pd_pipeline_get_pipeline_type (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), PD_AWS_PIPELINE_TYPE_UNKNOWN);
  return self->pipeline_type;
}

/**
 * pd_pipeline_get_execution_mode:
 * @self: a #PdPipeline
 *
 * Returns: how the pipeline handles several executions
 */
PdAwsExecutionMode
pd_pipeline_get_execution_mode (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), PD_AWS_EXECUTION_MODE_UNKNOWN);
  return self->execution_mode;
}

/**
 * pd_pipeline_get_latest_execution_id:
 * @self: a #PdPipeline
 *
 * Returns: (nullable): the newest execution
 */
const char *
pd_pipeline_get_latest_execution_id (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->latest_execution_id;
}

/**
 * pd_pipeline_get_latest_status:
 * @self: a #PdPipeline
 *
 * Returns: the status of the newest execution
 */
PdAwsExecutionStatus
pd_pipeline_get_latest_status (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), PD_AWS_EXECUTION_STATUS_UNKNOWN);
  return self->latest_status;
}

/**
 * pd_pipeline_get_latest_status_text:
 * @self: a #PdPipeline
 *
 * Returns: (nullable): that status as AWS sent it
 */
const char *
pd_pipeline_get_latest_status_text (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->latest_status_text;
}

/**
 * pd_pipeline_get_latest_time:
 * @self: a #PdPipeline
 *
 * Returns: (transfer none) (nullable): when the newest execution last changed
 */
GDateTime *
pd_pipeline_get_latest_time (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->latest_time;
}

/**
 * pd_pipeline_get_has_status:
 * @self: a #PdPipeline
 *
 * Returns: whether the latest status is known (a list row can show it)
 */
gboolean
pd_pipeline_get_has_status (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);
  return self->has_status;
}

/**
 * pd_pipeline_get_running:
 * @self: a #PdPipeline
 *
 * Returns: whether the newest execution is in progress or stopping
 */
gboolean
pd_pipeline_get_running (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);
  return self->latest_status == PD_AWS_EXECUTION_STATUS_IN_PROGRESS ||
         self->latest_status == PD_AWS_EXECUTION_STATUS_STOPPING;
}

/**
 * pd_pipeline_get_waiting_for_approval:
 * @self: a #PdPipeline
 *
 * Returns: whether a manual approval waits for an answer
 */
gboolean
pd_pipeline_get_waiting_for_approval (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);
  return self->waiting_for_approval;
}

/**
 * pd_pipeline_get_favourite:
 * @self: a #PdPipeline
 *
 * Returns: whether the pipeline is pinned on top of the list
 */
gboolean
pd_pipeline_get_favourite (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);
  return self->favourite;
}

/**
 * pd_pipeline_set_favourite:
 * @self: a #PdPipeline
 * @favourite: whether to pin it on top
 *
 * Pins or unpins the pipeline.
 */
void
pd_pipeline_set_favourite (PdPipeline *self,
                           gboolean    favourite)
{
  g_return_if_fail (PD_IS_PIPELINE (self));

  if (self->favourite != !!favourite)
    {
      self->favourite = !!favourite;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVOURITE]);
    }
}

/**
 * pd_pipeline_get_watched:
 * @self: a #PdPipeline
 *
 * Returns: whether the user wants notifications about the pipeline
 */
gboolean
pd_pipeline_get_watched (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);
  return self->watched;
}

/**
 * pd_pipeline_set_watched:
 * @self: a #PdPipeline
 * @watched: whether to notify about it
 *
 * Watches the pipeline, or stops watching it.
 */
void
pd_pipeline_set_watched (PdPipeline *self,
                         gboolean    watched)
{
  g_return_if_fail (PD_IS_PIPELINE (self));

  if (self->watched != !!watched)
    {
      self->watched = !!watched;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHED]);
    }
}

/**
 * pd_pipeline_get_stages:
 * @self: a #PdPipeline
 *
 * Returns: (transfer none): a #GListModel of #PdStage, in order
 */
GListModel *
pd_pipeline_get_stages (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return G_LIST_MODEL (self->stages);
}

/**
 * pd_pipeline_find_stage:
 * @self: a #PdPipeline
 * @name: a stage name
 *
 * Returns: (transfer none) (nullable): the stage called @name
 */
PdStage *
pd_pipeline_find_stage (PdPipeline *self,
                        const char *name)
{
  guint n;

  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->stages));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdStage) stage = g_list_model_get_item (G_LIST_MODEL (self->stages), i);

      if (g_str_equal (pd_stage_get_name (stage), name))
        return stage;
    }
  return NULL;
}

/**
 * pd_pipeline_get_executions:
 * @self: a #PdPipeline
 *
 * Returns: (transfer none): a #GListModel of #PdExecution, newest first
 */
GListModel *
pd_pipeline_get_executions (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return G_LIST_MODEL (self->executions);
}

/**
 * pd_pipeline_get_has_more_executions:
 * @self: a #PdPipeline
 *
 * Returns: whether older executions can be loaded
 */
gboolean
pd_pipeline_get_has_more_executions (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);
  return self->executions_next_token != NULL;
}

/**
 * pd_pipeline_get_follow_latest:
 * @self: a #PdPipeline
 *
 * Returns: whether the stages show the latest state as it changes
 */
gboolean
pd_pipeline_get_follow_latest (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), TRUE);
  return self->follow_latest;
}

/**
 * pd_pipeline_set_follow_latest:
 * @self: a #PdPipeline
 * @follow_latest: whether to follow the latest state
 *
 * Goes back to following the latest state (the default), or stays on the
 * shown execution. Following again applies the last known state at once;
 * the next refresh fills in the rest.
 */
void
pd_pipeline_set_follow_latest (PdPipeline *self,
                               gboolean    follow_latest)
{
  g_return_if_fail (PD_IS_PIPELINE (self));

  if (self->follow_latest == !!follow_latest)
    return;
  self->follow_latest = !!follow_latest;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LATEST]);
  if (self->follow_latest && self->state != NULL)
    {
      PdAwsPipelineState *state = self->state;

      self->state = NULL;
      apply_state (self, state);
      set_shown_execution (self, self->latest_execution_id);
    }
}

/**
 * pd_pipeline_get_shown_execution_id:
 * @self: a #PdPipeline
 *
 * Returns: (nullable): the execution the stages and actions show
 */
const char *
pd_pipeline_get_shown_execution_id (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->shown_execution_id;
}

/**
 * pd_pipeline_get_shown_revision_id:
 * @self: a #PdPipeline
 *
 * Returns: (nullable): the source revision (commit ID) of the shown execution
 */
const char *
pd_pipeline_get_shown_revision_id (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->shown_revision_id;
}

/**
 * pd_pipeline_get_shown_revision_summary:
 * @self: a #PdPipeline
 *
 * Returns: (nullable): the commit message of the shown execution
 */
const char *
pd_pipeline_get_shown_revision_summary (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->shown_revision_summary;
}

/**
 * pd_pipeline_get_loaded:
 * @self: a #PdPipeline
 *
 * Returns: whether the declaration and a state have been loaded once
 */
gboolean
pd_pipeline_get_loaded (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);
  return self->loaded;
}

/**
 * pd_pipeline_get_loading:
 * @self: a #PdPipeline
 *
 * Returns: whether a refresh is in flight
 */
gboolean
pd_pipeline_get_loading (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);
  return self->loading > 0;
}

/**
 * pd_pipeline_get_stale:
 * @self: a #PdPipeline
 *
 * Returns: whether the shown state is the last known one because refreshes
 *   fail
 */
gboolean
pd_pipeline_get_stale (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);
  return self->stale_since != NULL;
}

/**
 * pd_pipeline_get_stale_since:
 * @self: a #PdPipeline
 *
 * Returns: (transfer none) (nullable): when refreshes started failing
 */
GDateTime *
pd_pipeline_get_stale_since (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->stale_since;
}

/**
 * pd_pipeline_get_executions_error:
 * @self: a #PdPipeline
 *
 * The history is read with the state, but apart from it: the graph can be
 * fresh while the history could not be read.
 *
 * Returns: (transfer none) (nullable): the error of the last failed read of
 *   the executions history, until one succeeds
 */
const GError *
pd_pipeline_get_executions_error (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->executions_error;
}

/**
 * pd_pipeline_get_error:
 * @self: a #PdPipeline
 *
 * Returns: (transfer none) (nullable): the error of the last failed refresh,
 *   until one succeeds
 */
const GError *
pd_pipeline_get_error (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);
  return self->error;
}

/**
 * pd_pipeline_get_busy:
 * @self: a #PdPipeline
 * @operation: an operation kind, or -1 for any
 *
 * Returns: whether such an operation is in flight
 */
gboolean
pd_pipeline_get_busy (PdPipeline          *self,
                      PdPipelineOperation  operation)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);

  if ((int) operation < 0)
    {
      for (guint i = 0; i < N_OPERATIONS; i++)
        if (self->busy[i])
          return TRUE;
      return FALSE;
    }
  g_return_val_if_fail (operation < N_OPERATIONS, FALSE);
  return self->busy[operation];
}

/**
 * pd_pipeline_find_waiting_approval:
 * @self: a #PdPipeline
 * @stage_name: (out) (optional) (transfer full): the stage of the approval
 * @action_name: (out) (optional) (transfer full): the approval action
 *
 * Finds a manual approval that waits, in the latest known state.
 *
 * Returns: %TRUE if one waits
 */
gboolean
pd_pipeline_find_waiting_approval (PdPipeline  *self,
                                   char       **stage_name,
                                   char       **action_name)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), FALSE);

  for (guint i = 0; self->state != NULL && i < self->state->stages->len; i++)
    {
      const PdAwsStageState *stage = g_ptr_array_index (self->state->stages, i);

      for (guint j = 0; j < stage->actions->len; j++)
        {
          const PdAwsActionState *action = g_ptr_array_index (stage->actions, j);

          if (action->latest != NULL && action->latest->token != NULL &&
              action->latest->status == PD_AWS_ACTION_STATUS_IN_PROGRESS)
            {
              if (stage_name != NULL)
                *stage_name = g_strdup (stage->stage_name);
              if (action_name != NULL)
                *action_name = g_strdup (action->action_name);
              return TRUE;
            }
        }
    }
  return FALSE;
}

/**
 * pd_pipeline_get_start_impact:
 * @self: a #PdPipeline
 *
 * Tells what starting an execution now would do, by the execution mode and
 * the executions known to run.
 *
 * Returns: the impact on running executions
 */
PdStartImpact
pd_pipeline_get_start_impact (PdPipeline *self)
{
  gboolean running;
  guint n;

  g_return_val_if_fail (PD_IS_PIPELINE (self), PD_START_IMPACT_NONE);

  running = pd_pipeline_get_running (self);
  n = MIN (g_list_model_get_n_items (G_LIST_MODEL (self->executions)), HISTORY_PAGE);
  for (guint i = 0; i < n && !running; i++)
    {
      g_autoptr(PdExecution) execution = g_list_model_get_item (G_LIST_MODEL (self->executions), i);
      PdAwsExecutionStatus status = pd_execution_get_status (execution);

      running = status == PD_AWS_EXECUTION_STATUS_IN_PROGRESS ||
                status == PD_AWS_EXECUTION_STATUS_STOPPING;
    }
  if (!running)
    return PD_START_IMPACT_NONE;

  switch (self->execution_mode)
    {
    case PD_AWS_EXECUTION_MODE_QUEUED:
      return PD_START_IMPACT_QUEUE;
    case PD_AWS_EXECUTION_MODE_PARALLEL:
      return PD_START_IMPACT_PARALLEL;
    case PD_AWS_EXECUTION_MODE_SUPERSEDED:
    case PD_AWS_EXECUTION_MODE_UNKNOWN:
    default:
      return PD_START_IMPACT_SUPERSEDE;
    }
}

/**
 * pd_pipeline_dup_start_warning:
 * @self: a #PdPipeline
 *
 * Returns: (transfer full) (nullable): a sentence for the confirmation of a
 *   start, when it affects a running execution
 */
char *
pd_pipeline_dup_start_warning (PdPipeline *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE (self), NULL);

  switch (pd_pipeline_get_start_impact (self))
    {
    case PD_START_IMPACT_SUPERSEDE:
      return g_strdup (_("An execution is running. This pipeline supersedes: the new execution "
                         "will replace the running one when it reaches the stage where that "
                         "one waits."));
    case PD_START_IMPACT_QUEUE:
      return g_strdup (_("An execution is running. This pipeline queues: the new execution "
                         "will wait until the running one has left each stage."));
    case PD_START_IMPACT_PARALLEL:
      return g_strdup (_("An execution is running. This pipeline runs executions in parallel: "
                         "both will run at the same time."));
    case PD_START_IMPACT_NONE:
    default:
      return NULL;
    }
}

/**
 * pd_pipeline_refresh_async:
 * @self: a #PdPipeline
 * @cancellable: (nullable): a #GCancellable
 * @callback: (nullable): called when done
 * @user_data: data for @callback
 *
 * Loads the declaration (once, and again when its version changes), the
 * state and the first page of executions in parallel, then the action
 * executions of the shown execution. On failure the last known state stays
 * and the pipeline becomes stale.
 */
void
pd_pipeline_refresh_async (PdPipeline          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

  g_return_if_fail (PD_IS_PIPELINE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_pipeline_refresh_async);
  data = g_new0 (RefreshData, 1);
  data->cancellable = pd_cancellable_new_chained (cancellable, self->cancellable);
  data->serial = ++self->refresh_serial;
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);
  set_loading (self, TRUE);

  data->full = TRUE;
  data->pending = self->has_declaration ? 2 : 3;
  if (!self->has_declaration)
    pd_aws_codepipeline_get_pipeline_async (self->client, self->name, data->cancellable,
                                            on_refresh_declaration_cb, g_object_ref (task));
  pd_aws_codepipeline_get_pipeline_state_async (self->client, self->name, data->cancellable,
                                                on_refresh_state_cb, g_object_ref (task));
  pd_aws_codepipeline_list_pipeline_executions_async (self->client, self->name, HISTORY_PAGE, 1,
                                                      NULL, data->cancellable,
                                                      on_refresh_executions_cb,
                                                      g_steal_pointer (&task));
}

/**
 * pd_pipeline_refresh_finish:
 * @self: a #PdPipeline
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if fresh state was applied
 */
gboolean
pd_pipeline_refresh_finish (PdPipeline    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pd_pipeline_refresh_summary_async:
 * @self: a #PdPipeline
 * @cancellable: (nullable): a #GCancellable
 * @callback: (nullable): called when done
 * @user_data: data for @callback
 *
 * Reads only what a list row shows: the latest execution (one request),
 * and when it runs, the state (to see a waiting approval).
 */
void
pd_pipeline_refresh_summary_async (PdPipeline          *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

  g_return_if_fail (PD_IS_PIPELINE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_pipeline_refresh_summary_async);
  data = g_new0 (RefreshData, 1);
  data->cancellable = pd_cancellable_new_chained (cancellable, self->cancellable);
  data->serial = ++self->refresh_serial;
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);
  set_loading (self, TRUE);

  pd_aws_codepipeline_list_pipeline_executions_async (self->client, self->name, 1, 1, NULL,
                                                      data->cancellable, on_summary_executions_cb,
                                                      g_steal_pointer (&task));
}

/**
 * pd_pipeline_refresh_summary_finish:
 * @self: a #PdPipeline
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
pd_pipeline_refresh_summary_finish (PdPipeline    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_more_executions_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) executions = NULL;
  g_autofree char *next_token = NULL;
  PdPipeline *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_task_data (task);
  GError *error = NULL;

  executions = pd_aws_codepipeline_list_pipeline_executions_finish (PD_AWS_CLIENT (object), result,
                                                                    &next_token, &error);
  set_loading (self, FALSE);
  if (executions == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_cancellable_is_cancelled (cancellable) || self->disposed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return;
    }
  merge_executions (self, executions, TRUE);
  set_next_token (self, next_token);
  g_task_return_boolean (task, TRUE);
}

/**
 * pd_pipeline_load_more_executions_async:
 * @self: a #PdPipeline
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Appends the next page of older executions to the history.
 */
void
pd_pipeline_load_more_executions_async (PdPipeline          *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GCancellable *chained;

  g_return_if_fail (PD_IS_PIPELINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_pipeline_load_more_executions_async);
  if (self->executions_next_token == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  chained = pd_cancellable_new_chained (cancellable, self->cancellable);
  g_task_set_task_data (task, chained, g_object_unref);
  set_loading (self, TRUE);
  pd_aws_codepipeline_list_pipeline_executions_async (self->client, self->name, HISTORY_PAGE, 1,
                                                      self->executions_next_token, chained,
                                                      on_more_executions_cb,
                                                      g_steal_pointer (&task));
}

/**
 * pd_pipeline_load_more_executions_finish:
 * @self: a #PdPipeline
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success (also when there was nothing more)
 */
gboolean
pd_pipeline_load_more_executions_finish (PdPipeline    *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GCancellable *cancellable;
  char         *execution_id;
  guint         pending;
  GError       *error;
  GPtrArray    *details;
  PdAwsPipelineExecution *execution;
} ShowData;

static void
show_data_free (ShowData *data)
{
  g_clear_object (&data->cancellable);
  g_free (data->execution_id);
  g_clear_error (&data->error);
  g_clear_pointer (&data->details, g_ptr_array_unref);
  g_clear_pointer (&data->execution, pd_aws_pipeline_execution_free);
  g_free (data);
}

static void
show_part_done (GTask  *task,
                GError *error)
{
  PdPipeline *self = g_task_get_source_object (task);
  ShowData *data = g_task_get_task_data (task);

  if (error != NULL && data->error == NULL)
    data->error = error;
  else if (error != NULL)
    g_error_free (error);
  if (--data->pending > 0)
    {
      g_object_unref (task);
      return;
    }

  set_loading (self, FALSE);
  if (data->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      g_object_unref (task);
      return;
    }
  if (g_cancellable_is_cancelled (data->cancellable) || self->disposed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      g_object_unref (task);
      return;
    }

  /* The user may have moved on to yet another execution meanwhile */
  if (!self->follow_latest && g_strcmp0 (self->shown_execution_id, data->execution_id) == 0)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, data->execution);
      merge_executions (self, one, TRUE);
      set_shown_execution (self, data->execution_id);
      apply_details (self, data->details);
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_show_details_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  ShowData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->details = pd_aws_codepipeline_list_action_executions_finish (PD_AWS_CLIENT (object),
                                                                     result, &error);
  show_part_done (task, error);
}

static void
on_show_execution_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  ShowData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->execution = pd_aws_codepipeline_get_pipeline_execution_finish (PD_AWS_CLIENT (object),
                                                                       result, &error);
  show_part_done (task, error);
}

/**
 * pd_pipeline_show_execution_async:
 * @self: a #PdPipeline
 * @execution_id: (nullable): the execution to show, or %NULL to follow the
 *   latest again
 * @cancellable: (nullable): a #GCancellable
 * @callback: (nullable): called when done
 * @user_data: data for @callback
 *
 * Shows an execution on the stages and actions: the action statuses of that
 * execution (ListActionExecutions) replace the latest state, and
 * #PdPipeline:follow-latest turns off until it is set again.
 */
void
pd_pipeline_show_execution_async (PdPipeline          *self,
                                  const char          *execution_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ShowData *data;

  g_return_if_fail (PD_IS_PIPELINE (self));

  if (execution_id == NULL)
    {
      pd_pipeline_set_follow_latest (self, TRUE);
      pd_pipeline_refresh_async (self, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_pipeline_show_execution_async);
  data = g_new0 (ShowData, 1);
  data->cancellable = pd_cancellable_new_chained (cancellable, self->cancellable);
  data->execution_id = g_strdup (execution_id);
  data->pending = 2;
  g_task_set_task_data (task, data, (GDestroyNotify) show_data_free);

  pd_pipeline_set_follow_latest (self, FALSE);
  set_shown_execution (self, execution_id);
  set_loading (self, TRUE);
  pd_aws_codepipeline_get_pipeline_execution_async (self->client, self->name, execution_id,
                                                    data->cancellable, on_show_execution_cb,
                                                    g_object_ref (task));
  pd_aws_codepipeline_list_action_executions_async (self->client, self->name, execution_id,
                                                    data->cancellable, on_show_details_cb,
                                                    g_steal_pointer (&task));
}

/**
 * pd_pipeline_show_execution_finish:
 * @self: a #PdPipeline
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
pd_pipeline_show_execution_finish (PdPipeline    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pd_pipeline_start_execution_async:
 * @self: a #PdPipeline
 * @variables: (nullable) (element-type utf8 utf8): pipeline variables (V2)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Releases a change: starts an execution with a fresh idempotency token
 * that the client reuses on retries. While it is in flight a second start
 * fails with %PD_CORE_ERROR_BUSY and sends nothing.
 */
void
pd_pipeline_start_execution_async (PdPipeline          *self,
                                   GHashTable          *variables,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *token = NULL;
  OperationData *data;
  GTask *task;

  g_return_if_fail (PD_IS_PIPELINE (self));

  task = operation_begin (self, PD_PIPELINE_OPERATION_START, pd_pipeline_start_execution_async,
                          cancellable, callback, user_data);
  if (task == NULL)
    return;
  data = g_task_get_task_data (task);

  if (variables != NULL && g_hash_table_size (variables) > 0 &&
      self->pipeline_type == PD_AWS_PIPELINE_TYPE_V1)
    {
      operation_refuse (self, PD_PIPELINE_OPERATION_START, task,
                        g_error_new (PD_CORE_ERROR, PD_CORE_ERROR_INVALID,
                                     _("Pipeline “%s” is a V1 pipeline: it takes no variables"),
                                     self->name));
      return;
    }

  pd_pipeline_set_follow_latest (self, TRUE);
  token = g_uuid_string_random ();
  pd_aws_codepipeline_start_pipeline_execution_async (self->client, self->name, variables, token,
                                                      data->cancellable, on_start_cb, task);
}

/**
 * pd_pipeline_start_execution_finish:
 * @self: a #PdPipeline
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the ID of the new execution, or %NULL with @error set
 */
char *
pd_pipeline_start_execution_finish (PdPipeline    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_pipeline_stop_execution_async:
 * @self: a #PdPipeline
 * @execution_id: (nullable): the execution to stop, or %NULL for the
 *   running one
 * @abandon: %TRUE to abandon running actions, %FALSE to let them finish
 * @reason: (nullable): why
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Stops an execution. One stop at a time.
 */
void
pd_pipeline_stop_execution_async (PdPipeline          *self,
                                  const char          *execution_id,
                                  gboolean             abandon,
                                  const char          *reason,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  OperationData *data;
  const char *target = execution_id;
  GTask *task;

  g_return_if_fail (PD_IS_PIPELINE (self));

  task = operation_begin (self, PD_PIPELINE_OPERATION_STOP, pd_pipeline_stop_execution_async,
                          cancellable, callback, user_data);
  if (task == NULL)
    return;
  data = g_task_get_task_data (task);

  if (target == NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->executions));

      for (guint i = 0; i < n && target == NULL; i++)
        {
          g_autoptr(PdExecution) execution = g_list_model_get_item (G_LIST_MODEL (self->executions),
                                                                    i);
          PdAwsExecutionStatus status = pd_execution_get_status (execution);

          if (status == PD_AWS_EXECUTION_STATUS_IN_PROGRESS ||
              status == PD_AWS_EXECUTION_STATUS_STOPPING)
            target = pd_execution_get_id (execution);
        }
      if (target == NULL && pd_pipeline_get_running (self))
        target = self->latest_execution_id;
    }
  if (target == NULL)
    {
      operation_refuse (self, PD_PIPELINE_OPERATION_STOP, task,
                        g_error_new (PD_CORE_ERROR, PD_CORE_ERROR_INVALID,
                                     _("No execution of “%s” is running"), self->name));
      return;
    }

  pd_aws_codepipeline_stop_pipeline_execution_async (self->client, self->name, target, abandon,
                                                     reason, data->cancellable, on_stop_cb, task);
}

/**
 * pd_pipeline_stop_execution_finish:
 * @self: a #PdPipeline
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
pd_pipeline_stop_execution_finish (PdPipeline    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return operation_finish (self, result, error);
}

static const PdAwsStageState *
find_stage_state (PdPipeline *self,
                  const char *stage_name)
{
  for (guint i = 0; self->state != NULL && i < self->state->stages->len; i++)
    {
      const PdAwsStageState *stage = g_ptr_array_index (self->state->stages, i);

      if (g_strcmp0 (stage->stage_name, stage_name) == 0)
        return stage;
    }
  return NULL;
}

/**
 * pd_pipeline_retry_stage_async:
 * @self: a #PdPipeline
 * @stage_name: the failed stage
 * @mode: which actions to run again
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Retries a failed stage in its latest execution. One retry at a time.
 */
void
pd_pipeline_retry_stage_async (PdPipeline          *self,
                               const char          *stage_name,
                               PdAwsRetryMode       mode,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  const PdAwsStageState *stage;
  OperationData *data;
  GTask *task;

  g_return_if_fail (PD_IS_PIPELINE (self));
  g_return_if_fail (stage_name != NULL);

  task = operation_begin (self, PD_PIPELINE_OPERATION_RETRY, pd_pipeline_retry_stage_async,
                          cancellable, callback, user_data);
  if (task == NULL)
    return;
  data = g_task_get_task_data (task);

  stage = find_stage_state (self, stage_name);
  if (stage == NULL || stage->latest_execution_id == NULL)
    {
      operation_refuse (self, PD_PIPELINE_OPERATION_RETRY, task,
                        g_error_new (PD_CORE_ERROR, PD_CORE_ERROR_INVALID,
                                     _("Stage “%s” has no execution to retry"), stage_name));
      return;
    }

  pd_aws_codepipeline_retry_stage_execution_async (self->client, self->name, stage_name,
                                                   stage->latest_execution_id, mode,
                                                   data->cancellable, on_retry_cb, task);
}

/**
 * pd_pipeline_retry_stage_finish:
 * @self: a #PdPipeline
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
pd_pipeline_retry_stage_finish (PdPipeline    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return operation_finish (self, result, error);
}

/**
 * pd_pipeline_put_approval_async:
 * @self: a #PdPipeline
 * @stage_name: the stage of the approval
 * @action_name: the approval action
 * @result: approve or reject
 * @summary: the comment
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Answers a waiting manual approval with the token of the latest state.
 */
void
pd_pipeline_put_approval_async (PdPipeline          *self,
                                const char          *stage_name,
                                const char          *action_name,
                                PdAwsApprovalResult  result,
                                const char          *summary,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  const PdAwsStageState *stage;
  const char *token = NULL;
  OperationData *data;
  GTask *task;

  g_return_if_fail (PD_IS_PIPELINE (self));
  g_return_if_fail (stage_name != NULL);
  g_return_if_fail (action_name != NULL);

  task = operation_begin (self, PD_PIPELINE_OPERATION_APPROVAL, pd_pipeline_put_approval_async,
                          cancellable, callback, user_data);
  if (task == NULL)
    return;
  data = g_task_get_task_data (task);

  stage = find_stage_state (self, stage_name);
  for (guint i = 0; stage != NULL && i < stage->actions->len; i++)
    {
      const PdAwsActionState *action = g_ptr_array_index (stage->actions, i);

      if (g_strcmp0 (action->action_name, action_name) == 0 && action->latest != NULL &&
          action->latest->status == PD_AWS_ACTION_STATUS_IN_PROGRESS)
        token = action->latest->token;
    }
  if (token == NULL)
    {
      operation_refuse (self, PD_PIPELINE_OPERATION_APPROVAL, task,
                        g_error_new (PD_CORE_ERROR, PD_CORE_ERROR_INVALID,
                                     _("No approval waits at “%s” in stage “%s”"),
                                     action_name, stage_name));
      return;
    }

  pd_aws_codepipeline_put_approval_result_async (self->client, self->name, stage_name,
                                                 action_name, result,
                                                 summary != NULL ? summary : "", token,
                                                 data->cancellable, on_approval_cb, task);
}

/**
 * pd_pipeline_put_approval_finish:
 * @self: a #PdPipeline
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
pd_pipeline_put_approval_finish (PdPipeline    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return operation_finish (self, result, error);
}

/**
 * pd_pipeline_set_transition_async:
 * @self: a #PdPipeline
 * @stage_name: the stage whose inbound transition changes
 * @enabled: enable or disable it
 * @reason: (nullable): why, required to disable; checked against AWS's
 *   allowed characters before anything is sent
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Enables or disables the inbound transition of a stage.
 */
void
pd_pipeline_set_transition_async (PdPipeline          *self,
                                  const char          *stage_name,
                                  gboolean             enabled,
                                  const char          *reason,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  OperationData *data;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_PIPELINE (self));
  g_return_if_fail (stage_name != NULL);

  task = operation_begin (self, PD_PIPELINE_OPERATION_TRANSITION, pd_pipeline_set_transition_async,
                          cancellable, callback, user_data);
  if (task == NULL)
    return;
  data = g_task_get_task_data (task);

  if (enabled)
    {
      pd_aws_codepipeline_enable_stage_transition_async (self->client, self->name, stage_name,
                                                         PD_AWS_TRANSITION_INBOUND,
                                                         data->cancellable, on_transition_cb,
                                                         task);
      return;
    }
  if (!pd_aws_codepipeline_validate_transition_reason (reason, &error))
    {
      operation_refuse (self, PD_PIPELINE_OPERATION_TRANSITION, task, error);
      return;
    }
  pd_aws_codepipeline_disable_stage_transition_async (self->client, self->name, stage_name,
                                                      PD_AWS_TRANSITION_INBOUND, reason,
                                                      data->cancellable, on_transition_cb, task);
}

/**
 * pd_pipeline_set_transition_finish:
 * @self: a #PdPipeline
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
pd_pipeline_set_transition_finish (PdPipeline    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return operation_finish (self, result, error);
}
