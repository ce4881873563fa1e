/* pd-aws-typed-private.h
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pd-aws-client.h"

G_BEGIN_DECLS

/* Strict readers for typed calls. @path is the place of @object in the
 * response ("stageStates[2].") so that errors name the exact member; a
 * missing optional member leaves the output alone and succeeds, a member of
 * the wrong type fails with PD_AWS_ERROR_PARSE. */

gboolean    pd_aws_read_string      (JsonObject          *object,
                                     const char          *path,
                                     const char          *member,
                                     gboolean             required,
                                     char               **out,
                                     GError             **error);
gboolean    pd_aws_read_int         (JsonObject          *object,
                                     const char          *path,
                                     const char          *member,
                                     gint64              *out,
                                     GError             **error);
gboolean    pd_aws_read_bool        (JsonObject          *object,
                                     const char          *path,
                                     const char          *member,
                                     gboolean            *out,
                                     GError             **error);
gboolean    pd_aws_read_time        (JsonObject          *object,
                                     const char          *path,
                                     const char          *member,
                                     GDateTime          **out,
                                     GError             **error);
gboolean    pd_aws_read_enum        (JsonObject          *object,
                                     const char          *path,
                                     const char          *member,
                                     const char * const  *values,
                                     int                 *out,
                                     char               **raw,
                                     GError             **error);
gboolean    pd_aws_read_object      (JsonObject          *object,
                                     const char          *path,
                                     const char          *member,
                                     gboolean             required,
                                     JsonObject         **out,
                                     GError             **error);
gboolean    pd_aws_read_array       (JsonObject          *object,
                                     const char          *path,
                                     const char          *member,
                                     gboolean             required,
                                     JsonArray          **out,
                                     GError             **error);
gboolean    pd_aws_read_array_object (JsonArray          *array,
                                     const char          *path,
                                     const char          *member,
                                     guint                index,
                                     JsonObject         **out,
                                     GError             **error);
gboolean    pd_aws_read_string_map  (JsonObject          *object,
                                     const char          *path,
                                     const char          *member,
                                     GHashTable         **out,
                                     GError             **error);
gboolean    pd_aws_read_string_list (JsonObject          *object,
                                     const char          *path,
                                     const char          *member,
                                     GStrv               *out,
                                     GError             **error);
gboolean    pd_aws_read_name_list   (JsonObject          *object,
                                     const char          *path,
                                     const char          *member,
                                     GStrv               *out,
                                     GError             **error);
int         pd_aws_enum_from_string (const char * const  *values,
                                     const char          *value);

/* Calls a paged operation and gathers @array_member of every page (at most
 * @max_pages, 0 for all) into one object whose nextToken, if any, is where
 * the next call would go on. */
void        pd_aws_call_pages_async  (PdAwsClient        *client,
                                      const char         *service,
                                      const char         *operation,
                                      JsonObject         *input,
                                      const char         *array_member,
                                      guint               max_pages,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
JsonObject *pd_aws_call_pages_finish (PdAwsClient        *client,
                                      GAsyncResult       *result,
                                      GError            **error);

/* One call whose answer @parse turns into a typed result (freed with
 * @destroy); errors of the call pass through unchanged, and an error of
 * @parse always starts with "@operation: ".
 * pd_aws_typed_pages_async() does the same over every page of a paged
 * operation (see pd_aws_call_pages_async()); both end with
 * pd_aws_typed_call_finish(). */
typedef gpointer (*PdAwsParseFunc) (JsonObject  *reply,
                                    GError     **error);

void        pd_aws_typed_call_async  (PdAwsClient        *client,
                                      const char         *service,
                                      const char         *operation,
                                      JsonObject         *input,
                                      PdAwsParseFunc      parse,
                                      GDestroyNotify      destroy,
                                      gpointer            source_tag,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
/* The same with @parse run in a worker thread, for answers too large to read
 * within a frame; @parse must be thread-safe */
void        pd_aws_typed_call_threaded_async (PdAwsClient        *client,
                                              const char         *service,
                                              const char         *operation,
                                              JsonObject         *input,
                                              PdAwsParseFunc      parse,
                                              GDestroyNotify      destroy,
                                              gpointer            source_tag,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
/* The same with @parse_data for @parse, freed with @parse_data_free */
typedef gpointer (*PdAwsParseDataFunc) (JsonObject  *reply,
                                        gpointer     parse_data,
                                        GError     **error);

void        pd_aws_typed_call_full_async (PdAwsClient        *client,
                                          const char         *service,
                                          const char         *operation,
                                          JsonObject         *input,
                                          PdAwsParseDataFunc  parse,
                                          gpointer            parse_data,
                                          GDestroyNotify      parse_data_free,
                                          GDestroyNotify      destroy,
                                          gpointer            source_tag,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
void        pd_aws_typed_pages_async (PdAwsClient        *client,
                                      const char         *service,
                                      const char         *operation,
                                      JsonObject         *input,
                                      const char         *array_member,
                                      guint               max_pages,
                                      PdAwsParseFunc      parse,
                                      GDestroyNotify      destroy,
                                      gpointer            source_tag,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gpointer    pd_aws_typed_call_finish (PdAwsClient        *client,
                                      GAsyncResult       *result,
                                      gpointer            source_tag,
                                      GError            **error);
void        pd_aws_typed_fail        (PdAwsClient        *client,
                                      gpointer            source_tag,
                                      GError             *error,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);

G_END_DECLS
