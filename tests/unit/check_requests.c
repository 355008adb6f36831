/* check_requests.c: the request store, its transitions, dedup and leases. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "db.h"
#include "requests.h"

static char dir[64];
static char path[128];
static struct mr_db *db;
static struct mr_requests *st;

static void
setup(void)
{
	struct mr_err e;

	snprintf(dir, sizeof(dir), "/tmp/check_requests.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/mr.db", dir);
	ck_assert_int_eq(mr_db_open(path, 0, &db, &e), MR_OK);
	st = mr_requests_new(db, "check/tester");
	mr_requests_set_seed(st, 42);
}

static void
teardown(void)
{
	char cmd[160];

	mr_requests_free(st);
	mr_db_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static long
add_title(const char *title, json_t **rec)
{
	struct mr_request_in in = { .title = title };
	struct mr_err e;
	json_t *r = NULL;
	long id;

	ck_assert_int_eq(mr_requests_add(st, &in, &r, &e), MR_OK);
	id = (long)json_integer_value(json_object_get(r, "id"));
	if (rec != NULL)
		*rec = r;
	else
		json_decref(r);
	return id;
}

static const char *
str_of(const json_t *rec, const char *k)
{
	return json_string_value(json_object_get(rec, k));
}

static json_t *
get(long id)
{
	struct mr_err e;
	json_t *r = NULL;

	ck_assert_int_eq(mr_requests_get(st, id, &r, &e), MR_OK);
	return r;
}

static long
query_long(const char *sql)
{
	sqlite3_stmt *q;
	long v = -1;

	ck_assert_int_eq(sqlite3_prepare_v2((sqlite3 *)mr_db_sqlite(db), sql,
	    -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

static void
exec_sql(const char *sql)
{
	ck_assert_int_eq(sqlite3_exec((sqlite3 *)mr_db_sqlite(db), sql, NULL,
	    NULL, NULL), SQLITE_OK);
}

static json_t *
classification(const char *query, const char *type, const char *svc,
    const char *ext, double conf)
{
	return json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:f, s:s}, s:b, s:[]}",
	    "query", query, "best", "media_type", type, "service", svc,
	    "title", query, "external_id", ext, "confidence", conf,
	    "id_source", strcmp(svc, "sonarr") == 0 ? "tvdb" : "tmdb",
	    "ambiguous", 0, "matches");
}

START_TEST(test_record_shape)
{
	static const char *const names[] = { "id", "title", "requested_by",
	    "priority", "status", "requested_at", "updated_at", "media_type",
	    "arr_service", "external_id", "confidence_score", "attempts",
	    "next_attempt_at", "last_error", "classification" };
	struct mr_request_in in = { .title = "  Dexter ", .requested_by =
	    "alice", .priority = "high" };
	struct mr_err e;
	json_t *r = NULL;
	const char *at;
	size_t i;

	ck_assert_int_eq(mr_requests_add(st, &in, &r, &e), MR_OK);
	ck_assert_int_eq(json_object_size(r), MR_ARRAY_LEN(names));
	for (i = 0; i < MR_ARRAY_LEN(names); i++)
		ck_assert_msg(json_object_get(r, names[i]) != NULL, "%s",
		    names[i]);
	ck_assert_str_eq(str_of(r, "status"), "Pending");
	ck_assert_str_eq(str_of(r, "priority"), "High");
	ck_assert_str_eq(str_of(r, "requested_by"), "alice");
	ck_assert_int_eq(json_integer_value(json_object_get(r, "attempts")),
	    0);
	ck_assert(json_is_null(json_object_get(r, "classification")));
	at = str_of(r, "requested_at");
	ck_assert_int_eq(strlen(at), 19);
	ck_assert(at[10] == ' ' && at[4] == '-' && at[13] == ':');
	json_decref(r);

	in.priority = "urgent";
	ck_assert_int_eq(mr_requests_add(st, &in, &r, &e), MR_EINVAL);
	in.priority = NULL;
	in.title = " ;; ";
	ck_assert_int_eq(mr_requests_add(st, &in, &r, &e), MR_EINVAL);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM requests"), 1);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM events WHERE "
	    "event = 'created' AND actor = 'check/tester'"), 1);
}
END_TEST

START_TEST(test_dedup_title)
{
	struct mr_err e;
	json_t *r = NULL;
	long a, b;

	a = add_title("The Office", NULL);
	b = add_title("the  office!", &r);
	ck_assert_int_eq(a, b);
	ck_assert_int_eq(json_integer_value(json_object_get(r,
	    "duplicate_of")), a);
	json_decref(r);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM requests"), 1);

	/* NeedsReview is open too; NoMatch and Cancelled are not. */
	ck_assert_int_eq(mr_requests_mark_review(st, a, "ambiguous", NULL,
	    &e), MR_OK);
	ck_assert_int_eq(add_title("THE OFFICE", NULL), a);
	ck_assert_int_eq(mr_requests_cancel(st, a, &e), MR_OK);
	b = add_title("The Office", &r);
	ck_assert_int_ne(a, b);
	ck_assert(json_object_get(r, "duplicate_of") == NULL);
	json_decref(r);
}
END_TEST

START_TEST(test_dedup_sent_target)
{
	struct mr_request_in in = { 0 };
	struct mr_err e;
	json_t *cls, *r = NULL;
	long a;

	cls = classification("Dexter", "tv", "sonarr", "79349", 0.93);
	in.classification = cls;
	ck_assert_int_eq(mr_requests_add(st, &in, &r, &e), MR_OK);
	a = (long)json_integer_value(json_object_get(r, "id"));
	ck_assert_str_eq(str_of(r, "title"), "Dexter");
	ck_assert_str_eq(str_of(r, "arr_service"), "sonarr");
	ck_assert_str_eq(str_of(r, "external_id"), "79349");
	ck_assert_str_eq(str_of(r, "media_type"), "tv");
	ck_assert(json_is_object(json_object_get(r, "classification")));
	json_decref(r);
	ck_assert_int_eq(mr_requests_mark_sent(st, a, NULL, &e), MR_OK);

	/* Another title, same target: a duplicate of the sent one. */
	json_object_set_new(cls, "query", json_string("Dexter 2006"));
	ck_assert_int_eq(mr_requests_add(st, &in, &r, &e), MR_OK);
	ck_assert_int_eq(json_integer_value(json_object_get(r,
	    "duplicate_of")), a);
	ck_assert_str_eq(str_of(r, "status"), "SentToSonarr");
	json_decref(r);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM requests"), 1);
	json_decref(cls);
}
END_TEST

START_TEST(test_error_record_pending)
{
	struct mr_request_in in = { 0 };
	struct mr_err e;
	json_t *rec, *r = NULL;

	rec = json_pack("{s:s, s:{s:s, s:i, s:s}}", "query", "Heat",
	    "error", "code", "tmdb.http", "status", 503, "message", "down");
	in.classification = rec;
	ck_assert_int_eq(mr_requests_add(st, &in, &r, &e), MR_OK);
	ck_assert_str_eq(str_of(r, "title"), "Heat");
	ck_assert_str_eq(str_of(r, "status"), "Pending");
	ck_assert(json_is_null(json_object_get(r, "classification")));
	ck_assert(json_is_null(json_object_get(r, "arr_service")));
	json_decref(r);
	json_decref(rec);
}
END_TEST

START_TEST(test_dry_run_stores_nothing)
{
	struct mr_request_in in = { .title = "Heat", .dry_run = 1 };
	struct mr_err e;
	json_t *r = NULL;

	ck_assert_int_eq(mr_requests_add(st, &in, &r, &e), MR_OK);
	ck_assert(json_is_null(json_object_get(r, "id")));
	json_decref(r);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM requests"), 0);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM events"), 0);
}
END_TEST

START_TEST(test_transitions_events)
{
	struct mr_err e;
	json_t *cls, *r, *s = NULL;
	long a, b, c, d;

	a = add_title("Blade Runner", NULL);
	b = add_title("Nothing at all", NULL);
	c = add_title("Broken", NULL);
	d = add_title("Cancel me", NULL);
	cls = classification("Blade Runner", "movie", "radarr", "78", 0.9);
	ck_assert_int_eq(mr_requests_set_classification(st, a, cls, NULL, &e),
	    MR_OK);
	json_decref(cls);
	ck_assert_int_eq(mr_requests_mark_sent(st, a, NULL, &e), MR_OK);
	r = get(a);
	ck_assert_str_eq(str_of(r, "status"), "SentToRadarr");
	ck_assert_str_eq(str_of(r, "external_id"), "78");
	json_decref(r);
	ck_assert_int_eq(query_long("SELECT sent_at IS NOT NULL FROM requests"
	    " WHERE id = 1"), 1);
	/* No service: cannot be sent. */
	ck_assert_int_eq(mr_requests_mark_sent(st, b, NULL, &e), MR_EINVAL);
	ck_assert_int_eq(mr_requests_mark_nomatch(st, b, NULL, &e), MR_OK);
	ck_assert_int_eq(mr_requests_mark_failed(st, c, "HTTP 400: path",
	    NULL, &e), MR_OK);
	r = get(c);
	ck_assert_str_eq(str_of(r, "status"), "Failed");
	ck_assert_str_eq(str_of(r, "last_error"), "HTTP 400: path");
	json_decref(r);
	ck_assert_int_eq(mr_requests_cancel(st, d, &e), MR_OK);
	ck_assert_int_eq(mr_requests_cancel(st, d, &e), MR_EINVAL);
	ck_assert_int_eq(mr_requests_cancel(st, a, &e), MR_EINVAL);
	ck_assert_int_eq(mr_requests_cancel(st, 999, &e), MR_ENOTFOUND);

	/* Reset brings a failed one back to Pending with attempts 0. */
	ck_assert_int_eq(mr_requests_reset(st, c, NULL, 1, 0, NULL, &e),
	    MR_OK);
	r = get(c);
	ck_assert_str_eq(str_of(r, "status"), "Pending");
	ck_assert(json_is_null(json_object_get(r, "last_error")));
	json_decref(r);
	ck_assert_int_eq(mr_requests_reset(st, a, NULL, 1, 0, NULL, &e),
	    MR_EINVAL);

	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM events WHERE "
	    "request_id = 1 AND event = 'sent' AND old_status = 'Pending'"
	    " AND new_status = 'SentToRadarr'"), 1);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM events WHERE "
	    "event = 'cancelled' AND new_status = 'Cancelled'"), 1);
	ck_assert_int_eq(mr_requests_show(st, c, &s, &e), MR_OK);
	/* created, failed, reclassified */
	ck_assert_int_eq(json_array_size(json_object_get(s, "events")), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(s, "events"), 1), "event")), "failed");
	json_decref(s);
}
END_TEST

START_TEST(test_retry_backoff_then_failed)
{
	struct mr_err e;
	time_t t0 = 1790000000;
	long id, *ids = NULL;
	size_t n;
	int failed = -1, i;
	json_t *r;
	char lo[32], hi[32];
	const char *next;

	mr_requests_set_clock(st, t0);
	mr_requests_set_limits(st, 3, 0);
	id = add_title("Dune", NULL);
	ck_assert_int_eq(mr_requests_retry_later(st, id, "HTTP 503", -1, NULL,
	    &failed, &e), MR_OK);
	ck_assert_int_eq(failed, 0);
	r = get(id);
	ck_assert_str_eq(str_of(r, "status"), "Pending");
	ck_assert_int_eq(json_integer_value(json_object_get(r, "attempts")),
	    1);
	ck_assert_str_eq(str_of(r, "last_error"), "HTTP 503");
	next = str_of(r, "next_attempt_at");
	mr_requests_timefmt(t0 + 60, lo, sizeof(lo));
	mr_requests_timefmt(t0 + 72, hi, sizeof(hi));
	ck_assert(strcmp(next, lo) >= 0 && strcmp(next, hi) <= 0);
	json_decref(r);

	/* Not due yet: nothing to claim; due after 72 s at the latest. */
	mr_requests_set_clock(st, t0 + 59);
	ck_assert_int_eq(mr_requests_claim(st, 0, 0, &ids, &n, &e), MR_OK);
	ck_assert_int_eq(n, 0);
	mr_requests_set_clock(st, t0 + 72);
	ck_assert_int_eq(mr_requests_claim(st, 0, 0, &ids, &n, &e), MR_OK);
	ck_assert_int_eq(n, 1);
	free(ids);

	/* Retry-After is a minimum. */
	ck_assert_int_eq(mr_requests_retry_later(st, id, "HTTP 429", 1000,
	    NULL, &failed, &e), MR_OK);
	r = get(id);
	mr_requests_timefmt(t0 + 72 + 1000, lo, sizeof(lo));
	ck_assert_str_ge(str_of(r, "next_attempt_at"), lo);
	json_decref(r);

	for (i = 0; i < 1; i++)
		ck_assert_int_eq(mr_requests_retry_later(st, id, "HTTP 502",
		    -1, NULL, &failed, &e), MR_OK);
	ck_assert_int_eq(failed, 1);
	r = get(id);
	ck_assert_str_eq(str_of(r, "status"), "Failed");
	ck_assert_str_eq(str_of(r, "last_error"), "HTTP 502");
	ck_assert_int_eq(json_integer_value(json_object_get(r, "attempts")),
	    3);
	json_decref(r);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM events WHERE "
	    "event = 'retrying'"), 2);
}
END_TEST

static const struct {
	int attempts;
	long retry_after;
	long lo, hi;
} backoff_cases[] = {
	{ 1, -1, 60, 72 },
	{ 2, -1, 96, 144 },
	{ 3, -1, 192, 288 },
	{ 5, -1, 768, 1152 },
	{ 9, -1, 12288, 18432 },
	{ 10, -1, 17280, 21600 },
	{ 30, -1, 17280, 21600 },
	{ 1000, -1, 17280, 21600 },
	{ 1, 600, 600, 600 },
	{ 1, 10, 60, 72 },
	{ 8, 100000, 100000, 100000 },
};

START_TEST(test_backoff_bounds)
{
	double us[] = { 0.0, 0.25, 0.5, 0.999999, 1.5, -1 };
	size_t j;
	long d;

	for (j = 0; j < MR_ARRAY_LEN(us); j++) {
		d = mr_requests_backoff(backoff_cases[_i].attempts,
		    backoff_cases[_i].retry_after, us[j]);
		ck_assert_msg(d >= backoff_cases[_i].lo &&
		    d <= backoff_cases[_i].hi, "attempts %d u %g: %ld",
		    backoff_cases[_i].attempts, us[j], d);
	}
}
END_TEST

START_TEST(test_leases)
{
	struct mr_requests *other;
	struct mr_err e;
	long *ids = NULL, id1, id2, id3;
	size_t n;
	time_t t0 = 1790000000;
	json_t *cls;

	id1 = add_title("One", NULL);
	id2 = add_title("Two", NULL);
	id3 = add_title("Three", NULL);
	exec_sql("UPDATE requests SET priority = 'High' WHERE id = 3");
	mr_requests_set_clock(st, t0);
	other = mr_requests_new(db, "check/other");
	mr_requests_set_clock(other, t0);
	ck_assert_str_ne(mr_requests_owner(st), mr_requests_owner(other));

	ck_assert_int_eq(mr_requests_claim(st, 2, 0, &ids, &n, &e), MR_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(ids[0], id3);	/* High first */
	ck_assert_int_eq(ids[1], id1);
	free(ids);
	ck_assert_int_eq(mr_requests_claim(other, 0, 0, &ids, &n, &e), MR_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(ids[0], id2);
	free(ids);
	ck_assert_int_eq(mr_requests_claim(other, 0, 0, &ids, &n, &e), MR_OK);
	ck_assert_int_eq(n, 1);		/* its own lease again */
	free(ids);
	ck_assert_int_eq(mr_requests_claim(other, 0, id1, &ids, &n, &e),
	    MR_OK);
	ck_assert_int_eq(n, 0);

	/* Another worker may not change a row we hold. */
	cls = classification("One", "movie", "radarr", "1", 0.9);
	ck_assert_int_eq(mr_requests_set_classification(other, id1, cls, NULL,
	    &e), MR_EBUSY);
	ck_assert_int_eq(mr_requests_mark_failed(other, id1, "x", NULL, &e),
	    MR_EBUSY);
	json_decref(cls);

	/* Renewed leases outlive the original expiry; expired ones go. */
	mr_requests_set_clock(st, t0 + 200);
	ck_assert_int_eq(mr_requests_renew(st, &e), MR_OK);
	mr_requests_set_clock(other, t0 + 400);
	ck_assert_int_eq(mr_requests_claim(other, 0, id1, &ids, &n, &e),
	    MR_OK);
	ck_assert_int_eq(n, 0);
	mr_requests_set_clock(other, t0 + 501);
	ck_assert_int_eq(mr_requests_claim(other, 0, id1, &ids, &n, &e),
	    MR_OK);
	ck_assert_int_eq(n, 1);
	free(ids);

	/* Release: free for anyone at once. */
	ck_assert_int_eq(mr_requests_release(other, 0, &e), MR_OK);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM requests WHERE "
	    "lease_owner IS NOT NULL AND id != 3"), 0);
	mr_requests_free(other);
}
END_TEST

START_TEST(test_dead_pid_reclaim)
{
	struct mr_requests *other;
	struct mr_err e;
	char host[256], sql[512];
	long *ids = NULL;
	size_t n;
	pid_t pid;
	int status;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* exec, so that valgrind does not follow the child. */
		execl("/bin/true", "true", (char *)NULL);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
	host[sizeof(host) - 1] = '\0';

	add_title("Leased by the dead", NULL);
	add_title("Leased elsewhere", NULL);
	add_title("Leased by the living", NULL);
	snprintf(sql, sizeof(sql), "UPDATE requests SET lease_owner = 'x',"
	    " lease_pid = %ld, lease_host = '%s', lease_expires_at ="
	    " '2999-01-01 00:00:00' WHERE id = 1", (long)pid, host);
	exec_sql(sql);
	snprintf(sql, sizeof(sql), "UPDATE requests SET lease_owner = 'y',"
	    " lease_pid = %ld, lease_host = 'another-host', lease_expires_at ="
	    " '2999-01-01 00:00:00' WHERE id = 2", (long)pid);
	exec_sql(sql);
	snprintf(sql, sizeof(sql), "UPDATE requests SET lease_owner = 'z',"
	    " lease_pid = %ld, lease_host = '%s', lease_expires_at ="
	    " '2999-01-01 00:00:00' WHERE id = 3", (long)getppid(), host);
	exec_sql(sql);
	other = mr_requests_new(db, "check/other");
	ck_assert_int_eq(mr_requests_claim(other, 0, 0, &ids, &n, &e), MR_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(ids[0], 1);
	free(ids);
	mr_requests_free(other);
}
END_TEST

START_TEST(test_monitoring_queries)
{
	/* DESIGN.md 3.5: the prototype operators' queries, unchanged. */
	exec_sql("INSERT INTO requests (title, status, arr_service,"
	    " confidence_score, requested_at) VALUES"
	    " ('a', 'SentToRadarr', 'radarr', 0.9, datetime('now')),"
	    " ('b', 'SentToSonarr', 'sonarr', 0.55, datetime('now')),"
	    " ('c', 'Failed', 'sonarr', 0.3, datetime('now')),"
	    " ('d', 'Pending', NULL, NULL, datetime('now')),"
	    " ('e', 'SentToLidarr', 'lidarr', 0.8, '2020-01-01 10:00:00'),"
	    " ('f', 'NeedsReview', 'radarr', 0.59, datetime('now'))");
	ck_assert_int_eq(query_long("SELECT CAST(ROUND(COUNT(CASE WHEN"
	    " status LIKE 'SentTo%' THEN 1 END)*100.0/COUNT(*)) AS INTEGER)"
	    " FROM requests WHERE date(requested_at) = date('now')"), 40);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM (SELECT arr_service,"
	    " COUNT(*) FROM requests WHERE arr_service IS NOT NULL"
	    " GROUP BY arr_service)"), 3);
	ck_assert_int_eq(query_long("SELECT n FROM (SELECT arr_service,"
	    " COUNT(*) AS n FROM requests WHERE arr_service IS NOT NULL"
	    " GROUP BY arr_service) WHERE arr_service = 'sonarr'"), 2);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM (SELECT id, title,"
	    " confidence_score, status FROM requests WHERE confidence_score"
	    " < 0.6 ORDER BY confidence_score)"), 3);
	ck_assert_int_eq(query_long("SELECT id FROM requests WHERE"
	    " confidence_score < 0.6 ORDER BY confidence_score LIMIT 1"), 3);

	/* The same numbers for rows the store itself wrote. */
	add_title("Today", NULL);
	ck_assert_int_eq(query_long("SELECT COUNT(*) FROM requests WHERE"
	    " date(requested_at) = date('now')"), 6);
}
END_TEST

START_TEST(test_list_filters)
{
	struct mr_request_in in = { .title = "A", .requested_by = "bob" };
	struct mr_request_filter f = { 0 };
	struct mr_err e;
	json_t *r = NULL, *arr = NULL;
	char since[32];

	ck_assert_int_eq(mr_requests_add(st, &in, &r, &e), MR_OK);
	json_decref(r);
	add_title("B", NULL);
	exec_sql("UPDATE requests SET requested_at = '2020-01-01 00:00:00',"
	    " arr_service = 'radarr', status = 'SentToRadarr' WHERE id = 2");
	ck_assert_int_eq(mr_requests_list(st, NULL, &arr, &e), MR_OK);
	ck_assert_int_eq(json_array_size(arr), 2);
	json_decref(arr);
	f.requested_by = "bob";
	ck_assert_int_eq(mr_requests_list(st, &f, &arr, &e), MR_OK);
	ck_assert_int_eq(json_array_size(arr), 1);
	json_decref(arr);
	memset(&f, 0, sizeof(f));
	f.service = "radarr";
	f.status = "SentToRadarr";
	ck_assert_int_eq(mr_requests_list(st, &f, &arr, &e), MR_OK);
	ck_assert_int_eq(json_array_size(arr), 1);
	json_decref(arr);
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(mr_requests_parse_date("2021-06-01", since,
	    sizeof(since), &e), MR_OK);
	f.since = since;
	ck_assert_int_eq(mr_requests_list(st, &f, &arr, &e), MR_OK);
	ck_assert_int_eq(json_array_size(arr), 1);
	json_decref(arr);
}
END_TEST

static const struct {
	const char *in, *out;
} date_cases[] = {
	{ "2026-11-01", "2026-11-01 00:00:00" },
	{ "2026-11-01T12:30:05Z", "2026-11-01 12:30:05" },
	{ "2026-11-01T12:30:05", "2026-11-01 12:30:05" },
	{ "2026-11-01 12:30:05", "2026-11-01 12:30:05" },
	{ "2026-13-01", NULL },
	{ "2026-11-01X", NULL },
	{ "yesterday", NULL },
	{ "", NULL },
};

START_TEST(test_parse_date)
{
	char buf[32];
	struct mr_err e;
	enum mr_rc rc;

	rc = mr_requests_parse_date(date_cases[_i].in, buf, sizeof(buf), &e);
	if (date_cases[_i].out == NULL)
		ck_assert_int_eq(rc, MR_EINVAL);
	else {
		ck_assert_int_eq(rc, MR_OK);
		ck_assert_str_eq(buf, date_cases[_i].out);
	}
}
END_TEST

static const struct {
	const char *in, *out;
} norm_cases[] = {
	{ "Dexter", "dexter" },
	{ "  The   Office ", "the office" },
	{ "Spider-Man: No Way Home", "spider man no way home" },
	{ "Schindler's List", "schindlers list" },
};

START_TEST(test_title_norm)
{
	char *n = mr_requests_title_norm(norm_cases[_i].in);

	ck_assert_str_eq(n, norm_cases[_i].out);
	free(n);
}
END_TEST

START_TEST(test_backfill_ids)
{
	struct mr_err e;
	json_t *cls;
	long *ids = NULL;
	size_t n;

	add_title("Plain", NULL);
	add_title("Tv by tmdb", NULL);
	add_title("No id", NULL);
	cls = json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:f}}", "query", "x",
	    "best", "media_type", "tv", "service", "sonarr", "external_id",
	    "1405", "id_source", "tmdb", "confidence", 0.9);
	ck_assert_int_eq(mr_requests_set_classification(st, 2, cls, NULL, &e),
	    MR_OK);
	json_decref(cls);
	cls = json_pack("{s:s, s:{s:s, s:s, s:n, s:n, s:f}}", "query", "x",
	    "best", "media_type", "tv", "service", "sonarr", "external_id",
	    "id_source", "confidence", 0.9);
	ck_assert_int_eq(mr_requests_set_classification(st, 3, cls, NULL, &e),
	    MR_OK);
	json_decref(cls);
	ck_assert_int_eq(mr_requests_backfill_ids(st, 0, &ids, &n, &e), MR_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(ids[0], 2);
	ck_assert_int_eq(ids[1], 3);
	free(ids);
	ck_assert_int_eq(mr_requests_backfill_ids(st, 1, &ids, &n, &e), MR_OK);
	ck_assert_int_eq(n, 1);
	free(ids);
}
END_TEST

static Suite *
requests_suite(void)
{
	Suite *s = suite_create("requests");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_record_shape);
	tcase_add_test(tc, test_dedup_title);
	tcase_add_test(tc, test_dedup_sent_target);
	tcase_add_test(tc, test_error_record_pending);
	tcase_add_test(tc, test_dry_run_stores_nothing);
	tcase_add_test(tc, test_transitions_events);
	tcase_add_test(tc, test_retry_backoff_then_failed);
	tcase_add_test(tc, test_leases);
	tcase_add_test(tc, test_dead_pid_reclaim);
	tcase_add_test(tc, test_monitoring_queries);
	tcase_add_test(tc, test_list_filters);
	tcase_add_test(tc, test_backfill_ids);
	suite_add_tcase(s, tc);
	tc = tcase_create("pure");
	tcase_add_loop_test(tc, test_backoff_bounds, 0,
	    (int)MR_ARRAY_LEN(backoff_cases));
	tcase_add_loop_test(tc, test_parse_date, 0,
	    (int)MR_ARRAY_LEN(date_cases));
	tcase_add_loop_test(tc, test_title_norm, 0,
	    (int)MR_ARRAY_LEN(norm_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(requests_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
