/* sandbox-test-client.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-cicd-private.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"
#include "sandbox-test-client.h"

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} RunState;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RunState *state = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result,
                                        &state->out, &state->err, &state->error);
  state->done = TRUE;
}

char *
sandbox_test_run_client (PdSandbox          *sandbox,
                         const char * const *argv,
                         const char * const *extra_env,
                         int                *exit_status,
                         char              **stderr_out)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  RunState state = { 0, };

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID",
                                pd_sandbox_get_access_key_id (sandbox), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY",
                                pd_sandbox_get_secret_key (sandbox), TRUE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_unsetenv (launcher, "AWS_DEFAULT_PROFILE");
  g_subprocess_launcher_unsetenv (launcher, "AWS_ENDPOINT_URL");
  g_subprocess_launcher_setenv (launcher, "AWS_DEFAULT_REGION", "eu-west-1", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_PAGER", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_MAX_ATTEMPTS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "PD_SANDBOX_ENDPOINT",
                                pd_sandbox_get_endpoint (sandbox), TRUE);
  g_subprocess_launcher_setenv (launcher, "PD_SANDBOX_ACCOUNT_ID",
                                pd_sandbox_get_account_id (sandbox), TRUE);
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (extra_env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, kv[0], kv[1] ? kv[1] : "", TRUE);
    }

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &state);
  pd_test_wait_for_flag (&state.done, 100000);
  g_assert_no_error (state.error);

  *exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (stderr_out != NULL)
    *stderr_out = g_steal_pointer (&state.err);
  g_free (state.err);
  return state.out;
}

char *
sandbox_test_run_script (PdSandbox          *sandbox,
                         const char         *script,
                         const char * const *args)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "sandbox", script, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out;
  int status = -1;

  g_ptr_array_add (argv, (char *) "/usr/bin/python3");
  g_ptr_array_add (argv, path);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  out = sandbox_test_run_client (sandbox, (const char * const *) argv->pdata, NULL, &status, &err);
  if (status != 0)
    {
      g_test_message ("%s stdout:\n%s", script, out);
      g_test_message ("%s stderr:\n%s", script, err);
    }
  g_assert_cmpint (status, ==, 0);
  return out;
}

typedef struct
{
  gboolean  done;
  GBytes   *bytes;
  GError   *error;
} SendState;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendState *state = user_data;

  state->bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &state->error);
  state->done = TRUE;
}

GBytes *
sandbox_test_send (PdSandbox           *sandbox,
                   const char          *method,
                   const char          *path,
                   const char * const  *headers,
                   const char          *body,
                   guint               *status,
                   SoupMessageHeaders **response_headers)
{
  g_autoptr(GProxyResolver) no_proxy = g_simple_proxy_resolver_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", no_proxy,
                                                                  NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = g_strconcat (pd_sandbox_get_endpoint (sandbox), path, NULL);
  SoupMessageHeaders *request_headers;
  SendState state = { 0, };

  message = soup_message_new (method, url);
  g_assert_nonnull (message);
  request_headers = soup_message_get_request_headers (message);
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (headers[i], ": ", 2);

      soup_message_headers_append (request_headers, kv[0], kv[1]);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message,
                                                soup_message_headers_get_content_type (request_headers, NULL),
                                                bytes);
    }

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, send_cb, &state);
  pd_test_wait_for_flag (&state.done, 20000);
  g_assert_no_error (state.error);

  *status = soup_message_get_status (message);
  if (response_headers != NULL)
    *response_headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  return state.bytes;
}

GBytes *
sandbox_test_send_signed (PdSandbox           *sandbox,
                          const char          *service,
                          const char          *target,
                          const char          *body,
                          const char          *access_key_id,
                          const char          *secret_access_key,
                          const char          *session_token,
                          GDateTime           *when,
                          const char          *sent_body,
                          guint               *status,
                          SoupMessageHeaders **response_headers)
{
  g_autoptr(PdAwsSigningRequest) signing = pd_aws_signing_request_new ("POST", "/", "");
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", pd_sandbox_get_port (sandbox));
  const char *content_type = target != NULL ? "application/x-amz-json-1.1"
                                            : "application/x-www-form-urlencoded; charset=utf-8";

  credentials = pd_aws_credentials_new (access_key_id, secret_access_key, session_token, NULL,
                                        "test");
  pd_aws_signing_request_add_header (signing, "Host", host);
  pd_aws_signing_request_add_header (signing, "Content-Type", content_type);
  if (target != NULL)
    pd_aws_signing_request_add_header (signing, "X-Amz-Target", target);
  pd_aws_signing_request_set_body (signing, (const guint8 *) body, strlen (body));
  pd_aws_sigv4_sign (signing, credentials, "eu-west-1", service, when != NULL ? when : now,
                     PD_AWS_SIGV4_FLAGS_NONE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < pd_aws_signing_request_get_n_headers (signing); i++)
    {
      const char *name = pd_aws_signing_request_get_header_name (signing, i);

      if (g_ascii_strcasecmp (name, "Host") == 0)
        continue;
      g_ptr_array_add (headers, g_strdup_printf ("%s: %s", name,
                                                 pd_aws_signing_request_get_header_value (signing, i)));
    }
  g_ptr_array_add (headers, NULL);

  return sandbox_test_send (sandbox, "POST", "/", (const char * const *) headers->pdata,
                            sent_body != NULL ? sent_body : body, status, response_headers);
}

JsonObject *
sandbox_test_call_json (PdSandbox  *sandbox,
                        const char *service,
                        const char *target,
                        const char *body,
                        guint      *status)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data;

  reply = sandbox_test_send_signed (sandbox, service, target, body,
                                    pd_sandbox_get_access_key_id (sandbox),
                                    pd_sandbox_get_secret_key (sandbox), NULL, NULL, NULL,
                                    status, NULL);
  data = g_bytes_get_data (reply, &length);
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A seed whose next todo-list-aws run (the first one started) goes as
 * @choice asks. */
guint32
sandbox_test_choose_seed (SandboxTestSeed choice)
{
  guint next = pd_sandbox_codepipeline_history_length ("todo-list-aws") + 1;

  switch (choice)
    {
    case SANDBOX_TEST_SEED_NEXT_RUN_SUCCEEDS:
      return pd_test_sandbox_find_seed ("todo-list-aws", next, NULL);
    case SANDBOX_TEST_SEED_NEXT_RUN_FAILS_UNIT_TESTS:
      return pd_test_sandbox_find_seed ("todo-list-aws", next, "UnitTests");
    case SANDBOX_TEST_SEED_ANY:
    default:
      return 1;
    }
}
