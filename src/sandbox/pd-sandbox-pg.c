/* pd-sandbox-pg.c
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
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#if HAVE_LIBPQ
# include <libpq-fe.h>
#endif

#include "pd-aws-error.h"
#include "pd-sandbox-pg.h"

/* The socket lives in the private directory; the port only names it. */
#define PG_PORT             "5432"
#define START_TIMEOUT_US    (60 * G_USEC_PER_SEC)
#define STOP_TIMEOUT_MS     10000
#define POOL_MAX            8
#define STATEMENT_TIMEOUT   "45s"
/* The Data API ends transactions left idle for three minutes. */
#define TRANSACTION_IDLE_US (3 * 60 * G_USEC_PER_SEC)

typedef enum
{
  PG_STATE_IDLE,
  PG_STATE_STARTING,
  PG_STATE_RUNNING,
  PG_STATE_FAILED,
  PG_STATE_STOPPED,
} PgState;

#if HAVE_LIBPQ
typedef struct
{
  GMutex  mutex;
  PGconn *conn;
  char   *id;
  /* Monotonic time of the last statement, for the idle timeout */
  gint64  last_used_us;
  gint    busy;
} PgTransaction;
#endif

struct _PdSandboxPg
{
  GObject      parent_instance;

  /* Owned references */
  char        *username;
  char        *password;
  char        *database;
  char        *bindir;
  char        *directory;
  char        *data_directory;
  char        *unavailable_reason;
  GSubprocess *postmaster;
  GPtrArray   *pool;          /* idle PGconn of the master credentials */
  GHashTable  *transactions;  /* id → PgTransaction (rc box) */
  GRand       *rand;

  /* Guards state, pool, transactions and rand */
  GMutex       lock;
  GCond        state_changed;

  /* Flags */
  PgState      state;
  uid_t        run_uid;
  gid_t        run_gid;
  guint        drop_privileges : 1;
  /* Shared with the postmaster's wait callback, which may outlive us */
  gint        *postmaster_exited;
};

G_DEFINE_FINAL_TYPE (PdSandboxPg, pd_sandbox_pg, G_TYPE_OBJECT)

static const char schema_sql[] =
  "CREATE TABLE users ("
  "  id serial PRIMARY KEY,"
  "  email varchar(255) NOT NULL UNIQUE,"
  "  display_name varchar(100) NOT NULL,"
  "  created_at timestamp NOT NULL DEFAULT now()"
  ");"
  "COMMENT ON TABLE users IS 'People who own To-Do items';"
  "COMMENT ON COLUMN users.email IS 'Sign-in address, unique';"
  "COMMENT ON COLUMN users.display_name IS 'Name shown in the app';"
  "CREATE TABLE todos ("
  "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
  "  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  title varchar(200) NOT NULL,"
  "  description text,"
  "  checked boolean NOT NULL DEFAULT false,"
  "  priority smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),"
  "  due_date date,"
  "  created_at timestamp NOT NULL DEFAULT now(),"
  "  updated_at timestamp NOT NULL DEFAULT now()"
  ");"
  "CREATE INDEX todos_user_id_idx ON todos (user_id);"
  "CREATE INDEX todos_open_due_date_idx ON todos (due_date) WHERE NOT checked;"
  "COMMENT ON TABLE todos IS 'To-Do items, one row per item';"
  "COMMENT ON COLUMN todos.checked IS 'True once the item is done';"
  "COMMENT ON COLUMN todos.priority IS '1 high, 2 normal, 3 low';"
  "CREATE TABLE tags ("
  "  id serial PRIMARY KEY,"
  "  name varchar(50) NOT NULL UNIQUE,"
  "  color char(7) NOT NULL DEFAULT '#3584e4'"
  ");"
  "COMMENT ON TABLE tags IS 'Labels that group To-Do items';"
  "COMMENT ON COLUMN tags.color IS 'Hex colour of the label, #rrggbb';"
  "CREATE TABLE todo_tags ("
  "  todo_id uuid NOT NULL REFERENCES todos (id) ON DELETE CASCADE,"
  "  tag_id integer NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (todo_id, tag_id)"
  ");"
  "CREATE INDEX todo_tags_tag_id_idx ON todo_tags (tag_id);"
  "COMMENT ON TABLE todo_tags IS 'Which tags each To-Do item carries';"
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
  "   'Shrunk example breaks todo title validation', false, 1, '2026-03-02',"
  "   '2026-02-27 10:00:00', '2026-02-27 10:00:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000002', 1, 'Raise coverage of the delete handler',"
  "   NULL, false, 2, '2026-03-06', '2026-02-27 10:05:00', '2026-02-27 10:05:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000003', 1, 'Fix the Snyk medium finding',"
  "   'Upgrade the vulnerable dependency', true, 1, NULL,"
  "   '2026-02-25 16:20:00', '2026-02-26 09:00:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000004', 2, 'Buy coffee', NULL, false, 3, NULL,"
  "   '2026-02-20 07:45:00', '2026-02-20 07:45:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000005', 2, 'Approve the production deploy',"
  "   'Manual approval in todo-list-aws', false, 1, '2026-02-28',"
  "   '2026-02-27 18:00:00', '2026-02-27 18:00:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000006', 2, 'Rotate the database secret', NULL,"
  "   false, 2, '2026-03-15', '2026-02-21 11:11:00', '2026-02-21 11:11:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000007', 3, 'Water the plants', NULL, true, 3, NULL,"
  "   '2026-02-18 19:00:00', '2026-02-19 08:30:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000008', 3, 'Plan the terratest run',"
  "   'Cover the WAF module', false, 2, '2026-03-10',"
  "   '2026-02-22 14:00:00', '2026-02-22 14:00:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-000000000009', 4, 'Tune the WAF rate limit', NULL,"
  "   false, 2, NULL, '2026-02-23 09:30:00', '2026-02-23 09:30:00'),"
  "  ('0b6f3c1e-5a2d-4c7e-9f10-00000000000a', 4, 'Read the Aurora Serverless v2 notes',"
  "   NULL, false, 3, NULL, '2026-02-24 21:00:00', '2026-02-24 21:00:00');"
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

static gboolean
is_executable_in (const char *dir,
                  const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR);
}

static gboolean
has_server_binaries (const char *dir)
{
  return is_executable_in (dir, "initdb") && is_executable_in (dir, "postgres");
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

/* A sandbox that was killed (SIGKILL, a crashed test) takes its server
 * down with it (parent-death signal) but leaves its directory: remove
 * those whose server is gone. Directories still being initialised have no
 * postmaster.pid yet, so only old ones without it go. */
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

      if (!g_str_has_prefix (name, "pd-pg-") || strlen (name) != strlen ("pd-pg-XXXXXX"))
        continue;
      path = g_build_filename (parent, name, NULL);
      pid_file = g_build_filename (path, "data", "postmaster.pid", NULL);
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
          g_debug ("Removing the directory of a PostgreSQL that is gone: %s", path);
          remove_tree (path);
        }
    }
}

static void
child_setup_cb (gpointer user_data)
{
  PdSandboxPg *self = user_data;

  /* Runs between fork and exec: async-signal-safe calls only. PostgreSQL
   * refuses to run as root, so the server runs as the postgres user. */
  if (self->drop_privileges)
    {
      if (setgroups (0, NULL) != 0 ||
          setgid (self->run_gid) != 0 ||
          setuid (self->run_uid) != 0)
        _exit (127);
    }

  /* Set after setuid(), which clears it: no orphan server if the sandbox
   * dies without stopping it. */
  prctl (PR_SET_PDEATHSIG, SIGQUIT);
  if (getppid () == 1)
    _exit (127);
}

static GSubprocessLauncher *
new_launcher (PdSandboxPg    *self,
              GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  const char * const unset[] = { "PGDATA", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD",
                                 "PGDATABASE", "PGOPTIONS", "PGSERVICE", NULL };

  for (guint i = 0; unset[i] != NULL; i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  g_subprocess_launcher_set_cwd (launcher, self->directory);
  g_subprocess_launcher_set_child_setup (launcher, child_setup_cb, self, NULL);

  return launcher;
}

#if HAVE_LIBPQ

static PgTransaction *
transaction_ref (PgTransaction *tx)
{
  return g_atomic_rc_box_acquire (tx);
}

static void
transaction_clear (gpointer data)
{
  PgTransaction *tx = data;

  g_clear_pointer (&tx->conn, PQfinish);
  g_clear_pointer (&tx->id, g_free);
  g_mutex_clear (&tx->mutex);
}

static void
transaction_unref (PgTransaction *tx)
{
  g_atomic_rc_box_release_full (tx, transaction_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PgTransaction, transaction_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static void
conn_finish (gpointer data)
{
  PQfinish (data);
}

static char *
trim_pg_message (const char *message)
{
  char *copy = g_strdup (message != NULL ? message : "unknown error");

  g_strstrip (copy);
  return copy;
}

static GError *
error_from_result (PGconn   *conn,
                   PGresult *res)
{
  const char *sqlstate = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = res != NULL ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *severity = res != NULL ? PQresultErrorField (res, PG_DIAG_SEVERITY_NONLOCALIZED) : NULL;
  const char *position = res != NULL ? PQresultErrorField (res, PG_DIAG_STATEMENT_POSITION) : NULL;
  g_autoptr(GString) message = g_string_new (NULL);

  if (primary == NULL)
    {
      g_autofree char *text = trim_pg_message (PQerrorMessage (conn));

      if (PQstatus (conn) != CONNECTION_OK)
        return data_api_error ("DatabaseUnavailableException", 504,
                               "The database connection was lost: %s", text);
      return data_api_error ("BadRequestException", 400, "%s", text);
    }

  g_string_append_printf (message, "%s: %s", severity != NULL ? severity : "ERROR", primary);
  if (position != NULL)
    g_string_append_printf (message, "\n  Position: %s", position);
  if (sqlstate != NULL)
    g_string_append_printf (message, "; SQLState: %s", sqlstate);

  if (g_strcmp0 (sqlstate, "57014") == 0)
    return data_api_error ("StatementTimeoutException", 400, "%s", message->str);

  return data_api_error ("BadRequestException", 400, "%s", message->str);
}

static PGconn *
connect_to (PdSandboxPg  *self,
            const char   *username,
            const char   *password,
            const char   *database,
            GError      **error)
{
  const char *keys[10];
  const char *values[10];
  guint n = 0;
  PGconn *conn;

#define ADD_PARAM(k, v) G_STMT_START { keys[n] = (k); values[n] = (v); n++; } G_STMT_END
  ADD_PARAM ("host", self->directory);
  ADD_PARAM ("port", PG_PORT);
  ADD_PARAM ("dbname", database);
  ADD_PARAM ("user", username);
  ADD_PARAM ("connect_timeout", "10");
  ADD_PARAM ("application_name", "pipedeck-sandbox");
  ADD_PARAM ("options", "-c statement_timeout=" STATEMENT_TIMEOUT);
  if (password != NULL)
    ADD_PARAM ("password", password);
#undef ADD_PARAM
  keys[n] = values[n] = NULL;

  conn = PQconnectdbParams (keys, values, 0);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *text = trim_pg_message (PQerrorMessage (conn));

      PQfinish (conn);
      g_propagate_error (error, data_api_error ("BadRequestException", 400, "%s", text));
      return NULL;
    }

  return conn;
}

static gboolean
exec_simple (PGconn      *conn,
             const char  *sql,
             GError     **error)
{
  g_autoptr(PGresult) res = PQexec (conn, sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      g_propagate_error (error, error_from_result (conn, res));
      return FALSE;
    }

  return TRUE;
}

#endif /* HAVE_LIBPQ */

static void
pd_sandbox_pg_set_state (PdSandboxPg *self,
                         PgState      state,
                         const char  *reason)
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
read_log_tail (PdSandboxPg *self)
{
  g_autofree char *path = g_build_filename (self->directory, "postgres.log", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL) || len == 0)
    return g_strdup ("(no server log)");
  if (len > 600)
    return g_strdup (contents + len - 600);
  return g_steal_pointer (&contents);
}

static void
on_postmaster_exited_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  gint *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  g_atomic_int_set (exited, TRUE);
  g_atomic_rc_box_release (exited);
}

#if HAVE_LIBPQ

static gboolean
bootstrap (PdSandboxPg  *self,
           GError      **error)
{
  g_autofree char *conninfo = NULL;
  g_autofree char *escaped_db = NULL;
  g_autofree char *hba_path = NULL;
  g_autofree char *sql = NULL;
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;
  PGconn *conn;
  char *literal;
  FILE *hba;

  conninfo = g_strdup_printf ("host='%s' port=" PG_PORT " dbname=postgres user='%s'",
                              self->directory, self->username);
  while (PQping (conninfo) != PQPING_OK)
    {
      if (g_atomic_int_get (self->postmaster_exited))
        {
          g_autofree char *tail = read_log_tail (self);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "PostgreSQL stopped while starting: %s", tail);
          return FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "PostgreSQL did not accept connections within %d s",
                       (int) (START_TIMEOUT_US / G_USEC_PER_SEC));
          return FALSE;
        }
      g_usleep (20 * 1000);
    }

  conn = connect_to (self, self->username, NULL, "postgres", error);
  if (conn == NULL)
    return FALSE;
  escaped_db = PQescapeIdentifier (conn, self->database, strlen (self->database));
  sql = g_strdup_printf ("CREATE DATABASE %s", escaped_db);
  PQfreemem (g_steal_pointer (&escaped_db));
  if (!exec_simple (conn, sql, error))
    {
      PQfinish (conn);
      return FALSE;
    }
  PQfinish (conn);

  conn = connect_to (self, self->username, NULL, self->database, error);
  if (conn == NULL)
    return FALSE;
  if (!exec_simple (conn, schema_sql, error))
    {
      PQfinish (conn);
      return FALSE;
    }

  /* The role gets the secret's password (stored hashed by the server); then
   * the socket switches from trust to password authentication, so the Data
   * API connects with the credentials of the secret, as on AWS. */
  literal = PQescapeLiteral (conn, self->password, strlen (self->password));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SET password_encryption = 'scram-sha-256'; ALTER ROLE %s PASSWORD %s",
                         self->username, literal);
  PQfreemem (literal);
  if (!exec_simple (conn, sql, error))
    {
      memset (sql, 0, strlen (sql));
      PQfinish (conn);
      return FALSE;
    }
  memset (sql, 0, strlen (sql));

  hba_path = g_build_filename (self->data_directory, "pg_hba.conf", NULL);
  /* fopen "w" keeps the file's owner (the server's user). */
  hba = fopen (hba_path, "w");
  if (hba == NULL)
    {
      int saved_errno = errno;

      PQfinish (conn);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write %s: %s", hba_path, g_strerror (saved_errno));
      return FALSE;
    }
  fputs ("local all all scram-sha-256\n", hba);
  fclose (hba);
  if (!exec_simple (conn, "SELECT pg_reload_conf()", error))
    {
      PQfinish (conn);
      return FALSE;
    }
  PQfinish (conn);

  /* Wait until the reload took effect: a connection without a password is
   * refused. */
  for (;;)
    {
      PGconn *probe = PQconnectdb (conninfo);
      gboolean refused = PQstatus (probe) != CONNECTION_OK;

      PQfinish (probe);
      if (refused)
        break;
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "PostgreSQL did not switch to password authentication");
          return FALSE;
        }
      g_usleep (20 * 1000);
    }

  return TRUE;
}

#endif /* HAVE_LIBPQ */

static void
bootstrap_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PdSandboxPg *self = source_object;
  g_autoptr(GError) error = NULL;

#if HAVE_LIBPQ
  if (!bootstrap (self, &error))
#else
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "The sandbox was built without libpq");
#endif
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_bootstrap_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdSandboxPg *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      pd_sandbox_pg_set_state (self, PG_STATE_FAILED, error->message);
      pd_sandbox_pg_stop (self);
      pd_sandbox_pg_set_state (self, PG_STATE_FAILED, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  pd_sandbox_pg_set_state (self, PG_STATE_RUNNING, NULL);
  g_task_return_boolean (task, TRUE);
}

/* Takes the task reference and the error. */
static void
start_fail (GTask  *task,
            GError *error)
{
  PdSandboxPg *self = g_task_get_source_object (task);

  pd_sandbox_pg_set_state (self, PG_STATE_FAILED, error->message);
  pd_sandbox_pg_stop (self);
  pd_sandbox_pg_set_state (self, PG_STATE_FAILED, NULL);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_initdb_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdSandboxPg *self = g_task_get_source_object (task);
  GSubprocess *initdb = G_SUBPROCESS (object);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GTask) thread_task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *postgres = NULL;
  g_autofree char *log_path = NULL;
  GCancellable *cancellable;

  if (!g_subprocess_communicate_utf8_finish (initdb, result, &output, NULL, &error))
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }
  if (!g_subprocess_get_if_exited (initdb) || g_subprocess_get_exit_status (initdb) != 0)
    {
      start_fail (g_steal_pointer (&task),
                  g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "initdb failed: %s",
                               output != NULL ? g_strstrip (output) : "(no output)"));
      return;
    }

  postgres = g_build_filename (self->bindir, "postgres", NULL);
  log_path = g_build_filename (self->directory, "postgres.log", NULL);
  launcher = new_launcher (self, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  self->postmaster = g_subprocess_launcher_spawn (launcher, &error,
                                                  postgres,
                                                  "-D", self->data_directory,
                                                  "-k", self->directory,
                                                  "-p", PG_PORT,
                                                  "-c", "listen_addresses=",
                                                  "-c", "fsync=off",
                                                  "-c", "synchronous_commit=off",
                                                  "-c", "full_page_writes=off",
                                                  "-c", "max_connections=40",
                                                  "-c", "shared_buffers=16MB",
                                                  "-c", "log_min_messages=warning",
                                                  "-c", "log_statement=none",
                                                  "-c", "log_min_error_statement=panic",
                                                  NULL);
  if (self->postmaster == NULL)
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }
  /* The log file is created by us; make it the server's. */
  if (self->drop_privileges && chown (log_path, self->run_uid, self->run_gid) != 0)
    g_debug ("Could not hand the server log over: %s", g_strerror (errno));

  g_subprocess_wait_async (self->postmaster, NULL, on_postmaster_exited_cb,
                           g_atomic_rc_box_acquire (self->postmaster_exited));

  cancellable = g_task_get_cancellable (task);
  thread_task = g_task_new (self, cancellable, on_bootstrap_done_cb, g_steal_pointer (&task));
  g_task_run_in_thread (thread_task, bootstrap_thread);
}

static void
pd_sandbox_pg_dispose (GObject *object)
{
  PdSandboxPg *self = (PdSandboxPg *)object;

  pd_sandbox_pg_stop (self);

  G_OBJECT_CLASS (pd_sandbox_pg_parent_class)->dispose (object);
}

static void
pd_sandbox_pg_finalize (GObject *object)
{
  PdSandboxPg *self = (PdSandboxPg *)object;

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->bindir, g_free);
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->data_directory, g_free);
  g_clear_pointer (&self->unavailable_reason, g_free);
  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_clear_pointer (&self->transactions, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->postmaster_exited, g_atomic_rc_box_release);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->state_changed);

  G_OBJECT_CLASS (pd_sandbox_pg_parent_class)->finalize (object);
}

static void
pd_sandbox_pg_class_init (PdSandboxPgClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_sandbox_pg_dispose;
  object_class->finalize = pd_sandbox_pg_finalize;
}

static void
pd_sandbox_pg_init (PdSandboxPg *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->state_changed);
  self->rand = g_rand_new ();
  self->postmaster_exited = g_atomic_rc_box_new0 (gint);
#if HAVE_LIBPQ
  self->pool = g_ptr_array_new_with_free_func (conn_finish);
  self->transactions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) transaction_unref);
#else
  self->pool = g_ptr_array_new ();
  self->transactions = g_hash_table_new (g_str_hash, g_str_equal);
#endif
}

/**
 * pd_sandbox_pg_new:
 * @username: the master user of the database (from the cluster's secret)
 * @password: its password (from the cluster's secret)
 * @database: the database to create and seed
 *
 * Returns: (transfer full): a stopped server
 */
PdSandboxPg *
pd_sandbox_pg_new (const char *username,
                   const char *password,
                   const char *database)
{
  PdSandboxPg *self;

  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (database != NULL, NULL);

  self = g_object_new (PD_TYPE_SANDBOX_PG, NULL);
  self->username = g_strdup (username);
  self->password = g_strdup (password);
  self->database = g_strdup (database);

  return self;
}

/**
 * pd_sandbox_pg_find_bindir:
 * @error: return location for a #GError
 *
 * Finds the directory holding `initdb` and `postgres`: the one named by
 * `PD_SANDBOX_PG_BINDIR` when set (and nothing else), else the `PATH`, else
 * the newest `/usr/lib/postgresql/N/bin`.
 *
 * Returns: (transfer full) (nullable): the directory, or %NULL with
 *   %G_IO_ERROR_NOT_FOUND
 */
char *
pd_sandbox_pg_find_bindir (GError **error)
{
  const char *forced = g_getenv ("PD_SANDBOX_PG_BINDIR");
  g_autofree char *initdb = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *best = NULL;
  guint best_version = 0;
  const char *name;

  if (forced != NULL && forced[0] != '\0')
    {
      if (has_server_binaries (forced))
        return g_strdup (forced);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "PostgreSQL is not installed: no initdb and postgres in %s "
                   "(PD_SANDBOX_PG_BINDIR)", forced);
      return NULL;
    }

  initdb = g_find_program_in_path ("initdb");
  if (initdb != NULL)
    {
      g_autofree char *resolved = g_file_read_link (initdb, NULL);
      g_autofree char *path_dir = NULL;

      if (resolved != NULL && !g_path_is_absolute (resolved))
        {
          g_autofree char *link_dir = g_path_get_dirname (initdb);
          char *joined = g_build_filename (link_dir, resolved, NULL);

          g_free (resolved);
          resolved = joined;
        }
      /* Debian links only some binaries into the PATH: prefer the real
       * directory, which has postgres beside initdb. */
      if (resolved != NULL)
        {
          path_dir = g_path_get_dirname (resolved);
          if (has_server_binaries (path_dir))
            return g_steal_pointer (&path_dir);
          g_clear_pointer (&path_dir, g_free);
        }
      path_dir = g_path_get_dirname (initdb);
      if (has_server_binaries (path_dir))
        return g_steal_pointer (&path_dir);
    }

  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *candidate = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
      guint version = (guint) g_ascii_strtoull (name, NULL, 10);

      if (version > best_version && has_server_binaries (candidate))
        {
          best_version = version;
          g_free (best);
          best = g_steal_pointer (&candidate);
        }
    }
  if (best != NULL)
    return g_steal_pointer (&best);

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "PostgreSQL is not installed: no initdb and postgres in PATH or "
                       "/usr/lib/postgresql/*/bin (install the postgresql package)");
  return NULL;
}

/**
 * pd_sandbox_pg_start_async:
 * @self: a #PdSandboxPg
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server accepts connections or failed to start
 * @user_data: data for @callback
 *
 * Creates the cluster in a new temporary directory, starts the server on a
 * Unix socket there and loads the To-Do schema.
 */
void
pd_sandbox_pg_start_async (PdSandboxPg         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) initdb = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *initdb_path = NULL;
  g_autofree char *user_arg = NULL;

  g_return_if_fail (PD_IS_SANDBOX_PG (self));
  g_return_if_fail (self->state == PG_STATE_IDLE);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_sandbox_pg_start_async);
  pd_sandbox_pg_set_state (self, PG_STATE_STARTING, NULL);

  self->bindir = pd_sandbox_pg_find_bindir (&error);
  if (self->bindir == NULL)
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (geteuid () == 0)
    {
      struct passwd entry;
      struct passwd *pw = NULL;
      char buffer[4096];

      /* The reentrant form: the sandbox may run inside the app, whose other
       * threads may look users up too. */
      if (getpwnam_r ("postgres", &entry, buffer, sizeof buffer, &pw) != 0)
        pw = NULL;

      if (pw == NULL)
        {
          start_fail (g_steal_pointer (&task),
                      g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                           "PostgreSQL refuses to run as root and there is "
                                           "no postgres user to run it as"));
          return;
        }
      self->drop_privileges = TRUE;
      self->run_uid = pw->pw_uid;
      self->run_gid = pw->pw_gid;
    }

  remove_stale_directories (self->drop_privileges ? "/tmp" : g_get_tmp_dir ());

  /* /tmp rather than $TMPDIR when dropping privileges: the server's user
   * must be able to reach the directory. */
  if (self->drop_privileges)
    {
      char template[] = "/tmp/pd-pg-XXXXXX";

      if (g_mkdtemp (template) != NULL)
        self->directory = g_strdup (template);
      else
        g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno),
                     "Could not create a directory for PostgreSQL: %s", g_strerror (errno));
    }
  else
    self->directory = g_dir_make_tmp ("pd-pg-XXXXXX", &error);
  if (self->directory == NULL)
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }
  if (self->drop_privileges && chown (self->directory, self->run_uid, self->run_gid) != 0)
    {
      start_fail (g_steal_pointer (&task),
                  g_error_new (G_IO_ERROR, g_io_error_from_errno (errno),
                               "Could not give %s to the postgres user: %s",
                               self->directory, g_strerror (errno)));
      return;
    }
  self->data_directory = g_build_filename (self->directory, "data", NULL);

  initdb_path = g_build_filename (self->bindir, "initdb", NULL);
  user_arg = g_strdup_printf ("--username=%s", self->username);
  launcher = new_launcher (self, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  initdb = g_subprocess_launcher_spawn (launcher, &error,
                                        initdb_path,
                                        "-D", self->data_directory,
                                        user_arg,
                                        "--auth=trust",
                                        "--encoding=UTF8",
                                        "--locale=C",
                                        "--no-sync",
                                        "--no-instructions",
                                        NULL);
  if (initdb == NULL)
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  g_subprocess_communicate_utf8_async (initdb, NULL, cancellable,
                                       on_initdb_done_cb, g_steal_pointer (&task));
}

/**
 * pd_sandbox_pg_start_finish:
 * @self: a #PdSandboxPg
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the server runs with the schema loaded
 */
gboolean
pd_sandbox_pg_start_finish (PdSandboxPg   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PD_IS_SANDBOX_PG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pd_sandbox_pg_is_running:
 * @self: a #PdSandboxPg
 *
 * Returns: whether the server accepts Data API calls
 */
gboolean
pd_sandbox_pg_is_running (PdSandboxPg *self)
{
  gboolean running;

  g_return_val_if_fail (PD_IS_SANDBOX_PG (self), FALSE);

  g_mutex_lock (&self->lock);
  running = self->state == PG_STATE_RUNNING;
  g_mutex_unlock (&self->lock);

  return running;
}

/**
 * pd_sandbox_pg_get_directory:
 * @self: a #PdSandboxPg
 *
 * Returns: (nullable): the private directory (data and socket), if any
 */
const char *
pd_sandbox_pg_get_directory (PdSandboxPg *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX_PG (self), NULL);
  return self->directory;
}

/**
 * pd_sandbox_pg_get_pid:
 * @self: a #PdSandboxPg
 *
 * Returns: the postmaster's process ID, or 0 when none runs
 */
GPid
pd_sandbox_pg_get_pid (PdSandboxPg *self)
{
  const char *id;

  g_return_val_if_fail (PD_IS_SANDBOX_PG (self), 0);

  if (self->postmaster == NULL || (id = g_subprocess_get_identifier (self->postmaster)) == NULL)
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
  /* The wait must finish before its flag goes out of scope. */
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
 * pd_sandbox_pg_stop:
 * @self: a #PdSandboxPg
 *
 * Closes every connection (open transactions roll back), shuts the server
 * down (fast shutdown, then SIGKILL after 10 s) and removes the directory.
 * Safe to call more than once.
 */
void
pd_sandbox_pg_stop (PdSandboxPg *self)
{
  g_return_if_fail (PD_IS_SANDBOX_PG (self));

  g_mutex_lock (&self->lock);
  if (self->state == PG_STATE_RUNNING || self->state == PG_STATE_STARTING)
    self->state = PG_STATE_STOPPED;
  if (self->unavailable_reason == NULL)
    self->unavailable_reason = g_strdup ("The sandbox database was stopped");
  g_ptr_array_set_size (self->pool, 0);
  g_hash_table_remove_all (self->transactions);
  g_cond_broadcast (&self->state_changed);
  g_mutex_unlock (&self->lock);

  if (self->postmaster != NULL)
    {
      if (g_subprocess_get_identifier (self->postmaster) != NULL)
        {
          g_subprocess_send_signal (self->postmaster, SIGINT);
          if (!wait_for_exit (self->postmaster, STOP_TIMEOUT_MS))
            g_debug ("PostgreSQL did not stop in time and was killed");
        }
      g_clear_object (&self->postmaster);
    }

  if (self->directory != NULL)
    {
      remove_tree (self->directory);
      g_clear_pointer (&self->directory, g_free);
    }
}

static gboolean
is_ident_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/**
 * pd_sandbox_pg_rewrite_placeholders:
 * @sql: SQL with `:name` placeholders
 * @names: (element-type utf8): receives the name of each `$N`, in order
 *
 * Returns: (transfer full): the SQL with `$N` placeholders
 */
char *
pd_sandbox_pg_rewrite_placeholders (const char *sql,
                                    GPtrArray  *names)
{
  GString *out;
  const char *p = sql;

  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (names != NULL, NULL);

  out = g_string_sized_new (strlen (sql) + 16);
  while (*p != '\0')
    {
      if (*p == '\'' || *p == '"')
        {
          char quote = *p;
          gboolean backslashes = quote == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e');

          g_string_append_c (out, *p++);
          while (*p != '\0')
            {
              if (backslashes && *p == '\\' && p[1] != '\0')
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
      else if (p[0] == '-' && p[1] == '-')
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
      else if (*p == '$' && (p == sql || !is_ident_char (p[-1])) &&
               (p[1] == '$' || is_ident_start (p[1])))
        {
          const char *tag_end = p + 1;
          g_autofree char *tag = NULL;
          const char *close;

          while (is_ident_char (*tag_end))
            tag_end++;
          if (*tag_end != '$')
            {
              g_string_append_c (out, *p++);
              continue;
            }
          tag = g_strndup (p, tag_end + 1 - p);
          close = strstr (tag_end + 1, tag);
          if (close == NULL)
            {
              g_string_append (out, p);
              break;
            }
          close += strlen (tag);
          g_string_append_len (out, p, close - p);
          p = close;
        }
      else if (p[0] == ':' && p[1] == ':')
        {
          g_string_append_len (out, p, 2);
          p += 2;
        }
      else if (p[0] == ':' && is_ident_start (p[1]))
        {
          const char *start = ++p;
          g_autofree char *name = NULL;
          guint index;

          while (is_ident_char (*p))
            p++;
          name = g_strndup (start, p - start);
          for (index = 0; index < names->len; index++)
            if (g_str_equal (g_ptr_array_index (names, index), name))
              break;
          if (index == names->len)
            g_ptr_array_add (names, g_steal_pointer (&name));
          g_string_append_printf (out, "$%u", index + 1);
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

#if HAVE_LIBPQ

/* Type OIDs of pg_type.h, stable across PostgreSQL versions. */
enum
{
  OID_BOOL = 16, OID_BYTEA = 17, OID_CHAR = 18, OID_NAME = 19, OID_INT8 = 20, OID_INT2 = 21,
  OID_INT4 = 23, OID_TEXT = 25, OID_OID = 26, OID_JSON = 114, OID_FLOAT4 = 700,
  OID_FLOAT8 = 701, OID_BPCHAR = 1042, OID_VARCHAR = 1043, OID_DATE = 1082, OID_TIME = 1083,
  OID_TIMESTAMP = 1114, OID_TIMESTAMPTZ = 1184, OID_NUMERIC = 1700, OID_UUID = 2950,
  OID_JSONB = 3802,
  OID_BOOL_ARRAY = 1000, OID_INT2_ARRAY = 1005, OID_INT4_ARRAY = 1007, OID_TEXT_ARRAY = 1009,
  OID_VARCHAR_ARRAY = 1015, OID_INT8_ARRAY = 1016, OID_FLOAT4_ARRAY = 1021,
  OID_FLOAT8_ARRAY = 1022, OID_NUMERIC_ARRAY = 1231, OID_UUID_ARRAY = 2951,
};

typedef struct
{
  const char *hint;
  Oid         oid;
} TypeHint;

static const TypeHint type_hints[] = {
  { "DATE", OID_DATE },
  { "TIME", OID_TIME },
  { "TIMESTAMP", OID_TIMESTAMP },
  { "DECIMAL", OID_NUMERIC },
  { "UUID", OID_UUID },
  { "JSON", OID_JSON },
};

typedef struct
{
  guint   n;
  Oid    *types;
  char  **values;
  int    *lengths;
  int    *formats;
} Params;

static void
params_free (Params *params)
{
  for (guint i = 0; i < params->n; i++)
    g_free (params->values[i]);
  g_free (params->types);
  g_free (params->values);
  g_free (params->lengths);
  g_free (params->formats);
  g_free (params);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Params, params_free)

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

static gboolean
fill_parameter (Params      *params,
                guint        i,
                const char  *name,
                JsonObject  *param,
                GError     **error)
{
  JsonNode *value_node = json_object_get_member (param, "value");
  const char *hint = json_object_get_string_member_with_default (param, "typeHint", NULL);
  Oid hint_oid = 0;
  JsonObject *value;
  g_autoptr(GList) members = NULL;
  const char *kind;
  JsonNode *v;

  if (hint != NULL)
    {
      guint k;

      for (k = 0; k < G_N_ELEMENTS (type_hints); k++)
        if (g_str_equal (type_hints[k].hint, hint))
          break;
      if (k == G_N_ELEMENTS (type_hints))
        {
          g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                    "Invalid typeHint '%s' for parameter '%s'",
                                                    hint, name));
          return FALSE;
        }
      hint_oid = type_hints[k].oid;
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
  params->types[i] = hint_oid;

  if (g_str_equal (kind, "isNull"))
    params->values[i] = NULL;
  else if (g_str_equal (kind, "stringValue") && JSON_NODE_HOLDS_VALUE (v) &&
           json_node_get_value_type (v) == G_TYPE_STRING)
    params->values[i] = g_strdup (json_node_get_string (v));
  else if (g_str_equal (kind, "longValue") && JSON_NODE_HOLDS_VALUE (v) &&
           json_node_get_value_type (v) == G_TYPE_INT64)
    {
      params->values[i] = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (v));
      params->types[i] = hint_oid != 0 ? hint_oid : OID_INT8;
    }
  else if (g_str_equal (kind, "doubleValue") && JSON_NODE_HOLDS_VALUE (v) &&
           (json_node_get_value_type (v) == G_TYPE_DOUBLE ||
            json_node_get_value_type (v) == G_TYPE_INT64))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      params->values[i] = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (v)));
      params->types[i] = hint_oid != 0 ? hint_oid : OID_FLOAT8;
    }
  else if (g_str_equal (kind, "booleanValue") && JSON_NODE_HOLDS_VALUE (v) &&
           json_node_get_value_type (v) == G_TYPE_BOOLEAN)
    {
      params->values[i] = g_strdup (json_node_get_boolean (v) ? "true" : "false");
      params->types[i] = OID_BOOL;
    }
  else if (g_str_equal (kind, "blobValue") && JSON_NODE_HOLDS_VALUE (v) &&
           json_node_get_value_type (v) == G_TYPE_STRING)
    {
      gsize len = 0;
      guchar *data = g_base64_decode (json_node_get_string (v), &len);

      params->values[i] = (char *) data;
      params->lengths[i] = (int) len;
      params->formats[i] = 1;
      params->types[i] = OID_BYTEA;
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

  params->n = names->len;
  params->types = g_new0 (Oid, names->len + 1);
  params->values = g_new0 (char *, names->len + 1);
  params->lengths = g_new0 (int, names->len + 1);
  params->formats = g_new0 (int, names->len + 1);

  for (guint i = 0; i < names->len; i++)
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

typedef struct
{
  gboolean long_as_string;
  gboolean decimal_as_number;
} ResultOptions;

/* One-dimensional array literal ({a,"b c",NULL}) to its elements; FALSE on
 * anything else (nested arrays, NULL elements). */
static gboolean
parse_array_literal (const char *text,
                     GPtrArray  *elements)
{
  const char *p = text;

  if (*p++ != '{')
    return FALSE;
  if (*p == '}')
    return p[1] == '\0';
  for (;;)
    {
      g_autoptr(GString) element = g_string_new (NULL);

      if (*p == '{')
        return FALSE;
      if (*p == '"')
        {
          p++;
          while (*p != '"')
            {
              if (*p == '\0')
                return FALSE;
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (element, *p++);
            }
          p++;
        }
      else
        {
          while (*p != ',' && *p != '}' && *p != '\0')
            g_string_append_c (element, *p++);
          if (g_str_equal (element->str, "NULL"))
            return FALSE;
        }
      g_ptr_array_add (elements, g_string_free (g_steal_pointer (&element), FALSE));
      if (*p == ',')
        p++;
      else if (*p == '}' && p[1] == '\0')
        return TRUE;
      else
        return FALSE;
    }
}

static JsonNode *
array_field (Oid         type,
             const char *text)
{
  g_autoptr(GPtrArray) elements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *member;

  if (!parse_array_literal (text, elements))
    return NULL;

  switch (type)
    {
    case OID_BOOL_ARRAY: member = "booleanValues"; break;
    case OID_INT2_ARRAY:
    case OID_INT4_ARRAY:
    case OID_INT8_ARRAY: member = "longValues"; break;
    case OID_FLOAT4_ARRAY:
    case OID_FLOAT8_ARRAY: member = "doubleValues"; break;
    default: member = "stringValues"; break;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "arrayValue");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < elements->len; i++)
    {
      const char *e = g_ptr_array_index (elements, i);

      if (type == OID_BOOL_ARRAY)
        json_builder_add_boolean_value (builder, g_str_equal (e, "t"));
      else if (g_str_equal (member, "longValues"))
        json_builder_add_int_value (builder, g_ascii_strtoll (e, NULL, 10));
      else if (g_str_equal (member, "doubleValues"))
        json_builder_add_double_value (builder, g_ascii_strtod (e, NULL));
      else
        json_builder_add_string_value (builder, e);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The Field for one value, as the Data API returns it. */
static JsonNode *
field_for_value (PGresult            *res,
                 int                  row,
                 int                  col,
                 const ResultOptions *options)
{
  g_autoptr(JsonObject) field = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  Oid type = PQftype (res, col);
  const char *text = PQgetvalue (res, row, col);

  json_node_take_object (node, json_object_ref (field));

  if (PQgetisnull (res, row, col))
    {
      json_object_set_boolean_member (field, "isNull", TRUE);
      return node;
    }

  switch (type)
    {
    case OID_BOOL:
      json_object_set_boolean_member (field, "booleanValue", text[0] == 't');
      break;
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
      if (options->long_as_string)
        json_object_set_string_member (field, "stringValue", text);
      else
        json_object_set_int_member (field, "longValue", g_ascii_strtoll (text, NULL, 10));
      break;
    case OID_FLOAT4:
    case OID_FLOAT8:
      json_object_set_double_member (field, "doubleValue", g_ascii_strtod (text, NULL));
      break;
    case OID_NUMERIC:
      if (options->decimal_as_number && strchr (text, '.') == NULL)
        json_object_set_int_member (field, "longValue", g_ascii_strtoll (text, NULL, 10));
      else if (options->decimal_as_number)
        json_object_set_double_member (field, "doubleValue", g_ascii_strtod (text, NULL));
      else
        json_object_set_string_member (field, "stringValue", text);
      break;
    case OID_BYTEA:
      {
        size_t len = 0;
        unsigned char *data = PQunescapeBytea ((const unsigned char *) text, &len);
        g_autofree char *b64 = g_base64_encode (data, len);

        PQfreemem (data);
        json_object_set_string_member (field, "blobValue", b64);
      }
      break;
    case OID_BOOL_ARRAY:
    case OID_INT2_ARRAY:
    case OID_INT4_ARRAY:
    case OID_INT8_ARRAY:
    case OID_FLOAT4_ARRAY:
    case OID_FLOAT8_ARRAY:
    case OID_TEXT_ARRAY:
    case OID_VARCHAR_ARRAY:
    case OID_NUMERIC_ARRAY:
    case OID_UUID_ARRAY:
      {
        JsonNode *array = array_field (type, text);

        if (array != NULL)
          {
            json_node_unref (node);
            return array;
          }
        json_object_set_string_member (field, "stringValue", text);
      }
      break;
    default:
      json_object_set_string_member (field, "stringValue", text);
      break;
    }

  return node;
}

/* The same value in formattedRecords: plain JSON. */
static JsonNode *
json_for_value (PGresult            *res,
                int                  row,
                int                  col,
                const ResultOptions *options)
{
  g_autoptr(JsonNode) field = field_for_value (res, row, col, options);
  JsonObject *object = json_node_get_object (field);
  g_autoptr(GList) members = json_object_get_members (object);
  const char *kind = members->data;
  JsonNode *value = json_object_get_member (object, kind);

  if (g_str_equal (kind, "isNull"))
    return json_node_new (JSON_NODE_NULL);
  if (g_str_equal (kind, "arrayValue"))
    {
      JsonObject *array = json_node_get_object (value);
      g_autoptr(GList) inner = json_object_get_members (array);

      return json_node_copy (json_object_get_member (array, inner->data));
    }
  return json_node_copy (value);
}

typedef struct
{
  const char *type_name;
  int         jdbc_type;
  int         precision;
  gboolean    is_signed;
  gboolean    case_sensitive;
} TypeInfo;

static TypeInfo
type_info (Oid type,
           int typmod)
{
  switch (type)
    {
    case OID_BOOL: return (TypeInfo) { "bool", -7, 1, FALSE, FALSE };
    case OID_INT2: return (TypeInfo) { "int2", 5, 5, TRUE, FALSE };
    case OID_INT4: return (TypeInfo) { "int4", 4, 10, TRUE, FALSE };
    case OID_INT8: return (TypeInfo) { "int8", -5, 19, TRUE, FALSE };
    case OID_OID: return (TypeInfo) { "oid", -5, 10, FALSE, FALSE };
    case OID_FLOAT4: return (TypeInfo) { "float4", 7, 8, TRUE, FALSE };
    case OID_FLOAT8: return (TypeInfo) { "float8", 8, 17, TRUE, FALSE };
    case OID_NUMERIC:
      return (TypeInfo) { "numeric", 2, typmod >= 4 ? ((typmod - 4) >> 16) & 0xffff : 0,
                          TRUE, FALSE };
    case OID_TEXT: return (TypeInfo) { "text", 12, G_MAXINT, FALSE, TRUE };
    case OID_NAME: return (TypeInfo) { "name", 12, 63, FALSE, TRUE };
    case OID_CHAR: return (TypeInfo) { "char", 1, 1, FALSE, TRUE };
    case OID_VARCHAR:
      return (TypeInfo) { "varchar", 12, typmod >= 4 ? typmod - 4 : G_MAXINT, FALSE, TRUE };
    case OID_BPCHAR:
      return (TypeInfo) { "bpchar", 1, typmod >= 4 ? typmod - 4 : G_MAXINT, FALSE, TRUE };
    case OID_DATE: return (TypeInfo) { "date", 91, 13, FALSE, FALSE };
    case OID_TIME: return (TypeInfo) { "time", 92, 15, FALSE, FALSE };
    case OID_TIMESTAMP: return (TypeInfo) { "timestamp", 93, 29, FALSE, FALSE };
    case OID_TIMESTAMPTZ: return (TypeInfo) { "timestamptz", 93, 35, FALSE, FALSE };
    case OID_UUID: return (TypeInfo) { "uuid", 1111, G_MAXINT, FALSE, FALSE };
    case OID_JSON: return (TypeInfo) { "json", 1111, G_MAXINT, FALSE, TRUE };
    case OID_JSONB: return (TypeInfo) { "jsonb", 1111, G_MAXINT, FALSE, TRUE };
    case OID_BYTEA: return (TypeInfo) { "bytea", -2, G_MAXINT, FALSE, FALSE };
    case OID_BOOL_ARRAY: return (TypeInfo) { "_bool", 2003, G_MAXINT, FALSE, FALSE };
    case OID_INT2_ARRAY: return (TypeInfo) { "_int2", 2003, G_MAXINT, FALSE, FALSE };
    case OID_INT4_ARRAY: return (TypeInfo) { "_int4", 2003, G_MAXINT, FALSE, FALSE };
    case OID_INT8_ARRAY: return (TypeInfo) { "_int8", 2003, G_MAXINT, FALSE, FALSE };
    case OID_TEXT_ARRAY: return (TypeInfo) { "_text", 2003, G_MAXINT, FALSE, TRUE };
    case OID_VARCHAR_ARRAY: return (TypeInfo) { "_varchar", 2003, G_MAXINT, FALSE, TRUE };
    case OID_FLOAT4_ARRAY: return (TypeInfo) { "_float4", 2003, G_MAXINT, FALSE, FALSE };
    case OID_FLOAT8_ARRAY: return (TypeInfo) { "_float8", 2003, G_MAXINT, FALSE, FALSE };
    case OID_NUMERIC_ARRAY: return (TypeInfo) { "_numeric", 2003, G_MAXINT, FALSE, FALSE };
    case OID_UUID_ARRAY: return (TypeInfo) { "_uuid", 2003, G_MAXINT, FALSE, FALSE };
    default: return (TypeInfo) { NULL, 1111, G_MAXINT, FALSE, FALSE };
    }
}

/* The columns of one table (attnum, schema, table, not null, generated),
 * fetched once per statement. */
static PGresult *
table_columns (PGconn     *conn,
               GHashTable *tables,
               Oid         table)
{
  g_autofree char *table_text = g_strdup_printf ("%u", table);
  const char *values[] = { table_text };
  PGresult *res = g_hash_table_lookup (tables, GUINT_TO_POINTER (table));

  if (res != NULL)
    return res;
  res = PQexecParams (conn,
                      "SELECT a.attnum, n.nspname, c.relname, a.attnotnull,"
                      "  a.attidentity <> '' OR"
                      "  coalesce (pg_get_expr (d.adbin, d.adrelid), '') LIKE 'nextval(%'"
                      " FROM pg_class c"
                      " JOIN pg_namespace n ON n.oid = c.relnamespace"
                      " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
                      " LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
                      " WHERE c.oid = $1::oid",
                      1, NULL, values, NULL, NULL, 0);
  g_hash_table_insert (tables, GUINT_TO_POINTER (table), res);
  return res;
}

static JsonObject *
column_metadata (PGconn     *conn,
                 PGresult   *res,
                 int         col,
                 GHashTable *tables)
{
  JsonObject *meta = json_object_new ();
  Oid type = PQftype (res, col);
  int typmod = PQfmod (res, col);
  TypeInfo info = type_info (type, typmod);
  Oid table = PQftable (res, col);
  int table_col = PQftablecol (res, col);
  g_autofree char *type_name = NULL;
  const char *schema_name = "";
  const char *table_name = "";
  int nullable = 2;
  gboolean auto_increment = FALSE;
  g_autoptr(PGresult) type_res = NULL;

  if (info.type_name == NULL)
    {
      g_autofree char *oid_text = g_strdup_printf ("%u", type);
      const char *values[] = { oid_text };

      type_res = PQexecParams (conn, "SELECT typname FROM pg_type WHERE oid = $1::oid",
                               1, NULL, values, NULL, NULL, 0);
      if (PQresultStatus (type_res) == PGRES_TUPLES_OK && PQntuples (type_res) == 1)
        type_name = g_strdup (PQgetvalue (type_res, 0, 0));
    }
  else
    type_name = g_strdup (info.type_name);

  if (table != InvalidOid && table_col > 0)
    {
      PGresult *columns = table_columns (conn, tables, table);

      for (int r = 0; PQresultStatus (columns) == PGRES_TUPLES_OK && r < PQntuples (columns); r++)
        {
          if (g_ascii_strtoll (PQgetvalue (columns, r, 0), NULL, 10) != table_col)
            continue;
          schema_name = PQgetvalue (columns, r, 1);
          table_name = PQgetvalue (columns, r, 2);
          nullable = PQgetvalue (columns, r, 3)[0] == 't' ? 0 : 1;
          auto_increment = PQgetvalue (columns, r, 4)[0] == 't';
        }
    }

  /* pgJDBC, which the Data API uses, names serial columns so. */
  if (auto_increment && (type == OID_INT4 || type == OID_INT8))
    {
      g_free (type_name);
      type_name = g_strdup (type == OID_INT4 ? "serial" : "bigserial");
    }

  json_object_set_string_member (meta, "name", PQfname (res, col));
  json_object_set_string_member (meta, "label", PQfname (res, col));
  json_object_set_int_member (meta, "type", info.jdbc_type);
  json_object_set_string_member (meta, "typeName", type_name != NULL ? type_name : "unknown");
  json_object_set_string_member (meta, "schemaName", schema_name);
  json_object_set_string_member (meta, "tableName", table_name);
  json_object_set_boolean_member (meta, "isAutoIncrement", auto_increment);
  json_object_set_boolean_member (meta, "isSigned", info.is_signed);
  json_object_set_boolean_member (meta, "isCurrency", FALSE);
  json_object_set_boolean_member (meta, "isCaseSensitive", info.case_sensitive);
  json_object_set_int_member (meta, "nullable", nullable);
  json_object_set_int_member (meta, "precision", info.precision);
  json_object_set_int_member (meta, "scale",
                              type == OID_NUMERIC && typmod >= 4 ? (typmod - 4) & 0xffff :
                              type == OID_TIMESTAMP || type == OID_TIMESTAMPTZ ? 6 : 0);
  json_object_set_int_member (meta, "arrayBaseColumnType", 0);

  return meta;
}

#endif /* HAVE_LIBPQ */

#if HAVE_LIBPQ

static GError *
unavailable_error (PdSandboxPg *self)
{
  return data_api_error ("DatabaseUnavailableException", 504,
                         "The database is unavailable: %s",
                         self->unavailable_reason != NULL ? self->unavailable_reason
                                                          : "it was never started");
}

/* Called with the lock held: waits while the server starts (like a waking
 * Aurora Serverless cluster), then checks it runs. */
static gboolean
wait_running_locked (PdSandboxPg  *self,
                     GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;

  while (self->state == PG_STATE_STARTING || self->state == PG_STATE_IDLE)
    {
      if (self->state == PG_STATE_IDLE ||
          !g_cond_wait_until (&self->state_changed, &self->lock, deadline))
        break;
    }
  if (self->state != PG_STATE_RUNNING)
    {
      g_propagate_error (error, unavailable_error (self));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_master (PdSandboxPg *self,
           const char  *username,
           const char  *password,
           const char  *database)
{
  return g_strcmp0 (username, self->username) == 0 &&
         g_strcmp0 (password, self->password) == 0 &&
         g_strcmp0 (database, self->database) == 0;
}

static PGconn *
acquire (PdSandboxPg  *self,
         const char   *username,
         const char   *password,
         const char   *database,
         const char   *schema,
         GError      **error)
{
  PGconn *conn = NULL;

  g_mutex_lock (&self->lock);
  if (!wait_running_locked (self, error))
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  if (is_master (self, username, password, database) && self->pool->len > 0)
    conn = g_ptr_array_steal_index (self->pool, self->pool->len - 1);
  g_mutex_unlock (&self->lock);

  if (conn == NULL)
    conn = connect_to (self, username, password, database, error);
  if (conn == NULL)
    return NULL;

  if (schema != NULL && schema[0] != '\0')
    {
      char *ident = PQescapeIdentifier (conn, schema, strlen (schema));
      g_autofree char *sql = g_strdup_printf ("SET search_path TO %s", ident);

      PQfreemem (ident);
      if (!exec_simple (conn, sql, error))
        {
          PQfinish (conn);
          return NULL;
        }
    }

  return conn;
}

static void
release (PdSandboxPg *self,
         PGconn      *conn,
         const char  *username,
         const char  *password,
         const char  *database,
         const char  *schema)
{
  gboolean keep = is_master (self, username, password, database) &&
                  PQstatus (conn) == CONNECTION_OK &&
                  PQtransactionStatus (conn) == PQTRANS_IDLE;

  if (keep && schema != NULL && schema[0] != '\0')
    keep = exec_simple (conn, "RESET search_path", NULL);

  g_mutex_lock (&self->lock);
  if (keep && self->state == PG_STATE_RUNNING && self->pool->len < POOL_MAX)
    {
      g_ptr_array_add (self->pool, conn);
      conn = NULL;
    }
  g_mutex_unlock (&self->lock);

  if (conn != NULL)
    PQfinish (conn);
}

static PgTransaction *
lookup_transaction (PdSandboxPg *self,
                    const char  *id,
                    gboolean     remove)
{
  PgTransaction *tx;

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

static gboolean
is_dml (PGresult *res)
{
  const char *status = PQcmdStatus (res);

  return g_str_has_prefix (status, "INSERT") || g_str_has_prefix (status, "UPDATE") ||
         g_str_has_prefix (status, "DELETE") || g_str_has_prefix (status, "MERGE");
}

static PGresult *
run_statement (PGconn      *conn,
               JsonObject  *request,
               JsonArray   *parameters,
               GError     **error)
{
  const char *sql = json_object_get_string_member_with_default (request, "sql", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rewritten = NULL;
  g_autoptr(Params) params = NULL;
  PGresult *res;

  if (sql == NULL || sql[0] == '\0')
    {
      g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                "SQL statement is required"));
      return NULL;
    }

  rewritten = pd_sandbox_pg_rewrite_placeholders (sql, names);
  params = build_params (names, parameters, error);
  if (params == NULL)
    return NULL;

  res = PQexecParams (conn, rewritten, (int) params->n, params->types,
                      (const char * const *) params->values, params->lengths,
                      params->formats, 0);
  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      g_propagate_error (error, error_from_result (conn, res));
      PQclear (res);
      return NULL;
    }

  return res;
}

static JsonArray *
get_array_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
execute_statement_on (PGconn      *conn,
                      JsonObject  *request,
                      GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *options_object = NULL;
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
      options_object = json_node_get_object (options_node);
      options.long_as_string =
        g_strcmp0 (json_object_get_string_member_with_default (options_object, "longReturnType",
                                                               NULL), "STRING") == 0;
      options.decimal_as_number =
        g_strcmp0 (json_object_get_string_member_with_default (options_object,
                                                               "decimalReturnType", NULL),
                   "DOUBLE_OR_LONG") == 0;
    }

  res = run_statement (conn, request, get_array_member (request, "parameters"), error);
  if (res == NULL)
    return NULL;

  json_object_set_int_member (reply, "numberOfRecordsUpdated",
                              is_dml (res) ? g_ascii_strtoll (PQcmdTuples (res), NULL, 10) : 0);
  if (is_dml (res))
    json_object_set_array_member (reply, "generatedFields", json_array_new ());

  if (PQresultStatus (res) == PGRES_TUPLES_OK)
    {
      int rows = PQntuples (res);
      int cols = PQnfields (res);

      if (g_str_equal (format, "JSON"))
        {
          g_autoptr(JsonArray) records = json_array_new ();
          g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
          g_autofree char *text = NULL;

          for (int r = 0; r < rows; r++)
            {
              JsonObject *record = json_object_new ();

              for (int c = 0; c < cols; c++)
                json_object_set_member (record, PQfname (res, c),
                                        json_for_value (res, r, c, &options));
              json_array_add_object_element (records, record);
            }
          json_node_set_array (root, records);
          text = json_to_string (root, FALSE);
          json_object_set_string_member (reply, "formattedRecords", text);
        }
      else
        {
          JsonArray *records = json_array_new ();

          for (int r = 0; r < rows; r++)
            {
              JsonArray *record = json_array_new ();

              for (int c = 0; c < cols; c++)
                json_array_add_element (record, field_for_value (res, r, c, &options));
              json_array_add_array_element (records, record);
            }
          json_object_set_array_member (reply, "records", records);
        }

      if (metadata)
        {
          g_autoptr(GHashTable) tables = g_hash_table_new_full (NULL, NULL, NULL,
                                                                (GDestroyNotify) PQclear);
          JsonArray *columns = json_array_new ();

          for (int c = 0; c < cols; c++)
            json_array_add_object_element (columns, column_metadata (conn, res, c, tables));
          json_object_set_array_member (reply, "columnMetadata", columns);
        }
    }

  return g_steal_pointer (&reply);
}

static GError *
transaction_not_found (const char *id,
                       gboolean    for_commit)
{
  return data_api_error (for_commit ? "NotFoundException" : "BadRequestException",
                         for_commit ? 404 : 400,
                         "Transaction %s is not found", id);
}

static JsonObject *
batch_on (PGconn      *conn,
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
      g_autoptr(PGresult) res = NULL;
      JsonObject *result;

      if (set != NULL && !JSON_NODE_HOLDS_ARRAY (set))
        {
          g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                    "parameterSets[%u] is not a list", i));
          return NULL;
        }
      res = run_statement (conn, request, set != NULL ? json_node_get_array (set) : NULL, error);
      if (res == NULL)
        return NULL;
      if (n == 0)
        break;
      result = json_object_new ();
      json_object_set_array_member (result, "generatedFields", json_array_new ());
      json_array_add_object_element (results, result);
    }

  return g_steal_pointer (&reply);
}

static JsonObject *
run_in_transaction (PdSandboxPg  *self,
                    const char   *id,
                    JsonObject   *request,
                    gboolean      batch,
                    GError      **error)
{
  g_autoptr(PgTransaction) tx = lookup_transaction (self, id, FALSE);
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

/* Rolls back and forgets transactions idle for too long, as the Data API
 * does, so abandoned ones do not hold connections forever. Tests shorten
 * the three minutes with PD_SANDBOX_TX_IDLE_SECONDS. */
static void
expire_transactions (PdSandboxPg *self)
{
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func ((GDestroyNotify) transaction_unref);
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
      PgTransaction *tx = value;

      if (!g_atomic_int_get (&tx->busy) && now - tx->last_used_us > idle_us)
        {
          g_ptr_array_add (expired, transaction_ref (tx));
          g_hash_table_iter_remove (&iter);
        }
    }
  g_mutex_unlock (&self->lock);
  /* Closing the connection rolls the transaction back. */
}

static JsonObject *
dispatch (PdSandboxPg  *self,
          const char   *operation,
          JsonObject   *request,
          const char   *username,
          const char   *password,
          GError      **error)
{
  const char *database = json_object_get_string_member_with_default (request, "database", NULL);
  const char *schema = json_object_get_string_member_with_default (request, "schema", NULL);
  const char *tx_id = json_object_get_string_member_with_default (request, "transactionId", NULL);
  g_autoptr(JsonObject) reply = NULL;
  gboolean batch = g_str_equal (operation, "BatchExecuteStatement");
  PGconn *conn;

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
      g_autoptr(PgTransaction) tx = NULL;
      g_autoptr(PGresult) res = NULL;
      const char *status;

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
      res = PQexec (tx->conn, commit ? "COMMIT" : "ROLLBACK");
      status = PQcmdStatus (res);
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          g_mutex_unlock (&tx->mutex);
          g_propagate_error (error, error_from_result (tx->conn, res));
          return NULL;
        }
      g_clear_pointer (&tx->conn, PQfinish);
      g_mutex_unlock (&tx->mutex);

      /* PostgreSQL answers COMMIT of a failed transaction with ROLLBACK. */
      if (commit && g_strcmp0 (status, "ROLLBACK") == 0)
        {
          g_propagate_error (error, data_api_error ("BadRequestException", 400,
                                                    "Transaction %s was rolled back because a "
                                                    "statement in it failed", tx_id));
          return NULL;
        }
      reply = json_object_new ();
      json_object_set_string_member (reply, "transactionStatus",
                                     commit ? "Transaction Committed" : "Rollback Complete");
      return g_steal_pointer (&reply);
    }

  if (tx_id != NULL)
    return run_in_transaction (self, tx_id, request, batch, error);

  conn = acquire (self, username, password, database, schema, error);
  if (conn == NULL)
    return NULL;

  if (g_str_equal (operation, "BeginTransaction"))
    {
      PgTransaction *tx;
      guint8 bytes[48];
      g_autofree char *id = NULL;

      if (!exec_simple (conn, "BEGIN", error))
        {
          PQfinish (conn);
          return NULL;
        }
      expire_transactions (self);
      tx = g_atomic_rc_box_new0 (PgTransaction);
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
      if (exec_simple (conn, "BEGIN", error))
        {
          reply = batch_on (conn, request, error);
          if (reply == NULL || !exec_simple (conn, "COMMIT", reply == NULL ? NULL : error))
            {
              g_clear_pointer (&reply, json_object_unref);
              exec_simple (conn, "ROLLBACK", NULL);
            }
        }
    }
  else
    reply = execute_statement_on (conn, request, error);

  release (self, conn, username, password, database, schema);

  return g_steal_pointer (&reply);
}

#endif /* HAVE_LIBPQ */

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallData, call_data_free)

static void
call_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CallData *data = task_data;
  g_autoptr(GError) error = NULL;
  JsonObject *reply = NULL;

#if HAVE_LIBPQ
  reply = dispatch (source_object, data->operation, data->request, data->username,
                    data->password, &error);
#else
  error = data_api_error ("DatabaseUnavailableException", 504,
                          "The database is unavailable: the sandbox was built without libpq");
#endif
  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) json_object_unref);
}

/**
 * pd_sandbox_pg_call_async:
 * @self: a #PdSandboxPg
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
pd_sandbox_pg_call_async (PdSandboxPg         *self,
                          const char          *operation,
                          JsonObject          *request,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CallData) data = NULL;

  g_return_if_fail (PD_IS_SANDBOX_PG (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_sandbox_pg_call_async);

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
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) call_data_free);
  g_task_run_in_thread (task, call_thread);
}

/**
 * pd_sandbox_pg_call_finish:
 * @self: a #PdSandboxPg
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the reply body, or %NULL with a
 *   %PD_AWS_ERROR carrying the Data API error code
 */
JsonObject *
pd_sandbox_pg_call_finish (PdSandboxPg   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (PD_IS_SANDBOX_PG (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
