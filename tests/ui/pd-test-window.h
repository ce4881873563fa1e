/* pd-test-window.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-application.h"
#include "pd-pipelines-page.h"
#include "pd-test-sandbox.h"
#include "pd-window.h"

G_BEGIN_DECLS

/* Predicates for pd_test_wait_until(), given a PdWindow */
gboolean   pd_test_window_is_idle             (gpointer        window);
gboolean   pd_test_window_list_has_status     (gpointer        window);

/* Runs the capture-phase shortcut of @widget bound to @keyval and @mods, as
 * a key press would; returns whether there was one */
gboolean         pd_test_press_shortcut       (GtkWidget       *widget,
                                               guint            keyval,
                                               GdkModifierType  mods);

/* The Pipelines section of a PdWindow */
PdPipelinesPage *pd_test_window_pipelines     (gpointer        window);

/* An account for @sandbox, added to the application's store */
PdAccount *pd_test_window_add_sandbox_account (PdApplication  *app,
                                               PdTestSandbox  *sandbox);
/* A shown window on @account, its list loaded with every pipeline's
 * status, and its poller quick (60 ms running, 300 ms idle) */
PdWindow  *pd_test_window_new_loaded          (PdApplication  *app,
                                               PdAccount      *account,
                                               guint           timeout_ms);

G_END_DECLS
