/* pd-util.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * PdNowFunc:
 * @user_data: the data given to pd_util_set_now_func()
 *
 * Tells the current wall-clock time, in microseconds since the Unix epoch.
 *
 * Returns: the time, as g_get_real_time() does
 */
typedef gint64 (*PdNowFunc) (gpointer user_data);

gboolean    pd_set_str            (char       **dest,
                                   const char  *value);
void        pd_util_set_now_func  (PdNowFunc    func,
                                   gpointer     user_data);
gint64      pd_util_get_real_time (void);
GDateTime  *pd_util_new_now_utc   (void);

G_END_DECLS
