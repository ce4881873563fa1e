/* pd-window-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-account-context.h"
#include "pd-command-palette.h"
#include "pd-palette-index.h"
#include "pd-error-state.h"
#include "pd-window.h"

G_BEGIN_DECLS

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkDropDown          *account_dropdown;
  GtkDropDown          *region_dropdown;
  GtkListBox           *sections_list;
  GtkStack             *section_sidebars;
  GtkStack             *header_stack;
  GtkStack             *main_stack;
  AdwWindowTitle       *window_title;
  PdErrorState         *account_error;

  /* Owned references */
  GSettings            *settings;
  PdAccountStore       *account_store;
  PdAccountContext     *context;
  GtkStringList        *regions;
  GPtrArray            *sections;          /* PdSection, in the order of pd_sections_get_all() */
  GSignalGroup         *section_signals;   /* the shown section's */
  PdPaletteIndex       *palette_index;     /* every section's palette items */

  /* Borrowed references */
  PdSection            *section;           /* the shown one */
  PdCommandPalette     *palette;
  GdkSurface           *surface;
  gulong                surface_state_handler;

  /* Flags */
  guint                 loading : 1;
  guint                 account_failed : 1;   /* until a check goes through */
};

/* pd-window.c */
void pd_window_update_main_page     (PdWindow       *self);

/* pd-window-accounts.c: the account and region selectors, the check of
 * the account and the account actions */
void pd_window_accounts_class_init  (GtkWidgetClass *widget_class);
void pd_window_accounts_init        (PdWindow       *self);

G_END_DECLS
