/* pd-aws-endpoints.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "pd-aws-endpoints.h"
#include "pd-aws-error.h"
#include "pd-aws-loopback-private.h"

static const PdAwsService services[] = {
  { "codepipeline", PD_AWS_PROTOCOL_JSON, "1.1", "CodePipeline_20150709", "codepipeline",
    "codepipeline", "2015-07-09", "CodePipeline", "CODEPIPELINE", "codepipeline", NULL },
  { "codebuild", PD_AWS_PROTOCOL_JSON, "1.1", "CodeBuild_20161006", "codebuild",
    "codebuild", "2016-10-06", "CodeBuild", "CODEBUILD", "codebuild", NULL },
  { "logs", PD_AWS_PROTOCOL_JSON, "1.1", "Logs_20140328", "logs",
    "logs", "2014-03-28", "CloudWatch Logs", "CLOUDWATCH_LOGS", "cloudwatch_logs", NULL },
  { "apigateway", PD_AWS_PROTOCOL_REST_JSON, NULL, NULL, "apigateway",
    "apigateway", "2015-07-09", "API Gateway", "API_GATEWAY", "api_gateway", NULL },
  { "wafv2", PD_AWS_PROTOCOL_JSON, "1.1", "AWSWAF_20190729", "wafv2",
    "wafv2", "2019-07-29", "WAFV2", "WAFV2", "wafv2", NULL },
  { "rds-data", PD_AWS_PROTOCOL_REST_JSON, "1.1", NULL, "rds-data",
    "rds-data", "2018-08-01", "RDS Data", "RDS_DATA", "rds_data", NULL },
  { "rds", PD_AWS_PROTOCOL_QUERY, NULL, NULL, "rds",
    "rds", "2014-10-31", "RDS", "RDS", "rds", "http://rds.amazonaws.com/doc/2014-10-31/" },
  { "sts", PD_AWS_PROTOCOL_QUERY, NULL, NULL, "sts",
    "sts", "2011-06-15", "STS", "STS", "sts", "https://sts.amazonaws.com/doc/2011-06-15/" },
  { "lambda", PD_AWS_PROTOCOL_REST_JSON, NULL, NULL, "lambda",
    "lambda", "2015-03-31", "Lambda", "LAMBDA", "lambda", NULL },
  { "cloudwatch", PD_AWS_PROTOCOL_QUERY, NULL, NULL, "monitoring",
    "monitoring", "2010-08-01", "CloudWatch", "CLOUDWATCH", "cloudwatch",
    "http://monitoring.amazonaws.com/doc/2010-08-01/" },
  { "codecommit", PD_AWS_PROTOCOL_JSON, "1.1", "CodeCommit_20150413", "codecommit",
    "codecommit", "2015-04-13", "CodeCommit", "CODECOMMIT", "codecommit", NULL },
  { "secretsmanager", PD_AWS_PROTOCOL_JSON, "1.1", "secretsmanager", "secretsmanager",
    "secretsmanager", "2017-10-17", "Secrets Manager", "SECRETS_MANAGER", "secrets_manager",
    NULL },
};

/* Regions whose STS calls go to sts.amazonaws.com under the legacy setting. */
static const char * const sts_legacy_global_regions[] = {
  "aws-global", "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
  "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3",
  "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  NULL
};

static gboolean
is_true (const char *value)
{
  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

static const char *
non_empty (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* A literal loopback address (127.0.0.0/8, ::1) or the name "localhost",
 * which GLib's resolver answers itself with ::1 and 127.0.0.1, whatever the
 * system's resolver, hosts file or an installed GResolver would say. */
static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    return FALSE;

  /* 127.0.0.0/8 and ::1; GLib's test covers exactly these */
  return g_inet_address_get_is_loopback (address);
}

static gboolean
host_is_address (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  return address != NULL;
}

/**
 * pd_aws_service_lookup:
 * @name: a botocore service name (`codepipeline`, `logs`, `rds-data`…);
 *   `monitoring` is accepted for `cloudwatch`
 *
 * Returns: (nullable) (transfer none): the service, or %NULL if unknown
 */
const PdAwsService *
pd_aws_service_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    if (g_ascii_strcasecmp (services[i].name, name) == 0 ||
        g_ascii_strcasecmp (services[i].endpoint_prefix, name) == 0)
      return &services[i];

  return NULL;
}

/**
 * pd_aws_service_get_all:
 * @n_services: (out): where to store the number of services
 *
 * Returns: (transfer none) (array length=n_services): every known service
 */
const PdAwsService *
pd_aws_service_get_all (guint *n_services)
{
  g_return_val_if_fail (n_services != NULL, NULL);

  *n_services = G_N_ELEMENTS (services);
  return services;
}

/**
 * pd_aws_region_is_sts_global:
 * @region: a region name
 *
 * Whether the legacy STS setting sends calls for @region to the global
 * endpoint `sts.amazonaws.com`.
 *
 * Returns: %TRUE for the legacy-global regions
 */
gboolean
pd_aws_region_is_sts_global (const char *region)
{
  g_return_val_if_fail (region != NULL, FALSE);

  return g_strv_contains (sts_legacy_global_regions, region);
}

/**
 * pd_aws_endpoint_url_check:
 * @url: an endpoint URL
 * @error: return location for a #GError
 *
 * Checks that @url is an absolute `https://` URL, or an `http://` URL to a
 * loopback address (127.0.0.0/8, ::1), to `localhost` or to another host
 * name, with a host and no user information, query or fragment.
 *
 * An `http://` URL to a host name other than `localhost` passes only
 * provisionally, as a name cannot be resolved here without blocking: the
 * endpoint made of it has #PdAwsEndpoint.loopback_name set, and
 * #PdAwsClient sends nothing to it until the name has resolved to loopback
 * addresses alone, then connects to those addresses. An `http://` URL to
 * any other address literal is refused here.
 *
 * Returns: %TRUE if Pipedeck may send requests to @url (for a name over
 *   `http://`, once it resolves to loopback addresses alone)
 */
gboolean
pd_aws_endpoint_url_check (const char  *url,
                           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT,
                   "Malformed endpoint URL “%s”: %s", url, local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0')
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT,
                   "Endpoint URL “%s” has no host", url);
      return FALSE;
    }
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT,
                   "Endpoint URL “%s” must not have user information, a query or a fragment",
                   url);
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      /* A name is checked by the client, which resolves it before sending */
      if (host_is_loopback (host) || !host_is_address (host))
        return TRUE;
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT,
                   "Refusing plain http:// to “%s”: unencrypted requests only go to "
                   PD_AWS_LOOPBACK_RULE "; use https://", host);
      return FALSE;
    }

  g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT,
               "Endpoint URL “%s” has the unsupported scheme “%s”", url, scheme);
  return FALSE;
}

static PdAwsEndpoint *
endpoint_new_from_url (const char          *url,
                       const PdAwsService  *service,
                       const char          *signing_region,
                       gboolean             is_custom,
                       GError             **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  g_autofree char *base = NULL;
  PdAwsEndpoint *self;
  int port;
  int default_port;

  if (!pd_aws_endpoint_url_check (url, error))
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  port = g_uri_get_port (uri);
  default_port = g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (strchr (host, ':') != NULL)
    {
      char *bracketed = g_strdup_printf ("[%s]", host);

      g_free (host);
      host = bracketed;
    }
  if (port > 0 && port != default_port)
    {
      char *with_port = g_strdup_printf ("%s:%d", host, port);

      g_free (host);
      host = with_port;
    }

  base = g_strdup_printf ("%s://%s%s", default_port == 443 ? "https" : "http",
                          host, g_uri_get_path (uri));
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  self = g_new0 (PdAwsEndpoint, 1);
  self->url = g_steal_pointer (&base);
  self->host = g_steal_pointer (&host);
  self->signing_region = g_strdup (signing_region);
  self->signing_name = g_strdup (service->signing_name);
  self->is_custom = is_custom;
  if (default_port == 80 && !host_is_loopback (g_uri_get_host (uri)))
    self->loopback_name = g_ascii_strdown (g_uri_get_host (uri), -1);

  return self;
}

static char *
lookup_config (PdAwsConfigLookupFunc  lookup,
               gpointer               lookup_data,
               const char            *key)
{
  char *value;

  if (lookup == NULL)
    return NULL;

  value = lookup (key, lookup_data);
  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);

  return value;
}

static gboolean
region_is_valid (const char *region)
{
  if (region == NULL || region[0] == '\0' || strlen (region) > 64)
    return FALSE;

  for (const char *p = region; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

/**
 * pd_aws_endpoint_resolve:
 * @service: the service
 * @region: the region of the account
 * @account_override: (nullable): the account's endpoint URL, which wins
 * @lookup: (nullable) (scope call): reads the active profile's settings
 * @lookup_data: data for @lookup
 * @error: return location for a #GError
 *
 * Chooses the endpoint for @service in @region. The first of these wins:
 * the account's endpoint URL; `AWS_ENDPOINT_URL_<SERVICE>`;
 * `AWS_ENDPOINT_URL`; the `endpoint_url` of the profile's services section
 * for @service; the profile's `endpoint_url` (the SDKs' order: the
 * environment beats the files); the AWS rule
 * `https://{prefix}.{region}.amazonaws.com` with STS's global endpoint for the
 * legacy setting. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or
 * `ignore_configured_endpoint_urls = true` in the profile; the environment
 * decides first) drops every configured URL but the account's. A custom
 * URL keeps the signing region and name of the service.
 *
 * Returns: (transfer full): the endpoint, or %NULL with %PD_AWS_ERROR_ENDPOINT
 */
PdAwsEndpoint *
pd_aws_endpoint_resolve (const PdAwsService     *service,
                         const char             *region,
                         const char             *account_override,
                         PdAwsConfigLookupFunc   lookup,
                         gpointer                lookup_data,
                         GError                **error)
{
  g_autofree char *env_var = NULL;
  g_autofree char *profile_ignore = NULL;
  g_autofree char *sts_setting = NULL;
  g_autofree char *default_url = NULL;
  const char *env_ignore;
  const char *signing_region;
  gboolean ignore_configured;

  g_return_val_if_fail (service != NULL, NULL);

  if (!region_is_valid (region))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT,
                   "Invalid or missing region “%s”", region != NULL ? region : "");
      return NULL;
    }

  signing_region = region;
  if (g_str_equal (service->name, "sts") && g_str_equal (region, "aws-global"))
    signing_region = "us-east-1";

  if (non_empty (account_override))
    return endpoint_new_from_url (account_override, service, signing_region, TRUE, error);

  env_ignore = non_empty (g_getenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
  if (env_ignore != NULL)
    ignore_configured = is_true (env_ignore);
  else
    {
      profile_ignore = lookup_config (lookup, lookup_data, "ignore_configured_endpoint_urls");
      ignore_configured = is_true (profile_ignore);
    }

  if (!ignore_configured)
    {
      g_autofree char *service_key = NULL;
      g_autofree char *services_url = NULL;
      g_autofree char *profile_url = NULL;
      const char *url;

      env_var = g_strconcat ("AWS_ENDPOINT_URL_", service->env_name, NULL);
      if ((url = non_empty (g_getenv (env_var))) != NULL)
        return endpoint_new_from_url (url, service, signing_region, TRUE, error);

      if ((url = non_empty (g_getenv ("AWS_ENDPOINT_URL"))) != NULL)
        return endpoint_new_from_url (url, service, signing_region, TRUE, error);

      service_key = g_strdup_printf ("services.%s.endpoint_url", service->config_key);
      if ((services_url = lookup_config (lookup, lookup_data, service_key)) != NULL)
        return endpoint_new_from_url (services_url, service, signing_region, TRUE, error);

      if ((profile_url = lookup_config (lookup, lookup_data, "endpoint_url")) != NULL)
        return endpoint_new_from_url (profile_url, service, signing_region, TRUE, error);
    }

  if (g_str_equal (service->name, "sts"))
    {
      const char *env_sts = non_empty (g_getenv ("AWS_STS_REGIONAL_ENDPOINTS"));
      gboolean legacy;

      if (env_sts == NULL)
        sts_setting = lookup_config (lookup, lookup_data, "sts_regional_endpoints");
      legacy = g_strcmp0 (env_sts != NULL ? env_sts : sts_setting, "legacy") == 0;

      if (g_str_equal (region, "aws-global") ||
          (legacy && pd_aws_region_is_sts_global (region)))
        return endpoint_new_from_url ("https://sts.amazonaws.com", service, "us-east-1",
                                      FALSE, error);
    }

  default_url = g_strdup_printf ("https://%s.%s.amazonaws.com", service->endpoint_prefix, region);
  return endpoint_new_from_url (default_url, service, signing_region, FALSE, error);
}

/**
 * pd_aws_endpoint_free:
 * @self: (transfer full): an endpoint
 *
 * Frees @self.
 */
void
pd_aws_endpoint_free (PdAwsEndpoint *self)
{
  if (self == NULL)
    return;

  g_free (self->url);
  g_free (self->host);
  g_free (self->signing_region);
  g_free (self->signing_name);
  g_free (self->loopback_name);
  g_free (self);
}
