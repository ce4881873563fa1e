/* pd-section.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-api-page.h"
#include "pd-application.h"
#include "pd-pipeline-view.h"
#include "pd-pipelines-page.h"
#include "pd-section.h"

G_DEFINE_INTERFACE (PdSection, pd_section, GTK_TYPE_WIDGET)

/* The sections of the window, in the sidebar's order; Ctrl+1… follow it.
 * A section is added by writing its page and adding one line here. */
static const PdSectionInfo sections[] = {
  { "pipelines", N_("Pipelines"), "media-playlist-repeat-symbolic", pd_pipelines_page_get_type },
  { "api", N_("API"), "network-server-symbolic", pd_api_page_get_type },
};

/**
 * pd_sections_get_all:
 * @n_sections: (out): where to store the number of sections
 *
 * Returns: (transfer none) (array length=n_sections): the registered sections
 */
const PdSectionInfo *
pd_sections_get_all (guint *n_sections)
{
  g_return_val_if_fail (n_sections != NULL, NULL);

  *n_sections = G_N_ELEMENTS (sections);
  return sections;
}

static void
pd_section_default_init (PdSectionInterface *iface)
{
  g_object_interface_install_property (iface,
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

GtkWidget *
pd_section_get_sidebar (PdSection *self)
{
  PdSectionInterface *iface;

  g_return_val_if_fail (PD_IS_SECTION (self), NULL);
  iface = PD_SECTION_GET_IFACE (self);
  return iface->get_sidebar != NULL ? iface->get_sidebar (self) : NULL;
}

GtkWidget *
pd_section_get_header (PdSection *self)
{
  PdSectionInterface *iface;

  g_return_val_if_fail (PD_IS_SECTION (self), NULL);
  iface = PD_SECTION_GET_IFACE (self);
  return iface->get_header != NULL ? iface->get_header (self) : NULL;
}

void
pd_section_set_context (PdSection        *self,
                        PdAccountContext *context)
{
  g_return_if_fail (PD_IS_SECTION (self));
  g_return_if_fail (PD_IS_ACCOUNT_CONTEXT (context));
  PD_SECTION_GET_IFACE (self)->set_context (self, context);
}

void
pd_section_set_active (PdSection *self,
                       gboolean   active)
{
  g_return_if_fail (PD_IS_SECTION (self));
  PD_SECTION_GET_IFACE (self)->set_active (self, active);
}

gboolean
pd_section_show_view (PdSection   *self,
                      const char  *view,
                      GError     **error)
{
  PdSectionInterface *iface;

  g_return_val_if_fail (PD_IS_SECTION (self), FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  iface = PD_SECTION_GET_IFACE (self);
  return iface->show_view != NULL && iface->show_view (self, view, error);
}

void
pd_section_land (PdSection *self)
{
  PdSectionInterface *iface;

  g_return_if_fail (PD_IS_SECTION (self));
  iface = PD_SECTION_GET_IFACE (self);
  if (iface->land != NULL)
    iface->land (self);
}

gboolean
pd_section_go_back (PdSection *self)
{
  PdSectionInterface *iface;

  g_return_val_if_fail (PD_IS_SECTION (self), FALSE);
  iface = PD_SECTION_GET_IFACE (self);
  return iface->go_back != NULL && iface->go_back (self);
}

void
pd_section_search (PdSection *self)
{
  PdSectionInterface *iface;

  g_return_if_fail (PD_IS_SECTION (self));
  iface = PD_SECTION_GET_IFACE (self);
  if (iface->search != NULL)
    iface->search (self);
}

GListModel *
pd_section_get_palette_items (PdSection *self)
{
  PdSectionInterface *iface;

  g_return_val_if_fail (PD_IS_SECTION (self), NULL);
  iface = PD_SECTION_GET_IFACE (self);
  return iface->get_palette_items != NULL ? iface->get_palette_items (self) : NULL;
}

char *
pd_section_dup_title (PdSection *self)
{
  char *title = NULL;

  g_return_val_if_fail (PD_IS_SECTION (self), NULL);
  g_object_get (self, "title", &title, NULL);
  return title;
}

char *
pd_section_dup_subtitle (PdSection *self)
{
  char *subtitle = NULL;

  g_return_val_if_fail (PD_IS_SECTION (self), NULL);
  g_object_get (self, "subtitle", &subtitle, NULL);
  return subtitle;
}

gboolean
pd_section_get_busy (PdSection *self)
{
  gboolean busy = FALSE;

  g_return_val_if_fail (PD_IS_SECTION (self), FALSE);
  g_object_get (self, "busy", &busy, NULL);
  return busy;
}

/**
 * pd_section_get_settings:
 * @self: a #PdSection in a window of the application
 *
 * Returns: (transfer none) (nullable): the application's settings
 */
GSettings *
pd_section_get_settings (PdSection *self)
{
  GtkRoot *root;
  GtkApplication *app;

  g_return_val_if_fail (PD_IS_SECTION (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (!GTK_IS_WINDOW (root))
    return NULL;
  app = gtk_window_get_application (GTK_WINDOW (root));
  return PD_IS_APPLICATION (app) ? pd_application_get_settings (PD_APPLICATION (app)) : NULL;
}

/**
 * pd_section_add_toast:
 * @self: a #PdSection
 * @text: what to say
 *
 * Shows a toast in the window of the section.
 */
void
pd_section_add_toast (PdSection  *self,
                      const char *text)
{
  GtkWidget *overlay;

  g_return_if_fail (PD_IS_SECTION (self));
  g_return_if_fail (text != NULL);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

/**
 * pd_section_show_error_toast:
 * @self: a #PdSection
 * @error: the error of a request
 *
 * Shows @error with its AWS code and request ID in a toast.
 */
void
pd_section_show_error_toast (PdSection    *self,
                             const GError *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PD_IS_SECTION (self));
  g_return_if_fail (error != NULL);

  text = pd_describe_error (error);
  pd_section_add_toast (self, text);
}
