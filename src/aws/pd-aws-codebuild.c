/* pd-aws-codebuild.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-aws-codebuild.h"
#include "pd-aws-error.h"
#include "pd-aws-typed-private.h"

#define BATCH_MAX 100

/* Index 0 is the UNKNOWN value. */
static const char * const build_status_names[] = {
  "", "SUCCEEDED", "FAILED", "FAULT", "TIMED_OUT", "IN_PROGRESS", "STOPPED", NULL
};

G_DEFINE_ENUM_TYPE (PdAwsBuildStatus, pd_aws_build_status,
                    G_DEFINE_ENUM_VALUE (PD_AWS_BUILD_STATUS_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_BUILD_STATUS_SUCCEEDED, "succeeded"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_BUILD_STATUS_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_BUILD_STATUS_FAULT, "fault"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_BUILD_STATUS_TIMED_OUT, "timed-out"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_BUILD_STATUS_IN_PROGRESS, "in-progress"),
                    G_DEFINE_ENUM_VALUE (PD_AWS_BUILD_STATUS_STOPPED, "stopped"))

typedef struct
{
  GPtrArray *items;
  GStrv      not_found;
} Batch;

static void
batch_free (Batch *batch)
{
  g_clear_pointer (&batch->items, g_ptr_array_unref);
  g_strfreev (batch->not_found);
  g_free (batch);
}

/**
 * pd_aws_build_phase_free:
 * @self: (transfer full) (nullable): a phase
 *
 * Frees @self.
 */
void
pd_aws_build_phase_free (PdAwsBuildPhase *self)
{
  if (self == NULL)
    return;
  g_free (self->phase_type);
  g_free (self->status_raw);
  g_clear_pointer (&self->start_time, g_date_time_unref);
  g_clear_pointer (&self->end_time, g_date_time_unref);
  g_strfreev (self->context_codes);
  g_strfreev (self->context_messages);
  g_free (self);
}

/**
 * pd_aws_build_free:
 * @self: (transfer full) (nullable): a build
 *
 * Frees @self.
 */
void
pd_aws_build_free (PdAwsBuild *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->arn);
  g_clear_pointer (&self->start_time, g_date_time_unref);
  g_clear_pointer (&self->end_time, g_date_time_unref);
  g_free (self->current_phase);
  g_free (self->build_status_raw);
  g_free (self->initiator);
  g_free (self->source_version);
  g_free (self->resolved_source_version);
  g_free (self->project_name);
  g_clear_pointer (&self->phases, g_ptr_array_unref);
  g_free (self->log_group);
  g_free (self->log_stream);
  g_free (self->log_deep_link);
  g_free (self);
}

/**
 * pd_aws_build_project_free:
 * @self: (transfer full) (nullable): a project
 *
 * Frees @self.
 */
void
pd_aws_build_project_free (PdAwsBuildProject *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->arn);
  g_free (self->description);
  g_free (self->source_type);
  g_free (self->service_role);
  g_free (self->environment_image);
  g_free (self->compute_type);
  g_free (self->log_group);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->last_modified, g_date_time_unref);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsBuildPhase, pd_aws_build_phase_free)

static PdAwsBuildPhase *
parse_phase (JsonObject  *object,
             const char  *path,
             GError     **error)
{
  g_autoptr(PdAwsBuildPhase) phase = g_new0 (PdAwsBuildPhase, 1);
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) messages = g_strv_builder_new ();
  JsonArray *contexts;
  int status = 0;

  phase->duration_seconds = -1;
  if (!pd_aws_read_string (object, path, "phaseType", TRUE, &phase->phase_type, error) ||
      !pd_aws_read_enum (object, path, "phaseStatus", build_status_names, &status,
                         &phase->status_raw, error) ||
      !pd_aws_read_time (object, path, "startTime", &phase->start_time, error) ||
      !pd_aws_read_time (object, path, "endTime", &phase->end_time, error) ||
      !pd_aws_read_int (object, path, "durationInSeconds", &phase->duration_seconds, error) ||
      !pd_aws_read_array (object, path, "contexts", FALSE, &contexts, error))
    return NULL;
  phase->status = status;

  for (guint i = 0; contexts != NULL && i < json_array_get_length (contexts); i++)
    {
      g_autofree char *context_path = g_strdup_printf ("%scontexts[%u].", path, i);
      g_autofree char *code = NULL;
      g_autofree char *message = NULL;
      JsonObject *context;

      if (!pd_aws_read_array_object (contexts, path, "contexts", i, &context, error) ||
          !pd_aws_read_string (context, context_path, "statusCode", FALSE, &code, error) ||
          !pd_aws_read_string (context, context_path, "message", FALSE, &message, error))
        return NULL;
      g_strv_builder_add (codes, code != NULL ? code : "");
      g_strv_builder_add (messages, message != NULL ? message : "");
    }
  phase->context_codes = g_strv_builder_end (codes);
  phase->context_messages = g_strv_builder_end (messages);
  return g_steal_pointer (&phase);
}

static PdAwsBuild *
parse_build (JsonObject  *object,
             const char  *path,
             GError     **error)
{
  g_autoptr(PdAwsBuild) build = g_new0 (PdAwsBuild, 1);
  g_autofree char *logs_path = g_strdup_printf ("%slogs.", path);
  JsonObject *logs;
  JsonArray *phases;
  int status = 0;

  build->build_number = -1;
  build->phases = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_build_phase_free);
  if (!pd_aws_read_string (object, path, "id", TRUE, &build->id, error) ||
      !pd_aws_read_string (object, path, "arn", FALSE, &build->arn, error) ||
      !pd_aws_read_int (object, path, "buildNumber", &build->build_number, error) ||
      !pd_aws_read_time (object, path, "startTime", &build->start_time, error) ||
      !pd_aws_read_time (object, path, "endTime", &build->end_time, error) ||
      !pd_aws_read_string (object, path, "currentPhase", FALSE, &build->current_phase, error) ||
      !pd_aws_read_enum (object, path, "buildStatus", build_status_names, &status,
                         &build->build_status_raw, error) ||
      !pd_aws_read_bool (object, path, "buildComplete", &build->build_complete, error) ||
      !pd_aws_read_string (object, path, "initiator", FALSE, &build->initiator, error) ||
      !pd_aws_read_string (object, path, "sourceVersion", FALSE, &build->source_version, error) ||
      !pd_aws_read_string (object, path, "resolvedSourceVersion", FALSE,
                           &build->resolved_source_version, error) ||
      !pd_aws_read_string (object, path, "projectName", FALSE, &build->project_name, error) ||
      !pd_aws_read_object (object, path, "logs", FALSE, &logs, error) ||
      !pd_aws_read_string (logs, logs_path, "groupName", FALSE, &build->log_group, error) ||
      !pd_aws_read_string (logs, logs_path, "streamName", FALSE, &build->log_stream, error) ||
      !pd_aws_read_string (logs, logs_path, "deepLink", FALSE, &build->log_deep_link, error) ||
      !pd_aws_read_array (object, path, "phases", FALSE, &phases, error))
    return NULL;
  build->build_status = status;

  for (guint i = 0; phases != NULL && i < json_array_get_length (phases); i++)
    {
      g_autofree char *phase_path = g_strdup_printf ("%sphases[%u].", path, i);
      PdAwsBuildPhase *phase;
      JsonObject *item;

      if (!pd_aws_read_array_object (phases, path, "phases", i, &item, error) ||
          (phase = parse_phase (item, phase_path, error)) == NULL)
        return NULL;
      g_ptr_array_add (build->phases, phase);
    }
  return g_steal_pointer (&build);
}

static gpointer
parse_batch (JsonObject      *reply,
             const char      *operation,
             const char      *member,
             const char      *missing_member,
             GDestroyNotify   item_free,
             gpointer       (*parse_item) (JsonObject *, const char *, GError **),
             GError         **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (item_free);
  Batch *batch;
  JsonArray *array;
  GStrv not_found = NULL;

  if (!pd_aws_read_array (reply, NULL, member, FALSE, &array, error) ||
      !pd_aws_read_string_list (reply, NULL, missing_member, &not_found, error))
    {
      g_prefix_error (error, "%s: ", operation);
      return NULL;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u].", member, i);
      gpointer item = NULL;
      JsonObject *object;

      if (!pd_aws_read_array_object (array, NULL, member, i, &object, error) ||
          (item = parse_item (object, path, error)) == NULL)
        {
          g_strfreev (not_found);
          g_prefix_error (error, "%s: ", operation);
          return NULL;
        }
      g_ptr_array_add (items, item);
    }

  batch = g_new0 (Batch, 1);
  batch->items = g_steal_pointer (&items);
  batch->not_found = not_found != NULL ? not_found : g_new0 (char *, 1);
  return batch;
}

static gpointer
parse_build_item (JsonObject  *object,
                  const char  *path,
                  GError     **error)
{
  return parse_build (object, path, error);
}

static gpointer
parse_builds_batch (JsonObject  *reply,
                    GError     **error)
{
  return parse_batch (reply, "BatchGetBuilds", "builds", "buildsNotFound",
                      (GDestroyNotify) pd_aws_build_free, parse_build_item, error);
}

/**
 * pd_aws_codebuild_parse_builds:
 * @reply: a BatchGetBuilds answer
 * @error: return location for a #GError
 *
 * Parses the builds of a BatchGetBuilds answer (for tests and fuzzers).
 *
 * Returns: (transfer container) (element-type PdAwsBuild): the builds, or
 *   %NULL with %PD_AWS_ERROR_PARSE naming the member
 */
GPtrArray *
pd_aws_codebuild_parse_builds (JsonObject  *reply,
                               GError     **error)
{
  Batch *batch = parse_builds_batch (reply, error);
  GPtrArray *builds;

  if (batch == NULL)
    return NULL;
  builds = g_steal_pointer (&batch->items);
  batch_free (batch);
  return builds;
}

static PdAwsBuildProject *
parse_project (JsonObject  *object,
               const char  *path,
               GError     **error)
{
  g_autoptr(PdAwsBuildProject) project = g_new0 (PdAwsBuildProject, 1);
  g_autofree char *source_path = g_strdup_printf ("%ssource.", path);
  g_autofree char *env_path = g_strdup_printf ("%senvironment.", path);
  g_autofree char *logs_path = g_strdup_printf ("%slogsConfig.cloudWatchLogs.", path);
  g_autofree char *logs_status = NULL;
  JsonObject *source, *environment, *logs_config, *logs = NULL;

  project->timeout_in_minutes = -1;
  if (!pd_aws_read_string (object, path, "name", TRUE, &project->name, error) ||
      !pd_aws_read_string (object, path, "arn", FALSE, &project->arn, error) ||
      !pd_aws_read_string (object, path, "description", FALSE, &project->description, error) ||
      !pd_aws_read_object (object, path, "source", FALSE, &source, error) ||
      !pd_aws_read_string (source, source_path, "type", FALSE, &project->source_type, error) ||
      !pd_aws_read_string (object, path, "serviceRole", FALSE, &project->service_role, error) ||
      !pd_aws_read_int (object, path, "timeoutInMinutes", &project->timeout_in_minutes, error) ||
      !pd_aws_read_object (object, path, "environment", FALSE, &environment, error) ||
      !pd_aws_read_string (environment, env_path, "image", FALSE, &project->environment_image,
                           error) ||
      !pd_aws_read_string (environment, env_path, "computeType", FALSE, &project->compute_type,
                           error) ||
      !pd_aws_read_object (object, path, "logsConfig", FALSE, &logs_config, error) ||
      (logs_config != NULL &&
       !pd_aws_read_object (logs_config, path, "logsConfig.cloudWatchLogs", FALSE, &logs, error)) ||
      !pd_aws_read_string (logs, logs_path, "status", FALSE, &logs_status, error) ||
      !pd_aws_read_string (logs, logs_path, "groupName", FALSE, &project->log_group, error) ||
      !pd_aws_read_time (object, path, "created", &project->created, error) ||
      !pd_aws_read_time (object, path, "lastModified", &project->last_modified, error))
    return NULL;
  project->logs_enabled = g_strcmp0 (logs_status, "DISABLED") != 0;
  return g_steal_pointer (&project);
}

static gpointer
parse_project_item (JsonObject  *object,
                    const char  *path,
                    GError     **error)
{
  return parse_project (object, path, error);
}

static gpointer
parse_projects_batch (JsonObject  *reply,
                      GError     **error)
{
  return parse_batch (reply, "BatchGetProjects", "projects", "projectsNotFound",
                      (GDestroyNotify) pd_aws_build_project_free, parse_project_item, error);
}

/* Checks @names (1 to BATCH_MAX of them) and sends them as @member of a
 * batch read whose answer @parse reads */
static void
batch_call (PdAwsClient         *client,
            const char          *operation,
            const char          *member,
            const char * const  *names,
            PdAwsParseFunc       parse,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  guint n = names != NULL ? g_strv_length ((char **) names) : 0;
  JsonArray *array;

  if (n == 0 || n > BATCH_MAX)
    {
      pd_aws_typed_fail (client, source_tag,
                         g_error_new (PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION,
                                      "%s: between 1 and %d names are needed, not %u",
                                      operation, BATCH_MAX, n),
                         callback, user_data);
      return;
    }

  input = json_object_new ();
  array = json_array_new ();
  for (guint i = 0; i < n; i++)
    json_array_add_string_element (array, names[i]);
  json_object_set_array_member (input, member, array);
  pd_aws_typed_call_async (client, "codebuild", operation, input, parse,
                           (GDestroyNotify) batch_free, source_tag, cancellable, callback,
                           user_data);
}

static GPtrArray *
batch_finish (Batch  *batch,
              GStrv  *not_found)
{
  GPtrArray *items;

  if (batch == NULL)
    return NULL;
  items = g_steal_pointer (&batch->items);
  if (not_found != NULL)
    *not_found = g_steal_pointer (&batch->not_found);
  batch_free (batch);
  return items;
}

/**
 * pd_aws_codebuild_batch_get_builds_async:
 * @client: a #PdAwsClient
 * @ids: (array zero-terminated=1): 1 to 100 build IDs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads builds: phases, status, times and where their logs are.
 */
void
pd_aws_codebuild_batch_get_builds_async (PdAwsClient         *client,
                                         const char * const  *ids,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  batch_call (client, "BatchGetBuilds", "ids", ids, parse_builds_batch,
              pd_aws_codebuild_batch_get_builds_async, cancellable, callback, user_data);
}

/**
 * pd_aws_codebuild_batch_get_builds_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @not_found: (out) (optional) (transfer full): the IDs that do not exist
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsBuild): the builds found,
 *   or %NULL with @error set
 */
GPtrArray *
pd_aws_codebuild_batch_get_builds_finish (PdAwsClient   *client,
                                          GAsyncResult  *result,
                                          GStrv         *not_found,
                                          GError       **error)
{
  return batch_finish (pd_aws_typed_call_finish (client, result,
                                                 pd_aws_codebuild_batch_get_builds_async, error),
                       not_found);
}

/**
 * pd_aws_codebuild_batch_get_projects_async:
 * @client: a #PdAwsClient
 * @names: (array zero-terminated=1): 1 to 100 project names
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads build projects.
 */
void
pd_aws_codebuild_batch_get_projects_async (PdAwsClient         *client,
                                           const char * const  *names,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (PD_AWS_IS_CLIENT (client));

  batch_call (client, "BatchGetProjects", "names", names, parse_projects_batch,
              pd_aws_codebuild_batch_get_projects_async, cancellable, callback, user_data);
}

/**
 * pd_aws_codebuild_batch_get_projects_finish:
 * @client: a #PdAwsClient
 * @result: the result given to the callback
 * @not_found: (out) (optional) (transfer full): the names that do not exist
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsBuildProject): the
 *   projects found, or %NULL with @error set
 */
GPtrArray *
pd_aws_codebuild_batch_get_projects_finish (PdAwsClient   *client,
                                            GAsyncResult  *result,
                                            GStrv         *not_found,
                                            GError       **error)
{
  return batch_finish (pd_aws_typed_call_finish (client, result,
                                                 pd_aws_codebuild_batch_get_projects_async, error),
                       not_found);
}
