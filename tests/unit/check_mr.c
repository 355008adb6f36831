/* check_mr.c: unit tests for lib/mr.c. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mr.h"

static const struct {
	const char *s;
	long min, max;
	int ok;
	long want;
} longs[] = {
	{ "0", 0, 10, 0, 0 }, { "10", 0, 10, 0, 10 }, { "11", 0, 10, -1, 0 },
	{ "-1", 0, 10, -1, 0 }, { "-5", -10, 10, 0, -5 },
	{ "", 0, 10, -1, 0 }, { NULL, 0, 10, -1, 0 }, { "5x", 0, 10, -1, 0 },
	{ "5 ", 0, 10, -1, 0 }, { "0x10", 0, 100, -1, 0 },
	{ "99999999999999999999", 0, 0x7fffffffL, -1, 0 },
	{ "600", 1, 600, 0, 600 }, { "abc", 1, 600, -1, 0 },
};

START_TEST(test_parse_long)
{
	long v = 12345;

	errno = 42;
	ck_assert_int_eq(mr_parse_long(longs[_i].s, longs[_i].min,
	    longs[_i].max, &v), longs[_i].ok);
	ck_assert_int_eq(errno, 42);
	if (longs[_i].ok == 0)
		ck_assert_int_eq(v, longs[_i].want);
	else
		ck_assert_int_eq(v, 12345);
}
END_TEST

static const struct {
	const char *s;
	double min, max;
	int ok;
	double want;
} doubles[] = {
	{ "0.6", 0, 1, 0, 0.6 }, { "1", 0, 1, 0, 1 }, { "1.5", 0, 1, -1, 0 },
	{ "nan", 0, 1, -1, 0 }, { "", 0, 1, -1, 0 }, { "0.5x", 0, 1, -1, 0 },
	{ "1e-2", 0, 1, 0, 0.01 }, { "-0.1", 0, 1, -1, 0 },
};

START_TEST(test_parse_double)
{
	double v = -7;

	ck_assert_int_eq(mr_parse_double(doubles[_i].s, doubles[_i].min,
	    doubles[_i].max, &v), doubles[_i].ok);
	if (doubles[_i].ok == 0)
		ck_assert_double_eq_tol(v, doubles[_i].want, 1e-12);
	else
		ck_assert_double_eq(v, -7);
}
END_TEST

static const struct {
	enum mr_rc rc;
	int exit;
	int transient;
	const char *name;
} rcs[] = {
	{ MR_OK, 0, 0, "ok" },
	{ MR_EINVAL, 1, 0, "invalid" },
	{ MR_EUSAGE, 2, 0, "usage" },
	{ MR_ECONFIG, 3, 0, "config" },
	{ MR_EAUTH, 3, 0, "auth" },
	{ MR_ENET, 4, 1, "network" },
	{ MR_ETIMEOUT, 4, 1, "timeout" },
	{ MR_ERATE, 4, 1, "rate_limited" },
	{ MR_EHTTP, 1, 0, "http" },
	{ MR_EPARSE, 1, 0, "parse" },
	{ MR_ENOTFOUND, 1, 0, "not_found" },
	{ MR_EDB, 5, 0, "database" },
	{ MR_EBUSY, 4, 1, "busy" },
	{ MR_ESCHEMA, 5, 0, "schema" },
	{ MR_EIO, 5, 0, "io" },
	{ MR_ETOOBIG, 1, 0, "too_big" },
};

START_TEST(test_rc)
{
	ck_assert_int_eq(mr_rc_exit(rcs[_i].rc), rcs[_i].exit);
	ck_assert_int_eq(mr_rc_transient(rcs[_i].rc), rcs[_i].transient);
	ck_assert_str_eq(mr_rc_str(rcs[_i].rc), rcs[_i].name);
}
END_TEST

START_TEST(test_err)
{
	struct mr_err e;
	char big[1000];

	mr_err_clear(&e);
	ck_assert_int_eq(e.rc, MR_OK);
	ck_assert_str_eq(e.msg, "");
	ck_assert_int_eq(mr_err_set(&e, MR_EHTTP, 503, "tmdb.http",
	    "HTTP %d", 503), MR_EHTTP);
	ck_assert_int_eq(e.status, 503);
	ck_assert_str_eq(e.code, "tmdb.http");
	ck_assert_str_eq(e.msg, "HTTP 503");
	mr_err_set(&e, MR_ENET, 0, NULL, "down");
	ck_assert_str_eq(e.code, "network");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	mr_err_set(&e, MR_EINVAL, 0, "x", "%s", big);
	ck_assert_uint_eq(strlen(e.msg), sizeof(e.msg) - 1);
	ck_assert_str_eq(e.msg + sizeof(e.msg) - 4, "...");
	ck_assert_int_eq(mr_err_set(NULL, MR_EDB, 0, "x", "y"), MR_EDB);
	mr_err_clear(NULL);
}
END_TEST

START_TEST(test_alloc)
{
	char *s = xasprintf("%s-%d", "a", 42);
	char *t = xstrndup("abcdef", 3);
	char *u = xcalloc(0, 0);

	ck_assert_str_eq(s, "a-42");
	ck_assert_str_eq(t, "abc");
	free(s);
	free(t);
	free(u);
	ck_assert(mr_now_ms() > 0);
	ck_assert(mr_wall_s() > 1.7e9);
}
END_TEST

static Suite *
mr_suite(void)
{
	Suite *s = suite_create("mr");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_parse_long, 0, MR_ARRAY_LEN(longs));
	tcase_add_loop_test(tc, test_parse_double, 0, MR_ARRAY_LEN(doubles));
	tcase_add_loop_test(tc, test_rc, 0, MR_ARRAY_LEN(rcs));
	tcase_add_test(tc, test_err);
	tcase_add_test(tc, test_alloc);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(mr_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
