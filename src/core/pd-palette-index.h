/* pd-palette-index.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-palette-item.h"

G_BEGIN_DECLS

#define PD_TYPE_PALETTE_INDEX (pd_palette_index_get_type ())

G_DECLARE_FINAL_TYPE (PdPaletteIndex, pd_palette_index, PD, PALETTE_INDEX, GObject)

PdPaletteIndex *pd_palette_index_new             (void);
void            pd_palette_index_add_provider    (PdPaletteIndex  *self,
                                                  GListModel      *provider);
void            pd_palette_index_remove_provider (PdPaletteIndex  *self,
                                                  GListModel      *provider);
void            pd_palette_index_set_items       (PdPaletteIndex  *self,
                                                  const char      *provider_id,
                                                  GPtrArray       *items);
guint           pd_palette_index_get_n_candidates (PdPaletteIndex *self);
const char     *pd_palette_index_get_query       (PdPaletteIndex  *self);
void            pd_palette_index_set_query       (PdPaletteIndex  *self,
                                                  const char      *query);
gboolean        pd_palette_index_get_match       (PdPaletteIndex  *self,
                                                  guint            position,
                                                  PdPaletteField  *field,
                                                  int             *score,
                                                  GArray          *positions);

G_END_DECLS
