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

/* Open (create) the database at path ("~/" expanded by config). */
enum mr_rc mr_db_open(const char *path, int flags, struct mr_db **out,
    struct mr_err *err);
void mr_db_close(struct mr_db *db);

/* The raw handle for store modules. */
struct sqlite3 *mr_db_sqlite(struct mr_db *db);

/* The schema version this binary knows (highest migration). */
int mr_db_schema_version(void);

/*
 * Transactions.  begin_immediate takes the write lock at once (waiting
 * up to the busy timeout); MR_EBUSY when it cannot.  Nesting is not
 * supported.
 */
enum mr_rc mr_db_begin(struct mr_db *db, struct mr_err *err);
enum mr_rc mr_db_commit(struct mr_db *db, struct mr_err *err);
void mr_db_rollback(struct mr_db *db);

/* Run SQL with no result rows (several statements allowed). */
enum mr_rc mr_db_exec(struct mr_db *db, const char *sql, struct mr_err *err);

/*
 * Map the last SQLite error of db to an mr_rc and fill err with what
 * (the caller's words) and SQLite's message: BUSY/LOCKED -> MR_EBUSY,
 * CORRUPT/NOTADB -> MR_ESCHEMA, FULL/IOERR/READONLY -> MR_EIO, else MR_EDB.
 */
enum mr_rc mr_db_error(struct mr_db *db, struct mr_err *err,
    const char *what);

/* Key/value rows of the meta table (timestamps, tokens). */
char *mr_db_meta_get(struct mr_db *db, const char *key); /* caller frees */
enum mr_rc mr_db_meta_set(struct mr_db *db, const char *key,
    const char *value, struct mr_err *err);

#endif
