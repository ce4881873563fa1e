/* pd-account-store.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-account-store.h"
#include "pd-aws-client.h"
#include "pd-aws-config.h"
#include "pd-aws-env-provider.h"
#include "pd-aws-error.h"
#include "pd-aws-keyring.h"
#include "pd-aws-profile-provider.h"
#include "pd-aws-sts.h"
#include "pd-sandbox.h"
#include "pd-util.h"

/* The accounts Pipedeck can work on, in the order the selector shows them:
 * the environment's credentials first (the SDKs' first choice), then the
 * keyring's accounts, then the profiles of the shared files, then a sandbox
 * started in this session. Secrets are never held here. */

struct _PdAccountStore
{
  GObject     parent_instance;

  /* Owned references */
  GPtrArray  *accounts;
  char       *keyring_error;
  PdSandbox  *sandbox;

  /* Flags */
  guint       keyring_available : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAccountStore, pd_account_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_KEYRING_AVAILABLE,
  PROP_KEYRING_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean   ensure_sandbox              (PdAccountStore  *self,
                                               GError         **error);
static PdAccount *add_session_sandbox_account (PdAccountStore  *self);

enum {
  MFA_CODE_NEEDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
list_model_get_item_type (GListModel *model)
{
  return PD_TYPE_ACCOUNT;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return PD_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  PdAccountStore *self = PD_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static guint
source_rank (PdAccountSource source)
{
  switch (source)
    {
    case PD_ACCOUNT_SOURCE_ENVIRONMENT:
      return 0;
    case PD_ACCOUNT_SOURCE_KEYRING:
      return 1;
    case PD_ACCOUNT_SOURCE_PROFILE:
      return 2;
    case PD_ACCOUNT_SOURCE_SANDBOX:
      return 3;
    default:
      g_assert_not_reached ();
    }
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b)
{
  PdAccount *account_a = *(PdAccount **) a;
  PdAccount *account_b = *(PdAccount **) b;
  guint rank_a = source_rank (pd_account_get_source (account_a));
  guint rank_b = source_rank (pd_account_get_source (account_b));

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;

  return g_utf8_collate (pd_account_get_name (account_a), pd_account_get_name (account_b));
}

/* Replaces every account of the given sources with @accounts, keeping the
 * objects of accounts that are still there so views bound to them stay. */
static void
replace_accounts (PdAccountStore *self,
                  guint           sources_mask,
                  GPtrArray      *accounts)
{
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_object_unref);
  guint old_len = self->accounts->len;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (self->accounts, i);

      if ((sources_mask & (1u << pd_account_get_source (account))) == 0)
        g_ptr_array_add (next, g_object_ref (account));
    }

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (accounts, i);
      PdAccount *existing = pd_account_store_find (self, pd_account_get_id (account));

      if (existing != NULL &&
          g_strcmp0 (pd_account_get_endpoint_url (existing), pd_account_get_endpoint_url (account)) == 0)
        {
          g_autoptr(PdAwsCredentialsProvider) provider = pd_account_dup_provider (account);

          pd_account_set_region (existing, pd_account_get_region (account));
          if (provider != NULL)
            pd_account_set_provider (existing, provider);
          g_ptr_array_add (next, g_object_ref (existing));
        }
      else
        g_ptr_array_add (next, g_object_ref (account));
    }

  g_ptr_array_sort (next, compare_accounts);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_steal_pointer (&next);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->accounts->len);
  if (old_len != self->accounts->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
pd_account_store_finalize (GObject *object)
{
  PdAccountStore *self = (PdAccountStore *)object;

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->keyring_error, g_free);
  if (self->sandbox != NULL)
    pd_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);

  G_OBJECT_CLASS (pd_account_store_parent_class)->finalize (object);
}

static void
pd_account_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdAccountStore *self = PD_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_KEYRING_AVAILABLE:
      g_value_set_boolean (value, self->keyring_available);
      break;

    case PROP_KEYRING_ERROR:
      g_value_set_string (value, self->keyring_error);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->accounts->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_account_store_class_init (PdAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_account_store_finalize;
  object_class->get_property = pd_account_store_get_property;

  properties[PROP_KEYRING_AVAILABLE] =
    g_param_spec_boolean ("keyring-available", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KEYRING_ERROR] =
    g_param_spec_string ("keyring-error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdAccountStore::mfa-code-needed:
   * @self: the store
   * @profile: the profile whose role needs a code
   * @mfa_serial: the MFA device
   * @task: a #GTask to complete with the code (a string) or an error;
   *   the handler takes a reference
   *
   * Asks for the current code of an MFA device. A handler that will answer
   * returns %TRUE.
   *
   * Returns: %TRUE if the handler will complete @task
   */
  signals[MFA_CODE_NEEDED] =
    g_signal_new ("mfa-code-needed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL,
                  NULL,
                  G_TYPE_BOOLEAN, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_TASK);
}

static void
pd_account_store_init (PdAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->keyring_available = TRUE;
}

/**
 * pd_account_store_new:
 *
 * Returns: (transfer full): an empty store; call
 *   pd_account_store_reload_async() to fill it
 */
PdAccountStore *
pd_account_store_new (void)
{
  return g_object_new (PD_TYPE_ACCOUNT_STORE, NULL);
}

/**
 * pd_account_store_get_keyring_available:
 * @self: a #PdAccountStore
 *
 * Returns: %FALSE when the last look at the system keyring failed
 */
gboolean
pd_account_store_get_keyring_available (PdAccountStore *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_STORE (self), FALSE);
  return self->keyring_available;
}

/**
 * pd_account_store_get_keyring_error:
 * @self: a #PdAccountStore
 *
 * Returns: (nullable) (transfer none): why the keyring is unavailable
 */
const char *
pd_account_store_get_keyring_error (PdAccountStore *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_STORE (self), NULL);
  return self->keyring_error;
}

static void
set_keyring_state (PdAccountStore *self,
                   const GError   *error)
{
  gboolean available = error == NULL;

  if (self->keyring_available != available)
    {
      self->keyring_available = available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_AVAILABLE]);
    }
  if (pd_set_str (&self->keyring_error, error != NULL ? error->message : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_ERROR]);
}

/**
 * pd_account_store_find:
 * @self: a #PdAccountStore
 * @id: (nullable): an account ID, see pd_account_get_id()
 *
 * Returns: (nullable) (transfer none): the account with that ID
 */
PdAccount *
pd_account_store_find (PdAccountStore *self,
                       const char     *id)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_STORE (self), NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_str_equal (pd_account_get_id (account), id))
        return account;
    }

  return NULL;
}

/**
 * pd_account_store_get_preferred:
 * @self: a #PdAccountStore
 * @last_id: (nullable): the account shown last time
 *
 * Chooses the account to open on: the environment's when it holds
 * credentials (the user asked for it by setting them), else the one shown
 * last time, else the first.
 *
 * Returns: (nullable) (transfer none): the account to open on
 */
PdAccount *
pd_account_store_get_preferred (PdAccountStore *self,
                                const char     *last_id)
{
  PdAccount *account;

  g_return_val_if_fail (PD_IS_ACCOUNT_STORE (self), NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      account = g_ptr_array_index (self->accounts, i);
      if (pd_account_get_source (account) == PD_ACCOUNT_SOURCE_ENVIRONMENT)
        return account;
    }

  if ((account = pd_account_store_find (self, last_id)) != NULL)
    return account;

  return self->accounts->len > 0 ? g_ptr_array_index (self->accounts, 0) : NULL;
}

/**
 * pd_account_store_add_sandbox:
 * @self: a #PdAccountStore
 * @account: a sandbox account with its provider set
 *
 * Adds (or replaces) a sandbox account, which lives for this session only.
 */
void
pd_account_store_add_sandbox (PdAccountStore *self,
                              PdAccount      *account)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new ();

  g_return_if_fail (PD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (PD_IS_ACCOUNT (account));
  g_return_if_fail (pd_account_get_source (account) == PD_ACCOUNT_SOURCE_SANDBOX);

  g_ptr_array_add (accounts, account);
  replace_accounts (self, 1u << PD_ACCOUNT_SOURCE_SANDBOX, accounts);
}

/* Reloading: the environment and the shared files are read at once; the
 * keyring answers asynchronously. */

#define DEFAULT_REGION "us-east-1"

/* A profile whose role wants an MFA code asks whoever listens to
 * ::mfa-code-needed; with nobody listening the load fails clearly. */
static void
mfa_prompt_cb (const char *profile,
               const char *mfa_serial,
               GTask      *task,
               gpointer    user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(PdAccountStore) self = g_weak_ref_get (weak);
  gboolean handled = FALSE;

  if (self != NULL)
    g_signal_emit (self, signals[MFA_CODE_NEEDED], 0, profile, mfa_serial, task, &handled);

  if (!handled)
    g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                             _("Profile “%s” needs a code from the MFA device %s"),
                             profile, mfa_serial);
  g_object_unref (task);
}

static void
weak_ref_free (GWeakRef *weak)
{
  g_weak_ref_clear (weak);
  g_free (weak);
}

static GPtrArray *
collect_config_accounts (PdAccountStore *self,
                         PdAwsConfig    *config)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) profiles = NULL;

  if (pd_aws_env_credentials_provider_is_present (config))
    {
      g_autoptr(PdAwsCredentialsProvider) provider = pd_aws_env_credentials_provider_new (config);
      const char *region = pd_aws_config_get_region (config, NULL);
      g_autoptr(PdAccount) account = NULL;

      /* Translators: the name of the account whose credentials are in the
       * AWS_* environment variables */
      account = pd_account_new (PD_ACCOUNT_SOURCE_ENVIRONMENT, _("Environment"),
                                region != NULL ? region : DEFAULT_REGION,
                                pd_aws_config_get_env (config, "AWS_ENDPOINT_URL"));
      pd_account_set_provider (account, provider);
      g_ptr_array_add (accounts, g_steal_pointer (&account));
    }

  profiles = pd_aws_config_dup_profile_names (config);
  for (guint i = 0; profiles != NULL && profiles[i] != NULL; i++)
    {
      g_autoptr(PdAwsCredentialsProvider) provider = NULL;
      g_autoptr(PdAccount) account = NULL;
      const char *region = pd_aws_config_get_profile_value (config, profiles[i], "region");

      /* Each profile shows the region it names; the environment's region
       * only fills in for profiles without one. */
      if (region == NULL || region[0] == '\0')
        region = pd_aws_config_get_region (config, profiles[i]);

      provider = pd_aws_profile_credentials_provider_new (config, profiles[i]);
      {
        GWeakRef *weak = g_new0 (GWeakRef, 1);

        g_weak_ref_init (weak, self);
        pd_aws_profile_credentials_provider_set_mfa_prompt (PD_AWS_PROFILE_CREDENTIALS_PROVIDER (provider),
                                                            mfa_prompt_cb, weak,
                                                            (GDestroyNotify) weak_ref_free);
      }
      account = pd_account_new (PD_ACCOUNT_SOURCE_PROFILE, profiles[i],
                                region != NULL ? region : DEFAULT_REGION,
                                pd_aws_config_get_profile_value (config, profiles[i], "endpoint_url"));
      pd_account_set_provider (account, provider);
      g_ptr_array_add (accounts, g_steal_pointer (&account));
    }

  return g_steal_pointer (&accounts);
}

static PdAccount *
account_from_keyring (const PdAwsKeyringAccount *item)
{
  g_autoptr(PdAwsCredentialsProvider) provider = pd_aws_keyring_credentials_provider_new (item->name);
  PdAccount *account;

  account = pd_account_new (PD_ACCOUNT_SOURCE_KEYRING, item->name,
                            item->region != NULL && item->region[0] != '\0' ? item->region : DEFAULT_REGION,
                            item->endpoint_url);
  pd_account_set_provider (account, provider);

  return account;
}

typedef struct
{
  GError *config_error;
} ReloadState;

static void
reload_state_free (ReloadState *state)
{
  g_clear_error (&state->config_error);
  g_free (state);
}

static void
reload_list_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdAccountStore *self = g_task_get_source_object (task);
  ReloadState *state = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  items = pd_aws_keyring_list_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_keyring_state (self, error);
  if (items != NULL)
    {
      for (guint i = 0; i < items->len; i++)
        g_ptr_array_add (accounts, account_from_keyring (g_ptr_array_index (items, i)));
      replace_accounts (self, 1u << PD_ACCOUNT_SOURCE_KEYRING, accounts);
    }

  /* An unavailable keyring is not a failure of the reload: the other
   * sources still work, and keyring-error says why. A malformed
   * configuration file is worth telling. */
  if (state->config_error != NULL)
    g_task_return_error (task, g_steal_pointer (&state->config_error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pd_account_store_reload_async:
 * @self: a #PdAccountStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the accounts are in
 * @user_data: data for @callback
 *
 * Reads the accounts again from the environment, the shared AWS files and
 * the system keyring. Accounts that are still there keep their objects.
 */
void
pd_account_store_reload_async (PdAccountStore      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  ReloadState *state;

  g_return_if_fail (PD_IS_ACCOUNT_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_account_store_reload_async);
  state = g_new0 (ReloadState, 1);
  g_task_set_task_data (task, state, (GDestroyNotify) reload_state_free);

  config = pd_aws_config_new_from_environ (NULL, &state->config_error);
  if (config != NULL)
    accounts = collect_config_accounts (self, config);
  replace_accounts (self,
                    (1u << PD_ACCOUNT_SOURCE_ENVIRONMENT) | (1u << PD_ACCOUNT_SOURCE_PROFILE),
                    accounts);

  pd_aws_keyring_list_async (cancellable, reload_list_cb, g_steal_pointer (&task));
}

/**
 * pd_account_store_reload_finish:
 * @self: a #PdAccountStore
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: %TRUE if every source could be read; on %FALSE the store still
 *   holds what could be read
 */
gboolean
pd_account_store_reload_finish (PdAccountStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Adding: check the keys with STS first, store them only when they work. */

typedef struct
{
  PdAccount        *account;
  PdAwsCredentials *credentials;
} AddState;

static void
add_state_free (AddState *state)
{
  g_clear_object (&state->account);
  g_clear_pointer (&state->credentials, pd_aws_credentials_unref);
  g_free (state);
}

static void
add_store_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdAccountStore *self = g_task_get_source_object (task);
  AddState *state = g_task_get_task_data (task);
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;

  if (!pd_aws_keyring_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_keyring_state (self, error);
      g_task_return_error (task, error);
      return;
    }

  /* From now on the secrets come from the keyring, not from memory. */
  provider = pd_aws_keyring_credentials_provider_new (pd_account_get_name (state->account));
  pd_account_set_provider (state->account, provider);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (self->accounts, i);

      if (pd_account_get_source (account) == PD_ACCOUNT_SOURCE_KEYRING)
        g_ptr_array_add (accounts, g_object_ref (account));
    }
  g_ptr_array_add (accounts, g_object_ref (state->account));
  replace_accounts (self, 1u << PD_ACCOUNT_SOURCE_KEYRING, accounts);

  g_task_return_pointer (task, g_object_ref (state->account), g_object_unref);
}

static void
add_verify_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddState *state = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!pd_account_verify_finish (state->account, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  pd_aws_keyring_store_async (pd_account_get_name (state->account),
                              state->credentials,
                              pd_account_get_region (state->account),
                              pd_account_get_endpoint_url (state->account),
                              cancellable,
                              add_store_cb,
                              g_steal_pointer (&task));
}

/**
 * pd_account_store_add_async:
 * @self: a #PdAccountStore
 * @name: the new account's name
 * @access_key_id: the access key ID
 * @secret_access_key: the secret access key
 * @session_token: (nullable): a session token, for temporary keys
 * @region: the region to work in
 * @endpoint_url: (nullable): an endpoint that replaces AWS's
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the account is added or could not be
 * @user_data: data for @callback
 *
 * Checks the keys with STS GetCallerIdentity and, when they work, keeps
 * them in the system keyring as a new account.
 */
void
pd_account_store_add_async (PdAccountStore      *self,
                            const char          *name,
                            const char          *access_key_id,
                            const char          *secret_access_key,
                            const char          *session_token,
                            const char          *region,
                            const char          *endpoint_url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autofree char *trimmed = NULL;
  GError *error = NULL;
  AddState *state;

  g_return_if_fail (PD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (access_key_id != NULL);
  g_return_if_fail (secret_access_key != NULL);
  g_return_if_fail (region != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_account_store_add_async);

  trimmed = g_strstrip (g_strdup (name));
  if (!pd_account_validate_name (self, trimmed, &error) ||
      !pd_account_validate_access_key_id (access_key_id, &error) ||
      !pd_account_validate_region (region, &error) ||
      (endpoint_url != NULL && !pd_account_validate_endpoint_url (endpoint_url, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (secret_access_key[0] == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter the secret access key"));
      return;
    }

  state = g_new0 (AddState, 1);
  state->credentials = pd_aws_credentials_new (access_key_id, secret_access_key, session_token,
                                               NULL, "keyring");
  state->account = pd_account_new (PD_ACCOUNT_SOURCE_KEYRING, trimmed, region, endpoint_url);
  provider = pd_aws_static_credentials_provider_new (state->credentials);
  pd_account_set_provider (state->account, provider);
  g_task_set_task_data (task, state, (GDestroyNotify) add_state_free);

  pd_account_verify_async (state->account, cancellable, add_verify_cb, g_steal_pointer (&task));
}

/**
 * pd_account_store_add_finish:
 * @self: a #PdAccountStore
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the new account, with its account ID and ARN
 */
PdAccount *
pd_account_store_add_finish (PdAccountStore  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_delete_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdAccountStore *self = g_task_get_source_object (task);
  PdAccount *removed = g_task_get_task_data (task);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;

  if (!pd_aws_keyring_delete_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < self->accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (self->accounts, i);

      if (pd_account_get_source (account) == PD_ACCOUNT_SOURCE_KEYRING && account != removed)
        g_ptr_array_add (accounts, g_object_ref (account));
    }
  replace_accounts (self, 1u << PD_ACCOUNT_SOURCE_KEYRING, accounts);

  g_task_return_boolean (task, TRUE);
}

/**
 * pd_account_store_remove_async:
 * @self: a #PdAccountStore
 * @account: a keyring account of @self
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the account is gone or could not be removed
 * @user_data: data for @callback
 *
 * Deletes a keyring account and its keys from the system keyring.
 */
void
pd_account_store_remove_async (PdAccountStore      *self,
                               PdAccount           *account,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (PD_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_account_store_remove_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  if (!pd_account_get_removable (account))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("“%s” is not kept by Pipedeck and cannot be removed here"),
                               pd_account_get_name (account));
      return;
    }

  pd_aws_keyring_delete_async (pd_account_get_name (account), cancellable,
                               remove_delete_cb, g_steal_pointer (&task));
}

/**
 * pd_account_store_remove_finish:
 * @self: a #PdAccountStore
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: %TRUE if the account is gone
 */
gboolean
pd_account_store_remove_finish (PdAccountStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pd_account_store_start_sandbox:
 * @self: a #PdAccountStore
 * @error: a location for a #GError
 *
 * Starts a sandbox in this process on a free loopback port, unless one runs
 * already, and adds its account, named “Sandbox”, for this session.
 *
 * Returns: %TRUE if the sandbox runs
 */
gboolean
pd_account_store_start_sandbox (PdAccountStore  *self,
                                GError         **error)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_STORE (self), FALSE);

  if (!ensure_sandbox (self, error))
    return FALSE;

  add_session_sandbox_account (self);

  return TRUE;
}

/**
 * pd_account_store_get_sandbox:
 * @self: a #PdAccountStore
 *
 * Returns: (nullable) (transfer none): the sandbox started by
 *   pd_account_store_start_sandbox(), if any
 */
PdSandbox *
pd_account_store_get_sandbox (PdAccountStore *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_STORE (self), NULL);
  return self->sandbox;
}

static gboolean
ensure_sandbox (PdAccountStore  *self,
                GError         **error)
{
  g_autoptr(PdSandbox) sandbox = NULL;

  if (self->sandbox != NULL)
    return TRUE;

  sandbox = pd_sandbox_new ();
  if (!pd_sandbox_start (sandbox, 0, error))
    return FALSE;

  self->sandbox = g_steal_pointer (&sandbox);

  return TRUE;
}

/* The sandbox's account for this session only, when there is no keyring. */
static PdAccount *
add_session_sandbox_account (PdAccountStore *self)
{
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAccount) account = NULL;
  PdAccount *existing = pd_account_store_find (self, "sandbox:" PD_ACCOUNT_SANDBOX_NAME);

  if (existing != NULL)
    return existing;

  credentials = pd_aws_credentials_new (pd_sandbox_get_access_key_id (self->sandbox),
                                        pd_sandbox_get_secret_key (self->sandbox),
                                        NULL, NULL, "sandbox");
  provider = pd_aws_static_credentials_provider_new (credentials);
  account = pd_account_new (PD_ACCOUNT_SOURCE_SANDBOX, PD_ACCOUNT_SANDBOX_NAME,
                            PD_ACCOUNT_SANDBOX_REGION, pd_sandbox_get_endpoint (self->sandbox));
  pd_account_set_provider (account, provider);
  pd_account_store_add_sandbox (self, account);

  return pd_account_store_find (self, "sandbox:" PD_ACCOUNT_SANDBOX_NAME);
}

/* Opening the sandbox keeps its account in the keyring, so that it is found
 * again like any other; where there is no keyring it lives for the session. */

static void
open_sandbox_store_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdAccountStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdAccount) account = NULL;
  g_autofree char *id = g_strdup_printf ("keyring:%s", PD_ACCOUNT_SANDBOX_NAME);
  PdAccount *existing;

  if (!pd_aws_keyring_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* No keyring: the session's account will do. */
      g_debug ("Keeping the sandbox account for this session only: %s", error->message);
      set_keyring_state (self, error);
      g_task_return_pointer (task, g_object_ref (add_session_sandbox_account (self)), g_object_unref);
      return;
    }

  provider = pd_aws_keyring_credentials_provider_new (PD_ACCOUNT_SANDBOX_NAME);
  account = pd_account_new (PD_ACCOUNT_SOURCE_KEYRING, PD_ACCOUNT_SANDBOX_NAME,
                            PD_ACCOUNT_SANDBOX_REGION, pd_sandbox_get_endpoint (self->sandbox));
  pd_account_set_provider (account, provider);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      PdAccount *item = g_ptr_array_index (self->accounts, i);

      if (pd_account_get_source (item) == PD_ACCOUNT_SOURCE_KEYRING &&
          !g_str_equal (pd_account_get_id (item), id))
        g_ptr_array_add (accounts, g_object_ref (item));
    }
  /* A stored sandbox account from an earlier session had another port:
   * replace it rather than keep an endpoint that no longer answers. */
  g_ptr_array_add (accounts, g_object_ref (account));
  replace_accounts (self, 1u << PD_ACCOUNT_SOURCE_KEYRING, accounts);
  replace_accounts (self, 1u << PD_ACCOUNT_SOURCE_SANDBOX, NULL);

  existing = pd_account_store_find (self, id);
  g_task_return_pointer (task, g_object_ref (existing), g_object_unref);
}

/**
 * pd_account_store_open_sandbox_async:
 * @self: a #PdAccountStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the sandbox runs and its account is ready
 * @user_data: data for @callback
 *
 * Starts the sandbox unless it runs already, and keeps its
 * account, named “Sandbox”, in the system keyring, replacing the one of an
 * earlier session. Without a keyring the account lives for this session.
 */
void
pd_account_store_open_sandbox_async (PdAccountStore      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  GError *error = NULL;

  g_return_if_fail (PD_IS_ACCOUNT_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_account_store_open_sandbox_async);

  if (!ensure_sandbox (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  credentials = pd_aws_credentials_new (pd_sandbox_get_access_key_id (self->sandbox),
                                        pd_sandbox_get_secret_key (self->sandbox),
                                        NULL, NULL, "sandbox");
  pd_aws_keyring_store_async (PD_ACCOUNT_SANDBOX_NAME,
                              credentials,
                              PD_ACCOUNT_SANDBOX_REGION,
                              pd_sandbox_get_endpoint (self->sandbox),
                              cancellable,
                              open_sandbox_store_cb,
                              g_steal_pointer (&task));
}

/**
 * pd_account_store_open_sandbox_finish:
 * @self: a #PdAccountStore
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the sandbox's account
 */
PdAccount *
pd_account_store_open_sandbox_finish (PdAccountStore  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Validation of what a user types in the account dialog. The messages are
 * shown next to the field. */

/**
 * pd_account_validate_name:
 * @self: a #PdAccountStore
 * @name: a name for a new account
 * @error: a location for a #GError
 *
 * Returns: %TRUE if @name can name a new keyring account
 */
gboolean
pd_account_validate_name (PdAccountStore  *self,
                          const char      *name,
                          GError         **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (PD_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (name));
  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the account a name"));
      return FALSE;
    }
  if (g_utf8_strlen (trimmed, -1) > 64)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The name is longer than 64 characters"));
      return FALSE;
    }
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)) || *p == '/')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The name cannot contain “/” or control characters"));
          return FALSE;
        }
    }

  id = g_strdup_printf ("keyring:%s", trimmed);
  if (pd_account_store_find (self, id) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("An account named “%s” exists already"), trimmed);
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_account_validate_access_key_id:
 * @access_key_id: an access key ID as typed
 * @error: a location for a #GError
 *
 * Returns: %TRUE if @access_key_id has the form of an AWS access key ID
 */
gboolean
pd_account_validate_access_key_id (const char  *access_key_id,
                                   GError     **error)
{
  gsize len;

  g_return_val_if_fail (access_key_id != NULL, FALSE);

  len = strlen (access_key_id);
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isupper (access_key_id[i]) && !g_ascii_isdigit (access_key_id[i]))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("An access key ID has only capital letters and digits"));
          return FALSE;
        }
    }
  if (len < 16 || len > 128)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("An access key ID is 16 to 128 characters long"));
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_account_validate_region:
 * @region: a region as typed, such as `eu-west-1`
 * @error: a location for a #GError
 *
 * Returns: %TRUE if @region has the form of an AWS region name
 */
gboolean
pd_account_validate_region (const char  *region,
                            GError     **error)
{
  g_return_val_if_fail (region != NULL, FALSE);

  if (!g_regex_match_simple ("^[a-z]{2}(-[a-z]+)+-[0-9]+$", region, 0, 0))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A region looks like “eu-west-1”"));
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_account_validate_endpoint_url:
 * @endpoint_url: an endpoint URL as typed
 * @error: a location for a #GError
 *
 * Accepts `https://` URLs, and `http://` only to this computer: to a
 * loopback address, to `localhost`, or to a host name. A name cannot be
 * resolved here without blocking, so it passes provisionally: the client
 * that verifies the account resolves it first and sends nothing unless it
 * resolves to loopback addresses alone.
 *
 * Returns: %TRUE if @endpoint_url can be used
 */
gboolean
pd_account_validate_endpoint_url (const char  *endpoint_url,
                                  GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (endpoint_url != NULL, FALSE);

  uri = g_uri_parse (endpoint_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter a full URL, such as “https://example.com”"));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

      if (address == NULL || g_inet_address_get_is_loopback (address))
        return TRUE;

      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Plain “http://” is only allowed to this computer: use “https://”"));
      return FALSE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a web address: use “https://”"), scheme);
  return FALSE;
}

/* Verification: who do the credentials belong to? */

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PdAwsClient *client = PD_AWS_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdAwsCallerIdentity) identity = NULL;
  GError *error = NULL;

  identity = pd_aws_sts_get_caller_identity_finish (client, result, &error);
  if (identity == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  pd_account_set_identity (g_task_get_source_object (task), identity->account, identity->arn);
  g_task_return_boolean (task, TRUE);
}

/**
 * pd_account_verify_async:
 * @account: a #PdAccount with a provider
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the answer is in
 * @user_data: data for @callback
 *
 * Asks STS who the account's credentials belong to, and records the
 * account ID and ARN on @account.
 */
void
pd_account_verify_async (PdAccount           *account,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsClient) client = NULL;

  g_return_if_fail (PD_IS_ACCOUNT (account));

  task = g_task_new (account, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_account_verify_async);

  provider = pd_account_dup_provider (account);
  if (provider == NULL)
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                               _("The account has no credentials"));
      return;
    }

  client = pd_aws_client_new (provider,
                              pd_account_get_region (account),
                              pd_account_get_endpoint_url (account));
  pd_aws_sts_get_caller_identity_async (client, cancellable, verify_cb, g_steal_pointer (&task));
}

/**
 * pd_account_verify_finish:
 * @account: a #PdAccount
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: %TRUE if the credentials work
 */
gboolean
pd_account_verify_finish (PdAccount     *account,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, account), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
