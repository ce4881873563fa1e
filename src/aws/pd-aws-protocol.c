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
/* Element and member names quoted in messages are cut to this many
 * characters */
#define NAME_MAX_CHARS 80

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
  { "secretsmanager", "ListSecrets", NULL, NULL, NULL, NULL, NULL,
    &pd_aws_paging_next_token_pascal },
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
  { "apigateway", "GetDeployments", "GET", "/restapis/{restApiId}/deployments",
    "position limit", NULL, NULL, &pd_aws_paging_position },
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

/* Messages quote the body (parsers' messages, element and member names),
 * and GMarkup quotes the first byte of a bad character alone: keep them
 * valid UTF-8 without control characters, and names short (@max_chars,
 * or 0 for no limit) */
static char *
clean_text (const char *text,
            guint       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));
  guint chars = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (max_chars > 0 && chars++ == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? 0xFFFD : c);
    }
  return g_string_free (out, FALSE);
}

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
        {
          g_autofree char *reason = clean_text (local_error->message, 0);

          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                       "Malformed XML response: %s", reason);
        }
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

#define UTF8_BOM "\xef\xbb\xbf"
/* A page title in a message is cut to this many characters */
#define TITLE_MAX_CHARS 80
/* How far into a page its <title> is looked for, and how much of it is read */
#define TITLE_SEARCH_BYTES (256 * 1024)
#define TITLE_MAX_BYTES 4096

/* What a body is, from its first bytes. The Content-Type is not trusted to
 * tell: local emulators label JSON as text/html, and proxies and captive
 * portals label their pages as anything. */
typedef enum
{
  BODY_EMPTY,
  BODY_JSON,
  BODY_XML,
  BODY_HTML,
  BODY_OTHER,
} BodyKind;

static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

static gsize
skip_space (const char *data,
            gsize       length,
            gsize       i)
{
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  return i;
}

/* Whether @prefix (lower-case ASCII) is at @i, in any case */
static gboolean
has_prefix_at (const char *data,
               gsize       length,
               gsize       i,
               const char *prefix)
{
  gsize n = strlen (prefix);

  return i <= length && length - i >= n && g_ascii_strncasecmp (data + i, prefix, n) == 0;
}

/* The offset of @needle (lower-case ASCII, matched in any case) at or after
 * @from, or @length if it is not there */
static gsize
find_at (const char *data,
         gsize       length,
         gsize       from,
         const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = from; i < length && length - i >= n; i++)
    if (g_ascii_tolower (data[i]) == needle[0] && g_ascii_strncasecmp (data + i, needle, n) == 0)
      return i;
  return length;
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == ':';
}

/* Sorts a body by its first bytes, past a UTF-8 BOM and white space (where
 * *@start is left). Markup is HTML when its document type or its first
 * element says so, whatever the XML declaration and comments before them. */
static BodyKind
sniff_body (const char *data,
            gsize       length,
            gsize      *start)
{
  static const char * const html_elements[] = { "html", "head", "body", "title", "meta" };
  gsize i = 0;

  if (length >= strlen (UTF8_BOM) && memcmp (data, UTF8_BOM, strlen (UTF8_BOM)) == 0)
    i = strlen (UTF8_BOM);
  i = skip_space (data, length, i);
  *start = i;

  if (i == length)
    return BODY_EMPTY;
  if (data[i] == '{' || data[i] == '[')
    return BODY_JSON;
  if (data[i] != '<')
    return BODY_OTHER;

  for (;;)
    {
      gsize end;
      gsize skip;

      if (has_prefix_at (data, length, i, "<?"))
        {
          end = find_at (data, length, i + 2, "?>");
          skip = 2;
        }
      else if (has_prefix_at (data, length, i, "<!--"))
        {
          end = find_at (data, length, i + 4, "-->");
          skip = 3;
        }
      else if (has_prefix_at (data, length, i, "<!doctype"))
        {
          gsize name = skip_space (data, length, i + 9);

          if (has_prefix_at (data, length, name, "html") &&
              (name + 4 == length || !is_name_char (data[name + 4])))
            return BODY_HTML;
          end = find_at (data, length, i + 9, ">");
          skip = 1;
        }
      else
        break;

      /* Unterminated: the XML reader will say what is wrong */
      if (end == length)
        return BODY_XML;
      i = skip_space (data, length, end + skip);
    }

  if (i < length && data[i] == '<')
    {
      gsize local = i + 1;
      gsize end = i + 1;

      /* The local name: <h:html> is HTML too */
      while (end < length && is_name_char (data[end]))
        if (data[end++] == ':')
          local = end;
      for (guint k = 0; k < G_N_ELEMENTS (html_elements); k++)
        if (end - local == strlen (html_elements[k]) &&
            g_ascii_strncasecmp (data + local, html_elements[k], end - local) == 0)
          return BODY_HTML;
    }

  return BODY_XML;
}

/* Decodes the character references of HTML text that a title needs: the
 * numeric ones and the basic named ones; others are kept as they are. */
static GString *
html_decode (const char *text,
             gsize       length)
{
  static const struct {
    const char *name;
    const char *text;
  } entities[] = {
    { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
    { "nbsp", " " },
  };
  GString *out = g_string_sized_new (length);
  gsize i = 0;

  while (i < length)
    {
      gsize semi = i + 1;

      if (text[i] == '&')
        while (semi < length && semi - i < 12 && text[semi] != ';')
          semi++;

      if (text[i] == '&' && semi < length && text[semi] == ';')
        {
          const char *name = text + i + 1;
          gsize n = semi - i - 1;
          gboolean decoded = FALSE;

          if (n >= 2 && name[0] == '#')
            {
              gboolean hex = name[1] == 'x' || name[1] == 'X';
              gsize first = hex ? 2 : 1;
              guint32 value = 0;

              decoded = n > first;
              for (gsize k = first; k < n && decoded; k++)
                {
                  int digit = hex ? g_ascii_xdigit_value (name[k]) : g_ascii_digit_value (name[k]);

                  if (digit < 0)
                    decoded = FALSE;
                  else if (value <= 0x10FFFF)
                    value = value * (hex ? 16 : 10) + (guint32) digit;
                }
              if (decoded)
                g_string_append_unichar (out, value != 0 && g_unichar_validate (value)
                                              ? value : 0xFFFD);
            }
          else
            {
              for (guint k = 0; k < G_N_ELEMENTS (entities) && !decoded; k++)
                if (n == strlen (entities[k].name) && strncmp (name, entities[k].name, n) == 0)
                  {
                    g_string_append (out, entities[k].text);
                    decoded = TRUE;
                  }
            }

          if (decoded)
            {
              i = semi + 1;
              continue;
            }
        }

      g_string_append_c (out, text[i]);
      i++;
    }

  return out;
}

/* The first line of a page's <title> as text fit for a message: entities
 * decoded, valid UTF-8, white space collapsed, no control or format characters, cut
 * to TITLE_MAX_CHARS. %NULL when the page has no title, or a blank one. */
static char *
html_title (const char *data,
            gsize       length)
{
  gsize limit = MIN (length, TITLE_SEARCH_BYTES);
  gsize i = 0;
  gsize open;
  gsize close;
  gsize line_end = 0;
  g_autoptr(GString) decoded = NULL;
  g_autofree char *valid = NULL;
  g_autoptr(GString) title = NULL;
  gboolean space = FALSE;
  gboolean cut = FALSE;
  guint chars = 0;

  /* <title>, <title lang="en">, but not <titlebar> */
  for (;;)
    {
      i = find_at (data, limit, i, "<title");
      if (i == limit)
        return NULL;
      i += strlen ("<title");
      if (i < limit && (data[i] == '>' || data[i] == '/' || g_ascii_isspace (data[i])))
        break;
    }
  open = find_at (data, limit, i, ">");
  if (open == limit)
    return NULL;
  open++;
  close = find_at (data, limit, open, "</title");
  close = MIN (close, open + TITLE_MAX_BYTES);

  while (open < close)
    {
      line_end = open;
      while (line_end < close && data[line_end] != '\n' && data[line_end] != '\r')
        line_end++;
      if (!is_blank (data + open, line_end - open))
        break;
      open = line_end + 1;
    }
  if (open >= close)
    return NULL;

  decoded = html_decode (data + open, line_end - open);
  valid = g_utf8_make_valid (decoded->str, (gssize) decoded->len);
  title = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Invisible format characters (bidi overrides) could disguise the text */
      if (g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = title->len > 0;
          continue;
        }
      if (chars + (space ? 1 : 0) >= TITLE_MAX_CHARS)
        {
          cut = TRUE;
          break;
        }
      if (space)
        {
          g_string_append_c (title, ' ');
          chars++;
          space = FALSE;
        }
      g_string_append_unichar (title, c);
      chars++;
    }

  if (title->len == 0)
    return NULL;
  if (cut)
    g_string_append (title, "…");
  return g_string_free (g_steal_pointer (&title), FALSE);
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
      g_autofree char *reason = clean_text (local_error->message, 0);

      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "Malformed JSON response (HTTP %u): %s", status, reason);
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

/* A body that starts like neither JSON nor markup may still be a JSON
 * scalar ("42", "true"): those get the JSON parser's answer. */
static gboolean
is_json_scalar (const char *data,
                gsize       length)
{
  g_autoptr(JsonParser) parser = NULL;

  if (!g_utf8_validate (data, length, NULL) || !json_depth_ok (data, length))
    return FALSE;
  parser = json_parser_new_immutable ();
  return json_parser_load_from_data (parser, data, length, NULL);
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

/* The object member @name, or the first item of an array there */
static JsonObject *
object_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) > 0)
    node = json_array_get_element (json_node_get_array (node), 0);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
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

/* The error code that the headers carry, whatever the body: the query
 * compatible `Code;Fault` first, then the rest-json type */
static char *
header_error_code (SoupMessageHeaders *headers)
{
  const char *value;

  if (headers == NULL)
    return NULL;

  value = soup_message_headers_get_one (headers, "x-amzn-query-error");
  if (value != NULL && value[0] != '\0' && value[0] != ';')
    return g_strndup (value, strcspn (value, ";"));

  value = soup_message_headers_get_one (headers, "x-amzn-ErrorType");
  if (value != NULL && value[0] != '\0')
    return g_strdup (value);

  return NULL;
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

/* The query error shapes, as an emulator converts them to JSON:
 * {"Error": {"Code", "Message"}, "RequestId"}, the same inside
 * "ErrorResponse", or {"Response": {"Errors": {"Error": …}, "RequestID"}}.
 * Returns the object with the code and message, and in @container the one
 * that may hold the request ID. */
static JsonObject *
json_nested_error (JsonObject  *object,
                   JsonObject **container)
{
  JsonObject *inner;
  JsonObject *errors;

  if ((inner = object_object (object, "ErrorResponse")) != NULL ||
      (inner = object_object (object, "Response")) != NULL)
    object = inner;
  *container = object;

  if ((errors = object_object (object, "Errors")) != NULL)
    {
      inner = object_object (errors, "Error");
      return inner != NULL ? inner : errors;
    }
  return object_object (object, "Error");
}

static const char *
json_nested_code (JsonObject *nested)
{
  const char *code;

  if ((code = object_string (nested, "Code")) == NULL &&
      (code = object_string (nested, "code")) == NULL)
    code = object_string (nested, "__type");
  return code;
}

static const char *
json_body_request_id (JsonObject *container)
{
  JsonObject *metadata;
  const char *id;

  if ((id = object_string (container, "RequestId")) != NULL ||
      (id = object_string (container, "RequestID")) != NULL)
    return id;
  metadata = object_object (container, "ResponseMetadata");
  return metadata != NULL ? object_string (metadata, "RequestId") : NULL;
}

/* Whether a 2xx JSON body is only an error document. The flat shape counts
 * when it has few members beside `__type` (botocore's own test); the query
 * shapes when nothing but the error and its request ID is there. */
static gboolean
json_is_error_shape (JsonObject *object)
{
  static const char * const allowed[] = {
    "ErrorResponse", "Response", "Error", "Errors", "RequestId", "RequestID", "ResponseMetadata",
    NULL
  };
  JsonObject *container;
  JsonObject *nested;
  g_autoptr(GList) members = NULL;

  if (object_string (object, "__type") != NULL && json_object_get_size (object) <= 3 &&
      (json_object_get_size (object) == 1 || object_string (object, "message") != NULL ||
       object_string (object, "Message") != NULL))
    return TRUE;

  nested = json_nested_error (object, &container);
  if (nested == NULL || json_nested_code (nested) == NULL)
    return FALSE;

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (((const char *) l->data)[0] != '@' && !g_strv_contains (allowed, l->data))
      return FALSE;
  return TRUE;
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
  JsonObject *nested = NULL;
  JsonObject *container = NULL;

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

  if (object != NULL)
    nested = json_nested_error (object, &container);

  if (code == NULL && object != NULL)
    {
      if (service->protocol != PD_AWS_PROTOCOL_JSON)
        {
          if ((code = object_string (object, "code")) == NULL)
            code = object_string (object, "Code");
        }
      if (code == NULL)
        code = object_string (object, "__type");
      if (code == NULL && nested != NULL)
        code = json_nested_code (nested);
    }

  /* botocore ignores the header for json; other SDKs read it: use it last */
  if (code == NULL && header_type != NULL && header_type[0] != '\0')
    code = header_type;

  if (object != NULL)
    {
      if ((message = object_string (object, "message")) == NULL)
        message = object_string (object, "Message");
      if (message == NULL && nested != NULL &&
          (message = object_string (nested, "Message")) == NULL)
        message = object_string (nested, "message");
    }

  /* As in XML errors, the ID in the body beats the header's */
  if (nested != NULL && json_body_request_id (container) != NULL)
    request_id = json_body_request_id (container);

  return pd_aws_error_new_from_aws (code, message, status, request_id);
}

/* An error response whose body tells nothing: the code comes from the
 * headers if they carry one, else it is the status */
static GError *
error_from_unparsable (guint               status,
                       const char         *what,
                       SoupMessageHeaders *headers,
                       const char         *request_id)
{
  g_autofree char *code = header_error_code (headers);
  g_autofree char *message = g_strdup_printf ("HTTP %u %s", status, what);

  if (code == NULL)
    code = g_strdup_printf ("%u", status);
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
      g_autofree char *name = clean_text (root->name, NAME_MAX_CHARS);

      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "Unexpected XML response: <%s> instead of <%s>", name, response_name);
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

/* ---- query answers that came as JSON ---- */

/* Members that an XML-to-JSON converter adds for attributes ("@xmlns")
 * and for text beside them ("#text") are not elements */
static gboolean
is_element_member (const char *name)
{
  return name[0] != '@' && !g_str_equal (name, "#text");
}

static guint
count_element_members (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  guint n = 0;

  for (GList *l = members; l != NULL; l = l->next)
    if (is_element_member (l->data))
      n++;
  return n;
}

/* The text XML would carry for a JSON scalar; doubles in their shortest
 * exact form (0.1, not 0.10000000000000001) */
static JsonNode *
scalar_text_node (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double value = json_node_get_double (node);

      for (guint i = 0; i < G_N_ELEMENTS (formats) && text == NULL; i++)
        {
          g_ascii_formatd (buf, sizeof buf, formats[i], value);
          if (g_ascii_strtod (buf, NULL) == value ||
              i + 1 == G_N_ELEMENTS (formats))
            text = g_strdup (buf);
        }
    }
  else
    text = scalar_to_string (node);

  return json_node_init_string (json_node_alloc (), text != NULL ? text : "");
}

static JsonNode *query_json_value (JsonNode   *node,
                                   const char *name,
                                   const char *list_names);

/* A map as XML has it, <entry><key/><value/></entry>, converted, or as a
 * JSON object */
static JsonNode *
query_json_map (JsonNode   *node,
                const char *list_names)
{
  g_autoptr(JsonObject) map = json_object_new ();
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *entries = object != NULL ? json_object_get_member (object, "entry") : NULL;
  g_autoptr(GList) members = NULL;

  if (entries == NULL && JSON_NODE_HOLDS_ARRAY (node))
    entries = node;

  if (entries != NULL)
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (entries) ? json_node_get_array (entries) : NULL;
      guint n = array != NULL ? json_array_get_length (array) : 1;

      for (guint i = 0; i < n; i++)
        {
          JsonNode *entry = array != NULL ? json_array_get_element (array, i) : entries;
          JsonNode *key;
          JsonNode *value;

          if (!JSON_NODE_HOLDS_OBJECT (entry))
            continue;
          key = json_object_get_member (json_node_get_object (entry), "key");
          value = json_object_get_member (json_node_get_object (entry), "value");
          if (key != NULL && JSON_NODE_HOLDS_VALUE (key))
            {
              g_autoptr(JsonNode) key_text = scalar_text_node (key);

              json_object_set_member (map, json_node_get_string (key_text),
                                      value != NULL ? query_json_value (value, "value", list_names)
                                                    : json_node_init_null (json_node_alloc ()));
            }
        }
    }
  else if (object != NULL)
    {
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        if (is_element_member (l->data))
          json_object_set_member (map, l->data,
                                  query_json_value (json_object_get_member (object, l->data),
                                                    "value", list_names));
    }

  return json_node_init_object (json_node_alloc (), map);
}

/* Gives a query answer that came as JSON the shape xml_to_json_node() gives
 * the XML one, so that typed calls read both alike: scalars become the text
 * XML would carry, lists become arrays whether they came as arrays or as
 * converted XML ({"member": […]}, one item as an object, none as null),
 * and empty elements become "". @name is the element's, for the list hints
 * of the operation. */
static JsonNode *
query_json_value (JsonNode   *node,
                  const char *name,
                  const char *list_names)
{
  g_autofree char *item_name = NULL;
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  gboolean is_list = spec_find (list_names, name, &item_name);

  /* An element with attributes and text, {"@a": "…", "#text": "…"} */
  if (object != NULL && json_object_has_member (object, "#text") &&
      count_element_members (object) == 0)
    return query_json_value (json_object_get_member (object, "#text"), name, list_names);

  /* As in XML, children all named `member` make a list */
  if (!is_list && object != NULL && count_element_members (object) == 1 &&
      json_object_has_member (object, "member"))
    is_list = TRUE;

  if (is_list && g_strcmp0 (item_name, "@map") == 0)
    return query_json_map (node, list_names);

  if (is_list)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      const char *item = item_name != NULL ? item_name : "member";

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *items = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (items); i++)
            json_array_add_element (array, query_json_value (json_array_get_element (items, i),
                                                             item, list_names));
        }
      else if (object != NULL)
        {
          g_autoptr(GList) members = json_object_get_members (object);

          /* Every child is an item, as with XML: repeated ones came as an array */
          for (GList *l = members; l != NULL; l = l->next)
            {
              JsonNode *child = json_object_get_member (object, l->data);

              if (!is_element_member (l->data))
                continue;
              if (JSON_NODE_HOLDS_ARRAY (child))
                {
                  JsonArray *items = json_node_get_array (child);

                  for (guint i = 0; i < json_array_get_length (items); i++)
                    json_array_add_element (array,
                                            query_json_value (json_array_get_element (items, i),
                                                              l->data, list_names));
                }
              else
                json_array_add_element (array, query_json_value (child, l->data, list_names));
            }
        }
      else if (JSON_NODE_HOLDS_VALUE (node) &&
               !(json_node_get_value_type (node) == G_TYPE_STRING &&
                 json_node_get_string (node)[0] == '\0'))
        json_array_add_element (array, scalar_text_node (node));

      return json_node_init_array (json_node_alloc (), array);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autoptr(JsonArray) array = json_array_new ();
      JsonArray *items = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (items); i++)
        json_array_add_element (array, query_json_value (json_array_get_element (items, i),
                                                         name, list_names));
      return json_node_init_array (json_node_alloc (), array);
    }

  if (object != NULL && count_element_members (object) > 0)
    {
      g_autoptr(JsonObject) result = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        if (is_element_member (l->data))
          json_object_set_member (result, l->data,
                                  query_json_value (json_object_get_member (object, l->data),
                                                    l->data, list_names));
      return json_node_init_object (json_node_alloc (), result);
    }

  /* null, {} or only attributes: an empty element */
  if (object != NULL || JSON_NODE_HOLDS_NULL (node))
    return json_node_init_string (json_node_alloc (), "");

  return scalar_text_node (node);
}

/**
 * pd_aws_protocol_query_from_json:
 * @node: a query answer, or a part of one, that came as JSON
 * @name: (nullable): the name of the element that @node stands for
 * @list_names: (nullable): element names that are lists (see #PdAwsOperation)
 *
 * Converts a query answer that came as JSON, in JSON's own types or as an
 * XML-to-JSON converter writes XML, into the shape that
 * pd_aws_protocol_xml_to_json() gives the XML answer: text for scalars,
 * arrays for lists, objects for maps and "" for empty elements.
 *
 * Returns: (transfer full): the converted value
 */
JsonNode *
pd_aws_protocol_query_from_json (JsonNode   *node,
                                 const char *name,
                                 const char *list_names)
{
  g_return_val_if_fail (node != NULL, NULL);

  return query_json_value (node, name != NULL ? name : "", list_names);
}

/* A 2xx query answer in JSON: an error shape is that error; otherwise the
 * result, wrapped as the XML is ({"OpResponse": {"OpResult": …}}), as
 * {"OpResult": …}, or bare. */
static JsonNode *
parse_query_json_success (const PdAwsService  *service,
                          const char          *operation,
                          guint                status,
                          SoupMessageHeaders  *headers,
                          const char          *data,
                          gsize                length,
                          const char          *request_id,
                          GError             **error)
{
  const PdAwsOperation *info = pd_aws_operation_lookup (service->name, operation);
  g_autofree char *response_name = g_strconcat (operation, "Response", NULL);
  g_autofree char *result_name = g_strconcat (operation, "Result", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *response;
  JsonNode *result;
  JsonNode *node;
  gboolean bare = FALSE;

  if ((root = parse_json_body (data, length, status, error)) == NULL)
    return NULL;
  object = json_node_get_object (root);

  if (json_is_error_shape (object))
    {
      g_propagate_error (error, error_from_json (service, object, status, headers, request_id));
      return NULL;
    }

  if ((response = json_object_get_member (object, response_name)) != NULL)
    result = JSON_NODE_HOLDS_OBJECT (response)
      ? json_object_get_member (json_node_get_object (response), result_name) : NULL;
  else if ((result = json_object_get_member (object, result_name)) == NULL)
    {
      g_autoptr(GList) members = json_object_get_members (object);
      gboolean single = count_element_members (object) == 1;

      /* One other operation's wrapper is a mix-up, as <OtherResponse> is */
      for (GList *l = members; l != NULL && single; l = l->next)
        if (is_element_member (l->data) && g_str_has_suffix (l->data, "Response") &&
            JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, l->data)))
          {
            g_autofree char *name = clean_text (l->data, NAME_MAX_CHARS);

            g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                         "Unexpected JSON response: “%s” instead of “%s”", name, response_name);
            return NULL;
          }
      result = root;
      bare = TRUE;
    }

  node = result != NULL ? query_json_value (result, result_name,
                                            info != NULL ? info->list_names : NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&node, json_node_unref);
      return empty_object_node ();
    }
  /* The XML answer's metadata sits beside the result, not in it */
  if (bare)
    json_object_remove_member (json_node_get_object (node), "ResponseMetadata");
  return node;
}

/* ---- reading a response by its body ---- */

static void
set_html_error (guint        status,
                const char  *data,
                gsize        length,
                GError     **error)
{
  g_autofree char *title = html_title (data, length);

  if (title != NULL)
    g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                 "Received an HTML page instead of an AWS response (HTTP %u, “%s”); "
                 "a proxy or captive portal may be in the way", status, title);
  else
    g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                 "Received an HTML page instead of an AWS response (HTTP %u); "
                 "a proxy or captive portal may be in the way", status);
}

static void
set_neither_error (guint        status,
                   const char  *data,
                   gsize        length,
                   GError     **error)
{
  if (is_json_scalar (data, length))
    g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                 "JSON response (HTTP %u) is not an object", status);
  else
    g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                 "Received a body that is neither JSON nor XML instead of an AWS response "
                 "(HTTP %u)", status);
}

static JsonNode *
parse_json_success (const PdAwsService  *service,
                    const char          *operation,
                    guint                status,
                    SoupMessageHeaders  *headers,
                    const char          *data,
                    gsize                length,
                    const char          *request_id,
                    GError             **error)
{
  JsonNode *node;
  JsonObject *object;

  if ((node = parse_json_body (data, length, status, error)) == NULL)
    return NULL;

  object = json_node_get_object (node);
  /* A 2xx body that is only an error shape is an error */
  if (json_is_error_shape (object))
    {
      g_propagate_error (error, error_from_json (service, object, status, headers, request_id));
      json_node_unref (node);
      return NULL;
    }

  /* API Gateway's list shapes name their member `items` with the wire name
   * `item`; GetStages' shape alone names it `item` */
  if (g_str_equal (service->name, "apigateway") && !g_str_equal (operation, "GetStages"))
    rename_member (object, "item", "items");

  return node;
}

/* XML where JSON was expected: an AWS error document is that error */
static void
set_xml_instead_of_json_error (guint         status,
                               const char   *data,
                               gsize         length,
                               const char   *request_id,
                               GError      **error)
{
  XmlNode *root;
  GError *aws_error;

  if ((root = xml_parse (data, length, error)) == NULL)
    return;
  if ((aws_error = error_from_xml (root, status, request_id)) != NULL)
    g_propagate_error (error, aws_error);
  else
    {
      g_autofree char *name = clean_text (root->name, NAME_MAX_CHARS);

      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "Received XML (<%s>) where a JSON response was expected (HTTP %u)",
                   name, status);
    }
  xml_node_free (root);
}

static JsonNode *
parse_success (const PdAwsService  *service,
               const char          *operation,
               guint                status,
               SoupMessageHeaders  *headers,
               BodyKind             kind,
               const char          *data,
               gsize                length,
               const char          *request_id,
               GError             **error)
{
  gboolean query = service->protocol == PD_AWS_PROTOCOL_QUERY;

  switch (kind)
    {
    case BODY_EMPTY:
      if (!query)
        return empty_object_node ();
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "Empty response body where XML was expected (HTTP %u)", status);
      return NULL;

    case BODY_HTML:
      set_html_error (status, data, length, error);
      return NULL;

    case BODY_XML:
      if (query)
        return parse_query_success (service, operation, status, data, length, request_id,
                                    error);
      set_xml_instead_of_json_error (status, data, length, request_id, error);
      return NULL;

    case BODY_JSON:
      if (query)
        return parse_query_json_success (service, operation, status, headers, data, length,
                                         request_id, error);
      return parse_json_success (service, operation, status, headers, data, length,
                                 request_id, error);

    case BODY_OTHER:
      set_neither_error (status, data, length, error);
      return NULL;

    default:
      g_assert_not_reached ();
    }
}

static GError *
error_from_response (const PdAwsService *service,
                     guint               status,
                     SoupMessageHeaders *headers,
                     BodyKind            kind,
                     const char         *data,
                     gsize               length,
                     const char         *request_id)
{
  switch (kind)
    {
    case BODY_EMPTY:
      return error_from_unparsable (status, "with an empty body", headers, request_id);

    case BODY_HTML:
      {
        g_autofree char *title = html_title (data, length);
        g_autofree char *what = title != NULL
          ? g_strdup_printf ("with an HTML page, “%s” (from a proxy?)", title)
          : g_strdup ("with an HTML page (from a proxy?)");

        return error_from_unparsable (status, what, headers, request_id);
      }

    case BODY_XML:
      {
        XmlNode *root = xml_parse (data, length, NULL);
        GError *aws_error = NULL;

        if (root != NULL)
          {
            aws_error = error_from_xml (root, status, request_id);
            xml_node_free (root);
          }
        if (aws_error == NULL)
          aws_error = error_from_unparsable (status, "with an unreadable XML error body",
                                             headers, request_id);
        return aws_error;
      }

    case BODY_JSON:
      {
        g_autoptr(JsonNode) node = parse_json_body (data, length, status, NULL);

        if (node == NULL)
          return error_from_unparsable (status, "with an unreadable JSON error body", headers,
                                        request_id);
        return error_from_json (service, json_node_get_object (node), status, headers,
                                request_id);
      }

    case BODY_OTHER:
      return error_from_unparsable (status, "with a body that is neither JSON nor XML", headers,
                                    request_id);

    default:
      g_assert_not_reached ();
    }
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
 * Parses a response by the service's protocol and by what the body is,
 * never by its Content-Type: a JSON body is read as JSON and an XML one as
 * XML whatever their label, and only a body that is an HTML page is taken
 * for one. A JSON object comes back for every protocol (query results are
 * converted from XML, or from JSON to the same shape). Error responses
 * become %PD_AWS_ERROR errors with the normalized AWS code, the message,
 * the HTTP status and the request ID, from JSON or XML error documents
 * alike; bodies that cannot be read (HTML pages, malformed JSON or XML,
 * invalid UTF-8, other text) give %PD_AWS_ERROR_PARSE on success statuses
 * and an error whose code is the status on others.
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
  const char *data = "";
  gsize length = 0;
  gsize start = 0;
  BodyKind kind;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (operation != NULL, NULL);

  if (body != NULL)
    {
      data = g_bytes_get_data (body, &length);
      if (data == NULL)
        data = "";
    }

  kind = sniff_body (data, length, &start);
  data += start;
  length -= start;

  if (status >= 200 && status < 300)
    return parse_success (service, operation, status, headers, kind, data, length, request_id,
                          error);

  g_propagate_error (error, error_from_response (service, status, headers, kind, data, length,
                                                 request_id));
  return NULL;
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
