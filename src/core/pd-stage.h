/* pd-stage.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-action.h"
#include "pd-aws-codepipeline.h"

G_BEGIN_DECLS

#define PD_TYPE_STAGE (pd_stage_get_type ())

G_DECLARE_FINAL_TYPE (PdStage, pd_stage, PD, STAGE, GObject)

const char           *pd_stage_get_name                 (PdStage *self);
guint                 pd_stage_get_index                (PdStage *self);
PdAwsExecutionStatus  pd_stage_get_status               (PdStage *self);
const char           *pd_stage_get_status_text          (PdStage *self);
const char           *pd_stage_get_execution_id         (PdStage *self);
gboolean              pd_stage_get_has_inbound_transition (PdStage *self);
gboolean              pd_stage_get_inbound_enabled      (PdStage *self);
const char           *pd_stage_get_inbound_disabled_reason (PdStage *self);
const char           *pd_stage_get_inbound_changed_by   (PdStage *self);
GDateTime            *pd_stage_get_inbound_changed_at   (PdStage *self);
const char           *pd_stage_get_waiting_execution_id (PdStage *self);
GListModel           *pd_stage_get_actions              (PdStage *self);
PdAction             *pd_stage_find_action              (PdStage    *self,
                                                         const char *name);

G_END_DECLS
