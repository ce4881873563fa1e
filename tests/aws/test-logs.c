/* test-logs.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-credentials.h"
#include "pd-aws-error.h"
#include "pd-aws-logs.h"
#include "pd-sandbox.h"
#include "pd-test-utils.h"

/* The typed CloudWatch Logs and CodeBuild calls against an in-process
 * sandbox, and GetLogEvents beside Debian's awscli on the same stream. */

typedef struct
{
  PdSandbox   *sandbox;
  PdAwsClient *client;
  char        *build_id;
  char        *group;
  char        *stream;
} Fixture;

typedef struct
{
  gboolean  done;
  gpointer  result;
  char     *token;
  GError   *error;
} Wait;

static void
on_call_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = pd_aws_client_call_finish (PD_AWS_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0, };
  const char *colon;

  fixture->sandbox = pd_sandbox_new_full (1.0, 1, GPOINTER_TO_UINT (data));
  g_assert_true (pd_sandbox_start (fixture->sandbox, 0, &error));
  g_assert_no_error (error);
  credentials = pd_aws_credentials_new (pd_sandbox_get_access_key_id (fixture->sandbox),
                                        pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL,
                                        "test");
  provider = pd_aws_static_credentials_provider_new (credentials);
  fixture->client = pd_aws_client_new (provider, "eu-west-1",
                                       pd_sandbox_get_endpoint (fixture->sandbox));

  json_object_set_string_member (input, "projectName", "todo-list-aws-unit-tests");
  json_object_set_string_member (input, "sortOrder", "DESCENDING");
  pd_aws_client_call_async (fixture->client, "codebuild", "ListBuildsForProject", input, NULL,
                            on_call_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 20000);
  g_assert_no_error (wait.error);
  node = wait.result;
  fixture->build_id = g_strdup (json_array_get_string_element (
    json_object_get_array_member (json_node_get_object (node), "ids"), 0));
  colon = strchr (fixture->build_id, ':');
  fixture->group = g_strdup ("/aws/codebuild/todo-list-aws-unit-tests");
  fixture->stream = g_strdup (colon + 1);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_clear_object (&fixture->client);
  pd_sandbox_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
  g_free (fixture->build_id);
  g_free (fixture->group);
  g_free (fixture->stream);
}

static void
on_page_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = pd_aws_logs_get_log_events_finish (PD_AWS_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

static PdAwsLogPage *
get_page (Fixture     *fixture,
          const char  *stream,
          const char  *token,
          gboolean     from_head,
          guint        limit,
          GError     **error)
{
  Wait wait = { 0, };

  pd_aws_logs_get_log_events_async (fixture->client, fixture->group, stream, token, from_head,
                                    limit, NULL, on_page_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 20000);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.result;
}

static char *
message (PdAwsLogPage *page,
         guint         index)
{
  gsize length = 0;
  const char *text = pd_aws_log_page_get_message (page, index, &length);

  return g_strndup (text, length);
}

static void
test_get_log_events_paging (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) forward = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) backward = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  guint pages = 0;

  /* Forward from the head, 7 events a page, until the token comes back. */
  for (;;)
    {
      g_autoptr(PdAwsLogPage) page = get_page (fixture, fixture->stream, token, TRUE, 7, &error);
      gboolean end;

      g_assert_no_error (error);
      g_assert_cmpuint (pd_aws_log_page_get_n_events (page), <=, 7);
      for (guint i = 0; i < pd_aws_log_page_get_n_events (page); i++)
        g_ptr_array_add (forward, message (page, i));
      end = g_strcmp0 (page->next_forward_token, token) == 0;
      g_free (token);
      token = g_strdup (page->next_forward_token);
      pages++;
      if (end)
        break;
      g_assert_cmpuint (pages, <, 1000);
    }
  g_assert_cmpuint (forward->len, >, 50);
  g_assert_cmpuint (pages, ==, (forward->len + 6) / 7 + 1);

  /* Backward from the tail gives the same events. */
  g_clear_pointer (&token, g_free);
  for (;;)
    {
      g_autoptr(PdAwsLogPage) page = get_page (fixture, fixture->stream, token, FALSE, 11,
                                               &error);
      gboolean end;

      g_assert_no_error (error);
      for (guint i = pd_aws_log_page_get_n_events (page); i > 0; i--)
        g_ptr_array_insert (backward, 0, message (page, i - 1));
      end = g_strcmp0 (page->next_backward_token, token) == 0;
      g_free (token);
      token = g_strdup (page->next_backward_token);
      if (end)
        break;
    }
  g_assert_cmpuint (backward->len, ==, forward->len);
  for (guint i = 0; i < forward->len; i++)
    g_assert_cmpstr (g_ptr_array_index (backward, i), ==, g_ptr_array_index (forward, i));
}

static void
test_missing_stream (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdAwsLogPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = get_page (fixture, "no-such-stream", NULL, TRUE, 0, &error);
  g_assert_null (page);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
}

static void
on_filter_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = pd_aws_logs_filter_log_events_finish (PD_AWS_CLIENT (object), result,
                                                       &wait->error);
  wait->done = TRUE;
}

static void
test_filter_log_events (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *streams[] = { fixture->stream, NULL };
  g_autoptr(PdAwsLogPage) page = NULL;
  Wait wait = { 0, };

  pd_aws_logs_filter_log_events_async (fixture->client, fixture->group, streams,
                                       "\"Entering phase\"", NULL, 0, NULL, on_filter_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 20000);
  g_assert_no_error (wait.error);
  page = wait.result;
  /* INSTALL, PRE_BUILD, BUILD, POST_BUILD. */
  g_assert_cmpuint (pd_aws_log_page_get_n_events (page), ==, 4);
  g_assert_cmpuint (page->stream_names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (page->stream_names, 0), ==, fixture->stream);
  for (guint i = 0; i < pd_aws_log_page_get_n_events (page); i++)
    {
      g_autofree char *text = message (page, i);

      g_assert_nonnull (strstr (text, "Entering phase"));
    }
  g_assert_null (page->next_token);
}

static void
on_streams_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = pd_aws_logs_describe_log_streams_finish (PD_AWS_CLIENT (object), result,
                                                          &wait->token, &wait->error);
  wait->done = TRUE;
}

static void
test_describe_log_streams (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) streams = NULL;
  g_autofree char *token = NULL;
  gboolean found = FALSE;
  guint total = 0;

  do
    {
      Wait wait = { 0, };

      pd_aws_logs_describe_log_streams_async (fixture->client, fixture->group, NULL, token, NULL,
                                              on_streams_cb, &wait);
      pd_test_wait_for_flag (&wait.done, 20000);
      g_assert_no_error (wait.error);
      streams = wait.result;
      for (guint i = 0; i < streams->len; i++)
        {
          PdAwsLogStream *stream = g_ptr_array_index (streams, i);

          if (g_str_equal (stream->name, fixture->stream))
            {
              found = TRUE;
              g_assert_cmpint (stream->last_event_timestamp, >=, stream->first_event_timestamp);
              g_assert_cmpint (stream->first_event_timestamp, >, 0);
            }
        }
      total += streams->len;
      g_clear_pointer (&streams, g_ptr_array_unref);
      g_free (token);
      token = wait.token;
    }
  while (token != NULL);
  g_assert_true (found);
  g_assert_cmpuint (total, >, 1);
}

static void
on_build_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = pd_aws_logs_get_build_logs_finish (PD_AWS_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

static void
test_build_logs (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PdAwsBuildLogs) logs = NULL;
  g_autoptr(PdAwsBuildLogs) copy = NULL;
  Wait wait = { 0, };

  pd_aws_logs_get_build_logs_async (fixture->client, fixture->build_id, NULL, on_build_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 20000);
  g_assert_no_error (wait.error);
  logs = wait.result;
  g_assert_cmpstr (logs->id, ==, fixture->build_id);
  g_assert_true (logs->complete);
  g_assert_cmpstr (logs->group_name, ==, fixture->group);
  g_assert_cmpstr (logs->stream_name, ==, fixture->stream);
  g_assert_true (g_str_has_prefix (logs->deep_link, "https://"));
  g_assert_cmpuint (logs->phases->len, ==, 11);
  g_assert_cmpstr (g_array_index (logs->phases, PdAwsBuildPhase, 6).type, ==, "BUILD");
  g_assert_cmpint (g_array_index (logs->phases, PdAwsBuildPhase, 6).start_time, >, 0);
  copy = pd_aws_build_logs_copy (logs);
  g_assert_cmpstr (copy->stream_name, ==, logs->stream_name);
  g_assert_cmpuint (copy->phases->len, ==, 11);

  wait = (Wait) { 0, };
  pd_aws_logs_get_build_logs_async (fixture->client, "todo-list-aws-unit-tests:no-such-build",
                                    NULL, on_build_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 20000);
  g_assert_null (wait.result);
  g_assert_error (wait.error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  g_clear_error (&wait.error);
}

static void
on_actions_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = pd_aws_logs_list_execution_builds_finish (PD_AWS_CLIENT (object), result,
                                                           &wait->error);
  wait->done = TRUE;
}

static void
test_execution_builds (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) actions = NULL;
  gboolean found = FALSE;
  Wait wait = { 0, };

  pd_aws_logs_list_execution_builds_async (fixture->client, "todo-list-aws", NULL, NULL,
                                           on_actions_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 20000);
  g_assert_no_error (wait.error);
  actions = wait.result;
  g_assert_cmpuint (actions->len, >=, 3);
  /* Pipeline order: the source comes first and runs no build. */
  g_assert_cmpstr (((PdAwsActionBuild *) g_ptr_array_index (actions, 0))->action_name, ==,
                   "Source");
  g_assert_null (((PdAwsActionBuild *) g_ptr_array_index (actions, 0))->build_id);
  for (guint i = 0; i < actions->len; i++)
    {
      PdAwsActionBuild *action = g_ptr_array_index (actions, i);

      if (g_strcmp0 (action->build_id, fixture->build_id) == 0)
        {
          found = TRUE;
          g_assert_cmpstr (action->action_name, ==, "UnitTests");
          g_assert_cmpstr (action->stage_name, ==, "Test");
        }
    }
  g_assert_true (found);
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Cli;

static void
on_cli_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Cli *cli = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &cli->out, &cli->err,
                                        &cli->error);
  cli->done = TRUE;
}

/* Debian's awscli reads the same stream: the same messages, in order. The
 * sandbox answers from this thread's main context while the CLI runs. */
static void
test_same_as_awscli (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(PdAwsLogPage) page = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  Cli cli = { 0, };
  JsonArray *events;
  const char *argv[] = {
    "/usr/bin/aws", "logs", "get-log-events", "--endpoint-url",
    pd_sandbox_get_endpoint (fixture->sandbox), "--log-group-name", fixture->group,
    "--log-stream-name", fixture->stream, "--start-from-head", "--output", "json", NULL
  };

  /* CI installs Debian's awscli (TOOLCHAIN.md); its absence is a failure. */
  g_assert_true (g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE));
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID",
                           pd_sandbox_get_access_key_id (fixture->sandbox), TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY",
                           pd_sandbox_get_secret_key (fixture->sandbox), TRUE);
  envp = g_environ_setenv (envp, "AWS_DEFAULT_REGION", "eu-west-1", TRUE);
  envp = g_environ_setenv (envp, "AWS_PAGER", "", TRUE);
  envp = g_environ_unsetenv (envp, "AWS_PROFILE");
  envp = g_environ_unsetenv (envp, "AWS_DEFAULT_PROFILE");
  envp = g_environ_unsetenv (envp, "AWS_SESSION_TOKEN");
  envp = g_environ_unsetenv (envp, "AWS_ENDPOINT_URL");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, envp);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_cli_done_cb, &cli);
  pd_test_wait_for_flag (&cli.done, 60000);
  g_assert_no_error (cli.error);
  g_subprocess_wait (process, NULL, NULL);
  if (!g_subprocess_get_successful (process))
    g_error ("awscli failed (status %d): %s%s", g_subprocess_get_status (process), cli.err,
             cli.out);

  g_assert_true (json_parser_load_from_data (parser, cli.out, -1, &error));
  g_assert_no_error (error);
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "events");
  page = get_page (fixture, fixture->stream, NULL, TRUE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (events), >, 50);
  g_assert_cmpuint (json_array_get_length (events), ==, pd_aws_log_page_get_n_events (page));
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      g_autofree char *text = message (page, i);
      const PdAwsLogEvent *mine = &g_array_index (page->events, PdAwsLogEvent, i);

      g_assert_cmpstr (json_object_get_string_member (event, "message"), ==, text);
      g_assert_cmpint (json_object_get_int_member (event, "timestamp"), ==, mine->timestamp);
      g_assert_cmpint (json_object_get_int_member (event, "ingestionTime"), ==,
                       mine->ingestion_time);
    }
  g_free (cli.out);
  g_free (cli.err);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/aws/logs/get-log-events/paging", Fixture, NULL, setup,
              test_get_log_events_paging, teardown);
  g_test_add ("/pd/aws/logs/get-log-events/missing-stream", Fixture, NULL, setup,
              test_missing_stream, teardown);
  g_test_add ("/pd/aws/logs/filter-log-events", Fixture, NULL, setup, test_filter_log_events,
              teardown);
  g_test_add ("/pd/aws/logs/describe-log-streams", Fixture, NULL, setup,
              test_describe_log_streams, teardown);
  g_test_add ("/pd/aws/logs/build-logs", Fixture, NULL, setup, test_build_logs, teardown);
  g_test_add ("/pd/aws/logs/execution-builds", Fixture, NULL, setup, test_execution_builds,
              teardown);
  g_test_add ("/pd/aws/logs/same-as-awscli", Fixture, NULL, setup, test_same_as_awscli,
              teardown);

  return g_test_run ();
}
