/* bench-sigv4.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Cost of SigV4 signing of a typical CodePipeline request, printed beside
 * (a) the bare cryptography of the same request (SHA-256 of its canonical
 * request and the final HMAC with the signing key at hand, through the same
 * OpenSSL calls the signer makes) and (b) botocore signing the same request.
 * Figures are thread CPU time, the best of several rounds, since the
 * machine is shared. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pd-aws-sigv4.h"
#include "pd-aws-sigv4-private.h"

#define REGION   "eu-west-1"
#define SERVICE  "codepipeline"
#define SECRET   "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define TOKEN    "FwoGZXIvYXdzEBYaDJ2example/session/token+value=="
#define BODY     "{\"name\":\"todo-list-aws\"}"

static int iterations = 5000;
static int rounds = 31;
static char *botocore_script = NULL;
static char *python = NULL;

static const GOptionEntry options[] = {
  { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations,
    "Calls of the slowest function per round", "N" },
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Rounds (the best is kept)", "N" },
  { "botocore", 'b', 0, G_OPTION_ARG_FILENAME, &botocore_script,
    "bench-sigv4-botocore.py, to time botocore too", "SCRIPT" },
  { "python", 'p', 0, G_OPTION_ARG_FILENAME, &python,
    "Python with botocore (default /usr/bin/python3)", "PATH" },
  { NULL }
};

static PdAwsSigningRequest *
build_request (void)
{
  PdAwsSigningRequest *request = pd_aws_signing_request_new ("POST", "/", "");

  pd_aws_signing_request_add_header (request, "Host", "codepipeline." REGION ".amazonaws.com");
  pd_aws_signing_request_add_header (request, "Content-Type", "application/x-amz-json-1.1");
  pd_aws_signing_request_add_header (request, "X-Amz-Target",
                                     "CodePipeline_20150709.GetPipelineState");
  pd_aws_signing_request_add_header (request, "User-Agent", "Pipedeck/" PACKAGE_VERSION);
  pd_aws_signing_request_set_body (request, (const guint8 *) BODY, strlen (BODY));

  return request;
}

typedef struct
{
  PdAwsSigningRequest *request;
  PdAwsCredentials    *credentials;
  GDateTime           *now;
  const char          *canonical;
  const char          *string_to_sign;
  guint8               key[PD_AWS_SHA256_LEN];
  guint                sink;
} Work;

static void
sign_only (Work *work)
{
  if (!pd_aws_sigv4_sign (work->request, work->credentials, REGION, SERVICE, work->now,
                          PD_AWS_SIGV4_FLAGS_NONE, NULL))
    g_error ("signing failed");
}

static void
build_and_sign (Work *work)
{
  g_autoptr(PdAwsSigningRequest) request = build_request ();

  if (!pd_aws_sigv4_sign (request, work->credentials, REGION, SERVICE, work->now,
                          PD_AWS_SIGV4_FLAGS_NONE, NULL))
    g_error ("signing failed");
  work->sink += pd_aws_signing_request_get_n_headers (request);
}

static void
bare_crypto (Work *work)
{
  guint8 digest[PD_AWS_SHA256_LEN];
  guint8 mac[PD_AWS_SHA256_LEN];

  pd_aws_sha256 (work->canonical, strlen (work->canonical), digest);
  pd_aws_hmac_sha256 (work->key, sizeof work->key, work->string_to_sign,
                      strlen (work->string_to_sign), mac);
  work->sink += digest[0] + mac[0];
}

/* CPU time of this thread, in microseconds: other processes of a shared
 * machine then only cost cache misses, not whole time slices. */
static double
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static double
time_round (void (*fn) (Work *),
            Work   *work,
            int     n)
{
  double start = thread_cpu_us ();

  for (int i = 0; i < n; i++)
    fn (work);

  return (thread_cpu_us () - start) / n;
}

/* Best microseconds per call of each function. Each function gets as many
 * calls per round as make a round last about as long as the others' (a
 * short round finds a quiet moment of a busy machine more easily than a
 * long one), and the rounds of the functions alternate, so that load hits
 * them alike and the ratios stay meaningful. */
static void
measure (void    (**fns) (Work *),
         double   *best,
         guint     n_fns,
         Work     *work)
{
  int n[8];
  double slowest = 0;

  g_assert (n_fns <= G_N_ELEMENTS (n));
  for (guint f = 0; f < n_fns; f++)
    {
      best[f] = time_round (fns[f], work, MAX (iterations / 10, 10));
      slowest = MAX (slowest, best[f]);
    }
  for (guint f = 0; f < n_fns; f++)
    n[f] = MAX ((int) (iterations * slowest / best[f]), 10);

  for (guint f = 0; f < n_fns; f++)
    best[f] = G_MAXDOUBLE;
  for (int r = 0; r < rounds; r++)
    for (guint f = 0; f < n_fns; f++)
      best[f] = MIN (best[f], time_round (fns[f], work, n[f]));
}

static gboolean
measure_botocore (double  *sign_us,
                  double  *build_sign_us,
                  char   **version)
{
  g_autofree char *iterations_arg = g_strdup_printf ("%d", MAX (iterations / 2, 1000));
  g_autofree char *rounds_arg = g_strdup_printf ("%d", rounds);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;
  const char *argv[] = {
    python != NULL ? python : "/usr/bin/python3", botocore_script, iterations_arg, rounds_arg, NULL
  };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("botocore timing failed: %s\n", error->message);
      return FALSE;
    }

  fields = g_strsplit (g_strstrip (out), " ", -1);
  if (g_strv_length (fields) != 3)
    {
      g_printerr ("botocore timing printed “%s”\n", out);
      return FALSE;
    }
  *sign_us = g_ascii_strtod (fields[0], NULL);
  *build_sign_us = g_ascii_strtod (fields[1], NULL);
  *version = g_strdup (fields[2]);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time SigV4 signing");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsSigningRequest) request = build_request ();
  g_autoptr(PdAwsCredentials) credentials = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 26, 12, 0, 0);
  g_autofree char *canonical = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *version = NULL;
  void (*fns[]) (Work *) = { sign_only, build_and_sign, bare_crypto };
  double best[G_N_ELEMENTS (fns)];
  double sign_us, build_sign_us, crypto_us;
  double boto_sign_us = 0, boto_build_sign_us = 0;
  gboolean have_botocore = FALSE;
  Work work = { 0 };

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  iterations = MAX (iterations, 100);
  rounds = MAX (rounds, 1);

  credentials = pd_aws_credentials_new ("AKIDEXAMPLE", SECRET, TOKEN, NULL, "bench");
  if (!pd_aws_sigv4_sign (request, credentials, REGION, SERVICE, now, 0, &error))
    g_error ("%s", error->message);
  canonical = pd_aws_sigv4_canonical_request (request, NULL, 0);
  amz_date = pd_aws_sigv4_format_amz_date (now);
  scope = g_strdup_printf ("%.8s/" REGION "/" SERVICE "/aws4_request", amz_date);
  string_to_sign = pd_aws_sigv4_string_to_sign (canonical, amz_date, scope);

  work.request = request;
  work.credentials = credentials;
  work.now = now;
  work.canonical = canonical;
  work.string_to_sign = string_to_sign;
  pd_aws_sigv4_derive_signing_key (SECRET, "20261126", REGION, SERVICE, work.key, NULL);

  measure (fns, best, G_N_ELEMENTS (fns), &work);
  sign_us = best[0];
  build_sign_us = best[1];
  crypto_us = best[2];
  if (botocore_script != NULL)
    have_botocore = measure_botocore (&boto_sign_us, &boto_build_sign_us, &version);

  g_print ("SigV4 signing of a typical CodePipeline request\n"
           "(POST / GetPipelineState, JSON body, host, content-type, session token; "
           "canonical request %zu bytes; thread CPU time, best of %d rounds)\n",
           strlen (canonical), rounds);
  g_print ("  %-44s %9.3f us/request\n", "Pipedeck: sign", sign_us);
  g_print ("  %-44s %9.3f us/request\n", "Pipedeck: build the request and sign", build_sign_us);
  g_print ("  %-44s %9.3f us/request\n", "(a) bare crypto: SHA-256(creq) + HMAC(key)", crypto_us);
  if (have_botocore)
    {
      g_print ("  %-44s %9.3f us/request\n", "(b) botocore SigV4Auth.add_auth", boto_sign_us);
      g_print ("  %-44s %9.3f us/request\n", "(b) botocore: build the request and sign",
               boto_build_sign_us);
    }
  g_print ("  ratio sign / (a):    %6.2fx (target <= 1.5x)\n", sign_us / crypto_us);
  if (have_botocore)
    g_print ("  ratio sign / (b):    %6.3fx (botocore %s takes %.0fx as long)\n",
             sign_us / boto_sign_us, version, boto_sign_us / sign_us);
  else
    g_print ("  ratio sign / (b):    not measured (pass --botocore SCRIPT)\n");

  return work.sink == 0xdeadbeef ? EXIT_FAILURE : EXIT_SUCCESS;
}
