/* pd-function-logs.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"
#include "pd-function-logs.h"

/* Errors and timeouts of a function, from its log group, grouped by what
 * they say once the parts that change from one event to the next (numbers,
 * request IDs, hex, addresses) are masked; and its cold starts, from the
 * REPORT lines that carry an Init Duration. */

void
pd_error_group_free (PdErrorGroup *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->example);
  g_free (self->request_id);
  g_free (self);
}

void
pd_function_log_summary_free (PdFunctionLogSummary *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self);
}

static gboolean
is_word (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* The length of a UUID at @p (8-4-4-4-12 hex digits), or 0. */
static gsize
uuid_length (const char *p,
             const char *end)
{
  static const guint parts[] = { 8, 4, 4, 4, 12 };
  const char *q = p;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      for (guint k = 0; k < parts[i]; k++, q++)
        if (q >= end || !g_ascii_isxdigit (*q))
          return 0;
      if (i + 1 < G_N_ELEMENTS (parts))
        {
          if (q >= end || *q != '-')
            return 0;
          q++;
        }
    }
  return (q < end && is_word (*q)) ? 0 : (gsize) (q - p);
}

/* The length of a dotted IPv4 address (and port) at @p, or 0. */
static gsize
ip_length (const char *p,
           const char *end)
{
  const char *q = p;

  for (guint part = 0; part < 4; part++)
    {
      guint digits = 0;

      while (q < end && g_ascii_isdigit (*q) && digits < 4)
        q++, digits++;
      if (digits == 0 || digits > 3)
        return 0;
      if (part < 3)
        {
          if (q >= end || *q != '.')
            return 0;
          q++;
        }
    }
  if (q < end && *q == ':' && q + 1 < end && g_ascii_isdigit (q[1]))
    for (q++; q < end && g_ascii_isdigit (*q); q++)
      ;
  return (q < end && (is_word (*q) || *q == '.')) ? 0 : (gsize) (q - p);
}

/* The length of a hex token at @p: 0x… or 8 or more hex digits with a
 * digit among them; or 0. */
static gsize
hex_length (const char *p,
            const char *end)
{
  const char *q = p;
  gboolean digit = FALSE;

  if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && g_ascii_isxdigit (p[2]))
    {
      for (q = p + 2; q < end && g_ascii_isxdigit (*q); q++)
        ;
      return (q < end && is_word (*q)) ? 0 : (gsize) (q - p);
    }
  for (; q < end && g_ascii_isxdigit (*q); q++)
    digit |= g_ascii_isdigit (*q);
  if (q - p < 8 || !digit || (q < end && is_word (*q)))
    return 0;
  return q - p;
}

/**
 * pd_function_logs_normalise:
 * @message: a log message
 * @length: its length, or -1 if nul-terminated
 *
 * Masks what changes between events that say the same thing: UUIDs (request
 * IDs) become `<id>`, IPv4 addresses `<ip>`, hex tokens `<hex>` and numbers
 * `<n>`; runs of blanks become one space. Only the first line counts: the
 * rest of a traceback repeats it.
 *
 * Returns: (transfer full): the normalised message
 */
char *
pd_function_logs_normalise (const char *message,
                            gssize      length)
{
  const char *p, *end;
  GString *out;

  g_return_val_if_fail (message != NULL, NULL);

  end = message + (length < 0 ? strlen (message) : (gsize) length);
  out = g_string_sized_new (MIN ((gsize) (end - message), 256));
  for (p = message; p < end && *p != '\n'; )
    {
      gboolean boundary = p == message || !is_word (p[-1]);
      gsize n;

      if (*p == ' ' || *p == '\t' || *p == '\r')
        {
          while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
            p++;
          if (out->len > 0 && p < end && *p != '\n')
            g_string_append_c (out, ' ');
          continue;
        }
      if (boundary && g_ascii_isxdigit (*p))
        {
          if ((n = uuid_length (p, end)) > 0)
            {
              g_string_append (out, "<id>");
              p += n;
              continue;
            }
          if ((n = ip_length (p, end)) > 0)
            {
              g_string_append (out, "<ip>");
              p += n;
              continue;
            }
          if ((n = hex_length (p, end)) > 0)
            {
              g_string_append (out, "<hex>");
              p += n;
              continue;
            }
        }
      if (g_ascii_isdigit (*p))
        {
          while (p < end && g_ascii_isdigit (*p))
            p++;
          if (p + 1 < end && *p == '.' && g_ascii_isdigit (p[1]))
            for (p++; p < end && g_ascii_isdigit (*p); p++)
              ;
          g_string_append (out, "<n>");
          continue;
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

/**
 * pd_function_logs_find_request_id:
 * @message: a log message
 * @length: its length, or -1
 *
 * Returns: (transfer full) (nullable): the first UUID of @message, which
 *   Lambda's runtimes write as the request ID, or %NULL
 */
char *
pd_function_logs_find_request_id (const char *message,
                                  gssize      length)
{
  const char *end;

  g_return_val_if_fail (message != NULL, NULL);

  end = message + (length < 0 ? strlen (message) : (gsize) length);
  for (const char *p = message; p < end; p++)
    if ((p == message || !is_word (p[-1])) && g_ascii_isxdigit (*p))
      {
        gsize n = uuid_length (p, end);

        if (n > 0)
          return g_strndup (p, n);
      }
  return NULL;
}

/**
 * pd_function_logs_parse_report:
 * @message: a log message
 * @length: its length, or -1
 * @is_report: (out): whether it is a REPORT line
 * @init_ms: (out): its Init Duration in ms, or 0 for a warm start
 *
 * Returns: %FALSE for a REPORT line whose Duration or Init Duration is not
 *   a number of milliseconds, %TRUE otherwise
 */
gboolean
pd_function_logs_parse_report (const char *message,
                               gssize      length,
                               gboolean   *is_report,
                               double     *init_ms)
{
  g_autofree char *text = NULL;
  const char *field;
  char *after = NULL;

  g_return_val_if_fail (message != NULL && is_report != NULL && init_ms != NULL, FALSE);

  *is_report = FALSE;
  *init_ms = 0;
  if (length < 0)
    length = strlen (message);
  if (length < 7 || strncmp (message, "REPORT ", 7) != 0)
    return TRUE;
  *is_report = TRUE;
  text = g_strndup (message, length);

  field = strstr (text, "\tDuration: ");
  if (field == NULL)
    return FALSE;
  g_ascii_strtod (field + strlen ("\tDuration: "), &after);
  if (after == field + strlen ("\tDuration: ") || !g_str_has_prefix (after, " ms"))
    return FALSE;

  field = strstr (text, "Init Duration: ");
  if (field == NULL)
    return TRUE;
  *init_ms = g_ascii_strtod (field + strlen ("Init Duration: "), &after);
  if (after == field + strlen ("Init Duration: ") || !g_str_has_prefix (after, " ms") ||
      *init_ms < 0)
    {
      *init_ms = 0;
      return FALSE;
    }
  return TRUE;
}

static gboolean
classify (const char          *message,
          gsize                length,
          PdFunctionIssueKind *kind)
{
  if (g_strstr_len (message, length, "Task timed out") != NULL)
    *kind = PD_FUNCTION_ISSUE_TIMEOUT;
  else if (g_strstr_len (message, length, "Traceback") != NULL)
    *kind = PD_FUNCTION_ISSUE_TRACEBACK;
  else if (g_strstr_len (message, length, "ERROR") != NULL)
    *kind = PD_FUNCTION_ISSUE_ERROR;
  else
    return FALSE;
  return TRUE;
}

/* Where the last event of a group is. */
typedef struct
{
  PdAwsLogPage *page;
  guint         index;
} Latest;

static PdAwsLogPage *
latest_page (GHashTable   *by_latest,
             PdErrorGroup *group)
{
  Latest *latest = g_hash_table_lookup (by_latest, group);

  return latest != NULL ? latest->page : NULL;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const PdErrorGroup *ga = *(PdErrorGroup **) a;
  const PdErrorGroup *gb = *(PdErrorGroup **) b;

  if (ga->count != gb->count)
    return ga->count > gb->count ? -1 : 1;
  if (ga->last_seen != gb->last_seen)
    return ga->last_seen > gb->last_seen ? -1 : 1;
  return strcmp (ga->key, gb->key);
}

/**
 * pd_function_logs_summarise:
 * @pages: (element-type PdAwsLogPage): pages of FilterLogEvents
 * @since_ms: events before this time are left out
 * @deploys: (array length=n_deploys) (nullable): deploy times in ms
 * @n_deploys: their number
 *
 * Returns: (transfer full): the error groups, most events first, and the
 *   cold starts
 */
PdFunctionLogSummary *
pd_function_logs_summarise (GPtrArray    *pages,
                            gint64        since_ms,
                            const gint64 *deploys,
                            guint         n_deploys)
{
  PdFunctionLogSummary *summary = g_new0 (PdFunctionLogSummary, 1);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_latest = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gint64 last_deploy = 0;

  g_return_val_if_fail (pages != NULL, summary);

  summary->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_error_group_free);
  for (guint i = 0; i < n_deploys; i++)
    last_deploy = MAX (last_deploy, deploys[i]);

  for (guint i = 0; i < pages->len; i++)
    {
      PdAwsLogPage *page = g_ptr_array_index (pages, i);

      for (guint k = 0; k < page->events->len; k++)
        {
          PdAwsLogEvent *event = &g_array_index (page->events, PdAwsLogEvent, k);
          gsize length = 0;
          const char *message = pd_aws_log_page_get_message (page, k, &length);
          PdFunctionIssueKind kind;
          gboolean is_report;
          double init_ms;
          g_autofree char *key = NULL;
          PdErrorGroup *group;

          if (event->timestamp < since_ms)
            continue;
          summary->events++;
          if (!pd_function_logs_parse_report (message, length, &is_report, &init_ms))
            {
              summary->malformed_reports++;
              continue;
            }
          if (is_report)
            {
              if (init_ms > 0)
                {
                  summary->cold_starts++;
                  summary->init_ms_total += init_ms;
                }
              continue;
            }
          if (!classify (message, length, &kind))
            continue;

          key = pd_function_logs_normalise (message, length);
          group = g_hash_table_lookup (by_key, key);
          if (group == NULL)
            {
              group = g_new0 (PdErrorGroup, 1);
              group->key = g_steal_pointer (&key);
              group->kind = kind;
              group->first_seen = event->timestamp;
              group->last_seen = event->timestamp;
              g_hash_table_insert (by_key, group->key, group);
              g_ptr_array_add (summary->groups, group);
            }
          group->count++;
          group->first_seen = MIN (group->first_seen, event->timestamp);
          /* The example is read once at the end, from the last event. */
          if (event->timestamp >= group->last_seen || latest_page (by_latest, group) == NULL)
            {
              Latest *latest = g_hash_table_lookup (by_latest, group);

              if (latest == NULL)
                {
                  latest = g_new0 (Latest, 1);
                  g_hash_table_insert (by_latest, group, latest);
                }
              group->last_seen = MAX (group->last_seen, event->timestamp);
              latest->page = page;
              latest->index = k;
            }
        }
    }

  for (guint i = 0; i < summary->groups->len; i++)
    {
      PdErrorGroup *group = g_ptr_array_index (summary->groups, i);
      Latest *latest = g_hash_table_lookup (by_latest, group);
      gsize length = 0;
      const char *message = pd_aws_log_page_get_message (latest->page, latest->index, &length);
      const char *newline = memchr (message, '\n', length);

      group->example = g_strndup (message, newline != NULL ? (gsize) (newline - message) : length);
      group->request_id = pd_function_logs_find_request_id (message, length);
    }

  for (guint i = 0; i < summary->groups->len; i++)
    {
      PdErrorGroup *group = g_ptr_array_index (summary->groups, i);

      group->new_since_deploy = last_deploy > 0 && group->first_seen > last_deploy;
    }
  g_ptr_array_sort (summary->groups, compare_groups);
  return summary;
}

typedef struct
{
  PdAwsClient *client;
  char        *group;
  guint        max_pages;
  GPtrArray   *pages;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->client);
  g_free (fetch->group);
  g_clear_pointer (&fetch->pages, g_ptr_array_unref);
  g_free (fetch);
}

static void
on_page_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  PdAwsLogPage *page;

  page = pd_aws_logs_filter_log_events_finish (fetch->client, result, &error);
  if (page == NULL)
    {
      /* A function that never ran has no log group: nothing to say. */
      if (g_error_matches (error, PD_AWS_ERROR, PD_AWS_ERROR_NOT_FOUND))
        {
          g_error_free (error);
          g_task_return_pointer (task, g_ptr_array_ref (fetch->pages),
                                 (GDestroyNotify) g_ptr_array_unref);
          return;
        }
      g_task_return_error (task, error);
      return;
    }
  g_ptr_array_add (fetch->pages, page);
  if (page->next_token != NULL && *page->next_token != '\0' &&
      (fetch->max_pages == 0 || fetch->pages->len < fetch->max_pages))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      pd_aws_logs_filter_log_events_async (fetch->client, fetch->group, NULL,
                                           PD_FUNCTION_LOGS_PATTERN, page->next_token, 0,
                                           cancellable, on_page_cb, g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, g_ptr_array_ref (fetch->pages),
                         (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pd_function_logs_fetch_async:
 * @client: a #PdAwsClient
 * @function_name: the function
 * @max_pages: the most pages to read, 0 for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the pages
 * @user_data: data for @callback
 *
 * Reads the errors, timeouts, tracebacks and cold starts of the function's
 * log group `/aws/lambda/NAME`. A missing group gives no pages.
 */
void
pd_function_logs_fetch_async (PdAwsClient         *client,
                              const char          *function_name,
                              guint                max_pages,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, pd_function_logs_fetch_async);
  fetch->client = g_object_ref (client);
  fetch->group = g_strdup_printf ("/aws/lambda/%s", function_name);
  fetch->max_pages = max_pages;
  fetch->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_aws_log_page_unref);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  pd_aws_logs_filter_log_events_async (client, fetch->group, NULL, PD_FUNCTION_LOGS_PATTERN, NULL,
                                       0, cancellable, on_page_cb, task);
}

/**
 * pd_function_logs_fetch_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type PdAwsLogPage): the pages
 */
GPtrArray *
pd_function_logs_fetch_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
