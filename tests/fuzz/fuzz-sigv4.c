/* fuzz-sigv4.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for SigV4 canonicalization, signing and verification.
 *
 * Input: one flag byte, then newline-separated fields: method, path, query,
 * header lines `name:value` up to an empty line, then the body. The whole
 * input is also parsed as an Authorization header and as an X-Amz-Date.
 *
 * Beyond "no crash, no leak, no sanitizer report" it checks a property:
 * whatever Pipedeck signs, Pipedeck verifies, and with another secret it
 * does not. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pd-aws-error.h"
#include "pd-aws-sigv4.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* The next newline-terminated field of @data, or what is left. */
static char *
next_field (const guint8 **p,
            const guint8  *end)
{
  const guint8 *nl = memchr (*p, '\n', end - *p);
  const guint8 *stop = nl != NULL ? nl : end;
  char *field = g_strndup ((const char *) *p, stop - *p);

  *p = nl != NULL ? nl + 1 : end;
  return field;
}

static void
check_roundtrip (PdAwsSigningRequest *request,
                 PdAwsSigV4Flags      flags)
{
  PdAwsSigV4Authorization auth;
  g_autoptr(GError) error = NULL;
  const char *content_sha256;

  if (!pd_aws_sigv4_parse_authorization (pd_aws_signing_request_get_header (request,
                                                                            "Authorization"),
                                         &auth, &error))
    g_error ("cannot parse our own Authorization header: %s", error->message);

  if (!pd_aws_sigv4_verify (request, &auth, SECRET, flags, &error))
    {
      /* The one expected refusal: a signed X-Amz-Content-SHA256 header that
       * does not match the body. */
      content_sha256 = pd_aws_signing_request_get_header (request, "x-amz-content-sha256");
      if (content_sha256 == NULL ||
          g_strcmp0 (pd_aws_error_get_aws_code (error), "XAmzContentSHA256Mismatch") != 0)
        g_error ("our own signature does not verify: %s", error->message);
      g_clear_error (&error);
    }
  else if (pd_aws_sigv4_verify (request, &auth, SECRET "x", flags, &error))
    g_error ("a signature verifies with the wrong secret");

  pd_aws_sigv4_authorization_clear (&auth);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const guint8 *p = data;
  const guint8 *end = data + size;
  g_autofree char *whole = g_strndup ((const char *) data, size);
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autoptr(PdAwsSigningRequest) request = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *canonical = NULL;
  PdAwsSigV4Authorization auth;
  PdAwsSigV4Flags flags;
  guint8 mode;

  if (size == 0)
    return 0;

  /* Arbitrary text as an Authorization header and as a date. */
  if (pd_aws_sigv4_parse_authorization (whole, &auth, NULL))
    pd_aws_sigv4_authorization_clear (&auth);
  parsed = pd_aws_sigv4_parse_amz_date (whole, NULL);

  mode = *p++;
  flags = (mode & 1) ? PD_AWS_SIGV4_NO_NORMALIZE_PATH : PD_AWS_SIGV4_FLAGS_NONE;
  method = next_field (&p, end);
  path = next_field (&p, end);
  query = next_field (&p, end);
  request = pd_aws_signing_request_new (method, path, query);

  while (p < end)
    {
      g_autofree char *line = next_field (&p, end);
      char *colon;

      if (line[0] == '\0')
        break;
      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      pd_aws_signing_request_add_header (request, line, colon + 1);
    }
  if (mode & 2)
    pd_aws_signing_request_set_body (request, p, end - p);
  else if (mode & 4)
    pd_aws_signing_request_set_payload_hash (request, "UNSIGNED-PAYLOAD");

  canonical = pd_aws_sigv4_canonical_request (request, NULL, flags);
  g_assert (canonical != NULL);

  /* Verify against an arbitrary Authorization: must fail cleanly or pass. */
  if (pd_aws_sigv4_parse_authorization (pd_aws_signing_request_get_header (request,
                                                                           "authorization"),
                                        &auth, NULL))
    {
      pd_aws_sigv4_verify (request, &auth, SECRET, flags, NULL);
      pd_aws_sigv4_authorization_clear (&auth);
    }
  g_clear_pointer (&parsed, g_date_time_unref);
  parsed = pd_aws_sigv4_get_request_time (request, NULL);

  credentials = pd_aws_credentials_new ("AKIDEXAMPLE", SECRET,
                                        (mode & 8) ? "session/token+==" : NULL, NULL, "fuzz");
  now = g_date_time_new_from_unix_utc (1440938160 + (gint64) (mode >> 4) * 86400 * 400);
  if (pd_aws_sigv4_sign (request, credentials, "us-east-1", "service", now, flags, &error))
    check_roundtrip (request, flags);
  else
    g_assert (error != NULL && error->domain == PD_AWS_ERROR);

  return 0;
}
