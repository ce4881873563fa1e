/* pd-sandbox-secretsmanager.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-services-private.h"

/* Secrets Manager (json 1.1, target prefix "secretsmanager"): ListSecrets
 * and GetSecretValue over the secrets of the seeded stack. Secret values
 * are generated for each sandbox and never logged. */

typedef struct
{
  char   *name;
  char   *arn;
  char   *description;
  char   *version_id;
  char   *secret_string;
  gint64  created_ms;
  gint64  last_accessed_ms;
} Secret;

typedef struct
{
  PdSandbox *sandbox;
  GPtrArray *secrets;
} SecretsManager;

static void
secret_free (gpointer data)
{
  Secret *secret = data;

  if (secret->secret_string != NULL)
    memset (secret->secret_string, 0, strlen (secret->secret_string));
  g_free (secret->secret_string);
  g_free (secret->name);
  g_free (secret->arn);
  g_free (secret->description);
  g_free (secret->version_id);
  g_free (secret);
}

static void
secretsmanager_free (gpointer data)
{
  SecretsManager *self = data;

  g_ptr_array_unref (self->secrets);
  g_free (self);
}

static Secret *
find_secret (SecretsManager *self,
             const char     *secret_id)
{
  for (guint i = 0; i < self->secrets->len; i++)
    {
      Secret *secret = g_ptr_array_index (self->secrets, i);

      if (g_strcmp0 (secret->name, secret_id) == 0 || g_strcmp0 (secret->arn, secret_id) == 0)
        return secret;
    }
  return NULL;
}

static void
reply_not_found (PdSandboxRequest *request)
{
  pd_sandbox_request_reply_error (request, 400, "ResourceNotFoundException",
                                  "Secrets Manager can't find the specified secret.");
}

static void
list_secrets (PdSandboxRequest *request,
              gpointer          data)
{
  SecretsManager *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *list;
  const char *token;
  guint64 start = 0;
  gint64 max;

  token = pd_sandbox_request_get_string (request, "NextToken", FALSE, 1, 4096, NULL);
  max = pd_sandbox_request_get_int (request, "MaxResults", 100, 1, 100);
  pd_sandbox_request_get_array (request, "Filters", FALSE, 0, 10);
  if (!pd_sandbox_request_check_valid (request))
    return;
  if (token != NULL && !pd_sandbox_token_decode (token, "secrets", &start))
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidNextTokenException",
                                      "The NextToken value is invalid.");
      return;
    }

  list = json_array_new ();
  for (guint64 i = start; i < self->secrets->len && i < start + (guint64) max; i++)
    {
      Secret *secret = g_ptr_array_index (self->secrets, i);
      JsonObject *item = json_object_new ();
      JsonObject *versions = json_object_new ();
      JsonArray *stages = json_array_new ();

      json_object_set_string_member (item, "ARN", secret->arn);
      json_object_set_string_member (item, "Name", secret->name);
      json_object_set_string_member (item, "Description", secret->description);
      json_object_set_double_member (item, "LastChangedDate", secret->created_ms / 1000.0);
      json_object_set_double_member (item, "CreatedDate", secret->created_ms / 1000.0);
      if (secret->last_accessed_ms > 0)
        json_object_set_double_member (item, "LastAccessedDate",
                                       (secret->last_accessed_ms / 86400000) * 86400.0);
      json_array_add_string_element (stages, "AWSCURRENT");
      json_object_set_array_member (versions, secret->version_id, stages);
      json_object_set_object_member (item, "SecretVersionsToStages", versions);
      json_object_set_array_member (item, "Tags", json_array_new ());
      json_array_add_object_element (list, item);
    }
  json_object_set_array_member (reply, "SecretList", list);
  if (start + (guint64) max < self->secrets->len)
    {
      g_autofree char *next = pd_sandbox_token_encode ("secrets", start + max);

      json_object_set_string_member (reply, "NextToken", next);
    }
  pd_sandbox_request_reply_json (request, reply);
}

static void
get_secret_value (PdSandboxRequest *request,
                  gpointer          data)
{
  SecretsManager *self = data;
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *stages;
  const char *secret_id;
  const char *version_id;
  const char *version_stage;
  Secret *secret;

  secret_id = pd_sandbox_request_get_string (request, "SecretId", TRUE, 1, 2048, NULL);
  version_id = pd_sandbox_request_get_string (request, "VersionId", FALSE, 32, 64, NULL);
  version_stage = pd_sandbox_request_get_string (request, "VersionStage", FALSE, 1, 256, NULL);
  if (!pd_sandbox_request_check_valid (request))
    return;

  secret = find_secret (self, secret_id);
  if (secret == NULL)
    {
      reply_not_found (request);
      return;
    }
  if (version_id != NULL && g_strcmp0 (version_id, secret->version_id) != 0)
    {
      pd_sandbox_request_reply_error (request, 400, "ResourceNotFoundException",
                                      "Secrets Manager can't find the specified secret value "
                                      "for VersionId: %s", version_id);
      return;
    }
  if (version_stage != NULL && g_strcmp0 (version_stage, "AWSCURRENT") != 0)
    {
      pd_sandbox_request_reply_error (request, 400, "ResourceNotFoundException",
                                      "Secrets Manager can't find the specified secret value "
                                      "for staging label: %s", version_stage);
      return;
    }

  secret->last_accessed_ms = pd_sandbox_now_ms (self->sandbox);
  reply = json_object_new ();
  json_object_set_string_member (reply, "ARN", secret->arn);
  json_object_set_string_member (reply, "Name", secret->name);
  json_object_set_string_member (reply, "VersionId", secret->version_id);
  json_object_set_string_member (reply, "SecretString", secret->secret_string);
  stages = json_array_new ();
  json_array_add_string_element (stages, "AWSCURRENT");
  json_object_set_array_member (reply, "VersionStages", stages);
  json_object_set_double_member (reply, "CreatedDate", secret->created_ms / 1000.0);
  pd_sandbox_request_reply_json (request, reply);
}

static const PdSandboxOperation secretsmanager_operations[] = {
  { "ListSecrets", NULL, NULL, list_secrets },
  { "GetSecretValue", NULL, NULL, get_secret_value },
};

static const PdSandboxServiceInfo secretsmanager_info = {
  .signing_name = "secretsmanager",
  .protocol = PD_SANDBOX_PROTOCOL_JSON,
  .json_version = "1.1",
  .target_prefix = "secretsmanager",
  .error_namespace = NULL,
  .validation_code = "InvalidParameterException",
  .fault_name = "secretsmanager",
  .operations = secretsmanager_operations,
  .n_operations = G_N_ELEMENTS (secretsmanager_operations),
};

const char *
pd_sandbox_secretsmanager_add (PdSandbox  *sandbox,
                               const char *name,
                               const char *description,
                               const char *secret_string)
{
  SecretsManager *self = pd_sandbox_get_service_data (sandbox, "secretsmanager");
  GRand *rand = pd_sandbox_get_rand (sandbox);
  Secret *secret;
  char suffix[7];

  g_return_val_if_fail (self != NULL, NULL);

  /* AWS appends six random characters to the name in the ARN. */
  for (guint i = 0; i < 6; i++)
    suffix[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[g_rand_int_range (rand, 0, 52)];
  suffix[6] = '\0';

  secret = g_new0 (Secret, 1);
  secret->name = g_strdup (name);
  secret->arn = g_strdup_printf ("arn:aws:secretsmanager:%s:%s:secret:%s-%s",
                                 pd_sandbox_get_region (sandbox),
                                 pd_sandbox_get_account_id (sandbox), name, suffix);
  secret->description = g_strdup (description);
  secret->version_id = pd_sandbox_new_uuid (sandbox);
  secret->secret_string = g_strdup (secret_string);
  secret->created_ms = pd_sandbox_now_ms (sandbox) - (gint64) (60 + self->secrets->len * 7) *
                                                      24 * 3600 * 1000;
  g_ptr_array_add (self->secrets, secret);

  return secret->arn;
}

const char *
pd_sandbox_secretsmanager_lookup (PdSandbox   *sandbox,
                                  const char  *secret_id,
                                  const char **arn)
{
  SecretsManager *self = pd_sandbox_get_service_data (sandbox, "secretsmanager");
  Secret *secret = self != NULL && secret_id != NULL ? find_secret (self, secret_id) : NULL;

  if (arn != NULL)
    *arn = secret != NULL ? secret->arn : NULL;
  return secret != NULL ? secret->secret_string : NULL;
}

void
pd_sandbox_secretsmanager_register (PdSandbox *sandbox)
{
  SecretsManager *self = g_new0 (SecretsManager, 1);
  static const struct { const char *name; const char *description; const char *key; } seeded[] = {
    { "todo-list-aws/authorizer-signing-key", "Key the TOKEN authorizer verifies JWTs with",
      "signingKey" },
    { "todo-list-aws/snyk-token", "Snyk API token for the security stage", "token" },
    { "todo-list-infra/terraform-backend", "Credentials of the Terraform state backend",
      "token" },
    { "todo-list-aws/dashbird-external-id", "External ID of the Dashbird read-only role",
      "externalId" },
  };

  self->sandbox = sandbox;
  self->secrets = g_ptr_array_new_with_free_func (secret_free);
  pd_sandbox_register_service (sandbox, &secretsmanager_info, self, secretsmanager_free);

  for (guint i = 0; i < G_N_ELEMENTS (seeded); i++)
    {
      g_autofree char *value = pd_sandbox_generate_password (32);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;

      json_object_set_string_member (object, seeded[i].key, value);
      json_node_set_object (node, object);
      text = json_to_string (node, FALSE);
      pd_sandbox_secretsmanager_add (sandbox, seeded[i].name, seeded[i].description, text);
      memset (value, 0, strlen (value));
      memset (text, 0, strlen (text));
    }
}
