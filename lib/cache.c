/*
 * cache.c: the HTTP response cache, table http_cache of migration 0001.
 * Times are whole unix seconds; an entry is fresh while now < expires_at.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cache.h"
#include "db.h"

/* A century: keeps now + ttl far from overflow. */
#define MAX_TTL (100L * 366 * 86400)

struct mr_cache {
	struct mr_db *db;	/* borrowed; NULL: every lookup misses */
	sqlite3_stmt *get;
	sqlite3_stmt *put;
	sqlite3_stmt *del;
	sqlite3_stmt *purge;
	long hits;
	long misses;
};

static const char sql_get[] =
    "SELECT status, body FROM http_cache WHERE key = ?1 AND expires_at > ?2";
static const char sql_put[] =
    "INSERT INTO http_cache (key, status, body, stored_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key) DO UPDATE SET "
    "status = excluded.status, body = excluded.body, "
    "stored_at = excluded.stored_at, expires_at = excluded.expires_at";
static const char sql_del[] = "DELETE FROM http_cache WHERE key = ?1";
static const char sql_purge[] =
    "DELETE FROM http_cache WHERE expires_at <= ?1";

/* Map the handle's last error; the cache API has no struct mr_err. */
static enum mr_rc
db_rc(struct mr_cache *c)
{
	return mr_db_error(c->db, NULL, "cache");
}

static sqlite3_int64
now_s(void)
{
	return (sqlite3_int64)mr_wall_s();
}

/* Prepare *st on first use, so that mr_cache_new() cannot fail. */
static enum mr_rc
prepare(struct mr_cache *c, sqlite3_stmt **st, const char *sql)
{
	if (*st != NULL)
		return MR_OK;
	if (sqlite3_prepare_v3(mr_db_sqlite(c->db), sql, -1,
	    SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return db_rc(c);
	}
	return MR_OK;
}

/* Reset a cached statement after use so it holds no read lock. */
static void
done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

struct mr_cache *
mr_cache_new(struct mr_db *db)
{
	struct mr_cache *c = xcalloc(1, sizeof(*c));

	c->db = db;
	return c;
}

void
mr_cache_free(struct mr_cache *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_finalize(c->del);
	sqlite3_finalize(c->purge);
	free(c);
}

enum mr_rc
mr_cache_get(struct mr_cache *c, const char *key, char **body, size_t *len,
    long *status)
{
	enum mr_rc rc = MR_ENOTFOUND;
	const void *blob;
	size_t n;
	int step;

	*body = NULL;
	*len = 0;
	if (c == NULL)
		return MR_ENOTFOUND;
	if (c->db == NULL || key == NULL)
		goto out;
	if ((rc = prepare(c, &c->get, sql_get)) != MR_OK)
		goto out;
	sqlite3_bind_text(c->get, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(c->get, 2, now_s());
	step = sqlite3_step(c->get);
	if (step == SQLITE_ROW) {
		blob = sqlite3_column_blob(c->get, 1);
		n = (size_t)sqlite3_column_bytes(c->get, 1);
		*body = xmalloc(n + 1);
		if (n > 0)
			memcpy(*body, blob, n);
		(*body)[n] = '\0';
		*len = n;
		*status = (long)sqlite3_column_int64(c->get, 0);
		rc = MR_OK;
	} else if (step == SQLITE_DONE) {
		rc = MR_ENOTFOUND;
	} else {
		rc = db_rc(c);
	}
	done(c->get);
out:
	if (rc == MR_OK)
		c->hits++;
	else
		c->misses++;
	return rc;
}

enum mr_rc
mr_cache_put(struct mr_cache *c, const char *key, const char *body,
    size_t len, long status, long ttl)
{
	sqlite3_stmt *st;
	sqlite3_int64 now;
	enum mr_rc rc = MR_OK;

	if (c == NULL || c->db == NULL)
		goto out;
	if (key == NULL || (body == NULL && len > 0) || len > INT_MAX) {
		rc = MR_EINVAL;
		goto out;
	}
	now = now_s();
	if (ttl > MAX_TTL)
		ttl = MAX_TTL;
	/* An entry that would live no time replaces the old one with none. */
	if (ttl <= 0) {
		if ((rc = prepare(c, &c->del, sql_del)) != MR_OK)
			goto out;
		st = c->del;
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	} else {
		if ((rc = prepare(c, &c->put, sql_put)) != MR_OK)
			goto out;
		st = c->put;
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, status);
		sqlite3_bind_blob(st, 3, len > 0 ? body : "", (int)len,
		    SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, now);
		sqlite3_bind_int64(st, 5, now + ttl);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_rc(c);
	done(st);
out:
	return rc;
}

enum mr_rc
mr_cache_purge(struct mr_cache *c, long *removed)
{
	enum mr_rc rc = MR_OK;

	if (removed != NULL)
		*removed = 0;
	if (c == NULL || c->db == NULL)
		goto out;
	if ((rc = prepare(c, &c->purge, sql_purge)) != MR_OK)
		goto out;
	sqlite3_bind_int64(c->purge, 1, now_s());
	if (sqlite3_step(c->purge) != SQLITE_DONE)
		rc = db_rc(c);
	else if (removed != NULL)
		*removed = (long)sqlite3_changes(mr_db_sqlite(c->db));
	done(c->purge);
out:
	return rc;
}

void
mr_cache_stats(const struct mr_cache *c, long *hits, long *misses)
{
	if (hits != NULL)
		*hits = c ? c->hits : 0;
	if (misses != NULL)
		*misses = c ? c->misses : 0;
}
