/* pd-sandbox-codepipeline.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-sandbox-private.h"

typedef struct
{
  char   *name;
  gint64  created_ms;
} Pipeline;

typedef struct
{
  PdSandbox *sandbox;
  GPtrArray *pipelines;
} CodePipeline;

static void
pipeline_free (gpointer data)
{
  Pipeline *pipeline = data;

  g_free (pipeline->name);
  g_free (pipeline);
}

static void
codepipeline_free (gpointer data)
{
  CodePipeline *self = data;

  g_ptr_array_unref (self->pipelines);
  g_free (self);
}

static void
list_pipelines (PdSandboxRequest *request,
                gpointer          data)
{
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *items = json_array_new ();
  const char *token;
  guint64 start = 0;
  gint64 max;

  token = pd_sandbox_request_get_string (request, "nextToken", FALSE, 1, 2048, NULL);
  max = pd_sandbox_request_get_int (request, "maxResults", 100, 1, 1000);
  if (!pd_sandbox_request_check_valid (request))
    {
      json_array_unref (items);
      return;
    }
  if (token != NULL && !pd_sandbox_token_decode (token, "pipelines", &start))
    {
      json_array_unref (items);
      pd_sandbox_request_reply_error (request, 400, "InvalidNextTokenException",
                                      "The next token was specified in an invalid format. Make "
                                      "sure that the next token you provide is the token "
                                      "returned by a previous call.");
      return;
    }

  for (guint64 i = start; i < self->pipelines->len && i < start + max; i++)
    {
      Pipeline *pipeline = g_ptr_array_index (self->pipelines, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "name", pipeline->name);
      json_object_set_int_member (item, "version", 1);
      json_object_set_double_member (item, "created", pipeline->created_ms / 1000.0);
      json_object_set_double_member (item, "updated", pipeline->created_ms / 1000.0);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (reply, "pipelines", items);
  if (start + max < self->pipelines->len)
    {
      g_autofree char *next = pd_sandbox_token_encode ("pipelines", start + max);

      json_object_set_string_member (reply, "nextToken", next);
    }
  pd_sandbox_request_reply_json (request, reply);
}

static const PdSandboxOperation codepipeline_operations[] = {
  { "ListPipelines", NULL, NULL, list_pipelines },
};

static const PdSandboxServiceInfo codepipeline_info = {
  .signing_name = "codepipeline",
  .protocol = PD_SANDBOX_PROTOCOL_JSON,
  .json_version = "1.1",
  .target_prefix = "CodePipeline_20150709",
  .error_namespace = "com.amazonaws.codepipeline",
  .validation_code = "ValidationException",
  .fault_name = "codepipeline",
  .operations = codepipeline_operations,
  .n_operations = G_N_ELEMENTS (codepipeline_operations),
};

void
pd_sandbox_codepipeline_register (PdSandbox *sandbox)
{
  CodePipeline *self = g_new0 (CodePipeline, 1);
  static const char * const names[] = { "todo-list-aws", "todo-list-infra" };

  self->sandbox = sandbox;
  self->pipelines = g_ptr_array_new_with_free_func (pipeline_free);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      Pipeline *pipeline = g_new0 (Pipeline, 1);

      pipeline->name = g_strdup (names[i]);
      pipeline->created_ms = pd_sandbox_now_ms (sandbox) - 90 * 24 * 3600 * 1000LL;
      g_ptr_array_add (self->pipelines, pipeline);
    }

  pd_sandbox_register_service (sandbox, &codepipeline_info, self, codepipeline_free);
}
