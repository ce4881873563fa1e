/* test-sigv4.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "pd-aws-error.h"
#include "pd-aws-sigv4.h"
#include "pd-aws-sigv4-private.h"

#define SUITE_CASES 38
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SECRET       "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

/* Helpers */

static GDateTime *
vector_time (void)
{
  return g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
}

static PdAwsCredentials *
vector_credentials (const char *token)
{
  return pd_aws_credentials_new ("AKIDEXAMPLE", SECRET, token, NULL, "test");
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GString *out;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("cannot read %s: %s", path, error->message);

  out = g_string_new (NULL);
  for (const char *p = contents; *p != '\0'; p++)
    if (*p != '\r')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/* A raw HTTP request as the suite writes it: request line, headers (with
 * obs-fold continuation lines), blank line, body. */
typedef struct
{
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *names;
  GPtrArray *values;
  char      *body;
} RawRequest;

static void
raw_request_free (RawRequest *raw)
{
  g_free (raw->method);
  g_free (raw->path);
  g_free (raw->query);
  g_ptr_array_unref (raw->names);
  g_ptr_array_unref (raw->values);
  g_free (raw->body);
  g_free (raw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawRequest, raw_request_free)

static RawRequest *
parse_raw_request (const char *text)
{
  RawRequest *raw = g_new0 (RawRequest, 1);
  const char *blank = strstr (text, "\n\n");
  g_autofree char *head = blank != NULL ? g_strndup (text, blank - text) : g_strdup (text);
  g_auto(GStrv) lines = g_strsplit (head, "\n", -1);
  g_autofree char *target = NULL;
  const char *space;
  char *question;

  raw->names = g_ptr_array_new_with_free_func (g_free);
  raw->values = g_ptr_array_new_with_free_func (g_free);
  raw->body = g_strdup (blank != NULL ? blank + 2 : "");

  space = strchr (lines[0], ' ');
  g_assert_nonnull (space);
  raw->method = g_strndup (lines[0], space - lines[0]);
  target = g_strdup (space + 1);
  if (g_str_has_suffix (target, " HTTP/1.1") || g_str_has_suffix (target, " HTTP/1.0"))
    target[strlen (target) - strlen (" HTTP/1.1")] = '\0';
  question = strchr (target, '?');
  if (question != NULL)
    {
      raw->query = g_strdup (question + 1);
      *question = '\0';
    }
  else
    raw->query = g_strdup ("");
  raw->path = g_strdup (target);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *colon;

      if (line[0] == '\0')
        continue;
      if ((line[0] == ' ' || line[0] == '\t') && raw->values->len > 0)
        {
          char **last = (char **) &raw->values->pdata[raw->values->len - 1];
          char *joined = g_strconcat (*last, "\n", line, NULL);

          g_free (*last);
          *last = joined;
          continue;
        }
      colon = strchr (line, ':');
      g_assert_nonnull (colon);
      g_ptr_array_add (raw->names, g_strndup (line, colon - line));
      g_ptr_array_add (raw->values, g_strdup (colon + 1));
    }

  return raw;
}

static PdAwsSigningRequest *
raw_request_to_signing (RawRequest *raw)
{
  PdAwsSigningRequest *request = pd_aws_signing_request_new (raw->method, raw->path, raw->query);

  for (guint i = 0; i < raw->names->len; i++)
    pd_aws_signing_request_add_header (request, raw->names->pdata[i], raw->values->pdata[i]);
  pd_aws_signing_request_set_body (request, (const guint8 *) raw->body, strlen (raw->body));

  return request;
}

static int
compare_string_pointers (gconstpointer a,
                         gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Headers of a request as sorted "lower-name:value" lines, to compare two
 * requests without regard to header order across names. */
static char *
header_lines (PdAwsSigningRequest *request)
{
  guint n = pd_aws_signing_request_get_n_headers (request);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      const char *name = pd_aws_signing_request_get_header_name (request, i);
      g_autofree char *lname = g_ascii_strdown (name, -1);

      g_ptr_array_add (lines, g_strconcat (lname, ":",
                                           pd_aws_signing_request_get_header_value (request, i),
                                           NULL));
    }
  g_ptr_array_sort (lines, compare_string_pointers);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

static char *
authorization_line (const char *signed_request)
{
  g_auto(GStrv) lines = g_strsplit (signed_request, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Authorization:"))
      return g_strdup (g_strchug (lines[i] + strlen ("Authorization:")));

  return NULL;
}

static char *
signature_of (PdAwsSigningRequest *request)
{
  const char *authorization = pd_aws_signing_request_get_header (request, "Authorization");
  const char *signature;

  g_assert_nonnull (authorization);
  signature = strstr (authorization, "Signature=");
  g_assert_nonnull (signature);

  return g_strdup (signature + strlen ("Signature="));
}

/* The official suite, kept in tests/aws/sigv4-suite (see its README.md) */

static char *
suite_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "aws", "sigv4-suite", NULL);
}

static GPtrArray *
list_suite_cases (const char  *dir,
                  GError     **error)
{
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  const char *name;

  handle = g_dir_open (dir, 0, error);
  if (handle == NULL)
    return NULL;

  cases = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *request = g_build_filename (dir, name, "request.txt", NULL);

      if (g_file_test (request, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (cases, g_strdup (name));
    }
  g_ptr_array_sort (cases, compare_string_pointers);

  return g_steal_pointer (&cases);
}

static void
test_suite_count (void)
{
  g_autofree char *dir = suite_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  /* A missing or partial copy must not pass as a shorter suite. */
  cases = list_suite_cases (dir, &error);
  if (cases == NULL)
    {
      g_test_fail_printf ("the official SigV4 vectors are missing (%s): they belong in "
                          "tests/aws/sigv4-suite of the source tree", error->message);
      return;
    }
  if (cases->len != SUITE_CASES)
    g_test_fail_printf ("%s holds %u SigV4 cases, the official suite has %d",
                        dir, cases->len, SUITE_CASES);
}

static void
test_suite_case (gconstpointer data)
{
  const char *name = data;
  g_autofree char *suite = suite_dir ();
  g_autofree char *dir = g_build_filename (suite, name, NULL);
  g_autofree char *context_text = read_text (dir, "context.json");
  g_autofree char *request_text = read_text (dir, "request.txt");
  g_autofree char *expected_creq = read_text (dir, "header-canonical-request.txt");
  g_autofree char *expected_sts = read_text (dir, "header-string-to-sign.txt");
  g_autofree char *expected_sig = read_text (dir, "header-signature.txt");
  g_autofree char *expected_signed = read_text (dir, "header-signed-request.txt");
  g_autofree char *expected_authz = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RawRequest) raw = NULL;
  g_autoptr(RawRequest) raw_signed = NULL;
  g_autoptr(PdAwsSigningRequest) request = NULL;
  g_autoptr(PdAwsSigningRequest) received = NULL;
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *creq = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  PdAwsSigV4Authorization auth;
  JsonObject *context;
  JsonObject *creds;
  const char *token = NULL;
  gboolean omit_token;
  PdAwsSigV4Flags flags = PD_AWS_SIGV4_FLAGS_NONE;

  json_parser_load_from_data (parser, context_text, -1, &error);
  g_assert_no_error (error);
  context = json_node_get_object (json_parser_get_root (parser));
  creds = json_object_get_object_member (context, "credentials");
  if (json_object_has_member (creds, "token"))
    token = json_object_get_string_member (creds, "token");
  omit_token = json_object_get_boolean_member_with_default (context, "omit_session_token", FALSE);
  if (!json_object_get_boolean_member_with_default (context, "normalize", TRUE))
    flags |= PD_AWS_SIGV4_NO_NORMALIZE_PATH;
  now = g_date_time_new_from_iso8601 (json_object_get_string_member (context, "timestamp"), NULL);
  g_assert_nonnull (now);
  credentials = pd_aws_credentials_new (json_object_get_string_member (creds, "access_key_id"),
                                        json_object_get_string_member (creds, "secret_access_key"),
                                        omit_token ? NULL : token, NULL, "suite");

  raw = parse_raw_request (request_text);
  request = raw_request_to_signing (raw);
  if (json_object_get_boolean_member_with_default (context, "sign_body", FALSE))
    {
      char hash[2 * PD_AWS_SHA256_LEN + 1];
      guint8 digest[PD_AWS_SHA256_LEN];

      pd_aws_sha256 (raw->body, strlen (raw->body), digest);
      pd_aws_hex_encode (digest, sizeof digest, hash);
      pd_aws_signing_request_add_header (request, "x-amz-content-sha256", hash);
    }

  pd_aws_sigv4_sign (request, credentials,
                     json_object_get_string_member (context, "region"),
                     json_object_get_string_member (context, "service"),
                     now, flags, &error);
  g_assert_no_error (error);

  /* Canonical request, string to sign, signature, Authorization: byte for byte. */
  creq = pd_aws_sigv4_canonical_request (request, NULL, flags);
  g_assert_cmpstr (creq, ==, expected_creq);

  amz_date = pd_aws_sigv4_format_amz_date (now);
  scope = g_strdup_printf ("%.8s/%s/%s/aws4_request", amz_date,
                           json_object_get_string_member (context, "region"),
                           json_object_get_string_member (context, "service"));
  sts = pd_aws_sigv4_string_to_sign (creq, amz_date, scope);
  g_assert_cmpstr (sts, ==, g_strchomp (expected_sts));

  signature = signature_of (request);
  g_assert_cmpstr (signature, ==, g_strstrip (expected_sig));

  expected_authz = authorization_line (expected_signed);
  g_assert_cmpstr (pd_aws_signing_request_get_header (request, "Authorization"), ==,
                   expected_authz);

  /* The headers added by signing (date, token, Authorization) are the ones
   * of the signed request, with the token added after signing when the case
   * says so. */
  if (omit_token && token != NULL)
    pd_aws_signing_request_add_header (request, "X-Amz-Security-Token", token);
  raw_signed = parse_raw_request (expected_signed);
  received = raw_request_to_signing (raw_signed);
  ours = header_lines (request);
  theirs = header_lines (received);
  g_assert_cmpstr (ours, ==, theirs);

  /* The official signed request verifies, as the sandbox would check it. */
  pd_aws_sigv4_parse_authorization (expected_authz, &auth, &error);
  g_assert_no_error (error);
  pd_aws_sigv4_verify (received, &auth,
                       json_object_get_string_member (creds, "secret_access_key"),
                       flags, &error);
  g_assert_no_error (error);
  pd_aws_sigv4_authorization_clear (&auth);
}

/* Canonical request pieces */

static char *
canonical_line (PdAwsSigningRequest *request,
                guint                line,
                PdAwsSigV4Flags      flags)
{
  g_autofree char *creq = pd_aws_sigv4_canonical_request (request, NULL, flags);
  g_auto(GStrv) lines = g_strsplit (creq, "\n", -1);

  g_assert_cmpuint (line, <, g_strv_length (lines));
  return g_strdup (lines[line]);
}

static void
test_canonical_path (void)
{
  static const struct { const char *path; const char *normalized; const char *kept; } cases[] = {
    { "", "/", "/" },
    { "/", "/", "/" },
    { "//", "/", "//" },
    { "/a/./b/../c", "/a/c", "/a/./b/../c" },
    { "/a/b/..", "/a", "/a/b/.." },
    { "/a/b/../", "/a/", "/a/b/../" },
    { "/../../a", "/a", "/../../a" },
    { "/a//b///", "/a/b/", "/a//b///" },
    { "/stages/prod%20v2", "/stages/prod%2520v2", "/stages/prod%20v2" },
    { "/a b/c+d", "/a%20b/c%2Bd", "/a%20b/c%2Bd" },
    { "/caf\xc3\xa9", "/caf%C3%A9", "/caf%C3%A9" },
    { "/100%", "/100%25", "/100%25" },
    { "/%zz", "/%25zz", "/%25zz" },
    { "/-._~!$&'()*,;=:@", "/-._~%21%24%26%27%28%29%2A%2C%3B%3D%3A%40",
      "/-._~%21%24%26%27%28%29%2A%2C%3B%3D%3A%40" },
    { "/%2e%2E/x", "/%252e%252E/x", "/%2e%2E/x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdAwsSigningRequest) request = NULL;
      g_autofree char *normalized = NULL;
      g_autofree char *kept = NULL;

      request = pd_aws_signing_request_new ("GET", cases[i].path, NULL);
      pd_aws_signing_request_add_header (request, "Host", "example.com");
      normalized = canonical_line (request, 1, PD_AWS_SIGV4_FLAGS_NONE);
      kept = canonical_line (request, 1, PD_AWS_SIGV4_NO_NORMALIZE_PATH);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
      g_assert_cmpstr (kept, ==, cases[i].kept);
    }
}

static void
test_canonical_query (void)
{
  static const struct { const char *query; const char *canonical; } cases[] = {
    { "", "" },
    { "b=2&a=1", "a=1&b=2" },
    { "a=2&a=1&a=10", "a=1&a=10&a=2" },
    { "flag", "flag=" },
    { "k=", "k=" },
    { "a=1&&b=2&", "a=1&b=2" },
    { "=v", "=v" },
    { "q=a+b&r=a%20b", "q=a%20b&r=a%20b" },
    { "q=a%2Bb", "q=a%2Bb" },
    { "q=%2f%2F", "q=%2F%2F" },
    { "q=a/b:c@d!e*f", "q=a%2Fb%3Ac%40d%21e%2Af" },
    { "q=%zz&r=%", "q=%25zz&r=%25" },
    { "name=caf\xc3\xa9", "name=caf%C3%A9" },
    { "%E1%88%B4=1&Param=2&Param-3=3", "%E1%88%B4=1&Param=2&Param-3=3" },
    { "Z=1&a=1&B=1", "B=1&Z=1&a=1" },
    { "a=b=c", "a=b%3Dc" },
    { "k=-._~", "k=-._~" },
    /* Escapes of bytes that are not UTF-8 stay bytes. */
    { "k=%ca%FF", "k=%CA%FF" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdAwsSigningRequest) request = NULL;
      g_autofree char *canonical = NULL;

      request = pd_aws_signing_request_new ("GET", "/", cases[i].query);
      pd_aws_signing_request_add_header (request, "Host", "example.com");
      canonical = canonical_line (request, 2, PD_AWS_SIGV4_FLAGS_NONE);
      g_assert_cmpstr (canonical, ==, cases[i].canonical);
    }
}

static void
test_canonical_headers (void)
{
  g_autoptr(PdAwsSigningRequest) request = pd_aws_signing_request_new ("post", "/", NULL);
  g_autofree char *creq = NULL;
  const char *only[] = { "x-b", "host", "x-missing", "host", NULL };

  pd_aws_signing_request_add_header (request, "Host", "example.com");
  pd_aws_signing_request_add_header (request, "X-B", "  two   words\t\there  ");
  pd_aws_signing_request_add_header (request, "x-a", "first");
  pd_aws_signing_request_add_header (request, "User-Agent", "Pipedeck/0.1");
  pd_aws_signing_request_add_header (request, "Expect", "100-continue");
  pd_aws_signing_request_add_header (request, "X-Amzn-Trace-Id", "Root=1");
  pd_aws_signing_request_add_header (request, "Authorization", "old");
  pd_aws_signing_request_add_header (request, "X-A", "second\n   line");
  pd_aws_signing_request_add_header (request, "x-empty", "   ");
  pd_aws_signing_request_add_header (request, "x-a", "");

  creq = pd_aws_sigv4_canonical_request (request, NULL, PD_AWS_SIGV4_FLAGS_NONE);
  g_assert_cmpstr (creq, ==,
                   "POST\n/\n\n"
                   "host:example.com\n"
                   "x-a:first,second line,\n"
                   "x-b:two words here\n"
                   "x-empty:\n"
                   "\n"
                   "host;x-a;x-b;x-empty\n"
                   EMPTY_SHA256);

  g_clear_pointer (&creq, g_free);
  creq = pd_aws_sigv4_canonical_request (request, only, PD_AWS_SIGV4_FLAGS_NONE);
  g_assert_cmpstr (creq, ==,
                   "POST\n/\n\n"
                   "host:example.com\n"
                   "x-b:two words here\n"
                   "x-missing:\n"
                   "\n"
                   "host;x-b;x-missing\n"
                   EMPTY_SHA256);
}

static void
test_canonical_payload (void)
{
  g_autoptr(PdAwsSigningRequest) request = pd_aws_signing_request_new ("POST", "/", NULL);
  const guint8 body[] = { 0x00, 0xff, '{', '}' };
  g_autofree char *line = NULL;
  char expected[2 * PD_AWS_SHA256_LEN + 1];
  guint8 digest[PD_AWS_SHA256_LEN];

  pd_aws_signing_request_add_header (request, "Host", "example.com");
  line = canonical_line (request, 6, PD_AWS_SIGV4_FLAGS_NONE);
  g_assert_cmpstr (line, ==, EMPTY_SHA256);

  pd_aws_sha256 (body, sizeof body, digest);
  pd_aws_hex_encode (digest, sizeof digest, expected);
  pd_aws_signing_request_set_body (request, body, sizeof body);
  g_clear_pointer (&line, g_free);
  line = canonical_line (request, 6, PD_AWS_SIGV4_FLAGS_NONE);
  g_assert_cmpstr (line, ==, expected);

  pd_aws_signing_request_set_payload_hash (request, "UNSIGNED-PAYLOAD");
  g_clear_pointer (&line, g_free);
  line = canonical_line (request, 6, PD_AWS_SIGV4_FLAGS_NONE);
  g_assert_cmpstr (line, ==, "UNSIGNED-PAYLOAD");

  /* As in botocore, an X-Amz-Content-SHA256 header is the payload hash. */
  pd_aws_signing_request_add_header (request, "X-Amz-Content-SHA256", "abc");
  g_clear_pointer (&line, g_free);
  line = canonical_line (request, 7, PD_AWS_SIGV4_FLAGS_NONE);
  g_assert_cmpstr (line, ==, "abc");

  pd_aws_signing_request_set_header (request, "x-amz-content-sha256", NULL);
  pd_aws_signing_request_set_payload_hash (request, NULL);
  g_clear_pointer (&line, g_free);
  line = canonical_line (request, 6, PD_AWS_SIGV4_FLAGS_NONE);
  g_assert_cmpstr (line, ==, EMPTY_SHA256);
}

/* What a server may receive: megabytes of path, query and header. */
static void
test_canonical_huge (void)
{
  gsize size = 4 * 1024 * 1024;
  GString *path = g_string_sized_new (size);
  GString *query = g_string_sized_new (size);
  g_autofree char *value = g_strnfill (size, ' ');
  g_autoptr(PdAwsSigningRequest) request = NULL;
  g_autofree char *creq = NULL;

  while (path->len < size)
    g_string_append (path, "/a");
  /* Few pairs but long ones: a million pairs would cost minutes under ASan. */
  g_string_append (query, "z=");
  while (query->len < size)
    g_string_append (query, "v%20");
  g_string_append (query, "&a=1");
  value[size / 2] = 'x';

  request = pd_aws_signing_request_new ("GET", path->str, query->str);
  pd_aws_signing_request_add_header (request, "Host", "example.com");
  pd_aws_signing_request_add_header (request, "X-Big", value);
  creq = pd_aws_sigv4_canonical_request (request, NULL, PD_AWS_SIGV4_FLAGS_NONE);

  /* Every segment kept, the pairs sorted, the value folded to one byte. */
  g_assert_true (g_str_has_prefix (creq, "GET\n/a/a/a/"));
  g_assert_nonnull (strstr (creq, "\na=1&z=v%20v%20v%20"));
  g_assert_cmpuint (strlen (creq), >, 2 * size);
  g_assert_nonnull (strstr (creq, "\nx-big:x\n"));

  g_string_free (path, TRUE);
  g_string_free (query, TRUE);
}

static void
test_request_headers (void)
{
  g_autoptr(PdAwsSigningRequest) request = pd_aws_signing_request_new ("GET", "/", NULL);

  pd_aws_signing_request_add_header (request, "X-One", "1");
  pd_aws_signing_request_add_header (request, "Host", "h");
  pd_aws_signing_request_add_header (request, "x-one", "2");
  g_assert_cmpuint (pd_aws_signing_request_get_n_headers (request), ==, 3);
  g_assert_cmpstr (pd_aws_signing_request_get_header (request, "X-ONE"), ==, "1");

  pd_aws_signing_request_set_header (request, "X-ONE", "3");
  g_assert_cmpuint (pd_aws_signing_request_get_n_headers (request), ==, 2);
  g_assert_cmpstr (pd_aws_signing_request_get_header_name (request, 0), ==, "Host");
  g_assert_cmpstr (pd_aws_signing_request_get_header_name (request, 1), ==, "X-ONE");
  g_assert_cmpstr (pd_aws_signing_request_get_header_value (request, 1), ==, "3");

  pd_aws_signing_request_set_header (request, "x-one", NULL);
  g_assert_cmpuint (pd_aws_signing_request_get_n_headers (request), ==, 1);
  g_assert_null (pd_aws_signing_request_get_header (request, "x-one"));
}

/* Signing */

static PdAwsSigningRequest *
codepipeline_request (void)
{
  static const char body[] = "{\"name\":\"todo-list-aws\"}";
  PdAwsSigningRequest *request = pd_aws_signing_request_new ("POST", "/", "");

  pd_aws_signing_request_add_header (request, "Host", "codepipeline.eu-west-1.amazonaws.com");
  pd_aws_signing_request_add_header (request, "Content-Type", "application/x-amz-json-1.1");
  pd_aws_signing_request_add_header (request, "X-Amz-Target",
                                     "CodePipeline_20150709.GetPipelineState");
  pd_aws_signing_request_add_header (request, "User-Agent", "Pipedeck/0.1.0");
  pd_aws_signing_request_set_body (request, (const guint8 *) body, strlen (body));

  return request;
}

static void
test_sign_session_token (void)
{
  g_autoptr(PdAwsSigningRequest) request = codepipeline_request ();
  g_autoptr(PdAwsCredentials) credentials = vector_credentials ("TOKEN/with+chars==");
  g_autoptr(GDateTime) now = vector_time ();
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;

  pd_aws_signing_request_add_header (request, "X-Amz-Security-Token", "stale");
  pd_aws_signing_request_add_header (request, "X-Amz-Date", "19990101T000000Z");
  pd_aws_signing_request_add_header (request, "Authorization", "stale");
  g_assert_true (pd_aws_sigv4_sign (request, credentials, "eu-west-1", "codepipeline", now,
                                    PD_AWS_SIGV4_FLAGS_NONE, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (pd_aws_signing_request_get_header (request, "x-amz-security-token"), ==,
                   "TOKEN/with+chars==");
  g_assert_cmpstr (pd_aws_signing_request_get_header (request, "x-amz-date"), ==,
                   "20150830T123600Z");
  authorization = g_strdup (pd_aws_signing_request_get_header (request, "authorization"));
  g_assert_true (g_str_has_prefix (authorization,
                                   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/"
                                   "codepipeline/aws4_request, SignedHeaders=content-type;host;"
                                   "x-amz-date;x-amz-security-token;x-amz-target, Signature="));
  g_assert_cmpuint (pd_aws_signing_request_get_n_headers (request), ==, 7);

  /* Signing again (a retry) replaces, never duplicates. */
  g_assert_true (pd_aws_sigv4_sign (request, credentials, "eu-west-1", "codepipeline", now,
                                    PD_AWS_SIGV4_FLAGS_NONE, &error));
  g_assert_cmpuint (pd_aws_signing_request_get_n_headers (request), ==, 7);
  g_assert_cmpstr (pd_aws_signing_request_get_header (request, "authorization"), ==, authorization);
}

static void
test_sign_date_header (void)
{
  g_autoptr(PdAwsSigningRequest) request = codepipeline_request ();
  g_autoptr(PdAwsCredentials) credentials = vector_credentials (NULL);
  g_autoptr(GDateTime) now = vector_time ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GError) error = NULL;
  PdAwsSigV4Authorization auth;

  /* botocore signs a Date header instead of X-Amz-Date when there is one. */
  pd_aws_signing_request_add_header (request, "Date", "yesterday");
  pd_aws_signing_request_add_header (request, "X-Amz-Date", "19990101T000000Z");
  g_assert_true (pd_aws_sigv4_sign (request, credentials, "eu-west-1", "codepipeline", now,
                                    PD_AWS_SIGV4_FLAGS_NONE, &error));
  g_assert_cmpstr (pd_aws_signing_request_get_header (request, "date"), ==,
                   "Sun, 30 Aug 2015 12:36:00 -0000");
  g_assert_null (pd_aws_signing_request_get_header (request, "x-amz-date"));

  parsed = pd_aws_sigv4_get_request_time (request, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (parsed, now));

  g_assert_true (pd_aws_sigv4_parse_authorization (
    pd_aws_signing_request_get_header (request, "authorization"), &auth, &error));
  g_assert_true (pd_aws_sigv4_verify (request, &auth, SECRET, PD_AWS_SIGV4_FLAGS_NONE, &error));
  g_assert_no_error (error);
  pd_aws_sigv4_authorization_clear (&auth);
}

static void
test_sign_errors (void)
{
  g_autoptr(PdAwsCredentials) credentials = vector_credentials (NULL);
  g_autoptr(PdAwsCredentials) bad_key = pd_aws_credentials_new ("AKID/X", SECRET, NULL, NULL, NULL);
  g_autoptr(GDateTime) now = vector_time ();
  g_autoptr(PdAwsSigningRequest) no_host = pd_aws_signing_request_new ("GET", "/", NULL);
  g_autoptr(PdAwsSigningRequest) bad_name = codepipeline_request ();
  g_autoptr(PdAwsSigningRequest) fine = codepipeline_request ();
  g_autoptr(GError) error = NULL;

  g_assert_false (pd_aws_sigv4_sign (no_host, credentials, "us-east-1", "sts", now, 0, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Host"));
  g_clear_error (&error);

  pd_aws_signing_request_add_header (bad_name, "Bad Name", "x");
  g_assert_false (pd_aws_sigv4_sign (bad_name, credentials, "us-east-1", "sts", now, 0, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Bad Name"));
  g_clear_error (&error);

  g_assert_false (pd_aws_sigv4_sign (fine, credentials, "us/east", "sts", now, 0, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (pd_aws_sigv4_sign (fine, credentials, "us-east-1", "", now, 0, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (pd_aws_sigv4_sign (fine, bad_key, "us-east-1", "sts", now, 0, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS);
  g_assert_null (strstr (error->message, SECRET));
  g_clear_error (&error);

  /* Nothing was added to a request that could not be signed. */
  g_assert_null (pd_aws_signing_request_get_header (fine, "authorization"));
}

/* The signing-key cache */

static void
expected_signing_key (const char *secret,
                      const char *date,
                      const char *region,
                      const char *service,
                      guint8      key[PD_AWS_SHA256_LEN])
{
  g_autofree char *seed = g_strconcat ("AWS4", secret, NULL);

  pd_aws_hmac_sha256 ((const guint8 *) seed, strlen (seed), date, strlen (date), key);
  pd_aws_hmac_sha256 (key, PD_AWS_SHA256_LEN, region, strlen (region), key);
  pd_aws_hmac_sha256 (key, PD_AWS_SHA256_LEN, service, strlen (service), key);
  pd_aws_hmac_sha256 (key, PD_AWS_SHA256_LEN, "aws4_request", 12, key);
}

static void
test_key_cache_reuse (void)
{
  guint8 first[PD_AWS_SHA256_LEN];
  guint8 second[PD_AWS_SHA256_LEN];
  guint8 expected[PD_AWS_SHA256_LEN];
  gboolean cached = TRUE;

  pd_aws_sigv4_clear_key_cache ();
  g_assert_cmpuint (pd_aws_sigv4_key_cache_get_size (), ==, 0);

  pd_aws_sigv4_derive_signing_key (SECRET, "20150830", "us-east-1", "iam", first, &cached);
  g_assert_false (cached);
  pd_aws_sigv4_derive_signing_key (SECRET, "20150830", "us-east-1", "iam", second, &cached);
  g_assert_true (cached);
  g_assert_cmpmem (first, sizeof first, second, sizeof second);
  g_assert_cmpuint (pd_aws_sigv4_key_cache_get_size (), ==, 1);

  /* The key is the documented HMAC chain: AWS's published example key for
   * 2012-02-15 and this secret. */
  expected_signing_key (SECRET, "20150830", "us-east-1", "iam", expected);
  g_assert_cmpmem (first, sizeof first, expected, sizeof expected);
  {
    char hex[2 * PD_AWS_SHA256_LEN + 1];

    pd_aws_sigv4_derive_signing_key (SECRET, "20120215", "us-east-1", "iam", first, &cached);
    pd_aws_hex_encode (first, sizeof first, hex);
    g_assert_cmpstr (hex, ==, "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }
}

static void
test_key_cache_separation (void)
{
  static const char * const variants[][4] = {
    { SECRET, "20150830", "us-east-1", "iam" },
    { SECRET "x", "20150830", "us-east-1", "iam" },
    { SECRET, "20150831", "us-east-1", "iam" },
    { SECRET, "20150830", "eu-west-1", "iam" },
    { SECRET, "20150830", "us-east-1", "sts" },
    /* Same bytes, other split: must not collide. */
    { SECRET, "20150830", "us-east-1i", "am" },
  };
  guint8 keys[G_N_ELEMENTS (variants)][PD_AWS_SHA256_LEN];

  pd_aws_sigv4_clear_key_cache ();
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      guint8 expected[PD_AWS_SHA256_LEN];
      gboolean cached = TRUE;

      pd_aws_sigv4_derive_signing_key (variants[i][0], variants[i][1], variants[i][2],
                                       variants[i][3], keys[i], &cached);
      g_assert_false (cached);
      expected_signing_key (variants[i][0], variants[i][1], variants[i][2], variants[i][3],
                            expected);
      g_assert_cmpmem (keys[i], PD_AWS_SHA256_LEN, expected, sizeof expected);
      for (guint j = 0; j < i; j++)
        g_assert_true (memcmp (keys[i], keys[j], PD_AWS_SHA256_LEN) != 0);
    }
  g_assert_cmpuint (pd_aws_sigv4_key_cache_get_size (), ==, G_N_ELEMENTS (variants));
}

static void
test_key_cache_eviction (void)
{
  guint capacity = pd_aws_sigv4_key_cache_get_capacity ();
  guint8 key[PD_AWS_SHA256_LEN];
  gboolean cached;

  pd_aws_sigv4_clear_key_cache ();
  for (guint i = 0; i < capacity + 4; i++)
    {
      g_autofree char *service = g_strdup_printf ("service%u", i);

      pd_aws_sigv4_derive_signing_key (SECRET, "20150830", "us-east-1", service, key, &cached);
      g_assert_false (cached);
      /* Keep service0 in use, so the least recently used ones go instead. */
      pd_aws_sigv4_derive_signing_key (SECRET, "20150830", "us-east-1", "service0", key, &cached);
      g_assert_true (cached);
    }
  g_assert_cmpuint (pd_aws_sigv4_key_cache_get_size (), ==, capacity);

  pd_aws_sigv4_derive_signing_key (SECRET, "20150830", "us-east-1", "service1", key, &cached);
  g_assert_false (cached);
  pd_aws_sigv4_derive_signing_key (SECRET, "20150830", "us-east-1", "service0", key, &cached);
  g_assert_true (cached);

  pd_aws_sigv4_clear_key_cache ();
  g_assert_cmpuint (pd_aws_sigv4_key_cache_get_size (), ==, 0);
  pd_aws_sigv4_derive_signing_key (SECRET, "20150830", "us-east-1", "service0", key, &cached);
  g_assert_false (cached);
}

static gpointer
sign_in_thread (gpointer data)
{
  guint id = GPOINTER_TO_UINT (data);

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *region = g_strdup_printf ("region-%u", (id + i) % 24);
      g_autofree char *signature = pd_aws_sigv4_signature (SECRET, "20150830", region, "sts", "x");
      guint8 key[PD_AWS_SHA256_LEN];
      guint8 mac[PD_AWS_SHA256_LEN];
      char expected[2 * PD_AWS_SHA256_LEN + 1];

      expected_signing_key (SECRET, "20150830", region, "sts", key);
      pd_aws_hmac_sha256 (key, sizeof key, "x", 1, mac);
      pd_aws_hex_encode (mac, sizeof mac, expected);
      if (strcmp (signature, expected) != 0)
        return GUINT_TO_POINTER (FALSE);
    }

  return GUINT_TO_POINTER (TRUE);
}

static void
test_key_cache_threads (void)
{
  GThread *threads[4];

  pd_aws_sigv4_clear_key_cache ();
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("signer", sign_in_thread, GUINT_TO_POINTER (i * 7));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_UINT (g_thread_join (threads[i])));
}

/* Verification */

static PdAwsSigningRequest *
signed_request (const char *token)
{
  g_autoptr(PdAwsSigningRequest) request = codepipeline_request ();
  g_autoptr(PdAwsCredentials) credentials = vector_credentials (token);
  g_autoptr(GDateTime) now = vector_time ();
  g_autoptr(GError) error = NULL;

  pd_aws_signing_request_add_header (request, "X-Custom", "a  b");
  pd_aws_sigv4_sign (request, credentials, "eu-west-1", "codepipeline", now, 0, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&request);
}

/* Copies @request as a server would receive it, with one thing changed. */
typedef enum
{
  TAMPER_NONE,
  TAMPER_BODY,
  TAMPER_HEADER,
  TAMPER_UNSIGNED_HEADER,
  TAMPER_ADDED_HEADER,
  TAMPER_PATH,
  TAMPER_QUERY,
  TAMPER_METHOD,
  TAMPER_TOKEN,
} Tamper;

static PdAwsSigningRequest *
received_copy (PdAwsSigningRequest *request,
               const char          *method,
               const char          *path,
               const char          *query,
               Tamper               tamper)
{
  static const char body[] = "{\"name\":\"todo-list-aws\"}";
  static const char other_body[] = "{\"name\":\"todo-list-awz\"}";
  PdAwsSigningRequest *copy = pd_aws_signing_request_new (method, path, query);
  guint n = pd_aws_signing_request_get_n_headers (request);

  for (guint i = 0; i < n; i++)
    {
      const char *name = pd_aws_signing_request_get_header_name (request, i);
      const char *value = pd_aws_signing_request_get_header_value (request, i);

      if (tamper == TAMPER_HEADER && g_ascii_strcasecmp (name, "x-amz-target") == 0)
        value = "CodePipeline_20150709.DeletePipeline";
      if (tamper == TAMPER_UNSIGNED_HEADER && g_ascii_strcasecmp (name, "user-agent") == 0)
        value = "something else";
      if (tamper == TAMPER_TOKEN && g_ascii_strcasecmp (name, "x-amz-security-token") == 0)
        value = "another-token";
      /* Whitespace changes inside a value do not matter: it is folded. */
      if (g_ascii_strcasecmp (name, "x-custom") == 0)
        value = "  a     b ";
      pd_aws_signing_request_add_header (copy, name, value);
    }
  if (tamper == TAMPER_ADDED_HEADER)
    pd_aws_signing_request_add_header (copy, "X-Added", "1");
  if (tamper == TAMPER_BODY)
    pd_aws_signing_request_set_body (copy, (const guint8 *) other_body, strlen (other_body));
  else
    pd_aws_signing_request_set_body (copy, (const guint8 *) body, strlen (body));

  return copy;
}

static gboolean
verify_received (PdAwsSigningRequest  *received,
                 PdAwsSigningRequest  *original,
                 const char           *secret,
                 GError              **error)
{
  PdAwsSigV4Authorization auth;
  gboolean ok;

  if (!pd_aws_sigv4_parse_authorization (pd_aws_signing_request_get_header (original,
                                                                            "Authorization"),
                                         &auth, error))
    return FALSE;
  ok = pd_aws_sigv4_verify (received, &auth, secret, PD_AWS_SIGV4_FLAGS_NONE, error);
  pd_aws_sigv4_authorization_clear (&auth);

  return ok;
}

static void
test_verify_accepts (void)
{
  g_autoptr(PdAwsSigningRequest) request = signed_request ("session-token");
  g_autoptr(GError) error = NULL;

  for (guint tamper = TAMPER_NONE; tamper <= TAMPER_ADDED_HEADER; tamper++)
    {
      g_autoptr(PdAwsSigningRequest) received = NULL;

      /* The unsigned User-Agent and a header added on the way are not signed. */
      if (tamper != TAMPER_NONE && tamper != TAMPER_UNSIGNED_HEADER &&
          tamper != TAMPER_ADDED_HEADER)
        continue;
      received = received_copy (request, "POST", "/", "", tamper);
      g_assert_true (verify_received (received, request, SECRET, &error));
      g_assert_no_error (error);
    }

  /* The same path after normalization is the same request. */
  {
    g_autoptr(PdAwsSigningRequest) received = received_copy (request, "POST", "/a/../", "", 0);

    g_assert_true (verify_received (received, request, SECRET, &error));
    g_assert_no_error (error);
  }
}

static void
test_verify_rejects (void)
{
  static const struct { Tamper tamper; const char *method; const char *path; const char *query; }
  cases[] = {
    { TAMPER_BODY, "POST", "/", "" },
    { TAMPER_HEADER, "POST", "/", "" },
    { TAMPER_TOKEN, "POST", "/", "" },
    { TAMPER_NONE, "PUT", "/", "" },
    { TAMPER_NONE, "POST", "/other", "" },
    { TAMPER_NONE, "POST", "/", "a=1" },
  };
  g_autoptr(PdAwsSigningRequest) request = signed_request ("session-token");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdAwsSigningRequest) received = received_copy (request, cases[i].method,
                                                               cases[i].path, cases[i].query,
                                                               cases[i].tamper);
      g_autoptr(GError) error = NULL;

      g_assert_false (verify_received (received, request, SECRET, &error));
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_AUTH);
      g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "SignatureDoesNotMatch");
      g_assert_nonnull (strstr (error->message, "does not match the signature"));
    }

  /* The wrong secret. */
  {
    g_autoptr(PdAwsSigningRequest) received = received_copy (request, "POST", "/", "", 0);
    g_autoptr(GError) error = NULL;

    g_assert_false (verify_received (received, request, SECRET "!", &error));
    g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "SignatureDoesNotMatch");
    g_assert_null (strstr (error->message, SECRET));
  }
}

static void
test_verify_incomplete (void)
{
  g_autoptr(PdAwsSigningRequest) request = signed_request (NULL);
  PdAwsSigV4Authorization auth;
  g_autoptr(GError) error = NULL;
  char *saved;

  g_assert_true (pd_aws_sigv4_parse_authorization (
    pd_aws_signing_request_get_header (request, "Authorization"), &auth, &error));

  /* A scope date that is not the request's. */
  saved = auth.date;
  auth.date = g_strdup ("20150831");
  g_assert_false (pd_aws_sigv4_verify (request, &auth, SECRET, 0, &error));
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "SignatureDoesNotMatch");
  g_assert_nonnull (strstr (error->message, "Date in Credential scope"));
  g_clear_error (&error);
  g_free (auth.date);
  auth.date = saved;

  /* A signed header the request does not have. */
  {
    g_autoptr(PdAwsSigningRequest) copy = received_copy (request, "POST", "/", "", 0);

    pd_aws_signing_request_set_header (copy, "X-Custom", NULL);
    g_assert_false (pd_aws_sigv4_verify (copy, &auth, SECRET, 0, &error));
    g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "SignatureDoesNotMatch");
    g_assert_nonnull (strstr (error->message, "x-custom"));
    g_clear_error (&error);

    /* No date at all. */
    pd_aws_signing_request_set_header (copy, "X-Amz-Date", NULL);
    g_assert_false (pd_aws_sigv4_verify (copy, &auth, SECRET, 0, &error));
    g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "IncompleteSignature");
    g_clear_error (&error);

    /* A malformed date. */
    pd_aws_signing_request_set_header (copy, "X-Amz-Date", "2015-08-30T12:36:00Z");
    g_assert_false (pd_aws_sigv4_verify (copy, &auth, SECRET, 0, &error));
    g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "IncompleteSignature");
    g_clear_error (&error);
  }

  /* Host or the date left unsigned. */
  {
    char **signed_headers = auth.signed_headers;
    char *without_host[] = { "content-type", "x-amz-date", NULL };
    char *without_date[] = { "content-type", "host", NULL };

    auth.signed_headers = without_host;
    g_assert_false (pd_aws_sigv4_verify (request, &auth, SECRET, 0, &error));
    g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "IncompleteSignature");
    g_clear_error (&error);
    auth.signed_headers = without_date;
    g_assert_false (pd_aws_sigv4_verify (request, &auth, SECRET, 0, &error));
    g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "IncompleteSignature");
    g_clear_error (&error);
    auth.signed_headers = signed_headers;
  }

  pd_aws_sigv4_authorization_clear (&auth);
}

static void
test_verify_content_sha256 (void)
{
  g_autoptr(PdAwsSigningRequest) request = codepipeline_request ();
  g_autoptr(PdAwsSigningRequest) received = NULL;
  g_autoptr(PdAwsCredentials) credentials = vector_credentials (NULL);
  g_autoptr(GDateTime) now = vector_time ();
  g_autoptr(GError) error = NULL;
  char hash[2 * PD_AWS_SHA256_LEN + 1];
  guint8 digest[PD_AWS_SHA256_LEN];
  static const char body[] = "{\"name\":\"todo-list-aws\"}";

  pd_aws_sha256 (body, strlen (body), digest);
  pd_aws_hex_encode (digest, sizeof digest, hash);
  pd_aws_signing_request_add_header (request, "X-Amz-Content-SHA256", hash);
  g_assert_true (pd_aws_sigv4_sign (request, credentials, "eu-west-1", "codepipeline", now, 0,
                                    &error));

  received = received_copy (request, "POST", "/", "", TAMPER_NONE);
  g_assert_true (verify_received (received, request, SECRET, &error));
  g_assert_no_error (error);

  /* A changed body with the signed hash header unchanged is caught too. */
  g_clear_pointer (&received, pd_aws_signing_request_free);
  received = received_copy (request, "POST", "/", "", TAMPER_BODY);
  g_assert_false (verify_received (received, request, SECRET, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, "XAmzContentSHA256Mismatch");
}

/* Authorization headers */

static void
test_parse_authorization_valid (void)
{
  PdAwsSigV4Authorization auth;
  g_autoptr(GError) error = NULL;
  const char *header =
    "AWS4-HMAC-SHA256  Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request ,"
    "SignedHeaders=content-type;host;x-amz-date,  Signature="
    "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

  g_assert_true (pd_aws_sigv4_parse_authorization (header, &auth, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (auth.access_key_id, ==, "AKIDEXAMPLE");
  g_assert_cmpstr (auth.date, ==, "20150830");
  g_assert_cmpstr (auth.region, ==, "us-east-1");
  g_assert_cmpstr (auth.service, ==, "iam");
  g_assert_cmpuint (g_strv_length (auth.signed_headers), ==, 3);
  g_assert_cmpstr (auth.signed_headers[1], ==, "host");
  g_assert_cmpstr (auth.signature, ==,
                   "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  pd_aws_sigv4_authorization_clear (&auth);
  g_assert_null (auth.signature);
}

static void
test_parse_authorization_malformed (void)
{
#define SIG "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
#define CRED "Credential=AKID/20150830/us-east-1/iam/aws4_request"
  static const struct { const char *header; const char *aws_code; const char *message; } cases[] = {
    { "", "MissingAuthenticationToken", "no Authorization" },
    { "AWS4-HMAC-SHA256", "IncompleteSignature", "algorithm" },
    { "AWS4-HMAC-SHA256 ", "IncompleteSignature", "lacks: Credential SignedHeaders Signature" },
    { "Bearer abc", "IncompleteSignature", "“Bearer”" },
    { "AWS AKID:abc", "IncompleteSignature", "“AWS”" },
    { "AWS4-HMAC-SHA256 " CRED ", SignedHeaders=host", "IncompleteSignature", "lacks: Signature" },
    { "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=" SIG, "IncompleteSignature",
      "lacks: Credential" },
    { "AWS4-HMAC-SHA256 " CRED ", Signature=" SIG, "IncompleteSignature", "lacks: SignedHeaders" },
    { "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam, SignedHeaders=host, Signature=" SIG,
      "IncompleteSignature", "ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request" },
    { "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request/x, SignedHeaders=host, "
      "Signature=" SIG, "IncompleteSignature", "ACCESS_KEY_ID/YYYYMMDD" },
    { "AWS4-HMAC-SHA256 Credential=AKID/2015-08-30/us-east-1/iam/aws4_request, SignedHeaders=host, "
      "Signature=" SIG, "IncompleteSignature", "YYYYMMDD" },
    { "AWS4-HMAC-SHA256 Credential=AKID/20150830//iam/aws4_request, SignedHeaders=host, "
      "Signature=" SIG, "IncompleteSignature", "valid region" },
    { "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1//aws4_request, SignedHeaders=host, "
      "Signature=" SIG, "IncompleteSignature", "valid service" },
    { "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws5_request, SignedHeaders=host, "
      "Signature=" SIG, "IncompleteSignature", "aws5_request" },
    { "AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, "
      "Signature=" SIG, "IncompleteSignature", "access key ID" },
    { "AWS4-HMAC-SHA256 " CRED ", SignedHeaders=, Signature=" SIG, "IncompleteSignature", "empty" },
    { "AWS4-HMAC-SHA256 " CRED ", SignedHeaders=host;;x-amz-date, Signature=" SIG,
      "IncompleteSignature", "not a header name" },
    { "AWS4-HMAC-SHA256 " CRED ", SignedHeaders=Host, Signature=" SIG, "IncompleteSignature",
      "lower case" },
    { "AWS4-HMAC-SHA256 " CRED ", SignedHeaders=host, Signature=abc", "IncompleteSignature",
      "64 lower-case" },
    { "AWS4-HMAC-SHA256 " CRED ", SignedHeaders=host, Signature=" SIG "0", "IncompleteSignature",
      "64 lower-case" },
    { "AWS4-HMAC-SHA256 " CRED ", SignedHeaders=host, Signature="
      "5D672D79C15B13162D9279B0855CFBA6789A8EDB4C82C400E06B5924A6F2B5D7",
      "IncompleteSignature", "64 lower-case" },
    { "AWS4-HMAC-SHA256 " CRED ", " CRED ", SignedHeaders=host, Signature=" SIG,
      "IncompleteSignature", "twice" },
    { "AWS4-HMAC-SHA256 " CRED ", SignedHeaders=host, Signature=" SIG ", Extra=1",
      "IncompleteSignature", "Unknown" },
    { "AWS4-HMAC-SHA256 " CRED ", SignedHeaders, Signature=" SIG, "IncompleteSignature",
      "Name=Value" },
    { "AWS4-HMAC-SHA256 \xff\xfe=\x01", "IncompleteSignature", "(not a name)" },
    /* A bare token is not quoted back. */
    { "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2VjcmV0", "IncompleteSignature", "(not a name)" },
  };
#undef SIG
#undef CRED

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PdAwsSigV4Authorization auth;
      g_autoptr(GError) error = NULL;

      g_assert_false (pd_aws_sigv4_parse_authorization (cases[i].header, &auth, &error));
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_AUTH);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strstr (error->message, "eyJ"));
      g_assert_null (strstr (error->message, "5d672d79"));
      g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, cases[i].aws_code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not mention “%s”",
                 i, error->message, cases[i].message);
      g_assert_null (auth.access_key_id);
      g_assert_null (auth.signed_headers);
      g_assert_null (auth.signature);
    }
}

/* Dates */

static void
test_amz_date (void)
{
  g_autoptr(GDateTime) now = vector_time ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (3600 * 5);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, zone);
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *formatted = pd_aws_sigv4_format_amz_date (local);
  static const char * const bad[] = {
    "", "20150830", "20150830T123600", "20151330T123600Z", "20150830T253600Z",
    "2015083OT123600Z", "20150830T123600Z ", "00000830T123600Z", "20150230T123600Z",
  };

  g_assert_cmpstr (formatted, ==, "20150830T123600Z");
  parsed = pd_aws_sigv4_parse_amz_date (formatted, NULL);
  g_assert_true (g_date_time_equal (parsed, now));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) time = pd_aws_sigv4_parse_amz_date (bad[i], &error);

      g_assert_null (time);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_AUTH);
    }
}

/* The signer works the date out of the Unix time itself: it must agree
 * with GLib's calendar on every day, leap days and centuries included,
 * before 1970 too, whatever the time zone of the GDateTime. */
static void
test_amz_date_calendar (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (3600 * 5 + 1800);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  static const gint64 fixed[] = {
    0, -1, 86399, 86400, 951782400, 951868799, 951868800,    /* 2000-02-29 */
    4107542400, 4107628800,                                  /* 2100-02-28, 2100-03-01 */
    -2208988800, -62135596800,                               /* 1900-01-01, 0001-01-01 */
    253402214399,                                            /* 9999-12-30T23:59:59 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed) + 20000; i++)
    {
      gint64 t = i < G_N_ELEMENTS (fixed) ? fixed[i]
                 : (gint64) g_rand_double_range (rand, -62135596800.0, 253402214399.0);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
      g_autofree char *expected =
        g_strdup_printf ("%04d%02d%02dT%02d%02d%02dZ", g_date_time_get_year (utc),
                         g_date_time_get_month (utc), g_date_time_get_day_of_month (utc),
                         g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                         g_date_time_get_second (utc));
      g_autofree char *formatted = pd_aws_sigv4_format_amz_date (local);

      g_assert_cmpstr (formatted, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autofree char *suite = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Without the vectors only the count runs, and fails saying why. */
  g_test_add_func ("/pd/aws/sigv4/suite/count", test_suite_count);
  suite = suite_dir ();
  cases = list_suite_cases (suite, NULL);
  for (guint i = 0; cases != NULL && i < cases->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/pd/aws/sigv4/suite/%s",
                                               (char *) cases->pdata[i]);

      g_test_add_data_func (path, cases->pdata[i], test_suite_case);
    }

  g_test_add_func ("/pd/aws/sigv4/canonical-request/path", test_canonical_path);
  g_test_add_func ("/pd/aws/sigv4/canonical-request/query", test_canonical_query);
  g_test_add_func ("/pd/aws/sigv4/canonical-request/headers", test_canonical_headers);
  g_test_add_func ("/pd/aws/sigv4/canonical-request/payload", test_canonical_payload);
  g_test_add_func ("/pd/aws/sigv4/canonical-request/huge", test_canonical_huge);
  g_test_add_func ("/pd/aws/sigv4/request/headers", test_request_headers);
  g_test_add_func ("/pd/aws/sigv4/sign/session-token", test_sign_session_token);
  g_test_add_func ("/pd/aws/sigv4/sign/date-header", test_sign_date_header);
  g_test_add_func ("/pd/aws/sigv4/sign/errors", test_sign_errors);
  g_test_add_func ("/pd/aws/sigv4/key-cache/reuse", test_key_cache_reuse);
  g_test_add_func ("/pd/aws/sigv4/key-cache/separation", test_key_cache_separation);
  g_test_add_func ("/pd/aws/sigv4/key-cache/eviction", test_key_cache_eviction);
  g_test_add_func ("/pd/aws/sigv4/key-cache/threads", test_key_cache_threads);
  g_test_add_func ("/pd/aws/sigv4/verify/accepts", test_verify_accepts);
  g_test_add_func ("/pd/aws/sigv4/verify/rejects-tampered", test_verify_rejects);
  g_test_add_func ("/pd/aws/sigv4/verify/incomplete", test_verify_incomplete);
  g_test_add_func ("/pd/aws/sigv4/verify/content-sha256", test_verify_content_sha256);
  g_test_add_func ("/pd/aws/sigv4/parse-authorization/valid", test_parse_authorization_valid);
  g_test_add_func ("/pd/aws/sigv4/parse-authorization/malformed",
                   test_parse_authorization_malformed);
  g_test_add_func ("/pd/aws/sigv4/amz-date", test_amz_date);
  g_test_add_func ("/pd/aws/sigv4/amz-date/calendar", test_amz_date_calendar);

  return g_test_run ();
}
