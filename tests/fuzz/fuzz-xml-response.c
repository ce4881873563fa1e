/* fuzz-xml-response.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include "pd-aws-error.h"
#include "pd-aws-protocol.h"

/* Input layout: byte 0 picks the status, byte 1 the service and operation,
 * byte 2 the headers (and bit 2, map hints for the converter; bit 3, a json
 * or rest-json service instead, so that XML reaches their parser; bits 4-5,
 * a Content-Type label, which the parser must not care about); the rest is
 * the body. */

static const guint statuses[] = { 200, 200, 400, 403, 404, 500, 503 };
static const struct {
  const char *service;
  const char *operation;
} calls[] = {
  { "sts", "GetCallerIdentity" },
  { "sts", "AssumeRole" },
  { "rds", "DescribeDBClusters" },
  { "cloudwatch", "GetMetricData" },
  { "cloudwatch", "ListMetrics" },
};
static const struct {
  const char *service;
  const char *operation;
} json_calls[] = {
  { "codepipeline", "ListPipelines" },
  { "logs", "GetLogEvents" },
  { "apigateway", "GetRestApis" },
  { "lambda", "ListFunctions" },
};
static const char * const labels[] = {
  "text/xml", "text/html; charset=utf-8", "application/x-amz-json-1.1",
};

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

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
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) tree_error = NULL;
  g_autofree char *root = NULL;
  const PdAwsOperation *info;
  const PdAwsService *service;
  const char *service_name;
  const char *operation;
  guint status;
  guint pick;
  guint8 flags;

  if (size < 3)
    return 0;

  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  flags = data[2];
  if (flags & 8)
    {
      pick = data[1] % G_N_ELEMENTS (json_calls);
      service_name = json_calls[pick].service;
      operation = json_calls[pick].operation;
    }
  else
    {
      pick = data[1] % G_N_ELEMENTS (calls);
      service_name = calls[pick].service;
      operation = calls[pick].operation;
    }
  service = pd_aws_service_lookup (service_name);
  info = pd_aws_operation_lookup (service_name, operation);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (data[2] & 1)
    soup_message_headers_append (headers, "x-amzn-RequestId", "fuzz-request");
  if (data[2] & 2)
    soup_message_headers_append (headers, "Content-Type", "text/html");
  if (((flags >> 4) & 3) != 0)
    soup_message_headers_append (headers, "Content-Type", labels[((flags >> 4) & 3) - 1]);
  data += 3;
  size -= 3;
  if (size == 0)
    return 0;

  body = g_bytes_new (data, size);
  result = pd_aws_protocol_parse_response (service, operation, status, headers, body, &error);
  if (result == NULL)
    {
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
    }
  else
    {
      g_assert_true (JSON_NODE_HOLDS_OBJECT (result));
      if (info != NULL && info->paging != NULL)
        {
          g_autoptr(JsonObject) input = json_object_new ();

          pd_aws_paging_next (info->paging, input, json_node_get_object (result));
        }
    }

  /* the converter on its own, with the operation's list hints, or with
   * map hints on common element names */
  tree = pd_aws_protocol_xml_to_json ((const char *) data, size,
                                      info != NULL && (flags & 4) == 0
                                      ? info->list_names
                                      : "a:@map Attributes:@map value:@map entry:@map b c:member",
                                      &root, &tree_error);
  g_assert_true ((tree != NULL) != (tree_error != NULL));
  if (tree != NULL)
    {
      g_autofree char *text = json_to_string (tree, FALSE);

      g_assert_nonnull (root);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }

  return 0;
}
