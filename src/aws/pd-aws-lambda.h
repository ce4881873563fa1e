/* pd-aws-lambda.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/**
 * PdAwsFunction:
 * @name: the function name
 * @arn: its ARN
 * @runtime: (nullable): its runtime (`python3.9`…), %NULL for an image
 * @memory_mb: its memory in MB
 * @timeout_s: its timeout in seconds
 * @last_modified: (nullable): when its code or configuration last changed
 * @state: (nullable): `Active`, `Pending`, `Inactive` or `Failed`
 * @description: (nullable): its description
 *
 * A Lambda function as ListFunctions describes it.
 */
typedef struct
{
  char      *name;
  char      *arn;
  char      *runtime;
  gint64     memory_mb;
  gint64     timeout_s;
  GDateTime *last_modified;
  char      *state;
  char      *description;
} PdAwsFunction;

#define PD_AWS_TYPE_FUNCTION (pd_aws_function_get_type ())

GType          pd_aws_function_get_type             (void) G_GNUC_CONST;
PdAwsFunction *pd_aws_function_copy                 (const PdAwsFunction *self);
void           pd_aws_function_free                 (PdAwsFunction       *self);

GPtrArray     *pd_aws_lambda_parse_functions        (JsonObject          *reply,
                                                     GError             **error);
void           pd_aws_lambda_list_functions_async   (PdAwsClient         *client,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GPtrArray     *pd_aws_lambda_list_functions_finish  (PdAwsClient         *client,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsFunction, pd_aws_function_free)

G_END_DECLS
