/* check_score.c: unit tests for lib/score.c. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mr.h"
#include "query.h"
#include "score.h"

/*
 * A compact candidate description for tables: type, kind, source, title,
 * year, then signals (-1 absent): tmdb votes, tmdb popularity, spotify
 * followers, spotify popularity, mb score; and an id for identity.
 */
struct cdesc {
	enum mr_media type;
	enum mr_music_kind kind;
	enum mr_source src;
	const char *title;
	int year;
	double votes, pop, followers, sp_pop, mb;
	long tmdb_id;
	const char *mbid;
	const char *artist;	/* albums */
};

#define MOVIE(t, y, v, id) { MR_MEDIA_MOVIE, MR_MUSIC_NONE, MR_SRC_TMDB, \
	t, y, v, -1, -1, -1, -1, id, NULL, NULL }
#define SHOW(t, y, v, id) { MR_MEDIA_TV, MR_MUSIC_NONE, MR_SRC_TMDB, \
	t, y, v, -1, -1, -1, -1, id, NULL, NULL }
#define ARTIST(t, f, p) { MR_MEDIA_MUSIC, MR_MUSIC_ARTIST, MR_SRC_SPOTIFY, \
	t, 0, -1, -1, f, p, -1, 0, NULL, NULL }
#define MBARTIST(t, s, mbid) { MR_MEDIA_MUSIC, MR_MUSIC_ARTIST, \
	MR_SRC_MUSICBRAINZ, t, 0, -1, -1, -1, -1, s, 0, mbid, NULL }
#define ALBUM(t, y, p, artist) { MR_MEDIA_MUSIC, MR_MUSIC_ALBUM, \
	MR_SRC_SPOTIFY, t, y, -1, -1, -1, p, -1, 0, NULL, artist }
#define END { MR_MEDIA_NONE, MR_MUSIC_NONE, MR_SRC_TMDB, NULL, 0, -1, -1, \
	-1, -1, -1, 0, NULL, NULL }

static size_t
build(const struct cdesc *d, struct mr_candidate *c, size_t max)
{
	size_t n;

	for (n = 0; n < max && d[n].title != NULL; n++) {
		mr_candidate_init(&c[n]);
		c[n].media_type = d[n].type;
		c[n].music_kind = d[n].kind;
		c[n].source = d[n].src;
		mr_candidate_set(&c[n].title, d[n].title);
		c[n].year = d[n].year;
		c[n].tmdb_vote_count = d[n].votes;
		c[n].tmdb_popularity = d[n].pop;
		c[n].spotify_followers = d[n].followers;
		c[n].spotify_popularity = d[n].sp_pop;
		c[n].mb_score = d[n].mb;
		c[n].tmdb_id = d[n].tmdb_id;
		mr_candidate_set(&c[n].mbid, d[n].mbid);
		mr_candidate_set(&c[n].artist_name, d[n].artist);
	}
	return n;
}

static void
release_all(struct mr_candidate *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mr_candidate_release(&c[i]);
}

#define MAXC 8

/*
 * Ranking scenarios: query, candidates, expected best title and year
 * (NULL: no match), ambiguous.
 */
static const struct {
	const char *name;
	const char *query;
	struct cdesc c[MAXC];
	const char *best;
	int best_year;
	enum mr_media best_type;
	int ambiguous;
} cases[] = {
	{ "show beats a small exact-name band", "Dexter", {
		ARTIST("Dexter", 2000, 18),
		MBARTIST("Dexter", 100, "11111111-1111-4111-8111-111111111111"),
		SHOW("Dexter", 2006, 3900, 1405),
		MOVIE("Dexter's Laboratory", 1996, 40, 5000),
		END }, "Dexter", 2006, MR_MEDIA_TV, 0 },
	{ "a bare year picks the old remake", "Dune 1984", {
		MOVIE("Dune", 2021, 12000, 438631),
		MOVIE("Dune", 1984, 2500, 841),
		MOVIE("Dune: Part Two", 2024, 6000, 693134),
		END }, "Dune", 1984, MR_MEDIA_MOVIE, 0 },
	{ "an explicit year picks the new one", "Dune (2021)", {
		MOVIE("Dune", 1984, 2500, 841),
		MOVIE("Dune", 2021, 12000, 438631),
		END }, "Dune", 2021, MR_MEDIA_MOVIE, 0 },
	{ "without a year the most demanded", "Dune", {
		MOVIE("Dune", 1984, 2500, 841),
		MOVIE("Dune", 2021, 12000, 438631),
		SHOW("Dune", 2000, 80, 7000),
		END }, "Dune", 2021, MR_MEDIA_MOVIE, 0 },
	{ "a title with a number is not a year", "Wonder Woman 1984", {
		MOVIE("Wonder Woman", 2017, 20000, 297762),
		MOVIE("Wonder Woman 1984", 2020, 9000, 464052),
		END }, "Wonder Woman 1984", 2020, MR_MEDIA_MOVIE, 0 },
	{ "a tv hint overrides popularity", "Fargo tv series", {
		MOVIE("Fargo", 1996, 8000, 275),
		SHOW("Fargo", 2014, 2000, 60622),
		END }, "Fargo", 2014, MR_MEDIA_TV, 0 },
	{ "a movie hint", "Rush movie", {
		ARTIST("Rush", 1500000, 70),
		MOVIE("Rush", 2013, 1500, 96721),
		END }, "Rush", 2013, MR_MEDIA_MOVIE, 0 },
	{ "a band hint", "Rush band", {
		MOVIE("Rush", 2013, 8000, 96721),
		ARTIST("Rush", 1500000, 70),
		END }, "Rush", 0, MR_MEDIA_MUSIC, 0 },
	{ "an album hint picks the album over its artist", "Thriller album", {
		MOVIE("Thriller", 1983, 50, 9001),
		ARTIST("Thriller", 100, 5),
		ALBUM("Thriller", 1982, 80, "Michael Jackson"),
		END }, "Thriller", 1982, MR_MEDIA_MUSIC, 0 },
	{ "by artist picks the album", "Pendulum by Broadcast", {
		ARTIST("Pendulum", 900000, 60),
		ALBUM("Pendulum", 2005, 45, "Creedence Clearwater Revival"),
		ALBUM("Pendulum", 2003, 20, "Broadcast"),
		END }, "Pendulum", 2003, MR_MEDIA_MUSIC, 0 },
	{ "artist and album in the text", "Michael Jackson Thriller album", {
		ALBUM("Thriller", 1982, 80, "Michael Jackson"),
		ALBUM("Thriller Live", 2009, 30, "Michael Jackson"),
		END }, "Thriller", 1982, MR_MEDIA_MUSIC, 0 },
	{ "a soundtrack", "Frozen soundtrack", {
		MOVIE("Frozen", 2013, 15000, 109445),
		ALBUM("Frozen (Original Motion Picture Soundtrack)", 2013, 70,
		    "Kristen Bell"),
		END }, "Frozen (Original Motion Picture Soundtrack)", 2013,
		MR_MEDIA_MUSIC, 0 },
	{ "a typo finds the title", "Insidde Out", {
		MOVIE("Inside Out", 2015, 20000, 150540),
		MOVIE("Inside", 2023, 300, 1000),
		MOVIE("Out", 2017, 50, 1001),
		END }, "Inside Out", 2015, MR_MEDIA_MOVIE, 0 },
	{ "a dropped article", "office", {
		SHOW("The Office", 2005, 3500, 2316),
		MOVIE("Office", 2015, 40, 356000),
		END }, "The Office", 2005, MR_MEDIA_TV, 0 },
	{ "spiderman is spider-man", "spiderman homecoming", {
		MOVIE("Spider-Man: Homecoming", 2017, 20000, 315635),
		MOVIE("Spider-Man", 2002, 18000, 557),
		END }, "Spider-Man: Homecoming", 2017, MR_MEDIA_MOVIE, 0 },
	{ "two equally demanded titles are ambiguous", "The Office", {
		SHOW("The Office", 2005, 3500, 2316),
		SHOW("The Office", 2001, 2000, 2996),
		END }, "The Office", 2005, MR_MEDIA_TV, 1 },
	{ "a cross-type tie is ambiguous", "Rush", {
		MOVIE("Rush", 2013, 8000, 96721),
		ARTIST("Rush", 8000000, 80),
		END }, NULL, 0, MR_MEDIA_NONE, 1 },
	{ "gibberish is no match", "Btzjzbfr rdqpc zebru", {
		MOVIE("Breaking Bad", 2008, 12000, 1396),
		ARTIST("Zebra", 5000, 20),
		END }, NULL, 0, MR_MEDIA_NONE, 0 },
	{ "one gibberish word is no match", "nyrbewv", {
		MOVIE("Nyrb", 2001, 10, 77),
		END }, NULL, 0, MR_MEDIA_NONE, 0 },
};

START_TEST(test_rank)
{
	struct mr_candidate c[MAXC];
	struct mr_query q;
	struct mr_decision d;
	size_t n, i;
	double sum = 0;

	mr_query_init(&q);
	ck_assert_int_eq(mr_query_parse(&q, cases[_i].query, NULL), MR_OK);
	n = build(cases[_i].c, c, MAXC);
	n = mr_score_rank(NULL, &q, c, n, &d);
	if (cases[_i].best == NULL && !cases[_i].ambiguous) {
		ck_assert_msg(d.nomatch, "%s: best '%s' %.2f sim %.2f",
		    cases[_i].name, c[0].title, c[0].score, c[0].sim);
		goto out;
	}
	ck_assert_msg(!d.nomatch, "%s: no match", cases[_i].name);
	ck_assert_uint_eq(d.best, 0);
	if (cases[_i].best != NULL) {
		ck_assert_msg(strcmp(c[0].title, cases[_i].best) == 0 &&
		    c[0].year == cases[_i].best_year &&
		    c[0].media_type == cases[_i].best_type,
		    "%s: best '%s' (%d) %.2f, second '%s' (%d) %.2f",
		    cases[_i].name, c[0].title, c[0].year, c[0].score,
		    n > 1 ? c[1].title : "-", n > 1 ? c[1].year : 0,
		    n > 1 ? c[1].score : 0);
	}
	ck_assert_msg(d.ambiguous == cases[_i].ambiguous,
	    "%s: ambiguous %d (%.2f vs %.2f)", cases[_i].name, d.ambiguous,
	    c[0].demand, n > 1 ? c[1].demand : 0);
	if (d.ambiguous)
		ck_assert_uint_ge(d.noptions, 2);
	else
		ck_assert_uint_eq(d.noptions, 1);
	/* Ranked, probabilities sum to at most 1, confidence bounded. */
	for (i = 0; i < n; i++) {
		if (i > 0)
			ck_assert(c[i - 1].score >= c[i].score);
		ck_assert(c[i].prob >= 0 && c[i].prob <= 1);
		ck_assert(c[i].confidence >= c[i].prob - 1e-12);
		ck_assert(c[i].confidence <= d.p_any + 1e-12);
		ck_assert_uint_ge(c[i].nwhy, 1);
		sum += c[i].prob;
	}
	ck_assert(sum <= 1.0 + 1e-9);
	if (!d.ambiguous)
		ck_assert_msg(c[0].confidence > 0.6, "%s: confidence %.3f",
		    cases[_i].name, c[0].confidence);
out:
	release_all(c, MAXC < n ? MAXC : n);
	mr_query_release(&q);
}
END_TEST

/* Demand estimates from each signal (the world's transforms). */
START_TEST(test_demand)
{
	struct mr_candidate c;
	int known;
	double l;

	mr_candidate_init(&c);
	c.media_type = MR_MEDIA_MOVIE;
	c.tmdb_vote_count = 3162;
	l = mr_score_demand(NULL, &c, &known);
	ck_assert(fabs(l - 2.0) < 0.01);
	ck_assert_int_eq(known, 1);

	c.tmdb_vote_count = -1;
	c.tmdb_popularity = pow(10, 0.75 * 2 + 0.55);
	ck_assert(fabs(mr_score_demand(NULL, &c, NULL) - 2.0) < 0.01);
	c.media_type = MR_MEDIA_TV;
	c.tmdb_popularity = pow(10, 0.75 * 2 + 0.75);
	ck_assert(fabs(mr_score_demand(NULL, &c, NULL) - 2.0) < 0.01);

	mr_candidate_init(&c);
	c.media_type = MR_MEDIA_MUSIC;
	c.music_kind = MR_MUSIC_ARTIST;
	c.spotify_followers = 1e6;
	ck_assert(fabs(mr_score_demand(NULL, &c, NULL) - 1.5) < 0.01);
	c.spotify_followers = -1;
	c.spotify_popularity = 77;
	ck_assert(fabs(mr_score_demand(NULL, &c, NULL) - 2.0) < 0.01);
	/* Both: between the two estimates, nearer the followers'. */
	c.spotify_followers = 1e6;
	l = mr_score_demand(NULL, &c, NULL);
	ck_assert(l > 1.5 && l < 1.75);

	/* Only an MB score: a weak guess, not "known". */
	mr_candidate_init(&c);
	c.media_type = MR_MEDIA_MUSIC;
	c.music_kind = MR_MUSIC_ARTIST;
	c.mb_score = 100;
	(void)mr_score_demand(NULL, &c, &known);
	ck_assert_int_eq(known, 0);

	/* Nothing at all: the prior. */
	mr_candidate_init(&c);
	c.media_type = MR_MEDIA_TV;
	l = mr_score_demand(NULL, &c, &known);
	ck_assert_int_eq(known, 0);
	ck_assert(l == mr_score_defaults.l_unknown);
	c.media_type = MR_MEDIA_MUSIC;
	c.music_kind = MR_MUSIC_ALBUM;
	ck_assert(mr_score_demand(NULL, &c, NULL) ==
	    mr_score_defaults.l_unknown_album);
	c.music_kind = MR_MUSIC_ARTIST;
	ck_assert(mr_score_demand(NULL, &c, NULL) ==
	    mr_score_defaults.l_unknown_artist);

	/* Albums: own popularity, else the artist's minus a step. */
	mr_candidate_init(&c);
	c.media_type = MR_MEDIA_MUSIC;
	c.music_kind = MR_MUSIC_ALBUM;
	c.spotify_popularity = 60;
	ck_assert(fabs(mr_score_demand(NULL, &c, NULL) - 1.0) < 0.01);
	c.spotify_popularity = -1;
	c.artist_followers = 1e6;
	l = mr_score_demand(NULL, &c, &known);
	ck_assert(fabs(l - (1.5 - mr_score_defaults.album_from_artist)) <
	    0.01);

	/* Sonarr votes. */
	mr_candidate_init(&c);
	c.media_type = MR_MEDIA_TV;
	c.arr_votes = pow(10, 3.8);
	ck_assert(fabs(mr_score_demand(NULL, &c, NULL) - 2.0) < 0.01);
}
END_TEST

/* The same artist from Spotify and MusicBrainz becomes one candidate. */
START_TEST(test_merge)
{
	static const struct cdesc d[] = {
		ARTIST("Queen", 2e7, 85),
		MBARTIST("Queen", 100, "0383dadf-2a4e-4d10-a46a-e9e041da8eb3"),
		MBARTIST("Queen", 60, "22222222-2222-4222-8222-222222222222"),
		MOVIE("Queen", 2014, 900, 12345),
		MOVIE("Queen", 2014, 900, 12345),
		END,
	};
	struct mr_candidate c[MAXC];
	struct mr_query q;
	struct mr_decision d0;
	size_t n;

	mr_query_init(&q);
	(void)mr_query_parse(&q, "Queen", NULL);
	n = build(d, c, MAXC);
	ck_assert_uint_eq(n, 5);
	n = mr_score_rank(NULL, &q, c, n, &d0);
	/* Spotify+MB(first) merged; second MB namesake kept; movie once. */
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(c[0].media_type, MR_MEDIA_MUSIC);
	ck_assert_str_eq(c[0].mbid, "0383dadf-2a4e-4d10-a46a-e9e041da8eb3");
	ck_assert(c[0].spotify_followers == 2e7);
	ck_assert_int_eq(d0.ambiguous, 0);
	ck_assert_ptr_null(c[3].title);	/* released and initialised */
	ck_assert_ptr_null(c[4].title);
	release_all(c, MAXC < 5 ? MAXC : 5);
	mr_query_release(&q);
}
END_TEST

/* An id in the query picks its candidate over anything else. */
START_TEST(test_id)
{
	static const struct cdesc d[] = {
		MOVIE("The Matrix", 1999, 25000, 603),
		MOVIE("The Matrix Reloaded", 2003, 12000, 604),
		END,
	};
	struct mr_candidate c[MAXC];
	struct mr_query q;
	struct mr_decision dec;
	size_t n;

	mr_query_init(&q);
	(void)mr_query_parse(&q, "tmdb:movie/604", NULL);
	n = build(d, c, MAXC);
	n = mr_score_rank(NULL, &q, c, n, &dec);
	ck_assert(!dec.nomatch || c[0].tmdb_id == 604);
	ck_assert_int_eq(c[0].tmdb_id, 604);
	release_all(c, n);
	mr_query_release(&q);
}
END_TEST

START_TEST(test_empty_and_helpers)
{
	struct mr_candidate c;
	struct mr_query q;
	struct mr_decision d;
	int i;

	mr_query_init(&q);
	(void)mr_query_parse(&q, "Dexter", NULL);
	ck_assert_uint_eq(mr_score_rank(NULL, &q, NULL, 0, &d), 0);
	ck_assert_int_eq(d.nomatch, 1);
	ck_assert_int_eq(d.ambiguous, 0);

	mr_candidate_init(&c);
	mr_candidate_set(&c.title, "Dexter");
	mr_candidate_add_alt(&c, "Dexter");	/* same as title: skipped */
	mr_candidate_add_alt(&c, "Декстер");
	mr_candidate_add_alt(&c, "Декстер");
	ck_assert_uint_eq(c.nalt, 1);
	for (i = 0; i < 40; i++)
		mr_candidate_add_why(&c, "reason %d", i);
	ck_assert_uint_eq(c.nwhy, MR_CAND_MAX_WHY);
	ck_assert_str_eq(c.why[3], "reason 3");
	mr_candidate_set(&c.title, NULL);
	ck_assert_ptr_null(c.title);
	mr_candidate_release(&c);
	mr_candidate_release(&c);
	ck_assert_str_eq(mr_source_str(MR_SRC_MUSICBRAINZ), "musicbrainz");
	mr_query_release(&q);
}
END_TEST

/* "why" names the reasons in words. */
START_TEST(test_why)
{
	static const struct cdesc d[] = {
		MOVIE("Dune", 1984, 2500, 841),
		END,
	};
	struct mr_candidate c[MAXC];
	struct mr_query q;
	size_t n, i;
	int exact = 0, year = 0, votes = 0;

	mr_query_init(&q);
	(void)mr_query_parse(&q, "Dune (1984)", NULL);
	n = build(d, c, MAXC);
	mr_score_candidate(NULL, &q, &c[0]);
	for (i = 0; i < c[0].nwhy; i++) {
		exact |= strcmp(c[0].why[i], "exact title") == 0;
		year |= strcmp(c[0].why[i], "year 1984 matches") == 0;
		votes |= strcmp(c[0].why[i], "tmdb votes 2500") == 0;
	}
	ck_assert(exact && year && votes);
	ck_assert_int_eq(c[0].match, MR_TEXT_EXACT);
	release_all(c, n);
	mr_query_release(&q);
}
END_TEST

/*
 * A same-title album without popularity: the known best loses
 * confidence, and wants_demand says that fetching its popularity pays.
 */
START_TEST(test_unknown_rival)
{
	static const struct cdesc d[] = {
		MOVIE("Purple Rain", 1984, 331, 13763),
		ALBUM("Purple Rain", 1984, -1, "Prince"),
		END,
	};
	static const struct cdesc alone[] = {
		MOVIE("Purple Rain", 1984, 331, 13763),
		END,
	};
	struct mr_candidate c[MAXC];
	struct mr_query q;
	struct mr_decision dec;
	size_t n;
	double with, without;

	mr_query_init(&q);
	(void)mr_query_parse(&q, "Purple Rain", NULL);
	n = build(d, c, MAXC);
	ck_assert_int_eq(mr_score_wants_demand(NULL, &q, &c[0]), 0);
	ck_assert_int_eq(mr_score_wants_demand(NULL, &q, &c[1]), 1);
	n = mr_score_rank(NULL, &q, c, n, &dec);
	ck_assert_int_eq(c[0].demand_known, 1);
	with = c[0].confidence;
	release_all(c, n);
	n = build(alone, c, MAXC);
	n = mr_score_rank(NULL, &q, c, n, &dec);
	without = c[0].confidence;
	ck_assert_msg(with < without - 0.05, "%.3f vs %.3f", with, without);
	release_all(c, n);

	/* With its popularity known, the album is an ordinary rival. */
	n = build(d, c, MAXC);
	c[1].spotify_popularity = 80;	/* L 1.9, far above the film */
	ck_assert_int_eq(mr_score_wants_demand(NULL, &q, &c[1]), 0);
	n = mr_score_rank(NULL, &q, c, n, &dec);
	ck_assert_int_eq(c[0].music_kind, MR_MUSIC_ALBUM);
	ck_assert_int_eq(dec.ambiguous, 0);
	release_all(c, n);
	mr_query_release(&q);
}
END_TEST

/* Equal titles without signals: the source's order decides. */
START_TEST(test_source_order)
{
	static const struct cdesc d[] = {
		ALBUM("Greatest Hits", 1981, -1, "Queen"),
		ALBUM("Greatest Hits", 1992, -1, "Someone"),
		ALBUM("Greatest Hits", 1986, -1, "Else"),
		END,
	};
	struct mr_candidate c[MAXC];
	struct mr_query q;
	struct mr_decision dec;
	size_t n;

	mr_query_init(&q);
	(void)mr_query_parse(&q, "Greatest Hits", NULL);
	n = build(d, c, MAXC);
	n = mr_score_rank(NULL, &q, c, n, &dec);
	ck_assert_str_eq(c[0].artist_name, "Queen");
	ck_assert_str_eq(c[1].artist_name, "Someone");
	ck_assert(c[0].confidence > 0.2);
	ck_assert_int_eq(dec.ambiguous, 0);
	release_all(c, n);
	mr_query_release(&q);
}
END_TEST

/* A self-titled album without popularity follows its artist. */
START_TEST(test_album_of_artist)
{
	static const struct cdesc d[] = {
		ARTIST("Donny Hathaway", 300000, 55),
		ALBUM("Donny Hathaway", 1971, -1, "Donny Hathaway"),
		END,
	};
	struct mr_candidate c[MAXC];
	struct mr_query q;
	struct mr_decision dec;
	size_t n;

	mr_query_init(&q);
	(void)mr_query_parse(&q, "Donny Hathaway", NULL);
	n = build(d, c, MAXC);
	n = mr_score_rank(NULL, &q, c, n, &dec);
	ck_assert_int_eq(c[0].music_kind, MR_MUSIC_ARTIST);
	ck_assert_int_eq(c[1].demand_known, 1);
	ck_assert(fabs(c[1].demand - (c[0].demand -
	    mr_score_defaults.album_from_artist)) < 1e-9);
	ck_assert_int_eq(dec.ambiguous, 0);
	ck_assert(c[0].confidence > 0.9);
	release_all(c, n);
	mr_query_release(&q);
}
END_TEST

/* A year in the query rules out a candidate without one. */
START_TEST(test_year_unknown)
{
	static const struct cdesc d[] = {
		ARTIST("Queen", 7e7, 88),
		SHOW("Queen", 2022, 142, 20001767),
		END,
	};
	struct mr_candidate c[MAXC];
	struct mr_query q;
	struct mr_decision dec;
	size_t n;

	mr_query_init(&q);
	(void)mr_query_parse(&q, "Queen 2022", NULL);
	n = build(d, c, MAXC);
	n = mr_score_rank(NULL, &q, c, n, &dec);
	ck_assert_int_eq(c[0].media_type, MR_MEDIA_TV);
	ck_assert_int_eq(c[1].excluded, 1);
	release_all(c, n);
	mr_query_release(&q);
}
END_TEST

/* Random candidate sets: invariants hold, nothing leaks or crashes. */
START_TEST(test_random)
{
	static const char *const titles[] = {
		"Dune", "The Dune", "Dune (2021)", "dune 1984", "Dunes", "",
		"Queen", "Greatest Hits", "Spider-Man", "Spiderman", "\xff",
		"Frozen (Original Motion Picture Soundtrack)", "A", "The",
	};
	static const char *const queries[] = {
		"Dune", "Dune 1984", "Queen band", "Greatest Hits album",
		"Frozen soundtrack", "spiderman", "x by y", "tmdb:5", "The",
		"Dune (2021) movie", "Queen 2022", "Dexter S02",
	};
	struct mr_candidate c[12];
	struct mr_query q;
	struct mr_decision d;
	unsigned long r = 99;
	size_t i, n, k;
	int round;

#define RND(m) (r = r * 6364136223846793005UL + 1442695040888963407UL, \
	(size_t)((r >> 33) % (m)))
	mr_query_init(&q);
	for (round = 0; round < 400; round++) {
		(void)mr_query_parse(&q, queries[RND(MR_ARRAY_LEN(queries))],
		    NULL);
		n = RND(12) + 1;
		for (i = 0; i < 12; i++)
			mr_candidate_init(&c[i]);
		for (i = 0; i < n; i++) {
			c[i].media_type = (enum mr_media)(RND(3) + 1);
			c[i].source = (enum mr_source)RND(6);
			if (c[i].media_type == MR_MEDIA_MUSIC)
				c[i].music_kind = (enum mr_music_kind)(RND(2) + 1);
			mr_candidate_set(&c[i].title,
			    titles[RND(MR_ARRAY_LEN(titles))]);
			if (RND(3) == 0)
				mr_candidate_add_alt(&c[i],
				    titles[RND(MR_ARRAY_LEN(titles))]);
			c[i].year = RND(2) ? 1950 + (int)RND(80) : 0;
			c[i].tmdb_vote_count = RND(2) ? (double)RND(100000) : -1;
			c[i].tmdb_popularity = RND(2) ? (double)RND(500) : -1;
			c[i].spotify_popularity = RND(2) ? (double)RND(101) : -1;
			c[i].spotify_followers = RND(2) ? (double)RND(1000000) :
			    -1;
			c[i].mb_score = RND(2) ? (double)RND(101) : -1;
			c[i].arr_votes = RND(3) ? -1 : (double)RND(5000);
			c[i].tmdb_id = (long)RND(4);
			if (RND(2))
				mr_candidate_set(&c[i].mbid, RND(2) ? "m1" : "m2");
			if (RND(2))
				mr_candidate_set(&c[i].artist_name, "Queen");
		}
		n = mr_score_rank(NULL, &q, c, n, &d);
		for (k = 0; k < n; k++) {
			ck_assert(k == 0 || c[k - 1].score >= c[k].score);
			ck_assert(c[k].prob >= 0 && c[k].prob <= 1);
			ck_assert(c[k].confidence >= 0 && c[k].confidence <= 1);
			ck_assert(c[k].sim >= 0 && c[k].sim <= 1);
			ck_assert(isfinite(c[k].score));
		}
		ck_assert(d.nomatch || d.noptions >= 1);
		ck_assert(d.noptions <= n);
		for (k = 0; k < 12; k++)
			mr_candidate_release(&c[k]);
	}
#undef RND
	mr_query_release(&q);
}
END_TEST

static Suite *
score_suite(void)
{
	Suite *s = suite_create("score");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_rank, 0, MR_ARRAY_LEN(cases));
	tcase_add_test(tc, test_demand);
	tcase_add_test(tc, test_merge);
	tcase_add_test(tc, test_id);
	tcase_add_test(tc, test_empty_and_helpers);
	tcase_add_test(tc, test_why);
	tcase_add_test(tc, test_unknown_rival);
	tcase_add_test(tc, test_source_order);
	tcase_add_test(tc, test_year_unknown);
	tcase_add_test(tc, test_album_of_artist);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(score_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
