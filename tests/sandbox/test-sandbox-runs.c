/* test-sandbox-runs.c
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
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"
#include "sandbox-test-client.h"

/* Pipeline runs on the sandbox: StartPipelineExecution's variables and
 * source revisions (round trip and every validation error), and the
 * seeded world, whose pipelines, action executions, builds and logs must
 * tell the same story. */

#define RUN_SPEED 400.0
#define WAIT_MS   30000

typedef struct
{
  PdSandbox *sandbox;
} Fixture;

typedef struct
{
  guint32 seed;
  double  speed;
} Setup;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const Setup *setup = data;
  g_autoptr(GError) error = NULL;

  fixture->sandbox = pd_sandbox_new_full (setup->speed, setup->seed, 0);
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

static JsonObject *
send_json (Fixture    *fixture,
           const char *service,
           const char *target,
           const char *body,
           guint      *status)
{
  return sandbox_test_call_json (fixture->sandbox, service, target, body, status);
}

/* A CodePipeline call that must succeed. */
static JsonObject *
pipeline_call (Fixture    *fixture,
               const char *operation,
               const char *body)
{
  g_autofree char *target = g_strdup_printf ("CodePipeline_20150709.%s", operation);
  JsonObject *reply;
  guint status = 0;

  reply = send_json (fixture, "codepipeline", target, body, &status);
  if (status != 200)
    g_error ("%s answered %u: %s", operation, status,
             json_object_get_string_member_with_default (reply, "message", "?"));
  return reply;
}

/* A CodePipeline call that must fail with @code and a message holding
 * @fragment. */
static void
expect_error (Fixture    *fixture,
              const char *operation,
              const char *body,
              const char *code,
              const char *fragment)
{
  g_autofree char *target = g_strdup_printf ("CodePipeline_20150709.%s", operation);
  g_autoptr(JsonObject) reply = NULL;
  const char *type, *message;
  guint status = 0;

  reply = send_json (fixture, "codepipeline", target, body, &status);
  type = json_object_get_string_member_with_default (reply, "__type", "");
  message = json_object_get_string_member_with_default (reply, "message", "");
  g_test_message ("%s → %u %s: %s", body, status, type, message);
  g_assert_cmpuint (status, ==, 400);
  g_assert_true (g_str_has_suffix (type, code));
  if (strstr (message, fragment) == NULL)
    g_error ("message “%s” lacks “%s”", message, fragment);
}

static gboolean
on_tick_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_tick_cb, &done);
  pd_test_wait_for_flag (&done, ms + 5000);
}

static char *
start (Fixture    *fixture,
       const char *body)
{
  g_autoptr(JsonObject) reply = pipeline_call (fixture, "StartPipelineExecution", body);

  return g_strdup (json_object_get_string_member (reply, "pipelineExecutionId"));
}

static JsonObject *
get_execution (Fixture    *fixture,
               const char *pipeline,
               const char *id)
{
  g_autofree char *body = g_strdup_printf ("{\"pipelineName\":\"%s\",\"pipelineExecutionId\":"
                                           "\"%s\"}", pipeline, id);
  g_autoptr(JsonObject) reply = pipeline_call (fixture, "GetPipelineExecution", body);

  return json_object_ref (json_object_get_object_member (reply, "pipelineExecution"));
}

static guint
count_executions (Fixture    *fixture,
                  const char *pipeline)
{
  g_autofree char *body = g_strdup_printf ("{\"pipelineName\":\"%s\"}", pipeline);
  g_autoptr(JsonObject) reply = pipeline_call (fixture, "ListPipelineExecutions", body);

  return json_array_get_length (json_object_get_array_member (reply,
                                                              "pipelineExecutionSummaries"));
}

/* The resolved variables of an execution, as name → value. */
static GHashTable *
resolved_variables (JsonObject *execution)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *variables;

  if (!json_object_has_member (execution, "variables"))
    return table;
  variables = json_object_get_array_member (execution, "variables");
  for (guint i = 0; i < json_array_get_length (variables); i++)
    {
      JsonObject *variable = json_array_get_object_element (variables, i);

      g_hash_table_insert (table, g_strdup (json_object_get_string_member (variable, "name")),
                           g_strdup (json_object_get_string_member (variable, "resolvedValue")));
    }
  return table;
}

/* The newest action execution of @action in execution @id, or NULL. */
static JsonObject *
find_action_execution (Fixture    *fixture,
                       const char *pipeline,
                       const char *id,
                       const char *action)
{
  g_autofree char *body = g_strdup_printf ("{\"pipelineName\":\"%s\",\"filter\":"
                                           "{\"pipelineExecutionId\":\"%s\"}}", pipeline, id);
  g_autoptr(JsonObject) reply = pipeline_call (fixture, "ListActionExecutions", body);
  JsonArray *details = json_object_get_array_member (reply, "actionExecutionDetails");

  for (guint i = 0; i < json_array_get_length (details); i++)
    {
      JsonObject *detail = json_array_get_object_element (details, i);

      if (g_str_equal (json_object_get_string_member (detail, "actionName"), action))
        return json_object_ref (detail);
    }
  return NULL;
}

static JsonObject *
wait_for_action (Fixture    *fixture,
                 const char *pipeline,
                 const char *id,
                 const char *action,
                 const char *status)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  for (;;)
    {
      g_autoptr(JsonObject) detail = find_action_execution (fixture, pipeline, id, action);

      if (detail != NULL && (status == NULL
                             || g_str_equal (json_object_get_string_member (detail, "status"),
                                             status)))
        return g_steal_pointer (&detail);
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s of %s", action, id);
      wait_ms (20);
    }
}

/* The EnvironmentVariables configuration of a CodeBuild action, parsed:
 * the value of its only variable, named @name. */
static char *
environment_value (JsonObject *configuration,
                   const char *name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *first;

  json_parser_load_from_data (parser,
                              json_object_get_string_member (configuration,
                                                             "EnvironmentVariables"),
                              -1, &error);
  g_assert_no_error (error);
  first = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "PLAINTEXT");
  return g_strdup (json_object_get_string_member (first, "value"));
}

static void
test_variables_round_trip (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) pipeline = NULL;
  g_autoptr(JsonObject) execution = NULL;
  g_autoptr(JsonObject) seeded = NULL;
  g_autoptr(JsonObject) deploy = NULL;
  g_autoptr(JsonObject) unit_tests = NULL;
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(GHashTable) variables = NULL;
  g_autoptr(GHashTable) defaults = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *declared = NULL;
  JsonArray *declarations;
  JsonObject *input;
  const char *seeded_id;

  /* The declaration: three variables with defaults and descriptions. */
  pipeline = pipeline_call (fixture, "GetPipeline", "{\"name\":\"todo-list-aws\"}");
  declarations = json_object_get_array_member (json_object_get_object_member (pipeline,
                                                                               "pipeline"),
                                                "variables");
  g_assert_cmpuint (json_array_get_length (declarations), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (declarations, 0),
                                                  "name"), ==, "DEPLOY_ENV");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (declarations, 0),
                                                  "defaultValue"), ==, "staging");
  g_assert_true (json_object_has_member (json_array_get_object_element (declarations, 1),
                                         "description"));

  /* A seeded run resolved every variable to its default. */
  list = pipeline_call (fixture, "ListPipelineExecutions",
                        "{\"pipelineName\":\"todo-list-aws\",\"maxResults\":1}");
  seeded_id = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (list,
                                                                 "pipelineExecutionSummaries"),
                                   0), "pipelineExecutionId");
  seeded = get_execution (fixture, "todo-list-aws", seeded_id);
  defaults = resolved_variables (seeded);
  g_assert_cmpuint (g_hash_table_size (defaults), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (defaults, "DEPLOY_ENV"), ==, "staging");
  g_assert_cmpstr (g_hash_table_lookup (defaults, "SNYK_MONITOR"), ==, "true");
  g_assert_cmpstr (g_hash_table_lookup (defaults, "HYPOTHESIS_PROFILE"), ==, "ci");

  /* Given values win, the rest keep their defaults; quotes survive. */
  id = start (fixture, "{\"name\":\"todo-list-aws\",\"clientRequestToken\":\"release-1\","
              "\"variables\":[{\"name\":\"DEPLOY_ENV\",\"value\":\"qa \\\"eu\\\"\"},"
              "{\"name\":\"HYPOTHESIS_PROFILE\",\"value\":\"thorough\"}]}");
  execution = get_execution (fixture, "todo-list-aws", id);
  variables = resolved_variables (execution);
  g_assert_cmpuint (g_hash_table_size (variables), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (variables, "DEPLOY_ENV"), ==, "qa \"eu\"");
  g_assert_cmpstr (g_hash_table_lookup (variables, "HYPOTHESIS_PROFILE"), ==, "thorough");
  g_assert_cmpstr (g_hash_table_lookup (variables, "SNYK_MONITOR"), ==, "true");

  /* The same idempotency token names the same run. */
  again = start (fixture, "{\"name\":\"todo-list-aws\",\"clientRequestToken\":\"release-1\","
                 "\"variables\":[{\"name\":\"DEPLOY_ENV\",\"value\":\"qa\"}]}");
  g_assert_cmpstr (again, ==, id);

  /* The actions get the resolved values; the declaration keeps the
   * reference. The seed lets this run through to the deploy. */
  unit_tests = wait_for_action (fixture, "todo-list-aws", id, "UnitTests", NULL);
  input = json_object_get_object_member (unit_tests, "input");
  profile = environment_value (json_object_get_object_member (input, "resolvedConfiguration"),
                               "HYPOTHESIS_PROFILE");
  declared = environment_value (json_object_get_object_member (input, "configuration"),
                                "HYPOTHESIS_PROFILE");
  g_assert_cmpstr (profile, ==, "thorough");
  g_assert_cmpstr (declared, ==, "#{variables.HYPOTHESIS_PROFILE}");
  deploy = wait_for_action (fixture, "todo-list-aws", id, "DeployStaging", NULL);
  stage = environment_value (json_object_get_object_member (json_object_get_object_member (deploy,
                                                                                           "input"),
                                                            "resolvedConfiguration"),
                             "STAGE");
  g_assert_cmpstr (stage, ==, "qa \"eu\"");
}

static void
test_variables_errors (Fixture       *fixture,
                       gconstpointer  data)
{
  static const struct
  {
    const char *body;
    const char *fragment;
  } shapes[] = {
    { "{\"name\":\"todo-list-aws\",\"variables\":[]}",
      "Value '[]' at 'variables' failed to satisfy constraint: Member must have length greater "
      "than or equal to 1" },
    { "{\"name\":\"todo-list-aws\",\"variables\":{\"DEPLOY_ENV\":\"qa\"}}",
      "at 'variables' failed to satisfy constraint: Member must be a list" },
    { "{\"name\":\"todo-list-aws\",\"variables\":[\"DEPLOY_ENV=qa\"]}",
      "at 'variables.1.member' failed to satisfy constraint: Member must be a structure" },
    { "{\"name\":\"todo-list-aws\",\"variables\":[{\"value\":\"qa\"}]}",
      "Value null at 'variables.1.member.name' failed to satisfy constraint: Member must not "
      "be null" },
    { "{\"name\":\"todo-list-aws\",\"variables\":[{\"name\":\"DEPLOY_ENV\"}]}",
      "Value null at 'variables.1.member.value' failed to satisfy constraint: Member must not "
      "be null" },
    { "{\"name\":\"todo-list-aws\",\"variables\":[{\"name\":\"DEPLOY_ENV\",\"value\":\"qa\"},"
      "{\"name\":\"deploy env\",\"value\":\"qa\"}]}",
      "Value 'deploy env' at 'variables.2.member.name' failed to satisfy constraint: Member "
      "must satisfy regular expression pattern: [A-Za-z0-9@\\-_]+" },
    { "{\"name\":\"todo-list-aws\",\"variables\":[{\"name\":\"DEPLOY.ENV\",\"value\":\"qa\"}]}",
      "at 'variables.1.member.name' failed to satisfy constraint: Member must satisfy regular "
      "expression pattern" },
    { "{\"name\":\"todo-list-aws\",\"variables\":[{\"name\":\"DEPLOY_ENV\",\"value\":\"\"}]}",
      "Value '' at 'variables.1.member.value' failed to satisfy constraint: Member must have "
      "length greater than or equal to 1" },
    { "{\"name\":\"todo-list-aws\",\"variables\":[{\"name\":\"DEPLOY_ENV\",\"value\":7}]}",
      "Value '7' at 'variables.1.member.value' failed to satisfy constraint: Member must be a "
      "string" },
  };
  g_autoptr(GString) body = NULL;
  guint before, after;

  before = count_executions (fixture, "todo-list-aws");

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    expect_error (fixture, "StartPipelineExecution", shapes[i].body, "ValidationException",
                  shapes[i].fragment);

  /* Lengths: a 129-character name, a 1001-character value, 51 variables;
   * two bad members give two errors in one answer. */
  body = g_string_new ("{\"name\":\"todo-list-aws\",\"variables\":[{\"name\":\"");
  for (guint i = 0; i < 129; i++)
    g_string_append_c (body, 'N');
  g_string_append (body, "\",\"value\":\"");
  for (guint i = 0; i < 1001; i++)
    g_string_append_c (body, 'v');
  g_string_append (body, "\"}]}");
  expect_error (fixture, "StartPipelineExecution", body->str, "ValidationException",
                "2 validation errors detected");
  expect_error (fixture, "StartPipelineExecution", body->str, "ValidationException",
                "at 'variables.1.member.name' failed to satisfy constraint: Member must have "
                "length less than or equal to 128");
  expect_error (fixture, "StartPipelineExecution", body->str, "ValidationException",
                "at 'variables.1.member.value' failed to satisfy constraint: Member must have "
                "length less than or equal to 1000");
  g_string_assign (body, "{\"name\":\"todo-list-aws\",\"variables\":[");
  for (guint i = 0; i < 51; i++)
    g_string_append_printf (body, "%s{\"name\":\"V%u\",\"value\":\"x\"}", i > 0 ? "," : "", i);
  g_string_append (body, "]}");
  expect_error (fixture, "StartPipelineExecution", body->str, "ValidationException",
                "at 'variables' failed to satisfy constraint: Member must have length less than "
                "or equal to 50");

  /* Names the pipeline does not declare, twice the same name. */
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"variables\":[{\"name\":\"STAGE\","
                "\"value\":\"qa\"}]}",
                "ValidationException",
                "Pipeline variable 'STAGE' is not declared in pipeline 'todo-list-aws'");
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"variables\":[{\"name\":\"DEPLOY_ENV\",\"value\":"
                "\"qa\"},{\"name\":\"DEPLOY_ENV\",\"value\":\"prod\"}]}",
                "ValidationException", "Duplicate pipeline variable name: DEPLOY_ENV");

  /* The pipeline is looked up before its variables are. */
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"no-such-pipeline\",\"variables\":[{\"name\":\"A\",\"value\":\"b\"}]}",
                "PipelineNotFoundException", "does not have a pipeline with name "
                "'no-such-pipeline'");

  /* None of these started a run. */
  after = count_executions (fixture, "todo-list-aws");
  g_assert_cmpuint (after, ==, before);
}

static void
test_variables_v1 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) pipeline = NULL;
  g_autoptr(JsonObject) execution = NULL;
  g_autofree char *id = NULL;
  guint before;

  /* todo-list-notifications is a V1 pipeline. */
  pipeline = pipeline_call (fixture, "GetPipeline", "{\"name\":\"todo-list-notifications\"}");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pipeline,
                                                                                 "pipeline"),
                                                  "pipelineType"), ==, "V1");
  g_assert_false (json_object_has_member (json_object_get_object_member (pipeline, "pipeline"),
                                          "variables"));
  before = count_executions (fixture, "todo-list-notifications");
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-notifications\",\"variables\":[{\"name\":\"STAGE\","
                "\"value\":\"qa\"}]}",
                "ValidationException",
                "Pipeline variables are only supported by pipelines of type V2; pipeline "
                "'todo-list-notifications' is of type V1.");
  g_assert_cmpuint (count_executions (fixture, "todo-list-notifications"), ==, before);

  /* Without variables it starts, and its runs resolve none. */
  id = start (fixture, "{\"name\":\"todo-list-notifications\"}");
  execution = get_execution (fixture, "todo-list-notifications", id);
  g_assert_false (json_object_has_member (execution, "variables"));
  g_assert_cmpuint (count_executions (fixture, "todo-list-notifications"), ==, before + 1);
}

/* The commit of the @index-th newest run of todo-list-aws. */
static char *
older_commit (Fixture *fixture,
              guint    index)
{
  g_autoptr(JsonObject) list = pipeline_call (fixture, "ListPipelineExecutions",
                                              "{\"pipelineName\":\"todo-list-aws\"}");
  JsonObject *summary = json_array_get_object_element (
    json_object_get_array_member (list, "pipelineExecutionSummaries"), index);
  JsonObject *revision = json_array_get_object_element (
    json_object_get_array_member (summary, "sourceRevisions"), 0);

  return g_strdup (json_object_get_string_member (revision, "revisionId"));
}

static void
test_source_revisions (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) execution = NULL;
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(JsonObject) missing_source = NULL;
  g_autoptr(JsonObject) missing = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GString) body = NULL;
  g_autofree char *commit = older_commit (fixture, 5);
  g_autofree char *newest = older_commit (fixture, 0);
  g_autofree char *id = NULL;
  g_autofree char *missing_id = NULL;
  g_autofree char *request = NULL;
  JsonObject *summary, *revision, *details, *source_state;
  guint before;

  g_assert_cmpstr (commit, !=, newest);
  before = count_executions (fixture, "todo-list-aws");

  /* Shapes. */
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"actionName\":\"Source\","
                "\"revisionType\":\"GIT_SHA\",\"revisionValue\":\"abc\"}]}",
                "ValidationException",
                "Value 'GIT_SHA' at 'sourceRevisions.1.member.revisionType' failed to satisfy "
                "constraint: Member must satisfy enum value set: [COMMIT_ID, IMAGE_DIGEST, "
                "S3_OBJECT_VERSION_ID, S3_OBJECT_KEY]");
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[7]}",
                "ValidationException",
                "Value at 'sourceRevisions.1.member' failed to satisfy constraint: Member must be "
                "a structure");
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"revisionType\":"
                "\"COMMIT_ID\",\"revisionValue\":\"abc\"}]}",
                "ValidationException",
                "Value null at 'sourceRevisions.1.member.actionName' failed to satisfy "
                "constraint: Member must not be null");
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"actionName\":\"Source\","
                "\"revisionType\":\"COMMIT_ID\",\"revisionValue\":\"\"}]}",
                "ValidationException",
                "Value '' at 'sourceRevisions.1.member.revisionValue' failed to satisfy "
                "constraint: Member must have length greater than or equal to 1");
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"actionName\":\"Source Code\","
                "\"revisionType\":\"COMMIT_ID\",\"revisionValue\":\"abc\"}]}",
                "ValidationException",
                "at 'sourceRevisions.1.member.actionName' failed to satisfy constraint: Member "
                "must satisfy regular expression pattern");
  body = g_string_new ("{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"actionName\":"
                       "\"Source\",\"revisionType\":\"COMMIT_ID\",\"revisionValue\":\"");
  for (guint i = 0; i < 1501; i++)
    g_string_append_c (body, 'a');
  g_string_append (body, "\"}]}");
  expect_error (fixture, "StartPipelineExecution", body->str, "ValidationException",
                "at 'sourceRevisions.1.member.revisionValue' failed to satisfy constraint: "
                "Member must have length less than or equal to 1500");
  g_string_assign (body, "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[");
  for (guint i = 0; i < 51; i++)
    g_string_append_printf (body, "%s{\"actionName\":\"Source\",\"revisionType\":\"COMMIT_ID\","
                            "\"revisionValue\":\"%s\"}", i > 0 ? "," : "", commit);
  g_string_append (body, "]}");
  expect_error (fixture, "StartPipelineExecution", body->str, "ValidationException",
                "at 'sourceRevisions' failed to satisfy constraint: Member must have length "
                "less than or equal to 50");

  /* Meaning: only source actions of this pipeline, once each, with a type
   * CodeCommit has. */
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"actionName\":\"Checkout\","
                "\"revisionType\":\"COMMIT_ID\",\"revisionValue\":\"abc\"}]}",
                "ValidationException", "Action 'Checkout' does not exist in pipeline "
                "'todo-list-aws'");
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"actionName\":\"Package\","
                "\"revisionType\":\"COMMIT_ID\",\"revisionValue\":\"abc\"}]}",
                "ValidationException", "Action 'Package' is not a source action");
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"actionName\":\"Source\","
                "\"revisionType\":\"IMAGE_DIGEST\",\"revisionValue\":\"sha256:abc\"}]}",
                "ValidationException", "Revision type IMAGE_DIGEST is not supported by action "
                "'Source' of provider CodeCommit");
  expect_error (fixture, "StartPipelineExecution",
                "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"actionName\":\"Source\","
                "\"revisionType\":\"COMMIT_ID\",\"revisionValue\":\"abc\"},{\"actionName\":"
                "\"Source\",\"revisionType\":\"COMMIT_ID\",\"revisionValue\":\"def\"}]}",
                "ValidationException", "Duplicate source revision override for action 'Source'");
  g_assert_cmpuint (count_executions (fixture, "todo-list-aws"), ==, before);

  /* A COMMIT_ID override is the run's source revision everywhere. */
  request = g_strdup_printf ("{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"actionName\":"
                             "\"Source\",\"revisionType\":\"COMMIT_ID\",\"revisionValue\":"
                             "\"%s\"}]}", commit);
  id = start (fixture, request);
  execution = get_execution (fixture, "todo-list-aws", id);
  revision = json_array_get_object_element (json_object_get_array_member (execution,
                                                                          "artifactRevisions"), 0);
  g_assert_cmpstr (json_object_get_string_member (revision, "revisionId"), ==, commit);
  g_assert_true (json_object_has_member (revision, "revisionSummary"));
  list = pipeline_call (fixture, "ListPipelineExecutions",
                        "{\"pipelineName\":\"todo-list-aws\",\"maxResults\":1}");
  summary = json_array_get_object_element (
    json_object_get_array_member (list, "pipelineExecutionSummaries"), 0);
  g_assert_cmpstr (json_object_get_string_member (summary, "pipelineExecutionId"), ==, id);
  revision = json_array_get_object_element (json_object_get_array_member (summary,
                                                                          "sourceRevisions"), 0);
  g_assert_cmpstr (json_object_get_string_member (revision, "actionName"), ==, "Source");
  g_assert_cmpstr (json_object_get_string_member (revision, "revisionId"), ==, commit);
  source = wait_for_action (fixture, "todo-list-aws", id, "Source", "Succeeded");
  g_assert_nonnull (source);
  state = pipeline_call (fixture, "GetPipelineState", "{\"name\":\"todo-list-aws\"}");
  source_state = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (
      json_object_get_array_member (state, "stageStates"), 0), "actionStates"), 0);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (source_state, "latestExecution"),
                     "actionExecutionId"), ==,
                   json_object_get_string_member (source, "actionExecutionId"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (source_state, "currentRevision"),
                     "revisionId"), ==, commit);

  /* A commit the repository does not have fails the Source action. */
  missing_id = start (fixture, "{\"name\":\"todo-list-aws\",\"sourceRevisions\":[{\"actionName\":"
                      "\"Source\",\"revisionType\":\"COMMIT_ID\",\"revisionValue\":"
                      "\"0000000000000000000000000000000000000000\"}]}");
  missing_source = wait_for_action (fixture, "todo-list-aws", missing_id, "Source", "Failed");
  details = json_object_get_object_member (json_object_get_object_member (
    json_object_get_object_member (missing_source, "output"), "executionResult"), "errorDetails");
  g_assert_nonnull (strstr (json_object_get_string_member (details, "message"),
                            "0000000000000000000000000000000000000000"));
  missing = get_execution (fixture, "todo-list-aws", missing_id);
  g_assert_cmpstr (json_object_get_string_member (missing, "status"), ==, "Failed");
  revision = json_array_get_object_element (json_object_get_array_member (missing,
                                                                          "artifactRevisions"), 0);
  g_assert_cmpstr (json_object_get_string_member (revision, "revisionId"), ==,
                   "0000000000000000000000000000000000000000");
}

/* The seeded world. */

typedef struct
{
  guint pipelines;
  guint builds;
  guint failed_builds;
  guint running_builds;
  guint failed_runs;
} Walk;

static const char *
expected_build_status (const char *action_status)
{
  if (g_str_equal (action_status, "Succeeded"))
    return "SUCCEEDED";
  if (g_str_equal (action_status, "Failed"))
    return "FAILED";
  if (g_str_equal (action_status, "InProgress"))
    return "IN_PROGRESS";
  if (g_str_equal (action_status, "Abandoned"))
    return "STOPPED";
  g_error ("unexpected action status %s", action_status);
  return NULL;
}

/* The last events of a build's log, newest last. */
static char *
log_tail (Fixture    *fixture,
          JsonObject *build)
{
  JsonObject *logs = json_object_get_object_member (build, "logs");
  g_autofree char *body = g_strdup_printf ("{\"logGroupName\":\"%s\",\"logStreamName\":\"%s\","
                                           "\"startFromHead\":false,\"limit\":25}",
                                           json_object_get_string_member (logs, "groupName"),
                                           json_object_get_string_member (logs, "streamName"));
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *events;
  guint status = 0;

  reply = send_json (fixture, "logs", "Logs_20140328.GetLogEvents", body, &status);
  g_assert_cmpuint (status, ==, 200);
  events = json_object_get_array_member (reply, "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    g_string_append_printf (text, "%s\n",
                            json_object_get_string_member (json_array_get_object_element (events,
                                                                                          i),
                                                           "message"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* An action execution with a CodeBuild build: the build's status, its
 * failed phase and its log agree with the action's status. */
static void
check_build (Fixture    *fixture,
             const char *where,
             JsonObject *detail,
             Walk       *walk)
{
  JsonObject *result = json_object_get_object_member (json_object_get_object_member (detail,
                                                                                     "output"),
                                                      "executionResult");
  const char *status = json_object_get_string_member (detail, "status");
  const char *build_id;
  g_autofree char *body = NULL;
  g_autofree char *tail = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *build;
  JsonArray *phases;
  guint failed_phases = 0;
  guint code = 0;

  if (!json_object_has_member (result, "externalExecutionId"))
    return;
  build_id = json_object_get_string_member (result, "externalExecutionId");
  body = g_strdup_printf ("{\"ids\":[\"%s\"]}", build_id);
  reply = send_json (fixture, "codebuild", "CodeBuild_20161006.BatchGetBuilds", body, &code);
  g_assert_cmpuint (code, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "builds")), ==, 1);
  build = json_array_get_object_element (json_object_get_array_member (reply, "builds"), 0);
  walk->builds++;

  if (g_strcmp0 (json_object_get_string_member (build, "buildStatus"),
                 expected_build_status (status)) != 0)
    g_error ("%s: action %s but build %s says %s", where, status, build_id,
             json_object_get_string_member (build, "buildStatus"));

  phases = json_object_get_array_member (build, "phases");
  for (guint i = 0; i < json_array_get_length (phases); i++)
    {
      JsonObject *phase = json_array_get_object_element (phases, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (phase, "phaseStatus", ""),
                     "FAILED") == 0)
        failed_phases++;
    }

  tail = log_tail (fixture, build);
  if (g_str_equal (status, "Failed"))
    {
      JsonObject *error = json_object_get_object_member (result, "errorDetails");

      walk->failed_builds++;
      g_assert_cmpuint (failed_phases, ==, 1);
      g_assert_true (json_object_get_boolean_member (build, "buildComplete"));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (json_object_get_string_member (error, "message"),
                                "Build terminated with state: FAILED"));
      if (strstr (tail, "Phase complete: BUILD State: FAILED") == NULL)
        g_error ("%s: the log of failed build %s does not end with its failure:\n%s", where,
                 build_id, tail);
      g_assert_null (strstr (tail, "Phase complete: BUILD State: SUCCEEDED"));
    }
  else if (g_str_equal (status, "Succeeded"))
    {
      g_assert_cmpuint (failed_phases, ==, 0);
      g_assert_false (json_object_has_member (result, "errorDetails"));
      g_assert_nonnull (strstr (tail, "Phase complete: BUILD State: SUCCEEDED"));
      g_assert_null (strstr (tail, "State: FAILED"));
    }
  else if (g_str_equal (status, "InProgress"))
    {
      walk->running_builds++;
      g_assert_cmpuint (failed_phases, ==, 0);
      g_assert_false (json_object_get_boolean_member (build, "buildComplete"));
    }
}

static void
check_pipeline (Fixture    *fixture,
                const char *name,
                Walk       *walk)
{
  g_autofree char *list_body = g_strdup_printf ("{\"pipelineName\":\"%s\",\"maxResults\":1}", name);
  g_autofree char *state_body = g_strdup_printf ("{\"name\":\"%s\"}", name);
  g_autofree char *actions_body = NULL;
  g_autoptr(JsonObject) list = pipeline_call (fixture, "ListPipelineExecutions", list_body);
  g_autoptr(JsonObject) state = pipeline_call (fixture, "GetPipelineState", state_body);
  g_autoptr(JsonObject) actions = NULL;
  g_autoptr(JsonObject) execution = NULL;
  JsonObject *latest = json_array_get_object_element (
    json_object_get_array_member (list, "pipelineExecutionSummaries"), 0);
  const char *id = json_object_get_string_member (latest, "pipelineExecutionId");
  const char *status = json_object_get_string_member (latest, "status");
  JsonArray *stages = json_object_get_array_member (state, "stageStates");
  JsonArray *details;
  guint failed_stages = 0, succeeded_stages = 0, failed_actions = 0;

  walk->pipelines++;
  execution = get_execution (fixture, name, id);
  g_assert_cmpstr (json_object_get_string_member (execution, "status"), ==, status);
  if (g_str_equal (status, "Failed"))
    walk->failed_runs++;

  actions_body = g_strdup_printf ("{\"pipelineName\":\"%s\",\"filter\":{\"pipelineExecutionId\":"
                                  "\"%s\"}}", name, id);
  actions = pipeline_call (fixture, "ListActionExecutions", actions_body);
  details = json_object_get_array_member (actions, "actionExecutionDetails");

  /* Each stage the latest run reached: the state's actions are the newest
   * action executions of that run, and their builds agree. */
  for (guint k = 0; k < json_array_get_length (stages); k++)
    {
      JsonObject *stage = json_array_get_object_element (stages, k);
      const char *stage_name = json_object_get_string_member (stage, "stageName");
      JsonObject *stage_latest;
      JsonArray *action_states;
      const char *stage_status;

      if (!json_object_has_member (stage, "latestExecution"))
        continue;
      stage_latest = json_object_get_object_member (stage, "latestExecution");
      if (!g_str_equal (json_object_get_string_member (stage_latest, "pipelineExecutionId"), id))
        continue;
      stage_status = json_object_get_string_member (stage_latest, "status");
      if (g_str_equal (stage_status, "Failed"))
        failed_stages++;
      if (g_str_equal (stage_status, "Succeeded"))
        succeeded_stages++;

      action_states = json_object_get_array_member (stage, "actionStates");
      for (guint a = 0; a < json_array_get_length (action_states); a++)
        {
          JsonObject *action = json_array_get_object_element (action_states, a);
          const char *action_name = json_object_get_string_member (action, "actionName");
          g_autofree char *where = g_strdup_printf ("%s/%s/%s", name, stage_name, action_name);
          JsonObject *action_latest, *detail = NULL;
          const char *action_status;

          if (!json_object_has_member (action, "latestExecution"))
            continue;
          action_latest = json_object_get_object_member (action, "latestExecution");
          action_status = json_object_get_string_member (action_latest, "status");
          for (guint d = 0; d < json_array_get_length (details) && detail == NULL; d++)
            {
              JsonObject *candidate = json_array_get_object_element (details, d);

              if (g_str_equal (json_object_get_string_member (candidate, "stageName"), stage_name)
                  && g_str_equal (json_object_get_string_member (candidate, "actionName"),
                                  action_name))
                detail = candidate;
            }
          if (detail == NULL)
            g_error ("%s: in the state but not in ListActionExecutions", where);
          g_assert_cmpstr (json_object_get_string_member (detail, "actionExecutionId"), ==,
                           json_object_get_string_member (action_latest, "actionExecutionId"));
          g_assert_cmpstr (json_object_get_string_member (detail, "status"), ==, action_status);
          if (json_object_has_member (action_latest, "externalExecutionId"))
            g_assert_cmpstr (json_object_get_string_member (action_latest, "externalExecutionId"),
                             ==,
                             json_object_get_string_member (
                               json_object_get_object_member (
                                 json_object_get_object_member (detail, "output"),
                                 "executionResult"),
                               "externalExecutionId"));
          if (g_str_equal (action_status, "Failed"))
            {
              failed_actions++;
              g_assert_true (json_object_has_member (action_latest, "errorDetails"));
              g_assert_cmpstr (stage_status, ==, "Failed");
            }
          if (g_str_equal (stage_status, "Succeeded"))
            g_assert_cmpstr (action_status, ==, "Succeeded");
        }
    }

  /* Every action execution of the run, not only the newest of each. */
  for (guint d = 0; d < json_array_get_length (details); d++)
    {
      JsonObject *detail = json_array_get_object_element (details, d);
      g_autofree char *where = g_strdup_printf ("%s/%s", name,
                                                json_object_get_string_member (detail,
                                                                               "actionName"));

      check_build (fixture, where, detail, walk);
    }

  g_test_message ("%s: %s, %u stages succeeded, %u failed", name, status, succeeded_stages,
                  failed_stages);
  if (g_str_equal (status, "Failed"))
    {
      g_assert_cmpuint (failed_stages, ==, 1);
      g_assert_cmpuint (failed_actions, >=, 1);
    }
  else
    {
      g_assert_cmpuint (failed_stages, ==, 0);
    }
  if (g_str_equal (status, "Succeeded"))
    g_assert_cmpuint (succeeded_stages, ==, json_array_get_length (stages));
}

static void
test_seeded_consistency (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) list = pipeline_call (fixture, "ListPipelines", "{}");
  JsonArray *pipelines = json_object_get_array_member (list, "pipelines");
  Walk walk = { 0, };

  for (guint i = 0; i < json_array_get_length (pipelines); i++)
    check_pipeline (fixture,
                    json_object_get_string_member (json_array_get_object_element (pipelines, i),
                                                   "name"),
                    &walk);

  g_test_message ("%u pipelines, %u builds (%u failed, %u running), %u failed runs",
                  walk.pipelines, walk.builds, walk.failed_builds, walk.running_builds,
                  walk.failed_runs);
  g_assert_cmpuint (walk.pipelines, ==, 13);
  /* The two pipelines seeded as failed, and whatever the seed fails. */
  g_assert_cmpuint (walk.failed_runs, >=, 2);
  g_assert_cmpuint (walk.failed_builds, >=, walk.failed_runs);
}

int
main (int   argc,
      char *argv[])
{
  static Setup through = { 0, RUN_SPEED };
  static Setup seeded[4];
  static const char * const seeded_names[] = {
    "/pd/sandbox/runs/seeded/consistent",
    "/pd/sandbox/runs/seeded/consistent-unit-tests-failed",
    "/pd/sandbox/runs/seeded/consistent-security-failed",
    "/pd/sandbox/runs/seeded/consistent-infra-failed",
  };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Run 21 of todo-list-aws (the first one started) goes through. The
   * seeded walks run with simulated time almost stopped, so that nothing
   * changes between the calls of a walk however slow the machine (or a
   * sanitizer), with the latest seeded run (20) passing or failing. */
  through.seed = pd_test_sandbox_find_seed ("todo-list-aws", 21, NULL);
  seeded[0].seed = pd_test_sandbox_find_seed ("todo-list-aws", 20, NULL);
  seeded[1].seed = pd_test_sandbox_find_seed ("todo-list-aws", 20, "UnitTests");
  seeded[2].seed = pd_test_sandbox_find_seed ("todo-list-aws", 20, "Security");
  seeded[3].seed = pd_test_sandbox_find_seed ("todo-list-infra", 20, "TerraformApply");
  for (guint i = 0; i < G_N_ELEMENTS (seeded); i++)
    seeded[i].speed = 0.001;

#define ADD(path, func, setup) \
  g_test_add (path, Fixture, &setup, fixture_setup, func, fixture_teardown)

  ADD ("/pd/sandbox/runs/variables/round-trip", test_variables_round_trip, through);
  ADD ("/pd/sandbox/runs/variables/errors", test_variables_errors, through);
  ADD ("/pd/sandbox/runs/variables/v1-refuses", test_variables_v1, through);
  ADD ("/pd/sandbox/runs/source-revisions", test_source_revisions, through);
  for (guint i = 0; i < G_N_ELEMENTS (seeded); i++)
    ADD (seeded_names[i], test_seeded_consistency, seeded[i]);

#undef ADD

  return g_test_run ();
}
