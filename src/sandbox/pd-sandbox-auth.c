/* pd-sandbox-auth.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

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

static GDateTime *
parse_amz_date (const char *text)
{
  int y, mo, d, h, mi, s;
  char z = 0;

  if (text == NULL || strlen (text) != 16)
    return NULL;
  if (sscanf (text, "%4d%2d%2dT%2d%2d%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 || z != 'Z')
    return NULL;
  return g_date_time_new_utc (y, mo, d, h, mi, s);
}

typedef struct
{
  char *access_key_id;
  char *region;
  char *service;
} Scope;

static void
scope_clear (Scope *scope)
{
  g_clear_pointer (&scope->access_key_id, g_free);
  g_clear_pointer (&scope->region, g_free);
  g_clear_pointer (&scope->service, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scope, scope_clear)

/* Reads the credential scope; the full check of the signature comes with
 * the SigV4 implementation of src/aws. */
static gboolean
parse_scope (const char  *header,
             Scope       *scope,
             GError     **error)
{
  const char *credential;
  g_autofree char *value = NULL;
  g_auto(GStrv) parts = NULL;

  if (!g_str_has_prefix (header, "AWS4-HMAC-SHA256 "))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Authorization header requires the AWS4-HMAC-SHA256 algorithm.");
      return FALSE;
    }
  credential = strstr (header, "Credential=");
  if (credential == NULL || strstr (header, "Signature=") == NULL
      || strstr (header, "SignedHeaders=") == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Authorization header requires 'Credential', 'Signature' and "
                           "'SignedHeaders' parameters.");
      return FALSE;
    }
  credential += strlen ("Credential=");
  value = g_strndup (credential, strcspn (credential, ", "));
  parts = g_strsplit (value, "/", -1);
  if (g_strv_length (parts) != 5 || g_strcmp0 (parts[4], "aws4_request") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Credential should be scoped to a valid region, not '%s'.", value);
      return FALSE;
    }
  scope->access_key_id = g_strdup (parts[0]);
  scope->region = g_strdup (parts[2]);
  scope->service = g_strdup (parts[3]);
  return TRUE;
}

char *
pd_sandbox_authenticate (PdSandbox        *self,
                         PdSandboxRequest *request)
{
  g_auto(Scope) auth = { 0, };
  g_autoptr(GDateTime) request_time = NULL;
  g_autoptr(GError) error = NULL;
  const char *header = pd_sandbox_request_get_header (request, "Authorization");
  const char *amz_date = pd_sandbox_request_get_header (request, "X-Amz-Date");
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

  if (!parse_scope (header, &auth, &error))
    {
      reply_auth_error (request, AUTH_INCOMPLETE, error->message);
      return NULL;
    }

  if (!pd_sandbox_lookup_key (self, auth.access_key_id, &secret, &issued_token, &expiration_us))
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

  if (amz_date == NULL)
    {
      reply_auth_error (request, AUTH_INCOMPLETE,
                        "Authorization header requires existence of either a 'X-Amz-Date' or "
                        "a 'Date' header.");
      return NULL;
    }
  request_time = parse_amz_date (amz_date);
  if (request_time == NULL)
    {
      reply_auth_error (request, AUTH_INCOMPLETE,
                        "Date must be in ISO-8601 'basic format'. Got 'X-Amz-Date' header.");
      return NULL;
    }

  now_us = g_get_real_time ();
  request_us = g_date_time_to_unix (request_time) * G_USEC_PER_SEC;
  if (request_us < now_us - SKEW_LIMIT_US || request_us > now_us + SKEW_LIMIT_US)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) limit = NULL;
      g_autofree char *now_text = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
      g_autofree char *limit_text = NULL;
      g_autofree char *message = NULL;

      if (request_us < now_us)
        {
          limit = g_date_time_add_minutes (now, -15);
          limit_text = g_date_time_format (limit, "%Y%m%dT%H%M%SZ");
          message = g_strdup_printf ("Signature expired: %s is now earlier than %s (%s - 15 min.)",
                                     amz_date, limit_text, now_text);
        }
      else
        {
          limit = g_date_time_add_minutes (now, 15);
          limit_text = g_date_time_format (limit, "%Y%m%dT%H%M%SZ");
          message = g_strdup_printf ("Signature not yet current: %s is still later than %s "
                                     "(%s + 15 min.)", amz_date, limit_text, now_text);
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

  request->region = g_strdup (auth.region);
  request->access_key_id = g_strdup (auth.access_key_id);
  return g_strdup (auth.service);
}
