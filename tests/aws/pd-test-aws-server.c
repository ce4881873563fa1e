/* pd-test-aws-server.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-sigv4.h"
#include "pd-test-aws-server.h"
#include "pd-test-utils.h"

struct _PdTestServer
{
  SoupServer *server;
  char       *url;
  GQueue      responses;
  GPtrArray  *requests;
  GHashTable *keys;
  GPtrArray  *stalled;
  guint       in_flight;
  guint       max_in_flight;
};

typedef struct
{
  PdTestServer      *server;
  SoupServerMessage *message;
  PdTestResponse     response;
} Delayed;

static void
request_free (PdTestRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  soup_message_headers_unref (request->headers);
  g_bytes_unref (request->body);
  g_free (request->access_key_id);
  g_free (request->signature);
  g_free (request);
}

static void
check_signature (PdTestServer      *self,
                 PdTestRequest     *request)
{
  PdAwsSigV4Authorization auth = { 0 };
  g_autoptr(PdAwsSigningRequest) signing = NULL;
  SoupMessageHeadersIter iter;
  const char *header = soup_message_headers_get_one (request->headers, "Authorization");
  const char *name;
  const char *value;
  const char *secret;

  if (header == NULL || !pd_aws_sigv4_parse_authorization (header, &auth, NULL))
    return;

  request->access_key_id = g_strdup (auth.access_key_id);
  request->signature = g_strdup (auth.signature);
  secret = g_hash_table_lookup (self->keys, auth.access_key_id);
  if (secret != NULL)
    {
      signing = pd_aws_signing_request_new (request->method, request->path, request->query);
      soup_message_headers_iter_init (&iter, request->headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        pd_aws_signing_request_add_header (signing, name, value);
      pd_aws_signing_request_set_body (signing, g_bytes_get_data (request->body, NULL),
                                       g_bytes_get_size (request->body));

      request->signature_checked = TRUE;
      request->signature_ok = pd_aws_sigv4_verify (signing, &auth, secret,
                                                   PD_AWS_SIGV4_FLAGS_NONE, NULL);
    }
  pd_aws_sigv4_authorization_clear (&auth);
}

static void
apply_response (SoupServerMessage    *message,
                const PdTestResponse *response)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  for (guint i = 0; response->headers[i] != NULL; i += 2)
    soup_message_headers_replace (headers, response->headers[i], response->headers[i + 1]);

  if (response->date_offset_s != 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) then = g_date_time_add_seconds (now, response->date_offset_s);
      g_autofree char *date = soup_date_time_to_string (then, SOUP_DATE_HTTP);

      soup_message_headers_replace (headers, "Date", date);
    }

  if (response->action == PD_TEST_HUGE)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (message);
      g_autofree char *chunk = g_malloc (64 * 1024);
      gsize left = response->huge_size;

      memset (chunk, 'x', 64 * 1024);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_server_message_set_status (message, 200, NULL);
      while (left > 0)
        {
          gsize n = MIN (left, 64 * 1024);

          soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, n);
          left -= n;
        }
      soup_message_body_complete (body);
      return;
    }

  soup_server_message_set_status (message, response->status != 0 ? response->status : 200, NULL);
  if (response->body != NULL)
    {
      const char *type = soup_message_headers_get_one (headers, "Content-Type");
      g_autofree char *content_type = g_strdup (type != NULL ? type : "application/x-amz-json-1.1");

      soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, response->body,
                                        strlen (response->body));
    }
}

static void
on_finished_cb (SoupServerMessage *message,
                gpointer           user_data)
{
  PdTestServer *self = user_data;

  if (self->in_flight > 0)
    self->in_flight--;
}

static gboolean
on_delay_done_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  apply_response (delayed->message, &delayed->response);
  soup_server_message_unpause (delayed->message);
  g_object_unref (delayed->message);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  PdTestServer *self = user_data;
  PdTestRequest *request = g_new0 (PdTestRequest, 1);
  g_autofree PdTestResponse *scripted = g_queue_pop_head (&self->responses);
  PdTestResponse fallback = { PD_TEST_REPLY, 200, "{}", { NULL } };
  PdTestResponse *response = scripted != NULL ? scripted : &fallback;
  GUri *uri = soup_server_message_get_uri (message);
  GSocketAddress *remote = soup_server_message_get_remote_address (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  request->method = g_strdup (soup_server_message_get_method (message));
  /* SoupServer hands the path decoded: encode it back as it was sent */
  request->path = g_uri_escape_string (g_uri_get_path (uri), "/", FALSE);
  request->query = g_strdup (g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "");
  request->headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  request->body = soup_message_body_flatten (body);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    request->remote_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote));
  check_signature (self, request);
  g_ptr_array_add (self->requests, request);

  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
  g_signal_connect (message, "finished", G_CALLBACK (on_finished_cb), self);

  switch (response->action)
    {
    case PD_TEST_REPLY:
    case PD_TEST_HUGE:
      apply_response (message, response);
      break;

    case PD_TEST_STALL:
      soup_server_message_pause (message);
      g_ptr_array_add (self->stalled, g_object_ref (message));
      break;

    case PD_TEST_STALL_BODY:
      {
        SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

        soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
        soup_server_message_set_status (message, 200, NULL);
        soup_message_body_append (soup_server_message_get_response_body (message),
                                  SOUP_MEMORY_STATIC, "{\"a\":", 5);
        g_ptr_array_add (self->stalled, g_object_ref (message));
        break;
      }

    case PD_TEST_RESET:
      {
        GIOStream *stream = soup_server_message_steal_connection (message);

        self->in_flight--;
        g_io_stream_close (stream, NULL, NULL);
        g_object_unref (stream);
        break;
      }

    case PD_TEST_DELAY:
      {
        Delayed *delayed = g_new0 (Delayed, 1);

        delayed->server = self;
        delayed->message = g_object_ref (message);
        delayed->response = *response;
        soup_server_message_pause (message);
        g_timeout_add (response->delay_ms, on_delay_done_cb, delayed);
        break;
      }

    default:
      g_assert_not_reached ();
    }
}

PdTestServer *
pd_test_server_new (void)
{
  g_autoptr(GError) error = NULL;
  PdTestServer *self = pd_test_server_new_for_family (G_SOCKET_FAMILY_IPV4, &error);

  g_assert_no_error (error);
  return self;
}

PdTestServer *
pd_test_server_new_for_family (GSocketFamily   family,
                               GError        **error)
{
  PdTestServer *self = g_new0 (PdTestServer, 1);

  self->server = soup_server_new (NULL, NULL);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->responses);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);
  self->url = pd_test_server_listen_loopback (self->server, family, error);
  if (self->url == NULL)
    {
      pd_test_server_free (self);
      return NULL;
    }

  return self;
}

void
pd_test_server_free (PdTestServer *self)
{
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_ptr_array_unref (self->stalled);
  g_ptr_array_unref (self->requests);
  g_hash_table_unref (self->keys);
  g_queue_clear_full (&self->responses, g_free);
  g_free (self->url);
  g_free (self);
}

const char *
pd_test_server_get_url (PdTestServer *self)
{
  return self->url;
}

void
pd_test_server_add_key (PdTestServer *self,
                        const char   *access_key_id,
                        const char   *secret)
{
  g_hash_table_replace (self->keys, g_strdup (access_key_id), g_strdup (secret));
}

void
pd_test_server_push (PdTestServer         *self,
                     const PdTestResponse *response)
{
  g_queue_push_tail (&self->responses, g_memdup2 (response, sizeof *response));
}

guint
pd_test_server_get_n_requests (PdTestServer *self)
{
  return self->requests->len;
}

PdTestRequest *
pd_test_server_get_request (PdTestServer *self,
                            guint         index)
{
  g_assert_cmpuint (index, <, self->requests->len);
  return g_ptr_array_index (self->requests, index);
}

guint
pd_test_server_get_n_connections (PdTestServer *self)
{
  return pd_test_server_count_connections (self->server);
}

guint
pd_test_server_get_max_in_flight (PdTestServer *self)
{
  return self->max_in_flight;
}

guint
pd_test_server_count_ports (PdTestServer *self)
{
  g_autoptr(GHashTable) ports = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < self->requests->len; i++)
    {
      PdTestRequest *request = g_ptr_array_index (self->requests, i);

      g_hash_table_add (ports, GUINT_TO_POINTER ((guint) request->remote_port));
    }
  return g_hash_table_size (ports);
}

PdAwsClient *
pd_test_server_new_client (PdTestServer *self,
                           const char   *access_key_id,
                           const char   *secret)
{
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;

  credentials = pd_aws_credentials_new (access_key_id, secret, NULL, NULL, "test");
  provider = pd_aws_static_credentials_provider_new (credentials);
  pd_test_server_add_key (self, access_key_id, secret);
  return pd_aws_client_new (provider, "eu-west-1", self->url);
}
