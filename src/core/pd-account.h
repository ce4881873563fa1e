/* pd-account.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-credentials.h"

G_BEGIN_DECLS

/**
 * PdAccountSource:
 * @PD_ACCOUNT_SOURCE_KEYRING: keys that Pipedeck keeps in the system keyring
 * @PD_ACCOUNT_SOURCE_ENVIRONMENT: the `AWS_*` variables of the environment
 * @PD_ACCOUNT_SOURCE_PROFILE: a profile of the shared AWS configuration files
 * @PD_ACCOUNT_SOURCE_SANDBOX: a local sandbox started by Pipedeck
 *
 * Where an account's credentials come from.
 */
typedef enum
{
  PD_ACCOUNT_SOURCE_KEYRING,
  PD_ACCOUNT_SOURCE_ENVIRONMENT,
  PD_ACCOUNT_SOURCE_PROFILE,
  PD_ACCOUNT_SOURCE_SANDBOX,
} PdAccountSource;

#define PD_TYPE_ACCOUNT (pd_account_get_type ())

G_DECLARE_FINAL_TYPE (PdAccount, pd_account, PD, ACCOUNT, GObject)

PdAccount                *pd_account_new                   (PdAccountSource            source,
                                                            const char                *name,
                                                            const char                *region,
                                                            const char                *endpoint_url);
PdAccountSource           pd_account_get_source            (PdAccount                 *self);
const char               *pd_account_get_name              (PdAccount                 *self);
const char               *pd_account_get_id                (PdAccount                 *self);
const char               *pd_account_get_title             (PdAccount                 *self);
const char               *pd_account_get_subtitle          (PdAccount                 *self);
const char               *pd_account_get_region            (PdAccount                 *self);
void                      pd_account_set_region            (PdAccount                 *self,
                                                            const char                *region);
const char               *pd_account_get_endpoint_url      (PdAccount                 *self);
const char               *pd_account_get_account_id        (PdAccount                 *self);
const char               *pd_account_get_arn               (PdAccount                 *self);
gboolean                  pd_account_get_removable         (PdAccount                 *self);
void                      pd_account_set_identity          (PdAccount                 *self,
                                                            const char                *account_id,
                                                            const char                *arn);
PdAwsCredentialsProvider *pd_account_dup_provider          (PdAccount                 *self);
void                      pd_account_set_provider          (PdAccount                 *self,
                                                            PdAwsCredentialsProvider  *provider);

G_END_DECLS
