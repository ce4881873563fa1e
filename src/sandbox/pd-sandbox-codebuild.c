/* pd-sandbox-codebuild.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-cicd-private.h"

#define LIST_PAGE 100

typedef struct _CodeBuild CodeBuild;

typedef struct
{
  char            *name;
  char            *description;
  PdSandboxScript  script;
  gint64           created_ms;
  guint64          next_number;
  GPtrArray       *builds;
} Project;

struct _PdSandboxBuild
{
  CodeBuild          *owner;
  Project            *project;
  char               *id;
  char               *uuid;
  guint64             number;
  char               *source_version;
  char               *initiator;
  gboolean            fails;
  guint32             script_seed;
  gint64              start_ms;
  gint64              end_ms;
  gint64              stopped_ms;
  gint64              phase_ends[PD_SANDBOX_N_PHASES];
  int                 failed_phase;
  const char         *summary;
  GArray             *lines;
  guint64             long_lines;
  guint               timeout_id;
  PdSandboxBuildDone  done;
  gpointer            done_data;
};

struct _CodeBuild
{
  PdSandbox  *sandbox;
  GPtrArray  *projects;
  GHashTable *by_name;
  GHashTable *builds;
};

static void
build_free (gpointer data)
{
  PdSandboxBuild *build = data;

  g_clear_handle_id (&build->timeout_id, g_source_remove);
  g_free (build->id);
  g_free (build->uuid);
  g_free (build->source_version);
  g_free (build->initiator);
  g_clear_pointer (&build->lines, g_array_unref);
  g_free (build);
}

static void
project_free (gpointer data)
{
  Project *project = data;

  g_free (project->name);
  g_free (project->description);
  g_ptr_array_unref (project->builds);
  g_free (project);
}

static void
codebuild_free (gpointer data)
{
  CodeBuild *self = data;

  g_hash_table_unref (self->builds);
  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->projects);
  g_free (self);
}

static CodeBuild *
get_codebuild (PdSandbox *sandbox)
{
  return pd_sandbox_get_service_data (sandbox, "codebuild");
}

static GArray *
build_lines (PdSandboxBuild *build)
{
  if (build->lines == NULL)
    {
      gint64 ends[PD_SANDBOX_N_PHASES];
      int failed;
      const char *summary;

      build->lines = pd_sandbox_build_script (build->project->script, build->fails,
                                              build->script_seed, build->start_ms,
                                              ends, &failed, &summary);
    }
  return build->lines;
}

static gint64
build_cutoff (PdSandboxBuild *build,
              gint64          now_ms)
{
  gint64 cutoff = MIN (now_ms, build->end_ms);

  if (build->stopped_ms != 0)
    cutoff = MIN (cutoff, build->stopped_ms);
  return cutoff;
}

/* Log source for an ordinary build: the script's lines up to now. */
static guint64
script_count (gpointer data,
              gint64   now_ms)
{
  PdSandboxBuild *build = data;
  GArray *lines;
  gint64 cutoff = build_cutoff (build, now_ms) - build->start_ms;
  guint64 lo = 0, hi;

  if (cutoff < 0)
    return 0;
  lines = build_lines (build);
  hi = lines->len;
  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;

      if (g_array_index (lines, PdSandboxScriptLine, mid).offset_ms <= cutoff)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
script_get (gpointer  data,
            guint64   index,
            gint64   *timestamp,
            gint64   *ingestion_time,
            GString  *message)
{
  PdSandboxBuild *build = data;
  PdSandboxScriptLine *line = &g_array_index (build_lines (build), PdSandboxScriptLine, index);

  *timestamp = build->start_ms + line->offset_ms;
  /* CloudWatch ingests a few hundred milliseconds after the agent writes. */
  *ingestion_time = *timestamp + 250;
  g_string_append (message, line->text);
}

static const PdSandboxLogSource script_source = { script_count, script_get };

/* Log source for the long benchmark log: lines are made on demand. */
static guint64
long_count (gpointer data,
            gint64   now_ms)
{
  PdSandboxBuild *build = data;
  gint64 cutoff = build_cutoff (build, now_ms);
  gint64 span = MAX (build->end_ms - build->start_ms, 1);

  if (cutoff <= build->start_ms)
    return 0;
  if (cutoff >= build->end_ms)
    return build->long_lines;
  return (guint64) ((double) build->long_lines * (cutoff - build->start_ms) / span);
}

static void
long_get (gpointer  data,
          guint64   index,
          gint64   *timestamp,
          gint64   *ingestion_time,
          GString  *message)
{
  PdSandboxBuild *build = data;
  gint64 span = MAX (build->end_ms - build->start_ms, 1);
  g_autofree char *text = pd_sandbox_long_log_line (index);

  *timestamp = build->start_ms + (gint64) ((double) span * index / build->long_lines);
  *ingestion_time = *timestamp + 250;
  g_string_append (message, text);
}

static const PdSandboxLogSource long_source = { long_count, long_get };

static gboolean
build_done_cb (gpointer data)
{
  PdSandboxBuild *build = data;

  build->timeout_id = 0;
  if (build->done != NULL)
    build->done (build, !build->fails, build->done_data);
  return G_SOURCE_REMOVE;
}

void
pd_sandbox_codebuild_add_project (PdSandbox       *sandbox,
                                  const char      *name,
                                  const char      *description,
                                  PdSandboxScript  script)
{
  CodeBuild *self = get_codebuild (sandbox);
  Project *project;

  if (g_hash_table_contains (self->by_name, name))
    return;
  project = g_new0 (Project, 1);
  project->name = g_strdup (name);
  project->description = g_strdup (description);
  project->script = script;
  project->created_ms = pd_sandbox_now_ms (sandbox) - G_GINT64_CONSTANT (400) * 24 * 3600 * 1000;
  project->next_number = 1;
  project->builds = g_ptr_array_new ();
  g_ptr_array_add (self->projects, project);
  g_hash_table_insert (self->by_name, project->name, project);
}

PdSandboxBuild *
pd_sandbox_codebuild_start (PdSandbox          *sandbox,
                            const char         *project_name,
                            const char         *source_version,
                            const char         *initiator,
                            gboolean            fails,
                            gint64              start_ms,
                            guint64             log_lines,
                            PdSandboxBuildDone  done,
                            gpointer            data)
{
  CodeBuild *self = get_codebuild (sandbox);
  Project *project = g_hash_table_lookup (self->by_name, project_name);
  PdSandboxBuild *build;
  g_autofree char *group = NULL;
  GArray *lines;
  gint64 now;

  g_return_val_if_fail (project != NULL, NULL);

  build = g_new0 (PdSandboxBuild, 1);
  build->owner = self;
  build->project = project;
  build->uuid = pd_sandbox_new_uuid (sandbox);
  build->id = g_strdup_printf ("%s:%s", project->name, build->uuid);
  build->number = project->next_number++;
  build->source_version = g_strdup (source_version);
  build->initiator = g_strdup (initiator);
  build->fails = fails;
  build->script_seed = g_rand_int (pd_sandbox_get_rand (sandbox));
  build->start_ms = start_ms;
  build->long_lines = log_lines;

  lines = pd_sandbox_build_script (project->script, fails, build->script_seed, start_ms,
                                   build->phase_ends, &build->failed_phase, &build->summary);
  g_array_unref (lines);
  build->end_ms = start_ms + build->phase_ends[PD_SANDBOX_N_PHASES - 1];

  g_ptr_array_add (project->builds, build);
  g_hash_table_insert (self->builds, build->id, build);

  group = g_strdup_printf ("/aws/codebuild/%s", project->name);
  pd_sandbox_logs_add_source (sandbox, group, build->uuid, start_ms,
                              log_lines > 0 ? &long_source : &script_source, build);

  now = pd_sandbox_now_ms (sandbox);
  build->done = done;
  build->done_data = data;
  if (build->end_ms > now && done != NULL)
    build->timeout_id = pd_sandbox_add_timeout (sandbox, build->end_ms - now, build_done_cb,
                                                build, NULL);
  return build;
}

void
pd_sandbox_codebuild_stop (PdSandbox      *sandbox,
                           PdSandboxBuild *build)
{
  gint64 now = pd_sandbox_now_ms (sandbox);

  if (build->stopped_ms != 0 || now >= build->end_ms)
    return;
  build->stopped_ms = now;
  g_clear_handle_id (&build->timeout_id, g_source_remove);
}

const char *
pd_sandbox_build_get_id (PdSandboxBuild *build)
{
  return build->id;
}

gint64
pd_sandbox_build_get_end_ms (PdSandboxBuild *build)
{
  return build->stopped_ms != 0 ? build->stopped_ms : build->end_ms;
}

const char *
pd_sandbox_build_get_summary (PdSandboxBuild *build)
{
  return build->summary;
}

static void
set_time (JsonObject *object,
          const char *member,
          gint64      ms)
{
  json_object_set_double_member (object, member, ms / 1000.0);
}

static JsonObject *
build_to_json (CodeBuild      *self,
               PdSandboxBuild *build,
               gint64          now)
{
  JsonObject *object = json_object_new ();
  JsonArray *phases = json_array_new ();
  JsonObject *logs = json_object_new ();
  JsonObject *env = json_object_new ();
  g_autofree char *arn = NULL;
  g_autofree char *group = NULL;
  g_autofree char *deep = NULL;
  g_autofree char *logs_arn = NULL;
  gint64 cutoff = build_cutoff (build, now);
  gboolean complete = cutoff >= build->end_ms || build->stopped_ms != 0;
  const char *status;
  const char *current = "COMPLETED";
  gint64 phase_start = build->start_ms;

  arn = g_strdup_printf ("arn:aws:codebuild:%s:%s:build/%s", pd_sandbox_get_region (self->sandbox),
                         pd_sandbox_get_account_id (self->sandbox), build->id);
  if (build->stopped_ms != 0)
    status = "STOPPED";
  else if (!complete)
    status = "IN_PROGRESS";
  else
    status = build->fails ? "FAILED" : "SUCCEEDED";

  for (int i = 0; i < PD_SANDBOX_N_PHASES; i++)
    {
      gint64 phase_end = build->start_ms + build->phase_ends[i];
      JsonObject *phase;

      if (phase_start > cutoff)
        break;
      phase = json_object_new ();
      json_object_set_string_member (phase, "phaseType", pd_sandbox_phase_names[i]);
      set_time (phase, "startTime", phase_start);
      if (i == PD_SANDBOX_N_PHASES - 1)
        {
          /* COMPLETED has a start only. */
        }
      else if (phase_end <= cutoff)
        {
          const char *phase_status = i == build->failed_phase ? "FAILED" : "SUCCEEDED";
          JsonArray *contexts = json_array_new ();
          JsonObject *context = json_object_new ();

          json_object_set_string_member (phase, "phaseStatus", phase_status);
          set_time (phase, "endTime", phase_end);
          json_object_set_int_member (phase, "durationInSeconds", (phase_end - phase_start) / 1000);
          json_object_set_string_member (context, "statusCode",
                                         i == build->failed_phase ? "COMMAND_EXECUTION_ERROR" : "");
          json_object_set_string_member (context, "message",
                                         i == build->failed_phase
                                         ? "Error while executing command. Reason: exit status 1"
                                         : "");
          json_array_add_object_element (contexts, context);
          json_object_set_array_member (phase, "contexts", contexts);
        }
      else
        {
          current = pd_sandbox_phase_names[i];
          if (build->stopped_ms != 0)
            {
              json_object_set_string_member (phase, "phaseStatus", "STOPPED");
              set_time (phase, "endTime", build->stopped_ms);
              json_object_set_int_member (phase, "durationInSeconds",
                                          (build->stopped_ms - phase_start) / 1000);
            }
          json_array_add_object_element (phases, phase);
          break;
        }
      json_array_add_object_element (phases, phase);
      phase_start = phase_end;
    }

  group = g_strdup_printf ("/aws/codebuild/%s", build->project->name);
  deep = g_strdup_printf ("https://console.aws.amazon.com/cloudwatch/home?region=%s#logEvent:"
                          "group=%s;stream=%s", pd_sandbox_get_region (self->sandbox), group,
                          build->uuid);
  logs_arn = g_strdup_printf ("arn:aws:logs:%s:%s:log-group:%s:log-stream:%s",
                              pd_sandbox_get_region (self->sandbox),
                              pd_sandbox_get_account_id (self->sandbox), group, build->uuid);
  json_object_set_string_member (logs, "groupName", group);
  json_object_set_string_member (logs, "streamName", build->uuid);
  json_object_set_string_member (logs, "deepLink", deep);
  json_object_set_string_member (logs, "cloudWatchLogsArn", logs_arn);

  json_object_set_string_member (env, "type", "LINUX_CONTAINER");
  json_object_set_string_member (env, "image", "aws/codebuild/standard:7.0");
  json_object_set_string_member (env, "computeType", "BUILD_GENERAL1_SMALL");
  json_object_set_array_member (env, "environmentVariables", json_array_new ());

  json_object_set_string_member (object, "id", build->id);
  json_object_set_string_member (object, "arn", arn);
  json_object_set_int_member (object, "buildNumber", build->number);
  set_time (object, "startTime", build->start_ms);
  if (complete)
    set_time (object, "endTime", pd_sandbox_build_get_end_ms (build));
  json_object_set_string_member (object, "currentPhase", complete ? "COMPLETED" : current);
  json_object_set_string_member (object, "buildStatus", status);
  json_object_set_boolean_member (object, "buildComplete", complete);
  json_object_set_string_member (object, "initiator", build->initiator);
  json_object_set_string_member (object, "projectName", build->project->name);
  json_object_set_string_member (object, "sourceVersion", build->source_version);
  json_object_set_string_member (object, "resolvedSourceVersion", build->source_version);
  json_object_set_int_member (object, "timeoutInMinutes", 60);
  json_object_set_array_member (object, "phases", phases);
  json_object_set_object_member (object, "logs", logs);
  json_object_set_object_member (object, "environment", env);
  return object;
}

static void
batch_get_builds (PdSandboxRequest *request,
                  gpointer          data)
{
  CodeBuild *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *ids, *builds, *missing;
  gint64 now = pd_sandbox_now_ms (request->sandbox);

  ids = pd_sandbox_request_get_array (request, "ids", TRUE, 1, 100);
  if (!pd_sandbox_request_check_valid (request))
    return;

  builds = json_array_new ();
  missing = json_array_new ();
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode *node = json_array_get_element (ids, i);
      const char *id = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                       ? json_node_get_string (node) : NULL;
      PdSandboxBuild *build;

      if (id == NULL || *id == '\0')
        {
          json_array_unref (builds);
          json_array_unref (missing);
          pd_sandbox_request_reply_error (request, 400, "InvalidInputException",
                                          "Invalid build ID provided");
          return;
        }
      build = g_hash_table_lookup (self->builds, id);
      if (build != NULL)
        json_array_add_object_element (builds, build_to_json (self, build, now));
      else
        json_array_add_string_element (missing, id);
    }
  json_object_set_array_member (reply, "builds", builds);
  json_object_set_array_member (reply, "buildsNotFound", missing);
  pd_sandbox_request_reply_json (request, reply);
}

static void
list_builds_for_project (PdSandboxRequest *request,
                         gpointer          data)
{
  static const char * const orders[] = { "ASCENDING", "DESCENDING", NULL };
  CodeBuild *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  const char *name, *order, *token;
  gboolean ascending;
  JsonArray *ids;
  Project *project;
  guint64 start = 0;

  name = pd_sandbox_request_get_string (request, "projectName", TRUE, 1, 0, NULL);
  order = pd_sandbox_request_get_enum (request, "sortOrder", FALSE, orders);
  token = pd_sandbox_request_get_string (request, "nextToken", FALSE, 1, 0, NULL);
  if (!pd_sandbox_request_check_valid (request))
    return;
  ascending = g_strcmp0 (order, "ASCENDING") == 0;

  project = g_hash_table_lookup (self->by_name, name);
  if (project == NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "ResourceNotFoundException",
                                      "The provided project name does not exist: %s", name);
      return;
    }
  if (token != NULL && !pd_sandbox_token_decode (token, ascending ? "builds-asc" : "builds-desc",
                                                 &start))
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidInputException",
                                      "Invalid pagination token provided");
      return;
    }

  ids = json_array_new ();
  for (guint64 k = start; k < project->builds->len && k < start + LIST_PAGE; k++)
    {
      guint64 idx = ascending ? k : project->builds->len - 1 - k;
      PdSandboxBuild *build = g_ptr_array_index (project->builds, idx);

      json_array_add_string_element (ids, build->id);
    }
  json_object_set_array_member (reply, "ids", ids);
  if (start + LIST_PAGE < project->builds->len)
    {
      g_autofree char *next = pd_sandbox_token_encode (ascending ? "builds-asc" : "builds-desc",
                                                       start + LIST_PAGE);

      json_object_set_string_member (reply, "nextToken", next);
    }
  pd_sandbox_request_reply_json (request, reply);
}

static void
batch_get_projects (PdSandboxRequest *request,
                    gpointer          data)
{
  CodeBuild *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *names, *projects, *missing;

  names = pd_sandbox_request_get_array (request, "names", TRUE, 1, 100);
  if (!pd_sandbox_request_check_valid (request))
    return;

  projects = json_array_new ();
  missing = json_array_new ();
  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      JsonNode *node = json_array_get_element (names, i);
      const char *name = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;
      Project *project;
      JsonObject *object, *source, *env, *logs_config, *cw;
      JsonArray *tags;
      JsonObject *tag;
      g_autofree char *arn = NULL;
      g_autofree char *group = NULL;

      if (name == NULL || *name == '\0')
        {
          json_array_unref (projects);
          json_array_unref (missing);
          pd_sandbox_request_reply_error (request, 400, "InvalidInputException",
                                          "Invalid project name provided");
          return;
        }
      project = g_hash_table_lookup (self->by_name, name);
      if (project == NULL)
        {
          json_array_add_string_element (missing, name);
          continue;
        }

      arn = g_strdup_printf ("arn:aws:codebuild:%s:%s:project/%s",
                             pd_sandbox_get_region (self->sandbox),
                             pd_sandbox_get_account_id (self->sandbox), project->name);
      group = g_strdup_printf ("/aws/codebuild/%s", project->name);
      object = json_object_new ();
      source = json_object_new ();
      env = json_object_new ();
      logs_config = json_object_new ();
      cw = json_object_new ();
      tags = json_array_new ();
      tag = json_object_new ();

      json_object_set_string_member (source, "type", "CODEPIPELINE");
      json_object_set_string_member (source, "buildspec", "buildspec.yml");
      json_object_set_string_member (env, "type", "LINUX_CONTAINER");
      json_object_set_string_member (env, "image", "aws/codebuild/standard:7.0");
      json_object_set_string_member (env, "computeType", "BUILD_GENERAL1_SMALL");
      json_object_set_array_member (env, "environmentVariables", json_array_new ());
      json_object_set_string_member (cw, "status", "ENABLED");
      json_object_set_string_member (cw, "groupName", group);
      json_object_set_object_member (logs_config, "cloudWatchLogs", cw);
      json_object_set_string_member (tag, "key", "project");
      json_object_set_string_member (tag, "value", "todo-list");
      json_array_add_object_element (tags, tag);

      json_object_set_string_member (object, "name", project->name);
      json_object_set_string_member (object, "arn", arn);
      json_object_set_string_member (object, "description", project->description);
      json_object_set_object_member (object, "source", source);
      json_object_set_object_member (object, "environment", env);
      json_object_set_string_member (object, "serviceRole",
                                     "arn:aws:iam::123456789012:role/codebuild-todo-list-role");
      json_object_set_int_member (object, "timeoutInMinutes", 60);
      set_time (object, "created", project->created_ms);
      set_time (object, "lastModified", project->created_ms);
      json_object_set_array_member (object, "tags", tags);
      json_object_set_object_member (object, "logsConfig", logs_config);
      json_array_add_object_element (projects, object);
    }
  json_object_set_array_member (reply, "projects", projects);
  json_object_set_array_member (reply, "projectsNotFound", missing);
  pd_sandbox_request_reply_json (request, reply);
}

static const PdSandboxOperation codebuild_operations[] = {
  { "BatchGetBuilds", NULL, NULL, batch_get_builds },
  { "ListBuildsForProject", NULL, NULL, list_builds_for_project },
  { "BatchGetProjects", NULL, NULL, batch_get_projects },
};

static const PdSandboxServiceInfo codebuild_info = {
  .signing_name = "codebuild",
  .protocol = PD_SANDBOX_PROTOCOL_JSON,
  .json_version = "1.1",
  .target_prefix = "CodeBuild_20161006",
  .error_namespace = "com.amazonaws.codebuild",
  .validation_code = "InvalidInputException",
  .fault_name = "codebuild",
  .operations = codebuild_operations,
  .n_operations = G_N_ELEMENTS (codebuild_operations),
};

void
pd_sandbox_codebuild_register (PdSandbox *sandbox)
{
  CodeBuild *self = g_new0 (CodeBuild, 1);

  self->sandbox = sandbox;
  self->projects = g_ptr_array_new_with_free_func (project_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->builds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, build_free);
  pd_sandbox_register_service (sandbox, &codebuild_info, self, codebuild_free);
}
