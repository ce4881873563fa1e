/* pd-functions-page.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-function-store.h"

G_BEGIN_DECLS

#define PD_TYPE_FUNCTIONS_PAGE (pd_functions_page_get_type ())

G_DECLARE_FINAL_TYPE (PdFunctionsPage, pd_functions_page, PD, FUNCTIONS_PAGE, GtkWidget)

PdFunctionStore *pd_functions_page_get_store     (PdFunctionsPage *self);
const char      *pd_functions_page_get_shown     (PdFunctionsPage *self);
GtkWidget       *pd_functions_page_get_table     (PdFunctionsPage *self);
GtkWidget       *pd_functions_page_get_groups    (PdFunctionsPage *self);

G_END_DECLS
