/* pd-api-poller.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-api-poller.h"

/* The refresh rule of the API section: everything again every 30 s while
 * the section shows, at once when it shows and nothing was read for a whole
 * interval, and nothing at all while it is hidden. Failures double the wait
 * up to a cap; the list marks its data stale meanwhile. */
struct _PdApiPoller
{
  GObject       parent_instance;

  /* Owned references */
  PdApiList    *list;
  GCancellable *cancellable;

  /* State */
  guint         timer_id;
  guint         interval;
  guint         max_backoff;
  guint         failures;
  guint         next_delay;
  gint64        last_poll;

  /* Flags */
  guint         active : 1;
  guint         in_flight : 1;
};

G_DEFINE_FINAL_TYPE (PdApiPoller, pd_api_poller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_FAILURES,
  PROP_NEXT_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void poll_once (PdApiPoller *self);

static gboolean
on_timer_cb (gpointer user_data)
{
  PdApiPoller *self = user_data;

  self->timer_id = 0;
  poll_once (self);
  return G_SOURCE_REMOVE;
}

static void
set_next_delay (PdApiPoller *self,
                guint        delay)
{
  if (self->next_delay != delay)
    {
      self->next_delay = delay;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_DELAY]);
    }
}

static void
schedule (PdApiPoller *self)
{
  guint64 delay = self->interval;
  gint64 since;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (!self->active || self->in_flight)
    {
      set_next_delay (self, 0);
      return;
    }
  for (guint i = 0; i < self->failures && delay < self->max_backoff; i++)
    delay *= 2;
  delay = MIN (delay, MAX (self->max_backoff, self->interval));

  /* Shown again: what was read less than a wait ago still counts */
  if (self->last_poll != 0)
    {
      since = (g_get_monotonic_time () - self->last_poll) / 1000;
      delay = since >= (gint64) delay ? 0 : delay - (guint64) since;
    }
  else
    delay = 0;

  set_next_delay (self, (guint) delay);
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) delay, on_timer_cb, self, NULL);
  g_source_set_name_by_id (self->timer_id, "[pipedeck] API refresh");
}

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdApiPoller) self = user_data;
  g_autoptr(GError) error = NULL;

  self->in_flight = FALSE;
  if (!pd_api_list_refresh_finish (PD_API_LIST (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->failures++;
    }
  else
    self->failures = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURES]);
  schedule (self);
}

static void
poll_once (PdApiPoller *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->in_flight || !self->active || g_cancellable_is_cancelled (self->cancellable))
    return;
  self->in_flight = TRUE;
  self->last_poll = g_get_monotonic_time ();
  pd_api_list_refresh_async (self->list, self->cancellable, on_refreshed_cb, g_object_ref (self));
}

static void
pd_api_poller_dispose (GObject *object)
{
  PdApiPoller *self = PD_API_POLLER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (pd_api_poller_parent_class)->dispose (object);
}

static void
pd_api_poller_finalize (GObject *object)
{
  PdApiPoller *self = PD_API_POLLER (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pd_api_poller_parent_class)->finalize (object);
}

static void
pd_api_poller_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdApiPoller *self = PD_API_POLLER (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
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
pd_api_poller_class_init (PdApiPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pd_api_poller_dispose;
  object_class->finalize = pd_api_poller_finalize;
  object_class->get_property = pd_api_poller_get_property;

  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, ro);
  properties[PROP_FAILURES] = g_param_spec_uint ("failures", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_NEXT_DELAY] = g_param_spec_uint ("next-delay", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_api_poller_init (PdApiPoller *self)
{
  self->cancellable = g_cancellable_new ();
  self->interval = PD_API_POLLER_INTERVAL;
  self->max_backoff = PD_API_POLLER_MAX_BACKOFF;
}

/**
 * pd_api_poller_new:
 * @list: the list to refresh
 *
 * Returns: (transfer full): a new, inactive #PdApiPoller
 */
PdApiPoller *
pd_api_poller_new (PdApiList *list)
{
  PdApiPoller *self;

  g_return_val_if_fail (PD_IS_API_LIST (list), NULL);

  self = g_object_new (PD_TYPE_API_POLLER, NULL);
  self->list = g_object_ref (list);
  return self;
}

/**
 * pd_api_poller_get_list:
 * @self: a #PdApiPoller
 *
 * Returns: (transfer none) (nullable): its list; none once disposed
 */
PdApiList *
pd_api_poller_get_list (PdApiPoller *self)
{
  g_return_val_if_fail (PD_IS_API_POLLER (self), NULL);
  return self->list;
}

gboolean
pd_api_poller_get_active (PdApiPoller *self)
{
  g_return_val_if_fail (PD_IS_API_POLLER (self), FALSE);
  return self->active;
}

/**
 * pd_api_poller_set_active:
 * @self: a #PdApiPoller
 * @active: whether the section shows
 *
 * Starts or stops the refreshes; a refresh in flight finishes.
 */
void
pd_api_poller_set_active (PdApiPoller *self,
                          gboolean     active)
{
  g_return_if_fail (PD_IS_API_POLLER (self));

  active = !!active;
  if (self->active == (guint) active)
    return;
  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  if (self->list != NULL)
    schedule (self);
}

guint
pd_api_poller_get_interval (PdApiPoller *self)
{
  g_return_val_if_fail (PD_IS_API_POLLER (self), 0);
  return self->interval;
}

void
pd_api_poller_set_interval (PdApiPoller *self,
                            guint        interval_ms)
{
  g_return_if_fail (PD_IS_API_POLLER (self));
  g_return_if_fail (interval_ms > 0);

  self->interval = interval_ms;
  if (self->list != NULL && self->timer_id != 0)
    schedule (self);
}

guint
pd_api_poller_get_max_backoff (PdApiPoller *self)
{
  g_return_val_if_fail (PD_IS_API_POLLER (self), 0);
  return self->max_backoff;
}

void
pd_api_poller_set_max_backoff (PdApiPoller *self,
                               guint        interval_ms)
{
  g_return_if_fail (PD_IS_API_POLLER (self));
  g_return_if_fail (interval_ms > 0);

  self->max_backoff = interval_ms;
  if (self->list != NULL && self->timer_id != 0)
    schedule (self);
}

/**
 * pd_api_poller_get_failures:
 * @self: a #PdApiPoller
 *
 * Returns: how many refreshes in a row failed
 */
guint
pd_api_poller_get_failures (PdApiPoller *self)
{
  g_return_val_if_fail (PD_IS_API_POLLER (self), 0);
  return self->failures;
}

/**
 * pd_api_poller_get_next_delay:
 * @self: a #PdApiPoller
 *
 * Returns: the wait before the next refresh, in ms; 0 when none is due
 */
guint
pd_api_poller_get_next_delay (PdApiPoller *self)
{
  g_return_val_if_fail (PD_IS_API_POLLER (self), 0);
  return self->next_delay;
}

/**
 * pd_api_poller_poll_now:
 * @self: a #PdApiPoller
 *
 * Refreshes at once if active and no refresh is in flight.
 */
void
pd_api_poller_poll_now (PdApiPoller *self)
{
  g_return_if_fail (PD_IS_API_POLLER (self));

  if (self->list != NULL)
    poll_once (self);
}
