/* pd-function-store.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/**
 * PdMetricsWindow:
 * @PD_METRICS_WINDOW_HOUR: the last hour, minute by minute
 * @PD_METRICS_WINDOW_DAY: the last 24 hours, by 15 minutes
 * @PD_METRICS_WINDOW_WEEK: the last 7 days, by hour
 *
 * The time window of the functions' metrics.
 */
typedef enum
{
  PD_METRICS_WINDOW_HOUR,
  PD_METRICS_WINDOW_DAY,
  PD_METRICS_WINDOW_WEEK,
} PdMetricsWindow;

/* Queries per function: invocations, errors, throttles, p50, p95, p99
 * duration and the most concurrent executions. */
#define PD_FUNCTION_N_QUERIES 7

/**
 * PdFunctionStats:
 * @name: the function name
 * @runtime: (nullable): its runtime
 * @memory_mb: its memory in MB
 * @timeout_s: its timeout in seconds
 * @last_modified: (nullable): its last change
 * @state: (nullable): its state (`Active`…)
 * @has_metrics: whether CloudWatch had any point for it in the window
 * @invocations: invocations in the window
 * @errors: errors in the window
 * @error_rate: errors per invocation, in percent (0 without invocations)
 * @throttles: throttled invocations in the window
 * @p50: median duration in ms, weighted by invocations over the periods,
 *   or NAN
 * @p95: the same for the 95th percentile
 * @p99: the same for the 99th percentile
 * @concurrency: the most concurrent executions in a period
 * @times: (element-type gint64): the periods' starts, in ms, oldest first
 * @invocations_series: (element-type double): invocations per period (0 for
 *   a period without a point)
 * @errors_series: (element-type double): errors per period
 * @throttles_series: (element-type double): throttles per period
 * @duration_series: (element-type double): p95 duration per period, NAN
 *   for a period without a point
 *
 * One function with its metrics over the store's window.
 */
typedef struct
{
  char      *name;
  char      *runtime;
  gint64     memory_mb;
  gint64     timeout_s;
  GDateTime *last_modified;
  char      *state;

  gboolean   has_metrics;
  double     invocations;
  double     errors;
  double     error_rate;
  double     throttles;
  double     p50;
  double     p95;
  double     p99;
  double     concurrency;

  GArray    *times;
  GArray    *invocations_series;
  GArray    *errors_series;
  GArray    *throttles_series;
  GArray    *duration_series;
} PdFunctionStats;

void             pd_function_stats_free            (PdFunctionStats  *self);
double           pd_function_stats_recent_error_rate (const PdFunctionStats *self,
                                                    gint64            since_ms,
                                                    double           *invocations);
double           pd_function_stats_recent_max      (const PdFunctionStats *self,
                                                    GArray           *series,
                                                    gint64            since_ms);

gint64           pd_metrics_window_get_seconds     (PdMetricsWindow   window);
gint64           pd_metrics_window_get_period      (PdMetricsWindow   window);

#define PD_TYPE_FUNCTION_STORE (pd_function_store_get_type ())

G_DECLARE_FINAL_TYPE (PdFunctionStore, pd_function_store, PD, FUNCTION_STORE, GObject)

PdFunctionStore *pd_function_store_new             (PdAwsClient      *client);
PdAwsClient     *pd_function_store_get_client      (PdFunctionStore  *self);
void             pd_function_store_set_client      (PdFunctionStore  *self,
                                                    PdAwsClient      *client);
PdMetricsWindow  pd_function_store_get_window      (PdFunctionStore  *self);
void             pd_function_store_set_window      (PdFunctionStore  *self,
                                                    PdMetricsWindow   window);
GPtrArray       *pd_function_store_get_functions   (PdFunctionStore  *self);
PdFunctionStats *pd_function_store_lookup          (PdFunctionStore  *self,
                                                    const char       *name);
const GError    *pd_function_store_get_error       (PdFunctionStore  *self);
gboolean         pd_function_store_get_loaded      (PdFunctionStore  *self);
gint64           pd_function_store_get_updated     (PdFunctionStore  *self);
void             pd_function_store_set_active      (PdFunctionStore  *self,
                                                    gboolean          active);
void             pd_function_store_set_interval    (PdFunctionStore  *self,
                                                    guint             interval_ms);
void             pd_function_store_refresh         (PdFunctionStore  *self);
void             pd_function_store_reset           (PdFunctionStore  *self);
GPtrArray       *pd_function_store_build_queries   (GPtrArray        *names,
                                                    PdMetricsWindow   window);

G_END_DECLS
