/* pd-api-authorizer.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-api-authorizer.h"

/* An authorizer of a REST API, as its resource tree names it. */
struct _PdApiAuthorizer
{
  GObject             parent_instance;

  /* Owned references */
  PdAwsApiAuthorizer *data;
  char               *lambda_arn;
};

G_DEFINE_FINAL_TYPE (PdApiAuthorizer, pd_api_authorizer, G_TYPE_OBJECT)

static void
pd_api_authorizer_finalize (GObject *object)
{
  PdApiAuthorizer *self = PD_API_AUTHORIZER (object);

  g_clear_pointer (&self->data, pd_aws_api_authorizer_free);
  g_free (self->lambda_arn);

  G_OBJECT_CLASS (pd_api_authorizer_parent_class)->finalize (object);
}

static void
pd_api_authorizer_class_init (PdApiAuthorizerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_api_authorizer_finalize;
}

static void
pd_api_authorizer_init (PdApiAuthorizer *self)
{
}

/**
 * pd_api_lambda_arn_from_uri:
 * @uri: (nullable): an authorizer or integration URI
 *   (`arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations`)
 *
 * Returns: (transfer full) (nullable): the Lambda function's ARN in @uri,
 *   or %NULL when @uri names no function
 */
char *
pd_api_lambda_arn_from_uri (const char *uri)
{
  const char *start, *end;

  if (uri == NULL || (start = strstr (uri, "/functions/")) == NULL)
    return NULL;
  start += strlen ("/functions/");
  end = strstr (start, "/invocations");
  if (end == NULL || end == start || !g_str_has_prefix (start, "arn:"))
    return NULL;
  return g_strndup (start, end - start);
}

/**
 * pd_api_authorizer_new:
 * @data: (transfer full): the authorizer as read
 *
 * Returns: (transfer full): a new #PdApiAuthorizer
 */
PdApiAuthorizer *
pd_api_authorizer_new (PdAwsApiAuthorizer *data)
{
  PdApiAuthorizer *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (PD_TYPE_API_AUTHORIZER, NULL);
  self->data = data;
  self->lambda_arn = pd_api_lambda_arn_from_uri (data->authorizer_uri);
  return self;
}

const char *
pd_api_authorizer_get_id (PdApiAuthorizer *self)
{
  g_return_val_if_fail (PD_IS_API_AUTHORIZER (self), NULL);
  return self->data->id;
}

const char *
pd_api_authorizer_get_name (PdApiAuthorizer *self)
{
  g_return_val_if_fail (PD_IS_API_AUTHORIZER (self), NULL);
  return self->data->name;
}

/**
 * pd_api_authorizer_get_kind:
 * @self: a #PdApiAuthorizer
 *
 * Returns: (nullable): `TOKEN`, `REQUEST`, `COGNITO_USER_POOLS` or what
 *   AWS sent
 */
const char *
pd_api_authorizer_get_kind (PdApiAuthorizer *self)
{
  g_return_val_if_fail (PD_IS_API_AUTHORIZER (self), NULL);
  return self->data->type_raw;
}

/**
 * pd_api_authorizer_get_lambda_arn:
 * @self: a #PdApiAuthorizer
 *
 * Returns: (nullable): the Lambda function it calls
 */
const char *
pd_api_authorizer_get_lambda_arn (PdApiAuthorizer *self)
{
  g_return_val_if_fail (PD_IS_API_AUTHORIZER (self), NULL);
  return self->lambda_arn;
}

/**
 * pd_api_authorizer_get_credentials:
 * @self: a #PdApiAuthorizer
 *
 * Returns: (nullable): the role API Gateway assumes to call it
 */
const char *
pd_api_authorizer_get_credentials (PdApiAuthorizer *self)
{
  g_return_val_if_fail (PD_IS_API_AUTHORIZER (self), NULL);
  return self->data->authorizer_credentials;
}

/**
 * pd_api_authorizer_get_identity_source:
 * @self: a #PdApiAuthorizer
 *
 * Returns: (nullable): where the caller's identity is read from
 */
const char *
pd_api_authorizer_get_identity_source (PdApiAuthorizer *self)
{
  g_return_val_if_fail (PD_IS_API_AUTHORIZER (self), NULL);
  return self->data->identity_source;
}

/**
 * pd_api_authorizer_get_validation_expression:
 * @self: a #PdApiAuthorizer
 *
 * Returns: (nullable): the pattern a token must match
 */
const char *
pd_api_authorizer_get_validation_expression (PdApiAuthorizer *self)
{
  g_return_val_if_fail (PD_IS_API_AUTHORIZER (self), NULL);
  return self->data->identity_validation_expression;
}

/**
 * pd_api_authorizer_get_result_ttl:
 * @self: a #PdApiAuthorizer
 *
 * Returns: how many seconds results are cached, or -1 when not said
 */
gint64
pd_api_authorizer_get_result_ttl (PdApiAuthorizer *self)
{
  g_return_val_if_fail (PD_IS_API_AUTHORIZER (self), -1);
  return self->data->result_ttl_in_seconds;
}

/**
 * pd_api_authorizer_get_provider_arns:
 * @self: a #PdApiAuthorizer
 *
 * Returns: (array zero-terminated=1): the Cognito user pools it trusts
 */
const char * const *
pd_api_authorizer_get_provider_arns (PdApiAuthorizer *self)
{
  g_return_val_if_fail (PD_IS_API_AUTHORIZER (self), NULL);
  return (const char * const *) self->data->provider_arns;
}
