/* pd-pipeline-graph.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-aws-codepipeline.h"

G_BEGIN_DECLS

/* What the graph shows for a stage or an action of the shown execution. */
typedef enum
{
  PD_GRAPH_STATUS_NONE,
  PD_GRAPH_STATUS_IN_PROGRESS,
  PD_GRAPH_STATUS_WAITING,
  PD_GRAPH_STATUS_SUCCEEDED,
  PD_GRAPH_STATUS_FAILED,
  PD_GRAPH_STATUS_STOPPING,
  PD_GRAPH_STATUS_STOPPED,
  PD_GRAPH_STATUS_ABANDONED,
  PD_GRAPH_STATUS_SUPERSEDED,
  PD_GRAPH_STATUS_CANCELLED,
  PD_GRAPH_STATUS_SKIPPED,
} PdGraphStatus;

typedef struct
{
  const char          *name;
  PdGraphStatus        status;
  gboolean             has_inbound_transition;
  gboolean             inbound_enabled;
  const char          *disabled_reason;
} PdGraphStageInfo;

typedef struct
{
  const char          *name;
  const char          *provider;
  PdAwsActionCategory  category;
  PdGraphStatus        status;
  guint                run_order;
  gint64               duration;      /* seconds, or -1 when unknown */
  int                  percent;       /* 0..100, or -1 when unknown */
  const char          *summary;
} PdGraphActionInfo;

#define PD_PIPELINE_GRAPH_MAX_STAGES   20
#define PD_PIPELINE_GRAPH_MAX_ACTIONS  10
#define PD_PIPELINE_GRAPH_MIN_ZOOM     0.5
#define PD_PIPELINE_GRAPH_MAX_ZOOM     2.0
/* Fitting never zooms out further: the smallest text of a card, its summary
 * line at 0.85 of the body font, is then 9.1 px with GTK's default 10 pt
 * (13.3 px) font, and 10 px with an 11 pt one. */
#define PD_PIPELINE_GRAPH_FIT_MIN_ZOOM 0.8

#define PD_TYPE_PIPELINE_GRAPH (pd_pipeline_graph_get_type ())

G_DECLARE_FINAL_TYPE (PdPipelineGraph, pd_pipeline_graph, PD, PIPELINE_GRAPH, GtkWidget)

GtkWidget     *pd_pipeline_graph_new                (void);
void           pd_pipeline_graph_set_header         (PdPipelineGraph         *self,
                                                     const char              *execution_id,
                                                     const char              *revision_id,
                                                     const char              *revision_summary);
const char    *pd_pipeline_graph_get_header_text    (PdPipelineGraph         *self);
void           pd_pipeline_graph_set_n_stages       (PdPipelineGraph         *self,
                                                     guint                    n_stages);
guint          pd_pipeline_graph_get_n_stages       (PdPipelineGraph         *self);
void           pd_pipeline_graph_update_stage       (PdPipelineGraph         *self,
                                                     guint                    index,
                                                     const PdGraphStageInfo  *info,
                                                     guint                    n_actions);
void           pd_pipeline_graph_update_action      (PdPipelineGraph         *self,
                                                     guint                    stage,
                                                     guint                    index,
                                                     const PdGraphActionInfo *info);
guint          pd_pipeline_graph_get_n_actions      (PdPipelineGraph         *self,
                                                     guint                    stage);
GtkWidget     *pd_pipeline_graph_get_stage_widget   (PdPipelineGraph         *self,
                                                     guint                    stage);
GtkWidget     *pd_pipeline_graph_get_stage_header   (PdPipelineGraph         *self,
                                                     guint                    stage);
GtkWidget     *pd_pipeline_graph_get_action_widget  (PdPipelineGraph         *self,
                                                     guint                    stage,
                                                     guint                    index);
GtkWidget     *pd_pipeline_graph_get_transition_widget (PdPipelineGraph      *self,
                                                     guint                    stage);
gboolean       pd_pipeline_graph_focus_action       (PdPipelineGraph         *self,
                                                     const char              *stage_name,
                                                     const char              *action_name);
double         pd_pipeline_graph_get_zoom           (PdPipelineGraph         *self);
void           pd_pipeline_graph_set_zoom           (PdPipelineGraph         *self,
                                                     double                   zoom);
gboolean       pd_pipeline_graph_get_fit            (PdPipelineGraph         *self);
void           pd_pipeline_graph_set_fit            (PdPipelineGraph         *self,
                                                     gboolean                 fit);
double         pd_pipeline_graph_compute_fit        (PdPipelineGraph         *self,
                                                     int                      width,
                                                     int                      height,
                                                     guint                   *per_row);
gboolean       pd_pipeline_graph_fit_to             (PdPipelineGraph         *self,
                                                     int                      width,
                                                     int                      height);
guint          pd_pipeline_graph_get_stages_per_row (PdPipelineGraph         *self);
int            pd_pipeline_graph_get_current_stage  (PdPipelineGraph         *self);

const char    *pd_graph_status_get_icon_name        (PdGraphStatus            status);
const char    *pd_graph_status_get_text             (PdGraphStatus            status);
const char    *pd_graph_status_get_css_class        (PdGraphStatus            status);
PdGraphStatus  pd_graph_status_from_execution       (PdAwsExecutionStatus     status);
PdGraphStatus  pd_graph_status_from_action          (PdAwsActionStatus        status);
char          *pd_format_duration                   (gint64                   seconds);
char          *pd_format_relative_time              (GDateTime               *time,
                                                     GDateTime               *now);

G_END_DECLS
