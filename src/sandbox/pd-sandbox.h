/* pd-sandbox.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_TYPE_SANDBOX (pd_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (PdSandbox, pd_sandbox, PD, SANDBOX, GObject)

PdSandbox  *pd_sandbox_new                (void);
gboolean    pd_sandbox_start              (PdSandbox  *self,
                                           guint       port,
                                           GError    **error);
const char *pd_sandbox_get_endpoint       (PdSandbox  *self);
const char *pd_sandbox_get_account_id     (PdSandbox  *self);
const char *pd_sandbox_get_access_key_id  (PdSandbox  *self);
const char *pd_sandbox_get_secret_key     (PdSandbox  *self);
void        pd_sandbox_stop               (PdSandbox  *self);

G_END_DECLS
