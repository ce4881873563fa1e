/* pd-sandbox-main.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

#include "pd-sandbox.h"

static gboolean
on_signal_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *faults = NULL;
  gint port = PD_SANDBOX_DEFAULT_PORT;
  double speed = 1.0;
  gint64 seed = 1;
  gint64 log_lines = 0;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "TCP port on 127.0.0.1 (0 picks a free one)", "N" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "Simulated time runs X times faster", "X" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the world's choices (which runs fail)", "S" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults,
      "Faults to inject, e.g. throttle=0.2,5xx=0.1,latency=50ms,reset=0.05,truncate=0.05,"
      "garbage=0.05,service=logs,operation=GetLogEvents",
      "SPEC" },
    { "log-lines", 0, 0, G_OPTION_ARG_INT64, &log_lines, "Make one build's log N lines long", "N" },
    { NULL }
  };

  context = g_option_context_new ("- a local AWS-compatible endpoint with the reference stack");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("pipedeck-sandbox: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535)
    {
      g_printerr ("pipedeck-sandbox: --port must be between 0 and 65535\n");
      return 2;
    }
  if (!(speed > 0 && speed <= 100000))
    {
      g_printerr ("pipedeck-sandbox: --speed must be above 0 and at most 100000\n");
      return 2;
    }
  if (seed < 0 || seed > G_MAXUINT32)
    {
      g_printerr ("pipedeck-sandbox: --seed must be between 0 and %u\n", G_MAXUINT32);
      return 2;
    }
  if (log_lines < 0 || log_lines > 100000000)
    {
      g_printerr ("pipedeck-sandbox: --log-lines must be between 0 and 100000000\n");
      return 2;
    }

  sandbox = pd_sandbox_new_full (speed, (guint32) seed, (guint64) log_lines);
  if (faults != NULL && !pd_sandbox_set_faults (sandbox, faults, &error))
    {
      g_printerr ("pipedeck-sandbox: --faults: %s\n", error->message);
      return 2;
    }
  if (!pd_sandbox_start (sandbox, (guint) port, &error))
    {
      g_printerr ("pipedeck-sandbox: cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }

  printf ("AWS_ENDPOINT_URL=%s\n", pd_sandbox_get_endpoint (sandbox));
  printf ("AWS_ACCESS_KEY_ID=%s\n", pd_sandbox_get_access_key_id (sandbox));
  printf ("AWS_SECRET_ACCESS_KEY=%s\n", pd_sandbox_get_secret_key (sandbox));
  printf ("AWS_DEFAULT_REGION=eu-west-1\n");
  printf ("PD_SANDBOX_ACCOUNT_ID=%s\n", pd_sandbox_get_account_id (sandbox));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_main_loop_run (loop);

  pd_sandbox_stop (sandbox);
  return EXIT_SUCCESS;
}
