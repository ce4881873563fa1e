/* pd-account.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-account.h"
#include "pd-util.h"

/* An account is what the sidebar lists and what every view works on: a
 * name, where its credentials come from, a region and an optional endpoint.
 * It never holds a secret itself; its provider loads them when needed. */

struct _PdAccount
{
  GObject                   parent_instance;

  /* Owned references */
  char                     *name;
  char                     *id;
  char                     *subtitle;
  char                     *region;
  char                     *endpoint_url;
  char                     *account_id;
  char                     *arn;
  PdAwsCredentialsProvider *provider;

  PdAccountSource           source;
};

G_DEFINE_FINAL_TYPE (PdAccount, pd_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT_ID,
  PROP_ARN,
  PROP_ENDPOINT_URL,
  PROP_ID,
  PROP_NAME,
  PROP_REGION,
  PROP_REMOVABLE,
  PROP_SOURCE,
  PROP_SUBTITLE,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_account_update_subtitle (PdAccount *self)
{
  const char *where = NULL;

  switch (self->source)
    {
    case PD_ACCOUNT_SOURCE_KEYRING:
      where = _("Keyring");
      break;

    case PD_ACCOUNT_SOURCE_ENVIRONMENT:
      where = _("Environment");
      break;

    case PD_ACCOUNT_SOURCE_PROFILE:
      /* Translators: an account read from the shared AWS configuration files */
      where = _("AWS profile");
      break;

    case PD_ACCOUNT_SOURCE_SANDBOX:
      where = _("Local sandbox");
      break;

    default:
      g_assert_not_reached ();
    }

  g_free (self->subtitle);
  if (self->region != NULL && self->region[0] != '\0')
    /* Translators: the first %s is where the account comes from, the second its region */
    self->subtitle = g_strdup_printf (_("%s · %s"), where, self->region);
  else
    self->subtitle = g_strdup (where);
}

static void
pd_account_finalize (GObject *object)
{
  PdAccount *self = (PdAccount *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint_url, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->arn, g_free);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (pd_account_parent_class)->finalize (object);
}

static void
pd_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PdAccount *self = PD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    case PROP_ARN:
      g_value_set_string (value, self->arn);
      break;

    case PROP_ENDPOINT_URL:
      g_value_set_string (value, self->endpoint_url);
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
    case PROP_TITLE:
      g_value_set_string (value, self->name);
      break;

    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;

    case PROP_REMOVABLE:
      g_value_set_boolean (value, pd_account_get_removable (self));
      break;

    case PROP_SOURCE:
      g_value_set_int (value, self->source);
      break;

    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PdAccount *self = PD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_REGION:
      pd_account_set_region (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_account_class_init (PdAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_account_finalize;
  object_class->get_property = pd_account_get_property;
  object_class->set_property = pd_account_set_property;

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ARN] =
    g_param_spec_string ("arn", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENDPOINT_URL] =
    g_param_spec_string ("endpoint-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REMOVABLE] =
    g_param_spec_boolean ("removable", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SOURCE] =
    g_param_spec_int ("source", NULL, NULL,
                      PD_ACCOUNT_SOURCE_KEYRING, PD_ACCOUNT_SOURCE_SANDBOX, PD_ACCOUNT_SOURCE_KEYRING,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_account_init (PdAccount *self)
{
}

/**
 * pd_account_new:
 * @source: where the credentials come from
 * @name: the account's name, unique within @source
 * @region: (nullable): the region to work in
 * @endpoint_url: (nullable): an endpoint that replaces AWS's for every service
 *
 * Returns: (transfer full): a new #PdAccount
 */
PdAccount *
pd_account_new (PdAccountSource  source,
                const char      *name,
                const char      *region,
                const char      *endpoint_url)
{
  static const char * const prefixes[] = { "keyring", "environment", "profile", "sandbox" };
  PdAccount *self;

  g_return_val_if_fail (source <= PD_ACCOUNT_SOURCE_SANDBOX, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (PD_TYPE_ACCOUNT, NULL);
  self->source = source;
  self->name = g_strdup (name);
  /* There is one environment whatever its (translated) name. */
  if (source == PD_ACCOUNT_SOURCE_ENVIRONMENT)
    self->id = g_strdup (prefixes[source]);
  else
    self->id = g_strdup_printf ("%s:%s", prefixes[source], name);
  self->region = g_strdup (region);
  self->endpoint_url = endpoint_url != NULL && endpoint_url[0] != '\0' ? g_strdup (endpoint_url) : NULL;
  pd_account_update_subtitle (self);

  return self;
}

PdAccountSource
pd_account_get_source (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), PD_ACCOUNT_SOURCE_KEYRING);
  return self->source;
}

/** pd_account_get_name: Returns: (transfer none): the account's name */
const char *
pd_account_get_name (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), NULL);
  return self->name;
}

/**
 * pd_account_get_id:
 * @self: a #PdAccount
 *
 * Returns: (transfer none): an ID unique among all accounts, such as
 *   `keyring:work`, `profile:dev` or `environment`; never a secret, so it
 *   may be stored
 */
const char *
pd_account_get_id (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), NULL);
  return self->id;
}

/** pd_account_get_title: Returns: (transfer none): what the selector shows */
const char *
pd_account_get_title (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), NULL);
  return self->name;
}

/** pd_account_get_subtitle: Returns: (transfer none): the source and region, for display */
const char *
pd_account_get_subtitle (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), NULL);
  return self->subtitle;
}

/** pd_account_get_region: Returns: (nullable) (transfer none): the region */
const char *
pd_account_get_region (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), NULL);
  return self->region;
}

/**
 * pd_account_set_region:
 * @self: a #PdAccount
 * @region: (nullable): the region to work in
 *
 * Changes the region the account works in.
 */
void
pd_account_set_region (PdAccount  *self,
                       const char *region)
{
  g_return_if_fail (PD_IS_ACCOUNT (self));

  if (pd_set_str (&self->region, region))
    {
      pd_account_update_subtitle (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
    }
}

/** pd_account_get_endpoint_url: Returns: (nullable) (transfer none): the endpoint override */
const char *
pd_account_get_endpoint_url (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), NULL);
  return self->endpoint_url;
}

/** pd_account_get_account_id: Returns: (nullable) (transfer none): the AWS account ID, once verified */
const char *
pd_account_get_account_id (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), NULL);
  return self->account_id;
}

/** pd_account_get_arn: Returns: (nullable) (transfer none): the caller's ARN, once verified */
const char *
pd_account_get_arn (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), NULL);
  return self->arn;
}

/**
 * pd_account_get_removable:
 * @self: a #PdAccount
 *
 * Returns: %TRUE if Pipedeck owns the account and may delete it; profiles
 *   and the environment are the user's and stay read-only
 */
gboolean
pd_account_get_removable (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), FALSE);
  return self->source == PD_ACCOUNT_SOURCE_KEYRING;
}

/**
 * pd_account_set_identity:
 * @self: a #PdAccount
 * @account_id: (nullable): the AWS account ID
 * @arn: (nullable): the caller's ARN
 *
 * Records who the credentials belong to, as STS GetCallerIdentity says.
 */
void
pd_account_set_identity (PdAccount  *self,
                         const char *account_id,
                         const char *arn)
{
  g_return_if_fail (PD_IS_ACCOUNT (self));

  if (pd_set_str (&self->account_id, account_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
  if (pd_set_str (&self->arn, arn))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARN]);
}

/**
 * pd_account_dup_provider:
 * @self: a #PdAccount
 *
 * Returns: (transfer full) (nullable): the provider of the account's credentials
 */
PdAwsCredentialsProvider *
pd_account_dup_provider (PdAccount *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT (self), NULL);
  return self->provider != NULL ? g_object_ref (self->provider) : NULL;
}

/**
 * pd_account_set_provider:
 * @self: a #PdAccount
 * @provider: (nullable): the provider of the account's credentials
 *
 * Sets where the account's credentials are loaded from.
 */
void
pd_account_set_provider (PdAccount                *self,
                         PdAwsCredentialsProvider *provider)
{
  g_return_if_fail (PD_IS_ACCOUNT (self));
  g_return_if_fail (provider == NULL || PD_AWS_IS_CREDENTIALS_PROVIDER (provider));

  g_set_object (&self->provider, provider);
}
