/* pd-metric-chart.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_METRIC_CHART (pd_metric_chart_get_type ())

G_DECLARE_FINAL_TYPE (PdMetricChart, pd_metric_chart, PD, METRIC_CHART, GtkWidget)

GtkWidget  *pd_metric_chart_new           (gboolean       compact);
void        pd_metric_chart_set_data      (PdMetricChart *self,
                                           const char    *title,
                                           const char    *unit,
                                           GArray        *times,
                                           GArray        *values);
void        pd_metric_chart_set_markers   (PdMetricChart *self,
                                           GArray        *marker_times);
char       *pd_metric_chart_dup_summary   (PdMetricChart *self);
char       *pd_metric_chart_dup_hover_text (PdMetricChart *self);
void        pd_metric_chart_hover_at      (PdMetricChart *self,
                                           double         x);

G_END_DECLS
