/* musicbrainz.c: MusicBrainz ws/2 requests and parsers. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "jget.h"
#include "musicbrainz.h"

#define MB_BASE "https://musicbrainz.org/ws/2"
#define MB_UA "media-route/" MR_VERSION " ( https://example.org/media-route )"

struct mr_mb {
	char *base;
	char *ua;
	double rate;
	long ttl_search, ttl_details, ttl_negative;
};

struct mr_mb *
mr_mb_new(const struct mr_config *cfg)
{
	struct mr_mb *mb;
	char *v;

	mb = xcalloc(1, sizeof(*mb));
	v = mr_config_strdup(cfg, "musicbrainz", "base_url");
	mb->base = v ? v : xstrdup(MB_BASE);
	v = mr_config_strdup(cfg, "musicbrainz", "user_agent");
	mb->ua = v ? v : xstrdup(MB_UA);
	mb->rate = mr_config_double(cfg, "musicbrainz", "rate", 1.0);
	if (mb->rate <= 0 || mb->rate > 1.0)
		mb->rate = 1.0;
	/* 5 % slower than allowed: latency jitter must not pack two
	 * requests into one second at the server. */
	mb->rate *= 0.95;
	mb->ttl_search = mr_config_long(cfg, "cache", "ttl_search", 86400);
	mb->ttl_details = mr_config_long(cfg, "cache", "ttl_details", 604800);
	mb->ttl_negative = mr_config_long(cfg, "cache", "ttl_negative", 3600);
	return mb;
}

void
mr_mb_free(struct mr_mb *mb)
{
	if (mb == NULL)
		return;
	free(mb->base);
	free(mb->ua);
	free(mb);
}

char *
mr_mb_escape(const char *s)
{
	static const char special[] = "+-&|!(){}[]^\"~*?:\\/";
	size_t n = strlen(s), o = 0;
	char *out = xmalloc(2 * n + 1);

	for (; *s != '\0'; s++) {
		if (strchr(special, *s) != NULL)
			out[o++] = '\\';
		out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

/* A phrase: "text" with " and \ escaped (other specials are literal). */
static char *
phrase(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = xmalloc(2 * n + 3);

	out[o++] = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			out[o++] = '\\';
		out[o++] = *s;
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}

static struct mr_ureq *
mb_req(const struct mr_mb *mb, const char *path, const char *query)
{
	struct mr_ureq *u = mr_ureq_new();
	char *base = mr_ureq_join(mb->base, path);

	mr_ureq_set_url(u, xasprintf("%s?%s%sfmt=json", base,
	    query ? query : "", query ? "&" : ""));
	free(base);
	mr_ureq_header(u, "User-Agent: %s", mb->ua);
	mr_ureq_header(u, "Accept: application/json");
	u->http.rate_key = "musicbrainz";
	u->http.rate_per_s = mb->rate;
	return u;
}

static struct mr_ureq *
mb_search(const struct mr_mb *mb, const char *ent, const char *lucene,
    int limit)
{
	struct mr_ureq *u;
	char *e, *q;

	if (limit < 1)
		limit = 1;
	if (limit > 100)
		limit = 100;
	e = mr_http_escape(lucene);
	q = xasprintf("query=%s&limit=%d", e, limit);
	u = mb_req(mb, ent, q);
	mr_ureq_cache(u, mb->ttl_search, mb->ttl_negative, mr_mb_empty);
	free(q);
	free(e);
	return u;
}

struct mr_ureq *
mr_mb_search_artist(const struct mr_mb *mb, const char *name, int exact,
    int limit)
{
	struct mr_ureq *u;
	char *p, *l;

	if (exact) {
		p = phrase(name);
		l = xasprintf("artist:%s OR alias:%s", p, p);
		free(p);
	} else {
		l = mr_mb_escape(name);
	}
	u = mb_search(mb, "artist", l, limit);
	free(l);
	return u;
}

struct mr_ureq *
mr_mb_search_rg(const struct mr_mb *mb, const char *title,
    const char *artist, int limit)
{
	struct mr_ureq *u;
	char *pt, *pa = NULL, *l;

	pt = phrase(title);
	if (artist != NULL && *artist != '\0') {
		pa = phrase(artist);
		l = xasprintf("releasegroup:%s AND artist:%s", pt, pa);
	} else {
		l = xasprintf("releasegroup:%s", pt);
	}
	u = mb_search(mb, "release-group", l, limit);
	free(l);
	free(pa);
	free(pt);
	return u;
}

struct mr_ureq *
mr_mb_lookup(const struct mr_mb *mb, int rg, const char *mbid)
{
	struct mr_ureq *u;
	char *p, *e;

	e = mr_http_escape(mbid);
	p = xasprintf("%s/%s", rg ? "release-group" : "artist", e);
	u = mb_req(mb, p, rg ? "inc=artist-credits" : NULL);
	mr_ureq_cache(u, mb->ttl_details, mb->ttl_negative, NULL);
	free(p);
	free(e);
	return u;
}

static void
parse_artist(const json_t *a, int rank, struct mr_hits *out)
{
	struct mr_hit *h;
	const char *id = mr_jstr(a, "id"), *name = mr_jstr(a, "name");
	const char *s;
	json_t *al, *x;
	size_t i;
	int k = 0;

	if (id == NULL || name == NULL)
		return;
	h = mr_hits_add(out);
	h->kind = MR_HIT_ARTIST;
	h->source = MR_HSRC_MUSICBRAINZ;
	h->rank = rank;
	h->title = xstrdup(name);
	h->mbid = xstrdup(id);
	h->score = (int)mr_jlong(a, "score", 100);
	h->year = mr_hit_year(mr_jstr(mr_jobj(a, "life-span"), "begin"));
	if ((s = mr_jstr(a, "type")) != NULL)
		h->type = xstrdup(s);
	if ((s = mr_jstr(a, "country")) != NULL)
		h->country = xstrdup(s);
	if ((s = mr_jstr(a, "disambiguation")) != NULL && *s != '\0')
		h->disambiguation = xstrdup(s);
	al = mr_jarr(a, "aliases");
	json_array_foreach(al, i, x) {
		if (k >= MR_HIT_MAX_ALT)
			break;
		if ((s = mr_jstr(x, "name")) != NULL && strcmp(s, name) != 0)
			h->alt[k++] = xstrdup(s);
	}
}

static void
parse_rg(const json_t *r, int rank, struct mr_hits *out)
{
	struct mr_hit *h;
	const char *id = mr_jstr(r, "id"), *title = mr_jstr(r, "title");
	const char *s;
	json_t *ac, *st, *x;
	size_t i;
	char *sec = NULL, *t;

	if (id == NULL || title == NULL)
		return;
	h = mr_hits_add(out);
	h->kind = MR_HIT_ALBUM;
	h->source = MR_HSRC_MUSICBRAINZ;
	h->rank = rank;
	h->title = xstrdup(title);
	h->rg_mbid = xstrdup(id);
	h->score = (int)mr_jlong(r, "score", 100);
	h->year = mr_hit_year(mr_jstr(r, "first-release-date"));
	if ((s = mr_jstr(r, "primary-type")) != NULL)
		h->type = xstrdup(s);
	if ((s = mr_jstr(r, "disambiguation")) != NULL && *s != '\0')
		h->disambiguation = xstrdup(s);
	ac = json_array_get(mr_jarr(r, "artist-credit"), 0);
	if (ac != NULL) {
		x = mr_jobj(ac, "artist");
		if ((s = mr_jstr(x, "id")) != NULL)
			h->mbid = xstrdup(s);
		s = mr_jstr(ac, "name");
		if (s == NULL)
			s = mr_jstr(x, "name");
		if (s != NULL)
			h->artist = xstrdup(s);
	}
	st = mr_jarr(r, "secondary-types");
	json_array_foreach(st, i, x) {
		if (!json_is_string(x))
			continue;
		t = xasprintf("%s%s%s", sec ? sec : "", sec ? "," : "",
		    json_string_value(x));
		free(sec);
		sec = t;
	}
	h->secondary = sec;
}

static enum mr_rc
parse_list(const char *body, size_t len, const char *key, size_t max,
    void (*one)(const json_t *, int, struct mr_hits *),
    struct mr_hits *out, struct mr_err *err)
{
	json_t *root, *a, *it;
	size_t i;
	enum mr_rc rc = MR_OK;

	root = mr_jparse(body, len);
	if (!json_is_object(root)) {
		rc = mr_err_set(err, MR_EPARSE, 0, "musicbrainz.parse",
		    "musicbrainz: answer is not a JSON object");
		goto out;
	}
	a = mr_jarr(root, key);
	if (a == NULL) {
		/* A lookup answers with the entity itself. */
		if (mr_jstr(root, "id") != NULL)
			one(root, 0, out);
		else
			rc = mr_err_set(err, MR_EPARSE, 0, "musicbrainz.parse",
			    "musicbrainz: answer has no %s", key);
		goto out;
	}
	json_array_foreach(a, i, it) {
		if (max > 0 && i >= max)
			break;
		one(it, (int)i, out);
	}
out:
	json_decref(root);
	return rc;
}

enum mr_rc
mr_mb_parse_artists(const char *body, size_t len, size_t max,
    struct mr_hits *out, struct mr_err *err)
{
	return parse_list(body, len, "artists", max, parse_artist, out, err);
}

enum mr_rc
mr_mb_parse_rgs(const char *body, size_t len, size_t max,
    struct mr_hits *out, struct mr_err *err)
{
	return parse_list(body, len, "release-groups", max, parse_rg, out,
	    err);
}

int
mr_mb_empty(const char *body, size_t len)
{
	json_t *root = mr_jparse(body, len);
	json_t *a = mr_jarr(root, "artists");
	json_t *b = mr_jarr(root, "release-groups");
	int empty = (a != NULL || b != NULL) && json_array_size(a) == 0 &&
	    json_array_size(b) == 0;

	json_decref(root);
	return empty;
}

enum mr_rc
mr_mb_check(const struct mr_ureq *u, struct mr_err *err)
{
	json_t *root = NULL;
	const char *msg = NULL;
	enum mr_rc rc;

	if (u->http.status >= 400) {
		root = mr_jparse(u->http.resp, u->http.resp_len);
		msg = mr_jstr(root, "error");
	}
	rc = mr_ureq_check(u, "musicbrainz", msg, err);
	/* MusicBrainz says "slow down" with 503 (other services: outage). */
	if (rc == MR_EUNAVAIL && u->http.status == 503)
		rc = mr_err_set(err, MR_ERATE, 503, "musicbrainz.rate_limited",
		    "musicbrainz: HTTP 503: requests too fast");
	json_decref(root);
	return rc;
}

int
mr_mb_is_mbid(const char *s)
{
	static const int groups[] = { 8, 4, 4, 4, 12 };
	size_t g;
	int i;

	for (g = 0; g < MR_ARRAY_LEN(groups); g++) {
		for (i = 0; i < groups[g]; i++, s++)
			if (!isxdigit((unsigned char)*s))
				return 0;
		if (g + 1 < MR_ARRAY_LEN(groups) && *s++ != '-')
			return 0;
	}
	return *s == '\0';
}
