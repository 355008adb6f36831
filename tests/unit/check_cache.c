/*
 * check_cache.c: the HTTP cache over table http_cache: hits, misses,
 * replacement, binary bodies, expiry, purge, persistence, no database.
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <check.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "db.h"

static char tmp[64];
static char *path;
static struct mr_db *db;
static struct mr_cache *cache;

static int
rm_one(const char *p, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(p);
}

static void
setup(void)
{
	struct mr_err err;

	snprintf(tmp, sizeof(tmp), "/tmp/check_cache.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	path = xasprintf("%s/mr.db", tmp);
	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	cache = mr_cache_new(db);
}

static void
teardown(void)
{
	mr_cache_free(cache);
	mr_db_close(db);
	free(path);
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Assert a fresh hit for key with exactly this body and status. */
static void
assert_hit(const char *key, const char *want, size_t wantlen, long status)
{
	char *body = NULL;
	size_t len = 99;
	long st = 0;

	ck_assert_int_eq(mr_cache_get(cache, key, &body, &len, &st), MR_OK);
	ck_assert_uint_eq(len, wantlen);
	ck_assert_int_eq(memcmp(body, want, wantlen), 0);
	ck_assert_int_eq(body[len], '\0');
	ck_assert_int_eq(st, status);
	free(body);
}

static void
assert_miss(const char *key)
{
	char *body = (char *)"sentinel";
	size_t len = 99;
	long st = 0;

	ck_assert_int_eq(mr_cache_get(cache, key, &body, &len, &st),
	    MR_ENOTFOUND);
	ck_assert_ptr_null(body);
	ck_assert_uint_eq(len, 0);
}

static void
assert_stats(long hits, long misses)
{
	long h = -1, m = -1;

	mr_cache_stats(cache, &h, &m);
	ck_assert_int_eq(h, hits);
	ck_assert_int_eq(m, misses);
}

/* Make key's entry expired as if its time had passed. */
static void
age(const char *key)
{
	struct mr_err err;
	char *sql;

	sql = xasprintf("UPDATE http_cache SET stored_at = stored_at - 999999, "
	    "expires_at = expires_at - 999999 WHERE key = '%s'", key);
	ck_assert_int_eq(mr_db_exec(db, sql, &err), MR_OK);
	free(sql);
}

START_TEST(test_put_get)
{
	static const char body[] = "{\"results\":[]}";

	assert_miss("GET https://api.example/3/search/movie?query=Dune");
	assert_stats(0, 1);
	ck_assert_int_eq(mr_cache_put(cache,
	    "GET https://api.example/3/search/movie?query=Dune", body,
	    strlen(body), 200, 3600), MR_OK);
	assert_hit("GET https://api.example/3/search/movie?query=Dune", body,
	    strlen(body), 200);
	assert_hit("GET https://api.example/3/search/movie?query=Dune", body,
	    strlen(body), 200);
	assert_stats(2, 1);
	/* Keys are exact: another method or URL is another entry. */
	assert_miss("POST https://api.example/3/search/movie?query=Dune");
	assert_miss("GET https://api.example/3/search/movie?query=dune");
	assert_stats(2, 3);
}
END_TEST

START_TEST(test_replace_and_status)
{
	ck_assert_int_eq(mr_cache_put(cache, "GET /a", "old", 3, 200, 60),
	    MR_OK);
	ck_assert_int_eq(mr_cache_put(cache, "GET /a", "gone", 4, 404, 60),
	    MR_OK);
	assert_hit("GET /a", "gone", 4, 404);
}
END_TEST

START_TEST(test_binary_and_empty)
{
	static const char bin[] = { 'a', '\0', 'b', '\xff', '\0' };

	ck_assert_int_eq(mr_cache_put(cache, "GET /bin", bin, sizeof(bin),
	    200, 60), MR_OK);
	assert_hit("GET /bin", bin, sizeof(bin), 200);
	ck_assert_int_eq(mr_cache_put(cache, "GET /empty", NULL, 0, 204, 60),
	    MR_OK);
	assert_hit("GET /empty", "", 0, 204);
	ck_assert_int_eq(mr_cache_put(cache, "GET /bad", NULL, 3, 200, 60),
	    MR_EINVAL);
	ck_assert_int_eq(mr_cache_put(cache, NULL, "x", 1, 200, 60),
	    MR_EINVAL);
}
END_TEST

START_TEST(test_expiry_and_purge)
{
	long removed = -1;

	ck_assert_int_eq(mr_cache_put(cache, "GET /old1", "1", 1, 200, 60),
	    MR_OK);
	ck_assert_int_eq(mr_cache_put(cache, "GET /old2", "2", 1, 200, 60),
	    MR_OK);
	ck_assert_int_eq(mr_cache_put(cache, "GET /fresh", "3", 1, 200,
	    86400), MR_OK);
	age("GET /old1");
	age("GET /old2");
	assert_miss("GET /old1");
	assert_hit("GET /fresh", "3", 1, 200);
	assert_stats(1, 1);

	ck_assert_int_eq(mr_cache_purge(cache, &removed), MR_OK);
	ck_assert_int_eq(removed, 2);
	ck_assert_int_eq(mr_cache_purge(cache, &removed), MR_OK);
	ck_assert_int_eq(removed, 0);
	ck_assert_int_eq(mr_cache_purge(cache, NULL), MR_OK);
	assert_hit("GET /fresh", "3", 1, 200);

	/* An expired entry is replaced by a new put. */
	ck_assert_int_eq(mr_cache_put(cache, "GET /old1", "new", 3, 200, 60),
	    MR_OK);
	assert_hit("GET /old1", "new", 3, 200);
}
END_TEST

START_TEST(test_zero_ttl_removes)
{
	ck_assert_int_eq(mr_cache_put(cache, "GET /z", "x", 1, 200, 60),
	    MR_OK);
	ck_assert_int_eq(mr_cache_put(cache, "GET /z", "y", 1, 200, 0),
	    MR_OK);
	assert_miss("GET /z");
	ck_assert_int_eq(mr_cache_put(cache, "GET /z", "y", 1, 200, -5),
	    MR_OK);
	assert_miss("GET /z");
	/* A huge ttl does not overflow into the past. */
	ck_assert_int_eq(mr_cache_put(cache, "GET /long", "y", 1, 200,
	    LONG_MAX), MR_OK);
	assert_hit("GET /long", "y", 1, 200);
}
END_TEST

START_TEST(test_persists_across_handles)
{
	struct mr_err err;

	ck_assert_int_eq(mr_cache_put(cache, "GET /p", "kept", 4, 200, 60),
	    MR_OK);
	mr_cache_free(cache);
	mr_db_close(db);
	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	cache = mr_cache_new(db);
	assert_stats(0, 0);
	assert_hit("GET /p", "kept", 4, 200);
}
END_TEST

START_TEST(test_two_handles_share)
{
	struct mr_db *db2 = NULL;
	struct mr_cache *c2;
	struct mr_err err;
	char *body = NULL;
	size_t len;
	long st;

	ck_assert_int_eq(mr_db_open(path, 0, &db2, &err), MR_OK);
	c2 = mr_cache_new(db2);
	ck_assert_int_eq(mr_cache_put(c2, "GET /shared", "s", 1, 200, 60),
	    MR_OK);
	assert_hit("GET /shared", "s", 1, 200);
	ck_assert_int_eq(mr_cache_put(cache, "GET /shared", "t", 1, 201, 60),
	    MR_OK);
	ck_assert_int_eq(mr_cache_get(c2, "GET /shared", &body, &len, &st),
	    MR_OK);
	ck_assert_str_eq(body, "t");
	ck_assert_int_eq(st, 201);
	free(body);
	mr_cache_free(c2);
	mr_db_close(db2);
}
END_TEST

START_TEST(test_no_database)
{
	struct mr_cache *c = mr_cache_new(NULL);
	char *body = NULL;
	size_t len = 1;
	long st = 0, removed = -1, h = -1, m = -1;

	ck_assert_int_eq(mr_cache_put(c, "GET /x", "x", 1, 200, 60), MR_OK);
	ck_assert_int_eq(mr_cache_get(c, "GET /x", &body, &len, &st),
	    MR_ENOTFOUND);
	ck_assert_ptr_null(body);
	ck_assert_int_eq(mr_cache_purge(c, &removed), MR_OK);
	ck_assert_int_eq(removed, 0);
	mr_cache_stats(c, &h, &m);
	ck_assert_int_eq(h, 0);
	ck_assert_int_eq(m, 1);
	mr_cache_free(c);
	mr_cache_free(NULL);
	ck_assert_int_eq(mr_cache_get(NULL, "GET /x", &body, &len, &st),
	    MR_ENOTFOUND);
	ck_assert_int_eq(mr_cache_put(NULL, "GET /x", "x", 1, 200, 60), MR_OK);
	ck_assert_int_eq(mr_cache_purge(NULL, NULL), MR_OK);
}
END_TEST

START_TEST(test_read_only_database)
{
	struct mr_db *ro = NULL;
	struct mr_cache *c;
	struct mr_err err;
	char *body = NULL;
	size_t len;
	long st;

	ck_assert_int_eq(mr_cache_put(cache, "GET /r", "r", 1, 200, 60),
	    MR_OK);
	ck_assert_int_eq(mr_db_open(path, MR_DB_READONLY, &ro, &err), MR_OK);
	c = mr_cache_new(ro);
	ck_assert_int_eq(mr_cache_get(c, "GET /r", &body, &len, &st), MR_OK);
	ck_assert_str_eq(body, "r");
	free(body);
	/* Writes fail with a code, never a crash. */
	ck_assert_int_eq(mr_cache_put(c, "GET /w", "w", 1, 200, 60), MR_EIO);
	mr_cache_free(c);
	mr_db_close(ro);
}
END_TEST

static Suite *
cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("cache");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_put_get);
	tcase_add_test(tc, test_replace_and_status);
	tcase_add_test(tc, test_binary_and_empty);
	tcase_add_test(tc, test_expiry_and_purge);
	tcase_add_test(tc, test_zero_ttl_removes);
	tcase_add_test(tc, test_persists_across_handles);
	tcase_add_test(tc, test_two_handles_share);
	tcase_add_test(tc, test_no_database);
	tcase_add_test(tc, test_read_only_database);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cache_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
