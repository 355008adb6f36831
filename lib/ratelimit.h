/*
 * ratelimit.h: per-host request spacing shared by every media-route
 * process using one database (table ratelimit), so an mr-process from cron
 * and an interactive mr-classify together never exceed MusicBrainz's
 * 1 request/s.  Each bucket keeps a theoretical arrival time (GCRA with no
 * burst): a reservation returns the moment the caller may send, at least
 * 1/rate seconds after the previous reservation by anyone.
 */
#ifndef MR_RATELIMIT_H
#define MR_RATELIMIT_H

#include "mr.h"

struct mr_ratelimit;
struct mr_db;

/*
 * db (borrowed; free the limiter before closing db) may be NULL: limits
 * then hold within this process only.  Creation cannot fail.
 */
struct mr_ratelimit *mr_ratelimit_new(struct mr_db *db);
void mr_ratelimit_free(struct mr_ratelimit *rl);

/*
 * Reserve the next slot of bucket key at rate_per_s.  *at_wall gets the
 * wall-clock time (seconds, CLOCK_REALTIME) when the request may start
 * (now or later).  The reservation is made at once; the caller waits.
 * Slots are spaced 1.02 / rate_per_s apart (2% margin for servers that
 * count in a sliding window).  With a database this is one short
 * BEGIN IMMEDIATE transaction (or runs inside the caller's open one);
 * MR_EBUSY when the lock stays taken past the busy timeout, MR_EINVAL
 * for a rate that is not positive and finite.
 */
enum mr_rc mr_ratelimit_reserve(struct mr_ratelimit *rl, const char *key,
    double rate_per_s, double *at_wall, struct mr_err *err);

/* Push the bucket back: nobody sends before wall time until (Retry-After). */
enum mr_rc mr_ratelimit_block(struct mr_ratelimit *rl, const char *key,
    double until, struct mr_err *err);

#endif
