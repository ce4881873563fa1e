/* pd-api-list.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-api.h"
#include "pd-aws-client.h"

G_BEGIN_DECLS

#define PD_TYPE_API_LIST (pd_api_list_get_type ())

G_DECLARE_FINAL_TYPE (PdApiList, pd_api_list, PD, API_LIST, GObject)

PdApiList    *pd_api_list_new             (PdAwsClient         *client);
PdAwsClient  *pd_api_list_get_client      (PdApiList           *self);
PdApi        *pd_api_list_find            (PdApiList           *self,
                                           const char          *name_or_id);
gboolean      pd_api_list_get_loading     (PdApiList           *self);
gboolean      pd_api_list_get_loaded      (PdApiList           *self);
gboolean      pd_api_list_get_stale       (PdApiList           *self);
GDateTime    *pd_api_list_get_stale_since (PdApiList           *self);
const GError *pd_api_list_get_error       (PdApiList           *self);
void          pd_api_list_refresh_async   (PdApiList           *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      pd_api_list_refresh_finish  (PdApiList           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
