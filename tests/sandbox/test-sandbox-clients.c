/* test-sandbox-clients.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-sandbox-cicd-private.h"
#include "pd-sandbox.h"
#include "sandbox-test-client.h"

/* Debian's awscli against the sandbox. awscli starts slowly (a second or
 * more per call), so the tests act and check through awscli and only wait
 * for simulated time with in-process signed requests. */

typedef struct
{
  PdSandbox *sandbox;
  guint32    seed;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->seed = sandbox_test_choose_seed (GPOINTER_TO_INT (data));
  fixture->sandbox = pd_sandbox_new_full (400.0, fixture->seed, 0);
  g_assert_true (pd_sandbox_start (fixture->sandbox, 0, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  pd_sandbox_stop (fixture->sandbox);
  g_assert_finalize_object (fixture->sandbox);
}

static gboolean
spin_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the sandbox run (it serves from this thread) for @ms. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static JsonObject *
parse_object (const char *text,
              gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A signed request from this process, for waiting cheaply. */
static JsonObject *
signed_call (Fixture    *fixture,
             const char *target,
             const char *body)
{
  g_autoptr(GBytes) reply = NULL;
  gsize length = 0;
  const char *data;
  guint status = 0;

  reply = sandbox_test_send_signed (fixture->sandbox, "codepipeline", target, body,
                                    pd_sandbox_get_access_key_id (fixture->sandbox),
                                    pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL, NULL,
                                    &status, NULL);
  data = g_bytes_get_data (reply, &length);
  g_assert_cmpuint (status, ==, 200);
  return parse_object (data, length);
}

/* Runs `aws --endpoint-url … ARGS --output json`. On success returns the
 * parsed output (an empty object when there is none); on failure returns
 * NULL and puts stderr in @err. */
static JsonObject *
run_aws (Fixture     *fixture,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (char *) "/usr/bin/aws");
  g_ptr_array_add (argv, (char *) "--endpoint-url");
  g_ptr_array_add (argv, (char *) pd_sandbox_get_endpoint (fixture->sandbox));
  g_ptr_array_add (argv, (char *) "--output");
  g_ptr_array_add (argv, (char *) "json");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  out = sandbox_test_run_client (fixture->sandbox, (const char * const *) argv->pdata, NULL,
                                 &status, &stderr_text);
  if (status != 0)
    {
      if (err != NULL)
        *err = g_steal_pointer (&stderr_text);
      else
        g_error ("aws %s failed: %s", first, stderr_text);
      return NULL;
    }
  if (err != NULL)
    *err = NULL;
  if (out == NULL || *g_strstrip (out) == '\0')
    return json_object_new ();
  return parse_object (out, strlen (out));
}

static void
assert_aws_error (Fixture    *fixture,
                  const char *code,
                  const char *first,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *needle = g_strdup_printf ("(%s)", code);
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (char *) "/usr/bin/aws");
  g_ptr_array_add (argv, (char *) "--endpoint-url");
  g_ptr_array_add (argv, (char *) pd_sandbox_get_endpoint (fixture->sandbox));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  out = sandbox_test_run_client (fixture->sandbox, (const char * const *) argv->pdata, NULL,
                                 &status, &err);
  g_assert_cmpint (status, !=, 0);
  if (strstr (err, needle) == NULL)
    g_error ("expected %s from aws %s, got: %s", code, first, err);
}

static JsonObject *
stage_state_full (Fixture    *fixture,
                  const char *pipeline,
                  const char *stage,
                  gboolean    with_awscli)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", pipeline);
  g_autoptr(JsonObject) state = with_awscli
                                ? run_aws (fixture, NULL, "codepipeline", "get-pipeline-state",
                                           "--name", pipeline, NULL)
                                : signed_call (fixture, "CodePipeline_20150709.GetPipelineState",
                                               body);
  JsonArray *stages = json_object_get_array_member (state, "stageStates");

  for (guint i = 0; i < json_array_get_length (stages); i++)
    {
      JsonObject *s = json_array_get_object_element (stages, i);

      if (g_str_equal (json_object_get_string_member (s, "stageName"), stage))
        return json_object_ref (s);
    }
  g_assert_not_reached ();
}

static JsonObject *
stage_state (Fixture    *fixture,
             const char *pipeline,
             const char *stage)
{
  return stage_state_full (fixture, pipeline, stage, TRUE);
}

static char *
execution_status_full (Fixture    *fixture,
                       const char *pipeline,
                       const char *id,
                       gboolean    with_awscli)
{
  g_autofree char *body = g_strdup_printf ("{\"pipelineName\":\"%s\",\"pipelineExecutionId\":"
                                           "\"%s\"}", pipeline, id);
  g_autoptr(JsonObject) reply = with_awscli
                                ? run_aws (fixture, NULL, "codepipeline", "get-pipeline-execution",
                                           "--pipeline-name", pipeline,
                                           "--pipeline-execution-id", id, NULL)
                                : signed_call (fixture, "CodePipeline_20150709.GetPipelineExecution",
                                               body);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (reply,
                                                                                 "pipelineExecution"),
                                                  "status"));
}

static char *
execution_status (Fixture    *fixture,
                  const char *pipeline,
                  const char *id)
{
  return execution_status_full (fixture, pipeline, id, TRUE);
}

/* Waits for @id to leave InProgress, without awscli. */
static void
wait_until_done (Fixture    *fixture,
                 const char *pipeline,
                 const char *id)
{
  for (guint attempt = 0; attempt < 600; attempt++)
    {
      g_autofree char *status = execution_status_full (fixture, pipeline, id, FALSE);

      if (!g_str_equal (status, "InProgress"))
        return;
      spin (20);
    }
  g_error ("run %s never ended", id);
}

/* Waits until the stage's first action of @pipeline run @id is in
 * progress with an approval token, and returns the token. */
static char *
wait_for_approval (Fixture    *fixture,
                   const char *id)
{
  for (guint attempt = 0; attempt < 600; attempt++)
    {
      g_autoptr(JsonObject) stage = stage_state_full (fixture, "todo-list-aws", "Approval", FALSE);
      JsonObject *latest = json_object_get_object_member (stage, "latestExecution");
      JsonObject *action = json_array_get_object_element (json_object_get_array_member (stage,
                                                                                        "actionStates"),
                                                          0);
      JsonObject *action_latest = json_object_get_object_member (action, "latestExecution");

      if (latest != NULL && g_str_equal (json_object_get_string_member (latest,
                                                                         "pipelineExecutionId"), id)
          && action_latest != NULL && json_object_has_member (action_latest, "token"))
        {
          /* Read the token as a user would, through awscli. */
          g_autoptr(JsonObject) seen = stage_state (fixture, "todo-list-aws", "Approval");

          action = json_array_get_object_element (json_object_get_array_member (seen,
                                                                                "actionStates"), 0);
          action_latest = json_object_get_object_member (action, "latestExecution");
          return g_strdup (json_object_get_string_member (action_latest, "token"));
        }
      spin (20);
    }
  g_error ("the run never reached the approval");
}

static void
test_awscli_approval_flow (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) approved = NULL;
  g_autofree char *token = NULL;
  g_autofree char *status = NULL;
  g_autofree char *result = NULL;
  const char *id;

  started = run_aws (fixture, NULL, "codepipeline", "start-pipeline-execution",
                     "--name", "todo-list-aws", NULL);
  id = json_object_get_string_member (started, "pipelineExecutionId");
  g_assert_nonnull (id);

  token = wait_for_approval (fixture, id);
  status = execution_status_full (fixture, "todo-list-aws", id, FALSE);
  g_assert_cmpstr (status, ==, "InProgress");

  result = g_strdup ("summary=Staging checked,status=Approved");
  approved = run_aws (fixture, NULL, "codepipeline", "put-approval-result",
                      "--pipeline-name", "todo-list-aws", "--stage-name", "Approval",
                      "--action-name", "ManualApproval", "--result", result,
                      "--token", token, NULL);
  g_assert_true (json_object_has_member (approved, "approvedAt"));
  assert_aws_error (fixture, "ApprovalAlreadyCompletedException", "codepipeline",
                    "put-approval-result", "--pipeline-name", "todo-list-aws",
                    "--stage-name", "Approval", "--action-name", "ManualApproval",
                    "--result", result, "--token", token, NULL);

  wait_until_done (fixture, "todo-list-aws", id);
  g_clear_pointer (&status, g_free);
  status = execution_status (fixture, "todo-list-aws", id);
  g_assert_cmpstr (status, ==, "Succeeded");
}

static void
test_awscli_failing_run_and_retry (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) retried = NULL;
  g_autoptr(JsonObject) test_stage = NULL;
  g_autoptr(JsonObject) actions = NULL;
  g_autofree char *status = NULL;
  g_autofree char *token = NULL;
  g_autofree char *filter = NULL;
  const char *id;
  JsonArray *states, *details;
  guint unit_runs = 0, quality_runs = 0;

  /* The seed makes the next run's unit tests fail (a Hypothesis example). */
  started = run_aws (fixture, NULL, "codepipeline", "start-pipeline-execution",
                     "--name", "todo-list-aws", NULL);
  id = json_object_get_string_member (started, "pipelineExecutionId");
  wait_until_done (fixture, "todo-list-aws", id);
  status = execution_status (fixture, "todo-list-aws", id);
  g_assert_cmpstr (status, ==, "Failed");

  test_stage = stage_state (fixture, "todo-list-aws", "Test");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (test_stage,
                                                                                 "latestExecution"),
                                                  "status"), ==, "Failed");
  states = json_object_get_array_member (test_stage, "actionStates");
  for (guint i = 0; i < json_array_get_length (states); i++)
    {
      JsonObject *action = json_array_get_object_element (states, i);
      JsonObject *latest = json_object_get_object_member (action, "latestExecution");
      const char *name = json_object_get_string_member (action, "actionName");

      if (g_str_equal (name, "UnitTests"))
        {
          g_assert_cmpstr (json_object_get_string_member (latest, "status"), ==, "Failed");
          g_assert_nonnull (strstr (json_object_get_string_member (latest, "summary"),
                                    "falsifying example"));
        }
      else
        g_assert_cmpstr (json_object_get_string_member (latest, "status"), ==, "Succeeded");
    }

  retried = run_aws (fixture, NULL, "codepipeline", "retry-stage-execution",
                     "--pipeline-name", "todo-list-aws", "--stage-name", "Test",
                     "--pipeline-execution-id", id, "--retry-mode", "FAILED_ACTIONS", NULL);
  g_assert_cmpstr (json_object_get_string_member (retried, "pipelineExecutionId"), ==, id);

  /* The retry continues the run: it reaches the approval. */
  token = wait_for_approval (fixture, id);
  g_assert_nonnull (token);

  filter = g_strdup_printf ("pipelineExecutionId=%s", id);
  actions = run_aws (fixture, NULL, "codepipeline", "list-action-executions",
                     "--pipeline-name", "todo-list-aws", "--filter", filter, NULL);
  details = json_object_get_array_member (actions, "actionExecutionDetails");
  for (guint i = 0; i < json_array_get_length (details); i++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (details, i),
                                                        "actionName");

      unit_runs += g_str_equal (name, "UnitTests");
      quality_runs += g_str_equal (name, "Quality");
    }
  g_assert_cmpuint (unit_runs, ==, 2);
  g_assert_cmpuint (quality_runs, ==, 1);
}

static void
test_awscli_operations (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) executions = NULL;
  g_autoptr(JsonObject) builds = NULL;
  g_autoptr(JsonObject) events = NULL;
  g_autoptr(JsonObject) found = NULL;
  g_autoptr(JsonObject) streams = NULL;
  g_autoptr(JsonObject) branch = NULL;
  g_autoptr(JsonObject) commit = NULL;
  g_autoptr(JsonObject) projects = NULL;
  g_autoptr(JsonObject) ids = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(JsonObject) pipeline = NULL;
  g_autoptr(JsonObject) held = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *status = NULL;
  JsonObject *build, *logs, *first;
  const char *id, *build_id, *commit_id;

  /* awscli pages by itself: a page size of 2 means several requests. */
  list = run_aws (fixture, NULL, "codepipeline", "list-pipelines", "--page-size", "2", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "pipelines")), >=, 12);

  pipeline = run_aws (fixture, NULL, "codepipeline", "get-pipeline", "--name", "todo-list-aws", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (pipeline, "pipeline"), "stages")), ==, 7);

  executions = run_aws (fixture, NULL, "codepipeline", "list-pipeline-executions",
                        "--pipeline-name", "todo-list-aws", "--page-size", "6", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      executions, "pipelineExecutionSummaries")), >=, 20);
  first = json_array_get_object_element (json_object_get_array_member (executions,
                                                                       "pipelineExecutionSummaries"),
                                         0);
  id = json_object_get_string_member (first, "pipelineExecutionId");
  commit_id = json_object_get_string_member (json_array_get_object_element (
                json_object_get_array_member (first, "sourceRevisions"), 0), "revisionId");

  status = execution_status (fixture, "todo-list-aws", id);
  g_assert_nonnull (status);
  filter = g_strdup_printf ("pipelineExecutionId=%s", id);
  detail = run_aws (fixture, NULL, "codepipeline", "list-action-executions",
                    "--pipeline-name", "todo-list-aws", "--page-size", "4", "--filter",
                    filter, NULL);
  build_id = json_object_get_string_member (
               json_object_get_object_member (
                 json_object_get_object_member (
                   json_array_get_object_element (json_object_get_array_member (detail,
                                                                                "actionExecutionDetails"),
                                                  0), "output"), "executionResult"),
               "externalExecutionId");
  g_assert_nonnull (build_id);

  builds = run_aws (fixture, NULL, "codebuild", "batch-get-builds", "--ids", build_id, NULL);
  build = json_array_get_object_element (json_object_get_array_member (builds, "builds"), 0);
  logs = json_object_get_object_member (build, "logs");
  ids = run_aws (fixture, NULL, "codebuild", "list-builds-for-project", "--project-name",
                 json_object_get_string_member (build, "projectName"), NULL);
  {
    JsonArray *list_ids = json_object_get_array_member (ids, "ids");
    gboolean listed = FALSE;

    for (guint i = 0; i < json_array_get_length (list_ids); i++)
      listed |= g_str_equal (json_array_get_string_element (list_ids, i), build_id);
    g_assert_true (listed);
  }
  projects = run_aws (fixture, NULL, "codebuild", "batch-get-projects", "--names",
                      json_object_get_string_member (build, "projectName"), NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (projects, "projects")), ==, 1);

  events = run_aws (fixture, NULL, "logs", "get-log-events",
                    "--log-group-name", json_object_get_string_member (logs, "groupName"),
                    "--log-stream-name", json_object_get_string_member (logs, "streamName"),
                    "--start-from-head", "--limit", "5", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (events, "events")), ==, 5);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (events, "nextForwardToken"), "f/"));
  found = run_aws (fixture, NULL, "logs", "filter-log-events",
                   "--log-group-name", json_object_get_string_member (logs, "groupName"),
                   "--filter-pattern", "?SUCCEEDED ?FAILED", "--page-size", "3", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (found, "events")), >, 3);
  streams = run_aws (fixture, NULL, "logs", "describe-log-streams",
                     "--log-group-name", json_object_get_string_member (logs, "groupName"),
                     "--page-size", "5", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (streams, "logStreams")), >, 5);

  branch = run_aws (fixture, NULL, "codecommit", "get-branch", "--repository-name",
                    "todo-list-aws", "--branch-name", "main", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (branch, "branch"),
                                                  "commitId"), ==, commit_id);
  commit = run_aws (fixture, NULL, "codecommit", "get-commit", "--repository-name",
                    "todo-list-aws", "--commit-id", commit_id, NULL);
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (commit, "commit"),
                                                   "message"));

  /* Transitions and stop. */
  json_object_unref (run_aws (fixture, NULL, "codepipeline", "disable-stage-transition",
                              "--pipeline-name", "todo-list-aws", "--stage-name", "Build",
                              "--transition-type", "Inbound", "--reason", "Hold (test)", NULL));
  held = stage_state (fixture, "todo-list-aws", "Build");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (held,
                                                                                 "inboundTransitionState"),
                                                  "enabled"));
  {
    g_autoptr(JsonObject) started = run_aws (fixture, NULL, "codepipeline",
                                             "start-pipeline-execution", "--name",
                                             "todo-list-aws", NULL);
    g_autoptr(JsonObject) stopped = NULL;
    const char *run = json_object_get_string_member (started, "pipelineExecutionId");

    stopped = run_aws (fixture, NULL, "codepipeline", "stop-pipeline-execution",
                       "--pipeline-name", "todo-list-aws", "--pipeline-execution-id", run,
                       "--abandon", "--reason", "held too long", NULL);
    g_clear_pointer (&status, g_free);
    status = execution_status_full (fixture, "todo-list-aws", run, FALSE);
    g_assert_cmpstr (status, ==, "Stopped");
  }
  json_object_unref (run_aws (fixture, NULL, "codepipeline", "enable-stage-transition",
                              "--pipeline-name", "todo-list-aws", "--stage-name", "Build",
                              "--transition-type", "Inbound", NULL));
  assert_aws_error (fixture, "InvalidApprovalTokenException", "codepipeline",
                    "put-approval-result", "--pipeline-name", "todo-list-aws",
                    "--stage-name", "Approval", "--action-name", "ManualApproval",
                    "--result", "summary=x,status=Approved",
                    "--token", "00000000-0000-4000-8000-000000000000", NULL);
}

static void
test_awscli_wrong_secret (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *env[] = { "AWS_SECRET_ACCESS_KEY=not-the-sandbox-secret-at-all-0000000000", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) "/usr/bin/aws");
  g_ptr_array_add (argv, (char *) "--endpoint-url");
  g_ptr_array_add (argv, (char *) pd_sandbox_get_endpoint (fixture->sandbox));
  g_ptr_array_add (argv, (char *) "codepipeline");
  g_ptr_array_add (argv, (char *) "list-pipelines");
  g_ptr_array_add (argv, NULL);
  out = sandbox_test_run_client (fixture->sandbox, (const char * const *) argv->pdata, env,
                                 &status, &err);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "(InvalidSignatureException)"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/sandbox/awscli/operations", Fixture, GINT_TO_POINTER (SANDBOX_TEST_SEED_ANY),
              fixture_setup, test_awscli_operations, fixture_teardown);
  g_test_add ("/pd/sandbox/awscli/approval-flow", Fixture,
              GINT_TO_POINTER (SANDBOX_TEST_SEED_NEXT_RUN_SUCCEEDS),
              fixture_setup, test_awscli_approval_flow, fixture_teardown);
  g_test_add ("/pd/sandbox/awscli/failing-run-and-retry", Fixture,
              GINT_TO_POINTER (SANDBOX_TEST_SEED_NEXT_RUN_FAILS_UNIT_TESTS),
              fixture_setup, test_awscli_failing_run_and_retry, fixture_teardown);
  g_test_add ("/pd/sandbox/awscli/wrong-secret", Fixture, GINT_TO_POINTER (SANDBOX_TEST_SEED_ANY),
              fixture_setup, test_awscli_wrong_secret, fixture_teardown);

  return g_test_run ();
}
