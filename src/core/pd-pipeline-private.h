/* pd-pipeline-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-action.h"
#include "pd-execution.h"
#include "pd-pipeline.h"
#include "pd-stage.h"

G_BEGIN_DECLS

GCancellable *pd_cancellable_new_chained      (GCancellable                     *first,
                                               GCancellable                     *second);

PdExecution  *pd_execution_new                (const PdAwsPipelineExecution     *execution);
void          pd_execution_update             (PdExecution                      *self,
                                               const PdAwsPipelineExecution     *execution);

PdAction     *pd_action_new                   (const char                       *stage_name,
                                               const PdAwsActionDeclaration     *declaration);
void          pd_action_apply_state           (PdAction                         *self,
                                               const char                       *execution_id,
                                               const PdAwsActionExecutionState  *state);
void          pd_action_apply_detail          (PdAction                         *self,
                                               const PdAwsActionExecutionDetail *detail,
                                               gboolean                          with_status);
void          pd_action_clear_execution       (PdAction                         *self);

PdStage      *pd_stage_new                    (guint                             index,
                                               const PdAwsStageDeclaration      *declaration);
void          pd_stage_apply_state            (PdStage                          *self,
                                               const PdAwsStageState            *state,
                                               gboolean                          with_status);
void          pd_stage_set_status             (PdStage                          *self,
                                               PdAwsExecutionStatus              status,
                                               const char                       *status_text,
                                               const char                       *execution_id);

void          pd_pipeline_apply_summary       (PdPipeline                       *self,
                                               const PdAwsPipelineSummary       *summary);

G_END_DECLS
