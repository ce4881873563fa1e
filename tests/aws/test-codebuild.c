/* test-codebuild.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-codebuild.h"
#include "pd-aws-codecommit.h"
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
  fixture->sandbox = pd_test_sandbox_new (300.0, 7, 8);
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
  *(GAsyncResult **) user_data = g_object_ref (result);
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
test_batch_get_builds (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) details_result = NULL;
  g_autoptr(GPtrArray) details = NULL;
  const char *ids[] = { NULL, "nope:0000", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) builds = NULL;
  g_auto(GStrv) not_found = NULL;
  gboolean failed_phase = FALSE;
  PdAwsBuild *build;
  GError *error = NULL;

  /* A build the seeded history failed */
  pd_aws_codepipeline_list_action_executions_async (fixture->client, "todo-list-aws", NULL, NULL,
                                                    on_result_cb, &details_result);
  details = pd_aws_codepipeline_list_action_executions_finish (fixture->client,
                                                               await (&details_result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < details->len && ids[0] == NULL; i++)
    {
      PdAwsActionExecutionDetail *detail = g_ptr_array_index (details, i);

      if (detail->status == PD_AWS_ACTION_STATUS_FAILED && detail->external_execution_id != NULL)
        ids[0] = detail->external_execution_id;
    }
  g_assert_nonnull (ids[0]);

  pd_aws_codebuild_batch_get_builds_async (fixture->client, ids, NULL, on_result_cb, &result);
  builds = pd_aws_codebuild_batch_get_builds_finish (fixture->client, await (&result), &not_found,
                                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (builds->len, ==, 1);
  g_assert_cmpstrv (not_found, ((const char * const[]) { "nope:0000", NULL }));

  build = g_ptr_array_index (builds, 0);
  g_assert_cmpstr (build->id, ==, ids[0]);
  g_assert_cmpint (build->build_status, ==, PD_AWS_BUILD_STATUS_FAILED);
  g_assert_true (build->build_complete);
  g_assert_true (g_str_has_prefix (build->project_name, "todo-list-aws-"));
  g_assert_true (g_str_has_suffix (build->log_group, build->project_name));
  g_assert_true (g_str_has_prefix (build->initiator, "codepipeline/todo-list-aws"));
  g_assert_nonnull (build->log_stream);
  g_assert_nonnull (build->start_time);
  g_assert_nonnull (build->end_time);
  g_assert_cmpuint (build->phases->len, >, 3);
  for (guint i = 0; i < build->phases->len; i++)
    {
      PdAwsBuildPhase *phase = g_ptr_array_index (build->phases, i);

      g_assert_nonnull (phase->phase_type);
      g_assert_nonnull (phase->start_time);
      if (phase->status == PD_AWS_BUILD_STATUS_FAILED)
        {
          failed_phase = TRUE;
          g_assert_cmpstr (phase->context_codes[0], ==, "COMMAND_EXECUTION_ERROR");
          g_assert_cmpint (phase->duration_seconds, >=, 0);
        }
    }
  g_assert_true (failed_phase);
}

static void
test_batch_limits (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *none[] = { NULL };
  g_autoptr(GPtrArray) too_many = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  GError *error = NULL;

  pd_aws_codebuild_batch_get_builds_async (fixture->client, none, NULL, on_result_cb, &result);
  builds = pd_aws_codebuild_batch_get_builds_finish (fixture->client, await (&result), NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  for (guint i = 0; i < 101; i++)
    g_ptr_array_add (too_many, g_strdup_printf ("p%u", i));
  g_ptr_array_add (too_many, NULL);
  pd_aws_codebuild_batch_get_projects_async (fixture->client,
                                             (const char * const *) too_many->pdata, NULL,
                                             on_result_cb, &again);
  projects = pd_aws_codebuild_batch_get_projects_finish (fixture->client, await (&again), NULL,
                                                         &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "101"));
  g_clear_error (&error);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 0);
}

static void
test_batch_get_projects (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *names[] = { "todo-list-aws-unit-tests", "missing-project", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_auto(GStrv) not_found = NULL;
  PdAwsBuildProject *project;
  GError *error = NULL;

  pd_aws_codebuild_batch_get_projects_async (fixture->client, names, NULL, on_result_cb, &result);
  projects = pd_aws_codebuild_batch_get_projects_finish (fixture->client, await (&result),
                                                         &not_found, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 1);
  g_assert_cmpstrv (not_found, ((const char * const[]) { "missing-project", NULL }));
  project = g_ptr_array_index (projects, 0);
  g_assert_cmpstr (project->name, ==, "todo-list-aws-unit-tests");
  g_assert_cmpstr (project->description, ==, "Unit tests with Hypothesis and coverage.py");
  g_assert_true (project->logs_enabled);
  g_assert_nonnull (project->created);
}

static void
test_commit_and_branch (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PdAwsPipelineState) state = get_state (fixture, "todo-list-aws");
  PdAwsActionState *source = g_ptr_array_index (((PdAwsStageState *) g_ptr_array_index (state->stages, 0))->actions, 0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) branch_result = NULL;
  g_autoptr(GAsyncResult) missing = NULL;
  g_autoptr(PdAwsCommit) commit = NULL;
  g_autoptr(PdAwsCommit) none = NULL;
  g_autofree char *tip = NULL;
  GError *error = NULL;

  g_assert_nonnull (source->revision_id);
  pd_aws_codecommit_get_commit_async (fixture->client, "todo-list-aws", source->revision_id, NULL,
                                      on_result_cb, &result);
  commit = pd_aws_codecommit_get_commit_finish (fixture->client, await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (commit->commit_id, ==, source->revision_id);
  g_assert_nonnull (commit->message);
  g_assert_nonnull (commit->author_name);
  g_assert_nonnull (strchr (commit->author_email, '@'));
  g_assert_nonnull (commit->committer_date);
  g_assert_nonnull (commit->parents);

  pd_aws_codecommit_get_branch_async (fixture->client, "todo-list-aws", "main", NULL,
                                      on_result_cb, &branch_result);
  tip = pd_aws_codecommit_get_branch_finish (fixture->client, await (&branch_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (tip), ==, 40);

  pd_aws_codecommit_get_commit_async (fixture->client, "no-such-repository", source->revision_id,
                                      NULL, on_result_cb, &missing);
  none = pd_aws_codecommit_get_commit_finish (fixture->client, await (&missing), &error);
  g_assert_null (none);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "RepositoryDoesNotExistException");
  g_clear_error (&error);
}

static void
test_parse_bad_builds (void)
{
  static const struct
  {
    const char *json;
    const char *member;
  } cases[] = {
    { "{\"builds\":[{\"id\":\"a:1\",\"phases\":[{\"phaseType\":\"BUILD\",\"durationInSeconds\":\"x\"}]}]}",
      "builds[0].phases[0].durationInSeconds" },
    { "{\"builds\":[{\"id\":\"a:1\",\"buildComplete\":1}]}", "builds[0].buildComplete" },
    { "{\"builds\":[{\"buildStatus\":\"SUCCEEDED\"}]}", "builds[0].id" },
    { "{\"builds\":[{\"id\":\"a:1\",\"logs\":{\"groupName\":[]}}]}", "builds[0].logs.groupName" },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) builds = NULL;

      json_parser_load_from_data (parser, cases[i].json, -1, &error);
      g_assert_no_error (error);
      builds = pd_aws_codebuild_parse_builds (json_node_get_object (json_parser_get_root (parser)),
                                              &error);
      g_assert_null (builds);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
      g_assert_true (g_str_has_prefix (error->message, "BatchGetBuilds: "));
      g_assert_nonnull (strstr (error->message, cases[i].member));
      g_clear_error (&error);
    }

  /* An unknown status is kept raw, not dropped */
  json_parser_load_from_data (parser, "{\"builds\":[{\"id\":\"a:1\",\"buildStatus\":\"PAUSED\"}]}",
                              -1, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) builds = pd_aws_codebuild_parse_builds (json_node_get_object (json_parser_get_root (parser)),
                                                                 &error);
    PdAwsBuild *build;

    g_assert_no_error (error);
    build = g_ptr_array_index (builds, 0);
    g_assert_cmpint (build->build_status, ==, PD_AWS_BUILD_STATUS_UNKNOWN);
    g_assert_cmpstr (build->build_status_raw, ==, "PAUSED");
    g_assert_cmpint (build->build_number, ==, -1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/aws/codebuild/batch-get-builds", Fixture, NULL, fixture_setup,
              test_batch_get_builds, fixture_teardown);
  g_test_add ("/pd/aws/codebuild/batch-limits", Fixture, NULL, fixture_setup,
              test_batch_limits, fixture_teardown);
  g_test_add ("/pd/aws/codebuild/batch-get-projects", Fixture, NULL, fixture_setup,
              test_batch_get_projects, fixture_teardown);
  g_test_add ("/pd/aws/codecommit/commit-and-branch", Fixture, NULL, fixture_setup,
              test_commit_and_branch, fixture_teardown);
  g_test_add_func ("/pd/aws/codebuild/parse/bad-builds", test_parse_bad_builds);

  return g_test_run ();
}
