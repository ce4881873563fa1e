/* pd-aws-keyring.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "pd-aws-credentials-private.h"
#include "pd-aws-error.h"
#include "pd-aws-keyring.h"

#define ATTR_ACCOUNT       "account"
#define ATTR_ACCESS_KEY_ID "access-key-id"
#define ATTR_REGION        "region"
#define ATTR_ENDPOINT_URL  "endpoint-url"

typedef struct
{
  char       *name;
  GHashTable *attributes;
  char       *label;
  /* The secret key, a newline, then the optional session token */
  char       *secret;
  char       *access_key_id;
  SecretService *service;
} KeyringOp;

struct _PdAwsKeyringCredentialsProvider
{
  GObject                parent_instance;

  /* Owned references */
  char                  *name;
  PdAwsCredentialsCache *cache;
};

static void provider_iface_init (PdAwsCredentialsProviderInterface *iface);

G_DEFINE_BOXED_TYPE (PdAwsKeyringAccount, pd_aws_keyring_account,
                     pd_aws_keyring_account_copy, pd_aws_keyring_account_free)

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAwsKeyringCredentialsProvider,
                               pd_aws_keyring_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_AWS_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    PD_AWS_KEYRING_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { ATTR_ACCOUNT, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_ACCESS_KEY_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_REGION, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_ENDPOINT_URL, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

static void
keyring_op_free (KeyringOp *op)
{
  g_free (op->name);
  g_clear_pointer (&op->attributes, g_hash_table_unref);
  g_free (op->label);
  pd_aws_secure_free (op->secret);
  g_free (op->access_key_id);
  g_clear_object (&op->service);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyringOp, keyring_op_free)

static GHashTable *
account_attributes (const char *name)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) ATTR_ACCOUNT, g_strdup (name));

  return attributes;
}

/* Turns a libsecret or D-Bus failure into a keyring error that says what
 * was being done; cancellation passes through unchanged. */
/* Pipedeck never asks libsecret to unlock: with libsecret 0.20, an unlock
 * prompt that cannot be shown (or, on some desktops, is dismissed) leaves
 * the call unfinished forever. A locked keyring is reported instead. */
static GError *
locked_error (const char *doing)
{
  return g_error_new (PD_AWS_ERROR, PD_AWS_ERROR_KEYRING,
                      "The system keyring is locked (%s): unlock it, for example in "
                      "Passwords and Keys, and try again", doing);
}

static GError *
keyring_error (GError     *raw,
               const char *doing)
{
  GError *error;

  if (raw == NULL)
    return g_error_new (PD_AWS_ERROR, PD_AWS_ERROR_KEYRING,
                        "The system keyring refused %s", doing);
  if (g_error_matches (raw, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return raw;

  error = g_error_new (PD_AWS_ERROR, PD_AWS_ERROR_KEYRING,
                       "The system keyring is unavailable (%s): %s", doing, raw->message);
  g_error_free (raw);

  return error;
}

/**
 * pd_aws_keyring_account_copy:
 * @self: an account
 *
 * Returns: (transfer full): a copy of @self
 */
PdAwsKeyringAccount *
pd_aws_keyring_account_copy (const PdAwsKeyringAccount *self)
{
  PdAwsKeyringAccount *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PdAwsKeyringAccount, 1);
  copy->name = g_strdup (self->name);
  copy->access_key_id = g_strdup (self->access_key_id);
  copy->region = g_strdup (self->region);
  copy->endpoint_url = g_strdup (self->endpoint_url);

  return copy;
}

/**
 * pd_aws_keyring_account_free:
 * @self: (transfer full): an account
 *
 * Frees @self.
 */
void
pd_aws_keyring_account_free (PdAwsKeyringAccount *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->access_key_id);
  g_free (self->region);
  g_free (self->endpoint_url);
  g_free (self);
}

/* Store */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_error (task, keyring_error (error, "storing an account"));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
store_clear_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  /* FALSE without an error only means there was nothing to replace. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_task_return_error (task, keyring_error (error, "replacing an account"));
      return;
    }

  secret_password_storev (get_schema (), op->attributes, SECRET_COLLECTION_DEFAULT, op->label,
                          op->secret, g_task_get_cancellable (task), store_cb,
                          g_object_ref (task));
  /* libsecret copied the secret: the encoded form need not stay. */
  g_clear_pointer (&op->secret, pd_aws_secure_free);
}

static void
store_collection_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GHashTable) match = NULL;
  KeyringOp *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error, "storing an account"));
      return;
    }
  if (collection != NULL && secret_collection_get_locked (collection))
    {
      g_task_return_error (task, locked_error ("storing an account"));
      return;
    }

  /* Items match on all attributes: clear the old one first, so that a new
   * access key ID or region replaces it rather than adding a twin. */
  match = account_attributes (op->name);
  secret_password_clearv (get_schema (), match, cancellable, store_clear_cb,
                          g_steal_pointer (&task));
}

static void
store_service_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  op->service = secret_service_get_finish (result, &error);
  if (op->service == NULL)
    {
      g_task_return_error (task, keyring_error (error, "storing an account"));
      return;
    }

  secret_collection_for_alias (op->service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               cancellable, store_collection_cb, g_steal_pointer (&task));
}

/**
 * pd_aws_keyring_store_async:
 * @name: the account's name
 * @credentials: its credentials (the access key ID, the secret key and the
 *   optional session token are stored; the expiry is not)
 * @region: (nullable): its region
 * @endpoint_url: (nullable): its endpoint override
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Stores an account in the default keyring, replacing any account of the
 * same name. The account name, access key ID, region and endpoint URL go
 * into the item's (unencrypted) attributes; the secret key and token only
 * into its secret. A locked keyring gives %PD_AWS_ERROR_KEYRING rather than
 * an unlock prompt.
 */
void
pd_aws_keyring_store_async (const char          *name,
                            PdAwsCredentials    *credentials,
                            const char          *region,
                            const char          *endpoint_url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(KeyringOp) op = NULL;
  const char *secret;
  const char *token;

  g_return_if_fail (name != NULL);
  g_return_if_fail (credentials != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_aws_keyring_store_async);

  secret = pd_aws_credentials_get_secret_access_key (credentials);
  token = pd_aws_credentials_get_session_token (credentials);

  if (name[0] == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                               "An account needs a name");
      return;
    }
  if (secret[0] == '\0' || strchr (secret, '\n') != NULL ||
      (token != NULL && strchr (token, '\n') != NULL))
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                               "The secret key or session token of account “%s” is empty or "
                               "spans several lines", name);
      return;
    }

  op = g_new0 (KeyringOp, 1);
  op->name = g_strdup (name);
  op->label = g_strdup_printf ("Pipedeck account %s", name);
  op->secret = g_strconcat (secret, "\n", token != NULL ? token : "", NULL);
  op->attributes = account_attributes (name);
  g_hash_table_insert (op->attributes, (gpointer) ATTR_ACCESS_KEY_ID,
                       g_strdup (pd_aws_credentials_get_access_key_id (credentials)));
  if (region != NULL && region[0] != '\0')
    g_hash_table_insert (op->attributes, (gpointer) ATTR_REGION, g_strdup (region));
  if (endpoint_url != NULL && endpoint_url[0] != '\0')
    g_hash_table_insert (op->attributes, (gpointer) ATTR_ENDPOINT_URL, g_strdup (endpoint_url));
  g_task_set_task_data (task, g_steal_pointer (&op), (GDestroyNotify) keyring_op_free);

  secret_service_get (SECRET_SERVICE_NONE, cancellable, store_service_cb, g_steal_pointer (&task));
}

/**
 * pd_aws_keyring_store_finish:
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: %TRUE if the account was stored
 */
gboolean
pd_aws_keyring_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* List */

static PdAwsKeyringAccount *
account_from_attributes (GHashTable *attributes)
{
  PdAwsKeyringAccount *account;
  const char *name = g_hash_table_lookup (attributes, ATTR_ACCOUNT);

  if (name == NULL)
    return NULL;

  account = g_new0 (PdAwsKeyringAccount, 1);
  account->name = g_strdup (name);
  account->access_key_id = g_strdup (g_hash_table_lookup (attributes, ATTR_ACCESS_KEY_ID));
  account->region = g_strdup (g_hash_table_lookup (attributes, ATTR_REGION));
  account->endpoint_url = g_strdup (g_hash_table_lookup (attributes, ATTR_ENDPOINT_URL));

  return account;
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b)
{
  const PdAwsKeyringAccount *x = *(PdAwsKeyringAccount * const *) a;
  const PdAwsKeyringAccount *y = *(PdAwsKeyringAccount * const *) b;

  return g_utf8_collate (x->name, y->name);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  GError *error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error, "listing accounts"));
      return;
    }

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_keyring_account_free);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      PdAwsKeyringAccount *account = account_from_attributes (attributes);

      if (account != NULL)
        g_ptr_array_add (accounts, account);
    }
  g_list_free_full (items, g_object_unref);

  g_ptr_array_sort (accounts, compare_accounts);
  g_task_return_pointer (task, g_steal_pointer (&accounts), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pd_aws_keyring_list_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the Pipedeck accounts in the keyring, reading only their attributes:
 * no secret is loaded, and a locked keyring is not unlocked.
 */
void
pd_aws_keyring_list_async (GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) match = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_aws_keyring_list_async);

  match = g_hash_table_new (g_str_hash, g_str_equal);
  secret_password_searchv (get_schema (), match, SECRET_SEARCH_ALL, cancellable, list_cb,
                           g_steal_pointer (&task));
}

/**
 * pd_aws_keyring_list_finish:
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type PdAwsKeyringAccount): the accounts,
 *   sorted by name, or %NULL with @error set
 */
GPtrArray *
pd_aws_keyring_list_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Load */

static void
retrieve_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autofree char *source = NULL;
  GError *error = NULL;
  SecretValue *value;
  const char *text;
  gsize length = 0;
  const char *newline;
  char *secret;
  PdAwsCredentials *credentials;

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (object), result, &error);
  if (value == NULL)
    {
      if (error == NULL)
        g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_KEYRING,
                                 "The keyring gave no secret for account “%s”", op->name);
      else
        g_task_return_error (task, keyring_error (error, "reading an account"));
      return;
    }

  text = secret_value_get (value, &length);
  if (text == NULL || length == 0 || memchr (text, '\0', length) != NULL ||
      (newline = memchr (text, '\n', length)) == NULL || newline == text)
    {
      secret_value_unref (value);
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_KEYRING,
                               "The keyring item of account “%s” is not in Pipedeck's format",
                               op->name);
      return;
    }

  secret = g_strndup (text, length);
  secret_value_unref (value);
  secret[newline - text] = '\0';

  source = g_strdup_printf ("keyring account %s", op->name);
  credentials = pd_aws_credentials_new (op->access_key_id, secret,
                                        secret + (newline - text) + 1, NULL, source);
  explicit_bzero (secret, length);
  g_free (secret);

  g_task_return_pointer (task, credentials, (GDestroyNotify) pd_aws_credentials_unref);
}

static void
load_search_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  GError *error = NULL;
  GCancellable *cancellable;
  GList *items;
  SecretRetrievable *item;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error, "reading an account"));
      return;
    }
  if (items == NULL)
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND,
                               "There is no account “%s” in the keyring", op->name);
      return;
    }

  item = g_object_ref (items->data);
  g_list_free_full (items, g_object_unref);

  if (SECRET_IS_ITEM (item) && secret_item_get_locked (SECRET_ITEM (item)))
    {
      g_object_unref (item);
      g_task_return_error (task, locked_error ("reading an account"));
      return;
    }

  attributes = secret_retrievable_get_attributes (item);
  op->access_key_id = g_strdup (g_hash_table_lookup (attributes, ATTR_ACCESS_KEY_ID));
  if (op->access_key_id == NULL || op->access_key_id[0] == '\0')
    {
      g_object_unref (item);
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_KEYRING,
                               "The keyring item of account “%s” has no access key ID",
                               op->name);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  secret_retrievable_retrieve_secret (item, cancellable, retrieve_cb, g_steal_pointer (&task));
  g_object_unref (item);
}

/**
 * pd_aws_keyring_load_async:
 * @name: the account's name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads an account's credentials. A locked keyring gives
 * %PD_AWS_ERROR_KEYRING rather than an unlock prompt.
 */
void
pd_aws_keyring_load_async (const char          *name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) match = NULL;
  KeyringOp *op;

  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_aws_keyring_load_async);

  op = g_new0 (KeyringOp, 1);
  op->name = g_strdup (name);
  g_task_set_task_data (task, op, (GDestroyNotify) keyring_op_free);

  match = account_attributes (name);
  secret_password_searchv (get_schema (), match, SECRET_SEARCH_ALL, cancellable,
                           load_search_cb, g_steal_pointer (&task));
}

/**
 * pd_aws_keyring_load_finish:
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the credentials, whose source is
 *   `keyring account NAME`; or %NULL with @error set (%PD_AWS_ERROR_NOT_FOUND
 *   if there is no such account)
 */
PdAwsCredentials *
pd_aws_keyring_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Delete */

typedef struct
{
  char     *name;
  gboolean  was_locked;
} DeleteOp;

static void
delete_op_free (DeleteOp *op)
{
  g_free (op->name);
  g_free (op);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!secret_password_clear_finish (result, &error))
    {
      /* Gone between the search and the removal. */
      if (error != NULL)
        g_task_return_error (task, keyring_error (error, "removing an account"));
      else
        g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND,
                                 "There is no account “%s” in the keyring", op->name);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
delete_search_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GHashTable) match = NULL;
  DeleteOp *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error, "removing an account"));
      return;
    }
  if (items == NULL)
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND,
                               "There is no account “%s” in the keyring", op->name);
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    if (SECRET_IS_ITEM (l->data) && secret_item_get_locked (l->data))
      op->was_locked = TRUE;
  g_list_free_full (items, g_object_unref);

  if (op->was_locked)
    {
      g_task_return_error (task, locked_error ("removing an account"));
      return;
    }

  match = account_attributes (op->name);
  secret_password_clearv (get_schema (), match, cancellable, delete_cb, g_steal_pointer (&task));
}

/**
 * pd_aws_keyring_delete_async:
 * @name: the account's name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Deletes an account's keyring item. A locked keyring gives
 * %PD_AWS_ERROR_KEYRING (not %PD_AWS_ERROR_NOT_FOUND) rather than an
 * unlock prompt.
 */
void
pd_aws_keyring_delete_async (const char          *name,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) match = NULL;
  DeleteOp *op;

  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_aws_keyring_delete_async);
  op = g_new0 (DeleteOp, 1);
  op->name = g_strdup (name);
  g_task_set_task_data (task, op, (GDestroyNotify) delete_op_free);

  /* Look first, without unlocking: a missing account and a locked one must
   * not give the same answer, and libsecret's clear would try to unlock. */
  match = account_attributes (name);
  secret_password_searchv (get_schema (), match, SECRET_SEARCH_ALL, cancellable,
                           delete_search_cb, g_steal_pointer (&task));
}

/**
 * pd_aws_keyring_delete_finish:
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: %TRUE if the account was deleted; %FALSE with @error set
 *   (%PD_AWS_ERROR_NOT_FOUND if there was no such account)
 */
gboolean
pd_aws_keyring_delete_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The provider */

static void
provider_load_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdAwsCredentials *credentials;
  GError *error = NULL;

  credentials = pd_aws_keyring_load_finish (result, &error);
  pd_aws_credentials_task_return (task, credentials, error);
}

/* Reads the keyring once for every load waiting on the cache */
static void
keyring_load (GTask *load)
{
  PdAwsKeyringCredentialsProvider *self = g_task_get_source_object (load);

  pd_aws_keyring_load_async (self->name, g_task_get_cancellable (load), provider_load_cb, load);
}

static void
keyring_provider_load_async (PdAwsCredentialsProvider *provider,
                             gboolean                  force_refresh,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  PdAwsKeyringCredentialsProvider *self = PD_AWS_KEYRING_CREDENTIALS_PROVIDER (provider);

  pd_aws_credentials_cache_load_async (self->cache, self, keyring_provider_load_async,
                                       force_refresh, cancellable, callback, user_data);
}

static void
provider_iface_init (PdAwsCredentialsProviderInterface *iface)
{
  iface->load_async = keyring_provider_load_async;
  iface->load_finish = pd_aws_credentials_task_finish;
}

static void
pd_aws_keyring_credentials_provider_finalize (GObject *object)
{
  PdAwsKeyringCredentialsProvider *self = (PdAwsKeyringCredentialsProvider *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->cache, pd_aws_credentials_cache_free);

  G_OBJECT_CLASS (pd_aws_keyring_credentials_provider_parent_class)->finalize (object);
}

static void
pd_aws_keyring_credentials_provider_class_init (PdAwsKeyringCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_aws_keyring_credentials_provider_finalize;
}

static void
pd_aws_keyring_credentials_provider_init (PdAwsKeyringCredentialsProvider *self)
{
  self->cache = pd_aws_credentials_cache_new (keyring_load);
}

/**
 * pd_aws_keyring_credentials_provider_new:
 * @name: the account's name
 *
 * Returns: (transfer full): a provider of the account's credentials
 */
PdAwsCredentialsProvider *
pd_aws_keyring_credentials_provider_new (const char *name)
{
  PdAwsKeyringCredentialsProvider *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (PD_AWS_TYPE_KEYRING_CREDENTIALS_PROVIDER, NULL);
  self->name = g_strdup (name);

  return PD_AWS_CREDENTIALS_PROVIDER (self);
}

/**
 * pd_aws_keyring_credentials_provider_get_name:
 * @self: a provider
 *
 * Returns: (transfer none): the account's name
 */
const char *
pd_aws_keyring_credentials_provider_get_name (PdAwsKeyringCredentialsProvider *self)
{
  g_return_val_if_fail (PD_AWS_IS_KEYRING_CREDENTIALS_PROVIDER (self), NULL);

  return self->name;
}
