/* pd-aws-codepipeline-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-aws-codepipeline.h"

G_BEGIN_DECLS

/* The response parsers behind the typed calls, for tests and fuzzers. Each
 * names its operation and the offending member in errors. */
GPtrArray                *pd_aws_codepipeline_parse_pipelines         (JsonObject  *reply,
                                                                       GError     **error);
PdAwsPipelineDeclaration *pd_aws_codepipeline_parse_pipeline          (JsonObject  *reply,
                                                                       GError     **error);
PdAwsPipelineState       *pd_aws_codepipeline_parse_pipeline_state    (JsonObject  *reply,
                                                                       GError     **error);
GPtrArray                *pd_aws_codepipeline_parse_executions        (JsonObject  *reply,
                                                                       GError     **error);
PdAwsPipelineExecution   *pd_aws_codepipeline_parse_execution         (JsonObject  *reply,
                                                                       GError     **error);
GPtrArray                *pd_aws_codepipeline_parse_action_executions (JsonObject  *reply,
                                                                       GError     **error);

G_END_DECLS
