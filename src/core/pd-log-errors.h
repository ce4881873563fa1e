/* pd-log-errors.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * PdLogErrorRank:
 * @PD_LOG_ERROR_RANK_CONTEXT: CodeBuild's own line around a failed command
 *   ("Phase complete: BUILD State: FAILED", COMMAND_EXECUTION_ERROR)
 * @PD_LOG_ERROR_RANK_DETAIL: a tool's line that explains a failure (a pytest
 *   `E` line, a count of issues)
 * @PD_LOG_ERROR_RANK_HEADLINE: a tool's line that says what failed (a
 *   falsifying example, a flake8 finding, a Snyk issue)
 *
 * How much an error line says: the first error of a failed phase is its
 * first line of the highest rank.
 */
typedef enum
{
  PD_LOG_ERROR_RANK_CONTEXT = 1,
  PD_LOG_ERROR_RANK_DETAIL,
  PD_LOG_ERROR_RANK_HEADLINE,
} PdLogErrorRank;

/**
 * PdLogErrorFlags:
 * @PD_LOG_ERROR_NONE: nothing special
 * @PD_LOG_ERROR_ENDS_FAILED_PHASE: the line ends a failed CodeBuild phase
 *
 * What else a rule's line means.
 */
typedef enum
{
  PD_LOG_ERROR_NONE              = 0,
  PD_LOG_ERROR_ENDS_FAILED_PHASE = 1 << 0,
} PdLogErrorFlags;

/**
 * PdLogErrorRule:
 * @name: a stable name (`pytest-failed`)
 * @kind: (nullable): the tool whose line it is, for display (`pytest`,
 *   `CodeBuild`), or %NULL for a line any tool may print (`Error: …`)
 * @rank: #PdLogErrorRank
 * @flags: #PdLogErrorFlags
 * @example: a line of real output that the rule marks
 *
 * One rule of the table that marks error lines.
 */
typedef struct
{
  const char      *name;
  const char      *kind;
  PdLogErrorRank   rank;
  PdLogErrorFlags  flags;
  const char      *example;
} PdLogErrorRule;

/**
 * PD_LOG_ERRORS_SCAN_MAX:
 *
 * Rules that look inside a line rather than at its start read at most this
 * many bytes of it, so that a huge line costs no more than a short one.
 */
#define PD_LOG_ERRORS_SCAN_MAX 1024

guint                 pd_log_errors_match       (const char *text,
                                                 gssize      length);
guint                 pd_log_errors_get_n_rules (void);
const PdLogErrorRule *pd_log_errors_get_rule    (guint       rule);

G_END_DECLS
