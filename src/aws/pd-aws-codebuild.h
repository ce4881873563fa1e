/* pd-aws-codebuild.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/**
 * PdAwsBuildStatus:
 * @PD_AWS_BUILD_STATUS_UNKNOWN: an unknown value (raw string kept) or none
 * @PD_AWS_BUILD_STATUS_SUCCEEDED: `SUCCEEDED`
 * @PD_AWS_BUILD_STATUS_FAILED: `FAILED`
 * @PD_AWS_BUILD_STATUS_FAULT: `FAULT`
 * @PD_AWS_BUILD_STATUS_TIMED_OUT: `TIMED_OUT`
 * @PD_AWS_BUILD_STATUS_IN_PROGRESS: `IN_PROGRESS`
 * @PD_AWS_BUILD_STATUS_STOPPED: `STOPPED`
 *
 * The status of a build or of one of its phases.
 */
typedef enum
{
  PD_AWS_BUILD_STATUS_UNKNOWN,
  PD_AWS_BUILD_STATUS_SUCCEEDED,
  PD_AWS_BUILD_STATUS_FAILED,
  PD_AWS_BUILD_STATUS_FAULT,
  PD_AWS_BUILD_STATUS_TIMED_OUT,
  PD_AWS_BUILD_STATUS_IN_PROGRESS,
  PD_AWS_BUILD_STATUS_STOPPED,
} PdAwsBuildStatus;

#define PD_AWS_TYPE_BUILD_STATUS (pd_aws_build_status_get_type ())

GType pd_aws_build_status_get_type (void) G_GNUC_CONST;

/**
 * PdAwsBuildPhase:
 * @phase_type: the phase (`SUBMITTED`, `BUILD`, `COMPLETED`…)
 * @status: its status; unknown while it runs
 * @status_raw: (nullable): the status as sent
 * @start_time: (nullable): when it started
 * @end_time: (nullable): when it ended
 * @duration_seconds: its duration, or -1 when not given
 * @context_codes: (array zero-terminated=1): status codes of its contexts
 * @context_messages: (array zero-terminated=1): messages of its contexts
 *
 * A phase of a build.
 */
typedef struct
{
  char             *phase_type;
  PdAwsBuildStatus  status;
  char             *status_raw;
  GDateTime        *start_time;
  GDateTime        *end_time;
  gint64            duration_seconds;
  GStrv             context_codes;
  GStrv             context_messages;
} PdAwsBuildPhase;

/**
 * PdAwsBuild:
 * @id: the build ID (`project:uuid`)
 * @arn: (nullable): its ARN
 * @build_number: the build number, or -1
 * @start_time: (nullable): when it started
 * @end_time: (nullable): when it ended
 * @current_phase: (nullable): the phase it is in
 * @build_status: the status
 * @build_status_raw: (nullable): the status as sent
 * @build_complete: whether it has finished
 * @initiator: (nullable): who started it (`codepipeline/…`)
 * @source_version: (nullable): the source version asked for
 * @resolved_source_version: (nullable): the commit it built
 * @project_name: (nullable): the project
 * @phases: (element-type PdAwsBuildPhase): the phases so far
 * @log_group: (nullable): the CloudWatch Logs group
 * @log_stream: (nullable): the CloudWatch Logs stream
 * @log_deep_link: (nullable): a console link to the log
 *
 * A build from BatchGetBuilds.
 */
typedef struct
{
  char             *id;
  char             *arn;
  gint64            build_number;
  GDateTime        *start_time;
  GDateTime        *end_time;
  char             *current_phase;
  PdAwsBuildStatus  build_status;
  char             *build_status_raw;
  gboolean          build_complete;
  char             *initiator;
  char             *source_version;
  char             *resolved_source_version;
  char             *project_name;
  GPtrArray        *phases;
  char             *log_group;
  char             *log_stream;
  char             *log_deep_link;
} PdAwsBuild;

/**
 * PdAwsBuildProject:
 * @name: the project name
 * @arn: (nullable): its ARN
 * @description: (nullable): its description
 * @source_type: (nullable): where its source comes from (`CODEPIPELINE`…)
 * @service_role: (nullable): its service role
 * @timeout_in_minutes: the build timeout, or -1
 * @environment_image: (nullable): the build image
 * @compute_type: (nullable): the compute type
 * @logs_enabled: whether CloudWatch Logs are on (%TRUE when not said)
 * @log_group: (nullable): a fixed log group, if set
 * @created: (nullable): creation time
 * @last_modified: (nullable): last change
 *
 * What the interface shows of a project from BatchGetProjects.
 */
typedef struct
{
  char      *name;
  char      *arn;
  char      *description;
  char      *source_type;
  char      *service_role;
  gint64     timeout_in_minutes;
  char      *environment_image;
  char      *compute_type;
  gboolean   logs_enabled;
  char      *log_group;
  GDateTime *created;
  GDateTime *last_modified;
} PdAwsBuildProject;

void pd_aws_build_phase_free   (PdAwsBuildPhase   *self);
void pd_aws_build_free         (PdAwsBuild        *self);
void pd_aws_build_project_free (PdAwsBuildProject *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsBuild, pd_aws_build_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsBuildProject, pd_aws_build_project_free)

GPtrArray *pd_aws_codebuild_parse_builds              (JsonObject           *reply,
                                                       GError              **error);
void       pd_aws_codebuild_batch_get_builds_async    (PdAwsClient          *client,
                                                       const char * const   *ids,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray *pd_aws_codebuild_batch_get_builds_finish   (PdAwsClient          *client,
                                                       GAsyncResult         *result,
                                                       GStrv                *not_found,
                                                       GError              **error);
void       pd_aws_codebuild_batch_get_projects_async  (PdAwsClient          *client,
                                                       const char * const   *names,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray *pd_aws_codebuild_batch_get_projects_finish (PdAwsClient          *client,
                                                       GAsyncResult         *result,
                                                       GStrv                *not_found,
                                                       GError              **error);

G_END_DECLS
