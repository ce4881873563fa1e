/* pd-aws-credentials-cache.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-credentials-private.h"

typedef struct _Load Load;

/* A caller waiting for the load in flight */
typedef struct
{
  GTask   *task;
  GSource *cancelled_source;
  Load    *load;
} Waiter;

/* The load in flight. It belongs to its own callback; the cache only
 * points at it while it is the current one. */
struct _Load
{
  PdAwsCredentialsCache *cache;
  GCancellable          *cancellable;
  GPtrArray             *waiters;
};

struct _PdAwsCredentialsCache
{
  PdAwsCredentialsLoadFunc  load_func;
  PdAwsCredentials         *cached;
  Load                     *current;
};

void
pd_aws_credentials_task_return (GTask            *task,
                                PdAwsCredentials *credentials,
                                GError           *error)
{
  if (credentials != NULL)
    {
      g_clear_error (&error);
      g_task_return_pointer (task, credentials, (GDestroyNotify) pd_aws_credentials_unref);
    }
  else
    g_task_return_error (task, error);
}

PdAwsCredentials *
pd_aws_credentials_task_finish (PdAwsCredentialsProvider  *provider,
                                GAsyncResult              *result,
                                GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pd_aws_credentials_forward_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdAwsCredentials *credentials;
  GError *error = NULL;

  credentials = pd_aws_credentials_provider_load_finish (PD_AWS_CREDENTIALS_PROVIDER (object),
                                                         result, &error);
  pd_aws_credentials_task_return (task, credentials, error);
}

static void
waiter_free (Waiter *waiter)
{
  g_source_destroy (waiter->cancelled_source);
  g_source_unref (waiter->cancelled_source);
  g_object_unref (waiter->task);
  g_free (waiter);
}

static void
load_free (Load *load)
{
  g_clear_pointer (&load->waiters, g_ptr_array_unref);
  g_clear_object (&load->cancellable);
  g_free (load);
}

/* The load no longer answers for the cache: what it brings is dropped */
static void
load_detach (Load *load)
{
  if (load->cache != NULL && load->cache->current == load)
    load->cache->current = NULL;
  load->cache = NULL;
}

static gboolean
on_waiter_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  Waiter *waiter = user_data;
  Load *load = waiter->load;

  g_task_return_error_if_cancelled (waiter->task);
  /* Frees @waiter and destroys this source, which is allowed here */
  g_ptr_array_remove_fast (load->waiters, waiter);

  if (load->waiters->len == 0)
    {
      load_detach (load);
      g_cancellable_cancel (load->cancellable);
    }
  return G_SOURCE_REMOVE;
}

static void
on_load_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&load->waiters);
  g_autoptr(GError) error = NULL;

  credentials = g_task_propagate_pointer (G_TASK (result), &error);
  g_assert (credentials != NULL || error != NULL);

  if (load->cache != NULL && credentials != NULL)
    {
      g_clear_pointer (&load->cache->cached, pd_aws_credentials_unref);
      load->cache->cached = pd_aws_credentials_ref (credentials);
    }
  load_detach (load);

  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      pd_aws_credentials_task_return (waiter->task,
                                      credentials != NULL ? pd_aws_credentials_ref (credentials)
                                                          : NULL,
                                      credentials == NULL ? g_error_copy (error) : NULL);
    }
  load_free (load);
}

static void
load_start (PdAwsCredentialsCache *self,
            gpointer               owner)
{
  Load *load = g_new0 (Load, 1);
  GTask *task;

  load->cache = self;
  load->cancellable = g_cancellable_new ();
  load->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
  self->current = load;

  task = g_task_new (owner, load->cancellable, on_load_done_cb, load);
  g_task_set_source_tag (task, self->load_func);
  self->load_func (task);
}

static void
load_join (Load  *load,
           GTask *task)
{
  Waiter *waiter = g_new0 (Waiter, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  waiter->task = task;
  waiter->load = load;
  /* A source, not a handler: the waiter leaves from the main loop, where
   * it may disconnect and complete its task */
  waiter->cancelled_source = g_cancellable_source_new (cancellable);
  g_source_set_callback (waiter->cancelled_source, G_SOURCE_FUNC (on_waiter_cancelled_cb),
                         waiter, NULL);
  g_source_attach (waiter->cancelled_source, g_main_context_get_thread_default ());
  g_ptr_array_add (load->waiters, waiter);
}

PdAwsCredentialsCache *
pd_aws_credentials_cache_new (PdAwsCredentialsLoadFunc load)
{
  PdAwsCredentialsCache *self;

  g_return_val_if_fail (load != NULL, NULL);

  self = g_new0 (PdAwsCredentialsCache, 1);
  self->load_func = load;
  return self;
}

void
pd_aws_credentials_cache_free (PdAwsCredentialsCache *self)
{
  if (self == NULL)
    return;
  if (self->current != NULL)
    load_detach (self->current);
  g_clear_pointer (&self->cached, pd_aws_credentials_unref);
  g_free (self);
}

PdAwsCredentials *
pd_aws_credentials_cache_peek (PdAwsCredentialsCache *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cached;
}

static gboolean
cache_is_fresh (PdAwsCredentialsCache *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->cached == NULL)
    return FALSE;

  now = g_date_time_new_now_utc ();
  return !pd_aws_credentials_expires_within (self->cached, now, PD_AWS_CREDENTIALS_REFRESH_MARGIN);
}

void
pd_aws_credentials_cache_load_async (PdAwsCredentialsCache *self,
                                     gpointer               owner,
                                     gpointer               source_tag,
                                     gboolean               force_refresh,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (owner, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!force_refresh && cache_is_fresh (self))
    {
      g_task_return_pointer (task, pd_aws_credentials_ref (self->cached),
                             (GDestroyNotify) pd_aws_credentials_unref);
      return;
    }

  /* A load answers from the main loop, never from within load_start() */
  if (self->current == NULL)
    load_start (self, owner);
  load_join (self->current, g_steal_pointer (&task));
}
