/* test-client.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-client.h"
#include "pd-aws-error.h"
#include "pd-test-aws-server.h"
#include "pd-test-utils.h"

#define TEST_KEY_ID "AKIDTESTCLIENT"
#define TEST_SECRET "test-secret-client-0123456789"

/* ---- a provider that counts its loads ---- */

#define TEST_TYPE_PROVIDER (test_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestProvider, test_provider, TEST, PROVIDER, GObject)

struct _TestProvider
{
  GObject  parent_instance;
  guint    loads;
  guint    forced;
};

static void test_provider_iface_init (PdAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestProvider, test_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_AWS_TYPE_CREDENTIALS_PROVIDER,
                                                      test_provider_iface_init))

static void
test_provider_load_async (PdAwsCredentialsProvider *provider,
                          gboolean                  force_refresh,
                          GCancellable             *cancellable,
                          GAsyncReadyCallback       callback,
                          gpointer                  user_data)
{
  TestProvider *self = TEST_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key_id = NULL;

  self->loads++;
  if (force_refresh)
    self->forced++;
  key_id = g_strdup_printf ("AKIDLOAD%u", self->loads);
  g_task_return_pointer (task, pd_aws_credentials_new (key_id, TEST_SECRET, NULL, NULL, "test"),
                         (GDestroyNotify) pd_aws_credentials_unref);
}

static PdAwsCredentials *
test_provider_load_finish (PdAwsCredentialsProvider  *provider,
                           GAsyncResult              *result,
                           GError                   **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_provider_iface_init (PdAwsCredentialsProviderInterface *iface)
{
  iface->load_async = test_provider_load_async;
  iface->load_finish = test_provider_load_finish;
}

static void
test_provider_class_init (TestProviderClass *klass)
{
}

static void
test_provider_init (TestProvider *self)
{
}

/* ---- fixture ---- */

typedef struct
{
  PdTestServer *server;
  TestProvider *provider;
  PdAwsClient  *client;
  double        random_value;
  GArray       *delays;
  guint         sleep_ms;
} Fixture;

static double
random_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->random_value;
}

static guint
sleep_cb (guint    delay_ms,
          gpointer user_data)
{
  Fixture *fixture = user_data;

  g_array_append_val (fixture->delays, delay_ms);
  return fixture->sleep_ms;
}

static PdAwsClient *
make_client (Fixture    *fixture,
             const char *url,
             guint       conns_per_host)
{
  PdAwsClient *client;

  client = g_object_new (PD_AWS_TYPE_CLIENT,
                         "credentials-provider", fixture->provider,
                         "region", "eu-west-1",
                         "endpoint-override", url,
                         "max-connections-per-host", conns_per_host,
                         NULL);
  pd_aws_client_set_retry_hooks (client, random_cb, sleep_cb, fixture);
  return client;
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->server = pd_test_server_new ();
  fixture->provider = g_object_new (TEST_TYPE_PROVIDER, NULL);
  fixture->delays = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture->random_value = 0.5;
  for (guint i = 1; i < 100; i++)
    {
      g_autofree char *key_id = g_strdup_printf ("AKIDLOAD%u", i);

      pd_test_server_add_key (fixture->server, key_id, TEST_SECRET);
    }
  fixture->client = make_client (fixture, pd_test_server_get_url (fixture->server), 6);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->provider);
  pd_test_server_free (fixture->server);
  g_array_unref (fixture->delays);
}

typedef struct
{
  gboolean  done;
  JsonNode *result;
  GError   *error;
} Call;

static void
on_call_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Call *call = user_data;

  call->result = pd_aws_client_call_finish (PD_AWS_CLIENT (object), result, &call->error);
  call->done = TRUE;
}

static void
start_call (PdAwsClient  *client,
            const char   *service,
            const char   *operation,
            const char   *input_json,
            GCancellable *cancellable,
            Call         *call)
{
  g_autoptr(JsonNode) input = input_json != NULL ? json_from_string (input_json, NULL) : NULL;

  pd_aws_client_call_async (client, service, operation,
                            input != NULL ? json_node_get_object (input) : NULL,
                            cancellable, on_call_done_cb, call);
}

static JsonNode *
call_sync (PdAwsClient  *client,
           const char   *service,
           const char   *operation,
           const char   *input_json,
           GError      **error)
{
  Call call = { FALSE, NULL, NULL };

  start_call (client, service, operation, input_json, NULL, &call);
  pd_test_wait_for_flag (&call.done, 20000);
  if (call.error != NULL)
    g_propagate_error (error, call.error);
  return call.result;
}

static const char *
req_header (PdTestServer *server,
            guint         index,
            const char   *name)
{
  return soup_message_headers_get_one (pd_test_server_get_request (server, index)->headers, name);
}

static char *
req_body (PdTestServer *server,
          guint         index)
{
  GBytes *body = pd_test_server_get_request (server, index)->body;

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
push (Fixture    *fixture,
      guint       status,
      const char *body)
{
  PdTestResponse response = { PD_TEST_REPLY, status, body, { NULL } };

  pd_test_server_push (fixture->server, &response);
}

/* ---- tests ---- */

static void
test_new_destroy (void)
{
  g_autoptr(PdAwsCredentials) credentials = pd_aws_credentials_new ("a", "b", NULL, NULL, NULL);
  PdAwsCredentialsProvider *provider = pd_aws_static_credentials_provider_new (credentials);
  PdAwsClient *client = pd_aws_client_new (provider, "eu-west-1", NULL);

  g_assert_cmpstr (pd_aws_client_get_region (client), ==, "eu-west-1");
  g_assert_null (pd_aws_client_get_endpoint_override (client));
  g_assert_true (pd_aws_client_get_credentials_provider (client) == provider);
  g_assert_cmpuint (pd_aws_client_get_max_response_size (client), ==, 64 * 1024 * 1024);
  g_assert_cmpuint (pd_aws_client_get_max_attempts (client), ==, 3);
  g_assert_cmpuint (pd_aws_client_get_retry_quota (client), ==, 500);
  g_assert_cmpint (pd_aws_client_get_clock_offset (client), ==, 0);
  g_assert_finalize_object (client);
  g_assert_finalize_object (provider);
}

static void
test_json_call (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *body = NULL;
  g_autofree char *json = NULL;
  PdTestRequest *request;

  push (fixture, 200, "{\"pipelines\":[{\"name\":\"todo-list-aws\",\"version\":3}]}");
  result = call_sync (fixture->client, "codepipeline", "ListPipelines", NULL, &error);
  g_assert_no_error (error);
  json = json_to_string (result, FALSE);
  g_assert_cmpstr (json, ==, "{\"pipelines\":[{\"name\":\"todo-list-aws\",\"version\":3}]}");

  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 1);
  request = pd_test_server_get_request (fixture->server, 0);
  body = req_body (fixture->server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/");
  g_assert_cmpstr (body, ==, "{}");
  g_assert_true (request->signature_checked);
  g_assert_true (request->signature_ok);
  g_assert_cmpstr (request->access_key_id, ==, "AKIDLOAD1");
  g_assert_cmpstr (req_header (fixture->server, 0, "X-Amz-Target"), ==,
                   "CodePipeline_20150709.ListPipelines");
  g_assert_cmpstr (req_header (fixture->server, 0, "Content-Type"), ==,
                   "application/x-amz-json-1.1");
  g_assert_cmpstr (req_header (fixture->server, 0, "User-Agent"), ==, "Pipedeck/" PACKAGE_VERSION);
  g_assert_cmpstr (req_header (fixture->server, 0, "amz-sdk-request"), ==, "attempt=1; max=3");
  g_assert_true (g_uuid_string_is_valid (req_header (fixture->server, 0, "amz-sdk-invocation-id")));
  g_assert_nonnull (req_header (fixture->server, 0, "X-Amz-Date"));
  /* a first-try success refunds one token to a full quota: it stays full */
  g_assert_cmpuint (pd_aws_client_get_retry_quota (fixture->client), ==, 500);
}

static void
test_rest_json_call (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(PdAwsClient) based = NULL;
  g_autofree char *base_url = NULL;
  PdTestRequest *request;

  push (fixture, 200, "{\"stageName\":\"prod v2\",\"tracingEnabled\":false}");
  result = call_sync (fixture->client, "apigateway", "GetStage",
                      "{\"restApiId\":\"a1\",\"stageName\":\"prod v2\"}", &error);
  g_assert_no_error (error);
  request = pd_test_server_get_request (fixture->server, 0);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, "/restapis/a1/stages/prod%20v2");
  g_assert_cmpstr (req_header (fixture->server, 0, "Accept"), ==, "application/json");
  g_assert_true (request->signature_ok);
  g_clear_pointer (&result, json_node_unref);

  /* a base path in the endpoint URL is kept, and signed */
  base_url = g_strconcat (pd_test_server_get_url (fixture->server), "/base/", NULL);
  based = make_client (fixture, base_url, 2);
  push (fixture, 200, "{\"item\":[],\"position\":\"\"}");
  result = call_sync (based, "apigateway", "GetRestApis", "{\"limit\":5}", &error);
  g_assert_no_error (error);
  request = pd_test_server_get_request (fixture->server, 1);
  g_assert_cmpstr (request->path, ==, "/base/restapis");
  g_assert_cmpstr (request->query, ==, "limit=5");
  g_assert_true (request->signature_ok);
  g_assert_true (json_object_has_member (json_node_get_object (result), "items"));
}

static void
test_query_call (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *body = NULL;

  push (fixture, 200,
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn>"
        "<UserId>AIDA1</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
        "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>"
        "</GetCallerIdentityResponse>");
  result = call_sync (fixture->client, "sts", "GetCallerIdentity", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (result), "Account"), ==,
                   "123456789012");
  body = req_body (fixture->server, 0);
  g_assert_cmpstr (body, ==, "Action=GetCallerIdentity&Version=2011-06-15");
  g_assert_true (pd_test_server_get_request (fixture->server, 0)->signature_ok);
}

static void
test_retry_5xx (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  const char *invocation;

  push (fixture, 500, "{\"__type\":\"InternalFailure\",\"message\":\"boom\"}");
  push (fixture, 503, "");
  push (fixture, 200, "{\"ok\":true}");
  result = call_sync (fixture->client, "codebuild", "BatchGetBuilds", "{\"ids\":[\"b\"]}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 3);
  invocation = req_header (fixture->server, 0, "amz-sdk-invocation-id");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *expected = g_strdup_printf ("attempt=%u; max=3", i + 1);

      g_assert_cmpstr (req_header (fixture->server, i, "amz-sdk-request"), ==, expected);
      g_assert_cmpstr (req_header (fixture->server, i, "amz-sdk-invocation-id"), ==, invocation);
      g_assert_true (pd_test_server_get_request (fixture->server, i)->signature_ok);
    }

  /* full jitter: r × min(1 s × 2^(n−1), 20 s), r = 0.5 */
  g_assert_cmpuint (fixture->delays->len, ==, 2);
  g_assert_cmpuint (g_array_index (fixture->delays, guint, 0), ==, 500);
  g_assert_cmpuint (g_array_index (fixture->delays, guint, 1), ==, 1000);
  /* two retries took 10 tokens; the success refunds the last cost (5) */
  g_assert_cmpuint (pd_aws_client_get_retry_quota (fixture->client), ==, 495);

  /* a new call gets a new invocation ID */
  g_clear_pointer (&result, json_node_unref);
  result = call_sync (fixture->client, "codebuild", "BatchGetBuilds", "{\"ids\":[\"b\"]}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (req_header (fixture->server, 3, "amz-sdk-invocation-id"), !=, invocation);
  g_assert_cmpuint (pd_aws_client_get_retry_quota (fixture->client), ==, 496);
}

static void
test_retry_throttling (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  for (guint i = 0; i < 3; i++)
    push (fixture, 400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
  result = call_sync (fixture->client, "logs", "DescribeLogStreams", "{}", &error);
  g_assert_null (result);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_THROTTLED);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 3);
  g_assert_cmpuint (pd_aws_client_get_retry_quota (fixture->client), ==, 490);
}

static void
test_retry_never_4xx (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct {
    guint       status;
    const char *body;
  } cases[] = {
    { 400, "{\"__type\":\"ValidationException\",\"message\":\"bad\"}" },
    { 403, "{\"__type\":\"AccessDeniedException\",\"message\":\"no\"}" },
    { 404, "{\"__type\":\"PipelineNotFoundException\",\"message\":\"gone\"}" },
    { 409, "{\"__type\":\"ConflictException\",\"message\":\"busy\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) result = NULL;

      push (fixture, cases[i].status, cases[i].body);
      result = call_sync (fixture->client, "codepipeline", "GetPipeline", "{\"name\":\"x\"}", &error);
      g_assert_null (result);
      g_assert_error (error, PD_AWS_ERROR, error->code);
      g_assert_cmpuint (pd_aws_error_get_http_status (error), ==, cases[i].status);
      g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, i + 1);
    }
  g_assert_cmpuint (fixture->delays->len, ==, 0);
}

static void
test_retry_quota (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  guint before;

  fixture->random_value = 0.0;
  /* each failing call spends 2 × 5 tokens: 50 calls empty the bucket */
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GError) call_error = NULL;
      g_autoptr(JsonNode) call_result = NULL;

      for (guint j = 0; j < 3; j++)
        push (fixture, 503, "");
      call_result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &call_error);
      g_assert_error (call_error, PD_AWS_ERROR, PD_AWS_ERROR_SERVER);
    }
  g_assert_cmpuint (pd_aws_client_get_retry_quota (fixture->client), ==, 0);
  before = pd_test_server_get_n_requests (fixture->server);
  g_assert_cmpuint (before, ==, 150);

  /* empty bucket: fail fast, no retry */
  push (fixture, 503, "");
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_SERVER);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "503");
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, before + 1);
  g_clear_error (&error);

  /* a first-try success refunds one token */
  push (fixture, 200, "{}");
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_aws_client_get_retry_quota (fixture->client), ==, 1);
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  PdTestResponse throttled = { PD_TEST_REPLY, 429, "{\"message\":\"Too Many Requests\"}",
                               { "Retry-After", "2", "x-amzn-ErrorType", "TooManyRequestsException",
                                 NULL } };
  PdTestResponse amz = { PD_TEST_REPLY, 429, "{\"message\":\"slow down\"}",
                         { "x-amz-retry-after", "1500", NULL } };
  PdTestResponse far = { PD_TEST_REPLY, 429, "{\"message\":\"much later\"}",
                         { "Retry-After", "3600", NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  fixture->random_value = 0.0;
  pd_test_server_push (fixture->server, &throttled);
  pd_test_server_push (fixture->server, &amz);
  pd_test_server_push (fixture->server, &far);
  result = call_sync (fixture->client, "apigateway", "GetRestApis", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_THROTTLED);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 3);
  g_assert_cmpuint (fixture->delays->len, ==, 2);
  g_assert_cmpuint (g_array_index (fixture->delays, guint, 0), ==, 2000);
  g_assert_cmpuint (g_array_index (fixture->delays, guint, 1), ==, 1500);
  g_clear_error (&error);

  /* a Retry-After beyond jitter + 5 s is clamped */
  fixture->random_value = 0.5;
  g_array_set_size (fixture->delays, 0);
  pd_test_server_push (fixture->server, &far);
  push (fixture, 200, "{}");
  g_clear_pointer (&result, json_node_unref);
  result = call_sync (fixture->client, "apigateway", "GetRestApis", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_array_index (fixture->delays, guint, 0), ==, 500 + 5000);
}

static void
test_backoff_cap (Fixture       *fixture,
                  gconstpointer  data)
{
  static const guint expected[] = { 999, 1998, 3996, 7992, 15984, 19980, 19980 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  fixture->random_value = 0.999;
  pd_aws_client_set_max_attempts (fixture->client, 8);
  for (guint i = 0; i < 8; i++)
    push (fixture, 502, "<html><body>Bad Gateway</body></html>");
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_SERVER);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "502");
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 8);
  g_assert_cmpuint (fixture->delays->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (g_array_index (fixture->delays, guint, i), ==, expected[i]);
  g_assert_cmpstr (req_header (fixture->server, 7, "amz-sdk-request"), ==, "attempt=8; max=8");
}

static void
test_connection_reset (Fixture       *fixture,
                       gconstpointer  data)
{
  PdTestResponse reset = { PD_TEST_RESET };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  pd_test_server_push (fixture->server, &reset);
  push (fixture, 200, "{\"ok\":1}");
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 2);
  g_clear_pointer (&result, json_node_unref);

  for (guint i = 0; i < 3; i++)
    pd_test_server_push (fixture->server, &reset);
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR || error->domain == SOUP_SESSION_ERROR);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 5);
}

static void
test_clock_skew (Fixture       *fixture,
                 gconstpointer  data)
{
  PdTestResponse skewed = { PD_TEST_REPLY, 400,
                            "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature "
                            "expired: 20260101T000000Z is now earlier than ...\"}",
                            { NULL }, 0, 0, 3600 };
  PdTestResponse still = { PD_TEST_REPLY, 403,
                           "{\"__type\":\"RequestExpired\",\"message\":\"again\"}",
                           { NULL }, 0, 0, 7200 };
  PdTestResponse honest = { PD_TEST_REPLY, 403,
                            "{\"__type\":\"SignatureDoesNotMatch\",\"message\":\"wrong key\"}",
                            { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) sent = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *iso = NULL;
  const char *amz_date;

  pd_test_server_push (fixture->server, &skewed);
  push (fixture, 200, "{}");
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 2);
  g_assert_cmpint (ABS (pd_aws_client_get_clock_offset (fixture->client) - 3600 * G_TIME_SPAN_SECOND),
                   <, 60 * G_TIME_SPAN_SECOND);

  amz_date = req_header (fixture->server, 1, "X-Amz-Date");
  g_assert_nonnull (amz_date);
  iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", amz_date, amz_date + 4, amz_date + 6,
                         amz_date + 9, amz_date + 11, amz_date + 13);
  sent = g_date_time_new_from_iso8601 (iso, utc);
  g_assert_nonnull (sent);
  g_assert_cmpint (ABS (g_date_time_difference (sent, now) - 3600 * G_TIME_SPAN_SECOND), <,
                   60 * G_TIME_SPAN_SECOND);
  g_assert_true (pd_test_server_get_request (fixture->server, 1)->signature_ok);
  g_assert_cmpuint (fixture->delays->len, ==, 0);

  /* corrected once per call: a second skew error is reported */
  skewed.date_offset_s = 7200;
  still.date_offset_s = 10800;
  pd_test_server_push (fixture->server, &skewed);
  pd_test_server_push (fixture->server, &still);
  g_clear_pointer (&result, json_node_unref);
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CLOCK_SKEW);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 4);
  g_clear_error (&error);

  /* a signature error from a server whose clock agrees is not skew */
  {
    g_autoptr(PdAwsClient) fresh = make_client (fixture, pd_test_server_get_url (fixture->server), 2);

    pd_test_server_push (fixture->server, &honest);
    result = call_sync (fresh, "codebuild", "ListProjects", NULL, &error);
    g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_AUTH);
    g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 5);
    g_assert_cmpint (pd_aws_client_get_clock_offset (fresh), ==, 0);
  }
}

static void
test_expired_token (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  push (fixture, 400, "{\"__type\":\"ExpiredTokenException\",\"message\":\"expired\"}");
  push (fixture, 200, "{}");
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->provider->loads, ==, 2);
  g_assert_cmpuint (fixture->provider->forced, ==, 1);
  g_assert_cmpstr (pd_test_server_get_request (fixture->server, 0)->access_key_id, ==, "AKIDLOAD1");
  g_assert_cmpstr (pd_test_server_get_request (fixture->server, 1)->access_key_id, ==, "AKIDLOAD2");
  g_assert_true (pd_test_server_get_request (fixture->server, 1)->signature_ok);

  /* fresh credentials that are still refused: report it so the UI can ask */
  push (fixture, 400, "{\"__type\":\"ExpiredTokenException\",\"message\":\"expired\"}");
  push (fixture, 403, "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>expired</Message>"
                      "</Error><RequestId>r</RequestId></ErrorResponse>");
  g_clear_pointer (&result, json_node_unref);
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_EXPIRED_TOKEN);
  g_assert_cmpuint (fixture->provider->loads, ==, 4);
  g_assert_cmpuint (fixture->provider->forced, ==, 2);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 4);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  PdTestResponse stall = { PD_TEST_STALL };
  PdTestResponse stall_body = { PD_TEST_STALL_BODY };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  gint64 start;

  pd_aws_client_set_timeouts (fixture->client, 100, 200);
  pd_aws_client_set_max_attempts (fixture->client, 1);
  pd_test_server_push (fixture->server, &stall);
  start = g_get_monotonic_time ();
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_TIME_SPAN_SECOND);
  g_clear_error (&error);

  /* a body that stops half-way times out too */
  pd_test_server_push (fixture->server, &stall_body);
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_TIMEOUT);
  g_clear_error (&error);

  /* timeouts are retried and cost 10 quota tokens each */
  pd_aws_client_set_max_attempts (fixture->client, 2);
  pd_test_server_push (fixture->server, &stall);
  push (fixture, 200, "{}");
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 4);
  g_assert_cmpuint (pd_aws_client_get_retry_quota (fixture->client), ==, 500);
}

static void
test_size_cap (Fixture       *fixture,
               gconstpointer  data)
{
  PdTestResponse huge = { PD_TEST_HUGE, 200, NULL, { NULL }, 0, 8 * 1024 * 1024 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *announced = g_strnfill (2000, 'x');

  pd_aws_client_set_max_response_size (fixture->client, 100 * 1024);
  pd_test_server_push (fixture->server, &huge);
  result = call_sync (fixture->client, "logs", "GetLogEvents", "{\"logStreamName\":\"s\"}", &error);
  g_assert_null (result);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "size cap"));
  g_clear_error (&error);

  pd_aws_client_set_max_response_size (fixture->client, 1000);
  push (fixture, 200, announced);
  result = call_sync (fixture->client, "logs", "GetLogEvents", "{\"logStreamName\":\"s\"}", &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "announces 2000 bytes"));
  g_clear_error (&error);

  /* under the cap, all is well */
  pd_aws_client_set_max_response_size (fixture->client, 1 << 20);
  push (fixture, 200, "{\"events\":[]}");
  result = call_sync (fixture->client, "logs", "GetLogEvents", "{\"logStreamName\":\"s\"}", &error);
  g_assert_no_error (error);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  PdTestResponse stall = { PD_TEST_STALL };
  g_autoptr(GCancellable) in_flight = g_cancellable_new ();
  g_autoptr(GCancellable) in_backoff = g_cancellable_new ();
  g_autoptr(GCancellable) before = g_cancellable_new ();
  Call call1 = { FALSE, NULL, NULL };
  Call call2 = { FALSE, NULL, NULL };
  Call call3 = { FALSE, NULL, NULL };
  gint64 start;

  pd_test_server_push (fixture->server, &stall);
  start = g_get_monotonic_time ();
  start_call (fixture->client, "codebuild", "ListProjects", NULL, in_flight, &call1);
  g_timeout_add (100, cancel_cb, in_flight);
  pd_test_wait_for_flag (&call1.done, 5000);
  g_assert_error (call1.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (call1.result);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_TIME_SPAN_SECOND);
  g_clear_error (&call1.error);

  /* cancelling during the backoff wait ends the call at once */
  fixture->sleep_ms = 60000;
  push (fixture, 503, "");
  start = g_get_monotonic_time ();
  start_call (fixture->client, "codebuild", "ListProjects", NULL, in_backoff, &call2);
  g_timeout_add (200, cancel_cb, in_backoff);
  pd_test_wait_for_flag (&call2.done, 5000);
  g_assert_error (call2.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 2);
  g_clear_error (&call2.error);

  g_cancellable_cancel (before);
  start_call (fixture->client, "codebuild", "ListProjects", NULL, before, &call3);
  pd_test_wait_for_flag (&call3.done, 5000);
  g_assert_error (call3.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 2);
  g_clear_error (&call3.error);
}

static void
test_keep_alive (Fixture       *fixture,
                 gconstpointer  data)
{
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) result = NULL;

      result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 5);
  g_assert_cmpuint (pd_test_server_count_ports (fixture->server), ==, 1);
}

static void
test_per_host_limit (Fixture       *fixture,
                     gconstpointer  data)
{
  PdTestResponse slow = { PD_TEST_DELAY, 200, "{}", { NULL }, 150 };
  g_autoptr(PdAwsClient) limited = make_client (fixture, pd_test_server_get_url (fixture->server), 2);
  Call calls[6];

  memset (calls, 0, sizeof calls);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    pd_test_server_push (fixture->server, &slow);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    start_call (limited, "codebuild", "ListProjects", NULL, NULL, &calls[i]);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      pd_test_wait_for_flag (&calls[i].done, 10000);
      g_assert_no_error (calls[i].error);
      json_node_unref (calls[i].result);
    }
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 6);
  g_assert_cmpuint (pd_test_server_get_max_in_flight (fixture->server), ==, 2);
  g_assert_cmpuint (pd_test_server_count_ports (fixture->server), ==, 2);
}

static void
test_refused_before_sending (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(PdAwsClient) remote_http = make_client (fixture, "http://192.0.2.1:4566", 2);
  g_autoptr(PdAwsClient) malformed = make_client (fixture, "http//127.0.0.1", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  result = call_sync (remote_http, "sts", "GetCallerIdentity", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT);
  g_assert_nonnull (strstr (error->message, "loopback"));
  g_clear_error (&error);

  result = call_sync (malformed, "sts", "GetCallerIdentity", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT);
  g_clear_error (&error);

  result = call_sync (fixture->client, "s3", "ListBuckets", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  result = call_sync (fixture->client, "lambda", "Invoke", NULL, &error);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);

  /* nothing was sent and no credentials were even loaded */
  g_assert_cmpuint (fixture->provider->loads, ==, 0);
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 0);
}

static void
test_no_redirect (Fixture       *fixture,
                  gconstpointer  data)
{
  PdTestResponse redirect = { PD_TEST_REPLY, 302, "", { "Location", "http://192.0.2.1/steal", NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  pd_test_server_push (fixture->server, &redirect);
  result = call_sync (fixture->client, "codebuild", "ListProjects", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_FAILED);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "302");
  g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_bad_responses (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct {
    guint       status;
    const char *content_type;
    const char *body;
    int         code;
    guint       requests;
  } cases[] = {
    { 200, "text/html", "<html><body>Sign in to the Wi-Fi</body></html>", PD_AWS_ERROR_PARSE, 1 },
    { 200, "application/x-amz-json-1.1", "{\"pipelines\":[{\"name\":", PD_AWS_ERROR_PARSE, 1 },
    { 200, "application/x-amz-json-1.1", "{\"a\":\"\xff\xfe\"}", PD_AWS_ERROR_PARSE, 1 },
    { 200, "text/plain", "pipelines: none", PD_AWS_ERROR_PARSE, 1 },
    { 200, "application/x-amz-json-1.1", "{\"__type\":\"ValidationException\",\"message\":\"m\"}",
      PD_AWS_ERROR_VALIDATION, 1 },
    { 502, "text/html", "<html><h1>502 Bad Gateway</h1></html>", PD_AWS_ERROR_SERVER, 3 },
    { 500, "application/json", "{\"__type\":", PD_AWS_ERROR_SERVER, 3 },
  };
  guint total = 0;

  fixture->random_value = 0.0;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) result = NULL;

      for (guint j = 0; j < cases[i].requests; j++)
        {
          PdTestResponse response = { PD_TEST_REPLY, cases[i].status, cases[i].body,
                                      { "Content-Type", cases[i].content_type, NULL } };

          pd_test_server_push (fixture->server, &response);
        }
      result = call_sync (fixture->client, "codepipeline", "ListPipelines", NULL, &error);
      g_assert_null (result);
      g_assert_error (error, PD_AWS_ERROR, cases[i].code);
      total += cases[i].requests;
      g_assert_cmpuint (pd_test_server_get_n_requests (fixture->server), ==, total);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/pd/aws/client/" path, Fixture, NULL, setup, func, teardown)

  g_test_add_func ("/pd/aws/client/new-destroy", test_new_destroy);
  ADD ("call/json", test_json_call);
  ADD ("call/rest-json", test_rest_json_call);
  ADD ("call/query", test_query_call);
  ADD ("retry/5xx-then-success", test_retry_5xx);
  ADD ("retry/throttling", test_retry_throttling);
  ADD ("retry/never-other-4xx", test_retry_never_4xx);
  ADD ("retry/quota", test_retry_quota);
  ADD ("retry/retry-after", test_retry_after);
  ADD ("retry/backoff-cap", test_backoff_cap);
  ADD ("retry/connection-reset", test_connection_reset);
  ADD ("clock-skew", test_clock_skew);
  ADD ("expired-token", test_expired_token);
  ADD ("timeout", test_timeout);
  ADD ("size-cap", test_size_cap);
  ADD ("cancel", test_cancel);
  ADD ("keep-alive", test_keep_alive);
  ADD ("per-host-limit", test_per_host_limit);
  ADD ("refused-before-sending", test_refused_before_sending);
  ADD ("bad-responses", test_bad_responses);
  ADD ("no-redirect", test_no_redirect);

#undef ADD

  return g_test_run ();
}
