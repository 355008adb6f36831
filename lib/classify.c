/*
 * classify.c: free text in, the record of DESIGN.md 3.3 out.
 *
 * Every query is a job that moves through two rounds of requests on one
 * shared struct mr_http (so up to opts->jobs queries are in flight at
 * once and their requests overlap):
 *
 *   round 1  TMDb search/movie and search/tv, Spotify artist+album search
 *            (its token request in the same round when none is cached),
 *            or MusicBrainz artist and release-group search when Spotify
 *            is not configured; ids and links in the query are looked up
 *            instead.  TV external_ids of likely winners start as soon as
 *            the TV search returns.
 *   round 2  after scoring: the ids of the best candidate (and of the
 *            options when ambiguous) along the chains of resolve.h.
 *
 * A source that fails lowers the confidence and is named in "why"; a
 * music answer while TMDb failed is never confident.  Every upstream
 * answer goes through the cache (http module).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "cache.h"
#include "classify.h"
#include "config.h"
#include "db.h"
#include "hit.h"
#include "http.h"
#include "jsonl.h"
#include "log.h"
#include "musicbrainz.h"
#include "query.h"
#include "ratelimit.h"
#include "resolve.h"
#include "score.h"
#include "spotify.h"
#include "text.h"
#include "tmdb.h"
#include "ureq.h"

#define TMDB_MAX_RESULTS 20
#define SPOTIFY_LIMIT 10
#define MB_LIMIT 10
#define EARLY_EXT_MAX 3
/* Results whose alternative titles are fetched when none is named. */
#define ALT_TITLES_MAX 2
#define EXT_MAX 6
#define RESOLVE_MAX 3
#define SP_ARTISTS_MAX 2
#define SP_PLANS 2
#define EARLY_LIDARR_MAX 2
#define DEGRADED_MUSIC_CAP 0.3
#define DEGRADED_FACTOR 0.85

/* Where a request's answer goes (struct mr_ureq kind). */
enum rkind {
	RK_TOKEN = 1,
	RK_TMDB_MOVIE,		/* arg: 1 when searched with a year */
	RK_TMDB_TV,
	RK_SP_SEARCH,
	RK_MB_ARTIST,
	RK_MB_RG,
	RK_SONARR_SEARCH,	/* Sonarr lookup as the TV source */
	RK_RADARR_SEARCH,	/* Radarr lookup as the movie source */
	RK_LIDARR_SEARCH,	/* Lidarr lookup as the music source */
	RK_EXT_EARLY,		/* arg: slot */
	RK_FIND,		/* arg: 1 for tvdb_id */
	RK_DETAILS,		/* arg: 1 for tv */
	RK_SP_GET,		/* arg: 1 for album */
	RK_MB_LOOKUP,		/* arg: 1 for release group */
	RK_SP_ARTIST,		/* an album's artist, for its popularity */
	RK_LIDARR_EARLY,	/* Spotify artists without popularity */
	RK_TMDB_ALT,		/* alternative titles, arg: hit index */
	/* Round 2, arg: candidate index. */
	RK_R_EXT,
	RK_R_SONARR_TMDB,
	RK_R_SONARR_TITLE,
	RK_R_LIDARR,
	RK_R_MB_ARTIST,
	RK_R_MB_RG,
};

/* Sources whose failure is reported. */
enum src {
	S_TMDB = 0,
	S_SPOTIFY,
	S_MB,
	S_SONARR,
	S_LIDARR,
	S_RADARR,
	S_N,
};

static const char *const src_name[S_N] = {
	"tmdb", "spotify", "musicbrainz", "sonarr", "lidarr", "radarr",
};

/* The popularity of an album's artist (Spotify search albums lack it). */
struct sp_artist {
	char *id;
	double popularity;
	int has_popularity;
	long followers;
	int has_followers;
};

struct early_ext {
	long tmdb_id;
	long tvdb_id;
	char *imdb;
	int state;		/* 0 pending, 1 done, 2 failed */
};

/* Resolution state of one candidate in round 2. */
struct rstate {
	int active;
	int tried_lidarr;
	int tried_mb;
	int tried_sonarr_tmdb;
	int tried_sonarr_title;
	int tried_query;	/* the query's title as the name */
	int noted;
};

struct job;

struct mr_classifier {
	const struct mr_config *cfg;
	struct mr_db *db;
	struct mr_cache *cache;
	struct mr_ratelimit *rl;
	struct mr_http *http;
	struct mr_tmdb *tmdb;
	struct mr_spotify *sp;
	struct mr_mb *mb;		/* NULL unless configured */
	struct mr_resolver *res;
	enum mr_http_cache_mode cache_mode;
	/* Spotify token shared by all jobs. */
	int tok_fetching;
	int tok_failed;
	struct mr_err tok_err;
	struct job **tok_wait;
	size_t ntok_wait, captok_wait;
	/* First authentication failure: stops the batch. */
	int auth_failed;
	struct mr_err auth_err;
	const struct mr_classify_opts *opts;
};

struct job {
	struct mr_classifier *c;
	size_t idx;
	const char *text;
	struct mr_query q;
	int types;		/* mask searched */
	double t0;
	int inflight;
	int sp_wait;		/* waiting for the Spotify token */
	char *sp_text[SP_PLANS];	/* Spotify searches (sp_plan) */
	const char *sp_types[SP_PLANS];
	int nsp;
	int sp_pending;		/* bit per plan not sent yet */
	int sp_retried;		/* bit per plan retried after a 401 */
	int phase;		/* 0 round 1, 1 round 2 */
	struct mr_hits hits;
	int tmdb_pending;	/* TMDb searches not answered yet */
	int tmdb_named;		/* one of them named the query's title */
	struct { size_t from, to; int tv; } unnamed[4]; /* answers that did not */
	int nunnamed;
	int src_failed;
	int search_failed;	/* round-1 searches that failed */
	struct mr_err src_err[S_N];
	struct early_ext ext[EXT_MAX];
	int next;
	struct sp_artist spa[SP_ARTISTS_MAX];
	int nspa;
	char *early_lidarr[EARLY_LIDARR_MAX];	/* names looked up */
	int nearly_lidarr;
	struct mr_candidate *cand;
	size_t ncand;
	struct mr_decision dec;
	struct rstate *rs;
	json_t **out;
	struct mr_err fatal;	/* rc != OK: error record */
};

void
mr_classify_opts_init(struct mr_classify_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->matches = 5;
	o->min_confidence = -1;
	o->jobs = 8;
}

/*
 * MusicBrainz needs no key, so it counts as configured when the file or
 * the environment says anything about it (its user_agent, at least).
 */
static int
mb_configured(const struct mr_config *cfg)
{
	return mr_config_has_section(cfg, "musicbrainz");
}

enum mr_rc
mr_classifier_new(const struct mr_config *cfg, struct mr_db *db,
    struct mr_classifier **out, struct mr_err *err)
{
	struct mr_classifier *c;
	struct mr_http_opts ho;
	const char *ca;
	enum mr_rc rc = MR_OK;

	*out = NULL;
	c = xcalloc(1, sizeof(*c));
	c->cfg = cfg;
	c->db = db;
	c->tmdb = mr_tmdb_new(cfg);
	c->sp = mr_spotify_new(cfg, db);
	if (mb_configured(cfg))
		c->mb = mr_mb_new(cfg);
	c->res = mr_resolver_new(cfg);
	if (c->tmdb == NULL && c->sp == NULL && c->mb == NULL &&
	    !mr_resolver_has_sonarr(c->res) &&
	    !mr_resolver_has_radarr(c->res) &&
	    !mr_resolver_has_lidarr(c->res)) {
		rc = mr_err_set(err, MR_ECONFIG, 0, "config.source",
		    "no source configured: set [tmdb] read_access_token or "
		    "api_key, [spotify] client_id and client_secret, or "
		    "[musicbrainz] user_agent");
		goto out;
	}
	memset(&ho, 0, sizeof(ho));
	ho.connect_timeout_ms = mr_config_long(cfg, "http", "connect_timeout",
	    5) * 1000;
	ho.timeout_ms = mr_config_long(cfg, "http", "timeout", 20) * 1000;
	ca = mr_config_str(cfg, "http", "ca_file");
	ho.ca_file = ca != NULL && *ca != '\0' ? ca : NULL;
	if (db != NULL) {
		c->cache = mr_cache_new(db);
		ho.cache = c->cache;
	}
	c->rl = mr_ratelimit_new(db);
	ho.ratelimit = c->rl;
	c->http = mr_http_new(&ho);
out:
	if (rc != MR_OK) {
		mr_classifier_free(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

void
mr_classifier_set_observer(struct mr_classifier *c,
    void (*fn)(void *arg, const struct mr_http_req *r), void *arg)
{
	mr_http_set_observer(c->http, fn, arg);
}

void
mr_classifier_free(struct mr_classifier *c)
{
	if (c == NULL)
		return;
	mr_http_free(c->http);
	mr_ratelimit_free(c->rl);
	mr_cache_free(c->cache);
	mr_tmdb_free(c->tmdb);
	mr_spotify_free(c->sp);
	mr_mb_free(c->mb);
	mr_resolver_free(c->res);
	free(c->tok_wait);
	free(c);
}

/* ---- requests ---------------------------------------------------------- */

static void
job_add(struct job *j, struct mr_ureq *u, int kind, long arg)
{
	u->owner = j;
	u->kind = kind;
	u->arg = arg;
	u->http.cache_mode = j->c->cache_mode;
	if (kind == RK_TMDB_MOVIE || kind == RK_TMDB_TV)
		j->tmdb_pending++;
	j->inflight++;
	mr_http_add(j->c->http, &u->http);
}

static void
src_fail(struct job *j, enum src s, const struct mr_err *e)
{
	if (!(j->src_failed & (1 << s)))
		j->src_err[s] = *e;
	j->src_failed |= 1 << s;
	if (e->rc == MR_EAUTH && !j->c->auth_failed) {
		j->c->auth_failed = 1;
		j->c->auth_err = *e;
	}
	mr_log_debug("%s: %s", j->text, e->msg);
}

/* ---- round 1 ------------------------------------------------------------ */

/* Send the planned Spotify requests still pending. */
static void
sp_issue(struct job *j)
{
	struct mr_classifier *c = j->c;
	const struct mr_query *q = &j->q;
	int k;

	if (q->id_kind == MR_ID_SPOTIFY_ARTIST ||
	    q->id_kind == MR_ID_SPOTIFY_ALBUM) {
		if (j->sp_pending)
			job_add(j, mr_spotify_get(c->sp,
			    q->id_kind == MR_ID_SPOTIFY_ALBUM, q->id),
			    RK_SP_GET, q->id_kind == MR_ID_SPOTIFY_ALBUM);
		j->sp_pending = 0;
		return;
	}
	for (k = 0; k < j->nsp; k++)
		if (j->sp_pending & (1 << k))
			job_add(j, mr_spotify_search(c->sp, j->sp_text[k],
			    j->sp_types[k], SPOTIFY_LIMIT), RK_SP_SEARCH, k);
	j->sp_pending = 0;
}

/* Plan a Spotify search: the title, or the literal reading (lit). */
static void
sp_plan(struct job *j, int lit)
{
	const struct mr_query *q = &j->q;
	int k = j->nsp;

	if (k >= SP_PLANS)
		return;
	j->sp_types[k] = "artist,album";
	if (lit) {
		j->sp_text[k] = xstrdup(q->literal);
	} else if (q->by != NULL) {
		j->sp_text[k] = xasprintf("album:%s artist:%s", q->title,
		    q->by);
		j->sp_types[k] = "album";
	} else {
		j->sp_text[k] = xstrdup(q->title);
		if (q->music_kind == MR_MUSIC_ALBUM || q->soundtrack)
			j->sp_types[k] = "album";
		else if (q->music_kind == MR_MUSIC_ARTIST)
			j->sp_types[k] = "artist";
	}
	j->sp_pending |= 1 << k;
	j->nsp++;
}

/* Would every pending Spotify request of j be answered by the cache? */
static int
sp_cached(struct job *j)
{
	struct mr_ureq *u;
	char *key, *body;
	size_t len;
	long status;
	int k, hit = 1;

	if (j->c->cache == NULL || j->c->cache_mode != MR_CACHE_USE ||
	    j->q.id_kind != MR_ID_NONE)
		return 0;
	for (k = 0; k < j->nsp && hit; k++) {
		if (!(j->sp_pending & (1 << k)))
			continue;
		/* Build the request only to learn its cache key. */
		u = mr_spotify_search(j->c->sp, j->sp_text[k], j->sp_types[k],
		    SPOTIFY_LIMIT);
		key = mr_ureq_cache_key(u);
		body = NULL;
		hit = mr_cache_get(j->c->cache, key, &body, &len,
		    &status) == MR_OK;
		free(body);
		free(key);
		mr_ureq_free(u);
	}
	return hit;
}

static void
sp_start(struct job *j)
{
	struct mr_classifier *c = j->c;

	if (c->tok_failed) {
		src_fail(j, S_SPOTIFY, &c->tok_err);
		j->search_failed |= 1 << S_SPOTIFY;
		return;
	}
	if (mr_spotify_token(c->sp) != NULL || sp_cached(j)) {
		sp_issue(j);
		return;
	}
	/* Already waiting: the token's arrival sends everything pending. */
	if (j->sp_wait)
		return;
	if (c->ntok_wait == c->captok_wait) {
		c->captok_wait = c->captok_wait ? 2 * c->captok_wait : 16;
		c->tok_wait = xrealloc(c->tok_wait,
		    c->captok_wait * sizeof(*c->tok_wait));
	}
	c->tok_wait[c->ntok_wait++] = j;
	j->sp_wait = 1;
	if (!c->tok_fetching) {
		struct mr_ureq *u = mr_spotify_token_req(c->sp);

		u->owner = NULL;
		u->kind = RK_TOKEN;
		c->tok_fetching = 1;
		mr_http_add(c->http, &u->http);
	}
}

static void
tmdb_start(struct job *j)
{
	struct mr_classifier *c = j->c;
	const struct mr_query *q = &j->q;
	int year = q->year_explicit ? q->year : 0;

	/*
	 * TV first: its answer starts the external_ids request, and the
	 * rate limit spaces TMDb requests 1/rate apart.
	 */
	if (j->types & MR_TYPE_TV)
		job_add(j, mr_tmdb_search(c->tmdb, 1, q->title, year),
		    RK_TMDB_TV, year > 0);
	if (j->types & MR_TYPE_MOVIE)
		job_add(j, mr_tmdb_search(c->tmdb, 0, q->title, year),
		    RK_TMDB_MOVIE, year > 0);
}

static void
mb_start(struct job *j)
{
	struct mr_classifier *c = j->c;
	const struct mr_query *q = &j->q;

	if (q->music_kind != MR_MUSIC_ALBUM && !q->soundtrack && q->by == NULL)
		job_add(j, mr_mb_search_artist(c->mb, q->title, 0, MB_LIMIT),
		    RK_MB_ARTIST, 0);
	if (q->music_kind != MR_MUSIC_ARTIST)
		job_add(j, mr_mb_search_rg(c->mb, q->title, q->by, MB_LIMIT),
		    RK_MB_RG, 0);
}

/* Ids and links in the query: look them up instead of searching. */
static int
ids_start(struct job *j)
{
	struct mr_classifier *c = j->c;
	const struct mr_query *q = &j->q;
	long id;

	switch (q->id_kind) {
	case MR_ID_IMDB:
		if (c->tmdb == NULL)
			return 0;
		job_add(j, mr_tmdb_find(c->tmdb, q->id, "imdb_id"), RK_FIND, 0);
		return 1;
	case MR_ID_TVDB:
		if (c->tmdb != NULL)
			job_add(j, mr_tmdb_find(c->tmdb, q->id, "tvdb_id"),
			    RK_FIND, 1);
		if (mr_resolver_has_sonarr(c->res)) {
			char *t = xasprintf("tvdb:%s", q->id);

			job_add(j, mr_resolve_sonarr_lookup(c->res, t),
			    RK_SONARR_SEARCH, 0);
			free(t);
		}
		return c->tmdb != NULL || mr_resolver_has_sonarr(c->res);
	case MR_ID_TMDB:
	case MR_ID_TMDB_MOVIE:
	case MR_ID_TMDB_TV:
		if (c->tmdb == NULL ||
		    mr_parse_long(q->id, 1, 1L << 40, &id) != 0)
			return 0;
		if (q->id_kind != MR_ID_TMDB_TV && (j->types & MR_TYPE_MOVIE))
			job_add(j, mr_tmdb_details(c->tmdb, 0, id),
			    RK_DETAILS, 0);
		if (q->id_kind != MR_ID_TMDB_MOVIE && (j->types & MR_TYPE_TV))
			job_add(j, mr_tmdb_details(c->tmdb, 1, id),
			    RK_DETAILS, 1);
		return 1;
	case MR_ID_MBID:
	case MR_ID_MB_ARTIST:
	case MR_ID_MB_RELEASE_GROUP:
		if (c->mb == NULL)
			return 0;
		if (q->id_kind != MR_ID_MB_RELEASE_GROUP)
			job_add(j, mr_mb_lookup(c->mb, 0, q->id),
			    RK_MB_LOOKUP, 0);
		if (q->id_kind != MR_ID_MB_ARTIST)
			job_add(j, mr_mb_lookup(c->mb, 1, q->id),
			    RK_MB_LOOKUP, 1);
		return 1;
	case MR_ID_SPOTIFY_ARTIST:
	case MR_ID_SPOTIFY_ALBUM:
		if (c->sp == NULL)
			return 0;
		j->sp_pending = 1;
		sp_start(j);
		return 1;
	default:
		return 0;
	}
}

static int
types_of(const struct mr_classify_opts *o, const struct mr_query *q)
{
	int t = o->types ? o->types : MR_TYPE_ANY;

	switch (q->type_hint) {
	case MR_MEDIA_MOVIE:
		t &= MR_TYPE_MOVIE;
		break;
	case MR_MEDIA_TV:
		t &= MR_TYPE_TV;
		break;
	case MR_MEDIA_MUSIC:
		t &= MR_TYPE_MUSIC;
		break;
	default:
		break;
	}
	return t ? t : (o->types ? o->types : MR_TYPE_ANY);
}

/*
 * "Band of Brothers", "Blade Runner 2049", "Scary Movie": the words taken
 * for a hint or a year may be part of the title.  Search the literal
 * reading too, with no type restriction from the hint, where it costs
 * little (TMDb), and on Spotify only when music was not searched.
 */
static void
literal_start(struct job *j)
{
	struct mr_classifier *c = j->c;
	int allowed = c->opts->types ? c->opts->types : MR_TYPE_ANY;

	if (c->tmdb != NULL) {
		if (allowed & MR_TYPE_TV)
			job_add(j, mr_tmdb_search(c->tmdb, 1, j->q.literal, 0),
			    RK_TMDB_TV, 2);
		if (allowed & MR_TYPE_MOVIE)
			job_add(j, mr_tmdb_search(c->tmdb, 0, j->q.literal, 0),
			    RK_TMDB_MOVIE, 2);
	}
	/*
	 * A bare trailing number ("Live 2003") or a hint word ("Sgt.
	 * Pepper's Lonely Hearts Club Band") may be the title's.
	 */
	if (c->sp != NULL && (allowed & MR_TYPE_MUSIC) &&
	    (!(j->types & MR_TYPE_MUSIC) ||
	    (j->q.year > 0 && !j->q.year_explicit) ||
	    j->q.music_kind != MR_MUSIC_NONE))
		sp_plan(j, 1);
}

static void title_start(struct job *);

static void
job_start(struct job *j)
{
	struct mr_classifier *c = j->c;
	const struct mr_classify_opts *o = c->opts;
	struct mr_err e;

	j->t0 = mr_now_ms();
	mr_query_init(&j->q);
	mr_err_clear(&e);
	if (mr_query_parse(&j->q, j->text, &e) != MR_OK) {
		j->fatal = e;
		return;
	}
	if (o->year > 0) {
		j->q.year = o->year;
		j->q.year_explicit = 1;
	}
	if (o->types == MR_TYPE_MOVIE)
		j->q.type_hint = MR_MEDIA_MOVIE;
	else if (o->types == MR_TYPE_TV)
		j->q.type_hint = MR_MEDIA_TV;
	else if (o->types == MR_TYPE_MUSIC)
		j->q.type_hint = MR_MEDIA_MUSIC;
	j->types = types_of(o, &j->q);
	if (c->auth_failed) {
		j->fatal = c->auth_err;
		return;
	}
	if (j->q.id_kind != MR_ID_NONE && ids_start(j))
		return;
	if (j->q.title != NULL && *j->q.title != '\0')
		title_start(j);
	if (j->q.literal != NULL && *j->q.literal != '\0')
		literal_start(j);
	if (j->nsp > 0)
		sp_start(j);
	if (j->inflight == 0 && !j->sp_wait && j->hits.n == 0 &&
	    !j->src_failed)
		mr_err_set(&j->fatal, MR_EINVAL, 0, "query.empty",
		    "nothing to search for");
}

/* Round 1 searches for the title. */
static void
title_start(struct job *j)
{
	struct mr_classifier *c = j->c;

	if (j->types & (MR_TYPE_MOVIE | MR_TYPE_TV)) {
		if (c->tmdb != NULL) {
			tmdb_start(j);
		} else {
			/* No TMDb: the *arr lookups are the film and TV
			 * sources (their metadata comes from TMDb/TVDB). */
			if ((j->types & MR_TYPE_TV) &&
			    mr_resolver_has_sonarr(c->res)) {
				job_add(j, mr_resolve_sonarr_lookup(c->res,
				    j->q.title), RK_SONARR_SEARCH, 0);
			}
			if ((j->types & MR_TYPE_MOVIE) &&
			    mr_resolver_has_radarr(c->res)) {
				job_add(j, mr_resolve_radarr_lookup(c->res,
				    j->q.title), RK_RADARR_SEARCH, 0);
			}
		}
	}
	if (j->types & MR_TYPE_MUSIC) {
		if (c->sp != NULL) {
			sp_plan(j, 0);
		} else if (c->mb != NULL) {
			mb_start(j);
		} else if (mr_resolver_has_lidarr(c->res)) {
			job_add(j, mr_resolve_lidarr_lookup(c->res,
			    j->q.music_kind == MR_MUSIC_ALBUM, j->q.title),
			    RK_LIDARR_SEARCH,
			    j->q.music_kind == MR_MUSIC_ALBUM);
		}
	}
}

/* The closer of the title and the literal reading to t. */
static enum mr_text_match
best_match(const struct mr_query *q, const char *t)
{
	enum mr_text_match m = MR_TEXT_NONE, l;

	if (q->title != NULL && *q->title != '\0')
		m = mr_text_title_match(q->title, t, NULL);
	if (q->literal != NULL &&
	    (l = mr_text_title_match(q->literal, t, NULL)) < m)
		m = l;
	return m;
}

/* The TV search returned: fetch external ids of likely winners now. */
static void
early_ext(struct job *j, size_t from)
{
	struct mr_classifier *c = j->c;
	struct mr_hit *h;
	size_t i;
	enum mr_text_match m;

	for (i = from; i < j->hits.n && j->next < EARLY_EXT_MAX; i++) {
		h = &j->hits.v[i];
		if (h->kind != MR_HIT_TV || h->rank >= 5)
			continue;
		m = best_match(&j->q, h->title);
		if (m > MR_TEXT_EQUIV && h->original_title != NULL)
			m = best_match(&j->q, h->original_title);
		/* The first result, and equal titles among the next few. */
		if (h->rank > 0 && m > MR_TEXT_EQUIV)
			continue;
		j->ext[j->next].tmdb_id = h->tmdb_id;
		j->ext[j->next].state = 0;
		job_add(j, mr_tmdb_external_ids(c->tmdb, 1, h->tmdb_id),
		    RK_EXT_EARLY, j->next);
		j->next++;
	}
}

/* Does the query (either reading) name this title closely? */
static int
title_close(const struct mr_query *q, const char *t)
{
	if (t == NULL)
		return 0;
	if (q->title != NULL &&
	    mr_text_title_match(q->title, t, NULL) <= MR_TEXT_TYPO)
		return 1;
	return q->literal != NULL &&
	    mr_text_title_match(q->literal, t, NULL) <= MR_TEXT_TYPO;
}

/*
 * A TMDb search answered with titles that the query does not name (nor
 * their original titles): TMDb matched another title, e.g. "Die
 * fabelhafte Welt der Amelie" for "Amelie".  Note the answer; when every
 * TMDb search of the job has answered and none named the query, fetch the
 * alternative titles of their first results, so that scoring can see the
 * query's title.  Waiting for all of them keeps "Dexter" (films only
 * partly named, the show exactly) at two round trips.
 */
static void
alt_note(struct job *j, size_t from, int tv)
{
	size_t i;

	for (i = from; i < j->hits.n; i++)
		if (title_close(&j->q, j->hits.v[i].title) ||
		    title_close(&j->q, j->hits.v[i].original_title)) {
			j->tmdb_named = 1;
			return;
		}
	if (from < j->hits.n && j->nunnamed < (int)MR_ARRAY_LEN(j->unnamed)) {
		j->unnamed[j->nunnamed].from = from;
		j->unnamed[j->nunnamed].to = j->hits.n;
		j->unnamed[j->nunnamed].tv = tv;
		j->nunnamed++;
	}
}

static void
alt_titles(struct job *j)
{
	size_t i;
	int k;

	if (j->tmdb_pending > 0 || j->tmdb_named)
		return;
	for (k = 0; k < j->nunnamed; k++) {
		for (i = j->unnamed[k].from; i < j->unnamed[k].to; i++)
			if (j->hits.v[i].rank < ALT_TITLES_MAX)
				job_add(j, mr_tmdb_alt_titles(j->c->tmdb,
				    j->unnamed[k].tv, j->hits.v[i].tmdb_id),
				    RK_TMDB_ALT, (long)i);
	}
	j->nunnamed = 0;
}

/*
 * Spotify search items carry no album popularity; an album that is named
 * by the query needs its artist's, or every film of that title outranks
 * it.  Fetch the artist when the same answer did not list it.
 */
static void
album_artists(struct job *j, size_t from)
{
	struct mr_hit *h;
	size_t i, k;
	int m, listed;

	for (i = from; i < j->hits.n && j->nspa < SP_ARTISTS_MAX; i++) {
		h = &j->hits.v[i];
		if (h->kind != MR_HIT_ALBUM || h->artist_spotify_id == NULL ||
		    !title_close(&j->q, h->title))
			continue;
		listed = 0;
		for (k = 0; k < j->hits.n && !listed; k++)
			listed = j->hits.v[k].kind == MR_HIT_ARTIST &&
			    j->hits.v[k].spotify_id != NULL &&
			    strcmp(j->hits.v[k].spotify_id,
			    h->artist_spotify_id) == 0;
		for (m = 0; m < j->nspa && !listed; m++)
			listed = strcmp(j->spa[m].id,
			    h->artist_spotify_id) == 0;
		if (listed)
			continue;
		j->spa[j->nspa].id = xstrdup(h->artist_spotify_id);
		job_add(j, mr_spotify_get(j->c->sp, 0, h->artist_spotify_id),
		    RK_SP_ARTIST, j->nspa);
		j->nspa++;
	}
}

/*
 * Spotify apps in Development Mode get artists without popularity or
 * followers: a band would then lose to any film of its name.  Lidarr's
 * lookup knows the artist's votes (and its MBID, which round 2 would ask
 * for anyway), so ask it now for artists the query names.
 */
static void
early_lidarr(struct job *j, size_t from)
{
	struct mr_hit *h;
	size_t i;
	int k, seen;

	if (!mr_resolver_has_lidarr(j->c->res) ||
	    (j->src_failed & (1 << S_LIDARR)))
		return;
	for (i = from; i < j->hits.n &&
	    j->nearly_lidarr < EARLY_LIDARR_MAX; i++) {
		h = &j->hits.v[i];
		if (h->kind != MR_HIT_ARTIST || h->source != MR_HSRC_SPOTIFY ||
		    h->has_popularity || h->has_followers ||
		    !title_close(&j->q, h->title))
			continue;
		for (k = 0, seen = 0; k < j->nearly_lidarr && !seen; k++)
			seen = strcmp(j->early_lidarr[k], h->title) == 0;
		if (seen)
			continue;
		j->early_lidarr[j->nearly_lidarr] = xstrdup(h->title);
		job_add(j, mr_resolve_lidarr_lookup(j->c->res, 0, h->title),
		    RK_LIDARR_EARLY, j->nearly_lidarr);
		j->nearly_lidarr++;
	}
}

/*
 * Give the Spotify artists named name the votes and MBIDs of Lidarr's
 * artists of that name, pairing them in rank order (both services rank
 * namesakes by demand).
 */
static void
early_lidarr_take(struct job *j, const char *name, const struct mr_hits *lh)
{
	size_t i, k = 0;
	struct mr_hit *h;

	for (i = 0; i < j->hits.n; i++) {
		h = &j->hits.v[i];
		if (h->kind != MR_HIT_ARTIST || h->source != MR_HSRC_SPOTIFY ||
		    h->mbid != NULL || strcmp(h->title, name) != 0)
			continue;
		for (; k < lh->n; k++)
			if (lh->v[k].mbid != NULL &&
			    mr_text_title_match(name, lh->v[k].title, NULL) <=
			    MR_TEXT_EQUIV)
				break;
		if (k == lh->n)
			return;
		h->votes = lh->v[k].votes;
		h->mbid = xstrdup(lh->v[k].mbid);
		k++;
	}
}

/* ---- round 2 ------------------------------------------------------------ */

static void resolve_next(struct job *j, size_t i);

static struct early_ext *
ext_of(struct job *j, long tmdb_id)
{
	int k;

	for (k = 0; k < j->next; k++)
		if (j->ext[k].tmdb_id == tmdb_id)
			return &j->ext[k];
	return NULL;
}

static void
set_tvdb(struct mr_candidate *cd, long tvdb, const char *imdb,
    const char *how)
{
	if (tvdb > 0 && cd->tvdb_id <= 0) {
		cd->tvdb_id = tvdb;
		mr_candidate_add_why(cd, "tvdb via %s", how);
	}
	if (imdb != NULL && cd->imdb_id == NULL)
		mr_candidate_set(&cd->imdb_id, imdb);
}

/* Start the next step of candidate i's id chain, or end it. */
static void
resolve_next(struct job *j, size_t i)
{
	struct mr_classifier *c = j->c;
	struct mr_candidate *cd = &j->cand[i];
	struct rstate *rs = &j->rs[i];
	struct early_ext *x;
	char *t;

	rs->active = 0;
	if (cd->media_type == MR_MEDIA_TV) {
		if (cd->tvdb_id > 0)
			return;
		x = ext_of(j, cd->tmdb_id);
		if (cd->tmdb_id > 0 && c->tmdb != NULL && x == NULL &&
		    j->next < EXT_MAX) {
			j->ext[j->next].tmdb_id = cd->tmdb_id;
			j->ext[j->next].state = 0;
			j->next++;
			rs->active = 1;
			job_add(j, mr_tmdb_external_ids(c->tmdb, 1,
			    cd->tmdb_id), RK_R_EXT, (long)i);
			return;
		}
		if (x != NULL && x->state == 0) {
			/* Its early request is still running: wait for it. */
			rs->active = 1;
			return;
		}
		if (x != NULL && x->state == 1 && !rs->noted) {
			rs->noted = 1;
			mr_candidate_add_why(cd,
			    "tmdb external_ids has no tvdb id");
		}
		if (!mr_resolver_has_sonarr(c->res)) {
			mr_candidate_add_why(cd, "no tvdb id (sonarr not "
			    "configured): external_id null");
			return;
		}
		if (cd->tmdb_id > 0 && !rs->tried_sonarr_tmdb) {
			rs->tried_sonarr_tmdb = 1;
			t = xasprintf("tmdb:%ld", cd->tmdb_id);
			rs->active = 1;
			job_add(j, mr_resolve_sonarr_lookup(c->res, t),
			    RK_R_SONARR_TMDB, (long)i);
			free(t);
			return;
		}
		if (!rs->tried_sonarr_title) {
			rs->tried_sonarr_title = 1;
			rs->active = 1;
			job_add(j, mr_resolve_sonarr_lookup(c->res, cd->title),
			    RK_R_SONARR_TITLE, (long)i);
			return;
		}
		mr_candidate_add_why(cd, "no tvdb id from tmdb or sonarr: "
		    "external_id null");
		return;
	}
	if (cd->media_type != MR_MEDIA_MUSIC)
		return;
	if (cd->music_kind == MR_MUSIC_ARTIST && cd->mbid != NULL)
		return;
	if (cd->music_kind == MR_MUSIC_ALBUM && cd->rg_mbid != NULL &&
	    cd->mbid != NULL)
		return;
	if (mr_resolver_has_lidarr(c->res) && !rs->tried_lidarr &&
	    !(j->src_failed & (1 << S_LIDARR))) {
		rs->tried_lidarr = 1;
		rs->active = 1;
		job_add(j, mr_resolve_lidarr_lookup(c->res,
		    cd->music_kind == MR_MUSIC_ALBUM, cd->title), RK_R_LIDARR,
		    (long)i);
		return;
	}
	/*
	 * "Fort Minor (Featuring Mr. Hahn)" on Spotify is "Fort Minor"
	 * elsewhere: look the query's own title up too.
	 */
	if (mr_resolver_has_lidarr(c->res) && !rs->tried_query &&
	    !(j->src_failed & (1 << S_LIDARR)) && j->q.title != NULL &&
	    *j->q.title != '\0' && strcmp(j->q.title, cd->title) != 0) {
		rs->tried_query = 1;
		rs->active = 1;
		job_add(j, mr_resolve_lidarr_lookup(c->res,
		    cd->music_kind == MR_MUSIC_ALBUM, j->q.title), RK_R_LIDARR,
		    (long)i);
		return;
	}
	if (c->mb != NULL && !rs->tried_mb) {
		rs->tried_mb = 1;
		rs->active = 1;
		if (cd->music_kind == MR_MUSIC_ALBUM)
			job_add(j, mr_mb_search_rg(c->mb, cd->title,
			    cd->artist_name, MB_LIMIT), RK_R_MB_RG, (long)i);
		else
			job_add(j, mr_mb_search_artist(c->mb, cd->title, 1,
			    MB_LIMIT), RK_R_MB_ARTIST, (long)i);
		return;
	}
	mr_candidate_add_why(cd, "no musicbrainz id found");
}

/* ---- scoring and the record --------------------------------------------- */

static void
hit_to_cand(const struct job *j, const struct mr_hit *h,
    struct mr_candidate *cd)
{
	const struct mr_hits *all = &j->hits;
	size_t k;
	int i;

	mr_candidate_init(cd);
	switch (h->kind) {
	case MR_HIT_MOVIE:
		cd->media_type = MR_MEDIA_MOVIE;
		break;
	case MR_HIT_TV:
		cd->media_type = MR_MEDIA_TV;
		break;
	case MR_HIT_ARTIST:
		cd->media_type = MR_MEDIA_MUSIC;
		cd->music_kind = MR_MUSIC_ARTIST;
		break;
	case MR_HIT_ALBUM:
		cd->media_type = MR_MEDIA_MUSIC;
		cd->music_kind = MR_MUSIC_ALBUM;
		break;
	}
	switch (h->source) {
	case MR_HSRC_TMDB:
		cd->source = MR_SRC_TMDB;
		if (h->has_popularity)
			cd->tmdb_popularity = h->popularity;
		cd->tmdb_vote_count = (double)h->votes;
		break;
	case MR_HSRC_SPOTIFY:
		cd->source = MR_SRC_SPOTIFY;
		if (h->has_popularity)
			cd->spotify_popularity = h->popularity;
		if (h->has_followers)
			cd->spotify_followers = (double)h->followers;
		/* Lidarr's votes, taken early (Development Mode). */
		if (h->mbid != NULL)
			cd->arr_votes = (double)h->votes;
		break;
	case MR_HSRC_MUSICBRAINZ:
		cd->source = MR_SRC_MUSICBRAINZ;
		cd->mb_score = h->score;
		break;
	case MR_HSRC_SONARR:
		cd->source = MR_SRC_SONARR;
		cd->arr_votes = (double)h->votes;
		break;
	case MR_HSRC_RADARR:
		cd->source = MR_SRC_RADARR;
		cd->arr_votes = (double)h->votes;
		if (h->has_popularity)
			cd->tmdb_popularity = h->popularity;
		break;
	case MR_HSRC_LIDARR:
		cd->source = MR_SRC_LIDARR;
		cd->arr_votes = (double)h->votes;
		break;
	}
	mr_candidate_set(&cd->title, h->title);
	mr_candidate_set(&cd->original_title, h->original_title);
	for (i = 0; i < MR_HIT_MAX_ALT; i++)
		if (h->alt[i] != NULL)
			mr_candidate_add_alt(cd, h->alt[i]);
	cd->year = h->year;
	cd->soundtrack = h->secondary != NULL &&
	    strstr(h->secondary, "Soundtrack") != NULL;
	cd->tmdb_id = h->tmdb_id;
	cd->tvdb_id = h->tvdb_id;
	mr_candidate_set(&cd->imdb_id, h->imdb_id);
	mr_candidate_set(&cd->mbid, h->mbid);
	mr_candidate_set(&cd->rg_mbid, h->rg_mbid);
	mr_candidate_set(&cd->spotify_id, h->spotify_id);
	mr_candidate_set(&cd->artist_name, h->artist);
	/* An album's demand follows its artist's when Spotify told it. */
	if (h->kind == MR_HIT_ALBUM && h->artist != NULL) {
		for (k = 0; k < all->n; k++) {
			const struct mr_hit *a = &all->v[k];

			if (a->kind != MR_HIT_ARTIST ||
			    a->source != MR_HSRC_SPOTIFY ||
			    (h->artist_spotify_id != NULL ?
			    a->spotify_id == NULL ||
			    strcmp(a->spotify_id, h->artist_spotify_id) != 0 :
			    strcmp(a->title, h->artist) != 0))
				continue;
			if (a->has_popularity)
				cd->artist_popularity = a->popularity;
			if (a->has_followers)
				cd->artist_followers = (double)a->followers;
			break;
		}
		for (i = 0; i < j->nspa && h->artist_spotify_id != NULL; i++) {
			if (strcmp(j->spa[i].id, h->artist_spotify_id) != 0)
				continue;
			if (j->spa[i].has_popularity)
				cd->artist_popularity = j->spa[i].popularity;
			if (j->spa[i].has_followers)
				cd->artist_followers =
				    (double)j->spa[i].followers;
		}
		mr_candidate_set(&cd->artist_spotify_id,
		    h->artist_spotify_id);
	}
}

static json_t *
jstr_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static double
round3(double x)
{
	return round(x * 1000.0) / 1000.0;
}

static json_t *
cand_json(const struct mr_candidate *cd, double confidence)
{
	json_t *o, *ids, *why;
	const char *ext_src = NULL;
	char *ext = NULL;
	size_t k;

	o = json_object();
	json_object_set_new(o, "media_type",
	    json_string(mr_media_str(cd->media_type)));
	json_object_set_new(o, "service",
	    json_string(mr_media_service(cd->media_type)));
	if (cd->media_type == MR_MEDIA_MUSIC)
		json_object_set_new(o, "music_kind",
		    json_string(mr_music_kind_str(cd->music_kind)));
	json_object_set_new(o, "title", jstr_or_null(cd->title));
	if (cd->music_kind == MR_MUSIC_ALBUM && cd->artist_name != NULL)
		json_object_set_new(o, "artist", json_string(cd->artist_name));
	json_object_set_new(o, "year",
	    cd->year > 0 ? json_integer(cd->year) : json_null());
	switch (cd->media_type) {
	case MR_MEDIA_MOVIE:
		if (cd->tmdb_id > 0) {
			ext = xasprintf("%ld", cd->tmdb_id);
			ext_src = "tmdb";
		}
		break;
	case MR_MEDIA_TV:
		if (cd->tvdb_id > 0) {
			ext = xasprintf("%ld", cd->tvdb_id);
			ext_src = "tvdb";
		}
		break;
	case MR_MEDIA_MUSIC:
		if (cd->mbid != NULL) {
			ext = xstrdup(cd->mbid);
			ext_src = "musicbrainz";
		}
		break;
	default:
		break;
	}
	json_object_set_new(o, "external_id", jstr_or_null(ext));
	json_object_set_new(o, "id_source", jstr_or_null(ext_src));
	free(ext);
	json_object_set_new(o, "confidence", json_real(round3(confidence)));
	ids = json_object();
	if (cd->tmdb_id > 0)
		json_object_set_new(ids, "tmdb", json_integer(cd->tmdb_id));
	if (cd->tvdb_id > 0)
		json_object_set_new(ids, "tvdb", json_integer(cd->tvdb_id));
	if (cd->imdb_id != NULL)
		json_object_set_new(ids, "imdb", json_string(cd->imdb_id));
	if (cd->mbid != NULL)
		json_object_set_new(ids, "musicbrainz", json_string(cd->mbid));
	if (cd->rg_mbid != NULL)
		json_object_set_new(ids, "musicbrainz_album",
		    json_string(cd->rg_mbid));
	if (cd->spotify_id != NULL)
		json_object_set_new(ids, "spotify",
		    json_string(cd->spotify_id));
	json_object_set_new(o, "ids", ids);
	why = json_array();
	for (k = 0; k < cd->nwhy; k++)
		json_array_append_new(why, json_string(cd->why[k]));
	json_object_set_new(o, "why", why);
	return o;
}

static json_t *
parsed_json(const struct mr_query *q)
{
	json_t *p = json_object();

	json_object_set_new(p, "title", jstr_or_null(q->title));
	json_object_set_new(p, "year",
	    q->year > 0 ? json_integer(q->year) : json_null());
	json_object_set_new(p, "hint", jstr_or_null(
	    mr_media_str(q->type_hint)));
	if (q->music_kind != MR_MUSIC_NONE)
		json_object_set_new(p, "music_kind",
		    json_string(mr_music_kind_str(q->music_kind)));
	if (q->id_kind != MR_ID_NONE && q->id != NULL) {
		json_object_set_new(p, "id", json_string(q->id));
		json_object_set_new(p, "id_kind",
		    json_string(mr_id_kind_str(q->id_kind)));
	}
	return p;
}

/* The source failures as one line for "why", or NULL. */
static char *
failures(const struct job *j)
{
	char *s = NULL, *t;
	int k;

	for (k = 0; k < S_N; k++) {
		if (!(j->src_failed & (1 << k)))
			continue;
		t = xasprintf("%s%s%s unavailable (%s)", s ? s : "",
		    s ? "; " : "", src_name[k], j->src_err[k].msg);
		free(s);
		s = t;
	}
	return s;
}

/* The names of the sources that failed, as a JSON array, or NULL. */
static json_t *
failed_sources(const struct job *j)
{
	json_t *a = NULL;
	int k;

	for (k = 0; k < S_N; k++) {
		if (!(j->src_failed & (1 << k)))
			continue;
		if (a == NULL)
			a = json_array();
		json_array_append_new(a, json_string(src_name[k]));
	}
	return a;
}

/* The most telling source failure, for an error record. */
static const struct mr_err *
first_failure(const struct job *j)
{
	int k;

	for (k = 0; k < S_N; k++)
		if (j->src_failed & (1 << k))
			return &j->src_err[k];
	return NULL;
}

/* Do a and b name the same entity (by the id it is added by)? */
static int
same_entity(const struct mr_candidate *a, const struct mr_candidate *b)
{
	if (a->media_type != b->media_type || a->music_kind != b->music_kind)
		return 0;
	switch (a->media_type) {
	case MR_MEDIA_MOVIE:
		return a->tmdb_id > 0 && a->tmdb_id == b->tmdb_id;
	case MR_MEDIA_TV:
		return (a->tvdb_id > 0 && a->tvdb_id == b->tvdb_id) ||
		    (a->tmdb_id > 0 && a->tmdb_id == b->tmdb_id &&
		    a->source == b->source);
	case MR_MEDIA_MUSIC:
		if (a->music_kind == MR_MUSIC_ALBUM)
			return a->rg_mbid != NULL && b->rg_mbid != NULL &&
			    strcasecmp(a->rg_mbid, b->rg_mbid) == 0;
		return a->mbid != NULL && b->mbid != NULL &&
		    strcasecmp(a->mbid, b->mbid) == 0;
	default:
		return 0;
	}
}

/*
 * Ids resolved in round 2 can show two candidates to be one entity
 * ("OK Computer" and "OK Computer (Collector's Edition)" are one release
 * group): keep the better ranked, and an ambiguity between the two is
 * none.
 */
static void
dedupe(struct job *j)
{
	size_t i, k, n = 0, opts = 0;

	for (i = 0; i < j->ncand; i++) {
		for (k = 0; k < n; k++)
			if (same_entity(&j->cand[k], &j->cand[i]))
				break;
		if (k < n) {
			mr_candidate_release(&j->cand[i]);
			continue;
		}
		if (i < j->dec.noptions)
			opts++;
		if (n != i) {
			j->cand[n] = j->cand[i];
			mr_candidate_init(&j->cand[i]);
		}
		n++;
	}
	j->ncand = n;
	if (j->dec.ambiguous && opts < 2)
		j->dec.ambiguous = 0;
	j->dec.noptions = opts;
}

static void
job_record(struct job *j)
{
	const struct mr_classify_opts *o = j->c->opts;
	json_t *rec, *matches;
	const struct mr_err *fe;
	double conf, conf0 = 0;
	size_t i, nm;
	int degraded_music, nomatch, failed_av;
	json_t *un;
	char *fail;

	if (j->fatal.rc != MR_OK) {
		*j->out = mr_jsonl_error_record(j->text, &j->fatal);
		return;
	}
	/* Bad credentials are a broken setup, not a weaker answer. */
	for (i = 0; i < S_N; i++) {
		if ((j->src_failed & (1 << i)) &&
		    j->src_err[i].rc == MR_EAUTH) {
			*j->out = mr_jsonl_error_record(j->text,
			    &j->src_err[i]);
			return;
		}
	}
	fail = failures(j);
	if (j->ncand > 0 && !j->dec.nomatch)
		dedupe(j);
	/* A film or show may have been missed while TMDb was down. */
	failed_av = (j->search_failed & (1 << S_TMDB | 1 << S_SONARR |
	    1 << S_RADARR)) != 0 &&
	    (j->types & (MR_TYPE_MOVIE | MR_TYPE_TV)) != 0;
	if (j->ncand == 0 || j->dec.nomatch) {
		fe = first_failure(j);
		if (fe != NULL && (j->ncand == 0 || failed_av)) {
			*j->out = mr_jsonl_error_record(j->text, fe);
			free(fail);
			return;
		}
	}
	rec = json_object();
	json_object_set_new(rec, "query", json_string(j->text));
	json_object_set_new(rec, "parsed", parsed_json(&j->q));
	nomatch = j->ncand == 0 || j->dec.nomatch;
	matches = json_array();
	nm = nomatch ? 0 : j->ncand;
	if (o->matches >= 0 && nm > (size_t)o->matches)
		nm = (size_t)o->matches;
	if (nm == 0 && !nomatch)
		nm = 1;
	for (i = 0; i < nm; i++) {
		struct mr_candidate *cd = &j->cand[i];

		conf = cd->confidence;
		degraded_music = failed_av && cd->media_type == MR_MEDIA_MUSIC;
		if (fail != NULL)
			mr_candidate_add_why(cd, "%s", fail);
		if (j->search_failed)
			conf *= DEGRADED_FACTOR;
		if (degraded_music && conf > DEGRADED_MUSIC_CAP)
			conf = DEGRADED_MUSIC_CAP;
		if (i == 0)
			conf0 = conf;
		if (o->matches < 0 || i < (size_t)o->matches)
			json_array_append_new(matches, cand_json(cd, conf));
	}
	if (!nomatch && o->min_confidence >= 0 && conf0 < o->min_confidence)
		nomatch = 2;
	if (nomatch || nm == 0)
		json_object_set_new(rec, "best", json_null());
	else
		json_object_set_new(rec, "best", cand_json(&j->cand[0], conf0));
	json_object_set_new(rec, "ambiguous", json_boolean(!nomatch &&
	    (j->dec.ambiguous || failed_av)));
	/* Who could not answer: mr-process asks again rather than judge. */
	if ((un = failed_sources(j)) != NULL)
		json_object_set_new(rec, "unavailable", un);
	if (nomatch == 1)
		json_array_clear(matches);
	json_object_set_new(rec, "matches", matches);
	json_object_set_new(rec, "elapsed_ms",
	    json_real(round(mr_now_ms() - j->t0)));
	*j->out = rec;
	free(fail);
}

static void
job_score(struct job *j)
{
	size_t i, n, want;
	struct early_ext *x;

	n = j->hits.n;
	/*
	 * An id or link alone: the entity it names gives the title; when the
	 * id names two ("tmdb:1405" is a film and a show), the better known.
	 */
	if (n > 0 && (j->q.title == NULL || *j->q.title == '\0')) {
		size_t k = 0;

		for (i = 1; i < n; i++)
			if (j->hits.v[i].votes + j->hits.v[i].followers >
			    j->hits.v[k].votes + j->hits.v[k].followers)
				k = i;
		free(j->q.title);
		free(j->q.norm);
		free(j->q.key);
		j->q.title = xstrdup(j->hits.v[k].title);
		j->q.norm = mr_text_norm(j->q.title);
		j->q.key = mr_text_norm_key(j->q.title);
	}
	j->cand = xcalloc(n ? n : 1, sizeof(*j->cand));
	for (i = 0; i < n; i++)
		hit_to_cand(j, &j->hits.v[i], &j->cand[i]);
	/* Ids the query named count for their candidates. */
	for (i = 0; i < n; i++) {
		if (j->q.id_kind == MR_ID_IMDB && j->cand[i].imdb_id == NULL)
			mr_candidate_set(&j->cand[i].imdb_id, j->q.id);
		if (j->q.id_kind == MR_ID_TVDB &&
		    j->cand[i].media_type == MR_MEDIA_TV &&
		    j->cand[i].tvdb_id <= 0)
			(void)mr_parse_long(j->q.id, 1, 1L << 40,
			    &j->cand[i].tvdb_id);
		if (j->cand[i].media_type == MR_MEDIA_TV &&
		    (x = ext_of(j, j->cand[i].tmdb_id)) != NULL &&
		    x->state == 1) {
			j->cand[i].tvdb_id = x->tvdb_id;
			if (x->imdb != NULL && j->cand[i].imdb_id == NULL)
				mr_candidate_set(&j->cand[i].imdb_id, x->imdb);
		}
	}
	j->ncand = n ? mr_score_rank(NULL, &j->q, j->cand, n, &j->dec) : 0;
	/* Scoring rewrote the reasons: say where early TVDB ids came from. */
	for (i = 0; i < j->ncand; i++)
		if (j->cand[i].media_type == MR_MEDIA_TV &&
		    j->cand[i].tvdb_id > 0 &&
		    (x = ext_of(j, j->cand[i].tmdb_id)) != NULL &&
		    x->state == 1 && x->tvdb_id == j->cand[i].tvdb_id)
			mr_candidate_add_why(&j->cand[i],
			    "tvdb via tmdb external_ids");
	for (i = 0; i < j->ncand; i++)
		if (j->cand[i].media_type == MR_MEDIA_MUSIC &&
		    j->cand[i].source == MR_SRC_SPOTIFY &&
		    j->cand[i].music_kind == MR_MUSIC_ARTIST &&
		    j->cand[i].mbid != NULL && j->cand[i].arr_votes >= 0)
			mr_candidate_add_why(&j->cand[i],
			    "musicbrainz id via lidarr lookup");
	j->rs = xcalloc(j->ncand ? j->ncand : 1, sizeof(*j->rs));
	if (j->ncand == 0 || j->dec.nomatch)
		return;
	want = j->dec.ambiguous ? j->dec.noptions : 1;
	if (want > RESOLVE_MAX)
		want = RESOLVE_MAX;
	if (want > j->ncand)
		want = j->ncand;
	for (i = 0; i < want; i++)
		resolve_next(j, i);
}

static void
job_free(struct job *j)
{
	size_t i;
	int k;

	if (j == NULL)
		return;
	for (i = 0; i < j->ncand; i++)
		mr_candidate_release(&j->cand[i]);
	free(j->cand);
	free(j->rs);
	for (k = 0; k < EXT_MAX; k++)
		free(j->ext[k].imdb);
	for (k = 0; k < j->nspa; k++)
		free(j->spa[k].id);
	for (k = 0; k < j->nearly_lidarr; k++)
		free(j->early_lidarr[k]);
	mr_hits_release(&j->hits);
	mr_query_release(&j->q);
	for (k = 0; k < j->nsp; k++)
		free(j->sp_text[k]);
	free(j);
}

/* Move a job on when its requests are all done; 1 when it finished. */
static int
job_step(struct job *j)
{
	if (j->inflight > 0 || j->sp_wait)
		return 0;
	if (j->phase == 0 && j->fatal.rc == MR_OK) {
		j->phase = 1;
		job_score(j);
		if (j->inflight > 0)
			return 0;
	}
	job_record(j);
	return 1;
}

/* ---- answers ------------------------------------------------------------ */

/*
 * A 2xx answer that does not parse (a proxy's page, a truncated body)
 * must not stay in the cache, or it would fail every run until it
 * expires: drop it, so the next run asks again.
 */
static void
parse_fail(struct job *j, struct mr_ureq *u, enum src s,
    const struct mr_err *e)
{
	char *key;

	if (j->c->cache != NULL) {
		key = mr_ureq_cache_key(u);
		(void)mr_cache_put(j->c->cache, key, NULL, 0, 0, 0);
		free(key);
	}
	src_fail(j, s, e);
}

static void
on_answer(struct job *j, struct mr_ureq *u)
{
	struct mr_classifier *c = j->c;
	const char *b = u->http.resp;
	size_t len = u->http.resp_len;
	struct mr_hits tmp = { 0 };
	struct mr_err e;
	size_t n0 = j->hits.n, i;
	struct mr_candidate *cd;
	int k, failed_before = j->src_failed;
	long tvdb;
	char *imdb;

	mr_err_clear(&e);
	switch (u->kind) {
	case RK_TMDB_MOVIE:
	case RK_TMDB_TV:
		j->tmdb_pending--;
		if (mr_tmdb_check(u, &e) != MR_OK) {
			src_fail(j, S_TMDB, &e);
			break;
		}
		if (mr_tmdb_parse_search(b, len, u->kind == RK_TMDB_TV,
		    TMDB_MAX_RESULTS, &j->hits, &e) != MR_OK) {
			parse_fail(j, u, S_TMDB, &e);
			break;
		}
		/* A year filter that found nothing: try without. */
		if (j->hits.n == n0 && u->arg == 1) {
			job_add(j, mr_tmdb_search(c->tmdb,
			    u->kind == RK_TMDB_TV, j->q.title, 0), u->kind, 0);
			break;
		}
		if (u->kind == RK_TMDB_TV)
			early_ext(j, n0);
		alt_note(j, n0, u->kind == RK_TMDB_TV);
		break;
	case RK_TMDB_ALT:
		/* A nicety: without them the titles scored are the same. */
		if (mr_tmdb_check(u, &e) == MR_OK && (size_t)u->arg <
		    j->hits.n && mr_tmdb_parse_alt_titles(b, len,
		    j->q.title != NULL && *j->q.title != '\0' ? j->q.title :
		    j->q.literal, &j->hits.v[u->arg], &e) != MR_OK)
			mr_log_debug("tmdb: %s", e.msg);
		break;
	case RK_SP_SEARCH:
	case RK_SP_GET:
		/* An id that names nothing is no match, not an outage. */
		if (u->kind == RK_SP_GET && (u->http.status == 404 ||
		    u->http.status == 400))
			break;
		k = u->kind == RK_SP_GET ? 1 : 1 << u->arg;
		if (u->http.status == 401 && !(j->sp_retried & k)) {
			/* Once per request: a stale token, get a new one. */
			j->sp_retried |= k;
			if (mr_spotify_token(c->sp) != NULL &&
			    strcmp(mr_spotify_token(c->sp), u->http.headers[0] +
			    strlen("Authorization: Bearer ")) == 0)
				mr_spotify_token_drop(c->sp);
			j->sp_pending |= k;
			sp_start(j);
			break;
		}
		if (mr_spotify_check(u, &e) != MR_OK) {
			src_fail(j, S_SPOTIFY, &e);
			break;
		}
		if ((u->kind == RK_SP_SEARCH ?
		    mr_spotify_parse_search(b, len, SPOTIFY_LIMIT, &j->hits,
		    &e) : mr_spotify_parse_object(b, len, (int)u->arg,
		    &j->hits, &e)) != MR_OK)
			parse_fail(j, u, S_SPOTIFY, &e);
		else {
			album_artists(j, n0);
			early_lidarr(j, n0);
		}
		break;
	case RK_LIDARR_EARLY:
		if (mr_resolve_check(u, &e) != MR_OK)
			src_fail(j, S_LIDARR, &e);
		else if (mr_resolve_parse_lidarr(b, len, 0, &tmp,
		    &e) == MR_OK && u->arg < j->nearly_lidarr)
			early_lidarr_take(j, j->early_lidarr[u->arg], &tmp);
		break;
	case RK_SP_ARTIST:
		if (mr_spotify_check(u, &e) == MR_OK &&
		    mr_spotify_parse_object(b, len, 0, &tmp, &e) == MR_OK &&
		    u->arg < j->nspa) {
			j->spa[u->arg].popularity = tmp.v[0].popularity;
			j->spa[u->arg].has_popularity = tmp.v[0].has_popularity;
			j->spa[u->arg].followers = tmp.v[0].followers;
			j->spa[u->arg].has_followers = tmp.v[0].has_followers;
		}
		break;
	case RK_MB_ARTIST:
	case RK_MB_RG:
	case RK_MB_LOOKUP:
		if (u->kind == RK_MB_LOOKUP && (u->http.status == 404 ||
		    u->http.status == 400))
			break;
		if (mr_mb_check(u, &e) != MR_OK) {
			src_fail(j, S_MB, &e);
			break;
		}
		if ((u->kind == RK_MB_ARTIST || (u->kind == RK_MB_LOOKUP &&
		    u->arg == 0) ? mr_mb_parse_artists(b, len, MB_LIMIT,
		    &j->hits, &e) : mr_mb_parse_rgs(b, len, MB_LIMIT, &j->hits,
		    &e)) != MR_OK && u->kind != RK_MB_LOOKUP)
			parse_fail(j, u, S_MB, &e);
		break;
	case RK_SONARR_SEARCH:
		if (mr_resolve_check(u, &e) != MR_OK) {
			/* A tvdb: lookup of an unknown id is not an outage. */
			src_fail(j, S_SONARR, &e);
			break;
		}
		if (mr_resolve_parse_sonarr(b, len, &j->hits, &e) != MR_OK)
			parse_fail(j, u, S_SONARR, &e);
		break;
	case RK_RADARR_SEARCH:
		if (mr_resolve_check(u, &e) != MR_OK) {
			src_fail(j, S_RADARR, &e);
			break;
		}
		if (mr_resolve_parse_radarr(b, len, &j->hits, &e) != MR_OK)
			parse_fail(j, u, S_RADARR, &e);
		break;
	case RK_LIDARR_SEARCH:
		if (mr_resolve_check(u, &e) != MR_OK) {
			src_fail(j, S_LIDARR, &e);
			break;
		}
		if (mr_resolve_parse_lidarr(b, len, (int)u->arg, &j->hits,
		    &e) != MR_OK)
			parse_fail(j, u, S_LIDARR, &e);
		break;
	case RK_FIND:
		if (mr_tmdb_check(u, &e) != MR_OK) {
			src_fail(j, S_TMDB, &e);
			break;
		}
		if (mr_tmdb_parse_find(b, len, &j->hits, &e) != MR_OK)
			parse_fail(j, u, S_TMDB, &e);
		break;
	case RK_DETAILS:
		/* 404: the id is not of this kind; the other request says. */
		if (u->http.status == 404)
			break;
		if (mr_tmdb_check(u, &e) != MR_OK) {
			src_fail(j, S_TMDB, &e);
			break;
		}
		if (mr_tmdb_parse_details(b, len, (int)u->arg, &j->hits,
		    &e) != MR_OK)
			parse_fail(j, u, S_TMDB, &e);
		break;
	case RK_EXT_EARLY:
	case RK_R_EXT:
		for (k = 0; k < j->next; k++)
			if (j->ext[k].tmdb_id == (u->kind == RK_EXT_EARLY ?
			    j->ext[u->arg].tmdb_id : j->cand[u->arg].tmdb_id))
				break;
		if (k == j->next)
			break;
		if (mr_tmdb_check(u, &e) != MR_OK ||
		    mr_tmdb_parse_external_ids(b, len, &tvdb, &imdb,
		    &e) != MR_OK) {
			j->ext[k].state = 2;
			if (e.rc == MR_EPARSE)
				parse_fail(j, u, S_TMDB, &e);
			else if (e.rc != MR_OK && e.status != 404)
				src_fail(j, S_TMDB, &e);
		} else {
			j->ext[k].state = 1;
			j->ext[k].tvdb_id = tvdb;
			j->ext[k].imdb = imdb;
		}
		/* Round 2 candidates waiting for this answer go on. */
		if (j->phase == 1) {
			for (i = 0; i < j->ncand; i++) {
				cd = &j->cand[i];
				if (!j->rs[i].active ||
				    cd->media_type != MR_MEDIA_TV ||
				    cd->tmdb_id != j->ext[k].tmdb_id)
					continue;
				if (j->ext[k].state == 1)
					set_tvdb(cd, j->ext[k].tvdb_id,
					    j->ext[k].imdb,
					    "tmdb external_ids");
				resolve_next(j, i);
			}
		}
		break;
	case RK_R_SONARR_TMDB:
	case RK_R_SONARR_TITLE:
		cd = &j->cand[u->arg];
		if (mr_resolve_check(u, &e) != MR_OK) {
			src_fail(j, S_SONARR, &e);
		} else if (mr_resolve_parse_sonarr(b, len, &tmp, &e) ==
		    MR_OK) {
			k = mr_resolve_pick(&tmp, MR_HIT_TV, cd->title, NULL,
			    cd->year, u->kind == RK_R_SONARR_TMDB ?
			    cd->tmdb_id : 0);
			/* tmdb:N answers with that show alone. */
			if (k < 0 && u->kind == RK_R_SONARR_TMDB && tmp.n == 1)
				k = 0;
			if (k >= 0 && tmp.v[k].tvdb_id > 0)
				set_tvdb(cd, tmp.v[k].tvdb_id,
				    tmp.v[k].imdb_id,
				    u->kind == RK_R_SONARR_TMDB ?
				    "sonarr lookup tmdb:N" :
				    "sonarr title lookup");
		}
		resolve_next(j, (size_t)u->arg);
		break;
	case RK_R_LIDARR:
	case RK_R_MB_ARTIST:
	case RK_R_MB_RG:
		cd = &j->cand[u->arg];
		if (u->kind == RK_R_LIDARR) {
			if (mr_resolve_check(u, &e) == MR_OK)
				(void)mr_resolve_parse_lidarr(b, len,
				    cd->music_kind == MR_MUSIC_ALBUM, &tmp, &e);
			else
				src_fail(j, S_LIDARR, &e);
		} else {
			if (mr_mb_check(u, &e) != MR_OK)
				src_fail(j, S_MB, &e);
			else if (u->kind == RK_R_MB_RG)
				(void)mr_mb_parse_rgs(b, len, 0, &tmp, &e);
			else
				(void)mr_mb_parse_artists(b, len, 0, &tmp, &e);
		}
		k = mr_resolve_pick(&tmp, cd->music_kind == MR_MUSIC_ALBUM ?
		    MR_HIT_ALBUM : MR_HIT_ARTIST, cd->title, cd->artist_name,
		    cd->music_kind == MR_MUSIC_ALBUM ? cd->year : 0, 0);
		if (k < 0 && cd->music_kind == MR_MUSIC_ALBUM)
			k = mr_resolve_pick_unique(&tmp, MR_HIT_ALBUM,
			    cd->title);
		if (k < 0 && j->rs[u->arg].tried_query && j->q.title != NULL)
			k = mr_resolve_pick(&tmp, cd->music_kind ==
			    MR_MUSIC_ALBUM ? MR_HIT_ALBUM : MR_HIT_ARTIST,
			    j->q.title, cd->artist_name, 0, 0);
		if (k >= 0 && tmp.v[k].mbid != NULL) {
			mr_candidate_set(&cd->mbid, tmp.v[k].mbid);
			if (tmp.v[k].rg_mbid != NULL)
				mr_candidate_set(&cd->rg_mbid,
				    tmp.v[k].rg_mbid);
			mr_candidate_add_why(cd, "musicbrainz id via %s",
			    u->kind == RK_R_LIDARR ? "lidarr lookup" :
			    cd->music_kind == MR_MUSIC_ALBUM ?
			    "musicbrainz release-group search" :
			    "musicbrainz artist search");
		}
		resolve_next(j, (size_t)u->arg);
		break;
	default:
		break;
	}
	if (u->kind == RK_TMDB_MOVIE || u->kind == RK_TMDB_TV)
		alt_titles(j);
	/* Only a failed search can hide the answer; ids fail visibly. */
	if (u->kind < RK_EXT_EARLY || u->kind == RK_FIND ||
	    u->kind == RK_DETAILS || u->kind == RK_SP_GET ||
	    u->kind == RK_MB_LOOKUP)
		j->search_failed |= j->src_failed & ~failed_before;
	mr_hits_release(&tmp);
}

/* The token arrived (or failed): release the jobs waiting for it. */
static void
on_token(struct mr_classifier *c, struct mr_ureq *u, struct job **fin,
    size_t *nfin)
{
	struct mr_err e;
	struct job *j;
	size_t i, n = c->ntok_wait;

	mr_err_clear(&e);
	c->tok_fetching = 0;
	if (mr_spotify_token_take(c->sp, u, &e) != MR_OK) {
		c->tok_failed = 1;
		c->tok_err = e;
	}
	c->ntok_wait = 0;
	for (i = 0; i < n; i++) {
		j = c->tok_wait[i];
		j->sp_wait = 0;
		if (c->tok_failed) {
			src_fail(j, S_SPOTIFY, &c->tok_err);
			j->search_failed |= 1 << S_SPOTIFY;
		} else
			sp_issue(j);
		fin[(*nfin)++] = j;
	}
}

/* A query is answered: count it, tell opts->progress, free the job. */
static void
job_done(const struct mr_classify_opts *opts, struct job *j, size_t *ndone,
    size_t *nerr)
{
	(*ndone)++;
	if (*j->out == NULL || json_object_get(*j->out, "error") != NULL)
		(*nerr)++;
	job_free(j);
	if (opts->progress != NULL)
		opts->progress(opts->progress_arg, *ndone, *nerr);
}

enum mr_rc
mr_classify_batch(struct mr_classifier *c,
    const struct mr_classify_opts *opts, const char *const *queries,
    size_t n, json_t **out, struct mr_err *err)
{
	struct mr_classify_opts dflt;
	struct mr_http_req *r;
	struct mr_ureq *u;
	struct job *j, **fin = NULL;
	size_t next = 0, active = 0, nfin, i, jobs, ndone = 0, nerr = 0;
	enum mr_rc rc = MR_OK;

	if (opts == NULL) {
		mr_classify_opts_init(&dflt);
		opts = &dflt;
	}
	c->opts = opts;
	/* A token endpoint that failed last batch may answer now. */
	c->tok_failed = 0;
	c->cache_mode = opts->no_cache ? MR_CACHE_OFF :
	    opts->refresh ? MR_CACHE_REFRESH : MR_CACHE_USE;
	jobs = opts->jobs > 0 ? (size_t)opts->jobs : 8;
	fin = xcalloc(jobs + 1, sizeof(*fin));
	for (i = 0; i < n; i++)
		out[i] = NULL;
	while (next < n || active > 0) {
		while (active < jobs && next < n) {
			j = xcalloc(1, sizeof(*j));
			j->c = c;
			j->idx = next;
			j->text = queries[next];
			j->out = &out[next];
			next++;
			job_start(j);
			if (job_step(j))
				job_done(opts, j, &ndone, &nerr);
			else
				active++;
		}
		if (active == 0)
			continue;
		r = mr_http_next(c->http);
		if (r == NULL) {
			/* Nothing in flight yet jobs wait: cannot happen. */
			rc = mr_err_set(err, MR_EINVAL, 0, "classify.internal",
			    "classify: %zu queries left waiting", active);
			break;
		}
		u = (struct mr_ureq *)r->user;
		nfin = 0;
		if (u->kind == RK_TOKEN) {
			on_token(c, u, fin, &nfin);
		} else {
			j = u->owner;
			j->inflight--;
			on_answer(j, u);
			fin[nfin++] = j;
		}
		mr_ureq_free(u);
		for (i = 0; i < nfin; i++) {
			if (job_step(fin[i])) {
				job_done(opts, fin[i], &ndone, &nerr);
				active--;
			}
		}
	}
	free(fin);
	if (rc == MR_OK && c->auth_failed) {
		if (err != NULL)
			*err = c->auth_err;
		rc = MR_EAUTH;
	}
	return rc;
}
