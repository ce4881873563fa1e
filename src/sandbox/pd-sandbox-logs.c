/* pd-sandbox-logs.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pd-sandbox-cicd-private.h"

/* AWS caps one page of log events at 1 MB, counting 26 bytes per event. */
#define PAGE_BYTES      1048576
#define EVENT_OVERHEAD  26
#define DEFAULT_LIMIT   10000

typedef struct
{
  char                     *name;
  gint64                    creation_time;
  GArray                   *events;
  const PdSandboxLogSource *source;
  gpointer                  source_data;
} LogStream;

typedef struct
{
  char       *name;
  gint64      creation_time;
  GPtrArray  *streams;
  GHashTable *by_name;
} LogGroup;

typedef struct
{
  PdSandbox  *sandbox;
  GPtrArray  *groups;
  GHashTable *by_name;
  /* Simulated ms a build's log line takes to become readable */
  gint64      ingestion_lag;
} Logs;

static void
event_clear (gpointer data)
{
  PdSandboxLogEvent *event = data;

  g_free (event->message);
}

static void
stream_free (gpointer data)
{
  LogStream *stream = data;

  g_free (stream->name);
  g_clear_pointer (&stream->events, g_array_unref);
  g_free (stream);
}

static void
group_free (gpointer data)
{
  LogGroup *group = data;

  g_free (group->name);
  g_hash_table_unref (group->by_name);
  g_ptr_array_unref (group->streams);
  g_free (group);
}

static void
logs_free (gpointer data)
{
  Logs *self = data;

  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->groups);
  g_free (self);
}

static Logs *
get_logs (PdSandbox *sandbox)
{
  return pd_sandbox_get_service_data (sandbox, "logs");
}

/* What the readers see: lines written by a build become readable only once
 * CloudWatch has ingested them. */
static gint64
visible_now_ms (PdSandbox *sandbox)
{
  return pd_sandbox_now_ms (sandbox) - get_logs (sandbox)->ingestion_lag;
}

void
pd_sandbox_logs_set_ingestion_lag (PdSandbox *sandbox,
                                   gint64     lag_ms)
{
  get_logs (sandbox)->ingestion_lag = MAX (lag_ms, 0);
}

static LogGroup *
ensure_group (Logs       *self,
              const char *name,
              gint64      creation_time)
{
  LogGroup *group = g_hash_table_lookup (self->by_name, name);

  if (group == NULL)
    {
      group = g_new0 (LogGroup, 1);
      group->name = g_strdup (name);
      group->creation_time = creation_time;
      group->streams = g_ptr_array_new_with_free_func (stream_free);
      group->by_name = g_hash_table_new (g_str_hash, g_str_equal);
      g_ptr_array_add (self->groups, group);
      g_hash_table_insert (self->by_name, group->name, group);
    }
  return group;
}

static LogStream *
ensure_stream (LogGroup   *group,
               const char *name,
               gint64      creation_time)
{
  LogStream *stream = g_hash_table_lookup (group->by_name, name);

  if (stream == NULL)
    {
      stream = g_new0 (LogStream, 1);
      stream->name = g_strdup (name);
      stream->creation_time = creation_time;
      g_ptr_array_add (group->streams, stream);
      g_hash_table_insert (group->by_name, stream->name, stream);
    }
  return stream;
}

void
pd_sandbox_logs_append (PdSandbox  *sandbox,
                        const char *group_name,
                        const char *stream_name,
                        gint64      timestamp,
                        const char *message)
{
  Logs *self = get_logs (sandbox);
  LogStream *stream = ensure_stream (ensure_group (self, group_name, timestamp),
                                     stream_name, timestamp);
  PdSandboxLogEvent event;

  if (stream->events == NULL)
    {
      stream->events = g_array_new (FALSE, FALSE, sizeof (PdSandboxLogEvent));
      g_array_set_clear_func (stream->events, event_clear);
    }
  event.timestamp = timestamp;
  event.ingestion_time = MAX (timestamp, pd_sandbox_now_ms (sandbox));
  event.message = g_strdup (message);
  g_array_append_val (stream->events, event);
}

void
pd_sandbox_logs_add_source (PdSandbox                *sandbox,
                            const char               *group_name,
                            const char               *stream_name,
                            gint64                    creation_time,
                            const PdSandboxLogSource *source,
                            gpointer                  data)
{
  Logs *self = get_logs (sandbox);
  LogStream *stream = ensure_stream (ensure_group (self, group_name, creation_time),
                                     stream_name, creation_time);

  stream->source = source;
  stream->source_data = data;
}

static guint64
stream_count (LogStream *stream,
              gint64     now_ms)
{
  if (stream->source != NULL)
    return stream->source->count (stream->source_data, now_ms);
  return stream->events != NULL ? stream->events->len : 0;
}

static void
stream_get (LogStream *stream,
            guint64    index,
            gint64    *timestamp,
            gint64    *ingestion_time,
            GString   *message)
{
  if (stream->source != NULL)
    {
      stream->source->get (stream->source_data, index, timestamp, ingestion_time, message);
      return;
    }
  {
    PdSandboxLogEvent *event = &g_array_index (stream->events, PdSandboxLogEvent, index);

    *timestamp = event->timestamp;
    *ingestion_time = event->ingestion_time;
    g_string_append (message, event->message);
  }
}

static gint64
stream_timestamp (LogStream *stream,
                  guint64    index)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  gint64 ts = 0, ingest = 0;

  stream_get (stream, index, &ts, &ingest, scratch);
  return ts;
}

/* First index in [0, n) whose timestamp is >= @ts (events are in order). */
static guint64
lower_bound (LogStream *stream,
             guint64    n,
             gint64     ts)
{
  guint64 lo = 0, hi = n;

  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;

      if (stream_timestamp (stream, mid) < ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static LogGroup *
lookup_group (PdSandboxRequest *request,
              Logs             *self,
              const char       *name)
{
  LogGroup *group = g_hash_table_lookup (self->by_name, name);

  if (group == NULL)
    pd_sandbox_request_reply_error (request, 400, "ResourceNotFoundException",
                                    "The specified log group does not exist.");
  return group;
}

static const char *
group_name_member (PdSandboxRequest *request)
{
  const char *name = pd_sandbox_request_get_string (request, "logGroupName", FALSE, 1, 512,
                                                    "[\\.\\-_/#A-Za-z0-9]+");
  const char *identifier = pd_sandbox_request_get_string (request, "logGroupIdentifier", FALSE,
                                                          1, 2048, NULL);

  if (name != NULL && identifier != NULL)
    {
      pd_sandbox_request_add_validation (request,
                                         "Value at 'logGroupIdentifier' failed to satisfy "
                                         "constraint: LogGroupName and LogGroupIdentifier are "
                                         "mutually exclusive");
      return NULL;
    }
  if (identifier != NULL)
    {
      const char *colon = strstr (identifier, ":log-group:");

      if (colon != NULL)
        {
          /* An ARN: keep the name part (the request owns the input). */
          g_autofree char *tail = g_strdup (colon + strlen (":log-group:"));
          char *star = strstr (tail, ":*");

          if (star != NULL)
            *star = '\0';
          json_object_set_string_member (request->input, "logGroupName", tail);
          return json_object_get_string_member (request->input, "logGroupName");
        }
      return identifier;
    }
  if (name == NULL
      && !json_object_has_member (request->input, "logGroupName"))
    pd_sandbox_request_add_validation (request,
                                       "Value null at 'logGroupName' failed to satisfy "
                                       "constraint: Member must not be null");
  return name;
}

static gboolean
parse_log_token (const char *token,
                 char        direction,
                 guint64    *position)
{
  char *end = NULL;

  if (token == NULL || strlen (token) < 3 || token[0] != direction || token[1] != '/')
    return FALSE;
  if (!g_ascii_isdigit (token[2]))
    return FALSE;
  *position = g_ascii_strtoull (token + 2, &end, 10);
  return end != NULL && g_str_equal (end, "/s");
}

static char *
make_log_token (char    direction,
                guint64 position)
{
  return g_strdup_printf ("%c/%020" G_GUINT64_FORMAT "/s", direction, position);
}

static JsonObject *
event_object (LogStream *stream,
              guint64    index,
              gsize     *bytes)
{
  g_autoptr(GString) message = g_string_new (NULL);
  JsonObject *object = json_object_new ();
  gint64 ts = 0, ingest = 0;

  stream_get (stream, index, &ts, &ingest, message);
  json_object_set_int_member (object, "timestamp", ts);
  json_object_set_string_member (object, "message", message->str);
  json_object_set_int_member (object, "ingestionTime", ingest);
  *bytes = message->len + EVENT_OVERHEAD;
  return object;
}

static void
get_log_events (PdSandboxRequest *request,
                gpointer          data)
{
  Logs *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autofree char *forward = NULL;
  g_autofree char *backward = NULL;
  const char *group_name, *stream_name, *token;
  JsonArray *events;
  LogGroup *group;
  LogStream *stream;
  gboolean from_head;
  gint64 limit, start_time, end_time;
  guint64 n, lo, hi, first, last, position = 0;
  gsize total = 0;
  gboolean backwards = FALSE;

  group_name = group_name_member (request);
  stream_name = pd_sandbox_request_get_string (request, "logStreamName", TRUE, 1, 512,
                                               "[^:*]*");
  token = pd_sandbox_request_get_string (request, "nextToken", FALSE, 1, 0, NULL);
  limit = pd_sandbox_request_get_int (request, "limit", DEFAULT_LIMIT, 1, 10000);
  start_time = pd_sandbox_request_get_int (request, "startTime", 0, 0, G_MAXINT64);
  end_time = pd_sandbox_request_get_int (request, "endTime", G_MAXINT64, 0, G_MAXINT64);
  from_head = pd_sandbox_request_get_bool (request, "startFromHead", FALSE);
  if (!pd_sandbox_request_check_valid (request))
    return;

  group = lookup_group (request, self, group_name);
  if (group == NULL)
    return;
  stream = g_hash_table_lookup (group->by_name, stream_name);
  if (stream == NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "ResourceNotFoundException",
                                      "The specified log stream does not exist.");
      return;
    }

  if (token != NULL)
    {
      if (parse_log_token (token, 'f', &position))
        backwards = FALSE;
      else if (parse_log_token (token, 'b', &position))
        backwards = TRUE;
      else
        {
          pd_sandbox_request_reply_error (request, 400, "InvalidParameterException",
                                          "The specified nextToken is invalid.");
          return;
        }
    }
  else
    backwards = !from_head;

  n = stream_count (stream, visible_now_ms (request->sandbox));
  lo = start_time > 0 ? lower_bound (stream, n, start_time) : 0;
  hi = end_time < G_MAXINT64 ? lower_bound (stream, n, end_time) : n;
  if (hi < lo)
    hi = lo;

  events = json_array_new ();
  if (!backwards)
    {
      first = token != NULL ? CLAMP (position, lo, hi) : lo;
      last = first;
      while (last < hi && last - first < (guint64) limit)
        {
          gsize bytes = 0;
          JsonObject *event = event_object (stream, last, &bytes);

          if (total + bytes > PAGE_BYTES && last > first)
            {
              json_object_unref (event);
              break;
            }
          total += bytes;
          json_array_add_object_element (events, event);
          last++;
        }
    }
  else
    {
      g_autoptr(GPtrArray) reversed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      last = token != NULL ? CLAMP (position, lo, hi) : hi;
      first = last;
      while (first > lo && last - first < (guint64) limit)
        {
          gsize bytes = 0;
          JsonObject *event = event_object (stream, first - 1, &bytes);

          if (total + bytes > PAGE_BYTES && first < last)
            {
              json_object_unref (event);
              break;
            }
          total += bytes;
          g_ptr_array_add (reversed, event);
          first--;
        }
      for (guint i = reversed->len; i > 0; i--)
        json_array_add_object_element (events,
                                       json_object_ref (g_ptr_array_index (reversed, i - 1)));
    }

  forward = make_log_token ('f', last);
  backward = make_log_token ('b', first);
  json_object_set_array_member (reply, "events", events);
  json_object_set_string_member (reply, "nextForwardToken", forward);
  json_object_set_string_member (reply, "nextBackwardToken", backward);
  pd_sandbox_request_reply_json (request, reply);
}

/* filterPattern: plain terms must all appear, "quoted phrases" appear
 * verbatim, and ?terms are alternatives of which one must appear. Matching
 * is case-sensitive, as in CloudWatch Logs. */
typedef struct
{
  GPtrArray *required;
  GPtrArray *any;
} Pattern;

static void
pattern_clear (Pattern *pattern)
{
  g_clear_pointer (&pattern->required, g_ptr_array_unref);
  g_clear_pointer (&pattern->any, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pattern, pattern_clear)

static gboolean
pattern_parse (const char  *text,
               Pattern     *pattern,
               char       **error_message)
{
  const char *p = text;

  pattern->required = g_ptr_array_new_with_free_func (g_free);
  pattern->any = g_ptr_array_new_with_free_func (g_free);

  while (*p != '\0')
    {
      gboolean optional = FALSE;
      g_autofree char *term = NULL;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        break;
      if (*p == '?')
        {
          optional = TRUE;
          p++;
        }
      if (*p == '"')
        {
          const char *end = strchr (p + 1, '"');

          if (end == NULL)
            {
              *error_message = g_strdup ("Invalid filter pattern: unterminated quoted phrase");
              return FALSE;
            }
          term = g_strndup (p + 1, end - p - 1);
          p = end + 1;
        }
      else if (*p == '{' || *p == '[')
        {
          *error_message = g_strdup_printf ("Invalid filter pattern: JSON and space-delimited "
                                            "patterns are not supported by this endpoint: %s",
                                            p);
          return FALSE;
        }
      else
        {
          gsize len = strcspn (p, " \t");

          term = g_strndup (p, len);
          p += len;
        }
      if (*term == '\0')
        continue;
      g_ptr_array_add (optional ? pattern->any : pattern->required, g_steal_pointer (&term));
    }
  return TRUE;
}

static gboolean
pattern_match (Pattern    *pattern,
               const char *message)
{
  for (guint i = 0; i < pattern->required->len; i++)
    if (strstr (message, g_ptr_array_index (pattern->required, i)) == NULL)
      return FALSE;
  if (pattern->any->len == 0)
    return TRUE;
  for (guint i = 0; i < pattern->any->len; i++)
    if (strstr (message, g_ptr_array_index (pattern->any, i)) != NULL)
      return TRUE;
  return FALSE;
}

static gint
compare_stream_names (gconstpointer a,
                      gconstpointer b)
{
  const LogStream *sa = *(LogStream **) a;
  const LogStream *sb = *(LogStream **) b;

  return strcmp (sa->name, sb->name);
}

static void
filter_log_events (PdSandboxRequest *request,
                   gpointer          data)
{
  Logs *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(GPtrArray) streams = g_ptr_array_new ();
  g_auto(Pattern) pattern = { NULL, NULL };
  g_autofree char *pattern_error = NULL;
  const char *group_name, *prefix, *token, *filter;
  JsonArray *names, *events, *searched;
  LogGroup *group;
  gint64 limit, start_time, end_time, now;
  guint64 position = 0, stream_index, event_index, returned = 0;
  gsize total = 0;
  gboolean more = FALSE;

  group_name = group_name_member (request);
  names = pd_sandbox_request_get_array (request, "logStreamNames", FALSE, 1, 100);
  prefix = pd_sandbox_request_get_string (request, "logStreamNamePrefix", FALSE, 1, 512, NULL);
  token = pd_sandbox_request_get_string (request, "nextToken", FALSE, 1, 0, NULL);
  filter = pd_sandbox_request_get_string (request, "filterPattern", FALSE, 0, 1024, NULL);
  limit = pd_sandbox_request_get_int (request, "limit", DEFAULT_LIMIT, 1, 10000);
  start_time = pd_sandbox_request_get_int (request, "startTime", 0, 0, G_MAXINT64);
  end_time = pd_sandbox_request_get_int (request, "endTime", G_MAXINT64, 0, G_MAXINT64);
  if (!pd_sandbox_request_check_valid (request))
    return;

  if (names != NULL && prefix != NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidParameterException",
                                      "logStreamNames and logStreamNamePrefix are mutually "
                                      "exclusive");
      return;
    }
  if (!pattern_parse (filter != NULL ? filter : "", &pattern, &pattern_error))
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidParameterException", "%s",
                                      pattern_error);
      return;
    }

  group = lookup_group (request, self, group_name);
  if (group == NULL)
    return;

  for (guint i = 0; i < group->streams->len; i++)
    {
      LogStream *stream = g_ptr_array_index (group->streams, i);

      if (prefix != NULL && !g_str_has_prefix (stream->name, prefix))
        continue;
      if (names != NULL)
        {
          gboolean listed = FALSE;

          for (guint j = 0; j < json_array_get_length (names); j++)
            if (g_strcmp0 (json_array_get_string_element (names, j), stream->name) == 0)
              listed = TRUE;
          if (!listed)
            continue;
        }
      g_ptr_array_add (streams, stream);
    }
  g_ptr_array_sort (streams, compare_stream_names);

  /* The token packs the stream index (high 24 bits) and the event index. */
  if (token != NULL)
    {
      if (!pd_sandbox_token_decode (token, "filter", &position))
        {
          pd_sandbox_request_reply_error (request, 400, "InvalidParameterException",
                                          "The specified nextToken is invalid.");
          return;
        }
    }
  stream_index = position >> 40;
  event_index = position & ((G_GUINT64_CONSTANT (1) << 40) - 1);

  now = visible_now_ms (request->sandbox);
  events = json_array_new ();
  searched = json_array_new ();
  for (; stream_index < streams->len && !more; stream_index++, event_index = 0)
    {
      LogStream *stream = g_ptr_array_index (streams, stream_index);
      g_autoptr(GString) message = g_string_new (NULL);
      guint64 n = stream_count (stream, now);
      guint64 hi = end_time < G_MAXINT64 ? lower_bound (stream, n, end_time + 1) : n;
      guint64 i = MAX (event_index, start_time > 0 ? lower_bound (stream, n, start_time) : 0);
      JsonObject *entry;

      for (; i < hi; i++)
        {
          gint64 ts = 0, ingest = 0;

          if (returned >= (guint64) limit || total >= PAGE_BYTES)
            {
              more = TRUE;
              break;
            }
          g_string_truncate (message, 0);
          stream_get (stream, i, &ts, &ingest, message);
          if (pattern_match (&pattern, message->str))
            {
              JsonObject *event = json_object_new ();
              g_autofree char *event_id = g_strdup_printf ("%020" G_GUINT64_FORMAT "%06"
                                                           G_GUINT64_FORMAT "%012"
                                                           G_GUINT64_FORMAT,
                                                           (guint64) ts, stream_index, i);

              json_object_set_string_member (event, "logStreamName", stream->name);
              json_object_set_int_member (event, "timestamp", ts);
              json_object_set_string_member (event, "message", message->str);
              json_object_set_int_member (event, "ingestionTime", ingest);
              json_object_set_string_member (event, "eventId", event_id);
              json_array_add_object_element (events, event);
              returned++;
              total += message->len + EVENT_OVERHEAD;
            }
        }

      entry = json_object_new ();
      json_object_set_string_member (entry, "logStreamName", stream->name);
      json_object_set_boolean_member (entry, "searchedCompletely", !more);
      json_array_add_object_element (searched, entry);

      if (more)
        {
          g_autofree char *next = pd_sandbox_token_encode ("filter", (stream_index << 40) | i);

          json_object_set_string_member (reply, "nextToken", next);
        }
    }

  json_object_set_array_member (reply, "events", events);
  json_object_set_array_member (reply, "searchedLogStreams", searched);
  pd_sandbox_request_reply_json (request, reply);
}

static gint64
stream_last_event (LogStream *stream,
                   gint64     now,
                   gint64    *first,
                   gint64    *last_ingestion,
                   guint64   *stored_bytes)
{
  guint64 n = stream_count (stream, now);
  g_autoptr(GString) message = g_string_new (NULL);
  gint64 ts = 0, ingest = 0;

  *first = 0;
  *last_ingestion = 0;
  *stored_bytes = 0;
  if (n == 0)
    return 0;
  stream_get (stream, 0, first, &ingest, message);
  g_string_truncate (message, 0);
  stream_get (stream, n - 1, &ts, last_ingestion, message);
  /* An estimate from the last line's size: exact totals would mean
   * producing every line of a generated log. */
  *stored_bytes = n * (message->len + EVENT_OVERHEAD);
  return ts;
}

typedef struct
{
  LogStream *stream;
  gint64     last;
} SortedStream;

static gint
compare_sorted_by_time (gconstpointer a,
                        gconstpointer b)
{
  const SortedStream *sa = a;
  const SortedStream *sb = b;

  if (sa->last != sb->last)
    return sa->last < sb->last ? -1 : 1;
  return strcmp (sa->stream->name, sb->stream->name);
}

static gint
compare_sorted_by_name (gconstpointer a,
                        gconstpointer b)
{
  const SortedStream *sa = a;
  const SortedStream *sb = b;

  return strcmp (sa->stream->name, sb->stream->name);
}

static void
describe_log_streams (PdSandboxRequest *request,
                      gpointer          data)
{
  static const char * const orders[] = { "LogStreamName", "LastEventTime", NULL };
  Logs *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (SortedStream));
  const char *group_name, *prefix, *order, *token;
  JsonArray *items;
  LogGroup *group;
  gboolean descending;
  gint64 limit, now;
  guint64 start = 0;

  group_name = group_name_member (request);
  prefix = pd_sandbox_request_get_string (request, "logStreamNamePrefix", FALSE, 1, 512, NULL);
  order = pd_sandbox_request_get_enum (request, "orderBy", FALSE, orders);
  descending = pd_sandbox_request_get_bool (request, "descending", FALSE);
  token = pd_sandbox_request_get_string (request, "nextToken", FALSE, 1, 0, NULL);
  limit = pd_sandbox_request_get_int (request, "limit", 50, 1, 50);
  if (!pd_sandbox_request_check_valid (request))
    return;

  if (prefix != NULL && g_strcmp0 (order, "LastEventTime") == 0)
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidParameterException",
                                      "Cannot order by LastEventTime with a logStreamNamePrefix.");
      return;
    }
  if (token != NULL && !pd_sandbox_token_decode (token, "streams", &start))
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidParameterException",
                                      "The specified nextToken is invalid.");
      return;
    }
  group = lookup_group (request, self, group_name);
  if (group == NULL)
    return;

  now = visible_now_ms (request->sandbox);
  for (guint i = 0; i < group->streams->len; i++)
    {
      LogStream *stream = g_ptr_array_index (group->streams, i);
      SortedStream entry = { stream, 0 };
      gint64 first, ingestion;
      guint64 bytes;

      if (prefix != NULL && !g_str_has_prefix (stream->name, prefix))
        continue;
      if (stream->creation_time > now)
        continue;
      entry.last = stream_last_event (stream, now, &first, &ingestion, &bytes);
      g_array_append_val (sorted, entry);
    }
  g_array_sort (sorted, g_strcmp0 (order, "LastEventTime") == 0
                        ? compare_sorted_by_time : compare_sorted_by_name);

  items = json_array_new ();
  for (guint64 k = start; k < sorted->len && k < start + (guint64) limit; k++)
    {
      guint64 idx = descending ? sorted->len - 1 - k : k;
      SortedStream *entry = &g_array_index (sorted, SortedStream, idx);
      JsonObject *item = json_object_new ();
      g_autofree char *arn = NULL;
      gint64 first, ingestion, last;
      guint64 bytes;

      last = stream_last_event (entry->stream, now, &first, &ingestion, &bytes);
      arn = g_strdup_printf ("arn:aws:logs:%s:%s:log-group:%s:log-stream:%s",
                             pd_sandbox_get_region (request->sandbox),
                             pd_sandbox_get_account_id (request->sandbox),
                             group->name, entry->stream->name);
      json_object_set_string_member (item, "logStreamName", entry->stream->name);
      json_object_set_int_member (item, "creationTime", entry->stream->creation_time);
      if (last != 0)
        {
          json_object_set_int_member (item, "firstEventTimestamp", first);
          json_object_set_int_member (item, "lastEventTimestamp", last);
          json_object_set_int_member (item, "lastIngestionTime", ingestion);
        }
      json_object_set_string_member (item, "arn", arn);
      json_object_set_int_member (item, "storedBytes", 0);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (reply, "logStreams", items);
  if (start + (guint64) limit < sorted->len)
    {
      g_autofree char *next = pd_sandbox_token_encode ("streams", start + limit);

      json_object_set_string_member (reply, "nextToken", next);
    }
  pd_sandbox_request_reply_json (request, reply);
}

static const PdSandboxOperation logs_operations[] = {
  { "GetLogEvents", NULL, NULL, get_log_events },
  { "FilterLogEvents", NULL, NULL, filter_log_events },
  { "DescribeLogStreams", NULL, NULL, describe_log_streams },
};

static const PdSandboxServiceInfo logs_info = {
  .signing_name = "logs",
  .protocol = PD_SANDBOX_PROTOCOL_JSON,
  .json_version = "1.1",
  .target_prefix = "Logs_20140328",
  .error_namespace = "com.amazonaws.logs",
  .validation_code = "InvalidParameterException",
  .fault_name = "logs",
  .operations = logs_operations,
  .n_operations = G_N_ELEMENTS (logs_operations),
};

void
pd_sandbox_logs_register (PdSandbox *sandbox)
{
  Logs *self = g_new0 (Logs, 1);

  self->sandbox = sandbox;
  self->groups = g_ptr_array_new_with_free_func (group_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  pd_sandbox_register_service (sandbox, &logs_info, self, logs_free);
}
