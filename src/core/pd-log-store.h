/* pd-log-store.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-logs.h"
#include "pd-log-errors.h"

G_BEGIN_DECLS

/**
 * PD_LOG_STORE_DISPLAY_MAX:
 *
 * Lines longer than this many bytes are cut for display; their full text
 * stays available through pd_log_store_dup_line_text().
 */
#define PD_LOG_STORE_DISPLAY_MAX 8192

/**
 * PdLogAttrFlags:
 * @PD_LOG_ATTR_BOLD: bold (SGR 1)
 * @PD_LOG_ATTR_DIM: faint (SGR 2)
 * @PD_LOG_ATTR_ITALIC: italic (SGR 3)
 * @PD_LOG_ATTR_UNDERLINE: underlined (SGR 4)
 * @PD_LOG_ATTR_INVERSE: reversed colours (SGR 7)
 * @PD_LOG_ATTR_CONTROL: a control character or an invalid byte made visible
 *
 * Text attributes of a run.
 */
typedef enum
{
  PD_LOG_ATTR_BOLD      = 1 << 0,
  PD_LOG_ATTR_DIM       = 1 << 1,
  PD_LOG_ATTR_ITALIC    = 1 << 2,
  PD_LOG_ATTR_UNDERLINE = 1 << 3,
  PD_LOG_ATTR_INVERSE   = 1 << 4,
  PD_LOG_ATTR_CONTROL   = 1 << 5,
} PdLogAttrFlags;

/**
 * PD_LOG_COLOR_RGB:
 *
 * Set in a #PdLogAttr colour when the low 24 bits are an RGB value rather
 * than a palette index.
 */
#define PD_LOG_COLOR_RGB 0x80000000u

/**
 * PdLogAttr:
 * @start: the first byte of the run in the line's text
 * @end: the byte after the run
 * @fg: 0 for the default colour, a palette index + 1 (1-256), or
 *   %PD_LOG_COLOR_RGB | 0xRRGGBB
 * @bg: the background, coded as @fg
 * @flags: #PdLogAttrFlags
 *
 * An attribute run of a line, from its ANSI SGR codes.
 */
typedef struct
{
  guint32 start;
  guint32 end;
  guint32 fg;
  guint32 bg;
  guint32 flags;
} PdLogAttr;

/**
 * PdLogFindFlags:
 * @PD_LOG_FIND_NONE: a case-insensitive search for a fixed string
 * @PD_LOG_FIND_CASE_SENSITIVE: match case
 * @PD_LOG_FIND_REGEX: the query is a Perl-compatible regular expression
 *
 * How pd_log_store_find_async() reads its query.
 */
typedef enum
{
  PD_LOG_FIND_NONE           = 0,
  PD_LOG_FIND_CASE_SENSITIVE = 1 << 0,
  PD_LOG_FIND_REGEX          = 1 << 1,
} PdLogFindFlags;

/**
 * PdLogMatch:
 * @line_id: the stable ID of the matching line (see
 *   pd_log_store_get_line_for_id())
 * @start: the first byte of the match in the line's full text
 * @length: the match length in bytes
 *
 * One match of a find.
 */
typedef struct
{
  gint64  line_id;
  guint32 start;
  guint32 length;
} PdLogMatch;

/**
 * PdLogErrorTarget:
 * @PD_LOG_ERROR_TARGET_NONE: no line is loaded
 * @PD_LOG_ERROR_TARGET_TAIL: no error line in the failed phase: the last
 *   line
 * @PD_LOG_ERROR_TARGET_CODEBUILD: CodeBuild's own line about the failure
 *   (COMMAND_EXECUTION_ERROR, "Phase complete: BUILD State: FAILED")
 * @PD_LOG_ERROR_TARGET_TOOL: a line of the tool that failed
 *
 * What pd_log_store_get_first_error() found.
 */
typedef enum
{
  PD_LOG_ERROR_TARGET_NONE,
  PD_LOG_ERROR_TARGET_TAIL,
  PD_LOG_ERROR_TARGET_CODEBUILD,
  PD_LOG_ERROR_TARGET_TOOL,
} PdLogErrorTarget;

typedef struct _PdLogMatches PdLogMatches;

#define PD_TYPE_LOG_MATCHES (pd_log_matches_get_type ())

GType             pd_log_matches_get_type        (void) G_GNUC_CONST;
PdLogMatches     *pd_log_matches_ref             (PdLogMatches   *self);
void              pd_log_matches_unref           (PdLogMatches   *self);
guint             pd_log_matches_get_n_matches   (PdLogMatches   *self);
guint             pd_log_matches_get_n_lines     (PdLogMatches   *self);
const PdLogMatch *pd_log_matches_get             (PdLogMatches   *self,
                                                  guint           index);
guint             pd_log_matches_find_near       (PdLogMatches   *self,
                                                  gint64          line_id,
                                                  gboolean        forward);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLogMatches, pd_log_matches_unref)

#define PD_TYPE_LOG_LINE (pd_log_line_get_type ())

G_DECLARE_FINAL_TYPE (PdLogLine, pd_log_line, PD, LOG_LINE, GObject)

guint             pd_log_line_get_number         (PdLogLine      *self);
gint64            pd_log_line_get_id             (PdLogLine      *self);
const char       *pd_log_line_get_text           (PdLogLine      *self);
gint64            pd_log_line_get_timestamp      (PdLogLine      *self);
gboolean          pd_log_line_get_cut            (PdLogLine      *self);
guint             pd_log_line_get_error_rule     (PdLogLine      *self);
const PdLogAttr  *pd_log_line_get_attrs          (PdLogLine      *self,
                                                  guint          *n_attrs);

#define PD_TYPE_LOG_PHASE (pd_log_phase_get_type ())

G_DECLARE_FINAL_TYPE (PdLogPhase, pd_log_phase, PD, LOG_PHASE, GObject)

const char       *pd_log_phase_get_name          (PdLogPhase     *self);
PdAwsBuildStatus  pd_log_phase_get_status        (PdLogPhase     *self);
gint64            pd_log_phase_get_duration      (PdLogPhase     *self);
gint64            pd_log_phase_get_first_line_id (PdLogPhase     *self);

#define PD_TYPE_LOG_STORE (pd_log_store_get_type ())

G_DECLARE_FINAL_TYPE (PdLogStore, pd_log_store, PD, LOG_STORE, GObject)

PdLogStore       *pd_log_store_new               (void);
guint             pd_log_store_get_n_lines       (PdLogStore     *self);
guint64           pd_log_store_get_n_bytes       (PdLogStore     *self);
gint64            pd_log_store_get_line_id       (PdLogStore     *self,
                                                  guint           line);
gboolean          pd_log_store_get_line_for_id   (PdLogStore     *self,
                                                  gint64          line_id,
                                                  guint          *line);
char             *pd_log_store_dup_line_text     (PdLogStore     *self,
                                                  guint           line,
                                                  gsize          *length);
gint64            pd_log_store_get_line_timestamp (PdLogStore    *self,
                                                  guint           line);
GListModel       *pd_log_store_get_phases        (PdLogStore     *self);
void              pd_log_store_set_build_phases  (PdLogStore     *self,
                                                  GArray         *phases);
void              pd_log_store_clear             (PdLogStore     *self);

guint             pd_log_store_get_n_errors      (PdLogStore     *self);
gint64            pd_log_store_get_error         (PdLogStore     *self,
                                                  guint           index,
                                                  guint          *rule);
guint             pd_log_store_find_error_near   (PdLogStore     *self,
                                                  gint64          line_id,
                                                  gboolean        forward);
guint             pd_log_store_get_line_error    (PdLogStore     *self,
                                                  guint           line);
PdLogErrorTarget  pd_log_store_get_first_error   (PdLogStore     *self,
                                                  gint64         *line_id);

void              pd_log_store_add_page_async    (PdLogStore     *self,
                                                  PdAwsLogPage   *page,
                                                  gboolean        prepend,
                                                  GCancellable   *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer        user_data);
guint             pd_log_store_add_page_finish   (PdLogStore     *self,
                                                  GAsyncResult   *result,
                                                  GError        **error);

void              pd_log_store_find_async        (PdLogStore     *self,
                                                  const char     *query,
                                                  PdLogFindFlags  flags,
                                                  GCancellable   *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer        user_data);
PdLogMatches     *pd_log_store_find_finish       (PdLogStore     *self,
                                                  GAsyncResult   *result,
                                                  GError        **error);

gboolean          pd_log_store_write             (PdLogStore     *self,
                                                  GOutputStream  *stream,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
void              pd_log_store_save_async        (PdLogStore     *self,
                                                  GFile          *file,
                                                  GCancellable   *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer        user_data);
gboolean          pd_log_store_save_finish       (PdLogStore     *self,
                                                  GAsyncResult   *result,
                                                  GError        **error);

G_END_DECLS
