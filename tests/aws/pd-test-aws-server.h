/* pd-test-aws-server.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/* A scripted AWS-like server on 127.0.0.1, port 0, for transport tests. */

typedef enum
{
  PD_TEST_REPLY,       /* answer with status, headers and body */
  PD_TEST_STALL,       /* never answer */
  PD_TEST_RESET,       /* close the connection without an answer */
  PD_TEST_DELAY,       /* answer after delay_ms */
  PD_TEST_HUGE,        /* a chunked body of huge_size bytes */
  PD_TEST_STALL_BODY,  /* headers, part of a chunked body, then silence */
} PdTestAction;

typedef struct
{
  PdTestAction  action;
  guint         status;
  const char   *body;
  const char   *headers[9];
  guint         delay_ms;
  gsize         huge_size;
  gint64        date_offset_s;
} PdTestResponse;

typedef struct
{
  char               *method;
  char               *path;
  char               *query;
  SoupMessageHeaders *headers;
  GBytes             *body;
  guint16             remote_port;
  gboolean            signature_checked;
  gboolean            signature_ok;
  char               *access_key_id;
  char               *signature;
} PdTestRequest;

typedef struct _PdTestServer PdTestServer;

PdTestServer  *pd_test_server_new           (void);
/* The same on 127.0.0.1 or ::1; NULL with @error when that cannot be bound */
PdTestServer  *pd_test_server_new_for_family (GSocketFamily       family,
                                              GError            **error);
void           pd_test_server_free          (PdTestServer         *self);
const char    *pd_test_server_get_url       (PdTestServer         *self);
void           pd_test_server_add_key       (PdTestServer         *self,
                                             const char           *access_key_id,
                                             const char           *secret);
void           pd_test_server_push          (PdTestServer         *self,
                                             const PdTestResponse *response);
guint          pd_test_server_get_n_requests (PdTestServer        *self);
PdTestRequest *pd_test_server_get_request   (PdTestServer         *self,
                                             guint                 index);
guint          pd_test_server_get_n_connections (PdTestServer     *self);
guint          pd_test_server_get_max_in_flight (PdTestServer     *self);
guint          pd_test_server_count_ports   (PdTestServer         *self);
/* A client in eu-west-1 that calls @self, signing with a static key that
 * @self knows; the client holds the only reference to its provider. */
PdAwsClient   *pd_test_server_new_client    (PdTestServer         *self,
                                             const char           *access_key_id,
                                             const char           *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTestServer, pd_test_server_free)

G_END_DECLS
