/* pd-aws-endpoints.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * PdAwsProtocol:
 * @PD_AWS_PROTOCOL_JSON: AWS JSON 1.0/1.1, operation in `X-Amz-Target`
 * @PD_AWS_PROTOCOL_REST_JSON: method and URI template, JSON body
 * @PD_AWS_PROTOCOL_QUERY: form-encoded `Action=…`, XML responses
 *
 * The wire protocol of a service.
 */
typedef enum
{
  PD_AWS_PROTOCOL_JSON,
  PD_AWS_PROTOCOL_REST_JSON,
  PD_AWS_PROTOCOL_QUERY,
} PdAwsProtocol;

/**
 * PdAwsService:
 * @name: the botocore name (`logs`, `rds-data`, `cloudwatch`)
 * @protocol: the wire protocol
 * @json_version: (nullable): `1.0` or `1.1` for the json protocol
 * @target_prefix: (nullable): the `X-Amz-Target` prefix of the json protocol
 * @signing_name: the SigV4 service name
 * @endpoint_prefix: the first label of the endpoint host
 * @api_version: the API version (`Version=` of the query protocol)
 * @service_id: the serviceId (`CloudWatch Logs`)
 * @env_name: the serviceId as in `AWS_ENDPOINT_URL_<SERVICE>` (`CLOUDWATCH_LOGS`)
 * @config_key: the serviceId as in a `[services]` section (`cloudwatch_logs`)
 * @xml_namespace: (nullable): the XML namespace of query responses
 *
 * What Pipedeck knows about one AWS service.
 */
typedef struct
{
  const char    *name;
  PdAwsProtocol  protocol;
  const char    *json_version;
  const char    *target_prefix;
  const char    *signing_name;
  const char    *endpoint_prefix;
  const char    *api_version;
  const char    *service_id;
  const char    *env_name;
  const char    *config_key;
  const char    *xml_namespace;
} PdAwsService;

/**
 * PdAwsConfigLookupFunc:
 * @key: a key of the active profile: `endpoint_url`,
 *   `ignore_configured_endpoint_urls`, `sts_regional_endpoints`, or
 *   `services.<config_key>.endpoint_url` for the profile's services section
 * @user_data: the data given with the function
 *
 * Reads a value of the active profile of the shared configuration files.
 *
 * Returns: (nullable) (transfer full): the value, or %NULL when unset
 */
typedef char *(*PdAwsConfigLookupFunc) (const char *key,
                                        gpointer    user_data);

/**
 * PdAwsEndpoint:
 * @url: the base URL, without a trailing `/`
 * @host: the host, lower case, as the `Host` header needs it (with `:port`
 *   when the port is not the scheme's default)
 * @signing_region: the region to sign for
 * @signing_name: the service name to sign for
 * @is_custom: whether an override chose @url
 * @loopback_name: (nullable): for an `http://` URL to a host name other than
 *   `localhost`, that name, lower case: requests may go to it only once it
 *   has resolved to loopback addresses alone, and then go to those addresses
 *
 * Where to send a request for a service, and how to sign it.
 */
typedef struct
{
  char     *url;
  char     *host;
  char     *signing_region;
  char     *signing_name;
  gboolean  is_custom;
  char     *loopback_name;
} PdAwsEndpoint;

const PdAwsService  *pd_aws_service_lookup        (const char            *name);
const PdAwsService  *pd_aws_service_get_all       (guint                 *n_services);
gboolean             pd_aws_region_is_sts_global  (const char            *region);
gboolean             pd_aws_endpoint_url_check    (const char            *url,
                                                   GError               **error);
PdAwsEndpoint       *pd_aws_endpoint_resolve      (const PdAwsService    *service,
                                                   const char            *region,
                                                   const char            *account_override,
                                                   PdAwsConfigLookupFunc  lookup,
                                                   gpointer               lookup_data,
                                                   GError               **error);
void                 pd_aws_endpoint_free         (PdAwsEndpoint         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsEndpoint, pd_aws_endpoint_free)

G_END_DECLS
