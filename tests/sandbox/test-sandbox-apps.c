/* test-sandbox-apps.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox.h"
#include "sandbox-test-client.h"

/* Real clients against the sandbox's API Gateway, WAFv2, Lambda and
 * CloudWatch: boto3 for every operation, page and error, then Debian's
 * awscli for every operation again. */

typedef struct
{
  PdSandbox *sandbox;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = pd_sandbox_new_full (50.0, 11, 0);
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
test_boto3 (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *out = sandbox_test_run_script (fixture->sandbox, "services_apps.py", NULL);

  g_assert_nonnull (strstr (out, "lambda cloudwatch apigateway wafv2:"));
  g_assert_nonnull (strstr (out, "checks passed"));
}

/* One service per case: the CLI needs about a second per call. */
static void
test_awscli (Fixture       *fixture,
             gconstpointer  data)
{
  const char *service = data;
  const char *args[] = { service, NULL };
  g_autofree char *out = sandbox_test_run_script (fixture->sandbox, "services_awscli.py", args);
  g_autofree char *expected = g_strdup_printf ("services_awscli: %s checked",
                                               g_str_equal (service, "lambda-cloudwatch")
                                               ? "lambda cloudwatch" : service);

  g_assert_nonnull (strstr (out, expected));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pd/sandbox/apps/boto3", Fixture, NULL, fixture_setup, test_boto3,
              fixture_teardown);
  g_test_add ("/pd/sandbox/apps/awscli/apigateway", Fixture, "apigateway", fixture_setup,
              test_awscli, fixture_teardown);
  g_test_add ("/pd/sandbox/apps/awscli/wafv2-acl", Fixture, "wafv2-acl", fixture_setup,
              test_awscli, fixture_teardown);
  g_test_add ("/pd/sandbox/apps/awscli/wafv2-sets", Fixture, "wafv2-sets", fixture_setup,
              test_awscli, fixture_teardown);
  g_test_add ("/pd/sandbox/apps/awscli/lambda-cloudwatch", Fixture, "lambda-cloudwatch",
              fixture_setup, test_awscli, fixture_teardown);
  g_test_add ("/pd/sandbox/apps/awscli/rds-data", Fixture, "rds-data", fixture_setup,
              test_awscli, fixture_teardown);

  return g_test_run ();
}
