/*
 * check_db.c: opening, creating, migrating and refusing database files;
 * transactions, busy handling, error mapping, the meta table.  The test
 * reads files back with SQLite itself, independently of lib/db.c.
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"

static char tmp[64];

static int
rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

static void
setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/check_db.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void
teardown(void)
{
	/* A test may leave a directory read-only. */
	chmod(tmp, 0700);
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *
path_in(const char *name)
{
	return xasprintf("%s/%s", tmp, name);
}

/* The whole file, for byte-for-byte comparisons; *len gets its size. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f;
	char *buf;
	long n;

	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "open %s: %s", path, strerror(errno));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void
spew(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* Run sql on path with plain SQLite, outside lib/db.c. */
static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	char *msg = NULL;

	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg ? msg : "?");
	sqlite3_close(h);
}

static char *
raw_text(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	char *out;

	ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

static long
handle_int(struct mr_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long v;

	ck_assert_int_eq(sqlite3_prepare_v2(mr_db_sqlite(db), sql, -1, &st,
	    NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
mode_of(const char *path)
{
	struct stat sb;

	ck_assert_msg(stat(path, &sb) == 0, "stat %s", path);
	return (int)(sb.st_mode & 07777);
}

static int
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

START_TEST(test_create_with_parents)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *a = path_in("a"), *b = path_in("a/b");
	char *path = path_in("a/b/media-route.db");
	char *mode, *ver, *want, *wal, *shm;
	int v = -1;

	umask(022);
	ck_assert_int_ge(mr_db_schema_version(), 1);
	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	ck_assert_int_eq(mode_of(a), 0700);
	ck_assert_int_eq(mode_of(b), 0700);
	ck_assert_int_eq(mode_of(path), 0600);
	/* SQLite gives the -wal and -shm files the database's mode. */
	wal = xasprintf("%s-wal", path);
	shm = xasprintf("%s-shm", path);
	ck_assert_int_eq(mode_of(wal), 0600);
	ck_assert_int_eq(mode_of(shm), 0600);
	ck_assert_int_eq(mr_db_version(db, &v, &err), MR_OK);
	ck_assert_int_eq(v, mr_db_schema_version());
	ck_assert_str_eq(mr_db_path(db), path);
	ck_assert_int_eq(handle_int(db, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(handle_int(db, "PRAGMA synchronous"), 1); /* NORMAL */
	ck_assert_int_eq(handle_int(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name IN ('requests', 'events', "
	    "'http_cache', 'ratelimit', 'meta')"), 5);
	mr_db_close(db);

	/* Checked again from outside: persisted WAL mode and version. */
	mode = raw_text(path, "PRAGMA journal_mode");
	ck_assert_str_eq(mode, "wal");
	ver = raw_text(path, "PRAGMA user_version");
	want = xasprintf("%d", mr_db_schema_version());
	ck_assert_str_eq(ver, want);
	free(mode);
	free(ver);
	free(want);
	free(wal);
	free(shm);
	free(a);
	free(b);
	free(path);
}
END_TEST

START_TEST(test_reopen_is_noop)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *path = path_in("mr.db");
	char *before, *after;
	size_t n1, n2;
	int v;

	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	ck_assert_int_eq(mr_db_exec(db, "INSERT INTO requests (title) "
	    "VALUES ('Dexter')", &err), MR_OK);
	mr_db_close(db);
	before = slurp(path, &n1);

	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	ck_assert_int_eq(mr_db_version(db, &v, &err), MR_OK);
	ck_assert_int_eq(v, mr_db_schema_version());
	ck_assert_int_eq(handle_int(db, "SELECT count(*) FROM requests"), 1);
	mr_db_close(db);
	after = slurp(path, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_msg(memcmp(before, after, n1) == 0, "reopen changed file");
	free(before);
	free(after);
	free(path);
}
END_TEST

/* A database from the future, in either journal mode, is left alone. */
static const char *newer_modes[] = { "DELETE", "WAL" };

START_TEST(test_newer_schema_refused)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *path = path_in("future.db");
	char *sql, *before, *after, *wal;
	size_t n1, n2;
	int flags;

	sql = xasprintf("PRAGMA journal_mode = %s; CREATE TABLE t (x); "
	    "INSERT INTO t VALUES (42); PRAGMA user_version = 9999",
	    newer_modes[_i]);
	raw_exec(path, sql);
	before = slurp(path, &n1);
	for (flags = 0; flags <= MR_DB_READONLY; flags += MR_DB_READONLY) {
		mr_err_clear(&err);
		ck_assert_int_eq(mr_db_open(path, flags, &db, &err),
		    MR_ESCHEMA);
		ck_assert_ptr_null(db);
		ck_assert_int_eq(err.rc, MR_ESCHEMA);
		ck_assert_ptr_nonnull(strstr(err.msg, "9999"));
		ck_assert_ptr_nonnull(strstr(err.msg, path));
		ck_assert_int_eq(mr_rc_exit(err.rc), MR_EXIT_FATAL);
	}
	after = slurp(path, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_msg(memcmp(before, after, n1) == 0, "newer db modified");
	if (_i == 0) {
		wal = path_in("future.db-wal");
		ck_assert_msg(!exists(wal), "refused db got a WAL file");
		free(wal);
	}
	free(before);
	free(after);
	free(sql);
	free(path);
}
END_TEST

/* Files that are not databases. */
static const struct {
	const char *what;
	const char *data;
	size_t len;
} junk[] = {
	{ "short text", "hello, world\n", 13 },
	{ "sqlite magic, bad header",
	  "SQLite format 3\0\xff\xff\x01\x01\x00\x40\x20\x20"
	  "garbage garbage garbage garbage garbage garbage garbage garbage "
	  "garbage garbage garbage garbage", 100 },
};

START_TEST(test_garbage_refused)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *path = path_in("junk.db");
	char *big = NULL, *after;
	size_t n;

	if (_i < (int)MR_ARRAY_LEN(junk)) {
		spew(path, junk[_i].data, junk[_i].len);
	} else {
		big = xmalloc(8192);
		memset(big, 'x', 8192);
		spew(path, big, 8192);
	}
	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_ESCHEMA);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_ptr_nonnull(strstr(err.msg, "not a"));
	ck_assert_int_eq(mr_db_open(path, MR_DB_READONLY, &db, &err),
	    MR_ESCHEMA);
	after = slurp(path, &n);
	if (big != NULL) {
		ck_assert_uint_eq(n, 8192);
		ck_assert_int_eq(memcmp(after, big, n), 0);
	} else {
		ck_assert_uint_eq(n, junk[_i].len);
		ck_assert_int_eq(memcmp(after, junk[_i].data, n), 0);
	}
	free(after);
	free(big);
	free(path);
}
END_TEST

START_TEST(test_readonly_open)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *path = path_in("mr.db");
	char *missing = path_in("none/mr.db");
	char *v;

	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	ck_assert_int_eq(mr_db_meta_set(db, "k", "v1", &err), MR_OK);
	mr_db_close(db);

	ck_assert_int_eq(mr_db_open(path, MR_DB_READONLY, &db, &err), MR_OK);
	v = mr_db_meta_get(db, "k");
	ck_assert_str_eq(v, "v1");
	free(v);
	ck_assert_int_eq(mr_db_meta_set(db, "k", "v2", &err), MR_EIO);
	ck_assert_int_eq(mr_db_exec(db, "INSERT INTO requests (title) "
	    "VALUES ('x')", &err), MR_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	mr_db_close(db);

	/* Read-only never creates anything. */
	ck_assert_int_eq(mr_db_open(missing, MR_DB_READONLY, &db, &err),
	    MR_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, missing));
	ck_assert_msg(!exists(missing), "read-only open created the file");
	free(missing);
	missing = path_in("none");
	ck_assert_msg(!exists(missing), "read-only open created a directory");
	free(missing);
	free(path);
}
END_TEST

START_TEST(test_read_only_old_schema_not_migrated)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *path = path_in("old.db");
	char *ver;
	int v = -1;

	raw_exec(path, "CREATE TABLE t (x)");
	ck_assert_int_eq(mr_db_open(path, MR_DB_READONLY, &db, &err), MR_OK);
	ck_assert_int_eq(mr_db_version(db, &v, &err), MR_OK);
	ck_assert_int_eq(v, 0);
	mr_db_close(db);
	ver = raw_text(path, "PRAGMA user_version");
	ck_assert_str_eq(ver, "0");
	free(ver);
	free(path);
}
END_TEST

/*
 * Permission checks run in a child without root's powers (root ignores
 * file modes).  It returns the number of the first failed step, 0 if all
 * passed, and tells why on stderr.
 */
#define STEP(n, cond) do { if (!(cond)) { \
	fprintf(stderr, "step %d: %s: %s\n", n, #cond, err.msg); \
	rc = n; goto out; } } while (0)

static int
permission_steps(void)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *dir = path_in("perm");
	char *file = path_in("perm/mr.db");
	char *fresh = path_in("perm/new.db");
	char *v = NULL;
	int rc = 0;

	mr_err_clear(&err);
	STEP(1, mkdir(dir, 0700) == 0);
	STEP(2, mr_db_open(file, 0, &db, &err) == MR_OK);
	STEP(2, mr_db_meta_set(db, "k", "v", &err) == MR_OK);
	mr_db_close(db);
	db = NULL;

	/* A read-only file. */
	STEP(3, chmod(file, 0400) == 0);
	STEP(4, mr_db_open(file, 0, &db, &err) == MR_EIO);
	STEP(5, strstr(err.msg, file) != NULL);
	STEP(6, strstr(err.msg, "read-only") != NULL);
	STEP(7, mr_db_open(file, MR_DB_READONLY, &db, &err) == MR_OK);
	mr_db_close(db);
	db = NULL;
	STEP(8, chmod(file, 0600) == 0);

	/* A read-only directory: no new file, and no WAL for an old one. */
	STEP(9, chmod(dir, 0500) == 0);
	mr_err_clear(&err);
	STEP(10, mr_db_open(fresh, 0, &db, &err) == MR_EIO);
	STEP(11, strstr(err.msg, fresh) != NULL);
	mr_err_clear(&err);
	STEP(12, mr_db_open(file, 0, &db, &err) == MR_EIO);
	STEP(13, strstr(err.msg, file) != NULL);
	/* Reading needs no new files. */
	mr_err_clear(&err);
	STEP(14, mr_db_open(file, MR_DB_READONLY, &db, &err) == MR_OK);
	STEP(15, (v = mr_db_meta_get(db, "k")) != NULL && strcmp(v, "v") == 0);
	STEP(16, chmod(dir, 0700) == 0);
out:
	mr_db_close(db);
	free(v);
	free(dir);
	free(file);
	free(fresh);
	return rc;
}

START_TEST(test_permissions)
{
	pid_t pid;
	int status;

	/* The child may become nobody; let it into the temp directory. */
	if (geteuid() == 0)
		ck_assert_int_eq(chown(tmp, 65534, 65534), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgroups(0, NULL) != 0 ||
		    setgid(65534) != 0 || setuid(65534) != 0))
			_exit(100);
		_exit(permission_steps());
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "permission step %d failed", WEXITSTATUS(status));
}
END_TEST

START_TEST(test_reader_beside_writer)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *path = path_in("mr.db");
	struct mr_db *reader = NULL;
	char *v;

	/* A reader opening while a writer holds the file in WAL mode. */
	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	ck_assert_int_eq(mr_db_meta_set(db, "k", "w", &err), MR_OK);
	ck_assert_int_eq(mr_db_open(path, MR_DB_READONLY, &reader, &err),
	    MR_OK);
	v = mr_db_meta_get(reader, "k");
	ck_assert_str_eq(v, "w");
	free(v);
	mr_db_close(reader);
	mr_db_close(db);
	free(path);
}
END_TEST

START_TEST(test_meta)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *v;

	ck_assert_int_eq(mr_db_open(":memory:", 0, &db, &err), MR_OK);
	ck_assert_ptr_null(mr_db_meta_get(db, "spotify.token"));
	ck_assert_int_eq(mr_db_meta_set(db, "spotify.token", "abc", &err),
	    MR_OK);
	v = mr_db_meta_get(db, "spotify.token");
	ck_assert_str_eq(v, "abc");
	free(v);
	ck_assert_int_eq(mr_db_meta_set(db, "spotify.token", "", &err),
	    MR_OK);
	v = mr_db_meta_get(db, "spotify.token");
	ck_assert_str_eq(v, "");
	free(v);
	ck_assert_int_eq(mr_db_meta_set(db, "spotify.token", "it's \"q\"",
	    &err), MR_OK);
	v = mr_db_meta_get(db, "spotify.token");
	ck_assert_str_eq(v, "it's \"q\"");
	free(v);
	ck_assert_int_eq(handle_int(db, "SELECT count(*) FROM meta"), 1);
	ck_assert_int_eq(mr_db_meta_set(db, "spotify.token", NULL, &err),
	    MR_OK);
	ck_assert_ptr_null(mr_db_meta_get(db, "spotify.token"));
	ck_assert_int_eq(mr_db_meta_set(db, NULL, "x", &err), MR_EINVAL);
	ck_assert_ptr_null(mr_db_meta_get(NULL, "x"));
	mr_db_close(db);
}
END_TEST

START_TEST(test_transactions)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *path = path_in("mr.db");
	char *v;

	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	ck_assert_int_eq(mr_db_begin(db, &err), MR_OK);
	ck_assert_int_eq(mr_db_meta_set(db, "a", "1", &err), MR_OK);
	ck_assert_int_eq(mr_db_begin(db, &err), MR_EDB);	/* no nesting */
	mr_db_rollback(db);
	ck_assert_ptr_null(mr_db_meta_get(db, "a"));

	ck_assert_int_eq(mr_db_begin(db, &err), MR_OK);
	ck_assert_int_eq(mr_db_meta_set(db, "a", "2", &err), MR_OK);
	ck_assert_int_eq(mr_db_commit(db, &err), MR_OK);
	mr_db_rollback(db);	/* nothing open: harmless */
	v = mr_db_meta_get(db, "a");
	ck_assert_str_eq(v, "2");
	free(v);
	mr_db_close(db);
	free(path);
}
END_TEST

START_TEST(test_busy)
{
	struct mr_db *a = NULL, *b = NULL;
	struct mr_err err;
	char *path = path_in("mr.db");

	ck_assert_int_eq(mr_db_open(path, 0, &a, &err), MR_OK);
	ck_assert_int_eq(mr_db_open(path, 0, &b, &err), MR_OK);
	mr_db_set_busy_timeout(b, 50);
	ck_assert_int_eq(mr_db_begin(a, &err), MR_OK);
	mr_err_clear(&err);
	ck_assert_int_eq(mr_db_begin(b, &err), MR_EBUSY);
	ck_assert_str_eq(err.code, "db.busy");
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_int_eq(mr_rc_exit(err.rc), MR_EXIT_TRANSIENT);
	/* A plain write waits the busy timeout too, then says busy. */
	ck_assert_int_eq(mr_db_meta_set(b, "k", "v", &err), MR_EBUSY);
	/* Readers are never blocked in WAL mode. */
	ck_assert_ptr_null(mr_db_meta_get(b, "k"));
	ck_assert_int_eq(mr_db_commit(a, &err), MR_OK);
	ck_assert_int_eq(mr_db_begin(b, &err), MR_OK);
	ck_assert_int_eq(mr_db_commit(b, &err), MR_OK);
	mr_db_close(a);
	mr_db_close(b);
	free(path);
}
END_TEST

START_TEST(test_disk_full)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	char *path = path_in("mr.db");
	char *sql, *big;

	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	/* The file may not grow: what a full disk looks like to SQLite. */
	sql = xasprintf("PRAGMA max_page_count = %ld",
	    handle_int(db, "PRAGMA page_count"));
	ck_assert_int_eq(mr_db_exec(db, sql, &err), MR_OK);
	big = xmalloc(200000);
	memset(big, 'x', 199999);
	big[199999] = '\0';
	ck_assert_int_eq(mr_db_meta_set(db, "big", big, &err), MR_EIO);
	ck_assert_str_eq(err.code, "db.io");
	ck_assert_int_eq(mr_rc_exit(err.rc), MR_EXIT_FATAL);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_int_eq(mr_db_begin(db, &err), MR_OK);
	ck_assert_int_eq(mr_db_meta_set(db, "big", big, &err), MR_EIO);
	mr_db_rollback(db);
	/* The handle stays usable after the failure. */
	ck_assert_int_eq(mr_db_meta_set(db, "small", "ok", &err), MR_OK);
	free(big);
	free(sql);
	mr_db_close(db);
	free(path);
}
END_TEST

START_TEST(test_error_mapping)
{
	struct mr_db *db = NULL;
	struct mr_err err;

	ck_assert_int_eq(mr_db_open(":memory:", 0, &db, &err), MR_OK);
	ck_assert_int_eq(mr_db_exec(db, "SELEC nonsense", &err), MR_EDB);
	ck_assert_str_eq(err.code, "db.error");
	ck_assert_ptr_nonnull(strstr(err.msg, "syntax error"));
	/* Constraint from the schema: an unknown status. */
	ck_assert_int_eq(mr_db_exec(db, "INSERT INTO requests (title, status) "
	    "VALUES ('x', 'Bogus')", &err), MR_EDB);
	/* Foreign keys are enforced. */
	ck_assert_int_eq(mr_db_exec(db, "INSERT INTO events (request_id, "
	    "event) VALUES (12345, 'x')", &err), MR_EDB);
	ck_assert_ptr_nonnull(strstr(err.msg, "FOREIGN KEY"));
	ck_assert_int_eq(mr_db_error(db, NULL, "nothing"), MR_EDB);
	mr_db_close(db);
	mr_db_close(NULL);
	ck_assert_int_eq(mr_db_open("", 0, &db, &err), MR_EINVAL);
	ck_assert_ptr_null(db);
}
END_TEST

/*
 * Several processes opening one fresh file at once: exactly one runs each
 * migration, all succeed, and the result is the current schema.
 */
#define OPENERS 4
#define ROUNDS 3

START_TEST(test_concurrent_fresh_open)
{
	struct mr_db *db = NULL;
	struct mr_err err;
	pid_t pids[OPENERS];
	char *path;
	char go;
	int fds[2], i, r, status, v;

	for (r = 0; r < ROUNDS; r++) {
		path = xasprintf("%s/race%d/mr.db", tmp, r);
		ck_assert_int_eq(pipe(fds), 0);
		for (i = 0; i < OPENERS; i++) {
			pids[i] = fork();
			ck_assert_int_ge(pids[i], 0);
			if (pids[i] != 0)
				continue;
			close(fds[1]);
			if (read(fds[0], &go, 1) != 0)
				_exit(10);
			if (mr_db_open(path, 0, &db, &err) != MR_OK) {
				fprintf(stderr, "child: %s\n", err.msg);
				_exit(11);
			}
			v = -1;
			if (mr_db_version(db, &v, &err) != MR_OK ||
			    v != mr_db_schema_version())
				_exit(12);
			mr_db_close(db);
			free(path);
			_exit(0);
		}
		close(fds[0]);
		close(fds[1]);		/* EOF starts every child at once */
		for (i = 0; i < OPENERS; i++) {
			ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
			ck_assert_msg(WIFEXITED(status) &&
			    WEXITSTATUS(status) == 0, "opener %d: status %d",
			    i, status);
		}
		ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
		ck_assert_int_eq(handle_int(db, "SELECT count(*) FROM "
		    "sqlite_master WHERE name = 'requests'"), 1);
		mr_db_close(db);
		free(path);
	}
}
END_TEST

static Suite *
db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("db");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_create_with_parents);
	tcase_add_test(tc, test_reopen_is_noop);
	tcase_add_loop_test(tc, test_newer_schema_refused, 0,
	    (int)MR_ARRAY_LEN(newer_modes));
	tcase_add_loop_test(tc, test_garbage_refused, 0,
	    (int)MR_ARRAY_LEN(junk) + 1);
	tcase_add_test(tc, test_readonly_open);
	tcase_add_test(tc, test_read_only_old_schema_not_migrated);
	tcase_add_test(tc, test_permissions);
	tcase_add_test(tc, test_reader_beside_writer);
	tcase_add_test(tc, test_meta);
	tcase_add_test(tc, test_transactions);
	tcase_add_test(tc, test_busy);
	tcase_add_test(tc, test_disk_full);
	tcase_add_test(tc, test_error_mapping);
	tcase_add_test(tc, test_concurrent_fresh_open);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(db_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
