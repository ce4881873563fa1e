/* pd-window.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-window.h"

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkDropDown          *account_dropdown;
  GtkDropDown          *region_dropdown;
  GtkListBox           *pipelines_list;
  GtkStack             *main_stack;
  AdwStatusPage        *empty_page;
  AdwWindowTitle       *window_title;

  /* Owned references */
  GSettings            *settings;

  /* Flags */
  guint                 busy : 1;
};

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_window_save_state (PdWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
pd_window_close_request (GtkWindow *window)
{
  pd_window_save_state (PD_WINDOW (window));

  return GTK_WINDOW_CLASS (pd_window_parent_class)->close_request (window);
}

static void
on_back_clicked_cb (PdWindow  *self,
                    GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = (PdWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

static void
pd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      pd_window_set_busy (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_window_dispose;
  object_class->get_property = pd_window_get_property;
  object_class->set_property = pd_window_set_property;

  window_class->close_request = pd_window_close_request;

  /**
   * PdWindow:busy:
   *
   * Whether the window is still loading what it shows.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, account_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, pipelines_list);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
}

static void
pd_window_init (PdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/**
 * pd_window_new:
 * @application: the application
 *
 * Creates the main window, sized as it was when last closed.
 *
 * Returns: (transfer full): a new #PdWindow
 */
PdWindow *
pd_window_new (AdwApplication *application)
{
  PdWindow *self;

  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);

  self = g_object_new (PD_TYPE_WINDOW,
                       "application", application,
                       NULL);

  if (PD_IS_APPLICATION (application))
    {
      self->settings = g_object_ref (pd_application_get_settings (PD_APPLICATION (application)));
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  return self;
}

gboolean
pd_window_get_busy (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  return self->busy;
}

void
pd_window_set_busy (PdWindow *self,
                    gboolean  busy)
{
  g_return_if_fail (PD_IS_WINDOW (self));

  busy = !!busy;
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

/**
 * pd_window_show_view:
 * @self: a #PdWindow
 * @view: (nullable): a view name such as `home`
 * @error: a location for a #GError
 *
 * Shows the named view, as `--view` asks.
 *
 * Returns: %TRUE if the view exists and is being shown
 */
gboolean
pd_window_show_view (PdWindow    *self,
                     const char  *view,
                     GError     **error)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  if (view == NULL || g_str_equal (view, "home"))
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("Unknown view “%s”"), view);
  return FALSE;
}

void
pd_window_add_toast (PdWindow   *self,
                     const char *title)
{
  g_return_if_fail (PD_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

void
pd_window_show_error_toast (PdWindow     *self,
                            const GError *error)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  pd_window_add_toast (self, error->message);
}
