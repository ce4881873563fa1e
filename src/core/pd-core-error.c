/* pd-core-error.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-core-error.h"

/**
 * pd_core_error_quark:
 *
 * Returns: the quark of %PD_CORE_ERROR
 */
G_DEFINE_QUARK (pd-core-error-quark, pd_core_error)
