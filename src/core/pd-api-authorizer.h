/* pd-api-authorizer.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-apigateway.h"

G_BEGIN_DECLS

#define PD_TYPE_API_AUTHORIZER (pd_api_authorizer_get_type ())

G_DECLARE_FINAL_TYPE (PdApiAuthorizer, pd_api_authorizer, PD, API_AUTHORIZER, GObject)

PdApiAuthorizer *pd_api_authorizer_new                       (PdAwsApiAuthorizer *data);
const char      *pd_api_authorizer_get_id                    (PdApiAuthorizer    *self);
const char      *pd_api_authorizer_get_name                  (PdApiAuthorizer    *self);
const char      *pd_api_authorizer_get_kind                  (PdApiAuthorizer    *self);
const char      *pd_api_authorizer_get_lambda_arn            (PdApiAuthorizer    *self);
const char      *pd_api_authorizer_get_credentials           (PdApiAuthorizer    *self);
const char      *pd_api_authorizer_get_identity_source       (PdApiAuthorizer    *self);
const char      *pd_api_authorizer_get_validation_expression (PdApiAuthorizer    *self);
gint64           pd_api_authorizer_get_result_ttl            (PdApiAuthorizer    *self);
const char * const *pd_api_authorizer_get_provider_arns      (PdApiAuthorizer    *self);

char            *pd_api_lambda_arn_from_uri                  (const char         *uri);

G_END_DECLS
