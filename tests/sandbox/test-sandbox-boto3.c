/* test-sandbox-boto3.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-sandbox-cicd-private.h"
#include "pd-sandbox.h"
#include "sandbox-test-client.h"

/* boto3 (Debian's python3-boto3) against the sandbox, one script per area. */

typedef struct
{
  PdSandbox *sandbox;
  guint32    seed;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->seed = sandbox_test_choose_seed (GPOINTER_TO_INT (data));
  /* 100x: runs end within seconds, builds last long enough (a second or
   * so) to be stopped while they run, even on a busy machine. */
  fixture->sandbox = pd_sandbox_new_full (100.0, fixture->seed, 0);
  g_assert_true (pd_sandbox_start (fixture->sandbox, 0, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  pd_sandbox_stop (fixture->sandbox);
  g_assert_finalize_object (fixture->sandbox);
}

static void
test_boto3_codepipeline (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *seed = g_strdup_printf ("PD_SANDBOX_SEED=%u", fixture->seed);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "sandbox", "boto3_codepipeline.py",
                                                 NULL);
  const char *argv[] = { "/usr/bin/python3", path, NULL };
  const char *env[] = { seed, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  out = sandbox_test_run_client (fixture->sandbox, argv, env, &status, &err);
  if (status != 0)
    g_test_message ("%s\n%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "checks passed:"));
}

static void
test_boto3_cicd (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *seed = g_strdup_printf ("PD_SANDBOX_SEED=%u", fixture->seed);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "sandbox", "boto3_cicd.py", NULL);
  const char *argv[] = { "/usr/bin/python3", path, NULL };
  const char *env[] = { seed, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  out = sandbox_test_run_client (fixture->sandbox, argv, env, &status, &err);
  if (status != 0)
    g_test_message ("%s\n%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "checks passed:"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/sandbox/boto3/codepipeline", Fixture, GINT_TO_POINTER (SANDBOX_TEST_SEED_ANY),
              fixture_setup, test_boto3_codepipeline, fixture_teardown);
  g_test_add ("/pd/sandbox/boto3/codebuild-codecommit-logs", Fixture, GINT_TO_POINTER (SANDBOX_TEST_SEED_ANY),
              fixture_setup, test_boto3_cicd, fixture_teardown);

  return g_test_run ();
}
