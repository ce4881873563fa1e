/* pd-palette-pipelines.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-pipeline-list.h"

G_BEGIN_DECLS

#define PD_TYPE_PALETTE_PIPELINES (pd_palette_pipelines_get_type ())

G_DECLARE_FINAL_TYPE (PdPalettePipelines, pd_palette_pipelines, PD, PALETTE_PIPELINES, GObject)

PdPalettePipelines *pd_palette_pipelines_new      (PdPipelineList     *list);
PdPipelineList     *pd_palette_pipelines_get_list (PdPalettePipelines *self);
void                pd_palette_pipelines_set_list (PdPalettePipelines *self,
                                                   PdPipelineList     *list);

G_END_DECLS
