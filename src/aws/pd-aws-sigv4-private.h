/* pd-aws-sigv4-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_AWS_SHA256_LEN 32

/* The primitives the signer is built on, shared with the tests and the
 * benchmark so that "bare cryptography" is measured with the same code. */
void     pd_aws_sha256                      (const void   *data,
                                             gsize         length,
                                             guint8        out[PD_AWS_SHA256_LEN]);
void     pd_aws_hmac_sha256                 (const guint8 *key,
                                             gsize         key_length,
                                             const void   *data,
                                             gsize         length,
                                             guint8        out[PD_AWS_SHA256_LEN]);
void     pd_aws_hex_encode                  (const guint8 *data,
                                             gsize         length,
                                             char         *out);

/* Fills @key with the signing key of (secret, date, region, service), from
 * the cache when it is there; @from_cache tells which. */
void     pd_aws_sigv4_derive_signing_key    (const char   *secret_access_key,
                                             const char   *date,
                                             const char   *region,
                                             const char   *service,
                                             guint8        key[PD_AWS_SHA256_LEN],
                                             gboolean     *from_cache);
guint    pd_aws_sigv4_key_cache_get_size    (void);
guint    pd_aws_sigv4_key_cache_get_capacity (void);

G_END_DECLS
