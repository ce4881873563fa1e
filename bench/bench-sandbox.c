/* bench-sandbox.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pd-aws-sigv4.h"

/* Signed GetPipelineState requests per second that pipedeck-sandbox serves
 * (each one verified), from keep-alive connections of two client threads,
 * and the sandbox's resident memory with the seeded world. The sandbox
 * runs as its own process so that its memory is its own. */

#define TARGET_RATE 2000.0

typedef struct
{
  const char *endpoint;
  const char *host;
  const char *access_key_id;
  const char *secret;
  double      seconds;
  guint       connections;
  guint64     ok;
  guint64     failed;
} Worker;

typedef struct
{
  Worker      *worker;
  SoupSession *session;
  PdAwsCredentials *creds;
  GMainLoop   *loop;
  char        *url;
  gint64       end;
  guint        active;
} Chains;

static void send_next (Chains *chains);

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Chains *chains = data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (reply != NULL && soup_message_get_status (message) == 200)
    chains->worker->ok++;
  else
    chains->worker->failed++;
  g_object_unref (message);

  if (g_get_monotonic_time () < chains->end)
    send_next (chains);
  else if (--chains->active == 0)
    g_main_loop_quit (chains->loop);
}

static void
send_next (Chains *chains)
{
  Worker *w = chains->worker;
  const char *body = "{\"name\":\"todo-list-aws\"}";
  g_autoptr(PdAwsSigningRequest) signing = pd_aws_signing_request_new ("POST", "/", "");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
  g_autoptr(GError) error = NULL;
  SoupMessage *message = soup_message_new ("POST", chains->url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  /* GetPipelineState is a read: marking it idempotent lets libsoup reuse
   * the idle keep-alive connection (it opens a new one for POSTs otherwise). */
  soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);

  /* Each request is signed afresh, as a client would. */
  pd_aws_signing_request_add_header (signing, "Host", w->host);
  pd_aws_signing_request_add_header (signing, "Content-Type", "application/x-amz-json-1.1");
  pd_aws_signing_request_add_header (signing, "X-Amz-Target",
                                     "CodePipeline_20150709.GetPipelineState");
  pd_aws_signing_request_set_body (signing, (const guint8 *) body, strlen (body));
  if (!pd_aws_sigv4_sign (signing, chains->creds, "eu-west-1", "codepipeline", now,
                          PD_AWS_SIGV4_FLAGS_NONE, &error))
    g_error ("signing failed: %s", error->message);
  for (guint i = 0; i < pd_aws_signing_request_get_n_headers (signing); i++)
    {
      const char *name = pd_aws_signing_request_get_header_name (signing, i);

      if (g_ascii_strcasecmp (name, "Host") != 0)
        soup_message_headers_append (headers, name,
                                     pd_aws_signing_request_get_header_value (signing, i));
    }
  soup_message_set_request_body_from_bytes (message, "application/x-amz-json-1.1", bytes);
  soup_session_send_and_read_async (chains->session, message, G_PRIORITY_DEFAULT, NULL,
                                    sent_cb, chains);
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GProxyResolver) no_proxy = g_simple_proxy_resolver_new (NULL, NULL);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = g_strconcat (w->endpoint, "/", NULL);
  Chains chains;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("proxy-resolver", no_proxy,
                                           "max-conns-per-host", (int) w->connections, NULL);
  creds = pd_aws_credentials_new (w->access_key_id, w->secret, NULL, NULL, "bench");
  loop = g_main_loop_new (context, FALSE);
  chains = (Chains) { w, session, creds, loop, url,
                      g_get_monotonic_time () + (gint64) (w->seconds * G_USEC_PER_SEC),
                      w->connections };

  /* One request in flight per keep-alive connection. */
  for (guint i = 0; i < w->connections; i++)
    send_next (&chains);
  g_main_loop_run (loop);

  g_main_context_pop_thread_default (context);
  return NULL;
}

static guint64
read_status_kb (GPid        pid,
                const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  line = strstr (text, field);
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

/* CPU seconds (user + system) the process has used so far. */
static double
read_cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  after = strrchr (text, ')');
  if (after == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;
  /* Fields 14 and 15 of stat: utime, stime; here 11 and 12 after ")". */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
         / sysconf (_SC_CLK_TCK);
}

typedef struct
{
  GSubprocess *process;
  char        *endpoint;
  char        *access_key_id;
  char        *secret;
} Sandbox;

static void
sandbox_start (Sandbox    *sb,
               const char *binary,
               const char *log_lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  char *line;

  sb->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--port", "0",
                                  "--log-lines", log_lines, NULL);
  if (sb->process == NULL)
    g_error ("cannot start %s: %s", binary, error->message);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sb->process));
  while ((line = g_data_input_stream_read_line (in, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "AWS_ENDPOINT_URL="))
        sb->endpoint = g_strdup (line + strlen ("AWS_ENDPOINT_URL="));
      else if (g_str_has_prefix (line, "AWS_ACCESS_KEY_ID="))
        sb->access_key_id = g_strdup (line + strlen ("AWS_ACCESS_KEY_ID="));
      else if (g_str_has_prefix (line, "AWS_SECRET_ACCESS_KEY="))
        sb->secret = g_strdup (line + strlen ("AWS_SECRET_ACCESS_KEY="));
      else if (g_str_has_prefix (line, "PD_SANDBOX_ACCOUNT_ID="))
        {
          g_free (line);
          break;
        }
      g_free (line);
    }
  if (sb->endpoint == NULL || sb->access_key_id == NULL || sb->secret == NULL)
    g_error ("the sandbox did not print its endpoint and keys");
}

static void
sandbox_stop (Sandbox *sb)
{
  g_subprocess_send_signal (sb->process, SIGTERM);
  g_subprocess_wait (sb->process, NULL, NULL);
  g_clear_object (&sb->process);
  g_clear_pointer (&sb->endpoint, g_free);
  g_clear_pointer (&sb->access_key_id, g_free);
  g_clear_pointer (&sb->secret, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *binary = NULL;
  g_autofree char *host = NULL;
  Sandbox sb = { NULL, };
  Worker workers[2];
  GThread *threads[2];
  double seconds = 5.0;
  int connections = 4;
  double rate, cpu_before, cpu_after, per_request_ms;
  guint64 ok = 0, failed = 0, rss_idle, rss_busy, hwm;
  GOptionEntry entries[] = {
    { "sandbox", 0, 0, G_OPTION_ARG_FILENAME, &binary, "pipedeck-sandbox binary", "PATH" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Duration of the load", "S" },
    { "connections", 0, 0, G_OPTION_ARG_INT, &connections,
      "Keep-alive connections per client thread (default 4)", "N" },
    { NULL }
  };

  options = g_option_context_new ("- GetPipelineState throughput of pipedeck-sandbox");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || binary == NULL
      || connections < 1 || connections > 64)
    {
      g_printerr ("usage: bench-sandbox --sandbox PATH [--seconds S]\n");
      return 2;
    }

  sandbox_start (&sb, binary, "0");
  host = g_strdup (sb.endpoint + strlen ("http://"));
  g_usleep (200000);
  rss_idle = read_status_kb (atoi (g_subprocess_get_identifier (sb.process)), "VmRSS:");
  cpu_before = read_cpu_seconds (atoi (g_subprocess_get_identifier (sb.process)));

  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      workers[i] = (Worker) { sb.endpoint, host, sb.access_key_id, sb.secret, seconds,
                              (guint) connections, 0, 0 };
      threads[i] = g_thread_new ("load", worker_main, &workers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      g_thread_join (threads[i]);
      ok += workers[i].ok;
      failed += workers[i].failed;
    }
  cpu_after = read_cpu_seconds (atoi (g_subprocess_get_identifier (sb.process)));
  rss_busy = read_status_kb (atoi (g_subprocess_get_identifier (sb.process)), "VmRSS:");
  hwm = read_status_kb (atoi (g_subprocess_get_identifier (sb.process)), "VmHWM:");
  sandbox_stop (&sb);

  rate = ok / seconds;
  printf ("GetPipelineState, signed and verified, 2 client threads x %d keep-alive "
          "connections, %.1f s\n", connections, seconds);
  printf ("  requests ok       %" G_GUINT64_FORMAT " (failed %" G_GUINT64_FORMAT ")\n", ok, failed);
  printf ("  requests/s        %.0f   (target >= %.0f: ratio %.2f) %s\n", rate, TARGET_RATE,
          rate / TARGET_RATE, rate >= TARGET_RATE && failed == 0 ? "OK" : "BELOW TARGET");
  per_request_ms = ok > 0 ? (cpu_after - cpu_before) * 1000.0 / ok : 0;
  printf ("  sandbox CPU       %.3f ms per verified request = %.0f requests per CPU-second "
          "(ratio to target %.2f; independent of other load on the machine)\n",
          per_request_ms, per_request_ms > 0 ? 1000.0 / per_request_ms : 0,
          per_request_ms > 0 ? 1000.0 / per_request_ms / TARGET_RATE : 0);
  printf ("  resident memory   %" G_GUINT64_FORMAT " kB idle with the seeded world, %"
          G_GUINT64_FORMAT " kB after the load (peak %" G_GUINT64_FORMAT " kB)\n",
          rss_idle, rss_busy, hwm);

  /* The seeded world with one 1,000,000-line build log. */
  sandbox_start (&sb, binary, "1000000");
  g_usleep (200000);
  rss_idle = read_status_kb (atoi (g_subprocess_get_identifier (sb.process)), "VmRSS:");
  sandbox_stop (&sb);
  printf ("  with --log-lines 1000000: %" G_GUINT64_FORMAT " kB resident (lines are made on "
          "demand)\n", rss_idle);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
