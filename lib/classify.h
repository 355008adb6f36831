/*
 * classify.h: free text in, the classification record of DESIGN.md 3.3
 * out.  Orchestrates query parsing, the upstream searches (one parallel
 * round), scoring and id resolution (a second round for the winners).
 * A record answered while a source failed carries "unavailable": the
 * names of those sources ("tmdb", "spotify", ...), so that an unattended
 * caller can ask again later instead of acting on a partial answer.
 */
#ifndef MR_CLASSIFY_H
#define MR_CLASSIFY_H

#include <stddef.h>

#include <jansson.h>

#include "mr.h"

struct mr_classifier;
struct mr_config;
struct mr_db;

enum mr_media_mask {
	MR_TYPE_MOVIE = 1 << 0,
	MR_TYPE_TV = 1 << 1,
	MR_TYPE_MUSIC = 1 << 2,
	MR_TYPE_ANY = 7,
};

struct mr_classify_opts {
	int matches;		/* options listed, default 5 */
	int types;		/* enum mr_media_mask, 0 = any */
	int year;		/* 0 = none */
	double min_confidence;	/* below: answered as no match; < 0: unset */
	int no_cache;		/* bypass the cache entirely */
	int refresh;		/* do not read the cache, write fresh answers */
	int jobs;		/* queries in flight at once, default 8 */
	/* Called (may be NULL) each time a query of the batch is answered:
	 * done so far, of those answered with an error record. */
	void (*progress)(void *arg, size_t done, size_t errors);
	void *progress_arg;
};

void mr_classify_opts_init(struct mr_classify_opts *o);

/*
 * Build a classifier from the config, borrowing db (cache, rate limits,
 * Spotify token).  MR_ECONFIG when no source at all is configured.
 */
enum mr_rc mr_classifier_new(const struct mr_config *cfg, struct mr_db *db,
    struct mr_classifier **out, struct mr_err *err);
void mr_classifier_free(struct mr_classifier *c);

struct mr_http_req;

/* Observe every upstream call the classifier makes (mr_http_set_observer). */
void mr_classifier_set_observer(struct mr_classifier *c,
    void (*fn)(void *arg, const struct mr_http_req *r), void *arg);

/*
 * Classify n queries, up to opts->jobs at a time.  out[i] receives a new
 * reference to the record for queries[i] (an error record with "error"
 * when no answer was possible).  Returns MR_OK, or the rc of a failure
 * that stopped the whole batch (MR_EAUTH: bad credentials).
 */
enum mr_rc mr_classify_batch(struct mr_classifier *c,
    const struct mr_classify_opts *opts, const char *const *queries,
    size_t n, json_t **out, struct mr_err *err);

#endif
