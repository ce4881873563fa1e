/* pd-aws-cloudwatch.h
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

/* The most queries GetMetricData takes in one call. */
#define PD_AWS_METRIC_MAX_QUERIES 500

/**
 * PdAwsMetricQuery:
 * @id: the query's ID: a lower-case letter, then letters, digits and `_`
 * @namespace: the metric's namespace (`AWS/Lambda`)
 * @metric_name: the metric (`Invocations`)
 * @dimensions: (array zero-terminated=1): dimension names and values,
 *   alternating
 * @stat: the statistic (`Sum`, `Average`, `p95`…)
 * @period: the period in seconds, a multiple of 60
 *
 * One metric query of GetMetricData.
 */
typedef struct
{
  char   *id;
  char   *namespace;
  char   *metric_name;
  GStrv   dimensions;
  char   *stat;
  gint64  period;
} PdAwsMetricQuery;

/**
 * PdAwsMetricSeries:
 * @id: the ID of the query it answers
 * @label: (nullable): its label
 * @timestamps: (element-type gint64): the times of the points in
 *   milliseconds since the epoch, oldest first
 * @values: (element-type double): the values, in the same order
 * @complete: whether the service had every point (StatusCode `Complete`)
 *
 * The answer to one query, gathered over every page.
 */
typedef struct
{
  char     *id;
  char     *label;
  GArray   *timestamps;
  GArray   *values;
  gboolean  complete;
} PdAwsMetricSeries;

PdAwsMetricQuery  *pd_aws_metric_query_new                  (const char          *id,
                                                             const char          *namespace,
                                                             const char          *metric_name,
                                                             const char          *dimension_name,
                                                             const char          *dimension_value,
                                                             const char          *stat,
                                                             gint64               period);
void               pd_aws_metric_query_free                 (PdAwsMetricQuery    *self);
gboolean           pd_aws_metric_query_validate             (const PdAwsMetricQuery *self,
                                                             GError             **error);
void               pd_aws_metric_series_free                (PdAwsMetricSeries   *self);

GHashTable        *pd_aws_cloudwatch_parse_metric_data      (JsonObject          *reply,
                                                             GError             **error);
void               pd_aws_cloudwatch_get_metric_data_async  (PdAwsClient         *client,
                                                             GPtrArray           *queries,
                                                             GDateTime           *start,
                                                             GDateTime           *end,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GHashTable        *pd_aws_cloudwatch_get_metric_data_finish (PdAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsMetricQuery, pd_aws_metric_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsMetricSeries, pd_aws_metric_series_free)

G_END_DECLS
