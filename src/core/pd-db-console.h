/* pd-db-console.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"
#include "pd-aws-rdsdata.h"
#include "pd-db-schema.h"

G_BEGIN_DECLS

/* The SQL console of one cluster: statements with named parameters (user
 * values always travel as parameters), read-only by default. A statement
 * that is not a read (anything but SELECT, WITH … SELECT, EXPLAIN, SHOW)
 * needs writes enabled, and then runs inside a transaction that stays open
 * until pd_db_console_end_transaction() commits or rolls it back;
 * pd_db_console_close() rolls it back. */

/* Whether @sql is a read: SELECT, WITH … SELECT, EXPLAIN, SHOW (VALUES and
 * TABLE too), after comments and parentheses. */
gboolean pd_db_statement_is_read (const char *sql);

/* Binds @text to a typed parameter: "string", "long", "double",
 * "boolean", "null", or a Data API typeHint (DATE, TIME, TIMESTAMP,
 * DECIMAL, UUID, JSON) for a string. */
PdAwsSqlParameter *pd_db_parameter_new (const char  *name,
                                        const char  *type,
                                        const char  *text,
                                        GError     **error);

/**
 * PdDbRun:
 * @sql: the statement
 * @result: (nullable): its result
 * @error: (nullable): its failure
 * @duration_us: how long it took
 * @in_transaction: whether it ran in the open transaction
 *
 * One entry of the session history.
 */
typedef struct
{
  char           *sql;
  PdAwsSqlResult *result;
  GError         *error;
  gint64          duration_us;
  gboolean        in_transaction;
} PdDbRun;

#define PD_TYPE_DB_CONSOLE (pd_db_console_get_type ())

G_DECLARE_FINAL_TYPE (PdDbConsole, pd_db_console, PD, DB_CONSOLE, GObject)

PdDbConsole *pd_db_console_new               (PdAwsClient         *client,
                                              const char          *cluster_arn,
                                              const char          *secret_arn,
                                              const char          *database);
gboolean     pd_db_console_get_writes_enabled (PdDbConsole        *self);
void         pd_db_console_set_writes_enabled (PdDbConsole        *self,
                                              gboolean             enabled);
/* (nullable): the open transaction */
const char  *pd_db_console_get_transaction   (PdDbConsole         *self);
/* (element-type PdDbRun): newest last */
GPtrArray   *pd_db_console_get_history       (PdDbConsole         *self);
/* @parameters: (element-type PdAwsSqlParameter) (nullable) */
void         pd_db_console_run_async         (PdDbConsole         *self,
                                              const char          *sql,
                                              GPtrArray           *parameters,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Returns: (transfer none): the history entry of the run */
const PdDbRun *pd_db_console_run_finish      (PdDbConsole         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void         pd_db_console_end_transaction_async  (PdDbConsole         *self,
                                                   gboolean             commit,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean     pd_db_console_end_transaction_finish (PdDbConsole         *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Rolls the open transaction back (fire and forget). */
void         pd_db_console_close             (PdDbConsole         *self);

G_END_DECLS
