/* pd-poller.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-pipeline-private.h"
#include "pd-poller.h"

/* The refresh rules of DESIGN.md: the shown pipeline every 2 s while it
 * runs and every 30 s when idle, the list every 30 s, nothing while the
 * window is hidden except watched pipelines every 60 s, exponential backoff
 * on errors. Intervals are properties so that tests run in milliseconds. */

struct _PdPoller
{
  GObject         parent_instance;

  /* Owned references */
  PdPipelineList *list;
  PdPipeline     *pipeline;
  GCancellable   *cancellable;

  /* State */
  guint           timer_id;
  gulong          running_handler;
  guint           running_interval;
  guint           idle_interval;
  guint           watch_interval;
  guint           max_backoff;
  guint           failures;
  guint           next_delay;
  guint           in_flight;
  gboolean        poll_failed;
  gint64          last_list_poll;

  /* Flags */
  guint           active : 1;
};

G_DEFINE_FINAL_TYPE (PdPoller, pd_poller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LIST,
  PROP_PIPELINE,
  PROP_ACTIVE,
  PROP_RUNNING_INTERVAL,
  PROP_IDLE_INTERVAL,
  PROP_WATCH_INTERVAL,
  PROP_MAX_BACKOFF,
  PROP_FAILURES,
  PROP_NEXT_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule (PdPoller *self);
static void poll_once (PdPoller *self);

static gboolean
any_watched (PdPoller *self)
{
  guint n;

  if (self->list == NULL)
    return FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdPipeline) pipeline = g_list_model_get_item (G_LIST_MODEL (self->list), i);

      if (pd_pipeline_get_watched (pipeline))
        return TRUE;
    }
  return FALSE;
}

static guint
base_interval (PdPoller *self)
{
  if (!self->active)
    return any_watched (self) ? self->watch_interval : 0;
  if (self->pipeline != NULL && pd_pipeline_get_running (self->pipeline))
    return self->running_interval;
  return self->idle_interval;
}

static gboolean
on_timer_cb (gpointer user_data)
{
  PdPoller *self = user_data;

  self->timer_id = 0;
  poll_once (self);
  return G_SOURCE_REMOVE;
}

static void
set_next_delay (PdPoller *self,
                guint     delay)
{
  if (self->next_delay != delay)
    {
      self->next_delay = delay;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_DELAY]);
    }
}

static void
schedule (PdPoller *self)
{
  guint64 delay = base_interval (self);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->in_flight > 0)
    return;                     /* the poll in flight schedules when it ends */
  if (delay == 0)
    {
      set_next_delay (self, 0);
      return;
    }
  /* Doubling per failure, capped */
  for (guint i = 0; i < self->failures && delay < self->max_backoff; i++)
    delay *= 2;
  delay = MIN (delay, MAX (self->max_backoff, base_interval (self)));
  set_next_delay (self, (guint) delay);
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) delay, on_timer_cb, self, NULL);
}

static void
poll_part_done (PdPoller *self,
                GError   *error)
{
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->poll_failed = TRUE;
  g_clear_error (&error);

  if (--self->in_flight > 0)
    return;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (self->poll_failed)
    self->failures++;
  else
    self->failures = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURES]);
  schedule (self);
}

static void
on_pipeline_refreshed_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(PdPoller) self = user_data;
  GError *error = NULL;

  pd_pipeline_refresh_finish (PD_PIPELINE (object), result, &error);
  poll_part_done (self, error);
}

static void
on_summary_refreshed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(PdPoller) self = user_data;
  GError *error = NULL;

  pd_pipeline_refresh_summary_finish (PD_PIPELINE (object), result, &error);
  poll_part_done (self, error);
}

static void
on_list_refreshed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PdPoller) self = user_data;
  GError *error = NULL;

  pd_pipeline_list_refresh_finish (PD_PIPELINE_LIST (object), result, &error);
  poll_part_done (self, error);
}

/* One poll, of what an active poller reads when @as_active */
static void
poll_with (PdPoller *self,
           gboolean  as_active)
{
  gint64 now = g_get_monotonic_time ();

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->in_flight > 0 || g_cancellable_is_cancelled (self->cancellable))
    return;
  self->poll_failed = FALSE;
  /* Guards against a synchronous completion rescheduling mid-loop */
  self->in_flight = 1;

  if (as_active)
    {
      if (self->pipeline != NULL)
        {
          self->in_flight++;
          pd_pipeline_refresh_async (self->pipeline, self->cancellable, on_pipeline_refreshed_cb,
                                     g_object_ref (self));
        }
      if (self->list != NULL &&
          (self->last_list_poll == 0 ||
           now - self->last_list_poll >= (gint64) self->idle_interval * 1000))
        {
          self->last_list_poll = now;
          self->in_flight++;
          pd_pipeline_list_refresh_async (self->list, self->cancellable, on_list_refreshed_cb,
                                          g_object_ref (self));
        }
    }
  else if (self->list != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PdPipeline) pipeline = g_list_model_get_item (G_LIST_MODEL (self->list), i);

          if (!pd_pipeline_get_watched (pipeline))
            continue;
          self->in_flight++;
          pd_pipeline_refresh_summary_async (pipeline, self->cancellable,
                                             on_summary_refreshed_cb, g_object_ref (self));
        }
    }

  poll_part_done (self, NULL);
}

static void
poll_once (PdPoller *self)
{
  poll_with (self, self->active);
}

static void
on_running_changed_cb (PdPipeline *pipeline,
                       GParamSpec *pspec,
                       PdPoller   *self)
{
  schedule (self);
}

static void
pd_poller_dispose (GObject *object)
{
  PdPoller *self = PD_POLLER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->pipeline != NULL)
    g_clear_signal_handler (&self->running_handler, self->pipeline);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (pd_poller_parent_class)->dispose (object);
}

static void
pd_poller_finalize (GObject *object)
{
  PdPoller *self = PD_POLLER (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pd_poller_parent_class)->finalize (object);
}

static void
pd_poller_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdPoller *self = PD_POLLER (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;
    case PROP_PIPELINE:
      g_value_set_object (value, self->pipeline);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_RUNNING_INTERVAL:
      g_value_set_uint (value, self->running_interval);
      break;
    case PROP_IDLE_INTERVAL:
      g_value_set_uint (value, self->idle_interval);
      break;
    case PROP_WATCH_INTERVAL:
      g_value_set_uint (value, self->watch_interval);
      break;
    case PROP_MAX_BACKOFF:
      g_value_set_uint (value, self->max_backoff);
      break;
    case PROP_FAILURES:
      g_value_set_uint (value, self->failures);
      break;
    case PROP_NEXT_DELAY:
      g_value_set_uint (value, self->next_delay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_poller_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdPoller *self = PD_POLLER (object);

  switch (prop_id)
    {
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;
    case PROP_PIPELINE:
      pd_poller_set_pipeline (self, g_value_get_object (value));
      break;
    case PROP_ACTIVE:
      pd_poller_set_active (self, g_value_get_boolean (value));
      break;
    case PROP_RUNNING_INTERVAL:
      pd_poller_set_running_interval (self, g_value_get_uint (value));
      break;
    case PROP_IDLE_INTERVAL:
      pd_poller_set_idle_interval (self, g_value_get_uint (value));
      break;
    case PROP_WATCH_INTERVAL:
      pd_poller_set_watch_interval (self, g_value_get_uint (value));
      break;
    case PROP_MAX_BACKOFF:
      pd_poller_set_max_backoff (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_poller_class_init (PdPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pd_poller_dispose;
  object_class->finalize = pd_poller_finalize;
  object_class->get_property = pd_poller_get_property;
  object_class->set_property = pd_poller_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, PD_TYPE_PIPELINE_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIPELINE] = g_param_spec_object ("pipeline", NULL, NULL, PD_TYPE_PIPELINE, rw);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, rw);
  properties[PROP_RUNNING_INTERVAL] =
    g_param_spec_uint ("running-interval", NULL, NULL, 1, G_MAXUINT, PD_POLLER_RUNNING_INTERVAL, rw);
  properties[PROP_IDLE_INTERVAL] =
    g_param_spec_uint ("idle-interval", NULL, NULL, 1, G_MAXUINT, PD_POLLER_IDLE_INTERVAL, rw);
  properties[PROP_WATCH_INTERVAL] =
    g_param_spec_uint ("watch-interval", NULL, NULL, 1, G_MAXUINT, PD_POLLER_WATCH_INTERVAL, rw);
  properties[PROP_MAX_BACKOFF] =
    g_param_spec_uint ("max-backoff", NULL, NULL, 1, G_MAXUINT, PD_POLLER_MAX_BACKOFF, rw);
  properties[PROP_FAILURES] = g_param_spec_uint ("failures", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_NEXT_DELAY] = g_param_spec_uint ("next-delay", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_poller_init (PdPoller *self)
{
  self->cancellable = g_cancellable_new ();
  self->running_interval = PD_POLLER_RUNNING_INTERVAL;
  self->idle_interval = PD_POLLER_IDLE_INTERVAL;
  self->watch_interval = PD_POLLER_WATCH_INTERVAL;
  self->max_backoff = PD_POLLER_MAX_BACKOFF;
}

/**
 * pd_poller_new:
 * @list: (nullable): the pipeline list of the account
 *
 * Creates an inactive poller; views make it active while the window shows.
 *
 * Returns: (transfer full): a new #PdPoller
 */
PdPoller *
pd_poller_new (PdPipelineList *list)
{
  g_return_val_if_fail (list == NULL || PD_IS_PIPELINE_LIST (list), NULL);

  return g_object_new (PD_TYPE_POLLER, "list", list, NULL);
}

/**
 * pd_poller_get_list:
 * @self: a #PdPoller
 *
 * Returns: (transfer none) (nullable): the list
 */
PdPipelineList *
pd_poller_get_list (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), NULL);
  return self->list;
}

/**
 * pd_poller_get_pipeline:
 * @self: a #PdPoller
 *
 * Returns: (transfer none) (nullable): the shown pipeline
 */
PdPipeline *
pd_poller_get_pipeline (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), NULL);
  return self->pipeline;
}

/**
 * pd_poller_set_pipeline:
 * @self: a #PdPoller
 * @pipeline: (nullable): the pipeline the window shows
 *
 * Changes the shown pipeline; an active poller refreshes it at once.
 */
void
pd_poller_set_pipeline (PdPoller   *self,
                        PdPipeline *pipeline)
{
  g_return_if_fail (PD_IS_POLLER (self));
  g_return_if_fail (pipeline == NULL || PD_IS_PIPELINE (pipeline));

  if (self->pipeline == pipeline)
    return;
  if (self->pipeline != NULL)
    g_clear_signal_handler (&self->running_handler, self->pipeline);
  g_set_object (&self->pipeline, pipeline);
  if (pipeline != NULL)
    self->running_handler = g_signal_connect_object (pipeline, "notify::running",
                                                     G_CALLBACK (on_running_changed_cb), self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE]);
  if (self->active && pipeline != NULL)
    poll_once (self);
  else
    schedule (self);
}

/**
 * pd_poller_get_active:
 * @self: a #PdPoller
 *
 * Returns: whether the window is shown
 */
gboolean
pd_poller_get_active (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), FALSE);
  return self->active;
}

/**
 * pd_poller_set_active:
 * @self: a #PdPoller
 * @active: whether the window is shown (not hidden nor minimized)
 *
 * Views set this from the window state. Becoming active refreshes at once;
 * inactive, only watched pipelines are checked.
 */
void
pd_poller_set_active (PdPoller *self,
                      gboolean  active)
{
  g_return_if_fail (PD_IS_POLLER (self));

  if (self->active == !!active)
    return;
  self->active = !!active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  if (self->active)
    {
      self->last_list_poll = 0;
      poll_once (self);
    }
  else
    schedule (self);
}

#define INTERVAL_ACCESSORS(field, prop)                                         \
  guint                                                                         \
  pd_poller_get_##field (PdPoller *self)                                        \
  {                                                                             \
    g_return_val_if_fail (PD_IS_POLLER (self), 0);                              \
    return self->field;                                                         \
  }                                                                             \
  void                                                                          \
  pd_poller_set_##field (PdPoller *self,                                        \
                         guint     interval_ms)                                 \
  {                                                                             \
    g_return_if_fail (PD_IS_POLLER (self));                                     \
    interval_ms = MAX (interval_ms, 1);                                         \
    if (self->field == interval_ms)                                             \
      return;                                                                   \
    self->field = interval_ms;                                                  \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);               \
    if (self->timer_id != 0 || self->next_delay == 0)                           \
      schedule (self);                                                          \
  }

/**
 * pd_poller_get_running_interval:
 * @self: a #PdPoller
 *
 * Returns: milliseconds between refreshes of a running shown pipeline
 */
/**
 * pd_poller_set_running_interval:
 * @self: a #PdPoller
 * @interval_ms: milliseconds
 *
 * Sets the interval while the shown pipeline runs.
 */
INTERVAL_ACCESSORS (running_interval, PROP_RUNNING_INTERVAL)

/**
 * pd_poller_get_idle_interval:
 * @self: a #PdPoller
 *
 * Returns: milliseconds between refreshes of an idle pipeline and the list
 */
/**
 * pd_poller_set_idle_interval:
 * @self: a #PdPoller
 * @interval_ms: milliseconds
 *
 * Sets the interval when nothing runs.
 */
INTERVAL_ACCESSORS (idle_interval, PROP_IDLE_INTERVAL)

/**
 * pd_poller_get_watch_interval:
 * @self: a #PdPoller
 *
 * Returns: milliseconds between checks of watched pipelines while inactive
 */
/**
 * pd_poller_set_watch_interval:
 * @self: a #PdPoller
 * @interval_ms: milliseconds
 *
 * Sets the interval of watched pipelines while the window is hidden.
 */
INTERVAL_ACCESSORS (watch_interval, PROP_WATCH_INTERVAL)

/**
 * pd_poller_get_max_backoff:
 * @self: a #PdPoller
 *
 * Returns: the longest wait after repeated errors, in milliseconds
 */
/**
 * pd_poller_set_max_backoff:
 * @self: a #PdPoller
 * @interval_ms: milliseconds
 *
 * Caps the exponential backoff.
 */
INTERVAL_ACCESSORS (max_backoff, PROP_MAX_BACKOFF)

/**
 * pd_poller_get_failures:
 * @self: a #PdPoller
 *
 * Returns: how many polls in a row have failed
 */
guint
pd_poller_get_failures (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), 0);
  return self->failures;
}

/**
 * pd_poller_get_next_delay:
 * @self: a #PdPoller
 *
 * Returns: the milliseconds until the next poll, or 0 when none is planned
 */
guint
pd_poller_get_next_delay (PdPoller *self)
{
  g_return_val_if_fail (PD_IS_POLLER (self), 0);
  return self->next_delay;
}

/**
 * pd_poller_load_now:
 * @self: a #PdPoller
 *
 * Reads the list (and the pipeline) now, as an active poller would, even
 * while the window is not shown yet: the first load of an account that
 * was just opened need not wait for the window to be mapped. Polling
 * itself still follows pd_poller_set_active().
 */
void
pd_poller_load_now (PdPoller *self)
{
  g_return_if_fail (PD_IS_POLLER (self));
  poll_with (self, TRUE);
}

/**
 * pd_poller_poll_now:
 * @self: a #PdPoller
 *
 * Polls at once (a refresh button), unless a poll is in flight.
 */
void
pd_poller_poll_now (PdPoller *self)
{
  g_return_if_fail (PD_IS_POLLER (self));
  poll_once (self);
}
