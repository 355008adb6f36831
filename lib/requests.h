/*
 * requests.h: the request store and its state machine (DESIGN.md 3.5, 5,
 * 7.2).  One row of `requests` per request; every change of status writes
 * one row of `events` (time, actor, old and new status, detail JSON).
 *
 * The request record (mr-request, mr-process -p, --list, --show) is
 *   {"id","title","requested_by","priority","status","requested_at",
 *    "updated_at","media_type","arr_service","external_id",
 *    "confidence_score","attempts","next_attempt_at","last_error",
 *    "classification"}
 * with absent values as JSON null and times as UTC "YYYY-MM-DD HH:MM:SS".
 *
 * Workers claim due rows with a lease (owner, pid, host, expiry) in one
 * BEGIN IMMEDIATE transaction; a lease held by a dead pid on this host is
 * reclaimable at once.  Transitions made through a handle that holds the
 * lease on a row succeed only while the lease is still ours (or free).
 */
#ifndef MR_REQUESTS_H
#define MR_REQUESTS_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "mr.h"

struct mr_db;
struct mr_notify;
struct mr_requests;

/* Defaults of DESIGN.md 7.2 / 7.4. */
#define MR_REQ_MAX_ATTEMPTS	8
#define MR_REQ_BACKOFF_MIN	60		/* seconds */
#define MR_REQ_BACKOFF_MAX	(6 * 3600)	/* seconds */
#define MR_REQ_LEASE_SECONDS	300

/*
 * A store on db (borrowed).  actor names who acts in the events table,
 * e.g. "mr-process/alice"; copied.  Never fails.
 */
struct mr_requests *mr_requests_new(struct mr_db *db, const char *actor);
void mr_requests_free(struct mr_requests *s);

/* Settings: [process] max_attempts and lease_seconds. */
void mr_requests_set_limits(struct mr_requests *s, int max_attempts,
    long lease_seconds);

/*
 * Tests only: pretend the wall clock says now (0: the real clock) and
 * seed the jitter.  Every time the store writes comes from this clock.
 */
void mr_requests_set_clock(struct mr_requests *s, time_t now);
void mr_requests_set_seed(struct mr_requests *s, unsigned long seed);

/*
 * Run the [notify] hook (notify.h, borrowed, NULL: none) after each
 * committed change of status whose event it wants: sent, needs_review,
 * no_match, failed, retrying, cancelled.
 */
void mr_requests_set_notify(struct mr_requests *s, struct mr_notify *n);

/* The lease owner string of this handle ("host:pid:random"). */
const char *mr_requests_owner(const struct mr_requests *s);

/* Format t as "YYYY-MM-DD HH:MM:SS" UTC into buf (>= 20 bytes). */
void mr_requests_timefmt(time_t t, char *buf, size_t len);

/*
 * Parse an ISO 8601 date "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[Z]" (also
 * with a space) into the store's text form.  MR_EINVAL when malformed.
 */
enum mr_rc mr_requests_parse_date(const char *s, char *buf, size_t len,
    struct mr_err *err);

/* The normalised form of a title used for duplicate detection. */
char *mr_requests_title_norm(const char *title);

/*
 * Backoff before attempt number `attempts` + 1, attempts >= 1: b = 60 s
 * doubling to 6 h; u in [0, 1] picks the jitter within b +- 20 %, kept
 * within [60 s, 6 h]; retry_after (seconds, < 0 none) is a minimum that
 * may exceed 6 h.  Pure.
 */
long mr_requests_backoff(int attempts, long retry_after, double u);

struct mr_request_in {
	const char *title;		/* or the classification's query */
	const char *requested_by;	/* may be NULL */
	const char *priority;		/* low, medium, high; NULL: Medium */
	const char *forced_type;	/* movie|tv|music or NULL */
	const char *forced_service;	/* radarr|sonarr|lidarr or NULL */
	const char *instance;		/* config section ("radarr:4k") or
					   NULL: stored in arr_instance */
	const json_t *classification;	/* a 3.3 record (borrowed) or NULL */
	const char *origin;		/* free text ("argv", "<stdin>:3") */
	int dry_run;			/* decide, but store nothing */
};

/*
 * Store a new Pending request, unless it is a duplicate (DESIGN.md 7.2):
 * its normalised title matches an open request (Pending or NeedsReview),
 * or its classification's best (service, external id) was already sent.
 * *rec gets the stored record, or for a duplicate the existing record
 * with "duplicate_of": ID.  A classification that is an error record is
 * ignored (the query is stored as Pending to classify later); a good one
 * is kept (media_type, arr_service, external_id, confidence_score
 * filled).  MR_EINVAL for an empty title or a bad priority/type/service.
 */
enum mr_rc mr_requests_add(struct mr_requests *s,
    const struct mr_request_in *in, json_t **rec, struct mr_err *err);

/* The record of request id; MR_ENOTFOUND when there is none. */
enum mr_rc mr_requests_get(struct mr_requests *s, long id, json_t **rec,
    struct mr_err *err);

/* As mr_requests_get, plus "events": [{at, actor, event, old_status,
 * new_status, detail}] oldest first. */
enum mr_rc mr_requests_show(struct mr_requests *s, long id, json_t **rec,
    struct mr_err *err);

struct mr_request_filter {
	const char *status;		/* exact status or NULL */
	const char *service;		/* radarr|sonarr|lidarr or NULL */
	const char *since;		/* store time text; requested_at >= */
	const char *requested_by;	/* exact or NULL */
	const char *updated_since;	/* store time text; updated_at >= */
	const char *instance;		/* arr_instance ("radarr:4k") or NULL */
	long limit;			/* 0: no limit */
	int failed_only;		/* only Failed (--failed) */
};

/* Records matching f (may be NULL), oldest first, as a new JSON array. */
enum mr_rc mr_requests_list(struct mr_requests *s,
    const struct mr_request_filter *f, json_t **arr, struct mr_err *err);

/*
 * Claim up to limit (<= 0: no limit) due requests, or only request id
 * when id > 0: Pending, next_attempt_at NULL or passed (any time for an
 * explicit id: a person asked for it now), no live lease.
 * Highest priority first, then oldest.  In one BEGIN IMMEDIATE
 * transaction.  *ids is a new array of *n ids (free() it; NULL when 0).
 * MR_EBUSY when the database stayed locked.
 */
enum mr_rc mr_requests_claim(struct mr_requests *s, long limit, long id,
    long **ids, size_t *n, struct mr_err *err);

/*
 * As mr_requests_claim, but take no lease and change nothing (dry runs);
 * with id > 0, the request when it is Pending, due or not.
 */
enum mr_rc mr_requests_due(struct mr_requests *s, long limit, long id,
    long **ids, size_t *n, struct mr_err *err);

/*
 * Use owner as this handle's lease owner (worker threads of one run
 * share the lease its claim took).  Copied.
 */
void mr_requests_set_owner(struct mr_requests *s, const char *owner);

/* The forced type and service of request id ("" when none). */
enum mr_rc mr_requests_forced(struct mr_requests *s, long id, char *type,
    size_t tlen, char *service, size_t slen, struct mr_err *err);

/* Extend the expiry of every lease this handle holds. */
enum mr_rc mr_requests_renew(struct mr_requests *s, struct mr_err *err);

/* Drop this handle's lease on id (id 0: on every row), status unchanged. */
enum mr_rc mr_requests_release(struct mr_requests *s, long id,
    struct mr_err *err);

/*
 * Store a classification (3.3 record, borrowed) on request id: the
 * classification_data and the media_type, arr_service, external_id,
 * confidence_score of its best (NULLs when best is null).  One event
 * named event (NULL: "classified") with the best as detail.  Status
 * unchanged.  MR_EINVAL when best has an unknown media_type or service.
 */
enum mr_rc mr_requests_set_classification(struct mr_requests *s, long id,
    const json_t *cls, const char *event, struct mr_err *err);

/*
 * Transitions.  Each sets status and updated_at, clears the lease, and
 * writes an event with detail (borrowed, may be NULL).  MR_ENOTFOUND
 * when the row is gone or its lease is held by another worker.
 */
/* SentToRadarr|SentToSonarr|SentToLidarr by arr_service; sent_at. */
enum mr_rc mr_requests_mark_sent(struct mr_requests *s, long id,
    const json_t *detail, struct mr_err *err);
/* As mark_sent, recording the instance section ("radarr:4k"; NULL: the
 * plain service) in arr_instance. */
enum mr_rc mr_requests_mark_sent_to(struct mr_requests *s, long id,
    const char *instance, const json_t *detail, struct mr_err *err);
/* NeedsReview with the reason in last_error (options stay stored). */
enum mr_rc mr_requests_mark_review(struct mr_requests *s, long id,
    const char *reason, const json_t *detail, struct mr_err *err);
enum mr_rc mr_requests_mark_nomatch(struct mr_requests *s, long id,
    const json_t *detail, struct mr_err *err);
/* Failed at once (400 validation, ...), reason in last_error. */
enum mr_rc mr_requests_mark_failed(struct mr_requests *s, long id,
    const char *reason, const json_t *detail, struct mr_err *err);
/*
 * A transient failure: attempts + 1, next_attempt_at = now + backoff
 * (retry_after seconds as a minimum, < 0: none), last_error = reason;
 * once attempts reaches max_attempts: Failed.  *failed (may be NULL) is
 * set to 1 in that case.
 */
enum mr_rc mr_requests_retry_later(struct mr_requests *s, long id,
    const char *reason, long retry_after, const json_t *detail, int *failed,
    struct mr_err *err);
/* Cancelled (from Pending, NeedsReview, NoMatch or Failed). */
enum mr_rc mr_requests_cancel(struct mr_requests *s, long id,
    struct mr_err *err);
/*
 * Cancelled from any status but Cancelled (mr-request --cancel), a sent
 * one too: the item stays in the *arr service (nothing is removed there)
 * and the event's detail says so ({"was","arr_service","removed":false}).
 * was (len bytes, may be NULL) gets the status before.  MR_EINVAL when
 * already Cancelled, MR_ENOTFOUND when there is no such request.
 */
enum mr_rc mr_requests_withdraw(struct mr_requests *s, long id, char *was,
    size_t len, struct mr_err *err);

/*
 * Back to Pending for another go (mr-reclassify, mr-backfill): attempts
 * 0, next_attempt_at and last_error cleared.  cls (borrowed) replaces the
 * classification; with cls NULL and forget set, the classification is
 * dropped so that mr-process classifies again.  event names the reason
 * ("reclassified", "backfilled").  Sent and Cancelled requests are
 * refused with MR_EINVAL unless allow_sent (a person chose a new target
 * for a request sent to the wrong one).
 */
enum mr_rc mr_requests_reset(struct mr_requests *s, long id,
    const json_t *cls, int forget, int allow_sent, const char *event,
    struct mr_err *err);

/* Append an event without a change of status (old = new = current). */
enum mr_rc mr_requests_note(struct mr_requests *s, long id,
    const char *event, const json_t *detail, struct mr_err *err);

/*
 * Ids of requests that need backfilling (mr-backfill): classified, with a
 * best match but external_id NULL, or arr_service sonarr with id_source
 * tmdb; not Sent or Cancelled.  Up to limit (<= 0: all).
 */
enum mr_rc mr_requests_backfill_ids(struct mr_requests *s, long limit,
    long **ids, size_t *n, struct mr_err *err);

#endif
