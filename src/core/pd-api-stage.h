/* pd-api-stage.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-api-throttle.h"
#include "pd-aws-apigateway.h"

G_BEGIN_DECLS

typedef struct _PdApi PdApi;

#define PD_TYPE_API_STAGE (pd_api_stage_get_type ())

G_DECLARE_FINAL_TYPE (PdApiStage, pd_api_stage, PD, API_STAGE, GObject)

PdApiStage          *pd_api_stage_new                     (PdApi         *api,
                                                           PdAwsApiStage *data);
PdApi               *pd_api_stage_get_api                 (PdApiStage    *self);
const PdAwsApiStage *pd_api_stage_get_data                (PdApiStage    *self);
void                 pd_api_stage_set_data                (PdApiStage    *self,
                                                           PdAwsApiStage *data);
guint64              pd_api_stage_get_changed_at          (PdApiStage    *self);
const char          *pd_api_stage_get_name                (PdApiStage    *self);
const char          *pd_api_stage_get_description         (PdApiStage    *self);
const char          *pd_api_stage_get_deployment_id       (PdApiStage    *self);
GDateTime           *pd_api_stage_get_deployed            (PdApiStage    *self);
GDateTime           *pd_api_stage_get_created             (PdApiStage    *self);
GDateTime           *pd_api_stage_get_last_updated        (PdApiStage    *self);
gboolean             pd_api_stage_get_cache_cluster_enabled (PdApiStage  *self);
const char          *pd_api_stage_get_cache_cluster_size  (PdApiStage    *self);
const char          *pd_api_stage_get_cache_cluster_status (PdApiStage   *self);
gboolean             pd_api_stage_get_tracing             (PdApiStage    *self);
const char          *pd_api_stage_get_logging_level       (PdApiStage    *self);
gboolean             pd_api_stage_get_metrics             (PdApiStage    *self);
gboolean             pd_api_stage_get_data_trace          (PdApiStage    *self);
const char          *pd_api_stage_get_access_log_destination (PdApiStage *self);
const char          *pd_api_stage_get_access_log_format   (PdApiStage    *self);
gboolean             pd_api_stage_get_has_canary          (PdApiStage    *self);
double               pd_api_stage_get_canary_percent      (PdApiStage    *self);
const char          *pd_api_stage_get_canary_deployment_id (PdApiStage   *self);
const char          *pd_api_stage_get_invoke_url          (PdApiStage    *self);
const char          *pd_api_stage_get_web_acl_arn         (PdApiStage    *self);
char                *pd_api_stage_dup_web_acl_name        (PdApiStage    *self);
GStrv                pd_api_stage_dup_variable_names      (PdApiStage    *self);
const char          *pd_api_stage_get_variable            (PdApiStage    *self,
                                                           const char    *name);
GListModel          *pd_api_stage_get_throttles           (PdApiStage    *self);
PdApiThrottle       *pd_api_stage_find_throttle           (PdApiStage    *self,
                                                           const char    *resource_path,
                                                           const char    *http_method);

char                *pd_api_web_acl_name_from_arn         (const char    *arn);
guint64              pd_api_sequence_next                 (void);

G_END_DECLS
