/*
 * resolve.h: the id chains for winning candidates (DESIGN.md 4.4, 7.3).
 *
 *   tv:     TMDb tv/{id}/external_ids -> Sonarr series/lookup?term=tmdb:N
 *           -> Sonarr series/lookup?term=<title> (matched by title+year)
 *   movie:  the TMDb id itself
 *   artist: MusicBrainz artist search artist:"name" (or Lidarr
 *           artist/lookup when configured, which has no 1/s limit)
 *   album:  MusicBrainz release-group search releasegroup:"X" AND
 *           artist:"Y" (or Lidarr album/lookup): the release group and
 *           its artist's MBID
 *
 * This module builds the Sonarr and Lidarr lookup requests (X-Api-Key
 * header, never the URL) and picks the right entry from lookup answers.
 * It never puts an id of one space in another: a show whose TVDB id is
 * not found keeps tvdb 0.  The TMDb and MusicBrainz requests come from
 * tmdb.h and musicbrainz.h; lib/classify.c runs the chain.
 */
#ifndef MR_RESOLVE_H
#define MR_RESOLVE_H

#include <stddef.h>

#include "hit.h"
#include "mr.h"
#include "ureq.h"

struct mr_config;
struct mr_resolver;

/* Always succeeds; Sonarr / Lidarr parts need [sonarr] / [lidarr] url
 * and api_key. */
struct mr_resolver *mr_resolver_new(const struct mr_config *cfg);
void mr_resolver_free(struct mr_resolver *r);

int mr_resolver_has_sonarr(const struct mr_resolver *r);
int mr_resolver_has_radarr(const struct mr_resolver *r);
int mr_resolver_has_lidarr(const struct mr_resolver *r);

/* GET <sonarr>/api/v3/series/lookup?term=... */
struct mr_ureq *mr_resolve_sonarr_lookup(const struct mr_resolver *r,
    const char *term);

/*
 * GET <radarr>/api/v3/movie/lookup?term=...: the movie source when TMDb
 * is not configured (Radarr's metadata is TMDb's).
 */
struct mr_ureq *mr_resolve_radarr_lookup(const struct mr_resolver *r,
    const char *term);

/* Radarr lookup items as movie hits (title, year, tmdb, imdb, votes). */
enum mr_rc mr_resolve_parse_radarr(const char *body, size_t len,
    struct mr_hits *out, struct mr_err *err);

/* GET <lidarr>/api/v1/artist/lookup or album/lookup (album != 0). */
struct mr_ureq *mr_resolve_lidarr_lookup(const struct mr_resolver *r,
    int album, const char *term);

/* Sonarr lookup items as TV hits (title, year, tvdb, tmdb, imdb, votes). */
enum mr_rc mr_resolve_parse_sonarr(const char *body, size_t len,
    struct mr_hits *out, struct mr_err *err);

/* Lidarr artist or album lookup items as hits (mbid, rg_mbid, votes). */
enum mr_rc mr_resolve_parse_lidarr(const char *body, size_t len, int album,
    struct mr_hits *out, struct mr_err *err);

/*
 * Pick the hit that is the named entity: the first (best ranked) whose
 * title, original title or an alias equals name (normalised; exact
 * before equivalent before one edit away), and for
 * albums whose artist equals artist when given; year (0: any) breaks ties
 * between equal titles and, for shows, must be within one year when both
 * are known.  tmdb_id > 0 picks a hit carrying it at once.  Returns the
 * index or -1.
 */
int mr_resolve_pick(const struct mr_hits *hs, enum mr_hit_kind kind,
    const char *name, const char *artist, int year, long tmdb_id);

/*
 * The only hit of kind whose title equals name (exact or equivalent), or
 * -1 when none or several: an album whose artist is credited under
 * another name ("Kanye West" on Spotify, "Ye" on MusicBrainz) is still
 * that album when no other has its title.
 */
int mr_resolve_pick_unique(const struct mr_hits *hs, enum mr_hit_kind kind,
    const char *name);

/* Check an ended Sonarr/Lidarr request ("sonarr.http", "lidarr.auth"). */
enum mr_rc mr_resolve_check(const struct mr_ureq *u, struct mr_err *err);

#endif
