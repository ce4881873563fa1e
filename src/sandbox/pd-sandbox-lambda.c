/* pd-sandbox-lambda.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-sandbox-cicd-private.h"
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

/* A request ID from @rand, so that the logs leave the world's generator
 * alone. */
static char *
new_request_id (GRand *rand)
{
  guint32 w[4];

  for (guint i = 0; i < 4; i++)
    w[i] = g_rand_int (rand);
  w[1] = (w[1] & 0xffff0fffu) | 0x00004000u;
  w[2] = (w[2] & 0x3fffffffu) | 0x80000000u;
  return g_strdup_printf ("%08x-%04x-%04x-%04x-%04x%08x",
                          w[0], w[1] >> 16, w[1] & 0xffff, w[2] >> 16, w[2] & 0xffff, w[3]);
}

/* The log lines of one invocation, as the Python runtime writes them. */
static void
append_invocation (PdSandbox          *sandbox,
                   GRand              *rand,
                   const char         *group,
                   const char         *stream,
                   gint64              time,
                   const FunctionSpec *spec,
                   gboolean            cold,
                   guint               kind)
{
  g_autofree char *request = new_request_id (rand);
  g_autofree char *start = g_strdup_printf ("START RequestId: %s Version: $LATEST\n", request);
  g_autofree char *end = g_strdup_printf ("END RequestId: %s\n", request);
  g_autofree char *iso = pd_sandbox_format_iso8601 (time + 5);
  g_autofree char *report = NULL;
  g_autofree char *init = NULL;
  double duration = 20 + g_rand_int_range (rand, 0, 40000) / 100.0;

  pd_sandbox_logs_append (sandbox, group, stream, time, start);
  switch (kind)
    {
    case 1:
      {
        g_autofree char *line = g_strdup_printf (
          "[ERROR]\t%s\t%s\tKeyError: 'todo-%u' not found in table todo-list-%u after "
          "%u ms\n", iso, request, g_rand_int_range (rand, 1, 99999),
          g_rand_int_range (rand, 1, 9), g_rand_int_range (rand, 1, 900));

        pd_sandbox_logs_append (sandbox, group, stream, time + 5, line);
        break;
      }
    case 2:
      {
        g_autofree char *line = g_strdup_printf (
          "[ERROR] ConnectionError: could not reach 10.0.%u.%u:5432 (session 0x%08x)\n"
          "Traceback (most recent call last):\n  File \"/var/task/%s.py\", line %u, in "
          "handler\n", g_rand_int_range (rand, 0, 255), g_rand_int_range (rand, 1, 255),
          g_rand_int (rand), spec->name, g_rand_int_range (rand, 10, 90));

        pd_sandbox_logs_append (sandbox, group, stream, time + 6, line);
        break;
      }
    case 3:
      {
        g_autofree char *line = g_strdup_printf ("%s %s Task timed out after %" G_GINT64_FORMAT
                                                 ".%02u seconds\n", iso, request, spec->timeout,
                                                 g_rand_int_range (rand, 0, 99));

        duration = spec->timeout * 1000.0;
        pd_sandbox_logs_append (sandbox, group, stream, time + spec->timeout * 1000, line);
        break;
      }
    default:
      break;
    }
  if (cold)
    init = g_strdup_printf ("\tInit Duration: %.2f ms",
                            180 + g_rand_int_range (rand, 0, 30000) / 100.0);
  report = g_strdup_printf ("REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %.0f "
                            "ms\tMemory Size: %" G_GINT64_FORMAT " MB\tMax Memory Used: %u "
                            "MB%s\t\n",
                            request, duration, ceil (duration), spec->memory,
                            (guint) g_rand_int_range (rand, 60, 90), init != NULL ? init : "");
  pd_sandbox_logs_append (sandbox, group, stream, time + (gint64) duration + 10, end);
  pd_sandbox_logs_append (sandbox, group, stream, time + (gint64) duration + 10, report);
}

/* The log groups of the production functions: two streams each, a cold
 * start at the head of each stream, errors (one kind appears only in the
 * last six hours), timeouts, and one malformed REPORT line. The authorizer
 * logs nothing. */
static void
seed_logs (Lambda *self,
           gint64  now)
{
  PdSandbox *sandbox = self->sandbox;
  g_autoptr(GRand) rand = g_rand_new_with_seed (pd_sandbox_get_seed (sandbox) ^ 0x1a3bdau);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      const FunctionSpec *spec = &specs[i];
      g_autofree char *group = g_strdup_printf ("/aws/lambda/%s", spec->name);

      if (g_str_equal (spec->name, "authorizer"))
        continue;
      for (guint s = 0; s < 2; s++)
        {
          g_autofree char *hex = g_strdup_printf ("%08x%08x%08x%08x", g_rand_int (rand),
                                                  g_rand_int (rand), g_rand_int (rand),
                                                  g_rand_int (rand));
          g_autoptr(GDateTime) day = NULL;
          g_autofree char *date = NULL;
          g_autofree char *stream = NULL;
          gint64 begin = now - (gint64) (23 - s * 11) * 3600 * 1000;

          day = g_date_time_new_from_unix_utc (begin / 1000);
          date = g_date_time_format (day, "%Y/%m/%d");
          stream = g_strdup_printf ("%s/[$LATEST]%.32s", date, hex);
          for (guint k = 0; k < 40; k++)
            {
              gint64 time = begin + (gint64) k * 15 * 60 * 1000;
              guint kind = 0;

              if (time >= now)
                break;
              if (g_str_equal (spec->name, "todos-get") && k % 5 == 2)
                kind = 1;
              else if (g_str_equal (spec->name, "todos-create") && k % 7 == 3 &&
                       time > now - 6 * 3600 * 1000)
                kind = 2;
              else if (g_str_equal (spec->name, "todos-list") && k % 9 == 4)
                kind = 3;
              append_invocation (sandbox, rand, group, stream, time, spec, k == 0, kind);
            }
          if (g_str_equal (spec->name, "todos-update") && s == 1)
            pd_sandbox_logs_append (sandbox, group, stream, now - 60000,
                                    "REPORT RequestId: broken\tDuration: fast\tInit Duration:"
                                    " ms\n");
        }
    }
}

void
pd_sandbox_lambda_add_fillers (PdSandbox *sandbox,
                               guint      count)
{
  Lambda *self = pd_sandbox_get_service_data (sandbox, "lambda");
  gint64 now = pd_sandbox_now_ms (sandbox);
  guint first;

  g_return_if_fail (self != NULL);

  first = json_array_get_length (self->functions);
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *name = g_strdup_printf ("fill-%03u",
                                               (guint) (first - G_N_ELEMENTS (specs) * 2 + i + 1));
      FunctionSpec spec = { name, "fill.handler", "A filler function", "nodejs18.x", 128, 3,
                            1024 };

      json_array_add_object_element (self->functions,
                                     new_function (self, &spec, NULL, now - (i + 1) * 3600000LL));
    }
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

  seed_logs (self, now);
  pd_sandbox_register_service (sandbox, &lambda_info, self, lambda_free);
}
