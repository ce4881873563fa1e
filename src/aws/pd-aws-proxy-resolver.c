/* pd-aws-proxy-resolver.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-proxy-resolver-private.h"

/* A request to a loopback address never goes through a proxy, so asking
 * the desktop's proxy resolver about it is wasted work — and that work is
 * not small: the first lookup of libproxy's resolver costs tens of
 * milliseconds, then each new connection again, on the path to the first
 * screen of a local endpoint. Loopback addresses get "direct://" here;
 * everything else is asked of the default resolver, as libsoup would. */

struct _PdAwsProxyResolver
{
  GObject parent_instance;
};

static void pd_aws_proxy_resolver_iface_init (GProxyResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAwsProxyResolver, pd_aws_proxy_resolver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER,
                                                      pd_aws_proxy_resolver_iface_init))

static const char * const direct[] = { "direct://", NULL };

static gboolean
uri_is_loopback (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (parsed == NULL || (host = g_uri_get_host (parsed)) == NULL)
    return FALSE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
pd_aws_proxy_resolver_is_supported (GProxyResolver *resolver)
{
  return TRUE;
}

static char **
pd_aws_proxy_resolver_lookup (GProxyResolver  *resolver,
                              const char      *uri,
                              GCancellable    *cancellable,
                              GError         **error)
{
  if (uri_is_loopback (uri))
    return g_strdupv ((char **) direct);
  return g_proxy_resolver_lookup (g_proxy_resolver_get_default (), uri, cancellable, error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char **proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, &error);

  if (proxies == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, proxies, (GDestroyNotify) g_strfreev);
}

static void
pd_aws_proxy_resolver_lookup_async (GProxyResolver      *resolver,
                                    const char          *uri,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_aws_proxy_resolver_lookup_async);
  if (uri_is_loopback (uri))
    {
      g_task_return_pointer (task, g_strdupv ((char **) direct), (GDestroyNotify) g_strfreev);
      return;
    }
  g_proxy_resolver_lookup_async (g_proxy_resolver_get_default (), uri, cancellable, lookup_cb,
                                 g_steal_pointer (&task));
}

static char **
pd_aws_proxy_resolver_lookup_finish (GProxyResolver  *resolver,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, resolver), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pd_aws_proxy_resolver_iface_init (GProxyResolverInterface *iface)
{
  iface->is_supported = pd_aws_proxy_resolver_is_supported;
  iface->lookup = pd_aws_proxy_resolver_lookup;
  iface->lookup_async = pd_aws_proxy_resolver_lookup_async;
  iface->lookup_finish = pd_aws_proxy_resolver_lookup_finish;
}

static void
pd_aws_proxy_resolver_class_init (PdAwsProxyResolverClass *klass)
{
}

static void
pd_aws_proxy_resolver_init (PdAwsProxyResolver *self)
{
}

/**
 * pd_aws_proxy_resolver_new:
 *
 * Returns: (transfer full): a resolver that sends loopback addresses
 *   directly and asks the default resolver about the rest
 */
GProxyResolver *
pd_aws_proxy_resolver_new (void)
{
  return g_object_new (PD_AWS_TYPE_PROXY_RESOLVER, NULL);
}
