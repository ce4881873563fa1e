/* pd-test-sandbox.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"
#include "pd-sandbox.h"

G_BEGIN_DECLS

/* An in-process sandbox on loopback and a client signed for it. */
typedef struct
{
  PdSandbox   *sandbox;
  PdAwsClient *client;
} PdTestSandbox;

PdTestSandbox *pd_test_sandbox_new          (double         speed,
                                             guint32        seed,
                                             guint          max_connections);
void           pd_test_sandbox_free         (PdTestSandbox *self);
guint64        pd_test_sandbox_count        (PdTestSandbox *self,
                                             const char    *operation);
void           pd_test_sandbox_reset_stats  (PdTestSandbox *self);
guint32        pd_test_sandbox_find_seed    (const char    *pipeline,
                                             guint          run_number,
                                             const char    *failing_action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTestSandbox, pd_test_sandbox_free)

G_END_DECLS
