/* test-redaction.c
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

/* Every secret of a full cycle: the account's keys and token, the MFA code,
 * the role's keys and token from AssumeRole, and a Secrets Manager value. */
#define ACCOUNT_KEY_ID  "AKIDREDACTIONTEST"
#define ACCOUNT_SECRET  "AccountSecretKey/abc+123=="
#define ACCOUNT_TOKEN   "AccountSessionTokenZZ9"
#define MFA_CODE        "917364"
#define ROLE_KEY_ID     "ASIAROLEREDACTION"
#define ROLE_SECRET     "RoleSecretKey/xyz+789=="
#define ROLE_TOKEN      "RoleSessionTokenQQ7"
#define DB_PASSWORD     "DbPassword!Secret42"

static GString *captured;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

  g_string_append (captured, line);
  g_string_append_c (captured, '\n');

  /* keep warnings fatal and visible */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

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
assert_absent (const char *needle)
{
  if (strstr (captured->str, needle) != NULL)
    g_error ("the log shows the secret “%s”", needle);
}

static void
test_full_cycle (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  g_autoptr(PdAwsCredentials) account = NULL;
  g_autoptr(PdAwsCredentialsProvider) account_provider = NULL;
  g_autoptr(PdAwsCredentialsProvider) role_provider = NULL;
  g_autoptr(PdAwsClient) sts = NULL;
  g_autoptr(PdAwsClient) role_client = NULL;
  g_autoptr(PdAwsCredentials) role = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) secret = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  PdTestResponse assumed = {
    PD_TEST_REPLY, 200,
    "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
    "<Credentials><AccessKeyId>" ROLE_KEY_ID "</AccessKeyId><SecretAccessKey>" ROLE_SECRET
    "</SecretAccessKey><SessionToken>" ROLE_TOKEN "</SessionToken><Expiration>"
    "2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult><ResponseMetadata>"
    "<RequestId>rq</RequestId></ResponseMetadata></AssumeRoleResponse>",
    { "Content-Type", "text/xml", NULL }
  };
  PdTestResponse secret_value = {
    PD_TEST_REPLY, 200,
    "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db\",\"Name\":\"db\","
    "\"SecretString\":\"{\\\"password\\\":\\\"" DB_PASSWORD "\\\"}\",\"VersionStages\":[\"AWSCURRENT\"]}",
    { NULL }
  };
  Wait wait = { FALSE, NULL };

  pd_test_server_add_key (server, ACCOUNT_KEY_ID, ACCOUNT_SECRET);
  pd_test_server_add_key (server, ROLE_KEY_ID, ROLE_SECRET);
  pd_test_server_push (server, &assumed);
  pd_test_server_push (server, &secret_value);

  account = pd_aws_credentials_new (ACCOUNT_KEY_ID, ACCOUNT_SECRET, ACCOUNT_TOKEN, NULL, "test");
  account_provider = pd_aws_static_credentials_provider_new (account);
  sts = pd_aws_client_new (account_provider, "eu-west-1", pd_test_server_get_url (server));

  pd_aws_sts_assume_role_async (sts, "arn:aws:iam::123456789012:role/Deploy", "s1", NULL,
                                "arn:aws:iam::123456789012:mfa/me", MFA_CODE, 900, NULL,
                                on_done_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 10000);
  role = pd_aws_sts_assume_role_finish (sts, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_secret_access_key (role), ==, ROLE_SECRET);

  role_provider = pd_aws_static_credentials_provider_new (role);
  role_client = pd_aws_client_new (role_provider, "eu-west-1", pd_test_server_get_url (server));
  json_object_set_string_member (input, "SecretId", "db");
  wait.done = FALSE;
  pd_aws_client_call_async (role_client, "secretsmanager", "GetSecretValue", input, NULL,
                            on_done_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 10000);
  secret = pd_aws_client_call_finish (role_client, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);

  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 2);
  g_assert_true (pd_test_server_get_request (server, 0)->signature_ok);
  g_assert_true (pd_test_server_get_request (server, 1)->signature_ok);

  /* the log did record the cycle, bodies included */
  g_assert_nonnull (strstr (captured->str, "AssumeRole"));
  g_assert_nonnull (strstr (captured->str, "GetSecretValue"));
  g_assert_nonnull (strstr (captured->str, ROLE_KEY_ID));
  g_assert_nonnull (strstr (captured->str, "RoleSessionName=s1"));
  g_assert_nonnull (strstr (captured->str, "VersionStages"));
  g_assert_nonnull (strstr (captured->str, "<redacted>"));

  /* and no secret, token, MFA code or signature */
  assert_absent (ACCOUNT_SECRET);
  assert_absent (ACCOUNT_TOKEN);
  assert_absent (MFA_CODE);
  assert_absent (ROLE_SECRET);
  assert_absent (ROLE_TOKEN);
  assert_absent (DB_PASSWORD);
  for (guint i = 0; i < pd_test_server_get_n_requests (server); i++)
    {
      const char *signature = pd_test_server_get_request (server, i)->signature;

      g_assert_nonnull (signature);
      assert_absent (signature);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* every debug message, as G_MESSAGES_DEBUG=all shows them */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/aws/client/log-redaction", test_full_cycle);

  return g_test_run ();
}
