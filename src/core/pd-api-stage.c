/* pd-api-stage.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-api.h"
#include "pd-api-stage.h"

/* A stage of a REST API: what it serves, how it logs and throttles, its
 * variables and its web ACL. A refresh or an edit replaces its data and
 * emits ::changed; the object stays, so views keep it. */
struct _PdApiStage
{
  GObject        parent_instance;

  /* Owned references */
  PdAwsApiStage *data;
  GListStore    *throttles;
  char          *invoke_url;

  /* State */
  guint64        changed_at;    /* pd_api_sequence_next() at the last new data */

  /* Borrowed references */
  PdApi         *api;           /* weak: the API owns its stages */
};

G_DEFINE_FINAL_TYPE (PdApiStage, pd_api_stage, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_invoke_url (PdApiStage *self)
{
  PdAwsClient *client = self->api != NULL ? pd_api_get_client (self->api) : NULL;
  const char *override = client != NULL ? pd_aws_client_get_endpoint_override (client) : NULL;
  const char *region = client != NULL ? pd_aws_client_get_region (client) : NULL;
  const char *id = self->api != NULL ? pd_api_get_id (self->api) : NULL;
  g_autofree char *stage = g_uri_escape_string (self->data->stage_name, NULL, FALSE);

  g_clear_pointer (&self->invoke_url, g_free);
  if (id == NULL)
    return;
  /* A local endpoint serves every API under its own address, as local AWS
   * emulators do; AWS gives each API a host of its own. */
  if (override != NULL)
    self->invoke_url = g_strdup_printf ("%s%srestapis/%s/%s/_user_request_", override,
                                        g_str_has_suffix (override, "/") ? "" : "/", id, stage);
  else if (region != NULL)
    self->invoke_url = g_strdup_printf ("https://%s.execute-api.%s.amazonaws.com/%s", id, region,
                                        stage);
}

static void
update_throttles (PdApiStage *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->data->method_settings->len; i++)
    g_ptr_array_add (items, pd_api_throttle_new (g_ptr_array_index (self->data->method_settings,
                                                                    i)));
  g_list_store_splice (self->throttles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->throttles)),
                       items->pdata, items->len);
}

static void
pd_api_stage_dispose (GObject *object)
{
  PdApiStage *self = PD_API_STAGE (object);

  if (self->api != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->api), (gpointer *) &self->api);
  self->api = NULL;

  G_OBJECT_CLASS (pd_api_stage_parent_class)->dispose (object);
}

static void
pd_api_stage_finalize (GObject *object)
{
  PdApiStage *self = PD_API_STAGE (object);

  g_clear_pointer (&self->data, pd_aws_api_stage_free);
  g_clear_object (&self->throttles);
  g_free (self->invoke_url);

  G_OBJECT_CLASS (pd_api_stage_parent_class)->finalize (object);
}

static void
pd_api_stage_class_init (PdApiStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_api_stage_dispose;
  object_class->finalize = pd_api_stage_finalize;

  /**
   * PdApiStage::changed:
   *
   * Emitted when the stage's data was replaced.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_api_stage_init (PdApiStage *self)
{
  self->throttles = g_list_store_new (PD_TYPE_API_THROTTLE);
}

/**
 * pd_api_stage_new:
 * @api: (nullable): the API it belongs to
 * @data: (transfer full): the stage as read
 *
 * Returns: (transfer full): a new #PdApiStage
 */
PdApiStage *
pd_api_stage_new (PdApi         *api,
                  PdAwsApiStage *data)
{
  PdApiStage *self;

  g_return_val_if_fail (api == NULL || PD_IS_API (api), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (PD_TYPE_API_STAGE, NULL);
  self->api = api;
  if (api != NULL)
    g_object_add_weak_pointer (G_OBJECT (api), (gpointer *) &self->api);
  self->data = data;
  update_throttles (self);
  update_invoke_url (self);
  return self;
}

/**
 * pd_api_stage_get_api:
 * @self: a #PdApiStage
 *
 * Returns: (transfer none) (nullable): its API
 */
PdApi *
pd_api_stage_get_api (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->api;
}

/**
 * pd_api_stage_get_data:
 * @self: a #PdApiStage
 *
 * Returns: (transfer none): the stage as last read
 */
const PdAwsApiStage *
pd_api_stage_get_data (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data;
}

/**
 * pd_api_stage_set_data:
 * @self: a #PdApiStage
 * @data: (transfer full): the stage as read again
 *
 * Replaces the stage's data and emits #PdApiStage::changed.
 */
void
pd_api_stage_set_data (PdApiStage    *self,
                       PdAwsApiStage *data)
{
  g_return_if_fail (PD_IS_API_STAGE (self));
  g_return_if_fail (data != NULL);

  pd_aws_api_stage_free (self->data);
  self->data = data;
  self->changed_at = pd_api_sequence_next ();
  update_throttles (self);
  update_invoke_url (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * pd_api_sequence_next:
 *
 * Returns: a number greater than every one returned before: it orders a
 *   refresh's start and a stage's changes, which a clock cannot always
 */
guint64
pd_api_sequence_next (void)
{
  static guint64 sequence;

  return ++sequence;
}

/**
 * pd_api_stage_get_changed_at:
 * @self: a #PdApiStage
 *
 * Returns: the pd_api_sequence_next() number of its last new data, 0 if
 *   never replaced
 */
guint64
pd_api_stage_get_changed_at (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), 0);
  return self->changed_at;
}

static const PdAwsApiMethodSetting *
stage_setting (PdApiStage *self)
{
  return pd_aws_api_stage_find_setting (self->data, "*/*");
}

const char *
pd_api_stage_get_name (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->stage_name;
}

/**
 * pd_api_stage_get_description:
 * @self: a #PdApiStage
 *
 * Returns: (nullable): its description
 */
const char *
pd_api_stage_get_description (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->description;
}

/**
 * pd_api_stage_get_deployment_id:
 * @self: a #PdApiStage
 *
 * Returns: (nullable): the deployment it serves
 */
const char *
pd_api_stage_get_deployment_id (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->deployment_id;
}

/**
 * pd_api_stage_get_deployed:
 * @self: a #PdApiStage
 *
 * Returns: (transfer none) (nullable): when the deployment it serves was
 *   made
 */
GDateTime *
pd_api_stage_get_deployed (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->api != NULL ? pd_api_get_deployment_created (self->api, self->data->deployment_id)
                           : NULL;
}

/**
 * pd_api_stage_get_created:
 * @self: a #PdApiStage
 *
 * Returns: (transfer none) (nullable): when it was created
 */
GDateTime *
pd_api_stage_get_created (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->created_date;
}

/**
 * pd_api_stage_get_last_updated:
 * @self: a #PdApiStage
 *
 * Returns: (transfer none) (nullable): when it last changed, by a
 *   deployment or a setting
 */
GDateTime *
pd_api_stage_get_last_updated (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->last_updated_date;
}

gboolean
pd_api_stage_get_cache_cluster_enabled (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), FALSE);
  return self->data->cache_cluster_enabled;
}

/**
 * pd_api_stage_get_cache_cluster_size:
 * @self: a #PdApiStage
 *
 * Returns: (nullable): the cache's size in GB
 */
const char *
pd_api_stage_get_cache_cluster_size (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->cache_cluster_size;
}

/**
 * pd_api_stage_get_cache_cluster_status:
 * @self: a #PdApiStage
 *
 * Returns: (nullable): the cache's status as AWS says it
 */
const char *
pd_api_stage_get_cache_cluster_status (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->cache_cluster_status;
}

gboolean
pd_api_stage_get_tracing (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), FALSE);
  return self->data->tracing_enabled;
}

/**
 * pd_api_stage_get_logging_level:
 * @self: a #PdApiStage
 *
 * Returns: the stage-wide logging level: `OFF`, `ERROR`, `INFO`, or what
 *   AWS sent (`OFF` when the stage has no settings)
 */
const char *
pd_api_stage_get_logging_level (PdApiStage *self)
{
  const PdAwsApiMethodSetting *setting;

  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);

  setting = stage_setting (self);
  return setting != NULL && setting->logging_level_raw != NULL ? setting->logging_level_raw
                                                               : "OFF";
}

gboolean
pd_api_stage_get_metrics (PdApiStage *self)
{
  const PdAwsApiMethodSetting *setting;

  g_return_val_if_fail (PD_IS_API_STAGE (self), FALSE);

  setting = stage_setting (self);
  return setting != NULL && setting->metrics_enabled;
}

gboolean
pd_api_stage_get_data_trace (PdApiStage *self)
{
  const PdAwsApiMethodSetting *setting;

  g_return_val_if_fail (PD_IS_API_STAGE (self), FALSE);

  setting = stage_setting (self);
  return setting != NULL && setting->data_trace_enabled;
}

/**
 * pd_api_stage_get_access_log_destination:
 * @self: a #PdApiStage
 *
 * Returns: (nullable): the ARN access logs go to
 */
const char *
pd_api_stage_get_access_log_destination (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->access_log_destination_arn;
}

/**
 * pd_api_stage_get_access_log_format:
 * @self: a #PdApiStage
 *
 * Returns: (nullable): the access-log format
 */
const char *
pd_api_stage_get_access_log_format (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->access_log_format;
}

gboolean
pd_api_stage_get_has_canary (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), FALSE);
  return self->data->has_canary;
}

double
pd_api_stage_get_canary_percent (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), 0);
  return self->data->canary_percent_traffic;
}

/**
 * pd_api_stage_get_canary_deployment_id:
 * @self: a #PdApiStage
 *
 * Returns: (nullable): the canary's deployment
 */
const char *
pd_api_stage_get_canary_deployment_id (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->canary_deployment_id;
}

/**
 * pd_api_stage_get_invoke_url:
 * @self: a #PdApiStage
 *
 * Returns: (nullable): where the stage answers: its execute-api URL, or
 *   the same place on a local endpoint
 */
const char *
pd_api_stage_get_invoke_url (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->invoke_url;
}

/**
 * pd_api_stage_get_web_acl_arn:
 * @self: a #PdApiStage
 *
 * Returns: (nullable): the WAF web ACL associated with the stage
 */
const char *
pd_api_stage_get_web_acl_arn (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return self->data->web_acl_arn;
}

/**
 * pd_api_web_acl_name_from_arn:
 * @arn: (nullable): a web ACL's ARN
 *   (`arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID`)
 *
 * Returns: (transfer full) (nullable): the web ACL's name in @arn
 */
char *
pd_api_web_acl_name_from_arn (const char *arn)
{
  const char *start, *end;

  if (arn == NULL || !g_str_has_prefix (arn, "arn:") || (start = strstr (arn, "/webacl/")) == NULL)
    return NULL;
  start += strlen ("/webacl/");
  end = strchr (start, '/');
  if (end == NULL || end == start)
    return NULL;
  return g_strndup (start, end - start);
}

/**
 * pd_api_stage_dup_web_acl_name:
 * @self: a #PdApiStage
 *
 * Returns: (transfer full) (nullable): the name of its web ACL, read from
 *   the ACL's ARN
 */
char *
pd_api_stage_dup_web_acl_name (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return pd_api_web_acl_name_from_arn (self->data->web_acl_arn);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * pd_api_stage_dup_variable_names:
 * @self: a #PdApiStage
 *
 * Returns: (transfer full): the names of its stage variables, sorted
 */
GStrv
pd_api_stage_dup_variable_names (PdApiStage *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);

  g_hash_table_iter_init (&iter, self->data->variables);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_steal (names, NULL);
}

/**
 * pd_api_stage_get_variable:
 * @self: a #PdApiStage
 * @name: a stage variable
 *
 * Returns: (nullable): its value
 */
const char *
pd_api_stage_get_variable (PdApiStage *self,
                           const char *name)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (self->data->variables, name);
}

/**
 * pd_api_stage_get_throttles:
 * @self: a #PdApiStage
 *
 * Returns: (transfer none): its #PdApiThrottle list: the stage-wide one
 *   first, then the method overrides by path
 */
GListModel *
pd_api_stage_get_throttles (PdApiStage *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);
  return G_LIST_MODEL (self->throttles);
}

/**
 * pd_api_stage_find_throttle:
 * @self: a #PdApiStage
 * @resource_path: (nullable): a resource, or %NULL for the stage
 * @http_method: (nullable): its method, or %NULL for the stage
 *
 * Returns: (transfer none) (nullable): the stage-wide throttle or the
 *   method's override
 */
PdApiThrottle *
pd_api_stage_find_throttle (PdApiStage *self,
                            const char *resource_path,
                            const char *http_method)
{
  guint n;

  g_return_val_if_fail (PD_IS_API_STAGE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->throttles));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdApiThrottle) throttle = g_list_model_get_item (G_LIST_MODEL (self->throttles),
                                                                 i);

      if (g_strcmp0 (pd_api_throttle_get_resource_path (throttle), resource_path) == 0 &&
          g_strcmp0 (pd_api_throttle_get_http_method (throttle), http_method) == 0)
        return throttle;
    }
  return NULL;
}
