/* pd-aws-ini.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PdAwsIni:
 *
 * A parsed AWS shared configuration file (`~/.aws/config` or
 * `~/.aws/credentials`): sections in file order, each with keys in file order.
 * A key whose value is empty and which is followed by more indented
 * `name = value` lines holds a sub-section (`s3 =` / `  endpoint_url = …`).
 *
 * Values may be secrets: they are wiped from memory when the last reference
 * goes, and the parser never copies them into errors or logs.
 */
typedef struct _PdAwsIni PdAwsIni;

#define PD_AWS_TYPE_INI (pd_aws_ini_get_type ())

GType       pd_aws_ini_get_type          (void) G_GNUC_CONST;
PdAwsIni   *pd_aws_ini_new_from_data     (const char  *data,
                                          gssize       length,
                                          const char  *file_name,
                                          GError     **error);
PdAwsIni   *pd_aws_ini_new_from_file     (const char  *path,
                                          GError     **error);
PdAwsIni   *pd_aws_ini_ref               (PdAwsIni    *self);
void        pd_aws_ini_unref             (PdAwsIni    *self);
const char *pd_aws_ini_get_file_name     (PdAwsIni    *self);
char      **pd_aws_ini_dup_sections      (PdAwsIni    *self);
gboolean    pd_aws_ini_has_section       (PdAwsIni    *self,
                                          const char  *section);
char      **pd_aws_ini_dup_keys          (PdAwsIni    *self,
                                          const char  *section);
const char *pd_aws_ini_get_value         (PdAwsIni    *self,
                                          const char  *section,
                                          const char  *key);
gboolean    pd_aws_ini_has_subsection    (PdAwsIni    *self,
                                          const char  *section,
                                          const char  *key);
char      **pd_aws_ini_dup_subkeys       (PdAwsIni    *self,
                                          const char  *section,
                                          const char  *key);
const char *pd_aws_ini_get_subvalue      (PdAwsIni    *self,
                                          const char  *section,
                                          const char  *key,
                                          const char  *subkey);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAwsIni, pd_aws_ini_unref)

G_END_DECLS
