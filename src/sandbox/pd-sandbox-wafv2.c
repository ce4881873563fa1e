/* pd-sandbox-wafv2.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-services-private.h"

/* WAFv2 (json 1.1, PascalCase members): the web ACL in front of the To-Do
 * API's prod stage and its IP sets. Updates are full replacements guarded
 * by lock tokens; statements the sandbox does not know are kept verbatim.
 * Sampled requests are computed from the seed on a fixed time grid, so any
 * window of the last three hours has the same requests in every run. */

#define SAMPLE_STEP_S  37
#define SAMPLE_WINDOW  (3 * 3600)
#define MAX_CAPACITY   1500

static const char nonexistent_message[] =
  "AWS WAF couldn't perform the operation because your resource doesn't exist.";

typedef struct
{
  char       *name;
  char       *id;
  char       *arn;
  char       *scope;
  char       *lock_token;
  JsonObject *body;          /* the WebACL or IPSet, as GetX returns it */
  GPtrArray  *associations;  /* resource ARNs (web ACLs only) */
} Item;

typedef struct
{
  PdSandbox *sandbox;
  GPtrArray *web_acls;
  GPtrArray *ip_sets;
} Waf;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->name);
  g_free (item->id);
  g_free (item->arn);
  g_free (item->scope);
  g_free (item->lock_token);
  json_object_unref (item->body);
  g_clear_pointer (&item->associations, g_ptr_array_unref);
  g_free (item);
}

static void
waf_free (gpointer data)
{
  Waf *self = data;

  g_ptr_array_unref (self->web_acls);
  g_ptr_array_unref (self->ip_sets);
  g_free (self);
}

static void
reply_invalid (PdSandboxRequest *request,
               const char       *field,
               const char       *parameter)
{
  pd_sandbox_request_reply_error (request, 400, "WAFInvalidParameterException",
                                  "Error reason: The parameter contains formatting that's not "
                                  "valid., field: %s, parameter: %s", field,
                                  parameter != NULL ? parameter : "null");
}

static void
reply_nonexistent (PdSandboxRequest *request)
{
  pd_sandbox_request_reply_error (request, 400, "WAFNonexistentItemException",
                                  "%s", nonexistent_message);
}

static const char * const scopes[] = { "CLOUDFRONT", "REGIONAL", NULL };

static Item *
find_item (GPtrArray  *items,
           const char *name,
           const char *scope,
           const char *id,
           const char *arn)
{
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);

      if (arn != NULL && g_str_equal (item->arn, arn))
        return item;
      if (arn == NULL && g_strcmp0 (item->name, name) == 0 &&
          g_strcmp0 (item->scope, scope) == 0 && g_strcmp0 (item->id, id) == 0)
        return item;
    }
  return NULL;
}

/* Name, Scope and Id (or, for newer clients, ARN) of GetX/UpdateX. */
static Item *
lookup (PdSandboxRequest *request,
        GPtrArray        *items,
        gboolean          allow_arn)
{
  const char *arn = allow_arn ? pd_sandbox_request_get_string (request, "ARN", FALSE, 20, 2048,
                                                               NULL) : NULL;
  const char *name = pd_sandbox_request_get_string (request, "Name", arn == NULL, 1, 128, NULL);
  const char *scope = pd_sandbox_request_get_enum (request, "Scope", arn == NULL, scopes);
  const char *id = pd_sandbox_request_get_string (request, "Id", arn == NULL, 1, 36, NULL);
  Item *item;

  if (!pd_sandbox_request_check_valid (request))
    return NULL;
  item = find_item (items, name, scope, id, arn);
  if (item == NULL)
    reply_nonexistent (request);
  return item;
}

static void
list_items (PdSandboxRequest *request,
            GPtrArray        *items,
            const char       *kind,
            const char       *member)
{
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  JsonArray *list;
  const char *scope;
  const char *marker;
  guint64 start = 0;
  gint64 limit;

  scope = pd_sandbox_request_get_enum (request, "Scope", TRUE, scopes);
  marker = pd_sandbox_request_get_string (request, "NextMarker", FALSE, 1, 256, NULL);
  limit = pd_sandbox_request_get_int (request, "Limit", 100, 1, 100);
  if (!pd_sandbox_request_check_valid (request))
    return;
  if (marker != NULL && !pd_sandbox_token_decode (marker, kind, &start))
    {
      reply_invalid (request, "NEXT_MARKER", marker);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->scope, scope))
        g_ptr_array_add (selected, item);
    }

  reply = json_object_new ();
  list = json_array_new ();
  for (guint64 i = start; i < selected->len && i < start + (guint64) limit; i++)
    {
      Item *item = g_ptr_array_index (selected, i);
      JsonObject *summary = json_object_new ();

      json_object_set_string_member (summary, "Name", item->name);
      json_object_set_string_member (summary, "Id", item->id);
      json_object_set_string_member (summary, "Description",
                                     json_object_get_string_member_with_default (item->body,
                                                                                 "Description",
                                                                                 ""));
      json_object_set_string_member (summary, "LockToken", item->lock_token);
      json_object_set_string_member (summary, "ARN", item->arn);
      json_array_add_object_element (list, summary);
    }
  json_object_set_array_member (reply, member, list);
  if (start + (guint64) limit < selected->len)
    {
      g_autofree char *next = pd_sandbox_token_encode (kind, start + limit);

      json_object_set_string_member (reply, "NextMarker", next);
    }
  pd_sandbox_request_reply_json (request, reply);
}

static void
list_web_acls (PdSandboxRequest *request,
               gpointer          data)
{
  list_items (request, ((Waf *) data)->web_acls, "webacls", "WebACLs");
}

static void
list_ip_sets (PdSandboxRequest *request,
              gpointer          data)
{
  list_items (request, ((Waf *) data)->ip_sets, "ipsets", "IPSets");
}

static void
get_web_acl (PdSandboxRequest *request,
             gpointer          data)
{
  Waf *self = data;
  Item *acl = lookup (request, self->web_acls, TRUE);
  g_autoptr(JsonObject) reply = NULL;

  if (acl == NULL)
    return;
  reply = json_object_new ();
  json_object_set_object_member (reply, "WebACL", json_object_ref (acl->body));
  json_object_set_string_member (reply, "LockToken", acl->lock_token);
  pd_sandbox_request_reply_json (request, reply);
}

static void
get_ip_set (PdSandboxRequest *request,
            gpointer          data)
{
  Waf *self = data;
  Item *set = lookup (request, self->ip_sets, FALSE);
  g_autoptr(JsonObject) reply = NULL;

  if (set == NULL)
    return;
  reply = json_object_new ();
  json_object_set_object_member (reply, "IPSet", json_object_ref (set->body));
  json_object_set_string_member (reply, "LockToken", set->lock_token);
  pd_sandbox_request_reply_json (request, reply);
}

static gboolean
check_lock (PdSandboxRequest *request,
            Item             *item,
            const char       *lock_token)
{
  if (g_strcmp0 (item->lock_token, lock_token) != 0)
    {
      pd_sandbox_request_reply_error (request, 400, "WAFOptimisticLockException",
                                      "AWS WAF couldn't save your changes because someone "
                                      "changed the resource after you started to edit it. "
                                      "Reapply your changes.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
valid_cidr (const char *text,
            gboolean    ipv6)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", -1);
  g_autoptr(GInetAddress) address = NULL;
  char *end = NULL;
  gint64 prefix;

  if (g_strv_length (parts) != 2 || parts[1][0] == '\0')
    return FALSE;
  prefix = g_ascii_strtoll (parts[1], &end, 10);
  if (*end != '\0' || !g_ascii_isdigit (parts[1][0]))
    return FALSE;
  address = g_inet_address_new_from_string (parts[0]);
  if (address == NULL)
    return FALSE;
  if (ipv6)
    return g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 &&
           prefix >= 1 && prefix <= 128;
  /* Dotted quads only: GInetAddress also accepts shorter IPv4 forms. */
  if (g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
    return FALSE;
  {
    guint dots = 0;

    for (const char *p = parts[0]; *p != '\0'; p++)
      {
        if (*p == '.')
          dots++;
        else if (!g_ascii_isdigit (*p))
          return FALSE;
      }
    if (dots != 3)
      return FALSE;
  }
  return prefix >= 1 && prefix <= 32;
}

static void
update_ip_set (PdSandboxRequest *request,
               gpointer          data)
{
  Waf *self = data;
  Item *set = lookup (request, self->ip_sets, FALSE);
  g_autoptr(JsonObject) reply = NULL;
  const char *lock_token;
  const char *description;
  JsonArray *addresses;
  gboolean ipv6;

  if (set == NULL)
    return;
  addresses = pd_sandbox_request_get_array (request, "Addresses", TRUE, 0, 10000);
  lock_token = pd_sandbox_request_get_string (request, "LockToken", TRUE, 1, 36, NULL);
  description = pd_sandbox_request_get_string (request, "Description", FALSE, 1, 256, NULL);
  if (!pd_sandbox_request_check_valid (request))
    return;
  if (!check_lock (request, set, lock_token))
    return;

  ipv6 = g_strcmp0 (json_object_get_string_member (set->body, "IPAddressVersion"), "IPV6") == 0;
  for (guint i = 0; i < json_array_get_length (addresses); i++)
    {
      JsonNode *node = json_array_get_element (addresses, i);
      const char *text = JSON_NODE_HOLDS_VALUE (node) &&
                         json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;

      if (text == NULL || !valid_cidr (text, ipv6))
        {
          reply_invalid (request, "IP_ADDRESS", text);
          return;
        }
    }

  json_object_set_array_member (set->body, "Addresses", json_array_ref (addresses));
  if (description != NULL)
    json_object_set_string_member (set->body, "Description", description);
  g_free (set->lock_token);
  set->lock_token = pd_sandbox_new_uuid (self->sandbox);

  reply = json_object_new ();
  json_object_set_string_member (reply, "NextLockToken", set->lock_token);
  pd_sandbox_request_reply_json (request, reply);
}

static gboolean
has_single_member (JsonObject *object,
                   const char *const *allowed)
{
  g_autoptr(GList) members = NULL;

  if (object == NULL || json_object_get_size (object) != 1)
    return FALSE;
  members = json_object_get_members (object);
  for (guint i = 0; allowed != NULL && allowed[i] != NULL; i++)
    if (g_str_equal (members->data, allowed[i]))
      return TRUE;
  return allowed == NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Checks the statements the sandbox understands; others pass as they are.
 * Adds the capacity the statement uses to *capacity. */
static gboolean
check_statement (PdSandboxRequest *request,
                 Waf              *self,
                 JsonObject       *statement,
                 gboolean         *managed,
                 gint64           *capacity)
{
  g_autoptr(GList) members = NULL;
  const char *kind;
  JsonObject *body;

  if (!has_single_member (statement, NULL))
    {
      reply_invalid (request, "STATEMENT", "Statement must set exactly one statement type");
      return FALSE;
    }
  members = json_object_get_members (statement);
  kind = members->data;
  body = object_member (statement, kind);
  if (body == NULL)
    {
      reply_invalid (request, "STATEMENT", kind);
      return FALSE;
    }

  if (g_str_equal (kind, "RateBasedStatement"))
    {
      gint64 limit = json_object_get_int_member_with_default (body, "Limit", -1);
      const char *key = json_object_get_string_member_with_default (body, "AggregateKeyType",
                                                                    NULL);
      g_autofree char *limit_text = g_strdup_printf ("%" G_GINT64_FORMAT, limit);

      if (limit < 100 || limit > 2000000000)
        {
          reply_invalid (request, "RATE_BASED_STATEMENT", limit_text);
          return FALSE;
        }
      if (g_strcmp0 (key, "IP") != 0 && g_strcmp0 (key, "FORWARDED_IP") != 0 &&
          g_strcmp0 (key, "CUSTOM_KEYS") != 0 && g_strcmp0 (key, "CONSTANT") != 0)
        {
          reply_invalid (request, "AGGREGATE_KEY_TYPE", key);
          return FALSE;
        }
      *capacity += 2;
      if (object_member (body, "ScopeDownStatement") != NULL)
        return check_statement (request, self, object_member (body, "ScopeDownStatement"),
                                managed, capacity);
      return TRUE;
    }
  if (g_str_equal (kind, "IPSetReferenceStatement"))
    {
      const char *arn = json_object_get_string_member_with_default (body, "ARN", NULL);

      if (arn == NULL || find_item (self->ip_sets, NULL, NULL, NULL, arn) == NULL)
        {
          reply_nonexistent (request);
          return FALSE;
        }
      *capacity += 1;
      return TRUE;
    }
  if (g_str_equal (kind, "ManagedRuleGroupStatement") ||
      g_str_equal (kind, "RuleGroupReferenceStatement"))
    {
      const char *name = json_object_get_string_member_with_default (body, "Name", NULL);

      if (g_str_equal (kind, "ManagedRuleGroupStatement") &&
          (json_object_get_string_member_with_default (body, "VendorName", NULL) == NULL ||
           name == NULL))
        {
          reply_invalid (request, "MANAGED_RULE_SET_STATEMENT", "VendorName and Name");
          return FALSE;
        }
      *managed = TRUE;
      *capacity += g_strcmp0 (name, "AWSManagedRulesCommonRuleSet") == 0 ? 700 : 200;
      return TRUE;
    }
  if (g_str_equal (kind, "AndStatement") || g_str_equal (kind, "OrStatement"))
    {
      JsonNode *list = json_object_get_member (body, "Statements");

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
          json_array_get_length (json_node_get_array (list)) < 2)
        {
          reply_invalid (request, "STATEMENT", kind);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
        {
          JsonNode *child = json_array_get_element (json_node_get_array (list), i);
          gboolean ignored = FALSE;

          if (!JSON_NODE_HOLDS_OBJECT (child) ||
              !check_statement (request, self, json_node_get_object (child), &ignored, capacity))
            {
              if (!JSON_NODE_HOLDS_OBJECT (child))
                reply_invalid (request, "STATEMENT", kind);
              return FALSE;
            }
        }
      return TRUE;
    }
  if (g_str_equal (kind, "NotStatement"))
    {
      gboolean ignored = FALSE;
      JsonObject *inner = object_member (body, "Statement");

      if (inner == NULL)
        {
          reply_invalid (request, "STATEMENT", kind);
          return FALSE;
        }
      return check_statement (request, self, inner, &ignored, capacity);
    }

  /* ByteMatch, GeoMatch, SqliMatch, LabelMatch…: kept verbatim. */
  *capacity += 5;
  return TRUE;
}

static gboolean
check_rules (PdSandboxRequest *request,
             Waf              *self,
             JsonArray        *rules,
             gint64           *capacity)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) priorities = g_hash_table_new (g_int64_hash, g_int64_equal);
  static const char * const actions[] = { "Allow", "Block", "Count", "Captcha", "Challenge", NULL };
  static const char * const overrides[] = { "Count", "None", NULL };
  guint n = rules != NULL ? json_array_get_length (rules) : 0;
  g_autofree gint64 *keys = g_new0 (gint64, n + 1);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (rules, i);
      JsonObject *rule = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = rule != NULL ? json_object_get_string_member_with_default (rule, "Name",
                                                                                    NULL) : NULL;
      JsonNode *priority = rule != NULL ? json_object_get_member (rule, "Priority") : NULL;
      JsonObject *statement = object_member (rule, "Statement");
      JsonObject *action = object_member (rule, "Action");
      JsonObject *override = object_member (rule, "OverrideAction");
      gboolean managed = FALSE;

      if (name == NULL || priority == NULL || !JSON_NODE_HOLDS_VALUE (priority) ||
          json_node_get_value_type (priority) != G_TYPE_INT64 || json_node_get_int (priority) < 0 ||
          statement == NULL || object_member (rule, "VisibilityConfig") == NULL)
        {
          reply_invalid (request, "RULE", name != NULL ? name : "Name, Priority, Statement and "
                                                             "VisibilityConfig are required");
          return FALSE;
        }
      if (g_hash_table_contains (names, name))
        {
          pd_sandbox_request_reply_error (request, 400, "WAFDuplicateItemException",
                                          "AWS WAF couldn't perform the operation because some "
                                          "resource in your request is a duplicate of an "
                                          "existing one: rule %s", name);
          return FALSE;
        }
      g_hash_table_add (names, (gpointer) name);
      keys[i] = json_node_get_int (priority);
      if (g_hash_table_contains (priorities, &keys[i]))
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, keys[i]);

          reply_invalid (request, "RULE_PRIORITY", text);
          return FALSE;
        }
      g_hash_table_add (priorities, &keys[i]);

      if (!check_statement (request, self, statement, &managed, capacity))
        return FALSE;
      if (managed ? !(action == NULL && has_single_member (override, overrides))
                  : !(override == NULL && has_single_member (action, actions)))
        {
          reply_invalid (request, managed ? "OVERRIDE_ACTION" : "RULE_ACTION", name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
update_web_acl (PdSandboxRequest *request,
                gpointer          data)
{
  Waf *self = data;
  Item *acl = lookup (request, self->web_acls, FALSE);
  static const char * const defaults[] = { "Allow", "Block", NULL };
  static const char * const copied[] = { "Description", "CustomResponseBodies", "CaptchaConfig",
                                         "ChallengeConfig", "TokenDomains", "AssociationConfig",
                                         NULL };
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *default_action;
  JsonObject *visibility;
  JsonArray *rules;
  const char *lock_token;
  gint64 capacity = 0;

  if (acl == NULL)
    return;
  default_action = pd_sandbox_request_get_object (request, "DefaultAction", TRUE);
  visibility = pd_sandbox_request_get_object (request, "VisibilityConfig", TRUE);
  lock_token = pd_sandbox_request_get_string (request, "LockToken", TRUE, 1, 36, NULL);
  rules = pd_sandbox_request_get_array (request, "Rules", FALSE, 0, 1000);
  pd_sandbox_request_get_string (request, "Description", FALSE, 1, 256, NULL);
  if (!pd_sandbox_request_check_valid (request))
    return;
  if (!check_lock (request, acl, lock_token))
    return;
  if (!has_single_member (default_action, defaults))
    {
      reply_invalid (request, "DEFAULT_ACTION", "DefaultAction must be Allow or Block");
      return;
    }
  if (json_object_get_string_member_with_default (visibility, "MetricName", NULL) == NULL)
    {
      reply_invalid (request, "METRIC_NAME", "VisibilityConfig.MetricName");
      return;
    }
  if (!check_rules (request, self, rules, &capacity))
    return;
  if (capacity > MAX_CAPACITY)
    {
      pd_sandbox_request_reply_error (request, 400, "WAFLimitsExceededException",
                                      "AWS WAF couldn't perform the operation because you "
                                      "exceeded your resource limit: the web ACL needs %"
                                      G_GINT64_FORMAT " capacity units, more than %d",
                                      capacity, MAX_CAPACITY);
      return;
    }

  /* A full replacement: members the request leaves out are dropped. */
  json_object_set_object_member (acl->body, "DefaultAction", json_object_ref (default_action));
  json_object_set_object_member (acl->body, "VisibilityConfig", json_object_ref (visibility));
  json_object_set_array_member (acl->body, "Rules", rules != NULL ? json_array_ref (rules)
                                                                  : json_array_new ());
  for (guint i = 0; copied[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (request->input, copied[i]);

      if (node != NULL)
        json_object_set_member (acl->body, copied[i], json_node_copy (node));
      else if (json_object_has_member (acl->body, copied[i]))
        json_object_remove_member (acl->body, copied[i]);
    }
  json_object_set_int_member (acl->body, "Capacity", capacity);
  g_free (acl->lock_token);
  acl->lock_token = pd_sandbox_new_uuid (self->sandbox);

  reply = json_object_new ();
  json_object_set_string_member (reply, "NextLockToken", acl->lock_token);
  pd_sandbox_request_reply_json (request, reply);
}

static void
get_web_acl_for_resource (PdSandboxRequest *request,
                          gpointer          data)
{
  Waf *self = data;
  g_autoptr(JsonObject) reply = NULL;
  const char *arn;

  arn = pd_sandbox_request_get_string (request, "ResourceArn", TRUE, 20, 2048, NULL);
  if (!pd_sandbox_request_check_valid (request))
    return;
  if (!g_str_has_prefix (arn, "arn:aws:apigateway:") &&
      !g_str_has_prefix (arn, "arn:aws:elasticloadbalancing:") &&
      !g_str_has_prefix (arn, "arn:aws:appsync:") &&
      !g_str_has_prefix (arn, "arn:aws:cognito-idp:"))
    {
      reply_invalid (request, "RESOURCE_ARN", arn);
      return;
    }

  reply = json_object_new ();
  for (guint i = 0; i < self->web_acls->len; i++)
    {
      Item *acl = g_ptr_array_index (self->web_acls, i);

      for (guint k = 0; acl->associations != NULL && k < acl->associations->len; k++)
        if (g_str_equal (g_ptr_array_index (acl->associations, k), arn))
          json_object_set_object_member (reply, "WebACL", json_object_ref (acl->body));
    }
  pd_sandbox_request_reply_json (request, reply);
}

static JsonObject *
find_rule (Item       *acl,
           const char *name)
{
  JsonArray *rules = json_object_get_array_member (acl->body, "Rules");

  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (rule, "Name", NULL), name) == 0)
        return rule;
    }
  return NULL;
}

/* The addresses the rate-based rule currently blocks, from the seed. */
static char *
limited_address (guint32 seed,
                 guint   index)
{
  guint64 h = pd_sandbox_hash64 (((guint64) seed << 8) + index);

  return g_strdup_printf ("%u.%u.%u.%u", 45 + (guint) (h % 150), (guint) ((h >> 8) % 256),
                          (guint) ((h >> 16) % 256), 1 + (guint) ((h >> 24) % 254));
}

static void
get_rate_based_statement_managed_keys (PdSandboxRequest *request,
                                       gpointer          data)
{
  Waf *self = data;
  g_autoptr(JsonObject) reply = NULL;
  const char *name, *scope, *id, *rule_name;
  JsonObject *v4, *v6, *rule;
  JsonArray *v4_list, *v6_list;
  Item *acl;

  scope = pd_sandbox_request_get_enum (request, "Scope", TRUE, scopes);
  name = pd_sandbox_request_get_string (request, "WebACLName", TRUE, 1, 128, NULL);
  id = pd_sandbox_request_get_string (request, "WebACLId", TRUE, 1, 36, NULL);
  rule_name = pd_sandbox_request_get_string (request, "RuleName", TRUE, 1, 128, NULL);
  pd_sandbox_request_get_string (request, "RuleGroupRuleName", FALSE, 1, 128, NULL);
  if (!pd_sandbox_request_check_valid (request))
    return;

  acl = find_item (self->web_acls, name, scope, id, NULL);
  rule = acl != NULL ? find_rule (acl, rule_name) : NULL;
  if (rule == NULL)
    {
      reply_nonexistent (request);
      return;
    }
  if (object_member (object_member (rule, "Statement"), "RateBasedStatement") == NULL)
    {
      reply_invalid (request, "RULE", rule_name);
      return;
    }

  reply = json_object_new ();
  v4 = json_object_new ();
  v6 = json_object_new ();
  v4_list = json_array_new ();
  v6_list = json_array_new ();
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *address = limited_address (pd_sandbox_get_seed (self->sandbox), i);
      g_autofree char *cidr = g_strdup_printf ("%s/32", address);

      json_array_add_string_element (v4_list, cidr);
    }
  json_array_add_string_element (v6_list, "2001:db8:4f2a::17/128");
  json_object_set_string_member (v4, "IPAddressVersion", "IPV4");
  json_object_set_array_member (v4, "Addresses", v4_list);
  json_object_set_string_member (v6, "IPAddressVersion", "IPV6");
  json_object_set_array_member (v6, "Addresses", v6_list);
  json_object_set_object_member (reply, "ManagedKeysIPV4", v4);
  json_object_set_object_member (reply, "ManagedKeysIPV6", v6);
  pd_sandbox_request_reply_json (request, reply);
}

typedef struct
{
  const char *rule;        /* NULL: the default action */
  const char *group_rule;
  const char *label;
} Outcome;

static const Outcome outcomes[] = {
  { "AWS-AWSManagedRulesCommonRuleSet", "SizeRestrictions_BODY",
    "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" },
  { "AWS-AWSManagedRulesCommonRuleSet", "CrossSiteScripting_BODY",
    "awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body" },
  { "AWS-AWSManagedRulesCommonRuleSet", "NoUserAgent_HEADER",
    "awswaf:managed:aws:core-rule-set:NoUserAgent_Header" },
  { "AWS-AWSManagedRulesCommonRuleSet", "GenericLFI_URIPATH",
    "awswaf:managed:aws:core-rule-set:GenericLFI_URIPath" },
  { "rate-limit-per-ip", NULL, NULL },
  { "block-listed-ips", NULL, NULL },
};

static void
add_header (JsonArray  *headers,
            const char *name,
            const char *value)
{
  JsonObject *header = json_object_new ();

  json_object_set_string_member (header, "Name", name);
  json_object_set_string_member (header, "Value", value);
  json_array_add_object_element (headers, header);
}

static void
get_sampled_requests (PdSandboxRequest *request,
                      gpointer          data)
{
  Waf *self = data;
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *window;
  JsonArray *samples;
  const char *arn, *metric, *scope;
  gint64 max, start_s, end_s, now_s, population = 0;
  const char *acl_metric;
  const char *rule_filter = NULL;
  guint32 seed = pd_sandbox_get_seed (self->sandbox);
  Item *acl;

  arn = pd_sandbox_request_get_string (request, "WebAclArn", TRUE, 20, 2048, NULL);
  metric = pd_sandbox_request_get_string (request, "RuleMetricName", TRUE, 1, 255, NULL);
  scope = pd_sandbox_request_get_enum (request, "Scope", TRUE, scopes);
  window = pd_sandbox_request_get_object (request, "TimeWindow", TRUE);
  max = pd_sandbox_request_get_int (request, "MaxItems", 100, 1, 500);
  if (!pd_sandbox_request_check_valid (request))
    return;
  acl = find_item (self->web_acls, NULL, NULL, NULL, arn);
  if (acl == NULL || !g_str_equal (acl->scope, scope))
    {
      reply_nonexistent (request);
      return;
    }
  if (!json_object_has_member (window, "StartTime") || !json_object_has_member (window, "EndTime"))
    {
      reply_invalid (request, "TIME_WINDOW", "StartTime and EndTime are required");
      return;
    }
  start_s = (gint64) json_object_get_double_member (window, "StartTime");
  end_s = (gint64) json_object_get_double_member (window, "EndTime");
  now_s = pd_sandbox_now_ms (self->sandbox) / 1000;
  if (start_s >= end_s)
    {
      reply_invalid (request, "TIME_WINDOW", "StartTime must be before EndTime");
      return;
    }
  /* AWS keeps three hours of samples and moves older starts up. */
  start_s = MAX (start_s, now_s - SAMPLE_WINDOW);
  end_s = MIN (end_s, now_s);

  acl_metric = json_object_get_string_member_with_default (
                 object_member (acl->body, "VisibilityConfig"), "MetricName", "");
  if (!g_str_equal (metric, acl_metric))
    {
      JsonArray *rules = json_object_get_array_member (acl->body, "Rules");

      for (guint i = 0; i < json_array_get_length (rules); i++)
        {
          JsonObject *rule = json_array_get_object_element (rules, i);

          if (g_strcmp0 (json_object_get_string_member_with_default (
                           object_member (rule, "VisibilityConfig"), "MetricName", NULL),
                         metric) == 0)
            rule_filter = json_object_get_string_member (rule, "Name");
        }
      if (rule_filter == NULL)
        {
          reply_invalid (request, "METRIC_NAME", metric);
          return;
        }
    }

  samples = json_array_new ();
  for (gint64 t = (start_s + SAMPLE_STEP_S - 1) / SAMPLE_STEP_S * SAMPLE_STEP_S; t < end_s;
       t += SAMPLE_STEP_S)
    {
      guint64 h = pd_sandbox_hash64 (((guint64) seed << 40) ^ (guint64) (t / SAMPLE_STEP_S));
      guint roll = (guint) (h % 100);
      const Outcome *outcome = NULL;
      g_autofree char *ip = NULL;
      g_autofree char *uri = NULL;
      JsonObject *sample, *req;
      JsonArray *headers;
      static const char * const methods[] = { "GET", "GET", "GET", "POST", "PUT", "DELETE" };
      static const char * const countries[] = { "ES", "ES", "FR", "DE", "US", "PT", "NL" };
      const char *method = methods[(h >> 8) % G_N_ELEMENTS (methods)];

      if (roll >= 85)
        outcome = &outcomes[(h >> 16) % 4];
      else if (roll >= 77)
        outcome = &outcomes[4];
      else if (roll >= 73)
        outcome = &outcomes[5];

      if (rule_filter != NULL ? (outcome == NULL || !g_str_equal (outcome->rule, rule_filter))
                              : outcome != NULL)
        continue;
      population++;
      if ((gint64) json_array_get_length (samples) >= max)
        continue;

      if (outcome == &outcomes[4])
        ip = limited_address (seed, (h >> 20) % 3);
      else if (outcome == &outcomes[5])
        ip = g_strdup_printf ("203.0.113.%u", 1 + (guint) ((h >> 20) % 254));
      else
        ip = g_strdup_printf ("%u.%u.%u.%u", 80 + (guint) ((h >> 20) % 100),
                              (guint) ((h >> 28) % 256), (guint) ((h >> 36) % 256),
                              1 + (guint) ((h >> 44) % 254));
      uri = g_str_equal (method, "POST") || (h >> 48) % 3 == 0
            ? g_strdup ("/prod/todos")
            : g_strdup_printf ("/prod/todos/0b6f3c1e-5a2d-4c7e-9f10-0000000000%02x",
                               1 + (guint) ((h >> 50) % 10));

      sample = json_object_new ();
      req = json_object_new ();
      headers = json_array_new ();
      json_object_set_string_member (req, "ClientIP", ip);
      json_object_set_string_member (req, "Country", countries[(h >> 52) % G_N_ELEMENTS (countries)]);
      json_object_set_string_member (req, "URI", uri);
      json_object_set_string_member (req, "Method", method);
      json_object_set_string_member (req, "HTTPVersion", "HTTP/1.1");
      add_header (headers, "Host", "api.todo-list.example.com");
      if (outcome != &outcomes[2])
        add_header (headers, "User-Agent", (h >> 56) % 2 ? "okhttp/4.12.0" : "Mozilla/5.0");
      add_header (headers, "Accept", "application/json");
      json_object_set_array_member (req, "Headers", headers);
      json_object_set_object_member (sample, "Request", req);
      json_object_set_int_member (sample, "Weight", 1);
      json_object_set_int_member (sample, "Timestamp", t);
      json_object_set_string_member (sample, "Action", outcome != NULL ? "BLOCK" : "ALLOW");
      json_object_set_int_member (sample, "ResponseCodeSent",
                                  outcome != NULL ? 403 : g_str_equal (method, "POST") ? 201 : 200);
      if (outcome != NULL && outcome->group_rule != NULL)
        {
          JsonArray *labels = json_array_new ();
          JsonObject *label = json_object_new ();

          json_object_set_string_member (sample, "RuleNameWithinRuleGroup", outcome->group_rule);
          json_object_set_string_member (label, "Name", outcome->label);
          json_array_add_object_element (labels, label);
          json_object_set_array_member (sample, "Labels", labels);
        }
      json_array_add_object_element (samples, sample);
    }

  reply = json_object_new ();
  json_object_set_array_member (reply, "SampledRequests", samples);
  json_object_set_int_member (reply, "PopulationSize", population);
  window = json_object_new ();
  json_object_set_int_member (window, "StartTime", start_s);
  json_object_set_int_member (window, "EndTime", end_s);
  json_object_set_object_member (reply, "TimeWindow", window);
  pd_sandbox_request_reply_json (request, reply);
}

static const PdSandboxOperation wafv2_operations[] = {
  { "ListWebACLs", NULL, NULL, list_web_acls },
  { "GetWebACL", NULL, NULL, get_web_acl },
  { "UpdateWebACL", NULL, NULL, update_web_acl },
  { "GetWebACLForResource", NULL, NULL, get_web_acl_for_resource },
  { "ListIPSets", NULL, NULL, list_ip_sets },
  { "GetIPSet", NULL, NULL, get_ip_set },
  { "UpdateIPSet", NULL, NULL, update_ip_set },
  { "GetSampledRequests", NULL, NULL, get_sampled_requests },
  { "GetRateBasedStatementManagedKeys", NULL, NULL, get_rate_based_statement_managed_keys },
};

static const PdSandboxServiceInfo wafv2_info = {
  .signing_name = "wafv2",
  .protocol = PD_SANDBOX_PROTOCOL_JSON,
  .json_version = "1.1",
  .target_prefix = "AWSWAF_20190729",
  .validation_code = "WAFInvalidParameterException",
  .fault_name = "wafv2",
  .operations = wafv2_operations,
  .n_operations = G_N_ELEMENTS (wafv2_operations),
};

static Item *
new_item (Waf        *self,
          GPtrArray  *items,
          const char *kind,
          const char *name,
          const char *scope,
          const char *description)
{
  Item *item = g_new0 (Item, 1);
  gboolean global = g_str_equal (scope, "CLOUDFRONT");

  item->name = g_strdup (name);
  item->id = pd_sandbox_new_uuid (self->sandbox);
  item->scope = g_strdup (scope);
  item->arn = g_strdup_printf ("arn:aws:wafv2:%s:%s:%s/%s/%s/%s",
                               global ? "us-east-1" : pd_sandbox_get_region (self->sandbox),
                               pd_sandbox_get_account_id (self->sandbox),
                               global ? "global" : "regional", kind, name, item->id);
  item->lock_token = pd_sandbox_new_uuid (self->sandbox);
  item->body = json_object_new ();
  json_object_set_string_member (item->body, "Name", name);
  json_object_set_string_member (item->body, "Id", item->id);
  json_object_set_string_member (item->body, "ARN", item->arn);
  json_object_set_string_member (item->body, "Description", description);
  g_ptr_array_add (items, item);
  return item;
}

static Item *
new_ip_set (Waf                *self,
            const char         *name,
            const char         *description,
            const char         *version,
            const char * const *addresses)
{
  Item *set = new_item (self, self->ip_sets, "ipset", name, "REGIONAL", description);
  JsonArray *list = json_array_new ();

  for (guint i = 0; addresses[i] != NULL; i++)
    json_array_add_string_element (list, addresses[i]);
  json_object_set_string_member (set->body, "IPAddressVersion", version);
  json_object_set_array_member (set->body, "Addresses", list);
  return set;
}

static JsonObject *
visibility (const char *metric)
{
  JsonObject *config = json_object_new ();

  json_object_set_boolean_member (config, "SampledRequestsEnabled", TRUE);
  json_object_set_boolean_member (config, "CloudWatchMetricsEnabled", TRUE);
  json_object_set_string_member (config, "MetricName", metric);
  return config;
}

static JsonObject *
new_rule (const char *name,
          gint64      priority,
          const char *statement_kind,
          JsonObject *statement_body,
          gboolean    managed)
{
  JsonObject *rule = json_object_new ();
  JsonObject *statement = json_object_new ();
  JsonObject *action = json_object_new ();

  json_object_set_string_member (rule, "Name", name);
  json_object_set_int_member (rule, "Priority", priority);
  json_object_set_object_member (statement, statement_kind, statement_body);
  json_object_set_object_member (rule, "Statement", statement);
  json_object_set_object_member (action, managed ? "None" : "Block", json_object_new ());
  json_object_set_object_member (rule, managed ? "OverrideAction" : "Action", action);
  json_object_set_object_member (rule, "VisibilityConfig", visibility (name));
  return rule;
}

static Item *
new_web_acl (Waf        *self,
             const char *name,
             const char *scope,
             const char *description,
             Item       *blocklist,
             gint64      rate_limit)
{
  Item *acl = new_item (self, self->web_acls, "webacl", name, scope, description);
  JsonObject *default_action = json_object_new ();
  JsonArray *rules = json_array_new ();
  JsonObject *managed = json_object_new ();
  JsonObject *rate = json_object_new ();
  gint64 capacity = 700;
  g_autofree char *ns = g_strdup_printf ("awswaf:%s:webacl:%s:",
                                         pd_sandbox_get_account_id (self->sandbox), name);

  json_object_set_object_member (default_action, "Allow", json_object_new ());
  json_object_set_object_member (acl->body, "DefaultAction", default_action);
  json_object_set_string_member (managed, "VendorName", "AWS");
  json_object_set_string_member (managed, "Name", "AWSManagedRulesCommonRuleSet");
  json_array_add_object_element (rules, new_rule ("AWS-AWSManagedRulesCommonRuleSet", 0,
                                                  "ManagedRuleGroupStatement", managed, TRUE));
  json_object_set_int_member (rate, "Limit", rate_limit);
  json_object_set_string_member (rate, "AggregateKeyType", "IP");
  json_array_add_object_element (rules, new_rule ("rate-limit-per-ip", 1, "RateBasedStatement",
                                                  rate, FALSE));
  capacity += 2;
  if (blocklist != NULL)
    {
      JsonObject *reference = json_object_new ();

      json_object_set_string_member (reference, "ARN", blocklist->arn);
      json_array_add_object_element (rules, new_rule ("block-listed-ips", 2,
                                                      "IPSetReferenceStatement", reference,
                                                      FALSE));
      capacity += 1;
    }
  json_object_set_array_member (acl->body, "Rules", rules);
  json_object_set_object_member (acl->body, "VisibilityConfig", visibility (name));
  json_object_set_int_member (acl->body, "Capacity", capacity);
  json_object_set_boolean_member (acl->body, "ManagedByFirewallManager", FALSE);
  json_object_set_string_member (acl->body, "LabelNamespace", ns);
  acl->associations = g_ptr_array_new_with_free_func (g_free);
  return acl;
}

void
pd_sandbox_wafv2_register (PdSandbox *sandbox)
{
  Waf *self = g_new0 (Waf, 1);
  static const char * const blocked[] = { "203.0.113.0/24", "198.51.100.23/32",
                                          "192.0.2.77/32", NULL };
  static const char * const office[] = { "192.0.2.0/28", "198.51.100.128/25", NULL };
  static const char * const scanners[] = { "2001:db8:dead::/48", NULL };
  g_autofree char *prod = NULL;
  Item *blocklist;
  Item *todo;

  self->sandbox = sandbox;
  self->web_acls = g_ptr_array_new_with_free_func (item_free);
  self->ip_sets = g_ptr_array_new_with_free_func (item_free);

  blocklist = new_ip_set (self, "todo-list-aws-blocklist", "Addresses blocked from the To-Do API",
                          "IPV4", blocked);
  new_ip_set (self, "office-allowlist", "Office egress ranges", "IPV4", office);
  new_ip_set (self, "scanner-blocklist-v6", "IPv6 scanners", "IPV6", scanners);

  todo = new_web_acl (self, "todo-list-aws-waf", "REGIONAL",
                      "Protects the To-Do API against floods and common exploits", blocklist,
                      2000);
  new_web_acl (self, "status-page-waf", "REGIONAL", "Status page protection", NULL, 1000);
  new_web_acl (self, "billing-api-waf", "REGIONAL", "Billing API protection", blocklist, 500);
  new_web_acl (self, "cdn-default-waf", "CLOUDFRONT", "Default CloudFront protection", NULL,
               10000);

  prod = pd_sandbox_apigateway_dup_stage_arn (sandbox, "todo-list-aws", "prod");
  if (prod != NULL && pd_sandbox_apigateway_set_web_acl (sandbox, prod, todo->arn))
    g_ptr_array_add (todo->associations, g_steal_pointer (&prod));

  pd_sandbox_register_service (sandbox, &wafv2_info, self, waf_free);
}
