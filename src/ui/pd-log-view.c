/* pd-log-view.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pd-error-state.h"
#include "pd-log-error-strip.h"
#include "pd-log-view.h"

/* The logs view of a CodeBuild action: a GtkListView over the log store,
 * whose rows exist only while visible, with line numbers, ANSI colours,
 * error lines marked beside their numbers and beside the scrollbar, the
 * phase outline, find, and "search this execution".
 *
 * Where a log opens: a running build at its end, which it follows; a
 * finished one at its start; a failed one at its first error, as the store
 * finds it. A failed build is read from its end backwards, so a better
 * line may come with a later page: the view moves to it until the reader
 * scrolls, clicks or types. */

#define MAX_RESULTS_PER_BUILD 200

struct _PdLogView
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkDropDown        *build_dropdown;
  GtkSpinner         *spinner;
  GtkLabel           *count_label;
  GtkToggleButton    *find_button;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *case_button;
  GtkToggleButton    *regex_button;
  GtkLabel           *match_label;
  GtkListBox         *phases_list;
  GtkStack           *stack;
  GtkLabel           *banner;
  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;
  PdLogErrorStrip    *error_strip;
  GtkRevealer        *results_revealer;
  GtkListBox         *results_list;
  AdwStatusPage      *status_page;
  PdErrorState       *log_error;

  /* Owned references */
  PdAccount          *account;
  PdLogLoader        *loader;
  GtkMultiSelection  *selection;
  PdLogMatches       *matches;
  GCancellable       *cancellable;
  GCancellable       *find_cancellable;
  GPtrArray          *execution_builds;
  GHashTable         *bound_items;
  char               *title;
  char               *pending_action;
  char               *pending_pipeline;
  char               *pending_execution;
  GError             *builds_error;       /* the execution's builds could not be listed */
  GPtrArray          *stage_builds;     /* PdAction: a stage's CodeBuild actions */
  char               *stage_pipeline;

  gint64              pending_line_id;
  gint64              shown_error_id;     /* the first error the view went to */
  gint64              place_id;           /* the line being put in place */
  guint               place_tries;
  guint               place_settled;
  guint               place_tick_id;
  guint               current_match;
  guint               refind_id;
  guint               ready_tick_id;
  gulong              state_id;
  gulong              lines_id;
  gulong              errors_id;
  gulong              first_error_id;

  /* Flags */
  guint               show_timestamps : 1;
  guint               wrap : 1;
  guint               ready : 1;
  guint               stick_to_bottom : 1;
  guint               scrolling : 1;
  guint               has_pending_line : 1;
  guint               position_chosen : 1;
  guint               choosing_build : 1;
  guint               error_changed : 1;
  guint               follow_error : 1;   /* go to the first error as it changes */
};

G_DEFINE_FINAL_TYPE (PdLogView, pd_log_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SHOW_TIMESTAMPS,
  PROP_WRAP,
  PROP_READY,
  PROP_N_MATCHES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void run_find (PdLogView *self);
static void forget_stage (PdLogView *self);
static void load_build (PdLogView  *self,
                        PdAccount  *account,
                        const char *build_id,
                        const char *title);
static void on_build_selected_cb (PdLogView *self);

/* Colours */

static void
palette_rgb (guint32  index,
             guint16 *r,
             guint16 *g,
             guint16 *b)
{
  /* Readable on light and dark backgrounds. */
  static const guint8 basic[16][3] = {
    { 0x24, 0x1f, 0x31 }, { 0xc0, 0x1c, 0x28 }, { 0x2e, 0xc2, 0x7e }, { 0xe5, 0xa5, 0x0a },
    { 0x1e, 0x78, 0xe4 }, { 0x98, 0x41, 0xbb }, { 0x0a, 0xb9, 0xdc }, { 0xc0, 0xbf, 0xbc },
    { 0x5e, 0x5c, 0x64 }, { 0xed, 0x33, 0x3b }, { 0x57, 0xe3, 0x89 }, { 0xf8, 0xe4, 0x5c },
    { 0x51, 0xa1, 0xff }, { 0xc0, 0x61, 0xcb }, { 0x4f, 0xd2, 0xfd }, { 0xf6, 0xf5, 0xf4 },
  };
  guint8 rgb[3];

  if (index & PD_LOG_COLOR_RGB)
    {
      rgb[0] = (index >> 16) & 0xff;
      rgb[1] = (index >> 8) & 0xff;
      rgb[2] = index & 0xff;
    }
  else if (index >= 1 && index <= 16)
    memcpy (rgb, basic[index - 1], 3);
  else if (index >= 17 && index <= 232)
    {
      static const guint8 levels[6] = { 0, 95, 135, 175, 215, 255 };
      guint n = index - 17;

      rgb[0] = levels[n / 36];
      rgb[1] = levels[(n / 6) % 6];
      rgb[2] = levels[n % 6];
    }
  else
    {
      guint8 grey = (guint8) (8 + 10 * (MIN (index, 256) - 233));

      rgb[0] = rgb[1] = rgb[2] = grey;
    }
  *r = rgb[0] * 257;
  *g = rgb[1] * 257;
  *b = rgb[2] * 257;
}

static void
insert_attr (PangoAttrList  *list,
             PangoAttribute *attr,
             guint           start,
             guint           end)
{
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (list, attr);
}

/* Rows */

static char *
format_timestamp (gint64 ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *hms = local != NULL ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");

  return g_strdup_printf ("%s.%03d  ", hms, (int) (ms % 1000));
}

static void
bind_row (PdLogView   *self,
          GtkListItem *item)
{
  PdLogLine *line = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkLabel *number = GTK_LABEL (gtk_widget_get_first_child (box));
  GtkWidget *mark = gtk_widget_get_next_sibling (GTK_WIDGET (number));
  GtkLabel *label = GTK_LABEL (gtk_widget_get_next_sibling (mark));
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *number_text = NULL;
  const PdLogErrorRule *rule;
  const PdLogAttr *runs;
  guint n_runs = 0, prefix = 0, shown;

  if (line == NULL)
    return;
  number_text = g_strdup_printf ("%u", pd_log_line_get_number (line) + 1);
  gtk_label_set_text (number, number_text);

  /* The gutter: a red mark and number beside an error line. */
  rule = pd_log_errors_get_rule (pd_log_line_get_error_rule (line));
  if (rule != NULL)
    {
      g_autofree char *tip = rule->kind != NULL
                             /* Translators: a tooltip: the tool that printed an error line */
                             ? g_strdup_printf (_("Error line (%s)"), rule->kind)
                             : g_strdup (_("Error line"));

      gtk_widget_set_opacity (mark, 1.0);
      gtk_widget_set_tooltip_text (mark, tip);
      gtk_accessible_update_state (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_STATE_HIDDEN, FALSE, -1);
      gtk_widget_remove_css_class (GTK_WIDGET (number), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (number), "error");
      gtk_widget_add_css_class (box, "pd-log-error-line");
    }
  else
    {
      gtk_widget_set_opacity (mark, 0.0);
      gtk_widget_set_tooltip_text (mark, NULL);
      gtk_accessible_update_state (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_widget_remove_css_class (GTK_WIDGET (number), "error");
      gtk_widget_add_css_class (GTK_WIDGET (number), "dim-label");
      gtk_widget_remove_css_class (box, "pd-log-error-line");
    }

  if (self->show_timestamps)
    {
      g_autofree char *stamp = format_timestamp (pd_log_line_get_timestamp (line));

      g_string_append (text, stamp);
      prefix = text->len;
      insert_attr (attrs, pango_attr_foreground_alpha_new (0x8000), 0, prefix);
    }
  g_string_append (text, pd_log_line_get_text (line));
  shown = text->len - prefix;
  if (pd_log_line_get_cut (line))
    {
      guint start = text->len;

      g_string_append (text, _(" … (line cut: activate it to see it whole)"));
      insert_attr (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC), start, text->len);
      insert_attr (attrs, pango_attr_foreground_alpha_new (0x9000), start, text->len);
    }

  runs = pd_log_line_get_attrs (line, &n_runs);
  for (guint i = 0; i < n_runs; i++)
    {
      const PdLogAttr *run = &runs[i];
      guint start = prefix + run->start, end = prefix + run->end;
      guint16 r, g, b;

      if (run->fg != 0)
        {
          palette_rgb (run->fg, &r, &g, &b);
          insert_attr (attrs, pango_attr_foreground_new (r, g, b), start, end);
        }
      if (run->bg != 0)
        {
          palette_rgb (run->bg, &r, &g, &b);
          insert_attr (attrs, pango_attr_background_new (r, g, b), start, end);
        }
      if (run->flags & PD_LOG_ATTR_BOLD)
        insert_attr (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), start, end);
      if (run->flags & (PD_LOG_ATTR_DIM | PD_LOG_ATTR_CONTROL))
        insert_attr (attrs, pango_attr_foreground_alpha_new (0x9000), start, end);
      if (run->flags & PD_LOG_ATTR_ITALIC)
        insert_attr (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC), start, end);
      if (run->flags & PD_LOG_ATTR_UNDERLINE)
        insert_attr (attrs, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE), start, end);
      if (run->flags & (PD_LOG_ATTR_INVERSE | PD_LOG_ATTR_CONTROL))
        insert_attr (attrs, pango_attr_background_new (0x8000, 0x8000, 0x8000), start, end);
    }

  /* Find highlights. */
  if (self->matches != NULL && pd_log_matches_get_n_matches (self->matches) > 0)
    {
      gint64 id = pd_log_line_get_id (line);
      guint k = pd_log_matches_find_near (self->matches, id - 1, TRUE);

      for (; k < pd_log_matches_get_n_matches (self->matches); k++)
        {
          const PdLogMatch *match = pd_log_matches_get (self->matches, k);
          guint start, end;

          if (match->line_id != id || match->start >= shown)
            break;
          start = prefix + match->start;
          end = prefix + MIN (match->start + MAX (match->length, 1), shown);
          if (k == self->current_match)
            insert_attr (attrs, pango_attr_background_new (0xff00, 0x8c00, 0x0000), start, end);
          else
            insert_attr (attrs, pango_attr_background_new (0xf600, 0xd300, 0x2d00), start, end);
          insert_attr (attrs, pango_attr_foreground_new (0, 0, 0), start, end);
        }
    }

  gtk_label_set_text (label, text->str);
  gtk_label_set_attributes (label, attrs);
  gtk_label_set_wrap (label, self->wrap);
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     PdLogView                *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *mark = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (number), 1.0);
  gtk_label_set_width_chars (GTK_LABEL (number), 7);
  gtk_widget_add_css_class (number, "dim-label");
  gtk_widget_add_css_class (number, "monospace");
  gtk_widget_set_valign (number, GTK_ALIGN_START);
  /* Always there, seen only beside error lines: rows keep their layout. */
  gtk_image_set_pixel_size (GTK_IMAGE (mark), 12);
  gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (mark, "error");
  gtk_widget_set_opacity (mark, 0.0);
  /* Translators: the accessible name of the mark beside an error line */
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Error"), -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    PdLogView                *self)
{
  g_hash_table_add (self->bound_items, item);
  bind_row (self, item);
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      PdLogView                *self)
{
  g_hash_table_remove (self->bound_items, item);
}

static void
refresh_rows (PdLogView *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    bind_row (self, item);
}

/* A line cut for display, shown whole in a window of its own. */
static void
on_line_activated_cb (GtkListView *list_view,
                      guint        position,
                      PdLogView   *self)
{
  g_autoptr(PdLogLine) line = NULL;
  g_autofree char *text = NULL;
  GtkWidget *window, *scrolled, *view;
  GtkRoot *root;
  gsize length = 0;

  if (self->loader == NULL)
    return;
  line = g_list_model_get_item (G_LIST_MODEL (pd_log_loader_get_store (self->loader)), position);
  if (line == NULL || !pd_log_line_get_cut (line))
    return;
  text = pd_log_store_dup_line_text (pd_log_loader_get_store (self->loader), position, &length);
  window = adw_window_new ();
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  /* Translators: the title of the window showing one long log line */
  gtk_window_set_title (GTK_WINDOW (window), _("Whole Line"));
  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, length);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  adw_window_set_content (ADW_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
}

/* Scrolling */

static void
stop_placing (PdLogView *self)
{
  if (self->place_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->place_tick_id);
      self->place_tick_id = 0;
    }
}

static GtkWidget *
row_for_line (PdLogView *self,
              guint      line)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    if (gtk_list_item_get_position (item) == line)
      return gtk_list_item_get_child (item);
  return NULL;
}

/* GTK 4.8's list views only scroll an item into sight, to an edge: once
 * its row is laid out, move it a third of the way down, where the lines
 * before it show what led to it. */
static gboolean
on_place_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  PdLogView *self = PD_LOG_VIEW (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_point_t point;
  GtkWidget *row;
  double value, page, wanted;
  guint line = 0;

  if (self->loader == NULL
      || !pd_log_store_get_line_for_id (pd_log_loader_get_store (self->loader), self->place_id,
                                        &line))
    {
      self->place_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* Not laid out yet: the log's page of the stack may be about to show. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->list_view))
      || gtk_adjustment_get_page_size (adjustment) <= 0)
    return G_SOURCE_CONTINUE;
  if (++self->place_tries > 60)
    {
      self->place_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  row = row_for_line (self, line);
  if (row == NULL || !gtk_widget_get_mapped (row) || gtk_widget_get_height (row) <= 0
      || !gtk_widget_compute_point (row, GTK_WIDGET (self->scroller),
                                    &GRAPHENE_POINT_INIT (0, 0), &point))
    {
      /* Asked before the list had a size: ask again. */
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", line);
      self->place_settled = 0;
      return G_SOURCE_CONTINUE;
    }
  /* A third of the way down, or as near as the ends of the log let it be;
   * done once two frames in a row find it there (the first may have been
   * laid out before the scroll). */
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  wanted = CLAMP (value + point.y - page / 3, gtk_adjustment_get_lower (adjustment),
                  gtk_adjustment_get_upper (adjustment) - page);
  if (fabs (wanted - value) < 1)
    {
      if (++self->place_settled >= 2)
        {
          self->place_tick_id = 0;
          return G_SOURCE_REMOVE;
        }
      return G_SOURCE_CONTINUE;
    }
  self->place_settled = 0;
  self->scrolling = TRUE;
  gtk_adjustment_set_value (adjustment, wanted);
  self->scrolling = FALSE;
  return G_SOURCE_CONTINUE;
}

/* Selects a line and scrolls to it; @third puts it near the top third of
 * the view rather than at the nearest edge. */
static void
show_line (PdLogView *self,
           guint      line,
           gboolean   third)
{
  PdLogStore *store;

  if (self->loader == NULL)
    return;
  store = pd_log_loader_get_store (self->loader);
  if (line >= pd_log_store_get_n_lines (store))
    return;
  self->stick_to_bottom = FALSE;
  stop_placing (self);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), line, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", line);
  if (third)
    {
      self->place_id = pd_log_store_get_line_id (store, line);
      self->place_tries = 0;
      self->place_settled = 0;
      self->place_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_place_tick_cb,
                                                          NULL, NULL);
    }
}

/* Where the reader goes, the view no longer goes to the first error. */
static void
scroll_to_line (PdLogView *self,
                guint      line)
{
  self->follow_error = FALSE;
  show_line (self, line, FALSE);
}

static void
reader_moved (PdLogView *self)
{
  self->follow_error = FALSE;
  stop_placing (self);
}

static gboolean
on_reader_scrolled_cb (GtkEventControllerScroll *controller,
                       double                    dx,
                       double                    dy,
                       PdLogView                *self)
{
  reader_moved (self);
  return FALSE;
}

static void
on_reader_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      PdLogView       *self)
{
  reader_moved (self);
}

static gboolean
on_reader_key_cb (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  PdLogView             *self)
{
  reader_moved (self);
  return FALSE;
}

/* A failed build's log, until the reader moves: at its first error once
 * one is known, else at its end. */
static void
go_to_first_error (PdLogView *self)
{
  PdLogStore *store = pd_log_loader_get_store (self->loader);
  gint64 id = G_MININT64;
  guint line = 0;

  if (!self->follow_error
      || pd_log_store_get_first_error (store, &id) < PD_LOG_ERROR_TARGET_CODEBUILD
      || id == self->shown_error_id || !pd_log_store_get_line_for_id (store, id, &line))
    return;
  self->shown_error_id = id;
  show_line (self, line, TRUE);
}

static void
go_to_error (PdLogView *self,
             gboolean   forward)
{
  PdLogStore *store;
  guint index, selected, line = 0;
  gint64 from;

  if (self->loader == NULL)
    return;
  store = pd_log_loader_get_store (self->loader);
  if (pd_log_store_get_n_errors (store) == 0 || pd_log_store_get_n_lines (store) == 0)
    return;
  selected = pd_log_view_get_selected_line (self);
  if (selected != G_MAXUINT)
    from = pd_log_store_get_line_id (store, selected);
  else
    from = forward ? pd_log_store_get_line_id (store, 0) - 1
                   : pd_log_store_get_line_id (store, pd_log_store_get_n_lines (store) - 1) + 1;
  index = pd_log_store_find_error_near (store, from, forward);
  if (pd_log_store_get_line_for_id (store, pd_log_store_get_error (store, index, NULL), &line))
    {
      self->follow_error = FALSE;
      show_line (self, line, TRUE);
    }
}

static void
on_strip_error_cb (PdLogErrorStrip *strip,
                   gint64           line_id,
                   PdLogView       *self)
{
  guint line = 0;

  if (self->loader == NULL
      || !pd_log_store_get_line_for_id (pd_log_loader_get_store (self->loader), line_id, &line))
    return;
  self->follow_error = FALSE;
  show_line (self, line, TRUE);
}

static void
on_vadjustment_value_changed_cb (GtkAdjustment *adjustment,
                                 PdLogView     *self)
{
  if (self->scrolling)
    return;
  /* Follow the end only while the reader is at the bottom. */
  self->stick_to_bottom = gtk_adjustment_get_value (adjustment)
                          + gtk_adjustment_get_page_size (adjustment)
                          >= gtk_adjustment_get_upper (adjustment) - 4;
}

static void
on_vadjustment_upper_cb (GtkAdjustment *adjustment,
                         GParamSpec    *pspec,
                         PdLogView     *self)
{
  if (!self->stick_to_bottom)
    return;
  self->scrolling = TRUE;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                        - gtk_adjustment_get_page_size (adjustment));
  self->scrolling = FALSE;
}

/* Phases */

static const char *
status_text (PdAwsBuildStatus status)
{
  switch (status)
    {
    case PD_AWS_BUILD_STATUS_IN_PROGRESS:
      return _("Running");
    case PD_AWS_BUILD_STATUS_SUCCEEDED:
      return _("Succeeded");
    case PD_AWS_BUILD_STATUS_FAILED:
      return _("Failed");
    case PD_AWS_BUILD_STATUS_FAULT:
      return _("Fault");
    case PD_AWS_BUILD_STATUS_TIMED_OUT:
      return _("Timed out");
    case PD_AWS_BUILD_STATUS_STOPPED:
      return _("Stopped");
    case PD_AWS_BUILD_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}

static const char *
status_class (PdAwsBuildStatus status)
{
  switch (status)
    {
    case PD_AWS_BUILD_STATUS_SUCCEEDED:
      return "status-succeeded";
    case PD_AWS_BUILD_STATUS_FAILED:
    case PD_AWS_BUILD_STATUS_FAULT:
    case PD_AWS_BUILD_STATUS_TIMED_OUT:
      return "status-failed";
    case PD_AWS_BUILD_STATUS_STOPPED:
      return "status-stopped";
    case PD_AWS_BUILD_STATUS_IN_PROGRESS:
    case PD_AWS_BUILD_STATUS_UNKNOWN:
    default:
      return "status-in-progress";
    }
}

static GtkWidget *
create_phase_row (gpointer item,
                  gpointer user_data)
{
  PdLogPhase *phase = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (pd_log_phase_get_name (phase));
  GtkWidget *detail;
  g_autofree char *detail_text = NULL;
  g_autofree char *accessible = NULL;

  if (pd_log_phase_get_duration (phase) >= 0)
    /* Translators: a build phase's status, then its duration in seconds */
    detail_text = g_strdup_printf (_("%s · %d s"),
                                   status_text (pd_log_phase_get_status (phase)),
                                   (int) MIN (pd_log_phase_get_duration (phase), G_MAXINT));
  else
    detail_text = g_strdup (status_text (pd_log_phase_get_status (phase)));
  detail = gtk_label_new (detail_text);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, status_class (pd_log_phase_get_status (phase)));
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row),
                                    pd_log_phase_get_first_line_id (phase) != G_MININT64);
  accessible = g_strdup_printf ("%s, %s", pd_log_phase_get_name (phase), detail_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return row;
}

static void
jump_to_phase (PdLogView *self,
               guint      index)
{
  g_autoptr(PdLogPhase) phase = NULL;
  PdLogStore *store;
  guint line = 0;

  if (self->loader == NULL)
    return;
  store = pd_log_loader_get_store (self->loader);
  phase = g_list_model_get_item (pd_log_store_get_phases (store), index);
  if (phase != NULL
      && pd_log_store_get_line_for_id (store, pd_log_phase_get_first_line_id (phase), &line))
    scroll_to_line (self, line);
}

static void
on_phase_activated_cb (GtkListBox    *box,
                       GtkListBoxRow *row,
                       PdLogView     *self)
{
  jump_to_phase (self, gtk_list_box_row_get_index (row));
}

/* State */

static void
update_count (PdLogView *self)
{
  g_autofree char *text = NULL;
  guint n;

  if (self->loader == NULL)
    return;
  n = pd_log_store_get_n_lines (pd_log_loader_get_store (self->loader));
  text = g_strdup_printf (ngettext ("%u line", "%u lines", n), n);
  gtk_label_set_text (self->count_label, text);
}

static gboolean
on_ready_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  PdLogView *self = PD_LOG_VIEW (widget);

  /* Ready once the first error is in its place, not while it is moved
   * there: a screenshot shows what a reader will see. */
  if (self->place_tick_id != 0)
    return G_SOURCE_CONTINUE;
  self->ready_tick_id = 0;
  if (!self->ready)
    {
      self->ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
  return G_SOURCE_REMOVE;
}

static void
mark_ready_after_frame (PdLogView *self)
{
  if (self->ready || self->ready_tick_id != 0)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
      return;
    }
  self->ready_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_ready_tick_cb,
                                                      NULL, NULL);
}

static void
update_state (PdLogView *self)
{
  PdLogLoaderState state = pd_log_loader_get_state (self->loader);
  guint n = pd_log_store_get_n_lines (pd_log_loader_get_store (self->loader));
  g_autofree char *message = pd_log_loader_dup_message (self->loader);
  const GError *error = pd_log_loader_get_error (self->loader);
  gboolean busy = state == PD_LOG_LOADER_STATE_RESOLVING || state == PD_LOG_LOADER_STATE_LOADING
                  || state == PD_LOG_LOADER_STATE_WAITING;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "logs.open-console",
                                 pd_log_loader_get_deep_link (self->loader) != NULL);
  if (n == 0 && error != NULL)
    {
      /* Nothing to read yet and the last request failed: say why (the
       * loader goes on asking behind it) rather than spin. */
      busy = FALSE;
      /* A new error is a new answer: until then a retry still runs. */
      if (self->error_changed || pd_error_state_get_error (self->log_error) == NULL)
        pd_error_state_set_error (self->log_error, error);
      self->error_changed = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "error");
      mark_ready_after_frame (self);
    }
  else if (n == 0 && message != NULL)
    {
      adw_status_page_set_title (self->status_page,
                                 state == PD_LOG_LOADER_STATE_WAITING ? _("Waiting for the Log")
                                 : state == PD_LOG_LOADER_STATE_RESOLVING ? _("Loading")
                                 : _("No Log"));
      adw_status_page_set_description (self->status_page, message);
      gtk_stack_set_visible_child_name (self->stack, "status");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "log");
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->banner), n > 0 && message != NULL);
  gtk_label_set_text (self->banner, message != NULL ? message : "");

  if (pd_log_loader_is_finished (self->loader))
    {
      mark_ready_after_frame (self);
      if (self->refind_id == 0 && gtk_search_bar_get_search_mode (self->search_bar))
        run_find (self);
    }
}

static void
on_loader_state_cb (PdLogLoader *loader,
                    GParamSpec  *pspec,
                    PdLogView   *self)
{
  if (g_str_equal (pspec->name, "error-message"))
    self->error_changed = TRUE;
  update_state (self);
}

static gboolean
on_refind_cb (gpointer user_data)
{
  PdLogView *self = user_data;

  self->refind_id = 0;
  run_find (self);
  return G_SOURCE_REMOVE;
}

static void
on_lines_changed_cb (PdLogStore *store,
                     GParamSpec *pspec,
                     PdLogView  *self)
{
  /* A failed build opens at its first error (at its end until one is
   * known), a running one follows its end; a finished one opens at its
   * start. */
  if (!self->position_chosen && !self->has_pending_line)
    {
      PdAwsBuildStatus status = pd_log_loader_get_build_status (self->loader);

      self->position_chosen = TRUE;
      self->follow_error = pd_log_loader_get_tail_first (self->loader);
      self->stick_to_bottom = pd_log_loader_get_tail_first (self->loader)
                              || status == PD_AWS_BUILD_STATUS_IN_PROGRESS;
    }
  update_count (self);
  if (pd_log_store_get_n_lines (store) > 0)
    {
      update_state (self);
      mark_ready_after_frame (self);
    }
  go_to_first_error (self);
  if (self->has_pending_line)
    {
      guint line = 0;

      if (pd_log_store_get_line_for_id (store, self->pending_line_id, &line))
        {
          /* The reader asked for that line: the log's next pages must
           * not take the view to its end or its first error. */
          self->has_pending_line = FALSE;
          self->position_chosen = TRUE;
          scroll_to_line (self, line);
        }
    }
  /* New lines while finding: find again, at most twice a second. */
  if (self->refind_id == 0 && gtk_search_bar_get_search_mode (self->search_bar)
      && gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    self->refind_id = g_timeout_add (500, on_refind_cb, self);
}

static void
on_errors_changed_cb (PdLogStore *store,
                      GParamSpec *pspec,
                      PdLogView  *self)
{
  gboolean any = pd_log_store_get_n_errors (store) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "logs.next-error", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "logs.previous-error", any);
  gtk_widget_set_visible (GTK_WIDGET (self->error_strip), any);
}

static void
on_first_error_cb (PdLogStore *store,
                   GParamSpec *pspec,
                   PdLogView  *self)
{
  go_to_first_error (self);
}

static void
disconnect_loader (PdLogView *self)
{
  stop_placing (self);
  if (self->loader == NULL)
    return;
  g_clear_signal_handler (&self->state_id, self->loader);
  g_clear_signal_handler (&self->lines_id, pd_log_loader_get_store (self->loader));
  g_clear_signal_handler (&self->errors_id, pd_log_loader_get_store (self->loader));
  g_clear_signal_handler (&self->first_error_id, pd_log_loader_get_store (self->loader));
  pd_log_error_strip_set_store (self->error_strip, NULL);
  pd_log_loader_stop (self->loader);
  g_clear_object (&self->loader);
}

/* Find */

static void
update_match_label (PdLogView *self)
{
  g_autofree char *text = NULL;
  guint n = self->matches != NULL ? pd_log_matches_get_n_matches (self->matches) : 0;

  if (self->matches == NULL)
    text = g_strdup ("");
  else if (n == 0)
    text = g_strdup (_("No matches"));
  else if (self->current_match < n)
    /* Translators: the current match, the number of matches */
    text = g_strdup_printf (_("%u of %u"), self->current_match + 1, n);
  else
    text = g_strdup_printf (ngettext ("%u match", "%u matches", n), n);
  gtk_label_set_text (self->match_label, text);
}

static void
on_found_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdLogView) self = user_data;
  g_autoptr(PdLogMatches) matches = NULL;
  g_autoptr(GError) error = NULL;

  matches = pd_log_store_find_finish (PD_LOG_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->matches, pd_log_matches_unref);
  if (matches == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), error->message);
      gtk_label_set_text (self->match_label, _("Invalid expression"));
      refresh_rows (self);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), NULL);
  self->matches = g_steal_pointer (&matches);
  if (self->current_match >= pd_log_matches_get_n_matches (self->matches))
    self->current_match = G_MAXUINT;
  update_match_label (self);
  refresh_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
}

static PdLogFindFlags
find_flags (PdLogView *self)
{
  return (gtk_toggle_button_get_active (self->case_button) ? PD_LOG_FIND_CASE_SENSITIVE : 0)
         | (gtk_toggle_button_get_active (self->regex_button) ? PD_LOG_FIND_REGEX : 0);
}

static void
run_find (PdLogView *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  if (self->loader == NULL || query[0] == '\0')
    {
      g_clear_pointer (&self->matches, pd_log_matches_unref);
      update_match_label (self);
      refresh_rows (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
      return;
    }
  self->find_cancellable = g_cancellable_new ();
  pd_log_store_find_async (pd_log_loader_get_store (self->loader), query, find_flags (self),
                           self->find_cancellable, on_found_cb, g_object_ref (self));
}

static void
on_search_changed_cb (PdLogView *self)
{
  self->current_match = G_MAXUINT;
  run_find (self);
}

static void
go_to_match (PdLogView *self,
             gboolean   forward)
{
  PdLogStore *store;
  guint line = 0, selected;
  gint64 from;

  if (self->matches == NULL || pd_log_matches_get_n_matches (self->matches) == 0)
    return;
  store = pd_log_loader_get_store (self->loader);
  if (self->current_match < pd_log_matches_get_n_matches (self->matches))
    {
      guint n = pd_log_matches_get_n_matches (self->matches);

      self->current_match = forward ? (self->current_match + 1) % n
                                    : (self->current_match + n - 1) % n;
    }
  else
    {
      selected = pd_log_view_get_selected_line (self);
      from = selected != G_MAXUINT ? pd_log_store_get_line_id (store, selected)
                                   : pd_log_store_get_line_id (store, 0) - 1;
      self->current_match = pd_log_matches_find_near (self->matches, from, forward);
    }
  if (pd_log_store_get_line_for_id (store,
                                    pd_log_matches_get (self->matches, self->current_match)->line_id,
                                    &line))
    scroll_to_line (self, line);
  update_match_label (self);
  refresh_rows (self);
}

static gboolean
on_entry_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         PdLogView             *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      go_to_match (self, FALSE);
      return TRUE;
    }
  return FALSE;
}

/* Search this execution */

static void
on_result_activated_cb (GtkListBox    *box,
                        GtkListBoxRow *row,
                        PdLogView     *self)
{
  const char *build_id = g_object_get_data (G_OBJECT (row), "build-id");
  const char *title = g_object_get_data (G_OBJECT (row), "title");
  gint64 line_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "line-id")) - 1;
  guint line = 0;

  if (build_id == NULL)
    return;
  if (self->loader != NULL
      && g_str_equal (build_id, pd_log_loader_get_build_id (self->loader)))
    {
      if (pd_log_store_get_line_for_id (pd_log_loader_get_store (self->loader), line_id, &line))
        scroll_to_line (self, line);
      return;
    }
  /* Another action's log of the same execution: open it there and go to
   * the line once loaded. */
  self->pending_line_id = line_id;
  self->has_pending_line = TRUE;
  forget_stage (self);
  load_build (self, self->account, build_id, title);
}

static const char *
title_for_build (PdLogView  *self,
                 const char *build_id)
{
  for (guint i = 0; self->execution_builds != NULL && i < self->execution_builds->len; i++)
    {
      PdAwsActionBuild *action = g_ptr_array_index (self->execution_builds, i);

      if (g_strcmp0 (action->build_id, build_id) == 0)
        return action->action_name;
    }
  return build_id;
}

static void
on_execution_searched_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(PdLogView) self = user_data;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  groups = pd_log_search_builds_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
  if (groups == NULL)
    {
      GtkWidget *label = gtk_label_new (error->message);

      gtk_list_box_append (self->results_list, label);
      gtk_revealer_set_reveal_child (self->results_revealer, TRUE);
      return;
    }
  for (guint i = 0; i < groups->len; i++)
    {
      PdLogSearchGroup *group = g_ptr_array_index (groups, i);
      const char *title = title_for_build (self, group->build_id);
      guint n = group->matches != NULL ? pd_log_matches_get_n_lines (group->matches) : 0;
      g_autofree char *header_text = NULL;
      GtkWidget *header;
      gint64 last = G_MININT64;
      guint shown = 0;

      /* Translators: an action name, then how many of its log lines match */
      header_text = g_strdup_printf (ngettext ("%s — %u line", "%s — %u lines", n), title, n);
      header = gtk_label_new (header_text);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_add_css_class (header, "heading");
      gtk_list_box_append (self->results_list, header);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (header)), FALSE);

      for (guint k = 0; group->matches != NULL && k < pd_log_matches_get_n_matches (group->matches)
                        && shown < MAX_RESULTS_PER_BUILD; k++)
        {
          const PdLogMatch *match = pd_log_matches_get (group->matches, k);
          g_autofree char *text = NULL;
          g_autofree char *row_text = NULL;
          GtkWidget *label, *row;
          guint line = 0;

          if (match->line_id == last
              || !pd_log_store_get_line_for_id (group->store, match->line_id, &line))
            continue;
          last = match->line_id;
          shown++;
          text = pd_log_store_dup_line_text (group->store, line, NULL);
          if (g_utf8_strlen (text, -1) > 200)
            *g_utf8_offset_to_pointer (text, 200) = '\0';
          row_text = g_strdup_printf ("%u: %s", line + 1, text);
          label = gtk_label_new (row_text);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_widget_add_css_class (label, "monospace");
          gtk_widget_set_margin_start (label, 12);
          gtk_list_box_append (self->results_list, label);
          row = gtk_widget_get_parent (label);
          g_object_set_data_full (G_OBJECT (row), "build-id", g_strdup (group->build_id), g_free);
          g_object_set_data_full (G_OBJECT (row), "title", g_strdup (title), g_free);
          g_object_set_data (G_OBJECT (row), "line-id", GSIZE_TO_POINTER (match->line_id + 1));
        }
    }
  gtk_revealer_set_reveal_child (self->results_revealer, TRUE);
}

/* Actions */

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdLogView *self = PD_LOG_VIEW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  go_to_match (PD_LOG_VIEW (widget), TRUE);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  go_to_match (PD_LOG_VIEW (widget), FALSE);
}

static void
next_error_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  go_to_error (PD_LOG_VIEW (widget), TRUE);
}

static void
previous_error_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  go_to_error (PD_LOG_VIEW (widget), FALSE);
}

static void
jump_to_phase_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  jump_to_phase (PD_LOG_VIEW (widget), g_variant_get_uint32 (parameter));
}

static void
jump_to_line_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  scroll_to_line (PD_LOG_VIEW (widget), g_variant_get_uint32 (parameter));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdLogView *self = PD_LOG_VIEW (widget);
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GtkBitsetIter iter;
  guint line;

  if (self->selection == NULL)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &line); more;
       more = gtk_bitset_iter_next (&iter, &line))
    {
      g_autofree char *line_text =
        pd_log_store_dup_line_text (pd_log_loader_get_store (self->loader), line, NULL);

      g_string_append (text, line_text);
      g_string_append_c (text, '\n');
    }
  if (text->len == 0)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);
}

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdLogView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_log_store_save_finish (PD_LOG_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->banner, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->banner), TRUE);
    }
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(PdLogView) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->loader != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      pd_log_store_save_async (pd_log_loader_get_store (self->loader), file, self->cancellable,
                               on_saved_cb, g_object_ref (self));
    }
  g_object_unref (dialog);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdLogView *self = PD_LOG_VIEW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->loader == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save the Log"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s.log", pd_log_loader_get_build_id (self->loader));
  g_strdelimit (name, ":/", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_console_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdLogView *self = PD_LOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *link;

  if (self->loader == NULL || (link = pd_log_loader_get_deep_link (self->loader)) == NULL)
    return;
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, link, GDK_CURRENT_TIME);
}

static void
search_execution_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PdLogView *self = PD_LOG_VIEW (widget);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->account == NULL || self->loader == NULL || query[0] == '\0')
    return;
  if (self->execution_builds != NULL)
    {
      for (guint i = 0; i < self->execution_builds->len; i++)
        {
          PdAwsActionBuild *action = g_ptr_array_index (self->execution_builds, i);

          if (action->build_id != NULL)
            g_strv_builder_add (builder, action->build_id);
        }
    }
  else
    g_strv_builder_add (builder, pd_log_loader_get_build_id (self->loader));
  ids = g_strv_builder_end (builder);
  pd_log_search_execution_async (self->account, (const char * const *) ids, query,
                                 find_flags (self), self->cancellable,
                                 on_execution_searched_cb, g_object_ref (self));
}

/* GObject */

static void
pd_log_view_dispose (GObject *object)
{
  PdLogView *self = PD_LOG_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->find_cancellable);
  g_clear_handle_id (&self->refind_id, g_source_remove);
  stop_placing (self);
  if (self->ready_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->ready_tick_id);
      self->ready_tick_id = 0;
    }
  disconnect_loader (self);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->account);
  g_clear_pointer (&self->stage_builds, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_LOG_VIEW);

  G_OBJECT_CLASS (pd_log_view_parent_class)->dispose (object);
}

static void
pd_log_view_finalize (GObject *object)
{
  PdLogView *self = PD_LOG_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->find_cancellable);
  g_clear_pointer (&self->matches, pd_log_matches_unref);
  g_clear_pointer (&self->execution_builds, g_ptr_array_unref);
  g_hash_table_unref (self->bound_items);
  g_free (self->title);
  g_free (self->pending_action);
  g_free (self->pending_pipeline);
  g_free (self->pending_execution);
  g_clear_error (&self->builds_error);
  g_free (self->stage_pipeline);

  G_OBJECT_CLASS (pd_log_view_parent_class)->finalize (object);
}

static void
pd_log_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PdLogView *self = PD_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_TIMESTAMPS:
      g_value_set_boolean (value, self->show_timestamps);
      break;
    case PROP_WRAP:
      g_value_set_boolean (value, self->wrap);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_N_MATCHES:
      g_value_set_uint (value, pd_log_view_get_n_matches (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_log_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PdLogView *self = PD_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_TIMESTAMPS:
      if (self->show_timestamps != g_value_get_boolean (value))
        {
          self->show_timestamps = g_value_get_boolean (value);
          refresh_rows (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_WRAP:
      if (self->wrap != g_value_get_boolean (value))
        {
          self->wrap = g_value_get_boolean (value);
          refresh_rows (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void on_log_retry_cb (PdLogView    *self,
                             PdErrorState *state);

static void
pd_log_view_class_init (PdLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_log_view_dispose;
  object_class->finalize = pd_log_view_finalize;
  object_class->get_property = pd_log_view_get_property;
  object_class->set_property = pd_log_view_set_property;

  properties[PROP_SHOW_TIMESTAMPS] =
    g_param_spec_boolean ("show-timestamps", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRAP] =
    g_param_spec_boolean ("wrap", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MATCHES] =
    g_param_spec_uint ("n-matches", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pipedeck/Pipedeck/ui/pd-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdLogView, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, build_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, find_button);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, case_button);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, regex_button);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, match_label);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, phases_list);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, banner);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, list_view);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, error_strip);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, results_revealer);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, results_list);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, status_page);
  gtk_widget_class_bind_template_child (widget_class, PdLogView, log_error);
  gtk_widget_class_bind_template_callback (widget_class, on_log_retry_cb);

  gtk_widget_class_install_property_action (widget_class, "logs.timestamps", "show-timestamps");
  gtk_widget_class_install_property_action (widget_class, "logs.wrap", "wrap");
  gtk_widget_class_install_action (widget_class, "logs.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "logs.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "logs.find-previous", NULL,
                                   find_previous_action);
  gtk_widget_class_install_action (widget_class, "logs.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "logs.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "logs.open-console", NULL, open_console_action);
  gtk_widget_class_install_action (widget_class, "logs.search-execution", NULL,
                                   search_execution_action);
  gtk_widget_class_install_action (widget_class, "logs.next-error", NULL, next_error_action);
  gtk_widget_class_install_action (widget_class, "logs.previous-error", NULL,
                                   previous_error_action);
  gtk_widget_class_install_action (widget_class, "logs.jump-to-phase", "u", jump_to_phase_action);
  gtk_widget_class_install_action (widget_class, "logs.jump-to-line", "u", jump_to_line_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "logs.find",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "logs.copy",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "logs.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "logs.next-error", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, GDK_SHIFT_MASK,
                                       "logs.previous-error", NULL);
}

static void
pd_log_view_init (PdLogView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys, *reader;
  GtkAdjustment *vadjustment;

  g_type_ensure (PD_TYPE_ERROR_STATE);
  g_type_ensure (PD_TYPE_LOG_ERROR_STRIP);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->bound_items = g_hash_table_new (NULL, NULL);
  self->current_match = G_MAXUINT;
  self->shown_error_id = G_MININT64;

  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_signal_connect_object (self->build_dropdown, "notify::selected",
                           G_CALLBACK (on_build_selected_cb), self, G_CONNECT_SWAPPED);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (on_vadjustment_value_changed_cb), self, 0);
  g_signal_connect_object (vadjustment, "notify::upper", G_CALLBACK (on_vadjustment_upper_cb),
                           self, 0);

  /* The reader's own scrolling, clicks and keys: from then on the view
   * stays where the reader goes. */
  reader = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (reader, GTK_PHASE_CAPTURE);
  g_signal_connect (reader, "scroll", G_CALLBACK (on_reader_scrolled_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), reader);
  reader = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (reader, GTK_PHASE_CAPTURE);
  g_signal_connect (reader, "pressed", G_CALLBACK (on_reader_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), reader);
  reader = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (reader, GTK_PHASE_CAPTURE);
  g_signal_connect (reader, "key-pressed", G_CALLBACK (on_reader_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), reader);
  g_signal_connect (self->error_strip, "error-activated", G_CALLBACK (on_strip_error_cb), self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (find_next_action), self);
  g_signal_connect_swapped (self->search_entry, "next-match", G_CALLBACK (find_next_action), self);
  g_signal_connect_swapped (self->search_entry, "previous-match",
                            G_CALLBACK (find_previous_action), self);
  g_signal_connect_swapped (self->case_button, "toggled", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect_swapped (self->regex_button, "toggled", G_CALLBACK (on_search_changed_cb),
                            self);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  g_signal_connect (self->phases_list, "row-activated", G_CALLBACK (on_phase_activated_cb), self);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_line_activated_cb), self);
  g_signal_connect (self->results_list, "row-activated", G_CALLBACK (on_result_activated_cb),
                    self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "logs.open-console", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "logs.next-error", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "logs.previous-error", FALSE);
}

/**
 * pd_log_view_new:
 *
 * Creates an empty logs view; load a build or an action into it.
 *
 * Returns: (transfer full): a new #PdLogView
 */
PdLogView *
pd_log_view_new (void)
{
  return g_object_new (PD_TYPE_LOG_VIEW, NULL);
}

/* The header's second line: which pipeline and execution the log is of. */
static void
set_subtitle (PdLogView  *self,
              const char *pipeline_name,
              const char *execution_id,
              gboolean    latest)
{
  g_autofree char *text = NULL;

  if (pipeline_name != NULL && execution_id != NULL)
    {
      g_autofree char *short_id = g_strndup (execution_id, 8);

      /* Translators: a pipeline name, then the start of an execution ID */
      text = g_strdup_printf (_("%s · execution %s"), pipeline_name, short_id);
    }
  else if (pipeline_name != NULL && latest)
    /* Translators: a pipeline name */
    text = g_strdup_printf (_("%s · latest execution"), pipeline_name);
  else if (pipeline_name != NULL)
    text = g_strdup (pipeline_name);
  gtk_label_set_text (self->subtitle_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), text != NULL);
}

static void
load_build (PdLogView  *self,
            PdAccount  *account,
            const char *build_id,
            const char *title)
{
  g_autoptr(PdLogLoader) loader = NULL;
  g_autofree char *title_copy = g_strdup (title);
  PdLogStore *store;

  disconnect_loader (self);
  g_set_object (&self->account, account);
  g_clear_pointer (&self->matches, pd_log_matches_unref);
  self->current_match = G_MAXUINT;
  g_free (self->title);
  self->title = g_steal_pointer (&title_copy);
  gtk_label_set_text (self->title_label, self->title != NULL ? self->title : build_id);

  loader = pd_log_loader_new_for_account (account, build_id);
  if (loader == NULL)
    {
      adw_status_page_set_title (self->status_page, _("No Credentials"));
      adw_status_page_set_description (self->status_page,
                                       _("The account has no credentials to read the log with."));
      gtk_stack_set_visible_child_name (self->stack, "status");
      mark_ready_after_frame (self);
      return;
    }
  self->loader = g_steal_pointer (&loader);
  store = pd_log_loader_get_store (self->loader);
  g_clear_object (&self->selection);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (store)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_list_box_bind_model (self->phases_list, pd_log_store_get_phases (store), create_phase_row,
                           NULL, NULL);
  /* State, deep link and error all change what the view shows. */
  self->state_id = g_signal_connect (self->loader, "notify",
                                     G_CALLBACK (on_loader_state_cb), self);
  self->lines_id = g_signal_connect (store, "notify::n-lines", G_CALLBACK (on_lines_changed_cb),
                                     self);
  self->errors_id = g_signal_connect (store, "notify::n-errors", G_CALLBACK (on_errors_changed_cb),
                                      self);
  self->first_error_id = g_signal_connect (store, "notify::first-error-id",
                                           G_CALLBACK (on_first_error_cb), self);
  pd_log_error_strip_set_store (self->error_strip, store);
  on_errors_changed_cb (store, NULL, self);
  self->stick_to_bottom = FALSE;
  self->position_chosen = FALSE;
  self->follow_error = FALSE;
  self->shown_error_id = G_MININT64;
  pd_log_loader_start (self->loader);
  update_state (self);
  update_count (self);
}

static void
on_execution_builds_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(PdLogView) self = user_data;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  PdAwsActionBuild *found = NULL;

  actions = pd_log_list_execution_builds_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  g_clear_error (&self->builds_error);
  if (actions == NULL && error != NULL)
    {
      /* The builds could not be listed: say why, with Retry. */
      self->builds_error = g_steal_pointer (&error);
      pd_error_state_set_error (self->log_error, self->builds_error);
      gtk_stack_set_visible_child_name (self->stack, "error");
      mark_ready_after_frame (self);
      return;
    }
  if (actions != NULL)
    for (guint i = 0; i < actions->len; i++)
      {
        PdAwsActionBuild *action = g_ptr_array_index (actions, i);

        if (g_strcmp0 (action->action_name, self->pending_action) == 0)
          found = action;
      }
  if (found == NULL || found->build_id == NULL)
    {
      adw_status_page_set_title (self->status_page, _("No Log"));
      adw_status_page_set_description (self->status_page,
                                       error != NULL ? error->message
                                       : found == NULL
                                       ? _("The execution has no such action.")
                                       : _("This action is not a CodeBuild build: it has no build "
                                           "log."));
      gtk_stack_set_visible_child_name (self->stack, "status");
      mark_ready_after_frame (self);
      return;
    }
  g_clear_pointer (&self->execution_builds, g_ptr_array_unref);
  self->execution_builds = g_ptr_array_ref (actions);
  /* "The latest execution" now has an ID. */
  set_subtitle (self, self->pending_pipeline, found->execution_id, TRUE);
  load_build (self, self->account, found->build_id, found->action_name);
}

static void
load_action (PdLogView  *self,
             PdAccount  *account,
             const char *pipeline_name,
             const char *execution_id,
             const char *action_name)
{
  g_set_object (&self->account, account);
  if (self->pending_action != action_name)
    {
      g_free (self->pending_action);
      self->pending_action = g_strdup (action_name);
    }
  if (self->pending_pipeline != pipeline_name)
    {
      g_free (self->pending_pipeline);
      self->pending_pipeline = g_strdup (pipeline_name);
    }
  if (self->pending_execution != execution_id)
    {
      g_free (self->pending_execution);
      self->pending_execution = g_strdup (execution_id);
    }
  gtk_label_set_text (self->title_label, action_name);
  set_subtitle (self, pipeline_name, execution_id, TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  pd_log_list_execution_builds_async (account, pipeline_name, execution_id, self->cancellable,
                                      on_execution_builds_cb, g_object_ref (self));
}

static void
on_log_retry_cb (PdLogView    *self,
                 PdErrorState *state)
{
  if (self->builds_error != NULL && self->account != NULL)
    {
      load_action (self, self->account, self->pending_pipeline, self->pending_execution,
                   self->pending_action);
      return;
    }
  if (self->loader != NULL)
    {
      pd_log_loader_retry (self->loader);
      update_state (self);
    }
}

static void
load_for_action (PdLogView  *self,
                 PdAccount  *account,
                 const char *pipeline_name,
                 PdAction   *action)
{
  if (pipeline_name != NULL && pd_action_get_execution_id (action) != NULL)
    {
      load_action (self, account, pipeline_name, pd_action_get_execution_id (action),
                   pd_action_get_name (action));
      return;
    }
  if (pd_action_get_external_execution_id (action) != NULL)
    {
      set_subtitle (self, pipeline_name, pd_action_get_execution_id (action), FALSE);
      load_build (self, account, pd_action_get_external_execution_id (action),
                  pd_action_get_name (action));
      return;
    }
  gtk_label_set_text (self->title_label, pd_action_get_name (action));
  set_subtitle (self, pipeline_name, pd_action_get_execution_id (action), FALSE);
  adw_status_page_set_title (self->status_page, _("No Log"));
  adw_status_page_set_description (self->status_page,
                                   _("This action has not run a build yet."));
  gtk_stack_set_visible_child_name (self->stack, "status");
  mark_ready_after_frame (self);
}

static void
forget_stage (PdLogView *self)
{
  g_clear_pointer (&self->stage_builds, g_ptr_array_unref);
  g_clear_pointer (&self->stage_pipeline, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->build_dropdown), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), TRUE);
}

static void
on_build_selected_cb (PdLogView *self)
{
  guint selected = gtk_drop_down_get_selected (self->build_dropdown);

  if (self->choosing_build || self->stage_builds == NULL || selected >= self->stage_builds->len)
    return;
  load_for_action (self, self->account, self->stage_pipeline,
                   g_ptr_array_index (self->stage_builds, selected));
}

/**
 * pd_log_view_load_build:
 * @self: a #PdLogView
 * @account: the account the build belongs to
 * @build_id: the CodeBuild build ID (the action's external execution ID)
 * @title: (nullable): what to call it (the action name)
 *
 * Shows a build's log: read from the head, or from the tail for a failed
 * build, and followed while the build runs.
 */
void
pd_log_view_load_build (PdLogView  *self,
                        PdAccount  *account,
                        const char *build_id,
                        const char *title)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PD_IS_LOG_VIEW (self));
  g_return_if_fail (PD_IS_ACCOUNT (account));
  g_return_if_fail (build_id != NULL);

  forget_stage (self);
  /* Translators: a CodeBuild build ID */
  text = g_strdup_printf (_("Build %s"), build_id);
  gtk_label_set_text (self->subtitle_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
  load_build (self, account, build_id, title);
}

/**
 * pd_log_view_load_action:
 * @self: a #PdLogView
 * @account: the account of the pipeline
 * @pipeline_name: the pipeline
 * @execution_id: (nullable): the execution, or %NULL for the newest
 * @action_name: the CodeBuild action
 *
 * Finds the build an action of an execution ran and shows its log; "search
 * this execution" then covers every CodeBuild action of that execution.
 */
void
pd_log_view_load_action (PdLogView  *self,
                         PdAccount  *account,
                         const char *pipeline_name,
                         const char *execution_id,
                         const char *action_name)
{
  g_return_if_fail (PD_IS_LOG_VIEW (self));
  g_return_if_fail (PD_IS_ACCOUNT (account));
  g_return_if_fail (pipeline_name != NULL);
  g_return_if_fail (action_name != NULL);

  forget_stage (self);
  load_action (self, account, pipeline_name, execution_id, action_name);
}

/**
 * pd_log_view_load_for_action:
 * @self: a #PdLogView
 * @account: the account of the pipeline
 * @pipeline_name: the action's pipeline
 * @action: a CodeBuild action of an execution
 *
 * What the action details call: shows the log of the build the action ran
 * (its external execution ID), and lets "search this execution" cover the
 * execution's other CodeBuild actions.
 */
void
pd_log_view_load_for_action (PdLogView  *self,
                             PdAccount  *account,
                             const char *pipeline_name,
                             PdAction   *action)
{
  g_return_if_fail (PD_IS_LOG_VIEW (self));
  g_return_if_fail (PD_IS_ACCOUNT (account));
  g_return_if_fail (PD_IS_ACTION (action));

  forget_stage (self);
  load_for_action (self, account, pipeline_name, action);
}

/**
 * pd_log_view_load_stage:
 * @self: a #PdLogView
 * @account: the account of the pipeline
 * @pipeline_name: the stage's pipeline
 * @stage: a stage of the shown execution
 *
 * Shows the build log of a stage: that of its first failed CodeBuild
 * action, else of its first CodeBuild action. With several CodeBuild
 * actions, a drop-down in the header switches between them.
 *
 * Returns: %FALSE, leaving the view as it was, if the stage has no
 *   CodeBuild action
 */
gboolean
pd_log_view_load_stage (PdLogView  *self,
                        PdAccount  *account,
                        const char *pipeline_name,
                        PdStage    *stage)
{
  g_autoptr(GPtrArray) builds = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *actions;
  guint chosen = G_MAXUINT;

  g_return_val_if_fail (PD_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (PD_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (pipeline_name != NULL, FALSE);
  g_return_val_if_fail (PD_IS_STAGE (stage), FALSE);

  actions = pd_stage_get_actions (stage);
  for (guint i = 0; i < g_list_model_get_n_items (actions); i++)
    {
      g_autoptr(PdAction) action = g_list_model_get_item (actions, i);

      if (g_strcmp0 (pd_action_get_provider (action), "CodeBuild") != 0)
        continue;
      if (chosen == G_MAXUINT && pd_action_get_status (action) == PD_AWS_ACTION_STATUS_FAILED)
        chosen = builds->len;
      gtk_string_list_append (names, pd_action_get_name (action));
      g_ptr_array_add (builds, g_steal_pointer (&action));
    }
  if (builds->len == 0)
    return FALSE;
  if (chosen == G_MAXUINT)
    chosen = 0;

  forget_stage (self);
  self->stage_builds = g_steal_pointer (&builds);
  self->stage_pipeline = g_strdup (pipeline_name);
  self->choosing_build = TRUE;
  gtk_drop_down_set_model (self->build_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->build_dropdown, chosen);
  self->choosing_build = FALSE;
  /* The drop-down names the shown build; a lone build keeps the title. */
  gtk_widget_set_visible (GTK_WIDGET (self->build_dropdown), self->stage_builds->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), self->stage_builds->len == 1);
  load_for_action (self, account, pipeline_name, g_ptr_array_index (self->stage_builds, chosen));
  return TRUE;
}

/**
 * pd_log_view_get_build_chooser:
 * @self: a #PdLogView
 *
 * Returns: (transfer none): the drop-down that switches between the
 *   CodeBuild actions of a stage (hidden unless there are several)
 */
GtkDropDown *
pd_log_view_get_build_chooser (PdLogView *self)
{
  g_return_val_if_fail (PD_IS_LOG_VIEW (self), NULL);
  return self->build_dropdown;
}

/**
 * pd_log_view_get_loader:
 * @self: a #PdLogView
 *
 * Returns: (transfer none) (nullable): the loader of the shown build
 */
PdLogLoader *
pd_log_view_get_loader (PdLogView *self)
{
  g_return_val_if_fail (PD_IS_LOG_VIEW (self), NULL);
  return self->loader;
}

/**
 * pd_log_view_get_ready:
 * @self: a #PdLogView
 *
 * Returns: whether the first screen of the log (or the reason there is
 *   none) has been shown
 */
gboolean
pd_log_view_get_ready (PdLogView *self)
{
  g_return_val_if_fail (PD_IS_LOG_VIEW (self), FALSE);
  return self->ready;
}

/**
 * pd_log_view_get_selected_line:
 * @self: a #PdLogView
 *
 * Returns: the first selected line, or %G_MAXUINT
 */
guint
pd_log_view_get_selected_line (PdLogView *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  g_return_val_if_fail (PD_IS_LOG_VIEW (self), G_MAXUINT);

  if (self->selection == NULL)
    return G_MAXUINT;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return gtk_bitset_is_empty (selected) ? G_MAXUINT : gtk_bitset_get_minimum (selected);
}

/**
 * pd_log_view_get_n_matches:
 * @self: a #PdLogView
 *
 * Returns: the number of matches of the current find
 */
guint
pd_log_view_get_n_matches (PdLogView *self)
{
  g_return_val_if_fail (PD_IS_LOG_VIEW (self), 0);
  return self->matches != NULL ? pd_log_matches_get_n_matches (self->matches) : 0;
}

/**
 * pd_log_view_set_query:
 * @self: a #PdLogView
 * @query: what to find
 * @case_sensitive: whether to match case
 * @regex: whether @query is a regular expression
 *
 * Opens the find bar with a query, as typing it would.
 */
void
pd_log_view_set_query (PdLogView  *self,
                       const char *query,
                       gboolean    case_sensitive,
                       gboolean    regex)
{
  g_return_if_fail (PD_IS_LOG_VIEW (self));
  g_return_if_fail (query != NULL);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_toggle_button_set_active (self->case_button, case_sensitive);
  gtk_toggle_button_set_active (self->regex_button, regex);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query);
  self->current_match = G_MAXUINT;
  run_find (self);
}
