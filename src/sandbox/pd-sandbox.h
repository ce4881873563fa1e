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

/**
 * PD_SANDBOX_DEFAULT_PORT:
 *
 * The port `pipedeck-sandbox` listens on when none is given.
 */
#define PD_SANDBOX_DEFAULT_PORT 4566

PdSandbox  *pd_sandbox_new                (void);
PdSandbox  *pd_sandbox_new_full           (double       speed,
                                           guint32      seed,
                                           guint64      log_lines);
gboolean    pd_sandbox_start              (PdSandbox   *self,
                                           guint        port,
                                           GError     **error);
void        pd_sandbox_stop               (PdSandbox   *self);
gboolean    pd_sandbox_set_faults         (PdSandbox   *self,
                                           const char  *spec,
                                           GError     **error);
const char *pd_sandbox_get_endpoint       (PdSandbox   *self);
guint       pd_sandbox_get_port           (PdSandbox   *self);
const char *pd_sandbox_get_account_id     (PdSandbox   *self);
const char *pd_sandbox_get_access_key_id  (PdSandbox   *self);
const char *pd_sandbox_get_secret_key     (PdSandbox   *self);
double      pd_sandbox_get_speed          (PdSandbox   *self);
guint64     pd_sandbox_get_log_lines      (PdSandbox   *self);
void        pd_sandbox_add_pipelines      (PdSandbox   *self,
                                           guint        count);
void        pd_sandbox_add_apis           (PdSandbox   *self,
                                           guint        count);

G_END_DECLS
