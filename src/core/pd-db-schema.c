/* pd-db-schema.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-aws-rdsdata.h"
#include "pd-db-schema.h"

/* Rows asked for per page; a result over the Data API's 1 MiB limit is
 * asked again with half as many. */
#define PAGE_ROWS      10000
#define MIN_PAGE_ROWS  50
/* Separates the columns of a key in one field: no identifier holds it. */
#define SEP            "\x1f"

typedef enum
{
  STEP_TABLES,
  STEP_COLUMNS,
  STEP_KEYS,
  STEP_INDEXES,
  N_STEPS,
} Step;

/*
 * The catalog statements of each engine, all read-only and parameterized:
 * :limit and :offset page every one of them; :db is the database (MySQL),
 * :sys the prefix of PostgreSQL's own schemas. Fields, in order:
 *   tables   schema, name, is_view, comment, estimated rows
 *   columns  schema, table, name, position, type, nullable, default, comment
 *   keys     schema, table, name, kind (p/u/f), columns, ref schema,
 *            ref table, ref columns
 *   indexes  schema, table, name, unique, primary, columns
 */
static const char * const engine_sql[][N_STEPS] = {
  [PD_DB_ENGINE_POSTGRESQL] = {
    [STEP_TABLES] =
      "SELECT n.nspname, c.relname, c.relkind IN ('v', 'm'),"
      " obj_description(c.oid, 'pg_class'), c.reltuples::bigint"
      " FROM pg_catalog.pg_class c"
      " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT LIKE :sys"
      " AND n.nspname <> 'information_schema'"
      " ORDER BY 1, 2 LIMIT :limit OFFSET :offset",
    [STEP_COLUMNS] =
      "SELECT n.nspname, c.relname, a.attname, a.attnum,"
      " pg_catalog.format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,"
      " pg_catalog.pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum)"
      " FROM pg_catalog.pg_attribute a"
      " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
      " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
      " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')"
      " AND n.nspname NOT LIKE :sys AND n.nspname <> 'information_schema'"
      " ORDER BY 1, 2, 4 LIMIT :limit OFFSET :offset",
    [STEP_KEYS] =
      "SELECT n.nspname, c.relname, k.conname, k.contype::text,"
      " (SELECT string_agg(a.attname, E'\\x1f' ORDER BY u.ord)"
      "   FROM unnest(k.conkey) WITH ORDINALITY AS u(num, ord)"
      "   JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num),"
      " fn.nspname, fc.relname,"
      " (SELECT string_agg(a.attname, E'\\x1f' ORDER BY u.ord)"
      "   FROM unnest(k.confkey) WITH ORDINALITY AS u(num, ord)"
      "   JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num)"
      " FROM pg_catalog.pg_constraint k"
      " JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
      " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " LEFT JOIN pg_catalog.pg_class fc ON fc.oid = k.confrelid"
      " LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace"
      " WHERE k.contype IN ('p', 'u', 'f') AND n.nspname NOT LIKE :sys"
      " AND n.nspname <> 'information_schema'"
      " ORDER BY 1, 2, 3 LIMIT :limit OFFSET :offset",
    [STEP_INDEXES] =
      "SELECT n.nspname, t.relname, i.relname, x.indisunique, x.indisprimary,"
      " (SELECT string_agg(pg_catalog.pg_get_indexdef(x.indexrelid, g.k, true), E'\\x1f'"
      "   ORDER BY g.k) FROM generate_series(1, x.indnkeyatts) AS g(k))"
      " FROM pg_catalog.pg_index x"
      " JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid"
      " JOIN pg_catalog.pg_class t ON t.oid = x.indrelid"
      " JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace"
      " WHERE n.nspname NOT LIKE :sys AND n.nspname <> 'information_schema'"
      " ORDER BY 1, 2, 3 LIMIT :limit OFFSET :offset",
  },
  [PD_DB_ENGINE_MYSQL] = {
    [STEP_TABLES] =
      "SELECT table_schema, table_name, table_type = 'VIEW', table_comment, table_rows"
      " FROM information_schema.tables WHERE table_schema = :db"
      " ORDER BY 1, 2 LIMIT :limit OFFSET :offset",
    [STEP_COLUMNS] =
      "SELECT table_schema, table_name, column_name, ordinal_position, column_type,"
      " is_nullable = 'YES', column_default, column_comment"
      " FROM information_schema.columns WHERE table_schema = :db"
      " ORDER BY 1, 2, 4 LIMIT :limit OFFSET :offset",
    [STEP_KEYS] =
      "SELECT t.table_schema, t.table_name, t.constraint_name,"
      " CASE t.constraint_type WHEN 'PRIMARY KEY' THEN 'p' WHEN 'UNIQUE' THEN 'u' ELSE 'f' END,"
      " GROUP_CONCAT(k.column_name ORDER BY k.ordinal_position SEPARATOR x'1f'),"
      " MAX(k.referenced_table_schema), MAX(k.referenced_table_name),"
      " GROUP_CONCAT(k.referenced_column_name ORDER BY k.ordinal_position SEPARATOR x'1f')"
      " FROM information_schema.table_constraints t"
      " JOIN information_schema.key_column_usage k ON k.constraint_schema = t.constraint_schema"
      "  AND k.table_name = t.table_name AND k.constraint_name = t.constraint_name"
      " WHERE t.table_schema = :db"
      " AND t.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')"
      " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3 LIMIT :limit OFFSET :offset",
    [STEP_INDEXES] =
      "SELECT table_schema, table_name, index_name, non_unique = 0, index_name = 'PRIMARY',"
      " GROUP_CONCAT(column_name ORDER BY seq_in_index SEPARATOR x'1f')"
      " FROM information_schema.statistics WHERE table_schema = :db"
      " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3 LIMIT :limit OFFSET :offset",
  },
};

G_DEFINE_QUARK (pd-db-error-quark, pd_db_error)

static guint backoff_ms = 1000;

/**
 * pd_db_engine_from_name:
 * @engine: (nullable): an RDS engine name
 *
 * Returns: the engine the browser reads it as
 */
PdDbEngine
pd_db_engine_from_name (const char *engine)
{
  if (g_strcmp0 (engine, "aurora-postgresql") == 0 || g_strcmp0 (engine, "postgres") == 0)
    return PD_DB_ENGINE_POSTGRESQL;
  if (g_strcmp0 (engine, "aurora-mysql") == 0 || g_strcmp0 (engine, "aurora") == 0 ||
      g_strcmp0 (engine, "mysql") == 0)
    return PD_DB_ENGINE_MYSQL;
  return PD_DB_ENGINE_UNKNOWN;
}

/**
 * pd_db_error_describe:
 * @error: an error of the schema browser
 *
 * Returns: (transfer full): what happened and what to do, translated
 */
char *
pd_db_error_describe (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != PD_DB_ERROR)
    return g_strdup (error->message);

  switch ((PdDbErrorKind) error->code)
    {
    case PD_DB_ERROR_RESUMING:
      return g_strdup (_("The database is resuming from a pause. Try again in a minute."));
    case PD_DB_ERROR_TIMEOUT:
      return g_strdup (_("The statement took too long and was stopped."));
    case PD_DB_ERROR_HTTP_ENDPOINT:
      return g_strdup (_("The Data API is off for this cluster. Turn on its HTTP endpoint "
                         "(RDS console → Modify cluster → Data API) and retry."));
    case PD_DB_ERROR_SECRET:
      return g_strdup (_("The database secret could not be used: check that it exists, "
                         "belongs to this cluster and that you may read it."));
    case PD_DB_ERROR_TOO_LARGE:
      return g_strdup (_("The result is larger than the Data API's 1 MiB limit."));
    case PD_DB_ERROR_UNAVAILABLE:
      return g_strdup (_("The database cannot be reached right now."));
    case PD_DB_ERROR_ENGINE:
      return g_strdup (_("This database engine is not supported."));
    case PD_DB_ERROR_WRITE_REFUSED:
    case PD_DB_ERROR_SQL:
    case PD_DB_ERROR_FAILED:
    default:
      return g_strdup (error->message);
    }
}

static GError *
db_error_from_aws (GError *aws_error)
{
  PdDbErrorKind kind;
  GError *error;

  switch (pd_aws_rds_data_error_kind (aws_error))
    {
    case PD_AWS_RDS_DATA_ERROR_RESUMING: kind = PD_DB_ERROR_RESUMING; break;
    case PD_AWS_RDS_DATA_ERROR_TIMEOUT: kind = PD_DB_ERROR_TIMEOUT; break;
    case PD_AWS_RDS_DATA_ERROR_HTTP_ENDPOINT: kind = PD_DB_ERROR_HTTP_ENDPOINT; break;
    case PD_AWS_RDS_DATA_ERROR_SECRET:
    case PD_AWS_RDS_DATA_ERROR_FORBIDDEN: kind = PD_DB_ERROR_SECRET; break;
    case PD_AWS_RDS_DATA_ERROR_TOO_LARGE: kind = PD_DB_ERROR_TOO_LARGE; break;
    case PD_AWS_RDS_DATA_ERROR_UNAVAILABLE: kind = PD_DB_ERROR_UNAVAILABLE; break;
    case PD_AWS_RDS_DATA_ERROR_SQL: kind = PD_DB_ERROR_SQL; break;
    case PD_AWS_RDS_DATA_ERROR_TRANSACTION:
    case PD_AWS_RDS_DATA_ERROR_OTHER:
    default: kind = PD_DB_ERROR_FAILED; break;
    }
  if (g_error_matches (aws_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return aws_error;
  error = g_error_new_literal (PD_DB_ERROR, kind, aws_error->message);
  g_error_free (aws_error);
  return error;
}

/* ---- tables ------------------------------------------------------------- */

static void
column_free (gpointer data)
{
  PdDbColumn *column = data;

  g_free (column->name);
  g_free (column->type);
  g_free (column->default_value);
  g_free (column->comment);
  g_free (column);
}

static void
key_free (gpointer data)
{
  PdDbKey *key = data;

  g_free (key->name);
  g_strfreev (key->columns);
  g_free (key->ref_schema);
  g_free (key->ref_table);
  g_strfreev (key->ref_columns);
  g_free (key);
}

static void
index_free (gpointer data)
{
  PdDbIndex *index = data;

  g_free (index->name);
  g_strfreev (index->columns);
  g_free (index);
}

struct _PdDbTable
{
  GObject    parent_instance;

  char      *schema;
  char      *name;
  char      *comment;
  GPtrArray *columns;
  GPtrArray *keys;
  GPtrArray *indexes;
  gint64     estimated_rows;
  gboolean   is_view;
};

G_DEFINE_FINAL_TYPE (PdDbTable, pd_db_table, G_TYPE_OBJECT)

static void
pd_db_table_finalize (GObject *object)
{
  PdDbTable *self = PD_DB_TABLE (object);

  g_free (self->schema);
  g_free (self->name);
  g_free (self->comment);
  g_ptr_array_unref (self->columns);
  g_ptr_array_unref (self->keys);
  g_ptr_array_unref (self->indexes);

  G_OBJECT_CLASS (pd_db_table_parent_class)->finalize (object);
}

static void
pd_db_table_class_init (PdDbTableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_db_table_finalize;
}

static void
pd_db_table_init (PdDbTable *self)
{
  self->columns = g_ptr_array_new_with_free_func (column_free);
  self->keys = g_ptr_array_new_with_free_func (key_free);
  self->indexes = g_ptr_array_new_with_free_func (index_free);
  self->estimated_rows = -1;
}

const char *
pd_db_table_get_schema (PdDbTable *self)
{
  g_return_val_if_fail (PD_IS_DB_TABLE (self), NULL);
  return self->schema;
}

const char *
pd_db_table_get_name (PdDbTable *self)
{
  g_return_val_if_fail (PD_IS_DB_TABLE (self), NULL);
  return self->name;
}

gboolean
pd_db_table_is_view (PdDbTable *self)
{
  g_return_val_if_fail (PD_IS_DB_TABLE (self), FALSE);
  return self->is_view;
}

const char *
pd_db_table_get_comment (PdDbTable *self)
{
  g_return_val_if_fail (PD_IS_DB_TABLE (self), NULL);
  return self->comment;
}

gint64
pd_db_table_get_estimated_rows (PdDbTable *self)
{
  g_return_val_if_fail (PD_IS_DB_TABLE (self), -1);
  return self->estimated_rows;
}

GPtrArray *
pd_db_table_get_columns (PdDbTable *self)
{
  g_return_val_if_fail (PD_IS_DB_TABLE (self), NULL);
  return self->columns;
}

GPtrArray *
pd_db_table_get_keys (PdDbTable *self)
{
  g_return_val_if_fail (PD_IS_DB_TABLE (self), NULL);
  return self->keys;
}

GPtrArray *
pd_db_table_get_indexes (PdDbTable *self)
{
  g_return_val_if_fail (PD_IS_DB_TABLE (self), NULL);
  return self->indexes;
}

PdDbColumn *
pd_db_table_find_column (PdDbTable  *self,
                         const char *name)
{
  g_return_val_if_fail (PD_IS_DB_TABLE (self), NULL);

  for (guint i = 0; i < self->columns->len; i++)
    {
      PdDbColumn *column = g_ptr_array_index (self->columns, i);

      if (g_strcmp0 (column->name, name) == 0)
        return column;
    }
  return NULL;
}

gboolean
pd_db_table_column_in_key (PdDbTable   *self,
                           const char  *column,
                           PdDbKeyKind  kind)
{
  g_return_val_if_fail (PD_IS_DB_TABLE (self), FALSE);

  for (guint i = 0; i < self->keys->len; i++)
    {
      PdDbKey *key = g_ptr_array_index (self->keys, i);

      if (key->kind == kind && g_strv_contains ((const char * const *) key->columns, column))
        return TRUE;
    }
  return FALSE;
}

/* ---- schema ------------------------------------------------------------- */

struct _PdDbSchema
{
  GObject     parent_instance;

  GListStore *tables;
  GHashTable *by_name;   /* "schema\x1fname" → PdDbTable (borrowed) */
  guint       calls;
};

G_DEFINE_FINAL_TYPE (PdDbSchema, pd_db_schema, G_TYPE_OBJECT)

static void
pd_db_schema_finalize (GObject *object)
{
  PdDbSchema *self = PD_DB_SCHEMA (object);

  g_clear_object (&self->tables);
  g_clear_pointer (&self->by_name, g_hash_table_unref);

  G_OBJECT_CLASS (pd_db_schema_parent_class)->finalize (object);
}

static void
pd_db_schema_class_init (PdDbSchemaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_db_schema_finalize;
}

static void
pd_db_schema_init (PdDbSchema *self)
{
  self->tables = g_list_store_new (PD_TYPE_DB_TABLE);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GListModel *
pd_db_schema_get_tables (PdDbSchema *self)
{
  g_return_val_if_fail (PD_IS_DB_SCHEMA (self), NULL);
  return G_LIST_MODEL (self->tables);
}

guint
pd_db_schema_get_calls (PdDbSchema *self)
{
  g_return_val_if_fail (PD_IS_DB_SCHEMA (self), 0);
  return self->calls;
}

PdDbTable *
pd_db_schema_find_table (PdDbSchema *self,
                         const char *schema,
                         const char *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (PD_IS_DB_SCHEMA (self), NULL);

  key = g_strconcat (schema != NULL ? schema : "", SEP, name, NULL);
  return g_hash_table_lookup (self->by_name, key);
}

GStrv
pd_db_schema_dup_schema_names (PdDbSchema *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *last = NULL;
  guint n;

  g_return_val_if_fail (PD_IS_DB_SCHEMA (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->tables));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdDbTable) table = g_list_model_get_item (G_LIST_MODEL (self->tables), i);

      if (g_strcmp0 (last, table->schema) != 0)
        g_strv_builder_add (builder, table->schema);
      last = table->schema;
    }
  return g_strv_builder_end (builder);
}

/* ---- loading ------------------------------------------------------------ */

typedef struct
{
  PdAwsClient      *client;
  char             *cluster_arn;
  char             *secret_arn;
  char             *database;
  PdDbEngine        engine;
  PdDbResumingFunc  resuming;
  gpointer          resuming_data;
  PdDbSchema       *schema;
  GPtrArray        *tables;       /* PdDbTable, in the order of the first step */
  Step              step;
  guint             offset;
  guint             page_rows;
  guint             attempt;
  guint             retry_source;
} Load;

static void
load_free (Load *load)
{
  if (load->retry_source != 0)
    g_source_remove (load->retry_source);
  g_clear_object (&load->client);
  g_free (load->cluster_arn);
  g_free (load->secret_arn);
  g_free (load->database);
  g_clear_object (&load->schema);
  g_clear_pointer (&load->tables, g_ptr_array_unref);
  g_free (load);
}

static const char *
text_at (PdAwsSqlResult *result,
         guint           row,
         guint           col)
{
  const PdAwsSqlValue *value = pd_aws_sql_result_get (result, row, col);

  return value->kind == PD_AWS_SQL_STRING ? value->text : NULL;
}

static gint64
number_at (PdAwsSqlResult *result,
           guint           row,
           guint           col,
           gint64          fallback)
{
  const PdAwsSqlValue *value = pd_aws_sql_result_get (result, row, col);

  if (value->kind == PD_AWS_SQL_LONG)
    return value->number;
  if (value->kind == PD_AWS_SQL_DOUBLE)
    return (gint64) value->real;
  if (value->kind == PD_AWS_SQL_STRING && value->text != NULL)
    return g_ascii_strtoll (value->text, NULL, 10);
  return fallback;
}

static gboolean
bool_at (PdAwsSqlResult *result,
         guint           row,
         guint           col)
{
  const PdAwsSqlValue *value = pd_aws_sql_result_get (result, row, col);

  /* PostgreSQL answers booleans, MySQL 0 and 1. */
  if (value->kind == PD_AWS_SQL_BOOLEAN)
    return value->boolean;
  return number_at (result, row, col, 0) != 0;
}

static GStrv
split_list (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, SEP, -1);
}

static char *
dup_nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

static PdDbTable *
lookup (Load           *load,
        PdAwsSqlResult *result,
        guint           row)
{
  return pd_db_schema_find_table (load->schema, text_at (result, row, 0),
                                  text_at (result, row, 1));
}

static void
add_rows (Load           *load,
          PdAwsSqlResult *result)
{
  for (guint r = 0; r < result->n_rows; r++)
    {
      PdDbTable *table;

      if (load->step == STEP_TABLES)
        {
          gint64 rows;

          if (text_at (result, r, 0) == NULL || text_at (result, r, 1) == NULL)
            continue;
          table = g_object_new (PD_TYPE_DB_TABLE, NULL);
          table->schema = g_strdup (text_at (result, r, 0));
          table->name = g_strdup (text_at (result, r, 1));
          table->is_view = bool_at (result, r, 2);
          table->comment = dup_nonempty (text_at (result, r, 3));
          rows = number_at (result, r, 4, -1);
          /* PostgreSQL says -1 for a table never analysed. */
          table->estimated_rows = rows >= 0 ? rows : -1;
          g_hash_table_insert (load->schema->by_name,
                               g_strconcat (table->schema, SEP, table->name, NULL), table);
          g_ptr_array_add (load->tables, table);
          continue;
        }

      table = lookup (load, result, r);
      if (table == NULL)
        continue;
      if (load->step == STEP_COLUMNS)
        {
          PdDbColumn *column = g_new0 (PdDbColumn, 1);

          column->name = g_strdup (text_at (result, r, 2));
          column->position = (int) number_at (result, r, 3, table->columns->len + 1);
          column->type = g_strdup (text_at (result, r, 4));
          column->nullable = bool_at (result, r, 5);
          column->default_value = g_strdup (text_at (result, r, 6));
          column->comment = dup_nonempty (text_at (result, r, 7));
          g_ptr_array_add (table->columns, column);
        }
      else if (load->step == STEP_KEYS)
        {
          PdDbKey *key = g_new0 (PdDbKey, 1);
          const char *kind = text_at (result, r, 3);

          key->kind = g_strcmp0 (kind, "p") == 0 ? PD_DB_KEY_PRIMARY
                    : g_strcmp0 (kind, "u") == 0 ? PD_DB_KEY_UNIQUE : PD_DB_KEY_FOREIGN;
          key->name = g_strdup (text_at (result, r, 2));
          key->columns = split_list (text_at (result, r, 4));
          if (key->kind == PD_DB_KEY_FOREIGN)
            {
              key->ref_schema = g_strdup (text_at (result, r, 5));
              key->ref_table = g_strdup (text_at (result, r, 6));
              key->ref_columns = split_list (text_at (result, r, 7));
            }
          g_ptr_array_add (table->keys, key);
        }
      else
        {
          PdDbIndex *index = g_new0 (PdDbIndex, 1);

          index->name = g_strdup (text_at (result, r, 2));
          index->unique = bool_at (result, r, 3);
          index->primary = bool_at (result, r, 4);
          index->columns = split_list (text_at (result, r, 5));
          g_ptr_array_add (table->indexes, index);
        }
    }
}

static void run_step (GTask *task);

static gboolean
on_retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);

  load->retry_source = 0;
  run_step (task);
  return G_SOURCE_REMOVE;
}

static void
on_page_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(PdAwsSqlResult) page = NULL;
  GError *error = NULL;

  page = pd_aws_rdsdata_execute_statement_finish (PD_AWS_CLIENT (object), result, &error);
  if (page == NULL)
    {
      PdAwsRdsDataErrorKind kind = pd_aws_rds_data_error_kind (error);

      if (kind == PD_AWS_RDS_DATA_ERROR_RESUMING && load->attempt < PD_DB_RESUME_RETRIES &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          guint delay = backoff_ms << MIN (load->attempt, 16);

          load->attempt++;
          if (load->resuming != NULL)
            load->resuming (load->attempt, delay, load->resuming_data);
          g_error_free (error);
          load->retry_source = g_timeout_add (delay, on_retry_cb, task);
          return;
        }
      if (kind == PD_AWS_RDS_DATA_ERROR_TOO_LARGE && load->page_rows / 2 >= MIN_PAGE_ROWS)
        {
          load->page_rows /= 2;
          g_error_free (error);
          run_step (task);
          return;
        }
      g_task_return_error (task, db_error_from_aws (error));
      g_object_unref (task);
      return;
    }

  load->attempt = 0;
  add_rows (load, page);
  if (page->n_rows >= load->page_rows)
    {
      load->offset += page->n_rows;
      run_step (task);
      return;
    }

  load->step++;
  load->offset = 0;
  if (load->step < N_STEPS)
    {
      run_step (task);
      return;
    }

  for (guint i = 0; i < load->tables->len; i++)
    g_list_store_append (load->schema->tables, g_ptr_array_index (load->tables, i));
  g_task_return_pointer (task, g_object_ref (load->schema), g_object_unref);
  g_object_unref (task);
}

static void
run_step (GTask *task)
{
  Load *load = g_task_get_task_data (task);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pd_aws_sql_parameter_free);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  g_ptr_array_add (params, pd_aws_sql_parameter_new_long ("limit", load->page_rows));
  g_ptr_array_add (params, pd_aws_sql_parameter_new_long ("offset", load->offset));
  if (load->engine == PD_DB_ENGINE_MYSQL)
    g_ptr_array_add (params, pd_aws_sql_parameter_new_string ("db", load->database, NULL));
  else
    g_ptr_array_add (params, pd_aws_sql_parameter_new_string ("sys", "pg\\_%", NULL));

  load->schema->calls++;
  pd_aws_rdsdata_execute_statement_async (load->client, load->cluster_arn, load->secret_arn,
                                          load->database, NULL,
                                          engine_sql[load->engine][load->step], params, NULL,
                                          PD_AWS_EXECUTE_NONE, g_task_get_cancellable (task),
                                          on_page_cb, task);
}

/**
 * pd_db_schema_load_async:
 * @client: a #PdAwsClient
 * @cluster_arn: the cluster's ARN
 * @secret_arn: the secret for the Data API
 * @engine: the cluster's engine
 * @database: the database to read
 * @resuming: (nullable) (scope call): told of each retry while the cluster resumes
 * @resuming_data: data for @resuming
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the schema
 * @user_data: data for @callback
 *
 * Reads the whole schema: tables and views, columns, keys and indexes.
 */
void
pd_db_schema_load_async (PdAwsClient         *client,
                         const char          *cluster_arn,
                         const char          *secret_arn,
                         PdDbEngine           engine,
                         const char          *database,
                         PdDbResumingFunc     resuming,
                         gpointer             resuming_data,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Load *load;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (cluster_arn != NULL && secret_arn != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_db_schema_load_async);
  if (engine != PD_DB_ENGINE_POSTGRESQL && engine != PD_DB_ENGINE_MYSQL)
    {
      g_task_return_new_error (task, PD_DB_ERROR, PD_DB_ERROR_ENGINE,
                               "Unsupported database engine");
      g_object_unref (task);
      return;
    }

  load = g_new0 (Load, 1);
  load->client = g_object_ref (client);
  load->cluster_arn = g_strdup (cluster_arn);
  load->secret_arn = g_strdup (secret_arn);
  load->database = g_strdup (database != NULL && database[0] != '\0' ? database
                             : engine == PD_DB_ENGINE_MYSQL ? "mysql" : "postgres");
  load->engine = engine;
  load->resuming = resuming;
  load->resuming_data = resuming_data;
  load->schema = g_object_new (PD_TYPE_DB_SCHEMA, NULL);
  load->tables = g_ptr_array_new_with_free_func (g_object_unref);
  load->page_rows = PAGE_ROWS;
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  run_step (task);
}

/**
 * pd_db_schema_load_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError in %PD_DB_ERROR
 *
 * Returns: (transfer full): the schema, or %NULL with @error set
 */
PdDbSchema *
pd_db_schema_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_db_schema_set_backoff_ms:
 * @first_delay_ms: the wait before the first retry
 *
 * Sets the resume backoff, for tests.
 */
void
pd_db_schema_set_backoff_ms (guint first_delay_ms)
{
  backoff_ms = MAX (first_delay_ms, 1);
}
