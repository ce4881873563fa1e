/* pd-api-edit-dialog.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-api.h"
#include "pd-api-edit-dialog.h"

/* The settings of one stage a user can change: the throttling of the stage
 * or of one method, the logging level, tracing and the stage variables.
 * Every keystroke rebuilds the edit; while an input is refused its reason
 * shows under the form, tied to the inputs for screen readers, and Review
 * stays off. */
struct _PdApiEditDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkDropDown      *target_dropdown;
  GtkEntry         *rate_entry;
  GtkEntry         *burst_entry;
  GtkDropDown      *logging_dropdown;
  GtkCheckButton   *tracing_check;
  GtkListBox       *variables_list;
  GtkEntry         *new_name_entry;
  GtkEntry         *new_value_entry;
  GtkLabel         *problem_label;

  /* Owned references */
  PdApiStage       *stage;
  GPtrArray        *target_paths;    /* NULL for the whole stage */
  GPtrArray        *target_methods;
  GHashTable       *variable_rows;   /* name → AdwEntryRow */
  PdApiStageEdit   *edit;
  char             *problem;

  /* Flags */
  guint             loading : 1;
};

G_DEFINE_FINAL_TYPE (PdApiEditDialog, pd_api_edit_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char * const levels[] = { "OFF", "ERROR", "INFO" };

static char *
format_rate (double rate)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return rate < 0 ? g_strdup ("") : g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.10g",
                                                               rate));
}

/* Shows the chosen target's rate and burst: its override, else the
 * stage's */
static void
load_target (PdApiEditDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->target_dropdown);
  const char *path = selected < self->target_paths->len
    ? g_ptr_array_index (self->target_paths, selected) : NULL;
  const char *method = selected < self->target_methods->len
    ? g_ptr_array_index (self->target_methods, selected) : NULL;
  PdApiThrottle *throttle = pd_api_stage_find_throttle (self->stage, path, method);
  g_autofree char *rate = NULL;
  g_autofree char *burst = NULL;

  if (throttle == NULL)
    throttle = pd_api_stage_find_throttle (self->stage, NULL, NULL);
  rate = format_rate (throttle != NULL ? pd_api_throttle_get_rate (throttle) : -1);
  burst = throttle != NULL && pd_api_throttle_get_burst (throttle) >= 0
    ? g_strdup_printf ("%" G_GINT64_FORMAT, pd_api_throttle_get_burst (throttle)) : g_strdup ("");
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->rate_entry), rate);
  gtk_editable_set_text (GTK_EDITABLE (self->burst_entry), burst);
  self->loading = FALSE;
}

static void
set_problem (PdApiEditDialog *self,
             const char      *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

static void
mark_entry (GtkWidget *entry,
            gboolean   bad)
{
  if (bad)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                               bad ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* Builds the edit from the form; the first refused input says why */
static void
rebuild (PdApiEditDialog *self)
{
  g_autoptr(PdApiStageEdit) edit = pd_api_stage_edit_new (self->stage);
  g_autoptr(GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (self->target_dropdown);
  const char *path = selected < self->target_paths->len
    ? g_ptr_array_index (self->target_paths, selected) : NULL;
  const char *method = selected < self->target_methods->len
    ? g_ptr_array_index (self->target_methods, selected) : NULL;
  const char *new_name = gtk_editable_get_text (GTK_EDITABLE (self->new_name_entry));
  const char *new_value = gtk_editable_get_text (GTK_EDITABLE (self->new_value_entry));
  guint level = gtk_drop_down_get_selected (self->logging_dropdown);
  GtkWidget *bad = NULL;
  GHashTableIter iter;
  gpointer name, row;

  if (self->loading)
    return;

  if (!pd_api_stage_edit_set_rate (edit, path, method,
                                   gtk_editable_get_text (GTK_EDITABLE (self->rate_entry)),
                                   &error))
    bad = GTK_WIDGET (self->rate_entry);
  else if (!pd_api_stage_edit_set_burst (edit, path, method,
                                         gtk_editable_get_text (GTK_EDITABLE (self->burst_entry)),
                                         &error))
    bad = GTK_WIDGET (self->burst_entry);
  else if (level < G_N_ELEMENTS (levels) &&
           !pd_api_stage_edit_set_logging_level (edit, levels[level], &error))
    bad = GTK_WIDGET (self->logging_dropdown);

  if (bad == NULL)
    {
      pd_api_stage_edit_set_tracing (edit, gtk_check_button_get_active (self->tracing_check));
      g_hash_table_iter_init (&iter, self->variable_rows);
      while (bad == NULL && g_hash_table_iter_next (&iter, &name, &row))
        {
          const char *value = gtk_editable_get_text (GTK_EDITABLE (row));

          if (value[0] == '\0' ? !pd_api_stage_edit_remove_variable (edit, name, &error)
                               : !pd_api_stage_edit_set_variable (edit, name, value, &error))
            bad = row;
        }
    }
  if (bad == NULL && (new_name[0] != '\0' || new_value[0] != '\0'))
    {
      if (!pd_api_check_variable_name (new_name, &error))
        bad = GTK_WIDGET (self->new_name_entry);
      else if (pd_api_stage_get_variable (self->stage, new_name) != NULL)
        {
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       /* Translators: a stage variable's name */
                       _("The stage already has a variable “%s”: change it in its row"), new_name);
          bad = GTK_WIDGET (self->new_name_entry);
        }
      else if (!pd_api_stage_edit_set_variable (edit, new_name, new_value, &error))
        bad = GTK_WIDGET (self->new_value_entry);
    }

  mark_entry (GTK_WIDGET (self->rate_entry), bad == GTK_WIDGET (self->rate_entry));
  mark_entry (GTK_WIDGET (self->burst_entry), bad == GTK_WIDGET (self->burst_entry));
  mark_entry (GTK_WIDGET (self->new_name_entry), bad == GTK_WIDGET (self->new_name_entry));
  mark_entry (GTK_WIDGET (self->new_value_entry), bad == GTK_WIDGET (self->new_value_entry));
  g_hash_table_iter_init (&iter, self->variable_rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    mark_entry (row, bad == row);

  g_clear_object (&self->edit);
  if (bad != NULL)
    set_problem (self, error->message);
  else
    {
      set_problem (self, NULL);
      self->edit = g_steal_pointer (&edit);
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "review",
                                           self->edit != NULL &&
                                           pd_api_stage_edit_get_n_changes (self->edit) > 0);
}

static void
on_target_changed_cb (PdApiEditDialog *self)
{
  load_target (self);
  rebuild (self);
}

static void
describe_by_problem (PdApiEditDialog *self,
                     GtkWidget       *widget)
{
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->problem_label, NULL, -1);
}

static void
fill (PdApiEditDialog *self)
{
  PdApi *api = pd_api_stage_get_api (self->stage);
  g_autoptr(GtkStringList) targets = gtk_string_list_new (NULL);
  g_auto(GStrv) names = pd_api_stage_dup_variable_names (self->stage);
  const char *level = pd_api_stage_get_logging_level (self->stage);
  g_autofree char *heading = NULL;

  /* Translators: a stage name */
  heading = g_strdup_printf (_("Edit Stage “%s”"), pd_api_stage_get_name (self->stage));
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                               _("Nothing is sent before you review the changes."));

  gtk_string_list_append (targets, _("Whole stage"));
  g_ptr_array_add (self->target_paths, NULL);
  g_ptr_array_add (self->target_methods, NULL);
  if (api != NULL)
    {
      GListModel *resources = pd_api_get_resources (api);

      for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
        {
          g_autoptr(PdApiResource) resource = g_list_model_get_item (resources, i);
          GListModel *methods = pd_api_resource_get_methods (resource);

          for (guint k = 0; k < g_list_model_get_n_items (methods); k++)
            {
              g_autoptr(PdApiMethod) method = g_list_model_get_item (methods, k);
              g_autofree char *label = g_strdup_printf ("%s %s",
                                                        pd_api_method_get_http_method (method),
                                                        pd_api_resource_get_path (resource));

              gtk_string_list_append (targets, label);
              g_ptr_array_add (self->target_paths, g_strdup (pd_api_resource_get_path (resource)));
              g_ptr_array_add (self->target_methods,
                               g_strdup (pd_api_method_get_http_method (method)));
            }
        }
    }
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (targets));
  gtk_drop_down_set_selected (self->target_dropdown, 0);
  load_target (self);

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (g_str_equal (levels[i], level))
      gtk_drop_down_set_selected (self->logging_dropdown, i);
  gtk_check_button_set_active (self->tracing_check, pd_api_stage_get_tracing (self->stage));

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      gtk_editable_set_text (GTK_EDITABLE (row),
                             pd_api_stage_get_variable (self->stage, names[i]));
      describe_by_problem (self, row);
      g_signal_connect_object (row, "changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->variables_list, row);
      g_hash_table_insert (self->variable_rows, g_strdup (names[i]), row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->variables_list), names[0] != NULL);
}

static void
pd_api_edit_dialog_dispose (GObject *object)
{
  PdApiEditDialog *self = PD_API_EDIT_DIALOG (object);

  g_clear_pointer (&self->variable_rows, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_API_EDIT_DIALOG);
  g_clear_object (&self->edit);
  g_clear_object (&self->stage);

  G_OBJECT_CLASS (pd_api_edit_dialog_parent_class)->dispose (object);
}

static void
pd_api_edit_dialog_finalize (GObject *object)
{
  PdApiEditDialog *self = PD_API_EDIT_DIALOG (object);

  g_clear_pointer (&self->target_paths, g_ptr_array_unref);
  g_clear_pointer (&self->target_methods, g_ptr_array_unref);
  g_free (self->problem);

  G_OBJECT_CLASS (pd_api_edit_dialog_parent_class)->finalize (object);
}

static void
pd_api_edit_dialog_class_init (PdApiEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_api_edit_dialog_dispose;
  object_class->finalize = pd_api_edit_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/pd-api-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdApiEditDialog, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdApiEditDialog, rate_entry);
  gtk_widget_class_bind_template_child (widget_class, PdApiEditDialog, burst_entry);
  gtk_widget_class_bind_template_child (widget_class, PdApiEditDialog, logging_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdApiEditDialog, tracing_check);
  gtk_widget_class_bind_template_child (widget_class, PdApiEditDialog, variables_list);
  gtk_widget_class_bind_template_child (widget_class, PdApiEditDialog, new_name_entry);
  gtk_widget_class_bind_template_child (widget_class, PdApiEditDialog, new_value_entry);
  gtk_widget_class_bind_template_child (widget_class, PdApiEditDialog, problem_label);
}

static void
pd_api_edit_dialog_init (PdApiEditDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->target_paths = g_ptr_array_new_with_free_func (g_free);
  self->target_methods = g_ptr_array_new_with_free_func (g_free);
  self->variable_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  describe_by_problem (self, GTK_WIDGET (self->rate_entry));
  describe_by_problem (self, GTK_WIDGET (self->burst_entry));
  describe_by_problem (self, GTK_WIDGET (self->new_name_entry));
  describe_by_problem (self, GTK_WIDGET (self->new_value_entry));
}

/**
 * pd_api_edit_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @stage: the stage to edit
 *
 * Returns: (transfer floating): a new dialog showing the stage's settings
 */
PdApiEditDialog *
pd_api_edit_dialog_new (GtkWindow  *parent,
                        PdApiStage *stage)
{
  PdApiEditDialog *self;

  g_return_val_if_fail (PD_IS_API_STAGE (stage), NULL);

  self = g_object_new (PD_TYPE_API_EDIT_DIALOG, "transient-for", parent, NULL);
  self->stage = g_object_ref (stage);
  fill (self);

  g_signal_connect_object (self->target_dropdown, "notify::selected",
                           G_CALLBACK (on_target_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->logging_dropdown, "notify::selected", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracing_check, "toggled", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rate_entry, "changed", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->burst_entry, "changed", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->new_name_entry, "changed", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->new_value_entry, "changed", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
  return self;
}

PdApiStage *
pd_api_edit_dialog_get_stage (PdApiEditDialog *self)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return self->stage;
}

/**
 * pd_api_edit_dialog_dup_edit:
 * @self: a #PdApiEditDialog
 *
 * Returns: (transfer full) (nullable): the changes as the form stands, or
 *   %NULL while an input is refused
 */
PdApiStageEdit *
pd_api_edit_dialog_dup_edit (PdApiEditDialog *self)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return self->edit != NULL ? g_object_ref (self->edit) : NULL;
}

/**
 * pd_api_edit_dialog_get_problem:
 * @self: a #PdApiEditDialog
 *
 * Returns: (nullable): why the form is refused
 */
const char *
pd_api_edit_dialog_get_problem (PdApiEditDialog *self)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return self->problem;
}

GtkEditable *
pd_api_edit_dialog_get_rate_entry (PdApiEditDialog *self)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return GTK_EDITABLE (self->rate_entry);
}

GtkEditable *
pd_api_edit_dialog_get_burst_entry (PdApiEditDialog *self)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return GTK_EDITABLE (self->burst_entry);
}

GtkDropDown *
pd_api_edit_dialog_get_target (PdApiEditDialog *self)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return self->target_dropdown;
}

GtkDropDown *
pd_api_edit_dialog_get_logging (PdApiEditDialog *self)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return self->logging_dropdown;
}

GtkCheckButton *
pd_api_edit_dialog_get_tracing (PdApiEditDialog *self)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return self->tracing_check;
}

/**
 * pd_api_edit_dialog_get_variable_entry:
 * @self: a #PdApiEditDialog
 * @name: a variable the stage has
 *
 * Returns: (transfer none) (nullable): the row holding its value
 */
GtkEditable *
pd_api_edit_dialog_get_variable_entry (PdApiEditDialog *self,
                                       const char      *name)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return g_hash_table_lookup (self->variable_rows, name);
}

GtkEditable *
pd_api_edit_dialog_get_new_name (PdApiEditDialog *self)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return GTK_EDITABLE (self->new_name_entry);
}

GtkEditable *
pd_api_edit_dialog_get_new_value (PdApiEditDialog *self)
{
  g_return_val_if_fail (PD_IS_API_EDIT_DIALOG (self), NULL);
  return GTK_EDITABLE (self->new_value_entry);
}
