/* pd-fuzzy.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * PdFuzzyKey:
 *
 * A candidate string prepared once for matching: case-folded, with the
 * bonus of each character worked out, so that matching it against query
 * after query allocates nothing.
 */
typedef struct _PdFuzzyKey PdFuzzyKey;

/**
 * PdFuzzy:
 *
 * A prepared query: its folded characters and the scratch memory the
 * matcher reuses from candidate to candidate.
 */
typedef struct _PdFuzzy PdFuzzy;

PdFuzzyKey  *pd_fuzzy_key_new         (const char        *text);
void         pd_fuzzy_key_free        (PdFuzzyKey        *key);
const char  *pd_fuzzy_key_get_text    (const PdFuzzyKey  *key);
guint        pd_fuzzy_key_get_length  (const PdFuzzyKey  *key);
int          pd_fuzzy_key_compare     (const PdFuzzyKey  *a,
                                       const PdFuzzyKey  *b);

PdFuzzy     *pd_fuzzy_new             (const char        *query);
void         pd_fuzzy_free            (PdFuzzy           *self);
const char  *pd_fuzzy_get_query       (PdFuzzy           *self);
gboolean     pd_fuzzy_is_empty        (PdFuzzy           *self);
gboolean     pd_fuzzy_refines         (PdFuzzy           *self,
                                       PdFuzzy           *previous);
gboolean     pd_fuzzy_match_key       (PdFuzzy           *self,
                                       const PdFuzzyKey  *key,
                                       int               *score,
                                       GArray            *positions);
gboolean     pd_fuzzy_match           (PdFuzzy           *self,
                                       const char        *candidate,
                                       int               *score,
                                       GArray            *positions);
GPtrArray   *pd_fuzzy_filter          (const char        *query,
                                       const char * const *candidates);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdFuzzyKey, pd_fuzzy_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdFuzzy, pd_fuzzy_free)

G_END_DECLS
