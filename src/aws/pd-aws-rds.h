/* pd-aws-rds.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/**
 * PdAwsDbClusterMember:
 * @instance: the DB instance identifier
 * @is_writer: whether it is the cluster's writer
 * @promotion_tier: its failover priority (0 first)
 *
 * One instance of a cluster.
 */
typedef struct
{
  char     *instance;
  gboolean  is_writer;
  int       promotion_tier;
} PdAwsDbClusterMember;

/**
 * PdAwsDbCluster:
 * @identifier: the cluster identifier
 * @arn: its ARN, the Data API's resourceArn
 * @engine: `aurora-postgresql`, `aurora-mysql`…
 * @engine_version: the engine version
 * @engine_mode: `provisioned` (Serverless v2 too) or `serverless` (v1)
 * @status: `available`, `stopped`, `starting`…
 * @database_name: (nullable): the initial database
 * @master_username: (nullable): the master user
 * @endpoint: (nullable): the writer endpoint
 * @reader_endpoint: (nullable): the reader endpoint
 * @port: the port, 0 if unknown
 * @http_endpoint_enabled: whether the Data API is on
 * @serverless_v2: whether a Serverless v2 scaling configuration is set
 * @min_capacity: Serverless v2 minimum ACUs
 * @max_capacity: Serverless v2 maximum ACUs
 * @master_secret_arn: (nullable): the RDS-managed master secret
 * @created: (nullable): the creation time
 * @members: (element-type PdAwsDbClusterMember): the instances
 *
 * One entry of RDS DescribeDBClusters.
 */
typedef struct
{
  char      *identifier;
  char      *arn;
  char      *engine;
  char      *engine_version;
  char      *engine_mode;
  char      *status;
  char      *database_name;
  char      *master_username;
  char      *endpoint;
  char      *reader_endpoint;
  int        port;
  gboolean   http_endpoint_enabled;
  gboolean   serverless_v2;
  double     min_capacity;
  double     max_capacity;
  char      *master_secret_arn;
  GDateTime *created;
  GPtrArray *members;
} PdAwsDbCluster;

#define PD_AWS_TYPE_DB_CLUSTER (pd_aws_db_cluster_get_type ())

GType           pd_aws_db_cluster_get_type   (void) G_GNUC_CONST;
PdAwsDbCluster *pd_aws_db_cluster_copy       (const PdAwsDbCluster *self);
void            pd_aws_db_cluster_free       (PdAwsDbCluster       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsDbCluster, pd_aws_db_cluster_free)

/* Every cluster (all pages), or the one named by @identifier. */
void            pd_aws_rds_describe_db_clusters_async  (PdAwsClient          *client,
                                                        const char           *identifier,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* Returns: (element-type PdAwsDbCluster) */
GPtrArray      *pd_aws_rds_describe_db_clusters_finish (PdAwsClient          *client,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/**
 * PdAwsSecretEntry:
 * @arn: the secret's ARN
 * @name: its name
 * @description: (nullable): its description
 * @tags: (element-type utf8 utf8): its tags
 *
 * One entry of Secrets Manager ListSecrets: the secret's metadata, never
 * its value.
 */
typedef struct
{
  char       *arn;
  char       *name;
  char       *description;
  GHashTable *tags;
} PdAwsSecretEntry;

void             pd_aws_secret_entry_free    (PdAwsSecretEntry *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsSecretEntry, pd_aws_secret_entry_free)

void             pd_aws_secrets_list_async   (PdAwsClient          *client,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* Returns: (element-type PdAwsSecretEntry) */
GPtrArray       *pd_aws_secrets_list_finish  (PdAwsClient          *client,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
