/*
 * tmdb.h: TMDb v3 requests and response parsers (api-shapes.md section 1).
 * Builders fill a struct mr_ureq (URL, auth, rate bucket "tmdb", cache
 * ttls); the caller runs it with the http module and hands the body to a
 * parser.  Auth: the read access token as "Authorization: Bearer" when
 * configured, else the v3 api_key as a URL parameter (the cache key and
 * logs redact it).  Parsers are pure and tolerate missing optional
 * fields (release_date "", no poster, no media_type).
 */
#ifndef MR_TMDB_H
#define MR_TMDB_H

#include <stddef.h>

#include "hit.h"
#include "mr.h"
#include "ureq.h"

struct mr_config;
struct mr_tmdb;

/* NULL when neither [tmdb] read_access_token nor api_key is set. */
struct mr_tmdb *mr_tmdb_new(const struct mr_config *cfg);
void mr_tmdb_free(struct mr_tmdb *t);

/*
 * GET search/movie or search/tv (tv != 0); year 0: no year filter.  Sends
 * [tmdb] language (default en-US) and, for movies, [tmdb] region.
 */
struct mr_ureq *mr_tmdb_search(const struct mr_tmdb *t, int tv,
    const char *title, int year);

/* GET tv/{id}/external_ids or movie/{id}/external_ids. */
struct mr_ureq *mr_tmdb_external_ids(const struct mr_tmdb *t, int tv,
    long id);

/* GET movie/{id} or tv/{id} with append_to_response=external_ids. */
struct mr_ureq *mr_tmdb_details(const struct mr_tmdb *t, int tv, long id);

/* GET movie/{id}/alternative_titles or tv/{id}/alternative_titles. */
struct mr_ureq *mr_tmdb_alt_titles(const struct mr_tmdb *t, int tv,
    long id);

/*
 * From an alternative_titles body ("titles" for a movie, "results" for a
 * show), add to h->alt's free slots the distinct titles that name query
 * closely (mr_text_title_match <= MR_TEXT_TYPO).  MR_EPARSE when the body
 * has neither array.
 */
enum mr_rc mr_tmdb_parse_alt_titles(const char *body, size_t len,
    const char *query, struct mr_hit *h, struct mr_err *err);

/* GET find/{id}?external_source=src ("imdb_id", "tvdb_id"). */
struct mr_ureq *mr_tmdb_find(const struct mr_tmdb *t, const char *id,
    const char *src);

/*
 * Append the results of a search/movie or search/tv body to out (at most
 * max; 0: all).  MR_EPARSE when the body is not a paged search answer.
 */
enum mr_rc mr_tmdb_parse_search(const char *body, size_t len, int tv,
    size_t max, struct mr_hits *out, struct mr_err *err);

/*
 * Read an external_ids body (or the external_ids of a details body):
 * *tvdb gets tvdb_id (0 when null or absent), *imdb a new string or NULL.
 */
enum mr_rc mr_tmdb_parse_external_ids(const char *body, size_t len,
    long *tvdb, char **imdb, struct mr_err *err);

/* A details body (with appended external_ids) as one hit. */
enum mr_rc mr_tmdb_parse_details(const char *body, size_t len, int tv,
    struct mr_hits *out, struct mr_err *err);

/* A find body: its movie_results and tv_results (persons skipped). */
enum mr_rc mr_tmdb_parse_find(const char *body, size_t len,
    struct mr_hits *out, struct mr_err *err);

/* 1 when a search body has no results (cache ttl_negative). */
int mr_tmdb_empty(const char *body, size_t len);

/*
 * Classify an ended TMDb request: MR_OK, or the failure with code
 * "tmdb.http"/"tmdb.auth"... and TMDb's status_message when it has one.
 */
enum mr_rc mr_tmdb_check(const struct mr_ureq *u, struct mr_err *err);

#endif
