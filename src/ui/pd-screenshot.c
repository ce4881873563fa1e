/* pd-screenshot.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-screenshot.h"

/* A screenshot waits for the window to be mapped and no longer busy (its
 * view has its data), then for the frame after that to be painted, and
 * renders the window with GTK's own renderer. */

typedef struct
{
  GtkWindow *window;
  char      *filename;
  gulong     busy_handler;
  gulong     map_handler;
  gulong     paint_handler;
  guint      timeout_id;
  GdkFrameClock *frame_clock;
} ScreenshotState;

static void
screenshot_state_free (ScreenshotState *state)
{
  g_clear_signal_handler (&state->busy_handler, state->window);
  g_clear_signal_handler (&state->map_handler, state->window);
  if (state->frame_clock != NULL)
    g_clear_signal_handler (&state->paint_handler, state->frame_clock);
  g_clear_object (&state->frame_clock);
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  g_clear_object (&state->window);
  g_clear_pointer (&state->filename, g_free);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScreenshotState, screenshot_state_free)

static gboolean
window_is_busy (GtkWindow *window)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (window), "busy");
  gboolean busy = FALSE;

  if (pspec != NULL && pspec->value_type == G_TYPE_BOOLEAN)
    g_object_get (window, "busy", &busy, NULL);

  return busy;
}

/**
 * pd_screenshot_render_widget:
 * @widget: a realized widget
 * @error: a location for a #GError
 *
 * Renders @widget as it is now with the renderer of its native.
 *
 * Returns: (transfer full): a texture of @widget
 */
GdkTexture *
pd_screenshot_render_widget (GtkWidget  *widget,
                             GError    **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  GtkNative *native;
  graphene_rect_t viewport;
  int width, height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  native = gtk_widget_get_native (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (native == NULL || width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("The window is not shown"));
      return NULL;
    }

  renderer = gtk_native_get_renderer (native);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The window drew nothing"));
      return NULL;
    }

  graphene_rect_init (&viewport, 0, 0, width, height);

  return gsk_renderer_render_texture (renderer, node, &viewport);
}

static void
take_screenshot (GTask *task)
{
  ScreenshotState *state = g_task_get_task_data (task);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = pd_screenshot_render_widget (GTK_WIDGET (state->window), &error);
  if (texture == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!gdk_texture_save_to_png (texture, state->filename))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not write “%s”"), state->filename);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   GTask         *task)
{
  ScreenshotState *state = g_task_get_task_data (task);

  g_clear_signal_handler (&state->paint_handler, frame_clock);
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  take_screenshot (task);
  g_object_unref (task);
}

static void maybe_wait_for_paint (GTask *task);

static void
on_window_changed_cb (GtkWindow  *window,
                      GParamSpec *pspec,
                      GTask      *task)
{
  maybe_wait_for_paint (task);
}

static void
on_window_map_cb (GtkWindow *window,
                  GTask     *task)
{
  maybe_wait_for_paint (task);
}

static void
maybe_wait_for_paint (GTask *task)
{
  ScreenshotState *state = g_task_get_task_data (task);
  GdkFrameClock *frame_clock;

  if (state->paint_handler != 0 || g_task_get_completed (task))
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (state->window)) || window_is_busy (state->window))
    return;

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (state->window));
  if (frame_clock == NULL)
    return;

  g_clear_signal_handler (&state->busy_handler, state->window);
  g_clear_signal_handler (&state->map_handler, state->window);

  /* The view is ready: the next painted frame shows it. */
  g_set_object (&state->frame_clock, frame_clock);
  state->paint_handler = g_signal_connect (frame_clock, "after-paint",
                                           G_CALLBACK (on_after_paint_cb), g_object_ref (task));
  gtk_widget_queue_draw (GTK_WIDGET (state->window));
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  ScreenshotState *state = g_task_get_task_data (task);

  state->timeout_id = 0;
  if (state->paint_handler != 0)
    {
      g_clear_signal_handler (&state->paint_handler, state->frame_clock);
      g_object_unref (task);
    }
  g_clear_signal_handler (&state->busy_handler, state->window);
  g_clear_signal_handler (&state->map_handler, state->window);
  if (!g_task_get_completed (task))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                             _("The view could not be shown in time"));

  return G_SOURCE_REMOVE;
}

/**
 * pd_screenshot_window_async:
 * @window: the window to render
 * @filename: the PNG file to write
 * @timeout_seconds: how long the view may take to be ready
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written or the wait failed
 * @user_data: data for @callback
 *
 * Writes a PNG of @window once its view is shown with its data.
 */
void
pd_screenshot_window_async (GtkWindow           *window,
                            const char          *filename,
                            guint                timeout_seconds,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ScreenshotState) state = NULL;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (filename != NULL);

  task = g_task_new (window, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_screenshot_window_async);

  state = g_new0 (ScreenshotState, 1);
  state->window = g_object_ref (window);
  state->filename = g_strdup (filename);
  state->busy_handler = g_signal_connect (window, "notify::busy",
                                          G_CALLBACK (on_window_changed_cb), task);
  state->map_handler = g_signal_connect_after (window, "map",
                                               G_CALLBACK (on_window_map_cb), task);
  state->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, timeout_seconds,
                                                  on_timeout_cb,
                                                  g_object_ref (task), g_object_unref);
  g_task_set_task_data (task, g_steal_pointer (&state), (GDestroyNotify) screenshot_state_free);

  maybe_wait_for_paint (task);
}

gboolean
pd_screenshot_window_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
