/* pd-window.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-account-store.h"
#include "pd-pipeline-list.h"
#include "pd-pipeline-view.h"
#include "pd-poller.h"
#include "pd-section.h"

typedef struct _PdPipelineView PdPipelineView;

G_BEGIN_DECLS

#define PD_TYPE_WINDOW (pd_window_get_type ())

G_DECLARE_FINAL_TYPE (PdWindow, pd_window, PD, WINDOW, AdwApplicationWindow)

PdWindow *pd_window_new              (AdwApplication *application);
gboolean  pd_window_get_busy         (PdWindow       *self);
void      pd_window_set_busy         (PdWindow       *self,
                                      gboolean        busy);
gboolean  pd_window_show_view        (PdWindow       *self,
                                      const char     *view,
                                      GError        **error);
void      pd_window_add_toast        (PdWindow       *self,
                                      const char     *title);
void      pd_window_show_error_toast (PdWindow       *self,
                                      const GError   *error);
void      pd_window_set_account_store (PdWindow      *self,
                                       PdAccountStore *store,
                                       PdAccount     *preferred);
void      pd_window_select_account   (PdWindow       *self,
                                      PdAccount      *account);
PdAccount *pd_window_get_account     (PdWindow       *self);
PdAccountContext *pd_window_get_context      (PdWindow   *self);
PdSection      *pd_window_get_section          (PdWindow   *self,
                                                const char *id);
PdSection      *pd_window_get_shown_section    (PdWindow   *self);
gboolean        pd_window_open_pipeline        (PdWindow   *self,
                                                const char *name,
                                                gboolean    approve);
gboolean        pd_window_open_approval        (PdWindow   *self,
                                                const char *name,
                                                const char *stage_name,
                                                const char *action_name);

G_END_DECLS
