/* pd-action-details.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "pd-action-details.h"

/* Everything CodePipeline tells about one action of the execution shown:
 * its configuration, artifacts, variables, error and where it ran. */
struct _PdActionDetails
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwActionRow         *stage_row;
  AdwActionRow         *provider_row;
  AdwActionRow         *category_row;
  AdwActionRow         *status_row;
  AdwActionRow         *run_order_row;
  AdwActionRow         *region_row;
  AdwActionRow         *namespace_row;
  AdwActionRow         *summary_row;
  AdwActionRow         *pipeline_execution_row;
  AdwActionRow         *action_execution_row;
  AdwActionRow         *build_row;
  AdwActionRow         *external_row;
  AdwActionRow         *link_row;
  AdwPreferencesGroup  *error_group;
  AdwActionRow         *error_code_row;
  AdwActionRow         *error_message_row;
  AdwPreferencesGroup  *configuration_group;
  AdwPreferencesGroup  *resolved_group;
  AdwActionRow         *input_row;
  AdwActionRow         *output_row;
  AdwPreferencesGroup  *variables_group;

  /* Owned references */
  PdAction             *action;
};

G_DEFINE_FINAL_TYPE (PdActionDetails, pd_action_details, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SHOW_LOGS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A row shows only when there is something to say. */
static void
set_row (AdwActionRow *row,
         const char   *value)
{
  gboolean shown = value != NULL && value[0] != '\0';

  adw_action_row_set_subtitle (row, shown ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), shown);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Fills @group with one row per entry of @table, sorted by name; the group
 * hides when there is none. */
static void
fill_table (AdwPreferencesGroup *group,
            GHashTable          *table,
            gboolean             hide_empty)
{
  g_autofree gpointer *keys = NULL;
  guint n = 0;

  if (table != NULL)
    keys = g_hash_table_get_keys_as_array (table, &n);
  if (n > 0)
    qsort (keys, n, sizeof (gpointer), compare_keys);

  for (guint i = 0; i < n; i++)
    {
      const char *value = g_hash_table_lookup (table, keys[i]);
      GtkWidget *row;

      if (value == NULL || value[0] == '\0')
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), keys[i]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
      adw_preferences_group_add (group, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (group), n > 0 || !hide_empty);
}

static char *
join_artifacts (const char * const *names)
{
  return names != NULL ? g_strjoinv (", ", (char **) names) : NULL;
}

static gboolean
is_web_link (const char *url)
{
  return url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

static void
show_action (PdActionDetails *self)
{
  PdAction *action = self->action;
  gboolean codebuild = g_strcmp0 (pd_action_get_provider (action), "CodeBuild") == 0;
  const char *url = pd_action_get_external_execution_url (action);
  g_autofree char *title = NULL;
  g_autofree char *run_order = g_strdup_printf ("%u", pd_action_get_run_order (action));
  g_autofree char *inputs = join_artifacts (pd_action_get_input_artifacts (action));
  g_autofree char *outputs = join_artifacts (pd_action_get_output_artifacts (action));

  /* Translators: an action name */
  title = g_strdup_printf (_("Action %s"), pd_action_get_name (action));
  gtk_window_set_title (GTK_WINDOW (self), title);

  set_row (self->stage_row, pd_action_get_stage_name (action));
  set_row (self->provider_row, pd_action_get_provider (action));
  set_row (self->category_row, pd_action_get_category_text (action));
  set_row (self->status_row, pd_graph_status_get_text (pd_action_details_graph_status (action)));
  set_row (self->run_order_row, run_order);
  set_row (self->region_row, pd_action_get_region (action));
  set_row (self->namespace_row, pd_action_get_namespace (action));
  set_row (self->summary_row, pd_action_get_summary (action));

  set_row (self->pipeline_execution_row, pd_action_get_execution_id (action));
  set_row (self->action_execution_row, pd_action_get_action_execution_id (action));
  /* A CodeBuild action's build has a log to read, even before it has an ID. */
  set_row (self->build_row, pd_action_get_external_execution_id (action));
  gtk_widget_set_visible (GTK_WIDGET (self->build_row), codebuild);
  set_row (self->external_row, codebuild ? NULL : pd_action_get_external_execution_id (action));
  set_row (self->link_row, is_web_link (url) ? url : NULL);

  set_row (self->error_code_row, pd_action_get_error_code (action));
  set_row (self->error_message_row, pd_action_get_error_message (action));
  gtk_widget_set_visible (GTK_WIDGET (self->error_group),
                          pd_action_get_error_code (action) != NULL ||
                          pd_action_get_error_message (action) != NULL);

  fill_table (self->configuration_group, pd_action_get_configuration (action), FALSE);
  fill_table (self->resolved_group, pd_action_get_resolved_configuration (action), TRUE);
  set_row (self->input_row, inputs);
  set_row (self->output_row, outputs);
  fill_table (self->variables_group, pd_action_get_output_variables (action), TRUE);
}

static void
on_show_logs_clicked_cb (PdActionDetails *self)
{
  g_signal_emit (self, signals[SHOW_LOGS], 0, self->action);
}

static void
on_open_link_clicked_cb (PdActionDetails *self)
{
  const char *url = pd_action_get_external_execution_url (self->action);

  if (is_web_link (url))
    gtk_show_uri (GTK_WINDOW (self), url, GDK_CURRENT_TIME);
}

static void
pd_action_details_constructed (GObject *object)
{
  PdActionDetails *self = PD_ACTION_DETAILS (object);

  G_OBJECT_CLASS (pd_action_details_parent_class)->constructed (object);

  g_return_if_fail (PD_IS_ACTION (self->action));
  show_action (self);
}

static void
pd_action_details_dispose (GObject *object)
{
  PdActionDetails *self = PD_ACTION_DETAILS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_ACTION_DETAILS);
  g_clear_object (&self->action);

  G_OBJECT_CLASS (pd_action_details_parent_class)->dispose (object);
}

static void
pd_action_details_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdActionDetails *self = PD_ACTION_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      g_value_set_object (value, self->action);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_action_details_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PdActionDetails *self = PD_ACTION_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      self->action = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_action_details_class_init (PdActionDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pd_action_details_constructed;
  object_class->dispose = pd_action_details_dispose;
  object_class->get_property = pd_action_details_get_property;
  object_class->set_property = pd_action_details_set_property;

  /**
   * PdActionDetails:action:
   *
   * The action shown.
   */
  properties[PROP_ACTION] =
    g_param_spec_object ("action", NULL, NULL, PD_TYPE_ACTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdActionDetails::show-logs:
   * @self: the details
   * @action: the CodeBuild action whose log to show
   *
   * The user asked for the action's build log.
   */
  signals[SHOW_LOGS] =
    g_signal_new ("show-logs",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_ACTION);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/pd-action-details.ui");
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, stage_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, provider_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, category_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, status_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, run_order_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, region_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, namespace_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, summary_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, pipeline_execution_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, action_execution_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, build_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, external_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, link_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, error_group);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, error_code_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, error_message_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, configuration_group);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, resolved_group);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, input_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, output_row);
  gtk_widget_class_bind_template_child (widget_class, PdActionDetails, variables_group);
  gtk_widget_class_bind_template_child_full (widget_class, "show_logs_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_show_logs_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_open_link_clicked_cb);
}

static void
pd_action_details_init (PdActionDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* GTK 4.8 names a button with a mnemonic after both its raw label and its
   * label widget: the label widget will do. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                                PD_TYPE_ACTION_DETAILS,
                                                                                "show_logs_button")),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
}

PdActionDetails *
pd_action_details_new (PdAction *action)
{
  g_return_val_if_fail (PD_IS_ACTION (action), NULL);

  return g_object_new (PD_TYPE_ACTION_DETAILS, "action", action, NULL);
}

PdAction *
pd_action_details_get_action (PdActionDetails *self)
{
  g_return_val_if_fail (PD_IS_ACTION_DETAILS (self), NULL);
  return self->action;
}

/* How the graph shows @action: an approval that waits stands out. */
PdGraphStatus
pd_action_details_graph_status (PdAction *action)
{
  g_return_val_if_fail (PD_IS_ACTION (action), PD_GRAPH_STATUS_NONE);

  if (pd_action_get_waiting_for_approval (action))
    return PD_GRAPH_STATUS_WAITING;
  return pd_graph_status_from_action (pd_action_get_status (action));
}
