/* pd-application.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-account-store.h"
#include "pd-pipeline-notifier.h"

G_BEGIN_DECLS

#define PD_TYPE_APPLICATION (pd_application_get_type ())

G_DECLARE_FINAL_TYPE (PdApplication, pd_application, PD, APPLICATION, AdwApplication)

PdApplication *pd_application_new            (void);
const char    *pd_application_get_locale_dir (void);
GSettings     *pd_application_get_settings   (PdApplication *self);
int            pd_application_get_exit_status (PdApplication *self);
PdAccountStore *pd_application_get_account_store (PdApplication *self);
void           pd_application_send_pipeline_notification     (PdApplication      *self,
                                                              PdPipeline         *pipeline,
                                                              PdNotificationKind  kind,
                                                              const char         *title,
                                                              const char         *body,
                                                              const char         *stage_name,
                                                              const char         *action_name);
void           pd_application_withdraw_pipeline_notification (PdApplication      *self,
                                                              PdPipeline         *pipeline,
                                                              PdNotificationKind  kind);

G_END_DECLS
