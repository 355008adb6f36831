/* check_tmdb.c: TMDb request builders and parsers on recorded bodies. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "hit.h"
#include "mr.h"
#include "tmdb.h"
#include "ureq.h"

#include "fixture.h"

START_TEST(test_not_configured)
{
	struct mr_config *cfg = cfg_with("[database]\npath = /tmp/x.db\n");

	ck_assert_ptr_null(mr_tmdb_new(cfg));
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_bearer_preferred)
{
	struct mr_config *cfg = cfg_with("[tmdb]\napi_key = k3y\n"
	    "read_access_token = t0ken\nbase_url = http://h/tmdb/3/\n");
	struct mr_tmdb *t = mr_tmdb_new(cfg);
	struct mr_ureq *u = mr_tmdb_search(t, 0, "Dune & Co", 1984);

	ck_assert_ptr_nonnull(strstr(u->url, "http://h/tmdb/3/search/movie?"
	    "query=Dune%20%26%20Co"));
	ck_assert_ptr_nonnull(strstr(u->url, "primary_release_year=1984"));
	ck_assert_ptr_null(strstr(u->url, "k3y"));
	ck_assert_ptr_null(strstr(u->url, "t0ken"));
	ck_assert_str_eq(u->http.headers[0], "Authorization: Bearer t0ken");
	ck_assert_str_eq(u->http.rate_key, "tmdb");
	ck_assert(u->http.cache_ttl > 0);
	ck_assert_ptr_nonnull(u->http.empty_fn);
	mr_ureq_free(u);
	u = mr_tmdb_search(t, 1, "Dexter", 2006);
	ck_assert_ptr_nonnull(strstr(u->url, "search/tv?"));
	ck_assert_ptr_nonnull(strstr(u->url, "first_air_date_year=2006"));
	mr_ureq_free(u);
	mr_tmdb_free(t);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_api_key_in_url)
{
	struct mr_config *cfg = cfg_with("[tmdb]\napi_key = k3y\n"
	    "base_url = http://h/3\n");
	struct mr_tmdb *t = mr_tmdb_new(cfg);
	struct mr_ureq *u = mr_tmdb_external_ids(t, 1, 1405);
	char *key;

	ck_assert_str_eq(u->url, "http://h/3/tv/1405/external_ids?api_key=k3y");
	ck_assert_ptr_null(u->http.headers[0] != NULL &&
	    strstr(u->http.headers[0], "Authorization") ?
	    u->http.headers[0] : NULL);
	key = mr_ureq_cache_key(u);
	ck_assert_ptr_null(strstr(key, "k3y"));
	free(key);
	mr_ureq_free(u);
	u = mr_tmdb_find(t, "tt0773262", "imdb_id");
	ck_assert_ptr_nonnull(strstr(u->url,
	    "/3/find/tt0773262?external_source=imdb_id"));
	mr_ureq_free(u);
	mr_tmdb_free(t);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_parse_search_movie)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;
	size_t len;
	char *b = slurp("tmdb/search_movie_the_matrix.json", &len);

	ck_assert_int_eq(mr_tmdb_parse_search(b, len, 0, 0, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 20);
	ck_assert_int_eq(hs.v[0].kind, MR_HIT_MOVIE);
	ck_assert_int_eq(hs.v[0].tmdb_id, 603);
	ck_assert_str_eq(hs.v[0].title, "The Matrix");
	ck_assert_int_eq(hs.v[0].year, 1999);
	ck_assert(hs.v[0].has_popularity);
	ck_assert(hs.v[0].votes > 0);
	ck_assert_int_eq(hs.v[3].rank, 3);
	mr_hits_release(&hs);
	ck_assert_int_eq(mr_tmdb_parse_search(b, len, 0, 5, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 5);
	mr_hits_release(&hs);
	ck_assert(!mr_tmdb_empty(b, len));
	free(b);
}
END_TEST

START_TEST(test_parse_search_tv)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;
	size_t len;
	char *b = slurp("tmdb/search_tv_game_of_thrones.json", &len);

	ck_assert_int_eq(mr_tmdb_parse_search(b, len, 1, 0, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 4);
	ck_assert_int_eq(hs.v[0].kind, MR_HIT_TV);
	ck_assert_int_eq(hs.v[0].tmdb_id, 1399);
	ck_assert_str_eq(hs.v[0].title, "Game of Thrones");
	ck_assert_int_eq(hs.v[0].year, 2011);
	ck_assert_int_eq(hs.v[0].tvdb_id, 0);
	mr_hits_release(&hs);
	free(b);
}
END_TEST

/* Tolerance: empty dates, missing fields, odd bodies. */
static const struct {
	const char *body;
	enum mr_rc rc;
	size_t n;
	int year;
} search_cases[] = {
	{ "{\"page\":1,\"results\":[],\"total_results\":0}", MR_OK, 0, 0 },
	{ "{\"results\":[{\"id\":5,\"title\":\"X\",\"release_date\":\"\"}]}",
	    MR_OK, 1, 0 },
	{ "{\"results\":[{\"id\":5,\"title\":\"X\"}]}", MR_OK, 1, 0 },
	{ "{\"results\":[{\"id\":5,\"title\":\"X\",\"release_date\":\"19\"}]}",
	    MR_OK, 1, 0 },
	{ "{\"results\":[{\"title\":\"no id\"},{\"id\":7}]}", MR_OK, 0, 0 },
	{ "{\"results\":[{\"id\":5,\"original_title\":\"Y\","
	    "\"release_date\":\"2001-02-03\",\"popularity\":null}]}",
	    MR_OK, 1, 2001 },
	{ "{\"errors\":[\"query must be provided\"]}", MR_EPARSE, 0, 0 },
	{ "{\"results\": [", MR_EPARSE, 0, 0 },
	{ "", MR_EPARSE, 0, 0 },
	{ "[]", MR_EPARSE, 0, 0 },
};

START_TEST(test_parse_search_table)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;
	const char *b = search_cases[_i].body;

	ck_assert_int_eq(mr_tmdb_parse_search(b, strlen(b), 0, 0, &hs, &e),
	    search_cases[_i].rc);
	ck_assert_uint_eq(hs.n, search_cases[_i].n);
	if (hs.n > 0) {
		ck_assert_int_eq(hs.v[0].year, search_cases[_i].year);
		ck_assert_ptr_nonnull(hs.v[0].title);
	}
	mr_hits_release(&hs);
}
END_TEST

START_TEST(test_parse_external_ids)
{
	struct mr_err e;
	size_t len;
	long tvdb;
	char *imdb, *b = slurp("tmdb/tv_1399_external_ids.json", &len);
	const char *nul = "{\"id\":9,\"imdb_id\":null,\"tvdb_id\":null}";

	ck_assert_int_eq(mr_tmdb_parse_external_ids(b, len, &tvdb, &imdb, &e),
	    MR_OK);
	ck_assert_int_eq(tvdb, 121361);
	ck_assert_str_eq(imdb, "tt0944947");
	free(imdb);
	free(b);
	ck_assert_int_eq(mr_tmdb_parse_external_ids(nul, strlen(nul), &tvdb,
	    &imdb, &e), MR_OK);
	ck_assert_int_eq(tvdb, 0);
	ck_assert_ptr_null(imdb);
}
END_TEST

START_TEST(test_parse_find)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;
	size_t len;
	char *b = slurp("tmdb/find_72023_tvdb_id.json", &len);

	/* The episode result of the same tvdb id is not a show. */
	ck_assert_int_eq(mr_tmdb_parse_find(b, len, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 1);
	ck_assert_int_eq(hs.v[0].kind, MR_HIT_TV);
	ck_assert_str_eq(hs.v[0].title, "Deadwood");
	mr_hits_release(&hs);
	free(b);
	b = slurp("tmdb/find_tt31193180_imdb_id.json", &len);
	ck_assert_int_eq(mr_tmdb_parse_find(b, len, &hs, &e), MR_OK);
	ck_assert_uint_eq(hs.n, 1);
	ck_assert_int_eq(hs.v[0].kind, MR_HIT_MOVIE);
	mr_hits_release(&hs);
	free(b);
}
END_TEST

START_TEST(test_parse_details)
{
	struct mr_hits hs = { 0 };
	struct mr_err e;
	size_t len;
	char *b = slurp("tmdb/movie_550_fight_club.json", &len);
	const char *tv = "{\"id\":1405,\"name\":\"Dexter\",\"first_air_date\":"
	    "\"2006-10-01\",\"external_ids\":{\"tvdb_id\":79349,"
	    "\"imdb_id\":\"tt0773262\"}}";

	ck_assert_int_eq(mr_tmdb_parse_details(b, len, 0, &hs, &e), MR_OK);
	ck_assert_int_eq(hs.v[0].tmdb_id, 550);
	ck_assert_str_eq(hs.v[0].imdb_id, "tt0137523");
	ck_assert_int_eq(hs.v[0].year, 1999);
	ck_assert_int_eq(mr_tmdb_parse_details(tv, strlen(tv), 1, &hs, &e),
	    MR_OK);
	ck_assert_int_eq(hs.v[1].tvdb_id, 79349);
	ck_assert_str_eq(hs.v[1].imdb_id, "tt0773262");
	mr_hits_release(&hs);
	free(b);
}
END_TEST

START_TEST(test_language_region)
{
	struct mr_config *cfg = cfg_with("[tmdb]\nread_access_token = t\n"
	    "language = ja-JP\nregion = JP\n");
	struct mr_tmdb *t = mr_tmdb_new(cfg);
	struct mr_ureq *u = mr_tmdb_search(t, 0, "x", 0);

	ck_assert_ptr_nonnull(strstr(u->url, "&language=ja-JP"));
	ck_assert_ptr_nonnull(strstr(u->url, "&region=JP"));
	mr_ureq_free(u);
	u = mr_tmdb_search(t, 1, "x", 0);
	ck_assert_ptr_null(strstr(u->url, "region="));
	mr_ureq_free(u);
	u = mr_tmdb_alt_titles(t, 0, 129);
	ck_assert_ptr_nonnull(strstr(u->url, "/movie/129/alternative_titles"));
	mr_ureq_free(u);
	mr_tmdb_free(t);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_parse_alt_titles)
{
	static const char movie[] = "{\"id\":129,\"titles\":["
	    "{\"iso_3166_1\":\"DE\",\"title\":\"Chihiros Reise\"},"
	    "{\"iso_3166_1\":\"JP\",\"title\":\"Sen to Chihiro no "
	    "Kamikakushi\"},"
	    "{\"iso_3166_1\":\"US\",\"title\":\"Sen to Chihiro no "
	    "Kamikakushi\"}]}";
	static const char tv[] = "{\"id\":1,\"results\":["
	    "{\"title\":\"Sen to Chihiro no Kamikakush\"}]}";
	struct mr_hit h;
	struct mr_err e;

	memset(&h, 0, sizeof(h));
	ck_assert_int_eq(mr_tmdb_parse_alt_titles(movie, strlen(movie),
	    "sen to chihiro no kamikakushi", &h, &e), MR_OK);
	/* Only titles the query names, once. */
	ck_assert_str_eq(h.alt[0], "Sen to Chihiro no Kamikakushi");
	ck_assert_ptr_null(h.alt[1]);
	ck_assert_int_eq(mr_tmdb_parse_alt_titles(tv, strlen(tv),
	    "sen to chihiro no kamikakushi", &h, &e), MR_OK);
	ck_assert_str_eq(h.alt[1], "Sen to Chihiro no Kamikakush");
	ck_assert_int_eq(mr_tmdb_parse_alt_titles("{}", 2, "x", &h, &e),
	    MR_EPARSE);
	mr_hit_release(&h);
}
END_TEST

static Suite *
tmdb_suite(void)
{
	Suite *s = suite_create("tmdb");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_not_configured);
	tcase_add_test(tc, test_bearer_preferred);
	tcase_add_test(tc, test_api_key_in_url);
	tcase_add_test(tc, test_parse_search_movie);
	tcase_add_test(tc, test_parse_search_tv);
	tcase_add_loop_test(tc, test_parse_search_table, 0,
	    (int)MR_ARRAY_LEN(search_cases));
	tcase_add_test(tc, test_parse_external_ids);
	tcase_add_test(tc, test_parse_find);
	tcase_add_test(tc, test_parse_details);
	tcase_add_test(tc, test_language_region);
	tcase_add_test(tc, test_parse_alt_titles);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(tmdb_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
