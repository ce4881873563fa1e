/* pd-db-schema.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/* The schema of an Aurora database read through the Data API: tables and
 * views with their columns, keys, foreign keys and indexes. Each engine's
 * catalog queries live in one table in pd-db-schema.c; a whole schema takes
 * one read-only, parameterized statement per kind of object (four), more
 * only when a result must be paged under the Data API's 1 MiB limit. */

typedef enum
{
  PD_DB_ENGINE_UNKNOWN,
  PD_DB_ENGINE_POSTGRESQL,
  PD_DB_ENGINE_MYSQL,
} PdDbEngine;

PdDbEngine pd_db_engine_from_name (const char *engine);

/**
 * PdDbErrorKind:
 * @PD_DB_ERROR_FAILED: anything else
 * @PD_DB_ERROR_RESUMING: the cluster is resuming from a pause
 * @PD_DB_ERROR_TIMEOUT: a statement timed out
 * @PD_DB_ERROR_HTTP_ENDPOINT: the cluster's Data API (HTTP endpoint) is off
 * @PD_DB_ERROR_SECRET: the secret is missing, unreadable or its access is denied
 * @PD_DB_ERROR_TOO_LARGE: a result stayed over the 1 MiB limit
 * @PD_DB_ERROR_UNAVAILABLE: the database cannot be reached
 * @PD_DB_ERROR_SQL: the database refused a statement
 * @PD_DB_ERROR_ENGINE: the engine is not one the browser knows
 * @PD_DB_ERROR_WRITE_REFUSED: a statement that may write, with writes off
 *
 * What went wrong, each with its own visible state.
 */
typedef enum
{
  PD_DB_ERROR_FAILED,
  PD_DB_ERROR_RESUMING,
  PD_DB_ERROR_TIMEOUT,
  PD_DB_ERROR_HTTP_ENDPOINT,
  PD_DB_ERROR_SECRET,
  PD_DB_ERROR_TOO_LARGE,
  PD_DB_ERROR_UNAVAILABLE,
  PD_DB_ERROR_SQL,
  PD_DB_ERROR_ENGINE,
  PD_DB_ERROR_WRITE_REFUSED,
} PdDbErrorKind;

#define PD_DB_ERROR (pd_db_error_quark ())
GQuark      pd_db_error_quark       (void);
/* A translated sentence saying what happened and what to do. */
char       *pd_db_error_describe    (const GError *error);

/**
 * PdDbColumn:
 * @name: the column name
 * @type: the engine's type, as the catalog spells it
 * @nullable: whether it accepts NULL
 * @default_value: (nullable): its default expression; %NULL for none
 * @comment: (nullable): its comment
 * @position: its 1-based position
 *
 * A column of a table or view.
 */
typedef struct
{
  char     *name;
  char     *type;
  gboolean  nullable;
  char     *default_value;
  char     *comment;
  int       position;
} PdDbColumn;

/**
 * PdDbKeyKind:
 * @PD_DB_KEY_PRIMARY: a primary key
 * @PD_DB_KEY_UNIQUE: a unique constraint
 * @PD_DB_KEY_FOREIGN: a foreign key
 */
typedef enum
{
  PD_DB_KEY_PRIMARY,
  PD_DB_KEY_UNIQUE,
  PD_DB_KEY_FOREIGN,
} PdDbKeyKind;

/**
 * PdDbKey:
 * @kind: the kind of constraint
 * @name: the constraint name
 * @columns: its columns, in order
 * @ref_schema: (nullable): the referenced schema of a foreign key
 * @ref_table: (nullable): the referenced table of a foreign key
 * @ref_columns: (nullable): the referenced columns of a foreign key
 *
 * A primary key, unique constraint or foreign key.
 */
typedef struct
{
  PdDbKeyKind  kind;
  char        *name;
  GStrv        columns;
  char        *ref_schema;
  char        *ref_table;
  GStrv        ref_columns;
} PdDbKey;

/**
 * PdDbIndex:
 * @name: the index name
 * @columns: its columns or expressions, in order
 * @unique: whether it is unique
 * @primary: whether it backs the primary key
 *
 * An index.
 */
typedef struct
{
  char     *name;
  GStrv     columns;
  gboolean  unique;
  gboolean  primary;
} PdDbIndex;

#define PD_TYPE_DB_TABLE (pd_db_table_get_type ())

G_DECLARE_FINAL_TYPE (PdDbTable, pd_db_table, PD, DB_TABLE, GObject)

const char *pd_db_table_get_schema        (PdDbTable *self);
const char *pd_db_table_get_name          (PdDbTable *self);
gboolean    pd_db_table_is_view           (PdDbTable *self);
const char *pd_db_table_get_comment       (PdDbTable *self);
/* The catalog's estimate; -1 when unknown */
gint64      pd_db_table_get_estimated_rows (PdDbTable *self);
/* (element-type PdDbColumn) */
GPtrArray  *pd_db_table_get_columns       (PdDbTable *self);
/* (element-type PdDbKey) */
GPtrArray  *pd_db_table_get_keys          (PdDbTable *self);
/* (element-type PdDbIndex) */
GPtrArray  *pd_db_table_get_indexes       (PdDbTable *self);
PdDbColumn *pd_db_table_find_column       (PdDbTable  *self,
                                           const char *name);
/* Whether @column is part of the primary key, of a foreign key. */
gboolean    pd_db_table_column_in_key     (PdDbTable   *self,
                                           const char  *column,
                                           PdDbKeyKind  kind);

#define PD_TYPE_DB_SCHEMA (pd_db_schema_get_type ())

G_DECLARE_FINAL_TYPE (PdDbSchema, pd_db_schema, PD, DB_SCHEMA, GObject)

/* The tables and views (PdDbTable), sorted by schema then name. */
GListModel *pd_db_schema_get_tables       (PdDbSchema *self);
/* The schema names, sorted. */
GStrv       pd_db_schema_dup_schema_names (PdDbSchema *self);
PdDbTable  *pd_db_schema_find_table       (PdDbSchema *self,
                                           const char *schema,
                                           const char *name);
/* Data API calls the load made, pages and retries included. */
guint       pd_db_schema_get_calls        (PdDbSchema *self);

/* Notified with the retry delay while the cluster resumes, so that the
 * caller can show it; @user_data is the loader's. */
typedef void (*PdDbResumingFunc) (guint    attempt,
                                  guint    delay_ms,
                                  gpointer user_data);

/* Loads the schema of @database on @cluster_arn (engine @engine), with
 * backoff retries while the cluster resumes (up to PD_DB_RESUME_RETRIES). */
#define PD_DB_RESUME_RETRIES 6

void        pd_db_schema_load_async       (PdAwsClient         *client,
                                           const char          *cluster_arn,
                                           const char          *secret_arn,
                                           PdDbEngine           engine,
                                           const char          *database,
                                           PdDbResumingFunc     resuming,
                                           gpointer             resuming_data,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
PdDbSchema *pd_db_schema_load_finish      (GAsyncResult        *result,
                                           GError             **error);

/* The first retry waits this long, each next twice as long; tests shorten
 * it. */
void        pd_db_schema_set_backoff_ms   (guint                first_delay_ms);

G_END_DECLS
