/* pd-api.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-api.h"
#include "pd-util.h"

/* A REST API with its stages, resource tree and authorizers. A refresh
 * reads them and the deployments' dates at once and replaces them
 * together, only when all came: the view never shows a tree whose authorizers are older. Stages are
 * kept by name, so a refresh updates the objects views hold. */
struct _PdApi
{
  GObject       parent_instance;

  /* Owned references */
  PdAwsClient  *client;
  PdAwsRestApi *data;
  GListStore   *stages;
  GListStore   *resources;
  GListStore   *tree;
  GListStore   *authorizers;
  GHashTable   *deployments;     /* ID → GDateTime */
  GError       *error;

  /* State */
  guint         loading;

  /* Flags */
  guint         loaded : 1;
};

G_DEFINE_FINAL_TYPE (PdApi, pd_api, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  guint64    started;
  guint      pending;
  GError    *error;
  GPtrArray *stages;
  GPtrArray *resources;
  GPtrArray *authorizers;
  GPtrArray *deployments;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_error (&refresh->error);
  g_clear_pointer (&refresh->stages, g_ptr_array_unref);
  g_clear_pointer (&refresh->resources, g_ptr_array_unref);
  g_clear_pointer (&refresh->authorizers, g_ptr_array_unref);
  g_clear_pointer (&refresh->deployments, g_ptr_array_unref);
  g_free (refresh);
}

static void
set_loading (PdApi    *self,
             gboolean  loading)
{
  gboolean was = self->loading > 0;

  if (loading)
    self->loading++;
  else
    self->loading--;
  if (was != (self->loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static int
compare_resources (gconstpointer a,
                   gconstpointer b)
{
  const PdAwsApiResource *x = *(PdAwsApiResource * const *) a;
  const PdAwsApiResource *y = *(PdAwsApiResource * const *) b;

  return strcmp (x->path, y->path);
}

static void
apply_stages (PdApi     *self,
              GPtrArray *stages,
              guint64    started)
{
  /* Kept by name: the same objects with new data, in AWS's order. A stage
   * changed by an edit after this refresh was sent keeps the edit's answer,
   * which is newer than this one. */
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < stages->len; i++)
    {
      PdAwsApiStage *data = g_ptr_array_index (stages, i);
      PdApiStage *stage = pd_api_find_stage (self, data->stage_name);

      g_ptr_array_index (stages, i) = NULL;
      if (stage != NULL)
        {
          g_ptr_array_add (items, g_object_ref (stage));
          if (pd_api_stage_get_changed_at (stage) <= started)
            pd_api_stage_set_data (stage, data);
          else
            pd_aws_api_stage_free (data);
        }
      else
        g_ptr_array_add (items, pd_api_stage_new (self, data));
    }
  g_list_store_splice (self->stages, 0, g_list_model_get_n_items (G_LIST_MODEL (self->stages)),
                       items->pdata, items->len);
}

static void
apply_resources (PdApi     *self,
                 GPtrArray *resources,
                 GPtrArray *authorizers)
{
  g_autoptr(GPtrArray) flat = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) auths = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) roots = g_ptr_array_new ();
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < authorizers->len; i++)
    {
      g_ptr_array_add (auths, pd_api_authorizer_new (g_ptr_array_index (authorizers, i)));
      g_ptr_array_index (authorizers, i) = NULL;
    }
  g_list_store_splice (self->authorizers, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->authorizers)),
                       auths->pdata, auths->len);

  /* Sorted by path, a parent comes before its children */
  g_ptr_array_sort (resources, compare_resources);
  for (guint i = 0; i < resources->len; i++)
    {
      PdApiResource *resource = pd_api_resource_new (g_ptr_array_index (resources, i));
      GListModel *methods = pd_api_resource_get_methods (resource);

      for (guint k = 0; k < g_list_model_get_n_items (methods); k++)
        {
          g_autoptr(PdApiMethod) method = g_list_model_get_item (methods, k);
          const char *id = pd_api_method_get_authorizer_id (method);
          PdApiAuthorizer *authorizer = id != NULL ? pd_api_find_authorizer (self, id) : NULL;

          if (authorizer != NULL)
            pd_api_method_set_authorizer_name (method, pd_api_authorizer_get_name (authorizer));
        }
      g_ptr_array_add (flat, resource);
      g_hash_table_insert (by_id, (gpointer) pd_api_resource_get_id (resource), resource);
    }
  for (guint i = 0; i < flat->len; i++)
    {
      PdApiResource *resource = g_ptr_array_index (flat, i);
      const char *parent_id = pd_api_resource_get_parent_id (resource);
      PdApiResource *parent = parent_id != NULL ? g_hash_table_lookup (by_id, parent_id) : NULL;

      /* A resource whose parent is missing still shows, at the top */
      if (parent != NULL && parent != resource)
        pd_api_resource_add_child (parent, resource);
      else
        g_ptr_array_add (roots, resource);
    }
  g_list_store_splice (self->resources, 0, g_list_model_get_n_items (G_LIST_MODEL (self->resources)),
                       flat->pdata, flat->len);
  g_list_store_splice (self->tree, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tree)),
                       roots->pdata, roots->len);
}

static void
refresh_part_done (GTask  *task,
                   GError *error)
{
  PdApi *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);

  if (error != NULL && refresh->error == NULL)
    refresh->error = error;
  else
    g_clear_error (&error);
  if (--refresh->pending > 0)
    return;

  set_loading (self, FALSE);
  if (refresh->error != NULL)
    {
      if (!g_error_matches (refresh->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&self->error);
          self->error = g_error_copy (refresh->error);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
        }
      g_task_return_error (task, g_steal_pointer (&refresh->error));
      return;
    }

  g_hash_table_remove_all (self->deployments);
  for (guint i = 0; i < refresh->deployments->len; i++)
    {
      PdAwsApiDeployment *deployment = g_ptr_array_index (refresh->deployments, i);

      if (deployment->created_date != NULL)
        g_hash_table_insert (self->deployments, g_strdup (deployment->id),
                             g_date_time_ref (deployment->created_date));
    }
  apply_stages (self, refresh->stages, refresh->started);
  apply_resources (self, refresh->resources, refresh->authorizers);
  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  g_signal_emit (self, signals[CHANGED], 0);
  g_task_return_boolean (task, TRUE);
}

static void
on_stages_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Refresh *refresh = g_task_get_task_data (task);
  GError *error = NULL;

  refresh->stages = pd_aws_apigateway_get_stages_finish (PD_AWS_CLIENT (object), result, &error);
  refresh_part_done (task, error);
}

static void
on_resources_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Refresh *refresh = g_task_get_task_data (task);
  GError *error = NULL;

  refresh->resources = pd_aws_apigateway_get_resources_finish (PD_AWS_CLIENT (object), result,
                                                               &error);
  refresh_part_done (task, error);
}

static void
on_authorizers_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Refresh *refresh = g_task_get_task_data (task);
  GError *error = NULL;

  refresh->authorizers = pd_aws_apigateway_get_authorizers_finish (PD_AWS_CLIENT (object), result,
                                                                   &error);
  refresh_part_done (task, error);
}

static void
on_deployments_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Refresh *refresh = g_task_get_task_data (task);
  GError *error = NULL;

  refresh->deployments = pd_aws_apigateway_get_deployments_finish (PD_AWS_CLIENT (object), result,
                                                                   &error);
  refresh_part_done (task, error);
}

static void
pd_api_dispose (GObject *object)
{
  PdApi *self = PD_API (object);

  if (self->stages != NULL)
    g_list_store_remove_all (self->stages);
  if (self->tree != NULL)
    g_list_store_remove_all (self->tree);
  if (self->resources != NULL)
    g_list_store_remove_all (self->resources);

  G_OBJECT_CLASS (pd_api_parent_class)->dispose (object);
}

static void
pd_api_finalize (GObject *object)
{
  PdApi *self = PD_API (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->data, pd_aws_rest_api_free);
  g_clear_object (&self->stages);
  g_clear_object (&self->resources);
  g_clear_object (&self->tree);
  g_clear_object (&self->authorizers);
  g_clear_pointer (&self->deployments, g_hash_table_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (pd_api_parent_class)->finalize (object);
}

static void
pd_api_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  PdApi *self = PD_API (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading > 0);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_api_class_init (PdApiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pd_api_dispose;
  object_class->finalize = pd_api_finalize;
  object_class->get_property = pd_api_get_property;

  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdApi::changed:
   *
   * Emitted when a refresh replaced the stages, resources and authorizers.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_api_init (PdApi *self)
{
  self->stages = g_list_store_new (PD_TYPE_API_STAGE);
  self->resources = g_list_store_new (PD_TYPE_API_RESOURCE);
  self->tree = g_list_store_new (G_TYPE_OBJECT);
  self->authorizers = g_list_store_new (PD_TYPE_API_AUTHORIZER);
  self->deployments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_date_time_unref);
}

/**
 * pd_api_new:
 * @client: the client to read it with
 * @data: (transfer full): the API as GetRestApis lists it
 *
 * Returns: (transfer full): a new #PdApi, not loaded yet
 */
PdApi *
pd_api_new (PdAwsClient  *client,
            PdAwsRestApi *data)
{
  PdApi *self;

  g_return_val_if_fail (PD_AWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (PD_TYPE_API, NULL);
  self->client = g_object_ref (client);
  self->data = data;
  return self;
}

/**
 * pd_api_set_summary:
 * @self: a #PdApi
 * @data: (transfer full): the API as listed again
 *
 * Replaces the name, description and the rest GetRestApis tells.
 */
void
pd_api_set_summary (PdApi        *self,
                    PdAwsRestApi *data)
{
  g_return_if_fail (PD_IS_API (self));
  g_return_if_fail (data != NULL && g_str_equal (data->id, self->data->id));

  pd_aws_rest_api_free (self->data);
  self->data = data;
}

/**
 * pd_api_get_client:
 * @self: a #PdApi
 *
 * Returns: (transfer none): the client it is read with
 */
PdAwsClient *
pd_api_get_client (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return self->client;
}

const char *
pd_api_get_id (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return self->data->id;
}

const char *
pd_api_get_name (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return self->data->name;
}

/**
 * pd_api_get_description:
 * @self: a #PdApi
 *
 * Returns: (nullable): its description
 */
const char *
pd_api_get_description (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return self->data->description;
}

/**
 * pd_api_get_endpoint_type:
 * @self: a #PdApi
 *
 * Returns: (nullable): `REGIONAL`, `EDGE`, `PRIVATE` or what AWS sent
 */
const char *
pd_api_get_endpoint_type (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return self->data->endpoint_type_raw;
}

/**
 * pd_api_get_created:
 * @self: a #PdApi
 *
 * Returns: (transfer none) (nullable): when it was created
 */
GDateTime *
pd_api_get_created (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return self->data->created_date;
}

/**
 * pd_api_get_stages:
 * @self: a #PdApi
 *
 * Returns: (transfer none): its #PdApiStage list
 */
GListModel *
pd_api_get_stages (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return G_LIST_MODEL (self->stages);
}

/**
 * pd_api_get_resources:
 * @self: a #PdApi
 *
 * Returns: (transfer none): every #PdApiResource, sorted by path
 */
GListModel *
pd_api_get_resources (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return G_LIST_MODEL (self->resources);
}

/**
 * pd_api_get_resource_tree:
 * @self: a #PdApi
 *
 * Returns: (transfer none): the top of the resource tree (`/`); each
 *   resource's pd_api_resource_get_children() goes on down
 */
GListModel *
pd_api_get_resource_tree (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return G_LIST_MODEL (self->tree);
}

/**
 * pd_api_get_authorizers:
 * @self: a #PdApi
 *
 * Returns: (transfer none): its #PdApiAuthorizer list
 */
GListModel *
pd_api_get_authorizers (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return G_LIST_MODEL (self->authorizers);
}

static gpointer
find_in (GListModel  *model,
         const char  *(*get) (gpointer),
         const char  *value)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; value != NULL && i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (get (item), value) == 0)
        return item;
    }
  return NULL;
}

/**
 * pd_api_find_stage:
 * @self: a #PdApi
 * @name: a stage name
 *
 * Returns: (transfer none) (nullable): the stage
 */
PdApiStage *
pd_api_find_stage (PdApi      *self,
                   const char *name)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return find_in (G_LIST_MODEL (self->stages), (const char *(*) (gpointer)) pd_api_stage_get_name,
                  name);
}

/**
 * pd_api_find_resource:
 * @self: a #PdApi
 * @path: a resource path (`/todos`)
 *
 * Returns: (transfer none) (nullable): the resource
 */
PdApiResource *
pd_api_find_resource (PdApi      *self,
                      const char *path)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return find_in (G_LIST_MODEL (self->resources),
                  (const char *(*) (gpointer)) pd_api_resource_get_path, path);
}

/**
 * pd_api_find_method:
 * @self: a #PdApi
 * @resource_path: a resource path
 * @http_method: one of its methods
 *
 * Returns: (transfer none) (nullable): the method
 */
PdApiMethod *
pd_api_find_method (PdApi      *self,
                    const char *resource_path,
                    const char *http_method)
{
  PdApiResource *resource;

  g_return_val_if_fail (PD_IS_API (self), NULL);

  resource = pd_api_find_resource (self, resource_path);
  return resource != NULL ? pd_api_resource_find_method (resource, http_method) : NULL;
}

/**
 * pd_api_find_authorizer:
 * @self: a #PdApi
 * @id: an authorizer ID
 *
 * Returns: (transfer none) (nullable): the authorizer
 */
PdApiAuthorizer *
pd_api_find_authorizer (PdApi      *self,
                        const char *id)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return find_in (G_LIST_MODEL (self->authorizers),
                  (const char *(*) (gpointer)) pd_api_authorizer_get_id, id);
}

/**
 * pd_api_get_deployment_created:
 * @self: a #PdApi
 * @deployment_id: (nullable): one of its deployments
 *
 * Returns: (transfer none) (nullable): when that deployment was made
 */
GDateTime *
pd_api_get_deployment_created (PdApi      *self,
                               const char *deployment_id)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return deployment_id != NULL ? g_hash_table_lookup (self->deployments, deployment_id) : NULL;
}

gboolean
pd_api_get_loaded (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), FALSE);
  return self->loaded;
}

gboolean
pd_api_get_loading (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), FALSE);
  return self->loading > 0;
}

/**
 * pd_api_get_error:
 * @self: a #PdApi
 *
 * Returns: (nullable): why the last refresh failed
 */
const GError *
pd_api_get_error (PdApi *self)
{
  g_return_val_if_fail (PD_IS_API (self), NULL);
  return self->error;
}

/**
 * pd_api_matches:
 * @self: a #PdApi
 * @search: (nullable): what the user typed
 *
 * Returns: whether the API's name or ID contains @search, ignoring case
 */
gboolean
pd_api_matches (PdApi      *self,
                const char *search)
{
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (PD_IS_API (self), FALSE);

  if (search == NULL || search[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (search, -1);
  name = g_utf8_casefold (self->data->name, -1);
  id = g_utf8_casefold (self->data->id, -1);
  return strstr (name, needle) != NULL || strstr (id, needle) != NULL;
}

/**
 * pd_api_refresh_async:
 * @self: a #PdApi
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads the stages, resources (with their methods), authorizers and
 * deployments, the four at once.
 */
void
pd_api_refresh_async (PdApi               *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Refresh *refresh;

  g_return_if_fail (PD_IS_API (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_api_refresh_async);
  refresh = g_new0 (Refresh, 1);
  refresh->pending = 4;
  refresh->started = pd_api_sequence_next ();
  g_task_set_task_data (task, refresh, (GDestroyNotify) refresh_free);
  set_loading (self, TRUE);

  pd_aws_apigateway_get_stages_async (self->client, self->data->id, cancellable, on_stages_cb,
                                      g_object_ref (task));
  pd_aws_apigateway_get_resources_async (self->client, self->data->id, cancellable,
                                         on_resources_cb, g_object_ref (task));
  pd_aws_apigateway_get_authorizers_async (self->client, self->data->id, cancellable,
                                           on_authorizers_cb, g_object_ref (task));
  pd_aws_apigateway_get_deployments_async (self->client, self->data->id, cancellable,
                                           on_deployments_cb, g_object_ref (task));
}

gboolean
pd_api_refresh_finish (PdApi         *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
