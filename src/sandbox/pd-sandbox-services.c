/* pd-sandbox-services.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-sandbox-services-private.h"

/* Small helpers the application-stack modules share. */

char *
pd_sandbox_generate_password (guint length)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789_-";
  /* Seeded from /dev/urandom, never from the world's seed. */
  g_autoptr(GRand) rand = g_rand_new ();
  char *password = g_malloc (length + 1);

  for (guint i = 0; i < length; i++)
    password[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
  password[length] = '\0';

  return password;
}

void
pd_sandbox_xml_append (GString    *xml,
                       const char *name,
                       const char *value)
{
  g_autofree char *escaped = pd_sandbox_xml_escape (value);

  g_string_append_printf (xml, "<%s>%s</%s>", name, escaped, name);
}

char *
pd_sandbox_format_iso8601 (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

guint64
pd_sandbox_hash64 (guint64 x)
{
  /* splitmix64's finaliser: well spread bits from consecutive inputs. */
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
