/* pd-api-throttle.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-apigateway.h"

G_BEGIN_DECLS

#define PD_TYPE_API_THROTTLE (pd_api_throttle_get_type ())

G_DECLARE_FINAL_TYPE (PdApiThrottle, pd_api_throttle, PD, API_THROTTLE, GObject)

PdApiThrottle *pd_api_throttle_new               (const PdAwsApiMethodSetting *data);
gboolean       pd_api_throttle_get_stage_wide    (PdApiThrottle               *self);
const char    *pd_api_throttle_get_resource_path (PdApiThrottle               *self);
const char    *pd_api_throttle_get_http_method   (PdApiThrottle               *self);
double         pd_api_throttle_get_rate          (PdApiThrottle               *self);
gint64         pd_api_throttle_get_burst         (PdApiThrottle               *self);
const char    *pd_api_throttle_get_logging_level (PdApiThrottle               *self);
gboolean       pd_api_throttle_get_metrics       (PdApiThrottle               *self);
gboolean       pd_api_throttle_get_data_trace    (PdApiThrottle               *self);

gboolean       pd_api_split_setting_key          (const char                  *key,
                                                  char                       **resource_path,
                                                  char                       **http_method);

G_END_DECLS
