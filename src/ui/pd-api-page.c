/* pd-api-page.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-api-page-private.h"

/* The API section: the REST APIs of the open account and region in the
 * sidebar; the chosen API's stages, each with its settings, throttling,
 * variables and web ACL, its resource tree and its authorizers; Edit and
 * Undo in the header. Edits go through a review of their patch in plain
 * words; Undo sends the inverse patch after a confirmation. */

typedef struct
{
  PdApiList *list;
} CacheEntry;

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  if (entry->list != NULL)
    g_object_run_dispose (G_OBJECT (entry->list));
  g_clear_object (&entry->list);
  g_free (entry);
}


static void pd_api_page_section_init (PdSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdApiPage, pd_api_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_SECTION, pd_api_page_section_init))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_BUSY,
  N_PROPS
};

static void show_stage       (PdApiPage  *self,
                              PdApiStage *stage);
static void try_pending_view (PdApiPage  *self);

static char *
dup_stale_text (PdApiPage *self)
{
  g_autofree char *since = NULL;
  g_autofree char *why = NULL;
  const GError *error;

  if (self->list == NULL || !pd_api_list_get_stale (self->list))
    return NULL;
  since = pd_api_page_format_time (pd_api_list_get_stale_since (self->list));
  error = pd_api_list_get_error (self->list);
  why = error != NULL ? pd_error_dup_plain_words (error) : g_strdup ("");
  /* Translators: a time, then why refreshing fails */
  return g_strdup_printf (_("Not refreshed since %s: %s"), since, why);
}

/* Title, subtitle and busy */

static void
notify_title (PdApiPage *self)
{
  g_object_notify (G_OBJECT (self), "title");
  g_object_notify (G_OBJECT (self), "subtitle");
}

static void
set_pending (PdApiPage *self,
             gboolean   pending)
{
  if (self->pending == (guint) !!pending)
    return;
  self->pending = !!pending;
  g_object_notify (G_OBJECT (self), "busy");
}

static void
show_stage (PdApiPage  *self,
            PdApiStage *stage)
{
  if (self->stage != stage)
    {
      g_set_object (&self->stage, stage);
      g_signal_group_set_target (self->stage_signals, stage);
    }
  pd_api_page_update_stage_view (self);
  notify_title (self);
}

static void
select_stage_in_dropdown (PdApiPage  *self,
                          PdApiStage *stage)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->stage_names));

  for (guint i = 0; stage != NULL && i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->stage_names, i),
                     pd_api_stage_get_name (stage)))
      {
        self->selecting = TRUE;
        gtk_drop_down_set_selected (self->stage_dropdown, i);
        self->selecting = FALSE;
        return;
      }
}

static void
on_stage_selected_cb (PdApiPage   *self,
                      GParamSpec  *pspec,
                      GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *name;

  if (self->selecting || self->api == NULL ||
      selected >= g_list_model_get_n_items (G_LIST_MODEL (self->stage_names)))
    return;
  name = gtk_string_list_get_string (self->stage_names, selected);
  show_stage (self, pd_api_find_stage (self->api, name));
}

/* The shown API */

static gboolean
same_strings (GListModel *a,
              GListModel *b)
{
  guint n = g_list_model_get_n_items (a);

  if (n != g_list_model_get_n_items (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (a), i),
                   gtk_string_list_get_string (GTK_STRING_LIST (b), i)) != 0)
      return FALSE;
  return TRUE;
}

static void
update_api_view (PdApiPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) tree_selection = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *created = NULL;
  PdApiStage *keep = NULL;
  GListModel *stages;
  guint n;

  if (self->api == NULL)
    {
      g_clear_object (&self->tree);
      gtk_list_view_set_model (self->resources_view, NULL);
      gtk_list_box_bind_model (self->authorizers_list, NULL, NULL, NULL, NULL);
      show_stage (self, NULL);
      return;
    }

  gtk_label_set_text (self->api_title, pd_api_get_name (self->api));
  created = pd_api_page_format_time (pd_api_get_created (self->api));
  /* Translators: an API's ID, its endpoint type (REGIONAL…), then when it
   * was created */
  facts = g_strdup_printf (_("%s · %s · created %s"), pd_api_get_id (self->api),
                           pd_api_get_endpoint_type (self->api) != NULL
                           ? pd_api_get_endpoint_type (self->api) : _("unknown endpoint"),
                           created);
  gtk_label_set_text (self->api_facts, facts);
  gtk_label_set_text (self->api_description, pd_api_get_description (self->api) != NULL
                                             ? pd_api_get_description (self->api) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->api_description),
                          pd_api_get_description (self->api) != NULL);

  /* The stage switcher keeps the stage shown, by name */
  stages = pd_api_get_stages (self->api);
  n = g_list_model_get_n_items (stages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdApiStage) stage = g_list_model_get_item (stages, i);

      gtk_string_list_append (names, pd_api_stage_get_name (stage));
      if (self->stage != NULL &&
          g_str_equal (pd_api_stage_get_name (stage), pd_api_stage_get_name (self->stage)))
        keep = stage;
    }
  if (keep == NULL && n > 0)
    keep = pd_api_find_stage (self->api, gtk_string_list_get_string (names, 0));
  /* The same stages keep the switcher as it is, popover and all */
  if (!same_strings (G_LIST_MODEL (names), G_LIST_MODEL (self->stage_names)))
    {
      self->selecting = TRUE;
      g_set_object (&self->stage_names, names);
      gtk_drop_down_set_model (self->stage_dropdown, G_LIST_MODEL (names));
      self->selecting = FALSE;
    }
  gtk_widget_set_visible (self->stage_box, n > 0);
  gtk_widget_set_visible (self->no_stages_page, n == 0 && pd_api_get_loaded (self->api));
  select_stage_in_dropdown (self, keep);
  show_stage (self, keep);

  g_clear_object (&self->tree);
  self->tree = gtk_tree_list_model_new (g_object_ref (pd_api_get_resource_tree (self->api)),
                                        FALSE, TRUE, pd_api_page_create_tree_children_cb, NULL, NULL);
  tree_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_list_view_set_model (self->resources_view, GTK_SELECTION_MODEL (tree_selection));
  gtk_list_box_bind_model (self->authorizers_list, pd_api_get_authorizers (self->api),
                           pd_api_page_create_authorizer_row, self, NULL);
  if (g_list_model_get_n_items (pd_api_get_authorizers (self->api)) == 0)
    {
      gtk_list_box_bind_model (self->authorizers_list, NULL, NULL, NULL, NULL);
      gtk_list_box_append (self->authorizers_list, pd_api_page_new_row (_("No authorizers"), NULL));
    }
}

static void
update_main_page (PdApiPage *self)
{
  g_autofree char *stale = dup_stale_text (self);

  gtk_stack_set_visible_child_name (self->main_stack, self->api != NULL ? "api" : "none");
  gtk_label_set_text (self->stale_label, stale != NULL ? stale : "");
  gtk_revealer_set_reveal_child (self->stale_banner, stale != NULL);
  gtk_widget_set_visible (self->header, self->api != NULL);
}

static void
show_api (PdApiPage *self,
          PdApi     *api)
{
  if (self->api != api)
    {
      g_set_object (&self->api, api);
      g_signal_group_set_target (self->api_signals, api);
      update_api_view (self);
    }
  if (api != NULL)
    {
      GtkWidget *leaflet = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_LEAFLET);

      if (leaflet != NULL)
        adw_leaflet_navigate (ADW_LEAFLET (leaflet), ADW_NAVIGATION_DIRECTION_FORWARD);
    }
  update_main_page (self);
  notify_title (self);
}

static void
reselect_shown_api (PdApiPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  for (guint i = 0; self->api != NULL && i < n; i++)
    {
      g_autoptr(PdApi) item = g_list_model_get_item (G_LIST_MODEL (self->selection), i);

      if (item == self->api)
        {
          self->selecting = TRUE;
          gtk_single_selection_set_selected (self->selection, i);
          self->selecting = FALSE;
          return;
        }
    }
}

static void
on_api_selected_cb (PdApiPage          *self,
                    GParamSpec         *pspec,
                    GtkSingleSelection *selection)
{
  PdApi *api = gtk_single_selection_get_selected_item (selection);

  if (self->selecting || api == NULL)
    return;
  show_api (self, api);
}

static void
on_api_changed_cb (PdApiPage *self,
                   PdApi     *api)
{
  update_api_view (self);
  try_pending_view (self);
}

static void
on_stage_changed_cb (PdApiPage  *self,
                     PdApiStage *stage)
{
  pd_api_page_update_stage_view (self);
}

/* The sidebar */

static void
update_sidebar_page (PdApiPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->api_search));
  const GError *error = self->list != NULL ? pd_api_list_get_error (self->list) : NULL;
  const char *page;

  if (self->list == NULL)
    page = "empty";
  else if (n > 0)
    page = "list";
  else if (error != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    page = "error";
  else if (!pd_api_list_get_loaded (self->list))
    page = "loading";
  else
    page = "empty";

  if (g_str_equal (page, "error"))
    {
      pd_error_state_set_error (self->apis_error, error);
      pd_error_state_set_retrying (self->apis_error, pd_api_list_get_loading (self->list));
    }
  else if (g_str_equal (page, "empty"))
    {
      if (search != NULL && search[0] != '\0')
        {
          adw_status_page_set_title (self->apis_empty_page, _("No Results"));
          adw_status_page_set_description (self->apis_empty_page, NULL);
        }
      else
        {
          adw_status_page_set_title (self->apis_empty_page, _("No REST APIs"));
          adw_status_page_set_description (self->apis_empty_page,
                                           self->list != NULL
                                           ? _("This account has no REST APIs in this region.")
                                           : NULL);
        }
    }
  gtk_spinner_set_spinning (self->apis_spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->sidebar_stack, page);
}

static void
on_apis_retry_cb (PdApiPage    *self,
                  PdErrorState *state)
{
  if (self->poller != NULL)
    pd_api_poller_poll_now (self->poller);
}

static void
on_list_notify_cb (PdApiPage  *self,
                   GParamSpec *pspec,
                   PdApiList  *list)
{
  update_sidebar_page (self);
  update_main_page (self);
  notify_title (self);
  try_pending_view (self);
}

static gboolean
filter_api_cb (gpointer item,
               gpointer user_data)
{
  PdApiPage *self = user_data;

  return pd_api_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->api_search)));
}

static void
on_search_changed_cb (PdApiPage      *self,
                      GtkSearchEntry *entry)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_sidebar_page (self);
}

static void
on_filtered_items_changed_cb (PdApiPage  *self,
                              guint       position,
                              guint       removed,
                              guint       added,
                              GListModel *model)
{
  update_sidebar_page (self);
  reselect_shown_api (self);
}

static void
setup_api_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *facts = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (facts), 0);
  gtk_label_set_ellipsize (GTK_LABEL (facts), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (facts, "dim-label");
  gtk_widget_add_css_class (facts, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), facts);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_item_set_child (item, box);
}

static void
bind_api_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  PdApi *api = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *facts = gtk_widget_get_next_sibling (name);
  g_autofree char *text = g_strdup_printf ("%s · %s", pd_api_get_id (api),
                                           pd_api_get_endpoint_type (api) != NULL
                                           ? pd_api_get_endpoint_type (api) : "?");

  gtk_label_set_text (GTK_LABEL (name), pd_api_get_name (api));
  gtk_label_set_text (GTK_LABEL (facts), text);
}

/* The list of the open account and region */

static void
drop_poller (PdApiPage *self)
{
  if (self->poller == NULL)
    return;
  pd_api_poller_set_active (self->poller, FALSE);
  g_object_run_dispose (G_OBJECT (self->poller));
  g_clear_object (&self->poller);
}

static void
activate_list (PdApiPage *self)
{
  const char *key = self->context != NULL ? pd_account_context_get_key (self->context) : NULL;
  CacheEntry *entry = NULL;

  drop_poller (self);
  show_api (self, NULL);
  g_clear_object (&self->undo);       /* it belongs to the other account */
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;

  if (key != NULL && (entry = g_hash_table_lookup (self->cache, key)) == NULL)
    {
      PdAwsClient *client = pd_account_context_get_client (self->context);

      if (client != NULL)
        {
          entry = g_new0 (CacheEntry, 1);
          entry->list = pd_api_list_new (client);
          g_hash_table_insert (self->cache, g_strdup (key), entry);
        }
    }
  g_set_object (&self->list, (PdApiList *) (entry != NULL ? entry->list : NULL));
  g_signal_group_set_target (self->list_signals, self->list);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->list));
  if (self->list != NULL)
    {
      self->poller = pd_api_poller_new (self->list);
      pd_api_poller_set_active (self->poller, self->active);
    }
  pd_api_page_update_actions (self);
  update_sidebar_page (self);
  update_main_page (self);
}

static void
on_context_changed_cb (PdApiPage        *self,
                       PdAccountContext *context)
{
  activate_list (self);
  try_pending_view (self);
  notify_title (self);
}

/* --view=api:API[/STAGE] waits for the API's data */

static void
finish_pending_view (PdApiPage *self)
{
  g_clear_pointer (&self->pending_api, g_free);
  g_clear_pointer (&self->pending_stage, g_free);
  set_pending (self, FALSE);
}

static void
try_pending_view (PdApiPage *self)
{
  gboolean settled;
  PdApi *api;

  if (!self->pending || self->list == NULL || self->pending_api == NULL)
    return;
  settled = pd_api_list_get_loaded (self->list) && !pd_api_list_get_loading (self->list);
  api = pd_api_list_find (self->list, self->pending_api);
  if (api == NULL || !pd_api_get_loaded (api))
    {
      /* A first load that failed settles too: the error state shows */
      if (settled || (pd_api_list_get_error (self->list) != NULL &&
                      !pd_api_list_get_loading (self->list)))
        {
          g_autofree char *text = NULL;

          if (api == NULL && pd_api_list_get_loaded (self->list))
            /* Translators: an API's name or ID */
            text = g_strdup_printf (_("No REST API named “%s”"), self->pending_api);
          if (text != NULL)
            pd_section_add_toast (PD_SECTION (self), text);
          finish_pending_view (self);
        }
      return;
    }

  show_api (self, api);
  reselect_shown_api (self);
  if (self->pending_stage != NULL && !pd_api_page_show_stage (self, self->pending_stage))
    {
      /* Translators: a stage name, then an API's name */
      g_autofree char *text = g_strdup_printf (_("No stage “%s” in “%s”"), self->pending_stage,
                                               pd_api_get_name (api));

      pd_section_add_toast (PD_SECTION (self), text);
    }
  finish_pending_view (self);
}

/* PdSection */

static GtkWidget *
pd_api_page_get_sidebar (PdSection *section)
{
  return PD_API_PAGE (section)->sidebar;
}

static GtkWidget *
pd_api_page_get_header (PdSection *section)
{
  return PD_API_PAGE (section)->header;
}

static void
pd_api_page_set_context (PdSection        *section,
                         PdAccountContext *context)
{
  PdApiPage *self = PD_API_PAGE (section);

  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_context_changed_cb (self, context);
}

static void
pd_api_page_set_active (PdSection *section,
                        gboolean   active)
{
  PdApiPage *self = PD_API_PAGE (section);

  self->active = !!active;
  if (self->poller != NULL)
    pd_api_poller_set_active (self->poller, self->active);
}

static gboolean
pd_api_page_show_view (PdSection   *section,
                       const char  *view,
                       GError     **error)
{
  PdApiPage *self = PD_API_PAGE (section);
  const char *name, *slash;

  if (!g_str_has_prefix (view, "api:"))
    return FALSE;
  name = view + strlen ("api:");
  slash = strchr (name, '/');
  if (name[0] == '\0' || slash == name || (slash != NULL && (slash[1] == '\0' ||
                                                             strchr (slash + 1, '/') != NULL)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The API view is named api:API or api:API/STAGE (API by name or ID), "
                     "not “%s”"), view);
      return FALSE;
    }
  g_free (self->pending_api);
  g_free (self->pending_stage);
  self->pending_api = slash != NULL ? g_strndup (name, slash - name) : g_strdup (name);
  self->pending_stage = slash != NULL ? g_strdup (slash + 1) : NULL;
  set_pending (self, TRUE);
  try_pending_view (self);
  return TRUE;
}

static void
pd_api_page_search (PdSection *section)
{
  gtk_widget_grab_focus (GTK_WIDGET (PD_API_PAGE (section)->api_search));
}

static void
pd_api_page_section_init (PdSectionInterface *iface)
{
  iface->get_sidebar = pd_api_page_get_sidebar;
  iface->get_header = pd_api_page_get_header;
  iface->set_context = pd_api_page_set_context;
  iface->set_active = pd_api_page_set_active;
  iface->show_view = pd_api_page_show_view;
  iface->search = pd_api_page_search;
}

/* GObject */

static void
pd_api_page_dispose (GObject *object)
{
  PdApiPage *self = PD_API_PAGE (object);

  drop_poller (self);
  pd_api_page_set_dialog (self, NULL);
  if (self->list_signals != NULL)
    g_signal_group_set_target (self->list_signals, NULL);
  if (self->api_signals != NULL)
    g_signal_group_set_target (self->api_signals, NULL);
  if (self->stage_signals != NULL)
    g_signal_group_set_target (self->stage_signals, NULL);
  if (self->apis_view != NULL)
    gtk_list_view_set_model (self->apis_view, NULL);
  if (self->resources_view != NULL)
    gtk_list_view_set_model (self->resources_view, NULL);
  if (self->throttling_list != NULL)
    gtk_list_box_bind_model (self->throttling_list, NULL, NULL, NULL, NULL);
  if (self->authorizers_list != NULL)
    gtk_list_box_bind_model (self->authorizers_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_API_PAGE);
  g_clear_object (&self->sidebar);
  g_clear_object (&self->header);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->stage_names);
  g_clear_object (&self->tree);
  g_clear_object (&self->list_signals);
  g_clear_object (&self->api_signals);
  g_clear_object (&self->stage_signals);
  g_clear_object (&self->actions);
  g_clear_object (&self->undo);
  g_clear_object (&self->stage);
  g_clear_object (&self->api);
  g_clear_object (&self->list);
  g_clear_object (&self->context);
  g_clear_pointer (&self->cache, g_hash_table_unref);

  G_OBJECT_CLASS (pd_api_page_parent_class)->dispose (object);
}

static void
pd_api_page_finalize (GObject *object)
{
  PdApiPage *self = PD_API_PAGE (object);

  g_free (self->pending_api);
  g_free (self->pending_stage);

  G_OBJECT_CLASS (pd_api_page_parent_class)->finalize (object);
}

static void
pd_api_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PdApiPage *self = PD_API_PAGE (object);
  PdAccount *account = self->context != NULL ? pd_account_context_get_account (self->context)
                                             : NULL;
  char *stale;

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->api != NULL ? pd_api_get_name (self->api) : _("API"));
      break;
    case PROP_SUBTITLE:
      stale = dup_stale_text (self);
      if (stale != NULL)
        g_value_take_string (value, stale);
      else if (self->stage != NULL)
        /* Translators: a stage name, then an account name */
        g_value_take_string (value, g_strdup_printf (_("Stage %s · %s"),
                                                     pd_api_stage_get_name (self->stage),
                                                     account != NULL
                                                     ? pd_account_get_name (account) : ""));
      else
        g_value_set_string (value, account != NULL ? pd_account_get_name (account) : NULL);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_api_page_class_init (PdApiPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_api_page_dispose;
  object_class->finalize = pd_api_page_finalize;
  object_class->get_property = pd_api_page_get_property;

  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_SUBTITLE, "subtitle");
  g_object_class_override_property (object_class, PROP_BUSY, "busy");

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-api-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, stale_banner);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, stale_label);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, api_title);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, api_facts);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, api_description);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, stage_box);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, stage_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, no_stages_page);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, stage_details);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, invoke_row);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, deployment_row);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, logging_row);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, tracing_row);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, access_log_row);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, cache_row);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, canary_row);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, web_acl_row);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, throttling_list);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, variables_list);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, resources_view);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, authorizers_list);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, api_search);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, apis_view);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, apis_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, apis_error);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, apis_empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdApiPage, header);
  gtk_widget_class_bind_template_callback (widget_class, on_apis_retry_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (PD_TYPE_ERROR_STATE);
}

static void
pd_api_page_init (PdApiPage *self)
{
  static const GActionEntry entries[] = {
    { "edit", pd_api_page_edit_activated_cb, NULL, NULL, NULL, { 0 } },
    { "undo", pd_api_page_undo_activated_cb, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) tree_factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The sidebar and the header live in the window, not under the page. */
  g_object_ref_sink (self->sidebar);
  g_object_ref_sink (self->header);

  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);
  self->stage_names = gtk_string_list_new (NULL);
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries),
                                   self);
  gtk_widget_insert_action_group (self->header, "api", G_ACTION_GROUP (self->actions));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "api", G_ACTION_GROUP (self->actions));

  self->list_signals = g_signal_group_new (PD_TYPE_API_LIST);
  g_signal_group_connect_swapped (self->list_signals, "notify", G_CALLBACK (on_list_notify_cb),
                                  self);
  self->api_signals = g_signal_group_new (PD_TYPE_API);
  g_signal_group_connect_swapped (self->api_signals, "changed", G_CALLBACK (on_api_changed_cb),
                                  self);
  self->stage_signals = g_signal_group_new (PD_TYPE_API_STAGE);
  g_signal_group_connect_swapped (self->stage_signals, "changed",
                                  G_CALLBACK (on_stage_changed_cb), self);

  self->filter = gtk_custom_filter_new (filter_api_cb, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_filtered_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_api_selected_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_api_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_api_row_cb), self);
  gtk_list_view_set_factory (self->apis_view, factory);
  gtk_list_view_set_model (self->apis_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->api_search, "search-changed", G_CALLBACK (on_search_changed_cb),
                           self, G_CONNECT_SWAPPED);

  tree_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (tree_factory, "setup", G_CALLBACK (pd_api_page_setup_tree_row_cb), self);
  g_signal_connect (tree_factory, "bind", G_CALLBACK (pd_api_page_bind_tree_row_cb), self);
  gtk_list_view_set_factory (self->resources_view, tree_factory);

  g_signal_connect_object (self->stage_dropdown, "notify::selected",
                           G_CALLBACK (on_stage_selected_cb), self, G_CONNECT_SWAPPED);

  pd_api_page_update_actions (self);
  update_sidebar_page (self);
  update_main_page (self);
}

/* Public */

PdApiList *
pd_api_page_get_list (PdApiPage *self)
{
  g_return_val_if_fail (PD_IS_API_PAGE (self), NULL);
  return self->list;
}

PdApiPoller *
pd_api_page_get_poller (PdApiPage *self)
{
  g_return_val_if_fail (PD_IS_API_PAGE (self), NULL);
  return self->poller;
}

/**
 * pd_api_page_get_model:
 * @self: a #PdApiPage
 *
 * Returns: (transfer none): the APIs the sidebar lists, as filtered
 */
GListModel *
pd_api_page_get_model (PdApiPage *self)
{
  g_return_val_if_fail (PD_IS_API_PAGE (self), NULL);
  return G_LIST_MODEL (self->selection);
}

PdApi *
pd_api_page_get_shown_api (PdApiPage *self)
{
  g_return_val_if_fail (PD_IS_API_PAGE (self), NULL);
  return self->api;
}

PdApiStage *
pd_api_page_get_shown_stage (PdApiPage *self)
{
  g_return_val_if_fail (PD_IS_API_PAGE (self), NULL);
  return self->stage;
}

/**
 * pd_api_page_show_stage:
 * @self: a #PdApiPage
 * @name: a stage of the shown API
 *
 * Shows a stage, as the stage switcher does.
 *
 * Returns: %TRUE if the shown API has that stage
 */
gboolean
pd_api_page_show_stage (PdApiPage  *self,
                        const char *name)
{
  PdApiStage *stage;

  g_return_val_if_fail (PD_IS_API_PAGE (self), FALSE);

  if (self->api == NULL || (stage = pd_api_find_stage (self->api, name)) == NULL)
    return FALSE;
  select_stage_in_dropdown (self, stage);
  show_stage (self, stage);
  return TRUE;
}

/**
 * pd_api_page_get_stage_names:
 * @self: a #PdApiPage
 *
 * Returns: (transfer none): the stage switcher's #GtkStringList
 */
GListModel *
pd_api_page_get_stage_names (PdApiPage *self)
{
  g_return_val_if_fail (PD_IS_API_PAGE (self), NULL);
  return G_LIST_MODEL (self->stage_names);
}

/**
 * pd_api_page_get_tree:
 * @self: a #PdApiPage
 *
 * Returns: (transfer none) (nullable): the resource tree's rows
 */
GListModel *
pd_api_page_get_tree (PdApiPage *self)
{
  g_return_val_if_fail (PD_IS_API_PAGE (self), NULL);
  return self->tree != NULL ? G_LIST_MODEL (self->tree) : NULL;
}

/**
 * pd_api_page_get_dialog:
 * @self: a #PdApiPage
 *
 * Returns: (transfer none) (nullable): the dialog the page opened last,
 *   while it is open
 */
AdwMessageDialog *
pd_api_page_get_dialog (PdApiPage *self)
{
  g_return_val_if_fail (PD_IS_API_PAGE (self), NULL);
  return self->dialog;
}

/**
 * pd_api_page_get_actions:
 * @self: a #PdApiPage
 *
 * Returns: (transfer none): the `api.edit` and `api.undo` actions
 */
GActionGroup *
pd_api_page_get_actions (PdApiPage *self)
{
  g_return_val_if_fail (PD_IS_API_PAGE (self), NULL);
  return G_ACTION_GROUP (self->actions);
}
