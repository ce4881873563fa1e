/* test-sandbox-server.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-sandbox-private.h"
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

static const char *
json_code (GBytes *body)
{
  static char code[128];
  g_autoptr(JsonObject) object = parse_object (body);

  g_strlcpy (code, json_object_get_string_member (object, "__type"), sizeof code);
  return code;
}

static void
test_signed_ok (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint status = 0;

  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.GetPipelineState",
                                   "{\"name\":\"todo-list-aws\"}",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL, NULL,
                                   &status, &headers);
  g_assert_cmpuint (status, ==, 200);
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "pipelineName"), ==, "todo-list-aws");
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==,
                   "application/x-amz-json-1.1");
  g_assert_nonnull (soup_message_headers_get_one (headers, "x-amzn-RequestId"));
}

static void
test_signed_wrong_secret (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.ListPipelines", "{}",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL, NULL, NULL,
                                   &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_code (body), ==, "InvalidSignatureException");
}

static void
test_signed_stale_date (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) stale = g_date_time_add_minutes (now, -16);
  g_autoptr(GDateTime) future = g_date_time_add_minutes (now, 16);
  g_autoptr(GDateTime) recent = g_date_time_add_minutes (now, -14);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint status = 0;

  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.ListPipelines", "{}",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   pd_sandbox_get_secret_key (fixture->sandbox), NULL, stale, NULL,
                                   &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "__type"), ==,
                   "InvalidSignatureException");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "message"),
                                   "Signature expired: "));
  g_clear_pointer (&body, g_bytes_unref);

  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.ListPipelines", "{}",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   pd_sandbox_get_secret_key (fixture->sandbox), NULL, future, NULL,
                                   &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_code (body), ==, "InvalidSignatureException");
  g_clear_pointer (&body, g_bytes_unref);

  /* Within the window is fine. */
  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.ListPipelines", "{}",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   pd_sandbox_get_secret_key (fixture->sandbox), NULL, recent, NULL,
                                   &status, NULL);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_signed_tampered_body (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.GetPipeline",
                                   "{\"name\":\"todo-list-aws\"}",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL,
                                   "{\"name\":\"todo-list-xyz\"}", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_code (body), ==, "InvalidSignatureException");
}

static void
test_signed_query_shape (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  guint status = 0;
  const char *text;

  /* A query-protocol request with a wrong secret: XML error, query code. */
  body = sandbox_test_send_signed (fixture->sandbox, "sts", NULL,
                                   "Action=GetCallerIdentity&Version=2011-06-15",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL, NULL, NULL,
                                   &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  text = g_bytes_get_data (body, NULL);
  g_assert_nonnull (strstr (text, "<Code>SignatureDoesNotMatch</Code>"));
  g_clear_pointer (&body, g_bytes_unref);

  body = sandbox_test_send_signed (fixture->sandbox, "sts", NULL,
                                   "Action=GetCallerIdentity&Version=2011-06-15",
                                   "AKIAUNKNOWNUNKNOWN00", "secret", NULL, NULL, NULL,
                                   &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "<Code>InvalidClientTokenId</Code>"));
}

static void
test_temporary_credentials (Fixture       *fixture,
                            gconstpointer  data)
{
  const PdSandboxTemporaryCredentials *creds = NULL;
  const PdSandboxTemporaryCredentials *short_lived = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  creds = pd_sandbox_issue_temporary_credentials (fixture->sandbox,
                                                  "arn:aws:sts::123456789012:assumed-role/r/s", 3600);
  g_assert_true (g_str_has_prefix (creds->access_key_id, "ASIA"));
  g_assert_true (pd_sandbox_lookup_temporary_credentials (fixture->sandbox,
                                                          creds->access_key_id) == creds);

  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.ListPipelines", "{}",
                                   creds->access_key_id, creds->secret_access_key,
                                   creds->session_token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&body, g_bytes_unref);

  /* A token the sandbox did not issue with this key. */
  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.ListPipelines", "{}",
                                   creds->access_key_id, creds->secret_access_key,
                                   "IQoJb3JpZ2luX2VjEforged", NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_code (body), ==, "UnrecognizedClientException");
  g_clear_pointer (&body, g_bytes_unref);

  /* No token at all for a temporary key. */
  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.ListPipelines", "{}",
                                   creds->access_key_id, creds->secret_access_key,
                                   NULL, NULL, NULL, &status, NULL);
  g_assert_cmpstr (json_code (body), ==, "UnrecognizedClientException");
  g_clear_pointer (&body, g_bytes_unref);

  short_lived = pd_sandbox_issue_temporary_credentials (fixture->sandbox,
                                                        "arn:aws:sts::123456789012:assumed-role/r/t", 0);
  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.ListPipelines", "{}",
                                   short_lived->access_key_id, short_lived->secret_access_key,
                                   short_lived->session_token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_code (body), ==, "ExpiredTokenException");
  g_clear_pointer (&body, g_bytes_unref);

  body = sandbox_test_send_signed (fixture->sandbox, "sts", NULL,
                                   "Action=GetCallerIdentity&Version=2011-06-15",
                                   short_lived->access_key_id, short_lived->secret_access_key,
                                   short_lived->session_token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "<Code>ExpiredToken</Code>"));
}

static void
test_routing_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.NoSuchOperation", "{}",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL, NULL,
                                   &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_code (body), ==, "com.amazonaws.codepipeline#UnknownOperationException");
  g_clear_pointer (&body, g_bytes_unref);

  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.ListPipelines", "{not json",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL, NULL,
                                   &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_code (body), ==, "com.amazonaws.codepipeline#SerializationException");
  g_clear_pointer (&body, g_bytes_unref);

  /* The service comes from the credential scope: a CodePipeline target
   * signed for logs reaches the logs service, which does not know it. */
  body = sandbox_test_send_signed (fixture->sandbox, "logs",
                                   "CodePipeline_20150709.ListPipelines", "{}",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL, NULL,
                                   &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_code (body), ==, "com.amazonaws.logs#UnknownOperationException");
  g_clear_pointer (&body, g_bytes_unref);

  /* Validation worded as AWS words it, with the service's code. */
  body = sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.GetPipeline", "{}",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL, NULL,
                                   &status, NULL);
  {
    g_autoptr(JsonObject) object = parse_object (body);

    g_assert_cmpstr (json_object_get_string_member (object, "message"), ==,
                     "1 validation error detected: Value null at 'name' failed to satisfy "
                     "constraint: Member must not be null");
  }
}

static GBytes *
send_list (Fixture *fixture,
           guint   *status)
{
  return sandbox_test_send_signed (fixture->sandbox, "codepipeline",
                                   "CodePipeline_20150709.ListPipelines", "{}",
                                   pd_sandbox_get_access_key_id (fixture->sandbox),
                                   pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL, NULL,
                                   status, NULL);
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gint64 started;
  guint status = 0;

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox, "throttle=1", &error));
  body = send_list (fixture, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_code (body), ==, "com.amazonaws.codepipeline#ThrottlingException");
  g_clear_pointer (&body, g_bytes_unref);

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox, "5xx=1", &error));
  body = send_list (fixture, &status);
  g_assert_cmpuint (status, ==, 503);
  g_clear_pointer (&body, g_bytes_unref);

  /* Faults aimed at another service leave this one alone. */
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox, "5xx=1,service=logs", &error));
  body = send_list (fixture, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&body, g_bytes_unref);

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox, "latency=150ms", &error));
  started = g_get_monotonic_time ();
  body = send_list (fixture, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 150 * 1000);
  g_clear_pointer (&body, g_bytes_unref);
}

typedef struct
{
  gboolean  done;
  GError   *error;
  GBytes   *bytes;
} RawState;

static void
raw_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      data)
{
  RawState *state = data;

  state->bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &state->error);
  state->done = TRUE;
}

static GError *
send_expecting_failure (Fixture *fixture)
{
  g_autoptr(GProxyResolver) no_proxy = g_simple_proxy_resolver_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", no_proxy, NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = g_strconcat (pd_sandbox_get_endpoint (fixture->sandbox), "/", NULL);
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(PdAwsSigningRequest) signing = pd_aws_signing_request_new ("POST", "/", "");
  g_autoptr(PdAwsCredentials) creds = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", pd_sandbox_get_port (fixture->sandbox));
  RawState state = { 0, };

  creds = pd_aws_credentials_new (pd_sandbox_get_access_key_id (fixture->sandbox),
                                  pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL, "t");
  pd_aws_signing_request_add_header (signing, "Host", host);
  pd_aws_signing_request_add_header (signing, "Content-Type", "application/x-amz-json-1.1");
  pd_aws_signing_request_add_header (signing, "X-Amz-Target", "CodePipeline_20150709.ListPipelines");
  pd_aws_signing_request_set_body (signing, (const guint8 *) "{}", 2);
  g_assert_true (pd_aws_sigv4_sign (signing, creds, "eu-west-1", "codepipeline", now,
                                    PD_AWS_SIGV4_FLAGS_NONE, NULL));

  message = soup_message_new ("POST", url);
  for (guint i = 0; i < pd_aws_signing_request_get_n_headers (signing); i++)
    {
      const char *name = pd_aws_signing_request_get_header_name (signing, i);

      if (g_ascii_strcasecmp (name, "Host") != 0)
        soup_message_headers_append (soup_message_get_request_headers (message), name,
                                     pd_aws_signing_request_get_header_value (signing, i));
    }
  soup_message_set_request_body_from_bytes (message, "application/x-amz-json-1.1", body);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, raw_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&state.bytes, g_bytes_unref);
  return state.error;
}

static void
test_faults_connection (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = NULL;

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox, "reset=1", &error));
  failure = send_expecting_failure (fixture);
  g_assert_nonnull (failure);
  g_clear_error (&failure);

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox, "truncate=1", &error));
  failure = send_expecting_failure (fixture);
  g_assert_nonnull (failure);
  g_clear_error (&failure);

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox, "", &error));
  failure = send_expecting_failure (fixture);
  g_assert_no_error (failure);
}

static void
test_faults_deterministic (void)
{
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) second = g_string_new (NULL);

  for (guint round = 0; round < 2; round++)
    {
      Fixture fixture = { NULL };
      g_autoptr(GError) error = NULL;

      fixture.sandbox = pd_sandbox_new_full (1.0, 42, 0);
      g_assert_true (pd_sandbox_start (fixture.sandbox, 0, &error));
      g_assert_true (pd_sandbox_set_faults (fixture.sandbox, "throttle=0.5", &error));
      for (guint i = 0; i < 16; i++)
        {
          g_autoptr(GBytes) body = NULL;
          guint status = 0;

          body = send_list (&fixture, &status);
          g_string_append_c (round == 0 ? first : second, status == 200 ? '.' : 'T');
        }
      pd_sandbox_stop (fixture.sandbox);
      g_assert_finalize_object (fixture.sandbox);
    }
  g_assert_cmpstr (first->str, ==, second->str);
  g_assert_nonnull (strchr (first->str, 'T'));
  g_assert_nonnull (strchr (first->str, '.'));
}

static void
test_oversized_body (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *headers[] = {
    "Content-Type: application/x-amz-json-1.1",
    "X-Amz-Target: CodePipeline_20150709.ListPipelines",
    NULL
  };
  g_autofree char *huge = g_malloc (17 * 1024 * 1024 + 1);
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  memset (huge, ' ', 17 * 1024 * 1024);
  huge[17 * 1024 * 1024] = '\0';
  body = sandbox_test_send (fixture->sandbox, "POST", "/", headers, huge, &status, NULL);
  g_assert_cmpuint (status, ==, 413);
}

/* Every operation, fed wrong types, wrong shapes and junk: never a crash
 * or a 5xx; junk that is not a JSON object is a 400 everywhere, and every
 * 400 carries an error type and message. Members the operation does not
 * have are ignored, as AWS does. */
static void
test_bad_inputs (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct
  {
    const char *service;
    const char *target;
  } ops[] = {
    { "codepipeline", "CodePipeline_20150709.ListPipelines" },
    { "codepipeline", "CodePipeline_20150709.GetPipeline" },
    { "codepipeline", "CodePipeline_20150709.GetPipelineState" },
    { "codepipeline", "CodePipeline_20150709.ListPipelineExecutions" },
    { "codepipeline", "CodePipeline_20150709.GetPipelineExecution" },
    { "codepipeline", "CodePipeline_20150709.ListActionExecutions" },
    { "codepipeline", "CodePipeline_20150709.StartPipelineExecution" },
    { "codepipeline", "CodePipeline_20150709.StopPipelineExecution" },
    { "codepipeline", "CodePipeline_20150709.RetryStageExecution" },
    { "codepipeline", "CodePipeline_20150709.PutApprovalResult" },
    { "codepipeline", "CodePipeline_20150709.DisableStageTransition" },
    { "codepipeline", "CodePipeline_20150709.EnableStageTransition" },
    { "codebuild", "CodeBuild_20161006.BatchGetBuilds" },
    { "codebuild", "CodeBuild_20161006.ListBuildsForProject" },
    { "codebuild", "CodeBuild_20161006.BatchGetProjects" },
    { "codecommit", "CodeCommit_20150413.GetBranch" },
    { "codecommit", "CodeCommit_20150413.GetCommit" },
    { "logs", "Logs_20140328.GetLogEvents" },
    { "logs", "Logs_20140328.FilterLogEvents" },
    { "logs", "Logs_20140328.DescribeLogStreams" },
  };
  static const char * const bodies[] = {
    "[]",
    "42",
    "{\"name\": 5, \"pipelineName\": [], \"ids\": \"x\", \"names\": {}, "
    "\"logGroupName\": 7, \"logStreamName\": true, \"repositoryName\": 1}",
    "{\"name\": \"todo-list-aws\", \"pipelineName\": \"todo-list-aws\", "
    "\"maxResults\": \"many\", \"nextToken\": 12, \"limit\": -1, \"ids\": [1, null], "
    "\"names\": [{}], \"filter\": \"all\", \"logGroupName\": \"/aws/codebuild/todo-list-aws-package\", "
    "\"logStreamName\": \"x\", \"repositoryName\": \"todo-list-aws\", \"branchName\": 3, "
    "\"commitId\": [], \"result\": \"yes\", \"token\": {}, \"stageName\": null, "
    "\"transitionType\": 1, \"retryMode\": [], \"startTime\": \"soon\", \"startFromHead\": \"maybe\"}",
    "{\"pipelineName\": \"todo-list-aws\", \"stageName\": \"Approval\", "
    "\"actionName\": \"ManualApproval\", \"result\": {\"summary\": 1, \"status\": []}, "
    "\"token\": \"00000000-0000-4000-8000-000000000000\", \"nextToken\": \"\\u0000\"}",
    "{\"a\": {\"b\": {\"c\": {\"d\": [[[[[[[[[[]]]]]]]]]]}}}}",
    "\xff\xfe not utf-8",
  };
  guint rejected = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    for (guint j = 0; j < G_N_ELEMENTS (bodies); j++)
      {
        g_autoptr(GBytes) body = NULL;
        g_autoptr(JsonObject) object = NULL;
        gboolean junk = j < 2 || j == G_N_ELEMENTS (bodies) - 1;
        guint status = 0;

        body = sandbox_test_send_signed (fixture->sandbox, ops[i].service, ops[i].target,
                                         bodies[j],
                                         pd_sandbox_get_access_key_id (fixture->sandbox),
                                         pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL,
                                         NULL, &status, NULL);
        if (status != 400 && (junk || status != 200))
          g_error ("%s with %s answered %u: %s", ops[i].target, bodies[j], status,
                   (const char *) g_bytes_get_data (body, NULL));
        object = parse_object (body);
        if (status == 400)
          {
            g_assert_true (json_object_has_member (object, "__type"));
            g_assert_true (json_object_has_member (object, "message"));
            rejected++;
          }
        else
          g_test_message ("accepted: %s with body %u", ops[i].target, j);
      }
  /* Accepted, rightly: ListPipelines (no required member) with the typed
   * and the nested bodies, and GetPipeline, GetPipelineState and
   * StartPipelineExecution with a valid name among members they lack. */
  g_assert_cmpuint (rejected, ==, G_N_ELEMENTS (ops) * G_N_ELEMENTS (bodies) - 5);
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
  g_test_add ("/pd/sandbox/auth/signed-ok", Fixture, NULL,
              fixture_setup, test_signed_ok, fixture_teardown);
  g_test_add ("/pd/sandbox/auth/wrong-secret", Fixture, NULL,
              fixture_setup, test_signed_wrong_secret, fixture_teardown);
  g_test_add ("/pd/sandbox/auth/signed-stale-date", Fixture, NULL,
              fixture_setup, test_signed_stale_date, fixture_teardown);
  g_test_add ("/pd/sandbox/auth/tampered-body", Fixture, NULL,
              fixture_setup, test_signed_tampered_body, fixture_teardown);
  g_test_add ("/pd/sandbox/auth/query-shape", Fixture, NULL,
              fixture_setup, test_signed_query_shape, fixture_teardown);
  g_test_add ("/pd/sandbox/auth/temporary-credentials", Fixture, NULL,
              fixture_setup, test_temporary_credentials, fixture_teardown);
  g_test_add ("/pd/sandbox/routing/errors", Fixture, NULL,
              fixture_setup, test_routing_errors, fixture_teardown);
  g_test_add ("/pd/sandbox/faults/responses", Fixture, NULL,
              fixture_setup, test_faults, fixture_teardown);
  g_test_add ("/pd/sandbox/faults/connection", Fixture, NULL,
              fixture_setup, test_faults_connection, fixture_teardown);
  g_test_add_func ("/pd/sandbox/faults/deterministic", test_faults_deterministic);
  g_test_add ("/pd/sandbox/server/oversized-body", Fixture, NULL,
              fixture_setup, test_oversized_body, fixture_teardown);
  g_test_add ("/pd/sandbox/server/bad-inputs", Fixture, NULL,
              fixture_setup, test_bad_inputs, fixture_teardown);
  g_test_add ("/pd/sandbox/boto3/list-pipelines", Fixture, NULL,
              fixture_setup, test_boto3_list_pipelines, fixture_teardown);

  return g_test_run ();
}
