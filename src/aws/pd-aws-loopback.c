/* pd-aws-loopback.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-error.h"
#include "pd-aws-loopback-private.h"

/* A name is looked up once, whatever the number of calls waiting for it;
 * a name that resolves only to loopback addresses stays pinned to them for
 * the life of its client. A failed lookup or a refused answer is not kept:
 * the next call asks again, so that fixing a hosts file needs no restart. */

struct _PdAwsLoopbackPins
{
  /* name → Pin */
  GHashTable *pins;
};

typedef struct
{
  /* Borrowed; NULL once nothing waits for the lookup any more */
  PdAwsLoopbackPins *owner;

  char              *name;
  /* The address literals in the resolver's order; NULL while resolving */
  GPtrArray         *addresses;
  guint              current;
  /* The lookup in flight */
  GCancellable      *cancellable;
  /* GTasks of the callers waiting for the lookup, one reference each */
  GPtrArray         *waiters;
} Pin;

typedef struct
{
  Pin     *pin;
  GSource *cancel_source;
} Waiter;

static void
pin_clear (gpointer data)
{
  Pin *pin = data;

  g_assert (pin->waiters == NULL || pin->waiters->len == 0);
  g_free (pin->name);
  g_clear_pointer (&pin->addresses, g_ptr_array_unref);
  g_clear_object (&pin->cancellable);
  g_clear_pointer (&pin->waiters, g_ptr_array_unref);
}

static Pin *
pin_ref (Pin *pin)
{
  return g_rc_box_acquire (pin);
}

static void
pin_unref (gpointer pin)
{
  g_rc_box_release_full (pin, pin_clear);
}

static void
waiter_stop (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_clear_pointer (&waiter->cancel_source, g_source_unref);
    }
}

static void
waiter_free (gpointer data)
{
  Waiter *waiter = data;

  waiter_stop (waiter);
  pin_unref (waiter->pin);
  g_free (waiter);
}

/* Drops a lookup nobody waits for: the next caller starts a new one. */
static void
pin_abandon (Pin *pin)
{
  PdAwsLoopbackPins *owner = pin->owner;

  pin->owner = NULL;
  g_cancellable_cancel (pin->cancellable);
  g_hash_table_remove (owner->pins, pin->name);
}

static GError *
check_addresses (const char    *name,
                 GList         *addresses,
                 const GError  *error,
                 GPtrArray    **literals)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  const char *outside = NULL;

  if (error != NULL)
    return g_error_new (PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT,
                        "Cannot resolve “%s”, the host of a plain http:// endpoint: %s",
                        name, error->message);
  if (addresses == NULL)
    return g_error_new (PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT,
                        "“%s”, the host of a plain http:// endpoint, resolved to no address",
                        name);

  /* IPv4 first: a local server often listens on 127.0.0.1 alone, seldom on
   * ::1 alone; the resolver's order comes next. */
  for (guint pass = 0; pass < 2; pass++)
    for (GList *l = addresses; l != NULL; l = l->next)
      {
        GInetAddress *address = l->data;
        gboolean is_ipv4 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4;
        char *literal;

        if (is_ipv4 != (pass == 0))
          continue;
        literal = g_inet_address_to_string (address);
        g_ptr_array_add (found, literal);
        if (outside == NULL && !g_inet_address_get_is_loopback (address))
          outside = literal;
      }

  if (outside != NULL)
    {
      g_ptr_array_add (found, NULL);
      list = g_strjoinv (", ", (char **) found->pdata);
      return g_error_new (PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT,
                          "Refusing plain http:// to “%s”: its address %s is not a loopback "
                          "address (it resolves to %s); unencrypted requests only go to "
                          PD_AWS_LOOPBACK_RULE "; use https://", name, outside, list);
    }

  *literals = g_steal_pointer (&found);
  return NULL;
}

static void
on_resolved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pin *pin = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GPtrArray) literals = NULL;
  GList *addresses;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  if (pin->owner == NULL)
    {
      g_resolver_free_addresses (addresses);
      pin_unref (pin);
      return;
    }

  refusal = check_addresses (pin->name, addresses, error, &literals);
  g_resolver_free_addresses (addresses);

  /* The callers may start new lookups from their callbacks */
  waiters = g_steal_pointer (&pin->waiters);
  pin->waiters = g_ptr_array_new ();
  if (refusal != NULL)
    {
      g_debug ("Not pinning %s: %s", pin->name, refusal->message);
      pin_abandon (pin);
    }
  else
    {
      g_debug ("Pinned %s to %s%s", pin->name, (const char *) literals->pdata[0],
               literals->len > 1 ? " and its other loopback addresses" : "");
      pin->addresses = g_steal_pointer (&literals);
      g_clear_object (&pin->cancellable);
    }

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      waiter_stop (g_task_get_task_data (task));
      if (refusal != NULL)
        g_task_return_error (task, g_error_copy (refusal));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }

  pin_unref (pin);
}

static gboolean
on_waiter_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  GTask *task = user_data;
  Waiter *waiter = g_task_get_task_data (task);
  Pin *pin = waiter->pin;

  g_clear_pointer (&waiter->cancel_source, g_source_unref);
  g_ptr_array_remove (pin->waiters, task);
  if (pin->waiters->len == 0 && pin->owner != NULL)
    pin_abandon (pin);

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/**
 * pd_aws_loopback_pins_new:
 *
 * Returns: (transfer full): an empty set of pinned names
 */
PdAwsLoopbackPins *
pd_aws_loopback_pins_new (void)
{
  PdAwsLoopbackPins *self = g_new0 (PdAwsLoopbackPins, 1);

  self->pins = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, pin_unref);
  return self;
}

/**
 * pd_aws_loopback_pins_free:
 * @self: (transfer full): pinned names
 *
 * Frees @self; a lookup still waited for ends with %G_IO_ERROR_CANCELLED.
 */
void
pd_aws_loopback_pins_free (PdAwsLoopbackPins *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self == NULL)
    return;

  g_hash_table_iter_init (&iter, self->pins);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Pin *pin = value;
      g_autoptr(GPtrArray) waiters = NULL;

      if (pin->addresses != NULL)
        continue;
      pin->owner = NULL;
      g_cancellable_cancel (pin->cancellable);
      waiters = g_steal_pointer (&pin->waiters);
      pin->waiters = g_ptr_array_new ();
      for (guint i = 0; i < waiters->len; i++)
        {
          GTask *task = g_ptr_array_index (waiters, i);

          waiter_stop (g_task_get_task_data (task));
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   "Operation was cancelled");
          g_object_unref (task);
        }
    }
  g_hash_table_unref (self->pins);
  g_free (self);
}

/**
 * pd_aws_loopback_pins_lookup_async:
 * @self: pinned names
 * @name: a host name, lower case
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when @name is pinned or refused
 * @user_data: data for @callback
 *
 * Pins @name if it resolves, through the default #GResolver, to loopback
 * addresses alone; a name already pinned is not looked up again, and
 * callers asking while a lookup runs share it. The IPv4 addresses come
 * first, then the others, each in the resolver's order.
 */
void
pd_aws_loopback_pins_lookup_async (PdAwsLoopbackPins   *self,
                                   const char          *name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;
  Pin *pin;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_aws_loopback_pins_lookup_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  pin = g_hash_table_lookup (self->pins, name);
  if (pin != NULL && pin->addresses != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (pin == NULL)
    {
      g_autoptr(GResolver) resolver = g_resolver_get_default ();

      pin = g_rc_box_new0 (Pin);
      pin->owner = self;
      pin->name = g_strdup (name);
      pin->cancellable = g_cancellable_new ();
      pin->waiters = g_ptr_array_new ();
      g_hash_table_insert (self->pins, pin->name, pin);
      g_resolver_lookup_by_name_async (resolver, name, pin->cancellable, on_resolved_cb,
                                       pin_ref (pin));
    }

  waiter = g_new0 (Waiter, 1);
  waiter->pin = pin_ref (pin);
  g_task_set_task_data (task, waiter, waiter_free);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (on_waiter_cancelled_cb),
                             task, NULL);
      g_source_attach (waiter->cancel_source, g_task_get_context (task));
    }
  g_ptr_array_add (pin->waiters, g_steal_pointer (&task));
}

/**
 * pd_aws_loopback_pins_lookup_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the name is pinned; %FALSE with %PD_AWS_ERROR_ENDPOINT
 *   when it does not resolve or resolves to any address but loopback, or
 *   with %G_IO_ERROR_CANCELLED
 */
gboolean
pd_aws_loopback_pins_lookup_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pd_aws_loopback_pins_dup_address:
 * @self: pinned names
 * @name: a host name, lower case
 *
 * Returns: (transfer full) (nullable): the loopback address literal to
 *   connect to for @name, without brackets, or %NULL if @name is not pinned
 */
char *
pd_aws_loopback_pins_dup_address (PdAwsLoopbackPins *self,
                                  const char        *name)
{
  Pin *pin;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  pin = g_hash_table_lookup (self->pins, name);
  if (pin == NULL || pin->addresses == NULL)
    return NULL;

  return g_strdup (g_ptr_array_index (pin->addresses, pin->current));
}

/**
 * pd_aws_loopback_pins_failed:
 * @self: pinned names
 * @name: a pinned host name
 * @address: the address a connection to @name failed at
 *
 * Moves @name on to its next pinned address, if it has several: a server
 * may listen on 127.0.0.1 only while the name resolves to ::1 first.
 */
void
pd_aws_loopback_pins_failed (PdAwsLoopbackPins *self,
                             const char        *name,
                             const char        *address)
{
  Pin *pin;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (address != NULL);

  pin = g_hash_table_lookup (self->pins, name);
  if (pin == NULL || pin->addresses == NULL || pin->addresses->len < 2 ||
      g_strcmp0 (g_ptr_array_index (pin->addresses, pin->current), address) != 0)
    return;

  pin->current = (pin->current + 1) % pin->addresses->len;
  g_debug ("Connecting to %s failed at %s: trying %s next", name, address,
           (const char *) g_ptr_array_index (pin->addresses, pin->current));
}
