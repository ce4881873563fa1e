/* pd-pipelines-page-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-error-state.h"
#include "pd-log-view.h"
#include "pd-palette-pipelines.h"
#include "pd-pipelines-page.h"

G_BEGIN_DECLS

struct _PdPipelinesPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStack           *main_stack;
  PdPipelineView     *pipeline_view;
  GtkWidget          *sidebar;
  GtkSearchEntry     *pipeline_search;
  GtkStack           *sidebar_stack;
  GtkListView        *pipelines_view;
  GtkSpinner         *pipelines_spinner;
  PdErrorState       *pipelines_error;
  AdwStatusPage      *pipelines_empty_page;
  GtkWidget          *header;
  GtkMenuButton      *transitions_button;

  /* Owned references */
  PdAccountContext   *context;
  GHashTable         *cache;             /* context key → CacheEntry */
  PdPipelineList     *list;
  PdPoller           *poller;
  PdPipeline         *pipeline;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSingleSelection *selection;
  GSignalGroup       *list_signals;
  GSignalGroup       *pipeline_signals;
  GSimpleActionGroup *actions;
  PdPalettePipelines *palette_items;
  char               *pending_pipeline;
  char               *pending_execution;
  char               *logs_spec;
  char               *approval_pipeline;
  char               *approval_stage;
  char               *approval_action;
  GHashTable         *bound_rows;        /* rows of the list that show a pipeline */

  /* Borrowed references */
  PdLogView          *log_view;
  GSettings          *settings;
  guint               reselect_id;
  guint               clock_id;

  /* Flags */
  guint               active : 1;
  guint               pending : 1;
  guint               selecting : 1;
  guint               logs_waiting : 1;
  guint               showing_logs : 1;
  guint               landing : 1;
};

/* pd-pipelines-page.c */
void pd_pipelines_page_update_main_page  (PdPipelinesPage *self);
void pd_pipelines_page_set_logs_waiting  (PdPipelinesPage *self,
                                          gboolean         waiting);

/* pd-pipelines-page-logs.c: the build logs of the shown pipeline */
void pd_pipelines_page_show_action_logs  (PdPipelinesPage *self,
                                          PdAction        *action,
                                          PdPipelineView  *view);
void pd_pipelines_page_show_stage_logs   (PdPipelinesPage *self,
                                          PdStage         *stage,
                                          PdPipelineView  *view);
void pd_pipelines_page_open_pending_logs (PdPipelinesPage *self);

G_END_DECLS
