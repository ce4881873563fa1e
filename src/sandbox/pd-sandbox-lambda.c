/* pd-sandbox-lambda.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-services-private.h"

/* Lambda (rest-json): ListFunctions over the To-Do application's functions,
 * at both path spellings botocore has used. */

const char * const pd_sandbox_lambda_function_names[] = {
  "todos-create", "todos-list", "todos-get", "todos-update", "todos-delete", "authorizer", NULL,
};

typedef struct
{
  const char *name;
  const char *handler;
  const char *description;
  const char *runtime;
  gint64      memory;
  gint64      timeout;
  gint64      code_size;
} FunctionSpec;

static const FunctionSpec specs[] = {
  { "todos-create", "todos/create.create", "Creates a To-Do item", "python3.9", 256, 10, 48213 },
  { "todos-list", "todos/list.list", "Lists the To-Do items of a user", "python3.9", 256, 10,
    47988 },
  { "todos-get", "todos/get.get", "Returns one To-Do item", "python3.9", 128, 6, 47702 },
  { "todos-update", "todos/update.update", "Updates a To-Do item", "python3.9", 256, 10, 48390 },
  { "todos-delete", "todos/delete.delete", "Deletes a To-Do item", "python3.9", 128, 6, 47655 },
  { "authorizer", "auth/authorizer.handler", "TOKEN authorizer of the To-Do API", "python3.9",
    128, 5, 21877 },
};

typedef struct
{
  PdSandbox  *sandbox;
  JsonArray  *functions;
} Lambda;

static void
lambda_free (gpointer data)
{
  Lambda *self = data;

  json_array_unref (self->functions);
  g_free (self);
}

static void
list_functions (PdSandboxRequest *request,
                gpointer          data)
{
  Lambda *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *page;
  const char *marker;
  const char *version;
  guint64 start = 0;
  gint64 max;
  guint n = json_array_get_length (self->functions);

  marker = pd_sandbox_request_get_string (request, "Marker", FALSE, 0, 1024, NULL);
  version = pd_sandbox_request_get_string (request, "FunctionVersion", FALSE, 0, 16, NULL);
  pd_sandbox_request_get_string (request, "MasterRegion", FALSE, 0, 64, NULL);
  max = pd_sandbox_request_get_int (request, "MaxItems", 50, 1, 10000);
  if (!pd_sandbox_request_check_valid (request))
    return;
  if (version != NULL && !g_str_equal (version, "ALL"))
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidParameterValueException",
                                      "1 validation error detected: Value '%s' at "
                                      "'functionVersion' failed to satisfy constraint: Member "
                                      "must satisfy enum value set: [ALL]", version);
      return;
    }
  if (marker != NULL && !pd_sandbox_token_decode (marker, "functions", &start))
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidParameterValueException",
                                      "Invalid Marker: %s", marker);
      return;
    }
  /* The service returns at most 50 per page whatever MaxItems says. */
  max = MIN (max, 50);

  page = json_array_new ();
  for (guint64 i = start; i < n && i < start + (guint64) max; i++)
    json_array_add_element (page, json_node_copy (json_array_get_element (self->functions, i)));
  json_object_set_array_member (reply, "Functions", page);
  if (start + (guint64) max < n)
    {
      g_autofree char *next = pd_sandbox_token_encode ("functions", start + max);

      json_object_set_string_member (reply, "NextMarker", next);
    }
  pd_sandbox_request_reply_json (request, reply);
}

static const PdSandboxOperation lambda_operations[] = {
  { "ListFunctions", "GET", "/2015-03-31/functions/", list_functions },
  { "ListFunctions", "GET", "/2015-03-31/functions", list_functions },
};

static const PdSandboxServiceInfo lambda_info = {
  .signing_name = "lambda",
  .protocol = PD_SANDBOX_PROTOCOL_REST_JSON,
  .validation_code = "InvalidParameterValueException",
  .fault_name = "lambda",
  .operations = lambda_operations,
  .n_operations = G_N_ELEMENTS (lambda_operations),
};

static JsonObject *
new_function (Lambda             *self,
              const FunctionSpec *spec,
              const char         *stage,
              gint64              modified_ms)
{
  PdSandbox *sandbox = self->sandbox;
  const char *region = pd_sandbox_get_region (sandbox);
  const char *account = pd_sandbox_get_account_id (sandbox);
  JsonObject *function = json_object_new ();
  JsonObject *environment = json_object_new ();
  JsonObject *variables = json_object_new ();
  JsonObject *tracing = json_object_new ();
  JsonArray *architectures = json_array_new ();
  g_autofree char *name = g_strdup_printf ("%s%s%s", spec->name, stage != NULL ? "-" : "",
                                           stage != NULL ? stage : "");
  g_autofree char *arn = g_strdup_printf ("arn:aws:lambda:%s:%s:function:%s", region, account,
                                          name);
  g_autofree char *role = g_strdup_printf ("arn:aws:iam::%s:role/todo-list-aws-%s-lambdaRole",
                                           account, stage != NULL ? stage : "prod");
  g_autoptr(GDateTime) modified = g_date_time_new_from_unix_utc (modified_ms / 1000);
  g_autofree char *modified_text = g_date_time_format (modified, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *last_modified = g_strdup_printf ("%s.%03d+0000", modified_text,
                                                    (int) (modified_ms % 1000));
  g_autofree char *sha_input = g_strdup_printf ("%s:%" G_GINT64_FORMAT, name, modified_ms);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, sha_input, -1);
  g_autofree guchar *sha_raw = NULL;
  g_autofree char *sha_b64 = NULL;
  gsize sha_len = 32;

  sha_raw = g_malloc (sha_len);
  for (gsize i = 0; i < sha_len; i++)
    {
      char hex[3] = { sha[2 * i], sha[2 * i + 1], '\0' };

      sha_raw[i] = (guchar) g_ascii_strtoull (hex, NULL, 16);
    }
  sha_b64 = g_base64_encode (sha_raw, sha_len);

  json_object_set_string_member (function, "FunctionName", name);
  json_object_set_string_member (function, "FunctionArn", arn);
  json_object_set_string_member (function, "Runtime", spec->runtime);
  json_object_set_string_member (function, "Role", role);
  json_object_set_string_member (function, "Handler", spec->handler);
  json_object_set_int_member (function, "CodeSize", spec->code_size);
  json_object_set_string_member (function, "Description", spec->description);
  json_object_set_int_member (function, "Timeout", spec->timeout);
  json_object_set_int_member (function, "MemorySize", spec->memory);
  json_object_set_string_member (function, "LastModified", last_modified);
  json_object_set_string_member (function, "CodeSha256", sha_b64);
  json_object_set_string_member (function, "Version", "$LATEST");
  json_object_set_string_member (variables, "DB_CLUSTER", "todo-list-db");
  json_object_set_string_member (variables, "STAGE", stage != NULL ? stage : "prod");
  json_object_set_string_member (variables, "POWERTOOLS_SERVICE_NAME", "todo-list-aws");
  json_object_set_object_member (environment, "Variables", variables);
  json_object_set_object_member (function, "Environment", environment);
  json_object_set_string_member (tracing, "Mode", "Active");
  json_object_set_object_member (function, "TracingConfig", tracing);
  json_object_set_string_member (function, "PackageType", "Zip");
  json_array_add_string_element (architectures, "x86_64");
  json_object_set_array_member (function, "Architectures", architectures);
  json_object_set_string_member (function, "State", "Active");
  json_object_set_string_member (function, "LastUpdateStatus", "Successful");
  {
    JsonObject *storage = json_object_new ();

    json_object_set_int_member (storage, "Size", 512);
    json_object_set_object_member (function, "EphemeralStorage", storage);
  }
  /* RevisionId is a UUID on AWS. */
  {
    g_autofree char *uuid = pd_sandbox_new_uuid (sandbox);

    json_object_set_string_member (function, "RevisionId", uuid);
  }

  return function;
}

void
pd_sandbox_lambda_register (PdSandbox *sandbox)
{
  Lambda *self = g_new0 (Lambda, 1);
  gint64 now = pd_sandbox_now_ms (sandbox);
  GRand *rand = pd_sandbox_get_rand (sandbox);

  self->sandbox = sandbox;
  self->functions = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      gint64 age = g_rand_int_range (rand, 2 * 3600, 9 * 24 * 3600) * 1000LL +
                   g_rand_int_range (rand, 0, 1000);

      json_array_add_object_element (self->functions, new_function (self, &specs[i], NULL,
                                                                    now - age));
    }
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      gint64 age = g_rand_int_range (rand, 600, 2 * 24 * 3600) * 1000LL +
                   g_rand_int_range (rand, 0, 1000);

      json_array_add_object_element (self->functions, new_function (self, &specs[i], "staging",
                                                                    now - age));
    }

  pd_sandbox_register_service (sandbox, &lambda_info, self, lambda_free);
}
