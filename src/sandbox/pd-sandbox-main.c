/* pd-sandbox-main.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-sandbox.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdSandbox) sandbox = pd_sandbox_new ();
  g_autoptr(GError) error = NULL;

  if (!pd_sandbox_start (sandbox, 0, &error))
    {
      g_printerr ("pipedeck-sandbox: %s\n", error->message);
      return 1;
    }

  return 0;
}
