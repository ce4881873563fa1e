/* pd-pipelines-page.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-pipeline-list.h"
#include "pd-pipeline-view.h"
#include "pd-poller.h"
#include "pd-section.h"

G_BEGIN_DECLS

#define PD_TYPE_PIPELINES_PAGE (pd_pipelines_page_get_type ())

G_DECLARE_FINAL_TYPE (PdPipelinesPage, pd_pipelines_page, PD, PIPELINES_PAGE, GtkWidget)

gboolean        pd_pipelines_page_open_pipeline       (PdPipelinesPage *self,
                                                       const char      *name,
                                                       gboolean         approve);
gboolean        pd_pipelines_page_open_approval       (PdPipelinesPage *self,
                                                       const char      *name,
                                                       const char      *stage_name,
                                                       const char      *action_name);
PdPipelineView *pd_pipelines_page_get_pipeline_view   (PdPipelinesPage *self);
PdPipelineList *pd_pipelines_page_get_list            (PdPipelinesPage *self);
PdPoller       *pd_pipelines_page_get_poller          (PdPipelinesPage *self);
GListModel     *pd_pipelines_page_get_model           (PdPipelinesPage *self);
GtkWidget      *pd_pipelines_page_get_list_view       (PdPipelinesPage *self);

G_END_DECLS
