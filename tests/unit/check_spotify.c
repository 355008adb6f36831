/* check_spotify.c: Spotify builders, token handling and parsers. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "hit.h"
#include "mr.h"
#include "spotify.h"
#include "ureq.h"

#include "fixture.h"

static const char *ini = "[spotify]\nclient_id = cid\n"
    "client_secret = s3cret\nbase_url = http://h/spotify/v1\n"
    "token_url = http://h/acc/api/token\n";

START_TEST(test_not_configured)
{
	struct mr_config *cfg = cfg_with("[spotify]\nclient_id = x\n");

	ck_assert_ptr_null(mr_spotify_new(cfg, NULL));
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_token_flow)
{
	struct mr_config *cfg = cfg_with(ini);
	struct mr_spotify *s = mr_spotify_new(cfg, NULL);
	struct mr_ureq *u;
	struct mr_err e;
	const char *ok = "{\"access_token\":\"tok123\",\"token_type\":"
	    "\"Bearer\",\"expires_in\":3600}";
	const char *bad = "{\"error\":\"invalid_client\","
	    "\"error_description\":\"Invalid client\"}";

	ck_assert_ptr_null(mr_spotify_token(s));
	u = mr_spotify_token_req(s);
	ck_assert_str_eq(u->url, "http://h/acc/api/token");
	ck_assert_str_eq(u->http.method, "POST");
	ck_assert_str_eq(u->http.body, "grant_type=client_credentials");
	/* base64("cid:s3cret") */
	ck_assert_str_eq(u->http.headers[0],
	    "Authorization: Basic Y2lkOnMzY3JldA==");
	ck_assert_ptr_null(strstr(u->url, "s3cret"));
	u->http.status = 400;
	u->http.resp = xstrdup(bad);
	u->http.resp_len = strlen(bad);
	ck_assert_int_eq(mr_spotify_token_take(s, u, &e), MR_EAUTH);
	ck_assert_ptr_nonnull(strstr(e.msg, "Invalid client"));
	ck_assert_ptr_null(strstr(e.msg, "s3cret"));
	free(u->http.resp);
	u->http.status = 200;
	u->http.resp = xstrdup(ok);
	u->http.resp_len = strlen(ok);
	ck_assert_int_eq(mr_spotify_token_take(s, u, &e), MR_OK);
	ck_assert_str_eq(mr_spotify_token(s), "tok123");
	mr_ureq_free(u);
	u = mr_spotify_search(s, "AC/DC & co", "artist,album", 50);
	ck_assert_str_eq(u->url,
	    "http://h/spotify/v1/search?q=AC%2FDC%20%26%20co"
	    "&type=artist,album&limit=10");
	ck_assert_str_eq(u->http.headers[0], "Authorization: Bearer tok123");
	ck_assert_str_eq(u->http.rate_key, "spotify");
	mr_ureq_free(u);
	mr_spotify_token_drop(s);
	ck_assert_ptr_null(mr_spotify_token(s));
	mr_spotify_free(s);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_parse_artists)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;
	size_t len;
	char *b = slurp("spotify/search_artist_muse.json", &len);

	ck_assert_int_eq(mr_spotify_parse_search(b, len, 0, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 10);
	ck_assert_int_eq(hs.v[0].kind, MR_HIT_ARTIST);
	ck_assert_str_eq(hs.v[0].title, "Muse And The Forgetting");
	ck_assert(hs.v[0].has_popularity && hs.v[0].popularity == 17);
	ck_assert(hs.v[0].has_followers && hs.v[0].followers == 2);
	ck_assert_uint_eq(strlen(hs.v[0].spotify_id), 22);
	mr_hits_release(&hs);
	free(b);
	/* An old capture without followers. */
	b = slurp("spotify/search_artist_tania_bowra.json", &len);
	ck_assert_int_eq(mr_spotify_parse_search(b, len, 0, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 1);
	ck_assert(!hs.v[0].has_followers);
	mr_hits_release(&hs);
	free(b);
}
END_TEST

START_TEST(test_parse_albums)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;
	size_t len;
	char *b = slurp("spotify/search_album_muse_with_release_date.json",
	    &len);

	ck_assert_int_eq(mr_spotify_parse_search(b, len, 3, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 3);
	ck_assert_int_eq(hs.v[0].kind, MR_HIT_ALBUM);
	ck_assert_str_eq(hs.v[0].title, "Absolution");
	ck_assert_str_eq(hs.v[0].artist, "Muse");
	ck_assert_int_eq(hs.v[0].year, 2004);
	ck_assert(!hs.v[0].has_popularity);
	mr_hits_release(&hs);
	free(b);
}
END_TEST

static const struct {
	const char *body;
	enum mr_rc rc;
	size_t n;
	int empty;
} cases[] = {
	/* Development Mode: no popularity, no followers. */
	{ "{\"artists\":{\"items\":[{\"id\":\"a\",\"name\":\"X\","
	    "\"genres\":[]}]}}", MR_OK, 1, 0 },
	{ "{\"artists\":{\"items\":[]},\"albums\":{\"items\":[]}}",
	    MR_OK, 0, 1 },
	{ "{\"albums\":{\"items\":[{\"id\":\"b\",\"name\":\"Y\","
	    "\"release_date\":\"1997\"}]}}", MR_OK, 1, 0 },
	{ "{\"artists\":{\"items\":[{\"name\":\"no id\"}]}}", MR_OK, 0, 1 },
	{ "{\"error\":{\"status\":401,\"message\":\"x\"}}", MR_EPARSE, 0, 0 },
	{ "not json", MR_EPARSE, 0, 0 },
};

START_TEST(test_parse_table)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;
	const char *b = cases[_i].body;

	ck_assert_int_eq(mr_spotify_parse_search(b, strlen(b), 0, &hs, &e),
	    cases[_i].rc);
	ck_assert_uint_eq(hs.n, cases[_i].n);
	if (hs.n > 0)
		ck_assert(!hs.v[0].has_popularity && !hs.v[0].has_followers);
	mr_hits_release(&hs);
}
END_TEST

static Suite *
spotify_suite(void)
{
	Suite *s = suite_create("spotify");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_not_configured);
	tcase_add_test(tc, test_token_flow);
	tcase_add_test(tc, test_parse_artists);
	tcase_add_test(tc, test_parse_albums);
	tcase_add_loop_test(tc, test_parse_table, 0, (int)MR_ARRAY_LEN(cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(spotify_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
