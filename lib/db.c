/*
 * db.c: open, configure and migrate the SQLite file; transactions with a
 * write lock taken up front; the meta table; SQLite errors as mr_rc.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "migrations.h"

#define DEFAULT_BUSY_MS 5000

struct mr_db {
	sqlite3 *h;
	char *path;
	int flags;
	int busy_ms;
};

static int
is_memory(const char *path)
{
	return strcmp(path, ":memory:") == 0;
}

/* Sleep a few milliseconds, varied per process so rivals do not lock-step. */
static void
backoff_sleep(int attempt)
{
	struct timespec ts;
	long ms;

	ms = 1 + ((long)getpid() * 7 + attempt * 13) % 9;
	if (attempt > 4)
		ms += 10;
	ts.tv_sec = 0;
	ts.tv_nsec = ms * 1000000L;
	nanosleep(&ts, NULL);
}

/* Map a primary SQLite result code to our return codes (see db.h). */
static enum mr_rc
map_code(int code, const char **dotted)
{
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		*dotted = "db.busy";
		return MR_EBUSY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		*dotted = "db.corrupt";
		return MR_ESCHEMA;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		*dotted = "db.io";
		return MR_EIO;
	default:
		*dotted = "db.error";
		return MR_EDB;
	}
}

enum mr_rc
mr_db_error(struct mr_db *db, struct mr_err *err, const char *what)
{
	const char *dotted;
	enum mr_rc rc;
	int code, sys;

	if (db == NULL || db->h == NULL)
		return mr_err_set(err, MR_EDB, 0, "db.error", "%s: no database",
		    what ? what : "database");
	code = sqlite3_extended_errcode(db->h);
	rc = map_code(code, &dotted);
	if (code == SQLITE_OK)
		return mr_err_set(err, MR_EDB, 0, "db.error", "%s: %s",
		    db->path, what ? what : "database error");
	/* "disk I/O error" alone does not say the disk is full. */
	sys = sqlite3_system_errno(db->h);
	if (rc == MR_EIO && sys != 0)
		return mr_err_set(err, rc, 0, dotted, "%s: %s%s%s (%s)",
		    db->path, what ? what : "", what ? ": " : "",
		    sqlite3_errmsg(db->h), strerror(sys));
	return mr_err_set(err, rc, 0, dotted, "%s: %s%s%s", db->path,
	    what ? what : "", what ? ": " : "", sqlite3_errmsg(db->h));
}

/* Run one statement that yields one integer (PRAGMA user_version). */
static int
query_int(struct mr_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto out;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_ERROR;
	}
out:
	/* finalize keeps the step's error for sqlite3_errmsg() */
	sqlite3_finalize(st);
	return rc;
}

int
mr_db_schema_version(void)
{
	int i, max = 0;

	for (i = 0; i < mr_migrations_count; i++)
		if (mr_migrations[i].version > max)
			max = mr_migrations[i].version;
	return max;
}

/* Create the parent directories of path (mode 0700), like mkdir -p. */
static enum mr_rc
make_parents(const char *path, struct mr_err *err)
{
	enum mr_rc rc = MR_OK;
	char *dir;
	char *p;

	dir = xstrdup(path);
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			rc = mr_err_set(err, MR_EIO, 0, "db.io",
			    "%s: cannot create directory %s: %s", path, dir,
			    strerror(errno));
			goto out;
		}
		*p = '/';
	}
out:
	free(dir);
	return rc;
}

/*
 * Create the file ourselves so that it is private (0600) whatever the
 * umask: SQLite would create it 0644, and its -wal and -shm files copy
 * the database file's mode.
 */
static enum mr_rc
create_file(const char *path, struct mr_err *err)
{
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		if (errno == EEXIST)
			return MR_OK;
		return mr_err_set(err, MR_EIO, 0, "db.io",
		    "%s: cannot create database: %s", path, strerror(errno));
	}
	close(fd);
	return MR_OK;
}

/*
 * In WAL mode every writer needs the -wal and -shm files beside the
 * database; in a read-only directory SQLite would open the file and fail
 * only at the first write.  Say so at open time.
 */
static enum mr_rc
dir_writable(struct mr_db *db, struct mr_err *err)
{
	enum mr_rc rc = MR_OK;
	char *dir = NULL;
	char *slash;

	if (is_memory(db->path))
		goto out;
	dir = xstrdup(db->path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir) {
		slash[1] = '\0';
	} else {
		*slash = '\0';
	}
	if (faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) == -1)
		rc = mr_err_set(err, MR_EIO, 0, "db.io",
		    "%s: directory %s is not writable (needed for the -wal "
		    "and -shm files): %s", db->path, dir, strerror(errno));
out:
	free(dir);
	return rc;
}

void
mr_db_set_busy_timeout(struct mr_db *db, int ms)
{
	if (db == NULL)
		return;
	db->busy_ms = ms < 0 ? 0 : ms;
	sqlite3_busy_timeout(db->h, db->busy_ms);
}

const char *
mr_db_path(const struct mr_db *db)
{
	return db ? db->path : NULL;
}

/* Execute sql, retrying while SQLite answers BUSY within the timeout. */
static int
exec_retry(struct mr_db *db, const char *sql)
{
	double deadline = mr_now_ms() + db->busy_ms;
	int attempt = 0;
	int rc;

	for (;;) {
		rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		if (mr_now_ms() >= deadline)
			break;
		backoff_sleep(attempt++);
	}
	return rc;
}

enum mr_rc
mr_db_begin(struct mr_db *db, struct mr_err *err)
{
	if (db == NULL)
		return mr_err_set(err, MR_EINVAL, 0, "db.error",
		    "begin: no database");
	if (!sqlite3_get_autocommit(db->h))
		return mr_err_set(err, MR_EDB, 0, "db.error",
		    "%s: begin: a transaction is already open", db->path);
	if (exec_retry(db, "BEGIN IMMEDIATE") != SQLITE_OK)
		return mr_db_error(db, err, "begin");
	return MR_OK;
}

enum mr_rc
mr_db_commit(struct mr_db *db, struct mr_err *err)
{
	enum mr_rc rc;

	if (db == NULL)
		return mr_err_set(err, MR_EINVAL, 0, "db.error",
		    "commit: no database");
	if (sqlite3_get_autocommit(db->h))
		return MR_OK;
	if (exec_retry(db, "COMMIT") == SQLITE_OK)
		return MR_OK;
	rc = mr_db_error(db, err, "commit");
	mr_db_rollback(db);
	return rc;
}

void
mr_db_rollback(struct mr_db *db)
{
	if (db == NULL || db->h == NULL || sqlite3_get_autocommit(db->h))
		return;
	/* Fails only when SQLite already rolled back (e.g. after IOERR). */
	(void)sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

enum mr_rc
mr_db_exec(struct mr_db *db, const char *sql, struct mr_err *err)
{
	if (db == NULL)
		return mr_err_set(err, MR_EINVAL, 0, "db.error",
		    "exec: no database");
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return mr_db_error(db, err, "exec");
	return MR_OK;
}

enum mr_rc
mr_db_version(struct mr_db *db, int *version, struct mr_err *err)
{
	if (db == NULL)
		return mr_err_set(err, MR_EINVAL, 0, "db.error",
		    "version: no database");
	if (query_int(db, "PRAGMA user_version", version) != SQLITE_OK)
		return mr_db_error(db, err, "read schema version");
	return MR_OK;
}

static enum mr_rc
too_new(struct mr_db *db, int version, struct mr_err *err)
{
	return mr_err_set(err, MR_ESCHEMA, 0, "db.schema",
	    "%s: database schema version %d is newer than this media-route "
	    "(%d); use a newer media-route", db->path, version,
	    mr_db_schema_version());
}

/* The migration to apply after version v (lowest version above v). */
static const struct mr_migration *
next_migration(int v)
{
	const struct mr_migration *m = NULL;
	int i;

	for (i = 0; i < mr_migrations_count; i++)
		if (mr_migrations[i].version > v &&
		    (m == NULL || mr_migrations[i].version < m->version))
			m = &mr_migrations[i];
	return m;
}

/*
 * Apply the migrations above the current version, one transaction each.
 * The version is read again under the write lock: another process may
 * have migrated while we waited for it.
 */
static enum mr_rc
migrate(struct mr_db *db, struct mr_err *err)
{
	const struct mr_migration *m;
	enum mr_rc rc = MR_OK;
	char *what = NULL;
	char *sql = NULL;
	int v;

	for (;;) {
		if ((rc = mr_db_begin(db, err)) != MR_OK)
			goto out;
		if (query_int(db, "PRAGMA user_version", &v) != SQLITE_OK) {
			rc = mr_db_error(db, err, "read schema version");
			goto out;
		}
		if (v > mr_db_schema_version() || v < 0) {
			rc = too_new(db, v, err);
			goto out;
		}
		if ((m = next_migration(v)) == NULL)
			break;
		if (sqlite3_exec(db->h, m->sql, NULL, NULL, NULL) !=
		    SQLITE_OK) {
			what = xasprintf("migration %s", m->name);
			rc = mr_db_error(db, err, what);
			goto out;
		}
		sql = xasprintf("PRAGMA user_version = %d", m->version);
		if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
			rc = mr_db_error(db, err, "set schema version");
			goto out;
		}
		free(sql);
		sql = NULL;
		if ((rc = mr_db_commit(db, err)) != MR_OK)
			goto out;
	}
	rc = mr_db_commit(db, err);
out:
	if (rc != MR_OK)
		mr_db_rollback(db);
	free(sql);
	free(what);
	return rc;
}

/* WAL, relaxed fsync (safe in WAL mode), foreign keys. */
static enum mr_rc
configure(struct mr_db *db, struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	double deadline = mr_now_ms() + db->busy_ms;
	int attempt = 0;
	int rc;

	if (!(db->flags & MR_DB_READONLY) && !is_memory(db->path)) {
		/* Switching to WAL needs a lock a rival opener may hold. */
		for (;;) {
			rc = sqlite3_prepare_v2(db->h,
			    "PRAGMA journal_mode = WAL", -1, &st, NULL);
			if (rc == SQLITE_OK)
				rc = sqlite3_step(st);
			if (rc == SQLITE_ROW || rc == SQLITE_DONE)
				break;
			if ((rc & 0xff) != SQLITE_BUSY ||
			    mr_now_ms() >= deadline) {
				sqlite3_reset(st);
				sqlite3_finalize(st);
				return mr_db_error(db, err, "set WAL mode");
			}
			sqlite3_finalize(st);
			st = NULL;
			backoff_sleep(attempt++);
		}
		sqlite3_finalize(st);
	}
	if (sqlite3_exec(db->h, "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
		return mr_db_error(db, err, "configure");
	return MR_OK;
}

enum mr_rc
mr_db_open(const char *path, int flags, struct mr_db **out,
    struct mr_err *err)
{
	struct mr_db *db = NULL;
	struct stat sb;
	enum mr_rc rc = MR_OK;
	int oflags, saved;
	int v;

	*out = NULL;
	if (path == NULL || *path == '\0')
		return mr_err_set(err, MR_EINVAL, 0, "db.error",
		    "no database path");
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	db->flags = flags;
	db->busy_ms = DEFAULT_BUSY_MS;

	if (flags & MR_DB_READONLY) {
		oflags = SQLITE_OPEN_READONLY;
		if (!is_memory(path) && stat(path, &sb) == -1) {
			saved = errno;
			rc = mr_err_set(err, saved == ENOENT ? MR_ENOTFOUND :
			    MR_EIO, 0, saved == ENOENT ? "db.missing" : "db.io",
			    "%s: cannot open database: %s", path,
			    strerror(saved));
			goto out;
		}
	} else {
		oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
		if (!is_memory(path)) {
			if ((rc = make_parents(path, err)) != MR_OK)
				goto out;
			if ((rc = create_file(path, err)) != MR_OK)
				goto out;
		}
	}
	if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
		if (db->h == NULL)
			abort();	/* SQLite could not allocate */
		rc = mr_db_error(db, err, "cannot open database");
		goto out;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, db->busy_ms);

	/*
	 * Before the first read: in WAL mode even a read needs the -shm
	 * file, and its failure would read as "not a database".
	 */
	if (!(flags & MR_DB_READONLY) && (rc = dir_writable(db, err)) != MR_OK)
		goto out;
	/* The first read tells a database from junk, before any write. */
	if (query_int(db, "PRAGMA user_version", &v) != SQLITE_OK) {
		rc = mr_db_error(db, err, "not a media-route database");
		goto out;
	}
	if (v > mr_db_schema_version() || v < 0) {
		rc = too_new(db, v, err);
		goto out;
	}
	if (!(flags & MR_DB_READONLY) && sqlite3_db_readonly(db->h, "main")) {
		rc = mr_err_set(err, MR_EIO, 0, "db.io",
		    "%s: database is read-only (check its permissions)", path);
		goto out;
	}
	if ((rc = configure(db, err)) != MR_OK)
		goto out;
	if (!(flags & MR_DB_READONLY) && v < mr_db_schema_version() &&
	    (rc = migrate(db, err)) != MR_OK)
		goto out;
	*out = db;
	db = NULL;
out:
	mr_db_close(db);
	return rc;
}

void
mr_db_close(struct mr_db *db)
{
	if (db == NULL)
		return;
	/* _v2: statements a store module forgot keep the handle alive. */
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

struct sqlite3 *
mr_db_sqlite(struct mr_db *db)
{
	return db ? db->h : NULL;
}

char *
mr_db_meta_get(struct mr_db *db, const char *key)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *v;
	char *value = NULL;

	if (db == NULL || key == NULL)
		return NULL;
	if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = ?",
	    -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (v = sqlite3_column_text(st, 0)) != NULL)
		value = xstrdup((const char *)v);
out:
	sqlite3_finalize(st);
	return value;
}

enum mr_rc
mr_db_meta_set(struct mr_db *db, const char *key, const char *value,
    struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	enum mr_rc rc = MR_OK;
	const char *sql;

	if (db == NULL || key == NULL)
		return mr_err_set(err, MR_EINVAL, 0, "db.error",
		    "meta: no database or key");
	if (value == NULL)
		sql = "DELETE FROM meta WHERE key = ?1";
	else
		sql = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
		    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = mr_db_error(db, err, "meta");
		goto out;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (value != NULL)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = mr_db_error(db, err, "meta");
out:
	sqlite3_finalize(st);
	return rc;
}
