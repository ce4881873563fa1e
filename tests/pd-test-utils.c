/* pd-test-utils.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-test-utils.h"

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
pd_test_wait_for_flag (const gboolean *flag,
                       guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id;

  id = g_timeout_add (timeout_ms, on_timeout_cb, &timed_out);
  while (!*flag && !timed_out)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (!timed_out)
    g_source_remove (id);

  if (timed_out)
    g_error ("timed out after %u ms", timeout_ms);
}

gboolean
pd_test_wait_until (gboolean (*predicate) (gpointer data),
                    gpointer   data,
                    guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  gboolean result;
  guint id;

  id = g_timeout_add (timeout_ms, on_timeout_cb, &timed_out);
  while (!(result = predicate (data)) && !timed_out)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (!timed_out)
    g_source_remove (id);

  return result;
}

const char *
pd_test_get_shared_dir (void)
{
  const char *dir = g_getenv ("PD_SHARED_DIR");

  return dir != NULL && dir[0] != '\0' ? dir : NULL;
}
