/* pd-overview.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-function-store.h"
#include "pd-overview.h"
#include "pd-util.h"

/* The Overview's numbers, read with small readers of their own (first
 * pages only) so that they do not depend on the other sections: every
 * request of every tile goes through one queue with at most
 * MAX_IN_FLIGHT requests at a time. A tile whose reading fails keeps its
 * older numbers, marked stale. */

#define MAX_IN_FLIGHT 6
#define ERROR_RATE_ATTENTION 1.0

typedef void (*Handler) (PdOverview         *self,
                         PdOverviewTileKind  kind,
                         JsonObject         *reply);

typedef struct
{
  PdOverviewTileKind  kind;
  char               *service;
  char               *operation;
  JsonObject         *input;
  Handler             handler;
} Request;

typedef struct
{
  PdOverviewTile  shown;
  PdOverviewTile  next;
  guint           pending;
  GError         *error;
} Tile;

struct _PdOverview
{
  GObject          parent_instance;

  PdAwsClient     *client;
  GCancellable    *cancellable;
  GQueue           queue;
  guint            in_flight;
  Tile             tiles[PD_OVERVIEW_N_TILES];
  PdFunctionStore *functions;
};

G_DEFINE_FINAL_TYPE (PdOverview, pd_overview, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void pump (PdOverview *self);

static void
request_free (Request *request)
{
  g_free (request->service);
  g_free (request->operation);
  g_clear_pointer (&request->input, json_object_unref);
  g_free (request);
}

static void
enqueue (PdOverview         *self,
         PdOverviewTileKind  kind,
         const char         *service,
         const char         *operation,
         JsonObject         *input,
         Handler             handler)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->service = g_strdup (service);
  request->operation = g_strdup (operation);
  request->input = input != NULL ? input : json_object_new ();
  request->handler = handler;
  self->tiles[kind].pending++;
  g_queue_push_tail (&self->queue, request);
}

static void
tile_done (PdOverview         *self,
           PdOverviewTileKind  kind)
{
  Tile *tile = &self->tiles[kind];

  if (tile->error != NULL)
    {
      g_clear_error (&tile->shown.error);
      tile->shown.error = g_steal_pointer (&tile->error);
      tile->shown.stale = tile->shown.loaded;
    }
  else
    {
      GError *old = tile->shown.error;

      tile->shown = tile->next;
      tile->shown.loaded = TRUE;
      tile->shown.stale = FALSE;
      tile->shown.error = NULL;
      tile->shown.updated = pd_util_get_real_time () / 1000;
      g_clear_error (&old);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, (int) kind);
}

typedef struct
{
  PdOverview *self;
  Request    *request;
} Call;

static void
on_call_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Call *call = user_data;
  PdOverview *self = call->self;
  Request *request = call->request;
  Tile *tile = &self->tiles[request->kind];
  g_autoptr(JsonNode) reply = NULL;
  GError *error = NULL;

  reply = pd_aws_client_call_finish (PD_AWS_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      request_free (request);
      g_object_unref (self);
      g_free (call);
      return;
    }
  self->in_flight--;
  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      if (tile->error == NULL)
        tile->error = error != NULL ? error
                                    : g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                   "%s: the answer is not an object",
                                                   request->operation);
      else
        g_clear_error (&error);
    }
  else if (tile->error == NULL)
    request->handler (self, request->kind, json_node_get_object (reply));
  tile->pending--;
  if (tile->pending == 0)
    tile_done (self, request->kind);
  request_free (request);
  pump (self);
  g_object_unref (self);
  g_free (call);
}

static void
pump (PdOverview *self)
{
  while (self->in_flight < MAX_IN_FLIGHT && !g_queue_is_empty (&self->queue))
    {
      Request *request = g_queue_pop_head (&self->queue);
      Call *call = g_new0 (Call, 1);

      /* A tile that already failed skips the rest of its requests. */
      if (self->tiles[request->kind].error != NULL)
        {
          Tile *tile = &self->tiles[request->kind];

          tile->pending--;
          if (tile->pending == 0)
            tile_done (self, request->kind);
          request_free (request);
          g_free (call);
          continue;
        }
      call->self = g_object_ref (self);
      call->request = request;
      self->in_flight++;
      pd_aws_client_call_async (self->client, request->service, request->operation,
                                request->input, self->cancellable, on_call_cb, call);
    }
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* API Gateway's lists: "item" on the wire, "items" in botocore's shape. */
static JsonArray *
get_items (JsonObject *object)
{
  JsonArray *items = get_array (object, "items");

  return items != NULL ? items : get_array (object, "item");
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static JsonObject *
array_object (JsonArray *array,
              guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Pipelines and approvals: GetPipelineState of each pipeline. */

static void
on_pipeline_state (PdOverview         *self,
                   PdOverviewTileKind  kind,
                   JsonObject         *reply)
{
  JsonArray *stages = get_array (reply, "stageStates");
  gboolean failed = FALSE, running = FALSE;
  guint waiting = 0;

  for (guint i = 0; stages != NULL && i < json_array_get_length (stages); i++)
    {
      JsonObject *stage = array_object (stages, i);
      const char *status = get_string (get_object (stage, "latestExecution"), "status");
      JsonArray *actions = get_array (stage, "actionStates");

      failed |= g_strcmp0 (status, "Failed") == 0;
      running |= g_strcmp0 (status, "InProgress") == 0;
      for (guint k = 0; actions != NULL && k < json_array_get_length (actions); k++)
        {
          JsonObject *latest = get_object (array_object (actions, k), "latestExecution");

          /* An approval that waits has a token to answer it with. */
          if (g_strcmp0 (get_string (latest, "status"), "InProgress") == 0 &&
              get_string (latest, "token") != NULL)
            waiting++;
        }
    }
  self->tiles[PD_OVERVIEW_PIPELINES].next.bad += failed;
  self->tiles[PD_OVERVIEW_PIPELINES].next.extra += running;
  self->tiles[PD_OVERVIEW_APPROVALS].next.total += waiting;
}

static void
on_pipelines (PdOverview         *self,
              PdOverviewTileKind  kind,
              JsonObject         *reply)
{
  JsonArray *pipelines = get_array (reply, "pipelines");

  for (guint i = 0; pipelines != NULL && i < json_array_get_length (pipelines); i++)
    {
      const char *name = get_string (array_object (pipelines, i), "name");
      JsonObject *input;

      if (name == NULL)
        continue;
      self->tiles[PD_OVERVIEW_PIPELINES].next.total++;
      input = json_object_new ();
      json_object_set_string_member (input, "name", name);
      /* Approvals are counted from the same answers. */
      enqueue (self, PD_OVERVIEW_PIPELINES, "codepipeline", "GetPipelineState", input,
               on_pipeline_state);
    }
}

/* API stages: GetRestApis, then GetStages of each. */

static void
on_stages (PdOverview         *self,
           PdOverviewTileKind  kind,
           JsonObject         *reply)
{
  JsonArray *stages = get_items (reply);

  self->tiles[kind].next.total += stages != NULL ? json_array_get_length (stages) : 0;
}

static void
on_rest_apis (PdOverview         *self,
              PdOverviewTileKind  kind,
              JsonObject         *reply)
{
  JsonArray *apis = get_items (reply);

  for (guint i = 0; apis != NULL && i < json_array_get_length (apis); i++)
    {
      const char *id = get_string (array_object (apis, i), "id");
      JsonObject *input;

      if (id == NULL)
        continue;
      self->tiles[kind].next.extra++;
      input = json_object_new ();
      json_object_set_string_member (input, "restApiId", id);
      enqueue (self, kind, "apigateway", "GetStages", input, on_stages);
    }
}

/* WAF: ListWebACLs, GetWebACL for its metric, GetSampledRequests of the
 * last hour. */

static void
on_sampled (PdOverview         *self,
            PdOverviewTileKind  kind,
            JsonObject         *reply)
{
  JsonArray *samples = get_array (reply, "SampledRequests");

  for (guint i = 0; samples != NULL && i < json_array_get_length (samples); i++)
    if (g_strcmp0 (get_string (array_object (samples, i), "Action"), "BLOCK") == 0)
      self->tiles[kind].next.total++;
}

static void
on_web_acl (PdOverview         *self,
            PdOverviewTileKind  kind,
            JsonObject         *reply)
{
  JsonObject *acl = get_object (reply, "WebACL");
  const char *arn = get_string (acl, "ARN");
  const char *metric = get_string (get_object (acl, "VisibilityConfig"), "MetricName");
  gint64 now = pd_util_get_real_time () / G_USEC_PER_SEC;
  JsonObject *input, *window;

  if (arn == NULL || metric == NULL)
    return;
  input = json_object_new ();
  window = json_object_new ();
  json_object_set_int_member (window, "StartTime", now - 3600);
  json_object_set_int_member (window, "EndTime", now);
  json_object_set_string_member (input, "WebAclArn", arn);
  json_object_set_string_member (input, "RuleMetricName", metric);
  json_object_set_string_member (input, "Scope", "REGIONAL");
  json_object_set_object_member (input, "TimeWindow", window);
  json_object_set_int_member (input, "MaxItems", 500);
  enqueue (self, kind, "wafv2", "GetSampledRequests", input, on_sampled);
}

static void
on_web_acls (PdOverview         *self,
             PdOverviewTileKind  kind,
             JsonObject         *reply)
{
  JsonArray *acls = get_array (reply, "WebACLs");

  for (guint i = 0; acls != NULL && i < json_array_get_length (acls); i++)
    {
      JsonObject *acl = array_object (acls, i);
      JsonObject *input;

      if (get_string (acl, "Name") == NULL || get_string (acl, "Id") == NULL)
        continue;
      self->tiles[kind].next.extra++;
      input = json_object_new ();
      json_object_set_string_member (input, "Name", get_string (acl, "Name"));
      json_object_set_string_member (input, "Id", get_string (acl, "Id"));
      json_object_set_string_member (input, "Scope", "REGIONAL");
      enqueue (self, kind, "wafv2", "GetWebACL", input, on_web_acl);
    }
}

/* Databases: DescribeDBClusters. */

static void
on_clusters (PdOverview         *self,
             PdOverviewTileKind  kind,
             JsonObject         *reply)
{
  JsonArray *clusters = get_array (reply, "DBClusters");

  for (guint i = 0; clusters != NULL && i < json_array_get_length (clusters); i++)
    {
      self->tiles[kind].next.total++;
      if (g_strcmp0 (get_string (array_object (clusters, i), "Status"), "available") != 0)
        self->tiles[kind].next.bad++;
    }
}

/* Lambda: the last hour's metrics of every function, in batched calls. */

static void
on_functions_changed_cb (PdOverview      *self,
                         PdFunctionStore *store)
{
  Tile *tile = &self->tiles[PD_OVERVIEW_LAMBDA_ERRORS];
  GPtrArray *functions = pd_function_store_get_functions (store);
  const GError *error = pd_function_store_get_error (store);

  if (tile->pending == 0)
    return;
  tile->pending = 0;
  if (error != NULL)
    {
      tile->error = g_error_copy (error);
      tile_done (self, PD_OVERVIEW_LAMBDA_ERRORS);
      return;
    }
  if (!pd_function_store_get_loaded (store))
    {
      tile->pending = 1;
      return;
    }
  tile->next.total = functions->len;
  for (guint i = 0; i < functions->len; i++)
    {
      PdFunctionStats *stats = g_ptr_array_index (functions, i);

      if (stats->error_rate > ERROR_RATE_ATTENTION)
        tile->next.bad++;
      tile->next.worst = MAX (tile->next.worst, stats->error_rate);
    }
  tile_done (self, PD_OVERVIEW_LAMBDA_ERRORS);
}

/**
 * pd_overview_refresh:
 * @self: a #PdOverview
 *
 * Reads every tile again; #PdOverview::changed follows for each. A
 * refresh under way goes on.
 */
void
pd_overview_refresh (PdOverview *self)
{
  g_return_if_fail (PD_IS_OVERVIEW (self));

  if (self->client == NULL || pd_overview_get_loading (self))
    return;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < PD_OVERVIEW_N_TILES; i++)
    {
      memset (&self->tiles[i].next, 0, sizeof self->tiles[i].next);
      g_clear_error (&self->tiles[i].error);
    }

  enqueue (self, PD_OVERVIEW_PIPELINES, "codepipeline", "ListPipelines", NULL, on_pipelines);
  /* Approvals come with the pipelines' states: its tile ends with theirs. */
  enqueue (self, PD_OVERVIEW_API_STAGES, "apigateway", "GetRestApis", NULL, on_rest_apis);
  {
    JsonObject *input = json_object_new ();

    json_object_set_string_member (input, "Scope", "REGIONAL");
    enqueue (self, PD_OVERVIEW_WAF_BLOCKED, "wafv2", "ListWebACLs", input, on_web_acls);
  }
  enqueue (self, PD_OVERVIEW_DATABASES, "rds", "DescribeDBClusters", NULL, on_clusters);
  self->tiles[PD_OVERVIEW_LAMBDA_ERRORS].pending = 1;
  pd_function_store_refresh (self->functions);
  pump (self);
}

/**
 * pd_overview_cancel:
 * @self: a #PdOverview
 *
 * Drops the requests under way; the tiles keep what they show.
 */
void
pd_overview_cancel (PdOverview *self)
{
  g_return_if_fail (PD_IS_OVERVIEW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->queue, (GDestroyNotify) request_free);
  self->in_flight = 0;
  for (guint i = 0; i < PD_OVERVIEW_N_TILES; i++)
    {
      self->tiles[i].pending = 0;
      g_clear_error (&self->tiles[i].error);
    }
  pd_function_store_reset (self->functions);
}

gboolean
pd_overview_get_loading (PdOverview *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW (self), FALSE);

  for (guint i = 0; i < PD_OVERVIEW_N_TILES; i++)
    if (self->tiles[i].pending > 0)
      return TRUE;
  return FALSE;
}

/**
 * pd_overview_get_tile:
 * @self: a #PdOverview
 * @kind: a tile
 *
 * Returns: (transfer none): what the tile shows
 */
const PdOverviewTile *
pd_overview_get_tile (PdOverview         *self,
                      PdOverviewTileKind  kind)
{
  g_return_val_if_fail (PD_IS_OVERVIEW (self), NULL);
  g_return_val_if_fail (kind < PD_OVERVIEW_N_TILES, NULL);

  /* The approvals are read with the pipelines. */
  if (kind == PD_OVERVIEW_APPROVALS)
    {
      Tile *pipelines = &self->tiles[PD_OVERVIEW_PIPELINES];
      Tile *approvals = &self->tiles[PD_OVERVIEW_APPROVALS];

      approvals->shown.loaded = pipelines->shown.loaded;
      approvals->shown.stale = pipelines->shown.stale;
      approvals->shown.updated = pipelines->shown.updated;
      approvals->shown.error = pipelines->shown.error;
    }
  return &self->tiles[kind].shown;
}

static void
pd_overview_dispose (GObject *object)
{
  PdOverview *self = PD_OVERVIEW (object);

  if (self->functions != NULL)
    g_signal_handlers_disconnect_by_data (self->functions, self);
  pd_overview_cancel (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->functions);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (pd_overview_parent_class)->dispose (object);
}

static void
pd_overview_finalize (GObject *object)
{
  PdOverview *self = PD_OVERVIEW (object);

  for (guint i = 0; i < PD_OVERVIEW_N_TILES; i++)
    if (i != PD_OVERVIEW_APPROVALS)
      g_clear_error (&self->tiles[i].shown.error);
  G_OBJECT_CLASS (pd_overview_parent_class)->finalize (object);
}

static void
pd_overview_class_init (PdOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_overview_dispose;
  object_class->finalize = pd_overview_finalize;

  /**
   * PdOverview::changed:
   * @kind: the tile that changed, a #PdOverviewTileKind
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
pd_overview_init (PdOverview *self)
{
  g_queue_init (&self->queue);
}

/**
 * pd_overview_new:
 * @client: the client of the open account
 *
 * Returns: (transfer full): a new overview, read with pd_overview_refresh()
 */
PdOverview *
pd_overview_new (PdAwsClient *client)
{
  PdOverview *self = g_object_new (PD_TYPE_OVERVIEW, NULL);

  g_return_val_if_fail (PD_AWS_IS_CLIENT (client), self);

  self->client = g_object_ref (client);
  self->functions = pd_function_store_new (client);
  g_signal_connect_object (self->functions, "changed", G_CALLBACK (on_functions_changed_cb),
                           self, G_CONNECT_SWAPPED);
  return self;
}
