/* pd-command-palette.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-palette-index.h"

G_BEGIN_DECLS

#define PD_TYPE_COMMAND_PALETTE (pd_command_palette_get_type ())

G_DECLARE_FINAL_TYPE (PdCommandPalette, pd_command_palette, PD, COMMAND_PALETTE, AdwWindow)

PdCommandPalette *pd_command_palette_new          (GtkWindow        *parent,
                                                   PdPaletteIndex   *index);
PdPaletteIndex   *pd_command_palette_get_index    (PdCommandPalette *self);
GtkEditable      *pd_command_palette_get_entry    (PdCommandPalette *self);
GtkListView      *pd_command_palette_get_list_view (PdCommandPalette *self);
gboolean          pd_command_palette_get_empty    (PdCommandPalette *self);
guint             pd_command_palette_get_selected (PdCommandPalette *self);
char             *pd_command_palette_markup       (const char       *text,
                                                   GArray           *positions);
const char       *pd_command_palette_kind_icon    (PdPaletteKind     kind);

G_END_DECLS
