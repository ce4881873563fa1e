/* pd-util.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-util.h"

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
