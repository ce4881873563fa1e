/* pd-aws-client.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pd-aws-credentials.h"
#include "pd-aws-endpoints.h"

G_BEGIN_DECLS

/**
 * PD_AWS_CLIENT_DEFAULT_MAX_RESPONSE_SIZE:
 *
 * The default response size cap: 64 MiB.
 */
#define PD_AWS_CLIENT_DEFAULT_MAX_RESPONSE_SIZE (64 * 1024 * 1024)

/**
 * PdAwsClientRandomFunc:
 * @user_data: the data given with the function
 *
 * A source of uniformly distributed numbers in [0, 1), for the backoff jitter.
 *
 * Returns: a number in [0, 1)
 */
typedef double (*PdAwsClientRandomFunc) (gpointer user_data);

/**
 * PdAwsClientSleepFunc:
 * @delay_ms: the backoff delay the retry policy chose, in milliseconds
 * @user_data: the data given with the function
 *
 * Decides how long the client really waits before a retry. Tests use it to
 * record the chosen delays without waiting for them.
 *
 * Returns: the delay to wait, in milliseconds
 */
typedef guint (*PdAwsClientSleepFunc) (guint    delay_ms,
                                       gpointer user_data);

#define PD_AWS_TYPE_CLIENT (pd_aws_client_get_type ())

G_DECLARE_FINAL_TYPE (PdAwsClient, pd_aws_client, PD_AWS, CLIENT, GObject)

PdAwsClient              *pd_aws_client_new                       (PdAwsCredentialsProvider *provider,
                                                                   const char               *region,
                                                                   const char               *endpoint_override);
PdAwsCredentialsProvider *pd_aws_client_get_credentials_provider  (PdAwsClient              *self);
const char               *pd_aws_client_get_region                (PdAwsClient              *self);
const char               *pd_aws_client_get_endpoint_override     (PdAwsClient              *self);
void                      pd_aws_client_set_config_lookup         (PdAwsClient              *self,
                                                                   PdAwsConfigLookupFunc     lookup,
                                                                   gpointer                  user_data,
                                                                   GDestroyNotify            destroy);
gsize                     pd_aws_client_get_max_response_size     (PdAwsClient              *self);
void                      pd_aws_client_set_max_response_size     (PdAwsClient              *self,
                                                                   gsize                     max_size);
guint                     pd_aws_client_get_max_attempts          (PdAwsClient              *self);
void                      pd_aws_client_set_max_attempts          (PdAwsClient              *self,
                                                                   guint                     max_attempts);
void                      pd_aws_client_set_timeouts              (PdAwsClient              *self,
                                                                   guint                     connect_timeout_ms,
                                                                   guint                     read_timeout_ms);
void                      pd_aws_client_set_retry_hooks           (PdAwsClient              *self,
                                                                   PdAwsClientRandomFunc     random_func,
                                                                   PdAwsClientSleepFunc      sleep_func,
                                                                   gpointer                  user_data);
void                      pd_aws_client_set_proxy_resolver        (PdAwsClient              *self,
                                                                   GProxyResolver           *resolver);
guint                     pd_aws_client_get_retry_quota           (PdAwsClient              *self);
GTimeSpan                 pd_aws_client_get_clock_offset          (PdAwsClient              *self);
GDateTime                *pd_aws_client_dup_corrected_now         (PdAwsClient              *self);

void                      pd_aws_client_call_async                (PdAwsClient              *self,
                                                                   const char               *service,
                                                                   const char               *operation,
                                                                   JsonObject               *input,
                                                                   GCancellable             *cancellable,
                                                                   GAsyncReadyCallback       callback,
                                                                   gpointer                  user_data);
JsonNode                 *pd_aws_client_call_finish               (PdAwsClient              *self,
                                                                   GAsyncResult             *result,
                                                                   GError                  **error);

G_END_DECLS
