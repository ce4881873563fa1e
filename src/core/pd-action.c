/* pd-action.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-action.h"
#include "pd-pipeline-private.h"
#include "pd-util.h"

enum {
  PROP_0,
  /* Strings, kept in strings[] by property ID */
  PROP_NAME,
  PROP_STAGE_NAME,
  PROP_CATEGORY_TEXT,
  PROP_OWNER,
  PROP_PROVIDER,
  PROP_REGION,
  PROP_NAMESPACE,
  PROP_STATUS_TEXT,
  PROP_SUMMARY,
  PROP_ERROR_CODE,
  PROP_ERROR_MESSAGE,
  PROP_APPROVAL_TOKEN,
  PROP_ACTION_EXECUTION_ID,
  PROP_EXECUTION_ID,
  PROP_EXTERNAL_EXECUTION_ID,
  PROP_EXTERNAL_EXECUTION_URL,
  /* Others */
  PROP_CATEGORY,
  PROP_RUN_ORDER,
  PROP_STATUS,
  PROP_STARTED,
  PROP_LAST_CHANGE,
  PROP_DURATION,
  PROP_PERCENT_COMPLETE,
  PROP_WAITING_FOR_APPROVAL,
  N_PROPS
};

#define LAST_STRING_PROP PROP_EXTERNAL_EXECUTION_URL

struct _PdAction
{
  GObject              parent_instance;

  /* Owned references */
  char                *strings[LAST_STRING_PROP + 1];
  GHashTable          *configuration;
  GHashTable          *resolved_configuration;
  GHashTable          *output_variables;
  GStrv                input_artifacts;
  GStrv                output_artifacts;
  GDateTime           *started;
  GDateTime           *last_change;

  /* State */
  PdAwsActionCategory  category;
  guint                run_order;
  PdAwsActionStatus    status;
  int                  percent_complete;
};

G_DEFINE_FINAL_TYPE (PdAction, pd_action, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
set_string (PdAction   *self,
            guint       prop,
            const char *value)
{
  g_assert (prop <= LAST_STRING_PROP);
  if (pd_set_str (&self->strings[prop], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_time (PdAction   *self,
          GDateTime **field,
          GDateTime  *value,
          guint       prop)
{
  if (*field == value || (*field != NULL && value != NULL && g_date_time_equal (*field, value)))
    return;
  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

static void
set_status (PdAction          *self,
            PdAwsActionStatus  status,
            const char        *text)
{
  gboolean was_waiting = pd_action_get_waiting_for_approval (self);

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }
  set_string (self, PROP_STATUS_TEXT, text);
  if (was_waiting != pd_action_get_waiting_for_approval (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_FOR_APPROVAL]);
}

static void
set_token (PdAction   *self,
           const char *token)
{
  gboolean was_waiting = pd_action_get_waiting_for_approval (self);

  set_string (self, PROP_APPROVAL_TOKEN, token);
  if (was_waiting != pd_action_get_waiting_for_approval (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_FOR_APPROVAL]);
}

static void
set_percent (PdAction *self,
             int       percent)
{
  if (self->percent_complete != percent)
    {
      self->percent_complete = percent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERCENT_COMPLETE]);
    }
}

static GHashTable *
copy_map (GHashTable *map)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  if (map != NULL)
    {
      g_hash_table_iter_init (&iter, map);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
    }
  return copy;
}

static void
pd_action_finalize (GObject *object)
{
  PdAction *self = PD_ACTION (object);

  for (guint i = 0; i <= LAST_STRING_PROP; i++)
    g_clear_pointer (&self->strings[i], g_free);
  g_clear_pointer (&self->configuration, g_hash_table_unref);
  g_clear_pointer (&self->resolved_configuration, g_hash_table_unref);
  g_clear_pointer (&self->output_variables, g_hash_table_unref);
  g_clear_pointer (&self->input_artifacts, g_strfreev);
  g_clear_pointer (&self->output_artifacts, g_strfreev);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->last_change, g_date_time_unref);

  G_OBJECT_CLASS (pd_action_parent_class)->finalize (object);
}

static void
pd_action_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdAction *self = PD_ACTION (object);

  if (prop_id > PROP_0 && prop_id <= LAST_STRING_PROP)
    {
      g_value_set_string (value, self->strings[prop_id]);
      return;
    }

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;
    case PROP_RUN_ORDER:
      g_value_set_uint (value, self->run_order);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STARTED:
      g_value_set_boxed (value, self->started);
      break;
    case PROP_LAST_CHANGE:
      g_value_set_boxed (value, self->last_change);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, pd_action_get_duration (self));
      break;
    case PROP_PERCENT_COMPLETE:
      g_value_set_int (value, self->percent_complete);
      break;
    case PROP_WAITING_FOR_APPROVAL:
      g_value_set_boolean (value, pd_action_get_waiting_for_approval (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_action_class_init (PdActionClass *klass)
{
  static const char * const names[] = {
    NULL, "name", "stage-name", "category-text", "owner", "provider", "region", "namespace",
    "status-text", "summary", "error-code", "error-message", "approval-token",
    "action-execution-id", "execution-id", "external-execution-id", "external-execution-url",
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == LAST_STRING_PROP + 1);

  object_class->finalize = pd_action_finalize;
  object_class->get_property = pd_action_get_property;

  for (guint i = 1; i <= LAST_STRING_PROP; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL, PD_AWS_TYPE_ACTION_CATEGORY,
                       PD_AWS_ACTION_CATEGORY_UNKNOWN, flags);
  properties[PROP_RUN_ORDER] = g_param_spec_uint ("run-order", NULL, NULL, 0, G_MAXUINT, 1, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, PD_AWS_TYPE_ACTION_STATUS,
                       PD_AWS_ACTION_STATUS_UNKNOWN, flags);
  properties[PROP_STARTED] = g_param_spec_boxed ("started", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_LAST_CHANGE] =
    g_param_spec_boxed ("last-change", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_PERCENT_COMPLETE] =
    g_param_spec_int ("percent-complete", NULL, NULL, -1, 100, -1, flags);
  properties[PROP_WAITING_FOR_APPROVAL] =
    g_param_spec_boolean ("waiting-for-approval", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_action_init (PdAction *self)
{
  self->percent_complete = -1;
  self->run_order = 1;
}

PdAction *
pd_action_new (const char                   *stage_name,
               const PdAwsActionDeclaration *declaration)
{
  PdAction *self;

  g_return_val_if_fail (declaration != NULL, NULL);

  self = g_object_new (PD_TYPE_ACTION, NULL);
  self->strings[PROP_NAME] = g_strdup (declaration->name);
  self->strings[PROP_STAGE_NAME] = g_strdup (stage_name);
  self->strings[PROP_CATEGORY_TEXT] = g_strdup (declaration->category_raw);
  self->strings[PROP_OWNER] = g_strdup (declaration->owner);
  self->strings[PROP_PROVIDER] = g_strdup (declaration->provider);
  self->strings[PROP_REGION] = g_strdup (declaration->region);
  self->strings[PROP_NAMESPACE] = g_strdup (declaration->namespace_);
  self->category = declaration->category;
  self->run_order = (guint) CLAMP (declaration->run_order, 0, G_MAXUINT);
  self->configuration = copy_map (declaration->configuration);
  self->resolved_configuration = copy_map (NULL);
  self->output_variables = copy_map (NULL);
  self->input_artifacts = g_strdupv (declaration->input_artifacts);
  self->output_artifacts = g_strdupv (declaration->output_artifacts);
  return self;
}

void
pd_action_clear_execution (PdAction *self)
{
  g_return_if_fail (PD_IS_ACTION (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_status (self, PD_AWS_ACTION_STATUS_UNKNOWN, NULL);
  set_string (self, PROP_SUMMARY, NULL);
  set_string (self, PROP_ERROR_CODE, NULL);
  set_string (self, PROP_ERROR_MESSAGE, NULL);
  set_token (self, NULL);
  set_string (self, PROP_ACTION_EXECUTION_ID, NULL);
  set_string (self, PROP_EXECUTION_ID, NULL);
  set_string (self, PROP_EXTERNAL_EXECUTION_ID, NULL);
  set_string (self, PROP_EXTERNAL_EXECUTION_URL, NULL);
  set_time (self, &self->started, NULL, PROP_STARTED);
  set_time (self, &self->last_change, NULL, PROP_LAST_CHANGE);
  set_percent (self, -1);
  g_hash_table_remove_all (self->resolved_configuration);
  g_hash_table_remove_all (self->output_variables);
  g_object_thaw_notify (G_OBJECT (self));
}

void
pd_action_apply_state (PdAction                        *self,
                       const char                      *execution_id,
                       const PdAwsActionExecutionState *state)
{
  g_return_if_fail (PD_IS_ACTION (self));

  if (state == NULL)
    {
      pd_action_clear_execution (self);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  /* A new action execution: what the old one had no longer applies */
  if (g_strcmp0 (self->strings[PROP_ACTION_EXECUTION_ID], state->action_execution_id) != 0)
    {
      set_time (self, &self->started, NULL, PROP_STARTED);
      g_hash_table_remove_all (self->resolved_configuration);
      g_hash_table_remove_all (self->output_variables);
    }
  set_string (self, PROP_EXECUTION_ID, execution_id);
  set_string (self, PROP_ACTION_EXECUTION_ID, state->action_execution_id);
  set_status (self, state->status, state->status_raw);
  set_string (self, PROP_SUMMARY, state->summary);
  set_string (self, PROP_ERROR_CODE, state->error_code);
  set_string (self, PROP_ERROR_MESSAGE, state->error_message);
  /* AWS hands the token out only while the approval waits */
  set_token (self, state->status == PD_AWS_ACTION_STATUS_IN_PROGRESS ? state->token : NULL);
  set_string (self, PROP_EXTERNAL_EXECUTION_ID, state->external_execution_id);
  set_string (self, PROP_EXTERNAL_EXECUTION_URL, state->external_execution_url);
  set_time (self, &self->last_change, state->last_status_change, PROP_LAST_CHANGE);
  set_percent (self, state->percent_complete);
  g_object_thaw_notify (G_OBJECT (self));
}

void
pd_action_apply_detail (PdAction                         *self,
                        const PdAwsActionExecutionDetail *detail,
                        gboolean                          with_status)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (PD_IS_ACTION (self));
  g_return_if_fail (detail != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  if (with_status)
    {
      set_string (self, PROP_EXECUTION_ID, detail->pipeline_execution_id);
      set_string (self, PROP_ACTION_EXECUTION_ID, detail->action_execution_id);
      set_status (self, detail->status, detail->status_raw);
      set_string (self, PROP_SUMMARY, detail->external_execution_summary);
      set_string (self, PROP_ERROR_CODE, detail->error_code);
      set_string (self, PROP_ERROR_MESSAGE, detail->error_message);
      set_token (self, NULL);
      set_string (self, PROP_EXTERNAL_EXECUTION_ID, detail->external_execution_id);
      set_string (self, PROP_EXTERNAL_EXECUTION_URL, detail->external_execution_url);
      set_time (self, &self->last_change, detail->last_update_time, PROP_LAST_CHANGE);
      set_percent (self, -1);
    }
  set_time (self, &self->started, detail->start_time, PROP_STARTED);

  g_hash_table_remove_all (self->resolved_configuration);
  if (detail->resolved_configuration != NULL)
    {
      g_hash_table_iter_init (&iter, detail->resolved_configuration);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->resolved_configuration, g_strdup (key), g_strdup (value));
    }
  g_hash_table_remove_all (self->output_variables);
  if (detail->output_variables != NULL)
    {
      g_hash_table_iter_init (&iter, detail->output_variables);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->output_variables, g_strdup (key), g_strdup (value));
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * pd_action_get_name:
 * @self: a #PdAction
 *
 * Returns: the action name
 */
const char *
pd_action_get_name (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_NAME];
}

/**
 * pd_action_get_stage_name:
 * @self: a #PdAction
 *
 * Returns: the name of the stage the action belongs to
 */
const char *
pd_action_get_stage_name (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_STAGE_NAME];
}

/**
 * pd_action_get_category:
 * @self: a #PdAction
 *
 * Returns: the category of the action type
 */
PdAwsActionCategory
pd_action_get_category (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), PD_AWS_ACTION_CATEGORY_UNKNOWN);
  return self->category;
}

/**
 * pd_action_get_category_text:
 * @self: a #PdAction
 *
 * Returns: (nullable): the category as AWS sent it
 */
const char *
pd_action_get_category_text (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_CATEGORY_TEXT];
}

/**
 * pd_action_get_owner:
 * @self: a #PdAction
 *
 * Returns: (nullable): the owner of the action type
 */
const char *
pd_action_get_owner (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_OWNER];
}

/**
 * pd_action_get_provider:
 * @self: a #PdAction
 *
 * Returns: (nullable): the provider (`CodeBuild`, `Manual`…)
 */
const char *
pd_action_get_provider (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_PROVIDER];
}

/**
 * pd_action_get_run_order:
 * @self: a #PdAction
 *
 * Returns: the run order; actions of one run order run in parallel
 */
guint
pd_action_get_run_order (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), 0);
  return self->run_order;
}

/**
 * pd_action_get_region:
 * @self: a #PdAction
 *
 * Returns: (nullable): the action's region
 */
const char *
pd_action_get_region (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_REGION];
}

/**
 * pd_action_get_namespace:
 * @self: a #PdAction
 *
 * Returns: (nullable): the variable namespace
 */
const char *
pd_action_get_namespace (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_NAMESPACE];
}

/**
 * pd_action_get_configuration:
 * @self: a #PdAction
 *
 * Returns: (transfer none) (element-type utf8 utf8): the declared configuration
 */
GHashTable *
pd_action_get_configuration (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->configuration;
}

/**
 * pd_action_get_resolved_configuration:
 * @self: a #PdAction
 *
 * Returns: (transfer none) (element-type utf8 utf8): the configuration of the
 *   shown execution, variables resolved (empty until known)
 */
GHashTable *
pd_action_get_resolved_configuration (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->resolved_configuration;
}

/**
 * pd_action_get_output_variables:
 * @self: a #PdAction
 *
 * Returns: (transfer none) (element-type utf8 utf8): the variables the shown
 *   execution of the action produced
 */
GHashTable *
pd_action_get_output_variables (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->output_variables;
}

/**
 * pd_action_get_input_artifacts:
 * @self: a #PdAction
 *
 * Returns: (transfer none) (array zero-terminated=1): input artifact names
 */
const char * const *
pd_action_get_input_artifacts (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return (const char * const *) self->input_artifacts;
}

/**
 * pd_action_get_output_artifacts:
 * @self: a #PdAction
 *
 * Returns: (transfer none) (array zero-terminated=1): output artifact names
 */
const char * const *
pd_action_get_output_artifacts (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return (const char * const *) self->output_artifacts;
}

/**
 * pd_action_get_status:
 * @self: a #PdAction
 *
 * Returns: the status in the shown execution; unknown when it did not run
 */
PdAwsActionStatus
pd_action_get_status (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), PD_AWS_ACTION_STATUS_UNKNOWN);
  return self->status;
}

/**
 * pd_action_get_status_text:
 * @self: a #PdAction
 *
 * Returns: (nullable): the status as AWS sent it, also when unknown here
 */
const char *
pd_action_get_status_text (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_STATUS_TEXT];
}

/**
 * pd_action_get_summary:
 * @self: a #PdAction
 *
 * Returns: (nullable): the summary of the shown execution
 */
const char *
pd_action_get_summary (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_SUMMARY];
}

/**
 * pd_action_get_started:
 * @self: a #PdAction
 *
 * Returns: (transfer none) (nullable): when the shown execution started
 */
GDateTime *
pd_action_get_started (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->started;
}

/**
 * pd_action_get_last_change:
 * @self: a #PdAction
 *
 * Returns: (transfer none) (nullable): when the status last changed
 */
GDateTime *
pd_action_get_last_change (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->last_change;
}

/**
 * pd_action_get_duration:
 * @self: a #PdAction
 *
 * The duration of a finished action, from start to its last status change.
 * A running action has no fixed duration: views count from
 * pd_action_get_started().
 *
 * Returns: seconds, or -1 when unknown or still running
 */
gint64
pd_action_get_duration (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), -1);

  if (self->started == NULL || self->last_change == NULL ||
      self->status == PD_AWS_ACTION_STATUS_IN_PROGRESS)
    return -1;
  return MAX (0, g_date_time_difference (self->last_change, self->started) / G_USEC_PER_SEC);
}

/**
 * pd_action_get_percent_complete:
 * @self: a #PdAction
 *
 * Returns: 0-100, or -1 when the action does not report progress
 */
int
pd_action_get_percent_complete (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), -1);
  return self->percent_complete;
}

/**
 * pd_action_get_error_code:
 * @self: a #PdAction
 *
 * Returns: (nullable): the error code of a failure
 */
const char *
pd_action_get_error_code (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_ERROR_CODE];
}

/**
 * pd_action_get_error_message:
 * @self: a #PdAction
 *
 * Returns: (nullable): the error message of a failure
 */
const char *
pd_action_get_error_message (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_ERROR_MESSAGE];
}

/**
 * pd_action_get_approval_token:
 * @self: a #PdAction
 *
 * Returns: (nullable): the token of a waiting manual approval
 */
const char *
pd_action_get_approval_token (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_APPROVAL_TOKEN];
}

/**
 * pd_action_get_waiting_for_approval:
 * @self: a #PdAction
 *
 * Returns: whether the action is a manual approval that waits for an answer
 */
gboolean
pd_action_get_waiting_for_approval (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), FALSE);
  return self->status == PD_AWS_ACTION_STATUS_IN_PROGRESS &&
         self->strings[PROP_APPROVAL_TOKEN] != NULL;
}

/**
 * pd_action_get_action_execution_id:
 * @self: a #PdAction
 *
 * Returns: (nullable): the ID of the shown action execution
 */
const char *
pd_action_get_action_execution_id (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_ACTION_EXECUTION_ID];
}

/**
 * pd_action_get_execution_id:
 * @self: a #PdAction
 *
 * Returns: (nullable): the pipeline execution the shown state belongs to
 */
const char *
pd_action_get_execution_id (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_EXECUTION_ID];
}

/**
 * pd_action_get_external_execution_id:
 * @self: a #PdAction
 *
 * Returns: (nullable): the external execution, e.g. the CodeBuild build ID
 */
const char *
pd_action_get_external_execution_id (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_EXTERNAL_EXECUTION_ID];
}

/**
 * pd_action_get_external_execution_url:
 * @self: a #PdAction
 *
 * Returns: (nullable): a link to the external execution
 */
const char *
pd_action_get_external_execution_url (PdAction *self)
{
  g_return_val_if_fail (PD_IS_ACTION (self), NULL);
  return self->strings[PROP_EXTERNAL_EXECUTION_URL];
}
