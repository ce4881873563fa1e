/* pd-log-errors.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-log-errors.h"

/* The rules that mark a build log's error lines: CodeBuild's own lines
 * about a failed phase, and the lines the tools of a build print when they
 * fail. They read a line as the log store shows it (escape codes removed)
 * and run on every line of every page, on the store's worker thread, so
 * each is a fixed prefix after the line's leading blanks plus, at most, a
 * short check of what follows; the few without a prefix look at the
 * line's first word or its first bytes only. A rule that could match
 * ordinary prose ("0 errors", "error_handler.py") has none: each asks for
 * the tool's own punctuation. The first matching rule of the table wins. */

/* A line being matched, with what the rules without a prefix need worked
 * out once for all of them. */
typedef struct
{
  const char *start;          /* after the leading blanks */
  const char *end;
  const char *word;           /* the end of the first word */
  const char *location;       /* after `path:line[:col]: `, or NULL */
  const char *stamp;          /* after `[Container] DATE TIME ` */
  guint       word_done : 1;
  guint       location_done : 1;
  guint       location_column : 1;
  guint       stamp_done : 1;
} Line;

typedef gboolean (*RuleCheck) (const char *p,
                               const char *end,
                               Line       *line);

typedef struct
{
  PdLogErrorRule  rule;
  /* The line, after its leading blanks, starts with one of these; none:
   * the check runs on every line. */
  const char     *prefixes[5];
  /* Runs on what follows the prefix (or on the whole line); NULL: the
   * prefix is enough. */
  RuleCheck       check;
} RuleDef;

/* Helpers */

static const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

static gboolean
starts_with (const char *p,
             const char *end,
             const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && memcmp (p, prefix, n) == 0;
}

static const char *
skip_digits (const char *p,
             const char *end)
{
  while (p < end && g_ascii_isdigit (*p))
    p++;
  return p;
}

/* At a count of at least 1 ("3", not "0" or "00"). */
static const char *
skip_count (const char *p,
            const char *end)
{
  const char *q = skip_digits (p, end);

  for (const char *d = p; d < q; d++)
    if (*d != '0')
      return q;
  return NULL;
}

static gboolean
is_word_end (const char *p,
             const char *end)
{
  return p == end || !(g_ascii_isalnum (*p) || *p == '_');
}

static const char *
scan_limit (const char *p,
            const char *end)
{
  return end - p > PD_LOG_ERRORS_SCAN_MAX ? p + PD_LOG_ERRORS_SCAN_MAX : end;
}

/* The first @needle that ends before @limit. */
static const char *
find_before (const char *p,
             const char *limit,
             const char *needle)
{
  gsize n = strlen (needle);

  while ((gsize) (limit - p) >= n && (p = memchr (p, needle[0], limit - p - n + 1)) != NULL)
    {
      if (memcmp (p, needle, n) == 0)
        return p;
      p++;
    }
  return NULL;
}

static const char *
find_bounded (const char *p,
              const char *end,
              const char *needle)
{
  return find_before (p, scan_limit (p, end), needle);
}

/* A word, up to a blank, read no further than the scan limit. */
static const char *
word_end (const char *p,
          const char *end)
{
  const char *limit = scan_limit (p, end);
  const char *blank = memchr (p, ' ', limit - p);
  const char *tab;

  if (blank != NULL)
    limit = blank;
  tab = memchr (p, '\t', limit - p);
  return tab != NULL ? tab : limit;
}

static const char *
line_word (Line *line)
{
  if (!line->word_done)
    {
      line->word = word_end (line->start, line->end);
      line->word_done = TRUE;
    }
  return line->word;
}

/* CodeBuild: `[Container] 2023/11/26 12:00:00.123456 Phase complete: …`.
 * @p is past the prefix; the date and time are skipped. */
static const char *
line_after_stamp (Line       *line,
                  const char *p)
{
  if (!line->stamp_done)
    {
      while (p < line->end && g_ascii_isdigit (*p))
        {
          const char *blank = memchr (p, ' ', line->end - p);

          p = skip_blanks (blank != NULL ? blank : line->end, line->end);
        }
      line->stamp = p;
      line->stamp_done = TRUE;
    }
  return line->stamp;
}

/* A source location as linters and compilers print it, `path:line:col: ` or
 * `path:line: ` as the line's first word: the path has a dot (a file
 * name's extension), which keeps times such as `12:00:01:` out. Returns
 * what follows the blank, or NULL. */
static const char *
line_location (Line     *line,
               gboolean  need_column)
{
  if (!line->location_done)
    {
      const char *word = line_word (line);
      const char *colon = memchr (line->start, ':', word - line->start);
      const char *p, *q;

      line->location_done = TRUE;
      if (colon == NULL || colon == line->start
          || memchr (line->start, '.', colon - line->start) == NULL)
        return NULL;
      q = skip_digits (colon + 1, word);
      if (q == colon + 1 || q >= word || *q != ':')
        return NULL;
      p = q + 1;
      q = skip_digits (p, word);
      if (q > p && q < word && *q == ':')
        {
          p = q + 1;
          line->location_column = TRUE;
        }
      if (p != word || word >= line->end || *word != ' ')
        return NULL;
      line->location = word + 1;
    }
  return need_column && !line->location_column ? NULL : line->location;
}

/* CodeBuild */

static gboolean
check_phase_failed (const char *p,
                    const char *end,
                    Line       *line)
{
  static const char * const states[] = { "FAILED", "FAULT", "TIMED_OUT" };

  p = line_after_stamp (line, p);
  if (!starts_with (p, end, "Phase complete: "))
    return FALSE;
  p += strlen ("Phase complete: ");
  while (p < end && (g_ascii_isupper (*p) || *p == '_'))
    p++;
  if (!starts_with (p, end, " State: "))
    return FALSE;
  p += strlen (" State: ");
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (starts_with (p, end, states[i]) && is_word_end (p + strlen (states[i]), end))
      return TRUE;
  return FALSE;
}

static gboolean
check_phase_context (const char *p,
                     const char *end,
                     Line       *line)
{
  /* A phase that went well says "Phase context: status code:  Message: ". */
  p = line_after_stamp (line, p);
  if (!starts_with (p, end, "Phase context: "))
    return FALSE;
  p += strlen ("Phase context: ");
  return p < end && g_ascii_isupper (*p);
}

static gboolean
check_command_failed (const char *p,
                      const char *end,
                      Line       *line)
{
  p = line_after_stamp (line, p);
  return starts_with (p, end, "Command did not exit successfully");
}

/* Hypothesis, pytest, unittest */

static gboolean
check_falsifying (const char *p,
                  const char *end,
                  Line       *line)
{
  return starts_with (p, end, "example") || starts_with (p, end, "explicit example");
}

static gboolean
check_falsifying_note (const char *p,
                       const char *end,
                       Line       *line)
{
  /* Hypothesis on Python 3.11 adds the example to the exception's notes,
   * which pytest prints as `E` lines. */
  p = skip_blanks (p, end);
  return starts_with (p, end, "Falsifying ")
         && check_falsifying (p + strlen ("Falsifying "), end, line);
}

/* A pytest node ID (`test/unit/test_x.py::test_y[1]`) or test file. */
static gboolean
is_test_id (const char *p,
            const char *end,
            Line       *line)
{
  const char *w = word_end (p, end);

  if (w - p >= 4 && memcmp (w - 3, ".py", 3) == 0)
    return TRUE;
  for (const char *q = p; q + 1 < w; q++)
    if (q[0] == ':' && q[1] == ':')
      return TRUE;
  return FALSE;
}

static gboolean
check_pytest_verbose (const char *p,
                      const char *end,
                      Line       *line)
{
  const char *w = line_word (line);
  const char *q = p;

  /* A node ID, `path::test`, as the first word. */
  while ((q = memchr (q, ':', w - q)) != NULL && q + 1 < w && q[1] != ':')
    q++;
  if (q == NULL || q + 1 >= w)
    return FALSE;
  p = skip_blanks (w, end);
  return (starts_with (p, end, "FAILED") && is_word_end (p + 6, end))
         || (starts_with (p, end, "ERROR") && is_word_end (p + 5, end));
}

static gboolean
check_pytest_assertion (const char *p,
                        const char *end,
                        Line       *line)
{
  /* `E` then at least three spaces, then the text. */
  const char *q = p;

  while (q < end && *q == ' ')
    q++;
  return q - p >= 2 && q < end;
}

static gboolean
check_pytest_summary (const char *p,
                      const char *end,
                      Line       *line)
{
  static const char * const words[] = { " failed", " error" };

  /* `===== 1 failed, 41 passed in 38.12s =====`: a banner with a count. */
  if (!starts_with (p, end, "=="))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      const char *hit = find_bounded (p, end, words[i]);

      if (hit != NULL)
        {
          const char *digits = hit;

          while (digits > p && g_ascii_isdigit (digits[-1]))
            digits--;
          if (digits < hit && digits > p && digits[-1] == ' ' && skip_count (digits, hit) == hit)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
check_unittest_test (const char *p,
                     const char *end,
                     Line       *line)
{
  /* `FAIL: test_update (test.unit.test_update.UpdateTest)` */
  const char *q = p;

  if (q >= end || !(g_ascii_isalpha (*q) || *q == '_'))
    return FALSE;
  while (q < end && (g_ascii_isalnum (*q) || *q == '_'))
    q++;
  return starts_with (q, end, " (");
}

static gboolean
check_unittest_summary (const char *p,
                        const char *end,
                        Line       *line)
{
  return starts_with (p, end, "failures=") || starts_with (p, end, "errors=");
}

/* Linters and compilers */

static gboolean
check_pylint (const char *p,
              const char *end,
              Line       *line)
{
  /* `src/db.py:42:0: C0301: Line too long (101/100) (line-too-long)` */
  p = line_location (line, TRUE);
  return p != NULL && end - p >= 6 && (*p == 'C' || *p == 'R' || *p == 'W' || *p == 'E'
                                       || *p == 'F')
         && skip_digits (p + 1, end) == p + 5 && p[5] == ':';
}

static gboolean
check_flake8 (const char *p,
              const char *end,
              Line       *line)
{
  /* `src/db.py:88:101: E501 line too long (104 > 100 characters)` */
  const char *q;

  p = line_location (line, TRUE);
  if (p == NULL)
    return FALSE;
  q = p;
  while (q < end && g_ascii_isupper (*q) && q - p < 4)
    q++;
  if (q == p)
    return FALSE;
  p = q;
  q = skip_digits (p, end);
  return q > p && q - p <= 4 && (q == end || *q == ' ');
}

static gboolean
check_location_error (const char *p,
                      const char *end,
                      Line       *line)
{
  /* mypy, gcc, Go tests: `src/x.py:12: error: …`, `infra_test.go:54: Error: …` */
  p = line_location (line, FALSE);
  if (p == NULL)
    return FALSE;
  return starts_with (p, end, "error:") || starts_with (p, end, "Error:")
         || starts_with (p, end, "fatal error:");
}

/* Snyk */

static gboolean
check_snyk_issue (const char *p,
                  const char *end,
                  Line       *line)
{
  /* `✗ Regular Expression Denial of Service (ReDoS) [High Severity][…] in …`,
   * `✗ High severity vulnerability found in minimist`, `✗ [High] Path
   * Traversal` (snyk code). */
  return starts_with (p, end, "[") || find_bounded (p, end, "everity") != NULL;
}

static gboolean
check_snyk_summary (const char *p,
                    const char *end,
                    Line       *line)
{
  /* `Tested 31 dependencies for known issues, found 1 issue, 1 vulnerable
   * path.` or `Tested 5 projects, 2 contained vulnerable paths.` */
  const char *q = skip_digits (p, end);

  if (q == p)
    return FALSE;
  if (starts_with (q, end, " dependencies for known issues, found "))
    {
      p = q + strlen (" dependencies for known issues, found ");
      q = skip_count (p, end);
      return q != NULL && q > p && starts_with (q, end, " issue");
    }
  if (starts_with (q, end, " projects, "))
    {
      p = q + strlen (" projects, ");
      q = skip_count (p, end);
      return q != NULL && q > p && starts_with (q, end, " contained vulnerable path");
    }
  return FALSE;
}

/* CloudFormation, through the Serverless Framework, SAM or the CDK */

static gboolean
check_stack_failed (const char *p,
                    const char *end,
                    Line       *line)
{
  static const char * const operations[] = { "CREATE", "UPDATE", "DELETE", "IMPORT", "ROLLBACK" };
  const char *limit = scan_limit (p, end);
  const char *hit = p;

  /* `UPDATE_FAILED: CreateTodoLambdaFunction (AWS::Lambda::Function)`,
   * `12:00:00 PM | UPDATE_ROLLBACK_FAILED | AWS::CloudFormation::Stack | …` */
  while ((hit = find_before (hit, limit, "_FAILED")) != NULL)
    {
      if (is_word_end (hit + strlen ("_FAILED"), end))
        for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
          {
            gsize n = strlen (operations[i]);

            if ((gsize) (hit - p) >= n && memcmp (hit - n, operations[i], n) == 0
                && (hit - n == p || !(g_ascii_isalnum (hit[-n - 1]))))
              return TRUE;
          }
      hit++;
    }
  return FALSE;
}

/* Go, make */

static gboolean
check_go_package (const char *p,
                  const char *end,
                  Line       *line)
{
  /* `FAIL` alone, or `FAIL\tgithub.com/todo-list/infra/test\t18.112s` */
  return p == end || *p == '\t';
}

static gboolean
check_make (const char *p,
            const char *end,
            Line       *line)
{
  /* `make: *** [Makefile:12: test] Error 1`, `make[2]: *** …` */
  if (starts_with (p, end, "["))
    {
      const char *q = skip_digits (p + 1, end);

      if (q == p + 1 || !starts_with (q, end, "]"))
        return FALSE;
      p = q + 1;
    }
  return starts_with (p, end, ": *** ");
}

static gboolean
check_word_ends (const char *p,
                 const char *end,
                 Line       *line)
{
  return p == end || *p == ' ' || *p == '\t';
}

/* The table: the one place where error lines are defined. */
static const RuleDef rules[] = {
  /* CodeBuild, around the tools' own lines. */
  { { "codebuild-phase-failed", "CodeBuild", PD_LOG_ERROR_RANK_CONTEXT,
      PD_LOG_ERROR_ENDS_FAILED_PHASE,
      "[Container] 2023/11/26 12:00:09.518323 Phase complete: BUILD State: FAILED" },
    { "[Container] " }, check_phase_failed },
  { { "codebuild-phase-context", "CodeBuild", PD_LOG_ERROR_RANK_CONTEXT, PD_LOG_ERROR_NONE,
      "[Container] 2023/11/26 12:00:09.518340 Phase context: COMMAND_EXECUTION_ERROR: Error "
      "while executing command: pytest. Reason: exit status 1" },
    { "[Container] " }, check_phase_context },
  { { "codebuild-command-failed", "CodeBuild", PD_LOG_ERROR_RANK_CONTEXT, PD_LOG_ERROR_NONE,
      "[Container] 2023/11/26 12:00:09.486201 Command did not exit successfully pytest exit "
      "status 1" },
    { "[Container] " }, check_command_failed },

  /* Hypothesis and Python. */
  { { "hypothesis-falsifying", "Hypothesis", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "Falsifying example: test_update_keeps_other_fields(" },
    { "Falsifying " }, check_falsifying },
  { { "hypothesis-falsifying-note", "Hypothesis", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "E   Falsifying example: test_roundtrip(" },
    { "E " }, check_falsifying_note },
  { { "python-traceback", "Python", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "Traceback (most recent call last):" },
    { "Traceback (most recent call last)" }, NULL },

  /* pytest and unittest. */
  { { "pytest-failed", "pytest", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "FAILED test/unit/test_update.py::test_update_keeps_other_fields - AssertionError: "
      "assert None == False" },
    { "FAILED " }, is_test_id },
  { { "pytest-error", "pytest", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "ERROR test/unit/test_db.py::test_connect - botocore.exceptions.NoCredentialsError: "
      "Unable to locate credentials" },
    { "ERROR " }, is_test_id },
  { { "unittest-failed", "unittest", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "FAIL: test_update (test.unit.test_update.UpdateTest.test_update)" },
    { "FAIL: ", "ERROR: " }, check_unittest_test },
  { { "unittest-summary", "unittest", PD_LOG_ERROR_RANK_DETAIL, PD_LOG_ERROR_NONE,
      "FAILED (failures=1, errors=1)" },
    { "FAILED (" }, check_unittest_summary },
  { { "pytest-assertion", "pytest", PD_LOG_ERROR_RANK_DETAIL, PD_LOG_ERROR_NONE,
      "E   AssertionError: assert None == False" },
    { "E " }, check_pytest_assertion },
  { { "pytest-summary", "pytest", PD_LOG_ERROR_RANK_DETAIL, PD_LOG_ERROR_NONE,
      "========================= 1 failed, 41 passed in 38.12s =========================" },
    { "==" }, check_pytest_summary },
  { { "pytest-verbose", "pytest", PD_LOG_ERROR_RANK_DETAIL, PD_LOG_ERROR_NONE,
      "test/unit/test_update.py::test_update_keeps_other_fields FAILED                [ 57%]" },
    { NULL }, check_pytest_verbose },

  /* Linters and compilers: `path:line:col: …`. */
  { { "pylint-message", "pylint", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "src/todos/db.py:12:0: C0114: Missing module docstring (missing-module-docstring)" },
    { NULL }, check_pylint },
  { { "flake8-finding", "flake8", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "./src/db.py:88:101: E501 line too long (104 > 100 characters)" },
    { NULL }, check_flake8 },
  { { "location-error", NULL, PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "src/todos/handler.py:41: error: Incompatible return value type (got \"None\", expected "
      "\"dict[str, Any]\")  [return-value]" },
    { NULL }, check_location_error },

  /* Snyk. */
  { { "snyk-issue", "Snyk", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "✗ Regular Expression Denial of Service (ReDoS) [High Severity]"
      "[https://security.snyk.io/vuln/SNYK-PYTHON-URLLIB3-1533435] in urllib3@1.26.4" },
    { "✗ " }, check_snyk_issue },
  { { "snyk-summary", "Snyk", PD_LOG_ERROR_RANK_DETAIL, PD_LOG_ERROR_NONE,
      "Tested 31 dependencies for known issues, found 2 issues, 3 vulnerable paths." },
    { "Tested " }, check_snyk_summary },

  /* Terraform, in its box. */
  { { "terraform-error", "Terraform", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "│ Error: creating Lambda Function (todo-list-aws-create): InvalidParameterValueException: "
      "The role defined for the function cannot be assumed by Lambda." },
    { "│ Error: " }, NULL },

  /* The Serverless Framework and CloudFormation. */
  { { "serverless-failed", "Serverless", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "✖ Stack todo-list-aws-staging failed to deploy (41s)" },
    { "✖ " }, NULL },
  { { "serverless-error", "Serverless", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "  Serverless Error ----------------------------------------" },
    { "Serverless Error " }, NULL },
  { { "serverless-test-failed", "Serverless", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "   failed - PUT todos/{id}" },
    { "failed - " }, NULL },
  { { "cloudformation-failed", "CloudFormation", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "UPDATE_FAILED: CreateTodoLambdaFunction (AWS::Lambda::Function)" },
    { NULL }, check_stack_failed },

  /* Go. */
  { { "go-test-failed", "Go", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "--- FAIL: TestTodoListInfra (18.06s)" },
    { "--- FAIL: " }, NULL },
  { { "go-package-failed", "Go", PD_LOG_ERROR_RANK_DETAIL, PD_LOG_ERROR_NONE,
      "FAIL\tgithub.com/todo-list/infra/test\t18.112s" },
    { "FAIL" }, check_go_package },
  { { "go-panic", "Go", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "panic: runtime error: invalid memory address or nil pointer dereference" },
    { "panic: " }, NULL },

  /* Build tools and clients. */
  { { "make-error", "make", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "make: *** [Makefile:12: test] Error 1" },
    { "make" }, check_make },
  { { "npm-error", "npm", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "npm ERR! code ELIFECYCLE" },
    { "npm ERR! ", "npm error " }, NULL },
  { { "maven-error", "Maven", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.2:test "
      "(default-test) on project api: There are test failures." },
    { "[ERROR] " }, NULL },
  { { "aws-cli-error", "AWS CLI", PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "An error occurred (AccessDenied) when calling the PutObject operation: Access Denied" },
    { "An error occurred (" }, NULL },

  /* What any tool may print (pip, Node, older Terraform, git). */
  { { "error-line", NULL, PD_LOG_ERROR_RANK_HEADLINE, PD_LOG_ERROR_NONE,
      "ERROR: No matching distribution found for requests==9.9.9" },
    { "Error:", "ERROR:", "error:", "fatal:" }, check_word_ends },
};

/* Which rules may match a line, by the first byte after its blanks: those
 * with a prefix starting with it, and those without a prefix, in table
 * order. */
static guint8 *buckets[256];
static guint8 bucket_len[256];
static guint8 prefix_len[G_N_ELEMENTS (rules)][G_N_ELEMENTS (rules[0].prefixes)];

G_STATIC_ASSERT (G_N_ELEMENTS (rules) < G_MAXUINT8);

static void
init_buckets (void)
{
  static gsize initialized = 0;

  if (!g_once_init_enter (&initialized))
    return;
  for (guint c = 0; c < 256; c++)
    {
      guint8 list[G_N_ELEMENTS (rules)];
      guint8 n = 0;

      for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
        {
          gboolean fits = rules[r].prefixes[0] == NULL;

          for (guint k = 0; !fits && rules[r].prefixes[k] != NULL; k++)
            fits = (guchar) rules[r].prefixes[k][0] == c;
          if (fits)
            list[n++] = (guint8) r;
        }
      buckets[c] = n > 0 ? g_memdup2 (list, n) : NULL;
      bucket_len[c] = n;
    }
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    for (guint k = 0; rules[r].prefixes[k] != NULL; k++)
      prefix_len[r][k] = (guint8) strlen (rules[r].prefixes[k]);
  g_once_init_leave (&initialized, 1);
}

/**
 * pd_log_errors_match:
 * @text: a line as the log store shows it (valid UTF-8, no escape codes)
 * @length: its length in bytes, or -1 if it ends with a NUL
 *
 * Finds the first rule that marks the line as an error line. A `\r` at
 * its end is ignored.
 *
 * Returns: the rule (see pd_log_errors_get_rule()), or 0 if the line is no
 *   error line
 */
guint
pd_log_errors_match (const char *text,
                     gssize      length)
{
  Line line = { 0, };
  const char *p, *end;
  guint c;

  g_return_val_if_fail (text != NULL || length == 0, 0);

  if (length < 0)
    length = (gssize) strlen (text);
  end = text + length;
  if (end > text && end[-1] == '\r')
    end--;
  p = skip_blanks (text, end);
  if (p == end)
    return 0;

  init_buckets ();
  line.start = p;
  line.end = end;
  c = (guchar) *p;
  for (guint i = 0; i < bucket_len[c]; i++)
    {
      guint r = buckets[c][i];
      const RuleDef *def = &rules[r];

      if (def->prefixes[0] == NULL)
        {
          if (def->check (p, end, &line))
            return r + 1;
          continue;
        }
      for (guint k = 0; def->prefixes[k] != NULL; k++)
        if ((gsize) (end - p) >= prefix_len[r][k]
            && memcmp (p, def->prefixes[k], prefix_len[r][k]) == 0
            && (def->check == NULL || def->check (p + prefix_len[r][k], end, &line)))
          return r + 1;
    }
  return 0;
}

/**
 * pd_log_errors_get_n_rules:
 *
 * Returns: how many rules there are; they are numbered from 1
 */
guint
pd_log_errors_get_n_rules (void)
{
  return G_N_ELEMENTS (rules);
}

/**
 * pd_log_errors_get_rule:
 * @rule: a rule number, from 1 to pd_log_errors_get_n_rules()
 *
 * Returns: (transfer none) (nullable): the rule, or %NULL for 0 or a number
 *   past the last
 */
const PdLogErrorRule *
pd_log_errors_get_rule (guint rule)
{
  if (rule == 0 || rule > G_N_ELEMENTS (rules))
    return NULL;
  return &rules[rule - 1].rule;
}
