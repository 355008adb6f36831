/* check_notify.c: which events the [notify] hook wants; a run's result. */
#include <check.h>
#include <stdlib.h>

#include <jansson.h>

#include "config.h"
#include "notify.h"

START_TEST(test_no_command)
{
	struct mr_config *cfg = mr_config_new_empty();

	ck_assert_ptr_null(mr_notify_new(cfg));
	ck_assert_int_eq(mr_notify_wants(NULL, "sent"), 0);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_wants)
{
	struct mr_config *cfg = mr_config_new_empty();
	struct mr_notify *n;

	mr_config_set(cfg, "notify", "command", "true");
	n = mr_notify_new(cfg);
	ck_assert_ptr_nonnull(n);
	/* Default: sent, needs_review, failed. */
	ck_assert_int_eq(mr_notify_wants(n, "sent"), 1);
	ck_assert_int_eq(mr_notify_wants(n, "needs_review"), 1);
	ck_assert_int_eq(mr_notify_wants(n, "failed"), 1);
	ck_assert_int_eq(mr_notify_wants(n, "retrying"), 0);
	ck_assert_int_eq(mr_notify_wants(n, "sen"), 0);
	mr_notify_free(n);
	mr_config_set(cfg, "notify", "events", "retrying,cancelled");
	n = mr_notify_new(cfg);
	ck_assert_int_eq(mr_notify_wants(n, "sent"), 0);
	ck_assert_int_eq(mr_notify_wants(n, "retrying"), 1);
	ck_assert_int_eq(mr_notify_wants(n, "cancelled"), 1);
	mr_notify_free(n);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_run_status)
{
	struct mr_config *cfg = mr_config_new_empty();
	struct mr_notify *n;
	struct mr_err e;
	json_t *rec = json_pack("{s:i, s:s}", "id", 7, "status", "Failed");

	mr_config_set(cfg, "notify", "command",
	    "test \"$MR_EVENT\" = failed && grep -q '\"id\":7'");
	n = mr_notify_new(cfg);
	ck_assert_int_eq(mr_notify_run(n, "failed", rec, &e), MR_OK);
	/* Not wanted: not run. */
	ck_assert_int_eq(mr_notify_run(n, "retrying", rec, &e), MR_OK);
	mr_notify_free(n);
	mr_config_set(cfg, "notify", "command", "exit 4");
	n = mr_notify_new(cfg);
	ck_assert_int_eq(mr_notify_run(n, "sent", rec, &e), MR_EIO);
	ck_assert_str_eq(e.code, "notify.status");
	mr_notify_free(n);
	json_decref(rec);
	mr_config_free(cfg);
}
END_TEST

static Suite *
notify_suite(void)
{
	Suite *s = suite_create("notify");
	TCase *tc = tcase_create("hook");

	tcase_add_test(tc, test_no_command);
	tcase_add_test(tc, test_wants);
	tcase_add_test(tc, test_run_status);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(notify_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
