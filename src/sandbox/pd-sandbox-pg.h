/* pd-sandbox-pg.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * A private PostgreSQL server behind the sandbox's RDS Data API: initdb into
 * a temporary directory, a postmaster that listens only on a Unix socket
 * inside it, the To-Do schema with sample rows, and the translation of Data
 * API requests into libpq calls. Failures carry PD_AWS_ERROR with the Data
 * API's error code and HTTP status (pd_aws_error_get_aws_code()).
 */

#define PD_TYPE_SANDBOX_PG (pd_sandbox_pg_get_type ())

G_DECLARE_FINAL_TYPE (PdSandboxPg, pd_sandbox_pg, PD, SANDBOX_PG, GObject)

PdSandboxPg *pd_sandbox_pg_new               (const char           *username,
                                              const char           *password,
                                              const char           *database);
char        *pd_sandbox_pg_find_bindir       (GError              **error);
void         pd_sandbox_pg_start_async       (PdSandboxPg          *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean     pd_sandbox_pg_start_finish      (PdSandboxPg          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
gboolean     pd_sandbox_pg_is_running        (PdSandboxPg          *self);
const char  *pd_sandbox_pg_get_directory     (PdSandboxPg          *self);
GPid         pd_sandbox_pg_get_pid           (PdSandboxPg          *self);
void         pd_sandbox_pg_stop              (PdSandboxPg          *self);

/* Data API operations: "ExecuteStatement", "BatchExecuteStatement",
 * "BeginTransaction", "CommitTransaction", "RollbackTransaction". @request
 * is the request body; @username and @password come from the secret named
 * by the request. Runs the statement on a worker thread. */
void         pd_sandbox_pg_call_async        (PdSandboxPg          *self,
                                              const char           *operation,
                                              JsonObject           *request,
                                              const char           *username,
                                              const char           *password,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject  *pd_sandbox_pg_call_finish       (PdSandboxPg          *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Rewrites `:name` placeholders into `$N`, outside literals, quoted
 * identifiers, comments and `::` casts. @names receives the name of each
 * $N in order. */
char        *pd_sandbox_pg_rewrite_placeholders (const char        *sql,
                                                 GPtrArray         *names);

G_END_DECLS
