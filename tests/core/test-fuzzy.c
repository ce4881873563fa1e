/* test-fuzzy.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-fuzzy.h"

/* The names the sandbox seeds, as the palette would rank them. */
static const char * const seeded[] = {
  "todo-list-authorizer", "todo-list-frontend", "todo-list-notifications",
  "todo-list-reports", "todo-list-search", "todo-list-migrations", "todo-list-metrics",
  "todo-list-docs", "todo-list-mobile-api", "todo-list-backup", "todo-list-e2e",
  "todo-list-infra", "todo-list-aws", NULL,
};

static int
score_of (const char *query,
          const char *candidate)
{
  g_autoptr(PdFuzzy) fuzzy = pd_fuzzy_new (query);
  int score = G_MININT;

  g_assert_true (pd_fuzzy_match (fuzzy, candidate, &score, NULL));
  return score;
}

static char *
positions_of (const char *query,
              const char *candidate)
{
  g_autoptr(PdFuzzy) fuzzy = pd_fuzzy_new (query);
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  GString *text = g_string_new (NULL);

  if (!pd_fuzzy_match (fuzzy, candidate, NULL, positions))
    {
      g_string_free (text, TRUE);
      return g_strdup ("no match");
    }
  for (guint i = 0; i < positions->len; i++)
    g_string_append_printf (text, "%s%u", i > 0 ? "," : "", g_array_index (positions, guint, i));
  return g_string_free (text, FALSE);
}

static char *
ranked (const char         *query,
        const char * const *candidates)
{
  g_autoptr(GPtrArray) result = pd_fuzzy_filter (query, candidates);

  g_ptr_array_add (result, NULL);
  return g_strjoinv (" ", (char **) result->pdata);
}

static void
test_rank_kinds (void)
{
  const char * const candidates[] = {
    "bxuxixlxd", "rebuild", "nightly-build", "build-tools", "build", NULL,
  };
  g_autofree char *order = ranked ("build", candidates);

  /* exact > prefix > word start > inside a word > scattered */
  g_assert_cmpstr (order, ==, "build build-tools nightly-build rebuild bxuxixlxd");
  g_assert_cmpint (score_of ("build", "build"), >, score_of ("build", "build-tools"));
  g_assert_cmpint (score_of ("build", "build-tools"), >, score_of ("build", "nightly-build"));
  g_assert_cmpint (score_of ("build", "nightly-build"), >, score_of ("build", "bxuxixlxd"));
  /* Case does not make a match less exact. */
  g_assert_cmpint (score_of ("build", "Build"), ==, score_of ("build", "build"));
  g_assert_cmpint (score_of ("BUILD", "build"), ==, score_of ("build", "build"));
}

static void
test_rank_word_starts (void)
{
  g_autoptr(GPtrArray) result = pd_fuzzy_filter ("tla", seeded);

  g_assert_cmpuint (result->len, >, 1);
  g_assert_cmpstr (g_ptr_array_index (result, 0), ==, "todo-list-aws");
  /* The same three word starts, but longer: next. */
  g_assert_cmpstr (g_ptr_array_index (result, 1), ==, "todo-list-authorizer");

  /* camelCase humps count as word starts. */
  {
    const char * const actions[] = { "Quality", "UnitTests", "IntegrationTests", NULL };
    g_autofree char *order = ranked ("ut", actions);

    g_assert_cmpstr (order, ==, "UnitTests Quality");
  }
  {
    const char * const actions[] = {
      "DeployStaging", "Deploy", "DeployProduction", "deployproduction-old", NULL,
    };
    g_autofree char *order = ranked ("dp", actions);

    /* The hump beats the "p" of "Deploy"; the rest tie, shorter first. */
    g_assert_cmpstr (order, ==, "DeployProduction Deploy DeployStaging deployproduction-old");
  }
  /* Runs beat scattered letters. */
  g_assert_cmpint (score_of ("list", "todo-list-aws"), >,
                   score_of ("list", "todo-lambda-is-slow-t"));
  /* White space in the query is ignored. */
  g_assert_cmpint (score_of ("todo list", "todo-list-aws"), ==,
                   score_of ("todolist", "todo-list-aws"));
}

static void
test_positions (void)
{
  struct { const char *query, *candidate, *positions; } cases[] = {
    { "tla", "todo-list-aws", "0,5,10" },
    { "todo", "todo-list-aws", "0,1,2,3" },
    { "aws", "todo-list-aws", "10,11,12" },
    { "ut", "UnitTests", "0,4" },
    { "dp", "DeployProduction", "0,6" },
    { "list", "todo-list-aws", "5,6,7,8" },
    /* The leftmost of equal ends. */
    { "a", "banana", "1" },
    { "xyz", "todo-list-aws", "no match" },
    { "todo-list-aws-x", "todo-list-aws", "no match" },
    { "", "todo-list-aws", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *positions = positions_of (cases[i].query, cases[i].candidate);

      g_assert_cmpstr (positions, ==, cases[i].positions);
    }
}

static void
test_utf8 (void)
{
  g_autoptr(PdFuzzy) fuzzy = NULL;
  g_autofree char *p = NULL;

  /* Positions count characters, not bytes. */
  g_clear_pointer (&p, g_free);
  p = positions_of ("ça", "über-ça");
  g_assert_cmpstr (p, ==, "5,6");

  /* Non-ASCII case folding. */
  g_clear_pointer (&p, g_free);
  p = positions_of ("école", "ÉCOLE-Normale");
  g_assert_cmpstr (p, ==, "0,1,2,3,4");
  g_assert_cmpint (score_of ("ΣΊΣΥΦΟΣ", "σίσυφος"), ==,
                   score_of ("σίσυφος", "σίσυφος"));

  /* Full folding: "ß" is "ss", and both halves are one character. */
  g_clear_pointer (&p, g_free);
  p = positions_of ("STRASSE", "Straße");
  g_assert_cmpstr (p, ==, "0,1,2,3,4,5");
  g_clear_pointer (&p, g_free);
  p = positions_of ("straße", "STRASSE");
  g_assert_cmpstr (p, ==, "0,1,2,3,4,5,6");

  /* Invalid bytes are one replacement character each, never a crash. */
  g_clear_pointer (&p, g_free);
  p = positions_of ("abc", "\xff\xfe" "abc");
  g_assert_cmpstr (p, ==, "2,3,4");
  fuzzy = pd_fuzzy_new ("\xc3(x");
  g_assert_cmpstr (pd_fuzzy_get_query (fuzzy), ==, "\xef\xbf\xbd(x");
  g_assert_true (pd_fuzzy_match (fuzzy, "\xc3(x", NULL, NULL));
  g_assert_false (pd_fuzzy_match (fuzzy, "(x", NULL, NULL));
}

static void
test_empty_query (void)
{
  const char * const candidates[] = { "b", "a", "c", NULL };
  g_autofree char *order = NULL;
  const char *queries[] = { "", "   ", "\t\n", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(PdFuzzy) fuzzy = pd_fuzzy_new (queries[i]);
      g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
      int score = -1;

      g_assert_true (pd_fuzzy_is_empty (fuzzy));
      g_array_set_size (positions, 3);
      g_assert_true (pd_fuzzy_match (fuzzy, "todo-list-aws", &score, positions));
      g_assert_cmpint (score, ==, 0);
      g_assert_cmpuint (positions->len, ==, 0);
      g_assert_true (pd_fuzzy_match (fuzzy, "", &score, NULL));
      g_assert_true (pd_fuzzy_match (fuzzy, NULL, &score, NULL));
    }
  /* Everything, shorter first then alphabetically, as for any tie. */
  order = ranked ("", candidates);
  g_assert_cmpstr (order, ==, "a b c");
}

static void
test_no_match (void)
{
  g_autoptr(PdFuzzy) fuzzy = pd_fuzzy_new ("zz");
  const char * const candidates[] = { "todo-list-aws", "z", "", NULL };
  g_autoptr(GPtrArray) none = pd_fuzzy_filter ("zz", candidates);
  int score = 42;

  g_assert_false (pd_fuzzy_match (fuzzy, "todo-list-aws", &score, NULL));
  g_assert_cmpint (score, ==, 42);
  g_assert_false (pd_fuzzy_match (fuzzy, "z", NULL, NULL));
  g_assert_false (pd_fuzzy_match (fuzzy, "", NULL, NULL));
  g_assert_false (pd_fuzzy_match (fuzzy, NULL, NULL, NULL));
  g_assert_true (pd_fuzzy_match (fuzzy, "zaz", NULL, NULL));
  g_assert_cmpuint (none->len, ==, 0);
  /* Order matters: a subsequence, not a set of letters. */
  g_assert_false (pd_fuzzy_match (fuzzy, "z", NULL, NULL));
  {
    g_autoptr(PdFuzzy) reversed = pd_fuzzy_new ("swa");

    g_assert_false (pd_fuzzy_match (reversed, "todo-list-aws", NULL, NULL));
  }
}

static void
test_ties (void)
{
  const char * const forward[] = { "abc-y", "abc-long", "abcd", "abc-x", "Abc-x", NULL };
  const char * const backward[] = { "Abc-x", "abc-x", "abcd", "abc-long", "abc-y", NULL };
  const char * const same[] = { "build", "build", NULL };
  g_autofree char *a = ranked ("abc", forward);
  g_autofree char *b = ranked ("abc", backward);
  g_autoptr(GPtrArray) twins = pd_fuzzy_filter ("build", same);

  /* Shorter first, then alphabetically ignoring case, then by bytes:
   * whatever the order given. */
  g_assert_cmpstr (a, ==, "abcd Abc-x abc-x abc-y abc-long");
  g_assert_cmpstr (b, ==, a);
  /* Equal texts keep the order given. */
  g_assert_true (g_ptr_array_index (twins, 0) == same[0]);
  g_assert_true (g_ptr_array_index (twins, 1) == same[1]);
}

static void
test_refines (void)
{
  g_autoptr(PdFuzzy) tod = pd_fuzzy_new ("tod");
  g_autoptr(PdFuzzy) todo = pd_fuzzy_new ("todo");
  g_autoptr(PdFuzzy) spaced = pd_fuzzy_new ("to do");
  g_autoptr(PdFuzzy) tdo = pd_fuzzy_new ("tdo");
  g_autoptr(PdFuzzy) empty = pd_fuzzy_new (NULL);

  g_assert_true (pd_fuzzy_refines (todo, tod));
  g_assert_true (pd_fuzzy_refines (todo, tdo));   /* a letter added inside */
  g_assert_true (pd_fuzzy_refines (spaced, todo));
  g_assert_true (pd_fuzzy_refines (todo, empty));
  g_assert_false (pd_fuzzy_refines (tod, todo));
  g_assert_false (pd_fuzzy_refines (tdo, tod));
  g_assert_false (pd_fuzzy_refines (todo, NULL));
}

static void
test_long_input (void)
{
  g_autoptr(GString) candidate = g_string_new (NULL);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(PdFuzzy) fuzzy = NULL;
  g_autoptr(PdFuzzy) short_query = pd_fuzzy_new ("ab");
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *first = NULL;
  int score;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (candidate, "ab-"[i % 3]);
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (query, "ab"[i % 2]);

  /* A pasted page of a query against a huge candidate: bounded work. */
  fuzzy = pd_fuzzy_new (query->str);
  g_assert_true (pd_fuzzy_match (fuzzy, candidate->str, &score, positions));
  g_assert_cmpuint (positions->len, ==, 256);
  g_assert_true (pd_fuzzy_match (short_query, candidate->str, &score, positions));
  first = positions_of ("ab", candidate->str);
  g_assert_cmpstr (first, ==, "0,1");
}

static void
test_key (void)
{
  g_autoptr(PdFuzzyKey) key = pd_fuzzy_key_new ("Straße");
  g_autoptr(PdFuzzyKey) none = pd_fuzzy_key_new (NULL);
  g_autoptr(PdFuzzyKey) upper = pd_fuzzy_key_new ("STRASSE");

  g_assert_cmpstr (pd_fuzzy_key_get_text (key), ==, "Straße");
  g_assert_cmpuint (pd_fuzzy_key_get_length (key), ==, 6);
  g_assert_cmpstr (pd_fuzzy_key_get_text (none), ==, "");
  g_assert_cmpuint (pd_fuzzy_key_get_length (none), ==, 0);
  g_assert_cmpint (pd_fuzzy_key_compare (key, key), ==, 0);
  /* Shorter first. */
  g_assert_cmpint (pd_fuzzy_key_compare (key, upper), <, 0);
  g_assert_cmpint (pd_fuzzy_key_compare (none, key), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/core/fuzzy/rank/kinds", test_rank_kinds);
  g_test_add_func ("/pd/core/fuzzy/rank/word-starts", test_rank_word_starts);
  g_test_add_func ("/pd/core/fuzzy/positions", test_positions);
  g_test_add_func ("/pd/core/fuzzy/utf8", test_utf8);
  g_test_add_func ("/pd/core/fuzzy/empty-query", test_empty_query);
  g_test_add_func ("/pd/core/fuzzy/no-match", test_no_match);
  g_test_add_func ("/pd/core/fuzzy/ties", test_ties);
  g_test_add_func ("/pd/core/fuzzy/refines", test_refines);
  g_test_add_func ("/pd/core/fuzzy/long-input", test_long_input);
  g_test_add_func ("/pd/core/fuzzy/key", test_key);

  return g_test_run ();
}
