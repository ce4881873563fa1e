/* pd-error-state.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_ERROR_STATE (pd_error_state_get_type ())

G_DECLARE_FINAL_TYPE (PdErrorState, pd_error_state, PD, ERROR_STATE, GtkWidget)

GtkWidget    *pd_error_state_new            (void);
const char   *pd_error_state_get_title      (PdErrorState *self);
void          pd_error_state_set_title      (PdErrorState *self,
                                             const char   *title);
const GError *pd_error_state_get_error      (PdErrorState *self);
void          pd_error_state_set_error      (PdErrorState *self,
                                             const GError *error);
gboolean      pd_error_state_get_retrying   (PdErrorState *self);
void          pd_error_state_set_retrying   (PdErrorState *self,
                                             gboolean      retrying);
char         *pd_error_state_dup_text       (PdErrorState *self);
void          pd_error_state_retry          (PdErrorState *self);
char         *pd_error_dup_plain_words      (const GError *error);
char         *pd_error_dup_details          (const GError *error);

G_END_DECLS
