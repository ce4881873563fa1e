/* pd-palette-item.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-palette-item.h"
#include "pd-palette-private.h"

struct _PdPaletteItem
{
  GObject        parent_instance;

  /* Owned references */
  char          *title;
  char          *subtitle;
  char          *keywords;
  char          *target;
  PdFuzzyKey    *keys[PD_PALETTE_FIELD_KEYWORDS + 1];

  /* State */
  PdPaletteKind  kind;
};

G_DEFINE_FINAL_TYPE (PdPaletteItem, pd_palette_item, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PdPaletteKind, pd_palette_kind,
                    G_DEFINE_ENUM_VALUE (PD_PALETTE_KIND_PIPELINE, "pipeline"),
                    G_DEFINE_ENUM_VALUE (PD_PALETTE_KIND_STAGE, "stage"),
                    G_DEFINE_ENUM_VALUE (PD_PALETTE_KIND_ACTION, "action"),
                    G_DEFINE_ENUM_VALUE (PD_PALETTE_KIND_EXECUTION, "execution"),
                    G_DEFINE_ENUM_VALUE (PD_PALETTE_KIND_COMMIT, "commit"),
                    G_DEFINE_ENUM_VALUE (PD_PALETTE_KIND_API, "api"),
                    G_DEFINE_ENUM_VALUE (PD_PALETTE_KIND_API_STAGE, "api-stage"),
                    G_DEFINE_ENUM_VALUE (PD_PALETTE_KIND_WEB_ACL, "web-acl"),
                    G_DEFINE_ENUM_VALUE (PD_PALETTE_KIND_TABLE, "table"),
                    G_DEFINE_ENUM_VALUE (PD_PALETTE_KIND_FUNCTION, "function"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_KEYWORDS,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Texts come from AWS: never trust them to be UTF-8. An empty text is no
 * text. */
static char *
dup_text (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  return g_utf8_make_valid (text, -1);
}

static void
pd_palette_item_constructed (GObject *object)
{
  PdPaletteItem *self = PD_PALETTE_ITEM (object);

  G_OBJECT_CLASS (pd_palette_item_parent_class)->constructed (object);

  if (self->title == NULL)
    self->title = g_strdup ("");
  self->keys[PD_PALETTE_FIELD_TITLE] = pd_fuzzy_key_new (self->title);
  if (self->subtitle != NULL)
    self->keys[PD_PALETTE_FIELD_SUBTITLE] = pd_fuzzy_key_new (self->subtitle);
  if (self->keywords != NULL)
    self->keys[PD_PALETTE_FIELD_KEYWORDS] = pd_fuzzy_key_new (self->keywords);
}

static void
pd_palette_item_finalize (GObject *object)
{
  PdPaletteItem *self = PD_PALETTE_ITEM (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->keywords, g_free);
  g_clear_pointer (&self->target, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->keys); i++)
    g_clear_pointer (&self->keys[i], pd_fuzzy_key_free);

  G_OBJECT_CLASS (pd_palette_item_parent_class)->finalize (object);
}

static void
pd_palette_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PdPaletteItem *self = PD_PALETTE_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_KEYWORDS:
      g_value_set_string (value, self->keywords);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_palette_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PdPaletteItem *self = PD_PALETTE_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_TITLE:
      self->title = dup_text (g_value_get_string (value));
      break;
    case PROP_SUBTITLE:
      self->subtitle = dup_text (g_value_get_string (value));
      break;
    case PROP_KEYWORDS:
      self->keywords = dup_text (g_value_get_string (value));
      break;
    case PROP_TARGET:
      self->target = g_strdup (g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_palette_item_class_init (PdPaletteItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pd_palette_item_constructed;
  object_class->finalize = pd_palette_item_finalize;
  object_class->get_property = pd_palette_item_get_property;
  object_class->set_property = pd_palette_item_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PD_TYPE_PALETTE_KIND, PD_PALETTE_KIND_PIPELINE, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, flags);
  properties[PROP_KEYWORDS] = g_param_spec_string ("keywords", NULL, NULL, NULL, flags);
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_palette_item_init (PdPaletteItem *self)
{
}

/**
 * pd_palette_kind_get_label:
 * @kind: a #PdPaletteKind
 *
 * Returns: (transfer none): the name of @kind, translated, such as
 *   "Pipeline"
 */
const char *
pd_palette_kind_get_label (PdPaletteKind kind)
{
  switch (kind)
    {
    case PD_PALETTE_KIND_PIPELINE:
      return _("Pipeline");
    case PD_PALETTE_KIND_STAGE:
      /* Translators: a stage of a pipeline */
      return _("Stage");
    case PD_PALETTE_KIND_ACTION:
      /* Translators: an action of a pipeline's stage */
      return _("Action");
    case PD_PALETTE_KIND_EXECUTION:
      /* Translators: a run of a pipeline */
      return _("Execution");
    case PD_PALETTE_KIND_COMMIT:
      /* Translators: a source revision */
      return _("Commit");
    case PD_PALETTE_KIND_API:
      return _("API");
    case PD_PALETTE_KIND_API_STAGE:
      /* Translators: a deployment stage of an API Gateway API */
      return _("API Stage");
    case PD_PALETTE_KIND_WEB_ACL:
      return _("Web ACL");
    case PD_PALETTE_KIND_TABLE:
      /* Translators: a database table */
      return _("Table");
    case PD_PALETTE_KIND_FUNCTION:
      /* Translators: a Lambda function */
      return _("Function");
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * pd_palette_kind_get_nick:
 * @kind: a #PdPaletteKind
 *
 * Returns: (transfer none): the untranslated name of @kind, such as
 *   "pipeline" or "web-acl"
 */
const char *
pd_palette_kind_get_nick (PdPaletteKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PD_TYPE_PALETTE_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  g_return_val_if_fail (value != NULL, "");
  return value->value_nick;
}

/**
 * pd_palette_item_new:
 * @kind: what the item names
 * @title: the name shown and matched first, such as a pipeline's name
 * @subtitle: (nullable): where it belongs, shown dimmed; matched when the
 *   title does not match
 * @keywords: (nullable): more text to match, never shown, such as a full
 *   revision ID
 * @target: what to open, as the window's `--view` names it, such as
 *   `pipeline:todo-list-aws` or `logs:PIPELINE/EXECUTION/ACTION`
 *
 * Creates an item of the command palette. Texts that are not valid UTF-8
 * are repaired; an empty subtitle or keywords is none.
 *
 * Returns: (transfer full): a new #PdPaletteItem
 */
PdPaletteItem *
pd_palette_item_new (PdPaletteKind  kind,
                     const char    *title,
                     const char    *subtitle,
                     const char    *keywords,
                     const char    *target)
{
  g_return_val_if_fail (target != NULL, NULL);

  return g_object_new (PD_TYPE_PALETTE_ITEM,
                       "kind", kind,
                       "title", title,
                       "subtitle", subtitle,
                       "keywords", keywords,
                       "target", target,
                       NULL);
}

/**
 * pd_palette_item_get_kind:
 * @self: a #PdPaletteItem
 *
 * Returns: what @self names
 */
PdPaletteKind
pd_palette_item_get_kind (PdPaletteItem *self)
{
  g_return_val_if_fail (PD_IS_PALETTE_ITEM (self), PD_PALETTE_KIND_PIPELINE);
  return self->kind;
}

/**
 * pd_palette_item_get_title:
 * @self: a #PdPaletteItem
 *
 * Returns: (transfer none): the title, never %NULL
 */
const char *
pd_palette_item_get_title (PdPaletteItem *self)
{
  g_return_val_if_fail (PD_IS_PALETTE_ITEM (self), NULL);
  return self->title;
}

/**
 * pd_palette_item_get_subtitle:
 * @self: a #PdPaletteItem
 *
 * Returns: (transfer none) (nullable): the subtitle
 */
const char *
pd_palette_item_get_subtitle (PdPaletteItem *self)
{
  g_return_val_if_fail (PD_IS_PALETTE_ITEM (self), NULL);
  return self->subtitle;
}

/**
 * pd_palette_item_get_keywords:
 * @self: a #PdPaletteItem
 *
 * Returns: (transfer none) (nullable): the hidden keywords
 */
const char *
pd_palette_item_get_keywords (PdPaletteItem *self)
{
  g_return_val_if_fail (PD_IS_PALETTE_ITEM (self), NULL);
  return self->keywords;
}

/**
 * pd_palette_item_get_target:
 * @self: a #PdPaletteItem
 *
 * Returns: (transfer none): what to open, as a `--view` name
 */
const char *
pd_palette_item_get_target (PdPaletteItem *self)
{
  g_return_val_if_fail (PD_IS_PALETTE_ITEM (self), NULL);
  return self->target;
}

/**
 * pd_palette_item_dup_accessible_name:
 * @self: a #PdPaletteItem
 *
 * Returns: (transfer full): what a screen reader says for @self:
 *   "Kind: title, subtitle", or "Kind: title" without a subtitle
 */
char *
pd_palette_item_dup_accessible_name (PdPaletteItem *self)
{
  const char *kind;

  g_return_val_if_fail (PD_IS_PALETTE_ITEM (self), NULL);

  kind = pd_palette_kind_get_label (self->kind);
  if (self->subtitle == NULL)
    /* Translators: a command palette result read aloud: "Pipeline: todo-list-aws" */
    return g_strdup_printf (_("%s: %s"), kind, self->title);
  /* Translators: a command palette result read aloud: "Stage: Build, todo-list-aws" */
  return g_strdup_printf (_("%s: %s, %s"), kind, self->title, self->subtitle);
}

/**
 * pd_palette_item_equal:
 * @a: a #PdPaletteItem
 * @b: a #PdPaletteItem
 *
 * Returns: %TRUE if @a and @b have the same kind, texts and target
 */
gboolean
pd_palette_item_equal (PdPaletteItem *a,
                       PdPaletteItem *b)
{
  g_return_val_if_fail (PD_IS_PALETTE_ITEM (a), FALSE);
  g_return_val_if_fail (PD_IS_PALETTE_ITEM (b), FALSE);

  return a == b ||
         (a->kind == b->kind &&
          g_strcmp0 (a->title, b->title) == 0 &&
          g_strcmp0 (a->subtitle, b->subtitle) == 0 &&
          g_strcmp0 (a->keywords, b->keywords) == 0 &&
          g_strcmp0 (a->target, b->target) == 0);
}

const PdFuzzyKey *
pd_palette_item_get_key (PdPaletteItem  *self,
                         PdPaletteField  field)
{
  g_return_val_if_fail (PD_IS_PALETTE_ITEM (self), NULL);
  g_return_val_if_fail (field <= PD_PALETTE_FIELD_KEYWORDS, NULL);
  return self->keys[field];
}
