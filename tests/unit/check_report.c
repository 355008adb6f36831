/* check_report.c: the report over a seeded database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "db.h"
#include "report.h"

static char dir[] = "/tmp/check_report.XXXXXX";
static char path[256];
static struct mr_db *db;

/*
 * Window 2026-11-01 .. 2026-11-08.  Request 9 and the events dated
 * 2026-10-20 lie outside it.
 */
static const char seed[] =
    "INSERT INTO requests (id, title, status, requested_at, updated_at,"
    " arr_service, arr_instance, confidence_score, attempts, sent_at,"
    " last_error) VALUES"
    " (1, 'Dexter', 'SentToSonarr', '2026-11-01 10:00:00',"
    "  '2026-11-01 10:00:10', 'sonarr', NULL, 0.93, 1,"
    "  '2026-11-01 10:00:10', NULL),"
    " (2, 'Dune', 'SentToRadarr', '2026-11-02 10:00:00',"
    "  '2026-11-02 10:00:20', 'radarr', NULL, 0.85, 1,"
    "  '2026-11-02 10:00:20', NULL),"
    " (3, 'Muse', 'SentToLidarr', '2026-11-03 10:00:00',"
    "  '2026-11-03 10:00:30', 'lidarr', NULL, 0.75, 3,"
    "  '2026-11-03 10:00:30', NULL),"
    " (4, 'Heat', 'SentToRadarr', '2026-11-04 10:00:00',"
    "  '2026-11-04 10:00:40', 'radarr', '4k', 0.55, 1,"
    "  '2026-11-04 10:00:40', NULL),"
    " (5, 'Alien', 'NeedsReview', '2026-11-05 10:00:00',"
    "  '2026-11-05 10:00:00', 'radarr', NULL, 0.45, 0, NULL, NULL),"
    " (6, 'Nothing, really', 'NoMatch', '2026-11-05 11:00:00',"
    "  '2026-11-05 11:00:00', NULL, NULL, 0.05, 0, NULL, NULL),"
    " (7, 'Broken', 'Failed', '2026-11-06 10:00:00',"
    "  '2026-11-06 12:00:00', 'sonarr', NULL, 0.95, 8, NULL,"
    "  'sonarr: HTTP 400: \"Path\" is not valid'),"
    " (8, 'Later', 'Pending', '2026-11-07 10:00:00',"
    "  '2026-11-07 10:00:00', NULL, NULL, NULL, 1, NULL, NULL),"
    " (9, 'Old', 'SentToRadarr', '2026-10-20 10:00:00',"
    "  '2026-10-20 10:00:00', 'radarr', NULL, 0.99, 5,"
    "  '2026-10-20 10:00:05', NULL),"
    " (10, 'Exact', 'SentToSonarr', '2026-11-07 11:00:00',"
    "  '2026-11-07 11:01:40', 'sonarr', 'sonarr', 1.0, 1,"
    "  '2026-11-07 11:01:40', NULL),"
    " (11, 'Edge', 'Cancelled', '2026-11-07 23:59:59',"
    "  '2026-11-07 23:59:59', NULL, NULL, 0.3, 0, NULL, NULL);"
    "INSERT INTO events (request_id, at, event, detail) VALUES"
    " (4, '2026-11-04 10:00:30.000', 'override', NULL),"
    " (5, '2026-11-05 10:00:30.000', 'reclassified',"
    "  '{\"service\":\"radarr\",\"manual\":false}'),"
    " (2, '2026-11-02 10:00:05.000', 'reclassified', NULL),"
    " (10, '2026-11-07 11:00:30.000', 'reclassified',"
    "  '{\"service\":\"sonarr\",\"manual\":true}'),"
    " (8, '2026-11-07 10:01:00.000', 'retrying', NULL),"
    " (3, '2026-11-03 10:00:10.000', 'retry', NULL),"
    " (9, '2026-10-20 10:00:01.000', 'retry', NULL),"
    " (NULL, '2026-11-02 10:00:00.100', 'upstream',"
    "  '{\"service\":\"tmdb\",\"status\":200,\"latency_ms\":100}'),"
    " (NULL, '2026-11-02 10:00:00.200', 'upstream',"
    "  '{\"service\":\"tmdb\",\"status\":200,\"latency_ms\":300}'),"
    " (NULL, '2026-11-02 10:00:00.300', 'upstream',"
    "  '{\"service\":\"tmdb\",\"status\":503,\"latency_ms\":50}'),"
    " (NULL, '2026-11-02 10:00:00.400', 'upstream',"
    "  '{\"service\":\"tmdb\",\"status\":200,\"latency_ms\":200}'),"
    " (NULL, '2026-11-03 10:00:00.000', 'upstream',"
    "  '{\"service\":\"musicbrainz\",\"status\":0}'),"
    " (NULL, '2026-11-03 10:00:01.000', 'upstream', 'not json'),"
    " (NULL, '2026-10-20 10:00:00.000', 'upstream',"
    "  '{\"service\":\"tmdb\",\"status\":500,\"latency_ms\":9}');";

static void
setup(void)
{
	struct mr_err err;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/mr.db", dir);
	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	ck_assert_msg(mr_db_exec(db, seed, &err) == MR_OK, "%s", err.msg);
}

static void
teardown(void)
{
	char p[300];

	mr_db_close(db);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	rmdir(dir);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
}

static json_t *
build(void)
{
	struct mr_report_opts o;
	struct mr_err err;
	json_t *r = NULL;

	mr_report_opts_init(&o, 0);
	ck_assert_int_eq(mr_report_parse_time("2026-11-01", 0, &o.since), 0);
	ck_assert_int_eq(mr_report_parse_time("2026-11-07", 1, &o.until), 0);
	ck_assert_msg(mr_report_build(db, &o, &r, &err) == MR_OK, "%s",
	    err.msg);
	return r;
}

static json_int_t
ival(json_t *r, const char *a, const char *b)
{
	json_t *v = json_object_get(r, a);

	if (b != NULL)
		v = json_object_get(v, b);
	ck_assert_msg(json_is_integer(v), "%s.%s not an integer", a,
	    b ? b : "");
	return json_integer_value(v);
}

static double
dval(json_t *v)
{
	ck_assert_msg(json_is_number(v), "not a number");
	return json_number_value(v);
}

START_TEST(test_counts)
{
	json_t *r = build();

	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
	    "window"), "since")), "2026-11-01 00:00:00");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
	    "window"), "until")), "2026-11-08 00:00:00");
	ck_assert_int_eq(ival(r, "total", NULL), 10);
	ck_assert_int_eq(ival(r, "by_status", "SentToSonarr"), 2);
	ck_assert_int_eq(ival(r, "by_status", "SentToRadarr"), 2);
	ck_assert_int_eq(ival(r, "by_status", "SentToLidarr"), 1);
	ck_assert_int_eq(ival(r, "by_status", "NeedsReview"), 1);
	ck_assert_int_eq(ival(r, "by_status", "NoMatch"), 1);
	ck_assert_int_eq(ival(r, "by_status", "Failed"), 1);
	ck_assert_int_eq(ival(r, "by_status", "Pending"), 1);
	ck_assert_int_eq(ival(r, "by_status", "Cancelled"), 1);
	ck_assert_int_eq(ival(r, "by_service", "sonarr"), 3);
	ck_assert_int_eq(ival(r, "by_service", "radarr"), 2);
	ck_assert_int_eq(ival(r, "by_service", "radarr:4k"), 1);
	ck_assert_int_eq(ival(r, "by_service", "lidarr"), 1);
	ck_assert_uint_eq(json_object_size(json_object_get(r, "by_service")),
	    4);
	ck_assert_int_eq(ival(r, "success", "sent"), 5);
	ck_assert_double_eq_tol(dval(json_object_get(json_object_get(r,
	    "success"), "rate")), 0.5, 1e-9);
	/* 4 by an override event, 10 by a manual reclassification. */
	ck_assert_int_eq(ival(r, "routing", "auto"), 3);
	ck_assert_int_eq(ival(r, "routing", "needs_review"), 1);
	ck_assert_int_eq(ival(r, "routing", "overridden"), 2);
	ck_assert_int_eq(ival(r, "retries", "requests"), 3);
	ck_assert_int_eq(ival(r, "retries", "events"), 2);
	json_decref(r);
}
END_TEST

START_TEST(test_histogram)
{
	static const struct {
		const char *bin;
		int n;
	} want[] = {
		{ "0.0-0.1", 1 }, { "0.1-0.2", 0 }, { "0.2-0.3", 0 },
		{ "0.3-0.4", 1 }, { "0.4-0.5", 1 }, { "0.5-0.6", 1 },
		{ "0.6-0.7", 0 }, { "0.7-0.8", 1 }, { "0.8-0.9", 1 },
		{ "0.9-1.0", 3 },
	};
	json_t *r = build(), *c = json_object_get(r, "confidence");
	json_t *bins = json_object_get(c, "bins");
	size_t i;

	ck_assert_int_eq(ival(r, "confidence", "count"), 9);
	ck_assert_double_eq_tol(dval(json_object_get(c, "mean")), 0.648,
	    1e-9);
	ck_assert_uint_eq(json_object_size(bins), 10);
	for (i = 0; i < MR_ARRAY_LEN(want); i++)
		ck_assert_msg(json_integer_value(json_object_get(bins,
		    want[i].bin)) == want[i].n, "bin %s", want[i].bin);
	json_decref(r);
}
END_TEST

START_TEST(test_latency)
{
	json_t *r = build(), *t = json_object_get(r, "time_to_sent_s");
	json_t *up = json_object_get(r, "upstream"), *tm, *mb;

	/* 10, 20, 30, 40, 100 seconds. */
	ck_assert_int_eq(ival(r, "time_to_sent_s", "count"), 5);
	ck_assert_double_eq_tol(dval(json_object_get(t, "median")), 30, 1e-3);
	ck_assert_double_eq_tol(dval(json_object_get(t, "p90")), 76, 1e-3);
	ck_assert_double_eq_tol(dval(json_object_get(t, "max")), 100, 1e-3);
	ck_assert_uint_eq(json_object_size(up), 2);
	tm = json_object_get(up, "tmdb");
	ck_assert_int_eq(json_integer_value(json_object_get(tm, "calls")), 4);
	ck_assert_int_eq(json_integer_value(json_object_get(tm, "errors")), 1);
	ck_assert_double_eq_tol(dval(json_object_get(tm,
	    "latency_ms_median")), 150, 1e-3);
	ck_assert_double_eq_tol(dval(json_object_get(tm, "latency_ms_p90")),
	    270, 1e-3);
	ck_assert_double_eq_tol(dval(json_object_get(tm, "latency_ms_max")),
	    300, 1e-3);
	mb = json_object_get(up, "musicbrainz");
	ck_assert_int_eq(json_integer_value(json_object_get(mb, "calls")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(mb, "errors")), 1);
	ck_assert(json_is_null(json_object_get(mb, "latency_ms_median")));
	json_decref(r);
}
END_TEST

START_TEST(test_lists)
{
	static const int low[] = { 6, 11, 5, 4 };
	json_t *r = build(), *l = json_object_get(r, "lowest_confidence");
	json_t *f = json_object_get(r, "failed");
	size_t i;

	ck_assert_uint_eq(json_array_size(l), MR_ARRAY_LEN(low));
	for (i = 0; i < MR_ARRAY_LEN(low); i++)
		ck_assert_int_eq(json_integer_value(json_object_get(
		    json_array_get(l, i), "id")), low[i]);
	ck_assert_uint_eq(json_array_size(f), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(f,
	    0), "attempts")), 8);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(f,
	    0), "last_error")), "sonarr: HTTP 400: \"Path\" is not valid");
	json_decref(r);
}
END_TEST

START_TEST(test_empty_window)
{
	struct mr_report_opts o;
	struct mr_err err;
	json_t *r = NULL;
	char *s;

	mr_report_opts_init(&o, 0);
	ck_assert_int_eq(mr_report_parse_time("2020-01-01", 0, &o.since), 0);
	ck_assert_int_eq(mr_report_parse_time("2020-01-02", 0, &o.until), 0);
	ck_assert_int_eq(mr_report_build(db, &o, &r, &err), MR_OK);
	ck_assert_int_eq(ival(r, "total", NULL), 0);
	ck_assert(json_is_null(json_object_get(json_object_get(r, "success"),
	    "rate")));
	ck_assert(json_is_null(json_object_get(json_object_get(r,
	    "time_to_sent_s"), "median")));
	s = mr_report_render(r, MR_REPORT_TEXT);
	ck_assert_ptr_nonnull(strstr(s, "(none)"));
	free(s);
	json_decref(r);
	o.until = o.since;
	ck_assert_int_eq(mr_report_build(db, &o, &r, &err), MR_EINVAL);
	ck_assert_ptr_null(r);
}
END_TEST

START_TEST(test_render)
{
	json_t *r = build(), *back;
	char *s;

	s = mr_report_render(r, MR_REPORT_CSV);
	ck_assert_ptr_nonnull(strstr(s, "metric,key,value\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\ntotal,,10\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nby_status,Pending,1\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nconfidence.bins,0.9-1.0,3\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nupstream.tmdb,errors,1\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nlowest_confidence.5,confidence,"
	    "0.45\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nconfidence,mean,0.648\r\n"));
	ck_assert_ptr_nonnull(strstr(s,
	    "\r\nlowest_confidence.6,title,\"Nothing, really\"\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nfailed.7,last_error,"
	    "\"sonarr: HTTP 400: \"\"Path\"\" is not valid\"\r\n"));
	free(s);
	s = mr_report_render(r, MR_REPORT_JSON);
	ck_assert_ptr_nonnull(strchr(s, '\n'));
	ck_assert_ptr_eq(strchr(s, '\n'), s + strlen(s) - 1);
	back = json_loads(s, 0, NULL);
	ck_assert(json_equal(back, r));
	json_decref(back);
	free(s);
	s = mr_report_render(r, MR_REPORT_TEXT);
	ck_assert_ptr_nonnull(strstr(s, "  0.9-1.0        3 |"
	    "########################################\n"));
	ck_assert_ptr_nonnull(strstr(s, "  0.1-0.2        0 |\n"));
	ck_assert_ptr_nonnull(strstr(s,
	    "  0.0-0.1        1 |##############\n"));
	ck_assert_ptr_nonnull(strstr(s, "50.0%"));
	free(s);
	json_decref(r);
}
END_TEST

START_TEST(test_parse_time)
{
	static const struct {
		const char *in;
		int eod;
		long long want;	/* -1: refused */
	} t[] = {
		{ "2026-11-01", 0, 1793491200 },
		{ "2026-11-01", 1, 1793577600 },
		{ "2026-11-01T12:00:00Z", 0, 1793534400 },
		{ "2026-11-01T12:00:00Z", 1, 1793534400 },
		{ "2026-11-01 12:00", 0, 1793534400 },
		{ "2026-11-01T12:00:00.25Z", 0, 1793534400 },
		{ "2026-11-01T13:30:00+01:30", 0, 1793534400 },
		{ "2026-11-01T10:00:00-0200", 0, 1793534400 },
		{ "2026-02-31", 0, -1 },
		{ "2026-13-01", 0, -1 },
		{ "2026-11-1", 0, -1 },
		{ "yesterday", 0, -1 },
		{ "2026-11-01T25:00", 0, -1 },
		{ "2026-11-01x", 0, -1 },
		{ "", 0, -1 },
	};
	size_t i;

	for (i = 0; i < MR_ARRAY_LEN(t); i++) {
		time_t got = 0;
		int rc = mr_report_parse_time(t[i].in, t[i].eod, &got);

		if (t[i].want < 0)
			ck_assert_msg(rc == -1, "%s accepted", t[i].in);
		else
			ck_assert_msg(rc == 0 && (long long)got == t[i].want,
			    "%s: %lld", t[i].in, (long long)got);
	}
	ck_assert_int_eq(mr_report_format_parse("text"), MR_REPORT_TEXT);
	ck_assert_int_eq(mr_report_format_parse("json"), MR_REPORT_JSON);
	ck_assert_int_eq(mr_report_format_parse("csv"), MR_REPORT_CSV);
	ck_assert_int_eq(mr_report_format_parse("xml"), -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("db");
	TCase *tp = tcase_create("pure");
	SRunner *sr;
	int nf;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_histogram);
	tcase_add_test(tc, test_latency);
	tcase_add_test(tc, test_lists);
	tcase_add_test(tc, test_empty_window);
	tcase_add_test(tc, test_render);
	tcase_add_test(tp, test_parse_time);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tp);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
