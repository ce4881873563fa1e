/* pd-aws-logs.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"
#include "pd-aws-logs.h"
#include "pd-aws-protocol.h"
#include "pd-aws-typed-private.h"

G_DEFINE_BOXED_TYPE (PdAwsLogPage, pd_aws_log_page, pd_aws_log_page_ref, pd_aws_log_page_unref)
G_DEFINE_BOXED_TYPE (PdAwsLogStream, pd_aws_log_stream, pd_aws_log_stream_copy,
                     pd_aws_log_stream_free)
G_DEFINE_BOXED_TYPE (PdAwsBuildLogs, pd_aws_build_logs, pd_aws_build_logs_copy,
                     pd_aws_build_logs_free)

/**
 * pd_aws_log_page_new:
 *
 * Creates an empty page, for tests and for callers that build pages from
 * other sources.
 *
 * Returns: (transfer full): a new page
 */
PdAwsLogPage *
pd_aws_log_page_new (void)
{
  PdAwsLogPage *self = g_new0 (PdAwsLogPage, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->events = g_array_new (FALSE, FALSE, sizeof (PdAwsLogEvent));
  self->messages = g_byte_array_new ();
  self->stream_names = g_ptr_array_new_with_free_func (g_free);
  return self;
}

/**
 * pd_aws_log_page_ref:
 * @self: a page
 *
 * Returns: (transfer full): @self
 */
PdAwsLogPage *
pd_aws_log_page_ref (PdAwsLogPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * pd_aws_log_page_unref:
 * @self: (transfer full): a page
 *
 * Drops a reference; the last one frees the page.
 */
void
pd_aws_log_page_unref (PdAwsLogPage *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_array_unref (self->events);
  g_byte_array_unref (self->messages);
  g_ptr_array_unref (self->stream_names);
  g_free (self->next_forward_token);
  g_free (self->next_backward_token);
  g_free (self->next_token);
  g_free (self);
}

/**
 * pd_aws_log_page_add_event:
 * @self: a page being built
 * @timestamp: the event time, in milliseconds
 * @ingestion_time: the ingestion time, in milliseconds
 * @message: (array length=length): the message bytes, any bytes at all
 * @length: the length of @message
 *
 * Appends an event to a page.
 */
void
pd_aws_log_page_add_event (PdAwsLogPage *self,
                           gint64        timestamp,
                           gint64        ingestion_time,
                           const char   *message,
                           gsize         length)
{
  PdAwsLogEvent event = { timestamp, ingestion_time, 0, 0, 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (message != NULL || length == 0);
  g_return_if_fail (self->messages->len + (guint64) length < G_MAXUINT32);

  event.offset = self->messages->len;
  event.length = (guint32) length;
  if (length > 0)
    g_byte_array_append (self->messages, (const guint8 *) message, (guint) length);
  g_array_append_val (self->events, event);
}

/**
 * pd_aws_log_page_get_n_events:
 * @self: a page
 *
 * Returns: the number of events in @self
 */
guint
pd_aws_log_page_get_n_events (PdAwsLogPage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->events->len;
}

/**
 * pd_aws_log_page_get_message:
 * @self: a page
 * @index: an event index
 * @length: (out): the message length in bytes
 *
 * Returns: (transfer none): the message bytes of event @index, not
 *   nul-terminated
 */
const char *
pd_aws_log_page_get_message (PdAwsLogPage *self,
                             guint         index,
                             gsize        *length)
{
  PdAwsLogEvent *event;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->events->len, NULL);

  event = &g_array_index (self->events, PdAwsLogEvent, index);
  *length = event->length;
  return (const char *) self->messages->data + event->offset;
}

/**
 * pd_aws_log_stream_copy:
 * @self: a stream
 *
 * Returns: (transfer full): a copy of @self
 */
PdAwsLogStream *
pd_aws_log_stream_copy (const PdAwsLogStream *self)
{
  PdAwsLogStream *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->name = g_strdup (self->name);
  return copy;
}

/**
 * pd_aws_log_stream_free:
 * @self: (transfer full): a stream
 *
 * Frees @self.
 */
void
pd_aws_log_stream_free (PdAwsLogStream *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}

static void
phase_clear (gpointer data)
{
  PdAwsBuildPhase *phase = data;

  g_free (phase->type);
}

static PdAwsBuildLogs *
build_logs_new (void)
{
  PdAwsBuildLogs *self = g_new0 (PdAwsBuildLogs, 1);

  self->phases = g_array_new (FALSE, TRUE, sizeof (PdAwsBuildPhase));
  g_array_set_clear_func (self->phases, phase_clear);
  return self;
}

/**
 * pd_aws_build_logs_copy:
 * @self: a build's log description
 *
 * Returns: (transfer full): a copy of @self
 */
PdAwsBuildLogs *
pd_aws_build_logs_copy (const PdAwsBuildLogs *self)
{
  PdAwsBuildLogs *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = build_logs_new ();
  copy->id = g_strdup (self->id);
  copy->status = self->status;
  copy->complete = self->complete;
  copy->group_name = g_strdup (self->group_name);
  copy->stream_name = g_strdup (self->stream_name);
  copy->deep_link = g_strdup (self->deep_link);
  for (guint i = 0; i < self->phases->len; i++)
    {
      PdAwsBuildPhase phase = g_array_index (self->phases, PdAwsBuildPhase, i);

      phase.type = g_strdup (phase.type);
      g_array_append_val (copy->phases, phase);
    }
  return copy;
}

/**
 * pd_aws_build_logs_free:
 * @self: (transfer full): a build's log description
 *
 * Frees @self.
 */
void
pd_aws_build_logs_free (PdAwsBuildLogs *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->group_name);
  g_free (self->stream_name);
  g_free (self->deep_link);
  g_array_unref (self->phases);
  g_free (self);
}

/**
 * pd_aws_build_status_from_string:
 * @text: (nullable): a CodeBuild status (`SUCCEEDED`, `IN_PROGRESS`…)
 *
 * Returns: the status, %PD_AWS_BUILD_STATUS_UNKNOWN for anything else
 */
PdAwsBuildStatus
pd_aws_build_status_from_string (const char *text)
{
  static const char * const names[] = {
    "", "IN_PROGRESS", "SUCCEEDED", "FAILED", "FAULT", "TIMED_OUT", "STOPPED",
  };

  if (text == NULL)
    return PD_AWS_BUILD_STATUS_UNKNOWN;
  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      return (PdAwsBuildStatus) i;
  return PD_AWS_BUILD_STATUS_UNKNOWN;
}

/* Numbers arrive as integers (Logs: milliseconds) or as fractional epoch
 * seconds (CodeBuild); anything else is 0. */
static double
get_number (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return 0;
    }
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Turns the "events" of a GetLogEvents or FilterLogEvents answer into a
 * compact page. Streams are interned for FilterLogEvents. */
static PdAwsLogPage *
page_from_json (JsonObject  *object,
                const char  *operation,
                GError     **error)
{
  g_autoptr(PdAwsLogPage) page = pd_aws_log_page_new ();
  g_autoptr(GHashTable) streams = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *events_node = json_object_get_member (object, "events");
  JsonArray *events;

  if (events_node == NULL || !JSON_NODE_HOLDS_ARRAY (events_node))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "%s: the answer has no events list", operation);
      return NULL;
    }
  events = json_node_get_array (events_node);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      JsonObject *event;
      const char *message, *stream;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                       "%s: event %u is not an object", operation, i);
          return NULL;
        }
      event = json_node_get_object (node);
      message = get_string (event, "message");
      if (message == NULL)
        message = "";
      if (page->messages->len + strlen (message) >= G_MAXUINT32)
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_TOO_LARGE,
                       "%s: the page's messages exceed 4 GiB", operation);
          return NULL;
        }
      pd_aws_log_page_add_event (page, (gint64) get_number (event, "timestamp"),
                                 (gint64) get_number (event, "ingestionTime"),
                                 message, strlen (message));
      stream = get_string (event, "logStreamName");
      if (stream != NULL)
        {
          gpointer index;

          if (!g_hash_table_lookup_extended (streams, stream, NULL, &index))
            {
              index = GUINT_TO_POINTER (page->stream_names->len);
              g_ptr_array_add (page->stream_names, g_strdup (stream));
              g_hash_table_insert (streams, g_ptr_array_index (page->stream_names,
                                                               page->stream_names->len - 1),
                                   index);
            }
          g_array_index (page->events, PdAwsLogEvent, page->events->len - 1).stream =
            GPOINTER_TO_UINT (index);
        }
    }
  page->next_forward_token = g_strdup (get_string (object, "nextForwardToken"));
  page->next_backward_token = g_strdup (get_string (object, "nextBackwardToken"));
  page->next_token = g_strdup (get_string (object, "nextToken"));
  return g_steal_pointer (&page);
}

static gpointer
parse_log_events (JsonObject  *reply,
                  GError     **error)
{
  return page_from_json (reply, "GetLogEvents", error);
}

static gpointer
parse_filter_log_events (JsonObject  *reply,
                         GError     **error)
{
  return page_from_json (reply, "FilterLogEvents", error);
}

/**
 * pd_aws_logs_get_log_events_async:
 * @client: a #PdAwsClient
 * @group_name: the log group
 * @stream_name: the log stream
 * @next_token: (nullable): a token from an earlier page, or %NULL for the
 *   first page
 * @start_from_head: without a token: start at the oldest events (%TRUE) or
 *   end at the newest ones (%FALSE, CloudWatch's default)
 * @limit: the most events to return (1-10000), or 0 for the service default
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads one page of a log stream with GetLogEvents. Paging forward ends when
 * the forward token that comes back equals the one sent.
 */
void
pd_aws_logs_get_log_events_async (PdAwsClient         *client,
                                  const char          *group_name,
                                  const char          *stream_name,
                                  const char          *next_token,
                                  gboolean             start_from_head,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (group_name != NULL);
  g_return_if_fail (stream_name != NULL);
  g_return_if_fail (limit <= 10000);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  input = json_object_new ();
  json_object_set_string_member (input, "logGroupName", group_name);
  json_object_set_string_member (input, "logStreamName", stream_name);
  if (next_token != NULL)
    json_object_set_string_member (input, "nextToken", next_token);
  json_object_set_boolean_member (input, "startFromHead", start_from_head);
  if (limit > 0)
    json_object_set_int_member (input, "limit", limit);

  pd_aws_typed_call_threaded_async (client, "logs", "GetLogEvents", input, parse_log_events,
                                    (GDestroyNotify) pd_aws_log_page_unref,
                                    pd_aws_logs_get_log_events_async, cancellable, callback,
                                    user_data);
}

/**
 * pd_aws_logs_get_log_events_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 *   (%PD_AWS_ERROR_NOT_FOUND when the group or stream does not exist)
 */
PdAwsLogPage *
pd_aws_logs_get_log_events_finish (PdAwsClient   *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_logs_get_log_events_async, error);
}

/**
 * pd_aws_logs_filter_log_events_async:
 * @client: a #PdAwsClient
 * @group_name: the log group
 * @stream_names: (nullable) (array zero-terminated=1): the streams to search
 *   (1-100), or %NULL for all
 * @filter_pattern: (nullable): a CloudWatch filter pattern
 * @next_token: (nullable): the token of the page to read
 * @limit: the most events to return, or 0 for the service default
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads one page of FilterLogEvents. The page's `next_token` is %NULL on the
 * last page.
 */
void
pd_aws_logs_filter_log_events_async (PdAwsClient         *client,
                                     const char          *group_name,
                                     const char * const  *stream_names,
                                     const char          *filter_pattern,
                                     const char          *next_token,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (group_name != NULL);
  g_return_if_fail (limit <= 10000);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  input = json_object_new ();
  json_object_set_string_member (input, "logGroupName", group_name);
  if (stream_names != NULL && stream_names[0] != NULL)
    {
      JsonArray *names = json_array_new ();

      for (guint i = 0; stream_names[i] != NULL; i++)
        json_array_add_string_element (names, stream_names[i]);
      json_object_set_array_member (input, "logStreamNames", names);
    }
  if (filter_pattern != NULL)
    json_object_set_string_member (input, "filterPattern", filter_pattern);
  if (next_token != NULL)
    json_object_set_string_member (input, "nextToken", next_token);
  if (limit > 0)
    json_object_set_int_member (input, "limit", limit);

  pd_aws_typed_call_threaded_async (client, "logs", "FilterLogEvents", input,
                                    parse_filter_log_events,
                                    (GDestroyNotify) pd_aws_log_page_unref,
                                    pd_aws_logs_filter_log_events_async, cancellable, callback,
                                    user_data);
}

/**
 * pd_aws_logs_filter_log_events_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
PdAwsLogPage *
pd_aws_logs_filter_log_events_finish (PdAwsClient   *client,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_logs_filter_log_events_async, error);
}

typedef struct
{
  GPtrArray *streams;
  char      *next_token;
} StreamsResult;

static void
streams_result_free (gpointer data)
{
  StreamsResult *self = data;

  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_free (self->next_token);
  g_free (self);
}

static gpointer
parse_log_streams (JsonObject  *reply,
                   GError     **error)
{
  JsonNode *list = json_object_get_member (reply, "logStreams");
  StreamsResult *answer;
  JsonArray *items;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error_literal (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                           "DescribeLogStreams: the answer has no logStreams list");
      return NULL;
    }
  answer = g_new0 (StreamsResult, 1);
  answer->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_log_stream_free);
  answer->next_token = g_strdup (get_string (reply, "nextToken"));
  items = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonObject *o;
      PdAwsLogStream *stream;

      if (!JSON_NODE_HOLDS_OBJECT (item) || get_string (json_node_get_object (item),
                                                        "logStreamName") == NULL)
        {
          streams_result_free (answer);
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                       "DescribeLogStreams: stream %u has no name", i);
          return NULL;
        }
      o = json_node_get_object (item);
      stream = g_new0 (PdAwsLogStream, 1);
      stream->name = g_strdup (get_string (o, "logStreamName"));
      stream->creation_time = (gint64) get_number (o, "creationTime");
      stream->first_event_timestamp = (gint64) get_number (o, "firstEventTimestamp");
      stream->last_event_timestamp = (gint64) get_number (o, "lastEventTimestamp");
      stream->last_ingestion_time = (gint64) get_number (o, "lastIngestionTime");
      g_ptr_array_add (answer->streams, stream);
    }
  return answer;
}

/**
 * pd_aws_logs_describe_log_streams_async:
 * @client: a #PdAwsClient
 * @group_name: the log group
 * @prefix: (nullable): only streams whose name starts so
 * @next_token: (nullable): the token of the page to read
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Lists one page (up to 50) of the streams of a log group.
 */
void
pd_aws_logs_describe_log_streams_async (PdAwsClient         *client,
                                        const char          *group_name,
                                        const char          *prefix,
                                        const char          *next_token,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (group_name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  input = json_object_new ();
  json_object_set_string_member (input, "logGroupName", group_name);
  if (prefix != NULL)
    json_object_set_string_member (input, "logStreamNamePrefix", prefix);
  if (next_token != NULL)
    json_object_set_string_member (input, "nextToken", next_token);

  pd_aws_typed_call_async (client, "logs", "DescribeLogStreams", input, parse_log_streams,
                           streams_result_free, pd_aws_logs_describe_log_streams_async,
                           cancellable, callback, user_data);
}

/**
 * pd_aws_logs_describe_log_streams_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @next_token: (out) (optional) (transfer full) (nullable): the token of the
 *   next page, or %NULL on the last
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PdAwsLogStream): the streams, or
 *   %NULL with @error set
 */
GPtrArray *
pd_aws_logs_describe_log_streams_finish (PdAwsClient   *client,
                                         GAsyncResult  *result,
                                         char         **next_token,
                                         GError       **error)
{
  StreamsResult *answer;
  GPtrArray *streams;

  answer = pd_aws_typed_call_finish (client, result, pd_aws_logs_describe_log_streams_async,
                                     error);
  if (answer == NULL)
    return NULL;
  streams = g_steal_pointer (&answer->streams);
  if (next_token != NULL)
    *next_token = g_steal_pointer (&answer->next_token);
  streams_result_free (answer);
  return streams;
}

static gpointer
parse_build_logs (JsonObject  *reply,
                  gpointer     parse_data,
                  GError     **error)
{
  g_autoptr(PdAwsBuildLogs) logs = NULL;
  const char *build_id = parse_data;
  JsonNode *builds_node = json_object_get_member (reply, "builds");
  JsonNode *phases_node, *logs_node;
  JsonObject *build = NULL;
  JsonArray *builds;

  if (builds_node == NULL || !JSON_NODE_HOLDS_ARRAY (builds_node))
    {
      g_set_error_literal (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                           "BatchGetBuilds: the answer has no builds list");
      return NULL;
    }
  builds = json_node_get_array (builds_node);
  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      JsonNode *item = json_array_get_element (builds, i);

      if (JSON_NODE_HOLDS_OBJECT (item)
          && g_strcmp0 (get_string (json_node_get_object (item), "id"), build_id) == 0)
        build = json_node_get_object (item);
    }
  if (build == NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND,
                   "BatchGetBuilds: build %s not found", build_id);
      return NULL;
    }

  logs = build_logs_new ();
  logs->id = g_strdup (build_id);
  logs->status = pd_aws_build_status_from_string (get_string (build, "buildStatus"));
  logs->complete = json_object_get_boolean_member_with_default (build, "buildComplete", FALSE);
  logs_node = json_object_get_member (build, "logs");
  if (logs_node != NULL && JSON_NODE_HOLDS_OBJECT (logs_node))
    {
      JsonObject *o = json_node_get_object (logs_node);
      const char *group = get_string (o, "groupName");
      const char *stream = get_string (o, "streamName");

      /* A build with CloudWatch logs disabled has neither. */
      if (group != NULL && *group != '\0' && stream != NULL && *stream != '\0')
        {
          logs->group_name = g_strdup (group);
          logs->stream_name = g_strdup (stream);
        }
      logs->deep_link = g_strdup (get_string (o, "deepLink"));
    }
  phases_node = json_object_get_member (build, "phases");
  if (phases_node != NULL && JSON_NODE_HOLDS_ARRAY (phases_node))
    {
      JsonArray *phases = json_node_get_array (phases_node);

      for (guint i = 0; i < json_array_get_length (phases); i++)
        {
          JsonNode *item = json_array_get_element (phases, i);
          PdAwsBuildPhase phase = { NULL, 0, 0, 0, -1 };
          JsonObject *o;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          o = json_node_get_object (item);
          if (get_string (o, "phaseType") == NULL)
            continue;
          phase.type = g_strdup (get_string (o, "phaseType"));
          /* A phase without a status runs, except the final COMPLETED
           * marker of a finished build, which takes the build's. */
          if (get_string (o, "phaseStatus") != NULL)
            phase.status = pd_aws_build_status_from_string (get_string (o, "phaseStatus"));
          else if (logs->complete)
            phase.status = logs->status;
          else
            phase.status = PD_AWS_BUILD_STATUS_IN_PROGRESS;
          phase.start_time = (gint64) (get_number (o, "startTime") * 1000 + 0.5);
          phase.end_time = (gint64) (get_number (o, "endTime") * 1000 + 0.5);
          if (json_object_has_member (o, "durationInSeconds"))
            phase.duration_seconds = (gint64) get_number (o, "durationInSeconds");
          g_array_append_val (logs->phases, phase);
        }
    }
  return g_steal_pointer (&logs);
}

/**
 * pd_aws_logs_get_build_logs_async:
 * @client: a #PdAwsClient
 * @build_id: a CodeBuild build ID (`project:uuid`), as CodePipeline gives it
 *   in an action's external execution ID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Asks CodeBuild (BatchGetBuilds) where a build's log is, how far the build
 * got and what its phases are.
 */
void
pd_aws_logs_get_build_logs_async (PdAwsClient         *client,
                                  const char          *build_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  JsonArray *ids;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (build_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  input = json_object_new ();
  ids = json_array_new ();
  json_array_add_string_element (ids, build_id);
  json_object_set_array_member (input, "ids", ids);

  pd_aws_typed_call_full_async (client, "codebuild", "BatchGetBuilds", input, parse_build_logs,
                                g_strdup (build_id), g_free,
                                (GDestroyNotify) pd_aws_build_logs_free,
                                pd_aws_logs_get_build_logs_async, cancellable, callback,
                                user_data);
}

/**
 * pd_aws_logs_get_build_logs_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the build's log description, or %NULL with
 *   @error set (%PD_AWS_ERROR_NOT_FOUND for an unknown build)
 */
PdAwsBuildLogs *
pd_aws_logs_get_build_logs_finish (PdAwsClient   *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_logs_get_build_logs_async, error);
}

/**
 * pd_aws_action_build_free:
 * @self: (transfer full): an action's build
 *
 * Frees @self.
 */
void
pd_aws_action_build_free (PdAwsActionBuild *self)
{
  if (self == NULL)
    return;
  g_free (self->execution_id);
  g_free (self->stage_name);
  g_free (self->action_name);
  g_free (self->build_id);
  g_free (self);
}

typedef struct
{
  char      *pipeline_name;
  char      *execution_id;
  GPtrArray *actions;
  guint      pages;
} ListBuildsData;

static void
list_builds_data_free (gpointer data)
{
  ListBuildsData *self = data;

  g_free (self->pipeline_name);
  g_free (self->execution_id);
  g_ptr_array_unref (self->actions);
  g_free (self);
}

static void list_execution_builds_page (GTask      *task,
                                        const char *token);

static void
on_action_executions_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = NULL;
  ListBuildsData *data = g_task_get_task_data (task);
  JsonNode *list;
  JsonArray *items;
  const char *token;
  GError *error = NULL;

  node = pd_aws_client_call_finish (PD_AWS_CLIENT (object), result, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  list = JSON_NODE_HOLDS_OBJECT (node)
         ? json_object_get_member (json_node_get_object (node), "actionExecutionDetails") : NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                               "ListActionExecutions: the answer has no actionExecutionDetails");
      return;
    }
  items = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonObject *o, *output, *execution_result;
      const char *exec_id, *action_name, *stage_name, *build_id = NULL;
      gboolean seen = FALSE;
      PdAwsActionBuild *action;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      o = json_node_get_object (item);
      exec_id = get_string (o, "pipelineExecutionId");
      action_name = get_string (o, "actionName");
      stage_name = get_string (o, "stageName");
      if (exec_id == NULL || action_name == NULL)
        continue;
      /* Without an execution ID: the newest execution's actions. */
      if (data->execution_id == NULL)
        data->execution_id = g_strdup (exec_id);
      if (!g_str_equal (exec_id, data->execution_id))
        continue;
      /* Newest first: a retried action keeps its last attempt. */
      for (guint k = 0; k < data->actions->len; k++)
        if (g_str_equal (((PdAwsActionBuild *) g_ptr_array_index (data->actions, k))->action_name,
                         action_name))
          seen = TRUE;
      if (seen)
        continue;
      output = json_object_has_member (o, "output")
               && JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "output"))
               ? json_object_get_object_member (o, "output") : NULL;
      execution_result = output != NULL && json_object_has_member (output, "executionResult")
                         && JSON_NODE_HOLDS_OBJECT (json_object_get_member (output,
                                                                            "executionResult"))
                         ? json_object_get_object_member (output, "executionResult") : NULL;
      if (execution_result != NULL)
        build_id = get_string (execution_result, "externalExecutionId");
      action = g_new0 (PdAwsActionBuild, 1);
      action->execution_id = g_strdup (exec_id);
      action->stage_name = g_strdup (stage_name);
      action->action_name = g_strdup (action_name);
      /* Only CodeBuild IDs look like project:uuid. */
      action->build_id = build_id != NULL && strchr (build_id, ':') != NULL
                         ? g_strdup (build_id) : NULL;
      g_ptr_array_add (data->actions, action);
    }

  token = get_string (json_node_get_object (node), "nextToken");
  if (token != NULL && data->pages < 20)
    {
      list_execution_builds_page (g_steal_pointer (&task), token);
      return;
    }
  /* Pipeline order: oldest first. */
  for (guint i = 0; i < data->actions->len / 2; i++)
    {
      gpointer tmp = data->actions->pdata[i];

      data->actions->pdata[i] = data->actions->pdata[data->actions->len - 1 - i];
      data->actions->pdata[data->actions->len - 1 - i] = tmp;
    }
  g_task_return_pointer (task, g_ptr_array_ref (data->actions),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
list_execution_builds_page (GTask      *task,
                            const char *token)
{
  ListBuildsData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) input = json_object_new ();

  data->pages++;
  json_object_set_string_member (input, "pipelineName", data->pipeline_name);
  json_object_set_int_member (input, "maxResults", 100);
  if (token != NULL)
    json_object_set_string_member (input, "nextToken", token);
  if (data->execution_id != NULL)
    {
      JsonObject *filter = json_object_new ();

      json_object_set_string_member (filter, "pipelineExecutionId", data->execution_id);
      json_object_set_object_member (input, "filter", filter);
    }
  pd_aws_client_call_async (PD_AWS_CLIENT (g_task_get_source_object (task)), "codepipeline",
                            "ListActionExecutions", input, g_task_get_cancellable (task),
                            on_action_executions_cb, task);
}

/**
 * pd_aws_logs_list_execution_builds_async:
 * @client: a #PdAwsClient
 * @pipeline_name: the pipeline
 * @execution_id: (nullable): the execution, or %NULL for the newest one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Lists the actions of a pipeline execution with the CodeBuild build each
 * ran (CodePipeline ListActionExecutions), to open or search their logs.
 */
void
pd_aws_logs_list_execution_builds_async (PdAwsClient         *client,
                                         const char          *pipeline_name,
                                         const char          *execution_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListBuildsData *data;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (pipeline_name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_aws_logs_list_execution_builds_async);
  data = g_new0 (ListBuildsData, 1);
  data->pipeline_name = g_strdup (pipeline_name);
  data->execution_id = g_strdup (execution_id);
  data->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_action_build_free);
  g_task_set_task_data (task, data, list_builds_data_free);
  list_execution_builds_page (g_steal_pointer (&task), NULL);
}

/**
 * pd_aws_logs_list_execution_builds_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PdAwsActionBuild): the execution's
 *   actions in pipeline order, or %NULL with @error set
 */
GPtrArray *
pd_aws_logs_list_execution_builds_finish (PdAwsClient   *client,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
