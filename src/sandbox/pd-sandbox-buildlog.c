/* pd-sandbox-buildlog.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-cicd-private.h"

/* What the reference project's buildspecs print on CodeBuild: the agent's
 * "[Container]" lines around each phase, and the tools' own output (pip,
 * pytest with Hypothesis, coverage.py, flake8, pylint, snyk, the
 * Serverless Framework, Terraform), some with ANSI colours. */

#define GREEN  "\033[32m"
#define RED    "\033[31m"
#define YELLOW "\033[33m"
#define BOLD   "\033[1m"
#define RESET  "\033[0m"

const char * const pd_sandbox_phase_names[PD_SANDBOX_N_PHASES] = {
  "SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD",
  "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED",
};

enum { SUBMITTED, QUEUED, PROVISIONING, DOWNLOAD_SOURCE, INSTALL, PRE_BUILD, BUILD,
       POST_BUILD, UPLOAD_ARTIFACTS, FINALIZING, COMPLETED };

typedef struct
{
  GArray *lines;
  GRand  *rand;
  gint64  start_ms;
  gint64  offset_ms;
} Writer;

static void
line_clear (gpointer data)
{
  PdSandboxScriptLine *line = data;

  g_free (line->text);
}

static void G_GNUC_PRINTF (3, 4)
emit (Writer     *w,
      guint       step_ms,
      const char *format,
      ...)
{
  PdSandboxScriptLine line;
  va_list args;

  w->offset_ms += step_ms;
  va_start (args, format);
  line.offset_ms = w->offset_ms;
  line.text = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (w->lines, line);
}

static void
container (Writer     *w,
           guint       step_ms,
           const char *text)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc ((w->start_ms + w->offset_ms + step_ms)
                                                             / 1000);
  g_autofree char *stamp = g_date_time_format (when, "%Y/%m/%d %H:%M:%S");

  emit (w, step_ms, "[Container] %s %s", stamp, text);
}

static void
phase_end (Writer     *w,
           gint64     *phase_ends,
           int         phase,
           gboolean    ok)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("Phase complete: %s State: %s", pd_sandbox_phase_names[phase],
                          ok ? "SUCCEEDED" : "FAILED");
  container (w, 200, text);
  container (w, 10, ok ? "Phase context: status code:  Message: "
                       : "Phase context: COMMAND_EXECUTION_ERROR: Error while executing command. "
                         "Reason: exit status 1");
  phase_ends[phase] = w->offset_ms;
}

static void
pip_install (Writer *w)
{
  static const char * const packages[][2] = {
    { "boto3", "1.29.7" }, { "botocore", "1.32.7" }, { "hypothesis", "6.88.1" },
    { "pytest", "7.4.3" }, { "coverage", "7.3.2" }, { "flake8", "6.1.0" },
    { "pylint", "3.0.2" }, { "requests", "2.31.0" }, { "jmespath", "1.0.1" },
    { "attrs", "23.1.0" }, { "sortedcontainers", "2.4.0" }, { "astroid", "3.0.1" },
  };

  container (w, 300, "Running command pip install -r requirements.txt");
  for (guint i = 0; i < G_N_ELEMENTS (packages); i++)
    emit (w, 150 + g_rand_int_range (w->rand, 0, 400),
          "Collecting %s==%s", packages[i][0], packages[i][1]);
  for (guint i = 0; i < G_N_ELEMENTS (packages); i++)
    emit (w, 80, "  Downloading %s-%s-py3-none-any.whl (%d kB)", packages[i][0],
          packages[i][1], g_rand_int_range (w->rand, 40, 900));
  emit (w, 1500, "Installing collected packages: boto3, botocore, hypothesis, pytest, coverage, "
        "flake8, pylint, requests");
  emit (w, 2200, "Successfully installed boto3-1.29.7 botocore-1.32.7 coverage-7.3.2 "
        "flake8-6.1.0 hypothesis-6.88.1 pylint-3.0.2 pytest-7.4.3 requests-2.31.0");
}

static void
prologue (Writer  *w,
          gint64  *phase_ends,
          gboolean with_node)
{
  phase_ends[SUBMITTED] = 0;
  phase_ends[QUEUED] = 1000;
  w->offset_ms = 1000;
  container (w, 4000, "Waiting for agent ping");
  container (w, 900, "Waiting for DOWNLOAD_SOURCE");
  phase_ends[PROVISIONING] = w->offset_ms;
  container (w, 2100, "Phase is DOWNLOAD_SOURCE");
  container (w, 100, "CODEBUILD_SRC_DIR=/codebuild/output/src417/src");
  container (w, 100, "YAML location is /codebuild/output/src417/src/buildspec.yml");
  container (w, 100, "Processing environment variables");
  container (w, 300, "Moving to directory /codebuild/output/src417/src");
  phase_end (w, phase_ends, DOWNLOAD_SOURCE, TRUE);
  container (w, 100, "Entering phase INSTALL");
  container (w, 100, "Running command echo \"Installing runtimes\"");
  emit (w, 50, "Installing runtimes");
  container (w, 200, "Running command pip install --upgrade pip");
  emit (w, 1800, "Requirement already satisfied: pip in /root/.pyenv/versions/3.9.16/lib/"
        "python3.9/site-packages (23.0.1)");
  emit (w, 900, "Successfully installed pip-23.3.1");
  if (with_node)
    {
      container (w, 200, "Running command npm install -g serverless@3");
      emit (w, 9000, "added 563 packages in 14s");
      emit (w, 100, "88 packages are looking for funding");
    }
  pip_install (w);
  phase_end (w, phase_ends, INSTALL, TRUE);
  container (w, 100, "Entering phase PRE_BUILD");
  container (w, 100, "Running command python --version");
  emit (w, 100, "Python 3.9.16");
  phase_end (w, phase_ends, PRE_BUILD, TRUE);
  container (w, 100, "Entering phase BUILD");
}

static void
epilogue (Writer     *w,
          gint64     *phase_ends,
          gboolean    build_ok)
{
  phase_end (w, phase_ends, BUILD, build_ok);
  container (w, 100, "Entering phase POST_BUILD");
  container (w, 100, "Running command echo Build completed on `date`");
  emit (w, 50, "Build completed on %s", "Thu Nov 26 12:00:00 UTC 2026");
  phase_end (w, phase_ends, POST_BUILD, TRUE);
  if (build_ok)
    {
      container (w, 300, "Expanding base directory path: .");
      container (w, 100, "Assembling file list");
      container (w, 100, "Expanding .serverless/**/*");
      container (w, 400, "Found 3 file(s)");
    }
  phase_end (w, phase_ends, UPLOAD_ARTIFACTS, TRUE);
  container (w, 600, "Phase complete: FINALIZING State: SUCCEEDED");
  phase_ends[FINALIZING] = w->offset_ms;
  phase_ends[COMPLETED] = w->offset_ms;
}

static void
package_body (Writer *w)
{
  container (w, 200, "Running command serverless package --package .serverless");
  emit (w, 1500, "Running \"serverless\" from node_modules");
  emit (w, 900, "Packaging todo-list-aws for stage dev (eu-west-1)");
  emit (w, 4800, "Packaging Python functions: createTodo, listTodos, getTodo, updateTodo, "
        "deleteTodo, authorizer");
  emit (w, 2600, GREEN "✔" RESET " Service packaged (12s)");
}

static void
unit_tests_body (Writer  *w,
                 gboolean fails)
{
  static const char * const modules[] = {
    "test/unit/test_create.py", "test/unit/test_list.py", "test/unit/test_get.py",
    "test/unit/test_update.py", "test/unit/test_delete.py", "test/unit/test_authorizer.py",
  };

  container (w, 200, "Running command coverage run --branch --source=src -m pytest "
             "test/unit --hypothesis-show-statistics");
  emit (w, 1200, BOLD "============================= test session starts "
        "==============================" RESET);
  emit (w, 50, "platform linux -- Python 3.9.16, pytest-7.4.3, pluggy-1.3.0");
  emit (w, 50, "hypothesis profile 'ci' -> max_examples=200, deadline=None, "
        "database=DirectoryBasedExampleDatabase('.hypothesis/examples')");
  emit (w, 50, "rootdir: /codebuild/output/src417/src");
  emit (w, 50, "plugins: hypothesis-6.88.1");
  emit (w, 900, "collected 42 items");
  emit (w, 50, "%s", "");
  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    {
      gboolean bad = fails && i == 3;

      emit (w, 2000 + g_rand_int_range (w->rand, 0, 3000), "%s %s%s" RESET "%s", modules[i],
            bad ? GREEN "...." RED "F" GREEN "..." : GREEN ".......",
            "", bad ? "                                             [ 57%]"
                    : "                                           [ 14%]");
    }
  emit (w, 100, "%s", "");
  if (fails)
    {
      emit (w, 50, BOLD "=================================== FAILURES "
            "===================================" RESET);
      emit (w, 50, RED BOLD "_______________________ test_update_keeps_other_fields "
            "________________________" RESET);
      emit (w, 50, "%s", "");
      emit (w, 50, "    @given(todo=todos(), text=st.text(min_size=1, max_size=200))");
      emit (w, 50, ">   def test_update_keeps_other_fields(todo, text):");
      emit (w, 50, "%s", "");
      emit (w, 50, "test/unit/test_update.py:31: ");
      emit (w, 50, "_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _");
      emit (w, 50, "    assert updated[\"checked\"] == todo[\"checked\"]");
      emit (w, 50, RED "E   AssertionError: assert None == False" RESET);
      emit (w, 50, "Falsifying example: test_update_keeps_other_fields(");
      emit (w, 50, "    todo={'id': '0', 'text': '0', 'checked': False, 'createdAt': 0},");
      emit (w, 50, "    text='\\x00',");
      emit (w, 50, ")");
      emit (w, 50, "You can reproduce this example by temporarily adding "
            "@reproduce_failure('6.88.1', b'AXicY2BgYAQAAA0AAg==') as a decorator on your test case");
      emit (w, 200, "=========================== short test summary info "
            "============================");
      emit (w, 50, "FAILED test/unit/test_update.py::test_update_keeps_other_fields - "
            "AssertionError: assert None == False");
      emit (w, 50, RED "========================= " BOLD "1 failed" RESET RED ", " GREEN
            "41 passed" RED " in 38.12s =========================" RESET);
      return;
    }
  emit (w, 50, "============================ Hypothesis Statistics "
        "=============================");
  emit (w, 50, "test/unit/test_create.py::test_create_roundtrip:");
  emit (w, 50, "  - during generate phase (4.21 seconds):");
  emit (w, 50, "    - Typical runtimes: ~ 3-19 ms, of which < 1ms in data generation");
  emit (w, 50, "    - 200 passing examples, 0 failing examples, 14 invalid examples");
  emit (w, 50, "  - Stopped because settings.max_examples=200");
  emit (w, 50, GREEN "============================== " BOLD "42 passed" RESET GREEN
        " in 36.40s ==============================" RESET);
  container (w, 300, "Running command coverage report -m --fail-under=90");
  emit (w, 400, "Name                     Stmts   Miss Branch BrPart  Cover   Missing");
  emit (w, 20, "----------------------------------------------------------------------");
  emit (w, 20, "src/__init__.py              0      0      0      0   100%%");
  emit (w, 20, "src/authorizer.py           41      2     12      1    94%%   58-59");
  emit (w, 20, "src/create.py               28      0      6      0   100%%");
  emit (w, 20, "src/db.py                   64      5     18      3    90%%   77, 91-94");
  emit (w, 20, "src/delete.py               19      0      2      0   100%%");
  emit (w, 20, "src/get.py                  22      1      4      1    92%%   35");
  emit (w, 20, "src/list.py                 24      0      4      0   100%%");
  emit (w, 20, "src/update.py               33      1      8      1    95%%   47");
  emit (w, 20, "----------------------------------------------------------------------");
  emit (w, 20, "TOTAL                      231      9     54      6    95%%");
}

static void
quality_body (Writer  *w,
              gboolean fails)
{
  container (w, 200, "Running command flake8 src test --max-line-length=100");
  if (fails)
    emit (w, 2500, "src/db.py:88:101: E501 line too long (104 > 100 characters)");
  container (w, 2400, "Running command pylint src --fail-under=9.0");
  emit (w, 5000, "************* Module src.db");
  emit (w, 50, "src/db.py:42:0: C0301: Line too long (101/100) (line-too-long)");
  emit (w, 50, "src/db.py:67:4: R1705: Unnecessary \"else\" after \"return\", remove the "
        "\"else\" and de-indent the code inside it (no-else-return)");
  emit (w, 50, "************* Module src.authorizer");
  emit (w, 50, "src/authorizer.py:23:0: W0511: TODO: validate the issuer claim (fixme)");
  emit (w, 100, "%s", "");
  emit (w, 50, "------------------------------------------------------------------");
  emit (w, 50, "Your code has been rated at %s/10 (previous run: 9.52/10, +0.02)",
        fails ? "8.71" : "9.54");
}

static void
security_body (Writer  *w,
               gboolean fails)
{
  container (w, 200, "Running command snyk auth $SNYK_TOKEN");
  emit (w, 1500, "Your account has been authenticated. Snyk is now ready to be used.");
  container (w, 200, "Running command snyk test --severity-threshold=medium");
  emit (w, 6000, "Testing /codebuild/output/src417/src...");
  emit (w, 50, "%s", "");
  if (fails)
    {
      emit (w, 50, "Tested 31 dependencies for known issues, found 1 issue, 1 vulnerable path.");
      emit (w, 50, "%s", "");
      emit (w, 50, "Issues to fix by upgrading dependencies:");
      emit (w, 50, "%s", "");
      emit (w, 50, "  Upgrade requests@2.31.0 to requests@2.32.0 to fix");
      emit (w, 50, "  " YELLOW "✗ Always-Incorrect Control Flow Implementation [Medium Severity]"
            "[https://security.snyk.io/vuln/SNYK-PYTHON-REQUESTS-6928867] in requests@2.31.0"
            RESET);
      emit (w, 50, "    introduced by requests@2.31.0");
      emit (w, 50, "%s", "");
      emit (w, 50, "Organization:      todo-list");
      emit (w, 50, "Package manager:   pip");
      emit (w, 50, "Target file:       requirements.txt");
      emit (w, 50, "Project name:      todo-list-aws");
      emit (w, 50, "Licenses:          enabled");
      return;
    }
  emit (w, 50, "Organization:      todo-list");
  emit (w, 50, "Package manager:   pip");
  emit (w, 50, "Target file:       requirements.txt");
  emit (w, 50, "Project name:      todo-list-aws");
  emit (w, 50, "Licenses:          enabled");
  emit (w, 50, "%s", "");
  emit (w, 50, GREEN "✔ Tested 31 dependencies for known issues, no vulnerable paths found." RESET);
  container (w, 200, "Running command snyk monitor");
  emit (w, 3000, "Monitoring /codebuild/output/src417/src (todo-list-aws)...");
  emit (w, 50, "Explore this snapshot at https://app.snyk.io/org/todo-list/project/"
        "7d1c2b94/history/31c0a2f1");
}

static void
deploy_body (Writer     *w,
             const char *stage,
             gboolean    fails)
{
  g_autofree char *command = g_strdup_printf ("Running command serverless deploy --stage %s "
                                              "--package .serverless", stage);

  container (w, 200, command);
  emit (w, 1500, "Running \"serverless\" from node_modules");
  emit (w, 600, "Deploying todo-list-aws to stage %s (eu-west-1)", stage);
  if (fails)
    {
      emit (w, 20000, RED "✖ Stack todo-list-aws-%s failed to deploy (41s)" RESET, stage);
      emit (w, 50, "Environment: linux, node 18.18.2, framework 3.36.0, plugin 7.1.0, SDK 4.4.0");
      emit (w, 50, RED "Error:" RESET);
      emit (w, 50, "UPDATE_FAILED: CreateTodoLambdaFunction (AWS::Lambda::Function)");
      emit (w, 50, "Resource handler returned message: \"Rate exceeded (Service: Lambda, Status "
            "Code: 429)\"");
      return;
    }
  emit (w, 25000, GREEN "✔ Service deployed to stack todo-list-aws-%s (38s)" RESET, stage);
  emit (w, 50, "%s", "");
  emit (w, 50, "endpoints:");
  emit (w, 50, "  POST - https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/%s/todos", stage);
  emit (w, 50, "  GET - https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/%s/todos", stage);
  emit (w, 50, "  GET - https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/%s/todos/{id}", stage);
  emit (w, 50, "  PUT - https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/%s/todos/{id}", stage);
  emit (w, 50, "  DELETE - https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/%s/todos/{id}", stage);
  emit (w, 50, "functions:");
  emit (w, 50, "  createTodo: todo-list-aws-%s-createTodo (2.1 kB)", stage);
  emit (w, 50, "  listTodos: todo-list-aws-%s-listTodos (2.1 kB)", stage);
  emit (w, 50, "  authorizer: todo-list-aws-%s-authorizer (2.1 kB)", stage);
}

static void
integration_body (Writer  *w,
                  gboolean fails)
{
  container (w, 200, "Running command serverless test --stage staging --config serverless.test.yml");
  emit (w, 1500, "Running \"serverless\" from node_modules");
  emit (w, 2500, "Test Results:");
  emit (w, 50, "%s", "");
  emit (w, 300, "   passed - POST todos");
  emit (w, 300, "   passed - GET todos");
  emit (w, 300, "   passed - GET todos/{id}");
  if (fails)
    {
      emit (w, 300, RED "   failed - PUT todos/{id}" RESET);
      emit (w, 50, "     Expected status 200, got 502: {\"message\": \"Internal server error\"}");
      emit (w, 300, "   passed - DELETE todos/{id}");
      emit (w, 50, "%s", "");
      emit (w, 50, RED "Error: 1 of 5 tests failed" RESET);
      return;
    }
  emit (w, 300, "   passed - PUT todos/{id}");
  emit (w, 300, "   passed - DELETE todos/{id}");
  emit (w, 50, "%s", "");
  emit (w, 50, GREEN "✔ All 5 tests passed" RESET);
}

static void
terraform_body (Writer     *w,
                const char *what,
                gboolean    fails)
{
  container (w, 200, "Running command terraform init -input=false");
  emit (w, 3000, BOLD "Initializing the backend..." RESET);
  emit (w, 1200, "Initializing provider plugins...");
  emit (w, 900, "- Installing hashicorp/aws v5.26.0...");
  emit (w, 50, GREEN "Terraform has been successfully initialized!" RESET);
  if (g_str_equal (what, "terratest"))
    {
      container (w, 200, "Running command go test -v -timeout 30m ./test/...");
      emit (w, 8000, "=== RUN   TestTodoListInfra");
      emit (w, 6000, "TestTodoListInfra 2026-11-26T12:00:00Z retry.go:91: HTTP GET to URL "
            "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/staging/todos");
      if (fails)
        {
          emit (w, 4000, "    infra_test.go:54: " RED "Error: Not equal: expected: 200 actual: 403"
                RESET);
          emit (w, 50, "--- FAIL: TestTodoListInfra (18.06s)");
          emit (w, 50, "FAIL");
          return;
        }
      emit (w, 4000, "--- PASS: TestTodoListInfra (18.06s)");
      emit (w, 50, "PASS");
      emit (w, 50, "ok  	github.com/todo-list/infra/test	18.112s");
      return;
    }
  if (g_str_equal (what, "plan"))
    {
      container (w, 200, "Running command terraform plan -input=false -out=tfplan");
      emit (w, 4000, "module.aurora.aws_rds_cluster.todo: Refreshing state... [id=todo-list-db]");
      emit (w, 300, "module.api.aws_api_gateway_rest_api.todo: Refreshing state... [id=a1b2c3d4e5]");
      emit (w, 300, "module.waf.aws_wafv2_web_acl.todo: Refreshing state... [id=todo-list-aws-waf]");
      emit (w, 1500, "Terraform will perform the following actions:");
      emit (w, 50, YELLOW "  ~" RESET " resource \"aws_wafv2_web_acl\" \"todo\" {");
      emit (w, 50, "        id   = \"todo-list-aws-waf\"");
      emit (w, 50, YELLOW "      ~" RESET " rule { limit = 1500 -> 2000 }");
      emit (w, 50, "    }");
      emit (w, 50, BOLD "Plan:" RESET " 0 to add, 1 to change, 0 to destroy.");
      return;
    }
  container (w, 200, "Running command terraform apply -input=false tfplan");
  emit (w, 3000, "module.waf.aws_wafv2_web_acl.todo: Modifying... [id=todo-list-aws-waf]");
  if (fails)
    {
      emit (w, 5000, RED "Error: updating WAFv2 WebACL (todo-list-aws-waf): "
            "WAFOptimisticLockException: AWS WAF couldn’t save your changes because someone "
            "changed the resource after you started to edit it." RESET);
      return;
    }
  emit (w, 5000, "module.waf.aws_wafv2_web_acl.todo: Modifications complete after 4s");
  emit (w, 50, GREEN BOLD "Apply complete! Resources: 0 added, 1 changed, 0 destroyed." RESET);
}

GArray *
pd_sandbox_build_script (PdSandboxScript  script,
                         gboolean         fails,
                         guint32          seed,
                         gint64           start_ms,
                         gint64          *phase_ends,
                         int             *failed_phase,
                         const char     **summary)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Writer w = { NULL, rand, start_ms, 0 };
  const char *sum = NULL;

  w.lines = g_array_new (FALSE, FALSE, sizeof (PdSandboxScriptLine));
  g_array_set_clear_func (w.lines, line_clear);

  prologue (&w, phase_ends, TRUE);
  switch (script)
    {
    case PD_SANDBOX_SCRIPT_PACKAGE:
      package_body (&w);
      sum = "serverless package";
      break;
    case PD_SANDBOX_SCRIPT_UNIT_TESTS:
      unit_tests_body (&w, fails);
      sum = fails ? "Hypothesis found a falsifying example in test_update_keeps_other_fields"
                  : "42 passed, coverage 95%";
      break;
    case PD_SANDBOX_SCRIPT_QUALITY:
      quality_body (&w, fails);
      sum = fails ? "flake8: E501 line too long; pylint 8.71/10" : "pylint 9.54/10";
      break;
    case PD_SANDBOX_SCRIPT_SECURITY:
      security_body (&w, fails);
      sum = fails ? "Snyk found 1 medium severity issue in requests@2.31.0"
                  : "Snyk: no vulnerable paths";
      break;
    case PD_SANDBOX_SCRIPT_DEPLOY_STAGING:
      deploy_body (&w, "staging", fails);
      sum = fails ? "serverless deploy: UPDATE_FAILED" : "serverless deploy --stage staging";
      break;
    case PD_SANDBOX_SCRIPT_DEPLOY_PRODUCTION:
      deploy_body (&w, "production", fails);
      sum = fails ? "serverless deploy: UPDATE_FAILED" : "serverless deploy --stage production";
      break;
    case PD_SANDBOX_SCRIPT_INTEGRATION:
      integration_body (&w, fails);
      sum = fails ? "serverless test: 1 of 5 tests failed" : "serverless test: 5 passed";
      break;
    case PD_SANDBOX_SCRIPT_TERRAFORM_PLAN:
      terraform_body (&w, "plan", fails);
      sum = "terraform plan: 1 to change";
      break;
    case PD_SANDBOX_SCRIPT_TERRAFORM_APPLY:
      terraform_body (&w, "apply", fails);
      sum = fails ? "terraform apply failed: WAFOptimisticLockException" : "terraform apply";
      break;
    case PD_SANDBOX_SCRIPT_TERRATEST:
      terraform_body (&w, "terratest", fails);
      sum = fails ? "terratest: TestTodoListInfra failed" : "terratest passed";
      break;
    case PD_SANDBOX_SCRIPT_GENERIC:
    default:
      container (&w, 200, "Running command make build test");
      emit (&w, 8000, "make: Entering directory '/codebuild/output/src417/src'");
      emit (&w, 6000, fails ? RED "make: *** [Makefile:12: test] Error 1" RESET
                            : "make: Leaving directory '/codebuild/output/src417/src'");
      sum = fails ? "make build test: Error 1" : "make build test";
      break;
    }

  if (fails)
    container (&w, 200, "Command did not exit successfully with exit status 1");
  epilogue (&w, phase_ends, !fails);
  *failed_phase = fails ? BUILD : -1;
  *summary = sum;
  return w.lines;
}

char *
pd_sandbox_long_log_line (guint64 index)
{
  /* Cheap, deterministic and varied enough to search: a pytest-like line
   * per index, with an occasional warning and ANSI colour. */
  if (index % 997 == 0)
    return g_strdup_printf (YELLOW "WARNING" RESET " hypothesis: example %" G_GUINT64_FORMAT
                            " took 812ms (slow data generation)", index);
  if (index % 101 == 0)
    return g_strdup_printf ("test/unit/test_list.py::test_list_paging[%" G_GUINT64_FORMAT "] "
                            GREEN "PASSED" RESET, index);
  return g_strdup_printf ("[%08" G_GUINT64_FORMAT "] hypothesis example todo={'id': '%"
                          G_GUINT64_FORMAT "', 'text': 'item %" G_GUINT64_FORMAT
                          "', 'checked': %s} ok", index, index * 7919 % 100003, index,
                          index % 2 ? "True" : "False");
}
