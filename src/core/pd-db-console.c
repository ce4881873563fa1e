/* pd-db-console.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pd-db-console.h"

/* The history keeps this many runs. */
#define HISTORY_MAX 200

static const char *
skip_noise (const char *p)
{
  for (;;)
    {
      while (g_ascii_isspace (*p) || *p == '(')
        p++;
      if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            p++;
        }
      else if (p[0] == '#')
        {
          while (*p != '\0' && *p != '\n')
            p++;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          /* An unterminated comment hides whatever follows: not a read. */
          if (end == NULL)
            return p + strlen (p);
          p = end + 2;
        }
      else
        return p;
    }
}

static gboolean
starts_with_word (const char *p,
                  const char *word)
{
  gsize len = strlen (word);

  return g_ascii_strncasecmp (p, word, len) == 0 && !g_ascii_isalnum (p[len]) && p[len] != '_';
}

/* The statement after a WITH's common table expressions, or NULL. */
static const char *
after_ctes (const char *p)
{
  int depth = 0;

  for (; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '"' || *p == '`')
        {
          char quote = *p++;

          while (*p != '\0' && *p != quote)
            p++;
          if (*p == '\0')
            return NULL;
        }
      else if (*p == '(')
        depth++;
      else if (*p == ')')
        depth--;
      else if (depth == 0 && (p[-1] == ')' || g_ascii_isspace (p[-1])))
        {
          const char *q = skip_noise (p);

          if (starts_with_word (q, "SELECT") || starts_with_word (q, "INSERT") ||
              starts_with_word (q, "UPDATE") || starts_with_word (q, "DELETE") ||
              starts_with_word (q, "MERGE") || starts_with_word (q, "VALUES") ||
              starts_with_word (q, "TABLE"))
            return q;
        }
    }
  return NULL;
}

/* A data-modifying CTE (WITH x AS (DELETE … RETURNING …) SELECT …) is a
 * write in PostgreSQL. */
static gboolean
has_modifying_cte (const char *sql)
{
  g_autofree char *upper = g_ascii_strup (sql, -1);
  const char * const words[] = { "(INSERT", "(UPDATE", "(DELETE", "(MERGE", NULL };
  g_autoptr(GString) squeezed = g_string_new (NULL);

  for (const char *p = upper; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (squeezed, *p);
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (squeezed->str, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * pd_db_statement_is_read:
 * @sql: a statement
 *
 * Returns: whether @sql only reads
 */
gboolean
pd_db_statement_is_read (const char *sql)
{
  const char *p;
  const char *semicolon;

  if (sql == NULL)
    return FALSE;
  p = skip_noise (sql);
  /* A second statement after a semicolon could be anything. */
  semicolon = strchr (p, ';');
  if (semicolon != NULL && *skip_noise (semicolon + 1) != '\0')
    return FALSE;
  if (starts_with_word (p, "SELECT"))
    return !g_regex_match_simple ("\\bINTO\\b|\\bFOR\\s+(UPDATE|SHARE|NO\\s+KEY|KEY)\\b", p,
                                  G_REGEX_CASELESS, 0);
  if (starts_with_word (p, "EXPLAIN"))
    return !g_regex_match_simple ("\\bANALY[SZ]E\\b", p, G_REGEX_CASELESS, 0);
  if (starts_with_word (p, "SHOW") || starts_with_word (p, "VALUES") ||
      starts_with_word (p, "TABLE") || starts_with_word (p, "DESCRIBE") ||
      starts_with_word (p, "DESC"))
    return TRUE;
  if (starts_with_word (p, "WITH"))
    {
      const char *main_statement = after_ctes (p + 4);

      return main_statement != NULL &&
             (starts_with_word (main_statement, "SELECT") ||
              starts_with_word (main_statement, "VALUES") ||
              starts_with_word (main_statement, "TABLE")) &&
             !has_modifying_cte (p);
    }
  return FALSE;
}

/**
 * pd_db_parameter_new:
 * @name: the placeholder name, `[A-Za-z_][A-Za-z0-9_]*`
 * @type: its type
 * @text: its value as typed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the parameter, or %NULL when @text
 *   is not a value of @type
 */
PdAwsSqlParameter *
pd_db_parameter_new (const char  *name,
                     const char  *type,
                     const char  *text,
                     GError     **error)
{
  static const char * const hints[] = { "DATE", "TIME", "TIMESTAMP", "DECIMAL", "UUID", "JSON",
                                        NULL };
  char *end = NULL;

  if (name == NULL || !(g_ascii_isalpha (name[0]) || name[0] == '_') ||
      strspn (name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") !=
      strlen (name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a parameter name (letters, digits and _)"),
                   name != NULL ? name : "");
      return NULL;
    }
  if (text == NULL)
    text = "";

  if (g_strcmp0 (type, "string") == 0)
    return pd_aws_sql_parameter_new_string (name, text, NULL);
  if (g_strcmp0 (type, "null") == 0)
    return pd_aws_sql_parameter_new_null (name);
  if (g_strcmp0 (type, "long") == 0)
    {
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (text, &end, 10);
      if (text[0] != '\0' && *end == '\0' && errno == 0)
        return pd_aws_sql_parameter_new_long (name, value);
    }
  else if (g_strcmp0 (type, "double") == 0)
    {
      double value = g_ascii_strtod (text, &end);

      if (text[0] != '\0' && *end == '\0' && isfinite (value))
        return pd_aws_sql_parameter_new_double (name, value);
    }
  else if (g_strcmp0 (type, "boolean") == 0)
    {
      if (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"))
        return pd_aws_sql_parameter_new_boolean (name, TRUE);
      if (g_ascii_strcasecmp (text, "false") == 0 || g_str_equal (text, "0"))
        return pd_aws_sql_parameter_new_boolean (name, FALSE);
    }
  else if (type != NULL && g_strv_contains (hints, type))
    return pd_aws_sql_parameter_new_string (name, text, type);
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown parameter type “%s”"), type != NULL ? type : "");
      return NULL;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a value of type %s for :%s"), text, type, name);
  return NULL;
}

static void
run_free (gpointer data)
{
  PdDbRun *run = data;

  g_free (run->sql);
  g_clear_pointer (&run->result, pd_aws_sql_result_free);
  g_clear_error (&run->error);
  g_free (run);
}

struct _PdDbConsole
{
  GObject      parent_instance;

  PdAwsClient *client;
  char        *cluster_arn;
  char        *secret_arn;
  char        *database;
  char        *transaction;
  GPtrArray   *history;
  gboolean     writes_enabled;
};

G_DEFINE_FINAL_TYPE (PdDbConsole, pd_db_console, G_TYPE_OBJECT)

static void
pd_db_console_dispose (GObject *object)
{
  PdDbConsole *self = PD_DB_CONSOLE (object);

  pd_db_console_close (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (pd_db_console_parent_class)->dispose (object);
}

static void
pd_db_console_finalize (GObject *object)
{
  PdDbConsole *self = PD_DB_CONSOLE (object);

  g_free (self->cluster_arn);
  g_free (self->secret_arn);
  g_free (self->database);
  g_free (self->transaction);
  g_ptr_array_unref (self->history);

  G_OBJECT_CLASS (pd_db_console_parent_class)->finalize (object);
}

static void
pd_db_console_class_init (PdDbConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_db_console_dispose;
  object_class->finalize = pd_db_console_finalize;
}

static void
pd_db_console_init (PdDbConsole *self)
{
  self->history = g_ptr_array_new_with_free_func (run_free);
}

/**
 * pd_db_console_new:
 * @client: a #PdAwsClient
 * @cluster_arn: the cluster's ARN
 * @secret_arn: the secret for the Data API
 * @database: (nullable): the database
 *
 * Returns: (transfer full): a read-only console
 */
PdDbConsole *
pd_db_console_new (PdAwsClient *client,
                   const char  *cluster_arn,
                   const char  *secret_arn,
                   const char  *database)
{
  PdDbConsole *self;

  g_return_val_if_fail (PD_AWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (cluster_arn != NULL && secret_arn != NULL, NULL);

  self = g_object_new (PD_TYPE_DB_CONSOLE, NULL);
  self->client = g_object_ref (client);
  self->cluster_arn = g_strdup (cluster_arn);
  self->secret_arn = g_strdup (secret_arn);
  self->database = g_strdup (database);
  return self;
}

gboolean
pd_db_console_get_writes_enabled (PdDbConsole *self)
{
  g_return_val_if_fail (PD_IS_DB_CONSOLE (self), FALSE);
  return self->writes_enabled;
}

void
pd_db_console_set_writes_enabled (PdDbConsole *self,
                                  gboolean     enabled)
{
  g_return_if_fail (PD_IS_DB_CONSOLE (self));
  self->writes_enabled = !!enabled;
}

const char *
pd_db_console_get_transaction (PdDbConsole *self)
{
  g_return_val_if_fail (PD_IS_DB_CONSOLE (self), NULL);
  return self->transaction;
}

GPtrArray *
pd_db_console_get_history (PdDbConsole *self)
{
  g_return_val_if_fail (PD_IS_DB_CONSOLE (self), NULL);
  return self->history;
}

typedef struct
{
  char      *sql;
  GPtrArray *parameters;
  gint64     start_us;
  gboolean   write;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->sql);
  g_clear_pointer (&data->parameters, g_ptr_array_unref);
  g_free (data);
}

static PdDbRun *
record (PdDbConsole    *self,
        RunData        *data,
        PdAwsSqlResult *result,
        const GError   *error)
{
  PdDbRun *run = g_new0 (PdDbRun, 1);

  run->sql = g_strdup (data->sql);
  run->result = result;
  run->error = error != NULL ? g_error_copy (error) : NULL;
  run->duration_us = g_get_monotonic_time () - data->start_us;
  run->in_transaction = self->transaction != NULL;
  g_ptr_array_add (self->history, run);
  if (self->history->len > HISTORY_MAX)
    g_ptr_array_remove_index (self->history, 0);
  return run;
}

static GError *
console_error (GError *aws_error)
{
  PdDbErrorKind kind;
  GError *error;

  if (g_error_matches (aws_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return aws_error;
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
  error = g_error_new_literal (PD_DB_ERROR, kind, aws_error->message);
  g_error_free (aws_error);
  return error;
}

static void
on_executed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdDbConsole *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  PdAwsSqlResult *answer;
  GError *error = NULL;
  PdDbRun *run;

  answer = pd_aws_rdsdata_execute_statement_finish (PD_AWS_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      error = console_error (error);
      record (self, data, NULL, error);
      g_task_return_error (task, error);
      return;
    }
  run = record (self, data, answer, NULL);
  g_task_return_pointer (task, run, NULL);
}

static void
execute (GTask *task)
{
  PdDbConsole *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  pd_aws_rdsdata_execute_statement_async (self->client, self->cluster_arn, self->secret_arn,
                                          self->database, NULL, data->sql, data->parameters,
                                          self->transaction, PD_AWS_EXECUTE_METADATA,
                                          g_task_get_cancellable (task), on_executed_cb,
                                          task);
}

static void
on_begun_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  PdDbConsole *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *id;

  id = pd_aws_rdsdata_begin_transaction_finish (PD_AWS_CLIENT (object), result, &error);
  if (id == NULL)
    {
      error = console_error (error);
      record (self, data, NULL, error);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_free (self->transaction);
  self->transaction = id;
  execute (task);
}

/**
 * pd_db_console_run_async:
 * @self: a console
 * @sql: the statement
 * @parameters: (nullable) (element-type PdAwsSqlParameter): its parameters
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the run
 * @user_data: data for @callback
 *
 * Runs @sql. A statement that is not a read is refused before anything is
 * sent unless writes are enabled; then it runs in the open transaction,
 * begun first if needed.
 */
void
pd_db_console_run_async (PdDbConsole         *self,
                         const char          *sql,
                         GPtrArray           *parameters,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  RunData *data;

  g_return_if_fail (PD_IS_DB_CONSOLE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_db_console_run_async);
  data = g_new0 (RunData, 1);
  data->sql = g_strdup (sql != NULL ? sql : "");
  data->parameters = parameters != NULL ? g_ptr_array_ref (parameters) : NULL;
  data->start_us = g_get_monotonic_time ();
  data->write = !pd_db_statement_is_read (data->sql);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (*skip_noise (data->sql) == '\0')
    {
      g_task_return_new_error (task, PD_DB_ERROR, PD_DB_ERROR_SQL, _("The statement is empty"));
      g_object_unref (task);
      return;
    }
  if (data->write && !self->writes_enabled)
    {
      GError *error = g_error_new_literal (PD_DB_ERROR, PD_DB_ERROR_WRITE_REFUSED,
                                           _("This statement may change data. Enable writes "
                                             "for this cluster to run it in a transaction."));

      record (self, data, NULL, error);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (data->write && self->transaction == NULL)
    {
      pd_aws_rdsdata_begin_transaction_async (self->client, self->cluster_arn, self->secret_arn,
                                              self->database, NULL, cancellable, on_begun_cb,
                                              task);
      return;
    }
  execute (task);
}

/**
 * pd_db_console_run_finish:
 * @self: a console
 * @result: the result given to the callback
 * @error: return location for a #GError in %PD_DB_ERROR
 *
 * Returns: (transfer none) (nullable): the run, kept in the history
 */
const PdDbRun *
pd_db_console_run_finish (PdDbConsole   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_ended_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *status = NULL;
  GError *error = NULL;

  status = pd_aws_rdsdata_end_transaction_finish (PD_AWS_CLIENT (object), result, &error);
  if (status == NULL)
    g_task_return_error (task, console_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pd_db_console_end_transaction_async:
 * @self: a console
 * @commit: %TRUE to commit, %FALSE to roll back
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Ends the open transaction; the console has none afterwards, whatever the
 * answer (a failed commit leaves nothing to retry).
 */
void
pd_db_console_end_transaction_async (PdDbConsole         *self,
                                     gboolean             commit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (PD_IS_DB_CONSOLE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_db_console_end_transaction_async);
  id = g_steal_pointer (&self->transaction);
  if (id == NULL)
    {
      g_task_return_new_error (task, PD_DB_ERROR, PD_DB_ERROR_FAILED,
                               _("There is no open transaction"));
      return;
    }
  pd_aws_rdsdata_end_transaction_async (self->client, self->cluster_arn, self->secret_arn, id,
                                        commit, cancellable, on_ended_cb,
                                        g_steal_pointer (&task));
}

gboolean
pd_db_console_end_transaction_finish (PdDbConsole   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_closed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pd_db_console_end_transaction_finish (PD_DB_CONSOLE (object), result, &error))
    g_debug ("Rolling back on close failed: %s", error->message);
}

/**
 * pd_db_console_close:
 * @self: a console
 *
 * Rolls back the open transaction, if any.
 */
void
pd_db_console_close (PdDbConsole *self)
{
  g_return_if_fail (PD_IS_DB_CONSOLE (self));

  if (self->transaction != NULL && self->client != NULL)
    pd_db_console_end_transaction_async (self, FALSE, NULL, on_closed_cb, NULL);
}
