/* fuzz-json-response.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pd-aws-error.h"
#include "pd-aws-protocol.h"

/* Input layout: byte 0 picks the status, byte 1 the service, byte 2 the
 * headers to add (bit 5: a query service instead, so that JSON reaches the
 * query parser; bits 6-7: a Content-Type label, which the parser must not
 * care about); bytes 3..34 are a header value; the rest is the body. */

static const guint statuses[] = { 200, 200, 201, 204, 400, 403, 404, 409, 429, 500, 502, 503 };
static const char * const services[] = {
  "codepipeline", "codebuild", "logs", "apigateway", "wafv2", "rds-data", "lambda",
  "codecommit", "secretsmanager",
};
static const char * const operations[] = {
  "ListPipelines", "GetLogEvents", "GetRestApis", "ListFunctions", "GetStage",
};
static const struct {
  const char *service;
  const char *operation;
} query_calls[] = {
  { "sts", "GetCallerIdentity" },
  { "rds", "DescribeDBClusters" },
  { "cloudwatch", "GetMetricData" },
};
static const char * const labels[] = {
  "text/html; charset=utf-8", "text/plain", "application/octet-stream",
};

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* json-glib recurses: only shallow documents go to it directly */
static gboolean
is_shallow (const uint8_t *data,
            size_t         size)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (size_t i = 0; i < size; i++)
    {
      if (in_string && data[i] == '\\')
        i++;
      else if (data[i] == '"')
        in_string = !in_string;
      else if (!in_string && (data[i] == '[' || data[i] == '{') && ++depth > 64)
        return FALSE;
      else if (!in_string && (data[i] == ']' || data[i] == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* What the query converter gives holds text, lists, objects and the nulls
 * of map entries without a value: no other JSON types */
static void
assert_query_shape (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    g_assert_true (json_node_get_value_type (node) == G_TYPE_STRING);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        assert_query_shape (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        assert_query_shape (member);
    }
}

static char *
header_value (const uint8_t *data,
              size_t         size)
{
  char *value = g_strndup ((const char *) data, MIN (size, 32));

  /* header values are printable ASCII on the wire */
  for (char *p = value; *p; p++)
    if (*p < 0x20 || *p > 0x7e)
      *p = '_';
  return value;
}

/* The error of a failed status whose body is an HTML page */
static gboolean
is_page_error (const char *message,
               guint       status)
{
  g_autofree char *prefix = g_strdup_printf ("%u: HTTP %u with an HTML page", status, status);

  return g_str_has_prefix (message, prefix);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  const PdAwsService *service;
  const char *operation;
  guint status;
  guint8 flags;

  if (size < 3)
    return 0;

  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  flags = data[2];
  if (flags & 32)
    {
      guint pick = data[1] % G_N_ELEMENTS (query_calls);

      service = pd_aws_service_lookup (query_calls[pick].service);
      operation = query_calls[pick].operation;
    }
  else
    {
      service = pd_aws_service_lookup (services[data[1] % G_N_ELEMENTS (services)]);
      operation = operations[data[1] / G_N_ELEMENTS (services) % G_N_ELEMENTS (operations)];
    }
  data += 3;
  size -= 3;

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  value = header_value (data, size);
  if (size >= 32)
    {
      data += 32;
      size -= 32;
    }
  if (flags & 1)
    soup_message_headers_append (headers, "x-amzn-RequestId", value);
  if (flags & 2)
    soup_message_headers_append (headers, "x-amzn-ErrorType", value);
  if (flags & 4)
    soup_message_headers_append (headers, "x-amzn-query-error", value);
  if (flags & 8)
    soup_message_headers_append (headers, "Content-Type", "text/html");
  if (flags & 16)
    soup_message_headers_append (headers, "Content-Type", value);
  if ((flags >> 6) != 0)
    soup_message_headers_append (headers, "Content-Type", labels[(flags >> 6) - 1]);

  body = g_bytes_new (data, size);
  result = pd_aws_protocol_parse_response (service, operation, status, headers, body, &error);

  /* the query converter on its own, with map and list hints on common names */
  if (is_shallow (data, size))
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (json_parser_load_from_data (parser, (const char *) data, size, NULL) &&
          json_parser_get_root (parser) != NULL)
        {
          g_autoptr(JsonNode) tree = NULL;
          g_autofree char *text = NULL;

          tree = pd_aws_protocol_query_from_json (json_parser_get_root (parser), "R",
                                                  "a:@map Attributes:@map value:@map entry:@map "
                                                  "b c:member member Items:Item");
          assert_query_shape (tree);
          text = json_to_string (tree, FALSE);
          g_assert_true (g_utf8_validate (text, -1, NULL));
        }
    }

  if (result == NULL)
    {
      /* every failure is a clear PD_AWS_ERROR */
      g_assert_nonnull (error);
      g_assert_true (error->domain == PD_AWS_ERROR);
      g_assert_true (error->message != NULL && error->message[0] != '\0');
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      /* the parser's own messages, and page titles in others, are clean text */
      if (error->code == PD_AWS_ERROR_PARSE || is_page_error (error->message, status))
        for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
          g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
      if (status >= 300)
        {
          g_assert_nonnull (pd_aws_error_get_aws_code (error));
          g_assert_cmpuint (pd_aws_error_get_http_status (error), ==, status);
        }
      return 0;
    }

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (result));
  /* a query answer has the XML answer's shape, whether it came as XML or JSON */
  if (service->protocol == PD_AWS_PROTOCOL_QUERY)
    assert_query_shape (result);

  /* what typed calls and pagers do with a result */
  {
    JsonObject *object = json_node_get_object (result);
    const PdAwsOperation *info = pd_aws_operation_lookup (service->name, operation);
    g_autoptr(JsonObject) input = json_object_new ();
    g_autofree char *text = NULL;
    g_autoptr(GError) member_error = NULL;

    if (info != NULL && info->paging != NULL)
      pd_aws_paging_next (info->paging, input, object);
    pd_aws_paging_next (&pd_aws_paging_log_forward, input, object);
    text = pd_aws_json_dup_string (object, "nextToken", FALSE, &member_error);
    pd_aws_json_get_object (object, "pipeline", FALSE, NULL);
  }

  return 0;
}
