/* pd-aws-rdsdata.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/* The RDS Data API: statements with typed, named parameters, and their
 * results as typed values. */

typedef enum
{
  PD_AWS_SQL_NULL,
  PD_AWS_SQL_BOOLEAN,
  PD_AWS_SQL_LONG,
  PD_AWS_SQL_DOUBLE,
  PD_AWS_SQL_STRING,
  PD_AWS_SQL_BLOB,
  PD_AWS_SQL_ARRAY,
} PdAwsSqlKind;

/**
 * PdAwsSqlValue:
 * @kind: which member holds the value
 * @boolean: a boolean
 * @number: a long
 * @real: a double
 * @text: a string, or an array as JSON text
 * @blob: the bytes of a blob
 *
 * One field of a record, or the value of a parameter.
 */
typedef struct
{
  PdAwsSqlKind  kind;
  gboolean      boolean;
  gint64        number;
  double        real;
  char         *text;
  GBytes       *blob;
} PdAwsSqlValue;

void pd_aws_sql_value_clear (PdAwsSqlValue *value);

/**
 * PdAwsSqlParameter:
 * @name: the name of its `:name` placeholder
 * @type_hint: (nullable): `DATE`, `TIME`, `TIMESTAMP`, `DECIMAL`, `UUID` or `JSON`
 * @value: its value
 *
 * A parameter of a statement. User values always travel as parameters.
 */
typedef struct
{
  char          *name;
  char          *type_hint;
  PdAwsSqlValue  value;
} PdAwsSqlParameter;

PdAwsSqlParameter *pd_aws_sql_parameter_new_string  (const char *name,
                                                     const char *value,
                                                     const char *type_hint);
PdAwsSqlParameter *pd_aws_sql_parameter_new_long    (const char *name,
                                                     gint64      value);
PdAwsSqlParameter *pd_aws_sql_parameter_new_double  (const char *name,
                                                     double      value);
PdAwsSqlParameter *pd_aws_sql_parameter_new_boolean (const char *name,
                                                     gboolean    value);
PdAwsSqlParameter *pd_aws_sql_parameter_new_null    (const char *name);
void               pd_aws_sql_parameter_free        (PdAwsSqlParameter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsSqlParameter, pd_aws_sql_parameter_free)

/**
 * PdAwsSqlColumn:
 * @name: the column name
 * @label: its label in the statement
 * @type_name: the engine's type name
 * @type: its JDBC type code
 * @schema_name: (nullable): its schema
 * @table_name: (nullable): its table
 * @nullable: 0 no, 1 yes, 2 unknown
 * @precision: its precision or length
 * @scale: its scale
 *
 * Column metadata of a result (includeResultMetadata).
 */
typedef struct
{
  char *name;
  char *label;
  char *type_name;
  int   type;
  char *schema_name;
  char *table_name;
  int   nullable;
  gint64 precision;
  int   scale;
} PdAwsSqlColumn;

/**
 * PdAwsSqlResult:
 * @n_columns: values per record
 * @n_rows: records
 * @columns: (nullable): @n_columns entries, with includeResultMetadata
 * @values: (element-type PdAwsSqlValue): @n_rows × @n_columns values, row by row
 * @records_updated: numberOfRecordsUpdated
 * @generated: (element-type PdAwsSqlValue): generatedFields
 * @formatted_records: (nullable): the JSON text of formatRecordsAs JSON
 *
 * The answer of ExecuteStatement.
 */
typedef struct
{
  guint           n_columns;
  guint           n_rows;
  PdAwsSqlColumn *columns;
  GArray         *values;
  gint64          records_updated;
  GArray         *generated;
  char           *formatted_records;
} PdAwsSqlResult;

void                 pd_aws_sql_result_free  (PdAwsSqlResult *self);
const PdAwsSqlValue *pd_aws_sql_result_get   (const PdAwsSqlResult *self,
                                              guint                 row,
                                              guint                 column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsSqlResult, pd_aws_sql_result_free)

/**
 * PdAwsExecuteFlags:
 * @PD_AWS_EXECUTE_NONE: nothing special
 * @PD_AWS_EXECUTE_METADATA: includeResultMetadata
 * @PD_AWS_EXECUTE_FORMAT_JSON: formatRecordsAs JSON
 * @PD_AWS_EXECUTE_LONG_AS_STRING: resultSetOptions.longReturnType STRING
 *
 * Options of pd_aws_rdsdata_execute_statement_async().
 */
typedef enum
{
  PD_AWS_EXECUTE_NONE           = 0,
  PD_AWS_EXECUTE_METADATA       = 1 << 0,
  PD_AWS_EXECUTE_FORMAT_JSON    = 1 << 1,
  PD_AWS_EXECUTE_LONG_AS_STRING = 1 << 2,
} PdAwsExecuteFlags;

/**
 * PdAwsRdsDataErrorKind:
 * @PD_AWS_RDS_DATA_ERROR_OTHER: anything else
 * @PD_AWS_RDS_DATA_ERROR_RESUMING: the paused cluster is resuming; retry later
 * @PD_AWS_RDS_DATA_ERROR_TIMEOUT: the statement ran out of time
 * @PD_AWS_RDS_DATA_ERROR_HTTP_ENDPOINT: the cluster's Data API is off
 * @PD_AWS_RDS_DATA_ERROR_SECRET: the secret is missing, unreadable or refused
 * @PD_AWS_RDS_DATA_ERROR_FORBIDDEN: the caller may not use the Data API or the secret
 * @PD_AWS_RDS_DATA_ERROR_TOO_LARGE: the result is over the 1 MiB limit
 * @PD_AWS_RDS_DATA_ERROR_UNAVAILABLE: the database cannot be reached
 * @PD_AWS_RDS_DATA_ERROR_TRANSACTION: the transaction is gone
 * @PD_AWS_RDS_DATA_ERROR_SQL: the database refused the statement
 *
 * What a Data API failure means for the caller.
 */
typedef enum
{
  PD_AWS_RDS_DATA_ERROR_OTHER,
  PD_AWS_RDS_DATA_ERROR_RESUMING,
  PD_AWS_RDS_DATA_ERROR_TIMEOUT,
  PD_AWS_RDS_DATA_ERROR_HTTP_ENDPOINT,
  PD_AWS_RDS_DATA_ERROR_SECRET,
  PD_AWS_RDS_DATA_ERROR_FORBIDDEN,
  PD_AWS_RDS_DATA_ERROR_TOO_LARGE,
  PD_AWS_RDS_DATA_ERROR_UNAVAILABLE,
  PD_AWS_RDS_DATA_ERROR_TRANSACTION,
  PD_AWS_RDS_DATA_ERROR_SQL,
} PdAwsRdsDataErrorKind;

PdAwsRdsDataErrorKind pd_aws_rds_data_error_kind (const GError *error);

/* @parameters: (element-type PdAwsSqlParameter) (nullable);
 * @database, @schema and @transaction_id nullable. */
void             pd_aws_rdsdata_execute_statement_async  (PdAwsClient          *client,
                                                          const char           *resource_arn,
                                                          const char           *secret_arn,
                                                          const char           *database,
                                                          const char           *schema,
                                                          const char           *sql,
                                                          GPtrArray            *parameters,
                                                          const char           *transaction_id,
                                                          PdAwsExecuteFlags     flags,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
PdAwsSqlResult  *pd_aws_rdsdata_execute_statement_finish (PdAwsClient          *client,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void             pd_aws_rdsdata_begin_transaction_async  (PdAwsClient          *client,
                                                          const char           *resource_arn,
                                                          const char           *secret_arn,
                                                          const char           *database,
                                                          const char           *schema,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* Returns: the transaction ID */
char            *pd_aws_rdsdata_begin_transaction_finish (PdAwsClient          *client,
                                                          GAsyncResult         *result,
                                                          GError              **error);
/* Commits when @commit, else rolls back. */
void             pd_aws_rdsdata_end_transaction_async    (PdAwsClient          *client,
                                                          const char           *resource_arn,
                                                          const char           *secret_arn,
                                                          const char           *transaction_id,
                                                          gboolean              commit,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* Returns: the transactionStatus */
char            *pd_aws_rdsdata_end_transaction_finish   (PdAwsClient          *client,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
