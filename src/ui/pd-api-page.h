/* pd-api-page.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-api-list.h"
#include "pd-api-poller.h"
#include "pd-section.h"

G_BEGIN_DECLS

#define PD_TYPE_API_PAGE (pd_api_page_get_type ())

G_DECLARE_FINAL_TYPE (PdApiPage, pd_api_page, PD, API_PAGE, GtkWidget)

PdApiList        *pd_api_page_get_list         (PdApiPage  *self);
PdApiPoller      *pd_api_page_get_poller       (PdApiPage  *self);
GListModel       *pd_api_page_get_model        (PdApiPage  *self);
PdApi            *pd_api_page_get_shown_api    (PdApiPage  *self);
PdApiStage       *pd_api_page_get_shown_stage  (PdApiPage  *self);
gboolean          pd_api_page_show_stage       (PdApiPage  *self,
                                                const char *name);
GListModel       *pd_api_page_get_stage_names  (PdApiPage  *self);
GListModel       *pd_api_page_get_tree         (PdApiPage  *self);
AdwMessageDialog *pd_api_page_get_dialog       (PdApiPage  *self);
GActionGroup     *pd_api_page_get_actions      (PdApiPage  *self);

G_END_DECLS
