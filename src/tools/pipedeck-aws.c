/* pipedeck-aws.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

int
main (int   argc,
      char *argv[])
{
  g_printerr ("usage: pipedeck-aws SERVICE Operation ['{json}']\n");
  return 2;
}
