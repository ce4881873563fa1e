/* pd-api-edit-dialog.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-api-stage-edit.h"

G_BEGIN_DECLS

#define PD_TYPE_API_EDIT_DIALOG (pd_api_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdApiEditDialog, pd_api_edit_dialog, PD, API_EDIT_DIALOG, AdwMessageDialog)

PdApiEditDialog *pd_api_edit_dialog_new              (GtkWindow       *parent,
                                                      PdApiStage      *stage);
PdApiStage      *pd_api_edit_dialog_get_stage        (PdApiEditDialog *self);
PdApiStageEdit  *pd_api_edit_dialog_dup_edit         (PdApiEditDialog *self);
const char      *pd_api_edit_dialog_get_problem      (PdApiEditDialog *self);

/* Test hooks: the widgets a user types into or picks */
GtkEditable     *pd_api_edit_dialog_get_rate_entry   (PdApiEditDialog *self);
GtkEditable     *pd_api_edit_dialog_get_burst_entry  (PdApiEditDialog *self);
GtkDropDown     *pd_api_edit_dialog_get_target       (PdApiEditDialog *self);
GtkDropDown     *pd_api_edit_dialog_get_logging      (PdApiEditDialog *self);
GtkCheckButton  *pd_api_edit_dialog_get_tracing      (PdApiEditDialog *self);
GtkEditable     *pd_api_edit_dialog_get_variable_entry (PdApiEditDialog *self,
                                                      const char      *name);
GtkEditable     *pd_api_edit_dialog_get_new_name     (PdApiEditDialog *self);
GtkEditable     *pd_api_edit_dialog_get_new_value    (PdApiEditDialog *self);

G_END_DECLS
