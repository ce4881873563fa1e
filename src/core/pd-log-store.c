/* pd-log-store.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-log-errors.h"
#include "pd-log-store.h"

/* Lines live in immutable blocks, one block per page of events: the text of
 * all its lines, each ended by '\n', with an offset, a timestamp and the
 * attribute runs per line. No object exists per line; a PdLogLine is made
 * only when a list view asks for a visible row. Blocks never change once
 * built, so finds and saves read them from worker threads while pages keep
 * arriving. Line IDs are stable: appended lines count up from 0, prepended
 * ones (a failed build is read from its tail backwards) count down.
 *
 * Error lines are found where lines are parsed, by the rules of
 * pd-log-errors.c: each block keeps the few lines it has as a sorted list,
 * and the store a list over all blocks, from which it picks the line a
 * failed build's log should open at. */

#define DEDUP_WINDOW 16384

typedef struct
{
  char  *type;
  guint  line;
} PhaseMark;

/* An error line of a block: its index there and the rule that marked it. */
typedef struct
{
  guint32 line;
  guint32 rule;
} ErrorMark;

/* An error line of the store. */
typedef struct
{
  gint64 line_id;
  guint  rule;
} StoreError;

typedef struct
{
  gatomicrefcount  ref_count;
  gint64           first_id;
  guint            n_lines;
  char            *text;
  gsize            text_len;
  guint32         *offsets;      /* n_lines + 1 */
  gint64          *timestamps;   /* n_lines */
  guint32         *attr_starts;  /* n_lines + 1, or NULL without attributes */
  PdLogAttr       *attrs;
  guint            n_attrs;
  PhaseMark       *marks;
  guint            n_marks;
  ErrorMark       *errors;
  guint            n_errors;
} Block;

struct _PdLogMatches
{
  gatomicrefcount  ref_count;
  GArray          *matches;
  guint            n_lines;
};

struct _PdLogLine
{
  GObject    parent_instance;

  guint      number;
  gint64     id;
  gint64     timestamp;
  char      *text;
  PdLogAttr *attrs;
  guint      n_attrs;
  guint      error_rule;
  gboolean   cut;
};

struct _PdLogPhase
{
  GObject           parent_instance;

  char             *name;
  PdAwsBuildStatus  status;
  gint64            duration;
  gint64            start_time;
  gint64            first_line_id;
};

struct _PdLogStore
{
  GObject     parent_instance;

  /* Owned references */
  GPtrArray  *blocks;          /* Block, in line order */
  GListStore *phases;
  GArray     *build_phases;    /* PdAwsBuildPhase copies */
  GArray     *errors;          /* StoreError, in line order */
  GQueue      pending;         /* GTask of pages waiting to be added */

  /* Append-side de-duplication, touched only by the one add in flight */
  GMutex      dedup_lock;
  GHashTable *dedup;
  guint64    *dedup_ring;
  guint       dedup_next;
  guint       dedup_len;

  gint64      first_id;
  gint64      end_id;
  guint64     n_bytes;
  gint64      first_error_id;
  PdLogErrorTarget first_error;
  guint       adding : 1;
};

static void pd_log_store_list_model_init (GListModelInterface *iface);

G_DEFINE_BOXED_TYPE (PdLogMatches, pd_log_matches, pd_log_matches_ref, pd_log_matches_unref)
G_DEFINE_FINAL_TYPE (PdLogLine, pd_log_line, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (PdLogPhase, pd_log_phase, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE_WITH_CODE (PdLogStore, pd_log_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pd_log_store_list_model_init))

enum {
  PROP_0,
  PROP_N_LINES,
  PROP_N_ERRORS,
  PROP_FIRST_ERROR_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Blocks */

static Block *
block_ref (Block *block)
{
  g_atomic_ref_count_inc (&block->ref_count);
  return block;
}

static void
block_unref (gpointer data)
{
  Block *block = data;

  if (block == NULL || !g_atomic_ref_count_dec (&block->ref_count))
    return;
  g_free (block->text);
  g_free (block->offsets);
  g_free (block->timestamps);
  g_free (block->attr_starts);
  g_free (block->attrs);
  for (guint i = 0; i < block->n_marks; i++)
    g_free (block->marks[i].type);
  g_free (block->marks);
  g_free (block->errors);
  g_free (block);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Block, block_unref)

/* Parsing, on a worker thread */

typedef struct
{
  GString *text;
  GArray  *offsets;
  GArray  *timestamps;
  GArray  *attr_starts;
  GArray  *attrs;
  GArray  *marks;
  GArray  *errors;
  gboolean any_attrs;

  /* SGR state */
  guint32  fg;
  guint32  bg;
  guint32  flags;
  guint32  run_start;
} Builder;

static void
builder_close_run (Builder *b,
                   guint32  line_start)
{
  guint32 end = (guint32) b->text->len - line_start;

  if (end > b->run_start && (b->fg != 0 || b->bg != 0 || b->flags != 0))
    {
      PdLogAttr attr = { b->run_start, end, b->fg, b->bg, b->flags };

      g_array_append_val (b->attrs, attr);
      b->any_attrs = TRUE;
    }
  b->run_start = end;
}

static void
builder_visible (Builder    *b,
                 guint32     line_start,
                 const char *symbol)
{
  guint32 saved = b->flags;

  builder_close_run (b, line_start);
  b->flags |= PD_LOG_ATTR_CONTROL;
  g_string_append (b->text, symbol);
  builder_close_run (b, line_start);
  b->flags = saved;
}

static guint32
sgr_color (const int *params,
           guint      n,
           guint     *i)
{
  /* 38;5;N or 38;2;R;G;B (the same for 48). */
  if (*i + 2 < n + 0 && params[*i + 1] == 5)
    {
      guint32 index = (guint32) CLAMP (params[*i + 2], 0, 255);

      *i += 2;
      return index + 1;
    }
  if (*i + 4 < n + 0 && params[*i + 1] == 2)
    {
      guint32 rgb = ((guint32) CLAMP (params[*i + 2], 0, 255) << 16)
                    | ((guint32) CLAMP (params[*i + 3], 0, 255) << 8)
                    | (guint32) CLAMP (params[*i + 4], 0, 255);

      *i += 4;
      return PD_LOG_COLOR_RGB | rgb;
    }
  *i = n;
  return 0;
}

static void
builder_sgr (Builder   *b,
             guint32    line_start,
             const int *params,
             guint      n)
{
  builder_close_run (b, line_start);
  if (n == 0)
    {
      b->fg = b->bg = b->flags = 0;
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      int p = params[i];

      if (p == 0)
        b->fg = b->bg = b->flags = 0;
      else if (p == 1)
        b->flags |= PD_LOG_ATTR_BOLD;
      else if (p == 2)
        b->flags |= PD_LOG_ATTR_DIM;
      else if (p == 3)
        b->flags |= PD_LOG_ATTR_ITALIC;
      else if (p == 4)
        b->flags |= PD_LOG_ATTR_UNDERLINE;
      else if (p == 7)
        b->flags |= PD_LOG_ATTR_INVERSE;
      else if (p == 22)
        b->flags &= ~(guint32) (PD_LOG_ATTR_BOLD | PD_LOG_ATTR_DIM);
      else if (p == 23)
        b->flags &= ~(guint32) PD_LOG_ATTR_ITALIC;
      else if (p == 24)
        b->flags &= ~(guint32) PD_LOG_ATTR_UNDERLINE;
      else if (p == 27)
        b->flags &= ~(guint32) PD_LOG_ATTR_INVERSE;
      else if (p >= 30 && p <= 37)
        b->fg = (guint32) (p - 30) + 1;
      else if (p == 38)
        b->fg = sgr_color (params, n, &i);
      else if (p == 39)
        b->fg = 0;
      else if (p >= 40 && p <= 47)
        b->bg = (guint32) (p - 40) + 1;
      else if (p == 48)
        b->bg = sgr_color (params, n, &i);
      else if (p == 49)
        b->bg = 0;
      else if (p >= 90 && p <= 97)
        b->fg = (guint32) (p - 90 + 8) + 1;
      else if (p >= 100 && p <= 107)
        b->bg = (guint32) (p - 100 + 8) + 1;
    }
}

static void
builder_mark_phase (Builder    *b,
                    const char *line,
                    gsize       len)
{
  static const char * const prefixes[] = { "Entering phase ", "Phase is " };
  const char *container = g_strstr_len (line, (gssize) MIN (len, 64), "[Container] ");

  if (container == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      const char *at = g_strstr_len (container, (gssize) (len - (container - line)), prefixes[i]);

      if (at != NULL)
        {
          const char *type = at + strlen (prefixes[i]);
          gsize n = 0;
          PhaseMark mark;

          while (type + n < line + len && (g_ascii_isupper (type[n]) || type[n] == '_'))
            n++;
          if (n == 0)
            return;
          mark.type = g_strndup (type, n);
          mark.line = b->offsets->len - 1;
          g_array_append_val (b->marks, mark);
          return;
        }
    }
}

/* Error lines are matched on the text as shown, so that colour codes in
 * the middle of a tool's marker ("\033[31mE\033[0m   assert") do not hide it. */
static void
builder_mark_error (Builder    *b,
                    const char *line,
                    gsize       len)
{
  guint rule = pd_log_errors_match (line, (gssize) len);

  if (rule != 0)
    {
      ErrorMark mark = { b->offsets->len - 1, rule };

      g_array_append_val (b->errors, mark);
    }
}

/* Adds one display line from raw bytes: invalid UTF-8 becomes U+FFFD,
 * control characters their visible symbols (U+2400…), SGR codes attribute
 * runs; other escape sequences are dropped. */
static void
builder_add_line (Builder    *b,
                  const char *p,
                  gsize       len,
                  gint64      timestamp)
{
  guint32 line_start = (guint32) b->text->len;
  const char *end = p + len;
  const char *plain = p;
  guint32 offset;

  b->fg = b->bg = b->flags = 0;
  b->run_start = 0;
  offset = line_start;
  g_array_append_val (b->offsets, offset);
  g_array_append_val (b->timestamps, timestamp);
  if (b->attr_starts != NULL)
    {
      guint32 n = b->attrs->len;

      g_array_append_val (b->attr_starts, n);
    }

  while (p < end)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c < 0x7f)
        {
          p++;
          continue;
        }
      if (c == '\t')
        {
          p++;
          continue;
        }
      g_string_append_len (b->text, plain, p - plain);
      if (c == 0x1b && p + 1 < end && p[1] == '[')
        {
          int params[32];
          guint n = 0;
          int value = -1;
          const char *q = p + 2;

          while (q < end && ((guchar) *q < 0x40 || (guchar) *q > 0x7e))
            {
              if (g_ascii_isdigit (*q))
                {
                  if (value < 0)
                    value = 0;
                  if (value < 100000)
                    value = value * 10 + (*q - '0');
                }
              else if (*q == ';' || *q == ':')
                {
                  if (n < G_N_ELEMENTS (params))
                    params[n++] = value < 0 ? 0 : value;
                  value = -1;
                }
              q++;
            }
          if (q >= end)
            {
              /* An unfinished sequence: show the escape, keep the rest. */
              builder_visible (b, line_start, "␛");
              p++;
            }
          else
            {
              if (value >= 0 && n < G_N_ELEMENTS (params))
                params[n++] = value;
              if (*q == 'm')
                builder_sgr (b, line_start, params, n);
              p = q + 1;
            }
        }
      else if (c == 0x1b && p + 1 < end && p[1] == ']')
        {
          /* OSC (titles, hyperlinks): up to BEL or ST. */
          const char *q = p + 2;

          while (q < end && *q != '\a' && !(*q == 0x1b && q + 1 < end && q[1] == '\\'))
            q++;
          p = q >= end ? end : (*q == '\a' ? q + 1 : q + 2);
        }
      else if (c < 0x20 || c == 0x7f)
        {
          char symbol[4];

          if (c == '\r' && p + 1 == end)
            {
              p++;
              plain = p;
              continue;
            }
          if (c == 0x7f)
            memcpy (symbol, "\xe2\x90\xa1", 4);
          else
            {
              symbol[0] = (char) 0xe2;
              symbol[1] = (char) 0x90;
              symbol[2] = (char) (0x80 + c);
              symbol[3] = '\0';
            }
          builder_visible (b, line_start, symbol);
          p++;
        }
      else
        {
          gunichar u = g_utf8_get_char_validated (p, end - p);

          if (u == (gunichar) -1 || u == (gunichar) -2)
            {
              builder_visible (b, line_start, "\xef\xbf\xbd");
              p++;
            }
          else
            {
              const char *next = g_utf8_next_char (p);

              g_string_append_len (b->text, p, next - p);
              p = next;
            }
        }
      plain = p;
    }
  g_string_append_len (b->text, plain, p - plain);
  builder_close_run (b, line_start);
  g_string_append_c (b->text, '\n');

  if (b->attrs->len > 0 && b->attr_starts == NULL)
    {
      /* First attributes of the block: start the index now. */
      guint32 zero = 0;

      b->attr_starts = g_array_sized_new (FALSE, FALSE, sizeof (guint32), b->offsets->len + 1);
      for (guint i = 0; i < b->offsets->len - 1; i++)
        g_array_append_val (b->attr_starts, zero);
      g_array_append_val (b->attr_starts, zero);
      /* The current line's runs start at 0 too. */
    }

  builder_mark_phase (b, b->text->str + line_start, b->text->len - line_start - 1);
  builder_mark_error (b, b->text->str + line_start, b->text->len - line_start - 1);
}

static guint64
event_key (const PdAwsLogEvent *event,
           const char          *message)
{
  /* FNV-1a over the message, mixed with both times. */
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);

  for (guint32 i = 0; i < event->length; i++)
    {
      h ^= (guchar) message[i];
      h *= G_GUINT64_CONSTANT (1099511628211);
    }
  h ^= (guint64) event->timestamp * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  h ^= ((guint64) event->ingestion_time << 17) * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F);
  return h;
}

/* TRUE if the event was seen already; otherwise remembers it. */
static gboolean
dedup_seen (PdLogStore *self,
            guint64     key)
{
  guint slot;

  if (g_hash_table_contains (self->dedup, &key))
    return TRUE;
  slot = self->dedup_next;
  if (self->dedup_len == DEDUP_WINDOW)
    g_hash_table_remove (self->dedup, &self->dedup_ring[slot]);
  else
    self->dedup_len++;
  self->dedup_ring[slot] = key;
  g_hash_table_add (self->dedup, &self->dedup_ring[slot]);
  self->dedup_next = (slot + 1) % DEDUP_WINDOW;
  return FALSE;
}

typedef struct
{
  PdLogStore   *store;
  PdAwsLogPage *page;
  gboolean      prepend;
} AddData;

static void
add_data_free (gpointer data)
{
  AddData *self = data;

  g_clear_object (&self->store);
  g_clear_pointer (&self->page, pd_aws_log_page_unref);
  g_free (self);
}

static Block *
build_block (PdLogStore   *store,
             PdAwsLogPage *page,
             gboolean      prepend,
             GError      **error)
{
  g_autoptr(Block) block = g_new0 (Block, 1);
  g_autoptr(GMutexLocker) locker = NULL;
  Builder b = { 0, };
  guint32 end;

  g_atomic_ref_count_init (&block->ref_count);
  locker = g_mutex_locker_new (&store->dedup_lock);
  b.text = g_string_sized_new (page->messages->len + page->events->len + 16);
  b.offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint32), page->events->len + 1);
  b.timestamps = g_array_sized_new (FALSE, FALSE, sizeof (gint64), page->events->len);
  b.attrs = g_array_new (FALSE, FALSE, sizeof (PdLogAttr));
  b.marks = g_array_new (FALSE, FALSE, sizeof (PhaseMark));
  b.errors = g_array_new (FALSE, FALSE, sizeof (ErrorMark));

  for (guint i = 0; i < page->events->len; i++)
    {
      const PdAwsLogEvent *event = &g_array_index (page->events, PdAwsLogEvent, i);
      const char *message = (const char *) page->messages->data + event->offset;
      gsize len = event->length;
      const char *p = message, *nl;

      if (!prepend && dedup_seen (store, event_key (event, message)))
        continue;

      /* A message is one line, or several separated by newlines; the
       * newline that usually ends it is no extra empty line. */
      if (len > 0 && message[len - 1] == '\n')
        len--;
      while ((nl = memchr (p, '\n', message + len - p)) != NULL)
        {
          builder_add_line (&b, p, nl - p, event->timestamp);
          p = nl + 1;
        }
      builder_add_line (&b, p, message + len - p, event->timestamp);

      if (b.text->len >= G_MAXUINT32)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       "A page of log events is larger than 4 GiB");
          break;
        }
    }

  end = (guint32) MIN (b.text->len, G_MAXUINT32);
  g_array_append_val (b.offsets, end);
  if (b.attr_starts != NULL)
    {
      guint32 n = b.attrs->len;

      g_array_append_val (b.attr_starts, n);
    }

  block->n_lines = b.offsets->len - 1;
  block->text_len = b.text->len;
  block->text = g_string_free (b.text, FALSE);
  block->offsets = (guint32 *) (void *) g_array_free (b.offsets, FALSE);
  block->timestamps = (gint64 *) (void *) g_array_free (b.timestamps, FALSE);
  block->attr_starts = b.attr_starts != NULL
                       ? (guint32 *) (void *) g_array_free (b.attr_starts, FALSE) : NULL;
  block->n_attrs = b.attrs->len;
  block->attrs = (PdLogAttr *) (void *) g_array_free (b.attrs, FALSE);
  block->n_marks = b.marks->len;
  block->marks = (PhaseMark *) (void *) g_array_free (b.marks, FALSE);
  block->n_errors = b.errors->len;
  block->errors = (ErrorMark *) (void *) g_array_free (b.errors, FALSE);

  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&block);
}

/* The builder starts the attribute index lazily: lines before the first
 * run get 0, and each later line records where its runs start. This fixes
 * the entries of lines that were added before the index existed. */

static void
add_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AddData *data = task_data;
  GError *error = NULL;
  Block *block;

  block = build_block (data->store, data->page, data->prepend, &error);
  if (block == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, block, block_unref);
}

/* Phases */

static void
build_phase_clear (gpointer data)
{
  PdAwsBuildPhase *phase = data;

  g_free (phase->type);
}

static guint
store_find_block (PdLogStore *self,
                  gint64      id)
{
  guint lo = 0, hi = self->blocks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      Block *block = g_ptr_array_index (self->blocks, mid);

      if (block->first_id + block->n_lines <= id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gint64
first_line_at_time (PdLogStore *self,
                    gint64      time)
{
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);

      if (block->n_lines == 0 || block->timestamps[block->n_lines - 1] < time)
        continue;
      for (guint k = 0; k < block->n_lines; k++)
        if (block->timestamps[k] >= time)
          return block->first_id + k;
    }
  return G_MININT64;
}

static gint64
first_mark (PdLogStore *self,
            const char *type)
{
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);

      for (guint k = 0; k < block->n_marks; k++)
        if (g_str_equal (block->marks[k].type, type))
          return block->first_id + block->marks[k].line;
    }
  return G_MININT64;
}

static void
update_phases (PdLogStore *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean changed;

  for (guint i = 0; self->build_phases != NULL && i < self->build_phases->len; i++)
    {
      PdAwsBuildPhase *bp = &g_array_index (self->build_phases, PdAwsBuildPhase, i);
      PdLogPhase *phase = g_object_new (PD_TYPE_LOG_PHASE, NULL);

      phase->name = g_strdup (bp->type);
      phase->status = bp->status;
      phase->duration = bp->duration_seconds;
      phase->start_time = bp->start_time;
      phase->first_line_id = first_mark (self, bp->type);
      if (phase->first_line_id == G_MININT64 && bp->start_time > 0)
        phase->first_line_id = first_line_at_time (self, bp->start_time);
      g_ptr_array_add (items, phase);
    }

  changed = items->len != g_list_model_get_n_items (G_LIST_MODEL (self->phases));
  for (guint i = 0; !changed && i < items->len; i++)
    {
      g_autoptr(PdLogPhase) old = g_list_model_get_item (G_LIST_MODEL (self->phases), i);
      PdLogPhase *now = g_ptr_array_index (items, i);

      changed = g_strcmp0 (old->name, now->name) != 0 || old->status != now->status
                || old->duration != now->duration || old->first_line_id != now->first_line_id;
    }
  if (changed)
    g_list_store_splice (self->phases, 0, g_list_model_get_n_items (G_LIST_MODEL (self->phases)),
                         items->pdata, items->len);
}

/* Errors */

static guint
block_error_rule (Block *block,
                  guint  k)
{
  guint lo = 0, hi = block->n_errors;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (block->errors[mid].line < k)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < block->n_errors && block->errors[lo].line == k ? block->errors[lo].rule : 0;
}

/* The last phase start ("Entering phase …") before line @id, or
 * G_MININT64. */
static gint64
last_mark_before (PdLogStore *self,
                  gint64      id)
{
  gint64 found = G_MININT64;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);

      if (block->first_id >= id)
        break;
      for (guint k = 0; k < block->n_marks && block->first_id + block->marks[k].line < id; k++)
        found = block->first_id + block->marks[k].line;
    }
  return found;
}

/* The first phase start after line @id, or G_MAXINT64. */
static gint64
next_mark_after (PdLogStore *self,
                 gint64      id)
{
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);

      if (block->first_id + block->n_lines <= id)
        continue;
      for (guint k = 0; k < block->n_marks; k++)
        if (block->first_id + block->marks[k].line > id)
          return block->first_id + block->marks[k].line;
    }
  return G_MAXINT64;
}

static gboolean
phase_status_failed (PdAwsBuildStatus status)
{
  return status == PD_AWS_BUILD_STATUS_FAILED || status == PD_AWS_BUILD_STATUS_FAULT
         || status == PD_AWS_BUILD_STATUS_TIMED_OUT;
}

/* The loaded lines of the failed phase: from its start to the line that
 * says it failed ("Phase complete: BUILD State: FAILED"); without that
 * line, those of the phase CodeBuild reports failed. */
static gboolean
failed_phase_range (PdLogStore *self,
                    gint64     *start,
                    gint64     *end)
{
  for (guint i = 0; i < self->errors->len; i++)
    {
      const StoreError *error = &g_array_index (self->errors, StoreError, i);
      const PdLogErrorRule *rule = pd_log_errors_get_rule (error->rule);

      if (rule->flags & PD_LOG_ERROR_ENDS_FAILED_PHASE)
        {
          gint64 mark = last_mark_before (self, error->line_id);

          *start = mark != G_MININT64 ? mark : self->first_id;
          *end = error->line_id;
          return TRUE;
        }
    }
  for (guint i = 0; self->build_phases != NULL && i < self->build_phases->len; i++)
    {
      PdAwsBuildPhase *phase = &g_array_index (self->build_phases, PdAwsBuildPhase, i);
      gint64 mark;

      if (!phase_status_failed (phase->status))
        continue;
      mark = first_mark (self, phase->type);
      if (mark != G_MININT64)
        {
          *start = mark;
          *end = MIN (next_mark_after (self, mark), self->end_id) - 1;
          return TRUE;
        }
      /* Its start is not loaded yet (the log is read from its end): what
       * comes before the next phase that is. */
      *start = self->first_id;
      *end = self->end_id - 1;
      for (guint k = i + 1; k < self->build_phases->len; k++)
        {
          PdAwsBuildPhase *later = &g_array_index (self->build_phases, PdAwsBuildPhase, k);

          if ((mark = first_mark (self, later->type)) != G_MININT64)
            {
              *end = mark - 1;
              break;
            }
        }
      return TRUE;
    }
  return FALSE;
}

/* Picks the first error line of the failed phase, preferring what the
 * tools say over what CodeBuild says. Lines of a failed build arrive from
 * the end backwards, so this runs again with every page. Returns whether
 * the chosen line changed (the tail is no line: it moves as lines come). */
static gboolean
update_first_error (PdLogStore *self)
{
  gint64 start = self->first_id, end = self->end_id - 1;
  const StoreError *best = NULL;
  PdLogErrorRank best_rank = 0;
  PdLogErrorTarget target = PD_LOG_ERROR_TARGET_NONE;
  gint64 id = G_MININT64;

  failed_phase_range (self, &start, &end);
  for (guint i = 0; i < self->errors->len; i++)
    {
      const StoreError *error = &g_array_index (self->errors, StoreError, i);
      PdLogErrorRank rank;

      if (error->line_id < start)
        continue;
      if (error->line_id > end)
        break;
      rank = pd_log_errors_get_rule (error->rule)->rank;
      if (rank > best_rank)
        {
          best = error;
          best_rank = rank;
        }
    }
  if (best != NULL)
    {
      target = best_rank >= PD_LOG_ERROR_RANK_DETAIL ? PD_LOG_ERROR_TARGET_TOOL
                                                     : PD_LOG_ERROR_TARGET_CODEBUILD;
      id = best->line_id;
    }
  else if (self->end_id > self->first_id)
    target = PD_LOG_ERROR_TARGET_TAIL;

  self->first_error = target;
  if (id == self->first_error_id)
    return FALSE;
  self->first_error_id = id;
  return TRUE;
}

static void
add_block_errors (PdLogStore *self,
                  Block      *block,
                  gboolean    prepend)
{
  g_autofree StoreError *errors = NULL;

  if (block->n_errors == 0)
    return;
  errors = g_new (StoreError, block->n_errors);
  for (guint i = 0; i < block->n_errors; i++)
    {
      errors[i].line_id = block->first_id + block->errors[i].line;
      errors[i].rule = block->errors[i].rule;
    }
  if (prepend)
    g_array_prepend_vals (self->errors, errors, block->n_errors);
  else
    g_array_append_vals (self->errors, errors, block->n_errors);
}

static void
start_next_add (PdLogStore *self);

static void
add_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  PdLogStore *self = PD_LOG_STORE (object);
  AddData *data = g_task_get_task_data (task);
  Block *block;
  guint n_before;
  gboolean first_changed;

  self->adding = FALSE;
  block = g_task_propagate_pointer (G_TASK (result), &error);
  if (block == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      start_next_add (self);
      return;
    }
  if (block->n_lines == 0)
    {
      block_unref (block);
      g_task_return_int (task, 0);
      start_next_add (self);
      return;
    }

  n_before = (guint) (self->end_id - self->first_id);
  if (data->prepend)
    {
      self->first_id -= block->n_lines;
      block->first_id = self->first_id;
      g_ptr_array_insert (self->blocks, 0, block);
    }
  else
    {
      block->first_id = self->end_id;
      self->end_id += block->n_lines;
      g_ptr_array_add (self->blocks, block);
    }
  self->n_bytes += block->text_len;
  add_block_errors (self, block, data->prepend);
  first_changed = update_first_error (self);

  g_list_model_items_changed (G_LIST_MODEL (self), data->prepend ? 0 : n_before, 0,
                              block->n_lines);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
  if (block->n_errors > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
  if (first_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_ERROR_ID]);
  g_object_thaw_notify (G_OBJECT (self));
  if (self->build_phases != NULL)
    update_phases (self);
  g_task_return_int (task, block->n_lines);
  start_next_add (self);
}

static void
start_next_add (PdLogStore *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  if (self->adding)
    return;
  task = g_queue_pop_head (&self->pending);
  if (task == NULL)
    return;
  if (g_task_return_error_if_cancelled (task))
    {
      start_next_add (self);
      return;
    }
  self->adding = TRUE;
  worker = g_task_new (self, NULL, add_done_cb, g_object_ref (task));
  g_task_set_task_data (worker, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (worker, add_thread);
}

/* PdLogMatches */

/**
 * pd_log_matches_ref:
 * @self: matches
 *
 * Returns: (transfer full): @self
 */
PdLogMatches *
pd_log_matches_ref (PdLogMatches *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * pd_log_matches_unref:
 * @self: (transfer full): matches
 *
 * Drops a reference.
 */
void
pd_log_matches_unref (PdLogMatches *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->matches);
  g_free (self);
}

/**
 * pd_log_matches_get_n_matches:
 * @self: matches
 *
 * Returns: how many matches were found
 */
guint
pd_log_matches_get_n_matches (PdLogMatches *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->matches->len;
}

/**
 * pd_log_matches_get_n_lines:
 * @self: matches
 *
 * Returns: how many lines have at least one match (what `grep -c` counts)
 */
guint
pd_log_matches_get_n_lines (PdLogMatches *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_lines;
}

/**
 * pd_log_matches_get:
 * @self: matches
 * @index: a match index, in line order
 *
 * Returns: (transfer none): the match
 */
const PdLogMatch *
pd_log_matches_get (PdLogMatches *self,
                    guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->matches->len, NULL);

  return &g_array_index (self->matches, PdLogMatch, index);
}

/**
 * pd_log_matches_find_near:
 * @self: matches
 * @line_id: the line the reader is at
 * @forward: look for the first match after @line_id (%TRUE) or the last one
 *   before it (%FALSE)
 *
 * Finds the next or previous match from a line, wrapping around at the ends,
 * for Enter and Shift+Enter in the find bar.
 *
 * Returns: a match index, or %G_MAXUINT without matches
 */
guint
pd_log_matches_find_near (PdLogMatches *self,
                          gint64        line_id,
                          gboolean      forward)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, G_MAXUINT);

  if (self->matches->len == 0)
    return G_MAXUINT;
  hi = self->matches->len;
  /* First match whose line is > line_id (forward) or >= line_id (back). */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 id = g_array_index (self->matches, PdLogMatch, mid).line_id;

      if (forward ? id <= line_id : id < line_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (forward)
    return lo < self->matches->len ? lo : 0;
  return lo > 0 ? lo - 1 : self->matches->len - 1;
}

/* Find, on a worker thread, over a snapshot of blocks */

typedef struct
{
  GPtrArray      *blocks;
  char           *query;
  PdLogFindFlags  flags;
} FindData;

static void
find_data_free (gpointer data)
{
  FindData *self = data;

  g_ptr_array_unref (self->blocks);
  g_free (self->query);
  g_free (self);
}

static guint
line_of_offset (Block *block,
                gsize  offset)
{
  guint lo = 0, hi = block->n_lines;

  /* Last line whose start is <= offset. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (block->offsets[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* Hits come in order, mostly on the line of the last one or the next: look
 * there before searching the whole block. */
static guint
line_of_offset_after (Block *block,
                      gsize  offset,
                      guint  previous)
{
  if (previous + 1 >= block->n_lines || block->offsets[previous + 1] > offset)
    return previous;
  if (previous + 2 >= block->n_lines || block->offsets[previous + 2] > offset)
    return previous + 1;
  return line_of_offset (block, offset);
}

static void
add_match (PdLogMatches *matches,
           Block        *block,
           guint         line,
           gsize         offset,
           gsize         length,
           gint64       *last_line)
{
  PdLogMatch match;

  match.line_id = block->first_id + line;
  match.start = (guint32) (offset - block->offsets[line]);
  match.length = (guint32) length;
  g_array_append_val (matches->matches, match);
  if (match.line_id != *last_line)
    {
      matches->n_lines++;
      *last_line = match.line_id;
    }
}

static const char *
find_exact (const char *text,
            gsize       len,
            const char *needle,
            gsize       needle_len)
{
  const char *end = text + len;
  const char *p = text;

  while (needle_len <= (gsize) (end - p)
         && (p = memchr (p, needle[0], (end - p) - needle_len + 1)) != NULL)
    {
      if (memcmp (p, needle, needle_len) == 0)
        return p;
      p++;
    }
  return NULL;
}

/* ASCII case folding: the needle is folded once. Candidates are found 16
 * text bytes at a time by comparing both cases of the needle's first and
 * last bytes (GCC and Clang vector extensions, which compile to SSE2 or
 * NEON and to plain code elsewhere); only positions where both agree are
 * checked byte by byte through the table. */
#if defined(__GNUC__) || defined(__clang__)
typedef guchar V16 __attribute__ ((vector_size (16)));

static inline V16
load_v16 (const guchar *p)
{
  V16 v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline guint64
v16_half (V16 v,
          guint half)
{
  guint64 word;

  memcpy (&word, (const guchar *) &v + 8 * half, sizeof word);
  return word;
}
#endif

static inline gboolean
matches_folded (const guchar *p,
                const guchar *folded,
                gsize         needle_len,
                const guchar *fold)
{
  for (gsize k = 0; k < needle_len; k++)
    if (fold[p[k]] != folded[k])
      return FALSE;
  return TRUE;
}

static const char *
find_ascii_caseless (const char   *text,
                     gsize         len,
                     const guchar *folded,
                     gsize         needle_len,
                     const guchar *fold)
{
  const guchar *p = (const guchar *) text;
  const guchar *end;

  if (needle_len > len)
    return NULL;
  /* The last candidate start. */
  end = p + len - needle_len;
#if defined(__GNUC__) || defined(__clang__)
  {
    guchar first = folded[0];
    guchar last = folded[needle_len - 1];
    V16 first_lo = (V16) { 0 } + first;
    V16 first_up = (V16) { 0 } + (guchar) g_ascii_toupper ((gchar) first);
    V16 last_lo = (V16) { 0 } + last;
    V16 last_up = (V16) { 0 } + (guchar) g_ascii_toupper ((gchar) last);

    /* A round tries the 16 starts p .. p + 15, so p + 15 must not pass the
     * last start; its loads then end at the text's last byte at most. */
    while (end - p >= 15)
      {
        V16 a = load_v16 (p);
        V16 b = load_v16 (p + needle_len - 1);
        V16 hit = (V16) (((a == first_lo) | (a == first_up)) & ((b == last_lo) | (b == last_up)));

        for (guint half = 0; half < 2; half++)
          {
            guint64 bits = v16_half (hit, half);

            while (bits != 0)
              {
                /* Lanes are 0x00 or 0xff; find the lowest set lane in memory order. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                guint lane = (guint) __builtin_ctzll (bits) / 8;
#else
                guint lane = (guint) __builtin_clzll (bits) / 8;
#endif
                const guchar *q = p + 8 * half + lane;

                if (matches_folded (q, folded, needle_len, fold))
                  return (const char *) q;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                bits &= ~(G_GUINT64_CONSTANT (0xff) << (8 * lane));
#else
                bits &= ~(G_GUINT64_CONSTANT (0xff) << (8 * (7 - lane)));
#endif
              }
          }
        p += 16;
      }
  }
#endif
  for (; p <= end; p++)
    if (fold[*p] == folded[0] && matches_folded (p, folded, needle_len, fold))
      return (const char *) p;
  return NULL;
}

static void
find_in_block_fixed (PdLogMatches *matches,
                     Block        *block,
                     const char   *needle,
                     gsize         needle_len,
                     gboolean      case_sensitive,
                     gint64       *last_line)
{
  const char *text = block->text;
  guchar fold[256];
  g_autofree guchar *folded = NULL;
  gsize pos = 0;
  guint line = 0;

  if (!case_sensitive)
    {
      for (guint c = 0; c < 256; c++)
        fold[c] = (guchar) g_ascii_tolower ((gchar) c);
      folded = g_malloc (needle_len);
      for (gsize k = 0; k < needle_len; k++)
        folded[k] = fold[(guchar) needle[k]];
    }
  while (pos + needle_len <= block->text_len)
    {
      const char *hit = case_sensitive
                        ? find_exact (text + pos, block->text_len - pos, needle, needle_len)
                        : find_ascii_caseless (text + pos, block->text_len - pos, folded,
                                               needle_len, fold);

      if (hit == NULL)
        break;
      line = line_of_offset_after (block, hit - text, line);
      add_match (matches, block, line, hit - text, needle_len, last_line);
      pos = (hit - text) + needle_len;
    }
}

static void
find_in_line_regex (PdLogMatches *matches,
                    Block        *block,
                    guint         line,
                    GRegex       *regex,
                    gint64       *last_line)
{
  g_autoptr(GMatchInfo) info = NULL;
  const char *start = block->text + block->offsets[line];
  gsize len = block->offsets[line + 1] - block->offsets[line] - 1;

  g_regex_match_full (regex, start, (gssize) len, 0, 0, &info, NULL);
  while (g_match_info_matches (info))
    {
      int s, e;

      g_match_info_fetch_pos (info, 0, &s, &e);
      add_match (matches, block, line, block->offsets[line] + s, e - s, last_line);
      if (!g_match_info_next (info, NULL))
        break;
    }
}

static void
find_in_block_regex (PdLogMatches *matches,
                     Block        *block,
                     GRegex       *regex,
                     gint64       *last_line)
{
  g_autoptr(GMatchInfo) info = NULL;
  guint skip_line = G_MAXUINT;

  /* One pass over the whole block; a match that would span lines is
   * redone within its line, as grep reads line by line. */
  g_regex_match_full (regex, block->text, (gssize) block->text_len, 0, 0, &info, NULL);
  while (g_match_info_matches (info))
    {
      int s, e;
      guint line;

      g_match_info_fetch_pos (info, 0, &s, &e);
      if ((gsize) s >= block->text_len)
        break;
      line = line_of_offset (block, s);
      if (line != skip_line)
        {
          if (memchr (block->text + s, '\n', e - s) != NULL)
            {
              find_in_line_regex (matches, block, line, regex, last_line);
              skip_line = line;
            }
          else
            add_match (matches, block, line, s, e - s, last_line);
        }
      if (!g_match_info_next (info, NULL))
        break;
    }
}

static gboolean
is_ascii (const char *text)
{
  for (; *text != '\0'; text++)
    if ((guchar) *text >= 0x80)
      return FALSE;
  return TRUE;
}

typedef struct
{
  GPtrArray      *blocks;
  guint           first;
  guint           last;
  const char     *query;
  gsize           needle_len;
  gboolean        case_sensitive;
  GRegex         *regex;
  GCancellable   *cancellable;
  PdLogMatches   *matches;
} FindPart;

static PdLogMatches *
matches_new (void)
{
  PdLogMatches *matches = g_new0 (PdLogMatches, 1);

  g_atomic_ref_count_init (&matches->ref_count);
  matches->matches = g_array_new (FALSE, FALSE, sizeof (PdLogMatch));
  return matches;
}

static gpointer
find_part (gpointer data)
{
  FindPart *part = data;
  gint64 last_line = G_MININT64;

  part->matches = matches_new ();
  for (guint i = part->first; i < part->last; i++)
    {
      Block *block = g_ptr_array_index (part->blocks, i);

      if (g_cancellable_is_cancelled (part->cancellable))
        break;
      if (part->regex != NULL)
        find_in_block_regex (part->matches, block, part->regex, &last_line);
      else
        find_in_block_fixed (part->matches, block, part->query, part->needle_len,
                             part->case_sensitive, &last_line);
    }
  return part;
}

static void
find_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindData *data = task_data;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(PdLogMatches) matches = NULL;
  gboolean case_sensitive = (data->flags & PD_LOG_FIND_CASE_SENSITIVE) != 0;
  gsize needle_len = strlen (data->query);
  FindPart parts[2];
  GThread *helper = NULL;
  guint split;
  GError *error = NULL;

  if (needle_len == 0 || (!(data->flags & PD_LOG_FIND_REGEX) && strchr (data->query, '\n')))
    {
      g_task_return_pointer (task, matches_new (), (GDestroyNotify) pd_log_matches_unref);
      return;
    }
  if ((data->flags & PD_LOG_FIND_REGEX) || (!case_sensitive && !is_ascii (data->query)))
    {
      g_autofree char *pattern = (data->flags & PD_LOG_FIND_REGEX)
                                 ? g_strdup (data->query)
                                 : g_regex_escape_string (data->query, -1);

      regex = g_regex_new (pattern,
                           G_REGEX_MULTILINE | G_REGEX_OPTIMIZE
                           | (case_sensitive ? 0 : G_REGEX_CASELESS),
                           0, &error);
      if (regex == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  /* Two halves of the blocks, one on a helper thread: blocks end at line
   * ends, so the halves' matches and line counts simply add up. */
  split = data->blocks->len >= 16 ? data->blocks->len / 2 : data->blocks->len;
  for (guint k = 0; k < 2; k++)
    {
      parts[k] = (FindPart) { data->blocks, k == 0 ? 0 : split,
                              k == 0 ? split : data->blocks->len, data->query, needle_len,
                              case_sensitive, regex, cancellable, NULL };
    }
  if (split < data->blocks->len)
    helper = g_thread_try_new ("pd-log-find", find_part, &parts[1], NULL);
  find_part (&parts[0]);
  if (helper != NULL)
    g_thread_join (helper);
  else
    find_part (&parts[1]);

  matches = parts[0].matches;
  g_array_append_vals (matches->matches, parts[1].matches->matches->data,
                       parts[1].matches->matches->len);
  matches->n_lines += parts[1].matches->n_lines;
  pd_log_matches_unref (parts[1].matches);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&matches), (GDestroyNotify) pd_log_matches_unref);
}

/* PdLogLine */

static void
pd_log_line_finalize (GObject *object)
{
  PdLogLine *self = PD_LOG_LINE (object);

  g_free (self->text);
  g_free (self->attrs);

  G_OBJECT_CLASS (pd_log_line_parent_class)->finalize (object);
}

static void
pd_log_line_class_init (PdLogLineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_log_line_finalize;
}

static void
pd_log_line_init (PdLogLine *self)
{
}

/**
 * pd_log_line_get_number:
 * @self: a line
 *
 * Returns: its index in the store when it was made (0 is the first line)
 */
guint
pd_log_line_get_number (PdLogLine *self)
{
  g_return_val_if_fail (PD_IS_LOG_LINE (self), 0);
  return self->number;
}

/**
 * pd_log_line_get_id:
 * @self: a line
 *
 * Returns: its stable ID
 */
gint64
pd_log_line_get_id (PdLogLine *self)
{
  g_return_val_if_fail (PD_IS_LOG_LINE (self), 0);
  return self->id;
}

/**
 * pd_log_line_get_text:
 * @self: a line
 *
 * Returns: its text for display: valid UTF-8 without escape codes, cut at
 *   %PD_LOG_STORE_DISPLAY_MAX bytes
 */
const char *
pd_log_line_get_text (PdLogLine *self)
{
  g_return_val_if_fail (PD_IS_LOG_LINE (self), NULL);
  return self->text;
}

/**
 * pd_log_line_get_timestamp:
 * @self: a line
 *
 * Returns: its event's time, in milliseconds since the epoch
 */
gint64
pd_log_line_get_timestamp (PdLogLine *self)
{
  g_return_val_if_fail (PD_IS_LOG_LINE (self), 0);
  return self->timestamp;
}

/**
 * pd_log_line_get_cut:
 * @self: a line
 *
 * Returns: whether the display text is cut short
 */
gboolean
pd_log_line_get_cut (PdLogLine *self)
{
  g_return_val_if_fail (PD_IS_LOG_LINE (self), FALSE);
  return self->cut;
}

/**
 * pd_log_line_get_error_rule:
 * @self: a line
 *
 * Returns: the rule that marks it as an error line (see
 *   pd_log_errors_get_rule()), or 0
 */
guint
pd_log_line_get_error_rule (PdLogLine *self)
{
  g_return_val_if_fail (PD_IS_LOG_LINE (self), 0);
  return self->error_rule;
}

/**
 * pd_log_line_get_attrs:
 * @self: a line
 * @n_attrs: (out): the number of runs
 *
 * Returns: (array length=n_attrs) (transfer none): its attribute runs, within
 *   the display text
 */
const PdLogAttr *
pd_log_line_get_attrs (PdLogLine *self,
                       guint     *n_attrs)
{
  g_return_val_if_fail (PD_IS_LOG_LINE (self), NULL);
  *n_attrs = self->n_attrs;
  return self->attrs;
}

/* PdLogPhase */

static void
pd_log_phase_finalize (GObject *object)
{
  g_free (PD_LOG_PHASE (object)->name);
  G_OBJECT_CLASS (pd_log_phase_parent_class)->finalize (object);
}

static void
pd_log_phase_class_init (PdLogPhaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_log_phase_finalize;
}

static void
pd_log_phase_init (PdLogPhase *self)
{
  self->duration = -1;
  self->first_line_id = G_MININT64;
}

/**
 * pd_log_phase_get_name:
 * @self: a phase
 *
 * Returns: the CodeBuild phase type (`BUILD`…)
 */
const char *
pd_log_phase_get_name (PdLogPhase *self)
{
  g_return_val_if_fail (PD_IS_LOG_PHASE (self), NULL);
  return self->name;
}

/**
 * pd_log_phase_get_status:
 * @self: a phase
 *
 * Returns: its status
 */
PdAwsBuildStatus
pd_log_phase_get_status (PdLogPhase *self)
{
  g_return_val_if_fail (PD_IS_LOG_PHASE (self), PD_AWS_BUILD_STATUS_UNKNOWN);
  return self->status;
}

/**
 * pd_log_phase_get_duration:
 * @self: a phase
 *
 * Returns: its duration in seconds, or -1 while it runs
 */
gint64
pd_log_phase_get_duration (PdLogPhase *self)
{
  g_return_val_if_fail (PD_IS_LOG_PHASE (self), -1);
  return self->duration;
}

/**
 * pd_log_phase_get_first_line_id:
 * @self: a phase
 *
 * The phase's first line: where the log says it starts ("Entering phase
 * BUILD"), or else the first line at or after the phase's start time.
 *
 * Returns: a line ID, or %G_MININT64 if no loaded line belongs to it
 */
gint64
pd_log_phase_get_first_line_id (PdLogPhase *self)
{
  g_return_val_if_fail (PD_IS_LOG_PHASE (self), G_MININT64);
  return self->first_line_id;
}

/* PdLogStore */

static GType
pd_log_store_get_item_type (GListModel *model)
{
  return PD_TYPE_LOG_LINE;
}

static guint
pd_log_store_get_n_items (GListModel *model)
{
  PdLogStore *self = PD_LOG_STORE (model);

  return (guint) (self->end_id - self->first_id);
}

static gpointer
pd_log_store_get_item (GListModel *model,
                       guint       position)
{
  PdLogStore *self = PD_LOG_STORE (model);
  PdLogLine *line;
  Block *block;
  gint64 id = self->first_id + position;
  guint k;
  gsize len;

  if (position >= pd_log_store_get_n_items (model))
    return NULL;
  block = g_ptr_array_index (self->blocks, store_find_block (self, id));
  k = (guint) (id - block->first_id);
  len = block->offsets[k + 1] - block->offsets[k] - 1;

  line = g_object_new (PD_TYPE_LOG_LINE, NULL);
  line->number = position;
  line->id = id;
  line->timestamp = block->timestamps[k];
  line->error_rule = block_error_rule (block, k);
  line->cut = len > PD_LOG_STORE_DISPLAY_MAX;
  if (line->cut)
    {
      /* Cut at a character boundary. */
      const char *start = block->text + block->offsets[k];
      const char *at = g_utf8_find_prev_char (start, start + PD_LOG_STORE_DISPLAY_MAX + 1);

      len = at - start;
    }
  line->text = g_strndup (block->text + block->offsets[k], len);
  if (block->attr_starts != NULL && block->attr_starts[k + 1] > block->attr_starts[k])
    {
      guint n = block->attr_starts[k + 1] - block->attr_starts[k];

      line->attrs = g_memdup2 (block->attrs + block->attr_starts[k], n * sizeof (PdLogAttr));
      line->n_attrs = n;
      for (guint i = 0; i < n; i++)
        {
          line->attrs[i].start = MIN (line->attrs[i].start, (guint32) len);
          line->attrs[i].end = MIN (line->attrs[i].end, (guint32) len);
        }
    }
  return line;
}

static void
pd_log_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_log_store_get_item_type;
  iface->get_n_items = pd_log_store_get_n_items;
  iface->get_item = pd_log_store_get_item;
}

static void
pd_log_store_dispose (GObject *object)
{
  PdLogStore *self = PD_LOG_STORE (object);
  GTask *task;

  while ((task = g_queue_pop_head (&self->pending)) != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The log store is gone");
      g_object_unref (task);
    }
  G_OBJECT_CLASS (pd_log_store_parent_class)->dispose (object);
}

static void
pd_log_store_finalize (GObject *object)
{
  PdLogStore *self = PD_LOG_STORE (object);

  g_ptr_array_unref (self->blocks);
  g_object_unref (self->phases);
  g_clear_pointer (&self->build_phases, g_array_unref);
  g_array_unref (self->errors);
  g_hash_table_unref (self->dedup);
  g_free (self->dedup_ring);
  g_mutex_clear (&self->dedup_lock);

  G_OBJECT_CLASS (pd_log_store_parent_class)->finalize (object);
}

static void
pd_log_store_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PdLogStore *self = PD_LOG_STORE (object);

  switch (prop_id)
    {
    case PROP_N_LINES:
      g_value_set_uint (value, pd_log_store_get_n_lines (self));
      break;
    case PROP_N_ERRORS:
      g_value_set_uint (value, pd_log_store_get_n_errors (self));
      break;
    case PROP_FIRST_ERROR_ID:
      g_value_set_int64 (value, self->first_error_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_log_store_class_init (PdLogStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_log_store_dispose;
  object_class->finalize = pd_log_store_finalize;
  object_class->get_property = pd_log_store_get_property;

  /**
   * PdLogStore:n-lines:
   *
   * How many lines the store holds.
   */
  properties[PROP_N_LINES] =
    g_param_spec_uint ("n-lines", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PdLogStore:n-errors:
   *
   * How many of its lines are error lines.
   */
  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PdLogStore:first-error-id:
   *
   * The ID of the line a failed build's log opens at, as
   * pd_log_store_get_first_error() finds it, or %G_MININT64 while no error
   * line is loaded. It changes as earlier pages of a log read from its end
   * arrive.
   */
  properties[PROP_FIRST_ERROR_ID] =
    g_param_spec_int64 ("first-error-id", NULL, NULL, G_MININT64, G_MAXINT64, G_MININT64,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_log_store_init (PdLogStore *self)
{
  self->blocks = g_ptr_array_new_with_free_func (block_unref);
  self->phases = g_list_store_new (PD_TYPE_LOG_PHASE);
  self->errors = g_array_new (FALSE, FALSE, sizeof (StoreError));
  self->first_error_id = G_MININT64;
  g_mutex_init (&self->dedup_lock);
  self->dedup = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->dedup_ring = g_new0 (guint64, DEDUP_WINDOW);
  g_queue_init (&self->pending);
}

/**
 * pd_log_store_new:
 *
 * Creates an empty log store. It is a #GListModel of #PdLogLine made on
 * demand.
 *
 * Returns: (transfer full): a new #PdLogStore
 */
PdLogStore *
pd_log_store_new (void)
{
  return g_object_new (PD_TYPE_LOG_STORE, NULL);
}

/**
 * pd_log_store_get_n_lines:
 * @self: a #PdLogStore
 *
 * Returns: the number of lines
 */
guint
pd_log_store_get_n_lines (PdLogStore *self)
{
  g_return_val_if_fail (PD_IS_LOG_STORE (self), 0);

  return (guint) (self->end_id - self->first_id);
}

/**
 * pd_log_store_get_n_bytes:
 * @self: a #PdLogStore
 *
 * Returns: the size of the stored text in bytes, newlines included
 */
guint64
pd_log_store_get_n_bytes (PdLogStore *self)
{
  g_return_val_if_fail (PD_IS_LOG_STORE (self), 0);

  return self->n_bytes;
}

/**
 * pd_log_store_get_line_id:
 * @self: a #PdLogStore
 * @line: a line index
 *
 * Returns: the stable ID of line @line
 */
gint64
pd_log_store_get_line_id (PdLogStore *self,
                          guint       line)
{
  g_return_val_if_fail (PD_IS_LOG_STORE (self), 0);

  return self->first_id + line;
}

/**
 * pd_log_store_get_line_for_id:
 * @self: a #PdLogStore
 * @line_id: a line ID
 * @line: (out): its current index
 *
 * Returns: %TRUE if the store holds that line
 */
gboolean
pd_log_store_get_line_for_id (PdLogStore *self,
                              gint64      line_id,
                              guint      *line)
{
  g_return_val_if_fail (PD_IS_LOG_STORE (self), FALSE);

  if (line_id < self->first_id || line_id >= self->end_id)
    return FALSE;
  *line = (guint) (line_id - self->first_id);
  return TRUE;
}

/**
 * pd_log_store_dup_line_text:
 * @self: a #PdLogStore
 * @line: a line index
 * @length: (out) (optional): its length in bytes
 *
 * Returns: (transfer full): the whole text of the line, however long, without
 *   its newline
 */
char *
pd_log_store_dup_line_text (PdLogStore *self,
                            guint       line,
                            gsize      *length)
{
  Block *block;
  gint64 id;
  guint k;
  gsize len;

  g_return_val_if_fail (PD_IS_LOG_STORE (self), NULL);
  g_return_val_if_fail (line < pd_log_store_get_n_lines (self), NULL);

  id = self->first_id + line;
  block = g_ptr_array_index (self->blocks, store_find_block (self, id));
  k = (guint) (id - block->first_id);
  len = block->offsets[k + 1] - block->offsets[k] - 1;
  if (length != NULL)
    *length = len;
  return g_strndup (block->text + block->offsets[k], len);
}

/**
 * pd_log_store_get_line_timestamp:
 * @self: a #PdLogStore
 * @line: a line index
 *
 * Returns: the time of the line's event, in milliseconds
 */
gint64
pd_log_store_get_line_timestamp (PdLogStore *self,
                                 guint       line)
{
  Block *block;
  gint64 id;

  g_return_val_if_fail (PD_IS_LOG_STORE (self), 0);
  g_return_val_if_fail (line < pd_log_store_get_n_lines (self), 0);

  id = self->first_id + line;
  block = g_ptr_array_index (self->blocks, store_find_block (self, id));
  return block->timestamps[id - block->first_id];
}

/**
 * pd_log_store_get_phases:
 * @self: a #PdLogStore
 *
 * Returns: (transfer none): a #GListModel of #PdLogPhase: the build's phases
 *   with their status, duration and first line
 */
GListModel *
pd_log_store_get_phases (PdLogStore *self)
{
  g_return_val_if_fail (PD_IS_LOG_STORE (self), NULL);

  return G_LIST_MODEL (self->phases);
}

/**
 * pd_log_store_set_build_phases:
 * @self: a #PdLogStore
 * @phases: (element-type PdAwsBuildPhase): the phases CodeBuild reports
 *
 * Sets the phases of the outline; their first lines come from the log text.
 */
void
pd_log_store_set_build_phases (PdLogStore *self,
                               GArray     *phases)
{
  g_return_if_fail (PD_IS_LOG_STORE (self));
  g_return_if_fail (phases != NULL);

  g_clear_pointer (&self->build_phases, g_array_unref);
  self->build_phases = g_array_new (FALSE, TRUE, sizeof (PdAwsBuildPhase));
  g_array_set_clear_func (self->build_phases, build_phase_clear);
  for (guint i = 0; i < phases->len; i++)
    {
      PdAwsBuildPhase phase = g_array_index (phases, PdAwsBuildPhase, i);

      phase.type = g_strdup (phase.type);
      g_array_append_val (self->build_phases, phase);
    }
  update_phases (self);
  if (update_first_error (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_ERROR_ID]);
}

/**
 * pd_log_store_clear:
 * @self: a #PdLogStore
 *
 * Removes every line, to load again.
 */
void
pd_log_store_clear (PdLogStore *self)
{
  guint n, n_errors;
  gboolean first_changed;

  g_return_if_fail (PD_IS_LOG_STORE (self));

  n = pd_log_store_get_n_lines (self);
  n_errors = self->errors->len;
  g_ptr_array_set_size (self->blocks, 0);
  g_array_set_size (self->errors, 0);
  self->first_id = self->end_id = 0;
  self->n_bytes = 0;
  g_mutex_lock (&self->dedup_lock);
  g_hash_table_remove_all (self->dedup);
  self->dedup_len = self->dedup_next = 0;
  g_mutex_unlock (&self->dedup_lock);
  first_changed = update_first_error (self);
  if (n > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
    }
  if (n_errors > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
  if (first_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_ERROR_ID]);
  update_phases (self);
}

/**
 * pd_log_store_get_n_errors:
 * @self: a #PdLogStore
 *
 * Returns: how many lines are error lines (see pd-log-errors.h)
 */
guint
pd_log_store_get_n_errors (PdLogStore *self)
{
  g_return_val_if_fail (PD_IS_LOG_STORE (self), 0);

  return self->errors->len;
}

/**
 * pd_log_store_get_error:
 * @self: a #PdLogStore
 * @index: an error index, in line order
 * @rule: (out) (optional): the rule that marked the line
 *
 * Returns: the ID of the @index-th error line
 */
gint64
pd_log_store_get_error (PdLogStore *self,
                        guint       index,
                        guint      *rule)
{
  const StoreError *error;

  g_return_val_if_fail (PD_IS_LOG_STORE (self), G_MININT64);
  g_return_val_if_fail (index < self->errors->len, G_MININT64);

  error = &g_array_index (self->errors, StoreError, index);
  if (rule != NULL)
    *rule = error->rule;
  return error->line_id;
}

/**
 * pd_log_store_find_error_near:
 * @self: a #PdLogStore
 * @line_id: the line the reader is at
 * @forward: look for the first error line after @line_id (%TRUE) or the
 *   last one before it (%FALSE)
 *
 * Finds the next or previous error line, wrapping around at the ends, for
 * F8 and Shift+F8.
 *
 * Returns: an error index, or %G_MAXUINT without error lines
 */
guint
pd_log_store_find_error_near (PdLogStore *self,
                              gint64      line_id,
                              gboolean    forward)
{
  guint lo = 0, hi;

  g_return_val_if_fail (PD_IS_LOG_STORE (self), G_MAXUINT);

  if (self->errors->len == 0)
    return G_MAXUINT;
  hi = self->errors->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 id = g_array_index (self->errors, StoreError, mid).line_id;

      if (forward ? id <= line_id : id < line_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (forward)
    return lo < self->errors->len ? lo : 0;
  return lo > 0 ? lo - 1 : self->errors->len - 1;
}

/**
 * pd_log_store_get_line_error:
 * @self: a #PdLogStore
 * @line: a line index
 *
 * Returns: the rule that marks line @line as an error line, or 0
 */
guint
pd_log_store_get_line_error (PdLogStore *self,
                             guint       line)
{
  Block *block;
  gint64 id;

  g_return_val_if_fail (PD_IS_LOG_STORE (self), 0);
  g_return_val_if_fail (line < pd_log_store_get_n_lines (self), 0);

  id = self->first_id + line;
  block = g_ptr_array_index (self->blocks, store_find_block (self, id));
  return block_error_rule (block, (guint) (id - block->first_id));
}

/**
 * pd_log_store_get_first_error:
 * @self: a #PdLogStore
 * @line_id: (out) (optional): the line's ID
 *
 * The line a failed build's log should open at: the first error line of
 * the failed phase (the phase that ends with "Phase complete: X State:
 * FAILED", or else the one CodeBuild reports failed, or else the whole
 * log), a tool's own line (a falsifying example, a `FAILED` test, a Snyk
 * issue) before CodeBuild's; without any error line there, the last line.
 * A log read from its end backwards may give an earlier line as its
 * earlier pages arrive.
 *
 * Returns: what kind of line it is, or %PD_LOG_ERROR_TARGET_NONE (and
 *   %G_MININT64) for an empty store
 */
PdLogErrorTarget
pd_log_store_get_first_error (PdLogStore *self,
                              gint64     *line_id)
{
  g_return_val_if_fail (PD_IS_LOG_STORE (self), PD_LOG_ERROR_TARGET_NONE);

  if (line_id != NULL)
    *line_id = self->first_error == PD_LOG_ERROR_TARGET_TAIL ? self->end_id - 1
                                                             : self->first_error_id;
  return self->first_error;
}

/**
 * pd_log_store_add_page_async:
 * @self: a #PdLogStore
 * @page: a page of events
 * @prepend: whether the page comes before every stored line (reading
 *   backwards from the tail) rather than after them
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the lines are in the store
 * @user_data: data for @callback
 *
 * Parses a page on a worker thread (UTF-8 repair, ANSI codes, control
 * characters, phase markers) and adds its lines. Pages are added in the
 * order given. Appended events already seen recently (same timestamp,
 * ingestion time and message) are skipped, so a page read twice while
 * following a live stream adds nothing twice.
 */
void
pd_log_store_add_page_async (PdLogStore          *self,
                             PdAwsLogPage        *page,
                             gboolean             prepend,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AddData *data;

  g_return_if_fail (PD_IS_LOG_STORE (self));
  g_return_if_fail (page != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_log_store_add_page_async);
  data = g_new0 (AddData, 1);
  data->store = g_object_ref (self);
  data->page = pd_aws_log_page_ref (page);
  data->prepend = prepend;
  g_task_set_task_data (task, data, add_data_free);

  g_queue_push_tail (&self->pending, g_steal_pointer (&task));
  start_next_add (self);
}

/**
 * pd_log_store_add_page_finish:
 * @self: a #PdLogStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: the number of lines added, or 0 with @error set
 */
guint
pd_log_store_add_page_finish (PdLogStore    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  gssize n;

  g_return_val_if_fail (PD_IS_LOG_STORE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n < 0 ? 0 : (guint) n;
}

static GPtrArray *
snapshot_blocks (PdLogStore *self)
{
  GPtrArray *blocks = g_ptr_array_new_full (self->blocks->len, block_unref);

  for (guint i = 0; i < self->blocks->len; i++)
    g_ptr_array_add (blocks, block_ref (g_ptr_array_index (self->blocks, i)));
  return blocks;
}

/**
 * pd_log_store_find_async:
 * @self: a #PdLogStore
 * @query: the text or regular expression to find
 * @flags: #PdLogFindFlags
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the matches
 * @user_data: data for @callback
 *
 * Finds every match in the lines stored now, on a worker thread. Matches
 * never span lines, as with grep.
 */
void
pd_log_store_find_async (PdLogStore          *self,
                         const char          *query,
                         PdLogFindFlags       flags,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FindData *data;

  g_return_if_fail (PD_IS_LOG_STORE (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_log_store_find_async);
  data = g_new0 (FindData, 1);
  data->blocks = snapshot_blocks (self);
  data->query = g_strdup (query);
  data->flags = flags;
  g_task_set_task_data (task, data, find_data_free);
  g_task_run_in_thread (task, find_thread);
}

/**
 * pd_log_store_find_finish:
 * @self: a #PdLogStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the matches, or %NULL with @error set (an invalid
 *   regular expression gives a %G_REGEX_ERROR)
 */
PdLogMatches *
pd_log_store_find_finish (PdLogStore    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (PD_IS_LOG_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
write_blocks (GPtrArray     *blocks,
              GOutputStream *stream,
              GCancellable  *cancellable,
              GError       **error)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      Block *block = g_ptr_array_index (blocks, i);

      if (!g_output_stream_write_all (stream, block->text, block->text_len, NULL, cancellable,
                                      error))
        return FALSE;
    }
  return TRUE;
}

/**
 * pd_log_store_write:
 * @self: a #PdLogStore
 * @stream: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every line as displayed (UTF-8, escape codes removed), each ended
 * by a newline. Blocks the calling thread: use pd_log_store_save_async() from
 * the main thread.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_log_store_write (PdLogStore     *self,
                    GOutputStream  *stream,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(GPtrArray) blocks = NULL;

  g_return_val_if_fail (PD_IS_LOG_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  blocks = snapshot_blocks (self);
  return write_blocks (blocks, stream, cancellable, error);
}

typedef struct
{
  GPtrArray *blocks;
  GFile     *file;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *self = data;

  g_ptr_array_unref (self->blocks);
  g_object_unref (self->file);
  g_free (self);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GFileOutputStream) out = NULL;
  GError *error = NULL;

  out = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &error);
  if (out == NULL
      || !write_blocks (data->blocks, G_OUTPUT_STREAM (out), cancellable, &error)
      || !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * pd_log_store_save_async:
 * @self: a #PdLogStore
 * @file: the file to write (replaced if it exists)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written
 * @user_data: data for @callback
 *
 * Saves the whole log, as pd_log_store_write() writes it, on a worker
 * thread.
 */
void
pd_log_store_save_async (PdLogStore          *self,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (PD_IS_LOG_STORE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_log_store_save_async);
  data = g_new0 (SaveData, 1);
  data->blocks = snapshot_blocks (self);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * pd_log_store_save_finish:
 * @self: a #PdLogStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file was written
 */
gboolean
pd_log_store_save_finish (PdLogStore    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (PD_IS_LOG_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
