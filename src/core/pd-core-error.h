/* pd-core-error.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * PD_CORE_ERROR:
 *
 * The error domain of the core models.
 */
#define PD_CORE_ERROR (pd_core_error_quark ())

/**
 * PdCoreError:
 * @PD_CORE_ERROR_BUSY: the same kind of action is already in flight
 * @PD_CORE_ERROR_INVALID: the request is not valid in the current state
 *   (no execution to stop, no approval waiting…)
 *
 * Errors of the core models.
 */
typedef enum
{
  PD_CORE_ERROR_BUSY,
  PD_CORE_ERROR_INVALID,
} PdCoreError;

GQuark pd_core_error_quark (void);

G_END_DECLS
