/* pd-sandbox-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-sandbox.h"

G_BEGIN_DECLS

/*
 * How a service module plugs into the sandbox.
 *
 * A module describes itself with a PdSandboxServiceInfo (signing name,
 * protocol, operation table) and registers it once with
 * pd_sandbox_register_service(). The server verifies the signature, picks
 * the service from the credential scope and the protocol from the request
 * (X-Amz-Target → json, form body → query, otherwise rest-json), finds the
 * operation (target suffix, Action, or method + path template), parses the
 * input into a PdSandboxRequest and calls the handler. The handler answers
 * with one of the pd_sandbox_request_reply_*() helpers, now or later: a
 * handler that returns without replying keeps a reference
 * (pd_sandbox_request_ref()) and the message stays paused until it replies.
 */

typedef enum
{
  PD_SANDBOX_PROTOCOL_JSON,
  PD_SANDBOX_PROTOCOL_REST_JSON,
  PD_SANDBOX_PROTOCOL_QUERY,
} PdSandboxProtocol;

typedef struct _PdSandboxRequest PdSandboxRequest;
typedef struct _PdSandboxService PdSandboxService;

typedef void (*PdSandboxHandler) (PdSandboxRequest *request,
                                  gpointer          service_data);

typedef struct
{
  /* The operation name: X-Amz-Target suffix, Action, or the model name. */
  const char       *name;
  /* rest-json only: method and path template with {label} and {label+}. */
  const char       *method;
  const char       *path;
  PdSandboxHandler  handler;
} PdSandboxOperation;

typedef struct
{
  /* Signing name, as in the credential scope ("codepipeline", "monitoring"). */
  const char               *signing_name;
  PdSandboxProtocol         protocol;
  /* json: "1.0" or "1.1" and the X-Amz-Target prefix. */
  const char               *json_version;
  const char               *target_prefix;
  /* query: API version and XML namespace of responses. */
  const char               *api_version;
  const char               *xml_namespace;
  /* json: the namespace of `__type` ("com.amazonaws.codepipeline"), or NULL. */
  const char               *error_namespace;
  /* The code of validation errors: ValidationException, InvalidParameterException… */
  const char               *validation_code;
  /* Short name used for statistics and faults ("codepipeline", "logs"). */
  const char               *fault_name;
  const PdSandboxOperation *operations;
  guint                     n_operations;
} PdSandboxServiceInfo;

/* The request as a handler sees it. Fields are read-only for handlers. */
struct _PdSandboxRequest
{
  /* Borrowed references */
  PdSandbox                  *sandbox;
  const PdSandboxServiceInfo *service;
  const PdSandboxOperation   *operation;

  /* Owned references */
  SoupServerMessage          *message;
  /* json and rest-json: the body object with path labels, query parameters
   * (as strings) merged in; never NULL. */
  JsonObject                 *input;
  /* query: the form parameters (body and URL query); rest-json: the URL
   * query parameters; never NULL. */
  GHashTable                 *params;
  /* rest-json: the decoded path labels; never NULL. */
  GHashTable                 *labels;
  GBytes                     *body;
  char                       *request_id;
  char                       *region;
  char                       *access_key_id;
  GPtrArray                  *validation_errors;
  PdSandboxProtocol           detected_protocol;

  /* Flags */
  guint                       ref_count;
  guint                       replied : 1;
  guint                       paused : 1;
  guint                       fault_truncate : 1;
};

PdSandboxRequest *pd_sandbox_request_ref               (PdSandboxRequest   *request);
void              pd_sandbox_request_unref             (PdSandboxRequest   *request);
const char       *pd_sandbox_request_get_header        (PdSandboxRequest   *request,
                                                        const char         *name);
const char       *pd_sandbox_request_get_account_id    (PdSandboxRequest   *request);

/* Replies. Each may be called once per request; later calls are ignored. */
void              pd_sandbox_request_reply_json        (PdSandboxRequest   *request,
                                                        JsonObject         *object);
void              pd_sandbox_request_reply_json_status (PdSandboxRequest   *request,
                                                        guint               status,
                                                        JsonObject         *object);
void              pd_sandbox_request_reply_empty       (PdSandboxRequest   *request);
void              pd_sandbox_request_reply_xml         (PdSandboxRequest   *request,
                                                        const char         *result_xml);
void              pd_sandbox_request_reply_error       (PdSandboxRequest   *request,
                                                        guint               status,
                                                        const char         *code,
                                                        const char         *format,
                                                        ...) G_GNUC_PRINTF (4, 5);

/* Input members with AWS-worded validation. A failing check records
 * "Value … at 'member' failed to satisfy constraint: …"; after the checks,
 * pd_sandbox_request_check_valid() replies with the service's validation
 * code ("1 validation error detected: …") and returns FALSE. */
const char       *pd_sandbox_request_get_string        (PdSandboxRequest   *request,
                                                        const char         *member,
                                                        gboolean            required,
                                                        guint               min_length,
                                                        guint               max_length,
                                                        const char         *pattern);
gint64            pd_sandbox_request_get_int           (PdSandboxRequest   *request,
                                                        const char         *member,
                                                        gint64              default_value,
                                                        gint64              min,
                                                        gint64              max);
gboolean          pd_sandbox_request_get_bool          (PdSandboxRequest   *request,
                                                        const char         *member,
                                                        gboolean            default_value);
const char       *pd_sandbox_request_get_enum          (PdSandboxRequest   *request,
                                                        const char         *member,
                                                        gboolean            required,
                                                        const char * const *values);
JsonArray        *pd_sandbox_request_get_array         (PdSandboxRequest   *request,
                                                        const char         *member,
                                                        gboolean            required,
                                                        guint               min_items,
                                                        guint               max_items);
JsonObject       *pd_sandbox_request_get_object        (PdSandboxRequest   *request,
                                                        const char         *member,
                                                        gboolean            required);
void              pd_sandbox_request_add_validation    (PdSandboxRequest   *request,
                                                        const char         *format,
                                                        ...) G_GNUC_PRINTF (2, 3);
gboolean          pd_sandbox_request_check_valid       (PdSandboxRequest   *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxRequest, pd_sandbox_request_unref)

/* Paging tokens: opaque to clients, they encode a kind and a position, and
 * decoding fails on anything the sandbox did not issue for that kind. */
char             *pd_sandbox_token_encode              (const char         *kind,
                                                        guint64             position);
gboolean          pd_sandbox_token_decode              (const char         *token,
                                                        const char         *kind,
                                                        guint64            *position);

/* XML text escaping for query replies. */
char             *pd_sandbox_xml_escape                (const char         *text);

/* Registration and shared state. */
void              pd_sandbox_register_service          (PdSandbox                  *self,
                                                        const PdSandboxServiceInfo *info,
                                                        gpointer                    service_data,
                                                        GDestroyNotify              service_data_free);
gpointer          pd_sandbox_get_service_data          (PdSandbox                  *self,
                                                        const char                 *signing_name);
char             *pd_sandbox_new_uuid                  (PdSandbox                  *self);
GRand            *pd_sandbox_get_rand                  (PdSandbox                  *self);
guint32           pd_sandbox_get_seed                  (PdSandbox                  *self);
const char       *pd_sandbox_get_region                (PdSandbox                  *self);

/* The simulated clock. Simulated time starts at the wall-clock time of
 * pd_sandbox_new() and runs `speed` times faster than the wall clock.
 * Timeouts are given in simulated milliseconds. */
gint64            pd_sandbox_now_ms                    (PdSandbox                  *self);
guint             pd_sandbox_add_timeout               (PdSandbox                  *self,
                                                        guint64                     sim_ms,
                                                        GSourceFunc                 func,
                                                        gpointer                    data,
                                                        GDestroyNotify              notify);

/* Temporary credentials issued by the sandbox (STS AssumeRole). The
 * expiration is in wall-clock time, like the signature date check. */
typedef struct
{
  char   *access_key_id;
  char   *secret_access_key;
  char   *session_token;
  char   *arn;
  gint64  expiration_us;
} PdSandboxTemporaryCredentials;

const PdSandboxTemporaryCredentials *
                  pd_sandbox_issue_temporary_credentials (PdSandbox  *self,
                                                          const char *arn,
                                                          gint64      duration_seconds);
const PdSandboxTemporaryCredentials *
                  pd_sandbox_lookup_temporary_credentials (PdSandbox  *self,
                                                           const char *access_key_id);

/* Registration of each module, called by pd_sandbox_new_full(). */

/* Server, CodePipeline, CodeBuild, CodeCommit and CloudWatch Logs */
void              pd_sandbox_logs_register             (PdSandbox *self);
void              pd_sandbox_codecommit_register       (PdSandbox *self);
void              pd_sandbox_codebuild_register        (PdSandbox *self);
void              pd_sandbox_codepipeline_register     (PdSandbox *self);

/* API Gateway, WAF, RDS, Data API, Secrets Manager, STS, Lambda, CloudWatch */

G_END_DECLS
