/* pd-aws-typed.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pd-aws-error.h"
#include "pd-aws-protocol.h"
#include "pd-aws-typed-private.h"

/* Beyond year 9999 GDateTime gives up; AWS never sends such times. */
#define MAX_EPOCH_SECONDS 253402300799.0

/* A service that keeps handing out new tokens must not page forever */
#define MAX_PAGES 1000

typedef struct
{
  char      *service;
  char      *operation;
  char      *array_member;
  JsonObject *input;
  JsonArray *items;
  guint      max_pages;
  guint      pages;
} PagesData;

static void
pages_data_free (PagesData *data)
{
  g_free (data->service);
  g_free (data->operation);
  g_free (data->array_member);
  g_clear_pointer (&data->input, json_object_unref);
  g_clear_pointer (&data->items, json_array_unref);
  g_free (data);
}

static const char *
node_kind (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return "a number";
    default:
      return "a value";
    }
}

static JsonNode *
member_node (JsonObject *object,
             const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  /* An explicit null is a missing member */
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
wrong_type (JsonNode    *node,
            const char  *path,
            const char  *member,
            const char  *wanted,
            GError     **error)
{
  g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
               "the member “%s%s” is %s where %s was expected",
               path != NULL ? path : "", member, node_kind (node), wanted);
  return FALSE;
}

static gboolean
missing (const char  *path,
         const char  *member,
         GError     **error)
{
  g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
               "the required member “%s%s” is missing", path != NULL ? path : "", member);
  return FALSE;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
pd_aws_read_string (JsonObject  *object,
                    const char  *path,
                    const char  *member,
                    gboolean     required,
                    char       **out,
                    GError     **error)
{
  JsonNode *node = member_node (object, member);

  if (node == NULL)
    return required ? missing (path, member, error) : TRUE;
  if (!is_string (node))
    return wrong_type (node, path, member, "a string", error);

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
pd_aws_read_int (JsonObject  *object,
                 const char  *path,
                 const char  *member,
                 gint64      *out,
                 GError     **error)
{
  JsonNode *node = member_node (object, member);
  double value;

  if (node == NULL)
    return TRUE;
  if (!is_number (node))
    return wrong_type (node, path, member, "a number", error);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  value = json_node_get_double (node);
  if (!isfinite (value) || value != floor (value) || fabs (value) > 9007199254740992.0)
    return wrong_type (node, path, member, "a whole number", error);
  *out = (gint64) value;
  return TRUE;
}

gboolean
pd_aws_read_bool (JsonObject  *object,
                  const char  *path,
                  const char  *member,
                  gboolean    *out,
                  GError     **error)
{
  JsonNode *node = member_node (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (node, path, member, "a boolean", error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
pd_aws_read_time (JsonObject  *object,
                  const char  *path,
                  const char  *member,
                  GDateTime  **out,
                  GError     **error)
{
  JsonNode *node = member_node (object, member);
  g_autoptr(GDateTime) whole = NULL;
  double seconds;
  double integral;

  if (node == NULL)
    return TRUE;
  if (!is_number (node))
    return wrong_type (node, path, member, "a time in epoch seconds", error);

  seconds = json_node_get_value_type (node) == G_TYPE_INT64
    ? (double) json_node_get_int (node) : json_node_get_double (node);
  if (!isfinite (seconds) || seconds < 0 || seconds > MAX_EPOCH_SECONDS)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the member “%s%s” is not a valid time (%g epoch seconds)",
                   path != NULL ? path : "", member, seconds);
      return FALSE;
    }

  integral = floor (seconds);
  whole = g_date_time_new_from_unix_utc ((gint64) integral);
  g_clear_pointer (out, g_date_time_unref);
  *out = g_date_time_add (whole, (GTimeSpan) llround ((seconds - integral) * G_USEC_PER_SEC));
  return TRUE;
}

int
pd_aws_enum_from_string (const char * const *values,
                         const char         *value)
{
  if (value == NULL)
    return 0;
  for (int i = 1; values[i] != NULL; i++)
    if (g_str_equal (values[i], value))
      return i;
  return 0;
}

gboolean
pd_aws_read_enum (JsonObject          *object,
                  const char          *path,
                  const char          *member,
                  const char * const  *values,
                  int                 *out,
                  char               **raw,
                  GError             **error)
{
  g_autofree char *value = NULL;

  if (!pd_aws_read_string (object, path, member, FALSE, &value, error))
    return FALSE;

  /* Unknown values are kept raw: AWS adds values over time */
  *out = pd_aws_enum_from_string (values, value);
  if (raw != NULL && value != NULL)
    {
      g_free (*raw);
      *raw = g_steal_pointer (&value);
    }
  return TRUE;
}

/* Sets @out to the node of @member, which must be of @type (@wanted names
 * it in errors); to %NULL if the member is optional and missing */
static gboolean
read_node (JsonObject    *object,
           const char    *path,
           const char    *member,
           gboolean       required,
           JsonNodeType   type,
           const char    *wanted,
           JsonNode     **out,
           GError       **error)
{
  JsonNode *node = member_node (object, member);

  *out = NULL;
  if (node == NULL)
    return required ? missing (path, member, error) : TRUE;
  if (JSON_NODE_TYPE (node) != type)
    return wrong_type (node, path, member, wanted, error);
  *out = node;
  return TRUE;
}

gboolean
pd_aws_read_object (JsonObject  *object,
                    const char  *path,
                    const char  *member,
                    gboolean     required,
                    JsonObject **out,
                    GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!read_node (object, path, member, required, JSON_NODE_OBJECT, "an object", &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_object (node);
  return TRUE;
}

gboolean
pd_aws_read_array (JsonObject  *object,
                   const char  *path,
                   const char  *member,
                   gboolean     required,
                   JsonArray  **out,
                   GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!read_node (object, path, member, required, JSON_NODE_ARRAY, "an array", &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_array (node);
  return TRUE;
}

gboolean
pd_aws_read_array_object (JsonArray   *array,
                          const char  *path,
                          const char  *member,
                          guint        index,
                          JsonObject **out,
                          GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                   "the member “%s%s[%u]” is %s where an object was expected",
                   path != NULL ? path : "", member, index, node_kind (node));
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
pd_aws_read_string_map (JsonObject  *object,
                        const char  *path,
                        const char  *member,
                        GHashTable **out,
                        GError     **error)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *inner;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (!pd_aws_read_object (object, path, member, FALSE, &inner, error))
    return FALSE;

  if (inner != NULL)
    {
      json_object_iter_init (&iter, inner);
      while (json_object_iter_next (&iter, &key, &value))
        {
          if (!is_string (value))
            {
              g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                           "the member “%s%s.%s” is %s where a string was expected",
                           path != NULL ? path : "", member, key, node_kind (value));
              return FALSE;
            }
          g_hash_table_insert (map, g_strdup (key), g_strdup (json_node_get_string (value)));
        }
    }

  g_clear_pointer (out, g_hash_table_unref);
  *out = g_steal_pointer (&map);
  return TRUE;
}

gboolean
pd_aws_read_string_list (JsonObject  *object,
                         const char  *path,
                         const char  *member,
                         GStrv       *out,
                         GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!pd_aws_read_array (object, path, member, FALSE, &array, error))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!is_string (node))
        {
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                       "the member “%s%s[%u]” is %s where a string was expected",
                       path != NULL ? path : "", member, i, node_kind (node));
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
pd_aws_read_name_list (JsonObject  *object,
                       const char  *path,
                       const char  *member,
                       GStrv       *out,
                       GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!pd_aws_read_array (object, path, member, FALSE, &array, error))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s%s[%u].", path != NULL ? path : "",
                                                    member, i);
      g_autofree char *name = NULL;
      JsonObject *item;

      if (!pd_aws_read_array_object (array, path, member, i, &item, error) ||
          !pd_aws_read_string (item, item_path, "name", TRUE, &name, error))
        return FALSE;
      g_strv_builder_add (builder, name);
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static void
call_next_page (GTask *task);

static void
on_page_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = NULL;
  PagesData *data = g_task_get_task_data (task);
  const PdAwsOperation *info;
  JsonObject *page;
  JsonArray *items;
  GError *error = NULL;

  node = pd_aws_client_call_finish (PD_AWS_CLIENT (object), result, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  page = json_node_get_object (node);
  if (!pd_aws_read_array (page, NULL, data->array_member, FALSE, &items, &error))
    {
      g_prefix_error (&error, "%s: ", data->operation);
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    json_array_add_element (data->items, json_node_copy (json_array_get_element (items, i)));
  data->pages++;

  info = pd_aws_operation_lookup (data->service, data->operation);
  g_assert (info != NULL && info->paging != NULL);

  if (pd_aws_paging_next (info->paging, data->input, page))
    {
      if ((data->max_pages == 0 && data->pages < MAX_PAGES) || data->pages < data->max_pages)
        {
          call_next_page (g_steal_pointer (&task));
          return;
        }
    }
  else
    json_object_remove_member (data->input, info->paging->input_key);

  {
    JsonObject *reply = json_object_new ();
    const char *next = json_object_get_string_member_with_default (data->input,
                                                                   info->paging->input_key,
                                                                   NULL);

    json_object_set_array_member (reply, data->array_member, json_array_ref (data->items));
    if (next != NULL)
      json_object_set_string_member (reply, info->paging->output_key, next);
    g_task_return_pointer (task, reply, (GDestroyNotify) json_object_unref);
  }
}

static void
call_next_page (GTask *task)
{
  PagesData *data = g_task_get_task_data (task);

  pd_aws_client_call_async (g_task_get_source_object (task), data->service, data->operation,
                            data->input, g_task_get_cancellable (task), on_page_cb, task);
}

void
pd_aws_call_pages_async (PdAwsClient         *client,
                         const char          *service,
                         const char          *operation,
                         JsonObject          *input,
                         const char          *array_member,
                         guint                max_pages,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PagesData *data;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (input != NULL);
  g_return_if_fail (pd_aws_operation_lookup (service, operation) != NULL);
  g_return_if_fail (pd_aws_operation_lookup (service, operation)->paging != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_aws_call_pages_async);
  data = g_new0 (PagesData, 1);
  data->service = g_strdup (service);
  data->operation = g_strdup (operation);
  data->array_member = g_strdup (array_member);
  data->input = json_object_ref (input);
  data->items = json_array_new ();
  data->max_pages = max_pages;
  g_task_set_task_data (task, data, (GDestroyNotify) pages_data_free);

  call_next_page (g_steal_pointer (&task));
}

JsonObject *
pd_aws_call_pages_finish (PdAwsClient   *client,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char              *operation;
  PdAwsParseFunc     parse;
  PdAwsParseDataFunc parse_data_func;
  gpointer           parse_data;
  GDestroyNotify     parse_data_free;
  GDestroyNotify     destroy;
  /* The answer, while a worker thread parses it */
  JsonNode          *reply;
} TypedCall;

static void
typed_call_free (TypedCall *call)
{
  g_free (call->operation);
  if (call->parse_data_free != NULL)
    call->parse_data_free (call->parse_data);
  g_clear_pointer (&call->reply, json_node_unref);
  g_free (call);
}

static GTask *
typed_task_new (PdAwsClient         *client,
                const char          *operation,
                PdAwsParseFunc       parse,
                GDestroyNotify       destroy,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  TypedCall *call = g_new0 (TypedCall, 1);

  g_task_set_source_tag (task, source_tag);
  call->operation = g_strdup (operation);
  call->parse = parse;
  call->destroy = destroy;
  g_task_set_task_data (task, call, (GDestroyNotify) typed_call_free);
  return task;
}

/* Parses @reply (or passes @error on) and completes @task. A parse error
 * always names the operation, whether or not the parser did. */
static void
typed_return (GTask      *task,
              JsonObject *reply,
              GError     *error)
{
  TypedCall *call = g_task_get_task_data (task);
  g_autofree char *prefix = NULL;
  gpointer parsed;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  parsed = call->parse != NULL ? call->parse (reply, &error)
                               : call->parse_data_func (reply, call->parse_data, &error);
  if (parsed != NULL)
    {
      g_task_return_pointer (task, parsed, call->destroy);
      return;
    }
  if (error == NULL)
    error = g_error_new_literal (PD_AWS_ERROR, PD_AWS_ERROR_PARSE, "the answer could not be read");
  prefix = g_strdup_printf ("%s: ", call->operation);
  if (!g_str_has_prefix (error->message, prefix))
    g_prefix_error (&error, "%s", prefix);
  g_task_return_error (task, error);
}

static void
on_typed_call_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = pd_aws_client_call_finish (PD_AWS_CLIENT (object), result, &error);
  typed_return (task, node != NULL ? json_node_get_object (node) : NULL, error);
}

static void
on_typed_pages_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = pd_aws_call_pages_finish (PD_AWS_CLIENT (object), result, &error);
  typed_return (task, reply, error);
}

/* Runs in a worker thread: a page of thousands of members takes longer than
 * a frame to read out of its tree and to free. */
static void
typed_parse_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  TypedCall *call = task_data;
  g_autoptr(JsonNode) reply = g_steal_pointer (&call->reply);

  if (!JSON_NODE_HOLDS_OBJECT (reply))
    g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_PARSE,
                             "%s: the answer is not a JSON object", call->operation);
  else
    typed_return (task, json_node_get_object (reply), NULL);
}

static void
on_typed_threaded_call_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TypedCall *call = g_task_get_task_data (task);
  GError *error = NULL;

  call->reply = pd_aws_client_call_finish (PD_AWS_CLIENT (object), result, &error);
  if (call->reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_run_in_thread (task, typed_parse_thread);
}

void
pd_aws_typed_call_async (PdAwsClient         *client,
                         const char          *service,
                         const char          *operation,
                         JsonObject          *input,
                         PdAwsParseFunc       parse,
                         GDestroyNotify       destroy,
                         gpointer             source_tag,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (parse != NULL);

  task = typed_task_new (client, operation, parse, destroy, source_tag, cancellable, callback,
                         user_data);
  pd_aws_client_call_async (client, service, operation, input, cancellable, on_typed_call_cb,
                            task);
}

void
pd_aws_typed_call_threaded_async (PdAwsClient         *client,
                                  const char          *service,
                                  const char          *operation,
                                  JsonObject          *input,
                                  PdAwsParseFunc       parse,
                                  GDestroyNotify       destroy,
                                  gpointer             source_tag,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (parse != NULL);

  task = typed_task_new (client, operation, parse, destroy, source_tag, cancellable, callback,
                         user_data);
  pd_aws_client_call_async (client, service, operation, input, cancellable,
                            on_typed_threaded_call_cb, task);
}

void
pd_aws_typed_call_full_async (PdAwsClient         *client,
                              const char          *service,
                              const char          *operation,
                              JsonObject          *input,
                              PdAwsParseDataFunc   parse,
                              gpointer             parse_data,
                              GDestroyNotify       parse_data_free,
                              GDestroyNotify       destroy,
                              gpointer             source_tag,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  TypedCall *call;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (parse != NULL);

  task = typed_task_new (client, operation, NULL, destroy, source_tag, cancellable, callback,
                         user_data);
  call = g_task_get_task_data (task);
  call->parse_data_func = parse;
  call->parse_data = parse_data;
  call->parse_data_free = parse_data_free;
  pd_aws_client_call_async (client, service, operation, input, cancellable, on_typed_call_cb,
                            task);
}

void
pd_aws_typed_pages_async (PdAwsClient         *client,
                          const char          *service,
                          const char          *operation,
                          JsonObject          *input,
                          const char          *array_member,
                          guint                max_pages,
                          PdAwsParseFunc       parse,
                          GDestroyNotify       destroy,
                          gpointer             source_tag,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PD_AWS_IS_CLIENT (client));
  g_return_if_fail (parse != NULL);

  task = typed_task_new (client, operation, parse, destroy, source_tag, cancellable, callback,
                         user_data);
  pd_aws_call_pages_async (client, service, operation, input, array_member, max_pages,
                           cancellable, on_typed_pages_cb, task);
}

gpointer
pd_aws_typed_call_finish (PdAwsClient   *client,
                          GAsyncResult  *result,
                          gpointer       source_tag,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pd_aws_typed_fail (PdAwsClient         *client,
                   gpointer             source_tag,
                   GError              *error,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (client, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}
