/* pd-pipeline-row.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-pipeline-graph.h"
#include "pd-pipeline-row.h"
#include "pd-util.h"

/* A row of the pipeline list: status icon, name, status line with the
 * relative time and execution mode, and the Watch and Favourite toggles.
 * It follows its pipeline; the list's clock calls pd_pipeline_row_update()
 * so that "3 min ago" ages without new data. */

struct _PdPipelineRow
{
  GtkWidget   parent_instance;

  GtkWidget  *icon;
  GtkWidget  *name;
  GtkWidget  *subtitle;
  GtkWidget  *watch;
  GtkWidget  *star;

  /* Owned references */
  PdPipeline *pipeline;
  gulong      notify_id;

  /* Flags */
  guint       updating : 1;
};

G_DEFINE_FINAL_TYPE (PdPipelineRow, pd_pipeline_row, GTK_TYPE_WIDGET)

enum {
  FAVOURITE_TOGGLED,
  WATCH_TOGGLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
mode_text (PdAwsExecutionMode mode)
{
  switch (mode)
    {
    case PD_AWS_EXECUTION_MODE_QUEUED:
      return _("Queued");
    case PD_AWS_EXECUTION_MODE_PARALLEL:
      return _("Parallel");
    case PD_AWS_EXECUTION_MODE_SUPERSEDED:
      return _("Superseded");
    case PD_AWS_EXECUTION_MODE_UNKNOWN:
    default:
      return NULL;
    }
}

/**
 * pd_pipeline_row_update:
 * @self: a #PdPipelineRow
 *
 * Shows the pipeline as it is now, the relative time included.
 */
void
pd_pipeline_row_update (PdPipelineRow *self)
{
  PdPipeline *pipeline = self->pipeline;
  PdGraphStatus status;
  const char *status_text;
  const char *icon_name;
  const char *mode;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  GtkWidget *list_item;

  g_return_if_fail (PD_IS_PIPELINE_ROW (self));

  if (pipeline == NULL)
    return;

  status = pd_graph_status_from_execution (pd_pipeline_get_latest_status (pipeline));
  now = pd_util_new_now_utc ();
  when = pd_format_relative_time (pd_pipeline_get_latest_time (pipeline), now);
  if (pd_pipeline_get_waiting_for_approval (pipeline))
    status = PD_GRAPH_STATUS_WAITING;

  if (!pd_pipeline_get_has_status (pipeline))
    {
      status_text = _("Checking…");
      icon_name = "content-loading-symbolic";
    }
  else if (pd_pipeline_get_latest_execution_id (pipeline) == NULL)
    {
      status_text = _("No executions");
      icon_name = "content-loading-symbolic";
    }
  else
    {
      status_text = pd_graph_status_get_text (status);
      icon_name = pd_graph_status_get_icon_name (status);
      if (icon_name == NULL)
        icon_name = "content-loading-symbolic";
    }

  mode = mode_text (pd_pipeline_get_execution_mode (pipeline));
  if (when != NULL && mode != NULL)
    /* Translators: status · relative time · execution mode */
    text = g_strdup_printf (_("%s · %s · %s"), status_text, when, mode);
  else if (mode != NULL || when != NULL)
    text = g_strdup_printf ("%s · %s", status_text, mode != NULL ? mode : when);
  else
    text = g_strdup (status_text);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon_name);
  gtk_widget_set_css_classes (self->icon,
                              (const char *[]) { pd_graph_status_get_css_class (status), NULL });
  gtk_label_set_text (GTK_LABEL (self->name), pd_pipeline_get_name (pipeline));
  gtk_label_set_text (GTK_LABEL (self->subtitle), text);
  if (pd_pipeline_get_waiting_for_approval (pipeline))
    gtk_widget_add_css_class (GTK_WIDGET (self), "pd-waiting-approval");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "pd-waiting-approval");

  self->updating = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->star), pd_pipeline_get_favourite (pipeline));
  gtk_button_set_icon_name (GTK_BUTTON (self->star), pd_pipeline_get_favourite (pipeline)
                                                     ? "starred-symbolic" : "non-starred-symbolic");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->watch), pd_pipeline_get_watched (pipeline));
  self->updating = FALSE;

  /* Translators: a pipeline name, then its status line */
  label = g_strdup_printf (_("%s, %s"), pd_pipeline_get_name (pipeline), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  /* Screen readers announce the list item, the row's parent, which GTK 4.8
   * leaves without a name: give it the row's. */
  list_item = gtk_widget_get_parent (GTK_WIDGET (self));
  if (list_item != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (list_item),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
}

static void
on_pipeline_notify_cb (PdPipelineRow *self,
                       GParamSpec    *pspec,
                       PdPipeline    *pipeline)
{
  pd_pipeline_row_update (self);
}

static void
on_toggled_cb (GtkToggleButton *button,
               PdPipelineRow   *self)
{
  if (self->pipeline == NULL || self->updating)
    return;
  g_signal_emit (self, signals[button == GTK_TOGGLE_BUTTON (self->star) ? FAVOURITE_TOGGLED
                                                                         : WATCH_TOGGLED],
                 0, gtk_toggle_button_get_active (button));
}

static void
pd_pipeline_row_dispose (GObject *object)
{
  PdPipelineRow *self = PD_PIPELINE_ROW (object);
  GtkWidget *child;

  pd_pipeline_row_set_pipeline (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pd_pipeline_row_parent_class)->dispose (object);
}

static void
pd_pipeline_row_class_init (PdPipelineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_pipeline_row_dispose;

  /**
   * PdPipelineRow::favourite-toggled:
   * @active: whether the pipeline is now a favourite
   *
   * The user toggled the star.
   */
  signals[FAVOURITE_TOGGLED] =
    g_signal_new ("favourite-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * PdPipelineRow::watch-toggled:
   * @active: whether the pipeline is now watched
   *
   * The user toggled the bell.
   */
  signals[WATCH_TOGGLED] =
    g_signal_new ("watch-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pd-pipeline-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pd_pipeline_row_init (PdPipelineRow *self)
{
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 8);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 4);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 4);

  self->icon = gtk_image_new ();
  self->name = gtk_label_new (NULL);
  self->subtitle = gtk_label_new (NULL);
  self->star = gtk_toggle_button_new ();
  self->watch = gtk_toggle_button_new ();

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->subtitle, "caption");
  gtk_widget_add_css_class (self->subtitle, "dim-label");
  gtk_box_append (GTK_BOX (labels), self->name);
  gtk_box_append (GTK_BOX (labels), self->subtitle);

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = i == 0 ? self->star : self->watch;

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect (button, "toggled", G_CALLBACK (on_toggled_cb), self);
    }
  gtk_button_set_icon_name (GTK_BUTTON (self->star), "non-starred-symbolic");
  gtk_widget_set_tooltip_text (self->star, _("Favourite"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->star), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Favourite"), -1);
  gtk_button_set_icon_name (GTK_BUTTON (self->watch), "alarm-symbolic");
  gtk_widget_set_tooltip_text (self->watch, _("Watch: notify on failures and approvals"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->watch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Watch"), -1);

  gtk_widget_set_parent (self->icon, GTK_WIDGET (self));
  gtk_widget_set_parent (labels, GTK_WIDGET (self));
  gtk_widget_set_parent (self->watch, GTK_WIDGET (self));
  gtk_widget_set_parent (self->star, GTK_WIDGET (self));
}

GtkWidget *
pd_pipeline_row_new (void)
{
  return g_object_new (PD_TYPE_PIPELINE_ROW, NULL);
}

PdPipeline *
pd_pipeline_row_get_pipeline (PdPipelineRow *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_ROW (self), NULL);
  return self->pipeline;
}

/**
 * pd_pipeline_row_set_pipeline:
 * @self: a #PdPipelineRow
 * @pipeline: (nullable): the pipeline to show and follow
 */
void
pd_pipeline_row_set_pipeline (PdPipelineRow *self,
                              PdPipeline    *pipeline)
{
  g_return_if_fail (PD_IS_PIPELINE_ROW (self));
  g_return_if_fail (pipeline == NULL || PD_IS_PIPELINE (pipeline));

  if (self->pipeline == pipeline)
    return;
  if (self->pipeline != NULL)
    g_clear_signal_handler (&self->notify_id, self->pipeline);
  g_set_object (&self->pipeline, pipeline);
  if (pipeline != NULL)
    {
      self->notify_id = g_signal_connect_object (pipeline, "notify",
                                                 G_CALLBACK (on_pipeline_notify_cb), self,
                                                 G_CONNECT_SWAPPED);
      pd_pipeline_row_update (self);
    }
}

GtkWidget *
pd_pipeline_row_get_star (PdPipelineRow *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_ROW (self), NULL);
  return self->star;
}

GtkWidget *
pd_pipeline_row_get_watch (PdPipelineRow *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_ROW (self), NULL);
  return self->watch;
}

GtkWidget *
pd_pipeline_row_get_subtitle (PdPipelineRow *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_ROW (self), NULL);
  return self->subtitle;
}
