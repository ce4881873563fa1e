/* test-sts.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"
#include "pd-aws-sts.h"
#include "pd-test-aws-server.h"
#include "pd-test-utils.h"

#define KEY_ID "AKIDSTSTEST"
#define SECRET "sts-test-secret"

typedef struct
{
  PdTestServer *server;
  PdAwsClient  *client;
} Fixture;

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

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
  PdTestResponse response = { PD_TEST_REPLY, status, body, { "Content-Type", "text/xml", NULL } };

  pd_test_server_push (fixture->server, &response);
}

static PdAwsCallerIdentity *
get_identity (Fixture  *fixture,
              GError  **error)
{
  Wait wait = { FALSE, NULL };
  PdAwsCallerIdentity *identity;

  pd_aws_sts_get_caller_identity_async (fixture->client, NULL, on_done_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 10000);
  identity = pd_aws_sts_get_caller_identity_finish (fixture->client, wait.result, error);
  g_object_unref (wait.result);
  return identity;
}

static PdAwsCredentials *
assume_role (Fixture     *fixture,
             const char  *external_id,
             const char  *serial,
             const char  *code,
             int          duration,
             GError     **error)
{
  Wait wait = { FALSE, NULL };
  PdAwsCredentials *credentials;

  pd_aws_sts_assume_role_async (fixture->client, "arn:aws:iam::123456789012:role/Deploy",
                                "pipedeck-s1", external_id, serial, code, duration, NULL,
                                on_done_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 10000);
  credentials = pd_aws_sts_assume_role_finish (fixture->client, wait.result, error);
  g_object_unref (wait.result);
  return credentials;
}

#define ASSUMED(creds) \
  "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>" \
  "<Credentials>" creds "</Credentials><AssumedRoleUser><AssumedRoleId>AROA1:pipedeck-s1" \
  "</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/Deploy/pipedeck-s1</Arn>" \
  "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>rq-1</RequestId>" \
  "</ResponseMetadata></AssumeRoleResponse>"

static void
test_caller_identity (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsCallerIdentity) identity = NULL;
  g_autoptr(PdAwsCallerIdentity) copy = NULL;

  reply (fixture, 200,
         "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
         "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn>"
         "<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"
         "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId>"
         "</ResponseMetadata></GetCallerIdentityResponse>");
  identity = get_identity (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->account, ==, "123456789012");
  g_assert_cmpstr (identity->arn, ==, "arn:aws:iam::123456789012:user/dev");
  g_assert_cmpstr (identity->user_id, ==, "AIDAEXAMPLE");
  copy = pd_aws_caller_identity_copy (identity);
  g_assert_cmpstr (copy->arn, ==, identity->arn);
  g_assert_true (pd_test_server_get_request (fixture->server, 0)->signature_ok);

  /* a member missing from the answer is a clear error, not an empty field */
  reply (fixture, 200,
         "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>a</Arn><UserId>u</UserId>"
         "</GetCallerIdentityResult></GetCallerIdentityResponse>");
  g_assert_null (get_identity (fixture, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "Account"));
  g_clear_error (&error);

  /* a structure where a string belongs */
  reply (fixture, 200,
         "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn><x>1</x></Arn><UserId>u"
         "</UserId><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
  g_assert_null (get_identity (fixture, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "not a string"));
  g_clear_error (&error);

  reply (fixture, 403,
         "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The "
         "security token included in the request is invalid.</Message></Error>"
         "<RequestId>bad-1</RequestId></ErrorResponse>");
  g_assert_null (get_identity (fixture, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_AUTH);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "InvalidClientTokenId");
  g_assert_cmpstr (pd_aws_error_get_request_id (error), ==, "bad-1");
  g_assert_cmpuint (pd_aws_error_get_http_status (error), ==, 403);
}

static void
test_assume_role (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(GDateTime) expected = g_date_time_new_utc (2026, 11, 26, 18, 0, 0);
  g_autofree char *body = NULL;
  GBytes *bytes;

  reply (fixture, 200, ASSUMED ("<AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret"
                                "</SecretAccessKey><SessionToken>role-token</SessionToken>"
                                "<Expiration>2026-11-26T18:00:00Z</Expiration>"));
  credentials = assume_role (fixture, "ext-1", "arn:aws:iam::123456789012:mfa/me", "123456", 3600,
                             &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (credentials), ==, "ASIAROLE");
  g_assert_cmpstr (pd_aws_credentials_get_secret_access_key (credentials), ==, "role-secret");
  g_assert_cmpstr (pd_aws_credentials_get_session_token (credentials), ==, "role-token");
  g_assert_true (g_date_time_equal (pd_aws_credentials_get_expiration (credentials), expected));

  bytes = pd_test_server_get_request (fixture->server, 0)->body;
  body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (body, ==,
                   "Action=AssumeRole&Version=2011-06-15"
                   "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FDeploy"
                   "&RoleSessionName=pipedeck-s1&DurationSeconds=3600&ExternalId=ext-1"
                   "&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fme&TokenCode=123456");
  g_assert_true (pd_test_server_get_request (fixture->server, 0)->signature_ok);
}

static void
test_assume_role_bad_answers (Fixture       *fixture,
                              gconstpointer  data)
{
  static const struct {
    const char *body;
    guint       status;
    int         code;
    const char *part;
  } cases[] = {
    { ASSUMED ("<AccessKeyId>A</AccessKeyId><SecretAccessKey>s</SecretAccessKey>"
               "<Expiration>2026-11-26T18:00:00Z</Expiration>"), 200, PD_AWS_ERROR_PARSE,
      "SessionToken" },
    { ASSUMED ("<AccessKeyId>A</AccessKeyId><SecretAccessKey>s</SecretAccessKey>"
               "<SessionToken>t</SessionToken><Expiration>tomorrow</Expiration>"), 200,
      PD_AWS_ERROR_PARSE, "ISO-8601" },
    { ASSUMED ("<AccessKeyId></AccessKeyId><SecretAccessKey>s</SecretAccessKey>"
               "<SessionToken>t</SessionToken><Expiration>2026-11-26T18:00:00Z</Expiration>"), 200,
      PD_AWS_ERROR_PARSE, "empty" },
    { "<AssumeRoleResponse><AssumeRoleResult></AssumeRoleResult></AssumeRoleResponse>", 200,
      PD_AWS_ERROR_PARSE, "Credentials" },
    { "<AssumeRoleResponse><AssumeRoleResult><Credentials>x</Credentials></AssumeRoleResult>"
      "</AssumeRoleResponse>", 200, PD_AWS_ERROR_PARSE, "not an object" },
    { "<ErrorResponse><Error><Code>AccessDenied</Code><Message>User: x is not authorized to "
      "perform: sts:AssumeRole</Message></Error><RequestId>d-1</RequestId></ErrorResponse>", 403,
      PD_AWS_ERROR_ACCESS_DENIED, "not authorized" },
    { "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>expired</Message></Error>"
      "</ErrorResponse>", 400, PD_AWS_ERROR_EXPIRED_TOKEN, "expired" },
    { "<AssumeRoleResponse><AssumeRoleResult><Credentials>", 200, PD_AWS_ERROR_PARSE,
      "Malformed XML" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdAwsCredentials) credentials = NULL;

      reply (fixture, cases[i].status, cases[i].body);
      /* the static provider cannot refresh: an expired token is tried twice */
      if (cases[i].code == PD_AWS_ERROR_EXPIRED_TOKEN)
        reply (fixture, cases[i].status, cases[i].body);
      credentials = assume_role (fixture, NULL, NULL, NULL, 0, &error);
      g_assert_null (credentials);
      g_assert_error (error, PD_AWS_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].part) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].part);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/aws/sts/get-caller-identity", Fixture, NULL, setup, test_caller_identity,
              teardown);
  g_test_add ("/pd/aws/sts/assume-role", Fixture, NULL, setup, test_assume_role, teardown);
  g_test_add ("/pd/aws/sts/assume-role/bad-answers", Fixture, NULL, setup,
              test_assume_role_bad_answers, teardown);

  return g_test_run ();
}
