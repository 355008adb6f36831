/*
 * arr_internal.h: the pure parts of arr.c (body building, answer
 * parsing), exposed for tests/unit/check_arr.c.  Not for other modules.
 */
#ifndef MR_ARR_INTERNAL_H
#define MR_ARR_INTERNAL_H

#include <stddef.h>

#include <jansson.h>

#include "arr.h"

/* Settings resolved for one add (ids, not names). */
struct mr_arr_addopts {
	enum mr_arr_kind kind;
	int sonarr_major;		/* 3: no monitorNewItems sent */
	const char *root_path;
	long quality_profile_id;
	long language_profile_id;	/* Sonarr, 0 = not sent */
	long metadata_profile_id;	/* Lidarr */
	const char *series_type;	/* Sonarr */
	const char *monitor;		/* addOptions.monitor */
	int monitored;			/* the item's monitored flag */
	int search;			/* search on add */
	const char *minimum_availability; /* Radarr */
	long tag_id;			/* 0 = no tag */
};

/*
 * The POST body for a series, movie or artist: a copy of the lookup
 * object plus the add fields.  Sonarr with nseasons > 0 monitors exactly
 * those seasons (addOptions without "monitor", so Sonarr keeps the
 * season flags).  New reference.
 */
json_t *mr_arr_build_add_body(const json_t *lookup,
    const struct mr_arr_addopts *o, const int *seasons, size_t nseasons);

/*
 * Lidarr POST album body for release group rg from an album lookup item.
 * artist_present: the embedded artist is a library copy (sent as it is,
 * gaps filled from o); else the artist is added with only this album
 * monitored (albumsToMonitor, monitorNewItems none).  New reference.
 */
json_t *mr_arr_build_album_body(const json_t *album, const char *rg,
    const struct mr_arr_addopts *o, int artist_present);

/*
 * Set the series' seasons monitored: the listed ones true; the others
 * false when exclusive, untouched otherwise; listed seasons missing from
 * the array are appended.  Returns the number of flags changed.
 */
int mr_arr_apply_seasons(json_t *series, const int *seasons, size_t n,
    int exclusive);

/* Does the seasons array hold an entry for season n? */
int mr_arr_season_listed(const json_t *seasons, int n);

/*
 * A readable reason from an error answer: a 400 validation array
 * ("TvdbId: A series with this ID was not found"; several joined by
 * "; "), problem details ("$.x: msg"), {"message"}, or the raw text cut
 * short.  body may be NULL (then text is used); buf always terminated.
 */
void mr_arr_reason(const json_t *body, const char *text, char *buf,
    size_t n);

/* Does this 400 answer say the item has already been added? */
int mr_arr_already_added(const json_t *body);

/* A tag label from a requester name: lower case [a-z0-9-]; "" if none. */
void mr_arr_tag_label(const char *name, char *buf, size_t n);

/* Is s a MusicBrainz id (8-4-4-4-12 hex)? */
int mr_arr_is_mbid(const char *s);

/* Major version number from "4.0.19.0"; 0 when unreadable. */
int mr_arr_version_major(const char *version);

/*
 * Pick a profile or root folder from a list: want is a name (any case) or
 * an id; NULL/empty picks the first.  For root folders (is_path) want is
 * compared with "path", a trailing '/' ignored.  Returns the item
 * (borrowed) or NULL.
 */
const json_t *mr_arr_pick(const json_t *list, const char *want, int is_path);

#endif
