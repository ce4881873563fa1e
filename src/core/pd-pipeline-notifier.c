/* pd-pipeline-notifier.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-pipeline-notifier.h"

/* What a pipeline looked like at its last refresh, to spot transitions. */
typedef struct
{
  PdAwsExecutionStatus  last_finished;
  /* What was told already, so that repeated looks at the same execution
   * stay quiet: execution IDs, and "execution/stage/action" of an approval */
  char                 *failed_id;
  char                 *recovered_id;
  char                 *approval_key;
  gboolean              approval_told;
} Snapshot;

struct _PdPipelineNotifier
{
  GObject         parent_instance;

  /* Owned references */
  PdPipelineList *list;
  GHashTable     *snapshots;
  GHashTable     *connected;

  /* State */
  gulong          items_changed_handler;
};

G_DEFINE_FINAL_TYPE (PdPipelineNotifier, pd_pipeline_notifier, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PdNotificationKind, pd_notification_kind,
                    G_DEFINE_ENUM_VALUE (PD_NOTIFICATION_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (PD_NOTIFICATION_RECOVERED, "recovered"),
                    G_DEFINE_ENUM_VALUE (PD_NOTIFICATION_APPROVAL, "approval"))

enum {
  PROP_0,
  PROP_LIST,
  N_PROPS
};

enum {
  NOTIFICATION,
  NOTIFICATION_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_free (snapshot->failed_id);
  g_free (snapshot->recovered_id);
  g_free (snapshot->approval_key);
  g_free (snapshot);
}

static gboolean
is_finished (PdAwsExecutionStatus status)
{
  switch (status)
    {
    case PD_AWS_EXECUTION_STATUS_SUCCEEDED:
    case PD_AWS_EXECUTION_STATUS_FAILED:
    case PD_AWS_EXECUTION_STATUS_STOPPED:
    case PD_AWS_EXECUTION_STATUS_CANCELLED:
      return TRUE;
    case PD_AWS_EXECUTION_STATUS_UNKNOWN:
    case PD_AWS_EXECUTION_STATUS_IN_PROGRESS:
    case PD_AWS_EXECUTION_STATUS_STOPPING:
    case PD_AWS_EXECUTION_STATUS_SUPERSEDED:
    case PD_AWS_EXECUTION_STATUS_SKIPPED:
    default:
      return FALSE;
    }
}

static void
emit (PdPipelineNotifier *self,
      PdPipeline         *pipeline,
      PdNotificationKind  kind,
      const char         *stage,
      const char         *action)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  const char *name = pd_pipeline_get_name (pipeline);

  switch (kind)
    {
    case PD_NOTIFICATION_FAILED:
      title = g_strdup_printf (_("%s failed"), name);
      body = g_strdup (_("The latest execution failed."));
      break;
    case PD_NOTIFICATION_RECOVERED:
      title = g_strdup_printf (_("%s succeeded again"), name);
      body = g_strdup (_("The latest execution succeeded after a failure."));
      break;
    case PD_NOTIFICATION_APPROVAL:
    default:
      title = g_strdup_printf (_("%s waits for approval"), name);
      body = action != NULL
        ? g_strdup_printf (_("“%s” in stage “%s” waits for a manual approval."), action, stage)
        : g_strdup (_("An execution waits for a manual approval."));
      break;
    }
  g_signal_emit (self, signals[NOTIFICATION], 0, pipeline, kind, title, body, stage, action);
}

static gboolean
is_new (char       **told,
        const char  *value)
{
  if (value == NULL || g_strcmp0 (*told, value) == 0)
    return FALSE;
  g_free (*told);
  *told = g_strdup (value);
  return TRUE;
}

static void
on_pipeline_refreshed_cb (PdPipeline         *pipeline,
                          PdPipelineNotifier *self)
{
  const char *name = pd_pipeline_get_name (pipeline);
  const char *execution_id = pd_pipeline_get_latest_execution_id (pipeline);
  PdAwsExecutionStatus status = pd_pipeline_get_latest_status (pipeline);
  gboolean waiting = pd_pipeline_get_waiting_for_approval (pipeline);
  Snapshot *previous = g_hash_table_lookup (self->snapshots, name);
  Snapshot *snapshot;
  g_autofree char *stage = NULL;
  g_autofree char *action = NULL;
  g_autofree char *approval_key = NULL;
  gboolean tell;

  if (!pd_pipeline_get_has_status (pipeline))
    return;

  /* Until the state says which approval waits, there is nothing to tell */
  if (waiting)
    {
      pd_pipeline_find_waiting_approval (pipeline, &stage, &action);
      approval_key = g_strdup_printf ("%s/%s/%s", execution_id != NULL ? execution_id : "",
                                      stage != NULL ? stage : "", action != NULL ? action : "");
    }

  snapshot = g_new0 (Snapshot, 1);
  snapshot->last_finished = is_finished (status) ? status
                          : previous != NULL ? previous->last_finished
                          : PD_AWS_EXECUTION_STATUS_UNKNOWN;
  if (previous != NULL)
    {
      snapshot->failed_id = g_steal_pointer (&previous->failed_id);
      snapshot->recovered_id = g_steal_pointer (&previous->recovered_id);
      snapshot->approval_key = g_steal_pointer (&previous->approval_key);
      snapshot->approval_told = previous->approval_told;
    }

  /* The first look at a pipeline, and any look while it is not watched,
   * only records what later looks compare to. */
  tell = previous != NULL && pd_pipeline_get_watched (pipeline);

  /* A retried execution that fails again is news again */
  if (status == PD_AWS_EXECUTION_STATUS_IN_PROGRESS &&
      g_strcmp0 (snapshot->failed_id, execution_id) == 0)
    g_clear_pointer (&snapshot->failed_id, g_free);

  if (status == PD_AWS_EXECUTION_STATUS_FAILED &&
      is_new (&snapshot->failed_id, execution_id) && tell)
    emit (self, pipeline, PD_NOTIFICATION_FAILED, NULL, NULL);
  else if (status == PD_AWS_EXECUTION_STATUS_SUCCEEDED &&
           is_new (&snapshot->recovered_id, execution_id) && tell &&
           previous->last_finished == PD_AWS_EXECUTION_STATUS_FAILED)
    emit (self, pipeline, PD_NOTIFICATION_RECOVERED, NULL, NULL);

  if (!waiting && snapshot->approval_key != NULL)
    {
      /* Answered, here or elsewhere: what was told is over */
      g_clear_pointer (&snapshot->approval_key, g_free);
      if (snapshot->approval_told)
        g_signal_emit (self, signals[NOTIFICATION_ENDED], 0, pipeline, PD_NOTIFICATION_APPROVAL);
      snapshot->approval_told = FALSE;
    }
  else if (waiting && action != NULL && is_new (&snapshot->approval_key, approval_key))
    {
      snapshot->approval_told = tell;
      if (tell)
        emit (self, pipeline, PD_NOTIFICATION_APPROVAL, stage, action);
    }

  g_hash_table_replace (self->snapshots, g_strdup (name), snapshot);
}

static void
connect_items (PdPipelineNotifier *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdPipeline) pipeline = g_list_model_get_item (G_LIST_MODEL (self->list), i);

      if (g_hash_table_contains (self->connected, pipeline))
        continue;
      g_signal_connect_object (pipeline, "refreshed", G_CALLBACK (on_pipeline_refreshed_cb),
                               self, 0);
      /* Weak: a pipeline that goes away leaves the set */
      g_hash_table_add (self->connected, pipeline);
      g_object_weak_ref (G_OBJECT (pipeline), (GWeakNotify) g_hash_table_remove, self->connected);
    }
}

static void
on_items_changed_cb (GListModel         *model,
                     guint               position,
                     guint               removed,
                     guint               added,
                     PdPipelineNotifier *self)
{
  if (added > 0)
    connect_items (self);
}

static void
pd_pipeline_notifier_dispose (GObject *object)
{
  PdPipelineNotifier *self = PD_PIPELINE_NOTIFIER (object);
  GHashTableIter iter;
  gpointer pipeline;

  g_hash_table_iter_init (&iter, self->connected);
  while (g_hash_table_iter_next (&iter, &pipeline, NULL))
    {
      g_object_weak_unref (pipeline, (GWeakNotify) g_hash_table_remove, self->connected);
      g_signal_handlers_disconnect_matched (pipeline, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      g_hash_table_iter_remove (&iter);
    }
  if (self->list != NULL)
    g_clear_signal_handler (&self->items_changed_handler, self->list);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (pd_pipeline_notifier_parent_class)->dispose (object);
}

static void
pd_pipeline_notifier_finalize (GObject *object)
{
  PdPipelineNotifier *self = PD_PIPELINE_NOTIFIER (object);

  g_clear_pointer (&self->snapshots, g_hash_table_unref);
  g_clear_pointer (&self->connected, g_hash_table_unref);

  G_OBJECT_CLASS (pd_pipeline_notifier_parent_class)->finalize (object);
}

static void
pd_pipeline_notifier_constructed (GObject *object)
{
  PdPipelineNotifier *self = PD_PIPELINE_NOTIFIER (object);

  G_OBJECT_CLASS (pd_pipeline_notifier_parent_class)->constructed (object);

  self->items_changed_handler = g_signal_connect (self->list, "items-changed",
                                                  G_CALLBACK (on_items_changed_cb), self);
  connect_items (self);
}

static void
pd_pipeline_notifier_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PdPipelineNotifier *self = PD_PIPELINE_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pipeline_notifier_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PdPipelineNotifier *self = PD_PIPELINE_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pipeline_notifier_class_init (PdPipelineNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pd_pipeline_notifier_constructed;
  object_class->dispose = pd_pipeline_notifier_dispose;
  object_class->finalize = pd_pipeline_notifier_finalize;
  object_class->get_property = pd_pipeline_notifier_get_property;
  object_class->set_property = pd_pipeline_notifier_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, PD_TYPE_PIPELINE_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdPipelineNotifier::notification:
   * @self: the notifier
   * @pipeline: the watched pipeline
   * @kind: why it deserves a notification
   * @title: the title to show
   * @body: the text to show
   * @stage_name: (nullable): for approvals, the stage of the approval
   * @action_name: (nullable): for approvals, the approval action
   *
   * Emitted when a watched pipeline fails, succeeds after a failure or
   * starts waiting for a manual approval.
   */
  signals[NOTIFICATION] =
    g_signal_new ("notification", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 6, PD_TYPE_PIPELINE, PD_TYPE_NOTIFICATION_KIND,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * PdPipelineNotifier::notification-ended:
   * @self: the notifier
   * @pipeline: the pipeline
   * @kind: the kind of notification whose state is over
   *
   * Emitted when what a notification told is over, such as an approval
   * that was answered, here or elsewhere: the notification can go.
   */
  signals[NOTIFICATION_ENDED] =
    g_signal_new ("notification-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, PD_TYPE_PIPELINE, PD_TYPE_NOTIFICATION_KIND);
}

static void
pd_pipeline_notifier_init (PdPipelineNotifier *self)
{
  self->snapshots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, snapshot_free);
  self->connected = g_hash_table_new (NULL, NULL);
}

/**
 * pd_pipeline_notifier_new:
 * @list: the pipeline list whose watched pipelines to follow
 *
 * Creates a notifier. It looks at each refresh of the pipelines of @list
 * and emits #PdPipelineNotifier::notification for watched ones.
 *
 * Returns: (transfer full): a new #PdPipelineNotifier
 */
PdPipelineNotifier *
pd_pipeline_notifier_new (PdPipelineList *list)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (list), NULL);

  return g_object_new (PD_TYPE_PIPELINE_NOTIFIER, "list", list, NULL);
}

/**
 * pd_pipeline_notifier_get_list:
 * @self: a #PdPipelineNotifier
 *
 * Returns: (transfer none): the list
 */
PdPipelineList *
pd_pipeline_notifier_get_list (PdPipelineNotifier *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_NOTIFIER (self), NULL);
  return self->list;
}
