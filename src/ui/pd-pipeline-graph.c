/* pd-pipeline-graph.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pd-graph-private.h"
#include "pd-pipeline-graph.h"

/* The pipeline graph: stages left to right, each a child widget holding its
 * action cards as child widgets, so that every stage and action is an
 * accessible object that can be focused. The graph itself draws the arrows
 * between stages and lays its children out at the current zoom, in rows of
 * stages when a long pipeline would not fit one row.
 *
 * By default the graph fits: whoever sizes it (PdPipelineView, from its
 * scrolled window's size) calls pd_pipeline_graph_fit_to(), which picks the
 * zoom and the number of stages a row that show the whole graph in the
 * fewest rows at about the largest zoom possible, but never below
 * PD_PIPELINE_GRAPH_FIT_MIN_ZOOM. Zooming by hand turns fitting off;
 * graph.zoom-reset turns it back on. */
struct _PdPipelineGraph
{
  GtkWidget   parent_instance;

  /* Owned references */
  GPtrArray  *stages;            /* PdGraphStage, borrowed: our children */
  GPtrArray  *markers;           /* GtkImage per stage (index 0 unused), borrowed */
  GtkWidget  *header;            /* GtkLabel, borrowed: our child */
  GArray     *has_transition;    /* gboolean per stage */
  GArray     *transition_enabled;/* gboolean per stage */

  double      zoom;
  guint       per_row;           /* stages a row, at most */

  /* Flags */
  guint       fit : 1;
};

G_DEFINE_FINAL_TYPE (PdPipelineGraph, pd_pipeline_graph, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_FIT,
  N_PROPS
};

enum {
  ACTION_ACTIVATED,
  STAGE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
pd_graph_status_get_icon_name (PdGraphStatus status)
{
  switch (status)
    {
    case PD_GRAPH_STATUS_IN_PROGRESS:
      return "emblem-synchronizing-symbolic";
    case PD_GRAPH_STATUS_WAITING:
      return "dialog-question-symbolic";
    case PD_GRAPH_STATUS_SUCCEEDED:
      return "emblem-ok-symbolic";
    case PD_GRAPH_STATUS_FAILED:
      return "dialog-error-symbolic";
    case PD_GRAPH_STATUS_STOPPING:
    case PD_GRAPH_STATUS_STOPPED:
    case PD_GRAPH_STATUS_ABANDONED:
    case PD_GRAPH_STATUS_CANCELLED:
      return "media-playback-stop-symbolic";
    case PD_GRAPH_STATUS_SUPERSEDED:
    case PD_GRAPH_STATUS_SKIPPED:
      return "media-skip-forward-symbolic";
    case PD_GRAPH_STATUS_NONE:
    default:
      return NULL;
    }
}

const char *
pd_graph_status_get_text (PdGraphStatus status)
{
  switch (status)
    {
    case PD_GRAPH_STATUS_IN_PROGRESS:
      return _("In progress");
    case PD_GRAPH_STATUS_WAITING:
      return _("Waiting for approval");
    case PD_GRAPH_STATUS_SUCCEEDED:
      return _("Succeeded");
    case PD_GRAPH_STATUS_FAILED:
      return _("Failed");
    case PD_GRAPH_STATUS_STOPPING:
      return _("Stopping");
    case PD_GRAPH_STATUS_STOPPED:
      return _("Stopped");
    case PD_GRAPH_STATUS_ABANDONED:
      return _("Abandoned");
    case PD_GRAPH_STATUS_SUPERSEDED:
      return _("Superseded");
    case PD_GRAPH_STATUS_CANCELLED:
      return _("Cancelled");
    case PD_GRAPH_STATUS_SKIPPED:
      return _("Skipped");
    case PD_GRAPH_STATUS_NONE:
    default:
      return _("Not run");
    }
}

const char *
pd_graph_status_get_css_class (PdGraphStatus status)
{
  switch (status)
    {
    case PD_GRAPH_STATUS_IN_PROGRESS:
      return "status-in-progress";
    case PD_GRAPH_STATUS_WAITING:
      return "status-waiting";
    case PD_GRAPH_STATUS_SUCCEEDED:
      return "status-succeeded";
    case PD_GRAPH_STATUS_FAILED:
      return "status-failed";
    case PD_GRAPH_STATUS_STOPPING:
    case PD_GRAPH_STATUS_STOPPED:
    case PD_GRAPH_STATUS_ABANDONED:
    case PD_GRAPH_STATUS_CANCELLED:
      return "status-stopped";
    case PD_GRAPH_STATUS_SUPERSEDED:
    case PD_GRAPH_STATUS_SKIPPED:
      return "status-skipped";
    case PD_GRAPH_STATUS_NONE:
    default:
      return "status-none";
    }
}

/* Cards and stages get "graph-status-…": the plain classes colour the text,
 * which suits icons in lists but not a whole card. */
void
pd_graph_add_status_class (GtkWidget     *widget,
                           PdGraphStatus  status)
{
  g_autofree char *name = g_strconcat ("graph-", pd_graph_status_get_css_class (status), NULL);

  gtk_widget_add_css_class (widget, name);
}

void
pd_graph_remove_status_class (GtkWidget     *widget,
                              PdGraphStatus  status)
{
  g_autofree char *name = g_strconcat ("graph-", pd_graph_status_get_css_class (status), NULL);

  gtk_widget_remove_css_class (widget, name);
}

PdGraphStatus
pd_graph_status_from_execution (PdAwsExecutionStatus status)
{
  switch (status)
    {
    case PD_AWS_EXECUTION_STATUS_IN_PROGRESS:
      return PD_GRAPH_STATUS_IN_PROGRESS;
    case PD_AWS_EXECUTION_STATUS_SUCCEEDED:
      return PD_GRAPH_STATUS_SUCCEEDED;
    case PD_AWS_EXECUTION_STATUS_FAILED:
      return PD_GRAPH_STATUS_FAILED;
    case PD_AWS_EXECUTION_STATUS_STOPPED:
      return PD_GRAPH_STATUS_STOPPED;
    case PD_AWS_EXECUTION_STATUS_STOPPING:
      return PD_GRAPH_STATUS_STOPPING;
    case PD_AWS_EXECUTION_STATUS_SUPERSEDED:
      return PD_GRAPH_STATUS_SUPERSEDED;
    case PD_AWS_EXECUTION_STATUS_CANCELLED:
      return PD_GRAPH_STATUS_CANCELLED;
    case PD_AWS_EXECUTION_STATUS_SKIPPED:
      return PD_GRAPH_STATUS_SKIPPED;
    case PD_AWS_EXECUTION_STATUS_UNKNOWN:
    default:
      return PD_GRAPH_STATUS_NONE;
    }
}

PdGraphStatus
pd_graph_status_from_action (PdAwsActionStatus status)
{
  switch (status)
    {
    case PD_AWS_ACTION_STATUS_IN_PROGRESS:
      return PD_GRAPH_STATUS_IN_PROGRESS;
    case PD_AWS_ACTION_STATUS_SUCCEEDED:
      return PD_GRAPH_STATUS_SUCCEEDED;
    case PD_AWS_ACTION_STATUS_FAILED:
      return PD_GRAPH_STATUS_FAILED;
    case PD_AWS_ACTION_STATUS_ABANDONED:
      return PD_GRAPH_STATUS_ABANDONED;
    case PD_AWS_ACTION_STATUS_UNKNOWN:
    default:
      return PD_GRAPH_STATUS_NONE;
    }
}

char *
pd_format_duration (gint64 seconds)
{
  if (seconds < 0)
    return NULL;

  if (seconds < 60)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%d s"), (int) seconds);

  if (seconds < 3600)
    {
      if (seconds % 60 == 0)
        /* Translators: a duration in minutes */
        return g_strdup_printf (_("%d min"), (int) (seconds / 60));
      /* Translators: a duration in minutes and seconds */
      return g_strdup_printf (_("%d min %d s"), (int) (seconds / 60), (int) (seconds % 60));
    }

  /* Translators: a duration in hours and minutes */
  return g_strdup_printf (_("%d h %d min"), (int) (seconds / 3600), (int) ((seconds % 3600) / 60));
}

char *
pd_format_relative_time (GDateTime *time,
                         GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) current = NULL;
  GTimeSpan span;

  if (time == NULL)
    return NULL;

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  span = g_date_time_difference (current, time) / G_TIME_SPAN_SECOND;

  if (span < 60)
    return g_strdup (_("just now"));
  if (span < 3600)
    /* Translators: a relative time in minutes */
    return g_strdup_printf (_("%d min ago"), (int) (span / 60));
  if (span < 24 * 3600)
    /* Translators: a relative time in hours */
    return g_strdup_printf (_("%d h ago"), (int) (span / 3600));

  local = g_date_time_to_local (time);
  /* Translators: a date, see the GDateTime format codes */
  return g_date_time_format (local, _("%b %-d"));
}

void
pd_graph_lookup_status_color (GtkWidget     *widget,
                              PdGraphStatus  status,
                              GdkRGBA       *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  const char *name;
  const char *fallback;

  switch (status)
    {
    case PD_GRAPH_STATUS_IN_PROGRESS:
      name = "accent_color";
      fallback = "#1c71d8";
      break;
    case PD_GRAPH_STATUS_SUCCEEDED:
      name = "success_color";
      fallback = "#26a269";
      break;
    case PD_GRAPH_STATUS_FAILED:
      name = "error_color";
      fallback = "#c01c28";
      break;
    case PD_GRAPH_STATUS_WAITING:
    case PD_GRAPH_STATUS_STOPPING:
    case PD_GRAPH_STATUS_STOPPED:
    case PD_GRAPH_STATUS_ABANDONED:
    case PD_GRAPH_STATUS_CANCELLED:
      name = "warning_color";
      fallback = "#9c6e03";
      break;
    case PD_GRAPH_STATUS_SUPERSEDED:
    case PD_GRAPH_STATUS_SKIPPED:
    case PD_GRAPH_STATUS_NONE:
    default:
      gtk_style_context_get_color (context, color);
      color->alpha *= 0.4f;
      return;
    }

  /* libadwaita defines these for the light and the dark style alike. */
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

void
pd_graph_snapshot_icon (GtkWidget     *widget,
                        GtkSnapshot   *snapshot,
                        const char    *icon_name,
                        const GdkRGBA *color,
                        double         x,
                        double         y,
                        int            size,
                        double         zoom)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = NULL;
  int pixels = MAX (1, (int) (size * zoom + 0.5));
  GdkRGBA colors[4];

  /* Looked up at its zoomed size, so that the icon is drawn for that
   * size rather than scaled from 16 pixels. */
  icon = gtk_icon_theme_lookup_icon (theme, icon_name, NULL, pixels,
                                     gtk_widget_get_scale_factor (widget),
                                     gtk_widget_get_direction (widget), 0);
  if (icon == NULL)
    return;

  colors[0] = *color;
  pd_graph_lookup_status_color (widget, PD_GRAPH_STATUS_FAILED, &colors[1]);
  pd_graph_lookup_status_color (widget, PD_GRAPH_STATUS_STOPPED, &colors[2]);
  pd_graph_lookup_status_color (widget, PD_GRAPH_STATUS_SUCCEEDED, &colors[3]);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (roundf ((float) (x * zoom)),
                                                          roundf ((float) (y * zoom))));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                            pixels, pixels, colors, G_N_ELEMENTS (colors));
  gtk_snapshot_restore (snapshot);
}

void
pd_graph_snapshot_text (GtkWidget     *widget,
                        GtkSnapshot   *snapshot,
                        const char    *text,
                        const GdkRGBA *color,
                        double         x,
                        double         y,
                        int            width,
                        gboolean       bold,
                        double         scale,
                        double         zoom)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoAttrList *attrs;
  int pixels = (int) (width * zoom);

  if (text == NULL || text[0] == '\0' || pixels <= 0)
    return;

  /* The font itself is zoomed and the text starts on a whole pixel: a
   * layout of the normal size drawn through a scale transform would keep
   * the hinting and metrics of the normal size and land between pixels,
   * which blurs it at the zoom that fits a graph. */
  layout = gtk_widget_create_pango_layout (widget, text);
  attrs = pango_attr_list_new ();
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (scale * zoom != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale * zoom));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_width (layout, pixels * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (roundf ((float) (x * zoom)),
                                                          roundf ((float) (y * zoom))));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static int
scaled_at (int    size,
           double zoom)
{
  return (int) (size * zoom + 0.5);
}

static int
scaled (PdPipelineGraph *self,
        int              size)
{
  return scaled_at (size, self->zoom);
}

/* What the layout needs of the stages and the header, read once for all
 * the zooms a fit tries. */
typedef struct
{
  guint  n_stages;
  guint *grids;          /* columns and rows of cards, two numbers a stage */
  int    header;         /* the header's height and the gap below it, or 0 */
  int    header_width;   /* the least width the header asks for */
} Layout;

static void
layout_clear (Layout *layout)
{
  g_clear_pointer (&layout->grids, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Layout, layout_clear)

static void
layout_init (PdPipelineGraph *self,
             Layout          *layout)
{
  layout->n_stages = self->stages->len;
  layout->grids = g_new0 (guint, 2 * MAX (layout->n_stages, 1));
  for (guint i = 0; i < layout->n_stages; i++)
    pd_graph_stage_get_grid (g_ptr_array_index (self->stages, i),
                             &layout->grids[2 * i], &layout->grids[2 * i + 1]);

  layout->header = 0;
  layout->header_width = 0;
  if (gtk_widget_get_visible (self->header))
    {
      int minimum = 0, natural = 0;

      /* A label of the normal font size at any zoom. */
      gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
      layout->header = natural + PD_GRAPH_HEADER_GAP;
      /* It ellipsizes: it never widens the graph much. */
      gtk_widget_measure (self->header, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      layout->header_width = MIN (minimum, 200);
    }
}

static guint
columns_for (guint n_stages,
             guint per_row)
{
  return MAX (MIN (per_row, n_stages), 1);
}

/* Where the stages go at @zoom with @per_row stages a row: left to right,
 * then on the next row, as text runs. The stages of a column share its
 * width and those of a row its height, so that the arrows line up. Fills
 * @rects, one per stage, when given, and returns the size of the graph. */
static void
layout_stages (const Layout  *layout,
               double         zoom,
               guint          per_row,
               GtkAllocation *rects,
               int           *width,
               int           *height)
{
  guint n = layout->n_stages;
  guint n_columns = columns_for (n, per_row);
  guint n_rows = (n + n_columns - 1) / n_columns;
  g_autofree int *column_width = g_new0 (int, n_columns);
  g_autofree int *row_height = g_new0 (int, MAX (n_rows, 1));
  int margin = scaled_at (PD_GRAPH_MARGIN, zoom);
  int gap = scaled_at (PD_GRAPH_STAGE_GAP, zoom);
  int row_gap = scaled_at (PD_GRAPH_ROW_GAP, zoom);
  int content_width = 0;
  int y = margin + layout->header;

  for (guint i = 0; i < n; i++)
    {
      int w = 0, h = 0;

      pd_graph_stage_size_for_grid (layout->grids[2 * i], layout->grids[2 * i + 1], zoom, &w, &h);
      column_width[i % n_columns] = MAX (column_width[i % n_columns], w);
      row_height[i / n_columns] = MAX (row_height[i / n_columns], h);
      if (rects != NULL)
        rects[i] = (GtkAllocation) { 0, 0, w, h };
    }

  for (guint c = 0; c < n_columns && n > 0; c++)
    content_width += column_width[c] + (c > 0 ? gap : 0);

  for (guint r = 0; r < n_rows; r++)
    {
      int x = margin;

      for (guint c = 0; c < n_columns && r * n_columns + c < n; c++)
        {
          if (rects != NULL)
            {
              rects[r * n_columns + c].x = x;
              rects[r * n_columns + c].y = y;
              rects[r * n_columns + c].height = row_height[r];
            }
          x += column_width[c] + gap;
        }
      y += row_height[r] + (r + 1 < n_rows ? row_gap : 0);
    }

  *width = 2 * margin + MAX (content_width, layout->header_width);
  *height = y + margin;
}

static gboolean
fits_in (const Layout *layout,
         double        zoom,
         guint         per_row,
         int           width,
         int           height)
{
  int w = 0, h = 0;

  layout_stages (layout, zoom, per_row, NULL, &w, &h);
  return w <= width && h <= height;
}

/* Takes @zoom and @per_row; returns whether the layout changed. */
static gboolean
apply_layout (PdPipelineGraph *self,
              double           zoom,
              guint            per_row)
{
  gboolean changed = FALSE;

  zoom = CLAMP (zoom, PD_PIPELINE_GRAPH_MIN_ZOOM, PD_PIPELINE_GRAPH_MAX_ZOOM);
  per_row = MAX (per_row, 1);

  if (!G_APPROX_VALUE (zoom, self->zoom, 0.001))
    {
      self->zoom = zoom;
      for (guint i = 0; i < self->stages->len; i++)
        pd_graph_stage_set_zoom (g_ptr_array_index (self->stages, i), zoom);
      changed = TRUE;
    }
  if (columns_for (self->stages->len, per_row) != columns_for (self->stages->len, self->per_row))
    changed = TRUE;
  self->per_row = per_row;

  if (changed)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  return changed;
}

static void
pd_pipeline_graph_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  PdPipelineGraph *self = PD_PIPELINE_GRAPH (widget);
  g_auto(Layout) layout = { 0, };
  int width = 0, height = 0;

  layout_init (self, &layout);
  layout_stages (&layout, self->zoom, self->per_row, NULL, &width, &height);
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? width : height;
}

/* Where the arrow from the last stage of a row, @a, to the first of the
 * next, @b, turns: right of @a at @x_out, back left along the gap between
 * the rows at @y_gap, and down into the middle of @b's top at @x_in. */
static void
get_wrap_turns (PdPipelineGraph       *self,
                const graphene_rect_t *a,
                const graphene_rect_t *b,
                double                *x_out,
                double                *x_in,
                double                *y_gap)
{
  *x_out = a->origin.x + a->size.width + scaled (self, PD_GRAPH_MARGIN) / 2.0;
  *x_in = b->origin.x + b->size.width / 2.0;
  *y_gap = a->origin.y + a->size.height + scaled (self, PD_GRAPH_ROW_GAP) / 2.0;
}

static void
pd_pipeline_graph_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  PdPipelineGraph *self = PD_PIPELINE_GRAPH (widget);
  g_auto(Layout) layout = { 0, };
  guint n = self->stages->len;
  guint n_columns = columns_for (n, self->per_row);
  g_autofree GtkAllocation *rects = g_new0 (GtkAllocation, MAX (n, 1));
  int margin = scaled (self, PD_GRAPH_MARGIN);
  int marker = scaled (self, PD_GRAPH_MARKER_SIZE);
  int card_middle = scaled (self, PD_GRAPH_STAGE_TITLE) + scaled (self, PD_GRAPH_CARD_HEIGHT) / 2;
  int content_width = 0, content_height = 0;

  layout_init (self, &layout);
  layout_stages (&layout, self->zoom, self->per_row, rects, &content_width, &content_height);

  if (layout.header > 0)
    {
      GtkAllocation header = { margin, margin, width - 2 * margin,
                               layout.header - PD_GRAPH_HEADER_GAP };

      header.width = MAX (header.width, 1);
      gtk_widget_size_allocate (self->header, &header, -1);
    }

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *marker_widget = g_ptr_array_index (self->markers, i);

      if (i > 0 && gtk_widget_get_visible (marker_widget))
        {
          const GtkAllocation *prev = &rects[i - 1];
          const GtkAllocation *next = &rects[i];
          GtkAllocation at = { 0, 0, marker, marker };

          if (i % n_columns != 0)
            {
              /* Halfway along the arrow between the two stages. */
              at.x = (prev->x + prev->width + next->x) / 2 - marker / 2;
              at.y = next->y + card_middle - marker / 2;
            }
          else
            {
              graphene_rect_t a = GRAPHENE_RECT_INIT (prev->x, prev->y, prev->width, prev->height);
              graphene_rect_t b = GRAPHENE_RECT_INIT (next->x, next->y, next->width, next->height);
              double x_out, x_in, y_gap;

              /* Halfway along the arrow's run back between the rows. */
              get_wrap_turns (self, &a, &b, &x_out, &x_in, &y_gap);
              at.x = (int) ((x_out + x_in) / 2) - marker / 2;
              at.y = (int) y_gap - marker / 2;
            }
          gtk_widget_size_allocate (marker_widget, &at, -1);
        }

      gtk_widget_size_allocate (g_ptr_array_index (self->stages, i), &rects[i], -1);
    }
}

/* A line through @points ending in an arrowhead that points along its
 * last segment, which is straight right or straight down. */
static void
append_arrow (cairo_t       *cr,
              const double  *points,
              guint          n_points,
              double         zoom,
              gboolean       enabled,
              const GdkRGBA *color)
{
  double head = 7 * zoom;
  double tip_x = points[2 * (n_points - 1)];
  double tip_y = points[2 * (n_points - 1) + 1];
  gboolean down = tip_x == points[2 * (n_points - 2)];

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 2 * zoom);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (!enabled)
    {
      double dashes[] = { 4 * zoom, 4 * zoom };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    }
  cairo_move_to (cr, points[0], points[1]);
  for (guint i = 1; i + 1 < n_points; i++)
    cairo_line_to (cr, points[2 * i], points[2 * i + 1]);
  if (down)
    cairo_line_to (cr, tip_x, tip_y - head);
  else
    cairo_line_to (cr, tip_x - head, tip_y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_move_to (cr, tip_x, tip_y);
  if (down)
    {
      cairo_line_to (cr, tip_x - head * 0.6, tip_y - head);
      cairo_line_to (cr, tip_x + head * 0.6, tip_y - head);
    }
  else
    {
      cairo_line_to (cr, tip_x - head, tip_y - head * 0.6);
      cairo_line_to (cr, tip_x - head, tip_y + head * 0.6);
    }
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
pd_pipeline_graph_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  PdPipelineGraph *self = PD_PIPELINE_GRAPH (widget);

  if (self->stages->len > 1)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                               &GRAPHENE_RECT_INIT (0, 0,
                                                                    gtk_widget_get_width (widget),
                                                                    gtk_widget_get_height (widget)));
      double card_middle = scaled (self, PD_GRAPH_STAGE_TITLE) +
                           scaled (self, PD_GRAPH_CARD_HEIGHT) / 2.0;
      GdkRGBA fg;
      GdkRGBA disabled;

      gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
      fg.alpha *= 0.55f;
      pd_graph_lookup_status_color (widget, PD_GRAPH_STATUS_FAILED, &disabled);

      for (guint i = 1; i < self->stages->len; i++)
        {
          GtkWidget *prev = g_ptr_array_index (self->stages, i - 1);
          GtkWidget *next = g_ptr_array_index (self->stages, i);
          gboolean enabled = g_array_index (self->transition_enabled, gboolean, i) ||
                             !g_array_index (self->has_transition, gboolean, i);
          graphene_rect_t a, b;

          if (!gtk_widget_compute_bounds (prev, widget, &a) ||
              !gtk_widget_compute_bounds (next, widget, &b))
            continue;

          if (G_APPROX_VALUE (a.origin.y, b.origin.y, 0.5))
            {
              double y = a.origin.y + card_middle;
              double points[] = { a.origin.x + a.size.width + 2, y, b.origin.x - 2, y };

              append_arrow (cr, points, 2, self->zoom, enabled, enabled ? &fg : &disabled);
            }
          else
            {
              double y = a.origin.y + card_middle;
              double x_out, x_in, y_gap;

              get_wrap_turns (self, &a, &b, &x_out, &x_in, &y_gap);
              {
                double points[] = {
                  a.origin.x + a.size.width + 2, y,
                  x_out, y,
                  x_out, y_gap,
                  x_in, y_gap,
                  x_in, b.origin.y - 2,
                };

                append_arrow (cr, points, 5, self->zoom, enabled, enabled ? &fg : &disabled);
              }
            }
        }

      cairo_destroy (cr);
    }

  GTK_WIDGET_CLASS (pd_pipeline_graph_parent_class)->snapshot (widget, snapshot);
}

/* The focused action card, or NULL with *on_header set when the focus is on
 * a stage's title. */
static PdGraphAction *
find_focused_action (PdPipelineGraph *self,
                     guint           *stage_index,
                     gboolean        *on_header)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  *on_header = FALSE;
  for (; focus != NULL && focus != GTK_WIDGET (self); focus = gtk_widget_get_parent (focus))
    {
      GtkWidget *stage = gtk_widget_get_parent (focus);

      if (!g_ptr_array_find (self->stages, stage, stage_index))
        continue;
      if (PD_IS_GRAPH_ACTION (focus))
        return PD_GRAPH_ACTION (focus);
      if (PD_IS_GRAPH_STAGE_HEADER (focus))
        {
          *on_header = TRUE;
          return NULL;
        }
    }

  return NULL;
}

static void
focus_stage_header (PdPipelineGraph *self,
                    guint            stage_index)
{
  PdGraphStage *stage = g_ptr_array_index (self->stages, stage_index);

  gtk_widget_grab_focus (pd_graph_stage_get_header (stage));
}

/* From a stage's title: Down enters its first column, Left and Right go to
 * the neighbouring titles. */
static void
move_focus_from_header (PdPipelineGraph *self,
                        guint            stage_index,
                        int              dx,
                        int              dy)
{
  PdGraphStage *stage = g_ptr_array_index (self->stages, stage_index);

  if (dy > 0)
    {
      PdGraphAction *first = pd_graph_stage_get_action_at (stage, 0, 0);

      if (first != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (first));
    }
  else if (dx > 0 && stage_index + 1 < self->stages->len)
    focus_stage_header (self, stage_index + 1);
  else if (dx < 0 && stage_index > 0)
    focus_stage_header (self, stage_index - 1);
}

static gboolean
move_focus (PdPipelineGraph *self,
            int              dx,
            int              dy)
{
  PdGraphAction *action;
  PdGraphAction *target = NULL;
  PdGraphStage *stage;
  guint stage_index = 0;
  guint column = 0, row = 0;
  gboolean on_header = FALSE;

  action = find_focused_action (self, &stage_index, &on_header);
  if (on_header)
    {
      move_focus_from_header (self, stage_index, dx, dy);
      return TRUE;
    }
  if (action == NULL)
    {
      GtkWidget *first = pd_pipeline_graph_get_action_widget (self, 0, 0);

      if (first == NULL)
        return FALSE;
      gtk_widget_grab_focus (first);
      return TRUE;
    }

  stage = g_ptr_array_index (self->stages, stage_index);
  if (!pd_graph_stage_locate (stage, action, &column, &row))
    return FALSE;

  if (dy < 0 && row == 0)
    {
      /* Up from the top of a column reaches the stage's title. */
      focus_stage_header (self, stage_index);
      return TRUE;
    }
  if (dy != 0)
    target = pd_graph_stage_get_action_at (stage, column, row + dy);
  else if (dx > 0)
    {
      if (column + 1 < pd_graph_stage_get_n_columns (stage))
        column++;
      else if (stage_index + 1 < self->stages->len)
        {
          stage = g_ptr_array_index (self->stages, ++stage_index);
          column = 0;
        }
      else
        return TRUE;

      target = pd_graph_stage_get_action_at (stage, column,
                                             MIN (row, pd_graph_stage_get_n_rows (stage, column) - 1));
    }
  else if (dx < 0)
    {
      if (column > 0)
        column--;
      else if (stage_index > 0)
        {
          stage = g_ptr_array_index (self->stages, --stage_index);
          column = MAX (pd_graph_stage_get_n_columns (stage), 1) - 1;
        }
      else
        return TRUE;

      target = pd_graph_stage_get_action_at (stage, column,
                                             MIN (row, pd_graph_stage_get_n_rows (stage, column) - 1));
    }

  if (target != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (target));

  /* The arrows stay inside the graph even at its edges. */
  return TRUE;
}

/* Home: the title of the stage holding the focus, or of the first stage. */
static void
focus_stage_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PdPipelineGraph *self = PD_PIPELINE_GRAPH (widget);
  guint stage_index = 0;
  gboolean on_header = FALSE;

  if (self->stages->len == 0)
    return;
  if (find_focused_action (self, &stage_index, &on_header) == NULL && !on_header)
    stage_index = 0;
  focus_stage_header (self, stage_index);
}

static void
move_focus_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  int dx = 0, dy = 0;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  move_focus (PD_PIPELINE_GRAPH (widget), CLAMP (dx, -1, 1), CLAMP (dy, -1, 1));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdPipelineGraph *self = PD_PIPELINE_GRAPH (widget);

  if (g_str_equal (action_name, "graph.zoom-in"))
    pd_pipeline_graph_set_zoom (self, self->zoom * 1.25);
  else if (g_str_equal (action_name, "graph.zoom-out"))
    pd_pipeline_graph_set_zoom (self, self->zoom / 1.25);
  else
    pd_pipeline_graph_set_fit (self, TRUE);
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              PdPipelineGraph          *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return FALSE;

  pd_pipeline_graph_set_zoom (self, dy < 0 ? self->zoom * 1.1 : self->zoom / 1.1);
  return TRUE;
}

static void
on_action_activate_cb (PdGraphAction   *action,
                       PdPipelineGraph *self)
{
  GtkWidget *stage = gtk_widget_get_parent (GTK_WIDGET (action));

  g_signal_emit (self, signals[ACTION_ACTIVATED], 0,
                 pd_graph_stage_get_name (PD_GRAPH_STAGE (stage)),
                 pd_graph_action_get_name (action));
}

static void
on_stage_header_activate_cb (GtkWidget       *header,
                             PdPipelineGraph *self)
{
  PdGraphStage *stage = PD_GRAPH_STAGE (gtk_widget_get_parent (header));

  g_signal_emit (self, signals[STAGE_ACTIVATED], 0, pd_graph_stage_get_name (stage));
}

static void
pd_pipeline_graph_dispose (GObject *object)
{
  PdPipelineGraph *self = (PdPipelineGraph *)object;

  if (self->stages != NULL)
    pd_pipeline_graph_set_n_stages (self, 0);
  g_clear_pointer (&self->header, gtk_widget_unparent);

  G_OBJECT_CLASS (pd_pipeline_graph_parent_class)->dispose (object);
}

static void
pd_pipeline_graph_finalize (GObject *object)
{
  PdPipelineGraph *self = (PdPipelineGraph *)object;

  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->markers, g_ptr_array_unref);
  g_clear_pointer (&self->has_transition, g_array_unref);
  g_clear_pointer (&self->transition_enabled, g_array_unref);

  G_OBJECT_CLASS (pd_pipeline_graph_parent_class)->finalize (object);
}

static void
pd_pipeline_graph_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdPipelineGraph *self = PD_PIPELINE_GRAPH (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;

    case PROP_FIT:
      g_value_set_boolean (value, self->fit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pipeline_graph_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PdPipelineGraph *self = PD_PIPELINE_GRAPH (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      pd_pipeline_graph_set_zoom (self, g_value_get_double (value));
      break;

    case PROP_FIT:
      pd_pipeline_graph_set_fit (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_move_binding (GtkWidgetClass *widget_class,
                  guint           keyval,
                  guint           keypad_keyval,
                  int             dx,
                  int             dy)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, "graph.move-focus", "(ii)", dx, dy);
  gtk_widget_class_add_binding_action (widget_class, keypad_keyval, 0, "graph.move-focus", "(ii)", dx, dy);
}

static void
pd_pipeline_graph_class_init (PdPipelineGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_pipeline_graph_dispose;
  object_class->finalize = pd_pipeline_graph_finalize;
  object_class->get_property = pd_pipeline_graph_get_property;
  object_class->set_property = pd_pipeline_graph_set_property;

  widget_class->measure = pd_pipeline_graph_measure;
  widget_class->size_allocate = pd_pipeline_graph_size_allocate;
  widget_class->snapshot = pd_pipeline_graph_snapshot;

  /**
   * PdPipelineGraph:zoom:
   *
   * The scale of the graph, 1 being its natural size. Setting it is
   * zooming by hand: it turns #PdPipelineGraph:fit off.
   */
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         PD_PIPELINE_GRAPH_MIN_ZOOM, PD_PIPELINE_GRAPH_MAX_ZOOM, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdPipelineGraph:fit:
   *
   * Whether pd_pipeline_graph_fit_to() chooses the zoom and the rows, as
   * it does until the user zooms by hand.
   */
  properties[PROP_FIT] =
    g_param_spec_boolean ("fit", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdPipelineGraph::action-activated:
   * @self: the graph
   * @stage_name: the stage of the action
   * @action_name: the action
   *
   * Emitted when an action card is clicked or activated with Enter.
   */
  signals[ACTION_ACTIVATED] =
    g_signal_new ("action-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * PdPipelineGraph::stage-activated:
   * @self: the graph
   * @stage_name: the stage
   *
   * Emitted when a stage's title is clicked or activated with Enter or
   * Space.
   */
  signals[STAGE_ACTIVATED] =
    g_signal_new ("stage-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "graph.move-focus", "(ii)", move_focus_action);
  gtk_widget_class_install_action (widget_class, "graph.focus-stage", NULL, focus_stage_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-reset", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "graph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "graph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "graph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "graph.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "graph.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "graph.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "graph.zoom-reset", NULL);

  add_move_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, -1, 0);
  add_move_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 1, 0);
  add_move_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, -1);
  add_move_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "graph.focus-stage", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Home, 0, "graph.focus-stage", NULL);

  gtk_widget_class_set_css_name (widget_class, "pd-pipeline-graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pd_pipeline_graph_init (PdPipelineGraph *self)
{
  GtkEventController *scroll;

  self->zoom = 1.0;
  self->per_row = G_MAXUINT;
  self->fit = TRUE;
  self->stages = g_ptr_array_new ();
  self->markers = g_ptr_array_new ();
  self->has_transition = g_array_new (FALSE, TRUE, sizeof (gboolean));
  self->transition_enabled = g_array_new (FALSE, TRUE, sizeof (gboolean));

  self->header = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->header), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->header), PANGO_ELLIPSIZE_END);
  gtk_label_set_selectable (GTK_LABEL (self->header), FALSE);
  gtk_widget_add_css_class (self->header, "dim-label");
  gtk_widget_set_visible (self->header, FALSE);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (on_scroll_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pipeline graph"),
                                  -1);
}

GtkWidget *
pd_pipeline_graph_new (void)
{
  return g_object_new (PD_TYPE_PIPELINE_GRAPH, NULL);
}

void
pd_pipeline_graph_set_header (PdPipelineGraph *self,
                              const char      *execution_id,
                              const char      *revision_id,
                              const char      *revision_summary)
{
  g_autoptr(GString) text = NULL;

  g_return_if_fail (PD_IS_PIPELINE_GRAPH (self));

  if (execution_id == NULL || execution_id[0] == '\0')
    {
      gtk_label_set_text (GTK_LABEL (self->header), "");
      gtk_widget_set_visible (self->header, FALSE);
      return;
    }

  text = g_string_new (NULL);
  /* Translators: the ID of the execution shown on the graph */
  g_string_append_printf (text, _("Execution %s"), execution_id);
  if (revision_id != NULL && revision_id[0] != '\0')
    {
      g_autofree char *short_id = g_strndup (revision_id, 8);

      /* Translators: a source revision (commit ID) */
      g_string_append_printf (text, _(" · revision %s"), short_id);
    }
  if (revision_summary != NULL && revision_summary[0] != '\0')
    {
      const char *newline = strchr (revision_summary, '\n');

      g_string_append (text, " · ");
      if (newline != NULL)
        g_string_append_len (text, revision_summary, newline - revision_summary);
      else
        g_string_append (text, revision_summary);
    }

  gtk_label_set_text (GTK_LABEL (self->header), text->str);
  gtk_widget_set_tooltip_text (self->header, revision_summary);
  gtk_widget_set_visible (self->header, TRUE);
}

const char *
pd_pipeline_graph_get_header_text (PdPipelineGraph *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->header));
}

void
pd_pipeline_graph_set_n_stages (PdPipelineGraph *self,
                                guint            n_stages)
{
  g_return_if_fail (PD_IS_PIPELINE_GRAPH (self));

  if (self->stages->len == n_stages)
    return;

  while (self->stages->len > n_stages)
    {
      guint last = self->stages->len - 1;

      gtk_widget_unparent (g_ptr_array_steal_index (self->stages, last));
      gtk_widget_unparent (g_ptr_array_steal_index (self->markers, last));
    }

  while (self->stages->len < n_stages)
    {
      GtkWidget *stage = pd_graph_stage_new ();
      GtkWidget *marker = gtk_image_new_from_icon_name ("changes-prevent-symbolic");

      pd_graph_stage_set_zoom (PD_GRAPH_STAGE (stage), self->zoom);
      g_signal_connect_object (pd_graph_stage_get_header (PD_GRAPH_STAGE (stage)), "activate",
                               G_CALLBACK (on_stage_header_activate_cb), self, 0);
      gtk_widget_set_visible (marker, FALSE);
      gtk_widget_add_css_class (marker, "pd-transition-disabled");
      gtk_widget_set_parent (stage, GTK_WIDGET (self));
      gtk_widget_set_parent (marker, GTK_WIDGET (self));
      g_ptr_array_add (self->stages, stage);
      g_ptr_array_add (self->markers, marker);
    }

  g_array_set_size (self->has_transition, n_stages);
  g_array_set_size (self->transition_enabled, n_stages);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
pd_pipeline_graph_get_n_stages (PdPipelineGraph *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), 0);
  return self->stages->len;
}

void
pd_pipeline_graph_update_stage (PdPipelineGraph        *self,
                                guint                   index,
                                const PdGraphStageInfo *info,
                                guint                   n_actions)
{
  PdGraphStage *stage;
  GtkWidget *marker;
  guint old_n_actions;
  gboolean disabled;

  g_return_if_fail (PD_IS_PIPELINE_GRAPH (self));
  g_return_if_fail (index < self->stages->len);
  g_return_if_fail (info != NULL);

  stage = g_ptr_array_index (self->stages, index);
  marker = g_ptr_array_index (self->markers, index);
  old_n_actions = pd_graph_stage_get_n_actions (stage);

  pd_graph_stage_update (stage, info);
  pd_graph_stage_set_n_actions (stage, n_actions);

  for (guint i = old_n_actions; i < n_actions; i++)
    g_signal_connect_object (pd_graph_stage_get_action (stage, i), "activate",
                             G_CALLBACK (on_action_activate_cb), self, 0);

  g_array_index (self->has_transition, gboolean, index) = index > 0 && info->has_inbound_transition;
  g_array_index (self->transition_enabled, gboolean, index) = info->inbound_enabled;

  disabled = index > 0 && info->has_inbound_transition && !info->inbound_enabled;
  if (disabled)
    {
      g_autofree char *text = NULL;

      if (info->disabled_reason != NULL && info->disabled_reason[0] != '\0')
        /* Translators: a stage name and the reason its transition was disabled */
        text = g_strdup_printf (_("Transition to %s disabled: %s"), info->name, info->disabled_reason);
      else
        /* Translators: a stage name */
        text = g_strdup_printf (_("Transition to %s disabled"), info->name);
      gtk_widget_set_tooltip_text (marker, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (marker),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
    }
  if (gtk_widget_get_visible (marker) != disabled)
    gtk_widget_set_visible (marker, disabled);

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
pd_pipeline_graph_update_action (PdPipelineGraph         *self,
                                 guint                    stage,
                                 guint                    index,
                                 const PdGraphActionInfo *info)
{
  GtkWidget *action;

  g_return_if_fail (PD_IS_PIPELINE_GRAPH (self));
  g_return_if_fail (info != NULL);

  action = pd_pipeline_graph_get_action_widget (self, stage, index);
  g_return_if_fail (action != NULL);

  pd_graph_action_update (PD_GRAPH_ACTION (action), info);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
pd_pipeline_graph_get_n_actions (PdPipelineGraph *self,
                                 guint            stage)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), 0);

  if (stage >= self->stages->len)
    return 0;

  return pd_graph_stage_get_n_actions (g_ptr_array_index (self->stages, stage));
}

GtkWidget *
pd_pipeline_graph_get_stage_widget (PdPipelineGraph *self,
                                    guint            stage)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), NULL);

  if (stage >= self->stages->len)
    return NULL;

  return g_ptr_array_index (self->stages, stage);
}

/* The focusable title of a stage, which opens its logs. */
GtkWidget *
pd_pipeline_graph_get_stage_header (PdPipelineGraph *self,
                                    guint            stage)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), NULL);

  if (stage >= self->stages->len)
    return NULL;

  return pd_graph_stage_get_header (g_ptr_array_index (self->stages, stage));
}

GtkWidget *
pd_pipeline_graph_get_action_widget (PdPipelineGraph *self,
                                     guint            stage,
                                     guint            index)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), NULL);

  if (stage >= self->stages->len)
    return NULL;

  return (GtkWidget *) pd_graph_stage_get_action (g_ptr_array_index (self->stages, stage), index);
}

GtkWidget *
pd_pipeline_graph_get_transition_widget (PdPipelineGraph *self,
                                         guint            stage)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), NULL);

  if (stage >= self->markers->len)
    return NULL;

  return g_ptr_array_index (self->markers, stage);
}

gboolean
pd_pipeline_graph_focus_action (PdPipelineGraph *self,
                                const char      *stage_name,
                                const char      *action_name)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), FALSE);

  for (guint i = 0; i < self->stages->len; i++)
    {
      PdGraphStage *stage = g_ptr_array_index (self->stages, i);

      if (g_strcmp0 (pd_graph_stage_get_name (stage), stage_name) != 0)
        continue;

      for (guint j = 0; j < pd_graph_stage_get_n_actions (stage); j++)
        {
          PdGraphAction *action = pd_graph_stage_get_action (stage, j);

          if (g_strcmp0 (pd_graph_action_get_name (action), action_name) == 0)
            return gtk_widget_grab_focus (GTK_WIDGET (action));
        }
    }

  return FALSE;
}

double
pd_pipeline_graph_get_zoom (PdPipelineGraph *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), 1.0);
  return self->zoom;
}

/**
 * pd_pipeline_graph_set_zoom:
 * @self: the graph
 * @zoom: the zoom, clamped to the zoom range
 *
 * Zooms by hand: fitting stops until pd_pipeline_graph_set_fit() or
 * graph.zoom-reset turns it on again. The rows stay as they are.
 */
void
pd_pipeline_graph_set_zoom (PdPipelineGraph *self,
                            double           zoom)
{
  double old;

  g_return_if_fail (PD_IS_PIPELINE_GRAPH (self));

  old = self->zoom;
  pd_pipeline_graph_set_fit (self, FALSE);
  apply_layout (self, zoom, self->per_row);
  if (old != self->zoom)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

gboolean
pd_pipeline_graph_get_fit (PdPipelineGraph *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), FALSE);
  return self->fit;
}

void
pd_pipeline_graph_set_fit (PdPipelineGraph *self,
                           gboolean         fit)
{
  g_return_if_fail (PD_IS_PIPELINE_GRAPH (self));

  fit = !!fit;
  if (self->fit == fit)
    return;

  self->fit = fit;
  /* Whoever fits the graph does it when it is next allocated. */
  if (fit)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
}

guint
pd_pipeline_graph_get_stages_per_row (PdPipelineGraph *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), 1);
  return columns_for (self->stages->len, self->per_row);
}

/**
 * pd_pipeline_graph_compute_fit:
 * @self: the graph
 * @width: the width of the viewport
 * @height: the height of the viewport
 * @per_row: (out) (optional): the stages a row for that zoom
 *
 * Works out the zoom at which the whole graph fits @width × @height, never
 * above 1, and the stages a row for it: the fewest rows whose zoom comes
 * within 15 % of the largest any number of rows allows. Below
 * PD_PIPELINE_GRAPH_FIT_MIN_ZOOM
 * the text would be too small to read: then it is that zoom, with as many
 * stages a row as fit the width, and the graph scrolls down.
 *
 * Returns: the zoom
 */
double
pd_pipeline_graph_compute_fit (PdPipelineGraph *self,
                               int              width,
                               int              height,
                               guint           *per_row)
{
  g_auto(Layout) layout = { 0, };
  g_autofree double *zooms = NULL;
  double best_zoom = -1;
  guint best_per_row = 1;
  guint best_rows = G_MAXUINT;
  guint n;

  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), 1.0);

  layout_init (self, &layout);
  n = layout.n_stages;
  zooms = g_new0 (double, n + 1);

  /* zooms[k]: the largest zoom at which k stages a row fit, or 0. */
  for (guint k = 1; k <= n; k++)
    {
      int w1 = 0, h1 = 0;
      double zoom;

      /* Everything but the header scales with the zoom, up to rounding. */
      layout_stages (&layout, 1.0, k, NULL, &w1, &h1);
      zoom = MIN (1.0, MIN ((double) width / w1,
                            (double) (height - layout.header) / MAX (h1 - layout.header, 1)));
      while (zoom >= PD_PIPELINE_GRAPH_FIT_MIN_ZOOM && !fits_in (&layout, zoom, k, width, height))
        zoom -= 0.005;
      if (zoom >= PD_PIPELINE_GRAPH_FIT_MIN_ZOOM)
        {
          zooms[k] = zoom;
          best_zoom = MAX (best_zoom, zoom);
        }
    }

  if (n == 0)
    best_zoom = 1.0;
  else if (best_zoom > 0)
    {
      double wanted = 0.85 * best_zoom;

      /* Each row more breaks the line the stages run along: it is only
       * worth it when it shows the cards clearly larger. Of the layouts
       * within 15 % of the largest zoom, the fewest rows, then the
       * largest zoom. */
      best_zoom = 0;
      for (guint k = n; k >= 1; k--)
        {
          guint rows = (n + k - 1) / k;

          if (zooms[k] < wanted)
            continue;
          if (rows < best_rows || (rows == best_rows && zooms[k] > best_zoom + 0.001))
            {
              best_rows = rows;
              best_zoom = zooms[k];
              best_per_row = k;
            }
        }
    }
  else
    {
      /* Too long to fit readable: the smallest readable zoom, as many
       * stages a row as fit the width, rows below. */
      best_zoom = PD_PIPELINE_GRAPH_FIT_MIN_ZOOM;
      for (guint k = n; k > 1; k--)
        {
          int w = 0, h = 0;

          layout_stages (&layout, best_zoom, k, NULL, &w, &h);
          if (w <= width)
            {
              best_per_row = k;
              break;
            }
        }
    }

  if (per_row != NULL)
    *per_row = best_per_row;
  return best_zoom;
}

/**
 * pd_pipeline_graph_fit_to:
 * @self: the graph
 * @width: the width of the viewport the graph is shown in
 * @height: its height
 *
 * When #PdPipelineGraph:fit is on, takes the zoom and the rows that
 * pd_pipeline_graph_compute_fit() chooses for that viewport. Call it before
 * the graph is measured for the viewport's new size, not from inside an
 * allocation under it: a size change made there would be lost.
 *
 * Returns: whether the zoom or the rows changed
 */
gboolean
pd_pipeline_graph_fit_to (PdPipelineGraph *self,
                          int              width,
                          int              height)
{
  double old;
  double zoom;
  guint per_row = 1;
  gboolean changed;

  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), FALSE);

  if (!self->fit || width <= 0 || height <= 0)
    return FALSE;

  old = self->zoom;
  zoom = pd_pipeline_graph_compute_fit (self, width, height, &per_row);
  changed = apply_layout (self, zoom, per_row);
  if (old != self->zoom)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  return changed;
}

/**
 * pd_pipeline_graph_get_current_stage:
 * @self: the graph
 *
 * The stage to keep in view when the graph does not fit: the first one
 * running, waiting or failed, else the last one that ran.
 *
 * Returns: its index, or -1 when no stage ran
 */
int
pd_pipeline_graph_get_current_stage (PdPipelineGraph *self)
{
  int last = -1;

  g_return_val_if_fail (PD_IS_PIPELINE_GRAPH (self), -1);

  for (guint i = 0; i < self->stages->len; i++)
    {
      switch (pd_graph_stage_get_status (g_ptr_array_index (self->stages, i)))
        {
        case PD_GRAPH_STATUS_IN_PROGRESS:
        case PD_GRAPH_STATUS_WAITING:
        case PD_GRAPH_STATUS_STOPPING:
        case PD_GRAPH_STATUS_FAILED:
          return (int) i;

        case PD_GRAPH_STATUS_NONE:
          break;

        case PD_GRAPH_STATUS_SUCCEEDED:
        case PD_GRAPH_STATUS_STOPPED:
        case PD_GRAPH_STATUS_ABANDONED:
        case PD_GRAPH_STATUS_SUPERSEDED:
        case PD_GRAPH_STATUS_CANCELLED:
        case PD_GRAPH_STATUS_SKIPPED:
        default:
          last = (int) i;
          break;
        }
    }

  return last;
}
