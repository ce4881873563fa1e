/* pd-execution.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-execution.h"
#include "pd-pipeline-private.h"
#include "pd-util.h"

struct _PdExecution
{
  GObject               parent_instance;

  /* Owned references */
  char                 *id;
  char                 *status_text;
  char                 *trigger_type;
  char                 *trigger_detail;
  char                 *revision_id;
  char                 *revision_summary;
  char                 *revision_url;
  char                 *stop_reason;
  GDateTime            *start_time;
  GDateTime            *last_update_time;

  /* State */
  PdAwsExecutionStatus  status;
};

G_DEFINE_FINAL_TYPE (PdExecution, pd_execution, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATUS,
  PROP_STATUS_TEXT,
  PROP_TRIGGER_TYPE,
  PROP_TRIGGER_DETAIL,
  PROP_REVISION_ID,
  PROP_REVISION_SUMMARY,
  PROP_REVISION_URL,
  PROP_STOP_REASON,
  PROP_START_TIME,
  PROP_LAST_UPDATE_TIME,
  PROP_DURATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (PdExecution *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (pd_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
set_time (PdExecution  *self,
          GDateTime   **field,
          GDateTime    *value,
          guint         prop)
{
  if (*field == value || (*field != NULL && value != NULL && g_date_time_equal (*field, value)))
    return FALSE;
  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static void
pd_execution_finalize (GObject *object)
{
  PdExecution *self = PD_EXECUTION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->trigger_type, g_free);
  g_clear_pointer (&self->trigger_detail, g_free);
  g_clear_pointer (&self->revision_id, g_free);
  g_clear_pointer (&self->revision_summary, g_free);
  g_clear_pointer (&self->revision_url, g_free);
  g_clear_pointer (&self->stop_reason, g_free);
  g_clear_pointer (&self->start_time, g_date_time_unref);
  g_clear_pointer (&self->last_update_time, g_date_time_unref);

  G_OBJECT_CLASS (pd_execution_parent_class)->finalize (object);
}

static void
pd_execution_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PdExecution *self = PD_EXECUTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_TRIGGER_TYPE:
      g_value_set_string (value, self->trigger_type);
      break;
    case PROP_TRIGGER_DETAIL:
      g_value_set_string (value, self->trigger_detail);
      break;
    case PROP_REVISION_ID:
      g_value_set_string (value, self->revision_id);
      break;
    case PROP_REVISION_SUMMARY:
      g_value_set_string (value, self->revision_summary);
      break;
    case PROP_REVISION_URL:
      g_value_set_string (value, self->revision_url);
      break;
    case PROP_STOP_REASON:
      g_value_set_string (value, self->stop_reason);
      break;
    case PROP_START_TIME:
      g_value_set_boxed (value, self->start_time);
      break;
    case PROP_LAST_UPDATE_TIME:
      g_value_set_boxed (value, self->last_update_time);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, pd_execution_get_duration (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_execution_class_init (PdExecutionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pd_execution_finalize;
  object_class->get_property = pd_execution_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, PD_AWS_TYPE_EXECUTION_STATUS,
                       PD_AWS_EXECUTION_STATUS_UNKNOWN, flags);
  properties[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, flags);
  properties[PROP_TRIGGER_TYPE] = g_param_spec_string ("trigger-type", NULL, NULL, NULL, flags);
  properties[PROP_TRIGGER_DETAIL] = g_param_spec_string ("trigger-detail", NULL, NULL, NULL, flags);
  properties[PROP_REVISION_ID] = g_param_spec_string ("revision-id", NULL, NULL, NULL, flags);
  properties[PROP_REVISION_SUMMARY] =
    g_param_spec_string ("revision-summary", NULL, NULL, NULL, flags);
  properties[PROP_REVISION_URL] = g_param_spec_string ("revision-url", NULL, NULL, NULL, flags);
  properties[PROP_STOP_REASON] = g_param_spec_string ("stop-reason", NULL, NULL, NULL, flags);
  properties[PROP_START_TIME] =
    g_param_spec_boxed ("start-time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_LAST_UPDATE_TIME] =
    g_param_spec_boxed ("last-update-time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, -1, G_MAXINT64, -1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_execution_init (PdExecution *self)
{
}

PdExecution *
pd_execution_new (const PdAwsPipelineExecution *execution)
{
  PdExecution *self;

  g_return_val_if_fail (execution != NULL, NULL);

  self = g_object_new (PD_TYPE_EXECUTION, NULL);
  self->id = g_strdup (execution->pipeline_execution_id);
  pd_execution_update (self, execution);
  return self;
}

void
pd_execution_update (PdExecution                  *self,
                     const PdAwsPipelineExecution *execution)
{
  gboolean times_changed;

  g_return_if_fail (PD_IS_EXECUTION (self));
  g_return_if_fail (execution != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->status != execution->status)
    {
      self->status = execution->status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  set_string (self, &self->status_text, execution->status_raw, PROP_STATUS_TEXT);
  set_string (self, &self->trigger_type, execution->trigger_type, PROP_TRIGGER_TYPE);
  set_string (self, &self->trigger_detail, execution->trigger_detail, PROP_TRIGGER_DETAIL);
  set_string (self, &self->revision_id, execution->revision_id, PROP_REVISION_ID);
  set_string (self, &self->revision_summary, execution->revision_summary, PROP_REVISION_SUMMARY);
  set_string (self, &self->revision_url, execution->revision_url, PROP_REVISION_URL);
  set_string (self, &self->stop_reason, execution->stop_reason, PROP_STOP_REASON);
  times_changed = set_time (self, &self->start_time, execution->start_time, PROP_START_TIME);
  times_changed |= set_time (self, &self->last_update_time, execution->last_update_time,
                             PROP_LAST_UPDATE_TIME);
  if (times_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * pd_execution_get_id:
 * @self: a #PdExecution
 *
 * Returns: the execution ID
 */
const char *
pd_execution_get_id (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), NULL);
  return self->id;
}

/**
 * pd_execution_get_status:
 * @self: a #PdExecution
 *
 * Returns: the status
 */
PdAwsExecutionStatus
pd_execution_get_status (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), PD_AWS_EXECUTION_STATUS_UNKNOWN);
  return self->status;
}

/**
 * pd_execution_get_status_text:
 * @self: a #PdExecution
 *
 * Returns: (nullable): the status as AWS sent it, also when it is unknown here
 */
const char *
pd_execution_get_status_text (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), NULL);
  return self->status_text;
}

/**
 * pd_execution_get_trigger_type:
 * @self: a #PdExecution
 *
 * Returns: (nullable): what started the execution
 */
const char *
pd_execution_get_trigger_type (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), NULL);
  return self->trigger_type;
}

/**
 * pd_execution_get_trigger_detail:
 * @self: a #PdExecution
 *
 * Returns: (nullable): who or what started it
 */
const char *
pd_execution_get_trigger_detail (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), NULL);
  return self->trigger_detail;
}

/**
 * pd_execution_get_revision_id:
 * @self: a #PdExecution
 *
 * Returns: (nullable): the source revision (commit ID)
 */
const char *
pd_execution_get_revision_id (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), NULL);
  return self->revision_id;
}

/**
 * pd_execution_get_revision_summary:
 * @self: a #PdExecution
 *
 * Returns: (nullable): the source revision's summary (the commit message)
 */
const char *
pd_execution_get_revision_summary (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), NULL);
  return self->revision_summary;
}

/**
 * pd_execution_get_revision_url:
 * @self: a #PdExecution
 *
 * Returns: (nullable): a link to the source revision
 */
const char *
pd_execution_get_revision_url (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), NULL);
  return self->revision_url;
}

/**
 * pd_execution_get_stop_reason:
 * @self: a #PdExecution
 *
 * Returns: (nullable): why the execution was stopped
 */
const char *
pd_execution_get_stop_reason (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), NULL);
  return self->stop_reason;
}

/**
 * pd_execution_get_start_time:
 * @self: a #PdExecution
 *
 * Returns: (transfer none) (nullable): when it started
 */
GDateTime *
pd_execution_get_start_time (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), NULL);
  return self->start_time;
}

/**
 * pd_execution_get_last_update_time:
 * @self: a #PdExecution
 *
 * Returns: (transfer none) (nullable): when it last changed
 */
GDateTime *
pd_execution_get_last_update_time (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), NULL);
  return self->last_update_time;
}

/**
 * pd_execution_get_duration:
 * @self: a #PdExecution
 *
 * Returns: the seconds from start to the last update, or -1 when unknown
 */
gint64
pd_execution_get_duration (PdExecution *self)
{
  g_return_val_if_fail (PD_IS_EXECUTION (self), -1);

  if (self->start_time == NULL || self->last_update_time == NULL)
    return -1;
  return MAX (0, g_date_time_difference (self->last_update_time, self->start_time) / G_USEC_PER_SEC);
}
