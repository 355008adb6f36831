/* check_ureq.c: owned requests, their error codes; hits; jget. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "hit.h"
#include "jget.h"
#include "mr.h"
#include "ureq.h"

static const struct {
	long status;
	enum mr_rc net;		/* transport error when status 0 */
	const char *code;
	int ok;
} checks[] = {
	{ 200, MR_OK, "", 1 },
	{ 204, MR_OK, "", 1 },
	{ 401, MR_OK, "tmdb.auth", 0 },
	{ 403, MR_OK, "tmdb.auth", 0 },
	{ 404, MR_OK, "tmdb.http", 0 },
	{ 429, MR_OK, "tmdb.rate_limited", 0 },
	{ 503, MR_OK, "tmdb.http", 0 },
	{ 0, MR_ENET, "tmdb.network", 0 },
	{ 0, MR_ETIMEOUT, "tmdb.timeout", 0 },
};

START_TEST(test_check)
{
	struct mr_ureq *u = mr_ureq_new();
	struct mr_err e;
	enum mr_rc rc;

	mr_ureq_set_url(u, xstrdup("http://h/tmdb/3/search/movie?query=x&"
	    "api_key=s3cr3tkey"));
	u->http.status = checks[_i].status;
	if (checks[_i].net != MR_OK)
		mr_err_set(&u->http.err, checks[_i].net, 0, NULL,
		    "connection refused");
	mr_err_clear(&e);
	rc = mr_ureq_check(u, "tmdb", "detail", &e);
	ck_assert_int_eq(rc == MR_OK, checks[_i].ok);
	if (!checks[_i].ok) {
		ck_assert_str_eq(e.code, checks[_i].code);
		ck_assert_ptr_null(strstr(e.msg, "s3cr3tkey"));
		ck_assert_ptr_nonnull(strstr(e.msg, "tmdb: "));
	}
	if (checks[_i].status >= 400) {
		ck_assert_ptr_nonnull(strstr(e.msg, "/tmdb/3/search/movie"));
		ck_assert_ptr_nonnull(strstr(e.msg, ": detail"));
		ck_assert_int_eq(e.status, checks[_i].status);
	}
	mr_ureq_free(u);
}
END_TEST

START_TEST(test_headers_body)
{
	struct mr_ureq *u = mr_ureq_new();
	char *k, *j;
	int i;

	for (i = 0; i < MR_HTTP_MAX_HEADERS + 3; i++)
		mr_ureq_header(u, "X-N: %d", i);
	ck_assert_int_eq(u->nhdr, MR_HTTP_MAX_HEADERS - 1);
	ck_assert_ptr_null(u->http.headers[MR_HTTP_MAX_HEADERS - 1]);
	ck_assert_str_eq(u->http.headers[0], "X-N: 0");
	mr_ureq_set_body(u, "POST", "a=b");
	ck_assert_str_eq(u->http.method, "POST");
	ck_assert_uint_eq(u->http.body_len, 3);
	ck_assert_ptr_eq(u->http.user, u);
	mr_ureq_set_url(u, xstrdup("http://h/x?token=abc123456789"));
	k = mr_ureq_cache_key(u);
	ck_assert(strncmp(k, "POST http://h/x", 15) == 0);
	ck_assert_ptr_null(strstr(k, "abc123456789"));
	free(k);
	mr_ureq_free(u);
	mr_ureq_free(NULL);
	j = mr_ureq_join("http://h/a///", "/b/c");
	ck_assert_str_eq(j, "http://h/a/b/c");
	free(j);
}
END_TEST

static const struct {
	const char *in;
	int year;
} years[] = {
	{ "1999-03-30", 1999 }, { "2004", 2004 }, { "1967-06", 1967 },
	{ "", 0 }, { "19", 0 }, { "0000", 0 }, { "abcd", 0 },
	{ "20001", 0 }, { "2021-", 2021 },
};

START_TEST(test_year)
{
	ck_assert_int_eq(mr_hit_year(years[_i].in), years[_i].year);
	ck_assert_int_eq(mr_hit_year(NULL), 0);
}
END_TEST

START_TEST(test_hits)
{
	struct mr_hits hs = { 0 };
	struct mr_hit *h, c;
	int i;

	for (i = 0; i < 20; i++) {
		h = mr_hits_add(&hs);
		h->title = xasprintf("t%d", i);
		h->alt[1] = xstrdup("alias");
	}
	ck_assert_uint_eq(hs.n, 20);
	mr_hit_copy(&c, &hs.v[7]);
	ck_assert_str_eq(c.title, "t7");
	ck_assert_ptr_ne(c.title, hs.v[7].title);
	ck_assert_str_eq(c.alt[1], "alias");
	mr_hit_release(&c);
	mr_hits_release(&hs);
	ck_assert_uint_eq(hs.n, 0);
	ck_assert_str_eq(mr_hit_kind_str(MR_HIT_ALBUM), "album");
	ck_assert_str_eq(mr_hit_src_str(MR_HSRC_LIDARR), "lidarr");
}
END_TEST

START_TEST(test_jget)
{
	json_t *o = json_loads("{\"s\":\"x\",\"n\":null,\"i\":3,\"r\":2.0,"
	    "\"f\":2.5,\"a\":[1],\"o\":{}}", 0, NULL);
	int present;

	ck_assert_str_eq(mr_jstr(o, "s"), "x");
	ck_assert_ptr_null(mr_jstr(o, "n"));
	ck_assert_ptr_null(mr_jstr(o, "i"));
	ck_assert_ptr_null(mr_jstr(NULL, "s"));
	ck_assert_int_eq(mr_jlong(o, "i", -1), 3);
	ck_assert_int_eq(mr_jlong(o, "r", -1), 2);
	ck_assert_int_eq(mr_jlong(o, "f", -1), -1);
	ck_assert_int_eq(mr_jlong(o, "s", -1), -1);
	ck_assert(mr_jnum(o, "f", &present) == 2.5 && present);
	ck_assert(mr_jnum(o, "n", &present) == 0 && !present);
	ck_assert_ptr_nonnull(mr_jarr(o, "a"));
	ck_assert_ptr_null(mr_jarr(o, "o"));
	ck_assert_ptr_nonnull(mr_jobj(o, "o"));
	ck_assert_ptr_null(mr_jparse("{", 1));
	ck_assert_ptr_null(mr_jparse(NULL, 0));
	json_decref(o);
}
END_TEST

static Suite *
ureq_suite(void)
{
	Suite *s = suite_create("ureq");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_check, 0, (int)MR_ARRAY_LEN(checks));
	tcase_add_test(tc, test_headers_body);
	tcase_add_loop_test(tc, test_year, 0, (int)MR_ARRAY_LEN(years));
	tcase_add_test(tc, test_hits);
	tcase_add_test(tc, test_jget);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ureq_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
