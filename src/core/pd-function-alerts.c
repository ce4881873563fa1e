/* pd-function-alerts.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pd-core-error.h"
#include "pd-function-alerts.h"
#include "pd-util.h"

/* Alert rules on the functions' metrics, checked on the last hour (minute
 * by minute) each time the metrics arrive. A rule raises
 * PdFunctionAlerts::alert when it starts to hold, not again while it
 * keeps holding. */

#define MAX_FUNCTION_NAME 64
#define MAX_P95_MS        900000.0

static const char * const kind_names[] = { "error-rate", "throttle", "p95", NULL };

void
pd_alert_rule_free (PdAlertRule *self)
{
  if (self == NULL)
    return;
  g_free (self->function);
  g_free (self);
}

static gboolean
valid_function_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > MAX_FUNCTION_NAME)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/**
 * pd_alert_rule_parse:
 * @text: a rule as the setting keeps it
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the rule, or %NULL with @error
 *   (%PD_CORE_ERROR_INVALID) saying what is wrong
 */
PdAlertRule *
pd_alert_rule_parse (const char  *text,
                     GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(PdAlertRule) rule = NULL;
  char *end = NULL;
  guint64 minutes;
  int kind = -1;

  g_return_val_if_fail (text != NULL, NULL);

  parts = g_strsplit (text, "|", 0);
  if (g_strv_length (parts) != 4)
    {
      g_set_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID,
                   _("The alert rule “%s” is not FUNCTION|KIND|THRESHOLD|MINUTES"), text);
      return NULL;
    }
  if (!valid_function_name (parts[0]))
    {
      g_set_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID,
                   _("“%s” is not a function name (1 to 64 letters, digits, - and _)"), parts[0]);
      return NULL;
    }
  for (int i = 0; kind_names[i] != NULL; i++)
    if (g_str_equal (kind_names[i], parts[1]))
      kind = i;
  if (kind < 0)
    {
      g_set_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID,
                   _("“%s” is not a kind of alert (error-rate, throttle or p95)"), parts[1]);
      return NULL;
    }

  rule = g_new0 (PdAlertRule, 1);
  rule->function = g_strdup (parts[0]);
  rule->kind = kind;
  rule->threshold = g_ascii_strtod (parts[2], &end);
  if (parts[2][0] == '\0' || *end != '\0' || !isfinite (rule->threshold) ||
      (kind == PD_ALERT_ERROR_RATE && (rule->threshold <= 0 || rule->threshold > 100)) ||
      (kind == PD_ALERT_P95 && (rule->threshold <= 0 || rule->threshold > MAX_P95_MS)) ||
      (kind == PD_ALERT_THROTTLE && rule->threshold != 0))
    {
      g_set_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID,
                   kind == PD_ALERT_ERROR_RATE
                     ? _("The error rate of an alert must be above 0 and at most 100 %%, not “%s”")
                     : kind == PD_ALERT_P95
                       ? _("The p95 of an alert must be above 0 and at most 900000 ms, not “%s”")
                       : _("A throttle alert takes 0 as its threshold, not “%s”"),
                   parts[2]);
      return NULL;
    }
  if (!g_ascii_string_to_unsigned (parts[3], 10, 1, 60, &minutes, NULL))
    {
      g_set_error (error, PD_CORE_ERROR, PD_CORE_ERROR_INVALID,
                   _("An alert looks at 1 to 60 minutes, not “%s”"), parts[3]);
      return NULL;
    }
  rule->minutes = (guint) minutes;
  return g_steal_pointer (&rule);
}

/**
 * pd_alert_rule_to_string:
 * @self: a rule
 *
 * Returns: (transfer full): @self as the setting keeps it
 */
char *
pd_alert_rule_to_string (const PdAlertRule *self)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (self != NULL, NULL);
  return g_strdup_printf ("%s|%s|%s|%u", self->function, kind_names[self->kind],
                          g_ascii_dtostr (buf, sizeof buf, self->threshold), self->minutes);
}

/**
 * pd_alert_rule_check:
 * @self: a rule
 * @stats: the metrics of its function over the last hour
 * @now_ms: the current time
 * @reason: (out) (optional) (nullable): why it holds, for a notification
 *
 * Returns: whether the rule holds now
 */
gboolean
pd_alert_rule_check (const PdAlertRule      *self,
                     const PdFunctionStats  *stats,
                     gint64                  now_ms,
                     char                  **reason)
{
  gint64 since = now_ms - (gint64) self->minutes * 60000;
  double invocations = 0, value;

  g_return_val_if_fail (self != NULL && stats != NULL, FALSE);

  if (reason != NULL)
    *reason = NULL;
  switch (self->kind)
    {
    case PD_ALERT_ERROR_RATE:
      value = pd_function_stats_recent_error_rate (stats, since, &invocations);
      if (invocations <= 0 || value <= self->threshold)
        return FALSE;
      if (reason != NULL)
        /* Translators: an alert: a function's error rate over some minutes */
        *reason = g_strdup_printf (ngettext ("%s: %.1f %% of invocations failed in the last %u "
                                             "minute",
                                             "%s: %.1f %% of invocations failed in the last %u "
                                             "minutes", self->minutes),
                                   stats->name, value, self->minutes);
      return TRUE;
    case PD_ALERT_THROTTLE:
      value = 0;
      for (guint i = 0; i < stats->times->len; i++)
        if (g_array_index (stats->times, gint64, i) >= since)
          value += g_array_index (stats->throttles_series, double, i);
      if (value <= 0)
        return FALSE;
      if (reason != NULL)
        /* Translators: an alert: throttled invocations of a function */
        *reason = g_strdup_printf (_("%s: %.0f invocations throttled"), stats->name, value);
      return TRUE;
    case PD_ALERT_P95:
      value = pd_function_stats_recent_max (stats, stats->duration_series, since);
      if (isnan (value) || value <= self->threshold)
        return FALSE;
      if (reason != NULL)
        /* Translators: an alert: a function's p95 duration */
        *reason = g_strdup_printf (_("%s: p95 duration %.0f ms, above %.0f ms"), stats->name,
                                   value, self->threshold);
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

struct _PdFunctionAlerts
{
  GObject          parent_instance;

  GPtrArray       *rules;
  GHashTable      *holding;   /* rule text → TRUE */
  PdFunctionStore *store;
};

G_DEFINE_FINAL_TYPE (PdFunctionAlerts, pd_function_alerts, G_TYPE_OBJECT)

enum
{
  SIGNAL_ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * pd_function_alerts_check_now:
 * @self: a #PdFunctionAlerts
 *
 * Checks the rules on the metrics the store has.
 */
void
pd_function_alerts_check_now (PdFunctionAlerts *self)
{
  gint64 now = pd_util_get_real_time () / 1000;

  g_return_if_fail (PD_IS_FUNCTION_ALERTS (self));

  if (!pd_function_store_get_loaded (self->store))
    return;
  for (guint i = 0; i < self->rules->len; i++)
    {
      PdAlertRule *rule = g_ptr_array_index (self->rules, i);
      PdFunctionStats *stats = pd_function_store_lookup (self->store, rule->function);
      g_autofree char *key = pd_alert_rule_to_string (rule);
      g_autofree char *reason = NULL;

      if (stats != NULL && pd_alert_rule_check (rule, stats, now, &reason))
        {
          if (g_hash_table_add (self->holding, g_strdup (key)))
            g_signal_emit (self, signals[SIGNAL_ALERT], 0, rule->function, reason);
        }
      else
        g_hash_table_remove (self->holding, key);
    }
}

static void
on_store_changed_cb (PdFunctionAlerts *self,
                     PdFunctionStore  *store)
{
  pd_function_alerts_check_now (self);
}

static void
pd_function_alerts_dispose (GObject *object)
{
  PdFunctionAlerts *self = PD_FUNCTION_ALERTS (object);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_object_run_dispose (G_OBJECT (self->store));
    }
  g_clear_object (&self->store);
  G_OBJECT_CLASS (pd_function_alerts_parent_class)->dispose (object);
}

static void
pd_function_alerts_finalize (GObject *object)
{
  PdFunctionAlerts *self = PD_FUNCTION_ALERTS (object);

  g_ptr_array_unref (self->rules);
  g_hash_table_unref (self->holding);
  G_OBJECT_CLASS (pd_function_alerts_parent_class)->finalize (object);
}

static void
pd_function_alerts_class_init (PdFunctionAlertsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_function_alerts_dispose;
  object_class->finalize = pd_function_alerts_finalize;

  /**
   * PdFunctionAlerts::alert:
   * @function: the function
   * @reason: what happened, in words
   *
   * A rule started to hold.
   */
  signals[SIGNAL_ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                        G_TYPE_STRING);
}

static void
pd_function_alerts_init (PdFunctionAlerts *self)
{
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_alert_rule_free);
  self->holding = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store = pd_function_store_new (NULL);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

PdFunctionAlerts *
pd_function_alerts_new (void)
{
  return g_object_new (PD_TYPE_FUNCTION_ALERTS, NULL);
}

/**
 * pd_function_alerts_set_rules:
 * @self: a #PdFunctionAlerts
 * @rules: (array zero-terminated=1): the rules as the setting keeps them
 * @error: return location for a #GError
 *
 * Keeps every valid rule; the first bad one is reported in @error.
 *
 * Returns: whether all were valid
 */
gboolean
pd_function_alerts_set_rules (PdFunctionAlerts    *self,
                              const char * const  *rules,
                              GError             **error)
{
  gboolean valid = TRUE;

  g_return_val_if_fail (PD_IS_FUNCTION_ALERTS (self), FALSE);

  g_ptr_array_set_size (self->rules, 0);
  g_hash_table_remove_all (self->holding);
  for (guint i = 0; rules != NULL && rules[i] != NULL; i++)
    {
      GError *local = NULL;
      PdAlertRule *rule = pd_alert_rule_parse (rules[i], &local);

      if (rule != NULL)
        g_ptr_array_add (self->rules, rule);
      else
        {
          if (valid)
            g_propagate_error (error, local);
          else
            g_error_free (local);
          valid = FALSE;
        }
    }
  pd_function_alerts_check_now (self);
  return valid;
}

guint
pd_function_alerts_get_n_rules (PdFunctionAlerts *self)
{
  g_return_val_if_fail (PD_IS_FUNCTION_ALERTS (self), 0);
  return self->rules->len;
}

/**
 * pd_function_alerts_set_client:
 * @self: a #PdFunctionAlerts
 * @client: (nullable): the client of the open account
 *
 * Watches the functions of @client's account and region.
 */
void
pd_function_alerts_set_client (PdFunctionAlerts *self,
                               PdAwsClient      *client)
{
  g_return_if_fail (PD_IS_FUNCTION_ALERTS (self));

  if (client == pd_function_store_get_client (self->store))
    return;
  g_hash_table_remove_all (self->holding);
  pd_function_store_set_client (self->store, client);
}

/**
 * pd_function_alerts_get_store:
 * @self: a #PdFunctionAlerts
 *
 * Returns: (transfer none): the store of the last hour it checks
 */
PdFunctionStore *
pd_function_alerts_get_store (PdFunctionAlerts *self)
{
  g_return_val_if_fail (PD_IS_FUNCTION_ALERTS (self), NULL);
  return self->store;
}

/**
 * pd_function_alerts_set_active:
 * @self: a #PdFunctionAlerts
 * @active: whether to fetch the metrics now and then
 */
void
pd_function_alerts_set_active (PdFunctionAlerts *self,
                               gboolean          active)
{
  g_return_if_fail (PD_IS_FUNCTION_ALERTS (self));
  pd_function_store_set_active (self->store, active && self->rules->len > 0);
}
