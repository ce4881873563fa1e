/* pd-util.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-util.h"

/* Tests replace the clock that relative times are read against. */
static PdNowFunc now_func;
static gpointer now_data;

/**
 * pd_set_str:
 * @dest: (inout): a string pointer
 * @value: (nullable): the new value
 *
 * Replaces *@dest with a copy of @value when they differ (GLib 2.76's
 * g_set_str(), which Debian 12 lacks).
 *
 * Returns: %TRUE if *@dest changed
 */
gboolean
pd_set_str (char       **dest,
            const char  *value)
{
  char *copy;

  if (g_strcmp0 (*dest, value) == 0)
    return FALSE;

  copy = g_strdup (value);
  g_free (*dest);
  *dest = copy;

  return TRUE;
}

/**
 * pd_util_set_now_func:
 * @func: (nullable): the clock to use, or %NULL for the real one
 * @user_data: data for @func
 *
 * Replaces the clock that pd_util_get_real_time() reads, so that tests can
 * let time pass. Call it from the main thread only.
 */
void
pd_util_set_now_func (PdNowFunc func,
                      gpointer  user_data)
{
  now_func = func;
  now_data = func != NULL ? user_data : NULL;
}

/**
 * pd_util_get_real_time:
 *
 * Returns: the wall-clock time in microseconds since the Unix epoch, from
 *   the clock set with pd_util_set_now_func() or else g_get_real_time()
 */
gint64
pd_util_get_real_time (void)
{
  return now_func != NULL ? now_func (now_data) : g_get_real_time ();
}

/**
 * pd_util_new_now_utc:
 *
 * Returns: (transfer full): the time pd_util_get_real_time() tells, in UTC
 */
GDateTime *
pd_util_new_now_utc (void)
{
  gint64 now = pd_util_get_real_time ();
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);

  return g_date_time_add (seconds, now % G_USEC_PER_SEC);
}
