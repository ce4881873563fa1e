/* pd-sandbox-rds.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-services-private.h"

/* RDS (query protocol, XML replies): DescribeDBClusters over the Aurora
 * Serverless v2 cluster of the To-Do application and the clusters of the
 * other services of the account. */

typedef struct
{
  char     *identifier;
  char     *arn;
  char     *resource_id;
  char     *engine;
  char     *engine_version;
  char     *database_name;
  char     *master_username;
  char     *secret_arn;
  char     *status;
  gint64    created_ms;
  double    min_capacity;
  double    max_capacity;
  gboolean  http_endpoint;
  gboolean  multi_az;
} Cluster;

typedef struct
{
  PdSandbox *sandbox;
  GPtrArray *clusters;
} Rds;

static void
cluster_free (gpointer data)
{
  Cluster *cluster = data;

  g_free (cluster->identifier);
  g_free (cluster->arn);
  g_free (cluster->resource_id);
  g_free (cluster->engine);
  g_free (cluster->engine_version);
  g_free (cluster->database_name);
  g_free (cluster->master_username);
  g_free (cluster->secret_arn);
  g_free (cluster->status);
  g_free (cluster);
}

static void
rds_free (gpointer data)
{
  Rds *self = data;

  g_ptr_array_unref (self->clusters);
  g_free (self);
}

static void
append_cluster (Rds     *self,
                GString *xml,
                Cluster *cluster)
{
  const char *region = pd_sandbox_get_region (self->sandbox);
  g_autofree char *created = pd_sandbox_format_iso8601 (cluster->created_ms);
  g_autofree char *endpoint = g_strdup_printf ("%s.cluster-c9akciq32.%s.rds.amazonaws.com",
                                               cluster->identifier, region);
  g_autofree char *reader = g_strdup_printf ("%s.cluster-ro-c9akciq32.%s.rds.amazonaws.com",
                                             cluster->identifier, region);
  g_autofree char *instance = g_strdup_printf ("%s-instance-1", cluster->identifier);
  g_autofree char *zone = g_strdup_printf ("%sa", region);
  gboolean postgres = g_str_equal (cluster->engine, "aurora-postgresql");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (xml, "<DBCluster>");
  pd_sandbox_xml_append (xml, "DBClusterIdentifier", cluster->identifier);
  pd_sandbox_xml_append (xml, "DBClusterArn", cluster->arn);
  pd_sandbox_xml_append (xml, "DbClusterResourceId", cluster->resource_id);
  pd_sandbox_xml_append (xml, "Status", cluster->status);
  pd_sandbox_xml_append (xml, "Engine", cluster->engine);
  pd_sandbox_xml_append (xml, "EngineVersion", cluster->engine_version);
  pd_sandbox_xml_append (xml, "EngineMode", "provisioned");
  pd_sandbox_xml_append (xml, "Endpoint", endpoint);
  pd_sandbox_xml_append (xml, "ReaderEndpoint", reader);
  pd_sandbox_xml_append (xml, "Port", postgres ? "5432" : "3306");
  pd_sandbox_xml_append (xml, "DatabaseName", cluster->database_name);
  pd_sandbox_xml_append (xml, "MasterUsername", cluster->master_username);
  pd_sandbox_xml_append (xml, "HttpEndpointEnabled", cluster->http_endpoint ? "true" : "false");
  pd_sandbox_xml_append (xml, "MultiAZ", cluster->multi_az ? "true" : "false");
  pd_sandbox_xml_append (xml, "StorageEncrypted", "true");
  pd_sandbox_xml_append (xml, "DeletionProtection", "true");
  pd_sandbox_xml_append (xml, "BackupRetentionPeriod", "7");
  pd_sandbox_xml_append (xml, "ClusterCreateTime", created);
  pd_sandbox_xml_append (xml, "EarliestRestorableTime", created);
  pd_sandbox_xml_append (xml, "AllocatedStorage", "1");
  g_string_append (xml, "<ServerlessV2ScalingConfiguration>");
  pd_sandbox_xml_append (xml, "MinCapacity", g_ascii_dtostr (buf, sizeof buf, cluster->min_capacity));
  pd_sandbox_xml_append (xml, "MaxCapacity", g_ascii_dtostr (buf, sizeof buf, cluster->max_capacity));
  g_string_append (xml, "</ServerlessV2ScalingConfiguration>");
  g_string_append (xml, "<DBClusterMembers><DBClusterMember>");
  pd_sandbox_xml_append (xml, "DBInstanceIdentifier", instance);
  pd_sandbox_xml_append (xml, "IsClusterWriter", "true");
  pd_sandbox_xml_append (xml, "PromotionTier", "1");
  g_string_append (xml, "</DBClusterMember></DBClusterMembers>");
  g_string_append (xml, "<AvailabilityZones>");
  pd_sandbox_xml_append (xml, "AvailabilityZone", zone);
  g_string_append (xml, "</AvailabilityZones>");
  g_string_append (xml, "<VpcSecurityGroups><VpcSecurityGroupMembership>");
  pd_sandbox_xml_append (xml, "VpcSecurityGroupId", "sg-0a1b2c3d4e5f60718");
  pd_sandbox_xml_append (xml, "Status", "active");
  g_string_append (xml, "</VpcSecurityGroupMembership></VpcSecurityGroups>");
  if (cluster->secret_arn != NULL)
    {
      g_string_append (xml, "<MasterUserSecret>");
      pd_sandbox_xml_append (xml, "SecretArn", cluster->secret_arn);
      pd_sandbox_xml_append (xml, "SecretStatus", "active");
      g_string_append (xml, "</MasterUserSecret>");
    }
  g_string_append (xml, "<TagList><Tag>");
  pd_sandbox_xml_append (xml, "Key", "project");
  pd_sandbox_xml_append (xml, "Value", g_str_has_prefix (cluster->identifier, "todo-list")
                                ? "todo-list-aws" : cluster->identifier);
  g_string_append (xml, "</Tag></TagList>");
  g_string_append (xml, "</DBCluster>");
}

static gboolean
filter_matches (Cluster    *cluster,
                const char *name,
                GPtrArray  *values)
{
  for (guint i = 0; i < values->len; i++)
    {
      const char *value = g_ptr_array_index (values, i);

      if (g_str_equal (name, "engine") && g_str_equal (value, cluster->engine))
        return TRUE;
      if (g_str_equal (name, "db-cluster-id") &&
          (g_str_equal (value, cluster->identifier) || g_str_equal (value, cluster->arn)))
        return TRUE;
      if (g_str_equal (name, "db-cluster-resource-id") && g_str_equal (value, cluster->resource_id))
        return TRUE;
    }
  return FALSE;
}

static void
describe_db_clusters (PdSandboxRequest *request,
                      gpointer          data)
{
  Rds *self = data;
  const char *identifier = g_hash_table_lookup (request->params, "DBClusterIdentifier");
  const char *marker = g_hash_table_lookup (request->params, "Marker");
  const char *max_text = g_hash_table_lookup (request->params, "MaxRecords");
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  g_autoptr(GString) xml = g_string_new (NULL);
  guint64 start = 0;
  gint64 max = 100;

  if (max_text != NULL)
    {
      char *end = NULL;

      max = g_ascii_strtoll (max_text, &end, 10);
      if (end == max_text || *end != '\0' || max < 20 || max > 100)
        {
          pd_sandbox_request_reply_error (request, 400, "InvalidParameterValue",
                                          "Invalid value %s for MaxRecords. Must be between 20 "
                                          "and 100", max_text);
          return;
        }
    }
  if (marker != NULL && !pd_sandbox_token_decode (marker, "dbclusters", &start))
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidParameterValue",
                                      "Invalid value for Marker: %s", marker);
      return;
    }

  for (guint i = 0; i < self->clusters->len; i++)
    {
      Cluster *cluster = g_ptr_array_index (self->clusters, i);
      gboolean keep = TRUE;

      if (identifier != NULL && !g_str_equal (identifier, cluster->identifier) &&
          !g_str_equal (identifier, cluster->arn))
        continue;

      for (guint f = 1; keep; f++)
        {
          g_autofree char *name_key = g_strdup_printf ("Filters.Filter.%u.Name", f);
          const char *name = g_hash_table_lookup (request->params, name_key);
          g_autoptr(GPtrArray) values = g_ptr_array_new ();

          if (name == NULL)
            break;
          if (!g_str_equal (name, "engine") && !g_str_equal (name, "db-cluster-id") &&
              !g_str_equal (name, "db-cluster-resource-id") && !g_str_equal (name, "domain"))
            {
              pd_sandbox_request_reply_error (request, 400, "InvalidParameterValue",
                                              "Unrecognized filter name: %s", name);
              return;
            }
          for (guint v = 1; ; v++)
            {
              g_autofree char *value_key = g_strdup_printf ("Filters.Filter.%u.Values.Value.%u",
                                                            f, v);
              const char *value = g_hash_table_lookup (request->params, value_key);

              if (value == NULL)
                break;
              g_ptr_array_add (values, (gpointer) value);
            }
          if (values->len == 0)
            {
              pd_sandbox_request_reply_error (request, 400, "InvalidParameterCombination",
                                              "Filter %s requires at least one value", name);
              return;
            }
          keep = filter_matches (cluster, name, values);
        }
      if (keep)
        g_ptr_array_add (selected, cluster);
    }

  if (identifier != NULL && selected->len == 0)
    {
      pd_sandbox_request_reply_error (request, 404, "DBClusterNotFoundFault",
                                      "DBCluster %s not found.", identifier);
      return;
    }

  if (start + (guint64) max < selected->len)
    {
      g_autofree char *next = pd_sandbox_token_encode ("dbclusters", start + max);

      pd_sandbox_xml_append (xml, "Marker", next);
    }
  g_string_append (xml, "<DBClusters>");
  for (guint64 i = start; i < selected->len && i < start + (guint64) max; i++)
    append_cluster (self, xml, g_ptr_array_index (selected, i));
  g_string_append (xml, "</DBClusters>");

  pd_sandbox_request_reply_xml (request, xml->str);
}

static const PdSandboxOperation rds_operations[] = {
  { "DescribeDBClusters", NULL, NULL, describe_db_clusters },
};

static const PdSandboxServiceInfo rds_info = {
  .signing_name = "rds",
  .protocol = PD_SANDBOX_PROTOCOL_QUERY,
  .api_version = "2014-10-31",
  .xml_namespace = "http://rds.amazonaws.com/doc/2014-10-31/",
  .validation_code = "InvalidParameterValue",
  .fault_name = "rds",
  .operations = rds_operations,
  .n_operations = G_N_ELEMENTS (rds_operations),
};

static Cluster *
add_cluster (Rds        *self,
             const char *identifier,
             const char *engine,
             const char *engine_version,
             const char *database_name,
             gboolean    http_endpoint,
             gint64      age_days)
{
  PdSandbox *sandbox = self->sandbox;
  Cluster *cluster = g_new0 (Cluster, 1);
  GRand *rand = pd_sandbox_get_rand (sandbox);
  GString *resource = g_string_new ("cluster-");

  for (guint i = 0; i < 26; i++)
    g_string_append_c (resource, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[g_rand_int_range (rand, 0, 32)]);

  cluster->identifier = g_strdup (identifier);
  cluster->arn = g_strdup_printf ("arn:aws:rds:%s:%s:cluster:%s", pd_sandbox_get_region (sandbox),
                                  pd_sandbox_get_account_id (sandbox), identifier);
  cluster->resource_id = g_string_free (resource, FALSE);
  cluster->engine = g_strdup (engine);
  cluster->engine_version = g_strdup (engine_version);
  cluster->database_name = g_strdup (database_name);
  cluster->master_username = g_strdup (g_str_equal (engine, "aurora-postgresql") ? "todo_admin"
                                                                                  : "admin");
  cluster->status = g_strdup ("available");
  cluster->created_ms = pd_sandbox_now_ms (sandbox) - age_days * 24 * 3600 * 1000;
  cluster->min_capacity = 0.5;
  cluster->max_capacity = g_str_has_prefix (identifier, "todo-list-db") ? 8.0 : 4.0;
  cluster->http_endpoint = http_endpoint;
  g_ptr_array_add (self->clusters, cluster);

  return cluster;
}

gboolean
pd_sandbox_rds_lookup_cluster (PdSandbox   *sandbox,
                               const char  *arn,
                               gboolean    *http_endpoint_enabled,
                               const char **secret_arn,
                               const char **engine)
{
  Rds *self = pd_sandbox_get_service_data (sandbox, "rds");

  for (guint i = 0; self != NULL && arn != NULL && i < self->clusters->len; i++)
    {
      Cluster *cluster = g_ptr_array_index (self->clusters, i);

      if (g_str_equal (cluster->arn, arn))
        {
          if (http_endpoint_enabled != NULL)
            *http_endpoint_enabled = cluster->http_endpoint;
          if (secret_arn != NULL)
            *secret_arn = cluster->secret_arn;
          if (engine != NULL)
            *engine = cluster->engine;
          return TRUE;
        }
    }
  return FALSE;
}

/* The master secret of a cluster, as RDS-managed secrets hold it. */
static void
add_master_secret (PdSandbox  *sandbox,
                   Cluster    *cluster)
{
  gboolean postgres = g_str_equal (cluster->engine, "aurora-postgresql");
  g_autofree char *password = pd_sandbox_generate_password (30);
  g_autofree char *secret = NULL;
  g_autofree char *name = g_strdup_printf ("%s/master", cluster->identifier);
  g_autofree char *description = g_strdup_printf ("Master credentials of the %s cluster",
                                                  cluster->identifier);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *host = g_strdup_printf ("%s.cluster-c9akciq32.%s.rds.amazonaws.com",
                                           cluster->identifier,
                                           pd_sandbox_get_region (sandbox));

  json_object_set_string_member (object, "username", cluster->master_username);
  json_object_set_string_member (object, "password", password);
  json_object_set_string_member (object, "engine", postgres ? "postgres" : "mysql");
  json_object_set_string_member (object, "host", host);
  json_object_set_int_member (object, "port", postgres ? 5432 : 3306);
  json_object_set_string_member (object, "dbClusterIdentifier", cluster->identifier);
  json_object_set_string_member (object, "dbname", cluster->database_name);
  json_node_set_object (node, object);
  secret = json_to_string (node, FALSE);
  cluster->secret_arn = g_strdup (pd_sandbox_secretsmanager_add (sandbox, name, description,
                                                                 secret));
  memset (password, 0, strlen (password));
  memset (secret, 0, strlen (secret));
}

void
pd_sandbox_rds_register (PdSandbox *sandbox)
{
  Rds *self = g_new0 (Rds, 1);
  static const char * const others[] = {
    "billing-api", "orders-service", "inventory-service", "payments-gateway", "user-profile",
    "notifications", "search-indexer", "reporting", "audit-trail", "feature-flags",
    "media-service", "recommendations", "shipping-quotes", "loyalty-points", "support-desk",
    "analytics-events", "catalog-service", "pricing-engine", "session-store", "webhooks",
    "scheduler", "geo-lookup",
  };
  Cluster *todo;
  Cluster *staging;
  Cluster *mysql;

  self->sandbox = sandbox;
  self->clusters = g_ptr_array_new_with_free_func (cluster_free);
  pd_sandbox_register_service (sandbox, &rds_info, self, rds_free);

  todo = add_cluster (self, "todo-list-db", "aurora-postgresql", "15.4", "todo", TRUE, 120);
  staging = add_cluster (self, "todo-list-db-staging", "aurora-postgresql", "15.4", "todo",
                         FALSE, 118);
  staging->min_capacity = 0;
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-db", others[i]);

      add_cluster (self, name, i % 3 == 0 ? "aurora-mysql" : "aurora-postgresql",
                   i % 3 == 0 ? "8.0.mysql_aurora.3.05.2" : "15.4", "app", i % 4 == 1,
                   200 + i * 9);
    }

  add_master_secret (sandbox, todo);

  /* The same application on aurora-mysql, last so that the clusters and
   * secrets seeded before keep their generated values. */
  mysql = add_cluster (self, "todo-list-db-mysql", "aurora-mysql", "8.0.mysql_aurora.3.05.2",
                       "todo", TRUE, 60);
  add_master_secret (sandbox, mysql);
}
