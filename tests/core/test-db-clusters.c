/* test-db-clusters.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-db-clusters.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

/* The cluster list and the choice of each cluster's secret, against the
 * sandbox, with settings in memory. */

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

static GListModel *
load (PdTestSandbox *sandbox,
      GSettings     *settings)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *clusters;

  pd_db_clusters_load_async (sandbox->client, settings, NULL, on_result_cb, &result);
  g_assert_true (pd_test_wait_until (has_result, &result, 30000));
  clusters = pd_db_clusters_load_finish (result, &error);
  g_assert_no_error (error);
  return clusters;
}

static PdDbCluster *
find (GListModel *clusters,
      const char *identifier)
{
  for (guint i = 0; i < g_list_model_get_n_items (clusters); i++)
    {
      g_autoptr(PdDbCluster) cluster = g_list_model_get_item (clusters, i);

      if (g_str_equal (pd_db_cluster_get_identifier (cluster), identifier))
        return cluster;
    }
  return NULL;
}

static void
test_clusters (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_new (300.0, 7, 8);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GListModel) clusters = load (sandbox, settings);
  g_autoptr(GListModel) again = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) members = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *pasted = NULL;
  g_autoptr(GVariant) stored = NULL;
  PdDbCluster *mysql;
  PdDbCluster *staging;
  PdDbCluster *other;
  double min_acu = 0;
  double max_acu = 0;
  const char *managed;

  g_assert_cmpuint (g_list_model_get_n_items (clusters), ==, 25);
  mysql = find (clusters, "todo-list-db-mysql");
  g_assert_nonnull (mysql);
  g_assert_cmpint (pd_db_cluster_get_engine (mysql), ==, PD_DB_ENGINE_MYSQL);
  g_assert_cmpstr (pd_db_cluster_get_engine_version (mysql), ==, "8.0.mysql_aurora.3.05.2");
  g_assert_cmpstr (pd_db_cluster_get_status (mysql), ==, "available");
  g_assert_cmpstr (pd_db_cluster_get_database (mysql), ==, "todo");
  g_assert_true (pd_db_cluster_get_http_endpoint (mysql));
  g_assert_null (pd_db_cluster_dup_http_endpoint_hint (mysql));
  g_assert_true (pd_db_cluster_get_capacity (mysql, &min_acu, &max_acu));
  g_assert_cmpfloat (min_acu, ==, 0.5);
  g_assert_cmpfloat (max_acu, ==, 8.0);
  g_assert_cmpint (pd_db_cluster_get_port (mysql), ==, 3306);
  members = pd_db_cluster_dup_members (mysql);
  g_assert_cmpstr (members[0], ==, "todo-list-db-mysql-instance-1");
  g_assert_cmpstr (pd_db_cluster_get_writer (mysql), ==, members[0]);
  g_assert_nonnull (strstr (pd_db_cluster_get_endpoint (mysql), "todo-list-db-mysql.cluster-"));

  /* The managed master secret is found without asking. */
  g_assert_cmpint (pd_db_cluster_get_secret_source (mysql), ==, PD_DB_SECRET_MANAGED);
  managed = pd_db_cluster_get_secret_arn (mysql);
  g_assert_nonnull (strstr (managed, ":secret:todo-list-db-mysql/master"));

  staging = find (clusters, "todo-list-db-staging");
  g_assert_false (pd_db_cluster_get_http_endpoint (staging));
  hint = pd_db_cluster_dup_http_endpoint_hint (staging);
  g_assert_nonnull (strstr (hint, "enable-http-endpoint"));
  g_assert_nonnull (strstr (hint, pd_db_cluster_get_arn (staging)));

  other = find (clusters, "billing-api-db");
  g_assert_cmpint (pd_db_cluster_get_secret_source (other), ==, PD_DB_SECRET_NONE);
  g_assert_null (pd_db_cluster_get_secret_arn (other));

  /* Bad pasted ARNs are refused and leave nothing behind. */
  {
    const char *bad[] = { "", "todo-list-db/master", "arn:aws:rds:eu-west-1:123456789012:cluster:x",
                          "arn:aws:secretsmanager:eu-west-1:1234:secret:x",
                          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:",
                          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:a\nb" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (pd_db_cluster_set_secret_arn (other, bad[i], settings, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
      }
  }
  stored = g_settings_get_value (settings, "database-secrets");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 0);
  g_clear_pointer (&stored, g_variant_unref);

  /* A pasted ARN is used and remembered for that cluster only, and beats
   * the managed secret. */
  pasted = g_strdup_printf ("  %s  ", managed);
  g_assert_true (pd_db_cluster_set_secret_arn (other, pasted, settings, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pd_db_cluster_get_secret_arn (other), ==, managed);
  stored = g_settings_get_value (settings, "database-secrets");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 1);
  again = load (sandbox, settings);
  other = find (again, "billing-api-db");
  g_assert_cmpint (pd_db_cluster_get_secret_source (other), ==, PD_DB_SECRET_REMEMBERED);
  g_assert_cmpstr (pd_db_cluster_get_secret_arn (other), ==, managed);
  g_assert_cmpint (pd_db_cluster_get_secret_source (find (again, "todo-list-db-mysql")), ==,
                   PD_DB_SECRET_MANAGED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/core/db-clusters/clusters", test_clusters);

  return g_test_run ();
}
