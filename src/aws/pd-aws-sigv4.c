/* pd-aws-sigv4.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "pd-aws-error.h"
#include "pd-aws-sigv4.h"
#include "pd-aws-sigv4-private.h"

#define SIGV4_ALGORITHM      "AWS4-HMAC-SHA256"
#define SIGV4_TERMINATOR     "aws4_request"
#define EMPTY_PAYLOAD_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define AMZ_DATE_LEN         16   /* YYYYMMDD'T'HHMMSS'Z' */
#define KEY_CACHE_SIZE       16

/* The three strings share one allocation, owned through @name. */
typedef struct
{
  char *name;
  char *lname;                       /* name in lower case, as SigV4 uses it */
  char *value;
} Header;

struct _PdAwsSigningRequest
{
  char     *method;
  char     *path;
  char     *query;
  GArray   *headers;                 /* Header, in arrival order */
  char      payload_hash[2 * PD_AWS_SHA256_LEN + 1];
  gboolean  has_payload_hash;
  gboolean  payload_hash_from_body;
};

typedef struct
{
  guint8   id[PD_AWS_SHA256_LEN];    /* salted hash of secret, date, region, service */
  guint8   key[PD_AWS_SHA256_LEN];
  guint64  last_use;
  gboolean used;
} KeyCacheEntry;

/* The signing key changes once a day per credential and scope; deriving it
 * costs four HMACs, so recent ones are kept. The secret itself is never
 * stored: entries are found by a salted hash of it. */
static GMutex         key_cache_lock;
static KeyCacheEntry  key_cache[KEY_CACHE_SIZE];
static guint64        key_cache_clock;
static guint8         key_cache_salt[PD_AWS_SHA256_LEN];
static gboolean       key_cache_salted;
static gint           key_cache_generation;   /* bumped when the cache is wiped */

/* Headers botocore leaves out of the signature: proxies and the HTTP
 * stack change them after signing. */
static const char * const unsigned_headers[] = {
  "authorization", "expect", "user-agent", "x-amzn-trace-id", NULL
};

static const char * const week_days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char * const months[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* Crypto primitives */

typedef struct
{
  EVP_MD      *sha256;
  EVP_MAC_CTX *hmac_template;
} Crypto;

static const Crypto *
get_crypto (void)
{
  static Crypto crypto;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      EVP_MAC *mac;
      OSSL_PARAM params[2];

      /* Fetching once: an implicit fetch on every digest is the main cost of
       * OpenSSL 3 for inputs as small as ours. */
      crypto.sha256 = EVP_MD_fetch (NULL, "SHA256", NULL);
      mac = EVP_MAC_fetch (NULL, "HMAC", NULL);
      g_assert (crypto.sha256 != NULL && mac != NULL);
      crypto.hmac_template = EVP_MAC_CTX_new (mac);
      params[0] = OSSL_PARAM_construct_utf8_string (OSSL_MAC_PARAM_DIGEST, (char *) "SHA256", 0);
      params[1] = OSSL_PARAM_construct_end ();
      if (crypto.hmac_template == NULL || !EVP_MAC_CTX_set_params (crypto.hmac_template, params))
        g_error ("OpenSSL cannot set up HMAC-SHA256");
      EVP_MAC_free (mac);
      g_once_init_leave (&initialized, 1);
    }

  return &crypto;
}

static void
digest_ctx_free (gpointer data)
{
  EVP_MD_CTX_free (data);
}

/* A digest context per thread, ready for SHA-256: creating one per digest
 * costs as much as hashing a small canonical request. */
static EVP_MD_CTX *
sha256_begin (void)
{
  static GPrivate ctx_key = G_PRIVATE_INIT (digest_ctx_free);
  EVP_MD_CTX *ctx = g_private_get (&ctx_key);

  if (ctx == NULL)
    {
      ctx = EVP_MD_CTX_new ();
      g_private_set (&ctx_key, ctx);
    }
  if (ctx == NULL || !EVP_DigestInit_ex (ctx, get_crypto ()->sha256, NULL))
    g_error ("OpenSSL failed to start SHA-256");

  return ctx;
}

void
pd_aws_sha256 (const void *data,
               gsize       length,
               guint8      out[PD_AWS_SHA256_LEN])
{
  EVP_MD_CTX *ctx = sha256_begin ();

  if (!EVP_DigestUpdate (ctx, data, length) || !EVP_DigestFinal_ex (ctx, out, NULL))
    g_error ("OpenSSL failed to compute SHA-256");
}

void
pd_aws_hmac_sha256 (const guint8 *key,
                    gsize         key_length,
                    const void   *data,
                    gsize         length,
                    guint8        out[PD_AWS_SHA256_LEN])
{
  EVP_MAC_CTX *ctx;
  size_t out_len = 0;

  ctx = EVP_MAC_CTX_dup (get_crypto ()->hmac_template);
  if (ctx == NULL ||
      !EVP_MAC_init (ctx, key, key_length, NULL) ||
      !EVP_MAC_update (ctx, data, length) ||
      !EVP_MAC_final (ctx, out, &out_len, PD_AWS_SHA256_LEN) ||
      out_len != PD_AWS_SHA256_LEN)
    g_error ("OpenSSL failed to compute HMAC-SHA256");
  EVP_MAC_CTX_free (ctx);
}

void
pd_aws_hex_encode (const guint8 *data,
                   gsize         length,
                   char         *out)
{
  static const char digits[] = "0123456789abcdef";

  for (gsize i = 0; i < length; i++)
    {
      out[2 * i] = digits[data[i] >> 4];
      out[2 * i + 1] = digits[data[i] & 0xf];
    }
  out[2 * length] = '\0';
}

static void
sha256_hex (const void *data,
            gsize       length,
            char        out[2 * PD_AWS_SHA256_LEN + 1])
{
  guint8 digest[PD_AWS_SHA256_LEN];

  pd_aws_sha256 (data, length, digest);
  pd_aws_hex_encode (digest, sizeof digest, out);
}

/* Signing-key cache */

static void
key_cache_id (const char *secret_access_key,
              const char *date,
              const char *region,
              const char *service,
              guint8      id[PD_AWS_SHA256_LEN])
{
  EVP_MD_CTX *ctx;

  if (!key_cache_salted)
    {
      if (RAND_bytes (key_cache_salt, sizeof key_cache_salt) != 1)
        for (guint i = 0; i < sizeof key_cache_salt; i++)
          key_cache_salt[i] = g_random_int_range (0, 256);
      key_cache_salted = TRUE;
    }

  /* The parts are separated by NUL bytes, which none of them can hold. */
  ctx = sha256_begin ();
  if (!EVP_DigestUpdate (ctx, key_cache_salt, sizeof key_cache_salt) ||
      !EVP_DigestUpdate (ctx, secret_access_key, strlen (secret_access_key) + 1) ||
      !EVP_DigestUpdate (ctx, date, strlen (date) + 1) ||
      !EVP_DigestUpdate (ctx, region, strlen (region) + 1) ||
      !EVP_DigestUpdate (ctx, service, strlen (service) + 1) ||
      !EVP_DigestFinal_ex (ctx, id, NULL))
    g_error ("OpenSSL failed to compute SHA-256");
}

static void
derive_signing_key (const char *secret_access_key,
                    const char *date,
                    const char *region,
                    const char *service,
                    guint8      key[PD_AWS_SHA256_LEN])
{
  gsize secret_len = strlen (secret_access_key);
  gsize seed_len = secret_len + 4;
  char *seed;
  guint8 k[PD_AWS_SHA256_LEN];

  seed = g_malloc (seed_len + 1);
  memcpy (seed, "AWS4", 4);
  memcpy (seed + 4, secret_access_key, secret_len + 1);

  pd_aws_hmac_sha256 ((const guint8 *) seed, seed_len, date, strlen (date), k);
  pd_aws_hmac_sha256 (k, sizeof k, region, strlen (region), k);
  pd_aws_hmac_sha256 (k, sizeof k, service, strlen (service), k);
  pd_aws_hmac_sha256 (k, sizeof k, SIGV4_TERMINATOR, strlen (SIGV4_TERMINATOR), key);

  explicit_bzero (seed, seed_len);
  g_free (seed);
  explicit_bzero (k, sizeof k);
}

void
pd_aws_sigv4_derive_signing_key (const char *secret_access_key,
                                 const char *date,
                                 const char *region,
                                 const char *service,
                                 guint8      key[PD_AWS_SHA256_LEN],
                                 gboolean   *from_cache)
{
  g_autoptr(GMutexLocker) locker = NULL;
  guint8 id[PD_AWS_SHA256_LEN];
  KeyCacheEntry *victim = NULL;

  locker = g_mutex_locker_new (&key_cache_lock);
  key_cache_id (secret_access_key, date, region, service, id);

  for (guint i = 0; i < KEY_CACHE_SIZE; i++)
    {
      KeyCacheEntry *entry = &key_cache[i];

      if (entry->used && CRYPTO_memcmp (entry->id, id, sizeof id) == 0)
        {
          entry->last_use = ++key_cache_clock;
          memcpy (key, entry->key, PD_AWS_SHA256_LEN);
          if (from_cache != NULL)
            *from_cache = TRUE;
          return;
        }
      if (victim == NULL || !entry->used ||
          (victim->used && entry->last_use < victim->last_use))
        victim = entry;
    }

  derive_signing_key (secret_access_key, date, region, service, key);

  explicit_bzero (victim->key, sizeof victim->key);
  memcpy (victim->id, id, sizeof id);
  memcpy (victim->key, key, PD_AWS_SHA256_LEN);
  victim->used = TRUE;
  victim->last_use = ++key_cache_clock;
  if (from_cache != NULL)
    *from_cache = FALSE;
}

guint
pd_aws_sigv4_key_cache_get_size (void)
{
  guint n = 0;

  g_mutex_lock (&key_cache_lock);
  for (guint i = 0; i < KEY_CACHE_SIZE; i++)
    n += key_cache[i].used ? 1 : 0;
  g_mutex_unlock (&key_cache_lock);

  return n;
}

guint
pd_aws_sigv4_key_cache_get_capacity (void)
{
  return KEY_CACHE_SIZE;
}

/**
 * pd_aws_sigv4_clear_key_cache:
 *
 * Wipes every cached signing key, for example when an account is removed.
 */
void
pd_aws_sigv4_clear_key_cache (void)
{
  g_mutex_lock (&key_cache_lock);
  explicit_bzero (key_cache, sizeof key_cache);
  /* The threads' keyed HMAC states go with it, at their next signing. */
  g_atomic_int_inc (&key_cache_generation);
  g_mutex_unlock (&key_cache_lock);
}

/* Text helpers */

/* GLib's g_ascii_tolower() and g_ascii_toupper() are calls: these run for
 * every character of every header of every signing. */
static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
}

static inline char
ascii_upper (char c)
{
  return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
}

static inline gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* The whitespace Python's str.split() folds among ASCII characters, which
 * is what botocore trims header values with. */
static inline gboolean
is_fold_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
         (c >= 0x1c && c <= 0x1f);
}

static inline int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static void
append_encoded (GString    *out,
                const char *s,
                gsize       len,
                gboolean    keep_slash,
                gboolean    keep_escapes)
{
  static const char digits[] = "0123456789ABCDEF";

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];

      if (is_unreserved (c) || (keep_slash && c == '/'))
        g_string_append_c (out, c);
      else if (keep_escapes && c == '%' && i + 2 < len &&
               hex_value (s[i + 1]) >= 0 && hex_value (s[i + 2]) >= 0)
        g_string_append_c (out, c);
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, digits[c >> 4]);
          g_string_append_c (out, digits[c & 0xf]);
        }
    }
}

/* Query values are form-decoded the way botocore's test harness and the
 * SDKs that send `+` for a space expect: `+` is a space, valid `%XX`
 * escapes are bytes, anything else is kept as it is. */
static char *
form_decode (const char *s,
             gsize       len,
             gsize      *out_len)
{
  char *out = g_malloc (len + 1);
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '+')
        out[n++] = ' ';
      else if (s[i] == '%' && i + 2 < len &&
               hex_value (s[i + 1]) >= 0 && hex_value (s[i + 2]) >= 0)
        {
          out[n++] = (char) (hex_value (s[i + 1]) << 4 | hex_value (s[i + 2]));
          i += 2;
        }
      else
        out[n++] = s[i];
    }
  out[n] = '\0';
  *out_len = n;

  return out;
}

typedef struct
{
  char *key;
  char *value;
} QueryPair;

static int
compare_query_pairs (gconstpointer a,
                     gconstpointer b)
{
  const QueryPair *pa = a;
  const QueryPair *pb = b;
  int r = strcmp (pa->key, pb->key);

  return r != 0 ? r : strcmp (pa->value, pb->value);
}

static void
append_canonical_query (GString    *out,
                        const char *query)
{
  g_autoptr(GArray) pairs = NULL;
  const char *p;
  GString *scratch;

  if (query == NULL || query[0] == '\0')
    return;

  pairs = g_array_new (FALSE, FALSE, sizeof (QueryPair));
  scratch = g_string_new (NULL);
  p = query;
  while (TRUE)
    {
      const char *end = strchr (p, '&');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (len > 0)
        {
          const char *eq = memchr (p, '=', len);
          gsize key_len = eq != NULL ? (gsize) (eq - p) : len;
          g_autofree char *key = NULL;
          g_autofree char *value = NULL;
          gsize decoded_len;
          QueryPair pair;

          key = form_decode (p, key_len, &decoded_len);
          g_string_truncate (scratch, 0);
          append_encoded (scratch, key, decoded_len, FALSE, FALSE);
          pair.key = g_strdup (scratch->str);

          if (eq != NULL)
            value = form_decode (eq + 1, len - key_len - 1, &decoded_len);
          else
            value = g_strdup ("");
          g_string_truncate (scratch, 0);
          append_encoded (scratch, value, eq != NULL ? decoded_len : 0, FALSE, FALSE);
          pair.value = g_strdup (scratch->str);

          g_array_append_val (pairs, pair);
        }

      if (end == NULL)
        break;
      p = end + 1;
    }
  g_string_free (scratch, TRUE);

  g_array_sort (pairs, compare_query_pairs);
  for (guint i = 0; i < pairs->len; i++)
    {
      QueryPair *pair = &g_array_index (pairs, QueryPair, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append (out, pair->key);
      g_string_append_c (out, '=');
      g_string_append (out, pair->value);
      g_free (pair->key);
      g_free (pair->value);
    }
}

/* RFC 3986 dot-segment removal plus the removal of empty segments that AWS
 * services expect, as botocore does it: the leading `/` is kept, and the
 * trailing one when something is left. */
static void
append_canonical_path (GString         *out,
                       const char      *path,
                       PdAwsSigV4Flags  flags)
{
  gsize path_len = strlen (path);
  const char **segments;
  gsize *lengths;
  guint n = 0;
  const char *p;
  GString *normalized;

  if (path_len == 0)
    {
      g_string_append_c (out, '/');
      return;
    }

  if (flags & PD_AWS_SIGV4_NO_NORMALIZE_PATH)
    {
      append_encoded (out, path, path_len, TRUE, TRUE);
      return;
    }

  /* Most paths have nothing to remove: no empty, `.` or `..` segment. */
  if (path[0] == '/' && strstr (path, "//") == NULL && strstr (path, "/.") == NULL)
    {
      append_encoded (out, path, path_len, TRUE, FALSE);
      return;
    }

  /* On the heap: a received path can be as long as a client likes. */
  segments = g_new (const char *, path_len / 2 + 2);
  lengths = g_new (gsize, path_len / 2 + 2);
  p = path;
  while (TRUE)
    {
      const char *end = strchr (p, '/');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (len == 0 || (len == 1 && p[0] == '.'))
        ;
      else if (len == 2 && p[0] == '.' && p[1] == '.')
        n = n > 0 ? n - 1 : 0;
      else
        {
          segments[n] = p;
          lengths[n] = len;
          n++;
        }

      if (end == NULL)
        break;
      p = end + 1;
    }

  normalized = g_string_sized_new (path_len + 1);
  if (path[0] == '/')
    g_string_append_c (normalized, '/');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (normalized, '/');
      g_string_append_len (normalized, segments[i], lengths[i]);
    }
  if (path[path_len - 1] == '/' && n > 0)
    g_string_append_c (normalized, '/');

  append_encoded (out, normalized->str, normalized->len, TRUE, FALSE);
  g_string_free (normalized, TRUE);
  g_free (segments);
  g_free (lengths);
}

/* The value with its leading and trailing spaces dropped and each run of
 * spaces inside folded to one, appended a run of non-spaces at a time. */
static void
append_folded_value (GString    *out,
                     const char *value)
{
  const guchar *p = (const guchar *) value;
  gboolean started = FALSE;

  while (TRUE)
    {
      const guchar *run;

      while (*p != '\0' && is_fold_space (*p))
        p++;
      if (*p == '\0')
        break;
      run = p;
      while (*p != '\0' && !is_fold_space (*p))
        p++;
      if (started)
        g_string_append_c (out, ' ');
      g_string_append_len (out, (const char *) run, p - run);
      started = TRUE;
    }
}

static gboolean
is_http_token (const char *s)
{
  if (s == NULL || s[0] == '\0')
    return FALSE;

  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s) && strchr ("!#$%&'*+-.^_`|~", *s) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
strv_contains (const char * const *strv,
               const char         *s)
{
  for (guint i = 0; strv[i] != NULL; i++)
    if (strcmp (strv[i], s) == 0)
      return TRUE;
  return FALSE;
}

/* Sorted, de-duplicated lower-case names: those given, or by default every
 * header present except the few botocore leaves unsigned. Returns a
 * NULL-terminated array whose strings belong to @headers or @signed_headers. */
static const char **
collect_signed_names (GArray             *headers,
                      const char * const *signed_headers)
{
  const char **names;
  guint n = 0;
  guint out = 0;

  if (signed_headers != NULL)
    {
      names = g_new (const char *, g_strv_length ((char **) signed_headers) + 1);
      for (guint i = 0; signed_headers[i] != NULL; i++)
        names[n++] = signed_headers[i];
    }
  else
    {
      names = g_new (const char *, headers->len + 1);
      for (guint i = 0; i < headers->len; i++)
        {
          const char *lname = g_array_index (headers, Header, i).lname;

          if (!strv_contains (unsigned_headers, lname))
            names[n++] = lname;
        }
    }

  /* Insertion sort: there are only a handful of names. */
  for (guint i = 1; i < n; i++)
    {
      const char *name = names[i];
      guint j = i;

      for (; j > 0 && strcmp (names[j - 1], name) > 0; j--)
        names[j] = names[j - 1];
      names[j] = name;
    }
  for (guint i = 0; i < n; i++)
    if (out == 0 || strcmp (names[out - 1], names[i]) != 0)
      names[out++] = names[i];
  names[out] = NULL;

  return names;
}

static const char *
payload_hash (PdAwsSigningRequest *request)
{
  const char *header = pd_aws_signing_request_get_header (request, "x-amz-content-sha256");

  /* botocore takes an X-Amz-Content-SHA256 header as the payload hash. */
  if (header != NULL)
    return header;
  if (request->has_payload_hash)
    return request->payload_hash;
  return EMPTY_PAYLOAD_SHA256;
}

static char *
build_scope (const char *date,
             const char *region,
             const char *service)
{
  return g_strconcat (date, "/", region, "/", service, "/" SIGV4_TERMINATOR, NULL);
}

static gboolean
is_scope_part (const char *s)
{
  if (s == NULL || s[0] == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (strchr ("/,=;", *s) != NULL || (guchar) *s <= ' ' || (guchar) *s >= 0x7f)
      return FALSE;
  return TRUE;
}

static void
format_amz_date (GDateTime *time,
                 char       out[AMZ_DATE_LEN + 1])
{
  gint64 unix_time = g_date_time_to_unix (time);
  gint64 days = unix_time >= 0 ? unix_time / 86400 : -((-unix_time + 86399) / 86400);
  gint64 seconds = unix_time - days * 86400;
  gint64 era, z;
  guint doe, yoe, doy, mp;
  int year, month, day, hour, minute, second;

  /* By hand and from the Unix time: this runs for every request, and
   * printf or a GDateTime in UTC (an allocation) cost more than the rest.
   * Days to a civil date, in the proleptic Gregorian calendar. */
  z = days + 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (guint) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  day = (int) (doy - (153 * mp + 2) / 5 + 1);
  month = (int) (mp < 10 ? mp + 3 : mp - 9);
  year = (int) (yoe + era * 400 + (month <= 2));
  hour = (int) (seconds / 3600);
  minute = (int) (seconds / 60 % 60);
  second = (int) (seconds % 60);

  out[0] = '0' + year / 1000 % 10;
  out[1] = '0' + year / 100 % 10;
  out[2] = '0' + year / 10 % 10;
  out[3] = '0' + year % 10;
  out[4] = '0' + month / 10;
  out[5] = '0' + month % 10;
  out[6] = '0' + day / 10;
  out[7] = '0' + day % 10;
  out[8] = 'T';
  out[9] = '0' + hour / 10;
  out[10] = '0' + hour % 10;
  out[11] = '0' + minute / 10;
  out[12] = '0' + minute % 10;
  out[13] = '0' + second / 10;
  out[14] = '0' + second % 10;
  out[15] = 'Z';
  out[16] = '\0';
}

/* The form Python's email.utils.formatdate() gives, which botocore puts in
 * a Date header when the request already has one. */
static char *
format_http_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  int year, month, day;

  g_date_time_get_ymd (utc, &year, &month, &day);
  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d -0000",
                          week_days[g_date_time_get_day_of_week (utc) - 1],
                          day, months[month - 1], year,
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

static GError *
auth_error (const char *aws_code,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static GError *
auth_error (const char *aws_code,
            const char *format,
            ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (PD_AWS_ERROR, PD_AWS_ERROR_AUTH, format, args);
  va_end (args);
  pd_aws_error_set_details (error, aws_code, 403, NULL);

  return error;
}

/* A short, printable, valid UTF-8 rendering of untrusted text for messages. */
static char *
describe (const char *s,
          gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len && i < 40; i++)
    {
      guchar c = (guchar) s[i];

      if (c >= 0x20 && c < 0x7f)
        g_string_append_c (out, c);
      else
        g_string_append_printf (out, "\\x%02x", c);
    }
  if (len > 40)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

/* Quotes a scheme or part name of an Authorization header in a message,
 * unless it does not look like a name: then it may be a token, which must
 * not reach a log. */
static char *
describe_name (const char *s,
               gsize       len)
{
  gboolean name_like = len > 0 && len <= 20;

  for (gsize i = 0; name_like && i < len; i++)
    name_like = g_ascii_isalnum (s[i]) || s[i] == '-' || s[i] == '_';

  return name_like ? g_strndup (s, len) : g_strdup ("(not a name)");
}

/* PdAwsSigningRequest */

/* Whether a header's lower-case name is @name, in any case: the lookups of
 * every signing, cheaper than g_ascii_strcasecmp(). */
static inline gboolean
lname_is (const char *lname,
          const char *name)
{
  for (; *name != '\0'; lname++, name++)
    if (*lname != ascii_lower (*name))
      return FALSE;
  return *lname == '\0';
}

static void
header_clear (gpointer data)
{
  Header *header = data;

  /* Only these can hold a secret or a signature worth wiping. */
  if (strcmp (header->lname, "x-amz-security-token") == 0 ||
      strcmp (header->lname, "authorization") == 0)
    explicit_bzero (header->value, strlen (header->value));
  g_free (header->name);
}

/**
 * pd_aws_signing_request_new:
 * @method: the HTTP method
 * @path: (nullable): the path exactly as sent, already percent-encoded
 * @query: (nullable): the query exactly as sent, without `?`
 *
 * Creates a request to sign or to verify. Add its headers and its body (or
 * payload hash) next.
 *
 * Returns: (transfer full): a new request
 */
PdAwsSigningRequest *
pd_aws_signing_request_new (const char *method,
                            const char *path,
                            const char *query)
{
  PdAwsSigningRequest *self;

  g_return_val_if_fail (method != NULL, NULL);

  self = g_new0 (PdAwsSigningRequest, 1);
  self->method = g_strdup (method);
  self->path = g_strdup (path != NULL ? path : "");
  self->query = g_strdup (query != NULL ? query : "");
  self->headers = g_array_sized_new (FALSE, FALSE, sizeof (Header), 8);
  g_array_set_clear_func (self->headers, header_clear);

  return self;
}

/**
 * pd_aws_signing_request_free:
 * @self: (transfer full): a request
 *
 * Frees @self. The security token and the signature it may hold are wiped.
 */
void
pd_aws_signing_request_free (PdAwsSigningRequest *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->headers);
  g_free (self->method);
  g_free (self->path);
  g_free (self->query);
  g_free (self);
}

/**
 * pd_aws_signing_request_add_header:
 * @self: a request
 * @name: a header name
 * @value: its value, as sent
 *
 * Appends a header; a name may appear more than once.
 */
void
pd_aws_signing_request_add_header (PdAwsSigningRequest *self,
                                   const char          *name,
                                   const char          *value)
{
  Header header;
  gsize name_len;
  gsize value_len;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  name_len = strlen (name);
  value_len = strlen (value);
  header.name = g_malloc (2 * (name_len + 1) + value_len + 1);
  header.lname = header.name + name_len + 1;
  header.value = header.lname + name_len + 1;
  memcpy (header.name, name, name_len + 1);
  for (gsize i = 0; i <= name_len; i++)
    header.lname[i] = ascii_lower (name[i]);
  memcpy (header.value, value, value_len + 1);
  g_array_append_val (self->headers, header);
}

/**
 * pd_aws_signing_request_set_header:
 * @self: a request
 * @name: a header name, matched without regard to case
 * @value: (nullable): the new value, or %NULL to remove the header
 *
 * Removes every header called @name, then appends @name with @value.
 */
void
pd_aws_signing_request_set_header (PdAwsSigningRequest *self,
                                   const char          *name,
                                   const char          *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  for (guint i = self->headers->len; i > 0; i--)
    {
      Header *header = &g_array_index (self->headers, Header, i - 1);

      if (lname_is (header->lname, name))
        g_array_remove_index (self->headers, i - 1);
    }

  if (value != NULL)
    pd_aws_signing_request_add_header (self, name, value);
}

/**
 * pd_aws_signing_request_get_header:
 * @self: a request
 * @name: a header name, matched without regard to case
 *
 * Returns: (nullable) (transfer none): the value of the first header called
 *   @name, or %NULL
 */
const char *
pd_aws_signing_request_get_header (PdAwsSigningRequest *self,
                                   const char          *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->headers->len; i++)
    {
      Header *header = &g_array_index (self->headers, Header, i);

      if (lname_is (header->lname, name))
        return header->value;
    }

  return NULL;
}

/**
 * pd_aws_signing_request_get_n_headers:
 * @self: a request
 *
 * Returns: how many headers @self has, repeated names counted each time
 */
guint
pd_aws_signing_request_get_n_headers (PdAwsSigningRequest *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->headers->len;
}

/**
 * pd_aws_signing_request_get_header_name:
 * @self: a request
 * @position: an index below pd_aws_signing_request_get_n_headers()
 *
 * Returns: (transfer none): the name of the header at @position, as given
 */
const char *
pd_aws_signing_request_get_header_name (PdAwsSigningRequest *self,
                                        guint                position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->headers->len, NULL);

  return g_array_index (self->headers, Header, position).name;
}

/**
 * pd_aws_signing_request_get_header_value:
 * @self: a request
 * @position: an index below pd_aws_signing_request_get_n_headers()
 *
 * Returns: (transfer none): the value of the header at @position, as given
 */
const char *
pd_aws_signing_request_get_header_value (PdAwsSigningRequest *self,
                                         guint                position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->headers->len, NULL);

  return g_array_index (self->headers, Header, position).value;
}

/**
 * pd_aws_signing_request_set_body:
 * @self: a request
 * @data: (array length=length) (nullable): the exact body bytes
 * @length: the length of @data
 *
 * Sets the payload hash to the SHA-256 of @data. The body is not kept.
 */
void
pd_aws_signing_request_set_body (PdAwsSigningRequest *self,
                                 const guint8        *data,
                                 gsize                length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || length == 0);

  sha256_hex (data != NULL ? (const void *) data : "", length, self->payload_hash);
  self->has_payload_hash = TRUE;
  self->payload_hash_from_body = TRUE;
}

/**
 * pd_aws_signing_request_set_payload_hash:
 * @self: a request
 * @hex_sha256: (nullable): the hex SHA-256 of the body (or a marker such as
 *   `UNSIGNED-PAYLOAD`), or %NULL for the hash of an empty body
 *
 * Sets the payload hash directly, for a body that is not in memory.
 */
void
pd_aws_signing_request_set_payload_hash (PdAwsSigningRequest *self,
                                         const char          *hex_sha256)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (hex_sha256 == NULL || strlen (hex_sha256) < sizeof self->payload_hash);

  self->has_payload_hash = hex_sha256 != NULL;
  self->payload_hash_from_body = FALSE;
  g_strlcpy (self->payload_hash, hex_sha256 != NULL ? hex_sha256 : "", sizeof self->payload_hash);
}

/* Signing */

#define MAX_QUICK_HEADERS 32

/* The headers of a signing of every header but botocore's unsigned ones:
 * their lines and the signed-headers line, from one stable sort of the
 * headers by name instead of a search per name. */
static void
append_default_headers (GString *out,
                        GArray  *headers,
                        gsize   *names_start,
                        gsize   *names_len)
{
  const Header *sorted[MAX_QUICK_HEADERS];
  guint n = 0;

  for (guint i = 0; i < headers->len; i++)
    {
      const Header *header = &g_array_index (headers, Header, i);

      if (!strv_contains (unsigned_headers, header->lname))
        sorted[n++] = header;
    }
  for (guint i = 1; i < n; i++)
    {
      const Header *header = sorted[i];
      guint j = i;

      for (; j > 0 && strcmp (sorted[j - 1]->lname, header->lname) > 0; j--)
        sorted[j] = sorted[j - 1];
      sorted[j] = header;
    }

  for (guint i = 0; i < n; i++)
    {
      if (i > 0 && strcmp (sorted[i - 1]->lname, sorted[i]->lname) == 0)
        g_string_append_c (out, ',');
      else
        {
          if (i > 0)
            g_string_append_c (out, '\n');
          g_string_append (out, sorted[i]->lname);
          g_string_append_c (out, ':');
        }
      append_folded_value (out, sorted[i]->value);
    }
  if (n > 0)
    g_string_append_c (out, '\n');
  g_string_append_c (out, '\n');

  *names_start = out->len;
  for (guint i = 0; i < n; i++)
    if (i == 0 || strcmp (sorted[i - 1]->lname, sorted[i]->lname) != 0)
      {
        if (i > 0)
          g_string_append_c (out, ';');
        g_string_append (out, sorted[i]->lname);
      }
  *names_len = out->len - *names_start;
}

/* Appends the canonical request to @out; @names_start and @names_len say
 * where its signed-headers line lies in @out. */
static void
append_canonical_request (GString              *out,
                          PdAwsSigningRequest  *request,
                          const char * const   *signed_headers,
                          PdAwsSigV4Flags       flags,
                          gsize                *names_start,
                          gsize                *names_len)
{
  g_autofree const char **names = NULL;
  GArray *headers = request->headers;

  for (const char *m = request->method; *m != '\0'; m++)
    g_string_append_c (out, ascii_upper (*m));
  g_string_append_c (out, '\n');
  append_canonical_path (out, request->path, flags);
  g_string_append_c (out, '\n');
  append_canonical_query (out, request->query);
  g_string_append_c (out, '\n');

  if (signed_headers == NULL && headers->len <= MAX_QUICK_HEADERS)
    {
      append_default_headers (out, headers, names_start, names_len);
      g_string_append_c (out, '\n');
      g_string_append (out, payload_hash (request));
      return;
    }

  names = collect_signed_names (headers, signed_headers);
  for (guint j = 0; names[j] != NULL; j++)
    {
      gboolean first = TRUE;

      g_string_append (out, names[j]);
      g_string_append_c (out, ':');
      for (guint i = 0; i < headers->len; i++)
        {
          const Header *header = &g_array_index (headers, Header, i);

          if (strcmp (header->lname, names[j]) != 0)
            continue;
          if (!first)
            g_string_append_c (out, ',');
          append_folded_value (out, header->value);
          first = FALSE;
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');

  *names_start = out->len;
  for (guint j = 0; names[j] != NULL; j++)
    {
      if (j > 0)
        g_string_append_c (out, ';');
      g_string_append (out, names[j]);
    }
  *names_len = out->len - *names_start;
  g_string_append_c (out, '\n');
  g_string_append (out, payload_hash (request));
}

static char *
build_canonical_request (PdAwsSigningRequest  *request,
                         const char * const   *signed_headers,
                         PdAwsSigV4Flags       flags)
{
  GString *out = g_string_sized_new (256 + 64 * request->headers->len);
  gsize names_start;
  gsize names_len;

  append_canonical_request (out, request, signed_headers, flags, &names_start, &names_len);
  return g_string_free (out, FALSE);
}

/* What a thread keeps between signings: the HMAC-SHA256 of the last signing
 * key, as SHA-256 states after its inner and outer pads (so a signature
 * costs no key setup), and the buffers the strings are built in. The key
 * belongs to credentials this holds a reference to, so that no other
 * credentials can take their address. */
typedef struct
{
  PdAwsCredentials *credentials;
  char             *region;
  char             *service;
  char              date[9];
  gint              generation;
  EVP_MD_CTX       *inner;
  EVP_MD_CTX       *outer;
  EVP_MD_CTX       *work;
  GString          *canonical;
  GString          *string_to_sign;
  GString          *authorization;
} Signer;

static void
signer_forget_key (Signer *signer)
{
  g_clear_pointer (&signer->credentials, pd_aws_credentials_unref);
  g_clear_pointer (&signer->region, g_free);
  g_clear_pointer (&signer->service, g_free);
  /* EVP_MD_CTX_reset wipes the digest state */
  if (signer->inner != NULL)
    EVP_MD_CTX_reset (signer->inner);
  if (signer->outer != NULL)
    EVP_MD_CTX_reset (signer->outer);
}

static void
wipe_string (GString *string)
{
  if (string != NULL)
    {
      explicit_bzero (string->str, string->allocated_len);
      g_string_free (string, TRUE);
    }
}

static void
signer_free (gpointer data)
{
  Signer *signer = data;

  signer_forget_key (signer);
  EVP_MD_CTX_free (signer->inner);
  EVP_MD_CTX_free (signer->outer);
  EVP_MD_CTX_free (signer->work);
  wipe_string (signer->canonical);
  wipe_string (signer->string_to_sign);
  wipe_string (signer->authorization);
  g_free (signer);
}

static Signer *
get_signer (void)
{
  static GPrivate signer_key = G_PRIVATE_INIT (signer_free);
  Signer *signer = g_private_get (&signer_key);

  if (signer == NULL)
    {
      signer = g_new0 (Signer, 1);
      signer->inner = EVP_MD_CTX_new ();
      signer->outer = EVP_MD_CTX_new ();
      signer->work = EVP_MD_CTX_new ();
      if (signer->inner == NULL || signer->outer == NULL || signer->work == NULL)
        g_error ("OpenSSL cannot allocate a digest context");
      signer->canonical = g_string_sized_new (512);
      signer->string_to_sign = g_string_sized_new (160);
      signer->authorization = g_string_sized_new (256);
      g_private_set (&signer_key, signer);
    }
  return signer;
}

/* Makes @signer's HMAC states those of the signing key of the scope. */
static void
signer_use_key (Signer           *signer,
                PdAwsCredentials *credentials,
                const char       *date,
                const char       *region,
                const char       *service)
{
  const EVP_MD *sha256 = get_crypto ()->sha256;
  gint generation = g_atomic_int_get (&key_cache_generation);
  guint8 key[PD_AWS_SHA256_LEN];
  guint8 pad[64];

  if (signer->credentials == credentials && signer->generation == generation &&
      memcmp (signer->date, date, sizeof signer->date) == 0 &&
      strcmp (signer->region, region) == 0 && strcmp (signer->service, service) == 0)
    return;

  signer_forget_key (signer);
  pd_aws_sigv4_derive_signing_key (pd_aws_credentials_get_secret_access_key (credentials),
                                   date, region, service, key, NULL);
  /* HMAC (RFC 2104) with a key shorter than the block: key, zero-padded,
   * XORed with 0x36 for the inner hash and 0x5c for the outer one. */
  memset (pad, 0x36, sizeof pad);
  for (guint i = 0; i < sizeof key; i++)
    pad[i] ^= key[i];
  if (!EVP_DigestInit_ex (signer->inner, sha256, NULL) ||
      !EVP_DigestUpdate (signer->inner, pad, sizeof pad))
    g_error ("OpenSSL failed to compute SHA-256");
  memset (pad, 0x5c, sizeof pad);
  for (guint i = 0; i < sizeof key; i++)
    pad[i] ^= key[i];
  if (!EVP_DigestInit_ex (signer->outer, sha256, NULL) ||
      !EVP_DigestUpdate (signer->outer, pad, sizeof pad))
    g_error ("OpenSSL failed to compute SHA-256");
  explicit_bzero (pad, sizeof pad);
  explicit_bzero (key, sizeof key);

  signer->credentials = pd_aws_credentials_ref (credentials);
  signer->region = g_strdup (region);
  signer->service = g_strdup (service);
  memcpy (signer->date, date, sizeof signer->date);
  signer->generation = generation;
}

static void
signer_hmac (Signer     *signer,
             const void *data,
             gsize       length,
             guint8      mac[PD_AWS_SHA256_LEN])
{
  guint8 inner[PD_AWS_SHA256_LEN];

  if (!EVP_MD_CTX_copy_ex (signer->work, signer->inner) ||
      !EVP_DigestUpdate (signer->work, data, length) ||
      !EVP_DigestFinal_ex (signer->work, inner, NULL) ||
      !EVP_MD_CTX_copy_ex (signer->work, signer->outer) ||
      !EVP_DigestUpdate (signer->work, inner, sizeof inner) ||
      !EVP_DigestFinal_ex (signer->work, mac, NULL))
    g_error ("OpenSSL failed to compute HMAC-SHA256");
  explicit_bzero (inner, sizeof inner);
}

/**
 * pd_aws_sigv4_canonical_request:
 * @request: a request
 * @signed_headers: (nullable) (array zero-terminated=1): the lower-case names
 *   to sign, or %NULL for every header present except `authorization`,
 *   `expect`, `user-agent` and `x-amzn-trace-id` (botocore's choice)
 * @flags: flags
 *
 * Builds the SigV4 canonical request of @request: method, normalized and
 * encoded path, canonical query, canonical headers, signed headers and
 * payload hash. A name of @signed_headers that @request lacks is listed
 * with an empty value.
 *
 * Returns: (transfer full): the canonical request
 */
char *
pd_aws_sigv4_canonical_request (PdAwsSigningRequest *request,
                                const char * const  *signed_headers,
                                PdAwsSigV4Flags      flags)
{
  g_return_val_if_fail (request != NULL, NULL);

  return build_canonical_request (request, signed_headers, flags);
}

/**
 * pd_aws_sigv4_string_to_sign:
 * @canonical_request: a canonical request
 * @amz_date: the `YYYYMMDD'T'HHMMSS'Z'` time of the request
 * @credential_scope: `YYYYMMDD/region/service/aws4_request`
 *
 * Returns: (transfer full): the string to sign
 */
char *
pd_aws_sigv4_string_to_sign (const char *canonical_request,
                             const char *amz_date,
                             const char *credential_scope)
{
  char hash[2 * PD_AWS_SHA256_LEN + 1];

  g_return_val_if_fail (canonical_request != NULL, NULL);
  g_return_val_if_fail (amz_date != NULL, NULL);
  g_return_val_if_fail (credential_scope != NULL, NULL);

  sha256_hex (canonical_request, strlen (canonical_request), hash);

  return g_strconcat (SIGV4_ALGORITHM "\n", amz_date, "\n", credential_scope, "\n", hash, NULL);
}

/**
 * pd_aws_sigv4_signature:
 * @secret_access_key: the secret access key
 * @date: the `YYYYMMDD` date of the scope
 * @region: the region of the scope
 * @service: the signing name of the scope
 * @string_to_sign: the string to sign
 *
 * Computes the hex signature of @string_to_sign with the signing key of
 * (@secret_access_key, @date, @region, @service), taken from the key cache
 * when it is there.
 *
 * Returns: (transfer full): 64 lower-case hex digits
 */
char *
pd_aws_sigv4_signature (const char *secret_access_key,
                        const char *date,
                        const char *region,
                        const char *service,
                        const char *string_to_sign)
{
  guint8 key[PD_AWS_SHA256_LEN];
  guint8 mac[PD_AWS_SHA256_LEN];
  char *hex;

  g_return_val_if_fail (secret_access_key != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (string_to_sign != NULL, NULL);

  pd_aws_sigv4_derive_signing_key (secret_access_key, date, region, service, key, NULL);
  pd_aws_hmac_sha256 (key, sizeof key, string_to_sign, strlen (string_to_sign), mac);
  explicit_bzero (key, sizeof key);

  hex = g_malloc (2 * PD_AWS_SHA256_LEN + 1);
  pd_aws_hex_encode (mac, sizeof mac, hex);

  return hex;
}

/**
 * pd_aws_sigv4_sign:
 * @request: the request to sign, changed in place
 * @credentials: the credentials
 * @region: the region to sign for
 * @service: the signing name of the service
 * @now: the time of signing
 * @flags: flags
 * @error: return location for a #GError
 *
 * Signs @request the way botocore's SigV4Auth does: removes any
 * `Authorization`, sets `X-Amz-Date` from @now (or, when the request has a
 * `Date` header, rewrites that one instead), sets `X-Amz-Security-Token`
 * when @credentials carry a session token, signs every header present
 * except `expect`, `user-agent` and `x-amzn-trace-id`, and appends the
 * `Authorization` header. The request must have a `Host` header, and its
 * header names must be HTTP tokens.
 *
 * Returns: %TRUE on success, %FALSE with @error set (%PD_AWS_ERROR)
 */
gboolean
pd_aws_sigv4_sign (PdAwsSigningRequest  *request,
                   PdAwsCredentials     *credentials,
                   const char           *region,
                   const char           *service,
                   GDateTime            *now,
                   PdAwsSigV4Flags       flags,
                   GError              **error)
{
  const char *access_key_id;
  const char *token;
  char amz_date[AMZ_DATE_LEN + 1];
  char date[9];
  char hash[2 * PD_AWS_SHA256_LEN + 1];
  guint8 digest[PD_AWS_SHA256_LEN];
  gsize names_start;
  gsize names_len;
  gsize scope_start;
  gsize scope_len;
  Signer *signer;
  GString *canonical;
  GString *string_to_sign;
  GString *authorization;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (credentials != NULL, FALSE);
  g_return_val_if_fail (region != NULL, FALSE);
  g_return_val_if_fail (service != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  access_key_id = pd_aws_credentials_get_access_key_id (credentials);
  if (!is_scope_part (access_key_id))
    {
      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_CREDENTIALS,
                   "The access key ID is empty or holds characters a SigV4 credential cannot");
      return FALSE;
    }
  if (!is_scope_part (region))
    {
      g_autofree char *shown = describe (region, strlen (region));

      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_FAILED,
                   "Cannot sign for region “%s”: not a valid region name", shown);
      return FALSE;
    }
  if (!is_scope_part (service))
    {
      g_autofree char *shown = describe (service, strlen (service));

      g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_FAILED,
                   "Cannot sign for service “%s”: not a valid signing name", shown);
      return FALSE;
    }
  if (pd_aws_signing_request_get_header (request, "host") == NULL)
    {
      g_set_error_literal (error, PD_AWS_ERROR, PD_AWS_ERROR_FAILED,
                           "Cannot sign a request without a Host header");
      return FALSE;
    }
  for (guint i = 0; i < request->headers->len; i++)
    {
      const char *name = g_array_index (request->headers, Header, i).name;

      if (!is_http_token (name))
        {
          g_autofree char *shown = describe (name, strlen (name));

          g_set_error (error, PD_AWS_ERROR, PD_AWS_ERROR_FAILED,
                       "Cannot sign header “%s”: its name is not an HTTP token", shown);
          return FALSE;
        }
    }

  format_amz_date (now, amz_date);
  memcpy (date, amz_date, 8);
  date[8] = '\0';

  pd_aws_signing_request_set_header (request, "Authorization", NULL);
  if (pd_aws_signing_request_get_header (request, "date") != NULL)
    {
      g_autofree char *http_date = format_http_date (now);

      pd_aws_signing_request_set_header (request, "Date", http_date);
      pd_aws_signing_request_set_header (request, "X-Amz-Date", NULL);
    }
  else
    pd_aws_signing_request_set_header (request, "X-Amz-Date", amz_date);

  token = pd_aws_credentials_get_session_token (credentials);
  if (token != NULL)
    pd_aws_signing_request_set_header (request, "X-Amz-Security-Token", token);

  /* The strings are built in this thread's buffers, the signature with the
   * HMAC states of the last key: past the first request of a scope, what
   * is left is the canonical request and two hashes. */
  signer = get_signer ();
  signer_use_key (signer, credentials, date, region, service);
  canonical = g_string_truncate (signer->canonical, 0);
  string_to_sign = g_string_truncate (signer->string_to_sign, 0);
  authorization = g_string_truncate (signer->authorization, 0);

  append_canonical_request (canonical, request, NULL, flags, &names_start, &names_len);
  pd_aws_sha256 (canonical->str, canonical->len, digest);
  pd_aws_hex_encode (digest, sizeof digest, hash);

  g_string_append (string_to_sign, SIGV4_ALGORITHM "\n");
  g_string_append_len (string_to_sign, amz_date, AMZ_DATE_LEN);
  g_string_append_c (string_to_sign, '\n');
  scope_start = string_to_sign->len;
  g_string_append_len (string_to_sign, date, 8);
  g_string_append_c (string_to_sign, '/');
  g_string_append (string_to_sign, region);
  g_string_append_c (string_to_sign, '/');
  g_string_append (string_to_sign, service);
  g_string_append (string_to_sign, "/" SIGV4_TERMINATOR);
  scope_len = string_to_sign->len - scope_start;
  g_string_append_c (string_to_sign, '\n');
  g_string_append_len (string_to_sign, hash, 2 * PD_AWS_SHA256_LEN);

  signer_hmac (signer, string_to_sign->str, string_to_sign->len, digest);
  pd_aws_hex_encode (digest, sizeof digest, hash);

  g_string_append (authorization, SIGV4_ALGORITHM " Credential=");
  g_string_append (authorization, access_key_id);
  g_string_append_c (authorization, '/');
  g_string_append_len (authorization, string_to_sign->str + scope_start, scope_len);
  g_string_append (authorization, ", SignedHeaders=");
  g_string_append_len (authorization, canonical->str + names_start, names_len);
  g_string_append (authorization, ", Signature=");
  g_string_append_len (authorization, hash, 2 * PD_AWS_SHA256_LEN);

  pd_aws_signing_request_add_header (request, "Authorization", authorization->str);
  explicit_bzero (authorization->str, authorization->len);
  explicit_bzero (hash, sizeof hash);
  explicit_bzero (digest, sizeof digest);

  return TRUE;
}

/* Dates */

/**
 * pd_aws_sigv4_format_amz_date:
 * @time: a time
 *
 * Returns: (transfer full): @time in UTC as `YYYYMMDD'T'HHMMSS'Z'`
 */
char *
pd_aws_sigv4_format_amz_date (GDateTime *time)
{
  char amz_date[AMZ_DATE_LEN + 1];

  g_return_val_if_fail (time != NULL, NULL);

  format_amz_date (time, amz_date);
  return g_strdup (amz_date);
}

static gboolean
parse_digits (const char *s,
              guint       n,
              int        *out)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      value = value * 10 + (s[i] - '0');
    }
  *out = value;

  return TRUE;
}

/**
 * pd_aws_sigv4_parse_amz_date:
 * @amz_date: an `X-Amz-Date` value, `YYYYMMDD'T'HHMMSS'Z'`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the time in UTC, or %NULL with @error set
 */
GDateTime *
pd_aws_sigv4_parse_amz_date (const char  *amz_date,
                             GError     **error)
{
  int year, month, day, hour, minute, second;
  GDateTime *time = NULL;

  g_return_val_if_fail (amz_date != NULL, NULL);

  if (strlen (amz_date) == AMZ_DATE_LEN &&
      parse_digits (amz_date, 4, &year) &&
      parse_digits (amz_date + 4, 2, &month) &&
      parse_digits (amz_date + 6, 2, &day) &&
      amz_date[8] == 'T' &&
      parse_digits (amz_date + 9, 2, &hour) &&
      parse_digits (amz_date + 11, 2, &minute) &&
      parse_digits (amz_date + 13, 2, &second) &&
      amz_date[15] == 'Z' &&
      year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
      hour <= 23 && minute <= 59 && second <= 59)
    time = g_date_time_new_utc (year, month, day, hour, minute, second);

  if (time == NULL)
    {
      g_autofree char *shown = describe (amz_date, strlen (amz_date));

      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "X-Amz-Date “%s” is not in the form "
                                            "YYYYMMDD'T'HHMMSS'Z'", shown));
    }

  return time;
}

/* Date headers: RFC 1123 (`GMT`) or the RFC 2822 `-0000`/`+0000` form. */
static GDateTime *
parse_http_date (const char *value)
{
  char week_day[4], month_name[4], zone[6];
  int day, year, hour, minute, second;
  guint month = 0;

  if (sscanf (value, "%3s, %2d %3s %4d %2d:%2d:%2d %5s",
              week_day, &day, month_name, &year, &hour, &minute, &second, zone) != 8)
    return NULL;
  if (strlen (week_day) != 3 || value[3] != ',')
    return NULL;
  if (strcmp (zone, "GMT") != 0 && strcmp (zone, "UTC") != 0 &&
      strcmp (zone, "-0000") != 0 && strcmp (zone, "+0000") != 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (strcmp (month_name, months[i]) == 0)
      month = i + 1;
  if (month == 0 || year < 1 || year > 9999 || day < 1 || day > 31 ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return NULL;

  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

/* The X-Amz-Date string of a received request, from X-Amz-Date or, when that
 * is absent, from Date. */
static char *
request_amz_date (PdAwsSigningRequest  *request,
                  GError              **error)
{
  const char *value;
  g_autoptr(GDateTime) time = NULL;

  value = pd_aws_signing_request_get_header (request, "x-amz-date");
  if (value != NULL)
    {
      time = pd_aws_sigv4_parse_amz_date (value, error);
      return time != NULL ? g_strdup (value) : NULL;
    }

  value = pd_aws_signing_request_get_header (request, "date");
  if (value == NULL)
    {
      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "The request has neither an X-Amz-Date "
                                            "nor a Date header"));
      return NULL;
    }

  time = parse_http_date (value);
  if (time == NULL)
    {
      g_autofree char *shown = describe (value, strlen (value));

      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "Date header “%s” is not an HTTP date", shown));
      return NULL;
    }

  return pd_aws_sigv4_format_amz_date (time);
}

/**
 * pd_aws_sigv4_get_request_time:
 * @request: a received request
 * @error: return location for a #GError
 *
 * Reads the time a request was signed at, from `X-Amz-Date` or, when that is
 * absent, from `Date`; a server compares it with its clock.
 *
 * Returns: (transfer full): the time in UTC, or %NULL with @error set
 */
GDateTime *
pd_aws_sigv4_get_request_time (PdAwsSigningRequest  *request,
                               GError              **error)
{
  g_autofree char *amz_date = NULL;

  g_return_val_if_fail (request != NULL, NULL);

  amz_date = request_amz_date (request, error);
  if (amz_date == NULL)
    return NULL;

  return pd_aws_sigv4_parse_amz_date (amz_date, error);
}

/* Verification */

static gboolean
parse_signed_headers (const char   *value,
                      gsize         len,
                      char       ***out,
                      GError      **error)
{
  g_autofree char *copy = g_strndup (value, len);
  g_auto(GStrv) names = NULL;

  if (len == 0)
    {
      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "SignedHeaders in the Authorization header is empty"));
      return FALSE;
    }

  names = g_strsplit (copy, ";", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (!is_http_token (name))
        {
          g_autofree char *shown = describe (name, strlen (name));

          g_propagate_error (error, auth_error ("IncompleteSignature",
                                                "SignedHeaders lists “%s”, which is not "
                                                "a header name", shown));
          return FALSE;
        }
      for (const char *p = name; *p != '\0'; p++)
        if (g_ascii_isupper (*p))
          {
            g_autofree char *shown = describe (name, strlen (name));

            g_propagate_error (error, auth_error ("IncompleteSignature",
                                                  "SignedHeaders lists “%s”, which is not "
                                                  "in lower case", shown));
            return FALSE;
          }
    }

  *out = g_steal_pointer (&names);

  return TRUE;
}

static gboolean
parse_credential (const char               *value,
                  gsize                     len,
                  PdAwsSigV4Authorization  *out,
                  GError                  **error)
{
  g_autofree char *copy = g_strndup (value, len);
  g_auto(GStrv) parts = g_strsplit (copy, "/", -1);
  int ignored;

  if (g_strv_length (parts) != 5)
    {
      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "The Credential in the Authorization header must "
                                            "have the form "
                                            "ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request"));
      return FALSE;
    }
  if (!is_scope_part (parts[0]))
    {
      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "The access key ID of the Credential is empty or "
                                            "malformed"));
      return FALSE;
    }
  if (strlen (parts[1]) != 8 || !parse_digits (parts[1], 8, &ignored))
    {
      g_autofree char *shown = describe (parts[1], strlen (parts[1]));

      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "The Credential date “%s” is not in the form "
                                            "YYYYMMDD", shown));
      return FALSE;
    }
  if (!is_scope_part (parts[2]))
    {
      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "The Credential should be scoped to a valid region"));
      return FALSE;
    }
  if (!is_scope_part (parts[3]))
    {
      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "The Credential should be scoped to a valid service"));
      return FALSE;
    }
  if (strcmp (parts[4], SIGV4_TERMINATOR) != 0)
    {
      g_autofree char *shown = describe (parts[4], strlen (parts[4]));

      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "The Credential should be scoped with the "
                                            "terminator “aws4_request”, not “%s”", shown));
      return FALSE;
    }

  out->access_key_id = g_strdup (parts[0]);
  out->date = g_strdup (parts[1]);
  out->region = g_strdup (parts[2]);
  out->service = g_strdup (parts[3]);

  return TRUE;
}

static gboolean
part_is (const char *start,
         gsize       len,
         const char *name)
{
  return len == strlen (name) && strncmp (start, name, len) == 0;
}

/**
 * pd_aws_sigv4_parse_authorization:
 * @header: an `Authorization` header value
 * @out: (out caller-allocates): where to put the parts; cleared first
 * @error: return location for a #GError
 *
 * Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
 * Errors are %PD_AWS_ERROR_AUTH with the AWS code `IncompleteSignature`
 * (see pd_aws_error_get_aws_code()) and say what is missing or malformed.
 * Free the parts with pd_aws_sigv4_authorization_clear().
 *
 * Returns: %TRUE on success, %FALSE with @error set and @out cleared
 */
gboolean
pd_aws_sigv4_parse_authorization (const char               *header,
                                  PdAwsSigV4Authorization  *out,
                                  GError                  **error)
{
  const char *p;
  gboolean seen_credential = FALSE;
  gboolean seen_signed_headers = FALSE;
  gboolean seen_signature = FALSE;
  GString *missing;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);

  if (header == NULL || header[0] == '\0')
    {
      g_propagate_error (error, auth_error ("MissingAuthenticationToken",
                                            "The request has no Authorization header"));
      return FALSE;
    }

  p = header;
  while (*p == ' ' || *p == '\t')
    p++;
  if (strncmp (p, SIGV4_ALGORITHM, strlen (SIGV4_ALGORITHM)) != 0 ||
      (p[strlen (SIGV4_ALGORITHM)] != ' ' && p[strlen (SIGV4_ALGORITHM)] != '\t'))
    {
      gsize len = strcspn (p, " \t,");
      g_autofree char *shown = describe_name (p, len);

      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "Unsupported authorization algorithm “%s”; "
                                            "expected " SIGV4_ALGORITHM, shown));
      return FALSE;
    }
  p += strlen (SIGV4_ALGORITHM);

  while (*p != '\0')
    {
      const char *start;
      const char *eq;
      const char *end;
      const char *value;
      gsize name_len;
      gsize value_len;

      while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
      if (*p == '\0')
        break;

      start = p;
      end = p + strcspn (p, ",");
      eq = memchr (start, '=', end - start);
      value = eq != NULL ? eq + 1 : end;
      value_len = end - value;
      while (value_len > 0 && (value[value_len - 1] == ' ' || value[value_len - 1] == '\t'))
        value_len--;
      name_len = (eq != NULL ? eq : end) - start;
      while (name_len > 0 && (start[name_len - 1] == ' ' || start[name_len - 1] == '\t'))
        name_len--;

      if (eq == NULL)
        {
          g_autofree char *shown = describe_name (start, name_len);

          pd_aws_sigv4_authorization_clear (out);
          g_propagate_error (error, auth_error ("IncompleteSignature",
                                                "Authorization header part “%s” is not of the "
                                                "form Name=Value", shown));
          return FALSE;
        }

      if ((part_is (start, name_len, "Credential") && seen_credential) ||
          (part_is (start, name_len, "SignedHeaders") && seen_signed_headers) ||
          (part_is (start, name_len, "Signature") && seen_signature))
        {
          g_autofree char *shown = describe_name (start, name_len);

          pd_aws_sigv4_authorization_clear (out);
          g_propagate_error (error, auth_error ("IncompleteSignature",
                                                "The Authorization header has “%s” twice",
                                                shown));
          return FALSE;
        }

      if (part_is (start, name_len, "Credential"))
        {
          if (!parse_credential (value, value_len, out, error))
            {
              pd_aws_sigv4_authorization_clear (out);
              return FALSE;
            }
          seen_credential = TRUE;
        }
      else if (part_is (start, name_len, "SignedHeaders"))
        {
          if (!parse_signed_headers (value, value_len, &out->signed_headers, error))
            {
              pd_aws_sigv4_authorization_clear (out);
              return FALSE;
            }
          seen_signed_headers = TRUE;
        }
      else if (part_is (start, name_len, "Signature"))
        {
          gboolean hex = value_len == 2 * PD_AWS_SHA256_LEN;

          for (gsize i = 0; hex && i < value_len; i++)
            hex = g_ascii_isdigit (value[i]) || (value[i] >= 'a' && value[i] <= 'f');
          if (!hex)
            {
              pd_aws_sigv4_authorization_clear (out);
              g_propagate_error (error, auth_error ("IncompleteSignature",
                                                    "The Signature must be 64 lower-case "
                                                    "hexadecimal digits"));
              return FALSE;
            }
          out->signature = g_strndup (value, value_len);
          seen_signature = TRUE;
        }
      else
        {
          g_autofree char *shown = describe_name (start, name_len);

          pd_aws_sigv4_authorization_clear (out);
          g_propagate_error (error, auth_error ("IncompleteSignature",
                                                "Unknown Authorization header part “%s”",
                                                shown));
          return FALSE;
        }

      p = end;
    }

  missing = g_string_new (NULL);
  if (!seen_credential)
    g_string_append (missing, " Credential");
  if (!seen_signed_headers)
    g_string_append (missing, " SignedHeaders");
  if (!seen_signature)
    g_string_append (missing, " Signature");
  if (missing->len > 0)
    {
      pd_aws_sigv4_authorization_clear (out);
      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "The Authorization header lacks:%s", missing->str));
      g_string_free (missing, TRUE);
      return FALSE;
    }
  g_string_free (missing, TRUE);

  return TRUE;
}

/**
 * pd_aws_sigv4_authorization_clear:
 * @auth: a parsed Authorization header
 *
 * Frees the parts of @auth and zeroes it.
 */
void
pd_aws_sigv4_authorization_clear (PdAwsSigV4Authorization *auth)
{
  g_return_if_fail (auth != NULL);

  g_free (auth->access_key_id);
  g_free (auth->date);
  g_free (auth->region);
  g_free (auth->service);
  g_strfreev (auth->signed_headers);
  g_free (auth->signature);
  memset (auth, 0, sizeof *auth);
}

/**
 * pd_aws_sigv4_verify:
 * @request: the request as received
 * @auth: its parsed Authorization header
 * @secret_access_key: the secret key of @auth's access key ID
 * @flags: flags
 * @error: return location for a #GError
 *
 * Checks a received request's signature as AWS does: rebuilds the canonical
 * request with exactly the headers @auth lists, takes the time from
 * `X-Amz-Date` (or `Date`), and compares the signatures in constant time.
 * It does not compare the time with the clock, nor the scope's region and
 * service with the endpoint's: the caller does.
 *
 * Errors are %PD_AWS_ERROR_AUTH; pd_aws_error_get_aws_code() gives
 * `SignatureDoesNotMatch` for a wrong signature, `IncompleteSignature` for
 * a request whose signing is incomplete (a missing date, `host` unsigned),
 * and `XAmzContentSHA256Mismatch` for a body that does not match its
 * `X-Amz-Content-SHA256` header.
 *
 * Returns: %TRUE if the signature is valid
 */
gboolean
pd_aws_sigv4_verify (PdAwsSigningRequest           *request,
                     const PdAwsSigV4Authorization *auth,
                     const char                    *secret_access_key,
                     PdAwsSigV4Flags                flags,
                     GError                       **error)
{
  g_autofree char *amz_date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *signature = NULL;
  const char *content_sha256;
  const char *date_header;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (auth != NULL, FALSE);
  g_return_val_if_fail (auth->signed_headers != NULL && auth->signature != NULL, FALSE);
  g_return_val_if_fail (auth->date != NULL && auth->region != NULL && auth->service != NULL, FALSE);
  g_return_val_if_fail (secret_access_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!strv_contains ((const char * const *) auth->signed_headers, "host"))
    {
      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "'Host' must be a signed header in the AWS "
                                            "Authorization"));
      return FALSE;
    }

  amz_date = request_amz_date (request, error);
  if (amz_date == NULL)
    return FALSE;

  date_header = pd_aws_signing_request_get_header (request, "x-amz-date") != NULL
                ? "x-amz-date" : "date";
  if (!strv_contains ((const char * const *) auth->signed_headers, date_header))
    {
      g_propagate_error (error, auth_error ("IncompleteSignature",
                                            "The %s header must be a signed header in the AWS "
                                            "Authorization", date_header));
      return FALSE;
    }

  if (strncmp (amz_date, auth->date, 8) != 0)
    {
      g_propagate_error (error, auth_error ("SignatureDoesNotMatch",
                                            "Date in Credential scope does not match the date "
                                            "of the request: “%s” != “%.8s”",
                                            auth->date, amz_date));
      return FALSE;
    }

  for (guint i = 0; auth->signed_headers[i] != NULL; i++)
    if (pd_aws_signing_request_get_header (request, auth->signed_headers[i]) == NULL)
      {
        g_propagate_error (error, auth_error ("SignatureDoesNotMatch",
                                              "The request signature we calculated does not "
                                              "match the signature you provided: the signed "
                                              "header “%s” is not in the request",
                                              auth->signed_headers[i]));
        return FALSE;
      }

  content_sha256 = pd_aws_signing_request_get_header (request, "x-amz-content-sha256");
  if (content_sha256 != NULL && request->payload_hash_from_body &&
      strlen (content_sha256) == 2 * PD_AWS_SHA256_LEN &&
      g_ascii_strcasecmp (content_sha256, request->payload_hash) != 0)
    {
      GError *mismatch = auth_error ("XAmzContentSHA256Mismatch",
                                     "The X-Amz-Content-SHA256 header does not match the "
                                     "SHA-256 of the body");

      mismatch->code = PD_AWS_ERROR_VALIDATION;
      pd_aws_error_set_details (mismatch, "XAmzContentSHA256Mismatch", 400, NULL);
      g_propagate_error (error, mismatch);
      return FALSE;
    }

  scope = build_scope (auth->date, auth->region, auth->service);
  canonical = pd_aws_sigv4_canonical_request (request,
                                              (const char * const *) auth->signed_headers,
                                              flags);
  string_to_sign = pd_aws_sigv4_string_to_sign (canonical, amz_date, scope);
  signature = pd_aws_sigv4_signature (secret_access_key, auth->date, auth->region,
                                      auth->service, string_to_sign);

  if (strlen (auth->signature) != 2 * PD_AWS_SHA256_LEN ||
      CRYPTO_memcmp (signature, auth->signature, 2 * PD_AWS_SHA256_LEN) != 0)
    {
      g_propagate_error (error, auth_error ("SignatureDoesNotMatch",
                                            "The request signature we calculated does not "
                                            "match the signature you provided. Check the "
                                            "secret access key and the signing method."));
      return FALSE;
    }

  return TRUE;
}
