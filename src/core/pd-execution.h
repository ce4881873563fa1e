/* pd-execution.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-codepipeline.h"

G_BEGIN_DECLS

#define PD_TYPE_EXECUTION (pd_execution_get_type ())

G_DECLARE_FINAL_TYPE (PdExecution, pd_execution, PD, EXECUTION, GObject)

const char           *pd_execution_get_id               (PdExecution *self);
PdAwsExecutionStatus  pd_execution_get_status           (PdExecution *self);
const char           *pd_execution_get_status_text      (PdExecution *self);
const char           *pd_execution_get_trigger_type     (PdExecution *self);
const char           *pd_execution_get_trigger_detail   (PdExecution *self);
const char           *pd_execution_get_revision_id      (PdExecution *self);
const char           *pd_execution_get_revision_summary (PdExecution *self);
const char           *pd_execution_get_revision_url     (PdExecution *self);
const char           *pd_execution_get_stop_reason      (PdExecution *self);
GDateTime            *pd_execution_get_start_time       (PdExecution *self);
GDateTime            *pd_execution_get_last_update_time (PdExecution *self);
gint64                pd_execution_get_duration         (PdExecution *self);

G_END_DECLS
