/* pd-api-resource.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-api-method.h"
#include "pd-aws-apigateway.h"

G_BEGIN_DECLS

#define PD_TYPE_API_RESOURCE (pd_api_resource_get_type ())

G_DECLARE_FINAL_TYPE (PdApiResource, pd_api_resource, PD, API_RESOURCE, GObject)

PdApiResource *pd_api_resource_new            (const PdAwsApiResource *data);
const char    *pd_api_resource_get_id         (PdApiResource          *self);
const char    *pd_api_resource_get_parent_id  (PdApiResource          *self);
const char    *pd_api_resource_get_path       (PdApiResource          *self);
const char    *pd_api_resource_get_path_part  (PdApiResource          *self);
GListModel    *pd_api_resource_get_methods    (PdApiResource          *self);
GListModel    *pd_api_resource_get_children   (PdApiResource          *self);
void           pd_api_resource_add_child      (PdApiResource          *self,
                                               PdApiResource          *child);
PdApiMethod   *pd_api_resource_find_method    (PdApiResource          *self,
                                               const char             *http_method);

G_END_DECLS
