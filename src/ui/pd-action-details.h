/* pd-action-details.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-action.h"
#include "pd-pipeline-graph.h"

G_BEGIN_DECLS

#define PD_TYPE_ACTION_DETAILS (pd_action_details_get_type ())

G_DECLARE_FINAL_TYPE (PdActionDetails, pd_action_details, PD, ACTION_DETAILS, AdwWindow)

PdActionDetails *pd_action_details_new          (PdAction        *action);
PdAction        *pd_action_details_get_action   (PdActionDetails *self);
PdGraphStatus    pd_action_details_graph_status (PdAction        *action);

G_END_DECLS
