/* pd-sandbox-mysql.h
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
 * A private MariaDB server behind the sandbox's Data API for aurora-mysql
 * clusters: mariadb-install-db into a temporary directory, a server that
 * listens only on a Unix socket inside it (no TCP), the To-Do schema in the
 * MySQL dialect with sample rows, and the translation of Data API requests
 * into MariaDB client calls. Failures carry PD_AWS_ERROR with the Data API's
 * error code and HTTP status, like PdSandboxPg.
 */

#define PD_TYPE_SANDBOX_MYSQL (pd_sandbox_mysql_get_type ())

G_DECLARE_FINAL_TYPE (PdSandboxMysql, pd_sandbox_mysql, PD, SANDBOX_MYSQL, GObject)

PdSandboxMysql *pd_sandbox_mysql_new          (const char           *username,
                                               const char           *password,
                                               const char           *database);
/* The directory of `mariadbd` and that of `mariadb-install-db`. */
gboolean        pd_sandbox_mysql_find_programs (char                **server,
                                                char                **install_db,
                                                GError              **error);
void            pd_sandbox_mysql_start_async  (PdSandboxMysql       *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean        pd_sandbox_mysql_start_finish (PdSandboxMysql       *self,
                                               GAsyncResult         *result,
                                               GError              **error);
gboolean        pd_sandbox_mysql_is_running   (PdSandboxMysql       *self);
const char     *pd_sandbox_mysql_get_directory (PdSandboxMysql      *self);
GPid            pd_sandbox_mysql_get_pid      (PdSandboxMysql       *self);
void            pd_sandbox_mysql_stop         (PdSandboxMysql       *self);

/* The same operations as pd_sandbox_pg_call_async(). */
void            pd_sandbox_mysql_call_async   (PdSandboxMysql       *self,
                                               const char           *operation,
                                               JsonObject           *request,
                                               const char           *username,
                                               const char           *password,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
JsonObject     *pd_sandbox_mysql_call_finish  (PdSandboxMysql       *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Rewrites `:name` placeholders into `?`, outside literals, quoted
 * identifiers and comments. @names receives the name of each `?` in order
 * (a name used twice appears twice). */
char           *pd_sandbox_mysql_rewrite_placeholders (const char    *sql,
                                                       GPtrArray     *names);

G_END_DECLS
