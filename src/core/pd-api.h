/* pd-api.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-api-authorizer.h"
#include "pd-api-method.h"
#include "pd-api-resource.h"
#include "pd-api-stage.h"
#include "pd-aws-apigateway.h"
#include "pd-aws-client.h"

G_BEGIN_DECLS

#define PD_TYPE_API (pd_api_get_type ())

G_DECLARE_FINAL_TYPE (PdApi, pd_api, PD, API, GObject)

PdApi           *pd_api_new                (PdAwsClient   *client,
                                            PdAwsRestApi  *data);
void             pd_api_set_summary        (PdApi         *self,
                                            PdAwsRestApi  *data);
PdAwsClient     *pd_api_get_client         (PdApi         *self);
const char      *pd_api_get_id             (PdApi         *self);
const char      *pd_api_get_name           (PdApi         *self);
const char      *pd_api_get_description    (PdApi         *self);
const char      *pd_api_get_endpoint_type  (PdApi         *self);
GDateTime       *pd_api_get_created        (PdApi         *self);
GListModel      *pd_api_get_stages         (PdApi         *self);
GListModel      *pd_api_get_resources      (PdApi         *self);
GListModel      *pd_api_get_resource_tree  (PdApi         *self);
GListModel      *pd_api_get_authorizers    (PdApi         *self);
PdApiStage      *pd_api_find_stage         (PdApi         *self,
                                            const char    *name);
PdApiResource   *pd_api_find_resource      (PdApi         *self,
                                            const char    *path);
PdApiMethod     *pd_api_find_method        (PdApi         *self,
                                            const char    *resource_path,
                                            const char    *http_method);
PdApiAuthorizer *pd_api_find_authorizer    (PdApi         *self,
                                            const char    *id);
GDateTime       *pd_api_get_deployment_created (PdApi     *self,
                                            const char    *deployment_id);
gboolean         pd_api_get_loaded         (PdApi         *self);
gboolean         pd_api_get_loading        (PdApi         *self);
const GError    *pd_api_get_error          (PdApi         *self);
gboolean         pd_api_matches            (PdApi         *self,
                                            const char    *search);
void             pd_api_refresh_async      (PdApi               *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean         pd_api_refresh_finish     (PdApi         *self,
                                            GAsyncResult  *result,
                                            GError       **error);

G_END_DECLS
