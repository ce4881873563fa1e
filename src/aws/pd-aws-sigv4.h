/* pd-aws-sigv4.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-credentials.h"

G_BEGIN_DECLS

/**
 * PdAwsSigningRequest:
 *
 * An HTTP request as it goes on the wire, in the form SigV4 needs: the
 * method, the path exactly as sent (already percent-encoded), the raw query
 * (without `?`), the headers in arrival order (names may repeat) and the
 * body or its payload hash. The transport builds one from what it sends;
 * the sandbox builds one from what it received.
 */
typedef struct _PdAwsSigningRequest PdAwsSigningRequest;

/**
 * PdAwsSigV4Flags:
 * @PD_AWS_SIGV4_FLAGS_NONE: the usual signing of every non-S3 service
 * @PD_AWS_SIGV4_NO_NORMALIZE_PATH: keep `.`, `..` and empty path segments
 *   and do not encode the path a second time (S3's rule)
 */
typedef enum
{
  PD_AWS_SIGV4_FLAGS_NONE        = 0,
  PD_AWS_SIGV4_NO_NORMALIZE_PATH = 1 << 0,
} PdAwsSigV4Flags;

PdAwsSigningRequest *pd_aws_signing_request_new              (const char           *method,
                                                              const char           *path,
                                                              const char           *query);
void                 pd_aws_signing_request_free             (PdAwsSigningRequest  *self);
void                 pd_aws_signing_request_add_header       (PdAwsSigningRequest  *self,
                                                              const char           *name,
                                                              const char           *value);
void                 pd_aws_signing_request_set_header       (PdAwsSigningRequest  *self,
                                                              const char           *name,
                                                              const char           *value);
const char          *pd_aws_signing_request_get_header       (PdAwsSigningRequest  *self,
                                                              const char           *name);
guint                pd_aws_signing_request_get_n_headers    (PdAwsSigningRequest  *self);
const char          *pd_aws_signing_request_get_header_name  (PdAwsSigningRequest  *self,
                                                              guint                 position);
const char          *pd_aws_signing_request_get_header_value (PdAwsSigningRequest  *self,
                                                              guint                 position);
void                 pd_aws_signing_request_set_body         (PdAwsSigningRequest  *self,
                                                              const guint8         *data,
                                                              gsize                 length);
void                 pd_aws_signing_request_set_payload_hash (PdAwsSigningRequest  *self,
                                                              const char           *hex_sha256);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsSigningRequest, pd_aws_signing_request_free)

gboolean  pd_aws_sigv4_sign              (PdAwsSigningRequest  *request,
                                          PdAwsCredentials     *credentials,
                                          const char           *region,
                                          const char           *service,
                                          GDateTime            *now,
                                          PdAwsSigV4Flags       flags,
                                          GError              **error);
char     *pd_aws_sigv4_canonical_request (PdAwsSigningRequest  *request,
                                          const char * const   *signed_headers,
                                          PdAwsSigV4Flags       flags);
char     *pd_aws_sigv4_string_to_sign    (const char           *canonical_request,
                                          const char           *amz_date,
                                          const char           *credential_scope);
char     *pd_aws_sigv4_signature         (const char           *secret_access_key,
                                          const char           *date,
                                          const char           *region,
                                          const char           *service,
                                          const char           *string_to_sign);
char     *pd_aws_sigv4_format_amz_date   (GDateTime            *time);
GDateTime *pd_aws_sigv4_parse_amz_date   (const char           *amz_date,
                                          GError              **error);
GDateTime *pd_aws_sigv4_get_request_time (PdAwsSigningRequest  *request,
                                          GError              **error);
void      pd_aws_sigv4_clear_key_cache   (void);

/**
 * PdAwsSigV4Authorization:
 * @access_key_id: the access key ID of the credential
 * @date: the `YYYYMMDD` date of the credential scope
 * @region: the region of the credential scope
 * @service: the service (signing name) of the credential scope
 * @signed_headers: (array zero-terminated=1): the lower-case names signed
 * @signature: the hex signature
 *
 * A parsed `Authorization: AWS4-HMAC-SHA256 …` header.
 */
typedef struct
{
  char  *access_key_id;
  char  *date;
  char  *region;
  char  *service;
  char **signed_headers;
  char  *signature;
} PdAwsSigV4Authorization;

gboolean  pd_aws_sigv4_parse_authorization (const char               *header,
                                            PdAwsSigV4Authorization  *out,
                                            GError                  **error);
void      pd_aws_sigv4_authorization_clear (PdAwsSigV4Authorization  *auth);
gboolean  pd_aws_sigv4_verify              (PdAwsSigningRequest      *request,
                                            const PdAwsSigV4Authorization *auth,
                                            const char               *secret_access_key,
                                            PdAwsSigV4Flags           flags,
                                            GError                  **error);

G_END_DECLS
