/* test-credentials-cache.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-credentials-private.h"
#include "pd-aws-error.h"
#include "pd-test-utils.h"

#define WAITERS 3

/* The owner of a cache, as a provider would be: it counts the loads the
 * cache starts and keeps them for the test to finish. */
typedef struct
{
  GObject               *owner;
  PdAwsCredentialsCache *cache;
  GPtrArray             *loads;
  guint                  started;
} Fixture;

/* One caller of pd_aws_credentials_cache_load_async() */
typedef struct
{
  GCancellable     *cancellable;
  gboolean          done;
  PdAwsCredentials *credentials;
  GError           *error;
} Caller;

static void
test_load (GTask *load)
{
  Fixture *fixture = g_object_get_data (g_task_get_source_object (load), "fixture");

  fixture->started++;
  g_ptr_array_add (fixture->loads, load);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_set_data (fixture->owner, "fixture", fixture);
  fixture->cache = pd_aws_credentials_cache_new (test_load);
  fixture->loads = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Every load was finished by the test */
  g_assert_cmpuint (fixture->loads->len, ==, 0);
  g_ptr_array_unref (fixture->loads);
  pd_aws_credentials_cache_free (fixture->cache);
  g_assert_finalize_object (fixture->owner);
}

static void
caller_clear (Caller *caller)
{
  g_clear_object (&caller->cancellable);
  g_clear_pointer (&caller->credentials, pd_aws_credentials_unref);
  g_clear_error (&caller->error);
  caller->done = FALSE;
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Caller *caller = user_data;

  g_assert_true (g_task_is_valid (result, object));
  g_assert_true (g_task_get_source_tag (G_TASK (result)) == on_loaded_cb);
  /* A caller is cleared before it is used again */
  g_assert_null (caller->credentials);
  g_assert_null (caller->error);
  caller->credentials = g_task_propagate_pointer (G_TASK (result), &caller->error);
  g_assert_true ((caller->credentials == NULL) != (caller->error == NULL));
  caller->done = TRUE;
}

static void
start (Fixture  *fixture,
       Caller   *caller,
       gboolean  force_refresh)
{
  caller->done = FALSE;
  pd_aws_credentials_cache_load_async (fixture->cache, fixture->owner, on_loaded_cb,
                                       force_refresh, caller->cancellable, on_loaded_cb, caller);
}

/* Lets everything that is ready run, without waiting for anything */
static void
settle (void)
{
  for (int i = 0; i < 10; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static PdAwsCredentials *
credentials_expiring_in (const char *key_id,
                         GTimeSpan   span)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiration = g_date_time_add (now, span);

  return pd_aws_credentials_new (key_id, "secret", "token", expiration, "test");
}

/* Finishes the oldest load that is still pending */
static void
finish_load (Fixture          *fixture,
             PdAwsCredentials *credentials,
             GError           *error)
{
  GTask *load;

  g_assert_cmpuint (fixture->loads->len, >, 0);
  load = g_ptr_array_steal_index (fixture->loads, 0);
  pd_aws_credentials_task_return (load, credentials, error);
  g_object_unref (load);
}

static const char *
cached_key_id (Fixture *fixture)
{
  PdAwsCredentials *cached = pd_aws_credentials_cache_peek (fixture->cache);

  return cached != NULL ? pd_aws_credentials_get_access_key_id (cached) : NULL;
}

static GCancellable *
load_cancellable (Fixture *fixture)
{
  g_assert_cmpuint (fixture->loads->len, >, 0);
  return g_task_get_cancellable (g_ptr_array_index (fixture->loads, 0));
}

/* Concurrent callers share one load and get the same credentials, which
 * then answer later callers without a load. */
static void
test_shared_load (Fixture       *fixture,
                  gconstpointer  data)
{
  Caller callers[WAITERS] = { { 0 } };
  Caller later = { 0 };

  for (guint i = 0; i < WAITERS; i++)
    start (fixture, &callers[i], FALSE);
  settle ();
  g_assert_cmpuint (fixture->started, ==, 1);
  for (guint i = 0; i < WAITERS; i++)
    g_assert_false (callers[i].done);
  g_assert_null (pd_aws_credentials_cache_peek (fixture->cache));

  finish_load (fixture, credentials_expiring_in ("AKIDSHARED", G_TIME_SPAN_HOUR), NULL);
  for (guint i = 0; i < WAITERS; i++)
    {
      pd_test_wait_for_flag (&callers[i].done, 5000);
      g_assert_no_error (callers[i].error);
      g_assert_cmpstr (pd_aws_credentials_get_access_key_id (callers[i].credentials), ==,
                       "AKIDSHARED");
      g_assert_true (callers[i].credentials == callers[0].credentials);
    }
  g_assert_true (pd_aws_credentials_cache_peek (fixture->cache) == callers[0].credentials);

  /* Fresh credentials answer at once */
  start (fixture, &later, FALSE);
  pd_test_wait_for_flag (&later.done, 5000);
  g_assert_true (later.credentials == callers[0].credentials);
  g_assert_cmpuint (fixture->started, ==, 1);
  caller_clear (&later);

  /* A forced refresh loads again, and its callers share that load too */
  caller_clear (&callers[0]);
  start (fixture, &later, TRUE);
  start (fixture, &callers[0], TRUE);
  settle ();
  g_assert_cmpuint (fixture->started, ==, 2);
  finish_load (fixture, credentials_expiring_in ("AKIDFORCED", G_TIME_SPAN_HOUR), NULL);
  pd_test_wait_for_flag (&later.done, 5000);
  pd_test_wait_for_flag (&callers[0].done, 5000);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (later.credentials), ==, "AKIDFORCED");
  g_assert_cmpstr (cached_key_id (fixture), ==, "AKIDFORCED");
  caller_clear (&later);

  for (guint i = 0; i < WAITERS; i++)
    caller_clear (&callers[i]);
}

/* Credentials that expire within five minutes are loaded again; those that
 * expire later, or never, are not. */
static void
test_refresh_window (Fixture       *fixture,
                     gconstpointer  data)
{
  struct
  {
    GTimeSpan span;
    gboolean  reused;
  } cases[] = {
    { 4 * G_TIME_SPAN_MINUTE, FALSE },
    { PD_AWS_CREDENTIALS_REFRESH_MARGIN - G_TIME_SPAN_SECOND, FALSE },
    { PD_AWS_CREDENTIALS_REFRESH_MARGIN + G_TIME_SPAN_MINUTE, TRUE },
    { -G_TIME_SPAN_MINUTE, FALSE },
    { G_TIME_SPAN_DAY, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Caller first = { 0 }, second = { 0 };
      guint started = fixture->started;

      start (fixture, &first, i == 0 ? FALSE : TRUE);
      settle ();
      g_assert_cmpuint (fixture->started, ==, started + 1);
      finish_load (fixture, credentials_expiring_in ("AKIDWINDOW", cases[i].span), NULL);
      pd_test_wait_for_flag (&first.done, 5000);
      g_assert_no_error (first.error);

      start (fixture, &second, FALSE);
      settle ();
      if (cases[i].reused)
        {
          g_assert_cmpuint (fixture->started, ==, started + 1);
          g_assert_true (second.done);
          g_assert_true (second.credentials == first.credentials);
        }
      else
        {
          g_assert_cmpuint (fixture->started, ==, started + 2);
          g_assert_false (second.done);
          finish_load (fixture, credentials_expiring_in ("AKIDRENEWED", G_TIME_SPAN_HOUR), NULL);
          pd_test_wait_for_flag (&second.done, 5000);
          g_assert_cmpstr (pd_aws_credentials_get_access_key_id (second.credentials), ==,
                           "AKIDRENEWED");
        }
      caller_clear (&first);
      caller_clear (&second);
    }

  /* Credentials without an expiry (static keys) stay */
  {
    Caller first = { 0 }, second = { 0 };

    start (fixture, &first, TRUE);
    settle ();
    finish_load (fixture, pd_aws_credentials_new ("AKIDSTATIC", "secret", NULL, NULL, "test"),
                 NULL);
    pd_test_wait_for_flag (&first.done, 5000);
    start (fixture, &second, FALSE);
    pd_test_wait_for_flag (&second.done, 5000);
    g_assert_true (second.credentials == first.credentials);
    g_assert_cmpuint (fixture->loads->len, ==, 0);
    caller_clear (&first);
    caller_clear (&second);
  }
}

/* Every waiter gets the error of a failed load; the next caller loads
 * again, and cached credentials stay until then. */
static void
test_error_not_cached (Fixture       *fixture,
                       gconstpointer  data)
{
  Caller callers[WAITERS] = { { 0 } };
  Caller next = { 0 };

  for (guint i = 0; i < WAITERS; i++)
    start (fixture, &callers[i], FALSE);
  settle ();
  finish_load (fixture, NULL,
               g_error_new_literal (PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS, "no credentials"));
  for (guint i = 0; i < WAITERS; i++)
    {
      pd_test_wait_for_flag (&callers[i].done, 5000);
      g_assert_error (callers[i].error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
      g_assert_cmpstr (callers[i].error->message, ==, "no credentials");
      g_assert_null (callers[i].credentials);
    }
  g_assert_null (pd_aws_credentials_cache_peek (fixture->cache));

  start (fixture, &next, FALSE);
  settle ();
  g_assert_cmpuint (fixture->started, ==, 2);
  finish_load (fixture, credentials_expiring_in ("AKIDAFTER", G_TIME_SPAN_HOUR), NULL);
  pd_test_wait_for_flag (&next.done, 5000);
  g_assert_no_error (next.error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (next.credentials), ==, "AKIDAFTER");
  caller_clear (&next);

  /* A failed refresh leaves the credentials of the last good load */
  start (fixture, &next, TRUE);
  settle ();
  finish_load (fixture, NULL,
               g_error_new_literal (PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS, "refresh failed"));
  pd_test_wait_for_flag (&next.done, 5000);
  g_assert_error (next.error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (cached_key_id (fixture), ==, "AKIDAFTER");
  caller_clear (&next);

  for (guint i = 0; i < WAITERS; i++)
    caller_clear (&callers[i]);
}

/* A cancelled waiter leaves at once; the load goes on for the others, and
 * is cancelled only when nobody waits any more. */
static void
test_cancel_one_waiter (Fixture       *fixture,
                        gconstpointer  data)
{
  Caller callers[WAITERS] = { { 0 } };
  Caller early = { 0 }, next = { 0 };

  for (guint i = 0; i < WAITERS; i++)
    {
      callers[i].cancellable = g_cancellable_new ();
      start (fixture, &callers[i], FALSE);
    }
  settle ();
  g_assert_cmpuint (fixture->started, ==, 1);

  g_cancellable_cancel (callers[1].cancellable);
  pd_test_wait_for_flag (&callers[1].done, 5000);
  g_assert_error (callers[1].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (callers[0].done);
  g_assert_false (callers[2].done);
  g_assert_false (g_cancellable_is_cancelled (load_cancellable (fixture)));

  finish_load (fixture, credentials_expiring_in ("AKIDSTAYED", G_TIME_SPAN_HOUR), NULL);
  pd_test_wait_for_flag (&callers[0].done, 5000);
  pd_test_wait_for_flag (&callers[2].done, 5000);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (callers[0].credentials), ==,
                   "AKIDSTAYED");
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (callers[2].credentials), ==,
                   "AKIDSTAYED");
  for (guint i = 0; i < WAITERS; i++)
    caller_clear (&callers[i]);

  /* A caller cancelled beforehand starts nothing */
  early.cancellable = g_cancellable_new ();
  g_cancellable_cancel (early.cancellable);
  start (fixture, &early, TRUE);
  pd_test_wait_for_flag (&early.done, 5000);
  g_assert_error (early.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->started, ==, 1);
  caller_clear (&early);

  /* When every waiter gives up, the load is cancelled and what it still
   * brings is dropped; the next caller starts a new load */
  for (guint i = 0; i < WAITERS; i++)
    {
      callers[i].cancellable = g_cancellable_new ();
      start (fixture, &callers[i], TRUE);
    }
  settle ();
  g_assert_cmpuint (fixture->started, ==, 2);
  for (guint i = 0; i < WAITERS; i++)
    {
      g_assert_false (g_cancellable_is_cancelled (load_cancellable (fixture)));
      g_cancellable_cancel (callers[i].cancellable);
      pd_test_wait_for_flag (&callers[i].done, 5000);
      g_assert_error (callers[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
  g_assert_true (g_cancellable_is_cancelled (load_cancellable (fixture)));

  start (fixture, &next, TRUE);
  settle ();
  g_assert_cmpuint (fixture->started, ==, 3);
  finish_load (fixture, credentials_expiring_in ("AKIDDROPPED", G_TIME_SPAN_HOUR), NULL);
  settle ();
  g_assert_false (next.done);
  g_assert_cmpstr (cached_key_id (fixture), ==, "AKIDSTAYED");
  finish_load (fixture, credentials_expiring_in ("AKIDNEW", G_TIME_SPAN_HOUR), NULL);
  pd_test_wait_for_flag (&next.done, 5000);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (next.credentials), ==, "AKIDNEW");
  caller_clear (&next);

  for (guint i = 0; i < WAITERS; i++)
    caller_clear (&callers[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/pd/aws/credentials-cache/" path, Fixture, NULL, fixture_setup, func, \
              fixture_teardown)

  ADD ("shared-load", test_shared_load);
  ADD ("refresh-window", test_refresh_window);
  ADD ("error-not-cached", test_error_not_cached);
  ADD ("cancel-one-waiter", test_cancel_one_waiter);

#undef ADD

  return g_test_run ();
}
