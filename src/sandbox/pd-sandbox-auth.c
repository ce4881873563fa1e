/* pd-sandbox-auth.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"
#include "pd-aws-sigv4.h"
#include "pd-sandbox-private.h"
#include "pd-sandbox-server-private.h"

/* AWS accepts a request date within 15 minutes of its own clock. */
#define SKEW_LIMIT_US (15 * 60 * G_USEC_PER_SEC)

typedef enum
{
  AUTH_MISSING,
  AUTH_INCOMPLETE,
  AUTH_UNKNOWN_KEY,
  AUTH_EXPIRED_TOKEN,
  AUTH_BAD_SIGNATURE,
} AuthFailure;

static void
reply_auth_error (PdSandboxRequest *request,
                  AuthFailure       failure,
                  const char       *message)
{
  gboolean query = request->detected_protocol == PD_SANDBOX_PROTOCOL_QUERY;
  const char *code = NULL;
  guint status = 400;

  switch (failure)
    {
    case AUTH_MISSING:
      code = query ? "MissingAuthenticationToken" : "MissingAuthenticationTokenException";
      status = 403;
      break;
    case AUTH_INCOMPLETE:
      code = query ? "IncompleteSignature" : "IncompleteSignatureException";
      status = query ? 400 : 400;
      break;
    case AUTH_UNKNOWN_KEY:
      code = query ? "InvalidClientTokenId" : "UnrecognizedClientException";
      status = query ? 403 : 400;
      break;
    case AUTH_EXPIRED_TOKEN:
      code = query ? "ExpiredToken" : "ExpiredTokenException";
      status = query ? 403 : 400;
      break;
    case AUTH_BAD_SIGNATURE:
    default:
      code = query ? "SignatureDoesNotMatch" : "InvalidSignatureException";
      status = query ? 403 : 400;
      break;
    }

  pd_sandbox_request_reply_error (request, status, code, "%s", message);
}

static PdAwsSigningRequest *
signing_request_from_message (PdSandboxRequest *request)
{
  SoupServerMessage *message = request->message;
  GUri *uri = soup_server_message_get_uri (message);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  PdAwsSigningRequest *signing;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  gsize length = 0;
  const guint8 *data;

  signing = pd_aws_signing_request_new (soup_server_message_get_method (message),
                                        g_uri_get_path (uri),
                                        g_uri_get_query (uri));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    pd_aws_signing_request_add_header (signing, name, value);

  data = g_bytes_get_data (request->body, &length);
  pd_aws_signing_request_set_body (signing, data, length);
  return signing;
}

/* The checks, in AWS's order. Returns the signing name, or NULL after
 * replying with the error. */
static char *
authenticate (PdSandbox               *self,
              PdSandboxRequest        *request,
              PdAwsSigV4Authorization *auth)
{
  g_autoptr(PdAwsSigningRequest) signing = NULL;
  g_autoptr(GDateTime) request_time = NULL;
  g_autoptr(GError) error = NULL;
  const char *header = pd_sandbox_request_get_header (request, "Authorization");
  const char *token = pd_sandbox_request_get_header (request, "X-Amz-Security-Token");
  const char *secret = NULL;
  const char *issued_token = NULL;
  gint64 expiration_us = 0;
  gint64 now_us, request_us;

  if (header == NULL || *header == '\0')
    {
      reply_auth_error (request, AUTH_MISSING, "Missing Authentication Token");
      return NULL;
    }

  if (!pd_aws_sigv4_parse_authorization (header, auth, &error))
    {
      reply_auth_error (request, AUTH_INCOMPLETE, error->message);
      return NULL;
    }

  if (!pd_sandbox_lookup_key (self, auth->access_key_id, &secret, &issued_token, &expiration_us))
    {
      reply_auth_error (request, AUTH_UNKNOWN_KEY,
                        "The security token included in the request is invalid.");
      return NULL;
    }

  /* Temporary keys need the token issued with them; permanent keys none. */
  if (g_strcmp0 (token, issued_token) != 0)
    {
      reply_auth_error (request, AUTH_UNKNOWN_KEY,
                        "The security token included in the request is invalid.");
      return NULL;
    }

  signing = signing_request_from_message (request);
  request_time = pd_aws_sigv4_get_request_time (signing, &error);
  if (request_time == NULL)
    {
      reply_auth_error (request, AUTH_INCOMPLETE, error->message);
      return NULL;
    }

  now_us = g_get_real_time ();
  request_us = g_date_time_to_unix (request_time) * G_USEC_PER_SEC;
  if (request_us < now_us - SKEW_LIMIT_US || request_us > now_us + SKEW_LIMIT_US)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) limit = NULL;
      g_autofree char *now_text = pd_aws_sigv4_format_amz_date (now);
      g_autofree char *request_text = pd_aws_sigv4_format_amz_date (request_time);
      g_autofree char *limit_text = NULL;
      g_autofree char *message = NULL;

      if (request_us < now_us)
        {
          limit = g_date_time_add_minutes (now, -15);
          limit_text = pd_aws_sigv4_format_amz_date (limit);
          message = g_strdup_printf ("Signature expired: %s is now earlier than %s (%s - 15 min.)",
                                     request_text, limit_text, now_text);
        }
      else
        {
          limit = g_date_time_add_minutes (now, 15);
          limit_text = pd_aws_sigv4_format_amz_date (limit);
          message = g_strdup_printf ("Signature not yet current: %s is still later than %s "
                                     "(%s + 15 min.)", request_text, limit_text, now_text);
        }
      reply_auth_error (request, AUTH_BAD_SIGNATURE, message);
      return NULL;
    }

  if (expiration_us != 0 && now_us >= expiration_us)
    {
      reply_auth_error (request, AUTH_EXPIRED_TOKEN,
                        "The security token included in the request is expired");
      return NULL;
    }

  if (!pd_aws_sigv4_verify (signing, auth, secret, PD_AWS_SIGV4_FLAGS_NONE, &error))
    {
      if (g_strcmp0 (pd_aws_error_get_aws_code (error), "IncompleteSignature") == 0)
        reply_auth_error (request, AUTH_INCOMPLETE, error->message);
      else
        reply_auth_error (request, AUTH_BAD_SIGNATURE,
                          "The request signature we calculated does not match the signature you "
                          "provided. Check your AWS Secret Access Key and signing method. Consult "
                          "the service documentation for details.");
      return NULL;
    }

  request->region = g_strdup (auth->region);
  request->access_key_id = g_strdup (auth->access_key_id);
  return g_strdup (auth->service);
}

char *
pd_sandbox_authenticate (PdSandbox        *self,
                         PdSandboxRequest *request)
{
  PdAwsSigV4Authorization auth = { 0, };
  char *service = authenticate (self, request, &auth);

  pd_aws_sigv4_authorization_clear (&auth);
  return service;
}
