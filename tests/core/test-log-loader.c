/* test-log-loader.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-credentials.h"
#include "pd-aws-error.h"
#include "pd-log-loader.h"
#include "pd-sandbox.h"
#include "pd-sandbox-cicd-private.h"
#include "pd-test-utils.h"

/* Against an in-process sandbox (real HTTP on loopback, real signatures),
 * and a small loopback server for the states the sandbox cannot show
 * (a stream not created yet, a deleted one, a build without logs). */

typedef struct
{
  PdSandbox   *sandbox;
  PdAwsClient *client;
} Fixture;

static double
random_cb (gpointer user_data)
{
  return 0.0;
}

static guint
sleep_cb (guint    delay_ms,
          gpointer user_data)
{
  return 0;
}

static PdAwsClient *
make_client (const char *endpoint,
             const char *access_key,
             const char *secret_key)
{
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  PdAwsClient *client;

  credentials = pd_aws_credentials_new (access_key, secret_key, NULL, NULL, "test");
  provider = pd_aws_static_credentials_provider_new (credentials);
  client = pd_aws_client_new (provider, "eu-west-1", endpoint);
  pd_aws_client_set_retry_hooks (client, random_cb, sleep_cb, NULL);
  return client;
}

static void
setup_full (Fixture *fixture,
            double   speed,
            guint64  log_lines)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = pd_sandbox_new_full (speed, 1, log_lines);
  g_assert_true (pd_sandbox_start (fixture->sandbox, 0, &error));
  g_assert_no_error (error);
  fixture->client = make_client (pd_sandbox_get_endpoint (fixture->sandbox),
                                 pd_sandbox_get_access_key_id (fixture->sandbox),
                                 pd_sandbox_get_secret_key (fixture->sandbox));
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  setup_full (fixture, 1.0, 0);
}

static void
setup_fast (Fixture       *fixture,
            gconstpointer  data)
{
  setup_full (fixture, 20.0, 0);
}

static void
setup_long (Fixture       *fixture,
            gconstpointer  data)
{
  setup_full (fixture, 1.0, 30000);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_clear_object (&fixture->client);
  pd_sandbox_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
}

typedef struct
{
  gboolean  done;
  JsonNode *node;
  GError   *error;
} Call;

static void
on_call_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Call *call = user_data;

  call->node = pd_aws_client_call_finish (PD_AWS_CLIENT (object), result, &call->error);
  call->done = TRUE;
}

static JsonNode *
call_json (PdAwsClient *client,
           const char  *service,
           const char  *operation,
           const char  *input_json)
{
  g_autoptr(JsonNode) input = json_from_string (input_json, NULL);
  Call call = { 0, };

  g_assert_nonnull (input);
  pd_aws_client_call_async (client, service, operation, json_node_get_object (input), NULL,
                            on_call_cb, &call);
  pd_test_wait_for_flag (&call.done, 20000);
  g_assert_no_error (call.error);
  return call.node;
}

/* The builds of a project, newest first. */
static GStrv
list_builds (PdAwsClient *client,
             const char  *project)
{
  g_autofree char *input = g_strdup_printf ("{\"projectName\":\"%s\",\"sortOrder\":\"DESCENDING\"}",
                                            project);
  g_autoptr(JsonNode) node = call_json (client, "codebuild", "ListBuildsForProject", input);
  JsonArray *ids = json_object_get_array_member (json_node_get_object (node), "ids");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < json_array_get_length (ids); i++)
    g_strv_builder_add (builder, json_array_get_string_element (ids, i));
  return g_strv_builder_end (builder);
}

static char *
build_status (PdAwsClient *client,
              const char  *build_id)
{
  g_autofree char *input = g_strdup_printf ("{\"ids\":[\"%s\"]}", build_id);
  g_autoptr(JsonNode) node = call_json (client, "codebuild", "BatchGetBuilds", input);
  JsonArray *builds = json_object_get_array_member (json_node_get_object (node), "builds");

  return g_strdup (json_object_get_string_member (json_array_get_object_element (builds, 0),
                                                  "buildStatus"));
}

typedef struct
{
  gboolean      done;
  PdAwsLogPage *page;
  GError       *error;
} PageWait;

static void
on_filter_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PageWait *wait = user_data;

  wait->page = pd_aws_logs_filter_log_events_finish (PD_AWS_CLIENT (object), result,
                                                     &wait->error);
  wait->done = TRUE;
}

/* The sandbox's own copy of a stream, read with FilterLogEvents (another
 * operation than the loader's), with SGR codes removed by a separate,
 * simpler rule than the store's. */
static GPtrArray *
dump_stream (PdAwsClient *client,
             const char  *build_id)
{
  g_autoptr(GRegex) sgr = g_regex_new ("\x1b\\[[0-9;]*m", 0, 0, NULL);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *colon = strchr (build_id, ':');
  g_autofree char *project = g_strndup (build_id, colon - build_id);
  g_autofree char *group = g_strdup_printf ("/aws/codebuild/%s", project);
  const char *streams[] = { colon + 1, NULL };
  g_autofree char *token = NULL;

  do
    {
      PageWait wait = { 0, };

      pd_aws_logs_filter_log_events_async (client, group, streams, NULL, token, 0, NULL,
                                           on_filter_cb, &wait);
      pd_test_wait_for_flag (&wait.done, 20000);
      g_assert_no_error (wait.error);
      for (guint i = 0; i < pd_aws_log_page_get_n_events (wait.page); i++)
        {
          gsize length = 0;
          const char *message = pd_aws_log_page_get_message (wait.page, i, &length);
          g_autofree char *text = g_strndup (message, length);

          g_ptr_array_add (lines, g_regex_replace_literal (sgr, text, -1, 0, "", 0, NULL));
        }
      g_free (token);
      token = g_strdup (wait.page->next_token);
      pd_aws_log_page_unref (wait.page);
    }
  while (token != NULL);
  return lines;
}

static void
assert_store_equals (PdLogStore *store,
                     GPtrArray  *expected)
{
  g_assert_cmpuint (pd_log_store_get_n_lines (store), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *text = pd_log_store_dup_line_text (store, i, NULL);

      if (g_strcmp0 (text, g_ptr_array_index (expected, i)) != 0)
        g_error ("line %u: “%s”, expected “%s”", i, text,
                 (const char *) g_ptr_array_index (expected, i));
    }
}

static gboolean
loader_finished (gpointer data)
{
  return pd_log_loader_is_finished (data);
}

static void
wait_finished (PdLogLoader *loader,
               guint        timeout_ms)
{
  pd_test_wait_until (loader_finished, loader, timeout_ms);
  g_assert_true (pd_log_loader_is_finished (loader));
}

static void
test_finished_build (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(GStrv) builds = list_builds (fixture->client, "todo-list-aws-package");
  g_autoptr(PdLogLoader) loader = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *status = NULL;

  g_assert_nonnull (builds[0]);
  status = build_status (fixture->client, builds[0]);
  g_assert_cmpstr (status, ==, "SUCCEEDED");

  loader = pd_log_loader_new (fixture->client, builds[0]);
  pd_log_loader_start (loader);
  wait_finished (loader, 20000);
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_COMPLETE);
  g_assert_false (pd_log_loader_get_tail_first (loader));
  g_assert_cmpint (pd_log_loader_get_build_status (loader), ==, PD_AWS_BUILD_STATUS_SUCCEEDED);
  g_assert_true (g_str_has_prefix (pd_log_loader_get_deep_link (loader),
                                   "https://console.aws.amazon.com/cloudwatch/"));
  g_assert_null (pd_log_loader_dup_message (loader));

  expected = dump_stream (fixture->client, builds[0]);
  g_assert_cmpuint (expected->len, >, 40);
  assert_store_equals (pd_log_loader_get_store (loader), expected);
}

typedef struct
{
  PdLogStore *store;
  char       *first_seen_last_line;
} FirstPage;

static void
on_first_lines_cb (PdLogStore *store,
                   GParamSpec *pspec,
                   FirstPage  *first)
{
  guint n = pd_log_store_get_n_lines (store);

  if (first->first_seen_last_line == NULL && n > 0)
    first->first_seen_last_line = pd_log_store_dup_line_text (store, n - 1, NULL);
}

static void
test_failed_build_tail_first (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char * const projects[] = {
    "todo-list-aws-unit-tests", "todo-list-aws-quality", "todo-list-aws-security",
    "todo-list-aws-deploy-staging", "todo-list-aws-integration-tests",
    "todo-list-aws-deploy-production", "todo-list-infra-apply", "todo-list-infra-terratest",
  };
  g_autoptr(PdLogLoader) loader = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *failed = NULL;
  FirstPage first = { 0, };
  gulong id;

  for (guint p = 0; p < G_N_ELEMENTS (projects) && failed == NULL; p++)
    {
      g_auto(GStrv) builds = list_builds (fixture->client, projects[p]);

      for (guint i = 0; builds[i] != NULL && failed == NULL; i++)
        {
          g_autofree char *status = build_status (fixture->client, builds[i]);

          if (g_strcmp0 (status, "FAILED") == 0)
            failed = g_strdup (builds[i]);
        }
    }
  g_assert_nonnull (failed);

  loader = pd_log_loader_new (fixture->client, failed);
  id = g_signal_connect (pd_log_loader_get_store (loader), "notify::n-lines",
                         G_CALLBACK (on_first_lines_cb), &first);
  pd_log_loader_start (loader);
  wait_finished (loader, 20000);
  g_clear_signal_handler (&id, pd_log_loader_get_store (loader));
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_COMPLETE);
  g_assert_true (pd_log_loader_get_tail_first (loader));

  expected = dump_stream (fixture->client, failed);
  assert_store_equals (pd_log_loader_get_store (loader), expected);
  /* The first lines shown were the end of the log, where the error is. */
  g_assert_cmpstr (first.first_seen_last_line, ==,
                   g_ptr_array_index (expected, expected->len - 1));
  g_free (first.first_seen_last_line);
}

static void
test_phase_jump (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(GStrv) builds = list_builds (fixture->client, "todo-list-aws-security");
  g_autoptr(PdLogLoader) loader = NULL;
  GListModel *phases;
  PdLogStore *store;
  guint checked = 0;

  loader = pd_log_loader_new (fixture->client, builds[0]);
  pd_log_loader_start (loader);
  wait_finished (loader, 20000);
  store = pd_log_loader_get_store (loader);
  phases = pd_log_store_get_phases (store);
  g_assert_cmpuint (g_list_model_get_n_items (phases), ==, 11);

  for (guint i = 0; i < g_list_model_get_n_items (phases); i++)
    {
      g_autoptr(PdLogPhase) phase = g_list_model_get_item (phases, i);
      const char *name = pd_log_phase_get_name (phase);
      g_autofree char *entering = g_strdup_printf ("Entering phase %s", name);
      g_autofree char *is = g_strdup_printf ("Phase is %s", name);
      g_autofree char *text = NULL;
      guint line = 0;

      if (g_str_equal (name, "INSTALL") || g_str_equal (name, "BUILD")
          || g_str_equal (name, "PRE_BUILD") || g_str_equal (name, "POST_BUILD")
          || g_str_equal (name, "DOWNLOAD_SOURCE"))
        {
          g_assert_true (pd_log_store_get_line_for_id (store,
                                                       pd_log_phase_get_first_line_id (phase),
                                                       &line));
          text = pd_log_store_dup_line_text (store, line, NULL);
          g_assert_true (g_str_has_suffix (text, entering) || g_str_has_suffix (text, is));
          /* No earlier line announces it. */
          for (guint k = 0; k < line; k++)
            {
              g_autofree char *before = pd_log_store_dup_line_text (store, k, NULL);

              g_assert_false (g_str_has_suffix (before, entering));
            }
          g_assert_cmpint (pd_log_phase_get_duration (phase), >=, 0);
          checked++;
        }
    }
  g_assert_cmpuint (checked, ==, 5);
}

typedef struct
{
  gboolean seen_following;
  guint    notifications;
} FollowSeen;

static void
on_follow_state_cb (PdLogLoader *loader,
                    GParamSpec  *pspec,
                    FollowSeen  *seen)
{
  if (pd_log_loader_get_state (loader) == PD_LOG_LOADER_STATE_FOLLOWING)
    seen->seen_following = TRUE;
}

static void
on_follow_lines_cb (PdLogStore *store,
                    GParamSpec *pspec,
                    FollowSeen *seen)
{
  seen->notifications++;
}

static gboolean
new_build_started (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  char **found = ((gpointer *) data)[2];
  const char *before = ((gpointer *) data)[1];
  g_auto(GStrv) builds = list_builds (fixture->client, "todo-list-aws-package");

  if (builds[0] != NULL && g_strcmp0 (builds[0], before) != 0)
    {
      *found = g_strdup (builds[0]);
      return TRUE;
    }
  return FALSE;
}

static void
test_follow_running_build (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(GStrv) before = list_builds (fixture->client, "todo-list-aws-package");
  g_autoptr(JsonNode) started = NULL;
  g_autoptr(PdLogLoader) loader = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *build_id = NULL;
  FollowSeen seen = { FALSE, 0 };
  gpointer args[3] = { fixture, before[0], &build_id };

  started = call_json (fixture->client, "codepipeline", "StartPipelineExecution",
                       "{\"name\":\"todo-list-aws\"}");
  g_assert_true (pd_test_wait_until (new_build_started, args, 20000));

  loader = pd_log_loader_new (fixture->client, build_id);
  pd_log_loader_set_timing (loader, 100, 10);
  pd_log_loader_set_settle_time (loader, 300);
  g_signal_connect (loader, "notify::state", G_CALLBACK (on_follow_state_cb), &seen);
  g_signal_connect (pd_log_loader_get_store (loader), "notify::n-lines",
                    G_CALLBACK (on_follow_lines_cb), &seen);
  pd_log_loader_start (loader);
  wait_finished (loader, 60000);
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_COMPLETE);
  g_assert_true (seen.seen_following);
  g_assert_cmpuint (seen.notifications, >, 3);

  expected = dump_stream (fixture->client, build_id);
  assert_store_equals (pd_log_loader_get_store (loader), expected);
  g_signal_handlers_disconnect_matched (loader, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, &seen);
  g_signal_handlers_disconnect_matched (pd_log_loader_get_store (loader), G_SIGNAL_MATCH_DATA,
                                        0, 0, NULL, NULL, &seen);
}

/* CloudWatch makes lines readable a while after the build wrote them: the
 * build may be over before its last lines can be read. Following it still
 * ends with every line, once. */
static void
test_follow_ingestion_lag (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(GStrv) before = list_builds (fixture->client, "todo-list-aws-package");
  g_autoptr(JsonNode) started = NULL;
  g_autoptr(PdLogLoader) loader = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *build_id = NULL;
  gpointer args[3] = { fixture, before[0], &build_id };
  gint64 deadline;

  /* 20 s of simulated time: 1 s at the fixture's speed, ten polls. */
  pd_sandbox_logs_set_ingestion_lag (fixture->sandbox, 20000);
  started = call_json (fixture->client, "codepipeline", "StartPipelineExecution",
                       "{\"name\":\"todo-list-aws\"}");
  g_assert_true (pd_test_wait_until (new_build_started, args, 20000));

  loader = pd_log_loader_new (fixture->client, build_id);
  pd_log_loader_set_timing (loader, 100, 10);
  pd_log_loader_set_settle_time (loader, 3000);
  pd_log_loader_start (loader);
  wait_finished (loader, 60000);
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_COMPLETE);

  /* Everything is readable by now: the store holds all of it. */
  deadline = g_get_monotonic_time () + 1500 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  expected = dump_stream (fixture->client, build_id);
  g_assert_cmpuint (expected->len, >, 10);
  assert_store_equals (pd_log_loader_get_store (loader), expected);
}

static void
test_paging_with_faults (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(GStrv) builds = list_builds (fixture->client, "todo-list-aws-unit-tests");
  g_autoptr(PdLogLoader) loader = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;

  /* Every failure reaches the loader: it must ask again at the same token. */
  pd_aws_client_set_max_attempts (fixture->client, 1);
  g_assert_true (pd_sandbox_set_faults (fixture->sandbox,
                                        "throttle=0.2,5xx=0.1,truncate=0.1,reset=0.05,"
                                        "service=logs", &error));
  g_assert_no_error (error);

  loader = pd_log_loader_new (fixture->client, builds[0]);
  pd_log_loader_set_timing (loader, 100, 1);
  pd_log_loader_start (loader);
  wait_finished (loader, 60000);
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_COMPLETE);
  g_test_message ("%u pages, %u retries", pd_log_loader_get_pages (loader),
                  pd_log_loader_get_retries (loader));
  g_assert_cmpuint (pd_log_loader_get_retries (loader), >, 0);

  g_assert_true (pd_sandbox_set_faults (fixture->sandbox, NULL, &error));
  pd_aws_client_set_max_attempts (fixture->client, 3);
  expected = dump_stream (fixture->client, builds[0]);
  g_assert_cmpuint (expected->len, ==, 30000);
  assert_store_equals (pd_log_loader_get_store (loader), expected);
}

static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  GPtrArray *groups = pd_log_search_builds_finish (result, &call->error);

  call->node = (JsonNode *) groups;
  call->done = TRUE;
}

static void
test_search_execution (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(GStrv) package = list_builds (fixture->client, "todo-list-aws-package");
  g_auto(GStrv) security = list_builds (fixture->client, "todo-list-aws-security");
  const char *ids[] = { package[0], security[0], NULL };
  g_autoptr(GPtrArray) groups = NULL;
  Call call = { 0, };

  pd_log_search_builds_async (fixture->client, ids, "phase complete", PD_LOG_FIND_NONE, NULL,
                              on_search_cb, &call);
  pd_test_wait_for_flag (&call.done, 30000);
  g_assert_no_error (call.error);
  groups = (GPtrArray *) call.node;
  g_assert_cmpuint (groups->len, ==, 2);
  for (guint i = 0; i < groups->len; i++)
    {
      PdLogSearchGroup *group = g_ptr_array_index (groups, i);
      g_autoptr(GPtrArray) dump = dump_stream (fixture->client, ids[i]);
      guint expected = 0;

      g_assert_cmpstr (group->build_id, ==, ids[i]);
      g_assert_cmpint (group->state, ==, PD_LOG_LOADER_STATE_COMPLETE);
      for (guint k = 0; k < dump->len; k++)
        {
          g_autofree char *lower = g_ascii_strdown (g_ptr_array_index (dump, k), -1);

          if (strstr (lower, "phase complete") != NULL)
            expected++;
        }
      g_assert_cmpuint (expected, >, 3);
      g_assert_cmpuint (pd_log_matches_get_n_lines (group->matches), ==, expected);
    }

  /* A bad regular expression is one clear error. */
  call.done = FALSE;
  pd_log_search_builds_async (fixture->client, ids, "(", PD_LOG_FIND_REGEX, NULL,
                              on_search_cb, &call);
  pd_test_wait_for_flag (&call.done, 30000);
  g_assert_nonnull (call.error);
  g_assert_true (call.error->domain == G_REGEX_ERROR);
  g_clear_error (&call.error);
}

/* A scripted loopback endpoint */

typedef struct
{
  SoupServer *server;
  char       *url;
  const char *mode;
  guint       builds_calls;
  guint       events_calls;
} Fake;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/x-amz-json-1.1", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

/* A failed build with 25 lines, served 10 at a time with GetLogEvents'
 * token rules (f/N and b/N positions; the end returns the token sent), and
 * a throttled answer now and then. */
static void
fake_failed_long (Fake              *fake,
                  SoupServerMessage *msg,
                  const char        *target)
{
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  JsonObject *object;
  const char *token;
  gboolean from_head, backwards;
  guint position, first, last;

  if (g_strcmp0 (target, "CodeBuild_20161006.BatchGetBuilds") == 0)
    {
      reply (msg, 200, "{\"builds\":[{\"id\":\"p:1\",\"buildStatus\":\"FAILED\","
                       "\"buildComplete\":true,\"phases\":[],\"logs\":{\"groupName\":"
                       "\"/aws/codebuild/p\",\"streamName\":\"1\"}}]}");
      return;
    }
  fake->events_calls++;
  if (fake->events_calls % 3 == 2)
    {
      reply (msg, 400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
      return;
    }
  input = json_from_string (request->data, NULL);
  object = json_node_get_object (input);
  token = json_object_get_string_member_with_default (object, "nextToken", NULL);
  from_head = json_object_get_boolean_member_with_default (object, "startFromHead", FALSE);
  backwards = token != NULL ? token[0] == 'b' : !from_head;
  position = token != NULL ? (guint) g_ascii_strtoull (token + 2, NULL, 10) : (from_head ? 0 : 25);
  if (backwards)
    {
      last = position;
      first = last >= 10 ? last - 10 : 0;
    }
  else
    {
      first = position;
      last = MIN (first + 10, 25);
    }
  g_string_append (body, "{\"events\":[");
  for (guint i = first; i < last; i++)
    g_string_append_printf (body, "%s{\"timestamp\":%u,\"ingestionTime\":%u,"
                            "\"message\":\"line %u\"}", i > first ? "," : "", 1000 + i,
                            2000 + i, i);
  g_string_append_printf (body, "],\"nextForwardToken\":\"f/%u\",\"nextBackwardToken\":"
                          "\"b/%u\"}", last, first);
  reply (msg, 200, body->str);
}

static void
fake_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fake *fake = user_data;
  const char *target = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "X-Amz-Target");
  static const char not_found[] =
    "{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log stream does not "
    "exist.\"}";

  if (g_str_equal (fake->mode, "failed-long"))
    {
      fake_failed_long (fake, msg, target);
      return;
    }
  if (g_strcmp0 (target, "CodeBuild_20161006.BatchGetBuilds") == 0)
    {
      g_autofree char *body = NULL;
      gboolean complete;

      fake->builds_calls++;
      if (g_str_equal (fake->mode, "unknown"))
        {
          reply (msg, 200, "{\"builds\":[],\"buildsNotFound\":[\"p:1\"]}");
          return;
        }
      complete = !g_str_equal (fake->mode, "starting") || fake->builds_calls >= 4;
      body = g_strdup_printf ("{\"builds\":[{\"id\":\"p:1\",\"buildStatus\":\"%s\","
                              "\"buildComplete\":%s,\"phases\":[],\"logs\":%s}]}",
                              complete ? "SUCCEEDED" : "IN_PROGRESS",
                              complete ? "true" : "false",
                              g_str_equal (fake->mode, "no-logs")
                              ? "{\"deepLink\":\"https://console.aws.amazon.com/\"}"
                              : "{\"groupName\":\"/aws/codebuild/p\",\"streamName\":\"1\"}");
      reply (msg, 200, body);
    }
  else if (g_strcmp0 (target, "Logs_20140328.GetLogEvents") == 0)
    {
      fake->events_calls++;
      if (g_str_equal (fake->mode, "deleted")
          || (g_str_equal (fake->mode, "starting") && fake->events_calls <= 2))
        reply (msg, 400, not_found);
      else if (fake->events_calls == 3)
        reply (msg, 200, "{\"events\":[{\"timestamp\":1,\"ingestionTime\":2,\"message\":\"one\"},"
                         "{\"timestamp\":2,\"ingestionTime\":3,\"message\":\"two\"}],"
                         "\"nextForwardToken\":\"f/2\",\"nextBackwardToken\":\"b/0\"}");
      else
        reply (msg, 200, "{\"events\":[],\"nextForwardToken\":\"f/2\","
                         "\"nextBackwardToken\":\"b/2\"}");
    }
  else
    reply (msg, 400, "{\"__type\":\"UnknownOperationException\"}");
}

static void
fake_start (Fake       *fake,
            const char *mode)
{
  fake->mode = mode;
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, fake_cb, fake, NULL);
  /* Not soup_server_listen_local (): libsoup 3.2's listener leaks every
   * socket it accepts. */
  fake->url = pd_test_server_listen_local (fake->server);
  if (g_str_has_suffix (fake->url, "/"))
    fake->url[strlen (fake->url) - 1] = '\0';
}

static void
fake_stop (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_free (fake->url);
}

static PdLogLoader *
fake_loader (Fake        *fake,
             PdAwsClient **client)
{
  PdLogLoader *loader;

  *client = make_client (fake->url, "AKIDFAKE", "fake-secret");
  /* Throttling reaches the loader, which must ask again at the same token. */
  if (g_str_equal (fake->mode, "failed-long"))
    pd_aws_client_set_max_attempts (*client, 1);
  loader = pd_log_loader_new (*client, "p:1");
  pd_log_loader_set_timing (loader, 20, 5);
  pd_log_loader_start (loader);
  return loader;
}

static void
on_waiting_cb (PdLogLoader *loader,
               GParamSpec  *pspec,
               gboolean    *waited)
{
  if (pd_log_loader_get_state (loader) == PD_LOG_LOADER_STATE_WAITING)
    {
      g_autofree char *message = pd_log_loader_dup_message (loader);

      g_assert_nonnull (message);
      *waited = TRUE;
    }
}

static void
test_stream_not_yet_created (void)
{
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(PdLogLoader) loader = NULL;
  g_autofree char *first = NULL;
  Fake fake = { 0, };
  gboolean waited = FALSE;

  fake_start (&fake, "starting");
  loader = fake_loader (&fake, &client);
  g_signal_connect (loader, "notify::state", G_CALLBACK (on_waiting_cb), &waited);
  wait_finished (loader, 20000);
  g_assert_true (waited);
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_COMPLETE);
  g_assert_cmpuint (pd_log_store_get_n_lines (pd_log_loader_get_store (loader)), ==, 2);
  first = pd_log_store_dup_line_text (pd_log_loader_get_store (loader), 0, NULL);
  g_assert_cmpstr (first, ==, "one");
  g_signal_handlers_disconnect_matched (loader, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, &waited);
  fake_stop (&fake);
}

static void
test_deleted_stream (void)
{
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(PdLogLoader) loader = NULL;
  g_autofree char *message = NULL;
  Fake fake = { 0, };

  fake_start (&fake, "deleted");
  loader = fake_loader (&fake, &client);
  wait_finished (loader, 20000);
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_DELETED);
  g_assert_error (pd_log_loader_get_error (loader), PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  message = pd_log_loader_dup_message (loader);
  g_assert_nonnull (strstr (message, "no longer exists"));
  fake_stop (&fake);
}

static void
test_no_logs (void)
{
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(PdLogLoader) loader = NULL;
  g_autofree char *message = NULL;
  Fake fake = { 0, };

  fake_start (&fake, "no-logs");
  loader = fake_loader (&fake, &client);
  wait_finished (loader, 20000);
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_NO_LOGS);
  g_assert_cmpuint (fake.events_calls, ==, 0);
  message = pd_log_loader_dup_message (loader);
  g_assert_nonnull (strstr (message, "CloudWatch Logs"));
  fake_stop (&fake);
}

static void
test_failed_build_pages_backwards (void)
{
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(PdLogLoader) loader = NULL;
  PdLogStore *store;
  Fake fake = { 0, };

  fake_start (&fake, "failed-long");
  loader = fake_loader (&fake, &client);
  wait_finished (loader, 20000);
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_COMPLETE);
  g_assert_true (pd_log_loader_get_tail_first (loader));
  g_assert_cmpuint (pd_log_loader_get_retries (loader), >, 0);
  store = pd_log_loader_get_store (loader);
  /* Three pages read from the end, each put before the last: in order, once. */
  g_assert_cmpuint (pd_log_store_get_n_lines (store), ==, 25);
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *text = pd_log_store_dup_line_text (store, i, NULL);
      g_autofree char *expected = g_strdup_printf ("line %u", i);

      g_assert_cmpstr (text, ==, expected);
      g_assert_cmpint (pd_log_store_get_line_timestamp (store, i), ==, 1000 + i);
    }
  fake_stop (&fake);
}

static void
test_unknown_build (void)
{
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(PdLogLoader) loader = NULL;
  Fake fake = { 0, };

  fake_start (&fake, "unknown");
  loader = fake_loader (&fake, &client);
  wait_finished (loader, 20000);
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_FAILED);
  g_assert_error (pd_log_loader_get_error (loader), PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  fake_stop (&fake);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/core/log-loader/finished-build", Fixture, NULL, setup,
              test_finished_build, teardown);
  g_test_add ("/pd/core/log-loader/failed-build-tail-first", Fixture, NULL, setup,
              test_failed_build_tail_first, teardown);
  g_test_add ("/pd/core/log-loader/phase-jump", Fixture, NULL, setup, test_phase_jump,
              teardown);
  g_test_add ("/pd/core/log-loader/follow-running-build", Fixture, NULL, setup_fast,
              test_follow_running_build, teardown);
  g_test_add ("/pd/core/log-loader/follow-ingestion-lag", Fixture, NULL, setup_fast,
              test_follow_ingestion_lag, teardown);
  g_test_add ("/pd/core/log-loader/paging-with-faults", Fixture, NULL, setup_long,
              test_paging_with_faults, teardown);
  g_test_add ("/pd/core/log-loader/search-execution", Fixture, NULL, setup,
              test_search_execution, teardown);
  g_test_add_func ("/pd/core/log-loader/stream-not-yet-created", test_stream_not_yet_created);
  g_test_add_func ("/pd/core/log-loader/deleted-stream", test_deleted_stream);
  g_test_add_func ("/pd/core/log-loader/no-logs", test_no_logs);
  g_test_add_func ("/pd/core/log-loader/unknown-build", test_unknown_build);
  g_test_add_func ("/pd/core/log-loader/failed-build-pages-backwards",
                   test_failed_build_pages_backwards);

  return g_test_run ();
}
