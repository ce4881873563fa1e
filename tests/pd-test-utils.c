/* pd-test-utils.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-test-utils.h"

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
pd_test_wait_for_flag (const gboolean *flag,
                       guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id;

  id = g_timeout_add (timeout_ms, on_timeout_cb, &timed_out);
  while (!*flag && !timed_out)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (!timed_out)
    g_source_remove (id);

  if (timed_out)
    g_error ("timed out after %u ms", timeout_ms);
}

gboolean
pd_test_wait_until (gboolean (*predicate) (gpointer data),
                    gpointer   data,
                    guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  gboolean result;
  guint id;

  id = g_timeout_add (timeout_ms, on_timeout_cb, &timed_out);
  while (!(result = predicate (data)) && !timed_out)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (!timed_out)
    g_source_remove (id);

  return result;
}

const char *
pd_test_get_shared_dir (void)
{
  const char *dir = g_getenv ("PD_SHARED_DIR");

  return dir != NULL && dir[0] != '\0' ? dir : NULL;
}

/* A loopback STS that knows one access key. */

static void
fake_sts_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  PdTestFakeSts *sts = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  static const char ok[] =
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn>"
    "<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
    "<ResponseMetadata><RequestId>req-ok-1</RequestId></ResponseMetadata>"
    "</GetCallerIdentityResponse>";
  static const char denied[] =
    "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    "<Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
    "<Message>The security token included in the request is invalid.</Message></Error>"
    "<RequestId>req-denied-1</RequestId></ErrorResponse>";

  sts->requests++;

  if (auth != NULL && strstr (auth, "Credential=" PD_TEST_STS_ACCESS_KEY "/") != NULL)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_STATIC, ok, strlen (ok));
    }
  else
    {
      soup_server_message_set_status (msg, 403, NULL);
      soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_STATIC, denied, strlen (denied));
    }
}

void
pd_test_fake_sts_start (PdTestFakeSts *sts)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  sts->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (sts->server, NULL, fake_sts_handler, sts, NULL);
  soup_server_listen_local (sts->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (sts->server);
  sts->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

void
pd_test_fake_sts_stop (PdTestFakeSts *sts)
{
  soup_server_disconnect (sts->server);
  g_clear_object (&sts->server);
  g_clear_pointer (&sts->url, g_free);
}

