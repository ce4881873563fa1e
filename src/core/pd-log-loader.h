/* pd-log-loader.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-account.h"
#include "pd-aws-client.h"
#include "pd-aws-logs.h"
#include "pd-log-store.h"

G_BEGIN_DECLS

/**
 * PdLogLoaderState:
 * @PD_LOG_LOADER_STATE_IDLE: not started
 * @PD_LOG_LOADER_STATE_RESOLVING: asking CodeBuild where the log is
 * @PD_LOG_LOADER_STATE_WAITING: the build has no log stream yet (it is
 *   starting); the loader checks again
 * @PD_LOG_LOADER_STATE_LOADING: reading pages
 * @PD_LOG_LOADER_STATE_FOLLOWING: the whole log so far is loaded and the
 *   build runs: new lines are added as they come
 * @PD_LOG_LOADER_STATE_COMPLETE: the whole log of a finished build is loaded
 * @PD_LOG_LOADER_STATE_NO_LOGS: the build does not send its log to
 *   CloudWatch Logs
 * @PD_LOG_LOADER_STATE_DELETED: the build ended but its log stream is gone
 * @PD_LOG_LOADER_STATE_FAILED: loading stopped on an error (see
 *   pd_log_loader_get_error())
 *
 * Where a loader is.
 */
typedef enum
{
  PD_LOG_LOADER_STATE_IDLE,
  PD_LOG_LOADER_STATE_RESOLVING,
  PD_LOG_LOADER_STATE_WAITING,
  PD_LOG_LOADER_STATE_LOADING,
  PD_LOG_LOADER_STATE_FOLLOWING,
  PD_LOG_LOADER_STATE_COMPLETE,
  PD_LOG_LOADER_STATE_NO_LOGS,
  PD_LOG_LOADER_STATE_DELETED,
  PD_LOG_LOADER_STATE_FAILED,
} PdLogLoaderState;

#define PD_TYPE_LOG_LOADER (pd_log_loader_get_type ())

G_DECLARE_FINAL_TYPE (PdLogLoader, pd_log_loader, PD, LOG_LOADER, GObject)

PdLogLoader      *pd_log_loader_new               (PdAwsClient        *client,
                                                   const char         *build_id);
PdLogLoader      *pd_log_loader_new_for_account   (PdAccount          *account,
                                                   const char         *build_id);
PdLogStore       *pd_log_loader_get_store         (PdLogLoader        *self);
const char       *pd_log_loader_get_build_id      (PdLogLoader        *self);
PdLogLoaderState  pd_log_loader_get_state         (PdLogLoader        *self);
gboolean          pd_log_loader_is_finished       (PdLogLoader        *self);
const GError     *pd_log_loader_get_error         (PdLogLoader        *self);
char             *pd_log_loader_dup_message       (PdLogLoader        *self);
PdAwsBuildStatus  pd_log_loader_get_build_status  (PdLogLoader        *self);
const char       *pd_log_loader_get_deep_link     (PdLogLoader        *self);
gboolean          pd_log_loader_get_tail_first    (PdLogLoader        *self);
guint             pd_log_loader_get_pages         (PdLogLoader        *self);
guint             pd_log_loader_get_retries       (PdLogLoader        *self);
void              pd_log_loader_set_follow        (PdLogLoader        *self,
                                                   gboolean            follow);
void              pd_log_loader_set_timing        (PdLogLoader        *self,
                                                   guint               poll_ms,
                                                   guint               backoff_ms);
void              pd_log_loader_set_settle_time   (PdLogLoader        *self,
                                                   guint               settle_ms);
void              pd_log_loader_start             (PdLogLoader        *self);
void              pd_log_loader_retry             (PdLogLoader        *self);
void              pd_log_loader_stop              (PdLogLoader        *self);

/**
 * PdLogSearchGroup:
 * @build_id: the build
 * @state: how loading its log ended
 * @store: its loaded log
 * @matches: (nullable): the matches in it, or %NULL if its log could not be
 *   read
 *
 * The results of "search this execution" for one build.
 */
typedef struct
{
  char             *build_id;
  PdLogLoaderState  state;
  PdLogStore       *store;
  PdLogMatches     *matches;
} PdLogSearchGroup;

void              pd_log_search_group_free        (PdLogSearchGroup   *self);

void              pd_log_search_builds_async      (PdAwsClient        *client,
                                                   const char * const *build_ids,
                                                   const char         *query,
                                                   PdLogFindFlags      flags,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
GPtrArray        *pd_log_search_builds_finish     (GAsyncResult       *result,
                                                   GError            **error);

void              pd_log_search_execution_async   (PdAccount          *account,
                                                   const char * const *build_ids,
                                                   const char         *query,
                                                   PdLogFindFlags      flags,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
void              pd_log_list_execution_builds_async (PdAccount       *account,
                                                   const char         *pipeline_name,
                                                   const char         *execution_id,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
GPtrArray        *pd_log_list_execution_builds_finish (GAsyncResult   *result,
                                                   GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLogSearchGroup, pd_log_search_group_free)

G_END_DECLS
