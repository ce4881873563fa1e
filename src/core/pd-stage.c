/* pd-stage.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-pipeline-private.h"
#include "pd-stage.h"
#include "pd-util.h"

struct _PdStage
{
  GObject               parent_instance;

  /* Owned references */
  char                 *name;
  char                 *status_text;
  char                 *execution_id;
  char                 *disabled_reason;
  char                 *changed_by;
  char                 *waiting_execution_id;
  GDateTime            *changed_at;
  GListStore           *actions;

  /* State */
  guint                 index;
  PdAwsExecutionStatus  status;
  gboolean              has_inbound_transition;
  gboolean              inbound_enabled;
};

G_DEFINE_FINAL_TYPE (PdStage, pd_stage, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_INDEX,
  PROP_STATUS,
  PROP_STATUS_TEXT,
  PROP_EXECUTION_ID,
  PROP_HAS_INBOUND_TRANSITION,
  PROP_INBOUND_ENABLED,
  PROP_INBOUND_DISABLED_REASON,
  PROP_INBOUND_CHANGED_BY,
  PROP_INBOUND_CHANGED_AT,
  PROP_WAITING_EXECUTION_ID,
  PROP_ACTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (PdStage    *self,
            char      **field,
            const char *value,
            guint       prop)
{
  if (pd_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_boolean (PdStage  *self,
             gboolean *field,
             gboolean  value,
             guint     prop)
{
  if (*field != !!value)
    {
      *field = !!value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

static void
pd_stage_finalize (GObject *object)
{
  PdStage *self = PD_STAGE (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->execution_id, g_free);
  g_clear_pointer (&self->disabled_reason, g_free);
  g_clear_pointer (&self->changed_by, g_free);
  g_clear_pointer (&self->waiting_execution_id, g_free);
  g_clear_pointer (&self->changed_at, g_date_time_unref);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (pd_stage_parent_class)->finalize (object);
}

static void
pd_stage_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PdStage *self = PD_STAGE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_EXECUTION_ID:
      g_value_set_string (value, self->execution_id);
      break;
    case PROP_HAS_INBOUND_TRANSITION:
      g_value_set_boolean (value, self->has_inbound_transition);
      break;
    case PROP_INBOUND_ENABLED:
      g_value_set_boolean (value, self->inbound_enabled);
      break;
    case PROP_INBOUND_DISABLED_REASON:
      g_value_set_string (value, self->disabled_reason);
      break;
    case PROP_INBOUND_CHANGED_BY:
      g_value_set_string (value, self->changed_by);
      break;
    case PROP_INBOUND_CHANGED_AT:
      g_value_set_boxed (value, self->changed_at);
      break;
    case PROP_WAITING_EXECUTION_ID:
      g_value_set_string (value, self->waiting_execution_id);
      break;
    case PROP_ACTIONS:
      g_value_set_object (value, self->actions);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_stage_class_init (PdStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pd_stage_finalize;
  object_class->get_property = pd_stage_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, PD_AWS_TYPE_EXECUTION_STATUS,
                       PD_AWS_EXECUTION_STATUS_UNKNOWN, flags);
  properties[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, flags);
  properties[PROP_EXECUTION_ID] = g_param_spec_string ("execution-id", NULL, NULL, NULL, flags);
  properties[PROP_HAS_INBOUND_TRANSITION] =
    g_param_spec_boolean ("has-inbound-transition", NULL, NULL, FALSE, flags);
  properties[PROP_INBOUND_ENABLED] =
    g_param_spec_boolean ("inbound-enabled", NULL, NULL, TRUE, flags);
  properties[PROP_INBOUND_DISABLED_REASON] =
    g_param_spec_string ("inbound-disabled-reason", NULL, NULL, NULL, flags);
  properties[PROP_INBOUND_CHANGED_BY] =
    g_param_spec_string ("inbound-changed-by", NULL, NULL, NULL, flags);
  properties[PROP_INBOUND_CHANGED_AT] =
    g_param_spec_boxed ("inbound-changed-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_WAITING_EXECUTION_ID] =
    g_param_spec_string ("waiting-execution-id", NULL, NULL, NULL, flags);
  properties[PROP_ACTIONS] =
    g_param_spec_object ("actions", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_stage_init (PdStage *self)
{
  self->inbound_enabled = TRUE;
  self->actions = g_list_store_new (PD_TYPE_ACTION);
}

PdStage *
pd_stage_new (guint                        index,
              const PdAwsStageDeclaration *declaration)
{
  PdStage *self;

  g_return_val_if_fail (declaration != NULL, NULL);

  self = g_object_new (PD_TYPE_STAGE, NULL);
  self->index = index;
  self->name = g_strdup (declaration->name);
  self->has_inbound_transition = index > 0;
  for (guint i = 0; i < declaration->actions->len; i++)
    {
      g_autoptr(PdAction) action = pd_action_new (self->name,
                                                  g_ptr_array_index (declaration->actions, i));

      g_list_store_append (self->actions, action);
    }
  return self;
}

void
pd_stage_set_status (PdStage              *self,
                     PdAwsExecutionStatus  status,
                     const char           *status_text,
                     const char           *execution_id)
{
  g_return_if_fail (PD_IS_STAGE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  set_string (self, &self->status_text, status_text, PROP_STATUS_TEXT);
  set_string (self, &self->execution_id, execution_id, PROP_EXECUTION_ID);
  g_object_thaw_notify (G_OBJECT (self));
}

void
pd_stage_apply_state (PdStage               *self,
                      const PdAwsStageState *state,
                      gboolean               with_status)
{
  g_return_if_fail (PD_IS_STAGE (self));
  g_return_if_fail (state != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->has_inbound_transition,
               state->has_inbound_transition || self->index > 0, PROP_HAS_INBOUND_TRANSITION);
  set_boolean (self, &self->inbound_enabled, state->inbound_enabled, PROP_INBOUND_ENABLED);
  set_string (self, &self->disabled_reason, state->inbound_enabled ? NULL : state->disabled_reason,
              PROP_INBOUND_DISABLED_REASON);
  set_string (self, &self->changed_by, state->last_changed_by, PROP_INBOUND_CHANGED_BY);
  if (!(self->changed_at == state->last_changed_at ||
        (self->changed_at != NULL && state->last_changed_at != NULL &&
         g_date_time_equal (self->changed_at, state->last_changed_at))))
    {
      g_clear_pointer (&self->changed_at, g_date_time_unref);
      self->changed_at = state->last_changed_at != NULL
        ? g_date_time_ref (state->last_changed_at) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INBOUND_CHANGED_AT]);
    }
  set_string (self, &self->waiting_execution_id, state->inbound_execution_id,
              PROP_WAITING_EXECUTION_ID);

  if (with_status)
    {
      pd_stage_set_status (self, state->latest_status, state->latest_status_raw,
                           state->latest_execution_id);
      for (guint i = 0; i < state->actions->len; i++)
        {
          const PdAwsActionState *action_state = g_ptr_array_index (state->actions, i);
          PdAction *action = pd_stage_find_action (self, action_state->action_name);

          if (action != NULL)
            pd_action_apply_state (action, state->latest_execution_id, action_state->latest);
        }
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * pd_stage_get_name:
 * @self: a #PdStage
 *
 * Returns: the stage name
 */
const char *
pd_stage_get_name (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), NULL);
  return self->name;
}

/**
 * pd_stage_get_index:
 * @self: a #PdStage
 *
 * Returns: the position of the stage in the pipeline, from 0
 */
guint
pd_stage_get_index (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), 0);
  return self->index;
}

/**
 * pd_stage_get_status:
 * @self: a #PdStage
 *
 * Returns: the stage status in the shown execution
 */
PdAwsExecutionStatus
pd_stage_get_status (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), PD_AWS_EXECUTION_STATUS_UNKNOWN);
  return self->status;
}

/**
 * pd_stage_get_status_text:
 * @self: a #PdStage
 *
 * Returns: (nullable): the status as AWS sent it
 */
const char *
pd_stage_get_status_text (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), NULL);
  return self->status_text;
}

/**
 * pd_stage_get_execution_id:
 * @self: a #PdStage
 *
 * Returns: (nullable): the pipeline execution the stage status belongs to
 */
const char *
pd_stage_get_execution_id (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), NULL);
  return self->execution_id;
}

/**
 * pd_stage_get_has_inbound_transition:
 * @self: a #PdStage
 *
 * Returns: whether the stage has an inbound transition (all but the first)
 */
gboolean
pd_stage_get_has_inbound_transition (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), FALSE);
  return self->has_inbound_transition;
}

/**
 * pd_stage_get_inbound_enabled:
 * @self: a #PdStage
 *
 * Returns: whether executions may enter the stage
 */
gboolean
pd_stage_get_inbound_enabled (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), TRUE);
  return self->inbound_enabled;
}

/**
 * pd_stage_get_inbound_disabled_reason:
 * @self: a #PdStage
 *
 * Returns: (nullable): why the inbound transition is disabled
 */
const char *
pd_stage_get_inbound_disabled_reason (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), NULL);
  return self->disabled_reason;
}

/**
 * pd_stage_get_inbound_changed_by:
 * @self: a #PdStage
 *
 * Returns: (nullable): who last changed the inbound transition
 */
const char *
pd_stage_get_inbound_changed_by (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), NULL);
  return self->changed_by;
}

/**
 * pd_stage_get_inbound_changed_at:
 * @self: a #PdStage
 *
 * Returns: (transfer none) (nullable): when the inbound transition last changed
 */
GDateTime *
pd_stage_get_inbound_changed_at (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), NULL);
  return self->changed_at;
}

/**
 * pd_stage_get_waiting_execution_id:
 * @self: a #PdStage
 *
 * Returns: (nullable): an execution held at the inbound transition
 */
const char *
pd_stage_get_waiting_execution_id (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), NULL);
  return self->waiting_execution_id;
}

/**
 * pd_stage_get_actions:
 * @self: a #PdStage
 *
 * Returns: (transfer none): a #GListModel of #PdAction, in declared order
 */
GListModel *
pd_stage_get_actions (PdStage *self)
{
  g_return_val_if_fail (PD_IS_STAGE (self), NULL);
  return G_LIST_MODEL (self->actions);
}

/**
 * pd_stage_find_action:
 * @self: a #PdStage
 * @name: an action name
 *
 * Returns: (transfer none) (nullable): the action called @name
 */
PdAction *
pd_stage_find_action (PdStage    *self,
                      const char *name)
{
  guint n;

  g_return_val_if_fail (PD_IS_STAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->actions));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdAction) action = g_list_model_get_item (G_LIST_MODEL (self->actions), i);

      if (g_str_equal (pd_action_get_name (action), name))
        return action;
    }
  return NULL;
}
