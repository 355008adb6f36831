/* check_resolve.c: Sonarr/Lidarr lookups, their parsers, picking. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "hit.h"
#include "mr.h"
#include "resolve.h"
#include "ureq.h"

static const char sonarr_body[] =
    "[{\"title\":\"The Office (US)\",\"year\":2005,\"tvdbId\":73244,"
    "\"tmdbId\":2316,\"imdbId\":\"tt0386676\",\"ratings\":{\"votes\":900}},"
    "{\"title\":\"The Office\",\"year\":2001,\"tvdbId\":78107,"
    "\"ratings\":{\"votes\":300}},"
    "{\"title\":\"The Office\",\"year\":2005,\"tvdbId\":73244},"
    "{\"year\":1999}]";

static const char lidarr_albums[] =
    "[{\"title\":\"Abbey Road\",\"foreignAlbumId\":\"rg-1\","
    "\"releaseDate\":\"1969-09-26T00:00:00Z\",\"artist\":{\"artistName\":"
    "\"The Beatles\",\"foreignArtistId\":\"ar-1\"}},"
    "{\"title\":\"Abbey Road\",\"foreignAlbumId\":\"rg-2\","
    "\"artist\":{\"artistName\":\"Tribute Band\",\"foreignArtistId\":"
    "\"ar-2\"}}]";

static const char lidarr_artists[] =
    "[{\"artistName\":\"Nirvana\",\"foreignArtistId\":\"us\","
    "\"disambiguation\":\"90s US grunge band\",\"ratings\":{\"votes\":99}},"
    "{\"artistName\":\"Nirvana\",\"foreignArtistId\":\"uk\"},"
    "{\"artistName\":\"Nirvana Tribute\",\"foreignArtistId\":\"t\"}]";

START_TEST(test_requests)
{
	struct mr_config *cfg = NULL;
	struct mr_resolver *r;
	struct mr_ureq *u;
	struct mr_err e;

	ck_assert_int_eq(mr_config_load_string("[sonarr]\nurl = http://s/\n"
	    "api_key = sk3y\n", "t.ini", &cfg, &e), MR_OK);
	r = mr_resolver_new(cfg);
	ck_assert(mr_resolver_has_sonarr(r));
	ck_assert(!mr_resolver_has_lidarr(r));
	u = mr_resolve_sonarr_lookup(r, "tmdb:1405");
	ck_assert_str_eq(u->url,
	    "http://s/api/v3/series/lookup?term=tmdb%3A1405");
	ck_assert_str_eq(u->http.headers[0], "X-Api-Key: sk3y");
	ck_assert_ptr_null(strstr(u->url, "sk3y"));
	mr_ureq_free(u);
	mr_resolver_free(r);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_sonarr_pick)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;

	ck_assert_int_eq(mr_resolve_parse_sonarr(sonarr_body,
	    strlen(sonarr_body), &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 3);
	ck_assert_int_eq(hs.v[0].tvdb_id, 73244);
	ck_assert_int_eq(hs.v[0].tmdb_id, 2316);
	ck_assert_int_eq(hs.v[0].votes, 900);
	/* By tmdb id first; by title and year otherwise. */
	ck_assert_int_eq(mr_resolve_pick(&hs, MR_HIT_TV, "x", NULL, 0, 2316),
	    0);
	ck_assert_int_eq(mr_resolve_pick(&hs, MR_HIT_TV, "The Office", NULL,
	    2001, 0), 1);
	ck_assert_int_eq(mr_resolve_pick(&hs, MR_HIT_TV, "The Office", NULL,
	    2005, 0), 2);
	ck_assert_int_eq(mr_resolve_pick(&hs, MR_HIT_TV, "The Office", NULL,
	    1990, 0), -1);
	ck_assert_int_eq(mr_resolve_pick(&hs, MR_HIT_TV, "Dexter", NULL, 0, 0),
	    -1);
	mr_hits_release(&hs);
	ck_assert_int_eq(mr_resolve_parse_sonarr("{}", 2, &hs, &e), MR_EPARSE);
}
END_TEST

START_TEST(test_lidarr_pick)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;

	ck_assert_int_eq(mr_resolve_parse_lidarr(lidarr_artists,
	    strlen(lidarr_artists), 0, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 3);
	/* Namesakes: the first (best ranked) exact name. */
	ck_assert_int_eq(mr_resolve_pick(&hs, MR_HIT_ARTIST, "nirvana", NULL,
	    0, 0), 0);
	ck_assert_str_eq(hs.v[0].mbid, "us");
	ck_assert_int_eq(mr_resolve_pick(&hs, MR_HIT_ALBUM, "nirvana", NULL,
	    0, 0), -1);
	mr_hits_release(&hs);
	ck_assert_int_eq(mr_resolve_parse_lidarr(lidarr_albums,
	    strlen(lidarr_albums), 1, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 2);
	ck_assert_int_eq(hs.v[0].year, 1969);
	ck_assert_int_eq(mr_resolve_pick(&hs, MR_HIT_ALBUM, "Abbey Road",
	    "Tribute Band", 0, 0), 1);
	ck_assert_int_eq(mr_resolve_pick(&hs, MR_HIT_ALBUM, "abbey road",
	    "the beatles", 0, 0), 0);
	ck_assert_str_eq(hs.v[0].rg_mbid, "rg-1");
	/* Two albums of that title: no unique pick. */
	ck_assert_int_eq(mr_resolve_pick_unique(&hs, MR_HIT_ALBUM,
	    "Abbey Road"), -1);
	ck_assert_int_eq(mr_resolve_pick_unique(&hs, MR_HIT_ALBUM, "Help!"),
	    -1);
	hs.v[1].kind = MR_HIT_ARTIST;
	ck_assert_int_eq(mr_resolve_pick_unique(&hs, MR_HIT_ALBUM,
	    "abbey road"), 0);
	ck_assert_str_eq(hs.v[0].mbid, "ar-1");
	mr_hits_release(&hs);
}
END_TEST

static Suite *
resolve_suite(void)
{
	Suite *s = suite_create("resolve");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_requests);
	tcase_add_test(tc, test_sonarr_pick);
	tcase_add_test(tc, test_lidarr_pick);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(resolve_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
