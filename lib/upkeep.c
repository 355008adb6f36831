/* upkeep.c: the daily clean-up of the database. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "cache.h"
#include "db.h"
#include "requests.h"
#include "upkeep.h"

/* Run sql binding one text or integer; *changes gets the rows touched. */
static enum mr_rc
delete_where(struct mr_db *db, const char *sql, const char *text,
    long long num, long *changes, struct mr_err *err)
{
	sqlite3 *h = mr_db_sqlite(db);
	sqlite3_stmt *st = NULL;
	enum mr_rc rc = MR_OK;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = mr_db_error(db, err, "upkeep: prepare");
		goto out;
	}
	if (text != NULL)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, num);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = mr_db_error(db, err, "upkeep: delete");
		goto out;
	}
	*changes = (long)sqlite3_changes(h);
out:
	sqlite3_finalize(st);
	return rc;
}

/* Is the last run (meta upkeep_at) less than a day before now? */
static int
recent(struct mr_db *db, time_t now)
{
	char *v, *end;
	long long last;
	int r = 0;

	if ((v = mr_db_meta_get(db, "upkeep_at")) == NULL)
		return 0;
	errno = 0;
	last = strtoll(v, &end, 10);
	if (errno == 0 && end != v && *end == '\0' && last <= (long long)now &&
	    (long long)now - last < MR_UPKEEP_INTERVAL)
		r = 1;
	free(v);
	return r;
}

enum mr_rc
mr_upkeep_run(struct mr_db *db, long keep_days, time_t now, int force,
    struct mr_upkeep_result *r, struct mr_err *err)
{
	struct mr_cache *cache = NULL;
	char cutoff[32], stamp[32];
	enum mr_rc rc;

	memset(r, 0, sizeof(*r));
	if (keep_days <= 0)
		keep_days = MR_UPKEEP_KEEP_DAYS;
	if ((rc = mr_db_begin(db, err)) != MR_OK)
		return rc;
	if (!force && recent(db, now))
		goto done;
	snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	if ((rc = mr_db_meta_set(db, "upkeep_at", stamp, err)) != MR_OK)
		goto fail;
	cache = mr_cache_new(db);
	if ((rc = mr_cache_purge(cache, &r->cache_removed)) != MR_OK) {
		rc = mr_db_error(db, err, "upkeep: cache");
		goto fail;
	}
	mr_requests_timefmt(now - (time_t)keep_days * 86400, cutoff,
	    sizeof(cutoff));
	if ((rc = delete_where(db, "DELETE FROM events WHERE at < ?", cutoff,
	    0, &r->events_removed, err)) != MR_OK)
		goto fail;
	/* A bucket idle for a day holds no debt: absent means the same. */
	if ((rc = delete_where(db, "DELETE FROM ratelimit WHERE tat < ?", NULL,
	    (long long)now - MR_UPKEEP_INTERVAL, &r->buckets_removed,
	    err)) != MR_OK)
		goto fail;
	r->ran = 1;
done:
	mr_cache_free(cache);
	cache = NULL;
	if ((rc = mr_db_commit(db, err)) != MR_OK)
		goto fail;
	if (r->ran)
		/* Statistics for the query planner; cheap when current. */
		rc = mr_db_exec(db, "PRAGMA optimize", err);
	return rc;
fail:
	mr_cache_free(cache);
	mr_db_rollback(db);
	memset(r, 0, sizeof(*r));
	return rc;
}
