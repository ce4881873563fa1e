/* pd-account-dialog.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-account-store.h"

G_BEGIN_DECLS

#define PD_TYPE_ACCOUNT_DIALOG (pd_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdAccountDialog, pd_account_dialog, PD, ACCOUNT_DIALOG, AdwWindow)

PdAccountDialog *pd_account_dialog_new (GtkWindow      *parent,
                                        PdAccountStore *store);

G_END_DECLS
