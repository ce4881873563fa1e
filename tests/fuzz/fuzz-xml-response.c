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
 * byte 2 the headers (and bit 2, map hints for the converter); the rest is
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

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

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
  guint status;
  guint pick;
  guint8 flags;

  if (size < 3)
    return 0;

  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  pick = data[1] % G_N_ELEMENTS (calls);
  service = pd_aws_service_lookup (calls[pick].service);
  info = pd_aws_operation_lookup (calls[pick].service, calls[pick].operation);

  flags = data[2];
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (data[2] & 1)
    soup_message_headers_append (headers, "x-amzn-RequestId", "fuzz-request");
  if (data[2] & 2)
    soup_message_headers_append (headers, "Content-Type", "text/html");
  data += 3;
  size -= 3;
  if (size == 0)
    return 0;

  body = g_bytes_new (data, size);
  result = pd_aws_protocol_parse_response (service, calls[pick].operation, status, headers, body,
                                           &error);
  if (result == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PD_AWS_ERROR);
      g_assert_true (error->message != NULL && error->message[0] != '\0');
      if (status >= 300)
        g_assert_nonnull (pd_aws_error_get_aws_code (error));
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
