/*
 * arr.h: clients for Sonarr (API v3; app v3 and v4), Radarr (API v3) and
 * Lidarr (API v1) over lib/http.h.
 *
 * The key travels only in the X-Api-Key header, never in a URL; bodies
 * are JSON with "Content-Type: application/json".  A handle is built from
 * one config section ("sonarr", or an instance such as "sonarr:anime";
 * the kind comes from the part before ':').  Keys read from that section
 * (DESIGN.md 3.4 and 7.4; defaults in brackets):
 *
 *   url, api_key                     required
 *   root_folder      [first listed]  path of an existing root folder
 *   quality_profile  [first listed]  name or id
 *   language_profile [first listed]  Sonarr; name or id
 *   metadata_profile [first listed]  Lidarr; name or id
 *   series_type      [standard]      Sonarr: standard|daily|anime
 *   anime_root_folder, anime_quality_profile   Sonarr, for is_anime adds
 *   monitor          Sonarr [all] (addOptions.monitor), Radarr [true]
 *                    (true|false or movieOnly|movieAndCollection|none),
 *                    Lidarr [all] (addOptions.monitor)
 *   search_on_add    [true]          search on add; for a present item,
 *                                    a SeasonSearch / AlbumSearch of what
 *                                    the request newly monitored
 *   minimum_availability [released]  Radarr
 *   tag_requester    [false]         tag each add with the requester
 *
 * Names are resolved to ids once per handle (the first call that needs
 * them: one parallel batch of system/status, rootfolder and the profile
 * lists) and cached for the handle's life.
 *
 * Nothing here reads a whole library: existence is checked with
 * series?tvdbId=, movie?tmdbId=, artist?mbId= or the album lookup.
 */
#ifndef MR_ARR_H
#define MR_ARR_H

#include <stddef.h>

#include "mr.h"

struct mr_arr;
struct mr_config;
struct mr_http;

enum mr_arr_kind {
	MR_ARR_SONARR = 0,
	MR_ARR_RADARR,
	MR_ARR_LIDARR,
};

/* What an add came to. */
enum mr_arr_outcome {
	MR_ARR_ADDED = 0,	/* created (series, movie, artist or album) */
	MR_ARR_ALREADY_PRESENT,	/* was there; seasons/album monitoring set */
	MR_ARR_WOULD_ADD,	/* dry run: found, valid, nothing sent */
	MR_ARR_FAILED_PERMANENT, /* 400 validation, unknown id...: reason */
	MR_ARR_AUTH,		/* 401/403: wrong or missing api_key */
	MR_ARR_CONFIG,		/* wrong URL/appName, unknown profile */
	MR_ARR_TRANSIENT,	/* network, timeout, 429, 5xx: retry later */
};

#define MR_ARR_MAX_SEASONS 64

/*
 * One add.  Strings are borrowed for the call.
 *   external_id  Sonarr: TVDB id; Radarr: TMDb id; Lidarr: artist MBID
 *                (may be NULL for Lidarr when album_id is set)
 *   album_id     Lidarr: release-group MBID: monitor just this album
 *                (Lidarr album rules: in library -> PUT album/monitor;
 *                artist in library -> POST album; neither -> POST album
 *                adding the artist with only this album monitored)
 *   seasons      Sonarr: monitor just these seasons (nseasons 0 = the
 *                configured monitor option); an existing series gets
 *                these seasons monitored by a PUT
 *   is_anime     Sonarr: seriesType anime, anime_root_folder and
 *                anime_quality_profile when configured
 *   requested_by tag label source when tag_requester is on (may be NULL)
 *   dry_run      look up and validate, send no POST/PUT
 */
struct mr_arr_add_req {
	const char *external_id;
	const char *title;		/* for messages only, may be NULL */
	int year;			/* for messages only, 0 = unknown */
	int seasons[MR_ARR_MAX_SEASONS];
	size_t nseasons;
	const char *album_id;
	int is_anime;
	const char *requested_by;
	int dry_run;
};

struct mr_arr_result {
	enum mr_arr_outcome outcome;
	long id;		/* series/movie/artist id, 0 if none */
	long album_id;		/* Lidarr album id (album requests) */
	int status;		/* HTTP status of the last answer, 0 if none */
	long retry_after_s;	/* Retry-After seconds, -1 if none */
	char title[256];	/* title as the service has it, or "" */
	char reason[512];	/* failures: readable reason, never a secret */
};

/* Status of a service (system/status). */
struct mr_arr_status {
	char app_name[32];	/* "Sonarr"; "" when the build does not say */
	char version[32];	/* "4.0.19.0" */
	int major;		/* 4 */
};

/*
 * Build a handle for config section (e.g. "radarr", "sonarr:anime") that
 * sends through http (borrowed; must outlive the handle).  No network.
 * MR_ECONFIG when the section's kind is unknown or url/api_key is unset
 * or the url is not http(s).  On success *out is a new handle.
 */
enum mr_rc mr_arr_new(const struct mr_config *cfg, const char *section,
    struct mr_http *http, struct mr_arr **out, struct mr_err *err);

/* Free a handle; NULL does nothing. */
void mr_arr_free(struct mr_arr *arr);

enum mr_arr_kind mr_arr_kind(const struct mr_arr *arr);

/* The config section the handle was built from ("sonarr:anime"). */
const char *mr_arr_section(const struct mr_arr *arr);

/* "sonarr", "radarr", "lidarr". */
const char *mr_arr_kind_name(enum mr_arr_kind kind);

/* Kind from a service or section name ("radarr:4k"); -1 if none. */
int mr_arr_kind_parse(const char *name);

/* "added", "already_present", "would_add", "failed", "auth", "config",
 * "transient". */
const char *mr_arr_outcome_str(enum mr_arr_outcome o);

/*
 * GET system/status.  MR_ECONFIG when appName names another service (a
 * Radarr URL answering as Sonarr) or the URL does not answer like an
 * *arr API (404, not JSON); MR_EAUTH on 401/403; transient codes as
 * lib/http.h.  st may be NULL.
 */
enum mr_rc mr_arr_status(struct mr_arr *arr, struct mr_arr_status *st,
    struct mr_err *err);

/*
 * Installation check: status, root folder and profiles resolved to ids
 * (and cached).  MR_ECONFIG with a message naming the key and the values
 * the service offers when a configured name does not exist.
 */
enum mr_rc mr_arr_check(struct mr_arr *arr, struct mr_err *err);

/*
 * Look an item up by its id: Sonarr series/lookup?term=tvdb:N, Radarr
 * movie/lookup/tmdb?tmdbId=N, Lidarr artist/lookup?term=lidarr:MBID.
 * *out is a new reference to the matching object (an item already in the
 * library carries "id").  MR_ENOTFOUND when the service knows no such id.
 */
enum mr_rc mr_arr_lookup(struct mr_arr *arr, const char *external_id,
    struct json_t **out, struct mr_err *err);

/*
 * Free-text or prefixed lookup (series/lookup, movie/lookup,
 * artist/lookup ?term=); used by id resolution, e.g. Sonarr
 * "tmdb:1405" or "Dexter".  *out is a new reference to the array.
 */
enum mr_rc mr_arr_lookup_term(struct mr_arr *arr, const char *term,
    struct json_t **out, struct mr_err *err);

/*
 * Is the item in the library?  series?tvdbId=, movie?tmdbId=,
 * artist?mbId=.  MR_OK with *id set (> 0) when present; MR_ENOTFOUND when
 * not; other codes on failure.
 */
enum mr_rc mr_arr_exists(struct mr_arr *arr, const char *external_id,
    long *id, struct mr_err *err);

/*
 * Add (or, when present, apply the request's monitoring to) one item.
 * Always fills *res.  Returns MR_OK for added, already_present and
 * would_add; otherwise the failure's code with err filled: MR_EHTTP
 * (status 400...), MR_ENOTFOUND (unknown id) or MR_EINVAL (malformed id)
 * for failed_permanent; MR_EAUTH; MR_ECONFIG; or a transient code
 * (mr_rc_transient() true: MR_ENET, MR_ETIMEOUT, MR_ERATE, MR_EUNAVAIL
 * for a 5xx answer with err->status set).  "Already been added" answers
 * count as already_present.
 */
enum mr_rc mr_arr_add(struct mr_arr *arr, const struct mr_arr_add_req *req,
    struct mr_arr_result *res, struct mr_err *err);

/*
 * The result as a JSON object {"service","outcome","id","album_id",
 * "status","title","reason"} (absent members omitted); new reference.
 */
struct json_t *mr_arr_result_json(const struct mr_arr *arr,
    const struct mr_arr_result *res);

/*
 * Pure: is this TMDb TV (or movie) details/search object Japanese
 * animation (genre 16 in genre_ids or genres[].id, and "JP" in
 * origin_country or original_language "ja" with no origin given)?
 */
int mr_arr_is_anime(const struct json_t *tmdb_obj);

#endif
