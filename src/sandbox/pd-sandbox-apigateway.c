/* pd-sandbox-apigateway.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-services-private.h"

/* API Gateway v1 (rest-json): the REST API of the To-Do application with
 * its stages, resources and Lambda authorizer, and a few more APIs.
 * UpdateStage applies JSON-patch-like operations atomically. */

typedef struct
{
  JsonObject *api;
  GPtrArray  *stages;        /* JsonObject */
  JsonArray  *resources;
  JsonArray  *authorizers;
  GPtrArray  *deployments;   /* char * */
} Api;

typedef struct
{
  PdSandbox *sandbox;
  GPtrArray *apis;
} ApiGateway;

static void
api_free (gpointer data)
{
  Api *api = data;

  json_object_unref (api->api);
  g_ptr_array_unref (api->stages);
  json_array_unref (api->resources);
  json_array_unref (api->authorizers);
  g_ptr_array_unref (api->deployments);
  g_free (api);
}

static void
apigateway_free (gpointer data)
{
  ApiGateway *self = data;

  g_ptr_array_unref (self->apis);
  g_free (self);
}

static char *
random_id (PdSandbox *sandbox,
           guint      length)
{
  GRand *rand = pd_sandbox_get_rand (sandbox);
  char *id = g_malloc (length + 1);

  for (guint i = 0; i < length; i++)
    id[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[g_rand_int_range (rand, 0, 36)];
  id[length] = '\0';
  return id;
}

/* json_node_copy() shares nested objects; edits need their own. */
static JsonObject *
deep_copy (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *text = NULL;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  copy = json_from_string (text, NULL);
  g_assert (copy != NULL && JSON_NODE_HOLDS_OBJECT (copy));
  return json_object_ref (json_node_get_object (copy));
}

static Api *
find_api (ApiGateway       *self,
          PdSandboxRequest *request)
{
  const char *id = g_hash_table_lookup (request->labels, "restapi_id");

  for (guint i = 0; id != NULL && i < self->apis->len; i++)
    {
      Api *api = g_ptr_array_index (self->apis, i);

      if (g_str_equal (json_object_get_string_member (api->api, "id"), id))
        return api;
    }
  pd_sandbox_request_reply_error (request, 404, "NotFoundException",
                                  "Invalid API identifier specified %s:%s",
                                  pd_sandbox_request_get_account_id (request),
                                  id != NULL ? id : "");
  return NULL;
}

static JsonObject *
find_stage (Api        *api,
            const char *name)
{
  for (guint i = 0; name != NULL && i < api->stages->len; i++)
    {
      JsonObject *stage = g_ptr_array_index (api->stages, i);

      if (g_str_equal (json_object_get_string_member (stage, "stageName"), name))
        return stage;
    }
  return NULL;
}

/* Replies with one page of @items ("item" list and "position" token). The
 * @transform, if any, turns each item into what goes on the wire. */
static void
reply_page (PdSandboxRequest *request,
            JsonArray        *items,
            const char       *kind,
            JsonNode       *(*transform) (JsonNode *item, gpointer data),
            gpointer          data)
{
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *page;
  const char *position;
  guint64 start = 0;
  gint64 limit;
  guint n = json_array_get_length (items);

  position = pd_sandbox_request_get_string (request, "position", FALSE, 0, 1024, NULL);
  limit = pd_sandbox_request_get_int (request, "limit", 25, 1, 500);
  if (!pd_sandbox_request_check_valid (request))
    return;
  if (position != NULL && !pd_sandbox_token_decode (position, kind, &start))
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Invalid position parameter");
      return;
    }

  reply = json_object_new ();
  page = json_array_new ();
  for (guint64 i = start; i < n && i < start + (guint64) limit; i++)
    {
      JsonNode *item = json_array_get_element (items, i);

      json_array_add_element (page, transform != NULL ? transform (item, data)
                                                      : json_node_copy (item));
    }
  json_object_set_array_member (reply, "item", page);
  if (start + (guint64) limit < n)
    {
      g_autofree char *next = pd_sandbox_token_encode (kind, start + limit);

      json_object_set_string_member (reply, "position", next);
    }
  pd_sandbox_request_reply_json (request, reply);
}

static void
get_rest_apis (PdSandboxRequest *request,
               gpointer          data)
{
  ApiGateway *self = data;
  g_autoptr(JsonArray) items = json_array_new ();

  for (guint i = 0; i < self->apis->len; i++)
    {
      Api *api = g_ptr_array_index (self->apis, i);

      json_array_add_object_element (items, json_object_ref (api->api));
    }
  reply_page (request, items, "restapis", NULL, NULL);
}

static void
get_stages (PdSandboxRequest *request,
            gpointer          data)
{
  Api *api = find_api (data, request);
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *items;
  const char *deployment;

  if (api == NULL)
    return;
  deployment = pd_sandbox_request_get_string (request, "deploymentId", FALSE, 0, 64, NULL);
  if (!pd_sandbox_request_check_valid (request))
    return;

  reply = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < api->stages->len; i++)
    {
      JsonObject *stage = g_ptr_array_index (api->stages, i);

      if (deployment == NULL ||
          g_str_equal (json_object_get_string_member (stage, "deploymentId"), deployment))
        json_array_add_object_element (items, json_object_ref (stage));
    }
  json_object_set_array_member (reply, "item", items);
  pd_sandbox_request_reply_json (request, reply);
}

static JsonObject *
stage_or_reply (PdSandboxRequest *request,
                Api              *api)
{
  JsonObject *stage = find_stage (api, g_hash_table_lookup (request->labels, "stage_name"));

  if (stage == NULL)
    pd_sandbox_request_reply_error (request, 404, "NotFoundException",
                                    "Invalid stage identifier specified");
  return stage;
}

static void
get_stage (PdSandboxRequest *request,
           gpointer          data)
{
  Api *api = find_api (data, request);
  JsonObject *stage;

  if (api == NULL || (stage = stage_or_reply (request, api)) == NULL)
    return;
  pd_sandbox_request_reply_json (request, stage);
}

static char *
unescape_pointer (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '~' && (p[1] == '1' || p[1] == '0'))
        {
          g_string_append_c (out, p[1] == '1' ? '/' : '~');
          p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
parse_bool (const char *value,
            gboolean   *out)
{
  if (g_strcmp0 (value, "true") == 0)
    *out = TRUE;
  else if (g_strcmp0 (value, "false") == 0)
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
resource_has_method (Api        *api,
                     const char *path,
                     const char *method)
{
  for (guint i = 0; i < json_array_get_length (api->resources); i++)
    {
      JsonObject *resource = json_array_get_object_element (api->resources, i);
      JsonObject *methods;

      if (!g_str_equal (json_object_get_string_member (resource, "path"), path))
        continue;
      if (!json_object_has_member (resource, "resourceMethods"))
        return FALSE;
      methods = json_object_get_object_member (resource, "resourceMethods");
      return json_object_has_member (methods, method) ||
             (g_str_equal (method, "*") && json_object_get_size (methods) > 0);
    }
  return FALSE;
}

#define VALID_PATHS "[/description, /deploymentId, /tracingEnabled, /cacheClusterEnabled, " \
                    "/variables/{name}, /{resourcePath}/{httpMethod}/throttling/rateLimit, " \
                    "/{resourcePath}/{httpMethod}/throttling/burstLimit, " \
                    "/{resourcePath}/{httpMethod}/logging/loglevel, " \
                    "/{resourcePath}/{httpMethod}/logging/dataTrace, " \
                    "/{resourcePath}/{httpMethod}/metrics/enabled, " \
                    "/{resourcePath}/{httpMethod}/caching/enabled, " \
                    "/{resourcePath}/{httpMethod}/caching/ttlInSeconds]"

static void
reply_invalid_value (PdSandboxRequest *request,
                     const char       *value,
                     const char       *setting)
{
  pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                  "Invalid value '%s' for %s", value != NULL ? value : "null",
                                  setting);
}

/* One method-setting operation: /{res}/{method}/{group}/{key}. */
static gboolean
apply_method_setting (PdSandboxRequest *request,
                      Api              *api,
                      JsonObject       *stage,
                      const char       *op,
                      const char       *path,
                      char            **parts,
                      const char       *value)
{
  JsonObject *settings = json_object_get_object_member (stage, "methodSettings");
  g_autofree char *resource = unescape_pointer (parts[1]);
  g_autofree char *key = NULL;
  g_autofree char *setting = g_strdup_printf ("%s/%s", parts[3], parts[4]);
  JsonObject *target;
  char *end = NULL;

  if (!g_str_equal (op, "replace"))
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Invalid patch operation specified. Must be 'replace' "
                                      "when updating method settings at '%s'", path);
      return FALSE;
    }
  if (g_str_equal (resource, "*") && g_str_equal (parts[2], "*"))
    key = g_strdup ("*/*");
  else if (resource[0] == '/' && resource_has_method (api, resource, parts[2]))
    key = g_strdup_printf ("%s/%s", resource + 1, parts[2]);
  else
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Cannot find method %s on resource %s", parts[2], resource);
      return FALSE;
    }

  /* A new override starts from the stage defaults, in its own copy. */
  if (!json_object_has_member (settings, key))
    json_object_set_object_member (settings, key,
                                   deep_copy (json_object_get_object_member (settings, "*/*")));
  target = json_object_get_object_member (settings, key);

  if (g_str_equal (setting, "throttling/rateLimit"))
    {
      double rate = value != NULL ? g_ascii_strtod (value, &end) : -1;

      if (value == NULL || end == value || *end != '\0' || rate < 0)
        {
          reply_invalid_value (request, value, setting);
          return FALSE;
        }
      json_object_set_double_member (target, "throttlingRateLimit", rate);
    }
  else if (g_str_equal (setting, "throttling/burstLimit") ||
           g_str_equal (setting, "caching/ttlInSeconds"))
    {
      gint64 n = value != NULL ? g_ascii_strtoll (value, &end, 10) : -1;

      if (value == NULL || end == value || *end != '\0' || n < 0 ||
          (g_str_equal (setting, "caching/ttlInSeconds") && n > 3600))
        {
          reply_invalid_value (request, value, setting);
          return FALSE;
        }
      json_object_set_int_member (target, g_str_equal (setting, "throttling/burstLimit")
                                          ? "throttlingBurstLimit" : "cacheTtlInSeconds", n);
    }
  else if (g_str_equal (setting, "logging/loglevel"))
    {
      if (g_strcmp0 (value, "OFF") != 0 && g_strcmp0 (value, "ERROR") != 0 &&
          g_strcmp0 (value, "INFO") != 0)
        {
          pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                          "Logging level must be one of: OFF, ERROR, INFO");
          return FALSE;
        }
      json_object_set_string_member (target, "loggingLevel", value);
    }
  else if (g_str_equal (setting, "logging/dataTrace") || g_str_equal (setting, "metrics/enabled") ||
           g_str_equal (setting, "caching/enabled"))
    {
      gboolean flag;

      if (!parse_bool (value, &flag))
        {
          reply_invalid_value (request, value, setting);
          return FALSE;
        }
      json_object_set_boolean_member (target,
                                      g_str_equal (setting, "logging/dataTrace") ? "dataTraceEnabled"
                                      : g_str_equal (setting, "metrics/enabled") ? "metricsEnabled"
                                      : "cachingEnabled", flag);
    }
  else
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Invalid patch path '%s' specified for op '%s'. Must be "
                                      "one of: " VALID_PATHS, path, op);
      return FALSE;
    }
  return TRUE;
}

/* remove /{res}/{method}: drops a method's override (or the stage's
 * defaults for * / *), as deleting a method setting does. */
static gboolean
remove_method_setting (PdSandboxRequest  *request,
                       JsonObject        *stage,
                       char             **parts)
{
  JsonObject *settings = json_object_get_object_member (stage, "methodSettings");
  g_autofree char *resource = unescape_pointer (parts[1]);
  g_autofree char *key = NULL;

  if (g_str_equal (resource, "*") && g_str_equal (parts[2], "*"))
    key = g_strdup ("*/*");
  else if (resource[0] == '/')
    key = g_strdup_printf ("%s/%s", resource + 1, parts[2]);
  if (key == NULL || !json_object_has_member (settings, key))
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Cannot remove method setting %s/%s because there is no "
                                      "method setting for this method", resource, parts[2]);
      return FALSE;
    }
  json_object_remove_member (settings, key);
  return TRUE;
}

static gboolean
apply_patch (PdSandboxRequest *request,
             Api              *api,
             JsonObject       *stage,
             JsonObject       *patch)
{
  const char *op = json_object_get_string_member_with_default (patch, "op", NULL);
  const char *path = json_object_get_string_member_with_default (patch, "path", NULL);
  const char *value = json_object_get_string_member_with_default (patch, "value", NULL);
  g_auto(GStrv) parts = NULL;
  gboolean flag;

  if (op == NULL || (!g_str_equal (op, "add") && !g_str_equal (op, "remove") &&
                     !g_str_equal (op, "replace") && !g_str_equal (op, "move") &&
                     !g_str_equal (op, "copy") && !g_str_equal (op, "test")))
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Invalid patch operation specified. Must be one of: "
                                      "[add, remove, replace, move, copy, test]");
      return FALSE;
    }
  if (path == NULL || path[0] != '/')
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Invalid patch path '%s' specified for op '%s'. Must be "
                                      "one of: " VALID_PATHS, path != NULL ? path : "null", op);
      return FALSE;
    }
  if (g_str_equal (op, "move") || g_str_equal (op, "copy") || g_str_equal (op, "test"))
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Invalid patch operation specified. Must be 'add'|"
                                      "'remove'|'replace' for path '%s'", path);
      return FALSE;
    }

  if (g_str_has_prefix (path, "/variables/"))
    {
      g_autofree char *name = unescape_pointer (path + strlen ("/variables/"));
      JsonObject *variables = json_object_get_object_member (stage, "variables");
      gboolean valid = name[0] != '\0' && strlen (name) <= 64;

      for (const char *p = name; valid && *p != '\0'; p++)
        valid = g_ascii_isalnum (*p) || *p == '_';
      if (!valid)
        {
          pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                          "Stage variable name '%s' is invalid: use only "
                                          "letters, digits and underscores, at most 64", name);
          return FALSE;
        }
      if (g_str_equal (op, "remove"))
        {
          if (!json_object_has_member (variables, name))
            {
              pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                              "Cannot remove stage variable '%s': it does not "
                                              "exist", name);
              return FALSE;
            }
          json_object_remove_member (variables, name);
          return TRUE;
        }
      if (value == NULL)
        {
          pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                          "A value is required to %s stage variable '%s'",
                                          op, name);
          return FALSE;
        }
      json_object_set_string_member (variables, name, value);
      return TRUE;
    }

  if (g_str_equal (path, "/tracingEnabled") || g_str_equal (path, "/cacheClusterEnabled"))
    {
      if (!g_str_equal (op, "replace") || !parse_bool (value, &flag))
        {
          pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                          "Invalid value '%s' for %s: expected op 'replace' "
                                          "with 'true' or 'false'",
                                          value != NULL ? value : "null", path + 1);
          return FALSE;
        }
      json_object_set_boolean_member (stage, path + 1, flag);
      return TRUE;
    }
  if (g_str_equal (path, "/description"))
    {
      json_object_set_string_member (stage, "description",
                                     g_str_equal (op, "remove") || value == NULL ? "" : value);
      return TRUE;
    }
  if (g_str_equal (path, "/deploymentId"))
    {
      for (guint i = 0; value != NULL && i < api->deployments->len; i++)
        if (g_str_equal (g_ptr_array_index (api->deployments, i), value))
          {
            json_object_set_string_member (stage, "deploymentId", value);
            return TRUE;
          }
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Invalid deployment identifier specified");
      return FALSE;
    }

  parts = g_strsplit (path, "/", -1);
  if (g_strv_length (parts) == 5)
    return apply_method_setting (request, api, stage, op, path, parts, value);
  if (g_strv_length (parts) == 3 && g_str_equal (op, "remove"))
    return remove_method_setting (request, stage, parts);

  pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                  "Invalid patch path '%s' specified for op '%s'. Must be one "
                                  "of: " VALID_PATHS, path, op);
  return FALSE;
}

static void
update_stage (PdSandboxRequest *request,
              gpointer          data)
{
  ApiGateway *self = data;
  Api *api = find_api (self, request);
  JsonObject *stage;
  g_autoptr(JsonObject) draft = NULL;
  JsonArray *patches;

  if (api == NULL || (stage = stage_or_reply (request, api)) == NULL)
    return;
  patches = pd_sandbox_request_get_array (request, "patchOperations", FALSE, 0, 1000);
  if (!pd_sandbox_request_check_valid (request))
    return;

  /* All operations apply, or none. */
  draft = deep_copy (stage);
  for (guint i = 0; patches != NULL && i < json_array_get_length (patches); i++)
    {
      JsonNode *patch = json_array_get_element (patches, i);

      if (!JSON_NODE_HOLDS_OBJECT (patch))
        {
          pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                          "patchOperations[%u] is not an object", i);
          return;
        }
      if (!apply_patch (request, api, draft, json_node_get_object (patch)))
        return;
    }
  json_object_set_int_member (draft, "lastUpdatedDate", pd_sandbox_now_ms (self->sandbox) / 1000);

  for (guint i = 0; i < api->stages->len; i++)
    if (g_ptr_array_index (api->stages, i) == stage)
      g_ptr_array_index (api->stages, i) = json_object_ref (draft);
  json_object_unref (stage);

  pd_sandbox_request_reply_json (request, draft);
}

static void
get_authorizers (PdSandboxRequest *request,
                 gpointer          data)
{
  Api *api = find_api (data, request);

  if (api != NULL)
    reply_page (request, api->authorizers, "authorizers", NULL, NULL);
}

static JsonNode *
strip_methods (JsonNode *item,
               gpointer  data)
{
  JsonNode *copy = json_node_copy (item);
  JsonObject *resource = json_node_get_object (copy);

  if (json_object_has_member (resource, "resourceMethods"))
    {
      JsonObject *methods = json_object_get_object_member (resource, "resourceMethods");
      JsonObject *bare = json_object_new ();
      g_autoptr(GList) names = json_object_get_members (methods);

      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_object_member (bare, l->data, json_object_new ());
      json_object_set_object_member (resource, "resourceMethods", bare);
    }
  return copy;
}

static void
get_resources (PdSandboxRequest *request,
               gpointer          data)
{
  Api *api = find_api (data, request);
  const char *embed;

  if (api == NULL)
    return;
  embed = g_hash_table_lookup (request->params, "embed");
  reply_page (request, api->resources, "resources",
              g_strcmp0 (embed, "methods") == 0 ? NULL : strip_methods, NULL);
}

/* The deployments of an API, oldest first: the stages serve the newest. */
static void
get_deployments (PdSandboxRequest *request,
                 gpointer          data)
{
  ApiGateway *self = data;
  Api *api = find_api (self, request);
  g_autoptr(JsonArray) items = NULL;
  gint64 created;

  if (api == NULL)
    return;
  created = json_object_get_int_member (api->api, "createdDate");
  items = json_array_new ();
  for (guint i = 0; i < api->deployments->len; i++)
    {
      JsonObject *deployment = json_object_new ();
      g_autofree char *description = g_strdup_printf ("Deployment %u", i + 1);

      json_object_set_string_member (deployment, "id", g_ptr_array_index (api->deployments, i));
      json_object_set_string_member (deployment, "description", description);
      /* A week apart after the API's creation, the last a few days ago */
      json_object_set_int_member (deployment, "createdDate",
                                  created + (gint64) (i + 1) * 7 * 86400);
      json_array_add_object_element (items, deployment);
    }
  reply_page (request, items, "deployments", NULL, NULL);
}

static const PdSandboxOperation apigateway_operations[] = {
  { "GetRestApis", "GET", "/restapis", get_rest_apis },
  { "GetStages", "GET", "/restapis/{restapi_id}/stages", get_stages },
  { "GetStage", "GET", "/restapis/{restapi_id}/stages/{stage_name}", get_stage },
  { "UpdateStage", "PATCH", "/restapis/{restapi_id}/stages/{stage_name}", update_stage },
  { "GetAuthorizers", "GET", "/restapis/{restapi_id}/authorizers", get_authorizers },
  { "GetResources", "GET", "/restapis/{restapi_id}/resources", get_resources },
  { "GetDeployments", "GET", "/restapis/{restapi_id}/deployments", get_deployments },
};

static const PdSandboxServiceInfo apigateway_info = {
  .signing_name = "apigateway",
  .protocol = PD_SANDBOX_PROTOCOL_REST_JSON,
  .validation_code = "BadRequestException",
  .fault_name = "apigateway",
  .operations = apigateway_operations,
  .n_operations = G_N_ELEMENTS (apigateway_operations),
};

static JsonObject *
new_stage (ApiGateway *self,
           Api        *api,
           const char *name,
           const char *description,
           gboolean    tracing,
           double      rate,
           gint64      burst,
           gint64      age_days)
{
  JsonObject *stage = json_object_new ();
  JsonObject *settings = json_object_new ();
  JsonObject *all = json_object_new ();
  JsonObject *variables = json_object_new ();
  JsonObject *access = json_object_new ();
  gint64 now_s = pd_sandbox_now_ms (self->sandbox) / 1000;
  g_autofree char *log_group = g_strdup_printf ("arn:aws:logs:%s:%s:log-group:/aws/apigateway/"
                                                "%s-%s",
                                                pd_sandbox_get_region (self->sandbox),
                                                pd_sandbox_get_account_id (self->sandbox),
                                                json_object_get_string_member (api->api, "name"),
                                                name);

  json_object_set_string_member (stage, "deploymentId",
                                 g_ptr_array_index (api->deployments, api->deployments->len - 1));
  json_object_set_string_member (stage, "stageName", name);
  json_object_set_string_member (stage, "description", description);
  json_object_set_boolean_member (stage, "cacheClusterEnabled", FALSE);
  json_object_set_string_member (stage, "cacheClusterStatus", "NOT_AVAILABLE");
  json_object_set_boolean_member (all, "metricsEnabled", TRUE);
  json_object_set_string_member (all, "loggingLevel", "ERROR");
  json_object_set_boolean_member (all, "dataTraceEnabled", FALSE);
  json_object_set_int_member (all, "throttlingBurstLimit", burst);
  json_object_set_double_member (all, "throttlingRateLimit", rate);
  json_object_set_boolean_member (all, "cachingEnabled", FALSE);
  json_object_set_int_member (all, "cacheTtlInSeconds", 300);
  json_object_set_boolean_member (all, "cacheDataEncrypted", FALSE);
  json_object_set_boolean_member (all, "requireAuthorizationForCacheControl", TRUE);
  json_object_set_string_member (all, "unauthorizedCacheControlHeaderStrategy",
                                 "SUCCEED_WITH_RESPONSE_HEADER");
  json_object_set_object_member (settings, "*/*", all);
  json_object_set_object_member (stage, "methodSettings", settings);
  json_object_set_string_member (variables, "lambdaAlias", name);
  json_object_set_string_member (variables, "dbCluster", g_str_equal (name, "prod")
                                                         ? "todo-list-db" : "todo-list-db-staging");
  json_object_set_string_member (variables, "logLevel", g_str_equal (name, "prod") ? "INFO"
                                                                                   : "DEBUG");
  json_object_set_object_member (stage, "variables", variables);
  json_object_set_string_member (access, "format",
                                 "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity"
                                 ".sourceIp\",\"status\":\"$context.status\"}");
  json_object_set_string_member (access, "destinationArn", log_group);
  json_object_set_object_member (stage, "accessLogSettings", access);
  json_object_set_boolean_member (stage, "tracingEnabled", tracing);
  json_object_set_object_member (stage, "tags", json_object_new ());
  json_object_set_int_member (stage, "createdDate", now_s - age_days * 86400);
  json_object_set_int_member (stage, "lastUpdatedDate", now_s - 3 * 86400 - age_days * 3600);
  g_ptr_array_add (api->stages, stage);

  return stage;
}

static JsonObject *
new_method (const char *verb,
            const char *authorizer_id,
            const char *function_arn,
            const char *region)
{
  JsonObject *method = json_object_new ();
  JsonObject *integration = json_object_new ();
  g_autofree char *uri = g_strdup_printf ("arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/"
                                          "%s/invocations", region, function_arn);

  json_object_set_string_member (method, "httpMethod", verb);
  json_object_set_string_member (method, "authorizationType",
                                 authorizer_id != NULL ? "CUSTOM" : "NONE");
  if (authorizer_id != NULL)
    json_object_set_string_member (method, "authorizerId", authorizer_id);
  json_object_set_boolean_member (method, "apiKeyRequired", FALSE);
  json_object_set_string_member (integration, "type", "AWS_PROXY");
  json_object_set_string_member (integration, "httpMethod", "POST");
  json_object_set_string_member (integration, "uri", uri);
  json_object_set_string_member (integration, "passthroughBehavior", "WHEN_NO_MATCH");
  json_object_set_int_member (integration, "timeoutInMillis", 29000);
  json_object_set_object_member (method, "methodIntegration", integration);
  return method;
}

static JsonObject *
new_resource (ApiGateway *self,
              Api        *api,
              const char *parent_id,
              const char *path_part,
              const char *path)
{
  JsonObject *resource = json_object_new ();
  g_autofree char *id = random_id (self->sandbox, 6);

  json_object_set_string_member (resource, "id", id);
  if (parent_id != NULL)
    {
      json_object_set_string_member (resource, "parentId", parent_id);
      json_object_set_string_member (resource, "pathPart", path_part);
    }
  json_object_set_string_member (resource, "path", path);
  json_array_add_object_element (api->resources, resource);
  return resource;
}

static Api *
new_api (ApiGateway *self,
         const char *name,
         const char *description,
         gint64      age_days)
{
  Api *api = g_new0 (Api, 1);
  g_autofree char *id = random_id (self->sandbox, 10);
  JsonObject *endpoint = json_object_new ();
  JsonArray *types = json_array_new ();
  JsonObject *root;

  api->api = json_object_new ();
  api->stages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  api->resources = json_array_new ();
  api->authorizers = json_array_new ();
  api->deployments = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (api->deployments, random_id (self->sandbox, 6));

  json_object_set_string_member (api->api, "id", id);
  json_object_set_string_member (api->api, "name", name);
  json_object_set_string_member (api->api, "description", description);
  json_object_set_int_member (api->api, "createdDate",
                              pd_sandbox_now_ms (self->sandbox) / 1000 - age_days * 86400);
  json_object_set_string_member (api->api, "apiKeySource", "HEADER");
  json_array_add_string_element (types, "REGIONAL");
  json_object_set_array_member (endpoint, "types", types);
  json_object_set_object_member (api->api, "endpointConfiguration", endpoint);
  json_object_set_object_member (api->api, "tags", json_object_new ());
  json_object_set_boolean_member (api->api, "disableExecuteApiEndpoint", FALSE);
  root = new_resource (self, api, NULL, NULL, "/");
  json_object_set_string_member (api->api, "rootResourceId",
                                 json_object_get_string_member (root, "id"));
  g_ptr_array_add (self->apis, api);

  return api;
}

static void
seed_todo_api (ApiGateway *self)
{
  PdSandbox *sandbox = self->sandbox;
  const char *region = pd_sandbox_get_region (sandbox);
  const char *account = pd_sandbox_get_account_id (sandbox);
  Api *api = new_api (self, "todo-list-aws", "To-Do list API of the serverless application", 120);
  JsonObject *authorizer = json_object_new ();
  JsonObject *legacy = json_object_new ();
  g_autofree char *authorizer_id = random_id (sandbox, 6);
  g_autofree char *legacy_id = random_id (sandbox, 6);
  g_autofree char *authorizer_arn = g_strdup_printf ("arn:aws:lambda:%s:%s:function:authorizer",
                                                     region, account);
  g_autofree char *authorizer_uri = g_strdup_printf ("arn:aws:apigateway:%s:lambda:path/"
                                                     "2015-03-31/functions/%s/invocations",
                                                     region, authorizer_arn);
  g_autofree char *role = g_strdup_printf ("arn:aws:iam::%s:role/todo-list-aws-authorizer-invoke",
                                           account);
  const char *root_id = json_object_get_string_member (api->api, "rootResourceId");
  JsonObject *todos;
  JsonObject *todo;
  JsonObject *health;
  JsonObject *methods;
  JsonObject *params;
  JsonObject *prod;
  JsonObject *settings;
  JsonObject *override;
  static const struct { const char *verb; const char *function; gboolean item; } routes[] = {
    { "GET", "todos-list", FALSE }, { "POST", "todos-create", FALSE },
    { "GET", "todos-get", TRUE }, { "PUT", "todos-update", TRUE },
    { "DELETE", "todos-delete", TRUE },
  };

  json_object_set_string_member (authorizer, "id", authorizer_id);
  json_object_set_string_member (authorizer, "name", "todo-token-authorizer");
  json_object_set_string_member (authorizer, "type", "TOKEN");
  json_object_set_string_member (authorizer, "authType", "custom");
  json_object_set_string_member (authorizer, "authorizerUri", authorizer_uri);
  json_object_set_string_member (authorizer, "authorizerCredentials", role);
  json_object_set_string_member (authorizer, "identitySource", "method.request.header.Authorization");
  json_object_set_string_member (authorizer, "identityValidationExpression", "^Bearer [-0-9a-zA-Z._]+$");
  json_object_set_int_member (authorizer, "authorizerResultTtlInSeconds", 300);
  json_array_add_object_element (api->authorizers, authorizer);
  json_object_set_string_member (legacy, "id", legacy_id);
  json_object_set_string_member (legacy, "name", "legacy-request-authorizer");
  json_object_set_string_member (legacy, "type", "REQUEST");
  json_object_set_string_member (legacy, "authType", "custom");
  json_object_set_string_member (legacy, "authorizerUri", authorizer_uri);
  json_object_set_string_member (legacy, "identitySource",
                                 "method.request.header.X-Api-Client, context.sourceIp");
  json_object_set_int_member (legacy, "authorizerResultTtlInSeconds", 0);
  json_array_add_object_element (api->authorizers, legacy);

  todos = new_resource (self, api, root_id, "todos", "/todos");
  todo = new_resource (self, api, json_object_get_string_member (todos, "id"), "{id}",
                       "/todos/{id}");
  health = new_resource (self, api, root_id, "health", "/health");
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      JsonObject *target = routes[i].item ? todo : todos;
      g_autofree char *arn = g_strdup_printf ("arn:aws:lambda:%s:%s:function:%s", region, account,
                                              routes[i].function);
      JsonObject *method = new_method (routes[i].verb, authorizer_id, arn, region);

      if (routes[i].item)
        {
          params = json_object_new ();
          json_object_set_boolean_member (params, "method.request.path.id", TRUE);
          json_object_set_object_member (method, "requestParameters", params);
        }
      if (!json_object_has_member (target, "resourceMethods"))
        json_object_set_object_member (target, "resourceMethods", json_object_new ());
      methods = json_object_get_object_member (target, "resourceMethods");
      json_object_set_object_member (methods, routes[i].verb, method);
    }
  {
    g_autofree char *arn = g_strdup_printf ("arn:aws:lambda:%s:%s:function:todos-list", region,
                                            account);

    methods = json_object_new ();
    json_object_set_object_member (methods, "GET", new_method ("GET", NULL, arn, region));
    json_object_set_object_member (health, "resourceMethods", methods);
  }

  new_stage (self, api, "staging", "Staging, deployed by every pipeline run", TRUE, 50, 100, 110);
  prod = new_stage (self, api, "prod", "Production, deployed after the manual approval", TRUE,
                    500, 1000, 100);

  /* Creating to-dos costs a database write: prod holds it below the rest. */
  settings = json_object_get_object_member (prod, "methodSettings");
  override = deep_copy (json_object_get_object_member (settings, "*/*"));
  json_object_set_double_member (override, "throttlingRateLimit", 100);
  json_object_set_int_member (override, "throttlingBurstLimit", 200);
  json_object_set_object_member (settings, "todos/POST", override);
}

/* A small API with two stages, resources and an authorizer, for benchmarks
 * that need many. */
static void
add_filler_api (ApiGateway *self,
                guint       number)
{
  const char *region = pd_sandbox_get_region (self->sandbox);
  const char *account = pd_sandbox_get_account_id (self->sandbox);
  g_autofree char *name = g_strdup_printf ("load-api-%03u", number);
  g_autofree char *authorizer_id = random_id (self->sandbox, 6);
  g_autofree char *arn = g_strdup_printf ("arn:aws:lambda:%s:%s:function:%s-handler", region,
                                          account, name);
  g_autofree char *uri = g_strdup_printf ("arn:aws:apigateway:%s:lambda:path/2015-03-31/"
                                          "functions/%s/invocations", region, arn);
  Api *api = new_api (self, name, "Load test API", 30 + number);
  JsonObject *authorizer = json_object_new ();
  JsonObject *items;
  JsonObject *item;
  JsonObject *methods;

  json_object_set_string_member (authorizer, "id", authorizer_id);
  json_object_set_string_member (authorizer, "name", "token-authorizer");
  json_object_set_string_member (authorizer, "type", "TOKEN");
  json_object_set_string_member (authorizer, "authorizerUri", uri);
  json_object_set_string_member (authorizer, "identitySource",
                                 "method.request.header.Authorization");
  json_object_set_int_member (authorizer, "authorizerResultTtlInSeconds", 300);
  json_array_add_object_element (api->authorizers, authorizer);

  items = new_resource (self, api, json_object_get_string_member (api->api, "rootResourceId"),
                        "items", "/items");
  item = new_resource (self, api, json_object_get_string_member (items, "id"), "{id}",
                       "/items/{id}");
  methods = json_object_new ();
  json_object_set_object_member (methods, "GET", new_method ("GET", authorizer_id, arn, region));
  json_object_set_object_member (methods, "POST", new_method ("POST", authorizer_id, arn,
                                                              region));
  json_object_set_object_member (items, "resourceMethods", methods);
  methods = json_object_new ();
  json_object_set_object_member (methods, "GET", new_method ("GET", authorizer_id, arn, region));
  json_object_set_object_member (item, "resourceMethods", methods);

  new_stage (self, api, "staging", "Staging", FALSE, 50, 100, 20 + number);
  new_stage (self, api, "prod", "Production", TRUE, 500, 1000, 10 + number);
}

void
pd_sandbox_apigateway_add_fillers (PdSandbox *sandbox,
                                   guint      count)
{
  ApiGateway *self = pd_sandbox_get_service_data (sandbox, "apigateway");

  for (guint i = 0; self != NULL && i < count; i++)
    add_filler_api (self, self->apis->len + 1);
}

gboolean
pd_sandbox_apigateway_set_web_acl (PdSandbox  *sandbox,
                                   const char *stage_arn,
                                   const char *web_acl_arn)
{
  ApiGateway *self = pd_sandbox_get_service_data (sandbox, "apigateway");

  for (guint i = 0; self != NULL && i < self->apis->len; i++)
    {
      Api *api = g_ptr_array_index (self->apis, i);

      for (guint k = 0; k < api->stages->len; k++)
        {
          JsonObject *stage = g_ptr_array_index (api->stages, k);
          g_autofree char *arn = g_strdup_printf ("arn:aws:apigateway:%s::/restapis/%s/stages/%s",
                                                  pd_sandbox_get_region (sandbox),
                                                  json_object_get_string_member (api->api, "id"),
                                                  json_object_get_string_member (stage,
                                                                                 "stageName"));

          if (g_str_equal (arn, stage_arn))
            {
              json_object_set_string_member (stage, "webAclArn", web_acl_arn);
              return TRUE;
            }
        }
    }
  return FALSE;
}

char *
pd_sandbox_apigateway_dup_stage_arn (PdSandbox  *sandbox,
                                     const char *api_name,
                                     const char *stage_name)
{
  ApiGateway *self = pd_sandbox_get_service_data (sandbox, "apigateway");

  for (guint i = 0; self != NULL && i < self->apis->len; i++)
    {
      Api *api = g_ptr_array_index (self->apis, i);

      if (g_str_equal (json_object_get_string_member (api->api, "name"), api_name) &&
          find_stage (api, stage_name) != NULL)
        return g_strdup_printf ("arn:aws:apigateway:%s::/restapis/%s/stages/%s",
                                pd_sandbox_get_region (sandbox),
                                json_object_get_string_member (api->api, "id"), stage_name);
    }
  return NULL;
}

void
pd_sandbox_apigateway_register (PdSandbox *sandbox)
{
  ApiGateway *self = g_new0 (ApiGateway, 1);
  static const struct { const char *name; const char *description; } others[] = {
    { "status-page-api", "Public status page of the platform" },
    { "billing-api", "Invoices and payment webhooks" },
    { "pipedeck-webhooks", "Receives CodeCommit and pipeline notifications" },
  };

  self->sandbox = sandbox;
  self->apis = g_ptr_array_new_with_free_func (api_free);
  seed_todo_api (self);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      Api *api = new_api (self, others[i].name, others[i].description, 300 + i * 40);

      new_stage (self, api, "prod", "Production", FALSE, 100, 200, 290 + i * 40);
    }

  pd_sandbox_register_service (sandbox, &apigateway_info, self, apigateway_free);
}
