/* pd-aws-rdsdata.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"
#include "pd-aws-rdsdata.h"
#include "pd-aws-typed-private.h"

/**
 * pd_aws_sql_value_clear:
 * @value: a value
 *
 * Frees what @value holds and makes it NULL.
 */
void
pd_aws_sql_value_clear (PdAwsSqlValue *value)
{
  g_clear_pointer (&value->text, g_free);
  g_clear_pointer (&value->blob, g_bytes_unref);
  memset (value, 0, sizeof *value);
}

static PdAwsSqlParameter *
parameter_new (const char   *name,
               PdAwsSqlKind  kind)
{
  PdAwsSqlParameter *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_new0 (PdAwsSqlParameter, 1);
  self->name = g_strdup (name);
  self->value.kind = kind;
  return self;
}

/**
 * pd_aws_sql_parameter_new_string:
 * @name: the placeholder name
 * @value: the text
 * @type_hint: (nullable): a Data API typeHint
 *
 * Returns: (transfer full): a parameter
 */
PdAwsSqlParameter *
pd_aws_sql_parameter_new_string (const char *name,
                                 const char *value,
                                 const char *type_hint)
{
  PdAwsSqlParameter *self = parameter_new (name, PD_AWS_SQL_STRING);

  self->value.text = g_strdup (value != NULL ? value : "");
  self->type_hint = g_strdup (type_hint);
  return self;
}

/**
 * pd_aws_sql_parameter_new_long:
 * @name: the placeholder name
 * @value: the number
 *
 * Returns: (transfer full): a parameter
 */
PdAwsSqlParameter *
pd_aws_sql_parameter_new_long (const char *name,
                               gint64      value)
{
  PdAwsSqlParameter *self = parameter_new (name, PD_AWS_SQL_LONG);

  self->value.number = value;
  return self;
}

/**
 * pd_aws_sql_parameter_new_double:
 * @name: the placeholder name
 * @value: the number
 *
 * Returns: (transfer full): a parameter
 */
PdAwsSqlParameter *
pd_aws_sql_parameter_new_double (const char *name,
                                 double      value)
{
  PdAwsSqlParameter *self = parameter_new (name, PD_AWS_SQL_DOUBLE);

  self->value.real = value;
  return self;
}

/**
 * pd_aws_sql_parameter_new_boolean:
 * @name: the placeholder name
 * @value: the truth value
 *
 * Returns: (transfer full): a parameter
 */
PdAwsSqlParameter *
pd_aws_sql_parameter_new_boolean (const char *name,
                                  gboolean    value)
{
  PdAwsSqlParameter *self = parameter_new (name, PD_AWS_SQL_BOOLEAN);

  self->value.boolean = value;
  return self;
}

/**
 * pd_aws_sql_parameter_new_null:
 * @name: the placeholder name
 *
 * Returns: (transfer full): a parameter holding SQL NULL
 */
PdAwsSqlParameter *
pd_aws_sql_parameter_new_null (const char *name)
{
  return parameter_new (name, PD_AWS_SQL_NULL);
}

/**
 * pd_aws_sql_parameter_free:
 * @self: (transfer full): a parameter
 *
 * Frees @self.
 */
void
pd_aws_sql_parameter_free (PdAwsSqlParameter *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->type_hint);
  pd_aws_sql_value_clear (&self->value);
  g_free (self);
}

/**
 * pd_aws_sql_result_free:
 * @self: (transfer full): a result
 *
 * Frees @self.
 */
void
pd_aws_sql_result_free (PdAwsSqlResult *self)
{
  if (self == NULL)
    return;
  for (guint c = 0; self->columns != NULL && c < self->n_columns; c++)
    {
      g_free (self->columns[c].name);
      g_free (self->columns[c].label);
      g_free (self->columns[c].type_name);
      g_free (self->columns[c].schema_name);
      g_free (self->columns[c].table_name);
    }
  g_free (self->columns);
  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->generated, g_array_unref);
  g_free (self->formatted_records);
  g_free (self);
}

/**
 * pd_aws_sql_result_get:
 * @self: a result
 * @row: a record index
 * @column: a field index
 *
 * Returns: (transfer none): the value
 */
const PdAwsSqlValue *
pd_aws_sql_result_get (const PdAwsSqlResult *self,
                       guint                 row,
                       guint                 column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows && column < self->n_columns, NULL);

  return &g_array_index (self->values, PdAwsSqlValue, (gsize) row * self->n_columns + column);
}

static gboolean
contains (const GError *error,
          const char   *text)
{
  return strstr (error->message, text) != NULL;
}

/**
 * pd_aws_rds_data_error_kind:
 * @error: (nullable): an error of a Data API call
 *
 * Returns: what the failure means
 */
PdAwsRdsDataErrorKind
pd_aws_rds_data_error_kind (const GError *error)
{
  const char *code;

  if (error == NULL)
    return PD_AWS_RDS_DATA_ERROR_OTHER;
  code = pd_aws_error_get_aws_code (error);
  if (code == NULL)
    return g_error_matches (error, PD_AWS_ERROR, PD_AWS_ERROR_TOO_LARGE)
           ? PD_AWS_RDS_DATA_ERROR_TOO_LARGE : PD_AWS_RDS_DATA_ERROR_OTHER;

  if (g_str_equal (code, "DatabaseResumingException"))
    return PD_AWS_RDS_DATA_ERROR_RESUMING;
  if (g_str_equal (code, "StatementTimeoutException"))
    return PD_AWS_RDS_DATA_ERROR_TIMEOUT;
  if (g_str_equal (code, "ForbiddenException") || g_str_equal (code, "AccessDeniedException"))
    return PD_AWS_RDS_DATA_ERROR_FORBIDDEN;
  if (g_str_equal (code, "DatabaseUnavailableException") ||
      g_str_equal (code, "DatabaseNotFoundException") ||
      g_str_equal (code, "ServiceUnavailableError"))
    return PD_AWS_RDS_DATA_ERROR_UNAVAILABLE;
  if (g_str_equal (code, "HttpEndpointNotEnabledException"))
    return PD_AWS_RDS_DATA_ERROR_HTTP_ENDPOINT;
  if (g_str_equal (code, "SecretsErrorException") ||
      g_str_equal (code, "InvalidSecretException"))
    return PD_AWS_RDS_DATA_ERROR_SECRET;
  if (g_str_equal (code, "TransactionNotFoundException") ||
      g_str_equal (code, "NotFoundException"))
    return PD_AWS_RDS_DATA_ERROR_TRANSACTION;
  if (g_str_equal (code, "BadRequestException"))
    {
      /* The older service answers these as BadRequestException with words. */
      if (contains (error, "HttpEndpoint is not enabled"))
        return PD_AWS_RDS_DATA_ERROR_HTTP_ENDPOINT;
      if (contains (error, "secret") || contains (error, "Secret"))
        return PD_AWS_RDS_DATA_ERROR_SECRET;
      if (contains (error, "response size limit") || contains (error, "too large"))
        return PD_AWS_RDS_DATA_ERROR_TOO_LARGE;
      if (contains (error, "Transaction") && contains (error, "is not found"))
        return PD_AWS_RDS_DATA_ERROR_TRANSACTION;
      return PD_AWS_RDS_DATA_ERROR_SQL;
    }
  return PD_AWS_RDS_DATA_ERROR_OTHER;
}

static JsonObject *
field_json (const PdAwsSqlValue *value)
{
  JsonObject *field = json_object_new ();

  switch (value->kind)
    {
    case PD_AWS_SQL_NULL:
      json_object_set_boolean_member (field, "isNull", TRUE);
      break;
    case PD_AWS_SQL_BOOLEAN:
      json_object_set_boolean_member (field, "booleanValue", value->boolean);
      break;
    case PD_AWS_SQL_LONG:
      json_object_set_int_member (field, "longValue", value->number);
      break;
    case PD_AWS_SQL_DOUBLE:
      json_object_set_double_member (field, "doubleValue", value->real);
      break;
    case PD_AWS_SQL_BLOB:
      {
        gsize len = 0;
        const guchar *data = value->blob != NULL ? g_bytes_get_data (value->blob, &len) : NULL;
        g_autofree char *b64 = g_base64_encode (data, len);

        json_object_set_string_member (field, "blobValue", b64);
      }
      break;
    case PD_AWS_SQL_STRING:
    case PD_AWS_SQL_ARRAY:
    default:
      json_object_set_string_member (field, "stringValue", value->text != NULL ? value->text : "");
      break;
    }
  return field;
}

static gboolean
parse_field (JsonObject     *field,
             const char     *path,
             PdAwsSqlValue  *out,
             GError        **error)
{
  g_autoptr(GList) members = json_object_get_members (field);
  const char *kind;
  JsonNode *node;

  if (members == NULL || members->next != NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the field “%s” must hold exactly one member", path);
      return FALSE;
    }
  kind = members->data;
  node = json_object_get_member (field, kind);

  if (g_str_equal (kind, "isNull"))
    out->kind = PD_AWS_SQL_NULL;
  else if (g_str_equal (kind, "booleanValue") && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      out->kind = PD_AWS_SQL_BOOLEAN;
      out->boolean = json_node_get_boolean (node);
    }
  else if (g_str_equal (kind, "longValue") && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_INT64)
    {
      out->kind = PD_AWS_SQL_LONG;
      out->number = json_node_get_int (node);
    }
  else if (g_str_equal (kind, "doubleValue") && JSON_NODE_HOLDS_VALUE (node) &&
           (json_node_get_value_type (node) == G_TYPE_DOUBLE ||
            json_node_get_value_type (node) == G_TYPE_INT64))
    {
      out->kind = PD_AWS_SQL_DOUBLE;
      out->real = json_node_get_double (node);
    }
  else if (g_str_equal (kind, "stringValue") && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    {
      out->kind = PD_AWS_SQL_STRING;
      out->text = g_strdup (json_node_get_string (node));
    }
  else if (g_str_equal (kind, "blobValue") && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    {
      gsize len = 0;
      guchar *data = g_base64_decode (json_node_get_string (node), &len);

      out->kind = PD_AWS_SQL_BLOB;
      out->blob = g_bytes_new_take (data, len);
    }
  else if (g_str_equal (kind, "arrayValue") && JSON_NODE_HOLDS_OBJECT (node))
    {
      out->kind = PD_AWS_SQL_ARRAY;
      out->text = json_to_string (node, FALSE);
    }
  else
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the field “%s” has an unknown or mistyped member “%s”", path, kind);
      return FALSE;
    }
  return TRUE;
}

static void
value_array_clear (gpointer data)
{
  pd_aws_sql_value_clear (data);
}

static GArray *
value_array_new (guint reserve)
{
  GArray *array = g_array_sized_new (FALSE, TRUE, sizeof (PdAwsSqlValue), reserve);

  g_array_set_clear_func (array, value_array_clear);
  return array;
}

static gpointer
parse_result (JsonObject  *reply,
              GError     **error)
{
  g_autoptr(PdAwsSqlResult) result = g_new0 (PdAwsSqlResult, 1);
  JsonArray *records = NULL;
  JsonArray *metadata = NULL;
  JsonArray *generated = NULL;
  guint n_rows;

  if (!pd_aws_read_int (reply, NULL, "numberOfRecordsUpdated", &result->records_updated, error) ||
      !pd_aws_read_array (reply, NULL, "records", FALSE, &records, error) ||
      !pd_aws_read_array (reply, NULL, "columnMetadata", FALSE, &metadata, error) ||
      !pd_aws_read_array (reply, NULL, "generatedFields", FALSE, &generated, error) ||
      !pd_aws_read_string (reply, NULL, "formattedRecords", FALSE, &result->formatted_records,
                           error))
    return NULL;

  n_rows = records != NULL ? json_array_get_length (records) : 0;
  if (metadata != NULL)
    result->n_columns = json_array_get_length (metadata);
  else if (n_rows > 0)
    {
      JsonNode *first = json_array_get_element (records, 0);

      result->n_columns = JSON_NODE_HOLDS_ARRAY (first)
                          ? json_array_get_length (json_node_get_array (first)) : 0;
    }

  if (metadata != NULL)
    {
      result->columns = g_new0 (PdAwsSqlColumn, MAX (result->n_columns, 1));
      for (guint c = 0; c < result->n_columns; c++)
        {
          g_autofree char *path = g_strdup_printf ("columnMetadata[%u].", c);
          PdAwsSqlColumn *column = &result->columns[c];
          JsonObject *meta = NULL;
          gint64 type = 0;
          gint64 nullable = 2;
          gint64 scale = 0;

          if (!pd_aws_read_array_object (metadata, NULL, "columnMetadata", c, &meta, error) ||
              !pd_aws_read_string (meta, path, "name", FALSE, &column->name, error) ||
              !pd_aws_read_string (meta, path, "label", FALSE, &column->label, error) ||
              !pd_aws_read_string (meta, path, "typeName", FALSE, &column->type_name, error) ||
              !pd_aws_read_string (meta, path, "schemaName", FALSE, &column->schema_name,
                                   error) ||
              !pd_aws_read_string (meta, path, "tableName", FALSE, &column->table_name, error) ||
              !pd_aws_read_int (meta, path, "type", &type, error) ||
              !pd_aws_read_int (meta, path, "nullable", &nullable, error) ||
              !pd_aws_read_int (meta, path, "precision", &column->precision, error) ||
              !pd_aws_read_int (meta, path, "scale", &scale, error))
            return NULL;
          column->type = (int) type;
          column->nullable = (int) CLAMP (nullable, 0, 2);
          column->scale = (int) CLAMP (scale, G_MININT, G_MAXINT);
          if (column->name == NULL)
            column->name = g_strdup (column->label != NULL ? column->label : "");
          if (column->label == NULL)
            column->label = g_strdup (column->name);
        }
    }

  if (result->n_columns > 0 && n_rows > G_MAXUINT / result->n_columns)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_TOO_LARGE, "too many records: %u", n_rows);
      return NULL;
    }
  result->values = value_array_new (n_rows * result->n_columns);
  for (guint r = 0; r < n_rows; r++)
    {
      JsonNode *node = json_array_get_element (records, r);
      JsonArray *record;

      if (!JSON_NODE_HOLDS_ARRAY (node) ||
          json_array_get_length (record = json_node_get_array (node)) != result->n_columns)
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                       "the record “records[%u]” does not have %u fields", r, result->n_columns);
          return NULL;
        }
      for (guint c = 0; c < result->n_columns; c++)
        {
          JsonNode *field = json_array_get_element (record, c);
          PdAwsSqlValue value = { 0 };
          char path[64];

          g_snprintf (path, sizeof path, "records[%u][%u]", r, c);
          if (!JSON_NODE_HOLDS_OBJECT (field))
            {
              g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                           "the field “%s” is not an object", path);
              return NULL;
            }
          if (!parse_field (json_node_get_object (field), path, &value, error))
            return NULL;
          g_array_append_val (result->values, value);
        }
      result->n_rows++;
    }

  result->generated = value_array_new (0);
  for (guint i = 0; generated != NULL && i < json_array_get_length (generated); i++)
    {
      JsonNode *field = json_array_get_element (generated, i);
      PdAwsSqlValue value = { 0 };
      char path[64];

      g_snprintf (path, sizeof path, "generatedFields[%u]", i);
      if (!JSON_NODE_HOLDS_OBJECT (field) ||
          !parse_field (json_node_get_object (field), path, &value, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                         "the field “%s” is not an object", path);
          return NULL;
        }
      g_array_append_val (result->generated, value);
    }

  return g_steal_pointer (&result);
}

static void
set_target (JsonObject *input,
            const char *resource_arn,
            const char *secret_arn,
            const char *database,
            const char *schema)
{
  json_object_set_string_member (input, "resourceArn", resource_arn);
  json_object_set_string_member (input, "secretArn", secret_arn);
  if (database != NULL && database[0] != '\0')
    json_object_set_string_member (input, "database", database);
  if (schema != NULL && schema[0] != '\0')
    json_object_set_string_member (input, "schema", schema);
}

/**
 * pd_aws_rdsdata_execute_statement_async:
 * @client: a #PdAwsClient
 * @resource_arn: the cluster's ARN
 * @secret_arn: the ARN of the secret with the database credentials
 * @database: (nullable): the database
 * @schema: (nullable): the schema (PostgreSQL)
 * @sql: the statement, with `:name` placeholders
 * @parameters: (nullable) (element-type PdAwsSqlParameter): its parameters
 * @transaction_id: (nullable): the transaction to run it in
 * @flags: options
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Calls ExecuteStatement; the answer is parsed on a worker thread.
 */
void
pd_aws_rdsdata_execute_statement_async (PdAwsClient         *client,
                                        const char          *resource_arn,
                                        const char          *secret_arn,
                                        const char          *database,
                                        const char          *schema,
                                        const char          *sql,
                                        GPtrArray           *parameters,
                                        const char          *transaction_id,
                                        PdAwsExecuteFlags    flags,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (resource_arn != NULL && secret_arn != NULL && sql != NULL);

  set_target (input, resource_arn, secret_arn, database, schema);
  json_object_set_string_member (input, "sql", sql);
  if (transaction_id != NULL)
    json_object_set_string_member (input, "transactionId", transaction_id);
  if (flags & PD_AWS_EXECUTE_METADATA)
    json_object_set_boolean_member (input, "includeResultMetadata", TRUE);
  if (flags & PD_AWS_EXECUTE_FORMAT_JSON)
    json_object_set_string_member (input, "formatRecordsAs", "JSON");
  if (flags & PD_AWS_EXECUTE_LONG_AS_STRING)
    {
      JsonObject *options = json_object_new ();

      json_object_set_string_member (options, "longReturnType", "STRING");
      json_object_set_object_member (input, "resultSetOptions", options);
    }
  if (parameters != NULL && parameters->len > 0)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < parameters->len; i++)
        {
          PdAwsSqlParameter *param = g_ptr_array_index (parameters, i);
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "name", param->name);
          json_object_set_object_member (object, "value", field_json (&param->value));
          if (param->type_hint != NULL)
            json_object_set_string_member (object, "typeHint", param->type_hint);
          json_array_add_object_element (array, object);
        }
      json_object_set_array_member (input, "parameters", array);
    }

  pd_aws_typed_call_threaded_async (client, "rds-data", "ExecuteStatement", input, parse_result,
                                    (GDestroyNotify) pd_aws_sql_result_free,
                                    pd_aws_rdsdata_execute_statement_async, cancellable,
                                    callback, user_data);
}

/**
 * pd_aws_rdsdata_execute_statement_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result, or %NULL with @error set (see
 *   pd_aws_rds_data_error_kind())
 */
PdAwsSqlResult *
pd_aws_rdsdata_execute_statement_finish (PdAwsClient   *client,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_rdsdata_execute_statement_async,
                                   error);
}

static gpointer
parse_transaction_id (JsonObject  *reply,
                      GError     **error)
{
  char *id = NULL;

  if (!pd_aws_read_string (reply, NULL, "transactionId", TRUE, &id, error))
    return NULL;
  return id;
}

/**
 * pd_aws_rdsdata_begin_transaction_async:
 * @client: a #PdAwsClient
 * @resource_arn: the cluster's ARN
 * @secret_arn: the secret's ARN
 * @database: (nullable): the database
 * @schema: (nullable): the schema
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Calls BeginTransaction.
 */
void
pd_aws_rdsdata_begin_transaction_async (PdAwsClient         *client,
                                        const char          *resource_arn,
                                        const char          *secret_arn,
                                        const char          *database,
                                        const char          *schema,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (resource_arn != NULL && secret_arn != NULL);

  set_target (input, resource_arn, secret_arn, database, schema);
  pd_aws_typed_call_async (client, "rds-data", "BeginTransaction", input, parse_transaction_id,
                           g_free, pd_aws_rdsdata_begin_transaction_async, cancellable,
                           callback, user_data);
}

/**
 * pd_aws_rdsdata_begin_transaction_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the transaction ID, or %NULL with @error set
 */
char *
pd_aws_rdsdata_begin_transaction_finish (PdAwsClient   *client,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_rdsdata_begin_transaction_async, error);
}

static gpointer
parse_status (JsonObject  *reply,
              GError     **error)
{
  char *status = NULL;

  if (!pd_aws_read_string (reply, NULL, "transactionStatus", FALSE, &status, error))
    return NULL;
  return status != NULL ? status : g_strdup ("");
}

/**
 * pd_aws_rdsdata_end_transaction_async:
 * @client: a #PdAwsClient
 * @resource_arn: the cluster's ARN
 * @secret_arn: the secret's ARN
 * @transaction_id: the transaction
 * @commit: %TRUE for CommitTransaction, %FALSE for RollbackTransaction
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Ends a transaction.
 */
void
pd_aws_rdsdata_end_transaction_async (PdAwsClient         *client,
                                      const char          *resource_arn,
                                      const char          *secret_arn,
                                      const char          *transaction_id,
                                      gboolean             commit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (resource_arn != NULL && secret_arn != NULL && transaction_id != NULL);

  set_target (input, resource_arn, secret_arn, NULL, NULL);
  json_object_set_string_member (input, "transactionId", transaction_id);
  pd_aws_typed_call_async (client, "rds-data",
                           commit ? "CommitTransaction" : "RollbackTransaction", input,
                           parse_status, g_free, pd_aws_rdsdata_end_transaction_async,
                           cancellable, callback, user_data);
}

/**
 * pd_aws_rdsdata_end_transaction_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the transactionStatus, or %NULL with @error set
 */
char *
pd_aws_rdsdata_end_transaction_finish (PdAwsClient   *client,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_rdsdata_end_transaction_async, error);
}
