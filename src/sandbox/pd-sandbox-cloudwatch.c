/* pd-sandbox-cloudwatch.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-sandbox-services-private.h"

/* CloudWatch GetMetricData, in the query form (botocore 1.29, awscli 2.9)
 * and the JSON 1.0 form of newer SDKs; Smithy RPC v2 CBOR is refused with a
 * clear error. The metrics of the To-Do functions and of the API cover the
 * 24 hours before the sandbox started and the time since, and are computed
 * from the seed, minute by minute, so every run sees the same curves. */

#define MINUTE_MS   (60 * 1000LL)
#define HISTORY_MS  (24 * 3600 * 1000LL)
#define MAX_QUERIES 500

typedef struct
{
  PdSandbox *sandbox;
  guint32    seed;
  gint64     anchor_minute;
} CloudWatch;

typedef struct
{
  double sum;
  double count;
  double min;
  double max;
} Sample;

typedef struct
{
  char       *id;
  char       *label;
  char       *namespace;
  char       *metric;
  char       *stat;
  GHashTable *dimensions;
  gint64      period;
  gboolean    return_data;
} Query;

static void
query_free (gpointer data)
{
  Query *query = data;

  g_free (query->id);
  g_free (query->label);
  g_free (query->namespace);
  g_free (query->metric);
  g_free (query->stat);
  g_clear_pointer (&query->dimensions, g_hash_table_unref);
  g_free (query);
}

/* A number in [0, 1) fixed by the seed, the series and the minute. */
static double
noise (CloudWatch *self,
       const char *series,
       const char *what,
       gint64      minute)
{
  guint64 h = pd_sandbox_hash64 (((guint64) self->seed << 32) ^ g_str_hash (series));

  h = pd_sandbox_hash64 (h ^ g_str_hash (what));
  h = pd_sandbox_hash64 (h ^ (guint64) (minute - self->anchor_minute));
  return (h >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct
{
  const char *function;
  double      rate;       /* invocations per minute at the daily peak */
  double      duration;   /* average milliseconds */
} FunctionLoad;

static const FunctionLoad loads[] = {
  { "todos-list", 40, 180 },
  { "todos-get", 25, 60 },
  { "todos-create", 8, 120 },
  { "todos-update", 6, 110 },
  { "todos-delete", 3, 70 },
  { "authorizer", 82, 25 },
};

static double
daily_factor (gint64 minute)
{
  double hour = (double) (minute % 1440) / 60.0;

  /* Busy during European office hours, quiet at night. */
  return 0.55 + 0.45 * sin ((hour - 8.0) / 24.0 * 2 * G_PI);
}

static gboolean
function_minute (CloudWatch         *self,
                 const FunctionLoad *load,
                 gboolean            staging,
                 gint64              minute,
                 double             *invocations,
                 double             *errors,
                 double             *throttles,
                 double             *duration)
{
  g_autofree char *series = g_strdup_printf ("%s%s", load->function, staging ? "-staging" : "");
  double n = load->rate * daily_factor (minute) * (0.75 + 0.5 * noise (self, series, "inv", minute));
  double spike = noise (self, series, "spike", minute);

  if (staging)
    n *= 0.05;
  *invocations = floor (n);
  *errors = floor (*invocations * (spike > 0.985 ? 0.12 : 0.01) +
                   noise (self, series, "err", minute));
  *throttles = *invocations > load->rate * 0.9 && spike > 0.9 ? floor (1 + 3 * spike - 2.7) : 0;
  if (*throttles < 0)
    *throttles = 0;
  *duration = load->duration * (0.85 + 0.3 * noise (self, series, "dur", minute)) *
              (spike > 0.985 ? 3.0 : 1.0);
  return *invocations > 0;
}

static const char *
dimension (GHashTable *dimensions,
           const char *name)
{
  return dimensions != NULL ? g_hash_table_lookup (dimensions, name) : NULL;
}

/* One minute of a series; FALSE if nothing was reported in it. */
static gboolean
sample_minute (CloudWatch *self,
               Query      *query,
               gint64      minute,
               Sample     *out)
{
  double inv, err, thr, dur;

  if (g_strcmp0 (query->namespace, "AWS/Lambda") == 0)
    {
      const char *name = dimension (query->dimensions, "FunctionName");
      gboolean staging = name != NULL && g_str_has_suffix (name, "-staging");
      g_autofree char *base = name != NULL ? g_strdup (name) : NULL;
      const FunctionLoad *load = NULL;

      if (base == NULL || g_hash_table_size (query->dimensions) != 1)
        return FALSE;
      if (staging)
        base[strlen (base) - strlen ("-staging")] = '\0';
      for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
        if (g_str_equal (loads[i].function, base))
          load = &loads[i];
      if (load == NULL || !function_minute (self, load, staging, minute, &inv, &err, &thr, &dur))
        return FALSE;

      if (g_str_equal (query->metric, "Invocations"))
        *out = (Sample) { inv, inv, 1, 1 };
      else if (g_str_equal (query->metric, "Errors"))
        *out = (Sample) { err, inv, 0, err > 0 ? 1 : 0 };
      else if (g_str_equal (query->metric, "Throttles"))
        *out = (Sample) { thr, inv, 0, thr > 0 ? 1 : 0 };
      else if (g_str_equal (query->metric, "Duration"))
        *out = (Sample) { dur * inv, inv, dur * 0.4, dur * 2.5 };
      else if (g_str_equal (query->metric, "ConcurrentExecutions"))
        {
          double c = ceil (inv * dur / 60000.0 * 4);

          *out = (Sample) { c, 1, c, c };
        }
      else
        return FALSE;
      return TRUE;
    }

  if (g_strcmp0 (query->namespace, "AWS/ApiGateway") == 0)
    {
      const char *api = dimension (query->dimensions, "ApiName");
      const char *stage = dimension (query->dimensions, "Stage");
      double count = 0, errors = 0, latency = 0;
      guint expected = 1 + (stage != NULL ? 1 : 0);

      if (g_strcmp0 (api, "todo-list-aws") != 0 || g_hash_table_size (query->dimensions) != expected ||
          (stage != NULL && !g_str_equal (stage, "prod") && !g_str_equal (stage, "staging")))
        return FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
        {
          gboolean staging_too = stage == NULL;

          if (g_str_equal (loads[i].function, "authorizer"))
            continue;
          if (stage == NULL || g_str_equal (stage, "prod"))
            if (function_minute (self, &loads[i], FALSE, minute, &inv, &err, &thr, &dur))
              {
                count += inv + thr;
                errors += err;
                latency += dur * inv;
              }
          if (staging_too || g_strcmp0 (stage, "staging") == 0)
            if (function_minute (self, &loads[i], TRUE, minute, &inv, &err, &thr, &dur))
              {
                count += inv + thr;
                errors += err;
                latency += dur * inv;
              }
        }
      if (count <= 0)
        return FALSE;
      latency = latency / count + 18;

      if (g_str_equal (query->metric, "Count"))
        *out = (Sample) { count, count, 1, 1 };
      else if (g_str_equal (query->metric, "4XXError"))
        {
          double e4 = floor (count * 0.03 * (0.5 + noise (self, "api", "4xx", minute)));

          *out = (Sample) { e4, count, 0, e4 > 0 ? 1 : 0 };
        }
      else if (g_str_equal (query->metric, "5XXError"))
        *out = (Sample) { errors, count, 0, errors > 0 ? 1 : 0 };
      else if (g_str_equal (query->metric, "Latency"))
        *out = (Sample) { latency * count, count, latency * 0.3, latency * 3 };
      else if (g_str_equal (query->metric, "IntegrationLatency"))
        *out = (Sample) { (latency - 15) * count, count, (latency - 15) * 0.3, (latency - 15) * 3 };
      else
        return FALSE;
      return TRUE;
    }

  return FALSE;
}

static gboolean
valid_stat (const char *stat)
{
  if (g_str_equal (stat, "Sum") || g_str_equal (stat, "Average") ||
      g_str_equal (stat, "Minimum") || g_str_equal (stat, "Maximum") ||
      g_str_equal (stat, "SampleCount"))
    return TRUE;
  if (stat[0] == 'p' && g_ascii_isdigit (stat[1]))
    {
      char *end = NULL;
      double p = g_ascii_strtod (stat + 1, &end);

      return *end == '\0' && p >= 0 && p <= 100;
    }
  return FALSE;
}

static double
statistic (const char   *stat,
           const Sample *s)
{
  if (g_str_equal (stat, "Sum"))
    return s->sum;
  if (g_str_equal (stat, "SampleCount"))
    return s->count;
  if (g_str_equal (stat, "Minimum"))
    return s->min;
  if (g_str_equal (stat, "Maximum"))
    return s->max;
  if (g_str_equal (stat, "Average"))
    return s->count > 0 ? s->sum / s->count : 0;
  /* Percentiles: between the average and the maximum. */
  {
    double p = g_ascii_strtod (stat + 1, NULL) / 100.0;
    double average = s->count > 0 ? s->sum / s->count : 0;

    return p <= 0.5 ? s->min + (average - s->min) * p * 2 : average + (s->max - average) * (p - 0.5) * 2;
  }
}

typedef struct
{
  gint64 timestamp_ms;
  double value;
} Point;

/* The datapoints of @query between @start_ms and @end_ms, oldest first. */
static GArray *
compute_points (CloudWatch *self,
                Query      *query,
                gint64      start_ms,
                gint64      end_ms)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (Point));
  gint64 period_ms = query->period * 1000;
  gint64 first_ms = self->anchor_minute * MINUTE_MS - HISTORY_MS;
  gint64 last_ms = pd_sandbox_now_ms (self->sandbox);
  gint64 bucket = (start_ms + period_ms - 1) / period_ms * period_ms;

  for (; bucket < end_ms; bucket += period_ms)
    {
      Sample total = { 0, 0, G_MAXDOUBLE, -G_MAXDOUBLE };
      gboolean any = FALSE;

      if (bucket + period_ms <= first_ms || bucket > last_ms)
        continue;
      for (gint64 m = bucket / MINUTE_MS; m < (bucket + period_ms) / MINUTE_MS; m++)
        {
          Sample s;

          if (m * MINUTE_MS < first_ms || m * MINUTE_MS > last_ms ||
              !sample_minute (self, query, m, &s))
            continue;
          any = TRUE;
          total.sum += s.sum;
          total.count += s.count;
          total.min = MIN (total.min, s.min);
          total.max = MAX (total.max, s.max);
        }
      if (any)
        {
          Point point = { bucket, statistic (query->stat, &total) };

          point.value = round (point.value * 1000.0) / 1000.0;
          g_array_append_val (points, point);
        }
    }

  return points;
}

typedef struct
{
  GPtrArray *queries;
  gint64     start_ms;
  gint64     end_ms;
  const char *next_token;
  const char *scan_by;
  gint64     max_points;
} Input;

/* Checks shared by both forms; replies and returns FALSE on the first
 * problem. */
static gboolean
check_input (PdSandboxRequest *request,
             Input            *input)
{
  const char *code = "ValidationError";

  if (input->queries->len == 0 || input->queries->len > MAX_QUERIES)
    {
      pd_sandbox_request_reply_error (request, 400, code,
                                      "The collection MetricDataQueries must not be empty and "
                                      "must not have more than %d members", MAX_QUERIES);
      return FALSE;
    }
  if (input->start_ms < 0 || input->end_ms < 0)
    {
      pd_sandbox_request_reply_error (request, 400, code,
                                      "The parameters StartTime and EndTime are required and "
                                      "must be timestamps");
      return FALSE;
    }
  if (input->start_ms >= input->end_ms)
    {
      pd_sandbox_request_reply_error (request, 400, code,
                                      "The parameter StartTime must be less than the parameter "
                                      "EndTime.");
      return FALSE;
    }
  if (input->scan_by != NULL && !g_str_equal (input->scan_by, "TimestampDescending") &&
      !g_str_equal (input->scan_by, "TimestampAscending"))
    {
      pd_sandbox_request_reply_error (request, 400, code,
                                      "The value %s for parameter ScanBy is not valid.",
                                      input->scan_by);
      return FALSE;
    }

  for (guint i = 0; i < input->queries->len; i++)
    {
      Query *query = g_ptr_array_index (input->queries, i);
      gboolean id_ok = query->id != NULL && g_ascii_islower (query->id[0]);

      for (const char *p = query->id; id_ok && *p != '\0'; p++)
        id_ok = g_ascii_isalnum (*p) || *p == '_';
      if (!id_ok)
        {
          pd_sandbox_request_reply_error (request, 400, code,
                                          "The value %s for parameter "
                                          "MetricDataQueries.member.%u.Id is not valid.",
                                          query->id != NULL ? query->id : "null", i + 1);
          return FALSE;
        }
      if (query->namespace == NULL || query->metric == NULL || query->stat == NULL)
        {
          pd_sandbox_request_reply_error (request, 400, code,
                                          "The parameter MetricDataQueries.member.%u.MetricStat "
                                          "is required (metric math expressions are not "
                                          "supported by the sandbox).", i + 1);
          return FALSE;
        }
      if (!valid_stat (query->stat))
        {
          pd_sandbox_request_reply_error (request, 400, code,
                                          "The value %s for parameter "
                                          "MetricDataQueries.member.%u.MetricStat.Stat is not "
                                          "valid.", query->stat, i + 1);
          return FALSE;
        }
      if (query->period < 60 || query->period % 60 != 0)
        {
          pd_sandbox_request_reply_error (request, 400, code,
                                          "The parameter MetricDataQueries.member.%u.MetricStat."
                                          "Period must be a multiple of 60 and at least 60.",
                                          i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

static void
reply_invalid_token (PdSandboxRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->message);

  soup_message_headers_replace (headers, "x-amzn-query-error", "InvalidNextToken;Sender");
  pd_sandbox_request_reply_error (request, 400, "InvalidNextToken",
                                  "The service couldn't process your request because the "
                                  "NextToken is not valid.");
}

static void
run_query (CloudWatch       *self,
           PdSandboxRequest *request,
           Input            *input,
           gboolean          json)
{
  gboolean descending = input->scan_by == NULL ||
                        g_str_equal (input->scan_by, "TimestampDescending");
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint64 offset = 0;
  guint64 total = 0;
  guint64 position = 0;
  guint64 end;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *results = json_array_new ();
  g_autoptr(GString) xml = g_string_new ("<MetricDataResults>");

  if (input->next_token != NULL && !pd_sandbox_token_decode (input->next_token, "metricdata",
                                                             &offset))
    {
      json_array_unref (results);
      reply_invalid_token (request);
      return;
    }

  for (guint i = 0; i < input->queries->len; i++)
    {
      Query *query = g_ptr_array_index (input->queries, i);
      GArray *points = compute_points (self, query, input->start_ms, input->end_ms);

      if (!query->return_data)
        g_array_set_size (points, 0);
      total += points->len;
      g_ptr_array_add (all, points);
    }
  if (offset > total)
    {
      json_array_unref (results);
      reply_invalid_token (request);
      return;
    }
  end = MIN (total, offset + (guint64) input->max_points);

  for (guint i = 0; i < input->queries->len; i++)
    {
      Query *query = g_ptr_array_index (input->queries, i);
      GArray *points = g_ptr_array_index (all, i);
      JsonObject *result = json_object_new ();
      JsonArray *timestamps = json_array_new ();
      JsonArray *values = json_array_new ();
      g_autoptr(GString) ts_xml = g_string_new (NULL);
      g_autoptr(GString) values_xml = g_string_new (NULL);
      gboolean complete;

      if (!query->return_data)
        {
          json_array_unref (timestamps);
          json_array_unref (values);
          json_object_unref (result);
          continue;
        }
      for (guint k = 0; k < points->len; k++, position++)
        {
          Point *point = &g_array_index (points, Point,
                                         descending ? points->len - 1 - k : k);
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          if (position < offset || position >= end)
            continue;
          json_array_add_double_element (timestamps, point->timestamp_ms / 1000.0);
          json_array_add_double_element (values, point->value);
          {
            g_autofree char *iso = pd_sandbox_format_iso8601 (point->timestamp_ms);

            pd_sandbox_xml_append (ts_xml, "member", iso);
          }
          pd_sandbox_xml_append (values_xml, "member", g_ascii_dtostr (buf, sizeof buf, point->value));
        }
      complete = position <= end;

      json_object_set_string_member (result, "Id", query->id);
      json_object_set_string_member (result, "Label", query->label);
      json_object_set_array_member (result, "Timestamps", timestamps);
      json_object_set_array_member (result, "Values", values);
      json_object_set_string_member (result, "StatusCode", complete ? "Complete" : "PartialData");
      json_object_set_array_member (result, "Messages", json_array_new ());
      json_array_add_object_element (results, result);

      g_string_append (xml, "<member>");
      pd_sandbox_xml_append (xml, "Id", query->id);
      pd_sandbox_xml_append (xml, "Label", query->label);
      g_string_append_printf (xml, "<Timestamps>%s</Timestamps><Values>%s</Values>",
                              ts_xml->str, values_xml->str);
      pd_sandbox_xml_append (xml, "StatusCode", complete ? "Complete" : "PartialData");
      g_string_append (xml, "<Messages/></member>");
    }
  g_string_append (xml, "</MetricDataResults><Messages/>");

  json_object_set_array_member (reply, "MetricDataResults", results);
  json_object_set_array_member (reply, "Messages", json_array_new ());
  if (end < total)
    {
      g_autofree char *next = pd_sandbox_token_encode ("metricdata", end);

      json_object_set_string_member (reply, "NextToken", next);
      pd_sandbox_xml_append (xml, "NextToken", next);
    }

  if (json)
    pd_sandbox_request_reply_json (request, reply);
  else
    pd_sandbox_request_reply_xml (request, xml->str);
}

static gint64
parse_iso_ms (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return -1;
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    {
      /* botocore may send bare epoch seconds. */
      char *end = NULL;
      double seconds = g_ascii_strtod (text, &end);

      return end != text && *end == '\0' && seconds >= 0 ? (gint64) (seconds * 1000) : -1;
    }
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

static void
get_metric_data_query (PdSandboxRequest *request,
                       gpointer          data)
{
  CloudWatch *self = data;
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (query_free);
  GHashTable *params = request->params;
  const char *max_text = g_hash_table_lookup (params, "MaxDatapoints");
  Input input = { 0, };

  for (guint n = 1; ; n++)
    {
      g_autofree char *prefix = g_strdup_printf ("MetricDataQueries.member.%u.", n);
      g_autofree char *id_key = g_strconcat (prefix, "Id", NULL);
      g_autofree char *label_key = g_strconcat (prefix, "Label", NULL);
      g_autofree char *return_key = g_strconcat (prefix, "ReturnData", NULL);
      g_autofree char *ns_key = g_strconcat (prefix, "MetricStat.Metric.Namespace", NULL);
      g_autofree char *metric_key = g_strconcat (prefix, "MetricStat.Metric.MetricName", NULL);
      g_autofree char *period_key = g_strconcat (prefix, "MetricStat.Period", NULL);
      g_autofree char *stat_key = g_strconcat (prefix, "MetricStat.Stat", NULL);
      g_autofree char *expr_key = g_strconcat (prefix, "Expression", NULL);
      Query *query;

      if (!g_hash_table_contains (params, id_key) && !g_hash_table_contains (params, ns_key) &&
          !g_hash_table_contains (params, expr_key))
        break;

      query = g_new0 (Query, 1);
      query->id = g_strdup (g_hash_table_lookup (params, id_key));
      query->namespace = g_strdup (g_hash_table_lookup (params, ns_key));
      query->metric = g_strdup (g_hash_table_lookup (params, metric_key));
      query->stat = g_strdup (g_hash_table_lookup (params, stat_key));
      query->label = g_strdup (g_hash_table_lookup (params, label_key));
      if (query->label == NULL)
        query->label = g_strdup (query->metric != NULL ? query->metric : "");
      query->period = g_hash_table_contains (params, period_key)
                      ? g_ascii_strtoll (g_hash_table_lookup (params, period_key), NULL, 10) : 0;
      query->return_data = g_strcmp0 (g_hash_table_lookup (params, return_key), "false") != 0;
      query->dimensions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint d = 1; ; d++)
        {
          g_autofree char *name_key = g_strdup_printf ("%sMetricStat.Metric.Dimensions.member."
                                                       "%u.Name", prefix, d);
          g_autofree char *value_key = g_strdup_printf ("%sMetricStat.Metric.Dimensions.member."
                                                        "%u.Value", prefix, d);
          const char *name = g_hash_table_lookup (params, name_key);

          if (name == NULL)
            break;
          g_hash_table_replace (query->dimensions, g_strdup (name),
                                g_strdup (g_hash_table_lookup (params, value_key)));
        }
      g_ptr_array_add (queries, query);
    }

  input.queries = queries;
  input.start_ms = parse_iso_ms (g_hash_table_lookup (params, "StartTime"));
  input.end_ms = parse_iso_ms (g_hash_table_lookup (params, "EndTime"));
  input.next_token = g_hash_table_lookup (params, "NextToken");
  input.scan_by = g_hash_table_lookup (params, "ScanBy");
  input.max_points = max_text != NULL ? g_ascii_strtoll (max_text, NULL, 10) : 100800;
  if (input.max_points <= 0)
    input.max_points = 100800;

  if (!check_input (request, &input))
    return;
  run_query (self, request, &input, FALSE);
}

static gint64
json_time_ms (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return parse_iso_ms (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE ||
      json_node_get_value_type (node) == G_TYPE_INT64)
    return (gint64) (json_node_get_double (node) * 1000);
  return -1;
}

static void
get_metric_data_json (PdSandboxRequest *request,
                      gpointer          data)
{
  CloudWatch *self = data;
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (query_free);
  JsonArray *list;
  Input input = { 0, };

  list = pd_sandbox_request_get_array (request, "MetricDataQueries", TRUE, 1, MAX_QUERIES);
  input.next_token = pd_sandbox_request_get_string (request, "NextToken", FALSE, 0, 4096, NULL);
  input.scan_by = pd_sandbox_request_get_string (request, "ScanBy", FALSE, 0, 64, NULL);
  input.max_points = pd_sandbox_request_get_int (request, "MaxDatapoints", 100800, 1,
                                                 G_MAXINT64);
  if (!pd_sandbox_request_check_valid (request))
    return;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonObject *stat = NULL;
      JsonObject *metric = NULL;
      Query *query = g_new0 (Query, 1);

      query->dimensions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_ptr_array_add (queries, query);
      if (item == NULL)
        continue;
      query->id = g_strdup (json_object_get_string_member_with_default (item, "Id", NULL));
      query->return_data = json_object_get_boolean_member_with_default (item, "ReturnData",
                                                                        TRUE);
      if (json_object_has_member (item, "MetricStat") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (item, "MetricStat")))
        stat = json_object_get_object_member (item, "MetricStat");
      if (stat != NULL && json_object_has_member (stat, "Metric") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (stat, "Metric")))
        metric = json_object_get_object_member (stat, "Metric");
      if (stat != NULL)
        {
          query->stat = g_strdup (json_object_get_string_member_with_default (stat, "Stat",
                                                                              NULL));
          query->period = json_object_get_int_member_with_default (stat, "Period", 0);
        }
      if (metric != NULL)
        {
          JsonNode *dims = json_object_get_member (metric, "Dimensions");

          query->namespace = g_strdup (json_object_get_string_member_with_default (metric,
                                                                                   "Namespace",
                                                                                   NULL));
          query->metric = g_strdup (json_object_get_string_member_with_default (metric,
                                                                                "MetricName",
                                                                                NULL));
          for (guint d = 0; dims != NULL && JSON_NODE_HOLDS_ARRAY (dims) &&
                            d < json_array_get_length (json_node_get_array (dims)); d++)
            {
              JsonNode *dim = json_array_get_element (json_node_get_array (dims), d);
              const char *name, *value;

              if (!JSON_NODE_HOLDS_OBJECT (dim))
                continue;
              name = json_object_get_string_member_with_default (json_node_get_object (dim),
                                                                 "Name", NULL);
              value = json_object_get_string_member_with_default (json_node_get_object (dim),
                                                                  "Value", NULL);
              if (name != NULL && value != NULL)
                g_hash_table_replace (query->dimensions, g_strdup (name), g_strdup (value));
            }
        }
      query->label = g_strdup (json_object_get_string_member_with_default (
                                 item, "Label", query->metric != NULL ? query->metric : ""));
    }

  input.queries = queries;
  input.start_ms = json_time_ms (request->input, "StartTime");
  input.end_ms = json_time_ms (request->input, "EndTime");
  if (!check_input (request, &input))
    return;
  run_query (self, request, &input, TRUE);
}

static void
refuse_cbor (PdSandboxRequest *request,
             gpointer          data)
{
  pd_sandbox_request_reply_error (request, 415, "UnsupportedProtocolException",
                                  "The sandbox serves CloudWatch in the query and JSON 1.0 "
                                  "protocols only; Smithy RPC v2 CBOR is not supported. "
                                  "Configure the client for awsJson1_0 or awsQuery.");
}

static const PdSandboxOperation query_operations[] = {
  { "GetMetricData", NULL, NULL, get_metric_data_query },
};

static const PdSandboxOperation json_operations[] = {
  { "GetMetricData", NULL, NULL, get_metric_data_json },
};

static const PdSandboxOperation cbor_operations[] = {
  { "SmithyRpcV2Cbor", "POST", "/service/{service}/operation/{operation}", refuse_cbor },
};

static const PdSandboxServiceInfo query_info = {
  .signing_name = "monitoring",
  .protocol = PD_SANDBOX_PROTOCOL_QUERY,
  .api_version = "2010-08-01",
  .xml_namespace = "http://monitoring.amazonaws.com/doc/2010-08-01/",
  .validation_code = "ValidationError",
  .fault_name = "monitoring",
  .operations = query_operations,
  .n_operations = G_N_ELEMENTS (query_operations),
};

static const PdSandboxServiceInfo json_info = {
  .signing_name = "monitoring",
  .protocol = PD_SANDBOX_PROTOCOL_JSON,
  .json_version = "1.0",
  .target_prefix = "GraniteServiceVersion20100801",
  .validation_code = "ValidationError",
  .fault_name = "monitoring",
  .operations = json_operations,
  .n_operations = G_N_ELEMENTS (json_operations),
};

static const PdSandboxServiceInfo cbor_info = {
  .signing_name = "monitoring",
  .protocol = PD_SANDBOX_PROTOCOL_REST_JSON,
  .validation_code = "ValidationError",
  .fault_name = "monitoring",
  .operations = cbor_operations,
  .n_operations = G_N_ELEMENTS (cbor_operations),
};

void
pd_sandbox_cloudwatch_register (PdSandbox *sandbox)
{
  CloudWatch *self = g_new0 (CloudWatch, 1);

  self->sandbox = sandbox;
  self->seed = pd_sandbox_get_seed (sandbox);
  self->anchor_minute = pd_sandbox_now_ms (sandbox) / MINUTE_MS;

  /* One state, three protocol entries; the first owns it. */
  pd_sandbox_register_service (sandbox, &query_info, self, g_free);
  pd_sandbox_register_service (sandbox, &json_info, self, NULL);
  pd_sandbox_register_service (sandbox, &cbor_info, self, NULL);
}
