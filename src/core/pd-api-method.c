/* pd-api-method.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-api-method.h"
#include "pd-util.h"

/* A method of a resource, with its authorizer's name once the API's
 * authorizers are known. */
struct _PdApiMethod
{
  GObject   parent_instance;

  /* Owned references */
  char     *resource_path;
  char     *http_method;
  char     *authorization_type;
  char     *authorizer_id;
  char     *authorizer_name;

  /* Flags */
  gboolean  api_key_required;
};

G_DEFINE_FINAL_TYPE (PdApiMethod, pd_api_method, G_TYPE_OBJECT)

static void
pd_api_method_finalize (GObject *object)
{
  PdApiMethod *self = PD_API_METHOD (object);

  g_free (self->resource_path);
  g_free (self->http_method);
  g_free (self->authorization_type);
  g_free (self->authorizer_id);
  g_free (self->authorizer_name);

  G_OBJECT_CLASS (pd_api_method_parent_class)->finalize (object);
}

static void
pd_api_method_class_init (PdApiMethodClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_api_method_finalize;
}

static void
pd_api_method_init (PdApiMethod *self)
{
}

/**
 * pd_api_method_new:
 * @resource_path: the path of its resource (`/todos`)
 * @data: the method as read
 *
 * Returns: (transfer full): a new #PdApiMethod
 */
PdApiMethod *
pd_api_method_new (const char           *resource_path,
                   const PdAwsApiMethod *data)
{
  PdApiMethod *self;

  g_return_val_if_fail (resource_path != NULL && data != NULL, NULL);

  self = g_object_new (PD_TYPE_API_METHOD, NULL);
  self->resource_path = g_strdup (resource_path);
  self->http_method = g_strdup (data->http_method);
  self->authorization_type = g_strdup (data->authorization_type_raw);
  self->authorizer_id = g_strdup (data->authorizer_id);
  self->api_key_required = data->api_key_required;
  return self;
}

const char *
pd_api_method_get_resource_path (PdApiMethod *self)
{
  g_return_val_if_fail (PD_IS_API_METHOD (self), NULL);
  return self->resource_path;
}

const char *
pd_api_method_get_http_method (PdApiMethod *self)
{
  g_return_val_if_fail (PD_IS_API_METHOD (self), NULL);
  return self->http_method;
}

/**
 * pd_api_method_get_authorization_type:
 * @self: a #PdApiMethod
 *
 * Returns: (nullable): `NONE`, `AWS_IAM`, `CUSTOM`, `COGNITO_USER_POOLS`
 *   or what AWS sent
 */
const char *
pd_api_method_get_authorization_type (PdApiMethod *self)
{
  g_return_val_if_fail (PD_IS_API_METHOD (self), NULL);
  return self->authorization_type;
}

/**
 * pd_api_method_get_authorizer_id:
 * @self: a #PdApiMethod
 *
 * Returns: (nullable): the ID of its authorizer
 */
const char *
pd_api_method_get_authorizer_id (PdApiMethod *self)
{
  g_return_val_if_fail (PD_IS_API_METHOD (self), NULL);
  return self->authorizer_id;
}

/**
 * pd_api_method_get_authorizer_name:
 * @self: a #PdApiMethod
 *
 * Returns: (nullable): the name of its authorizer, when the API has it
 */
const char *
pd_api_method_get_authorizer_name (PdApiMethod *self)
{
  g_return_val_if_fail (PD_IS_API_METHOD (self), NULL);
  return self->authorizer_name;
}

void
pd_api_method_set_authorizer_name (PdApiMethod *self,
                                   const char  *name)
{
  g_return_if_fail (PD_IS_API_METHOD (self));
  pd_set_str (&self->authorizer_name, name);
}

gboolean
pd_api_method_get_api_key_required (PdApiMethod *self)
{
  g_return_val_if_fail (PD_IS_API_METHOD (self), FALSE);
  return self->api_key_required;
}
