/* pd-db-clusters.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"
#include "pd-db-schema.h"

G_BEGIN_DECLS

/* The account's Aurora clusters, each with the secret the Data API uses:
 * the one remembered for it (settings key `database-secrets`, ARNs only),
 * else its RDS-managed master secret, else a secret of ListSecrets tagged
 * with or named after the cluster. */

/**
 * PdDbSecretSource:
 * @PD_DB_SECRET_NONE: no secret found: one must be pasted
 * @PD_DB_SECRET_REMEMBERED: chosen before for this cluster
 * @PD_DB_SECRET_MANAGED: the cluster's RDS-managed master secret
 * @PD_DB_SECRET_MATCHED: a secret tagged with or named after the cluster
 */
typedef enum
{
  PD_DB_SECRET_NONE,
  PD_DB_SECRET_REMEMBERED,
  PD_DB_SECRET_MANAGED,
  PD_DB_SECRET_MATCHED,
} PdDbSecretSource;

#define PD_TYPE_DB_CLUSTER (pd_db_cluster_get_type ())

G_DECLARE_FINAL_TYPE (PdDbCluster, pd_db_cluster, PD, DB_CLUSTER, GObject)

const char      *pd_db_cluster_get_identifier      (PdDbCluster *self);
const char      *pd_db_cluster_get_arn             (PdDbCluster *self);
PdDbEngine       pd_db_cluster_get_engine          (PdDbCluster *self);
const char      *pd_db_cluster_get_engine_name     (PdDbCluster *self);
const char      *pd_db_cluster_get_engine_version  (PdDbCluster *self);
const char      *pd_db_cluster_get_status          (PdDbCluster *self);
const char      *pd_db_cluster_get_database        (PdDbCluster *self);
const char      *pd_db_cluster_get_endpoint        (PdDbCluster *self);
const char      *pd_db_cluster_get_reader_endpoint (PdDbCluster *self);
int              pd_db_cluster_get_port            (PdDbCluster *self);
gboolean         pd_db_cluster_get_http_endpoint   (PdDbCluster *self);
/* FALSE when the cluster has no Serverless v2 scaling; ACUs otherwise. */
gboolean         pd_db_cluster_get_capacity        (PdDbCluster *self,
                                                    double      *min_acu,
                                                    double      *max_acu);
/* Instance identifiers, the writer first. */
GStrv            pd_db_cluster_dup_members         (PdDbCluster *self);
const char      *pd_db_cluster_get_writer          (PdDbCluster *self);
const char      *pd_db_cluster_get_secret_arn      (PdDbCluster *self);
PdDbSecretSource pd_db_cluster_get_secret_source   (PdDbCluster *self);
/* Sets and remembers the secret of the cluster (its ARN, never its value).
 * Refuses what is not a Secrets Manager ARN. */
gboolean         pd_db_cluster_set_secret_arn      (PdDbCluster  *self,
                                                    const char   *secret_arn,
                                                    GSettings    *settings,
                                                    GError      **error);
/* The sentence to show when the Data API is off; %NULL when it is on. */
char            *pd_db_cluster_dup_http_endpoint_hint (PdDbCluster *self);

/* @settings: (nullable): where remembered secrets are read */
void             pd_db_clusters_load_async         (PdAwsClient         *client,
                                                    GSettings           *settings,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
/* Returns: (transfer full): a #GListModel of #PdDbCluster sorted by identifier */
GListModel      *pd_db_clusters_load_finish        (GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
