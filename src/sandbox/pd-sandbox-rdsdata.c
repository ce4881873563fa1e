/* pd-sandbox-rdsdata.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"
#include "pd-sandbox-mysql.h"
#include "pd-sandbox-pg.h"
#include "pd-sandbox-services-private.h"

/* The RDS Data API (rest-json, all POST): checks the cluster and the secret
 * like the service does, then hands the statement to the private server of
 * the cluster's engine (PostgreSQL for aurora-postgresql, MariaDB for
 * aurora-mysql), which starts on the first call. */

#define DATA_CLUSTER       "todo-list-db"
/* The Data API refuses results over 1 MiB; tests lower it with
 * PD_SANDBOX_DATA_API_LIMIT (bytes). */
#define RESPONSE_LIMIT     (1024 * 1024)
#define DATA_CLUSTER_MYSQL "todo-list-db-mysql"

typedef struct
{
  PdSandbox      *sandbox;
  PdSandboxPg    *pg;
  PdSandboxMysql *mysql;
  /* Calls still to answer DatabaseResumingException, like a cluster that
   * wakes from an auto-pause: PD_SANDBOX_DATA_API_RESUMING at start. */
  guint           resuming_calls;
} RdsData;

static void
rdsdata_free (gpointer data)
{
  RdsData *self = data;

  if (self->pg != NULL)
    pd_sandbox_pg_stop (self->pg);
  g_clear_object (&self->pg);
  if (self->mysql != NULL)
    pd_sandbox_mysql_stop (self->mysql);
  g_clear_object (&self->mysql);
  g_free (self);
}

static void
on_pg_started_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Calls waiting for the server report the failure themselves. */
  if (!pd_sandbox_pg_start_finish (PD_SANDBOX_PG (object), result, &error))
    g_debug ("The Data API database did not start: %s", error->message);
}

static void
on_mysql_started_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pd_sandbox_mysql_start_finish (PD_SANDBOX_MYSQL (object), result, &error))
    g_debug ("The Data API database (MariaDB) did not start: %s", error->message);
}

static void
on_call_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdSandboxRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  if (PD_IS_SANDBOX_MYSQL (object))
    reply = pd_sandbox_mysql_call_finish (PD_SANDBOX_MYSQL (object), result, &error);
  else
    reply = pd_sandbox_pg_call_finish (PD_SANDBOX_PG (object), result, &error);
  if (reply == NULL)
    {
      const char *code = pd_aws_error_get_aws_code (error);
      guint status = pd_aws_error_get_http_status (error);
      const char *message = error->message;

      if (code == NULL)
        code = "InternalServerErrorException";
      if (g_str_has_prefix (message, code) && g_str_has_prefix (message + strlen (code), ": "))
        message += strlen (code) + 2;
      pd_sandbox_request_reply_error (request, status != 0 ? status : 500, code, "%s", message);
      return;
    }

  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), reply);
    const char *override = g_getenv ("PD_SANDBOX_DATA_API_LIMIT");
    gsize limit = override != NULL && g_ascii_strtoull (override, NULL, 10) > 0
                  ? g_ascii_strtoull (override, NULL, 10) : RESPONSE_LIMIT;
    gsize length = 0;
    g_autofree char *text = json_to_string (node, FALSE);

    length = strlen (text);
    if (length > limit)
      {
        pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                        "Database returned more than the allowed response size "
                                        "limit");
        return;
      }
  }

  pd_sandbox_request_reply_json (request, reply);
}

static void
handle (PdSandboxRequest *request,
        RdsData          *self,
        const char       *operation,
        gboolean          needs_sql,
        gboolean          needs_transaction)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *resource_arn;
  const char *secret_arn;
  const char *secret_value;
  const char *cluster_secret = NULL;
  const char *engine = NULL;
  gboolean http_endpoint = FALSE;
  gboolean mysql;
  JsonObject *secret;
  const char *username;
  const char *password;

  resource_arn = pd_sandbox_request_get_string (request, "resourceArn", TRUE, 11, 100, NULL);
  secret_arn = pd_sandbox_request_get_string (request, "secretArn", TRUE, 11, 100, NULL);
  pd_sandbox_request_get_string (request, "sql", needs_sql, 0, 65536, NULL);
  pd_sandbox_request_get_string (request, "transactionId", needs_transaction, 0, 192, NULL);
  pd_sandbox_request_get_string (request, "database", FALSE, 0, 64, NULL);
  pd_sandbox_request_get_string (request, "schema", FALSE, 0, 64, NULL);
  pd_sandbox_request_get_array (request, "parameters", FALSE, 0, G_MAXUINT);
  pd_sandbox_request_get_array (request, "parameterSets", FALSE, 0, G_MAXUINT);
  pd_sandbox_request_get_bool (request, "includeResultMetadata", FALSE);
  if (!pd_sandbox_request_check_valid (request))
    return;

  if (!pd_sandbox_rds_lookup_cluster (request->sandbox, resource_arn, &http_endpoint,
                                      &cluster_secret, &engine))
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Invalid cluster arn: %s", resource_arn);
      return;
    }
  if (!http_endpoint)
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "HttpEndpoint is not enabled for cluster %s. Please refer "
                                      "to https://docs.aws.amazon.com/AmazonRDS/latest/"
                                      "AuroraUserGuide/data-api.html#data-api.troubleshooting",
                                      strrchr (resource_arn, ':') + 1);
      return;
    }

  secret_value = pd_sandbox_secretsmanager_lookup (request->sandbox, secret_arn, NULL);
  if (secret_value == NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Error fetching secret: Secrets Manager can't find the "
                                      "specified secret.");
      return;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, secret_value, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Invalid secret: the secret value is not a JSON object");
      return;
    }
  secret = json_node_get_object (json_parser_get_root (parser));
  username = json_object_get_string_member_with_default (secret, "username", NULL);
  password = json_object_get_string_member_with_default (secret, "password", NULL);
  if (username == NULL || password == NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "BadRequestException",
                                      "Invalid secret: it must hold a username and a password");
      return;
    }

  if (self->resuming_calls > 0)
    {
      self->resuming_calls--;
      pd_sandbox_request_reply_error (request, 400, "DatabaseResumingException",
                                      "The Aurora DB instance %s is resuming after being auto-"
                                      "paused. Please wait a few seconds and try again.",
                                      strrchr (resource_arn, ':') + 1);
      return;
    }

  mysql = g_strcmp0 (engine, "aurora-mysql") == 0;
  if (cluster_secret == NULL ||
      !g_str_has_suffix (resource_arn, mysql ? ":cluster:" DATA_CLUSTER_MYSQL
                                             : ":cluster:" DATA_CLUSTER))
    {
      pd_sandbox_request_reply_error (request, 504, "DatabaseUnavailableException",
                                      "The sandbox backs only the %s and %s clusters with a "
                                      "database", DATA_CLUSTER, DATA_CLUSTER_MYSQL);
      return;
    }

  if ((mysql ? (gpointer) self->mysql : (gpointer) self->pg) == NULL)
    {
      const char *master = pd_sandbox_secretsmanager_lookup (request->sandbox, cluster_secret,
                                                             NULL);
      g_autoptr(JsonParser) master_parser = json_parser_new ();
      JsonObject *master_object;
      const char *master_user;
      const char *master_password;
      const char *master_db;

      if (master == NULL || !json_parser_load_from_data (master_parser, master, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (master_parser)))
        {
          pd_sandbox_request_reply_error (request, 500, "InternalServerErrorException",
                                          "The cluster's master secret is missing");
          return;
        }
      master_object = json_node_get_object (json_parser_get_root (master_parser));
      master_user = json_object_get_string_member_with_default (master_object, "username", "");
      master_password = json_object_get_string_member_with_default (master_object, "password",
                                                                    "");
      master_db = json_object_get_string_member_with_default (master_object, "dbname", "todo");
      if (mysql)
        {
          self->mysql = pd_sandbox_mysql_new (master_user, master_password, master_db);
          pd_sandbox_mysql_start_async (self->mysql, NULL, on_mysql_started_cb, NULL);
        }
      else
        {
          self->pg = pd_sandbox_pg_new (master_user, master_password, master_db);
          pd_sandbox_pg_start_async (self->pg, NULL, on_pg_started_cb, NULL);
        }
    }

  if (mysql)
    pd_sandbox_mysql_call_async (self->mysql, operation, request->input, username, password,
                                 NULL, on_call_done_cb, pd_sandbox_request_ref (request));
  else
    pd_sandbox_pg_call_async (self->pg, operation, request->input, username, password, NULL,
                              on_call_done_cb, pd_sandbox_request_ref (request));
}

static void
execute_statement (PdSandboxRequest *request,
                   gpointer          data)
{
  handle (request, data, "ExecuteStatement", TRUE, FALSE);
}

static void
batch_execute_statement (PdSandboxRequest *request,
                         gpointer          data)
{
  handle (request, data, "BatchExecuteStatement", TRUE, FALSE);
}

static void
begin_transaction (PdSandboxRequest *request,
                   gpointer          data)
{
  handle (request, data, "BeginTransaction", FALSE, FALSE);
}

static void
commit_transaction (PdSandboxRequest *request,
                    gpointer          data)
{
  handle (request, data, "CommitTransaction", FALSE, TRUE);
}

static void
rollback_transaction (PdSandboxRequest *request,
                      gpointer          data)
{
  handle (request, data, "RollbackTransaction", FALSE, TRUE);
}

static const PdSandboxOperation rdsdata_operations[] = {
  { "ExecuteStatement", "POST", "/Execute", execute_statement },
  { "BatchExecuteStatement", "POST", "/BatchExecute", batch_execute_statement },
  { "BeginTransaction", "POST", "/BeginTransaction", begin_transaction },
  { "CommitTransaction", "POST", "/CommitTransaction", commit_transaction },
  { "RollbackTransaction", "POST", "/RollbackTransaction", rollback_transaction },
};

static const PdSandboxServiceInfo rdsdata_info = {
  .signing_name = "rds-data",
  .protocol = PD_SANDBOX_PROTOCOL_REST_JSON,
  .validation_code = "BadRequestException",
  .fault_name = "rds-data",
  .operations = rdsdata_operations,
  .n_operations = G_N_ELEMENTS (rdsdata_operations),
};

void
pd_sandbox_rdsdata_register (PdSandbox *sandbox)
{
  RdsData *self = g_new0 (RdsData, 1);
  const char *resuming = g_getenv ("PD_SANDBOX_DATA_API_RESUMING");

  self->sandbox = sandbox;
  if (resuming != NULL)
    self->resuming_calls = (guint) MIN (g_ascii_strtoull (resuming, NULL, 10), 1000);
  pd_sandbox_register_service (sandbox, &rdsdata_info, self, rdsdata_free);
}
