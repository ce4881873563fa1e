/* fuzz-ini.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include "pd-aws-ini.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAwsIni) ini = NULL;
  g_auto(GStrv) sections = NULL;

  ini = pd_aws_ini_new_from_data ((const char *) data, size, "fuzz", &error);
  if (ini == NULL)
    {
      /* Every failure must be a clear error naming the file. */
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "fuzz"));
      return 0;
    }

  g_assert_no_error (error);

  /* Walk everything the parser kept, so that every stored string is read. */
  sections = pd_aws_ini_dup_sections (ini);
  for (guint i = 0; sections[i] != NULL; i++)
    {
      g_auto(GStrv) keys = pd_aws_ini_dup_keys (ini, sections[i]);

      g_assert_true (pd_aws_ini_has_section (ini, sections[i]));
      for (guint j = 0; keys[j] != NULL; j++)
        {
          g_auto(GStrv) subkeys = pd_aws_ini_dup_subkeys (ini, sections[i], keys[j]);
          const char *value = pd_aws_ini_get_value (ini, sections[i], keys[j]);

          g_assert_nonnull (value);
          g_assert_true (g_utf8_validate (value, -1, NULL));
          for (guint k = 0; subkeys[k] != NULL; k++)
            g_assert_nonnull (pd_aws_ini_get_subvalue (ini, sections[i], keys[j], subkeys[k]));
        }
    }

  return 0;
}
