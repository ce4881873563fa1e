/* pd-aws-client.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "pd-aws-client.h"
#include "pd-aws-error.h"
#include "pd-aws-loopback-private.h"
#include "pd-aws-protocol.h"
#include "pd-aws-proxy-resolver-private.h"
#include "pd-aws-sigv4.h"

#define DEFAULT_MAX_ATTEMPTS        3
#define DEFAULT_CONNS_PER_HOST      6
#define DEFAULT_CONNECT_TIMEOUT_MS  10000
#define DEFAULT_READ_TIMEOUT_MS     60000
#define READ_CHUNK                  (64 * 1024)
#define LOG_BODY_MAX                4096

/* The standard retry mode (aws-protocols.md §5) */
#define RETRY_QUOTA_MAX             500
#define RETRY_COST                  5
#define RETRY_COST_TIMEOUT          10
#define BACKOFF_BASE_MS             1000
#define BACKOFF_CAP_MS              20000
#define RETRY_AFTER_SLACK_MS        5000

/* A server Date this far from our corrected clock confirms a skew error */
#define SKEW_THRESHOLD              (4 * G_TIME_SPAN_MINUTE)

struct _PdAwsClient
{
  GObject                   parent_instance;

  /* Owned references */
  PdAwsCredentialsProvider *provider;
  SoupSession              *session;
  PdAwsLoopbackPins        *pins;
  char                     *region;
  char                     *endpoint_override;
  PdAwsConfigLookupFunc     lookup;
  gpointer                  lookup_data;
  GDestroyNotify            lookup_destroy;

  /* Borrowed references */
  PdAwsClientRandomFunc     random_func;
  PdAwsClientSleepFunc      sleep_func;
  gpointer                  hook_data;

  /* State */
  gsize                     max_response_size;
  guint                     max_attempts;
  guint                     max_conns_per_host;
  guint                     connect_timeout_ms;
  guint                     read_timeout_ms;
  guint                     retry_quota;
  GTimeSpan                 clock_offset;
};

G_DEFINE_FINAL_TYPE (PdAwsClient, pd_aws_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CREDENTIALS_PROVIDER,
  PROP_REGION,
  PROP_ENDPOINT_OVERRIDE,
  PROP_MAX_CONNECTIONS_PER_HOST,
  PROP_MAX_RESPONSE_SIZE,
  PROP_MAX_ATTEMPTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const PdAwsService *service;
  char               *operation;
  PdAwsEndpoint      *endpoint;
  char               *base_path;
  PdAwsHttpRequest   *request;
  PdAwsCredentials   *credentials;
  char               *invocation_id;
  guint               attempt;
  guint               last_retry_cost;
  gboolean            skew_retried;
  gboolean            refreshed;

  /* The attempt in flight */
  SoupMessage        *message;
  char               *address;
  GInputStream       *stream;
  GByteArray         *body;
  GCancellable       *attempt_cancellable;
  gulong              cancelled_id;
  GSource            *timeout_source;
  GSource            *wait_source;
  GSource            *wait_cancel_source;
  gboolean            timed_out;
  gint64              started;
} CallData;

static void
call_data_stop_timer (CallData *data)
{
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_clear_pointer (&data->timeout_source, g_source_unref);
    }
}

/* Bodies may hold secrets (STS credentials, Secrets Manager values) */
static void
wipe_body (CallData *data)
{
  if (data->body != NULL)
    {
      if (data->body->len > 0)
        explicit_bzero (data->body->data, data->body->len);
      g_clear_pointer (&data->body, g_byte_array_unref);
    }
}

static void
call_data_clear_attempt (CallData     *data,
                         GCancellable *cancellable)
{
  call_data_stop_timer (data);
  if (data->cancelled_id != 0)
    {
      g_cancellable_disconnect (cancellable, data->cancelled_id);
      data->cancelled_id = 0;
    }
  g_clear_object (&data->stream);
  g_clear_object (&data->message);
  g_clear_pointer (&data->address, g_free);
  g_clear_object (&data->attempt_cancellable);
  wipe_body (data);
}

static void
call_data_free (CallData *data)
{
  call_data_stop_timer (data);
  g_assert (data->cancelled_id == 0);
  if (data->wait_source != NULL)
    {
      g_source_destroy (data->wait_source);
      g_source_unref (data->wait_source);
    }
  if (data->wait_cancel_source != NULL)
    {
      g_source_destroy (data->wait_cancel_source);
      g_source_unref (data->wait_cancel_source);
    }
  g_clear_object (&data->stream);
  g_clear_object (&data->message);
  g_clear_pointer (&data->address, g_free);
  g_clear_object (&data->attempt_cancellable);
  wipe_body (data);
  g_free (data->operation);
  g_free (data->base_path);
  g_free (data->invocation_id);
  g_clear_pointer (&data->endpoint, pd_aws_endpoint_free);
  g_clear_pointer (&data->request, pd_aws_http_request_free);
  g_clear_pointer (&data->credentials, pd_aws_credentials_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallData, call_data_free)

static void send_attempt (GTask *task);

/* ---- logging with secrets redacted ---- */

static gboolean
debug_enabled (void)
{
  return !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
}

static gboolean
header_is_secret (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_equal (lower, "authorization") || strstr (lower, "token") != NULL ||
         strstr (lower, "secret") != NULL || strstr (lower, "password") != NULL ||
         g_str_equal (lower, "cookie") || g_str_equal (lower, "set-cookie");
}

#define SECRET_MEMBERS \
  "SecretAccessKey|secretAccessKey|SessionToken|sessionToken|SecretString|SecretBinary|" \
  "TokenCode|Password|password|secret|Token|token"

static char *
redact_body (const char *data,
             gsize       length)
{
  static GRegex *json_re;
  static GRegex *xml_re;
  static GRegex *form_re;
  g_autofree char *text = NULL;
  g_autofree char *step1 = NULL;
  g_autofree char *step2 = NULL;
  char *result;

  if (g_once_init_enter (&form_re))
    {
      json_re = g_regex_new ("(\"(?:" SECRET_MEMBERS ")\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"?",
                             G_REGEX_OPTIMIZE, 0, NULL);
      xml_re = g_regex_new ("<(" SECRET_MEMBERS ")>[^<]*", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&form_re, g_regex_new ("((?:^|&)(?:[A-Za-z0-9.]*\\.)?(?:"
                                                SECRET_MEMBERS ")=)[^&]*",
                                                G_REGEX_OPTIMIZE, 0, NULL));
    }

  if (!g_utf8_validate (data, length, NULL))
    return g_strdup_printf ("<%" G_GSIZE_FORMAT " bytes, not UTF-8>", length);

  text = g_strndup (data, length);
  step1 = g_regex_replace (json_re, text, -1, 0, "\\1\"<redacted>\"", 0, NULL);
  step2 = g_regex_replace (xml_re, step1 != NULL ? step1 : "", -1, 0, "<\\1><redacted>", 0, NULL);
  result = g_regex_replace (form_re, step2 != NULL ? step2 : "", -1, 0, "\\1<redacted>", 0, NULL);
  if (result == NULL)
    return g_strdup ("<body not shown>");

  if (strlen (result) > LOG_BODY_MAX)
    {
      char *cut = g_utf8_find_prev_char (result, result + LOG_BODY_MAX);
      char *shown;

      if (cut == NULL)
        cut = result;
      shown = g_strdup_printf ("%.*s… (%" G_GSIZE_FORMAT " bytes in all)",
                               (int) (cut - result), result, length);
      g_free (result);
      result = shown;
    }

  return result;
}

static void
append_headers (GString            *out,
                SoupMessageHeaders *headers)
{
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (out, "\n  %s: %s", name, header_is_secret (name) ? "<redacted>" : value);
}

static void
log_request (CallData *data)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *uri = NULL;

  if (!debug_enabled ())
    return;

  uri = g_uri_to_string (soup_message_get_uri (data->message));
  out = g_string_new (NULL);
  g_string_append_printf (out, "> %s %s (%s.%s, attempt %u)", soup_message_get_method (data->message),
                          uri, data->service->name, data->operation, data->attempt);
  append_headers (out, soup_message_get_request_headers (data->message));
  if (data->request->body != NULL && g_bytes_get_size (data->request->body) > 0)
    {
      gsize length;
      const char *body = g_bytes_get_data (data->request->body, &length);
      g_autofree char *shown = redact_body (body, length);

      g_string_append_printf (out, "\n  body: %s", shown);
    }
  g_debug ("%s", out->str);
}

static void
log_response (CallData *data)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *shown = NULL;

  if (!debug_enabled ())
    return;

  out = g_string_new (NULL);
  g_string_append_printf (out, "< %u %s in %" G_GINT64_FORMAT " ms (%s.%s, attempt %u)",
                          soup_message_get_status (data->message),
                          soup_message_get_reason_phrase (data->message),
                          (g_get_monotonic_time () - data->started) / 1000,
                          data->service->name, data->operation, data->attempt);
  append_headers (out, soup_message_get_response_headers (data->message));
  shown = redact_body ((const char *) data->body->data, data->body->len);
  g_string_append_printf (out, "\n  body: %s", shown);
  g_debug ("%s", out->str);
}

/* ---- retry policy ---- */

static const char * const transient_codes[] = {
  "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "IDPCommunicationError",
  NULL
};

static const char * const skew_codes[] = {
  "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
  "SignatureDoesNotMatch", "AuthFailure",
  NULL
};

static gboolean
error_is_retryable (const GError *error,
                    gboolean     *is_timeout)
{
  *is_timeout = FALSE;

  if (error->domain == PD_AWS_ERROR)
    {
      const char *code = pd_aws_error_get_aws_code (error);
      guint status = pd_aws_error_get_http_status (error);

      if (error->code == PD_AWS_ERROR_TIMEOUT)
        {
          *is_timeout = TRUE;
          return TRUE;
        }
      if (status == 0 && error->code == PD_AWS_ERROR_PARSE)
        return FALSE;
      if (error->code == PD_AWS_ERROR_THROTTLED)
        return TRUE;
      if (status == 500 || status == 502 || status == 503 || status == 504)
        return TRUE;
      if (code != NULL && g_strv_contains (transient_codes, code))
        return TRUE;
      return FALSE;
    }

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CANCELLED:
          return FALSE;
        case G_IO_ERROR_TIMED_OUT:
          *is_timeout = TRUE;
          return TRUE;
        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_CONNECTION_CLOSED:
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_PARTIAL_INPUT:
        case G_IO_ERROR_FAILED:
          return TRUE;
        default:
          return FALSE;
        }
    }

  /* libsoup's own errors for a peer that hung up or sent garbage */
  if (error->domain == SOUP_SESSION_ERROR)
    return error->code == SOUP_SESSION_ERROR_PARSING ||
           error->code == SOUP_SESSION_ERROR_ENCODING;

  return FALSE;
}

static guint
retry_after_ms (SoupMessage *message)
{
  SoupMessageHeaders *headers;
  const char *value;
  guint64 parsed;

  if (message == NULL)
    return 0;

  headers = soup_message_get_response_headers (message);
  if ((value = soup_message_headers_get_one (headers, "x-amz-retry-after")) != NULL &&
      g_ascii_string_to_unsigned (value, 10, 0, 3600 * 1000, &parsed, NULL))
    return (guint) parsed;
  if ((value = soup_message_headers_get_one (headers, "Retry-After")) != NULL)
    {
      g_autofree char *copy = g_strstrip (g_strdup (value));

      if (g_ascii_string_to_unsigned (copy, 10, 0, 3600, &parsed, NULL))
        return (guint) parsed * 1000;
    }

  return 0;
}

static guint
backoff_delay_ms (PdAwsClient *self,
                  guint        failed_attempt,
                  guint        retry_after)
{
  double r = self->random_func != NULL ? self->random_func (self->hook_data) : g_random_double ();
  guint64 ceiling = (guint64) BACKOFF_BASE_MS << MIN (failed_attempt - 1, 16);
  guint delay;

  r = CLAMP (r, 0.0, 1.0);
  delay = (guint) (r * MIN (ceiling, BACKOFF_CAP_MS));
  /* Retry-After is honoured, but never beyond the jittered delay + 5 s */
  if (retry_after > 0)
    delay = MIN (MAX (retry_after, delay), delay + RETRY_AFTER_SLACK_MS);

  return delay;
}

static gboolean
on_retry_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  CallData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->wait_source, g_source_unref);
  if (data->wait_cancel_source != NULL)
    {
      g_source_destroy (data->wait_cancel_source);
      g_clear_pointer (&data->wait_cancel_source, g_source_unref);
    }
  /* the source's own reference goes when it is destroyed */
  send_attempt (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static gboolean
on_retry_wait_cancelled_cb (GCancellable *cancellable,
                            gpointer      user_data)
{
  GTask *task = user_data;
  CallData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->wait_cancel_source, g_source_unref);
  if (data->wait_source != NULL)
    {
      g_source_destroy (data->wait_source);
      g_clear_pointer (&data->wait_source, g_source_unref);
    }
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GTask *task,
                guint  delay_ms)
{
  CallData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GMainContext *context = g_task_get_context (task);

  data->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (data->wait_source, on_retry_wait_done_cb, g_object_ref (task),
                         g_object_unref);
  g_source_attach (data->wait_source, context);

  if (cancellable != NULL)
    {
      data->wait_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->wait_cancel_source, G_SOURCE_FUNC (on_retry_wait_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (data->wait_cancel_source, context);
    }
}

/* ---- one call ---- */

static void
finish_success (GTask    *task,
                JsonNode *result)
{
  PdAwsClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);

  if (data->attempt == 1 && data->last_retry_cost == 0)
    self->retry_quota = MIN (self->retry_quota + 1, RETRY_QUOTA_MAX);
  else
    self->retry_quota = MIN (self->retry_quota + data->last_retry_cost, RETRY_QUOTA_MAX);

  g_task_return_pointer (task, result, (GDestroyNotify) json_node_unref);
}

static void
on_credentials_refreshed_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  g_autoptr(PdAwsCredentials) credentials = NULL;
  GError *error = NULL;

  credentials = pd_aws_credentials_provider_load_finish (PD_AWS_CREDENTIALS_PROVIDER (object),
                                                         result, &error);
  if (credentials == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&data->credentials, pd_aws_credentials_unref);
  data->credentials = g_steal_pointer (&credentials);
  send_attempt (g_steal_pointer (&task));
}

static gboolean
try_skew_correction (PdAwsClient *self,
                     CallData    *data,
                     GError      *error)
{
  const char *code = pd_aws_error_get_aws_code (error);
  const char *date;
  g_autoptr(GDateTime) server = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan difference;

  if (data->skew_retried || error->domain != PD_AWS_ERROR || code == NULL ||
      !g_strv_contains (skew_codes, code) || data->message == NULL)
    return FALSE;

  date = soup_message_headers_get_one (soup_message_get_response_headers (data->message), "Date");
  if (date == NULL || (server = soup_date_time_new_from_http_string (date)) == NULL)
    return FALSE;

  now = pd_aws_client_dup_corrected_now (self);
  difference = g_date_time_difference (server, now);
  if (ABS (difference) < SKEW_THRESHOLD)
    return FALSE;

  self->clock_offset += difference;
  data->skew_retried = TRUE;
  g_debug ("Clock skew of %" G_GINT64_FORMAT " s against %s: correcting and retrying",
           difference / G_TIME_SPAN_SECOND, data->endpoint->host);
  return TRUE;
}

static void
handle_failure (GTask  *task,
                GError *error)
{
  PdAwsClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  gboolean is_timeout;
  guint cost;
  guint delay;
  guint retry_after;

  if (try_skew_correction (self, data, error))
    {
      g_error_free (error);
      call_data_clear_attempt (data, g_task_get_cancellable (task));
      send_attempt (task);
      return;
    }

  if (g_error_matches (error, PD_AWS_ERROR, PD_AWS_ERROR_EXPIRED_TOKEN) && !data->refreshed)
    {
      data->refreshed = TRUE;
      g_debug ("Expired credentials for %s.%s: reloading them", data->service->name,
               data->operation);
      g_error_free (error);
      call_data_clear_attempt (data, g_task_get_cancellable (task));
      pd_aws_credentials_provider_load_async (self->provider, TRUE, g_task_get_cancellable (task),
                                              on_credentials_refreshed_cb, task);
      return;
    }

  if (!error_is_retryable (error, &is_timeout) || data->attempt >= self->max_attempts)
    {
      call_data_clear_attempt (data, g_task_get_cancellable (task));
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  cost = is_timeout ? RETRY_COST_TIMEOUT : RETRY_COST;
  if (self->retry_quota < cost)
    {
      g_debug ("Retry quota exhausted: not retrying %s.%s", data->service->name, data->operation);
      call_data_clear_attempt (data, g_task_get_cancellable (task));
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  self->retry_quota -= cost;
  data->last_retry_cost = cost;

  retry_after = retry_after_ms (data->message);
  delay = backoff_delay_ms (self, data->attempt, retry_after);
  if (self->sleep_func != NULL)
    delay = self->sleep_func (delay, self->hook_data);

  g_debug ("%s.%s failed (%s); retry %u of %u in %u ms", data->service->name, data->operation,
           error->message, data->attempt, self->max_attempts - 1, delay);
  g_error_free (error);
  call_data_clear_attempt (data, g_task_get_cancellable (task));
  data->attempt++;
  schedule_retry (task, delay);
  g_object_unref (task);
}

/* Parsing a large body (a 1 MB page of log events takes tens of
 * milliseconds) would stall the main loop for frames: it runs on a worker
 * thread, with a copy of the headers; the body stays untouched until then. */
#define PARSE_IN_THREAD_SIZE (128 * 1024)

typedef struct
{
  const PdAwsService *service;
  char               *operation;
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} ParseJob;

static void
parse_job_free (gpointer data)
{
  ParseJob *job = data;

  g_free (job->operation);
  soup_message_headers_unref (job->headers);
  g_bytes_unref (job->body);
  g_free (job);
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

static void
parse_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseJob *job = task_data;
  GError *error = NULL;
  JsonNode *result;

  result = pd_aws_protocol_parse_response (job->service, job->operation, job->status,
                                           job->headers, job->body, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) json_node_unref);
}

static void
on_parsed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  CallData *data = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *node;

  node = g_task_propagate_pointer (G_TASK (result), &error);
  if (node == NULL)
    {
      handle_failure (task, error);
      return;
    }
  call_data_clear_attempt (data, g_task_get_cancellable (task));
  finish_success (task, node);
  g_object_unref (task);
}

static void
finish_attempt (GTask *task)
{
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  JsonNode *result;

  call_data_stop_timer (data);
  log_response (data);

  if (data->body->len >= PARSE_IN_THREAD_SIZE)
    {
      g_autoptr(GTask) parse = g_task_new (NULL, NULL, on_parsed_cb, task);
      ParseJob *job = g_new0 (ParseJob, 1);

      job->service = data->service;
      job->operation = g_strdup (data->operation);
      job->status = soup_message_get_status (data->message);
      job->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      soup_message_headers_foreach (soup_message_get_response_headers (data->message),
                                    copy_header, job->headers);
      job->body = g_bytes_new_static (data->body->data, data->body->len);
      g_task_set_task_data (parse, job, parse_job_free);
      g_task_run_in_thread (parse, parse_thread);
      return;
    }

  body = g_bytes_new_static (data->body->data, data->body->len);
  result = pd_aws_protocol_parse_response (data->service, data->operation,
                                           soup_message_get_status (data->message),
                                           soup_message_get_response_headers (data->message),
                                           body, &error);
  if (result == NULL)
    {
      handle_failure (task, error);
      return;
    }

  call_data_clear_attempt (data, g_task_get_cancellable (task));
  finish_success (task, result);
  g_object_unref (task);
}

static GError *
attempt_error (CallData     *data,
               GError       *error,
               GCancellable *cancellable,
               guint         timeout_ms)
{
  if (data->timed_out && !g_cancellable_is_cancelled (cancellable))
    {
      GError *timeout = g_error_new (PD_AWS_ERROR, PD_AWS_ERROR_TIMEOUT,
                                     "No answer from %s within %u ms",
                                     data->endpoint->host, timeout_ms);
      g_error_free (error);
      return timeout;
    }
  return error;
}

static gboolean
on_attempt_timeout_cb (gpointer user_data)
{
  CallData *data = user_data;

  data->timed_out = TRUE;
  g_clear_pointer (&data->timeout_source, g_source_unref);
  g_cancellable_cancel (data->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
start_timer (GTask *task,
             guint  timeout_ms)
{
  CallData *data = g_task_get_task_data (task);

  call_data_stop_timer (data);
  if (timeout_ms == 0)
    return;
  data->timeout_source = g_timeout_source_new (timeout_ms);
  g_source_set_callback (data->timeout_source, on_attempt_timeout_cb, data, NULL);
  g_source_attach (data->timeout_source, g_task_get_context (task));
}

static void
on_closed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;

  /* The body is complete; a failure to close only costs the connection */
  g_input_stream_close_finish (G_INPUT_STREAM (object), result, NULL);
  finish_attempt (task);
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  PdAwsClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      call_data_stop_timer (data);
      handle_failure (task, attempt_error (data, error, g_task_get_cancellable (task),
                                           self->read_timeout_ms));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      /* Closing lets libsoup finish the message and put the connection
       * back in its pool before the caller sends the next request */
      g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, data->attempt_cancellable,
                                  on_closed_cb, task);
      return;
    }

  if (data->body->len + g_bytes_get_size (bytes) > self->max_response_size)
    {
      call_data_stop_timer (data);
      /* Cancelling drops the connection instead of reading the rest */
      g_cancellable_cancel (data->attempt_cancellable);
      call_data_clear_attempt (data, g_task_get_cancellable (task));
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_TOO_LARGE,
                               "The response of %s.%s exceeds the size cap of %" G_GSIZE_FORMAT
                               " bytes", data->service->name, data->operation,
                               self->max_response_size);
      g_object_unref (task);
      return;
    }

  g_byte_array_append (data->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  start_timer (task, self->read_timeout_ms);
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->attempt_cancellable, on_read_cb, task);
}

static void
on_send_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  PdAwsClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  GError *error = NULL;
  goffset length;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      call_data_stop_timer (data);
      if (data->address != NULL && error->domain == G_IO_ERROR &&
          error->code != G_IO_ERROR_CANCELLED)
        pd_aws_loopback_pins_failed (self->pins, data->endpoint->loopback_name, data->address);
      handle_failure (task, attempt_error (data, error, g_task_get_cancellable (task),
                                           self->connect_timeout_ms + self->read_timeout_ms));
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (data->message));
  if (length > 0 && (guint64) length > self->max_response_size)
    {
      call_data_stop_timer (data);
      g_cancellable_cancel (data->attempt_cancellable);
      call_data_clear_attempt (data, g_task_get_cancellable (task));
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_TOO_LARGE,
                               "The response of %s.%s announces %" G_GINT64_FORMAT
                               " bytes, over the size cap of %" G_GSIZE_FORMAT " bytes",
                               data->service->name, data->operation, (gint64) length,
                               self->max_response_size);
      g_object_unref (task);
      return;
    }

  data->body = g_byte_array_new ();
  start_timer (task, self->read_timeout_ms);
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->attempt_cancellable, on_read_cb, task);
}

static void
on_call_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GCancellable *attempt_cancellable = user_data;

  g_cancellable_cancel (attempt_cancellable);
}

/* The endpoint's URL with its host name replaced by the address it is
 * pinned to (IPv6 literals in brackets): libsoup then connects there and
 * never resolves the name itself. */
static char *
pinned_url (const char *url,
            const char *address)
{
  /* Raw, not normalized: only the host changes */
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);

  g_assert (uri != NULL);
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, address,
                     g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
}

/* Takes the task reference. */
static void
send_attempt (GTask *task)
{
  PdAwsClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(PdAwsSigningRequest) signing = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *url = NULL;
  g_autofree char *request_header = NULL;
  SoupMessageHeaders *headers;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&data->address, g_free);
  if (data->endpoint->loopback_name != NULL)
    {
      data->address = pd_aws_loopback_pins_dup_address (self->pins, data->endpoint->loopback_name);
      g_assert (data->address != NULL);
      pinned = pinned_url (data->endpoint->url, data->address);
    }

  path = g_strconcat (data->base_path, data->request->path, NULL);
  url = g_strdup_printf ("%s%s%s%s", pinned != NULL ? pinned : data->endpoint->url,
                         data->request->path, data->request->query[0] != '\0' ? "?" : "",
                         data->request->query);

  signing = pd_aws_signing_request_new (data->request->method, path, data->request->query);
  pd_aws_signing_request_add_header (signing, "Host", data->endpoint->host);
  for (guint i = 0; i + 1 < data->request->headers->len; i += 2)
    pd_aws_signing_request_add_header (signing, g_ptr_array_index (data->request->headers, i),
                                       g_ptr_array_index (data->request->headers, i + 1));
  if (data->request->body != NULL)
    pd_aws_signing_request_set_body (signing, g_bytes_get_data (data->request->body, NULL),
                                     g_bytes_get_size (data->request->body));
  else
    pd_aws_signing_request_set_body (signing, NULL, 0);

  now = pd_aws_client_dup_corrected_now (self);
  if (!pd_aws_sigv4_sign (signing, data->credentials, data->endpoint->signing_region,
                          data->endpoint->signing_name, now, PD_AWS_SIGV4_FLAGS_NONE, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  data->message = soup_message_new (data->request->method, url);
  if (data->message == NULL)
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT,
                               "Cannot build a request for “%s”", url);
      g_object_unref (task);
      return;
    }

  /* libsoup sends non-idempotent requests only on fresh connections. AWS
   * calls are retried anyway (idempotency tokens make that safe), so every
   * call may reuse a kept-alive connection, as the SDKs do. */
  soup_message_add_flags (data->message, SOUP_MESSAGE_IDEMPOTENT);
  /* A redirect would carry the signed request elsewhere, perhaps over plain
   * http to a remote host: AWS APIs never redirect, so neither do we. */
  soup_message_add_flags (data->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (data->message);
  for (guint i = 0; i < pd_aws_signing_request_get_n_headers (signing); i++)
    {
      const char *name = pd_aws_signing_request_get_header_name (signing, i);

      /* libsoup writes Host from the URI, which is what was signed, unless
       * the URI holds a pinned address: then the signed Host goes as set,
       * as libsoup keeps a Host header that is already there (HTTP/1; plain
       * http:// never negotiates HTTP/2). */
      if (g_ascii_strcasecmp (name, "Host") == 0 && pinned == NULL)
        continue;
      soup_message_headers_append (headers, name,
                                   pd_aws_signing_request_get_header_value (signing, i));
    }
  request_header = g_strdup_printf ("attempt=%u; max=%u", data->attempt, self->max_attempts);
  soup_message_headers_replace (headers, "amz-sdk-invocation-id", data->invocation_id);
  soup_message_headers_replace (headers, "amz-sdk-request", request_header);
  if (data->request->body != NULL)
    soup_message_set_request_body_from_bytes (data->message, NULL, data->request->body);

  data->timed_out = FALSE;
  data->started = g_get_monotonic_time ();
  data->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_call_cancelled_cb),
                                                data->attempt_cancellable, NULL);

  log_request (data);

  start_timer (task, self->connect_timeout_ms + self->read_timeout_ms);
  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           data->attempt_cancellable, on_send_cb, task);
}

static void
on_credentials_loaded_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GTask *task = user_data;
  CallData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->credentials = pd_aws_credentials_provider_load_finish (PD_AWS_CREDENTIALS_PROVIDER (object),
                                                               result, &error);
  if (data->credentials == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  send_attempt (task);
}

static void
on_pinned_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  PdAwsClient *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!pd_aws_loopback_pins_lookup_finish (result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  pd_aws_credentials_provider_load_async (self->provider, FALSE, g_task_get_cancellable (task),
                                          on_credentials_loaded_cb, task);
}

/* ---- GObject ---- */

static void
pd_aws_client_constructed (GObject *object)
{
  PdAwsClient *self = PD_AWS_CLIENT (object);

  G_OBJECT_CLASS (pd_aws_client_parent_class)->constructed (object);

  /* Our own timers give millisecond connect and read timeouts; libsoup's
   * per-host queue is the concurrency limit, and its pool keeps connections
   * alive between calls. */
  self->session = soup_session_new_with_options ("max-conns-per-host", self->max_conns_per_host,
                                                 "max-conns", MAX (self->max_conns_per_host * 4, 16),
                                                 "user-agent", "Pipedeck/" PACKAGE_VERSION,
                                                 "timeout", 0,
                                                 "idle-timeout", 60,
                                                 NULL);
  /* Loopback endpoints (the sandbox, local emulators) skip the desktop's
   * proxy lookup, which is slow and can only say "direct" for them. */
  {
    g_autoptr(GProxyResolver) resolver = pd_aws_proxy_resolver_new ();

    soup_session_set_proxy_resolver (self->session, resolver);
  }
}

static void
pd_aws_client_dispose (GObject *object)
{
  PdAwsClient *self = PD_AWS_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (pd_aws_client_parent_class)->dispose (object);
}

static void
pd_aws_client_finalize (GObject *object)
{
  PdAwsClient *self = PD_AWS_CLIENT (object);

  if (self->lookup_destroy != NULL)
    self->lookup_destroy (self->lookup_data);
  g_clear_pointer (&self->pins, pd_aws_loopback_pins_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint_override, g_free);

  G_OBJECT_CLASS (pd_aws_client_parent_class)->finalize (object);
}

static void
pd_aws_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdAwsClient *self = PD_AWS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CREDENTIALS_PROVIDER:
      g_value_set_object (value, self->provider);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_ENDPOINT_OVERRIDE:
      g_value_set_string (value, self->endpoint_override);
      break;
    case PROP_MAX_CONNECTIONS_PER_HOST:
      g_value_set_uint (value, self->max_conns_per_host);
      break;
    case PROP_MAX_RESPONSE_SIZE:
      g_value_set_uint64 (value, self->max_response_size);
      break;
    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_aws_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PdAwsClient *self = PD_AWS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CREDENTIALS_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;
    case PROP_REGION:
      self->region = g_value_dup_string (value);
      break;
    case PROP_ENDPOINT_OVERRIDE:
      self->endpoint_override = g_value_dup_string (value);
      break;
    case PROP_MAX_CONNECTIONS_PER_HOST:
      self->max_conns_per_host = g_value_get_uint (value);
      break;
    case PROP_MAX_RESPONSE_SIZE:
      pd_aws_client_set_max_response_size (self, g_value_get_uint64 (value));
      break;
    case PROP_MAX_ATTEMPTS:
      pd_aws_client_set_max_attempts (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_aws_client_class_init (PdAwsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pd_aws_client_constructed;
  object_class->dispose = pd_aws_client_dispose;
  object_class->finalize = pd_aws_client_finalize;
  object_class->get_property = pd_aws_client_get_property;
  object_class->set_property = pd_aws_client_set_property;

  properties[PROP_CREDENTIALS_PROVIDER] =
    g_param_spec_object ("credentials-provider", NULL, NULL, PD_AWS_TYPE_CREDENTIALS_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENDPOINT_OVERRIDE] =
    g_param_spec_string ("endpoint-override", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CONNECTIONS_PER_HOST] =
    g_param_spec_uint ("max-connections-per-host", NULL, NULL, 1, 128, DEFAULT_CONNS_PER_HOST,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RESPONSE_SIZE] =
    g_param_spec_uint64 ("max-response-size", NULL, NULL, 1, G_MAXUINT64,
                         PD_AWS_CLIENT_DEFAULT_MAX_RESPONSE_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 1, 10, DEFAULT_MAX_ATTEMPTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_aws_client_init (PdAwsClient *self)
{
  self->max_response_size = PD_AWS_CLIENT_DEFAULT_MAX_RESPONSE_SIZE;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->max_conns_per_host = DEFAULT_CONNS_PER_HOST;
  self->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
  self->read_timeout_ms = DEFAULT_READ_TIMEOUT_MS;
  self->retry_quota = RETRY_QUOTA_MAX;
  self->pins = pd_aws_loopback_pins_new ();
}

/* ---- public API ---- */

/**
 * pd_aws_client_new:
 * @provider: where credentials come from
 * @region: the region of the account
 * @endpoint_override: (nullable): the account's endpoint URL, which beats
 *   every configured one
 *
 * Creates a client. One client serves every service of an account, with one
 * HTTP session whose connections are kept alive.
 *
 * Returns: (transfer full): a new #PdAwsClient
 */
PdAwsClient *
pd_aws_client_new (PdAwsCredentialsProvider *provider,
                   const char               *region,
                   const char               *endpoint_override)
{
  g_return_val_if_fail (PD_AWS_IS_CREDENTIALS_PROVIDER (provider), NULL);
  g_return_val_if_fail (region != NULL, NULL);

  return g_object_new (PD_AWS_TYPE_CLIENT,
                       "credentials-provider", provider,
                       "region", region,
                       "endpoint-override", endpoint_override,
                       NULL);
}

/**
 * pd_aws_client_get_credentials_provider:
 * @self: a #PdAwsClient
 *
 * Returns: (transfer none): the credentials provider
 */
PdAwsCredentialsProvider *
pd_aws_client_get_credentials_provider (PdAwsClient *self)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (self), NULL);
  return self->provider;
}

/**
 * pd_aws_client_get_region:
 * @self: a #PdAwsClient
 *
 * Returns: (transfer none): the region
 */
const char *
pd_aws_client_get_region (PdAwsClient *self)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (self), NULL);
  return self->region;
}

/**
 * pd_aws_client_get_endpoint_override:
 * @self: a #PdAwsClient
 *
 * Returns: (transfer none) (nullable): the account's endpoint URL
 */
const char *
pd_aws_client_get_endpoint_override (PdAwsClient *self)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (self), NULL);
  return self->endpoint_override;
}

/**
 * pd_aws_client_set_config_lookup:
 * @self: a #PdAwsClient
 * @lookup: (nullable): reads the active profile's settings
 * @user_data: data for @lookup
 * @destroy: (nullable): frees @user_data
 *
 * Lets endpoint resolution see the profile's `endpoint_url`, services
 * section and STS setting.
 */
void
pd_aws_client_set_config_lookup (PdAwsClient           *self,
                                 PdAwsConfigLookupFunc  lookup,
                                 gpointer               user_data,
                                 GDestroyNotify         destroy)
{
  g_return_if_fail (PD_AWS_IS_CLIENT (self));

  if (self->lookup_destroy != NULL)
    self->lookup_destroy (self->lookup_data);
  self->lookup = lookup;
  self->lookup_data = user_data;
  self->lookup_destroy = destroy;
}

/**
 * pd_aws_client_get_max_response_size:
 * @self: a #PdAwsClient
 *
 * Returns: the response size cap in bytes
 */
gsize
pd_aws_client_get_max_response_size (PdAwsClient *self)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (self), 0);
  return self->max_response_size;
}

/**
 * pd_aws_client_set_max_response_size:
 * @self: a #PdAwsClient
 * @max_size: the largest response body accepted, in bytes
 *
 * Bodies larger than this fail with %PD_AWS_ERROR_TOO_LARGE as soon as the
 * cap is passed, without reading the rest.
 */
void
pd_aws_client_set_max_response_size (PdAwsClient *self,
                                     gsize        max_size)
{
  g_return_if_fail (PD_AWS_IS_CLIENT (self));
  g_return_if_fail (max_size > 0);

  if (self->max_response_size != max_size)
    {
      self->max_response_size = max_size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RESPONSE_SIZE]);
    }
}

/**
 * pd_aws_client_get_max_attempts:
 * @self: a #PdAwsClient
 *
 * Returns: the number of attempts per call, the first included
 */
guint
pd_aws_client_get_max_attempts (PdAwsClient *self)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (self), 0);
  return self->max_attempts;
}

/**
 * pd_aws_client_set_max_attempts:
 * @self: a #PdAwsClient
 * @max_attempts: attempts per call, the first included (3 by default)
 *
 * Sets how many times a retryable failure is tried in all.
 */
void
pd_aws_client_set_max_attempts (PdAwsClient *self,
                                guint        max_attempts)
{
  g_return_if_fail (PD_AWS_IS_CLIENT (self));
  g_return_if_fail (max_attempts >= 1);

  if (self->max_attempts != max_attempts)
    {
      self->max_attempts = max_attempts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
    }
}

/**
 * pd_aws_client_set_timeouts:
 * @self: a #PdAwsClient
 * @connect_timeout_ms: how long connecting may take, in ms
 * @read_timeout_ms: how long the server may stay silent, in ms
 *
 * Until the response headers arrive, an attempt may take the sum of both;
 * after that, each read may wait @read_timeout_ms. A timeout fails the
 * attempt with %PD_AWS_ERROR_TIMEOUT, which is retried.
 */
void
pd_aws_client_set_timeouts (PdAwsClient *self,
                            guint        connect_timeout_ms,
                            guint        read_timeout_ms)
{
  g_return_if_fail (PD_AWS_IS_CLIENT (self));
  g_return_if_fail (connect_timeout_ms > 0 && read_timeout_ms > 0);

  self->connect_timeout_ms = connect_timeout_ms;
  self->read_timeout_ms = read_timeout_ms;
}

/**
 * pd_aws_client_set_proxy_resolver:
 * @self: a #PdAwsClient
 * @resolver: the resolver that picks a proxy for each connection
 *
 * Replaces the client's proxy policy: by default, loopback addresses go
 * direct and the desktop's resolver is asked about anything else. Tests use
 * this to see every connection the client opens.
 */
void
pd_aws_client_set_proxy_resolver (PdAwsClient    *self,
                                  GProxyResolver *resolver)
{
  g_return_if_fail (PD_AWS_IS_CLIENT (self));
  g_return_if_fail (G_IS_PROXY_RESOLVER (resolver));

  soup_session_set_proxy_resolver (self->session, resolver);
}

/**
 * pd_aws_client_set_retry_hooks:
 * @self: a #PdAwsClient
 * @random_func: (nullable): the jitter source, or %NULL for g_random_double()
 * @sleep_func: (nullable): maps the chosen backoff delay to the one waited
 * @user_data: data for both functions
 *
 * Replaces the randomness and the waiting of the retry policy, for tests.
 */
void
pd_aws_client_set_retry_hooks (PdAwsClient           *self,
                               PdAwsClientRandomFunc  random_func,
                               PdAwsClientSleepFunc   sleep_func,
                               gpointer               user_data)
{
  g_return_if_fail (PD_AWS_IS_CLIENT (self));

  self->random_func = random_func;
  self->sleep_func = sleep_func;
  self->hook_data = user_data;
}

/**
 * pd_aws_client_get_retry_quota:
 * @self: a #PdAwsClient
 *
 * Returns: the tokens left in the retry quota (500 when full)
 */
guint
pd_aws_client_get_retry_quota (PdAwsClient *self)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (self), 0);
  return self->retry_quota;
}

/**
 * pd_aws_client_get_clock_offset:
 * @self: a #PdAwsClient
 *
 * Returns: the correction added to the local clock after a skew error
 */
GTimeSpan
pd_aws_client_get_clock_offset (PdAwsClient *self)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (self), 0);
  return self->clock_offset;
}

/**
 * pd_aws_client_dup_corrected_now:
 * @self: a #PdAwsClient
 *
 * Returns: (transfer full): the current UTC time, corrected for clock skew
 */
GDateTime *
pd_aws_client_dup_corrected_now (PdAwsClient *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (PD_AWS_IS_CLIENT (self), NULL);

  return g_date_time_add (now, self->clock_offset);
}

/**
 * pd_aws_client_call_async:
 * @self: a #PdAwsClient
 * @service: a botocore service name (`codepipeline`, `sts`…)
 * @operation: the operation name (`ListPipelines`)
 * @input: (nullable): the input members, as in the API model
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the call ends
 * @user_data: data for @callback
 *
 * Calls an AWS operation: resolves the endpoint, serializes @input by the
 * service's protocol, signs, sends, retries by the standard policy and
 * parses the response. Endpoint and input errors are reported before
 * anything is sent.
 *
 * For a plain `http://` endpoint whose host is a name other than
 * `localhost`, the name is resolved once per client through the default
 * #GResolver, before anything is sent: if any of its addresses is not a
 * loopback one, or it does not resolve, the call fails with
 * %PD_AWS_ERROR_ENDPOINT. Otherwise the client keeps its addresses and
 * connects to them for every later call, whatever the name resolves to
 * then; the `Host` header and the signature still carry the name.
 */
void
pd_aws_client_call_async (PdAwsClient         *self,
                          const char          *service,
                          const char          *operation,
                          JsonObject          *input,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CallData) data = NULL;
  const char *loopback_name;
  GError *error = NULL;

  g_return_if_fail (PD_AWS_IS_CLIENT (self));
  g_return_if_fail (service != NULL);
  g_return_if_fail (operation != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_aws_client_call_async);

  data = g_new0 (CallData, 1);
  data->operation = g_strdup (operation);
  data->attempt = 1;
  data->invocation_id = g_uuid_string_random ();

  if ((data->service = pd_aws_service_lookup (service)) == NULL)
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                               "Unknown service “%s”", service);
      return;
    }

  data->endpoint = pd_aws_endpoint_resolve (data->service, self->region, self->endpoint_override,
                                            self->lookup, self->lookup_data, &error);
  if (data->endpoint == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  {
    g_autoptr(GUri) uri = g_uri_parse (data->endpoint->url, SOUP_HTTP_URI_FLAGS, NULL);

    data->base_path = g_strdup (uri != NULL ? g_uri_get_path (uri) : "");
  }

  data->request = pd_aws_protocol_build_request (data->service, operation, input, &error);
  if (data->request == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  loopback_name = data->endpoint->loopback_name;
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) call_data_free);

  /* Plain http:// to a name: nothing is sent, credentials are not even
   * loaded, until the name is known to resolve to loopback alone. */
  if (loopback_name != NULL)
    pd_aws_loopback_pins_lookup_async (self->pins, loopback_name, cancellable, on_pinned_cb,
                                       g_steal_pointer (&task));
  else
    pd_aws_credentials_provider_load_async (self->provider, FALSE, cancellable,
                                            on_credentials_loaded_cb, g_steal_pointer (&task));
}

/**
 * pd_aws_client_call_finish:
 * @self: a #PdAwsClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the response as a JSON object node, or %NULL
 *   with a %PD_AWS_ERROR (AWS code, message, status and request ID kept),
 *   a %G_IO_ERROR or a %G_TLS_ERROR
 */
JsonNode *
pd_aws_client_call_finish (PdAwsClient   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (PD_AWS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
