/* pd-function-store.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pd-aws-cloudwatch.h"
#include "pd-aws-lambda.h"
#include "pd-function-store.h"
#include "pd-util.h"

/* The Lambda functions of the region and their metrics over a window. The
 * metrics of all functions come in as few GetMetricData calls as the
 * service allows (one per 500 queries, never one per function), a few of
 * them at a time; a refresh while one runs waits for it. */

#define DEFAULT_INTERVAL_MS 60000
#define MAX_PARALLEL_CALLS  4

static const struct
{
  const char *key;
  const char *metric;
  const char *stat;
} metric_queries[PD_FUNCTION_N_QUERIES] = {
  { "inv", "Invocations", "Sum" },
  { "err", "Errors", "Sum" },
  { "thr", "Throttles", "Sum" },
  { "p50", "Duration", "p50" },
  { "p95", "Duration", "p95" },
  { "p99", "Duration", "p99" },
  { "con", "ConcurrentExecutions", "Maximum" },
};

struct _PdFunctionStore
{
  GObject          parent_instance;

  PdAwsClient     *client;
  PdMetricsWindow  window;
  GPtrArray       *functions;
  GHashTable      *by_name;
  GError          *error;
  gboolean         loaded;
  gint64           updated;

  gboolean         active;
  guint            interval_ms;
  guint            timeout_id;

  /* The refresh under way, if any */
  GCancellable    *cancellable;
  gboolean         pending;
};

G_DEFINE_FINAL_TYPE (PdFunctionStore, pd_function_store, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule (PdFunctionStore *self);

void
pd_function_stats_free (PdFunctionStats *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->runtime);
  g_clear_pointer (&self->last_modified, g_date_time_unref);
  g_free (self->state);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->invocations_series, g_array_unref);
  g_clear_pointer (&self->errors_series, g_array_unref);
  g_clear_pointer (&self->throttles_series, g_array_unref);
  g_clear_pointer (&self->duration_series, g_array_unref);
  g_free (self);
}

/**
 * pd_function_stats_recent_error_rate:
 * @self: a function's stats
 * @since_ms: the start of the span, in ms since the epoch
 * @invocations: (out) (optional): the invocations in the span
 *
 * Returns: the error rate in percent over the periods that start at or
 *   after @since_ms, 0 without invocations
 */
double
pd_function_stats_recent_error_rate (const PdFunctionStats *self,
                                     gint64                 since_ms,
                                     double                *invocations)
{
  double total = 0, errors = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; self->times != NULL && i < self->times->len; i++)
    if (g_array_index (self->times, gint64, i) >= since_ms)
      {
        total += g_array_index (self->invocations_series, double, i);
        errors += g_array_index (self->errors_series, double, i);
      }
  if (invocations != NULL)
    *invocations = total;
  return total > 0 ? 100.0 * errors / total : 0;
}

/**
 * pd_function_stats_recent_max:
 * @self: a function's stats
 * @series: (element-type double): one of its series
 * @since_ms: the start of the span
 *
 * Returns: the largest value of @series in the span, or NAN if none
 */
double
pd_function_stats_recent_max (const PdFunctionStats *self,
                              GArray                *series,
                              gint64                 since_ms)
{
  double max = NAN;

  g_return_val_if_fail (self != NULL && series != NULL, NAN);

  for (guint i = 0; i < self->times->len && i < series->len; i++)
    {
      double value = g_array_index (series, double, i);

      if (g_array_index (self->times, gint64, i) >= since_ms && !isnan (value) &&
          (isnan (max) || value > max))
        max = value;
    }
  return max;
}

/**
 * pd_metrics_window_get_seconds:
 * @window: a window
 *
 * Returns: its length in seconds
 */
gint64
pd_metrics_window_get_seconds (PdMetricsWindow window)
{
  switch (window)
    {
    case PD_METRICS_WINDOW_HOUR:
      return 3600;
    case PD_METRICS_WINDOW_DAY:
      return 24 * 3600;
    case PD_METRICS_WINDOW_WEEK:
      return 7 * 24 * 3600;
    default:
      g_return_val_if_reached (3600);
    }
}

/**
 * pd_metrics_window_get_period:
 * @window: a window
 *
 * Returns: the period of its points in seconds: 60 points for the hour, 96
 *   for the day, 168 for the week
 */
gint64
pd_metrics_window_get_period (PdMetricsWindow window)
{
  switch (window)
    {
    case PD_METRICS_WINDOW_HOUR:
      return 60;
    case PD_METRICS_WINDOW_DAY:
      return 900;
    case PD_METRICS_WINDOW_WEEK:
      return 3600;
    default:
      g_return_val_if_reached (60);
    }
}

/**
 * pd_function_store_build_queries:
 * @names: (element-type utf8): function names
 * @window: the window
 *
 * Returns: (transfer full) (element-type PdAwsMetricQuery): the
 *   %PD_FUNCTION_N_QUERIES queries of each function, in the order of
 *   @names; the IDs are `f<index>_<key>`
 */
GPtrArray *
pd_function_store_build_queries (GPtrArray       *names,
                                 PdMetricsWindow  window)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_metric_query_free);
  gint64 period = pd_metrics_window_get_period (window);

  for (guint i = 0; i < names->len; i++)
    for (guint k = 0; k < PD_FUNCTION_N_QUERIES; k++)
      {
        g_autofree char *id = g_strdup_printf ("f%u_%s", i, metric_queries[k].key);

        g_ptr_array_add (queries,
                         pd_aws_metric_query_new (id, "AWS/Lambda", metric_queries[k].metric,
                                                  "FunctionName", g_ptr_array_index (names, i),
                                                  metric_queries[k].stat, period));
      }
  return queries;
}

typedef struct
{
  PdFunctionStore *self;
  GCancellable    *cancellable;
  PdMetricsWindow  window;
  GPtrArray       *functions;   /* PdAwsFunction */
  GPtrArray       *chunks;      /* GPtrArray of PdAwsMetricQuery */
  GHashTable      *series;      /* id → PdAwsMetricSeries */
  GDateTime       *start;
  GDateTime       *end;
  guint            next_chunk;
  guint            running;
  GError          *error;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_object (&refresh->self);
  g_clear_object (&refresh->cancellable);
  g_clear_pointer (&refresh->functions, g_ptr_array_unref);
  g_clear_pointer (&refresh->chunks, g_ptr_array_unref);
  g_clear_pointer (&refresh->series, g_hash_table_unref);
  g_clear_pointer (&refresh->start, g_date_time_unref);
  g_clear_pointer (&refresh->end, g_date_time_unref);
  g_clear_error (&refresh->error);
  g_free (refresh);
}

static GArray *
series_on_grid (GHashTable *series,
                const char *id,
                gint64      start_ms,
                gint64      period_ms,
                guint       n,
                double      missing,
                gboolean   *any)
{
  GArray *values = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  PdAwsMetricSeries *one = g_hash_table_lookup (series, id);

  for (guint i = 0; i < n; i++)
    g_array_append_val (values, missing);
  for (guint i = 0; one != NULL && i < one->timestamps->len; i++)
    {
      gint64 t = g_array_index (one->timestamps, gint64, i);
      gint64 slot = (t - start_ms) / period_ms;

      if (t < start_ms || slot >= n)
        continue;
      g_array_index (values, double, slot) = g_array_index (one->values, double, i);
      *any = TRUE;
    }
  return values;
}

/* A percentile over the window from the periods' percentiles, weighted by
 * each period's invocations: CloudWatch has no cheaper exact answer. */
static double
weighted (GArray *values,
          GArray *weights)
{
  double sum = 0, total = 0;

  for (guint i = 0; i < values->len; i++)
    {
      double v = g_array_index (values, double, i);
      double w = g_array_index (weights, double, i);

      if (isnan (v))
        continue;
      w = w > 0 ? w : 1;
      sum += v * w;
      total += w;
    }
  return total > 0 ? sum / total : NAN;
}

static double
sum_of (GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return sum;
}

static PdFunctionStats *
build_stats (Refresh       *refresh,
             guint          index,
             PdAwsFunction *function)
{
  PdFunctionStats *stats = g_new0 (PdFunctionStats, 1);
  gint64 period_ms = pd_metrics_window_get_period (refresh->window) * 1000;
  gint64 start_ms = g_date_time_to_unix (refresh->start) * 1000;
  guint n = (guint) (pd_metrics_window_get_seconds (refresh->window) * 1000 / period_ms);
  g_autoptr(GArray) p50 = NULL;
  g_autoptr(GArray) p99 = NULL;
  g_autoptr(GArray) concurrency = NULL;
  gboolean any = FALSE;
  char id[64];

  stats->name = g_strdup (function->name);
  stats->runtime = g_strdup (function->runtime);
  stats->memory_mb = function->memory_mb;
  stats->timeout_s = function->timeout_s;
  stats->last_modified = function->last_modified != NULL
    ? g_date_time_ref (function->last_modified) : NULL;
  stats->state = g_strdup (function->state);

  stats->times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    {
      gint64 t = start_ms + i * period_ms;

      g_array_append_val (stats->times, t);
    }
#define SERIES(key, missing) \
  (g_snprintf (id, sizeof id, "f%u_%s", index, key), \
   series_on_grid (refresh->series, id, start_ms, period_ms, n, missing, &any))
  stats->invocations_series = SERIES ("inv", 0);
  stats->errors_series = SERIES ("err", 0);
  stats->throttles_series = SERIES ("thr", 0);
  stats->duration_series = SERIES ("p95", NAN);
  p50 = SERIES ("p50", NAN);
  p99 = SERIES ("p99", NAN);
  concurrency = SERIES ("con", 0);
#undef SERIES

  stats->has_metrics = any;
  stats->invocations = sum_of (stats->invocations_series);
  stats->errors = sum_of (stats->errors_series);
  stats->throttles = sum_of (stats->throttles_series);
  stats->error_rate = stats->invocations > 0 ? 100.0 * stats->errors / stats->invocations : 0;
  stats->p50 = weighted (p50, stats->invocations_series);
  stats->p95 = weighted (stats->duration_series, stats->invocations_series);
  stats->p99 = weighted (p99, stats->invocations_series);
  stats->concurrency = 0;
  for (guint i = 0; i < concurrency->len; i++)
    stats->concurrency = MAX (stats->concurrency, g_array_index (concurrency, double, i));
  return stats;
}

static void
refresh_done (Refresh *refresh)
{
  PdFunctionStore *self = refresh->self;

  if (g_cancellable_is_cancelled (refresh->cancellable))
    {
      refresh_free (refresh);
      return;
    }
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  if (refresh->error != NULL)
    self->error = g_steal_pointer (&refresh->error);
  else
    {
      g_autoptr(GPtrArray) functions = g_ptr_array_new_with_free_func (
        (GDestroyNotify) pd_function_stats_free);

      for (guint i = 0; i < refresh->functions->len; i++)
        g_ptr_array_add (functions, build_stats (refresh, i,
                                                 g_ptr_array_index (refresh->functions, i)));
      g_clear_pointer (&self->functions, g_ptr_array_unref);
      self->functions = g_steal_pointer (&functions);
      g_hash_table_remove_all (self->by_name);
      for (guint i = 0; i < self->functions->len; i++)
        {
          PdFunctionStats *stats = g_ptr_array_index (self->functions, i);

          g_hash_table_insert (self->by_name, stats->name, stats);
        }
      self->loaded = TRUE;
      self->updated = pd_util_get_real_time () / 1000;
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (self->pending)
    {
      self->pending = FALSE;
      refresh_free (refresh);
      pd_function_store_refresh (self);
      return;
    }
  refresh_free (refresh);
  schedule (self);
}

static void start_chunks (Refresh *refresh);

static void
on_metric_data_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Refresh *refresh = user_data;
  GError *error = NULL;
  g_autoptr(GHashTable) series = NULL;

  series = pd_aws_cloudwatch_get_metric_data_finish (PD_AWS_CLIENT (object), result, &error);
  refresh->running--;
  if (series == NULL)
    {
      if (refresh->error == NULL)
        refresh->error = error;
      else
        g_error_free (error);
    }
  else
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, series);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_hash_table_iter_steal (&iter);
          g_hash_table_replace (refresh->series, ((PdAwsMetricSeries *) value)->id, value);
        }
    }
  start_chunks (refresh);
}

static void
start_chunks (Refresh *refresh)
{
  PdAwsClient *client = refresh->self->client;

  while (refresh->error == NULL && refresh->next_chunk < refresh->chunks->len &&
         refresh->running < MAX_PARALLEL_CALLS)
    {
      GPtrArray *chunk = g_ptr_array_index (refresh->chunks, refresh->next_chunk++);

      refresh->running++;
      pd_aws_cloudwatch_get_metric_data_async (client, chunk, refresh->start, refresh->end,
                                               refresh->cancellable, on_metric_data_cb, refresh);
    }
  if (refresh->running == 0 &&
      (refresh->error != NULL || refresh->next_chunk >= refresh->chunks->len))
    refresh_done (refresh);
}

static void
on_list_functions_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Refresh *refresh = user_data;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) queries = NULL;
  gint64 period = pd_metrics_window_get_period (refresh->window);
  gint64 now_s = pd_util_get_real_time () / G_USEC_PER_SEC;
  gint64 end_s = (now_s / period + 1) * period;

  refresh->functions = pd_aws_lambda_list_functions_finish (PD_AWS_CLIENT (object), result,
                                                            &refresh->error);
  if (refresh->functions == NULL)
    {
      refresh_done (refresh);
      return;
    }
  for (guint i = 0; i < refresh->functions->len; i++)
    g_ptr_array_add (names, ((PdAwsFunction *) g_ptr_array_index (refresh->functions, i))->name);

  /* The window ends with the period under way, so the last point moves. */
  refresh->end = g_date_time_new_from_unix_utc (end_s);
  refresh->start = g_date_time_new_from_unix_utc (end_s -
                                                  pd_metrics_window_get_seconds (refresh->window));
  refresh->series = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) pd_aws_metric_series_free);
  refresh->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  queries = pd_function_store_build_queries (names, refresh->window);
  for (guint i = 0; i < queries->len; i += PD_AWS_METRIC_MAX_QUERIES)
    {
      GPtrArray *chunk = g_ptr_array_new_with_free_func (
        (GDestroyNotify) pd_aws_metric_query_free);

      for (guint k = i; k < queries->len && k < i + PD_AWS_METRIC_MAX_QUERIES; k++)
        g_ptr_array_add (chunk, g_steal_pointer (&queries->pdata[k]));
      g_ptr_array_add (refresh->chunks, chunk);
    }
  start_chunks (refresh);
}

/**
 * pd_function_store_refresh:
 * @self: a #PdFunctionStore
 *
 * Lists the functions and fetches their metrics; #PdFunctionStore::changed
 * follows. A refresh under way is followed by one more.
 */
void
pd_function_store_refresh (PdFunctionStore *self)
{
  Refresh *refresh;

  g_return_if_fail (PD_IS_FUNCTION_STORE (self));

  if (self->client == NULL)
    return;
  if (self->cancellable != NULL)
    {
      self->pending = TRUE;
      return;
    }
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->cancellable = g_cancellable_new ();
  refresh = g_new0 (Refresh, 1);
  refresh->self = g_object_ref (self);
  refresh->cancellable = g_object_ref (self->cancellable);
  refresh->window = self->window;
  pd_aws_lambda_list_functions_async (self->client, refresh->cancellable, on_list_functions_cb,
                                      refresh);
}

static gboolean
on_timeout_cb (gpointer data)
{
  PdFunctionStore *self = data;

  self->timeout_id = 0;
  pd_function_store_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (PdFunctionStore *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->active && self->client != NULL && self->cancellable == NULL)
    self->timeout_id = g_timeout_add (self->interval_ms, on_timeout_cb, self);
}

static void
cancel (PdFunctionStore *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->pending = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

static void
pd_function_store_dispose (GObject *object)
{
  PdFunctionStore *self = PD_FUNCTION_STORE (object);

  cancel (self);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (pd_function_store_parent_class)->dispose (object);
}

static void
pd_function_store_finalize (GObject *object)
{
  PdFunctionStore *self = PD_FUNCTION_STORE (object);

  g_hash_table_unref (self->by_name);
  g_clear_pointer (&self->functions, g_ptr_array_unref);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (pd_function_store_parent_class)->finalize (object);
}

static void
pd_function_store_class_init (PdFunctionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_function_store_dispose;
  object_class->finalize = pd_function_store_finalize;

  /**
   * PdFunctionStore::changed:
   *
   * A refresh ended: the functions, their metrics or the error changed.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
pd_function_store_init (PdFunctionStore *self)
{
  self->functions = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_function_stats_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->interval_ms = DEFAULT_INTERVAL_MS;
  self->window = PD_METRICS_WINDOW_HOUR;
}

/**
 * pd_function_store_new:
 * @client: (nullable): the client to call AWS with
 *
 * Returns: (transfer full): a new, inactive store
 */
PdFunctionStore *
pd_function_store_new (PdAwsClient *client)
{
  PdFunctionStore *self = g_object_new (PD_TYPE_FUNCTION_STORE, NULL);

  pd_function_store_set_client (self, client);
  return self;
}

PdAwsClient *
pd_function_store_get_client (PdFunctionStore *self)
{
  g_return_val_if_fail (PD_IS_FUNCTION_STORE (self), NULL);
  return self->client;
}

/**
 * pd_function_store_set_client:
 * @self: a #PdFunctionStore
 * @client: (nullable): the new client
 *
 * Drops what the store holds and cancels its refresh: the new client may
 * be another account or region.
 */
void
pd_function_store_set_client (PdFunctionStore *self,
                              PdAwsClient     *client)
{
  g_return_if_fail (PD_IS_FUNCTION_STORE (self));

  if (client == self->client)
    return;
  g_set_object (&self->client, client);
  pd_function_store_reset (self);
}

/**
 * pd_function_store_reset:
 * @self: a #PdFunctionStore
 *
 * Forgets the functions and the error, cancels the refresh under way and
 * starts one if the store is active.
 */
void
pd_function_store_reset (PdFunctionStore *self)
{
  g_return_if_fail (PD_IS_FUNCTION_STORE (self));

  cancel (self);
  g_ptr_array_set_size (self->functions, 0);
  g_hash_table_remove_all (self->by_name);
  g_clear_error (&self->error);
  self->loaded = FALSE;
  self->updated = 0;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (self->active)
    pd_function_store_refresh (self);
}

PdMetricsWindow
pd_function_store_get_window (PdFunctionStore *self)
{
  g_return_val_if_fail (PD_IS_FUNCTION_STORE (self), PD_METRICS_WINDOW_HOUR);
  return self->window;
}

/**
 * pd_function_store_set_window:
 * @self: a #PdFunctionStore
 * @window: the new window
 *
 * Changes the window and refreshes at once (the functions stay listed).
 */
void
pd_function_store_set_window (PdFunctionStore *self,
                              PdMetricsWindow  window)
{
  g_return_if_fail (PD_IS_FUNCTION_STORE (self));
  g_return_if_fail (window <= PD_METRICS_WINDOW_WEEK);

  if (window == self->window)
    return;
  self->window = window;
  if (self->cancellable != NULL)
    {
      /* What is under way is for the old window. */
      cancel (self);
    }
  pd_function_store_refresh (self);
}

/**
 * pd_function_store_get_functions:
 * @self: a #PdFunctionStore
 *
 * Returns: (transfer none) (element-type PdFunctionStats): the functions as
 *   ListFunctions gave them, with their metrics
 */
GPtrArray *
pd_function_store_get_functions (PdFunctionStore *self)
{
  g_return_val_if_fail (PD_IS_FUNCTION_STORE (self), NULL);
  return self->functions;
}

/**
 * pd_function_store_lookup:
 * @self: a #PdFunctionStore
 * @name: a function name
 *
 * Returns: (transfer none) (nullable): the function, or %NULL
 */
PdFunctionStats *
pd_function_store_lookup (PdFunctionStore *self,
                          const char      *name)
{
  g_return_val_if_fail (PD_IS_FUNCTION_STORE (self), NULL);
  return name != NULL ? g_hash_table_lookup (self->by_name, name) : NULL;
}

/**
 * pd_function_store_get_error:
 * @self: a #PdFunctionStore
 *
 * Returns: (transfer none) (nullable): why the last refresh failed
 */
const GError *
pd_function_store_get_error (PdFunctionStore *self)
{
  g_return_val_if_fail (PD_IS_FUNCTION_STORE (self), NULL);
  return self->error;
}

gboolean
pd_function_store_get_loaded (PdFunctionStore *self)
{
  g_return_val_if_fail (PD_IS_FUNCTION_STORE (self), FALSE);
  return self->loaded;
}

/**
 * pd_function_store_get_updated:
 * @self: a #PdFunctionStore
 *
 * Returns: when the functions were last fetched, in ms, or 0
 */
gint64
pd_function_store_get_updated (PdFunctionStore *self)
{
  g_return_val_if_fail (PD_IS_FUNCTION_STORE (self), 0);
  return self->updated;
}

/**
 * pd_function_store_set_active:
 * @self: a #PdFunctionStore
 * @active: whether to poll
 *
 * An active store refreshes now and then every interval; an inactive one
 * makes no request (a refresh under way still ends).
 */
void
pd_function_store_set_active (PdFunctionStore *self,
                              gboolean         active)
{
  g_return_if_fail (PD_IS_FUNCTION_STORE (self));

  active = !!active;
  if (active == self->active)
    return;
  self->active = active;
  if (active)
    pd_function_store_refresh (self);
  else
    g_clear_handle_id (&self->timeout_id, g_source_remove);
}

void
pd_function_store_set_interval (PdFunctionStore *self,
                                guint            interval_ms)
{
  g_return_if_fail (PD_IS_FUNCTION_STORE (self));
  g_return_if_fail (interval_ms > 0);

  self->interval_ms = interval_ms;
  schedule (self);
}
