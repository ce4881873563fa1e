/* pd-api-page-edit.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-api-edit-dialog.h"
#include "pd-api-page-private.h"

/* Editing a stage and undoing the last edit: the form, a review of the
 * patch in plain words, one call; the undo asks first. */

/* Actions */

void
pd_api_page_update_actions (PdApiPage *self)
{
  GAction *edit = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "edit");
  GAction *undo = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "undo");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (edit), self->stage != NULL && !self->applying);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (undo), self->undo != NULL && !self->applying);
}


/* Editing and undoing */

void
pd_api_page_set_dialog (PdApiPage        *self,
            AdwMessageDialog *dialog)
{
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = dialog;
  if (dialog != NULL)
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
}

static char *
bullet_list (GStrv lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (text, "%s• %s", i > 0 ? "\n" : "", lines[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  PdApiPage      *self;
  PdApiStageEdit *edit;
  gboolean        undoing;
} Apply;

static void
apply_free (Apply *apply)
{
  g_clear_object (&apply->self);
  g_clear_object (&apply->edit);
  g_free (apply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Apply, apply_free)

static void
on_applied_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Apply) apply = user_data;
  PdApiPage *self = apply->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  self->applying = FALSE;
  if (!pd_api_stage_edit_apply_finish (apply->edit, result, &error))
    {
      pd_api_page_update_actions (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      pd_section_show_error_toast (PD_SECTION (self), error);
      return;
    }
  if (apply->undoing)
    {
      g_clear_object (&self->undo);
      text = g_strdup (_("The change was undone"));
    }
  else
    {
      g_clear_object (&self->undo);
      self->undo = pd_api_stage_edit_dup_undo (apply->edit);
      /* Translators: a stage name */
      text = g_strdup_printf (_("Stage “%s” changed"),
                              pd_api_stage_get_name (pd_api_stage_edit_get_stage (apply->edit)));
    }
  pd_api_page_update_actions (self);
  pd_section_add_toast (PD_SECTION (self), text);
}

static void
start_apply (PdApiPage      *self,
             PdApiStageEdit *edit,
             gboolean        undoing)
{
  Apply *apply = g_new0 (Apply, 1);
  GCancellable *cancellable = self->context != NULL
    ? pd_account_context_get_cancellable (self->context) : NULL;

  apply->self = g_object_ref (self);
  apply->edit = g_object_ref (edit);
  apply->undoing = undoing;
  self->applying = TRUE;
  pd_api_page_update_actions (self);
  pd_api_stage_edit_apply_async (edit, cancellable, on_applied_cb, apply);
}

static void
on_review_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PdApiPage        *self)
{
  PdApiStageEdit *edit = g_object_get_data (G_OBJECT (dialog), "edit");

  if (g_str_equal (response, "apply") && edit != NULL && !self->applying)
    start_apply (self, edit, FALSE);
}

static void
on_edit_response_cb (PdApiEditDialog *dialog,
                     const char      *response,
                     PdApiPage       *self)
{
  g_autoptr(PdApiStageEdit) edit = NULL;
  g_auto(GStrv) descriptions = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *review;

  if (!g_str_equal (response, "review") ||
      (edit = pd_api_edit_dialog_dup_edit (dialog)) == NULL ||
      pd_api_stage_edit_get_n_changes (edit) == 0)
    return;

  descriptions = pd_api_stage_edit_dup_descriptions (edit);
  body = bullet_list (descriptions);
  review = ADW_MESSAGE_DIALOG (adw_message_dialog_new (gtk_window_get_transient_for
                                                         (GTK_WINDOW (dialog)),
                                                       _("Apply These Changes?"), body));
  adw_message_dialog_add_responses (review, "cancel", _("_Cancel"), "apply", _("_Apply"), NULL);
  adw_message_dialog_set_response_appearance (review, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (review, "apply");
  adw_message_dialog_set_close_response (review, "cancel");
  g_object_set_data_full (G_OBJECT (review), "edit", g_steal_pointer (&edit), g_object_unref);
  g_signal_connect_object (review, "response", G_CALLBACK (on_review_response_cb), self, 0);
  pd_api_page_set_dialog (self, review);
  gtk_window_present (GTK_WINDOW (review));
}

void
pd_api_page_edit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PdApiPage *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PdApiEditDialog *dialog;

  if (self->stage == NULL || self->applying)
    return;
  dialog = pd_api_edit_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->stage);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_edit_response_cb), self, 0);
  pd_api_page_set_dialog (self, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_undo_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PdApiPage        *self)
{
  if (g_str_equal (response, "undo") && self->undo != NULL && !self->applying)
    {
      g_autoptr(PdApiStageEdit) undo = g_object_ref (self->undo);

      start_apply (self, undo, TRUE);
    }
}

void
pd_api_page_undo_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PdApiPage *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_auto(GStrv) descriptions = NULL;
  g_autofree char *body = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (self->undo == NULL || self->applying)
    return;
  descriptions = pd_api_stage_edit_dup_descriptions (self->undo);
  body = bullet_list (descriptions);
  /* Translators: a stage name */
  heading = g_strdup_printf (_("Undo the Last Change to “%s”?"),
                             pd_api_stage_get_name (pd_api_stage_edit_get_stage (self->undo)));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "undo", _("_Undo"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "undo", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_undo_response_cb), self, 0);
  pd_api_page_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

