/* pd-aws-logs.h
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
 * PdAwsLogEvent:
 * @timestamp: when the event happened, in milliseconds since the epoch
 * @ingestion_time: when CloudWatch Logs received it, in milliseconds
 * @offset: where its message starts in the page's message block
 * @length: the length of its message in bytes
 * @stream: index of its stream in the page's stream names (FilterLogEvents),
 *   or 0
 *
 * One log event, kept compact: the message bytes live in the page's single
 * block (see pd_aws_log_page_get_message()).
 */
typedef struct
{
  gint64  timestamp;
  gint64  ingestion_time;
  guint32 offset;
  guint32 length;
  guint32 stream;
} PdAwsLogEvent;

/**
 * PdAwsLogPage:
 * @events: (element-type PdAwsLogEvent): the events, oldest first
 * @messages: the message bytes of all events, one after the other
 * @next_forward_token: (nullable): GetLogEvents: the token of the next page
 *   forward
 * @next_backward_token: (nullable): GetLogEvents: the token of the page
 *   before this one
 * @next_token: (nullable): FilterLogEvents: the token of the next page, or
 *   %NULL on the last
 * @stream_names: (element-type utf8): FilterLogEvents: the stream names that
 *   events refer to by index
 *
 * One page of log events. Reference counted; immutable once returned, so it
 * may be handed to a worker thread.
 */
typedef struct
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public >*/
  GArray     *events;
  GByteArray *messages;
  char       *next_forward_token;
  char       *next_backward_token;
  char       *next_token;
  GPtrArray  *stream_names;
} PdAwsLogPage;

/**
 * PdAwsLogStream:
 * @name: the stream name
 * @creation_time: when it was created, in milliseconds
 * @first_event_timestamp: its first event's time, or 0 if empty
 * @last_event_timestamp: its last event's time, or 0 if empty
 * @last_ingestion_time: when it last received an event, or 0
 *
 * A log stream, as DescribeLogStreams describes it.
 */
typedef struct
{
  char   *name;
  gint64  creation_time;
  gint64  first_event_timestamp;
  gint64  last_event_timestamp;
  gint64  last_ingestion_time;
} PdAwsLogStream;

/**
 * PdAwsBuildStatus:
 * @PD_AWS_BUILD_STATUS_UNKNOWN: a status this client does not know
 * @PD_AWS_BUILD_STATUS_IN_PROGRESS: still running
 * @PD_AWS_BUILD_STATUS_SUCCEEDED: finished well
 * @PD_AWS_BUILD_STATUS_FAILED: a command failed
 * @PD_AWS_BUILD_STATUS_FAULT: CodeBuild itself failed
 * @PD_AWS_BUILD_STATUS_TIMED_OUT: ran out of time
 * @PD_AWS_BUILD_STATUS_STOPPED: stopped by someone
 *
 * A CodeBuild build or phase status.
 */
typedef enum
{
  PD_AWS_BUILD_STATUS_UNKNOWN,
  PD_AWS_BUILD_STATUS_IN_PROGRESS,
  PD_AWS_BUILD_STATUS_SUCCEEDED,
  PD_AWS_BUILD_STATUS_FAILED,
  PD_AWS_BUILD_STATUS_FAULT,
  PD_AWS_BUILD_STATUS_TIMED_OUT,
  PD_AWS_BUILD_STATUS_STOPPED,
} PdAwsBuildStatus;

/**
 * PdAwsBuildPhase:
 * @type: the phase type (`INSTALL`, `BUILD`…)
 * @status: its status; %PD_AWS_BUILD_STATUS_IN_PROGRESS while it runs
 * @start_time: its start, in milliseconds since the epoch
 * @end_time: its end, or 0 while it runs
 * @duration_seconds: its duration, or -1 while it runs
 *
 * One phase of a build.
 */
typedef struct
{
  char             *type;
  PdAwsBuildStatus  status;
  gint64            start_time;
  gint64            end_time;
  gint64            duration_seconds;
} PdAwsBuildPhase;

/**
 * PdAwsBuildLogs:
 * @id: the build ID (`project:uuid`)
 * @status: the build status
 * @complete: whether the build has ended
 * @group_name: (nullable): its CloudWatch Logs group, or %NULL if the build
 *   has no CloudWatch logs
 * @stream_name: (nullable): its log stream
 * @deep_link: (nullable): the address of the log in the AWS console
 * @phases: (element-type PdAwsBuildPhase): its phases so far
 *
 * What the logs view needs to know about a CodeBuild build (from
 * BatchGetBuilds).
 */
typedef struct
{
  char             *id;
  PdAwsBuildStatus  status;
  gboolean          complete;
  char             *group_name;
  char             *stream_name;
  char             *deep_link;
  GArray           *phases;
} PdAwsBuildLogs;

/**
 * PdAwsActionBuild:
 * @execution_id: the pipeline execution
 * @stage_name: the action's stage
 * @action_name: the action
 * @build_id: (nullable): the CodeBuild build it ran (its external execution
 *   ID), or %NULL for an action that is not a build
 *
 * One action of a pipeline execution and the build behind it.
 */
typedef struct
{
  char *execution_id;
  char *stage_name;
  char *action_name;
  char *build_id;
} PdAwsActionBuild;

void             pd_aws_action_build_free                 (PdAwsActionBuild    *self);

#define PD_AWS_TYPE_LOG_PAGE (pd_aws_log_page_get_type ())
#define PD_AWS_TYPE_LOG_STREAM (pd_aws_log_stream_get_type ())
#define PD_AWS_TYPE_BUILD_LOGS (pd_aws_build_logs_get_type ())

GType            pd_aws_log_page_get_type                 (void) G_GNUC_CONST;
PdAwsLogPage    *pd_aws_log_page_new                      (void);
PdAwsLogPage    *pd_aws_log_page_ref                      (PdAwsLogPage        *self);
void             pd_aws_log_page_unref                    (PdAwsLogPage        *self);
void             pd_aws_log_page_add_event                (PdAwsLogPage        *self,
                                                           gint64               timestamp,
                                                           gint64               ingestion_time,
                                                           const char          *message,
                                                           gsize                length);
guint            pd_aws_log_page_get_n_events             (PdAwsLogPage        *self);
const char      *pd_aws_log_page_get_message              (PdAwsLogPage        *self,
                                                           guint                index,
                                                           gsize               *length);

GType            pd_aws_log_stream_get_type               (void) G_GNUC_CONST;
PdAwsLogStream  *pd_aws_log_stream_copy                   (const PdAwsLogStream *self);
void             pd_aws_log_stream_free                   (PdAwsLogStream      *self);

GType            pd_aws_build_logs_get_type               (void) G_GNUC_CONST;
PdAwsBuildLogs  *pd_aws_build_logs_copy                   (const PdAwsBuildLogs *self);
void             pd_aws_build_logs_free                   (PdAwsBuildLogs      *self);
PdAwsBuildStatus pd_aws_build_status_from_string          (const char          *text);

void             pd_aws_logs_get_log_events_async         (PdAwsClient         *client,
                                                           const char          *group_name,
                                                           const char          *stream_name,
                                                           const char          *next_token,
                                                           gboolean             start_from_head,
                                                           guint                limit,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
PdAwsLogPage    *pd_aws_logs_get_log_events_finish        (PdAwsClient         *client,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void             pd_aws_logs_filter_log_events_async      (PdAwsClient         *client,
                                                           const char          *group_name,
                                                           const char * const  *stream_names,
                                                           const char          *filter_pattern,
                                                           const char          *next_token,
                                                           guint                limit,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
PdAwsLogPage    *pd_aws_logs_filter_log_events_finish     (PdAwsClient         *client,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void             pd_aws_logs_describe_log_streams_async   (PdAwsClient         *client,
                                                           const char          *group_name,
                                                           const char          *prefix,
                                                           const char          *next_token,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray       *pd_aws_logs_describe_log_streams_finish  (PdAwsClient         *client,
                                                           GAsyncResult        *result,
                                                           char               **next_token,
                                                           GError             **error);
void             pd_aws_logs_get_build_logs_async         (PdAwsClient         *client,
                                                           const char          *build_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
PdAwsBuildLogs  *pd_aws_logs_get_build_logs_finish        (PdAwsClient         *client,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void             pd_aws_logs_list_execution_builds_async  (PdAwsClient         *client,
                                                           const char          *pipeline_name,
                                                           const char          *execution_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray       *pd_aws_logs_list_execution_builds_finish (PdAwsClient         *client,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsActionBuild, pd_aws_action_build_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsLogPage, pd_aws_log_page_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsLogStream, pd_aws_log_stream_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsBuildLogs, pd_aws_build_logs_free)

G_END_DECLS
