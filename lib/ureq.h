/*
 * ureq.h: an upstream request that owns its strings.  struct mr_http_req
 * borrows url, headers and body; the source modules (tmdb, spotify,
 * musicbrainz, resolve) build requests whose strings must live until the
 * request ends, so they hang them on a struct mr_ureq.  The http member
 * comes first and http.user points back at the mr_ureq, so the pointer
 * mr_http_next() returns leads back to it.
 */
#ifndef MR_UREQ_H
#define MR_UREQ_H

#include "http.h"
#include "mr.h"

struct mr_ureq {
	struct mr_http_req http;	/* first: (struct mr_ureq *)req */
	char *url;
	char *hdr[MR_HTTP_MAX_HEADERS];
	char *body;
	int nhdr;
	/* The caller's bookkeeping, untouched here. */
	int kind;
	long arg;
	void *owner;
	void *data;
};

/* A new zeroed request; http.user points at it. */
struct mr_ureq *mr_ureq_new(void);

/* Free the request, its strings and its response (NULL: nothing). */
void mr_ureq_free(struct mr_ureq *u);

/* Set the URL (takes ownership of url_take). */
void mr_ureq_set_url(struct mr_ureq *u, char *url_take);

/* Append a header "Name: value" (printf-like); ignored past the limit. */
void mr_ureq_header(struct mr_ureq *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Set a POST body (copied) and the method. */
void mr_ureq_set_body(struct mr_ureq *u, const char *method,
    const char *body);

/*
 * Join base (no trailing slash needed) and path: "base/path".  Caller
 * frees.
 */
char *mr_ureq_join(const char *base, const char *path);

/*
 * The cache key the http module uses for this request ("METHOD
 * redacted-URL"); caller frees.
 */
char *mr_ureq_cache_key(const struct mr_ureq *u);

/*
 * Classify an ended request: MR_OK for 2xx, else the failure in err with
 * code "<prefix>.<kind>" (kind: auth, rate_limited, network, timeout,
 * http) and the message "<prefix>: HTTP 503 for /path" or the transport
 * error.  detail (may be NULL) is appended to the message.
 */
enum mr_rc mr_ureq_check(const struct mr_ureq *u, const char *prefix,
    const char *detail, struct mr_err *err);

/* Set the cache ttls of u. */
void mr_ureq_cache(struct mr_ureq *u, long ttl, long ttl_empty,
    int (*empty_fn)(const char *, size_t));

#endif
