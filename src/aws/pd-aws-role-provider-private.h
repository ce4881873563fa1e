/* pd-aws-role-provider-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-aws-config.h"
#include "pd-aws-credentials.h"
#include "pd-aws-profile-provider.h"

G_BEGIN_DECLS

/* Temporary credentials of a role, from STS AssumeRole called with the
 * credentials of a source provider. Built by the profile provider. */
#define PD_AWS_TYPE_ROLE_CREDENTIALS_PROVIDER (pd_aws_role_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (PdAwsRoleCredentialsProvider, pd_aws_role_credentials_provider,
                      PD_AWS, ROLE_CREDENTIALS_PROVIDER, GObject)

PdAwsCredentialsProvider *pd_aws_role_credentials_provider_new (PdAwsConfig              *config,
                                                                const char               *profile,
                                                                PdAwsCredentialsProvider *source,
                                                                const char               *role_arn,
                                                                const char               *role_session_name,
                                                                const char               *external_id,
                                                                const char               *mfa_serial,
                                                                int                       duration_seconds,
                                                                PdAwsMfaPromptFunc        mfa_func,
                                                                gpointer                  mfa_data);

G_END_DECLS
