/*
 * cache.h: HTTP response cache in the database (table http_cache).
 * Keys are "METHOD redacted-URL": never a secret.  Entries carry an
 * expiry; expired entries are ignored on read and removed by
 * mr_cache_purge().
 */
#ifndef MR_CACHE_H
#define MR_CACHE_H

#include <stddef.h>

#include "mr.h"

struct mr_cache;
struct mr_db;

/*
 * A cache over db (borrowed: free the cache before closing db).  db may
 * be NULL: then nothing is stored and every lookup misses.  Statements
 * are prepared on first use, so creation cannot fail.  A NULL cache is
 * accepted by every function below and behaves like one without db.
 */
struct mr_cache *mr_cache_new(struct mr_db *db);
void mr_cache_free(struct mr_cache *c);

/*
 * Look key up.  On a fresh hit return MR_OK with *body (caller frees,
 * NUL-terminated), *len and *status set; MR_ENOTFOUND on a miss.
 */
enum mr_rc mr_cache_get(struct mr_cache *c, const char *key, char **body,
    size_t *len, long *status);

/*
 * Store (replace) an entry living ttl seconds (ttl <= 0 removes the key).
 * Database failures come back as mr_db_error() codes (MR_EBUSY, MR_EIO,
 * ...); callers may treat them as "not cached".
 */
enum mr_rc mr_cache_put(struct mr_cache *c, const char *key, const char *body,
    size_t len, long status, long ttl);

/* Remove expired entries; *removed (may be NULL) gets the count. */
enum mr_rc mr_cache_purge(struct mr_cache *c, long *removed);

/* Counters since creation (tests and -v output). */
void mr_cache_stats(const struct mr_cache *c, long *hits, long *misses);

#endif
