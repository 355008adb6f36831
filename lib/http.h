/*
 * http.h: the only user of libcurl.  Requests run in batches on one curl
 * multi handle (parallel, connection reuse, keep-alive).  Every request
 * has a connect and a total timeout, a body size cap, the User-Agent
 * "media-route/VERSION" unless the caller sets another, and auth only in
 * headers (the caller puts TMDb's v3 api_key in the URL when nothing else
 * is configured; logs and cache keys never show it: mr_http_redact_url).
 *
 * Retry policy (here only): connection errors, timeouts, 429 and 5xx are
 * retried with exponential backoff and full jitter, honouring
 * Retry-After, until max_attempts or the request's deadline; other 4xx are
 * never retried.  Per-host rate limits come from the ratelimit module and
 * are shared by every process using the same database.
 *
 * Responses with a cache ttl are looked up in / stored to the cache
 * (cache module) by "METHOD redacted-URL".
 */
#ifndef MR_HTTP_H
#define MR_HTTP_H

#include <stddef.h>

#include "mr.h"

struct mr_http;
struct mr_cache;
struct mr_ratelimit;

struct mr_http_opts {
	long connect_timeout_ms;	/* default 5000 */
	long timeout_ms;		/* per attempt, default 20000 */
	size_t max_body;		/* default 8 MiB */
	int max_attempts;		/* default 4 (1 = no retry) */
	long backoff_ms;		/* first backoff, default 250 */
	long max_backoff_ms;		/* default 8000 */
	const char *ca_file;		/* NULL: system default */
	const char *user_agent;		/* NULL: "media-route/VERSION" */
	int max_parallel;		/* transfers at once, default 16 */
	struct mr_cache *cache;		/* NULL: no cache */
	struct mr_ratelimit *ratelimit;	/* NULL: no rate limiting */
};

enum mr_http_cache_mode {
	MR_CACHE_USE = 0,	/* read and write */
	MR_CACHE_REFRESH,	/* do not read, write the fresh answer */
	MR_CACHE_OFF,		/* neither read nor write */
};

#define MR_HTTP_MAX_HEADERS 8

struct mr_http_req {
	/* In: set by the caller (strings borrowed until the request ends). */
	const char *method;		/* NULL: GET */
	const char *url;
	const char *headers[MR_HTTP_MAX_HEADERS]; /* "Name: value", NULL-ended */
	const char *body;		/* POST/PUT body or NULL */
	size_t body_len;
	const char *rate_key;		/* ratelimit bucket ("musicbrainz") or NULL */
	double rate_per_s;		/* requests per second for that bucket */
	const char *label;		/* service name for statistics, or NULL
					   (then rate_key) */
	long cache_ttl;			/* seconds; 0: never cached */
	long cache_ttl_empty;		/* ttl when empty_fn says "no results" */
	int (*empty_fn)(const char *body, size_t len);
	enum mr_http_cache_mode cache_mode;
	long deadline_ms;		/* total including retries; 0: timeout x attempts */
	int no_retry;			/* do not retry (POSTs that must not repeat) */
	void *user;			/* caller's pointer, untouched */

	/* Out: filled when the request ends. */
	long status;			/* HTTP status; 0 when none */
	char *resp;			/* body, NUL-terminated; owned by req */
	size_t resp_len;
	char *content_type;		/* owned by req, may be NULL */
	long retry_after_s;		/* from the last answer, -1 if none */
	int attempts;			/* network attempts made */
	int from_cache;			/* answered by the cache */
	double elapsed_ms;		/* wall time from start to end */
	struct mr_err err;		/* rc MR_OK when a response arrived */
};

/* Create a client.  opts may be NULL (defaults). */
struct mr_http *mr_http_new(const struct mr_http_opts *opts);
void mr_http_free(struct mr_http *h);

/* Free what a finished request owns (resp, content_type); keeps inputs. */
void mr_http_req_release(struct mr_http_req *r);

/*
 * Run n requests in parallel and wait for all.  Each request's own
 * err/status tells its outcome; the return value is MR_OK unless the
 * batch itself could not run.
 */
enum mr_rc mr_http_run(struct mr_http *h, struct mr_http_req *reqs, size_t n);

/*
 * Incremental form: add requests, then take them as they finish, so a
 * caller can start a follow-up request the moment an answer arrives.
 * mr_http_add() starts r (r must stay valid until returned by next);
 * mr_http_next() waits for the next finished request and returns it, or
 * NULL when none is in flight.
 */
void mr_http_add(struct mr_http *h, struct mr_http_req *r);
struct mr_http_req *mr_http_next(struct mr_http *h);

/*
 * Call fn(arg, r) for every request of h that ends after going to the
 * network (not for cache hits), in the thread running the batch, before
 * mr_http_next() returns it.  fn must not start requests.  NULL: none.
 */
void mr_http_set_observer(struct mr_http *h,
    void (*fn)(void *arg, const struct mr_http_req *r), void *arg);

/* URL with secret query values masked ("api_key=***"); caller frees. */
char *mr_http_redact_url(const char *url);

/* Percent-encode s for a query value; caller frees. */
char *mr_http_escape(const char *s);

/* Is the status transient (429, 5xx)? */
int mr_http_status_transient(long status);

/*
 * Classify an ended request: MR_OK for 2xx; MR_EAUTH for 401/403;
 * MR_ERATE for 429; MR_EUNAVAIL for 5xx (transient: exit 4; a source that
 * says "slow down" with 503, as MusicBrainz does, maps it in its client); MR_EHTTP otherwise (err filled with
 * "<code_prefix>.http" and "HTTP <status> for <redacted path>").
 * Transport failures keep their rc: TLS verification is always on, and a
 * server certificate that does not verify (unknown CA, wrong name) is
 * MR_EAUTH, an unreadable ca_file MR_ECONFIG (exit 3: rerunning cannot
 * help until [http] ca_file is right); neither is retried.
 */
enum mr_rc mr_http_check(const struct mr_http_req *r, const char *code_prefix,
    struct mr_err *err);

#endif
