/* pd-aws-codepipeline.h
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
 * PdAwsExecutionStatus:
 * @PD_AWS_EXECUTION_STATUS_UNKNOWN: a value this version does not know (the
 *   raw string is kept beside it), or no status at all
 * @PD_AWS_EXECUTION_STATUS_IN_PROGRESS: `InProgress`
 * @PD_AWS_EXECUTION_STATUS_SUCCEEDED: `Succeeded`
 * @PD_AWS_EXECUTION_STATUS_FAILED: `Failed`
 * @PD_AWS_EXECUTION_STATUS_STOPPED: `Stopped`
 * @PD_AWS_EXECUTION_STATUS_STOPPING: `Stopping`
 * @PD_AWS_EXECUTION_STATUS_SUPERSEDED: `Superseded`
 * @PD_AWS_EXECUTION_STATUS_CANCELLED: `Cancelled`
 * @PD_AWS_EXECUTION_STATUS_SKIPPED: `Skipped` (stages)
 *
 * The status of a pipeline execution or of a stage in one.
 */
typedef enum
{
  PD_AWS_EXECUTION_STATUS_UNKNOWN,
  PD_AWS_EXECUTION_STATUS_IN_PROGRESS,
  PD_AWS_EXECUTION_STATUS_SUCCEEDED,
  PD_AWS_EXECUTION_STATUS_FAILED,
  PD_AWS_EXECUTION_STATUS_STOPPED,
  PD_AWS_EXECUTION_STATUS_STOPPING,
  PD_AWS_EXECUTION_STATUS_SUPERSEDED,
  PD_AWS_EXECUTION_STATUS_CANCELLED,
  PD_AWS_EXECUTION_STATUS_SKIPPED,
} PdAwsExecutionStatus;

/**
 * PdAwsActionStatus:
 * @PD_AWS_ACTION_STATUS_UNKNOWN: an unknown value (raw string kept) or none
 * @PD_AWS_ACTION_STATUS_IN_PROGRESS: `InProgress`
 * @PD_AWS_ACTION_STATUS_SUCCEEDED: `Succeeded`
 * @PD_AWS_ACTION_STATUS_FAILED: `Failed`
 * @PD_AWS_ACTION_STATUS_ABANDONED: `Abandoned`
 *
 * The status of an action execution.
 */
typedef enum
{
  PD_AWS_ACTION_STATUS_UNKNOWN,
  PD_AWS_ACTION_STATUS_IN_PROGRESS,
  PD_AWS_ACTION_STATUS_SUCCEEDED,
  PD_AWS_ACTION_STATUS_FAILED,
  PD_AWS_ACTION_STATUS_ABANDONED,
} PdAwsActionStatus;

/**
 * PdAwsActionCategory:
 * @PD_AWS_ACTION_CATEGORY_UNKNOWN: an unknown value (raw string kept)
 * @PD_AWS_ACTION_CATEGORY_SOURCE: `Source`
 * @PD_AWS_ACTION_CATEGORY_BUILD: `Build`
 * @PD_AWS_ACTION_CATEGORY_TEST: `Test`
 * @PD_AWS_ACTION_CATEGORY_DEPLOY: `Deploy`
 * @PD_AWS_ACTION_CATEGORY_APPROVAL: `Approval`
 * @PD_AWS_ACTION_CATEGORY_INVOKE: `Invoke`
 * @PD_AWS_ACTION_CATEGORY_COMPUTE: `Compute`
 *
 * The category of an action type.
 */
typedef enum
{
  PD_AWS_ACTION_CATEGORY_UNKNOWN,
  PD_AWS_ACTION_CATEGORY_SOURCE,
  PD_AWS_ACTION_CATEGORY_BUILD,
  PD_AWS_ACTION_CATEGORY_TEST,
  PD_AWS_ACTION_CATEGORY_DEPLOY,
  PD_AWS_ACTION_CATEGORY_APPROVAL,
  PD_AWS_ACTION_CATEGORY_INVOKE,
  PD_AWS_ACTION_CATEGORY_COMPUTE,
} PdAwsActionCategory;

/**
 * PdAwsExecutionMode:
 * @PD_AWS_EXECUTION_MODE_UNKNOWN: an unknown value (raw string kept)
 * @PD_AWS_EXECUTION_MODE_SUPERSEDED: `SUPERSEDED`: a newer run overtakes a waiting one
 * @PD_AWS_EXECUTION_MODE_QUEUED: `QUEUED`: runs wait their turn
 * @PD_AWS_EXECUTION_MODE_PARALLEL: `PARALLEL`: runs are independent
 *
 * How a pipeline handles several executions.
 */
typedef enum
{
  PD_AWS_EXECUTION_MODE_UNKNOWN,
  PD_AWS_EXECUTION_MODE_SUPERSEDED,
  PD_AWS_EXECUTION_MODE_QUEUED,
  PD_AWS_EXECUTION_MODE_PARALLEL,
} PdAwsExecutionMode;

/**
 * PdAwsPipelineType:
 * @PD_AWS_PIPELINE_TYPE_UNKNOWN: an unknown value (raw string kept)
 * @PD_AWS_PIPELINE_TYPE_V1: `V1`
 * @PD_AWS_PIPELINE_TYPE_V2: `V2` (variables, execution modes)
 *
 * The pipeline type.
 */
typedef enum
{
  PD_AWS_PIPELINE_TYPE_UNKNOWN,
  PD_AWS_PIPELINE_TYPE_V1,
  PD_AWS_PIPELINE_TYPE_V2,
} PdAwsPipelineType;

/**
 * PdAwsRetryMode:
 * @PD_AWS_RETRY_MODE_FAILED_ACTIONS: retry the failed actions only
 * @PD_AWS_RETRY_MODE_ALL_ACTIONS: retry every action of the stage
 *
 * What RetryStageExecution runs again.
 */
typedef enum
{
  PD_AWS_RETRY_MODE_FAILED_ACTIONS,
  PD_AWS_RETRY_MODE_ALL_ACTIONS,
} PdAwsRetryMode;

/**
 * PdAwsTransitionType:
 * @PD_AWS_TRANSITION_INBOUND: the transition into the stage
 * @PD_AWS_TRANSITION_OUTBOUND: the transition out of the stage
 *
 * Which transition of a stage to change.
 */
typedef enum
{
  PD_AWS_TRANSITION_INBOUND,
  PD_AWS_TRANSITION_OUTBOUND,
} PdAwsTransitionType;

/**
 * PdAwsApprovalResult:
 * @PD_AWS_APPROVAL_APPROVED: `Approved`
 * @PD_AWS_APPROVAL_REJECTED: `Rejected`
 *
 * The answer to a manual approval.
 */
typedef enum
{
  PD_AWS_APPROVAL_APPROVED,
  PD_AWS_APPROVAL_REJECTED,
} PdAwsApprovalResult;

#define PD_AWS_TYPE_EXECUTION_STATUS (pd_aws_execution_status_get_type ())
#define PD_AWS_TYPE_ACTION_STATUS    (pd_aws_action_status_get_type ())
#define PD_AWS_TYPE_ACTION_CATEGORY  (pd_aws_action_category_get_type ())
#define PD_AWS_TYPE_EXECUTION_MODE   (pd_aws_execution_mode_get_type ())
#define PD_AWS_TYPE_PIPELINE_TYPE    (pd_aws_pipeline_type_get_type ())
#define PD_AWS_TYPE_RETRY_MODE       (pd_aws_retry_mode_get_type ())

GType pd_aws_execution_status_get_type (void) G_GNUC_CONST;
GType pd_aws_action_status_get_type    (void) G_GNUC_CONST;
GType pd_aws_action_category_get_type  (void) G_GNUC_CONST;
GType pd_aws_execution_mode_get_type   (void) G_GNUC_CONST;
GType pd_aws_pipeline_type_get_type    (void) G_GNUC_CONST;
GType pd_aws_retry_mode_get_type       (void) G_GNUC_CONST;

/**
 * PdAwsPipelineSummary:
 * @name: the pipeline name
 * @version: the declaration version
 * @pipeline_type: the type
 * @pipeline_type_raw: (nullable): the type as sent
 * @execution_mode: the execution mode
 * @execution_mode_raw: (nullable): the execution mode as sent
 * @created: (nullable): when the pipeline was created
 * @updated: (nullable): when its declaration last changed
 *
 * One entry of ListPipelines.
 */
typedef struct
{
  char               *name;
  gint64              version;
  PdAwsPipelineType   pipeline_type;
  char               *pipeline_type_raw;
  PdAwsExecutionMode  execution_mode;
  char               *execution_mode_raw;
  GDateTime          *created;
  GDateTime          *updated;
} PdAwsPipelineSummary;

/**
 * PdAwsActionDeclaration:
 * @name: the action name
 * @category: the category of its type
 * @category_raw: (nullable): the category as sent
 * @owner: (nullable): `AWS`, `ThirdParty` or `Custom`
 * @provider: (nullable): the provider (`CodeBuild`, `Manual`…)
 * @version: (nullable): the action type version
 * @run_order: the run order inside the stage (1 when absent)
 * @configuration: (element-type utf8 utf8): configuration keys and values
 * @input_artifacts: (array zero-terminated=1): input artifact names
 * @output_artifacts: (array zero-terminated=1): output artifact names
 * @region: (nullable): the action's region
 * @namespace_: (nullable): the variable namespace
 *
 * An action as declared in the pipeline.
 */
typedef struct
{
  char                *name;
  PdAwsActionCategory  category;
  char                *category_raw;
  char                *owner;
  char                *provider;
  char                *version;
  gint64               run_order;
  GHashTable          *configuration;
  GStrv                input_artifacts;
  GStrv                output_artifacts;
  char                *region;
  char                *namespace_;
} PdAwsActionDeclaration;

/**
 * PdAwsStageDeclaration:
 * @name: the stage name
 * @actions: (element-type PdAwsActionDeclaration): the actions, in declared order
 *
 * A stage as declared in the pipeline.
 */
typedef struct
{
  char      *name;
  GPtrArray *actions;
} PdAwsStageDeclaration;

/**
 * PdAwsPipelineVariable:
 * @name: the variable name
 * @default_value: (nullable): its default value
 * @description: (nullable): its description
 *
 * A pipeline-level variable of a V2 pipeline.
 */
typedef struct
{
  char *name;
  char *default_value;
  char *description;
} PdAwsPipelineVariable;

/**
 * PdAwsPipelineDeclaration:
 * @name: the pipeline name
 * @role_arn: (nullable): the service role
 * @version: the declaration version
 * @pipeline_type: the type
 * @pipeline_type_raw: (nullable): the type as sent
 * @execution_mode: the execution mode (SUPERSEDED when absent, as AWS defaults)
 * @execution_mode_raw: (nullable): the mode as sent
 * @stages: (element-type PdAwsStageDeclaration): the stages, in order
 * @variables: (element-type PdAwsPipelineVariable): the pipeline variables
 * @arn: (nullable): the pipeline ARN from the metadata
 * @created: (nullable): creation time from the metadata
 * @updated: (nullable): last update from the metadata
 *
 * The answer of GetPipeline.
 */
typedef struct
{
  char               *name;
  char               *role_arn;
  gint64              version;
  PdAwsPipelineType   pipeline_type;
  char               *pipeline_type_raw;
  PdAwsExecutionMode  execution_mode;
  char               *execution_mode_raw;
  GPtrArray          *stages;
  GPtrArray          *variables;
  char               *arn;
  GDateTime          *created;
  GDateTime          *updated;
} PdAwsPipelineDeclaration;

/**
 * PdAwsActionExecutionState:
 * @action_execution_id: (nullable): the action execution ID
 * @status: the status
 * @status_raw: (nullable): the status as sent
 * @summary: (nullable): the summary
 * @last_status_change: (nullable): when the status last changed
 * @token: (nullable): the approval token for PutApprovalResult
 * @last_updated_by: (nullable): who last changed it
 * @external_execution_id: (nullable): e.g. the CodeBuild build ID
 * @external_execution_url: (nullable): a link to the external execution
 * @percent_complete: 0-100, or -1 when not given
 * @error_code: (nullable): the error code of a failure
 * @error_message: (nullable): the error message of a failure
 *
 * The latest execution of an action, from GetPipelineState.
 */
typedef struct
{
  char              *action_execution_id;
  PdAwsActionStatus  status;
  char              *status_raw;
  char              *summary;
  GDateTime         *last_status_change;
  char              *token;
  char              *last_updated_by;
  char              *external_execution_id;
  char              *external_execution_url;
  int                percent_complete;
  char              *error_code;
  char              *error_message;
} PdAwsActionExecutionState;

/**
 * PdAwsActionState:
 * @action_name: the action name
 * @entity_url: (nullable): a link to the resource the action works on
 * @revision_url: (nullable): a link to the current revision
 * @revision_id: (nullable): the current revision (source actions)
 * @revision_change_id: (nullable): its change identifier
 * @revision_created: (nullable): when that revision was made
 * @latest: (nullable): the latest execution of the action
 *
 * An action in GetPipelineState.
 */
typedef struct
{
  char                      *action_name;
  char                      *entity_url;
  char                      *revision_url;
  char                      *revision_id;
  char                      *revision_change_id;
  GDateTime                 *revision_created;
  PdAwsActionExecutionState *latest;
} PdAwsActionState;

/**
 * PdAwsStageState:
 * @stage_name: the stage name
 * @has_inbound_transition: whether the answer described the inbound transition
 * @inbound_enabled: whether the inbound transition is enabled (%TRUE when not given)
 * @disabled_reason: (nullable): why it was disabled
 * @last_changed_by: (nullable): who changed it last
 * @last_changed_at: (nullable): when it changed
 * @latest_execution_id: (nullable): the pipeline execution the stage last ran
 * @latest_status: the stage status in that execution
 * @latest_status_raw: (nullable): that status as sent
 * @inbound_execution_id: (nullable): an execution held at the inbound transition
 * @inbound_status: the status of that execution
 * @actions: (element-type PdAwsActionState): the action states, in order
 *
 * A stage in GetPipelineState.
 */
typedef struct
{
  char                 *stage_name;
  gboolean              has_inbound_transition;
  gboolean              inbound_enabled;
  char                 *disabled_reason;
  char                 *last_changed_by;
  GDateTime            *last_changed_at;
  char                 *latest_execution_id;
  PdAwsExecutionStatus  latest_status;
  char                 *latest_status_raw;
  char                 *inbound_execution_id;
  PdAwsExecutionStatus  inbound_status;
  GPtrArray            *actions;
} PdAwsStageState;

/**
 * PdAwsPipelineState:
 * @pipeline_name: the pipeline name
 * @pipeline_version: the declaration version the state refers to
 * @created: (nullable): creation time
 * @updated: (nullable): last update
 * @stages: (element-type PdAwsStageState): the stage states, in order
 *
 * The answer of GetPipelineState.
 */
typedef struct
{
  char      *pipeline_name;
  gint64     pipeline_version;
  GDateTime *created;
  GDateTime *updated;
  GPtrArray *stages;
} PdAwsPipelineState;

/**
 * PdAwsPipelineExecution:
 * @pipeline_execution_id: the execution ID
 * @pipeline_name: (nullable): the pipeline (GetPipelineExecution only)
 * @status: the status
 * @status_raw: (nullable): the status as sent
 * @status_summary: (nullable): a summary (GetPipelineExecution)
 * @start_time: (nullable): when it started
 * @last_update_time: (nullable): when it last changed
 * @trigger_type: (nullable): what started it (`StartPipelineExecution`, `Webhook`…)
 * @trigger_detail: (nullable): who or what exactly
 * @revision_id: (nullable): the first source revision (commit ID)
 * @revision_summary: (nullable): its summary (the commit message)
 * @revision_url: (nullable): a link to it
 * @stop_reason: (nullable): why it was stopped
 *
 * An entry of ListPipelineExecutions or the answer of GetPipelineExecution.
 */
typedef struct
{
  char                 *pipeline_execution_id;
  char                 *pipeline_name;
  PdAwsExecutionStatus  status;
  char                 *status_raw;
  char                 *status_summary;
  GDateTime            *start_time;
  GDateTime            *last_update_time;
  char                 *trigger_type;
  char                 *trigger_detail;
  char                 *revision_id;
  char                 *revision_summary;
  char                 *revision_url;
  char                 *stop_reason;
} PdAwsPipelineExecution;

/**
 * PdAwsActionExecutionDetail:
 * @pipeline_execution_id: the pipeline execution
 * @action_execution_id: the action execution
 * @stage_name: the stage
 * @action_name: the action
 * @status: the status
 * @status_raw: (nullable): the status as sent
 * @start_time: (nullable): when it started
 * @last_update_time: (nullable): when it last changed
 * @category: the category of the action type
 * @provider: (nullable): the provider of the action type
 * @configuration: (element-type utf8 utf8): the configuration
 * @resolved_configuration: (element-type utf8 utf8): the configuration with
 *   variables resolved
 * @input_artifacts: (array zero-terminated=1): input artifact names
 * @output_artifacts: (array zero-terminated=1): output artifact names
 * @external_execution_id: (nullable): e.g. the CodeBuild build ID
 * @external_execution_summary: (nullable): the summary
 * @external_execution_url: (nullable): a link
 * @error_code: (nullable): the error code of a failure
 * @error_message: (nullable): the error message of a failure
 * @output_variables: (element-type utf8 utf8): variables the action produced
 *
 * An entry of ListActionExecutions.
 */
typedef struct
{
  char                *pipeline_execution_id;
  char                *action_execution_id;
  char                *stage_name;
  char                *action_name;
  PdAwsActionStatus    status;
  char                *status_raw;
  GDateTime           *start_time;
  GDateTime           *last_update_time;
  PdAwsActionCategory  category;
  char                *provider;
  GHashTable          *configuration;
  GHashTable          *resolved_configuration;
  GStrv                input_artifacts;
  GStrv                output_artifacts;
  char                *external_execution_id;
  char                *external_execution_summary;
  char                *external_execution_url;
  char                *error_code;
  char                *error_message;
  GHashTable          *output_variables;
} PdAwsActionExecutionDetail;

void pd_aws_pipeline_summary_free          (PdAwsPipelineSummary       *self);
void pd_aws_action_declaration_free        (PdAwsActionDeclaration     *self);
void pd_aws_stage_declaration_free         (PdAwsStageDeclaration      *self);
void pd_aws_pipeline_variable_free         (PdAwsPipelineVariable      *self);
void pd_aws_pipeline_declaration_free      (PdAwsPipelineDeclaration   *self);
void pd_aws_action_execution_state_free    (PdAwsActionExecutionState  *self);
void pd_aws_action_state_free              (PdAwsActionState           *self);
void pd_aws_stage_state_free               (PdAwsStageState            *self);
void pd_aws_pipeline_state_free            (PdAwsPipelineState         *self);
void pd_aws_pipeline_execution_free        (PdAwsPipelineExecution     *self);
void pd_aws_action_execution_detail_free   (PdAwsActionExecutionDetail *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsPipelineSummary, pd_aws_pipeline_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsPipelineDeclaration, pd_aws_pipeline_declaration_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsPipelineState, pd_aws_pipeline_state_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsPipelineExecution, pd_aws_pipeline_execution_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsActionExecutionDetail, pd_aws_action_execution_detail_free)

const char               *pd_aws_execution_status_to_string                  (PdAwsExecutionStatus   status);
const char               *pd_aws_action_status_to_string                     (PdAwsActionStatus      status);
const char               *pd_aws_action_category_to_string                   (PdAwsActionCategory    category);
const char               *pd_aws_execution_mode_to_string                    (PdAwsExecutionMode     mode);
gboolean                  pd_aws_codepipeline_validate_transition_reason     (const char            *reason,
                                                                              GError               **error);

void                      pd_aws_codepipeline_list_pipelines_async            (PdAwsClient           *client,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
GPtrArray                *pd_aws_codepipeline_list_pipelines_finish           (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);
void                      pd_aws_codepipeline_get_pipeline_async              (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
PdAwsPipelineDeclaration *pd_aws_codepipeline_get_pipeline_finish             (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);
void                      pd_aws_codepipeline_get_pipeline_state_async        (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
PdAwsPipelineState       *pd_aws_codepipeline_get_pipeline_state_finish       (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);
void                      pd_aws_codepipeline_list_pipeline_executions_async  (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              guint                  max_results,
                                                                              guint                  max_pages,
                                                                              const char            *next_token,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
GPtrArray                *pd_aws_codepipeline_list_pipeline_executions_finish (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              char                 **next_token,
                                                                              GError               **error);
void                      pd_aws_codepipeline_get_pipeline_execution_async    (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              const char            *execution_id,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
PdAwsPipelineExecution   *pd_aws_codepipeline_get_pipeline_execution_finish   (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);
void                      pd_aws_codepipeline_list_action_executions_async    (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              const char            *execution_id,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
GPtrArray                *pd_aws_codepipeline_list_action_executions_finish   (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);
void                      pd_aws_codepipeline_start_pipeline_execution_async  (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              GHashTable            *variables,
                                                                              const char            *client_request_token,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
char                     *pd_aws_codepipeline_start_pipeline_execution_finish (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);
void                      pd_aws_codepipeline_stop_pipeline_execution_async   (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              const char            *execution_id,
                                                                              gboolean               abandon,
                                                                              const char            *reason,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
char                     *pd_aws_codepipeline_stop_pipeline_execution_finish  (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);
void                      pd_aws_codepipeline_retry_stage_execution_async     (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              const char            *stage_name,
                                                                              const char            *execution_id,
                                                                              PdAwsRetryMode         mode,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
char                     *pd_aws_codepipeline_retry_stage_execution_finish    (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);
void                      pd_aws_codepipeline_put_approval_result_async       (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              const char            *stage_name,
                                                                              const char            *action_name,
                                                                              PdAwsApprovalResult    result,
                                                                              const char            *summary,
                                                                              const char            *token,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
GDateTime                *pd_aws_codepipeline_put_approval_result_finish      (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);
void                      pd_aws_codepipeline_disable_stage_transition_async  (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              const char            *stage_name,
                                                                              PdAwsTransitionType    type,
                                                                              const char            *reason,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
gboolean                  pd_aws_codepipeline_disable_stage_transition_finish (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);
void                      pd_aws_codepipeline_enable_stage_transition_async   (PdAwsClient           *client,
                                                                              const char            *name,
                                                                              const char            *stage_name,
                                                                              PdAwsTransitionType    type,
                                                                              GCancellable          *cancellable,
                                                                              GAsyncReadyCallback    callback,
                                                                              gpointer               user_data);
gboolean                  pd_aws_codepipeline_enable_stage_transition_finish  (PdAwsClient           *client,
                                                                              GAsyncResult          *result,
                                                                              GError               **error);

G_END_DECLS
