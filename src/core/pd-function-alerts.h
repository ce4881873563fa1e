/* pd-function-alerts.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"
#include "pd-function-store.h"

G_BEGIN_DECLS

/**
 * PdAlertKind:
 * @PD_ALERT_ERROR_RATE: the error rate is above a percentage
 * @PD_ALERT_THROTTLE: any invocation was throttled
 * @PD_ALERT_P95: the p95 duration is above a number of milliseconds
 *
 * What an alert rule looks at.
 */
typedef enum
{
  PD_ALERT_ERROR_RATE,
  PD_ALERT_THROTTLE,
  PD_ALERT_P95,
} PdAlertKind;

/**
 * PdAlertRule:
 * @function: the function name
 * @kind: what the rule looks at
 * @threshold: the percentage or milliseconds it must stay under (0 for
 *   throttles)
 * @minutes: over how many of the last minutes (1–60)
 *
 * One alert rule, kept in the `function-alerts` setting as
 * `FUNCTION|error-rate|PERCENT|MINUTES`, `FUNCTION|throttle|0|MINUTES` or
 * `FUNCTION|p95|MS|MINUTES`.
 */
typedef struct
{
  char        *function;
  PdAlertKind  kind;
  double       threshold;
  guint        minutes;
} PdAlertRule;

PdAlertRule *pd_alert_rule_parse          (const char        *text,
                                           GError           **error);
char        *pd_alert_rule_to_string      (const PdAlertRule *self);
void         pd_alert_rule_free           (PdAlertRule       *self);
gboolean     pd_alert_rule_check          (const PdAlertRule *self,
                                           const PdFunctionStats *stats,
                                           gint64             now_ms,
                                           char             **reason);

#define PD_TYPE_FUNCTION_ALERTS (pd_function_alerts_get_type ())

G_DECLARE_FINAL_TYPE (PdFunctionAlerts, pd_function_alerts, PD, FUNCTION_ALERTS, GObject)

PdFunctionAlerts *pd_function_alerts_new          (void);
gboolean          pd_function_alerts_set_rules    (PdFunctionAlerts   *self,
                                                   const char * const *rules,
                                                   GError            **error);
guint             pd_function_alerts_get_n_rules  (PdFunctionAlerts   *self);
void              pd_function_alerts_set_client   (PdFunctionAlerts   *self,
                                                   PdAwsClient        *client);
PdFunctionStore  *pd_function_alerts_get_store    (PdFunctionAlerts   *self);
void              pd_function_alerts_set_active   (PdFunctionAlerts   *self,
                                                   gboolean            active);
void              pd_function_alerts_check_now    (PdFunctionAlerts   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAlertRule, pd_alert_rule_free)

G_END_DECLS
