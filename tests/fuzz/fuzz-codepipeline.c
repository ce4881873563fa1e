/* fuzz-codepipeline.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include "pd-aws-codebuild.h"
#include "pd-aws-codepipeline-private.h"
#include "pd-aws-error.h"

/* Input layout: byte 0 picks the typed parser; the rest is the JSON answer.
 * Every parser must either return a value or a PD_AWS_ERROR_PARSE error,
 * never crash, leak or accept half a document. */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_error (gpointer  result,
             GError   *error)
{
  g_assert ((result == NULL) == (error != NULL));
  if (error != NULL)
    g_assert (g_error_matches (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *reply;
  JsonNode *root;

  if (size < 1)
    return 0;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) data + 1, size - 1, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  reply = json_node_get_object (root);

  switch (data[0] % 7)
    {
    case 0:
      {
        g_autoptr(GPtrArray) result = pd_aws_codepipeline_parse_pipelines (reply, &error);
        check_error (result, error);
      }
      break;
    case 1:
      {
        g_autoptr(PdAwsPipelineDeclaration) result = pd_aws_codepipeline_parse_pipeline (reply,
                                                                                         &error);
        check_error (result, error);
      }
      break;
    case 2:
      {
        g_autoptr(PdAwsPipelineState) result = pd_aws_codepipeline_parse_pipeline_state (reply,
                                                                                         &error);
        check_error (result, error);
      }
      break;
    case 3:
      {
        g_autoptr(GPtrArray) result = pd_aws_codepipeline_parse_executions (reply, &error);
        check_error (result, error);
      }
      break;
    case 4:
      {
        g_autoptr(PdAwsPipelineExecution) result = pd_aws_codepipeline_parse_execution (reply,
                                                                                        &error);
        check_error (result, error);
      }
      break;
    case 5:
      {
        g_autoptr(GPtrArray) result = pd_aws_codepipeline_parse_action_executions (reply, &error);
        check_error (result, error);
      }
      break;
    default:
      {
        g_autoptr(GPtrArray) result = pd_aws_codebuild_parse_builds (reply, &error);
        check_error (result, error);
      }
      break;
    }
  return 0;
}
