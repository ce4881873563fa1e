/* pd-command-palette.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-command-palette.h"

/* "Go anywhere by name": a modal window over the main one with a search
 * entry and the ranked matches of a PdPaletteIndex. It is driven by the
 * keyboard alone: typing filters, Up/Down (and Ctrl+P/Ctrl+N) move,
 * Enter opens, Escape closes. Opening a match closes the window and
 * emits ::activated with the match's target, a `--view` name that the
 * window owning the palette opens; the palette itself knows nothing of
 * the sections. */

/* The rows the list shows at most: the best matches. Nobody scrolls
 * through thousands of them, typing narrows them instead, and every row
 * the list keeps is drawn again at each keystroke (GTK 4.8's list view
 * keeps up to 200 rows alive, whatever shows). */
#define MAX_ROWS 50

struct _PdCommandPalette
{
  AdwWindow           parent_instance;

  /* Template widgets */
  GtkSearchEntry     *entry;
  GtkStack           *stack;
  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;

  /* Owned references */
  PdPaletteIndex     *index;
  GListStore         *rows;
  GPtrArray          *slots;
  GtkSingleSelection *selection;
  GArray             *positions;

  /* Flags */
  guint               empty : 1;
};

G_DEFINE_FINAL_TYPE (PdCommandPalette, pd_command_palette, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_EMPTY,
  N_PROPS
};

enum {
  ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The row of a match: icon, title, subtitle. */
typedef struct
{
  GtkImage *icon;
  GtkLabel *title;
  GtkLabel *subtitle;
} Row;

static void
update_empty (PdCommandPalette *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->index)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "results");
  if (self->empty != empty)
    {
      self->empty = empty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
    }
}

static void
select_position (PdCommandPalette *self,
                 guint             position)
{
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
move_selection (PdCommandPalette *self,
                int               delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint selected = gtk_single_selection_get_selected (self->selection);
  gint64 next;

  if (n == 0)
    return;
  next = selected == GTK_INVALID_LIST_POSITION ? 0 : (gint64) selected + delta;
  select_position (self, (guint) CLAMP (next, 0, (gint64) n - 1));
}

static void
open_selected (PdCommandPalette *self)
{
  g_autoptr(PdCommandPalette) hold = g_object_ref (self);
  g_autofree char *target = NULL;
  guint selected = gtk_single_selection_get_selected (self->selection);
  g_autoptr(PdPaletteItem) item = NULL;

  /* Nothing matches: Enter does nothing, the user types on. */
  if (selected == GTK_INVALID_LIST_POSITION ||
      (item = g_list_model_get_item (G_LIST_MODEL (self->index), selected)) == NULL)
    return;
  target = g_strdup (pd_palette_item_get_target (item));
  /* Closed first, so that what the target opens gets the focus back. */
  gtk_window_close (GTK_WINDOW (self));
  g_signal_emit (self, signals[ACTIVATED], 0, target);
}

static void
on_entry_changed_cb (PdCommandPalette *self,
                     GtkEditable      *entry)
{
  if (self->index == NULL)
    return;   /* not constructed yet, or disposed */
  pd_palette_index_set_query (self->index, gtk_editable_get_text (entry));
  /* The best match is the one Enter opens. */
  select_position (self, 0);
  update_empty (self);
}

/* The list shows rows, not the index's items: row i is always the same
 * object and stands for the index's item at position i. When the matches
 * change, the list is told that the rows changed, finds the same objects
 * again and binds its widgets to them again, instead of destroying the
 * widgets of items that went and making new ones, which a keystroke would
 * otherwise do for every row. */
static void
on_index_items_changed_cb (PdCommandPalette *self,
                           guint             position,
                           guint             removed,
                           guint             added,
                           GListModel       *model)
{
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint new_n = MIN (g_list_model_get_n_items (model), MAX_ROWS);
  guint start = MIN (position, MIN (old_n, new_n));
  guint old_end = old_n, new_end = new_n;

  while (self->slots->len < new_n)
    g_ptr_array_add (self->slots, g_object_new (G_TYPE_OBJECT, NULL));
  /* The same number of items changed in place: only their rows. */
  if (removed == added && old_n == new_n)
    old_end = new_end = MIN (position + added, new_n);
  if (start < old_end || start < new_end)
    g_list_store_splice (self->rows, start, old_end - start, self->slots->pdata + start,
                         new_end - start);
  update_empty (self);
}

static void
on_list_activate_cb (PdCommandPalette *self,
                     guint             position,
                     GtkListView      *list_view)
{
  select_position (self, position);
  open_selected (self);
}

static void
on_setup_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 PdCommandPalette         *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  Row *row = g_new0 (Row, 1);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  row->icon = GTK_IMAGE (gtk_image_new ());
  gtk_image_set_icon_size (row->icon, GTK_ICON_SIZE_NORMAL);
  /* The row's accessible name says the kind: the icon is decoration. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (row->icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->icon));

  row->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->title, 0.0);
  gtk_label_set_ellipsize (row->title, PANGO_ELLIPSIZE_END);
  gtk_label_set_use_markup (row->title, TRUE);
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (row->title));

  row->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->subtitle, 0.0);
  gtk_label_set_ellipsize (row->subtitle, PANGO_ELLIPSIZE_END);
  gtk_label_set_use_markup (row->subtitle, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->subtitle), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->subtitle), "caption");
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (row->subtitle));

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);

  g_object_set_data_full (G_OBJECT (box), "pd-row", row, g_free);
  gtk_list_item_set_child (list_item, box);
}

static void
set_text (GtkLabel   *label,
          const char *text,
          GArray     *positions)
{
  g_autofree char *markup = pd_command_palette_markup (text, positions);

  gtk_label_set_label (label, markup);
}

static void
on_bind_row_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                PdCommandPalette         *self)
{
  g_autoptr(PdPaletteItem) item = g_list_model_get_item (G_LIST_MODEL (self->index),
                                                          gtk_list_item_get_position (list_item));
  GtkWidget *box = gtk_list_item_get_child (list_item);
  Row *row = g_object_get_data (G_OBJECT (box), "pd-row");
  PdPaletteField field = PD_PALETTE_FIELD_NONE;
  const char *subtitle = pd_palette_item_get_subtitle (item);
  g_autofree char *name = NULL;

  if (item == NULL)
    return;
  name = pd_palette_item_dup_accessible_name (item);
  g_array_set_size (self->positions, 0);
  pd_palette_index_get_match (self->index, gtk_list_item_get_position (list_item), &field, NULL,
                              self->positions);

  gtk_image_set_from_icon_name (row->icon,
                                pd_command_palette_kind_icon (pd_palette_item_get_kind (item)));
  set_text (row->title, pd_palette_item_get_title (item),
            field == PD_PALETTE_FIELD_TITLE ? self->positions : NULL);
  set_text (row->subtitle, subtitle, field == PD_PALETTE_FIELD_SUBTITLE ? self->positions : NULL);
  gtk_widget_set_visible (GTK_WIDGET (row->subtitle), subtitle != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_selection (PD_COMMAND_PALETTE (widget), 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_selection (PD_COMMAND_PALETTE (widget), -1);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_selected (PD_COMMAND_PALETTE (widget));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* The keys act before the entry sees them, whatever has the focus: the
 * entry would move its cursor on Up and Down and swallow Enter and
 * Escape. */
static void
add_shortcuts (PdCommandPalette *self)
{
  static const struct { const char *trigger, *action; } keys[] = {
    { "Down|<Control>n", "palette.next" },
    { "Up|<Control>p", "palette.previous" },
    { "Return|KP_Enter|ISO_Enter", "palette.activate" },
    { "Escape", "palette.close" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "pd-command-palette-keys");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcutTrigger *trigger = gtk_shortcut_trigger_parse_string (keys[i].trigger);
      GtkShortcutAction *action = gtk_named_action_new (keys[i].action);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (trigger, action));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
pd_command_palette_map (GtkWidget *widget)
{
  PdCommandPalette *self = PD_COMMAND_PALETTE (widget);

  GTK_WIDGET_CLASS (pd_command_palette_parent_class)->map (widget);

  select_position (self, 0);
  update_empty (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
pd_command_palette_unmap (GtkWidget *widget)
{
  PdCommandPalette *self = PD_COMMAND_PALETTE (widget);

  /* Opened again, it starts afresh; closed, the index keeps no query to
   * filter for while the sections refresh. */
  if (self->entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), "");

  GTK_WIDGET_CLASS (pd_command_palette_parent_class)->unmap (widget);
}

static void
pd_command_palette_constructed (GObject *object)
{
  PdCommandPalette *self = PD_COMMAND_PALETTE (object);
  GtkListItemFactory *factory;

  G_OBJECT_CLASS (pd_command_palette_parent_class)->constructed (object);

  if (self->index == NULL)
    self->index = pd_palette_index_new ();
  pd_palette_index_set_query (self->index, gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_bind_row_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  g_signal_connect_object (self->index, "items-changed",
                           G_CALLBACK (on_index_items_changed_cb), self, G_CONNECT_SWAPPED);
  on_index_items_changed_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (self->index)),
                             G_LIST_MODEL (self->index));
}

static void
pd_command_palette_dispose (GObject *object)
{
  PdCommandPalette *self = PD_COMMAND_PALETTE (object);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_COMMAND_PALETTE);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (pd_command_palette_parent_class)->dispose (object);
}

static void
pd_command_palette_finalize (GObject *object)
{
  PdCommandPalette *self = PD_COMMAND_PALETTE (object);

  g_clear_pointer (&self->positions, g_array_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_command_palette_parent_class)->finalize (object);
}

static void
pd_command_palette_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdCommandPalette *self = PD_COMMAND_PALETTE (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_object (value, self->index);
      break;
    case PROP_EMPTY:
      g_value_set_boolean (value, self->empty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_command_palette_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdCommandPalette *self = PD_COMMAND_PALETTE (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      self->index = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_command_palette_class_init (PdCommandPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pd_command_palette_constructed;
  object_class->dispose = pd_command_palette_dispose;
  object_class->finalize = pd_command_palette_finalize;
  object_class->get_property = pd_command_palette_get_property;
  object_class->set_property = pd_command_palette_set_property;
  widget_class->map = pd_command_palette_map;
  widget_class->unmap = pd_command_palette_unmap;

  properties[PROP_INDEX] =
    g_param_spec_object ("index", NULL, NULL, PD_TYPE_PALETTE_INDEX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdCommandPalette::activated:
   * @self: the palette
   * @target: what the chosen match opens, a `--view` name such as
   *   `pipeline:todo-list-aws/EXECUTION_ID`
   *
   * Emitted when a match was chosen, after the palette closed.
   */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                     G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/pd-command-palette.ui");
  gtk_widget_class_bind_template_child (widget_class, PdCommandPalette, entry);
  gtk_widget_class_bind_template_child (widget_class, PdCommandPalette, stack);
  gtk_widget_class_bind_template_child (widget_class, PdCommandPalette, scroller);
  gtk_widget_class_bind_template_child (widget_class, PdCommandPalette, list_view);
  gtk_widget_class_bind_template_child (widget_class, PdCommandPalette, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);

  gtk_widget_class_install_action (widget_class, "palette.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "palette.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "palette.activate", NULL, activate_action);
  gtk_widget_class_install_action (widget_class, "palette.close", NULL, close_action);
}

static void
pd_command_palette_init (PdCommandPalette *self)
{
  self->positions = g_array_new (FALSE, FALSE, sizeof (guint));
  self->rows = g_list_store_new (G_TYPE_OBJECT);
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
  self->empty = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  add_shortcuts (self);
}

/**
 * pd_command_palette_new:
 * @parent: (nullable): the window it opens over
 * @index: (nullable): the index to search, where the sections put what
 *   they offer; a new empty one if %NULL
 *
 * Creates the command palette. Present it to open it; it hides when a
 * match is chosen or on Escape, and can be presented again.
 *
 * Returns: (transfer full): a new #PdCommandPalette
 */
PdCommandPalette *
pd_command_palette_new (GtkWindow      *parent,
                        PdPaletteIndex *index)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (index == NULL || PD_IS_PALETTE_INDEX (index), NULL);

  return g_object_new (PD_TYPE_COMMAND_PALETTE,
                       "transient-for", parent,
                       "index", index,
                       NULL);
}

PdPaletteIndex *
pd_command_palette_get_index (PdCommandPalette *self)
{
  g_return_val_if_fail (PD_IS_COMMAND_PALETTE (self), NULL);
  return self->index;
}

GtkEditable *
pd_command_palette_get_entry (PdCommandPalette *self)
{
  g_return_val_if_fail (PD_IS_COMMAND_PALETTE (self), NULL);
  return GTK_EDITABLE (self->entry);
}

GtkListView *
pd_command_palette_get_list_view (PdCommandPalette *self)
{
  g_return_val_if_fail (PD_IS_COMMAND_PALETTE (self), NULL);
  return self->list_view;
}

/* Whether "No Matches" shows. */
gboolean
pd_command_palette_get_empty (PdCommandPalette *self)
{
  g_return_val_if_fail (PD_IS_COMMAND_PALETTE (self), TRUE);
  return self->empty;
}

/* The position of the match Enter opens, or GTK_INVALID_LIST_POSITION. */
guint
pd_command_palette_get_selected (PdCommandPalette *self)
{
  g_return_val_if_fail (PD_IS_COMMAND_PALETTE (self), GTK_INVALID_LIST_POSITION);
  return gtk_single_selection_get_selected (self->selection);
}

/* @text as Pango markup, escaped, with the characters at @positions
 * (offsets in characters, ascending) in bold. */
char *
pd_command_palette_markup (const char *text,
                           GArray     *positions)
{
  GString *markup = g_string_new (NULL);
  guint next = 0, index = 0;
  gboolean bold = FALSE;

  if (text == NULL)
    return g_string_free (markup, FALSE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), index++)
    {
      const char *end = g_utf8_next_char (p);
      g_autofree char *escaped = g_markup_escape_text (p, end - p);
      gboolean matched;

      while (positions != NULL && next < positions->len &&
             g_array_index (positions, guint, next) < index)
        next++;
      matched = positions != NULL && next < positions->len &&
                g_array_index (positions, guint, next) == index;
      if (matched != bold)
        g_string_append (markup, matched ? "<b>" : "</b>");
      bold = matched;
      g_string_append (markup, escaped);
    }
  if (bold)
    g_string_append (markup, "</b>");
  return g_string_free (markup, FALSE);
}

/* The symbolic icon a row shows for @kind. */
const char *
pd_command_palette_kind_icon (PdPaletteKind kind)
{
  switch (kind)
    {
    case PD_PALETTE_KIND_PIPELINE:
      return "view-continuous-symbolic";
    case PD_PALETTE_KIND_STAGE:
      return "view-paged-symbolic";
    case PD_PALETTE_KIND_ACTION:
      return "system-run-symbolic";
    case PD_PALETTE_KIND_EXECUTION:
      return "media-playback-start-symbolic";
    case PD_PALETTE_KIND_COMMIT:
      return "document-edit-symbolic";
    case PD_PALETTE_KIND_API:
      return "network-server-symbolic";
    case PD_PALETTE_KIND_API_STAGE:
      return "network-workgroup-symbolic";
    case PD_PALETTE_KIND_WEB_ACL:
      return "security-high-symbolic";
    case PD_PALETTE_KIND_TABLE:
      return "x-office-spreadsheet-symbolic";
    case PD_PALETTE_KIND_FUNCTION:
      return "application-x-executable-symbolic";
    default:
      return "edit-find-symbolic";
    }
}
