/* pd-palette-item.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * PdPaletteKind:
 * @PD_PALETTE_KIND_PIPELINE: a pipeline
 * @PD_PALETTE_KIND_STAGE: a stage of a pipeline
 * @PD_PALETTE_KIND_ACTION: an action of a pipeline's stage
 * @PD_PALETTE_KIND_EXECUTION: a pipeline execution
 * @PD_PALETTE_KIND_COMMIT: a source revision a pipeline ran
 * @PD_PALETTE_KIND_API: an API Gateway API
 * @PD_PALETTE_KIND_API_STAGE: a deployment stage of an API
 * @PD_PALETTE_KIND_WEB_ACL: a WAF web ACL
 * @PD_PALETTE_KIND_TABLE: a database table
 * @PD_PALETTE_KIND_FUNCTION: a Lambda function
 *
 * What a #PdPaletteItem names; the palette shows an icon for each.
 */
typedef enum
{
  PD_PALETTE_KIND_PIPELINE,
  PD_PALETTE_KIND_STAGE,
  PD_PALETTE_KIND_ACTION,
  PD_PALETTE_KIND_EXECUTION,
  PD_PALETTE_KIND_COMMIT,
  PD_PALETTE_KIND_API,
  PD_PALETTE_KIND_API_STAGE,
  PD_PALETTE_KIND_WEB_ACL,
  PD_PALETTE_KIND_TABLE,
  PD_PALETTE_KIND_FUNCTION,
} PdPaletteKind;

/**
 * PdPaletteField:
 * @PD_PALETTE_FIELD_NONE: nothing matched (an empty query)
 * @PD_PALETTE_FIELD_TITLE: the title matched
 * @PD_PALETTE_FIELD_SUBTITLE: the subtitle matched, the title did not
 * @PD_PALETTE_FIELD_KEYWORDS: only the hidden keywords matched
 *
 * Which text of a #PdPaletteItem a query matched.
 */
typedef enum
{
  PD_PALETTE_FIELD_NONE,
  PD_PALETTE_FIELD_TITLE,
  PD_PALETTE_FIELD_SUBTITLE,
  PD_PALETTE_FIELD_KEYWORDS,
} PdPaletteField;

#define PD_TYPE_PALETTE_KIND (pd_palette_kind_get_type ())
#define PD_TYPE_PALETTE_ITEM (pd_palette_item_get_type ())

GType pd_palette_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (PdPaletteItem, pd_palette_item, PD, PALETTE_ITEM, GObject)

const char    *pd_palette_kind_get_label         (PdPaletteKind   kind);
const char    *pd_palette_kind_get_nick          (PdPaletteKind   kind);

PdPaletteItem *pd_palette_item_new               (PdPaletteKind   kind,
                                                  const char     *title,
                                                  const char     *subtitle,
                                                  const char     *keywords,
                                                  const char     *target);
PdPaletteKind  pd_palette_item_get_kind          (PdPaletteItem  *self);
const char    *pd_palette_item_get_title         (PdPaletteItem  *self);
const char    *pd_palette_item_get_subtitle      (PdPaletteItem  *self);
const char    *pd_palette_item_get_keywords      (PdPaletteItem  *self);
const char    *pd_palette_item_get_target        (PdPaletteItem  *self);
char          *pd_palette_item_dup_accessible_name (PdPaletteItem *self);
gboolean       pd_palette_item_equal             (PdPaletteItem  *a,
                                                  PdPaletteItem  *b);

G_END_DECLS
