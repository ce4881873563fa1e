/* pd-aws-ini.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pd-aws-credentials.h"
#include "pd-aws-error.h"
#include "pd-aws-ini.h"

/* Shared configuration files are a few kilobytes; anything this big is not
 * one, and reading it whole would only waste memory. */
#define MAX_FILE_SIZE (4 * 1024 * 1024)

typedef struct
{
  char      *key;
  char      *value;
  /* Sub-section entries (IniEntry), or NULL for a plain value */
  GPtrArray *subentries;
  /* Indentation of the key line: deeper lines continue it */
  gsize      indent;
} IniEntry;

typedef struct
{
  char       *name;
  GPtrArray  *entries;
  GHashTable *by_key;
} IniSection;

struct _PdAwsIni
{
  gatomicrefcount  ref_count;
  char            *file_name;
  GPtrArray       *sections;
  GHashTable      *by_name;
};

G_DEFINE_BOXED_TYPE (PdAwsIni, pd_aws_ini, pd_aws_ini_ref, pd_aws_ini_unref)

static void
ini_entry_free (gpointer data)
{
  IniEntry *entry = data;

  g_free (entry->key);
  pd_aws_secure_free (entry->value);
  g_clear_pointer (&entry->subentries, g_ptr_array_unref);
  g_free (entry);
}

static IniEntry *
ini_entry_new (const char *key,
               const char *value,
               gsize       indent)
{
  IniEntry *entry = g_new0 (IniEntry, 1);

  entry->key = g_strdup (key);
  entry->value = g_strdup (value);
  entry->indent = indent;

  return entry;
}

static void
ini_section_free (gpointer data)
{
  IniSection *section = data;

  g_hash_table_unref (section->by_key);
  g_ptr_array_unref (section->entries);
  g_free (section->name);
  g_free (section);
}

static IniSection *
ini_section_new (const char *name)
{
  IniSection *section = g_new0 (IniSection, 1);

  section->name = g_strdup (name);
  section->entries = g_ptr_array_new_with_free_func (ini_entry_free);
  section->by_key = g_hash_table_new (g_str_hash, g_str_equal);

  return section;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static char *
strip (char *s)
{
  char *end;

  while (is_blank (*s))
    s++;
  end = s + strlen (s);
  while (end > s && is_blank (end[-1]))
    end--;
  *end = '\0';

  return s;
}

/* Cuts an inline comment: a `#` or `;` that follows whitespace. A `;` or `#`
 * inside a word (`a;b`, `http://h/#x`) is part of the value. */
static void
cut_inline_comment (char *s)
{
  for (char *p = s; *p != '\0'; p++)
    {
      if ((*p == '#' || *p == ';') && (p == s || is_blank (p[-1])))
        {
          *p = '\0';
          return;
        }
    }
}

static void
set_parse_error (GError     **error,
                 const char  *file_name,
                 guint        line,
                 const char  *what)
{
  /* The line's text is never quoted: it may hold a secret key. */
  g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
               "%s, line %u: %s", file_name, line, what);
}

static IniEntry *
section_set (IniSection *section,
             const char *key,
             const char *value,
             gsize       indent)
{
  IniEntry *entry = g_hash_table_lookup (section->by_key, key);

  /* A repeated key replaces the earlier value, in place. */
  if (entry != NULL)
    {
      pd_aws_secure_free (entry->value);
      entry->value = g_strdup (value);
      g_clear_pointer (&entry->subentries, g_ptr_array_unref);
      entry->indent = indent;
      return entry;
    }

  entry = ini_entry_new (key, value, indent);
  g_ptr_array_add (section->entries, entry);
  g_hash_table_insert (section->by_key, entry->key, entry);

  return entry;
}

static gboolean
parse_continuation (IniEntry    *entry,
                    char        *text,
                    const char  *file_name,
                    guint        line_no,
                    GError     **error)
{
  char *eq;
  char *subkey;
  char *subvalue;
  IniEntry *sub = NULL;

  if (entry->subentries == NULL && entry->value[0] != '\0')
    {
      /* A multi-line value, as configparser keeps it. */
      char *joined;

      cut_inline_comment (text);
      text = strip (text);
      if (text[0] == '\0')
        return TRUE;
      joined = g_strconcat (entry->value, "\n", text, NULL);
      pd_aws_secure_free (entry->value);
      entry->value = joined;
      return TRUE;
    }

  if ((eq = strchr (text, '=')) == NULL)
    {
      set_parse_error (error, file_name, line_no,
                       "an indented line of a sub-section must be “name = value”");
      return FALSE;
    }

  *eq = '\0';
  subkey = strip (text);
  subvalue = eq + 1;
  cut_inline_comment (subvalue);
  subvalue = strip (subvalue);

  if (subkey[0] == '\0')
    {
      set_parse_error (error, file_name, line_no, "a sub-section line has no name before “=”");
      return FALSE;
    }

  if (entry->subentries == NULL)
    entry->subentries = g_ptr_array_new_with_free_func (ini_entry_free);

  for (guint i = 0; i < entry->subentries->len; i++)
    {
      IniEntry *candidate = g_ptr_array_index (entry->subentries, i);

      if (g_str_equal (candidate->key, subkey))
        {
          sub = candidate;
          break;
        }
    }

  if (sub != NULL)
    {
      pd_aws_secure_free (sub->value);
      sub->value = g_strdup (subvalue);
    }
  else
    {
      g_ptr_array_add (entry->subentries, ini_entry_new (subkey, subvalue, 0));
    }

  return TRUE;
}

static gboolean
parse_section_header (PdAwsIni    *self,
                      char        *line,
                      IniSection **current,
                      guint        line_no,
                      GError     **error)
{
  char *close = strchr (line, ']');
  char *rest;
  char *name;
  IniSection *section;

  if (close == NULL)
    {
      set_parse_error (error, self->file_name, line_no, "a section header has no closing “]”");
      return FALSE;
    }

  *close = '\0';
  rest = strip (close + 1);
  if (rest[0] != '\0' && rest[0] != '#' && rest[0] != ';')
    {
      set_parse_error (error, self->file_name, line_no, "unexpected text after a section header");
      return FALSE;
    }

  name = strip (line + 1);
  if (name[0] == '\0')
    {
      set_parse_error (error, self->file_name, line_no, "a section header has an empty name");
      return FALSE;
    }

  /* A section that appears again continues the first one: its keys are
   * merged, later values winning. */
  section = g_hash_table_lookup (self->by_name, name);
  if (section == NULL)
    {
      section = ini_section_new (name);
      g_ptr_array_add (self->sections, section);
      g_hash_table_insert (self->by_name, section->name, section);
    }

  *current = section;
  return TRUE;
}

static gboolean
parse_key_line (PdAwsIni    *self,
                char        *line,
                gsize        indent,
                IniSection  *section,
                IniEntry   **current_entry,
                guint        line_no,
                GError     **error)
{
  char *delim;
  char *key;
  char *value;

  if (section == NULL)
    {
      set_parse_error (error, self->file_name, line_no,
                       "a setting comes before the first “[section]” header");
      return FALSE;
    }

  delim = strpbrk (line, "=:");
  if (delim == NULL)
    {
      set_parse_error (error, self->file_name, line_no,
                       "expected “name = value”, a “[section]” header or a comment");
      return FALSE;
    }

  *delim = '\0';
  key = strip (line);
  value = delim + 1;
  cut_inline_comment (value);
  value = strip (value);

  if (key[0] == '\0')
    {
      set_parse_error (error, self->file_name, line_no, "a setting has no name before “=”");
      return FALSE;
    }

  /* configparser (and so botocore) folds option names to lower case. */
  for (char *p = key; *p != '\0'; p++)
    *p = g_ascii_tolower (*p);

  *current_entry = section_set (section, key, value, indent);
  return TRUE;
}

static gboolean
parse_buffer (PdAwsIni    *self,
              char        *buffer,
              gsize        length,
              GError     **error)
{
  IniSection *section = NULL;
  IniEntry *entry = NULL;
  char *p = buffer;
  char *end = buffer + length;
  guint line_no = 0;

  /* A UTF-8 byte order mark, as Windows editors write. */
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      char *line = p;
      char *eol = p;
      char *text;
      gsize indent;

      line_no++;

      while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;
      if (eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n')
        {
          *eol = '\0';
          p = eol + 2;
        }
      else if (eol < end)
        {
          *eol = '\0';
          p = eol + 1;
        }
      else
        {
          /* The buffer is NUL-terminated one past @length. */
          p = end;
        }

      if (!g_utf8_validate (line, -1, NULL))
        {
          set_parse_error (error, self->file_name, line_no, "the line is not valid UTF-8");
          return FALSE;
        }

      indent = 0;
      while (is_blank (line[indent]))
        indent++;
      text = line + indent;

      if (text[0] == '\0' || text[0] == '#' || text[0] == ';')
        continue;

      if (indent > 0 && entry != NULL && indent > entry->indent)
        {
          if (!parse_continuation (entry, text, self->file_name, line_no, error))
            return FALSE;
          continue;
        }

      if (text[0] == '[')
        {
          entry = NULL;
          if (!parse_section_header (self, text, &section, line_no, error))
            return FALSE;
          continue;
        }

      if (!parse_key_line (self, text, indent, section, &entry, line_no, error))
        return FALSE;
    }

  return TRUE;
}

static PdAwsIni *
ini_new (const char *file_name)
{
  PdAwsIni *self = g_new0 (PdAwsIni, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->file_name = g_strdup (file_name != NULL ? file_name : "(configuration)");
  self->sections = g_ptr_array_new_with_free_func (ini_section_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);

  return self;
}

/**
 * pd_aws_ini_new_from_data:
 * @data: the file's bytes
 * @length: the length of @data, or -1 if it is NUL-terminated
 * @file_name: (nullable): the name to give in error messages
 * @error: a location for a #GError
 *
 * Parses a shared configuration file the way the AWS SDKs read it: `#` and `;`
 * comment lines; inline `#`/`;` comments after whitespace; `[section]`
 * headers; `name = value` (or `name: value`) settings with names folded to
 * lower case; indented `name = value` lines under a setting with an empty
 * value as a sub-section; other indented lines as the continuation of a
 * multi-line value; CRLF line ends; a UTF-8 byte order mark. Unknown keys
 * are kept. A section or key that appears twice is merged, later values
 * winning.
 *
 * A malformed file gives %PD_AWS_ERROR_CONFIG naming @file_name and the
 * line; the line's text is never quoted.
 *
 * Returns: (transfer full): the parsed file, or %NULL with @error set
 */
PdAwsIni *
pd_aws_ini_new_from_data (const char  *data,
                          gssize       length,
                          const char  *file_name,
                          GError     **error)
{
  g_autoptr(PdAwsIni) self = NULL;
  char *buffer;
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  self = ini_new (file_name);

  if ((gsize) length > MAX_FILE_SIZE)
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                   "%s is too large to be a configuration file (%" G_GSSIZE_FORMAT " bytes)",
                   self->file_name, length);
      return NULL;
    }

  if (length > 0 && memchr (data, '\0', length) != NULL)
    {
      const char *nul = memchr (data, '\0', length);
      guint line = 1;

      for (const char *q = data; q < nul; q++)
        if (*q == '\n')
          line++;
      set_parse_error (error, self->file_name, line, "the line holds a NUL byte");
      return NULL;
    }

  buffer = g_malloc (length + 1);
  if (length > 0)
    memcpy (buffer, data, length);
  buffer[length] = '\0';

  ok = parse_buffer (self, buffer, length, error);

  explicit_bzero (buffer, length + 1);
  g_free (buffer);

  if (!ok)
    return NULL;

  return g_steal_pointer (&self);
}

static gboolean
read_file (const char  *path,
           char       **contents,
           gsize       *length,
           GError     **error)
{
  struct stat st;
  GByteArray *bytes;
  guint8 chunk[8192];
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                     "%s does not exist", path);
      else
        g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                     "Could not open %s: %s", path, g_strerror (saved));
      return FALSE;
    }

  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                   "%s is a directory, not a configuration file", path);
      return FALSE;
    }

  bytes = g_byte_array_new ();
  for (;;)
    {
      gssize n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          if (bytes->len > 0)
            explicit_bzero (bytes->data, bytes->len);
          g_byte_array_unref (bytes);
          explicit_bzero (chunk, sizeof chunk);
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                       "Could not read %s: %s", path, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      if (bytes->len + n > MAX_FILE_SIZE)
        {
          close (fd);
          if (bytes->len > 0)
            explicit_bzero (bytes->data, bytes->len);
          g_byte_array_unref (bytes);
          explicit_bzero (chunk, sizeof chunk);
          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CONFIG,
                       "%s is too large to be a configuration file", path);
          return FALSE;
        }
      g_byte_array_append (bytes, chunk, n);
    }
  close (fd);
  explicit_bzero (chunk, sizeof chunk);

  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (bytes, FALSE);

  return TRUE;
}

/**
 * pd_aws_ini_new_from_file:
 * @path: the file to read
 * @error: a location for a #GError
 *
 * Reads and parses @path as pd_aws_ini_new_from_data() does. A file that does
 * not exist gives %G_FILE_ERROR_NOENT (callers usually treat it as empty);
 * any other failure is %PD_AWS_ERROR_CONFIG naming the file.
 *
 * Returns: (transfer full): the parsed file, or %NULL with @error set
 */
PdAwsIni *
pd_aws_ini_new_from_file (const char  *path,
                          GError     **error)
{
  char *contents = NULL;
  gsize length = 0;
  PdAwsIni *ini;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_file (path, &contents, &length, error))
    return NULL;

  ini = pd_aws_ini_new_from_data (contents, length, path, error);

  explicit_bzero (contents, length);
  g_free (contents);

  return ini;
}

/**
 * pd_aws_ini_ref:
 * @self: a parsed file
 *
 * Returns: (transfer full): @self
 */
PdAwsIni *
pd_aws_ini_ref (PdAwsIni *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * pd_aws_ini_unref:
 * @self: (transfer full): a parsed file
 *
 * Drops a reference; the last one wipes every value.
 */
void
pd_aws_ini_unref (PdAwsIni *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->sections);
  g_free (self->file_name);
  g_free (self);
}

/**
 * pd_aws_ini_get_file_name:
 * @self: a parsed file
 *
 * Returns: (transfer none): the name used in error messages
 */
const char *
pd_aws_ini_get_file_name (PdAwsIni *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->file_name;
}

/**
 * pd_aws_ini_dup_sections:
 * @self: a parsed file
 *
 * Returns: (transfer full) (array zero-terminated=1): the section names, in
 *   the order they first appear
 */
char **
pd_aws_ini_dup_sections (PdAwsIni *self)
{
  GStrvBuilder *builder;
  char **result;

  g_return_val_if_fail (self != NULL, NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->sections->len; i++)
    g_strv_builder_add (builder, ((IniSection *) g_ptr_array_index (self->sections, i))->name);
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return result;
}

/**
 * pd_aws_ini_has_section:
 * @self: a parsed file
 * @section: a section name, e.g. `profile dev`
 *
 * Returns: %TRUE if the file has @section
 */
gboolean
pd_aws_ini_has_section (PdAwsIni   *self,
                        const char *section)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (section != NULL, FALSE);

  return g_hash_table_contains (self->by_name, section);
}

static IniEntry *
lookup_entry (PdAwsIni   *self,
              const char *section,
              const char *key)
{
  IniSection *s = g_hash_table_lookup (self->by_name, section);
  g_autofree char *folded = NULL;

  if (s == NULL)
    return NULL;

  folded = g_ascii_strdown (key, -1);
  return g_hash_table_lookup (s->by_key, folded);
}

/* The keys of @entries (nullable), in order */
static char **
entry_keys (GPtrArray *entries)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    g_strv_builder_add (builder, ((IniEntry *) g_ptr_array_index (entries, i))->key);
  return g_strv_builder_end (builder);
}

/**
 * pd_aws_ini_dup_keys:
 * @self: a parsed file
 * @section: a section name
 *
 * Returns: (transfer full) (array zero-terminated=1): the keys of @section in
 *   file order, empty if there is no such section
 */
char **
pd_aws_ini_dup_keys (PdAwsIni   *self,
                     const char *section)
{
  IniSection *s;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (section != NULL, NULL);

  s = g_hash_table_lookup (self->by_name, section);
  return entry_keys (s != NULL ? s->entries : NULL);
}

/**
 * pd_aws_ini_get_value:
 * @self: a parsed file
 * @section: a section name
 * @key: a key (matched case-insensitively, as configparser does)
 *
 * Returns: (nullable) (transfer none): the value, stripped of surrounding
 *   whitespace and inline comments; the empty string for a sub-section; %NULL
 *   if there is no such key
 */
const char *
pd_aws_ini_get_value (PdAwsIni   *self,
                      const char *section,
                      const char *key)
{
  IniEntry *entry;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (section != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  entry = lookup_entry (self, section, key);
  return entry != NULL ? entry->value : NULL;
}

/**
 * pd_aws_ini_has_subsection:
 * @self: a parsed file
 * @section: a section name
 * @key: a key
 *
 * Returns: %TRUE if @key in @section holds indented `name = value` lines
 */
gboolean
pd_aws_ini_has_subsection (PdAwsIni   *self,
                           const char *section,
                           const char *key)
{
  IniEntry *entry;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (section != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  entry = lookup_entry (self, section, key);
  return entry != NULL && entry->subentries != NULL;
}

/**
 * pd_aws_ini_dup_subkeys:
 * @self: a parsed file
 * @section: a section name
 * @key: the key that holds a sub-section
 *
 * Returns: (transfer full) (array zero-terminated=1): the sub-section's keys
 *   in file order, empty if there is none
 */
char **
pd_aws_ini_dup_subkeys (PdAwsIni   *self,
                        const char *section,
                        const char *key)
{
  IniEntry *entry;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (section != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  entry = lookup_entry (self, section, key);
  return entry_keys (entry != NULL ? entry->subentries : NULL);
}

/**
 * pd_aws_ini_get_subvalue:
 * @self: a parsed file
 * @section: a section name
 * @key: the key that holds a sub-section
 * @subkey: a key inside it (matched exactly, as botocore does)
 *
 * Returns: (nullable) (transfer none): the value, or %NULL
 */
const char *
pd_aws_ini_get_subvalue (PdAwsIni   *self,
                         const char *section,
                         const char *key,
                         const char *subkey)
{
  IniEntry *entry;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (section != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (subkey != NULL, NULL);

  entry = lookup_entry (self, section, key);
  if (entry == NULL || entry->subentries == NULL)
    return NULL;

  for (guint i = 0; i < entry->subentries->len; i++)
    {
      IniEntry *sub = g_ptr_array_index (entry->subentries, i);

      if (g_str_equal (sub->key, subkey))
        return sub->value;
    }

  return NULL;
}
