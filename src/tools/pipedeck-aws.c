/* pipedeck-aws.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "pd-aws-client.h"
#include "pd-aws-config.h"
#include "pd-aws-credentials-chain.h"
#include "pd-aws-credentials.h"
#include "pd-aws-error.h"

#define EXIT_AWS_ERROR 1
#define EXIT_USAGE     2

typedef struct
{
  PdAwsConfig *config;
  char        *profile;
} LookupData;

typedef struct
{
  gboolean  done;
  JsonNode *result;
  GError   *error;
} CallResult;

static char *
lookup_cb (const char *key,
           gpointer    user_data)
{
  LookupData *data = user_data;

  return pd_aws_config_dup_profile_setting (data->config, data->profile, key);
}

static void
lookup_data_free (gpointer user_data)
{
  LookupData *data = user_data;

  g_clear_object (&data->config);
  g_free (data->profile);
  g_free (data);
}

static void
on_call_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CallResult *call = user_data;

  call->result = pd_aws_client_call_finish (PD_AWS_CLIENT (object), result, &call->error);
  call->done = TRUE;
}

/* Role profiles with mfa_serial ask for the code on the terminal. */
static void
mfa_prompt_cb (const char *profile,
               const char *mfa_serial,
               GTask      *task,
               gpointer    user_data)
{
  char line[64];

  g_printerr ("MFA code for %s (profile %s): ", mfa_serial, profile);
  if (fgets (line, sizeof line, stdin) == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "No MFA code was given");
  else
    g_task_return_pointer (task, g_strdup (g_strstrip (line)), g_free);
  explicit_bzero (line, sizeof line);
  g_object_unref (task);
}

static void
print_error (const GError *error)
{
  const char *request_id = pd_aws_error_get_request_id (error);

  if (request_id != NULL && request_id[0] != '\0')
    g_printerr ("%s (%s)\n", error->message, request_id);
  else
    g_printerr ("%s\n", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *profile = NULL;
  g_autofree char *region = NULL;
  g_autofree char *endpoint_url = NULL;
  gboolean debug = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, "The profile of the shared files", "P" },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, "The region", "R" },
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &endpoint_url, "Send requests to URL", "URL" },
    { "debug", 0, 0, G_OPTION_ARG_NONE, &debug, "Log requests and responses (secrets redacted)",
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autofree char *output = NULL;
  const PdAwsService *service;
  const char *chosen_region;
  int max_attempts;
  LookupData *lookup;
  CallResult call = { FALSE, NULL, NULL };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("SERVICE Operation ['{json input}']");
  g_option_context_set_summary (context,
                                "Calls any operation of the AWS services Pipedeck uses and "
                                "prints the response as JSON.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("pipedeck-aws: %s\n", error->message);
      return EXIT_USAGE;
    }

  if (argc < 3 || argc > 4)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_USAGE;
    }

  /* The requests and responses, secrets redacted; not GLib's own chatter */
  if (debug)
    g_setenv ("G_MESSAGES_DEBUG", "pd-aws", TRUE);

  if ((service = pd_aws_service_lookup (argv[1])) == NULL)
    {
      guint n;
      const PdAwsService *all = pd_aws_service_get_all (&n);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", all[i].name);
      g_printerr ("pipedeck-aws: unknown service “%s” (known: %s)\n", argv[1], names->str);
      return EXIT_USAGE;
    }

  if (argc == 4)
    {
      g_autoptr(JsonNode) node = json_from_string (argv[3], &error);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_printerr ("pipedeck-aws: the input must be a JSON object%s%s\n",
                      error != NULL ? ": " : "", error != NULL ? error->message : "");
          return EXIT_USAGE;
        }
      input = json_object_ref (json_node_get_object (node));
    }

  config = pd_aws_config_new_from_environ (NULL, &error);
  if (config == NULL)
    {
      g_printerr ("pipedeck-aws: %s\n", error->message);
      return EXIT_AWS_ERROR;
    }
  if (profile != NULL && !pd_aws_config_has_profile (config, profile))
    {
      g_printerr ("pipedeck-aws: the profile “%s” is not in %s or %s\n", profile,
                  pd_aws_config_get_config_file (config),
                  pd_aws_config_get_credentials_file (config));
      return EXIT_USAGE;
    }

  chosen_region = region != NULL ? region : pd_aws_config_get_region (config, profile);
  if (chosen_region == NULL || chosen_region[0] == '\0')
    {
      g_printerr ("pipedeck-aws: no region: use --region, AWS_REGION or a profile's region\n");
      return EXIT_USAGE;
    }

  /* The SDK order: environment, then the profile (roles, credential_process,
   * static keys); a profile named here skips the environment, as in botocore */
  provider = pd_aws_credentials_chain_new (config, NULL, profile);
  pd_aws_credentials_chain_set_mfa_prompt (PD_AWS_CREDENTIALS_CHAIN (provider), mfa_prompt_cb,
                                           NULL, NULL);
  max_attempts = pd_aws_config_get_max_attempts (config, profile, &error);
  if (max_attempts < 0)
    {
      g_printerr ("pipedeck-aws: %s\n", error->message);
      return EXIT_USAGE;
    }

  client = pd_aws_client_new (provider, chosen_region, endpoint_url);
  if (max_attempts > 0)
    pd_aws_client_set_max_attempts (client, MIN (max_attempts, 10));
  lookup = g_new0 (LookupData, 1);
  lookup->config = g_object_ref (config);
  lookup->profile = g_strdup (profile);
  pd_aws_client_set_config_lookup (client, lookup_cb, lookup, lookup_data_free);

  pd_aws_client_call_async (client, service->name, argv[2], input, NULL, on_call_done_cb, &call);
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);

  if (call.result == NULL)
    {
      print_error (call.error);
      g_clear_error (&call.error);
      return EXIT_AWS_ERROR;
    }

  output = json_to_string (call.result, TRUE);
  g_print ("%s\n", output);
  json_node_unref (call.result);

  return 0;
}
