/* test-pipedeck-aws.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "pd-test-aws-server.h"
#include "pd-test-utils.h"

#define KEY_ID "AKIDCLITEST"
#define SECRET "cli-test-secret"

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  int       status;
} Run;

static void
on_communicated_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (G_SUBPROCESS (object)));
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  run->done = TRUE;
}

/* The server lives in this process: run programs without blocking on it. */
static void
run_program (const char         *tool,
             PdTestServer       *server,
             const char * const *env,
             const char * const *args,
             Run                *run)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (tool);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", KEY_ID, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", SECRET, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_REGION", "eu-west-1", TRUE);
  if (server != NULL)
    g_subprocess_launcher_setenv (launcher, "AWS_ENDPOINT_URL", pd_test_server_get_url (server),
                                  TRUE);
  /* an empty AWS_PROFILE names a profile "" for awscli: unset them */
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_unsetenv (launcher, "AWS_DEFAULT_PROFILE");
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  g_ptr_array_add (argv, (gpointer) tool);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated_cb, run);
  pd_test_wait_for_flag (&run->done, 30000);
}

static void
run_tool (PdTestServer       *server,
          const char * const *env,
          const char * const *args,
          Run                *run)
{
  run_program (g_getenv ("PD_PIPEDECK_AWS"), server, env, args, run);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->done = FALSE;
}

static void
test_caller_identity (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  PdTestResponse identity = {
    PD_TEST_REPLY, 200,
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn>"
    "<UserId>AIDACLI</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
    "<ResponseMetadata><RequestId>cli-1</RequestId></ResponseMetadata>"
    "</GetCallerIdentityResponse>",
    { "Content-Type", "text/xml", NULL }
  };
  const char * const args[] = { "sts", "GetCallerIdentity", NULL };
  JsonObject *object;
  Run run = { 0 };

  pd_test_server_add_key (server, KEY_ID, SECRET);
  pd_test_server_push (server, &identity);
  run_tool (server, NULL, args, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  node = json_from_string (run.out, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "Account"), ==, "123456789012");
  g_assert_cmpstr (json_object_get_string_member (object, "Arn"), ==,
                   "arn:aws:iam::123456789012:user/dev");
  g_assert_cmpstr (json_object_get_string_member (object, "UserId"), ==, "AIDACLI");
  /* pretty-printed */
  g_assert_nonnull (strstr (run.out, "\n  \"Account\""));

  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 1);
  g_assert_true (pd_test_server_get_request (server, 0)->signature_ok);
  g_assert_cmpstr (pd_test_server_get_request (server, 0)->access_key_id, ==, KEY_ID);
  run_clear (&run);
}

static void
test_generic_operations (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  PdTestResponse stages = { PD_TEST_REPLY, 200, "{\"item\":[{\"stageName\":\"prod\"}]}",
                            { "Content-Type", "application/json", NULL } };
  PdTestResponse pipelines = { PD_TEST_REPLY, 200, "{\"pipelines\":[]}", { NULL } };
  const char * const stages_args[] = { "apigateway", "GetStages", "{\"restApiId\":\"a1\"}", NULL };
  const char * const json_args[] = { "codepipeline", "ListPipelinesV9", "{\"maxResults\":5}",
                                     NULL };
  const char * const service_env[] = { "AWS_ENDPOINT_URL_CODEPIPELINE", NULL, NULL };
  g_autofree char *body = NULL;
  PdTestRequest *request;
  Run run = { 0 };

  pd_test_server_add_key (server, KEY_ID, SECRET);
  pd_test_server_push (server, &stages);
  run_tool (server, NULL, stages_args, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"item\""));
  request = pd_test_server_get_request (server, 0);
  g_assert_cmpstr (request->path, ==, "/restapis/a1/stages");
  g_assert_true (request->signature_ok);
  run_clear (&run);

  /* json protocols take any operation name; the service variable wins */
  {
    g_autoptr(PdTestServer) other = pd_test_server_new ();
    const char *env[] = { service_env[0], pd_test_server_get_url (other), NULL };

    pd_test_server_add_key (other, KEY_ID, SECRET);
    pd_test_server_push (other, &pipelines);
    run_tool (server, env, json_args, &run);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpuint (pd_test_server_get_n_requests (other), ==, 1);
    g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 1);
    request = pd_test_server_get_request (other, 0);
    body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
    g_assert_cmpstr (body, ==, "{\"maxResults\":5}");
    g_assert_cmpstr (soup_message_headers_get_one (request->headers, "X-Amz-Target"), ==,
                     "CodePipeline_20150709.ListPipelinesV9");
    g_assert_true (request->signature_ok);
    run_clear (&run);
  }
}

static void
test_errors (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  PdTestResponse denied = {
    PD_TEST_REPLY, 403,
    "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not "
    "authorized</Message></Error><RequestId>req-42</RequestId></ErrorResponse>",
    { "Content-Type", "text/xml", NULL }
  };
  const char * const args[] = { "sts", "GetCallerIdentity", NULL };
  const char * const remote[] = { "--endpoint-url", "http://192.0.2.10", "sts",
                                  "GetCallerIdentity", NULL };
  const char * const no_args[] = { NULL };
  const char * const bad_service[] = { "s3", "ListBuckets", NULL };
  const char * const bad_json[] = { "logs", "DescribeLogGroups", "{not json", NULL };
  const char * const array_json[] = { "logs", "DescribeLogGroups", "[1]", NULL };
  const char * const unknown_rest[] = { "lambda", "Invoke", NULL };
  const char * const no_region_env[] = { "AWS_REGION", "", "AWS_DEFAULT_REGION", "", NULL };
  Run run = { 0 };

  pd_test_server_push (server, &denied);
  run_tool (server, NULL, args, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "AccessDenied: User is not authorized (req-42)\n");
  run_clear (&run);

  run_tool (server, NULL, remote, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "loopback"));
  run_clear (&run);

  run_tool (server, NULL, unknown_rest, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "URI template"));
  run_clear (&run);

  run_tool (server, NULL, no_args, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "SERVICE Operation"));
  run_clear (&run);

  run_tool (server, NULL, bad_service, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown service"));
  run_clear (&run);

  run_tool (server, NULL, bad_json, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "JSON object"));
  run_clear (&run);

  run_tool (server, NULL, array_json, &run);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  /* AWS_MAX_ATTEMPTS is honoured: one attempt, no retry of the 503 */
  {
    PdTestResponse unavailable = { PD_TEST_REPLY, 503, "", { NULL } };
    const char * const one_attempt[] = { "AWS_MAX_ATTEMPTS", "1", NULL };
    const char * const bad_attempts[] = { "AWS_MAX_ATTEMPTS", "many", NULL };

    pd_test_server_push (server, &unavailable);
    run_tool (server, one_attempt, args, &run);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.err, ==, "503: HTTP 503 with an empty body\n");
    g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 2);
    run_clear (&run);

    run_tool (server, bad_attempts, args, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "AWS_MAX_ATTEMPTS"));
    run_clear (&run);
  }

  run_tool (server, no_region_env, args, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "region"));
  run_clear (&run);

  /* only the two calls above reached the server */
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 2);
}

static void
test_profile (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  g_autoptr(PdTestServer) logs_server = pd_test_server_new ();
  g_autofree char *dir = g_dir_make_tmp ("pipedeck-aws-XXXXXX", NULL);
  g_autofree char *config_path = g_build_filename (dir, "config", NULL);
  g_autofree char *credentials_path = g_build_filename (dir, "credentials", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  PdTestResponse identity = {
    PD_TEST_REPLY, 200,
    "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/p</Arn>"
    "<UserId>AIDAP</UserId><Account>111122223333</Account></GetCallerIdentityResult>"
    "</GetCallerIdentityResponse>",
    { "Content-Type", "text/xml", NULL }
  };
  PdTestResponse groups = { PD_TEST_REPLY, 200, "{\"logGroups\":[]}", { NULL } };
  const char * const env[] = {
    "AWS_CONFIG_FILE", config_path, "AWS_SHARED_CREDENTIALS_FILE", credentials_path,
    "AWS_ENDPOINT_URL", "", "AWS_REGION", "", "AWS_DEFAULT_REGION", "", NULL
  };
  const char * const sts_args[] = { "--profile", "dev", "sts", "GetCallerIdentity", NULL };
  const char * const logs_args[] = { "--profile", "dev", "logs", "DescribeLogGroups", NULL };
  const char * const missing_args[] = { "--profile", "nope", "sts", "GetCallerIdentity", NULL };
  Run run = { 0 };

  g_assert_nonnull (dir);
  config = g_strdup_printf ("[profile dev]\nregion = ap-east-1\nendpoint_url = %s\n"
                            "services = local\n\n[services local]\ncloudwatch_logs =\n"
                            "  endpoint_url = %s\n",
                            pd_test_server_get_url (server), pd_test_server_get_url (logs_server));
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (credentials_path,
                       "[dev]\naws_access_key_id = AKIDPROFILE\n"
                       "aws_secret_access_key = profile-secret\n", -1, &error);
  g_assert_no_error (error);
  pd_test_server_add_key (server, "AKIDPROFILE", "profile-secret");
  pd_test_server_add_key (logs_server, "AKIDPROFILE", "profile-secret");

  /* the profile's keys, region and endpoint_url; the environment's keys
   * are skipped because a profile was named */
  pd_test_server_push (server, &identity);
  run_tool (NULL, env, sts_args, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "111122223333"));
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 1);
  g_assert_cmpstr (pd_test_server_get_request (server, 0)->access_key_id, ==, "AKIDPROFILE");
  g_assert_true (pd_test_server_get_request (server, 0)->signature_ok);
  g_assert_nonnull (strstr (soup_message_headers_get_one (pd_test_server_get_request (server, 0)->headers,
                                                          "Authorization"),
                            "/ap-east-1/sts/aws4_request"));
  run_clear (&run);

  /* the services section sends CloudWatch Logs elsewhere */
  pd_test_server_push (logs_server, &groups);
  run_tool (NULL, env, logs_args, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (pd_test_server_get_n_requests (logs_server), ==, 1);
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 1);
  g_assert_true (pd_test_server_get_request (logs_server, 0)->signature_ok);
  run_clear (&run);

  run_tool (NULL, env, missing_args, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "nope"));
  run_clear (&run);

  g_unlink (config_path);
  g_unlink (credentials_path);
  g_rmdir (dir);
}

static JsonNode *
parse_output (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The same call through Debian's awscli and through pipedeck-aws: the
 * requests on the wire and the printed results must agree. */
static void
compare_with_awscli (const char * const *aws_args,
                     const char * const *pd_args,
                     const PdTestResponse *response)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) aws_output = NULL;
  g_autoptr(JsonNode) pd_output = NULL;
  const char *awscli = g_getenv ("PD_AWSCLI");
  const char * const env[] = {
    "AWS_DEFAULT_REGION", "eu-west-1", "AWS_PAGER", "", "AWS_CONFIG_FILE", "/dev/null",
    "AWS_RETRY_MODE", "standard", NULL
  };
  PdTestRequest *aws_request;
  PdTestRequest *pd_request;
  Run run = { 0 };

  if (awscli == NULL || awscli[0] == '\0')
    awscli = "/usr/bin/aws";
  g_assert_true (g_file_test (awscli, G_FILE_TEST_IS_EXECUTABLE));

  g_ptr_array_add (argv, g_strdup ("--endpoint-url"));
  g_ptr_array_add (argv, g_strdup (pd_test_server_get_url (server)));
  for (guint i = 0; aws_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (aws_args[i]));
  g_ptr_array_add (argv, NULL);

  pd_test_server_add_key (server, KEY_ID, SECRET);
  pd_test_server_push (server, response);
  pd_test_server_push (server, response);

  run_program (awscli, NULL, env, (const char * const *) argv->pdata, &run);
  if (run.status != 0)
    g_error ("awscli failed (%d): %s%s", run.status, run.out, run.err);
  aws_output = parse_output (run.out);
  run_clear (&run);

  run_tool (server, env, pd_args, &run);
  g_assert_cmpint (run.status, ==, 0);
  pd_output = parse_output (run.out);
  run_clear (&run);

  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 2);
  aws_request = pd_test_server_get_request (server, 0);
  pd_request = pd_test_server_get_request (server, 1);
  g_assert_true (aws_request->signature_ok);
  g_assert_true (pd_request->signature_ok);
  g_assert_cmpstr (pd_request->method, ==, aws_request->method);
  g_assert_cmpstr (pd_request->path, ==, aws_request->path);
  g_assert_cmpstr (pd_request->query, ==, aws_request->query);
  g_assert_cmpstr (soup_message_headers_get_one (pd_request->headers, "X-Amz-Target"), ==,
                   soup_message_headers_get_one (aws_request->headers, "X-Amz-Target"));
  g_assert_cmpstr (soup_message_headers_get_content_type (pd_request->headers, NULL), ==,
                   soup_message_headers_get_content_type (aws_request->headers, NULL));
  if (strstr (soup_message_headers_get_content_type (pd_request->headers, NULL) ?: "", "json"))
    {
      /* botocore writes ", " and ": "; the documents must be the same */
      g_autofree char *a = g_strndup (g_bytes_get_data (aws_request->body, NULL),
                                      g_bytes_get_size (aws_request->body));
      g_autofree char *b = g_strndup (g_bytes_get_data (pd_request->body, NULL),
                                      g_bytes_get_size (pd_request->body));
      g_autoptr(JsonNode) aws_body = parse_output (a);
      g_autoptr(JsonNode) pd_body = parse_output (b);

      g_assert_true (json_node_equal (aws_body, pd_body));
    }
  else
    g_assert_true (g_bytes_equal (pd_request->body, aws_request->body));

  if (!json_node_equal (aws_output, pd_output))
    {
      g_autofree char *a = json_to_string (aws_output, FALSE);
      g_autofree char *b = json_to_string (pd_output, FALSE);

      g_error ("awscli printed %s, pipedeck-aws printed %s", a, b);
    }
}

static void
test_awscli_query (void)
{
  PdTestResponse identity = {
    PD_TEST_REPLY, 200,
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn>"
    "<UserId>AIDACLI</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
    "<ResponseMetadata><RequestId>cli-1</RequestId></ResponseMetadata>"
    "</GetCallerIdentityResponse>",
    { "Content-Type", "text/xml", NULL }
  };
  const char * const aws_args[] = { "sts", "get-caller-identity", NULL };
  const char * const pd_args[] = { "sts", "GetCallerIdentity", NULL };

  compare_with_awscli (aws_args, pd_args, &identity);
}

static void
test_awscli_json (void)
{
  PdTestResponse groups = {
    PD_TEST_REPLY, 200,
    "{\"logGroups\":[{\"logGroupName\":\"/aws/codebuild/todo\",\"storedBytes\":42,"
    "\"creationTime\":1700000000000}],\"nextToken\":\"t/2\"}",
    { NULL }
  };
  const char * const aws_args[] = { "logs", "describe-log-groups", "--limit", "5",
                                    "--log-group-name-prefix", "/aws/code build", "--no-paginate",
                                    NULL };
  const char * const pd_args[] = { "logs", "DescribeLogGroups",
                                   "{\"logGroupNamePrefix\":\"/aws/code build\",\"limit\":5}", NULL };

  compare_with_awscli (aws_args, pd_args, &groups);
}

static void
test_awscli_rest_json (void)
{
  PdTestResponse stages = {
    PD_TEST_REPLY, 200,
    "{\"item\":[{\"stageName\":\"prod v2\",\"deploymentId\":\"d1\",\"tracingEnabled\":false,"
    "\"methodSettings\":{\"*/*\":{\"throttlingBurstLimit\":5000}}}]}",
    { "Content-Type", "application/json", NULL }
  };
  const char * const aws_args[] = { "apigateway", "get-stages", "--rest-api-id", "a1 b",
                                    "--deployment-id", "d/1", NULL };
  const char * const pd_args[] = { "apigateway", "GetStages",
                                   "{\"restApiId\":\"a1 b\",\"deploymentId\":\"d/1\"}", NULL };

  compare_with_awscli (aws_args, pd_args, &stages);
}

/* pipedeck-sandbox prints KEY=value lines, the account ID last. */
static GHashTable *
read_sandbox_settings (GSubprocess *process)
{
  GInputStream *out = g_subprocess_get_stdout_pipe (process);
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (out);
  GHashTable *settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  char *line;

  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      g_auto(GStrv) kv = g_strsplit (line, "=", 2);

      g_free (line);
      g_assert_nonnull (kv[1]);
      g_hash_table_insert (settings, g_strdup (kv[0]), g_strdup (kv[1]));
      if (g_str_equal (kv[0], "PD_SANDBOX_ACCOUNT_ID"))
        break;
    }
  g_assert_true (g_hash_table_contains (settings, "PD_SANDBOX_ACCOUNT_ID"));
  return settings;
}

static void
on_sandbox_exited_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* As a user of a local emulator runs it: the endpoint as
 * http://localhost:PORT, the keys and region in the environment, one call
 * of every service Pipedeck uses. */
static void
test_local_emulator (void)
{
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GHashTable) settings = NULL;
  g_autoptr(GUri) printed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *localhost = NULL;
  g_autofree char *named = NULL;
  g_autofree char *metrics = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *binary = g_getenv ("PD_SANDBOX_BINARY");
  const char *env[11];
  const char * const identity_args[] = { "sts", "GetCallerIdentity", NULL };
  struct {
    const char *args[4];
    const char *member;
  } calls[] = {
    { { "sts", "GetCallerIdentity", NULL }, "Account" },
    { { "codepipeline", "ListPipelines", NULL }, "pipelines" },
    { { "codebuild", "BatchGetProjects", "{\"names\":[\"todo-list-aws-unit-tests\"]}" },
      "projects" },
    { { "codecommit", "GetBranch",
        "{\"repositoryName\":\"todo-list-aws\",\"branchName\":\"main\"}" }, "branch" },
    { { "logs", "DescribeLogStreams",
        "{\"logGroupName\":\"/aws/codebuild/todo-list-aws-unit-tests\",\"limit\":2}" },
      "logStreams" },
    { { "apigateway", "GetRestApis", NULL }, "items" },
    { { "wafv2", "ListWebACLs", "{\"Scope\":\"REGIONAL\"}" }, "WebACLs" },
    { { "rds", "DescribeDBClusters", NULL }, "DBClusters" },
    { { "secretsmanager", "ListSecrets", NULL }, "SecretList" },
    { { "lambda", "ListFunctions", NULL }, "Functions" },
    { { "cloudwatch", "GetMetricData", NULL }, "MetricDataResults" },
  };
  gboolean exited = FALSE;
  Run run = { 0 };

  g_assert_nonnull (binary);
  sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--port", "0",
                              "--seed", "7", NULL);
  g_assert_no_error (error);
  settings = read_sandbox_settings (sandbox);
  printed = g_uri_parse (g_hash_table_lookup (settings, "AWS_ENDPOINT_URL"), G_URI_FLAGS_NONE,
                         &error);
  g_assert_no_error (error);
  localhost = g_strdup_printf ("http://localhost:%d", g_uri_get_port (printed));
  /* GLib answers names under .localhost with loopback addresses itself:
   * a name pinned to loopback, with no DNS involved */
  named = g_strdup_printf ("http://emulator.localhost:%d", g_uri_get_port (printed));
  metrics = g_strdup_printf ("{\"MetricDataQueries\":[{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":"
                             "{\"Namespace\":\"AWS/Lambda\",\"MetricName\":\"Invocations\","
                             "\"Dimensions\":[{\"Name\":\"FunctionName\",\"Value\":"
                             "\"todos-list\"}]},\"Period\":3600,\"Stat\":\"Sum\"}}],"
                             "\"StartTime\":%" G_GINT64_FORMAT ",\"EndTime\":%" G_GINT64_FORMAT "}",
                             g_date_time_to_unix (now) - 86400, g_date_time_to_unix (now));
  calls[G_N_ELEMENTS (calls) - 1].args[2] = metrics;

  env[0] = "AWS_ENDPOINT_URL";
  env[1] = localhost;
  env[2] = "AWS_ACCESS_KEY_ID";
  env[3] = g_hash_table_lookup (settings, "AWS_ACCESS_KEY_ID");
  env[4] = "AWS_SECRET_ACCESS_KEY";
  env[5] = g_hash_table_lookup (settings, "AWS_SECRET_ACCESS_KEY");
  env[6] = "AWS_DEFAULT_REGION";
  env[7] = g_hash_table_lookup (settings, "AWS_DEFAULT_REGION");
  env[8] = "AWS_REGION";
  env[9] = "";
  env[10] = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;

      run_tool (NULL, env, calls[i].args, &run);
      if (run.status != 0)
        g_error ("pipedeck-aws %s %s failed (%d): %s", calls[i].args[0], calls[i].args[1],
                 run.status, run.err);
      g_assert_cmpstr (run.err, ==, "");
      node = parse_output (run.out);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      object = json_node_get_object (node);
      g_assert_true (json_object_has_member (object, calls[i].member));
      if (i == 0)
        g_assert_cmpstr (json_object_get_string_member (object, "Account"), ==,
                         g_hash_table_lookup (settings, "PD_SANDBOX_ACCOUNT_ID"));
      else
        g_assert_false (json_node_is_null (json_object_get_member (object, calls[i].member)));
      run_clear (&run);
    }

  /* The same through a host name that resolves only to loopback */
  env[1] = named;
  run_tool (NULL, env, identity_args, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, g_hash_table_lookup (settings, "PD_SANDBOX_ACCOUNT_ID")));
  run_clear (&run);

  /* The sandbox checks signatures with its own keys: the dummy keys
   * emulators conventionally take are refused, and said so */
  {
    const char * const dummy_env[] = {
      "AWS_ENDPOINT_URL", localhost, "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
      "AWS_DEFAULT_REGION", "eu-west-1", "AWS_REGION", "", NULL
    };

    run_tool (NULL, dummy_env, identity_args, &run);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_true (g_str_has_prefix (run.err, "InvalidClientTokenId: "));
    run_clear (&run);
  }

  g_subprocess_send_signal (sandbox, SIGTERM);
  g_subprocess_wait_async (sandbox, NULL, on_sandbox_exited_cb, &exited);
  pd_test_wait_for_flag (&exited, 10000);
  g_assert_true (g_subprocess_get_if_exited (sandbox));
  g_assert_cmpint (g_subprocess_get_exit_status (sandbox), ==, 0);
}

/* Local emulators label their JSON as text/html: both tools read it by
 * what it is */
static void
test_awscli_labelled_html (void)
{
  PdTestResponse groups = {
    PD_TEST_REPLY, 200,
    "{\"logGroups\":[{\"logGroupName\":\"/aws/codebuild/todo\",\"storedBytes\":42}]}",
    { "Content-Type", "text/html; charset=utf-8", NULL }
  };
  PdTestResponse stages = {
    PD_TEST_REPLY, 200, "{\"item\":[{\"stageName\":\"prod\",\"deploymentId\":\"d1\"}]}",
    { "Content-Type", "text/html; charset=utf-8", NULL }
  };
  const char * const logs_aws[] = { "logs", "describe-log-groups", "--no-paginate", NULL };
  const char * const logs_pd[] = { "logs", "DescribeLogGroups", NULL };
  const char * const stages_aws[] = { "apigateway", "get-stages", "--rest-api-id", "a1", NULL };
  const char * const stages_pd[] = { "apigateway", "GetStages", "{\"restApiId\":\"a1\"}", NULL };

  compare_with_awscli (logs_aws, logs_pd, &groups);
  compare_with_awscli (stages_aws, stages_pd, &stages);
}

/* A captive portal's page, labelled as JSON, is named as a page */
static void
test_portal_page (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  PdTestResponse portal = {
    PD_TEST_REPLY, 200,
    "<!DOCTYPE html>\n<html><head><title>Hotel Wi-Fi Login</title></head><body></body></html>",
    { "Content-Type", "application/x-amz-json-1.1", NULL }
  };
  const char * const args[] = { "logs", "DescribeLogGroups", NULL };
  Run run = { 0 };

  pd_test_server_add_key (server, KEY_ID, SECRET);
  pd_test_server_push (server, &portal);
  run_tool (server, NULL, args, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "Received an HTML page instead of an AWS response "
                                     "(HTTP 200, “Hotel Wi-Fi Login”)"));
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 1);
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/tools/pipedeck-aws/sts-get-caller-identity", test_caller_identity);
  g_test_add_func ("/pd/tools/pipedeck-aws/generic-operations", test_generic_operations);
  g_test_add_func ("/pd/tools/pipedeck-aws/errors", test_errors);
  g_test_add_func ("/pd/tools/pipedeck-aws/profile", test_profile);
  g_test_add_func ("/pd/tools/pipedeck-aws/local-emulator", test_local_emulator);
  g_test_add_func ("/pd/tools/pipedeck-aws/awscli/query", test_awscli_query);
  g_test_add_func ("/pd/tools/pipedeck-aws/awscli/json", test_awscli_json);
  g_test_add_func ("/pd/tools/pipedeck-aws/awscli/rest-json", test_awscli_rest_json);
  g_test_add_func ("/pd/tools/pipedeck-aws/awscli/labelled-html", test_awscli_labelled_html);
  g_test_add_func ("/pd/tools/pipedeck-aws/portal-page", test_portal_page);

  return g_test_run ();
}
