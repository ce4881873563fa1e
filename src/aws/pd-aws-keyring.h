/* pd-aws-keyring.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-credentials.h"

G_BEGIN_DECLS

/**
 * PD_AWS_KEYRING_SCHEMA_NAME:
 *
 * The libsecret schema of Pipedeck accounts.
 */
#define PD_AWS_KEYRING_SCHEMA_NAME "io.github.pipedeck.Pipedeck.Account"

/**
 * PdAwsKeyringAccount:
 * @name: the account's name, unique among Pipedeck accounts
 * @access_key_id: the access key ID (not a secret)
 * @region: (nullable): the account's region
 * @endpoint_url: (nullable): the account's endpoint override
 *
 * What the keyring holds about an account besides its secrets: the item's
 * attributes, which the Secret Service keeps unencrypted.
 */
typedef struct
{
  char *name;
  char *access_key_id;
  char *region;
  char *endpoint_url;
} PdAwsKeyringAccount;

#define PD_AWS_TYPE_KEYRING_ACCOUNT (pd_aws_keyring_account_get_type ())

GType                pd_aws_keyring_account_get_type (void) G_GNUC_CONST;
PdAwsKeyringAccount *pd_aws_keyring_account_copy     (const PdAwsKeyringAccount *self);
void                 pd_aws_keyring_account_free     (PdAwsKeyringAccount       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsKeyringAccount, pd_aws_keyring_account_free)

void                 pd_aws_keyring_store_async      (const char                *name,
                                                      PdAwsCredentials          *credentials,
                                                      const char                *region,
                                                      const char                *endpoint_url,
                                                      GCancellable              *cancellable,
                                                      GAsyncReadyCallback        callback,
                                                      gpointer                   user_data);
gboolean             pd_aws_keyring_store_finish     (GAsyncResult              *result,
                                                      GError                   **error);
void                 pd_aws_keyring_list_async       (GCancellable              *cancellable,
                                                      GAsyncReadyCallback        callback,
                                                      gpointer                   user_data);
GPtrArray           *pd_aws_keyring_list_finish      (GAsyncResult              *result,
                                                      GError                   **error);
void                 pd_aws_keyring_load_async       (const char                *name,
                                                      GCancellable              *cancellable,
                                                      GAsyncReadyCallback        callback,
                                                      gpointer                   user_data);
PdAwsCredentials    *pd_aws_keyring_load_finish      (GAsyncResult              *result,
                                                      GError                   **error);
void                 pd_aws_keyring_delete_async     (const char                *name,
                                                      GCancellable              *cancellable,
                                                      GAsyncReadyCallback        callback,
                                                      gpointer                   user_data);
gboolean             pd_aws_keyring_delete_finish    (GAsyncResult              *result,
                                                      GError                   **error);

/**
 * PdAwsKeyringCredentialsProvider:
 *
 * The credentials of a Pipedeck account kept in the keyring. They are read
 * once and kept; a forced refresh reads them again.
 */
#define PD_AWS_TYPE_KEYRING_CREDENTIALS_PROVIDER (pd_aws_keyring_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (PdAwsKeyringCredentialsProvider, pd_aws_keyring_credentials_provider,
                      PD_AWS, KEYRING_CREDENTIALS_PROVIDER, GObject)

PdAwsCredentialsProvider *pd_aws_keyring_credentials_provider_new      (const char                      *name);
const char               *pd_aws_keyring_credentials_provider_get_name (PdAwsKeyringCredentialsProvider *self);

G_END_DECLS
