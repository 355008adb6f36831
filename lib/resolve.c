/* resolve.c: Sonarr / Lidarr lookups and picking the resolved entity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "jget.h"
#include "resolve.h"
#include "text.h"

struct mr_resolver {
	char *sonarr_url, *sonarr_key;
	char *radarr_url, *radarr_key;
	char *lidarr_url, *lidarr_key;
	long ttl_search, ttl_negative;
};

struct mr_resolver *
mr_resolver_new(const struct mr_config *cfg)
{
	struct mr_resolver *r = xcalloc(1, sizeof(*r));

	r->sonarr_url = mr_config_strdup(cfg, "sonarr", "url");
	r->sonarr_key = mr_config_strdup(cfg, "sonarr", "api_key");
	r->radarr_url = mr_config_strdup(cfg, "radarr", "url");
	r->radarr_key = mr_config_strdup(cfg, "radarr", "api_key");
	r->lidarr_url = mr_config_strdup(cfg, "lidarr", "url");
	r->lidarr_key = mr_config_strdup(cfg, "lidarr", "api_key");
	r->ttl_search = mr_config_long(cfg, "cache", "ttl_search", 86400);
	r->ttl_negative = mr_config_long(cfg, "cache", "ttl_negative", 3600);
	return r;
}

void
mr_resolver_free(struct mr_resolver *r)
{
	if (r == NULL)
		return;
	free(r->sonarr_url);
	free(r->sonarr_key);
	free(r->radarr_url);
	free(r->radarr_key);
	free(r->lidarr_url);
	free(r->lidarr_key);
	free(r);
}

int
mr_resolver_has_sonarr(const struct mr_resolver *r)
{
	return r->sonarr_url != NULL && r->sonarr_key != NULL;
}

int
mr_resolver_has_radarr(const struct mr_resolver *r)
{
	return r->radarr_url != NULL && r->radarr_key != NULL;
}

int
mr_resolver_has_lidarr(const struct mr_resolver *r)
{
	return r->lidarr_url != NULL && r->lidarr_key != NULL;
}

static int
arr_empty(const char *body, size_t len)
{
	json_t *root = mr_jparse(body, len);
	int empty = json_is_array(root) && json_array_size(root) == 0;

	json_decref(root);
	return empty;
}

static struct mr_ureq *
arr_req(const struct mr_resolver *r, const char *label, const char *url,
    const char *key, const char *path, const char *term)
{
	struct mr_ureq *u = mr_ureq_new();
	char *base, *e;

	u->http.label = label;

	base = mr_ureq_join(url, path);
	e = mr_http_escape(term);
	mr_ureq_set_url(u, xasprintf("%s?term=%s", base, e));
	free(e);
	free(base);
	mr_ureq_header(u, "X-Api-Key: %s", key);
	mr_ureq_header(u, "Accept: application/json");
	mr_ureq_cache(u, r->ttl_search, r->ttl_negative, arr_empty);
	return u;
}

struct mr_ureq *
mr_resolve_sonarr_lookup(const struct mr_resolver *r, const char *term)
{
	return arr_req(r, "sonarr", r->sonarr_url, r->sonarr_key,
	    "api/v3/series/lookup", term);
}

struct mr_ureq *
mr_resolve_radarr_lookup(const struct mr_resolver *r, const char *term)
{
	return arr_req(r, "radarr", r->radarr_url, r->radarr_key,
	    "api/v3/movie/lookup", term);
}

enum mr_rc
mr_resolve_parse_radarr(const char *body, size_t len, struct mr_hits *out,
    struct mr_err *err)
{
	json_t *root, *it, *rt;
	struct mr_hit *h;
	const char *t;
	size_t i;
	long v;
	enum mr_rc rc = MR_OK;

	root = mr_jparse(body, len);
	if (!json_is_array(root)) {
		rc = mr_err_set(err, MR_EPARSE, 0, "radarr.parse",
		    "radarr: lookup answer is not an array");
		goto out;
	}
	json_array_foreach(root, i, it) {
		if ((t = mr_jstr(it, "title")) == NULL ||
		    mr_jlong(it, "tmdbId", 0) <= 0)
			continue;
		h = mr_hits_add(out);
		h->kind = MR_HIT_MOVIE;
		h->source = MR_HSRC_RADARR;
		h->rank = (int)i;
		h->title = xstrdup(t);
		if ((t = mr_jstr(it, "originalTitle")) != NULL &&
		    strcmp(t, h->title) != 0)
			h->original_title = xstrdup(t);
		h->year = (int)mr_jlong(it, "year", 0);
		h->tmdb_id = mr_jlong(it, "tmdbId", 0);
		if ((t = mr_jstr(it, "imdbId")) != NULL && *t != '\0')
			h->imdb_id = xstrdup(t);
		h->popularity = mr_jnum(it, "popularity", &h->has_popularity);
		/* Radarr v3-era {votes}, current {imdb: {votes}}. */
		rt = mr_jobj(it, "ratings");
		v = mr_jlong(mr_jobj(rt, "imdb"), "votes", -1);
		h->votes = v >= 0 ? v : mr_jlong(rt, "votes", 0);
	}
out:
	json_decref(root);
	return rc;
}

struct mr_ureq *
mr_resolve_lidarr_lookup(const struct mr_resolver *r, int album,
    const char *term)
{
	return arr_req(r, "lidarr", r->lidarr_url, r->lidarr_key,
	    album ? "api/v1/album/lookup" : "api/v1/artist/lookup", term);
}

enum mr_rc
mr_resolve_parse_sonarr(const char *body, size_t len, struct mr_hits *out,
    struct mr_err *err)
{
	json_t *root, *it;
	struct mr_hit *h;
	const char *t;
	size_t i;
	enum mr_rc rc = MR_OK;

	root = mr_jparse(body, len);
	if (!json_is_array(root)) {
		rc = mr_err_set(err, MR_EPARSE, 0, "sonarr.parse",
		    "sonarr: lookup answer is not an array");
		goto out;
	}
	json_array_foreach(root, i, it) {
		if ((t = mr_jstr(it, "title")) == NULL)
			continue;
		h = mr_hits_add(out);
		h->kind = MR_HIT_TV;
		h->source = MR_HSRC_SONARR;
		h->rank = (int)i;
		h->title = xstrdup(t);
		h->year = (int)mr_jlong(it, "year", 0);
		h->tvdb_id = mr_jlong(it, "tvdbId", 0);
		h->tmdb_id = mr_jlong(it, "tmdbId", 0);
		if ((t = mr_jstr(it, "imdbId")) != NULL && *t != '\0')
			h->imdb_id = xstrdup(t);
		h->votes = mr_jlong(mr_jobj(it, "ratings"), "votes", 0);
	}
out:
	json_decref(root);
	return rc;
}

static void
lidarr_artist(const json_t *a, struct mr_hit *h)
{
	const char *t;

	if ((t = mr_jstr(a, "foreignArtistId")) != NULL)
		h->mbid = xstrdup(t);
	if ((t = mr_jstr(a, "disambiguation")) != NULL && *t != '\0')
		h->disambiguation = xstrdup(t);
	if ((t = mr_jstr(a, "artistType")) != NULL && *t != '\0')
		h->type = xstrdup(t);
}

enum mr_rc
mr_resolve_parse_lidarr(const char *body, size_t len, int album,
    struct mr_hits *out, struct mr_err *err)
{
	json_t *root, *it, *a;
	struct mr_hit *h;
	const char *t;
	size_t i;
	enum mr_rc rc = MR_OK;

	root = mr_jparse(body, len);
	if (!json_is_array(root)) {
		rc = mr_err_set(err, MR_EPARSE, 0, "lidarr.parse",
		    "lidarr: lookup answer is not an array");
		goto out;
	}
	json_array_foreach(root, i, it) {
		t = mr_jstr(it, album ? "title" : "artistName");
		if (t == NULL)
			continue;
		h = mr_hits_add(out);
		h->kind = album ? MR_HIT_ALBUM : MR_HIT_ARTIST;
		h->source = MR_HSRC_LIDARR;
		h->rank = (int)i;
		h->title = xstrdup(t);
		h->votes = mr_jlong(mr_jobj(it, "ratings"), "votes", 0);
		if (!album) {
			lidarr_artist(it, h);
			continue;
		}
		if ((t = mr_jstr(it, "foreignAlbumId")) != NULL)
			h->rg_mbid = xstrdup(t);
		h->year = mr_hit_year(mr_jstr(it, "releaseDate"));
		if ((t = mr_jstr(it, "albumType")) != NULL)
			h->type = xstrdup(t);
		a = mr_jobj(it, "artist");
		if (a != NULL) {
			if ((t = mr_jstr(a, "artistName")) != NULL)
				h->artist = xstrdup(t);
			if ((t = mr_jstr(a, "foreignArtistId")) != NULL)
				h->mbid = xstrdup(t);
		}
	}
out:
	json_decref(root);
	return rc;
}

/* 0 exact, 1 equivalent, 2 typo, 3 other. */
static int
closeness(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return 3;
	switch (mr_text_title_match(a, b, NULL)) {
	case MR_TEXT_EXACT:
		return 0;
	case MR_TEXT_EQUIV:
		return 1;
	case MR_TEXT_TYPO:
		return 2;
	default:
		return 3;
	}
}

/* Closeness of name to h's title, original title or aliases. */
static int
hit_closeness(const char *name, const struct mr_hit *h)
{
	int c, k, best;

	best = closeness(name, h->title);
	if (best > 0 && h->original_title != NULL &&
	    (c = closeness(name, h->original_title)) < best)
		best = c;
	for (k = 0; best > 0 && k < MR_HIT_MAX_ALT; k++)
		if (h->alt[k] != NULL &&
		    (c = closeness(name, h->alt[k])) < best)
			best = c;
	return best;
}

int
mr_resolve_pick(const struct mr_hits *hs, enum mr_hit_kind kind,
    const char *name, const char *artist, int year, long tmdb_id)
{
	size_t i;
	int best = -1, bestc = 99, c, dy;
	const struct mr_hit *h;

	for (i = 0; i < hs->n; i++) {
		h = &hs->v[i];
		if (h->kind != kind)
			continue;
		if (tmdb_id > 0 && h->tmdb_id == tmdb_id)
			return (int)i;
		/* One edit apart still names it (Spotify and MusicBrainz
		 * spell some names differently), but only as a last resort. */
		c = hit_closeness(name, h);
		if (c > 2)
			continue;
		if (kind == MR_HIT_ALBUM && artist != NULL &&
		    closeness(artist, h->artist) > 1)
			continue;
		dy = year > 0 && h->year > 0 ? abs(year - h->year) : 0;
		if (kind == MR_HIT_TV && dy > 1)
			continue;
		/* Same closeness: the year decides, then the rank. */
		c = c * 10 + (dy == 0 ? 0 : dy == 1 ? 1 : 2);
		if (c < bestc) {
			bestc = c;
			best = (int)i;
		}
	}
	return best;
}

int
mr_resolve_pick_unique(const struct mr_hits *hs, enum mr_hit_kind kind,
    const char *name)
{
	size_t i;
	int found = -1;

	for (i = 0; i < hs->n; i++) {
		if (hs->v[i].kind != kind ||
		    hit_closeness(name, &hs->v[i]) > 1)
			continue;
		if (found >= 0)
			return -1;
		found = (int)i;
	}
	return found;
}

enum mr_rc
mr_resolve_check(const struct mr_ureq *u, struct mr_err *err)
{
	json_t *root = NULL;
	const char *msg = NULL;
	const char *prefix = strstr(u->url, "/api/v1/") ? "lidarr" :
	    strstr(u->url, "/movie/lookup") ? "radarr" : "sonarr";
	enum mr_rc rc;

	if (u->http.status >= 400) {
		root = mr_jparse(u->http.resp, u->http.resp_len);
		msg = mr_jstr(root, "message");
	}
	rc = mr_ureq_check(u, prefix, msg, err);
	json_decref(root);
	return rc;
}
