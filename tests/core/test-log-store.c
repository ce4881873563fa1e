/* test-log-store.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-log-store.h"
#include "pd-test-utils.h"

typedef struct
{
  gboolean      done;
  guint         added;
  PdLogMatches *matches;
  GError       *error;
} Wait;

static void
on_added_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->added = pd_log_store_add_page_finish (PD_LOG_STORE (object), result, &wait->error);
  wait->done = TRUE;
}

static guint
add_page (PdLogStore   *store,
          PdAwsLogPage *page,
          gboolean      prepend)
{
  Wait wait = { 0, };

  pd_log_store_add_page_async (store, page, prepend, NULL, on_added_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 10000);
  g_assert_no_error (wait.error);
  return wait.added;
}

static guint
add_messages (PdLogStore         *store,
              const char * const *messages,
              gint64              first_time,
              gboolean            prepend)
{
  g_autoptr(PdAwsLogPage) page = pd_aws_log_page_new ();

  for (guint i = 0; messages[i] != NULL; i++)
    pd_aws_log_page_add_event (page, first_time + i, first_time + i + 250, messages[i],
                               strlen (messages[i]));
  return add_page (store, page, prepend);
}

static void
on_found_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->matches = pd_log_store_find_finish (PD_LOG_STORE (object), result, &wait->error);
  wait->done = TRUE;
}

static PdLogMatches *
find (PdLogStore     *store,
      const char     *query,
      PdLogFindFlags  flags,
      GError        **error)
{
  Wait wait = { 0, };

  pd_log_store_find_async (store, query, flags, NULL, on_found_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 20000);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.matches;
}

static char *
line_text (PdLogStore *store,
           guint       index)
{
  g_autoptr(PdLogLine) line = g_list_model_get_item (G_LIST_MODEL (store), index);

  g_assert_nonnull (line);
  return g_strdup (pd_log_line_get_text (line));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_new_destroy (void)
{
  PdLogStore *store = pd_log_store_new ();
  const char *messages[] = { "one", "two", NULL };

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == PD_TYPE_LOG_LINE);
  g_assert_cmpuint (add_messages (store, messages, 1000, FALSE), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 2));
  /* The worker thread drops its task (and so the store) a moment after the
   * result arrives. */
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (store);
  pd_test_wait_until (is_null, &store, 5000);
  g_assert_null (store);
}

static void
test_ansi (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autoptr(PdLogLine) line = NULL;
  g_autoptr(PdLogLine) plain = NULL;
  const char *messages[] = {
    "\033[1;31mERROR\033[0m plain \033[38;5;202mnum\033[38;2;1;2;3mrgb\033[0m",
    "\033[2K\033]0;title\007clean",
    "no escapes at all",
    NULL
  };
  const PdLogAttr *attrs;
  guint n = 0;

  add_messages (store, messages, 1000, FALSE);
  line = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (pd_log_line_get_text (line), ==, "ERROR plain numrgb");
  attrs = pd_log_line_get_attrs (line, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (attrs[0].start, ==, 0);
  g_assert_cmpuint (attrs[0].end, ==, 5);
  g_assert_cmpuint (attrs[0].fg, ==, 1 + 1);
  g_assert_cmpuint (attrs[0].flags, ==, PD_LOG_ATTR_BOLD);
  g_assert_cmpuint (attrs[1].start, ==, 12);
  g_assert_cmpuint (attrs[1].end, ==, 15);
  g_assert_cmpuint (attrs[1].fg, ==, 202 + 1);
  g_assert_cmpuint (attrs[2].fg, ==, PD_LOG_COLOR_RGB | 0x010203);
  g_assert_cmpint (pd_log_line_get_timestamp (line), ==, 1000);

  g_clear_object (&line);
  line = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_assert_cmpstr (pd_log_line_get_text (line), ==, "clean");
  plain = g_list_model_get_item (G_LIST_MODEL (store), 2);
  pd_log_line_get_attrs (plain, &n);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_bad_bytes (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autoptr(PdAwsLogPage) page = pd_aws_log_page_new ();
  g_autoptr(PdLogLine) line = NULL;
  static const char invalid[] = "ab\xff\xfe" "cd\xe2\x82";
  static const char with_nul[] = "a\0b\x07" "c\x7f" "\033";
  const PdLogAttr *attrs;
  g_autofree char *text = NULL;
  guint n = 0;

  pd_aws_log_page_add_event (page, 1, 2, invalid, sizeof invalid - 1);
  pd_aws_log_page_add_event (page, 2, 3, with_nul, sizeof with_nul - 1);
  pd_aws_log_page_add_event (page, 3, 4, "tab\there\r\n", 10);
  g_assert_cmpuint (add_page (store, page, FALSE), ==, 3);

  text = line_text (store, 0);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpstr (text, ==, "ab\xef\xbf\xbd\xef\xbf\xbd" "cd\xef\xbf\xbd\xef\xbf\xbd");
  g_clear_pointer (&text, g_free);

  line = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_assert_cmpstr (pd_log_line_get_text (line), ==, "a␀b␇c␡␛");
  attrs = pd_log_line_get_attrs (line, &n);
  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (attrs[i].flags, ==, PD_LOG_ATTR_CONTROL);

  text = line_text (store, 2);
  g_assert_cmpstr (text, ==, "tab\there");
}

static void
test_long_line (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autoptr(PdAwsLogPage) page = pd_aws_log_page_new ();
  g_autoptr(PdLogLine) line = NULL;
  g_autofree char *huge = g_malloc (1024 * 1024);
  g_autofree char *full = NULL;
  gsize length = 0;

  /* 1 MiB of two-byte characters with an escape code in the middle. */
  for (gsize i = 0; i < 1024 * 1024; i += 2)
    memcpy (huge + i, "é", 2);
  memcpy (huge + 4000, "\033[1m", 4);
  pd_aws_log_page_add_event (page, 1, 2, huge, 1024 * 1024);
  pd_aws_log_page_add_event (page, 2, 3, "after", 5);
  g_assert_cmpuint (add_page (store, page, FALSE), ==, 2);

  line = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_true (pd_log_line_get_cut (line));
  g_assert_cmpuint (strlen (pd_log_line_get_text (line)), <=, PD_LOG_STORE_DISPLAY_MAX);
  g_assert_cmpuint (strlen (pd_log_line_get_text (line)), >, PD_LOG_STORE_DISPLAY_MAX - 4);
  g_assert_true (g_utf8_validate (pd_log_line_get_text (line), -1, NULL));

  full = pd_log_store_dup_line_text (store, 0, &length);
  g_assert_cmpuint (length, ==, 1024 * 1024 - 4);
  g_assert_true (g_utf8_validate (full, length, NULL));
  g_clear_pointer (&full, g_free);
  full = line_text (store, 1);
  g_assert_cmpstr (full, ==, "after");
}

static void
test_lines_and_order (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  const char *tail[] = { "three", "four\n", NULL };
  const char *head[] = { "one\ntwo", NULL };
  const char *more[] = { "five", NULL };
  g_autofree char *text = NULL;
  guint line = 0;
  gint64 id;

  add_messages (store, tail, 3000, FALSE);
  id = pd_log_store_get_line_id (store, 0);
  add_messages (store, head, 1000, TRUE);
  add_messages (store, more, 5000, FALSE);
  g_assert_cmpuint (pd_log_store_get_n_lines (store), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      static const char * const expected[] = { "one", "two", "three", "four", "five" };

      g_free (text);
      text = line_text (store, i);
      g_assert_cmpstr (text, ==, expected[i]);
    }
  /* IDs stay with their lines when lines are added before them. */
  g_assert_true (pd_log_store_get_line_for_id (store, id, &line));
  g_assert_cmpuint (line, ==, 2);
  g_assert_false (pd_log_store_get_line_for_id (store, id + 100, &line));
  g_assert_cmpint (pd_log_store_get_line_timestamp (store, 0), ==, 1000);
}

static void
test_dedup (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autoptr(PdAwsLogPage) page = pd_aws_log_page_new ();
  g_autoptr(PdAwsLogPage) overlap = pd_aws_log_page_new ();

  pd_aws_log_page_add_event (page, 10, 20, "same", 4);
  pd_aws_log_page_add_event (page, 11, 21, "next", 4);
  g_assert_cmpuint (add_page (store, page, FALSE), ==, 2);
  /* The same page again adds nothing; an overlapping one only the new. */
  g_assert_cmpuint (add_page (store, page, FALSE), ==, 0);
  pd_aws_log_page_add_event (overlap, 11, 21, "next", 4);
  pd_aws_log_page_add_event (overlap, 11, 22, "next", 4);
  pd_aws_log_page_add_event (overlap, 12, 22, "new", 3);
  g_assert_cmpuint (add_page (store, overlap, FALSE), ==, 2);
  g_assert_cmpuint (pd_log_store_get_n_lines (store), ==, 4);

  pd_log_store_clear (store);
  g_assert_cmpuint (pd_log_store_get_n_lines (store), ==, 0);
  g_assert_cmpuint (add_page (store, page, FALSE), ==, 2);
}

/* Lines that look like a build log, with colours, mixed case and UTF-8. */
static char *
make_line (guint i)
{
  switch (i % 7)
    {
    case 0:
      return g_strdup_printf ("\033[33mWARNING\033[0m slow example %u", i);
    case 1:
      return g_strdup_printf ("test/unit/test_list.py::test_paging[%u] \033[32mPASSED\033[0m", i);
    case 2:
      return g_strdup_printf ("Error: step %u failed — réessayer", i);
    case 3:
      return g_strdup_printf ("[Container] 2026/11/26 12:00:%02u Running command make", i % 60);
    case 4:
      return g_strdup_printf ("error in module m%u: warning ignored", i * 31 % 1000);
    case 5:
      return g_strdup_printf ("todo={'id': '%u', 'checked': %s}", i * 7919 % 100003,
                              i % 2 ? "True" : "False");
    default:
      return g_strdup ("");
    }
}

static guint
grep_count (const char *path,
            const char *options,
            const char *pattern)
{
  const char *argv[] = { "grep", "-c", options, "--", pattern, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  return (guint) g_ascii_strtoull (out, NULL, 10);
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
test_find_matches_grep (void)
{
  static const struct
  {
    const char     *query;
    PdLogFindFlags  flags;
    const char     *grep_options;
  } cases[] = {
    { "warning", PD_LOG_FIND_NONE, "-iF" },
    { "WARNING", PD_LOG_FIND_CASE_SENSITIVE, "-F" },
    { "error", PD_LOG_FIND_CASE_SENSITIVE, "-F" },
    { "Error", PD_LOG_FIND_NONE, "-iF" },
    { "RÉESSAYER", PD_LOG_FIND_NONE, "-iF" },
    { "test_paging\\[[0-9]*3\\]", PD_LOG_FIND_REGEX | PD_LOG_FIND_CASE_SENSITIVE, "-P" },
    { "^warning.*[05]$", PD_LOG_FIND_REGEX, "-iP" },
    { "^$", PD_LOG_FIND_REGEX | PD_LOG_FIND_CASE_SENSITIVE, "-P" },
    { "checked': (True|False)\\}", PD_LOG_FIND_REGEX | PD_LOG_FIND_CASE_SENSITIVE, "-P" },
    { "make\\s+error", PD_LOG_FIND_REGEX, "-iP" },
    { "[^a-z]", PD_LOG_FIND_REGEX | PD_LOG_FIND_CASE_SENSITIVE, "-P" },
  };
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autofree char *dir = g_dir_make_tmp ("pd-log-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Wait wait = { 0, };
  guint i = 0;

  /* Enough pages for find to split them between two threads. */
  for (guint p = 0; p < 20; p++)
    {
      g_autoptr(PdAwsLogPage) page = pd_aws_log_page_new ();

      for (guint k = 0; k < 1000; k++, i++)
        {
          g_autofree char *text = make_line (i);

          pd_aws_log_page_add_event (page, i, i + 250, text, strlen (text));
        }
      add_page (store, page, FALSE);
    }
  g_assert_cmpuint (pd_log_store_get_n_lines (store), ==, 20000);

  pd_log_store_save_async (store, file, NULL, on_saved_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 10000);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (grep_count (path, "-F", ""), ==, 20000);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(PdLogMatches) matches = NULL;
      g_autoptr(GError) error = NULL;
      guint expected = grep_count (path, cases[c].grep_options, cases[c].query);

      matches = find (store, cases[c].query, cases[c].flags, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %u lines (grep %u), %u matches", cases[c].query,
                      pd_log_matches_get_n_lines (matches), expected,
                      pd_log_matches_get_n_matches (matches));
      /* Every query finds something, except the one that would need to
       * cross a line end ("make" then "error" on the next line). */
      if (strstr (cases[c].query, "\\s+") == NULL)
        g_assert_cmpuint (expected, >, 0);
      g_assert_cmpuint (pd_log_matches_get_n_lines (matches), ==, expected);
      g_assert_cmpuint (pd_log_matches_get_n_matches (matches), >=, expected);
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* Pieces for random lines: letters of both cases, the ASCII neighbours of
 * letters ('@', '[', '`', '{'), which a careless case fold confuses with
 * them, digits, and UTF-8 whose bytes are all high. */
static const char * const pieces[] = {
  "a", "B", "c", "Z", "z", "@", "[", "`", "{", "^", "~", "0", "9", " ", "-", "_",
  "é", "ü", "—", "日本", "\xc3\x80",
};

static const char * const needles[] = {
  "a", "@", "`", "z{", "Ab[", "abc", "needle", "-0123456789abcdef",
  "Needle-Longer-Than-16-Bytes", "ZzZzZzZzZzZzZzZzZzZzZzZzZzZzZzZzZ",
};

static char *
random_case (GRand      *rand,
             const char *text)
{
  char *copy = g_strdup (text);

  for (char *p = copy; *p != '\0'; p++)
    if (g_rand_boolean (rand))
      *p = g_ascii_toupper (*p);
  return copy;
}

/* A line of random pieces, often with a needle at its start, its end or in
 * between, so that matches fall on every offset of a 16-byte round. */
static char *
make_edge_line (GRand *rand)
{
  GString *line = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 40);
  guint where = g_rand_int_range (rand, 0, 4);
  guint pick = g_rand_int_range (rand, 0, G_N_ELEMENTS (needles));
  g_autofree char *needle = random_case (rand, needles[pick]);
  guint at = where == 0 ? 0 : where == 1 ? n : (guint) g_rand_int_range (rand, 0, (gint32) n + 1);

  for (guint k = 0; k <= n; k++)
    {
      /* Whole pieces only, so that the line stays valid UTF-8. */
      if (k == at && where != 3)
        g_string_append (line, needle);
      if (k < n)
        g_string_append (line, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
    }
  return g_string_free (line, FALSE);
}

static guint
count_caseless (const char *text,
                const char *needle,
                GArray     *starts)
{
  gsize len = strlen (text);
  gsize needle_len = strlen (needle);
  gsize pos = 0;
  guint n = 0;

  while (pos + needle_len <= len)
    {
      if (g_ascii_strncasecmp (text + pos, needle, needle_len) == 0)
        {
          guint32 start = (guint32) pos;

          g_array_append_val (starts, start);
          n++;
          pos += needle_len;
        }
      else
        pos++;
    }
  return n;
}

static void
test_find_caseless_edges (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  g_autofree char *dir = g_dir_make_tmp ("pd-log-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Wait wait = { 0, };
  guint n_lines = 0;
  gint64 t = 0;

  /* Pages (so blocks) of 1 to 300 lines: block edges fall on matches too. */
  for (guint p = 0; p < 24; p++)
    {
      g_autoptr(PdAwsLogPage) page = pd_aws_log_page_new ();
      guint size = p % 3 == 0 ? 1 : (guint) g_rand_int_range (rand, 2, 300);

      for (guint k = 0; k < size; k++, t++)
        {
          g_autofree char *text = make_edge_line (rand);

          pd_aws_log_page_add_event (page, t, t + 250, text, strlen (text));
        }
      n_lines += add_page (store, page, FALSE);
    }
  g_assert_cmpuint (pd_log_store_get_n_lines (store), ==, n_lines);
  pd_log_store_save_async (store, file, NULL, on_saved_cb, &wait);
  pd_test_wait_for_flag (&wait.done, 10000);
  g_assert_no_error (wait.error);

  for (guint c = 0; c < G_N_ELEMENTS (needles); c++)
    {
      g_autoptr(PdLogMatches) matches = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *query = random_case (rand, needles[c]);
      guint expected_lines = 0;
      guint m = 0;

      matches = find (store, query, PD_LOG_FIND_NONE, &error);
      g_assert_no_error (error);

      /* Every match, in order, against a plain scan of every line. */
      for (guint i = 0; i < n_lines; i++)
        {
          g_autofree char *text = line_text (store, i);
          g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint32));

          if (count_caseless (text, query, starts) > 0)
            expected_lines++;
          for (guint s = 0; s < starts->len; s++, m++)
            {
              const PdLogMatch *match = pd_log_matches_get (matches, m);
              guint line = G_MAXUINT;

              g_assert_nonnull (match);
              g_assert_true (pd_log_store_get_line_for_id (store, match->line_id, &line));
              g_assert_cmpuint (line, ==, i);
              g_assert_cmpuint (match->start, ==, g_array_index (starts, guint32, s));
              g_assert_cmpuint (match->length, ==, strlen (query));
            }
        }
      g_test_message ("%s: %u lines, %u matches", query, expected_lines, m);
      g_assert_cmpuint (expected_lines, >, 0);
      g_assert_cmpuint (pd_log_matches_get_n_matches (matches), ==, m);
      g_assert_cmpuint (pd_log_matches_get_n_lines (matches), ==, expected_lines);
      g_assert_cmpuint (grep_count (path, "-iF", query), ==, expected_lines);
    }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_find_details (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autoptr(PdLogMatches) matches = NULL;
  g_autoptr(GError) error = NULL;
  const char *messages[] = { "abc abc", "none", "\033[1mabc\033[0m", "xyz", NULL };
  const PdLogMatch *match;
  guint line = 0;

  add_messages (store, messages, 1, FALSE);
  matches = find (store, "abc", PD_LOG_FIND_CASE_SENSITIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_log_matches_get_n_matches (matches), ==, 3);
  g_assert_cmpuint (pd_log_matches_get_n_lines (matches), ==, 2);
  match = pd_log_matches_get (matches, 1);
  g_assert_cmpuint (match->start, ==, 4);
  g_assert_cmpuint (match->length, ==, 3);
  match = pd_log_matches_get (matches, 2);
  g_assert_true (pd_log_store_get_line_for_id (store, match->line_id, &line));
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (match->start, ==, 0);

  /* Next and previous wrap around. */
  g_assert_cmpuint (pd_log_matches_find_near (matches, pd_log_store_get_line_id (store, 0),
                                              TRUE), ==, 2);
  g_assert_cmpuint (pd_log_matches_find_near (matches, pd_log_store_get_line_id (store, 3),
                                              TRUE), ==, 0);
  g_assert_cmpuint (pd_log_matches_find_near (matches, pd_log_store_get_line_id (store, 2),
                                              FALSE), ==, 1);
  g_assert_cmpuint (pd_log_matches_find_near (matches, pd_log_store_get_line_id (store, 0),
                                              FALSE), ==, 2);
  g_clear_pointer (&matches, pd_log_matches_unref);

  matches = find (store, "", PD_LOG_FIND_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_log_matches_get_n_matches (matches), ==, 0);
  g_assert_cmpuint (pd_log_matches_find_near (matches, 0, TRUE), ==, G_MAXUINT);
  g_clear_pointer (&matches, pd_log_matches_unref);

  matches = find (store, "(unclosed", PD_LOG_FIND_REGEX, &error);
  g_assert_null (matches);
  g_assert_true (error != NULL && error->domain == G_REGEX_ERROR);
}

static void
test_phases (void)
{
  g_autoptr(PdLogStore) store = pd_log_store_new ();
  g_autoptr(GArray) phases = g_array_new (FALSE, TRUE, sizeof (PdAwsBuildPhase));
  g_autoptr(PdLogPhase) install = NULL;
  g_autoptr(PdLogPhase) build = NULL;
  g_autoptr(PdLogPhase) finalizing = NULL;
  const char *messages[] = {
    "[Container] 2026/11/26 12:00:00 Waiting for agent ping",
    "[Container] 2026/11/26 12:00:01 Entering phase INSTALL",
    "pip install",
    "[Container] 2026/11/26 12:00:03 Entering phase BUILD",
    "make",
    "make: *** Error 1",
    "echo Entering phase POST_BUILD",
    NULL
  };
  PdAwsBuildPhase phase = { 0, };
  guint line = 0;

  phase.type = (char *) "INSTALL";
  phase.status = PD_AWS_BUILD_STATUS_SUCCEEDED;
  phase.start_time = 1001;
  phase.duration_seconds = 2;
  g_array_append_val (phases, phase);
  phase.type = (char *) "BUILD";
  phase.status = PD_AWS_BUILD_STATUS_FAILED;
  phase.start_time = 1003;
  g_array_append_val (phases, phase);
  phase.type = (char *) "FINALIZING";
  phase.status = PD_AWS_BUILD_STATUS_IN_PROGRESS;
  phase.start_time = 1005;
  phase.duration_seconds = -1;
  g_array_append_val (phases, phase);

  pd_log_store_set_build_phases (store, phases);
  g_assert_cmpuint (g_list_model_get_n_items (pd_log_store_get_phases (store)), ==, 3);
  add_messages (store, messages, 1000, FALSE);

  install = g_list_model_get_item (pd_log_store_get_phases (store), 0);
  build = g_list_model_get_item (pd_log_store_get_phases (store), 1);
  finalizing = g_list_model_get_item (pd_log_store_get_phases (store), 2);
  g_assert_cmpstr (pd_log_phase_get_name (build), ==, "BUILD");
  g_assert_cmpint (pd_log_phase_get_status (build), ==, PD_AWS_BUILD_STATUS_FAILED);
  g_assert_cmpint (pd_log_phase_get_duration (install), ==, 2);
  g_assert_true (pd_log_store_get_line_for_id (store, pd_log_phase_get_first_line_id (install),
                                               &line));
  g_assert_cmpuint (line, ==, 1);
  g_assert_true (pd_log_store_get_line_for_id (store, pd_log_phase_get_first_line_id (build),
                                               &line));
  g_assert_cmpuint (line, ==, 3);
  /* Not announced in the log: the first line at or after its start. */
  g_assert_true (pd_log_store_get_line_for_id (store,
                                               pd_log_phase_get_first_line_id (finalizing),
                                               &line));
  g_assert_cmpuint (line, ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/core/log-store/new-destroy", test_new_destroy);
  g_test_add_func ("/pd/core/log-store/ansi", test_ansi);
  g_test_add_func ("/pd/core/log-store/bad-bytes", test_bad_bytes);
  g_test_add_func ("/pd/core/log-store/long-line", test_long_line);
  g_test_add_func ("/pd/core/log-store/lines-and-order", test_lines_and_order);
  g_test_add_func ("/pd/core/log-store/dedup", test_dedup);
  g_test_add_func ("/pd/core/log-store/find/matches-grep", test_find_matches_grep);
  g_test_add_func ("/pd/core/log-store/find/caseless-edges", test_find_caseless_edges);
  g_test_add_func ("/pd/core/log-store/find/details", test_find_details);
  g_test_add_func ("/pd/core/log-store/phases", test_phases);

  return g_test_run ();
}
