/*
 * arr_body.c: the pure parts of the *arr clients: add bodies, season
 * flags, reasons from error answers, small parsers.  No I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "arr.h"
#include "arr_internal.h"
#include "mr.h"

static json_t *
tags_array(long tag_id)
{
	json_t *a = json_array();

	if (tag_id > 0)
		json_array_append_new(a, json_integer(tag_id));
	return a;
}

json_t *
mr_arr_build_add_body(const json_t *lookup, const struct mr_arr_addopts *o,
    const int *seasons, size_t nseasons)
{
	json_t *b, *opt;

	b = json_is_object(lookup) ? json_deep_copy(lookup) : json_object();
	json_object_set_new(b, "qualityProfileId",
	    json_integer(o->quality_profile_id));
	json_object_set_new(b, "rootFolderPath", json_string(o->root_path ?
	    o->root_path : ""));
	json_object_set_new(b, "monitored", json_boolean(o->monitored));
	json_object_set_new(b, "tags", tags_array(o->tag_id));
	opt = json_object();
	switch (o->kind) {
	case MR_ARR_SONARR:
		if (o->language_profile_id > 0)
			json_object_set_new(b, "languageProfileId",
			    json_integer(o->language_profile_id));
		json_object_set_new(b, "seasonFolder", json_true());
		json_object_set_new(b, "seriesType", json_string(
		    o->series_type ? o->series_type : "standard"));
		/* The v3 app rejects monitorNewItems; v4 wants it. */
		if (o->sonarr_major >= 4)
			json_object_set_new(b, "monitorNewItems",
			    json_string("all"));
		else
			json_object_del(b, "monitorNewItems");
		if (nseasons > 0) {
			/*
			 * No "monitor": Sonarr then keeps the season flags
			 * and monitors the episodes of those seasons.
			 */
			mr_arr_apply_seasons(b, seasons, nseasons, 1);
			json_object_set_new(opt, "ignoreEpisodesWithFiles",
			    json_false());
			json_object_set_new(opt, "ignoreEpisodesWithoutFiles",
			    json_false());
		} else {
			json_object_set_new(opt, "monitor", json_string(
			    o->monitor ? o->monitor : "all"));
		}
		json_object_set_new(opt, "searchForMissingEpisodes",
		    json_boolean(o->search));
		json_object_set_new(opt, "searchForCutoffUnmetEpisodes",
		    json_false());
		break;
	case MR_ARR_RADARR:
		json_object_set_new(b, "minimumAvailability", json_string(
		    o->minimum_availability ? o->minimum_availability :
		    "released"));
		json_object_set_new(opt, "monitor", json_string(o->monitor ?
		    o->monitor : "movieOnly"));
		json_object_set_new(opt, "searchForMovie",
		    json_boolean(o->search));
		break;
	case MR_ARR_LIDARR:
		json_object_set_new(b, "metadataProfileId",
		    json_integer(o->metadata_profile_id));
		json_object_set_new(b, "monitorNewItems", json_string("all"));
		json_object_set_new(opt, "monitor", json_string(o->monitor ?
		    o->monitor : "all"));
		json_object_set_new(opt, "searchForMissingAlbums",
		    json_boolean(o->search));
		break;
	}
	json_object_set_new(b, "addOptions", opt);
	return b;
}

json_t *
mr_arr_build_album_body(const json_t *album, const char *rg,
    const struct mr_arr_addopts *o, int artist_present)
{
	json_t *b, *artist, *src;
	const char *title;

	src = json_object_get(album, "artist");
	artist = json_is_object(src) ? json_deep_copy(src) : json_object();
	if (artist_present) {
		/* A library copy may echo the options it was added with. */
		json_object_del(artist, "addOptions");
		/* Lidarr validates these even for a library artist. */
		if (json_integer_value(json_object_get(artist,
		    "qualityProfileId")) <= 0)
			json_object_set_new(artist, "qualityProfileId",
			    json_integer(o->quality_profile_id));
		if (json_integer_value(json_object_get(artist,
		    "metadataProfileId")) <= 0)
			json_object_set_new(artist, "metadataProfileId",
			    json_integer(o->metadata_profile_id));
		if (!json_is_string(json_object_get(artist,
		    "rootFolderPath")) &&
		    !json_is_string(json_object_get(artist, "path")))
			json_object_set_new(artist, "rootFolderPath",
			    json_string(o->root_path ? o->root_path : ""));
	} else {
		json_object_del(artist, "id");
		json_object_set_new(artist, "qualityProfileId",
		    json_integer(o->quality_profile_id));
		json_object_set_new(artist, "metadataProfileId",
		    json_integer(o->metadata_profile_id));
		json_object_set_new(artist, "rootFolderPath",
		    json_string(o->root_path ? o->root_path : ""));
		json_object_set_new(artist, "monitored", json_true());
		/* Later releases stay unmonitored: only this album. */
		json_object_set_new(artist, "monitorNewItems",
		    json_string("none"));
		json_object_set_new(artist, "tags", tags_array(o->tag_id));
		json_object_set_new(artist, "addOptions", json_pack(
		    "{s:[s],s:b}", "albumsToMonitor", rg,
		    "searchForMissingAlbums", o->search));
	}
	b = json_pack("{s:s,s:b,s:o,s:{s:b}}", "foreignAlbumId", rg,
	    "monitored", 1, "artist", artist, "addOptions",
	    "searchForNewAlbum", o->search);
	title = json_string_value(json_object_get(album, "title"));
	if (title != NULL)
		json_object_set_new(b, "title", json_string(title));
	return b;
}

static int
in_list(long n, const int *list, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (list[i] == n)
			return 1;
	return 0;
}

int
mr_arr_apply_seasons(json_t *series, const int *seasons, size_t n,
    int exclusive)
{
	json_t *arr, *it;
	size_t i;
	long num;
	int changed = 0, want, have;

	arr = json_object_get(series, "seasons");
	if (!json_is_array(arr)) {
		arr = json_array();
		json_object_set_new(series, "seasons", arr);
	}
	json_array_foreach(arr, i, it) {
		num = (long)json_integer_value(json_object_get(it,
		    "seasonNumber"));
		have = json_is_true(json_object_get(it, "monitored"));
		want = in_list(num, seasons, n);
		if (want && !have) {
			json_object_set_new(it, "monitored", json_true());
			changed++;
		} else if (!want && have && exclusive) {
			json_object_set_new(it, "monitored", json_false());
			changed++;
		}
	}
	for (i = 0; i < n; i++) {
		if (i > 0 && in_list(seasons[i], seasons, i))
			continue;
		if (json_array_size(arr) > 0 &&
		    mr_arr_season_listed(arr, seasons[i]))
			continue;
		json_array_append_new(arr, json_pack("{s:i,s:b}",
		    "seasonNumber", seasons[i], "monitored", 1));
		changed++;
	}
	return changed;
}

int
mr_arr_season_listed(const json_t *seasons, int n)
{
	const json_t *it;
	size_t i;

	json_array_foreach(seasons, i, it)
		if (json_integer_value(json_object_get(it, "seasonNumber")) ==
		    n)
			return 1;
	return 0;
}

/* Append "s" to buf (size n) after sep when buf is not empty. */
static void
append(char *buf, size_t n, const char *sep, const char *s)
{
	size_t len = strlen(buf);

	if (len + 1 >= n)
		return;
	snprintf(buf + len, n - len, "%s%s", len ? sep : "", s);
}

/* One line of at most max bytes from s: control characters become ' '. */
static void
one_line(char *buf, size_t n, const char *s, size_t max)
{
	size_t i, j = 0;

	for (i = 0; s[i] != '\0' && j + 1 < n && i < max; i++)
		buf[j++] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
	buf[j] = '\0';
}

void
mr_arr_reason(const json_t *body, const char *text, char *buf, size_t n)
{
	const json_t *it, *errs, *v;
	const char *prop, *msg, *key;
	char *item;
	size_t i;

	if (n == 0)
		return;
	buf[0] = '\0';
	if (json_is_array(body)) {
		json_array_foreach(body, i, it) {
			prop = json_string_value(json_object_get(it,
			    "propertyName"));
			msg = json_string_value(json_object_get(it,
			    "errorMessage"));
			if (msg == NULL)
				continue;
			item = (prop != NULL && *prop != '\0') ?
			    xasprintf("%s: %s", prop, msg) : xstrdup(msg);
			append(buf, n, "; ", item);
			free(item);
		}
	} else if (json_is_object(body)) {
		errs = json_object_get(body, "errors");
		if (json_is_object(errs)) {
			json_object_foreach((json_t *)errs, key, v) {
				msg = json_is_array(v) ? json_string_value(
				    json_array_get(v, 0)) :
				    json_string_value(v);
				if (msg == NULL)
					continue;
				item = *key != '\0' ?
				    xasprintf("%s: %s", key, msg) :
				    xstrdup(msg);
				append(buf, n, "; ", item);
				free(item);
			}
		}
		if (buf[0] == '\0') {
			msg = json_string_value(json_object_get(body,
			    "message"));
			if (msg == NULL)
				msg = json_string_value(json_object_get(body,
				    "title"));
			if (msg != NULL)
				append(buf, n, "; ", msg);
		}
	}
	if (buf[0] == '\0' && text != NULL)
		one_line(buf, n, text, 200);
	else if (buf[0] != '\0') {
		item = xstrdup(buf);
		one_line(buf, n, item, n);
		free(item);
	}
}

int
mr_arr_already_added(const json_t *body)
{
	const json_t *it;
	const char *msg;
	size_t i;

	if (!json_is_array(body))
		return 0;
	json_array_foreach(body, i, it) {
		msg = json_string_value(json_object_get(it, "errorMessage"));
		if (msg != NULL && strstr(msg, "already been added") != NULL)
			return 1;
	}
	return 0;
}

void
mr_arr_tag_label(const char *name, char *buf, size_t n)
{
	size_t j = 0;
	unsigned char c;
	int dash = 0;

	if (n == 0)
		return;
	for (; name != NULL && *name != '\0' && j + 1 < n; name++) {
		c = (unsigned char)*name;
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && j > 0) {
				/* No room for "-x": stop at a word's end. */
				if (j + 2 >= n)
					break;
				buf[j++] = '-';
			}
			dash = 0;
			buf[j++] = (char)c;
		} else {
			dash = 1;
		}
	}
	buf[j] = '\0';
}

int
mr_arr_is_mbid(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F'))) {
			return 0;
		}
	}
	return 1;
}

int
mr_arr_version_major(const char *version)
{
	int major = 0;

	if (version == NULL || *version < '0' || *version > '9')
		return 0;
	for (; *version >= '0' && *version <= '9'; version++) {
		if (major > 100000)
			return 0;
		major = major * 10 + (*version - '0');
	}
	return major;
}

/* Compare two paths, a trailing '/' ignored, case-sensitively. */
static int
same_path(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (lb > 1 && b[lb - 1] == '/')
		lb--;
	return la == lb && memcmp(a, b, la) == 0;
}

const json_t *
mr_arr_pick(const json_t *list, const char *want, int is_path)
{
	const json_t *it;
	const char *s;
	size_t i;
	long id;

	if (!json_is_array(list))
		return NULL;
	if (want == NULL || *want == '\0')
		return json_array_get(list, 0);
	if (is_path) {
		json_array_foreach(list, i, it) {
			s = json_string_value(json_object_get(it, "path"));
			if (s != NULL && same_path(s, want))
				return it;
		}
		return NULL;
	}
	if (mr_parse_long(want, 1, 2147483647L, &id) == 0) {
		json_array_foreach(list, i, it)
			if (json_integer_value(json_object_get(it, "id")) ==
			    id)
				return it;
	}
	json_array_foreach(list, i, it) {
		s = json_string_value(json_object_get(it, "name"));
		if (s != NULL && strcasecmp(s, want) == 0)
			return it;
	}
	return NULL;
}

static int
has_int(const json_t *arr, long n, const char *key)
{
	const json_t *it;
	size_t i;

	json_array_foreach(arr, i, it) {
		if (key != NULL)
			it = json_object_get(it, key);
		if (json_is_integer(it) && json_integer_value(it) == n)
			return 1;
	}
	return 0;
}

static int
has_str(const json_t *arr, const char *s, const char *key)
{
	const json_t *it;
	const char *v;
	size_t i;

	json_array_foreach(arr, i, it) {
		if (key != NULL)
			it = json_object_get(it, key);
		v = json_string_value(it);
		if (v != NULL && strcasecmp(v, s) == 0)
			return 1;
	}
	return 0;
}

int
mr_arr_is_anime(const json_t *tmdb)
{
	const json_t *oc, *pc;
	const char *lang;

	if (!json_is_object(tmdb))
		return 0;
	if (!has_int(json_object_get(tmdb, "genre_ids"), 16, NULL) &&
	    !has_int(json_object_get(tmdb, "genres"), 16, "id"))
		return 0;
	oc = json_object_get(tmdb, "origin_country");
	pc = json_object_get(tmdb, "production_countries");
	if (json_array_size(oc) > 0 || json_array_size(pc) > 0)
		return has_str(oc, "JP", NULL) ||
		    has_str(pc, "JP", "iso_3166_1");
	lang = json_string_value(json_object_get(tmdb, "original_language"));
	return lang != NULL && strcmp(lang, "ja") == 0;
}
