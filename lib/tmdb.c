/* tmdb.c: TMDb v3 request builders and response parsers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "jget.h"
#include "text.h"
#include "tmdb.h"

#define TMDB_BASE "https://api.themoviedb.org/3"

struct mr_tmdb {
	char *base;
	char *api_key;		/* used only when no bearer token */
	char *bearer;
	char *lang;
	char *region;		/* [tmdb] region, NULL when unset */
	double rate;
	long ttl_search, ttl_details, ttl_negative;
};

struct mr_tmdb *
mr_tmdb_new(const struct mr_config *cfg)
{
	struct mr_tmdb *t;
	char *key, *tok, *base;

	key = mr_config_strdup(cfg, "tmdb", "api_key");
	tok = mr_config_strdup(cfg, "tmdb", "read_access_token");
	if (key == NULL && tok == NULL)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->api_key = key;
	t->bearer = tok;
	base = mr_config_strdup(cfg, "tmdb", "base_url");
	t->base = base ? base : xstrdup(TMDB_BASE);
	t->rate = mr_config_double(cfg, "tmdb", "rate", 40.0);
	base = mr_config_strdup(cfg, "tmdb", "language");
	t->lang = base ? base : xstrdup("en-US");
	t->region = mr_config_strdup(cfg, "tmdb", "region");
	t->ttl_search = mr_config_long(cfg, "cache", "ttl_search", 86400);
	t->ttl_details = mr_config_long(cfg, "cache", "ttl_details", 604800);
	t->ttl_negative = mr_config_long(cfg, "cache", "ttl_negative", 3600);
	return t;
}

void
mr_tmdb_free(struct mr_tmdb *t)
{
	if (t == NULL)
		return;
	free(t->base);
	free(t->api_key);
	free(t->bearer);
	free(t->lang);
	free(t->region);
	free(t);
}

/* A request for base/path?query, with auth, rate bucket and Accept. */
static struct mr_ureq *
tmdb_req(const struct mr_tmdb *t, const char *path, const char *query)
{
	struct mr_ureq *u = mr_ureq_new();
	char *base, *k;

	base = mr_ureq_join(t->base, path);
	if (t->bearer == NULL) {
		k = mr_http_escape(t->api_key);
		mr_ureq_set_url(u, xasprintf("%s?%s%sapi_key=%s", base,
		    query ? query : "", query ? "&" : "", k));
		free(k);
	} else {
		mr_ureq_set_url(u, xasprintf("%s%s%s", base, query ? "?" : "",
		    query ? query : ""));
		mr_ureq_header(u, "Authorization: Bearer %s", t->bearer);
	}
	free(base);
	mr_ureq_header(u, "Accept: application/json");
	u->http.rate_key = "tmdb";
	u->http.rate_per_s = t->rate;
	return u;
}

struct mr_ureq *
mr_tmdb_search(const struct mr_tmdb *t, int tv, const char *title, int year)
{
	struct mr_ureq *u;
	char *q, *e;

	e = mr_http_escape(title);
	if (year > 0)
		q = xasprintf("query=%s&include_adult=false&language=%s"
		    "&page=1&%s=%d", e, t->lang, tv ? "first_air_date_year" :
		    "primary_release_year", year);
	else
		q = xasprintf("query=%s&include_adult=false&language=%s"
		    "&page=1", e, t->lang);
	if (t->region != NULL && !tv) {
		/* Only movie search takes a region (release dates). */
		char *r = mr_http_escape(t->region);

		free(e);
		e = q;
		q = xasprintf("%s&region=%s", e, r);
		free(r);
	}
	u = tmdb_req(t, tv ? "search/tv" : "search/movie", q);
	mr_ureq_cache(u, t->ttl_search, t->ttl_negative, mr_tmdb_empty);
	free(q);
	free(e);
	return u;
}

struct mr_ureq *
mr_tmdb_alt_titles(const struct mr_tmdb *t, int tv, long id)
{
	struct mr_ureq *u;
	char *p;

	p = xasprintf("%s/%ld/alternative_titles", tv ? "tv" : "movie", id);
	u = tmdb_req(t, p, NULL);
	mr_ureq_cache(u, t->ttl_details, t->ttl_negative, NULL);
	free(p);
	return u;
}

enum mr_rc
mr_tmdb_parse_alt_titles(const char *body, size_t len, const char *query,
    struct mr_hit *h, struct mr_err *err)
{
	json_t *root, *arr, *it;
	const char *title;
	size_t i, k, n = 0;
	enum mr_rc rc = MR_OK;

	root = mr_jparse(body, len);
	/* Movies answer "titles", shows "results". */
	if ((arr = mr_jarr(root, "titles")) == NULL &&
	    (arr = mr_jarr(root, "results")) == NULL) {
		rc = mr_err_set(err, MR_EPARSE, 0, "tmdb.parse",
		    "tmdb: alternative_titles answer has no titles");
		goto out;
	}
	while (n < MR_HIT_MAX_ALT && h->alt[n] != NULL)
		n++;
	json_array_foreach(arr, i, it) {
		if (n >= MR_HIT_MAX_ALT)
			break;
		title = mr_jstr(it, "title");
		if (title == NULL || query == NULL ||
		    mr_text_title_match(query, title, NULL) > MR_TEXT_TYPO)
			continue;
		for (k = 0; k < n && strcmp(h->alt[k], title) != 0; k++)
			;
		if (k == n)
			h->alt[n++] = xstrdup(title);
	}
out:
	json_decref(root);
	return rc;
}

struct mr_ureq *
mr_tmdb_external_ids(const struct mr_tmdb *t, int tv, long id)
{
	struct mr_ureq *u;
	char *p;

	p = xasprintf("%s/%ld/external_ids", tv ? "tv" : "movie", id);
	u = tmdb_req(t, p, NULL);
	mr_ureq_cache(u, t->ttl_details, t->ttl_negative, NULL);
	free(p);
	return u;
}

struct mr_ureq *
mr_tmdb_details(const struct mr_tmdb *t, int tv, long id)
{
	struct mr_ureq *u;
	char *p;

	p = xasprintf("%s/%ld", tv ? "tv" : "movie", id);
	u = tmdb_req(t, p, "append_to_response=external_ids&language=en-US");
	mr_ureq_cache(u, t->ttl_details, t->ttl_negative, NULL);
	free(p);
	return u;
}

struct mr_ureq *
mr_tmdb_find(const struct mr_tmdb *t, const char *id, const char *src)
{
	struct mr_ureq *u;
	char *p, *q, *e;

	e = mr_http_escape(id);
	p = xasprintf("find/%s", e);
	q = xasprintf("external_source=%s&language=en-US", src);
	u = tmdb_req(t, p, q);
	mr_ureq_cache(u, t->ttl_details, t->ttl_negative, NULL);
	free(q);
	free(p);
	free(e);
	return u;
}

/* One movie or TV result object into a new hit of out. */
static void
parse_result(const json_t *r, int tv, int rank, struct mr_hits *out)
{
	struct mr_hit *h;
	const char *title, *orig, *date, *mt;
	long id;

	id = mr_jlong(r, "id", 0);
	mt = mr_jstr(r, "media_type");
	if (mt != NULL)
		tv = strcmp(mt, "tv") == 0;
	title = mr_jstr(r, tv ? "name" : "title");
	orig = mr_jstr(r, tv ? "original_name" : "original_title");
	if (id <= 0 || (title == NULL && orig == NULL))
		return;
	h = mr_hits_add(out);
	h->kind = tv ? MR_HIT_TV : MR_HIT_MOVIE;
	h->source = MR_HSRC_TMDB;
	h->rank = rank;
	h->tmdb_id = id;
	h->title = xstrdup(title ? title : orig);
	if (orig != NULL && title != NULL && strcmp(orig, title) != 0)
		h->original_title = xstrdup(orig);
	date = mr_jstr(r, tv ? "first_air_date" : "release_date");
	h->year = mr_hit_year(date);
	h->popularity = mr_jnum(r, "popularity", &h->has_popularity);
	h->votes = mr_jlong(r, "vote_count", 0);
	h->has_image = mr_jstr(r, "poster_path") != NULL;
	if (tv) {
		json_t *oc = mr_jarr(r, "origin_country");

		if (oc != NULL && json_is_string(json_array_get(oc, 0)))
			h->country = xstrdup(json_string_value(
			    json_array_get(oc, 0)));
	}
}

enum mr_rc
mr_tmdb_parse_search(const char *body, size_t len, int tv, size_t max,
    struct mr_hits *out, struct mr_err *err)
{
	json_t *root, *res, *r;
	size_t i;
	enum mr_rc rc = MR_OK;

	root = mr_jparse(body, len);
	res = mr_jarr(root, "results");
	if (res == NULL) {
		rc = mr_err_set(err, MR_EPARSE, 0, "tmdb.parse",
		    "tmdb: search answer has no results array");
		goto out;
	}
	json_array_foreach(res, i, r) {
		if (max > 0 && i >= max)
			break;
		parse_result(r, tv, (int)i, out);
	}
out:
	json_decref(root);
	return rc;
}

static void
read_external_ids(const json_t *o, long *tvdb, char **imdb)
{
	const char *s;

	*tvdb = mr_jlong(o, "tvdb_id", 0);
	if (*tvdb < 0)
		*tvdb = 0;
	s = mr_jstr(o, "imdb_id");
	*imdb = s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

enum mr_rc
mr_tmdb_parse_external_ids(const char *body, size_t len, long *tvdb,
    char **imdb, struct mr_err *err)
{
	json_t *root, *o;
	enum mr_rc rc = MR_OK;

	*tvdb = 0;
	*imdb = NULL;
	root = mr_jparse(body, len);
	if (!json_is_object(root)) {
		rc = mr_err_set(err, MR_EPARSE, 0, "tmdb.parse",
		    "tmdb: external_ids answer is not an object");
		goto out;
	}
	o = mr_jobj(root, "external_ids");
	read_external_ids(o ? o : root, tvdb, imdb);
out:
	json_decref(root);
	return rc;
}

enum mr_rc
mr_tmdb_parse_details(const char *body, size_t len, int tv,
    struct mr_hits *out, struct mr_err *err)
{
	json_t *root, *ext;
	struct mr_hit *h;
	size_t n0 = out->n;
	enum mr_rc rc = MR_OK;

	root = mr_jparse(body, len);
	if (!json_is_object(root)) {
		rc = mr_err_set(err, MR_EPARSE, 0, "tmdb.parse",
		    "tmdb: details answer is not an object");
		goto out;
	}
	json_object_del(root, "media_type");
	parse_result(root, tv, 0, out);
	if (out->n == n0) {
		rc = mr_err_set(err, MR_EPARSE, 0, "tmdb.parse",
		    "tmdb: details answer has no id or title");
		goto out;
	}
	h = &out->v[out->n - 1];
	ext = mr_jobj(root, "external_ids");
	if (ext != NULL) {
		read_external_ids(ext, &h->tvdb_id, &h->imdb_id);
		if (!tv)
			h->tvdb_id = 0;
	}
	if (h->imdb_id == NULL && mr_jstr(root, "imdb_id") != NULL &&
	    *mr_jstr(root, "imdb_id") != '\0')
		h->imdb_id = xstrdup(mr_jstr(root, "imdb_id"));
out:
	json_decref(root);
	return rc;
}

enum mr_rc
mr_tmdb_parse_find(const char *body, size_t len, struct mr_hits *out,
    struct mr_err *err)
{
	json_t *root, *a, *r;
	size_t i;
	int k, rank = 0;
	enum mr_rc rc = MR_OK;
	static const char *const keys[] = { "movie_results", "tv_results" };

	root = mr_jparse(body, len);
	if (!json_is_object(root)) {
		rc = mr_err_set(err, MR_EPARSE, 0, "tmdb.parse",
		    "tmdb: find answer is not an object");
		goto out;
	}
	for (k = 0; k < 2; k++) {
		a = mr_jarr(root, keys[k]);
		json_array_foreach(a, i, r) {
			/* 2017 captures have no media_type: the key says. */
			json_object_del(r, "media_type");
			parse_result(r, k == 1, rank++, out);
		}
	}
out:
	json_decref(root);
	return rc;
}

int
mr_tmdb_empty(const char *body, size_t len)
{
	json_t *root = mr_jparse(body, len);
	json_t *res = mr_jarr(root, "results");
	int empty = res != NULL && json_array_size(res) == 0;

	json_decref(root);
	return empty;
}

enum mr_rc
mr_tmdb_check(const struct mr_ureq *u, struct mr_err *err)
{
	json_t *root = NULL;
	const char *msg = NULL;
	enum mr_rc rc;

	if (u->http.status >= 400) {
		root = mr_jparse(u->http.resp, u->http.resp_len);
		msg = mr_jstr(root, "status_message");
	}
	rc = mr_ureq_check(u, "tmdb", msg, err);
	json_decref(root);
	return rc;
}
