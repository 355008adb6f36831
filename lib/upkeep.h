/*
 * upkeep.h: keep the database small under a cron job that runs for years
 * (issue 9).  Once a day (meta key "upkeep_at", unix seconds): expired
 * HTTP cache entries removed (mr_cache_purge), events older than
 * [database] keep_events_days removed, rate-limit buckets idle for a day
 * removed, then PRAGMA optimize.  mr-process runs it after its work.
 */
#ifndef MR_UPKEEP_H
#define MR_UPKEEP_H

#include <time.h>

#include "mr.h"

struct mr_db;

#define MR_UPKEEP_INTERVAL	86400	/* seconds between runs */
#define MR_UPKEEP_KEEP_DAYS	400	/* [database] keep_events_days */

struct mr_upkeep_result {
	int ran;		/* 0: done less than a day ago, skipped */
	long cache_removed;
	long events_removed;
	long buckets_removed;
};

/*
 * Run the upkeep on db when the last run is a day or more before now (or
 * in the future: a clock set back), or always with force.  The check and
 * the deletions are one BEGIN IMMEDIATE transaction, so concurrent
 * callers run it once.  keep_days <= 0 means MR_UPKEEP_KEEP_DAYS.  *r is
 * always filled.  Errors: MR_EBUSY (try again next time), MR_EDB, MR_EIO.
 */
enum mr_rc mr_upkeep_run(struct mr_db *db, long keep_days, time_t now,
    int force, struct mr_upkeep_result *r, struct mr_err *err);

#endif
