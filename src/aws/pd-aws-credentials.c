/* pd-aws-credentials.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-credentials-private.h"

struct _PdAwsCredentials
{
  gatomicrefcount  ref_count;
  char            *access_key_id;
  char            *secret_access_key;
  char            *session_token;
  GDateTime       *expiration;
  char            *source;
};

G_DEFINE_BOXED_TYPE (PdAwsCredentials, pd_aws_credentials,
                     pd_aws_credentials_ref, pd_aws_credentials_unref)

/**
 * pd_aws_secure_free:
 * @secret: (nullable) (transfer full): a secret string
 *
 * Overwrites @secret with zeros before freeing it, so that it does not linger
 * in freed memory.
 */
void
pd_aws_secure_free (char *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/**
 * pd_aws_credentials_new:
 * @access_key_id: the access key ID
 * @secret_access_key: the secret access key
 * @session_token: (nullable): the session token of temporary credentials
 * @expiration: (nullable): when temporary credentials expire
 * @source: (nullable): where they came from, for display (“environment”,
 *   “profile dev”); never a secret
 *
 * Returns: (transfer full): new credentials
 */
PdAwsCredentials *
pd_aws_credentials_new (const char *access_key_id,
                        const char *secret_access_key,
                        const char *session_token,
                        GDateTime  *expiration,
                        const char *source)
{
  PdAwsCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_new0 (PdAwsCredentials, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = session_token != NULL && session_token[0] != '\0' ? g_strdup (session_token) : NULL;
  self->expiration = expiration != NULL ? g_date_time_ref (expiration) : NULL;
  self->source = g_strdup (source);

  return self;
}

/**
 * pd_aws_credentials_ref:
 * @self: credentials
 *
 * Returns: (transfer full): @self
 */
PdAwsCredentials *
pd_aws_credentials_ref (PdAwsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * pd_aws_credentials_unref:
 * @self: (transfer full): credentials
 *
 * Drops a reference; the last one wipes the secrets.
 */
void
pd_aws_credentials_unref (PdAwsCredentials *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->access_key_id);
  pd_aws_secure_free (self->secret_access_key);
  pd_aws_secure_free (self->session_token);
  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_free (self->source);
  g_free (self);
}

/** pd_aws_credentials_get_access_key_id: Returns: (transfer none): the access key ID */
const char *
pd_aws_credentials_get_access_key_id (PdAwsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->access_key_id;
}

/** pd_aws_credentials_get_secret_access_key: Returns: (transfer none): the secret key */
const char *
pd_aws_credentials_get_secret_access_key (PdAwsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->secret_access_key;
}

/** pd_aws_credentials_get_session_token: Returns: (nullable) (transfer none): the token */
const char *
pd_aws_credentials_get_session_token (PdAwsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->session_token;
}

/** pd_aws_credentials_get_expiration: Returns: (nullable) (transfer none): the expiry */
GDateTime *
pd_aws_credentials_get_expiration (PdAwsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->expiration;
}

/** pd_aws_credentials_get_source: Returns: (nullable) (transfer none): where they came from */
const char *
pd_aws_credentials_get_source (PdAwsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->source;
}

/**
 * pd_aws_credentials_expires_within:
 * @self: credentials
 * @now: the current time
 * @margin: how long before the expiry to count them as expiring
 *
 * Returns: %TRUE if @self expires before @now + @margin
 */
gboolean
pd_aws_credentials_expires_within (PdAwsCredentials *self,
                                   GDateTime        *now,
                                   GTimeSpan         margin)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (self->expiration == NULL)
    return FALSE;

  return g_date_time_difference (self->expiration, now) < margin;
}

/* The provider interface */

G_DEFINE_INTERFACE (PdAwsCredentialsProvider, pd_aws_credentials_provider, G_TYPE_OBJECT)

static void
pd_aws_credentials_provider_default_init (PdAwsCredentialsProviderInterface *iface)
{
}

/**
 * pd_aws_credentials_provider_load_async:
 * @self: a provider
 * @force_refresh: ignore cached credentials
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Loads credentials.
 */
void
pd_aws_credentials_provider_load_async (PdAwsCredentialsProvider *self,
                                        gboolean                  force_refresh,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  g_return_if_fail (PD_AWS_IS_CREDENTIALS_PROVIDER (self));

  PD_AWS_CREDENTIALS_PROVIDER_GET_IFACE (self)->load_async (self, force_refresh, cancellable,
                                                            callback, user_data);
}

/**
 * pd_aws_credentials_provider_load_finish:
 * @self: a provider
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the credentials, or %NULL with @error set
 */
PdAwsCredentials *
pd_aws_credentials_provider_load_finish (PdAwsCredentialsProvider  *self,
                                         GAsyncResult              *result,
                                         GError                   **error)
{
  g_return_val_if_fail (PD_AWS_IS_CREDENTIALS_PROVIDER (self), NULL);

  return PD_AWS_CREDENTIALS_PROVIDER_GET_IFACE (self)->load_finish (self, result, error);
}

/* The static provider */

struct _PdAwsStaticCredentialsProvider
{
  GObject           parent_instance;
  PdAwsCredentials *credentials;
};

static void static_provider_iface_init (PdAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAwsStaticCredentialsProvider, pd_aws_static_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_AWS_TYPE_CREDENTIALS_PROVIDER,
                                                      static_provider_iface_init))

static void
static_provider_load_async (PdAwsCredentialsProvider *provider,
                            gboolean                  force_refresh,
                            GCancellable             *cancellable,
                            GAsyncReadyCallback       callback,
                            gpointer                  user_data)
{
  PdAwsStaticCredentialsProvider *self = PD_AWS_STATIC_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, static_provider_load_async);
  g_task_return_pointer (task,
                         pd_aws_credentials_ref (self->credentials),
                         (GDestroyNotify) pd_aws_credentials_unref);
}

static void
static_provider_iface_init (PdAwsCredentialsProviderInterface *iface)
{
  iface->load_async = static_provider_load_async;
  iface->load_finish = pd_aws_credentials_task_finish;
}

static void
pd_aws_static_credentials_provider_finalize (GObject *object)
{
  PdAwsStaticCredentialsProvider *self = (PdAwsStaticCredentialsProvider *)object;

  g_clear_pointer (&self->credentials, pd_aws_credentials_unref);

  G_OBJECT_CLASS (pd_aws_static_credentials_provider_parent_class)->finalize (object);
}

static void
pd_aws_static_credentials_provider_class_init (PdAwsStaticCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_aws_static_credentials_provider_finalize;
}

static void
pd_aws_static_credentials_provider_init (PdAwsStaticCredentialsProvider *self)
{
}

/**
 * pd_aws_static_credentials_provider_new:
 * @credentials: the credentials to return
 *
 * Returns: (transfer full): a provider that always returns @credentials
 */
PdAwsCredentialsProvider *
pd_aws_static_credentials_provider_new (PdAwsCredentials *credentials)
{
  PdAwsStaticCredentialsProvider *self;

  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_object_new (PD_AWS_TYPE_STATIC_CREDENTIALS_PROVIDER, NULL);
  self->credentials = pd_aws_credentials_ref (credentials);

  return PD_AWS_CREDENTIALS_PROVIDER (self);
}
