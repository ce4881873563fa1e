/* pd-aws-process-provider.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "pd-aws-credentials-private.h"
#include "pd-aws-error.h"
#include "pd-aws-process-provider.h"

#define DEFAULT_TIMEOUT_MS (60 * 1000)
/* Credentials take a few kilobytes; more output than this is a broken
 * program, which must not fill our memory. */
#define MAX_STDOUT (256 * 1024)
/* Only so much of stderr is kept, and less goes into an error message. */
#define MAX_STDERR (16 * 1024)
#define MAX_STDERR_IN_MESSAGE 1024

struct _PdAwsProcessCredentialsProvider
{
  GObject                parent_instance;

  /* Owned references */
  char                  *command_line;
  char                  *profile;
  char                  *source;
  /* A burst of requests runs the program once */
  PdAwsCredentialsCache *cache;

  guint                  timeout_ms;
};

typedef struct
{
  GSubprocess   *process;
  GCancellable  *inner;
  GCancellable  *outer;
  gulong         outer_handler;
  GSource       *timeout_source;
  /* Fixed-size buffers: a program that prints without end fills them and
   * fails, instead of filling memory. stdout holds secrets. */
  guint8        *stdout_buffer;
  guint8        *stderr_buffer;
  GOutputStream *stdout_sink;
  GOutputStream *stderr_sink;
  GError        *read_error;
  guint          pending;
  gboolean       timed_out;
  gboolean       stdout_too_large;
} RunData;

static void provider_iface_init (PdAwsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdAwsProcessCredentialsProvider,
                               pd_aws_process_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_AWS_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
run_data_free (RunData *data)
{
  if (data->outer_handler != 0)
    g_cancellable_disconnect (data->outer, data->outer_handler);
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_source_unref (data->timeout_source);
    }
  if (data->process != NULL)
    g_subprocess_force_exit (data->process);
  g_clear_object (&data->process);
  g_clear_object (&data->inner);
  g_clear_object (&data->outer);
  g_clear_object (&data->stdout_sink);
  g_clear_object (&data->stderr_sink);
  g_clear_error (&data->read_error);
  if (data->stdout_buffer != NULL)
    explicit_bzero (data->stdout_buffer, MAX_STDOUT);
  g_free (data->stdout_buffer);
  g_free (data->stderr_buffer);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunData, run_data_free)

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static PdAwsCredentials *
parse_output (PdAwsProcessCredentialsProvider  *self,
              const char                       *text,
              gsize                             length,
              GError                          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) expiration = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *version;
  const char *access_key_id;
  const char *secret;
  const char *token;
  const char *expires;

  if (length == 0)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "The credential_process of profile “%s” printed nothing", self->profile);
      return NULL;
    }

  /* The output holds secrets: json-glib's message could quote it, so the
   * error says only what is wrong. */
  if (!g_utf8_validate (text, length, NULL) ||
      !json_parser_load_from_data (parser, text, length, NULL))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "The credential_process of profile “%s” printed something that is not JSON",
                   self->profile);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "The credential_process of profile “%s” did not print a JSON object",
                   self->profile);
      return NULL;
    }
  object = json_node_get_object (root);

  version = json_object_get_member (object, "Version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) != 1)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "The credential_process of profile “%s” printed an unsupported "
                   "“Version” (only 1 is supported)", self->profile);
      return NULL;
    }

  access_key_id = member_string (object, "AccessKeyId");
  secret = member_string (object, "SecretAccessKey");
  if (access_key_id == NULL || access_key_id[0] == '\0' || secret == NULL || secret[0] == '\0')
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "The credential_process of profile “%s” printed no %s", self->profile,
                   access_key_id == NULL || access_key_id[0] == '\0' ? "AccessKeyId"
                                                                     : "SecretAccessKey");
      return NULL;
    }

  token = member_string (object, "SessionToken");
  if (token == NULL && json_object_has_member (object, "SessionToken") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "SessionToken")))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "The credential_process of profile “%s” printed a SessionToken that is "
                   "not a string", self->profile);
      return NULL;
    }

  expires = member_string (object, "Expiration");
  if (expires != NULL)
    expiration = g_date_time_new_from_iso8601 (expires, NULL);
  if ((expires == NULL && json_object_has_member (object, "Expiration") &&
       !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "Expiration"))) ||
      (expires != NULL && expiration == NULL))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "The credential_process of profile “%s” printed an Expiration that is "
                   "not an ISO-8601 time", self->profile);
      return NULL;
    }

  return pd_aws_credentials_new (access_key_id, secret, token, expiration, self->source);
}

static char *
describe_stderr (RunData *data)
{
  g_autofree char *valid = NULL;
  GMemoryOutputStream *sink = G_MEMORY_OUTPUT_STREAM (data->stderr_sink);
  gsize size = g_memory_output_stream_get_data_size (sink);

  if (size == 0)
    return g_strdup ("");

  valid = g_utf8_make_valid ((const char *) data->stderr_buffer, MIN (size, MAX_STDERR_IN_MESSAGE));
  g_strstrip (valid);

  if (valid[0] == '\0')
    return g_strdup ("");

  return g_strdup_printf (": %s%s", valid, size > MAX_STDERR_IN_MESSAGE ? "…" : "");
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  RunData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->inner);
  g_subprocess_force_exit (data->process);

  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled_cb (GCancellable *cancellable,
                       gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static PdAwsCredentials *
collect_output (PdAwsProcessCredentialsProvider  *self,
                RunData                          *data,
                GError                          **error)
{
  GSubprocess *process = data->process;
  gsize size;

  if (data->timed_out)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_TIMEOUT,
                   "The credential_process of profile “%s” did not finish within %u ms",
                   self->profile, self->timeout_ms);
      return NULL;
    }
  if (data->outer != NULL && g_cancellable_is_cancelled (data->outer))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The operation was cancelled");
      return NULL;
    }
  if (data->stdout_too_large)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "The credential_process of profile “%s” printed more than %u bytes",
                   self->profile, (guint) MAX_STDOUT);
      return NULL;
    }
  if (data->read_error != NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "Could not read the output of the credential_process of profile “%s”: %s",
                   self->profile, data->read_error->message);
      return NULL;
    }

  if (!g_subprocess_get_successful (process))
    {
      g_autofree char *message = describe_stderr (data);

      if (g_subprocess_get_if_exited (process))
        g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                     "The credential_process of profile “%s” failed with exit status %d%s",
                     self->profile, g_subprocess_get_exit_status (process), message);
      else
        g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                     "The credential_process of profile “%s” was killed by signal %d%s",
                     self->profile, g_subprocess_get_term_sig (process), message);
      return NULL;
    }

  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (data->stdout_sink));
  return parse_output (self, (const char *) data->stdout_buffer, size, error);
}

/* Called as each of the three parts of a run ends: stdout read, stderr
 * read, process exited. The last one decides. */
static void
run_part_done (GTask *task)
{
  PdAwsProcessCredentialsProvider *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(PdAwsCredentials) credentials = NULL;
  GError *error = NULL;

  g_assert (data->pending > 0);
  if (--data->pending > 0)
    return;

  credentials = collect_output (self, data, &error);
  explicit_bzero (data->stdout_buffer, MAX_STDOUT);
  pd_aws_credentials_task_return (task, g_steal_pointer (&credentials), error);
}

static void
splice_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean is_stdout = G_OUTPUT_STREAM (object) == data->stdout_sink;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        {
          /* A full stderr buffer only loses the end of the message. */
          if (is_stdout)
            {
              data->stdout_too_large = TRUE;
              g_subprocess_force_exit (data->process);
            }
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
               data->read_error == NULL)
        {
          data->read_error = g_steal_pointer (&error);
          g_subprocess_force_exit (data->process);
        }
    }

  run_part_done (task);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  /* Only cancellation can fail a wait: the timeout and the caller's
   * cancellable are both checked when the run is judged. */
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  run_part_done (task);
}

/* Runs the program once for every load waiting on the cache */
static void
process_run (GTask *load)
{
  g_autoptr(GTask) task = load;
  PdAwsProcessCredentialsProvider *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(RunData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  RunData *borrowed;

  if (!g_shell_parse_argv (self->command_line, NULL, &argv, &error))
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                               "The credential_process of profile “%s” is not a valid "
                               "command line: %s", self->profile, error->message);
      return;
    }

  data = g_new0 (RunData, 1);
  data->inner = g_cancellable_new ();
  data->process = g_subprocess_newv ((const char * const *) argv,
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                     &error);
  if (data->process == NULL)
    {
      g_task_return_new_error (task, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                               "Could not run the credential_process of profile “%s”: %s",
                               self->profile, error->message);
      return;
    }

  data->stdout_buffer = g_malloc0 (MAX_STDOUT);
  data->stderr_buffer = g_malloc0 (MAX_STDERR);
  data->stdout_sink = g_memory_output_stream_new (data->stdout_buffer, MAX_STDOUT, NULL, NULL);
  data->stderr_sink = g_memory_output_stream_new (data->stderr_buffer, MAX_STDERR, NULL, NULL);
  data->pending = 3;

  borrowed = data;
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) run_data_free);

  if (cancellable != NULL)
    {
      borrowed->outer = g_object_ref (cancellable);
      borrowed->outer_handler = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (on_outer_cancelled_cb),
                                                       g_object_ref (borrowed->inner),
                                                       g_object_unref);
    }

  borrowed->timeout_source = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (borrowed->timeout_source, on_timeout_cb, borrowed, NULL);
  g_source_attach (borrowed->timeout_source, g_main_context_get_thread_default ());

  g_output_stream_splice_async (borrowed->stdout_sink,
                                g_subprocess_get_stdout_pipe (borrowed->process),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, G_PRIORITY_DEFAULT,
                                borrowed->inner, splice_cb, g_object_ref (task));
  g_output_stream_splice_async (borrowed->stderr_sink,
                                g_subprocess_get_stderr_pipe (borrowed->process),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, G_PRIORITY_DEFAULT,
                                borrowed->inner, splice_cb, g_object_ref (task));
  g_subprocess_wait_async (borrowed->process, borrowed->inner, wait_cb, g_steal_pointer (&task));
}

static void
process_provider_load_async (PdAwsCredentialsProvider *provider,
                             gboolean                  force_refresh,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  PdAwsProcessCredentialsProvider *self = PD_AWS_PROCESS_CREDENTIALS_PROVIDER (provider);

  pd_aws_credentials_cache_load_async (self->cache, self, process_provider_load_async,
                                       force_refresh, cancellable, callback, user_data);
}

static void
provider_iface_init (PdAwsCredentialsProviderInterface *iface)
{
  iface->load_async = process_provider_load_async;
  iface->load_finish = pd_aws_credentials_task_finish;
}

static void
pd_aws_process_credentials_provider_finalize (GObject *object)
{
  PdAwsProcessCredentialsProvider *self = (PdAwsProcessCredentialsProvider *)object;

  g_clear_pointer (&self->command_line, g_free);
  g_clear_pointer (&self->profile, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->cache, pd_aws_credentials_cache_free);

  G_OBJECT_CLASS (pd_aws_process_credentials_provider_parent_class)->finalize (object);
}

static void
pd_aws_process_credentials_provider_class_init (PdAwsProcessCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_aws_process_credentials_provider_finalize;
}

static void
pd_aws_process_credentials_provider_init (PdAwsProcessCredentialsProvider *self)
{
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->cache = pd_aws_credentials_cache_new (process_run);
}

/**
 * pd_aws_process_credentials_provider_new:
 * @command_line: the `credential_process` value
 * @profile: the profile it comes from, for messages
 *
 * Returns: (transfer full): a provider that runs @command_line
 */
PdAwsCredentialsProvider *
pd_aws_process_credentials_provider_new (const char *command_line,
                                         const char *profile)
{
  PdAwsProcessCredentialsProvider *self;

  g_return_val_if_fail (command_line != NULL, NULL);
  g_return_val_if_fail (profile != NULL, NULL);

  self = g_object_new (PD_AWS_TYPE_PROCESS_CREDENTIALS_PROVIDER, NULL);
  self->command_line = g_strdup (command_line);
  self->profile = g_strdup (profile);
  self->source = g_strdup_printf ("profile %s (credential_process)", profile);

  return PD_AWS_CREDENTIALS_PROVIDER (self);
}

/**
 * pd_aws_process_credentials_provider_set_timeout:
 * @self: a provider
 * @timeout_ms: how long the program may run, in milliseconds (default 60 s)
 *
 * Sets the time limit after which the program is killed and the load fails
 * with %PD_AWS_ERROR_TIMEOUT.
 */
void
pd_aws_process_credentials_provider_set_timeout (PdAwsProcessCredentialsProvider *self,
                                                 guint                            timeout_ms)
{
  g_return_if_fail (PD_AWS_IS_PROCESS_CREDENTIALS_PROVIDER (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}
