/* pd-window.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-account-context.h"
#include "pd-account-store.h"
#include "pd-application.h"
#include "pd-error-state.h"
#include "pd-pipelines-page.h"
#include "pd-section.h"
#include "pd-window-private.h"

/* The window is a shell: the account and region it works on (a
 * PdAccountContext every section reads), the navigation between the
 * sections of pd-section.c, the header and the toasts. Everything a section
 * shows is the section's own. */

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_window_save_state (PdWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
pd_window_close_request (GtkWindow *window)
{
  pd_window_save_state (PD_WINDOW (window));

  return GTK_WINDOW_CLASS (pd_window_parent_class)->close_request (window);
}

static PdAccount *
get_account (PdWindow *self)
{
  return pd_account_context_get_account (self->context);
}

static void
notify_busy_change (PdWindow *self,
                    gboolean  was_busy)
{
  if (was_busy != pd_window_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Sections */

static gboolean
window_is_visible (PdWindow *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->surface == NULL)
    return FALSE;

  return (gdk_toplevel_get_state (GDK_TOPLEVEL (self->surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) == 0;
}

/* Only the shown section of a visible window polls. */
static void
update_activity (PdWindow *self)
{
  gboolean visible = window_is_visible (self);

  for (guint i = 0; i < self->sections->len; i++)
    {
      PdSection *section = g_ptr_array_index (self->sections, i);

      pd_section_set_active (section, visible && section == self->section);
    }
}

static void
update_title (PdWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (get_account (self) == NULL || self->section == NULL)
    {
      adw_window_title_set_title (self->window_title, "Pipedeck");
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }
  title = pd_section_dup_title (self->section);
  subtitle = pd_section_dup_subtitle (self->section);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static const PdSectionInfo *
section_info (PdWindow  *self,
              PdSection *section)
{
  guint n;
  const PdSectionInfo *infos = pd_sections_get_all (&n);

  for (guint i = 0; i < self->sections->len && i < n; i++)
    if (g_ptr_array_index (self->sections, i) == section)
      return &infos[i];
  return NULL;
}

void
pd_window_update_main_page (PdWindow *self)
{
  const PdSectionInfo *info = section_info (self, self->section);
  GtkWidget *header = self->section != NULL ? pd_section_get_header (self->section) : NULL;

  if (get_account (self) == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "empty");
  else if (self->account_failed)
    gtk_stack_set_visible_child_name (self->main_stack, "account-error");
  else if (info != NULL)
    gtk_stack_set_visible_child_name (self->main_stack, info->id);

  gtk_widget_set_visible (GTK_WIDGET (self->header_stack),
                          header != NULL && get_account (self) != NULL);
  if (header != NULL)
    gtk_stack_set_visible_child (self->header_stack, header);
  gtk_widget_set_visible (GTK_WIDGET (self->section_sidebars), get_account (self) != NULL);
  if (self->section != NULL && pd_section_get_sidebar (self->section) != NULL)
    gtk_stack_set_visible_child (self->section_sidebars, pd_section_get_sidebar (self->section));
  update_title (self);
}

static void
on_section_notify_cb (PdWindow   *self,
                      GParamSpec *pspec,
                      PdSection  *section)
{
  if (g_str_equal (pspec->name, "busy"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  else
    update_title (self);
}

static void
show_section (PdWindow  *self,
              PdSection *section)
{
  gboolean was_busy = pd_window_get_busy (self);
  GtkListBoxRow *row;

  if (self->section == section)
    return;
  self->section = section;
  g_signal_group_set_target (self->section_signals, section);
  for (guint i = 0; i < self->sections->len; i++)
    if (g_ptr_array_index (self->sections, i) == section &&
        (row = gtk_list_box_get_row_at_index (self->sections_list, i)) != NULL &&
        gtk_list_box_get_selected_row (self->sections_list) != row)
      gtk_list_box_select_row (self->sections_list, row);
  pd_window_update_main_page (self);
  update_activity (self);
  notify_busy_change (self, was_busy);
}

static void
on_section_row_selected_cb (PdWindow      *self,
                            GtkListBoxRow *row,
                            GtkListBox    *list)
{
  if (row != NULL)
    show_section (self, g_ptr_array_index (self->sections, gtk_list_box_row_get_index (row)));
}

static void
add_sections (PdWindow *self)
{
  guint n;
  const PdSectionInfo *infos = pd_sections_get_all (&n);

  for (guint i = 0; i < n; i++)
    {
      PdSection *section = g_object_new (infos[i].get_type (), NULL);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (_(infos[i].title));
      GtkWidget *shortcut = NULL;

      gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name (infos[i].icon_name));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), label);
      if (i < 9)
        {
          g_autofree char *accel = g_strdup_printf ("<Control>%u", i + 1);
          g_autofree char *text = gtk_accelerator_get_label (GDK_KEY_1 + i, GDK_CONTROL_MASK);

          shortcut = gtk_label_new (text);
          gtk_widget_add_css_class (shortcut, "dim-label");
          gtk_box_append (GTK_BOX (row), shortcut);
        }
      gtk_widget_set_margin_top (row, 6);
      gtk_widget_set_margin_bottom (row, 6);
      gtk_list_box_append (self->sections_list, row);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(infos[i].title), -1);

      g_ptr_array_add (self->sections, section);
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (section), infos[i].id);
      if (pd_section_get_sidebar (section) != NULL)
        gtk_stack_add_named (self->section_sidebars, pd_section_get_sidebar (section), infos[i].id);
      if (pd_section_get_header (section) != NULL)
        gtk_stack_add_named (self->header_stack, pd_section_get_header (section), infos[i].id);
      pd_section_set_context (section, self->context);
      if (pd_section_get_palette_items (section) != NULL)
        pd_palette_index_add_provider (self->palette_index, pd_section_get_palette_items (section));
    }
  if (self->sections->len > 0)
    show_section (self, g_ptr_array_index (self->sections, 0));
}

static void
section_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  int index = g_variant_get_int32 (parameter);

  if (index >= 0 && (guint) index < self->sections->len)
    {
      show_section (self, g_ptr_array_index (self->sections, index));
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
    }
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  if (self->section != NULL && pd_section_go_back (self->section))
    return;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  if (self->section != NULL)
    pd_section_search (self->section);
}

/* A match of the command palette: its target is a --view name. */
static void
on_palette_activated_cb (PdWindow   *self,
                         const char *target)
{
  g_autoptr(GError) error = NULL;

  if (!pd_window_show_view (self, target, &error))
    pd_window_show_error_toast (self, error);
}

static void
command_palette_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  if (self->palette == NULL)
    {
      self->palette = pd_command_palette_new (GTK_WINDOW (self), self->palette_index);
      g_object_add_weak_pointer (G_OBJECT (self->palette), (gpointer *) &self->palette);
      g_signal_connect_object (self->palette, "activated", G_CALLBACK (on_palette_activated_cb),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->palette));
}

static void
on_back_clicked_cb (PdWindow  *self,
                    GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Visibility */

static void
on_surface_state_cb (PdWindow   *self,
                     GParamSpec *pspec,
                     GdkSurface *surface)
{
  update_activity (self);
}

static void
pd_window_map (GtkWidget *widget)
{
  PdWindow *self = PD_WINDOW (widget);

  GTK_WIDGET_CLASS (pd_window_parent_class)->map (widget);

  if (self->surface == NULL)
    {
      self->surface = gtk_native_get_surface (GTK_NATIVE (self));
      if (self->surface != NULL)
        self->surface_state_handler =
          g_signal_connect_object (self->surface, "notify::state",
                                   G_CALLBACK (on_surface_state_cb), self, G_CONNECT_SWAPPED);
    }
  update_activity (self);
}

static void
pd_window_unmap (GtkWidget *widget)
{
  PdWindow *self = PD_WINDOW (widget);

  GTK_WIDGET_CLASS (pd_window_parent_class)->unmap (widget);
  update_activity (self);
}

static void
pd_window_unrealize (GtkWidget *widget)
{
  PdWindow *self = PD_WINDOW (widget);

  if (self->surface != NULL)
    g_clear_signal_handler (&self->surface_state_handler, self->surface);
  self->surface = NULL;

  GTK_WIDGET_CLASS (pd_window_parent_class)->unrealize (widget);
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = (PdWindow *)object;

  if (self->palette != NULL)
    gtk_window_destroy (GTK_WINDOW (self->palette));
  if (self->account_store != NULL)
    g_signal_handlers_disconnect_matched (self->account_store, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  if (self->section_signals != NULL)
    g_signal_group_set_target (self->section_signals, NULL);
  self->section = NULL;
  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      pd_account_context_set_account (self->context, NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_object (&self->section_signals);
  g_clear_object (&self->palette_index);
  g_clear_object (&self->settings);
  g_clear_object (&self->account_store);
  g_clear_object (&self->context);
  g_clear_object (&self->regions);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

static void
pd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, get_account (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, pd_window_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      pd_window_set_busy (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_window_dispose;
  object_class->get_property = pd_window_get_property;
  object_class->set_property = pd_window_set_property;

  window_class->close_request = pd_window_close_request;

  widget_class->map = pd_window_map;
  widget_class->unmap = pd_window_unmap;
  widget_class->unrealize = pd_window_unrealize;

  /**
   * PdWindow:account:
   *
   * The account the window works on.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         PD_TYPE_ACCOUNT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * PdWindow:busy:
   *
   * Whether the window is still loading what it shows.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sections_list);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, section_sidebars);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, header_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, window_title);
  /* Only looked up, to fix their accessible names */
  gtk_widget_class_bind_template_child_full (widget_class, "add_account_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "open_sandbox_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_section_row_selected_cb);

  pd_window_accounts_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_install_action (widget_class, "win.command-palette", NULL,
                                   command_palette_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "win.command-palette", NULL);
  gtk_widget_class_install_action (widget_class, "win.section", "i", section_action);
  for (int i = 0; i < 9; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                           "win.section", "i", i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + i, GDK_CONTROL_MASK,
                                           "win.section", "i", i);
    }

  g_type_ensure (PD_TYPE_ERROR_STATE);
}

static void
pd_window_init (PdWindow *self)
{
  static const char * const mnemonic_buttons[] = {
    "add_account_button", "open_sandbox_button",
  };
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button with a mnemonic after both its raw label and its
   * label widget ("_Add Account… Add Account…"): the label widget will do. */
  for (guint i = 0; i < G_N_ELEMENTS (mnemonic_buttons); i++)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                                  PD_TYPE_WINDOW,
                                                                                  mnemonic_buttons[i])),
                                   GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->context = pd_account_context_new ();
  pd_window_accounts_init (self);
  self->sections = g_ptr_array_new ();
  self->palette_index = pd_palette_index_new ();
  self->section_signals = g_signal_group_new (GTK_TYPE_WIDGET);
  g_signal_group_connect_swapped (self->section_signals, "notify",
                                  G_CALLBACK (on_section_notify_cb), self);
  add_sections (self);

  pd_window_update_main_page (self);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/**
 * pd_window_new:
 * @application: the application
 *
 * Creates the main window, sized as it was when last closed.
 *
 * Returns: (transfer full): a new #PdWindow
 */
PdWindow *
pd_window_new (AdwApplication *application)
{
  PdWindow *self;

  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);

  self = g_object_new (PD_TYPE_WINDOW,
                       "application", application,
                       NULL);

  if (PD_IS_APPLICATION (application))
    {
      self->settings = g_object_ref (pd_application_get_settings (PD_APPLICATION (application)));
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  return self;
}

gboolean
pd_window_get_busy (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  /* A requested view (a pipeline's graph, a log) keeps the window busy
   * until its data is shown. */
  return self->loading ||
         pd_account_context_get_check (self->context) == PD_ACCOUNT_CHECK_CHECKING ||
         (self->section != NULL && pd_section_get_busy (self->section));
}

/**
 * pd_window_set_busy:
 * @self: a #PdWindow
 * @busy: whether the application is still loading what the window shows
 *
 * Marks the window as loading; #PdWindow:busy stays %TRUE also while the
 * window checks its account or a section waits for a view's data.
 */
void
pd_window_set_busy (PdWindow *self,
                    gboolean  busy)
{
  gboolean was_busy;

  g_return_if_fail (PD_IS_WINDOW (self));

  was_busy = pd_window_get_busy (self);
  self->loading = !!busy;
  notify_busy_change (self, was_busy);
}

/**
 * pd_window_show_view:
 * @self: a #PdWindow
 * @view: (nullable): a view name such as `home`, or one of a section's
 *   (`pipeline:NAME`…)
 * @error: a location for a #GError
 *
 * Shows the named view, as `--view` asks.
 *
 * Returns: %TRUE if the view exists and is being shown
 */
gboolean
pd_window_show_view (PdWindow    *self,
                     const char  *view,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  if (view == NULL || g_str_equal (view, "home"))
    {
      pd_window_update_main_page (self);
      return TRUE;
    }

  for (guint i = 0; i < self->sections->len; i++)
    {
      PdSection *section = g_ptr_array_index (self->sections, i);

      if (pd_section_show_view (section, view, &local_error))
        {
          show_section (self, section);
          return TRUE;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("Unknown view “%s”"), view);
  return FALSE;
}

void
pd_window_add_toast (PdWindow   *self,
                     const char *title)
{
  g_return_if_fail (PD_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

void
pd_window_show_error_toast (PdWindow     *self,
                            const GError *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  text = pd_describe_error (error);
  pd_window_add_toast (self, text);
}

/**
 * pd_window_get_context:
 * @self: a #PdWindow
 *
 * Returns: (transfer none): the account context every section reads
 */
PdAccountContext *
pd_window_get_context (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->context;
}

/**
 * pd_window_get_section:
 * @self: a #PdWindow
 * @id: a section's ID, such as `pipelines`
 *
 * Returns: (transfer none) (nullable): the section
 */
PdSection *
pd_window_get_section (PdWindow   *self,
                       const char *id)
{
  guint n;
  const PdSectionInfo *infos = pd_sections_get_all (&n);

  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->sections->len && i < n; i++)
    if (g_str_equal (infos[i].id, id))
      return g_ptr_array_index (self->sections, i);
  return NULL;
}

/**
 * pd_window_get_shown_section:
 * @self: a #PdWindow
 *
 * Returns: (transfer none) (nullable): the section the window shows
 */
PdSection *
pd_window_get_shown_section (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->section;
}

/* The Pipelines section, for notifications and tests */

static PdPipelinesPage *
pipelines (PdWindow *self)
{
  return PD_PIPELINES_PAGE (pd_window_get_section (self, "pipelines"));
}

/**
 * pd_window_open_pipeline:
 * @self: a #PdWindow
 * @name: a pipeline of the shown account
 * @approve: whether to ask for the approval it waits for
 *
 * Shows a pipeline, as a notification's Open and Approve… buttons ask.
 *
 * Returns: %TRUE if the pipeline is in the list
 */
gboolean
pd_window_open_pipeline (PdWindow   *self,
                         const char *name,
                         gboolean    approve)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  if (!pd_pipelines_page_open_pipeline (pipelines (self), name, approve))
    return FALSE;
  show_section (self, PD_SECTION (pipelines (self)));
  gtk_window_present (GTK_WINDOW (self));
  return TRUE;
}

/**
 * pd_window_open_approval:
 * @self: a #PdWindow
 * @name: a pipeline of the shown account
 * @stage_name: the stage of the approval
 * @action_name: the approval action
 *
 * Shows a pipeline and, once its state is in, asks to approve the given
 * approval, as a notification's Approve… button does.
 *
 * Returns: %TRUE if the pipeline is in the list
 */
gboolean
pd_window_open_approval (PdWindow   *self,
                         const char *name,
                         const char *stage_name,
                         const char *action_name)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  if (!pd_pipelines_page_open_approval (pipelines (self), name, stage_name, action_name))
    return FALSE;
  show_section (self, PD_SECTION (pipelines (self)));
  gtk_window_present (GTK_WINDOW (self));
  return TRUE;
}
