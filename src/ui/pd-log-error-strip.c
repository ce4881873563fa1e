/* pd-log-error-strip.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pd-log-error-strip.h"

/* A thin strip beside the log's scrollbar with a mark at each error line,
 * where that line lies in the whole log, drawn with GtkSnapshot; a click
 * on a mark goes to its line. F8 does the same from the keyboard, which
 * the strip's accessible description says. */

#define STRIP_WIDTH 8
#define MARK_HEIGHT 3.0
#define HIT_SLOP    4.0

struct _PdLogErrorStrip
{
  GtkWidget   parent_instance;

  /* Owned references */
  PdLogStore *store;

  gulong      lines_id;
  gulong      errors_id;
};

G_DEFINE_FINAL_TYPE (PdLogErrorStrip, pd_log_error_strip, GTK_TYPE_WIDGET)

enum {
  ERROR_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static double
mark_y (PdLogErrorStrip *self,
        gint64           line_id,
        double           height)
{
  guint n = pd_log_store_get_n_lines (self->store);
  guint line = 0;

  if (n == 0 || !pd_log_store_get_line_for_id (self->store, line_id, &line))
    return -1;
  /* The middle of the line's share of the height, kept inside the strip. */
  return CLAMP ((line + 0.5) * height / n, MARK_HEIGHT / 2, height - MARK_HEIGHT / 2);
}

static void
update_accessible (PdLogErrorStrip *self)
{
  guint n = self->store != NULL ? pd_log_store_get_n_errors (self->store) : 0;
  g_autofree char *text = NULL;

  /* Translators: the accessible description of the strip of error marks */
  text = g_strdup_printf (ngettext ("%u error line; F8 goes to the next one",
                                    "%u error lines; F8 goes to the next one", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
}

static void
on_store_changed_cb (PdLogErrorStrip *self)
{
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_pressed_cb (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               PdLogErrorStrip *self)
{
  gint64 line_id = pd_log_error_strip_get_error_at (self, y);

  if (line_id == G_MININT64)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[ERROR_ACTIVATED], 0, line_id);
}

static gboolean
on_query_tooltip_cb (GtkWidget       *widget,
                     int              x,
                     int              y,
                     gboolean         keyboard,
                     GtkTooltip      *tooltip,
                     PdLogErrorStrip *self)
{
  gint64 line_id = keyboard ? G_MININT64 : pd_log_error_strip_get_error_at (self, y);
  g_autofree char *text = NULL;
  g_autofree char *tip = NULL;
  guint line = 0;

  if (line_id == G_MININT64 || !pd_log_store_get_line_for_id (self->store, line_id, &line))
    {
      gtk_tooltip_set_text (tooltip, _("Error Lines (F8, Shift+F8)"));
      return TRUE;
    }
  text = pd_log_store_dup_line_text (self->store, line, NULL);
  g_strstrip (text);
  if (g_utf8_strlen (text, -1) > 80)
    *g_utf8_offset_to_pointer (text, 80) = '\0';
  /* Translators: a tooltip: a log line's number, then its text */
  tip = g_strdup_printf (_("Line %u: %s"), line + 1, text);
  gtk_tooltip_set_text (tooltip, tip);
  return TRUE;
}

static void
pd_log_error_strip_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? STRIP_WIDTH : 0;
}

static void
pd_log_error_strip_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  PdLogErrorStrip *self = PD_LOG_ERROR_STRIP (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double last = -G_MAXDOUBLE;
  GdkRGBA color, faint;
  guint n;

  if (self->store == NULL || (n = pd_log_store_get_n_errors (self->store)) == 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  faint = color;
  faint.alpha *= 0.55;

  /* Lines closer than a mark share one: thousands of errors cost no more
   * than the strip's height in rectangles. */
  for (guint i = 0; i < n; i++)
    {
      guint rule = 0;
      gint64 id = pd_log_store_get_error (self->store, i, &rule);
      double y = floor (mark_y (self, id, height) - MARK_HEIGHT / 2);
      const PdLogErrorRule *def = pd_log_errors_get_rule (rule);

      if (y < last + 1)
        continue;
      last = y;
      gtk_snapshot_append_color (snapshot,
                                 def != NULL && def->rank == PD_LOG_ERROR_RANK_HEADLINE
                                 ? &color : &faint,
                                 &GRAPHENE_RECT_INIT (1, (float) y, (float) width - 2,
                                                      (float) MARK_HEIGHT));
    }
}

static void
pd_log_error_strip_dispose (GObject *object)
{
  pd_log_error_strip_set_store (PD_LOG_ERROR_STRIP (object), NULL);

  G_OBJECT_CLASS (pd_log_error_strip_parent_class)->dispose (object);
}

static void
pd_log_error_strip_class_init (PdLogErrorStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_log_error_strip_dispose;
  widget_class->measure = pd_log_error_strip_measure;
  widget_class->snapshot = pd_log_error_strip_snapshot;

  /**
   * PdLogErrorStrip::error-activated:
   * @self: the strip
   * @line_id: the ID of the error line whose mark was clicked
   *
   * A mark was clicked.
   */
  signals[ERROR_ACTIVATED] =
    g_signal_new ("error-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "pd-log-error-strip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pd_log_error_strip_init (PdLogErrorStrip *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Error lines in the log"), -1);
  update_accessible (self);
}

/**
 * pd_log_error_strip_new:
 *
 * Returns: (transfer full): a new, empty strip
 */
PdLogErrorStrip *
pd_log_error_strip_new (void)
{
  return g_object_new (PD_TYPE_LOG_ERROR_STRIP, NULL);
}

/**
 * pd_log_error_strip_set_store:
 * @self: a #PdLogErrorStrip
 * @store: (nullable): the log whose error lines to mark
 *
 * Marks the error lines of @store, following its changes.
 */
void
pd_log_error_strip_set_store (PdLogErrorStrip *self,
                              PdLogStore      *store)
{
  g_return_if_fail (PD_IS_LOG_ERROR_STRIP (self));
  g_return_if_fail (store == NULL || PD_IS_LOG_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->lines_id, self->store);
      g_clear_signal_handler (&self->errors_id, self->store);
    }
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      /* Prepended lines move every mark, new errors add some. */
      self->lines_id = g_signal_connect_swapped (store, "notify::n-lines",
                                                 G_CALLBACK (on_store_changed_cb), self);
      self->errors_id = g_signal_connect_swapped (store, "notify::n-errors",
                                                  G_CALLBACK (on_store_changed_cb), self);
    }
  on_store_changed_cb (self);
}

/**
 * pd_log_error_strip_get_store:
 * @self: a #PdLogErrorStrip
 *
 * Returns: (transfer none) (nullable): the store it marks
 */
PdLogStore *
pd_log_error_strip_get_store (PdLogErrorStrip *self)
{
  g_return_val_if_fail (PD_IS_LOG_ERROR_STRIP (self), NULL);
  return self->store;
}

/**
 * pd_log_error_strip_get_mark_y:
 * @self: a #PdLogErrorStrip
 * @index: an error index of the store
 *
 * Returns: the middle of the error's mark, in the strip's coordinates, or
 *   -1 without it
 */
double
pd_log_error_strip_get_mark_y (PdLogErrorStrip *self,
                               guint            index)
{
  g_return_val_if_fail (PD_IS_LOG_ERROR_STRIP (self), -1);

  if (self->store == NULL || index >= pd_log_store_get_n_errors (self->store))
    return -1;
  return mark_y (self, pd_log_store_get_error (self->store, index, NULL),
                 gtk_widget_get_height (GTK_WIDGET (self)));
}

/**
 * pd_log_error_strip_get_error_at:
 * @self: a #PdLogErrorStrip
 * @y: a height in the strip
 *
 * Returns: the ID of the error line whose mark is nearest @y, within a few
 *   pixels, or %G_MININT64
 */
gint64
pd_log_error_strip_get_error_at (PdLogErrorStrip *self,
                                 double           y)
{
  double height, best = HIT_SLOP + 1;
  gint64 found = G_MININT64;
  guint n;

  g_return_val_if_fail (PD_IS_LOG_ERROR_STRIP (self), G_MININT64);

  if (self->store == NULL)
    return G_MININT64;
  height = gtk_widget_get_height (GTK_WIDGET (self));
  n = pd_log_store_get_n_errors (self->store);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = pd_log_store_get_error (self->store, i, NULL);
      double distance = fabs (mark_y (self, id, height) - y);

      /* The first of marks drawn as one wins. */
      if (distance < best - 0.5)
        {
          best = distance;
          found = id;
        }
    }
  return best <= HIT_SLOP ? found : G_MININT64;
}
