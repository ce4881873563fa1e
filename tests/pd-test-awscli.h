/* pd-test-awscli.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-sandbox.h"

G_BEGIN_DECLS

/* Runs Debian's awscli (/usr/bin/aws) against @sandbox, which may be served
 * from this thread: the main context turns while it runs. Fails the test
 * when the CLI is missing or fails; returns its JSON answer. */
JsonObject *pd_test_awscli_json (PdSandbox          *sandbox,
                                 const char * const *args);

G_END_DECLS
