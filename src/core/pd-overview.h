/* pd-overview.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/**
 * PdOverviewTileKind:
 * @PD_OVERVIEW_PIPELINES: pipelines (@total) and the failed ones (@bad);
 *   @extra are running
 * @PD_OVERVIEW_APPROVALS: approvals waiting (@total)
 * @PD_OVERVIEW_API_STAGES: API stages (@total) over @extra APIs
 * @PD_OVERVIEW_WAF_BLOCKED: requests blocked in the last hour among the
 *   sampled ones (@total) over @extra web ACLs
 * @PD_OVERVIEW_LAMBDA_ERRORS: functions (@total) and those failing more
 *   than 1 % of their invocations in the last hour (@bad)
 * @PD_OVERVIEW_DATABASES: database clusters (@total) and those not
 *   available (@bad)
 * @PD_OVERVIEW_N_TILES: the number of tiles
 *
 * The tiles of the Overview.
 */
typedef enum
{
  PD_OVERVIEW_PIPELINES,
  PD_OVERVIEW_APPROVALS,
  PD_OVERVIEW_API_STAGES,
  PD_OVERVIEW_WAF_BLOCKED,
  PD_OVERVIEW_LAMBDA_ERRORS,
  PD_OVERVIEW_DATABASES,
  PD_OVERVIEW_N_TILES,
} PdOverviewTileKind;

/**
 * PdOverviewTile:
 * @loaded: whether it has ever been read
 * @stale: whether its last reading failed, so the numbers are older
 * @total: its main number
 * @bad: how many need attention
 * @extra: a second number (see #PdOverviewTileKind)
 * @worst: the highest error rate (Lambda), in percent
 * @error: (nullable): why the last reading failed
 * @updated: when it was last read, in ms
 *
 * What one tile shows.
 */
typedef struct
{
  gboolean  loaded;
  gboolean  stale;
  guint     total;
  guint     bad;
  guint     extra;
  double    worst;
  GError   *error;
  gint64    updated;
} PdOverviewTile;

#define PD_TYPE_OVERVIEW (pd_overview_get_type ())

G_DECLARE_FINAL_TYPE (PdOverview, pd_overview, PD, OVERVIEW, GObject)

PdOverview           *pd_overview_new         (PdAwsClient        *client);
const PdOverviewTile *pd_overview_get_tile    (PdOverview         *self,
                                               PdOverviewTileKind  kind);
gboolean              pd_overview_get_loading (PdOverview         *self);
void                  pd_overview_refresh     (PdOverview         *self);
void                  pd_overview_cancel      (PdOverview         *self);

G_END_DECLS
