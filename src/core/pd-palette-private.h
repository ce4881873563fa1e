/* pd-palette-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-fuzzy.h"
#include "pd-palette-item.h"

G_BEGIN_DECLS

/* The item's texts prepared for matching, made once when it is created:
 * the index matches them keystroke after keystroke. NULL for a text the
 * item does not have. */
const PdFuzzyKey *pd_palette_item_get_key (PdPaletteItem  *self,
                                           PdPaletteField  field);

G_END_DECLS
