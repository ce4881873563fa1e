/* pd-api-stage-edit.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-api-stage.h"

G_BEGIN_DECLS

/**
 * PD_API_MAX_RATE:
 *
 * The highest rate limit a stage or method takes: the default account
 * quota of API Gateway, 10,000 requests per second per region.
 */
#define PD_API_MAX_RATE 10000.0

/**
 * PD_API_MAX_BURST:
 *
 * The highest burst limit: the default account quota, 5,000 requests.
 */
#define PD_API_MAX_BURST 5000

/**
 * PD_API_MAX_VARIABLE_NAME:
 *
 * The longest stage-variable name AWS accepts.
 */
#define PD_API_MAX_VARIABLE_NAME 64

/**
 * PD_API_MAX_VARIABLE_VALUE:
 *
 * The longest stage-variable value AWS accepts.
 */
#define PD_API_MAX_VARIABLE_VALUE 512

#define PD_TYPE_API_STAGE_EDIT (pd_api_stage_edit_get_type ())

G_DECLARE_FINAL_TYPE (PdApiStageEdit, pd_api_stage_edit, PD, API_STAGE_EDIT, GObject)

gboolean        pd_api_check_rate                       (const char      *text,
                                                         double          *out,
                                                         GError         **error);
gboolean        pd_api_check_burst                      (const char      *text,
                                                         gint64          *out,
                                                         GError         **error);
gboolean        pd_api_check_variable_name              (const char      *name,
                                                         GError         **error);
gboolean        pd_api_check_variable_value             (const char      *value,
                                                         GError         **error);
gboolean        pd_api_check_logging_level              (const char      *level,
                                                         GError         **error);

PdApiStageEdit *pd_api_stage_edit_new                   (PdApiStage      *stage);
PdApiStage     *pd_api_stage_edit_get_stage             (PdApiStageEdit  *self);
gboolean        pd_api_stage_edit_set_rate              (PdApiStageEdit  *self,
                                                         const char      *resource_path,
                                                         const char      *http_method,
                                                         const char      *text,
                                                         GError         **error);
gboolean        pd_api_stage_edit_set_burst             (PdApiStageEdit  *self,
                                                         const char      *resource_path,
                                                         const char      *http_method,
                                                         const char      *text,
                                                         GError         **error);
gboolean        pd_api_stage_edit_set_variable          (PdApiStageEdit  *self,
                                                         const char      *name,
                                                         const char      *value,
                                                         GError         **error);
gboolean        pd_api_stage_edit_remove_variable       (PdApiStageEdit  *self,
                                                         const char      *name,
                                                         GError         **error);
gboolean        pd_api_stage_edit_set_logging_level     (PdApiStageEdit  *self,
                                                         const char      *level,
                                                         GError         **error);
void            pd_api_stage_edit_set_tracing           (PdApiStageEdit  *self,
                                                         gboolean         enabled);
guint           pd_api_stage_edit_get_n_changes         (PdApiStageEdit  *self);
GStrv           pd_api_stage_edit_dup_descriptions      (PdApiStageEdit  *self);
GPtrArray      *pd_api_stage_edit_dup_operations        (PdApiStageEdit  *self);
GPtrArray      *pd_api_stage_edit_dup_inverse_operations (PdApiStageEdit *self);
PdApiStageEdit *pd_api_stage_edit_dup_undo              (PdApiStageEdit  *self);
void            pd_api_stage_edit_apply_async           (PdApiStageEdit      *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean        pd_api_stage_edit_apply_finish          (PdApiStageEdit  *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);

G_END_DECLS
