/* pd-pipeline-view.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-pipeline.h"
#include "pd-pipeline-graph.h"

G_BEGIN_DECLS

#define PD_TYPE_PIPELINE_VIEW (pd_pipeline_view_get_type ())

G_DECLARE_FINAL_TYPE (PdPipelineView, pd_pipeline_view, PD, PIPELINE_VIEW, GtkWidget)

GtkWidget       *pd_pipeline_view_new               (void);
PdPipeline      *pd_pipeline_view_get_pipeline      (PdPipelineView *self);
void             pd_pipeline_view_set_pipeline      (PdPipelineView *self,
                                                     PdPipeline     *pipeline);
PdPipelineGraph *pd_pipeline_view_get_graph         (PdPipelineView *self);
GActionGroup    *pd_pipeline_view_get_action_group  (PdPipelineView *self);
GMenuModel      *pd_pipeline_view_get_transitions_menu (PdPipelineView *self);
GtkWindow       *pd_pipeline_view_get_dialog        (PdPipelineView *self);
GtkWindow       *pd_pipeline_view_get_details       (PdPipelineView *self);
GListModel      *pd_pipeline_view_get_executions    (PdPipelineView *self);
gboolean         pd_pipeline_view_get_has_data      (PdPipelineView *self);
char            *pd_pipeline_view_dup_stale_text    (PdPipelineView *self);
void             pd_pipeline_view_set_settings      (PdPipelineView *self,
                                                     GSettings      *settings);
GSettings       *pd_pipeline_view_get_settings      (PdPipelineView *self);
gboolean         pd_pipeline_view_get_executions_shown (PdPipelineView *self);
gboolean         pd_pipeline_view_get_narrow        (PdPipelineView *self);
GtkWidget       *pd_pipeline_view_get_graph_scroller (PdPipelineView *self);
char            *pd_describe_error                  (const GError   *error);

G_END_DECLS
