/* test-account-store.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pd-account-store.h"
#include "pd-aws-error.h"
#include "pd-aws-keyring.h"
#include "pd-test-utils.h"

#define ACCESS_KEY PD_TEST_STS_ACCESS_KEY
#define SECRET_KEY PD_TEST_STS_SECRET_KEY

typedef struct
{
  GAsyncResult *result;
} Waiter;

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Waiter *) data)->result != NULL;
}

static GAsyncResult *
wait_result (Waiter *waiter)
{
  g_assert_true (pd_test_wait_until (has_result, waiter, 20000));
  return waiter->result;
}

static void
reload (PdAccountStore *store)
{
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;

  pd_account_store_reload_async (store, NULL, store_result_cb, &waiter);
  g_assert_true (pd_account_store_reload_finish (store, wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
}

static void
delete_keyring_account (const char *name)
{
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;

  pd_aws_keyring_delete_async (name, NULL, store_result_cb, &waiter);
  pd_aws_keyring_delete_finish (wait_result (&waiter), &error);
  g_clear_object (&waiter.result);
}

static void
test_validation (void)
{
  g_autoptr(PdAccountStore) store = pd_account_store_new ();
  g_autoptr(GError) error = NULL;
  static const char * const bad_keys[] = { "", "AKID", "akidlowercase0000", "AKID WITH SPACE00", "AKIDÉÉÉÉÉÉÉÉÉÉÉÉÉ", NULL };
  static const char * const bad_regions[] = { "", "eu", "EU-WEST-1", "eu-west", "eu_west_1", "eu-west-1;rm", NULL };
  static const char * const bad_urls[] = {
    "", "example.com", "ftp://example.com", "http://10.0.0.1:4566", "http://192.168.1.10",
    "https://", "http://[::2]:80", "http://[::ffff:127.0.0.1]:4566", NULL
  };
  /* Host names pass: the client resolves them before sending anything */
  static const char * const good_urls[] = {
    "https://example.com", "http://127.0.0.1:4566", "http://localhost:4566", "http://[::1]:4566",
    "http://127.8.9.10", "http://localhost.localstack.cloud:4566", "http://example.com", NULL
  };

  g_assert_true (pd_account_validate_name (store, "work", NULL));
  g_assert_false (pd_account_validate_name (store, "   ", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pd_account_validate_name (store, "a/b", &error));
  g_clear_error (&error);
  g_assert_false (pd_account_validate_name (store, "tab\there", &error));
  g_clear_error (&error);

  g_assert_true (pd_account_validate_access_key_id ("AKIAIOSFODNN7EXAMPLE", NULL));
  for (guint i = 0; bad_keys[i] != NULL; i++)
    {
      g_assert_false (pd_account_validate_access_key_id (bad_keys[i], &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }

  g_assert_true (pd_account_validate_region ("eu-west-1", NULL));
  g_assert_true (pd_account_validate_region ("us-gov-west-1", NULL));
  for (guint i = 0; bad_regions[i] != NULL; i++)
    {
      g_assert_false (pd_account_validate_region (bad_regions[i], &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }

  for (guint i = 0; bad_urls[i] != NULL; i++)
    {
      g_assert_false (pd_account_validate_endpoint_url (bad_urls[i], &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  for (guint i = 0; good_urls[i] != NULL; i++)
    g_assert_true (pd_account_validate_endpoint_url (good_urls[i], NULL));
}

static void
test_environment_is_preferred (void)
{
  g_autoptr(PdAccountStore) store = pd_account_store_new ();
  g_autofree char *dir = g_dir_make_tmp ("pd-accounts-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  PdAccount *preferred;
  PdAccount *profile;

  g_assert_true (g_file_set_contents (config,
                                      "[default]\nregion = eu-west-3\n"
                                      "[profile dev]\nregion = us-east-2\n"
                                      "endpoint_url = http://127.0.0.1:4566\n",
                                      -1, NULL));
  g_setenv ("AWS_CONFIG_FILE", config, TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", ACCESS_KEY, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", SECRET_KEY, TRUE);
  g_setenv ("AWS_REGION", "ap-south-1", TRUE);

  reload (store);

  preferred = pd_account_store_get_preferred (store, "profile:dev");
  g_assert_nonnull (preferred);
  g_assert_cmpint (pd_account_get_source (preferred), ==, PD_ACCOUNT_SOURCE_ENVIRONMENT);
  g_assert_cmpstr (pd_account_get_region (preferred), ==, "ap-south-1");
  g_assert_false (pd_account_get_removable (preferred));

  profile = pd_account_store_find (store, "profile:dev");
  g_assert_nonnull (profile);
  g_assert_cmpstr (pd_account_get_region (profile), ==, "us-east-2");
  g_assert_cmpstr (pd_account_get_endpoint_url (profile), ==, "http://127.0.0.1:4566");
  g_assert_false (pd_account_get_removable (profile));
  g_assert_nonnull (pd_account_store_find (store, "profile:default"));

  /* Without the environment's keys, the last account shown wins. */
  g_setenv ("AWS_ACCESS_KEY_ID", "", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "", TRUE);
  reload (store);
  g_assert_null (pd_account_store_find (store, "environment"));
  g_assert_true (pd_account_store_get_preferred (store, "profile:dev") == profile);

  g_setenv ("AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_unsetenv ("AWS_REGION");
  g_unlink (config);
  g_rmdir (dir);
}

static void
test_add_verify_store_remove (void)
{
  g_autoptr(PdAccountStore) store = pd_account_store_new ();
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdAccountStore) other = NULL;
  g_autoptr(GError) error = NULL;
  PdTestFakeSts sts = { 0 };
  Waiter waiter = { 0 };
  PdAccount *reloaded;

  pd_test_fake_sts_start (&sts);
  delete_keyring_account ("test-add");
  reload (store);
  g_assert_true (pd_account_store_get_keyring_available (store));

  /* Wrong keys: the AWS error comes back with its code and request ID, and
   * nothing is stored. */
  pd_account_store_add_async (store, "test-add", "AKIDWRONGWRONG000001", "wrong", NULL,
                              "eu-west-1", sts.url, NULL, store_result_cb, &waiter);
  account = pd_account_store_add_finish (store, wait_result (&waiter), &error);
  g_assert_null (account);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_AUTH);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "InvalidClientTokenId");
  g_assert_cmpstr (pd_aws_error_get_request_id (error), ==, "req-denied-1");
  g_assert_null (pd_account_store_find (store, "keyring:test-add"));
  g_clear_error (&error);
  g_clear_object (&waiter.result);

  /* Good keys: verified, stored, listed. */
  pd_account_store_add_async (store, "  test-add ", ACCESS_KEY, SECRET_KEY, NULL,
                              "eu-west-1", sts.url, NULL, store_result_cb, &waiter);
  account = pd_account_store_add_finish (store, wait_result (&waiter), &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_clear_object (&waiter.result);
  g_assert_cmpstr (pd_account_get_name (account), ==, "test-add");
  g_assert_cmpstr (pd_account_get_account_id (account), ==, "123456789012");
  g_assert_cmpstr (pd_account_get_arn (account), ==, "arn:aws:iam::123456789012:user/dev");
  g_assert_true (pd_account_store_find (store, "keyring:test-add") == account);
  g_assert_true (pd_account_get_removable (account));

  /* A name can only be used once. */
  g_assert_false (pd_account_validate_name (store, "test-add", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* Another store reads it back from the keyring, and its keys work. */
  other = pd_account_store_new ();
  reload (other);
  reloaded = pd_account_store_find (other, "keyring:test-add");
  g_assert_nonnull (reloaded);
  g_assert_cmpstr (pd_account_get_endpoint_url (reloaded), ==, sts.url);
  g_assert_cmpstr (pd_account_get_region (reloaded), ==, "eu-west-1");
  pd_account_verify_async (reloaded, NULL, store_result_cb, &waiter);
  g_assert_true (pd_account_verify_finish (reloaded, wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  g_assert_cmpstr (pd_account_get_account_id (reloaded), ==, "123456789012");

  /* Removing deletes the keyring item. */
  pd_account_store_remove_async (store, account, NULL, store_result_cb, &waiter);
  g_assert_true (pd_account_store_remove_finish (store, wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  g_assert_null (pd_account_store_find (store, "keyring:test-add"));
  reload (other);
  g_assert_null (pd_account_store_find (other, "keyring:test-add"));

  pd_test_fake_sts_stop (&sts);
  g_assert_finalize_object (g_steal_pointer (&other));
  g_assert_finalize_object (g_steal_pointer (&account));
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* An endpoint named by a host name: added when the name resolves to
 * loopback alone, refused before anything is sent otherwise. */
static void
test_add_by_loopback_name (void)
{
  static const char * const table[] = {
    "emulator.test", "127.0.0.1", "remote.test", "127.0.0.1,10.1.2.3", NULL
  };
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(GResolver) resolver = pd_test_resolver_new (table);
  g_autoptr(PdAccountStore) store = pd_account_store_new ();
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *remote_url = NULL;
  g_autofree char *name_url = NULL;
  PdTestFakeSts sts = { 0 };
  Waiter waiter = { 0 };

  g_resolver_set_default (resolver);
  pd_test_fake_sts_start (&sts);
  uri = g_uri_parse (sts.url, G_URI_FLAGS_NONE, NULL);
  remote_url = g_strdup_printf ("http://remote.test:%d/", g_uri_get_port (uri));
  name_url = g_strdup_printf ("http://emulator.test:%d/", g_uri_get_port (uri));
  delete_keyring_account ("test-name");
  reload (store);

  g_assert_true (pd_account_validate_endpoint_url (remote_url, NULL));
  pd_account_store_add_async (store, "test-name", ACCESS_KEY, SECRET_KEY, NULL, "eu-west-1",
                              remote_url, NULL, store_result_cb, &waiter);
  account = pd_account_store_add_finish (store, wait_result (&waiter), &error);
  g_assert_null (account);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_ENDPOINT);
  g_assert_nonnull (strstr (error->message, "10.1.2.3"));
  g_assert_null (pd_account_store_find (store, "keyring:test-name"));
  g_assert_cmpuint (sts.requests, ==, 0);
  g_assert_cmpuint (pd_test_resolver_get_lookups (resolver, "remote.test"), ==, 1);
  g_clear_error (&error);
  g_clear_object (&waiter.result);

  pd_account_store_add_async (store, "test-name", ACCESS_KEY, SECRET_KEY, NULL, "eu-west-1",
                              name_url, NULL, store_result_cb, &waiter);
  account = pd_account_store_add_finish (store, wait_result (&waiter), &error);
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  g_assert_cmpstr (pd_account_get_account_id (account), ==, "123456789012");
  g_assert_cmpstr (pd_account_get_endpoint_url (account), ==, name_url);
  g_assert_cmpuint (sts.requests, ==, 1);
  g_assert_cmpuint (pd_test_resolver_get_lookups (resolver, "emulator.test"), ==, 1);

  pd_account_store_remove_async (store, account, NULL, store_result_cb, &waiter);
  g_assert_true (pd_account_store_remove_finish (store, wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);

  pd_test_fake_sts_stop (&sts);
  g_resolver_set_default (previous);
}

static void
test_profiles_cannot_be_removed (void)
{
  g_autoptr(PdAccountStore) store = pd_account_store_new ();
  g_autoptr(PdAccount) account = pd_account_new (PD_ACCOUNT_SOURCE_PROFILE, "dev", "eu-west-1", NULL);
  g_autoptr(GError) error = NULL;
  Waiter waiter = { 0 };

  pd_account_store_remove_async (store, account, NULL, store_result_cb, &waiter);
  g_assert_false (pd_account_store_remove_finish (store, wait_result (&waiter), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_object (&waiter.result);
}

static gboolean
on_mfa_code_needed_cb (PdAccountStore *store,
                       const char     *profile,
                       const char     *mfa_serial,
                       GTask          *task,
                       guint          *asked)
{
  (*asked)++;
  g_assert_cmpstr (profile, ==, "deploy");
  g_assert_cmpstr (mfa_serial, ==, "arn:aws:iam::123456789012:mfa/dev");
  g_task_return_pointer (task, g_strdup ("123456"), g_free);
  return TRUE;
}

static void
test_profile_role_asks_for_mfa (void)
{
  g_autoptr(PdAccountStore) store = pd_account_store_new ();
  g_autofree char *dir = g_dir_make_tmp ("pd-accounts-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *credentials = g_build_filename (dir, "credentials", NULL);
  g_autofree char *config_text = NULL;
  g_autoptr(GError) error = NULL;
  PdTestFakeSts sts = { 0 };
  Waiter waiter = { 0 };
  PdAccount *account;
  guint asked = 0;
  gulong handler;

  pd_test_fake_sts_start (&sts);
  config_text = g_strdup_printf ("[profile deploy]\n"
                                 "region = eu-west-1\n"
                                 "role_arn = arn:aws:iam::123456789012:role/Deploy\n"
                                 "source_profile = base\n"
                                 "mfa_serial = arn:aws:iam::123456789012:mfa/dev\n"
                                 "endpoint_url = %s\n"
                                 "[profile base]\n"
                                 "region = eu-west-1\n"
                                 "endpoint_url = %s\n", sts.url, sts.url);
  g_assert_true (g_file_set_contents (config, config_text, -1, NULL));
  g_assert_true (g_file_set_contents (credentials,
                                      "[base]\naws_access_key_id = " PD_TEST_STS_ACCESS_KEY "\n"
                                      "aws_secret_access_key = " PD_TEST_STS_SECRET_KEY "\n",
                                      -1, NULL));
  g_setenv ("AWS_CONFIG_FILE", config, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", credentials, TRUE);
  reload (store);

  account = pd_account_store_find (store, "profile:deploy");
  g_assert_nonnull (account);

  /* Nobody to ask: a clear error, no request with a made-up code. */
  pd_account_verify_async (account, NULL, store_result_cb, &waiter);
  g_assert_false (pd_account_verify_finish (account, wait_result (&waiter), &error));
  g_assert_nonnull (error);
  if (strstr (error->message, "mfa/dev") == NULL)
    g_error ("unexpected error: %s", error->message);
  g_clear_error (&error);
  g_clear_object (&waiter.result);
  g_assert_null (sts.last_token_code);

  /* The code the user gives goes with AssumeRole, and the role's
   * temporary keys are the ones checked. */
  handler = g_signal_connect (store, "mfa-code-needed", G_CALLBACK (on_mfa_code_needed_cb), &asked);
  pd_account_verify_async (account, NULL, store_result_cb, &waiter);
  g_assert_true (pd_account_verify_finish (account, wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  g_assert_cmpuint (asked, ==, 1);
  g_assert_cmpstr (sts.last_token_code, ==, "123456");
  g_assert_cmpstr (pd_account_get_arn (account), ==, "arn:aws:sts::123456789012:assumed-role/Deploy/pipedeck");
  g_signal_handler_disconnect (store, handler);

  g_setenv ("AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  pd_test_fake_sts_stop (&sts);
  g_unlink (config);
  g_unlink (credentials);
  g_rmdir (dir);
}

static void
test_keyring_unavailable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(PdAccountStore) store = pd_account_store_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("pd-accounts-XXXXXX", NULL);
      g_autofree char *config = g_build_filename (dir, "config", NULL);
      Waiter waiter = { 0 };

      /* No session bus at all, as on a bare server. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/pipedeck-test-bus", TRUE);
      g_assert_true (g_file_set_contents (config, "[profile dev]\nregion = eu-west-1\n", -1, NULL));
      g_setenv ("AWS_CONFIG_FILE", config, TRUE);

      reload (store);
      g_assert_false (pd_account_store_get_keyring_available (store));
      g_assert_nonnull (pd_account_store_get_keyring_error (store));
      g_printerr ("keyring error: %s\n", pd_account_store_get_keyring_error (store));
      /* The profiles still work. */
      g_assert_nonnull (pd_account_store_find (store, "profile:dev"));

      pd_account_store_add_async (store, "nokeyring", PD_TEST_STS_ACCESS_KEY, PD_TEST_STS_SECRET_KEY,
                                  NULL, "eu-west-1", "http://127.0.0.1:9", NULL, store_result_cb, &waiter);
      g_assert_null (pd_account_store_add_finish (store, wait_result (&waiter), &error));
      g_assert_nonnull (error);
      g_clear_object (&waiter.result);

      g_unlink (config);
      g_rmdir (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*keyring error: *");
}

static void
test_sandbox_account (void)
{
  g_autoptr(PdAccountStore) store = pd_account_store_new ();
  g_autoptr(GError) error = NULL;
  PdAccount *account;

  g_assert_true (pd_account_store_start_sandbox (store, &error));
  g_assert_no_error (error);
  /* A second start reuses the running sandbox and its account. */
  account = pd_account_store_find (store, "sandbox:" PD_ACCOUNT_SANDBOX_NAME);
  g_assert_nonnull (account);
  g_assert_true (pd_account_store_start_sandbox (store, &error));
  g_assert_true (pd_account_store_find (store, "sandbox:" PD_ACCOUNT_SANDBOX_NAME) == account);
  g_assert_true (g_str_has_prefix (pd_account_get_endpoint_url (account), "http://127.0.0.1:"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
}

static void
test_open_sandbox_keeps_account_in_keyring (void)
{
  g_autoptr(PdAccountStore) store = pd_account_store_new ();
  g_autoptr(PdAccountStore) other = pd_account_store_new ();
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { 0 };
  PdAccount *reloaded;

  delete_keyring_account (PD_ACCOUNT_SANDBOX_NAME);
  reload (store);

  pd_account_store_open_sandbox_async (store, NULL, store_result_cb, &waiter);
  account = pd_account_store_open_sandbox_finish (store, wait_result (&waiter), &error);
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  g_assert_cmpint (pd_account_get_source (account), ==, PD_ACCOUNT_SOURCE_KEYRING);
  g_assert_cmpstr (pd_account_get_endpoint_url (account), ==,
                   pd_sandbox_get_endpoint (pd_account_store_get_sandbox (store)));
  /* One sandbox account, not two. */
  g_assert_null (pd_account_store_find (store, "sandbox:" PD_ACCOUNT_SANDBOX_NAME));

  /* Its keys come from the keyring and the sandbox accepts them. */
  pd_account_verify_async (account, NULL, store_result_cb, &waiter);
  g_assert_true (pd_account_verify_finish (account, wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  g_assert_nonnull (pd_account_get_account_id (account));

  /* Another session finds it, with this session's endpoint. */
  reload (other);
  reloaded = pd_account_store_find (other, "keyring:" PD_ACCOUNT_SANDBOX_NAME);
  g_assert_nonnull (reloaded);
  g_assert_cmpstr (pd_account_get_endpoint_url (reloaded), ==, pd_account_get_endpoint_url (account));

  delete_keyring_account (PD_ACCOUNT_SANDBOX_NAME);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/core/account-store/validation", test_validation);
  g_test_add_func ("/pd/core/account-store/environment-is-preferred", test_environment_is_preferred);
  g_test_add_func ("/pd/core/account-store/add-verify-store-remove", test_add_verify_store_remove);
  g_test_add_func ("/pd/core/account-store/add-by-loopback-name", test_add_by_loopback_name);
  g_test_add_func ("/pd/core/account-store/profiles-cannot-be-removed", test_profiles_cannot_be_removed);
  g_test_add_func ("/pd/core/account-store/profile-role-asks-for-mfa", test_profile_role_asks_for_mfa);
  g_test_add_func ("/pd/core/account-store/keyring-unavailable", test_keyring_unavailable);
  g_test_add_func ("/pd/core/account-store/sandbox-account", test_sandbox_account);
  g_test_add_func ("/pd/core/account-store/open-sandbox-keeps-account-in-keyring",
                   test_open_sandbox_keeps_account_in_keyring);

  return g_test_run ();
}
