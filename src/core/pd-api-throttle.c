/* pd-api-throttle.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-api-throttle.h"

/* The throttling of a stage, or a method's override of it, with the other
 * settings the same entry carries. */
struct _PdApiThrottle
{
  GObject   parent_instance;

  /* Owned references */
  char     *resource_path;
  char     *http_method;
  char     *logging_level;

  /* State */
  double    rate;
  gint64    burst;

  /* Flags */
  gboolean  metrics;
  gboolean  data_trace;
};

G_DEFINE_FINAL_TYPE (PdApiThrottle, pd_api_throttle, G_TYPE_OBJECT)

static void
pd_api_throttle_finalize (GObject *object)
{
  PdApiThrottle *self = PD_API_THROTTLE (object);

  g_free (self->resource_path);
  g_free (self->http_method);
  g_free (self->logging_level);

  G_OBJECT_CLASS (pd_api_throttle_parent_class)->finalize (object);
}

static void
pd_api_throttle_class_init (PdApiThrottleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_api_throttle_finalize;
}

static void
pd_api_throttle_init (PdApiThrottle *self)
{
}

/**
 * pd_api_split_setting_key:
 * @key: a methodSettings key: `*∕*` or `todos/{id}/GET`
 * @resource_path: (out) (optional) (nullable): `/todos/{id}`, or %NULL
 *   for the whole stage
 * @http_method: (out) (optional) (nullable): `GET`, or %NULL for the
 *   whole stage
 *
 * Returns: %FALSE if @key is neither form
 */
gboolean
pd_api_split_setting_key (const char  *key,
                          char       **resource_path,
                          char       **http_method)
{
  const char *slash;

  g_return_val_if_fail (key != NULL, FALSE);

  if (resource_path != NULL)
    *resource_path = NULL;
  if (http_method != NULL)
    *http_method = NULL;
  if (g_str_equal (key, "*/*"))
    return TRUE;
  slash = strrchr (key, '/');
  if (slash == NULL || slash[1] == '\0')
    return FALSE;
  if (resource_path != NULL)
    *resource_path = g_strdup_printf ("/%.*s", (int) (slash - key), key);
  if (http_method != NULL)
    *http_method = g_strdup (slash + 1);
  return TRUE;
}

/**
 * pd_api_throttle_new:
 * @data: a method setting as read
 *
 * Returns: (transfer full): a new #PdApiThrottle
 */
PdApiThrottle *
pd_api_throttle_new (const PdAwsApiMethodSetting *data)
{
  PdApiThrottle *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (PD_TYPE_API_THROTTLE, NULL);
  if (!pd_api_split_setting_key (data->key, &self->resource_path, &self->http_method))
    {
      /* A key of no known form is shown as it came */
      self->resource_path = g_strdup (data->key);
      self->http_method = g_strdup ("");
    }
  self->rate = data->throttling_rate_limit;
  self->burst = data->throttling_burst_limit;
  self->logging_level = g_strdup (data->logging_level_raw);
  self->metrics = data->metrics_enabled;
  self->data_trace = data->data_trace_enabled;
  return self;
}

gboolean
pd_api_throttle_get_stage_wide (PdApiThrottle *self)
{
  g_return_val_if_fail (PD_IS_API_THROTTLE (self), FALSE);
  return self->resource_path == NULL;
}

/**
 * pd_api_throttle_get_resource_path:
 * @self: a #PdApiThrottle
 *
 * Returns: (nullable): the resource it overrides, or %NULL for the stage
 */
const char *
pd_api_throttle_get_resource_path (PdApiThrottle *self)
{
  g_return_val_if_fail (PD_IS_API_THROTTLE (self), NULL);
  return self->resource_path;
}

/**
 * pd_api_throttle_get_http_method:
 * @self: a #PdApiThrottle
 *
 * Returns: (nullable): the method it overrides, or %NULL for the stage
 */
const char *
pd_api_throttle_get_http_method (PdApiThrottle *self)
{
  g_return_val_if_fail (PD_IS_API_THROTTLE (self), NULL);
  return self->http_method;
}

/**
 * pd_api_throttle_get_rate:
 * @self: a #PdApiThrottle
 *
 * Returns: requests per second, or -1 when not set
 */
double
pd_api_throttle_get_rate (PdApiThrottle *self)
{
  g_return_val_if_fail (PD_IS_API_THROTTLE (self), -1);
  return self->rate;
}

/**
 * pd_api_throttle_get_burst:
 * @self: a #PdApiThrottle
 *
 * Returns: the burst, or -1 when not set
 */
gint64
pd_api_throttle_get_burst (PdApiThrottle *self)
{
  g_return_val_if_fail (PD_IS_API_THROTTLE (self), -1);
  return self->burst;
}

/**
 * pd_api_throttle_get_logging_level:
 * @self: a #PdApiThrottle
 *
 * Returns: (nullable): `OFF`, `ERROR`, `INFO` or what AWS sent
 */
const char *
pd_api_throttle_get_logging_level (PdApiThrottle *self)
{
  g_return_val_if_fail (PD_IS_API_THROTTLE (self), NULL);
  return self->logging_level;
}

gboolean
pd_api_throttle_get_metrics (PdApiThrottle *self)
{
  g_return_val_if_fail (PD_IS_API_THROTTLE (self), FALSE);
  return self->metrics;
}

gboolean
pd_api_throttle_get_data_trace (PdApiThrottle *self)
{
  g_return_val_if_fail (PD_IS_API_THROTTLE (self), FALSE);
  return self->data_trace;
}
