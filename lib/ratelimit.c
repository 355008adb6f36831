/*
 * ratelimit.c: GCRA without burst.  A bucket's state is one number, its
 * theoretical arrival time (tat, unix seconds): a reservation takes
 * max(now, tat) and moves tat one interval later.  With a database the
 * read and the write happen in one short write transaction, so every
 * process sharing the file sees one sequence of slots.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "ratelimit.h"

/*
 * Spacing is 2% wider than 1/rate so that a server counting requests in a
 * sliding window never sees one too many from rounding or clock skew.
 */
#define SLACK 1.02

/* A stored tat further ahead than this is a clock that went backwards. */
#define MAX_AHEAD 86400.0

/* Attempts of the whole transaction when SQLite still says busy. */
#define TRIES 3

struct bucket {
	char *key;
	double tat;
};

struct mr_ratelimit {
	struct mr_db *db;	/* borrowed; NULL: buckets in memory */
	struct bucket *b;
	size_t nb;
	sqlite3_stmt *sel;
	sqlite3_stmt *set;
};

enum op {
	OP_RESERVE,
	OP_BLOCK,
};

struct mr_ratelimit *
mr_ratelimit_new(struct mr_db *db)
{
	struct mr_ratelimit *rl = xcalloc(1, sizeof(*rl));

	rl->db = db;
	return rl;
}

void
mr_ratelimit_free(struct mr_ratelimit *rl)
{
	size_t i;

	if (rl == NULL)
		return;
	for (i = 0; i < rl->nb; i++)
		free(rl->b[i].key);
	free(rl->b);
	sqlite3_finalize(rl->sel);
	sqlite3_finalize(rl->set);
	free(rl);
}

/* The new tat of a bucket; *at gets the slot a reservation hands out. */
static double
apply(enum op op, double stored, double now, double value, double *at)
{
	double tat;

	if (stored > now + MAX_AHEAD)
		stored = now;
	if (op == OP_BLOCK) {
		if (value > now + MAX_AHEAD)
			value = now + MAX_AHEAD;
		*at = stored > value ? stored : value;
		return *at;
	}
	tat = stored > now ? stored : now;
	*at = tat;
	return tat + value;
}

static struct bucket *
mem_bucket(struct mr_ratelimit *rl, const char *key)
{
	size_t i;

	for (i = 0; i < rl->nb; i++)
		if (strcmp(rl->b[i].key, key) == 0)
			return &rl->b[i];
	rl->b = xrealloc(rl->b, (rl->nb + 1) * sizeof(*rl->b));
	rl->b[rl->nb].key = xstrdup(key);
	rl->b[rl->nb].tat = 0;
	return &rl->b[rl->nb++];
}

static enum mr_rc
prepare(struct mr_ratelimit *rl, sqlite3_stmt **st, const char *sql,
    struct mr_err *err)
{
	if (*st != NULL)
		return MR_OK;
	if (sqlite3_prepare_v3(mr_db_sqlite(rl->db), sql, -1,
	    SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return mr_db_error(rl->db, err, "ratelimit");
	}
	return MR_OK;
}

/* Read, update and write one bucket; the caller holds the write lock. */
static enum mr_rc
db_step(struct mr_ratelimit *rl, const char *key, enum op op, double value,
    double *at, struct mr_err *err)
{
	enum mr_rc rc;
	double stored = 0, tat;
	int step;

	if ((rc = prepare(rl, &rl->sel,
	    "SELECT tat FROM ratelimit WHERE key = ?1", err)) != MR_OK)
		return rc;
	if ((rc = prepare(rl, &rl->set,
	    "INSERT INTO ratelimit (key, tat) VALUES (?1, ?2) "
	    "ON CONFLICT (key) DO UPDATE SET tat = excluded.tat",
	    err)) != MR_OK)
		return rc;
	sqlite3_bind_text(rl->sel, 1, key, -1, SQLITE_STATIC);
	step = sqlite3_step(rl->sel);
	if (step == SQLITE_ROW)
		stored = sqlite3_column_double(rl->sel, 0);
	else if (step != SQLITE_DONE)
		rc = mr_db_error(rl->db, err, "ratelimit");
	sqlite3_reset(rl->sel);
	sqlite3_clear_bindings(rl->sel);
	if (rc != MR_OK)
		return rc;

	/* Read the clock under the lock so slots follow the lock order. */
	tat = apply(op, stored, mr_wall_s(), value, at);
	sqlite3_bind_text(rl->set, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_double(rl->set, 2, tat);
	if (sqlite3_step(rl->set) != SQLITE_DONE)
		rc = mr_db_error(rl->db, err, "ratelimit");
	sqlite3_reset(rl->set);
	sqlite3_clear_bindings(rl->set);
	return rc;
}

static enum mr_rc
update(struct mr_ratelimit *rl, const char *key, enum op op, double value,
    double *at, struct mr_err *err)
{
	struct bucket *b;
	enum mr_rc rc = MR_OK;
	int own, try;

	if (rl->db == NULL) {
		b = mem_bucket(rl, key);
		b->tat = apply(op, b->tat, mr_wall_s(), value, at);
		return MR_OK;
	}
	/* Inside a caller's transaction the lock is already ours. */
	own = sqlite3_get_autocommit(mr_db_sqlite(rl->db));
	if (!own)
		return db_step(rl, key, op, value, at, err);
	for (try = 0; try < TRIES; try++) {
		if ((rc = mr_db_begin(rl->db, err)) != MR_OK)
			break;
		rc = db_step(rl, key, op, value, at, err);
		if (rc == MR_OK)
			rc = mr_db_commit(rl->db, err);
		if (rc == MR_OK)
			break;
		mr_db_rollback(rl->db);
		if (rc != MR_EBUSY)
			break;
	}
	return rc;
}

enum mr_rc
mr_ratelimit_reserve(struct mr_ratelimit *rl, const char *key,
    double rate_per_s, double *at_wall, struct mr_err *err)
{
	if (rl == NULL || key == NULL || !(rate_per_s > 0) ||
	    !isfinite(rate_per_s))
		return mr_err_set(err, MR_EINVAL, 0, "ratelimit.invalid",
		    "ratelimit: bad bucket or rate");
	return update(rl, key, OP_RESERVE, SLACK / rate_per_s, at_wall, err);
}

enum mr_rc
mr_ratelimit_block(struct mr_ratelimit *rl, const char *key, double until,
    struct mr_err *err)
{
	double at;

	if (rl == NULL || key == NULL || !isfinite(until))
		return mr_err_set(err, MR_EINVAL, 0, "ratelimit.invalid",
		    "ratelimit: bad bucket or time");
	return update(rl, key, OP_BLOCK, until, &at, err);
}
