/* test-sandbox-server.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-sandbox.h"
#include "sandbox-test-client.h"

typedef struct
{
  PdSandbox *sandbox;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = pd_sandbox_new_full (200.0, 1, 0);
  g_assert_true (pd_sandbox_start (fixture->sandbox, 0, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  pd_sandbox_stop (fixture->sandbox);
  g_assert_finalize_object (fixture->sandbox);
}

static JsonObject *
parse_object (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
amz_date_now_plus (int minutes)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_minutes (now, minutes);

  return g_date_time_format (then, "%Y%m%dT%H%M%SZ");
}

static void
test_new_destroy (void)
{
  PdSandbox *sandbox = pd_sandbox_new ();

  g_assert_null (pd_sandbox_get_endpoint (sandbox));
  g_assert_true (g_str_has_prefix (pd_sandbox_get_access_key_id (sandbox), "AKIA"));
  g_assert_cmpuint (strlen (pd_sandbox_get_access_key_id (sandbox)), ==, 20);
  g_assert_cmpuint (strlen (pd_sandbox_get_secret_key (sandbox)), ==, 40);
  g_assert_finalize_object (sandbox);
}

static void
test_listens_on_loopback (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *expected = NULL;

  g_assert_cmpuint (pd_sandbox_get_port (fixture->sandbox), >, 0);
  expected = g_strdup_printf ("http://127.0.0.1:%u", pd_sandbox_get_port (fixture->sandbox));
  g_assert_cmpstr (pd_sandbox_get_endpoint (fixture->sandbox), ==, expected);
}

static void
test_port_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PdSandbox) other = pd_sandbox_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (pd_sandbox_start (other, pd_sandbox_get_port (fixture->sandbox), &error));
  g_assert_nonnull (error);
}

static void
test_missing_authentication_json (Fixture       *fixture,
                                  gconstpointer  data)
{
  const char *headers[] = {
    "Content-Type: application/x-amz-json-1.1",
    "X-Amz-Target: CodePipeline_20150709.ListPipelines",
    NULL
  };
  g_autoptr(SoupMessageHeaders) response_headers = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint status = 0;

  body = sandbox_test_send (fixture->sandbox, "POST", "/", headers, "{}", &status,
                            &response_headers);
  g_assert_cmpuint (status, ==, 403);
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "__type"), ==,
                   "MissingAuthenticationTokenException");
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==,
                   "Missing Authentication Token");
  g_assert_nonnull (soup_message_headers_get_one (response_headers, "x-amzn-RequestId"));
}

static void
test_missing_authentication_query (Fixture       *fixture,
                                   gconstpointer  data)
{
  const char *headers[] = {
    "Content-Type: application/x-www-form-urlencoded; charset=utf-8",
    NULL
  };
  g_autoptr(GBytes) body = NULL;
  guint status = 0;
  const char *text;

  body = sandbox_test_send (fixture->sandbox, "POST", "/", headers,
                            "Action=GetCallerIdentity&Version=2011-06-15", &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  text = g_bytes_get_data (body, NULL);
  g_assert_nonnull (strstr (text, "<ErrorResponse"));
  g_assert_nonnull (strstr (text, "<Code>MissingAuthenticationToken</Code>"));
  g_assert_nonnull (strstr (text, "<Type>Sender</Type>"));
  g_assert_nonnull (strstr (text, "<RequestId>"));
}

static void
test_incomplete_signature (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *date = amz_date_now_plus (0);
  g_autofree char *date_header = g_strdup_printf ("X-Amz-Date: %s", date);
  const char *headers[] = {
    "Content-Type: application/x-amz-json-1.1",
    "X-Amz-Target: CodePipeline_20150709.ListPipelines",
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE",
    date_header,
    NULL
  };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint status = 0;

  body = sandbox_test_send (fixture->sandbox, "POST", "/", headers, "{}", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "__type"), ==,
                   "IncompleteSignatureException");
}

static void
test_unknown_key (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *date = amz_date_now_plus (0);
  g_autofree char *date_header = g_strdup_printf ("X-Amz-Date: %s", date);
  g_autofree char *auth = g_strdup_printf ("Authorization: AWS4-HMAC-SHA256 "
                                           "Credential=AKIANOTTHESANDBOXKEY/%.8s/eu-west-1/"
                                           "codepipeline/aws4_request, SignedHeaders=host;"
                                           "x-amz-date;x-amz-target, Signature=%064d",
                                           date, 0);
  const char *headers[] = {
    "Content-Type: application/x-amz-json-1.1",
    "X-Amz-Target: CodePipeline_20150709.ListPipelines",
    auth,
    date_header,
    NULL
  };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint status = 0;

  body = sandbox_test_send (fixture->sandbox, "POST", "/", headers, "{}", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "__type"), ==,
                   "UnrecognizedClientException");
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==,
                   "The security token included in the request is invalid.");
}

static void
test_stale_date (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *date = amz_date_now_plus (-20);
  g_autofree char *date_header = g_strdup_printf ("X-Amz-Date: %s", date);
  g_autofree char *auth = g_strdup_printf ("Authorization: AWS4-HMAC-SHA256 "
                                           "Credential=%s/%.8s/eu-west-1/"
                                           "codepipeline/aws4_request, SignedHeaders=host;"
                                           "x-amz-date;x-amz-target, Signature=%064d",
                                           pd_sandbox_get_access_key_id (fixture->sandbox),
                                           date, 0);
  const char *headers[] = {
    "Content-Type: application/x-amz-json-1.1",
    "X-Amz-Target: CodePipeline_20150709.ListPipelines",
    auth,
    date_header,
    NULL
  };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *prefix = NULL;
  guint status = 0;

  body = sandbox_test_send (fixture->sandbox, "POST", "/", headers, "{}", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "__type"), ==,
                   "InvalidSignatureException");
  prefix = g_strdup_printf ("Signature expired: %s is now earlier than ", date);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "message"), prefix));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "message"),
                                   " - 15 min.)"));
}

static void
test_faults_spec (void)
{
  g_autoptr(PdSandbox) sandbox = pd_sandbox_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_sandbox_set_faults (sandbox, "throttle=0.2,5xx=0.1,latency=50ms,"
                                        "reset=0.05,truncate=0.05,service=logs", &error));
  g_assert_no_error (error);
  g_assert_true (pd_sandbox_set_faults (sandbox, "", &error));

  g_assert_false (pd_sandbox_set_faults (sandbox, "throttle=2", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pd_sandbox_set_faults (sandbox, "latency=soon", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pd_sandbox_set_faults (sandbox, "explode=1", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pd_sandbox_set_faults (sandbox, "throttle", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pd_sandbox_set_faults (sandbox, "throttle=0.6,5xx=0.6", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_control_faults_and_stats (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *headers[] = { "Content-Type: text/plain", NULL };
  const char *target[] = {
    "Content-Type: application/x-amz-json-1.1",
    "X-Amz-Target: CodePipeline_20150709.ListPipelines",
    NULL
  };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint status = 0;

  body = sandbox_test_send (fixture->sandbox, "POST", "/_sandbox/faults", headers,
                            "throttle=nonsense", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&body, g_bytes_unref);

  body = sandbox_test_send (fixture->sandbox, "POST", "/_sandbox/faults", headers,
                            "latency=5ms", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (g_bytes_get_data (body, NULL), ==, "latency=5ms");
  g_clear_pointer (&body, g_bytes_unref);

  /* Two rejected requests, counted. */
  for (guint i = 0; i < 2; i++)
    {
      body = sandbox_test_send (fixture->sandbox, "POST", "/", target, "{}", &status, NULL);
      g_assert_cmpuint (status, ==, 403);
      g_clear_pointer (&body, g_bytes_unref);
    }

  body = sandbox_test_send (fixture->sandbox, "GET", "/_sandbox/stats", NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  object = parse_object (body);
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "requests"),
                                               "auth.Rejected"), ==, 2);
}

static void
test_boto3_list_pipelines (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *out = sandbox_test_run_script (fixture->sandbox, "boto3_smoke.py", NULL);

  g_assert_nonnull (strstr (out, "pipelines: todo-list-aws todo-list-infra"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/sandbox/server/new-destroy", test_new_destroy);
  g_test_add_func ("/pd/sandbox/faults/spec", test_faults_spec);
  g_test_add ("/pd/sandbox/server/listens-on-loopback", Fixture, NULL,
              fixture_setup, test_listens_on_loopback, fixture_teardown);
  g_test_add ("/pd/sandbox/server/port-in-use", Fixture, NULL,
              fixture_setup, test_port_in_use, fixture_teardown);
  g_test_add ("/pd/sandbox/auth/missing-json", Fixture, NULL,
              fixture_setup, test_missing_authentication_json, fixture_teardown);
  g_test_add ("/pd/sandbox/auth/missing-query", Fixture, NULL,
              fixture_setup, test_missing_authentication_query, fixture_teardown);
  g_test_add ("/pd/sandbox/auth/incomplete", Fixture, NULL,
              fixture_setup, test_incomplete_signature, fixture_teardown);
  g_test_add ("/pd/sandbox/auth/unknown-key", Fixture, NULL,
              fixture_setup, test_unknown_key, fixture_teardown);
  g_test_add ("/pd/sandbox/auth/stale-date", Fixture, NULL,
              fixture_setup, test_stale_date, fixture_teardown);
  g_test_add ("/pd/sandbox/control/faults-and-stats", Fixture, NULL,
              fixture_setup, test_control_faults_and_stats, fixture_teardown);
  g_test_add ("/pd/sandbox/boto3/list-pipelines", Fixture, NULL,
              fixture_setup, test_boto3_list_pipelines, fixture_teardown);

  return g_test_run ();
}
