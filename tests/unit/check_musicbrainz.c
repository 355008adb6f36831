/* check_musicbrainz.c: MusicBrainz builders, escaping and parsers. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "hit.h"
#include "mr.h"
#include "musicbrainz.h"
#include "ureq.h"

#include "fixture.h"

static const struct {
	const char *in, *out;
} esc[] = {
	{ "AC/DC", "AC\\/DC" },
	{ "Guns N' Roses", "Guns N' Roses" },
	{ "a+b-c", "a\\+b\\-c" },
	{ "(x) [y] {z}", "\\(x\\) \\[y\\] \\{z\\}" },
	{ "what?*~^!", "what\\?\\*\\~\\^\\!" },
	{ "a:b\"c\\", "a\\:b\\\"c\\\\" },
	{ "x && y || z", "x \\&\\& y \\|\\| z" },
};

START_TEST(test_escape)
{
	char *s = mr_mb_escape(esc[_i].in);

	ck_assert_str_eq(s, esc[_i].out);
	free(s);
}
END_TEST

START_TEST(test_requests)
{
	struct mr_config *cfg = cfg_with("[musicbrainz]\nbase_url = "
	    "http://h/musicbrainz/ws/2\nuser_agent = t/1 ( t@example.org )\n");
	struct mr_mb *mb = mr_mb_new(cfg);
	struct mr_ureq *u;

	u = mr_mb_search_artist(mb, "AC/DC", 1, 5);
	ck_assert_str_eq(u->url, "http://h/musicbrainz/ws/2/artist?query="
	    "artist%3A%22AC%2FDC%22%20OR%20alias%3A%22AC%2FDC%22"
	    "&limit=5&fmt=json");
	ck_assert_str_eq(u->http.headers[0],
	    "User-Agent: t/1 ( t@example.org )");
	ck_assert_str_eq(u->http.rate_key, "musicbrainz");
	ck_assert(u->http.rate_per_s > 0 && u->http.rate_per_s < 1.0);
	mr_ureq_free(u);
	u = mr_mb_search_rg(mb, "Say \"Hi\"", "The Band", 10);
	ck_assert_str_eq(u->url,
	    "http://h/musicbrainz/ws/2/release-group?query="
	    "releasegroup%3A%22Say%20%5C%22Hi%5C%22%22%20AND%20artist%3A"
	    "%22The%20Band%22&limit=10&fmt=json");
	mr_ureq_free(u);
	u = mr_mb_search_artist(mb, "a (b)", 0, 500);
	ck_assert_ptr_nonnull(strstr(u->url,
	    "query=a%20%5C%28b%5C%29&limit=100"));
	mr_ureq_free(u);
	mr_mb_free(mb);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_check_503)
{
	struct mr_config *cfg = cfg_with("[musicbrainz]\nbase_url = "
	    "http://h/musicbrainz/ws/2\n");
	struct mr_mb *mb = mr_mb_new(cfg);
	struct mr_ureq *u = mr_mb_search_artist(mb, "Muse", 0, 5);
	struct mr_err e;

	/* Throttled: rate-limited (transient), not a plain HTTP error. */
	u->http.status = 503;
	ck_assert_int_eq(mr_mb_check(u, &e), MR_ERATE);
	ck_assert_str_eq(e.code, "musicbrainz.rate_limited");
	ck_assert(mr_rc_transient(e.rc));
	/* Another 5xx: unavailable, transient too. */
	u->http.status = 502;
	ck_assert_int_eq(mr_mb_check(u, &e), MR_EUNAVAIL);
	u->http.status = 400;
	ck_assert_int_eq(mr_mb_check(u, &e), MR_EHTTP);
	mr_ureq_free(u);
	mr_mb_free(mb);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_parse_artists)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;
	size_t len;
	char *b = slurp("musicbrainz/search_artist_manowar.json", &len);

	ck_assert_int_eq(mr_mb_parse_artists(b, len, 0, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 6);
	ck_assert_str_eq(hs.v[0].title, "Manowar");
	ck_assert_str_eq(hs.v[0].mbid, "00eeed6b-5897-4359-8347-b8cd28375331");
	ck_assert_int_eq(hs.v[0].score, 100);
	ck_assert_ptr_null(hs.v[0].disambiguation);
	ck_assert(mr_mb_is_mbid(hs.v[0].mbid));
	mr_hits_release(&hs);
	free(b);
	b = slurp("musicbrainz/search_artist_solstice.json", &len);
	ck_assert_int_eq(mr_mb_parse_artists(b, len, 10, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 10);
	ck_assert_str_eq(hs.v[0].disambiguation,
	    "epic doom metal band from United Kingdom");
	mr_hits_release(&hs);
	free(b);
	b = slurp("musicbrainz/search_artist_no_results.json", &len);
	ck_assert_int_eq(mr_mb_parse_artists(b, len, 0, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 0);
	ck_assert(mr_mb_empty(b, len));
	free(b);
}
END_TEST

START_TEST(test_parse_rgs)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;
	size_t len;
	char *b = slurp("musicbrainz/"
	    "search_release_group_in_times_before_the_light.json", &len);
	const char *one = "{\"id\":\"9162580e-5df4-32de-80cc-f45a8d8a9b1d\","
	    "\"title\":\"Abbey Road\",\"secondary-types\":[\"Live\","
	    "\"Soundtrack\"]}";

	ck_assert_int_eq(mr_mb_parse_rgs(b, len, 0, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 25);
	ck_assert_int_eq(hs.v[0].kind, MR_HIT_ALBUM);
	ck_assert_str_eq(hs.v[0].title, "In Times Before the Light");
	ck_assert_str_eq(hs.v[0].rg_mbid,
	    "ba62217c-c12f-4eae-859e-5202936914ff");
	ck_assert_str_eq(hs.v[0].mbid, "cc6fed9a-a14b-46e1-a5b0-97f740e66e6a");
	ck_assert_int_eq(hs.v[0].year, 2002);
	ck_assert_str_eq(hs.v[0].type, "Album");
	mr_hits_release(&hs);
	free(b);
	/* A lookup answers with the entity alone. */
	ck_assert_int_eq(mr_mb_parse_rgs(one, strlen(one), 0, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 1);
	ck_assert_str_eq(hs.v[0].secondary, "Live,Soundtrack");
	ck_assert_ptr_null(hs.v[0].mbid);
	mr_hits_release(&hs);
	ck_assert_int_eq(mr_mb_parse_rgs("{\"error\":\"x\"}", 13, 0, &hs, &e),
	    MR_EPARSE);
}
END_TEST

static Suite *
musicbrainz_suite(void)
{
	Suite *s = suite_create("musicbrainz");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_escape, 0, (int)MR_ARRAY_LEN(esc));
	tcase_add_test(tc, test_requests);
	tcase_add_test(tc, test_check_503);
	tcase_add_test(tc, test_parse_artists);
	tcase_add_test(tc, test_parse_rgs);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(musicbrainz_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
