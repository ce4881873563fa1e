/* pd-sandbox-codecommit.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-sandbox-cicd-private.h"

typedef struct
{
  char       *name;
  GPtrArray  *commits;
  GHashTable *by_id;
  guint       head;
} Repository;

typedef struct
{
  PdSandbox  *sandbox;
  GHashTable *repositories;
} CodeCommit;

static const char * const messages[] = {
  "Add Hypothesis strategies for to-do items",
  "Fix update handler dropping the checked flag",
  "Raise coverage of the authorizer to 94%",
  "Bump requests to 2.31.0",
  "Move the table name to an environment variable",
  "Use the Data API for list queries",
  "Validate the JWT issuer in the Lambda authorizer",
  "Add integration tests for DELETE /todos/{id}",
  "Tune the WAF rate limit to 2000 per 5 minutes",
  "Split serverless.yml per stage",
  "Retry Data API calls while Aurora resumes",
  "Refactor db module and silence pylint R1705",
  "Add paging to GET /todos",
  "Document the deploy pipeline in the README",
  "Pin serverless to v3",
  "Tag every resource with the project name",
  "Return 404 for unknown to-do IDs",
  "Add terratest for the API stage",
  "Log request IDs in every handler",
  "Cap text length at 200 characters",
};

static const char * const authors[][2] = {
  { "Lucía Fernández", "lucia@todo-list.example" },
  { "Marc Puig", "marc@todo-list.example" },
  { "Ana Torres", "ana@todo-list.example" },
  { "Jordi Vidal", "jordi@todo-list.example" },
};

static void
commit_free (gpointer data)
{
  PdSandboxCommit *commit = data;

  g_free (commit->commit_id);
  g_free (commit->tree_id);
  g_free (commit->parent_id);
  g_free (commit->message);
  g_free (commit->author);
  g_free (commit->email);
  g_free (commit);
}

static void
repository_free (gpointer data)
{
  Repository *repo = data;

  g_free (repo->name);
  g_hash_table_unref (repo->by_id);
  g_ptr_array_unref (repo->commits);
  g_free (repo);
}

static void
codecommit_free (gpointer data)
{
  CodeCommit *self = data;

  g_hash_table_unref (self->repositories);
  g_free (self);
}

static char *
hex_id (GRand *rand)
{
  GString *out = g_string_sized_new (40);

  for (guint i = 0; i < 5; i++)
    g_string_append_printf (out, "%08x", g_rand_int (rand));
  return g_string_free (out, FALSE);
}

static Repository *
ensure_repository (CodeCommit *self,
                   const char *name)
{
  Repository *repo = g_hash_table_lookup (self->repositories, name);

  if (repo == NULL)
    {
      repo = g_new0 (Repository, 1);
      repo->name = g_strdup (name);
      repo->commits = g_ptr_array_new_with_free_func (commit_free);
      repo->by_id = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (self->repositories, repo->name, repo);
    }
  return repo;
}

PdSandboxCommit *
pd_sandbox_codecommit_commit_for_run (PdSandbox  *sandbox,
                                      const char *repository,
                                      guint       run_number)
{
  CodeCommit *self = pd_sandbox_get_service_data (sandbox, "codecommit");
  Repository *repo = ensure_repository (self, repository);
  GRand *rand = pd_sandbox_get_rand (sandbox);

  g_return_val_if_fail (run_number >= 1, NULL);

  while (repo->commits->len < run_number)
    {
      PdSandboxCommit *commit = g_new0 (PdSandboxCommit, 1);
      guint n = repo->commits->len;
      guint who = g_rand_int_range (rand, 0, G_N_ELEMENTS (authors));

      commit->commit_id = hex_id (rand);
      commit->tree_id = hex_id (rand);
      if (n > 0)
        commit->parent_id = g_strdup (((PdSandboxCommit *) g_ptr_array_index (repo->commits, n - 1))->commit_id);
      commit->message = g_strdup (messages[(n * 7 + g_str_hash (repository)) % G_N_ELEMENTS (messages)]);
      commit->author = g_strdup (authors[who][0]);
      commit->email = g_strdup (authors[who][1]);
      g_ptr_array_add (repo->commits, commit);
      g_hash_table_insert (repo->by_id, commit->commit_id, commit);
    }
  repo->head = MAX (repo->head, run_number);
  return g_ptr_array_index (repo->commits, run_number - 1);
}

static Repository *
repository_member (PdSandboxRequest *request,
                   CodeCommit       *self)
{
  JsonNode *node = json_object_get_member (request->input, "repositoryName");
  const char *name;
  Repository *repo;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      pd_sandbox_request_reply_error (request, 400, "RepositoryNameRequiredException",
                                      "A repository name is required, but was not specified.");
      return NULL;
    }
  name = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : "";
  if (strlen (name) < 1 || strlen (name) > 100
      || !g_regex_match_simple ("^[\\w\\.-]+$", name, 0, 0))
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidRepositoryNameException",
                                      "The repository name is not valid. Repository names can "
                                      "be any valid combination of letters, numbers, periods, "
                                      "underscores, and dashes between 1 and 100 characters in "
                                      "length.");
      return NULL;
    }
  repo = g_hash_table_lookup (self->repositories, name);
  if (repo == NULL)
    pd_sandbox_request_reply_error (request, 400, "RepositoryDoesNotExistException",
                                    "%s does not exist", name);
  return repo;
}

static void
get_branch (PdSandboxRequest *request,
            gpointer          data)
{
  CodeCommit *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *branch;
  Repository *repo;
  JsonNode *node;
  const char *name;
  PdSandboxCommit *head;

  repo = repository_member (request, self);
  if (repo == NULL)
    return;

  node = json_object_get_member (request->input, "branchName");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      pd_sandbox_request_reply_error (request, 400, "BranchNameRequiredException",
                                      "A branch name is required, but was not specified.");
      return;
    }
  name = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : "";
  if (*name == '\0' || strlen (name) > 256 || strstr (name, "..") != NULL
      || g_str_has_suffix (name, "/") || strchr (name, ' ') != NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidBranchNameException",
                                      "The specified reference name is not valid.");
      return;
    }
  if (!g_str_equal (name, "main") || repo->head == 0)
    {
      pd_sandbox_request_reply_error (request, 400, "BranchDoesNotExistException",
                                      "Could not find branch %s", name);
      return;
    }

  head = g_ptr_array_index (repo->commits, repo->head - 1);
  branch = json_object_new ();
  json_object_set_string_member (branch, "branchName", name);
  json_object_set_string_member (branch, "commitId", head->commit_id);
  json_object_set_object_member (reply, "branch", branch);
  pd_sandbox_request_reply_json (request, reply);
}

static JsonObject *
person (const PdSandboxCommit *commit)
{
  JsonObject *object = json_object_new ();
  g_autofree char *date = g_strdup_printf ("%" G_GINT64_FORMAT " +0000", commit->time_ms / 1000);

  json_object_set_string_member (object, "name", commit->author);
  json_object_set_string_member (object, "email", commit->email);
  json_object_set_string_member (object, "date", date);
  return object;
}

static void
get_commit (PdSandboxRequest *request,
            gpointer          data)
{
  CodeCommit *self = data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *object;
  JsonArray *parents;
  Repository *repo;
  PdSandboxCommit *commit;
  JsonNode *node;
  const char *id;

  repo = repository_member (request, self);
  if (repo == NULL)
    return;

  node = json_object_get_member (request->input, "commitId");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      pd_sandbox_request_reply_error (request, 400, "CommitIdRequiredException",
                                      "A commit ID is required, but was not specified.");
      return;
    }
  id = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
       ? json_node_get_string (node) : "";
  if (!g_regex_match_simple ("^[0-9a-f]{40}$", id, 0, 0))
    {
      pd_sandbox_request_reply_error (request, 400, "InvalidCommitIdException",
                                      "The specified commit ID is not valid.");
      return;
    }
  commit = g_hash_table_lookup (repo->by_id, id);
  if (commit == NULL)
    {
      pd_sandbox_request_reply_error (request, 400, "CommitIdDoesNotExistException",
                                      "Could not find commit %s", id);
      return;
    }

  object = json_object_new ();
  parents = json_array_new ();
  if (commit->parent_id != NULL)
    json_array_add_string_element (parents, commit->parent_id);
  json_object_set_string_member (object, "commitId", commit->commit_id);
  json_object_set_string_member (object, "treeId", commit->tree_id);
  json_object_set_array_member (object, "parents", parents);
  json_object_set_string_member (object, "message", commit->message);
  json_object_set_object_member (object, "author", person (commit));
  json_object_set_object_member (object, "committer", person (commit));
  json_object_set_string_member (object, "additionalData", "");
  json_object_set_object_member (reply, "commit", object);
  pd_sandbox_request_reply_json (request, reply);
}

static const PdSandboxOperation codecommit_operations[] = {
  { "GetBranch", NULL, NULL, get_branch },
  { "GetCommit", NULL, NULL, get_commit },
};

static const PdSandboxServiceInfo codecommit_info = {
  .signing_name = "codecommit",
  .protocol = PD_SANDBOX_PROTOCOL_JSON,
  .json_version = "1.1",
  .target_prefix = "CodeCommit_20150413",
  .error_namespace = "com.amazonaws.codecommit",
  .validation_code = "ValidationException",
  .fault_name = "codecommit",
  .operations = codecommit_operations,
  .n_operations = G_N_ELEMENTS (codecommit_operations),
};

void
pd_sandbox_codecommit_register (PdSandbox *sandbox)
{
  CodeCommit *self = g_new0 (CodeCommit, 1);

  self->sandbox = sandbox;
  self->repositories = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, repository_free);
  pd_sandbox_register_service (sandbox, &codecommit_info, self, codecommit_free);
}
