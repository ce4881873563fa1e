/* test-apis.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-api-list.h"
#include "pd-api-poller.h"
#include "pd-api-stage-edit.h"
#include "pd-core-error.h"
#include "pd-test-awscli.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

#define WAIT_MS 20000

typedef struct
{
  PdTestSandbox *sandbox;
  PdApiList     *list;
  PdApi         *todo;
} Fixture;

static void
load (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  pd_api_list_refresh_async (fixture->list, NULL, pd_test_store_result_cb, &result);
  g_assert_true (pd_api_list_refresh_finish (fixture->list,
                                             pd_test_await_result (&result, WAIT_MS), &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->sandbox = pd_test_sandbox_new (1.0, 7, 16);
  fixture->list = pd_api_list_new (fixture->sandbox->client);
  if (data != NULL)
    return;
  load (fixture);
  fixture->todo = pd_api_list_find (fixture->list, "todo-list-aws");
  g_assert_nonnull (fixture->todo);
  pd_test_sandbox_reset_stats (fixture->sandbox);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_object_run_dispose (G_OBJECT (fixture->list));
  g_assert_finalize_object (fixture->list);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
}

static PdApiStage *
stage_of (Fixture    *fixture,
          const char *name)
{
  PdApiStage *stage = pd_api_find_stage (fixture->todo, name);

  g_assert_nonnull (stage);
  return stage;
}

static JsonObject *
aws_get_stage (Fixture    *fixture,
               const char *stage)
{
  const char *args[] = { "apigateway", "get-stage", "--rest-api-id",
                         pd_api_get_id (fixture->todo), "--stage-name", stage, NULL };

  return pd_test_awscli_json (fixture->sandbox->sandbox, args);
}

static void
apply (PdApiStageEdit *edit)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  pd_api_stage_edit_apply_async (edit, NULL, pd_test_store_result_cb, &result);
  g_assert_true (pd_api_stage_edit_apply_finish (edit, pd_test_await_result (&result, WAIT_MS),
                                                 &error));
  g_assert_no_error (error);
}

/* Loading */

static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  const char *names[] = { "billing-api", "pipedeck-webhooks", "status-page-api",
                          "todo-list-aws" };
  g_autoptr(PdApiResource) root = NULL;
  g_autoptr(GObject) health = NULL;
  g_autoptr(GObject) todos = NULL;
  g_autoptr(GObject) get = NULL;
  g_autoptr(GObject) item = NULL;
  g_autofree char *url = NULL;
  g_autofree char *acl = NULL;
  PdApiAuthorizer *authorizer;
  PdApiStage *prod;
  PdApiMethod *method;
  PdApiThrottle *throttle;
  GListModel *children;

  load (fixture);
  fixture->todo = pd_api_list_find (fixture->list, "todo-list-aws");
  g_assert_nonnull (fixture->todo);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(PdApi) api = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      g_assert_cmpstr (pd_api_get_name (api), ==, names[i]);
      g_assert_true (pd_api_get_loaded (api));
      g_assert_cmpuint (g_list_model_get_n_items (pd_api_get_stages (api)), >=, 1);
    }
  g_assert_true (pd_api_list_get_loaded (fixture->list));
  g_assert_false (pd_api_list_get_stale (fixture->list));
  g_assert_true (pd_api_list_find (fixture->list, pd_api_get_id (fixture->todo)) == fixture->todo);
  g_assert_null (pd_api_list_find (fixture->list, "nope"));

  /* One list, then four reads per API, and nothing else */
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 17);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "apigateway.GetResources"), ==, 4);

  g_assert_cmpstr (pd_api_get_endpoint_type (fixture->todo), ==, "REGIONAL");
  g_assert_nonnull (pd_api_get_created (fixture->todo));
  g_assert_true (pd_api_matches (fixture->todo, "TODO"));
  g_assert_true (pd_api_matches (fixture->todo, pd_api_get_id (fixture->todo)));
  g_assert_false (pd_api_matches (fixture->todo, "billing"));

  /* The tree: / holds /health and /todos; /todos holds its methods, then
   * /todos/{id} */
  g_assert_cmpuint (g_list_model_get_n_items (pd_api_get_resource_tree (fixture->todo)), ==, 1);
  root = g_list_model_get_item (pd_api_get_resource_tree (fixture->todo), 0);
  g_assert_cmpstr (pd_api_resource_get_path (root), ==, "/");
  children = pd_api_resource_get_children (root);
  g_assert_cmpuint (g_list_model_get_n_items (children), ==, 2);
  health = g_list_model_get_item (children, 0);
  todos = g_list_model_get_item (children, 1);
  g_assert_cmpstr (pd_api_resource_get_path (PD_API_RESOURCE (health)), ==, "/health");
  g_assert_cmpstr (pd_api_resource_get_path (PD_API_RESOURCE (todos)), ==, "/todos");
  children = pd_api_resource_get_children (PD_API_RESOURCE (todos));
  g_assert_cmpuint (g_list_model_get_n_items (children), ==, 3);
  get = g_list_model_get_item (children, 0);
  item = g_list_model_get_item (children, 2);
  g_assert_true (PD_IS_API_METHOD (get));
  g_assert_cmpstr (pd_api_method_get_http_method (PD_API_METHOD (get)), ==, "GET");
  g_assert_cmpstr (pd_api_resource_get_path (PD_API_RESOURCE (item)), ==, "/todos/{id}");
  g_assert_cmpuint (g_list_model_get_n_items (pd_api_get_resources (fixture->todo)), ==, 4);

  /* Authorizer names come from the authorizers */
  method = pd_api_find_method (fixture->todo, "/todos/{id}", "DELETE");
  g_assert_nonnull (method);
  g_assert_cmpstr (pd_api_method_get_authorization_type (method), ==, "CUSTOM");
  g_assert_cmpstr (pd_api_method_get_authorizer_name (method), ==, "todo-token-authorizer");
  g_assert_false (pd_api_method_get_api_key_required (method));
  method = pd_api_find_method (fixture->todo, "/health", "GET");
  g_assert_cmpstr (pd_api_method_get_authorization_type (method), ==, "NONE");
  g_assert_null (pd_api_method_get_authorizer_name (method));
  g_assert_null (pd_api_find_method (fixture->todo, "/health", "POST"));

  g_assert_cmpuint (g_list_model_get_n_items (pd_api_get_authorizers (fixture->todo)), ==, 2);
  authorizer = pd_api_find_authorizer (fixture->todo,
                                       pd_api_method_get_authorizer_id
                                         (pd_api_find_method (fixture->todo, "/todos", "GET")));
  g_assert_cmpstr (pd_api_authorizer_get_kind (authorizer), ==, "TOKEN");
  g_assert_cmpstr (pd_api_authorizer_get_lambda_arn (authorizer), ==,
                   "arn:aws:lambda:eu-west-1:123456789012:function:authorizer");
  g_assert_cmpint (pd_api_authorizer_get_result_ttl (authorizer), ==, 300);
  g_assert_cmpstr (pd_api_authorizer_get_validation_expression (authorizer), ==,
                   "^Bearer [-0-9a-zA-Z._]+$");

  /* The stage: a local endpoint serves it under its own address */
  prod = stage_of (fixture, "prod");
  url = g_strdup_printf ("%s/restapis/%s/prod/_user_request_",
                         pd_sandbox_get_endpoint (fixture->sandbox->sandbox),
                         pd_api_get_id (fixture->todo));
  g_assert_cmpstr (pd_api_stage_get_invoke_url (prod), ==, url);
  acl = pd_api_stage_dup_web_acl_name (prod);
  g_assert_cmpstr (acl, ==, "todo-list-aws-waf");
  g_assert_null (pd_api_stage_get_web_acl_arn (stage_of (fixture, "staging")));
  g_assert_cmpstr (pd_api_stage_get_logging_level (prod), ==, "ERROR");
  g_assert_true (pd_api_stage_get_metrics (prod));
  g_assert_cmpuint (g_list_model_get_n_items (pd_api_stage_get_throttles (prod)), ==, 2);
  throttle = pd_api_stage_find_throttle (prod, NULL, NULL);
  g_assert_true (pd_api_throttle_get_stage_wide (throttle));
  g_assert_cmpfloat (pd_api_throttle_get_rate (throttle), ==, 500);
  throttle = pd_api_stage_find_throttle (prod, "/todos", "POST");
  g_assert_nonnull (throttle);
  g_assert_cmpint (pd_api_throttle_get_burst (throttle), ==, 200);
}

static void
test_names (void)
{
  g_autofree char *arn = pd_api_lambda_arn_from_uri
    ("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
     "arn:aws:lambda:eu-west-1:1:function:f/invocations");
  g_autofree char *none = pd_api_lambda_arn_from_uri ("https://example.com/functions/x");
  g_autofree char *acl = pd_api_web_acl_name_from_arn
    ("arn:aws:wafv2:eu-west-1:1:regional/webacl/my-acl/0a1b");
  g_autofree char *bad_acl = pd_api_web_acl_name_from_arn ("my-acl");
  g_autofree char *path = NULL;
  g_autofree char *method = NULL;

  g_assert_cmpstr (arn, ==, "arn:aws:lambda:eu-west-1:1:function:f");
  g_assert_null (none);
  g_assert_cmpstr (acl, ==, "my-acl");
  g_assert_null (bad_acl);
  g_assert_true (pd_api_split_setting_key ("todos/{id}/GET", &path, &method));
  g_assert_cmpstr (path, ==, "/todos/{id}");
  g_assert_cmpstr (method, ==, "GET");
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&method, g_free);
  g_assert_true (pd_api_split_setting_key ("/GET", &path, &method));
  g_assert_cmpstr (path, ==, "/");
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&method, g_free);
  g_assert_true (pd_api_split_setting_key ("*/*", &path, &method));
  g_assert_null (path);
  g_assert_false (pd_api_split_setting_key ("nothing", NULL, NULL));
}

/* awscli writes times in ISO 8601 */
static gint64
aws_time (JsonObject *object,
          const char *member)
{
  const char *text = json_object_get_string_member (object, member);
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

/* The model says what awscli says */
static void
test_stage_equals_awscli (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *stages[] = { "staging", "prod" };

  for (guint s = 0; s < G_N_ELEMENTS (stages); s++)
    {
      g_autoptr(JsonObject) aws = aws_get_stage (fixture, stages[s]);
      PdApiStage *stage = stage_of (fixture, stages[s]);
      JsonObject *settings = json_object_get_object_member (aws, "methodSettings");
      JsonObject *variables = json_object_get_object_member (aws, "variables");
      JsonObject *access = json_object_get_object_member (aws, "accessLogSettings");
      g_autoptr(GList) keys = json_object_get_members (settings);
      g_auto(GStrv) names = pd_api_stage_dup_variable_names (stage);

      g_assert_cmpstr (pd_api_stage_get_name (stage), ==,
                       json_object_get_string_member (aws, "stageName"));
      g_assert_cmpstr (pd_api_stage_get_deployment_id (stage), ==,
                       json_object_get_string_member (aws, "deploymentId"));
      {
        const char *deployment_args[] = { "apigateway", "get-deployments", "--rest-api-id",
                                          pd_api_get_id (fixture->todo), NULL };
        g_autoptr(JsonObject) deployments = pd_test_awscli_json (fixture->sandbox->sandbox,
                                                                 deployment_args);
        JsonArray *items = json_object_get_array_member (deployments, "items");
        JsonObject *deployment = NULL;

        for (guint i = 0; i < json_array_get_length (items); i++)
          if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items,
                                                                                         i),
                                                          "id"),
                           pd_api_stage_get_deployment_id (stage)))
            deployment = json_array_get_object_element (items, i);
        g_assert_nonnull (deployment);
        g_assert_nonnull (pd_api_stage_get_deployed (stage));
        g_assert_cmpint (g_date_time_to_unix (pd_api_stage_get_deployed (stage)), ==,
                         aws_time (deployment, "createdDate"));
      }
      g_assert_cmpstr (pd_api_stage_get_description (stage), ==,
                       json_object_get_string_member (aws, "description"));
      g_assert_cmpint (pd_api_stage_get_tracing (stage), ==,
                       json_object_get_boolean_member (aws, "tracingEnabled"));
      g_assert_cmpint (pd_api_stage_get_cache_cluster_enabled (stage), ==,
                       json_object_get_boolean_member (aws, "cacheClusterEnabled"));
      g_assert_cmpstr (pd_api_stage_get_cache_cluster_status (stage), ==,
                       json_object_get_string_member (aws, "cacheClusterStatus"));
      g_assert_cmpstr (pd_api_stage_get_web_acl_arn (stage), ==,
                       json_object_get_string_member_with_default (aws, "webAclArn", NULL));
      g_assert_cmpstr (pd_api_stage_get_access_log_destination (stage), ==,
                       json_object_get_string_member (access, "destinationArn"));
      g_assert_cmpstr (pd_api_stage_get_access_log_format (stage), ==,
                       json_object_get_string_member (access, "format"));
      g_assert_cmpint (g_date_time_to_unix (pd_api_stage_get_created (stage)), ==,
                       aws_time (aws, "createdDate"));
      g_assert_cmpint (g_date_time_to_unix (pd_api_stage_get_last_updated (stage)), ==,
                       aws_time (aws, "lastUpdatedDate"));
      g_assert_cmpuint (g_strv_length (names), ==, json_object_get_size (variables));
      for (guint i = 0; names[i] != NULL; i++)
        g_assert_cmpstr (pd_api_stage_get_variable (stage, names[i]), ==,
                         json_object_get_string_member (variables, names[i]));

      g_assert_cmpuint (g_list_model_get_n_items (pd_api_stage_get_throttles (stage)), ==,
                        g_list_length (keys));
      for (GList *l = keys; l != NULL; l = l->next)
        {
          JsonObject *setting = json_object_get_object_member (settings, l->data);
          g_autofree char *path = NULL;
          g_autofree char *method = NULL;
          PdApiThrottle *throttle;

          g_assert_true (pd_api_split_setting_key (l->data, &path, &method));
          throttle = pd_api_stage_find_throttle (stage, path, method);
          g_assert_nonnull (throttle);
          g_assert_cmpfloat (pd_api_throttle_get_rate (throttle), ==,
                             json_object_get_double_member (setting, "throttlingRateLimit"));
          g_assert_cmpint (pd_api_throttle_get_burst (throttle), ==,
                           json_object_get_int_member (setting, "throttlingBurstLimit"));
          g_assert_cmpstr (pd_api_throttle_get_logging_level (throttle), ==,
                           json_object_get_string_member (setting, "loggingLevel"));
          g_assert_cmpint (pd_api_throttle_get_metrics (throttle), ==,
                           json_object_get_boolean_member (setting, "metricsEnabled"));
        }
      g_assert_cmpstr (pd_api_stage_get_logging_level (stage), ==,
                       json_object_get_string_member (json_object_get_object_member (settings,
                                                                                     "*/*"),
                                                      "loggingLevel"));
    }
}

/* Patch operations */

typedef struct
{
  const char *what;
  const char *path;
  const char *method;
  const char *value;
  const char *op;
  const char *patch_path;
  const char *patch_value;
  const char *description;
  const char *inverse_op;
  const char *inverse_path;
  const char *inverse_value;
} EditCase;

static const EditCase edit_cases[] = {
  { "rate", NULL, NULL, "200", "replace", "/*/*/throttling/rateLimit", "200",
    "Set the stage-wide rate limit from 500 to 200 requests per second",
    "replace", "/*/*/throttling/rateLimit", "500" },
  { "rate", NULL, NULL, "12.5", "replace", "/*/*/throttling/rateLimit", "12.5",
    "Set the stage-wide rate limit from 500 to 12.5 requests per second",
    "replace", "/*/*/throttling/rateLimit", "500" },
  { "rate", NULL, NULL, "10000", "replace", "/*/*/throttling/rateLimit", "10000",
    "Set the stage-wide rate limit from 500 to 10000 requests per second",
    "replace", "/*/*/throttling/rateLimit", "500" },
  { "burst", NULL, NULL, "0", "replace", "/*/*/throttling/burstLimit", "0",
    "Set the stage-wide burst limit from 1000 to 0 requests",
    "replace", "/*/*/throttling/burstLimit", "1000" },
  { "burst", "/todos", "POST", "300", "replace", "/~1todos/POST/throttling/burstLimit", "300",
    "Set the burst limit of POST /todos from 200 to 300 requests",
    "replace", "/~1todos/POST/throttling/burstLimit", "200" },
  { "rate", "/todos/{id}", "GET", "50", "replace", "/~1todos~1{id}/GET/throttling/rateLimit",
    "50", "Set the rate limit of GET /todos/{id} from 500 to 50 requests per second",
    "remove", "/~1todos~1{id}/GET", NULL },
  { "set-variable", NULL, "featureFlag", "on", "add", "/variables/featureFlag", "on",
    "Add the stage variable “featureFlag” with the value “on”",
    "remove", "/variables/featureFlag", NULL },
  { "set-variable", NULL, "logLevel", "https://x.example/a?b=c&d=e#f,g~h:i", "replace",
    "/variables/logLevel", "https://x.example/a?b=c&d=e#f,g~h:i",
    "Change the stage variable “logLevel” from “INFO” to “https://x.example/a?b=c&d=e#f,g~h:i”",
    "replace", "/variables/logLevel", "INFO" },
  { "remove-variable", NULL, "lambdaAlias", NULL, "remove", "/variables/lambdaAlias", NULL,
    "Remove the stage variable “lambdaAlias” (it was “prod”)",
    "add", "/variables/lambdaAlias", "prod" },
  { "logging", NULL, NULL, "INFO", "replace", "/*/*/logging/loglevel", "INFO",
    "Set the logging level from ERROR to INFO", "replace", "/*/*/logging/loglevel", "ERROR" },
  { "tracing", NULL, NULL, "false", "replace", "/tracingEnabled", "false",
    "Turn X-Ray tracing off", "replace", "/tracingEnabled", "true" },
};

static gboolean
edit_set (PdApiStageEdit  *edit,
          const char      *what,
          const char      *path,
          const char      *method,
          const char      *value,
          GError         **error)
{
  if (g_str_equal (what, "rate"))
    return pd_api_stage_edit_set_rate (edit, path, method, value, error);
  if (g_str_equal (what, "burst"))
    return pd_api_stage_edit_set_burst (edit, path, method, value, error);
  if (g_str_equal (what, "set-variable"))
    return pd_api_stage_edit_set_variable (edit, method, value, error);
  if (g_str_equal (what, "remove-variable"))
    return pd_api_stage_edit_remove_variable (edit, method, error);
  if (g_str_equal (what, "logging"))
    return pd_api_stage_edit_set_logging_level (edit, value, error);
  g_assert_cmpstr (what, ==, "tracing");
  pd_api_stage_edit_set_tracing (edit, g_str_equal (value, "true"));
  return TRUE;
}

static void
test_edit_table (Fixture       *fixture,
                 gconstpointer  data)
{
  PdApiStage *prod = stage_of (fixture, "prod");

  for (guint i = 0; i < G_N_ELEMENTS (edit_cases); i++)
    {
      const EditCase *c = &edit_cases[i];
      g_autoptr(PdApiStageEdit) edit = pd_api_stage_edit_new (prod);
      g_autoptr(GPtrArray) operations = NULL;
      g_autoptr(GPtrArray) inverse = NULL;
      g_auto(GStrv) descriptions = NULL;
      PdAwsPatchOperation *operation;
      GError *error = NULL;

      g_assert_true (edit_set (edit, c->what, c->path, c->method, c->value, &error));
      g_assert_no_error (error);
      operations = pd_api_stage_edit_dup_operations (edit);
      inverse = pd_api_stage_edit_dup_inverse_operations (edit);
      descriptions = pd_api_stage_edit_dup_descriptions (edit);
      g_assert_cmpuint (operations->len, ==, 1);
      operation = g_ptr_array_index (operations, 0);
      g_assert_cmpstr (operation->op, ==, c->op);
      g_assert_cmpstr (operation->path, ==, c->patch_path);
      g_assert_cmpstr (operation->value, ==, c->patch_value);
      g_assert_cmpstrv (descriptions, ((const char * const[]) { c->description, NULL }));
      operation = g_ptr_array_index (inverse, 0);
      g_assert_cmpstr (operation->op, ==, c->inverse_op);
      g_assert_cmpstr (operation->path, ==, c->inverse_path);
      g_assert_cmpstr (operation->value, ==, c->inverse_value);
    }
}

static void
test_edit_merges (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PdApiStageEdit) edit = pd_api_stage_edit_new (stage_of (fixture, "prod"));
  g_autoptr(PdApiStageEdit) undo = NULL;
  g_autoptr(PdApiStageEdit) redo = NULL;
  g_autoptr(GPtrArray) inverse = NULL;
  g_autoptr(GPtrArray) operations = NULL;
  g_autoptr(GPtrArray) redo_operations = NULL;
  g_auto(GStrv) undo_descriptions = NULL;
  GError *error = NULL;

  /* The last value of a field wins; its own value again is no change */
  g_assert_true (pd_api_stage_edit_set_rate (edit, NULL, NULL, "100", &error));
  g_assert_true (pd_api_stage_edit_set_rate (edit, NULL, NULL, "200", &error));
  g_assert_cmpuint (pd_api_stage_edit_get_n_changes (edit), ==, 1);
  g_assert_true (pd_api_stage_edit_set_rate (edit, NULL, NULL, "500", &error));
  g_assert_cmpuint (pd_api_stage_edit_get_n_changes (edit), ==, 0);
  pd_api_stage_edit_set_tracing (edit, TRUE);
  g_assert_cmpuint (pd_api_stage_edit_get_n_changes (edit), ==, 0);
  g_assert_true (pd_api_stage_edit_set_variable (edit, "dbCluster", "todo-list-db", &error));
  g_assert_cmpuint (pd_api_stage_edit_get_n_changes (edit), ==, 0);
  g_assert_no_error (error);

  /* A new override of two values is undone by one removal, last first */
  g_assert_true (pd_api_stage_edit_set_rate (edit, NULL, NULL, "250", &error));
  g_assert_true (pd_api_stage_edit_set_rate (edit, "/todos", "GET", "10", &error));
  g_assert_true (pd_api_stage_edit_set_burst (edit, "/todos", "GET", "20", &error));
  g_assert_no_error (error);
  inverse = pd_api_stage_edit_dup_inverse_operations (edit);
  g_assert_cmpuint (inverse->len, ==, 2);
  g_assert_cmpstr (((PdAwsPatchOperation *) g_ptr_array_index (inverse, 0))->op, ==, "remove");
  g_assert_cmpstr (((PdAwsPatchOperation *) g_ptr_array_index (inverse, 0))->path, ==,
                   "/~1todos/GET");
  g_assert_cmpstr (((PdAwsPatchOperation *) g_ptr_array_index (inverse, 1))->path, ==,
                   "/*/*/throttling/rateLimit");

  undo = pd_api_stage_edit_dup_undo (edit);
  undo_descriptions = pd_api_stage_edit_dup_descriptions (undo);
  g_assert_cmpstrv (undo_descriptions, ((const char * const[]) {
    "Remove the throttling override of GET /todos",
    "Set the stage-wide rate limit from 250 to 500 requests per second", NULL }));

  /* The undo of the undo sends what the edit sends, but for the override
   * removal, whose own undo cannot know the values */
  redo = pd_api_stage_edit_dup_undo (undo);
  operations = pd_api_stage_edit_dup_operations (edit);
  redo_operations = pd_api_stage_edit_dup_operations (redo);
  g_assert_cmpuint (redo_operations->len, ==, 2);
  g_assert_cmpstr (((PdAwsPatchOperation *) g_ptr_array_index (redo_operations, 0))->path, ==,
                   "/*/*/throttling/rateLimit");
  g_assert_cmpstr (((PdAwsPatchOperation *) g_ptr_array_index (redo_operations, 0))->value, ==,
                   "250");
}

/* Every bad input is refused with a reason, nothing is recorded and
 * nothing is sent */
static void
test_edit_invalid (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct { const char *what; const char *path; const char *method;
                        const char *value; } bad[] = {
    { "rate", NULL, NULL, "" }, { "rate", NULL, NULL, NULL }, { "rate", NULL, NULL, "-1" },
    { "rate", NULL, NULL, "10000.5" }, { "rate", NULL, NULL, "1e3" },
    { "rate", NULL, NULL, "0x10" }, { "rate", NULL, NULL, "nan" }, { "rate", NULL, NULL, "inf" },
    { "rate", NULL, NULL, "1.2.3" }, { "rate", NULL, NULL, ".5" }, { "rate", NULL, NULL, "5." },
    { "rate", NULL, NULL, "１００" }, { "rate", NULL, NULL, "100 " },
    { "rate", NULL, NULL, "99999999999999999999999" },
    { "burst", NULL, NULL, "5001" }, { "burst", NULL, NULL, "1.5" },
    { "burst", NULL, NULL, "-0" }, { "burst", NULL, NULL, "abc" }, { "burst", NULL, NULL, "" },
    { "burst", NULL, NULL, "99999999999999999999" },
    { "rate", "/nope", "GET", "10" }, { "rate", "/todos", "PATCH", "10" },
    { "rate", "todos", "GET", "10" }, { "burst", "/todos", NULL, "10" },
    { "burst", NULL, "GET", "10" },
    { "set-variable", NULL, "", "x" }, { "set-variable", NULL, "bad-name", "x" },
    { "set-variable", NULL, "a b", "x" }, { "set-variable", NULL, "ñ", "x" },
    { "set-variable", NULL, "x", "" }, { "set-variable", NULL, "x", "a b" },
    { "set-variable", NULL, "x", "quote\"" }, { "set-variable", NULL, "x", "semi;colon" },
    { "set-variable", NULL, "x", "tab\t" }, { "set-variable", NULL, "x", "é" },
    { "remove-variable", NULL, "nope", NULL }, { "remove-variable", NULL, "bad-name", NULL },
    { "logging", NULL, NULL, "DEBUG" }, { "logging", NULL, NULL, "info" },
    { "logging", NULL, NULL, "" },
  };
  g_autoptr(PdApiStageEdit) edit = pd_api_stage_edit_new (stage_of (fixture, "prod"));
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *long_name = g_strnfill (PD_API_MAX_VARIABLE_NAME + 1, 'a');
  g_autofree char *long_value = g_strnfill (PD_API_MAX_VARIABLE_VALUE + 1, 'a');
  g_autofree char *max_name = g_strnfill (PD_API_MAX_VARIABLE_NAME, 'a');
  g_autofree char *max_value = g_strnfill (PD_API_MAX_VARIABLE_VALUE, 'a');
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (edit_set (edit, bad[i].what, bad[i].path, bad[i].method, bad[i].value,
                                &error));
      g_assert_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_clear_error (&error);
    }
  g_assert_false (pd_api_stage_edit_set_variable (edit, long_name, "x", &error));
  g_assert_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pd_api_stage_edit_set_variable (edit, "x", long_value, &error));
  g_assert_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (pd_api_stage_edit_get_n_changes (edit), ==, 0);

  /* An edit with nothing in it sends nothing */
  pd_api_stage_edit_apply_async (edit, NULL, pd_test_store_result_cb, &result);
  g_assert_false (pd_api_stage_edit_apply_finish (edit, pd_test_await_result (&result, WAIT_MS),
                                                  &error));
  g_assert_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 0);

  /* The limits themselves pass */
  g_assert_true (pd_api_stage_edit_set_variable (edit, max_name, max_value, &error));
  g_assert_true (pd_api_stage_edit_set_burst (edit, NULL, NULL, "5000", &error));
  g_assert_true (pd_api_stage_edit_set_rate (edit, NULL, NULL, "0", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pd_api_stage_edit_get_n_changes (edit), ==, 3);
}

/* Read, change one field, write, read back: only that field differs; the
 * undo brings back what awscli first said */
static JsonObject *
deep_copy (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);

  return json_object_ref (json_node_get_object (copy));
}

/* @a and @b are the same but for lastUpdatedDate and, when given, the
 * member @setting_member of methodSettings[@setting_key] (or the whole
 * entry), which must differ */
static void
assert_same_but (JsonObject  *a,
                 JsonObject  *b,
                 const char  *setting_key,
                 const char  *setting_member)
{
  g_autoptr(JsonObject) oa = deep_copy (a);
  g_autoptr(JsonObject) ob = deep_copy (b);
  g_autoptr(JsonNode) na = NULL;
  g_autoptr(JsonNode) nb = NULL;

  json_object_remove_member (oa, "lastUpdatedDate");
  json_object_remove_member (ob, "lastUpdatedDate");
  if (setting_key != NULL)
    {
      JsonObject *sa = json_object_get_object_member (oa, "methodSettings");
      JsonObject *sb = json_object_get_object_member (ob, "methodSettings");
      JsonNode *ma = json_object_get_member (sa, setting_key);
      JsonNode *mb = json_object_get_member (sb, setting_key);

      g_assert_false (ma != NULL && mb != NULL && json_node_equal (ma, mb));
      g_assert_true (ma != NULL || mb != NULL);
      if (setting_member != NULL && ma != NULL && mb != NULL)
        {
          JsonObject *fa = json_node_get_object (ma);
          JsonObject *fb = json_node_get_object (mb);

          g_assert_false (json_node_equal (json_object_get_member (fa, setting_member),
                                           json_object_get_member (fb, setting_member)));
          json_object_remove_member (fa, setting_member);
          json_object_remove_member (fb, setting_member);
        }
      else
        {
          json_object_remove_member (sa, setting_key);
          json_object_remove_member (sb, setting_key);
        }
    }
  na = json_node_init_object (json_node_alloc (), oa);
  nb = json_node_init_object (json_node_alloc (), ob);
  if (!json_node_equal (na, nb))
    {
      g_autofree char *ta = json_to_string (na, TRUE);
      g_autofree char *tb = json_to_string (nb, TRUE);

      g_error ("the stages differ elsewhere:\n%s\n%s", ta, tb);
    }
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  PdApiStage *prod = stage_of (fixture, "prod");
  g_autoptr(JsonObject) before = aws_get_stage (fixture, "prod");
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) undone = NULL;
  g_autoptr(JsonObject) after_new = NULL;
  g_autoptr(JsonObject) undone_new = NULL;
  g_autoptr(PdApiStageEdit) edit = pd_api_stage_edit_new (prod);
  g_autoptr(PdApiStageEdit) undo = NULL;
  g_autoptr(PdApiStageEdit) override = NULL;
  g_autoptr(PdApiStageEdit) undo_override = NULL;
  GError *error = NULL;

  g_assert_true (pd_api_stage_edit_set_rate (edit, NULL, NULL, "321", &error));
  g_assert_no_error (error);
  undo = pd_api_stage_edit_dup_undo (edit);
  pd_test_sandbox_reset_stats (fixture->sandbox);
  apply (edit);
  /* One call, then the stage read again */
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "apigateway.UpdateStage"), ==, 1);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, "apigateway.GetStage"), ==, 1);
  g_assert_cmpfloat (pd_api_throttle_get_rate (pd_api_stage_find_throttle (prod, NULL, NULL)), ==,
                     321);
  after = aws_get_stage (fixture, "prod");
  g_assert_cmpfloat (json_object_get_double_member
                       (json_object_get_object_member
                          (json_object_get_object_member (after, "methodSettings"), "*/*"),
                        "throttlingRateLimit"), ==, 321);
  assert_same_but (before, after, "*/*", "throttlingRateLimit");

  apply (undo);
  undone = aws_get_stage (fixture, "prod");
  assert_same_but (before, undone, NULL, NULL);
  g_assert_cmpfloat (pd_api_throttle_get_rate (pd_api_stage_find_throttle (prod, NULL, NULL)), ==,
                     500);

  /* A new method override, then its removal */
  override = pd_api_stage_edit_new (prod);
  g_assert_true (pd_api_stage_edit_set_rate (override, "/todos/{id}", "PUT", "7", &error));
  g_assert_no_error (error);
  undo_override = pd_api_stage_edit_dup_undo (override);
  apply (override);
  after_new = aws_get_stage (fixture, "prod");
  g_assert_cmpfloat (json_object_get_double_member
                       (json_object_get_object_member
                          (json_object_get_object_member (after_new, "methodSettings"),
                           "todos/{id}/PUT"), "throttlingRateLimit"), ==, 7);
  g_assert_nonnull (pd_api_stage_find_throttle (prod, "/todos/{id}", "PUT"));
  assert_same_but (before, after_new, "todos/{id}/PUT", NULL);
  apply (undo_override);
  undone_new = aws_get_stage (fixture, "prod");
  assert_same_but (before, undone_new, NULL, NULL);
  g_assert_null (pd_api_stage_find_throttle (prod, "/todos/{id}", "PUT"));
}

/* AWS's refusal leaves the stage as it was and says why */
static void
test_apply_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  PdApiStage *prod = stage_of (fixture, "prod");
  g_autoptr(PdApiStageEdit) edit = pd_api_stage_edit_new (prod);
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  g_assert_true (pd_api_stage_edit_set_rate (edit, NULL, NULL, "42", &error));
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "5xx=1.0", &error));
  g_assert_no_error (error);
  pd_api_stage_edit_apply_async (edit, NULL, pd_test_store_result_cb, &result);
  g_assert_false (pd_api_stage_edit_apply_finish (edit, pd_test_await_result (&result, WAIT_MS),
                                                  &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpfloat (pd_api_throttle_get_rate (pd_api_stage_find_throttle (prod, NULL, NULL)), ==,
                     500);
}

/* Refreshes */

static gboolean
list_loaded (gpointer data)
{
  return pd_api_list_get_loaded (data) && !pd_api_list_get_loading (data);
}

static gboolean
list_stale (gpointer data)
{
  return pd_api_list_get_stale (data) && !pd_api_list_get_loading (data);
}

static gboolean
list_fresh (gpointer data)
{
  return !pd_api_list_get_stale (data) && !pd_api_list_get_loading (data);
}

static gboolean
polled_twice (gpointer data)
{
  return pd_test_sandbox_count (data, "apigateway.GetRestApis") >= 2;
}

static void
test_poller (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PdApiPoller) poller = pd_api_poller_new (fixture->list);
  GError *error = NULL;
  guint64 count;
  gint64 until;

  pd_api_poller_set_interval (poller, 50);
  pd_api_poller_set_max_backoff (poller, 200);

  /* Nothing while hidden */
  until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, 0);

  /* Shown: at once, then again and again */
  pd_api_poller_set_active (poller, TRUE);
  g_assert_true (pd_test_wait_until (list_loaded, fixture->list, WAIT_MS));
  g_assert_true (pd_test_wait_until (polled_twice, fixture->sandbox, WAIT_MS));

  /* Failing: the data stays, marked stale, and the wait grows */
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "5xx=1.0", &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (list_stale, fixture->list, WAIT_MS));
  g_assert_nonnull (pd_api_list_get_stale_since (fixture->list));
  g_assert_nonnull (pd_api_list_get_error (fixture->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 4);
  g_assert_cmpuint (pd_api_poller_get_failures (poller), >=, 1);

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox->sandbox, "", &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (list_fresh, fixture->list, WAIT_MS));
  g_assert_null (pd_api_list_get_error (fixture->list));

  /* Hidden again: no more requests once the one in flight is done */
  pd_api_poller_set_active (poller, FALSE);
  g_assert_true (pd_test_wait_until (list_fresh, fixture->list, WAIT_MS));
  count = pd_test_sandbox_count (fixture->sandbox, NULL);
  until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  /* The stats read itself counts as nothing: it is not an AWS request */
  g_assert_cmpuint (pd_test_sandbox_count (fixture->sandbox, NULL), ==, count);

  g_object_run_dispose (G_OBJECT (poller));
}

/* An answer sent before an edit landed does not undo it on screen */
static void
test_refresh_after_edit (Fixture       *fixture,
                         gconstpointer  data)
{
  PdApiStage *prod = stage_of (fixture, "prod");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) edited = NULL;
  PdAwsApiStage *stage;
  GError *error = NULL;

  pd_api_refresh_async (fixture->todo, NULL, pd_test_store_result_cb, &result);
  /* As an edit's answer would come, while the refresh is in flight */
  edited = json_object_new ();
  json_object_set_string_member (edited, "stageName", "prod");
  json_object_set_boolean_member (edited, "tracingEnabled", FALSE);
  stage = pd_aws_apigateway_parse_stage (edited, &error);
  g_assert_no_error (error);
  pd_api_stage_set_data (prod, stage);
  g_assert_true (pd_api_refresh_finish (fixture->todo, pd_test_await_result (&result, WAIT_MS),
                                        &error));
  g_assert_no_error (error);
  g_assert_true (stage_of (fixture, "prod") == prod);
  g_assert_null (pd_api_stage_get_deployment_id (prod));

  /* The next refresh brings AWS's word again */
  g_clear_object (&result);
  pd_api_refresh_async (fixture->todo, NULL, pd_test_store_result_cb, &result);
  g_assert_true (pd_api_refresh_finish (fixture->todo, pd_test_await_result (&result, WAIT_MS),
                                        &error));
  g_assert_no_error (error);
  g_assert_nonnull (pd_api_stage_get_deployment_id (prod));
}

/* A refresh keeps the objects views hold */
static void
test_refresh_keeps_objects (Fixture       *fixture,
                            gconstpointer  data)
{
  PdApiStage *prod = stage_of (fixture, "prod");

  load (fixture);
  g_assert_true (pd_api_list_find (fixture->list, "todo-list-aws") == fixture->todo);
  g_assert_true (stage_of (fixture, "prod") == prod);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/pd/core/apis/load", test_load, GINT_TO_POINTER (1));
  ADD ("/pd/core/apis/stage-equals-awscli", test_stage_equals_awscli, NULL);
  ADD ("/pd/core/apis/refresh-keeps-objects", test_refresh_keeps_objects, NULL);
  ADD ("/pd/core/apis/refresh-after-edit", test_refresh_after_edit, NULL);
  ADD ("/pd/core/apis/edit/table", test_edit_table, NULL);
  ADD ("/pd/core/apis/edit/merges-and-undo", test_edit_merges, NULL);
  ADD ("/pd/core/apis/edit/invalid", test_edit_invalid, NULL);
  ADD ("/pd/core/apis/edit/round-trip", test_round_trip, NULL);
  ADD ("/pd/core/apis/edit/refused", test_apply_refused, NULL);
  ADD ("/pd/core/apis/poller", test_poller, GINT_TO_POINTER (1));
#undef ADD
  g_test_add_func ("/pd/core/apis/names", test_names);

  return g_test_run ();
}
