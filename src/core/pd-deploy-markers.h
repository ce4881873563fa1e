/* pd-deploy-markers.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/**
 * PdDeployMarker:
 * @time_ms: when the execution ended (its last update), in ms
 * @pipeline: the pipeline
 * @execution_id: the execution
 *
 * A deploy on the time axis: a succeeded execution of a pipeline.
 */
typedef struct
{
  gint64  time_ms;
  char   *pipeline;
  char   *execution_id;
} PdDeployMarker;

void        pd_deploy_marker_free           (PdDeployMarker      *self);
GPtrArray  *pd_deploy_markers_from_executions (GPtrArray         *executions,
                                             gint64               since_ms);
void        pd_deploy_markers_fetch_async   (PdAwsClient         *client,
                                             gint64               since_ms,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray  *pd_deploy_markers_fetch_finish  (GAsyncResult        *result,
                                             GError             **error);
GArray     *pd_deploy_markers_get_times     (GPtrArray           *markers);

G_END_DECLS
