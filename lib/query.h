/*
 * query.h: parse a free-text media request (DESIGN.md 4.1).  Pure: no I/O.
 *
 * "Dune (2021)", "Dune 1984", "Fargo tv series", "Hannibal season 2",
 * "Dexter S02E05", "The Batman movie", "the movie Pacific Rim",
 * "Fifty Shades of Grey (film)", "Thriller album", "album Thriller",
 * "Abbey Road by The Beatles", "songs by Queen", "Queen band",
 * "Frozen soundtrack", "tt0773262", "tmdb:tv/1405", "tvdb:79349",
 * "mbid:<uuid>", themoviedb.org / imdb.com / thetvdb.com / musicbrainz.org
 * / open.spotify.com links.
 *
 * A parse keeps two readings of the text: the primary one (title with
 * year, hints and ids removed) and, when it differs, the literal one (the
 * whole cleaned text as a title, no year, no hint), because "Blade Runner
 * 2049", "1984", "Scary Movie" and "Ongaku Shoujo (2018)" are titles.  The
 * scorer tries both and keeps the better.
 */
#ifndef MR_QUERY_H
#define MR_QUERY_H

#include <stddef.h>

#include "mr.h"

enum mr_media {
	MR_MEDIA_NONE = 0,	/* no hint / unknown */
	MR_MEDIA_MOVIE,
	MR_MEDIA_TV,
	MR_MEDIA_MUSIC,
};

enum mr_music_kind {
	MR_MUSIC_NONE = 0,
	MR_MUSIC_ARTIST,
	MR_MUSIC_ALBUM,
};

enum mr_id_kind {
	MR_ID_NONE = 0,
	MR_ID_IMDB,		/* "tt0773262" (movie or tv) */
	MR_ID_TMDB,		/* "1405", movie or tv not said */
	MR_ID_TMDB_MOVIE,	/* "603" */
	MR_ID_TMDB_TV,		/* "1405" */
	MR_ID_TVDB,		/* "79349" */
	MR_ID_TVDB_SLUG,	/* "dexter" from thetvdb.com/series/dexter */
	MR_ID_MBID,		/* a MusicBrainz UUID, entity not said */
	MR_ID_MB_ARTIST,	/* artist MBID */
	MR_ID_MB_RELEASE_GROUP,	/* release-group MBID */
	MR_ID_SPOTIFY_ARTIST,	/* 22-char base62 */
	MR_ID_SPOTIFY_ALBUM,
};

#define MR_QUERY_MAX_SEASONS 64

struct mr_query {
	char *text;		/* input, cleaned (mr_text_clean), trimmed */
	char *title;		/* primary reading: what to search for */
	char *norm;		/* mr_text_norm(title) */
	char *key;		/* mr_text_norm_key(title) */
	char *literal;		/* literal reading: the cleaned text with
				   only an id or link removed; NULL when it
				   equals title or is empty */
	char *literal_norm;	/* its normal form, NULL with literal */
	int year;		/* 0: none */
	int year_explicit;	/* 1: "(1984)" or given by the caller;
				   0: a bare trailing number that may also be
				   part of the title */
	enum mr_media type_hint;
	enum mr_music_kind music_kind;	/* with type_hint MUSIC (or NONE) */
	int soundtrack;		/* "soundtrack", "OST": an album, and the
				   title is the film's */
	int seasons[MR_QUERY_MAX_SEASONS];	/* ascending, no repeats */
	size_t nseasons;
	int episode;		/* S02E05 -> 5; 0 none */
	char *by;		/* "X by Y": the artist Y; NULL none */
	enum mr_id_kind id_kind;
	char *id;		/* the id's value; NULL with MR_ID_NONE */
};

/* Set every field to "nothing" (NULL, 0). */
void mr_query_init(struct mr_query *q);

/* Free what q owns and mr_query_init() it again. */
void mr_query_release(struct mr_query *q);

/*
 * Parse text (any bytes; at most MR_QUERY_MAX_INPUT are read) into q,
 * which must be initialised; whatever it held is released first.  Never
 * fails on odd input: returns MR_OK, or MR_EINVAL (err filled, q still
 * valid with empty strings) when nothing usable remains: no title and no
 * id.  A caller's explicit type or year (mr-classify -t/-y) is applied
 * afterwards by setting type_hint / year and year_explicit = 1.
 */
enum mr_rc mr_query_parse(struct mr_query *q, const char *text,
    struct mr_err *err);

#define MR_QUERY_MAX_INPUT 4096

/* "movie", "tv", "music", or NULL for MR_MEDIA_NONE. */
const char *mr_media_str(enum mr_media m);
/* "radarr", "sonarr", "lidarr", or NULL. */
const char *mr_media_service(enum mr_media m);
/* "artist", "album", or NULL. */
const char *mr_music_kind_str(enum mr_music_kind k);
/* "imdb", "tmdb", "tmdb_movie", "tmdb_tv", "tvdb", "tvdb_slug", "mbid",
 * "mb_artist", "mb_release_group", "spotify_artist", "spotify_album", or
 * NULL. */
const char *mr_id_kind_str(enum mr_id_kind k);

#endif
