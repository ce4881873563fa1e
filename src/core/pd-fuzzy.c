/* pd-fuzzy.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-fuzzy.h"

/* The scores. Every matched character earns MATCH plus the bonus of where
 * it sits; the first query character's bonus counts FIRST_MULT times, so
 * that where a match starts matters most. A gap between two matched
 * characters costs GAP_START plus GAP_EXT per character after the first;
 * two adjacent ones earn CONSECUTIVE instead. A query equal to the whole
 * candidate earns EXACT on top, so that an exact name always outranks a
 * longer one it is the prefix of. */
#define SCORE_MATCH        16
#define SCORE_GAP_START     3
#define SCORE_GAP_EXT       1
#define BONUS_PREFIX       12
#define BONUS_BOUNDARY      8
#define BONUS_CAMEL         7
#define BONUS_CONSECUTIVE   5
#define BONUS_FIRST_MULT    2
#define BONUS_EXACT        32

/* What one match may cost at most: a query's characters beyond the first
 * MAX_QUERY and a candidate's beyond the first MAX_KEY are not matched,
 * so that a pasted page neither allocates megabytes nor stalls a
 * keystroke. */
#define MAX_QUERY  256
#define MAX_KEY   1024

/* Far below any real score, yet far enough above G_MININT that the gap
 * decay of the longest candidate cannot wrap around. */
#define NEG (G_MININT / 4)
#define VALID(score) ((score) > NEG / 2)

struct _PdFuzzyKey
{
  char     *text;        /* valid UTF-8 */
  guint     n_chars;     /* characters of @text */
  guint     len;         /* folded code points */
  guint64   mask;        /* which (code point % 64) occur, to reject fast */
  gunichar *chars;       /* folded code points */
  guint    *index;       /* the character of @text each one comes from */
  guint8   *bonus;
};

struct _PdFuzzy
{
  char     *query;
  guint     len;
  guint64   mask;
  gunichar *chars;       /* folded, without white space */

  /* Scratch, grown as needed and reused from candidate to candidate */
  int      *matrix;
  gsize     matrix_size;
  guint    *lo;
  guint    *hi;
  guint    *path;
};

static inline guint64
mask_bit (gunichar c)
{
  return G_GUINT64_CONSTANT (1) << (c & 63);
}

static gboolean
is_separator (gunichar c)
{
  switch (c)
    {
    case ' ':
    case '-':
    case '_':
    case '/':
    case '.':
    case ':':
      return TRUE;
    default:
      return g_unichar_isspace (c);
    }
}

static guint8
bonus_for (gunichar prev,
           gunichar c,
           gboolean first)
{
  if (first)
    return BONUS_PREFIX;
  if (is_separator (c))
    return 0;
  if (is_separator (prev))
    return BONUS_BOUNDARY;
  if (g_unichar_islower (prev) && g_unichar_isupper (c))
    return BONUS_CAMEL;
  if (g_unichar_isalpha (prev) && g_unichar_isdigit (c))
    return BONUS_CAMEL;
  return 0;
}

/* Appends the simple-or-full case folding of @c: ASCII without a call,
 * the rest as g_utf8_casefold() does (so "ß" becomes "ss"). */
static void
fold_char (gunichar  c,
           GArray   *out)
{
  char buf[8];
  g_autofree char *folded = NULL;
  int n;

  if (c < 0x80)
    {
      gunichar lower = g_ascii_tolower ((char) c);

      g_array_append_val (out, lower);
      return;
    }
  n = g_unichar_to_utf8 (c, buf);
  folded = g_utf8_casefold (buf, n);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar f = g_utf8_get_char (p);

      g_array_append_val (out, f);
    }
}

/**
 * pd_fuzzy_key_new:
 * @text: (nullable): the candidate, in UTF-8; invalid bytes count as
 *   one replacement character each
 *
 * Prepares @text for pd_fuzzy_match_key().
 *
 * Returns: (transfer full): a new key; free it with pd_fuzzy_key_free()
 */
PdFuzzyKey *
pd_fuzzy_key_new (const char *text)
{
  g_autoptr(GArray) folded = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GArray) origin = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) bonus = g_array_new (FALSE, FALSE, sizeof (guint8));
  PdFuzzyKey *key;
  gunichar prev = 0;
  guint n_chars = 0;
  gsize block;
  char *valid;

  valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = g_utf8_get_char (p);
      guint before = folded->len;
      guint8 b = bonus_for (prev, c, n_chars == 0);

      if (before >= MAX_KEY)
        continue;   /* counted, not matched */
      fold_char (c, folded);
      for (guint i = before; i < folded->len; i++)
        {
          guint8 here = i == before ? b : 0;

          g_array_append_val (origin, n_chars);
          /* Only the first of an expansion ("ß" → "ss") starts a word. */
          g_array_append_val (bonus, here);
        }
      prev = c;
    }

  /* One block for the struct and its arrays: one allocation per key. */
  block = sizeof (PdFuzzyKey) + folded->len * (sizeof (gunichar) + sizeof (guint) + 1);
  key = g_malloc0 (block);
  key->text = valid;
  key->n_chars = n_chars;
  key->len = folded->len;
  key->chars = (gunichar *) (key + 1);
  key->index = (guint *) (key->chars + key->len);
  key->bonus = (guint8 *) (key->index + key->len);
  if (key->len > 0)
    {
      memcpy (key->chars, folded->data, key->len * sizeof (gunichar));
      memcpy (key->index, origin->data, key->len * sizeof (guint));
      memcpy (key->bonus, bonus->data, key->len);
    }
  for (guint i = 0; i < key->len; i++)
    key->mask |= mask_bit (key->chars[i]);

  return key;
}

/**
 * pd_fuzzy_key_free:
 * @key: (nullable): a #PdFuzzyKey
 *
 * Frees @key.
 */
void
pd_fuzzy_key_free (PdFuzzyKey *key)
{
  if (key == NULL)
    return;
  g_free (key->text);
  g_free (key);
}

/**
 * pd_fuzzy_key_get_text:
 * @key: a #PdFuzzyKey
 *
 * Returns: (transfer none): the text of @key, made valid UTF-8; match
 *   positions count its characters
 */
const char *
pd_fuzzy_key_get_text (const PdFuzzyKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return key->text;
}

/**
 * pd_fuzzy_key_get_length:
 * @key: a #PdFuzzyKey
 *
 * Returns: the length of the text of @key, in characters
 */
guint
pd_fuzzy_key_get_length (const PdFuzzyKey *key)
{
  g_return_val_if_fail (key != NULL, 0);
  return key->n_chars;
}

/**
 * pd_fuzzy_key_compare:
 * @a: a #PdFuzzyKey
 * @b: a #PdFuzzyKey
 *
 * Orders two candidates that scored the same: the shorter first, then
 * alphabetically ignoring case (by code point, so that the order is the
 * same in every locale), then by their bytes.
 *
 * Returns: a negative value if @a comes first, positive if @b does, 0 if
 *   their texts are equal
 */
int
pd_fuzzy_key_compare (const PdFuzzyKey *a,
                      const PdFuzzyKey *b)
{
  guint n;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (a->n_chars != b->n_chars)
    return a->n_chars < b->n_chars ? -1 : 1;
  n = MIN (a->len, b->len);
  for (guint i = 0; i < n; i++)
    if (a->chars[i] != b->chars[i])
      return a->chars[i] < b->chars[i] ? -1 : 1;
  if (a->len != b->len)
    return a->len < b->len ? -1 : 1;
  return strcmp (a->text, b->text);
}

/**
 * pd_fuzzy_new:
 * @query: (nullable): what the user typed; white space in it is ignored,
 *   so "todo list" finds "todo-list-aws"
 *
 * Prepares @query for matching.
 *
 * Returns: (transfer full): a new matcher; free it with pd_fuzzy_free()
 */
PdFuzzy *
pd_fuzzy_new (const char *query)
{
  g_autoptr(GArray) folded = g_array_new (FALSE, FALSE, sizeof (gunichar));
  PdFuzzy *self = g_new0 (PdFuzzy, 1);

  self->query = g_utf8_make_valid (query != NULL ? query : "", -1);
  for (const char *p = self->query; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        fold_char (c, folded);
    }
  if (folded->len > MAX_QUERY)
    g_array_set_size (folded, MAX_QUERY);
  self->len = folded->len;
  self->chars = (gunichar *) g_array_free (g_steal_pointer (&folded), FALSE);
  for (guint i = 0; i < self->len; i++)
    self->mask |= mask_bit (self->chars[i]);
  self->lo = g_new (guint, MAX (self->len, 1));
  self->hi = g_new (guint, MAX (self->len, 1));
  self->path = g_new (guint, MAX (self->len, 1));

  return self;
}

/**
 * pd_fuzzy_free:
 * @self: (nullable): a #PdFuzzy
 *
 * Frees @self.
 */
void
pd_fuzzy_free (PdFuzzy *self)
{
  if (self == NULL)
    return;
  g_free (self->query);
  g_free (self->chars);
  g_free (self->matrix);
  g_free (self->lo);
  g_free (self->hi);
  g_free (self->path);
  g_free (self);
}

/**
 * pd_fuzzy_get_query:
 * @self: a #PdFuzzy
 *
 * Returns: (transfer none): the query, as given (made valid UTF-8)
 */
const char *
pd_fuzzy_get_query (PdFuzzy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->query;
}

/**
 * pd_fuzzy_is_empty:
 * @self: a #PdFuzzy
 *
 * Returns: %TRUE if the query has nothing but white space: it matches
 *   every candidate, with a score of 0
 */
gboolean
pd_fuzzy_is_empty (PdFuzzy *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->len == 0;
}

/**
 * pd_fuzzy_refines:
 * @self: a #PdFuzzy
 * @previous: (nullable): the query before
 *
 * Tells whether every candidate that @self matches is also matched by
 * @previous, which holds when the query typed before is a subsequence of
 * this one (a character was added, anywhere). A filter can then look only
 * at the previous matches.
 *
 * Returns: %TRUE if @self narrows @previous
 */
gboolean
pd_fuzzy_refines (PdFuzzy *self,
                  PdFuzzy *previous)
{
  guint j = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (previous == NULL)
    return FALSE;
  for (guint i = 0; i < self->len && j < previous->len; i++)
    if (self->chars[i] == previous->chars[j])
      j++;
  return j == previous->len;
}

static gboolean
ensure_matrix (PdFuzzy *self,
               gsize    cells)
{
  gsize size;

  if (cells <= self->matrix_size)
    return TRUE;
  /* Grows geometrically: a few reallocations in all, none per candidate
   * once the longest one has been seen. */
  size = MAX (cells, self->matrix_size * 2);
  size = MAX (size, 1024);
  if (size > G_MAXSIZE / sizeof (int))
    return FALSE;
  g_free (self->matrix);
  self->matrix = g_try_new (int, size);
  self->matrix_size = self->matrix != NULL ? size : 0;
  return self->matrix != NULL;
}

static inline int
gap_value (const int *prow,
           guint      k,
           guint      j)
{
  return prow[k] - SCORE_GAP_START - SCORE_GAP_EXT * (int) (j - 2 - k);
}

static void
trace_positions (PdFuzzy          *self,
                 const PdFuzzyKey *key,
                 guint             last,
                 GArray           *positions)
{
  guint m = self->len;
  guint n = key->len;
  guint *at = self->path;
  guint j = last;

  for (guint i = m - 1; ; i--)
    {
      const int *row = self->matrix + (gsize) i * n;
      const int *prow;
      guint plo, phi;
      int wanted;
      gboolean found = FALSE;

      at[i] = j;
      if (i == 0)
        break;

      prow = self->matrix + (gsize) (i - 1) * n;
      plo = self->lo[i - 1];
      phi = self->hi[i - 1];
      wanted = row[j] - (SCORE_MATCH + key->bonus[j]);

      /* The step the score came from: adjacent first, then the closest
       * gap, so that the path is the same on every run. */
      if (j >= 1 && j - 1 >= plo && j - 1 <= phi && VALID (prow[j - 1]) &&
          prow[j - 1] + BONUS_CONSECUTIVE == wanted)
        {
          j = j - 1;
          found = TRUE;
        }
      for (guint k = j >= 2 ? MIN (phi, j - 2) + 1 : 0; !found && k-- > plo;)
        if (VALID (prow[k]) && gap_value (prow, k, j) == wanted)
          {
            j = k;
            found = TRUE;
          }
      g_assert (found);
    }

  g_array_set_size (positions, 0);
  for (guint i = 0; i < m; i++)
    {
      guint index = key->index[at[i]];

      /* Both halves of an expansion ("ß" → "ss") are one character. */
      if (positions->len == 0 || g_array_index (positions, guint, positions->len - 1) != index)
        g_array_append_val (positions, index);
    }
}

/**
 * pd_fuzzy_match_key:
 * @self: a #PdFuzzy
 * @key: a #PdFuzzyKey
 * @score: (out) (optional): where to store the score, higher is better;
 *   it may be negative
 * @positions: (nullable) (element-type guint): an array that receives the
 *   matched characters' offsets in the key's text, in characters
 *
 * Matches the query as a subsequence of the candidate, ignoring case, and
 * finds the best-scoring way to do so: word starts (after a space, `-`,
 * `_`, `/`, `.` or `:`), camelCase humps, the start of the text and runs
 * of adjacent characters earn bonuses, gaps cost. Allocates nothing once
 * its scratch memory has grown to the longest candidate.
 *
 * Returns: %TRUE if the query matches
 */
gboolean
pd_fuzzy_match_key (PdFuzzy          *self,
                    const PdFuzzyKey *key,
                    int              *score,
                    GArray           *positions)
{
  guint m, n, j, last = 0;
  int best = NEG;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  m = self->len;
  n = key->len;
  if (m == 0)
    {
      if (score != NULL)
        *score = 0;
      if (positions != NULL)
        g_array_set_size (positions, 0);
      return TRUE;
    }
  if (m > n || (self->mask & ~key->mask) != 0)
    return FALSE;

  /* The band of each query character: from its earliest place in a
   * greedy match from the left to its latest in one from the right. */
  j = 0;
  for (guint i = 0; i < m; i++, j++)
    {
      while (j < n && key->chars[j] != self->chars[i])
        j++;
      if (j == n)
        return FALSE;
      self->lo[i] = j;
    }
  j = n - 1;
  for (guint i = m; i-- > 0; j--)
    {
      while (key->chars[j] != self->chars[i])
        j--;
      self->hi[i] = j;
    }

  if ((gsize) m > G_MAXSIZE / n || !ensure_matrix (self, (gsize) m * n))
    return FALSE;

  for (guint i = 0; i < m; i++)
    {
      int *row = self->matrix + (gsize) i * n;
      const int *prow = i > 0 ? row - n : NULL;
      guint start = self->lo[i];
      guint end = self->hi[i];
      guint plo = i > 0 ? self->lo[i - 1] : 0;
      guint phi = i > 0 ? self->hi[i - 1] : 0;
      gunichar q = self->chars[i];
      int mult = i == 0 ? BONUS_FIRST_MULT : 1;
      int gap = NEG;

      /* The best way into @start over a gap from the previous row. */
      if (i > 0 && start >= 2)
        for (guint k = plo; k <= phi && k + 2 <= start; k++)
          if (VALID (prow[k]))
            gap = MAX (gap, gap_value (prow, k, start));

      for (j = start; j <= end; j++)
        {
          int base;

          if (i > 0 && j > start)
            {
              gap -= SCORE_GAP_EXT;
              if (j >= 2 && j - 2 >= plo && j - 2 <= phi && VALID (prow[j - 2]))
                gap = MAX (gap, prow[j - 2] - SCORE_GAP_START);
            }
          if (key->chars[j] != q)
            {
              row[j] = NEG;
              continue;
            }
          base = SCORE_MATCH + key->bonus[j] * mult;
          if (i == 0)
            row[j] = base;
          else
            {
              int from = VALID (gap) ? gap : NEG;

              if (j - 1 >= plo && j - 1 <= phi && VALID (prow[j - 1]))
                from = MAX (from, prow[j - 1] + BONUS_CONSECUTIVE);
              row[j] = VALID (from) ? base + from : NEG;
            }
        }
    }

  /* The leftmost of the best ends. */
  for (j = self->lo[m - 1]; j <= self->hi[m - 1]; j++)
    {
      int value = self->matrix[(gsize) (m - 1) * n + j];

      if (VALID (value) && value > best)
        {
          best = value;
          last = j;
        }
    }
  g_assert (VALID (best));

  if (m == n)
    best += BONUS_EXACT;
  if (score != NULL)
    *score = best;
  if (positions != NULL)
    trace_positions (self, key, last, positions);
  return TRUE;
}

/**
 * pd_fuzzy_match:
 * @self: a #PdFuzzy
 * @candidate: (nullable): the text to match
 * @score: (out) (optional): where to store the score
 * @positions: (nullable) (element-type guint): an array that receives the
 *   matched characters' offsets, in characters
 *
 * Matches one string, as pd_fuzzy_match_key() does; prepare a
 * #PdFuzzyKey instead for a candidate matched again and again.
 *
 * Returns: %TRUE if the query matches
 */
gboolean
pd_fuzzy_match (PdFuzzy    *self,
                const char *candidate,
                int        *score,
                GArray     *positions)
{
  g_autoptr(PdFuzzyKey) key = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  key = pd_fuzzy_key_new (candidate);
  return pd_fuzzy_match_key (self, key, score, positions);
}

typedef struct
{
  PdFuzzyKey *key;
  const char *candidate;
  int         score;
  guint       order;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *ra = a;
  const Ranked *rb = b;
  int cmp;

  if (ra->score != rb->score)
    return ra->score > rb->score ? -1 : 1;
  if ((cmp = pd_fuzzy_key_compare (ra->key, rb->key)) != 0)
    return cmp;
  return ra->order < rb->order ? -1 : ra->order > rb->order;
}

/**
 * pd_fuzzy_filter:
 * @query: (nullable): what the user typed
 * @candidates: (array zero-terminated=1): the strings to rank
 *
 * Ranks the candidates that match @query: best score first; equal scores
 * shorter first, then alphabetically, then in the order given.
 *
 * Returns: (transfer container) (element-type utf8): the matching
 *   strings of @candidates, which it points into
 */
GPtrArray *
pd_fuzzy_filter (const char         *query,
                 const char * const *candidates)
{
  g_autoptr(PdFuzzy) fuzzy = pd_fuzzy_new (query);
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  GPtrArray *result = g_ptr_array_new ();

  g_return_val_if_fail (candidates != NULL, result);

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      Ranked r = { pd_fuzzy_key_new (candidates[i]), candidates[i], 0, i };

      if (pd_fuzzy_match_key (fuzzy, r.key, &r.score, NULL))
        g_array_append_val (ranked, r);
      else
        pd_fuzzy_key_free (r.key);
    }
  g_array_sort (ranked, compare_ranked);
  for (guint i = 0; i < ranked->len; i++)
    {
      Ranked *r = &g_array_index (ranked, Ranked, i);

      g_ptr_array_add (result, (gpointer) r->candidate);
      pd_fuzzy_key_free (r->key);
    }
  return result;
}
