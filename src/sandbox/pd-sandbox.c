/* pd-sandbox.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-sandbox.h"

struct _PdSandbox
{
  GObject  parent_instance;

  char    *endpoint;
};

G_DEFINE_FINAL_TYPE (PdSandbox, pd_sandbox, G_TYPE_OBJECT)

static void
pd_sandbox_finalize (GObject *object)
{
  PdSandbox *self = (PdSandbox *)object;

  g_clear_pointer (&self->endpoint, g_free);

  G_OBJECT_CLASS (pd_sandbox_parent_class)->finalize (object);
}

static void
pd_sandbox_class_init (PdSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_sandbox_finalize;
}

static void
pd_sandbox_init (PdSandbox *self)
{
}

PdSandbox *
pd_sandbox_new (void)
{
  return g_object_new (PD_TYPE_SANDBOX, NULL);
}

gboolean
pd_sandbox_start (PdSandbox  *self,
                  guint       port,
                  GError    **error)
{
  g_return_val_if_fail (PD_IS_SANDBOX (self), FALSE);

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "The sandbox is not built yet");
  return FALSE;
}

const char *
pd_sandbox_get_endpoint (PdSandbox *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX (self), NULL);
  return self->endpoint;
}

const char *
pd_sandbox_get_account_id (PdSandbox *self)
{
  return "000000000000";
}

const char *
pd_sandbox_get_access_key_id (PdSandbox *self)
{
  return NULL;
}

const char *
pd_sandbox_get_secret_key (PdSandbox *self)
{
  return NULL;
}

void
pd_sandbox_stop (PdSandbox *self)
{
}
