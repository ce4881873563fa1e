/* test-command-palette.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "pd-application.h"
#include "pd-command-palette.h"
#include "pd-test-utils.h"
#include "pd-test-window.h"

#define WAIT_MS 5000

static PdApplication *app;

typedef struct
{
  GtkWindow        *parent;
  PdPaletteIndex   *index;
  PdCommandPalette *palette;
  char             *activated;
  guint             n_activated;
} Fixture;

static void
on_activated_cb (PdCommandPalette *palette,
                 const char       *target,
                 Fixture          *fixture)
{
  g_free (fixture->activated);
  fixture->activated = g_strdup (target);
  fixture->n_activated++;
}

static void
add (GPtrArray     *items,
     PdPaletteKind  kind,
     const char    *title,
     const char    *subtitle,
     const char    *target)
{
  g_ptr_array_add (items, pd_palette_item_new (kind, title, subtitle, NULL, target));
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
not_visible (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  add (items, PD_PALETTE_KIND_PIPELINE, "todo-list-authorizer", NULL,
       "pipeline:todo-list-authorizer");
  add (items, PD_PALETTE_KIND_PIPELINE, "todo-list-infra", NULL, "pipeline:todo-list-infra");
  add (items, PD_PALETTE_KIND_PIPELINE, "todo-list-aws", NULL, "pipeline:todo-list-aws");
  add (items, PD_PALETTE_KIND_STAGE, "Build", "todo-list-aws", "pipeline:todo-list-aws");
  add (items, PD_PALETTE_KIND_ACTION, "UnitTests", "todo-list-aws · Test",
       "logs:todo-list-aws/latest/UnitTests");
  add (items, PD_PALETTE_KIND_COMMIT, "Escape <b> & \"quotes\" in titles",
       "3f9a2c1d · todo-list-aws",
       "pipeline:todo-list-aws/0c9d7a4e-1111-4222-8333-944455556666");

  fixture->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->parent, 800, 600);
  gtk_window_present (fixture->parent);
  fixture->index = pd_palette_index_new ();
  pd_palette_index_set_items (fixture->index, "pipelines", items);
  fixture->palette = g_object_ref_sink (pd_command_palette_new (fixture->parent, fixture->index));
  g_signal_connect (fixture->palette, "activated", G_CALLBACK (on_activated_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->palette));
  g_assert_true (pd_test_wait_until (mapped, fixture->palette, WAIT_MS));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->palette));
  g_assert_finalize_object (fixture->palette);
  g_assert_finalize_object (fixture->index);
  gtk_window_destroy (fixture->parent);
  g_clear_pointer (&fixture->activated, g_free);
}

static void
type (Fixture    *fixture,
      const char *text)
{
  gtk_editable_set_text (pd_command_palette_get_entry (fixture->palette), text);
}

/* What a key press does in the palette: its capture-phase shortcuts run
 * before the focused entry sees the key. Returns whether one handled it. */
static gboolean
press_key (Fixture         *fixture,
           guint            keyval,
           GdkModifierType  mods)
{
  return pd_test_press_shortcut (GTK_WIDGET (fixture->palette), keyval, mods);
}

static char *
title_at (Fixture *fixture,
          guint    position)
{
  g_autoptr(PdPaletteItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->index), position);

  g_assert_nonnull (item);
  return g_strdup (pd_palette_item_get_title (item));
}

/* The row the list shows for the item titled @title, once bound. */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_object_get_data (G_OBJECT (child), "pd-row") != NULL && gtk_widget_get_mapped (child))
        {
          GtkWidget *texts = gtk_widget_get_last_child (child);
          GtkWidget *label = gtk_widget_get_first_child (texts);

          if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), title) == 0)
            return child;
        }
      if ((found = find_row (child, title)))
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *title;
  const char *markup;
} RowWanted;

static gboolean
row_shows (gpointer data)
{
  RowWanted *wanted = data;
  GtkListView *list_view = pd_command_palette_get_list_view (wanted->fixture->palette);
  GtkWidget *row = find_row (GTK_WIDGET (list_view), wanted->title);
  GtkWidget *label;

  if (row == NULL)
    return FALSE;
  label = gtk_widget_get_first_child (gtk_widget_get_last_child (row));
  return wanted->markup == NULL || g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)),
                                              wanted->markup) == 0;
}

static GtkWidget *
wait_for_row (Fixture    *fixture,
              const char *title,
              const char *markup)
{
  RowWanted wanted = { fixture, title, markup };

  if (!pd_test_wait_until (row_shows, &wanted, WAIT_MS))
    g_error ("no row shows “%s” as “%s”", title, markup);
  return find_row (GTK_WIDGET (pd_command_palette_get_list_view (fixture->palette)), title);
}

static void
test_new_destroy (void)
{
  PdCommandPalette *palette = g_object_ref_sink (pd_command_palette_new (NULL, NULL));
  PdPaletteIndex *index = g_object_ref (pd_command_palette_get_index (palette));

  g_assert_true (pd_command_palette_get_empty (palette));
  gtk_window_destroy (GTK_WINDOW (palette));
  g_assert_finalize_object (palette);
  g_assert_finalize_object (index);
}

static void
test_type_ranks (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  GtkWidget *entry = GTK_WIDGET (pd_command_palette_get_entry (fixture->palette));
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (fixture->palette));

  /* Opened: everything, the first selected, the entry focused. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->index)), ==, 6);
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 0);
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  type (fixture, "tla");
  first = title_at (fixture, 0);
  second = title_at (fixture, 1);
  third = title_at (fixture, 2);
  g_assert_cmpstr (first, ==, "todo-list-aws");
  g_assert_cmpstr (second, ==, "todo-list-authorizer");
  g_assert_cmpstr (third, ==, "todo-list-infra");
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 0);
  g_assert_false (pd_command_palette_get_empty (fixture->palette));

  /* The matched characters in bold; what only the subtitle matched has
   * its subtitle in bold. */
  wait_for_row (fixture, "todo-list-aws", "<b>t</b>odo-<b>l</b>ist-<b>a</b>ws");
  {
    GtkWidget *row = wait_for_row (fixture, "Build", "Build");
    GtkWidget *subtitle = gtk_widget_get_last_child (gtk_widget_get_last_child (row));

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (subtitle)), ==,
                     "<b>t</b>odo-<b>l</b>ist-<b>a</b>ws");
  }

  /* One more character: the highlight follows, though the order stays. */
  type (fixture, "tlaw");
  wait_for_row (fixture, "todo-list-aws", "<b>t</b>odo-<b>l</b>ist-<b>aw</b>s");
}

static void
test_markup (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *plain = pd_command_palette_markup ("a<b&c", NULL);
  g_autofree char *some = NULL;
  g_autofree char *utf8 = NULL;
  g_autofree char *none = pd_command_palette_markup (NULL, NULL);
  guint at[] = { 1, 2, 40 };
  const char *escaped = "<b>Esc</b>ape &lt;b&gt; &amp; &quot;quotes&quot; in titles";
  GtkWidget *row;
  GtkWidget *label;

  g_array_append_vals (positions, at, G_N_ELEMENTS (at));
  some = pd_command_palette_markup ("a<b&c", positions);
  g_assert_cmpstr (plain, ==, "a&lt;b&amp;c");
  g_assert_cmpstr (some, ==, "a<b>&lt;b</b>&amp;c");
  g_assert_cmpstr (none, ==, "");
  g_array_set_size (positions, 0);
  g_array_append_val (positions, at[0]);
  utf8 = pd_command_palette_markup ("über", positions);
  g_assert_cmpstr (utf8, ==, "ü<b>b</b>er");

  /* A title with markup characters shows as typed. */
  type (fixture, "esc");
  row = wait_for_row (fixture, "Escape <b> & \"quotes\" in titles", escaped);
  label = gtk_widget_get_first_child (gtk_widget_get_last_child (row));
  g_assert_true (pango_parse_markup (gtk_label_get_label (GTK_LABEL (label)), -1, 0, NULL, NULL,
                                     NULL, NULL));
}

static void
test_keys_move_and_open (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PdPaletteItem) second = NULL;

  /* Three pipelines by name, then what belongs to todo-list-aws. */
  type (fixture, "todo");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->index)), ==, 6);
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 0);

  g_assert_true (press_key (fixture, GDK_KEY_Down, 0));
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 1);
  g_assert_true (press_key (fixture, GDK_KEY_n, GDK_CONTROL_MASK));
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 2);
  g_assert_true (press_key (fixture, GDK_KEY_Up, 0));
  g_assert_true (press_key (fixture, GDK_KEY_p, GDK_CONTROL_MASK));
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 0);
  g_assert_true (press_key (fixture, GDK_KEY_Up, 0));     /* the first stays */
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 0);
  for (guint i = 0; i < 10; i++)
    g_assert_true (press_key (fixture, GDK_KEY_Down, 0));
  /* The last stays. */
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_true (press_key (fixture, GDK_KEY_Up, 0));
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 0);
  /* Keys the palette leaves to the entry. */
  g_assert_false (press_key (fixture, GDK_KEY_a, 0));
  g_assert_false (press_key (fixture, GDK_KEY_Left, 0));
  g_assert_cmpuint (fixture->n_activated, ==, 0);

  /* Down, Enter: the second match opens, and the palette closes. */
  second = g_list_model_get_item (G_LIST_MODEL (fixture->index), 1);
  g_assert_true (press_key (fixture, GDK_KEY_Down, 0));
  g_assert_true (press_key (fixture, GDK_KEY_Return, 0));
  g_assert_cmpuint (fixture->n_activated, ==, 1);
  g_assert_cmpstr (fixture->activated, ==, pd_palette_item_get_target (second));
  g_assert_cmpstr (fixture->activated, ==, "pipeline:todo-list-infra");
  g_assert_true (pd_test_wait_until (not_visible, fixture->palette, WAIT_MS));

  /* Opened again: afresh. */
  gtk_window_present (GTK_WINDOW (fixture->palette));
  g_assert_true (pd_test_wait_until (mapped, fixture->palette, WAIT_MS));
  g_assert_cmpstr (gtk_editable_get_text (pd_command_palette_get_entry (fixture->palette)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->index)), ==, 6);
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 0);

  /* The keypad's Enter too, on the best match. */
  type (fixture, "UnitTests");
  g_assert_true (press_key (fixture, GDK_KEY_KP_Enter, 0));
  g_assert_cmpuint (fixture->n_activated, ==, 2);
  g_assert_cmpstr (fixture->activated, ==, "logs:todo-list-aws/latest/UnitTests");
}

static void
test_click_opens (Fixture       *fixture,
                  gconstpointer  data)
{
  type (fixture, "build");
  /* What a click on the first row emits. */
  g_signal_emit_by_name (pd_command_palette_get_list_view (fixture->palette), "activate", 0);
  g_assert_cmpuint (fixture->n_activated, ==, 1);
  g_assert_cmpstr (fixture->activated, ==, "pipeline:todo-list-aws");
}

static void
test_escape_closes (Fixture       *fixture,
                    gconstpointer  data)
{
  type (fixture, "todo");
  g_assert_true (press_key (fixture, GDK_KEY_Escape, 0));
  g_assert_true (pd_test_wait_until (not_visible, fixture->palette, WAIT_MS));
  g_assert_cmpuint (fixture->n_activated, ==, 0);
  g_assert_null (fixture->activated);
  /* Closed, the index filters for nothing. */
  g_assert_cmpstr (pd_palette_index_get_query (fixture->index), ==, "");
}

static GtkWidget *
find_status_page (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_STATUS_PAGE (child))
        return child;
      if ((found = find_status_page (child)))
        return found;
    }
  return NULL;
}

static void
test_empty_state (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *status = find_status_page (GTK_WIDGET (fixture->palette));

  g_assert_nonnull (status);
  g_assert_false (pd_command_palette_get_empty (fixture->palette));
  g_assert_false (gtk_widget_get_mapped (status));
  type (fixture, "zzzz");
  g_assert_true (pd_command_palette_get_empty (fixture->palette));
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==,
                    GTK_INVALID_LIST_POSITION);
  g_assert_true (pd_test_wait_until (mapped, status, WAIT_MS));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Matches");

  /* Enter on nothing opens nothing and keeps the palette open. */
  g_assert_true (press_key (fixture, GDK_KEY_Return, 0));
  g_assert_cmpuint (fixture->n_activated, ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->palette)));
  g_assert_true (press_key (fixture, GDK_KEY_Down, 0));

  type (fixture, "zz");
  g_assert_true (pd_command_palette_get_empty (fixture->palette));
  type (fixture, "");
  g_assert_false (pd_command_palette_get_empty (fixture->palette));
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 0);

  /* Items that arrive while it shows "No Matches" replace it. */
  type (fixture, "resize");
  g_assert_true (pd_command_palette_get_empty (fixture->palette));
  {
    g_autoptr(GPtrArray) functions = g_ptr_array_new_with_free_func (g_object_unref);

    add (functions, PD_PALETTE_KIND_FUNCTION, "resize-images", NULL, "function:resize-images");
    pd_palette_index_set_items (fixture->index, "functions", functions);
  }
  g_assert_false (pd_command_palette_get_empty (fixture->palette));
}

static void
test_many_matches (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  GtkListView *list_view = pd_command_palette_get_list_view (fixture->palette);
  GListModel *rows = G_LIST_MODEL (gtk_list_view_get_model (list_view));
  g_autofree char *first = NULL;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *title = g_strdup_printf ("service-%03u", i);
      g_autofree char *target = g_strdup_printf ("pipeline:service-%03u", i);

      add (many, PD_PALETTE_KIND_PIPELINE, title, NULL, target);
    }
  pd_palette_index_set_items (fixture->index, "more", many);

  /* 300 match; the list shows the best 50. */
  type (fixture, "service");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->index)), ==, 300);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 50);
  wait_for_row (fixture, "service-000", "<b>service</b>-000");
  for (guint i = 0; i < 60; i++)
    g_assert_true (press_key (fixture, GDK_KEY_Down, 0));
  g_assert_cmpuint (pd_command_palette_get_selected (fixture->palette), ==, 49);
  g_assert_true (press_key (fixture, GDK_KEY_Return, 0));
  g_assert_cmpstr (fixture->activated, ==, "pipeline:service-049");

  /* The rows follow the index: fewer matches, then a section's items
   * changing under the query. */
  gtk_window_present (GTK_WINDOW (fixture->palette));
  g_assert_true (pd_test_wait_until (mapped, fixture->palette, WAIT_MS));
  type (fixture, "service-01");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->index)), <, 50);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (fixture->index)));
  wait_for_row (fixture, "service-019", "<b>service-01</b>9");
  add (changed, PD_PALETTE_KIND_PIPELINE, "service-01", NULL, "pipeline:service-01");
  pd_palette_index_set_items (fixture->index, "more", changed);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  first = title_at (fixture, 0);
  g_assert_cmpstr (first, ==, "service-01");
  wait_for_row (fixture, "service-01", "<b>service-01</b>");
  g_assert_true (press_key (fixture, GDK_KEY_Return, 0));
  g_assert_cmpstr (fixture->activated, ==, "pipeline:service-01");
}

static void
test_accessible (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkEditable *entry = pd_command_palette_get_entry (fixture->palette);
  GtkListView *list_view = pd_command_palette_get_list_view (fixture->palette);
  GtkWidget *row;

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Go to by name");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Matches");

  type (fixture, "build");
  row = wait_for_row (fixture, "Build", NULL);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Stage: Build, todo-list-aws");
  type (fixture, "infra");
  row = wait_for_row (fixture, "todo-list-infra", NULL);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Pipeline: todo-list-infra");
  type (fixture, "unit");
  row = wait_for_row (fixture, "UnitTests", NULL);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Action: UnitTests, todo-list-aws · Test");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it empties XDG_DATA_DIRS, and without the
   * icon theme and MIME database the rows' icons cannot load. The test
   * environment keeps settings in memory and CI runs with a throw-away HOME. */
  g_test_init (&argc, &argv, NULL);

  /* GTK's test accessibility backend records roles and properties without
   * a session bus, so that the accessible names can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  if (!gtk_init_check ())
    {
      g_test_fail_printf ("no display: run under Xvfb (package xvfb)");
      return g_test_run ();
    }
  adw_init ();

  /* Registers the resources the palette's template comes from. */
  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/pd/ui/command-palette/new-destroy", test_new_destroy);
  g_test_add ("/pd/ui/command-palette/type-ranks", Fixture, NULL,
              fixture_setup, test_type_ranks, fixture_teardown);
  g_test_add ("/pd/ui/command-palette/markup", Fixture, NULL,
              fixture_setup, test_markup, fixture_teardown);
  g_test_add ("/pd/ui/command-palette/keys-move-and-open", Fixture, NULL,
              fixture_setup, test_keys_move_and_open, fixture_teardown);
  g_test_add ("/pd/ui/command-palette/click-opens", Fixture, NULL,
              fixture_setup, test_click_opens, fixture_teardown);
  g_test_add ("/pd/ui/command-palette/escape-closes", Fixture, NULL,
              fixture_setup, test_escape_closes, fixture_teardown);
  g_test_add ("/pd/ui/command-palette/empty-state", Fixture, NULL,
              fixture_setup, test_empty_state, fixture_teardown);
  g_test_add ("/pd/ui/command-palette/many-matches", Fixture, NULL,
              fixture_setup, test_many_matches, fixture_teardown);
  g_test_add ("/pd/ui/command-palette/accessible", Fixture, NULL,
              fixture_setup, test_accessible, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
