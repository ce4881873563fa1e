/* bench-hidden.c — what a hidden window costs: requests and CPU time.
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Points a window at the sandbox named by AWS_ENDPOINT_URL,
 * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (as pipedeck-sandbox prints
 * them), shows the todo-list-aws graph, hides the window, and for
 * --seconds (60 by default) counts the requests the sandbox sees and the
 * CPU time the process uses. Targets: 0 requests, CPU about 0 %.
 */

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sys/resource.h>

#include "pd-account-store.h"
#include "pd-application.h"
#include "pd-window.h"

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static gint64
sandbox_requests (const char *endpoint,
                  const char *method)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/_sandbox/stats", endpoint);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, message, NULL, &error);
  if (body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error))
    {
      g_printerr ("bench-hidden: the sandbox's stats: %s\n", error->message);
      exit (1);
    }
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "total");
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Blocks in the main loop as the app does, so that idle costs show. */
static void
iterate_for (double seconds)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add ((guint) (seconds * 1000), quit_cb, loop);
  g_main_loop_run (loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdApplication) app = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *endpoint = g_getenv ("AWS_ENDPOINT_URL");
  const char *key = g_getenv ("AWS_ACCESS_KEY_ID");
  const char *secret = g_getenv ("AWS_SECRET_ACCESS_KEY");
  const char *region = g_getenv ("AWS_REGION") ? g_getenv ("AWS_REGION") : "eu-west-1";
  int seconds = 60;
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "How long the window stays hidden", "N" },
    { NULL }
  };
  PdWindow *window;
  gint64 deadline;
  gint64 requests;
  double cpu;

  context = g_option_context_new ("- the cost of a hidden window");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-hidden: %s\n", error->message);
      return 1;
    }
  if (endpoint == NULL || key == NULL || secret == NULL)
    {
      g_printerr ("bench-hidden: set AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n");
      return 1;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench-hidden: no display\n");
      return 1;
    }
  adw_init ();

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("bench-hidden: %s\n", error->message);
      return 1;
    }

  credentials = pd_aws_credentials_new (key, secret, NULL, NULL, "environment");
  provider = pd_aws_static_credentials_provider_new (credentials);
  account = pd_account_new (PD_ACCOUNT_SOURCE_SANDBOX, "Bench", region, endpoint);
  pd_account_set_provider (account, provider);
  pd_account_store_add_sandbox (pd_application_get_account_store (app), account);

  window = pd_window_new (ADW_APPLICATION (app));
  pd_window_set_account_store (window, pd_application_get_account_store (app), account);
  gtk_window_present (GTK_WINDOW (window));
  if (!pd_window_show_view (window, "pipeline:todo-list-aws", &error))
    {
      g_printerr ("bench-hidden: %s\n", error->message);
      return 1;
    }
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (pd_window_get_busy (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (pd_window_get_busy (window))
    {
      g_printerr ("bench-hidden: the graph did not load\n");
      return 1;
    }

  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  iterate_for (0.5);             /* answers in flight arrive */
  sandbox_requests (endpoint, "DELETE");

  cpu = cpu_seconds ();
  iterate_for (seconds);
  cpu = cpu_seconds () - cpu;
  requests = sandbox_requests (endpoint, "GET");

  g_print ("hidden window, %d s: %" G_GINT64_FORMAT " requests at the sandbox (target 0)\n",
           seconds, requests);
  g_print ("hidden window, %d s: %.1f ms of CPU, %.3f %% (target ~0)\n",
           seconds, cpu * 1000, cpu * 100 / seconds);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
