/* test-codepipeline.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-codepipeline-private.h"
#include "pd-aws-codepipeline.h"
#include "pd-aws-error.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

#define WAIT_MS 20000

typedef struct
{
  PdTestSandbox *sandbox;
  PdAwsClient   *client;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->sandbox = pd_test_sandbox_new (300.0, 7, 16);
  fixture->client = fixture->sandbox->client;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  g_assert_true (pd_test_wait_until (has_result, slot, WAIT_MS));
  return *slot;
}

static JsonObject *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GError *error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static PdAwsPipelineState *
get_state (Fixture    *fixture,
           const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  PdAwsPipelineState *state;
  GError *error = NULL;

  pd_aws_codepipeline_get_pipeline_state_async (fixture->client, name, NULL, on_result_cb, &result);
  state = pd_aws_codepipeline_get_pipeline_state_finish (fixture->client, await (&result), &error);
  g_assert_no_error (error);
  return state;
}

static void
test_list_pipelines (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  gboolean seen_aws = FALSE, seen_infra = FALSE;
  GError *error = NULL;

  pd_aws_codepipeline_list_pipelines_async (fixture->client, NULL, on_result_cb, &result);
  pipelines = pd_aws_codepipeline_list_pipelines_finish (fixture->client, await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pipelines->len, >=, 13);

  for (guint i = 0; i < pipelines->len; i++)
    {
      PdAwsPipelineSummary *summary = g_ptr_array_index (pipelines, i);

      g_assert_nonnull (summary->created);
      g_assert_cmpint (summary->version, ==, 1);
      g_assert_cmpint (summary->pipeline_type, !=, PD_AWS_PIPELINE_TYPE_UNKNOWN);
      if (g_str_equal (summary->name, "todo-list-aws"))
        {
          seen_aws = TRUE;
          g_assert_cmpint (summary->pipeline_type, ==, PD_AWS_PIPELINE_TYPE_V2);
          g_assert_cmpint (summary->execution_mode, ==, PD_AWS_EXECUTION_MODE_SUPERSEDED);
        }
      if (g_str_equal (summary->name, "todo-list-infra"))
        {
          seen_infra = TRUE;
          g_assert_cmpint (summary->execution_mode, ==, PD_AWS_EXECUTION_MODE_QUEUED);
          g_assert_cmpstr (summary->execution_mode_raw, ==, "QUEUED");
        }
    }
  g_assert_true (seen_aws);
  g_assert_true (seen_infra);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.ListPipelines"), ==, 1);
}

static void
test_list_all_pages (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;

  /* More than one page of 1000 */
  pd_sandbox_add_pipelines (fixture->sandbox->sandbox, 1000);
  pd_aws_codepipeline_list_pipelines_async (fixture->client, NULL, on_result_cb, &result);
  pipelines = pd_aws_codepipeline_list_pipelines_finish (fixture->client, await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pipelines->len, ==, 1013);
  for (guint i = 0; i < pipelines->len; i++)
    g_hash_table_add (names, ((PdAwsPipelineSummary *) g_ptr_array_index (pipelines, i))->name);
  g_assert_cmpuint (g_hash_table_size (names), ==, 1013);
  g_assert_true (g_hash_table_contains (names, "load-1013"));
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.ListPipelines"), ==, 2);
}

static void
test_get_pipeline (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const stages[] = {
    "Source", "Build", "Test", "DeployStaging", "IntegrationTests", "Approval", "DeployProduction",
  };
  static const char * const tests[] = { "UnitTests", "Quality", "Security" };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdAwsPipelineDeclaration) pipeline = NULL;
  PdAwsStageDeclaration *stage;
  PdAwsActionDeclaration *action;
  GError *error = NULL;

  pd_aws_codepipeline_get_pipeline_async (fixture->client, "todo-list-aws", NULL, on_result_cb,
                                          &result);
  pipeline = pd_aws_codepipeline_get_pipeline_finish (fixture->client, await (&result), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (pipeline->name, ==, "todo-list-aws");
  g_assert_cmpint (pipeline->pipeline_type, ==, PD_AWS_PIPELINE_TYPE_V2);
  g_assert_cmpint (pipeline->execution_mode, ==, PD_AWS_EXECUTION_MODE_SUPERSEDED);
  g_assert_true (g_str_has_suffix (pipeline->arn, ":todo-list-aws"));
  g_assert_cmpuint (pipeline->stages->len, ==, G_N_ELEMENTS (stages));
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    g_assert_cmpstr (((PdAwsStageDeclaration *) g_ptr_array_index (pipeline->stages, i))->name,
                     ==, stages[i]);

  stage = g_ptr_array_index (pipeline->stages, 0);
  action = g_ptr_array_index (stage->actions, 0);
  g_assert_cmpint (action->category, ==, PD_AWS_ACTION_CATEGORY_SOURCE);
  g_assert_cmpstr (action->provider, ==, "CodeCommit");
  g_assert_cmpstr (action->output_artifacts[0], ==, "SourceArtifact");
  g_assert_cmpstr (g_hash_table_lookup (action->configuration, "BranchName"), ==, "main");

  stage = g_ptr_array_index (pipeline->stages, 2);
  g_assert_cmpuint (stage->actions->len, ==, G_N_ELEMENTS (tests));
  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      action = g_ptr_array_index (stage->actions, i);
      g_assert_cmpstr (action->name, ==, tests[i]);
      g_assert_cmpint (action->run_order, ==, 1);
      g_assert_cmpstr (action->provider, ==, "CodeBuild");
      g_assert_cmpstr (action->owner, ==, "AWS");
      g_assert_cmpstr (action->input_artifacts[0], ==, "SourceArtifact");
      g_assert_nonnull (g_hash_table_lookup (action->configuration, "ProjectName"));
    }

  stage = g_ptr_array_index (pipeline->stages, 5);
  action = g_ptr_array_index (stage->actions, 0);
  g_assert_cmpstr (action->name, ==, "ManualApproval");
  g_assert_cmpint (action->category, ==, PD_AWS_ACTION_CATEGORY_APPROVAL);
  g_assert_cmpstr (action->provider, ==, "Manual");
}

static void
test_get_pipeline_state (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PdAwsPipelineState) state = get_state (fixture, "todo-list-notifications");
  PdAwsStageState *deploy;

  g_assert_cmpstr (state->pipeline_name, ==, "todo-list-notifications");
  g_assert_cmpuint (state->stages->len, ==, 3);
  g_assert_false (((PdAwsStageState *) g_ptr_array_index (state->stages, 0))->has_inbound_transition);

  deploy = g_ptr_array_index (state->stages, 2);
  g_assert_cmpstr (deploy->stage_name, ==, "Deploy");
  g_assert_true (deploy->has_inbound_transition);
  g_assert_false (deploy->inbound_enabled);
  g_assert_cmpstr (deploy->disabled_reason, ==, "Release freeze until the 2.4 review");
  g_assert_nonnull (deploy->last_changed_at);
  g_assert_nonnull (deploy->inbound_execution_id);

  g_clear_pointer (&state, pd_aws_pipeline_state_free);
  state = get_state (fixture, "todo-list-authorizer");
  for (guint i = 0; i < state->stages->len; i++)
    {
      PdAwsStageState *stage = g_ptr_array_index (state->stages, i);
      PdAwsActionState *action = g_ptr_array_index (stage->actions, 0);

      g_assert_nonnull (stage->latest_execution_id);
      g_assert_nonnull (action->latest);
      g_assert_nonnull (action->latest->last_status_change);
      if (g_str_equal (stage->stage_name, "Source"))
        g_assert_nonnull (action->revision_id);
      if (g_str_equal (stage->stage_name, "Deploy"))
        {
          g_assert_cmpint (stage->latest_status, ==, PD_AWS_EXECUTION_STATUS_FAILED);
          g_assert_cmpint (action->latest->status, ==, PD_AWS_ACTION_STATUS_FAILED);
          g_assert_cmpstr (action->latest->error_code, ==, "JobFailed");
          g_assert_nonnull (action->latest->external_execution_id);
        }
    }
}

static void
test_executions_paging (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *token = NULL;
  g_autofree char *end = NULL;
  GError *error = NULL;

  pd_aws_codepipeline_list_pipeline_executions_async (fixture->client, "todo-list-aws", 5, 1,
                                                      NULL, NULL, on_result_cb, &result);
  first = pd_aws_codepipeline_list_pipeline_executions_finish (fixture->client, await (&result),
                                                               &token, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 5);
  g_assert_nonnull (token);
  g_clear_object (&result);

  pd_aws_codepipeline_list_pipeline_executions_async (fixture->client, "todo-list-aws", 5, 1,
                                                      token, NULL, on_result_cb, &result);
  second = pd_aws_codepipeline_list_pipeline_executions_finish (fixture->client, await (&result),
                                                                NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->len, ==, 5);
  for (guint i = 0; i < first->len; i++)
    for (guint j = 0; j < second->len; j++)
      g_assert_cmpstr (((PdAwsPipelineExecution *) g_ptr_array_index (first, i))->pipeline_execution_id,
                       !=,
                       ((PdAwsPipelineExecution *) g_ptr_array_index (second, j))->pipeline_execution_id);
  g_clear_object (&result);

  pd_aws_codepipeline_list_pipeline_executions_async (fixture->client, "todo-list-aws", 7, 0,
                                                      NULL, NULL, on_result_cb, &result);
  all = pd_aws_codepipeline_list_pipeline_executions_finish (fixture->client, await (&result),
                                                             &end, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 20);
  g_assert_null (end);
  for (guint i = 0; i < all->len; i++)
    {
      PdAwsPipelineExecution *execution = g_ptr_array_index (all, i);

      g_assert_nonnull (execution->start_time);
      g_assert_nonnull (execution->revision_id);
      g_assert_nonnull (execution->revision_summary);
      g_assert_cmpint (execution->status, !=, PD_AWS_EXECUTION_STATUS_UNKNOWN);
      if (i > 0)
        g_assert_cmpint (g_date_time_compare (execution->start_time,
                                              ((PdAwsPipelineExecution *) g_ptr_array_index (all, i - 1))->start_time),
                         <=, 0);
    }
}

static void
test_action_executions (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdAwsPipelineExecution) execution = NULL;
  g_autoptr(GPtrArray) executions = NULL;
  g_autoptr(GPtrArray) details = NULL;
  PdAwsPipelineExecution *latest;
  GError *error = NULL;

  pd_aws_codepipeline_list_pipeline_executions_async (fixture->client, "todo-list-aws", 3, 1,
                                                      NULL, NULL, on_result_cb, &result);
  executions = pd_aws_codepipeline_list_pipeline_executions_finish (fixture->client,
                                                                    await (&result), NULL, &error);
  g_assert_no_error (error);
  latest = g_ptr_array_index (executions, 2);
  g_clear_object (&result);

  pd_aws_codepipeline_get_pipeline_execution_async (fixture->client, "todo-list-aws",
                                                    latest->pipeline_execution_id, NULL,
                                                    on_result_cb, &result);
  execution = pd_aws_codepipeline_get_pipeline_execution_finish (fixture->client, await (&result),
                                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpstr (execution->pipeline_execution_id, ==, latest->pipeline_execution_id);
  g_assert_cmpstr (execution->pipeline_name, ==, "todo-list-aws");
  g_assert_cmpstr (execution->revision_id, ==, latest->revision_id);
  g_assert_cmpint (execution->status, ==, latest->status);
  g_clear_object (&result);

  pd_aws_codepipeline_list_action_executions_async (fixture->client, "todo-list-aws",
                                                    latest->pipeline_execution_id, NULL,
                                                    on_result_cb, &result);
  details = pd_aws_codepipeline_list_action_executions_finish (fixture->client, await (&result),
                                                               &error);
  g_assert_no_error (error);
  g_assert_cmpuint (details->len, >=, 3);
  for (guint i = 0; i < details->len; i++)
    {
      PdAwsActionExecutionDetail *detail = g_ptr_array_index (details, i);

      g_assert_cmpstr (detail->pipeline_execution_id, ==, latest->pipeline_execution_id);
      g_assert_nonnull (detail->stage_name);
      g_assert_nonnull (detail->start_time);
      g_assert_nonnull (detail->last_update_time);
      g_assert_cmpint (detail->status, !=, PD_AWS_ACTION_STATUS_UNKNOWN);
      if (detail->category == PD_AWS_ACTION_CATEGORY_BUILD)
        {
          g_assert_nonnull (detail->external_execution_id);
          g_assert_nonnull (g_hash_table_lookup (detail->resolved_configuration, "ProjectName"));
        }
    }
}

static void
test_start_idempotent (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GAsyncResult) fresh = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *token = g_uuid_string_random ();
  GError *error = NULL;

  pd_aws_codepipeline_start_pipeline_execution_async (fixture->client, "todo-list-docs", NULL,
                                                      token, NULL, on_result_cb, &result);
  first = pd_aws_codepipeline_start_pipeline_execution_finish (fixture->client, await (&result),
                                                               &error);
  g_assert_no_error (error);

  /* What a retry of the same logical call sends */
  pd_aws_codepipeline_start_pipeline_execution_async (fixture->client, "todo-list-docs", NULL,
                                                      token, NULL, on_result_cb, &again);
  second = pd_aws_codepipeline_start_pipeline_execution_finish (fixture->client, await (&again),
                                                                &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, second);

  /* Without a token, each call is a new logical call with its own */
  pd_aws_codepipeline_start_pipeline_execution_async (fixture->client, "todo-list-docs", NULL,
                                                      NULL, NULL, on_result_cb, &fresh);
  third = pd_aws_codepipeline_start_pipeline_execution_finish (fixture->client, await (&fresh),
                                                               &error);
  g_assert_no_error (error);
  g_assert_cmpstr (third, !=, first);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.StartPipelineExecution"),
                    ==, 3);
}

static void
test_start_bad_variables (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) variables = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *id = NULL;
  GError *error = NULL;

  g_hash_table_insert (variables, (char *) "bad name!", (char *) "x");
  pd_aws_codepipeline_start_pipeline_execution_async (fixture->client, "todo-list-aws", variables,
                                                      NULL, NULL, on_result_cb, &result);
  id = pd_aws_codepipeline_start_pipeline_execution_finish (fixture->client, await (&result),
                                                            &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "bad name!"));
  g_assert_null (id);
  g_clear_error (&error);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 0);
}

static void
test_transition_reason (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *bad[] = { "", "Freeze, until review", "Gel \xc3\xa9t\xc3\xa9", "tab\there", NULL };
  g_autofree char *too_long = g_strnfill (301, 'a');
  g_autofree char *longest = g_strnfill (300, 'a');
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) ok = NULL;
  g_autoptr(PdAwsPipelineState) state = NULL;
  GError *error = NULL;

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_assert_false (pd_aws_codepipeline_validate_transition_reason (bad[i], &error));
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
      g_clear_error (&error);
    }
  g_assert_false (pd_aws_codepipeline_validate_transition_reason (too_long, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "301"));
  g_clear_error (&error);
  g_assert_false (pd_aws_codepipeline_validate_transition_reason ("a,b", &error));
  g_assert_nonnull (strstr (error->message, "“,” at position 2"));
  g_clear_error (&error);
  g_assert_true (pd_aws_codepipeline_validate_transition_reason (longest, &error));
  g_assert_true (pd_aws_codepipeline_validate_transition_reason ("Hold (QA) - v2.4 @marc?! *", &error));
  g_assert_no_error (error);

  /* A bad reason never reaches the network */
  pd_aws_codepipeline_disable_stage_transition_async (fixture->client, "todo-list-aws", "Build",
                                                      PD_AWS_TRANSITION_INBOUND, "no; way", NULL,
                                                      on_result_cb, &result);
  g_assert_false (pd_aws_codepipeline_disable_stage_transition_finish (fixture->client,
                                                                       await (&result), &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_true (g_str_has_prefix (error->message, "DisableStageTransition: "));
  g_clear_error (&error);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 0);

  pd_aws_codepipeline_disable_stage_transition_async (fixture->client, "todo-list-aws", "Build",
                                                      PD_AWS_TRANSITION_INBOUND, "QA freeze", NULL,
                                                      on_result_cb, &ok);
  g_assert_true (pd_aws_codepipeline_disable_stage_transition_finish (fixture->client, await (&ok),
                                                                      &error));
  g_assert_no_error (error);
  state = get_state (fixture, "todo-list-aws");
  g_assert_false (((PdAwsStageState *) g_ptr_array_index (state->stages, 1))->inbound_enabled);
  g_assert_cmpstr (((PdAwsStageState *) g_ptr_array_index (state->stages, 1))->disabled_reason,
                   ==, "QA freeze");
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdAwsPipelineDeclaration) pipeline = NULL;
  GError *error = NULL;

  pd_aws_codepipeline_get_pipeline_async (fixture->client, "no-such-pipeline", NULL, on_result_cb,
                                          &result);
  pipeline = pd_aws_codepipeline_get_pipeline_finish (fixture->client, await (&result), &error);
  g_assert_null (pipeline);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "PipelineNotFoundException");
  g_clear_error (&error);
}

/* Bad input from the network. */

static void
test_parse_unknown_enum (void)
{
  g_autoptr(JsonObject) reply = parse_json (
    "{\"stageStates\":[{\"stageName\":\"Build\","
    "\"latestExecution\":{\"pipelineExecutionId\":\"e1\",\"status\":\"Paused\"},"
    "\"actionStates\":[{\"actionName\":\"Make\",\"latestExecution\":"
    "{\"status\":\"Hibernating\",\"percentComplete\":250}}]}]}");
  g_autoptr(PdAwsPipelineState) state = NULL;
  PdAwsStageState *stage;
  PdAwsActionState *action;
  GError *error = NULL;

  state = pd_aws_codepipeline_parse_pipeline_state (reply, &error);
  g_assert_no_error (error);
  stage = g_ptr_array_index (state->stages, 0);
  g_assert_cmpint (stage->latest_status, ==, PD_AWS_EXECUTION_STATUS_UNKNOWN);
  g_assert_cmpstr (stage->latest_status_raw, ==, "Paused");
  g_assert_true (stage->inbound_enabled);
  action = g_ptr_array_index (stage->actions, 0);
  g_assert_cmpint (action->latest->status, ==, PD_AWS_ACTION_STATUS_UNKNOWN);
  g_assert_cmpstr (action->latest->status_raw, ==, "Hibernating");
  g_assert_cmpint (action->latest->percent_complete, ==, -1);
  g_assert_null (action->latest->token);
}

static void
test_parse_wrong_types (void)
{
  static const struct
  {
    const char *json;
    const char *member;
  } cases[] = {
    { "{\"stageStates\":[{\"stageName\":\"A\"},{\"stageName\":\"B\",\"actionStates\":"
      "[{\"actionName\":\"X\",\"latestExecution\":{\"status\":5}}]}]}",
      "stageStates[1].actionStates[0].latestExecution.status" },
    { "{\"stageStates\":[{\"stageName\":42}]}", "stageStates[0].stageName" },
    { "{\"stageStates\":[7]}", "stageStates[0]" },
    { "{\"stageStates\":{\"a\":1}}", "stageStates" },
    { "{\"stageStates\":[{\"stageName\":\"A\",\"inboundTransitionState\":"
      "{\"enabled\":\"yes\"}}]}", "stageStates[0].inboundTransitionState.enabled" },
    { "{\"stageStates\":[{\"stageName\":\"A\",\"inboundTransitionState\":"
      "{\"lastChangedAt\":\"2024-01-01\"}}]}", "stageStates[0].inboundTransitionState.lastChangedAt" },
    { "{\"stageStates\":[{\"stageName\":\"A\",\"actionStates\":[{}]}]}",
      "stageStates[0].actionStates[0].actionName" },
    { "{\"created\":-5}", "created" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) reply = parse_json (cases[i].json);
      g_autoptr(PdAwsPipelineState) state = NULL;
      GError *error = NULL;

      state = pd_aws_codepipeline_parse_pipeline_state (reply, &error);
      g_assert_null (state);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "GetPipelineState: "));
      g_assert_nonnull (strstr (error->message, cases[i].member));
      g_clear_error (&error);
    }
}

static void
test_parse_missing (void)
{
  g_autoptr(JsonObject) empty = parse_json ("{}");
  g_autoptr(JsonObject) no_stages = parse_json ("{\"pipeline\":{\"name\":\"p\"}}");
  g_autoptr(JsonObject) minimal = parse_json ("{\"pipeline\":{\"name\":\"p\",\"stages\":"
                                              "[{\"name\":\"S\",\"actions\":[{\"name\":\"A\"}]}]}}");
  g_autoptr(JsonObject) executions = parse_json ("{\"pipelineExecutionSummaries\":"
                                                 "[{\"status\":\"Succeeded\"}]}");
  g_autoptr(PdAwsPipelineDeclaration) pipeline = NULL;
  g_autoptr(GPtrArray) list = NULL;
  PdAwsActionDeclaration *action;
  GError *error = NULL;

  pipeline = pd_aws_codepipeline_parse_pipeline (empty, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "GetPipeline: "));
  g_assert_nonnull (strstr (error->message, "“pipeline”"));
  g_clear_error (&error);

  pipeline = pd_aws_codepipeline_parse_pipeline (no_stages, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "pipeline.stages"));
  g_clear_error (&error);

  /* Optional members may be missing: defaults, never a crash */
  pipeline = pd_aws_codepipeline_parse_pipeline (minimal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pipeline->execution_mode, ==, PD_AWS_EXECUTION_MODE_SUPERSEDED);
  g_assert_cmpint (pipeline->pipeline_type, ==, PD_AWS_PIPELINE_TYPE_UNKNOWN);
  action = g_ptr_array_index (((PdAwsStageDeclaration *) g_ptr_array_index (pipeline->stages, 0))->actions, 0);
  g_assert_cmpint (action->run_order, ==, 1);
  g_assert_cmpint (action->category, ==, PD_AWS_ACTION_CATEGORY_UNKNOWN);
  g_assert_null (action->category_raw);
  g_assert_nonnull (action->configuration);
  g_assert_cmpuint (g_strv_length (action->input_artifacts), ==, 0);

  list = pd_aws_codepipeline_parse_executions (executions, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "pipelineExecutionSummaries[0].pipelineExecutionId"));
  g_clear_error (&error);
}

static void
test_parse_times (void)
{
  g_autoptr(JsonObject) reply = parse_json ("{\"pipelines\":[{\"name\":\"p\","
                                            "\"created\":1523477145.713,\"updated\":1523477145}]}");
  g_autoptr(JsonObject) huge = parse_json ("{\"pipelines\":[{\"name\":\"p\",\"created\":1e300}]}");
  g_autoptr(JsonObject) text = parse_json ("{\"pipelines\":[{\"name\":\"p\",\"created\":\"now\"}]}");
  g_autoptr(GPtrArray) pipelines = NULL;
  PdAwsPipelineSummary *summary;
  GError *error = NULL;

  pipelines = pd_aws_codepipeline_parse_pipelines (reply, &error);
  g_assert_no_error (error);
  summary = g_ptr_array_index (pipelines, 0);
  g_assert_cmpint (g_date_time_to_unix (summary->created), ==, 1523477145);
  g_assert_cmpint (g_date_time_get_microsecond (summary->created), ==, 713000);
  g_assert_cmpint (g_date_time_get_microsecond (summary->updated), ==, 0);
  g_assert_cmpint (summary->execution_mode, ==, PD_AWS_EXECUTION_MODE_UNKNOWN);
  g_clear_pointer (&pipelines, g_ptr_array_unref);

  pipelines = pd_aws_codepipeline_parse_pipelines (huge, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "pipelines[0].created"));
  g_clear_error (&error);

  pipelines = pd_aws_codepipeline_parse_pipelines (text, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "ListPipelines: "));
  g_assert_nonnull (strstr (error->message, "is a string"));
  g_clear_error (&error);
}

static void
test_parse_action_executions (void)
{
  g_autoptr(JsonObject) reply = parse_json (
    "{\"actionExecutionDetails\":[{\"stageName\":\"Build\",\"actionName\":\"Make\","
    "\"status\":\"Failed\",\"input\":{\"actionTypeId\":{\"category\":\"Build\"},"
    "\"configuration\":{\"ProjectName\":\"p\"},\"resolvedConfiguration\":{\"ProjectName\":\"p\"}},"
    "\"output\":{\"executionResult\":{\"externalExecutionId\":\"b:1\",\"errorDetails\":"
    "{\"code\":\"JobFailed\",\"message\":\"boom\"}},\"outputVariables\":{\"V\":\"1\"}}}]}");
  g_autoptr(JsonObject) bad = parse_json (
    "{\"actionExecutionDetails\":[{\"stageName\":\"Build\",\"actionName\":\"Make\","
    "\"output\":{\"outputVariables\":{\"V\":1}}}]}");
  g_autoptr(GPtrArray) details = NULL;
  PdAwsActionExecutionDetail *detail;
  GError *error = NULL;

  details = pd_aws_codepipeline_parse_action_executions (reply, &error);
  g_assert_no_error (error);
  detail = g_ptr_array_index (details, 0);
  g_assert_cmpint (detail->status, ==, PD_AWS_ACTION_STATUS_FAILED);
  g_assert_cmpint (detail->category, ==, PD_AWS_ACTION_CATEGORY_BUILD);
  g_assert_cmpstr (detail->external_execution_id, ==, "b:1");
  g_assert_cmpstr (detail->error_code, ==, "JobFailed");
  g_assert_cmpstr (g_hash_table_lookup (detail->output_variables, "V"), ==, "1");
  g_clear_pointer (&details, g_ptr_array_unref);

  details = pd_aws_codepipeline_parse_action_executions (bad, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "actionExecutionDetails[0].output.outputVariables.V"));
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/aws/codepipeline/list-pipelines", Fixture, NULL, fixture_setup,
              test_list_pipelines, fixture_teardown);
  g_test_add ("/pd/aws/codepipeline/list-pipelines/all-pages", Fixture, NULL, fixture_setup,
              test_list_all_pages, fixture_teardown);
  g_test_add ("/pd/aws/codepipeline/get-pipeline", Fixture, NULL, fixture_setup,
              test_get_pipeline, fixture_teardown);
  g_test_add ("/pd/aws/codepipeline/get-pipeline-state", Fixture, NULL, fixture_setup,
              test_get_pipeline_state, fixture_teardown);
  g_test_add ("/pd/aws/codepipeline/executions/paging", Fixture, NULL, fixture_setup,
              test_executions_paging, fixture_teardown);
  g_test_add ("/pd/aws/codepipeline/executions/actions", Fixture, NULL, fixture_setup,
              test_action_executions, fixture_teardown);
  g_test_add ("/pd/aws/codepipeline/start/idempotent", Fixture, NULL, fixture_setup,
              test_start_idempotent, fixture_teardown);
  g_test_add ("/pd/aws/codepipeline/start/bad-variables", Fixture, NULL, fixture_setup,
              test_start_bad_variables, fixture_teardown);
  g_test_add ("/pd/aws/codepipeline/transition/reason", Fixture, NULL, fixture_setup,
              test_transition_reason, fixture_teardown);
  g_test_add ("/pd/aws/codepipeline/errors/not-found", Fixture, NULL, fixture_setup,
              test_not_found, fixture_teardown);
  g_test_add_func ("/pd/aws/codepipeline/parse/unknown-enum", test_parse_unknown_enum);
  g_test_add_func ("/pd/aws/codepipeline/parse/wrong-types", test_parse_wrong_types);
  g_test_add_func ("/pd/aws/codepipeline/parse/missing", test_parse_missing);
  g_test_add_func ("/pd/aws/codepipeline/parse/times", test_parse_times);
  g_test_add_func ("/pd/aws/codepipeline/parse/action-executions", test_parse_action_executions);

  return g_test_run ();
}
