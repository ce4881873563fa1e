/* pd-aws-protocol.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-aws-error.h"
#include "pd-aws-protocol.h"

/* Deeper documents than this are refused before they reach a recursive
 * parser: no AWS response comes near it. */
#define MAX_NESTING 128

const PdAwsPaging pd_aws_paging_next_token = { "nextToken", "nextToken", FALSE };
const PdAwsPaging pd_aws_paging_next_token_pascal = { "NextToken", "NextToken", FALSE };
const PdAwsPaging pd_aws_paging_next_marker = { "NextMarker", "NextMarker", FALSE };
const PdAwsPaging pd_aws_paging_marker = { "Marker", "Marker", FALSE };
const PdAwsPaging pd_aws_paging_marker_next_marker = { "Marker", "NextMarker", FALSE };
const PdAwsPaging pd_aws_paging_position = { "position", "position", FALSE };
const PdAwsPaging pd_aws_paging_log_forward = { "nextToken", "nextForwardToken", TRUE };
const PdAwsPaging pd_aws_paging_log_backward = { "nextToken", "nextBackwardToken", TRUE };

static const PdAwsOperation operations[] = {
  /* json protocols: any operation works; these rows only add paging */
  { "codepipeline", "ListPipelines", NULL, NULL, NULL, NULL, NULL, &pd_aws_paging_next_token },
  { "codepipeline", "ListPipelineExecutions", NULL, NULL, NULL, NULL, NULL,
    &pd_aws_paging_next_token },
  { "codepipeline", "ListActionExecutions", NULL, NULL, NULL, NULL, NULL,
    &pd_aws_paging_next_token },
  { "codebuild", "ListBuildsForProject", NULL, NULL, NULL, NULL, NULL, &pd_aws_paging_next_token },
  { "logs", "GetLogEvents", NULL, NULL, NULL, NULL, NULL, &pd_aws_paging_log_forward },
  { "logs", "FilterLogEvents", NULL, NULL, NULL, NULL, NULL, &pd_aws_paging_next_token },
  { "logs", "DescribeLogStreams", NULL, NULL, NULL, NULL, NULL, &pd_aws_paging_next_token },
  { "logs", "DescribeLogGroups", NULL, NULL, NULL, NULL, NULL, &pd_aws_paging_next_token },
  { "wafv2", "ListWebACLs", NULL, NULL, NULL, NULL, NULL, &pd_aws_paging_next_marker },
  { "wafv2", "ListIPSets", NULL, NULL, NULL, NULL, NULL, &pd_aws_paging_next_marker },

  /* rest-json */
  { "apigateway", "GetRestApis", "GET", "/restapis", "position limit", NULL, NULL,
    &pd_aws_paging_position },
  { "apigateway", "GetRestApi", "GET", "/restapis/{restApiId}", NULL, NULL, NULL, NULL },
  { "apigateway", "GetStages", "GET", "/restapis/{restApiId}/stages", "deploymentId", NULL,
    NULL, NULL },
  { "apigateway", "GetStage", "GET", "/restapis/{restApiId}/stages/{stageName}", NULL, NULL,
    NULL, NULL },
  { "apigateway", "UpdateStage", "PATCH", "/restapis/{restApiId}/stages/{stageName}", NULL,
    NULL, NULL, NULL },
  { "apigateway", "GetAuthorizers", "GET", "/restapis/{restApiId}/authorizers",
    "position limit", NULL, NULL, &pd_aws_paging_position },
  { "apigateway", "GetResources", "GET", "/restapis/{restApiId}/resources",
    "position limit embed", NULL, NULL, &pd_aws_paging_position },
  { "lambda", "ListFunctions", "GET", "/2015-03-31/functions/",
    "Marker MaxItems MasterRegion FunctionVersion", NULL, NULL,
    &pd_aws_paging_marker_next_marker },
  { "lambda", "GetFunction", "GET", "/2015-03-31/functions/{FunctionName}", "Qualifier", NULL,
    NULL, NULL },
  { "rds-data", "ExecuteStatement", "POST", "/Execute", NULL, NULL, NULL, NULL },
  { "rds-data", "BatchExecuteStatement", "POST", "/BatchExecute", NULL, NULL, NULL, NULL },
  { "rds-data", "BeginTransaction", "POST", "/BeginTransaction", NULL, NULL, NULL, NULL },
  { "rds-data", "CommitTransaction", "POST", "/CommitTransaction", NULL, NULL, NULL, NULL },
  { "rds-data", "RollbackTransaction", "POST", "/RollbackTransaction", NULL, NULL, NULL, NULL },

  /* query */
  { "rds", "DescribeDBClusters", NULL, NULL, NULL, NULL,
    "Filters:Filter Values:Value DBClusters:DBCluster DBClusterMembers:DBClusterMember "
    "AvailabilityZones:AvailabilityZone VpcSecurityGroups:VpcSecurityGroupMembership "
    "TagList:Tag DBClusterOptionGroupMemberships:DBClusterOptionGroup "
    "ReadReplicaIdentifiers:ReadReplicaIdentifier AssociatedRoles:DBClusterRole "
    "EnabledCloudwatchLogsExports CustomEndpoints DomainMemberships:DomainMembership",
    &pd_aws_paging_marker },
  { "sts", "AssumeRole", NULL, NULL, NULL, NULL, "PolicyArns Tags TransitiveTagKeys", NULL },
  { "sts", "GetCallerIdentity", NULL, NULL, NULL, NULL, NULL, NULL },
  { "cloudwatch", "GetMetricData", NULL, NULL, NULL, NULL,
    "MetricDataQueries Dimensions MetricDataResults Timestamps Values Messages",
    &pd_aws_paging_next_token_pascal },
  { "cloudwatch", "ListMetrics", NULL, NULL, NULL, NULL, "Dimensions Metrics OwningAccounts",
    &pd_aws_paging_next_token_pascal },
};

/**
 * pd_aws_operation_lookup:
 * @service: a botocore service name
 * @operation: an operation name
 *
 * Returns: (nullable) (transfer none): the table row of the operation
 */
const PdAwsOperation *
pd_aws_operation_lookup (const char *service,
                         const char *operation)
{
  g_return_val_if_fail (service != NULL && operation != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    if (g_str_equal (operations[i].service, service) &&
        g_str_equal (operations[i].name, operation))
      return &operations[i];

  return NULL;
}

/**
 * pd_aws_operation_get_all:
 * @n_operations: (out): the number of rows
 *
 * Returns: (transfer none) (array length=n_operations): the operation table
 */
const PdAwsOperation *
pd_aws_operation_get_all (guint *n_operations)
{
  g_return_val_if_fail (n_operations != NULL, NULL);

  *n_operations = G_N_ELEMENTS (operations);
  return operations;
}

/* Finds "name" or "name:value" in a space-separated spec. Returns TRUE if
 * found, with the part after ':' (or NULL) in *value. */
static gboolean
spec_find (const char  *spec,
           const char  *name,
           char       **value)
{
  g_auto(GStrv) items = NULL;

  *value = NULL;
  if (spec == NULL)
    return FALSE;

  items = g_strsplit (spec, " ", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *colon = strchr (items[i], ':');
      gsize len = colon != NULL ? (gsize) (colon - items[i]) : strlen (items[i]);

      if (len == strlen (name) && strncmp (items[i], name, len) == 0)
        {
          *value = colon != NULL ? g_strdup (colon + 1) : NULL;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pd_aws_protocol_uri_encode:
 * @text: UTF-8 text
 * @keep_slash: leave `/` alone (greedy labels)
 *
 * Percent-encodes everything but `A-Za-z0-9-._~`, with upper-case hex.
 *
 * Returns: (transfer full): the encoded text
 */
char *
pd_aws_protocol_uri_encode (const char *text,
                            gboolean    keep_slash)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~' ||
          (keep_slash && *p == '/'))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }

  return g_string_free (out, FALSE);
}

/* Scalars as the query and rest-json protocols write them. */
static char *
scalar_to_string (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }

  return NULL;
}

/**
 * pd_aws_http_request_free:
 * @self: (transfer full) (nullable): a serialized request
 *
 * Frees @self.
 */
void
pd_aws_http_request_free (PdAwsHttpRequest *self)
{
  if (self == NULL)
    return;

  g_free (self->method);
  g_free (self->path);
  g_free (self->query);
  g_ptr_array_unref (self->headers);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

static PdAwsHttpRequest *
http_request_new (const char *method,
                  const char *path)
{
  PdAwsHttpRequest *self = g_new0 (PdAwsHttpRequest, 1);

  self->method = g_strdup (method);
  self->path = g_strdup (path);
  self->query = g_strdup ("");
  self->headers = g_ptr_array_new_with_free_func (g_free);

  return self;
}

static void
http_request_add_header (PdAwsHttpRequest *self,
                         const char       *name,
                         const char       *value)
{
  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

static GBytes *
json_to_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

/* ---- query protocol serialization ---- */

static gboolean
query_flatten (GPtrArray     *pairs,
               const char    *prefix,
               const char    *member_name,
               JsonNode      *node,
               const char    *list_names,
               guint          depth,
               GError       **error)
{
  if (depth > MAX_NESTING)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION, "Input nested too deeply");
      return FALSE;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      g_ptr_array_add (pairs, g_strdup (prefix));
      g_ptr_array_add (pairs, scalar_to_string (node));
      return TRUE;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object);
        g_autofree char *hint = NULL;
        guint n = 0;

        /* a map: Name.entry.N.key / Name.entry.N.value */
        if (member_name[0] != '\0' && spec_find (list_names, member_name, &hint) &&
            g_strcmp0 (hint, "@map") == 0)
          {
            for (const GList *l = names; l != NULL; l = l->next)
              {
                g_autofree char *key = g_strdup_printf ("%s.entry.%u.key", prefix, ++n);
                g_autofree char *value = g_strdup_printf ("%s.entry.%u.value", prefix, n);

                g_ptr_array_add (pairs, g_steal_pointer (&key));
                g_ptr_array_add (pairs, g_strdup (l->data));
                if (!query_flatten (pairs, value, "value",
                                    json_object_get_member (object, l->data), list_names,
                                    depth + 1, error))
                  return FALSE;
              }
            return TRUE;
          }

        for (const GList *l = names; l != NULL; l = l->next)
          {
            const char *name = l->data;
            JsonNode *child = json_object_get_member (object, name);
            g_autofree char *key = prefix[0] != '\0' ? g_strconcat (prefix, ".", name, NULL)
                                                     : g_strdup (name);

            if (!query_flatten (pairs, key, name, child, list_names, depth + 1, error))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        g_autofree char *item_name = NULL;
        guint n = json_array_get_length (array);

        if (!spec_find (list_names, member_name, &item_name) || item_name == NULL)
          {
            g_free (item_name);
            item_name = g_strdup ("member");
          }

        if (n == 0)
          {
            /* An empty list is sent as the bare name, as botocore does */
            g_ptr_array_add (pairs, g_strdup (prefix));
            g_ptr_array_add (pairs, g_strdup (""));
            return TRUE;
          }

        for (guint i = 0; i < n; i++)
          {
            g_autofree char *key = g_strdup_printf ("%s.%s.%u", prefix, item_name, i + 1);

            if (!query_flatten (pairs, key, item_name, json_array_get_element (array, i),
                                list_names, depth + 1, error))
              return FALSE;
          }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

/**
 * pd_aws_protocol_query_encode:
 * @input: the input members
 * @list_names: (nullable): the operation's hints (see #PdAwsOperation);
 *   `Name:@map` marks a map, sent as `Name.entry.N.key`/`.value`
 * @error: return location for a #GError
 *
 * Encodes input members the way the query protocol sends them: structures
 * as `A.B`, lists as `A.member.N` (or the hinted item name), maps as
 * `A.entry.N.key`/`A.entry.N.value`, all percent-encoded.
 *
 * Returns: (transfer full): `k=v` pairs joined by `&`, or %NULL with @error
 */
char *
pd_aws_protocol_query_encode (JsonObject  *input,
                              const char  *list_names,
                              GError     **error)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) node = NULL;
  GString *out;

  g_return_val_if_fail (input != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), input);
  if (!query_flatten (pairs, "", "", node, list_names, 0, error))
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      g_autofree char *key = pd_aws_protocol_uri_encode (g_ptr_array_index (pairs, i), FALSE);
      g_autofree char *value = pd_aws_protocol_uri_encode (g_ptr_array_index (pairs, i + 1), FALSE);

      g_string_append_printf (out, "%s%s=%s", out->len > 0 ? "&" : "", key, value);
    }

  return g_string_free (out, FALSE);
}

static PdAwsHttpRequest *
build_query (const PdAwsService    *service,
             const char            *operation,
             const PdAwsOperation  *info,
             JsonObject            *input,
             GError               **error)
{
  g_autoptr(PdAwsHttpRequest) request = http_request_new ("POST", "/");
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *op = pd_aws_protocol_uri_encode (operation, FALSE);

  g_string_append_printf (body, "Action=%s&Version=%s", op, service->api_version);

  if (input != NULL)
    {
      g_autofree char *members = pd_aws_protocol_query_encode (input,
                                                               info != NULL ? info->list_names : NULL,
                                                               error);

      if (members == NULL)
        return NULL;
      if (members[0] != '\0')
        g_string_append_printf (body, "&%s", members);
    }

  http_request_add_header (request, "Content-Type",
                           "application/x-www-form-urlencoded; charset=utf-8");
  request->body = g_bytes_new (body->str, body->len);

  return g_steal_pointer (&request);
}

/* ---- rest-json serialization ---- */

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const char * const *pa = a;
  const char * const *pb = b;
  int cmp = strcmp (pa[0], pb[0]);

  return cmp != 0 ? cmp : strcmp (pa[1], pb[1]);
}

static PdAwsHttpRequest *
build_rest_json (const PdAwsService    *service,
                 const char            *operation,
                 const PdAwsOperation  *info,
                 JsonObject            *input,
                 GError               **error)
{
  g_autoptr(PdAwsHttpRequest) request = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(GArray) query = g_array_new (FALSE, FALSE, sizeof (char *) * 2);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) query_text = g_string_new (NULL);
  const char *p;

  if (info == NULL || info->uri == NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                   "Unknown %s operation “%s”: rest-json operations need a URI template, "
                   "and Pipedeck has none for it", service->name, operation);
      return NULL;
    }

  /* Path labels */
  for (p = info->uri; *p; p++)
    {
      const char *end;
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;
      g_autofree char *encoded = NULL;
      gboolean greedy;
      JsonNode *node;

      if (*p != '{')
        {
          g_string_append_c (path, *p);
          continue;
        }

      end = strchr (p, '}');
      g_assert (end != NULL);
      label = g_strndup (p + 1, end - p - 1);
      greedy = g_str_has_suffix (label, "+");
      if (greedy)
        label[strlen (label) - 1] = '\0';

      node = input != NULL ? json_object_get_member (input, label) : NULL;
      if (node == NULL || (value = scalar_to_string (node)) == NULL || value[0] == '\0')
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                       "%s.%s needs the member “%s” (a non-empty string) for its URI",
                       service->name, operation, label);
          return NULL;
        }

      encoded = pd_aws_protocol_uri_encode (value, greedy);
      g_string_append (path, encoded);
      g_hash_table_add (used, (gpointer) g_intern_string (label));
      p = end;
    }

  request = http_request_new (info->method, path->str);

  if (input != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (input);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonNode *node = json_object_get_member (input, name);
          g_autofree char *wire = NULL;

          if (g_hash_table_contains (used, name))
            continue;

          if (spec_find (info->query_members, name, &wire))
            {
              const char *key = wire != NULL ? wire : name;

              if (JSON_NODE_HOLDS_ARRAY (node))
                {
                  JsonArray *array = json_node_get_array (node);

                  for (guint i = 0; i < json_array_get_length (array); i++)
                    {
                      g_autofree char *value = scalar_to_string (json_array_get_element (array, i));
                      char *pair[2];

                      if (value == NULL)
                        continue;
                      pair[0] = pd_aws_protocol_uri_encode (key, FALSE);
                      pair[1] = pd_aws_protocol_uri_encode (value, FALSE);
                      g_array_append_val (query, pair);
                    }
                }
              else
                {
                  g_autofree char *value = scalar_to_string (node);
                  char *pair[2];

                  if (value == NULL)
                    {
                      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                                   "%s.%s: the query member “%s” must be a scalar or a list",
                                   service->name, operation, name);
                      return NULL;
                    }
                  pair[0] = pd_aws_protocol_uri_encode (key, FALSE);
                  pair[1] = pd_aws_protocol_uri_encode (value, FALSE);
                  g_array_append_val (query, pair);
                }
            }
          else if (spec_find (info->header_members, name, &wire) && wire != NULL)
            {
              g_autofree char *value = scalar_to_string (node);

              if (value == NULL || strpbrk (value, "\r\n") != NULL)
                {
                  g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                               "%s.%s: the header member “%s” must be a one-line scalar",
                               service->name, operation, name);
                  return NULL;
                }
              http_request_add_header (request, wire, value);
            }
          else
            json_object_set_member (body, name, json_node_copy (node));
        }
    }

  g_array_sort (query, compare_pairs);
  for (guint i = 0; i < query->len; i++)
    {
      char **pair = &g_array_index (query, char *, i * 2);

      if (query_text->len > 0)
        g_string_append_c (query_text, '&');
      g_string_append_printf (query_text, "%s=%s", pair[0], pair[1]);
      g_free (pair[0]);
      g_free (pair[1]);
    }
  g_free (request->query);
  request->query = g_strdup (query_text->str);

  if (json_object_get_size (body) > 0)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);

      http_request_add_header (request, "Content-Type", "application/json");
      request->body = json_to_bytes (node);
    }

  if (g_str_equal (service->name, "apigateway"))
    http_request_add_header (request, "Accept", "application/json");

  return g_steal_pointer (&request);
}

static gboolean
operation_name_is_valid (const char *operation)
{
  if (operation == NULL || operation[0] == '\0' || strlen (operation) > 128)
    return FALSE;
  for (const char *p = operation; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/**
 * pd_aws_protocol_build_request:
 * @service: the service
 * @operation: the operation name
 * @input: (nullable): the input members, as in the API model
 * @error: return location for a #GError
 *
 * Serializes a call by the service's protocol.
 *
 * Returns: (transfer full): the request, or %NULL with %PD_AWS_ERROR_VALIDATION
 */
PdAwsHttpRequest *
pd_aws_protocol_build_request (const PdAwsService  *service,
                               const char          *operation,
                               JsonObject          *input,
                               GError             **error)
{
  const PdAwsOperation *info;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (operation != NULL, NULL);

  if (!operation_name_is_valid (operation))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                   "Invalid operation name “%s”", operation);
      return NULL;
    }

  info = pd_aws_operation_lookup (service->name, operation);

  switch (service->protocol)
    {
    case PD_AWS_PROTOCOL_JSON:
      {
        g_autoptr(PdAwsHttpRequest) request = http_request_new ("POST", "/");
        g_autofree char *target = g_strdup_printf ("%s.%s", service->target_prefix, operation);
        g_autofree char *content_type = g_strdup_printf ("application/x-amz-json-%s",
                                                         service->json_version);

        http_request_add_header (request, "X-Amz-Target", target);
        http_request_add_header (request, "Content-Type", content_type);
        if (input != NULL)
          {
            g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), input);

            request->body = json_to_bytes (node);
          }
        else
          request->body = g_bytes_new_static ("{}", 2);

        return g_steal_pointer (&request);
      }

    case PD_AWS_PROTOCOL_REST_JSON:
      return build_rest_json (service, operation, info, input, error);

    case PD_AWS_PROTOCOL_QUERY:
      return build_query (service, operation, info, input, error);

    default:
      g_assert_not_reached ();
    }
}

/* ---- XML to JSON ---- */

typedef struct _XmlNode XmlNode;
struct _XmlNode
{
  char      *name;
  GString   *text;
  GPtrArray *children;
};

static void
xml_node_free (XmlNode *node)
{
  if (node == NULL)
    return;
  g_free (node->name);
  g_string_free (node->text, TRUE);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

static XmlNode *
xml_node_new (const char *name)
{
  XmlNode *node = g_new0 (XmlNode, 1);
  const char *colon = strchr (name, ':');

  /* Namespaces prefixes are dropped: AWS responses use a default namespace */
  node->name = g_strdup (colon != NULL ? colon + 1 : name);
  node->text = g_string_new (NULL);
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) xml_node_free);

  return node;
}

typedef struct
{
  XmlNode   *root;
  GPtrArray *stack;
} XmlParse;

static void
xml_start_element (GMarkupParseContext  *context,
                   const char           *element_name,
                   const char          **attribute_names,
                   const char          **attribute_values,
                   gpointer              user_data,
                   GError              **error)
{
  XmlParse *parse = user_data;
  XmlNode *node;

  if (parse->stack->len >= MAX_NESTING)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "XML response nested deeper than %d elements", MAX_NESTING);
      return;
    }

  node = xml_node_new (element_name);
  if (parse->stack->len == 0)
    {
      if (parse->root != NULL)
        {
          xml_node_free (node);
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                       "XML response has more than one root element");
          return;
        }
      parse->root = node;
    }
  else
    {
      XmlNode *parent = g_ptr_array_index (parse->stack, parse->stack->len - 1);

      g_ptr_array_add (parent->children, node);
    }
  g_ptr_array_add (parse->stack, node);
}

static void
xml_end_element (GMarkupParseContext  *context,
                 const char           *element_name,
                 gpointer              user_data,
                 GError              **error)
{
  XmlParse *parse = user_data;

  if (parse->stack->len > 0)
    g_ptr_array_set_size (parse->stack, parse->stack->len - 1);
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 text_len,
          gpointer              user_data,
          GError              **error)
{
  XmlParse *parse = user_data;
  XmlNode *node;

  if (parse->stack->len == 0)
    return;

  node = g_ptr_array_index (parse->stack, parse->stack->len - 1);
  g_string_append_len (node->text, text, text_len);
}

static const GMarkupParser xml_parser = {
  xml_start_element, xml_end_element, xml_text, NULL, NULL,
};

static XmlNode *
xml_parse (const char  *xml,
           gsize        length,
           GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  XmlParse parse = { NULL, NULL };

  if (!g_utf8_validate (xml, length, NULL))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "XML response is not valid UTF-8");
      return NULL;
    }

  parse.stack = g_ptr_array_new ();
  context = g_markup_parse_context_new (&xml_parser, G_MARKUP_PREFIX_ERROR_POSITION, &parse, NULL);
  if (!g_markup_parse_context_parse (context, xml, length, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      g_ptr_array_unref (parse.stack);
      xml_node_free (parse.root);
      if (local_error->domain == PD_AWS_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                     "Malformed XML response: %s", local_error->message);
      return NULL;
    }
  g_ptr_array_unref (parse.stack);

  if (parse.root == NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE, "XML response has no element");
      return NULL;
    }

  return parse.root;
}

static XmlNode *
xml_child (XmlNode    *node,
           const char *name)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      XmlNode *child = g_ptr_array_index (node->children, i);

      if (g_str_equal (child->name, name))
        return child;
    }
  return NULL;
}

static JsonNode *
xml_to_json_node (XmlNode    *node,
                  const char *list_names)
{
  g_autofree char *item_name = NULL;
  gboolean is_list;
  gboolean all_members = node->children->len > 0;

  for (guint i = 0; i < node->children->len; i++)
    {
      XmlNode *child = g_ptr_array_index (node->children, i);

      if (!g_str_equal (child->name, "member"))
        all_members = FALSE;
    }
  is_list = spec_find (list_names, node->name, &item_name) || all_members;

  if (is_list && g_strcmp0 (item_name, "@map") == 0)
    {
      g_autoptr(JsonObject) map = json_object_new ();

      for (guint i = 0; i < node->children->len; i++)
        {
          XmlNode *entry = g_ptr_array_index (node->children, i);
          XmlNode *key = xml_child (entry, "key");
          XmlNode *value = xml_child (entry, "value");

          if (key != NULL && key->children->len == 0)
            json_object_set_member (map, key->text->str,
                                    value != NULL ? xml_to_json_node (value, list_names)
                                                  : json_node_init_null (json_node_alloc ()));
        }
      return json_node_init_object (json_node_alloc (), map);
    }

  if (is_list)
    {
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < node->children->len; i++)
        json_array_add_element (array, xml_to_json_node (g_ptr_array_index (node->children, i),
                                                         list_names));
      return json_node_init_array (json_node_alloc (), array);
    }

  if (node->children->len > 0)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(GHashTable) repeated = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < node->children->len; i++)
        {
          XmlNode *child = g_ptr_array_index (node->children, i);
          JsonNode *value = xml_to_json_node (child, list_names);
          JsonNode *existing = json_object_get_member (object, child->name);

          /* A repeated element without a list hint still keeps every value */
          if (existing != NULL && g_hash_table_contains (repeated, child->name))
            json_array_add_element (json_node_get_array (existing), value);
          else if (existing != NULL)
            {
              g_autoptr(JsonArray) array = json_array_new ();

              json_array_add_element (array, json_node_copy (existing));
              json_array_add_element (array, value);
              json_object_set_array_member (object, child->name, g_steal_pointer (&array));
              g_hash_table_add (repeated, child->name);
            }
          else
            json_object_set_member (object, child->name, value);
        }
      return json_node_init_object (json_node_alloc (), object);
    }

  return json_node_init_string (json_node_alloc (), node->text->str);
}

/**
 * pd_aws_protocol_xml_to_json:
 * @xml: the XML text
 * @length: its length in bytes
 * @list_names: (nullable): element names that are lists (see #PdAwsOperation)
 * @root_name: (out) (optional) (transfer full): the name of the root element
 * @error: return location for a #GError
 *
 * Converts an XML document into the JSON shape the other protocols give:
 * elements with children become objects, lists (hinted, or elements whose
 * children are all `member`) become arrays, and text becomes strings.
 *
 * Returns: (transfer full): the value of the root element, or %NULL with
 *   %PD_AWS_ERROR_PARSE
 */
JsonNode *
pd_aws_protocol_xml_to_json (const char  *xml,
                             gsize        length,
                             const char  *list_names,
                             char       **root_name,
                             GError     **error)
{
  XmlNode *root;
  JsonNode *result;

  g_return_val_if_fail (xml != NULL || length == 0, NULL);

  if ((root = xml_parse (xml != NULL ? xml : "", length, error)) == NULL)
    return NULL;

  result = xml_to_json_node (root, list_names);
  if (root_name != NULL)
    *root_name = g_strdup (root->name);
  xml_node_free (root);

  return result;
}

/* ---- responses ---- */

static gboolean
looks_like_html (const char *data,
                 gsize       length)
{
  gsize i = 0;

  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (length - i >= 5 && g_ascii_strncasecmp (data + i, "<html", 5) == 0)
    return TRUE;
  if (length - i >= 9 && g_ascii_strncasecmp (data + i, "<!doctype", 9) == 0)
    return TRUE;
  return FALSE;
}

static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/* json-glib's parser recurses: refuse deep documents before it sees them. */
static gboolean
json_depth_ok (const char *data,
               gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_NESTING)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

static JsonNode *
parse_json_body (const char  *data,
                 gsize        length,
                 guint        status,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "JSON response (HTTP %u) is not valid UTF-8", status);
      return NULL;
    }
  if (!json_depth_ok (data, length))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "JSON response (HTTP %u) is nested deeper than %d levels", status, MAX_NESTING);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "Malformed JSON response (HTTP %u): %s", status, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "JSON response (HTTP %u) is not an object", status);
      return NULL;
    }

  return json_node_copy (root);
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
header_request_id (SoupMessageHeaders *headers)
{
  const char *id;

  if (headers == NULL)
    return NULL;
  if ((id = soup_message_headers_get_one (headers, "x-amzn-RequestId")) != NULL)
    return id;
  return soup_message_headers_get_one (headers, "x-amz-request-id");
}

static GError *
error_from_xml (XmlNode    *root,
                guint       status,
                const char *request_id)
{
  XmlNode *error_node = NULL;
  XmlNode *code;
  XmlNode *message;
  XmlNode *id;

  if (g_str_equal (root->name, "ErrorResponse"))
    error_node = xml_child (root, "Error");
  else if (g_str_equal (root->name, "Response"))
    {
      XmlNode *errors = xml_child (root, "Errors");

      error_node = errors != NULL ? xml_child (errors, "Error") : NULL;
    }
  else if (g_str_equal (root->name, "Error"))
    error_node = root;

  if (error_node == NULL)
    return NULL;

  code = xml_child (error_node, "Code");
  message = xml_child (error_node, "Message");
  id = xml_child (root, "RequestId");
  if (id == NULL)
    id = xml_child (root, "RequestID");

  return pd_aws_error_new_from_aws (code != NULL ? code->text->str : NULL,
                                    message != NULL ? message->text->str : NULL,
                                    status,
                                    id != NULL && id->text->len > 0 ? id->text->str : request_id);
}

static GError *
error_from_json (const PdAwsService *service,
                 JsonObject         *object,
                 guint               status,
                 SoupMessageHeaders *headers,
                 const char         *request_id)
{
  const char *header_type = headers != NULL
    ? soup_message_headers_get_one (headers, "x-amzn-ErrorType") : NULL;
  const char *query_error = headers != NULL
    ? soup_message_headers_get_one (headers, "x-amzn-query-error") : NULL;
  const char *code = NULL;
  const char *message = NULL;
  g_autofree char *query_code = NULL;

  if (query_error != NULL && query_error[0] != '\0')
    {
      query_code = g_strdup (query_error);
      if (strchr (query_code, ';') != NULL)
        *strchr (query_code, ';') = '\0';
      code = query_code;
    }

  if (code == NULL && service->protocol == PD_AWS_PROTOCOL_REST_JSON && header_type != NULL &&
      header_type[0] != '\0')
    code = header_type;

  if (code == NULL && object != NULL)
    {
      if (service->protocol == PD_AWS_PROTOCOL_REST_JSON)
        {
          if ((code = object_string (object, "code")) == NULL)
            code = object_string (object, "Code");
        }
      if (code == NULL)
        code = object_string (object, "__type");
    }

  /* botocore ignores the header for json; other SDKs read it: use it last */
  if (code == NULL && header_type != NULL && header_type[0] != '\0')
    code = header_type;

  if (object != NULL)
    {
      if ((message = object_string (object, "message")) == NULL)
        message = object_string (object, "Message");
    }

  return pd_aws_error_new_from_aws (code, message, status, request_id);
}

static GError *
error_from_unparsable (guint        status,
                       const char  *what,
                       const char  *request_id)
{
  g_autofree char *code = g_strdup_printf ("%u", status);
  g_autofree char *message = g_strdup_printf ("HTTP %u %s", status, what);

  return pd_aws_error_new_from_aws (code, message, status, request_id);
}

static void
rename_member (JsonObject *object,
               const char *from,
               const char *to)
{
  JsonNode *node = json_object_get_member (object, from);

  if (node != NULL && !json_object_has_member (object, to))
    {
      json_object_set_member (object, to, json_node_copy (node));
      json_object_remove_member (object, from);
    }
}

/* json_node_init_object() takes its own reference: the new object must
 * not keep the one json_object_new() returned */
static JsonNode *
empty_object_node (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

static JsonNode *
parse_query_success (const PdAwsService  *service,
                     const char          *operation,
                     guint                status,
                     const char          *data,
                     gsize                length,
                     const char          *request_id,
                     GError             **error)
{
  const PdAwsOperation *info = pd_aws_operation_lookup (service->name, operation);
  g_autofree char *response_name = g_strconcat (operation, "Response", NULL);
  g_autofree char *result_name = g_strconcat (operation, "Result", NULL);
  XmlNode *root;
  XmlNode *result;
  GError *aws_error;
  JsonNode *node;

  if ((root = xml_parse (data, length, error)) == NULL)
    return NULL;

  /* An error document in a 2xx answer is still an error */
  if ((aws_error = error_from_xml (root, status, request_id)) != NULL)
    {
      xml_node_free (root);
      g_propagate_error (error, aws_error);
      return NULL;
    }

  if (!g_str_equal (root->name, response_name))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "Unexpected XML response: <%s> instead of <%s>", root->name, response_name);
      xml_node_free (root);
      return NULL;
    }

  result = xml_child (root, result_name);
  if (result == NULL || result->children->len == 0)
    node = empty_object_node ();
  else
    node = xml_to_json_node (result, info != NULL ? info->list_names : NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      json_node_unref (node);
      node = empty_object_node ();
    }

  xml_node_free (root);
  return node;
}

/**
 * pd_aws_protocol_parse_response:
 * @service: the service
 * @operation: the operation name
 * @status: the HTTP status
 * @headers: (nullable): the response headers
 * @body: (nullable): the whole response body
 * @error: return location for a #GError
 *
 * Parses a response by the service's protocol. A JSON object comes back for
 * every protocol (query results are converted from XML). Error responses
 * become %PD_AWS_ERROR errors with the normalized AWS code, the message,
 * the HTTP status and the request ID; bodies that cannot be read (HTML pages,
 * malformed JSON or XML, invalid UTF-8) give %PD_AWS_ERROR_PARSE on success
 * statuses and an error whose code is the status on others.
 *
 * Returns: (transfer full): the result object, or %NULL with @error set
 */
JsonNode *
pd_aws_protocol_parse_response (const PdAwsService  *service,
                                const char          *operation,
                                guint                status,
                                SoupMessageHeaders  *headers,
                                GBytes              *body,
                                GError             **error)
{
  const char *request_id = header_request_id (headers);
  const char *content_type = headers != NULL
    ? soup_message_headers_get_one (headers, "Content-Type") : NULL;
  const char *data = "";
  gsize length = 0;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (operation != NULL, NULL);

  if (body != NULL)
    {
      data = g_bytes_get_data (body, &length);
      if (data == NULL)
        data = "";
    }

  if (status >= 200 && status < 300)
    {
      if (looks_like_html (data, length) ||
          (content_type != NULL && g_ascii_strncasecmp (content_type, "text/html", 9) == 0))
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                       "Received an HTML page instead of an AWS response (HTTP %u); "
                       "a proxy or captive portal may be in the way", status);
          return NULL;
        }

      if (service->protocol == PD_AWS_PROTOCOL_QUERY)
        {
          if (is_blank (data, length))
            {
              g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                           "Empty response body where XML was expected (HTTP %u)", status);
              return NULL;
            }
          return parse_query_success (service, operation, status, data, length, request_id,
                                      error);
        }
      else
        {
          JsonNode *node;
          JsonObject *object;

          if (is_blank (data, length))
            return empty_object_node ();

          if ((node = parse_json_body (data, length, status, error)) == NULL)
            return NULL;

          object = json_node_get_object (node);
          /* A 2xx body that is only an error shape is an error */
          if (object_string (object, "__type") != NULL && json_object_get_size (object) <= 3 &&
              (json_object_get_size (object) == 1 || object_string (object, "message") != NULL ||
               object_string (object, "Message") != NULL))
            {
              g_propagate_error (error, error_from_json (service, object, status, headers,
                                                         request_id));
              json_node_unref (node);
              return NULL;
            }

          /* API Gateway's list shapes name their member `items` with the
           * wire name `item`; GetStages' shape alone names it `item` */
          if (g_str_equal (service->name, "apigateway") && !g_str_equal (operation, "GetStages"))
            rename_member (object, "item", "items");

          return node;
        }
    }

  /* Error responses */
  if (is_blank (data, length))
    {
      g_propagate_error (error, error_from_unparsable (status, "with an empty body", request_id));
      return NULL;
    }
  if (looks_like_html (data, length))
    {
      g_propagate_error (error, error_from_unparsable (status, "with an HTML page (from a proxy?)",
                                                       request_id));
      return NULL;
    }

  if (service->protocol == PD_AWS_PROTOCOL_QUERY || data[0] == '<')
    {
      g_autoptr(GError) parse_error = NULL;
      XmlNode *root = xml_parse (data, length, &parse_error);
      GError *aws_error = NULL;

      if (root != NULL)
        {
          aws_error = error_from_xml (root, status, request_id);
          xml_node_free (root);
        }
      if (aws_error == NULL)
        aws_error = error_from_unparsable (status, "with an unreadable XML error body",
                                           request_id);
      g_propagate_error (error, aws_error);
      return NULL;
    }
  else
    {
      g_autoptr(JsonNode) node = parse_json_body (data, length, status, NULL);

      if (node == NULL)
        {
          g_propagate_error (error, error_from_unparsable (status,
                                                           "with an unreadable JSON error body",
                                                           request_id));
          return NULL;
        }
      g_propagate_error (error, error_from_json (service, json_node_get_object (node), status,
                                                 headers, request_id));
      return NULL;
    }
}

/* ---- paging ---- */

/**
 * pd_aws_paging_next:
 * @paging: how the operation pages
 * @input: the input of the call just made; receives the next token
 * @output: the response of that call
 *
 * Moves @input to the next page, if there is one.
 *
 * Returns: %TRUE if @input now asks for another page
 */
gboolean
pd_aws_paging_next (const PdAwsPaging *paging,
                    JsonObject        *input,
                    JsonObject        *output)
{
  const char *next;
  const char *sent;

  g_return_val_if_fail (paging != NULL, FALSE);
  g_return_val_if_fail (input != NULL && output != NULL, FALSE);

  next = object_string (output, paging->output_key);
  if (next == NULL || next[0] == '\0')
    return FALSE;

  sent = object_string (input, paging->input_key);
  if (paging->stop_on_same_token && g_strcmp0 (sent, next) == 0)
    return FALSE;
  /* A service that hands back the token it was given would loop forever */
  if (!paging->stop_on_same_token && g_strcmp0 (sent, next) == 0)
    return FALSE;

  json_object_set_string_member (input, paging->input_key, next);
  return TRUE;
}

/* ---- typed access ---- */

/* The node of @member if it is present and @wanted accepts it; %NULL
 * otherwise, with @error set if the member is required or of another type
 * (@what names that type) */
static JsonNode *
response_member (JsonObject  *object,
                 const char  *member,
                 gboolean     required,
                 gboolean   (*wanted) (JsonNode *node),
                 const char  *what,
                 GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                     "The response lacks the required member “%s”", member);
      return NULL;
    }
  if (!wanted (node))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "The response member “%s” is not %s", member, what);
      return NULL;
    }
  return node;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_object (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node);
}

/**
 * pd_aws_json_dup_string:
 * @object: a response object
 * @member: the member name
 * @required: whether a missing member is an error
 * @error: return location for a #GError
 *
 * Reads a string member, refusing other types with %PD_AWS_ERROR_PARSE.
 *
 * Returns: (transfer full) (nullable): the string, or %NULL (with @error set
 *   when the member is required or of the wrong type)
 */
char *
pd_aws_json_dup_string (JsonObject  *object,
                        const char  *member,
                        gboolean     required,
                        GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (member != NULL, NULL);

  node = response_member (object, member, required, node_is_string, "a string", error);
  return node != NULL ? g_strdup (json_node_get_string (node)) : NULL;
}

/**
 * pd_aws_json_get_object:
 * @object: a response object
 * @member: the member name
 * @required: whether a missing member is an error
 * @error: return location for a #GError
 *
 * Returns: (transfer none) (nullable): the object member, or %NULL (with
 *   @error set when it is required or not an object)
 */
JsonObject *
pd_aws_json_get_object (JsonObject  *object,
                        const char  *member,
                        gboolean     required,
                        GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (member != NULL, NULL);

  node = response_member (object, member, required, node_is_object, "an object", error);
  return node != NULL ? json_node_get_object (node) : NULL;
}

/**
 * pd_aws_json_get_enum:
 * @object: a response object
 * @member: the member name
 * @values: (array zero-terminated=1): the known values, in enum order
 * @unknown_value: what to return for a missing, mistyped or unknown value
 *
 * Maps a string member to an enum. AWS adds values over time, so an unknown
 * value is not an error: it maps to @unknown_value.
 *
 * Returns: the index of the value in @values, or @unknown_value
 */
int
pd_aws_json_get_enum (JsonObject         *object,
                      const char         *member,
                      const char * const *values,
                      int                 unknown_value)
{
  const char *value;

  g_return_val_if_fail (values != NULL, unknown_value);

  value = object != NULL ? object_string (object, member) : NULL;
  if (value == NULL)
    return unknown_value;

  for (int i = 0; values[i] != NULL; i++)
    if (g_str_equal (values[i], value))
      return i;

  return unknown_value;
}
