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
 * headers to add; bytes 3..34 are a header value; the rest is the body. */

static const guint statuses[] = { 200, 200, 201, 204, 400, 403, 404, 409, 429, 500, 502, 503 };
static const char * const services[] = {
  "codepipeline", "codebuild", "logs", "apigateway", "wafv2", "rds-data", "lambda",
  "codecommit", "secretsmanager",
};
static const char * const operations[] = {
  "ListPipelines", "GetLogEvents", "GetRestApis", "ListFunctions", "GetStage",
};

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

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
  service = pd_aws_service_lookup (services[data[1] % G_N_ELEMENTS (services)]);
  operation = operations[data[1] / G_N_ELEMENTS (services) % G_N_ELEMENTS (operations)];
  flags = data[2];
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

  body = g_bytes_new (data, size);
  result = pd_aws_protocol_parse_response (service, operation, status, headers, body, &error);

  if (result == NULL)
    {
      /* every failure is a clear PD_AWS_ERROR */
      g_assert_nonnull (error);
      g_assert_true (error->domain == PD_AWS_ERROR);
      g_assert_true (error->message != NULL && error->message[0] != '\0');
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (status >= 300)
        {
          g_assert_nonnull (pd_aws_error_get_aws_code (error));
          g_assert_cmpuint (pd_aws_error_get_http_status (error), ==, status);
        }
      return 0;
    }

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (result));

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
