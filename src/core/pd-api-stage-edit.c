/* pd-api-stage-edit.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pd-api.h"
#include "pd-api-stage-edit.h"
#include "pd-core-error.h"

/* The changes to one stage, as the patch operations of one UpdateStage
 * call: each checked against AWS's limits when it is made, said in plain
 * words for a review, and paired with the operation that undoes it. A value
 * set back to what the stage has is no change. Applying sends the one call,
 * then reads the stage again. */

typedef struct
{
  PdAwsPatchOperation *operation;
  char                *description;
  PdAwsPatchOperation *inverse;
  char                *inverse_description;
} Change;

struct _PdApiStageEdit
{
  GObject     parent_instance;

  /* Owned references */
  PdApiStage *stage;
  GPtrArray  *changes;           /* Change, in the order made */

  /* Flags */
  guint       applying : 1;
};

G_DEFINE_FINAL_TYPE (PdApiStageEdit, pd_api_stage_edit, G_TYPE_OBJECT)

static void
change_free (Change *change)
{
  pd_aws_patch_operation_free (change->operation);
  g_free (change->description);
  pd_aws_patch_operation_free (change->inverse);
  g_free (change->inverse_description);
  g_free (change);
}

/* Checks */

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (PD_CORE_ERROR, PD_CORE_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
all_digits (const char *text,
            gsize       length)
{
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/**
 * pd_api_check_rate:
 * @text: (nullable): a rate limit as typed: digits, with an optional
 *   decimal point (`250` or `12.5`)
 * @out: (out) (optional): the rate
 * @error: return location for a #GError
 *
 * Returns: whether @text is a rate API Gateway takes: 0 to
 *   %PD_API_MAX_RATE requests per second
 */
gboolean
pd_api_check_rate (const char  *text,
                   double      *out,
                   GError     **error)
{
  const char *point;
  double value;

  if (text == NULL || text[0] == '\0')
    return invalid (error, _("Enter a rate limit in requests per second"));
  point = strchr (text, '.');
  if (!(point == NULL ? all_digits (text, strlen (text))
                      : all_digits (text, point - text) &&
                        all_digits (point + 1, strlen (point + 1))) ||
      strlen (text) > 20)
    return invalid (error, _("The rate limit must be a number, such as 100 or 12.5"));
  value = g_ascii_strtod (text, NULL);
  if (!isfinite (value) || value > PD_API_MAX_RATE)
    return invalid (error, _("The rate limit can be at most %s requests per second, the "
                             "account’s default quota"), "10000");
  if (out != NULL)
    *out = value;
  return TRUE;
}

/**
 * pd_api_check_burst:
 * @text: (nullable): a burst limit as typed
 * @out: (out) (optional): the burst
 * @error: return location for a #GError
 *
 * Returns: whether @text is a whole number from 0 to %PD_API_MAX_BURST
 */
gboolean
pd_api_check_burst (const char  *text,
                    gint64      *out,
                    GError     **error)
{
  gint64 value;

  if (text == NULL || text[0] == '\0')
    return invalid (error, _("Enter a burst limit in requests"));
  if (!all_digits (text, strlen (text)) || strlen (text) > 18)
    return invalid (error, _("The burst limit must be a whole number, such as 200"));
  value = g_ascii_strtoll (text, NULL, 10);
  if (value > PD_API_MAX_BURST)
    return invalid (error, _("The burst limit can be at most %d requests, the account’s "
                             "default quota"), PD_API_MAX_BURST);
  if (out != NULL)
    *out = value;
  return TRUE;
}

/**
 * pd_api_check_variable_name:
 * @name: (nullable): a stage-variable name
 * @error: return location for a #GError
 *
 * Returns: whether @name is 1 to 64 letters, digits and underscores
 */
gboolean
pd_api_check_variable_name (const char  *name,
                            GError     **error)
{
  gsize length = name != NULL ? strlen (name) : 0;

  if (length == 0)
    return invalid (error, _("Enter a variable name"));
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_')
      return invalid (error, _("A variable name takes only letters, digits and underscores"));
  if (length > PD_API_MAX_VARIABLE_NAME)
    return invalid (error, _("A variable name can be at most %d characters long"),
                    PD_API_MAX_VARIABLE_NAME);
  return TRUE;
}

/**
 * pd_api_check_variable_value:
 * @value: (nullable): a stage-variable value
 * @error: return location for a #GError
 *
 * Returns: whether @value is 1 to 512 of the characters AWS allows:
 *   letters, digits and `-._~:/?#&=,`
 */
gboolean
pd_api_check_variable_value (const char  *value,
                             GError     **error)
{
  static const char allowed[] = "-._~:/?#&=,";
  gsize length = value != NULL ? strlen (value) : 0;

  if (length == 0)
    return invalid (error, _("Enter a value"));
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (value[i]) && strchr (allowed, value[i]) == NULL)
      return invalid (error, _("A value takes only letters, digits and the characters %s"),
                      allowed);
  if (length > PD_API_MAX_VARIABLE_VALUE)
    return invalid (error, _("A value can be at most %d characters long"),
                    PD_API_MAX_VARIABLE_VALUE);
  return TRUE;
}

/**
 * pd_api_check_logging_level:
 * @level: (nullable): a logging level
 * @error: return location for a #GError
 *
 * Returns: whether @level is `OFF`, `ERROR` or `INFO`
 */
gboolean
pd_api_check_logging_level (const char  *level,
                            GError     **error)
{
  if (g_strcmp0 (level, "OFF") == 0 || g_strcmp0 (level, "ERROR") == 0 ||
      g_strcmp0 (level, "INFO") == 0)
    return TRUE;
  return invalid (error, _("The logging level is OFF, ERROR or INFO"));
}

/* Changes */

static char *
format_rate (double rate)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.10g", rate));
}

/* Replaces the change of the same path, or drops it when @operation is
 * NULL (the value is back to what the stage has). */
static void
put_change (PdApiStageEdit      *self,
            const char          *path,
            PdAwsPatchOperation *operation,
            char                *description,
            PdAwsPatchOperation *inverse,
            char                *inverse_description)
{
  Change *change;

  for (guint i = 0; i < self->changes->len; i++)
    {
      Change *old = g_ptr_array_index (self->changes, i);

      if (g_str_equal (old->operation->path, path))
        {
          g_ptr_array_remove_index (self->changes, i);
          break;
        }
    }
  if (operation == NULL)
    {
      g_free (description);
      g_free (inverse_description);
      return;
    }
  change = g_new0 (Change, 1);
  change->operation = operation;
  change->description = description;
  change->inverse = inverse;
  change->inverse_description = inverse_description;
  g_ptr_array_add (self->changes, change);
}

static char *
method_setting_key (const char *resource_path,
                    const char *http_method)
{
  return resource_path == NULL ? g_strdup ("*/*")
                               : g_strdup_printf ("%s/%s", resource_path + 1, http_method);
}

static char *
method_setting_path (const char *resource_path,
                     const char *http_method)
{
  g_autofree char *escaped = NULL;

  if (resource_path == NULL)
    return g_strdup ("/*/*");
  escaped = pd_aws_apigateway_escape_path (resource_path);
  return g_strdup_printf ("/%s/%s", escaped, http_method);
}

static gboolean
check_method (PdApiStageEdit  *self,
              const char      *resource_path,
              const char      *http_method,
              GError         **error)
{
  PdApi *api = pd_api_stage_get_api (self->stage);

  if (resource_path == NULL && http_method == NULL)
    return TRUE;
  if (resource_path == NULL || http_method == NULL || resource_path[0] != '/' || api == NULL ||
      pd_api_find_method (api, resource_path, http_method) == NULL)
    return invalid (error, _("The API has no method %s %s"),
                    http_method != NULL ? http_method : "", resource_path != NULL ? resource_path
                                                                                 : "");
  return TRUE;
}

/* One throttling value: @is_rate chooses the rate or the burst. */
static gboolean
set_throttle (PdApiStageEdit  *self,
              const char      *resource_path,
              const char      *http_method,
              const char      *text,
              gboolean         is_rate,
              GError         **error)
{
  const PdAwsApiStage *data = pd_api_stage_get_data (self->stage);
  g_autofree char *key = NULL;
  g_autofree char *setting_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  const PdAwsApiMethodSetting *override, *stage_wide, *current;
  gboolean has_old;
  double old_value, new_value;
  gint64 burst = 0;
  double rate = 0;
  char *description, *inverse_description;
  PdAwsPatchOperation *inverse;

  if (!check_method (self, resource_path, http_method, error))
    return FALSE;
  if (is_rate ? !pd_api_check_rate (text, &rate, error) : !pd_api_check_burst (text, &burst, error))
    return FALSE;

  key = method_setting_key (resource_path, http_method);
  setting_path = method_setting_path (resource_path, http_method);
  path = g_strdup_printf ("%s/throttling/%s", setting_path, is_rate ? "rateLimit" : "burstLimit");
  override = pd_aws_api_stage_find_setting (data, key);
  stage_wide = pd_aws_api_stage_find_setting (data, "*/*");
  /* A method without an override throttles as the stage does */
  current = override != NULL ? override : stage_wide;
  old_value = current == NULL ? -1 : is_rate ? current->throttling_rate_limit
                                             : (double) current->throttling_burst_limit;
  has_old = old_value >= 0;
  new_value = is_rate ? rate : (double) burst;
  if (has_old && old_value == new_value)
    {
      put_change (self, path, NULL, NULL, NULL, NULL);
      return TRUE;
    }

  old_text = has_old ? (is_rate ? format_rate (old_value)
                                : g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) old_value))
                     : g_strdup (_("unset"));
  new_text = is_rate ? format_rate (rate) : g_strdup_printf ("%" G_GINT64_FORMAT, burst);

  if (resource_path == NULL)
    description = is_rate
      /* Translators: the old and the new rate */
      ? g_strdup_printf (_("Set the stage-wide rate limit from %s to %s requests per second"),
                         old_text, new_text)
      /* Translators: the old and the new burst */
      : g_strdup_printf (_("Set the stage-wide burst limit from %s to %s requests"),
                         old_text, new_text);
  else
    description = is_rate
      /* Translators: a method (GET), its path (/todos), the old and the new rate */
      ? g_strdup_printf (_("Set the rate limit of %s %s from %s to %s requests per second"),
                         http_method, resource_path, old_text, new_text)
      /* Translators: a method (GET), its path (/todos), the old and the new burst */
      : g_strdup_printf (_("Set the burst limit of %s %s from %s to %s requests"),
                         http_method, resource_path, old_text, new_text);

  /* Undoing a new override removes it; an old value is put back */
  if (override == NULL || !has_old)
    {
      inverse = pd_aws_patch_operation_new ("remove", setting_path, NULL);
      inverse_description = resource_path == NULL
        ? g_strdup (_("Remove the stage-wide method settings"))
        /* Translators: a method (GET) and its path (/todos) */
        : g_strdup_printf (_("Remove the throttling override of %s %s"), http_method,
                           resource_path);
    }
  else
    {
      inverse = pd_aws_patch_operation_new ("replace", path, old_text);
      if (resource_path == NULL)
        inverse_description = is_rate
          ? g_strdup_printf (_("Set the stage-wide rate limit from %s to %s requests per second"),
                             new_text, old_text)
          : g_strdup_printf (_("Set the stage-wide burst limit from %s to %s requests"),
                             new_text, old_text);
      else
        inverse_description = is_rate
          ? g_strdup_printf (_("Set the rate limit of %s %s from %s to %s requests per second"),
                             http_method, resource_path, new_text, old_text)
          : g_strdup_printf (_("Set the burst limit of %s %s from %s to %s requests"),
                             http_method, resource_path, new_text, old_text);
    }

  put_change (self, path, pd_aws_patch_operation_new ("replace", path, new_text), description,
              inverse, inverse_description);
  return TRUE;
}

/* GObject */

static void
pd_api_stage_edit_finalize (GObject *object)
{
  PdApiStageEdit *self = PD_API_STAGE_EDIT (object);

  g_clear_object (&self->stage);
  g_clear_pointer (&self->changes, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_api_stage_edit_parent_class)->finalize (object);
}

static void
pd_api_stage_edit_class_init (PdApiStageEditClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_api_stage_edit_finalize;
}

static void
pd_api_stage_edit_init (PdApiStageEdit *self)
{
  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
}

/* Public */

/**
 * pd_api_stage_edit_new:
 * @stage: the stage to change
 *
 * Returns: (transfer full): an edit with no changes yet
 */
PdApiStageEdit *
pd_api_stage_edit_new (PdApiStage *stage)
{
  PdApiStageEdit *self;

  g_return_val_if_fail (PD_IS_API_STAGE (stage), NULL);

  self = g_object_new (PD_TYPE_API_STAGE_EDIT, NULL);
  self->stage = g_object_ref (stage);
  return self;
}

/**
 * pd_api_stage_edit_get_stage:
 * @self: a #PdApiStageEdit
 *
 * Returns: (transfer none): the stage it changes
 */
PdApiStage *
pd_api_stage_edit_get_stage (PdApiStageEdit *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), NULL);
  return self->stage;
}

/**
 * pd_api_stage_edit_set_rate:
 * @self: a #PdApiStageEdit
 * @resource_path: (nullable): a resource of the API, or %NULL for the
 *   whole stage
 * @http_method: (nullable): a method of that resource, or %NULL
 * @text: the rate as typed
 * @error: return location for a #GError
 *
 * Sets the rate limit of the stage or of one method.
 *
 * Returns: %FALSE with %PD_CORE_ERROR_INVALID, saying why, when @text or
 *   the method is refused; the edit is then unchanged
 */
gboolean
pd_api_stage_edit_set_rate (PdApiStageEdit  *self,
                            const char      *resource_path,
                            const char      *http_method,
                            const char      *text,
                            GError         **error)
{
  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), FALSE);
  return set_throttle (self, resource_path, http_method, text, TRUE, error);
}

/**
 * pd_api_stage_edit_set_burst:
 * @self: a #PdApiStageEdit
 * @resource_path: (nullable): a resource of the API, or %NULL for the
 *   whole stage
 * @http_method: (nullable): a method of that resource, or %NULL
 * @text: the burst as typed
 * @error: return location for a #GError
 *
 * Sets the burst limit of the stage or of one method.
 *
 * Returns: %FALSE with %PD_CORE_ERROR_INVALID when refused
 */
gboolean
pd_api_stage_edit_set_burst (PdApiStageEdit  *self,
                             const char      *resource_path,
                             const char      *http_method,
                             const char      *text,
                             GError         **error)
{
  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), FALSE);
  return set_throttle (self, resource_path, http_method, text, FALSE, error);
}

static char *
variable_path (const char *name)
{
  return g_strdup_printf ("/variables/%s", name);
}

/**
 * pd_api_stage_edit_set_variable:
 * @self: a #PdApiStageEdit
 * @name: a stage-variable name
 * @value: its new value
 * @error: return location for a #GError
 *
 * Adds a stage variable or changes its value.
 *
 * Returns: %FALSE with %PD_CORE_ERROR_INVALID when refused
 */
gboolean
pd_api_stage_edit_set_variable (PdApiStageEdit  *self,
                                const char      *name,
                                const char      *value,
                                GError         **error)
{
  g_autofree char *path = NULL;
  const char *old;

  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), FALSE);

  if (!pd_api_check_variable_name (name, error) || !pd_api_check_variable_value (value, error))
    return FALSE;

  path = variable_path (name);
  old = pd_api_stage_get_variable (self->stage, name);
  if (g_strcmp0 (old, value) == 0)
    put_change (self, path, NULL, NULL, NULL, NULL);
  else if (old == NULL)
    put_change (self, path, pd_aws_patch_operation_new ("add", path, value),
                /* Translators: a variable's name and value */
                g_strdup_printf (_("Add the stage variable “%s” with the value “%s”"), name, value),
                pd_aws_patch_operation_new ("remove", path, NULL),
                /* Translators: a variable's name and value */
                g_strdup_printf (_("Remove the stage variable “%s” (it was “%s”)"), name, value));
  else
    put_change (self, path, pd_aws_patch_operation_new ("replace", path, value),
                /* Translators: a variable's name, its old and its new value */
                g_strdup_printf (_("Change the stage variable “%s” from “%s” to “%s”"), name, old,
                                 value),
                pd_aws_patch_operation_new ("replace", path, old),
                g_strdup_printf (_("Change the stage variable “%s” from “%s” to “%s”"), name,
                                 value, old));
  return TRUE;
}

/**
 * pd_api_stage_edit_remove_variable:
 * @self: a #PdApiStageEdit
 * @name: a stage variable the stage has
 * @error: return location for a #GError
 *
 * Removes a stage variable.
 *
 * Returns: %FALSE with %PD_CORE_ERROR_INVALID when the stage has no such
 *   variable
 */
gboolean
pd_api_stage_edit_remove_variable (PdApiStageEdit  *self,
                                   const char      *name,
                                   GError         **error)
{
  g_autofree char *path = NULL;
  const char *old;

  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), FALSE);

  if (!pd_api_check_variable_name (name, error))
    return FALSE;
  old = pd_api_stage_get_variable (self->stage, name);
  if (old == NULL)
    return invalid (error, _("The stage has no variable “%s”"), name);

  path = variable_path (name);
  put_change (self, path, pd_aws_patch_operation_new ("remove", path, NULL),
              g_strdup_printf (_("Remove the stage variable “%s” (it was “%s”)"), name, old),
              pd_aws_patch_operation_new ("add", path, old),
              g_strdup_printf (_("Add the stage variable “%s” with the value “%s”"), name, old));
  return TRUE;
}

/**
 * pd_api_stage_edit_set_logging_level:
 * @self: a #PdApiStageEdit
 * @level: `OFF`, `ERROR` or `INFO`
 * @error: return location for a #GError
 *
 * Sets the stage-wide logging level.
 *
 * Returns: %FALSE with %PD_CORE_ERROR_INVALID when refused
 */
gboolean
pd_api_stage_edit_set_logging_level (PdApiStageEdit  *self,
                                     const char      *level,
                                     GError         **error)
{
  static const char path[] = "/*/*/logging/loglevel";
  const char *old;

  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), FALSE);

  if (!pd_api_check_logging_level (level, error))
    return FALSE;
  old = pd_api_stage_get_logging_level (self->stage);
  if (g_str_equal (old, level))
    put_change (self, path, NULL, NULL, NULL, NULL);
  else
    put_change (self, path, pd_aws_patch_operation_new ("replace", path, level),
                /* Translators: the old and the new logging level (OFF, ERROR, INFO) */
                g_strdup_printf (_("Set the logging level from %s to %s"), old, level),
                pd_aws_patch_operation_new ("replace", path, old),
                g_strdup_printf (_("Set the logging level from %s to %s"), level, old));
  return TRUE;
}

/**
 * pd_api_stage_edit_set_tracing:
 * @self: a #PdApiStageEdit
 * @enabled: whether X-Ray tracing should be on
 *
 * Turns X-Ray tracing on or off.
 */
void
pd_api_stage_edit_set_tracing (PdApiStageEdit *self,
                               gboolean        enabled)
{
  static const char path[] = "/tracingEnabled";
  const char *on = _("Turn X-Ray tracing on");
  const char *off = _("Turn X-Ray tracing off");

  g_return_if_fail (PD_IS_API_STAGE_EDIT (self));

  enabled = !!enabled;
  if (pd_api_stage_get_tracing (self->stage) == enabled)
    put_change (self, path, NULL, NULL, NULL, NULL);
  else
    put_change (self, path, pd_aws_patch_operation_new ("replace", path,
                                                        enabled ? "true" : "false"),
                g_strdup (enabled ? on : off),
                pd_aws_patch_operation_new ("replace", path, enabled ? "false" : "true"),
                g_strdup (enabled ? off : on));
}

guint
pd_api_stage_edit_get_n_changes (PdApiStageEdit *self)
{
  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), 0);
  return self->changes->len;
}

/**
 * pd_api_stage_edit_dup_descriptions:
 * @self: a #PdApiStageEdit
 *
 * Returns: (transfer full): each change in plain words, in order
 */
GStrv
pd_api_stage_edit_dup_descriptions (PdApiStageEdit *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), NULL);

  for (guint i = 0; i < self->changes->len; i++)
    g_strv_builder_add (builder, ((Change *) g_ptr_array_index (self->changes, i))->description);
  return g_strv_builder_end (builder);
}

/**
 * pd_api_stage_edit_dup_operations:
 * @self: a #PdApiStageEdit
 *
 * Returns: (transfer container) (element-type PdAwsPatchOperation): the
 *   patch operations, in order
 */
GPtrArray *
pd_api_stage_edit_dup_operations (PdApiStageEdit *self)
{
  GPtrArray *operations;

  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), NULL);

  operations = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_patch_operation_free);
  for (guint i = 0; i < self->changes->len; i++)
    g_ptr_array_add (operations, pd_aws_patch_operation_copy
                     (((Change *) g_ptr_array_index (self->changes, i))->operation));
  return operations;
}

/* The inverse changes, last first, one removal per override */
static GPtrArray *
inverse_changes (PdApiStageEdit *self)
{
  GPtrArray *changes = g_ptr_array_new ();

  for (guint i = self->changes->len; i > 0; i--)
    {
      Change *change = g_ptr_array_index (self->changes, i - 1);
      gboolean seen = FALSE;

      for (guint k = 0; k < changes->len && !seen; k++)
        {
          Change *other = g_ptr_array_index (changes, k);

          seen = g_str_equal (other->inverse->op, "remove") &&
                 g_str_equal (change->inverse->op, "remove") &&
                 g_str_equal (other->inverse->path, change->inverse->path);
        }
      if (!seen)
        g_ptr_array_add (changes, change);
    }
  return changes;
}

/**
 * pd_api_stage_edit_dup_inverse_operations:
 * @self: a #PdApiStageEdit
 *
 * Returns: (transfer container) (element-type PdAwsPatchOperation): the
 *   operations that undo this edit once applied
 */
GPtrArray *
pd_api_stage_edit_dup_inverse_operations (PdApiStageEdit *self)
{
  g_autoptr(GPtrArray) changes = NULL;
  GPtrArray *operations;

  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), NULL);

  changes = inverse_changes (self);
  operations = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_patch_operation_free);
  for (guint i = 0; i < changes->len; i++)
    g_ptr_array_add (operations, pd_aws_patch_operation_copy
                     (((Change *) g_ptr_array_index (changes, i))->inverse));
  return operations;
}

/**
 * pd_api_stage_edit_dup_undo:
 * @self: a #PdApiStageEdit
 *
 * Returns: (transfer full): an edit of the same stage whose changes undo
 *   this one, described in plain words; applying it twice does nothing new
 */
PdApiStageEdit *
pd_api_stage_edit_dup_undo (PdApiStageEdit *self)
{
  g_autoptr(GPtrArray) changes = NULL;
  PdApiStageEdit *undo;

  g_return_val_if_fail (PD_IS_API_STAGE_EDIT (self), NULL);

  changes = inverse_changes (self);
  undo = pd_api_stage_edit_new (self->stage);
  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = g_ptr_array_index (changes, i);
      Change *inverse = g_new0 (Change, 1);

      inverse->operation = pd_aws_patch_operation_copy (change->inverse);
      inverse->description = g_strdup (change->inverse_description);
      inverse->inverse = pd_aws_patch_operation_copy (change->operation);
      inverse->inverse_description = g_strdup (change->description);
      g_ptr_array_add (undo->changes, inverse);
    }
  return undo;
}

/* Applying */

static void
on_reread_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdApiStageEdit *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  PdAwsApiStage *stage;

  self->applying = FALSE;
  stage = pd_aws_apigateway_get_stage_finish (PD_AWS_CLIENT (object), result, &error);
  if (stage != NULL)
    pd_api_stage_set_data (self->stage, stage);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The change is made: a failed read only leaves UpdateStage's answer */
  g_task_return_boolean (task, TRUE);
}

static void
on_updated_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdApiStageEdit *self = g_task_get_source_object (task);
  PdApi *api = pd_api_stage_get_api (self->stage);
  GCancellable *cancellable;
  GError *error = NULL;
  PdAwsApiStage *stage;

  stage = pd_aws_apigateway_update_stage_finish (PD_AWS_CLIENT (object), result, &error);
  if (stage == NULL)
    {
      self->applying = FALSE;
      g_task_return_error (task, error);
      return;
    }
  pd_api_stage_set_data (self->stage, stage);
  if (api == NULL)
    {
      self->applying = FALSE;
      g_task_return_boolean (task, TRUE);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  pd_aws_apigateway_get_stage_async (PD_AWS_CLIENT (object), pd_api_get_id (api),
                                     pd_api_stage_get_name (self->stage), cancellable,
                                     on_reread_cb, g_steal_pointer (&task));
}

/**
 * pd_api_stage_edit_apply_async:
 * @self: a #PdApiStageEdit with at least one change
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Sends every change in one UpdateStage call (AWS applies all or none),
 * then reads the stage again into its #PdApiStage.
 */
void
pd_api_stage_edit_apply_async (PdApiStageEdit      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) operations = NULL;
  PdApi *api;

  g_return_if_fail (PD_IS_API_STAGE_EDIT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_api_stage_edit_apply_async);
  api = pd_api_stage_get_api (self->stage);
  if (self->changes->len == 0)
    {
      g_task_return_new_error (task, PD_CORE_ERROR, PD_CORE_ERROR_INVALID, "%s",
                               _("There is nothing to change"));
      return;
    }
  if (api == NULL)
    {
      g_task_return_new_error (task, PD_CORE_ERROR, PD_CORE_ERROR_INVALID, "%s",
                               _("The stage no longer belongs to an API"));
      return;
    }
  if (self->applying)
    {
      g_task_return_new_error (task, PD_CORE_ERROR, PD_CORE_ERROR_BUSY, "%s",
                               _("The change is already being made"));
      return;
    }

  self->applying = TRUE;
  operations = pd_api_stage_edit_dup_operations (self);
  pd_aws_apigateway_update_stage_async (pd_api_get_client (api), pd_api_get_id (api),
                                        pd_api_stage_get_name (self->stage), operations,
                                        cancellable, on_updated_cb, g_steal_pointer (&task));
}

gboolean
pd_api_stage_edit_apply_finish (PdApiStageEdit  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
