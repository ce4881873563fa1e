/* pd-overview-page.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-overview-page.h"
#include "pd-section.h"

/* The Overview section: one tile per part of the stack, each opening its
 * section. The window lands here when an account opens. `--view=overview`. */

#define REFRESH_SECONDS 60

static const struct
{
  const char *title;
  const char *section;   /* the section a tile opens */
} tile_infos[PD_OVERVIEW_N_TILES] = {
  { N_("Pipelines"), "pipelines" },
  { N_("Waiting Approvals"), "pipelines" },
  { N_("API Stages"), "api" },
  { N_("Blocked Requests, Last Hour"), "firewall" },
  { N_("Lambda Error Rates"), "functions" },
  { N_("Database Clusters"), "database" },
};

struct _PdOverviewPage
{
  GtkWidget         parent_instance;

  GtkWidget        *scroller;
  GtkFlowBox       *tiles;
  GtkWidget        *buttons[PD_OVERVIEW_N_TILES];
  GtkLabel         *values[PD_OVERVIEW_N_TILES];
  GtkLabel         *details[PD_OVERVIEW_N_TILES];

  PdAccountContext *context;
  GHashTable       *overviews;   /* context key → PdOverview */
  PdOverview       *overview;
  gboolean          active;
  guint             timeout_id;
};

static void pd_overview_page_section_init (PdSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdOverviewPage, pd_overview_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_SECTION,
                                                      pd_overview_page_section_init))

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_BUSY,
  N_PROPS
};

static int
section_index (const char *id)
{
  guint n;
  const PdSectionInfo *infos = pd_sections_get_all (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (infos[i].id, id))
      return (int) i;
  return -1;
}

static void
on_tile_clicked_cb (GtkButton      *button,
                    PdOverviewPage *self)
{
  int index = section_index (g_object_get_data (G_OBJECT (button), "section"));

  if (index >= 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.section", "i", index);
}

/**
 * pd_overview_page_dup_tile_text:
 * @self: a #PdOverviewPage
 * @kind: a tile
 *
 * Returns: (transfer full): what the tile says, its main number and its
 *   detail, as a screen reader reads it
 */
char *
pd_overview_page_dup_tile_text (PdOverviewPage     *self,
                                PdOverviewTileKind  kind)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_PAGE (self), NULL);
  g_return_val_if_fail (kind < PD_OVERVIEW_N_TILES, NULL);

  return g_strdup_printf ("%s: %s, %s", _(tile_infos[kind].title),
                          gtk_label_get_text (self->values[kind]),
                          gtk_label_get_text (self->details[kind]));
}

static char *
dup_detail (const PdOverviewTile *tile,
            PdOverviewTileKind    kind)
{
  switch (kind)
    {
    case PD_OVERVIEW_PIPELINES:
      /* Translators: under the number of pipelines */
      return g_strdup_printf (_("%u failed, %u running"), tile->bad, tile->extra);
    case PD_OVERVIEW_APPROVALS:
      return g_strdup (tile->total > 0 ? _("Someone needs to answer")
                                       : _("Nothing waits for an answer"));
    case PD_OVERVIEW_API_STAGES:
      /* Translators: under the number of API stages */
      return g_strdup_printf (ngettext ("in %u API", "in %u APIs", tile->extra), tile->extra);
    case PD_OVERVIEW_WAF_BLOCKED:
      /* Translators: under the number of blocked requests */
      return g_strdup_printf (ngettext ("sampled from %u web ACL", "sampled from %u web ACLs",
                                        tile->extra), tile->extra);
    case PD_OVERVIEW_LAMBDA_ERRORS:
      /* Translators: under the number of functions; the highest error rate */
      return g_strdup_printf (ngettext ("%u failing over 1 %%, worst %.1f %%",
                                        "%u failing over 1 %%, worst %.1f %%", tile->bad),
                              tile->bad, tile->worst);
    case PD_OVERVIEW_DATABASES:
      /* Translators: under the number of database clusters */
      return g_strdup_printf (ngettext ("%u not available", "%u not available", tile->bad),
                              tile->bad);
    case PD_OVERVIEW_N_TILES:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
update_tiles (PdOverviewPage *self)
{
  for (guint i = 0; i < PD_OVERVIEW_N_TILES; i++)
    {
      const PdOverviewTile *tile = self->overview != NULL
        ? pd_overview_get_tile (self->overview, i) : NULL;
      g_autofree char *value = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *label = NULL;

      if (tile == NULL || (!tile->loaded && tile->error == NULL))
        {
          value = g_strdup ("…");
          detail = g_strdup (_("Loading…"));
        }
      else if (!tile->loaded)
        {
          value = g_strdup ("–");
          detail = g_strdup (tile->error->message);
        }
      else
        {
          g_autofree char *text = dup_detail (tile, i);

          value = g_strdup_printf ("%u", tile->total);
          /* Translators: a tile whose last reading failed shows older numbers */
          detail = tile->stale ? g_strdup_printf (_("%s (stale: %s)"), text, tile->error->message)
                               : g_steal_pointer (&text);
        }
      gtk_label_set_text (self->values[i], value);
      gtk_label_set_text (self->details[i], detail);
      if (tile != NULL && tile->stale)
        gtk_widget_add_css_class (self->buttons[i], "stale");
      else
        gtk_widget_remove_css_class (self->buttons[i], "stale");
      label = pd_overview_page_dup_tile_text (self, i);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->buttons[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      /* The flow box's cell around the tile reads the same. */
      if (GTK_IS_FLOW_BOX_CHILD (gtk_widget_get_parent (self->buttons[i])))
        gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (self->buttons[i])),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  g_object_notify (G_OBJECT (self), "busy");
}

static void
on_overview_changed_cb (PdOverviewPage *self,
                        int             kind,
                        PdOverview     *overview)
{
  update_tiles (self);
}

static gboolean
on_timeout_cb (gpointer data)
{
  PdOverviewPage *self = data;

  if (self->overview != NULL)
    pd_overview_refresh (self->overview);
  return G_SOURCE_CONTINUE;
}

static void
update_polling (PdOverviewPage *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (!self->active || self->overview == NULL)
    return;
  pd_overview_refresh (self->overview);
  self->timeout_id = g_timeout_add_seconds (REFRESH_SECONDS, on_timeout_cb, self);
}

static void
on_context_changed_cb (PdOverviewPage   *self,
                       PdAccountContext *context)
{
  const char *key = pd_account_context_get_key (context);
  PdAwsClient *client = pd_account_context_get_client (context);

  if (self->overview != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->overview, self);
      pd_overview_cancel (self->overview);
    }
  self->overview = NULL;
  if (key != NULL && client != NULL)
    {
      g_autofree char *full_key = g_strdup_printf ("%s %p", key, (gpointer) client);

      /* A new client for the same key is another sign-in: start over. */
      self->overview = g_hash_table_lookup (self->overviews, full_key);
      if (self->overview == NULL)
        {
          self->overview = pd_overview_new (client);
          g_hash_table_insert (self->overviews, g_steal_pointer (&full_key), self->overview);
        }
      g_signal_connect_object (self->overview, "changed", G_CALLBACK (on_overview_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  update_tiles (self);
  update_polling (self);
  g_object_notify (G_OBJECT (self), "subtitle");
}

/* PdSection */

static void
pd_overview_page_set_context (PdSection        *section,
                              PdAccountContext *context)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (section);

  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_context_changed_cb (self, context);
}

static void
pd_overview_page_set_active (PdSection *section,
                             gboolean   active)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (section);

  if (self->active == !!active)
    return;
  self->active = !!active;
  update_polling (self);
}

static gboolean
pd_overview_page_show_view (PdSection   *section,
                            const char  *view,
                            GError     **error)
{
  return g_strcmp0 (view, "overview") == 0;
}

static void
pd_overview_page_land (PdSection *section)
{
  /* The overview is what needs attention: nothing more to pick. */
}

static void
pd_overview_page_section_init (PdSectionInterface *iface)
{
  iface->set_context = pd_overview_page_set_context;
  iface->set_active = pd_overview_page_set_active;
  iface->show_view = pd_overview_page_show_view;
  iface->land = pd_overview_page_land;
}

/* GObject */

static void
pd_overview_page_dispose (GObject *object)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->overview != NULL)
    g_signal_handlers_disconnect_by_data (self->overview, self);
  self->overview = NULL;
  g_clear_pointer (&self->overviews, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_OVERVIEW_PAGE);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (pd_overview_page_parent_class)->dispose (object);
}

static void
pd_overview_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, _("Overview"));
      break;
    case PROP_SUBTITLE:
      {
        PdAccount *account = self->context != NULL
          ? pd_account_context_get_account (self->context) : NULL;

        g_value_set_string (value, account != NULL ? pd_account_get_name (account) : NULL);
        break;
      }
    case PROP_BUSY:
      g_value_set_boolean (value, self->overview != NULL &&
                                  pd_overview_get_loading (self->overview));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_overview_page_class_init (PdOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_overview_page_dispose;
  object_class->get_property = pd_overview_page_get_property;
  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_SUBTITLE, "subtitle");
  g_object_class_override_property (object_class, PROP_BUSY, "busy");

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOverviewPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewPage, tiles);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pd_overview_page_init (PdOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->overviews = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < PD_OVERVIEW_N_TILES; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = gtk_label_new (_(tile_infos[i].title));
      GtkWidget *value = gtk_label_new ("…");
      GtkWidget *detail = gtk_label_new (NULL);
      GtkWidget *button = gtk_button_new ();

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_widget_add_css_class (value, "title-1");
      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
      gtk_widget_add_css_class (detail, "dim-label");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (box), detail);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 12);
      gtk_widget_set_margin_bottom (box, 12);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "card");
      g_object_set_data (G_OBJECT (button), "section", (gpointer) tile_infos[i].section);
      /* The API, Firewall and Database sections may not be there. */
      if (section_index (tile_infos[i].section) < 0)
        gtk_widget_set_sensitive (button, FALSE);
      g_signal_connect (button, "clicked", G_CALLBACK (on_tile_clicked_cb), self);
      gtk_flow_box_append (self->tiles, button);
      self->buttons[i] = button;
      self->values[i] = GTK_LABEL (value);
      self->details[i] = GTK_LABEL (detail);
    }
  update_tiles (self);
}

/**
 * pd_overview_page_get_overview:
 * @self: a #PdOverviewPage
 *
 * Returns: (transfer none) (nullable): the overview of the open account
 */
PdOverview *
pd_overview_page_get_overview (PdOverviewPage *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_PAGE (self), NULL);
  return self->overview;
}

GtkWidget *
pd_overview_page_get_tile (PdOverviewPage     *self,
                           PdOverviewTileKind  kind)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_PAGE (self), NULL);
  g_return_val_if_fail (kind < PD_OVERVIEW_N_TILES, NULL);
  return self->buttons[kind];
}
