/* pd-aws-apigateway-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-aws-apigateway.h"

G_BEGIN_DECLS

/* The typed parser of an API Gateway answer (GetRestApis, GetStages,
 * GetStage, GetResources, GetAuthorizers, GetDeployments), for tests and
 * fuzzers: the result is freed with *@destroy. */
gpointer pd_aws_apigateway_parse (const char      *operation,
                                  JsonObject      *reply,
                                  GDestroyNotify  *destroy,
                                  GError         **error);

G_END_DECLS
