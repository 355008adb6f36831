/*
 * db.h: the SQLite file (DESIGN.md 3.5).  mr_db_open() creates parent
 * directories, sets WAL, a busy timeout and foreign keys, and applies the
 * embedded migrations in order inside one transaction each, keeping
 * PRAGMA user_version.  A database newer than this binary is refused with
 * MR_ESCHEMA and never changed; a corrupt file is MR_ESCHEMA too.
 *
 * Only db.c and the store modules built on it (cache, ratelimit,
 * requests, report) include <sqlite3.h>; they reach the handle through
 * mr_db_sqlite().
 */
#ifndef MR_DB_H
#define MR_DB_H

#include "mr.h"

struct mr_db;
struct sqlite3;

enum mr_db_flags {
	MR_DB_READONLY = 1 << 0,	/* open read-only, no migrations */
};

/*
 * Open (create) the database at path ("~/" expanded by config).  Missing
 * parent directories are created with mode 0700 and a new file with mode
 * 0600.  ":memory:" gives a private in-memory database (tests).
 * Errors: MR_ESCHEMA for a newer schema or a file that is not a
 * database (left untouched); MR_EIO when the file or its directory cannot
 * be created or written (a read-only file is refused unless
 * MR_DB_READONLY); MR_EBUSY when another process holds the lock past the
 * busy timeout; with MR_DB_READONLY a missing file is MR_ENOTFOUND (and is
 * not created).  err->msg names the path.
 */
enum mr_rc mr_db_open(const char *path, int flags, struct mr_db **out,
    struct mr_err *err);
void mr_db_close(struct mr_db *db);

/* The raw handle for store modules. */
struct sqlite3 *mr_db_sqlite(struct mr_db *db);

/* The schema version this binary knows (highest migration). */
int mr_db_schema_version(void);

/* The version of the open database (PRAGMA user_version). */
enum mr_rc mr_db_version(struct mr_db *db, int *version, struct mr_err *err);

/* The path the database was opened with (borrowed). */
const char *mr_db_path(const struct mr_db *db);

/*
 * How long to wait for a lock another process holds, in milliseconds
 * (default 5000).  Applies to every statement and to mr_db_begin().
 */
void mr_db_set_busy_timeout(struct mr_db *db, int ms);

/*
 * Transactions.  begin_immediate takes the write lock at once (waiting
 * up to the busy timeout); MR_EBUSY when it cannot.  Nesting is not
 * supported.
 */
enum mr_rc mr_db_begin(struct mr_db *db, struct mr_err *err);
enum mr_rc mr_db_commit(struct mr_db *db, struct mr_err *err);
void mr_db_rollback(struct mr_db *db);

/* Run SQL with no result rows (several statements allowed); errors as
 * mr_db_error(). */
enum mr_rc mr_db_exec(struct mr_db *db, const char *sql, struct mr_err *err);

/*
 * Map the last SQLite error of db to an mr_rc and fill err with what
 * (the caller's words) and SQLite's message: BUSY/LOCKED -> MR_EBUSY,
 * CORRUPT/NOTADB -> MR_ESCHEMA, FULL/IOERR/READONLY/CANTOPEN/PERM ->
 * MR_EIO, else MR_EDB.  The message is "<path>: <what>: <sqlite message>".
 * Returns the mr_rc.
 */
enum mr_rc mr_db_error(struct mr_db *db, struct mr_err *err,
    const char *what);

/*
 * Key/value rows of the meta table (timestamps, tokens).  meta_get
 * returns a copy the caller frees, NULL when the key is absent (or on a
 * database error); meta_set with value NULL deletes the key.
 */
char *mr_db_meta_get(struct mr_db *db, const char *key);
enum mr_rc mr_db_meta_set(struct mr_db *db, const char *key,
    const char *value, struct mr_err *err);

#endif
