/* pd-action.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-codepipeline.h"

G_BEGIN_DECLS

#define PD_TYPE_ACTION (pd_action_get_type ())

G_DECLARE_FINAL_TYPE (PdAction, pd_action, PD, ACTION, GObject)

const char          *pd_action_get_name                   (PdAction    *self);
const char          *pd_action_get_stage_name             (PdAction    *self);
PdAwsActionCategory  pd_action_get_category               (PdAction    *self);
const char          *pd_action_get_category_text          (PdAction    *self);
const char          *pd_action_get_owner                  (PdAction    *self);
const char          *pd_action_get_provider               (PdAction    *self);
guint                pd_action_get_run_order              (PdAction    *self);
const char          *pd_action_get_region                 (PdAction    *self);
const char          *pd_action_get_namespace              (PdAction    *self);
GHashTable          *pd_action_get_configuration          (PdAction    *self);
const char * const  *pd_action_get_input_artifacts        (PdAction    *self);
const char * const  *pd_action_get_output_artifacts       (PdAction    *self);
PdAwsActionStatus    pd_action_get_status                 (PdAction    *self);
const char          *pd_action_get_status_text            (PdAction    *self);
const char          *pd_action_get_summary                (PdAction    *self);
GDateTime           *pd_action_get_started                (PdAction    *self);
GDateTime           *pd_action_get_last_change            (PdAction    *self);
gint64               pd_action_get_duration               (PdAction    *self);
int                  pd_action_get_percent_complete       (PdAction    *self);
const char          *pd_action_get_error_code             (PdAction    *self);
const char          *pd_action_get_error_message          (PdAction    *self);
const char          *pd_action_get_approval_token         (PdAction    *self);
gboolean             pd_action_get_waiting_for_approval   (PdAction    *self);
const char          *pd_action_get_action_execution_id    (PdAction    *self);
const char          *pd_action_get_execution_id           (PdAction    *self);
const char          *pd_action_get_external_execution_id  (PdAction    *self);
const char          *pd_action_get_external_execution_url (PdAction    *self);
GHashTable          *pd_action_get_resolved_configuration (PdAction    *self);
GHashTable          *pd_action_get_output_variables       (PdAction    *self);

G_END_DECLS
