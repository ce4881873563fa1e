/* pd-sandbox-cicd-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-sandbox-private.h"

G_BEGIN_DECLS

/* What CodePipeline, CodeBuild, CodeCommit and CloudWatch Logs share. */

/* CloudWatch Logs store. A stream is an append-only sequence of events in
 * timestamp order. Its events are either appended one by one, or produced
 * on demand by a source (a build's script, a generated long log), of which
 * only the events ingested by `now` are visible. */
typedef struct
{
  gint64  timestamp;
  gint64  ingestion_time;
  char   *message;
} PdSandboxLogEvent;

typedef struct
{
  /* Number of events visible at simulated time @now_ms. */
  guint64 (*count) (gpointer  data,
                    gint64    now_ms);
  /* Fills event @index (message appended to @message). */
  void    (*get)   (gpointer  data,
                    guint64   index,
                    gint64   *timestamp,
                    gint64   *ingestion_time,
                    GString  *message);
} PdSandboxLogSource;

void     pd_sandbox_logs_append      (PdSandbox                *sandbox,
                                      const char               *group,
                                      const char               *stream,
                                      gint64                    timestamp,
                                      const char               *message);
/* Build log lines become readable @lag_ms of simulated time after they are
 * written, as CloudWatch ingests them: the build may be over before its last
 * lines can be read. */
void     pd_sandbox_logs_set_ingestion_lag (PdSandbox *sandbox,
                                            gint64     lag_ms);
void     pd_sandbox_logs_add_source  (PdSandbox                *sandbox,
                                      const char               *group,
                                      const char               *stream,
                                      gint64                    creation_time,
                                      const PdSandboxLogSource *source,
                                      gpointer                  data);

/* CodeCommit. */
typedef struct
{
  char   *commit_id;
  char   *tree_id;
  char   *parent_id;
  char   *message;
  char   *author;
  char   *email;
  gint64  time_ms;
} PdSandboxCommit;

PdSandboxCommit *pd_sandbox_codecommit_commit_for_run (PdSandbox  *sandbox,
                                                             const char *repository,
                                                             guint       run_number);

/* CodeBuild. The kind of a project decides what its builds print. */
typedef enum
{
  PD_SANDBOX_SCRIPT_PACKAGE,
  PD_SANDBOX_SCRIPT_UNIT_TESTS,
  PD_SANDBOX_SCRIPT_QUALITY,
  PD_SANDBOX_SCRIPT_SECURITY,
  PD_SANDBOX_SCRIPT_DEPLOY_STAGING,
  PD_SANDBOX_SCRIPT_INTEGRATION,
  PD_SANDBOX_SCRIPT_DEPLOY_PRODUCTION,
  PD_SANDBOX_SCRIPT_TERRAFORM_PLAN,
  PD_SANDBOX_SCRIPT_TERRAFORM_APPLY,
  PD_SANDBOX_SCRIPT_TERRATEST,
  PD_SANDBOX_SCRIPT_GENERIC,
} PdSandboxScript;

typedef struct _PdSandboxBuild PdSandboxBuild;

typedef void (*PdSandboxBuildDone) (PdSandboxBuild *build,
                                    gboolean        succeeded,
                                    gpointer        data);

void            pd_sandbox_codebuild_add_project (PdSandbox          *sandbox,
                                                  const char         *name,
                                                  const char         *description,
                                                  PdSandboxScript     script);
/* Starts a build at simulated time @start_ms (in the past for the seeded
 * history). @done is called when it ends, unless it ended before now. */
PdSandboxBuild *pd_sandbox_codebuild_start       (PdSandbox          *sandbox,
                                                  const char         *project,
                                                  const char         *source_version,
                                                  const char         *initiator,
                                                  gboolean            fails,
                                                  gint64              start_ms,
                                                  guint64             log_lines,
                                                  PdSandboxBuildDone  done,
                                                  gpointer            data);
void            pd_sandbox_codebuild_stop        (PdSandbox          *sandbox,
                                                  PdSandboxBuild     *build);
const char     *pd_sandbox_build_get_id          (PdSandboxBuild     *build);
gint64          pd_sandbox_build_get_end_ms      (PdSandboxBuild     *build);
const char     *pd_sandbox_build_get_summary     (PdSandboxBuild     *build);

/* Builds the lines a project of @script prints; @fails makes it end with
 * the failure of its kind (a Hypothesis falsifying example, a Snyk
 * medium-severity issue…). Offsets are milliseconds from the build start;
 * @phase_ends receives the end offset of each CodeBuild phase. */
typedef struct
{
  gint64  offset_ms;
  char   *text;
} PdSandboxScriptLine;

#define PD_SANDBOX_N_PHASES 11

extern const char * const pd_sandbox_phase_names[PD_SANDBOX_N_PHASES];

GArray *pd_sandbox_build_script (PdSandboxScript  script,
                                 gboolean         fails,
                                 guint32          seed,
                                 gint64           start_ms,
                                 gint64          *phase_ends,
                                 int             *failed_phase,
                                 const char     **summary);
char   *pd_sandbox_long_log_line (guint64         index);

/* CodePipeline: which run fails, so tests can predict it. Run numbers
 * count a pipeline's executions from 1 in start order, the seeded history
 * included. Returns the name of the action whose first attempt fails in
 * that run, or NULL if the run succeeds. */
const char *pd_sandbox_codepipeline_failing_action (guint32     seed,
                                                    const char *pipeline,
                                                    guint       run_number);
guint       pd_sandbox_codepipeline_history_length (const char *pipeline);
void        pd_sandbox_codepipeline_add_fillers    (PdSandbox  *sandbox,
                                                    guint       count);

G_END_DECLS
