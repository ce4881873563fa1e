/* pd-account-context.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-account.h"
#include "pd-aws-client.h"

G_BEGIN_DECLS

/**
 * PdAccountCheck:
 * @PD_ACCOUNT_CHECK_NONE: no account
 * @PD_ACCOUNT_CHECK_CHECKING: asking who the credentials belong to
 * @PD_ACCOUNT_CHECK_OK: the account answered; its ID and ARN are known
 * @PD_ACCOUNT_CHECK_FAILED: the check failed (see
 *   pd_account_context_get_check_error())
 *
 * Where the check of the open account is.
 */
typedef enum
{
  PD_ACCOUNT_CHECK_NONE,
  PD_ACCOUNT_CHECK_CHECKING,
  PD_ACCOUNT_CHECK_OK,
  PD_ACCOUNT_CHECK_FAILED,
} PdAccountCheck;

#define PD_TYPE_ACCOUNT_CONTEXT (pd_account_context_get_type ())

G_DECLARE_FINAL_TYPE (PdAccountContext, pd_account_context, PD, ACCOUNT_CONTEXT, GObject)

PdAccountContext *pd_account_context_new               (void);
PdAccount        *pd_account_context_get_account       (PdAccountContext *self);
void              pd_account_context_set_account       (PdAccountContext *self,
                                                        PdAccount        *account);
const char       *pd_account_context_get_region        (PdAccountContext *self);
void              pd_account_context_set_region        (PdAccountContext *self,
                                                        const char       *region);
const char       *pd_account_context_get_key           (PdAccountContext *self);
char             *pd_account_context_dup_settings_prefix (PdAccountContext *self);
PdAwsClient      *pd_account_context_get_client        (PdAccountContext *self);
GCancellable     *pd_account_context_get_cancellable   (PdAccountContext *self);
PdAccountCheck    pd_account_context_get_check         (PdAccountContext *self);
const GError     *pd_account_context_get_check_error   (PdAccountContext *self);
void              pd_account_context_check             (PdAccountContext *self);

G_END_DECLS
