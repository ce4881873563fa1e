/* pd-aws-env-provider.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-aws-config.h"
#include "pd-aws-credentials.h"

G_BEGIN_DECLS

/**
 * PdAwsEnvCredentialsProvider:
 *
 * Credentials from `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, with
 * `AWS_SESSION_TOKEN` (or the legacy `AWS_SECURITY_TOKEN`) and
 * `AWS_CREDENTIAL_EXPIRATION`. Empty variables count as unset.
 */
#define PD_AWS_TYPE_ENV_CREDENTIALS_PROVIDER (pd_aws_env_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (PdAwsEnvCredentialsProvider, pd_aws_env_credentials_provider,
                      PD_AWS, ENV_CREDENTIALS_PROVIDER, GObject)

PdAwsCredentialsProvider *pd_aws_env_credentials_provider_new        (PdAwsConfig *config);
gboolean                  pd_aws_env_credentials_provider_is_present (PdAwsConfig *config);

G_END_DECLS
