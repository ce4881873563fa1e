/* pd-pipeline-list.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-pipeline-list.h"
#include "pd-pipeline-private.h"

struct _PdPipelineList
{
  GObject         parent_instance;

  /* Owned references */
  PdAwsClient    *client;
  GCancellable   *cancellable;
  GPtrArray      *items;
  GHashTable     *by_name;
  GStrv           favourites;
  GStrv           watched;
  GError         *error;
  GDateTime      *stale_since;

  /* State */
  PdPipelineSort  sort;
  guint           max_parallel;
  guint           loading;
  guint64         refresh_serial;
  guint           resort_id;

  /* Flags */
  guint           loaded : 1;
  guint           disposed : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdPipelineList, pd_pipeline_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_ENUM_TYPE (PdPipelineSort, pd_pipeline_sort,
                    G_DEFINE_ENUM_VALUE (PD_PIPELINE_SORT_NAME, "name"),
                    G_DEFINE_ENUM_VALUE (PD_PIPELINE_SORT_RECENT, "recent"),
                    G_DEFINE_ENUM_VALUE (PD_PIPELINE_SORT_FAILED_FIRST, "failed-first"))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SORT,
  PROP_MAX_PARALLEL,
  PROP_LOADING,
  PROP_LOADED,
  PROP_STALE,
  PROP_STALE_SINCE,
  PROP_ERROR_MESSAGE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel. */

static GType
list_get_item_type (GListModel *model)
{
  return PD_TYPE_PIPELINE;
}

static guint
list_get_n_items (GListModel *model)
{
  return PD_PIPELINE_LIST (model)->items->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  PdPipelineList *self = PD_PIPELINE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* Sorting. */

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  PdPipelineList *self = user_data;

  return pd_pipeline_compare (*(PdPipeline **) a, *(PdPipeline **) b, self->sort);
}

/* Sorts and tells views only about the range that moved. */
static void
resort (PdPipelineList *self)
{
  g_autoptr(GPtrArray) before = NULL;
  guint first = G_MAXUINT, last = 0;

  g_clear_handle_id (&self->resort_id, g_source_remove);
  if (self->disposed || self->items->len < 2)
    return;

  /* A copy keeps the free function of its source: this one must not */
  before = g_ptr_array_copy (self->items, NULL, NULL);
  g_ptr_array_set_free_func (before, NULL);
  g_ptr_array_sort_with_data (self->items, compare_items, self);
  for (guint i = 0; i < self->items->len; i++)
    if (g_ptr_array_index (before, i) != g_ptr_array_index (self->items, i))
      {
        first = MIN (first, i);
        last = i;
      }
  if (first != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1, last - first + 1);
}

static gboolean
on_resort_cb (gpointer user_data)
{
  PdPipelineList *self = user_data;

  self->resort_id = 0;
  resort (self);
  return G_SOURCE_REMOVE;
}

/* A list refresh changes a hundred statuses in a row: sort once after them */
static void
on_pipeline_changed_cb (PdPipeline     *pipeline,
                        GParamSpec     *pspec,
                        PdPipelineList *self)
{
  if (self->resort_id == 0 && !self->disposed)
    self->resort_id = g_idle_add (on_resort_cb, self);
}

static void
mark_stale (PdPipelineList *self,
            const GError   *error)
{
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  if (self->stale_since == NULL && self->loaded)
    {
      self->stale_since = g_date_time_new_now_utc ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE_SINCE]);
    }
}

static void
mark_fresh (PdPipelineList *self)
{
  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  if (self->stale_since != NULL)
    {
      g_clear_pointer (&self->stale_since, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE_SINCE]);
    }
}

static void
set_loading (PdPipelineList *self,
             gboolean        loading)
{
  gboolean was = self->loading > 0;

  if (loading)
    self->loading++;
  else if (self->loading > 0)
    self->loading--;
  if (was != (self->loading > 0) && !self->disposed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
forget_pipeline (PdPipelineList *self,
                 PdPipeline     *pipeline)
{
  g_signal_handlers_disconnect_matched (pipeline, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

/* Puts the names of ListPipelines in the list, keeping the objects of
 * pipelines it already had (and so their state). */
static void
apply_pipelines (PdPipelineList *self,
                 GPtrArray      *summaries)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         g_object_unref);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint old_n = self->items->len;

  for (guint i = 0; i < summaries->len; i++)
    {
      const PdAwsPipelineSummary *summary = g_ptr_array_index (summaries, i);
      PdPipeline *pipeline = g_hash_table_lookup (self->by_name, summary->name);

      if (g_hash_table_contains (by_name, summary->name))
        continue;
      if (pipeline != NULL)
        g_object_ref (pipeline);
      else
        {
          pipeline = pd_pipeline_new (self->client, summary->name);
          pd_pipeline_set_favourite (pipeline, self->favourites != NULL &&
                                     g_strv_contains ((const char * const *) self->favourites,
                                                      summary->name));
          pd_pipeline_set_watched (pipeline, self->watched != NULL &&
                                   g_strv_contains ((const char * const *) self->watched,
                                                    summary->name));
          g_signal_connect_object (pipeline, "notify::latest-time",
                                   G_CALLBACK (on_pipeline_changed_cb), self, 0);
          g_signal_connect_object (pipeline, "notify::latest-status",
                                   G_CALLBACK (on_pipeline_changed_cb), self, 0);
          g_signal_connect_object (pipeline, "notify::favourite",
                                   G_CALLBACK (on_pipeline_changed_cb), self, 0);
        }
      pd_pipeline_apply_summary (pipeline, summary);
      g_hash_table_insert (by_name, (gpointer) pd_pipeline_get_name (pipeline),
                           g_object_ref (pipeline));
      g_ptr_array_add (items, pipeline);
    }

  /* Pipelines deleted meanwhile go; their requests end with them */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->by_name);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (!g_hash_table_contains (by_name, pd_pipeline_get_name (value)))
        {
          forget_pipeline (self, value);
          g_object_run_dispose (value);
        }
  }

  g_ptr_array_sort_with_data (items, compare_items, self);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  self->by_name = g_steal_pointer (&by_name);

  /* A refresh that finds the same pipelines leaves views (and their
   * selection) alone */
  if (old_n == items->len)
    {
      gboolean same = TRUE;

      for (guint i = 0; i < old_n && same; i++)
        same = g_ptr_array_index (items, i) == g_ptr_array_index (self->items, i);
      if (same)
        return;
    }

  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&items);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);
  if (old_n != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Refresh. */

typedef struct
{
  GCancellable *cancellable;
  GPtrArray    *queue;
  guint         next;
  guint         in_flight;
  GError       *error;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->queue, g_ptr_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static void start_status_requests (GTask *task);

static void
refresh_done (GTask *task)
{
  PdPipelineList *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);

  set_loading (self, FALSE);
  if (data->error != NULL)
    {
      mark_stale (self, data->error);
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }
  if (!self->disposed)
    {
      mark_fresh (self);
      resort (self);
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_status_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RefreshData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pd_pipeline_refresh_summary_finish (PD_PIPELINE (object), result, &error))
    {
      if (data->error == NULL)
        data->error = error;
      else
        g_error_free (error);
    }
  data->in_flight--;

  if (data->next < data->queue->len && !g_cancellable_is_cancelled (data->cancellable))
    start_status_requests (task);
  else if (data->in_flight == 0)
    refresh_done (task);
}

/* Keeps up to max-parallel requests in flight: with a connection per
 * request, the whole list takes one round trip per max-parallel pipelines. */
static void
start_status_requests (GTask *task)
{
  PdPipelineList *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);

  while (data->next < data->queue->len && data->in_flight < MAX (self->max_parallel, 1))
    {
      PdPipeline *pipeline = g_ptr_array_index (data->queue, data->next++);

      data->in_flight++;
      pd_pipeline_refresh_summary_async (pipeline, data->cancellable, on_status_cb,
                                         g_object_ref (task));
    }
}

static void
on_list_pipelines_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) summaries = NULL;
  PdPipelineList *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  GError *error = NULL;

  summaries = pd_aws_codepipeline_list_pipelines_finish (PD_AWS_CLIENT (object), result, &error);
  if (summaries == NULL)
    {
      data->error = error;
      refresh_done (task);
      return;
    }
  if (g_cancellable_is_cancelled (data->cancellable) || self->disposed)
    {
      data->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      refresh_done (task);
      return;
    }

  apply_pipelines (self, summaries);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  data->queue = g_ptr_array_copy (self->items, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (data->queue, g_object_unref);
  if (data->queue->len == 0)
    {
      refresh_done (task);
      return;
    }
  start_status_requests (task);
}

/* GObject. */

static void
pd_pipeline_list_dispose (GObject *object)
{
  PdPipelineList *self = PD_PIPELINE_LIST (object);

  /* An account switch: every request of this account ends, and pipelines
   * a view still holds turn inert */
  self->disposed = TRUE;
  g_clear_handle_id (&self->resort_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < self->items->len; i++)
    {
      forget_pipeline (self, g_ptr_array_index (self->items, i));
      g_object_run_dispose (g_ptr_array_index (self->items, i));
    }
  g_hash_table_remove_all (self->by_name);

  G_OBJECT_CLASS (pd_pipeline_list_parent_class)->dispose (object);
}

static void
pd_pipeline_list_finalize (GObject *object)
{
  PdPipelineList *self = PD_PIPELINE_LIST (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->favourites, g_strfreev);
  g_clear_pointer (&self->watched, g_strfreev);
  g_clear_error (&self->error);
  g_clear_pointer (&self->stale_since, g_date_time_unref);

  G_OBJECT_CLASS (pd_pipeline_list_parent_class)->finalize (object);
}

static void
pd_pipeline_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdPipelineList *self = PD_PIPELINE_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_SORT:
      g_value_set_enum (value, self->sort);
      break;
    case PROP_MAX_PARALLEL:
      g_value_set_uint (value, self->max_parallel);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading > 0);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_STALE:
      g_value_set_boolean (value, self->stale_since != NULL);
      break;
    case PROP_STALE_SINCE:
      g_value_set_boxed (value, self->stale_since);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error != NULL ? self->error->message : NULL);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pipeline_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdPipelineList *self = PD_PIPELINE_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_SORT:
      pd_pipeline_list_set_sort (self, g_value_get_enum (value));
      break;
    case PROP_MAX_PARALLEL:
      pd_pipeline_list_set_max_parallel (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pipeline_list_class_init (PdPipelineListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pd_pipeline_list_dispose;
  object_class->finalize = pd_pipeline_list_finalize;
  object_class->get_property = pd_pipeline_list_get_property;
  object_class->set_property = pd_pipeline_list_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PD_AWS_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT] =
    g_param_spec_enum ("sort", NULL, NULL, PD_TYPE_PIPELINE_SORT, PD_PIPELINE_SORT_NAME, rw);
  properties[PROP_MAX_PARALLEL] =
    g_param_spec_uint ("max-parallel", NULL, NULL, 1, 1024, PD_PIPELINE_LIST_DEFAULT_PARALLEL, rw);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);
  properties[PROP_STALE] = g_param_spec_boolean ("stale", NULL, NULL, FALSE, ro);
  properties[PROP_STALE_SINCE] =
    g_param_spec_boxed ("stale-since", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_pipeline_list_init (PdPipelineList *self)
{
  self->cancellable = g_cancellable_new ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->max_parallel = PD_PIPELINE_LIST_DEFAULT_PARALLEL;
}

/* Public. */

/**
 * pd_pipeline_client_new_for_account:
 * @account: a #PdAccount
 *
 * Creates the client the pipeline models of @account share. It allows
 * #PD_PIPELINE_LIST_DEFAULT_PARALLEL connections per host, so that a whole
 * list's statuses arrive in one or two round trips.
 *
 * Returns: (transfer full) (nullable): a client, or %NULL when the account
 *   has no credentials yet
 */
PdAwsClient *
pd_pipeline_client_new_for_account (PdAccount *account)
{
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;

  g_return_val_if_fail (PD_IS_ACCOUNT (account), NULL);

  provider = pd_account_dup_provider (account);
  if (provider == NULL)
    return NULL;
  return g_object_new (PD_AWS_TYPE_CLIENT,
                       "credentials-provider", provider,
                       "region", pd_account_get_region (account),
                       "endpoint-override", pd_account_get_endpoint_url (account),
                       "max-connections-per-host", PD_PIPELINE_LIST_DEFAULT_PARALLEL,
                       NULL);
}

/**
 * pd_pipeline_list_new:
 * @client: the client of the account
 *
 * Creates the pipeline list of an account. Nothing is loaded until
 * pd_pipeline_list_refresh_async(). Requests in flight hold a reference:
 * to drop an account at once (an account switch), call
 * g_object_run_dispose() on the list, which cancels every request of the
 * list and of its pipelines and leaves pipelines a view still holds inert.
 *
 * Returns: (transfer full): a new #PdPipelineList
 */
PdPipelineList *
pd_pipeline_list_new (PdAwsClient *client)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (client), NULL);

  return g_object_new (PD_TYPE_PIPELINE_LIST, "client", client, NULL);
}

/**
 * pd_pipeline_list_get_client:
 * @self: a #PdPipelineList
 *
 * Returns: (transfer none): the client
 */
PdAwsClient *
pd_pipeline_list_get_client (PdPipelineList *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), NULL);
  return self->client;
}

/**
 * pd_pipeline_list_find:
 * @self: a #PdPipelineList
 * @name: a pipeline name
 *
 * Returns: (transfer none) (nullable): the pipeline called @name
 */
PdPipeline *
pd_pipeline_list_find (PdPipelineList *self,
                       const char     *name)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (self->by_name, name);
}

static int
attention_rank (PdPipeline *pipeline)
{
  if (pd_pipeline_get_waiting_for_approval (pipeline))
    return 0;
  if (pd_pipeline_get_latest_status (pipeline) == PD_AWS_EXECUTION_STATUS_FAILED)
    return 1;
  if (pd_pipeline_get_running (pipeline))
    return 2;
  return 3;
}

/**
 * pd_pipeline_list_find_needing_attention:
 * @self: a #PdPipelineList
 *
 * The pipeline to show first: one waiting for an approval, else one whose
 * latest run failed, else one running, else the most recently run; among
 * equals the most recent, then the first by name.
 *
 * Returns: (transfer none) (nullable): that pipeline, or %NULL when the
 *   list is empty
 */
PdPipeline *
pd_pipeline_list_find_needing_attention (PdPipelineList *self)
{
  PdPipeline *best = NULL;
  int best_rank = G_MAXINT;

  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      PdPipeline *pipeline = g_ptr_array_index (self->items, i);
      int rank = attention_rank (pipeline);
      GDateTime *time = pd_pipeline_get_latest_time (pipeline);
      GDateTime *best_time = best != NULL ? pd_pipeline_get_latest_time (best) : NULL;
      int order;

      if (best == NULL || rank < best_rank)
        {
          best = pipeline;
          best_rank = rank;
          continue;
        }
      if (rank > best_rank)
        continue;
      if (time != NULL && best_time != NULL)
        order = g_date_time_compare (time, best_time);
      else
        order = (best_time == NULL) - (time == NULL);
      if (order == 0)
        order = g_strcmp0 (pd_pipeline_get_name (pipeline), pd_pipeline_get_name (best)) < 0 ? 1 : 0;
      if (order > 0)
        best = pipeline;
    }
  return best;
}

/**
 * pd_pipeline_list_get_sort:
 * @self: a #PdPipelineList
 *
 * Returns: the order of the list
 */
PdPipelineSort
pd_pipeline_list_get_sort (PdPipelineList *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), PD_PIPELINE_SORT_NAME);
  return self->sort;
}

/**
 * pd_pipeline_list_set_sort:
 * @self: a #PdPipelineList
 * @sort: the order
 *
 * Orders the list; favourites stay on top.
 */
void
pd_pipeline_list_set_sort (PdPipelineList *self,
                           PdPipelineSort  sort)
{
  g_return_if_fail (PD_IS_PIPELINE_LIST (self));
  g_return_if_fail (sort <= PD_PIPELINE_SORT_FAILED_FIRST);

  if (self->sort == sort)
    return;
  self->sort = sort;
  resort (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

/**
 * pd_pipeline_list_get_favourites:
 * @self: a #PdPipelineList
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the names
 *   pinned on top
 */
const char * const *
pd_pipeline_list_get_favourites (PdPipelineList *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), NULL);
  return (const char * const *) self->favourites;
}

/**
 * pd_pipeline_list_set_favourites:
 * @self: a #PdPipelineList
 * @names: (nullable) (array zero-terminated=1): pipeline names to pin on top
 *
 * Sets the favourites, as kept in the settings.
 */
void
pd_pipeline_list_set_favourites (PdPipelineList     *self,
                                 const char * const *names)
{
  g_return_if_fail (PD_IS_PIPELINE_LIST (self));

  g_strfreev (self->favourites);
  self->favourites = g_strdupv ((char **) names);
  for (guint i = 0; i < self->items->len; i++)
    {
      PdPipeline *pipeline = g_ptr_array_index (self->items, i);

      pd_pipeline_set_favourite (pipeline, names != NULL &&
                                 g_strv_contains (names, pd_pipeline_get_name (pipeline)));
    }
  resort (self);
}

/**
 * pd_pipeline_list_get_watched:
 * @self: a #PdPipelineList
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the names
 *   of watched pipelines
 */
const char * const *
pd_pipeline_list_get_watched (PdPipelineList *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), NULL);
  return (const char * const *) self->watched;
}

/**
 * pd_pipeline_list_set_watched:
 * @self: a #PdPipelineList
 * @names: (nullable) (array zero-terminated=1): pipeline names to watch
 *
 * Sets the watched pipelines, as kept in the settings.
 */
void
pd_pipeline_list_set_watched (PdPipelineList     *self,
                              const char * const *names)
{
  g_return_if_fail (PD_IS_PIPELINE_LIST (self));

  g_strfreev (self->watched);
  self->watched = g_strdupv ((char **) names);
  for (guint i = 0; i < self->items->len; i++)
    {
      PdPipeline *pipeline = g_ptr_array_index (self->items, i);

      pd_pipeline_set_watched (pipeline, names != NULL &&
                               g_strv_contains (names, pd_pipeline_get_name (pipeline)));
    }
}

/**
 * pd_pipeline_list_get_max_parallel:
 * @self: a #PdPipelineList
 *
 * Returns: how many status requests may be in flight at once
 */
guint
pd_pipeline_list_get_max_parallel (PdPipelineList *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), 1);
  return self->max_parallel;
}

/**
 * pd_pipeline_list_set_max_parallel:
 * @self: a #PdPipelineList
 * @max_parallel: requests in flight at most (≥ 1)
 *
 * Bounds the parallelism of status requests.
 */
void
pd_pipeline_list_set_max_parallel (PdPipelineList *self,
                                   guint           max_parallel)
{
  g_return_if_fail (PD_IS_PIPELINE_LIST (self));

  max_parallel = MAX (max_parallel, 1);
  if (self->max_parallel != max_parallel)
    {
      self->max_parallel = max_parallel;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_PARALLEL]);
    }
}

/**
 * pd_pipeline_list_get_loading:
 * @self: a #PdPipelineList
 *
 * Returns: whether a refresh is in flight
 */
gboolean
pd_pipeline_list_get_loading (PdPipelineList *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), FALSE);
  return self->loading > 0;
}

/**
 * pd_pipeline_list_get_loaded:
 * @self: a #PdPipelineList
 *
 * Returns: whether the names have been listed once
 */
gboolean
pd_pipeline_list_get_loaded (PdPipelineList *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), FALSE);
  return self->loaded;
}

/**
 * pd_pipeline_list_get_stale:
 * @self: a #PdPipelineList
 *
 * Returns: whether the list shows the last known state because refreshes fail
 */
gboolean
pd_pipeline_list_get_stale (PdPipelineList *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), FALSE);
  return self->stale_since != NULL;
}

/**
 * pd_pipeline_list_get_stale_since:
 * @self: a #PdPipelineList
 *
 * Returns: (transfer none) (nullable): when refreshes started failing
 */
GDateTime *
pd_pipeline_list_get_stale_since (PdPipelineList *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), NULL);
  return self->stale_since;
}

/**
 * pd_pipeline_list_get_error:
 * @self: a #PdPipelineList
 *
 * Returns: (transfer none) (nullable): the error of the last failed refresh
 */
const GError *
pd_pipeline_list_get_error (PdPipelineList *self)
{
  g_return_val_if_fail (PD_IS_PIPELINE_LIST (self), NULL);
  return self->error;
}

/**
 * pd_pipeline_list_refresh_async:
 * @self: a #PdPipelineList
 * @cancellable: (nullable): a #GCancellable
 * @callback: (nullable): called when every row has its status, or on error
 * @user_data: data for @callback
 *
 * Lists the pipelines (all pages), then reads every pipeline's latest
 * execution with at most #PdPipelineList:max-parallel requests in flight.
 * Rows appear after the first round trip and fill in as statuses arrive.
 */
void
pd_pipeline_list_refresh_async (PdPipelineList      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

  g_return_if_fail (PD_IS_PIPELINE_LIST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_pipeline_list_refresh_async);
  data = g_new0 (RefreshData, 1);
  data->cancellable = pd_cancellable_new_chained (cancellable, self->cancellable);
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);
  set_loading (self, TRUE);

  pd_aws_codepipeline_list_pipelines_async (self->client, data->cancellable, on_list_pipelines_cb,
                                            g_steal_pointer (&task));
}

/**
 * pd_pipeline_list_refresh_finish:
 * @self: a #PdPipelineList
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the list and every status were read
 */
gboolean
pd_pipeline_list_refresh_finish (PdPipelineList  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gint64
time_of (PdPipeline *pipeline)
{
  GDateTime *time = pd_pipeline_get_latest_time (pipeline);

  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC +
                        g_date_time_get_microsecond (time) : G_MININT64;
}

/**
 * pd_pipeline_compare:
 * @a: a #PdPipeline
 * @b: another #PdPipeline
 * @sort: the order
 *
 * Compares two pipelines for a list: favourites first, then by @sort, then
 * by name. Views that sort themselves use it in their sorter.
 *
 * Returns: negative if @a comes first, positive if @b does, 0 if equal
 */
int
pd_pipeline_compare (PdPipeline     *a,
                     PdPipeline     *b,
                     PdPipelineSort  sort)
{
  gboolean failed_a, failed_b;
  gint64 time_a, time_b;

  g_return_val_if_fail (PD_IS_PIPELINE (a), 0);
  g_return_val_if_fail (PD_IS_PIPELINE (b), 0);

  if (pd_pipeline_get_favourite (a) != pd_pipeline_get_favourite (b))
    return pd_pipeline_get_favourite (a) ? -1 : 1;

  switch (sort)
    {
    case PD_PIPELINE_SORT_FAILED_FIRST:
      failed_a = pd_pipeline_get_latest_status (a) == PD_AWS_EXECUTION_STATUS_FAILED;
      failed_b = pd_pipeline_get_latest_status (b) == PD_AWS_EXECUTION_STATUS_FAILED;
      if (failed_a != failed_b)
        return failed_a ? -1 : 1;
      G_GNUC_FALLTHROUGH;
    case PD_PIPELINE_SORT_RECENT:
      time_a = time_of (a);
      time_b = time_of (b);
      if (time_a != time_b)
        return time_a > time_b ? -1 : 1;
      break;
    case PD_PIPELINE_SORT_NAME:
    default:
      break;
    }
  return g_strcmp0 (pd_pipeline_get_name (a), pd_pipeline_get_name (b));
}

/**
 * pd_pipeline_matches:
 * @pipeline: a #PdPipeline
 * @search: (nullable): the search text
 *
 * Tells whether a pipeline matches a search: every word of @search must be
 * in the name, ignoring case. An empty search matches everything.
 *
 * Returns: %TRUE if @pipeline matches
 */
gboolean
pd_pipeline_matches (PdPipeline *pipeline,
                     const char *search)
{
  g_autofree char *name = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (PD_IS_PIPELINE (pipeline), FALSE);

  if (search == NULL)
    return TRUE;
  name = g_utf8_casefold (pd_pipeline_get_name (pipeline), -1);
  words = g_strsplit_set (search, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = NULL;

      if (words[i][0] == '\0')
        continue;
      word = g_utf8_casefold (words[i], -1);
      if (strstr (name, word) == NULL)
        return FALSE;
    }
  return TRUE;
}
