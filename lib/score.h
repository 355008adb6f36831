/*
 * score.h: the candidate model and the scoring of candidates against a
 * parsed query (DESIGN.md 4.3 and 4.5).  Pure: no I/O, no globals besides
 * the constant defaults.
 *
 * One scale for every source: a candidate's score is in "demand units",
 * log10 of how often people ask for it.  Each source's popularity signal
 * is turned into an estimate L of log10(demand) (the inverse of the
 * services' popularity transforms: TMDb vote_count ~ 10^(L+1.5), Spotify
 * followers ~ 10^(L/0.75+4), Spotify popularity ~ 22L+33 ...), then title,
 * year and hint terms are added as penalties in the same units: a
 * penalty of 1 equals a factor of 10 in demand.  Among candidates whose
 * title equals the query, the most demanded wins, which is how people's
 * requests (and the eval set's truth rule) behave.
 *
 * Typical use (lib/classify.c):
 *
 *	struct mr_candidate *c = xcalloc(n, sizeof(*c));
 *	for each result: mr_candidate_init(&c[i]); fill fields;
 *	n = mr_score_rank(NULL, &query, c, n, &dec);
 *	if (!dec.nomatch) best = &c[dec.best]; c[0..n) sorted, best first
 *	...
 *	for (i = 0; i < n; i++) mr_candidate_release(&c[i]);
 */
#ifndef MR_SCORE_H
#define MR_SCORE_H

#include <stddef.h>

#include "query.h"
#include "text.h"

enum mr_source {
	MR_SRC_TMDB = 0,
	MR_SRC_SPOTIFY,
	MR_SRC_MUSICBRAINZ,
	MR_SRC_SONARR,
	MR_SRC_RADARR,
	MR_SRC_LIDARR,
};

#define MR_CAND_MAX_ALT 16	/* alternative titles kept per candidate */
#define MR_CAND_MAX_WHY 16	/* reasons kept per candidate */

/*
 * One candidate answer.  mr_candidate_init() sets every number to "absent"
 * (-1 for signals, 0 for ids and years) and every pointer to NULL; fill
 * what the source gave.  Strings are owned by the candidate (set them with
 * xstrdup() or the helpers below) and freed by mr_candidate_release().
 */
struct mr_candidate {
	/* What it is. */
	enum mr_media media_type;	/* MOVIE, TV or MUSIC */
	enum mr_music_kind music_kind;	/* ARTIST or ALBUM for MUSIC */
	enum mr_source source;		/* where it was found */
	char *title;			/* display title / artist name */
	char *original_title;		/* original_title / original_name */
	char *alt_titles[MR_CAND_MAX_ALT];	/* aliases, other titles */
	size_t nalt;
	int year;			/* release, first air or begin year */
	int seasons;			/* TV: number of seasons; 0 unknown */
	int soundtrack;			/* album of secondary type Soundtrack */

	/* Popularity signals; < 0 means absent (never 0 for absent). */
	double tmdb_popularity;		/* TMDb "popularity" */
	double tmdb_vote_count;		/* TMDb "vote_count" */
	double spotify_popularity;	/* artist 0-100; album 0-100 only
					   from /albums/{id} */
	double spotify_followers;	/* artist followers.total */
	double artist_popularity;	/* album: its artist's Spotify
					   popularity, when known */
	double artist_followers;	/* album: its artist's followers */
	double mb_score;		/* MusicBrainz search score 0-100:
					   relative to the best hit only */
	double arr_votes;		/* Sonarr / Lidarr ratings.votes, Radarr
					   ratings.imdb.votes */

	/* Ids; 0 / NULL when unknown. */
	long tmdb_id;			/* movie or tv id (by media_type) */
	long tvdb_id;
	char *imdb_id;			/* "tt0773262" */
	char *mbid;			/* artist MBID (albums: the artist's) */
	char *rg_mbid;			/* album: release-group MBID */
	char *spotify_id;		/* artist or album id */
	char *artist_name;		/* album: its (first) artist */
	char *artist_spotify_id;	/* album: its artist's Spotify id */

	/* Output of mr_score_candidate() / mr_score_rank(). */
	double demand;			/* estimated log10(demand), L */
	int demand_known;		/* 0: L is a prior, no signal seen */
	double sim;			/* best title similarity, [0, 1] */
	enum mr_text_match match;	/* of the best reading and title */
	char *match_norm;		/* normal form of the title that
					   matched best (ties share it) */
	int literal;			/* 1: the literal reading won */
	int excluded;			/* contradicts the query's type hint,
					   year or artist: not an option */
	double score;			/* demand units, higher is better */
	double prob;			/* probability that it is the answer */
	double confidence;		/* probability that this answer is
					   acceptable (itself or a near-tie) */
	char *why[MR_CAND_MAX_WHY];	/* reasons, in words */
	size_t nwhy;
};

/* Every number of the model, each explained in score.c's defaults. */
struct mr_score_params {
	/* Title terms (demand units, subtracted). */
	double pen_equiv;	/* equal up to article/joined words/numerals */
	double pen_typo;	/* one edit away */
	double pen_partial;	/* per unit of missing similarity (1 - sim) */
	double pen_partial_base;	/* flat cost of a partial match */
	double pen_literal;	/* literal reading used (hint/year words kept
				   as title words) */
	/* Year terms. */
	double bonus_year;	/* candidate year equals the query's */
	double pen_year_near;	/* off by one (release dates differ by
				   region / festival) */
	double pen_year_far;	/* other year, explicit "(1984)" */
	double pen_year_far_bare;	/* other year, bare trailing number */
	double pen_year_unknown;	/* candidate has no year */
	double pen_incomplete;	/* no year and no popularity signal */
	/* Hint terms. */
	double pen_type;	/* media type contradicts the hint */
	double pen_kind;	/* artist vs album contradicts the hint */
	double bonus_by;	/* album's artist equals "by Y" */
	double pen_by;		/* album's artist differs from "by Y" */
	double pen_seasons;	/* asked for a season the show lacks */
	double bonus_id;	/* candidate carries the query's id */
	/* Demand estimation. */
	double prior_movie;	/* added to L: share of requests by type */
	double prior_tv;
	double prior_artist;
	double prior_album;
	double l_unknown;	/* L of a candidate with no signal */
	double l_unknown_album;	/* L of an album with no signal */
	double l_unknown_artist;	/* L of an artist with no signal */
	double order_step;	/* L lost per same-title, signal-less
				   candidate listed before by its source */
	double l_min;		/* clamp of estimated L */
	double l_max;
	double mb_top_l;	/* L of an MB score of 100 alone, added to
				   the type's no-signal prior */
	double mb_l_per_point;	/* L per MB score point below 100 */
	double album_from_artist;	/* album L = artist L - this */
	/* Probabilities and decisions. */
	double temperature;	/* softmax temperature, demand units */
	double p_exact;		/* P(some candidate right | exact best) */
	double p_equiv;		/* ... | equivalent best */
	double p_typo;		/* ... | one-edit best */
	double p_partial;	/* ... | partial best with sim 1 (scaled) */
	double p_unknown_demand;	/* factor when best's L is a prior */
	double min_sim;		/* best similarity below: no match */
	double ambiguous_window;	/* log10(3): demand window of a tie */
	double ambiguous_prob;	/* second's prob / best's prob above: tie */
	double unknown_sd;	/* sd of the L of a candidate with no signal */
	double known_sd;	/* sd of an estimated L */
	double ambiguous_unknown;	/* P(tie with a same-title rival of
				   unknown demand) above: ambiguous */
};

/* The tuned defaults. */
extern const struct mr_score_params mr_score_defaults;

/* Decision over a ranked candidate list. */
struct mr_decision {
	int nomatch;		/* 1: nothing is close enough; best invalid */
	size_t best;		/* index of the best (always 0 after rank) */
	int ambiguous;		/* 1: a person should choose among options */
	size_t noptions;	/* candidates worth listing when ambiguous
				   (best first), >= 1 unless nomatch */
	double p_any;		/* probability that some candidate is right */
};

/* Set c to "nothing known" (see struct mr_candidate). */
void mr_candidate_init(struct mr_candidate *c);

/* Free what c owns and init it again. */
void mr_candidate_release(struct mr_candidate *c);

/* Replace *slot (a string field of c) with a copy of s (NULL clears). */
void mr_candidate_set(char **slot, const char *s);

/* Add an alternative title (copied); ignored when full or duplicate. */
void mr_candidate_add_alt(struct mr_candidate *c, const char *s);

/* Add a reason (printf-like, copied); ignored when full. */
void mr_candidate_add_why(struct mr_candidate *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Estimate log10(demand) of c from whatever popularity signal it has
 * (params p, NULL for the defaults).  Sets *known (may be NULL) to 0 when
 * there was no signal and a prior was used.
 */
double mr_score_demand(const struct mr_score_params *p,
    const struct mr_candidate *c, int *known);

/*
 * Score one candidate against q: fills demand, sim, match, literal,
 * score and why (previous reasons are kept).  p NULL: defaults.
 */
void mr_score_candidate(const struct mr_score_params *p,
    const struct mr_query *q, struct mr_candidate *c);

/*
 * Score all n candidates of one query, merge duplicates (the same entity
 * from two sources: a shared id, or the same artist or album name from
 * Spotify and MusicBrainz; the merged candidate keeps both sides' ids and
 * signals, the other is released), sort best first, set prob and
 * confidence, and decide (d).  Returns the new count (<= n); c[count..n)
 * are released and initialised.  Deterministic: ties keep input order.
 *
 * Give the candidates in each source's own order: among equal titles
 * without any popularity, the one a source lists first counts as the
 * more requested.  Candidates without a media_type are dropped.
 * c[0].confidence is the chance that the best is right or an acceptable
 * near-tie (a rival of unknown demand lowers it); for the others,
 * confidence = prob, the chance that each is the answer.
 */
size_t mr_score_rank(const struct mr_score_params *p,
    const struct mr_query *q, struct mr_candidate *c, size_t n,
    struct mr_decision *d);

/*
 * Would a popularity signal for c change the answer?  1 when c has none
 * (an album from a Spotify search, an MB-only hit) and its title matches
 * the query (exact, equivalent or one edit away): fetching the details
 * (Spotify /albums/{id} popularity, the artist's followers) before
 * ranking is then worth a request.  Pure; scores nothing.
 */
int mr_score_wants_demand(const struct mr_score_params *p,
    const struct mr_query *q, const struct mr_candidate *c);

/* "tmdb", "spotify", "musicbrainz", "sonarr", "radarr", "lidarr". */
const char *mr_source_str(enum mr_source s);

#endif
