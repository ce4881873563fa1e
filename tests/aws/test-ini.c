/* test-ini.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-aws-error.h"
#include "pd-aws-ini.h"

static PdAwsIni *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  PdAwsIni *ini;

  ini = pd_aws_ini_new_from_data (text, -1, "test.ini", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ini);

  return ini;
}

static void
assert_parse_error (const char *text,
                    gssize      length,
                    guint       line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsIni) ini = NULL;
  g_autofree char *where = g_strdup_printf ("bad.ini, line %u: ", line);

  ini = pd_aws_ini_new_from_data (text, length, "bad.ini", &error);
  g_assert_null (ini);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  if (!g_str_has_prefix (error->message, where))
    g_error ("expected the message to start with “%s”, got “%s”", where, error->message);
}

static void
test_ini_sections_and_comments (void)
{
  g_autoptr(PdAwsIni) ini = NULL;
  g_auto(GStrv) sections = NULL;
  g_auto(GStrv) keys = NULL;

  ini = parse_ok ("# a comment\n"
                  "; another one\n"
                  "[default]\n"
                  "region = eu-west-1\n"
                  "   # an indented comment\n"
                  "output=json\n"
                  "\n"
                  "[profile dev]  ; comment after a header\n"
                  "region = us-east-1 ; inline comment\n"
                  "role_arn = arn:aws:iam::123456789012:role/Deploy # another\n"
                  "weird = a;b#c\n"
                  "url = http://127.0.0.1:4566/#frag\n"
                  "Mixed_Case_Key = v\n"
                  "colon: value\n"
                  "empty_comment = ;\n");

  sections = pd_aws_ini_dup_sections (ini);
  g_assert_cmpuint (g_strv_length (sections), ==, 2);
  g_assert_cmpstr (sections[0], ==, "default");
  g_assert_cmpstr (sections[1], ==, "profile dev");
  g_assert_true (pd_aws_ini_has_section (ini, "profile dev"));
  g_assert_false (pd_aws_ini_has_section (ini, "dev"));

  g_assert_cmpstr (pd_aws_ini_get_value (ini, "default", "region"), ==, "eu-west-1");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "default", "output"), ==, "json");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "profile dev", "region"), ==, "us-east-1");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "profile dev", "role_arn"), ==,
                   "arn:aws:iam::123456789012:role/Deploy");
  /* `;` and `#` inside a word are part of the value. */
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "profile dev", "weird"), ==, "a;b#c");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "profile dev", "url"), ==,
                   "http://127.0.0.1:4566/#frag");
  /* Names fold to lower case, as configparser does; lookups too. */
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "profile dev", "mixed_case_key"), ==, "v");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "profile dev", "MIXED_CASE_KEY"), ==, "v");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "profile dev", "colon"), ==, "value");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "profile dev", "empty_comment"), ==, "");
  g_assert_null (pd_aws_ini_get_value (ini, "profile dev", "output"));
  g_assert_null (pd_aws_ini_get_value (ini, "nope", "region"));

  keys = pd_aws_ini_dup_keys (ini, "profile dev");
  g_assert_cmpuint (g_strv_length (keys), ==, 7);
  g_assert_cmpstr (keys[0], ==, "region");
  g_assert_cmpstr (keys[4], ==, "mixed_case_key");
}

static void
test_ini_subsections (void)
{
  g_autoptr(PdAwsIni) ini = NULL;
  g_auto(GStrv) subkeys = NULL;

  ini = parse_ok ("[default]\n"
                  "s3 =\n"
                  "  endpoint_url = http://127.0.0.1:9000 ; local\n"
                  "  addressing_style = path\n"
                  "\n"
                  "  signature_version = s3v4\n"
                  "region = eu-west-1\n"
                  "[services local]\n"
                  "cloudwatch_logs =\n"
                  "\tendpoint_url = http://127.0.0.1:4566\n"
                  "api_gateway =\n"
                  "  endpoint_url = http://127.0.0.1:4567\n"
                  "  Odd_Case = kept\n"
                  "[profile multi]\n"
                  "note = first\n"
                  "  second line\n"
                  "  third = line\n");

  g_assert_true (pd_aws_ini_has_subsection (ini, "default", "s3"));
  g_assert_false (pd_aws_ini_has_subsection (ini, "default", "region"));
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "default", "s3"), ==, "");
  g_assert_cmpstr (pd_aws_ini_get_subvalue (ini, "default", "s3", "endpoint_url"), ==,
                   "http://127.0.0.1:9000");
  g_assert_cmpstr (pd_aws_ini_get_subvalue (ini, "default", "s3", "signature_version"), ==, "s3v4");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "default", "region"), ==, "eu-west-1");

  subkeys = pd_aws_ini_dup_subkeys (ini, "default", "s3");
  g_assert_cmpuint (g_strv_length (subkeys), ==, 3);
  g_assert_cmpstr (subkeys[1], ==, "addressing_style");

  g_assert_cmpstr (pd_aws_ini_get_subvalue (ini, "services local", "cloudwatch_logs",
                                            "endpoint_url"), ==, "http://127.0.0.1:4566");
  g_assert_cmpstr (pd_aws_ini_get_subvalue (ini, "services local", "api_gateway",
                                            "endpoint_url"), ==, "http://127.0.0.1:4567");
  /* Sub-section names are kept as written, as botocore does. */
  g_assert_cmpstr (pd_aws_ini_get_subvalue (ini, "services local", "api_gateway", "Odd_Case"),
                   ==, "kept");
  g_assert_null (pd_aws_ini_get_subvalue (ini, "services local", "api_gateway", "odd_case"));
  g_assert_null (pd_aws_ini_get_subvalue (ini, "services local", "lambda", "endpoint_url"));

  /* Indented lines under a key with a value continue that value. */
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "profile multi", "note"), ==,
                   "first\nsecond line\nthird = line");
  g_assert_false (pd_aws_ini_has_subsection (ini, "profile multi", "note"));
}

static void
test_ini_crlf_bom (void)
{
  g_autoptr(PdAwsIni) ini = NULL;

  ini = parse_ok ("\xEF\xBB\xBF[default]\r\n"
                  "region = eu-west-1\r\n"
                  "s3 =\r\n"
                  "  endpoint_url = http://127.0.0.1:1\r\n"
                  "\r\n"
                  "[profile b]\r\n"
                  "aws_access_key_id = AKIDEXAMPLE\r\n");

  g_assert_true (pd_aws_ini_has_section (ini, "default"));
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "default", "region"), ==, "eu-west-1");
  g_assert_cmpstr (pd_aws_ini_get_subvalue (ini, "default", "s3", "endpoint_url"), ==,
                   "http://127.0.0.1:1");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "profile b", "aws_access_key_id"), ==,
                   "AKIDEXAMPLE");
}

static void
test_ini_unknown_keys_and_duplicates (void)
{
  g_autoptr(PdAwsIni) ini = NULL;
  g_auto(GStrv) sections = NULL;
  g_auto(GStrv) keys = NULL;

  ini = parse_ok ("[default]\n"
                  "region = a\n"
                  "some_future_setting = 42\n"
                  "[other]\n"
                  "x = 1\n"
                  "[default]\n"
                  "region = b\n"
                  "output = json\n"
                  "region = c\n");

  sections = pd_aws_ini_dup_sections (ini);
  g_assert_cmpuint (g_strv_length (sections), ==, 2);
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "default", "some_future_setting"), ==, "42");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "default", "region"), ==, "c");
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "default", "output"), ==, "json");

  keys = pd_aws_ini_dup_keys (ini, "default");
  g_assert_cmpuint (g_strv_length (keys), ==, 3);
  g_assert_cmpstr (keys[0], ==, "region");
  g_assert_cmpstr (keys[2], ==, "output");
}

static void
test_ini_empty (void)
{
  g_autoptr(PdAwsIni) a = parse_ok ("");
  g_autoptr(PdAwsIni) b = parse_ok ("\n\n# only comments\n; here\n");
  g_autoptr(PdAwsIni) c = parse_ok ("\xEF\xBB\xBF");
  g_auto(GStrv) sections = pd_aws_ini_dup_sections (b);
  g_auto(GStrv) keys = pd_aws_ini_dup_keys (a, "default");

  g_assert_cmpuint (g_strv_length (sections), ==, 0);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);
  g_assert_false (pd_aws_ini_has_section (c, "default"));
}

static void
test_ini_malformed (void)
{
  assert_parse_error ("region = eu-west-1\n", -1, 1);
  assert_parse_error ("[default]\nregion = a\n[profile x\n", -1, 3);
  assert_parse_error ("[default]\n\n\njust some words\n", -1, 4);
  assert_parse_error ("[default]\r\nregion = a\r\n= no name\r\n", -1, 3);
  assert_parse_error ("[]\n", -1, 1);
  assert_parse_error ("[  ]\n", -1, 1);
  assert_parse_error ("[a] trailing\n", -1, 1);
  assert_parse_error ("[default]\ns3 =\n  endpoint_url = x\n  no equals here\n", -1, 4);
  assert_parse_error ("[default]\ns3 =\n  = v\n", -1, 3);
  assert_parse_error ("[default]\nregion = \xC3\x28\n", -1, 2);
  assert_parse_error ("[default]\nregion = a\nb = c\0d\n",
                      sizeof ("[default]\nregion = a\nb = c\0d\n") - 1, 3);
  /* A BOM does not shift the line count. */
  assert_parse_error ("\xEF\xBB\xBF[default]\nbroken\n", -1, 2);
}

static void
test_ini_error_hides_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsIni) ini = NULL;

  ini = pd_aws_ini_new_from_data ("[default]\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", -1,
                                  "credentials", &error);
  g_assert_null (ini);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  g_assert_null (strstr (error->message, "wJalrXUtnFEMI"));
  g_assert_nonnull (strstr (error->message, "credentials, line 2"));
}

static void
test_ini_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsIni) ini = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pd-ini-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "config", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *where = NULL;

  g_assert_true (g_file_set_contents (good, "[default]\nregion = eu-west-1\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "[default]\nregion = a\n[oops\n", -1, NULL));

  ini = pd_aws_ini_new_from_file (good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_aws_ini_get_file_name (ini), ==, good);
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "default", "region"), ==, "eu-west-1");
  g_clear_pointer (&ini, pd_aws_ini_unref);

  ini = pd_aws_ini_new_from_file (bad, &error);
  g_assert_null (ini);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  where = g_strdup_printf ("%s, line 3", bad);
  g_assert_nonnull (strstr (error->message, where));
  g_clear_error (&error);

  ini = pd_aws_ini_new_from_file (missing, &error);
  g_assert_null (ini);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  ini = pd_aws_ini_new_from_file (dir, &error);
  g_assert_null (ini);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, dir));
  g_clear_error (&error);

  ini = pd_aws_ini_new_from_file ("/dev/null", &error);
  g_assert_no_error (error);
  g_assert_false (pd_aws_ini_has_section (ini, "default"));

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_ini_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsIni) ini = NULL;
  gsize size = 5 * 1024 * 1024;
  g_autofree char *big = g_malloc (size);

  memset (big, '#', size);
  ini = pd_aws_ini_new_from_data (big, size, "big", &error);
  g_assert_null (ini);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "too large"));
}

static void
test_ini_ref_unref (void)
{
  PdAwsIni *ini = parse_ok ("[default]\nk = v\n");

  g_assert_true (pd_aws_ini_ref (ini) == ini);
  pd_aws_ini_unref (ini);
  g_assert_cmpstr (pd_aws_ini_get_value (ini, "default", "k"), ==, "v");
  pd_aws_ini_unref (ini);
  g_assert_true (G_TYPE_IS_BOXED (PD_AWS_TYPE_INI));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/aws/ini/sections-and-comments", test_ini_sections_and_comments);
  g_test_add_func ("/pd/aws/ini/subsections", test_ini_subsections);
  g_test_add_func ("/pd/aws/ini/crlf-bom", test_ini_crlf_bom);
  g_test_add_func ("/pd/aws/ini/unknown-keys-and-duplicates", test_ini_unknown_keys_and_duplicates);
  g_test_add_func ("/pd/aws/ini/empty", test_ini_empty);
  g_test_add_func ("/pd/aws/ini/malformed", test_ini_malformed);
  g_test_add_func ("/pd/aws/ini/error-hides-values", test_ini_error_hides_values);
  g_test_add_func ("/pd/aws/ini/files", test_ini_files);
  g_test_add_func ("/pd/aws/ini/too-large", test_ini_too_large);
  g_test_add_func ("/pd/aws/ini/ref-unref", test_ini_ref_unref);

  return g_test_run ();
}
