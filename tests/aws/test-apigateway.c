/* test-apigateway.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-apigateway.h"
#include "pd-aws-error.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

#define WAIT_MS 20000

typedef struct
{
  PdTestSandbox *sandbox;
  PdAwsClient   *client;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->sandbox = pd_test_sandbox_new (1.0, 7, 8);
  fixture->client = fixture->sandbox->client;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static GPtrArray *
get_apis (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *apis;
  GError *error = NULL;

  pd_aws_apigateway_get_rest_apis_async (fixture->client, NULL, pd_test_store_result_cb, &result);
  apis = pd_aws_apigateway_get_rest_apis_finish (fixture->client,
                                                 pd_test_await_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
  return apis;
}

static const char *
todo_api_id (Fixture *fixture)
{
  static char id[64];
  g_autoptr(GPtrArray) apis = get_apis (fixture);

  for (guint i = 0; i < apis->len; i++)
    {
      PdAwsRestApi *api = g_ptr_array_index (apis, i);

      if (g_str_equal (api->name, "todo-list-aws"))
        {
          g_strlcpy (id, api->id, sizeof id);
          return id;
        }
    }
  g_assert_not_reached ();
}

static PdAwsApiStage *
get_stage (Fixture    *fixture,
           const char *api_id,
           const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  PdAwsApiStage *stage;
  GError *error = NULL;

  pd_aws_apigateway_get_stage_async (fixture->client, api_id, name, NULL,
                                     pd_test_store_result_cb, &result);
  stage = pd_aws_apigateway_get_stage_finish (fixture->client,
                                              pd_test_await_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
  return stage;
}

static void
test_rest_apis (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) apis = get_apis (fixture);
  PdAwsRestApi *todo = NULL;

  g_assert_cmpuint (apis->len, ==, 4);
  for (guint i = 0; i < apis->len; i++)
    {
      PdAwsRestApi *api = g_ptr_array_index (apis, i);

      g_assert_nonnull (api->id);
      g_assert_nonnull (api->created_date);
      if (g_str_equal (api->name, "todo-list-aws"))
        todo = api;
    }
  g_assert_nonnull (todo);
  g_assert_cmpint (todo->endpoint_type, ==, PD_AWS_API_ENDPOINT_TYPE_REGIONAL);
  g_assert_cmpstr (todo->endpoint_type_raw, ==, "REGIONAL");
  g_assert_cmpstr (todo->api_key_source, ==, "HEADER");
  g_assert_nonnull (todo->root_resource_id);
  g_assert_false (todo->disable_execute_api_endpoint);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "apigateway.GetRestApis"), ==, 1);
}

static void
test_rest_apis_pages (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) apis = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  /* More than one page of the largest size */
  pd_sandbox_add_apis (fixture->sandbox->sandbox, 520);
  apis = get_apis (fixture);
  g_assert_cmpuint (apis->len, ==, 524);
  for (guint i = 0; i < apis->len; i++)
    g_hash_table_add (ids, ((PdAwsRestApi *) g_ptr_array_index (apis, i))->id);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 524);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "apigateway.GetRestApis"), ==, 2);
}

static void
test_stages (Fixture       *fixture,
             gconstpointer  data)
{
  const char *api_id = todo_api_id (fixture);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(PdAwsApiStage) prod = NULL;
  const PdAwsApiMethodSetting *all, *post;
  PdAwsApiStage *listed = NULL;
  GError *error = NULL;

  pd_aws_apigateway_get_stages_async (fixture->client, api_id, NULL, pd_test_store_result_cb,
                                      &result);
  stages = pd_aws_apigateway_get_stages_finish (fixture->client,
                                                pd_test_await_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, 2);
  for (guint i = 0; i < stages->len; i++)
    {
      PdAwsApiStage *stage = g_ptr_array_index (stages, i);

      if (g_str_equal (stage->stage_name, "prod"))
        listed = stage;
    }
  g_assert_nonnull (listed);

  prod = get_stage (fixture, api_id, "prod");
  g_assert_cmpstr (prod->stage_name, ==, "prod");
  g_assert_cmpstr (prod->deployment_id, ==, listed->deployment_id);
  g_assert_nonnull (prod->deployment_id);
  g_assert_true (prod->tracing_enabled);
  g_assert_false (prod->cache_cluster_enabled);
  g_assert_cmpstr (prod->cache_cluster_status, ==, "NOT_AVAILABLE");
  g_assert_cmpstr (g_hash_table_lookup (prod->variables, "dbCluster"), ==, "todo-list-db");
  g_assert_cmpuint (g_hash_table_size (prod->variables), ==, 3);
  g_assert_true (g_str_has_prefix (prod->access_log_destination_arn, "arn:aws:logs:eu-west-1:"));
  g_assert_nonnull (strstr (prod->access_log_format, "$context.requestId"));
  g_assert_true (g_str_has_prefix (prod->web_acl_arn, "arn:aws:wafv2:eu-west-1:"));
  g_assert_false (prod->has_canary);
  g_assert_nonnull (prod->created_date);
  g_assert_nonnull (prod->last_updated_date);

  /* Sorted by key: the stage's defaults, then the method overrides */
  g_assert_cmpuint (prod->method_settings->len, ==, 2);
  all = g_ptr_array_index (prod->method_settings, 0);
  post = g_ptr_array_index (prod->method_settings, 1);
  g_assert_cmpstr (all->key, ==, "*/*");
  g_assert_cmpstr (post->key, ==, "todos/POST");
  g_assert_true (pd_aws_api_stage_find_setting (prod, "todos/POST") == post);
  g_assert_null (pd_aws_api_stage_find_setting (prod, "todos/GET"));
  g_assert_cmpfloat (all->throttling_rate_limit, ==, 500);
  g_assert_cmpint (all->throttling_burst_limit, ==, 1000);
  g_assert_cmpint (all->logging_level, ==, PD_AWS_API_LOGGING_LEVEL_ERROR);
  g_assert_true (all->metrics_enabled);
  g_assert_cmpint (all->cache_ttl_in_seconds, ==, 300);
  g_assert_cmpfloat (post->throttling_rate_limit, ==, 100);
  g_assert_cmpint (post->throttling_burst_limit, ==, 200);
}

static void
test_resources (Fixture       *fixture,
                gconstpointer  data)
{
  const char *api_id = todo_api_id (fixture);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) auth_result = NULL;
  g_autoptr(GPtrArray) resources = NULL;
  g_autoptr(GPtrArray) authorizers = NULL;
  PdAwsApiAuthorizer *token = NULL;
  PdAwsApiResource *todos = NULL, *health = NULL, *root = NULL;
  PdAwsApiMethod *method;
  GError *error = NULL;

  pd_aws_apigateway_get_resources_async (fixture->client, api_id, NULL, pd_test_store_result_cb,
                                         &result);
  resources = pd_aws_apigateway_get_resources_finish (fixture->client,
                                                      pd_test_await_result (&result, WAIT_MS),
                                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (resources->len, ==, 4);
  for (guint i = 0; i < resources->len; i++)
    {
      PdAwsApiResource *resource = g_ptr_array_index (resources, i);

      if (g_str_equal (resource->path, "/"))
        root = resource;
      else if (g_str_equal (resource->path, "/todos"))
        todos = resource;
      else if (g_str_equal (resource->path, "/health"))
        health = resource;
    }
  g_assert_nonnull (root);
  g_assert_null (root->parent_id);
  g_assert_nonnull (todos);
  g_assert_cmpstr (todos->parent_id, ==, root->id);
  g_assert_cmpstr (todos->path_part, ==, "todos");

  /* One call brought every method's details, sorted */
  g_assert_cmpuint (todos->methods->len, ==, 2);
  method = g_ptr_array_index (todos->methods, 0);
  g_assert_cmpstr (method->http_method, ==, "GET");
  g_assert_true (method->embedded);
  g_assert_cmpint (method->authorization_type, ==, PD_AWS_API_AUTHORIZATION_CUSTOM);
  g_assert_nonnull (method->authorizer_id);
  g_assert_false (method->api_key_required);
  g_assert_cmpstr (((PdAwsApiMethod *) g_ptr_array_index (todos->methods, 1))->http_method, ==,
                   "POST");
  g_assert_nonnull (health);
  method = g_ptr_array_index (health->methods, 0);
  g_assert_cmpint (method->authorization_type, ==, PD_AWS_API_AUTHORIZATION_NONE);
  g_assert_null (method->authorizer_id);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "apigateway.GetResources"), ==, 1);

  pd_aws_apigateway_get_authorizers_async (fixture->client, api_id, NULL,
                                           pd_test_store_result_cb, &auth_result);
  authorizers = pd_aws_apigateway_get_authorizers_finish (fixture->client,
                                                          pd_test_await_result (&auth_result,
                                                                                WAIT_MS),
                                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (authorizers->len, ==, 2);
  for (guint i = 0; i < authorizers->len; i++)
    {
      PdAwsApiAuthorizer *authorizer = g_ptr_array_index (authorizers, i);

      if (authorizer->type == PD_AWS_API_AUTHORIZER_TOKEN)
        token = authorizer;
      else
        g_assert_cmpint (authorizer->type, ==, PD_AWS_API_AUTHORIZER_REQUEST);
    }
  g_assert_nonnull (token);
  g_assert_cmpstr (token->id, ==,
                   ((PdAwsApiMethod *) g_ptr_array_index (todos->methods, 0))->authorizer_id);
  g_assert_cmpstr (token->name, ==, "todo-token-authorizer");
  g_assert_cmpstr (token->identity_source, ==, "method.request.header.Authorization");
  g_assert_cmpstr (token->identity_validation_expression, ==, "^Bearer [-0-9a-zA-Z._]+$");
  g_assert_cmpint (token->result_ttl_in_seconds, ==, 300);
  g_assert_true (g_str_has_suffix (token->authorizer_uri, ":function:authorizer/invocations"));
  g_assert_cmpstrv (token->provider_arns, ((const char * const[]) { NULL }));
}

static void
test_deployments (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *api_id = todo_api_id (fixture);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) deployments = NULL;
  g_autoptr(PdAwsApiStage) prod = get_stage (fixture, api_id, "prod");
  PdAwsApiDeployment *last;
  GError *error = NULL;

  pd_aws_apigateway_get_deployments_async (fixture->client, api_id, NULL,
                                           pd_test_store_result_cb, &result);
  deployments = pd_aws_apigateway_get_deployments_finish (fixture->client,
                                                          pd_test_await_result (&result,
                                                                                WAIT_MS),
                                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deployments->len, ==, 3);
  last = g_ptr_array_index (deployments, 2);
  g_assert_cmpstr (last->id, ==, prod->deployment_id);
  g_assert_cmpstr (last->description, ==, "Deployment 3");
  g_assert_nonnull (last->created_date);
  g_assert_cmpint (g_date_time_compare (((PdAwsApiDeployment *) g_ptr_array_index (deployments,
                                                                                   0))
                                          ->created_date, last->created_date), <, 0);
}

static void
test_update_stage (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *api_id = todo_api_id (fixture);
  g_autoptr(GPtrArray) operations = g_ptr_array_new_with_free_func
    ((GDestroyNotify) pd_aws_patch_operation_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) bad_result = NULL;
  g_autoptr(PdAwsApiStage) updated = NULL;
  g_autoptr(PdAwsApiStage) again = NULL;
  g_autoptr(PdAwsApiStage) failed = NULL;
  g_autofree char *escaped = pd_aws_apigateway_escape_path ("/todos/{id}");
  g_autofree char *path = g_strdup_printf ("/%s/GET/throttling/burstLimit", escaped);
  GError *error = NULL;

  g_assert_cmpstr (escaped, ==, "~1todos~1{id}");
  g_ptr_array_add (operations, pd_aws_patch_operation_new ("replace", "/*/*/throttling/rateLimit",
                                                          "250.5"));
  g_ptr_array_add (operations, pd_aws_patch_operation_new ("replace", path, "42"));
  g_ptr_array_add (operations, pd_aws_patch_operation_new ("remove", "/variables/logLevel", NULL));
  pd_aws_apigateway_update_stage_async (fixture->client, api_id, "staging", operations, NULL,
                                        pd_test_store_result_cb, &result);
  updated = pd_aws_apigateway_update_stage_finish (fixture->client,
                                                   pd_test_await_result (&result, WAIT_MS),
                                                   &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (pd_aws_api_stage_find_setting (updated, "*/*")->throttling_rate_limit, ==,
                     250.5);
  g_assert_cmpint (pd_aws_api_stage_find_setting (updated, "todos/{id}/GET")
                   ->throttling_burst_limit, ==, 42);
  g_assert_null (g_hash_table_lookup (updated->variables, "logLevel"));
  again = get_stage (fixture, api_id, "staging");
  g_assert_cmpint (pd_aws_api_stage_find_setting (again, "todos/{id}/GET")
                   ->throttling_burst_limit, ==, 42);

  /* AWS's refusal comes back as it is, and changes nothing */
  g_ptr_array_set_size (operations, 0);
  g_ptr_array_add (operations, pd_aws_patch_operation_new ("replace", "/*/*/throttling/rateLimit",
                                                          "1"));
  g_ptr_array_add (operations, pd_aws_patch_operation_new ("replace", "/*/*/logging/loglevel",
                                                          "LOUD"));
  pd_aws_apigateway_update_stage_async (fixture->client, api_id, "staging", operations, NULL,
                                        pd_test_store_result_cb, &bad_result);
  failed = pd_aws_apigateway_update_stage_finish (fixture->client,
                                                  pd_test_await_result (&bad_result, WAIT_MS),
                                                  &error);
  g_assert_null (failed);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "BadRequestException");
  g_clear_error (&error);
  g_clear_pointer (&again, pd_aws_api_stage_free);
  again = get_stage (fixture, api_id, "staging");
  g_assert_cmpfloat (pd_aws_api_stage_find_setting (again, "*/*")->throttling_rate_limit, ==,
                     250.5);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) stage_result = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(PdAwsApiStage) stage = NULL;
  GError *error = NULL;

  pd_aws_apigateway_get_stages_async (fixture->client, "nope", NULL, pd_test_store_result_cb,
                                      &result);
  stages = pd_aws_apigateway_get_stages_finish (fixture->client,
                                                pd_test_await_result (&result, WAIT_MS), &error);
  g_assert_null (stages);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  pd_aws_apigateway_get_stage_async (fixture->client, todo_api_id (fixture), "qa", NULL,
                                     pd_test_store_result_cb, &stage_result);
  stage = pd_aws_apigateway_get_stage_finish (fixture->client,
                                              pd_test_await_result (&stage_result, WAIT_MS),
                                              &error);
  g_assert_null (stage);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

/* Bad arguments fail before anything is sent */
static void
test_bad_arguments (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GAsyncResult) r4 = NULL;
  GError *error = NULL;

  pd_aws_apigateway_get_stage_async (fixture->client, "", "prod", NULL, pd_test_store_result_cb,
                                     &r1);
  g_assert_null (pd_aws_apigateway_get_stage_finish (fixture->client,
                                                     pd_test_await_result (&r1, WAIT_MS),
                                                     &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  pd_aws_apigateway_get_resources_async (fixture->client, NULL, NULL, pd_test_store_result_cb,
                                         &r2);
  g_assert_null (pd_aws_apigateway_get_resources_finish (fixture->client,
                                                         pd_test_await_result (&r2, WAIT_MS),
                                                         &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  pd_aws_apigateway_update_stage_async (fixture->client, "a1", "prod", none, NULL,
                                        pd_test_store_result_cb, &r3);
  g_assert_null (pd_aws_apigateway_update_stage_finish (fixture->client,
                                                        pd_test_await_result (&r3, WAIT_MS),
                                                        &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  pd_aws_apigateway_update_stage_async (fixture->client, "a1", NULL, none, NULL,
                                        pd_test_store_result_cb, &r4);
  g_assert_null (pd_aws_apigateway_update_stage_finish (fixture->client,
                                                        pd_test_await_result (&r4, WAIT_MS),
                                                        &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 0);
}

static JsonObject *
object_from (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_strict_parsing (void)
{
  static const struct { const char *json; const char *member; } bad[] = {
    { "{}", "stageName" },
    { "{\"stageName\":5}", "stageName" },
    { "{\"stageName\":\"p\",\"tracingEnabled\":\"yes\"}", "tracingEnabled" },
    { "{\"stageName\":\"p\",\"variables\":{\"a\":1}}", "variables.a" },
    { "{\"stageName\":\"p\",\"methodSettings\":{\"*/*\":3}}", "methodSettings.*/*" },
    { "{\"stageName\":\"p\",\"methodSettings\":{\"*/*\":{\"throttlingRateLimit\":\"x\"}}}",
      "methodSettings.*/*.throttlingRateLimit" },
    { "{\"stageName\":\"p\",\"methodSettings\":{\"*/*\":{\"throttlingBurstLimit\":1.5}}}",
      "methodSettings.*/*.throttlingBurstLimit" },
    { "{\"stageName\":\"p\",\"canarySettings\":{\"percentTraffic\":true}}",
      "canarySettings.percentTraffic" },
    { "{\"stageName\":\"p\",\"createdDate\":-5}", "createdDate" },
  };
  g_autoptr(JsonObject) good = NULL;
  g_autoptr(PdAwsApiStage) stage = NULL;
  const PdAwsApiMethodSetting *setting;
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = object_from (bad[i].json);
      g_autoptr(PdAwsApiStage) parsed = pd_aws_apigateway_parse_stage (object, &error);

      g_assert_null (parsed);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
      if (strstr (error->message, bad[i].member) == NULL)
        g_error ("“%s” does not name %s", error->message, bad[i].member);
      g_clear_error (&error);
    }

  /* Values AWS may add later are kept as sent */
  good = object_from ("{\"stageName\":\"p\",\"methodSettings\":{\"*/*\":{\"loggingLevel\":"
                      "\"DEBUG\",\"throttlingRateLimit\":7}},\"canarySettings\":"
                      "{\"percentTraffic\":12.5,\"deploymentId\":\"d2\","
                      "\"stageVariableOverrides\":{\"v\":\"x\"}},\"extra\":1}");
  stage = pd_aws_apigateway_parse_stage (good, &error);
  g_assert_no_error (error);
  setting = pd_aws_api_stage_find_setting (stage, "*/*");
  g_assert_cmpint (setting->logging_level, ==, PD_AWS_API_LOGGING_LEVEL_UNKNOWN);
  g_assert_cmpstr (setting->logging_level_raw, ==, "DEBUG");
  g_assert_cmpfloat (setting->throttling_rate_limit, ==, 7);
  g_assert_cmpint (setting->throttling_burst_limit, ==, -1);
  g_assert_true (stage->has_canary);
  g_assert_cmpfloat (stage->canary_percent_traffic, ==, 12.5);
  g_assert_cmpstr (stage->canary_deployment_id, ==, "d2");
  g_assert_cmpstr (g_hash_table_lookup (stage->canary_variables, "v"), ==, "x");
  g_assert_cmpuint (g_hash_table_size (stage->variables), ==, 0);
}

static void
test_names (void)
{
  g_autofree char *arn = pd_aws_apigateway_dup_stage_arn ("eu-west-1", "a1b2", "prod");
  g_autofree char *tilde = pd_aws_apigateway_escape_path ("/a~b/c");
  g_autofree char *root = pd_aws_apigateway_escape_path ("/");

  g_assert_cmpstr (arn, ==, "arn:aws:apigateway:eu-west-1::/restapis/a1b2/stages/prod");
  g_assert_cmpstr (tilde, ==, "~1a~0b~1c");
  g_assert_cmpstr (root, ==, "~1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/pd/aws/apigateway/rest-apis", test_rest_apis);
  ADD ("/pd/aws/apigateway/rest-apis/pages", test_rest_apis_pages);
  ADD ("/pd/aws/apigateway/stages", test_stages);
  ADD ("/pd/aws/apigateway/resources-authorizers", test_resources);
  ADD ("/pd/aws/apigateway/deployments", test_deployments);
  ADD ("/pd/aws/apigateway/update-stage", test_update_stage);
  ADD ("/pd/aws/apigateway/not-found", test_not_found);
  ADD ("/pd/aws/apigateway/bad-arguments", test_bad_arguments);
#undef ADD
  g_test_add_func ("/pd/aws/apigateway/strict-parsing", test_strict_parsing);
  g_test_add_func ("/pd/aws/apigateway/names", test_names);

  return g_test_run ();
}
