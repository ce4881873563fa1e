/* pd-log-view.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-account.h"
#include "pd-action.h"
#include "pd-log-loader.h"
#include "pd-stage.h"

G_BEGIN_DECLS

#define PD_TYPE_LOG_VIEW (pd_log_view_get_type ())

G_DECLARE_FINAL_TYPE (PdLogView, pd_log_view, PD, LOG_VIEW, AdwBin)

PdLogView   *pd_log_view_new                (void);
void         pd_log_view_load_build         (PdLogView   *self,
                                             PdAccount   *account,
                                             const char  *build_id,
                                             const char  *title);
void         pd_log_view_load_action        (PdLogView   *self,
                                             PdAccount   *account,
                                             const char  *pipeline_name,
                                             const char  *execution_id,
                                             const char  *action_name);
void         pd_log_view_load_for_action    (PdLogView   *self,
                                             PdAccount   *account,
                                             const char  *pipeline_name,
                                             PdAction    *action);
gboolean     pd_log_view_load_stage         (PdLogView   *self,
                                             PdAccount   *account,
                                             const char  *pipeline_name,
                                             PdStage     *stage);
GtkDropDown *pd_log_view_get_build_chooser  (PdLogView   *self);
PdLogLoader *pd_log_view_get_loader         (PdLogView   *self);
gboolean     pd_log_view_get_ready          (PdLogView   *self);
guint        pd_log_view_get_selected_line  (PdLogView   *self);
guint        pd_log_view_get_n_matches      (PdLogView   *self);
void         pd_log_view_set_query          (PdLogView   *self,
                                             const char  *query,
                                             gboolean     case_sensitive,
                                             gboolean     regex);

G_END_DECLS
