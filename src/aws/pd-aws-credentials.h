/* pd-aws-credentials.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * PD_AWS_CREDENTIALS_REFRESH_MARGIN:
 *
 * How long before they expire temporary credentials are refreshed.
 */
#define PD_AWS_CREDENTIALS_REFRESH_MARGIN (5 * G_TIME_SPAN_MINUTE)

/**
 * PdAwsCredentials:
 *
 * An immutable, reference-counted set of AWS credentials. The secret key and
 * the session token are wiped from memory when the last reference goes.
 */
typedef struct _PdAwsCredentials PdAwsCredentials;

#define PD_AWS_TYPE_CREDENTIALS (pd_aws_credentials_get_type ())

GType             pd_aws_credentials_get_type              (void) G_GNUC_CONST;
PdAwsCredentials *pd_aws_credentials_new                   (const char       *access_key_id,
                                                            const char       *secret_access_key,
                                                            const char       *session_token,
                                                            GDateTime        *expiration,
                                                            const char       *source);
PdAwsCredentials *pd_aws_credentials_ref                   (PdAwsCredentials *self);
void              pd_aws_credentials_unref                 (PdAwsCredentials *self);
const char       *pd_aws_credentials_get_access_key_id     (PdAwsCredentials *self);
const char       *pd_aws_credentials_get_secret_access_key (PdAwsCredentials *self);
const char       *pd_aws_credentials_get_session_token     (PdAwsCredentials *self);
GDateTime        *pd_aws_credentials_get_expiration        (PdAwsCredentials *self);
const char       *pd_aws_credentials_get_source            (PdAwsCredentials *self);
gboolean          pd_aws_credentials_expires_within        (PdAwsCredentials *self,
                                                            GDateTime        *now,
                                                            GTimeSpan         margin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsCredentials, pd_aws_credentials_unref)

void              pd_aws_secure_free                       (char             *secret);

/**
 * PdAwsCredentialsProvider:
 *
 * Something that can produce credentials, perhaps asynchronously (STS,
 * credential_process, the keyring). Providers cache what they load and
 * refresh it before it expires; @force_refresh asks for fresh credentials,
 * for example after an expired-token error.
 */
#define PD_AWS_TYPE_CREDENTIALS_PROVIDER (pd_aws_credentials_provider_get_type ())

G_DECLARE_INTERFACE (PdAwsCredentialsProvider, pd_aws_credentials_provider,
                     PD_AWS, CREDENTIALS_PROVIDER, GObject)

struct _PdAwsCredentialsProviderInterface
{
  GTypeInterface parent_iface;

  void               (*load_async)  (PdAwsCredentialsProvider  *self,
                                     gboolean                   force_refresh,
                                     GCancellable              *cancellable,
                                     GAsyncReadyCallback        callback,
                                     gpointer                   user_data);
  PdAwsCredentials  *(*load_finish) (PdAwsCredentialsProvider  *self,
                                     GAsyncResult              *result,
                                     GError                   **error);
};

void              pd_aws_credentials_provider_load_async   (PdAwsCredentialsProvider  *self,
                                                            gboolean                   force_refresh,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
PdAwsCredentials *pd_aws_credentials_provider_load_finish  (PdAwsCredentialsProvider  *self,
                                                            GAsyncResult              *result,
                                                            GError                   **error);

/**
 * PdAwsStaticCredentialsProvider:
 *
 * A provider that always returns the credentials it was made with.
 */
#define PD_AWS_TYPE_STATIC_CREDENTIALS_PROVIDER (pd_aws_static_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (PdAwsStaticCredentialsProvider, pd_aws_static_credentials_provider,
                      PD_AWS, STATIC_CREDENTIALS_PROVIDER, GObject)

PdAwsCredentialsProvider *pd_aws_static_credentials_provider_new (PdAwsCredentials *credentials);

G_END_DECLS
