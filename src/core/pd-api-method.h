/* pd-api-method.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-apigateway.h"

G_BEGIN_DECLS

#define PD_TYPE_API_METHOD (pd_api_method_get_type ())

G_DECLARE_FINAL_TYPE (PdApiMethod, pd_api_method, PD, API_METHOD, GObject)

PdApiMethod *pd_api_method_new                    (const char           *resource_path,
                                                   const PdAwsApiMethod *data);
const char  *pd_api_method_get_resource_path      (PdApiMethod          *self);
const char  *pd_api_method_get_http_method        (PdApiMethod          *self);
const char  *pd_api_method_get_authorization_type (PdApiMethod          *self);
const char  *pd_api_method_get_authorizer_id      (PdApiMethod          *self);
const char  *pd_api_method_get_authorizer_name    (PdApiMethod          *self);
void         pd_api_method_set_authorizer_name    (PdApiMethod          *self,
                                                   const char           *name);
gboolean     pd_api_method_get_api_key_required   (PdApiMethod          *self);

G_END_DECLS
