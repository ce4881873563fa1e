/* pd-sandbox.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "pd-sandbox.h"
#include "pd-sandbox-cicd-private.h"
#include "pd-sandbox-private.h"
#include "pd-sandbox-server-private.h"
#include "pd-sandbox-services-private.h"

#define PD_SANDBOX_ACCOUNT_ID "123456789012"
#define PD_SANDBOX_REGION     "eu-west-1"
#define PD_SANDBOX_MAX_BODY   (16 * 1024 * 1024)

typedef struct
{
  const PdSandboxServiceInfo *info;
  gpointer                    data;
  GDestroyNotify              data_free;
} ServiceEntry;

typedef struct
{
  double  throttle;
  double  server_error;
  double  reset;
  double  truncate;
  double  garbage;
  guint   latency_ms;
  char   *service;
  char   *operation;
  char   *spec;
} Faults;

struct _PdSandbox
{
  GObject     parent_instance;

  /* Owned references */
  SoupServer *server;
  char       *endpoint;
  char       *access_key_id;
  char       *secret_key;
  GArray     *services;
  GHashTable *temporary;
  GHashTable *stats;
  GRand      *rand;
  GRand      *fault_rand;
  Faults      faults;

  double      speed;
  guint32     seed;
  guint64     log_lines;
  gint64      start_wall_us;
  guint       port;
  guint64     total_requests;
};

G_DEFINE_FINAL_TYPE (PdSandbox, pd_sandbox, G_TYPE_OBJECT)

static void
faults_clear (Faults *faults)
{
  g_clear_pointer (&faults->service, g_free);
  g_clear_pointer (&faults->operation, g_free);
  g_clear_pointer (&faults->spec, g_free);
  memset (faults, 0, sizeof *faults);
}

static void
temporary_credentials_free (gpointer data)
{
  PdSandboxTemporaryCredentials *creds = data;

  g_free (creds->access_key_id);
  if (creds->secret_access_key != NULL)
    memset (creds->secret_access_key, 0, strlen (creds->secret_access_key));
  g_free (creds->secret_access_key);
  if (creds->session_token != NULL)
    memset (creds->session_token, 0, strlen (creds->session_token));
  g_free (creds->session_token);
  g_free (creds->arn);
  g_free (creds);
}

static char *
random_string (GRand      *rand,
               const char *alphabet,
               guint       length)
{
  GString *out = g_string_sized_new (length);
  guint n = strlen (alphabet);

  for (guint i = 0; i < length; i++)
    g_string_append_c (out, alphabet[g_rand_int_range (rand, 0, n)]);
  return g_string_free (out, FALSE);
}

static const ServiceEntry *
find_service (PdSandbox         *self,
              const char        *signing_name,
              PdSandboxProtocol  protocol)
{
  const ServiceEntry *fallback = NULL;

  for (guint i = 0; i < self->services->len; i++)
    {
      const ServiceEntry *entry = &g_array_index (self->services, ServiceEntry, i);

      if (g_strcmp0 (entry->info->signing_name, signing_name) != 0)
        continue;
      if (entry->info->protocol == protocol)
        return entry;
      if (fallback == NULL)
        fallback = entry;
    }
  /* A service reached with another protocol's shape still answers with its
   * own protocol's errors, as AWS does. */
  return fallback;
}

static gboolean
match_template (const char *template,
                const char *path,
                GHashTable *labels)
{
  g_auto(GStrv) tparts = g_strsplit (template, "/", -1);
  g_auto(GStrv) pparts = g_strsplit (path, "/", -1);
  guint nt = g_strv_length (tparts);
  guint np = g_strv_length (pparts);
  guint i;

  /* Tolerate one trailing slash on either side ("/functions/" and "/functions"). */
  if (nt > 1 && tparts[nt - 1][0] == '\0')
    nt--;
  if (np > 1 && pparts[np - 1][0] == '\0')
    np--;

  for (i = 0; i < nt; i++)
    {
      const char *t = tparts[i];
      gsize tl = strlen (t);

      if (tl > 2 && t[0] == '{' && t[tl - 1] == '}')
        {
          g_autofree char *name = g_strndup (t + 1, tl - 2);
          gboolean greedy = g_str_has_suffix (name, "+");
          g_autofree char *value = NULL;

          if (greedy)
            {
              g_autofree char *joined = NULL;

              if (i >= np)
                return FALSE;
              name[strlen (name) - 1] = '\0';
              joined = g_strjoinv ("/", pparts + i);
              value = g_uri_unescape_string (joined, NULL);
              if (value == NULL)
                return FALSE;
              g_hash_table_replace (labels, g_strdup (name), g_steal_pointer (&value));
              return TRUE;
            }

          if (i >= np || pparts[i][0] == '\0')
            return FALSE;
          value = g_uri_unescape_string (pparts[i], NULL);
          if (value == NULL)
            return FALSE;
          g_hash_table_replace (labels, g_strdup (name), g_steal_pointer (&value));
        }
      else if (i >= np || strcmp (t, pparts[i]) != 0)
        return FALSE;
    }

  return i == np;
}

static const PdSandboxOperation *
find_operation (const PdSandboxServiceInfo *info,
                PdSandboxRequest           *request,
                const char                 *name,
                const char                 *method,
                const char                 *path)
{
  for (guint i = 0; i < info->n_operations; i++)
    {
      const PdSandboxOperation *op = &info->operations[i];

      if (info->protocol == PD_SANDBOX_PROTOCOL_REST_JSON)
        {
          if (g_strcmp0 (op->method, method) != 0)
            continue;
          g_hash_table_remove_all (request->labels);
          if (match_template (op->path, path, request->labels))
            return op;
        }
      else if (g_strcmp0 (op->name, name) == 0)
        return op;
    }
  g_hash_table_remove_all (request->labels);
  return NULL;
}

static gboolean
parse_json_body (PdSandboxRequest *request)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (request->body, &length);
  JsonNode *root;

  if (length == 0)
    return TRUE;

  /* CBOR bodies are left to the handler, which refuses them clearly. */
  if (g_strcmp0 (pd_sandbox_request_get_header (request, "Content-Type"), "application/cbor") == 0)
    return TRUE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      pd_sandbox_request_reply_error (request, 400, "SerializationException",
                                      "Could not parse the request body: %s", error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      pd_sandbox_request_reply_error (request, 400, "SerializationException",
                                      "Start of structure or map found where not expected");
      return FALSE;
    }

  {
    JsonObject *object = json_node_get_object (root);
    g_autoptr(GList) members = json_object_get_members (object);

    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (request->input, l->data,
                              json_node_copy (json_object_get_member (object, l->data)));
  }
  return TRUE;
}

static void
parse_form (GHashTable *into,
            const char *text)
{
  g_autoptr(GHashTable) form = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (text == NULL || *text == '\0')
    return;
  form = soup_form_decode (text);
  if (form == NULL)
    return;
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (into, g_strdup (key), g_strdup (value));
}

static gboolean
fault_applies (PdSandbox        *self,
               PdSandboxRequest *request)
{
  const PdSandboxServiceInfo *info = request->service;

  if (self->faults.operation != NULL &&
      (request->operation == NULL ||
       g_strcmp0 (self->faults.operation, request->operation->name) != 0))
    return FALSE;
  if (self->faults.service == NULL)
    return TRUE;
  return info != NULL
         && (g_strcmp0 (self->faults.service, info->fault_name) == 0
             || g_strcmp0 (self->faults.service, info->signing_name) == 0);
}

/* A 200 answer that no AWS client can read: what a misconfigured proxy or
 * a broken server sends. */
static void
reply_garbage (PdSandboxRequest *request)
{
  static const char body[] = "\x01\x02 <<not an AWS response>> {\"unterminated\": [1, 2,";

  request->replied = TRUE;
  soup_server_message_set_status (request->message, 200, NULL);
  soup_server_message_set_response (request->message, "application/json", SOUP_MEMORY_STATIC,
                                    body, sizeof body - 1);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->message),
                                "x-amzn-RequestId", request->request_id);
}

static void
write_raw_and_close (SoupServerMessage *message,
                     const char        *data,
                     gsize              length)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);
  GOutputStream *out;

  if (stream == NULL)
    return;
  out = g_io_stream_get_output_stream (stream);
  if (length > 0)
    g_output_stream_write_all (out, data, length, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

void
pd_sandbox_request_finished (PdSandbox        *self,
                             PdSandboxRequest *request)
{
  if (request->fault_truncate)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (request->message);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      gsize length = g_bytes_get_size (bytes);
      g_autofree char *head = NULL;

      /* Announce the whole body, send half of it, hang up. */
      head = g_strdup_printf ("HTTP/1.1 %u OK\r\n"
                              "Content-Type: application/octet-stream\r\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                              "x-amzn-RequestId: %s\r\n"
                              "\r\n",
                              soup_server_message_get_status (request->message),
                              length, request->request_id);
      {
        g_autoptr(GString) raw = g_string_new (head);

        g_string_append_len (raw, g_bytes_get_data (bytes, NULL), length / 2);
        write_raw_and_close (request->message, raw->str, raw->len);
      }
    }
}

static void
count_request (PdSandbox  *self,
               const char *service,
               const char *operation)
{
  g_autofree char *key = g_strdup_printf ("%s.%s", service, operation);
  guint64 count = GPOINTER_TO_SIZE (g_hash_table_lookup (self->stats, key));

  g_hash_table_replace (self->stats, g_steal_pointer (&key), GSIZE_TO_POINTER (count + 1));
  self->total_requests++;
}

static void
run_handler (PdSandboxRequest *request)
{
  const PdSandboxServiceInfo *info = request->service;
  PdSandbox *self = request->sandbox;
  gpointer data = pd_sandbox_get_service_data (self, info->signing_name);

  /* Find the data of this exact registration (json and query twins may differ). */
  for (guint i = 0; i < self->services->len; i++)
    {
      const ServiceEntry *entry = &g_array_index (self->services, ServiceEntry, i);

      if (entry->info == info)
        data = entry->data;
    }

  request->operation->handler (request, data);
  if (!request->replied)
    {
      request->paused = TRUE;
      soup_server_message_pause (request->message);
    }
}

static gboolean
latency_done_cb (gpointer user_data)
{
  PdSandboxRequest *request = user_data;

  request->paused = FALSE;
  soup_server_message_unpause (request->message);
  run_handler (request);
  return G_SOURCE_REMOVE;
}

static void
apply_faults_and_run (PdSandbox        *self,
                      PdSandboxRequest *request)
{
  const PdSandboxServiceInfo *info = request->service;

  if (fault_applies (self, request))
    {
      double roll = g_rand_double (self->fault_rand);
      double edge = self->faults.throttle;

      if (roll < edge)
        {
          switch (info->protocol)
            {
            case PD_SANDBOX_PROTOCOL_QUERY:
              pd_sandbox_request_reply_error (request, 400, "Throttling", "Rate exceeded");
              break;
            case PD_SANDBOX_PROTOCOL_REST_JSON:
              soup_message_headers_replace (soup_server_message_get_response_headers (request->message),
                                            "Retry-After", "1");
              pd_sandbox_request_reply_error (request, 429, "TooManyRequestsException",
                                              "Too Many Requests");
              break;
            case PD_SANDBOX_PROTOCOL_JSON:
            default:
              pd_sandbox_request_reply_error (request, 400, "ThrottlingException", "Rate exceeded");
              break;
            }
          return;
        }
      edge += self->faults.server_error;
      if (roll < edge)
        {
          if (info->protocol == PD_SANDBOX_PROTOCOL_QUERY)
            pd_sandbox_request_reply_error (request, 503, "ServiceUnavailable",
                                            "Service is unavailable. Please try again later.");
          else
            pd_sandbox_request_reply_error (request, 503, "ServiceUnavailableException",
                                            "Service is unavailable. Please try again later.");
          return;
        }
      edge += self->faults.reset;
      if (roll < edge)
        {
          request->replied = TRUE;
          write_raw_and_close (request->message, NULL, 0);
          return;
        }
      edge += self->faults.garbage;
      if (roll < edge)
        {
          reply_garbage (request);
          return;
        }
      edge += self->faults.truncate;
      if (roll < edge)
        request->fault_truncate = TRUE;

      if (self->faults.latency_ms > 0)
        {
          request->paused = TRUE;
          soup_server_message_pause (request->message);
          g_timeout_add_full (G_PRIORITY_DEFAULT, self->faults.latency_ms, latency_done_cb,
                              pd_sandbox_request_ref (request),
                              (GDestroyNotify) pd_sandbox_request_unref);
          return;
        }
    }

  run_handler (request);
}

static PdSandboxProtocol
detect_protocol (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *content_type = soup_message_headers_get_one (headers, "Content-Type");

  if (soup_message_headers_get_one (headers, "X-Amz-Target") != NULL)
    return PD_SANDBOX_PROTOCOL_JSON;
  if (content_type != NULL
      && g_ascii_strncasecmp (content_type, "application/x-www-form-urlencoded", 33) == 0)
    return PD_SANDBOX_PROTOCOL_QUERY;
  return PD_SANDBOX_PROTOCOL_REST_JSON;
}

static void
handle_control (PdSandbox         *self,
                SoupServerMessage *message,
                const char        *path)
{
  const char *method = soup_server_message_get_method (message);

  if (g_str_equal (path, "/_sandbox/faults"))
    {
      if (g_str_equal (method, "POST"))
        {
          SoupMessageBody *body = soup_server_message_get_request_body (message);
          g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
          g_autofree char *spec = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          g_autoptr(GError) error = NULL;

          if (!pd_sandbox_set_faults (self, g_strstrip (spec), &error))
            {
              soup_server_message_set_status (message, 400, NULL);
              soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_COPY,
                                                error->message, strlen (error->message));
              return;
            }
        }
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_COPY,
                                        self->faults.spec ? self->faults.spec : "",
                                        self->faults.spec ? strlen (self->faults.spec) : 0);
      return;
    }

  if (g_str_equal (path, "/_sandbox/stats"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GList) keys = NULL;
      char *text;

      if (g_str_equal (method, "DELETE"))
        {
          g_hash_table_remove_all (self->stats);
          self->total_requests = 0;
        }

      keys = g_list_sort (g_hash_table_get_keys (self->stats), (GCompareFunc) g_strcmp0);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, self->total_requests);
      json_builder_set_member_name (builder, "requests");
      json_builder_begin_object (builder);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_add_int_value (builder,
                                      GPOINTER_TO_SIZE (g_hash_table_lookup (self->stats, l->data)));
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE,
                                        text, strlen (text));
      return;
    }

  soup_server_message_set_status (message, 404, NULL);
}

/* Refuse oversized bodies from their headers, before reading them. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *message,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  goffset length = soup_message_headers_get_content_length (headers);
  static const char body[] = "{\"__type\":\"SerializationException\","
                             "\"message\":\"Request body exceeds the limit of 16777216 bytes\"}";

  if (length > PD_SANDBOX_MAX_BODY)
    {
      soup_server_message_set_status (message, 413, NULL);
      soup_server_message_set_response (message, "application/x-amz-json-1.1", SOUP_MEMORY_STATIC,
                                        body, strlen (body));
    }
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  PdSandbox *self = user_data;
  g_autoptr(PdSandboxRequest) request = NULL;
  g_autofree char *signing_name = NULL;
  const ServiceEntry *entry;
  const char *method = soup_server_message_get_method (message);
  GUri *uri = soup_server_message_get_uri (message);
  const char *raw_path = g_uri_get_path (uri);
  const char *raw_query = g_uri_get_query (uri);
  const char *op_name = NULL;
  const char *target = NULL;

  if (g_str_has_prefix (raw_path, "/_sandbox/"))
    {
      handle_control (self, message, raw_path);
      return;
    }

  request = pd_sandbox_request_new (self, message);
  request->detected_protocol = detect_protocol (message);
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (message));

  signing_name = pd_sandbox_authenticate (self, request);
  if (signing_name == NULL)
    {
      count_request (self, "auth", "Rejected");
      return;
    }

  entry = find_service (self, signing_name, request->detected_protocol);
  if (entry == NULL)
    {
      count_request (self, signing_name, "Unknown");
      pd_sandbox_request_reply_error (request, 400, "UnrecognizedClientException",
                                      "The service %s is not offered by this endpoint",
                                      signing_name);
      return;
    }
  request->service = entry->info;

  switch (entry->info->protocol)
    {
    case PD_SANDBOX_PROTOCOL_JSON:
      target = pd_sandbox_request_get_header (request, "X-Amz-Target");
      if (target != NULL && entry->info->target_prefix != NULL
          && g_str_has_prefix (target, entry->info->target_prefix)
          && target[strlen (entry->info->target_prefix)] == '.')
        op_name = target + strlen (entry->info->target_prefix) + 1;
      break;

    case PD_SANDBOX_PROTOCOL_QUERY:
      parse_form (request->params, raw_query);
      if (g_bytes_get_size (request->body) > 0)
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (request->body, NULL),
                                             g_bytes_get_size (request->body));
          parse_form (request->params, text);
        }
      op_name = g_hash_table_lookup (request->params, "Action");
      if (op_name == NULL)
        {
          count_request (self, entry->info->fault_name, "Unknown");
          pd_sandbox_request_reply_error (request, 400, "MissingAction",
                                          "Request is missing Action parameter");
          return;
        }
      break;

    case PD_SANDBOX_PROTOCOL_REST_JSON:
    default:
      parse_form (request->params, raw_query);
      break;
    }

  request->operation = find_operation (entry->info, request, op_name, method, raw_path);
  if (request->operation == NULL)
    {
      count_request (self, entry->info->fault_name, "Unknown");
      if (entry->info->protocol == PD_SANDBOX_PROTOCOL_QUERY)
        pd_sandbox_request_reply_error (request, 400, "InvalidAction",
                                        "Could not find operation %s for version %s",
                                        op_name, entry->info->api_version);
      else if (entry->info->protocol == PD_SANDBOX_PROTOCOL_REST_JSON)
        pd_sandbox_request_reply_error (request, 404, "UnknownOperationException",
                                        "No operation matches %s %s", method, raw_path);
      else
        pd_sandbox_request_reply_error (request, 400, "UnknownOperationException",
                                        "Unknown operation %s", target ? target : "(none)");
      return;
    }

  if (entry->info->protocol != PD_SANDBOX_PROTOCOL_QUERY)
    {
      GHashTableIter iter;
      gpointer key, value;

      if (!parse_json_body (request))
        {
          count_request (self, entry->info->fault_name, request->operation->name);
          return;
        }
      g_hash_table_iter_init (&iter, request->params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!json_object_has_member (request->input, key))
          json_object_set_string_member (request->input, key, value);
      g_hash_table_iter_init (&iter, request->labels);
      while (g_hash_table_iter_next (&iter, &key, &value))
        json_object_set_string_member (request->input, key, value);
    }

  count_request (self, entry->info->fault_name, request->operation->name);
  apply_faults_and_run (self, request);
}

static void
pd_sandbox_finalize (GObject *object)
{
  PdSandbox *self = (PdSandbox *)object;

  pd_sandbox_stop (self);

  for (guint i = 0; i < self->services->len; i++)
    {
      ServiceEntry *entry = &g_array_index (self->services, ServiceEntry, i);

      if (entry->data_free != NULL && entry->data != NULL)
        entry->data_free (entry->data);
    }
  g_clear_pointer (&self->services, g_array_unref);
  g_clear_pointer (&self->temporary, g_hash_table_unref);
  g_clear_pointer (&self->stats, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->fault_rand, g_rand_free);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->access_key_id, g_free);
  if (self->secret_key != NULL)
    memset (self->secret_key, 0, strlen (self->secret_key));
  g_clear_pointer (&self->secret_key, g_free);
  faults_clear (&self->faults);

  G_OBJECT_CLASS (pd_sandbox_parent_class)->finalize (object);
}

static void
pd_sandbox_class_init (PdSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_sandbox_finalize;
}

static void
pd_sandbox_init (PdSandbox *self)
{
  g_autoptr(GRand) key_rand = g_rand_new ();

  self->speed = 1.0;
  self->services = g_array_new (FALSE, TRUE, sizeof (ServiceEntry));
  self->temporary = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           temporary_credentials_free);
  self->stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->start_wall_us = g_get_real_time ();

  /* The sandbox-only key pair is random for each instance; it is printed
   * for the clients of this instance and never stored. */
  self->access_key_id = random_string (key_rand, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  {
    g_autofree char *suffix = self->access_key_id;

    self->access_key_id = g_strconcat ("AKIA", suffix, NULL);
  }
  self->secret_key = random_string (key_rand,
                                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                                    40);
}

/**
 * pd_sandbox_new:
 *
 * Creates a sandbox with the seeded world at speed 1 and seed 1.
 *
 * Returns: (transfer full): a new #PdSandbox
 */
PdSandbox *
pd_sandbox_new (void)
{
  return pd_sandbox_new_full (1.0, 1, 0);
}

/**
 * pd_sandbox_new_full:
 * @speed: how much faster than the wall clock simulated time runs (> 0)
 * @seed: the seed that decides the world's random choices (which runs fail)
 * @log_lines: if not 0, the length of one long build log, for benchmarks
 *
 * Creates a sandbox and seeds its world.
 *
 * Returns: (transfer full): a new #PdSandbox
 */
PdSandbox *
pd_sandbox_new_full (double  speed,
                     guint32 seed,
                     guint64 log_lines)
{
  PdSandbox *self = g_object_new (PD_TYPE_SANDBOX, NULL);

  self->speed = speed > 0 ? speed : 1.0;
  self->seed = seed;
  self->log_lines = log_lines;
  self->rand = g_rand_new_with_seed (seed);
  self->fault_rand = g_rand_new_with_seed (seed ^ 0x5eed5eedu);

  /* Server, routing, CodePipeline, CodeBuild, CodeCommit and CloudWatch Logs.
   * Order matters: each module may use the ones registered before it. */
  pd_sandbox_logs_register (self);
  pd_sandbox_codecommit_register (self);
  pd_sandbox_codebuild_register (self);
  pd_sandbox_codepipeline_register (self);

  /* API Gateway, WAF, RDS, Data API, Secrets Manager, STS, Lambda and CloudWatch */
  pd_sandbox_secretsmanager_register (self);
  pd_sandbox_rds_register (self);
  pd_sandbox_rdsdata_register (self);
  pd_sandbox_sts_register (self);
  pd_sandbox_lambda_register (self);
  pd_sandbox_cloudwatch_register (self);
  pd_sandbox_apigateway_register (self);
  pd_sandbox_wafv2_register (self);

  return self;
}

static void
stop_service (gpointer data)
{
  GSocketService *service = data;

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_object_unref (service);
}

static gboolean
on_incoming_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                gpointer           user_data)
{
  SoupServer *server = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);

  /* A peer that is already gone has no remote address: drop it */
  if (local == NULL || remote == NULL)
    return TRUE;

  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY,
                       TRUE, NULL);
  soup_server_accept_iostream (server, G_IO_STREAM (connection), local, remote, NULL);
  return TRUE;
}

/* libsoup 3.2's SoupListener never drops the GSocket it accepts, and
 * soup_server_listen() never drops the address it looks up (both fixed in
 * libsoup 3.4): every connection to the sandbox would leak. Connections are
 * accepted by our own GSocketService and handed to the server instead.
 * SoupServer keeps connections alive only while it has a listener, so it
 * also gets one on a spare loopback socket that no client is told about.
 * The service lives as long as the server. Returns the bound port, or 0. */
static guint
listen_loopback (SoupServer  *server,
                 guint        port,
                 GError     **error)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) spare_address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocket) spare = NULL;

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    return 0;

  spare = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (spare == NULL ||
      !g_socket_bind (spare, spare_address, TRUE, error) ||
      !g_socket_listen (spare, error) ||
      !soup_server_listen_socket (server, spare, 0, error))
    {
      g_socket_listener_close (G_SOCKET_LISTENER (service));
      return 0;
    }

  /* Connected to the server object, the handler goes away when the server
   * does, before the service is stopped */
  g_signal_connect_object (service, "incoming", G_CALLBACK (on_incoming_cb), server, 0);
  g_object_set_data_full (G_OBJECT (server), "pd-sandbox-socket-service",
                          g_object_ref (service), stop_service);
  g_socket_service_start (service);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
}

/**
 * pd_sandbox_start:
 * @self: a #PdSandbox
 * @port: the TCP port, or 0 to pick a free one
 * @error: return location for a #GError
 *
 * Starts serving on 127.0.0.1 (never on another address) from the thread
 * default main context.
 *
 * Returns: %TRUE if listening
 */
gboolean
pd_sandbox_start (PdSandbox  *self,
                  guint       port,
                  GError    **error)
{
  guint bound;

  g_return_val_if_fail (PD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  self->server = soup_server_new ("server-header", "pipedeck-sandbox", NULL);
  soup_server_add_early_handler (self->server, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);

  if ((bound = listen_loopback (self->server, port, error)) == 0)
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  self->port = bound;

  g_free (self->endpoint);
  self->endpoint = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  return TRUE;
}

/**
 * pd_sandbox_stop:
 * @self: a #PdSandbox
 *
 * Stops listening and drops open connections. The world stays.
 */
void
pd_sandbox_stop (PdSandbox *self)
{
  g_return_if_fail (PD_IS_SANDBOX (self));

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
}

static gboolean
parse_rate (const char  *key,
            const char  *value,
            double      *out,
            GError     **error)
{
  char *end = NULL;
  double v = g_ascii_strtod (value, &end);

  if (end == value || *end != '\0' || v < 0 || v > 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Fault rate %s=%s is not a number between 0 and 1", key, value);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/**
 * pd_sandbox_set_faults:
 * @self: a #PdSandbox
 * @spec: (nullable): e.g. `throttle=0.2,5xx=0.1,latency=50ms,reset=0.05,truncate=0.05,service=logs`;
 *   empty or %NULL turns faults off
 * @error: return location for a #GError
 *
 * Replaces the injected faults. Which request gets a fault is decided by a
 * generator seeded from the sandbox seed, so runs repeat.
 *
 * Returns: %TRUE if @spec was valid (otherwise nothing changes)
 */
gboolean
pd_sandbox_set_faults (PdSandbox   *self,
                       const char  *spec,
                       GError     **error)
{
  g_auto(GStrv) items = NULL;
  Faults parsed = { 0, };

  g_return_val_if_fail (PD_IS_SANDBOX (self), FALSE);

  if (spec == NULL || *spec == '\0' || g_str_equal (spec, "none"))
    {
      faults_clear (&self->faults);
      return TRUE;
    }

  items = g_strsplit (spec, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (items[i]), "=", 2);
      gboolean ok = TRUE;

      if (kv[0] == NULL || kv[0][0] == '\0')
        continue;
      if (kv[1] == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Fault “%s” has no value (expected key=value)", kv[0]);
          faults_clear (&parsed);
          return FALSE;
        }

      if (g_str_equal (kv[0], "throttle"))
        ok = parse_rate (kv[0], kv[1], &parsed.throttle, error);
      else if (g_str_equal (kv[0], "5xx"))
        ok = parse_rate (kv[0], kv[1], &parsed.server_error, error);
      else if (g_str_equal (kv[0], "reset"))
        ok = parse_rate (kv[0], kv[1], &parsed.reset, error);
      else if (g_str_equal (kv[0], "truncate"))
        ok = parse_rate (kv[0], kv[1], &parsed.truncate, error);
      else if (g_str_equal (kv[0], "garbage"))
        ok = parse_rate (kv[0], kv[1], &parsed.garbage, error);
      else if (g_str_equal (kv[0], "latency"))
        {
          char *end = NULL;
          guint64 ms = g_ascii_strtoull (kv[1], &end, 10);

          if (end == kv[1] || (*end != '\0' && !g_str_equal (end, "ms")) || ms > 60000)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Latency “%s” is not a duration like 50ms (at most 60000ms)", kv[1]);
              ok = FALSE;
            }
          parsed.latency_ms = ms;
        }
      else if (g_str_equal (kv[0], "service"))
        {
          g_free (parsed.service);
          parsed.service = g_strdup (kv[1]);
        }
      else if (g_str_equal (kv[0], "operation"))
        {
          g_free (parsed.operation);
          parsed.operation = g_strdup (kv[1]);
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Unknown fault “%s” (known: throttle, 5xx, latency, reset, truncate, garbage, "
                       "service, operation)",
                       kv[0]);
          ok = FALSE;
        }

      if (!ok)
        {
          faults_clear (&parsed);
          return FALSE;
        }
    }

  if (parsed.throttle + parsed.server_error + parsed.reset + parsed.truncate + parsed.garbage > 1.0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Fault rates add up to more than 1");
      faults_clear (&parsed);
      return FALSE;
    }

  parsed.spec = g_strdup (spec);
  faults_clear (&self->faults);
  self->faults = parsed;
  return TRUE;
}

/**
 * pd_sandbox_get_endpoint:
 * @self: a #PdSandbox
 *
 * Returns: (nullable): the endpoint URL (`http://127.0.0.1:PORT`), once started
 */
const char *
pd_sandbox_get_endpoint (PdSandbox *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX (self), NULL);
  return self->endpoint;
}

/**
 * pd_sandbox_get_port:
 * @self: a #PdSandbox
 *
 * Returns: the port listened on, or 0 before pd_sandbox_start()
 */
guint
pd_sandbox_get_port (PdSandbox *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX (self), 0);
  return self->port;
}

/**
 * pd_sandbox_get_account_id:
 * @self: a #PdSandbox
 *
 * Returns: the account ID of the seeded world
 */
const char *
pd_sandbox_get_account_id (PdSandbox *self)
{
  return PD_SANDBOX_ACCOUNT_ID;
}

/**
 * pd_sandbox_get_access_key_id:
 * @self: a #PdSandbox
 *
 * Returns: the sandbox-only access key ID clients sign with
 */
const char *
pd_sandbox_get_access_key_id (PdSandbox *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX (self), NULL);
  return self->access_key_id;
}

/**
 * pd_sandbox_get_secret_key:
 * @self: a #PdSandbox
 *
 * Returns: the sandbox-only secret access key
 */
const char *
pd_sandbox_get_secret_key (PdSandbox *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX (self), NULL);
  return self->secret_key;
}

/**
 * pd_sandbox_get_speed:
 * @self: a #PdSandbox
 *
 * Returns: how much faster than the wall clock simulated time runs
 */
double
pd_sandbox_get_speed (PdSandbox *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX (self), 1.0);
  return self->speed;
}

/**
 * pd_sandbox_get_log_lines:
 * @self: a #PdSandbox
 *
 * Returns: the length asked for the long build log, or 0
 */
guint64
pd_sandbox_get_log_lines (PdSandbox *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX (self), 0);
  return self->log_lines;
}

/**
 * pd_sandbox_add_pipelines:
 * @self: a #PdSandbox
 * @count: how many pipelines to add
 *
 * Adds @count small pipelines (`load-001`…, three stages, a short history)
 * to the seeded world, for benchmarks that need a long list.
 */
void
pd_sandbox_add_pipelines (PdSandbox *self,
                          guint      count)
{
  g_return_if_fail (PD_IS_SANDBOX (self));
  pd_sandbox_codepipeline_add_fillers (self, count);
}

/**
 * pd_sandbox_add_apis:
 * @self: a #PdSandbox
 * @count: how many REST APIs to add
 *
 * Adds @count small REST APIs (`load-api-005`…, two stages, three
 * resources, an authorizer) to the seeded world, for benchmarks that need a
 * long list.
 */
void
pd_sandbox_add_apis (PdSandbox *self,
                     guint      count)
{
  g_return_if_fail (PD_IS_SANDBOX (self));
  pd_sandbox_apigateway_add_fillers (self, count);
}

/* Private API for service modules. */

void
pd_sandbox_register_service (PdSandbox                  *self,
                             const PdSandboxServiceInfo *info,
                             gpointer                    service_data,
                             GDestroyNotify              service_data_free)
{
  ServiceEntry entry = { info, service_data, service_data_free };

  g_return_if_fail (PD_IS_SANDBOX (self));
  g_return_if_fail (info != NULL && info->signing_name != NULL);

  g_array_append_val (self->services, entry);
}

gpointer
pd_sandbox_get_service_data (PdSandbox  *self,
                             const char *signing_name)
{
  for (guint i = 0; i < self->services->len; i++)
    {
      const ServiceEntry *entry = &g_array_index (self->services, ServiceEntry, i);

      if (g_strcmp0 (entry->info->signing_name, signing_name) == 0 && entry->data != NULL)
        return entry->data;
    }
  return NULL;
}

char *
pd_sandbox_new_uuid (PdSandbox *self)
{
  guint32 w[4];

  for (guint i = 0; i < 4; i++)
    w[i] = g_rand_int (self->rand);
  /* Version 4, variant 1, from the seeded generator so worlds repeat. */
  w[1] = (w[1] & 0xffff0fffu) | 0x00004000u;
  w[2] = (w[2] & 0x3fffffffu) | 0x80000000u;
  return g_strdup_printf ("%08x-%04x-%04x-%04x-%04x%08x",
                          w[0], w[1] >> 16, w[1] & 0xffff, w[2] >> 16, w[2] & 0xffff, w[3]);
}

GRand *
pd_sandbox_get_rand (PdSandbox *self)
{
  return self->rand;
}

guint32
pd_sandbox_get_seed (PdSandbox *self)
{
  return self->seed;
}

const char *
pd_sandbox_get_region (PdSandbox *self)
{
  return PD_SANDBOX_REGION;
}

gint64
pd_sandbox_now_ms (PdSandbox *self)
{
  gint64 elapsed_us = g_get_real_time () - self->start_wall_us;

  return self->start_wall_us / 1000 + (gint64) (elapsed_us / 1000.0 * self->speed);
}

guint
pd_sandbox_add_timeout (PdSandbox      *self,
                        guint64         sim_ms,
                        GSourceFunc     func,
                        gpointer        data,
                        GDestroyNotify  notify)
{
  guint real_ms = (guint) MIN ((double) sim_ms / self->speed, (double) G_MAXUINT);

  return g_timeout_add_full (G_PRIORITY_DEFAULT, real_ms, func, data, notify);
}

const PdSandboxTemporaryCredentials *
pd_sandbox_issue_temporary_credentials (PdSandbox  *self,
                                        const char *arn,
                                        gint64      duration_seconds)
{
  g_autoptr(GRand) key_rand = g_rand_new ();
  PdSandboxTemporaryCredentials *creds = g_new0 (PdSandboxTemporaryCredentials, 1);
  g_autofree char *suffix = random_string (key_rand, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);

  creds->access_key_id = g_strconcat ("ASIA", suffix, NULL);
  creds->secret_access_key = random_string (key_rand,
                                            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                                            40);
  {
    g_autofree char *token = random_string (key_rand,
                                            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                                            180);
    creds->session_token = g_strconcat ("IQoJb3JpZ2luX2VjE", token, NULL);
  }
  creds->arn = g_strdup (arn);
  creds->expiration_us = g_get_real_time () + duration_seconds * G_USEC_PER_SEC;
  g_hash_table_replace (self->temporary, creds->access_key_id, creds);
  return creds;
}

const PdSandboxTemporaryCredentials *
pd_sandbox_lookup_temporary_credentials (PdSandbox  *self,
                                         const char *access_key_id)
{
  return g_hash_table_lookup (self->temporary, access_key_id);
}

gboolean
pd_sandbox_lookup_key (PdSandbox   *self,
                       const char  *access_key_id,
                       const char **secret_access_key,
                       const char **session_token,
                       gint64      *expiration_us)
{
  const PdSandboxTemporaryCredentials *creds;

  if (g_strcmp0 (access_key_id, self->access_key_id) == 0)
    {
      *secret_access_key = self->secret_key;
      *session_token = NULL;
      *expiration_us = 0;
      return TRUE;
    }

  creds = g_hash_table_lookup (self->temporary, access_key_id);
  if (creds == NULL)
    return FALSE;
  *secret_access_key = creds->secret_access_key;
  *session_token = creds->session_token;
  *expiration_us = creds->expiration_us;
  return TRUE;
}
