/* pd-test-sandbox.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-sandbox-cicd-private.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

PdTestSandbox *
pd_test_sandbox_new (double  speed,
                     guint32 seed,
                     guint   max_connections)
{
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  PdTestSandbox *self = g_new0 (PdTestSandbox, 1);
  GError *error = NULL;

  self->sandbox = pd_sandbox_new_full (speed, seed, 0);
  pd_sandbox_start (self->sandbox, 0, &error);
  g_assert_no_error (error);

  credentials = pd_aws_credentials_new (pd_sandbox_get_access_key_id (self->sandbox),
                                        pd_sandbox_get_secret_key (self->sandbox),
                                        NULL, NULL, "sandbox");
  provider = pd_aws_static_credentials_provider_new (credentials);
  self->client = g_object_new (PD_AWS_TYPE_CLIENT,
                               "credentials-provider", provider,
                               "region", "eu-west-1",
                               "endpoint-override", pd_sandbox_get_endpoint (self->sandbox),
                               "max-connections-per-host", MAX (max_connections, 1),
                               NULL);
  return self;
}

void
pd_test_sandbox_free (PdTestSandbox *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->client);
  pd_sandbox_stop (self->sandbox);
  g_assert_finalize_object (self->sandbox);
  g_free (self);
}

typedef struct
{
  GBytes   *body;
  gboolean  done;
} Fetch;

static void
on_fetched_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;
  GError *error = NULL;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
  fetch->done = TRUE;
}

/* The sandbox runs on this thread: its control endpoint is read
 * asynchronously while the main context turns. */
static JsonObject *
control (PdTestSandbox *self,
         const char    *method)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *url = g_strdup_printf ("%s/_sandbox/stats",
                                          pd_sandbox_get_endpoint (self->sandbox));
  Fetch fetch = { NULL, FALSE };
  GError *error = NULL;

  message = soup_message_new (method, url);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_fetched_cb,
                                    &fetch);
  pd_test_wait_for_flag (&fetch.done, 10000);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (fetch.body, NULL),
                              g_bytes_get_size (fetch.body), &error);
  g_assert_no_error (error);
  g_bytes_unref (fetch.body);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

guint64
pd_test_sandbox_count (PdTestSandbox *self,
                       const char    *operation)
{
  g_autoptr(JsonObject) stats = control (self, "GET");

  if (operation == NULL)
    return json_object_get_int_member (stats, "total");
  return json_object_get_int_member_with_default (json_object_get_object_member (stats, "requests"),
                                                  operation, 0);
}

void
pd_test_sandbox_reset_stats (PdTestSandbox *self)
{
  g_autoptr(JsonObject) stats = control (self, "DELETE");

  g_assert_cmpint (json_object_get_int_member (stats, "total"), ==, 0);
}

/* A seed whose run @run_number of @pipeline fails at @failing_action (or
 * runs through when it is NULL), by the sandbox's own rule. */
guint32
pd_test_sandbox_find_seed (const char *pipeline,
                           guint       run_number,
                           const char *failing_action)
{
  for (guint32 seed = 1; seed < 10000; seed++)
    if (g_strcmp0 (pd_sandbox_codepipeline_failing_action (seed, pipeline, run_number),
                   failing_action) == 0)
      return seed;
  g_assert_not_reached ();
}
