/* pd-sandbox-services-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-sandbox-private.h"

G_BEGIN_DECLS

/* The seeded application stack: API Gateway, WAF, RDS and its Data API,
 * Secrets Manager, STS, Lambda and CloudWatch metrics. Registered by
 * pd_sandbox_new_full() in this order (later modules look up earlier ones). */
void        pd_sandbox_secretsmanager_register  (PdSandbox   *self);
void        pd_sandbox_rds_register             (PdSandbox   *self);
void        pd_sandbox_rdsdata_register         (PdSandbox   *self);
void        pd_sandbox_sts_register             (PdSandbox   *self);
void        pd_sandbox_lambda_register          (PdSandbox   *self);
void        pd_sandbox_cloudwatch_register      (PdSandbox   *self);
void        pd_sandbox_apigateway_register      (PdSandbox   *self);
void        pd_sandbox_wafv2_register           (PdSandbox   *self);

/* Secrets Manager: the value of a secret named by name or ARN; NULL if none.
 * @arn receives the full ARN. */
const char *pd_sandbox_secretsmanager_lookup    (PdSandbox   *self,
                                                 const char  *secret_id,
                                                 const char **arn);
/* Adds a secret with a generated value; returns its ARN (borrowed). */
const char *pd_sandbox_secretsmanager_add       (PdSandbox   *self,
                                                 const char  *name,
                                                 const char  *description,
                                                 const char  *secret_string);

/* RDS: whether @arn names a cluster; its Data API switch, secret and
 * engine. */
gboolean    pd_sandbox_rds_lookup_cluster       (PdSandbox   *self,
                                                 const char  *arn,
                                                 gboolean    *http_endpoint_enabled,
                                                 const char **secret_arn,
                                                 const char **engine);

/* API Gateway: the ARN of a stage (for WAF associations), or NULL. */
char       *pd_sandbox_apigateway_dup_stage_arn (PdSandbox   *self,
                                                 const char  *api_name,
                                                 const char  *stage_name);

/* API Gateway: adds @count small APIs (load-api-NNN) for benchmarks. */
void        pd_sandbox_apigateway_add_fillers   (PdSandbox   *self,
                                                 guint        count);

/* API Gateway: records the web ACL associated with a stage. */
gboolean    pd_sandbox_apigateway_set_web_acl   (PdSandbox   *self,
                                                 const char  *stage_arn,
                                                 const char  *web_acl_arn);

/* The names of the seeded Lambda functions, NULL-terminated. */
extern const char * const pd_sandbox_lambda_function_names[];

/* A random password from /dev/urandom (never from the world's seed). */
char       *pd_sandbox_generate_password        (guint        length);
/* Appends <name>escaped value</name>. */
void        pd_sandbox_xml_append               (GString     *xml,
                                                 const char  *name,
                                                 const char  *value);
/* 2015-08-30T12:36:00Z, as query replies write times. */
char       *pd_sandbox_format_iso8601           (gint64       ms);
/* A 64-bit mix for values derived from the seed. */
guint64     pd_sandbox_hash64                   (guint64      x);

G_END_DECLS
