/* pd-sandbox-server-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-sandbox-private.h"

G_BEGIN_DECLS

/* Between the server, the request helpers and the signature checks; service
 * modules never need these. */

PdSandboxRequest *pd_sandbox_request_new      (PdSandbox         *sandbox,
                                               SoupServerMessage *message);
void              pd_sandbox_request_finished (PdSandbox         *sandbox,
                                               PdSandboxRequest  *request);

/* Verifies the Authorization of @request as AWS does. On success fills
 * @request->region and @request->access_key_id and returns the signing
 * name from the credential scope; on failure replies with the error of
 * the request's protocol and returns NULL. */
char             *pd_sandbox_authenticate     (PdSandbox         *sandbox,
                                               PdSandboxRequest  *request);
gboolean          pd_sandbox_lookup_key       (PdSandbox         *sandbox,
                                               const char        *access_key_id,
                                               const char       **secret_access_key,
                                               const char       **session_token,
                                               gint64            *expiration_us);

G_END_DECLS
