/* bench-api.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Opening the API section against a sandbox in a child process: 20 REST
 * APIs, 50 ms added to every request. Prints the requests and the wall time
 * until every API's stages, resource tree and authorizers are loaded, in ms
 * and in round-trip times (one RTT is the median of single sequential
 * GetStage calls on the same sandbox, in the same run; target ≤ 3). */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-api-list.h"
#include "pd-pipeline-list.h"
#include "pd-sandbox.h"

#define N_SEEDED 4

static int n_apis = 20;
static int latency_ms = 50;
static int rounds = 5;

static const GOptionEntry options[] = {
  { "apis", 'n', 0, G_OPTION_ARG_INT, &n_apis, "REST APIs in the account (4 or more)", "N" },
  { "latency", 'l', 0, G_OPTION_ARG_INT, &latency_ms, "Milliseconds added to each request", "MS" },
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Cold loads to time", "N" },
  { NULL }
};

static G_GNUC_NORETURN void
run_sandbox (int fd)
{
  g_autoptr(PdSandbox) sandbox = pd_sandbox_new_full (1.0, 1, 0);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *faults = g_strdup_printf ("latency=%dms", latency_ms);
  g_autofree char *hello = NULL;
  GError *error = NULL;

  if (n_apis > N_SEEDED)
    pd_sandbox_add_apis (sandbox, n_apis - N_SEEDED);
  if (!pd_sandbox_start (sandbox, 0, &error) ||
      (latency_ms > 0 && !pd_sandbox_set_faults (sandbox, faults, &error)))
    g_error ("sandbox: %s", error->message);

  /* The parent reads where to go and how to sign; the pipe never touches disk */
  hello = g_strdup_printf ("%s\n%s\n%s\n", pd_sandbox_get_endpoint (sandbox),
                           pd_sandbox_get_access_key_id (sandbox),
                           pd_sandbox_get_secret_key (sandbox));
  if (write (fd, hello, strlen (hello)) != (ssize_t) strlen (hello))
    g_error ("sandbox: cannot write to the pipe");
  close (fd);
  g_main_loop_run (loop);
  _exit (0);
}

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_of (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* The sandbox's request count: its control endpoint, which no latency or
 * fault touches */
static gint64
sandbox_requests (const char *endpoint,
                  const char *method)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/_sandbox/stats", endpoint);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (node), "total");
}

static PdAwsClient *
new_client (const char *endpoint,
            const char *access_key_id,
            const char *secret)
{
  g_autoptr(PdAwsCredentials) credentials = pd_aws_credentials_new (access_key_id, secret, NULL,
                                                                    NULL, "sandbox");
  g_autoptr(PdAwsCredentialsProvider) provider = pd_aws_static_credentials_provider_new (credentials);

  /* As the window's shared client is made */
  return g_object_new (PD_AWS_TYPE_CLIENT,
                       "credentials-provider", provider,
                       "region", "eu-west-1",
                       "endpoint-override", endpoint,
                       "max-connections-per-host", PD_PIPELINE_LIST_DEFAULT_PARALLEL,
                       NULL);
}

static gboolean
everything_loaded (PdApiList *list,
                   guint     *stages,
                   guint     *resources,
                   guint     *authorizers)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  *stages = *resources = *authorizers = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdApi) api = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (!pd_api_get_loaded (api))
        return FALSE;
      *stages += g_list_model_get_n_items (pd_api_get_stages (api));
      *resources += g_list_model_get_n_items (pd_api_get_resources (api));
      *authorizers += g_list_model_get_n_items (pd_api_get_authorizers (api));
    }
  return n > 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— API section load benchmark");
  g_autoptr(GArray) rtts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PdAwsClient) client = NULL;
  g_autofree char *loadavg = NULL;
  g_autofree char *todo_id = NULL;
  g_auto(GStrv) lines = NULL;
  char buffer[1024] = { 0 };
  GError *error = NULL;
  gint64 requests = 0;
  guint stages = 0, resources = 0, authorizers = 0;
  double rtt;
  ssize_t got = 0, n;
  int fds[2];
  pid_t child;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  n_apis = MAX (n_apis, N_SEEDED);

  /* Fork before GLib starts any thread */
  if (pipe (fds) != 0)
    g_error ("pipe failed");
  child = fork ();
  if (child < 0)
    g_error ("fork failed");
  if (child == 0)
    {
      close (fds[0]);
      run_sandbox (fds[1]);
    }
  close (fds[1]);
  while (got < (ssize_t) sizeof buffer - 1 &&
         (n = read (fds[0], buffer + got, sizeof buffer - 1 - got)) > 0)
    got += n;
  close (fds[0]);
  lines = g_strsplit (buffer, "\n", 4);
  if (g_strv_length (lines) < 3)
    g_error ("the sandbox did not start");

  client = new_client (lines[0], lines[1], lines[2]);

  /* The ID of one API for the round trips */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) apis = NULL;

    pd_aws_apigateway_get_rest_apis_async (client, NULL, on_done_cb, &result);
    apis = pd_aws_apigateway_get_rest_apis_finish (client, await (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (apis->len, ==, (guint) n_apis);
    todo_id = g_strdup (((PdAwsRestApi *) g_ptr_array_index (apis, 0))->id);
  }

  /* One round trip: a single call at a time, connection warm */
  for (int i = 0; i < 9; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(PdAwsApiStage) stage = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      pd_aws_apigateway_get_stage_async (client, todo_id, "prod", NULL, on_done_cb, &result);
      stage = pd_aws_apigateway_get_stage_finish (client, await (&result), &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (i > 0)
        g_array_append_val (rtts, ms);
    }
  rtt = median_of (rtts);

  g_print ("API section, %d REST APIs, %d ms added latency, %u connections\n", n_apis,
           latency_ms, PD_PIPELINE_LIST_DEFAULT_PARALLEL);
  g_print ("    one round trip (median of %u single GetStage calls): %.1f ms\n", rtts->len, rtt);
  for (int r = 0; r < MAX (rounds, 1); r++)
    {
      g_autoptr(PdApiList) list = pd_api_list_new (client);
      g_autoptr(GAsyncResult) result = NULL;
      gint64 t0;
      double ms;

      sandbox_requests (lines[0], "DELETE");
      t0 = g_get_monotonic_time ();
      pd_api_list_refresh_async (list, NULL, on_done_cb, &result);
      pd_api_list_refresh_finish (list, await (&result), &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_true (everything_loaded (list, &stages, &resources, &authorizers));
      requests = sandbox_requests (lines[0], "GET");
      g_array_append_val (loads, ms);
      g_print ("    load %d: %" G_GINT64_FORMAT " requests; every stage, resource tree and "
               "authorizer after %.1f ms = %.2f RTT\n", r + 1, requests, ms, ms / rtt);
      g_object_run_dispose (G_OBJECT (list));
    }
  g_print ("    loaded: %d APIs, %u stages, %u resources, %u authorizers\n", n_apis, stages,
           resources, authorizers);
  g_print ("    median: %.1f ms = %.2f RTT (target <= 3)\n", median_of (loads),
           median_of (loads) / rtt);
  /* Shared machines skew every figure: say how busy this one was */
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("    load average during the run: %.*s\n", (int) strcspn (loadavg, " "), loadavg);

  kill (child, SIGTERM);
  waitpid (child, NULL, 0);
  return 0;
}
