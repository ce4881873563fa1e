/* pd-palette-pipelines.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-palette-item.h"
#include "pd-palette-pipelines.h"

/* Commit summaries are whole messages; a title longer than this is cut,
 * so that one huge message neither fills a row nor slows matching. */
#define MAX_TITLE_CHARS 120
#define SHORT_ID_CHARS  8

typedef struct
{
  /* Borrowed references */
  PdPalettePipelines *self;

  /* Owned references */
  PdPipeline         *pipeline;
  GListModel         *stages;
  GListModel         *executions;
  GPtrArray          *items;

  gulong              refreshed_handler;
  gulong              stages_handler;
  gulong              executions_handler;
  guint               generation;
} Entry;

struct _PdPalettePipelines
{
  GObject         parent_instance;

  /* Owned references */
  PdPipelineList *list;
  GPtrArray      *entries;       /* Entry, in the list's order */
  GHashTable     *by_pipeline;   /* PdPipeline → Entry, borrowed from @entries */
  GPtrArray      *items;         /* PdPaletteItem, what the model shows */

  gulong          list_handler;
  guint           generation;
};

static void pd_palette_pipelines_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdPalettePipelines, pd_palette_pipelines, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pd_palette_pipelines_list_model_init))

enum {
  PROP_0,
  PROP_LIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
pd_palette_pipelines_get_item_type (GListModel *model)
{
  return PD_TYPE_PALETTE_ITEM;
}

static guint
pd_palette_pipelines_get_n_items (GListModel *model)
{
  return PD_PALETTE_PIPELINES (model)->items->len;
}

static gpointer
pd_palette_pipelines_get_item (GListModel *model,
                               guint       position)
{
  PdPalettePipelines *self = PD_PALETTE_PIPELINES (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
pd_palette_pipelines_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_palette_pipelines_get_item_type;
  iface->get_n_items = pd_palette_pipelines_get_n_items;
  iface->get_item = pd_palette_pipelines_get_item;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_signal_handler (&entry->refreshed_handler, entry->pipeline);
  g_clear_signal_handler (&entry->stages_handler, entry->stages);
  g_clear_signal_handler (&entry->executions_handler, entry->executions);
  g_clear_object (&entry->stages);
  g_clear_object (&entry->executions);
  g_clear_object (&entry->pipeline);
  g_clear_pointer (&entry->items, g_ptr_array_unref);
  g_free (entry);
}

/* Names become parts of a `--view` name, which `/` separates. */
static gboolean
is_plain_name (const char *name)
{
  return name != NULL && *name != '\0' && strchr (name, '/') == NULL;
}

/* The first line of a commit message, cut to a row's length. */
static char *
dup_summary_title (const char *summary)
{
  g_autofree char *valid = NULL;
  g_autofree char *line = NULL;
  const char *end;

  if (summary == NULL)
    return NULL;
  valid = g_utf8_make_valid (summary, -1);
  end = strpbrk (valid, "\r\n");
  line = g_strstrip (end != NULL ? g_strndup (valid, end - valid) : g_strdup (valid));
  if (*line == '\0')
    return NULL;
  if (g_utf8_strlen (line, -1) > MAX_TITLE_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, MAX_TITLE_CHARS - 1);

      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&line);
}

static void
add_item (GPtrArray     *items,
          PdPaletteKind  kind,
          const char    *title,
          const char    *subtitle,
          const char    *keywords,
          const char    *target)
{
  g_ptr_array_add (items, pd_palette_item_new (kind, title, subtitle, keywords, target));
}

static void
add_stage_items (GPtrArray  *items,
                 const char *name,
                 const char *pipeline_target,
                 PdStage    *stage)
{
  const char *stage_name = pd_stage_get_name (stage);
  g_autofree char *where = g_strdup_printf ("%s · %s", name, stage_name);
  GListModel *actions = pd_stage_get_actions (stage);

  add_item (items, PD_PALETTE_KIND_STAGE, stage_name, name, NULL, pipeline_target);
  for (guint a = 0; a < g_list_model_get_n_items (actions); a++)
    {
      g_autoptr(PdAction) action = g_list_model_get_item (actions, a);
      const char *action_name = pd_action_get_name (action);
      g_autofree char *logs = NULL;

      /* A CodeBuild action opens the log of its latest build; the others
       * have no log: their pipeline. */
      if (g_strcmp0 (pd_action_get_provider (action), "CodeBuild") == 0 &&
          is_plain_name (action_name))
        logs = g_strdup_printf ("logs:%s/latest/%s", name, action_name);
      add_item (items, PD_PALETTE_KIND_ACTION, action_name, where, NULL,
                logs != NULL ? logs : pipeline_target);
    }
}

static void
add_execution_items (GPtrArray   *items,
                     const char  *name,
                     PdExecution *execution,
                     GHashTable  *seen_revisions)
{
  const char *id = pd_execution_get_id (execution);
  const char *revision = pd_execution_get_revision_id (execution);
  g_autofree char *summary = dup_summary_title (pd_execution_get_revision_summary (execution));
  g_autofree char *target = NULL;
  g_autofree char *subtitle = NULL;

  if (!is_plain_name (id))
    return;
  target = g_strdup_printf ("pipeline:%s/%s", name, id);
  subtitle = summary != NULL ? g_strdup_printf ("%s · %s", name, summary) : g_strdup (name);
  add_item (items, PD_PALETTE_KIND_EXECUTION, id, subtitle, NULL, target);

  /* A revision is offered once, by the newest execution that ran it. */
  if (revision != NULL && *revision != '\0' && !g_hash_table_contains (seen_revisions, revision))
    {
      g_autofree char *short_id = g_utf8_substring (revision, 0, SHORT_ID_CHARS);
      g_autofree char *where = g_strdup_printf ("%s · %s", short_id, name);

      g_hash_table_add (seen_revisions, (gpointer) revision);
      add_item (items, PD_PALETTE_KIND_COMMIT, summary != NULL ? summary : short_id, where,
                revision, target);
    }
}

static GPtrArray *
build_items (Entry *entry)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen_revisions = g_hash_table_new (g_str_hash, g_str_equal);
  const char *name = pd_pipeline_get_name (entry->pipeline);
  g_autofree char *pipeline_target = NULL;

  if (!is_plain_name (name))
    return items;
  pipeline_target = g_strdup_printf ("pipeline:%s", name);

  add_item (items, PD_PALETTE_KIND_PIPELINE, name, NULL, NULL, pipeline_target);
  for (guint s = 0; s < g_list_model_get_n_items (entry->stages); s++)
    {
      g_autoptr(PdStage) stage = g_list_model_get_item (entry->stages, s);

      add_stage_items (items, name, pipeline_target, stage);
    }
  /* Newest first, as the pipeline keeps them. */
  for (guint e = 0; e < g_list_model_get_n_items (entry->executions); e++)
    {
      g_autoptr(PdExecution) execution = g_list_model_get_item (entry->executions, e);

      add_execution_items (items, name, execution, seen_revisions);
    }
  return items;
}

/* Shows the entries' items, telling watchers only the range that changed:
 * the old items stay alive until then, so that no new item can take the
 * address of one that went. */
static void
publish (PdPalettePipelines *self)
{
  g_autoptr(GPtrArray) old = self->items;
  GPtrArray *fresh = g_ptr_array_new_with_free_func (g_object_unref);
  guint prefix = 0, suffix = 0;

  for (guint e = 0; e < self->entries->len; e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      for (guint i = 0; i < entry->items->len; i++)
        g_ptr_array_add (fresh, g_object_ref (g_ptr_array_index (entry->items, i)));
    }

  while (prefix < old->len && prefix < fresh->len &&
         g_ptr_array_index (old, prefix) == g_ptr_array_index (fresh, prefix))
    prefix++;
  while (suffix < old->len - prefix && suffix < fresh->len - prefix &&
         g_ptr_array_index (old, old->len - 1 - suffix) ==
         g_ptr_array_index (fresh, fresh->len - 1 - suffix))
    suffix++;

  self->items = fresh;
  if (old->len != fresh->len || prefix != old->len)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old->len - prefix - suffix,
                                fresh->len - prefix - suffix);
}

/* Rebuilds an entry's items, keeping the objects of those that did not
 * change, so that a refresh that changed nothing publishes nothing.
 * Returns whether anything changed. */
static gboolean
rebuild_entry (Entry *entry)
{
  g_autoptr(GPtrArray) fresh = build_items (entry);
  gboolean changed = entry->items == NULL || entry->items->len != fresh->len;

  for (guint i = 0; entry->items != NULL && i < MIN (entry->items->len, fresh->len); i++)
    {
      PdPaletteItem *was = g_ptr_array_index (entry->items, i);

      if (pd_palette_item_equal (was, g_ptr_array_index (fresh, i)))
        {
          g_object_unref (g_ptr_array_index (fresh, i));
          g_ptr_array_index (fresh, i) = g_object_ref (was);
        }
      else
        changed = TRUE;
    }
  if (changed)
    {
      g_clear_pointer (&entry->items, g_ptr_array_unref);
      entry->items = g_steal_pointer (&fresh);
    }
  return changed;
}

static void
on_pipeline_changed_cb (Entry *entry)
{
  if (rebuild_entry (entry))
    publish (entry->self);
}

static void
on_model_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Entry      *entry)
{
  on_pipeline_changed_cb (entry);
}

static Entry *
entry_new (PdPalettePipelines *self,
           PdPipeline         *pipeline)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->self = self;
  entry->pipeline = g_object_ref (pipeline);
  entry->stages = g_object_ref (pd_pipeline_get_stages (pipeline));
  entry->executions = g_object_ref (pd_pipeline_get_executions (pipeline));
  entry->refreshed_handler = g_signal_connect_swapped (pipeline, "refreshed",
                                                       G_CALLBACK (on_pipeline_changed_cb), entry);
  entry->stages_handler = g_signal_connect (entry->stages, "items-changed",
                                            G_CALLBACK (on_model_changed_cb), entry);
  entry->executions_handler = g_signal_connect (entry->executions, "items-changed",
                                                G_CALLBACK (on_model_changed_cb), entry);
  rebuild_entry (entry);
  return entry;
}

/* Follows the list's pipelines, in its order, keeping the entries of
 * those it still has. */
static void
sync_entries (PdPalettePipelines *self)
{
  g_autoptr(GPtrArray) old = self->entries;
  guint n = self->list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  guint generation = ++self->generation;

  /* The entries move from the old array to the new one; what is left
   * behind is freed. */
  g_ptr_array_set_free_func (old, NULL);
  self->entries = g_ptr_array_new_full (n, entry_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdPipeline) pipeline = g_list_model_get_item (G_LIST_MODEL (self->list), i);
      Entry *entry = g_hash_table_lookup (self->by_pipeline, pipeline);

      if (entry == NULL)
        {
          entry = entry_new (self, pipeline);
          g_hash_table_insert (self->by_pipeline, pipeline, entry);
        }
      else if (entry->generation == generation)
        continue;   /* listed twice: offered once */
      entry->generation = generation;
      g_ptr_array_add (self->entries, entry);
    }
  for (guint i = 0; i < old->len; i++)
    {
      Entry *entry = g_ptr_array_index (old, i);

      if (entry->generation != generation)
        {
          g_hash_table_remove (self->by_pipeline, entry->pipeline);
          entry_free (entry);
        }
    }

  publish (self);
}

static void
on_list_items_changed_cb (GListModel         *model,
                          guint               position,
                          guint               removed,
                          guint               added,
                          PdPalettePipelines *self)
{
  sync_entries (self);
}

static void
pd_palette_pipelines_dispose (GObject *object)
{
  PdPalettePipelines *self = PD_PALETTE_PIPELINES (object);

  g_clear_signal_handler (&self->list_handler, self->list);
  g_clear_object (&self->list);
  g_hash_table_remove_all (self->by_pipeline);
  g_ptr_array_set_size (self->entries, 0);

  G_OBJECT_CLASS (pd_palette_pipelines_parent_class)->dispose (object);
}

static void
pd_palette_pipelines_finalize (GObject *object)
{
  PdPalettePipelines *self = PD_PALETTE_PIPELINES (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->by_pipeline, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_palette_pipelines_parent_class)->finalize (object);
}

static void
pd_palette_pipelines_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PdPalettePipelines *self = PD_PALETTE_PIPELINES (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_palette_pipelines_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PdPalettePipelines *self = PD_PALETTE_PIPELINES (object);

  switch (prop_id)
    {
    case PROP_LIST:
      pd_palette_pipelines_set_list (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_palette_pipelines_class_init (PdPalettePipelinesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_palette_pipelines_dispose;
  object_class->finalize = pd_palette_pipelines_finalize;
  object_class->get_property = pd_palette_pipelines_get_property;
  object_class->set_property = pd_palette_pipelines_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, PD_TYPE_PIPELINE_LIST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_palette_pipelines_init (PdPalettePipelines *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_pipeline = g_hash_table_new (NULL, NULL);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * pd_palette_pipelines_new:
 * @list: (nullable): the pipelines of the shown account and region
 *
 * Creates the Pipelines section's provider for the command palette: a
 * #GListModel of #PdPaletteItem<!-- -->s that follows @list. It offers
 * every pipeline, and for each pipeline what has been loaded of it: its
 * stages and their actions, its executions (by ID) and the commits they
 * ran (by summary, and by revision ID as hidden keywords). A pipeline
 * opens as `pipeline:NAME`, an execution or a commit as
 * `pipeline:NAME/EXECUTION_ID`, a CodeBuild action as
 * `logs:NAME/latest/ACTION` and any other stage or action as its pipeline.
 *
 * Returns: (transfer full): a new #PdPalettePipelines
 */
PdPalettePipelines *
pd_palette_pipelines_new (PdPipelineList *list)
{
  g_return_val_if_fail (list == NULL || PD_IS_PIPELINE_LIST (list), NULL);

  return g_object_new (PD_TYPE_PALETTE_PIPELINES, "list", list, NULL);
}

/**
 * pd_palette_pipelines_get_list:
 * @self: a #PdPalettePipelines
 *
 * Returns: (transfer none) (nullable): the list followed
 */
PdPipelineList *
pd_palette_pipelines_get_list (PdPalettePipelines *self)
{
  g_return_val_if_fail (PD_IS_PALETTE_PIPELINES (self), NULL);
  return self->list;
}

/**
 * pd_palette_pipelines_set_list:
 * @self: a #PdPalettePipelines
 * @list: (nullable): the pipelines to offer, as the account or region
 *   changes
 *
 * Follows @list instead.
 */
void
pd_palette_pipelines_set_list (PdPalettePipelines *self,
                               PdPipelineList     *list)
{
  g_return_if_fail (PD_IS_PALETTE_PIPELINES (self));
  g_return_if_fail (list == NULL || PD_IS_PIPELINE_LIST (list));

  if (self->list == list)
    return;

  g_clear_signal_handler (&self->list_handler, self->list);
  g_set_object (&self->list, list);
  if (list != NULL)
    self->list_handler = g_signal_connect (list, "items-changed",
                                           G_CALLBACK (on_list_items_changed_cb), self);
  sync_entries (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}
