/* pd-deploy-markers.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-codepipeline.h"
#include "pd-deploy-markers.h"

/* Deploys for the functions' charts: the succeeded executions of every
 * pipeline, from the first page of each one's history, fetched a few
 * pipelines at a time. */

#define MAX_PARALLEL 4
#define EXECUTIONS_PER_PIPELINE 50

void
pd_deploy_marker_free (PdDeployMarker *self)
{
  if (self == NULL)
    return;
  g_free (self->pipeline);
  g_free (self->execution_id);
  g_free (self);
}

static int
compare_markers (gconstpointer a,
                 gconstpointer b)
{
  const PdDeployMarker *ma = *(PdDeployMarker **) a;
  const PdDeployMarker *mb = *(PdDeployMarker **) b;

  return ma->time_ms < mb->time_ms ? -1 : ma->time_ms > mb->time_ms;
}

/**
 * pd_deploy_markers_from_executions:
 * @executions: (element-type PdAwsPipelineExecution): executions
 * @since_ms: older ends are left out
 *
 * Returns: (transfer full) (element-type PdDeployMarker): a marker per
 *   succeeded execution at its end time, oldest first
 */
GPtrArray *
pd_deploy_markers_from_executions (GPtrArray *executions,
                                   gint64     since_ms)
{
  GPtrArray *markers = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_deploy_marker_free);

  for (guint i = 0; i < executions->len; i++)
    {
      PdAwsPipelineExecution *execution = g_ptr_array_index (executions, i);
      PdDeployMarker *marker;
      gint64 time_ms;

      if (execution->status != PD_AWS_EXECUTION_STATUS_SUCCEEDED ||
          execution->last_update_time == NULL)
        continue;
      time_ms = g_date_time_to_unix (execution->last_update_time) * 1000 +
                g_date_time_get_microsecond (execution->last_update_time) / 1000;
      if (time_ms < since_ms)
        continue;
      marker = g_new0 (PdDeployMarker, 1);
      marker->time_ms = time_ms;
      marker->pipeline = g_strdup (execution->pipeline_name);
      marker->execution_id = g_strdup (execution->pipeline_execution_id);
      g_ptr_array_add (markers, marker);
    }
  g_ptr_array_sort (markers, compare_markers);
  return markers;
}

/**
 * pd_deploy_markers_get_times:
 * @markers: (element-type PdDeployMarker): markers
 *
 * Returns: (transfer full) (element-type gint64): their times
 */
GArray *
pd_deploy_markers_get_times (GPtrArray *markers)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; markers != NULL && i < markers->len; i++)
    g_array_append_val (times, ((PdDeployMarker *) g_ptr_array_index (markers, i))->time_ms);
  return times;
}

typedef struct
{
  PdAwsClient *client;
  gint64       since_ms;
  GPtrArray   *names;
  GPtrArray   *markers;
  guint        next;
  guint        running;
  GError      *error;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->client);
  g_clear_pointer (&fetch->names, g_ptr_array_unref);
  g_clear_pointer (&fetch->markers, g_ptr_array_unref);
  g_clear_error (&fetch->error);
  g_free (fetch);
}

static void start_next (GTask *task);

typedef struct
{
  GTask *task;
  char  *pipeline;
} Call;

static void
on_executions_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Call *call = user_data;
  GTask *task = call->task;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) executions = NULL;
  GError *error = NULL;

  executions = pd_aws_codepipeline_list_pipeline_executions_finish (fetch->client, result, NULL,
                                                                    &error);
  fetch->running--;
  if (executions == NULL)
    {
      if (fetch->error == NULL)
        fetch->error = error;
      else
        g_error_free (error);
    }
  else
    {
      g_autoptr(GPtrArray) markers = pd_deploy_markers_from_executions (executions,
                                                                        fetch->since_ms);

      /* The summaries of ListPipelineExecutions do not name the pipeline. */
      for (guint i = 0; i < markers->len; i++)
        {
          PdDeployMarker *marker = g_steal_pointer (&markers->pdata[i]);

          if (marker->pipeline == NULL)
            marker->pipeline = g_strdup (call->pipeline);
          g_ptr_array_add (fetch->markers, marker);
        }
    }
  g_free (call->pipeline);
  g_free (call);
  start_next (task);
}

static void
start_next (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  while (fetch->error == NULL && fetch->next < fetch->names->len && fetch->running < MAX_PARALLEL)
    {
      const char *name = g_ptr_array_index (fetch->names, fetch->next++);
      Call *call = g_new0 (Call, 1);

      call->task = task;
      call->pipeline = g_strdup (name);
      fetch->running++;
      pd_aws_codepipeline_list_pipeline_executions_async (fetch->client, name,
                                                          EXECUTIONS_PER_PIPELINE, 1, NULL,
                                                          g_task_get_cancellable (task),
                                                          on_executions_cb, call);
    }
  if (fetch->running > 0)
    return;
  if (fetch->error != NULL)
    g_task_return_error (task, g_steal_pointer (&fetch->error));
  else
    {
      g_ptr_array_sort (fetch->markers, compare_markers);
      g_task_return_pointer (task, g_ptr_array_ref (fetch->markers),
                             (GDestroyNotify) g_ptr_array_unref);
    }
  g_object_unref (task);
}

static void
on_pipelines_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) pipelines = NULL;
  GError *error = NULL;

  pipelines = pd_aws_codepipeline_list_pipelines_finish (fetch->client, result, &error);
  if (pipelines == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  for (guint i = 0; i < pipelines->len; i++)
    g_ptr_array_add (fetch->names,
                     g_strdup (((PdAwsPipelineSummary *) g_ptr_array_index (pipelines, i))->name));
  start_next (task);
}

/**
 * pd_deploy_markers_fetch_async:
 * @client: a #PdAwsClient
 * @since_ms: older deploys are left out
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the markers
 * @user_data: data for @callback
 *
 * Lists the pipelines and the recent executions of each.
 */
void
pd_deploy_markers_fetch_async (PdAwsClient         *client,
                               gint64               since_ms,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, pd_deploy_markers_fetch_async);
  fetch->client = g_object_ref (client);
  fetch->since_ms = since_ms;
  fetch->names = g_ptr_array_new_with_free_func (g_free);
  fetch->markers = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_deploy_marker_free);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  pd_aws_codepipeline_list_pipelines_async (client, cancellable, on_pipelines_cb, task);
}

/**
 * pd_deploy_markers_fetch_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdDeployMarker): the markers,
 *   oldest first
 */
GPtrArray *
pd_deploy_markers_fetch_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
