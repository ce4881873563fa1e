/* pd-sandbox-codepipeline.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-cicd-private.h"

#define NAME_PATTERN   "[A-Za-z0-9.@\\-_]+"
#define REASON_PATTERN "[a-zA-Z0-9!@ \\(\\)\\.\\*\\?\\-]+"
#define HISTORY_RUNS   20
#define HOUR_MS        (G_GINT64_CONSTANT (3600) * 1000)
#define SOURCE_MS      4000
#define VARIABLE_NAME_PATTERN "[A-Za-z0-9@\\-_]+"
#define MAX_VARIABLES  50

typedef enum
{
  KIND_SOURCE,
  KIND_BUILD,
  KIND_APPROVAL,
} ActionKind;

typedef enum
{
  MODE_SUPERSEDED,
  MODE_QUEUED,
  MODE_PARALLEL,
} ExecutionMode;

typedef struct _Pipeline  Pipeline;
typedef struct _Execution Execution;

typedef struct
{
  char            *name;
  ActionKind       kind;
  guint            run_order;
  char            *project;
  const char      *input;
  const char      *output;
  /* One CodeBuild environment variable in the action's configuration; its
   * value may name pipeline variables (#{variables.NAME}). */
  const char      *env_name;
  const char      *env_value;
} ActionDef;

/* A pipeline variable: declared (with its default) on a V2 pipeline, or
 * resolved for one execution. */
typedef struct
{
  char *name;
  char *value;
  char *description;
} Variable;

typedef struct
{
  char       *name;
  GPtrArray  *actions;
  gboolean    inbound_enabled;
  char       *disabled_reason;
  char       *changed_by;
  gint64      changed_at;
  Execution  *occupant;
  GPtrArray  *waiting;
  Execution  *latest;
} Stage;

typedef struct
{
  Execution      *execution;
  guint           stage;
  ActionDef      *def;
  char           *id;
  const char     *status;
  gint64          start_ms;
  gint64          last_ms;
  char           *summary;
  char           *token;
  char           *updated_by;
  char           *error_code;
  char           *error_message;
  PdSandboxBuild *build;
  guint           timeout_id;
} ActionRun;

struct _Execution
{
  Pipeline        *pipeline;
  char            *id;
  guint            run_number;
  const char      *status;
  gint64           start_ms;
  gint64           last_ms;
  const char      *trigger_type;
  char            *trigger_detail;
  PdSandboxCommit *commit;
  /* A COMMIT_ID source revision override that names no commit of the
   * repository: the Source action fails on it. */
  char            *missing_revision;
  GPtrArray       *variables;
  char            *stop_reason;
  const char      *fail_action;
  int              stage;
  int              waiting_stage;
  int              retry_all_stage;
  guint            run_order;
  guint            pending;
  gboolean         group_failed;
  const char     **stage_status;
  GPtrArray       *runs;
};

struct _Pipeline
{
  PdSandbox     *sandbox;
  char          *name;
  const char    *type;
  ExecutionMode  mode;
  char          *repository;
  gint64         created_ms;
  gint64         updated_ms;
  GPtrArray     *stages;
  GPtrArray     *executions;
  GHashTable    *by_id;
  GHashTable    *client_tokens;
  GPtrArray     *variables;
};

typedef struct
{
  PdSandbox  *sandbox;
  GPtrArray  *pipelines;
  GHashTable *by_name;
} CodePipeline;

static const char * const mode_names[] = { "SUPERSEDED", "QUEUED", "PARALLEL" };

/* Which runs fail. A run's fate is a hash of the seed, the pipeline name
 * and the run number (FNV-1a), so tests can predict it:
 *   todo-list-aws:   h % 6 == 0 → UnitTests fails (Hypothesis falsifying example)
 *                    h % 6 == 1 → Security fails (Snyk medium-severity issue)
 *   todo-list-infra: h % 5 == 0 → TerraformApply fails
 *   others:          h % 5 == 0 → Build fails
 * Only the first attempt of that action fails; a retry succeeds. The last
 * run of a pipeline seeded in a fixed state (failed, stopped, held…) is the
 * one exception. */
static guint32
run_hash (guint32     seed,
          const char *pipeline,
          guint       run_number)
{
  guint32 h = 2166136261u;
  guint8 bytes[8];

  for (guint i = 0; i < 4; i++)
    bytes[i] = (seed >> (8 * i)) & 0xff;
  for (guint i = 0; i < 4; i++)
    bytes[4 + i] = (run_number >> (8 * i)) & 0xff;
  for (guint i = 0; i < 8; i++)
    h = (h ^ bytes[i]) * 16777619u;
  for (const char *p = pipeline; *p; p++)
    h = (h ^ (guint8) *p) * 16777619u;
  return h;
}

const char *
pd_sandbox_codepipeline_failing_action (guint32     seed,
                                        const char *pipeline,
                                        guint       run_number)
{
  guint32 h = run_hash (seed, pipeline, run_number);

  if (g_str_equal (pipeline, "todo-list-aws"))
    {
      if (h % 6 == 0)
        return "UnitTests";
      if (h % 6 == 1)
        return "Security";
      return NULL;
    }
  if (g_str_equal (pipeline, "todo-list-infra"))
    return h % 5 == 0 ? "TerraformApply" : NULL;
  return h % 5 == 0 ? "Build" : NULL;
}

guint
pd_sandbox_codepipeline_history_length (const char *pipeline)
{
  return HISTORY_RUNS;
}

/* Memory. */

static void
action_def_free (gpointer data)
{
  ActionDef *def = data;

  g_free (def->name);
  g_free (def->project);
  g_free (def);
}

static void
stage_free (gpointer data)
{
  Stage *stage = data;

  g_free (stage->name);
  g_free (stage->disabled_reason);
  g_free (stage->changed_by);
  g_ptr_array_unref (stage->actions);
  g_ptr_array_unref (stage->waiting);
  g_free (stage);
}

static void
variable_free (gpointer data)
{
  Variable *variable = data;

  g_free (variable->name);
  g_free (variable->value);
  g_free (variable->description);
  g_free (variable);
}

static Variable *
variable_new (const char *name,
              const char *value,
              const char *description)
{
  Variable *variable = g_new0 (Variable, 1);

  variable->name = g_strdup (name);
  variable->value = g_strdup (value);
  variable->description = g_strdup (description);
  return variable;
}

static Variable *
find_variable (GPtrArray  *variables,
               const char *name)
{
  for (guint i = 0; i < variables->len; i++)
    {
      Variable *variable = g_ptr_array_index (variables, i);

      if (g_str_equal (variable->name, name))
        return variable;
    }
  return NULL;
}

static void
action_run_free (gpointer data)
{
  ActionRun *run = data;

  g_clear_handle_id (&run->timeout_id, g_source_remove);
  g_free (run->id);
  g_free (run->summary);
  g_free (run->token);
  g_free (run->updated_by);
  g_free (run->error_code);
  g_free (run->error_message);
  g_free (run);
}

static void
execution_free (gpointer data)
{
  Execution *exec = data;

  g_free (exec->id);
  g_free (exec->trigger_detail);
  g_free (exec->stop_reason);
  g_free (exec->missing_revision);
  g_ptr_array_unref (exec->variables);
  g_free (exec->stage_status);
  g_ptr_array_unref (exec->runs);
  g_free (exec);
}

static void
pipeline_free (gpointer data)
{
  Pipeline *pipeline = data;

  g_free (pipeline->name);
  g_free (pipeline->repository);
  g_hash_table_unref (pipeline->by_id);
  g_hash_table_unref (pipeline->client_tokens);
  g_ptr_array_unref (pipeline->variables);
  g_ptr_array_unref (pipeline->executions);
  g_ptr_array_unref (pipeline->stages);
  g_free (pipeline);
}

static void
codepipeline_free (gpointer data)
{
  CodePipeline *self = data;

  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->pipelines);
  g_free (self);
}

/* The simulation. */

static void execution_try_enter (Execution *exec, guint k);
static void execution_enter (Execution *exec, guint k);
static void stage_start_next_order (Execution *exec);

static gint64
now_ms (Pipeline *pipeline)
{
  return pd_sandbox_now_ms (pipeline->sandbox);
}

static Stage *
stage_at (Pipeline *pipeline,
          guint     k)
{
  return g_ptr_array_index (pipeline->stages, k);
}

static void
touch (Execution *exec)
{
  exec->last_ms = now_ms (exec->pipeline);
}

static ActionRun *
latest_run (Execution  *exec,
            guint       stage,
            const char *action)
{
  for (guint i = exec->runs->len; i > 0; i--)
    {
      ActionRun *run = g_ptr_array_index (exec->runs, i - 1);

      if (run->stage == stage && g_str_equal (run->def->name, action))
        return run;
    }
  return NULL;
}

static guint
attempts (Execution  *exec,
          const char *action)
{
  guint n = 0;

  for (guint i = 0; i < exec->runs->len; i++)
    {
      ActionRun *run = g_ptr_array_index (exec->runs, i);

      if (g_str_equal (run->def->name, action))
        n++;
    }
  return n;
}

static void
leave_waiting (Execution *exec)
{
  if (exec->waiting_stage >= 0)
    {
      g_ptr_array_remove (stage_at (exec->pipeline, exec->waiting_stage)->waiting, exec);
      exec->waiting_stage = -1;
    }
}

static void
wake_stage (Pipeline *pipeline,
            guint     k)
{
  Stage *stage = stage_at (pipeline, k);
  Execution *next;

  if (!stage->inbound_enabled || stage->waiting->len == 0)
    return;
  if (pipeline->mode != MODE_PARALLEL && stage->occupant != NULL)
    return;

  if (pipeline->mode == MODE_PARALLEL)
    {
      /* Everyone held by the transition goes on. */
      g_autoptr(GPtrArray) all = g_ptr_array_copy (stage->waiting, NULL, NULL);

      for (guint i = 0; i < all->len; i++)
        {
          Execution *exec = g_ptr_array_index (all, i);

          leave_waiting (exec);
          execution_enter (exec, k);
        }
      return;
    }

  /* QUEUED: first come, first served. SUPERSEDED keeps one waiter anyway. */
  next = g_ptr_array_index (stage->waiting, 0);
  leave_waiting (next);
  execution_enter (next, k);
}

static void
release_stage (Execution *exec)
{
  Stage *stage;
  guint k;

  if (exec->stage < 0)
    return;
  k = exec->stage;
  stage = stage_at (exec->pipeline, k);
  exec->stage = -1;
  if (stage->occupant == exec)
    {
      stage->occupant = NULL;
      wake_stage (exec->pipeline, k);
    }
}

static void
execution_finish (Execution  *exec,
                  const char *status)
{
  exec->status = status;
  touch (exec);
  leave_waiting (exec);
  release_stage (exec);
}

static void
execution_wait (Execution *exec,
                guint      k)
{
  Stage *stage = stage_at (exec->pipeline, k);

  exec->waiting_stage = k;
  if (exec->pipeline->mode == MODE_SUPERSEDED)
    {
      /* A newer run overtakes older ones waiting at the same place. */
      while (stage->waiting->len > 0)
        {
          Execution *older = g_ptr_array_index (stage->waiting, 0);

          g_ptr_array_remove_index (stage->waiting, 0);
          older->waiting_stage = -1;
          older->status = "Superseded";
          touch (older);
        }
    }
  g_ptr_array_add (stage->waiting, exec);
  touch (exec);
}

static void
execution_enter (Execution *exec,
                 guint      k)
{
  Stage *stage = stage_at (exec->pipeline, k);

  if (exec->pipeline->mode != MODE_PARALLEL)
    stage->occupant = exec;
  stage->latest = exec;
  exec->stage = k;
  exec->waiting_stage = -1;
  exec->stage_status[k] = "InProgress";
  exec->run_order = 0;
  touch (exec);
  stage_start_next_order (exec);
}

static void
execution_try_enter (Execution *exec,
                     guint      k)
{
  Pipeline *pipeline = exec->pipeline;
  Stage *stage;

  if (k >= pipeline->stages->len)
    {
      execution_finish (exec, "Succeeded");
      return;
    }
  if (g_strcmp0 (exec->status, "Stopping") == 0)
    {
      execution_finish (exec, "Stopped");
      return;
    }

  stage = stage_at (pipeline, k);
  if (!stage->inbound_enabled
      || (pipeline->mode != MODE_PARALLEL && stage->occupant != NULL && stage->occupant != exec)
      || (pipeline->mode == MODE_QUEUED && stage->waiting->len > 0))
    {
      execution_wait (exec, k);
      return;
    }
  execution_enter (exec, k);
}

static void
stage_finished (Execution *exec,
                gboolean   succeeded)
{
  guint k = exec->stage;

  exec->retry_all_stage = -1;
  if (g_strcmp0 (exec->status, "Stopping") == 0)
    {
      exec->stage_status[k] = "Stopped";
      execution_finish (exec, "Stopped");
      return;
    }
  if (!succeeded)
    {
      exec->stage_status[k] = "Failed";
      execution_finish (exec, "Failed");
      return;
    }
  exec->stage_status[k] = "Succeeded";
  release_stage (exec);
  execution_try_enter (exec, k + 1);
}

static void
action_finished (ActionRun  *run,
                 gboolean    succeeded,
                 const char *summary)
{
  Execution *exec = run->execution;

  if (g_strcmp0 (run->status, "InProgress") != 0)
    return;
  run->status = succeeded ? "Succeeded" : "Failed";
  run->last_ms = now_ms (exec->pipeline);
  g_free (run->summary);
  run->summary = g_strdup (summary);
  if (!succeeded)
    {
      if (run->error_code == NULL)
        {
          run->error_code = g_strdup ("JobFailed");
          run->error_message = g_strdup_printf ("Build terminated with state: FAILED. %s",
                                                summary != NULL ? summary : "");
        }
      exec->group_failed = TRUE;
    }
  touch (exec);

  g_assert (exec->pending > 0);
  if (--exec->pending > 0)
    return;

  if (exec->group_failed || g_strcmp0 (exec->status, "Stopping") == 0)
    stage_finished (exec, FALSE);
  else
    stage_start_next_order (exec);
}

static void
build_done_cb (PdSandboxBuild *build,
               gboolean        succeeded,
               gpointer        data)
{
  ActionRun *run = data;

  run->build = build;
  action_finished (run, succeeded, pd_sandbox_build_get_summary (build));
}

static gboolean
source_done_cb (gpointer data)
{
  ActionRun *run = data;

  Execution *exec = run->execution;

  run->timeout_id = 0;
  if (exec->missing_revision != NULL)
    {
      /* What CodeCommit's source action reports for an override that names
       * no commit of the repository. */
      run->error_code = g_strdup ("JobFailed");
      run->error_message = g_strdup_printf ("Could not find commit %s in repository %s.",
                                            exec->missing_revision,
                                            exec->pipeline->repository);
      action_finished (run, FALSE, run->error_message);
      return G_SOURCE_REMOVE;
    }
  action_finished (run, TRUE, exec->commit->message);
  return G_SOURCE_REMOVE;
}

static void
action_start (Execution *exec,
              ActionDef *def)
{
  Pipeline *pipeline = exec->pipeline;
  ActionRun *run = g_new0 (ActionRun, 1);
  gboolean fails;

  run->execution = exec;
  run->stage = exec->stage;
  run->def = def;
  run->id = pd_sandbox_new_uuid (pipeline->sandbox);
  run->status = "InProgress";
  run->start_ms = run->last_ms = now_ms (pipeline);
  fails = g_strcmp0 (exec->fail_action, def->name) == 0 && attempts (exec, def->name) == 0;
  g_ptr_array_add (exec->runs, run);
  exec->pending++;

  switch (def->kind)
    {
    case KIND_SOURCE:
      run->timeout_id = pd_sandbox_add_timeout (pipeline->sandbox, SOURCE_MS, source_done_cb,
                                                run, NULL);
      break;
    case KIND_BUILD:
      {
        g_autofree char *initiator = g_strdup_printf ("codepipeline/%s", pipeline->name);

        run->build = pd_sandbox_codebuild_start (pipeline->sandbox, def->project,
                                                 exec->commit->commit_id, initiator, fails,
                                                 run->start_ms, 0, build_done_cb, run);
      }
      break;
    case KIND_APPROVAL:
    default:
      run->token = pd_sandbox_new_uuid (pipeline->sandbox);
      break;
    }
}

static void
stage_start_next_order (Execution *exec)
{
  Stage *stage = stage_at (exec->pipeline, exec->stage);
  guint next = G_MAXUINT;

  if (g_strcmp0 (exec->status, "Stopping") == 0)
    {
      stage_finished (exec, FALSE);
      return;
    }

  for (guint i = 0; i < stage->actions->len; i++)
    {
      ActionDef *def = g_ptr_array_index (stage->actions, i);

      if (def->run_order > exec->run_order && def->run_order < next)
        next = def->run_order;
    }
  if (next == G_MAXUINT)
    {
      stage_finished (exec, TRUE);
      return;
    }

  exec->run_order = next;
  exec->group_failed = FALSE;
  exec->pending = 0;
  for (guint i = 0; i < stage->actions->len; i++)
    {
      ActionDef *def = g_ptr_array_index (stage->actions, i);
      ActionRun *previous;

      if (def->run_order != next)
        continue;
      previous = latest_run (exec, exec->stage, def->name);
      if (previous != NULL && g_str_equal (previous->status, "Succeeded")
          && exec->retry_all_stage != exec->stage)
        continue;
      action_start (exec, def);
    }
  if (exec->pending == 0)
    stage_start_next_order (exec);
}

static Execution *
execution_new (Pipeline   *pipeline,
               const char *trigger_type,
               const char *trigger_detail,
               gint64      start_ms)
{
  Execution *exec = g_new0 (Execution, 1);
  guint32 seed = pd_sandbox_get_seed (pipeline->sandbox);

  exec->pipeline = pipeline;
  exec->id = pd_sandbox_new_uuid (pipeline->sandbox);
  exec->run_number = pipeline->executions->len + 1;
  exec->status = "InProgress";
  exec->start_ms = exec->last_ms = start_ms;
  exec->trigger_type = trigger_type;
  exec->trigger_detail = g_strdup (trigger_detail);
  exec->commit = pd_sandbox_codecommit_commit_for_run (pipeline->sandbox, pipeline->repository,
                                                       exec->run_number);
  if (exec->commit->time_ms == 0)
    exec->commit->time_ms = start_ms - 90 * 1000;
  exec->fail_action = pd_sandbox_codepipeline_failing_action (seed, pipeline->name,
                                                              exec->run_number);
  exec->stage = -1;
  exec->waiting_stage = -1;
  exec->retry_all_stage = -1;
  exec->stage_status = g_new0 (const char *, pipeline->stages->len);
  exec->runs = g_ptr_array_new_with_free_func (action_run_free);
  /* Every run resolves the declared variables, to their defaults unless
   * StartPipelineExecution overrides them. */
  exec->variables = g_ptr_array_new_with_free_func (variable_free);
  for (guint i = 0; i < pipeline->variables->len; i++)
    {
      Variable *declared = g_ptr_array_index (pipeline->variables, i);

      if (declared->value != NULL)
        g_ptr_array_add (exec->variables, variable_new (declared->name, declared->value, NULL));
    }
  g_ptr_array_add (pipeline->executions, exec);
  g_hash_table_insert (pipeline->by_id, exec->id, exec);
  return exec;
}

/* A run of the seeded history, laid out in the past without timers. The
 * run stops early when @stop_after (a stage index) is reached. When
 * @force_fail names an action, that action fails whatever the seed, with a
 * failed build behind it. */
static void
history_run (Pipeline   *pipeline,
             gint64      start_ms,
             int         stop_after,
             const char *final_status,
             guint64     long_log_lines,
             const char *force_fail)
{
  Execution *exec = execution_new (pipeline, "CloudWatchEvent",
                                   "arn:aws:events:eu-west-1:123456789012:rule/codecommit-main",
                                   start_ms);
  gint64 t = start_ms;

  /* The last run of a pipeline seeded in a fixed state follows that state,
   * not the failure rule. */
  if (final_status != NULL)
    exec->fail_action = NULL;
  if (force_fail != NULL)
    exec->fail_action = force_fail;

  for (guint k = 0; k < pipeline->stages->len; k++)
    {
      Stage *stage = stage_at (pipeline, k);
      gboolean failed = FALSE;
      guint max_order = 0;
      gint64 stage_end = t;

      if (stop_after >= 0 && (int) k > stop_after)
        break;
      stage->latest = exec;
      for (guint i = 0; i < stage->actions->len; i++)
        max_order = MAX (max_order, ((ActionDef *) g_ptr_array_index (stage->actions, i))->run_order);

      for (guint order = 1; order <= max_order; order++)
        {
          gint64 order_end = t;

          for (guint i = 0; i < stage->actions->len; i++)
            {
              ActionDef *def = g_ptr_array_index (stage->actions, i);
              ActionRun *run;
              gboolean fails = g_strcmp0 (exec->fail_action, def->name) == 0;

              if (def->run_order != order)
                continue;
              run = g_new0 (ActionRun, 1);
              run->execution = exec;
              run->stage = k;
              run->def = def;
              run->id = pd_sandbox_new_uuid (pipeline->sandbox);
              run->start_ms = t;
              switch (def->kind)
                {
                case KIND_SOURCE:
                  run->last_ms = t + SOURCE_MS;
                  run->summary = g_strdup (exec->commit->message);
                  break;
                case KIND_BUILD:
                  {
                    g_autofree char *initiator = g_strdup_printf ("codepipeline/%s", pipeline->name);
                    guint64 lines = 0;

                    if (long_log_lines > 0 && g_str_equal (def->name, "UnitTests"))
                      lines = long_log_lines;
                    run->build = pd_sandbox_codebuild_start (pipeline->sandbox, def->project,
                                                             exec->commit->commit_id, initiator,
                                                             fails, t, lines, NULL, NULL);
                    run->last_ms = pd_sandbox_build_get_end_ms (run->build);
                    run->summary = g_strdup (pd_sandbox_build_get_summary (run->build));
                  }
                  break;
                case KIND_APPROVAL:
                default:
                  run->last_ms = t + 25 * 60 * 1000;
                  run->summary = g_strdup ("Staging looks good");
                  run->updated_by = g_strdup ("arn:aws:iam::123456789012:user/lucia");
                  run->token = pd_sandbox_new_uuid (pipeline->sandbox);
                  break;
                }
              run->status = fails ? "Failed" : "Succeeded";
              if (fails)
                {
                  failed = TRUE;
                  run->error_code = g_strdup ("JobFailed");
                  run->error_message = g_strdup_printf ("Build terminated with state: FAILED. %s",
                                                        run->summary);
                }
              order_end = MAX (order_end, run->last_ms);
              g_ptr_array_add (exec->runs, run);
            }
          t = order_end;
          stage_end = t;
          if (failed)
            break;
        }
      exec->stage_status[k] = failed ? "Failed" : "Succeeded";
      t = stage_end;
      if (failed)
        {
          exec->status = "Failed";
          break;
        }
    }

  if (g_strcmp0 (exec->status, "InProgress") == 0)
    exec->status = final_status != NULL ? final_status : "Succeeded";
  exec->last_ms = t;
}

/* Building the seeded world. */

static ActionDef *
add_action (Stage           *stage,
            const char      *name,
            ActionKind       kind,
            guint            run_order,
            const char      *project,
            PdSandbox       *sandbox,
            PdSandboxScript  script,
            const char      *description)
{
  ActionDef *def = g_new0 (ActionDef, 1);

  def->name = g_strdup (name);
  def->kind = kind;
  def->run_order = run_order;
  def->project = g_strdup (project);
  def->input = kind == KIND_SOURCE ? NULL : "SourceArtifact";
  def->output = kind == KIND_SOURCE ? "SourceArtifact" : NULL;
  if (project != NULL)
    pd_sandbox_codebuild_add_project (sandbox, project, description, script);
  g_ptr_array_add (stage->actions, def);
  return def;
}

static Stage *
add_stage (Pipeline   *pipeline,
           const char *name)
{
  Stage *stage = g_new0 (Stage, 1);

  stage->name = g_strdup (name);
  stage->actions = g_ptr_array_new_with_free_func (action_def_free);
  stage->waiting = g_ptr_array_new ();
  stage->inbound_enabled = TRUE;
  g_ptr_array_add (pipeline->stages, stage);
  return stage;
}

static Pipeline *
add_pipeline (CodePipeline  *self,
              const char    *name,
              ExecutionMode  mode)
{
  Pipeline *pipeline = g_new0 (Pipeline, 1);

  pipeline->sandbox = self->sandbox;
  pipeline->name = g_strdup (name);
  pipeline->type = "V2";
  pipeline->mode = mode;
  pipeline->repository = g_strdup (name);
  pipeline->created_ms = pd_sandbox_now_ms (self->sandbox) - G_GINT64_CONSTANT (200) * 24 * HOUR_MS;
  pipeline->updated_ms = pipeline->created_ms + 30 * 24 * HOUR_MS;
  pipeline->stages = g_ptr_array_new_with_free_func (stage_free);
  pipeline->executions = g_ptr_array_new_with_free_func (execution_free);
  pipeline->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  pipeline->client_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pipeline->variables = g_ptr_array_new_with_free_func (variable_free);
  g_ptr_array_add (self->pipelines, pipeline);
  g_hash_table_insert (self->by_name, pipeline->name, pipeline);
  return pipeline;
}

static void
seed_world (CodePipeline *self)
{
  static const struct
  {
    const char    *name;
    ExecutionMode  mode;
    const char    *state;
  } others[] = {
    { "todo-list-authorizer", MODE_SUPERSEDED, "failed" },
    { "todo-list-frontend", MODE_SUPERSEDED, "running" },
    { "todo-list-notifications", MODE_QUEUED, "disabled" },
    { "todo-list-reports", MODE_PARALLEL, "succeeded" },
    { "todo-list-search", MODE_SUPERSEDED, "stopped" },
    { "todo-list-migrations", MODE_QUEUED, "succeeded" },
    { "todo-list-metrics", MODE_SUPERSEDED, "failed" },
    { "todo-list-docs", MODE_SUPERSEDED, "succeeded" },
    { "todo-list-mobile-api", MODE_PARALLEL, "succeeded" },
    { "todo-list-backup", MODE_QUEUED, "succeeded" },
    { "todo-list-e2e", MODE_SUPERSEDED, "superseded" },
  };
  PdSandbox *sandbox = self->sandbox;
  guint64 long_lines = pd_sandbox_get_log_lines (sandbox);
  gint64 now = pd_sandbox_now_ms (sandbox);
  Pipeline *pipeline;
  Stage *stage;
  ActionDef *def;

  /* The reference pipeline, a V2 pipeline with variables that its build
   * actions pass to CodeBuild. */
  pipeline = add_pipeline (self, "todo-list-aws", MODE_SUPERSEDED);
  g_ptr_array_add (pipeline->variables,
                   variable_new ("DEPLOY_ENV", "staging",
                                 "Serverless stage that DeployStaging deploys to"));
  g_ptr_array_add (pipeline->variables,
                   variable_new ("SNYK_MONITOR", "true",
                                 "Feature flag: upload a Snyk snapshot after the scan"));
  g_ptr_array_add (pipeline->variables,
                   variable_new ("HYPOTHESIS_PROFILE", "ci",
                                 "Hypothesis settings profile of the unit tests"));
  stage = add_stage (pipeline, "Source");
  add_action (stage, "Source", KIND_SOURCE, 1, NULL, sandbox, 0, NULL);
  stage = add_stage (pipeline, "Build");
  add_action (stage, "Package", KIND_BUILD, 1, "todo-list-aws-package", sandbox,
              PD_SANDBOX_SCRIPT_PACKAGE, "serverless package");
  stage = add_stage (pipeline, "Test");
  def = add_action (stage, "UnitTests", KIND_BUILD, 1, "todo-list-aws-unit-tests", sandbox,
                    PD_SANDBOX_SCRIPT_UNIT_TESTS, "Unit tests with Hypothesis and coverage.py");
  def->env_name = "HYPOTHESIS_PROFILE";
  def->env_value = "#{variables.HYPOTHESIS_PROFILE}";
  add_action (stage, "Quality", KIND_BUILD, 1, "todo-list-aws-quality", sandbox,
              PD_SANDBOX_SCRIPT_QUALITY, "Pylint and Flake8");
  def = add_action (stage, "Security", KIND_BUILD, 1, "todo-list-aws-security", sandbox,
                    PD_SANDBOX_SCRIPT_SECURITY, "Snyk test and monitor");
  def->env_name = "SNYK_MONITOR";
  def->env_value = "#{variables.SNYK_MONITOR}";
  stage = add_stage (pipeline, "DeployStaging");
  def = add_action (stage, "DeployStaging", KIND_BUILD, 1, "todo-list-aws-deploy-staging",
                    sandbox, PD_SANDBOX_SCRIPT_DEPLOY_STAGING, "serverless deploy --stage staging");
  def->env_name = "STAGE";
  def->env_value = "#{variables.DEPLOY_ENV}";
  stage = add_stage (pipeline, "IntegrationTests");
  add_action (stage, "IntegrationTests", KIND_BUILD, 1, "todo-list-aws-integration-tests",
              sandbox, PD_SANDBOX_SCRIPT_INTEGRATION, "serverless test");
  stage = add_stage (pipeline, "Approval");
  add_action (stage, "ManualApproval", KIND_APPROVAL, 1, NULL, sandbox, 0, NULL);
  stage = add_stage (pipeline, "DeployProduction");
  add_action (stage, "DeployProduction", KIND_BUILD, 1, "todo-list-aws-deploy-production",
              sandbox, PD_SANDBOX_SCRIPT_DEPLOY_PRODUCTION, "serverless deploy --stage production");
  for (guint i = 0; i < HISTORY_RUNS; i++)
    history_run (pipeline, now - (HISTORY_RUNS - i) * 5 * HOUR_MS, -1, NULL,
                 i == HISTORY_RUNS - 1 ? long_lines : 0, NULL);

  /* The infrastructure pipeline. */
  pipeline = add_pipeline (self, "todo-list-infra", MODE_QUEUED);
  stage = add_stage (pipeline, "Source");
  add_action (stage, "Source", KIND_SOURCE, 1, NULL, sandbox, 0, NULL);
  stage = add_stage (pipeline, "Plan");
  add_action (stage, "TerraformPlan", KIND_BUILD, 1, "todo-list-infra-plan", sandbox,
              PD_SANDBOX_SCRIPT_TERRAFORM_PLAN, "terraform plan");
  stage = add_stage (pipeline, "Approval");
  add_action (stage, "ApprovePlan", KIND_APPROVAL, 1, NULL, sandbox, 0, NULL);
  stage = add_stage (pipeline, "Apply");
  add_action (stage, "TerraformApply", KIND_BUILD, 1, "todo-list-infra-apply", sandbox,
              PD_SANDBOX_SCRIPT_TERRAFORM_APPLY, "terraform apply");
  stage = add_stage (pipeline, "Verify");
  add_action (stage, "Terratest", KIND_BUILD, 1, "todo-list-infra-terratest", sandbox,
              PD_SANDBOX_SCRIPT_TERRATEST, "terratest");
  for (guint i = 0; i < HISTORY_RUNS; i++)
    history_run (pipeline, now - (HISTORY_RUNS - i) * 11 * HOUR_MS, -1, NULL, 0, NULL);

  /* A list that fills a screen, in mixed states. */
  for (guint p = 0; p < G_N_ELEMENTS (others); p++)
    {
      g_autofree char *build_project = g_strdup_printf ("%s-build", others[p].name);
      g_autofree char *deploy_project = g_strdup_printf ("%s-deploy", others[p].name);
      const char *state = others[p].state;
      Execution *last;

      pipeline = add_pipeline (self, others[p].name, others[p].mode);
      if (p % 3 == 2)
        pipeline->type = "V1";
      stage = add_stage (pipeline, "Source");
      add_action (stage, "Source", KIND_SOURCE, 1, NULL, sandbox, 0, NULL);
      stage = add_stage (pipeline, "Build");
      add_action (stage, "Build", KIND_BUILD, 1, build_project, sandbox,
                  PD_SANDBOX_SCRIPT_GENERIC, "make build test");
      stage = add_stage (pipeline, "Deploy");
      add_action (stage, "Deploy", KIND_BUILD, 1, deploy_project, sandbox,
                  PD_SANDBOX_SCRIPT_DEPLOY_STAGING, "serverless deploy");

      for (guint i = 0; i + 1 < HISTORY_RUNS; i++)
        history_run (pipeline, now - (HISTORY_RUNS - i) * (3 + p) * HOUR_MS, -1, NULL, 0,
                     NULL);

      if (g_str_equal (state, "running"))
        {
          last = execution_new (pipeline, "Webhook", "codecommit main", now);
          execution_try_enter (last, 0);
          continue;
        }
      if (g_str_equal (state, "disabled"))
        {
          Stage *deploy = stage_at (pipeline, 2);

          deploy->inbound_enabled = FALSE;
          deploy->disabled_reason = g_strdup ("Release freeze until the 2.4 review");
          deploy->changed_by = g_strdup ("arn:aws:iam::123456789012:user/marc");
          deploy->changed_at = now - 2 * HOUR_MS;
          /* Ran Source and Build, now held before Deploy. */
          history_run (pipeline, now - HOUR_MS, 1, "InProgress", 0, NULL);
          last = g_ptr_array_index (pipeline->executions, pipeline->executions->len - 1);
          if (g_str_equal (last->status, "InProgress"))
            execution_wait (last, 2);
          continue;
        }
      if (g_str_equal (state, "failed"))
        {
          /* Seeded to fail whatever the seed: a failed deploy, whose build
           * failed too. */
          history_run (pipeline, now - 2 * HOUR_MS, -1, NULL, 0, "Deploy");
          continue;
        }
      if (g_str_equal (state, "stopped"))
        {
          history_run (pipeline, now - 2 * HOUR_MS, 1, "Stopped", 0, NULL);
          last = g_ptr_array_index (pipeline->executions, pipeline->executions->len - 1);
          last->stop_reason = g_strdup ("Wrong branch merged");
          continue;
        }
      if (g_str_equal (state, "superseded"))
        {
          history_run (pipeline, now - 3 * HOUR_MS, 0, "Superseded", 0, NULL);
          history_run (pipeline, now - 3 * HOUR_MS + 60000, -1, NULL, 0, NULL);
          continue;
        }
      history_run (pipeline, now - HOUR_MS, -1, NULL, 0, NULL);
    }
}

/* Replies. */

static void
set_time (JsonObject *object,
          const char *member,
          gint64      ms)
{
  json_object_set_double_member (object, member, ms / 1000.0);
}

static Pipeline *
lookup_pipeline (PdSandboxRequest *request,
                 CodePipeline     *self,
                 const char       *name)
{
  Pipeline *pipeline = g_hash_table_lookup (self->by_name, name);

  if (pipeline == NULL)
    pd_sandbox_request_reply_error (request, 400, "PipelineNotFoundException",
                                    "Account '%s' does not have a pipeline with name '%s'",
                                    pd_sandbox_request_get_account_id (request), name);
  return pipeline;
}

static Execution *
lookup_execution (PdSandboxRequest *request,
                  Pipeline         *pipeline,
                  const char       *id)
{
  Execution *exec = g_hash_table_lookup (pipeline->by_id, id);

  if (exec == NULL)
    pd_sandbox_request_reply_error (request, 400, "PipelineExecutionNotFoundException",
                                    "Pipeline execution '%s' does not exist in pipeline '%s'.",
                                    id, pipeline->name);
  return exec;
}

static int
lookup_stage (PdSandboxRequest *request,
              Pipeline         *pipeline,
              const char       *name)
{
  for (guint k = 0; k < pipeline->stages->len; k++)
    if (g_str_equal (stage_at (pipeline, k)->name, name))
      return k;
  pd_sandbox_request_reply_error (request, 400, "StageNotFoundException",
                                  "Stage '%s' not found in pipeline '%s'", name, pipeline->name);
  return -1;
}

static gboolean
check_token (PdSandboxRequest *request,
             const char       *token,
             const char       *kind,
             guint64          *start)
{
  *start = 0;
  if (token != NULL && !pd_sandbox_token_decode (token, kind, start))
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidNextTokenException",
                                      "The next token was specified in an invalid format. Make "
                                      "sure that the next token you provide is the token "
                                      "returned by a previous call.");
      return FALSE;
    }
  return TRUE;
}

static void
set_next_token (JsonObject *reply,
                const char *kind,
                guint64     next,
                guint64     total)
{
  if (next < total)
    {
      g_autofree char *token = pd_sandbox_token_encode (kind, next);

      json_object_set_string_member (reply, "nextToken", token);
    }
}

static void
list_pipelines (PdSandboxRequest *request,
                gpointer          data)
{
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *items;
  const char *token;
  guint64 start;
  gint64 max;

  token = pd_sandbox_request_get_string (request, "nextToken", FALSE, 1, 2048, NULL);
  max = pd_sandbox_request_get_int (request, "maxResults", 1000, 1, 1000);
  if (!pd_sandbox_request_check_valid (request) || !check_token (request, token, "pipelines", &start))
    return;

  items = json_array_new ();
  for (guint64 i = start; i < self->pipelines->len && i < start + max; i++)
    {
      Pipeline *pipeline = g_ptr_array_index (self->pipelines, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "name", pipeline->name);
      json_object_set_int_member (item, "version", 1);
      json_object_set_string_member (item, "pipelineType", pipeline->type);
      json_object_set_string_member (item, "executionMode", mode_names[pipeline->mode]);
      set_time (item, "created", pipeline->created_ms);
      set_time (item, "updated", pipeline->updated_ms);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (reply, "pipelines", items);
  set_next_token (reply, "pipelines", start + max, self->pipelines->len);
  pd_sandbox_request_reply_json (request, reply);
}

static JsonObject *
action_type_id (ActionDef *def)
{
  JsonObject *type = json_object_new ();

  switch (def->kind)
    {
    case KIND_SOURCE:
      json_object_set_string_member (type, "category", "Source");
      json_object_set_string_member (type, "provider", "CodeCommit");
      break;
    case KIND_APPROVAL:
      json_object_set_string_member (type, "category", "Approval");
      json_object_set_string_member (type, "provider", "Manual");
      break;
    case KIND_BUILD:
    default:
      json_object_set_string_member (type, "category",
                                     g_str_has_prefix (def->name, "Deploy") ? "Deploy"
                                     : g_str_equal (def->name, "Package")
                                       || g_str_equal (def->name, "Build") ? "Build" : "Test");
      json_object_set_string_member (type, "provider", "CodeBuild");
      break;
    }
  json_object_set_string_member (type, "owner", "AWS");
  json_object_set_string_member (type, "version", "1");
  return type;
}

/* Replaces each #{variables.NAME} of @text by the execution's value of
 * NAME; references to unknown names stay as they are. */
static char *
resolve_variables (const char *text,
                   Execution  *exec)
{
  static const char prefix[] = "#{variables.";
  GString *out = g_string_new (NULL);
  const char *p = text;

  for (;;)
    {
      const char *start = strstr (p, prefix);
      const char *end;
      g_autofree char *name = NULL;
      Variable *variable;

      if (start == NULL)
        break;
      end = strchr (start + strlen (prefix), '}');
      if (end == NULL)
        break;
      name = g_strndup (start + strlen (prefix), end - start - strlen (prefix));
      variable = find_variable (exec->variables, name);
      g_string_append_len (out, p, start - p);
      if (variable != NULL)
        g_string_append (out, variable->value);
      else
        g_string_append_len (out, start, end + 1 - start);
      p = end + 1;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* CodeBuild's EnvironmentVariables configuration: a JSON list in a string. */
static char *
environment_variables (ActionDef *def,
                       Execution *exec)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *value = exec != NULL ? resolve_variables (def->env_value, exec)
                                        : g_strdup (def->env_value);

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, def->env_name);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "PLAINTEXT");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The action's configuration as declared (@exec NULL), or as resolved for
 * @exec. */
static JsonObject *
action_configuration (Pipeline  *pipeline,
                      ActionDef *def,
                      Execution *exec)
{
  JsonObject *config = json_object_new ();

  switch (def->kind)
    {
    case KIND_SOURCE:
      json_object_set_string_member (config, "RepositoryName", pipeline->repository);
      json_object_set_string_member (config, "BranchName", "main");
      json_object_set_string_member (config, "PollForSourceChanges", "false");
      break;
    case KIND_APPROVAL:
      json_object_set_string_member (config, "CustomData",
                                     "Check staging before deploying to production");
      break;
    case KIND_BUILD:
    default:
      json_object_set_string_member (config, "ProjectName", def->project);
      if (def->env_name != NULL)
        {
          g_autofree char *env = environment_variables (def, exec);

          json_object_set_string_member (config, "EnvironmentVariables", env);
        }
      break;
    }
  return config;
}

static JsonArray *
artifacts (const char *name)
{
  JsonArray *array = json_array_new ();

  if (name != NULL)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "name", name);
      json_array_add_object_element (array, item);
    }
  return array;
}

static void
get_pipeline (PdSandboxRequest *request,
              gpointer          data)
{
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *object, *store, *metadata;
  JsonArray *stages;
  g_autofree char *arn = NULL;
  g_autofree char *bucket = NULL;
  const char *name;
  Pipeline *pipeline;
  gint64 version;

  name = pd_sandbox_request_get_string (request, "name", TRUE, 1, 100, NAME_PATTERN);
  version = pd_sandbox_request_get_int (request, "version", 1, 1, G_MAXINT32);
  if (!pd_sandbox_request_check_valid (request))
    return;
  pipeline = lookup_pipeline (request, self, name);
  if (pipeline == NULL)
    return;
  if (version != 1)
    {
      pd_sandbox_request_reply_error (request, 400, "PipelineVersionNotFoundException",
                                      "Pipeline '%s' does not have version %" G_GINT64_FORMAT,
                                      name, version);
      return;
    }

  object = json_object_new ();
  store = json_object_new ();
  metadata = json_object_new ();
  stages = json_array_new ();
  bucket = g_strdup_printf ("codepipeline-%s-%s", pd_sandbox_get_region (request->sandbox),
                            pd_sandbox_request_get_account_id (request));
  json_object_set_string_member (store, "type", "S3");
  json_object_set_string_member (store, "location", bucket);

  for (guint k = 0; k < pipeline->stages->len; k++)
    {
      Stage *stage = stage_at (pipeline, k);
      JsonObject *s = json_object_new ();
      JsonArray *actions = json_array_new ();

      for (guint i = 0; i < stage->actions->len; i++)
        {
          ActionDef *def = g_ptr_array_index (stage->actions, i);
          JsonObject *a = json_object_new ();

          json_object_set_string_member (a, "name", def->name);
          json_object_set_object_member (a, "actionTypeId", action_type_id (def));
          json_object_set_int_member (a, "runOrder", def->run_order);
          json_object_set_object_member (a, "configuration",
                                         action_configuration (pipeline, def, NULL));
          json_object_set_array_member (a, "outputArtifacts", artifacts (def->output));
          json_object_set_array_member (a, "inputArtifacts", artifacts (def->input));
          json_object_set_string_member (a, "region", pd_sandbox_get_region (request->sandbox));
          json_array_add_object_element (actions, a);
        }
      json_object_set_string_member (s, "name", stage->name);
      json_object_set_array_member (s, "actions", actions);
      json_array_add_object_element (stages, s);
    }

  json_object_set_string_member (object, "name", pipeline->name);
  json_object_set_string_member (object, "roleArn",
                                 "arn:aws:iam::123456789012:role/codepipeline-todo-list-role");
  json_object_set_object_member (object, "artifactStore", store);
  json_object_set_array_member (object, "stages", stages);
  json_object_set_int_member (object, "version", 1);
  json_object_set_string_member (object, "executionMode", mode_names[pipeline->mode]);
  json_object_set_string_member (object, "pipelineType", pipeline->type);
  if (pipeline->variables->len > 0)
    {
      JsonArray *variables = json_array_new ();

      for (guint i = 0; i < pipeline->variables->len; i++)
        {
          Variable *declared = g_ptr_array_index (pipeline->variables, i);
          JsonObject *v = json_object_new ();

          json_object_set_string_member (v, "name", declared->name);
          if (declared->value != NULL)
            json_object_set_string_member (v, "defaultValue", declared->value);
          if (declared->description != NULL)
            json_object_set_string_member (v, "description", declared->description);
          json_array_add_object_element (variables, v);
        }
      json_object_set_array_member (object, "variables", variables);
    }

  arn = g_strdup_printf ("arn:aws:codepipeline:%s:%s:%s", pd_sandbox_get_region (request->sandbox),
                         pd_sandbox_request_get_account_id (request), pipeline->name);
  json_object_set_string_member (metadata, "pipelineArn", arn);
  set_time (metadata, "created", pipeline->created_ms);
  set_time (metadata, "updated", pipeline->updated_ms);

  json_object_set_object_member (reply, "pipeline", object);
  json_object_set_object_member (reply, "metadata", metadata);
  pd_sandbox_request_reply_json (request, reply);
}

static JsonObject *
action_execution_state (ActionRun *run)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "actionExecutionId", run->id);
  json_object_set_string_member (object, "status", run->status);
  if (run->summary != NULL)
    json_object_set_string_member (object, "summary", run->summary);
  set_time (object, "lastStatusChange", run->last_ms);
  if (run->def->kind == KIND_APPROVAL && g_str_equal (run->status, "InProgress"))
    json_object_set_string_member (object, "token", run->token);
  if (run->updated_by != NULL)
    json_object_set_string_member (object, "lastUpdatedBy", run->updated_by);
  if (run->build != NULL)
    {
      g_autofree char *url = g_strdup_printf ("https://console.aws.amazon.com/codebuild/home?"
                                              "region=eu-west-1#/builds/%s/view/new",
                                              pd_sandbox_build_get_id (run->build));

      json_object_set_string_member (object, "externalExecutionId",
                                     pd_sandbox_build_get_id (run->build));
      json_object_set_string_member (object, "externalExecutionUrl", url);
    }
  if (run->error_code != NULL)
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "code", run->error_code);
      json_object_set_string_member (details, "message", run->error_message);
      json_object_set_object_member (object, "errorDetails", details);
    }
  return object;
}

static void
get_pipeline_state (PdSandboxRequest *request,
                    gpointer          data)
{
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *states;
  const char *name;
  Pipeline *pipeline;

  name = pd_sandbox_request_get_string (request, "name", TRUE, 1, 100, NAME_PATTERN);
  if (!pd_sandbox_request_check_valid (request))
    return;
  pipeline = lookup_pipeline (request, self, name);
  if (pipeline == NULL)
    return;

  states = json_array_new ();
  for (guint k = 0; k < pipeline->stages->len; k++)
    {
      Stage *stage = stage_at (pipeline, k);
      JsonObject *state = json_object_new ();
      JsonObject *transition = json_object_new ();
      JsonArray *actions = json_array_new ();

      json_object_set_string_member (state, "stageName", stage->name);
      json_object_set_boolean_member (transition, "enabled", stage->inbound_enabled);
      if (stage->changed_by != NULL)
        {
          json_object_set_string_member (transition, "lastChangedBy", stage->changed_by);
          set_time (transition, "lastChangedAt", stage->changed_at);
        }
      if (!stage->inbound_enabled && stage->disabled_reason != NULL)
        json_object_set_string_member (transition, "disabledReason", stage->disabled_reason);
      if (k > 0)
        json_object_set_object_member (state, "inboundTransitionState", transition);
      else
        json_object_unref (transition);

      if (stage->waiting->len > 0)
        {
          Execution *waiter = g_ptr_array_index (stage->waiting, stage->waiting->len - 1);
          JsonObject *inbound = json_object_new ();

          json_object_set_string_member (inbound, "pipelineExecutionId", waiter->id);
          json_object_set_string_member (inbound, "status", "InProgress");
          json_object_set_object_member (state, "inboundExecution", inbound);
        }
      if (stage->latest != NULL && stage->latest->stage_status[k] != NULL)
        {
          JsonObject *latest = json_object_new ();

          json_object_set_string_member (latest, "pipelineExecutionId", stage->latest->id);
          json_object_set_string_member (latest, "status", stage->latest->stage_status[k]);
          json_object_set_object_member (state, "latestExecution", latest);
        }

      for (guint i = 0; i < stage->actions->len; i++)
        {
          ActionDef *def = g_ptr_array_index (stage->actions, i);
          JsonObject *action = json_object_new ();
          ActionRun *run = stage->latest != NULL ? latest_run (stage->latest, k, def->name) : NULL;

          json_object_set_string_member (action, "actionName", def->name);
          if (def->kind == KIND_SOURCE && stage->latest != NULL
              && stage->latest->missing_revision == NULL)
            {
              JsonObject *revision = json_object_new ();
              g_autofree char *url = g_strdup_printf ("https://console.aws.amazon.com/codesuite/"
                                                      "codecommit/repositories/%s/commit/%s",
                                                      pipeline->repository,
                                                      stage->latest->commit->commit_id);

              json_object_set_string_member (revision, "revisionId",
                                             stage->latest->commit->commit_id);
              set_time (revision, "created", stage->latest->commit->time_ms);
              json_object_set_object_member (action, "currentRevision", revision);
              json_object_set_string_member (action, "revisionUrl", url);
            }
          if (def->project != NULL)
            {
              g_autofree char *url = g_strdup_printf ("https://console.aws.amazon.com/codebuild/"
                                                      "home?region=eu-west-1#/projects/%s/view",
                                                      def->project);

              json_object_set_string_member (action, "entityUrl", url);
            }
          if (run != NULL)
            json_object_set_object_member (action, "latestExecution", action_execution_state (run));
          json_array_add_object_element (actions, action);
        }
      json_object_set_array_member (state, "actionStates", actions);
      json_array_add_object_element (states, state);
    }

  json_object_set_string_member (reply, "pipelineName", pipeline->name);
  json_object_set_int_member (reply, "pipelineVersion", 1);
  json_object_set_array_member (reply, "stageStates", states);
  set_time (reply, "created", pipeline->created_ms);
  set_time (reply, "updated", pipeline->updated_ms);
  pd_sandbox_request_reply_json (request, reply);
}

/* The source revision of a run: its commit, or the override that named no
 * commit (which has no summary). */
static const char *
revision_id (Execution *exec)
{
  return exec->missing_revision != NULL ? exec->missing_revision : exec->commit->commit_id;
}

static const char *
revision_summary (Execution *exec)
{
  return exec->missing_revision != NULL ? NULL : exec->commit->message;
}

static JsonObject *
trigger_object (Execution *exec)
{
  JsonObject *trigger = json_object_new ();

  json_object_set_string_member (trigger, "triggerType", exec->trigger_type);
  json_object_set_string_member (trigger, "triggerDetail", exec->trigger_detail);
  return trigger;
}

static void
list_pipeline_executions (PdSandboxRequest *request,
                          gpointer          data)
{
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *items;
  const char *name, *token;
  Pipeline *pipeline;
  guint64 start;
  gint64 max;
  guint n;

  name = pd_sandbox_request_get_string (request, "pipelineName", TRUE, 1, 100, NAME_PATTERN);
  max = pd_sandbox_request_get_int (request, "maxResults", 100, 1, 100);
  token = pd_sandbox_request_get_string (request, "nextToken", FALSE, 1, 2048, NULL);
  if (!pd_sandbox_request_check_valid (request))
    return;
  pipeline = lookup_pipeline (request, self, name);
  if (pipeline == NULL || !check_token (request, token, "executions", &start))
    return;

  n = pipeline->executions->len;
  items = json_array_new ();
  for (guint64 k = start; k < n && k < start + max; k++)
    {
      Execution *exec = g_ptr_array_index (pipeline->executions, n - 1 - k);
      JsonObject *item = json_object_new ();
      JsonArray *revisions = json_array_new ();
      JsonObject *revision = json_object_new ();

      json_object_set_string_member (revision, "actionName", "Source");
      json_object_set_string_member (revision, "revisionId", revision_id (exec));
      if (revision_summary (exec) != NULL)
        json_object_set_string_member (revision, "revisionSummary", revision_summary (exec));
      json_array_add_object_element (revisions, revision);

      json_object_set_string_member (item, "pipelineExecutionId", exec->id);
      json_object_set_string_member (item, "status", exec->status);
      set_time (item, "startTime", exec->start_ms);
      set_time (item, "lastUpdateTime", exec->last_ms);
      json_object_set_array_member (item, "sourceRevisions", revisions);
      json_object_set_object_member (item, "trigger", trigger_object (exec));
      json_object_set_string_member (item, "executionMode", mode_names[pipeline->mode]);
      if (exec->stop_reason != NULL)
        {
          JsonObject *stop = json_object_new ();

          json_object_set_string_member (stop, "reason", exec->stop_reason);
          json_object_set_object_member (item, "stopTrigger", stop);
        }
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (reply, "pipelineExecutionSummaries", items);
  set_next_token (reply, "executions", start + max, n);
  pd_sandbox_request_reply_json (request, reply);
}

static void
get_pipeline_execution (PdSandboxRequest *request,
                        gpointer          data)
{
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *object, *revision;
  JsonArray *revisions;
  const char *name, *id;
  Pipeline *pipeline;
  Execution *exec;

  name = pd_sandbox_request_get_string (request, "pipelineName", TRUE, 1, 100, NAME_PATTERN);
  id = pd_sandbox_request_get_string (request, "pipelineExecutionId", TRUE, 0, 0,
                                      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  if (!pd_sandbox_request_check_valid (request))
    return;
  pipeline = lookup_pipeline (request, self, name);
  if (pipeline == NULL)
    return;
  exec = lookup_execution (request, pipeline, id);
  if (exec == NULL)
    return;

  object = json_object_new ();
  revisions = json_array_new ();
  revision = json_object_new ();
  json_object_set_string_member (revision, "name", "SourceArtifact");
  json_object_set_string_member (revision, "revisionId", revision_id (exec));
  if (revision_summary (exec) != NULL)
    {
      json_object_set_string_member (revision, "revisionSummary", revision_summary (exec));
      set_time (revision, "created", exec->commit->time_ms);
    }
  json_array_add_object_element (revisions, revision);
  if (exec->variables->len > 0)
    {
      JsonArray *variables = json_array_new ();

      for (guint i = 0; i < exec->variables->len; i++)
        {
          Variable *variable = g_ptr_array_index (exec->variables, i);
          JsonObject *v = json_object_new ();

          json_object_set_string_member (v, "name", variable->name);
          json_object_set_string_member (v, "resolvedValue", variable->value);
          json_array_add_object_element (variables, v);
        }
      json_object_set_array_member (object, "variables", variables);
    }

  json_object_set_string_member (object, "pipelineName", pipeline->name);
  json_object_set_int_member (object, "pipelineVersion", 1);
  json_object_set_string_member (object, "pipelineExecutionId", exec->id);
  json_object_set_string_member (object, "status", exec->status);
  if (exec->stop_reason != NULL)
    json_object_set_string_member (object, "statusSummary", exec->stop_reason);
  json_object_set_array_member (object, "artifactRevisions", revisions);
  json_object_set_object_member (object, "trigger", trigger_object (exec));
  json_object_set_string_member (object, "executionMode", mode_names[pipeline->mode]);
  json_object_set_object_member (reply, "pipelineExecution", object);
  pd_sandbox_request_reply_json (request, reply);
}

static JsonObject *
action_execution_detail (Pipeline  *pipeline,
                         ActionRun *run)
{
  JsonObject *object = json_object_new ();
  JsonObject *input = json_object_new ();
  JsonObject *output = json_object_new ();
  JsonObject *result = json_object_new ();

  json_object_set_object_member (input, "actionTypeId", action_type_id (run->def));
  json_object_set_object_member (input, "configuration",
                                 action_configuration (pipeline, run->def, NULL));
  json_object_set_object_member (input, "resolvedConfiguration",
                                 action_configuration (pipeline, run->def, run->execution));
  json_object_set_string_member (input, "region", "eu-west-1");
  json_object_set_array_member (input, "inputArtifacts", artifacts (run->def->input));

  if (run->build != NULL)
    json_object_set_string_member (result, "externalExecutionId",
                                   pd_sandbox_build_get_id (run->build));
  if (run->summary != NULL)
    json_object_set_string_member (result, "externalExecutionSummary", run->summary);
  if (run->error_code != NULL)
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "code", run->error_code);
      json_object_set_string_member (details, "message", run->error_message);
      json_object_set_object_member (result, "errorDetails", details);
    }
  json_object_set_array_member (output, "outputArtifacts", artifacts (run->def->output));
  json_object_set_object_member (output, "executionResult", result);
  json_object_set_object_member (output, "outputVariables", json_object_new ());

  json_object_set_string_member (object, "pipelineExecutionId", run->execution->id);
  json_object_set_string_member (object, "actionExecutionId", run->id);
  json_object_set_int_member (object, "pipelineVersion", 1);
  json_object_set_string_member (object, "stageName", stage_at (pipeline, run->stage)->name);
  json_object_set_string_member (object, "actionName", run->def->name);
  set_time (object, "startTime", run->start_ms);
  set_time (object, "lastUpdateTime", run->last_ms);
  json_object_set_string_member (object, "status", run->status);
  json_object_set_object_member (object, "input", input);
  json_object_set_object_member (object, "output", output);
  return object;
}

static void
list_action_executions (PdSandboxRequest *request,
                        gpointer          data)
{
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(GPtrArray) runs = g_ptr_array_new ();
  JsonObject *filter;
  JsonArray *items;
  const char *name, *token, *exec_id = NULL;
  Pipeline *pipeline;
  guint64 start;
  gint64 max;

  name = pd_sandbox_request_get_string (request, "pipelineName", TRUE, 1, 100, NAME_PATTERN);
  max = pd_sandbox_request_get_int (request, "maxResults", 100, 1, 100);
  token = pd_sandbox_request_get_string (request, "nextToken", FALSE, 1, 2048, NULL);
  filter = pd_sandbox_request_get_object (request, "filter", FALSE);
  if (!pd_sandbox_request_check_valid (request))
    return;
  pipeline = lookup_pipeline (request, self, name);
  if (pipeline == NULL || !check_token (request, token, "actions", &start))
    return;
  if (filter != NULL && json_object_has_member (filter, "pipelineExecutionId"))
    {
      exec_id = json_object_get_string_member_with_default (filter, "pipelineExecutionId", "");
      if (lookup_execution (request, pipeline, exec_id) == NULL)
        return;
    }

  /* Newest first. */
  for (guint e = pipeline->executions->len; e > 0; e--)
    {
      Execution *exec = g_ptr_array_index (pipeline->executions, e - 1);

      if (exec_id != NULL && !g_str_equal (exec->id, exec_id))
        continue;
      for (guint i = exec->runs->len; i > 0; i--)
        g_ptr_array_add (runs, g_ptr_array_index (exec->runs, i - 1));
    }

  items = json_array_new ();
  for (guint64 k = start; k < runs->len && k < start + max; k++)
    json_array_add_object_element (items,
                                   action_execution_detail (pipeline, g_ptr_array_index (runs, k)));
  json_object_set_array_member (reply, "actionExecutionDetails", items);
  set_next_token (reply, "actions", start + max, runs->len);
  pd_sandbox_request_reply_json (request, reply);
}

/* A string member of element @index of the list @list, checked with the
 * request's own rules so that errors name it as AWS does
 * ('variables.1.member.name'). @values, if not NULL, is its enum. */
static const char *
element_string (PdSandboxRequest   *request,
                JsonNode           *element,
                const char         *list,
                guint               index,
                const char         *member,
                guint               min_length,
                guint               max_length,
                const char         *pattern,
                const char * const *values)
{
  g_autofree char *path = g_strdup_printf ("%s.%u.member.%s", list, index + 1, member);
  g_autoptr(JsonObject) scoped = json_object_new ();
  JsonObject *saved = request->input;
  JsonNode *node = json_object_get_member (json_node_get_object (element), member);
  const char *value;

  if (node != NULL)
    json_object_set_member (scoped, path, json_node_ref (node));
  request->input = scoped;
  if (values != NULL)
    value = pd_sandbox_request_get_enum (request, path, TRUE, values);
  else
    value = pd_sandbox_request_get_string (request, path, TRUE, min_length, max_length, pattern);
  request->input = saved;
  return value;
}

static gboolean
element_is_structure (PdSandboxRequest *request,
                      JsonNode         *element,
                      const char       *list,
                      guint             index)
{
  if (JSON_NODE_HOLDS_OBJECT (element))
    return TRUE;
  pd_sandbox_request_add_validation (request, "Value at '%s.%u.member' failed to satisfy "
                                     "constraint: Member must be a structure", list, index + 1);
  return FALSE;
}

static ActionDef *
find_action (Pipeline   *pipeline,
             const char *name)
{
  for (guint k = 0; k < pipeline->stages->len; k++)
    {
      Stage *stage = stage_at (pipeline, k);

      for (guint i = 0; i < stage->actions->len; i++)
        {
          ActionDef *def = g_ptr_array_index (stage->actions, i);

          if (g_str_equal (def->name, name))
            return def;
        }
    }
  return NULL;
}

static PdSandboxCommit *
find_commit (Pipeline   *pipeline,
             const char *commit_id)
{
  for (guint i = 0; i < pipeline->executions->len; i++)
    {
      Execution *exec = g_ptr_array_index (pipeline->executions, i);

      if (g_str_equal (exec->commit->commit_id, commit_id))
        return exec->commit;
    }
  return NULL;
}

/* The semantic checks of StartPipelineExecution, once the members have
 * their shapes: variables only on V2 pipelines, each once and declared;
 * source revisions only for source actions, each once, of a type the
 * action's provider (CodeCommit) has. */
static gboolean
check_start_input (PdSandboxRequest *request,
                   Pipeline         *pipeline,
                   GPtrArray        *variables,
                   GPtrArray        *revisions)
{
  if (variables->len > 0 && !g_str_equal (pipeline->type, "V2"))
    {
      pd_sandbox_request_reply_error (request, 400, "ValidationException",
                                      "Pipeline variables are only supported by pipelines of "
                                      "type V2; pipeline '%s' is of type %s.",
                                      pipeline->name, pipeline->type);
      return FALSE;
    }
  for (guint i = 0; i < variables->len; i++)
    {
      Variable *variable = g_ptr_array_index (variables, i);

      for (guint j = 0; j < i; j++)
        if (g_str_equal (((Variable *) g_ptr_array_index (variables, j))->name, variable->name))
          {
            pd_sandbox_request_reply_error (request, 400, "ValidationException",
                                            "Duplicate pipeline variable name: %s",
                                            variable->name);
            return FALSE;
          }
      if (find_variable (pipeline->variables, variable->name) == NULL)
        {
          pd_sandbox_request_reply_error (request, 400, "ValidationException",
                                          "Pipeline variable '%s' is not declared in pipeline "
                                          "'%s'.", variable->name, pipeline->name);
          return FALSE;
        }
    }
  for (guint i = 0; i < revisions->len; i++)
    {
      Variable *revision = g_ptr_array_index (revisions, i);
      ActionDef *def = find_action (pipeline, revision->name);

      for (guint j = 0; j < i; j++)
        if (g_str_equal (((Variable *) g_ptr_array_index (revisions, j))->name, revision->name))
          {
            pd_sandbox_request_reply_error (request, 400, "ValidationException",
                                            "Duplicate source revision override for action "
                                            "'%s'.", revision->name);
            return FALSE;
          }
      if (def == NULL)
        {
          pd_sandbox_request_reply_error (request, 400, "ValidationException",
                                          "Action '%s' does not exist in pipeline '%s'.",
                                          revision->name, pipeline->name);
          return FALSE;
        }
      if (def->kind != KIND_SOURCE)
        {
          pd_sandbox_request_reply_error (request, 400, "ValidationException",
                                          "Action '%s' is not a source action; source "
                                          "revisions can only override source actions.",
                                          revision->name);
          return FALSE;
        }
      if (!g_str_equal (revision->description, "COMMIT_ID"))
        {
          pd_sandbox_request_reply_error (request, 400, "ValidationException",
                                          "Revision type %s is not supported by action '%s' "
                                          "of provider CodeCommit; use COMMIT_ID.",
                                          revision->description, revision->name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
start_pipeline_execution (PdSandboxRequest *request,
                          gpointer          data)
{
  static const char * const revision_types[] = {
    "COMMIT_ID", "IMAGE_DIGEST", "S3_OBJECT_VERSION_ID", "S3_OBJECT_KEY", NULL
  };
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  /* Overrides as Variable records: for a source revision, name is the
   * action, value the revision and description its type. */
  g_autoptr(GPtrArray) variables = g_ptr_array_new_with_free_func (variable_free);
  g_autoptr(GPtrArray) revisions = g_ptr_array_new_with_free_func (variable_free);
  JsonArray *variables_in, *revisions_in;
  const char *name, *token;
  Pipeline *pipeline;
  Execution *exec;

  name = pd_sandbox_request_get_string (request, "name", TRUE, 1, 100, NAME_PATTERN);
  token = pd_sandbox_request_get_string (request, "clientRequestToken", FALSE, 1, 128,
                                         "^[a-zA-Z0-9-]+$");
  variables_in = pd_sandbox_request_get_array (request, "variables", FALSE, 1, MAX_VARIABLES);
  revisions_in = pd_sandbox_request_get_array (request, "sourceRevisions", FALSE, 0, 50);
  for (guint i = 0; variables_in != NULL && i < json_array_get_length (variables_in); i++)
    {
      JsonNode *element = json_array_get_element (variables_in, i);
      const char *variable_name, *value;

      if (!element_is_structure (request, element, "variables", i))
        continue;
      variable_name = element_string (request, element, "variables", i, "name", 1, 128,
                                      VARIABLE_NAME_PATTERN, NULL);
      value = element_string (request, element, "variables", i, "value", 1, 1000, ".*", NULL);
      if (variable_name != NULL && value != NULL)
        g_ptr_array_add (variables, variable_new (variable_name, value, NULL));
    }
  for (guint i = 0; revisions_in != NULL && i < json_array_get_length (revisions_in); i++)
    {
      JsonNode *element = json_array_get_element (revisions_in, i);
      const char *action, *type, *value;

      if (!element_is_structure (request, element, "sourceRevisions", i))
        continue;
      action = element_string (request, element, "sourceRevisions", i, "actionName", 1, 100,
                               NAME_PATTERN, NULL);
      type = element_string (request, element, "sourceRevisions", i, "revisionType", 0, 0, NULL,
                             revision_types);
      value = element_string (request, element, "sourceRevisions", i, "revisionValue", 1, 1500,
                              ".*", NULL);
      if (action != NULL && type != NULL && value != NULL)
        g_ptr_array_add (revisions, variable_new (action, value, type));
    }
  if (!pd_sandbox_request_check_valid (request))
    return;
  pipeline = lookup_pipeline (request, self, name);
  if (pipeline == NULL || !check_start_input (request, pipeline, variables, revisions))
    return;

  /* Same idempotency token, same execution: never a second run. */
  exec = token != NULL ? g_hash_table_lookup (pipeline->client_tokens, token) : NULL;
  if (exec == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("arn:aws:iam::%s:user/%s",
                                                 pd_sandbox_request_get_account_id (request),
                                                 request->access_key_id);

      exec = execution_new (pipeline, "StartPipelineExecution", detail, now_ms (pipeline));
      for (guint i = 0; i < variables->len; i++)
        {
          Variable *given = g_ptr_array_index (variables, i);
          Variable *resolved = find_variable (exec->variables, given->name);

          if (resolved != NULL)
            {
              g_free (resolved->value);
              resolved->value = g_strdup (given->value);
            }
          else
            g_ptr_array_add (exec->variables, variable_new (given->name, given->value, NULL));
        }
      for (guint i = 0; i < revisions->len; i++)
        {
          Variable *revision = g_ptr_array_index (revisions, i);
          PdSandboxCommit *commit = find_commit (pipeline, revision->value);

          if (commit != NULL)
            exec->commit = commit;
          else
            exec->missing_revision = g_strdup (revision->value);
        }
      if (token != NULL)
        g_hash_table_insert (pipeline->client_tokens, g_strdup (token), exec);
      execution_try_enter (exec, 0);
    }
  json_object_set_string_member (reply, "pipelineExecutionId", exec->id);
  pd_sandbox_request_reply_json (request, reply);
}

static void
stop_pipeline_execution (PdSandboxRequest *request,
                         gpointer          data)
{
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  const char *name, *id, *reason;
  gboolean abandon;
  Pipeline *pipeline;
  Execution *exec;

  name = pd_sandbox_request_get_string (request, "pipelineName", TRUE, 1, 100, NAME_PATTERN);
  id = pd_sandbox_request_get_string (request, "pipelineExecutionId", TRUE, 0, 0, NULL);
  abandon = pd_sandbox_request_get_bool (request, "abandon", FALSE);
  reason = pd_sandbox_request_get_string (request, "reason", FALSE, 0, 200, NULL);
  if (!pd_sandbox_request_check_valid (request))
    return;
  pipeline = lookup_pipeline (request, self, name);
  if (pipeline == NULL)
    return;
  exec = lookup_execution (request, pipeline, id);
  if (exec == NULL)
    return;

  if (g_str_equal (exec->status, "Stopping") && !abandon)
    {
      pd_sandbox_request_reply_error (request, 400, "DuplicatedStopRequestException",
                                      "Pipeline execution %s is already being stopped.", id);
      return;
    }
  if (!g_str_equal (exec->status, "InProgress") && !g_str_equal (exec->status, "Stopping"))
    {
      pd_sandbox_request_reply_error (request, 400, "PipelineExecutionNotStoppableException",
                                      "Unable to stop pipeline execution %s as it is in %s "
                                      "state.", id, exec->status);
      return;
    }

  g_free (exec->stop_reason);
  exec->stop_reason = g_strdup (reason != NULL ? reason : "");
  exec->status = "Stopping";
  touch (exec);

  if (exec->stage < 0)
    {
      /* Waiting between stages: nothing runs, it stops at once. */
      execution_finish (exec, "Stopped");
    }
  else
    {
      guint k = exec->stage;

      for (guint i = 0; i < exec->runs->len; i++)
        {
          ActionRun *run = g_ptr_array_index (exec->runs, i);

          if (!g_str_equal (run->status, "InProgress"))
            continue;
          /* An approval cannot finish by itself; it is abandoned either way. */
          if (abandon || run->def->kind == KIND_APPROVAL)
            {
              run->status = "Abandoned";
              run->last_ms = now_ms (pipeline);
              g_clear_handle_id (&run->timeout_id, g_source_remove);
              if (run->build != NULL)
                pd_sandbox_codebuild_stop (pipeline->sandbox, run->build);
              exec->pending--;
            }
        }
      if (exec->pending == 0)
        {
          exec->stage_status[k] = "Stopped";
          execution_finish (exec, "Stopped");
        }
    }

  json_object_set_string_member (reply, "pipelineExecutionId", exec->id);
  pd_sandbox_request_reply_json (request, reply);
}

static void
retry_stage_execution (PdSandboxRequest *request,
                       gpointer          data)
{
  static const char * const modes[] = { "FAILED_ACTIONS", "ALL_ACTIONS", NULL };
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  const char *name, *stage_name, *id, *mode;
  Pipeline *pipeline;
  Execution *exec;
  Stage *stage;
  int k;

  name = pd_sandbox_request_get_string (request, "pipelineName", TRUE, 1, 100, NAME_PATTERN);
  stage_name = pd_sandbox_request_get_string (request, "stageName", TRUE, 1, 100, NAME_PATTERN);
  id = pd_sandbox_request_get_string (request, "pipelineExecutionId", TRUE, 0, 0, NULL);
  mode = pd_sandbox_request_get_enum (request, "retryMode", TRUE, modes);
  if (!pd_sandbox_request_check_valid (request))
    return;
  pipeline = lookup_pipeline (request, self, name);
  if (pipeline == NULL)
    return;
  k = lookup_stage (request, pipeline, stage_name);
  if (k < 0)
    return;
  exec = lookup_execution (request, pipeline, id);
  if (exec == NULL)
    return;
  stage = stage_at (pipeline, k);

  if (stage->latest != exec)
    {
      pd_sandbox_request_reply_error (request, 400, "NotLatestPipelineExecutionException",
                                      "The stage has failed in a later execution of the pipeline "
                                      "and the pipelineExecutionId associated with the request "
                                      "is out of date.");
      return;
    }
  if (g_strcmp0 (exec->stage_status[k], "Failed") != 0 || !g_str_equal (exec->status, "Failed"))
    {
      pd_sandbox_request_reply_error (request, 400, "StageNotRetryableException",
                                      "Stage '%s' of pipeline execution %s is not in a failed "
                                      "state and cannot be retried.", stage_name, id);
      return;
    }
  if (pipeline->mode != MODE_PARALLEL && stage->occupant != NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "ConflictException",
                                      "Stage '%s' is in use by pipeline execution %s.",
                                      stage_name, stage->occupant->id);
      return;
    }

  exec->status = "InProgress";
  exec->retry_all_stage = g_str_equal (mode, "ALL_ACTIONS") ? k : -1;
  execution_enter (exec, k);

  json_object_set_string_member (reply, "pipelineExecutionId", exec->id);
  pd_sandbox_request_reply_json (request, reply);
}

static void
put_approval_result (PdSandboxRequest *request,
                     gpointer          data)
{
  static const char * const statuses[] = { "Approved", "Rejected", NULL };
  CodePipeline *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  const char *name, *stage_name, *action_name, *token, *summary = NULL, *status = NULL;
  JsonObject *result;
  Pipeline *pipeline;
  Stage *stage;
  ActionDef *def = NULL;
  ActionRun *run = NULL;
  int k;

  name = pd_sandbox_request_get_string (request, "pipelineName", TRUE, 1, 100, NAME_PATTERN);
  stage_name = pd_sandbox_request_get_string (request, "stageName", TRUE, 1, 100, NAME_PATTERN);
  action_name = pd_sandbox_request_get_string (request, "actionName", TRUE, 1, 100, NAME_PATTERN);
  token = pd_sandbox_request_get_string (request, "token", TRUE, 0, 0,
                                         "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  result = pd_sandbox_request_get_object (request, "result", TRUE);
  if (result != NULL)
    {
      JsonNode *node = json_object_get_member (result, "summary");

      summary = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
      node = json_object_get_member (result, "status");
      status = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
      if (summary == NULL)
        pd_sandbox_request_add_validation (request, "Value null at 'result.summary' failed to "
                                           "satisfy constraint: Member must not be null");
      else if (strlen (summary) > 512)
        pd_sandbox_request_add_validation (request, "Value at 'result.summary' failed to satisfy "
                                           "constraint: Member must have length less than or "
                                           "equal to 512");
      if (status == NULL)
        pd_sandbox_request_add_validation (request, "Value null at 'result.status' failed to "
                                           "satisfy constraint: Member must not be null");
      else if (!g_strv_contains (statuses, status))
        pd_sandbox_request_add_validation (request, "Value '%s' at 'result.status' failed to "
                                           "satisfy constraint: Member must satisfy enum value "
                                           "set: [Approved, Rejected]", status);
    }
  if (!pd_sandbox_request_check_valid (request))
    return;
  pipeline = lookup_pipeline (request, self, name);
  if (pipeline == NULL)
    return;
  k = lookup_stage (request, pipeline, stage_name);
  if (k < 0)
    return;
  stage = stage_at (pipeline, k);
  for (guint i = 0; i < stage->actions->len; i++)
    if (g_str_equal (((ActionDef *) g_ptr_array_index (stage->actions, i))->name, action_name))
      def = g_ptr_array_index (stage->actions, i);
  if (def == NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "ActionNotFoundException",
                                      "Action '%s' not found in stage '%s'", action_name,
                                      stage_name);
      return;
    }

  /* Find the approval this token was issued for, in any execution. */
  for (guint e = 0; e < pipeline->executions->len && run == NULL; e++)
    {
      Execution *exec = g_ptr_array_index (pipeline->executions, e);

      for (guint i = 0; i < exec->runs->len; i++)
        {
          ActionRun *candidate = g_ptr_array_index (exec->runs, i);

          if (candidate->def == def && g_strcmp0 (candidate->token, token) == 0)
            run = candidate;
        }
    }
  if (run == NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidApprovalTokenException",
                                      "The token for the approval request is not valid.");
      return;
    }
  if (!g_str_equal (run->status, "InProgress"))
    {
      pd_sandbox_request_reply_error (request, 400, "ApprovalAlreadyCompletedException",
                                      "The approval action has already been approved or "
                                      "rejected.");
      return;
    }

  g_free (run->updated_by);
  run->updated_by = g_strdup_printf ("arn:aws:iam::%s:user/%s",
                                     pd_sandbox_request_get_account_id (request),
                                     request->access_key_id);
  if (g_str_equal (status, "Rejected"))
    {
      run->error_code = g_strdup ("Rejected");
      run->error_message = g_strdup_printf ("Rejected: %s", summary);
    }
  set_time (reply, "approvedAt", now_ms (pipeline));
  action_finished (run, g_str_equal (status, "Approved"), summary);
  pd_sandbox_request_reply_json (request, reply);
}

static void
change_transition (PdSandboxRequest *request,
                   CodePipeline     *self,
                   gboolean          enable)
{
  static const char * const types[] = { "Inbound", "Outbound", NULL };
  const char *name, *stage_name, *type, *reason = NULL;
  Pipeline *pipeline;
  Stage *stage;
  int k, target;

  name = pd_sandbox_request_get_string (request, "pipelineName", TRUE, 1, 100, NAME_PATTERN);
  stage_name = pd_sandbox_request_get_string (request, "stageName", TRUE, 1, 100, NAME_PATTERN);
  type = pd_sandbox_request_get_enum (request, "transitionType", TRUE, types);
  if (!enable)
    reason = pd_sandbox_request_get_string (request, "reason", TRUE, 1, 300, REASON_PATTERN);
  if (!pd_sandbox_request_check_valid (request))
    return;
  pipeline = lookup_pipeline (request, self, name);
  if (pipeline == NULL)
    return;
  k = lookup_stage (request, pipeline, stage_name);
  if (k < 0)
    return;

  /* The outbound transition of a stage is the inbound one of the next. */
  target = g_str_equal (type, "Inbound") ? k : k + 1;
  if (target == 0 || target >= (int) pipeline->stages->len)
    {
      pd_sandbox_request_reply_error (request, 400, "ValidationException",
                                      "The %s transition of stage '%s' cannot be %s.",
                                      type, stage_name, enable ? "enabled" : "disabled");
      return;
    }

  stage = stage_at (pipeline, target);
  stage->inbound_enabled = enable;
  g_free (stage->disabled_reason);
  stage->disabled_reason = g_strdup (reason);
  g_free (stage->changed_by);
  stage->changed_by = g_strdup_printf ("arn:aws:iam::%s:user/%s",
                                       pd_sandbox_request_get_account_id (request),
                                       request->access_key_id);
  stage->changed_at = now_ms (pipeline);

  pd_sandbox_request_reply_empty (request);
  if (enable)
    wake_stage (pipeline, target);
}

static void
disable_stage_transition (PdSandboxRequest *request,
                          gpointer          data)
{
  change_transition (request, data, FALSE);
}

static void
enable_stage_transition (PdSandboxRequest *request,
                         gpointer          data)
{
  change_transition (request, data, TRUE);
}

/* Pipelines that fill a long list (benchmarks): three stages and a short
 * history each, named load-001, load-002… */
void
pd_sandbox_codepipeline_add_fillers (PdSandbox *sandbox,
                                     guint      count)
{
  CodePipeline *self = pd_sandbox_get_service_data (sandbox, "codepipeline");
  gint64 now = pd_sandbox_now_ms (sandbox);
  guint first;

  g_return_if_fail (self != NULL);

  first = self->pipelines->len;
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *name = g_strdup_printf ("load-%03u", first + i + 1);
      g_autofree char *build_project = g_strdup_printf ("%s-build", name);
      g_autofree char *deploy_project = g_strdup_printf ("%s-deploy", name);
      Pipeline *pipeline;
      Stage *stage;

      pipeline = add_pipeline (self, name, (ExecutionMode) (i % 3));
      stage = add_stage (pipeline, "Source");
      add_action (stage, "Source", KIND_SOURCE, 1, NULL, sandbox, 0, NULL);
      stage = add_stage (pipeline, "Build");
      add_action (stage, "Build", KIND_BUILD, 1, build_project, sandbox,
                  PD_SANDBOX_SCRIPT_GENERIC, "make build test");
      stage = add_stage (pipeline, "Deploy");
      add_action (stage, "Deploy", KIND_BUILD, 1, deploy_project, sandbox,
                  PD_SANDBOX_SCRIPT_DEPLOY_STAGING, "serverless deploy");
      for (guint r = 0; r < 3; r++)
        history_run (pipeline, now - (3 - r) * (2 + i % 7) * HOUR_MS, -1, NULL, 0, NULL);
    }
}

static const PdSandboxOperation codepipeline_operations[] = {
  { "ListPipelines", NULL, NULL, list_pipelines },
  { "GetPipeline", NULL, NULL, get_pipeline },
  { "GetPipelineState", NULL, NULL, get_pipeline_state },
  { "ListPipelineExecutions", NULL, NULL, list_pipeline_executions },
  { "GetPipelineExecution", NULL, NULL, get_pipeline_execution },
  { "ListActionExecutions", NULL, NULL, list_action_executions },
  { "StartPipelineExecution", NULL, NULL, start_pipeline_execution },
  { "StopPipelineExecution", NULL, NULL, stop_pipeline_execution },
  { "RetryStageExecution", NULL, NULL, retry_stage_execution },
  { "PutApprovalResult", NULL, NULL, put_approval_result },
  { "DisableStageTransition", NULL, NULL, disable_stage_transition },
  { "EnableStageTransition", NULL, NULL, enable_stage_transition },
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

  self->sandbox = sandbox;
  self->pipelines = g_ptr_array_new_with_free_func (pipeline_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  pd_sandbox_register_service (sandbox, &codepipeline_info, self, codepipeline_free);
  seed_world (self);
}
