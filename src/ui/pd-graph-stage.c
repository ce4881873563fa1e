/* pd-graph-stage.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-graph-private.h"
#include "pd-util.h"

/* A stage of the pipeline graph: a titled box whose children are the action
 * cards. Actions of one runOrder form a column, stacked because they run in
 * parallel; columns follow each other left to right like the stages. The
 * title is a header child of its own that takes the focus and activates
 * like a button, so that a stage can be opened from the keyboard. */
struct _PdGraphStageHeader
{
  GtkWidget      parent_instance;
};

G_DEFINE_FINAL_TYPE (PdGraphStageHeader, pd_graph_stage_header, GTK_TYPE_WIDGET)

struct _PdGraphStage
{
  GtkWidget      parent_instance;

  /* Owned references */
  char          *name;
  char          *label;
  GPtrArray     *actions;        /* PdGraphAction, borrowed: they are our children */
  GtkWidget     *header;         /* PdGraphStageHeader, borrowed: our child */

  PdGraphStatus  status;
  double         zoom;
};

G_DEFINE_FINAL_TYPE (PdGraphStage, pd_graph_stage, GTK_TYPE_WIDGET)

enum {
  HEADER_ACTIVATE,
  N_HEADER_SIGNALS
};

static guint header_signals[N_HEADER_SIGNALS];

static void
on_header_click_released_cb (GtkGestureClick    *gesture,
                             int                 n_press,
                             double              x,
                             double              y,
                             PdGraphStageHeader *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_widget_activate (GTK_WIDGET (self));
}

static void
pd_graph_stage_header_class_init (PdGraphStageHeaderClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const guint keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter, GDK_KEY_space };

  /**
   * PdGraphStageHeader::activate:
   *
   * Emitted when the stage title is clicked or activated from the keyboard.
   */
  header_signals[HEADER_ACTIVATE] =
    g_signal_new ("activate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, header_signals[HEADER_ACTIVATE]);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_signal (widget_class, keys[i], 0, "activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "pd-graph-stage-header");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
pd_graph_stage_header_init (PdGraphStageHeader *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  g_signal_connect_object (click, "released", G_CALLBACK (on_header_click_released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Opens the build logs of the stage"),
                                  -1);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The distinct run orders, sorted: column i holds the actions of orders[i]. */
static GArray *
dup_run_orders (PdGraphStage *self)
{
  GArray *orders = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < self->actions->len; i++)
    {
      guint order = pd_graph_action_get_run_order (g_ptr_array_index (self->actions, i));
      gboolean seen = FALSE;

      for (guint j = 0; j < orders->len && !seen; j++)
        seen = g_array_index (orders, guint, j) == order;
      if (!seen)
        g_array_append_val (orders, order);
    }

  g_array_sort (orders, compare_uint);

  return orders;
}

static guint
column_of_order (GArray *orders,
                 guint   order)
{
  for (guint j = 0; j < orders->len; j++)
    if (g_array_index (orders, guint, j) == order)
      return j;

  g_assert_not_reached ();
  return 0;
}

static void
get_grid_size (PdGraphStage *self,
               guint        *n_columns,
               guint        *n_rows)
{
  g_autoptr(GArray) orders = dup_run_orders (self);

  *n_columns = MAX (orders->len, 1);
  *n_rows = 1;
  for (guint c = 0; c < orders->len; c++)
    *n_rows = MAX (*n_rows, pd_graph_stage_get_n_rows (self, c));
}

static int
scaled (PdGraphStage *self,
        int           size)
{
  return (int) (size * self->zoom + 0.5);
}

static int
scaled_at (int    size,
           double zoom)
{
  return (int) (size * zoom + 0.5);
}

/* The columns and rows of cards of the stage. */
void
pd_graph_stage_get_grid (PdGraphStage *self,
                         guint        *n_columns,
                         guint        *n_rows)
{
  g_return_if_fail (PD_IS_GRAPH_STAGE (self));

  get_grid_size (self, n_columns, n_rows);
}

/* The size of a stage of that grid at @zoom: the graph works out from it
 * the zoom that fits, whatever zoom its stages have now. */
void
pd_graph_stage_size_for_grid (guint   n_columns,
                              guint   n_rows,
                              double  zoom,
                              int    *width,
                              int    *height)
{
  n_columns = MAX (n_columns, 1);
  n_rows = MAX (n_rows, 1);
  *width = 2 * scaled_at (PD_GRAPH_STAGE_PADDING, zoom)
           + n_columns * scaled_at (PD_GRAPH_CARD_WIDTH, zoom)
           + (n_columns - 1) * scaled_at (PD_GRAPH_GAP, zoom);
  *height = scaled_at (PD_GRAPH_STAGE_TITLE, zoom) + scaled_at (PD_GRAPH_STAGE_PADDING, zoom)
            + n_rows * scaled_at (PD_GRAPH_CARD_HEIGHT, zoom)
            + (n_rows - 1) * scaled_at (PD_GRAPH_GAP, zoom);
}

static void
pd_graph_stage_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  PdGraphStage *self = PD_GRAPH_STAGE (widget);
  guint n_columns, n_rows;
  int width, height;

  get_grid_size (self, &n_columns, &n_rows);
  pd_graph_stage_size_for_grid (n_columns, n_rows, self->zoom, &width, &height);
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? width : height;
}

static void
pd_graph_stage_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  PdGraphStage *self = PD_GRAPH_STAGE (widget);
  g_autoptr(GArray) orders = dup_run_orders (self);
  g_autofree guint *rows = g_new0 (guint, MAX (orders->len, 1));
  int card_width = scaled (self, PD_GRAPH_CARD_WIDTH);
  int card_height = scaled (self, PD_GRAPH_CARD_HEIGHT);
  int gap = scaled (self, PD_GRAPH_GAP);
  int padding = scaled (self, PD_GRAPH_STAGE_PADDING);
  int top = scaled (self, PD_GRAPH_STAGE_TITLE);
  GtkAllocation header = { 0, 0, width, top };

  gtk_widget_size_allocate (self->header, &header, -1);
  for (guint i = 0; i < self->actions->len; i++)
    {
      GtkWidget *action = g_ptr_array_index (self->actions, i);
      guint column = column_of_order (orders, pd_graph_action_get_run_order (PD_GRAPH_ACTION (action)));
      guint row = rows[column]++;
      GtkAllocation allocation = {
        padding + column * (card_width + gap),
        top + row * (card_height + gap),
        card_width,
        card_height,
      };

      gtk_widget_size_allocate (action, &allocation, -1);
    }
}

static void
pd_graph_stage_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  PdGraphStage *self = PD_GRAPH_STAGE (widget);
  GdkRGBA fg;
  GdkRGBA status_color;
  const char *icon_name = pd_graph_status_get_icon_name (self->status);
  int width = gtk_widget_get_width (widget);
  int title_width = (int) (width / self->zoom) - 2 * PD_GRAPH_STAGE_PADDING;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  pd_graph_lookup_status_color (widget, self->status, &status_color);

  if (icon_name != NULL)
    {
      pd_graph_snapshot_icon (widget, snapshot, icon_name, &status_color,
                              PD_GRAPH_STAGE_PADDING, 12, 16, self->zoom);
      pd_graph_snapshot_text (widget, snapshot, self->name, &fg,
                              PD_GRAPH_STAGE_PADDING + 22, 10, title_width - 22, TRUE, 1.0,
                              self->zoom);
    }
  else
    pd_graph_snapshot_text (widget, snapshot, self->name, &fg,
                            PD_GRAPH_STAGE_PADDING, 10, title_width, TRUE, 1.0, self->zoom);

  GTK_WIDGET_CLASS (pd_graph_stage_parent_class)->snapshot (widget, snapshot);
}

static void
update_label (PdGraphStage *self)
{
  g_autofree char *status = g_utf8_strdown (pd_graph_status_get_text (self->status), -1);

  g_free (self->label);
  /* Translators: a stage name and its status: "Stage Test, failed" */
  self->label = g_strdup_printf (_("Stage %s, %s"), self->name, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->header),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->label,
                                  -1);
}

static void
pd_graph_stage_dispose (GObject *object)
{
  PdGraphStage *self = (PdGraphStage *)object;

  pd_graph_stage_set_n_actions (self, 0);
  g_clear_pointer (&self->header, gtk_widget_unparent);

  G_OBJECT_CLASS (pd_graph_stage_parent_class)->dispose (object);
}

static void
pd_graph_stage_finalize (GObject *object)
{
  PdGraphStage *self = (PdGraphStage *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->actions, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_graph_stage_parent_class)->finalize (object);
}

static void
pd_graph_stage_class_init (PdGraphStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_graph_stage_dispose;
  object_class->finalize = pd_graph_stage_finalize;

  widget_class->measure = pd_graph_stage_measure;
  widget_class->size_allocate = pd_graph_stage_size_allocate;
  widget_class->snapshot = pd_graph_stage_snapshot;

  gtk_widget_class_set_css_name (widget_class, "pd-graph-stage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pd_graph_stage_init (PdGraphStage *self)
{
  self->name = g_strdup ("");
  self->actions = g_ptr_array_new ();
  self->zoom = 1.0;
  self->header = g_object_new (PD_TYPE_GRAPH_STAGE_HEADER, NULL);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));
  update_label (self);
}

GtkWidget *
pd_graph_stage_new (void)
{
  return g_object_new (PD_TYPE_GRAPH_STAGE, NULL);
}

void
pd_graph_stage_update (PdGraphStage           *self,
                       const PdGraphStageInfo *info)
{
  g_return_if_fail (PD_IS_GRAPH_STAGE (self));
  g_return_if_fail (info != NULL);

  pd_set_str (&self->name, info->name != NULL ? info->name : "");
  if (self->status != info->status)
    pd_graph_remove_status_class (GTK_WIDGET (self), self->status);
  self->status = info->status;
  pd_graph_add_status_class (GTK_WIDGET (self), self->status);
  update_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
pd_graph_stage_get_name (PdGraphStage *self)
{
  g_return_val_if_fail (PD_IS_GRAPH_STAGE (self), NULL);
  return self->name;
}

PdGraphStatus
pd_graph_stage_get_status (PdGraphStage *self)
{
  g_return_val_if_fail (PD_IS_GRAPH_STAGE (self), PD_GRAPH_STATUS_NONE);
  return self->status;
}

GtkWidget *
pd_graph_stage_get_header (PdGraphStage *self)
{
  g_return_val_if_fail (PD_IS_GRAPH_STAGE (self), NULL);
  return self->header;
}

const char *
pd_graph_stage_get_label (PdGraphStage *self)
{
  g_return_val_if_fail (PD_IS_GRAPH_STAGE (self), NULL);
  return self->label;
}

void
pd_graph_stage_set_n_actions (PdGraphStage *self,
                              guint         n_actions)
{
  g_return_if_fail (PD_IS_GRAPH_STAGE (self));

  if (self->actions == NULL || self->actions->len == n_actions)
    return;

  while (self->actions->len > n_actions)
    {
      GtkWidget *action = g_ptr_array_steal_index (self->actions, self->actions->len - 1);

      gtk_widget_unparent (action);
    }

  while (self->actions->len < n_actions)
    {
      GtkWidget *action = pd_graph_action_new ();

      pd_graph_action_set_zoom (PD_GRAPH_ACTION (action), self->zoom);
      gtk_widget_set_parent (action, GTK_WIDGET (self));
      g_ptr_array_add (self->actions, action);
    }

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
pd_graph_stage_get_n_actions (PdGraphStage *self)
{
  g_return_val_if_fail (PD_IS_GRAPH_STAGE (self), 0);
  return self->actions->len;
}

PdGraphAction *
pd_graph_stage_get_action (PdGraphStage *self,
                           guint         index)
{
  g_return_val_if_fail (PD_IS_GRAPH_STAGE (self), NULL);

  if (index >= self->actions->len)
    return NULL;

  return g_ptr_array_index (self->actions, index);
}

void
pd_graph_stage_set_zoom (PdGraphStage *self,
                         double        zoom)
{
  g_return_if_fail (PD_IS_GRAPH_STAGE (self));

  if (self->zoom == zoom)
    return;

  self->zoom = zoom;
  for (guint i = 0; i < self->actions->len; i++)
    pd_graph_action_set_zoom (g_ptr_array_index (self->actions, i), zoom);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
pd_graph_stage_get_n_columns (PdGraphStage *self)
{
  g_autoptr(GArray) orders = NULL;

  g_return_val_if_fail (PD_IS_GRAPH_STAGE (self), 0);

  orders = dup_run_orders (self);
  return orders->len;
}

guint
pd_graph_stage_get_n_rows (PdGraphStage *self,
                           guint         column)
{
  g_autoptr(GArray) orders = NULL;
  guint n = 0;

  g_return_val_if_fail (PD_IS_GRAPH_STAGE (self), 0);

  orders = dup_run_orders (self);
  if (column >= orders->len)
    return 0;

  for (guint i = 0; i < self->actions->len; i++)
    if (pd_graph_action_get_run_order (g_ptr_array_index (self->actions, i)) ==
        g_array_index (orders, guint, column))
      n++;

  return n;
}

gboolean
pd_graph_stage_locate (PdGraphStage  *self,
                       PdGraphAction *action,
                       guint         *column,
                       guint         *row)
{
  g_autoptr(GArray) orders = NULL;
  guint order;
  guint r = 0;

  g_return_val_if_fail (PD_IS_GRAPH_STAGE (self), FALSE);

  orders = dup_run_orders (self);
  order = pd_graph_action_get_run_order (action);

  for (guint i = 0; i < self->actions->len; i++)
    {
      PdGraphAction *item = g_ptr_array_index (self->actions, i);

      if (item == action)
        {
          *column = column_of_order (orders, order);
          *row = r;
          return TRUE;
        }
      if (pd_graph_action_get_run_order (item) == order)
        r++;
    }

  return FALSE;
}

PdGraphAction *
pd_graph_stage_get_action_at (PdGraphStage *self,
                              guint         column,
                              guint         row)
{
  g_autoptr(GArray) orders = NULL;
  guint r = 0;

  g_return_val_if_fail (PD_IS_GRAPH_STAGE (self), NULL);

  orders = dup_run_orders (self);
  if (column >= orders->len)
    return NULL;

  for (guint i = 0; i < self->actions->len; i++)
    {
      PdGraphAction *item = g_ptr_array_index (self->actions, i);

      if (pd_graph_action_get_run_order (item) == g_array_index (orders, guint, column))
        {
          if (r == row)
            return item;
          r++;
        }
    }

  return NULL;
}
