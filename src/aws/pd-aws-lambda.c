/* pd-aws-lambda.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-error.h"
#include "pd-aws-lambda.h"
#include "pd-aws-typed-private.h"

G_DEFINE_BOXED_TYPE (PdAwsFunction, pd_aws_function, pd_aws_function_copy, pd_aws_function_free)

/**
 * pd_aws_function_copy:
 * @self: a function
 *
 * Returns: (transfer full): a deep copy of @self
 */
PdAwsFunction *
pd_aws_function_copy (const PdAwsFunction *self)
{
  PdAwsFunction *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PdAwsFunction, 1);
  copy->name = g_strdup (self->name);
  copy->arn = g_strdup (self->arn);
  copy->runtime = g_strdup (self->runtime);
  copy->memory_mb = self->memory_mb;
  copy->timeout_s = self->timeout_s;
  copy->last_modified = self->last_modified != NULL ? g_date_time_ref (self->last_modified) : NULL;
  copy->state = g_strdup (self->state);
  copy->description = g_strdup (self->description);
  return copy;
}

/**
 * pd_aws_function_free:
 * @self: (transfer full) (nullable): a function
 *
 * Frees @self.
 */
void
pd_aws_function_free (PdAwsFunction *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->arn);
  g_free (self->runtime);
  g_clear_pointer (&self->last_modified, g_date_time_unref);
  g_free (self->state);
  g_free (self->description);
  g_free (self);
}

/* Lambda writes LastModified as "2026-01-02T03:04:05.678+0000", an ISO 8601
 * form with a colonless offset. */
static gboolean
read_last_modified (JsonObject  *object,
                    const char  *path,
                    GDateTime  **out,
                    GError     **error)
{
  g_autofree char *text = NULL;

  if (!pd_aws_read_string (object, path, "LastModified", FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  *out = g_date_time_new_from_iso8601 (text, NULL);
  if (*out == NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the member “%sLastModified” is not a valid time (“%s”)", path, text);
      return FALSE;
    }
  return TRUE;
}

/**
 * pd_aws_lambda_parse_functions:
 * @reply: a ListFunctions answer (or all its pages gathered)
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsFunction): the functions,
 *   or %NULL with @error set when a member has the wrong type
 */
GPtrArray *
pd_aws_lambda_parse_functions (JsonObject  *reply,
                               GError     **error)
{
  g_autoptr(GPtrArray) functions = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pd_aws_function_free);
  JsonArray *array = NULL;

  if (!pd_aws_read_array (reply, NULL, "Functions", FALSE, &array, error))
    return NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr(PdAwsFunction) function = g_new0 (PdAwsFunction, 1);
      g_autofree char *path = g_strdup_printf ("Functions[%u].", i);
      JsonObject *object = NULL;

      if (!pd_aws_read_array_object (array, "", "Functions", i, &object, error) ||
          !pd_aws_read_string (object, path, "FunctionName", TRUE, &function->name, error) ||
          !pd_aws_read_string (object, path, "FunctionArn", FALSE, &function->arn, error) ||
          !pd_aws_read_string (object, path, "Runtime", FALSE, &function->runtime, error) ||
          !pd_aws_read_int (object, path, "MemorySize", &function->memory_mb, error) ||
          !pd_aws_read_int (object, path, "Timeout", &function->timeout_s, error) ||
          !read_last_modified (object, path, &function->last_modified, error) ||
          !pd_aws_read_string (object, path, "State", FALSE, &function->state, error) ||
          !pd_aws_read_string (object, path, "Description", FALSE, &function->description,
                               error))
        return NULL;
      g_ptr_array_add (functions, g_steal_pointer (&function));
    }
  return g_steal_pointer (&functions);
}

/**
 * pd_aws_lambda_list_functions_async:
 * @client: a #PdAwsClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every page has arrived
 * @user_data: data for @callback
 *
 * Lists every function of the region, all pages.
 */
void
pd_aws_lambda_list_functions_async (PdAwsClient         *client,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  pd_aws_typed_pages_async (client, "lambda", "ListFunctions", input, "Functions", 0,
                            (PdAwsParseFunc) pd_aws_lambda_parse_functions,
                            (GDestroyNotify) g_ptr_array_unref,
                            pd_aws_lambda_list_functions_async, cancellable, callback,
                            user_data);
}

/**
 * pd_aws_lambda_list_functions_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsFunction): the functions
 */
GPtrArray *
pd_aws_lambda_list_functions_finish (PdAwsClient   *client,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return pd_aws_typed_call_finish (client, result, pd_aws_lambda_list_functions_async, error);
}
