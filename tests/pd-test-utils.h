/* pd-test-utils.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Iterates the thread-default main context until *@flag is TRUE, failing the
 * test after @timeout_ms. */
void     pd_test_wait_for_flag     (const gboolean *flag,
                                    guint           timeout_ms);
/* Iterates until @predicate returns TRUE or the timeout passes; returns the
 * last result. */
gboolean pd_test_wait_until        (gboolean      (*predicate) (gpointer data),
                                    gpointer        data,
                                    guint           timeout_ms);
/* A GAsyncReadyCallback that keeps a reference to the result in the
 * GAsyncResult * that @user_data points to, and the wait for it: returns
 * the result, failing the test after @timeout_ms. */
void          pd_test_store_result_cb (GObject       *object,
                                       GAsyncResult  *result,
                                       gpointer       user_data);
GAsyncResult *pd_test_await_result    (GAsyncResult **slot,
                                       guint          timeout_ms);
/* Makes @server listen on 127.0.0.1 at a free port and returns its base URL
 * ("http://127.0.0.1:PORT"). Use it instead of soup_server_listen_local():
 * libsoup 3.2's own listener leaks every accepted socket and its address. */
char       *pd_test_server_listen_local (SoupServer *server);
/* The same on 127.0.0.1 or ::1 ("http://[::1]:PORT"); NULL with @error set
 * when the family cannot be used here. */
char       *pd_test_server_listen_loopback (SoupServer     *server,
                                            GSocketFamily   family,
                                            GError        **error);
/* How many connections a server made listen by the two above accepted. */
guint       pd_test_server_count_connections (SoupServer *server);

/* A resolver for g_resolver_set_default() that answers the names of
 * @table ("name", "address,address…", …, NULL) and no other, without any
 * network, and counts how often each name was looked up. */
GResolver  *pd_test_resolver_new          (const char * const *table);
guint       pd_test_resolver_get_lookups  (GResolver          *resolver,
                                           const char         *name);

/* A loopback STS answering GetCallerIdentity for one access key (account
 * 123456789012) and InvalidClientTokenId for any other. */
#define PD_TEST_STS_ACCESS_KEY "AKIDPIPEDECKTEST0001"
#define PD_TEST_STS_SECRET_KEY "pipedeck-test-secret-do-not-log-0001"
/* AssumeRole with that key hands out these temporary credentials. */
#define PD_TEST_STS_TEMP_ACCESS_KEY "ASIAPIPEDECKTEMP0001"
#define PD_TEST_STS_TEMP_TOKEN "pipedeck-temp-token"

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       requests;
  char       *last_token_code;
} PdTestFakeSts;

void pd_test_fake_sts_start (PdTestFakeSts *sts);
void pd_test_fake_sts_stop  (PdTestFakeSts *sts);

G_END_DECLS
