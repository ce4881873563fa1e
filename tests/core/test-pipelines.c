/* test-pipelines.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"
#include "pd-core-error.h"
#include "pd-pipeline-list.h"
#include "pd-pipeline-notifier.h"
#include "pd-pipeline.h"
#include "pd-poller.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

#define SPEED     500.0
#define WAIT_MS   30000

typedef struct
{
  PdTestSandbox *sandbox;
  PdAwsClient   *client;
} Fixture;

/* Tests that need a run to fail or to go through pick the seed; tests
 * that look at the seeded running executions run the sandbox at the speed
 * of the wall clock, so that those are still running however slow the
 * machine (or a sanitizer) is. */
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

  fixture->sandbox = pd_test_sandbox_new (setup->speed, setup->seed,
                                          PD_PIPELINE_LIST_DEFAULT_PARALLEL);
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

static void
refresh (PdPipeline *pipeline)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  pd_pipeline_refresh_async (pipeline, NULL, on_result_cb, &result);
  pd_pipeline_refresh_finish (pipeline, await (&result), &error);
  g_assert_no_error (error);
}

static gboolean
on_tick_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
sleep_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_tick_cb, &done);
  pd_test_wait_for_flag (&done, ms + 5000);
}

/* Refreshes as a poller would until @check holds, or fails the test. */
static void
refresh_until (PdPipeline  *pipeline,
               gboolean   (*check) (PdPipeline *pipeline, gconstpointer data),
               gconstpointer data,
               const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  for (;;)
    {
      refresh (pipeline);
      if (check (pipeline, data))
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      sleep_ms (40);
    }
}

static PdAction *
find_action (PdPipeline *pipeline,
             const char *stage,
             const char *action)
{
  PdStage *found = pd_pipeline_find_stage (pipeline, stage);

  g_assert_nonnull (found);
  return pd_stage_find_action (found, action);
}

static gboolean
latest_is (PdPipeline    *pipeline,
           gconstpointer  data)
{
  return pd_pipeline_get_latest_status (pipeline) == (PdAwsExecutionStatus) GPOINTER_TO_INT (data);
}

static gboolean
waits_for_approval (PdPipeline    *pipeline,
                    gconstpointer  data)
{
  return pd_pipeline_get_waiting_for_approval (pipeline);
}

static char *
start (PdPipeline *pipeline)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;
  char *id;

  pd_pipeline_start_execution_async (pipeline, NULL, NULL, on_result_cb, &result);
  id = pd_pipeline_start_execution_finish (pipeline, await (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static PdPipelineList *
load_list (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  PdPipelineList *list = pd_pipeline_list_new (fixture->client);
  GError *error = NULL;

  pd_pipeline_list_refresh_async (list, NULL, on_result_cb, &result);
  g_assert_true (pd_pipeline_list_refresh_finish (list, await (&result), &error));
  g_assert_no_error (error);
  return list;
}

static void
test_list_new_destroy (Fixture       *fixture,
                       gconstpointer  data)
{
  PdPipelineList *list = pd_pipeline_list_new (fixture->client);
  PdPipeline *pipeline = pd_pipeline_new (fixture->client, "x");
  PdPoller *poller = pd_poller_new (list);
  PdPipelineNotifier *notifier = pd_pipeline_notifier_new (list);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_false (pd_poller_get_active (poller));
  g_assert_finalize_object (notifier);
  g_assert_finalize_object (poller);
  g_assert_finalize_object (pipeline);
  g_assert_finalize_object (list);
}

static void
count_changes (guint *changes)
{
  (*changes)++;
}

static void
test_list_loads (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PdPipelineList) list = load_list (fixture);
  const char *favourites[] = { "todo-list-search", NULL };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autoptr(PdPipeline) first = NULL;

  g_assert_cmpuint (n, >=, 13);
  g_assert_true (pd_pipeline_list_get_loaded (list));
  g_assert_false (pd_pipeline_list_get_stale (list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdPipeline) pipeline = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(PdPipeline) next = i + 1 < n ? g_list_model_get_item (G_LIST_MODEL (list), i + 1)
                                             : NULL;

      g_assert_true (pd_pipeline_get_has_status (pipeline));
      g_assert_nonnull (pd_pipeline_get_latest_time (pipeline));
      g_assert_cmpint (pd_pipeline_get_execution_mode (pipeline), !=, PD_AWS_EXECUTION_MODE_UNKNOWN);
      if (next != NULL)
        g_assert_cmpstr (pd_pipeline_get_name (pipeline), <, pd_pipeline_get_name (next));
    }

  /* The seeded states */
  g_assert_cmpint (pd_pipeline_get_latest_status (pd_pipeline_list_find (list, "todo-list-authorizer")),
                   ==, PD_AWS_EXECUTION_STATUS_FAILED);
  g_assert_cmpint (pd_pipeline_get_latest_status (pd_pipeline_list_find (list, "todo-list-search")),
                   ==, PD_AWS_EXECUTION_STATUS_STOPPED);
  g_assert_cmpint (pd_pipeline_get_latest_status (pd_pipeline_list_find (list, "todo-list-e2e")),
                   ==, PD_AWS_EXECUTION_STATUS_SUCCEEDED);
  g_assert_true (pd_pipeline_get_running (pd_pipeline_list_find (list, "todo-list-frontend")));
  g_assert_true (pd_pipeline_get_running (pd_pipeline_list_find (list, "todo-list-notifications")));
  g_assert_cmpint (pd_pipeline_get_execution_mode (pd_pipeline_list_find (list, "todo-list-reports")),
                   ==, PD_AWS_EXECUTION_MODE_PARALLEL);
  /* One status request per pipeline, plus a state for running ones */
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.ListPipelineExecutions"),
                    ==, n);

  /* Failed first, then favourites pinned on top of everything */
  pd_pipeline_list_set_sort (list, PD_PIPELINE_SORT_FAILED_FIRST);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (pd_pipeline_get_latest_status (first), ==, PD_AWS_EXECUTION_STATUS_FAILED);
  g_clear_object (&first);
  pd_pipeline_list_set_favourites (list, favourites);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (pd_pipeline_get_name (first), ==, "todo-list-search");
  g_assert_true (pd_pipeline_get_favourite (first));
  g_clear_object (&first);

  pd_pipeline_list_set_sort (list, PD_PIPELINE_SORT_RECENT);
  for (guint i = 2; i < n; i++)
    {
      g_autoptr(PdPipeline) a = g_list_model_get_item (G_LIST_MODEL (list), i - 1);
      g_autoptr(PdPipeline) b = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (g_date_time_compare (pd_pipeline_get_latest_time (a),
                                            pd_pipeline_get_latest_time (b)), >=, 0);
    }

  /* A refresh that finds the same pipelines keeps the rows (and a view's selection) */
  {
    g_autoptr(GAsyncResult) result = NULL;
    PdPipeline *same = pd_pipeline_list_find (list, "todo-list-aws");
    guint changes = 0;
    gulong handler;
    GError *error = NULL;

    pd_pipeline_list_set_sort (list, PD_PIPELINE_SORT_NAME);
    handler = g_signal_connect_swapped (list, "items-changed", G_CALLBACK (count_changes),
                                        &changes);
    pd_pipeline_list_refresh_async (list, NULL, on_result_cb, &result);
    g_assert_true (pd_pipeline_list_refresh_finish (list, await (&result), &error));
    g_assert_no_error (error);
    g_assert_cmpuint (changes, ==, 0);
    g_assert_true (pd_pipeline_list_find (list, "todo-list-aws") == same);
    g_signal_handler_disconnect (list, handler);
  }

  g_assert_true (pd_pipeline_matches (pd_pipeline_list_find (list, "todo-list-aws"), "TODO aws"));
  g_assert_true (pd_pipeline_matches (pd_pipeline_list_find (list, "todo-list-aws"), ""));
  g_assert_false (pd_pipeline_matches (pd_pipeline_list_find (list, "todo-list-aws"), "infra"));
}

static void
test_pipeline_graph (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const stages[] = {
    "Source", "Build", "Test", "DeployStaging", "IntegrationTests", "Approval", "DeployProduction",
  };
  g_autoptr(PdPipeline) pipeline = pd_pipeline_new (fixture->client, "todo-list-aws");
  g_autoptr(PdExecution) latest = NULL;
  GListModel *model;
  PdAction *action;

  refresh (pipeline);
  g_assert_true (pd_pipeline_get_loaded (pipeline));
  model = pd_pipeline_get_stages (pipeline);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (stages));
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autoptr(PdStage) stage = g_list_model_get_item (model, i);

      g_assert_cmpstr (pd_stage_get_name (stage), ==, stages[i]);
      g_assert_cmpuint (pd_stage_get_index (stage), ==, i);
      g_assert_cmpint (pd_stage_get_status (stage), ==, PD_AWS_EXECUTION_STATUS_SUCCEEDED);
      g_assert_true (pd_stage_get_inbound_enabled (stage));
      g_assert_cmpint (pd_stage_get_has_inbound_transition (stage), ==, i > 0);
    }
  g_assert_cmpuint (g_list_model_get_n_items (pd_stage_get_actions (pd_pipeline_find_stage (pipeline, "Test"))),
                    ==, 3);

  action = find_action (pipeline, "Test", "Quality");
  g_assert_cmpint (pd_action_get_category (action), ==, PD_AWS_ACTION_CATEGORY_TEST);
  g_assert_cmpstr (pd_action_get_provider (action), ==, "CodeBuild");
  g_assert_cmpuint (pd_action_get_run_order (action), ==, 1);
  g_assert_cmpint (pd_action_get_status (action), ==, PD_AWS_ACTION_STATUS_SUCCEEDED);
  g_assert_nonnull (pd_action_get_external_execution_id (action));
  g_assert_nonnull (pd_action_get_started (action));
  g_assert_cmpint (pd_action_get_duration (action), >, 0);
  g_assert_cmpstr (pd_action_get_execution_id (action), ==,
                   pd_pipeline_get_latest_execution_id (pipeline));

  /* The history: the first page, newest first, with source revisions */
  model = pd_pipeline_get_executions (pipeline);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 20);
  latest = g_list_model_get_item (model, 0);
  g_assert_cmpstr (pd_execution_get_id (latest), ==, pd_pipeline_get_latest_execution_id (pipeline));
  g_assert_nonnull (pd_execution_get_revision_summary (latest));
  g_assert_cmpint (pd_execution_get_duration (latest), >, 0);
  g_assert_cmpstr (pd_pipeline_get_shown_revision_summary (pipeline), ==,
                   pd_execution_get_revision_summary (latest));
  g_assert_false (pd_pipeline_get_has_more_executions (pipeline));
  g_assert_cmpint (pd_pipeline_get_start_impact (pipeline), ==, PD_START_IMPACT_NONE);
  g_assert_null (pd_pipeline_dup_start_warning (pipeline));
}

static void
test_show_older_execution (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PdPipeline) pipeline = pd_pipeline_new (fixture->client, "todo-list-infra");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdExecution) older = NULL;
  GError *error = NULL;
  PdAction *apply;

  refresh (pipeline);
  older = g_list_model_get_item (pd_pipeline_get_executions (pipeline), 6);
  pd_pipeline_show_execution_async (pipeline, pd_execution_get_id (older), NULL, on_result_cb,
                                    &result);
  g_assert_true (pd_pipeline_show_execution_finish (pipeline, await (&result), &error));
  g_assert_no_error (error);

  g_assert_false (pd_pipeline_get_follow_latest (pipeline));
  g_assert_cmpstr (pd_pipeline_get_shown_execution_id (pipeline), ==, pd_execution_get_id (older));
  g_assert_cmpstr (pd_pipeline_get_shown_revision_id (pipeline), ==,
                   pd_execution_get_revision_id (older));
  apply = find_action (pipeline, "Apply", "TerraformApply");
  g_assert_cmpstr (pd_action_get_execution_id (apply), ==, pd_execution_get_id (older));
  g_assert_cmpint (pd_action_get_status (apply), !=, PD_AWS_ACTION_STATUS_UNKNOWN);
  g_assert_nonnull (pd_action_get_started (apply));
  g_assert_cmpint (g_hash_table_size (pd_action_get_resolved_configuration (apply)), >, 0);

  /* A refresh keeps showing that execution */
  refresh (pipeline);
  g_assert_cmpstr (pd_action_get_execution_id (apply), ==, pd_execution_get_id (older));

  g_clear_object (&result);
  pd_pipeline_show_execution_async (pipeline, NULL, NULL, on_result_cb, &result);
  g_assert_true (pd_pipeline_refresh_finish (pipeline, await (&result), &error));
  g_assert_true (pd_pipeline_get_follow_latest (pipeline));
  g_assert_cmpstr (pd_action_get_execution_id (find_action (pipeline, "Source", "Source")), ==,
                   pd_pipeline_get_latest_execution_id (pipeline));
}

typedef struct
{
  GPtrArray *kinds;
} Notifications;

static void
on_notification_cb (PdPipelineNotifier *notifier,
                    PdPipeline         *pipeline,
                    PdNotificationKind  kind,
                    const char         *title,
                    const char         *body,
                    const char         *stage,
                    const char         *action,
                    GPtrArray          *kinds)
{
  g_assert_nonnull (strstr (title, pd_pipeline_get_name (pipeline)));
  g_assert_nonnull (body);
  if (kind == PD_NOTIFICATION_APPROVAL)
    {
      g_assert_cmpstr (stage, ==, "Approval");
      g_assert_cmpstr (action, ==, "ManualApproval");
    }
  g_ptr_array_add (kinds, GINT_TO_POINTER (kind));
}

static void
approve (PdPipeline *pipeline)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  g_assert_true (pd_action_get_waiting_for_approval (find_action (pipeline, "Approval",
                                                                  "ManualApproval")));
  pd_pipeline_put_approval_async (pipeline, "Approval", "ManualApproval", PD_AWS_APPROVAL_APPROVED,
                                  "Staging checked", NULL, on_result_cb, &result);
  g_assert_true (pd_pipeline_put_approval_finish (pipeline, await (&result), &error));
  g_assert_no_error (error);
}

static void
test_start_approve (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PdPipeline) pipeline = pd_pipeline_new (fixture->client, "todo-list-aws");
  g_autofree char *warning = NULL;
  g_autofree char *id = NULL;

  refresh (pipeline);
  id = start (pipeline);
  refresh (pipeline);
  g_assert_cmpstr (pd_pipeline_get_latest_execution_id (pipeline), ==, id);
  g_assert_cmpint (pd_pipeline_get_latest_status (pipeline), ==, PD_AWS_EXECUTION_STATUS_IN_PROGRESS);
  g_assert_cmpint (pd_pipeline_get_start_impact (pipeline), ==, PD_START_IMPACT_SUPERSEDE);
  warning = pd_pipeline_dup_start_warning (pipeline);
  g_assert_nonnull (strstr (warning, "supersede"));

  refresh_until (pipeline, waits_for_approval, NULL, "the approval");
  g_assert_cmpint (pd_stage_get_status (pd_pipeline_find_stage (pipeline, "Approval")), ==,
                   PD_AWS_EXECUTION_STATUS_IN_PROGRESS);
  g_assert_cmpint (pd_stage_get_status (pd_pipeline_find_stage (pipeline, "DeployStaging")), ==,
                   PD_AWS_EXECUTION_STATUS_SUCCEEDED);
  g_assert_nonnull (pd_action_get_approval_token (find_action (pipeline, "Approval",
                                                               "ManualApproval")));
  approve (pipeline);

  refresh_until (pipeline, latest_is, GINT_TO_POINTER (PD_AWS_EXECUTION_STATUS_SUCCEEDED),
                 "the run to succeed");
  g_assert_cmpstr (pd_pipeline_get_latest_execution_id (pipeline), ==, id);
  g_assert_false (pd_pipeline_get_waiting_for_approval (pipeline));
  g_assert_cmpint (pd_action_get_status (find_action (pipeline, "DeployProduction",
                                                      "DeployProduction")),
                   ==, PD_AWS_ACTION_STATUS_SUCCEEDED);
  g_assert_cmpstr (pd_action_get_summary (find_action (pipeline, "Approval", "ManualApproval")),
                   ==, "Staging checked");
}

static void
test_fail_retry (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PdPipelineList) list = load_list (fixture);
  g_autoptr(PdPipelineNotifier) notifier = pd_pipeline_notifier_new (list);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  PdPipeline *pipeline = pd_pipeline_list_find (list, "todo-list-aws");
  PdAction *unit_tests;
  GError *error = NULL;

  g_signal_connect (notifier, "notification", G_CALLBACK (on_notification_cb), kinds);
  pd_pipeline_set_watched (pipeline, TRUE);
  refresh (pipeline);
  g_free (start (pipeline));

  /* The seed makes this run's unit tests fail on their first attempt */
  refresh_until (pipeline, latest_is, GINT_TO_POINTER (PD_AWS_EXECUTION_STATUS_FAILED),
                 "the run to fail");
  unit_tests = find_action (pipeline, "Test", "UnitTests");
  g_assert_cmpint (pd_action_get_status (unit_tests), ==, PD_AWS_ACTION_STATUS_FAILED);
  g_assert_cmpstr (pd_action_get_error_code (unit_tests), ==, "JobFailed");
  g_assert_nonnull (pd_action_get_error_message (unit_tests));
  g_assert_cmpint (pd_stage_get_status (pd_pipeline_find_stage (pipeline, "Test")), ==,
                   PD_AWS_EXECUTION_STATUS_FAILED);
  g_assert_cmpuint (kinds->len, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (kinds, 0)), ==, PD_NOTIFICATION_FAILED);

  pd_pipeline_retry_stage_async (pipeline, "Test", PD_AWS_RETRY_MODE_FAILED_ACTIONS, NULL,
                                 on_result_cb, &result);
  g_assert_true (pd_pipeline_retry_stage_finish (pipeline, await (&result), &error));
  g_assert_no_error (error);

  /* It continues past the failed stage, up to the approval */
  refresh_until (pipeline, waits_for_approval, NULL, "the retried run to reach the approval");
  g_assert_cmpint (pd_stage_get_status (pd_pipeline_find_stage (pipeline, "Test")), ==,
                   PD_AWS_EXECUTION_STATUS_SUCCEEDED);
  g_assert_cmpint (pd_action_get_status (unit_tests), ==, PD_AWS_ACTION_STATUS_SUCCEEDED);
  g_assert_cmpuint (kinds->len, ==, 2);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (kinds, 1)), ==, PD_NOTIFICATION_APPROVAL);

  approve (pipeline);
  refresh_until (pipeline, latest_is, GINT_TO_POINTER (PD_AWS_EXECUTION_STATUS_SUCCEEDED),
                 "the run to succeed");
  g_assert_cmpuint (kinds->len, ==, 3);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (kinds, 2)), ==, PD_NOTIFICATION_RECOVERED);
}

static void
test_stop_abandon (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdPipeline) pipeline = pd_pipeline_new (fixture->client, "todo-list-aws");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) none = NULL;
  g_autofree char *id = NULL;
  g_autoptr(PdExecution) latest = NULL;
  GError *error = NULL;

  refresh (pipeline);
  id = start (pipeline);
  refresh (pipeline);
  pd_pipeline_stop_execution_async (pipeline, NULL, TRUE, "Wrong branch", NULL, on_result_cb,
                                    &result);
  g_assert_true (pd_pipeline_stop_execution_finish (pipeline, await (&result), &error));
  g_assert_no_error (error);

  refresh_until (pipeline, latest_is, GINT_TO_POINTER (PD_AWS_EXECUTION_STATUS_STOPPED),
                 "the run to stop");
  latest = g_list_model_get_item (pd_pipeline_get_executions (pipeline), 0);
  g_assert_cmpstr (pd_execution_get_id (latest), ==, id);
  g_assert_cmpstr (pd_execution_get_stop_reason (latest), ==, "Wrong branch");

  /* Nothing runs any more: a stop is refused before anything is sent */
  pd_test_sandbox_reset_stats (fixture->sandbox);
  pd_pipeline_stop_execution_async (pipeline, NULL, TRUE, NULL, NULL, on_result_cb, &none);
  g_assert_false (pd_pipeline_stop_execution_finish (pipeline, await (&none), &error));
  g_assert_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.StopPipelineExecution"),
                    ==, 0);
}

static gboolean
held_before_build (PdPipeline    *pipeline,
                   gconstpointer  data)
{
  return g_strcmp0 (pd_stage_get_waiting_execution_id (pd_pipeline_find_stage (pipeline, "Build")),
                    data) == 0;
}

static gboolean
build_ran (PdPipeline    *pipeline,
           gconstpointer  data)
{
  return g_strcmp0 (pd_stage_get_execution_id (pd_pipeline_find_stage (pipeline, "Build")),
                    data) == 0;
}

static void
test_disabled_transition (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PdPipeline) pipeline = pd_pipeline_new (fixture->client, "todo-list-aws");
  g_autoptr(GAsyncResult) bad = NULL;
  g_autoptr(GAsyncResult) disabled = NULL;
  g_autoptr(GAsyncResult) enabled = NULL;
  g_autofree char *id = NULL;
  PdStage *build;
  GError *error = NULL;

  refresh (pipeline);
  pd_pipeline_set_transition_async (pipeline, "Build", FALSE, "Freeze; review", NULL,
                                    on_result_cb, &bad);
  g_assert_false (pd_pipeline_set_transition_finish (pipeline, await (&bad), &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);
  g_assert_false (pd_pipeline_get_busy (pipeline, PD_PIPELINE_OPERATION_TRANSITION));

  pd_pipeline_set_transition_async (pipeline, "Build", FALSE, "Freeze until review", NULL,
                                    on_result_cb, &disabled);
  g_assert_true (pd_pipeline_set_transition_finish (pipeline, await (&disabled), &error));
  g_assert_no_error (error);
  refresh (pipeline);
  build = pd_pipeline_find_stage (pipeline, "Build");
  g_assert_false (pd_stage_get_inbound_enabled (build));
  g_assert_cmpstr (pd_stage_get_inbound_disabled_reason (build), ==, "Freeze until review");

  id = start (pipeline);
  refresh_until (pipeline, held_before_build, id, "the run to wait at the transition");
  g_assert_cmpint (pd_pipeline_get_latest_status (pipeline), ==, PD_AWS_EXECUTION_STATUS_IN_PROGRESS);
  g_assert_cmpstr (pd_stage_get_execution_id (pd_pipeline_find_stage (pipeline, "Source")), ==, id);
  g_assert_cmpstr (pd_stage_get_execution_id (build), !=, id);

  pd_pipeline_set_transition_async (pipeline, "Build", TRUE, NULL, NULL, on_result_cb, &enabled);
  g_assert_true (pd_pipeline_set_transition_finish (pipeline, await (&enabled), &error));
  g_assert_no_error (error);
  refresh_until (pipeline, build_ran, id, "the run to enter Build");
  g_assert_true (pd_stage_get_inbound_enabled (build));
}

static void
test_double_start (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdPipeline) pipeline = pd_pipeline_new (fixture->client, "todo-list-docs");
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autofree char *id = NULL;
  g_autofree char *none = NULL;
  GError *error = NULL;

  refresh (pipeline);
  pd_test_sandbox_reset_stats (fixture->sandbox);

  /* A double click: the second activation comes while the first is in flight */
  pd_pipeline_start_execution_async (pipeline, NULL, NULL, on_result_cb, &first);
  g_assert_true (pd_pipeline_get_busy (pipeline, PD_PIPELINE_OPERATION_START));
  pd_pipeline_start_execution_async (pipeline, NULL, NULL, on_result_cb, &second);

  none = pd_pipeline_start_execution_finish (pipeline, await (&second), &error);
  g_assert_error (error, PD_CORE_ERROR, PD_CORE_ERROR_BUSY);
  g_assert_null (none);
  g_clear_error (&error);

  id = pd_pipeline_start_execution_finish (pipeline, await (&first), &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_false (pd_pipeline_get_busy (pipeline, PD_PIPELINE_OPERATION_START));
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.StartPipelineExecution"),
                    ==, 1);
}

typedef struct
{
  PdPoller *poller;
  guint     failures;
} FailureWait;

static gboolean
failures_reached (gpointer data)
{
  FailureWait *wait = data;

  return wait->failures == 0 ? pd_poller_get_failures (wait->poller) == 0
                             : pd_poller_get_failures (wait->poller) >= wait->failures;
}

static gboolean
both_true (gpointer data)
{
  gboolean *flags = data;

  return flags[0] && flags[1];
}

static guint
retry_now (guint    delay_ms,
           gpointer user_data)
{
  return 1;
}

static void
test_faults_stale (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdPipeline) pipeline = pd_pipeline_new (fixture->client, "todo-list-aws");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdPoller) poller = NULL;
  g_autoptr(GDateTime) since = NULL;
  GError *error = NULL;
  guint attempts;

  pd_aws_client_set_retry_hooks (fixture->client, NULL, retry_now, NULL);
  refresh (pipeline);
  g_assert_false (pd_pipeline_get_stale (pipeline));

  /* Every request is throttled or gets a 5xx, retries included */
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "throttle=0.5,5xx=0.5", &error));
  pd_pipeline_refresh_async (pipeline, NULL, on_result_cb, &result);
  g_assert_false (pd_pipeline_refresh_finish (pipeline, await (&result), &error));
  g_assert_true (error != NULL && error->domain == PD_AWS_ERROR);
  g_assert_true (g_strv_contains ((const char * const[]) { "ThrottlingException",
                                                           "ServiceUnavailableException", NULL },
                                  pd_aws_error_get_aws_code (error)));
  g_clear_error (&error);

  /* The last state stays, marked stale */
  g_assert_true (pd_pipeline_get_stale (pipeline));
  since = g_date_time_ref (pd_pipeline_get_stale_since (pipeline));
  g_assert_nonnull (pd_pipeline_get_error (pipeline));
  g_assert_cmpuint (g_list_model_get_n_items (pd_pipeline_get_stages (pipeline)), ==, 7);
  g_assert_cmpint (pd_stage_get_status (pd_pipeline_find_stage (pipeline, "Build")), ==,
                   PD_AWS_EXECUTION_STATUS_SUCCEEDED);
  g_assert_cmpuint (g_list_model_get_n_items (pd_pipeline_get_executions (pipeline)), ==, 20);

  /* The poller backs off, doubling, up to its cap */
  poller = pd_poller_new (NULL);
  pd_poller_set_idle_interval (poller, 20);
  pd_poller_set_running_interval (poller, 10);
  pd_poller_set_max_backoff (poller, 160);
  pd_poller_set_pipeline (poller, pipeline);
  pd_poller_set_active (poller, TRUE);
  for (attempts = 1; attempts <= 4; attempts++)
    {
      FailureWait wait = { poller, attempts };

      g_assert_true (pd_test_wait_until (failures_reached, &wait, WAIT_MS));
      g_assert_cmpuint (pd_poller_get_next_delay (poller), ==, MIN (20u << attempts, 160u));
    }
  g_assert_true (pd_pipeline_get_stale (pipeline));
  g_assert_true (g_date_time_equal (since, pd_pipeline_get_stale_since (pipeline)));

  /* Faults gone: the next poll recovers */
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, NULL, &error));
  {
    FailureWait wait = { poller, 0 };

    g_assert_true (pd_test_wait_until (failures_reached, &wait, WAIT_MS));
  }
  g_assert_false (pd_pipeline_get_stale (pipeline));
  g_assert_null (pd_pipeline_get_stale_since (pipeline));
  g_assert_null (pd_pipeline_get_error (pipeline));
  g_assert_cmpuint (pd_poller_get_next_delay (poller), ==, 20);
  g_object_run_dispose (G_OBJECT (poller));
}

static void
on_refresh_cancelled_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  gboolean *done = user_data;
  GError *error = NULL;

  g_assert_false (pd_pipeline_list_refresh_finish (PD_PIPELINE_LIST (object), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  *done = TRUE;
}

static void
on_finalized (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
test_account_switch (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdPipelineList) old = load_list (fixture);
  g_autoptr(PdPipeline) shown = g_object_ref (pd_pipeline_list_find (old, "todo-list-aws"));
  g_autoptr(GAsyncResult) result = NULL;
  gboolean gone[2] = { FALSE, FALSE };
  gboolean done = FALSE;
  GError *error = NULL;

  /* Data is freed at finalization, not at dispose */
  g_object_set_data_full (G_OBJECT (old), "test-finalized", &gone[0], on_finalized);
  g_object_set_data_full (G_OBJECT (shown), "test-finalized", &gone[1], on_finalized);

  /* Slow answers, so that everything is in flight at the switch */
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "latency=300ms", &error));
  pd_pipeline_list_refresh_async (old, NULL, on_refresh_cancelled_cb, &done);
  pd_pipeline_refresh_async (shown, NULL, on_result_cb, &result);
  sleep_ms (50);
  g_assert_true (pd_pipeline_list_get_loading (old));

  g_object_run_dispose (G_OBJECT (old));
  g_clear_object (&old);
  pd_test_wait_for_flag (&done, WAIT_MS);
  g_assert_false (pd_pipeline_refresh_finish (shown, await (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  /* No state was touched by the cancelled requests */
  g_assert_false (pd_pipeline_get_stale (shown));
  g_assert_null (pd_pipeline_get_error (shown));
  g_clear_object (&shown);
  g_assert_true (pd_test_wait_until (both_true, gone, WAIT_MS));

  /* The late answers of the sandbox land nowhere */
  sleep_ms (400);
}

static void
test_poller_hidden (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PdPipelineList) list = load_list (fixture);
  g_autoptr(PdPoller) poller = pd_poller_new (list);
  PdPipeline *watched = pd_pipeline_list_find (list, "todo-list-frontend");

  pd_poller_set_watch_interval (poller, 40);
  pd_poller_set_idle_interval (poller, 40);
  pd_poller_set_pipeline (poller, pd_pipeline_list_find (list, "todo-list-aws"));
  pd_test_sandbox_reset_stats (fixture->sandbox);

  /* Hidden with nothing watched: not a single request */
  sleep_ms (300);
  g_assert_cmpuint (pd_poller_get_next_delay (poller), ==, 0);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 0);

  /* A watched pipeline is checked, and only it */
  pd_pipeline_set_watched (watched, TRUE);
  pd_poller_poll_now (poller);
  sleep_ms (300);
  g_assert_cmpuint (pd_poller_get_next_delay (poller), ==, 40);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.ListPipelineExecutions"),
                    >=, 2);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.ListPipelines"), ==, 0);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.GetPipeline"), ==, 0);

  /* Shown again: the shown pipeline refreshes at once */
  pd_poller_set_active (poller, TRUE);
  sleep_ms (200);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.GetPipeline"), >=, 1);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "codepipeline.ListPipelines"), >=, 1);
  g_object_run_dispose (G_OBJECT (poller));
}

static void
test_start_impact (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdPipeline) frontend = pd_pipeline_new (fixture->client, "todo-list-frontend");
  g_autoptr(PdPipeline) notifications = pd_pipeline_new (fixture->client, "todo-list-notifications");
  g_autoptr(PdPipeline) reports = pd_pipeline_new (fixture->client, "todo-list-reports");
  g_autoptr(PdPipeline) v1 = pd_pipeline_new (fixture->client, "todo-list-migrations");
  g_autoptr(GHashTable) variables = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *id = NULL;
  GError *error = NULL;

  refresh (frontend);
  refresh (notifications);
  refresh (reports);
  refresh (v1);
  g_assert_cmpint (pd_pipeline_get_start_impact (frontend), ==, PD_START_IMPACT_SUPERSEDE);
  g_assert_cmpint (pd_pipeline_get_start_impact (notifications), ==, PD_START_IMPACT_QUEUE);
  warning = pd_pipeline_dup_start_warning (notifications);
  g_assert_nonnull (strstr (warning, "queue"));
  g_assert_cmpint (pd_pipeline_get_start_impact (reports), ==, PD_START_IMPACT_NONE);

  /* A V1 pipeline takes no variables: refused before sending */
  g_assert_cmpint (pd_pipeline_get_pipeline_type (v1), ==, PD_AWS_PIPELINE_TYPE_V1);
  g_hash_table_insert (variables, (char *) "STAGE", (char *) "qa");
  pd_test_sandbox_reset_stats (fixture->sandbox);
  pd_pipeline_start_execution_async (v1, variables, NULL, on_result_cb, &result);
  id = pd_pipeline_start_execution_finish (v1, await (&result), &error);
  g_assert_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (id);
  g_assert_false (pd_pipeline_get_busy (v1, PD_PIPELINE_OPERATION_START));
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 0);
}

/* A release with variables: the core start action sends them, and the
 * sandbox's run resolves them, the undeclared ones to their defaults. An
 * undeclared name comes back as the service's validation error. */
static void
test_start_variables (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PdPipeline) pipeline = pd_pipeline_new (fixture->client, "todo-list-aws");
  g_autoptr(GHashTable) variables = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) resolved = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) call_result = NULL;
  g_autoptr(GAsyncResult) refused_result = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  g_autofree char *refused = NULL;
  GError *error = NULL;
  JsonArray *array;

  refresh (pipeline);
  g_assert_cmpint (pd_pipeline_get_pipeline_type (pipeline), ==, PD_AWS_PIPELINE_TYPE_V2);
  g_hash_table_insert (variables, (char *) "DEPLOY_ENV", (char *) "qa");
  g_hash_table_insert (variables, (char *) "SNYK_MONITOR", (char *) "false");
  pd_pipeline_start_execution_async (pipeline, variables, NULL, on_result_cb, &result);
  id = pd_pipeline_start_execution_finish (pipeline, await (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  json_object_set_string_member (input, "pipelineName", "todo-list-aws");
  json_object_set_string_member (input, "pipelineExecutionId", id);
  pd_aws_client_call_async (fixture->client, "codepipeline", "GetPipelineExecution", input, NULL,
                            on_result_cb, &call_result);
  node = pd_aws_client_call_finish (fixture->client, await (&call_result), &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_object_get_object_member (json_node_get_object (node),
                                                                       "pipelineExecution"),
                                        "variables");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *variable = json_array_get_object_element (array, i);

      g_hash_table_insert (resolved, (char *) json_object_get_string_member (variable, "name"),
                           (char *) json_object_get_string_member (variable, "resolvedValue"));
    }
  g_assert_cmpuint (g_hash_table_size (resolved), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (resolved, "DEPLOY_ENV"), ==, "qa");
  g_assert_cmpstr (g_hash_table_lookup (resolved, "SNYK_MONITOR"), ==, "false");
  g_assert_cmpstr (g_hash_table_lookup (resolved, "HYPOTHESIS_PROFILE"), ==, "ci");

  g_hash_table_insert (variables, (char *) "STAGE", (char *) "qa");
  pd_pipeline_start_execution_async (pipeline, variables, NULL, on_result_cb, &refused_result);
  refused = pd_pipeline_start_execution_finish (pipeline, await (&refused_result), &error);
  g_assert_null (refused);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "'STAGE' is not declared"));
  g_clear_error (&error);
  g_assert_false (pd_pipeline_get_busy (pipeline, PD_PIPELINE_OPERATION_START));
}

int
main (int   argc,
      char *argv[])
{
  static Setup through = { 0, SPEED };
  static Setup failing = { 0, SPEED };
  static Setup seeded = { 0, 1.0 };

  through.seed = pd_test_sandbox_find_seed ("todo-list-aws", 21, NULL);
  failing.seed = pd_test_sandbox_find_seed ("todo-list-aws", 21, "UnitTests");
  seeded.seed = through.seed;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func, setup) \
  g_test_add (path, Fixture, &setup, fixture_setup, func, fixture_teardown)

  ADD ("/pd/core/pipelines/new-destroy", test_list_new_destroy, through);
  ADD ("/pd/core/pipelines/list/loads-every-status", test_list_loads, seeded);
  ADD ("/pd/core/pipelines/pipeline/graph", test_pipeline_graph, through);
  ADD ("/pd/core/pipelines/pipeline/show-older-execution", test_show_older_execution, through);
  ADD ("/pd/core/pipelines/actions/start-approve", test_start_approve, through);
  ADD ("/pd/core/pipelines/actions/fail-retry-notify", test_fail_retry, failing);
  ADD ("/pd/core/pipelines/actions/stop-abandon", test_stop_abandon, through);
  ADD ("/pd/core/pipelines/actions/disabled-transition", test_disabled_transition, through);
  ADD ("/pd/core/pipelines/actions/double-start", test_double_start, through);
  ADD ("/pd/core/pipelines/actions/start-impact", test_start_impact, seeded);
  ADD ("/pd/core/pipelines/refresh/faults-stale-recover", test_faults_stale, through);
  ADD ("/pd/core/pipelines/refresh/account-switch", test_account_switch, through);
  ADD ("/pd/core/pipelines/refresh/hidden", test_poller_hidden, seeded);
  ADD ("/pd/core/pipelines/actions/start-variables", test_start_variables, through);

#undef ADD

  return g_test_run ();
}
