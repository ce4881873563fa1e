/* pd-aws-apigateway.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-aws-apigateway-private.h"
#include "pd-aws-error.h"
#include "pd-aws-typed-private.h"

/* API Gateway v1 (rest-json): the REST APIs of an account, their stages,
 * resources and authorizers, and UpdateStage. Lists come in pages under
 * "items" (the protocol renames the wire's "item"), except GetStages,
 * whose shape names its list "item" and has no pages. */

/* The most AWS returns in one page: fewer round trips for long lists */
#define PAGE_LIMIT 500

/* Index 0 is the UNKNOWN value. */
static const char * const endpoint_type_names[] = { "", "EDGE", "REGIONAL", "PRIVATE", NULL };
static const char * const logging_level_names[] = { "", "OFF", "ERROR", "INFO", NULL };
static const char * const authorization_names[] = {
  "", "NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS", NULL
};
static const char * const authorizer_type_names[] = {
  "", "TOKEN", "REQUEST", "COGNITO_USER_POOLS", NULL
};

/* Freeing */

/**
 * pd_aws_rest_api_free:
 * @self: (transfer full) (nullable): a REST API
 *
 * Frees @self.
 */
void
pd_aws_rest_api_free (PdAwsRestApi *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_clear_pointer (&self->created_date, g_date_time_unref);
  g_free (self->endpoint_type_raw);
  g_free (self->api_key_source);
  g_free (self->root_resource_id);
  g_free (self);
}

/**
 * pd_aws_api_method_setting_free:
 * @self: (transfer full) (nullable): a method setting
 *
 * Frees @self.
 */
void
pd_aws_api_method_setting_free (PdAwsApiMethodSetting *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->logging_level_raw);
  g_free (self);
}

/**
 * pd_aws_api_stage_free:
 * @self: (transfer full) (nullable): a stage
 *
 * Frees @self.
 */
void
pd_aws_api_stage_free (PdAwsApiStage *self)
{
  if (self == NULL)
    return;
  g_free (self->stage_name);
  g_free (self->deployment_id);
  g_free (self->description);
  g_free (self->cache_cluster_size);
  g_free (self->cache_cluster_status);
  g_clear_pointer (&self->method_settings, g_ptr_array_unref);
  g_clear_pointer (&self->variables, g_hash_table_unref);
  g_free (self->access_log_format);
  g_free (self->access_log_destination_arn);
  g_free (self->canary_deployment_id);
  g_clear_pointer (&self->canary_variables, g_hash_table_unref);
  g_free (self->web_acl_arn);
  g_clear_pointer (&self->created_date, g_date_time_unref);
  g_clear_pointer (&self->last_updated_date, g_date_time_unref);
  g_free (self);
}

/**
 * pd_aws_api_method_free:
 * @self: (transfer full) (nullable): a method
 *
 * Frees @self.
 */
void
pd_aws_api_method_free (PdAwsApiMethod *self)
{
  if (self == NULL)
    return;
  g_free (self->http_method);
  g_free (self->authorization_type_raw);
  g_free (self->authorizer_id);
  g_free (self->operation_name);
  g_free (self);
}

/**
 * pd_aws_api_resource_free:
 * @self: (transfer full) (nullable): a resource
 *
 * Frees @self.
 */
void
pd_aws_api_resource_free (PdAwsApiResource *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->parent_id);
  g_free (self->path_part);
  g_free (self->path);
  g_clear_pointer (&self->methods, g_ptr_array_unref);
  g_free (self);
}

/**
 * pd_aws_api_authorizer_free:
 * @self: (transfer full) (nullable): an authorizer
 *
 * Frees @self.
 */
void
pd_aws_api_authorizer_free (PdAwsApiAuthorizer *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->type_raw);
  g_free (self->auth_type);
  g_free (self->authorizer_uri);
  g_free (self->authorizer_credentials);
  g_free (self->identity_source);
  g_free (self->identity_validation_expression);
  g_strfreev (self->provider_arns);
  g_free (self);
}

/**
 * pd_aws_api_deployment_free:
 * @self: (transfer full) (nullable): a deployment
 *
 * Frees @self.
 */
void
pd_aws_api_deployment_free (PdAwsApiDeployment *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->description);
  g_clear_pointer (&self->created_date, g_date_time_unref);
  g_free (self);
}

/**
 * pd_aws_patch_operation_new:
 * @op: `add`, `remove` or `replace`
 * @path: the JSON pointer
 * @value: (nullable): the value
 *
 * Returns: (transfer full): a new patch operation
 */
PdAwsPatchOperation *
pd_aws_patch_operation_new (const char *op,
                            const char *path,
                            const char *value)
{
  PdAwsPatchOperation *self;

  g_return_val_if_fail (op != NULL && path != NULL, NULL);

  self = g_new0 (PdAwsPatchOperation, 1);
  self->op = g_strdup (op);
  self->path = g_strdup (path);
  self->value = g_strdup (value);
  return self;
}

/**
 * pd_aws_patch_operation_copy:
 * @self: a patch operation
 *
 * Returns: (transfer full): a copy of @self
 */
PdAwsPatchOperation *
pd_aws_patch_operation_copy (const PdAwsPatchOperation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return pd_aws_patch_operation_new (self->op, self->path, self->value);
}

/**
 * pd_aws_patch_operation_free:
 * @self: (transfer full) (nullable): a patch operation
 *
 * Frees @self.
 */
void
pd_aws_patch_operation_free (PdAwsPatchOperation *self)
{
  if (self == NULL)
    return;
  g_free (self->op);
  g_free (self->path);
  g_free (self->value);
  g_free (self);
}

/* Settings, paths and ARNs */

/**
 * pd_aws_api_stage_find_setting:
 * @self: a stage
 * @key: `*∕*` or `resource-path/METHOD`
 *
 * Returns: (nullable) (transfer none): the method setting under @key
 */
const PdAwsApiMethodSetting *
pd_aws_api_stage_find_setting (const PdAwsApiStage *self,
                               const char          *key)
{
  g_return_val_if_fail (self != NULL && key != NULL, NULL);

  for (guint i = 0; self->method_settings != NULL && i < self->method_settings->len; i++)
    {
      const PdAwsApiMethodSetting *setting = g_ptr_array_index (self->method_settings, i);

      if (g_str_equal (setting->key, key))
        return setting;
    }
  return NULL;
}

/**
 * pd_aws_apigateway_escape_path:
 * @path: a resource path (`/todos/{id}`)
 *
 * Escapes @path as one JSON-pointer segment, as UpdateStage paths name a
 * resource: `~` becomes `~0` and `/` becomes `~1`.
 *
 * Returns: (transfer full): the escaped path (`~1todos~1{id}`)
 */
char *
pd_aws_apigateway_escape_path (const char *path)
{
  GString *out;

  g_return_val_if_fail (path != NULL, NULL);

  out = g_string_new (NULL);
  for (const char *p = path; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (out, "~0");
      else if (*p == '/')
        g_string_append (out, "~1");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * pd_aws_apigateway_dup_stage_arn:
 * @region: the region of the API
 * @rest_api_id: the API's ID
 * @stage_name: the stage
 *
 * Returns: (transfer full): the stage's ARN, as WAF names it
 */
char *
pd_aws_apigateway_dup_stage_arn (const char *region,
                                 const char *rest_api_id,
                                 const char *stage_name)
{
  g_return_val_if_fail (region != NULL && rest_api_id != NULL && stage_name != NULL, NULL);

  return g_strdup_printf ("arn:aws:apigateway:%s::/restapis/%s/stages/%s", region, rest_api_id,
                          stage_name);
}

/* Parsing */

static gboolean
read_double (JsonObject  *object,
             const char  *path,
             const char  *member,
             double      *out,
             GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type;
  double value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the member “%s%s” is not a number", path != NULL ? path : "", member);
      return FALSE;
    }
  value = type == G_TYPE_INT64 ? (double) json_node_get_int (node) : json_node_get_double (node);
  if (!isfinite (value))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the member “%s%s” is not a finite number", path != NULL ? path : "", member);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static int
compare_settings (gconstpointer a,
                  gconstpointer b)
{
  const PdAwsApiMethodSetting *x = *(PdAwsApiMethodSetting * const *) a;
  const PdAwsApiMethodSetting *y = *(PdAwsApiMethodSetting * const *) b;

  return strcmp (x->key, y->key);
}

static int
compare_methods (gconstpointer a,
                 gconstpointer b)
{
  const PdAwsApiMethod *x = *(PdAwsApiMethod * const *) a;
  const PdAwsApiMethod *y = *(PdAwsApiMethod * const *) b;

  return strcmp (x->http_method, y->http_method);
}

static PdAwsRestApi *
parse_rest_api (JsonObject  *object,
                const char  *path,
                GError     **error)
{
  g_autoptr(PdAwsRestApi) api = g_new0 (PdAwsRestApi, 1);
  g_autofree char *endpoint_path = g_strdup_printf ("%sendpointConfiguration.", path);
  g_auto(GStrv) types = NULL;
  JsonObject *endpoint;

  if (!pd_aws_read_string (object, path, "id", TRUE, &api->id, error) ||
      !pd_aws_read_string (object, path, "name", TRUE, &api->name, error) ||
      !pd_aws_read_string (object, path, "description", FALSE, &api->description, error) ||
      !pd_aws_read_time (object, path, "createdDate", &api->created_date, error) ||
      !pd_aws_read_string (object, path, "apiKeySource", FALSE, &api->api_key_source, error) ||
      !pd_aws_read_string (object, path, "rootResourceId", FALSE, &api->root_resource_id,
                           error) ||
      !pd_aws_read_bool (object, path, "disableExecuteApiEndpoint",
                         &api->disable_execute_api_endpoint, error) ||
      !pd_aws_read_object (object, path, "endpointConfiguration", FALSE, &endpoint, error) ||
      !pd_aws_read_string_list (endpoint, endpoint_path, "types", &types, error))
    return NULL;

  if (types != NULL && types[0] != NULL)
    {
      api->endpoint_type = pd_aws_enum_from_string (endpoint_type_names, types[0]);
      api->endpoint_type_raw = g_strdup (types[0]);
    }
  return g_steal_pointer (&api);
}

static PdAwsApiMethodSetting *
parse_method_setting (JsonObject  *object,
                      const char  *path,
                      const char  *key,
                      GError     **error)
{
  g_autoptr(PdAwsApiMethodSetting) setting = g_new0 (PdAwsApiMethodSetting, 1);
  int level = 0;

  setting->key = g_strdup (key);
  setting->throttling_rate_limit = -1;
  setting->throttling_burst_limit = -1;
  setting->cache_ttl_in_seconds = -1;
  if (!pd_aws_read_bool (object, path, "metricsEnabled", &setting->metrics_enabled, error) ||
      !pd_aws_read_enum (object, path, "loggingLevel", logging_level_names, &level,
                         &setting->logging_level_raw, error) ||
      !pd_aws_read_bool (object, path, "dataTraceEnabled", &setting->data_trace_enabled, error) ||
      !read_double (object, path, "throttlingRateLimit", &setting->throttling_rate_limit, error) ||
      !pd_aws_read_int (object, path, "throttlingBurstLimit", &setting->throttling_burst_limit,
                        error) ||
      !pd_aws_read_bool (object, path, "cachingEnabled", &setting->caching_enabled, error) ||
      !pd_aws_read_int (object, path, "cacheTtlInSeconds", &setting->cache_ttl_in_seconds, error))
    return NULL;
  setting->logging_level = level;
  return g_steal_pointer (&setting);
}

static PdAwsApiStage *
parse_stage (JsonObject  *object,
             const char  *path,
             GError     **error)
{
  g_autoptr(PdAwsApiStage) stage = g_new0 (PdAwsApiStage, 1);
  g_autofree char *access_path = g_strdup_printf ("%saccessLogSettings.", path);
  g_autofree char *canary_path = g_strdup_printf ("%scanarySettings.", path);
  g_autofree char *settings_path = g_strdup_printf ("%smethodSettings.", path);
  JsonObject *access, *canary, *settings;

  stage->method_settings = g_ptr_array_new_with_free_func
    ((GDestroyNotify) pd_aws_api_method_setting_free);
  if (!pd_aws_read_string (object, path, "stageName", TRUE, &stage->stage_name, error) ||
      !pd_aws_read_string (object, path, "deploymentId", FALSE, &stage->deployment_id, error) ||
      !pd_aws_read_string (object, path, "description", FALSE, &stage->description, error) ||
      !pd_aws_read_bool (object, path, "cacheClusterEnabled", &stage->cache_cluster_enabled,
                         error) ||
      !pd_aws_read_string (object, path, "cacheClusterSize", FALSE, &stage->cache_cluster_size,
                           error) ||
      !pd_aws_read_string (object, path, "cacheClusterStatus", FALSE,
                           &stage->cache_cluster_status, error) ||
      !pd_aws_read_string_map (object, path, "variables", &stage->variables, error) ||
      !pd_aws_read_object (object, path, "accessLogSettings", FALSE, &access, error) ||
      !pd_aws_read_string (access, access_path, "format", FALSE, &stage->access_log_format,
                           error) ||
      !pd_aws_read_string (access, access_path, "destinationArn", FALSE,
                           &stage->access_log_destination_arn, error) ||
      !pd_aws_read_object (object, path, "canarySettings", FALSE, &canary, error) ||
      !read_double (canary, canary_path, "percentTraffic", &stage->canary_percent_traffic,
                    error) ||
      !pd_aws_read_string (canary, canary_path, "deploymentId", FALSE,
                           &stage->canary_deployment_id, error) ||
      !pd_aws_read_bool (canary, canary_path, "useStageCache", &stage->canary_use_stage_cache,
                         error) ||
      !pd_aws_read_string_map (canary, canary_path, "stageVariableOverrides",
                               &stage->canary_variables, error) ||
      !pd_aws_read_bool (object, path, "tracingEnabled", &stage->tracing_enabled, error) ||
      !pd_aws_read_string (object, path, "webAclArn", FALSE, &stage->web_acl_arn, error) ||
      !pd_aws_read_time (object, path, "createdDate", &stage->created_date, error) ||
      !pd_aws_read_time (object, path, "lastUpdatedDate", &stage->last_updated_date, error) ||
      !pd_aws_read_object (object, path, "methodSettings", FALSE, &settings, error))
    return NULL;
  stage->has_canary = canary != NULL;

  if (settings != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init (&iter, settings);
      while (json_object_iter_next (&iter, &key, &node))
        {
          g_autofree char *setting_path = g_strdup_printf ("%s%s.", settings_path, key);
          PdAwsApiMethodSetting *setting;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                           "the member “%s%s” is not an object", settings_path, key);
              return NULL;
            }
          if ((setting = parse_method_setting (json_node_get_object (node), setting_path, key,
                                               error)) == NULL)
            return NULL;
          g_ptr_array_add (stage->method_settings, setting);
        }
      g_ptr_array_sort (stage->method_settings, compare_settings);
    }
  return g_steal_pointer (&stage);
}

static PdAwsApiMethod *
parse_method (JsonObject  *object,
              const char  *path,
              const char  *key,
              GError     **error)
{
  g_autoptr(PdAwsApiMethod) method = g_new0 (PdAwsApiMethod, 1);
  int type = 0;

  if (!pd_aws_read_string (object, path, "httpMethod", FALSE, &method->http_method, error) ||
      !pd_aws_read_enum (object, path, "authorizationType", authorization_names, &type,
                         &method->authorization_type_raw, error) ||
      !pd_aws_read_string (object, path, "authorizerId", FALSE, &method->authorizer_id, error) ||
      !pd_aws_read_bool (object, path, "apiKeyRequired", &method->api_key_required, error) ||
      !pd_aws_read_string (object, path, "operationName", FALSE, &method->operation_name, error))
    return NULL;
  method->authorization_type = type;

  /* Without embed=methods a method is only its name, as the key of {} */
  method->embedded = method->http_method != NULL;
  if (method->http_method == NULL)
    method->http_method = g_strdup (key);
  else if (!g_str_equal (method->http_method, key))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the member “%shttpMethod” is “%s” under the key “%s”", path,
                   method->http_method, key);
      return NULL;
    }
  return g_steal_pointer (&method);
}

static PdAwsApiResource *
parse_resource (JsonObject  *object,
                const char  *path,
                GError     **error)
{
  g_autoptr(PdAwsApiResource) resource = g_new0 (PdAwsApiResource, 1);
  g_autofree char *methods_path = g_strdup_printf ("%sresourceMethods.", path);
  JsonObject *methods;

  resource->methods = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_api_method_free);
  if (!pd_aws_read_string (object, path, "id", TRUE, &resource->id, error) ||
      !pd_aws_read_string (object, path, "parentId", FALSE, &resource->parent_id, error) ||
      !pd_aws_read_string (object, path, "pathPart", FALSE, &resource->path_part, error) ||
      !pd_aws_read_string (object, path, "path", TRUE, &resource->path, error) ||
      !pd_aws_read_object (object, path, "resourceMethods", FALSE, &methods, error))
    return NULL;
  if (resource->path[0] != '/')
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the member “%spath” is “%s”, which does not start with “/”", path,
                   resource->path);
      return NULL;
    }

  if (methods != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init (&iter, methods);
      while (json_object_iter_next (&iter, &key, &node))
        {
          g_autofree char *method_path = g_strdup_printf ("%s%s.", methods_path, key);
          PdAwsApiMethod *method;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                           "the member “%s%s” is not an object", methods_path, key);
              return NULL;
            }
          if ((method = parse_method (json_node_get_object (node), method_path, key,
                                      error)) == NULL)
            return NULL;
          g_ptr_array_add (resource->methods, method);
        }
      g_ptr_array_sort (resource->methods, compare_methods);
    }
  return g_steal_pointer (&resource);
}

static PdAwsApiAuthorizer *
parse_authorizer (JsonObject  *object,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(PdAwsApiAuthorizer) authorizer = g_new0 (PdAwsApiAuthorizer, 1);
  int type = 0;

  authorizer->result_ttl_in_seconds = -1;
  if (!pd_aws_read_string (object, path, "id", TRUE, &authorizer->id, error) ||
      !pd_aws_read_string (object, path, "name", TRUE, &authorizer->name, error) ||
      !pd_aws_read_enum (object, path, "type", authorizer_type_names, &type,
                         &authorizer->type_raw, error) ||
      !pd_aws_read_string (object, path, "authType", FALSE, &authorizer->auth_type, error) ||
      !pd_aws_read_string (object, path, "authorizerUri", FALSE, &authorizer->authorizer_uri,
                           error) ||
      !pd_aws_read_string (object, path, "authorizerCredentials", FALSE,
                           &authorizer->authorizer_credentials, error) ||
      !pd_aws_read_string (object, path, "identitySource", FALSE, &authorizer->identity_source,
                           error) ||
      !pd_aws_read_string (object, path, "identityValidationExpression", FALSE,
                           &authorizer->identity_validation_expression, error) ||
      !pd_aws_read_int (object, path, "authorizerResultTtlInSeconds",
                        &authorizer->result_ttl_in_seconds, error) ||
      !pd_aws_read_string_list (object, path, "providerARNs", &authorizer->provider_arns, error))
    return NULL;
  authorizer->type = type;
  if (authorizer->provider_arns == NULL)
    authorizer->provider_arns = g_new0 (char *, 1);
  return g_steal_pointer (&authorizer);
}

static PdAwsApiDeployment *
parse_deployment (JsonObject  *object,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(PdAwsApiDeployment) deployment = g_new0 (PdAwsApiDeployment, 1);

  if (!pd_aws_read_string (object, path, "id", TRUE, &deployment->id, error) ||
      !pd_aws_read_string (object, path, "description", FALSE, &deployment->description, error) ||
      !pd_aws_read_time (object, path, "createdDate", &deployment->created_date, error))
    return NULL;
  return g_steal_pointer (&deployment);
}

typedef gpointer (*ParseItemFunc) (JsonObject  *object,
                                   const char  *path,
                                   GError     **error);

/* Every element of the list @member of @reply, read by @parse_item */
static GPtrArray *
parse_list (JsonObject     *reply,
            const char     *member,
            ParseItemFunc   parse_item,
            GDestroyNotify  item_free,
            GError        **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (item_free);
  JsonArray *array;

  if (!pd_aws_read_array (reply, NULL, member, FALSE, &array, error))
    return NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u].", member, i);
      JsonObject *object;
      gpointer item;

      if (!pd_aws_read_array_object (array, NULL, member, i, &object, error) ||
          (item = parse_item (object, path, error)) == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

static gpointer
parse_rest_api_item (JsonObject  *object,
                     const char  *path,
                     GError     **error)
{
  return parse_rest_api (object, path, error);
}

static gpointer
parse_stage_item (JsonObject  *object,
                  const char  *path,
                  GError     **error)
{
  return parse_stage (object, path, error);
}

static gpointer
parse_resource_item (JsonObject  *object,
                     const char  *path,
                     GError     **error)
{
  return parse_resource (object, path, error);
}

static gpointer
parse_authorizer_item (JsonObject  *object,
                       const char  *path,
                       GError     **error)
{
  return parse_authorizer (object, path, error);
}

static gpointer
parse_deployment_item (JsonObject  *object,
                       const char  *path,
                       GError     **error)
{
  return parse_deployment (object, path, error);
}

static gpointer
parse_deployments_reply (JsonObject  *reply,
                         GError     **error)
{
  return parse_list (reply, "items", parse_deployment_item,
                     (GDestroyNotify) pd_aws_api_deployment_free, error);
}

static gpointer
parse_rest_apis_reply (JsonObject  *reply,
                       GError     **error)
{
  return parse_list (reply, "items", parse_rest_api_item,
                     (GDestroyNotify) pd_aws_rest_api_free, error);
}

static gpointer
parse_stages_reply (JsonObject  *reply,
                    GError     **error)
{
  return parse_list (reply, "item", parse_stage_item, (GDestroyNotify) pd_aws_api_stage_free,
                     error);
}

static gpointer
parse_resources_reply (JsonObject  *reply,
                       GError     **error)
{
  return parse_list (reply, "items", parse_resource_item,
                     (GDestroyNotify) pd_aws_api_resource_free, error);
}

static gpointer
parse_authorizers_reply (JsonObject  *reply,
                         GError     **error)
{
  return parse_list (reply, "items", parse_authorizer_item,
                     (GDestroyNotify) pd_aws_api_authorizer_free, error);
}

static gpointer
parse_stage_reply (JsonObject  *reply,
                   GError     **error)
{
  return parse_stage (reply, "", error);
}

/**
 * pd_aws_apigateway_parse_stage:
 * @object: a Stage as GetStage answers it
 * @error: return location for a #GError
 *
 * Reads a stage (for tests and fuzzers).
 *
 * Returns: (transfer full): the stage, or %NULL with %PD_AWS_ERROR_PARSE
 *   naming the member
 */
PdAwsApiStage *
pd_aws_apigateway_parse_stage (JsonObject  *object,
                               GError     **error)
{
  g_return_val_if_fail (object != NULL, NULL);
  return parse_stage (object, "", error);
}

gpointer
pd_aws_apigateway_parse (const char      *operation,
                         JsonObject      *reply,
                         GDestroyNotify  *destroy,
                         GError         **error)
{
  static const struct
  {
    const char     *operation;
    PdAwsParseFunc  parse;
    GDestroyNotify  destroy;
  } parsers[] = {
    { "GetRestApis", parse_rest_apis_reply, (GDestroyNotify) g_ptr_array_unref },
    { "GetStages", parse_stages_reply, (GDestroyNotify) g_ptr_array_unref },
    { "GetStage", parse_stage_reply, (GDestroyNotify) pd_aws_api_stage_free },
    { "GetResources", parse_resources_reply, (GDestroyNotify) g_ptr_array_unref },
    { "GetAuthorizers", parse_authorizers_reply, (GDestroyNotify) g_ptr_array_unref },
    { "GetDeployments", parse_deployments_reply, (GDestroyNotify) g_ptr_array_unref },
  };

  g_return_val_if_fail (operation != NULL && reply != NULL && destroy != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    if (g_str_equal (parsers[i].operation, operation))
      {
        *destroy = parsers[i].destroy;
        return parsers[i].parse (reply, error);
      }
  g_return_val_if_reached (NULL);
}

/* Calls */

static gboolean
check_name (PdAwsClient         *client,
            gpointer             source_tag,
            const char          *what,
            const char          *value,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  if (value != NULL && value[0] != '\0')
    return TRUE;
  pd_aws_typed_fail (client, source_tag,
                     g_error_new (PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                                  "a non-empty %s is needed", what),
                     callback, user_data);
  return FALSE;
}

static JsonObject *
api_input (const char *rest_api_id)
{
  JsonObject *input = json_object_new ();

  json_object_set_string_member (input, "restApiId", rest_api_id);
  return input;
}

/**
 * pd_aws_apigateway_get_rest_apis_async:
 * @client: a #PdAwsClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Lists every REST API of the account and region, all pages.
 */
void
pd_aws_apigateway_get_rest_apis_async (PdAwsClient         *client,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  json_object_set_int_member (input, "limit", PAGE_LIMIT);
  pd_aws_typed_pages_async (client, "apigateway", "GetRestApis", input, "items", 0,
                            parse_rest_apis_reply, (GDestroyNotify) g_ptr_array_unref,
                            pd_aws_apigateway_get_rest_apis_async, cancellable, callback,
                            user_data);
}

/**
 * pd_aws_apigateway_get_rest_apis_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsRestApi): the APIs, or
 *   %NULL with @error set
 */
GPtrArray *
pd_aws_apigateway_get_rest_apis_finish (PdAwsClient   *client,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_apigateway_get_rest_apis_async, error);
}

/**
 * pd_aws_apigateway_get_stages_async:
 * @client: a #PdAwsClient
 * @rest_api_id: the API's ID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads every stage of an API (GetStages has no pages).
 */
void
pd_aws_apigateway_get_stages_async (PdAwsClient         *client,
                                    const char          *rest_api_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  if (!check_name (client, pd_aws_apigateway_get_stages_async, "REST API ID", rest_api_id,
                   callback, user_data))
    return;
  input = api_input (rest_api_id);
  pd_aws_typed_call_async (client, "apigateway", "GetStages", input, parse_stages_reply,
                           (GDestroyNotify) g_ptr_array_unref, pd_aws_apigateway_get_stages_async,
                           cancellable, callback, user_data);
}

/**
 * pd_aws_apigateway_get_stages_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsApiStage): the stages,
 *   or %NULL with @error set
 */
GPtrArray *
pd_aws_apigateway_get_stages_finish (PdAwsClient   *client,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_apigateway_get_stages_async, error);
}

/**
 * pd_aws_apigateway_get_stage_async:
 * @client: a #PdAwsClient
 * @rest_api_id: the API's ID
 * @stage_name: the stage
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads one stage.
 */
void
pd_aws_apigateway_get_stage_async (PdAwsClient         *client,
                                   const char          *rest_api_id,
                                   const char          *stage_name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  if (!check_name (client, pd_aws_apigateway_get_stage_async, "REST API ID", rest_api_id,
                   callback, user_data) ||
      !check_name (client, pd_aws_apigateway_get_stage_async, "stage name", stage_name,
                   callback, user_data))
    return;
  input = api_input (rest_api_id);
  json_object_set_string_member (input, "stageName", stage_name);
  pd_aws_typed_call_async (client, "apigateway", "GetStage", input, parse_stage_reply,
                           (GDestroyNotify) pd_aws_api_stage_free,
                           pd_aws_apigateway_get_stage_async, cancellable, callback, user_data);
}

/**
 * pd_aws_apigateway_get_stage_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the stage, or %NULL with @error set
 */
PdAwsApiStage *
pd_aws_apigateway_get_stage_finish (PdAwsClient   *client,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_apigateway_get_stage_async, error);
}

/**
 * pd_aws_apigateway_get_resources_async:
 * @client: a #PdAwsClient
 * @rest_api_id: the API's ID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads every resource of an API with its methods (embed=methods), all
 * pages: one call per page instead of one GetMethod per method.
 */
void
pd_aws_apigateway_get_resources_async (PdAwsClient         *client,
                                       const char          *rest_api_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  JsonArray *embed;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  if (!check_name (client, pd_aws_apigateway_get_resources_async, "REST API ID", rest_api_id,
                   callback, user_data))
    return;
  input = api_input (rest_api_id);
  json_object_set_int_member (input, "limit", PAGE_LIMIT);
  embed = json_array_new ();
  json_array_add_string_element (embed, "methods");
  json_object_set_array_member (input, "embed", embed);
  pd_aws_typed_pages_async (client, "apigateway", "GetResources", input, "items", 0,
                            parse_resources_reply, (GDestroyNotify) g_ptr_array_unref,
                            pd_aws_apigateway_get_resources_async, cancellable, callback,
                            user_data);
}

/**
 * pd_aws_apigateway_get_resources_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsApiResource): the
 *   resources, or %NULL with @error set
 */
GPtrArray *
pd_aws_apigateway_get_resources_finish (PdAwsClient   *client,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_apigateway_get_resources_async, error);
}

/**
 * pd_aws_apigateway_get_authorizers_async:
 * @client: a #PdAwsClient
 * @rest_api_id: the API's ID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads every authorizer of an API, all pages.
 */
void
pd_aws_apigateway_get_authorizers_async (PdAwsClient         *client,
                                         const char          *rest_api_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  if (!check_name (client, pd_aws_apigateway_get_authorizers_async, "REST API ID", rest_api_id,
                   callback, user_data))
    return;
  input = api_input (rest_api_id);
  json_object_set_int_member (input, "limit", PAGE_LIMIT);
  pd_aws_typed_pages_async (client, "apigateway", "GetAuthorizers", input, "items", 0,
                            parse_authorizers_reply, (GDestroyNotify) g_ptr_array_unref,
                            pd_aws_apigateway_get_authorizers_async, cancellable, callback,
                            user_data);
}

/**
 * pd_aws_apigateway_get_authorizers_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsApiAuthorizer): the
 *   authorizers, or %NULL with @error set
 */
GPtrArray *
pd_aws_apigateway_get_authorizers_finish (PdAwsClient   *client,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_apigateway_get_authorizers_async,
                                   error);
}

/**
 * pd_aws_apigateway_get_deployments_async:
 * @client: a #PdAwsClient
 * @rest_api_id: the API's ID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads every deployment of an API, all pages: when each stage's
 * deployment was made.
 */
void
pd_aws_apigateway_get_deployments_async (PdAwsClient         *client,
                                         const char          *rest_api_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  if (!check_name (client, pd_aws_apigateway_get_deployments_async, "REST API ID", rest_api_id,
                   callback, user_data))
    return;
  input = api_input (rest_api_id);
  json_object_set_int_member (input, "limit", PAGE_LIMIT);
  pd_aws_typed_pages_async (client, "apigateway", "GetDeployments", input, "items", 0,
                            parse_deployments_reply, (GDestroyNotify) g_ptr_array_unref,
                            pd_aws_apigateway_get_deployments_async, cancellable, callback,
                            user_data);
}

/**
 * pd_aws_apigateway_get_deployments_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsApiDeployment): the
 *   deployments, or %NULL with @error set
 */
GPtrArray *
pd_aws_apigateway_get_deployments_finish (PdAwsClient   *client,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_apigateway_get_deployments_async,
                                   error);
}

/**
 * pd_aws_apigateway_update_stage_async:
 * @client: a #PdAwsClient
 * @rest_api_id: the API's ID
 * @stage_name: the stage
 * @operations: (element-type PdAwsPatchOperation): at least one operation
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Changes a stage with one UpdateStage call; AWS applies every operation
 * or none.
 */
void
pd_aws_apigateway_update_stage_async (PdAwsClient         *client,
                                      const char          *rest_api_id,
                                      const char          *stage_name,
                                      GPtrArray           *operations,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  JsonArray *array;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  if (!check_name (client, pd_aws_apigateway_update_stage_async, "REST API ID", rest_api_id,
                   callback, user_data) ||
      !check_name (client, pd_aws_apigateway_update_stage_async, "stage name", stage_name,
                   callback, user_data))
    return;
  if (operations == NULL || operations->len == 0)
    {
      pd_aws_typed_fail (client, pd_aws_apigateway_update_stage_async,
                         g_error_new_literal (PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                                              "UpdateStage: at least one patch operation "
                                              "is needed"),
                         callback, user_data);
      return;
    }

  input = api_input (rest_api_id);
  json_object_set_string_member (input, "stageName", stage_name);
  array = json_array_new ();
  for (guint i = 0; i < operations->len; i++)
    {
      const PdAwsPatchOperation *operation = g_ptr_array_index (operations, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "op", operation->op);
      json_object_set_string_member (object, "path", operation->path);
      if (operation->value != NULL)
        json_object_set_string_member (object, "value", operation->value);
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (input, "patchOperations", array);
  pd_aws_typed_call_async (client, "apigateway", "UpdateStage", input, parse_stage_reply,
                           (GDestroyNotify) pd_aws_api_stage_free,
                           pd_aws_apigateway_update_stage_async, cancellable, callback, user_data);
}

/**
 * pd_aws_apigateway_update_stage_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the stage as changed, or %NULL with @error set
 */
PdAwsApiStage *
pd_aws_apigateway_update_stage_finish (PdAwsClient   *client,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_apigateway_update_stage_async, error);
}
