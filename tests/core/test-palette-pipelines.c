/* test-palette-pipelines.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-palette-index.h"
#include "pd-palette-pipelines.h"
#include "pd-pipeline-list.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

#define WAIT_MS 30000

/* The seeded world at the wall clock's pace: nothing moves under the
 * test. */
typedef struct
{
  PdTestSandbox      *sandbox;
  PdPipelineList     *list;
  PdPalettePipelines *provider;
  PdPaletteIndex     *index;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  fixture->sandbox = pd_test_sandbox_new (1.0, 0, PD_PIPELINE_LIST_DEFAULT_PARALLEL);
  fixture->list = pd_pipeline_list_new (fixture->sandbox->client);
  pd_pipeline_list_refresh_async (fixture->list, NULL, pd_test_store_result_cb, &result);
  g_assert_true (pd_pipeline_list_refresh_finish (fixture->list,
                                                  pd_test_await_result (&result, WAIT_MS),
                                                  &error));
  g_assert_no_error (error);

  fixture->provider = pd_palette_pipelines_new (fixture->list);
  fixture->index = pd_palette_index_new ();
  pd_palette_index_add_provider (fixture->index, G_LIST_MODEL (fixture->provider));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->index);
  g_assert_finalize_object (fixture->provider);
  g_assert_finalize_object (fixture->list);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static PdPipeline *
load_pipeline (Fixture    *fixture,
               const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  PdPipeline *pipeline = pd_pipeline_list_find (fixture->list, name);
  GError *error = NULL;

  g_assert_nonnull (pipeline);
  pd_pipeline_refresh_async (pipeline, NULL, pd_test_store_result_cb, &result);
  g_assert_true (pd_pipeline_refresh_finish (pipeline, pd_test_await_result (&result, WAIT_MS),
                                             &error));
  g_assert_no_error (error);
  return pipeline;
}

/* The provider's item of @kind titled @title (and under @subtitle, unless
 * NULL), or NULL. */
static PdPaletteItem *
find_item (GListModel    *model,
           PdPaletteKind  kind,
           const char    *title,
           const char    *subtitle)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdPaletteItem) item = g_list_model_get_item (model, i);

      if (pd_palette_item_get_kind (item) == kind &&
          g_strcmp0 (pd_palette_item_get_title (item), title) == 0 &&
          (subtitle == NULL || g_strcmp0 (pd_palette_item_get_subtitle (item), subtitle) == 0))
        return item;
    }
  return NULL;
}

static guint
count_kind (GListModel    *model,
            PdPaletteKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdPaletteItem) item = g_list_model_get_item (model, i);

      n += pd_palette_item_get_kind (item) == kind;
    }
  return n;
}

static PdPaletteItem *
first_result (Fixture    *fixture,
              const char *query)
{
  g_autoptr(PdPaletteItem) item = NULL;

  pd_palette_index_set_query (fixture->index, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->index)), >, 0);
  item = g_list_model_get_item (G_LIST_MODEL (fixture->index), 0);
  return item;   /* the index keeps a reference while the query stays */
}

static void
test_seeded_pipelines (Fixture       *fixture,
                       gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->provider);
  const char *names[] = {
    "todo-list-aws", "todo-list-infra", "todo-list-authorizer", "todo-list-frontend",
    "todo-list-notifications", "todo-list-reports", "todo-list-search", "todo-list-migrations",
    "todo-list-metrics", "todo-list-docs", "todo-list-mobile-api", "todo-list-backup",
    "todo-list-e2e",
  };
  PdPaletteItem *item;

  g_assert_true (pd_palette_pipelines_get_list (fixture->provider) == fixture->list);
  g_assert_cmpuint (count_kind (model, PD_PALETTE_KIND_PIPELINE), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *target = g_strdup_printf ("pipeline:%s", names[i]);

      item = find_item (model, PD_PALETTE_KIND_PIPELINE, names[i], NULL);
      g_assert_nonnull (item);
      g_assert_cmpstr (pd_palette_item_get_target (item), ==, target);
      g_assert_null (pd_palette_item_get_subtitle (item));
    }

  /* "tla" is todo-list-aws. */
  item = first_result (fixture, "tla");
  g_assert_cmpstr (pd_palette_item_get_title (item), ==, "todo-list-aws");
  g_assert_cmpint (pd_palette_item_get_kind (item), ==, PD_PALETTE_KIND_PIPELINE);
  item = first_result (fixture, "infra");
  g_assert_cmpstr (pd_palette_item_get_target (item), ==, "pipeline:todo-list-infra");
}

static void
test_stages_and_actions (Fixture       *fixture,
                         gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->provider);
  const char *stages[] = {
    "Source", "Build", "Test", "DeployStaging", "IntegrationTests", "Approval",
    "DeployProduction",
  };
  struct { const char *stage, *action, *target; } actions[] = {
    { "Source", "Source", "pipeline:todo-list-aws" },
    { "Build", "Package", "logs:todo-list-aws/latest/Package" },
    { "Test", "UnitTests", "logs:todo-list-aws/latest/UnitTests" },
    { "Test", "Quality", "logs:todo-list-aws/latest/Quality" },
    { "Test", "Security", "logs:todo-list-aws/latest/Security" },
    { "DeployStaging", "DeployStaging", "logs:todo-list-aws/latest/DeployStaging" },
    { "IntegrationTests", "IntegrationTests", "logs:todo-list-aws/latest/IntegrationTests" },
    { "Approval", "ManualApproval", "pipeline:todo-list-aws" },
    { "DeployProduction", "DeployProduction", "logs:todo-list-aws/latest/DeployProduction" },
  };
  PdPaletteItem *item;

  /* Only the list is loaded: pipelines, and what their summaries gave. */
  g_assert_null (find_item (model, PD_PALETTE_KIND_STAGE, "Build", "todo-list-aws"));

  load_pipeline (fixture, "todo-list-aws");
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      item = find_item (model, PD_PALETTE_KIND_STAGE, stages[i], "todo-list-aws");
      g_assert_nonnull (item);
      g_assert_cmpstr (pd_palette_item_get_target (item), ==, "pipeline:todo-list-aws");
    }
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *where = g_strdup_printf ("todo-list-aws · %s", actions[i].stage);

      item = find_item (model, PD_PALETTE_KIND_ACTION, actions[i].action, where);
      g_assert_nonnull (item);
      g_assert_cmpstr (pd_palette_item_get_target (item), ==, actions[i].target);
    }
  g_assert_cmpuint (count_kind (model, PD_PALETTE_KIND_STAGE), ==, G_N_ELEMENTS (stages));
  g_assert_cmpuint (count_kind (model, PD_PALETTE_KIND_ACTION), ==, G_N_ELEMENTS (actions));

  /* Through the index, as typed. */
  item = first_result (fixture, "UnitTests");
  g_assert_cmpstr (pd_palette_item_get_target (item), ==, "logs:todo-list-aws/latest/UnitTests");
  item = first_result (fixture, "dpr");
  g_assert_cmpstr (pd_palette_item_get_title (item), ==, "DeployProduction");
  item = first_result (fixture, "integration");
  g_assert_cmpint (pd_palette_item_get_kind (item), ==, PD_PALETTE_KIND_STAGE);
}

static void
test_executions_and_commits (Fixture       *fixture,
                             gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->provider);
  PdPipeline *pipeline = load_pipeline (fixture, "todo-list-aws");
  GListModel *executions = pd_pipeline_get_executions (pipeline);
  g_autoptr(PdExecution) execution = NULL;
  g_autoptr(GHashTable) revisions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *target = NULL;
  g_autofree char *short_id = NULL;
  g_autofree char *short_revision = NULL;
  g_autofree char *where = NULL;
  const char *id, *revision, *summary;
  PdPaletteItem *item;

  g_assert_cmpuint (g_list_model_get_n_items (executions), >, 1);
  for (guint i = 0; i < g_list_model_get_n_items (executions); i++)
    {
      g_autoptr(PdExecution) each = g_list_model_get_item (executions, i);

      g_assert_nonnull (find_item (model, PD_PALETTE_KIND_EXECUTION, pd_execution_get_id (each),
                                   NULL));
      if (pd_execution_get_revision_id (each) != NULL)
        g_hash_table_add (revisions, (gpointer) pd_execution_get_revision_id (each));
    }
  g_assert_cmpuint (g_hash_table_size (revisions), >, 0);

  /* The execution: by its ID and by its first 8 characters. */
  execution = g_list_model_get_item (executions, 0);
  id = pd_execution_get_id (execution);
  target = g_strdup_printf ("pipeline:todo-list-aws/%s", id);
  item = first_result (fixture, id);
  g_assert_cmpint (pd_palette_item_get_kind (item), ==, PD_PALETTE_KIND_EXECUTION);
  g_assert_cmpstr (pd_palette_item_get_target (item), ==, target);
  short_id = g_strndup (id, 8);
  item = first_result (fixture, short_id);
  g_assert_cmpint (pd_palette_item_get_kind (item), ==, PD_PALETTE_KIND_EXECUTION);
  g_assert_cmpstr (pd_palette_item_get_target (item), ==, target);

  /* The commit it ran: by its summary, its full revision ID and its short
   * one, opening the newest execution that ran it. */
  revision = pd_execution_get_revision_id (execution);
  summary = pd_execution_get_revision_summary (execution);
  g_assert_nonnull (revision);
  g_assert_nonnull (summary);
  g_assert_null (strchr (summary, '\n'));
  short_revision = g_strndup (revision, 8);
  where = g_strdup_printf ("%s · todo-list-aws", short_revision);
  item = find_item (model, PD_PALETTE_KIND_COMMIT, summary, where);
  g_assert_nonnull (item);
  g_assert_cmpstr (pd_palette_item_get_keywords (item), ==, revision);
  g_assert_cmpstr (pd_palette_item_get_target (item), ==, target);
  g_assert_cmpuint (count_kind (model, PD_PALETTE_KIND_COMMIT), ==, g_hash_table_size (revisions));

  item = first_result (fixture, summary);
  g_assert_cmpint (pd_palette_item_get_kind (item), ==, PD_PALETTE_KIND_COMMIT);
  g_assert_cmpstr (pd_palette_item_get_keywords (item), ==, revision);
  item = first_result (fixture, revision);
  g_assert_cmpint (pd_palette_item_get_kind (item), ==, PD_PALETTE_KIND_COMMIT);
  g_assert_cmpstr (pd_palette_item_get_target (item), ==, target);
  item = first_result (fixture, short_revision);
  g_assert_cmpint (pd_palette_item_get_kind (item), ==, PD_PALETTE_KIND_COMMIT);
}

static void
on_changed_cb (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *count)
{
  (*count)++;
}

static void
test_follows_refreshes (Fixture       *fixture,
                        gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->provider);
  g_autoptr(GAsyncResult) result = NULL;
  guint n, changes = 0;
  GError *error = NULL;

  load_pipeline (fixture, "todo-list-aws");
  n = g_list_model_get_n_items (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_changed_cb), &changes);

  /* A refresh that changes nothing shown changes nothing. */
  load_pipeline (fixture, "todo-list-aws");
  pd_pipeline_list_refresh_async (fixture->list, NULL, pd_test_store_result_cb, &result);
  g_assert_true (pd_pipeline_list_refresh_finish (fixture->list,
                                                  pd_test_await_result (&result, WAIT_MS),
                                                  &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  /* Another account or region: the other list's pipelines, or none. */
  pd_palette_pipelines_set_list (fixture->provider, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->index)), ==, 0);
  g_assert_cmpuint (changes, ==, 1);
  pd_palette_pipelines_set_list (fixture->provider, fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_signal_handlers_disconnect_by_func (model, on_changed_cb, &changes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/core/palette-pipelines/seeded-pipelines", Fixture, NULL,
              fixture_setup, test_seeded_pipelines, fixture_teardown);
  g_test_add ("/pd/core/palette-pipelines/stages-and-actions", Fixture, NULL,
              fixture_setup, test_stages_and_actions, fixture_teardown);
  g_test_add ("/pd/core/palette-pipelines/executions-and-commits", Fixture, NULL,
              fixture_setup, test_executions_and_commits, fixture_teardown);
  g_test_add ("/pd/core/palette-pipelines/follows-refreshes", Fixture, NULL,
              fixture_setup, test_follows_refreshes, fixture_teardown);

  return g_test_run ();
}
