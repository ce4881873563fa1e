/* pd-aws-process-provider.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-aws-credentials.h"

G_BEGIN_DECLS

/**
 * PdAwsProcessCredentialsProvider:
 *
 * Credentials printed as JSON by a profile's `credential_process` command.
 * The command line is split like a shell would (no shell runs it), the
 * program runs asynchronously with a time limit, and temporary credentials
 * are kept until they come within %PD_AWS_CREDENTIALS_REFRESH_MARGIN of
 * their expiry. The program may print at most 256 KiB. Loads that arrive
 * while the program runs wait for it and share its outcome, the first
 * load's cancellation included.
 */
#define PD_AWS_TYPE_PROCESS_CREDENTIALS_PROVIDER (pd_aws_process_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (PdAwsProcessCredentialsProvider, pd_aws_process_credentials_provider,
                      PD_AWS, PROCESS_CREDENTIALS_PROVIDER, GObject)

PdAwsCredentialsProvider *pd_aws_process_credentials_provider_new         (const char                      *command_line,
                                                                           const char                      *profile);
void                      pd_aws_process_credentials_provider_set_timeout (PdAwsProcessCredentialsProvider *self,
                                                                           guint                            timeout_ms);

G_END_DECLS
