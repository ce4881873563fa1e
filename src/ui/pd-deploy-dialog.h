/* pd-deploy-dialog.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-aws-codepipeline.h"

G_BEGIN_DECLS

typedef enum
{
  PD_DEPLOY_KIND_RELEASE,
  PD_DEPLOY_KIND_STOP,
  PD_DEPLOY_KIND_RETRY,
  PD_DEPLOY_KIND_APPROVE,
  PD_DEPLOY_KIND_REJECT,
  PD_DEPLOY_KIND_DISABLE_TRANSITION,
  PD_DEPLOY_KIND_ENABLE_TRANSITION,
} PdDeployKind;

#define PD_TYPE_DEPLOY_KIND (pd_deploy_kind_get_type ())
GType pd_deploy_kind_get_type (void);

#define PD_TYPE_DEPLOY_DIALOG (pd_deploy_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdDeployDialog, pd_deploy_dialog, PD, DEPLOY_DIALOG, AdwMessageDialog)

PdDeployKind    pd_deploy_dialog_get_kind            (PdDeployDialog *self);
const char     *pd_deploy_dialog_get_confirm_response (PdDeployDialog *self);
gboolean        pd_deploy_dialog_is_confirmed        (PdDeployDialog *self,
                                                      const char     *response);
const char     *pd_deploy_dialog_get_pipeline_name   (PdDeployDialog *self);
const char     *pd_deploy_dialog_get_stage_name      (PdDeployDialog *self);
const char     *pd_deploy_dialog_get_action_name     (PdDeployDialog *self);
const char     *pd_deploy_dialog_get_execution_id    (PdDeployDialog *self);
const char     *pd_deploy_dialog_get_problem         (PdDeployDialog *self);
GHashTable     *pd_deploy_dialog_dup_variables       (PdDeployDialog *self);
gboolean        pd_deploy_dialog_get_abandon         (PdDeployDialog *self);
PdAwsRetryMode  pd_deploy_dialog_get_retry_mode      (PdDeployDialog *self);
const char     *pd_deploy_dialog_get_reason          (PdDeployDialog *self);
const char     *pd_deploy_dialog_get_summary         (PdDeployDialog *self);

/* Test hooks: the widgets a user types into or ticks. */
GtkEditable    *pd_deploy_dialog_get_entry           (PdDeployDialog *self);
GtkCheckButton *pd_deploy_dialog_get_option          (PdDeployDialog *self);

G_END_DECLS
