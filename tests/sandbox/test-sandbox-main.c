/* test-sandbox-main.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "pd-test-utils.h"

/* The pipedeck-sandbox program: what it prints, that it serves, that it
 * stops on SIGINT and SIGTERM, and that bad options are refused clearly. */

static const char *
binary (void)
{
  const char *path = g_getenv ("PD_SANDBOX_BINARY");

  g_assert_nonnull (path);
  return path;
}

typedef struct
{
  gboolean done;
} WaitState;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  WaitState *state = data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  state->done = TRUE;
}

static GHashTable *
read_settings (GSubprocess *process)
{
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  GHashTable *settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  char *line;

  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      g_auto(GStrv) kv = g_strsplit (line, "=", 2);

      g_free (line);
      g_assert_nonnull (kv[1]);
      g_hash_table_insert (settings, g_strdup (kv[0]), g_strdup (kv[1]));
      if (g_str_equal (kv[0], "PD_SANDBOX_ACCOUNT_ID"))
        break;
    }
  return settings;
}

static void
run_and_signal (int signum)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GHashTable) settings = NULL;
  g_autoptr(GProxyResolver) no_proxy = g_simple_proxy_resolver_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", no_proxy, NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *url = NULL;
  const char *endpoint;
  WaitState state = { FALSE };

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary (),
                              "--port", "0", "--speed", "10", "--seed", "5",
                              "--faults", "latency=1ms", NULL);
  g_assert_no_error (error);
  settings = read_settings (process);

  endpoint = g_hash_table_lookup (settings, "AWS_ENDPOINT_URL");
  g_assert_nonnull (endpoint);
  g_assert_true (g_str_has_prefix (endpoint, "http://127.0.0.1:"));
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (settings, "AWS_ACCESS_KEY_ID"), "AKIA"));
  g_assert_cmpuint (strlen (g_hash_table_lookup (settings, "AWS_SECRET_ACCESS_KEY")), ==, 40);
  g_assert_cmpstr (g_hash_table_lookup (settings, "PD_SANDBOX_ACCOUNT_ID"), ==, "123456789012");
  g_assert_cmpstr (g_hash_table_lookup (settings, "AWS_DEFAULT_REGION"), ==, "eu-west-1");

  /* It serves: the faults given on the command line are in force. */
  url = g_strconcat (endpoint, "/_sandbox/faults", NULL);
  message = soup_message_new ("GET", url);
  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  g_assert_cmpstr (g_bytes_get_data (reply, NULL), ==, "latency=1ms");

  g_subprocess_send_signal (process, signum);
  g_subprocess_wait_async (process, NULL, wait_cb, &state);
  pd_test_wait_for_flag (&state.done, 10000);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_sigterm (void)
{
  run_and_signal (SIGTERM);
}

static void
test_sigint (void)
{
  run_and_signal (SIGINT);
}

static void
expect_refusal (const char *option,
                const char *value,
                const char *message,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, binary (), "--port", "0", option, value, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, code);
  g_assert_cmpstr (out, ==, "");
  if (strstr (err, message) == NULL)
    g_error ("expected “%s” in: %s", message, err);
}

static void
test_bad_options (void)
{
  expect_refusal ("--faults", "explode=1", "Unknown fault", 2);
  expect_refusal ("--faults", "throttle=7", "between 0 and 1", 2);
  expect_refusal ("--speed", "0", "--speed must be above 0", 2);
  expect_refusal ("--speed", "fast", "Cannot parse double value", 2);
  expect_refusal ("--seed", "-4", "--seed must be between", 2);
  expect_refusal ("--log-lines", "-1", "--log-lines must be between", 2);
  expect_refusal ("--port", "70000", "--port must be between", 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/sandbox/main/sigterm", test_sigterm);
  g_test_add_func ("/pd/sandbox/main/sigint", test_sigint);
  g_test_add_func ("/pd/sandbox/main/bad-options", test_bad_options);

  return g_test_run ();
}
