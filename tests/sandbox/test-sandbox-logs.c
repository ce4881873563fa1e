/* test-sandbox-logs.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-sandbox-cicd-private.h"
#include "pd-sandbox.h"
#include "sandbox-test-client.h"

/* Build logs in CloudWatch Logs: the 1 MB page cap on a generated
 * 1,000,000-line log, and a live build whose log grows as it runs. */

typedef struct
{
  PdSandbox *sandbox;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The live build runs at 5x: some nine seconds for the Package build,
   * slow enough to be seen in progress on a busy machine. */
  fixture->sandbox = pd_sandbox_new_full (GPOINTER_TO_UINT (data) > 0 ? 400.0 : 5.0, 3,
                                          GPOINTER_TO_UINT (data));
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
call (Fixture    *fixture,
      const char *service,
      const char *target,
      const char *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data;
  guint status = 0;

  reply = sandbox_test_send_signed (fixture->sandbox, service, target, body,
                                    pd_sandbox_get_access_key_id (fixture->sandbox),
                                    pd_sandbox_get_secret_key (fixture->sandbox), NULL, NULL, NULL,
                                    &status, NULL);
  data = g_bytes_get_data (reply, &length);
  if (status != 200)
    g_error ("%s answered %u: %.*s", target, status, (int) length, data);
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The log group and stream of the newest build of @project. */
static void
newest_build_logs (Fixture     *fixture,
                   const char  *project,
                   char       **group,
                   char       **stream,
                   char       **build_id)
{
  g_autofree char *list_body = g_strdup_printf ("{\"projectName\":\"%s\"}", project);
  g_autoptr(JsonObject) ids = call (fixture, "codebuild", "CodeBuild_20161006.ListBuildsForProject",
                                    list_body);
  const char *id = json_array_get_string_element (json_object_get_array_member (ids, "ids"), 0);
  g_autofree char *get_body = g_strdup_printf ("{\"ids\":[\"%s\"]}", id);
  g_autoptr(JsonObject) builds = call (fixture, "codebuild", "CodeBuild_20161006.BatchGetBuilds",
                                       get_body);
  JsonObject *build = json_array_get_object_element (json_object_get_array_member (builds, "builds"), 0);
  JsonObject *logs = json_object_get_object_member (build, "logs");

  *group = g_strdup (json_object_get_string_member (logs, "groupName"));
  *stream = g_strdup (json_object_get_string_member (logs, "streamName"));
  if (build_id != NULL)
    *build_id = g_strdup (id);
}

static gsize
page_bytes (JsonArray *events)
{
  gsize total = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    total += strlen (json_object_get_string_member (json_array_get_object_element (events, i),
                                                    "message")) + 26;
  return total;
}

static void
test_long_log_pages (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *group = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) head = NULL;
  g_autoptr(JsonObject) tail = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) found = NULL;
  JsonArray *events;
  const char *last;
  guint n;

  newest_build_logs (fixture, "todo-list-aws-unit-tests", &group, &stream, NULL);

  /* From the head, no limit: the 1 MB cap ends the page before 10,000. */
  body = g_strdup_printf ("{\"logGroupName\":\"%s\",\"logStreamName\":\"%s\","
                          "\"startFromHead\":true}", group, stream);
  head = call (fixture, "logs", "Logs_20140328.GetLogEvents", body);
  events = json_object_get_array_member (head, "events");
  n = json_array_get_length (events);
  g_assert_cmpuint (n, >, 5000);
  g_assert_cmpuint (n, <, 10000);
  g_assert_cmpuint (page_bytes (events), <=, 1048576);
  g_assert_cmpuint (page_bytes (events) + 200, >, 1048576);
  g_clear_pointer (&body, g_free);

  /* The default is the tail: it ends with line 999,999. */
  body = g_strdup_printf ("{\"logGroupName\":\"%s\",\"logStreamName\":\"%s\",\"limit\":100}",
                          group, stream);
  tail = call (fixture, "logs", "Logs_20140328.GetLogEvents", body);
  events = json_object_get_array_member (tail, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 100);
  last = json_object_get_string_member (json_array_get_object_element (events, 99), "message");
  g_assert_nonnull (strstr (last, "999999"));
  g_clear_pointer (&body, g_free);

  /* One page back from the tail ends where the tail page began. */
  body = g_strdup_printf ("{\"logGroupName\":\"%s\",\"logStreamName\":\"%s\",\"limit\":100,"
                          "\"nextToken\":\"%s\"}", group, stream,
                          json_object_get_string_member (tail, "nextBackwardToken"));
  before = call (fixture, "logs", "Logs_20140328.GetLogEvents", body);
  events = json_object_get_array_member (before, "events");
  last = json_object_get_string_member (json_array_get_object_element (events, 99), "message");
  g_assert_nonnull (strstr (last, "999899"));
  g_clear_pointer (&body, g_free);

  /* A filter over the long stream pages by its limit. */
  body = g_strdup_printf ("{\"logGroupName\":\"%s\",\"logStreamNames\":[\"%s\"],"
                          "\"filterPattern\":\"?WARNING ?PASSED\",\"limit\":50}", group, stream);
  found = call (fixture, "logs", "Logs_20140328.FilterLogEvents", body);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (found, "events")), ==, 50);
  g_assert_true (json_object_has_member (found, "nextToken"));
}

static gboolean
spin_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_events (Fixture    *fixture,
              const char *group,
              const char *stream)
{
  g_autofree char *body = g_strdup_printf ("{\"logGroupName\":\"%s\",\"logStreamName\":\"%s\","
                                           "\"startFromHead\":true}", group, stream);
  g_autoptr(JsonObject) reply = call (fixture, "logs", "Logs_20140328.GetLogEvents", body);

  return json_array_get_length (json_object_get_array_member (reply, "events"));
}

static const char *
build_status (Fixture    *fixture,
              const char *id)
{
  static char status[32];
  g_autofree char *body = g_strdup_printf ("{\"ids\":[\"%s\"]}", id);
  g_autoptr(JsonObject) builds = call (fixture, "codebuild", "CodeBuild_20161006.BatchGetBuilds",
                                       body);
  JsonObject *build = json_array_get_object_element (json_object_get_array_member (builds, "builds"), 0);

  g_strlcpy (status, json_object_get_string_member (build, "buildStatus"), sizeof status);
  return status;
}

static void
test_live_build_log_grows (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) started = NULL;
  g_autofree char *group = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *id = NULL;
  guint first, later;

  started = call (fixture, "codepipeline", "CodePipeline_20150709.StartPipelineExecution",
                  "{\"name\":\"todo-list-aws\"}");

  /* Source takes 4 simulated seconds, then the Package build starts. */
  spin (1500);
  newest_build_logs (fixture, "todo-list-aws-package", &group, &stream, &id);
  g_assert_cmpstr (build_status (fixture, id), ==, "IN_PROGRESS");
  first = count_events (fixture, group, stream);
  spin (1500);
  later = count_events (fixture, group, stream);
  g_assert_cmpuint (later, >, first);

  for (guint i = 0; i < 300 && g_str_equal (build_status (fixture, id), "IN_PROGRESS"); i++)
    spin (100);
  g_assert_cmpstr (build_status (fixture, id), ==, "SUCCEEDED");
  g_assert_cmpuint (count_events (fixture, group, stream), >, later);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/sandbox/logs/long-log-pages", Fixture, GUINT_TO_POINTER (1000000),
              fixture_setup, test_long_log_pages, fixture_teardown);
  g_test_add ("/pd/sandbox/logs/live-build-grows", Fixture, GUINT_TO_POINTER (0),
              fixture_setup, test_live_build_log_grows, fixture_teardown);

  return g_test_run ();
}
