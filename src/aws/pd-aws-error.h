/* pd-aws-error.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_AWS_ERROR (pd_aws_error_quark ())

/**
 * PdAwsError:
 * @PD_AWS_ERROR_FAILED: any other AWS or client failure
 * @PD_AWS_ERROR_ACCESS_DENIED: the caller is not allowed to do this
 * @PD_AWS_ERROR_THROTTLED: the service throttled the request
 * @PD_AWS_ERROR_EXPIRED_TOKEN: the credentials expired; ask for fresh ones
 * @PD_AWS_ERROR_NOT_FOUND: the named resource does not exist
 * @PD_AWS_ERROR_VALIDATION: the request was refused as invalid
 * @PD_AWS_ERROR_AUTH: the signature or the access key was refused
 * @PD_AWS_ERROR_CLOCK_SKEW: the request time was too far from the server's
 * @PD_AWS_ERROR_CONFLICT: a concurrent change (optimistic lock, conflict)
 * @PD_AWS_ERROR_SERVER: the service failed (5xx)
 * @PD_AWS_ERROR_CREDENTIALS: no usable credentials could be found or loaded
 * @PD_AWS_ERROR_CONFIG: a configuration file or value is malformed
 * @PD_AWS_ERROR_ENDPOINT: an endpoint is invalid or refused (e.g. plain http to a remote host)
 * @PD_AWS_ERROR_PARSE: a response could not be parsed
 * @PD_AWS_ERROR_TOO_LARGE: a response exceeded the size cap
 * @PD_AWS_ERROR_TIMEOUT: the server did not answer in time
 * @PD_AWS_ERROR_KEYRING: the system keyring is unavailable or refused the operation
 *
 * Error codes of %PD_AWS_ERROR. The raw AWS code, message, HTTP status and
 * request ID are kept with the error; see pd_aws_error_get_aws_code().
 */
typedef enum
{
  PD_AWS_ERROR_FAILED,
  PD_AWS_ERROR_ACCESS_DENIED,
  PD_AWS_ERROR_THROTTLED,
  PD_AWS_ERROR_EXPIRED_TOKEN,
  PD_AWS_ERROR_NOT_FOUND,
  PD_AWS_ERROR_VALIDATION,
  PD_AWS_ERROR_AUTH,
  PD_AWS_ERROR_CLOCK_SKEW,
  PD_AWS_ERROR_CONFLICT,
  PD_AWS_ERROR_SERVER,
  PD_AWS_ERROR_CREDENTIALS,
  PD_AWS_ERROR_CONFIG,
  PD_AWS_ERROR_ENDPOINT,
  PD_AWS_ERROR_PARSE,
  PD_AWS_ERROR_TOO_LARGE,
  PD_AWS_ERROR_TIMEOUT,
  PD_AWS_ERROR_KEYRING,
} PdAwsError;

GQuark       pd_aws_error_quark          (void);
GError      *pd_aws_error_new_from_aws   (const char   *aws_code,
                                          const char   *message,
                                          guint         http_status,
                                          const char   *request_id);
PdAwsError   pd_aws_error_code_for_aws   (const char   *aws_code,
                                          guint         http_status);
char        *pd_aws_error_normalize_code (const char   *raw_code);
const char  *pd_aws_error_get_aws_code   (const GError *error);
const char  *pd_aws_error_get_request_id (const GError *error);
guint        pd_aws_error_get_http_status(const GError *error);
void         pd_aws_error_set_details    (GError       *error,
                                          const char   *aws_code,
                                          guint         http_status,
                                          const char   *request_id);

G_END_DECLS
