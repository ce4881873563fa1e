/* pd-pipelines-page-logs.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-pipelines-page-private.h"

/* The Pipelines section's logs page: an action's build log from its
 * details, a stage's builds from the graph, or `--view=logs:…`. */

static PdAccount *
get_account (PdPipelinesPage *self)
{
  return self->context != NULL ? pd_account_context_get_account (self->context) : NULL;
}

static void
on_logs_ready_cb (PdLogView       *view,
                  GParamSpec      *pspec,
                  PdPipelinesPage *self)
{
  if (pd_log_view_get_ready (view))
    pd_pipelines_page_set_logs_waiting (self, FALSE);
}

static void
ensure_log_view (PdPipelinesPage *self)
{
  if (self->log_view != NULL)
    return;

  self->log_view = pd_log_view_new ();
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->log_view), "logs");
  g_signal_connect_object (self->log_view, "notify::ready", G_CALLBACK (on_logs_ready_cb),
                           self, 0);
}

static void
show_logs (PdPipelinesPage *self)
{
  self->showing_logs = TRUE;
  pd_pipelines_page_update_main_page (self);
}

/* The action details asked for a build's log. */
void
pd_pipelines_page_show_action_logs (PdPipelinesPage *self,
                 PdAction        *action,
                 PdPipelineView  *view)
{
  if (get_account (self) == NULL || self->pipeline == NULL)
    return;

  ensure_log_view (self);
  pd_log_view_load_for_action (self->log_view, get_account (self),
                               pd_pipeline_get_name (self->pipeline), action);
  show_logs (self);
}

/* A stage of the graph was opened: its CodeBuild actions' logs, or a word
 * that it has none. */
void
pd_pipelines_page_show_stage_logs (PdPipelinesPage *self,
                       PdStage         *stage,
                       PdPipelineView  *view)
{
  g_autofree char *text = NULL;

  if (get_account (self) == NULL || self->pipeline == NULL)
    return;

  ensure_log_view (self);
  if (!pd_log_view_load_stage (self->log_view, get_account (self),
                               pd_pipeline_get_name (self->pipeline), stage))
    {
      /* Translators: a stage name */
      text = g_strdup_printf (_("Stage %s has no build logs"), pd_stage_get_name (stage));
      pd_section_add_toast (PD_SECTION (self), text);
      return;
    }
  show_logs (self);
}

/* `--view=logs:PIPELINE/EXECUTION/ACTION` waits for an account. */
void
pd_pipelines_page_open_pending_logs (PdPipelinesPage *self)
{
  g_auto(GStrv) parts = NULL;

  if (self->logs_spec == NULL || get_account (self) == NULL)
    return;
  parts = g_strsplit (self->logs_spec, "/", 3);
  g_clear_pointer (&self->logs_spec, g_free);
  ensure_log_view (self);
  pd_log_view_load_action (self->log_view, get_account (self), parts[0],
                           g_str_equal (parts[1], "latest") ? NULL : parts[1], parts[2]);
  show_logs (self);
}

