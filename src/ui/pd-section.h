/* pd-section.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-account-context.h"

G_BEGIN_DECLS

#define PD_TYPE_SECTION (pd_section_get_type ())

G_DECLARE_INTERFACE (PdSection, pd_section, PD, SECTION, GtkWidget)

/**
 * PdSectionInterface:
 * @get_sidebar: the widget shown in the window's sidebar under the
 *   sections, or %NULL
 * @get_header: the widget packed at the end of the header bar while the
 *   section shows, or %NULL
 * @set_context: hands the section the window's account context, once
 * @set_active: whether the section shows in a visible window; an inactive
 *   section polls nothing
 * @show_view: shows a `--view=` name; returns %FALSE without setting
 *   @error when the name is not the section's
 * @land: an account was opened on this section: show what needs attention
 * @go_back: goes one step back inside the section; %FALSE when there is
 *   nothing to go back to
 * @search: moves the focus to the section's search
 * @get_palette_items: what the command palette may go to in this section,
 *   as a #GListModel of #PdPaletteItem whose targets are `--view=` names, or
 *   %NULL
 *
 * A section of the window (Pipelines, API, Firewall…): its page widget
 * with its own models, poller, actions and view names. A section has the
 * #PdSection:title and #PdSection:subtitle properties for the window's
 * title while it shows, and #PdSection:busy while a view it was asked for
 * waits for data.
 */
struct _PdSectionInterface
{
  GTypeInterface parent_iface;

  GtkWidget *(*get_sidebar) (PdSection        *self);
  GtkWidget *(*get_header)  (PdSection        *self);
  void       (*set_context) (PdSection        *self,
                             PdAccountContext *context);
  void       (*set_active)  (PdSection        *self,
                             gboolean          active);
  gboolean   (*show_view)   (PdSection        *self,
                             const char       *view,
                             GError          **error);
  void       (*land)        (PdSection        *self);
  gboolean   (*go_back)     (PdSection        *self);
  void       (*search)      (PdSection        *self);
  GListModel *(*get_palette_items) (PdSection     *self);
};

/**
 * PdSectionInfo:
 * @id: the section's name in `--view=` and settings, such as `pipelines`
 * @title: its title in the sidebar, marked for translation but untranslated
 * @icon_name: its icon
 * @get_type: its page type, which implements #PdSection
 *
 * One registered section.
 */
typedef struct
{
  const char *id;
  const char *title;
  const char *icon_name;
  GType     (*get_type) (void);
} PdSectionInfo;

const PdSectionInfo *pd_sections_get_all       (guint            *n_sections);

GtkWidget  *pd_section_get_sidebar (PdSection        *self);
GtkWidget  *pd_section_get_header  (PdSection        *self);
void        pd_section_set_context (PdSection        *self,
                                    PdAccountContext *context);
void        pd_section_set_active  (PdSection        *self,
                                    gboolean          active);
gboolean    pd_section_show_view   (PdSection        *self,
                                    const char       *view,
                                    GError          **error);
void        pd_section_land        (PdSection        *self);
gboolean    pd_section_go_back     (PdSection        *self);
void        pd_section_search      (PdSection        *self);
GListModel *pd_section_get_palette_items (PdSection  *self);
char       *pd_section_dup_title   (PdSection        *self);
char       *pd_section_dup_subtitle (PdSection       *self);
gboolean    pd_section_get_busy    (PdSection        *self);
GSettings  *pd_section_get_settings (PdSection       *self);
void        pd_section_add_toast   (PdSection        *self,
                                    const char       *text);
void        pd_section_show_error_toast (PdSection   *self,
                                    const GError     *error);

G_END_DECLS
