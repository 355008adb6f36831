/*
 * check_ratelimit.c: GCRA spacing in memory and in the database, shared
 * by two processes, persisted across handles, pushed back by a block.
 * Assertions are on the reserved slot times, never on how long anything
 * took.
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <check.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "ratelimit.h"

/* The spacing at rate r is 1.02 / r (see ratelimit.c). */
#define SLACK 1.02

static char tmp[64];
static char *path;

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
	struct mr_db *db = NULL;
	struct mr_err err;

	snprintf(tmp, sizeof(tmp), "/tmp/check_ratelimit.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	path = xasprintf("%s/mr.db", tmp);
	ck_assert_int_eq(mr_db_open(path, 0, &db, &err), MR_OK);
	mr_db_close(db);
}

static void
teardown(void)
{
	free(path);
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Index 0: in memory; 1: in the database. */
static struct mr_ratelimit *
make(int in_db, struct mr_db **db)
{
	struct mr_err err;

	*db = NULL;
	if (in_db)
		ck_assert_int_eq(mr_db_open(path, 0, db, &err), MR_OK);
	return mr_ratelimit_new(*db);
}

static void
unmake(struct mr_ratelimit *rl, struct mr_db *db)
{
	mr_ratelimit_free(rl);
	mr_db_close(db);
}

START_TEST(test_spacing)
{
	struct mr_ratelimit *rl;
	struct mr_db *db;
	struct mr_err err;
	double before, after, at[5];
	int i;

	rl = make(_i, &db);
	before = mr_wall_s();
	/* At 1 per minute the slots are exactly one interval apart. */
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(mr_ratelimit_reserve(rl, "slow", 1.0 / 60,
		    &at[i], &err), MR_OK);
	after = mr_wall_s();
	ck_assert_double_ge(at[0], before);
	ck_assert_double_le(at[0], after);
	for (i = 1; i < 5; i++)
		ck_assert_double_eq_tol(at[i] - at[i - 1], 60 * SLACK, 1e-6);

	/* At 10/s: never closer than 0.1 s, whatever the scheduling. */
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(mr_ratelimit_reserve(rl, "fast", 10, &at[i],
		    &err), MR_OK);
	for (i = 1; i < 5; i++)
		ck_assert_double_ge(at[i] - at[i - 1], 0.1);
	unmake(rl, db);
}
END_TEST

START_TEST(test_buckets_independent)
{
	struct mr_ratelimit *rl;
	struct mr_db *db;
	struct mr_err err;
	double before, after, a1, a2, b1;

	rl = make(_i, &db);
	before = mr_wall_s();
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "musicbrainz", 1.0 / 60,
	    &a1, &err), MR_OK);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "musicbrainz", 1.0 / 60,
	    &a2, &err), MR_OK);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "tmdb", 1.0 / 60, &b1,
	    &err), MR_OK);
	after = mr_wall_s();
	ck_assert_double_ge(a2 - a1, 60);
	/* The second bucket starts now, not after the first one's slots. */
	ck_assert_double_ge(b1, before);
	ck_assert_double_le(b1, after);
	unmake(rl, db);
}
END_TEST

START_TEST(test_block)
{
	struct mr_ratelimit *rl;
	struct mr_db *db;
	struct mr_err err;
	double now, at, next;

	rl = make(_i, &db);
	now = mr_wall_s();
	ck_assert_int_eq(mr_ratelimit_block(rl, "tmdb", now + 30, &err),
	    MR_OK);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "tmdb", 1, &at, &err),
	    MR_OK);
	ck_assert_double_eq_tol(at, now + 30, 1e-6);
	/* An earlier block never pulls the bucket forward. */
	ck_assert_int_eq(mr_ratelimit_block(rl, "tmdb", now + 5, &err),
	    MR_OK);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "tmdb", 1, &next, &err),
	    MR_OK);
	ck_assert_double_eq_tol(next, now + 30 + SLACK, 1e-6);
	/* A block of a fresh bucket works too. */
	ck_assert_int_eq(mr_ratelimit_block(rl, "new", now + 10, &err),
	    MR_OK);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "new", 1, &at, &err),
	    MR_OK);
	ck_assert_double_eq_tol(at, now + 10, 1e-6);
	unmake(rl, db);
}
END_TEST

START_TEST(test_invalid)
{
	struct mr_ratelimit *rl;
	struct mr_db *db;
	struct mr_err err;
	double at;

	rl = make(_i, &db);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "k", 0, &at, &err),
	    MR_EINVAL);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "k", -1, &at, &err),
	    MR_EINVAL);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "k", NAN, &at, &err),
	    MR_EINVAL);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "k", INFINITY, &at, &err),
	    MR_EINVAL);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, NULL, 1, &at, &err),
	    MR_EINVAL);
	ck_assert_int_eq(mr_ratelimit_block(rl, "k", NAN, &err), MR_EINVAL);
	ck_assert_int_eq(mr_ratelimit_reserve(NULL, "k", 1, &at, &err),
	    MR_EINVAL);
	unmake(rl, db);
	mr_ratelimit_free(NULL);
}
END_TEST

START_TEST(test_persists)
{
	struct mr_ratelimit *rl;
	struct mr_db *db;
	struct mr_err err;
	double a1, a2;

	rl = make(1, &db);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "mb", 1.0 / 60, &a1, &err),
	    MR_OK);
	unmake(rl, db);
	rl = make(1, &db);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "mb", 1.0 / 60, &a2, &err),
	    MR_OK);
	ck_assert_double_eq_tol(a2 - a1, 60 * SLACK, 1e-6);
	unmake(rl, db);
}
END_TEST

START_TEST(test_inside_transaction)
{
	struct mr_ratelimit *rl;
	struct mr_db *db;
	struct mr_err err;
	double a1, a2;

	rl = make(1, &db);
	ck_assert_int_eq(mr_db_begin(db, &err), MR_OK);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "mb", 1.0 / 60, &a1, &err),
	    MR_OK);
	ck_assert_int_eq(mr_db_commit(db, &err), MR_OK);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "mb", 1.0 / 60, &a2, &err),
	    MR_OK);
	ck_assert_double_eq_tol(a2 - a1, 60 * SLACK, 1e-6);
	unmake(rl, db);
}
END_TEST

START_TEST(test_clock_went_back)
{
	struct mr_ratelimit *rl;
	struct mr_db *db;
	struct mr_err err;
	double before, after, at;

	rl = make(1, &db);
	ck_assert_int_eq(mr_db_exec(db, "INSERT INTO ratelimit (key, tat) "
	    "VALUES ('mb', 4102444800.0 * 10)", &err), MR_OK);
	before = mr_wall_s();
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "mb", 1, &at, &err),
	    MR_OK);
	after = mr_wall_s();
	ck_assert_double_ge(at, before);
	ck_assert_double_le(at, after);
	unmake(rl, db);
}
END_TEST

START_TEST(test_busy_database)
{
	struct mr_ratelimit *rl;
	struct mr_db *db, *holder = NULL;
	struct mr_err err;
	double at;

	rl = make(1, &db);
	mr_db_set_busy_timeout(db, 50);
	ck_assert_int_eq(mr_db_open(path, 0, &holder, &err), MR_OK);
	ck_assert_int_eq(mr_db_begin(holder, &err), MR_OK);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "mb", 1, &at, &err),
	    MR_EBUSY);
	mr_db_rollback(holder);
	ck_assert_int_eq(mr_ratelimit_reserve(rl, "mb", 1, &at, &err), MR_OK);
	mr_db_close(holder);
	unmake(rl, db);
}
END_TEST

/*
 * Two processes, one database: each reserves 5 slots of a 10/s bucket.
 * All 10 slots must be distinct and at least 0.1 s apart.
 */
#define PROCS 2
#define SLOTS 5

static void
child(int go, int out)
{
	struct mr_ratelimit *rl;
	struct mr_db *db = NULL;
	struct mr_err err;
	double at[SLOTS];
	char c;
	int i, rc = 0;

	if (mr_db_open(path, 0, &db, &err) != MR_OK)
		_exit(10);
	rl = mr_ratelimit_new(db);
	if (read(go, &c, 1) != 0)
		_exit(11);
	for (i = 0; i < SLOTS; i++) {
		if (mr_ratelimit_reserve(rl, "shared", 10, &at[i], &err) !=
		    MR_OK) {
			fprintf(stderr, "child: %s\n", err.msg);
			rc = 12;
			break;
		}
	}
	if (rc == 0 && write(out, at, sizeof(at)) != (ssize_t)sizeof(at))
		rc = 13;
	mr_ratelimit_free(rl);
	mr_db_close(db);
	free(path);
	_exit(rc);
}

START_TEST(test_two_processes)
{
	double all[PROCS * SLOTS];
	pid_t pids[PROCS];
	int go[2], out[PROCS][2];
	int i, status;

	ck_assert_int_eq(pipe(go), 0);
	for (i = 0; i < PROCS; i++) {
		ck_assert_int_eq(pipe(out[i]), 0);
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			close(go[1]);
			close(out[i][0]);
			child(go[0], out[i][1]);
		}
		close(out[i][1]);
	}
	close(go[0]);
	close(go[1]);		/* EOF: both start together */
	for (i = 0; i < PROCS; i++) {
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "child %d: status %d", i, status);
		ck_assert_int_eq(read(out[i][0], all + i * SLOTS,
		    SLOTS * sizeof(double)), (ssize_t)(SLOTS * sizeof(double)));
		close(out[i][0]);
	}
	qsort(all, MR_ARRAY_LEN(all), sizeof(all[0]), cmp_double);
	for (i = 1; i < (int)MR_ARRAY_LEN(all); i++)
		ck_assert_msg(all[i] - all[i - 1] >= 0.1,
		    "slots %d and %d only %.6f s apart", i - 1, i,
		    all[i] - all[i - 1]);
}
END_TEST

static Suite *
ratelimit_suite(void)
{
	Suite *s = suite_create("ratelimit");
	TCase *tc = tcase_create("ratelimit");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	/* Loop index: 0 in memory, 1 in the database. */
	tcase_add_loop_test(tc, test_spacing, 0, 2);
	tcase_add_loop_test(tc, test_buckets_independent, 0, 2);
	tcase_add_loop_test(tc, test_block, 0, 2);
	tcase_add_loop_test(tc, test_invalid, 0, 2);
	tcase_add_test(tc, test_persists);
	tcase_add_test(tc, test_inside_transaction);
	tcase_add_test(tc, test_clock_went_back);
	tcase_add_test(tc, test_busy_database);
	tcase_add_test(tc, test_two_processes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ratelimit_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
