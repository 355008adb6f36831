/* check_http.c: the pure parts of lib/http.c, and URL refusals. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "http_internal.h"
#include "log.h"
#include "mr.h"

static const struct {
	const char *in, *want;
} redact_cases[] = {
	{ "http://h/p?api_key=abc&x=1", "http://h/p?api_key=***&x=1" },
	{ "http://h/p?x=1&API_KEY=abc", "http://h/p?x=1&API_KEY=***" },
	{ "http://h/p?apikey=abc#frag", "http://h/p?apikey=***#frag" },
	{ "http://h/p?ApiKey=abc", "http://h/p?ApiKey=***" },
	{ "http://h/p?token=t&access_token=u&client_secret=s&key=k",
	  "http://h/p?token=***&access_token=***&client_secret=***&key=***" },
	{ "http://h/p?Token=abc;x=1", "http://h/p?Token=***;x=1" },
	{ "http://h/p?key=", "http://h/p?key=***" },
	{ "http://h/p?monkey=1&keyboard=2&tokens=3",
	  "http://h/p?monkey=1&keyboard=2&tokens=3" },
	{ "http://h/p?query=api_key%3Dx", "http://h/p?query=api_key%3Dx" },
	{ "http://user:pw@h/p?q=1", "http://user:***@h/p?q=1" },
	{ "http://h/p", "http://h/p" },
	{ "https://h/search?query=Dune&api_key=0123456789abcdef&page=1",
	  "https://h/search?query=Dune&api_key=***&page=1" },
	{ "", "" },
	{ "failed: GET /x?api_key=abc done",
	  "failed: GET /x?api_key=*** done" },
};

START_TEST(test_redact)
{
	char *got = mr_http_redact_url(redact_cases[_i].in);

	ck_assert_str_eq(got, redact_cases[_i].want);
	free(got);
}
END_TEST

START_TEST(test_redact_null)
{
	char *got = mr_http_redact_url(NULL);

	ck_assert_str_eq(got, "");
	free(got);
}
END_TEST

static const struct {
	const char *in, *want;
} escape_cases[] = {
	{ "Dexter", "Dexter" },
	{ "a b", "a%20b" },
	{ "Dune (2021)", "Dune%20%282021%29" },
	{ "a&b=c+d", "a%26b%3Dc%2Bd" },
	{ "-._~", "-._~" },
	{ "Am\xc3\xa9lie", "Am%C3%A9lie" },
	{ "50%/x?#", "50%25%2Fx%3F%23" },
	{ "", "" },
};

START_TEST(test_escape)
{
	char *got = mr_http_escape(escape_cases[_i].in);

	ck_assert_str_eq(got, escape_cases[_i].want);
	free(got);
}
END_TEST

static const struct {
	long status;
	int transient;
} transient_cases[] = {
	{ 0, 0 }, { 200, 0 }, { 204, 0 }, { 301, 0 }, { 400, 0 }, { 401, 0 },
	{ 403, 0 }, { 404, 0 }, { 408, 0 }, { 422, 0 }, { 429, 1 },
	{ 500, 1 }, { 502, 1 }, { 503, 1 }, { 504, 1 }, { 599, 1 },
	{ 600, 0 },
};

START_TEST(test_transient)
{
	ck_assert_int_eq(mr_http_status_transient(transient_cases[_i].status),
	    transient_cases[_i].transient);
}
END_TEST

static const struct {
	long status;
	const char *rate_key;
	enum mr_rc req_rc;
	enum mr_rc want;
	const char *code;
} check_cases[] = {
	{ 200, NULL, MR_OK, MR_OK, "" },
	{ 201, NULL, MR_OK, MR_OK, "" },
	{ 299, NULL, MR_OK, MR_OK, "" },
	{ 401, NULL, MR_OK, MR_EAUTH, "tmdb.auth" },
	{ 403, NULL, MR_OK, MR_EAUTH, "tmdb.auth" },
	{ 404, NULL, MR_OK, MR_EHTTP, "tmdb.http" },
	{ 400, NULL, MR_OK, MR_EHTTP, "tmdb.http" },
	{ 429, NULL, MR_OK, MR_ERATE, "tmdb.rate_limited" },
	{ 500, NULL, MR_OK, MR_EUNAVAIL, "tmdb.http" },
	{ 503, NULL, MR_OK, MR_EUNAVAIL, "tmdb.http" },
	/* A 503 is not throttling for http; MusicBrainz maps its own. */
	{ 503, "musicbrainz", MR_OK, MR_EUNAVAIL, "tmdb.http" },
	{ 0, NULL, MR_ENET, MR_ENET, "tmdb.network" },
	{ 0, NULL, MR_ETIMEOUT, MR_ETIMEOUT, "tmdb.timeout" },
	{ 200, NULL, MR_ETOOBIG, MR_ETOOBIG, "tmdb.too_big" },
	{ 0, NULL, MR_OK, MR_EHTTP, "tmdb.http" },
};

START_TEST(test_check)
{
	struct mr_http_req r;
	struct mr_err e;
	enum mr_rc rc;

	memset(&r, 0, sizeof(r));
	r.url = "http://h/3/search/movie?api_key=SECRET&query=x";
	r.status = check_cases[_i].status;
	r.rate_key = check_cases[_i].rate_key;
	mr_err_clear(&r.err);
	if (check_cases[_i].req_rc != MR_OK)
		mr_err_set(&r.err, check_cases[_i].req_rc, 0, NULL,
		    "failure for /3/search/movie");
	rc = mr_http_check(&r, "tmdb", &e);
	ck_assert_int_eq(rc, check_cases[_i].want);
	ck_assert_int_eq(e.rc, check_cases[_i].want);
	ck_assert_str_eq(e.code, check_cases[_i].code);
	ck_assert_ptr_null(strstr(e.msg, "SECRET"));
	if (rc != MR_OK && r.status != 0 && r.err.rc == MR_OK) {
		ck_assert_ptr_nonnull(strstr(e.msg, "/3/search/movie"));
		ck_assert_int_eq(e.status, (int)r.status);
	}
}
END_TEST

static const struct {
	int attempt;
	long base, cap;
	double u;
	long want;
} backoff_cases[] = {
	{ 0, 250, 8000, 0.5, 0 },
	{ 1, 250, 8000, 0.0, 0 },
	{ 1, 250, 8000, 0.5, 125 },
	{ 2, 250, 8000, 0.5, 250 },
	{ 3, 250, 8000, 0.5, 500 },
	{ 3, 250, 8000, 0.75, 750 },
	{ 6, 250, 8000, 0.5, 4000 },
	{ 7, 250, 8000, 0.5, 4000 },
	{ 1000, 250, 8000, 0.5, 4000 },
	{ 1, 0, 8000, 0.5, 0 },
	{ 1, 250, 0, 0.5, 0 },
	{ 1, 250, 100, 0.5, 50 },
	{ 2, 250, 8000, -1.0, 0 },
};

START_TEST(test_backoff)
{
	ck_assert_int_eq(mr_http_backoff_ms(backoff_cases[_i].attempt,
	    backoff_cases[_i].base, backoff_cases[_i].cap,
	    backoff_cases[_i].u), backoff_cases[_i].want);
}
END_TEST

START_TEST(test_backoff_bounds)
{
	int a;
	long v;

	/* u close to 1 stays below the cap, whatever the attempt. */
	for (a = 1; a < 70; a++) {
		v = mr_http_backoff_ms(a, 250, 8000, 1.5);
		ck_assert_int_ge(v, 0);
		ck_assert_int_lt(v, 8000);
	}
}
END_TEST

/* 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT. */
static const struct {
	const char *in;
	long now;
	long want;
} ra_cases[] = {
	{ "120", 0, 120 },
	{ " 5 \r\n", 0, 5 },
	{ "0", 0, 0 },
	{ "99999999999999999999", 0, 86400 },
	{ "", 0, -1 },
	{ "abc", 0, -1 },
	{ "-5", 0, -1 },
	{ "5s", 0, -1 },
	{ "Wed, 21 Oct 2015 07:28:00 GMT", 1445412450, 30 },
	{ "Wed, 21 Oct 2015 07:28:00 GMT", 1445412490, 0 },
};

START_TEST(test_retry_after)
{
	ck_assert_int_eq(mr_http_parse_retry_after(ra_cases[_i].in,
	    (time_t)ra_cases[_i].now), ra_cases[_i].want);
}
END_TEST

START_TEST(test_retry_after_null)
{
	ck_assert_int_eq(mr_http_parse_retry_after(NULL, 0), -1);
}
END_TEST

/* Refused before any network: no URL, and schemes other than http(s). */
static const struct {
	const char *url;
	enum mr_rc want;
} refuse_cases[] = {
	{ NULL, MR_EINVAL },
	{ "", MR_EINVAL },
	{ "file:///etc/passwd", MR_EINVAL },
	{ "ftp://127.0.0.1/x", MR_EINVAL },
	{ "gopher://127.0.0.1/x", MR_EINVAL },
};

START_TEST(test_refuse)
{
	struct mr_http_opts o;
	struct mr_http *h;
	struct mr_http_req r;

	memset(&o, 0, sizeof(o));
	o.max_attempts = 3;
	h = mr_http_new(&o);
	memset(&r, 0, sizeof(r));
	r.url = refuse_cases[_i].url;
	ck_assert_int_eq(mr_http_run(h, &r, 1), MR_OK);
	ck_assert_int_eq(r.err.rc, refuse_cases[_i].want);
	ck_assert_int_le(r.attempts, 1);
	ck_assert_ptr_null(r.resp);
	mr_http_req_release(&r);
	mr_http_free(h);
}
END_TEST

START_TEST(test_empty_batch)
{
	struct mr_http *h = mr_http_new(NULL);

	ck_assert_int_eq(mr_http_run(h, NULL, 0), MR_OK);
	ck_assert_ptr_null(mr_http_next(h));
	mr_http_free(h);
	mr_http_free(NULL);
}
END_TEST

static Suite *
http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("pure");

	tcase_add_loop_test(tc, test_redact, 0, MR_ARRAY_LEN(redact_cases));
	tcase_add_test(tc, test_redact_null);
	tcase_add_loop_test(tc, test_escape, 0, MR_ARRAY_LEN(escape_cases));
	tcase_add_loop_test(tc, test_transient, 0,
	    MR_ARRAY_LEN(transient_cases));
	tcase_add_loop_test(tc, test_check, 0, MR_ARRAY_LEN(check_cases));
	tcase_add_loop_test(tc, test_backoff, 0, MR_ARRAY_LEN(backoff_cases));
	tcase_add_test(tc, test_backoff_bounds);
	tcase_add_loop_test(tc, test_retry_after, 0, MR_ARRAY_LEN(ra_cases));
	tcase_add_test(tc, test_retry_after_null);
	suite_add_tcase(s, tc);
	tc = tcase_create("client");
	tcase_add_loop_test(tc, test_refuse, 0, MR_ARRAY_LEN(refuse_cases));
	tcase_add_test(tc, test_empty_batch);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(http_suite());
	int failed;

	mr_log_init("check_http", MR_LOG_ERROR, NULL);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
