/* pd-poller.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-pipeline-list.h"
#include "pd-pipeline.h"

G_BEGIN_DECLS

/**
 * PD_POLLER_RUNNING_INTERVAL:
 *
 * Milliseconds between refreshes of a shown pipeline that runs.
 */
#define PD_POLLER_RUNNING_INTERVAL 2000
/**
 * PD_POLLER_IDLE_INTERVAL:
 *
 * Milliseconds between refreshes of a shown pipeline that is idle.
 */
#define PD_POLLER_IDLE_INTERVAL 30000
/**
 * PD_POLLER_WATCH_INTERVAL:
 *
 * Milliseconds between checks of watched pipelines while the window is hidden.
 */
#define PD_POLLER_WATCH_INTERVAL 60000
/**
 * PD_POLLER_MAX_BACKOFF:
 *
 * The longest wait after repeated errors, in milliseconds.
 */
#define PD_POLLER_MAX_BACKOFF 300000

#define PD_TYPE_POLLER (pd_poller_get_type ())

G_DECLARE_FINAL_TYPE (PdPoller, pd_poller, PD, POLLER, GObject)

PdPoller       *pd_poller_new                   (PdPipelineList *list);
PdPipelineList *pd_poller_get_list              (PdPoller       *self);
PdPipeline     *pd_poller_get_pipeline          (PdPoller       *self);
void            pd_poller_set_pipeline          (PdPoller       *self,
                                                 PdPipeline     *pipeline);
gboolean        pd_poller_get_active            (PdPoller       *self);
void            pd_poller_set_active            (PdPoller       *self,
                                                 gboolean        active);
guint           pd_poller_get_running_interval  (PdPoller       *self);
void            pd_poller_set_running_interval  (PdPoller       *self,
                                                 guint           interval_ms);
guint           pd_poller_get_idle_interval     (PdPoller       *self);
void            pd_poller_set_idle_interval     (PdPoller       *self,
                                                 guint           interval_ms);
guint           pd_poller_get_watch_interval    (PdPoller       *self);
void            pd_poller_set_watch_interval    (PdPoller       *self,
                                                 guint           interval_ms);
guint           pd_poller_get_max_backoff       (PdPoller       *self);
void            pd_poller_set_max_backoff       (PdPoller       *self,
                                                 guint           interval_ms);
guint           pd_poller_get_failures          (PdPoller       *self);
guint           pd_poller_get_next_delay        (PdPoller       *self);
void            pd_poller_poll_now              (PdPoller       *self);
void            pd_poller_load_now              (PdPoller       *self);

G_END_DECLS
