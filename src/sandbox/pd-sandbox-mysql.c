/* pd-sandbox-mysql.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#if HAVE_MARIADB
# include <mysql.h>
# include <mysqld_error.h>
# include <errmsg.h>
#endif

#include "pd-aws-error.h"
#include "pd-sandbox-mysql.h"

#define START_TIMEOUT_US    (90 * G_USEC_PER_SEC)
#define STOP_TIMEOUT_MS     10000
#define POOL_MAX            8
/* Seconds; the Data API gives up on a statement after 45 s. */
#define STATEMENT_TIMEOUT   45
#define TRANSACTION_IDLE_US (3 * 60 * G_USEC_PER_SEC)
#define DIR_PREFIX          "pd-my-"

typedef enum
{
  MY_STATE_IDLE,
  MY_STATE_STARTING,
  MY_STATE_RUNNING,
  MY_STATE_FAILED,
  MY_STATE_STOPPED,
} MyState;

#if HAVE_MARIADB
typedef struct
{
  GMutex  mutex;
  MYSQL  *conn;
  char   *id;
  gint64  last_used_us;
  gint    busy;
} MyTransaction;
#endif

struct _PdSandboxMysql
{
  GObject      parent_instance;

  /* Owned references */
  char        *username;
  char        *password;
  char        *database;
  char        *server_path;
  char        *install_db_path;
  char        *directory;
  char        *data_directory;
  char        *socket_path;
  char        *unavailable_reason;
  GSubprocess *server;
  GPtrArray   *pool;          /* idle MYSQL of the master credentials */
  GHashTable  *transactions;  /* id → MyTransaction (rc box) */
  GRand       *rand;

  /* Guards state, pool, transactions and rand */
  GMutex       lock;
  GCond        state_changed;

  MyState      state;
  uid_t        run_uid;
  gid_t        run_gid;
  guint        drop_privileges : 1;
  gint        *server_exited;
};

G_DEFINE_FINAL_TYPE (PdSandboxMysql, pd_sandbox_mysql, G_TYPE_OBJECT)

/* The To-Do schema of PdSandboxPg in the MySQL dialect, with the same rows. */
static const char schema_sql[] =
  "CREATE TABLE users ("
  "  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,"
  "  email varchar(255) NOT NULL COMMENT 'Sign-in address, unique',"
  "  display_name varchar(100) NOT NULL COMMENT 'Name shown in the app',"
  "  created_at datetime NOT NULL DEFAULT current_timestamp(),"
  "  UNIQUE KEY users_email_key (email)"
  ") COMMENT 'People who own To-Do items';"
  "CREATE TABLE todos ("
  "  id char(36) NOT NULL DEFAULT uuid() PRIMARY KEY,"
  "  user_id int NOT NULL,"
  "  title varchar(200) NOT NULL,"
  "  description text,"
  "  checked tinyint(1) NOT NULL DEFAULT 0 COMMENT 'True once the item is done',"
  "  priority smallint NOT NULL DEFAULT 2 COMMENT '1 high, 2 normal, 3 low',"
  "  due_date date,"
  "  created_at datetime NOT NULL DEFAULT current_timestamp(),"
  "  updated_at datetime NOT NULL DEFAULT current_timestamp(),"
  "  KEY todos_user_id_idx (user_id),"
  "  KEY todos_due_date_idx (due_date),"
  "  CONSTRAINT todos_priority_check CHECK (priority BETWEEN 1 AND 3),"
  "  CONSTRAINT todos_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)"
  "    ON DELETE CASCADE"
  ") COMMENT 'To-Do items, one row per item';"
  "CREATE TABLE tags ("
  "  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,"
  "  name varchar(50) NOT NULL,"
  "  color char(7) NOT NULL DEFAULT '#3584e4' COMMENT 'Hex colour of the label, #rrggbb',"
  "  UNIQUE KEY tags_name_key (name)"
  ") COMMENT 'Labels that group To-Do items';"
  "CREATE TABLE todo_tags ("
  "  todo_id char(36) NOT NULL,"
  "  tag_id int NOT NULL,"
  "  PRIMARY KEY (todo_id, tag_id),"
  "  KEY todo_tags_tag_id_idx (tag_id),"
  "  CONSTRAINT todo_tags_todo_id_fkey FOREIGN KEY (todo_id) REFERENCES todos (id)"
  "    ON DELETE CASCADE,"
  "  CONSTRAINT todo_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags (id)"
  "    ON DELETE CASCADE"
  ") COMMENT 'Which tags each To-Do item carries';"
  "INSERT INTO users (email, display_name, created_at) VALUES"
  "  ('ana@example.com', 'Ana García', '2026-01-12 09:15:00'),"
  "  ('luis@example.com', 'Luis Martín', '2026-01-20 17:40:00'),"
  "  ('marta@example.com', 'Marta Ruiz', '2026-02-03 08:05:00'),"
  "  ('jon@example.com', 'Jon Etxeberria', '2026-02-14 12:30:00');"
  "INSERT INTO tags (name, color) VALUES"
  "  ('work', '#3584e4'), ('home', '#33d17a'), ('urgent', '#e01b24'),"
  "  ('shopping', '#f6d32d'), ('ci', '#9141ac'), ('someday', '#986a44');"
  "INSERT INTO todos (id, user_id, title, description, checked, priority, due_date,"
  "                   created_at, updated_at) VALUES"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000001', 1, 'Review the Hypothesis failure',"
  "   'Shrunk example breaks todo title validation', 0, 1, '2026-03-02',"
  "   '2026-02-27 10:00:00', '2026-02-27 10:00:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000002', 1, 'Raise coverage of the delete handler',"
  "   NULL, 0, 2, '2026-03-06', '2026-02-27 10:05:00', '2026-02-27 10:05:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000003', 1, 'Fix the Snyk medium finding',"
  "   'Upgrade the vulnerable dependency', 1, 1, NULL,"
  "   '2026-02-25 16:20:00', '2026-02-26 09:00:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000004', 2, 'Buy coffee', NULL, 0, 3, NULL,"
  "   '2026-02-20 07:45:00', '2026-02-20 07:45:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000005', 2, 'Approve the production deploy',"
  "   'Manual approval in todo-list-aws', 0, 1, '2026-02-28',"
  "   '2026-02-27 18:00:00', '2026-02-27 18:00:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000006', 2, 'Rotate the database secret', NULL,"
  "   0, 2, '2026-03-15', '2026-02-21 11:11:00', '2026-02-21 11:11:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000007', 3, 'Water the plants', NULL, 1, 3, NULL,"
  "   '2026-02-18 19:00:00', '2026-02-19 08:30:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000008', 3, 'Plan the terratest run',"
  "   'Cover the WAF module', 0, 2, '2026-03-10',"
  "   '2026-02-22 14:00:00', '2026-02-22 14:00:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000009', 4, 'Tune the WAF rate limit', NULL,"
  "   0, 2, NULL, '2026-02-23 09:30:00', '2026-02-23 09:30:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-00000000000a', 4, 'Read the Aurora Serverless v2 notes',"
  "   NULL, 0, 3, NULL, '2026-02-24 21:00:00', '2026-02-24 21:00:00');"
  "INSERT INTO todo_tags (todo_id, tag_id) VALUES"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000001', 1), ('0b6f3c1e-5a2d-4c7e-9f10-000000000001', 5),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000002', 1), ('0b6f3c1e-5a2d-4c7e-9f10-000000000003', 3),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000003', 5), ('0b6f3c1e-5a2d-4c7e-9f10-000000000004', 4),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000005', 3), ('0b6f3c1e-5a2d-4c7e-9f10-000000000007', 2),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000008', 1), ('0b6f3c1e-5a2d-4c7e-9f10-00000000000a', 6);";

static GError *
data_api_error (const char *code,
                guint       status,
                const char *format,
                ...) G_GNUC_PRINTF (3, 4);

static GError *
data_api_error (const char *code,
                guint       status,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  return pd_aws_error_new_from_aws (code, message, status, NULL);
}

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (path == NULL || g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* Directories of killed sandboxes whose server is gone (it dies with the
 * sandbox through the parent-death signal); ones still being initialised
 * have no pid file yet, so only old ones without it go. */
static void
remove_stale_directories (const char *parent)
{
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *pid_file = NULL;
      g_autofree char *contents = NULL;
      GStatBuf st;
      gboolean stale;

      if (!g_str_has_prefix (name, DIR_PREFIX) || strlen (name) != strlen (DIR_PREFIX "XXXXXX"))
        continue;
      path = g_build_filename (parent, name, NULL);
      pid_file = g_build_filename (path, "mariadbd.pid", NULL);
      if (g_lstat (path, &st) != 0 || !S_ISDIR (st.st_mode))
        continue;
      if (g_file_get_contents (pid_file, &contents, NULL, NULL))
        {
          pid_t pid = (pid_t) g_ascii_strtoll (contents, NULL, 10);

          stale = pid > 0 && kill (pid, 0) != 0 && errno == ESRCH;
        }
      else
        stale = now - st.st_mtime > 10 * 60;
      if (stale)
        {
          g_debug ("Removing the directory of a MariaDB that is gone: %s", path);
          remove_tree (path);
        }
    }
}

static void
child_setup_cb (gpointer user_data)
{
  PdSandboxMysql *self = user_data;

  /* Between fork and exec: async-signal-safe calls only. The server runs
   * as the mysql user when we are root, like a packaged one. */
  if (self->drop_privileges)
    {
      if (setgroups (0, NULL) != 0 ||
          setgid (self->run_gid) != 0 ||
          setuid (self->run_uid) != 0)
        _exit (127);
    }

  /* After setuid(), which clears it. The data are throw-away, so the
   * server may die at once with the sandbox. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () == 1)
    _exit (127);
}

static GSubprocessLauncher *
new_launcher (PdSandboxMysql   *self,
              GSubprocessFlags  flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  const char * const unset[] = { "MYSQL_HOST", "MYSQL_PWD", "MYSQL_TCP_PORT", "MYSQL_UNIX_PORT",
                                 "MYSQL_HOME", "MARIADB_HOME", "MYSQL_HISTFILE", NULL };

  for (guint i = 0; unset[i] != NULL; i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  g_subprocess_launcher_set_cwd (launcher, self->directory);
  g_subprocess_launcher_set_child_setup (launcher, child_setup_cb, self, NULL);

  return launcher;
}

static void
set_state (PdSandboxMysql *self,
           MyState         state,
           const char     *reason)
{
  g_mutex_lock (&self->lock);
  self->state = state;
  if (reason != NULL)
    {
      g_free (self->unavailable_reason);
      self->unavailable_reason = g_strdup (reason);
    }
  g_cond_broadcast (&self->state_changed);
  g_mutex_unlock (&self->lock);
}

static char *
read_log_tail (PdSandboxMysql *self)
{
  g_autofree char *path = g_build_filename (self->directory, "mariadb.log", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL) || len == 0)
    return g_strdup ("(no server log)");
  if (len > 600)
    return g_strdup (contents + len - 600);
  return g_steal_pointer (&contents);
}

static void
on_server_exited_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  gint *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  g_atomic_int_set (exited, TRUE);
  g_atomic_rc_box_release (exited);
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/**
 * pd_sandbox_mysql_rewrite_placeholders:
 * @sql: SQL with `:name` placeholders
 * @names: (element-type utf8): receives the name of each `?`, in order
 *
 * Returns: (transfer full): the SQL with `?` placeholders
 */
char *
pd_sandbox_mysql_rewrite_placeholders (const char *sql,
                                       GPtrArray  *names)
{
  GString *out;
  const char *p = sql;

  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (names != NULL, NULL);

  out = g_string_sized_new (strlen (sql) + 16);
  while (*p != '\0')
    {
      if (*p == '\'' || *p == '"' || *p == '`')
        {
          char quote = *p;

          g_string_append_c (out, *p++);
          while (*p != '\0')
            {
              /* Backslash escapes in strings, not in identifiers. */
              if (quote != '`' && *p == '\\' && p[1] != '\0')
                {
                  g_string_append_len (out, p, 2);
                  p += 2;
                  continue;
                }
              g_string_append_c (out, *p);
              if (*p++ == quote)
                {
                  if (*p == quote)
                    g_string_append_c (out, *p++);
                  else
                    break;
                }
            }
        }
      else if ((p[0] == '-' && p[1] == '-' && (p[2] == ' ' || p[2] == '\t' || p[2] == '\n' ||
                                              p[2] == '\0')) || p[0] == '#')
        {
          while (*p != '\0' && *p != '\n')
            g_string_append_c (out, *p++);
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");
          gsize len = end != NULL ? (gsize) (end + 2 - p) : strlen (p);

          g_string_append_len (out, p, len);
          p += len;
        }
      else if (p[0] == ':' && p[1] == '=')
        {
          g_string_append_len (out, p, 2);
          p += 2;
        }
      else if (p[0] == ':' && (g_ascii_isalpha (p[1]) || p[1] == '_') &&
               (p == sql || !is_ident_char (p[-1])))
        {
          const char *start = ++p;

          while (is_ident_char (*p))
            p++;
          g_ptr_array_add (names, g_strndup (start, p - start));
          g_string_append_c (out, '?');
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

#if HAVE_MARIADB

static MyTransaction *
transaction_ref (MyTransaction *tx)
{
  return g_atomic_rc_box_acquire (tx);
}

static void
transaction_clear (gpointer data)
{
  MyTransaction *tx = data;

  g_clear_pointer (&tx->conn, mysql_close);
  g_clear_pointer (&tx->id, g_free);
  g_mutex_clear (&tx->mutex);
}

static void
transaction_unref (MyTransaction *tx)
{
  g_atomic_rc_box_release_full (tx, transaction_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MyTransaction, transaction_unref)

static void
conn_close (gpointer data)
{
  mysql_close (data);
}

static gboolean
is_connection_error (unsigned int code)
{
  return code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST ||
         code == CR_CONNECTION_ERROR || code == CR_CONN_HOST_ERROR;
}

static GError *
error_from_code (unsigned int  code,
                 const char   *sqlstate,
                 const char   *text)
{
  if (is_connection_error (code))
    return data_api_error ("DatabaseUnavailableException", 504,
                           "The database connection was lost: %s", text);
  /* MariaDB's max_statement_time, MySQL's max_execution_time */
  if (code == ER_STATEMENT_TIMEOUT || code == 3024)
    return data_api_error ("StatementTimeoutException", 400,
                           "Statement timed out: %s (Error %u, SQLState %s)",
                           text, code, sqlstate);
  return data_api_error ("BadRequestException", 400, "%s (Error %u, SQLState %s)",
                         text, code, sqlstate);
}

static GError *
error_from_conn (MYSQL *conn)
{
  return error_from_code (mysql_errno (conn), mysql_sqlstate (conn), mysql_error (conn));
}

static GError *
error_from_stmt (MYSQL_STMT *stmt)
{
  return error_from_code (mysql_stmt_errno (stmt), mysql_stmt_sqlstate (stmt),
                          mysql_stmt_error (stmt));
}

static gpointer
library_init_once (gpointer data)
{
  mysql_library_init (0, NULL, NULL);
  return NULL;
}

static MYSQL *
connect_to (PdSandboxMysql  *self,
            const char      *username,
            const char      *password,
            const char      *database,
            gboolean         multi,
            GError         **error)
{
  static GOnce once = G_ONCE_INIT;
  unsigned int timeout = 10;
  MYSQL *conn;
  g_autofree char *init = g_strdup_printf ("SET SESSION max_statement_time = %d, "
                                           "time_zone = '+00:00'", STATEMENT_TIMEOUT);

  g_once (&once, library_init_once, NULL);
  conn = mysql_init (NULL);
  if (conn == NULL)
    {
      g_propagate_error (error, data_api_error ("InternalServerErrorException", 500,
                                                "Out of memory for a MariaDB connection"));
      return NULL;
    }
  mysql_options (conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_options (conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  mysql_options (conn, MYSQL_INIT_COMMAND, init);
  if (mysql_real_connect (conn, NULL, username, password != NULL ? password : "", database, 0,
                          self->socket_path, multi ? CLIENT_MULTI_STATEMENTS : 0) == NULL)
    {
      unsigned int code = mysql_errno (conn);
      g_autofree char *text = g_strdup (mysql_error (conn));

      mysql_close (conn);
      if (is_connection_error (code))
        g_propagate_error (error, data_api_error ("DatabaseUnavailableException", 504,
                                                  "The database is unavailable: %s", text));
      else
        g_propagate_error (error, data_api_error ("BadRequestException", 400, "%s", text));
      return NULL;
    }

  return conn;
}

/* Runs one or more statements on a CLIENT_MULTI_STATEMENTS connection,
 * discarding their results. */
static gboolean
exec_simple (MYSQL       *conn,
             const char  *sql,
             GError     **error)
{
  int status;

  if (mysql_real_query (conn, sql, strlen (sql)) != 0)
    {
      g_propagate_error (error, error_from_conn (conn));
      return FALSE;
    }
  do
    {
      MYSQL_RES *res = mysql_store_result (conn);

      if (res != NULL)
        mysql_free_result (res);
      else if (mysql_field_count (conn) != 0)
        {
          g_propagate_error (error, error_from_conn (conn));
          return FALSE;
        }
      status = mysql_next_result (conn);
      if (status > 0)
        {
          g_propagate_error (error, error_from_conn (conn));
          return FALSE;
        }
    }
  while (status == 0);

  return TRUE;
}

static gboolean
bootstrap (PdSandboxMysql  *self,
           GError         **error)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *escaped = NULL;
  MYSQL *conn = NULL;
  MYSQL *probe;

  /* The root account has no password until we remove it, over the
   * private socket only. */
  while (conn == NULL)
    {
      g_autoptr(GError) local = NULL;

      conn = connect_to (self, "root", NULL, NULL, TRUE, &local);
      if (conn != NULL)
        break;
      if (g_atomic_int_get (self->server_exited))
        {
          g_autofree char *tail = read_log_tail (self);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "MariaDB stopped while starting: %s", tail);
          return FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "MariaDB did not accept connections within %d s: %s",
                       (int) (START_TIMEOUT_US / G_USEC_PER_SEC), local->message);
          return FALSE;
        }
      g_usleep (50 * 1000);
    }

  escaped = g_malloc (2 * strlen (self->database) + 1);
  mysql_real_escape_string (conn, escaped, self->database, strlen (self->database));
  g_string_printf (sql, "CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
                   "USE `%s`;", escaped, escaped);
  g_string_append (sql, schema_sql);
  if (strchr (self->database, '`') != NULL || !exec_simple (conn, sql->str, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "Invalid database name %s", self->database);
      mysql_close (conn);
      return FALSE;
    }

  /* The master user of the secret, then no passwordless root: the Data API
   * connects with the credentials of the secret, as on AWS. */
  g_clear_pointer (&escaped, g_free);
  escaped = g_malloc (2 * strlen (self->password) + 1);
  mysql_real_escape_string (conn, escaped, self->password, strlen (self->password));
  g_string_set_size (sql, 0);
  g_string_append_printf (sql, "CREATE USER '%s'@'localhost' IDENTIFIED BY '%s';"
                          "GRANT ALL PRIVILEGES ON *.* TO '%s'@'localhost' WITH GRANT OPTION;"
                          "DELETE FROM mysql.global_priv WHERE User = 'root';"
                          "FLUSH PRIVILEGES",
                          self->username, escaped, self->username);
  memset (escaped, 0, strlen (escaped));
  if (strchr (self->username, '\'') != NULL || strchr (self->username, '\\') != NULL ||
      !exec_simple (conn, sql->str, error))
    {
      memset (sql->str, 0, sql->len);
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "Invalid user name %s", self->username);
      mysql_close (conn);
      return FALSE;
    }
  memset (sql->str, 0, sql->len);
  mysql_close (conn);

  probe = connect_to (self, "root", NULL, NULL, FALSE, NULL);
  if (probe != NULL)
    {
      mysql_close (probe);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "MariaDB still accepts root without a password");
      return FALSE;
    }

  return TRUE;
}

#endif /* HAVE_MARIADB */

static void
bootstrap_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

#if HAVE_MARIADB
  if (!bootstrap (source_object, &error))
#else
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "The sandbox was built without the MariaDB client library");
#endif
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* Takes the task reference and the error. */
static void
start_fail (GTask  *task,
            GError *error)
{
  PdSandboxMysql *self = g_task_get_source_object (task);

  set_state (self, MY_STATE_FAILED, error->message);
  pd_sandbox_mysql_stop (self);
  set_state (self, MY_STATE_FAILED, NULL);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_bootstrap_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  PdSandboxMysql *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      start_fail (task, error);
      return;
    }

  set_state (self, MY_STATE_RUNNING, NULL);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_install_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  PdSandboxMysql *self = g_task_get_source_object (task);
  GSubprocess *install = G_SUBPROCESS (object);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GTask) thread_task = NULL;
  GError *error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *datadir_arg = NULL;
  g_autofree char *socket_arg = NULL;
  g_autofree char *pid_arg = NULL;
  g_autofree char *log_arg = NULL;
  g_autofree char *tmp_arg = NULL;

  if (!g_subprocess_communicate_utf8_finish (install, result, &output, NULL, &error))
    {
      start_fail (task, error);
      return;
    }
  if (!g_subprocess_get_if_exited (install) || g_subprocess_get_exit_status (install) != 0)
    {
      start_fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                     "mariadb-install-db failed: %s",
                                     output != NULL ? g_strstrip (output) : "(no output)"));
      return;
    }

  datadir_arg = g_strdup_printf ("--datadir=%s", self->data_directory);
  socket_arg = g_strdup_printf ("--socket=%s", self->socket_path);
  pid_arg = g_strdup_printf ("--pid-file=%s/mariadbd.pid", self->directory);
  log_arg = g_strdup_printf ("--log-error=%s/mariadb.log", self->directory);
  tmp_arg = g_strdup_printf ("--tmpdir=%s", self->directory);
  launcher = new_launcher (self, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                 G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                 G_SUBPROCESS_FLAGS_STDIN_PIPE);
  self->server = g_subprocess_launcher_spawn (launcher, &error,
                                              self->server_path,
                                              "--no-defaults",
                                              datadir_arg,
                                              socket_arg,
                                              pid_arg,
                                              log_arg,
                                              tmp_arg,
                                              "--skip-networking",
                                              "--skip-name-resolve",
                                              "--skip-log-bin",
                                              "--character-set-server=utf8mb4",
                                              "--collation-server=utf8mb4_unicode_ci",
                                              "--default-time-zone=+00:00",
                                              "--innodb-buffer-pool-size=16M",
                                              "--innodb-log-file-size=8M",
                                              "--innodb-flush-log-at-trx-commit=0",
                                              "--innodb-doublewrite=0",
                                              "--max-connections=40",
                                              NULL);
  if (self->server == NULL)
    {
      start_fail (task, error);
      return;
    }

  g_subprocess_wait_async (self->server, NULL, on_server_exited_cb,
                           g_atomic_rc_box_acquire (self->server_exited));

  thread_task = g_task_new (self, g_task_get_cancellable (task), on_bootstrap_done_cb, task);
  g_task_run_in_thread (thread_task, bootstrap_thread);
}

static void
pd_sandbox_mysql_dispose (GObject *object)
{
  pd_sandbox_mysql_stop (PD_SANDBOX_MYSQL (object));

  G_OBJECT_CLASS (pd_sandbox_mysql_parent_class)->dispose (object);
}

static void
pd_sandbox_mysql_finalize (GObject *object)
{
  PdSandboxMysql *self = (PdSandboxMysql *)object;

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->server_path, g_free);
  g_clear_pointer (&self->install_db_path, g_free);
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->data_directory, g_free);
  g_clear_pointer (&self->socket_path, g_free);
  g_clear_pointer (&self->unavailable_reason, g_free);
  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_clear_pointer (&self->transactions, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->server_exited, g_atomic_rc_box_release);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->state_changed);

  G_OBJECT_CLASS (pd_sandbox_mysql_parent_class)->finalize (object);
}

static void
pd_sandbox_mysql_class_init (PdSandboxMysqlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_sandbox_mysql_dispose;
  object_class->finalize = pd_sandbox_mysql_finalize;
}

static void
pd_sandbox_mysql_init (PdSandboxMysql *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->state_changed);
  self->rand = g_rand_new ();
  self->server_exited = g_atomic_rc_box_new0 (gint);
#if HAVE_MARIADB
  self->pool = g_ptr_array_new_with_free_func (conn_close);
  self->transactions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) transaction_unref);
#else
  self->pool = g_ptr_array_new ();
  self->transactions = g_hash_table_new (g_str_hash, g_str_equal);
#endif
}

/**
 * pd_sandbox_mysql_new:
 * @username: the master user (from the cluster's secret)
 * @password: its password
 * @database: the database to create and seed
 *
 * Returns: (transfer full): a stopped server
 */
PdSandboxMysql *
pd_sandbox_mysql_new (const char *username,
                      const char *password,
                      const char *database)
{
  PdSandboxMysql *self;

  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (database != NULL, NULL);

  self = g_object_new (PD_TYPE_SANDBOX_MYSQL, NULL);
  self->username = g_strdup (username);
  self->password = g_strdup (password);
  self->database = g_strdup (database);

  return self;
}

static char *
find_program (const char         *forced,
              const char         *name,
              const char * const *fallbacks)
{
  g_autofree char *found = NULL;

  if (forced != NULL && forced[0] != '\0')
    {
      g_autofree char *path = g_build_filename (forced, name, NULL);

      return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) ? g_steal_pointer (&path) : NULL;
    }
  found = g_find_program_in_path (name);
  if (found != NULL)
    return g_steal_pointer (&found);
  for (guint i = 0; fallbacks[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (fallbacks[i], name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);
    }
  return NULL;
}

/**
 * pd_sandbox_mysql_find_programs:
 * @server: (out): the path of `mariadbd`
 * @install_db: (out): the path of `mariadb-install-db`
 * @error: return location for a #GError
 *
 * Looks in `PD_SANDBOX_MARIADB_BINDIR` when set (and nothing else), else
 * in the `PATH`, `/usr/sbin` and `/usr/bin`.
 *
 * Returns: %TRUE if both were found, else %G_IO_ERROR_NOT_FOUND
 */
gboolean
pd_sandbox_mysql_find_programs (char   **server,
                                char   **install_db,
                                GError **error)
{
  const char *forced = g_getenv ("PD_SANDBOX_MARIADB_BINDIR");
  const char * const dirs[] = { "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin",
                                NULL };
  g_autofree char *s = find_program (forced, "mariadbd", dirs);
  g_autofree char *i = find_program (forced, "mariadb-install-db", dirs);

  if (s == NULL || i == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "MariaDB is not installed: no mariadbd and mariadb-install-db in %s "
                   "(install the mariadb-server package)",
                   forced != NULL && forced[0] != '\0' ? forced
                                                       : "PATH, /usr/sbin or /usr/bin");
      return FALSE;
    }
  if (server != NULL)
    *server = g_steal_pointer (&s);
  if (install_db != NULL)
    *install_db = g_steal_pointer (&i);
  return TRUE;
}

/**
 * pd_sandbox_mysql_start_async:
 * @self: a #PdSandboxMysql
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server accepts connections or failed to start
 * @user_data: data for @callback
 *
 * Creates the data directory in a new temporary directory, starts the
 * server on a Unix socket there and loads the To-Do schema.
 */
void
pd_sandbox_mysql_start_async (PdSandboxMysql      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) install = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *datadir_arg = NULL;

  g_return_if_fail (PD_IS_SANDBOX_MYSQL (self));
  g_return_if_fail (self->state == MY_STATE_IDLE);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_sandbox_mysql_start_async);
  set_state (self, MY_STATE_STARTING, NULL);

#if !HAVE_MARIADB
  start_fail (g_steal_pointer (&task),
              g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   "The sandbox was built without the MariaDB client library "
                                   "(install libmariadb-dev and rebuild)"));
  return;
#endif

  if (!pd_sandbox_mysql_find_programs (&self->server_path, &self->install_db_path, &error))
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (geteuid () == 0)
    {
      struct passwd entry;
      struct passwd *pw = NULL;
      char buffer[4096];

      if (getpwnam_r ("mysql", &entry, buffer, sizeof buffer, &pw) != 0)
        pw = NULL;
      if (pw == NULL)
        {
          start_fail (g_steal_pointer (&task),
                      g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                           "The sandbox runs MariaDB as the mysql user when "
                                           "root, and there is none"));
          return;
        }
      self->drop_privileges = TRUE;
      self->run_uid = pw->pw_uid;
      self->run_gid = pw->pw_gid;
    }

  remove_stale_directories (self->drop_privileges ? "/tmp" : g_get_tmp_dir ());

  if (self->drop_privileges)
    {
      char template[] = "/tmp/" DIR_PREFIX "XXXXXX";

      if (g_mkdtemp (template) != NULL)
        self->directory = g_strdup (template);
      else
        g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno),
                     "Could not create a directory for MariaDB: %s", g_strerror (errno));
    }
  else
    self->directory = g_dir_make_tmp (DIR_PREFIX "XXXXXX", &error);
  if (self->directory == NULL)
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }
  if (self->drop_privileges && chown (self->directory, self->run_uid, self->run_gid) != 0)
    {
      start_fail (g_steal_pointer (&task),
                  g_error_new (G_IO_ERROR, g_io_error_from_errno (errno),
                               "Could not give %s to the mysql user: %s",
                               self->directory, g_strerror (errno)));
      return;
    }
  self->data_directory = g_build_filename (self->directory, "data", NULL);
  self->socket_path = g_build_filename (self->directory, "mariadb.sock", NULL);

  datadir_arg = g_strdup_printf ("--datadir=%s", self->data_directory);
  launcher = new_launcher (self, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  install = g_subprocess_launcher_spawn (launcher, &error,
                                         self->install_db_path,
                                         "--no-defaults",
                                         datadir_arg,
                                         "--auth-root-authentication-method=normal",
                                         "--skip-test-db",
                                         "--skip-name-resolve",
                                         "--innodb-log-file-size=8M",
                                         "--innodb-buffer-pool-size=16M",
                                         NULL);
  if (install == NULL)
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  g_subprocess_communicate_utf8_async (install, NULL, cancellable,
                                       on_install_done_cb, g_steal_pointer (&task));
}

/**
 * pd_sandbox_mysql_start_finish:
 * @self: a #PdSandboxMysql
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the server runs with the schema loaded
 */
gboolean
pd_sandbox_mysql_start_finish (PdSandboxMysql  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (PD_IS_SANDBOX_MYSQL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pd_sandbox_mysql_is_running:
 * @self: a #PdSandboxMysql
 *
 * Returns: whether the server accepts Data API calls
 */
gboolean
pd_sandbox_mysql_is_running (PdSandboxMysql *self)
{
  gboolean running;

  g_return_val_if_fail (PD_IS_SANDBOX_MYSQL (self), FALSE);

  g_mutex_lock (&self->lock);
  running = self->state == MY_STATE_RUNNING;
  g_mutex_unlock (&self->lock);

  return running;
}

/**
 * pd_sandbox_mysql_get_directory:
 * @self: a #PdSandboxMysql
 *
 * Returns: (nullable): the private directory (data and socket), if any
 */
const char *
pd_sandbox_mysql_get_directory (PdSandboxMysql *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX_MYSQL (self), NULL);
  return self->directory;
}

/**
 * pd_sandbox_mysql_get_pid:
 * @self: a #PdSandboxMysql
 *
 * Returns: the server's process ID, or 0 when none runs
 */
GPid
pd_sandbox_mysql_get_pid (PdSandboxMysql *self)
{
  const char *id;

  g_return_val_if_fail (PD_IS_SANDBOX_MYSQL (self), 0);

  if (self->server == NULL || (id = g_subprocess_get_identifier (self->server)) == NULL)
    return 0;
  return (GPid) g_ascii_strtoll (id, NULL, 10);
}

static void
on_stop_wait_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

static gboolean
on_stop_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_for_exit (GSubprocess *process,
               guint        timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  gboolean done = FALSE;
  gboolean timed_out = FALSE;

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (process, NULL, on_stop_wait_cb, &done);
  g_source_set_callback (timeout, on_stop_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!done && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  if (!done)
    {
      g_subprocess_force_exit (process);
      while (!done)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);

  return !timed_out;
}

/**
 * pd_sandbox_mysql_stop:
 * @self: a #PdSandboxMysql
 *
 * Closes every connection (open transactions roll back), shuts the server
 * down (SIGTERM, then SIGKILL after 10 s) and removes the directory. Safe
 * to call more than once.
 */
void
pd_sandbox_mysql_stop (PdSandboxMysql *self)
{
  g_return_if_fail (PD_IS_SANDBOX_MYSQL (self));

  g_mutex_lock (&self->lock);
  if (self->state == MY_STATE_RUNNING || self->state == MY_STATE_STARTING)
    self->state = MY_STATE_STOPPED;
  if (self->unavailable_reason == NULL)
    self->unavailable_reason = g_strdup ("The sandbox database was stopped");
  g_ptr_array_set_size (self->pool, 0);
  g_hash_table_remove_all (self->transactions);
  g_cond_broadcast (&self->state_changed);
  g_mutex_unlock (&self->lock);

  if (self->server != NULL)
    {
      if (g_subprocess_get_identifier (self->server) != NULL)
        {
          g_subprocess_send_signal (self->server, SIGTERM);
          if (!wait_for_exit (self->server, STOP_TIMEOUT_MS))
            g_debug ("MariaDB did not stop in time and was killed");
        }
      g_clear_object (&self->server);
    }

  if (self->directory != NULL)
    {
      remove_tree (self->directory);
      g_clear_pointer (&self->directory, g_free);
    }
}

#if HAVE_MARIADB

/* One cell of a result: NULL data is SQL NULL. */
typedef struct
{
  char  *data;
  gsize  len;
} Cell;

typedef struct
{
  guint        n_cols;
  MYSQL_FIELD *fields;     /* copies of name, org_table, db, org_name */
  GPtrArray   *rows;       /* Cell[n_cols] */
  gboolean     has_result;
  guint64      affected;
  guint64      insert_id;
} Result;

static void
result_free (Result *result)
{
  for (guint r = 0; result->rows != NULL && r < result->rows->len; r++)
    {
      Cell *cells = g_ptr_array_index (result->rows, r);

      for (guint c = 0; c < result->n_cols; c++)
        g_free (cells[c].data);
      g_free (cells);
    }
  g_clear_pointer (&result->rows, g_ptr_array_unref);
  for (guint c = 0; c < result->n_cols; c++)
    {
      g_free (result->fields[c].name);
      g_free (result->fields[c].org_name);
      g_free (result->fields[c].table);
      g_free (result->fields[c].org_table);
      g_free (result->fields[c].db);
    }
  g_free (result->fields);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

/* Binary-safe, and NUL-terminated for the text types. */
static char *
copy_bytes (const char *data,
            gsize       len)
{
  char *copy = g_malloc (len + 1);

  memcpy (copy, data, len);
  copy[len] = '\0';
  return copy;
}

static void
copy_fields (Result      *result,
             MYSQL_FIELD *fields,
             guint        n)
{
  result->n_cols = n;
  result->fields = g_new0 (MYSQL_FIELD, MAX (n, 1));
  for (guint c = 0; c < n; c++)
    {
      result->fields[c] = fields[c];
      result->fields[c].name = g_strdup (fields[c].name != NULL ? fields[c].name : "");
      result->fields[c].org_name = g_strdup (fields[c].org_name != NULL ? fields[c].org_name : "");
      result->fields[c].table = g_strdup (fields[c].table != NULL ? fields[c].table : "");
      result->fields[c].org_table = g_strdup (fields[c].org_table != NULL ? fields[c].org_table
                                                                          : "");
      result->fields[c].db = g_strdup (fields[c].db != NULL ? fields[c].db : "");
      result->fields[c].catalog = NULL;
      result->fields[c].def = NULL;
      result->fields[c].extension = NULL;
    }
}

static JsonObject *
find_parameter (JsonArray  *parameters,
                const char *name)
{
  guint n = parameters != NULL ? json_array_get_length (parameters) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (parameters, i);
      JsonObject *param;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      param = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (param, "name", NULL), name) == 0)
        return param;
    }

  return NULL;
}

typedef struct
{
  guint       n;
  MYSQL_BIND *binds;
  char      **buffers;
  gint64     *longs;
  double     *doubles;
  my_bool    *nulls;
} Params;

static void
params_free (Params *params)
{
  for (guint i = 0; i < params->n; i++)
    g_free (params->buffers[i]);
  g_free (params->buffers);
  g_free (params->binds);
  g_free (params->longs);
  g_free (params->doubles);
  g_free (params->nulls);
  g_free (params);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Params, params_free)

static gboolean
fill_parameter (Params      *params,
                guint        i,
                const char  *name,
                JsonObject  *param,
                GError     **error)
{
  static const char * const hints[] = { "DATE", "TIME", "TIMESTAMP", "DECIMAL", "UUID", "JSON" };
  JsonNode *value_node = json_object_get_member (param, "value");
  const char *hint = json_object_get_string_member_with_default (param, "typeHint", NULL);
  MYSQL_BIND *bind = &params->binds[i];
  g_autoptr(GList) members = NULL;
  JsonObject *value;
  const char *kind;
  JsonNode *v;

  if (hint != NULL && !g_strv_contains (hints, hint))
    {
      g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                "Invalid typeHint '%s' for parameter '%s'",
                                                hint, name));
      return FALSE;
    }
  if (value_node == NULL || !JSON_NODE_HOLDS_OBJECT (value_node))
    {
      g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                "Parameter '%s' has no value", name));
      return FALSE;
    }
  value = json_node_get_object (value_node);
  members = json_object_get_members (value);
  if (g_list_length (members) != 1)
    {
      g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                "The value of parameter '%s' must set exactly "
                                                "one member of Field", name));
      return FALSE;
    }
  kind = members->data;
  v = json_object_get_member (value, kind);
  bind->is_null = &params->nulls[i];

  if (g_str_equal (kind, "isNull"))
    {
      bind->buffer_type = MYSQL_TYPE_NULL;
      params->nulls[i] = 1;
    }
  else if ((g_str_equal (kind, "stringValue") || g_str_equal (kind, "blobValue")) &&
           JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
    {
      gsize len;

      if (g_str_equal (kind, "blobValue"))
        {
          params->buffers[i] = (char *) g_base64_decode (json_node_get_string (v), &len);
          bind->buffer_type = MYSQL_TYPE_BLOB;
        }
      else
        {
          params->buffers[i] = g_strdup (json_node_get_string (v));
          len = strlen (params->buffers[i]);
          bind->buffer_type = MYSQL_TYPE_STRING;
        }
      bind->buffer = params->buffers[i];
      bind->buffer_length = len;
    }
  else if (g_str_equal (kind, "longValue") && JSON_NODE_HOLDS_VALUE (v) &&
           json_node_get_value_type (v) == G_TYPE_INT64)
    {
      params->longs[i] = json_node_get_int (v);
      bind->buffer_type = MYSQL_TYPE_LONGLONG;
      bind->buffer = &params->longs[i];
    }
  else if (g_str_equal (kind, "doubleValue") && JSON_NODE_HOLDS_VALUE (v) &&
           (json_node_get_value_type (v) == G_TYPE_DOUBLE ||
            json_node_get_value_type (v) == G_TYPE_INT64))
    {
      params->doubles[i] = json_node_get_double (v);
      bind->buffer_type = MYSQL_TYPE_DOUBLE;
      bind->buffer = &params->doubles[i];
    }
  else if (g_str_equal (kind, "booleanValue") && JSON_NODE_HOLDS_VALUE (v) &&
           json_node_get_value_type (v) == G_TYPE_BOOLEAN)
    {
      params->longs[i] = json_node_get_boolean (v) ? 1 : 0;
      bind->buffer_type = MYSQL_TYPE_LONGLONG;
      bind->buffer = &params->longs[i];
    }
  else if (g_str_equal (kind, "arrayValue"))
    {
      g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                "Array parameters are not supported"));
      return FALSE;
    }
  else
    {
      g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                "Invalid value for parameter '%s': %s",
                                                name, kind));
      return FALSE;
    }

  return TRUE;
}

static Params *
build_params (GPtrArray   *names,
              JsonArray   *parameters,
              GError     **error)
{
  g_autoptr(Params) params = g_new0 (Params, 1);
  guint n = names->len;

  params->n = n;
  params->binds = g_new0 (MYSQL_BIND, n + 1);
  params->buffers = g_new0 (char *, n + 1);
  params->longs = g_new0 (gint64, n + 1);
  params->doubles = g_new0 (double, n + 1);
  params->nulls = g_new0 (my_bool, n + 1);

  for (guint i = 0; i < n; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonObject *param = find_parameter (parameters, name);

      if (param == NULL)
        {
          g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                    "No value specified for parameter '%s'",
                                                    name));
          return NULL;
        }
      if (!fill_parameter (params, i, name, param, error))
        return NULL;
    }

  return g_steal_pointer (&params);
}

/* Statements the server cannot prepare, without parameters: the text
 * protocol. */
static Result *
run_text (MYSQL       *conn,
          const char  *sql,
          GError     **error)
{
  g_autoptr(Result) result = g_new0 (Result, 1);
  MYSQL_RES *res;
  MYSQL_ROW row;

  if (mysql_real_query (conn, sql, strlen (sql)) != 0)
    {
      g_propagate_error (error, error_from_conn (conn));
      return NULL;
    }
  res = mysql_store_result (conn);
  result->rows = g_ptr_array_new ();
  if (res == NULL)
    {
      if (mysql_field_count (conn) != 0)
        {
          g_propagate_error (error, error_from_conn (conn));
          return NULL;
        }
      result->affected = mysql_affected_rows (conn);
      result->insert_id = mysql_insert_id (conn);
      return g_steal_pointer (&result);
    }

  result->has_result = TRUE;
  copy_fields (result, mysql_fetch_fields (res), mysql_num_fields (res));
  while ((row = mysql_fetch_row (res)) != NULL)
    {
      unsigned long *lengths = mysql_fetch_lengths (res);
      Cell *cells = g_new0 (Cell, MAX (result->n_cols, 1));

      for (guint c = 0; c < result->n_cols; c++)
        if (row[c] != NULL)
          {
            cells[c].data = copy_bytes (row[c], lengths[c]);
            cells[c].len = lengths[c];
          }
      g_ptr_array_add (result->rows, cells);
    }
  mysql_free_result (res);

  return g_steal_pointer (&result);
}

static Result *
run_statement (MYSQL       *conn,
               JsonObject  *request,
               JsonArray   *parameters,
               GError     **error)
{
  const char *sql = json_object_get_string_member_with_default (request, "sql", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rewritten = NULL;
  g_autoptr(Params) params = NULL;
  g_autoptr(Result) result = NULL;
  g_autofree MYSQL_BIND *binds = NULL;
  g_autofree unsigned long *lengths = NULL;
  g_autofree my_bool *nulls = NULL;
  MYSQL_STMT *stmt;
  MYSQL_RES *meta;
  my_bool update_max = 1;
  int rc;

  if (sql == NULL || sql[0] == '\0')
    {
      g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                "SQL statement is required"));
      return NULL;
    }

  rewritten = pd_sandbox_mysql_rewrite_placeholders (sql, names);
  params = build_params (names, parameters, error);
  if (params == NULL)
    return NULL;

  stmt = mysql_stmt_init (conn);
  if (mysql_stmt_prepare (stmt, rewritten, strlen (rewritten)) != 0)
    {
      unsigned int code = mysql_stmt_errno (stmt);

      if (code == ER_UNSUPPORTED_PS && names->len == 0)
        {
          mysql_stmt_close (stmt);
          return run_text (conn, rewritten, error);
        }
      g_propagate_error (error, error_from_stmt (stmt));
      mysql_stmt_close (stmt);
      return NULL;
    }
  if ((params->n > 0 && mysql_stmt_bind_param (stmt, params->binds) != 0) ||
      mysql_stmt_execute (stmt) != 0)
    {
      g_propagate_error (error, error_from_stmt (stmt));
      mysql_stmt_close (stmt);
      return NULL;
    }

  result = g_new0 (Result, 1);
  result->rows = g_ptr_array_new ();
  meta = mysql_stmt_result_metadata (stmt);
  if (meta == NULL)
    {
      result->affected = mysql_stmt_affected_rows (stmt);
      result->insert_id = mysql_stmt_insert_id (stmt);
      mysql_stmt_close (stmt);
      return g_steal_pointer (&result);
    }

  result->has_result = TRUE;
  mysql_stmt_attr_set (stmt, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
  if (mysql_stmt_store_result (stmt) != 0)
    {
      g_propagate_error (error, error_from_stmt (stmt));
      mysql_free_result (meta);
      mysql_stmt_close (stmt);
      return NULL;
    }
  /* max_length is known only after storing the result. */
  copy_fields (result, mysql_fetch_fields (meta), mysql_num_fields (meta));
  binds = g_new0 (MYSQL_BIND, MAX (result->n_cols, 1));
  lengths = g_new0 (unsigned long, MAX (result->n_cols, 1));
  nulls = g_new0 (my_bool, MAX (result->n_cols, 1));
  for (guint c = 0; c < result->n_cols; c++)
    {
      binds[c].buffer_type = MYSQL_TYPE_STRING;
      binds[c].buffer_length = mysql_fetch_fields (meta)[c].max_length + 1;
      binds[c].buffer = g_malloc (binds[c].buffer_length);
      binds[c].length = &lengths[c];
      binds[c].is_null = &nulls[c];
    }
  mysql_free_result (meta);
  mysql_stmt_bind_result (stmt, binds);
  while ((rc = mysql_stmt_fetch (stmt)) == 0 || rc == MYSQL_DATA_TRUNCATED)
    {
      Cell *cells = g_new0 (Cell, MAX (result->n_cols, 1));

      for (guint c = 0; c < result->n_cols; c++)
        if (!nulls[c])
          {
            gsize len = MIN (lengths[c], binds[c].buffer_length);

            cells[c].data = copy_bytes (binds[c].buffer, len);
            cells[c].len = len;
          }
      g_ptr_array_add (result->rows, cells);
    }
  for (guint c = 0; c < result->n_cols; c++)
    g_free (binds[c].buffer);
  if (rc == 1)
    {
      g_propagate_error (error, error_from_stmt (stmt));
      mysql_stmt_close (stmt);
      return NULL;
    }
  mysql_stmt_close (stmt);

  return g_steal_pointer (&result);
}

typedef struct
{
  gboolean long_as_string;
  gboolean decimal_as_number;
} ResultOptions;

static gboolean
is_binary (const MYSQL_FIELD *field)
{
  return field->charsetnr == 63;
}

static JsonNode *
scalar_node (const char *member,
             JsonNode   *value)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (object, member, value);
  json_node_take_object (node, object);
  return node;
}

/* The Data API's Field for one cell; *@member receives its kind. */
static JsonNode *
value_for_cell (const MYSQL_FIELD   *field,
                const Cell          *cell,
                const ResultOptions *options,
                const char         **member)
{
  JsonNode *value = json_node_new (JSON_NODE_VALUE);

  if (cell->data == NULL)
    {
      *member = "isNull";
      json_node_set_boolean (value, TRUE);
      return value;
    }

  switch (field->type)
    {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
      {
        char *end = NULL;
        guint64 u;

        errno = 0;
        u = g_ascii_strtoull (cell->data, &end, 10);
        /* Unsigned values past the range of a long come as strings. */
        if (options->long_as_string ||
            ((field->flags & UNSIGNED_FLAG) && (errno != 0 || u > G_MAXINT64)))
          break;
        *member = "longValue";
        json_node_set_int (value, g_ascii_strtoll (cell->data, NULL, 10));
        return value;
      }
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
      *member = "doubleValue";
      json_node_set_double (value, g_ascii_strtod (cell->data, NULL));
      return value;
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL:
      if (!options->decimal_as_number)
        break;
      if (field->decimals == 0)
        {
          *member = "longValue";
          json_node_set_int (value, g_ascii_strtoll (cell->data, NULL, 10));
        }
      else
        {
          *member = "doubleValue";
          json_node_set_double (value, g_ascii_strtod (cell->data, NULL));
        }
      return value;
    case MYSQL_TYPE_BIT:
      if (field->length == 1)
        {
          *member = "booleanValue";
          json_node_set_boolean (value, cell->len > 0 && cell->data[cell->len - 1] != 0);
          return value;
        }
      G_GNUC_FALLTHROUGH;
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_GEOMETRY:
      if (field->type == MYSQL_TYPE_BIT || is_binary (field))
        {
          g_autofree char *b64 = g_base64_encode ((const guchar *) cell->data, cell->len);

          *member = "blobValue";
          json_node_set_string (value, b64);
          return value;
        }
      break;
    case MYSQL_TYPE_NULL:
    case MYSQL_TYPE_TIMESTAMP:
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_TIME:
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_NEWDATE:
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_TIMESTAMP2:
    case MYSQL_TYPE_DATETIME2:
    case MYSQL_TYPE_TIME2:
    case MYSQL_TYPE_JSON:
    case MYSQL_TYPE_ENUM:
    case MYSQL_TYPE_SET:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_STRING:
    case MAX_NO_FIELD_TYPES:
    default:
      if ((field->type == MYSQL_TYPE_STRING || field->type == MYSQL_TYPE_VAR_STRING) &&
          is_binary (field))
        {
          g_autofree char *b64 = g_base64_encode ((const guchar *) cell->data, cell->len);

          *member = "blobValue";
          json_node_set_string (value, b64);
          return value;
        }
      break;
    }

  *member = "stringValue";
  if (g_utf8_validate (cell->data, cell->len, NULL))
    json_node_set_string (value, cell->data);
  else
    {
      g_autofree char *fixed = g_utf8_make_valid (cell->data, cell->len);

      json_node_set_string (value, fixed);
    }
  return value;
}

typedef struct
{
  const char *name;
  int         jdbc;
} MyTypeInfo;

static MyTypeInfo
type_info (const MYSQL_FIELD *field)
{
  gboolean binary = is_binary (field);

  switch (field->type)
    {
    case MYSQL_TYPE_TINY: return (MyTypeInfo) { "TINYINT", -6 };
    case MYSQL_TYPE_SHORT: return (MyTypeInfo) { "SMALLINT", 5 };
    case MYSQL_TYPE_INT24: return (MyTypeInfo) { "MEDIUMINT", 4 };
    case MYSQL_TYPE_LONG: return (MyTypeInfo) { "INT", 4 };
    case MYSQL_TYPE_LONGLONG: return (MyTypeInfo) { "BIGINT", -5 };
    case MYSQL_TYPE_FLOAT: return (MyTypeInfo) { "FLOAT", 7 };
    case MYSQL_TYPE_DOUBLE: return (MyTypeInfo) { "DOUBLE", 8 };
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL: return (MyTypeInfo) { "DECIMAL", 3 };
    case MYSQL_TYPE_YEAR: return (MyTypeInfo) { "YEAR", 91 };
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE: return (MyTypeInfo) { "DATE", 91 };
    case MYSQL_TYPE_TIME:
    case MYSQL_TYPE_TIME2: return (MyTypeInfo) { "TIME", 92 };
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_DATETIME2: return (MyTypeInfo) { "DATETIME", 93 };
    case MYSQL_TYPE_TIMESTAMP:
    case MYSQL_TYPE_TIMESTAMP2: return (MyTypeInfo) { "TIMESTAMP", 93 };
    case MYSQL_TYPE_BIT: return (MyTypeInfo) { "BIT", -7 };
    case MYSQL_TYPE_JSON: return (MyTypeInfo) { "JSON", -1 };
    case MYSQL_TYPE_ENUM: return (MyTypeInfo) { "ENUM", 1 };
    case MYSQL_TYPE_SET: return (MyTypeInfo) { "SET", 1 };
    case MYSQL_TYPE_STRING:
      return binary ? (MyTypeInfo) { "BINARY", -2 } : (MyTypeInfo) { "CHAR", 1 };
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
      return binary ? (MyTypeInfo) { "VARBINARY", -3 } : (MyTypeInfo) { "VARCHAR", 12 };
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
      return binary ? (MyTypeInfo) { "BLOB", -4 } : (MyTypeInfo) { "TEXT", -1 };
    case MYSQL_TYPE_GEOMETRY: return (MyTypeInfo) { "GEOMETRY", -2 };
    case MYSQL_TYPE_NULL: return (MyTypeInfo) { "NULL", 0 };
    case MAX_NO_FIELD_TYPES:
    default: return (MyTypeInfo) { "UNKNOWN", 1111 };
    }
}

static JsonObject *
column_metadata (const MYSQL_FIELD *field)
{
  JsonObject *meta = json_object_new ();
  MyTypeInfo info = type_info (field);
  gboolean is_unsigned = (field->flags & UNSIGNED_FLAG) != 0;
  g_autofree char *type_name = g_strdup_printf ("%s%s", info.name,
                                                is_unsigned ? " UNSIGNED" : "");
  gboolean numeric = (field->flags & NUM_FLAG) != 0;

  json_object_set_string_member (meta, "name", field->org_name[0] != '\0' ? field->org_name
                                                                           : field->name);
  json_object_set_string_member (meta, "label", field->name);
  json_object_set_int_member (meta, "type", info.jdbc);
  json_object_set_string_member (meta, "typeName", type_name);
  json_object_set_string_member (meta, "schemaName", field->db);
  json_object_set_string_member (meta, "tableName", field->org_table);
  json_object_set_boolean_member (meta, "isAutoIncrement",
                                  (field->flags & AUTO_INCREMENT_FLAG) != 0);
  json_object_set_boolean_member (meta, "isSigned", numeric && !is_unsigned);
  json_object_set_boolean_member (meta, "isCurrency", FALSE);
  json_object_set_boolean_member (meta, "isCaseSensitive", !numeric && is_binary (field));
  json_object_set_int_member (meta, "nullable", (field->flags & NOT_NULL_FLAG) ? 0 : 1);
  json_object_set_int_member (meta, "precision", (gint64) field->length);
  json_object_set_int_member (meta, "scale", field->decimals);
  json_object_set_int_member (meta, "arrayBaseColumnType", 0);

  return meta;
}

static JsonArray *
get_array_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonArray *
generated_fields (Result *result)
{
  JsonArray *generated = json_array_new ();

  /* Like the Data API on MySQL: the AUTO_INCREMENT value of an insert. */
  if (result->insert_id > 0)
    {
      JsonObject *field = json_object_new ();

      json_object_set_int_member (field, "longValue", (gint64) result->insert_id);
      json_array_add_object_element (generated, field);
    }
  return generated;
}

static JsonObject *
execute_statement_on (MYSQL       *conn,
                      JsonObject  *request,
                      GError     **error)
{
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  ResultOptions options = { FALSE, FALSE };
  const char *format = json_object_get_string_member_with_default (request, "formatRecordsAs",
                                                                   "NONE");
  gboolean metadata = json_object_get_boolean_member_with_default (request,
                                                                   "includeResultMetadata",
                                                                   FALSE);
  JsonNode *options_node = json_object_get_member (request, "resultSetOptions");

  if (g_strcmp0 (format, "NONE") != 0 && g_strcmp0 (format, "JSON") != 0)
    {
      g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                "Invalid formatRecordsAs '%s': expected NONE "
                                                "or JSON", format));
      return NULL;
    }
  if (options_node != NULL && JSON_NODE_HOLDS_OBJECT (options_node))
    {
      JsonObject *o = json_node_get_object (options_node);

      options.long_as_string =
        g_strcmp0 (json_object_get_string_member_with_default (o, "longReturnType", NULL),
                   "STRING") == 0;
      options.decimal_as_number =
        g_strcmp0 (json_object_get_string_member_with_default (o, "decimalReturnType", NULL),
                   "DOUBLE_OR_LONG") == 0;
    }

  result = run_statement (conn, request, get_array_member (request, "parameters"), error);
  if (result == NULL)
    return NULL;

  json_object_set_int_member (reply, "numberOfRecordsUpdated",
                              result->has_result ? 0 : (gint64) result->affected);
  if (!result->has_result)
    {
      json_object_set_array_member (reply, "generatedFields", generated_fields (result));
      return g_steal_pointer (&reply);
    }

  if (g_str_equal (format, "JSON"))
    {
      g_autoptr(JsonArray) records = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      for (guint r = 0; r < result->rows->len; r++)
        {
          Cell *cells = g_ptr_array_index (result->rows, r);
          JsonObject *record = json_object_new ();

          for (guint c = 0; c < result->n_cols; c++)
            {
              const char *member = NULL;
              JsonNode *value = value_for_cell (&result->fields[c], &cells[c], &options, &member);

              if (g_str_equal (member, "isNull"))
                {
                  json_node_unref (value);
                  value = json_node_new (JSON_NODE_NULL);
                }
              json_object_set_member (record, result->fields[c].name, value);
            }
          json_array_add_object_element (records, record);
        }
      json_node_set_array (root, records);
      text = json_to_string (root, FALSE);
      json_object_set_string_member (reply, "formattedRecords", text);
    }
  else
    {
      JsonArray *records = json_array_new ();

      for (guint r = 0; r < result->rows->len; r++)
        {
          Cell *cells = g_ptr_array_index (result->rows, r);
          JsonArray *record = json_array_new ();

          for (guint c = 0; c < result->n_cols; c++)
            {
              const char *member = NULL;
              JsonNode *value = value_for_cell (&result->fields[c], &cells[c], &options, &member);

              json_array_add_element (record, scalar_node (member, value));
            }
          json_array_add_array_element (records, record);
        }
      json_object_set_array_member (reply, "records", records);
    }

  if (metadata)
    {
      JsonArray *columns = json_array_new ();

      for (guint c = 0; c < result->n_cols; c++)
        json_array_add_object_element (columns, column_metadata (&result->fields[c]));
      json_object_set_array_member (reply, "columnMetadata", columns);
    }

  return g_steal_pointer (&reply);
}

static JsonObject *
batch_on (MYSQL       *conn,
          JsonObject  *request,
          GError     **error)
{
  JsonArray *sets = get_array_member (request, "parameterSets");
  guint n = sets != NULL ? json_array_get_length (sets) : 0;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *results = json_array_new ();

  json_object_set_array_member (reply, "updateResults", results);
  for (guint i = 0; i < MAX (n, 1); i++)
    {
      JsonNode *set = n > 0 ? json_array_get_element (sets, i) : NULL;
      g_autoptr(Result) result = NULL;
      JsonObject *entry;

      if (set != NULL && !JSON_NODE_HOLDS_ARRAY (set))
        {
          g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                    "parameterSets[%u] is not a list", i));
          return NULL;
        }
      result = run_statement (conn, request, set != NULL ? json_node_get_array (set) : NULL,
                              error);
      if (result == NULL)
        return NULL;
      if (n == 0)
        break;
      entry = json_object_new ();
      json_object_set_array_member (entry, "generatedFields", generated_fields (result));
      json_array_add_object_element (results, entry);
    }

  return g_steal_pointer (&reply);
}

static GError *
unavailable_error (PdSandboxMysql *self)
{
  return data_api_error ("DatabaseUnavailableException", 504,
                         "The database is unavailable: %s",
                         self->unavailable_reason != NULL ? self->unavailable_reason
                                                          : "it was never started");
}

static gboolean
wait_running_locked (PdSandboxMysql  *self,
                     GError         **error)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;

  while (self->state == MY_STATE_STARTING)
    {
      if (!g_cond_wait_until (&self->state_changed, &self->lock, deadline))
        break;
    }
  if (self->state != MY_STATE_RUNNING)
    {
      g_propagate_error (error, unavailable_error (self));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_master (PdSandboxMysql *self,
           const char     *username,
           const char     *password,
           const char     *database)
{
  return g_strcmp0 (username, self->username) == 0 &&
         g_strcmp0 (password, self->password) == 0 &&
         g_strcmp0 (database, self->database) == 0;
}

static MYSQL *
acquire (PdSandboxMysql  *self,
         const char      *username,
         const char      *password,
         const char      *database,
         GError         **error)
{
  MYSQL *conn = NULL;

  g_mutex_lock (&self->lock);
  if (!wait_running_locked (self, error))
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  if (is_master (self, username, password, database) && self->pool->len > 0)
    conn = g_ptr_array_steal_index (self->pool, self->pool->len - 1);
  g_mutex_unlock (&self->lock);

  /* A pooled connection the server dropped: a fresh one. */
  if (conn != NULL && mysql_ping (conn) != 0)
    g_clear_pointer (&conn, mysql_close);
  if (conn == NULL)
    conn = connect_to (self, username, password, database, FALSE, error);

  return conn;
}

static void
release (PdSandboxMysql *self,
         MYSQL          *conn,
         const char     *username,
         const char     *password,
         const char     *database)
{
  gboolean keep = is_master (self, username, password, database);

  /* A statement that changed the session (USE, SET) must not leak into the
   * next caller's. */
  if (keep)
    keep = mysql_reset_connection (conn) == 0;

  g_mutex_lock (&self->lock);
  if (keep && self->state == MY_STATE_RUNNING && self->pool->len < POOL_MAX)
    {
      g_ptr_array_add (self->pool, conn);
      conn = NULL;
    }
  g_mutex_unlock (&self->lock);

  if (conn != NULL)
    mysql_close (conn);
}

static MyTransaction *
lookup_transaction (PdSandboxMysql *self,
                    const char     *id,
                    gboolean        remove)
{
  MyTransaction *tx;

  g_mutex_lock (&self->lock);
  tx = g_hash_table_lookup (self->transactions, id);
  if (tx != NULL)
    {
      tx = transaction_ref (tx);
      if (remove)
        g_hash_table_remove (self->transactions, id);
    }
  g_mutex_unlock (&self->lock);

  return tx;
}

static GError *
transaction_not_found (const char *id,
                       gboolean    for_commit)
{
  return data_api_error (for_commit ? "NotFoundException" : "BadRequestException",
                         for_commit ? 404 : 400,
                         "Transaction %s is not found", id);
}

static void
expire_transactions (PdSandboxMysql *self)
{
  g_autoptr(GPtrArray) expired =
    g_ptr_array_new_with_free_func ((GDestroyNotify) transaction_unref);
  const char *override = g_getenv ("PD_SANDBOX_TX_IDLE_SECONDS");
  gint64 idle_us = override != NULL && g_ascii_strtoll (override, NULL, 10) > 0
                   ? g_ascii_strtoll (override, NULL, 10) * G_USEC_PER_SEC : TRANSACTION_IDLE_US;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->transactions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MyTransaction *tx = value;

      if (!g_atomic_int_get (&tx->busy) && now - tx->last_used_us > idle_us)
        {
          g_ptr_array_add (expired, transaction_ref (tx));
          g_hash_table_iter_remove (&iter);
        }
    }
  g_mutex_unlock (&self->lock);
}

static JsonObject *
run_in_transaction (PdSandboxMysql  *self,
                    const char      *id,
                    JsonObject      *request,
                    gboolean         batch,
                    GError         **error)
{
  g_autoptr(MyTransaction) tx = lookup_transaction (self, id, FALSE);
  JsonObject *reply;

  if (tx == NULL)
    {
      g_propagate_error (error, transaction_not_found (id, FALSE));
      return NULL;
    }

  g_mutex_lock (&tx->mutex);
  if (tx->conn == NULL)
    {
      g_mutex_unlock (&tx->mutex);
      g_propagate_error (error, transaction_not_found (id, FALSE));
      return NULL;
    }
  g_atomic_int_set (&tx->busy, 1);
  reply = batch ? batch_on (tx->conn, request, error)
                : execute_statement_on (tx->conn, request, error);
  g_atomic_int_set (&tx->busy, 0);
  tx->last_used_us = g_get_monotonic_time ();
  g_mutex_unlock (&tx->mutex);

  return reply;
}

static JsonObject *
dispatch (PdSandboxMysql  *self,
          const char      *operation,
          JsonObject      *request,
          const char      *username,
          const char      *password,
          GError         **error)
{
  const char *database = json_object_get_string_member_with_default (request, "database", NULL);
  const char *tx_id = json_object_get_string_member_with_default (request, "transactionId", NULL);
  g_autoptr(JsonObject) reply = NULL;
  gboolean batch = g_str_equal (operation, "BatchExecuteStatement");
  MYSQL *conn;

  if (database == NULL || database[0] == '\0')
    database = self->database;
  if (tx_id != NULL && tx_id[0] == '\0')
    tx_id = NULL;

  g_mutex_lock (&self->lock);
  if (!wait_running_locked (self, error))
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  g_mutex_unlock (&self->lock);

  if (g_str_equal (operation, "CommitTransaction") ||
      g_str_equal (operation, "RollbackTransaction"))
    {
      gboolean commit = g_str_equal (operation, "CommitTransaction");
      g_autoptr(MyTransaction) tx = NULL;
      gboolean ok;

      if (tx_id == NULL)
        {
          g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                    "transactionId is required"));
          return NULL;
        }
      tx = lookup_transaction (self, tx_id, TRUE);
      if (tx == NULL)
        {
          g_propagate_error (error, transaction_not_found (tx_id, TRUE));
          return NULL;
        }
      g_mutex_lock (&tx->mutex);
      ok = (commit ? mysql_commit (tx->conn) : mysql_rollback (tx->conn)) == 0;
      if (!ok)
        {
          g_propagate_error (error, error_from_conn (tx->conn));
          g_clear_pointer (&tx->conn, mysql_close);
          g_mutex_unlock (&tx->mutex);
          return NULL;
        }
      g_clear_pointer (&tx->conn, mysql_close);
      g_mutex_unlock (&tx->mutex);

      reply = json_object_new ();
      json_object_set_string_member (reply, "transactionStatus",
                                     commit ? "Transaction Committed" : "Rollback Complete");
      return g_steal_pointer (&reply);
    }

  if (tx_id != NULL)
    return run_in_transaction (self, tx_id, request, batch, error);

  conn = acquire (self, username, password, database, error);
  if (conn == NULL)
    return NULL;

  if (g_str_equal (operation, "BeginTransaction"))
    {
      MyTransaction *tx;
      guint8 bytes[48];
      g_autofree char *id = NULL;

      if (mysql_real_query (conn, "START TRANSACTION", strlen ("START TRANSACTION")) != 0)
        {
          g_propagate_error (error, error_from_conn (conn));
          mysql_close (conn);
          return NULL;
        }
      expire_transactions (self);
      tx = g_atomic_rc_box_new0 (MyTransaction);
      g_mutex_init (&tx->mutex);
      tx->conn = conn;
      tx->last_used_us = g_get_monotonic_time ();
      g_mutex_lock (&self->lock);
      for (guint i = 0; i < sizeof bytes; i++)
        bytes[i] = (guint8) g_rand_int_range (self->rand, 0, 256);
      tx->id = g_base64_encode (bytes, sizeof bytes);
      id = g_strdup (tx->id);
      g_hash_table_insert (self->transactions, tx->id, tx);
      g_mutex_unlock (&self->lock);

      reply = json_object_new ();
      json_object_set_string_member (reply, "transactionId", id);
      return g_steal_pointer (&reply);
    }

  if (batch)
    {
      if (mysql_autocommit (conn, 0) == 0)
        {
          reply = batch_on (conn, request, error);
          if (reply == NULL || mysql_commit (conn) != 0)
            {
              if (reply != NULL)
                g_propagate_error (error, error_from_conn (conn));
              g_clear_pointer (&reply, json_object_unref);
              mysql_rollback (conn);
            }
          mysql_autocommit (conn, 1);
        }
      else
        g_propagate_error (error, error_from_conn (conn));
    }
  else
    reply = execute_statement_on (conn, request, error);

  release (self, conn, username, password, database);

  return g_steal_pointer (&reply);
}

#endif /* HAVE_MARIADB */

typedef struct
{
  char       *operation;
  JsonObject *request;
  char       *username;
  char       *password;
} CallData;

static void
call_data_free (CallData *data)
{
  g_free (data->operation);
  g_clear_pointer (&data->request, json_object_unref);
  g_free (data->username);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
call_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CallData *data = task_data;
  g_autoptr(GError) error = NULL;
  JsonObject *reply = NULL;

#if HAVE_MARIADB
  reply = dispatch (source_object, data->operation, data->request, data->username,
                    data->password, &error);
  mysql_thread_end ();
#else
  error = data_api_error ("DatabaseUnavailableException", 504,
                          "The database is unavailable: the sandbox was built without the "
                          "MariaDB client library");
#endif
  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) json_object_unref);
}

/**
 * pd_sandbox_mysql_call_async:
 * @self: a #PdSandboxMysql
 * @operation: the Data API operation name
 * @request: the request body
 * @username: the user from the request's secret
 * @password: the password from the request's secret
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the reply
 * @user_data: data for @callback
 *
 * Runs one Data API operation on a worker thread.
 */
void
pd_sandbox_mysql_call_async (PdSandboxMysql      *self,
                             const char          *operation,
                             JsonObject          *request,
                             const char          *username,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *data;

  g_return_if_fail (PD_IS_SANDBOX_MYSQL (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_sandbox_mysql_call_async);

  if (!g_str_equal (operation, "ExecuteStatement") &&
      !g_str_equal (operation, "BatchExecuteStatement") &&
      !g_str_equal (operation, "BeginTransaction") &&
      !g_str_equal (operation, "CommitTransaction") &&
      !g_str_equal (operation, "RollbackTransaction"))
    {
      g_task_return_error (task, data_api_error ("BadRequestException", 400,
                                                 "Unknown Data API operation %s", operation));
      return;
    }

  data = g_new0 (CallData, 1);
  data->operation = g_strdup (operation);
  data->request = json_object_ref (request);
  data->username = g_strdup (username);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);
  g_task_run_in_thread (task, call_thread);
}

/**
 * pd_sandbox_mysql_call_finish:
 * @self: a #PdSandboxMysql
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the reply body, or %NULL with a
 *   %PD_AWS_ERROR carrying the Data API error code
 */
JsonObject *
pd_sandbox_mysql_call_finish (PdSandboxMysql  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (PD_IS_SANDBOX_MYSQL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
