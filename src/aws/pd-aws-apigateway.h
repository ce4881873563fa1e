/* pd-aws-apigateway.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/**
 * PdAwsApiEndpointType:
 * @PD_AWS_API_ENDPOINT_TYPE_UNKNOWN: an unknown value (raw string kept) or none
 * @PD_AWS_API_ENDPOINT_TYPE_EDGE: `EDGE`
 * @PD_AWS_API_ENDPOINT_TYPE_REGIONAL: `REGIONAL`
 * @PD_AWS_API_ENDPOINT_TYPE_PRIVATE: `PRIVATE`
 *
 * Where a REST API is served from.
 */
typedef enum
{
  PD_AWS_API_ENDPOINT_TYPE_UNKNOWN,
  PD_AWS_API_ENDPOINT_TYPE_EDGE,
  PD_AWS_API_ENDPOINT_TYPE_REGIONAL,
  PD_AWS_API_ENDPOINT_TYPE_PRIVATE,
} PdAwsApiEndpointType;

/**
 * PdAwsApiLoggingLevel:
 * @PD_AWS_API_LOGGING_LEVEL_UNKNOWN: an unknown value (raw string kept) or none
 * @PD_AWS_API_LOGGING_LEVEL_OFF: `OFF`
 * @PD_AWS_API_LOGGING_LEVEL_ERROR: `ERROR`
 * @PD_AWS_API_LOGGING_LEVEL_INFO: `INFO`
 *
 * What a stage or method writes to CloudWatch Logs.
 */
typedef enum
{
  PD_AWS_API_LOGGING_LEVEL_UNKNOWN,
  PD_AWS_API_LOGGING_LEVEL_OFF,
  PD_AWS_API_LOGGING_LEVEL_ERROR,
  PD_AWS_API_LOGGING_LEVEL_INFO,
} PdAwsApiLoggingLevel;

/**
 * PdAwsApiAuthorizationType:
 * @PD_AWS_API_AUTHORIZATION_UNKNOWN: an unknown value (raw string kept) or none
 * @PD_AWS_API_AUTHORIZATION_NONE: `NONE`
 * @PD_AWS_API_AUTHORIZATION_AWS_IAM: `AWS_IAM`
 * @PD_AWS_API_AUTHORIZATION_CUSTOM: `CUSTOM` (a Lambda authorizer)
 * @PD_AWS_API_AUTHORIZATION_COGNITO_USER_POOLS: `COGNITO_USER_POOLS`
 *
 * How a method checks its callers.
 */
typedef enum
{
  PD_AWS_API_AUTHORIZATION_UNKNOWN,
  PD_AWS_API_AUTHORIZATION_NONE,
  PD_AWS_API_AUTHORIZATION_AWS_IAM,
  PD_AWS_API_AUTHORIZATION_CUSTOM,
  PD_AWS_API_AUTHORIZATION_COGNITO_USER_POOLS,
} PdAwsApiAuthorizationType;

/**
 * PdAwsApiAuthorizerType:
 * @PD_AWS_API_AUTHORIZER_UNKNOWN: an unknown value (raw string kept) or none
 * @PD_AWS_API_AUTHORIZER_TOKEN: `TOKEN`
 * @PD_AWS_API_AUTHORIZER_REQUEST: `REQUEST`
 * @PD_AWS_API_AUTHORIZER_COGNITO_USER_POOLS: `COGNITO_USER_POOLS`
 *
 * The kind of an authorizer.
 */
typedef enum
{
  PD_AWS_API_AUTHORIZER_UNKNOWN,
  PD_AWS_API_AUTHORIZER_TOKEN,
  PD_AWS_API_AUTHORIZER_REQUEST,
  PD_AWS_API_AUTHORIZER_COGNITO_USER_POOLS,
} PdAwsApiAuthorizerType;

/**
 * PdAwsRestApi:
 * @id: the API's ID
 * @name: its name
 * @description: (nullable): its description
 * @created_date: (nullable): when it was created
 * @endpoint_type: its first endpoint type
 * @endpoint_type_raw: (nullable): that type as sent
 * @api_key_source: (nullable): `HEADER` or `AUTHORIZER`
 * @root_resource_id: (nullable): the ID of its `/` resource
 * @disable_execute_api_endpoint: whether the default endpoint is off
 *
 * A REST API from GetRestApis.
 */
typedef struct
{
  char                 *id;
  char                 *name;
  char                 *description;
  GDateTime            *created_date;
  PdAwsApiEndpointType  endpoint_type;
  char                 *endpoint_type_raw;
  char                 *api_key_source;
  char                 *root_resource_id;
  gboolean              disable_execute_api_endpoint;
} PdAwsRestApi;

/**
 * PdAwsApiMethodSetting:
 * @key: `*∕*` for the whole stage, or `resource-path/METHOD` without the
 *   leading slash (`todos/{id}/GET`)
 * @metrics_enabled: whether CloudWatch metrics are on
 * @logging_level: the logging level
 * @logging_level_raw: (nullable): that level as sent
 * @data_trace_enabled: whether full requests and responses are logged
 * @throttling_rate_limit: requests per second, or -1 when not said
 * @throttling_burst_limit: the burst, or -1 when not said
 * @caching_enabled: whether responses are cached
 * @cache_ttl_in_seconds: how long, or -1 when not said
 *
 * One entry of a stage's methodSettings.
 */
typedef struct
{
  char                 *key;
  gboolean              metrics_enabled;
  PdAwsApiLoggingLevel  logging_level;
  char                 *logging_level_raw;
  gboolean              data_trace_enabled;
  double                throttling_rate_limit;
  gint64                throttling_burst_limit;
  gboolean              caching_enabled;
  gint64                cache_ttl_in_seconds;
} PdAwsApiMethodSetting;

/**
 * PdAwsApiStage:
 * @stage_name: the stage's name
 * @deployment_id: (nullable): the deployment it serves
 * @description: (nullable): its description
 * @cache_cluster_enabled: whether it has a cache cluster
 * @cache_cluster_size: (nullable): the cache size in GB (`0.5`…)
 * @cache_cluster_status: (nullable): the cache's status as sent
 * @method_settings: (element-type PdAwsApiMethodSetting): its method
 *   settings, sorted by key
 * @variables: (element-type utf8 utf8): its stage variables
 * @access_log_format: (nullable): the access-log format
 * @access_log_destination_arn: (nullable): where access logs go
 * @has_canary: whether canary settings are given
 * @canary_percent_traffic: the canary's share of requests, in percent
 * @canary_deployment_id: (nullable): the canary's deployment
 * @canary_use_stage_cache: whether the canary uses the stage cache
 * @canary_variables: (element-type utf8 utf8): variables the canary overrides
 * @tracing_enabled: whether X-Ray tracing is on
 * @web_acl_arn: (nullable): the WAF web ACL associated with it
 * @created_date: (nullable): when it was created
 * @last_updated_date: (nullable): when it last changed
 *
 * A stage from GetStage, GetStages or UpdateStage.
 */
typedef struct
{
  char       *stage_name;
  char       *deployment_id;
  char       *description;
  gboolean    cache_cluster_enabled;
  char       *cache_cluster_size;
  char       *cache_cluster_status;
  GPtrArray  *method_settings;
  GHashTable *variables;
  char       *access_log_format;
  char       *access_log_destination_arn;
  gboolean    has_canary;
  double      canary_percent_traffic;
  char       *canary_deployment_id;
  gboolean    canary_use_stage_cache;
  GHashTable *canary_variables;
  gboolean    tracing_enabled;
  char       *web_acl_arn;
  GDateTime  *created_date;
  GDateTime  *last_updated_date;
} PdAwsApiStage;

/**
 * PdAwsApiMethod:
 * @http_method: `GET`, `POST`… or `ANY`
 * @authorization_type: how callers are checked
 * @authorization_type_raw: (nullable): that type as sent
 * @authorizer_id: (nullable): the authorizer, for `CUSTOM` and Cognito
 * @api_key_required: whether an API key is needed
 * @operation_name: (nullable): the operation's name, if given
 * @embedded: whether the method's details were sent, or only its name
 *
 * A method of a resource.
 */
typedef struct
{
  char                      *http_method;
  PdAwsApiAuthorizationType  authorization_type;
  char                      *authorization_type_raw;
  char                      *authorizer_id;
  gboolean                   api_key_required;
  char                      *operation_name;
  gboolean                   embedded;
} PdAwsApiMethod;

/**
 * PdAwsApiResource:
 * @id: the resource's ID
 * @parent_id: (nullable): its parent's ID; none for `/`
 * @path_part: (nullable): the last part of its path
 * @path: its full path (`/todos/{id}`)
 * @methods: (element-type PdAwsApiMethod): its methods, sorted by name
 *
 * A resource from GetResources.
 */
typedef struct
{
  char      *id;
  char      *parent_id;
  char      *path_part;
  char      *path;
  GPtrArray *methods;
} PdAwsApiResource;

/**
 * PdAwsApiAuthorizer:
 * @id: the authorizer's ID
 * @name: its name
 * @type: its kind
 * @type_raw: (nullable): that kind as sent
 * @auth_type: (nullable): the optional customer-defined type
 * @authorizer_uri: (nullable): the Lambda invocation URI
 * @authorizer_credentials: (nullable): the role API Gateway assumes
 * @identity_source: (nullable): where the identity is read from
 * @identity_validation_expression: (nullable): the token's pattern
 * @result_ttl_in_seconds: how long results are cached, or -1
 * @provider_arns: (array zero-terminated=1): Cognito user pools
 *
 * An authorizer from GetAuthorizers.
 */
typedef struct
{
  char                   *id;
  char                   *name;
  PdAwsApiAuthorizerType  type;
  char                   *type_raw;
  char                   *auth_type;
  char                   *authorizer_uri;
  char                   *authorizer_credentials;
  char                   *identity_source;
  char                   *identity_validation_expression;
  gint64                  result_ttl_in_seconds;
  GStrv                   provider_arns;
} PdAwsApiAuthorizer;

/**
 * PdAwsApiDeployment:
 * @id: the deployment's ID
 * @description: (nullable): its description
 * @created_date: (nullable): when it was made
 *
 * A deployment from GetDeployments.
 */
typedef struct
{
  char      *id;
  char      *description;
  GDateTime *created_date;
} PdAwsApiDeployment;

/**
 * PdAwsPatchOperation:
 * @op: `add`, `remove` or `replace`
 * @path: the JSON pointer it applies to (`/~1todos/GET/throttling/rateLimit`)
 * @value: (nullable): the new value, always a string; none for `remove`
 *
 * One operation of an UpdateStage call.
 */
typedef struct
{
  char *op;
  char *path;
  char *value;
} PdAwsPatchOperation;

void                   pd_aws_rest_api_free               (PdAwsRestApi          *self);
void                   pd_aws_api_method_setting_free     (PdAwsApiMethodSetting *self);
void                   pd_aws_api_stage_free              (PdAwsApiStage         *self);
void                   pd_aws_api_method_free             (PdAwsApiMethod        *self);
void                   pd_aws_api_resource_free           (PdAwsApiResource      *self);
void                   pd_aws_api_authorizer_free         (PdAwsApiAuthorizer    *self);
void                   pd_aws_api_deployment_free         (PdAwsApiDeployment    *self);
PdAwsPatchOperation   *pd_aws_patch_operation_new         (const char            *op,
                                                           const char            *path,
                                                           const char            *value);
PdAwsPatchOperation   *pd_aws_patch_operation_copy        (const PdAwsPatchOperation *self);
void                   pd_aws_patch_operation_free        (PdAwsPatchOperation   *self);

const PdAwsApiMethodSetting *pd_aws_api_stage_find_setting (const PdAwsApiStage  *self,
                                                            const char           *key);
char                  *pd_aws_apigateway_escape_path      (const char            *path);
char                  *pd_aws_apigateway_dup_stage_arn    (const char            *region,
                                                           const char            *rest_api_id,
                                                           const char            *stage_name);

PdAwsApiStage         *pd_aws_apigateway_parse_stage      (JsonObject            *object,
                                                           GError               **error);

void        pd_aws_apigateway_get_rest_apis_async    (PdAwsClient         *client,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray  *pd_aws_apigateway_get_rest_apis_finish   (PdAwsClient         *client,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void        pd_aws_apigateway_get_stages_async       (PdAwsClient         *client,
                                                      const char          *rest_api_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray  *pd_aws_apigateway_get_stages_finish      (PdAwsClient         *client,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void        pd_aws_apigateway_get_stage_async        (PdAwsClient         *client,
                                                      const char          *rest_api_id,
                                                      const char          *stage_name,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
PdAwsApiStage *pd_aws_apigateway_get_stage_finish    (PdAwsClient         *client,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void        pd_aws_apigateway_get_resources_async    (PdAwsClient         *client,
                                                      const char          *rest_api_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray  *pd_aws_apigateway_get_resources_finish   (PdAwsClient         *client,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void        pd_aws_apigateway_get_authorizers_async  (PdAwsClient         *client,
                                                      const char          *rest_api_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray  *pd_aws_apigateway_get_authorizers_finish (PdAwsClient         *client,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void        pd_aws_apigateway_get_deployments_async  (PdAwsClient         *client,
                                                      const char          *rest_api_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray  *pd_aws_apigateway_get_deployments_finish (PdAwsClient         *client,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void        pd_aws_apigateway_update_stage_async     (PdAwsClient         *client,
                                                      const char          *rest_api_id,
                                                      const char          *stage_name,
                                                      GPtrArray           *operations,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
PdAwsApiStage *pd_aws_apigateway_update_stage_finish (PdAwsClient         *client,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsRestApi, pd_aws_rest_api_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsApiMethodSetting, pd_aws_api_method_setting_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsApiStage, pd_aws_api_stage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsApiMethod, pd_aws_api_method_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsApiResource, pd_aws_api_resource_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsApiAuthorizer, pd_aws_api_authorizer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsApiDeployment, pd_aws_api_deployment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsPatchOperation, pd_aws_patch_operation_free)

G_END_DECLS
