/* pd-aws-protocol.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-aws-endpoints.h"

G_BEGIN_DECLS

/**
 * PdAwsPaging:
 * @input_key: the request member that carries the token
 * @output_key: the response member that carries the next token
 * @stop_on_same_token: the last page is the one whose token equals the one
 *   sent (GetLogEvents), rather than the one without a token
 *
 * How an operation pages.
 */
typedef struct
{
  const char *input_key;
  const char *output_key;
  gboolean    stop_on_same_token;
} PdAwsPaging;

/**
 * PdAwsOperation:
 * @service: the botocore service name
 * @name: the operation name
 * @method: (nullable): the HTTP method of a rest-json operation
 * @uri: (nullable): the URI template of a rest-json operation, whose
 *   `{label}` and greedy `{label+}` name input members
 * @query_members: (nullable): rest-json members bound to the query string,
 *   space-separated, each `member` or `member:wire-name`
 * @header_members: (nullable): rest-json members bound to headers,
 *   space-separated `member:Header-Name`
 * @list_names: (nullable): query protocol: space-separated element names
 *   that are lists, each `Name` (items are `member`) or `Name:Item` (items
 *   carry a location name), or maps, `Name:@map` (`entry` with `key` and
 *   `value`)
 * @paging: (nullable): how the operation pages
 *
 * The small per-operation table that the generic protocol code needs.
 */
typedef struct
{
  const char        *service;
  const char        *name;
  const char        *method;
  const char        *uri;
  const char        *query_members;
  const char        *header_members;
  const char        *list_names;
  const PdAwsPaging *paging;
} PdAwsOperation;

/**
 * PdAwsHttpRequest:
 * @method: the HTTP method
 * @path: the path, percent-encoded, relative to the endpoint's base path
 * @query: the percent-encoded query without `?`, possibly empty
 * @headers: (element-type utf8): header names and values, alternating
 * @body: (nullable): the body
 *
 * A serialized request, before the endpoint and the signature are added.
 */
typedef struct
{
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *headers;
  GBytes    *body;
} PdAwsHttpRequest;

extern const PdAwsPaging pd_aws_paging_next_token;
extern const PdAwsPaging pd_aws_paging_next_token_pascal;
extern const PdAwsPaging pd_aws_paging_next_marker;
extern const PdAwsPaging pd_aws_paging_marker;
extern const PdAwsPaging pd_aws_paging_marker_next_marker;
extern const PdAwsPaging pd_aws_paging_position;
extern const PdAwsPaging pd_aws_paging_log_forward;
extern const PdAwsPaging pd_aws_paging_log_backward;

const PdAwsOperation *pd_aws_operation_lookup          (const char          *service,
                                                        const char          *operation);
const PdAwsOperation *pd_aws_operation_get_all         (guint               *n_operations);

PdAwsHttpRequest     *pd_aws_protocol_build_request    (const PdAwsService  *service,
                                                        const char          *operation,
                                                        JsonObject          *input,
                                                        GError             **error);
void                  pd_aws_http_request_free         (PdAwsHttpRequest    *self);
JsonNode             *pd_aws_protocol_parse_response   (const PdAwsService  *service,
                                                        const char          *operation,
                                                        guint                status,
                                                        SoupMessageHeaders  *headers,
                                                        GBytes              *body,
                                                        GError             **error);
JsonNode             *pd_aws_protocol_xml_to_json      (const char          *xml,
                                                        gsize                length,
                                                        const char          *list_names,
                                                        char               **root_name,
                                                        GError             **error);
JsonNode             *pd_aws_protocol_query_from_json  (JsonNode            *node,
                                                        const char          *name,
                                                        const char          *list_names);
char                 *pd_aws_protocol_uri_encode       (const char          *text,
                                                        gboolean             keep_slash);
char                 *pd_aws_protocol_query_encode     (JsonObject          *input,
                                                        const char          *list_names,
                                                        GError             **error);

gboolean              pd_aws_paging_next               (const PdAwsPaging   *paging,
                                                        JsonObject          *input,
                                                        JsonObject          *output);

char                 *pd_aws_json_dup_string           (JsonObject          *object,
                                                        const char          *member,
                                                        gboolean             required,
                                                        GError             **error);
JsonObject           *pd_aws_json_get_object           (JsonObject          *object,
                                                        const char          *member,
                                                        gboolean             required,
                                                        GError             **error);
int                   pd_aws_json_get_enum             (JsonObject          *object,
                                                        const char          *member,
                                                        const char * const  *values,
                                                        int                  unknown_value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsHttpRequest, pd_aws_http_request_free)

G_END_DECLS
