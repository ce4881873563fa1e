/* pd-api-list.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-api-list.h"
#include "pd-util.h"

/* The REST APIs of an account and region, by name. A refresh lists them
 * (one call for up to 500), then reads every API's stages, resources,
 * authorizers and deployments at once: two round trips for the whole section, whatever the
 * number of APIs. A refresh that fails keeps what was shown, marked stale. */
struct _PdApiList
{
  GObject      parent_instance;

  /* Owned references */
  PdAwsClient *client;
  GPtrArray   *apis;             /* PdApi, by name */
  GError      *error;
  GDateTime   *stale_since;

  /* State */
  guint        loading;

  /* Flags */
  guint        loaded : 1;
};

static void pd_api_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdApiList, pd_api_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pd_api_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_LOADED,
  PROP_STALE,
  PROP_STALE_SINCE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  guint   pending;
  GError *error;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_error (&refresh->error);
  g_free (refresh);
}

/* GListModel */

static GType
pd_api_list_get_item_type (GListModel *model)
{
  return PD_TYPE_API;
}

static guint
pd_api_list_get_n_items (GListModel *model)
{
  return PD_API_LIST (model)->apis->len;
}

static gpointer
pd_api_list_get_item (GListModel *model,
                      guint       position)
{
  PdApiList *self = PD_API_LIST (model);

  return position < self->apis->len ? g_object_ref (g_ptr_array_index (self->apis, position))
                                    : NULL;
}

static void
pd_api_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_api_list_get_item_type;
  iface->get_n_items = pd_api_list_get_n_items;
  iface->get_item = pd_api_list_get_item;
}

/* Refresh */

static void
set_loading (PdApiList *self,
             gboolean   loading)
{
  gboolean was = self->loading > 0;

  if (loading)
    self->loading++;
  else
    self->loading--;
  if (was != (self->loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (PdApiList    *self,
           const GError *error)
{
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);

  if (error != NULL && self->loaded && self->stale_since == NULL)
    {
      self->stale_since = pd_util_new_now_utc ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE_SINCE]);
    }
  else if (error == NULL && self->stale_since != NULL)
    {
      g_clear_pointer (&self->stale_since, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE_SINCE]);
    }
}

static void
finish_refresh (GTask *task)
{
  PdApiList *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);

  set_loading (self, FALSE);
  if (refresh->error != NULL && g_error_matches (refresh->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&refresh->error));
      return;
    }
  set_error (self, refresh->error);
  if (!self->loaded && refresh->error == NULL)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (refresh->error != NULL)
    g_task_return_error (task, g_steal_pointer (&refresh->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_api_refreshed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Refresh *refresh = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pd_api_refresh_finish (PD_API (object), result, &error))
    {
      if (refresh->error == NULL)
        refresh->error = error;
      else
        g_clear_error (&error);
    }
  if (--refresh->pending == 0)
    finish_refresh (task);
}

static int
compare_apis (gconstpointer a,
              gconstpointer b)
{
  PdApi *x = *(PdApi * const *) a;
  PdApi *y = *(PdApi * const *) b;
  g_autofree char *kx = g_utf8_collate_key (pd_api_get_name (x), -1);
  g_autofree char *ky = g_utf8_collate_key (pd_api_get_name (y), -1);
  int cmp = g_strcmp0 (kx, ky);

  return cmp != 0 ? cmp : g_strcmp0 (pd_api_get_id (x), pd_api_get_id (y));
}

/* Keeps the objects of APIs still listed; says items-changed only when
 * the list's members or order changed */
static void
merge (PdApiList *self,
       GPtrArray *listed)
{
  g_autoptr(GPtrArray) apis = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean same;
  guint removed = self->apis->len;

  for (guint i = 0; i < listed->len; i++)
    {
      PdAwsRestApi *data = g_ptr_array_index (listed, i);
      PdApi *api = NULL;

      g_ptr_array_index (listed, i) = NULL;
      for (guint k = 0; k < self->apis->len && api == NULL; k++)
        if (g_str_equal (pd_api_get_id (g_ptr_array_index (self->apis, k)), data->id))
          api = g_ptr_array_index (self->apis, k);
      if (api != NULL)
        {
          pd_api_set_summary (api, data);
          g_ptr_array_add (apis, g_object_ref (api));
        }
      else
        g_ptr_array_add (apis, pd_api_new (self->client, data));
    }
  g_ptr_array_sort (apis, compare_apis);

  same = apis->len == self->apis->len;
  for (guint i = 0; same && i < apis->len; i++)
    same = g_ptr_array_index (apis, i) == g_ptr_array_index (self->apis, i);
  if (same)
    return;

  g_ptr_array_unref (self->apis);
  self->apis = g_steal_pointer (&apis);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->apis->len);
}

static void
on_listed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdApiList *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) apis = NULL;

  listed = pd_aws_apigateway_get_rest_apis_finish (PD_AWS_CLIENT (object), result,
                                                   &refresh->error);
  if (listed == NULL)
    {
      finish_refresh (task);
      return;
    }
  merge (self, listed);

  /* Every API's details at once; the count guards against a callback that
   * comes back at once. */
  apis = g_ptr_array_copy (self->apis, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (apis, g_object_unref);
  refresh->pending = 1;
  for (guint i = 0; i < apis->len; i++)
    {
      refresh->pending++;
      pd_api_refresh_async (g_ptr_array_index (apis, i), g_task_get_cancellable (task),
                            on_api_refreshed_cb, g_object_ref (task));
    }
  if (--refresh->pending == 0)
    finish_refresh (task);
}

/* GObject */

static void
pd_api_list_dispose (GObject *object)
{
  PdApiList *self = PD_API_LIST (object);

  if (self->apis != NULL && self->apis->len > 0)
    {
      guint n = self->apis->len;

      g_ptr_array_set_size (self->apis, 0);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
    }

  G_OBJECT_CLASS (pd_api_list_parent_class)->dispose (object);
}

static void
pd_api_list_finalize (GObject *object)
{
  PdApiList *self = PD_API_LIST (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->apis, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->stale_since, g_date_time_unref);

  G_OBJECT_CLASS (pd_api_list_parent_class)->finalize (object);
}

static void
pd_api_list_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PdApiList *self = PD_API_LIST (object);

  switch (prop_id)
    {
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
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_api_list_class_init (PdApiListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pd_api_list_dispose;
  object_class->finalize = pd_api_list_finalize;
  object_class->get_property = pd_api_list_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);
  properties[PROP_STALE] = g_param_spec_boolean ("stale", NULL, NULL, FALSE, ro);
  properties[PROP_STALE_SINCE] =
    g_param_spec_boxed ("stale-since", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_api_list_init (PdApiList *self)
{
  self->apis = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * pd_api_list_new:
 * @client: the client of the account and region
 *
 * Returns: (transfer full): a new, empty #PdApiList
 */
PdApiList *
pd_api_list_new (PdAwsClient *client)
{
  PdApiList *self;

  g_return_val_if_fail (PD_AWS_IS_CLIENT (client), NULL);

  self = g_object_new (PD_TYPE_API_LIST, NULL);
  self->client = g_object_ref (client);
  return self;
}

/**
 * pd_api_list_get_client:
 * @self: a #PdApiList
 *
 * Returns: (transfer none): its client
 */
PdAwsClient *
pd_api_list_get_client (PdApiList *self)
{
  g_return_val_if_fail (PD_IS_API_LIST (self), NULL);
  return self->client;
}

/**
 * pd_api_list_find:
 * @self: a #PdApiList
 * @name_or_id: an API's name or ID
 *
 * Returns: (transfer none) (nullable): the API whose ID is @name_or_id,
 *   else the first one so named
 */
PdApi *
pd_api_list_find (PdApiList  *self,
                  const char *name_or_id)
{
  g_return_val_if_fail (PD_IS_API_LIST (self), NULL);
  g_return_val_if_fail (name_or_id != NULL, NULL);

  for (guint i = 0; i < self->apis->len; i++)
    if (g_str_equal (pd_api_get_id (g_ptr_array_index (self->apis, i)), name_or_id))
      return g_ptr_array_index (self->apis, i);
  for (guint i = 0; i < self->apis->len; i++)
    if (g_str_equal (pd_api_get_name (g_ptr_array_index (self->apis, i)), name_or_id))
      return g_ptr_array_index (self->apis, i);
  return NULL;
}

gboolean
pd_api_list_get_loading (PdApiList *self)
{
  g_return_val_if_fail (PD_IS_API_LIST (self), FALSE);
  return self->loading > 0;
}

gboolean
pd_api_list_get_loaded (PdApiList *self)
{
  g_return_val_if_fail (PD_IS_API_LIST (self), FALSE);
  return self->loaded;
}

gboolean
pd_api_list_get_stale (PdApiList *self)
{
  g_return_val_if_fail (PD_IS_API_LIST (self), FALSE);
  return self->stale_since != NULL;
}

/**
 * pd_api_list_get_stale_since:
 * @self: a #PdApiList
 *
 * Returns: (transfer none) (nullable): since when refreshes fail, while
 *   the list shows older data
 */
GDateTime *
pd_api_list_get_stale_since (PdApiList *self)
{
  g_return_val_if_fail (PD_IS_API_LIST (self), NULL);
  return self->stale_since;
}

/**
 * pd_api_list_get_error:
 * @self: a #PdApiList
 *
 * Returns: (nullable): why the last refresh failed
 */
const GError *
pd_api_list_get_error (PdApiList *self)
{
  g_return_val_if_fail (PD_IS_API_LIST (self), NULL);
  return self->error;
}

/**
 * pd_api_list_refresh_async:
 * @self: a #PdApiList
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every API is read
 * @user_data: data for @callback
 *
 * Lists the REST APIs, then reads every API's stages, resources and
 * authorizers in parallel.
 */
void
pd_api_list_refresh_async (PdApiList           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_API_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_api_list_refresh_async);
  g_task_set_task_data (task, g_new0 (Refresh, 1), (GDestroyNotify) refresh_free);
  set_loading (self, TRUE);
  pd_aws_apigateway_get_rest_apis_async (self->client, cancellable, on_listed_cb,
                                         g_steal_pointer (&task));
}

gboolean
pd_api_list_refresh_finish (PdApiList     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
