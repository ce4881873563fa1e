/* pd-aws-proxy-resolver-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_AWS_TYPE_PROXY_RESOLVER (pd_aws_proxy_resolver_get_type ())

G_DECLARE_FINAL_TYPE (PdAwsProxyResolver, pd_aws_proxy_resolver, PD_AWS, PROXY_RESOLVER, GObject)

GProxyResolver *pd_aws_proxy_resolver_new (void);

G_END_DECLS
