/* pd-pipeline-list.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-account.h"
#include "pd-aws-client.h"
#include "pd-pipeline.h"

G_BEGIN_DECLS

/**
 * PdPipelineSort:
 * @PD_PIPELINE_SORT_NAME: by name
 * @PD_PIPELINE_SORT_RECENT: most recent execution first
 * @PD_PIPELINE_SORT_FAILED_FIRST: failed first, then by most recent
 *
 * How a #PdPipelineList orders its pipelines. Favourites always come first.
 */
typedef enum
{
  PD_PIPELINE_SORT_NAME,
  PD_PIPELINE_SORT_RECENT,
  PD_PIPELINE_SORT_FAILED_FIRST,
} PdPipelineSort;

/**
 * PD_PIPELINE_LIST_DEFAULT_PARALLEL:
 *
 * How many status requests a list keeps in flight at most.
 */
#define PD_PIPELINE_LIST_DEFAULT_PARALLEL 100

#define PD_TYPE_PIPELINE_SORT (pd_pipeline_sort_get_type ())
#define PD_TYPE_PIPELINE_LIST (pd_pipeline_list_get_type ())

GType pd_pipeline_sort_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (PdPipelineList, pd_pipeline_list, PD, PIPELINE_LIST, GObject)

PdAwsClient        *pd_pipeline_client_new_for_account    (PdAccount           *account);
PdPipelineList     *pd_pipeline_list_new                  (PdAwsClient         *client);
PdAwsClient        *pd_pipeline_list_get_client           (PdPipelineList      *self);
PdPipeline         *pd_pipeline_list_find                 (PdPipelineList      *self,
                                                           const char          *name);
PdPipeline         *pd_pipeline_list_find_needing_attention (PdPipelineList    *self);
PdPipelineSort      pd_pipeline_list_get_sort             (PdPipelineList      *self);
void                pd_pipeline_list_set_sort             (PdPipelineList      *self,
                                                           PdPipelineSort       sort);
const char * const *pd_pipeline_list_get_favourites       (PdPipelineList      *self);
void                pd_pipeline_list_set_favourites       (PdPipelineList      *self,
                                                           const char * const  *names);
const char * const *pd_pipeline_list_get_watched          (PdPipelineList      *self);
void                pd_pipeline_list_set_watched          (PdPipelineList      *self,
                                                           const char * const  *names);
guint               pd_pipeline_list_get_max_parallel     (PdPipelineList      *self);
void                pd_pipeline_list_set_max_parallel     (PdPipelineList      *self,
                                                           guint                max_parallel);
gboolean            pd_pipeline_list_get_loading          (PdPipelineList      *self);
gboolean            pd_pipeline_list_get_loaded           (PdPipelineList      *self);
gboolean            pd_pipeline_list_get_stale            (PdPipelineList      *self);
GDateTime          *pd_pipeline_list_get_stale_since      (PdPipelineList      *self);
const GError       *pd_pipeline_list_get_error            (PdPipelineList      *self);
void                pd_pipeline_list_refresh_async        (PdPipelineList      *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean            pd_pipeline_list_refresh_finish       (PdPipelineList      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

int                 pd_pipeline_compare                   (PdPipeline          *a,
                                                           PdPipeline          *b,
                                                           PdPipelineSort       sort);
gboolean            pd_pipeline_matches                   (PdPipeline          *pipeline,
                                                           const char          *search);

G_END_DECLS
