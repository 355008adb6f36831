/*
 * process.h: one mr-process run (DESIGN.md 5, 7.2).  Claims due requests
 * with a lease, classifies those without a classification (classify.h),
 * decides (send, NeedsReview, NoMatch), sends through the *arr clients
 * (arr.h) and records every outcome in the request store (requests.h).
 *
 * Sends run on up to jobs worker threads, each with its own database
 * connection, HTTP client and *arr handles; the lease taken by the run
 * covers them all and is renewed while they work.  A 401/403 or a
 * configuration error from a service stops the run for that service: its
 * requests stay Pending with no attempt counted (leases released), the
 * other services' requests go on, and the run reports MR_EAUTH or
 * MR_ECONFIG (exit 3).  A source refusing its key stops the whole run.
 */
#ifndef MR_PROCESS_H
#define MR_PROCESS_H

#include <stddef.h>

#include <jansson.h>

#include "mr.h"

struct mr_config;
struct mr_db;
struct mr_notify;

struct mr_process_opts {
	long limit;		/* rows to claim, <= 0: all due */
	long id;		/* only this request, 0: any due */
	int jobs;		/* sends at once (and classify jobs), >= 1 */
	int dry_run;		/* claim nothing, classify, send nothing */
	int want_records;	/* fill res->records */
	const char *actor;	/* events actor, "mr-process/alice" */
	struct mr_notify *notify; /* [notify] hook (borrowed) or NULL */
	/* Called (may be NULL) each time a claimed request is settled:
	 * settled so far, claimed, of those failed or retrying.  From any
	 * worker thread, one call at a time. */
	void (*progress)(void *arg, size_t done, size_t total, size_t errors);
	void *progress_arg;
};

void mr_process_opts_init(struct mr_process_opts *o);

struct mr_process_result {
	json_t *records;	/* request records changed (want_records) */
	json_t *failures;	/* [{"id", "reason"}] that became Failed */
	size_t claimed;
	size_t sent;
	size_t review;
	size_t nomatch;
	size_t failed;		/* Failed in this run (400, max attempts) */
	size_t retrying;	/* transient: back off and retry later */
	int stopped;		/* 401/403 or configuration stopped (part of)
				   the run */
	struct mr_err stop_err;	/* why, when stopped */
	struct mr_err last_transient; /* the last transient failure */
};

void mr_process_result_release(struct mr_process_result *r);

/*
 * The exit code of DESIGN.md 3.1 for a run that returned rc: 3 when a
 * service refused credentials or configuration, 4 when a service was
 * unreachable (requests retry later) or the database was busy, 1 when
 * requests failed or matched nothing, else 0.
 */
int mr_process_exit(enum mr_rc rc, const struct mr_process_result *r);

/*
 * Run once over the database db (borrowed; its [database] path is opened
 * again by worker threads).  Returns MR_OK when the run went through,
 * even when requests failed (see *res), MR_EAUTH or MR_ECONFIG when a
 * service refused the credentials or the configuration (res->stop_err),
 * MR_EBUSY when the database stayed locked, other codes for database
 * errors.  res is filled in every case (release it).
 */
enum mr_rc mr_process_run(const struct mr_config *cfg, struct mr_db *db,
    const struct mr_process_opts *o, struct mr_process_result *res,
    struct mr_err *err);

/*
 * The config section a request is sent to (buf, len bytes): its own
 * instance (asked, from mr-request --instance; may be NULL) when of the
 * best's service; else for an anime show ("is_anime") [routing]
 * anime_instance; else [routing] movie_instance, tv_instance or
 * music_instance by media_type; a rule naming another service is
 * ignored.  Otherwise the plain service ("radarr").  "" when best has no
 * service.
 */
void mr_process_instance(const struct mr_config *cfg, const char *asked,
    const json_t *best, char *buf, size_t len);

enum mr_route {
	MR_ROUTE_SEND = 0,
	MR_ROUTE_REVIEW,
	MR_ROUTE_NOMATCH,
};

/*
 * Pure: what to do with a classification record.  NoMatch when best is
 * null; NeedsReview when ambiguous, best.confidence < min_confidence, no
 * service or external id, or a TV id that is not a TVDB id; a best marked
 * "manual": true (chosen by a person) is sent when it has an id.  reason
 * (len bytes) gets the readable why for NeedsReview.
 */
enum mr_route mr_process_decide(const json_t *cls, double min_confidence,
    char *reason, size_t len);

#endif
