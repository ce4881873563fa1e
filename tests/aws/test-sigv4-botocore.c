/* test-sigv4-botocore.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Differential test: generated requests signed by Pipedeck and by Debian's
 * botocore (through sigv4-botocore-driver.py beside this file, run by
 * /usr/bin/python3) must give identical canonical requests, strings to
 * sign, signatures and headers; and what botocore signs must pass
 * Pipedeck's verification, as the sandbox applies it. The requests a real
 * client would send are also compared with the CRT signer (python3-awscrt)
 * that botocore uses when it is installed.
 *
 * PD_SIGV4_DIFF_SEED and PD_SIGV4_DIFF_COUNT explore other requests;
 * PD_SIGV4_DIFF_CRT=0 leaves the CRT out; PD_PYTHON3 names another Python. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "pd-aws-sigv4.h"
#include "pd-aws-sigv4-private.h"

#define DEFAULT_COUNT 600
#define DEFAULT_SEED  20260826

typedef struct
{
  GSubprocess      *process;
  GOutputStream    *to_oracle;
  GDataInputStream *from_oracle;
} Oracle;

static void
oracle_stop (Oracle *oracle)
{
  g_autoptr(GError) error = NULL;

  if (oracle->process == NULL)
    return;
  g_output_stream_close (oracle->to_oracle, NULL, NULL);
  if (!g_subprocess_wait_check (oracle->process, NULL, &error))
    g_test_message ("oracle driver ended badly: %s", error->message);
  g_clear_object (&oracle->from_oracle);
  g_clear_object (&oracle->process);
}

static gboolean
oracle_start (Oracle *oracle)
{
  const char *python = g_getenv ("PD_PYTHON3");
  g_autofree char *driver = NULL;
  g_autoptr(GError) error = NULL;

  if (python == NULL || python[0] == '\0')
    python = "/usr/bin/python3";

  driver = g_test_build_filename (G_TEST_DIST, "aws", "sigv4-botocore-driver.py", NULL);
  if (!g_file_test (driver, G_FILE_TEST_IS_REGULAR))
    {
      g_test_fail_printf ("the botocore driver %s is missing from the source tree", driver);
      return FALSE;
    }

  oracle->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                      G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                      &error, python, driver, NULL);
  if (oracle->process == NULL)
    {
      g_test_fail_printf ("cannot run %s (install python3 and python3-botocore): %s",
                          python, error->message);
      return FALSE;
    }
  oracle->to_oracle = g_subprocess_get_stdin_pipe (oracle->process);
  oracle->from_oracle = g_data_input_stream_new (g_subprocess_get_stdout_pipe (oracle->process));

  return TRUE;
}

static JsonObject *
oracle_ask (Oracle   *oracle,
            JsonNode *request)
{
  g_autofree char *line = json_to_string (request, FALSE);
  g_autofree char *reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (!g_output_stream_write_all (oracle->to_oracle, line, strlen (line), NULL, NULL, &error) ||
      !g_output_stream_write_all (oracle->to_oracle, "\n", 1, NULL, NULL, &error) ||
      !g_output_stream_flush (oracle->to_oracle, NULL, &error))
    g_error ("the botocore driver stopped reading (its error is above): %s", error->message);

  reply = g_data_input_stream_read_line_utf8 (oracle->from_oracle, NULL, NULL, &error);
  g_assert_no_error (error);
  if (reply == NULL)
    g_error ("the botocore driver ended without answering (its error is above)");

  json_parser_load_from_data (parser, reply, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (object, "error"))
    g_error ("the botocore driver failed: %s\nrequest: %s",
             json_object_get_string_member (object, "error"), line);

  return json_object_ref (object);
}

/* Fails the test, saying what to install, when botocore or (with @crt) its
 * CRT signer cannot be used. */
static gboolean
oracle_probe (Oracle   *oracle,
              gboolean  crt)
{
  g_autoptr(JsonNode) probe = json_from_string ("{\"probe\": true}", NULL);
  g_autoptr(JsonObject) reply = oracle_ask (oracle, probe);

  g_test_message ("botocore %s on Python %s",
                  json_object_get_string_member (reply, "botocore_version"),
                  json_object_get_string_member (reply, "python_version"));
  if (crt && !json_object_get_boolean_member (reply, "crt"))
    {
      g_test_fail_printf ("the CRT signer is not available: %s (PD_SIGV4_DIFF_CRT=0 "
                          "compares with botocore's SigV4Auth only)",
                          json_object_get_string_member (reply, "crt_problem"));
      return FALSE;
    }

  return TRUE;
}

/* Generation */

static const char *
pick (GRand              *rand,
      const char * const *choices,
      guint               n)
{
  return choices[g_rand_int_range (rand, 0, n)];
}

#define PICK(rand, array) pick ((rand), (array), G_N_ELEMENTS (array))

static char *
random_word (GRand *rand)
{
  static const char alphabet[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~";
  guint len = g_rand_int_range (rand, 1, 9);
  char *word = g_malloc (len + 1);

  for (guint i = 0; i < len; i++)
    word[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
  word[len] = '\0';

  return word;
}

static char *
random_path (GRand *rand)
{
  /* Segments as they may be sent: raw, pre-encoded or odd. No `?`, `#`,
   * control characters or trailing space: those cannot be in a path. */
  static const char * const pieces[] = {
    ".", "..", "", "caf\xc3\xa9", "\xe1\x88\xb4", "\xe6\x97\xa5\xe6\x9c\xac", "a b", "prod%20v2",
    "%2F", "%", "100%", "%zz", "a+b", "~user", "!$&'()*,;=:@", "%2e%2E", "...", "x y z",
    "stages", "prod", "restapis", "%E1%88%B4", "[v]", "\"q\"",
  };
  GString *path = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 7);

  for (guint i = 0; i < n; i++)
    {
      g_string_append_c (path, '/');
      if (g_rand_boolean (rand))
        g_string_append (path, PICK (rand, pieces));
      else
        {
          g_autofree char *word = random_word (rand);

          g_string_append (path, word);
        }
    }
  if (n == 0 || g_rand_int_range (rand, 0, 4) == 0)
    g_string_append_c (path, '/');
  if (g_rand_int_range (rand, 0, 10) == 0)
    g_string_append (path, "//");

  return g_string_free (path, FALSE);
}

static void
append_canonical_encoded (GString    *out,
                          const char *s)
{
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    if (g_ascii_isalnum (*p) || strchr ("-._~", *p) != NULL)
      g_string_append_c (out, *p);
    else
      g_string_append_printf (out, "%%%02X", *p);
}

/* A query our transport (or botocore's serializer) would send: every key and
 * value encoded already, in any order. botocore signs it verbatim. */
static char *
random_encoded_query (GRand *rand)
{
  static const char * const texts[] = {
    "", "a", "Action", "Version", "b c", "caf\xc3\xa9", "\xe1\x88\xb4", "x/y:z@w", "a+b", "100%",
    "=", "&", "!*'();$,", "[1]", "Param-3", "param", "PARAM", "~", "\"", "tab\there",
  };
  GString *query = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 6);

  for (guint i = 0; i < n; i++)
    {
      const char *key = PICK (rand, texts);

      if (key[0] == '\0')
        key = "k";
      if (i > 0)
        g_string_append_c (query, '&');
      append_canonical_encoded (query, key);
      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0:
          break;                                     /* no `=` at all */
        case 1:
          g_string_append_c (query, '=');            /* empty value */
          break;
        default:
          g_string_append_c (query, '=');
          append_canonical_encoded (query, PICK (rand, texts));
        }
      if (g_rand_int_range (rand, 0, 4) == 0 && n > 1)
        {
          /* The same key again, which sorts by value. */
          g_string_append_c (query, '&');
          append_canonical_encoded (query, key);
          g_string_append_c (query, '=');
          append_canonical_encoded (query, PICK (rand, texts));
        }
    }

  return g_string_free (query, FALSE);
}

/* A query written by hand or by a lax client: raw reserved characters,
 * spaces, `+`, lower-case and invalid escapes, empty pairs. botocore's
 * harness decodes it and encodes it again, as we do. A lone `%` is never
 * followed by hex digits here: an escape that decodes to invalid UTF-8 is
 * kept as bytes by Pipedeck (and by botocore's real, verbatim query
 * handling) but replaced by U+FFFD in the harness's decoding. */
static char *
random_raw_query (GRand *rand)
{
  static const char * const pieces[] = {
    "a", "b", "Param", "x y", "caf\xc3\xa9", "\xe1\x88\xb4", "/", ":", "@", "!", "$", "'", "(",
    ")", "*", ",", ";", "+", "%2B", "%20", "%2f", "%2F", "%3D", "%26", "%zz", "%_", "%C3%A9",
    "%E1%88%B4", "~", "-", "[", "]", "?", "=", "\"",
  };
  GString *query = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 1, 12);

  for (guint i = 0; i < n; i++)
    {
      if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_append_c (query, '&');
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_string_append_c (query, '=');
      g_string_append (query, PICK (rand, pieces));
    }
  /* A URL cannot end with a space: Python strips it. */
  if (query->len > 0 && query->str[query->len - 1] == ' ')
    g_string_append_c (query, 'z');

  return g_string_free (query, FALSE);
}

static char *
random_value (GRand *rand)
{
  static const char * const pieces[] = {
    "a", "b c", "  ", "\t", "   lead", "trail   ", "application/x-amz-json-1.1", "\"a   b\"",
    "x,y", "caf\xc3\xa9", "=", ";", "CodePipeline_20150709.GetPipelineState", "attempt=1; max=3",
    "", " \t ", "UPPER", "%20",
  };
  GString *value = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 5);

  for (guint i = 0; i < n; i++)
    g_string_append (value, PICK (rand, pieces));

  return g_string_free (value, FALSE);
}

static char *
random_secret (GRand *rand,
               guint  len)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
  char *secret = g_malloc (len + 1);

  for (guint i = 0; i < len; i++)
    secret[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
  secret[len] = '\0';

  return secret;
}

typedef struct
{
  char       *method;
  char       *path;
  char       *query;
  gboolean    query_as_params;
  GPtrArray  *names;
  GPtrArray  *values;
  GBytes     *body;
  char       *access_key;
  char       *secret_key;
  char       *token;
  const char *region;
  const char *service;
  const char *host;
  GDateTime  *now;
  gboolean    presets_signing_headers;   /* stale date, token, Authorization... */
} Case;

static void
case_free (Case *c)
{
  g_free (c->method);
  g_free (c->path);
  g_free (c->query);
  g_ptr_array_unref (c->names);
  g_ptr_array_unref (c->values);
  g_bytes_unref (c->body);
  g_free (c->access_key);
  g_free (c->secret_key);
  g_free (c->token);
  g_date_time_unref (c->now);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Case, case_free)

static void
case_add_header (Case       *c,
                 const char *name,
                 const char *value)
{
  g_ptr_array_add (c->names, g_strdup (name));
  g_ptr_array_add (c->values, g_strdup (value));
}

static Case *
random_case (GRand *rand)
{
  static const char * const methods[] = {
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "get", "Post",
  };
  static const char * const regions[] = {
    "us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1", "eu-south-2",
  };
  static const char * const services[] = {
    "codepipeline", "codebuild", "logs", "execute-api", "apigateway", "monitoring", "sts",
    "rds-data", "wafv2", "lambda",
  };
  static const char * const hosts[] = {
    "example.amazonaws.com", "codepipeline.eu-west-1.amazonaws.com", "127.0.0.1:4566",
    "localhost:8080", "Example.AmazonAWS.com",
  };
  static const char * const names[] = {
    "Content-Type", "X-Amz-Target", "X-Custom", "x-custom", "X-CUSTOM", "My-Header", "Accept",
    "amz-sdk-invocation-id", "amz-sdk-request", "User-Agent", "Expect", "X-Amzn-Trace-Id",
    "Content-Length", "X-Amz-Meta-Thing", "x-amz-user-agent", "Content-MD5", "If-Match",
  };
  Case *c = g_new0 (Case, 1);
  gsize body_len;
  guint8 *body;
  guint n_headers;

  c->names = g_ptr_array_new_with_free_func (g_free);
  c->values = g_ptr_array_new_with_free_func (g_free);
  c->method = g_strdup (PICK (rand, methods));
  c->path = random_path (rand);
  c->query_as_params = g_rand_boolean (rand);
  c->query = c->query_as_params ? random_raw_query (rand) : random_encoded_query (rand);

  /* Bodies: empty, JSON-like text, or arbitrary bytes. */
  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      body_len = 0;
      body = NULL;
      break;
    case 1:
      body = (guint8 *) g_strdup_printf ("{\"name\":\"pipeline-%u\",\"n\":%d}",
                                         g_rand_int (rand), g_rand_int_range (rand, -5, 5000));
      body_len = strlen ((char *) body);
      break;
    default:
      body_len = g_rand_int_range (rand, 1, 400);
      body = g_malloc (body_len);
      for (gsize i = 0; i < body_len; i++)
        body[i] = g_rand_int_range (rand, 0, 256);
    }
  c->body = g_bytes_new_take (body, body_len);

  c->access_key = g_rand_boolean (rand) ? g_strdup ("AKIDEXAMPLE") : random_secret (rand, 20);
  for (char *p = c->access_key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      *p = 'Q';
  c->secret_key = random_secret (rand, g_rand_int_range (rand, 0, 3) == 0 ? 10 : 40);
  c->token = g_rand_boolean (rand) ? random_secret (rand, g_rand_int_range (rand, 16, 300)) : NULL;
  c->region = PICK (rand, regions);
  c->service = PICK (rand, services);
  /* Any second from 2000 to 2037. */
  c->now = g_date_time_new_from_unix_utc (946684800 +
                                          (gint64) g_rand_int_range (rand, 0, 1200000000));

  c->host = PICK (rand, hosts);
  case_add_header (c, "Host", c->host);
  n_headers = g_rand_int_range (rand, 0, 8);
  for (guint i = 0; i < n_headers; i++)
    {
      g_autofree char *value = random_value (rand);

      case_add_header (c, PICK (rand, names), value);
    }

  /* Headers the signer itself manages. */
  n_headers = c->names->len;
  if (g_rand_int_range (rand, 0, 8) == 0)
    case_add_header (c, "X-Amz-Date", "20000101T000000Z");
  if (g_rand_int_range (rand, 0, 10) == 0)
    case_add_header (c, g_rand_boolean (rand) ? "Date" : "date", "Mon, 01 Jan 2001 00:00:00 GMT");
  if (g_rand_int_range (rand, 0, 10) == 0)
    case_add_header (c, "Authorization", "AWS4-HMAC-SHA256 stale");
  if (g_rand_int_range (rand, 0, 8) == 0)
    case_add_header (c, "X-Amz-Security-Token", "stale-token");
  if (g_rand_int_range (rand, 0, 8) == 0)
    {
      char hash[2 * PD_AWS_SHA256_LEN + 1];
      guint8 digest[PD_AWS_SHA256_LEN];

      pd_aws_sha256 (g_bytes_get_data (c->body, NULL), g_bytes_get_size (c->body), digest);
      pd_aws_hex_encode (digest, sizeof digest, hash);
      case_add_header (c, "X-Amz-Content-SHA256",
                       g_rand_boolean (rand) ? hash : "UNSIGNED-PAYLOAD");
    }
  c->presets_signing_headers = c->names->len > n_headers;

  /* Shuffle, so that repeated names arrive in any order. */
  for (guint i = c->names->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer t;

      t = c->names->pdata[i - 1];
      c->names->pdata[i - 1] = c->names->pdata[j];
      c->names->pdata[j] = t;
      t = c->values->pdata[i - 1];
      c->values->pdata[i - 1] = c->values->pdata[j];
      c->values->pdata[j] = t;
    }

  return c;
}

static JsonNode *
case_to_json (Case *c)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autofree char *timestamp = g_date_time_format (c->now, "%Y-%m-%dT%H:%M:%SZ");

  /* The URL's host is the Host header's, as on a real request. */
  url = g_strconcat ("https://", c->host, c->path,
                     c->query[0] != '\0' ? "?" : "", c->query, NULL);
  body = g_base64_encode (g_bytes_get_data (c->body, NULL), g_bytes_get_size (c->body));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, c->method);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "query_as_params");
  json_builder_add_boolean_value (builder, c->query_as_params);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < c->names->len; i++)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, c->names->pdata[i]);
      json_builder_add_string_value (builder, c->values->pdata[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body);
  json_builder_set_member_name (builder, "access_key");
  json_builder_add_string_value (builder, c->access_key);
  json_builder_set_member_name (builder, "secret_key");
  json_builder_add_string_value (builder, c->secret_key);
  json_builder_set_member_name (builder, "token");
  if (c->token != NULL)
    json_builder_add_string_value (builder, c->token);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, c->region);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, c->service);
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_string_value (builder, timestamp);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static PdAwsSigningRequest *
case_to_request (Case *c)
{
  PdAwsSigningRequest *request = pd_aws_signing_request_new (c->method, c->path, c->query);

  for (guint i = 0; i < c->names->len; i++)
    pd_aws_signing_request_add_header (request, c->names->pdata[i], c->values->pdata[i]);
  pd_aws_signing_request_set_body (request, g_bytes_get_data (c->body, NULL),
                                   g_bytes_get_size (c->body));

  return request;
}

static int
compare_string_pointers (gconstpointer a,
                         gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
sorted_lines (GPtrArray *lines)
{
  g_ptr_array_sort (lines, compare_string_pointers);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

static char *
our_header_lines (PdAwsSigningRequest *request)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < pd_aws_signing_request_get_n_headers (request); i++)
    {
      const char *name = pd_aws_signing_request_get_header_name (request, i);
      g_autofree char *lname = g_ascii_strdown (name, -1);

      g_ptr_array_add (lines, g_strconcat (lname, ": ",
                                           pd_aws_signing_request_get_header_value (request, i),
                                           NULL));
    }

  return sorted_lines (lines);
}

static char *
botocore_header_lines (JsonArray *headers)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (headers); i++)
    {
      JsonArray *pair = json_array_get_array_element (headers, i);
      g_autofree char *lname = g_ascii_strdown (json_array_get_string_element (pair, 0), -1);

      g_ptr_array_add (lines, g_strconcat (lname, ": ", json_array_get_string_element (pair, 1),
                                           NULL));
    }

  return sorted_lines (lines);
}

static void
report_mismatch (guint       index,
                 const char *what,
                 JsonNode   *request,
                 const char *ours,
                 const char *theirs,
                 const char *our_creq,
                 const char *their_creq)
{
  g_autofree char *json = json_to_string (request, TRUE);

  g_test_message ("request %u: %s differs\n%s", index, what, json);
  g_test_message ("Pipedeck:\n%s\nbotocore:\n%s", ours, theirs);
  g_test_message ("Pipedeck canonical request:\n%s\nbotocore canonical request:\n%s",
                  our_creq, their_creq);
  g_test_fail ();
}

static void
test_differential (void)
{
  Oracle oracle = { 0 };
  g_autoptr(GRand) rand = NULL;
  const char *count_env = g_getenv ("PD_SIGV4_DIFF_COUNT");
  const char *seed_env = g_getenv ("PD_SIGV4_DIFF_SEED");
  guint count = count_env != NULL ? (guint) g_ascii_strtoull (count_env, NULL, 10) : DEFAULT_COUNT;
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : DEFAULT_SEED;
  guint compared = 0;
  guint with_token = 0;
  guint as_params = 0;
  guint with_crt = 0;
  gboolean crt = g_strcmp0 (g_getenv ("PD_SIGV4_DIFF_CRT"), "0") != 0;
  gint64 start = g_get_monotonic_time ();

  if (!oracle_start (&oracle))
    return;

  g_test_message ("comparing %u requests, seed %u", count, seed);
  if (!oracle_probe (&oracle, crt))
    {
      oracle_stop (&oracle);
      return;
    }
  rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < count && !g_test_failed (); i++)
    {
      g_autoptr(Case) c = random_case (rand);
      g_autoptr(JsonNode) json = case_to_json (c);
      g_autoptr(JsonObject) reply = oracle_ask (&oracle, json);
      g_autoptr(PdAwsSigningRequest) request = case_to_request (c);
      g_autoptr(PdAwsSigningRequest) received = NULL;
      g_autoptr(PdAwsCredentials) credentials = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *creq = NULL;
      g_autofree char *amz_date = NULL;
      g_autofree char *scope = NULL;
      g_autofree char *sts = NULL;
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;
      const char *their_creq = json_object_get_string_member (reply, "canonical_request");
      const char *their_authorization = json_object_get_string_member (reply, "authorization");
      JsonArray *final_headers = json_object_get_array_member (reply, "final_headers");
      PdAwsSigV4Authorization auth;

      if (i == 0)
        g_test_message ("oracle: botocore %s, %s",
                        json_object_get_string_member (reply, "botocore_version"),
                        json_object_get_string_member (reply, "signer"));

      credentials = pd_aws_credentials_new (c->access_key, c->secret_key, c->token, NULL, "test");
      pd_aws_sigv4_sign (request, credentials, c->region, c->service, c->now,
                         PD_AWS_SIGV4_FLAGS_NONE, &error);
      g_assert_no_error (error);

      creq = pd_aws_sigv4_canonical_request (request, NULL, PD_AWS_SIGV4_FLAGS_NONE);
      if (strcmp (creq, their_creq) != 0)
        {
          report_mismatch (i, "the canonical request", json, creq, their_creq, creq, their_creq);
          break;
        }

      amz_date = pd_aws_sigv4_format_amz_date (c->now);
      scope = g_strdup_printf ("%.8s/%s/%s/aws4_request", amz_date, c->region, c->service);
      sts = pd_aws_sigv4_string_to_sign (creq, amz_date, scope);
      if (strcmp (sts, json_object_get_string_member (reply, "string_to_sign")) != 0)
        {
          report_mismatch (i, "the string to sign", json, sts,
                           json_object_get_string_member (reply, "string_to_sign"),
                           creq, their_creq);
          break;
        }

      if (g_strcmp0 (pd_aws_signing_request_get_header (request, "Authorization"),
                     their_authorization) != 0)
        {
          report_mismatch (i, "the Authorization header (signature)", json,
                           pd_aws_signing_request_get_header (request, "Authorization"),
                           their_authorization, creq, their_creq);
          break;
        }

      ours = our_header_lines (request);
      theirs = botocore_header_lines (final_headers);
      if (strcmp (ours, theirs) != 0)
        {
          report_mismatch (i, "the signed request's headers", json, ours, theirs, creq, their_creq);
          break;
        }

      /* What botocore sent passes our verification, as the sandbox does it. */
      received = pd_aws_signing_request_new (c->method, c->path, c->query);
      for (guint h = 0; h < json_array_get_length (final_headers); h++)
        {
          JsonArray *pair = json_array_get_array_element (final_headers, h);

          pd_aws_signing_request_add_header (received, json_array_get_string_element (pair, 0),
                                             json_array_get_string_element (pair, 1));
        }
      pd_aws_signing_request_set_body (received, g_bytes_get_data (c->body, NULL),
                                       g_bytes_get_size (c->body));
      pd_aws_sigv4_parse_authorization (their_authorization, &auth, &error);
      g_assert_no_error (error);
      pd_aws_sigv4_verify (received, &auth, c->secret_key, PD_AWS_SIGV4_FLAGS_NONE, &error);
      pd_aws_sigv4_authorization_clear (&auth);
      if (error != NULL)
        {
          report_mismatch (i, "verification of botocore's signature", json, error->message, "ok",
                           creq, their_creq);
          break;
        }

      /* The CRT signer (aws-c-auth), which botocore uses when awscrt is
       * installed, on the requests a real client sends: an encoded query, an
       * upper-case method (the CRT signs the method as given, botocore's
       * signer and Pipedeck upper-case it) and no stale signing headers. */
      if (crt && !c->query_as_params && !c->presets_signing_headers &&
          g_ascii_isupper (c->method[1]))
        {
          g_autoptr(JsonObject) crt_reply = NULL;

          json_object_set_boolean_member (json_node_get_object (json), "crt", TRUE);
          crt_reply = oracle_ask (&oracle, json);
          if (g_strcmp0 (pd_aws_signing_request_get_header (request, "Authorization"),
                         json_object_get_string_member (crt_reply, "authorization")) != 0)
            {
              report_mismatch (i, "the Authorization header of the CRT signer", json,
                               pd_aws_signing_request_get_header (request, "Authorization"),
                               json_object_get_string_member (crt_reply, "authorization"),
                               creq, "(not exposed by the CRT signer)");
              break;
            }
          with_crt++;
        }

      compared++;
      with_token += c->token != NULL;
      as_params += c->query_as_params;
    }

  oracle_stop (&oracle);

  g_test_message ("%u requests identical (%u with a session token, %u with raw queries; "
                  "%u also checked against the CRT signer) in %.1f s",
                  compared, with_token, as_params, with_crt,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  if (!g_test_failed ())
    g_assert_cmpuint (compared, ==, count);
  g_assert_cmpuint (count, >=, 500);
  /* The CRT comparison is real: some requests take it. */
  if (crt && !g_test_failed ())
    g_assert_cmpuint (with_crt, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* A driver that dies is reported as a write error, not a silent signal. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/pd/aws/sigv4/botocore/differential", test_differential);

  return g_test_run ();
}
