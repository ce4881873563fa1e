/* pd-application.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-account-store.h"

G_BEGIN_DECLS

#define PD_TYPE_APPLICATION (pd_application_get_type ())

G_DECLARE_FINAL_TYPE (PdApplication, pd_application, PD, APPLICATION, AdwApplication)

PdApplication *pd_application_new            (void);
const char    *pd_application_get_locale_dir (void);
GSettings     *pd_application_get_settings   (PdApplication *self);
int            pd_application_get_exit_status (PdApplication *self);
PdAccountStore *pd_application_get_account_store (PdApplication *self);

G_END_DECLS
