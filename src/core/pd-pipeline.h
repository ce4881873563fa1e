/* pd-pipeline.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"
#include "pd-aws-codepipeline.h"
#include "pd-execution.h"
#include "pd-stage.h"

G_BEGIN_DECLS

/**
 * PdStartImpact:
 * @PD_START_IMPACT_NONE: nothing runs: a new execution starts at once
 * @PD_START_IMPACT_SUPERSEDE: an execution runs and the pipeline is in
 *   SUPERSEDED mode: the new one will overtake it where it waits
 * @PD_START_IMPACT_QUEUE: an execution runs and the pipeline is in QUEUED
 *   mode: the new one waits behind it
 * @PD_START_IMPACT_PARALLEL: an execution runs and the pipeline is in
 *   PARALLEL mode: the new one runs beside it
 *
 * What starting an execution now will do to the running ones.
 */
typedef enum
{
  PD_START_IMPACT_NONE,
  PD_START_IMPACT_SUPERSEDE,
  PD_START_IMPACT_QUEUE,
  PD_START_IMPACT_PARALLEL,
} PdStartImpact;

/**
 * PdPipelineOperation:
 * @PD_PIPELINE_OPERATION_START: StartPipelineExecution
 * @PD_PIPELINE_OPERATION_STOP: StopPipelineExecution
 * @PD_PIPELINE_OPERATION_RETRY: RetryStageExecution
 * @PD_PIPELINE_OPERATION_APPROVAL: PutApprovalResult
 * @PD_PIPELINE_OPERATION_TRANSITION: Disable/EnableStageTransition
 *
 * The kinds of deploy-like actions; one of each kind may be in flight.
 */
typedef enum
{
  PD_PIPELINE_OPERATION_START,
  PD_PIPELINE_OPERATION_STOP,
  PD_PIPELINE_OPERATION_RETRY,
  PD_PIPELINE_OPERATION_APPROVAL,
  PD_PIPELINE_OPERATION_TRANSITION,
} PdPipelineOperation;

#define PD_TYPE_START_IMPACT (pd_start_impact_get_type ())
#define PD_TYPE_PIPELINE     (pd_pipeline_get_type ())

GType pd_start_impact_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (PdPipeline, pd_pipeline, PD, PIPELINE, GObject)

PdPipeline           *pd_pipeline_new                       (PdAwsClient          *client,
                                                             const char           *name);
PdAwsClient          *pd_pipeline_get_client                (PdPipeline           *self);
const char           *pd_pipeline_get_name                  (PdPipeline           *self);
PdAwsPipelineType     pd_pipeline_get_pipeline_type         (PdPipeline           *self);
PdAwsExecutionMode    pd_pipeline_get_execution_mode        (PdPipeline           *self);
const char           *pd_pipeline_get_latest_execution_id   (PdPipeline           *self);
PdAwsExecutionStatus  pd_pipeline_get_latest_status         (PdPipeline           *self);
const char           *pd_pipeline_get_latest_status_text    (PdPipeline           *self);
GDateTime            *pd_pipeline_get_latest_time           (PdPipeline           *self);
gboolean              pd_pipeline_get_has_status            (PdPipeline           *self);
gboolean              pd_pipeline_get_running               (PdPipeline           *self);
gboolean              pd_pipeline_get_waiting_for_approval  (PdPipeline           *self);
gboolean              pd_pipeline_get_favourite             (PdPipeline           *self);
void                  pd_pipeline_set_favourite             (PdPipeline           *self,
                                                             gboolean              favourite);
gboolean              pd_pipeline_get_watched               (PdPipeline           *self);
void                  pd_pipeline_set_watched               (PdPipeline           *self,
                                                             gboolean              watched);
GListModel           *pd_pipeline_get_stages                (PdPipeline           *self);
PdStage              *pd_pipeline_find_stage                (PdPipeline           *self,
                                                             const char           *name);
GListModel           *pd_pipeline_get_executions            (PdPipeline           *self);
gboolean              pd_pipeline_get_has_more_executions   (PdPipeline           *self);
gboolean              pd_pipeline_get_follow_latest         (PdPipeline           *self);
void                  pd_pipeline_set_follow_latest         (PdPipeline           *self,
                                                             gboolean              follow_latest);
const char           *pd_pipeline_get_shown_execution_id    (PdPipeline           *self);
const char           *pd_pipeline_get_shown_revision_id     (PdPipeline           *self);
const char           *pd_pipeline_get_shown_revision_summary (PdPipeline          *self);
gboolean              pd_pipeline_get_loaded                (PdPipeline           *self);
gboolean              pd_pipeline_get_loading               (PdPipeline           *self);
gboolean              pd_pipeline_get_stale                 (PdPipeline           *self);
GDateTime            *pd_pipeline_get_stale_since           (PdPipeline           *self);
const GError         *pd_pipeline_get_error                 (PdPipeline           *self);
const GError         *pd_pipeline_get_executions_error      (PdPipeline           *self);
gboolean              pd_pipeline_get_busy                  (PdPipeline           *self,
                                                             PdPipelineOperation   operation);
gboolean              pd_pipeline_find_waiting_approval     (PdPipeline           *self,
                                                             char                **stage_name,
                                                             char                **action_name);
PdStartImpact         pd_pipeline_get_start_impact          (PdPipeline           *self);
char                 *pd_pipeline_dup_start_warning         (PdPipeline           *self);

void                  pd_pipeline_refresh_async             (PdPipeline           *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean              pd_pipeline_refresh_finish            (PdPipeline           *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                  pd_pipeline_refresh_summary_async     (PdPipeline           *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean              pd_pipeline_refresh_summary_finish    (PdPipeline           *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                  pd_pipeline_load_more_executions_async (PdPipeline          *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean              pd_pipeline_load_more_executions_finish (PdPipeline         *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                  pd_pipeline_show_execution_async      (PdPipeline           *self,
                                                             const char           *execution_id,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean              pd_pipeline_show_execution_finish     (PdPipeline           *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void                  pd_pipeline_start_execution_async     (PdPipeline           *self,
                                                             GHashTable           *variables,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
char                 *pd_pipeline_start_execution_finish    (PdPipeline           *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                  pd_pipeline_stop_execution_async      (PdPipeline           *self,
                                                             const char           *execution_id,
                                                             gboolean              abandon,
                                                             const char           *reason,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean              pd_pipeline_stop_execution_finish     (PdPipeline           *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                  pd_pipeline_retry_stage_async         (PdPipeline           *self,
                                                             const char           *stage_name,
                                                             PdAwsRetryMode        mode,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean              pd_pipeline_retry_stage_finish        (PdPipeline           *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                  pd_pipeline_put_approval_async        (PdPipeline           *self,
                                                             const char           *stage_name,
                                                             const char           *action_name,
                                                             PdAwsApprovalResult   result,
                                                             const char           *summary,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean              pd_pipeline_put_approval_finish       (PdPipeline           *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                  pd_pipeline_set_transition_async      (PdPipeline           *self,
                                                             const char           *stage_name,
                                                             gboolean              enabled,
                                                             const char           *reason,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean              pd_pipeline_set_transition_finish     (PdPipeline           *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
