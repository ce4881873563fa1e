/* pd-graph-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-pipeline-graph.h"

G_BEGIN_DECLS

/* Sizes at zoom 1, in pixels. Drawing helpers take positions in these
 * units and the zoom, and place text and icons on whole pixels at their
 * zoomed size instead of scaling what was drawn at zoom 1. */
#define PD_GRAPH_CARD_WIDTH     208
#define PD_GRAPH_CARD_HEIGHT     78
#define PD_GRAPH_GAP             10
#define PD_GRAPH_STAGE_PADDING   12
#define PD_GRAPH_STAGE_TITLE     38
#define PD_GRAPH_STAGE_GAP       64
#define PD_GRAPH_ROW_GAP         40
#define PD_GRAPH_MARGIN          24
#define PD_GRAPH_HEADER_GAP      16
#define PD_GRAPH_MARKER_SIZE     24
/* The smallest text, an action's summary, against the body font. */
#define PD_GRAPH_SMALL_TEXT_SCALE 0.85

#define PD_TYPE_GRAPH_ACTION (pd_graph_action_get_type ())
G_DECLARE_FINAL_TYPE (PdGraphAction, pd_graph_action, PD, GRAPH_ACTION, GtkWidget)

#define PD_TYPE_GRAPH_STAGE_HEADER (pd_graph_stage_header_get_type ())
G_DECLARE_FINAL_TYPE (PdGraphStageHeader, pd_graph_stage_header, PD, GRAPH_STAGE_HEADER, GtkWidget)

#define PD_TYPE_GRAPH_STAGE (pd_graph_stage_get_type ())
G_DECLARE_FINAL_TYPE (PdGraphStage, pd_graph_stage, PD, GRAPH_STAGE, GtkWidget)

GtkWidget     *pd_graph_action_new            (void);
void           pd_graph_action_update         (PdGraphAction           *self,
                                               const PdGraphActionInfo *info);
const char    *pd_graph_action_get_name       (PdGraphAction           *self);
guint          pd_graph_action_get_run_order  (PdGraphAction           *self);
PdGraphStatus  pd_graph_action_get_status     (PdGraphAction           *self);
const char    *pd_graph_action_get_label      (PdGraphAction           *self);
void           pd_graph_action_set_zoom       (PdGraphAction           *self,
                                               double                   zoom);

GtkWidget     *pd_graph_stage_new             (void);
void           pd_graph_stage_update          (PdGraphStage            *self,
                                               const PdGraphStageInfo  *info);
const char    *pd_graph_stage_get_name        (PdGraphStage            *self);
PdGraphStatus  pd_graph_stage_get_status      (PdGraphStage            *self);
const char    *pd_graph_stage_get_label       (PdGraphStage            *self);
GtkWidget     *pd_graph_stage_get_header      (PdGraphStage            *self);
void           pd_graph_stage_set_n_actions   (PdGraphStage            *self,
                                               guint                    n_actions);
guint          pd_graph_stage_get_n_actions   (PdGraphStage            *self);
PdGraphAction *pd_graph_stage_get_action      (PdGraphStage            *self,
                                               guint                    index);
void           pd_graph_stage_set_zoom        (PdGraphStage            *self,
                                               double                   zoom);
void           pd_graph_stage_get_grid        (PdGraphStage            *self,
                                               guint                   *n_columns,
                                               guint                   *n_rows);
void           pd_graph_stage_size_for_grid   (guint                    n_columns,
                                               guint                    n_rows,
                                               double                   zoom,
                                               int                     *width,
                                               int                     *height);
guint          pd_graph_stage_get_n_columns   (PdGraphStage            *self);
guint          pd_graph_stage_get_n_rows      (PdGraphStage            *self,
                                               guint                    column);
gboolean       pd_graph_stage_locate          (PdGraphStage            *self,
                                               PdGraphAction           *action,
                                               guint                   *column,
                                               guint                   *row);
PdGraphAction *pd_graph_stage_get_action_at   (PdGraphStage            *self,
                                               guint                    column,
                                               guint                    row);

void           pd_graph_add_status_class      (GtkWidget               *widget,
                                               PdGraphStatus            status);
void           pd_graph_remove_status_class   (GtkWidget               *widget,
                                               PdGraphStatus            status);
void           pd_graph_lookup_status_color   (GtkWidget               *widget,
                                               PdGraphStatus            status,
                                               GdkRGBA                 *color);
void           pd_graph_snapshot_icon         (GtkWidget               *widget,
                                               GtkSnapshot             *snapshot,
                                               const char              *icon_name,
                                               const GdkRGBA           *color,
                                               double                   x,
                                               double                   y,
                                               int                      size,
                                               double                   zoom);
void           pd_graph_snapshot_text         (GtkWidget               *widget,
                                               GtkSnapshot             *snapshot,
                                               const char              *text,
                                               const GdkRGBA           *color,
                                               double                   x,
                                               double                   y,
                                               int                      width,
                                               gboolean                 bold,
                                               double                   scale,
                                               double                   zoom);

G_END_DECLS
