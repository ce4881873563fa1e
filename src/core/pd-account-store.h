/* pd-account-store.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-account.h"
#include "pd-sandbox.h"

G_BEGIN_DECLS

/* The sandbox's account has a fixed name so that it can be found again. */
#define PD_ACCOUNT_SANDBOX_NAME "Sandbox"
#define PD_ACCOUNT_SANDBOX_REGION "eu-west-1"

#define PD_TYPE_ACCOUNT_STORE (pd_account_store_get_type ())

G_DECLARE_FINAL_TYPE (PdAccountStore, pd_account_store, PD, ACCOUNT_STORE, GObject)

PdAccountStore *pd_account_store_new                (void);
void            pd_account_store_reload_async       (PdAccountStore       *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean        pd_account_store_reload_finish      (PdAccountStore       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean        pd_account_store_get_keyring_available (PdAccountStore    *self);
const char     *pd_account_store_get_keyring_error  (PdAccountStore       *self);
PdAccount      *pd_account_store_find               (PdAccountStore       *self,
                                                     const char           *id);
PdAccount      *pd_account_store_get_preferred      (PdAccountStore       *self,
                                                     const char           *last_id);
void            pd_account_store_add_async          (PdAccountStore       *self,
                                                     const char           *name,
                                                     const char           *access_key_id,
                                                     const char           *secret_access_key,
                                                     const char           *session_token,
                                                     const char           *region,
                                                     const char           *endpoint_url,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
PdAccount      *pd_account_store_add_finish         (PdAccountStore       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void            pd_account_store_remove_async       (PdAccountStore       *self,
                                                     PdAccount            *account,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean        pd_account_store_remove_finish      (PdAccountStore       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void            pd_account_store_add_sandbox        (PdAccountStore       *self,
                                                     PdAccount            *account);
gboolean        pd_account_store_start_sandbox      (PdAccountStore       *self,
                                                     GError              **error);
PdSandbox      *pd_account_store_get_sandbox        (PdAccountStore       *self);
void            pd_account_store_open_sandbox_async (PdAccountStore       *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
PdAccount      *pd_account_store_open_sandbox_finish (PdAccountStore      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void            pd_account_verify_async             (PdAccount            *account,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean        pd_account_verify_finish            (PdAccount            *account,
                                                     GAsyncResult         *result,
                                                     GError              **error);

gboolean        pd_account_validate_name            (PdAccountStore       *self,
                                                     const char           *name,
                                                     GError              **error);
gboolean        pd_account_validate_access_key_id   (const char           *access_key_id,
                                                     GError              **error);
gboolean        pd_account_validate_region          (const char           *region,
                                                     GError              **error);
gboolean        pd_account_validate_endpoint_url    (const char           *endpoint_url,
                                                     GError              **error);

G_END_DECLS
