/* pd-aws-loopback-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where plain http:// may go, as error messages state it */
#define PD_AWS_LOOPBACK_RULE \
  "loopback addresses (127.0.0.0/8, ::1), localhost and names that resolve only to " \
  "loopback addresses"

/* Host names of http:// endpoints, each resolved once and pinned to the
 * loopback addresses it resolved to, so that a later answer for the name
 * cannot send requests elsewhere. */
typedef struct _PdAwsLoopbackPins PdAwsLoopbackPins;

PdAwsLoopbackPins *pd_aws_loopback_pins_new           (void);
void               pd_aws_loopback_pins_free          (PdAwsLoopbackPins    *self);
void               pd_aws_loopback_pins_lookup_async  (PdAwsLoopbackPins    *self,
                                                       const char           *name,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean           pd_aws_loopback_pins_lookup_finish (GAsyncResult         *result,
                                                       GError              **error);
char              *pd_aws_loopback_pins_dup_address   (PdAwsLoopbackPins    *self,
                                                       const char           *name);
void               pd_aws_loopback_pins_failed        (PdAwsLoopbackPins    *self,
                                                       const char           *name,
                                                       const char           *address);

G_END_DECLS
