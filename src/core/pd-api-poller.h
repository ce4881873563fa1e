/* pd-api-poller.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-api-list.h"

G_BEGIN_DECLS

/**
 * PD_API_POLLER_INTERVAL:
 *
 * How often the REST APIs are read again while the section shows, in ms.
 */
#define PD_API_POLLER_INTERVAL 30000

/**
 * PD_API_POLLER_MAX_BACKOFF:
 *
 * The longest wait after failed refreshes, in ms.
 */
#define PD_API_POLLER_MAX_BACKOFF 300000

#define PD_TYPE_API_POLLER (pd_api_poller_get_type ())

G_DECLARE_FINAL_TYPE (PdApiPoller, pd_api_poller, PD, API_POLLER, GObject)

PdApiPoller *pd_api_poller_new             (PdApiList   *list);
PdApiList   *pd_api_poller_get_list        (PdApiPoller *self);
gboolean     pd_api_poller_get_active      (PdApiPoller *self);
void         pd_api_poller_set_active      (PdApiPoller *self,
                                            gboolean     active);
guint        pd_api_poller_get_interval    (PdApiPoller *self);
void         pd_api_poller_set_interval    (PdApiPoller *self,
                                            guint        interval_ms);
guint        pd_api_poller_get_max_backoff (PdApiPoller *self);
void         pd_api_poller_set_max_backoff (PdApiPoller *self,
                                            guint        interval_ms);
guint        pd_api_poller_get_failures    (PdApiPoller *self);
guint        pd_api_poller_get_next_delay  (PdApiPoller *self);
void         pd_api_poller_poll_now        (PdApiPoller *self);

G_END_DECLS
