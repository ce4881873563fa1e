/* pd-graph-action.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pd-graph-private.h"
#include "pd-util.h"

/* One action of the pipeline graph: a card drawn with GtkSnapshot. It is a
 * widget of its own so that it can take the focus and be an accessible
 * button with a name that says what it shows. */
struct _PdGraphAction
{
  GtkWidget            parent_instance;

  /* Owned references */
  char                *name;
  char                *provider;
  char                *summary;
  char                *label;
  char                *detail;

  PdAwsActionCategory  category;
  PdGraphStatus        status;
  guint                run_order;
  gint64               duration;
  int                  percent;
  double               zoom;
};

G_DEFINE_FINAL_TYPE (PdGraphAction, pd_graph_action, GTK_TYPE_WIDGET)

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
category_icon_name (PdAwsActionCategory category)
{
  switch (category)
    {
    case PD_AWS_ACTION_CATEGORY_SOURCE:
      return "folder-download-symbolic";
    case PD_AWS_ACTION_CATEGORY_BUILD:
      return "system-run-symbolic";
    case PD_AWS_ACTION_CATEGORY_TEST:
      return "applications-engineering-symbolic";
    case PD_AWS_ACTION_CATEGORY_DEPLOY:
      return "document-send-symbolic";
    case PD_AWS_ACTION_CATEGORY_APPROVAL:
      return "avatar-default-symbolic";
    case PD_AWS_ACTION_CATEGORY_INVOKE:
      return "utilities-terminal-symbolic";
    case PD_AWS_ACTION_CATEGORY_COMPUTE:
    case PD_AWS_ACTION_CATEGORY_UNKNOWN:
    default:
      return "emblem-system-symbolic";
    }
}

static gboolean
status_is_final (PdGraphStatus status)
{
  switch (status)
    {
    case PD_GRAPH_STATUS_SUCCEEDED:
    case PD_GRAPH_STATUS_FAILED:
    case PD_GRAPH_STATUS_STOPPED:
    case PD_GRAPH_STATUS_ABANDONED:
    case PD_GRAPH_STATUS_SUPERSEDED:
    case PD_GRAPH_STATUS_CANCELLED:
      return TRUE;
    case PD_GRAPH_STATUS_NONE:
    case PD_GRAPH_STATUS_IN_PROGRESS:
    case PD_GRAPH_STATUS_WAITING:
    case PD_GRAPH_STATUS_STOPPING:
    case PD_GRAPH_STATUS_SKIPPED:
    default:
      return FALSE;
    }
}

/* The lower-case status for sentences such as "Action Build, failed". */
static const char *
status_sentence_text (PdGraphStatus status)
{
  switch (status)
    {
    case PD_GRAPH_STATUS_IN_PROGRESS:
      return _("in progress");
    case PD_GRAPH_STATUS_WAITING:
      return _("waiting for approval");
    case PD_GRAPH_STATUS_SUCCEEDED:
      return _("succeeded");
    case PD_GRAPH_STATUS_FAILED:
      return _("failed");
    case PD_GRAPH_STATUS_STOPPING:
      return _("stopping");
    case PD_GRAPH_STATUS_STOPPED:
      return _("stopped");
    case PD_GRAPH_STATUS_ABANDONED:
      return _("abandoned");
    case PD_GRAPH_STATUS_SUPERSEDED:
      return _("superseded");
    case PD_GRAPH_STATUS_CANCELLED:
      return _("cancelled");
    case PD_GRAPH_STATUS_SKIPPED:
      return _("skipped");
    case PD_GRAPH_STATUS_NONE:
    default:
      return _("not run");
    }
}

static void
update_texts (PdGraphAction *self)
{
  g_autofree char *duration = NULL;
  const char *status_text = pd_graph_status_get_text (self->status);
  const char *sentence = status_sentence_text (self->status);

  if (self->duration >= 0)
    duration = pd_format_duration (self->duration);

  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->label, g_free);

  if (self->status == PD_GRAPH_STATUS_IN_PROGRESS && self->percent >= 0)
    {
      /* Translators: a status, then how much of the work is done, as in "In progress · 40 %" */
      self->detail = g_strdup_printf (_("%s · %d %%"), status_text, self->percent);
      /* Translators: an action name, a status and a percentage:
       * "Action Build, in progress, 40 % done" */
      self->label = g_strdup_printf (_("Action %s, %s, %d %% done"),
                                     self->name, sentence, self->percent);
    }
  else if (duration != NULL && (status_is_final (self->status) ||
                                self->status == PD_GRAPH_STATUS_IN_PROGRESS))
    {
      if (status_is_final (self->status))
        {
          /* Translators: a status and a duration: "Succeeded in 2 min 10 s" */
          self->detail = g_strdup_printf (_("%s in %s"), status_text, duration);
          /* Translators: an action name, a status and a duration:
           * "Action UnitTests, succeeded in 2 min 10 s" */
          self->label = g_strdup_printf (_("Action %s, %s in %s"), self->name, sentence, duration);
        }
      else
        {
          /* Translators: a status, then the time it has run: "In progress · 1 min 5 s" */
          self->detail = g_strdup_printf (_("%s · %s"), status_text, duration);
          /* Translators: an action name, a status and the time it has run:
           * "Action Build, in progress for 1 min 5 s" */
          self->label = g_strdup_printf (_("Action %s, %s for %s"), self->name, sentence, duration);
        }
    }
  else
    {
      self->detail = g_strdup (status_text);
      /* Translators: an action name and its status: "Action Build, failed" */
      self->label = g_strdup_printf (_("Action %s, %s"), self->name, sentence);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->summary != NULL ? self->summary : "",
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               self->summary != NULL && self->summary[0] != '\0'
                               ? self->summary : NULL);
}

static void
on_click_released_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      PdGraphAction   *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_widget_activate (GTK_WIDGET (self));
}

static void
pd_graph_action_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  PdGraphAction *self = PD_GRAPH_ACTION (widget);
  int size = orientation == GTK_ORIENTATION_HORIZONTAL ? PD_GRAPH_CARD_WIDTH : PD_GRAPH_CARD_HEIGHT;

  *minimum = *natural = (int) (size * self->zoom + 0.5);
}

/* A rectangle given at zoom 1, on whole pixels at the zoom. */
static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         zoom,
             double         x,
             double         y,
             double         width,
             double         height)
{
  float left = roundf ((float) (x * zoom));
  float top = roundf ((float) (y * zoom));
  float right = roundf ((float) ((x + width) * zoom));
  float bottom = roundf ((float) ((y + height) * zoom));

  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (left, top, MAX (right - left, 1),
                                                  MAX (bottom - top, 1)));
}

static void
pd_graph_action_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PdGraphAction *self = PD_GRAPH_ACTION (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA fg;
  GdkRGBA dim;
  GdkRGBA status_color;
  const char *status_icon;
  const char *last_line;
  double zoom = self->zoom;
  int text_width = PD_GRAPH_CARD_WIDTH - 48;

  gtk_style_context_get_color (context, &fg);
  dim = fg;
  dim.alpha *= 0.65f;
  pd_graph_lookup_status_color (widget, self->status, &status_color);

  /* Everything is placed in zoom-1 units and drawn at the zoom by the
   * helpers, never through a scale transform (see pd_graph_snapshot_text). */

  /* The status stripe: colour is one of three signals, with icon and text. */
  append_rect (snapshot, &status_color, zoom, 0, 8, 4, PD_GRAPH_CARD_HEIGHT - 16);

  pd_graph_snapshot_icon (widget, snapshot, category_icon_name (self->category), &fg,
                          14, 10, 16, zoom);
  pd_graph_snapshot_text (widget, snapshot, self->name, &fg, 38, 8, text_width, TRUE, 1.0, zoom);

  status_icon = pd_graph_status_get_icon_name (self->status);
  if (status_icon != NULL)
    pd_graph_snapshot_icon (widget, snapshot, status_icon, &status_color, 14, 32, 16, zoom);
  pd_graph_snapshot_text (widget, snapshot, self->detail, &fg, 38, 30, text_width, FALSE, 0.9,
                          zoom);

  last_line = self->summary != NULL && self->summary[0] != '\0' ? self->summary : self->provider;
  /* The smallest text of the card: PD_PIPELINE_GRAPH_FIT_MIN_ZOOM keeps it readable. */
  pd_graph_snapshot_text (widget, snapshot, last_line, &dim, 14, 52, PD_GRAPH_CARD_WIDTH - 24,
                          FALSE, PD_GRAPH_SMALL_TEXT_SCALE, zoom);

  if (self->status == PD_GRAPH_STATUS_IN_PROGRESS && self->percent >= 0)
    {
      GdkRGBA track = status_color;
      double width = (PD_GRAPH_CARD_WIDTH - 28) * CLAMP (self->percent, 0, 100) / 100.0;

      track.alpha *= 0.25f;
      append_rect (snapshot, &track, zoom, 14, PD_GRAPH_CARD_HEIGHT - 7,
                   PD_GRAPH_CARD_WIDTH - 28, 3);
      if (width > 0)
        append_rect (snapshot, &status_color, zoom, 14, PD_GRAPH_CARD_HEIGHT - 7, width, 3);
    }
}

static void
pd_graph_action_finalize (GObject *object)
{
  PdGraphAction *self = (PdGraphAction *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->provider, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (pd_graph_action_parent_class)->finalize (object);
}

static void
pd_graph_action_class_init (PdGraphActionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_graph_action_finalize;

  widget_class->measure = pd_graph_action_measure;
  widget_class->snapshot = pd_graph_action_snapshot;

  /**
   * PdGraphAction::activate:
   *
   * Emitted when the card is clicked or activated from the keyboard.
   */
  signals[ACTIVATE] =
    g_signal_new ("activate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, signals[ACTIVATE]);

  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_Return, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_KP_Enter, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_ISO_Enter, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_space, 0, "activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "pd-graph-action");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
pd_graph_action_init (PdGraphAction *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->name = g_strdup ("");
  self->zoom = 1.0;
  self->duration = -1;
  self->percent = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect_object (click, "released", G_CALLBACK (on_click_released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  update_texts (self);
}

GtkWidget *
pd_graph_action_new (void)
{
  return g_object_new (PD_TYPE_GRAPH_ACTION, NULL);
}

void
pd_graph_action_update (PdGraphAction           *self,
                        const PdGraphActionInfo *info)
{
  g_return_if_fail (PD_IS_GRAPH_ACTION (self));
  g_return_if_fail (info != NULL);

  pd_set_str (&self->name, info->name != NULL ? info->name : "");
  pd_set_str (&self->provider, info->provider);
  pd_set_str (&self->summary, info->summary);
  self->category = info->category;
  if (self->status != info->status)
    {
      pd_graph_remove_status_class (GTK_WIDGET (self), self->status);
      self->status = info->status;
    }
  pd_graph_add_status_class (GTK_WIDGET (self), self->status);
  if (self->run_order != info->run_order)
    {
      self->run_order = info->run_order;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  self->duration = info->duration;
  self->percent = info->percent;

  update_texts (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
pd_graph_action_get_name (PdGraphAction *self)
{
  g_return_val_if_fail (PD_IS_GRAPH_ACTION (self), NULL);
  return self->name;
}

guint
pd_graph_action_get_run_order (PdGraphAction *self)
{
  g_return_val_if_fail (PD_IS_GRAPH_ACTION (self), 0);
  return self->run_order;
}

PdGraphStatus
pd_graph_action_get_status (PdGraphAction *self)
{
  g_return_val_if_fail (PD_IS_GRAPH_ACTION (self), PD_GRAPH_STATUS_NONE);
  return self->status;
}

const char *
pd_graph_action_get_label (PdGraphAction *self)
{
  g_return_val_if_fail (PD_IS_GRAPH_ACTION (self), NULL);
  return self->label;
}

void
pd_graph_action_set_zoom (PdGraphAction *self,
                          double         zoom)
{
  g_return_if_fail (PD_IS_GRAPH_ACTION (self));

  if (self->zoom != zoom)
    {
      self->zoom = zoom;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
}
