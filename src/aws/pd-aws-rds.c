/* pd-aws-rds.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pd-aws-error.h"
#include "pd-aws-rds.h"
#include "pd-aws-typed-private.h"

/* RDS speaks the query protocol: every scalar of the answer arrives as a
 * string, so numbers and booleans are read from their text here. */

G_DEFINE_BOXED_TYPE (PdAwsDbCluster, pd_aws_db_cluster, pd_aws_db_cluster_copy,
                     pd_aws_db_cluster_free)

static void
member_free (gpointer data)
{
  PdAwsDbClusterMember *member = data;

  g_free (member->instance);
  g_free (member);
}

/**
 * pd_aws_db_cluster_copy:
 * @self: a cluster
 *
 * Returns: (transfer full): a copy of @self
 */
PdAwsDbCluster *
pd_aws_db_cluster_copy (const PdAwsDbCluster *self)
{
  PdAwsDbCluster *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PdAwsDbCluster, 1);
  *copy = *self;
  copy->identifier = g_strdup (self->identifier);
  copy->arn = g_strdup (self->arn);
  copy->engine = g_strdup (self->engine);
  copy->engine_version = g_strdup (self->engine_version);
  copy->engine_mode = g_strdup (self->engine_mode);
  copy->status = g_strdup (self->status);
  copy->database_name = g_strdup (self->database_name);
  copy->master_username = g_strdup (self->master_username);
  copy->endpoint = g_strdup (self->endpoint);
  copy->reader_endpoint = g_strdup (self->reader_endpoint);
  copy->master_secret_arn = g_strdup (self->master_secret_arn);
  copy->created = self->created != NULL ? g_date_time_ref (self->created) : NULL;
  copy->members = g_ptr_array_new_with_free_func (member_free);
  for (guint i = 0; self->members != NULL && i < self->members->len; i++)
    {
      PdAwsDbClusterMember *from = g_ptr_array_index (self->members, i);
      PdAwsDbClusterMember *to = g_new0 (PdAwsDbClusterMember, 1);

      *to = *from;
      to->instance = g_strdup (from->instance);
      g_ptr_array_add (copy->members, to);
    }

  return copy;
}

/**
 * pd_aws_db_cluster_free:
 * @self: (transfer full): a cluster
 *
 * Frees @self.
 */
void
pd_aws_db_cluster_free (PdAwsDbCluster *self)
{
  if (self == NULL)
    return;

  g_free (self->identifier);
  g_free (self->arn);
  g_free (self->engine);
  g_free (self->engine_version);
  g_free (self->engine_mode);
  g_free (self->status);
  g_free (self->database_name);
  g_free (self->master_username);
  g_free (self->endpoint);
  g_free (self->reader_endpoint);
  g_free (self->master_secret_arn);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_free (self);
}

static gboolean
read_text_bool (JsonObject  *object,
                const char  *path,
                const char  *member,
                gboolean    *out,
                GError     **error)
{
  g_autofree char *text = NULL;

  if (!pd_aws_read_string (object, path, member, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (g_str_equal (text, "true") || g_str_equal (text, "false"))
    {
      *out = g_str_equal (text, "true");
      return TRUE;
    }
  g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
               "the member “%s%s” is “%s” where true or false was expected",
               path, member, text);
  return FALSE;
}

static gboolean
read_text_double (JsonObject  *object,
                  const char  *path,
                  const char  *member,
                  double      *out,
                  GError     **error)
{
  g_autofree char *text = NULL;
  char *end = NULL;
  double value;

  if (!pd_aws_read_string (object, path, member, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the member “%s%s” is “%s” where a number was expected", path, member, text);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
read_text_int (JsonObject  *object,
               const char  *path,
               const char  *member,
               int         *out,
               GError     **error)
{
  double value = *out;

  if (!read_text_double (object, path, member, &value, error))
    return FALSE;
  if (value != floor (value) || value < G_MININT || value > G_MAXINT)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the member “%s%s” is not a whole number", path, member);
      return FALSE;
    }
  *out = (int) value;
  return TRUE;
}

static PdAwsDbCluster *
parse_cluster (JsonObject  *object,
               const char  *path,
               GError     **error)
{
  g_autoptr(PdAwsDbCluster) cluster = g_new0 (PdAwsDbCluster, 1);
  g_autofree char *created = NULL;
  g_autofree char *members_path = NULL;
  JsonObject *scaling = NULL;
  JsonObject *secret = NULL;
  JsonArray *members = NULL;

  cluster->members = g_ptr_array_new_with_free_func (member_free);
  if (!pd_aws_read_string (object, path, "DBClusterIdentifier", TRUE, &cluster->identifier,
                           error) ||
      !pd_aws_read_string (object, path, "DBClusterArn", TRUE, &cluster->arn, error) ||
      !pd_aws_read_string (object, path, "Engine", TRUE, &cluster->engine, error) ||
      !pd_aws_read_string (object, path, "EngineVersion", FALSE, &cluster->engine_version,
                           error) ||
      !pd_aws_read_string (object, path, "EngineMode", FALSE, &cluster->engine_mode, error) ||
      !pd_aws_read_string (object, path, "Status", FALSE, &cluster->status, error) ||
      !pd_aws_read_string (object, path, "DatabaseName", FALSE, &cluster->database_name,
                           error) ||
      !pd_aws_read_string (object, path, "MasterUsername", FALSE, &cluster->master_username,
                           error) ||
      !pd_aws_read_string (object, path, "Endpoint", FALSE, &cluster->endpoint, error) ||
      !pd_aws_read_string (object, path, "ReaderEndpoint", FALSE, &cluster->reader_endpoint,
                           error) ||
      !read_text_int (object, path, "Port", &cluster->port, error) ||
      !read_text_bool (object, path, "HttpEndpointEnabled", &cluster->http_endpoint_enabled,
                       error) ||
      !pd_aws_read_string (object, path, "ClusterCreateTime", FALSE, &created, error) ||
      !pd_aws_read_object (object, path, "ServerlessV2ScalingConfiguration", FALSE, &scaling,
                           error) ||
      !pd_aws_read_object (object, path, "MasterUserSecret", FALSE, &secret, error) ||
      !pd_aws_read_array (object, path, "DBClusterMembers", FALSE, &members, error))
    return NULL;

  if (scaling != NULL)
    {
      g_autofree char *scaling_path = g_strconcat (path, "ServerlessV2ScalingConfiguration.",
                                                   NULL);

      cluster->serverless_v2 = TRUE;
      if (!read_text_double (scaling, scaling_path, "MinCapacity", &cluster->min_capacity,
                             error) ||
          !read_text_double (scaling, scaling_path, "MaxCapacity", &cluster->max_capacity,
                             error))
        return NULL;
    }
  if (secret != NULL)
    {
      g_autofree char *secret_path = g_strconcat (path, "MasterUserSecret.", NULL);

      if (!pd_aws_read_string (secret, secret_path, "SecretArn", FALSE,
                               &cluster->master_secret_arn, error))
        return NULL;
    }
  if (created != NULL)
    {
      cluster->created = g_date_time_new_from_iso8601 (created, NULL);
      if (cluster->created == NULL)
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                       "the member “%sClusterCreateTime” is not an ISO-8601 time", path);
          return NULL;
        }
    }

  members_path = g_strconcat (path, "DBClusterMembers", NULL);
  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u].", members_path, i);
      JsonObject *item = NULL;
      PdAwsDbClusterMember *member;

      if (!pd_aws_read_array_object (members, path, "DBClusterMembers", i, &item, error))
        return NULL;
      member = g_new0 (PdAwsDbClusterMember, 1);
      g_ptr_array_add (cluster->members, member);
      if (!pd_aws_read_string (item, item_path, "DBInstanceIdentifier", TRUE, &member->instance,
                               error) ||
          !read_text_bool (item, item_path, "IsClusterWriter", &member->is_writer, error) ||
          !read_text_int (item, item_path, "PromotionTier", &member->promotion_tier, error))
        return NULL;
    }

  return g_steal_pointer (&cluster);
}

static gpointer
parse_clusters (JsonObject  *reply,
                GError     **error)
{
  g_autoptr(GPtrArray) clusters = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pd_aws_db_cluster_free);
  JsonArray *items = NULL;

  if (!pd_aws_read_array (reply, NULL, "DBClusters", FALSE, &items, error))
    return NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      g_autofree char *path = g_strdup_printf ("DBClusters[%u].", i);
      JsonObject *item = NULL;
      PdAwsDbCluster *cluster;

      if (!pd_aws_read_array_object (items, NULL, "DBClusters", i, &item, error) ||
          (cluster = parse_cluster (item, path, error)) == NULL)
        return NULL;
      g_ptr_array_add (clusters, cluster);
    }

  return g_steal_pointer (&clusters);
}

/**
 * pd_aws_rds_describe_db_clusters_async:
 * @client: a #PdAwsClient
 * @identifier: (nullable): one cluster's identifier or ARN, or %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Calls RDS DescribeDBClusters over every page.
 */
void
pd_aws_rds_describe_db_clusters_async (PdAwsClient         *client,
                                       const char          *identifier,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  if (identifier != NULL)
    json_object_set_string_member (input, "DBClusterIdentifier", identifier);
  json_object_set_int_member (input, "MaxRecords", 100);
  pd_aws_typed_pages_async (client, "rds", "DescribeDBClusters", input, "DBClusters", 0,
                            parse_clusters, (GDestroyNotify) g_ptr_array_unref,
                            pd_aws_rds_describe_db_clusters_async, cancellable, callback,
                            user_data);
}

/**
 * pd_aws_rds_describe_db_clusters_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PdAwsDbCluster): the clusters, or
 *   %NULL with @error set
 */
GPtrArray *
pd_aws_rds_describe_db_clusters_finish (PdAwsClient   *client,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_rds_describe_db_clusters_async, error);
}

/**
 * pd_aws_secret_entry_free:
 * @self: (transfer full): a secret entry
 *
 * Frees @self.
 */
void
pd_aws_secret_entry_free (PdAwsSecretEntry *self)
{
  if (self == NULL)
    return;

  g_free (self->arn);
  g_free (self->name);
  g_free (self->description);
  g_clear_pointer (&self->tags, g_hash_table_unref);
  g_free (self);
}

static gpointer
parse_secrets (JsonObject  *reply,
               GError     **error)
{
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pd_aws_secret_entry_free);
  JsonArray *items = NULL;

  if (!pd_aws_read_array (reply, NULL, "SecretList", FALSE, &items, error))
    return NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      g_autofree char *path = g_strdup_printf ("SecretList[%u].", i);
      g_autoptr(PdAwsSecretEntry) entry = g_new0 (PdAwsSecretEntry, 1);
      JsonObject *item = NULL;
      JsonArray *tags = NULL;

      if (!pd_aws_read_array_object (items, NULL, "SecretList", i, &item, error) ||
          !pd_aws_read_string (item, path, "ARN", TRUE, &entry->arn, error) ||
          !pd_aws_read_string (item, path, "Name", TRUE, &entry->name, error) ||
          !pd_aws_read_string (item, path, "Description", FALSE, &entry->description, error) ||
          !pd_aws_read_array (item, path, "Tags", FALSE, &tags, error))
        return NULL;
      entry->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint t = 0; tags != NULL && t < json_array_get_length (tags); t++)
        {
          g_autofree char *tag_path = g_strdup_printf ("%sTags[%u].", path, t);
          g_autofree char *key = NULL;
          g_autofree char *value = NULL;
          JsonObject *tag = NULL;

          if (!pd_aws_read_array_object (tags, path, "Tags", t, &tag, error) ||
              !pd_aws_read_string (tag, tag_path, "Key", TRUE, &key, error) ||
              !pd_aws_read_string (tag, tag_path, "Value", FALSE, &value, error))
            return NULL;
          g_hash_table_replace (entry->tags, g_steal_pointer (&key),
                                g_steal_pointer (&value) ?: g_strdup (""));
        }
      g_ptr_array_add (secrets, g_steal_pointer (&entry));
    }

  return g_steal_pointer (&secrets);
}

/**
 * pd_aws_secrets_list_async:
 * @client: a #PdAwsClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Calls Secrets Manager ListSecrets over every page. Secret values are
 * never fetched.
 */
void
pd_aws_secrets_list_async (PdAwsClient         *client,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  json_object_set_int_member (input, "MaxResults", 100);
  pd_aws_typed_pages_async (client, "secretsmanager", "ListSecrets", input, "SecretList", 0,
                            parse_secrets, (GDestroyNotify) g_ptr_array_unref,
                            pd_aws_secrets_list_async, cancellable, callback, user_data);
}

/**
 * pd_aws_secrets_list_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PdAwsSecretEntry): the secrets, or
 *   %NULL with @error set
 */
GPtrArray *
pd_aws_secrets_list_finish (PdAwsClient   *client,
                            GAsyncResult  *result,
                            GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_secrets_list_async, error);
}
