/* pd-util.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean pd_set_str (char       **dest,
                     const char  *value);

G_END_DECLS
