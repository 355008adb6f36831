/* spotify.c: Spotify Web API token, requests and parsers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "db.h"
#include "jget.h"
#include "spotify.h"

#define SP_BASE "https://api.spotify.com/v1"
#define SP_TOKEN_URL "https://accounts.spotify.com/api/token"
#define SP_META_KEY "spotify_token"
#define SP_EARLY_S 60.0

struct mr_spotify {
	struct mr_db *db;
	char *base;
	char *token_url;
	char *client_id;
	char *basic;		/* base64(client_id:client_secret) */
	char *token;
	double expires_at;	/* wall seconds */
	int db_checked;
	double rate;
	long ttl_search, ttl_details, ttl_negative;
};

static char *
base64(const char *s)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), i, o = 0;
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc((n + 2) / 3 * 4 + 1);
	unsigned v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
		out[o++] = tab[v & 63];
	}
	if (n - i == 1) {
		v = (unsigned)p[i] << 16;
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (n - i == 2) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
	return out;
}

struct mr_spotify *
mr_spotify_new(const struct mr_config *cfg, struct mr_db *db)
{
	struct mr_spotify *s;
	char *id, *secret, *pair, *v;

	id = mr_config_strdup(cfg, "spotify", "client_id");
	secret = mr_config_strdup(cfg, "spotify", "client_secret");
	if (id == NULL || secret == NULL) {
		free(id);
		free(secret);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->db = db;
	s->client_id = id;
	pair = xasprintf("%s:%s", id, secret);
	s->basic = base64(pair);
	/* Do not leave the secret lying around in freed memory. */
	memset(pair, 0, strlen(pair));
	memset(secret, 0, strlen(secret));
	free(pair);
	free(secret);
	v = mr_config_strdup(cfg, "spotify", "base_url");
	s->base = v ? v : xstrdup(SP_BASE);
	v = mr_config_strdup(cfg, "spotify", "token_url");
	s->token_url = v ? v : xstrdup(SP_TOKEN_URL);
	s->rate = mr_config_double(cfg, "spotify", "rate", 5.5);
	s->ttl_search = mr_config_long(cfg, "cache", "ttl_search", 86400);
	s->ttl_details = mr_config_long(cfg, "cache", "ttl_details", 604800);
	s->ttl_negative = mr_config_long(cfg, "cache", "ttl_negative", 3600);
	return s;
}

void
mr_spotify_free(struct mr_spotify *s)
{
	if (s == NULL)
		return;
	free(s->base);
	free(s->token_url);
	free(s->client_id);
	if (s->basic != NULL)
		memset(s->basic, 0, strlen(s->basic));
	free(s->basic);
	free(s->token);
	free(s);
}

/* Load a token another process (or an earlier run) stored. */
static void
token_from_db(struct mr_spotify *s)
{
	char *v;
	json_t *o;
	const char *tok, *cid;
	double exp;

	s->db_checked = 1;
	if (s->db == NULL)
		return;
	v = mr_db_meta_get(s->db, SP_META_KEY);
	if (v == NULL)
		return;
	o = json_loads(v, 0, NULL);
	tok = mr_jstr(o, "access_token");
	cid = mr_jstr(o, "client_id");
	exp = mr_jnum(o, "expires_at", NULL);
	if (tok != NULL && cid != NULL && strcmp(cid, s->client_id) == 0 &&
	    exp - SP_EARLY_S > mr_wall_s()) {
		free(s->token);
		s->token = xstrdup(tok);
		s->expires_at = exp;
	}
	json_decref(o);
	memset(v, 0, strlen(v));
	free(v);
}

const char *
mr_spotify_token(struct mr_spotify *s)
{
	if (s->token != NULL && s->expires_at - SP_EARLY_S > mr_wall_s())
		return s->token;
	if (s->token != NULL) {
		free(s->token);
		s->token = NULL;
	}
	if (!s->db_checked)
		token_from_db(s);
	return s->token;
}

struct mr_ureq *
mr_spotify_token_req(const struct mr_spotify *s)
{
	struct mr_ureq *u = mr_ureq_new();

	mr_ureq_set_url(u, xstrdup(s->token_url));
	u->http.label = "spotify-accounts";
	mr_ureq_header(u, "Authorization: Basic %s", s->basic);
	mr_ureq_header(u, "Content-Type: application/x-www-form-urlencoded");
	mr_ureq_header(u, "Accept: application/json");
	mr_ureq_set_body(u, "POST", "grant_type=client_credentials");
	return u;
}

enum mr_rc
mr_spotify_token_take(struct mr_spotify *s, const struct mr_ureq *u,
    struct mr_err *err)
{
	json_t *root = NULL, *m = NULL;
	const char *tok, *desc;
	double ttl;
	char *v;
	enum mr_rc rc;

	if (u->http.status == 400 || u->http.status == 401) {
		root = mr_jparse(u->http.resp, u->http.resp_len);
		desc = mr_jstr(root, "error_description");
		rc = mr_err_set(err, MR_EAUTH, (int)u->http.status,
		    "spotify.auth", "spotify: token: HTTP %ld: %s",
		    u->http.status, desc ? desc : "credentials refused");
		goto out;
	}
	rc = mr_ureq_check(u, "spotify", "token", err);
	if (rc != MR_OK)
		goto out;
	root = mr_jparse(u->http.resp, u->http.resp_len);
	tok = mr_jstr(root, "access_token");
	ttl = (double)mr_jlong(root, "expires_in", 3600);
	if (tok == NULL || *tok == '\0') {
		rc = mr_err_set(err, MR_EPARSE, 0, "spotify.parse",
		    "spotify: token answer has no access_token");
		goto out;
	}
	free(s->token);
	s->token = xstrdup(tok);
	s->expires_at = mr_wall_s() + ttl;
	if (s->db != NULL) {
		m = json_pack("{s:s, s:s, s:f}", "client_id", s->client_id,
		    "access_token", tok, "expires_at", s->expires_at);
		v = m ? json_dumps(m, JSON_COMPACT) : NULL;
		/* A token that cannot be cached is still usable now. */
		if (v != NULL)
			(void)mr_db_meta_set(s->db, SP_META_KEY, v, NULL);
		free(v);
	}
out:
	json_decref(m);
	json_decref(root);
	return rc;
}

void
mr_spotify_token_drop(struct mr_spotify *s)
{
	free(s->token);
	s->token = NULL;
	s->expires_at = 0;
	s->db_checked = 1;
	if (s->db != NULL)
		(void)mr_db_meta_set(s->db, SP_META_KEY, "{}", NULL);
}

static struct mr_ureq *
sp_req(const struct mr_spotify *s, const char *path, const char *query)
{
	struct mr_ureq *u = mr_ureq_new();
	char *base = mr_ureq_join(s->base, path);

	mr_ureq_set_url(u, xasprintf("%s%s%s", base, query ? "?" : "",
	    query ? query : ""));
	free(base);
	mr_ureq_header(u, "Authorization: Bearer %s",
	    s->token ? s->token : "");
	mr_ureq_header(u, "Accept: application/json");
	u->http.rate_key = "spotify";
	u->http.rate_per_s = s->rate;
	return u;
}

struct mr_ureq *
mr_spotify_search(const struct mr_spotify *s, const char *q,
    const char *types, int limit)
{
	struct mr_ureq *u;
	char *e, *query;

	if (limit < 1)
		limit = 1;
	if (limit > 10)
		limit = 10;
	e = mr_http_escape(q);
	query = xasprintf("q=%s&type=%s&limit=%d", e, types, limit);
	u = sp_req(s, "search", query);
	mr_ureq_cache(u, s->ttl_search, s->ttl_negative, mr_spotify_empty);
	free(query);
	free(e);
	return u;
}

struct mr_ureq *
mr_spotify_get(const struct mr_spotify *s, int album, const char *id)
{
	struct mr_ureq *u;
	char *e, *p;

	e = mr_http_escape(id);
	p = xasprintf("%s/%s", album ? "albums" : "artists", e);
	u = sp_req(s, p, NULL);
	mr_ureq_cache(u, s->ttl_details, s->ttl_negative, NULL);
	free(p);
	free(e);
	return u;
}

static void
parse_artist(const json_t *a, int rank, struct mr_hits *out)
{
	struct mr_hit *h;
	const char *name = mr_jstr(a, "name"), *id = mr_jstr(a, "id");
	json_t *f, *img;

	if (name == NULL || id == NULL)
		return;
	h = mr_hits_add(out);
	h->kind = MR_HIT_ARTIST;
	h->source = MR_HSRC_SPOTIFY;
	h->rank = rank;
	h->title = xstrdup(name);
	h->spotify_id = xstrdup(id);
	h->popularity = mr_jnum(a, "popularity", &h->has_popularity);
	f = mr_jobj(a, "followers");
	h->followers = mr_jlong(f, "total", 0);
	h->has_followers = f != NULL && mr_jlong(f, "total", -1) >= 0;
	img = mr_jarr(a, "images");
	h->has_image = img != NULL && json_array_size(img) > 0;
}

static void
parse_album(const json_t *a, int rank, struct mr_hits *out)
{
	struct mr_hit *h;
	const char *name = mr_jstr(a, "name"), *id = mr_jstr(a, "id");
	const char *t;
	json_t *arts, *img;

	if (name == NULL || id == NULL)
		return;
	h = mr_hits_add(out);
	h->kind = MR_HIT_ALBUM;
	h->source = MR_HSRC_SPOTIFY;
	h->rank = rank;
	h->title = xstrdup(name);
	h->spotify_id = xstrdup(id);
	h->year = mr_hit_year(mr_jstr(a, "release_date"));
	h->popularity = mr_jnum(a, "popularity", &h->has_popularity);
	arts = mr_jarr(a, "artists");
	if (arts != NULL && (t = mr_jstr(json_array_get(arts, 0), "name")))
		h->artist = xstrdup(t);
	if (arts != NULL && (t = mr_jstr(json_array_get(arts, 0), "id")))
		h->artist_spotify_id = xstrdup(t);
	if ((t = mr_jstr(a, "album_type")) != NULL)
		h->type = xstrdup(t);
	img = mr_jarr(a, "images");
	h->has_image = img != NULL && json_array_size(img) > 0;
}

enum mr_rc
mr_spotify_parse_search(const char *body, size_t len, size_t max,
    struct mr_hits *out, struct mr_err *err)
{
	json_t *root, *items, *it;
	size_t i;
	enum mr_rc rc = MR_OK;

	root = mr_jparse(body, len);
	if (!json_is_object(root) || (mr_jobj(root, "artists") == NULL &&
	    mr_jobj(root, "albums") == NULL)) {
		rc = mr_err_set(err, MR_EPARSE, 0, "spotify.parse",
		    "spotify: search answer has no artists or albums");
		goto out;
	}
	items = mr_jarr(mr_jobj(root, "artists"), "items");
	json_array_foreach(items, i, it) {
		if (max > 0 && i >= max)
			break;
		parse_artist(it, (int)i, out);
	}
	items = mr_jarr(mr_jobj(root, "albums"), "items");
	json_array_foreach(items, i, it) {
		if (max > 0 && i >= max)
			break;
		parse_album(it, (int)i, out);
	}
out:
	json_decref(root);
	return rc;
}

enum mr_rc
mr_spotify_parse_object(const char *body, size_t len, int album,
    struct mr_hits *out, struct mr_err *err)
{
	json_t *root;
	size_t n0 = out->n;
	enum mr_rc rc = MR_OK;

	root = mr_jparse(body, len);
	if (album)
		parse_album(root, 0, out);
	else
		parse_artist(root, 0, out);
	if (out->n == n0)
		rc = mr_err_set(err, MR_EPARSE, 0, "spotify.parse",
		    "spotify: %s answer has no id or name",
		    album ? "album" : "artist");
	json_decref(root);
	return rc;
}

int
mr_spotify_empty(const char *body, size_t len)
{
	json_t *root = mr_jparse(body, len);
	json_t *a = mr_jarr(mr_jobj(root, "artists"), "items");
	json_t *b = mr_jarr(mr_jobj(root, "albums"), "items");
	int empty = (a != NULL || b != NULL) && json_array_size(a) == 0 &&
	    json_array_size(b) == 0;

	json_decref(root);
	return empty;
}

enum mr_rc
mr_spotify_check(const struct mr_ureq *u, struct mr_err *err)
{
	json_t *root = NULL;
	const char *msg = NULL;
	enum mr_rc rc;

	if (u->http.status >= 400) {
		root = mr_jparse(u->http.resp, u->http.resp_len);
		msg = mr_jstr(mr_jobj(root, "error"), "message");
	}
	rc = mr_ureq_check(u, "spotify", msg, err);
	json_decref(root);
	return rc;
}
