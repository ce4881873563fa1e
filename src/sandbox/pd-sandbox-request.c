/* pd-sandbox-request.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-private.h"
#include "pd-sandbox-server-private.h"

PdSandboxRequest *
pd_sandbox_request_new (PdSandbox         *sandbox,
                        SoupServerMessage *message)
{
  PdSandboxRequest *self = g_new0 (PdSandboxRequest, 1);

  self->ref_count = 1;
  self->sandbox = sandbox;
  self->message = g_object_ref (message);
  self->input = json_object_new ();
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->request_id = g_uuid_string_random ();
  self->validation_errors = g_ptr_array_new_with_free_func (g_free);

  return self;
}

PdSandboxRequest *
pd_sandbox_request_ref (PdSandboxRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  request->ref_count++;
  return request;
}

void
pd_sandbox_request_unref (PdSandboxRequest *request)
{
  g_return_if_fail (request != NULL);

  if (--request->ref_count > 0)
    return;

  if (request->paused && !request->replied)
    {
      /* A handler dropped the request without answering: never leave the
       * client hanging. */
      request->paused = FALSE;
      soup_server_message_set_status (request->message, 500, NULL);
      soup_server_message_unpause (request->message);
    }

  g_clear_object (&request->message);
  g_clear_pointer (&request->input, json_object_unref);
  g_clear_pointer (&request->params, g_hash_table_unref);
  g_clear_pointer (&request->labels, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->request_id, g_free);
  g_clear_pointer (&request->region, g_free);
  g_clear_pointer (&request->access_key_id, g_free);
  g_clear_pointer (&request->validation_errors, g_ptr_array_unref);
  g_free (request);
}

const char *
pd_sandbox_request_get_header (PdSandboxRequest *request,
                               const char       *name)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->message);

  return soup_message_headers_get_one (headers, name);
}

const char *
pd_sandbox_request_get_account_id (PdSandboxRequest *request)
{
  return pd_sandbox_get_account_id (request->sandbox);
}

static const char *
json_content_type (PdSandboxRequest *request)
{
  if (request->service != NULL
      && request->service->protocol == PD_SANDBOX_PROTOCOL_JSON)
    {
      if (g_strcmp0 (request->service->json_version, "1.0") == 0)
        return "application/x-amz-json-1.0";
      return "application/x-amz-json-1.1";
    }
  if (request->service == NULL && request->detected_protocol == PD_SANDBOX_PROTOCOL_JSON)
    {
      /* Refused before routing: answer in the version the client sent. */
      const char *sent = pd_sandbox_request_get_header (request, "Content-Type");

      if (sent != NULL && g_str_has_prefix (sent, "application/x-amz-json-1.0"))
        return "application/x-amz-json-1.0";
      return "application/x-amz-json-1.1";
    }
  return "application/json";
}

static void
finish_reply (PdSandboxRequest *request,
              guint             status,
              const char       *content_type,
              char             *body,
              gsize             length)
{
  SoupMessageHeaders *headers;

  if (request->replied)
    {
      g_free (body);
      return;
    }
  request->replied = TRUE;

  headers = soup_server_message_get_response_headers (request->message);
  soup_message_headers_replace (headers, "x-amzn-RequestId", request->request_id);
  soup_server_message_set_status (request->message, status, NULL);
  soup_server_message_set_response (request->message, content_type,
                                    SOUP_MEMORY_TAKE, body, length);

  pd_sandbox_request_finished (request->sandbox, request);

  if (request->paused)
    {
      request->paused = FALSE;
      soup_server_message_unpause (request->message);
    }
}

void
pd_sandbox_request_reply_json_status (PdSandboxRequest *request,
                                      guint             status,
                                      JsonObject       *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;
  gsize length;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  length = strlen (text);
  finish_reply (request, status, json_content_type (request), text, length);
}

void
pd_sandbox_request_reply_json (PdSandboxRequest *request,
                               JsonObject       *object)
{
  pd_sandbox_request_reply_json_status (request, 200, object);
}

void
pd_sandbox_request_reply_empty (PdSandboxRequest *request)
{
  g_autoptr(JsonObject) object = json_object_new ();

  pd_sandbox_request_reply_json (request, object);
}

void
pd_sandbox_request_reply_xml (PdSandboxRequest *request,
                              const char       *result_xml)
{
  const char *name = request->operation != NULL ? request->operation->name : "Unknown";
  const char *ns = request->service != NULL ? request->service->xml_namespace : NULL;
  char *body;

  body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<%sResponse xmlns=\"%s\">\n"
                          "  <%sResult>%s</%sResult>\n"
                          "  <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>\n"
                          "</%sResponse>\n",
                          name, ns != NULL ? ns : "", name,
                          result_xml != NULL ? result_xml : "", name,
                          request->request_id, name);
  finish_reply (request, 200, "text/xml", body, strlen (body));
}

void
pd_sandbox_request_reply_error (PdSandboxRequest *request,
                                guint             status,
                                const char       *code,
                                const char       *format,
                                ...)
{
  g_autofree char *message = NULL;
  PdSandboxProtocol protocol = PD_SANDBOX_PROTOCOL_JSON;
  SoupMessageHeaders *headers;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (request->replied)
    return;

  if (request->service != NULL)
    protocol = request->service->protocol;
  else
    protocol = request->detected_protocol;

  headers = soup_server_message_get_response_headers (request->message);

  switch (protocol)
    {
    case PD_SANDBOX_PROTOCOL_JSON:
      {
        g_autoptr(JsonObject) object = json_object_new ();
        const char *ns = request->service != NULL ? request->service->error_namespace : NULL;
        g_autofree char *type = ns != NULL ? g_strdup_printf ("%s#%s", ns, code) : g_strdup (code);
        g_autofree char *header = g_strdup_printf ("%s:http://internal.amazon.com/coral/%s/",
                                                   code, ns != NULL ? ns : "com.amazon.coral");

        soup_message_headers_replace (headers, "X-Amzn-ErrorType", header);
        json_object_set_string_member (object, "__type", type);
        json_object_set_string_member (object, "message", message);
        pd_sandbox_request_reply_json_status (request, status, object);
      }
      break;

    case PD_SANDBOX_PROTOCOL_REST_JSON:
      {
        g_autoptr(JsonObject) object = json_object_new ();

        soup_message_headers_replace (headers, "x-amzn-ErrorType", code);
        json_object_set_string_member (object, "message", message);
        pd_sandbox_request_reply_json_status (request, status, object);
      }
      break;

    case PD_SANDBOX_PROTOCOL_QUERY:
    default:
      {
        const char *ns = request->service != NULL ? request->service->xml_namespace : NULL;
        g_autofree char *escaped = pd_sandbox_xml_escape (message);
        char *body;

        body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<ErrorResponse xmlns=\"%s\">\n"
                                "  <Error>\n"
                                "    <Type>%s</Type>\n"
                                "    <Code>%s</Code>\n"
                                "    <Message>%s</Message>\n"
                                "  </Error>\n"
                                "  <RequestId>%s</RequestId>\n"
                                "</ErrorResponse>\n",
                                ns != NULL ? ns : "",
                                status >= 500 ? "Receiver" : "Sender",
                                code, escaped, request->request_id);
        finish_reply (request, status, "text/xml", body, strlen (body));
      }
      break;
    }
}

/* Validation, worded as AWS words it. */

void
pd_sandbox_request_add_validation (PdSandboxRequest *request,
                                   const char       *format,
                                   ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (request->validation_errors, g_strdup_vprintf (format, args));
  va_end (args);
}

static char *
describe_value (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup_printf ("'%s'", json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("'%" G_GINT64_FORMAT "'", json_node_get_int (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup_printf ("'%s'", json_node_get_boolean (node) ? "true" : "false");
      if (type == G_TYPE_DOUBLE)
        return g_strdup_printf ("'%g'", json_node_get_double (node));
    }
  return g_strdup ("'[object]'");
}

/* Member patterns are few and fixed: compile each once. */
static gboolean
match_pattern (const char *pattern,
               const char *value)
{
  static GHashTable *cache;
  G_LOCK_DEFINE_STATIC (cache);
  GRegex *regex;

  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_regex_unref);
  regex = g_hash_table_lookup (cache, pattern);
  if (regex == NULL)
    {
      g_autofree char *anchored = g_strdup_printf ("^(?:%s)$", pattern);

      regex = g_regex_new (anchored, G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (regex != NULL);
      g_hash_table_insert (cache, g_strdup (pattern), regex);
    }
  G_UNLOCK (cache);

  return g_regex_match (regex, value, 0, NULL);
}

const char *
pd_sandbox_request_get_string (PdSandboxRequest *request,
                               const char       *member,
                               gboolean          required,
                               guint             min_length,
                               guint             max_length,
                               const char       *pattern)
{
  JsonNode *node = json_object_get_member (request->input, member);
  const char *value;
  glong length;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        pd_sandbox_request_add_validation (request,
                                           "Value null at '%s' failed to satisfy constraint: "
                                           "Member must not be null", member);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *described = describe_value (node);

      pd_sandbox_request_add_validation (request,
                                         "Value %s at '%s' failed to satisfy constraint: "
                                         "Member must be a string", described, member);
      return NULL;
    }

  value = json_node_get_string (node);
  length = g_utf8_strlen (value, -1);
  if (min_length > 0 && length < (glong) min_length)
    {
      pd_sandbox_request_add_validation (request,
                                         "Value '%s' at '%s' failed to satisfy constraint: "
                                         "Member must have length greater than or equal to %u",
                                         value, member, min_length);
      return NULL;
    }
  if (max_length > 0 && length > (glong) max_length)
    {
      pd_sandbox_request_add_validation (request,
                                         "Value '%s' at '%s' failed to satisfy constraint: "
                                         "Member must have length less than or equal to %u",
                                         value, member, max_length);
      return NULL;
    }
  if (pattern != NULL)
    {
      if (!match_pattern (pattern, value))
        {
          pd_sandbox_request_add_validation (request,
                                             "Value '%s' at '%s' failed to satisfy constraint: "
                                             "Member must satisfy regular expression pattern: %s",
                                             value, member, pattern);
          return NULL;
        }
    }

  return value;
}

gint64
pd_sandbox_request_get_int (PdSandboxRequest *request,
                            const char       *member,
                            gint64            default_value,
                            gint64            min,
                            gint64            max)
{
  JsonNode *node = json_object_get_member (request->input, member);
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return default_value;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = (gint64) json_node_get_double (node);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      /* rest-json query parameters arrive as strings. */
      const char *text = json_node_get_string (node);
      char *end = NULL;

      value = g_ascii_strtoll (text, &end, 10);
      if (end == text || *end != '\0')
        {
          pd_sandbox_request_add_validation (request,
                                             "Value '%s' at '%s' failed to satisfy constraint: "
                                             "Member must be a number", text, member);
          return default_value;
        }
    }
  else
    {
      g_autofree char *described = describe_value (node);

      pd_sandbox_request_add_validation (request,
                                         "Value %s at '%s' failed to satisfy constraint: "
                                         "Member must be a number", described, member);
      return default_value;
    }

  if (value < min)
    {
      pd_sandbox_request_add_validation (request,
                                         "Value '%" G_GINT64_FORMAT "' at '%s' failed to satisfy "
                                         "constraint: Member must have value greater than or "
                                         "equal to %" G_GINT64_FORMAT, value, member, min);
      return default_value;
    }
  if (value > max)
    {
      pd_sandbox_request_add_validation (request,
                                         "Value '%" G_GINT64_FORMAT "' at '%s' failed to satisfy "
                                         "constraint: Member must have value less than or "
                                         "equal to %" G_GINT64_FORMAT, value, member, max);
      return default_value;
    }

  return value;
}

gboolean
pd_sandbox_request_get_bool (PdSandboxRequest *request,
                             const char       *member,
                             gboolean          default_value)
{
  JsonNode *node = json_object_get_member (request->input, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return default_value;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (g_ascii_strcasecmp (text, "true") == 0)
        return TRUE;
      if (g_ascii_strcasecmp (text, "false") == 0)
        return FALSE;
    }

  {
    g_autofree char *described = describe_value (node);

    pd_sandbox_request_add_validation (request,
                                       "Value %s at '%s' failed to satisfy constraint: "
                                       "Member must be a boolean", described, member);
  }
  return default_value;
}

const char *
pd_sandbox_request_get_enum (PdSandboxRequest   *request,
                             const char         *member,
                             gboolean            required,
                             const char * const *values)
{
  const char *value = pd_sandbox_request_get_string (request, member, required, 0, 0, NULL);
  g_autofree char *joined = NULL;

  if (value == NULL)
    return NULL;
  if (g_strv_contains (values, value))
    return value;

  joined = g_strjoinv (", ", (char **) values);
  pd_sandbox_request_add_validation (request,
                                     "Value '%s' at '%s' failed to satisfy constraint: "
                                     "Member must satisfy enum value set: [%s]",
                                     value, member, joined);
  return NULL;
}

JsonArray *
pd_sandbox_request_get_array (PdSandboxRequest *request,
                              const char       *member,
                              gboolean          required,
                              guint             min_items,
                              guint             max_items)
{
  JsonNode *node = json_object_get_member (request->input, member);
  JsonArray *array;
  guint n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        pd_sandbox_request_add_validation (request,
                                           "Value null at '%s' failed to satisfy constraint: "
                                           "Member must not be null", member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *described = describe_value (node);

      pd_sandbox_request_add_validation (request,
                                         "Value %s at '%s' failed to satisfy constraint: "
                                         "Member must be a list", described, member);
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < min_items)
    {
      pd_sandbox_request_add_validation (request,
                                         "Value '[]' at '%s' failed to satisfy constraint: "
                                         "Member must have length greater than or equal to %u",
                                         member, min_items);
      return NULL;
    }
  if (max_items > 0 && n > max_items)
    {
      pd_sandbox_request_add_validation (request,
                                         "Value at '%s' failed to satisfy constraint: "
                                         "Member must have length less than or equal to %u",
                                         member, max_items);
      return NULL;
    }

  return array;
}

JsonObject *
pd_sandbox_request_get_object (PdSandboxRequest *request,
                               const char       *member,
                               gboolean          required)
{
  JsonNode *node = json_object_get_member (request->input, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        pd_sandbox_request_add_validation (request,
                                           "Value null at '%s' failed to satisfy constraint: "
                                           "Member must not be null", member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *described = describe_value (node);

      pd_sandbox_request_add_validation (request,
                                         "Value %s at '%s' failed to satisfy constraint: "
                                         "Member must be a structure", described, member);
      return NULL;
    }
  return json_node_get_object (node);
}

gboolean
pd_sandbox_request_check_valid (PdSandboxRequest *request)
{
  g_autoptr(GString) message = NULL;
  guint n = request->validation_errors->len;
  const char *code;

  if (n == 0)
    return TRUE;

  message = g_string_new (NULL);
  g_string_append_printf (message, "%u validation error%s detected: ", n, n == 1 ? "" : "s");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (message, "; ");
      g_string_append (message, g_ptr_array_index (request->validation_errors, i));
    }

  code = request->service != NULL && request->service->validation_code != NULL
         ? request->service->validation_code : "ValidationException";
  pd_sandbox_request_reply_error (request, 400, code, "%s", message->str);
  return FALSE;
}

/* Paging tokens. */

char *
pd_sandbox_token_encode (const char *kind,
                         guint64     position)
{
  g_autofree char *plain = g_strdup_printf ("pd1|%s|%" G_GUINT64_FORMAT, kind, position);

  return g_base64_encode ((const guchar *) plain, strlen (plain));
}

gboolean
pd_sandbox_token_decode (const char *token,
                         const char *kind,
                         guint64    *position)
{
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  gsize length = 0;
  char *end = NULL;

  if (token == NULL || *token == '\0' || strlen (token) > 256)
    return FALSE;
  for (const char *p = token; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;

  plain = g_base64_decode (token, &length);
  if (plain == NULL || length == 0)
    return FALSE;
  text = g_strndup ((const char *) plain, length);
  parts = g_strsplit (text, "|", 3);
  if (g_strv_length (parts) != 3
      || g_strcmp0 (parts[0], "pd1") != 0
      || g_strcmp0 (parts[1], kind) != 0
      || !g_ascii_isdigit (parts[2][0]))
    return FALSE;

  *position = g_ascii_strtoull (parts[2], &end, 10);
  return end != NULL && *end == '\0';
}

char *
pd_sandbox_xml_escape (const char *text)
{
  return g_markup_escape_text (text != NULL ? text : "", -1);
}
