/* pd-overview-page.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-overview.h"

G_BEGIN_DECLS

#define PD_TYPE_OVERVIEW_PAGE (pd_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (PdOverviewPage, pd_overview_page, PD, OVERVIEW_PAGE, GtkWidget)

PdOverview *pd_overview_page_get_overview  (PdOverviewPage     *self);
GtkWidget  *pd_overview_page_get_tile      (PdOverviewPage     *self,
                                            PdOverviewTileKind  kind);
char       *pd_overview_page_dup_tile_text (PdOverviewPage     *self,
                                            PdOverviewTileKind  kind);

G_END_DECLS
