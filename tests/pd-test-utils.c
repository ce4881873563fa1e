/* pd-test-utils.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
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

void
pd_test_store_result_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

GAsyncResult *
pd_test_await_result (GAsyncResult **slot,
                      guint          timeout_ms)
{
  if (!pd_test_wait_until (has_result, slot, timeout_ms))
    g_error ("no result after %u ms", timeout_ms);
  return *slot;
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

  {
    SoupMessageBody *body = soup_server_message_get_request_body (msg);
    g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
    g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    g_autoptr(GHashTable) form = soup_form_decode (text);
    const char *action = g_hash_table_lookup (form, "Action");
    const char *token = soup_message_headers_get_one (headers, "X-Amz-Security-Token");
    gboolean source_key = auth != NULL && strstr (auth, "Credential=" PD_TEST_STS_ACCESS_KEY "/") != NULL;
    gboolean temp_key = auth != NULL && strstr (auth, "Credential=" PD_TEST_STS_TEMP_ACCESS_KEY "/") != NULL &&
                        g_strcmp0 (token, PD_TEST_STS_TEMP_TOKEN) == 0;

    if (g_strcmp0 (action, "AssumeRole") == 0 && source_key)
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        g_autoptr(GDateTime) expiry = g_date_time_add_hours (now, 1);
        g_autofree char *iso = g_date_time_format (expiry, "%Y-%m-%dT%H:%M:%SZ");
        g_autofree char *reply = NULL;

        g_free (sts->last_token_code);
        sts->last_token_code = g_strdup (g_hash_table_lookup (form, "TokenCode"));
        reply = g_strdup_printf ("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                                 "<AssumeRoleResult><Credentials>"
                                 "<AccessKeyId>" PD_TEST_STS_TEMP_ACCESS_KEY "</AccessKeyId>"
                                 "<SecretAccessKey>pipedeck-temp-secret</SecretAccessKey>"
                                 "<SessionToken>" PD_TEST_STS_TEMP_TOKEN "</SessionToken>"
                                 "<Expiration>%s</Expiration></Credentials>"
                                 "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/Deploy/pipedeck</Arn>"
                                 "<AssumedRoleId>AROAEXAMPLE:pipedeck</AssumedRoleId></AssumedRoleUser>"
                                 "</AssumeRoleResult><ResponseMetadata><RequestId>req-role-1</RequestId>"
                                 "</ResponseMetadata></AssumeRoleResponse>", iso);
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_TAKE,
                                          g_steal_pointer (&reply), strlen (reply));
      }
    else if (g_strcmp0 (action, "GetCallerIdentity") == 0 && temp_key)
      {
        static const char role[] =
          "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
          "<GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/Deploy/pipedeck</Arn>"
          "<UserId>AROAEXAMPLE:pipedeck</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
          "<ResponseMetadata><RequestId>req-ok-2</RequestId></ResponseMetadata>"
          "</GetCallerIdentityResponse>";

        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_STATIC, role, strlen (role));
      }
    else if (g_strcmp0 (action, "GetCallerIdentity") == 0 && source_key)
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
}

static void
stop_service (gpointer data)
{
  GSocketService *service = data;

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_object_unref (service);
}

static gboolean
on_incoming_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                gpointer           user_data)
{
  SoupServer *server = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);

  /* A peer that is already gone has no remote address: drop it */
  if (local == NULL || remote == NULL)
    return TRUE;

  g_object_set_data (G_OBJECT (server), "pd-test-connections",
                     GUINT_TO_POINTER (pd_test_server_count_connections (server) + 1));

  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY,
                       TRUE, NULL);
  soup_server_accept_iostream (server, G_IO_STREAM (connection), local, remote, NULL);
  return TRUE;
}

/* libsoup 3.2's SoupListener never drops the GSocket it accepts, and
 * soup_server_listen_local() never drops the address it looks up (both fixed
 * in libsoup 3.4), so every connection to such a server leaks. Accepting with
 * our own GSocketService and handing each connection to the server keeps
 * that code out of the way. SoupServer keeps connections alive only while it
 * has a listener, so it also gets one on a spare loopback socket that no
 * client is told about. The service lives as long as the server. */
char *
pd_test_server_listen_local (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  char *url = pd_test_server_listen_loopback (server, G_SOCKET_FAMILY_IPV4, &error);

  g_assert_no_error (error);
  return url;
}

char *
pd_test_server_listen_loopback (SoupServer     *server,
                                GSocketFamily   family,
                                GError        **error)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (family);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocket) spare = NULL;
  g_autofree char *host = NULL;

  spare = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (spare == NULL || !g_socket_bind (spare, address, TRUE, error) ||
      !g_socket_listen (spare, error) || !soup_server_listen_socket (server, spare, 0, error))
    return NULL;

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    return NULL;

  /* Connected to the server object, the handler goes away when the server
   * does, before the service is stopped */
  g_signal_connect_object (service, "incoming", G_CALLBACK (on_incoming_cb), server, 0);
  g_object_set_data_full (G_OBJECT (server), "pd-test-socket-service",
                          g_object_ref (service), stop_service);
  g_socket_service_start (service);

  host = g_inet_address_to_string (loopback);
  return g_strdup_printf (family == G_SOCKET_FAMILY_IPV6 ? "http://[%s]:%u" : "http://%s:%u", host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
}

guint
pd_test_server_count_connections (SoupServer *server)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (server), "pd-test-connections"));
}

void
pd_test_fake_sts_start (PdTestFakeSts *sts)
{
  g_autofree char *base = NULL;

  sts->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (sts->server, NULL, fake_sts_handler, sts, NULL);
  base = pd_test_server_listen_local (sts->server);
  sts->url = g_strconcat (base, "/", NULL);
}

void
pd_test_fake_sts_stop (PdTestFakeSts *sts)
{
  soup_server_disconnect (sts->server);
  g_clear_object (&sts->server);
  g_clear_pointer (&sts->url, g_free);
  g_clear_pointer (&sts->last_token_code, g_free);
}


/* A resolver answering from a fixed table */

#define PD_TEST_TYPE_TABLE_RESOLVER (pd_test_table_resolver_get_type ())
G_DECLARE_FINAL_TYPE (PdTestTableResolver, pd_test_table_resolver, PD_TEST, TABLE_RESOLVER,
                      GResolver)

struct _PdTestTableResolver
{
  GResolver   parent_instance;
  GHashTable *answers;
  GHashTable *lookups;
};

G_DEFINE_FINAL_TYPE (PdTestTableResolver, pd_test_table_resolver, G_TYPE_RESOLVER)

static GList *
table_answer (PdTestTableResolver       *self,
              const char                *name,
              GResolverNameLookupFlags   flags,
              GError                   **error)
{
  const char *list = g_hash_table_lookup (self->answers, name);
  g_auto(GStrv) parts = NULL;
  GList *addresses = NULL;

  g_hash_table_replace (self->lookups, g_strdup (name),
                        GUINT_TO_POINTER (pd_test_resolver_get_lookups (G_RESOLVER (self),
                                                                        name) + 1));
  if (list == NULL)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                   "Error resolving “%s”: Name or service not known", name);
      return NULL;
    }

  parts = g_strsplit (list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      GInetAddress *address = g_inet_address_new_from_string (parts[i]);
      GSocketFamily family;

      g_assert_nonnull (address);
      family = g_inet_address_get_family (address);
      if (((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY) && family != G_SOCKET_FAMILY_IPV4) ||
          ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY) && family != G_SOCKET_FAMILY_IPV6))
        g_object_unref (address);
      else
        addresses = g_list_append (addresses, address);
    }
  return addresses;
}

static GList *
table_lookup_by_name (GResolver     *resolver,
                      const char    *name,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return table_answer (PD_TEST_TABLE_RESOLVER (resolver), name, 0, error);
}

static GList *
table_lookup_by_name_with_flags (GResolver                 *resolver,
                                 const char                *name,
                                 GResolverNameLookupFlags   flags,
                                 GCancellable              *cancellable,
                                 GError                   **error)
{
  return table_answer (PD_TEST_TABLE_RESOLVER (resolver), name, flags, error);
}

static void
table_lookup_by_name_with_flags_async (GResolver                *resolver,
                                       const char               *name,
                                       GResolverNameLookupFlags  flags,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *addresses = table_answer (PD_TEST_TABLE_RESOLVER (resolver), name, flags, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static void
table_lookup_by_name_async (GResolver           *resolver,
                            const char          *name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  table_lookup_by_name_with_flags_async (resolver, name, 0, cancellable, callback, user_data);
}

static GList *
table_lookup_by_name_finish (GResolver     *resolver,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pd_test_table_resolver_finalize (GObject *object)
{
  PdTestTableResolver *self = PD_TEST_TABLE_RESOLVER (object);

  g_hash_table_unref (self->answers);
  g_hash_table_unref (self->lookups);
  G_OBJECT_CLASS (pd_test_table_resolver_parent_class)->finalize (object);
}

static void
pd_test_table_resolver_class_init (PdTestTableResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = pd_test_table_resolver_finalize;
  resolver_class->lookup_by_name = table_lookup_by_name;
  resolver_class->lookup_by_name_async = table_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = table_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = table_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = table_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = table_lookup_by_name_finish;
}

static void
pd_test_table_resolver_init (PdTestTableResolver *self)
{
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->lookups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GResolver *
pd_test_resolver_new (const char * const *table)
{
  PdTestTableResolver *self = g_object_new (PD_TEST_TYPE_TABLE_RESOLVER, NULL);

  for (guint i = 0; table[i] != NULL && table[i + 1] != NULL; i += 2)
    g_hash_table_replace (self->answers, g_strdup (table[i]), g_strdup (table[i + 1]));
  return G_RESOLVER (self);
}

guint
pd_test_resolver_get_lookups (GResolver  *resolver,
                              const char *name)
{
  PdTestTableResolver *self = PD_TEST_TABLE_RESOLVER (resolver);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->lookups, name));
}
