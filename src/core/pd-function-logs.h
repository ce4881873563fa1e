/* pd-function-logs.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"
#include "pd-aws-logs.h"

G_BEGIN_DECLS

/* What FilterLogEvents is asked for: errors, timeouts, tracebacks and the
 * REPORT lines of cold starts. */
#define PD_FUNCTION_LOGS_PATTERN "?ERROR ?\"Task timed out\" ?Traceback ?\"Init Duration\""

/**
 * PdFunctionIssueKind:
 * @PD_FUNCTION_ISSUE_ERROR: a line logged at ERROR
 * @PD_FUNCTION_ISSUE_TIMEOUT: the invocation ran out of time
 * @PD_FUNCTION_ISSUE_TRACEBACK: an unhandled exception with its traceback
 *
 * What kind of trouble a group of log events is.
 */
typedef enum
{
  PD_FUNCTION_ISSUE_ERROR,
  PD_FUNCTION_ISSUE_TIMEOUT,
  PD_FUNCTION_ISSUE_TRACEBACK,
} PdFunctionIssueKind;

/**
 * PdErrorGroup:
 * @key: the normalised message (numbers, IDs, hex and addresses masked)
 * @kind: the kind of trouble
 * @count: how many events
 * @first_seen: the first event's time in ms
 * @last_seen: the last event's time in ms
 * @example: the first line of the last event
 * @request_id: (nullable): the request ID of @example
 * @new_since_deploy: whether the group first appeared after the last
 *   deploy marker
 *
 * Log events of one function that say the same thing.
 */
typedef struct
{
  char                *key;
  PdFunctionIssueKind  kind;
  guint                count;
  gint64               first_seen;
  gint64               last_seen;
  char                *example;
  char                *request_id;
  gboolean             new_since_deploy;
} PdErrorGroup;

/**
 * PdFunctionLogSummary:
 * @groups: (element-type PdErrorGroup): the groups, most events first
 * @cold_starts: REPORT lines with an Init Duration
 * @init_ms_total: the sum of their Init Durations
 * @malformed_reports: REPORT lines that could not be read
 * @events: the events read
 *
 * What the log group of a function says about its trouble.
 */
typedef struct
{
  GPtrArray *groups;
  guint      cold_starts;
  double     init_ms_total;
  guint      malformed_reports;
  guint      events;
} PdFunctionLogSummary;

char                 *pd_function_logs_normalise      (const char           *message,
                                                       gssize                length);
char                 *pd_function_logs_find_request_id (const char          *message,
                                                       gssize                length);
gboolean              pd_function_logs_parse_report   (const char           *message,
                                                       gssize                length,
                                                       gboolean             *is_report,
                                                       double               *init_ms);
PdFunctionLogSummary *pd_function_logs_summarise      (GPtrArray            *pages,
                                                       gint64                since_ms,
                                                       const gint64         *deploys,
                                                       guint                 n_deploys);
void                  pd_error_group_free             (PdErrorGroup         *self);
void                  pd_function_log_summary_free    (PdFunctionLogSummary *self);

void                  pd_function_logs_fetch_async    (PdAwsClient          *client,
                                                       const char           *function_name,
                                                       guint                 max_pages,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray            *pd_function_logs_fetch_finish   (GAsyncResult         *result,
                                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdErrorGroup, pd_error_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdFunctionLogSummary, pd_function_log_summary_free)

G_END_DECLS
