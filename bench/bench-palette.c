/* bench-palette.c — the command palette's cost per keystroke.
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills a PdPaletteIndex with --names generated names (pipeline-like
 * names with stages and actions as subtitles, and execution IDs) and
 * types queries into it one keystroke at a time ("t", "to", "tod", ...),
 * as the palette's entry does, then prints the median and the worst time
 * per keystroke of filtering and ranking, against one frame (16.7 ms):
 *
 *  - as typed: each keystroke refines the previous query, so the index
 *    looks only at the previous matches;
 *  - from scratch: the same queries, each one over every name.
 *
 * With --gtk (under a display: bench/run.sh wraps it in xvfb-run), it also
 * types into a real PdCommandPalette and times, per keystroke, the entry's
 * change up to the GtkListView's model update, and the frame that follows
 * (GdkFrameClock before-paint to after-paint: layout, binding the rows,
 * snapshot, render).
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pd-application.h"
#include "pd-command-palette.h"
#include "pd-palette-index.h"

#define FRAME_MS (1000.0 / 60.0)

static int n_names = 1000;
static int rounds = 15;
static gboolean with_gtk;

static const GOptionEntry options[] = {
  { "names", 0, 0, G_OPTION_ARG_INT, &n_names, "How many names to index (default 1000)", "N" },
  { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "How many times to type each query (default 15)",
    "N" },
  { "gtk", 0, 0, G_OPTION_ARG_NONE, &with_gtk, "Also time a real palette window (needs a display)",
    NULL },
  { NULL }
};

/* What users type: a pipeline's name, an acronym, a stage, a short
 * execution ID, a word of a commit, a typo that ends in no match. */
static const char * const queries[] = {
  "todo-list-aws", "tla", "deploy prod", "3f9a2c1d", "integration", "billing-apx-q",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_figures (const char *what,
               GArray     *samples)
{
  double worst = 0;

  g_array_sort (samples, compare_doubles);
  for (guint i = 0; i < samples->len; i++)
    worst = MAX (worst, g_array_index (samples, double, i));
  g_print ("  %-44s median %7.3f ms   worst %7.3f ms   (%u keystrokes; frame %.1f ms)\n", what,
           g_array_index (samples, double, samples->len / 2), worst, samples->len, FRAME_MS);
}

static GPtrArray *
generate_items (guint n)
{
  static const char * const teams[] = {
    "todo", "billing", "search", "auth", "media", "orders", "reports", "mobile", "payments",
    "catalog", "inventory", "shipping", "notify", "metrics", "backup", "docs",
  };
  static const char * const parts[] = {
    "list", "api", "web", "worker", "gateway", "frontend", "backend", "service", "jobs", "cron",
    "infra", "data", "stream", "events", "images", "edge",
  };
  static const char * const stages[] = {
    "Source", "Build", "UnitTests", "Quality", "Security", "DeployStaging", "IntegrationTests",
    "Approval", "DeployProduction",
  };
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GRand *rand = g_rand_new_with_seed (20260101);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *target = NULL;
      PdPaletteKind kind;
      guint r = g_rand_int_range (rand, 0, 10);
      const char *team = teams[g_rand_int_range (rand, 0, G_N_ELEMENTS (teams))];
      const char *part = parts[g_rand_int_range (rand, 0, G_N_ELEMENTS (parts))];

      if (r < 3)
        {
          /* An execution ID, under its pipeline. */
          kind = PD_PALETTE_KIND_EXECUTION;
          title = g_strdup_printf ("%08x-%04x-4%03x-%04x-%08x%04x", g_rand_int (rand),
                                   g_rand_int (rand) & 0xffff, g_rand_int (rand) & 0xfff,
                                   g_rand_int (rand) & 0xffff, g_rand_int (rand),
                                   g_rand_int (rand) & 0xffff);
          subtitle = g_strdup_printf ("%s-%s-aws", team, part);
        }
      else if (r < 6)
        {
          /* A stage or an action, under its pipeline. */
          kind = r < 5 ? PD_PALETTE_KIND_STAGE : PD_PALETTE_KIND_ACTION;
          title = g_strdup (stages[g_rand_int_range (rand, 0, G_N_ELEMENTS (stages))]);
          subtitle = g_strdup_printf ("%s-%s-%u", team, part, i % 97);
        }
      else
        {
          kind = PD_PALETTE_KIND_PIPELINE;
          title = g_strdup_printf ("%s-%s-%s-%u", team, part,
                                   parts[g_rand_int_range (rand, 0, G_N_ELEMENTS (parts))], i);
        }
      target = g_strdup_printf ("pipeline:%s", subtitle != NULL ? subtitle : title);
      g_ptr_array_add (items, pd_palette_item_new (kind, title, subtitle, NULL, target));
    }
  /* The names the queries look for. */
  g_ptr_array_add (items, pd_palette_item_new (PD_PALETTE_KIND_PIPELINE, "todo-list-aws", NULL,
                                               NULL, "pipeline:todo-list-aws"));
  g_ptr_array_add (items, pd_palette_item_new (PD_PALETTE_KIND_EXECUTION,
                                               "3f9a2c1d-7a41-4c2b-9d55-0123456789ab",
                                               "todo-list-aws", NULL,
                                               "pipeline:todo-list-aws/3f9a2c1d"));
  g_rand_free (rand);
  return items;
}

static void
bench_core (GPtrArray *items)
{
  g_autoptr(PdPaletteIndex) index = pd_palette_index_new ();
  g_autoptr(GArray) typed = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  double t0;

  t0 = now_ms ();
  pd_palette_index_set_items (index, "names", items);
  g_print ("  indexing %u names (empty query: all of them): %.2f ms\n",
           pd_palette_index_get_n_candidates (index), now_ms () - t0);

  for (int r = 0; r < rounds; r++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        gsize len = strlen (queries[q]);

        for (gsize k = 1; k <= len; k++)
          {
            g_autofree char *prefix = g_strndup (queries[q], k);
            double ms;

            t0 = now_ms ();
            pd_palette_index_set_query (index, prefix);
            ms = now_ms () - t0;
            g_array_append_val (typed, ms);
            if (k == 1)
              g_array_append_val (first, ms);
            if (r == 0 && k == len)
              g_print ("  '%s': %u matches\n", queries[q],
                       g_list_model_get_n_items (G_LIST_MODEL (index)));
          }
        pd_palette_index_set_query (index, "");
      }

  /* The same keystrokes, each from every name: what refining saves. */
  for (int r = 0; r < rounds; r++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      for (gsize k = 1; k <= strlen (queries[q]); k++)
        {
          g_autofree char *prefix = g_strndup (queries[q], k);
          double ms;

          pd_palette_index_set_query (index, "");
          t0 = now_ms ();
          pd_palette_index_set_query (index, prefix);
          ms = now_ms () - t0;
          g_array_append_val (scratch, ms);
        }

  print_figures ("filter+rank per keystroke, as typed", typed);
  print_figures ("first keystroke (over every name)", first);
  print_figures ("filter+rank per keystroke, from scratch", scratch);
}

typedef struct
{
  double before_paint;
  double frame_ms;
  guint  frames;
} Frames;

static void
on_before_paint_cb (GdkFrameClock *clock,
                    Frames        *frames)
{
  frames->before_paint = now_ms ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Frames        *frames)
{
  if (frames->before_paint > 0)
    frames->frame_ms = now_ms () - frames->before_paint;
  frames->frames++;
}

static gboolean
wait_frame (Frames *frames,
            guint   seen)
{
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  while (frames->frames == seen && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return frames->frames != seen;
}

static void
bench_gtk (GPtrArray *items)
{
  g_autoptr(PdApplication) app = NULL;
  g_autoptr(PdPaletteIndex) index = pd_palette_index_new ();
  g_autoptr(GArray) update = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  PdCommandPalette *palette;
  GtkEditable *entry;
  GdkFrameClock *clock;
  Frames frames = { 0 };
  guint missed = 0;

  if (!gtk_init_check ())
    {
      g_printerr ("--gtk needs a display: run it under xvfb-run (package xvfb)\n");
      exit (1);
    }
  adw_init ();
  /* Registers the resources the palette's template comes from. */
  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  pd_palette_index_set_items (index, "names", items);
  palette = pd_command_palette_new (NULL, index);
  entry = pd_command_palette_get_entry (palette);
  gtk_window_present (GTK_WINDOW (palette));
  while (!gtk_widget_get_mapped (GTK_WIDGET (palette)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (palette));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), &frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &frames);
  wait_frame (&frames, frames.frames);

  for (int r = 0; r < MAX (rounds / 3, 1); r++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        gsize len = strlen (queries[q]);

        for (gsize k = 1; k <= len; k++)
          {
            g_autofree char *prefix = g_strndup (queries[q], k);
            guint seen = frames.frames;
            double t0, ms, sum;

            t0 = now_ms ();
            gtk_editable_set_text (entry, prefix);
            ms = now_ms () - t0;
            g_array_append_val (update, ms);
            if (!wait_frame (&frames, seen))
              {
                missed++;
                continue;
              }
            g_array_append_val (frame, frames.frame_ms);
            sum = ms + frames.frame_ms;
            g_array_append_val (total, sum);
          }
        gtk_editable_set_text (entry, "");
        wait_frame (&frames, frames.frames);
      }

  print_figures ("entry change to list model update", update);
  print_figures ("the frame after it (layout, rows, paint)", frame);
  print_figures ("both: the keystroke's main-thread time", total);
  if (missed > 0)
    g_print ("  %u keystrokes drew no frame within 2 s\n", missed);
  gtk_window_destroy (GTK_WINDOW (palette));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— command palette per keystroke");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_names < 1 || n_names > 10000000 || rounds < 1)
    {
      g_printerr ("--names must be between 1 and 10000000, --rounds at least 1\n");
      return 2;
    }

  items = generate_items (n_names);
  g_print ("%d names, %d rounds of typing %u queries one keystroke at a time\n", n_names, rounds,
           (guint) G_N_ELEMENTS (queries));
  bench_core (items);
  if (with_gtk)
    {
      g_print (" in a PdCommandPalette (GtkListView, %s renderer):\n",
               g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");
      bench_gtk (items);
    }
  return 0;
}
