/* check_upkeep.c: import's pure mappings, the daily upkeep. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "import.h"
#include "upkeep.h"

static const struct {
	const char *in, *want;
} status_cases[] = {
	{ "Pending", "Pending" },
	{ "SentToRadarr", "SentToRadarr" },
	{ "senttosonarr", "SentToSonarr" },
	{ "SentToLidarr", "SentToLidarr" },
	{ "Failed (Missing TVDB ID)", "Pending" },
	{ "Failed (Classification)", "Pending" },
	{ "In Progress", "Pending" },
	{ "", "Pending" },
	{ NULL, "Pending" },
};

START_TEST(test_status)
{
	ck_assert_str_eq(mr_import_status(status_cases[_i].in),
	    status_cases[_i].want);
}
END_TEST

static const struct {
	const char *in, *want;
} type_cases[] = {
	{ "movie", "movie" }, { "Movie", "movie" }, { "TV Show", "tv" },
	{ "tv", "tv" }, { "series", "tv" }, { "Music", "music" },
	{ "album", "music" }, { "artist", "music" }, { "book", NULL },
	{ NULL, NULL },
};

START_TEST(test_media_type)
{
	const char *got = mr_import_media_type(type_cases[_i].in);

	if (type_cases[_i].want == NULL)
		ck_assert_ptr_null(got);
	else
		ck_assert_str_eq(got, type_cases[_i].want);
}
END_TEST

static long
count(struct mr_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long n = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(mr_db_sqlite(db), sql, -1, &st,
	    NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

START_TEST(test_upkeep)
{
	struct mr_upkeep_result r;
	struct mr_db *db = NULL;
	struct mr_err e;
	time_t now = 1800000000;	/* 2027-01-15 08:00:00 UTC */

	ck_assert_int_eq(mr_db_open(":memory:", 0, &db, &e), MR_OK);
	ck_assert_int_eq(mr_db_exec(db,
	    "INSERT INTO events (at, event) VALUES"
	    " ('2025-12-10 00:00:00', 'old'),"	/* 401 days before */
	    " ('2025-12-12 00:00:00', 'kept');"
	    "INSERT INTO http_cache VALUES ('k', 200, 'x', 1, 2);"
	    "INSERT INTO ratelimit VALUES ('idle', 1000);", &e), MR_OK);
	ck_assert_int_eq(mr_upkeep_run(db, 0, now, 0, &r, &e), MR_OK);
	ck_assert_int_eq(r.ran, 1);
	ck_assert_int_eq(r.events_removed, 1);
	ck_assert_int_eq(r.cache_removed, 1);
	ck_assert_int_eq(r.buckets_removed, 1);
	ck_assert_int_eq(count(db, "SELECT COUNT(*) FROM events"), 1);
	/* The same day again: skipped. */
	ck_assert_int_eq(mr_upkeep_run(db, 0, now + 86399, 0, &r, &e), MR_OK);
	ck_assert_int_eq(r.ran, 0);
	/* Forced, with a shorter keep: the other event goes too. */
	ck_assert_int_eq(mr_upkeep_run(db, 30, now + 60, 1, &r, &e), MR_OK);
	ck_assert_int_eq(r.ran, 1);
	ck_assert_int_eq(r.events_removed, 1);
	/* A day later: runs. */
	ck_assert_int_eq(mr_upkeep_run(db, 0, now + 60 + 86400, 0, &r, &e),
	    MR_OK);
	ck_assert_int_eq(r.ran, 1);
	/* The clock set back: runs, and the stamp follows the clock. */
	ck_assert_int_eq(mr_upkeep_run(db, 0, now - 3600, 0, &r, &e), MR_OK);
	ck_assert_int_eq(r.ran, 1);
	ck_assert_int_eq(mr_upkeep_run(db, 0, now, 0, &r, &e), MR_OK);
	ck_assert_int_eq(r.ran, 0);
	mr_db_close(db);
}
END_TEST

static Suite *
upkeep_suite(void)
{
	Suite *s = suite_create("upkeep");
	TCase *tc = tcase_create("upkeep");

	tcase_add_loop_test(tc, test_status, 0,
	    (int)MR_ARRAY_LEN(status_cases));
	tcase_add_loop_test(tc, test_media_type, 0,
	    (int)MR_ARRAY_LEN(type_cases));
	tcase_add_test(tc, test_upkeep);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(upkeep_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
