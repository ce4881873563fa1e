/* pd-aws-codepipeline.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-codepipeline-private.h"
#include "pd-aws-codepipeline.h"
#include "pd-aws-error.h"
#include "pd-aws-protocol.h"
#include "pd-aws-typed-private.h"

#define REASON_MAX       300
#define STOP_REASON_MAX  200
#define SUMMARY_MAX      512
#define VARIABLE_NAME_MAX  128
#define VARIABLE_VALUE_MAX 1000

#define SERVICE "codepipeline"

/* Index 0 is the UNKNOWN value of each enum. */
static const char * const execution_status_names[] = {
  "", "InProgress", "Succeeded", "Failed", "Stopped", "Stopping", "Superseded", "Cancelled",
  "Skipped", NULL
};
static const char * const action_status_names[] = {
  "", "InProgress", "Succeeded", "Failed", "Abandoned", NULL
};
static const char * const action_category_names[] = {
  "", "Source", "Build", "Test", "Deploy", "Approval", "Invoke", "Compute", NULL
};
static const char * const execution_mode_names[] = {
  "", "SUPERSEDED", "QUEUED", "PARALLEL", NULL
};
static const char * const pipeline_type_names[] = {
  "", "V1", "V2", NULL
};

G_DEFINE_ENUM_TYPE (PdAwsExecutionStatus, pd_aws_execution_status,
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_STATUS_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_STATUS_IN_PROGRESS, "in-progress"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_STATUS_SUCCEEDED, "succeeded"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_STATUS_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_STATUS_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_STATUS_STOPPING, "stopping"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_STATUS_SUPERSEDED, "superseded"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_STATUS_CANCELLED, "cancelled"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_STATUS_SKIPPED, "skipped"))

G_DEFINE_ENUM_TYPE (PdAwsActionStatus, pd_aws_action_status,
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_STATUS_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_STATUS_IN_PROGRESS, "in-progress"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_STATUS_SUCCEEDED, "succeeded"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_STATUS_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_STATUS_ABANDONED, "abandoned"))

G_DEFINE_ENUM_TYPE (PdAwsActionCategory, pd_aws_action_category,
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_CATEGORY_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_CATEGORY_SOURCE, "source"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_CATEGORY_BUILD, "build"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_CATEGORY_TEST, "test"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_CATEGORY_DEPLOY, "deploy"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_CATEGORY_APPROVAL, "approval"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_CATEGORY_INVOKE, "invoke"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_ACTION_CATEGORY_COMPUTE, "compute"))

G_DEFINE_ENUM_TYPE (PdAwsExecutionMode, pd_aws_execution_mode,
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_MODE_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_MODE_SUPERSEDED, "superseded"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_MODE_QUEUED, "queued"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_EXECUTION_MODE_PARALLEL, "parallel"))

G_DEFINE_ENUM_TYPE (PdAwsPipelineType, pd_aws_pipeline_type,
                    G_DEFINE_ENUM_VALUE (PD_AWS_PIPELINE_TYPE_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_PIPELINE_TYPE_V1, "v1"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_PIPELINE_TYPE_V2, "v2"))

G_DEFINE_ENUM_TYPE (PdAwsRetryMode, pd_aws_retry_mode,
                    G_DEFINE_ENUM_VALUE (PD_AWS_RETRY_MODE_FAILED_ACTIONS, "failed-actions"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_RETRY_MODE_ALL_ACTIONS, "all-actions"))

/* Memory. */

/**
 * pd_aws_pipeline_summary_free:
 * @self: (transfer full) (nullable): a summary
 *
 * Frees @self.
 */
void
pd_aws_pipeline_summary_free (PdAwsPipelineSummary *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->pipeline_type_raw);
  g_free (self->execution_mode_raw);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_free (self);
}

/**
 * pd_aws_action_declaration_free:
 * @self: (transfer full) (nullable): an action declaration
 *
 * Frees @self.
 */
void
pd_aws_action_declaration_free (PdAwsActionDeclaration *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->category_raw);
  g_free (self->owner);
  g_free (self->provider);
  g_free (self->version);
  g_clear_pointer (&self->configuration, g_hash_table_unref);
  g_strfreev (self->input_artifacts);
  g_strfreev (self->output_artifacts);
  g_free (self->region);
  g_free (self->namespace_);
  g_free (self);
}

/**
 * pd_aws_stage_declaration_free:
 * @self: (transfer full) (nullable): a stage declaration
 *
 * Frees @self.
 */
void
pd_aws_stage_declaration_free (PdAwsStageDeclaration *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_free (self);
}

/**
 * pd_aws_pipeline_variable_free:
 * @self: (transfer full) (nullable): a variable
 *
 * Frees @self.
 */
void
pd_aws_pipeline_variable_free (PdAwsPipelineVariable *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->default_value);
  g_free (self->description);
  g_free (self);
}

/**
 * pd_aws_pipeline_declaration_free:
 * @self: (transfer full) (nullable): a declaration
 *
 * Frees @self.
 */
void
pd_aws_pipeline_declaration_free (PdAwsPipelineDeclaration *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->role_arn);
  g_free (self->pipeline_type_raw);
  g_free (self->execution_mode_raw);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->variables, g_ptr_array_unref);
  g_free (self->arn);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_free (self);
}

/**
 * pd_aws_action_execution_state_free:
 * @self: (transfer full) (nullable): an action execution state
 *
 * Frees @self.
 */
void
pd_aws_action_execution_state_free (PdAwsActionExecutionState *self)
{
  if (self == NULL)
    return;
  g_free (self->action_execution_id);
  g_free (self->status_raw);
  g_free (self->summary);
  g_clear_pointer (&self->last_status_change, g_date_time_unref);
  g_free (self->token);
  g_free (self->last_updated_by);
  g_free (self->external_execution_id);
  g_free (self->external_execution_url);
  g_free (self->error_code);
  g_free (self->error_message);
  g_free (self);
}

/**
 * pd_aws_action_state_free:
 * @self: (transfer full) (nullable): an action state
 *
 * Frees @self.
 */
void
pd_aws_action_state_free (PdAwsActionState *self)
{
  if (self == NULL)
    return;
  g_free (self->action_name);
  g_free (self->entity_url);
  g_free (self->revision_url);
  g_free (self->revision_id);
  g_free (self->revision_change_id);
  g_clear_pointer (&self->revision_created, g_date_time_unref);
  g_clear_pointer (&self->latest, pd_aws_action_execution_state_free);
  g_free (self);
}

/**
 * pd_aws_stage_state_free:
 * @self: (transfer full) (nullable): a stage state
 *
 * Frees @self.
 */
void
pd_aws_stage_state_free (PdAwsStageState *self)
{
  if (self == NULL)
    return;
  g_free (self->stage_name);
  g_free (self->disabled_reason);
  g_free (self->last_changed_by);
  g_clear_pointer (&self->last_changed_at, g_date_time_unref);
  g_free (self->latest_execution_id);
  g_free (self->latest_status_raw);
  g_free (self->inbound_execution_id);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_free (self);
}

/**
 * pd_aws_pipeline_state_free:
 * @self: (transfer full) (nullable): a pipeline state
 *
 * Frees @self.
 */
void
pd_aws_pipeline_state_free (PdAwsPipelineState *self)
{
  if (self == NULL)
    return;
  g_free (self->pipeline_name);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_free (self);
}

/**
 * pd_aws_pipeline_execution_free:
 * @self: (transfer full) (nullable): an execution
 *
 * Frees @self.
 */
void
pd_aws_pipeline_execution_free (PdAwsPipelineExecution *self)
{
  if (self == NULL)
    return;
  g_free (self->pipeline_execution_id);
  g_free (self->pipeline_name);
  g_free (self->status_raw);
  g_free (self->status_summary);
  g_clear_pointer (&self->start_time, g_date_time_unref);
  g_clear_pointer (&self->last_update_time, g_date_time_unref);
  g_free (self->trigger_type);
  g_free (self->trigger_detail);
  g_free (self->revision_id);
  g_free (self->revision_summary);
  g_free (self->revision_url);
  g_free (self->stop_reason);
  g_free (self);
}

/**
 * pd_aws_action_execution_detail_free:
 * @self: (transfer full) (nullable): an action execution detail
 *
 * Frees @self.
 */
void
pd_aws_action_execution_detail_free (PdAwsActionExecutionDetail *self)
{
  if (self == NULL)
    return;
  g_free (self->pipeline_execution_id);
  g_free (self->action_execution_id);
  g_free (self->stage_name);
  g_free (self->action_name);
  g_free (self->status_raw);
  g_clear_pointer (&self->start_time, g_date_time_unref);
  g_clear_pointer (&self->last_update_time, g_date_time_unref);
  g_free (self->provider);
  g_clear_pointer (&self->configuration, g_hash_table_unref);
  g_clear_pointer (&self->resolved_configuration, g_hash_table_unref);
  g_strfreev (self->input_artifacts);
  g_strfreev (self->output_artifacts);
  g_free (self->external_execution_id);
  g_free (self->external_execution_summary);
  g_free (self->external_execution_url);
  g_free (self->error_code);
  g_free (self->error_message);
  g_clear_pointer (&self->output_variables, g_hash_table_unref);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsActionDeclaration, pd_aws_action_declaration_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsStageDeclaration, pd_aws_stage_declaration_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsPipelineVariable, pd_aws_pipeline_variable_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsActionExecutionState, pd_aws_action_execution_state_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsActionState, pd_aws_action_state_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsStageState, pd_aws_stage_state_free)

/* Strings. */

/**
 * pd_aws_execution_status_to_string:
 * @status: a status
 *
 * Returns: the wire name of @status, or an empty string for the unknown value
 */
const char *
pd_aws_execution_status_to_string (PdAwsExecutionStatus status)
{
  g_return_val_if_fail (status <= PD_AWS_EXECUTION_STATUS_SKIPPED, "");
  return execution_status_names[status];
}

/**
 * pd_aws_action_status_to_string:
 * @status: a status
 *
 * Returns: the wire name of @status, or an empty string for the unknown value
 */
const char *
pd_aws_action_status_to_string (PdAwsActionStatus status)
{
  g_return_val_if_fail (status <= PD_AWS_ACTION_STATUS_ABANDONED, "");
  return action_status_names[status];
}

/**
 * pd_aws_action_category_to_string:
 * @category: a category
 *
 * Returns: the wire name of @category, or an empty string for the unknown value
 */
const char *
pd_aws_action_category_to_string (PdAwsActionCategory category)
{
  g_return_val_if_fail (category <= PD_AWS_ACTION_CATEGORY_COMPUTE, "");
  return action_category_names[category];
}

/**
 * pd_aws_execution_mode_to_string:
 * @mode: a mode
 *
 * Returns: the wire name of @mode, or an empty string for the unknown value
 */
const char *
pd_aws_execution_mode_to_string (PdAwsExecutionMode mode)
{
  g_return_val_if_fail (mode <= PD_AWS_EXECUTION_MODE_PARALLEL, "");
  return execution_mode_names[mode];
}

/**
 * pd_aws_codepipeline_validate_transition_reason:
 * @reason: (nullable): the reason for disabling a transition
 * @error: return location for a #GError
 *
 * Checks @reason against what DisableStageTransition accepts: 1 to 300
 * characters among letters, digits, spaces and `! @ ( ) . * ? -`.
 *
 * Returns: %TRUE if AWS will accept @reason, or %FALSE with
 *   %PD_AWS_ERROR_VALIDATION set
 */
gboolean
pd_aws_codepipeline_validate_transition_reason (const char  *reason,
                                                GError     **error)
{
  gsize length = reason != NULL ? strlen (reason) : 0;

  if (length == 0)
    {
      g_set_error_literal (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                           "A reason is required to disable a transition");
      return FALSE;
    }
  if (length > REASON_MAX)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                   "The reason is %" G_GSIZE_FORMAT " characters long; at most %d are allowed",
                   length, REASON_MAX);
      return FALSE;
    }
  for (gsize i = 0; i < length; i++)
    {
      char c = reason[i];

      if (g_ascii_isalnum (c) || strchr ("!@ ().*?-", c) != NULL)
        continue;

      if ((guchar) c < 0x80 && g_ascii_isprint (c))
        g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                     "The reason may only use letters, digits, spaces and ! @ ( ) . * ? - "
                     "(“%c” at position %" G_GSIZE_FORMAT " is not allowed)", c, i + 1);
      else
        g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                     "The reason may only use letters, digits, spaces and ! @ ( ) . * ? - "
                     "(the character at position %" G_GSIZE_FORMAT " is not allowed)", i + 1);
      return FALSE;
    }
  return TRUE;
}

/* Parsers. */

static gboolean
prefixed (gboolean     ok,
          const char  *operation,
          GError     **error)
{
  if (!ok)
    g_prefix_error (error, "%s: ", operation);
  return ok;
}

static PdAwsPipelineSummary *
parse_summary (JsonObject  *item,
               const char  *path,
               GError     **error)
{
  g_autoptr(PdAwsPipelineSummary) summary = g_new0 (PdAwsPipelineSummary, 1);
  int type = 0, mode = 0;

  if (!pd_aws_read_string (item, path, "name", TRUE, &summary->name, error) ||
      !pd_aws_read_int (item, path, "version", &summary->version, error) ||
      !pd_aws_read_enum (item, path, "pipelineType", pipeline_type_names, &type,
                         &summary->pipeline_type_raw, error) ||
      !pd_aws_read_enum (item, path, "executionMode", execution_mode_names, &mode,
                         &summary->execution_mode_raw, error) ||
      !pd_aws_read_time (item, path, "created", &summary->created, error) ||
      !pd_aws_read_time (item, path, "updated", &summary->updated, error))
    return NULL;
  summary->pipeline_type = type;
  summary->execution_mode = mode;
  return g_steal_pointer (&summary);
}

GPtrArray *
pd_aws_codepipeline_parse_pipelines (JsonObject  *reply,
                                     GError     **error)
{
  g_autoptr(GPtrArray) pipelines = NULL;
  JsonArray *items;

  pipelines = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_pipeline_summary_free);
  if (!prefixed (pd_aws_read_array (reply, NULL, "pipelines", FALSE, &items, error),
                 "ListPipelines", error))
    return NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      g_autofree char *path = g_strdup_printf ("pipelines[%u].", i);
      PdAwsPipelineSummary *summary;
      JsonObject *item;

      if (!prefixed (pd_aws_read_array_object (items, NULL, "pipelines", i, &item, error),
                     "ListPipelines", error))
        return NULL;
      summary = parse_summary (item, path, error);
      if (!prefixed (summary != NULL, "ListPipelines", error))
        return NULL;
      g_ptr_array_add (pipelines, summary);
    }
  return g_steal_pointer (&pipelines);
}

static PdAwsActionDeclaration *
parse_action_declaration (JsonObject  *item,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(PdAwsActionDeclaration) action = g_new0 (PdAwsActionDeclaration, 1);
  g_autofree char *type_path = g_strdup_printf ("%sactionTypeId.", path);
  JsonObject *type_id;
  int category = 0;

  action->run_order = 1;
  if (!pd_aws_read_string (item, path, "name", TRUE, &action->name, error) ||
      !pd_aws_read_object (item, path, "actionTypeId", FALSE, &type_id, error) ||
      !pd_aws_read_enum (type_id, type_path, "category", action_category_names, &category,
                         &action->category_raw, error) ||
      !pd_aws_read_string (type_id, type_path, "owner", FALSE, &action->owner, error) ||
      !pd_aws_read_string (type_id, type_path, "provider", FALSE, &action->provider, error) ||
      !pd_aws_read_string (type_id, type_path, "version", FALSE, &action->version, error) ||
      !pd_aws_read_int (item, path, "runOrder", &action->run_order, error) ||
      !pd_aws_read_string_map (item, path, "configuration", &action->configuration, error) ||
      !pd_aws_read_name_list (item, path, "inputArtifacts", &action->input_artifacts, error) ||
      !pd_aws_read_name_list (item, path, "outputArtifacts", &action->output_artifacts, error) ||
      !pd_aws_read_string (item, path, "region", FALSE, &action->region, error) ||
      !pd_aws_read_string (item, path, "namespace", FALSE, &action->namespace_, error))
    return NULL;
  action->category = category;
  return g_steal_pointer (&action);
}

static PdAwsStageDeclaration *
parse_stage_declaration (JsonObject  *item,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(PdAwsStageDeclaration) stage = g_new0 (PdAwsStageDeclaration, 1);
  JsonArray *actions;

  stage->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_action_declaration_free);
  if (!pd_aws_read_string (item, path, "name", TRUE, &stage->name, error) ||
      !pd_aws_read_array (item, path, "actions", FALSE, &actions, error))
    return NULL;

  for (guint i = 0; actions != NULL && i < json_array_get_length (actions); i++)
    {
      g_autofree char *action_path = g_strdup_printf ("%sactions[%u].", path, i);
      PdAwsActionDeclaration *action;
      JsonObject *object;

      if (!pd_aws_read_array_object (actions, path, "actions", i, &object, error) ||
          (action = parse_action_declaration (object, action_path, error)) == NULL)
        return NULL;
      g_ptr_array_add (stage->actions, action);
    }
  return g_steal_pointer (&stage);
}

PdAwsPipelineDeclaration *
pd_aws_codepipeline_parse_pipeline (JsonObject  *reply,
                                    GError     **error)
{
  g_autoptr(PdAwsPipelineDeclaration) pipeline = g_new0 (PdAwsPipelineDeclaration, 1);
  JsonObject *object = NULL, *metadata = NULL;
  JsonArray *stages = NULL, *variables = NULL;
  int type = 0, mode = 0;

  pipeline->stages = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_stage_declaration_free);
  pipeline->variables = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_pipeline_variable_free);

  if (!prefixed (pd_aws_read_object (reply, NULL, "pipeline", TRUE, &object, error) &&
                 pd_aws_read_string (object, "pipeline.", "name", TRUE, &pipeline->name, error) &&
                 pd_aws_read_string (object, "pipeline.", "roleArn", FALSE, &pipeline->role_arn,
                                     error) &&
                 pd_aws_read_int (object, "pipeline.", "version", &pipeline->version, error) &&
                 pd_aws_read_enum (object, "pipeline.", "pipelineType", pipeline_type_names,
                                   &type, &pipeline->pipeline_type_raw, error) &&
                 pd_aws_read_enum (object, "pipeline.", "executionMode", execution_mode_names,
                                   &mode, &pipeline->execution_mode_raw, error) &&
                 pd_aws_read_array (object, "pipeline.", "stages", TRUE, &stages, error) &&
                 pd_aws_read_array (object, "pipeline.", "variables", FALSE, &variables, error) &&
                 pd_aws_read_object (reply, NULL, "metadata", FALSE, &metadata, error) &&
                 pd_aws_read_string (metadata, "metadata.", "pipelineArn", FALSE, &pipeline->arn,
                                     error) &&
                 pd_aws_read_time (metadata, "metadata.", "created", &pipeline->created, error) &&
                 pd_aws_read_time (metadata, "metadata.", "updated", &pipeline->updated, error),
                 "GetPipeline", error))
    return NULL;

  pipeline->pipeline_type = type;
  /* AWS documents SUPERSEDED as the mode of pipelines that do not say */
  pipeline->execution_mode = pipeline->execution_mode_raw == NULL
    ? PD_AWS_EXECUTION_MODE_SUPERSEDED : (PdAwsExecutionMode) mode;

  for (guint i = 0; i < json_array_get_length (stages); i++)
    {
      g_autofree char *path = g_strdup_printf ("pipeline.stages[%u].", i);
      PdAwsStageDeclaration *stage = NULL;
      JsonObject *item;

      if (!prefixed (pd_aws_read_array_object (stages, "pipeline.", "stages", i, &item, error) &&
                     (stage = parse_stage_declaration (item, path, error)) != NULL,
                     "GetPipeline", error))
        return NULL;
      g_ptr_array_add (pipeline->stages, stage);
    }

  for (guint i = 0; variables != NULL && i < json_array_get_length (variables); i++)
    {
      g_autofree char *path = g_strdup_printf ("pipeline.variables[%u].", i);
      g_autoptr(PdAwsPipelineVariable) variable = g_new0 (PdAwsPipelineVariable, 1);
      JsonObject *item;

      if (!prefixed (pd_aws_read_array_object (variables, "pipeline.", "variables", i, &item,
                                               error) &&
                     pd_aws_read_string (item, path, "name", TRUE, &variable->name, error) &&
                     pd_aws_read_string (item, path, "defaultValue", FALSE,
                                         &variable->default_value, error) &&
                     pd_aws_read_string (item, path, "description", FALSE,
                                         &variable->description, error),
                     "GetPipeline", error))
        return NULL;
      g_ptr_array_add (pipeline->variables, g_steal_pointer (&variable));
    }

  return g_steal_pointer (&pipeline);
}

static gboolean
parse_error_details (JsonObject  *object,
                     const char  *path,
                     const char  *member,
                     char       **code,
                     char       **message,
                     GError     **error)
{
  g_autofree char *inner_path = g_strdup_printf ("%s%s.", path, member);
  JsonObject *details;

  return pd_aws_read_object (object, path, member, FALSE, &details, error) &&
         pd_aws_read_string (details, inner_path, "code", FALSE, code, error) &&
         pd_aws_read_string (details, inner_path, "message", FALSE, message, error);
}

static PdAwsActionExecutionState *
parse_action_execution_state (JsonObject  *object,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(PdAwsActionExecutionState) state = g_new0 (PdAwsActionExecutionState, 1);
  gint64 percent = -1;
  int status = 0;

  if (!pd_aws_read_string (object, path, "actionExecutionId", FALSE, &state->action_execution_id,
                           error) ||
      !pd_aws_read_enum (object, path, "status", action_status_names, &status, &state->status_raw,
                         error) ||
      !pd_aws_read_string (object, path, "summary", FALSE, &state->summary, error) ||
      !pd_aws_read_time (object, path, "lastStatusChange", &state->last_status_change, error) ||
      !pd_aws_read_string (object, path, "token", FALSE, &state->token, error) ||
      !pd_aws_read_string (object, path, "lastUpdatedBy", FALSE, &state->last_updated_by, error) ||
      !pd_aws_read_string (object, path, "externalExecutionId", FALSE,
                           &state->external_execution_id, error) ||
      !pd_aws_read_string (object, path, "externalExecutionUrl", FALSE,
                           &state->external_execution_url, error) ||
      !pd_aws_read_int (object, path, "percentComplete", &percent, error) ||
      !parse_error_details (object, path, "errorDetails", &state->error_code,
                            &state->error_message, error))
    return NULL;
  state->status = status;
  state->percent_complete = percent >= 0 && percent <= 100 ? (int) percent : -1;
  return g_steal_pointer (&state);
}

static PdAwsActionState *
parse_action_state (JsonObject  *object,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(PdAwsActionState) action = g_new0 (PdAwsActionState, 1);
  g_autofree char *revision_path = g_strdup_printf ("%scurrentRevision.", path);
  g_autofree char *latest_path = g_strdup_printf ("%slatestExecution.", path);
  JsonObject *revision, *latest;

  if (!pd_aws_read_string (object, path, "actionName", TRUE, &action->action_name, error) ||
      !pd_aws_read_string (object, path, "entityUrl", FALSE, &action->entity_url, error) ||
      !pd_aws_read_string (object, path, "revisionUrl", FALSE, &action->revision_url, error) ||
      !pd_aws_read_object (object, path, "currentRevision", FALSE, &revision, error) ||
      !pd_aws_read_string (revision, revision_path, "revisionId", FALSE, &action->revision_id,
                           error) ||
      !pd_aws_read_string (revision, revision_path, "revisionChangeId", FALSE,
                           &action->revision_change_id, error) ||
      !pd_aws_read_time (revision, revision_path, "created", &action->revision_created, error) ||
      !pd_aws_read_object (object, path, "latestExecution", FALSE, &latest, error))
    return NULL;

  if (latest != NULL &&
      (action->latest = parse_action_execution_state (latest, latest_path, error)) == NULL)
    return NULL;
  return g_steal_pointer (&action);
}

static PdAwsStageState *
parse_stage_state (JsonObject  *object,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(PdAwsStageState) stage = g_new0 (PdAwsStageState, 1);
  g_autofree char *transition_path = g_strdup_printf ("%sinboundTransitionState.", path);
  g_autofree char *latest_path = g_strdup_printf ("%slatestExecution.", path);
  g_autofree char *inbound_path = g_strdup_printf ("%sinboundExecution.", path);
  JsonObject *transition, *latest, *inbound;
  JsonArray *actions;
  int status = 0, inbound_status = 0;

  stage->inbound_enabled = TRUE;
  stage->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_action_state_free);
  if (!pd_aws_read_string (object, path, "stageName", TRUE, &stage->stage_name, error) ||
      !pd_aws_read_object (object, path, "inboundTransitionState", FALSE, &transition, error) ||
      !pd_aws_read_bool (transition, transition_path, "enabled", &stage->inbound_enabled, error) ||
      !pd_aws_read_string (transition, transition_path, "disabledReason", FALSE,
                           &stage->disabled_reason, error) ||
      !pd_aws_read_string (transition, transition_path, "lastChangedBy", FALSE,
                           &stage->last_changed_by, error) ||
      !pd_aws_read_time (transition, transition_path, "lastChangedAt", &stage->last_changed_at,
                         error) ||
      !pd_aws_read_object (object, path, "latestExecution", FALSE, &latest, error) ||
      !pd_aws_read_string (latest, latest_path, "pipelineExecutionId", latest != NULL,
                           &stage->latest_execution_id, error) ||
      !pd_aws_read_enum (latest, latest_path, "status", execution_status_names, &status,
                         &stage->latest_status_raw, error) ||
      !pd_aws_read_object (object, path, "inboundExecution", FALSE, &inbound, error) ||
      !pd_aws_read_string (inbound, inbound_path, "pipelineExecutionId", FALSE,
                           &stage->inbound_execution_id, error) ||
      !pd_aws_read_enum (inbound, inbound_path, "status", execution_status_names,
                         &inbound_status, NULL, error) ||
      !pd_aws_read_array (object, path, "actionStates", FALSE, &actions, error))
    return NULL;

  stage->has_inbound_transition = transition != NULL;
  stage->latest_status = status;
  stage->inbound_status = inbound_status;

  for (guint i = 0; actions != NULL && i < json_array_get_length (actions); i++)
    {
      g_autofree char *action_path = g_strdup_printf ("%sactionStates[%u].", path, i);
      PdAwsActionState *action;
      JsonObject *item;

      if (!pd_aws_read_array_object (actions, path, "actionStates", i, &item, error) ||
          (action = parse_action_state (item, action_path, error)) == NULL)
        return NULL;
      g_ptr_array_add (stage->actions, action);
    }
  return g_steal_pointer (&stage);
}

PdAwsPipelineState *
pd_aws_codepipeline_parse_pipeline_state (JsonObject  *reply,
                                          GError     **error)
{
  g_autoptr(PdAwsPipelineState) state = g_new0 (PdAwsPipelineState, 1);
  JsonArray *stages;

  state->stages = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_stage_state_free);
  if (!prefixed (pd_aws_read_string (reply, NULL, "pipelineName", FALSE, &state->pipeline_name,
                                     error) &&
                 pd_aws_read_int (reply, NULL, "pipelineVersion", &state->pipeline_version, error) &&
                 pd_aws_read_time (reply, NULL, "created", &state->created, error) &&
                 pd_aws_read_time (reply, NULL, "updated", &state->updated, error) &&
                 pd_aws_read_array (reply, NULL, "stageStates", FALSE, &stages, error),
                 "GetPipelineState", error))
    return NULL;

  for (guint i = 0; stages != NULL && i < json_array_get_length (stages); i++)
    {
      g_autofree char *path = g_strdup_printf ("stageStates[%u].", i);
      PdAwsStageState *stage = NULL;
      JsonObject *item;

      if (!prefixed (pd_aws_read_array_object (stages, NULL, "stageStates", i, &item, error) &&
                     (stage = parse_stage_state (item, path, error)) != NULL,
                     "GetPipelineState", error))
        return NULL;
      g_ptr_array_add (state->stages, stage);
    }
  return g_steal_pointer (&state);
}

static PdAwsPipelineExecution *
parse_execution_object (JsonObject  *object,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(PdAwsPipelineExecution) execution = g_new0 (PdAwsPipelineExecution, 1);
  g_autofree char *trigger_path = g_strdup_printf ("%strigger.", path);
  g_autofree char *stop_path = g_strdup_printf ("%sstopTrigger.", path);
  JsonObject *trigger, *stop;
  JsonArray *revisions;
  const char *revisions_member;
  int status = 0;

  revisions_member = json_object_has_member (object, "artifactRevisions")
    ? "artifactRevisions" : "sourceRevisions";
  if (!pd_aws_read_string (object, path, "pipelineExecutionId", TRUE,
                           &execution->pipeline_execution_id, error) ||
      !pd_aws_read_string (object, path, "pipelineName", FALSE, &execution->pipeline_name, error) ||
      !pd_aws_read_enum (object, path, "status", execution_status_names, &status,
                         &execution->status_raw, error) ||
      !pd_aws_read_string (object, path, "statusSummary", FALSE, &execution->status_summary,
                           error) ||
      !pd_aws_read_time (object, path, "startTime", &execution->start_time, error) ||
      !pd_aws_read_time (object, path, "lastUpdateTime", &execution->last_update_time, error) ||
      !pd_aws_read_object (object, path, "trigger", FALSE, &trigger, error) ||
      !pd_aws_read_string (trigger, trigger_path, "triggerType", FALSE, &execution->trigger_type,
                           error) ||
      !pd_aws_read_string (trigger, trigger_path, "triggerDetail", FALSE,
                           &execution->trigger_detail, error) ||
      !pd_aws_read_object (object, path, "stopTrigger", FALSE, &stop, error) ||
      !pd_aws_read_string (stop, stop_path, "reason", FALSE, &execution->stop_reason, error) ||
      !pd_aws_read_array (object, path, revisions_member, FALSE, &revisions, error))
    return NULL;
  execution->status = status;

  /* The first revision is the one a view shows beside the execution */
  if (revisions != NULL && json_array_get_length (revisions) > 0)
    {
      g_autofree char *revision_path = g_strdup_printf ("%s%s[0].", path, revisions_member);
      JsonObject *revision;

      if (!pd_aws_read_array_object (revisions, path, revisions_member, 0, &revision, error) ||
          !pd_aws_read_string (revision, revision_path, "revisionId", FALSE,
                               &execution->revision_id, error) ||
          !pd_aws_read_string (revision, revision_path, "revisionSummary", FALSE,
                               &execution->revision_summary, error) ||
          !pd_aws_read_string (revision, revision_path, "revisionUrl", FALSE,
                               &execution->revision_url, error))
        return NULL;
    }
  return g_steal_pointer (&execution);
}

GPtrArray *
pd_aws_codepipeline_parse_executions (JsonObject  *reply,
                                      GError     **error)
{
  g_autoptr(GPtrArray) executions = NULL;
  JsonArray *items;

  executions = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_pipeline_execution_free);
  if (!prefixed (pd_aws_read_array (reply, NULL, "pipelineExecutionSummaries", FALSE, &items,
                                    error), "ListPipelineExecutions", error))
    return NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      g_autofree char *path = g_strdup_printf ("pipelineExecutionSummaries[%u].", i);
      PdAwsPipelineExecution *execution = NULL;
      JsonObject *item;

      if (!prefixed (pd_aws_read_array_object (items, NULL, "pipelineExecutionSummaries", i,
                                               &item, error) &&
                     (execution = parse_execution_object (item, path, error)) != NULL,
                     "ListPipelineExecutions", error))
        return NULL;
      g_ptr_array_add (executions, execution);
    }
  return g_steal_pointer (&executions);
}

PdAwsPipelineExecution *
pd_aws_codepipeline_parse_execution (JsonObject  *reply,
                                     GError     **error)
{
  PdAwsPipelineExecution *execution = NULL;
  JsonObject *object;

  if (!prefixed (pd_aws_read_object (reply, NULL, "pipelineExecution", TRUE, &object, error) &&
                 (execution = parse_execution_object (object, "pipelineExecution.", error)) != NULL,
                 "GetPipelineExecution", error))
    return NULL;
  return execution;
}

static PdAwsActionExecutionDetail *
parse_action_execution_detail (JsonObject  *object,
                               const char  *path,
                               GError     **error)
{
  g_autoptr(PdAwsActionExecutionDetail) detail = g_new0 (PdAwsActionExecutionDetail, 1);
  g_autofree char *input_path = g_strdup_printf ("%sinput.", path);
  g_autofree char *type_path = g_strdup_printf ("%sinput.actionTypeId.", path);
  g_autofree char *output_path = g_strdup_printf ("%soutput.", path);
  g_autofree char *result_path = g_strdup_printf ("%soutput.executionResult.", path);
  JsonObject *input, *type_id = NULL, *output, *result = NULL;
  int status = 0, category = 0;

  if (!pd_aws_read_string (object, path, "pipelineExecutionId", FALSE,
                           &detail->pipeline_execution_id, error) ||
      !pd_aws_read_string (object, path, "actionExecutionId", FALSE, &detail->action_execution_id,
                           error) ||
      !pd_aws_read_string (object, path, "stageName", TRUE, &detail->stage_name, error) ||
      !pd_aws_read_string (object, path, "actionName", TRUE, &detail->action_name, error) ||
      !pd_aws_read_enum (object, path, "status", action_status_names, &status, &detail->status_raw,
                         error) ||
      !pd_aws_read_time (object, path, "startTime", &detail->start_time, error) ||
      !pd_aws_read_time (object, path, "lastUpdateTime", &detail->last_update_time, error) ||
      !pd_aws_read_object (object, path, "input", FALSE, &input, error) ||
      (input != NULL && !pd_aws_read_object (input, input_path, "actionTypeId", FALSE, &type_id,
                                             error)) ||
      !pd_aws_read_enum (type_id, type_path, "category", action_category_names, &category, NULL,
                         error) ||
      !pd_aws_read_string (type_id, type_path, "provider", FALSE, &detail->provider, error) ||
      !pd_aws_read_string_map (input, input_path, "configuration", &detail->configuration,
                               error) ||
      !pd_aws_read_string_map (input, input_path, "resolvedConfiguration",
                               &detail->resolved_configuration, error) ||
      !pd_aws_read_name_list (input, input_path, "inputArtifacts", &detail->input_artifacts,
                              error) ||
      !pd_aws_read_object (object, path, "output", FALSE, &output, error) ||
      !pd_aws_read_name_list (output, output_path, "outputArtifacts", &detail->output_artifacts,
                              error) ||
      !pd_aws_read_string_map (output, output_path, "outputVariables", &detail->output_variables,
                               error) ||
      (output != NULL && !pd_aws_read_object (output, output_path, "executionResult", FALSE,
                                              &result, error)) ||
      !pd_aws_read_string (result, result_path, "externalExecutionId", FALSE,
                           &detail->external_execution_id, error) ||
      !pd_aws_read_string (result, result_path, "externalExecutionSummary", FALSE,
                           &detail->external_execution_summary, error) ||
      !pd_aws_read_string (result, result_path, "externalExecutionUrl", FALSE,
                           &detail->external_execution_url, error) ||
      !parse_error_details (result, result_path, "errorDetails", &detail->error_code,
                            &detail->error_message, error))
    return NULL;
  detail->status = status;
  detail->category = category;
  return g_steal_pointer (&detail);
}

GPtrArray *
pd_aws_codepipeline_parse_action_executions (JsonObject  *reply,
                                             GError     **error)
{
  g_autoptr(GPtrArray) details = NULL;
  JsonArray *items;

  details = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_action_execution_detail_free);
  if (!prefixed (pd_aws_read_array (reply, NULL, "actionExecutionDetails", FALSE, &items, error),
                 "ListActionExecutions", error))
    return NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      g_autofree char *path = g_strdup_printf ("actionExecutionDetails[%u].", i);
      PdAwsActionExecutionDetail *detail = NULL;
      JsonObject *item;

      if (!prefixed (pd_aws_read_array_object (items, NULL, "actionExecutionDetails", i, &item,
                                               error) &&
                     (detail = parse_action_execution_detail (item, path, error)) != NULL,
                     "ListActionExecutions", error))
        return NULL;
      g_ptr_array_add (details, detail);
    }
  return g_steal_pointer (&details);
}

/* The helper names the operation in its errors */
static gpointer
parse_execution_id (JsonObject  *reply,
                    GError     **error)
{
  char *id = NULL;

  pd_aws_read_string (reply, NULL, "pipelineExecutionId", TRUE, &id, error);
  return id;
}

static gpointer
parse_approved_at (JsonObject  *reply,
                   GError     **error)
{
  GDateTime *approved_at = NULL;

  if (!pd_aws_read_time (reply, NULL, "approvedAt", &approved_at, error))
    return NULL;
  return approved_at != NULL ? approved_at : g_date_time_new_now_utc ();
}

static gpointer
parse_nothing (JsonObject  *reply,
               GError     **error)
{
  return GINT_TO_POINTER (TRUE);
}

typedef struct
{
  GPtrArray *executions;
  char      *next_token;
} ExecutionsPage;

static void
executions_page_free (ExecutionsPage *page)
{
  g_clear_pointer (&page->executions, g_ptr_array_unref);
  g_free (page->next_token);
  g_free (page);
}

static gpointer
parse_executions_page (JsonObject  *reply,
                       GError     **error)
{
  GPtrArray *executions = pd_aws_codepipeline_parse_executions (reply, error);
  ExecutionsPage *page;

  if (executions == NULL)
    return NULL;
  page = g_new0 (ExecutionsPage, 1);
  page->executions = executions;
  page->next_token = g_strdup (json_object_get_string_member_with_default (reply, "nextToken",
                                                                           NULL));
  return page;
}

/* Calls. Each operation is its input, its parser and the type it frees. */

static void G_GNUC_PRINTF (5, 6)
fail_validation (PdAwsClient         *client,
                 gpointer             source_tag,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 const char          *format,
                 ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION, format, args);
  va_end (args);
  pd_aws_typed_fail (client, source_tag, error, callback, user_data);
}

/* Input of the form {"@key": @value, "@key2": @value2} (@key2 may be %NULL) */
static JsonObject *
input_new (const char *key,
           const char *value,
           const char *key2,
           const char *value2)
{
  JsonObject *input = json_object_new ();

  json_object_set_string_member (input, key, value);
  if (key2 != NULL)
    json_object_set_string_member (input, key2, value2);
  return input;
}

/**
 * pd_aws_codepipeline_list_pipelines_async:
 * @client: a #PdAwsClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Lists every pipeline of the account and region, following all pages.
 */
void
pd_aws_codepipeline_list_pipelines_async (PdAwsClient         *client,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  json_object_set_int_member (input, "maxResults", 1000);
  pd_aws_typed_pages_async (client, SERVICE, "ListPipelines", input, "pipelines", 0,
                            (PdAwsParseFunc) pd_aws_codepipeline_parse_pipelines,
                            (GDestroyNotify) g_ptr_array_unref,
                            pd_aws_codepipeline_list_pipelines_async, cancellable, callback,
                            user_data);
}

/**
 * pd_aws_codepipeline_list_pipelines_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsPipelineSummary): the
 *   pipelines, or %NULL with @error set
 */
GPtrArray *
pd_aws_codepipeline_list_pipelines_finish (PdAwsClient   *client,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_codepipeline_list_pipelines_async, error);
}

/**
 * pd_aws_codepipeline_get_pipeline_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads the declaration of a pipeline: its stages and actions.
 */
void
pd_aws_codepipeline_get_pipeline_async (PdAwsClient         *client,
                                        const char          *name,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);

  input = input_new ("name", name, NULL, NULL);
  pd_aws_typed_call_async (client, SERVICE, "GetPipeline", input,
                           (PdAwsParseFunc) pd_aws_codepipeline_parse_pipeline,
                           (GDestroyNotify) pd_aws_pipeline_declaration_free,
                           pd_aws_codepipeline_get_pipeline_async, cancellable, callback,
                           user_data);
}

/**
 * pd_aws_codepipeline_get_pipeline_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the declaration, or %NULL with @error set
 */
PdAwsPipelineDeclaration *
pd_aws_codepipeline_get_pipeline_finish (PdAwsClient   *client,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_codepipeline_get_pipeline_async, error);
}

/**
 * pd_aws_codepipeline_get_pipeline_state_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads the current state of every stage and action of a pipeline.
 */
void
pd_aws_codepipeline_get_pipeline_state_async (PdAwsClient         *client,
                                              const char          *name,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);

  input = input_new ("name", name, NULL, NULL);
  pd_aws_typed_call_async (client, SERVICE, "GetPipelineState", input,
                           (PdAwsParseFunc) pd_aws_codepipeline_parse_pipeline_state,
                           (GDestroyNotify) pd_aws_pipeline_state_free,
                           pd_aws_codepipeline_get_pipeline_state_async, cancellable, callback,
                           user_data);
}

/**
 * pd_aws_codepipeline_get_pipeline_state_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the state, or %NULL with @error set
 */
PdAwsPipelineState *
pd_aws_codepipeline_get_pipeline_state_finish (PdAwsClient   *client,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  return pd_aws_typed_call_finish (client, result,
                                   pd_aws_codepipeline_get_pipeline_state_async, error);
}

/**
 * pd_aws_codepipeline_list_pipeline_executions_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @max_results: executions per page (1-100), or 0 for the service default
 * @max_pages: how many pages to read at most (0 for all)
 * @next_token: (nullable): where to start, from an earlier call
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Lists the executions of a pipeline, newest first. `max_pages = 1` reads
 * one page; the token of the next page comes back with the result.
 */
void
pd_aws_codepipeline_list_pipeline_executions_async (PdAwsClient         *client,
                                                    const char          *name,
                                                    guint                max_results,
                                                    guint                max_pages,
                                                    const char          *next_token,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);
  g_return_if_fail (max_results <= 100);

  input = input_new ("pipelineName", name, next_token != NULL ? "nextToken" : NULL, next_token);
  if (max_results > 0)
    json_object_set_int_member (input, "maxResults", max_results);
  pd_aws_typed_pages_async (client, SERVICE, "ListPipelineExecutions", input,
                            "pipelineExecutionSummaries", max_pages, parse_executions_page,
                            (GDestroyNotify) executions_page_free,
                            pd_aws_codepipeline_list_pipeline_executions_async, cancellable,
                            callback, user_data);
}

/**
 * pd_aws_codepipeline_list_pipeline_executions_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @next_token: (out) (optional) (nullable): the token of the next page, or
 *   %NULL after the last one
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsPipelineExecution): the
 *   executions, newest first, or %NULL with @error set
 */
GPtrArray *
pd_aws_codepipeline_list_pipeline_executions_finish (PdAwsClient   *client,
                                                     GAsyncResult  *result,
                                                     char         **next_token,
                                                     GError       **error)
{
  ExecutionsPage *page;
  GPtrArray *executions;

  page = pd_aws_typed_call_finish (client, result,
                                   pd_aws_codepipeline_list_pipeline_executions_async, error);
  if (page == NULL)
    return NULL;
  executions = g_steal_pointer (&page->executions);
  if (next_token != NULL)
    *next_token = g_steal_pointer (&page->next_token);
  executions_page_free (page);
  return executions;
}

/**
 * pd_aws_codepipeline_get_pipeline_execution_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @execution_id: the execution ID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads one execution of a pipeline.
 */
void
pd_aws_codepipeline_get_pipeline_execution_async (PdAwsClient         *client,
                                                  const char          *name,
                                                  const char          *execution_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);
  g_return_if_fail (execution_id != NULL);

  input = input_new ("pipelineName", name, "pipelineExecutionId", execution_id);
  pd_aws_typed_call_async (client, SERVICE, "GetPipelineExecution", input,
                           (PdAwsParseFunc) pd_aws_codepipeline_parse_execution,
                           (GDestroyNotify) pd_aws_pipeline_execution_free,
                           pd_aws_codepipeline_get_pipeline_execution_async, cancellable,
                           callback, user_data);
}

/**
 * pd_aws_codepipeline_get_pipeline_execution_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the execution, or %NULL with @error set
 */
PdAwsPipelineExecution *
pd_aws_codepipeline_get_pipeline_execution_finish (PdAwsClient   *client,
                                                   GAsyncResult  *result,
                                                   GError       **error)
{
  return pd_aws_typed_call_finish (client, result,
                                   pd_aws_codepipeline_get_pipeline_execution_async, error);
}

/**
 * pd_aws_codepipeline_list_action_executions_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @execution_id: (nullable): only the actions of this pipeline execution
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Lists action executions, newest first, following all pages.
 */
void
pd_aws_codepipeline_list_action_executions_async (PdAwsClient         *client,
                                                  const char          *name,
                                                  const char          *execution_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);

  input = input_new ("pipelineName", name, NULL, NULL);
  json_object_set_int_member (input, "maxResults", 100);
  if (execution_id != NULL)
    json_object_set_object_member (input, "filter",
                                   input_new ("pipelineExecutionId", execution_id, NULL, NULL));
  pd_aws_typed_pages_async (client, SERVICE, "ListActionExecutions", input,
                            "actionExecutionDetails", 0,
                            (PdAwsParseFunc) pd_aws_codepipeline_parse_action_executions,
                            (GDestroyNotify) g_ptr_array_unref,
                            pd_aws_codepipeline_list_action_executions_async, cancellable,
                            callback, user_data);
}

/**
 * pd_aws_codepipeline_list_action_executions_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsActionExecutionDetail):
 *   the action executions, newest first, or %NULL with @error set
 */
GPtrArray *
pd_aws_codepipeline_list_action_executions_finish (PdAwsClient   *client,
                                                   GAsyncResult  *result,
                                                   GError       **error)
{
  return pd_aws_typed_call_finish (client, result,
                                   pd_aws_codepipeline_list_action_executions_async, error);
}

static gboolean
valid_variable_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > VARIABLE_NAME_MAX)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("@-_", *p) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * pd_aws_codepipeline_start_pipeline_execution_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @variables: (nullable) (element-type utf8 utf8): pipeline variables for
 *   this run (V2 pipelines)
 * @client_request_token: (nullable): the idempotency token; %NULL makes a
 *   new one. The same token is sent again when the client retries, so one
 *   logical call never starts two executions
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Starts a new execution of a pipeline.
 */
void
pd_aws_codepipeline_start_pipeline_execution_async (PdAwsClient         *client,
                                                    const char          *name,
                                                    GHashTable          *variables,
                                                    const char          *client_request_token,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  g_autofree char *token = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);

  /* Made once here, so that the client's retries all carry the same token */
  token = client_request_token != NULL ? g_strdup (client_request_token) : g_uuid_string_random ();
  input = input_new ("name", name, "clientRequestToken", token);

  if (variables != NULL && g_hash_table_size (variables) > 0)
    {
      g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (variables),
                                            (GCompareFunc) g_strcmp0);
      JsonArray *array = json_array_new ();

      json_object_set_array_member (input, "variables", array);
      for (GList *l = names; l != NULL; l = l->next)
        {
          const char *value = g_hash_table_lookup (variables, l->data);

          if (!valid_variable_name (l->data) || value == NULL || value[0] == '\0' ||
              g_utf8_strlen (value, -1) > VARIABLE_VALUE_MAX)
            {
              fail_validation (client, pd_aws_codepipeline_start_pipeline_execution_async,
                               callback, user_data,
                               "StartPipelineExecution: the variable “%s” needs a name of 1-%d "
                               "letters, digits, @, - or _ and a value of 1-%d characters",
                               (const char *) l->data, VARIABLE_NAME_MAX, VARIABLE_VALUE_MAX);
              return;
            }
          json_array_add_object_element (array, input_new ("name", l->data, "value", value));
        }
    }

  pd_aws_typed_call_async (client, SERVICE, "StartPipelineExecution", input, parse_execution_id,
                           g_free, pd_aws_codepipeline_start_pipeline_execution_async,
                           cancellable, callback, user_data);
}

/**
 * pd_aws_codepipeline_start_pipeline_execution_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the ID of the new execution, or %NULL with @error set
 */
char *
pd_aws_codepipeline_start_pipeline_execution_finish (PdAwsClient   *client,
                                                     GAsyncResult  *result,
                                                     GError       **error)
{
  return pd_aws_typed_call_finish (client, result,
                                   pd_aws_codepipeline_start_pipeline_execution_async, error);
}

/**
 * pd_aws_codepipeline_stop_pipeline_execution_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @execution_id: the execution to stop
 * @abandon: %TRUE to abandon running actions, %FALSE to let them finish
 * @reason: (nullable): why, at most 200 characters
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Stops an execution.
 */
void
pd_aws_codepipeline_stop_pipeline_execution_async (PdAwsClient         *client,
                                                   const char          *name,
                                                   const char          *execution_id,
                                                   gboolean             abandon,
                                                   const char          *reason,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);
  g_return_if_fail (execution_id != NULL);

  if (reason != NULL && g_utf8_strlen (reason, -1) > STOP_REASON_MAX)
    {
      fail_validation (client, pd_aws_codepipeline_stop_pipeline_execution_async, callback,
                       user_data,
                       "StopPipelineExecution: the reason may have at most %d characters",
                       STOP_REASON_MAX);
      return;
    }

  input = input_new ("pipelineName", name, "pipelineExecutionId", execution_id);
  json_object_set_boolean_member (input, "abandon", abandon);
  if (reason != NULL && reason[0] != '\0')
    json_object_set_string_member (input, "reason", reason);
  pd_aws_typed_call_async (client, SERVICE, "StopPipelineExecution", input, parse_execution_id,
                           g_free, pd_aws_codepipeline_stop_pipeline_execution_async,
                           cancellable, callback, user_data);
}

/**
 * pd_aws_codepipeline_stop_pipeline_execution_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the ID of the stopped execution, or %NULL with
 *   @error set
 */
char *
pd_aws_codepipeline_stop_pipeline_execution_finish (PdAwsClient   *client,
                                                    GAsyncResult  *result,
                                                    GError       **error)
{
  return pd_aws_typed_call_finish (client, result,
                                   pd_aws_codepipeline_stop_pipeline_execution_async, error);
}

/**
 * pd_aws_codepipeline_retry_stage_execution_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @stage_name: the failed stage
 * @execution_id: the execution in which it failed (the latest one)
 * @mode: which actions to run again
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Retries a failed stage.
 */
void
pd_aws_codepipeline_retry_stage_execution_async (PdAwsClient         *client,
                                                 const char          *name,
                                                 const char          *stage_name,
                                                 const char          *execution_id,
                                                 PdAwsRetryMode       mode,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);
  g_return_if_fail (stage_name != NULL);
  g_return_if_fail (execution_id != NULL);
  g_return_if_fail (mode <= PD_AWS_RETRY_MODE_ALL_ACTIONS);

  input = input_new ("pipelineName", name, "stageName", stage_name);
  json_object_set_string_member (input, "pipelineExecutionId", execution_id);
  json_object_set_string_member (input, "retryMode",
                                 mode == PD_AWS_RETRY_MODE_ALL_ACTIONS ? "ALL_ACTIONS"
                                                                       : "FAILED_ACTIONS");
  pd_aws_typed_call_async (client, SERVICE, "RetryStageExecution", input, parse_execution_id,
                           g_free, pd_aws_codepipeline_retry_stage_execution_async, cancellable,
                           callback, user_data);
}

/**
 * pd_aws_codepipeline_retry_stage_execution_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the execution ID, or %NULL with @error set
 */
char *
pd_aws_codepipeline_retry_stage_execution_finish (PdAwsClient   *client,
                                                  GAsyncResult  *result,
                                                  GError       **error)
{
  return pd_aws_typed_call_finish (client, result,
                                   pd_aws_codepipeline_retry_stage_execution_async, error);
}

/**
 * pd_aws_codepipeline_put_approval_result_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @stage_name: the stage of the approval
 * @action_name: the approval action
 * @result: approve or reject
 * @summary: the comment, at most 512 characters
 * @token: the token of the waiting approval, from GetPipelineState
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Answers a manual approval.
 */
void
pd_aws_codepipeline_put_approval_result_async (PdAwsClient         *client,
                                               const char          *name,
                                               const char          *stage_name,
                                               const char          *action_name,
                                               PdAwsApprovalResult  result,
                                               const char          *summary,
                                               const char          *token,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  JsonObject *answer;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);
  g_return_if_fail (stage_name != NULL);
  g_return_if_fail (action_name != NULL);
  g_return_if_fail (token != NULL);

  if (summary == NULL || g_utf8_strlen (summary, -1) > SUMMARY_MAX)
    {
      fail_validation (client, pd_aws_codepipeline_put_approval_result_async, callback,
                       user_data,
                       "PutApprovalResult: the summary is required and may have at most %d "
                       "characters", SUMMARY_MAX);
      return;
    }

  input = input_new ("pipelineName", name, "stageName", stage_name);
  json_object_set_string_member (input, "actionName", action_name);
  json_object_set_string_member (input, "token", token);
  answer = input_new ("summary", summary, "status",
                      result == PD_AWS_APPROVAL_REJECTED ? "Rejected" : "Approved");
  json_object_set_object_member (input, "result", answer);
  pd_aws_typed_call_async (client, SERVICE, "PutApprovalResult", input, parse_approved_at,
                           (GDestroyNotify) g_date_time_unref,
                           pd_aws_codepipeline_put_approval_result_async, cancellable, callback,
                           user_data);
}

/**
 * pd_aws_codepipeline_put_approval_result_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): when the answer was recorded, or %NULL with
 *   @error set
 */
GDateTime *
pd_aws_codepipeline_put_approval_result_finish (PdAwsClient   *client,
                                                GAsyncResult  *result,
                                                GError       **error)
{
  return pd_aws_typed_call_finish (client, result,
                                   pd_aws_codepipeline_put_approval_result_async, error);
}

static void
change_transition (PdAwsClient         *client,
                   const char          *name,
                   const char          *stage_name,
                   PdAwsTransitionType  type,
                   const char          *reason,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(JsonObject) input = input_new ("pipelineName", name, "stageName", stage_name);

  json_object_set_string_member (input, "transitionType",
                                 type == PD_AWS_TRANSITION_OUTBOUND ? "Outbound" : "Inbound");
  if (reason != NULL)
    json_object_set_string_member (input, "reason", reason);
  pd_aws_typed_call_async (client, SERVICE,
                           reason != NULL ? "DisableStageTransition" : "EnableStageTransition",
                           input, parse_nothing, NULL, source_tag, cancellable, callback,
                           user_data);
}

/**
 * pd_aws_codepipeline_disable_stage_transition_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @stage_name: the stage
 * @type: the inbound or outbound transition of the stage
 * @reason: why, checked by pd_aws_codepipeline_validate_transition_reason()
 *   before anything is sent
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Disables a transition: executions wait there until it is enabled again.
 */
void
pd_aws_codepipeline_disable_stage_transition_async (PdAwsClient         *client,
                                                    const char          *name,
                                                    const char          *stage_name,
                                                    PdAwsTransitionType  type,
                                                    const char          *reason,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);
  g_return_if_fail (stage_name != NULL);

  if (!pd_aws_codepipeline_validate_transition_reason (reason, &error))
    {
      g_prefix_error (&error, "DisableStageTransition: ");
      pd_aws_typed_fail (client, pd_aws_codepipeline_disable_stage_transition_async, error,
                         callback, user_data);
      return;
    }
  change_transition (client, name, stage_name, type, reason,
                     pd_aws_codepipeline_disable_stage_transition_async, cancellable, callback,
                     user_data);
}

/**
 * pd_aws_codepipeline_disable_stage_transition_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
pd_aws_codepipeline_disable_stage_transition_finish (PdAwsClient   *client,
                                                     GAsyncResult  *result,
                                                     GError       **error)
{
  return pd_aws_typed_call_finish (client, result,
                                   pd_aws_codepipeline_disable_stage_transition_async,
                                   error) != NULL;
}

/**
 * pd_aws_codepipeline_enable_stage_transition_async:
 * @client: a #PdAwsClient
 * @name: the pipeline name
 * @stage_name: the stage
 * @type: the inbound or outbound transition of the stage
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Enables a transition again.
 */
void
pd_aws_codepipeline_enable_stage_transition_async (PdAwsClient         *client,
                                                   const char          *name,
                                                   const char          *stage_name,
                                                   PdAwsTransitionType  type,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (name != NULL);
  g_return_if_fail (stage_name != NULL);

  change_transition (client, name, stage_name, type, NULL,
                     pd_aws_codepipeline_enable_stage_transition_async, cancellable, callback,
                     user_data);
}

/**
 * pd_aws_codepipeline_enable_stage_transition_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
pd_aws_codepipeline_enable_stage_transition_finish (PdAwsClient   *client,
                                                    GAsyncResult  *result,
                                                    GError       **error)
{
  return pd_aws_typed_call_finish (client, result,
                                   pd_aws_codepipeline_enable_stage_transition_async,
                                   error) != NULL;
}
