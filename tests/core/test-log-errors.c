/* test-log-errors.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-logs.h"
#include "pd-log-errors.h"
#include "pd-log-loader.h"
#include "pd-log-store.h"
#include "pd-sandbox-cicd-private.h"
#include "pd-test-sandbox.h"
#include "pd-test-utils.h"

/* The rules that mark error lines, on hand-made lines in each tool's real
 * format and on prose that only mentions errors; the first error of a
 * failed phase, loaded head first and tail first; and both on the logs the
 * sandbox writes for every failing tool, parsed by the store and loaded
 * over HTTP. */

static const char *
rule_name (guint rule)
{
  const PdLogErrorRule *found = pd_log_errors_get_rule (rule);

  return found != NULL ? found->name : "(none)";
}

static void
assert_rule (const char *line,
             const char *expected)
{
  const char *got = rule_name (pd_log_errors_match (line, -1));

  if (g_strcmp0 (got, expected) != 0)
    g_error ("“%s”: rule %s, expected %s", line, got, expected);
}

static void
test_examples (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = pd_log_errors_get_n_rules ();

  g_assert_cmpuint (n, >, 20);
  g_assert_null (pd_log_errors_get_rule (0));
  g_assert_null (pd_log_errors_get_rule (n + 1));
  /* Each rule marks its own example, and no earlier rule takes it. */
  for (guint rule = 1; rule <= n; rule++)
    {
      const PdLogErrorRule *def = pd_log_errors_get_rule (rule);

      g_assert_nonnull (def->name);
      g_assert_true (g_hash_table_add (names, (gpointer) def->name));
      g_assert_true (def->rank >= PD_LOG_ERROR_RANK_CONTEXT
                     && def->rank <= PD_LOG_ERROR_RANK_HEADLINE);
      g_assert_true (g_utf8_validate (def->example, -1, NULL));
      assert_rule (def->example, def->name);
      /* CodeBuild's lines are context, the tools' are not. */
      g_assert_true ((g_strcmp0 (def->kind, "CodeBuild") == 0)
                     == (def->rank == PD_LOG_ERROR_RANK_CONTEXT));
    }
  g_assert_true (pd_log_errors_get_rule (1)->flags & PD_LOG_ERROR_ENDS_FAILED_PHASE);
}

static void
test_real_formats (void)
{
  static const struct
  {
    const char *line;
    const char *rule;
  } cases[] = {
    /* CodeBuild, with and without fractions of a second. */
    { "[Container] 2026/11/26 12:01:40 Phase complete: BUILD State: FAILED",
      "codebuild-phase-failed" },
    { "[Container] 2023/03/01 09:12:44.301922 Phase complete: POST_BUILD State: FAILED",
      "codebuild-phase-failed" },
    { "[Container] 2023/03/01 09:12:44.301922 Phase complete: BUILD State: TIMED_OUT",
      "codebuild-phase-failed" },
    { "[Container] 2023/03/01 09:12:44.301950 Phase context: YAML_FILE_ERROR: Expected Commands "
      "[0] to be of string type: found subkeys instead at line 22", "codebuild-phase-context" },
    { "[Container] 2026/11/26 12:01:40 Command did not exit successfully with exit status 1",
      "codebuild-command-failed" },
    /* pytest and Hypothesis. */
    { "FAILED tests/test_handler.py::TestCreate::test_rejects_empty[text-] - "
      "ValueError: empty", "pytest-failed" },
    { "FAILED tests/test_handler.py", "pytest-failed" },
    { "ERROR tests/test_db.py - ModuleNotFoundError: No module named 'psycopg2'",
      "pytest-error" },
    { "tests/test_handler.py::test_create FAILED                                  [ 50%]",
      "pytest-verbose" },
    { "tests/test_db.py::test_connect ERROR", "pytest-verbose" },
    { "E       assert 404 == 200", "pytest-assertion" },
    { "E         +  where 404 = <Response [404]>.status_code", "pytest-assertion" },
    { "==================== 2 failed, 40 passed, 1 warning in 12.31s ====================",
      "pytest-summary" },
    { "=========================== 1 passed, 3 errors in 0.52s ===========================",
      "pytest-summary" },
    { "Falsifying explicit example: test_roundtrip(", "hypothesis-falsifying" },
    { "E   Falsifying example: test_roundtrip(", "hypothesis-falsifying-note" },
    { "Traceback (most recent call last):", "python-traceback" },
    { "  Traceback (most recent call last):", "python-traceback" },
    { "ERROR: test_connect (tests.test_db.DbTest)", "unittest-failed" },
    { "FAILED (errors=2)", "unittest-summary" },
    /* Linters and compilers. */
    { "src/handler.py:1:1: F401 'os' imported but unused", "flake8-finding" },
    { "src/handler.py:10:80: SIM102 Use a single if-statement", "flake8-finding" },
    { "src/handler.py:3:0: E1101: Module 'boto3' has no 'clientt' member (no-member)",
      "pylint-message" },
    { "src/todos/__init__.py:1:0: C0114: Missing module docstring (missing-module-docstring)",
      "pylint-message" },
    { "src/app.c:12:5: error: 'x' undeclared (first use in this function)", "location-error" },
    { "    handler_test.go:31: Error: expected 200, got 403", "location-error" },
    /* Snyk. */
    { "  ✗ High severity vulnerability found in minimist", "snyk-issue" },
    { " ✗ [High] Path Traversal", "snyk-issue" },
    { "Tested 5 projects, 2 contained vulnerable paths.", "snyk-summary" },
    { "Tested 120 dependencies for known issues, found 12 issues, 40 vulnerable paths.",
      "snyk-summary" },
    /* Terraform: in its box (0.15 and later), and before. */
    { "│ Error: Invalid value for input variable", "terraform-error" },
    { "Error: Error acquiring the state lock", "error-line" },
    /* The Serverless Framework, SAM and the CDK. */
    { "CREATE_FAILED: TodosTable (AWS::DynamoDB::Table)", "cloudformation-failed" },
    { "UPDATE_ROLLBACK_FAILED   AWS::CloudFormation::Stack   todo-list-aws",
      "cloudformation-failed" },
    { "todo-list-aws | 3/12 | 12:00:01 PM | UPDATE_FAILED        | AWS::Lambda::Function | "
      "CreateTodo", "cloudformation-failed" },
    { "Serverless Error ----------------------------------------", "serverless-error" },
    /* Go. */
    { "    --- FAIL: TestTodoListInfra/create (0.31s)", "go-test-failed" },
    { "FAIL", "go-package-failed" },
    { "panic: test timed out after 30m0s", "go-panic" },
    /* Build tools and clients. */
    { "make[2]: *** [Makefile:40: test] Error 2", "make-error" },
    { "npm error code 1", "npm-error" },
    { "An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The "
      "security token included in the request is expired", "aws-cli-error" },
    { "Error:", "error-line" },
    { "error: pathspec 'main' did not match any file(s) known to git", "error-line" },
    { "fatal: unable to access 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/todo/': "
      "The requested URL returned error: 403", "error-line" },
    { "ERROR: Could not find a version that satisfies the requirement boto3==9.9", "error-line" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_rule (cases[i].line, cases[i].rule);
}

static void
test_prose (void)
{
  /* Lines that merely mention failure, or succeed in the tools' words. */
  static const char * const lines[] = {
    "", "   ", "\t", "E", "E  x", "Error", "error", "ERRORS", "Errors: 0", "0 errors",
    "Found 0 errors in 12 files", "no errors found", "src/error_handler.py",
    "Collecting error_handler==1.0", "error_handler.py:12 handled", "Error handling improved",
    "error_count=0", "An error occurred while I was away, nothing serious",
    "12:00:01: Error rate is 0%", "Traceback", "The build FAILED to notice",
    "FAILED", "FAILED (0 tests)", "FAILURES", "FAILing slowly",
    "=================================== FAILURES ===================================",
    "============================== 42 passed in 36.40s ==============================",
    "============================== 0 failed in 1.00s ==============================",
    "tests/test_handler.py::test_create PASSED                                  [ 50%]",
    "test/unit/test_update.py ....F...                                             [ 57%]",
    "[Container] 2026/11/26 12:01:40 Phase complete: BUILD State: SUCCEEDED",
    "[Container] 2026/11/26 12:01:40 Phase complete: BUILD State: STOPPED",
    "[Container] 2026/11/26 12:01:40 Phase context: status code:  Message: ",
    "[Container] 2026/11/26 12:01:40 Running command pytest --maxfail=1",
    "Phase complete: BUILD State: FAILED",
    "Tested 31 dependencies for known issues, no vulnerable paths found.",
    "✔ Tested 31 dependencies for known issues, no vulnerable paths found.",
    "Tested 31 dependencies for known issues, found 0 issues, 0 vulnerable paths.",
    "✗ ", "✔ Service deployed to stack todo-list-aws-staging (38s)",
    "UPDATE_COMPLETE  AWS::Lambda::Function  CreateTodo", "UPDATE_FAILED_COUNT=0",
    "MAKE_FAILED", "--- PASS: TestTodoListInfra (18.06s)", "PASS", "FAILOVER ok",
    "panicking is not an option", "makefile: up to date", "make: Nothing to be done for 'all'.",
    "npm WARN deprecated request@2.88.2", "[INFO] BUILD SUCCESS",
    "src/db.py:42:0: Your code has been rated at 9.54/10",
    "src/db.py:42: note: Revealed type is \"builtins.int\"",
    "Your code has been rated at 8.71/10 (previous run: 9.52/10, +0.02)",
    "12:00:00:01: E501 looks like a time", "a:1:2: E501 no dot in the path",
    "You can reproduce this example by temporarily adding @reproduce_failure",
    "Environment: linux, node 18.18.2, framework 3.36.0, plugin 7.1.0, SDK 4.4.0",
    "   passed - GET todos",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    assert_rule (lines[i], "(none)");
  /* The length is what counts, not a NUL. */
  g_assert_cmpuint (pd_log_errors_match ("FAILED x.py::t", 3), ==, 0);
  g_assert_cmpuint (pd_log_errors_match (NULL, 0), ==, 0);
}

static void
test_line_edges (void)
{
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *padded = NULL;

  /* CRLF: a \r at the end is no part of the line. */
  assert_rule ("FAILED test/x.py::test_y\r", "pytest-failed");
  assert_rule ("FAIL\r", "go-package-failed");
  assert_rule ("Error:\r", "error-line");
  /* A \r elsewhere is text (the store shows it as ␍). */
  assert_rule ("Error:\rx", "(none)");
  /* Leading blanks and tabs do not matter. */
  assert_rule ("\t \tFalsifying example: t(", "hypothesis-falsifying");

  /* Very long lines: a prefix is found at once; whatever looks inside a
   * line reads only its first PD_LOG_ERRORS_SCAN_MAX bytes. */
  g_string_append (huge, "FAILED test/x.py::test_y - ");
  while (huge->len < 4 * 1024 * 1024)
    g_string_append (huge, "assert 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' == 'b' ");
  g_assert_cmpstr (rule_name (pd_log_errors_match (huge->str, huge->len)), ==, "pytest-failed");
  g_string_truncate (huge, 0);
  g_string_append_c (huge, 'a');
  while (huge->len < 4 * 1024 * 1024)
    g_string_append (huge, "aaaaaaa.py:::::::_FAILE");
  g_assert_cmpuint (pd_log_errors_match (huge->str, huge->len), ==, 0);
  g_string_truncate (huge, 0);
  g_string_append (huge, "todo-list-aws | ");
  g_assert_cmpstr (rule_name (pd_log_errors_match ("todo-list-aws | UPDATE_FAILED | x", -1)),
                   ==, "cloudformation-failed");
  padded = g_strnfill (PD_LOG_ERRORS_SCAN_MAX, '|');
  g_string_append (huge, padded);
  g_string_append (huge, " UPDATE_FAILED | AWS::Lambda::Function");
  g_assert_cmpuint (pd_log_errors_match (huge->str, huge->len), ==, 0);
  /* The same line, cut where the scan ends, cannot match either. */
  g_assert_cmpuint (pd_log_errors_match (huge->str, PD_LOG_ERRORS_SCAN_MAX + 20), ==, 0);
}

/* The store */

typedef struct
{
  gboolean  done;
  GError   *error;
} Wait;

static void
on_added_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  pd_log_store_add_page_finish (PD_LOG_STORE (object), result, &wait->error);
  wait->done = TRUE;
}

static void
add_lines (PdLogStore         *store,
           const char * const *lines,
           guint               first,
           guint               n,
           gboolean            prepend)
{
  g_autoptr(PdAwsLogPage) page = pd_aws_log_page_new ();
  Wait wait = { 0, };

  for (guint i = first; i < first + n; i++)
    pd_aws_log_page_add_event (page, 1000 + i, 1250 + i, lines[i], strlen (lines[i]));
  pd_log_store_add_page_async (store, page, prepend, NULL, on_added_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 20000);
  g_assert_no_error (wait.error);
}

static char *
dup_line (PdLogStore *store,
          gint64      line_id)
{
  guint line = 0;

  g_assert_true (pd_log_store_get_line_for_id (store, line_id, &line));
  return pd_log_store_dup_line_text (store, line, NULL);
}

static char *
first_error_text (PdLogStore       *store,
                  PdLogErrorTarget  expected)
{
  gint64 id = G_MININT64;

  g_assert_cmpint (pd_log_store_get_first_error (store, &id), ==, expected);
  return dup_line (store, id);
}

static void
test_store_ansi (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  static const char * const lines[] = {
    "\033[31mE\033[0m   AssertionError: assert None == False",
    "\033[1m\033[31mFAILED\033[0m test/unit/test_x.py::test_y",
    "\033[31m│\033[0m \033[0m\033[1m\033[31mError: \033[0m\033[0m\033[1mUnsupported "
    "argument\033[0m",
    "  \033[33m✗ Prototype Pollution [Medium Severity][https://x] in lodash@4.17.15\033[0m",
    "FAILED test/unit/test_z.py::test_crlf\r",
    "ok\r\nFAIL\r\n",
    "\033[32m41 passed\033[0m",
    "error\033[0m_handler.py",
    NULL
  };
  static const char * const expected[] = {
    "pytest-assertion", "pytest-failed", "terraform-error", "snyk-issue", "pytest-failed",
    "(none)", "go-package-failed", "(none)", "(none)",
  };
  g_autoptr(PdLogLine) line = NULL;

  add_lines (store, lines, 0, g_strv_length ((char **) lines), FALSE);
  g_assert_cmpuint (pd_log_store_get_n_lines (store), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (rule_name (pd_log_store_get_line_error (store, i)), ==, expected[i]);
  g_assert_cmpuint (pd_log_store_get_n_errors (store), ==, 6);

  /* The lines the list view makes carry their rule too. */
  line = g_list_model_get_item (G_LIST_MODEL (store), 2);
  g_assert_cmpstr (rule_name (pd_log_line_get_error_rule (line)), ==, "terraform-error");
  g_clear_object (&line);
  line = g_list_model_get_item (G_LIST_MODEL (store), 7);
  g_assert_cmpuint (pd_log_line_get_error_rule (line), ==, 0);

  /* F8 and Shift+F8 wrap around. */
  g_assert_cmpuint (pd_log_store_find_error_near (store, pd_log_store_get_line_id (store, 1), TRUE),
                    ==, 2);
  g_assert_cmpuint (pd_log_store_find_error_near (store, pd_log_store_get_line_id (store, 8), TRUE),
                    ==, 0);
  g_assert_cmpuint (pd_log_store_find_error_near (store, pd_log_store_get_line_id (store, 0),
                                                  FALSE), ==, 5);
  g_assert_cmpint (pd_log_store_get_error (store, 5, NULL), ==,
                   pd_log_store_get_line_id (store, 6));

  pd_log_store_clear (store);
  g_assert_cmpuint (pd_log_store_get_n_errors (store), ==, 0);
  g_assert_cmpuint (pd_log_store_find_error_near (store, 0, TRUE), ==, G_MAXUINT);
  g_assert_cmpint (pd_log_store_get_first_error (store, NULL), ==, PD_LOG_ERROR_TARGET_NONE);
}

/* A failed build's log as CodeBuild writes it: an error in a phase that
 * went well, then a failed BUILD phase with its test output. */
static const char * const failed_log[] = {
  "[Container] 2026/11/26 12:00:00 Entering phase INSTALL",
  "[Container] 2026/11/26 12:00:00 Running command pip install -r requirements.txt",
  "ERROR: pip's dependency resolver does not currently take into account all the packages",
  "Successfully installed pytest-7.4.3",
  "[Container] 2026/11/26 12:00:05 Phase complete: INSTALL State: SUCCEEDED",
  "[Container] 2026/11/26 12:00:05 Phase context: status code:  Message: ",
  "[Container] 2026/11/26 12:00:05 Entering phase BUILD",
  "[Container] 2026/11/26 12:00:05 Running command pytest -v",
  "test/test_a.py::test_one PASSED   [ 50%]",
  "test/test_a.py::test_two FAILED   [100%]",
  "=================================== FAILURES ===================================",
  "___________________________________ test_two ___________________________________",
  ">       assert 1 == 2",
  "E       assert 1 == 2",
  "test/test_a.py:9: AssertionError",
  "=========================== short test summary info ============================",
  "FAILED test/test_a.py::test_two - assert 1 == 2",
  "========================= 1 failed, 1 passed in 0.12s ==========================",
  "[Container] 2026/11/26 12:00:09 Command did not exit successfully pytest -v exit status 1",
  "[Container] 2026/11/26 12:00:09 Phase complete: BUILD State: FAILED",
  "[Container] 2026/11/26 12:00:09 Phase context: COMMAND_EXECUTION_ERROR: Error while "
  "executing command: pytest -v. Reason: exit status 1",
  "[Container] 2026/11/26 12:00:09 Entering phase POST_BUILD",
  "Error: the report upload failed",
  "[Container] 2026/11/26 12:00:10 Phase complete: POST_BUILD State: SUCCEEDED",
  NULL
};

static void
test_first_error_head_first (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autofree char *text = NULL;
  guint n = g_strv_length ((char **) failed_log);

  g_assert_cmpint (pd_log_store_get_first_error (store, NULL), ==, PD_LOG_ERROR_TARGET_NONE);
  add_lines (store, failed_log, 0, n, FALSE);
  /* The tool's headline in the failed phase: not pip's ERROR before it, not
   * the E line or the verbose FAILED (details), not CodeBuild's lines, not
   * the Error after it. */
  text = first_error_text (store, PD_LOG_ERROR_TARGET_TOOL);
  g_assert_cmpstr (text, ==, "FAILED test/test_a.py::test_two - assert 1 == 2");
  g_assert_cmpuint (pd_log_store_get_n_errors (store), ==, 9);
}

static void
test_first_error_fallbacks (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autoptr(GArray) phases = g_array_new (FALSE, TRUE, sizeof (PdAwsBuildPhase));
  g_autofree char *text = NULL;
  PdAwsBuildPhase phase = { 0, };
  static const char * const quiet[] = {
    "[Container] 2026/11/26 12:00:05 Entering phase BUILD",
    "[Container] 2026/11/26 12:00:05 Running command ./build.sh",
    "building…",
    "[Container] 2026/11/26 12:00:09 Phase complete: BUILD State: FAILED",
    "[Container] 2026/11/26 12:00:09 Phase context: COMMAND_EXECUTION_ERROR: Error while "
    "executing command: ./build.sh. Reason: exit status 2",
    "[Container] 2026/11/26 12:00:10 Entering phase POST_BUILD",
    NULL
  };
  static const char * const cut[] = {
    "[Container] 2026/11/26 12:00:00 Entering phase INSTALL",
    "Error: in a phase that went well",
    "[Container] 2026/11/26 12:00:05 Entering phase BUILD",
    "building…",
    "Traceback (most recent call last):",
    "[Container] 2026/11/26 12:00:10 Entering phase POST_BUILD",
    "Error: after the failed phase",
    NULL
  };
  static const char * const fine[] = { "one", "two", "three", NULL };
  gint64 id = 0;

  /* Only CodeBuild's lines: the first of them in the failed phase. */
  add_lines (store, quiet, 0, g_strv_length ((char **) quiet), FALSE);
  text = first_error_text (store, PD_LOG_ERROR_TARGET_CODEBUILD);
  g_assert_true (g_str_has_suffix (text, "Phase complete: BUILD State: FAILED"));
  g_clear_pointer (&text, g_free);

  /* No "Phase complete" line (a log cut short): the phase CodeBuild says
   * failed, from where the log enters it; without that, the whole log. */
  pd_log_store_clear (store);
  add_lines (store, cut, 0, g_strv_length ((char **) cut), FALSE);
  text = first_error_text (store, PD_LOG_ERROR_TARGET_TOOL);
  g_assert_cmpstr (text, ==, "Error: in a phase that went well");
  g_clear_pointer (&text, g_free);
  phase.type = (char *) "BUILD";
  phase.status = PD_AWS_BUILD_STATUS_FAILED;
  g_array_append_val (phases, phase);
  pd_log_store_set_build_phases (store, phases);
  text = first_error_text (store, PD_LOG_ERROR_TARGET_TOOL);
  g_assert_cmpstr (text, ==, "Traceback (most recent call last):");
  g_clear_pointer (&text, g_free);

  /* No error line at all: the tail. */
  pd_log_store_clear (store);
  add_lines (store, fine, 0, 3, FALSE);
  g_assert_cmpint (pd_log_store_get_first_error (store, &id), ==, PD_LOG_ERROR_TARGET_TAIL);
  g_assert_cmpint (id, ==, pd_log_store_get_line_id (store, 2));
  g_object_get (store, "first-error-id", &id, NULL);
  g_assert_cmpint (id, ==, G_MININT64);
}

static void
on_first_error_cb (PdLogStore *store,
                   GParamSpec *pspec,
                   GPtrArray  *seen)
{
  gint64 id = G_MININT64;

  g_object_get (store, "first-error-id", &id, NULL);
  g_ptr_array_add (seen, dup_line (store, id));
}

/* Read from the end backwards, three lines a page, as the loader reads a
 * failed build: the choice moves up as earlier pages bring better lines,
 * and ends where reading from the head would. */
static void
test_first_error_tail_first (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autoptr(PdLogStore) forward = pd_log_store_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) phases = g_array_new (FALSE, TRUE, sizeof (PdAwsBuildPhase));
  static const char * const names[] = { "INSTALL", "BUILD", "POST_BUILD" };
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  guint n = g_strv_length ((char **) failed_log);
  guint end = n;
  gulong id;

  /* What CodeBuild reports, as the loader sets it before reading. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      PdAwsBuildPhase phase = { 0, };

      phase.type = (char *) names[i];
      phase.status = i == 1 ? PD_AWS_BUILD_STATUS_FAILED : PD_AWS_BUILD_STATUS_SUCCEEDED;
      g_array_append_val (phases, phase);
    }
  pd_log_store_set_build_phases (store, phases);
  id = g_signal_connect (store, "notify::first-error-id", G_CALLBACK (on_first_error_cb), seen);
  while (end > 0)
    {
      guint start = end >= 3 ? end - 3 : 0;

      add_lines (store, failed_log, start, end - start, end != n);
      end = start;
    }
  g_clear_signal_handler (&id, store);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *line = pd_log_store_dup_line_text (store, i, NULL);

      g_assert_cmpstr (line, ==, failed_log[i]);
    }
  add_lines (forward, failed_log, 0, n, FALSE);
  expected = first_error_text (forward, PD_LOG_ERROR_TARGET_TOOL);
  text = first_error_text (store, PD_LOG_ERROR_TARGET_TOOL);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpuint (pd_log_store_get_n_errors (store), ==, pd_log_store_get_n_errors (forward));

  /* The tail page holds the POST_BUILD phase only: its Error is not the
   * failure, so nothing is chosen (the view stays at the tail). The next
   * one ends the failed phase: CodeBuild's line, until the page with the
   * tool's summary arrives; earlier pages bring nothing better. */
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (seen, 0),
                                   "Command did not exit successfully pytest -v exit status 1"));
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, expected);
}

/* The sandbox's logs */

typedef struct
{
  PdSandboxScript  script;
  const char      *name;
  PdLogErrorTarget target;
  const char      *prefix;   /* of the target line, blanks removed */
} ScriptCase;

static const ScriptCase script_cases[] = {
  { PD_SANDBOX_SCRIPT_UNIT_TESTS, "unit-tests", PD_LOG_ERROR_TARGET_TOOL,
    "Falsifying example: test_update_keeps_other_fields(" },
  { PD_SANDBOX_SCRIPT_QUALITY, "quality", PD_LOG_ERROR_TARGET_TOOL,
    "src/db.py:88:101: E501 line too long" },
  { PD_SANDBOX_SCRIPT_SECURITY, "security", PD_LOG_ERROR_TARGET_TOOL,
    "✗ Always-Incorrect Control Flow Implementation [Medium Severity]" },
  { PD_SANDBOX_SCRIPT_DEPLOY_STAGING, "deploy-staging", PD_LOG_ERROR_TARGET_TOOL,
    "✖ Stack todo-list-aws-staging failed to deploy" },
  { PD_SANDBOX_SCRIPT_DEPLOY_PRODUCTION, "deploy-production", PD_LOG_ERROR_TARGET_TOOL,
    "✖ Stack todo-list-aws-production failed to deploy" },
  { PD_SANDBOX_SCRIPT_INTEGRATION, "integration", PD_LOG_ERROR_TARGET_TOOL,
    "failed - PUT todos/{id}" },
  { PD_SANDBOX_SCRIPT_TERRAFORM_APPLY, "terraform-apply", PD_LOG_ERROR_TARGET_TOOL,
    "Error: updating WAFv2 WebACL (todo-list-aws-waf): WAFOptimisticLockException" },
  { PD_SANDBOX_SCRIPT_TERRATEST, "terratest", PD_LOG_ERROR_TARGET_TOOL,
    "infra_test.go:54: Error: Not equal: expected: 200 actual: 403" },
  { PD_SANDBOX_SCRIPT_GENERIC, "generic", PD_LOG_ERROR_TARGET_TOOL,
    "make: *** [Makefile:12: test] Error 1" },
  /* These print nothing of their own when they fail: CodeBuild's line. */
  { PD_SANDBOX_SCRIPT_PACKAGE, "package", PD_LOG_ERROR_TARGET_CODEBUILD,
    "[Container] " },
  { PD_SANDBOX_SCRIPT_TERRAFORM_PLAN, "terraform-plan", PD_LOG_ERROR_TARGET_CODEBUILD,
    "[Container] " },
};

static GPtrArray *
script_lines (PdSandboxScript script,
              gboolean        fails)
{
  gint64 phase_ends[PD_SANDBOX_N_PHASES];
  g_autoptr(GArray) lines = NULL;
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  const char *summary = NULL;
  int failed_phase = -1;

  lines = pd_sandbox_build_script (script, fails, 7, 1700000000000, phase_ends, &failed_phase,
                                   &summary);
  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (texts, g_strdup (g_array_index (lines, PdSandboxScriptLine, i).text));
  g_ptr_array_add (texts, NULL);
  return texts;
}

static void
test_sandbox_scripts (gconstpointer data)
{
  const ScriptCase *c = data;
  g_autoptr(GPtrArray) failing = script_lines (c->script, TRUE);
  g_autoptr(GPtrArray) passing = script_lines (c->script, FALSE);
  const char * const *lines = (const char * const *) failing->pdata;
  guint n = failing->len - 1;
  guint build_start = 0, build_end = 0;

  for (guint i = 0; i < n; i++)
    if (g_str_has_suffix (lines[i], "Entering phase BUILD"))
      build_start = i;
    else if (g_str_has_suffix (lines[i], "Phase complete: BUILD State: FAILED"))
      build_end = i;
  g_assert_cmpuint (build_start, >, 0);
  g_assert_cmpuint (build_end, >, build_start);

  /* Head first in one page, and tail first in pages of 7 lines. */
  for (guint order = 0; order < 2; order++)
    {
      g_autoptr(PdLogStore) store = pd_log_store_new ();
      g_autofree char *text = NULL;
      gint64 id = 0;
      guint line = 0;

      if (order == 0)
        add_lines (store, lines, 0, n, FALSE);
      else
        for (guint end = n; end > 0; end = end >= 7 ? end - 7 : 0)
          add_lines (store, lines, end >= 7 ? end - 7 : 0, end >= 7 ? 7 : end, end != n);
      g_assert_cmpuint (pd_log_store_get_n_lines (store), ==, n);
      g_assert_cmpint (pd_log_store_get_first_error (store, &id), ==, c->target);
      text = dup_line (store, id);
      g_strchug (text);
      if (!g_str_has_prefix (text, c->prefix))
        g_error ("%s: the first error is “%s”", c->name, text);
      /* It lies in the failed phase, at or before CodeBuild's line about it. */
      g_assert_true (pd_log_store_get_line_for_id (store, id, &line));
      g_assert_cmpuint (line, >, build_start);
      g_assert_cmpuint (line, <=, build_end);
    }

  /* The passing build's log: no line of CodeBuild's about a failure, and
   * no tool's error but pylint's findings in the quality build's. */
  {
    g_autoptr(PdLogStore) store = pd_log_store_new ();

    add_lines (store, (const char * const *) passing->pdata, 0, passing->len - 1, FALSE);
    for (guint i = 0; i < pd_log_store_get_n_errors (store); i++)
      {
        guint rule = 0;

        pd_log_store_get_error (store, i, &rule);
        g_assert_cmpstr (pd_log_errors_get_rule (rule)->kind, ==, "pylint");
      }
    g_assert_cmpuint (pd_log_store_get_n_errors (store), ==,
                      c->script == PD_SANDBOX_SCRIPT_QUALITY ? 3 : 0);
  }
}

/* Over HTTP, as the logs view loads them: the failed UnitTests and
 * Security builds of a seeded run, read tail first. */
static gboolean
loader_finished (gpointer data)
{
  return pd_log_loader_is_finished (data);
}

typedef struct
{
  gboolean   done;
  GPtrArray *actions;
  GError    *error;
} Builds;

static void
on_builds_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Builds *builds = user_data;

  builds->actions = pd_aws_logs_list_execution_builds_finish (PD_AWS_CLIENT (object), result,
                                                              &builds->error);
  builds->done = TRUE;
}

static void
check_loaded_failure (const char *action,
                      const char *prefix)
{
  guint32 seed = pd_test_sandbox_find_seed ("todo-list-aws", 20, action);
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_new (0.001, seed, 0);
  g_autoptr(PdLogLoader) loader = NULL;
  g_autofree char *text = NULL;
  Builds builds = { 0, };
  const char *build_id = NULL;
  PdLogStore *store;
  gint64 id = 0;
  guint line = 0;

  pd_aws_logs_list_execution_builds_async (sandbox->client, "todo-list-aws", NULL, NULL,
                                           on_builds_cb, &builds);
  pd_test_wait_for_flag (&builds.done, 30000);
  g_assert_no_error (builds.error);
  for (guint i = 0; i < builds.actions->len; i++)
    {
      PdAwsActionBuild *found = g_ptr_array_index (builds.actions, i);

      if (g_str_equal (found->action_name, action))
        build_id = found->build_id;
    }
  g_assert_nonnull (build_id);

  loader = pd_log_loader_new (sandbox->client, build_id);
  pd_log_loader_set_follow (loader, FALSE);
  pd_log_loader_start (loader);
  g_assert_true (pd_test_wait_until (loader_finished, loader, 30000));
  g_assert_cmpint (pd_log_loader_get_state (loader), ==, PD_LOG_LOADER_STATE_COMPLETE);
  g_assert_true (pd_log_loader_get_tail_first (loader));
  g_assert_cmpint (pd_log_loader_get_build_status (loader), ==, PD_AWS_BUILD_STATUS_FAILED);

  store = pd_log_loader_get_store (loader);
  g_assert_cmpint (pd_log_store_get_first_error (store, &id), ==, PD_LOG_ERROR_TARGET_TOOL);
  g_assert_true (pd_log_store_get_line_for_id (store, id, &line));
  g_assert_cmpuint (line, >, 0);
  text = pd_log_store_dup_line_text (store, line, NULL);
  g_strchug (text);
  if (!g_str_has_prefix (text, prefix))
    g_error ("%s: the first error is line %u, “%s”", action, line + 1, text);
  g_ptr_array_unref (builds.actions);
}

static void
test_sandbox_loaded_unit_tests (void)
{
  check_loaded_failure ("UnitTests", "Falsifying example: ");
}

static void
test_sandbox_loaded_security (void)
{
  check_loaded_failure ("Security", "✗ ");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/core/log-errors/rules/examples", test_examples);
  g_test_add_func ("/pd/core/log-errors/rules/real-formats", test_real_formats);
  g_test_add_func ("/pd/core/log-errors/rules/prose", test_prose);
  g_test_add_func ("/pd/core/log-errors/rules/line-edges", test_line_edges);
  g_test_add_func ("/pd/core/log-errors/store/ansi", test_store_ansi);
  g_test_add_func ("/pd/core/log-errors/first-error/head-first", test_first_error_head_first);
  g_test_add_func ("/pd/core/log-errors/first-error/fallbacks", test_first_error_fallbacks);
  g_test_add_func ("/pd/core/log-errors/first-error/tail-first", test_first_error_tail_first);
  for (guint i = 0; i < G_N_ELEMENTS (script_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pd/core/log-errors/sandbox/%s",
                                               script_cases[i].name);

      g_test_add_data_func (path, &script_cases[i], test_sandbox_scripts);
    }
  g_test_add_func ("/pd/core/log-errors/sandbox/loaded/unit-tests",
                   test_sandbox_loaded_unit_tests);
  g_test_add_func ("/pd/core/log-errors/sandbox/loaded/security", test_sandbox_loaded_security);

  return g_test_run ();
}
