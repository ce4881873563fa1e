/* pd-api-resource.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-api-resource.h"

/* A resource of a REST API. Its children, for a tree view, are its methods
 * first, then its child resources. */
struct _PdApiResource
{
  GObject     parent_instance;

  /* Owned references */
  char       *id;
  char       *parent_id;
  char       *path;
  char       *path_part;
  GListStore *methods;
  GListStore *children;
};

G_DEFINE_FINAL_TYPE (PdApiResource, pd_api_resource, G_TYPE_OBJECT)

static void
pd_api_resource_finalize (GObject *object)
{
  PdApiResource *self = PD_API_RESOURCE (object);

  g_free (self->id);
  g_free (self->parent_id);
  g_free (self->path);
  g_free (self->path_part);
  g_clear_object (&self->methods);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (pd_api_resource_parent_class)->finalize (object);
}

static void
pd_api_resource_class_init (PdApiResourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_api_resource_finalize;
}

static void
pd_api_resource_init (PdApiResource *self)
{
  self->methods = g_list_store_new (PD_TYPE_API_METHOD);
  self->children = g_list_store_new (G_TYPE_OBJECT);
}

/**
 * pd_api_resource_new:
 * @data: the resource as read
 *
 * Returns: (transfer full): a new #PdApiResource with its methods
 */
PdApiResource *
pd_api_resource_new (const PdAwsApiResource *data)
{
  PdApiResource *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (PD_TYPE_API_RESOURCE, NULL);
  self->id = g_strdup (data->id);
  self->parent_id = g_strdup (data->parent_id);
  self->path = g_strdup (data->path);
  self->path_part = g_strdup (data->path_part);
  for (guint i = 0; i < data->methods->len; i++)
    {
      g_autoptr(PdApiMethod) method = pd_api_method_new (data->path,
                                                         g_ptr_array_index (data->methods, i));

      g_list_store_append (self->methods, method);
      g_list_store_append (self->children, method);
    }
  return self;
}

const char *
pd_api_resource_get_id (PdApiResource *self)
{
  g_return_val_if_fail (PD_IS_API_RESOURCE (self), NULL);
  return self->id;
}

/**
 * pd_api_resource_get_parent_id:
 * @self: a #PdApiResource
 *
 * Returns: (nullable): its parent's ID; none for `/`
 */
const char *
pd_api_resource_get_parent_id (PdApiResource *self)
{
  g_return_val_if_fail (PD_IS_API_RESOURCE (self), NULL);
  return self->parent_id;
}

const char *
pd_api_resource_get_path (PdApiResource *self)
{
  g_return_val_if_fail (PD_IS_API_RESOURCE (self), NULL);
  return self->path;
}

/**
 * pd_api_resource_get_path_part:
 * @self: a #PdApiResource
 *
 * Returns: (nullable): the last part of its path; none for `/`
 */
const char *
pd_api_resource_get_path_part (PdApiResource *self)
{
  g_return_val_if_fail (PD_IS_API_RESOURCE (self), NULL);
  return self->path_part;
}

/**
 * pd_api_resource_get_methods:
 * @self: a #PdApiResource
 *
 * Returns: (transfer none): its #PdApiMethod list, sorted by name
 */
GListModel *
pd_api_resource_get_methods (PdApiResource *self)
{
  g_return_val_if_fail (PD_IS_API_RESOURCE (self), NULL);
  return G_LIST_MODEL (self->methods);
}

/**
 * pd_api_resource_get_children:
 * @self: a #PdApiResource
 *
 * Returns: (transfer none): its methods, then its child resources
 */
GListModel *
pd_api_resource_get_children (PdApiResource *self)
{
  g_return_val_if_fail (PD_IS_API_RESOURCE (self), NULL);
  return G_LIST_MODEL (self->children);
}

void
pd_api_resource_add_child (PdApiResource *self,
                           PdApiResource *child)
{
  g_return_if_fail (PD_IS_API_RESOURCE (self));
  g_return_if_fail (PD_IS_API_RESOURCE (child));
  g_list_store_append (self->children, child);
}

/**
 * pd_api_resource_find_method:
 * @self: a #PdApiResource
 * @http_method: `GET`…
 *
 * Returns: (transfer none) (nullable): the method
 */
PdApiMethod *
pd_api_resource_find_method (PdApiResource *self,
                             const char    *http_method)
{
  guint n;

  g_return_val_if_fail (PD_IS_API_RESOURCE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->methods));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdApiMethod) method = g_list_model_get_item (G_LIST_MODEL (self->methods), i);

      if (g_strcmp0 (pd_api_method_get_http_method (method), http_method) == 0)
        return method;
    }
  return NULL;
}
