/* pd-aws-profile-provider.h
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
 * PdAwsMfaPromptFunc:
 * @profile: the profile whose role needs the code
 * @mfa_serial: the MFA device (`mfa_serial`), to show to the user
 * @task: (transfer full): complete it with
 *   `g_task_return_pointer (task, g_strdup (code), g_free)`, or with an error
 *   (%G_IO_ERROR_CANCELLED if the user gave up); g_task_get_cancellable()
 *   is the load's #GCancellable
 * @user_data: the data given with the function
 *
 * Asks the user for the current code of an MFA device, asynchronously.
 */
typedef void (*PdAwsMfaPromptFunc) (const char *profile,
                                    const char *mfa_serial,
                                    GTask      *task,
                                    gpointer    user_data);

/**
 * PdAwsProfileCredentialsProvider:
 *
 * Credentials of a profile of the shared files, in the SDKs' order: an
 * assume-role profile (`role_arn` with `source_profile`, recursively, or
 * `credential_source = Environment`), static keys of the credentials file,
 * `credential_process`, static keys of the config file.
 *
 * Role credentials come from STS AssumeRole, called in the role profile's
 * region and at its endpoint with the source's credentials; they are kept
 * until they come within %PD_AWS_CREDENTIALS_REFRESH_MARGIN of their expiry.
 * Loads that arrive while a call is in flight share it, so a burst of
 * requests asks for one MFA code.
 */
#define PD_AWS_TYPE_PROFILE_CREDENTIALS_PROVIDER (pd_aws_profile_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (PdAwsProfileCredentialsProvider, pd_aws_profile_credentials_provider,
                      PD_AWS, PROFILE_CREDENTIALS_PROVIDER, GObject)

PdAwsCredentialsProvider *pd_aws_profile_credentials_provider_new            (PdAwsConfig                     *config,
                                                                              const char                      *profile);
void                      pd_aws_profile_credentials_provider_set_mfa_prompt (PdAwsProfileCredentialsProvider *self,
                                                                              PdAwsMfaPromptFunc               func,
                                                                              gpointer                         user_data,
                                                                              GDestroyNotify                   destroy);
gboolean                  pd_aws_profile_credentials_provider_is_present     (PdAwsConfig                     *config,
                                                                              const char                      *profile,
                                                                              GError                         **reason);

G_END_DECLS
