/* fuzz-apigateway.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include "pd-aws-apigateway-private.h"
#include "pd-aws-error.h"

/* Input layout: byte 0 picks the typed parser; the rest is the JSON answer.
 * Every parser must either return a value or a PD_AWS_ERROR_PARSE error,
 * never crash, leak or accept half a document. */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const operations[] = {
    "GetRestApis", "GetStages", "GetStage", "GetResources", "GetAuthorizers", "GetDeployments",
  };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  GDestroyNotify destroy = NULL;
  gpointer result;
  JsonNode *root;

  if (size < 1)
    return 0;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) data + 1, size - 1, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  result = pd_aws_apigateway_parse (operations[data[0] % G_N_ELEMENTS (operations)],
                                    json_node_get_object (root), &destroy, &error);
  g_assert ((result == NULL) == (error != NULL));
  if (error != NULL)
    g_assert (g_error_matches (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE));
  if (result != NULL)
    destroy (result);
  return 0;
}
