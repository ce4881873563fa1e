/* pd-aws-credentials-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-credentials.h"

G_BEGIN_DECLS

/* What the credential providers share: the answer of a load task, the
 * finish of every provider, and the cache of the providers that fetch
 * credentials (keyring, credential_process, assume-role). */

/* Completes @task with @credentials, or with @error if @credentials is
 * %NULL; takes both. */
void              pd_aws_credentials_task_return  (GTask                     *task,
                                                   PdAwsCredentials          *credentials,
                                                   GError                    *error);
/* The load_finish of every provider: @result is a GTask of @provider. */
PdAwsCredentials *pd_aws_credentials_task_finish  (PdAwsCredentialsProvider  *provider,
                                                   GAsyncResult              *result,
                                                   GError                   **error);
/* A GAsyncReadyCallback for pd_aws_credentials_provider_load_async() that
 * hands the answer of the inner provider to the GTask in @user_data. */
void              pd_aws_credentials_forward_cb   (GObject                   *object,
                                                   GAsyncResult              *result,
                                                   gpointer                   user_data);

/* Starts the one load that every waiter shares, and takes @load: a GTask
 * whose source object is the provider and whose cancellable is cancelled
 * only once every waiter has given up. Complete it with
 * pd_aws_credentials_task_return(). */
typedef void (*PdAwsCredentialsLoadFunc) (GTask *load);

typedef struct _PdAwsCredentialsCache PdAwsCredentialsCache;

/* Credentials are reused until PD_AWS_CREDENTIALS_REFRESH_MARGIN before
 * they expire; concurrent callers share one load; a failed load is not
 * remembered; a waiter that is cancelled leaves at once without cancelling
 * the others. The cache must live as long as its owner, which every load
 * keeps alive. */
PdAwsCredentialsCache *pd_aws_credentials_cache_new        (PdAwsCredentialsLoadFunc  load);
void                   pd_aws_credentials_cache_free       (PdAwsCredentialsCache    *self);
/* Answers from the cache, or joins the load in flight, or starts one.
 * @owner is the source object of the answer and of the load;
 * @force_refresh skips the cache (a load in flight is still shared). */
void                   pd_aws_credentials_cache_load_async (PdAwsCredentialsCache    *self,
                                                            gpointer                  owner,
                                                            gpointer                  source_tag,
                                                            gboolean                  force_refresh,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
/* Returns: (transfer none) (nullable): the cached credentials, fresh or not */
PdAwsCredentials      *pd_aws_credentials_cache_peek       (PdAwsCredentialsCache    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsCredentialsCache, pd_aws_credentials_cache_free)

G_END_DECLS
