/* pd-sandbox-sts.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-services-private.h"

/* STS (query protocol): GetCallerIdentity and AssumeRole. AssumeRole
 * issues temporary credentials through the sandbox's registry, so requests
 * signed with them are accepted until they expire. */

typedef struct
{
  const char *name;
  gint64      max_session_seconds;
} Role;

static const Role roles[] = {
  { "pipedeck-readonly", 3600 },
  { "todo-list-aws-deployer", 43200 },
  { "dashbird-readonly", 3600 },
  { "terraform-apply", 7200 },
};

typedef struct
{
  PdSandbox *sandbox;
} Sts;

static gint64
min_duration (void)
{
  /* Tests shorten sessions to see them expire; AWS's floor otherwise. */
  const char *value = g_getenv ("PD_SANDBOX_STS_MIN_DURATION");
  gint64 parsed = value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;

  return parsed > 0 && parsed < 900 ? parsed : 900;
}

static void
get_caller_identity (PdSandboxRequest *request,
                     gpointer          data)
{
  const char *account = pd_sandbox_request_get_account_id (request);
  const PdSandboxTemporaryCredentials *creds;
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autofree char *user_arn = NULL;

  creds = pd_sandbox_lookup_temporary_credentials (request->sandbox, request->access_key_id);
  if (creds != NULL)
    {
      const char *session = strrchr (creds->arn, '/');

      pd_sandbox_xml_append (xml, "Arn", creds->arn);
      {
        g_autofree char *user_id = g_strdup_printf ("AROAQSANDBOXROLE7X2K%s",
                                                    session != NULL ? session + 1 : "");

        g_strdelimit (user_id, "/", ':');
        pd_sandbox_xml_append (xml, "UserId", user_id);
      }
    }
  else
    {
      user_arn = g_strdup_printf ("arn:aws:iam::%s:user/pipedeck-sandbox", account);
      pd_sandbox_xml_append (xml, "Arn", user_arn);
      pd_sandbox_xml_append (xml, "UserId", "AIDAQSANDBOXUSER4Q7Z");
    }
  pd_sandbox_xml_append (xml, "Account", account);
  pd_sandbox_request_reply_xml (request, xml->str);
}

static gboolean
valid_session_name (const char *name)
{
  gsize len = strlen (name);

  if (len < 2 || len > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_+=,.@-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static void
assume_role (PdSandboxRequest *request,
             gpointer          data)
{
  const char *account = pd_sandbox_request_get_account_id (request);
  const char *role_arn = g_hash_table_lookup (request->params, "RoleArn");
  const char *session = g_hash_table_lookup (request->params, "RoleSessionName");
  const char *duration_text = g_hash_table_lookup (request->params, "DurationSeconds");
  const PdSandboxTemporaryCredentials *creds;
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autofree char *expiration_text = NULL;
  g_autofree char *assumed_arn = NULL;
  g_autofree char *assumed_id = NULL;
  g_autofree char *prefix = NULL;
  const Role *role = NULL;
  gint64 duration = 3600;

  if (role_arn == NULL || session == NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "ValidationError",
                                      "1 validation error detected: Value null at '%s' failed "
                                      "to satisfy constraint: Member must not be null",
                                      role_arn == NULL ? "roleArn" : "roleSessionName");
      return;
    }
  if (!valid_session_name (session))
    {
      pd_sandbox_request_reply_error (request, 400, "ValidationError",
                                      "1 validation error detected: Value '%s' at "
                                      "'roleSessionName' failed to satisfy constraint: Member "
                                      "must satisfy regular expression pattern: [\\w+=,.@-]*",
                                      session);
      return;
    }
  if (strlen (role_arn) < 20 || !g_str_has_prefix (role_arn, "arn:aws:iam::") ||
      strstr (role_arn, ":role/") == NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "ValidationError", "%s is invalid",
                                      role_arn);
      return;
    }
  if (duration_text != NULL)
    {
      char *end = NULL;

      duration = g_ascii_strtoll (duration_text, &end, 10);
      if (end == duration_text || *end != '\0' || duration < min_duration () || duration > 43200)
        {
          pd_sandbox_request_reply_error (request, 400, "ValidationError",
                                          "1 validation error detected: Value '%s' at "
                                          "'durationSeconds' failed to satisfy constraint: "
                                          "Member must have value %s %s",
                                          duration_text,
                                          duration > 43200 ? "less than or equal to"
                                                           : "greater than or equal to",
                                          duration > 43200 ? "43200" : "900");
          return;
        }
    }

  prefix = g_strdup_printf ("arn:aws:iam::%s:role/", account);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_str_has_prefix (role_arn, prefix) && g_str_equal (role_arn + strlen (prefix), roles[i].name))
      role = &roles[i];
  if (role == NULL)
    {
      const PdSandboxTemporaryCredentials *caller =
        pd_sandbox_lookup_temporary_credentials (request->sandbox, request->access_key_id);
      g_autofree char *caller_arn = caller != NULL
        ? g_strdup (caller->arn)
        : g_strdup_printf ("arn:aws:iam::%s:user/pipedeck-sandbox", account);

      pd_sandbox_request_reply_error (request, 403, "AccessDenied",
                                      "User: %s is not authorized to perform: sts:AssumeRole on "
                                      "resource: %s", caller_arn, role_arn);
      return;
    }
  if (duration > role->max_session_seconds)
    {
      pd_sandbox_request_reply_error (request, 400, "ValidationError",
                                      "The requested DurationSeconds exceeds the "
                                      "MaxSessionDuration set for this role.");
      return;
    }

  assumed_arn = g_strdup_printf ("arn:aws:sts::%s:assumed-role/%s/%s", account, role->name,
                                 session);
  assumed_id = g_strdup_printf ("AROAQSANDBOXROLE7X2K:%s", session);
  creds = pd_sandbox_issue_temporary_credentials (request->sandbox, assumed_arn, duration);
  expiration_text = pd_sandbox_format_iso8601 (creds->expiration_us / 1000);

  g_string_append (xml, "<Credentials>");
  pd_sandbox_xml_append (xml, "AccessKeyId", creds->access_key_id);
  pd_sandbox_xml_append (xml, "SecretAccessKey", creds->secret_access_key);
  pd_sandbox_xml_append (xml, "SessionToken", creds->session_token);
  pd_sandbox_xml_append (xml, "Expiration", expiration_text);
  g_string_append (xml, "</Credentials><AssumedRoleUser>");
  pd_sandbox_xml_append (xml, "AssumedRoleId", assumed_id);
  pd_sandbox_xml_append (xml, "Arn", assumed_arn);
  g_string_append (xml, "</AssumedRoleUser>");
  pd_sandbox_request_reply_xml (request, xml->str);
}

static const PdSandboxOperation sts_operations[] = {
  { "GetCallerIdentity", NULL, NULL, get_caller_identity },
  { "AssumeRole", NULL, NULL, assume_role },
};

static const PdSandboxServiceInfo sts_info = {
  .signing_name = "sts",
  .protocol = PD_SANDBOX_PROTOCOL_QUERY,
  .api_version = "2011-06-15",
  .xml_namespace = "https://sts.amazonaws.com/doc/2011-06-15/",
  .validation_code = "ValidationError",
  .fault_name = "sts",
  .operations = sts_operations,
  .n_operations = G_N_ELEMENTS (sts_operations),
};

void
pd_sandbox_sts_register (PdSandbox *sandbox)
{
  Sts *self = g_new0 (Sts, 1);

  self->sandbox = sandbox;
  pd_sandbox_register_service (sandbox, &sts_info, self, g_free);
}
