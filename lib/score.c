/*
 * score.c: candidate scoring, ranking and the decision (see score.h).
 *
 * Units: every score term is in log10(demand) units, so "a penalty of 1"
 * reads "as if ten times less requested".
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mr.h"
#include "score.h"
#include "text.h"

/*
 * The defaults.  Demand transforms are the inverse of the services'
 * popularity transforms (shared/world/README.md); penalties, priors and
 * probabilities were fitted on the world's DEV eval set (300 queries)
 * and checked on a second generated set.
 */
const struct mr_score_params mr_score_defaults = {
	/*
	 * Title.  An exact title (normal form equal) costs nothing.  An
	 * equivalent one (dropped "The", "spiderman" for "spider man") costs
	 * 1.5: people, like the eval's truth rule, mean the title that
	 * equals their text unless the other is some 30 times more
	 * requested ("The Spy" the show, not "Spy" the film).  A one-edit
	 * typo costs 2.  Partial matches cost 2.5 plus 8 per unit of missing
	 * similarity, so they only win when nothing close exists.
	 */
	.pen_equiv = 1.5,
	.pen_typo = 2.0,
	.pen_partial = 8.0,
	.pen_partial_base = 2.5,
	/* The literal reading keeps hint or year words as title words. */
	.pen_literal = 0.15,
	/*
	 * Year.  A year the person gave decides between remakes: the
	 * matching one gets 0.3, one year off (regional release dates)
	 * costs 0.6, any other year 3 (explicit "(1984)") or 2 (a bare
	 * trailing number, which may be part of the title).  No year at
	 * all (artists from Spotify) costs 3: asked "Queen 2022", people
	 * mean the 2022 show, not the band.
	 */
	.bonus_year = 0.3,
	.pen_year_near = 0.6,
	.pen_year_far = 3.0,
	.pen_year_far_bare = 2.0,
	.pen_year_unknown = 3.0,
	/* No year and no popularity at all: a stub record. */
	.pen_incomplete = 0.3,
	/*
	 * Hints.  "tv series", "album", "by X" say what the person wants;
	 * a contradicting candidate needs more than 1000 times the demand
	 * to win.
	 */
	.pen_type = 3.0,
	.pen_kind = 2.5,
	.bonus_by = 0.3,
	.pen_by = 2.0,
	.pen_seasons = 0.5,
	.bonus_id = 6.0,
	/* Per-type priors on the request mix (added to L). */
	.prior_movie = 0.0,
	.prior_tv = 0.0,
	.prior_artist = 0.0,
	.prior_album = 0.0,
	/*
	 * Demand scale.  A candidate without any signal is assumed
	 * obscure (L -0.5: about ten TMDb votes);
	 * estimates are clamped to [-2.5, 4].  MusicBrainz scores are only
	 * relative: the best hit alone counts as the type's prior below,
	 * 0.02 less per point.
	 * An album with only its artist's popularity is 1.2 below it.
	 */
	.l_unknown = -0.5,
	/*
	 * An album found by its exact title in a Spotify search carries no
	 * popularity.  Albums people ask for by title are mostly known
	 * ones: fitted on DEV, such an album counts as L 1.0 (about 300
	 * TMDb votes for a film).  Sources list equal titles most popular
	 * first: each earlier same-title album without a signal costs 0.3.
	 */
	.l_unknown_album = 1.0,
	/*
	 * The same for an artist without followers or popularity (Spotify
	 * in Development Mode, MusicBrainz alone): 1.5, fitted on DEV with
	 * the Development-Mode shape (accuracy 96.3 % with -0.5, 99.0 %).
	 */
	.l_unknown_artist = 1.5,
	.order_step = 0.3,
	.l_min = -2.5,
	.l_max = 4.0,
	.mb_top_l = 0.0,
	.mb_l_per_point = 0.02,
	.album_from_artist = 1.2,
	/*
	 * Probabilities.  Softmax over scores with temperature 0.15 (the
	 * noise of a demand estimate is about 0.1); the chance that the
	 * right answer is among the candidates at all depends on how the
	 * best one matched.
	 */
	.temperature = 0.15,
	.p_exact = 0.98,
	.p_equiv = 0.9,
	.p_typo = 0.88,
	.p_partial = 0.6,
	.p_unknown_demand = 0.95,
	.min_sim = 0.55,
	/* The eval truth rule: within a factor of 3 of demand is a tie. */
	.ambiguous_window = 0.4771,
	.ambiguous_prob = 0.5,
	/*
	 * A same-title rival without any popularity (a Spotify album from
	 * a search) may be more or less requested than the best: its L is
	 * taken as N(prior, 0.5) against the best's N(L, 0.1); the best's
	 * confidence is the chance that no such rival is ahead by more
	 * than the tie window, and when a tie has a chance of 0.62 or more
	 * a person should choose (fitted on DEV: coin flips are not worth
	 * a person's time).
	 */
	.unknown_sd = 0.5,
	.known_sd = 0.1,
	.ambiguous_unknown = 0.62,
};

void
mr_candidate_init(struct mr_candidate *c)
{
	memset(c, 0, sizeof(*c));
	c->tmdb_popularity = -1;
	c->tmdb_vote_count = -1;
	c->spotify_popularity = -1;
	c->spotify_followers = -1;
	c->artist_popularity = -1;
	c->artist_followers = -1;
	c->mb_score = -1;
	c->arr_votes = -1;
	c->match = MR_TEXT_NONE;
}

void
mr_candidate_release(struct mr_candidate *c)
{
	size_t i;

	free(c->title);
	free(c->original_title);
	for (i = 0; i < c->nalt; i++)
		free(c->alt_titles[i]);
	free(c->imdb_id);
	free(c->mbid);
	free(c->rg_mbid);
	free(c->spotify_id);
	free(c->artist_name);
	free(c->artist_spotify_id);
	free(c->match_norm);
	for (i = 0; i < c->nwhy; i++)
		free(c->why[i]);
	mr_candidate_init(c);
}

void
mr_candidate_set(char **slot, const char *s)
{
	char *v = s ? xstrdup(s) : NULL;

	free(*slot);
	*slot = v;
}

void
mr_candidate_add_alt(struct mr_candidate *c, const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0' || c->nalt >= MR_CAND_MAX_ALT)
		return;
	if (c->title != NULL && strcmp(c->title, s) == 0)
		return;
	for (i = 0; i < c->nalt; i++)
		if (strcmp(c->alt_titles[i], s) == 0)
			return;
	c->alt_titles[c->nalt++] = xstrdup(s);
}

void
mr_candidate_add_why(struct mr_candidate *c, const char *fmt, ...)
{
	va_list ap;

	if (c->nwhy >= MR_CAND_MAX_WHY)
		return;
	va_start(ap, fmt);
	c->why[c->nwhy++] = xvasprintf(fmt, ap);
	va_end(ap);
}

const char *
mr_source_str(enum mr_source s)
{
	static const char *const names[] = {
		"tmdb", "spotify", "musicbrainz", "sonarr", "radarr", "lidarr",
	};

	if ((size_t)s >= MR_ARRAY_LEN(names))
		return "unknown";
	return names[s];
}

/* One estimate of L with its variance, combined by inverse variance. */
struct est {
	double sum;	/* sum of L / var */
	double w;	/* sum of 1 / var */
};

static void
est_add(struct est *e, double l, double sd)
{
	double var = sd * sd;

	if (!isfinite(l))
		return;
	e->sum += l / var;
	e->w += 1.0 / var;
}

/* Rounding of small integer counts adds noise: sd of log10(n +- 0.5). */
static double
count_sd(double n, double base_sd)
{
	double r = 0.5 / (n < 1 ? 1 : n) * 0.4343;

	return sqrt(base_sd * base_sd + r * r);
}

double
mr_score_demand(const struct mr_score_params *p, const struct mr_candidate *c,
    int *known)
{
	struct est e = { 0, 0 };
	double l, vc, pop_off, vc_sd, arr_off, arr_scale, arr_sd;
	int tv = c->media_type == MR_MEDIA_TV;
	int album = c->media_type == MR_MEDIA_MUSIC &&
	    c->music_kind == MR_MUSIC_ALBUM;

	if (p == NULL)
		p = &mr_score_defaults;
	if (c->media_type == MR_MEDIA_MOVIE || tv) {
		/* vote_count = 10^(L+1.5) x LN(0.12 movie, 0.15 tv). */
		vc_sd = tv ? 0.065 : 0.052;
		if (c->tmdb_vote_count >= 1) {
			vc = c->tmdb_vote_count;
			est_add(&e, log10(vc) - 1.5, count_sd(vc, vc_sd));
		} else if (c->tmdb_vote_count == 0)
			est_add(&e, -2.0, 0.5);
		/* popularity = max(0.6, 10^(0.75L + 0.55|0.75)) x LN(0.25);
		 * at the floor it only says "obscure". */
		pop_off = tv ? 0.75 : 0.55;
		if (c->tmdb_popularity > 0.61)
			est_add(&e, (log10(c->tmdb_popularity) - pop_off) /
			    0.75, 0.145);
	}
	if (c->media_type == MR_MEDIA_MUSIC && !album) {
		/* followers = 10^(L/0.75 + 4) x LN(0.25). */
		if (c->spotify_followers >= 1)
			est_add(&e, 0.75 * (log10(c->spotify_followers) - 4),
			    count_sd(c->spotify_followers, 0.082));
		else if (c->spotify_followers == 0)
			est_add(&e, -3.0, 0.6);
		/* popularity = 22L + 33 + N(0, 3), clipped to 0..100. */
		if (c->spotify_popularity > 0)
			est_add(&e, (c->spotify_popularity - 33) / 22, 0.14);
		else if (c->spotify_popularity == 0)
			est_add(&e, -1.8, 0.5);
	}
	if (album) {
		/* album popularity = 22L + 38 + N(0, 4). */
		if (c->spotify_popularity > 0)
			est_add(&e, (c->spotify_popularity - 38) / 22, 0.18);
		if (e.w == 0 && c->artist_followers >= 1)
			est_add(&e, 0.75 * (log10(c->artist_followers) - 4) -
			    p->album_from_artist, 0.5);
		if (e.w == 0 && c->artist_popularity > 0)
			est_add(&e, (c->artist_popularity - 33) / 22 -
			    p->album_from_artist, 0.5);
	}
	if (c->arr_votes >= 1) {
		/* Sonarr 10^(L+1.8), Radarr imdb 10^(L+2.3), each x LN(0.2);
		 * Lidarr 10^(0.6L+1) x LN(0.3). */
		arr_off = tv ? 1.8 : c->media_type == MR_MEDIA_MOVIE ? 2.3 : 1;
		arr_scale = c->media_type == MR_MEDIA_MUSIC ? 0.6 : 1;
		arr_sd = c->media_type == MR_MEDIA_MUSIC ? 0.13 : 0.087;
		est_add(&e, (log10(c->arr_votes) - arr_off) / arr_scale,
		    count_sd(c->arr_votes, arr_sd) / arr_scale);
	}
	/* MusicBrainz ranks only: its best hit is as good as the prior. */
	if (e.w == 0 && c->mb_score >= 0)
		est_add(&e, (album ? p->l_unknown_album :
		    c->media_type == MR_MEDIA_MUSIC ? p->l_unknown_artist :
		    p->l_unknown) + p->mb_top_l - (100 - c->mb_score) *
		    p->mb_l_per_point, 1.0);
	if (known != NULL)
		*known = e.w > 0 && !(c->mb_score >= 0 && e.w <= 1.0);
	if (e.w > 0)
		l = e.sum / e.w;
	else if (album)
		l = p->l_unknown_album;
	else if (c->media_type == MR_MEDIA_MUSIC)
		l = p->l_unknown_artist;
	else
		l = p->l_unknown;
	if (l < p->l_min)
		l = p->l_min;
	if (l > p->l_max)
		l = p->l_max;
	return l;
}

static double
prior(const struct mr_score_params *p, const struct mr_candidate *c)
{
	switch (c->media_type) {
	case MR_MEDIA_MOVIE:
		return p->prior_movie;
	case MR_MEDIA_TV:
		return p->prior_tv;
	case MR_MEDIA_MUSIC:
		return c->music_kind == MR_MUSIC_ALBUM ? p->prior_album :
		    p->prior_artist;
	default:
		return 0;
	}
}

/* Cost of a title relation. */
static double
title_cost(const struct mr_score_params *p, enum mr_text_match m,
    double sim)
{
	switch (m) {
	case MR_TEXT_EXACT:
		return 0;
	case MR_TEXT_EQUIV:
		return p->pen_equiv;
	case MR_TEXT_TYPO:
		return p->pen_typo;
	case MR_TEXT_PARTIAL:
		return p->pen_partial_base + p->pen_partial * (1 - sim);
	default:
		return p->pen_partial_base + p->pen_partial;
	}
}

/*
 * A title without a trailing bracketed or dashed qualifier:
 * "Frozen (Original Motion Picture Soundtrack)" -> "Frozen".  NULL when
 * there is none.
 */
static char *
base_title(const char *t)
{
	const char *cut = NULL, *p;
	char *b;
	size_t n;

	if (t == NULL)
		return NULL;
	n = strlen(t);
	if (n > 1 && (t[n - 1] == ')' || t[n - 1] == ']')) {
		char open = t[n - 1] == ')' ? '(' : '[';

		cut = strrchr(t, open);
	}
	if (cut == NULL && (p = strstr(t, " - ")) != NULL)
		cut = p;
	if (cut == NULL || cut == t)
		return NULL;
	b = xstrndup(t, (size_t)(cut - t));
	n = strlen(b);
	while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == ':'))
		b[--n] = '\0';
	if (n == 0) {
		free(b);
		return NULL;
	}
	return b;
}

struct best {
	enum mr_text_match m;
	double sim;
	double cost;
	int literal;
	char *norm;		/* owned: normal form of the matched title */
};

/* Try one reading (nq) against one candidate title t. */
static void
try_title(const struct mr_score_params *p, struct best *b, const char *nq,
    const char *t, int literal, double extra, int base)
{
	enum mr_text_match m;
	double sim, cost;
	char *nt;

	if (nq == NULL || t == NULL)
		return;
	nt = mr_text_norm(t);
	m = mr_text_title_match_norm(nq, nt, &sim);
	/* A qualifier-less base title is at best equivalent. */
	if (base && m == MR_TEXT_EXACT) {
		m = MR_TEXT_EQUIV;
		sim = MR_TEXT_SIM_EQUIV;
	}
	cost = title_cost(p, m, sim) + extra;
	if (b->norm == NULL || cost < b->cost) {
		b->m = m;
		b->sim = sim;
		b->cost = cost;
		b->literal = literal;
		free(b->norm);
		b->norm = nt;
		nt = NULL;
	}
	free(nt);
}

/* Try every title form of c against the reading nq. */
static void
try_reading(const struct mr_score_params *p, struct best *b,
    const struct mr_query *q, const struct mr_candidate *c, const char *nq,
    int literal, char **tmp, size_t ntmp)
{
	double extra = literal ? p->pen_literal : 0;
	size_t i;

	try_title(p, b, nq, c->title, literal, extra, 0);
	try_title(p, b, nq, c->original_title, literal, extra, 0);
	for (i = 0; i < c->nalt; i++)
		try_title(p, b, nq, c->alt_titles[i], literal, extra, 0);
	for (i = 0; i < ntmp; i++) {
		if (tmp[i] == NULL)
			continue;
		/* base titles: [0] soundtrack base, exact for "X soundtrack";
		 * [1], [2]: "artist album" forms, exact. */
		try_title(p, b, nq, tmp[i], literal, extra,
		    i == 0 && !(q->soundtrack && !literal));
	}
}

/* Does the album's artist match "by Y"? */
static int
by_matches(const struct mr_query *q, const struct mr_candidate *c)
{
	enum mr_text_match m;

	if (c->artist_name == NULL)
		return 0;
	m = mr_text_title_match(q->by, c->artist_name, NULL);
	return m == MR_TEXT_EXACT || m == MR_TEXT_EQUIV || m == MR_TEXT_TYPO;
}

static int
has_id(const struct mr_query *q, const struct mr_candidate *c)
{
	long v;
	const char *id = q->id;

	if (id == NULL)
		return 0;
	switch (q->id_kind) {
	case MR_ID_IMDB:
		return c->imdb_id != NULL && strcmp(c->imdb_id, id) == 0;
	case MR_ID_TMDB:
	case MR_ID_TMDB_MOVIE:
	case MR_ID_TMDB_TV:
		if (mr_parse_long(id, 1, 2000000000L, &v) != 0)
			return 0;
		if (q->id_kind == MR_ID_TMDB_MOVIE &&
		    c->media_type != MR_MEDIA_MOVIE)
			return 0;
		if (q->id_kind == MR_ID_TMDB_TV && c->media_type != MR_MEDIA_TV)
			return 0;
		return c->tmdb_id == v;
	case MR_ID_TVDB:
		return mr_parse_long(id, 1, 2000000000L, &v) == 0 &&
		    c->tvdb_id == v;
	case MR_ID_MBID:
	case MR_ID_MB_ARTIST:
		if (c->mbid != NULL && strcasecmp(c->mbid, id) == 0 &&
		    (q->id_kind == MR_ID_MB_ARTIST ||
		    c->music_kind == MR_MUSIC_ARTIST))
			return 1;
		/* FALLTHROUGH */
	case MR_ID_MB_RELEASE_GROUP:
		return c->rg_mbid != NULL && strcasecmp(c->rg_mbid, id) == 0;
	case MR_ID_SPOTIFY_ARTIST:
	case MR_ID_SPOTIFY_ALBUM:
		return c->spotify_id != NULL && strcmp(c->spotify_id, id) == 0;
	default:
		return 0;
	}
}

static const char *
match_words(enum mr_text_match m)
{
	switch (m) {
	case MR_TEXT_EXACT:
		return "exact title";
	case MR_TEXT_EQUIV:
		return "equivalent title";
	case MR_TEXT_TYPO:
		return "title one edit away";
	default:
		return "partial title";
	}
}

/* Say which popularity signal the demand came from. */
static void
why_demand(struct mr_candidate *c)
{
	if (c->tmdb_vote_count >= 0)
		mr_candidate_add_why(c, "tmdb votes %.0f", c->tmdb_vote_count);
	else if (c->tmdb_popularity >= 0)
		mr_candidate_add_why(c, "tmdb popularity %.1f",
		    c->tmdb_popularity);
	if (c->spotify_followers >= 0)
		mr_candidate_add_why(c, "spotify followers %.0f",
		    c->spotify_followers);
	else if (c->spotify_popularity >= 0)
		mr_candidate_add_why(c, "spotify popularity %.0f",
		    c->spotify_popularity);
	else if (c->artist_followers >= 0 || c->artist_popularity >= 0)
		mr_candidate_add_why(c, "artist popularity");
	if (c->arr_votes >= 0)
		mr_candidate_add_why(c, "%s votes %.0f",
		    c->media_type == MR_MEDIA_TV ? "sonarr" :
		    c->media_type == MR_MEDIA_MOVIE ? "radarr" : "lidarr",
		    c->arr_votes);
	if (c->mb_score >= 0 && c->tmdb_vote_count < 0 &&
	    c->spotify_followers < 0 && c->spotify_popularity < 0)
		mr_candidate_add_why(c, "musicbrainz score %.0f", c->mb_score);
	if (!c->demand_known)
		mr_candidate_add_why(c, "no popularity known");
}

void
mr_score_candidate(const struct mr_score_params *p, const struct mr_query *q,
    struct mr_candidate *c)
{
	struct best b = { MR_TEXT_NONE, 0, 0, 0, NULL };
	char *tmp[3] = { NULL, NULL, NULL };
	double s = 0;
	int d, hint_bad = 0, year_bad = 0;
	size_t i;

	if (p == NULL)
		p = &mr_score_defaults;
	c->demand = mr_score_demand(p, c, &c->demand_known) + prior(p, c);

	tmp[0] = base_title(c->title);
	if (c->media_type == MR_MEDIA_MUSIC &&
	    c->music_kind == MR_MUSIC_ALBUM && c->artist_name != NULL &&
	    c->title != NULL) {
		/* "Michael Jackson Thriller album", "Thriller Michael
		 * Jackson": the artist's name in the text. */
		tmp[1] = xasprintf("%s %s", c->artist_name, c->title);
		tmp[2] = xasprintf("%s %s", c->title, c->artist_name);
	}
	try_reading(p, &b, q, c, q->norm, 0, tmp, MR_ARRAY_LEN(tmp));
	if (q->literal_norm != NULL)
		try_reading(p, &b, q, c, q->literal_norm, 1, tmp,
		    MR_ARRAY_LEN(tmp));
	c->match = b.m;
	c->sim = b.sim;
	c->literal = b.literal;
	free(c->match_norm);
	c->match_norm = b.norm != NULL ? b.norm : xstrdup("");
	s = c->demand - b.cost;
	mr_candidate_add_why(c, "%s", match_words(b.m));
	if (b.m == MR_TEXT_PARTIAL)
		mr_candidate_add_why(c, "title similarity %.2f", b.sim);

	/* Year and hints speak only for the primary reading. */
	if (!b.literal && q->year > 0) {
		d = c->year > 0 ? abs(c->year - q->year) : -1;
		if (d == 0) {
			s += p->bonus_year;
			mr_candidate_add_why(c, "year %d matches", q->year);
		} else if (d == 1) {
			s -= p->pen_year_near;
			mr_candidate_add_why(c, "year %d, query %d", c->year,
			    q->year);
		} else if (d < 0) {
			s -= p->pen_year_unknown;
			mr_candidate_add_why(c, "no year, query %d", q->year);
			year_bad = 1;
		} else {
			s -= q->year_explicit ? p->pen_year_far :
			    p->pen_year_far_bare;
			mr_candidate_add_why(c, "year %d, query %d", c->year,
			    q->year);
			year_bad = 1;
		}
	}
	if (!b.literal && q->type_hint != MR_MEDIA_NONE) {
		if (c->media_type != q->type_hint) {
			s -= p->pen_type;
			hint_bad = 1;
			mr_candidate_add_why(c, "hint %s contradicts %s",
			    mr_media_str(q->type_hint),
			    mr_media_str(c->media_type));
		} else if (q->music_kind != MR_MUSIC_NONE &&
		    c->music_kind != q->music_kind) {
			s -= p->pen_kind;
			hint_bad = 1;
			mr_candidate_add_why(c, "hint %s contradicts %s",
			    mr_music_kind_str(q->music_kind),
			    mr_music_kind_str(c->music_kind));
		} else
			mr_candidate_add_why(c, "hint: %s",
			    q->music_kind != MR_MUSIC_NONE ?
			    mr_music_kind_str(q->music_kind) :
			    mr_media_str(q->type_hint));
	}
	if (!b.literal && q->by != NULL && c->media_type == MR_MEDIA_MUSIC &&
	    c->music_kind == MR_MUSIC_ALBUM) {
		if (by_matches(q, c)) {
			s += p->bonus_by;
			mr_candidate_add_why(c, "by %s matches", q->by);
		} else {
			s -= p->pen_by;
			hint_bad = 1;
			mr_candidate_add_why(c, "artist is not %s", q->by);
		}
	}
	if (!b.literal && q->nseasons > 0 && c->media_type == MR_MEDIA_TV &&
	    c->seasons > 0 && q->seasons[q->nseasons - 1] > c->seasons) {
		s -= p->pen_seasons;
		mr_candidate_add_why(c, "has %d seasons", c->seasons);
	}
	if (has_id(q, c)) {
		s += p->bonus_id;
		mr_candidate_add_why(c, "id %s matches", q->id);
	}
	if (c->year == 0 && !c->demand_known) {
		s -= p->pen_incomplete;
		mr_candidate_add_why(c, "incomplete record");
	}
	why_demand(c);
	c->excluded = hint_bad || year_bad;
	c->score = s;
	for (i = 0; i < MR_ARRAY_LEN(tmp); i++)
		free(tmp[i]);
}

/* Strings equal, both present? */
static int
same_str(const char *a, const char *b, int icase)
{
	if (a == NULL || b == NULL)
		return 0;
	return icase ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

/* Present on both sides and different? */
static int
differ_str(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) != 0;
}

static int
same_norm(const char *a, const char *b)
{
	char *na, *nb;
	int r;

	if (a == NULL || b == NULL)
		return 0;
	na = mr_text_norm(a);
	nb = mr_text_norm(b);
	r = na[0] != '\0' && strcmp(na, nb) == 0;
	free(na);
	free(nb);
	return r;
}

/* Are a and b the same entity? */
static int
same_entity(const struct mr_candidate *a, const struct mr_candidate *b)
{
	if (a->media_type != b->media_type)
		return 0;
	if (a->media_type == MR_MEDIA_MUSIC && a->music_kind != b->music_kind)
		return 0;
	if (a->media_type == MR_MEDIA_MOVIE || a->media_type == MR_MEDIA_TV) {
		if (a->tmdb_id > 0 && b->tmdb_id > 0)
			return a->tmdb_id == b->tmdb_id;
		if (a->tvdb_id > 0 && b->tvdb_id > 0)
			return a->tvdb_id == b->tvdb_id;
		return same_str(a->imdb_id, b->imdb_id, 1);
	}
	if (a->music_kind == MR_MUSIC_ALBUM) {
		if (a->rg_mbid != NULL && b->rg_mbid != NULL)
			return same_str(a->rg_mbid, b->rg_mbid, 1);
	} else if (a->mbid != NULL && b->mbid != NULL)
		return same_str(a->mbid, b->mbid, 1);
	if (a->source == b->source)
		return a->spotify_id != NULL &&
		    same_str(a->spotify_id, b->spotify_id, 0);
	if (same_str(a->spotify_id, b->spotify_id, 0))
		return 1;
	if (differ_str(a->spotify_id, b->spotify_id))
		return 0;
	/* Spotify and MusicBrainz name the same artist or album. */
	if (!same_norm(a->title, b->title))
		return 0;
	if (a->music_kind == MR_MUSIC_ALBUM &&
	    !same_norm(a->artist_name, b->artist_name))
		return 0;
	return 1;
}

static void
fill_str(char **dst, char **src)
{
	if (*dst == NULL && *src != NULL) {
		*dst = *src;
		*src = NULL;
	}
}

static void
fill_num(double *dst, double src)
{
	if (*dst < 0 && src >= 0)
		*dst = src;
}

/* Move what b knows and a does not into a. */
static void
merge(struct mr_candidate *a, struct mr_candidate *b)
{
	size_t i;

	fill_str(&a->title, &b->title);
	fill_str(&a->original_title, &b->original_title);
	if (b->title != NULL && !same_norm(a->title, b->title))
		mr_candidate_add_alt(a, b->title);
	for (i = 0; i < b->nalt; i++)
		mr_candidate_add_alt(a, b->alt_titles[i]);
	if (a->year == 0)
		a->year = b->year;
	if (a->seasons == 0)
		a->seasons = b->seasons;
	a->soundtrack |= b->soundtrack;
	fill_num(&a->tmdb_popularity, b->tmdb_popularity);
	fill_num(&a->tmdb_vote_count, b->tmdb_vote_count);
	fill_num(&a->spotify_popularity, b->spotify_popularity);
	fill_num(&a->spotify_followers, b->spotify_followers);
	fill_num(&a->artist_popularity, b->artist_popularity);
	fill_num(&a->artist_followers, b->artist_followers);
	fill_num(&a->mb_score, b->mb_score);
	fill_num(&a->arr_votes, b->arr_votes);
	if (a->tmdb_id == 0)
		a->tmdb_id = b->tmdb_id;
	if (a->tvdb_id == 0)
		a->tvdb_id = b->tvdb_id;
	fill_str(&a->imdb_id, &b->imdb_id);
	fill_str(&a->mbid, &b->mbid);
	fill_str(&a->rg_mbid, &b->rg_mbid);
	fill_str(&a->spotify_id, &b->spotify_id);
	fill_str(&a->artist_name, &b->artist_name);
	fill_str(&a->artist_spotify_id, &b->artist_spotify_id);
}

/* Rank order: score, then input order (stable). */
struct slot {
	struct mr_candidate c;
	size_t idx;
};

static int
cmp_slot(const void *x, const void *y)
{
	const struct slot *a = x, *b = y;

	if (a->c.score > b->c.score)
		return -1;
	if (a->c.score < b->c.score)
		return 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static double
p_any_of(const struct mr_score_params *p, const struct mr_candidate *c)
{
	double pa;

	switch (c->match) {
	case MR_TEXT_EXACT:
		pa = p->p_exact;
		break;
	case MR_TEXT_EQUIV:
		pa = p->p_equiv;
		break;
	case MR_TEXT_TYPO:
		pa = p->p_typo;
		break;
	default:
		pa = p->p_partial * c->sim / MR_TEXT_SIM_PARTIAL;
		break;
	}
	if (!c->demand_known)
		pa *= p->p_unknown_demand;
	if (pa < 0)
		pa = 0;
	if (pa > 1)
		pa = 1;
	return pa;
}

/* Same title group as best, both allowed by the query's hints? */
static int
same_group(const struct mr_candidate *best, const struct mr_candidate *j)
{
	return !j->excluded && !best->excluded && j->match == best->match &&
	    j->literal == best->literal && j->match <= MR_TEXT_TYPO &&
	    j->match_norm != NULL && best->match_norm != NULL &&
	    strcmp(j->match_norm, best->match_norm) == 0;
}

/*
 * When either demand is only a prior (normal approximation): the chance
 * that j is not more than the tie window ahead of best (best is then
 * right or acceptable), and in *tie the chance that they are within the
 * window of each other (a person should choose).
 */
static double
p_ahead(const struct mr_score_params *p, const struct mr_candidate *best,
    const struct mr_candidate *j, double *tie_p)
{
	double sb, sj, sd, d, w, hi, lo;

	sb = best->demand_known ? p->known_sd : p->unknown_sd;
	sj = j->demand_known ? p->known_sd : p->unknown_sd;
	sd = sqrt(sb * sb + sj * sj) * sqrt(2.0);
	d = best->demand - j->demand;
	w = p->ambiguous_window;
	hi = 0.5 * erfc(-(d + w) / sd);
	lo = 0.5 * erfc(-(d - w) / sd);
	*tie_p = hi - lo;
	return hi;
}

/*
 * Would j also be an acceptable answer next to best?  The eval's truth
 * rule: the same title (the one each matched), neither contradicting the
 * query's hints, demand within a factor of about 3.
 */
static int
tie(const struct mr_score_params *p, const struct mr_candidate *best,
    const struct mr_candidate *j)
{
	if (!same_group(best, j) || !best->demand_known || !j->demand_known)
		return 0;
	return best->demand - j->demand <= p->ambiguous_window;
}

int
mr_score_wants_demand(const struct mr_score_params *p,
    const struct mr_query *q, const struct mr_candidate *c)
{
	struct mr_candidate tmp;
	int known, r = 0;
	size_t i;

	(void)mr_score_demand(p, c, &known);
	if (known)
		return 0;
	/* Score a shallow copy so that c itself stays untouched. */
	mr_candidate_init(&tmp);
	tmp.media_type = c->media_type;
	tmp.music_kind = c->music_kind;
	tmp.title = c->title;
	tmp.original_title = c->original_title;
	for (i = 0; i < c->nalt; i++)
		tmp.alt_titles[i] = c->alt_titles[i];
	tmp.nalt = c->nalt;
	tmp.artist_name = c->artist_name;
	mr_score_candidate(p, q, &tmp);
	r = tmp.match <= MR_TEXT_TYPO && !tmp.excluded;
	for (i = 0; i < tmp.nwhy; i++)
		free(tmp.why[i]);
	free(tmp.match_norm);
	return r;
}

/*
 * An album without a signal whose artist is among the candidates with
 * a known demand: the album follows its artist, album_from_artist lower.
 * Returns 1 when c[i] was so adjusted.
 */
static int
album_from_list(const struct mr_score_params *p, struct mr_candidate *c,
    size_t n, size_t i)
{
	struct mr_candidate *al = &c[i], *ar;
	double l;
	size_t j;

	if (al->media_type != MR_MEDIA_MUSIC ||
	    al->music_kind != MR_MUSIC_ALBUM)
		return 0;
	for (j = 0; j < n; j++) {
		ar = &c[j];
		if (ar->media_type != MR_MEDIA_MUSIC ||
		    ar->music_kind != MR_MUSIC_ARTIST || !ar->demand_known)
			continue;
		if (!(al->mbid != NULL && ar->mbid != NULL &&
		    strcasecmp(al->mbid, ar->mbid) == 0) &&
		    !same_norm(al->artist_name, ar->title))
			continue;
		l = ar->demand - prior(p, ar) - p->album_from_artist +
		    prior(p, al);
		al->score += l - al->demand;
		/* No longer a stub record either. */
		if (al->year == 0)
			al->score += p->pen_incomplete;
		al->demand = l;
		al->demand_known = 1;
		mr_candidate_add_why(al, "artist %s's demand", ar->title);
		return 1;
	}
	return 0;
}

size_t
mr_score_rank(const struct mr_score_params *p, const struct mr_query *q,
    struct mr_candidate *c, size_t n, struct mr_decision *d)
{
	struct slot *sl = NULL;
	size_t i, j, k, m;
	double sum, top, z, acc, ahead, odds, tp;
	int uncertain;

	if (p == NULL)
		p = &mr_score_defaults;
	memset(d, 0, sizeof(*d));
	d->nomatch = 1;
	if (n == 0)
		return 0;

	/* Merge duplicates into the first occurrence, then score. */
	for (i = 0; i < n; i++) {
		if (c[i].media_type == MR_MEDIA_NONE)
			continue;
		for (j = i + 1; j < n; j++) {
			if (c[j].media_type == MR_MEDIA_NONE)
				continue;
			if (same_entity(&c[i], &c[j])) {
				merge(&c[i], &c[j]);
				mr_candidate_release(&c[j]);
				c[j].media_type = MR_MEDIA_NONE;
			}
		}
	}
	m = 0;
	for (i = 0; i < n; i++) {
		if (c[i].media_type == MR_MEDIA_NONE) {
			mr_candidate_release(&c[i]);
			continue;
		}
		if (m != i) {
			c[m] = c[i];
			mr_candidate_init(&c[i]);
		}
		m++;
	}
	n = m;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		mr_score_candidate(p, q, &c[i]);
	for (i = 0; i < n; i++) {
		if (c[i].demand_known)
			continue;
		if (album_from_list(p, c, n, i))
			continue;
		/* Listed after same-title ones: less requested. */
		for (j = 0, k = 0; j < i; j++)
			if (!c[j].demand_known && c[j].source == c[i].source &&
			    c[j].media_type == c[i].media_type &&
			    same_norm(c[j].title, c[i].title))
				k++;
		c[i].demand -= p->order_step * (double)k;
		c[i].score -= p->order_step * (double)k;
	}

	sl = xcalloc(n, sizeof(*sl));
	for (i = 0; i < n; i++) {
		sl[i].c = c[i];
		sl[i].idx = i;
	}
	qsort(sl, n, sizeof(*sl), cmp_slot);
	for (i = 0; i < n; i++)
		c[i] = sl[i].c;
	free(sl);

	/* Softmax over scores; P(some candidate right) from the best. */
	top = c[0].score;
	sum = 0;
	for (i = 0; i < n; i++)
		sum += exp((c[i].score - top) / p->temperature);
	d->p_any = p_any_of(p, &c[0]);
	for (i = 0; i < n; i++) {
		z = exp((c[i].score - top) / p->temperature) / sum;
		c[i].prob = d->p_any * z;
		c[i].confidence = c[i].prob;
	}
	/*
	 * The best's confidence: its softmax share among the rivals whose
	 * demand is known on both sides, with known ties counted as right
	 * (either answer is acceptable) ...
	 */
	sum = 0;
	acc = 0;
	for (i = 0; i < n; i++) {
		if (i > 0 && same_group(&c[0], &c[i]) &&
		    !(c[0].demand_known && c[i].demand_known))
			continue;
		z = exp((c[i].score - top) / p->temperature);
		sum += z;
		if (i == 0 || tie(p, &c[0], &c[i]))
			acc += z;
	}
	acc = d->p_any * acc / sum;
	/*
	 * ... times the chance that no same-title rival of unknown demand
	 * is ahead: one over one plus the summed odds of each being ahead.
	 */
	uncertain = 0;
	odds = 0;
	for (i = 1; i < n; i++) {
		if (!same_group(&c[0], &c[i]) ||
		    (c[0].demand_known && c[i].demand_known))
			continue;
		ahead = p_ahead(p, &c[0], &c[i], &tp);
		odds += (1 - ahead) / (ahead > 1e-9 ? ahead : 1e-9);
		/* Two unknowns: no evidence for a person either. */
		if (tp >= p->ambiguous_unknown &&
		    c[0].demand_known != c[i].demand_known)
			uncertain = 1;
	}
	acc /= 1 + odds;
	c[0].confidence = acc;

	d->best = 0;
	d->nomatch = c[0].sim < p->min_sim;
	d->noptions = d->nomatch ? 0 : 1;
	if (!d->nomatch && uncertain) {
		d->ambiguous = 1;
		for (i = 1; i < n; i++)
			if (same_group(&c[0], &c[i]))
				d->noptions = i + 1;
	}
	if (!d->nomatch) {
		for (i = 1; i < n; i++) {
			if (tie(p, &c[0], &c[i]) || (!c[i].excluded &&
			    c[i].prob >= p->ambiguous_prob * c[0].prob)) {
				d->ambiguous = 1;
				d->noptions = i + 1;
			}
		}
	}
	return n;
}
