/* pd-aws-credentials-chain.h
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

/**
 * PdAwsCredentialsChain:
 *
 * Finds credentials in the AWS SDKs' order: the keyring account the app
 * selected, if any; the environment (unless the program chose a profile
 * itself); the profile of the shared files (assume-role, credentials file
 * keys, `credential_process`, config file keys). The first source that is
 * configured answers, and its failure is final; when none is configured the
 * error lists what was tried. pd_aws_credentials_get_source() tells which
 * source answered.
 */
#define PD_AWS_TYPE_CREDENTIALS_CHAIN (pd_aws_credentials_chain_get_type ())

G_DECLARE_FINAL_TYPE (PdAwsCredentialsChain, pd_aws_credentials_chain,
                      PD_AWS, CREDENTIALS_CHAIN, GObject)

PdAwsCredentialsProvider *pd_aws_credentials_chain_new            (PdAwsConfig           *config,
                                                                   const char            *keyring_account,
                                                                   const char            *profile);
void                      pd_aws_credentials_chain_set_mfa_prompt (PdAwsCredentialsChain *self,
                                                                   PdAwsMfaPromptFunc     func,
                                                                   gpointer               user_data,
                                                                   GDestroyNotify         destroy);
const char               *pd_aws_credentials_chain_get_profile    (PdAwsCredentialsChain *self);

G_END_DECLS
