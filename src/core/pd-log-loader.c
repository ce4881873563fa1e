/* pd-log-loader.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-aws-error.h"
#include "pd-log-loader.h"

/* Reads one CodeBuild build's log into a PdLogStore: resolve the build,
 * read pages (from the head, or from the tail backwards for a failed build,
 * whose error is at its end), then follow while the build runs. A failed
 * page is asked again with the same token after a pause; a page is added
 * only once it has arrived whole, so nothing is lost or added twice. */

#define DEFAULT_POLL_MS    2000
/* How long to keep reading after a followed build ends: CloudWatch makes
 * the last lines readable some seconds after they were written. */
#define DEFAULT_SETTLE_MS  6000
#define DEFAULT_BACKOFF_MS 250
#define MAX_BACKOFF_MS     8000
#define MAX_FAILURES       10

typedef enum
{
  STEP_RESOLVE,
  STEP_FORWARD,
  STEP_BACKWARD,
} Step;

struct _PdLogLoader
{
  GObject           parent_instance;

  /* Owned references */
  PdAwsClient      *client;
  PdLogStore       *store;
  GCancellable     *cancellable;
  PdAwsBuildLogs   *build;
  GError           *error;
  char             *build_id;
  char             *forward_token;
  char             *backward_token;

  PdLogLoaderState  state;
  Step              retry_step;
  guint             timeout_id;
  guint             poll_ms;
  guint             settle_ms;
  gint64            ended_at;
  guint             backoff_ms;
  guint             failures;
  guint             pages;
  guint             retries;
  guint             adds_pending;

  /* Flags */
  guint             follow : 1;
  guint             tail_first : 1;
  guint             seen_running : 1;
  guint             last_read_empty : 1;
  guint             head_done : 1;
  guint             waiting_for_store : 1;
  guint             finish_when_added : 1;
};

G_DEFINE_FINAL_TYPE (PdLogLoader, pd_log_loader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_BUILD_STATUS,
  PROP_DEEP_LINK,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void resolve (PdLogLoader *self);
static void read_forward (PdLogLoader *self);
static void read_backward (PdLogLoader *self);

static void
set_state (PdLogLoader      *self,
           PdLogLoaderState  state)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
set_error (PdLogLoader *self,
           GError      *error)
{
  if (error == NULL && self->error == NULL)
    return;
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
fail (PdLogLoader *self,
      GError      *error)
{
  set_error (self, error);
  set_state (self, PD_LOG_LOADER_STATE_FAILED);
}

/* A request went through: the failures in a row are over. */
static void
request_succeeded (PdLogLoader *self)
{
  self->failures = 0;
  set_error (self, NULL);
}

static gboolean
is_retryable (const GError *error)
{
  if (error->domain == PD_AWS_ERROR)
    {
      switch ((PdAwsError) error->code)
        {
        case PD_AWS_ERROR_ACCESS_DENIED:
        case PD_AWS_ERROR_EXPIRED_TOKEN:
        case PD_AWS_ERROR_NOT_FOUND:
        case PD_AWS_ERROR_VALIDATION:
        case PD_AWS_ERROR_AUTH:
        case PD_AWS_ERROR_CREDENTIALS:
        case PD_AWS_ERROR_CONFIG:
        case PD_AWS_ERROR_ENDPOINT:
        case PD_AWS_ERROR_KEYRING:
        case PD_AWS_ERROR_TOO_LARGE:
          return FALSE;
        case PD_AWS_ERROR_FAILED:
        case PD_AWS_ERROR_THROTTLED:
        case PD_AWS_ERROR_CLOCK_SKEW:
        case PD_AWS_ERROR_CONFLICT:
        case PD_AWS_ERROR_SERVER:
        case PD_AWS_ERROR_PARSE:
        case PD_AWS_ERROR_TIMEOUT:
        default:
          return TRUE;
        }
    }
  /* Resets, refused connections, truncated bodies. */
  return TRUE;
}

static void
run_step (PdLogLoader *self)
{
  switch (self->retry_step)
    {
    case STEP_RESOLVE:
      resolve (self);
      break;
    case STEP_FORWARD:
      read_forward (self);
      break;
    case STEP_BACKWARD:
    default:
      read_backward (self);
      break;
    }
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  PdLogLoader *self = user_data;

  self->timeout_id = 0;
  run_step (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (PdLogLoader *self,
          Step         step,
          guint        delay_ms)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->retry_step = step;
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, on_timeout_cb,
                                         g_object_ref (self), g_object_unref);
}

/* Back off after a transient failure and ask again for the same page. */
static void
retry_later (PdLogLoader *self,
             Step         step,
             GError      *error)
{
  guint delay;

  self->failures++;
  self->retries++;
  self->retry_step = step;
  if (self->failures > MAX_FAILURES)
    {
      g_prefix_error (&error, _("Reading the log failed %u times in a row: "), MAX_FAILURES);
      fail (self, error);
      return;
    }
  g_debug ("Log page failed (%s); asking again", error->message);
  /* Kept while the loader asks again, so that a reader who has no line
   * yet sees why, not a spinner. */
  set_error (self, error);
  delay = MIN ((guint64) self->backoff_ms << MIN (self->failures - 1, 10), MAX_BACKOFF_MS);
  schedule (self, step, delay);
}

static gboolean
build_failed (PdAwsBuildLogs *build)
{
  return build->complete
         && (build->status == PD_AWS_BUILD_STATUS_FAILED
             || build->status == PD_AWS_BUILD_STATUS_FAULT
             || build->status == PD_AWS_BUILD_STATUS_TIMED_OUT);
}

static void
finish_loading (PdLogLoader *self)
{
  if (self->build->complete && self->follow && self->seen_running)
    {
      gint64 now = g_get_monotonic_time ();

      /* A build seen running ends its log only once a read finds nothing
       * new, a while after the build ended. */
      if (self->ended_at == 0)
        self->ended_at = now;
      if (!self->last_read_empty
          || now - self->ended_at < (gint64) self->settle_ms * G_TIME_SPAN_MILLISECOND)
        {
          set_state (self, PD_LOG_LOADER_STATE_FOLLOWING);
          schedule (self, STEP_FORWARD, self->poll_ms);
          return;
        }
    }
  if (self->build->complete || !self->follow)
    {
      set_state (self, PD_LOG_LOADER_STATE_COMPLETE);
      return;
    }
  /* Follow: check the build, then read what came since. */
  set_state (self, PD_LOG_LOADER_STATE_FOLLOWING);
  schedule (self, STEP_RESOLVE, self->poll_ms);
}

static void
on_page_added_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdLogLoader) self = user_data;
  g_autoptr(GError) error = NULL;

  self->adds_pending--;
  pd_log_store_add_page_finish (PD_LOG_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  if (self->finish_when_added && self->adds_pending == 0)
    {
      self->finish_when_added = FALSE;
      if (self->retry_step == STEP_BACKWARD)
        set_state (self, PD_LOG_LOADER_STATE_COMPLETE);
      else
        finish_loading (self);
      return;
    }
  if (self->waiting_for_store)
    {
      self->waiting_for_store = FALSE;
      if (self->retry_step == STEP_BACKWARD)
        read_backward (self);
      else
        read_forward (self);
    }
}

/* Hands a page to the store (parsed on a worker thread) and asks for the
 * next one meanwhile, with at most two pages waiting for the store. */
static void
add_and_continue (PdLogLoader  *self,
                  PdAwsLogPage *page,
                  gboolean      prepend,
                  gboolean      last)
{
  self->adds_pending++;
  pd_log_store_add_page_async (self->store, page, prepend, self->cancellable, on_page_added_cb,
                               g_object_ref (self));
  if (last)
    self->finish_when_added = TRUE;
  else if (self->adds_pending < 2)
    {
      if (self->retry_step == STEP_BACKWARD)
        read_backward (self);
      else
        read_forward (self);
    }
  else
    self->waiting_for_store = TRUE;
}

static void
on_missing_stream (PdLogLoader *self,
                   GError      *error)
{
  /* The stream appears once the build's container starts. */
  if (!self->build->complete)
    {
      g_error_free (error);
      set_state (self, PD_LOG_LOADER_STATE_WAITING);
      schedule (self, STEP_RESOLVE, self->poll_ms);
      return;
    }
  g_clear_error (&self->error);
  self->error = error;
  set_state (self, PD_LOG_LOADER_STATE_DELETED);
}

static void
on_forward_page_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PdLogLoader) self = user_data;
  g_autoptr(PdAwsLogPage) page = NULL;
  GError *error = NULL;
  gboolean end;

  page = pd_aws_logs_get_log_events_finish (PD_AWS_CLIENT (object), result, &error);
  if (page == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_error_free (error);
      else if (g_error_matches (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND))
        on_missing_stream (self, error);
      else
        retry_later (self, STEP_FORWARD, error);
      return;
    }
  request_succeeded (self);
  self->pages++;
  if (self->state == PD_LOG_LOADER_STATE_WAITING || self->state == PD_LOG_LOADER_STATE_RESOLVING)
    set_state (self, PD_LOG_LOADER_STATE_LOADING);

  /* The end is where the token comes back unchanged. */
  end = page->next_forward_token == NULL
        || g_strcmp0 (page->next_forward_token, self->forward_token) == 0;
  self->last_read_empty = page->events->len == 0;
  g_free (self->forward_token);
  self->forward_token = g_strdup (page->next_forward_token);

  self->retry_step = STEP_FORWARD;
  if (end)
    {
      self->head_done = TRUE;
      if (page->events->len > 0)
        add_and_continue (self, page, FALSE, TRUE);
      else if (self->adds_pending > 0)
        self->finish_when_added = TRUE;
      else
        finish_loading (self);
      return;
    }
  add_and_continue (self, page, FALSE, FALSE);
}

static void
read_forward (PdLogLoader *self)
{
  pd_aws_logs_get_log_events_async (self->client, self->build->group_name,
                                    self->build->stream_name, self->forward_token, TRUE, 0,
                                    self->cancellable, on_forward_page_cb, g_object_ref (self));
}

static void
on_backward_page_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PdLogLoader) self = user_data;
  g_autoptr(PdAwsLogPage) page = NULL;
  GError *error = NULL;
  gboolean first, end;

  page = pd_aws_logs_get_log_events_finish (PD_AWS_CLIENT (object), result, &error);
  if (page == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_error_free (error);
      else if (g_error_matches (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND))
        on_missing_stream (self, error);
      else
        retry_later (self, STEP_BACKWARD, error);
      return;
    }
  request_succeeded (self);
  self->pages++;
  set_state (self, PD_LOG_LOADER_STATE_LOADING);

  first = self->backward_token == NULL;
  end = page->next_backward_token == NULL
        || g_strcmp0 (page->next_backward_token, self->backward_token) == 0;
  g_free (self->backward_token);
  self->backward_token = g_strdup (page->next_backward_token);
  if (first)
    {
      /* The tail page: where following would go on from, too. */
      g_free (self->forward_token);
      self->forward_token = g_strdup (page->next_forward_token);
    }

  self->retry_step = STEP_BACKWARD;
  if (end && page->events->len == 0)
    {
      if (self->adds_pending > 0)
        self->finish_when_added = TRUE;
      else
        set_state (self, PD_LOG_LOADER_STATE_COMPLETE);
      return;
    }
  add_and_continue (self, page, !first, end);
}

static void
read_backward (PdLogLoader *self)
{
  pd_aws_logs_get_log_events_async (self->client, self->build->group_name,
                                    self->build->stream_name, self->backward_token, FALSE, 0,
                                    self->cancellable, on_backward_page_cb, g_object_ref (self));
}

static void
on_resolved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PdLogLoader) self = user_data;
  g_autoptr(PdAwsBuildLogs) build = NULL;
  gboolean first_time;
  GError *error = NULL;

  build = pd_aws_logs_get_build_logs_finish (PD_AWS_CLIENT (object), result, &error);
  if (build == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_error_free (error);
      else if (is_retryable (error))
        retry_later (self, STEP_RESOLVE, error);
      else
        fail (self, error);
      return;
    }
  request_succeeded (self);
  first_time = self->build == NULL;
  if (first_time || build->status != self->build->status)
    {
      g_clear_pointer (&self->build, pd_aws_build_logs_free);
      self->build = pd_aws_build_logs_copy (build);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILD_STATUS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEEP_LINK]);
    }
  else
    {
      g_clear_pointer (&self->build, pd_aws_build_logs_free);
      self->build = pd_aws_build_logs_copy (build);
    }
  pd_log_store_set_build_phases (self->store, build->phases);
  if (!build->complete)
    self->seen_running = TRUE;

  if (build->group_name == NULL)
    {
      if (build->complete)
        {
          set_state (self, PD_LOG_LOADER_STATE_NO_LOGS);
          return;
        }
      set_state (self, PD_LOG_LOADER_STATE_WAITING);
      schedule (self, STEP_RESOLVE, self->poll_ms);
      return;
    }

  if (self->state == PD_LOG_LOADER_STATE_FOLLOWING)
    {
      /* Read whatever came since the last poll; once the build is seen
       * complete, this last read ends the log. */
      self->retry_step = STEP_FORWARD;
      pd_aws_logs_get_log_events_async (self->client, build->group_name, build->stream_name,
                                        self->forward_token, TRUE, 0, self->cancellable,
                                        on_forward_page_cb, g_object_ref (self));
      return;
    }

  if (self->pages == 0 && self->forward_token == NULL && build_failed (build))
    {
      self->tail_first = TRUE;
      set_state (self, PD_LOG_LOADER_STATE_LOADING);
      read_backward (self);
      return;
    }
  set_state (self, PD_LOG_LOADER_STATE_LOADING);
  read_forward (self);
}

static void
resolve (PdLogLoader *self)
{
  if (self->build == NULL)
    set_state (self, PD_LOG_LOADER_STATE_RESOLVING);
  pd_aws_logs_get_build_logs_async (self->client, self->build_id, self->cancellable,
                                    on_resolved_cb, g_object_ref (self));
}

static void
pd_log_loader_dispose (GObject *object)
{
  PdLogLoader *self = PD_LOG_LOADER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (pd_log_loader_parent_class)->dispose (object);
}

static void
pd_log_loader_finalize (GObject *object)
{
  PdLogLoader *self = PD_LOG_LOADER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->build, pd_aws_build_logs_free);
  g_clear_error (&self->error);
  g_free (self->build_id);
  g_free (self->forward_token);
  g_free (self->backward_token);

  G_OBJECT_CLASS (pd_log_loader_parent_class)->finalize (object);
}

static void
pd_log_loader_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdLogLoader *self = PD_LOG_LOADER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_BUILD_STATUS:
      g_value_set_int (value, pd_log_loader_get_build_status (self));
      break;
    case PROP_DEEP_LINK:
      g_value_set_string (value, pd_log_loader_get_deep_link (self));
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error != NULL ? self->error->message : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_log_loader_class_init (PdLogLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_log_loader_dispose;
  object_class->finalize = pd_log_loader_finalize;
  object_class->get_property = pd_log_loader_get_property;

  /**
   * PdLogLoader:state:
   *
   * The #PdLogLoaderState.
   */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, PD_LOG_LOADER_STATE_FAILED, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PdLogLoader:build-status:
   *
   * The build's #PdAwsBuildStatus, as last seen.
   */
  properties[PROP_BUILD_STATUS] =
    g_param_spec_int ("build-status", NULL, NULL, 0, PD_AWS_BUILD_STATUS_STOPPED, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PdLogLoader:deep-link:
   *
   * The address of the same log in the AWS console, once known.
   */
  properties[PROP_DEEP_LINK] =
    g_param_spec_string ("deep-link", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PdLogLoader:error-message:
   *
   * The message of pd_log_loader_get_error().
   */
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_log_loader_init (PdLogLoader *self)
{
  self->store = pd_log_store_new ();
  self->cancellable = g_cancellable_new ();
  self->poll_ms = DEFAULT_POLL_MS;
  self->settle_ms = DEFAULT_SETTLE_MS;
  self->backoff_ms = DEFAULT_BACKOFF_MS;
  self->follow = TRUE;
}

/**
 * pd_log_loader_new:
 * @client: the client of the build's account
 * @build_id: the CodeBuild build ID (a CodePipeline action's external
 *   execution ID)
 *
 * Creates a loader for one build's log. Call pd_log_loader_start().
 *
 * Returns: (transfer full): a new #PdLogLoader
 */
PdLogLoader *
pd_log_loader_new (PdAwsClient *client,
                   const char  *build_id)
{
  PdLogLoader *self;

  g_return_val_if_fail (PD_AWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (build_id != NULL, NULL);

  self = g_object_new (PD_TYPE_LOG_LOADER, NULL);
  self->client = g_object_ref (client);
  self->build_id = g_strdup (build_id);
  return self;
}

/**
 * pd_log_loader_get_store:
 * @self: a #PdLogLoader
 *
 * Returns: (transfer none): the store the log is read into
 */
PdLogStore *
pd_log_loader_get_store (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), NULL);
  return self->store;
}

/**
 * pd_log_loader_get_build_id:
 * @self: a #PdLogLoader
 *
 * Returns: the build ID
 */
const char *
pd_log_loader_get_build_id (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), NULL);
  return self->build_id;
}

/**
 * pd_log_loader_get_state:
 * @self: a #PdLogLoader
 *
 * Returns: where the loader is
 */
PdLogLoaderState
pd_log_loader_get_state (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), PD_LOG_LOADER_STATE_IDLE);
  return self->state;
}

/**
 * pd_log_loader_is_finished:
 * @self: a #PdLogLoader
 *
 * Returns: whether the loader has stopped for good (complete, no logs,
 *   deleted or failed)
 */
gboolean
pd_log_loader_is_finished (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), FALSE);
  return self->state >= PD_LOG_LOADER_STATE_COMPLETE;
}

/**
 * pd_log_loader_get_error:
 * @self: a #PdLogLoader
 *
 * Returns: (nullable): the error that stopped the loader, or while it asks
 *   again after failed requests, the last of their errors
 */
const GError *
pd_log_loader_get_error (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), NULL);
  return self->error;
}

/**
 * pd_log_loader_dup_message:
 * @self: a #PdLogLoader
 *
 * Returns: (transfer full) (nullable): a sentence for the reader about the
 *   state, or %NULL when the lines speak for themselves
 */
char *
pd_log_loader_dup_message (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), NULL);

  switch (self->state)
    {
    case PD_LOG_LOADER_STATE_RESOLVING:
      return g_strdup (_("Finding the build’s log…"));
    case PD_LOG_LOADER_STATE_WAITING:
      return g_strdup (_("Waiting for the build to start writing its log…"));
    case PD_LOG_LOADER_STATE_NO_LOGS:
      return g_strdup (_("This build does not send its log to CloudWatch Logs."));
    case PD_LOG_LOADER_STATE_DELETED:
      return g_strdup (_("The build’s log stream no longer exists: it was deleted or has "
                         "expired."));
    case PD_LOG_LOADER_STATE_FAILED:
      return g_strdup_printf (_("The log could not be read: %s"),
                              self->error != NULL ? self->error->message : _("unknown error"));
    case PD_LOG_LOADER_STATE_IDLE:
    case PD_LOG_LOADER_STATE_LOADING:
    case PD_LOG_LOADER_STATE_FOLLOWING:
    case PD_LOG_LOADER_STATE_COMPLETE:
    default:
      return NULL;
    }
}

/**
 * pd_log_loader_get_build_status:
 * @self: a #PdLogLoader
 *
 * Returns: the build's status, as last seen
 */
PdAwsBuildStatus
pd_log_loader_get_build_status (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), PD_AWS_BUILD_STATUS_UNKNOWN);
  return self->build != NULL ? self->build->status : PD_AWS_BUILD_STATUS_UNKNOWN;
}

/**
 * pd_log_loader_get_deep_link:
 * @self: a #PdLogLoader
 *
 * Returns: (nullable): the address of the log in the AWS console
 */
const char *
pd_log_loader_get_deep_link (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), NULL);
  return self->build != NULL ? self->build->deep_link : NULL;
}

/**
 * pd_log_loader_get_tail_first:
 * @self: a #PdLogLoader
 *
 * Returns: whether the log is read from its end backwards (a failed build)
 */
gboolean
pd_log_loader_get_tail_first (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), FALSE);
  return self->tail_first;
}

/**
 * pd_log_loader_get_pages:
 * @self: a #PdLogLoader
 *
 * Returns: how many pages arrived whole
 */
guint
pd_log_loader_get_pages (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), 0);
  return self->pages;
}

/**
 * pd_log_loader_get_retries:
 * @self: a #PdLogLoader
 *
 * Returns: how many requests failed and were asked again
 */
guint
pd_log_loader_get_retries (PdLogLoader *self)
{
  g_return_val_if_fail (PD_IS_LOG_LOADER (self), 0);
  return self->retries;
}

/**
 * pd_log_loader_set_follow:
 * @self: a #PdLogLoader
 * @follow: whether to keep reading while the build runs
 *
 * Without following, the loader stops at the end of what is there (as a
 * search does).
 */
void
pd_log_loader_set_follow (PdLogLoader *self,
                          gboolean     follow)
{
  g_return_if_fail (PD_IS_LOG_LOADER (self));
  self->follow = !!follow;
}

/**
 * pd_log_loader_set_timing:
 * @self: a #PdLogLoader
 * @poll_ms: how often to look for new lines while following or waiting
 * @backoff_ms: the first pause after a failed request (it doubles, up to 8 s)
 *
 * Changes the loader's timing (tests make it quick).
 */
void
pd_log_loader_set_timing (PdLogLoader *self,
                          guint        poll_ms,
                          guint        backoff_ms)
{
  g_return_if_fail (PD_IS_LOG_LOADER (self));
  self->poll_ms = MAX (poll_ms, 1);
  self->backoff_ms = MAX (backoff_ms, 1);
}

/**
 * pd_log_loader_set_settle_time:
 * @self: a #PdLogLoader
 * @settle_ms: how long to keep reading after a followed build ends
 *
 * CloudWatch makes a line readable a few seconds after the build wrote it,
 * so a build seen running may be over before its last lines can be read:
 * the loader keeps reading for @settle_ms after the build ends, and until a
 * read finds nothing new (6 s by default; tests make it quick).
 */
void
pd_log_loader_set_settle_time (PdLogLoader *self,
                               guint        settle_ms)
{
  g_return_if_fail (PD_IS_LOG_LOADER (self));
  self->settle_ms = settle_ms;
}

/**
 * pd_log_loader_start:
 * @self: a #PdLogLoader
 *
 * Starts loading, from the thread-default main context.
 */
void
pd_log_loader_start (PdLogLoader *self)
{
  g_return_if_fail (PD_IS_LOG_LOADER (self));
  g_return_if_fail (self->state == PD_LOG_LOADER_STATE_IDLE);

  resolve (self);
}

/**
 * pd_log_loader_retry:
 * @self: a #PdLogLoader
 *
 * Asks again at once: after the loader gave up, or while it waits to ask
 * again after a failed request. Does nothing otherwise.
 */
void
pd_log_loader_retry (PdLogLoader *self)
{
  g_return_if_fail (PD_IS_LOG_LOADER (self));

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->state == PD_LOG_LOADER_STATE_FAILED)
    {
      self->failures = 0;
      set_state (self, self->build != NULL ? PD_LOG_LOADER_STATE_LOADING
                                           : PD_LOG_LOADER_STATE_RESOLVING);
    }
  else if (self->timeout_id == 0 || self->error == NULL)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  run_step (self);
}

/**
 * pd_log_loader_stop:
 * @self: a #PdLogLoader
 *
 * Stops reading and following; the lines read stay in the store.
 */
void
pd_log_loader_stop (PdLogLoader *self)
{
  g_return_if_fail (PD_IS_LOG_LOADER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

/* Search this execution */

/**
 * pd_log_search_group_free:
 * @self: (transfer full): a group
 *
 * Frees @self.
 */
void
pd_log_search_group_free (PdLogSearchGroup *self)
{
  if (self == NULL)
    return;
  g_free (self->build_id);
  g_clear_object (&self->store);
  g_clear_pointer (&self->matches, pd_log_matches_unref);
  g_free (self);
}

typedef struct
{
  PdAwsClient    *client;
  GStrv           build_ids;
  char           *query;
  PdLogFindFlags  flags;
  guint           next;
  GPtrArray      *groups;
  PdLogLoader    *loader;
  gulong          state_id;
} SearchData;

static void
search_data_free (gpointer data)
{
  SearchData *self = data;

  if (self->loader != NULL)
    {
      g_clear_signal_handler (&self->state_id, self->loader);
      pd_log_loader_stop (self->loader);
      g_clear_object (&self->loader);
    }
  g_clear_object (&self->client);
  g_strfreev (self->build_ids);
  g_free (self->query);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self);
}

static void search_next (GTask *task);

static void
on_search_found_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SearchData *data = g_task_get_task_data (task);
  PdLogSearchGroup *group = g_ptr_array_index (data->groups, data->groups->len - 1);
  GError *error = NULL;

  group->matches = pd_log_store_find_finish (PD_LOG_STORE (object), result, &error);
  if (group->matches == NULL)
    {
      /* The query is the same for every build: one error says it all. */
      g_task_return_error (task, error);
      return;
    }
  search_next (g_steal_pointer (&task));
}

static void
on_search_state_cb (PdLogLoader *loader,
                    GParamSpec  *pspec,
                    gpointer     user_data)
{
  GTask *task = user_data;
  SearchData *data = g_task_get_task_data (task);
  PdLogSearchGroup *group;

  if (!pd_log_loader_is_finished (loader))
    return;
  g_clear_signal_handler (&data->state_id, loader);
  group = g_new0 (PdLogSearchGroup, 1);
  group->build_id = g_strdup (pd_log_loader_get_build_id (loader));
  group->state = pd_log_loader_get_state (loader);
  group->store = g_object_ref (pd_log_loader_get_store (loader));
  g_ptr_array_add (data->groups, group);
  g_clear_object (&data->loader);
  pd_log_store_find_async (group->store, data->query, data->flags, g_task_get_cancellable (task),
                           on_search_found_cb, task);
}

static void
search_next (GTask *task)
{
  SearchData *data = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (data->build_ids[data->next] == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&data->groups),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  data->loader = pd_log_loader_new (data->client, data->build_ids[data->next++]);
  pd_log_loader_set_follow (data->loader, FALSE);
  data->state_id = g_signal_connect (data->loader, "notify::state",
                                     G_CALLBACK (on_search_state_cb), task);
  pd_log_loader_start (data->loader);
}

/**
 * pd_log_search_builds_async:
 * @client: the client of the execution's account
 * @build_ids: (array zero-terminated=1): the CodeBuild builds of the
 *   execution's actions
 * @query: what to find
 * @flags: #PdLogFindFlags
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the results
 * @user_data: data for @callback
 *
 * "Search this execution": loads the log of every build as it is now and
 * finds @query in each, as the logs view's find does.
 */
void
pd_log_search_builds_async (PdAwsClient         *client,
                            const char * const  *build_ids,
                            const char          *query,
                            PdLogFindFlags       flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchData *data;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (build_ids != NULL);
  g_return_if_fail (query != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_log_search_builds_async);
  data = g_new0 (SearchData, 1);
  data->client = g_object_ref (client);
  data->build_ids = g_strdupv ((char **) build_ids);
  data->query = g_strdup (query);
  data->flags = flags;
  data->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_log_search_group_free);
  g_task_set_task_data (task, data, search_data_free);
  search_next (g_steal_pointer (&task));
}

/**
 * pd_log_search_builds_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PdLogSearchGroup): one group per
 *   build, in the order given, or %NULL with @error set
 */
GPtrArray *
pd_log_search_builds_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Entry points for views, which hold accounts rather than clients */

static PdAwsClient *
client_for_account (PdAccount *account)
{
  g_autoptr(PdAwsCredentialsProvider) provider = pd_account_dup_provider (account);

  if (provider == NULL)
    return NULL;
  return pd_aws_client_new (provider, pd_account_get_region (account),
                            pd_account_get_endpoint_url (account));
}

/**
 * pd_log_loader_new_for_account:
 * @account: the account of the build
 * @build_id: the CodeBuild build ID
 *
 * Creates a loader that reads through @account's credentials and region.
 *
 * Returns: (transfer full) (nullable): a new #PdLogLoader, or %NULL if the
 *   account has no credentials
 */
PdLogLoader *
pd_log_loader_new_for_account (PdAccount  *account,
                               const char *build_id)
{
  g_autoptr(PdAwsClient) client = NULL;

  g_return_val_if_fail (PD_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (build_id != NULL, NULL);

  client = client_for_account (account);
  if (client == NULL)
    return NULL;
  return pd_log_loader_new (client, build_id);
}

/**
 * pd_log_search_execution_async:
 * @account: the account of the execution
 * @build_ids: (array zero-terminated=1): the builds of its CodeBuild actions
 * @query: what to find
 * @flags: #PdLogFindFlags
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the results; finish with pd_log_search_builds_finish()
 * @user_data: data for @callback
 *
 * pd_log_search_builds_async() through @account.
 */
void
pd_log_search_execution_async (PdAccount           *account,
                               const char * const  *build_ids,
                               const char          *query,
                               PdLogFindFlags       flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(PdAwsClient) client = NULL;

  g_return_if_fail (PD_IS_ACCOUNT (account));

  client = client_for_account (account);
  if (client == NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

      g_task_set_source_tag (task, pd_log_search_builds_async);
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                               _("The account has no credentials"));
      return;
    }
  pd_log_search_builds_async (client, build_ids, query, flags, cancellable, callback, user_data);
}

static void
on_execution_builds_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GPtrArray *actions;
  GError *error = NULL;

  actions = pd_aws_logs_list_execution_builds_finish (PD_AWS_CLIENT (object), result, &error);
  if (actions == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, actions, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pd_log_list_execution_builds_async:
 * @account: the account of the pipeline
 * @pipeline_name: the pipeline
 * @execution_id: (nullable): the execution, or %NULL for the newest
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Finds the actions of an execution and their CodeBuild builds.
 */
void
pd_log_list_execution_builds_async (PdAccount           *account,
                                    const char          *pipeline_name,
                                    const char          *execution_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdAwsClient) client = NULL;

  g_return_if_fail (PD_IS_ACCOUNT (account));
  g_return_if_fail (pipeline_name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_log_list_execution_builds_async);
  client = client_for_account (account);
  if (client == NULL)
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                               _("The account has no credentials"));
      return;
    }
  pd_aws_logs_list_execution_builds_async (client, pipeline_name, execution_id, cancellable,
                                           on_execution_builds_cb, g_steal_pointer (&task));
}

/**
 * pd_log_list_execution_builds_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PdAwsActionBuild): the actions, in
 *   pipeline order, or %NULL with @error set
 */
GPtrArray *
pd_log_list_execution_builds_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
