/* test-keyring.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* These tests use the real Secret Service of the session bus they run on:
 * run them under `dbus-run-session` with an unlocked gnome-keyring. */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "pd-aws-config.h"
#include "pd-aws-credentials-chain.h"
#include "pd-aws-error.h"
#include "pd-aws-keyring.h"
#include "pd-test-utils.h"

static const char * const secrets[] = {
  "kringSECRETaaaa1111wJalrXUtnFEMI",
  "kringTOKENbbbb2222FwoGZXIvYXdzE",
  "kringSECRETcccc3333K7MDENGbPxRf",
  NULL
};

static GPtrArray *log_lines;
static GLogFunc test_log_handler;

static GLogWriterOutput
record_log_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].value != NULL)
        g_ptr_array_add (log_lines, fields[i].length < 0
                                    ? g_strdup (fields[i].value)
                                    : g_strndup (fields[i].value, fields[i].length));
    }

  /* Debug lines go to stdout, which TAP owns: keep them to ourselves. */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
record_unstructured_cb (const char     *log_domain,
                        GLogLevelFlags  log_level,
                        const char     *message,
                        gpointer        user_data)
{
  if (message != NULL)
    g_ptr_array_add (log_lines, g_strdup (message));

  test_log_handler (log_domain, log_level, message, user_data);
}

static char *
account_name (const char *what)
{
  return g_strdup_printf ("pd-test-%d-%s", (int) getpid (), what);
}

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  g_assert_true (pd_test_wait_until (result_ready, result, 20000));
  return *result;
}

static gboolean
store (const char        *name,
       PdAwsCredentials  *credentials,
       const char        *region,
       const char        *endpoint_url,
       GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_aws_keyring_store_async (name, credentials, region, endpoint_url, NULL, on_done_cb, &result);
  return pd_aws_keyring_store_finish (wait_for (&result), error);
}

static GPtrArray *
list (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_aws_keyring_list_async (NULL, on_done_cb, &result);
  return pd_aws_keyring_list_finish (wait_for (&result), error);
}

static PdAwsCredentials *
load (const char  *name,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_aws_keyring_load_async (name, NULL, on_done_cb, &result);
  return pd_aws_keyring_load_finish (wait_for (&result), error);
}

static gboolean
delete (const char  *name,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_aws_keyring_delete_async (name, NULL, on_done_cb, &result);
  return pd_aws_keyring_delete_finish (wait_for (&result), error);
}

static PdAwsKeyringAccount *
find_account (GPtrArray  *accounts,
              const char *name,
              guint      *count)
{
  PdAwsKeyringAccount *found = NULL;

  *count = 0;
  for (guint i = 0; i < accounts->len; i++)
    {
      PdAwsKeyringAccount *account = g_ptr_array_index (accounts, i);

      if (g_str_equal (account->name, name))
        {
          found = account;
          (*count)++;
        }
    }

  return found;
}

static void
require_session_bus (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_message ("No session bus: run under dbus-run-session with an unlocked "
                      "gnome-keyring (see TOOLCHAIN.md)");
      g_test_fail ();
    }
}

static void
test_keyring_round_trip (void)
{
  g_autofree char *name = account_name ("round-trip");
  g_autoptr(PdAwsCredentials) creds = pd_aws_credentials_new ("AKIDKEYRING1", secrets[0],
                                                              secrets[1], NULL, NULL);
  g_autoptr(PdAwsCredentials) loaded = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  PdAwsKeyringAccount *account;
  guint count = 0;

  require_session_bus ();
  if (g_test_failed ())
    return;

  g_assert_true (store (name, creds, "eu-west-1", "http://127.0.0.1:4566", &error));
  g_assert_no_error (error);

  accounts = list (&error);
  g_assert_no_error (error);
  account = find_account (accounts, name, &count);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpstr (account->access_key_id, ==, "AKIDKEYRING1");
  g_assert_cmpstr (account->region, ==, "eu-west-1");
  g_assert_cmpstr (account->endpoint_url, ==, "http://127.0.0.1:4566");

  loaded = load (name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (loaded), ==, "AKIDKEYRING1");
  g_assert_cmpstr (pd_aws_credentials_get_secret_access_key (loaded), ==, secrets[0]);
  g_assert_cmpstr (pd_aws_credentials_get_session_token (loaded), ==, secrets[1]);
  g_assert_null (pd_aws_credentials_get_expiration (loaded));
  g_assert_cmpstr (strstr (pd_aws_credentials_get_source (loaded), "keyring account "), ==,
                   pd_aws_credentials_get_source (loaded));
  g_assert_nonnull (strstr (pd_aws_credentials_get_source (loaded), name));
  g_clear_pointer (&loaded, pd_aws_credentials_unref);

  g_assert_true (delete (name, &error));
  g_assert_no_error (error);
  g_clear_pointer (&accounts, g_ptr_array_unref);
  accounts = list (&error);
  g_assert_no_error (error);
  g_assert_null (find_account (accounts, name, &count));

  loaded = load (name, &error);
  g_assert_null (loaded);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (delete (name, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
}

static void
test_keyring_replace (void)
{
  g_autofree char *name = account_name ("replace");
  g_autoptr(PdAwsCredentials) first = pd_aws_credentials_new ("AKIDFIRST", secrets[0],
                                                              secrets[1], NULL, NULL);
  g_autoptr(PdAwsCredentials) second = pd_aws_credentials_new ("AKIDSECOND", secrets[2],
                                                               NULL, NULL, NULL);
  g_autoptr(PdAwsCredentials) loaded = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  PdAwsKeyringAccount *account;
  guint count = 0;

  require_session_bus ();
  if (g_test_failed ())
    return;

  g_assert_true (store (name, first, "eu-west-1", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store (name, second, "us-east-1", NULL, &error));
  g_assert_no_error (error);

  accounts = list (&error);
  g_assert_no_error (error);
  account = find_account (accounts, name, &count);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpstr (account->access_key_id, ==, "AKIDSECOND");
  g_assert_cmpstr (account->region, ==, "us-east-1");
  g_assert_null (account->endpoint_url);

  loaded = load (name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_secret_access_key (loaded), ==, secrets[2]);
  g_assert_null (pd_aws_credentials_get_session_token (loaded));

  g_assert_true (delete (name, &error));
  g_assert_no_error (error);
}

static void
test_keyring_attributes_hold_no_secrets (void)
{
  g_autofree char *name = account_name ("attributes");
  g_autoptr(PdAwsCredentials) creds = pd_aws_credentials_new ("AKIDATTR", secrets[0],
                                                              secrets[1], NULL, NULL);
  g_autoptr(GHashTable) match = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SecretSchema schema = { PD_AWS_KEYRING_SCHEMA_NAME, SECRET_SCHEMA_DONT_MATCH_NAME,
                          { { "account", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
                          0, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
  GList *items;
  guint n = 0;

  require_session_bus ();
  if (g_test_failed ())
    return;

  g_assert_true (store (name, creds, "eu-west-1", NULL, &error));
  g_assert_no_error (error);

  /* Read the item behind Pipedeck's back: label and attributes are stored
   * unencrypted, so neither may hold the secret key or the token. */
  match = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (match, (gpointer) "account", name);
  secret_password_searchv (&schema, match, SECRET_SEARCH_ALL, NULL, on_done_cb, &result);
  items = secret_password_search_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      g_autofree char *label = secret_retrievable_get_label (l->data);
      GHashTableIter iter;
      gpointer key, value;

      n++;
      g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                       PD_AWS_KEYRING_SCHEMA_NAME);
      g_assert_cmpstr (g_hash_table_lookup (attributes, "access-key-id"), ==, "AKIDATTR");
      for (guint i = 0; secrets[i] != NULL; i++)
        g_assert_null (strstr (label, secrets[i]));
      g_hash_table_iter_init (&iter, attributes);
      while (g_hash_table_iter_next (&iter, &key, &value))
        for (guint i = 0; secrets[i] != NULL; i++)
          g_assert_null (strstr (value, secrets[i]));
    }
  g_list_free_full (items, g_object_unref);
  g_assert_cmpuint (n, ==, 1);

  g_assert_true (delete (name, &error));
  g_assert_no_error (error);
}

static void
test_keyring_bad_input (void)
{
  g_autoptr(PdAwsCredentials) multiline = pd_aws_credentials_new ("AKID", "line1\nline2",
                                                                  NULL, NULL, NULL);
  g_autoptr(PdAwsCredentials) creds = pd_aws_credentials_new ("AKID", secrets[0], NULL, NULL,
                                                              NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (store ("", creds, NULL, NULL, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  g_assert_false (store ("pd-test-multiline", multiline, NULL, NULL, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_null (strstr (error->message, "line1"));
}

static void
on_provider_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static PdAwsCredentials *
provider_load (PdAwsCredentialsProvider  *provider,
               GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_aws_credentials_provider_load_async (provider, FALSE, NULL, on_provider_loaded_cb, &result);
  return pd_aws_credentials_provider_load_finish (provider, wait_for (&result), error);
}

static void
test_keyring_provider_and_chain (void)
{
  g_autofree char *name = account_name ("provider");
  g_autoptr(PdAwsCredentials) creds = pd_aws_credentials_new ("AKIDPROVIDER", secrets[0],
                                                              NULL, NULL, NULL);
  g_autoptr(PdAwsCredentials) loaded = NULL;
  g_autoptr(PdAwsCredentialsProvider) provider = NULL;
  g_autoptr(PdAwsCredentialsProvider) chain = NULL;
  g_autoptr(PdAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;

  require_session_bus ();
  if (g_test_failed ())
    return;

  g_assert_true (store (name, creds, NULL, NULL, &error));
  g_assert_no_error (error);

  provider = pd_aws_keyring_credentials_provider_new (name);
  g_assert_cmpstr (pd_aws_keyring_credentials_provider_get_name (PD_AWS_KEYRING_CREDENTIALS_PROVIDER (provider)),
                   ==, name);
  loaded = provider_load (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (loaded), ==, "AKIDPROVIDER");
  g_clear_pointer (&loaded, pd_aws_credentials_unref);

  /* The selected keyring account answers before the environment. */
  env = g_environ_setenv (NULL, "AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  env = g_environ_setenv (env, "AWS_SECRET_ACCESS_KEY", "not-this-one", TRUE);
  env = g_environ_setenv (env, "AWS_CONFIG_FILE", "/dev/null", TRUE);
  env = g_environ_setenv (env, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  config = pd_aws_config_new_from_environ ((const char * const *) env, &error);
  g_assert_no_error (error);
  chain = pd_aws_credentials_chain_new (config, name, NULL);
  loaded = provider_load (chain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_credentials_get_access_key_id (loaded), ==, "AKIDPROVIDER");
  g_assert_nonnull (strstr (pd_aws_credentials_get_source (loaded), "keyring account"));
  g_clear_pointer (&loaded, pd_aws_credentials_unref);

  g_assert_true (delete (name, &error));
  g_assert_no_error (error);

  /* A deleted account is an error, not a silent fall-back. */
  g_clear_object (&chain);
  chain = pd_aws_credentials_chain_new (config, name, NULL);
  loaded = provider_load (chain, &error);
  g_assert_null (loaded);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND);
}

/* Every call on a bus that has no Secret Service must fail cleanly. */
static void
assert_all_calls_fail (const char *expected)
{
  g_autoptr(PdAwsCredentials) creds = pd_aws_credentials_new ("AKID", secrets[0], NULL, NULL,
                                                              NULL);
  g_autoptr(PdAwsCredentials) loaded = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (store ("pd-test-unavailable", creds, NULL, NULL, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_KEYRING);
  g_assert_nonnull (strstr (error->message, "keyring is unavailable"));
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_null (strstr (error->message, secrets[0]));
  g_clear_error (&error);

  accounts = list (&error);
  g_assert_null (accounts);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_KEYRING);
  g_assert_nonnull (strstr (error->message, expected));
  g_clear_error (&error);

  loaded = load ("pd-test-unavailable", &error);
  g_assert_null (loaded);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_KEYRING);
  g_clear_error (&error);

  g_assert_false (delete ("pd-test-unavailable", &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_KEYRING);
}

static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>session</type>\n"
  "  <listen>unix:dir=@DIR@</listen>\n"
  "  <auth>EXTERNAL</auth>\n"
  "  <policy context=\"default\">\n"
  "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
  "    <allow eavesdrop=\"true\"/>\n"
  "    <allow own=\"*\"/>\n"
  "  </policy>\n"
  "</busconfig>\n";

/* A private bus with no service files, so that nothing is started on it
 * behind the test's back. */
typedef struct
{
  char        *dir;
  char        *config_path;
  GSubprocess *daemon;
  char        *address;
} PrivateBus;

static PrivateBus *
private_bus_start (void)
{
  PrivateBus *bus = g_new0 (PrivateBus, 1);
  g_autoptr(GString) config = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  bus->dir = g_dir_make_tmp ("pd-bus-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_string_new (bus_config);
  g_string_replace (config, "@DIR@", bus->dir, 0);
  bus->config_path = g_build_filename (bus->dir, "bus.conf", NULL);
  g_assert_true (g_file_set_contents (bus->config_path, config->str, -1, NULL));

  bus->daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "dbus-daemon",
                                  "--nofork", "--print-address=1", "--config-file",
                                  bus->config_path, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus->daemon));
  bus->address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bus->address);
  g_strstrip (bus->address);

  return bus;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
private_bus_stop (PrivateBus *bus)
{
  g_subprocess_force_exit (bus->daemon);
  g_subprocess_wait (bus->daemon, NULL, NULL);
  g_object_unref (bus->daemon);
  remove_tree (bus->dir);
  g_free (bus->dir);
  g_free (bus->config_path);
  g_free (bus->address);
  g_free (bus);
}

static void
test_keyring_unavailable_no_service (void)
{
  PrivateBus *bus;

  if (g_test_subprocess ())
    {
      /* A fresh process: nothing has connected to any bus yet. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", g_getenv ("PD_TEST_PRIVATE_BUS"), TRUE);
      assert_all_calls_fail ("org.freedesktop.secrets");
      return;
    }

  bus = private_bus_start ();
  g_setenv ("PD_TEST_PRIVATE_BUS", bus->address, TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("PD_TEST_PRIVATE_BUS");
  private_bus_stop (bus);

  g_test_trap_assert_passed ();
}

static gboolean
name_has_owner (GDBusConnection *connection,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);

  return owned;
}

static gboolean
has_default_collection (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;
  const char *path = "/";

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.secrets",
                                       "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(&o)", &path);

  return !g_str_equal (path, "/");
}

static void
locked_keyring_child (void)
{
  g_autoptr(PdAwsCredentials) creds = pd_aws_credentials_new ("AKIDLOCKED", secrets[0], NULL,
                                                              NULL, NULL);
  g_autoptr(PdAwsCredentials) loaded = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  const char * const paths[] = { "/org/freedesktop/secrets/collection/login", NULL };
  PdAwsKeyringAccount *account;
  guint count = 0;
  guint i;

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", g_getenv ("PD_TEST_PRIVATE_BUS"), TRUE);
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  for (i = 0; i < 100 && !name_has_owner (connection, "org.freedesktop.secrets"); i++)
    g_usleep (100 * 1000);
  g_assert_cmpuint (i, <, 100);

  /* The daemon creates and unlocks the login keyring from the password a
   * little after it takes its name: wait for the default alias. */
  for (i = 0; i < 100 && !has_default_collection (connection); i++)
    g_usleep (100 * 1000);
  g_assert_cmpuint (i, <, 100);

  /* Stored while unlocked… */
  g_assert_true (store ("pd-test-locked", creds, "eu-west-1", NULL, &error));
  g_assert_no_error (error);

  /* …then locked, with no way to show an unlock prompt. */
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.secrets",
                                       "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(^ao)", paths), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);

  /* Listing reads only attributes: it still works, and loads nothing. */
  accounts = list (&error);
  g_assert_no_error (error);
  account = find_account (accounts, "pd-test-locked", &count);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpstr (account->access_key_id, ==, "AKIDLOCKED");

  g_assert_false (store ("pd-test-locked-2", creds, NULL, NULL, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_KEYRING);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);

  loaded = load ("pd-test-locked", &error);
  g_assert_null (loaded);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_KEYRING);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);

  /* A locked account is not a missing one. */
  g_assert_false (delete ("pd-test-locked", &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_KEYRING);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);

  g_clear_pointer (&accounts, g_ptr_array_unref);
  accounts = list (&error);
  g_assert_no_error (error);
  g_assert_nonnull (find_account (accounts, "pd-test-locked", &count));
}

static void
test_keyring_unavailable_locked (void)
{
  g_autofree char *home = NULL;
  g_autofree char *runtime = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(GError) error = NULL;
  PrivateBus *bus;

  if (g_test_subprocess ())
    {
      locked_keyring_child ();
      return;
    }

  /* A keyring of our own on a private bus, unlocked with a password as the
   * desktop does at login, so that locking it touches nothing else. */
  bus = private_bus_start ();
  home = g_build_filename (bus->dir, "home", NULL);
  runtime = g_build_filename (bus->dir, "runtime", NULL);
  g_assert_cmpint (g_mkdir (home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (runtime, 0700), ==, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus->address, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GNOME_KEYRING_CONTROL");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                         "--components=secrets", "--unlock", NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring), "test-password", 13, NULL,
                             NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (keyring), NULL, NULL);

  g_setenv ("PD_TEST_PRIVATE_BUS", bus->address, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("PD_TEST_PRIVATE_BUS");

  g_subprocess_force_exit (keyring);
  g_subprocess_wait (keyring, NULL, NULL);
  private_bus_stop (bus);

  g_test_trap_assert_passed ();
}

static void
test_keyring_unavailable_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_unsetenv ("DISPLAY");
      assert_all_calls_fail ("D-Bus");
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_keyring_no_secrets_in_logs (void)
{
  g_assert_cmpuint (log_lines->len, >, 0);
  for (guint i = 0; i < log_lines->len; i++)
    for (guint j = 0; secrets[j] != NULL; j++)
      if (strstr (g_ptr_array_index (log_lines, i), secrets[j]) != NULL)
        g_error ("a log line holds secret number %u", j);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_lines = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (record_log_cb, NULL, NULL);
  test_log_handler = g_log_set_default_handler (record_unstructured_cb, NULL);
  g_debug ("recording log lines");

  g_test_add_func ("/pd/aws/keyring/round-trip", test_keyring_round_trip);
  g_test_add_func ("/pd/aws/keyring/replace", test_keyring_replace);
  g_test_add_func ("/pd/aws/keyring/attributes-hold-no-secrets",
                   test_keyring_attributes_hold_no_secrets);
  g_test_add_func ("/pd/aws/keyring/bad-input", test_keyring_bad_input);
  g_test_add_func ("/pd/aws/keyring/provider-and-chain", test_keyring_provider_and_chain);
  g_test_add_func ("/pd/aws/keyring/unavailable/no-secret-service",
                   test_keyring_unavailable_no_service);
  g_test_add_func ("/pd/aws/keyring/unavailable/no-session-bus", test_keyring_unavailable_no_bus);
  g_test_add_func ("/pd/aws/keyring/unavailable/locked", test_keyring_unavailable_locked);
  g_test_add_func ("/pd/aws/keyring/logs/no-secrets", test_keyring_no_secrets_in_logs);

  status = g_test_run ();
  g_ptr_array_unref (log_lines);

  return status;
}
