/* pd-screenshot.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        pd_screenshot_window_async  (GtkWindow            *window,
                                         const char           *filename,
                                         guint                 timeout_seconds,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean    pd_screenshot_window_finish (GAsyncResult         *result,
                                         GError              **error);
GdkTexture *pd_screenshot_render_widget (GtkWidget            *widget,
                                         GError              **error);

G_END_DECLS
