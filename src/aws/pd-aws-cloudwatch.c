/* pd-aws-cloudwatch.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-aws-cloudwatch.h"
#include "pd-aws-error.h"
#include "pd-aws-typed-private.h"

/* GetMetricData in the query form: values come back as text and times as
 * ISO 8601; the JSON 1.0 form sends numbers and epoch seconds. Both are
 * read. Pages split the points of a query, so the series are gathered by
 * ID over every page. */

/**
 * pd_aws_metric_query_new:
 * @id: the query's ID
 * @namespace: the namespace
 * @metric_name: the metric
 * @dimension_name: (nullable): a dimension's name
 * @dimension_value: (nullable): its value
 * @stat: the statistic
 * @period: the period in seconds
 *
 * Returns: (transfer full): a new query with at most one dimension; add
 *   more to @dimensions
 */
PdAwsMetricQuery *
pd_aws_metric_query_new (const char *id,
                         const char *namespace,
                         const char *metric_name,
                         const char *dimension_name,
                         const char *dimension_value,
                         const char *stat,
                         gint64      period)
{
  PdAwsMetricQuery *self = g_new0 (PdAwsMetricQuery, 1);

  self->id = g_strdup (id);
  self->namespace = g_strdup (namespace);
  self->metric_name = g_strdup (metric_name);
  self->stat = g_strdup (stat);
  self->period = period;
  if (dimension_name != NULL && dimension_value != NULL)
    {
      self->dimensions = g_new0 (char *, 3);
      self->dimensions[0] = g_strdup (dimension_name);
      self->dimensions[1] = g_strdup (dimension_value);
    }
  else
    self->dimensions = g_new0 (char *, 1);
  return self;
}

/**
 * pd_aws_metric_query_free:
 * @self: (transfer full) (nullable): a query
 *
 * Frees @self.
 */
void
pd_aws_metric_query_free (PdAwsMetricQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->namespace);
  g_free (self->metric_name);
  g_strfreev (self->dimensions);
  g_free (self->stat);
  g_free (self);
}

/**
 * pd_aws_metric_query_validate:
 * @self: a query
 * @error: return location for a #GError
 *
 * Checks what the service would refuse, so that a bad query fails before
 * any request with a message that names it.
 *
 * Returns: whether @self is valid
 */
gboolean
pd_aws_metric_query_validate (const PdAwsMetricQuery  *self,
                              GError                 **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->id == NULL || !g_ascii_islower (self->id[0]) || strlen (self->id) > 255)
    goto bad_id;
  for (const char *p = self->id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      goto bad_id;
  if (self->namespace == NULL || *self->namespace == '\0' ||
      self->metric_name == NULL || *self->metric_name == '\0')
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                   "GetMetricData: the query “%s” has no namespace or metric", self->id);
      return FALSE;
    }
  if (self->stat == NULL || *self->stat == '\0')
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                   "GetMetricData: the query “%s” has no statistic", self->id);
      return FALSE;
    }
  if (self->period < 60 || self->period % 60 != 0)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                   "GetMetricData: the period of the query “%s” (%" G_GINT64_FORMAT " s) is "
                   "not a multiple of 60", self->id, self->period);
      return FALSE;
    }
  if (self->dimensions == NULL || g_strv_length (self->dimensions) % 2 != 0)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                   "GetMetricData: the dimensions of the query “%s” are not name–value pairs",
                   self->id);
      return FALSE;
    }
  return TRUE;

bad_id:
  g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
               "GetMetricData: “%s” is not a valid query ID", self->id != NULL ? self->id : "");
  return FALSE;
}

/**
 * pd_aws_metric_series_free:
 * @self: (transfer full) (nullable): a series
 *
 * Frees @self.
 */
void
pd_aws_metric_series_free (PdAwsMetricSeries *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->label);
  g_clear_pointer (&self->timestamps, g_array_unref);
  g_clear_pointer (&self->values, g_array_unref);
  g_free (self);
}

static gboolean
read_number (JsonNode   *node,
             const char *where,
             guint       index,
             double     *out,
             GError    **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      *out = g_ascii_strtod (text, &end);
      if (*text != '\0' && end != NULL && *end == '\0' && isfinite (*out))
        return TRUE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && (json_node_get_value_type (node) == G_TYPE_INT64 ||
                                            json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      *out = json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                             : json_node_get_double (node);
      if (isfinite (*out))
        return TRUE;
    }
  g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
               "GetMetricData: the member “%s.Values[%u]” is not a number", where, index);
  return FALSE;
}

static gboolean
read_timestamp (JsonNode   *node,
                const char *where,
                guint       index,
                gint64     *out,
                GError    **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_node_get_string (node),
                                                                NULL);

      if (time != NULL)
        {
          *out = g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000;
          return TRUE;
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && (json_node_get_value_type (node) == G_TYPE_INT64 ||
                                            json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      double seconds = json_node_get_value_type (node) == G_TYPE_INT64
        ? (double) json_node_get_int (node) : json_node_get_double (node);

      if (isfinite (seconds) && seconds >= 0 && seconds < 32503680000.0)
        {
          *out = llround (seconds * 1000.0);
          return TRUE;
        }
    }
  g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
               "GetMetricData: the member “%s.Timestamps[%u]” is not a time", where, index);
  return FALSE;
}

typedef struct
{
  gint64 timestamp;
  double value;
} Point;

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *pa = a, *pb = b;

  return pa->timestamp < pb->timestamp ? -1 : pa->timestamp > pb->timestamp;
}

/**
 * pd_aws_cloudwatch_parse_metric_data:
 * @reply: a GetMetricData answer, or every page of it gathered
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type utf8 PdAwsMetricSeries): the
 *   series by query ID, each sorted oldest first, or %NULL with @error set
 */
GHashTable *
pd_aws_cloudwatch_parse_metric_data (JsonObject  *reply,
                                     GError     **error)
{
  g_autoptr(GHashTable) series = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) pd_aws_metric_series_free);
  g_autoptr(GHashTable) points = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_array_unref);
  JsonArray *results = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (!pd_aws_read_array (reply, NULL, "MetricDataResults", FALSE, &results, error))
    return NULL;
  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      g_autofree char *path = g_strdup_printf ("MetricDataResults[%u].", i);
      g_autofree char *id = NULL;
      g_autofree char *label = NULL;
      g_autofree char *status = NULL;
      JsonObject *object = NULL;
      JsonArray *timestamps = NULL;
      JsonArray *values = NULL;
      PdAwsMetricSeries *one;
      GArray *list;
      guint n;

      if (!pd_aws_read_array_object (results, "", "MetricDataResults", i, &object, error) ||
          !pd_aws_read_string (object, path, "Id", TRUE, &id, error) ||
          !pd_aws_read_string (object, path, "Label", FALSE, &label, error) ||
          !pd_aws_read_string (object, path, "StatusCode", FALSE, &status, error) ||
          !pd_aws_read_array (object, path, "Timestamps", FALSE, &timestamps, error) ||
          !pd_aws_read_array (object, path, "Values", FALSE, &values, error))
        return NULL;
      n = timestamps != NULL ? json_array_get_length (timestamps) : 0;
      if (n != (values != NULL ? json_array_get_length (values) : 0))
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                       "GetMetricData: the query “%s” has %u times but %u values", id, n,
                       values != NULL ? json_array_get_length (values) : 0);
          return NULL;
        }

      one = g_hash_table_lookup (series, id);
      if (one == NULL)
        {
          one = g_new0 (PdAwsMetricSeries, 1);
          one->id = g_steal_pointer (&id);
          one->label = g_steal_pointer (&label);
          one->complete = TRUE;
          one->timestamps = g_array_new (FALSE, FALSE, sizeof (gint64));
          one->values = g_array_new (FALSE, FALSE, sizeof (double));
          g_hash_table_insert (series, one->id, one);
          g_hash_table_insert (points, one->id, g_array_new (FALSE, FALSE, sizeof (Point)));
        }
      /* A page that says PartialData is followed by the rest; only the
       * last word on a query counts. */
      one->complete = status == NULL || g_str_equal (status, "Complete");
      list = g_hash_table_lookup (points, one->id);
      for (guint k = 0; k < n; k++)
        {
          Point point;

          if (!read_timestamp (json_array_get_element (timestamps, k), one->id, k,
                               &point.timestamp, error) ||
              !read_number (json_array_get_element (values, k), one->id, k, &point.value, error))
            return NULL;
          g_array_append_val (list, point);
        }
    }

  g_hash_table_iter_init (&iter, points);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      PdAwsMetricSeries *one = g_hash_table_lookup (series, key);
      GArray *list = value;

      g_array_sort (list, compare_points);
      for (guint k = 0; k < list->len; k++)
        {
          Point *point = &g_array_index (list, Point, k);

          g_array_append_val (one->timestamps, point->timestamp);
          g_array_append_val (one->values, point->value);
        }
    }
  return g_steal_pointer (&series);
}

static char *
format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * pd_aws_cloudwatch_get_metric_data_async:
 * @client: a #PdAwsClient
 * @queries: (element-type PdAwsMetricQuery): at most
 *   %PD_AWS_METRIC_MAX_QUERIES queries
 * @start: the start of the window
 * @end: its end
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every page has arrived
 * @user_data: data for @callback
 *
 * One GetMetricData call (paged by NextToken) for all @queries. Too many
 * queries, a bad query or an empty window fail with
 * %PD_AWS_ERROR_VALIDATION before any request.
 */
void
pd_aws_cloudwatch_get_metric_data_async (PdAwsClient         *client,
                                         GPtrArray           *queries,
                                         GDateTime           *start,
                                         GDateTime           *end,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  JsonArray *list;
  GError *error = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (queries != NULL && start != NULL && end != NULL);

  if (queries->len == 0 || queries->len > PD_AWS_METRIC_MAX_QUERIES)
    {
      g_set_error (&error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                   "GetMetricData: %u queries, where 1 to %d are allowed", queries->len,
                   PD_AWS_METRIC_MAX_QUERIES);
      pd_aws_typed_fail (client, pd_aws_cloudwatch_get_metric_data_async, error, callback,
                         user_data);
      return;
    }
  if (g_date_time_compare (start, end) >= 0)
    {
      g_set_error (&error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                   "GetMetricData: the window ends before it starts");
      pd_aws_typed_fail (client, pd_aws_cloudwatch_get_metric_data_async, error, callback,
                         user_data);
      return;
    }

  list = json_array_new ();
  json_object_set_array_member (input, "MetricDataQueries", list);
  for (guint i = 0; i < queries->len; i++)
    {
      PdAwsMetricQuery *query = g_ptr_array_index (queries, i);
      JsonObject *object, *stat, *metric;
      JsonArray *dimensions;

      if (!pd_aws_metric_query_validate (query, &error) ||
          !g_hash_table_add (ids, query->id))
        {
          if (error == NULL)
            g_set_error (&error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                         "GetMetricData: the query ID “%s” is used twice", query->id);
          pd_aws_typed_fail (client, pd_aws_cloudwatch_get_metric_data_async, error, callback,
                             user_data);
          return;
        }
      object = json_object_new ();
      stat = json_object_new ();
      metric = json_object_new ();
      dimensions = json_array_new ();
      for (guint k = 0; query->dimensions[k] != NULL; k += 2)
        {
          JsonObject *dimension = json_object_new ();

          json_object_set_string_member (dimension, "Name", query->dimensions[k]);
          json_object_set_string_member (dimension, "Value", query->dimensions[k + 1]);
          json_array_add_object_element (dimensions, dimension);
        }
      json_object_set_string_member (metric, "Namespace", query->namespace);
      json_object_set_string_member (metric, "MetricName", query->metric_name);
      json_object_set_array_member (metric, "Dimensions", dimensions);
      json_object_set_object_member (stat, "Metric", metric);
      json_object_set_int_member (stat, "Period", query->period);
      json_object_set_string_member (stat, "Stat", query->stat);
      json_object_set_string_member (object, "Id", query->id);
      json_object_set_object_member (object, "MetricStat", stat);
      json_array_add_object_element (list, object);
    }
  start_text = format_time (start);
  end_text = format_time (end);
  json_object_set_string_member (input, "StartTime", start_text);
  json_object_set_string_member (input, "EndTime", end_text);
  json_object_set_string_member (input, "ScanBy", "TimestampAscending");

  pd_aws_typed_pages_async (client, "cloudwatch", "GetMetricData", input, "MetricDataResults", 0,
                            (PdAwsParseFunc) pd_aws_cloudwatch_parse_metric_data,
                            (GDestroyNotify) g_hash_table_unref,
                            pd_aws_cloudwatch_get_metric_data_async, cancellable, callback,
                            user_data);
}

/**
 * pd_aws_cloudwatch_get_metric_data_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type utf8 PdAwsMetricSeries): the
 *   series by query ID; a query the service had no data for is absent
 */
GHashTable *
pd_aws_cloudwatch_get_metric_data_finish (PdAwsClient   *client,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_cloudwatch_get_metric_data_async,
                                   error);
}
