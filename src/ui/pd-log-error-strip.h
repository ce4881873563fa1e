/* pd-log-error-strip.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-log-store.h"

G_BEGIN_DECLS

#define PD_TYPE_LOG_ERROR_STRIP (pd_log_error_strip_get_type ())

G_DECLARE_FINAL_TYPE (PdLogErrorStrip, pd_log_error_strip, PD, LOG_ERROR_STRIP, GtkWidget)

PdLogErrorStrip *pd_log_error_strip_new          (void);
void             pd_log_error_strip_set_store    (PdLogErrorStrip *self,
                                                  PdLogStore      *store);
PdLogStore      *pd_log_error_strip_get_store    (PdLogErrorStrip *self);
double           pd_log_error_strip_get_mark_y   (PdLogErrorStrip *self,
                                                  guint            index);
gint64           pd_log_error_strip_get_error_at (PdLogErrorStrip *self,
                                                  double           y);

G_END_DECLS
