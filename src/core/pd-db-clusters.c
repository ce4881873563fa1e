/* pd-db-clusters.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-aws-error.h"
#include "pd-aws-rds.h"
#include "pd-db-clusters.h"

#define SECRETS_KEY "database-secrets"

struct _PdDbCluster
{
  GObject           parent_instance;

  PdAwsDbCluster   *info;
  char             *secret_arn;
  PdDbSecretSource  secret_source;
};

G_DEFINE_FINAL_TYPE (PdDbCluster, pd_db_cluster, G_TYPE_OBJECT)

static void
pd_db_cluster_finalize (GObject *object)
{
  PdDbCluster *self = PD_DB_CLUSTER (object);

  g_clear_pointer (&self->info, pd_aws_db_cluster_free);
  g_free (self->secret_arn);

  G_OBJECT_CLASS (pd_db_cluster_parent_class)->finalize (object);
}

static void
pd_db_cluster_class_init (PdDbClusterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_db_cluster_finalize;
}

static void
pd_db_cluster_init (PdDbCluster *self)
{
}

const char *
pd_db_cluster_get_identifier (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);
  return self->info->identifier;
}

const char *
pd_db_cluster_get_arn (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);
  return self->info->arn;
}

PdDbEngine
pd_db_cluster_get_engine (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), PD_DB_ENGINE_UNKNOWN);
  return pd_db_engine_from_name (self->info->engine);
}

const char *
pd_db_cluster_get_engine_name (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);
  return self->info->engine;
}

const char *
pd_db_cluster_get_engine_version (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);
  return self->info->engine_version;
}

const char *
pd_db_cluster_get_status (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);
  return self->info->status;
}

const char *
pd_db_cluster_get_database (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);
  return self->info->database_name;
}

const char *
pd_db_cluster_get_endpoint (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);
  return self->info->endpoint;
}

const char *
pd_db_cluster_get_reader_endpoint (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);
  return self->info->reader_endpoint;
}

int
pd_db_cluster_get_port (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), 0);
  return self->info->port;
}

gboolean
pd_db_cluster_get_http_endpoint (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), FALSE);
  return self->info->http_endpoint_enabled;
}

gboolean
pd_db_cluster_get_capacity (PdDbCluster *self,
                            double      *min_acu,
                            double      *max_acu)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), FALSE);

  if (min_acu != NULL)
    *min_acu = self->info->min_capacity;
  if (max_acu != NULL)
    *max_acu = self->info->max_capacity;
  return self->info->serverless_v2;
}

GStrv
pd_db_cluster_dup_members (PdDbCluster *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *writer;

  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);

  writer = pd_db_cluster_get_writer (self);
  if (writer != NULL)
    g_strv_builder_add (builder, writer);
  for (guint i = 0; i < self->info->members->len; i++)
    {
      PdAwsDbClusterMember *member = g_ptr_array_index (self->info->members, i);

      if (g_strcmp0 (member->instance, writer) != 0)
        g_strv_builder_add (builder, member->instance);
    }
  return g_strv_builder_end (builder);
}

const char *
pd_db_cluster_get_writer (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);

  for (guint i = 0; i < self->info->members->len; i++)
    {
      PdAwsDbClusterMember *member = g_ptr_array_index (self->info->members, i);

      if (member->is_writer)
        return member->instance;
    }
  return NULL;
}

const char *
pd_db_cluster_get_secret_arn (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);
  return self->secret_arn;
}

PdDbSecretSource
pd_db_cluster_get_secret_source (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), PD_DB_SECRET_NONE);
  return self->secret_source;
}

static gboolean
is_secret_arn (const char *text)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL || strlen (text) > 2048 || strchr (text, '\n') != NULL)
    return FALSE;
  /* arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME */
  parts = g_strsplit (text, ":", 7);
  return g_strv_length (parts) == 7 && g_str_equal (parts[0], "arn") && parts[1][0] != '\0' &&
         g_str_equal (parts[2], "secretsmanager") && parts[3][0] != '\0' &&
         strlen (parts[4]) == 12 && strspn (parts[4], "0123456789") == 12 &&
         g_str_equal (parts[5], "secret") && parts[6][0] != '\0';
}

/**
 * pd_db_cluster_set_secret_arn:
 * @self: a cluster
 * @secret_arn: the ARN of the secret for the Data API
 * @settings: (nullable): where to remember it
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @secret_arn is a Secrets Manager ARN, now used and
 *   remembered
 */
gboolean
pd_db_cluster_set_secret_arn (PdDbCluster  *self,
                              const char   *secret_arn,
                              GSettings    *settings,
                              GError      **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), FALSE);

  trimmed = g_strstrip (g_strdup (secret_arn != NULL ? secret_arn : ""));
  if (!is_secret_arn (trimmed))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not the ARN of a Secrets Manager secret "
                     "(arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)"),
                   trimmed);
      return FALSE;
    }

  g_free (self->secret_arn);
  self->secret_arn = g_steal_pointer (&trimmed);
  self->secret_source = PD_DB_SECRET_REMEMBERED;

  if (settings != NULL)
    {
      g_autoptr(GVariant) old = g_settings_get_value (settings, SECRETS_KEY);
      g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
      GVariantIter iter;
      const char *key;
      const char *value;

      g_variant_iter_init (&iter, old);
      while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
        if (!g_str_equal (key, self->info->arn))
          g_variant_builder_add (&builder, "{ss}", key, value);
      g_variant_builder_add (&builder, "{ss}", self->info->arn, self->secret_arn);
      g_settings_set_value (settings, SECRETS_KEY, g_variant_builder_end (&builder));
    }
  return TRUE;
}

/**
 * pd_db_cluster_dup_http_endpoint_hint:
 * @self: a cluster
 *
 * Returns: (transfer full) (nullable): what to do about a disabled Data API
 */
char *
pd_db_cluster_dup_http_endpoint_hint (PdDbCluster *self)
{
  g_return_val_if_fail (PD_IS_DB_CLUSTER (self), NULL);

  if (self->info->http_endpoint_enabled)
    return NULL;
  return g_strdup_printf (_("The Data API is off for %s. Turn it on with “aws rds "
                            "enable-http-endpoint --resource-arn %s” or in the RDS console "
                            "(Modify cluster → Data API)."),
                          self->info->identifier, self->info->arn);
}

/* ---- loading ------------------------------------------------------------ */

typedef struct
{
  PdAwsClient *client;
  GHashTable  *remembered;  /* cluster ARN → secret ARN */
  GPtrArray   *clusters;    /* PdAwsDbCluster */
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->client);
  g_clear_pointer (&load->remembered, g_hash_table_unref);
  g_clear_pointer (&load->clusters, g_ptr_array_unref);
  g_free (load);
}

static int
compare_clusters (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return g_strcmp0 (pd_db_cluster_get_identifier ((PdDbCluster *) a),
                    pd_db_cluster_get_identifier ((PdDbCluster *) b));
}

static const char *
match_secret (PdAwsDbCluster *cluster,
              GPtrArray      *secrets)
{
  g_autofree char *prefix = g_strdup_printf ("%s/", cluster->identifier);

  for (guint i = 0; secrets != NULL && i < secrets->len; i++)
    {
      PdAwsSecretEntry *entry = g_ptr_array_index (secrets, i);
      const char *tagged = g_hash_table_lookup (entry->tags, "aws:rds:primaryDBClusterArn");

      if (g_strcmp0 (tagged, cluster->arn) == 0)
        return entry->arn;
    }
  for (guint i = 0; secrets != NULL && i < secrets->len; i++)
    {
      PdAwsSecretEntry *entry = g_ptr_array_index (secrets, i);

      if (g_str_has_prefix (entry->name, prefix))
        return entry->arn;
    }
  return NULL;
}

static void
on_secrets_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GPtrArray) secrets = NULL;
  g_autoptr(GError) error = NULL;
  GListStore *store = g_list_store_new (PD_TYPE_DB_CLUSTER);

  /* Without ListSecrets (not allowed, say) secrets can still be pasted. */
  secrets = pd_aws_secrets_list_finish (PD_AWS_CLIENT (object), result, &error);
  if (secrets == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (store);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < load->clusters->len; i++)
    {
      PdAwsDbCluster *info = g_ptr_array_index (load->clusters, i);
      PdDbCluster *cluster = g_object_new (PD_TYPE_DB_CLUSTER, NULL);
      const char *remembered = g_hash_table_lookup (load->remembered, info->arn);
      const char *matched;

      cluster->info = pd_aws_db_cluster_copy (info);
      if (remembered != NULL && is_secret_arn (remembered))
        {
          cluster->secret_arn = g_strdup (remembered);
          cluster->secret_source = PD_DB_SECRET_REMEMBERED;
        }
      else if (info->master_secret_arn != NULL)
        {
          cluster->secret_arn = g_strdup (info->master_secret_arn);
          cluster->secret_source = PD_DB_SECRET_MANAGED;
        }
      else if ((matched = match_secret (info, secrets)) != NULL)
        {
          cluster->secret_arn = g_strdup (matched);
          cluster->secret_source = PD_DB_SECRET_MATCHED;
        }
      g_list_store_insert_sorted (store, cluster, compare_clusters, NULL);
      g_object_unref (cluster);
    }

  g_task_return_pointer (task, store, g_object_unref);
}

static void
on_clusters_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  GError *error = NULL;

  load->clusters = pd_aws_rds_describe_db_clusters_finish (PD_AWS_CLIENT (object), result,
                                                           &error);
  if (load->clusters == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  pd_aws_secrets_list_async (load->client, g_task_get_cancellable (task), on_secrets_cb,
                             g_object_ref (task));
}

/**
 * pd_db_clusters_load_async:
 * @client: a #PdAwsClient
 * @settings: (nullable): the settings with remembered secrets
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the clusters
 * @user_data: data for @callback
 *
 * Lists the clusters and picks each one's Data API secret.
 */
void
pd_db_clusters_load_async (PdAwsClient         *client,
                           GSettings           *settings,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_db_clusters_load_async);
  load = g_new0 (Load, 1);
  load->client = g_object_ref (client);
  load->remembered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (settings != NULL)
    {
      g_autoptr(GVariant) map = g_settings_get_value (settings, SECRETS_KEY);
      GVariantIter iter;
      char *key;
      char *value;

      g_variant_iter_init (&iter, map);
      while (g_variant_iter_next (&iter, "{ss}", &key, &value))
        g_hash_table_replace (load->remembered, key, value);
    }
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  pd_aws_rds_describe_db_clusters_async (client, NULL, cancellable, on_clusters_cb,
                                         g_steal_pointer (&task));
}

/**
 * pd_db_clusters_load_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a #GListModel of #PdDbCluster, or %NULL
 */
GListModel *
pd_db_clusters_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
