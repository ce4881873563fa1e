/* pd-pipeline-row.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-pipeline.h"

G_BEGIN_DECLS

#define PD_TYPE_PIPELINE_ROW (pd_pipeline_row_get_type ())

G_DECLARE_FINAL_TYPE (PdPipelineRow, pd_pipeline_row, PD, PIPELINE_ROW, GtkWidget)

GtkWidget  *pd_pipeline_row_new           (void);
PdPipeline *pd_pipeline_row_get_pipeline  (PdPipelineRow *self);
void        pd_pipeline_row_set_pipeline  (PdPipelineRow *self,
                                           PdPipeline    *pipeline);
void        pd_pipeline_row_update        (PdPipelineRow *self);
GtkWidget  *pd_pipeline_row_get_star      (PdPipelineRow *self);
GtkWidget  *pd_pipeline_row_get_watch     (PdPipelineRow *self);
GtkWidget  *pd_pipeline_row_get_subtitle  (PdPipelineRow *self);

G_END_DECLS
