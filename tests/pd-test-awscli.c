/* pd-test-awscli.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "pd-test-awscli.h"
#include "pd-test-utils.h"

#define AWSCLI "/usr/bin/aws"

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Cli;

static void
on_cli_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Cli *cli = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &cli->out, &cli->err,
                                        &cli->error);
  cli->done = TRUE;
}

JsonObject *
pd_test_awscli_json (PdSandbox          *sandbox,
                     const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  Cli cli = { 0, };
  JsonObject *object;

  if (!g_file_test (AWSCLI, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is missing: install Debian's awscli package", AWSCLI);

  g_ptr_array_add (argv, (gpointer) AWSCLI);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--endpoint-url");
  g_ptr_array_add (argv, (gpointer) pd_sandbox_get_endpoint (sandbox));
  g_ptr_array_add (argv, (gpointer) "--output");
  g_ptr_array_add (argv, (gpointer) "json");
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", pd_sandbox_get_access_key_id (sandbox),
                           TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", pd_sandbox_get_secret_key (sandbox),
                           TRUE);
  envp = g_environ_setenv (envp, "AWS_DEFAULT_REGION", "eu-west-1", TRUE);
  envp = g_environ_setenv (envp, "AWS_PAGER", "", TRUE);
  envp = g_environ_unsetenv (envp, "AWS_PROFILE");
  envp = g_environ_unsetenv (envp, "AWS_DEFAULT_PROFILE");
  envp = g_environ_unsetenv (envp, "AWS_SESSION_TOKEN");
  envp = g_environ_unsetenv (envp, "AWS_ENDPOINT_URL");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, envp);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_cli_done_cb, &cli);
  pd_test_wait_for_flag (&cli.done, 60000);
  g_assert_no_error (cli.error);
  g_subprocess_wait (process, NULL, NULL);
  if (!g_subprocess_get_successful (process))
    g_error ("awscli failed (status %d): %s%s", g_subprocess_get_status (process), cli.err,
             cli.out);

  g_assert_true (json_parser_load_from_data (parser, cli.out, -1, &error));
  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_free (cli.out);
  g_free (cli.err);
  return object;
}
