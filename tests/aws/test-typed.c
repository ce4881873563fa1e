/* test-typed.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "pd-aws-codepipeline.h"
#include "pd-aws-error.h"
#include "pd-aws-sts.h"
#include "pd-test-aws-server.h"
#include "pd-test-utils.h"

/* The shared typed-call helper, through the CodePipeline calls that use it,
 * against a scripted loopback server: what the wire carries and how the
 * answers and their faults come back. */

#define KEY_ID "AKIDTYPEDTEST"
#define SECRET "typed-test-secret"

typedef struct
{
  PdTestServer *server;
  PdAwsClient  *client;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->server = pd_test_server_new ();
  fixture->client = pd_test_server_new_client (fixture->server, KEY_ID, SECRET);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  pd_test_server_free (fixture->server);
}

static void
reply (Fixture    *fixture,
       guint       status,
       const char *body)
{
  PdTestResponse response = {
    PD_TEST_REPLY, status, body, { "Content-Type", "application/x-amz-json-1.1", NULL }
  };

  pd_test_server_push (fixture->server, &response);
}

static void
reply_labelled (Fixture    *fixture,
                guint       status,
                const char *content_type,
                const char *body)
{
  PdTestResponse response = { PD_TEST_REPLY, status, body, { "Content-Type", content_type, NULL } };

  pd_test_server_push (fixture->server, &response);
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
await (GAsyncResult **result)
{
  g_assert_true (pd_test_wait_until (has_result, result, 20000));
  return *result;
}

/* The request body of request @index, parsed */
static JsonObject *
request_object (Fixture *fixture,
                guint    index)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GBytes *body = pd_test_server_get_request (fixture->server, index)->body;
  gsize size;
  const char *text = g_bytes_get_data (body, &size);

  g_assert_true (json_parser_load_from_data (parser, text, size, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
start_execution (Fixture  *fixture,
                 GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_aws_codepipeline_start_pipeline_execution_async (fixture->client, "web", NULL, NULL, NULL,
                                                      on_result_cb, &result);
  return pd_aws_codepipeline_start_pipeline_execution_finish (fixture->client, await (&result),
                                                              error);
}

/* A parse error always starts with the operation, once, whether or not the
 * parser named it; service errors pass through unchanged. */
static void
test_parse_error_names_operation (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) retried = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  PdAwsPipelineDeclaration *pipeline;

  reply (fixture, 200, "{\"pipelineExecutionId\": 42}");
  id = start_execution (fixture, &error);
  g_assert_null (id);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "StartPipelineExecution: "));
  g_assert_nonnull (strstr (error->message, "“pipelineExecutionId” is a number"));
  g_clear_error (&error);

  reply (fixture, 200, "{}");
  pd_aws_codepipeline_retry_stage_execution_async (fixture->client, "web", "Build", "exec-1",
                                                   PD_AWS_RETRY_MODE_FAILED_ACTIONS, NULL,
                                                   on_result_cb, &retried);
  id = pd_aws_codepipeline_retry_stage_execution_finish (fixture->client, await (&retried),
                                                         &error);
  g_assert_null (id);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "RetryStageExecution: "));
  g_assert_nonnull (strstr (error->message, "pipelineExecutionId"));
  g_clear_error (&error);

  /* The GetPipeline parser names its operation itself: not twice */
  reply (fixture, 200, "{\"pipeline\": {\"name\": \"web\", \"stages\": 3}}");
  pd_aws_codepipeline_get_pipeline_async (fixture->client, "web", NULL, on_result_cb, &result);
  pipeline = pd_aws_codepipeline_get_pipeline_finish (fixture->client, await (&result), &error);
  g_assert_null (pipeline);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "GetPipeline: "));
  g_assert_null (strstr (error->message, "GetPipeline: GetPipeline"));
  g_assert_nonnull (strstr (error->message, "pipeline.stages"));
  g_clear_error (&error);

  /* A service error is not a parse error and keeps its own message */
  reply (fixture, 400, "{\"__type\": \"PipelineNotFoundException\", "
                       "\"message\": \"no pipeline web\"}");
  id = start_execution (fixture, &error);
  g_assert_null (id);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  g_assert_false (g_str_has_prefix (error->message, "StartPipelineExecution: "));
  g_assert_nonnull (strstr (error->message, "no pipeline web"));

  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 4);
}

/* A typed paged call gathers the pages it is allowed to read, sends each
 * page's token with the next request, and gives back where to go on. */
static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) broken = NULL;
  g_autoptr(GPtrArray) executions = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  PdAwsPipelineExecution *execution;

  reply (fixture, 200, "{\"pipelineExecutionSummaries\": [{\"pipelineExecutionId\": \"e3\", "
                       "\"status\": \"InProgress\"}], \"nextToken\": \"t1\"}");
  reply (fixture, 200, "{\"pipelineExecutionSummaries\": [{\"pipelineExecutionId\": \"e2\", "
                       "\"status\": \"Failed\"}, {\"pipelineExecutionId\": \"e1\"}], "
                       "\"nextToken\": \"t2\"}");
  pd_aws_codepipeline_list_pipeline_executions_async (fixture->client, "web", 2, 2, NULL, NULL,
                                                      on_result_cb, &result);
  executions = pd_aws_codepipeline_list_pipeline_executions_finish (fixture->client,
                                                                    await (&result), &next,
                                                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (executions->len, ==, 3);
  execution = g_ptr_array_index (executions, 0);
  g_assert_cmpstr (execution->pipeline_execution_id, ==, "e3");
  g_assert_cmpint (execution->status, ==, PD_AWS_EXECUTION_STATUS_IN_PROGRESS);
  execution = g_ptr_array_index (executions, 1);
  g_assert_cmpint (execution->status, ==, PD_AWS_EXECUTION_STATUS_FAILED);
  execution = g_ptr_array_index (executions, 2);
  g_assert_cmpstr (execution->pipeline_execution_id, ==, "e1");
  g_assert_cmpstr (next, ==, "t2");

  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 2);
  second = request_object (fixture, 1);
  g_assert_cmpstr (json_object_get_string_member (second, "nextToken"), ==, "t1");
  g_assert_cmpstr (json_object_get_string_member (second, "pipelineName"), ==, "web");
  g_assert_cmpint (json_object_get_int_member (second, "maxResults"), ==, 2);

  /* A fault in a later page fails the whole call, naming the operation */
  reply (fixture, 200, "{\"pipelineExecutionSummaries\": [], \"nextToken\": \"t3\"}");
  reply (fixture, 200, "{\"pipelineExecutionSummaries\": [{\"status\": \"Failed\"}]}");
  pd_aws_codepipeline_list_pipeline_executions_async (fixture->client, "web", 0, 0, "t2", NULL,
                                                      on_result_cb, &broken);
  g_clear_pointer (&executions, g_ptr_array_unref);
  g_clear_pointer (&next, g_free);
  executions = pd_aws_codepipeline_list_pipeline_executions_finish (fixture->client,
                                                                    await (&broken), &next,
                                                                    &error);
  g_assert_null (executions);
  g_assert_null (next);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "ListPipelineExecutions: "));
  g_assert_nonnull (strstr (error->message,
                            "pipelineExecutionSummaries[0].pipelineExecutionId"));
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 4);
}

/* The token of a StartPipelineExecution is made once per logical call: the
 * client's retry of a failed attempt sends the same one. */
static void
test_request_token_once (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  const char *token;

  reply (fixture, 500, "{\"__type\": \"InternalFailure\", \"message\": \"try again\"}");
  reply (fixture, 200, "{\"pipelineExecutionId\": \"exec-7\"}");
  id = start_execution (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "exec-7");
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 2);

  first = request_object (fixture, 0);
  second = request_object (fixture, 1);
  token = json_object_get_string_member (first, "clientRequestToken");
  g_assert_true (g_uuid_string_is_valid (token));
  g_assert_cmpstr (json_object_get_string_member (second, "clientRequestToken"), ==, token);

  /* A new logical call has a token of its own */
  reply (fixture, 200, "{\"pipelineExecutionId\": \"exec-8\"}");
  again = start_execution (fixture, &error);
  g_assert_no_error (error);
  other = request_object (fixture, 2);
  g_assert_cmpstr (json_object_get_string_member (other, "clientRequestToken"), !=, token);
}

/* Local emulators label their JSON as text/html: typed calls read the body
 * by what it is, over real HTTP, and take only a real page for one. */
static void
test_json_labelled_html (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GAsyncResult) portal = NULL;
  g_autoptr(GAsyncResult) who = NULL;
  g_autoptr(GPtrArray) executions = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) blocked = NULL;
  g_autoptr(PdAwsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  PdAwsPipelineExecution *execution;

  reply_labelled (fixture, 200, "text/html; charset=utf-8",
                  "{\"pipelineExecutionSummaries\": [{\"pipelineExecutionId\": \"e1\", "
                  "\"status\": \"Succeeded\"}]}");
  pd_aws_codepipeline_list_pipeline_executions_async (fixture->client, "web", 0, 1, NULL, NULL,
                                                      on_result_cb, &listed);
  executions = pd_aws_codepipeline_list_pipeline_executions_finish (fixture->client,
                                                                    await (&listed), NULL,
                                                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (executions->len, ==, 1);
  execution = g_ptr_array_index (executions, 0);
  g_assert_cmpstr (execution->pipeline_execution_id, ==, "e1");
  g_assert_cmpint (execution->status, ==, PD_AWS_EXECUTION_STATUS_SUCCEEDED);

  /* A query service answering JSON, labelled as a page too */
  reply_labelled (fixture, 200, "text/html; charset=utf-8",
                  "{\"GetCallerIdentityResponse\": {\"GetCallerIdentityResult\": "
                  "{\"Arn\": \"arn:aws:iam::123456789012:user/dev\", \"UserId\": \"AIDAEXAMPLE\", "
                  "\"Account\": \"123456789012\"}, "
                  "\"ResponseMetadata\": {\"RequestId\": \"r-1\"}}}");
  pd_aws_sts_get_caller_identity_async (fixture->client, NULL, on_result_cb, &who);
  identity = pd_aws_sts_get_caller_identity_finish (fixture->client, await (&who), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->account, ==, "123456789012");
  g_assert_cmpstr (identity->arn, ==, "arn:aws:iam::123456789012:user/dev");
  g_assert_cmpstr (identity->user_id, ==, "AIDAEXAMPLE");

  /* Its errors keep their code and message */
  reply_labelled (fixture, 400, "text/html; charset=utf-8",
                  "{\"__type\": \"PipelineNotFoundException\", \"message\": \"no pipeline web\"}");
  pd_aws_codepipeline_list_pipeline_executions_async (fixture->client, "web", 0, 1, NULL, NULL,
                                                      on_result_cb, &refused);
  none = pd_aws_codepipeline_list_pipeline_executions_finish (fixture->client, await (&refused),
                                                              NULL, &error);
  g_assert_null (none);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "PipelineNotFoundException");
  g_assert_nonnull (strstr (error->message, "no pipeline web"));
  g_clear_error (&error);

  /* A captive portal's page, whatever its label, is a page */
  reply_labelled (fixture, 200, "application/x-amz-json-1.1",
                  "<!DOCTYPE html>\n<html><head><title>Hotel Wi-Fi Login</title></head>"
                  "<body><form></form></body></html>");
  pd_aws_codepipeline_list_pipeline_executions_async (fixture->client, "web", 0, 1, NULL, NULL,
                                                      on_result_cb, &portal);
  blocked = pd_aws_codepipeline_list_pipeline_executions_finish (fixture->client, await (&portal),
                                                                 NULL, &error);
  g_assert_null (blocked);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "HTML page instead of an AWS response "
                                            "(HTTP 200, “Hotel Wi-Fi Login”)"));

  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_true (pd_test_server_get_request (fixture->server, i)->signature_ok);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/pd/aws/typed/" path, Fixture, NULL, setup, func, teardown)

  ADD ("parse-error-names-operation", test_parse_error_names_operation);
  ADD ("pages", test_pages);
  ADD ("request-token-once", test_request_token_once);
  ADD ("json-labelled-html", test_json_labelled_html);

#undef ADD

  return g_test_run ();
}
