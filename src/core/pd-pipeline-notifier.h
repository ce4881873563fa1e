/* pd-pipeline-notifier.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-pipeline-list.h"

G_BEGIN_DECLS

/**
 * PdNotificationKind:
 * @PD_NOTIFICATION_FAILED: the latest execution failed
 * @PD_NOTIFICATION_RECOVERED: an execution succeeded after a failure
 * @PD_NOTIFICATION_APPROVAL: an execution waits for a manual approval
 *
 * Why a watched pipeline deserves a desktop notification.
 */
typedef enum
{
  PD_NOTIFICATION_FAILED,
  PD_NOTIFICATION_RECOVERED,
  PD_NOTIFICATION_APPROVAL,
} PdNotificationKind;

#define PD_TYPE_NOTIFICATION_KIND  (pd_notification_kind_get_type ())
#define PD_TYPE_PIPELINE_NOTIFIER  (pd_pipeline_notifier_get_type ())

GType pd_notification_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (PdPipelineNotifier, pd_pipeline_notifier, PD, PIPELINE_NOTIFIER, GObject)

PdPipelineNotifier *pd_pipeline_notifier_new      (PdPipelineList     *list);
PdPipelineList     *pd_pipeline_notifier_get_list (PdPipelineNotifier *self);

G_END_DECLS
