/* check_progress.c: the progress line's text and its redraw rate. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"

static const struct {
	const char *label;
	size_t done, total, errors;
	double elapsed;
	const char *want;
} lines[] = {
	{ "mr-process", 0, 500, 0, 0.0,
	    "mr-process: 0/500 (0%)  --/s  ETA --" },
	{ "mr-process", 120, 500, 0, 10.0,
	    "mr-process: 120/500 (24%)  12/s  ETA 0:32" },
	{ "mr-process", 5, 10, 1, 2.0,
	    "mr-process: 5/10 (50%)  2.5/s  ETA 0:02  1 error" },
	{ "mr-backfill", 10, 10000, 3, 100.0,
	    "mr-backfill: 10/10000 (0%)  0.1/s  ETA 27:45:00  3 errors" },
	{ "mr-backfill", 12, 10, 0, 3.0,
	    "mr-backfill: 12/10 (100%)  4.0/s  ETA --" },
	{ "mr-classify", 42, 0, 2, 4.0,
	    "mr-classify: 42 done  10/s  2 errors" },
	{ "mr-classify", 3, 0, 0, 0.5, "mr-classify: 3 done  --/s" },
};

START_TEST(test_format)
{
	char buf[128];
	size_t n;

	n = mr_progress_format(buf, sizeof(buf), lines[_i].label,
	    lines[_i].done, lines[_i].total, lines[_i].errors,
	    lines[_i].elapsed);
	ck_assert_str_eq(buf, lines[_i].want);
	ck_assert_uint_eq(n, strlen(lines[_i].want));
}
END_TEST

START_TEST(test_truncated)
{
	char buf[12];
	size_t n;

	n = mr_progress_format(buf, sizeof(buf), "mr-process", 1, 2, 0, 0);
	ck_assert_uint_eq(n, 11);
	ck_assert_str_eq(buf, "mr-process:");
	ck_assert_uint_eq(mr_progress_format(buf, 0, "x", 1, 2, 0, 0), 0);
}
END_TEST

START_TEST(test_duration)
{
	char buf[32];

	mr_progress_duration(buf, sizeof(buf), 0);
	ck_assert_str_eq(buf, "0:00");
	mr_progress_duration(buf, sizeof(buf), 59.6);
	ck_assert_str_eq(buf, "1:00");
	mr_progress_duration(buf, sizeof(buf), 3599);
	ck_assert_str_eq(buf, "59:59");
	mr_progress_duration(buf, sizeof(buf), 3661);
	ck_assert_str_eq(buf, "1:01:01");
	mr_progress_duration(buf, sizeof(buf), -5);
	ck_assert_str_eq(buf, "0:00");
	mr_progress_duration(buf, sizeof(buf), 1e12);
	ck_assert_str_eq(buf, "99:00:00");
}
END_TEST

START_TEST(test_due)
{
	/* Not before the delay, then at most every 200 ms. */
	ck_assert_int_eq(mr_progress_due(1000, -1, 1000, 500), 0);
	ck_assert_int_eq(mr_progress_due(1499, -1, 1000, 500), 0);
	ck_assert_int_eq(mr_progress_due(1500, -1, 1000, 500), 1);
	ck_assert_int_eq(mr_progress_due(1600, 1500, 1000, 500), 0);
	ck_assert_int_eq(mr_progress_due(1700, 1500, 1000, 500), 1);
	ck_assert_int_eq(mr_progress_due(0, -1, 0, 0), 1);
}
END_TEST

static Suite *
progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("line");

	tcase_add_loop_test(tc, test_format, 0,
	    (int)(sizeof(lines) / sizeof(lines[0])));
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_duration);
	tcase_add_test(tc, test_due);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(progress_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
