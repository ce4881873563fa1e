/* pd-aws-error.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"

typedef struct
{
  char  *aws_code;
  char  *request_id;
  guint  http_status;
} PdAwsErrorPrivate;

static void
pd_aws_error_private_init (PdAwsErrorPrivate *priv)
{
  priv->aws_code = NULL;
  priv->request_id = NULL;
  priv->http_status = 0;
}

static void
pd_aws_error_private_copy (const PdAwsErrorPrivate *src,
                           PdAwsErrorPrivate       *dest)
{
  dest->aws_code = g_strdup (src->aws_code);
  dest->request_id = g_strdup (src->request_id);
  dest->http_status = src->http_status;
}

static void
pd_aws_error_private_clear (PdAwsErrorPrivate *priv)
{
  g_clear_pointer (&priv->aws_code, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (PdAwsError, pd_aws_error)

static const char * const throttling_codes[] = {
  "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
  "TooManyRequestsException", "ProvisionedThroughputExceededException",
  "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
  "LimitExceededException", "RequestThrottled", "SlowDown", "EC2ThrottledException",
  NULL
};

static gboolean
code_in (const char         *code,
         const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strcmp (code, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * pd_aws_error_normalize_code:
 * @raw_code: a code as found on the wire, e.g.
 *   `com.amazonaws.codepipeline#PipelineNotFoundException:http://…`
 *
 * Normalizes an AWS error code the way botocore does: everything from the
 * first `:` is cut, then only what follows the last `#` is kept.
 *
 * Returns: (transfer full): the bare code
 */
char *
pd_aws_error_normalize_code (const char *raw_code)
{
  g_autofree char *code = NULL;
  const char *hash;
  char *colon;

  if (raw_code == NULL)
    return NULL;

  code = g_strdup (raw_code);
  if ((colon = strchr (code, ':')) != NULL)
    *colon = '\0';
  if ((hash = strrchr (code, '#')) != NULL)
    return g_strstrip (g_strdup (hash + 1));

  return g_strstrip (g_steal_pointer (&code));
}

/**
 * pd_aws_error_code_for_aws:
 * @aws_code: (nullable): a normalized AWS error code
 * @http_status: the HTTP status of the response, or 0
 *
 * Maps an AWS error code to the #PdAwsError that changes what the UI does.
 *
 * Returns: the error code
 */
PdAwsError
pd_aws_error_code_for_aws (const char *aws_code,
                           guint       http_status)
{
  if (aws_code != NULL)
    {
      if (code_in (aws_code, throttling_codes))
        return PD_AWS_ERROR_THROTTLED;
      if (g_str_equal (aws_code, "ExpiredToken") ||
          g_str_equal (aws_code, "ExpiredTokenException"))
        return PD_AWS_ERROR_EXPIRED_TOKEN;
      if (g_str_equal (aws_code, "RequestExpired") ||
          g_str_equal (aws_code, "RequestTimeTooSkewed") ||
          g_str_equal (aws_code, "RequestInTheFuture"))
        return PD_AWS_ERROR_CLOCK_SKEW;
      if (g_str_equal (aws_code, "AccessDenied") ||
          g_str_equal (aws_code, "AccessDeniedException") ||
          g_str_equal (aws_code, "ForbiddenException"))
        return PD_AWS_ERROR_ACCESS_DENIED;
      if (g_str_equal (aws_code, "UnrecognizedClientException") ||
          g_str_equal (aws_code, "InvalidClientTokenId") ||
          g_str_equal (aws_code, "InvalidSignatureException") ||
          g_str_equal (aws_code, "SignatureDoesNotMatch") ||
          g_str_equal (aws_code, "IncompleteSignature") ||
          g_str_equal (aws_code, "IncompleteSignatureException") ||
          g_str_equal (aws_code, "MissingAuthenticationToken") ||
          g_str_equal (aws_code, "MissingAuthenticationTokenException") ||
          g_str_equal (aws_code, "AuthFailure"))
        return PD_AWS_ERROR_AUTH;
      if (g_str_has_suffix (aws_code, "NotFoundException") ||
          g_str_has_suffix (aws_code, "NotFoundFault") ||
          g_str_equal (aws_code, "NotFound") ||
          g_str_equal (aws_code, "WAFNonexistentItemException") ||
          g_str_has_suffix (aws_code, "DoesNotExistException"))
        return PD_AWS_ERROR_NOT_FOUND;
      if (g_str_equal (aws_code, "ValidationException") ||
          g_str_equal (aws_code, "ValidationError") ||
          g_str_equal (aws_code, "InvalidParameterException") ||
          g_str_equal (aws_code, "InvalidParameterValue") ||
          g_str_equal (aws_code, "InvalidInputException") ||
          g_str_equal (aws_code, "BadRequestException") ||
          g_str_equal (aws_code, "WAFInvalidParameterException") ||
          g_str_equal (aws_code, "SerializationException"))
        return PD_AWS_ERROR_VALIDATION;
      if (g_str_equal (aws_code, "ConflictException") ||
          g_str_equal (aws_code, "WAFOptimisticLockException"))
        return PD_AWS_ERROR_CONFLICT;
    }

  if (http_status == 429)
    return PD_AWS_ERROR_THROTTLED;
  if (http_status >= 500 && http_status < 600)
    return PD_AWS_ERROR_SERVER;
  if (http_status == 404)
    return PD_AWS_ERROR_NOT_FOUND;

  return PD_AWS_ERROR_FAILED;
}

/**
 * pd_aws_error_set_details:
 * @error: a #PD_AWS_ERROR error
 * @aws_code: (nullable): the AWS error code
 * @http_status: the HTTP status, or 0
 * @request_id: (nullable): the request ID
 *
 * Attaches the AWS details to @error.
 */
void
pd_aws_error_set_details (GError     *error,
                          const char *aws_code,
                          guint       http_status,
                          const char *request_id)
{
  PdAwsErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == PD_AWS_ERROR);

  priv = pd_aws_error_get_private (error);
  g_free (priv->aws_code);
  priv->aws_code = g_strdup (aws_code);
  g_free (priv->request_id);
  priv->request_id = g_strdup (request_id);
  priv->http_status = http_status;
}

/**
 * pd_aws_error_new_from_aws:
 * @aws_code: (nullable): the AWS error code, raw or normalized
 * @message: (nullable): the AWS error message
 * @http_status: the HTTP status, or 0
 * @request_id: (nullable): the request ID
 *
 * Creates a #PD_AWS_ERROR for an error response of AWS.
 *
 * Returns: (transfer full): a new #GError
 */
GError *
pd_aws_error_new_from_aws (const char *aws_code,
                           const char *message,
                           guint       http_status,
                           const char *request_id)
{
  g_autofree char *code = pd_aws_error_normalize_code (aws_code);
  GError *error;

  if (code == NULL || code[0] == '\0')
    {
      g_free (code);
      code = http_status != 0 ? g_strdup_printf ("%u", http_status) : g_strdup ("Unknown");
    }

  error = g_error_new (PD_AWS_ERROR,
                       pd_aws_error_code_for_aws (code, http_status),
                       "%s: %s",
                       code,
                       message != NULL && message[0] != '\0' ? message : "(no message)");
  pd_aws_error_set_details (error, code, http_status, request_id);

  return error;
}

/**
 * pd_aws_error_get_aws_code:
 * @error: a #GError
 *
 * Returns: (nullable) (transfer none): the AWS error code kept with @error
 */
const char *
pd_aws_error_get_aws_code (const GError *error)
{
  if (error == NULL || error->domain != PD_AWS_ERROR)
    return NULL;
  return pd_aws_error_get_private (error)->aws_code;
}

/**
 * pd_aws_error_get_request_id:
 * @error: a #GError
 *
 * Returns: (nullable) (transfer none): the AWS request ID kept with @error
 */
const char *
pd_aws_error_get_request_id (const GError *error)
{
  if (error == NULL || error->domain != PD_AWS_ERROR)
    return NULL;
  return pd_aws_error_get_private (error)->request_id;
}

/**
 * pd_aws_error_get_http_status:
 * @error: a #GError
 *
 * Returns: the HTTP status kept with @error, or 0
 */
guint
pd_aws_error_get_http_status (const GError *error)
{
  if (error == NULL || error->domain != PD_AWS_ERROR)
    return 0;
  return pd_aws_error_get_private (error)->http_status;
}
