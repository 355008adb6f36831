/*
 * hit.h: one search result of any upstream source, as the source parsers
 * (tmdb, spotify, musicbrainz, resolve) read it, before scoring.  Fields a
 * source does not give stay 0 / NULL; has_* flags tell "absent" from 0
 * (Spotify Development Mode has no popularity or followers).
 */
#ifndef MR_HIT_H
#define MR_HIT_H

#include <stddef.h>

enum mr_hit_kind {
	MR_HIT_MOVIE = 0,
	MR_HIT_TV,
	MR_HIT_ARTIST,
	MR_HIT_ALBUM,
};

enum mr_hit_src {
	MR_HSRC_TMDB = 0,
	MR_HSRC_SPOTIFY,
	MR_HSRC_MUSICBRAINZ,
	MR_HSRC_SONARR,
	MR_HSRC_RADARR,
	MR_HSRC_LIDARR,
};

#define MR_HIT_MAX_ALT 4

struct mr_hit {
	enum mr_hit_kind kind;
	enum mr_hit_src source;
	int rank;		/* position in the source's answer, 0 first */
	char *title;		/* title / name */
	char *original_title;	/* may be NULL */
	char *alt[MR_HIT_MAX_ALT]; /* alternative titles / aliases */
	char *artist;		/* album: first credited artist */
	int year;		/* 0: unknown */
	double popularity;	/* TMDb popularity, Spotify 0..100 */
	int has_popularity;
	long votes;		/* TMDb vote_count, *arr ratings.votes */
	long followers;		/* Spotify followers.total */
	int has_followers;
	int score;		/* MusicBrainz search score 0..100 */
	int has_image;		/* poster / images present */
	long tmdb_id;
	long tvdb_id;		/* 0: unknown */
	char *imdb_id;
	char *spotify_id;
	char *artist_spotify_id; /* album: its first artist's Spotify id */
	char *mbid;		/* artist MBID (artist, or album's artist) */
	char *rg_mbid;		/* album: release-group MBID */
	char *type;		/* MB artist type, album / primary type */
	char *secondary;	/* MB secondary types joined by ',' */
	char *disambiguation;
	char *country;
};

struct mr_hits {
	struct mr_hit *v;
	size_t n, cap;
};

/* Append a zeroed hit and return it (owned by hs). */
struct mr_hit *mr_hits_add(struct mr_hits *hs);

/* Free every hit's strings and the array; hs is left empty. */
void mr_hits_release(struct mr_hits *hs);

/* Free one hit's strings (not the hit itself). */
void mr_hit_release(struct mr_hit *h);

/* Deep copy src into dst. */
void mr_hit_copy(struct mr_hit *dst, const struct mr_hit *src);

/* Year from "YYYY", "YYYY-MM-DD"...; 0 when absent or malformed. */
int mr_hit_year(const char *date);

/* "movie", "tv", "artist", "album" / "tmdb", "spotify", ... */
const char *mr_hit_kind_str(enum mr_hit_kind k);
const char *mr_hit_src_str(enum mr_hit_src s);

#endif
