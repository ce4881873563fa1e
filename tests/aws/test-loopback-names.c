/* test-loopback-names.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-client.h"
#include "pd-aws-proxy-resolver-private.h"
#include "pd-aws-error.h"
#include "pd-test-aws-server.h"
#include "pd-test-utils.h"

/* Plain http:// to a host name: accepted only when every address of the
 * name is a loopback one, and then pinned to those addresses. A table
 * resolver answers the names; a proxy resolver sees every connection
 * libsoup opens and refuses any that is not to a loopback address, so
 * that nothing here ever reaches another machine, whatever the client
 * does. */

#define KEY_ID "AKIDLOOPBACKNAMES"
#define SECRET "loopback-names-secret-0123456789"

/* ---- a resolver answering from a table ---- */

typedef enum
{
  ANSWER_FIXED,        /* always @first */
  ANSWER_REBIND,       /* @first, then @later */
  ANSWER_NX,           /* no such name */
  ANSWER_STALL_FIRST,  /* the first lookup waits for test_resolver_release(), then @later */
} AnswerKind;

typedef struct
{
  const char *name;
  AnswerKind  kind;
  const char *first;
  const char *later;
} Answer;

static const Answer answers[] = {
  { "emulator.test", ANSWER_FIXED, "127.0.0.1", NULL },
  { "mixed.test", ANSWER_FIXED, "127.0.0.1,10.1.2.3", NULL },
  { "remote.test", ANSWER_FIXED, "10.1.2.3", NULL },
  { "v6.test", ANSWER_FIXED, "::1", NULL },
  { "dual.test", ANSWER_FIXED, "::1,127.0.0.1", NULL },
  { "two.test", ANSWER_FIXED, "127.0.0.2,127.0.0.1", NULL },
  { "empty.test", ANSWER_FIXED, "", NULL },
  { "nx.test", ANSWER_NX, NULL, NULL },
  { "rebind.test", ANSWER_REBIND, "127.0.0.1", "10.9.9.9" },
  { "stall.test", ANSWER_STALL_FIRST, NULL, "127.0.0.1" },
  /* GLib answers these itself: the table must never be asked */
  { "localhost", ANSWER_FIXED, "10.1.2.3", NULL },
  { "localhost.", ANSWER_FIXED, "10.1.2.3", NULL },
  { "emulator.localhost", ANSWER_FIXED, "10.1.2.3", NULL },
};

#define TEST_TYPE_RESOLVER (test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

struct _TestResolver
{
  GResolver   parent_instance;
  GHashTable *lookups;
  GPtrArray  *stalled;
  guint       stalls_cancelled;
};

G_DEFINE_FINAL_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static TestResolver *resolver;

static guint
lookups_of (const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (resolver->lookups, name));
}

static const Answer *
find_answer (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    if (g_ascii_strcasecmp (answers[i].name, name) == 0)
      return &answers[i];
  return NULL;
}

static GList *
make_addresses (const char               *list,
                GResolverNameLookupFlags  flags)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  GList *addresses = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      GInetAddress *address;

      if (parts[i][0] == '\0')
        continue;
      address = g_inet_address_new_from_string (parts[i]);
      g_assert_nonnull (address);
      if (((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY) &&
           g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4) ||
          ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY) &&
           g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6))
        {
          g_object_unref (address);
          continue;
        }
      addresses = g_list_append (addresses, address);
    }
  return addresses;
}

/* Counts the lookup; returns FALSE for a lookup to hold back. */
static gboolean
answer (TestResolver              *self,
        const char                *name,
        GResolverNameLookupFlags   flags,
        GList                    **addresses,
        GError                   **error)
{
  const Answer *entry = find_answer (name);
  guint count = lookups_of (name) + 1;

  g_hash_table_replace (self->lookups, g_strdup (name), GUINT_TO_POINTER (count));
  *addresses = NULL;

  if (entry == NULL || entry->kind == ANSWER_NX)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                   "Error resolving “%s”: Name or service not known", name);
      return TRUE;
    }
  if (entry->kind == ANSWER_STALL_FIRST && count == 1)
    return FALSE;

  *addresses = make_addresses (entry->kind == ANSWER_FIXED ||
                               (entry->kind == ANSWER_REBIND && count == 1) ?
                               entry->first : entry->later, flags);
  return TRUE;
}

static void
return_answer (GTask      *task,
               GList      *addresses,
               GError     *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static void
source_drop (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

static gboolean
on_stall_cancelled_cb (GCancellable *cancellable,
                       gpointer      user_data)
{
  GTask *task = user_data;

  resolver->stalls_cancelled++;
  g_ptr_array_remove (resolver->stalled, task);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  return G_SOURCE_REMOVE;
}

static void
lookup_async (TestResolver             *self,
              const char               *name,
              GResolverNameLookupFlags  flags,
              GCancellable             *cancellable,
              GAsyncReadyCallback       callback,
              gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GList *addresses;
  GError *error = NULL;

  g_task_set_task_data (task, g_strdup (name), g_free);
  if (!answer (self, name, flags, &addresses, &error))
    {
      if (cancellable != NULL)
        {
          g_autoptr(GSource) source = g_cancellable_source_new (cancellable);

          g_source_set_callback (source, G_SOURCE_FUNC (on_stall_cancelled_cb),
                                 g_object_ref (task), g_object_unref);
          g_source_attach (source, NULL);
          g_object_set_data_full (G_OBJECT (task), "cancel-source", g_source_ref (source),
                                  source_drop);
        }
      g_ptr_array_add (self->stalled, g_object_ref (task));
      return;
    }
  return_answer (task, addresses, error);
}

/* Answers the held-back lookups with their later addresses. */
static void
test_resolver_release (TestResolver *self)
{
  g_autoptr(GPtrArray) stalled = g_steal_pointer (&self->stalled);

  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < stalled->len; i++)
    {
      GTask *task = g_ptr_array_index (stalled, i);
      const Answer *entry = find_answer (g_task_get_task_data (task));

      g_object_set_data (G_OBJECT (task), "cancel-source", NULL);
      return_answer (task, make_addresses (entry->later, 0), NULL);
    }
}

static GList *
test_resolver_lookup_by_name (GResolver     *resolver_,
                              const char    *name,
                              GCancellable  *cancellable,
                              GError       **error)
{
  GList *addresses;

  g_assert_true (answer (TEST_RESOLVER (resolver_), name, 0, &addresses, error));
  return addresses;
}

static GList *
test_resolver_lookup_by_name_with_flags (GResolver                 *resolver_,
                                         const char                *name,
                                         GResolverNameLookupFlags   flags,
                                         GCancellable              *cancellable,
                                         GError                   **error)
{
  GList *addresses;

  g_assert_true (answer (TEST_RESOLVER (resolver_), name, flags, &addresses, error));
  return addresses;
}

static void
test_resolver_lookup_by_name_async (GResolver           *resolver_,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  lookup_async (TEST_RESOLVER (resolver_), name, 0, cancellable, callback, user_data);
}

static void
test_resolver_lookup_by_name_with_flags_async (GResolver                *resolver_,
                                               const char               *name,
                                               GResolverNameLookupFlags  flags,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  lookup_async (TEST_RESOLVER (resolver_), name, flags, cancellable, callback, user_data);
}

static GList *
test_resolver_lookup_by_name_finish (GResolver     *resolver_,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_finalize (GObject *object)
{
  TestResolver *self = TEST_RESOLVER (object);

  g_hash_table_unref (self->lookups);
  g_ptr_array_unref (self->stalled);
  G_OBJECT_CLASS (test_resolver_parent_class)->finalize (object);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = test_resolver_finalize;
  resolver_class->lookup_by_name = test_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = test_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = test_resolver_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = test_resolver_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = test_resolver_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = test_resolver_lookup_by_name_finish;
}

static void
test_resolver_init (TestResolver *self)
{
  self->lookups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---- a proxy resolver that sees every connection ---- */

#define TEST_TYPE_GUARD (test_guard_get_type ())
G_DECLARE_FINAL_TYPE (TestGuard, test_guard, TEST, GUARD, GObject)

struct _TestGuard
{
  GObject parent_instance;
};

static void test_guard_iface_init (GProxyResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestGuard, test_guard, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER,
                                                      test_guard_iface_init))

/* The destination of every connection libsoup opened, and those refused */
static GPtrArray *dialled;
static guint refused_dials;

static char **
guard_check (const char  *uri,
             GError     **error)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  const char *host = parsed != NULL ? g_uri_get_host (parsed) : NULL;
  g_autoptr(GInetAddress) address = host != NULL ? g_inet_address_new_from_string (host) : NULL;

  g_ptr_array_add (dialled, g_strdup (uri));
  /* GLib answers "localhost" itself, with loopback addresses only */
  if (host != NULL &&
      (g_str_equal (host, "localhost") ||
       (address != NULL && g_inet_address_get_is_loopback (address))))
    {
      char **direct = g_new0 (char *, 2);

      direct[0] = g_strdup ("direct://");
      return direct;
    }

  refused_dials++;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               "This test never connects to %s", uri);
  return NULL;
}

static gboolean
test_guard_is_supported (GProxyResolver *guard)
{
  return TRUE;
}

static char **
test_guard_lookup (GProxyResolver  *guard,
                   const char      *uri,
                   GCancellable    *cancellable,
                   GError         **error)
{
  return guard_check (uri, error);
}

static void
test_guard_lookup_async (GProxyResolver      *guard,
                         const char          *uri,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (guard, cancellable, callback, user_data);
  GError *error = NULL;
  char **proxies = guard_check (uri, &error);

  if (proxies == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, proxies, (GDestroyNotify) g_strfreev);
}

static char **
test_guard_lookup_finish (GProxyResolver  *guard,
                          GAsyncResult    *result,
                          GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_guard_iface_init (GProxyResolverInterface *iface)
{
  iface->is_supported = test_guard_is_supported;
  iface->lookup = test_guard_lookup;
  iface->lookup_async = test_guard_lookup_async;
  iface->lookup_finish = test_guard_lookup_finish;
}

static void
test_guard_class_init (TestGuardClass *klass)
{
}

static void
test_guard_init (TestGuard *self)
{
}

/* ---- calls and checks ---- */

static void
reset_counts (void)
{
  g_hash_table_remove_all (resolver->lookups);
  resolver->stalls_cancelled = 0;
  g_ptr_array_set_size (dialled, 0);
  refused_dials = 0;
}

static guint
server_port (PdTestServer *server)
{
  g_autoptr(GUri) uri = g_uri_parse (pd_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);

  return g_uri_get_port (uri);
}

static PdAwsClient *
make_client (PdTestServer *server,
             const char   *url)
{
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  PdAwsClient *client;

  credentials = pd_aws_credentials_new (KEY_ID, SECRET, NULL, NULL, "test");
  provider = pd_aws_static_credentials_provider_new (credentials);
  pd_test_server_add_key (server, KEY_ID, SECRET);
  client = pd_aws_client_new (provider, "eu-west-1", url);
  /* The guard sees every connection, loopback ones too. */
  pd_aws_client_set_proxy_resolver (client, g_proxy_resolver_get_default ());
  return client;
}

/* The client's own policy: loopback addresses go direct without a word to
 * the desktop's resolver (here the guard), anything else is asked of it. */
static void
test_proxy_policy (void)
{
  g_autoptr(GProxyResolver) policy = pd_aws_proxy_resolver_new ();
  g_auto(GStrv) direct = NULL;
  g_auto(GStrv) denied = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_set_size (dialled, 0);
  refused_dials = 0;
  direct = g_proxy_resolver_lookup (policy, "http://127.0.0.1:4566/", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (direct, ((const char *[]) { "direct://", NULL }));
  g_clear_pointer (&direct, g_strfreev);
  direct = g_proxy_resolver_lookup (policy, "http://[::1]:4566/", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (direct[0], ==, "direct://");
  g_assert_cmpuint (dialled->len, ==, 0);

  denied = g_proxy_resolver_lookup (policy, "https://10.1.2.3/", NULL, &error);
  g_assert_null (denied);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (dialled->len, ==, 1);
  g_assert_cmpuint (refused_dials, ==, 1);
}

static void
start_call (PdAwsClient   *client,
            GCancellable  *cancellable,
            GAsyncResult **slot)
{
  pd_aws_client_call_async (client, "codepipeline", "ListPipelines", NULL, cancellable,
                            pd_test_store_result_cb, slot);
}

static JsonNode *
finish_call (PdAwsClient   *client,
             GAsyncResult **slot,
             GError       **error)
{
  JsonNode *node = pd_aws_client_call_finish (client, pd_test_await_result (slot, 10000), error);

  g_clear_object (slot);
  return node;
}

static JsonNode *
call (PdAwsClient  *client,
      GError      **error)
{
  GAsyncResult *result = NULL;

  start_call (client, NULL, &result);
  return finish_call (client, &result, error);
}

static void
assert_dialled (guint       index,
                const char *host,
                guint       port)
{
  g_autofree char *expected = g_strdup_printf ("http://%s:%u", host, port);

  g_assert_cmpuint (index, <, dialled->len);
  g_assert_cmpstr (g_ptr_array_index (dialled, index), ==, expected);
}

static void
assert_request (PdTestServer *server,
                guint         index,
                const char   *host)
{
  PdTestRequest *request = pd_test_server_get_request (server, index);

  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Host"), ==, host);
  g_assert_true (request->signature_checked);
  g_assert_true (request->signature_ok);
  g_assert_cmpstr (request->access_key_id, ==, KEY_ID);
}

/* ---- tests ---- */

static void
test_accepted (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  guint port = server_port (server);
  g_autofree char *url = g_strdup_printf ("http://Emulator.test:%u", port);
  g_autofree char *base_url = g_strdup_printf ("http://emulator.test:%u/base/", port);
  g_autofree char *host = g_strdup_printf ("emulator.test:%u", port);
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(PdAwsClient) base_client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) base_node = NULL;
  g_autoptr(GError) error = NULL;

  reset_counts ();
  client = make_client (server, url);
  node = call (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  /* The server sees the name, and the signature made for it holds */
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 1);
  assert_request (server, 0, host);
  g_assert_cmpstr (pd_test_server_get_request (server, 0)->path, ==, "/");
  /* libsoup connected to the address, and never looked the name up */
  g_assert_cmpuint (dialled->len, ==, 1);
  assert_dialled (0, "127.0.0.1", port);
  g_assert_cmpuint (lookups_of ("emulator.test"), ==, 1);
  g_assert_cmpuint (refused_dials, ==, 0);

  /* A base path stays in the request and in what is signed */
  base_client = make_client (server, base_url);
  base_node = call (base_client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 2);
  assert_request (server, 1, host);
  g_assert_cmpstr (pd_test_server_get_request (server, 1)->path, ==, "/base/");
  /* another client resolves the name again */
  g_assert_cmpuint (lookups_of ("emulator.test"), ==, 2);
  g_assert_cmpuint (refused_dials, ==, 0);
}

static void
test_refused (void)
{
  static const struct {
    const char *name;
    const char *message;
  } cases[] = {
    { "mixed.test", "“mixed.test”: its address 10.1.2.3 is not a loopback address "
                    "(it resolves to 127.0.0.1, 10.1.2.3)" },
    { "remote.test", "“remote.test”: its address 10.1.2.3 is not a loopback address "
                     "(it resolves to 10.1.2.3)" },
    { "nx.test", "Cannot resolve “nx.test”, the host of a plain http:// endpoint: "
                 "Error resolving “nx.test”: Name or service not known" },
    { "empty.test", "“empty.test”, the host of a plain http:// endpoint, resolved to no address" },
  };
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  guint port = server_port (server);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = g_strdup_printf ("http://%s:%u", cases[i].name, port);
      g_autoptr(PdAwsClient) client = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) again = NULL;
      g_autoptr(GError) error = NULL;

      reset_counts ();
      client = make_client (server, url);
      node = call (client, &error);
      g_assert_null (node);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      if (strstr (cases[i].name, "nx") == NULL && strstr (cases[i].name, "empty") == NULL)
        g_assert_nonnull (strstr (error->message, "use https://"));
      g_assert_cmpuint (lookups_of (cases[i].name), ==, 1);
      g_clear_error (&error);

      /* A refusal is not kept: the next call asks again, and is refused again */
      again = call (client, &error);
      g_assert_null (again);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT);
      g_assert_cmpuint (lookups_of (cases[i].name), ==, 2);

      /* Nothing was dialled, not even the loopback address of mixed.test */
      g_assert_cmpuint (dialled->len, ==, 0);
      g_assert_cmpuint (refused_dials, ==, 0);
      g_assert_cmpuint (pd_test_server_get_n_connections (server), ==, 0);
      g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 0);
    }
}

static void
test_ipv6 (void)
{
  g_autoptr(PdTestServer) server = NULL;
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *host = NULL;
  guint port;

  reset_counts ();
  server = pd_test_server_new_for_family (G_SOCKET_FAMILY_IPV6, &error);
  if (server == NULL)
    {
      g_autoptr(PdTestServer) v4 = pd_test_server_new ();

      /* No IPv6 here: the name is still accepted, and the connection to
       * [::1] fails as a connection, not as a refusal */
      g_test_message ("::1 cannot be bound (%s): checking acceptance only", error->message);
      g_clear_error (&error);
      port = server_port (v4);
      url = g_strdup_printf ("http://v6.test:%u", port);
      client = make_client (v4, url);
      pd_aws_client_set_max_attempts (client, 1);
      node = call (client, &error);
      g_assert_null (node);
      g_assert_nonnull (error);
      g_assert_false (g_error_matches (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT));
      assert_dialled (0, "[::1]", port);
      g_assert_cmpuint (refused_dials, ==, 0);
      g_assert_cmpuint (lookups_of ("v6.test"), ==, 1);
      return;
    }

  port = server_port (server);
  url = g_strdup_printf ("http://v6.test:%u", port);
  host = g_strdup_printf ("v6.test:%u", port);
  client = make_client (server, url);
  node = call (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 1);
  assert_request (server, 0, host);
  g_assert_cmpuint (dialled->len, ==, 1);
  assert_dialled (0, "[::1]", port);
  g_assert_cmpuint (refused_dials, ==, 0);
  g_assert_cmpuint (lookups_of ("v6.test"), ==, 1);
}

static guint
no_sleep_cb (guint    delay_ms,
             gpointer user_data)
{
  return 0;
}

static void
test_several_addresses (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  guint port = server_port (server);
  g_autofree char *dual_url = g_strdup_printf ("http://dual.test:%u", port);
  g_autofree char *two_url = g_strdup_printf ("http://two.test:%u", port);
  g_autofree char *two_host = g_strdup_printf ("two.test:%u", port);
  g_autoptr(GInetAddress) other = g_inet_address_new_from_string ("127.0.0.2");
  g_autoptr(GSocketAddress) blocked = g_inet_socket_address_new (other, port);
  g_autoptr(GSocket) blocker = NULL;
  g_autoptr(PdAwsClient) dual = NULL;
  g_autoptr(PdAwsClient) two = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  g_autoptr(GError) error = NULL;

  /* ::1 and 127.0.0.1: 127.0.0.1 comes first */
  reset_counts ();
  dual = make_client (server, dual_url);
  node = call (dual, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dialled->len, ==, 1);
  assert_dialled (0, "127.0.0.1", port);
  g_clear_pointer (&node, json_node_unref);

  /* 127.0.0.2, where nothing listens (the port is held, never listened
   * on), then 127.0.0.1: a failed connection moves on to the next address,
   * and later calls stay there */
  reset_counts ();
  blocker = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                          &error);
  g_assert_no_error (error);
  g_socket_bind (blocker, blocked, FALSE, &error);
  g_assert_no_error (error);

  two = make_client (server, two_url);
  pd_aws_client_set_retry_hooks (two, NULL, no_sleep_cb, NULL);
  node = call (two, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dialled->len, ==, 2);
  assert_dialled (0, "127.0.0.2", port);
  assert_dialled (1, "127.0.0.1", port);
  second = call (two, &error);
  g_assert_no_error (error);
  third = call (two, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dialled->len, ==, 2);
  g_assert_cmpuint (lookups_of ("two.test"), ==, 1);
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 4);
  for (guint i = 1; i < 4; i++)
    assert_request (server, i, two_host);
  g_assert_cmpuint (refused_dials, ==, 0);
}

static void
test_rebinding (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  guint port = server_port (server);
  g_autofree char *url = g_strdup_printf ("http://rebind.test:%u", port);
  g_autofree char *host = g_strdup_printf ("rebind.test:%u", port);
  g_autoptr(PdAwsClient) client = NULL;
  GAsyncResult *results[3] = { NULL };

  reset_counts ();
  client = make_client (server, url);

  /* Calls at once share one lookup */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    start_call (client, NULL, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      node = finish_call (client, &results[i], &error);
      g_assert_no_error (error);
    }

  /* Later calls ask no more: the name now answers 10.9.9.9 */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      node = call (client, &error);
      g_assert_no_error (error);
    }

  g_assert_cmpuint (lookups_of ("rebind.test"), ==, 1);
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 6);
  for (guint i = 0; i < 6; i++)
    assert_request (server, i, host);
  g_assert_cmpuint (dialled->len, >=, 1);
  for (guint i = 0; i < dialled->len; i++)
    assert_dialled (i, "127.0.0.1", port);
  g_assert_cmpuint (refused_dials, ==, 0);
}

static gboolean
has_stalled (gpointer data)
{
  return resolver->stalled->len == GPOINTER_TO_UINT (data);
}

static void
test_cancel (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  guint port = server_port (server);
  g_autofree char *url = g_strdup_printf ("http://stall.test:%u", port);
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(PdAwsClient) shared = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) first = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) later = NULL;
  g_autoptr(JsonNode) kept = NULL;
  GAsyncResult *result = NULL;
  GAsyncResult *other = NULL;

  /* The only caller gives up: the lookup is cancelled with it */
  reset_counts ();
  client = make_client (server, url);
  start_call (client, cancellable, &result);
  g_assert_true (pd_test_wait_until (has_stalled, GUINT_TO_POINTER (1), 10000));
  g_cancellable_cancel (cancellable);
  node = finish_call (client, &result, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (pd_test_wait_until (has_stalled, GUINT_TO_POINTER (0), 10000));
  g_assert_cmpuint (resolver->stalls_cancelled, ==, 1);
  g_assert_cmpuint (pd_test_server_get_n_connections (server), ==, 0);

  /* The next call looks the name up again */
  later = call (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lookups_of ("stall.test"), ==, 2);
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 1);

  /* One of two callers gives up: the other still gets the answer */
  reset_counts ();
  shared = make_client (server, url);
  start_call (shared, first, &result);
  start_call (shared, NULL, &other);
  g_assert_true (pd_test_wait_until (has_stalled, GUINT_TO_POINTER (1), 10000));
  g_cancellable_cancel (first);
  node = finish_call (shared, &result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (resolver->stalls_cancelled, ==, 0);
  test_resolver_release (resolver);
  kept = finish_call (shared, &other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lookups_of ("stall.test"), ==, 1);
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 2);
  g_assert_cmpuint (refused_dials, ==, 0);
}

static void
test_localhost (void)
{
  g_autoptr(PdTestServer) server = pd_test_server_new ();
  guint port = server_port (server);
  g_autofree char *url = g_strdup_printf ("http://localhost:%u", port);
  g_autofree char *dot_url = g_strdup_printf ("http://localhost.:%u", port);
  g_autofree char *host = g_strdup_printf ("localhost:%u", port);
  g_autofree char *dot_host = g_strdup_printf ("localhost.:%u", port);
  g_autofree char *sub_url = g_strdup_printf ("http://emulator.localhost:%u", port);
  g_autofree char *sub_host = g_strdup_printf ("emulator.localhost:%u", port);
  g_autoptr(PdAwsClient) sub = NULL;
  g_autoptr(JsonNode) sub_node = NULL;
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(PdAwsClient) dot = NULL;
  g_autoptr(PdAwsClient) literal = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) dot_node = NULL;
  g_autoptr(JsonNode) literal_node = NULL;
  g_autoptr(GError) error = NULL;

  /* localhost is taken as it is: GLib resolves it to ::1 and 127.0.0.1
   * without asking anyone, so the table's 10.1.2.3 is never seen */
  reset_counts ();
  client = make_client (server, url);
  node = call (client, &error);
  g_assert_no_error (error);
  assert_request (server, 0, host);
  g_assert_cmpuint (lookups_of ("localhost"), ==, 0);

  /* "localhost." and names under .localhost are names, pinned like any
   * other, to what GLib answers for them */
  dot = make_client (server, dot_url);
  dot_node = call (dot, &error);
  g_assert_no_error (error);
  assert_request (server, 1, dot_host);
  g_assert_cmpuint (lookups_of ("localhost."), ==, 0);
  assert_dialled (dialled->len - 1, "127.0.0.1", port);

  sub = make_client (server, sub_url);
  sub_node = call (sub, &error);
  g_assert_no_error (error);
  assert_request (server, 2, sub_host);
  g_assert_cmpuint (lookups_of ("emulator.localhost"), ==, 0);
  assert_dialled (dialled->len - 1, "127.0.0.1", port);

  /* An address literal asks no resolver at all */
  literal = make_client (server, pd_test_server_get_url (server));
  literal_node = call (literal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (resolver->lookups), ==, 0);
  g_assert_cmpuint (pd_test_server_get_n_requests (server), ==, 4);
  g_assert_cmpuint (refused_dials, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* GIO's extension points exist once a default is asked for; the guard
   * must be the proxy resolver before libsoup asks for one. */
  g_vfs_get_default ();
  g_io_extension_point_implement (G_PROXY_RESOLVER_EXTENSION_POINT_NAME, TEST_TYPE_GUARD,
                                  "pd-test-guard", 1000);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "pd-test-guard", TRUE);
  g_assert_true (TEST_IS_GUARD (g_proxy_resolver_get_default ()));

  dialled = g_ptr_array_new_with_free_func (g_free);
  resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);
  g_resolver_set_default (G_RESOLVER (resolver));

  g_test_add_func ("/pd/aws/loopback-names/proxy-policy", test_proxy_policy);
  g_test_add_func ("/pd/aws/loopback-names/accepted", test_accepted);
  g_test_add_func ("/pd/aws/loopback-names/refused", test_refused);
  g_test_add_func ("/pd/aws/loopback-names/ipv6", test_ipv6);
  g_test_add_func ("/pd/aws/loopback-names/several-addresses", test_several_addresses);
  g_test_add_func ("/pd/aws/loopback-names/rebinding", test_rebinding);
  g_test_add_func ("/pd/aws/loopback-names/cancel", test_cancel);
  g_test_add_func ("/pd/aws/loopback-names/localhost", test_localhost);

  status = g_test_run ();
  g_clear_object (&resolver);
  g_ptr_array_unref (dialled);
  return status;
}
