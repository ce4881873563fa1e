/* pd-metric-chart.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pd-metric-chart.h"

/* A bar chart of one metric over time, drawn with GtkSnapshot. Compact, it
 * is a sparkline for a table row; full, it has axes, the maximum on the
 * value axis, deploy markers on the time axis and the value under the
 * pointer. Either way its accessible description says what it shows. */

#define COMPACT_WIDTH  96
#define COMPACT_HEIGHT 24
#define FULL_HEIGHT    140
#define AXIS_MARGIN    36

struct _PdMetricChart
{
  GtkWidget  parent_instance;

  gboolean   compact;
  char      *title;
  char      *unit;
  GArray    *times;
  GArray    *values;
  GArray    *markers;
  int        hover;
};

G_DEFINE_FINAL_TYPE (PdMetricChart, pd_metric_chart, GTK_TYPE_WIDGET)

static double
max_value (PdMetricChart *self)
{
  double max = 0;

  for (guint i = 0; self->values != NULL && i < self->values->len; i++)
    {
      double v = g_array_index (self->values, double, i);

      if (!isnan (v))
        max = MAX (max, v);
    }
  return max;
}

static char *
format_value (double      value,
              const char *unit)
{
  if (isnan (value))
    return g_strdup (_("no data"));
  if (unit != NULL && *unit != '\0')
    /* TRANSLATORS: a value and its unit, such as “250 ms” */
    return g_strdup_printf (_("%.*f %s"), value < 10 && value != floor (value) ? 1 : 0, value,
                            unit);
  return g_strdup_printf ("%.*f", value < 10 && value != floor (value) ? 1 : 0, value);
}

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%x %H:%M") : g_strdup ("");
}

/**
 * pd_metric_chart_dup_summary:
 * @self: a #PdMetricChart
 *
 * Returns: (transfer full): what the chart shows, in words: the accessible
 *   description
 */
char *
pd_metric_chart_dup_summary (PdMetricChart *self)
{
  double total = 0, max = 0, last = NAN;
  guint points = 0;
  g_autofree char *max_text = NULL;
  g_autofree char *last_text = NULL;

  g_return_val_if_fail (PD_IS_METRIC_CHART (self), NULL);

  for (guint i = 0; self->values != NULL && i < self->values->len; i++)
    {
      double v = g_array_index (self->values, double, i);

      if (isnan (v))
        continue;
      total += v;
      max = MAX (max, v);
      last = v;
      points++;
    }
  if (points == 0)
    /* TRANSLATORS: the accessible description of an empty chart */
    return g_strdup_printf (_("%s: no data"), self->title != NULL ? self->title : "");
  max_text = format_value (max, self->unit);
  last_text = format_value (last, self->unit);
  /* TRANSLATORS: the accessible description of a chart: its title, the
   * number of points, the highest and the latest value, and the number of
   * deploys marked on it */
  return g_strdup_printf (ngettext ("%s: %u point, highest %s, latest %s, %u deploy",
                                    "%s: %u points, highest %s, latest %s, %u deploys",
                                    points),
                          self->title != NULL ? self->title : "", points, max_text, last_text,
                          self->markers != NULL ? self->markers->len : 0);
}

/**
 * pd_metric_chart_dup_hover_text:
 * @self: a #PdMetricChart
 *
 * Returns: (transfer full) (nullable): the time and value under the
 *   pointer, or %NULL
 */
char *
pd_metric_chart_dup_hover_text (PdMetricChart *self)
{
  g_autofree char *time = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (PD_IS_METRIC_CHART (self), NULL);

  if (self->hover < 0 || self->values == NULL || (guint) self->hover >= self->values->len)
    return NULL;
  time = format_time (g_array_index (self->times, gint64, self->hover));
  value = format_value (g_array_index (self->values, double, self->hover), self->unit);
  /* TRANSLATORS: the point under the pointer: a time, then its value */
  return g_strdup_printf (_("%s: %s"), time, value);
}

static void
update_accessible (PdMetricChart *self)
{
  g_autofree char *summary = pd_metric_chart_dup_summary (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->title != NULL ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
  if (self->compact)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), summary);
}

/**
 * pd_metric_chart_hover_at:
 * @self: a #PdMetricChart
 * @x: a position in the widget, or a negative number to hover nothing
 *
 * Shows the value of the point at @x, as the pointer does.
 */
void
pd_metric_chart_hover_at (PdMetricChart *self,
                          double         x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double left = self->compact ? 0 : AXIS_MARGIN;
  guint n = self->values != NULL ? self->values->len : 0;
  int hover = -1;

  g_return_if_fail (PD_IS_METRIC_CHART (self));

  if (x >= left && n > 0 && width > left)
    hover = CLAMP ((int) ((x - left) / ((width - left) / n)), 0, (int) n - 1);
  if (hover == self->hover)
    return;
  self->hover = hover;
  if (!self->compact)
    {
      g_autofree char *text = pd_metric_chart_dup_hover_text (self);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_cb (GtkEventControllerMotion *motion,
              double                    x,
              double                    y,
              PdMetricChart            *self)
{
  pd_metric_chart_hover_at (self, x);
}

static void
on_leave_cb (GtkEventControllerMotion *motion,
             PdMetricChart            *self)
{
  pd_metric_chart_hover_at (self, -1);
}

static void
append_text (PdMetricChart *self,
             GtkSnapshot   *snapshot,
             const char    *text,
             float          x,
             float          y,
             const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
pd_metric_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PdMetricChart *self = PD_METRIC_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  float left = self->compact ? 0 : AXIS_MARGIN;
  float bottom = self->compact ? height : height - 16;
  float top = self->compact ? 1 : 14;
  guint n = self->values != NULL ? self->values->len : 0;
  double max = max_value (self);
  GdkRGBA color, axis, marker = { 0.90f, 0.38f, 0.0f, 1.0f };
  float bar;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  axis = color;
  axis.alpha = 0.4f;
  color.alpha = 0.75f;

  if (!self->compact)
    {
      g_autofree char *max_text = format_value (max, self->unit);

      gtk_snapshot_append_color (snapshot, &axis,
                                 &GRAPHENE_RECT_INIT (left - 1, top, 1, bottom - top));
      gtk_snapshot_append_color (snapshot, &axis,
                                 &GRAPHENE_RECT_INIT (left - 1, bottom, width - left + 1, 1));
      append_text (self, snapshot, max_text, 0, 0, &axis);
      if (self->title != NULL)
        append_text (self, snapshot, self->title, left + 4, 0, &axis);
      if (n > 0)
        {
          g_autofree char *first = format_time (g_array_index (self->times, gint64, 0));
          g_autofree char *last = format_time (g_array_index (self->times, gint64, n - 1));

          append_text (self, snapshot, first, left, bottom + 2, &axis);
          append_text (self, snapshot, last, MAX (left, width - 110), bottom + 2, &axis);
        }
    }
  if (n == 0 || width <= left)
    return;

  bar = (width - left) / (float) n;
  for (guint i = 0; i < n; i++)
    {
      double v = g_array_index (self->values, double, i);
      float h;

      if (isnan (v) || max <= 0)
        continue;
      h = (float) (v / max) * (bottom - top);
      if ((int) i == self->hover)
        {
          GdkRGBA strong = color;

          strong.alpha = 1.0f;
          gtk_snapshot_append_color (snapshot, &strong,
                                     &GRAPHENE_RECT_INIT (left + i * bar, bottom - h,
                                                          MAX (bar - 1, 1), MAX (h, 1)));
        }
      else
        gtk_snapshot_append_color (snapshot, &color,
                                   &GRAPHENE_RECT_INIT (left + i * bar, bottom - h,
                                                        MAX (bar - 1, 1), MAX (h, 1)));
    }

  /* Deploys: a line at each marker's time within the axis. */
  if (self->markers != NULL && self->times->len > 0)
    {
      gint64 start = g_array_index (self->times, gint64, 0);
      gint64 step = n > 1 ? g_array_index (self->times, gint64, 1) - start : 60000;
      gint64 end = start + step * n;

      for (guint i = 0; i < self->markers->len; i++)
        {
          gint64 t = g_array_index (self->markers, gint64, i);
          float x;

          if (t < start || t >= end)
            continue;
          x = left + (float) (t - start) / (float) (end - start) * (width - left);
          gtk_snapshot_append_color (snapshot, &marker,
                                     &GRAPHENE_RECT_INIT (x, top, 2, bottom - top));
        }
    }

  if (!self->compact && self->hover >= 0)
    {
      g_autofree char *text = pd_metric_chart_dup_hover_text (self);

      if (text != NULL)
        append_text (self, snapshot, text, MAX (left + 4, width - 240), top, &color);
    }
}

static void
pd_metric_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  PdMetricChart *self = PD_METRIC_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = self->compact ? COMPACT_WIDTH : 240;
  else
    *minimum = *natural = self->compact ? COMPACT_HEIGHT : FULL_HEIGHT;
  if (!self->compact && orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = 600;
}

static void
pd_metric_chart_finalize (GObject *object)
{
  PdMetricChart *self = PD_METRIC_CHART (object);

  g_free (self->title);
  g_free (self->unit);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  G_OBJECT_CLASS (pd_metric_chart_parent_class)->finalize (object);
}

static void
pd_metric_chart_class_init (PdMetricChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_metric_chart_finalize;
  widget_class->snapshot = pd_metric_chart_snapshot;
  widget_class->measure = pd_metric_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "metric-chart");
}

static void
pd_metric_chart_init (PdMetricChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

/**
 * pd_metric_chart_new:
 * @compact: whether to draw a sparkline rather than a chart with axes
 *
 * Returns: (transfer floating): a new chart
 */
GtkWidget *
pd_metric_chart_new (gboolean compact)
{
  PdMetricChart *self = g_object_new (PD_TYPE_METRIC_CHART, NULL);

  self->compact = compact;
  update_accessible (self);
  return GTK_WIDGET (self);
}

/**
 * pd_metric_chart_set_data:
 * @self: a #PdMetricChart
 * @title: what the chart shows
 * @unit: (nullable): the unit of the values
 * @times: (element-type gint64): the points' times in ms
 * @values: (element-type double): their values, NAN for none
 *
 * Shows @values; the chart keeps references to both arrays.
 */
void
pd_metric_chart_set_data (PdMetricChart *self,
                          const char    *title,
                          const char    *unit,
                          GArray        *times,
                          GArray        *values)
{
  g_return_if_fail (PD_IS_METRIC_CHART (self));
  g_return_if_fail (times != NULL && values != NULL && times->len == values->len);

  g_free (self->title);
  self->title = g_strdup (title);
  g_free (self->unit);
  self->unit = g_strdup (unit);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->values, g_array_unref);
  self->times = g_array_ref (times);
  self->values = g_array_ref (values);
  self->hover = -1;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * pd_metric_chart_set_markers:
 * @self: a #PdMetricChart
 * @marker_times: (element-type gint64) (nullable): deploy times in ms
 *
 * Marks deploys on the time axis.
 */
void
pd_metric_chart_set_markers (PdMetricChart *self,
                             GArray        *marker_times)
{
  g_return_if_fail (PD_IS_METRIC_CHART (self));

  g_clear_pointer (&self->markers, g_array_unref);
  if (marker_times != NULL)
    self->markers = g_array_ref (marker_times);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
