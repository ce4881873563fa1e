/* sandbox-test-client.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-aws-sigv4.h"
#include "pd-sandbox.h"

G_BEGIN_DECLS

/* Runs @argv (a real client: /usr/bin/python3 + boto3, or aws) against
 * @sandbox with its key pair in the environment, while the sandbox serves
 * from this thread's main context. Returns stdout; @exit_status and
 * @stderr_out receive the rest. */
char   *sandbox_test_run_client (PdSandbox          *sandbox,
                                 const char * const *argv,
                                 const char * const *extra_env,
                                 int                *exit_status,
                                 char              **stderr_out);

/* Runs a Python script of tests/sandbox with /usr/bin/python3 and fails the test
 * with its stderr if it does not exit 0. Returns stdout. */
char   *sandbox_test_run_script (PdSandbox          *sandbox,
                                 const char         *script,
                                 const char * const *args);

/* Sends a raw request, iterating the main context until the answer. */
GBytes *sandbox_test_send       (PdSandbox          *sandbox,
                                 const char         *method,
                                 const char         *path,
                                 const char * const *headers,
                                 const char         *body,
                                 guint              *status,
                                 SoupMessageHeaders **response_headers);

G_END_DECLS

G_BEGIN_DECLS

/* Sends POST / signed with SigV4 for @service at @when (NULL: now), with
 * @target as X-Amz-Target (json) or a form body (query, @target NULL).
 * @sent_body, if not NULL, replaces the body after signing (tampering). */
GBytes *sandbox_test_send_signed (PdSandbox           *sandbox,
                                  const char          *service,
                                  const char          *target,
                                  const char          *body,
                                  const char          *access_key_id,
                                  const char          *secret_access_key,
                                  const char          *session_token,
                                  GDateTime           *when,
                                  const char          *sent_body,
                                  guint               *status,
                                  SoupMessageHeaders **response_headers);

/* A JSON request signed with the sandbox's own key pair: the parsed answer
 * (success or error), its HTTP status in @status. */
JsonObject *sandbox_test_call_json (PdSandbox  *sandbox,
                                    const char *service,
                                    const char *target,
                                    const char *body,
                                    guint      *status);

/* Which todo-list-aws run the next StartPipelineExecution makes. */
typedef enum
{
  SANDBOX_TEST_SEED_ANY,
  SANDBOX_TEST_SEED_NEXT_RUN_SUCCEEDS,
  SANDBOX_TEST_SEED_NEXT_RUN_FAILS_UNIT_TESTS,
} SandboxTestSeed;

guint32 sandbox_test_choose_seed (SandboxTestSeed choice);

G_END_DECLS
