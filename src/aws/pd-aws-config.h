/* pd-aws-config.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-aws-ini.h"

G_BEGIN_DECLS

/**
 * PdAwsConfig:
 *
 * A snapshot of the AWS shared configuration as the SDKs read it: the
 * `AWS_*` environment variables and the shared config and credentials files.
 * It is immutable; load a new one to see later changes.
 */
#define PD_AWS_TYPE_CONFIG (pd_aws_config_get_type ())

G_DECLARE_FINAL_TYPE (PdAwsConfig, pd_aws_config, PD_AWS, CONFIG, GObject)

PdAwsConfig *pd_aws_config_new_from_environ        (const char * const  *envp,
                                                    GError             **error);
const char  *pd_aws_config_get_env                 (PdAwsConfig         *self,
                                                    const char          *name);
const char  *pd_aws_config_get_config_file         (PdAwsConfig         *self);
const char  *pd_aws_config_get_credentials_file    (PdAwsConfig         *self);
const char  *pd_aws_config_get_profile_name        (PdAwsConfig         *self);
char       **pd_aws_config_dup_profile_names       (PdAwsConfig         *self);
gboolean     pd_aws_config_has_profile             (PdAwsConfig         *self,
                                                    const char          *profile);
const char  *pd_aws_config_get_profile_value       (PdAwsConfig         *self,
                                                    const char          *profile,
                                                    const char          *key);
const char  *pd_aws_config_get_config_file_value   (PdAwsConfig         *self,
                                                    const char          *profile,
                                                    const char          *key);
const char  *pd_aws_config_get_credentials_value   (PdAwsConfig         *self,
                                                    const char          *profile,
                                                    const char          *key);
char        *pd_aws_config_dup_profile_setting     (PdAwsConfig         *self,
                                                    const char          *profile,
                                                    const char          *key);
const char  *pd_aws_config_get_region              (PdAwsConfig         *self,
                                                    const char          *profile);
char        *pd_aws_config_dup_endpoint_url        (PdAwsConfig         *self,
                                                    const char          *profile,
                                                    const char          *service_id);
int          pd_aws_config_get_max_attempts        (PdAwsConfig         *self,
                                                    const char          *profile,
                                                    GError             **error);
const char  *pd_aws_config_get_retry_mode          (PdAwsConfig         *self,
                                                    const char          *profile,
                                                    GError             **error);
const char  *pd_aws_config_get_sts_regional_endpoints (PdAwsConfig      *self,
                                                       const char       *profile,
                                                       GError          **error);

G_END_DECLS
