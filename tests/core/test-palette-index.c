/* test-palette-index.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-palette-index.h"
#include "pd-palette-item.h"

/* A copy of a model kept only through its items-changed signals: if it
 * ever differs from the model, a signal lied. */
typedef struct
{
  GListModel *model;
  GPtrArray  *copy;
  guint       signals;
  guint       last_position;
  guint       last_removed;
  guint       last_added;
} Mirror;

static void
on_mirror_changed_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->copy->len);
  g_ptr_array_remove_range (mirror->copy, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->copy, position + i, g_list_model_get_item (model, position + i));
  mirror->signals++;
  mirror->last_position = position;
  mirror->last_removed = removed;
  mirror->last_added = added;
}

static void
mirror_init (Mirror     *mirror,
             GListModel *model)
{
  mirror->model = model;
  mirror->copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (mirror->copy, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_mirror_changed_cb), mirror);
}

static void
mirror_check (Mirror *mirror)
{
  g_assert_cmpuint (mirror->copy->len, ==, g_list_model_get_n_items (mirror->model));
  for (guint i = 0; i < mirror->copy->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (mirror->model, i);

      g_assert_true (item == g_ptr_array_index (mirror->copy, i));
    }
}

static void
mirror_clear (Mirror *mirror)
{
  g_signal_handlers_disconnect_by_data (mirror->model, mirror);
  g_clear_pointer (&mirror->copy, g_ptr_array_unref);
}

static GPtrArray *
make_items (const char *first,
            ...)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (const char *title = first; title != NULL; title = va_arg (args, const char *))
    {
      g_autofree char *target = g_strdup_printf ("pipeline:%s", title);

      g_ptr_array_add (items, pd_palette_item_new (PD_PALETTE_KIND_PIPELINE, title, NULL, NULL,
                                                   target));
    }
  va_end (args);
  return items;
}

/* The titles shown, in order, joined by spaces. */
static char *
titles (PdPaletteIndex *index)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (index)); i++)
    {
      g_autoptr(PdPaletteItem) item = g_list_model_get_item (G_LIST_MODEL (index), i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", pd_palette_item_get_title (item));
    }
  return g_string_free (text, FALSE);
}

static void
test_new_destroy (void)
{
  PdPaletteIndex *index = pd_palette_index_new ();
  g_autoptr(GPtrArray) items = make_items ("todo-list-aws", NULL);
  PdPaletteItem *item = g_object_ref (g_ptr_array_index (items, 0));

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (index)) == PD_TYPE_PALETTE_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 0);
  g_assert_cmpstr (pd_palette_index_get_query (index), ==, "");
  pd_palette_index_set_items (index, "pipelines", items);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (index), 1));
  g_clear_pointer (&items, g_ptr_array_unref);
  g_assert_finalize_object (index);
  g_assert_finalize_object (item);
}

static void
test_item (void)
{
  g_autoptr(PdPaletteItem) stage = pd_palette_item_new (PD_PALETTE_KIND_STAGE, "Build",
                                                        "todo-list-aws", NULL,
                                                        "pipeline:todo-list-aws");
  g_autoptr(PdPaletteItem) bad = pd_palette_item_new (PD_PALETTE_KIND_COMMIT, "fix \xff typo",
                                                      "", "", "pipeline:x/1");
  g_autoptr(PdPaletteItem) untitled = pd_palette_item_new (PD_PALETTE_KIND_TABLE, NULL, NULL,
                                                           NULL, "table:x");
  g_autoptr(PdPaletteItem) same = pd_palette_item_new (PD_PALETTE_KIND_STAGE, "Build",
                                                       "todo-list-aws", NULL,
                                                       "pipeline:todo-list-aws");
  g_autofree char *name = pd_palette_item_dup_accessible_name (stage);
  g_autofree char *bad_name = pd_palette_item_dup_accessible_name (bad);

  g_assert_cmpint (pd_palette_item_get_kind (stage), ==, PD_PALETTE_KIND_STAGE);
  g_assert_cmpstr (pd_palette_item_get_target (stage), ==, "pipeline:todo-list-aws");
  g_assert_cmpstr (name, ==, "Stage: Build, todo-list-aws");
  /* Not UTF-8: repaired; empty: none. */
  g_assert_cmpstr (pd_palette_item_get_title (bad), ==, "fix \xef\xbf\xbd typo");
  g_assert_null (pd_palette_item_get_subtitle (bad));
  g_assert_null (pd_palette_item_get_keywords (bad));
  g_assert_cmpstr (bad_name, ==, "Commit: fix \xef\xbf\xbd typo");
  g_assert_cmpstr (pd_palette_item_get_title (untitled), ==, "");
  g_assert_true (pd_palette_item_equal (stage, same));
  g_assert_false (pd_palette_item_equal (stage, bad));
  g_assert_cmpstr (pd_palette_kind_get_nick (PD_PALETTE_KIND_WEB_ACL), ==, "web-acl");
  g_assert_cmpstr (pd_palette_kind_get_nick (PD_PALETTE_KIND_API_STAGE), ==, "api-stage");
  g_assert_cmpstr (pd_palette_kind_get_label (PD_PALETTE_KIND_FUNCTION), ==, "Function");
}

static void
test_rank (void)
{
  g_autoptr(PdPaletteIndex) index = pd_palette_index_new ();
  g_autoptr(GPtrArray) pipelines = make_items ("todo-list-authorizer", "todo-list-aws",
                                               "todo-list-infra", NULL);
  g_autoptr(GListStore) apis = g_list_store_new (PD_TYPE_PALETTE_ITEM);
  g_autoptr(PdPaletteItem) api = pd_palette_item_new (PD_PALETTE_KIND_API, "todo-list-aws", NULL,
                                                      NULL, "api:todo-list-aws");
  g_autofree char *all = NULL;
  g_autofree char *tla = NULL;
  g_autoptr(PdPaletteItem) first = NULL;
  g_autoptr(PdPaletteItem) second = NULL;

  pd_palette_index_set_items (index, "pipelines", pipelines);
  g_list_store_append (apis, api);
  pd_palette_index_add_provider (index, G_LIST_MODEL (apis));
  g_assert_cmpuint (pd_palette_index_get_n_candidates (index), ==, 4);

  /* No query: everything, in the providers' order. */
  all = titles (index);
  g_assert_cmpstr (all, ==, "todo-list-authorizer todo-list-aws todo-list-infra todo-list-aws");

  pd_palette_index_set_query (index, "tla");
  tla = titles (index);
  g_assert_cmpstr (tla, ==, "todo-list-aws todo-list-aws todo-list-authorizer todo-list-infra");
  /* Equal titles: by kind, pipelines first. */
  first = g_list_model_get_item (G_LIST_MODEL (index), 0);
  second = g_list_model_get_item (G_LIST_MODEL (index), 1);
  g_assert_cmpint (pd_palette_item_get_kind (first), ==, PD_PALETTE_KIND_PIPELINE);
  g_assert_cmpint (pd_palette_item_get_kind (second), ==, PD_PALETTE_KIND_API);

  pd_palette_index_set_query (index, "nothing-like-it");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 0);
  g_assert_false (pd_palette_index_get_match (index, 0, NULL, NULL, NULL));
}

static void
test_fallback_fields (void)
{
  g_autoptr(PdPaletteIndex) index = pd_palette_index_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  PdPaletteField field;
  int title_score, subtitle_score;

  g_ptr_array_add (items, pd_palette_item_new (PD_PALETTE_KIND_COMMIT, "Add due dates",
                                               "3f9a2c1d · todo-list-aws",
                                               "3f9a2c1d4e5b6a7980112233445566778899aabb",
                                               "pipeline:todo-list-aws/e1"));
  g_ptr_array_add (items, pd_palette_item_new (PD_PALETTE_KIND_STAGE, "Build", "todo-list-aws",
                                               NULL, "pipeline:todo-list-aws"));
  g_ptr_array_add (items, pd_palette_item_new (PD_PALETTE_KIND_PIPELINE, "todo-list-aws", NULL,
                                               NULL, "pipeline:todo-list-aws"));
  pd_palette_index_set_items (index, "pipelines", items);

  /* The title first; what only the subtitle matches comes after. */
  pd_palette_index_set_query (index, "todo-list-aws");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 3);
  g_assert_true (pd_palette_index_get_match (index, 0, &field, &title_score, positions));
  g_assert_cmpint (field, ==, PD_PALETTE_FIELD_TITLE);
  g_assert_cmpuint (positions->len, ==, 13);
  g_assert_true (pd_palette_index_get_match (index, 1, &field, &subtitle_score, positions));
  g_assert_cmpint (field, ==, PD_PALETTE_FIELD_SUBTITLE);
  g_assert_cmpint (subtitle_score, <, title_score);
  g_assert_cmpuint (positions->len, ==, 13);
  /* Both others match by their subtitle: the stage's is exact. */
  {
    g_autoptr(PdPaletteItem) item = g_list_model_get_item (G_LIST_MODEL (index), 1);

    g_assert_cmpstr (pd_palette_item_get_title (item), ==, "Build");
  }

  /* A full revision ID: only the hidden keywords have it all. */
  pd_palette_index_set_query (index, "3f9a2c1d4e5b");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 1);
  g_assert_true (pd_palette_index_get_match (index, 0, &field, NULL, positions));
  g_assert_cmpint (field, ==, PD_PALETTE_FIELD_KEYWORDS);
  /* The first 8 characters: the subtitle, where they are shown. */
  pd_palette_index_set_query (index, "3f9a2c1d");
  g_assert_true (pd_palette_index_get_match (index, 0, &field, NULL, positions));
  g_assert_cmpint (field, ==, PD_PALETTE_FIELD_SUBTITLE);
  g_assert_cmpuint (g_array_index (positions, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (positions, guint, 7), ==, 7);

  /* No query: nothing matched, nothing to highlight. */
  pd_palette_index_set_query (index, NULL);
  g_assert_true (pd_palette_index_get_match (index, 0, &field, NULL, positions));
  g_assert_cmpint (field, ==, PD_PALETTE_FIELD_NONE);
  g_assert_cmpuint (positions->len, ==, 0);
}

static GPtrArray *
generated_items (guint n)
{
  static const char * const words[] = {
    "todo", "list", "aws", "api", "build", "deploy", "test", "infra", "auth", "search",
    "report", "metric", "backup", "mobile", "docs", "e2e", "web", "queue", "cron", "image",
  };
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint32 state = 12345;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *target = NULL;

      state = state * 1103515245 + 12345;
      title = g_strdup_printf ("%s-%s-%s-%u", words[(state >> 8) % 20], words[(state >> 13) % 20],
                               words[(state >> 18) % 20], i);
      target = g_strdup_printf ("pipeline:%s", title);
      g_ptr_array_add (items, pd_palette_item_new (PD_PALETTE_KIND_PIPELINE, title,
                                                   words[(state >> 23) % 20], NULL, target));
    }
  return items;
}

static void
test_incremental (void)
{
  g_autoptr(PdPaletteIndex) index = pd_palette_index_new ();
  g_autoptr(GPtrArray) items = generated_items (2000);
  const char *typed[] = { "t", "to", "tod", "todo", "todo-", "todo-l", "todo-li", "todo-l",
                          "todo-lx", "todo-l", "tdl", "tdla", "", "a", "ab", NULL };
  Mirror mirror = { 0 };

  pd_palette_index_set_items (index, "pipelines", items);
  mirror_init (&mirror, G_LIST_MODEL (index));
  for (guint i = 0; typed[i] != NULL; i++)
    {
      g_autoptr(PdPaletteIndex) fresh = pd_palette_index_new ();
      g_autofree char *got = NULL;
      g_autofree char *want = NULL;

      /* One keystroke at a time gives what a fresh index gives at once. */
      pd_palette_index_set_query (index, typed[i]);
      pd_palette_index_set_items (fresh, "pipelines", items);
      pd_palette_index_set_query (fresh, typed[i]);
      got = titles (index);
      want = titles (fresh);
      g_assert_cmpstr (got, ==, want);
      mirror_check (&mirror);
    }
  mirror_clear (&mirror);
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_providers_change (void)
{
  g_autoptr(PdPaletteIndex) index = pd_palette_index_new ();
  g_autoptr(GListStore) store = g_list_store_new (PD_TYPE_PALETTE_ITEM);
  g_autoptr(GPtrArray) first = make_items ("todo-list-aws", "todo-list-infra", NULL);
  g_autoptr(GPtrArray) second = make_items ("todo-list-docs", NULL);
  g_autoptr(GPtrArray) more = make_items ("todo-list-backup", "todo-list-search", NULL);
  g_autofree char *text = NULL;
  Mirror mirror = { 0 };
  guint n_items_notified = 0, query_notified = 0;

  mirror_init (&mirror, G_LIST_MODEL (index));
  g_signal_connect (index, "notify::n-items", G_CALLBACK (on_notify_cb), &n_items_notified);
  g_signal_connect (index, "notify::query", G_CALLBACK (on_notify_cb), &query_notified);

  pd_palette_index_set_items (index, "pipelines", first);
  pd_palette_index_add_provider (index, G_LIST_MODEL (store));
  pd_palette_index_set_query (index, "todo-list");
  pd_palette_index_set_query (index, "todo-list");
  g_assert_cmpuint (query_notified, ==, 1);
  mirror_check (&mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 2);

  /* A provider's items change while the palette filters: the matches
   * follow. */
  g_list_store_splice (store, 0, 0, more->pdata, more->len);
  mirror_check (&mirror);
  text = titles (index);
  g_assert_cmpstr (text, ==, "todo-list-aws todo-list-infra todo-list-backup todo-list-search");
  g_list_store_remove (store, 0);
  mirror_check (&mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 3);

  /* Replaced, emptied, removed. */
  pd_palette_index_set_items (index, "pipelines", second);
  mirror_check (&mirror);
  g_clear_pointer (&text, g_free);
  text = titles (index);
  g_assert_cmpstr (text, ==, "todo-list-docs todo-list-search");
  pd_palette_index_set_items (index, "pipelines", NULL);
  mirror_check (&mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 1);
  pd_palette_index_remove_provider (index, G_LIST_MODEL (store));
  mirror_check (&mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 0);
  g_assert_cmpuint (pd_palette_index_get_n_candidates (index), ==, 0);
  g_assert_cmpuint (n_items_notified, >=, 4);

  /* The store no longer reaches the index. */
  g_list_store_splice (store, 0, 0, more->pdata, more->len);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 0);
  mirror_clear (&mirror);
}

/* A change that leaves the order as it was tells nothing: a list showing
 * the matches keeps its selection. */
static void
test_quiet_when_unchanged (void)
{
  g_autoptr(PdPaletteIndex) index = pd_palette_index_new ();
  g_autoptr(GPtrArray) items = make_items ("todo-list-aws", "todo-list-infra", NULL);
  g_autoptr(GListStore) other = g_list_store_new (PD_TYPE_PALETTE_ITEM);
  g_autoptr(PdPaletteItem) unrelated = pd_palette_item_new (PD_PALETTE_KIND_FUNCTION, "resize",
                                                            NULL, NULL, "function:resize");
  Mirror mirror = { 0 };

  pd_palette_index_set_items (index, "pipelines", items);
  pd_palette_index_add_provider (index, G_LIST_MODEL (other));
  pd_palette_index_set_query (index, "todo");
  mirror_init (&mirror, G_LIST_MODEL (index));
  g_list_store_append (other, unrelated);
  g_assert_cmpuint (mirror.signals, ==, 0);
  pd_palette_index_set_query (index, "todo ");
  g_assert_cmpuint (mirror.signals, ==, 0);
  pd_palette_index_set_query (index, "todo-inf");
  g_assert_cmpuint (mirror.signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (index)), ==, 1);
  mirror_check (&mirror);

  /* A new query with the same match: it is told, so that a view draws the
   * new highlight. */
  pd_palette_index_set_query (index, "todo-infr");
  g_assert_cmpuint (mirror.signals, ==, 2);
  g_assert_cmpuint (mirror.last_position, ==, 0);
  g_assert_cmpuint (mirror.last_removed, ==, 1);
  g_assert_cmpuint (mirror.last_added, ==, 1);
  mirror_check (&mirror);
  mirror_clear (&mirror);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/core/palette-index/new-destroy", test_new_destroy);
  g_test_add_func ("/pd/core/palette-index/item", test_item);
  g_test_add_func ("/pd/core/palette-index/rank", test_rank);
  g_test_add_func ("/pd/core/palette-index/fallback-fields", test_fallback_fields);
  g_test_add_func ("/pd/core/palette-index/incremental", test_incremental);
  g_test_add_func ("/pd/core/palette-index/providers-change", test_providers_change);
  g_test_add_func ("/pd/core/palette-index/quiet-when-unchanged", test_quiet_when_unchanged);

  return g_test_run ();
}
