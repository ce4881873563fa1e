/* bench-logs.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-aws-credentials.h"
#include "pd-aws-logs.h"
#include "pd-log-errors.h"
#include "pd-log-loader.h"
#include "pd-log-store.h"

/* A million-line build log from pipedeck-sandbox (its own process, so the
 * server does not share this process's main loop), read by the log store,
 * side by side with Debian's awscli paging the same stream and grep on the
 * same text. Prints figures; asserts nothing. */

typedef struct
{
  gboolean  done;
  gpointer  result;
  GError   *error;
} Wait;

static void
iterate_until (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
rss_mib (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  malloc_trim (0);
  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL)
      || sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static void
on_call_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = pd_aws_client_call_finish (PD_AWS_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

static void
on_page_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = pd_aws_logs_get_log_events_finish (PD_AWS_CLIENT (object), result,
                                                    &wait->error);
  wait->done = TRUE;
}

static void
on_added_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  pd_log_store_add_page_finish (PD_LOG_STORE (object), result, &wait->error);
  wait->done = TRUE;
}

static void
on_found_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = pd_log_store_find_finish (PD_LOG_STORE (object), result, &wait->error);
  wait->done = TRUE;
}

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  pd_log_store_save_finish (PD_LOG_STORE (object), result, &wait->error);
  wait->done = TRUE;
}

static void
check (GError *error)
{
  if (error != NULL)
    {
      g_printerr ("bench-logs: %s\n", error->message);
      exit (1);
    }
}

static gboolean
loader_finished (PdLogLoader *loader)
{
  return pd_log_loader_is_finished (loader);
}

static double
run_grep (const char *options,
          const char *pattern,
          const char *path,
          guint      *count)
{
  const char *argv[] = { "grep", "-c", options, "--", pattern, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);
  double start = now_ms ();

  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL,
                &error);
  check (g_steal_pointer (&error));
  *count = (guint) g_ascii_strtoull (out, NULL, 10);
  return now_ms () - start;
}

/* `aws logs get-log-events` from the head, passing each nextForwardToken
 * back until it comes back unchanged, as the API asks. */
static double
run_awscli (const char  *aws,
            GStrv        envp,
            const char  *endpoint,
            const char  *group,
            const char  *stream,
            guint64     *events,
            guint       *pages)
{
  g_autofree char *token = NULL;
  double start = now_ms ();

  *events = 0;
  *pages = 0;
  for (;;)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      const char *next;
      int status = 0;

      g_ptr_array_add (argv, (char *) aws);
      g_ptr_array_add (argv, (char *) "logs");
      g_ptr_array_add (argv, (char *) "get-log-events");
      g_ptr_array_add (argv, (char *) "--endpoint-url");
      g_ptr_array_add (argv, (char *) endpoint);
      g_ptr_array_add (argv, (char *) "--log-group-name");
      g_ptr_array_add (argv, (char *) group);
      g_ptr_array_add (argv, (char *) "--log-stream-name");
      g_ptr_array_add (argv, (char *) stream);
      g_ptr_array_add (argv, (char *) "--output");
      g_ptr_array_add (argv, (char *) "json");
      if (token == NULL)
        g_ptr_array_add (argv, (char *) "--start-from-head");
      else
        {
          g_ptr_array_add (argv, (char *) "--next-token");
          g_ptr_array_add (argv, token);
        }
      g_ptr_array_add (argv, NULL);
      if (!g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                         &out, &err, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("bench-logs: awscli failed: %s\n%s", error->message, err ? err : "");
          return -1;
        }
      if (!json_parser_load_from_data (parser, out, -1, &error))
        check (g_steal_pointer (&error));
      object = json_node_get_object (json_parser_get_root (parser));
      *events += json_array_get_length (json_object_get_array_member (object, "events"));
      (*pages)++;
      next = json_object_get_string_member (object, "nextForwardToken");
      if (next == NULL || g_strcmp0 (next, token) == 0)
        break;
      g_free (token);
      token = g_strdup (next);
    }
  return now_ms () - start;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sandbox_path = NULL;
  g_autofree char *aws = g_strdup ("/usr/bin/aws");
  gint64 lines = 1000000;
  gboolean skip_aws = FALSE;
  GOptionEntry entries[] = {
    { "sandbox", 0, 0, G_OPTION_ARG_FILENAME, &sandbox_path, "pipedeck-sandbox", "PATH" },
    { "lines", 0, 0, G_OPTION_ARG_INT64, &lines, "Lines in the build log", "N" },
    { "aws", 0, 0, G_OPTION_ARG_FILENAME, &aws, "The awscli program (Debian's: /usr/bin/aws)",
      "PATH" },
    { "skip-aws", 0, 0, G_OPTION_ARG_NONE, &skip_aws, "Do not run awscli", NULL },
    { NULL }
  };
  g_autofree char *lines_arg = NULL;
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *access_key = NULL;
  g_autofree char *secret_key = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(PdLogLoader) loader = NULL;
  g_autoptr(PdLogStore) first_store = NULL;
  g_autoptr(PdAwsLogPage) page = NULL;
  g_auto(GStrv) envp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  const char *build_id;
  PdLogStore *store;
  Wait wait = { 0, };
  double t0, t1, rss_before, rss_after, load_ms, first_ms;
  guint64 log_bytes = 0;
  JsonArray *ids;
  char *line;
  static const struct
  {
    const char     *query;
    PdLogFindFlags  flags;
    const char     *grep_options;
  } finds[] = {
    { "hypothesis", PD_LOG_FIND_NONE, "-iF" },
    { "PASSED", PD_LOG_FIND_CASE_SENSITIVE, "-F" },
    { "'id': '[0-9]*77'", PD_LOG_FIND_REGEX | PD_LOG_FIND_CASE_SENSITIVE, "-P" },
  };

  /* Figures show as they come, even if a slow awscli run is cut short. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  context = g_option_context_new ("- the million-line log benchmark");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || sandbox_path == NULL)
    {
      g_printerr ("bench-logs: %s\n", error ? error->message : "--sandbox is required");
      return 2;
    }

  /* The sandbox, on loopback, in its own process. */
  lines_arg = g_strdup_printf ("%" G_GINT64_FORMAT, lines);
  sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sandbox_path, "--port",
                              "0", "--log-lines", lines_arg, NULL);
  check (g_steal_pointer (&error));
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  while ((line = g_data_input_stream_read_line (out, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "AWS_ENDPOINT_URL="))
        endpoint = g_strdup (line + strlen ("AWS_ENDPOINT_URL="));
      else if (g_str_has_prefix (line, "AWS_ACCESS_KEY_ID="))
        access_key = g_strdup (line + strlen ("AWS_ACCESS_KEY_ID="));
      else if (g_str_has_prefix (line, "AWS_SECRET_ACCESS_KEY="))
        secret_key = g_strdup (line + strlen ("AWS_SECRET_ACCESS_KEY="));
      else if (g_str_has_prefix (line, "PD_SANDBOX_ACCOUNT_ID="))
        {
          g_free (line);
          break;
        }
      g_free (line);
    }
  if (endpoint == NULL || access_key == NULL || secret_key == NULL)
    {
      g_printerr ("bench-logs: the sandbox did not start\n");
      return 1;
    }

  credentials = pd_aws_credentials_new (access_key, secret_key, NULL, NULL, "sandbox");
  provider = pd_aws_static_credentials_provider_new (credentials);
  client = pd_aws_client_new (provider, "eu-west-1", endpoint);

  input = json_object_new ();
  json_object_set_string_member (input, "projectName", "todo-list-aws-unit-tests");
  json_object_set_string_member (input, "sortOrder", "DESCENDING");
  pd_aws_client_call_async (client, "codebuild", "ListBuildsForProject", input, NULL, on_call_cb,
                            &wait);
  iterate_until (&wait.done);
  check (wait.error);
  node = wait.result;
  ids = json_object_get_array_member (json_node_get_object (node), "ids");
  build_id = json_array_get_string_element (ids, 0);

  /* First screen: from the first page's arrival to the rows a list view
   * shows first (60 lines) made from the store. */
  loader = pd_log_loader_new (client, build_id);
  first_store = pd_log_store_new ();
  {
    Wait got = { 0, };
    Wait added = { 0, };

    pd_aws_logs_get_log_events_async (client, "/aws/codebuild/todo-list-aws-unit-tests",
                                      strchr (build_id, ':') + 1, NULL, TRUE, 0, NULL,
                                      on_page_cb, &got);
    iterate_until (&got.done);
    check (got.error);
    page = got.result;
    t0 = now_ms ();
    pd_log_store_add_page_async (first_store, page, FALSE, NULL, on_added_cb, &added);
    iterate_until (&added.done);
    check (added.error);
    for (guint i = 0; i < 60; i++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (first_store), i));
    first_ms = now_ms () - t0;
  }
  g_clear_object (&first_store);
  g_clear_pointer (&page, pd_aws_log_page_unref);

  /* The whole log, as the logs view loads it. */
  rss_before = rss_mib ();
  t0 = now_ms ();
  pd_log_loader_set_follow (loader, FALSE);
  pd_log_loader_start (loader);
  while (!loader_finished (loader))
    g_main_context_iteration (NULL, TRUE);
  t1 = now_ms ();
  load_ms = t1 - t0;
  store = pd_log_loader_get_store (loader);
  if (pd_log_loader_get_state (loader) != PD_LOG_LOADER_STATE_COMPLETE)
    {
      g_printerr ("bench-logs: loading failed: %s\n",
                  pd_log_loader_get_error (loader) ? pd_log_loader_get_error (loader)->message : "?");
      return 1;
    }
  rss_after = rss_mib ();

  dir = g_dir_make_tmp ("pd-bench-logs-XXXXXX", NULL);
  path = g_build_filename (dir, "log.txt", NULL);
  file = g_file_new_for_path (path);
  wait = (Wait) { 0, };
  pd_log_store_save_async (store, file, NULL, on_saved_cb, &wait);
  iterate_until (&wait.done);
  check (wait.error);
  log_bytes = pd_log_store_get_n_bytes (store);

  printf ("lines                         %u\n", pd_log_store_get_n_lines (store));
  printf ("log text                      %.1f MiB\n", log_bytes / (1024.0 * 1024.0));
  printf ("pages                         %u\n", pd_log_loader_get_pages (loader));
  printf ("first screen after 1st page   %.1f ms   (budget 100 ms)\n", first_ms);
  printf ("full load (resolve + pages)   %.0f ms\n", load_ms);
  printf ("memory growth                 %.1f MiB = %.2f x the log's bytes   (budget 2x)\n",
          rss_after - rss_before, (rss_after - rss_before) * 1024 * 1024 / log_bytes);

  /* The error marking's part of parsing: the saved text again, in pages of
   * 10,000 lines, parsed by a new store (which marks error lines as it
   * goes); then the rules alone over each page's lines, as the store runs
   * them: on a line it has just written, so in the cache. */
  {
    g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 pd_aws_log_page_unref);
    g_autoptr(PdLogStore) parsed = pd_log_store_new ();
    g_autofree char *text = NULL;
    gsize length = 0;
    guint n_lines = 0, n_marked = 0;
    const char *p, *end, *nl;
    double parse_ms, mark_ms = 0;

    if (!g_file_get_contents (path, &text, &length, &error))
      check (g_steal_pointer (&error));
    end = text + length;
    for (p = text; p < end; p = nl + 1)
      {
        nl = memchr (p, '\n', end - p);
        if (nl == NULL)
          nl = end;
        if (n_lines % 10000 == 0)
          g_ptr_array_add (pages, pd_aws_log_page_new ());
        pd_aws_log_page_add_event (g_ptr_array_index (pages, pages->len - 1), 1000 + n_lines,
                                   2000 + n_lines, p, nl - p);
        n_lines++;
      }

    t0 = now_ms ();
    for (guint i = 0; i < pages->len; i++)
      {
        wait = (Wait) { 0, };
        pd_log_store_add_page_async (parsed, g_ptr_array_index (pages, i), FALSE, NULL,
                                     on_added_cb, &wait);
        iterate_until (&wait.done);
        check (wait.error);
      }
    parse_ms = now_ms () - t0;

    for (guint i = 0; i < pages->len; i++)
      {
        PdAwsLogPage *chunk = g_ptr_array_index (pages, i);
        guint n = pd_aws_log_page_get_n_events (chunk);
        guint marked = 0;

        for (guint pass = 0; pass < 2; pass++)
          {
            double start = now_ms ();

            marked = 0;
            for (guint k = 0; k < n; k++)
              {
                gsize len = 0;
                const char *message = pd_aws_log_page_get_message (chunk, k, &len);

                marked += pd_log_errors_match (message, (gssize) len) != 0;
              }
            if (pass == 1)
              mark_ms += now_ms () - start;
          }
        n_marked += marked;
      }
    printf ("parse, error marking included %.0f ms for %u lines in %u pages (%u error lines)\n",
            parse_ms, pd_log_store_get_n_lines (parsed), pages->len,
            pd_log_store_get_n_errors (parsed));
    printf ("error marking alone           %.0f ms = %.0f ns a line, %.1f%% of the parse "
            "(%u error lines)\n",
            mark_ms, mark_ms * 1e6 / MAX (n_lines, 1), 100.0 * mark_ms / parse_ms, n_marked);
  }

  for (guint f = 0; f < G_N_ELEMENTS (finds); f++)
    {
      g_autoptr(PdLogMatches) matches = NULL;
      double find_ms, grep_ms;
      guint grep_count = 0;

      wait = (Wait) { 0, };
      t0 = now_ms ();
      pd_log_store_find_async (store, finds[f].query, finds[f].flags, NULL, on_found_cb, &wait);
      iterate_until (&wait.done);
      find_ms = now_ms () - t0;
      check (wait.error);
      matches = wait.result;
      grep_ms = run_grep (finds[f].grep_options, finds[f].query, path, &grep_count);
      printf ("find %-24s %6.0f ms, %u lines   |  grep -c %s: %6.0f ms, %u lines   (budget 300 ms)\n",
              finds[f].query, find_ms, pd_log_matches_get_n_lines (matches),
              finds[f].grep_options, grep_ms, grep_count);
    }

  if (!skip_aws)
    {
      g_autofree char *stream = g_strdup (strchr (build_id, ':') + 1);
      guint64 events = 0;
      guint pages = 0;
      double aws_ms;

      envp = g_get_environ ();
      envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", access_key, TRUE);
      envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", secret_key, TRUE);
      envp = g_environ_setenv (envp, "AWS_DEFAULT_REGION", "eu-west-1", TRUE);
      envp = g_environ_setenv (envp, "AWS_CONFIG_FILE", "/dev/null", TRUE);
      envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
      envp = g_environ_setenv (envp, "AWS_PAGER", "", TRUE);
      envp = g_environ_unsetenv (envp, "AWS_PROFILE");
      aws_ms = run_awscli (aws, envp, endpoint, "/aws/codebuild/todo-list-aws-unit-tests",
                           stream, &events, &pages);
      printf ("aws logs get-log-events       %.0f ms, %" G_GUINT64_FORMAT " events, %u pages"
              "   (Pipedeck's full load: %.2f x faster)\n",
              aws_ms, events, pages, aws_ms / load_ms);
    }

  g_unlink (path);
  g_rmdir (dir);
  g_subprocess_send_signal (sandbox, SIGTERM);
  g_subprocess_wait (sandbox, NULL, NULL);
  return 0;
}
