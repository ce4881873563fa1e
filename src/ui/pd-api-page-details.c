/* pd-api-page-details.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-api-page-private.h"

/* What the API section shows of a stage, and its resource tree's rows */

/* Words */

char *
pd_api_page_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (_("unknown"));
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
format_rate (double rate)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return rate < 0 ? g_strdup (_("unset"))
                  : g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.10g", rate));
}

static char *
describe_throttle (PdApiThrottle *throttle)
{
  g_autofree char *rate = format_rate (pd_api_throttle_get_rate (throttle));
  g_autofree char *burst = pd_api_throttle_get_burst (throttle) >= 0
    ? g_strdup_printf ("%" G_GINT64_FORMAT, pd_api_throttle_get_burst (throttle))
    : g_strdup (_("unset"));

  /* Translators: a rate and a burst limit */
  return g_strdup_printf (_("%s requests per second, burst of %s"), rate, burst);
}

static char *
describe_authorization (PdApiMethod *method)
{
  const char *type = pd_api_method_get_authorization_type (method);
  const char *name = pd_api_method_get_authorizer_name (method);

  if (g_strcmp0 (type, "NONE") == 0)
    return g_strdup (_("No authorization"));
  if (g_strcmp0 (type, "AWS_IAM") == 0)
    return g_strdup (_("IAM authorization"));
  if (g_strcmp0 (type, "CUSTOM") == 0)
    /* Translators: an authorizer's name */
    return name != NULL ? g_strdup_printf (_("Lambda authorizer “%s”"), name)
                        : g_strdup (_("Lambda authorizer"));
  if (g_strcmp0 (type, "COGNITO_USER_POOLS") == 0)
    /* Translators: an authorizer's name */
    return name != NULL ? g_strdup_printf (_("Cognito authorizer “%s”"), name)
                        : g_strdup (_("Cognito authorizer"));
  return g_strdup (type != NULL ? type : _("Unknown authorization"));
}


/* The shown stage */

GtkWidget *
pd_api_page_new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
create_throttle_row (gpointer item,
                     gpointer user_data)
{
  PdApiThrottle *throttle = item;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = describe_throttle (throttle);

  if (pd_api_throttle_get_stage_wide (throttle))
    title = g_strdup (_("Whole stage"));
  else
    title = g_strdup_printf ("%s %s", pd_api_throttle_get_http_method (throttle),
                             pd_api_throttle_get_resource_path (throttle));
  return pd_api_page_new_row (title, subtitle);
}

GtkWidget *
pd_api_page_create_authorizer_row (gpointer item,
                       gpointer user_data)
{
  PdApiAuthorizer *authorizer = item;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *kind = pd_api_authorizer_get_kind (authorizer);
  const char *lambda = pd_api_authorizer_get_lambda_arn (authorizer);
  const char *source = pd_api_authorizer_get_identity_source (authorizer);
  const char *expression = pd_api_authorizer_get_validation_expression (authorizer);
  const char * const *pools = pd_api_authorizer_get_provider_arns (authorizer);
  gint64 ttl = pd_api_authorizer_get_result_ttl (authorizer);

  /* Translators: an authorizer's type: TOKEN, REQUEST or COGNITO_USER_POOLS */
  g_string_append_printf (text, _("Type: %s"), kind != NULL ? kind : _("unknown"));
  if (lambda != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: a Lambda function's ARN */
      g_string_append_printf (text, _("Function: %s"), lambda);
    }
  for (guint i = 0; pools != NULL && pools[i] != NULL; i++)
    g_string_append_printf (text, "\n%s", pools[i]);
  if (source != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: where a caller's identity is read (a header…) */
      g_string_append_printf (text, _("Identity source: %s"), source);
    }
  if (expression != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: the pattern a token must match */
      g_string_append_printf (text, _("Token pattern: %s"), expression);
    }
  g_string_append_c (text, '\n');
  if (ttl > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, ttl);

      /* Translators: how long an authorizer's answer is reused, in seconds */
      g_string_append_printf (text, _("Results cached for %s s"), seconds);
    }
  else
    g_string_append (text, _("Results not cached"));
  return pd_api_page_new_row (pd_api_authorizer_get_name (authorizer), text->str);
}

static void
update_variables (PdApiPage *self)
{
  g_auto(GStrv) names = self->stage != NULL ? pd_api_stage_dup_variable_names (self->stage) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->variables_list))) != NULL)
    gtk_list_box_remove (self->variables_list, child);
  if (names == NULL)
    return;
  for (guint i = 0; names[i] != NULL; i++)
    gtk_list_box_append (self->variables_list,
                         pd_api_page_new_row (names[i], pd_api_stage_get_variable (self->stage, names[i])));
  if (names[0] == NULL)
    gtk_list_box_append (self->variables_list, pd_api_page_new_row (_("No stage variables"), NULL));
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL ? text : "");
}

void
pd_api_page_update_stage_view (PdApiPage *self)
{
  PdApiStage *stage = self->stage;
  g_autofree char *deployment = NULL;
  g_autofree char *logging = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *canary = NULL;
  g_autofree char *acl_name = NULL;
  g_autofree char *acl = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *deployed = NULL;
  const char *destination;

  gtk_widget_set_visible (self->stage_details, stage != NULL);
  update_variables (self);
  pd_api_page_update_actions (self);
  if (stage == NULL)
    {
      gtk_list_box_bind_model (self->throttling_list, NULL, NULL, NULL, NULL);
      return;
    }

  updated = pd_api_page_format_time (pd_api_stage_get_last_updated (stage));
  deployed = pd_api_page_format_time (pd_api_stage_get_deployed (stage));
  /* Translators: a deployment ID, when it was made, then when the stage
   * last changed */
  deployment = g_strdup_printf (_("%s, deployed %s · stage updated %s"),
                                pd_api_stage_get_deployment_id (stage) != NULL
                                ? pd_api_stage_get_deployment_id (stage) : _("none"), deployed,
                                updated);
  /* Translators: a logging level (OFF, ERROR, INFO), then whether metrics
   * and full request logging are on */
  logging = g_strdup_printf (_("Level %s · metrics %s · full requests %s"),
                             pd_api_stage_get_logging_level (stage),
                             pd_api_stage_get_metrics (stage) ? _("on") : _("off"),
                             pd_api_stage_get_data_trace (stage) ? _("on") : _("off"));
  if (pd_api_stage_get_cache_cluster_enabled (stage))
    /* Translators: a cache size in GB, then its status */
    cache = g_strdup_printf (_("%s GB, %s"), pd_api_stage_get_cache_cluster_size (stage) != NULL
                             ? pd_api_stage_get_cache_cluster_size (stage) : "?",
                             pd_api_stage_get_cache_cluster_status (stage) != NULL
                             ? pd_api_stage_get_cache_cluster_status (stage) : "");
  if (pd_api_stage_get_has_canary (stage))
    /* Translators: a share of traffic, then a deployment ID */
    canary = g_strdup_printf (_("%.1f %% of requests to deployment %s"),
                              pd_api_stage_get_canary_percent (stage),
                              pd_api_stage_get_canary_deployment_id (stage) != NULL
                              ? pd_api_stage_get_canary_deployment_id (stage) : "?");
  acl_name = pd_api_stage_dup_web_acl_name (stage);
  if (pd_api_stage_get_web_acl_arn (stage) != NULL)
    acl = g_strdup_printf ("%s\n%s", acl_name != NULL ? acl_name : "",
                           pd_api_stage_get_web_acl_arn (stage));
  destination = pd_api_stage_get_access_log_destination (stage);

  set_subtitle (self->invoke_row, pd_api_stage_get_invoke_url (stage));
  set_subtitle (self->deployment_row, deployment);
  set_subtitle (self->logging_row, logging);
  set_subtitle (self->tracing_row, pd_api_stage_get_tracing (stage) ? _("On") : _("Off"));
  set_subtitle (self->access_log_row, destination != NULL ? destination : _("Off"));
  set_subtitle (self->cache_row, cache != NULL ? cache : _("Off"));
  set_subtitle (self->canary_row, canary != NULL ? canary : _("None"));
  set_subtitle (self->web_acl_row, acl != NULL ? acl : _("None"));
  gtk_list_box_bind_model (self->throttling_list, pd_api_stage_get_throttles (stage),
                           create_throttle_row, self, NULL);
}


GListModel *
pd_api_page_create_tree_children_cb (gpointer item,
                         gpointer user_data)
{
  GListModel *children;

  if (!PD_IS_API_RESOURCE (item))
    return NULL;
  children = pd_api_resource_get_children (item);
  return g_list_model_get_n_items (children) > 0 ? g_object_ref (children) : NULL;
}


/* The resource tree */

void
pd_api_page_setup_tree_row_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (detail, TRUE);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

void
pd_api_page_bind_tree_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (title);
  gpointer object = gtk_tree_list_row_get_item (row);
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  if (PD_IS_API_RESOURCE (object))
    {
      const char *part = pd_api_resource_get_path_part (object);

      label = part != NULL ? g_strdup_printf ("/%s", part) : g_strdup ("/");
      gtk_label_set_text (GTK_LABEL (title), label);
      /* Below the top, the full path says where the part belongs */
      gtk_label_set_text (GTK_LABEL (detail),
                          g_str_equal (label, pd_api_resource_get_path (object))
                          ? "" : pd_api_resource_get_path (object));
      gtk_widget_remove_css_class (title, "monospace");
      gtk_widget_add_css_class (title, "heading");
      /* Translators: a resource path */
      text = g_strdup_printf (_("Resource %s"), pd_api_resource_get_path (object));
    }
  else if (PD_IS_API_METHOD (object))
    {
      g_autofree char *auth = describe_authorization (object);

      label = pd_api_method_get_api_key_required (object)
        /* Translators: how a method is authorized */
        ? g_strdup_printf (_("%s · API key required"), auth) : g_strdup (auth);
      gtk_label_set_text (GTK_LABEL (title), pd_api_method_get_http_method (object));
      gtk_label_set_text (GTK_LABEL (detail), label);
      gtk_widget_remove_css_class (title, "heading");
      gtk_widget_add_css_class (title, "monospace");
      /* Translators: a method (GET), its path, then how it is authorized */
      text = g_strdup_printf (_("Method %s %s, %s"), pd_api_method_get_http_method (object),
                              pd_api_method_get_resource_path (object), label);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
  g_clear_object (&object);
}

