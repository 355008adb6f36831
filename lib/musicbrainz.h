/*
 * musicbrainz.h: MusicBrainz ws/2 search and lookup requests and
 * response parsers (api-shapes.md section 3).  Every request carries the
 * configured User-Agent and fmt=json and goes through the shared rate
 * bucket "musicbrainz" ([musicbrainz] rate, at most and by default 1 per
 * second, less 5 % so that network jitter never packs two requests into
 * one second at the server).
 * User text is quoted and Lucene specials escaped.
 */
#ifndef MR_MUSICBRAINZ_H
#define MR_MUSICBRAINZ_H

#include <stddef.h>

#include "hit.h"
#include "mr.h"
#include "ureq.h"

struct mr_config;
struct mr_mb;

/* Always succeeds: MusicBrainz needs no key. */
struct mr_mb *mr_mb_new(const struct mr_config *cfg);
void mr_mb_free(struct mr_mb *mb);

/*
 * Artist search.  exact != 0: artist:"name" OR alias:"name"; else the words
 * of name, escaped (Lucene OR).  limit 1..100.
 */
struct mr_ureq *mr_mb_search_artist(const struct mr_mb *mb,
    const char *name, int exact, int limit);

/*
 * Release-group search: releasegroup:"title" [AND artist:"artist"]
 * (artist may be NULL).
 */
struct mr_ureq *mr_mb_search_rg(const struct mr_mb *mb, const char *title,
    const char *artist, int limit);

/* Lookup artist/{mbid} or release-group/{mbid} (rg != 0). */
struct mr_ureq *mr_mb_lookup(const struct mr_mb *mb, int rg,
    const char *mbid);

/* Escape Lucene specials of s with a backslash; caller frees. */
char *mr_mb_escape(const char *s);

/* Append artists of an artist search (or one looked-up artist). */
enum mr_rc mr_mb_parse_artists(const char *body, size_t len, size_t max,
    struct mr_hits *out, struct mr_err *err);

/* Append release groups of a search (or one looked-up release group). */
enum mr_rc mr_mb_parse_rgs(const char *body, size_t len, size_t max,
    struct mr_hits *out, struct mr_err *err);

/* 1 when a search body has count 0 / no items. */
int mr_mb_empty(const char *body, size_t len);

/*
 * Check an ended request ("musicbrainz.http", ...); a 503 is MR_ERATE
 * ("musicbrainz.rate_limited"), MusicBrainz's answer to going too fast.
 */
enum mr_rc mr_mb_check(const struct mr_ureq *u, struct mr_err *err);

/* Is s an MBID (8-4-4-4-12 hex)? */
int mr_mb_is_mbid(const char *s);

#endif
