/* pd-palette-index.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-fuzzy.h"
#include "pd-palette-index.h"
#include "pd-palette-private.h"

/* A match of the subtitle or the keywords counts for half of one of the
 * title, less a little, so that "todo-list-aws" shows the pipeline before
 * everything that belongs to it. */
#define FALLBACK_SCORE(score) ((score) / 2 - 8)

/* What the hot loop and the ranking read of an item, gathered so that
 * they call nothing per candidate. */
typedef struct
{
  PdPaletteItem    *item;
  const PdFuzzyKey *keys[PD_PALETTE_FIELD_KEYWORDS + 1];
  const char       *subtitle;
  guint             length;   /* of the title, in characters */
  PdPaletteKind     kind;
  guint             order;    /* where it comes among all candidates */
  guint             rank;     /* where it comes among all candidates in a tie */
} Candidate;

typedef struct
{
  GListModel *model;
  gulong      handler;
  char       *id;          /* for pd_palette_index_set_items(), or NULL */
  GPtrArray  *items;       /* owned references, the model's items in order */
  GArray     *candidates;  /* Candidate, one per item */
} Provider;

typedef struct
{
  /* Valid while the candidates do not change */
  const Candidate *candidate;
  /* Kept alive by its provider's array until the next ranking is out */
  PdPaletteItem   *item;
  int              score;
  guint            field;
} Match;

struct _PdPaletteIndex
{
  GObject    parent_instance;

  /* Owned references */
  GPtrArray *providers;    /* Provider */
  PdFuzzy   *fuzzy;
  GArray    *matches;      /* Match, ranked: the model's items */
  GArray    *scratch;      /* Match, the next ranking */

  /* Flags */
  guint      candidates_changed : 1;
  guint      ranks_stale : 1;
};

static void pd_palette_index_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdPaletteIndex, pd_palette_index, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pd_palette_index_list_model_init))

enum {
  PROP_0,
  PROP_QUERY,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
provider_free (gpointer data)
{
  Provider *provider = data;

  g_clear_signal_handler (&provider->handler, provider->model);
  g_clear_object (&provider->model);
  g_clear_pointer (&provider->id, g_free);
  g_clear_pointer (&provider->items, g_ptr_array_unref);
  g_clear_pointer (&provider->candidates, g_array_unref);
  g_free (provider);
}

static GType
pd_palette_index_get_item_type (GListModel *model)
{
  return PD_TYPE_PALETTE_ITEM;
}

static guint
pd_palette_index_get_n_items (GListModel *model)
{
  return PD_PALETTE_INDEX (model)->matches->len;
}

static gpointer
pd_palette_index_get_item (GListModel *model,
                           guint       position)
{
  PdPaletteIndex *self = PD_PALETTE_INDEX (model);

  if (position >= self->matches->len)
    return NULL;
  return g_object_ref (g_array_index (self->matches, Match, position).item);
}

static void
pd_palette_index_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_palette_index_get_item_type;
  iface->get_n_items = pd_palette_index_get_n_items;
  iface->get_item = pd_palette_index_get_item;
}

static void
provider_set_items (Provider  *provider,
                    GPtrArray *items)
{
  g_clear_pointer (&provider->items, g_ptr_array_unref);
  provider->items = items;
  if (provider->candidates == NULL)
    provider->candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_size (provider->candidates, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      Candidate *candidate = &g_array_index (provider->candidates, Candidate, i);
      PdPaletteItem *item = g_ptr_array_index (items, i);

      candidate->item = item;
      candidate->keys[PD_PALETTE_FIELD_NONE] = NULL;
      for (guint field = PD_PALETTE_FIELD_TITLE; field <= PD_PALETTE_FIELD_KEYWORDS; field++)
        candidate->keys[field] = pd_palette_item_get_key (item, field);
      candidate->subtitle = pd_palette_item_get_subtitle (item);
      candidate->length = pd_fuzzy_key_get_length (candidate->keys[PD_PALETTE_FIELD_TITLE]);
      candidate->kind = pd_palette_item_get_kind (item);
    }
}

/* How ties are broken: the shorter title first, then alphabetically
 * ignoring case, then by subtitle, kind and the providers' order. This
 * does not depend on the query, so it is worked out once for all the
 * candidates (see rank_candidates()) rather than keystroke after
 * keystroke. */
static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = *(const Candidate * const *) a;
  const Candidate *cb = *(const Candidate * const *) b;
  int cmp;

  if (ca->length != cb->length)
    return ca->length < cb->length ? -1 : 1;
  cmp = pd_fuzzy_key_compare (ca->keys[PD_PALETTE_FIELD_TITLE], cb->keys[PD_PALETTE_FIELD_TITLE]);
  if (cmp != 0)
    return cmp;
  cmp = g_strcmp0 (ca->subtitle, cb->subtitle);
  if (cmp != 0)
    return cmp;
  if (ca->kind != cb->kind)
    return ca->kind < cb->kind ? -1 : 1;
  return ca->order < cb->order ? -1 : ca->order > cb->order;
}

static void
rank_candidates (PdPaletteIndex *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint p = 0; p < self->providers->len; p++)
    {
      Provider *provider = g_ptr_array_index (self->providers, p);

      for (guint i = 0; i < provider->candidates->len; i++)
        g_ptr_array_add (all, &g_array_index (provider->candidates, Candidate, i));
    }
  g_ptr_array_sort (all, compare_candidates);
  for (guint i = 0; i < all->len; i++)
    ((Candidate *) g_ptr_array_index (all, i))->rank = i;
  self->ranks_stale = FALSE;
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const Match *ma = a;
  const Match *mb = b;

  if (ma->score != mb->score)
    return ma->score > mb->score ? -1 : 1;
  return ma->candidate->rank < mb->candidate->rank ? -1 : ma->candidate->rank > mb->candidate->rank;
}

/* The hot loop: no allocation and no call but the matcher's per
 * candidate; the keys were prepared when the items were made. */
static inline gboolean
score_candidate (PdFuzzy         *fuzzy,
                 const Candidate *candidate,
                 Match           *match)
{
  int score;

  if (pd_fuzzy_match_key (fuzzy, candidate->keys[PD_PALETTE_FIELD_TITLE], &score, NULL))
    {
      match->score = score;
      match->field = PD_PALETTE_FIELD_TITLE;
      return TRUE;
    }
  for (guint field = PD_PALETTE_FIELD_SUBTITLE; field <= PD_PALETTE_FIELD_KEYWORDS; field++)
    {
      const PdFuzzyKey *key = candidate->keys[field];

      if (key != NULL && pd_fuzzy_match_key (fuzzy, key, &score, NULL))
        {
          match->score = FALLBACK_SCORE (score);
          match->field = field;
          return TRUE;
        }
    }
  return FALSE;
}

static void
filter_all (PdPaletteIndex *self,
            GArray         *out)
{
  gboolean empty = pd_fuzzy_is_empty (self->fuzzy);
  guint order = 0;

  for (guint p = 0; p < self->providers->len; p++)
    {
      Provider *provider = g_ptr_array_index (self->providers, p);

      for (guint i = 0; i < provider->candidates->len; i++, order++)
        {
          Candidate *candidate = &g_array_index (provider->candidates, Candidate, i);
          Match match = { candidate, candidate->item, 0, PD_PALETTE_FIELD_NONE };

          candidate->order = order;
          if (empty || score_candidate (self->fuzzy, candidate, &match))
            g_array_append_val (out, match);
        }
    }
}

/* Refining the query: only what matched before can match now. */
static void
filter_matches (PdPaletteIndex *self,
                GArray         *out)
{
  for (guint i = 0; i < self->matches->len; i++)
    {
      Match match = g_array_index (self->matches, Match, i);

      if (score_candidate (self->fuzzy, match.candidate, &match))
        g_array_append_val (out, match);
    }
}

/* Ranks the candidates for the current query and tells the model's
 * watchers what changed. When the candidates changed, that is one range
 * between what stayed the same at both ends, so that a list keeps its
 * selection when it can. A new query changes every item's highlight, so
 * it replaces them all: a view binds them again. */
static void
update (PdPaletteIndex *self,
        gboolean        incremental,
        gboolean        new_query)
{
  GArray *old = self->matches;
  GArray *fresh = self->scratch;
  guint prefix = 0, suffix = 0;
  guint old_len = old->len;

  g_array_set_size (fresh, 0);
  if (incremental && !self->candidates_changed)
    filter_matches (self, fresh);
  else
    filter_all (self, fresh);
  if (self->candidates_changed)
    self->ranks_stale = TRUE;
  self->candidates_changed = FALSE;

  if (!pd_fuzzy_is_empty (self->fuzzy))
    {
      if (self->ranks_stale)
        rank_candidates (self);
      g_array_sort (fresh, compare_matches);
    }

  while (!new_query && prefix < old->len && prefix < fresh->len &&
         g_array_index (old, Match, prefix).item == g_array_index (fresh, Match, prefix).item)
    prefix++;
  while (!new_query && suffix < old->len - prefix && suffix < fresh->len - prefix &&
         g_array_index (old, Match, old->len - 1 - suffix).item ==
         g_array_index (fresh, Match, fresh->len - 1 - suffix).item)
    suffix++;

  self->matches = fresh;
  self->scratch = old;

  if (old_len != fresh->len || prefix != old_len || (new_query && old_len > 0))
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_len - prefix - suffix,
                                fresh->len - prefix - suffix);
  if (old_len != fresh->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
on_provider_items_changed_cb (GListModel     *model,
                              guint           position,
                              guint           removed,
                              guint           added,
                              PdPaletteIndex *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) dead = NULL;
  Provider *provider = NULL;

  for (guint p = 0; p < self->providers->len && provider == NULL; p++)
    if (((Provider *) g_ptr_array_index (self->providers, p))->model == model)
      provider = g_ptr_array_index (self->providers, p);
  g_return_if_fail (provider != NULL);
  g_return_if_fail (position + removed <= provider->items->len);

  /* The removed items stay alive until the ranking that drops them is
   * published: a new item made at a freed one's address must not pass
   * for it. */
  dead = g_steal_pointer (&provider->items);
  items = g_ptr_array_new_full (dead->len - removed + added, g_object_unref);
  for (guint i = 0; i < position; i++)
    g_ptr_array_add (items, g_object_ref (g_ptr_array_index (dead, i)));
  for (guint i = 0; i < added; i++)
    {
      gpointer item = g_list_model_get_item (model, position + i);

      if (item == NULL)
        break;
      g_ptr_array_add (items, item);
    }
  for (guint i = position + removed; i < dead->len; i++)
    g_ptr_array_add (items, g_object_ref (g_ptr_array_index (dead, i)));
  provider_set_items (provider, g_steal_pointer (&items));

  self->candidates_changed = TRUE;
  update (self, FALSE, FALSE);
}

static void
pd_palette_index_dispose (GObject *object)
{
  PdPaletteIndex *self = PD_PALETTE_INDEX (object);

  g_array_set_size (self->matches, 0);
  g_array_set_size (self->scratch, 0);
  if (self->providers != NULL)
    g_ptr_array_set_size (self->providers, 0);

  G_OBJECT_CLASS (pd_palette_index_parent_class)->dispose (object);
}

static void
pd_palette_index_finalize (GObject *object)
{
  PdPaletteIndex *self = PD_PALETTE_INDEX (object);

  g_clear_pointer (&self->providers, g_ptr_array_unref);
  g_clear_pointer (&self->fuzzy, pd_fuzzy_free);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->scratch, g_array_unref);

  G_OBJECT_CLASS (pd_palette_index_parent_class)->finalize (object);
}

static void
pd_palette_index_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdPaletteIndex *self = PD_PALETTE_INDEX (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      g_value_set_string (value, pd_palette_index_get_query (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->matches->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_palette_index_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdPaletteIndex *self = PD_PALETTE_INDEX (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      pd_palette_index_set_query (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_palette_index_class_init (PdPaletteIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_palette_index_dispose;
  object_class->finalize = pd_palette_index_finalize;
  object_class->get_property = pd_palette_index_get_property;
  object_class->set_property = pd_palette_index_set_property;

  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_palette_index_init (PdPaletteIndex *self)
{
  self->providers = g_ptr_array_new_with_free_func (provider_free);
  self->fuzzy = pd_fuzzy_new ("");
  self->matches = g_array_new (FALSE, FALSE, sizeof (Match));
  self->scratch = g_array_new (FALSE, FALSE, sizeof (Match));
}

/**
 * pd_palette_index_new:
 *
 * Creates the index of the command palette: a #GListModel of the
 * #PdPaletteItem<!-- -->s of every provider that match the query, best
 * first. With an empty query it holds every item, in the providers' order.
 *
 * Returns: (transfer full): a new #PdPaletteIndex
 */
PdPaletteIndex *
pd_palette_index_new (void)
{
  return g_object_new (PD_TYPE_PALETTE_INDEX, NULL);
}

/**
 * pd_palette_index_add_provider:
 * @self: a #PdPaletteIndex
 * @provider: a #GListModel of #PdPaletteItem<!-- -->s
 *
 * Adds the items a section offers. A provider is any #GListModel of
 * #PdPaletteItem (a #GListStore will do): its #GListModel::items-changed
 * is how it gives items, and the index follows it until removed.
 * Providers come in the order they were added.
 */
void
pd_palette_index_add_provider (PdPaletteIndex *self,
                               GListModel     *provider)
{
  GPtrArray *items;
  Provider *entry;
  guint n;

  g_return_if_fail (PD_IS_PALETTE_INDEX (self));
  g_return_if_fail (G_IS_LIST_MODEL (provider));
  g_return_if_fail (g_type_is_a (g_list_model_get_item_type (provider), PD_TYPE_PALETTE_ITEM));

  for (guint p = 0; p < self->providers->len; p++)
    g_return_if_fail (((Provider *) g_ptr_array_index (self->providers, p))->model != provider);

  n = g_list_model_get_n_items (provider);
  entry = g_new0 (Provider, 1);
  entry->model = g_object_ref (provider);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (provider, i));
  provider_set_items (entry, items);
  entry->handler = g_signal_connect (provider, "items-changed",
                                     G_CALLBACK (on_provider_items_changed_cb), self);
  g_ptr_array_add (self->providers, entry);

  self->candidates_changed = TRUE;
  update (self, FALSE, FALSE);
}

/**
 * pd_palette_index_remove_provider:
 * @self: a #PdPaletteIndex
 * @provider: a provider added before
 *
 * Drops the items of @provider.
 */
void
pd_palette_index_remove_provider (PdPaletteIndex *self,
                                  GListModel     *provider)
{
  g_return_if_fail (PD_IS_PALETTE_INDEX (self));
  g_return_if_fail (G_IS_LIST_MODEL (provider));

  for (guint p = 0; p < self->providers->len; p++)
    {
      Provider *entry = g_ptr_array_index (self->providers, p);

      if (entry->model == provider)
        {
          /* Kept until the ranking without its items is published. */
          g_autoptr(GPtrArray) dead = g_ptr_array_ref (entry->items);

          g_ptr_array_remove_index (self->providers, p);
          self->candidates_changed = TRUE;
          update (self, FALSE, FALSE);
          return;
        }
    }
  g_critical ("%s: not a provider of this index", G_STRFUNC);
}

/**
 * pd_palette_index_set_items:
 * @self: a #PdPaletteIndex
 * @provider_id: a name for the section giving the items, such as "apis"
 * @items: (nullable) (element-type PdPaletteItem): the section's items,
 *   replacing those it gave before; %NULL or empty to give none
 *
 * Gives the items of a section that has them in an array rather than in a
 * #GListModel. The first call for @provider_id adds it as a provider.
 */
void
pd_palette_index_set_items (PdPaletteIndex *self,
                            const char     *provider_id,
                            GPtrArray      *items)
{
  GListStore *store = NULL;

  g_return_if_fail (PD_IS_PALETTE_INDEX (self));
  g_return_if_fail (provider_id != NULL);

  for (guint p = 0; p < self->providers->len && store == NULL; p++)
    {
      Provider *entry = g_ptr_array_index (self->providers, p);

      if (g_strcmp0 (entry->id, provider_id) == 0)
        store = G_LIST_STORE (entry->model);
    }
  if (store == NULL)
    {
      g_autoptr(GListStore) fresh = g_list_store_new (PD_TYPE_PALETTE_ITEM);
      Provider *entry;

      pd_palette_index_add_provider (self, G_LIST_MODEL (fresh));
      entry = g_ptr_array_index (self->providers, self->providers->len - 1);
      entry->id = g_strdup (provider_id);
      store = G_LIST_STORE (entry->model);
    }

  if (items != NULL)
    for (guint i = 0; i < items->len; i++)
      g_return_if_fail (PD_IS_PALETTE_ITEM (g_ptr_array_index (items, i)));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items != NULL ? items->pdata : NULL, items != NULL ? items->len : 0);
}

/**
 * pd_palette_index_get_n_candidates:
 * @self: a #PdPaletteIndex
 *
 * Returns: how many items the providers give in all, matching or not
 */
guint
pd_palette_index_get_n_candidates (PdPaletteIndex *self)
{
  guint n = 0;

  g_return_val_if_fail (PD_IS_PALETTE_INDEX (self), 0);

  for (guint p = 0; p < self->providers->len; p++)
    n += ((Provider *) g_ptr_array_index (self->providers, p))->items->len;
  return n;
}

/**
 * pd_palette_index_get_query:
 * @self: a #PdPaletteIndex
 *
 * Returns: (transfer none): the query, "" when none
 */
const char *
pd_palette_index_get_query (PdPaletteIndex *self)
{
  g_return_val_if_fail (PD_IS_PALETTE_INDEX (self), NULL);
  return pd_fuzzy_get_query (self->fuzzy);
}

/**
 * pd_palette_index_set_query:
 * @self: a #PdPaletteIndex
 * @query: (nullable): what the user typed
 *
 * Filters and ranks the items for @query. A query that adds characters to
 * the previous one looks only at the previous matches, so that typing a
 * name one keystroke at a time costs less and less.
 */
void
pd_palette_index_set_query (PdPaletteIndex *self,
                            const char     *query)
{
  PdFuzzy *fuzzy;
  gboolean refines, same;

  g_return_if_fail (PD_IS_PALETTE_INDEX (self));

  if (g_strcmp0 (query != NULL ? query : "", pd_fuzzy_get_query (self->fuzzy)) == 0)
    return;

  fuzzy = pd_fuzzy_new (query);
  refines = pd_fuzzy_refines (fuzzy, self->fuzzy);
  /* Only white space changed: the same matches, the same highlights. */
  same = refines && pd_fuzzy_refines (self->fuzzy, fuzzy);
  refines = refines && !pd_fuzzy_is_empty (self->fuzzy);
  pd_fuzzy_free (self->fuzzy);
  self->fuzzy = fuzzy;
  update (self, refines, !same);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

/**
 * pd_palette_index_get_match:
 * @self: a #PdPaletteIndex
 * @position: a position in the model
 * @field: (out) (optional): which text of the item matched
 * @score: (out) (optional): its score
 * @positions: (nullable) (element-type guint): receives the offsets, in
 *   characters, of the matched characters of that text
 *
 * Tells how the item at @position matched, for showing it.
 *
 * Returns: %TRUE if @position is in the model
 */
gboolean
pd_palette_index_get_match (PdPaletteIndex *self,
                            guint           position,
                            PdPaletteField *field,
                            int            *score,
                            GArray         *positions)
{
  const Match *match;

  g_return_val_if_fail (PD_IS_PALETTE_INDEX (self), FALSE);

  if (position >= self->matches->len)
    return FALSE;
  match = &g_array_index (self->matches, Match, position);
  if (field != NULL)
    *field = (PdPaletteField) match->field;
  if (score != NULL)
    *score = match->score;
  if (positions != NULL)
    {
      g_array_set_size (positions, 0);
      if (match->field != PD_PALETTE_FIELD_NONE)
        pd_fuzzy_match_key (self->fuzzy, match->candidate->keys[match->field], NULL, positions);
    }
  return TRUE;
}
