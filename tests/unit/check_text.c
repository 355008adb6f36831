/* check_text.c: unit tests for lib/text.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mr.h"
#include "text.h"

/* Normal form, and the key (one leading article dropped). */
static const struct {
	const char *in;
	const char *norm;
	const char *key;
} norms[] = {
	{ "Dexter", "dexter", "dexter" },
	{ "  The   Office ", "the office", "office" },
	{ "Amélie", "amelie", "amelie" },
	{ "AMÉLIE", "amelie", "amelie" },
	{ "Ame\xcc\x81lie", "amelie", "amelie" },	/* combining acute */
	{ "Spider-Man: Homecoming", "spider man homecoming",
	  "spider man homecoming" },
	{ "Schitt's Creek", "schitts creek", "schitts creek" },
	{ "Schitt\xe2\x80\x99s Creek", "schitts creek", "schitts creek" },
	{ "Law & Order", "law and order", "law and order" },
	{ "Law&Order", "law and order", "law and order" },
	{ "Guns N' Roses", "guns n roses", "guns n roses" },
	{ "Mötley Crüe", "motley crue", "motley crue" },
	{ "Sigur Rós", "sigur ros", "sigur ros" },
	{ "Røyksopp", "royksopp", "royksopp" },
	{ "Straße", "strasse", "strasse" },
	{ "Æon Flux", "aeon flux", "aeon flux" },
	{ "Łódź", "lodz", "lodz" },
	{ "Œuvre", "oeuvre", "oeuvre" },
	{ "Þór", "thor", "thor" },
	{ "Shōgun", "shogun", "shogun" },
	{ "Ça Ira", "ca ira", "ca ira" },
	{ "Beyoncé", "beyonce", "beyonce" },
	{ "ΑΘΗΝΑ", "αθηνα", "αθηνα" },
	{ "Άλφα Ωμέγα", "αλφα ωμεγα", "αλφα ωμεγα" },
	{ "Σωκράτης", "σωκρατησ", "σωκρατησ" },
	{ "Сергей Лазарев", "сергеи лазарев", "сергеи лазарев" },
	{ "Чай вдвоём", "чаи вдвоем", "чаи вдвоем" },
	{ "ЁЛКА", "елка", "елка" },
	{ "22\xe2\x80\x90" "20s", "22 20s", "22 20s" },	/* U+2010 */
	{ "Love, Death & Robots", "love death and robots",
	  "love death and robots" },
	{ "X-Men: Days of Future Past", "x men days of future past",
	  "x men days of future past" },
	{ "The", "the", "the" },
	{ "A", "a", "a" },
	{ "An Education", "an education", "education" },
	{ "A-ha", "a ha", "ha" },
	{ "Theory", "theory", "theory" },
	{ "Pokémon: The Movie", "pokemon the movie", "pokemon the movie" },
	{ "ＴＥＳＴ", "test", "test" },	/* fullwidth */
	{ "under_score", "under score", "under score" },
	{ "émoji \xf0\x9f\x98\x80 ok", "emoji ok", "emoji ok" },
	{ "...", "", "" },
	{ "", "", "" },
	{ "\xff\xfe bad", "bad", "bad" },
	{ "tab\there", "tab here", "tab here" },
	{ "Ⅱ", "ii", "ii" },
	{ "ﬁlm", "film", "film" },
};

START_TEST(test_norm)
{
	char *n = mr_text_norm(norms[_i].in);
	char *k = mr_text_norm_key(norms[_i].in);

	ck_assert_msg(strcmp(n, norms[_i].norm) == 0, "norm(%s) = '%s'",
	    norms[_i].in, n);
	ck_assert_msg(strcmp(k, norms[_i].key) == 0, "key(%s) = '%s'",
	    norms[_i].in, k);
	free(n);
	free(k);
}
END_TEST

START_TEST(test_norm_null)
{
	char *n = mr_text_norm(NULL);

	ck_assert_str_eq(n, "");
	free(n);
}
END_TEST

static const struct {
	const char *in;
	const char *compact;
} compacts[] = {
	{ "Spider-Man", "spiderman" },
	{ "Spiderman", "spiderman" },
	{ "Rocky II", "rocky2" },
	{ "Rocky 2", "rocky2" },
	{ "Frozen II", "frozen2" },
	{ "II", "ii" },			/* first word stays a word */
	{ "Malcolm X", "malcolm10" },
	{ "Star Wars: Episode IV", "starwarsepisode4" },
	{ "", "" },
};

START_TEST(test_compact)
{
	char *c = mr_text_compact(compacts[_i].in);

	ck_assert_msg(strcmp(c, compacts[_i].compact) == 0,
	    "compact(%s) = '%s'", compacts[_i].in, c);
	free(c);
}
END_TEST

/* Cleaning: invalid UTF-8 and control characters. */
static const struct {
	const char *in;
	size_t max;
	const char *out;
	int valid_in;
} cleans[] = {
	{ "plain", 0, "plain", 1 },
	{ "caf\xc3\xa9", 0, "caf\xc3\xa9", 1 },
	{ "bad\xffz", 0, "bad\xef\xbf\xbdz", 0 },
	{ "ctl\x01\x1f\x7fx", 0, "ctl   x", 1 },
	{ "c1 \xc2\x85 x", 0, "c1   x", 1 },
	{ "over\xc0\xaflong", 0, "over\xef\xbf\xbd\xef\xbf\xbdlong", 0 },
	{ "sur\xed\xa0\x80", 0, "sur\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	  0 },
	{ "cut\xc3\xa9", 4, "cut\xef\xbf\xbd", 1 },
	{ "abcdef", 3, "abc", 1 },
	{ "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80", 1 },
	{ "\xf4\x90\x80\x80", 0,
	  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 0 },
};

START_TEST(test_clean)
{
	char *c = mr_text_clean(cleans[_i].in, cleans[_i].max);

	ck_assert_msg(strcmp(c, cleans[_i].out) == 0, "clean #%d = '%s'",
	    _i, c);
	ck_assert_int_eq(mr_text_utf8_valid(c), 1);
	ck_assert_int_eq(mr_text_utf8_valid(cleans[_i].in),
	    cleans[_i].valid_in);
	free(c);
}
END_TEST

START_TEST(test_utf8_roundtrip)
{
	static const unsigned long cps[] = {
		0x24, 0xA2, 0x939, 0x20AC, 0xD55C, 0x10348, 0x10FFFF,
	};
	char buf[8];
	const char *p;
	size_t i, n;

	for (i = 0; i < MR_ARRAY_LEN(cps); i++) {
		n = mr_text_utf8_put(buf, cps[i]);
		buf[n] = '\0';
		p = buf;
		ck_assert_uint_eq(mr_text_utf8_next(&p), cps[i]);
		ck_assert_ptr_eq(p, buf + n);
		ck_assert_uint_eq(mr_text_utf8_len(buf), 1);
	}
	n = mr_text_utf8_put(buf, 0xD800);
	ck_assert_uint_eq(n, 3);	/* surrogates become U+FFFD */
	ck_assert_uint_eq(mr_text_utf8_len("h\xc3\xa9llo"), 5);
	ck_assert_uint_eq(mr_text_utf8_len(NULL), 0);
}
END_TEST

START_TEST(test_tokens)
{
	char **t = NULL;
	size_t n;

	n = mr_text_tokens("the dark knight", &t);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(t[0], "the");
	ck_assert_str_eq(t[2], "knight");
	mr_text_tokens_free(t, n);
	n = mr_text_tokens("", &t);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(t);
	n = mr_text_tokens("  x  ", &t);
	ck_assert_uint_eq(n, 1);
	mr_text_tokens_free(t, n);
	ck_assert(mr_text_is_article("the"));
	ck_assert(mr_text_is_article("an"));
	ck_assert(!mr_text_is_article("then"));
	ck_assert(!mr_text_is_article(NULL));
}
END_TEST

static const struct {
	const char *a, *b;
	size_t max;
	size_t d;
} dists[] = {
	{ "", "", 0, 0 },
	{ "abc", "", 0, 3 },
	{ "kitten", "sitting", 0, 3 },
	{ "wonderland", "wonderalnd", 0, 1 },	/* transposition */
	{ "ca", "abc", 0, 3 },			/* OSA, not full Damerau */
	{ "insidde out", "inside out", 0, 1 },
	{ "amélie", "amelie", 0, 1 },		/* code points, not bytes */
	{ "αβγ", "αβδ", 0, 1 },
	{ "abcdefgh", "hgfedcba", 2, 3 },	/* capped: max + 1 */
	{ "short", "muchlongerstring", 3, 4 },
	{ "same", "same", 1, 0 },
};

START_TEST(test_distance)
{
	size_t d = mr_text_distance(dists[_i].a, dists[_i].b, dists[_i].max);

	ck_assert_msg(d == dists[_i].d, "distance(%s, %s) = %zu",
	    dists[_i].a, dists[_i].b, d);
	/* Symmetric. */
	ck_assert_uint_eq(mr_text_distance(dists[_i].b, dists[_i].a,
	    dists[_i].max), d);
}
END_TEST

START_TEST(test_similarity_values)
{
	ck_assert(mr_text_edit_similarity("", "") == 1.0);
	ck_assert(mr_text_edit_similarity("abcd", "abcx") == 0.75);
	ck_assert(mr_text_token_similarity("dark knight", "the dark knight")
	    > 0.6);
	ck_assert(mr_text_token_similarity("dark knight", "knight dark")
	    == 1.0);
	ck_assert(mr_text_token_similarity("abc", "xyz") == 0.0);
	ck_assert(mr_text_token_similarity("", "") == 1.0);
	ck_assert(mr_text_token_similarity("abc", "") == 0.0);
	/* One-edit tokens of 5+ letters count 0.8. */
	ck_assert(mr_text_token_similarity("killswwitch engage",
	    "killswitch engage") > 0.75);
}
END_TEST

/* Title relations: query, title, relation, similarity range. */
static const struct {
	const char *q, *t;
	enum mr_text_match m;
	double lo, hi;
} titles[] = {
	{ "Dexter", "Dexter", MR_TEXT_EXACT, 1, 1 },
	{ "dexter", "DEXTER", MR_TEXT_EXACT, 1, 1 },
	{ "Amelie", "Amélie", MR_TEXT_EXACT, 1, 1 },
	{ "Spider-Man", "Spider Man", MR_TEXT_EXACT, 1, 1 },
	{ "Law and Order", "Law & Order", MR_TEXT_EXACT, 1, 1 },
	{ "Office", "The Office", MR_TEXT_EQUIV, 0.95, 0.99 },
	{ "The Amélie", "Amélie", MR_TEXT_EQUIV, 0.95, 0.99 },
	{ "Spiderman", "Spider-Man", MR_TEXT_EQUIV, 0.95, 0.99 },
	{ "Spiderman Homecoming", "Spider-Man: Homecoming", MR_TEXT_EQUIV,
	  0.95, 0.99 },
	{ "Rocky 2", "Rocky II", MR_TEXT_EQUIV, 0.95, 0.99 },
	{ "Alice in Wonderalnd", "Alice in Wonderland", MR_TEXT_TYPO, 0.9,
	  0.93 },
	{ "Insidde Out", "Inside Out", MR_TEXT_TYPO, 0.9, 0.93 },
	{ "Shrek the Thitd", "Shrek the Third", MR_TEXT_TYPO, 0.9, 0.93 },
	{ "Syystem of a Down", "System of a Down", MR_TEXT_TYPO, 0.9, 0.93 },
	{ "The Offise", "Office", MR_TEXT_TYPO, 0.8, 0.93 },
	{ "Cake", "Cage", MR_TEXT_PARTIAL, 0.3, 0.85 },	/* too short */
	{ "Dune", "Dune: Part Two", MR_TEXT_PARTIAL, 0.2, 0.85 },
	{ "Blade Runner", "Blade Runner 2049", MR_TEXT_PARTIAL, 0.5, 0.85 },
	{ "Predator", "The Predator", MR_TEXT_EQUIV, 0.95, 0.99 },
	{ "Btzjzbfr rdqpc zebru", "Breaking Bad", MR_TEXT_PARTIAL, 0, 0.4 },
	{ "abc", "xyz", MR_TEXT_NONE, 0, 0 },
	{ "", "Dexter", MR_TEXT_NONE, 0, 0 },
	{ "Dexter", "", MR_TEXT_NONE, 0, 0 },
	{ "...", "!!!", MR_TEXT_NONE, 0, 0 },
};

START_TEST(test_title_match)
{
	double sim = -1;
	enum mr_text_match m;

	m = mr_text_title_match(titles[_i].q, titles[_i].t, &sim);
	ck_assert_msg(m == titles[_i].m, "match(%s, %s) = %d", titles[_i].q,
	    titles[_i].t, (int)m);
	ck_assert_msg(sim >= titles[_i].lo && sim <= titles[_i].hi,
	    "sim(%s, %s) = %f", titles[_i].q, titles[_i].t, sim);
	ck_assert(mr_text_title_similarity(titles[_i].q, titles[_i].t) ==
	    sim);
}
END_TEST

/* Order: exact > equivalent > typo > partial, for one query. */
START_TEST(test_title_order)
{
	double e = mr_text_title_similarity("the office", "The Office");
	double q = mr_text_title_similarity("the office", "Office");
	double t = mr_text_title_similarity("the office", "The Offcie");
	double p = mr_text_title_similarity("the office", "The Office Xmas");

	ck_assert(e > q);
	ck_assert(q > t);
	ck_assert(t > p);
}
END_TEST

/* Hostile input: long, invalid, control characters; must not crash. */
START_TEST(test_hostile)
{
	size_t n = 1 << 20, i;
	char *big = xmalloc(n + 1);
	char *r;
	double s;

	for (i = 0; i < n; i++)
		big[i] = (char)(i % 7 == 0 ? 0xff : "ab \x01\xc3"[i % 5]);
	big[n] = '\0';
	r = mr_text_clean(big, 0);
	ck_assert(mr_text_utf8_valid(r));
	free(r);
	r = mr_text_norm(big);
	free(r);
	r = mr_text_compact(big);
	free(r);
	/* Bounded distance on long strings stays cheap enough. */
	big[4096] = '\0';
	ck_assert_uint_eq(mr_text_distance(big, "abc", 2), 3);
	s = mr_text_title_similarity(big, "ab ab");
	ck_assert(s >= 0 && s <= 1);
	free(big);
}
END_TEST

/*
 * Properties on random text: the normal form is valid UTF-8, has no
 * double or edge spaces, and is a fixed point; a title equals itself;
 * similarities stay in [0, 1] and are symmetric where promised.
 */
START_TEST(test_random)
{
	static const char *const bits[] = {
		"a", "B", " ", "  ", "-", "'", "&", "The ", "\xc3\xa9",
		"\xc3\x9f", "\xc3\x86", "\xce\xa3", "\xd0\x99", "\xe2\x80\x99",
		"\xcc\x81", "\xff", "\x01", "II", "9", "_", "\xef\xbc\xa1",
		"\xf0\x9f\x98\x80", "\xc4\xb1", "\xe1\xb8\x80",
	};
	char a[128], b[128];
	char *na, *nn, *nb;
	unsigned long r = 7;
	size_t i, la, lb, k, bl;
	int round;
	double s1, s2;

	for (round = 0; round < 2000; round++) {
		la = lb = 0;
		for (i = 0; i < 10; i++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			k = (r >> 33) % MR_ARRAY_LEN(bits);
			bl = strlen(bits[k]);
			if (la + bl < sizeof(a)) {
				memcpy(a + la, bits[k], bl);
				la += bl;
			}
			k = (r >> 40) % MR_ARRAY_LEN(bits);
			bl = strlen(bits[k]);
			if ((r >> 50) % 3 && lb + bl < sizeof(b)) {
				memcpy(b + lb, bits[k], bl);
				lb += bl;
			}
		}
		a[la] = '\0';
		b[lb] = '\0';
		na = mr_text_norm(a);
		ck_assert(mr_text_utf8_valid(na));
		ck_assert(strstr(na, "  ") == NULL);
		ck_assert(na[0] != ' ');
		ck_assert(na[0] == '\0' || na[strlen(na) - 1] != ' ');
		nn = mr_text_norm(na);
		ck_assert_msg(strcmp(na, nn) == 0, "norm not idempotent: '%s'",
		    na);
		if (na[0] != '\0')
			ck_assert_int_eq(mr_text_title_match(a, a, NULL),
			    MR_TEXT_EXACT);
		nb = mr_text_norm(b);
		(void)mr_text_title_match(a, b, &s1);
		ck_assert(s1 >= 0 && s1 <= 1);
		s1 = mr_text_token_similarity(na, nb);
		s2 = mr_text_token_similarity(nb, na);
		ck_assert(s1 >= 0 && s1 <= 1 && s2 >= 0 && s2 <= 1);
		s1 = mr_text_edit_similarity(na, nb);
		s2 = mr_text_edit_similarity(nb, na);
		ck_assert(s1 == s2);
		free(na);
		free(nn);
		free(nb);
	}
}
END_TEST

static Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_norm, 0, MR_ARRAY_LEN(norms));
	tcase_add_test(tc, test_norm_null);
	tcase_add_loop_test(tc, test_compact, 0, MR_ARRAY_LEN(compacts));
	tcase_add_loop_test(tc, test_clean, 0, MR_ARRAY_LEN(cleans));
	tcase_add_test(tc, test_utf8_roundtrip);
	tcase_add_test(tc, test_tokens);
	tcase_add_loop_test(tc, test_distance, 0, MR_ARRAY_LEN(dists));
	tcase_add_test(tc, test_similarity_values);
	tcase_add_loop_test(tc, test_title_match, 0, MR_ARRAY_LEN(titles));
	tcase_add_test(tc, test_title_order);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(text_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
