/*
 * upstream.h: per-call outcomes of the upstreams and *arr services
 * during a run, kept in the events table (event 'upstream', request_id
 * NULL, detail {"service","status","latency_ms","attempts"[,"error"]}),
 * where mr-report reads its per-upstream calls, errors and latency.
 * Cache hits are not calls and are not recorded.
 */
#ifndef MR_UPSTREAM_H
#define MR_UPSTREAM_H

#include <stddef.h>

#include "mr.h"

struct mr_upstream;
struct mr_db;
struct mr_http_req;

struct mr_upstream *mr_upstream_new(void);
void mr_upstream_free(struct mr_upstream *u);	/* NULL: nothing */

/*
 * The observer to give mr_http_set_observer() with u as arg: remembers
 * r's service (label, else rate_key, else "other"), status, latency,
 * attempts and error code.  Safe to call from several threads.
 */
void mr_upstream_observe(void *u, const struct mr_http_req *r);

/* Calls remembered and not yet flushed. */
size_t mr_upstream_count(struct mr_upstream *u);

/*
 * Write the remembered calls as events rows by actor in one transaction
 * and forget them.  On failure nothing is written and they are kept.
 */
enum mr_rc mr_upstream_flush(struct mr_upstream *u, struct mr_db *db,
    const char *actor, struct mr_err *err);

#endif
