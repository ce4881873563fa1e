/* pd-account-context.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-account-context.h"
#include "pd-account-store.h"
#include "pd-pipeline-list.h"

/* The account and region a window works on, read by every section: the
 * client they share, a cancellable that a switch cancels, and the check of
 * who the credentials belong to. Sections keep their own cached state per
 * key ("account/region") and follow #PdAccountContext::changed. */

struct _PdAccountContext
{
  GObject         parent_instance;

  /* Owned references */
  PdAccount      *account;
  GCancellable   *cancellable;
  GHashTable     *clients;          /* key → PdAwsClient, one per account and region */
  GError         *check_error;
  char           *key;

  PdAccountCheck  check;
};

G_DEFINE_FINAL_TYPE (PdAccountContext, pd_account_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_REGION,
  PROP_CHECK,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_check (PdAccountContext *self,
           PdAccountCheck    check,
           GError           *error)
{
  g_clear_error (&self->check_error);
  self->check_error = error;
  if (self->check != check || error != NULL)
    {
      self->check = check;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK]);
    }
}

/* Cancels what was asked for the previous account or region, and tells the
 * sections. */
static void
switched (PdAccountContext *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_clear_pointer (&self->key, g_free);
  if (self->account != NULL)
    self->key = g_strdup_printf ("%s/%s", pd_account_get_id (self->account),
                                 pd_account_get_region (self->account));

  set_check (self, PD_ACCOUNT_CHECK_NONE, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
  pd_account_context_check (self);
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PdAccountContext) self = user_data;
  PdAccount *account = PD_ACCOUNT (object);
  GError *error = NULL;

  if (!pd_account_verify_finish (account, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;                 /* the user moved on: touch nothing */
    }
  if (account != self->account)
    {
      g_clear_error (&error);
      return;
    }
  set_check (self, error != NULL ? PD_ACCOUNT_CHECK_FAILED : PD_ACCOUNT_CHECK_OK, error);
}

static void
pd_account_context_dispose (GObject *object)
{
  PdAccountContext *self = PD_ACCOUNT_CONTEXT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->clients, g_hash_table_unref);

  G_OBJECT_CLASS (pd_account_context_parent_class)->dispose (object);
}

static void
pd_account_context_finalize (GObject *object)
{
  PdAccountContext *self = PD_ACCOUNT_CONTEXT (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->check_error);
  g_free (self->key);

  G_OBJECT_CLASS (pd_account_context_parent_class)->finalize (object);
}

static void
pd_account_context_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdAccountContext *self = PD_ACCOUNT_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_REGION:
      g_value_set_string (value, pd_account_context_get_region (self));
      break;
    case PROP_CHECK:
      g_value_set_int (value, self->check);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_account_context_class_init (PdAccountContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_account_context_dispose;
  object_class->finalize = pd_account_context_finalize;
  object_class->get_property = pd_account_context_get_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, PD_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PdAccountContext:check:
   *
   * The #PdAccountCheck of the account.
   */
  properties[PROP_CHECK] =
    g_param_spec_int ("check", NULL, NULL, PD_ACCOUNT_CHECK_NONE, PD_ACCOUNT_CHECK_FAILED,
                      PD_ACCOUNT_CHECK_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdAccountContext::changed:
   *
   * Another account or region is open: what was asked for the previous one
   * is cancelled.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_account_context_init (PdAccountContext *self)
{
  self->cancellable = g_cancellable_new ();
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * pd_account_context_new:
 *
 * Returns: (transfer full): a context with no account
 */
PdAccountContext *
pd_account_context_new (void)
{
  return g_object_new (PD_TYPE_ACCOUNT_CONTEXT, NULL);
}

/**
 * pd_account_context_get_account:
 * @self: a #PdAccountContext
 *
 * Returns: (transfer none) (nullable): the open account
 */
PdAccount *
pd_account_context_get_account (PdAccountContext *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_CONTEXT (self), NULL);
  return self->account;
}

/**
 * pd_account_context_set_account:
 * @self: a #PdAccountContext
 * @account: (nullable): the account to open
 *
 * Opens @account in its own region: cancels every request made for the
 * previous one, emits #PdAccountContext::changed and checks the account.
 */
void
pd_account_context_set_account (PdAccountContext *self,
                                PdAccount        *account)
{
  g_return_if_fail (PD_IS_ACCOUNT_CONTEXT (self));
  g_return_if_fail (account == NULL || PD_IS_ACCOUNT (account));

  if (!g_set_object (&self->account, account))
    return;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
  switched (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * pd_account_context_get_region:
 * @self: a #PdAccountContext
 *
 * Returns: (transfer none) (nullable): the open region
 */
const char *
pd_account_context_get_region (PdAccountContext *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_CONTEXT (self), NULL);
  return self->account != NULL ? pd_account_get_region (self->account) : NULL;
}

/**
 * pd_account_context_set_region:
 * @self: a #PdAccountContext
 * @region: a region name
 *
 * Opens the account in another region, as pd_account_context_set_account()
 * opens another account.
 */
void
pd_account_context_set_region (PdAccountContext *self,
                               const char       *region)
{
  g_return_if_fail (PD_IS_ACCOUNT_CONTEXT (self));
  g_return_if_fail (region != NULL);

  if (self->account == NULL || g_strcmp0 (region, pd_account_get_region (self->account)) == 0)
    return;
  pd_account_set_region (self->account, region);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
  switched (self);
}

/**
 * pd_account_context_get_key:
 * @self: a #PdAccountContext
 *
 * Sections keep their cached state under this key. Two accounts can share
 * an AWS account ID (two sandboxes, two roles): it names the account
 * itself, not its AWS ID.
 *
 * Returns: (transfer none) (nullable): "account/region", or %NULL without
 *   an account
 */
const char *
pd_account_context_get_key (PdAccountContext *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_CONTEXT (self), NULL);
  return self->key;
}

/**
 * pd_account_context_dup_settings_prefix:
 * @self: a #PdAccountContext
 *
 * Settings that name things of an account (favourites, watched pipelines)
 * go by its AWS account ID once the check has told it, so that they follow
 * the AWS account whatever it is called here.
 *
 * Returns: (transfer full) (nullable): "aws-account-id/region/", or %NULL
 *   without an account
 */
char *
pd_account_context_dup_settings_prefix (PdAccountContext *self)
{
  const char *account_id;

  g_return_val_if_fail (PD_IS_ACCOUNT_CONTEXT (self), NULL);

  if (self->account == NULL)
    return NULL;
  account_id = pd_account_get_account_id (self->account);
  if (account_id == NULL || account_id[0] == '\0')
    account_id = pd_account_get_id (self->account);
  return g_strdup_printf ("%s/%s/", account_id, pd_account_get_region (self->account));
}

/**
 * pd_account_context_get_client:
 * @self: a #PdAccountContext
 *
 * Every section of the open account and region shares this client (and so
 * its connections and retry quota).
 *
 * Returns: (transfer none) (nullable): the client, or %NULL without an
 *   account or when the account has no credentials
 */
PdAwsClient *
pd_account_context_get_client (PdAccountContext *self)
{
  PdAwsClient *client;

  g_return_val_if_fail (PD_IS_ACCOUNT_CONTEXT (self), NULL);

  if (self->key == NULL)
    return NULL;
  client = g_hash_table_lookup (self->clients, self->key);
  if (client == NULL)
    {
      client = pd_pipeline_client_new_for_account (self->account);
      if (client != NULL)
        g_hash_table_insert (self->clients, g_strdup (self->key), client);
    }
  return client;
}

/**
 * pd_account_context_get_cancellable:
 * @self: a #PdAccountContext
 *
 * Returns: (transfer none): cancelled when another account or region opens
 */
GCancellable *
pd_account_context_get_cancellable (PdAccountContext *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_CONTEXT (self), NULL);
  return self->cancellable;
}

/**
 * pd_account_context_get_check:
 * @self: a #PdAccountContext
 *
 * Returns: where the check of the account is
 */
PdAccountCheck
pd_account_context_get_check (PdAccountContext *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_CONTEXT (self), PD_ACCOUNT_CHECK_NONE);
  return self->check;
}

/**
 * pd_account_context_get_check_error:
 * @self: a #PdAccountContext
 *
 * Returns: (transfer none) (nullable): why the last check failed
 */
const GError *
pd_account_context_get_check_error (PdAccountContext *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_CONTEXT (self), NULL);
  return self->check_error;
}

/**
 * pd_account_context_check:
 * @self: a #PdAccountContext
 *
 * Asks again who the account's credentials belong to (STS
 * GetCallerIdentity), as opening the account does.
 */
void
pd_account_context_check (PdAccountContext *self)
{
  g_return_if_fail (PD_IS_ACCOUNT_CONTEXT (self));

  if (self->account == NULL)
    return;
  set_check (self, PD_ACCOUNT_CHECK_CHECKING, NULL);
  pd_account_verify_async (self->account, self->cancellable, check_cb, g_object_ref (self));
}
