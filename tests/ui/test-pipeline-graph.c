/* test-pipeline-graph.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "pd-application.h"
#include "pd-pipeline-graph.h"
#include "pd-pipeline-view.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"
#include "pd-test-window.h"
#include "pd-window.h"

#define WAIT_MS 30000

static PdApplication *app;

typedef struct
{
  GtkWidget       *window;
  GtkWidget       *scroller;
  PdPipelineGraph *graph;
} Fixture;

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->window = gtk_window_new ();
  g_object_ref_sink (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 600);
  fixture->scroller = gtk_scrolled_window_new ();
  fixture->graph = PD_PIPELINE_GRAPH (pd_pipeline_graph_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (fixture->scroller), GTK_WIDGET (fixture->graph));
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->scroller);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (pd_test_wait_until (widget_is_mapped, fixture->graph, 5000));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
}

typedef struct
{
  GtkWidget *widget;
  gboolean   painted;
} Paint;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Paint         *paint)
{
  paint->painted = TRUE;
}

/* Waits until @widget has been laid out and painted again. */
static void
wait_for_widget_layout (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  Paint paint = { widget, FALSE };
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &paint);
  gtk_widget_queue_draw (widget);
  pd_test_wait_for_flag (&paint.painted, 5000);
  g_signal_handler_disconnect (clock, handler);
}

static void
wait_for_layout (Fixture *fixture)
{
  wait_for_widget_layout (GTK_WIDGET (fixture->graph));
}

static void
fill_graph (PdPipelineGraph *graph,
            guint            n_stages,
            guint            n_actions,
            guint            orders_per_stage)
{
  pd_pipeline_graph_set_n_stages (graph, n_stages);

  for (guint s = 0; s < n_stages; s++)
    {
      g_autofree char *stage_name = g_strdup_printf ("Stage%u", s);
      PdGraphStageInfo stage = {
        .name = stage_name,
        .status = s % 2 ? PD_GRAPH_STATUS_SUCCEEDED : PD_GRAPH_STATUS_IN_PROGRESS,
        .has_inbound_transition = s > 0,
        .inbound_enabled = s % 3 != 1,
        .disabled_reason = "Release freeze",
      };

      pd_pipeline_graph_update_stage (graph, s, &stage, n_actions);
      for (guint a = 0; a < n_actions; a++)
        {
          g_autofree char *action_name = g_strdup_printf ("Action%u_%u", s, a);
          PdGraphActionInfo action = {
            .name = action_name,
            .provider = "CodeBuild",
            .category = PD_AWS_ACTION_CATEGORY_BUILD,
            .status = PD_GRAPH_STATUS_SUCCEEDED,
            /* Interleave the run orders so that the layout has to group them. */
            .run_order = 1 + (a * 7 + s) % orders_per_stage,
            .duration = 10 * a,
            .percent = -1,
            .summary = "A summary",
          };

          pd_pipeline_graph_update_action (graph, s, a, &action);
        }
    }
}

static graphene_rect_t
bounds_in_graph (Fixture   *fixture,
                 GtkWidget *widget)
{
  graphene_rect_t rect;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (fixture->graph), &rect));
  return rect;
}

static gboolean
rects_overlap (const graphene_rect_t *a,
               const graphene_rect_t *b)
{
  return a->origin.x < b->origin.x + b->size.width &&
         b->origin.x < a->origin.x + a->size.width &&
         a->origin.y < b->origin.y + b->size.height &&
         b->origin.y < a->origin.y + a->size.height;
}

static gboolean
rect_contains (const graphene_rect_t *outer,
               const graphene_rect_t *inner)
{
  return inner->origin.x >= outer->origin.x &&
         inner->origin.y >= outer->origin.y &&
         inner->origin.x + inner->size.width <= outer->origin.x + outer->size.width &&
         inner->origin.y + inner->size.height <= outer->origin.y + outer->size.height;
}

static void
check_no_overlap (Fixture *fixture)
{
  guint n_stages = pd_pipeline_graph_get_n_stages (fixture->graph);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  int graph_width = gtk_widget_get_width (GTK_WIDGET (fixture->graph));
  int graph_height = gtk_widget_get_height (GTK_WIDGET (fixture->graph));
  graphene_rect_t graph_rect = GRAPHENE_RECT_INIT (0, 0, graph_width, graph_height);

  for (guint s = 0; s < n_stages; s++)
    {
      GtkWidget *stage = pd_pipeline_graph_get_stage_widget (fixture->graph, s);
      GtkWidget *marker = pd_pipeline_graph_get_transition_widget (fixture->graph, s);
      graphene_rect_t stage_rect = bounds_in_graph (fixture, stage);
      guint first = all->len;

      g_assert_true (rect_contains (&graph_rect, &stage_rect));
      g_assert_cmpfloat (stage_rect.size.width, >, 0);

      for (guint i = 0; i < s; i++)
        {
          graphene_rect_t other = bounds_in_graph (fixture, pd_pipeline_graph_get_stage_widget (fixture->graph, i));

          g_assert_false (rects_overlap (&stage_rect, &other));
          /* Stages run as text does: left to right, then on a row below. */
          if (other.origin.y == stage_rect.origin.y)
            g_assert_cmpfloat (other.origin.x, <, stage_rect.origin.x);
          else
            g_assert_cmpfloat (other.origin.y + other.size.height, <=, stage_rect.origin.y);
        }

      if (gtk_widget_get_visible (marker))
        {
          graphene_rect_t marker_rect = bounds_in_graph (fixture, marker);

          g_assert_cmpuint (s, >, 0);
          g_assert_true (rect_contains (&graph_rect, &marker_rect));
          for (guint i = 0; i < n_stages; i++)
            {
              GtkWidget *other_stage = pd_pipeline_graph_get_stage_widget (fixture->graph, i);
              graphene_rect_t other = bounds_in_graph (fixture, other_stage);

              g_assert_false (rects_overlap (&marker_rect, &other));
            }
        }

      for (guint a = 0; a < pd_pipeline_graph_get_n_actions (fixture->graph, s); a++)
        {
          GtkWidget *action = pd_pipeline_graph_get_action_widget (fixture->graph, s, a);
          graphene_rect_t rect = bounds_in_graph (fixture, action);

          g_assert_cmpfloat (rect.size.width, >, 0);
          g_assert_cmpfloat (rect.size.height, >, 0);
          g_assert_true (rect_contains (&stage_rect, &rect));
          for (guint j = first; j < all->len; j++)
            g_assert_false (rects_overlap (&rect, &g_array_index (all, graphene_rect_t, j)));
          g_array_append_val (all, rect);
        }
    }
}

static void
test_graph_layout_no_overlap (Fixture       *fixture,
                              gconstpointer  data)
{
  const guint stage_counts[] = { 1, 2, 7, 20 };
  const guint action_counts[] = { 1, 2, 5, 10 };
  const guint order_counts[] = { 1, 3, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (stage_counts); i++)
    for (guint j = 0; j < G_N_ELEMENTS (action_counts); j++)
      for (guint k = 0; k < G_N_ELEMENTS (order_counts); k++)
        {
          fill_graph (fixture->graph, stage_counts[i], action_counts[j], order_counts[k]);
          wait_for_layout (fixture);
          check_no_overlap (fixture);
        }

  /* Same at both ends of the zoom range. */
  pd_pipeline_graph_set_zoom (fixture->graph, PD_PIPELINE_GRAPH_MIN_ZOOM);
  wait_for_layout (fixture);
  check_no_overlap (fixture);
  pd_pipeline_graph_set_zoom (fixture->graph, PD_PIPELINE_GRAPH_MAX_ZOOM);
  wait_for_layout (fixture);
  check_no_overlap (fixture);
}

/* Fitted into small viewports, long graphs go on several rows; their
 * stages, cards and transition markers still never overlap. */
static void
test_graph_layout_rows (Fixture       *fixture,
                        gconstpointer  data)
{
  const guint stage_counts[] = { 2, 7, 20 };
  const guint action_counts[] = { 1, 5 };
  const guint order_counts[] = { 1, 3 };

  for (guint i = 0; i < G_N_ELEMENTS (stage_counts); i++)
    for (guint j = 0; j < G_N_ELEMENTS (action_counts); j++)
      for (guint k = 0; k < G_N_ELEMENTS (order_counts); k++)
        {
          fill_graph (fixture->graph, stage_counts[i], action_counts[j], order_counts[k]);
          pd_pipeline_graph_set_fit (fixture->graph, TRUE);
          /* A viewport a little wider than one stage: one stage a row. */
          pd_pipeline_graph_fit_to (fixture->graph, 300, 400);
          wait_for_layout (fixture);
          g_assert_cmpuint (pd_pipeline_graph_get_stages_per_row (fixture->graph), ==, 1);
          check_no_overlap (fixture);

          /* Any height: as many stages a row as fit the width at zoom 1,
           * three stages of one column of cards (872 pixels) or one of
           * three columns. */
          pd_pipeline_graph_fit_to (fixture->graph, 900, 100000);
          wait_for_layout (fixture);
          g_assert_cmpfloat (pd_pipeline_graph_get_zoom (fixture->graph), ==, 1.0);
          g_assert_cmpuint (pd_pipeline_graph_get_stages_per_row (fixture->graph), ==,
                            MIN (action_counts[j], order_counts[k]) == 1
                            ? MIN (stage_counts[i], 3) : 1);
          check_no_overlap (fixture);
        }
}

static void
test_graph_run_order_columns (Fixture       *fixture,
                              gconstpointer  data)
{
  PdGraphStageInfo stage = { .name = "Test", .status = PD_GRAPH_STATUS_FAILED };
  PdGraphActionInfo actions[] = {
    { .name = "Package", .run_order = 2, .duration = -1, .percent = -1 },
    { .name = "UnitTests", .run_order = 1, .duration = -1, .percent = -1 },
    { .name = "Lint", .run_order = 1, .duration = -1, .percent = -1 },
  };
  graphene_rect_t package, unit, lint;

  pd_pipeline_graph_set_n_stages (fixture->graph, 1);
  pd_pipeline_graph_update_stage (fixture->graph, 0, &stage, G_N_ELEMENTS (actions));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    pd_pipeline_graph_update_action (fixture->graph, 0, i, &actions[i]);
  wait_for_layout (fixture);

  package = bounds_in_graph (fixture, pd_pipeline_graph_get_action_widget (fixture->graph, 0, 0));
  unit = bounds_in_graph (fixture, pd_pipeline_graph_get_action_widget (fixture->graph, 0, 1));
  lint = bounds_in_graph (fixture, pd_pipeline_graph_get_action_widget (fixture->graph, 0, 2));

  /* One runOrder runs in parallel: stacked in one column. */
  g_assert_cmpfloat (unit.origin.x, ==, lint.origin.x);
  g_assert_cmpfloat (unit.origin.y, <, lint.origin.y);
  /* The next runOrder comes after, to the right. */
  g_assert_cmpfloat (package.origin.x, >, unit.origin.x + unit.size.width);
}

/* The value may hold a '%', which the GTK macro cannot print. */
static void
assert_label (GtkWidget  *widget,
              const char *expected)
{
  g_autofree char *value = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                               GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                               expected);

  g_assert_null (value);
}

static void
test_graph_accessible (Fixture       *fixture,
                       gconstpointer  data)
{
  PdGraphStageInfo source = { .name = "Source", .status = PD_GRAPH_STATUS_SUCCEEDED };
  PdGraphStageInfo test = {
    .name = "Test",
    .status = PD_GRAPH_STATUS_FAILED,
    .has_inbound_transition = TRUE,
    .inbound_enabled = FALSE,
    .disabled_reason = "Release freeze",
  };
  PdGraphActionInfo checkout = {
    .name = "Checkout", .category = PD_AWS_ACTION_CATEGORY_SOURCE,
    .status = PD_GRAPH_STATUS_SUCCEEDED, .run_order = 1, .duration = -1, .percent = -1,
  };
  PdGraphActionInfo unit = {
    .name = "UnitTests", .category = PD_AWS_ACTION_CATEGORY_TEST,
    .status = PD_GRAPH_STATUS_SUCCEEDED, .run_order = 1, .duration = 130, .percent = -1,
  };
  PdGraphActionInfo lint = {
    .name = "Lint", .category = PD_AWS_ACTION_CATEGORY_TEST,
    .status = PD_GRAPH_STATUS_FAILED, .run_order = 1, .duration = 5, .percent = -1,
    .summary = "flake8 found 3 problems",
  };
  GtkWidget *marker;

  pd_pipeline_graph_set_n_stages (fixture->graph, 2);
  pd_pipeline_graph_update_stage (fixture->graph, 0, &source, 1);
  pd_pipeline_graph_update_action (fixture->graph, 0, 0, &checkout);
  pd_pipeline_graph_update_stage (fixture->graph, 1, &test, 2);
  pd_pipeline_graph_update_action (fixture->graph, 1, 0, &unit);
  pd_pipeline_graph_update_action (fixture->graph, 1, 1, &lint);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (pd_pipeline_graph_get_stage_widget (fixture->graph, 1)),
                                   GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (pd_pipeline_graph_get_stage_widget (fixture->graph, 1)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Stage Test, failed");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (pd_pipeline_graph_get_action_widget (fixture->graph, 1, 0)),
                                   GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (pd_pipeline_graph_get_action_widget (fixture->graph, 1, 0)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Action UnitTests, succeeded in 2 min 10 s");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (pd_pipeline_graph_get_action_widget (fixture->graph, 1, 1)),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "flake8 found 3 problems");
  g_assert_true (gtk_widget_get_focusable (pd_pipeline_graph_get_action_widget (fixture->graph, 1, 0)));

  /* The disabled transition is visible and says why. */
  marker = pd_pipeline_graph_get_transition_widget (fixture->graph, 1);
  g_assert_true (gtk_widget_get_visible (marker));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (marker), ==, "Transition to Test disabled: Release freeze");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Transition to Test disabled: Release freeze");

  /* Labels follow changes. */
  unit.status = PD_GRAPH_STATUS_IN_PROGRESS;
  unit.percent = 40;
  pd_pipeline_graph_update_action (fixture->graph, 1, 0, &unit);
  assert_label (pd_pipeline_graph_get_action_widget (fixture->graph, 1, 0),
                "Action UnitTests, in progress, 40 % done");
  test.inbound_enabled = TRUE;
  test.status = PD_GRAPH_STATUS_IN_PROGRESS;
  pd_pipeline_graph_update_stage (fixture->graph, 1, &test, 2);
  g_assert_false (gtk_widget_get_visible (marker));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (pd_pipeline_graph_get_stage_widget (fixture->graph, 1)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Stage Test, in progress");

  /* The header names the execution and its revision. */
  pd_pipeline_graph_set_header (fixture->graph, "0123-exec", "abcdef0123456789", "Fix the login\n\nLong body");
  g_assert_cmpstr (pd_pipeline_graph_get_header_text (fixture->graph), ==,
                   "Execution 0123-exec · revision abcdef01 · Fix the login");
}

typedef struct
{
  char *stage;
  char *action;
} Activated;

static void
on_action_activated_cb (PdPipelineGraph *graph,
                        const char      *stage,
                        const char      *action,
                        Activated       *activated)
{
  g_free (activated->stage);
  g_free (activated->action);
  activated->stage = g_strdup (stage);
  activated->action = g_strdup (action);
}

static GtkWidget *
focused (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

static void
move (Fixture *fixture,
      int      dx,
      int      dy)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->graph), "graph.move-focus",
                                             "(ii)", dx, dy));
}

static void
test_graph_keyboard (Fixture       *fixture,
                     gconstpointer  data)
{
  Activated activated = { NULL, NULL };
  PdPipelineGraph *graph = fixture->graph;

  /* Stage0: actions 0..3 over 2 run orders; Stage1 likewise. */
  fill_graph (graph, 2, 4, 2);
  wait_for_layout (fixture);

  /* Stage s, action a has run order 1 + (7a + s) % 2. Stage0: a0,a2 in
   * column 0, a1,a3 in column 1. Stage1: a1,a3 in column 0, a0,a2 in 1. */
  move (fixture, 1, 0);
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 0, 0));
  move (fixture, 0, 1);
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 0, 2));
  move (fixture, 0, 1);   /* the bottom of the column: stays */
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 0, 2));
  move (fixture, 1, 0);
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 0, 3));
  move (fixture, 1, 0);   /* into the next stage, same row */
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 1, 3));
  move (fixture, 0, -1);
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 1, 1));
  move (fixture, 0, -1);  /* the top: on to the stage's title */
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_stage_header (graph, 1));
  move (fixture, 0, -1);  /* above the title: stays */
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_stage_header (graph, 1));
  move (fixture, 0, 1);   /* back down: the first action of the first column */
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 1, 1));
  move (fixture, 1, 0);
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 1, 0));
  move (fixture, 1, 0);   /* the last column: stays */
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 1, 0));
  move (fixture, -1, 0);
  move (fixture, -1, 0);  /* back into the first stage's last column */
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 0, 1));

  /* Enter opens the focused action. */
  g_signal_connect (graph, "action-activated", G_CALLBACK (on_action_activated_cb), &activated);
  g_assert_true (gtk_widget_activate (focused (fixture)));
  g_assert_cmpstr (activated.stage, ==, "Stage0");
  g_assert_cmpstr (activated.action, ==, "Action0_1");

  g_assert_true (pd_pipeline_graph_focus_action (graph, "Stage1", "Action1_2"));
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 1, 2));
  g_assert_false (pd_pipeline_graph_focus_action (graph, "Stage1", "NoSuchAction"));

  g_signal_handlers_disconnect_by_data (graph, &activated);
  g_free (activated.stage);
  g_free (activated.action);
}

typedef struct
{
  char  *stage;
  guint  count;
} StageActivated;

static void
on_stage_activated_cb (PdPipelineGraph *graph,
                       const char      *stage,
                       StageActivated  *activated)
{
  g_free (activated->stage);
  activated->stage = g_strdup (stage);
  activated->count++;
}

static gboolean
press_key (Fixture *fixture,
           guint    keyval)
{
  GtkWidget *widget = focused (fixture);

  /* What a key press does: the focused widget's bindings, then its
   * ancestors' (the graph's). */
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      GtkEventController *controller = NULL;
      GListModel *controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers) && controller == NULL; i++)
        {
          g_autoptr(GtkEventController) item = g_list_model_get_item (controllers, i);

          if (GTK_IS_SHORTCUT_CONTROLLER (item))
            {
              GListModel *shortcuts = G_LIST_MODEL (item);

              for (guint k = 0; k < g_list_model_get_n_items (shortcuts); k++)
                {
                  g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, k);
                  GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
                  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, 0);

                  if (gtk_shortcut_trigger_equal (trigger, wanted))
                    {
                      gboolean done = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                                    0, widget,
                                                                    gtk_shortcut_get_arguments (shortcut));

                      g_object_unref (controllers);
                      return done;
                    }
                }
            }
        }
      g_object_unref (controllers);
    }
  return FALSE;
}

static void
test_graph_stage_header (Fixture       *fixture,
                         gconstpointer  data)
{
  PdPipelineGraph *graph = fixture->graph;
  StageActivated activated = { NULL, 0 };
  Activated action_activated = { NULL, NULL };
  GtkWidget *header;
  graphene_rect_t header_rect, stage_rect, action_rect;

  fill_graph (graph, 3, 2, 1);
  wait_for_layout (fixture);

  /* A button named like the stage, saying what it does. */
  header = pd_pipeline_graph_get_stage_header (graph, 1);
  g_assert_nonnull (header);
  g_assert_null (pd_pipeline_graph_get_stage_header (graph, 3));
  g_assert_true (gtk_widget_get_focusable (header));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Stage Stage1, succeeded");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Opens the build logs of the stage");

  /* It covers the stage's title, above the cards and inside the stage. */
  header_rect = bounds_in_graph (fixture, header);
  stage_rect = bounds_in_graph (fixture, pd_pipeline_graph_get_stage_widget (graph, 1));
  action_rect = bounds_in_graph (fixture, pd_pipeline_graph_get_action_widget (graph, 1, 0));
  g_assert_cmpfloat (header_rect.size.width, ==, stage_rect.size.width);
  g_assert_cmpfloat (header_rect.size.height, >, 0);
  g_assert_true (rect_contains (&stage_rect, &header_rect));
  g_assert_false (rects_overlap (&header_rect, &action_rect));
  g_assert_cmpfloat (header_rect.origin.y, <, action_rect.origin.y);

  /* Home reaches the focused stage's title; Left and Right go along the titles. */
  g_assert_true (pd_pipeline_graph_focus_action (graph, "Stage1", "Action1_1"));
  g_assert_true (press_key (fixture, GDK_KEY_Home));
  g_assert_true (focused (fixture) == header);
  move (fixture, 1, 0);
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_stage_header (graph, 2));
  move (fixture, 1, 0);   /* the last stage: stays */
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_stage_header (graph, 2));
  move (fixture, -1, 0);
  move (fixture, -1, 0);
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_stage_header (graph, 0));
  move (fixture, -1, 0);  /* the first stage: stays */
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_stage_header (graph, 0));

  /* Enter and Space on the title open the stage, not an action. */
  g_signal_connect (graph, "stage-activated", G_CALLBACK (on_stage_activated_cb), &activated);
  g_signal_connect (graph, "action-activated", G_CALLBACK (on_action_activated_cb), &action_activated);
  g_assert_true (press_key (fixture, GDK_KEY_Return));
  g_assert_cmpstr (activated.stage, ==, "Stage0");
  move (fixture, 1, 0);
  g_assert_true (press_key (fixture, GDK_KEY_space));
  g_assert_cmpstr (activated.stage, ==, "Stage1");
  g_assert_cmpuint (activated.count, ==, 2);
  g_assert_null (action_activated.stage);

  /* Down from the title, then Enter, opens the action again. */
  move (fixture, 0, 1);
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_action_widget (graph, 1, 0));
  g_assert_true (press_key (fixture, GDK_KEY_Return));
  g_assert_cmpstr (action_activated.action, ==, "Action1_0");
  g_assert_cmpuint (activated.count, ==, 2);

  /* With nothing focused, Home goes to the first stage. */
  gtk_root_set_focus (GTK_ROOT (fixture->window), NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (graph), "graph.focus-stage", NULL));
  g_assert_true (focused (fixture) == pd_pipeline_graph_get_stage_header (graph, 0));

  g_signal_handlers_disconnect_by_data (graph, &activated);
  g_signal_handlers_disconnect_by_data (graph, &action_activated);
  g_free (activated.stage);
  g_free (action_activated.stage);
  g_free (action_activated.action);
}

static void
test_graph_zoom (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *action;
  int width;

  fill_graph (fixture->graph, 3, 2, 1);
  wait_for_layout (fixture);
  action = pd_pipeline_graph_get_action_widget (fixture->graph, 0, 0);
  width = gtk_widget_get_width (action);
  g_assert_true (pd_pipeline_graph_get_fit (fixture->graph));

  /* Zooming by hand stops the fitting. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->graph), "graph.zoom-in", NULL));
  wait_for_layout (fixture);
  g_assert_cmpfloat (pd_pipeline_graph_get_zoom (fixture->graph), >, 1.0);
  g_assert_cmpint (gtk_widget_get_width (action), >, width);
  g_assert_false (pd_pipeline_graph_get_fit (fixture->graph));
  pd_pipeline_graph_fit_to (fixture->graph, 300, 300);
  g_assert_cmpfloat (pd_pipeline_graph_get_zoom (fixture->graph), >, 1.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->graph), "graph.zoom-out", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->graph), "graph.zoom-out", NULL));
  wait_for_layout (fixture);
  g_assert_cmpfloat (pd_pipeline_graph_get_zoom (fixture->graph), <, 1.0);
  g_assert_cmpint (gtk_widget_get_width (action), <, width);

  /* Reset fits again: what the viewport then holds. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->graph), "graph.zoom-reset", NULL));
  g_assert_true (pd_pipeline_graph_get_fit (fixture->graph));
  g_assert_true (pd_pipeline_graph_fit_to (fixture->graph, 4000, 4000));
  wait_for_layout (fixture);
  g_assert_cmpfloat (pd_pipeline_graph_get_zoom (fixture->graph), ==, 1.0);
  g_assert_cmpint (gtk_widget_get_width (action), ==, width);

  /* The range is bounded. */
  for (guint i = 0; i < 20; i++)
    gtk_widget_activate_action (GTK_WIDGET (fixture->graph), "graph.zoom-in", NULL);
  g_assert_cmpfloat (pd_pipeline_graph_get_zoom (fixture->graph), ==, PD_PIPELINE_GRAPH_MAX_ZOOM);
}

/* The graph's own shortcuts: the zoom keys, and never Ctrl+1…9, which
 * switch between the window's sections. */
static void
test_graph_shortcuts (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->graph));
  struct { guint keyval; const char *action; gboolean seen; } wanted[] = {
    { GDK_KEY_plus, "graph.zoom-in" }, { GDK_KEY_equal, "graph.zoom-in" },
    { GDK_KEY_minus, "graph.zoom-out" }, { GDK_KEY_0, "graph.zoom-reset" },
  };

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          guint keyval;
          GdkModifierType modifiers;

          if (!GTK_IS_KEYVAL_TRIGGER (trigger))
            continue;
          keyval = gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger));
          modifiers = gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger));

          if ((modifiers & GDK_CONTROL_MASK) != 0)
            {
              g_assert_false (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9);
              g_assert_false (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9);
            }
          for (guint k = 0; k < G_N_ELEMENTS (wanted); k++)
            if (keyval == wanted[k].keyval && modifiers == GDK_CONTROL_MASK &&
                GTK_IS_NAMED_ACTION (action) &&
                g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                             wanted[k].action))
              wanted[k].seen = TRUE;
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (wanted); k++)
    g_assert_true (wanted[k].seen);
}

/* What the fit chooses, with no window around: the whole graph in the
 * viewport, never above 1 or below the readable minimum. */
static void
test_graph_compute_fit (Fixture       *fixture,
                        gconstpointer  data)
{
  guint per_row = 0;
  double zoom;

  /* Nothing to show: zoom 1. */
  pd_pipeline_graph_set_n_stages (fixture->graph, 0);
  g_assert_cmpfloat (pd_pipeline_graph_compute_fit (fixture->graph, 800, 600, &per_row), ==, 1.0);

  /* Room to spare: the natural size, in one row. */
  fill_graph (fixture->graph, 2, 1, 1);
  g_assert_cmpfloat (pd_pipeline_graph_compute_fit (fixture->graph, 4000, 3000, &per_row), ==, 1.0);
  g_assert_cmpuint (per_row, ==, 2);

  /* No room: the readable minimum, one stage a row and a viewport of
   * zero or less asks for the same. */
  fill_graph (fixture->graph, 20, 10, 3);
  g_assert_cmpfloat (pd_pipeline_graph_compute_fit (fixture->graph, 200, 100, &per_row), ==,
                     PD_PIPELINE_GRAPH_FIT_MIN_ZOOM);
  g_assert_cmpuint (per_row, ==, 1);
  g_assert_cmpfloat (pd_pipeline_graph_compute_fit (fixture->graph, 0, -5, &per_row), ==,
                     PD_PIPELINE_GRAPH_FIT_MIN_ZOOM);
  g_assert_false (pd_pipeline_graph_fit_to (fixture->graph, 0, -5));

  /* In between, the size it reports once fitted is inside the viewport. */
  for (guint n = 1; n <= PD_PIPELINE_GRAPH_MAX_STAGES; n++)
    {
      int width = 0, height = 0;

      fill_graph (fixture->graph, n, 1 + n % 3, 1);
      zoom = pd_pipeline_graph_compute_fit (fixture->graph, 1000, 700, &per_row);
      g_assert_cmpfloat (zoom, >=, PD_PIPELINE_GRAPH_FIT_MIN_ZOOM);
      g_assert_cmpfloat (zoom, <=, 1.0);
      pd_pipeline_graph_set_fit (fixture->graph, TRUE);
      pd_pipeline_graph_fit_to (fixture->graph, 1000, 700);
      g_assert_cmpfloat_with_epsilon (pd_pipeline_graph_get_zoom (fixture->graph), zoom, 0.001);
      g_assert_cmpuint (pd_pipeline_graph_get_stages_per_row (fixture->graph), ==, per_row);
      gtk_widget_measure (GTK_WIDGET (fixture->graph), GTK_ORIENTATION_HORIZONTAL, -1,
                          NULL, &width, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (fixture->graph), GTK_ORIENTATION_VERTICAL, -1,
                          NULL, &height, NULL, NULL);
      g_assert_cmpint (width, <=, 1000);
      if (zoom > PD_PIPELINE_GRAPH_FIT_MIN_ZOOM)
        g_assert_cmpint (height, <=, 700);
    }
}

static void
test_graph_shrink (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *stage;

  fill_graph (fixture->graph, 20, 10, 3);
  wait_for_layout (fixture);
  stage = pd_pipeline_graph_get_stage_widget (fixture->graph, 19);
  g_object_add_weak_pointer (G_OBJECT (stage), (gpointer *) &stage);

  /* Fewer stages and actions: the extra widgets go away. */
  fill_graph (fixture->graph, 2, 1, 1);
  wait_for_layout (fixture);
  g_assert_null (stage);
  g_assert_cmpuint (pd_pipeline_graph_get_n_stages (fixture->graph), ==, 2);
  g_assert_cmpuint (pd_pipeline_graph_get_n_actions (fixture->graph, 1), ==, 1);
  g_assert_null (pd_pipeline_graph_get_action_widget (fixture->graph, 1, 1));
  check_no_overlap (fixture);
}

/* In the real window, on the sandbox. */

typedef struct
{
  PdTestSandbox *sandbox;
  PdAccount     *account;
  PdWindow      *window;
} WindowFixture;

typedef struct
{
  int width;
  int height;
} WindowSize;

static const WindowSize size_1280x800 = { 1280, 800 };
static const WindowSize size_1100x720 = { 1100, 720 };   /* the default */

static PdPipelineView *
view_of (WindowFixture *fixture)
{
  return pd_pipelines_page_get_pipeline_view (pd_test_window_pipelines (fixture->window));
}

static PdPipelineGraph *
graph_of (WindowFixture *fixture)
{
  return pd_pipeline_view_get_graph (view_of (fixture));
}

typedef struct
{
  GtkWidget *widget;
  int        width;
  int        height;
} SizeWait;

static gboolean
window_size_changed (gpointer data)
{
  SizeWait *wait = data;

  return gtk_widget_get_width (wait->widget) != wait->width ||
         gtk_widget_get_height (wait->widget) != wait->height;
}

static gboolean
window_is_allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

/* The window's default size is its size with the border around it: wait
 * for its size to change, whatever it becomes. */
static void
resize_window (WindowFixture *fixture,
               int            width,
               int            height)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  SizeWait wait = { window, 0, 0 };
  int old_width, old_height;

  /* A request made before the first allocation could be lost. */
  g_assert_true (pd_test_wait_until (window_is_allocated, window, WAIT_MS));
  wait_for_widget_layout (window);
  wait.width = gtk_widget_get_width (window);
  wait.height = gtk_widget_get_height (window);

  gtk_window_get_default_size (GTK_WINDOW (window), &old_width, &old_height);
  if (old_width == width && old_height == height)
    return;
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (pd_test_wait_until (window_size_changed, &wait, WAIT_MS));
  wait_for_widget_layout (window);
}

/* The settings live as long as the program (GSETTINGS_BACKEND=memory):
 * each test starts from the defaults, whatever the window saved. */
static void
reset_settings (void)
{
  GSettings *settings = pd_application_get_settings (app);

  g_settings_reset (settings, "executions-pane-visible");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

/* A window of the given size showing todo-list-aws, its settings the
 * application's. */
static void
window_fixture_setup (WindowFixture *fixture,
                      gconstpointer  data)
{
  const WindowSize *size = data;
  g_autoptr(GError) error = NULL;

  reset_settings ();
  fixture->sandbox = pd_test_sandbox_new (500.0, 7, 16);
  fixture->account = pd_test_window_add_sandbox_account (app, fixture->sandbox);
  fixture->window = pd_test_window_new_loaded (app, fixture->account, WAIT_MS);
  resize_window (fixture, size->width, size->height);

  g_assert_true (pd_window_show_view (fixture->window, "pipeline:todo-list-aws", &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (pd_test_window_is_idle, fixture->window, WAIT_MS));
  g_assert_true (pd_pipeline_view_get_has_data (view_of (fixture)));
  wait_for_widget_layout (GTK_WIDGET (fixture->window));
}

static void
window_fixture_teardown (WindowFixture *fixture,
                         gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_free);
  reset_settings ();
}

/* A graph shaped like todo-list-aws (three parallel actions in every
 * seventh stage from the third), @n stages long. Stages before @current
 * succeeded, @current has @status, the rest did not run. */
static void
fill_like_todo_list (PdPipelineGraph *graph,
                     guint            n,
                     guint            current,
                     PdGraphStatus    status)
{
  pd_pipeline_graph_set_n_stages (graph, n);
  for (guint s = 0; s < n; s++)
    {
      g_autofree char *stage_name = g_strdup_printf ("Stage%u", s);
      guint n_actions = s % 7 == 2 ? 3 : 1;
      PdGraphStageInfo stage = {
        .name = stage_name,
        .status = s < current ? PD_GRAPH_STATUS_SUCCEEDED
                  : s == current ? status : PD_GRAPH_STATUS_NONE,
        .has_inbound_transition = s > 0,
        .inbound_enabled = TRUE,
      };

      pd_pipeline_graph_update_stage (graph, s, &stage, n_actions);
      for (guint a = 0; a < n_actions; a++)
        {
          g_autofree char *action_name = g_strdup_printf ("Action%u_%u", s, a);
          PdGraphActionInfo action = {
            .name = action_name,
            .provider = "CodeBuild",
            .category = PD_AWS_ACTION_CATEGORY_BUILD,
            .status = stage.status,
            .run_order = 1,
            .duration = 40,
            .percent = -1,
            .summary = "serverless deploy --stage staging",
          };

          pd_pipeline_graph_update_action (graph, s, a, &action);
        }
    }
}

static gboolean
inside_viewport (WindowFixture *fixture,
                 GtkWidget     *widget)
{
  GtkWidget *scroller = pd_pipeline_view_get_graph_scroller (view_of (fixture));
  graphene_rect_t viewport = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (scroller),
                                                 gtk_widget_get_height (scroller));
  graphene_rect_t rect;

  g_assert_true (gtk_widget_compute_bounds (widget, scroller, &rect));
  return rect_contains (&viewport, &rect);
}

static void
assert_no_horizontal_scrolling (WindowFixture *fixture)
{
  GtkWidget *scroller = pd_pipeline_view_get_graph_scroller (view_of (fixture));
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));

  g_assert_cmpfloat (gtk_adjustment_get_upper (h) - gtk_adjustment_get_lower (h), <=,
                     gtk_adjustment_get_page_size (h));
}

/* Every stage and card of the graph is in the viewport. */
static void
assert_all_in_view (WindowFixture *fixture)
{
  PdPipelineGraph *graph = graph_of (fixture);

  for (guint s = 0; s < pd_pipeline_graph_get_n_stages (graph); s++)
    {
      g_assert_true (inside_viewport (fixture, pd_pipeline_graph_get_stage_widget (graph, s)));
      for (guint a = 0; a < pd_pipeline_graph_get_n_actions (graph, s); a++)
        {
          GtkWidget *card = pd_pipeline_graph_get_action_widget (graph, s, a);

          g_assert_true (inside_viewport (fixture, card));
        }
    }
}

/* The graph of 1 to 20 stages opens fitted: whole in the viewport down to
 * the readable zoom, then at that zoom with the running or failed stage
 * scrolled into view; never scrolling sideways. todo-list-aws itself, 7
 * stages, fits. */
static void
test_fit_window (WindowFixture *fixture,
                 gconstpointer  data)
{
  const WindowSize *size = data;
  PdPipelineView *view = view_of (fixture);
  PdPipelineGraph *graph = graph_of (fixture);
  guint largest_fitting = 0;

  g_assert_cmpuint (pd_pipeline_graph_get_n_stages (graph), ==, 7);
  g_assert_true (pd_pipeline_graph_get_fit (graph));
  g_assert_cmpfloat (pd_pipeline_graph_get_zoom (graph), >, PD_PIPELINE_GRAPH_FIT_MIN_ZOOM);
  assert_all_in_view (fixture);
  assert_no_horizontal_scrolling (fixture);
  /* A view narrower than 840 pixels folds the executions. */
  g_assert_cmpint (pd_pipeline_view_get_executions_shown (view), ==,
                   gtk_widget_get_width (GTK_WIDGET (view)) >= 840);
  g_test_message ("%d×%d: the view is %d pixels wide, the graph's viewport %d×%d",
                  size->width, size->height, gtk_widget_get_width (GTK_WIDGET (view)),
                  gtk_widget_get_width (pd_pipeline_view_get_graph_scroller (view)),
                  gtk_widget_get_height (pd_pipeline_view_get_graph_scroller (view)));

  /* The view lets go of the pipeline: polls no longer redraw the graph. */
  pd_pipeline_view_set_pipeline (view, NULL);
  for (guint n = 1; n <= PD_PIPELINE_GRAPH_MAX_STAGES; n++)
    {
      PdGraphStatus status = n % 2 ? PD_GRAPH_STATUS_FAILED : PD_GRAPH_STATUS_IN_PROGRESS;
      double zoom;

      fill_like_todo_list (graph, n, n - 1, status);
      wait_for_widget_layout (GTK_WIDGET (fixture->window));

      zoom = pd_pipeline_graph_get_zoom (graph);
      g_test_message ("%d×%d, %u stages: zoom %.3f, %u a row", size->width, size->height, n, zoom,
                      pd_pipeline_graph_get_stages_per_row (graph));
      g_assert_cmpfloat (zoom, <=, 1.0);
      g_assert_cmpfloat (zoom, >=, PD_PIPELINE_GRAPH_FIT_MIN_ZOOM);
      assert_no_horizontal_scrolling (fixture);
      g_assert_cmpint (pd_pipeline_graph_get_current_stage (graph), ==, n - 1);

      if (zoom > PD_PIPELINE_GRAPH_FIT_MIN_ZOOM)
        {
          /* A graph that fits is never longer than one that does not. */
          g_assert_cmpuint (largest_fitting, ==, n - 1);
          largest_fitting = n;
          assert_all_in_view (fixture);
        }
      else
        {
          /* The last stage, the failed or running one, is in view. */
          GtkWidget *stage = pd_pipeline_graph_get_stage_widget (graph, n - 1);

          g_assert_true (inside_viewport (fixture, stage));
          g_assert_false (inside_viewport (fixture, pd_pipeline_graph_get_stage_widget (graph, 0)));
        }
    }
  g_test_message ("%d×%d: up to %u stages fit", size->width, size->height, largest_fitting);
  g_assert_cmpuint (largest_fitting, >=, 7);
  g_assert_cmpuint (largest_fitting, <, PD_PIPELINE_GRAPH_MAX_STAGES);

  /* With nothing running or failed, the latest stage that ran. */
  fill_like_todo_list (graph, PD_PIPELINE_GRAPH_MAX_STAGES, 16, PD_GRAPH_STATUS_SUCCEEDED);
  wait_for_widget_layout (GTK_WIDGET (fixture->window));
  g_assert_cmpint (pd_pipeline_graph_get_current_stage (graph), ==, 16);
  g_assert_true (inside_viewport (fixture, pd_pipeline_graph_get_stage_widget (graph, 16)));
}

/* What a key press does: the bindings of the widget and its ancestors,
 * in that order. */
static gboolean
press (GtkWidget       *widget,
       guint            keyval,
       GdkModifierType  modifiers)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);

  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) item = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (item))
            continue;
          for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (item)); k++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (item), k);

              if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
                return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                     gtk_shortcut_get_arguments (shortcut));
            }
        }
    }
  return FALSE;
}

/* Ctrl+= zooms in by hand and stops the fitting, which then no longer
 * follows the window; Ctrl+0 fits again. */
static void
test_fit_zoom_keys (WindowFixture *fixture,
                    gconstpointer  data)
{
  PdPipelineGraph *graph = graph_of (fixture);
  GtkWidget *card = pd_pipeline_graph_get_action_widget (graph, 0, 0);
  double fitted = pd_pipeline_graph_get_zoom (graph);
  double zoomed;


  g_assert_true (press (card, GDK_KEY_equal, GDK_CONTROL_MASK));
  wait_for_widget_layout (GTK_WIDGET (fixture->window));
  zoomed = pd_pipeline_graph_get_zoom (graph);
  g_assert_cmpfloat (zoomed, >, fitted);
  g_assert_false (pd_pipeline_graph_get_fit (graph));
  g_assert_true (press (card, GDK_KEY_plus, GDK_CONTROL_MASK));
  g_assert_cmpfloat (pd_pipeline_graph_get_zoom (graph), >, zoomed);
  g_assert_true (press (card, GDK_KEY_minus, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (pd_pipeline_graph_get_zoom (graph), zoomed, 0.001);

  /* Another window size: the zoom stays as the user set it. */
  resize_window (fixture, 1100, 660);
  g_assert_cmpfloat_with_epsilon (pd_pipeline_graph_get_zoom (graph), zoomed, 0.001);
  resize_window (fixture, 1100, 720);

  g_assert_true (press (card, GDK_KEY_0, GDK_CONTROL_MASK));
  wait_for_widget_layout (GTK_WIDGET (fixture->window));
  g_assert_true (pd_pipeline_graph_get_fit (graph));
  g_assert_cmpfloat_with_epsilon (pd_pipeline_graph_get_zoom (graph), fitted, 0.001);
  assert_all_in_view (fixture);

  /* Fitting again follows the window: a lower one fits it smaller, but
   * still whole (660 pixels leave room for zoom 0.83). */
  resize_window (fixture, 1100, 660);
  g_assert_cmpfloat (pd_pipeline_graph_get_zoom (graph), <, fitted);
  assert_all_in_view (fixture);
}

static gboolean
setting_shown (void)
{
  return g_settings_get_boolean (pd_application_get_settings (app), "executions-pane-visible");
}

static gboolean
executions_shown (gpointer data)
{
  return pd_pipeline_view_get_executions_shown (data);
}

static gboolean
executions_hidden (gpointer data)
{
  return !pd_pipeline_view_get_executions_shown (data);
}

/* A button activates after its pressed look has shown for a moment. */
static void
click (WindowFixture *fixture,
       GtkWidget     *button)
{
  PdPipelineView *view = view_of (fixture);
  gboolean before = pd_pipeline_view_get_executions_shown (view);

  g_assert_true (gtk_widget_is_visible (button));
  gtk_widget_activate (button);
  g_assert_true (pd_test_wait_until (before ? executions_hidden : executions_shown, view, WAIT_MS));
}

static void
assert_executions (WindowFixture *fixture,
                   gboolean       shown)
{
  PdPipelineView *view = view_of (fixture);
  GtkWidget *scroller = pd_pipeline_view_get_graph_scroller (view);
  GVariant *state = g_action_group_get_action_state (pd_pipeline_view_get_action_group (view),
                                                     "show-executions");

  g_assert_cmpint (pd_pipeline_view_get_executions_shown (view), ==, shown);
  g_assert_cmpint (g_variant_get_boolean (state), ==, shown);
  g_variant_unref (state);
  wait_for_widget_layout (GTK_WIDGET (fixture->window));
  /* Folded, the pane leaves the whole view to the graph. */
  if (shown)
    g_assert_cmpint (gtk_widget_get_width (scroller), <,
                     gtk_widget_get_width (GTK_WIDGET (view)) - 200);
  else
    g_assert_cmpint (gtk_widget_get_width (scroller), ==, gtk_widget_get_width (GTK_WIDGET (view)));
}

static GtkWidget *
find_toggle (GtkWidget  *widget,
             const char *tooltip)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) &&
      g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toggle (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The pane's toggles, F9 and the setting, both ways. */
static void
test_executions_toggle (WindowFixture *fixture,
                        gconstpointer  data)
{
  PdPipelineView *view = view_of (fixture);
  GtkWidget *hide = find_toggle (GTK_WIDGET (view), "Hide Executions");
  GtkWidget *show = find_toggle (GTK_WIDGET (view), "Show Executions");
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 "pipeline.show-executions");
  double zoom;

  g_assert_nonnull (hide);
  g_assert_nonnull (show);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (hide), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Hide Executions");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (show), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Show Executions");
  g_assert_true (g_strv_contains ((const char * const *) accels, "F9"));

  /* At 1280 pixels the view is just wide enough to keep the pane. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), >=, 840);
  g_assert_false (pd_pipeline_view_get_narrow (view));
  g_assert_true (setting_shown ());
  assert_executions (fixture, TRUE);
  g_assert_true (gtk_widget_is_visible (hide));
  g_assert_false (gtk_widget_is_visible (show));
  zoom = pd_pipeline_graph_get_zoom (graph_of (fixture));

  /* The pane's button hides it, and the setting keeps that; the graph
   * takes the room. */
  click (fixture, hide);
  assert_executions (fixture, FALSE);
  g_assert_false (setting_shown ());
  g_assert_false (gtk_widget_is_visible (hide));
  g_assert_true (gtk_widget_is_visible (show));
  g_assert_cmpfloat (pd_pipeline_graph_get_zoom (graph_of (fixture)), >=, zoom);

  /* The corner button, then F9 from inside the graph. */
  click (fixture, show);
  assert_executions (fixture, TRUE);
  g_assert_true (setting_shown ());
  g_assert_true (press (pd_pipeline_graph_get_action_widget (graph_of (fixture), 0, 0),
                        GDK_KEY_F9, 0));
  assert_executions (fixture, FALSE);
  g_assert_false (setting_shown ());

  /* A change to the setting shows on the view. */
  g_settings_set_boolean (pd_application_get_settings (app), "executions-pane-visible", TRUE);
  assert_executions (fixture, TRUE);
  g_settings_set_boolean (pd_application_get_settings (app), "executions-pane-visible", FALSE);
  assert_executions (fixture, FALSE);
}

/* A narrow view folds the pane by itself and leaves the setting alone;
 * shown by hand while narrow, it folds again when the view narrows next.
 * Wide again, the setting holds. */
static void
test_executions_narrow (WindowFixture *fixture,
                        gconstpointer  data)
{
  PdPipelineView *view = view_of (fixture);
  GActionGroup *actions = pd_pipeline_view_get_action_group (view);

  g_assert_true (pd_pipeline_view_get_narrow (view));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), <, 840);
  g_assert_true (setting_shown ());
  assert_executions (fixture, FALSE);

  /* Shown by hand: a look, not a choice. */
  g_action_group_activate_action (actions, "show-executions", NULL);
  assert_executions (fixture, TRUE);
  g_assert_true (setting_shown ());

  resize_window (fixture, 1280, 800);
  g_assert_false (pd_pipeline_view_get_narrow (view));
  assert_executions (fixture, TRUE);

  /* Hidden by hand while wide: kept, narrow or wide. */
  g_action_group_activate_action (actions, "show-executions", NULL);
  assert_executions (fixture, FALSE);
  g_assert_false (setting_shown ());
  resize_window (fixture, 1100, 720);
  g_assert_true (pd_pipeline_view_get_narrow (view));
  assert_executions (fixture, FALSE);
  g_action_group_activate_action (actions, "show-executions", NULL);
  assert_executions (fixture, TRUE);
  g_assert_false (setting_shown ());
  resize_window (fixture, 1280, 800);
  assert_executions (fixture, FALSE);

  /* Shown again while wide, it folds when the window narrows. */
  g_action_group_activate_action (actions, "show-executions", NULL);
  assert_executions (fixture, TRUE);
  resize_window (fixture, 1100, 720);
  assert_executions (fixture, FALSE);
  g_assert_true (setting_shown ());
}

static void
test_format_duration (void)
{
  struct { gint64 seconds; const char *text; } cases[] = {
    { 0, "0 s" }, { 59, "59 s" }, { 60, "1 min" }, { 130, "2 min 10 s" },
    { 3600, "1 h 0 min" }, { 3725, "1 h 2 min" },
  };

  g_assert_null (pd_format_duration (-1));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = pd_format_duration (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* GTK's test accessibility backend records roles and properties without
   * a session bus, so that the accessible tree can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  adw_init ();

  g_test_add_func ("/pd/ui/pipeline-graph/format-duration", test_format_duration);
  g_test_add ("/pd/ui/pipeline-graph/layout/no-overlap", Fixture, NULL,
              fixture_setup, test_graph_layout_no_overlap, fixture_teardown);
  g_test_add ("/pd/ui/pipeline-graph/layout/run-order-columns", Fixture, NULL,
              fixture_setup, test_graph_run_order_columns, fixture_teardown);
  g_test_add ("/pd/ui/pipeline-graph/layout/shrink", Fixture, NULL,
              fixture_setup, test_graph_shrink, fixture_teardown);
  g_test_add ("/pd/ui/pipeline-graph/accessible", Fixture, NULL,
              fixture_setup, test_graph_accessible, fixture_teardown);
  g_test_add ("/pd/ui/pipeline-graph/stage-header", Fixture, NULL,
              fixture_setup, test_graph_stage_header, fixture_teardown);
  g_test_add ("/pd/ui/pipeline-graph/layout/rows", Fixture, NULL,
              fixture_setup, test_graph_layout_rows, fixture_teardown);
  g_test_add ("/pd/ui/pipeline-graph/keyboard", Fixture, NULL,
              fixture_setup, test_graph_keyboard, fixture_teardown);
  g_test_add ("/pd/ui/pipeline-graph/zoom", Fixture, NULL,
              fixture_setup, test_graph_zoom, fixture_teardown);
  g_test_add ("/pd/ui/pipeline-graph/shortcuts", Fixture, NULL,
              fixture_setup, test_graph_shortcuts, fixture_teardown);
  g_test_add ("/pd/ui/pipeline-graph/fit/compute", Fixture, NULL,
              fixture_setup, test_graph_compute_fit, fixture_teardown);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func, size) \
  g_test_add (path, WindowFixture, size, window_fixture_setup, func, window_fixture_teardown)
  ADD ("/pd/ui/pipeline-graph/fit/window-1280x800", test_fit_window, &size_1280x800);
  ADD ("/pd/ui/pipeline-graph/fit/window-1100x720", test_fit_window, &size_1100x720);
  ADD ("/pd/ui/pipeline-graph/fit/zoom-keys", test_fit_zoom_keys, &size_1100x720);
  ADD ("/pd/ui/pipeline-graph/executions/toggle-settings", test_executions_toggle, &size_1280x800);
  ADD ("/pd/ui/pipeline-graph/executions/narrow-folds", test_executions_narrow, &size_1100x720);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
