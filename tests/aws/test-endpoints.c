/* test-endpoints.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-endpoints.h"
#include "pd-aws-error.h"

static char *
lookup_cb (const char *key,
           gpointer    user_data)
{
  GHashTable *table = user_data;

  return g_strdup (g_hash_table_lookup (table, key));
}

static void
clear_env (void)
{
  guint n;
  const PdAwsService *all = pd_aws_service_get_all (&n);

  g_unsetenv ("AWS_ENDPOINT_URL");
  g_unsetenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  g_unsetenv ("AWS_STS_REGIONAL_ENDPOINTS");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *var = g_strconcat ("AWS_ENDPOINT_URL_", all[i].env_name, NULL);

      g_unsetenv (var);
    }
}

static PdAwsEndpoint *
resolve (const char *service,
         const char *region,
         const char *account,
         GHashTable *config)
{
  g_autoptr(GError) error = NULL;
  PdAwsEndpoint *endpoint;

  endpoint = pd_aws_endpoint_resolve (pd_aws_service_lookup (service), region, account,
                                      config != NULL ? lookup_cb : NULL, config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (endpoint);
  return endpoint;
}

static void
test_every_service (void)
{
  static const struct {
    const char *name;
    const char *url;
    const char *signing;
    const char *env;
  } expected[] = {
    { "codepipeline", "https://codepipeline.eu-west-1.amazonaws.com", "codepipeline", "CODEPIPELINE" },
    { "codebuild", "https://codebuild.eu-west-1.amazonaws.com", "codebuild", "CODEBUILD" },
    { "logs", "https://logs.eu-west-1.amazonaws.com", "logs", "CLOUDWATCH_LOGS" },
    { "apigateway", "https://apigateway.eu-west-1.amazonaws.com", "apigateway", "API_GATEWAY" },
    { "wafv2", "https://wafv2.eu-west-1.amazonaws.com", "wafv2", "WAFV2" },
    { "rds-data", "https://rds-data.eu-west-1.amazonaws.com", "rds-data", "RDS_DATA" },
    { "rds", "https://rds.eu-west-1.amazonaws.com", "rds", "RDS" },
    { "sts", "https://sts.eu-west-1.amazonaws.com", "sts", "STS" },
    { "lambda", "https://lambda.eu-west-1.amazonaws.com", "lambda", "LAMBDA" },
    { "cloudwatch", "https://monitoring.eu-west-1.amazonaws.com", "monitoring", "CLOUDWATCH" },
    { "codecommit", "https://codecommit.eu-west-1.amazonaws.com", "codecommit", "CODECOMMIT" },
    { "secretsmanager", "https://secretsmanager.eu-west-1.amazonaws.com", "secretsmanager", "SECRETS_MANAGER" },
  };
  guint n;

  clear_env ();
  pd_aws_service_get_all (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(PdAwsEndpoint) endpoint = resolve (expected[i].name, "eu-west-1", NULL, NULL);
      const PdAwsService *service = pd_aws_service_lookup (expected[i].name);

      g_assert_cmpstr (endpoint->url, ==, expected[i].url);
      g_assert_cmpstr (endpoint->signing_name, ==, expected[i].signing);
      g_assert_cmpstr (endpoint->signing_region, ==, "eu-west-1");
      g_assert_cmpstr (service->env_name, ==, expected[i].env);
      g_assert_false (endpoint->is_custom);
    }

  g_assert_true (pd_aws_service_lookup ("monitoring") == pd_aws_service_lookup ("cloudwatch"));
  g_assert_null (pd_aws_service_lookup ("s3"));
  g_assert_cmpstr (pd_aws_service_lookup ("secretsmanager")->target_prefix, ==, "secretsmanager");
  g_assert_cmpstr (pd_aws_service_lookup ("logs")->config_key, ==, "cloudwatch_logs");
}

static void
test_sts (void)
{
  g_autoptr(PdAwsEndpoint) regional = NULL;
  g_autoptr(PdAwsEndpoint) legacy = NULL;
  g_autoptr(PdAwsEndpoint) opt_in = NULL;
  g_autoptr(PdAwsEndpoint) global = NULL;
  g_autoptr(PdAwsEndpoint) from_profile = NULL;
  g_autoptr(GHashTable) config = g_hash_table_new (g_str_hash, g_str_equal);

  clear_env ();
  regional = resolve ("sts", "eu-west-1", NULL, NULL);
  g_assert_cmpstr (regional->url, ==, "https://sts.eu-west-1.amazonaws.com");

  g_setenv ("AWS_STS_REGIONAL_ENDPOINTS", "legacy", TRUE);
  legacy = resolve ("sts", "eu-west-1", NULL, NULL);
  g_assert_cmpstr (legacy->url, ==, "https://sts.amazonaws.com");
  g_assert_cmpstr (legacy->signing_region, ==, "us-east-1");
  opt_in = resolve ("sts", "ap-east-1", NULL, NULL);
  g_assert_cmpstr (opt_in->url, ==, "https://sts.ap-east-1.amazonaws.com");
  g_assert_cmpstr (opt_in->signing_region, ==, "ap-east-1");
  g_unsetenv ("AWS_STS_REGIONAL_ENDPOINTS");

  global = resolve ("sts", "aws-global", NULL, NULL);
  g_assert_cmpstr (global->url, ==, "https://sts.amazonaws.com");
  g_assert_cmpstr (global->signing_region, ==, "us-east-1");

  g_hash_table_insert (config, "sts_regional_endpoints", "legacy");
  from_profile = resolve ("sts", "us-west-2", NULL, config);
  g_assert_cmpstr (from_profile->url, ==, "https://sts.amazonaws.com");

  g_assert_true (pd_aws_region_is_sts_global ("sa-east-1"));
  g_assert_false (pd_aws_region_is_sts_global ("af-south-1"));
}

static void
test_precedence (void)
{
  g_autoptr(GHashTable) config = g_hash_table_new (g_str_hash, g_str_equal);
  PdAwsEndpoint *endpoint;

  clear_env ();
  g_hash_table_insert (config, "endpoint_url", "http://127.0.0.1:1005");
  g_hash_table_insert (config, "services.cloudwatch_logs.endpoint_url", "http://127.0.0.1:1003");
  g_setenv ("AWS_ENDPOINT_URL", "http://127.0.0.1:1004", TRUE);
  g_setenv ("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://127.0.0.1:1002/base/", TRUE);

  endpoint = resolve ("logs", "eu-west-1", "http://localhost:1001", config);
  g_assert_cmpstr (endpoint->url, ==, "http://localhost:1001");
  g_assert_cmpstr (endpoint->host, ==, "localhost:1001");
  g_assert_true (endpoint->is_custom);
  pd_aws_endpoint_free (endpoint);

  endpoint = resolve ("logs", "eu-west-1", NULL, config);
  g_assert_cmpstr (endpoint->url, ==, "http://127.0.0.1:1002/base");
  g_assert_cmpstr (endpoint->signing_region, ==, "eu-west-1");
  g_assert_cmpstr (endpoint->signing_name, ==, "logs");
  pd_aws_endpoint_free (endpoint);

  /* the environment beats the files */
  g_unsetenv ("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS");
  endpoint = resolve ("logs", "eu-west-1", NULL, config);
  g_assert_cmpstr (endpoint->url, ==, "http://127.0.0.1:1004");
  pd_aws_endpoint_free (endpoint);

  g_unsetenv ("AWS_ENDPOINT_URL");
  endpoint = resolve ("logs", "eu-west-1", NULL, config);
  g_assert_cmpstr (endpoint->url, ==, "http://127.0.0.1:1003");
  pd_aws_endpoint_free (endpoint);

  /* the services section only applies to its own service */
  endpoint = resolve ("codebuild", "eu-west-1", NULL, config);
  g_assert_cmpstr (endpoint->url, ==, "http://127.0.0.1:1005");
  pd_aws_endpoint_free (endpoint);

  /* ignore everything configured, but not the account's own override */
  g_setenv ("AWS_ENDPOINT_URL", "http://127.0.0.1:1004", TRUE);
  g_setenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", TRUE);
  endpoint = resolve ("codebuild", "eu-west-1", NULL, config);
  g_assert_cmpstr (endpoint->url, ==, "https://codebuild.eu-west-1.amazonaws.com");
  pd_aws_endpoint_free (endpoint);
  endpoint = resolve ("codebuild", "eu-west-1", "https://proxy.example.com:8443", config);
  g_assert_cmpstr (endpoint->url, ==, "https://proxy.example.com:8443");
  g_assert_cmpstr (endpoint->host, ==, "proxy.example.com:8443");
  pd_aws_endpoint_free (endpoint);

  /* the environment decides before the profile */
  g_setenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false", TRUE);
  g_hash_table_insert (config, "ignore_configured_endpoint_urls", "true");
  endpoint = resolve ("codebuild", "eu-west-1", NULL, config);
  g_assert_cmpstr (endpoint->url, ==, "http://127.0.0.1:1004");
  pd_aws_endpoint_free (endpoint);
  g_unsetenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  endpoint = resolve ("codebuild", "eu-west-1", NULL, config);
  g_assert_cmpstr (endpoint->url, ==, "https://codebuild.eu-west-1.amazonaws.com");
  pd_aws_endpoint_free (endpoint);

  clear_env ();
}

static void
test_loopback_only (void)
{
  static const char * const accepted[] = {
    "http://127.0.0.1:4566", "http://127.3.4.5", "http://localhost:80/", "http://LOCALHOST:9",
    "http://[::1]:4566", "https://example.com", "https://10.0.0.1:8443/prefix",
  };
  /* names pass provisionally: the client resolves them before sending */
  static const struct {
    const char *url;
    const char *name;
    const char *host;
  } names[] = {
    { "http://localhost.localstack.cloud:4566", "localhost.localstack.cloud",
      "localhost.localstack.cloud:4566" },
    { "http://Emulator.TEST:4566/base/", "emulator.test", "emulator.test:4566" },
    { "http://example.com", "example.com", "example.com" },
    { "http://localhost.example.com:80", "localhost.example.com", "localhost.example.com" },
    { "http://localhost.", "localhost.", "localhost." },
  };
  static const char * const refused[] = {
    "http://10.0.0.1:4566", "http://128.0.0.1", "http://[::2]:80", "http://0.0.0.0:4566",
    "http://192.168.1.10", "http://[::ffff:127.0.0.1]:4566", "http://[fe80::1]",
    "ftp://127.0.0.1", "file:///etc/passwd", "127.0.0.1:4566",
    "http://", "https://user:pw@example.com", "https://example.com/?a=b", "not a url",
    "http://127.0.0.1:99999", "http://user@emulator.test", "http://emulator.test/#x", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdAwsEndpoint) endpoint = NULL;

      g_assert_true (pd_aws_endpoint_url_check (accepted[i], &error));
      g_assert_no_error (error);

      /* a literal loopback address, localhost or https: nothing to resolve */
      endpoint = resolve ("sts", "eu-west-1", accepted[i], NULL);
      g_assert_null (endpoint->loopback_name);
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdAwsEndpoint) endpoint = NULL;

      g_assert_true (pd_aws_endpoint_url_check (names[i].url, &error));
      g_assert_no_error (error);

      endpoint = resolve ("logs", "eu-west-1", names[i].url, NULL);
      g_assert_cmpstr (endpoint->loopback_name, ==, names[i].name);
      g_assert_cmpstr (endpoint->host, ==, names[i].host);
      g_assert_true (g_str_has_prefix (endpoint->url, "http://"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdAwsEndpoint) endpoint = NULL;

      g_assert_false (pd_aws_endpoint_url_check (refused[i], &error));
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT);
      g_clear_error (&error);

      endpoint = pd_aws_endpoint_resolve (pd_aws_service_lookup ("sts"), "eu-west-1",
                                          refused[i][0] != '\0' ? refused[i] : "http://10.0.0.1",
                                          NULL, NULL, &error);
      g_assert_null (endpoint);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pd_aws_endpoint_url_check ("http://10.0.0.1:4566", &error));
    g_assert_nonnull (strstr (error->message, "“10.0.0.1”"));
    g_assert_nonnull (strstr (error->message, "names that resolve only to loopback addresses"));
    g_assert_nonnull (strstr (error->message, "https://"));
  }
}

static void
test_bad_region (void)
{
  static const char * const regions[] = { "", "eu west 1", "eu-west-1.evil.com", "a/b" };

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdAwsEndpoint) endpoint = NULL;

      endpoint = pd_aws_endpoint_resolve (pd_aws_service_lookup ("logs"), regions[i], NULL,
                                          NULL, NULL, &error);
      g_assert_null (endpoint);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/aws/endpoints/every-service", test_every_service);
  g_test_add_func ("/pd/aws/endpoints/sts", test_sts);
  g_test_add_func ("/pd/aws/endpoints/precedence", test_precedence);
  g_test_add_func ("/pd/aws/endpoints/loopback-only", test_loopback_only);
  g_test_add_func ("/pd/aws/endpoints/bad-region", test_bad_region);

  return g_test_run ();
}
