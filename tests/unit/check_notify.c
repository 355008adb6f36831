/* check_notify.c: which events the [notify] hook wants; a run's result. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

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
	mr_config_set(cfg, "notify", "command", "exit 4;");
	n = mr_notify_new(cfg);
	ck_assert_int_eq(mr_notify_run(n, "sent", rec, &e), MR_EIO);
	ck_assert_str_eq(e.code, "notify.status");
	ck_assert_ptr_nonnull(strstr(e.msg, "status 4"));
	mr_notify_free(n);
	/* No shell: "exit" is not a program. */
	mr_config_set(cfg, "notify", "command", "exit 4");
	n = mr_notify_new(cfg);
	ck_assert_int_eq(mr_notify_run(n, "sent", rec, &e), MR_EIO);
	ck_assert_str_eq(e.code, "notify.run");
	mr_notify_free(n);
	json_decref(rec);
	mr_config_free(cfg);
}
END_TEST

/* Run cmd (the hook) for "sent" and return what it wrote to out. */
static char *
run_capture(struct mr_config *cfg, const char *cmd, const char *out,
    enum mr_rc want)
{
	struct mr_notify *n;
	struct mr_err e;
	json_t *rec = json_pack("{s:i}", "id", 1);
	char *buf;
	FILE *fp;
	long len;

	mr_config_set(cfg, "notify", "command", cmd);
	n = mr_notify_new(cfg);
	unlink(out);
	ck_assert_int_eq(mr_notify_run(n, "sent", rec, &e), want);
	mr_notify_free(n);
	json_decref(rec);
	buf = xcalloc(1, 65536);
	if ((fp = fopen(out, "r")) != NULL) {
		len = (long)fread(buf, 1, 65535, fp);
		buf[len] = '\0';
		fclose(fp);
	}
	return buf;
}

START_TEST(test_argv_split)
{
	struct mr_config *cfg = mr_config_new_empty();
	char dir[] = "/tmp/check_notify.XXXXXX", *cmd, *out, *script, *got;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	script = xasprintf("%s/hook", dir);
	out = xasprintf("%s/out", dir);
	fp = fopen(script, "w");
	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "#!/bin/sh\necho \"$# $*\" > %s\n", out);
	fclose(fp);
	chmod(script, 0755);
	/* Blanks separate words; no shell expands anything. */
	cmd = xasprintf("  %s one\t two  ", script);
	got = run_capture(cfg, cmd, out, MR_OK);
	ck_assert_str_eq(got, "2 one two\n");
	free(got);
	free(cmd);
	unlink(out);
	unlink(script);
	rmdir(dir);
	free(out);
	free(script);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_env_secrets)
{
	struct mr_config *cfg = mr_config_new_empty();
	char *cmd, *got, out[] = "/tmp/check_notify_env.XXXXXX";
	int fd;

	fd = mkstemp(out);
	ck_assert_int_ge(fd, 0);
	close(fd);
	mr_config_set(cfg, "sonarr", "api_key", "sonarr-secret-value-123");
	mr_config_set(cfg, "radarr:4k", "api_key", "radarr4k-secret-value");
	setenv("MR_TMDB_API_KEY", "tmdb-env-key", 1);
	setenv("MR_SPOTIFY_CLIENT_SECRET", "spotify-env-secret", 1);
	setenv("HOOK_TEST_COPY", "x sonarr-secret-value-123 y", 1);
	setenv("HOOK_TEST_PLAIN", "kept", 1);
	setenv("MR_EVENT", "stale", 1);
	cmd = xasprintf("env > %s", out);
	got = run_capture(cfg, cmd, out, MR_OK);
	ck_assert_ptr_null(strstr(got, "tmdb-env-key"));
	ck_assert_ptr_null(strstr(got, "spotify-env-secret"));
	ck_assert_ptr_null(strstr(got, "sonarr-secret-value-123"));
	ck_assert_ptr_null(strstr(got, "HOOK_TEST_COPY"));
	ck_assert_ptr_nonnull(strstr(got, "HOOK_TEST_PLAIN=kept"));
	ck_assert_ptr_nonnull(strstr(got, "MR_EVENT=sent\n"));
	ck_assert_ptr_null(strstr(got, "MR_EVENT=stale"));
	ck_assert_ptr_nonnull(strstr(got, "PATH="));
	free(got);
	free(cmd);
	unsetenv("MR_TMDB_API_KEY");
	unsetenv("MR_SPOTIFY_CLIENT_SECRET");
	unsetenv("HOOK_TEST_COPY");
	unsetenv("HOOK_TEST_PLAIN");
	unsetenv("MR_EVENT");
	unlink(out);
	mr_config_free(cfg);
}
END_TEST

/* Is pid alive (not gone, not a zombie)? */
static int
running(long pid)
{
	char path[64], buf[256], *p;
	FILE *fp;
	int alive = 0;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((fp = fopen(path, "r")) == NULL)
		return kill((pid_t)pid, 0) == 0 && access("/proc/self",
		    F_OK) != 0;
	if (fgets(buf, sizeof(buf), fp) != NULL &&
	    (p = strrchr(buf, ')')) != NULL)
		alive = p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
	fclose(fp);
	return alive;
}

START_TEST(test_timeout_group)
{
	struct mr_config *cfg = mr_config_new_empty();
	struct mr_notify *n;
	struct mr_err e;
	json_t *rec = json_pack("{s:i}", "id", 1);
	char pidfile[] = "/tmp/check_notify_pid.XXXXXX", *cmd, buf[32];
	double t0;
	FILE *fp;
	long pid = 0;
	int fd;

	fd = mkstemp(pidfile);
	ck_assert_int_ge(fd, 0);
	close(fd);
	/* A grandchild in the background: killed with the group. */
	cmd = xasprintf("sleep 60 & echo $! > %s; wait", pidfile);
	mr_config_set(cfg, "notify", "command", cmd);
	mr_config_set(cfg, "notify", "timeout", "1");
	n = mr_notify_new(cfg);
	t0 = mr_now_ms();
	ck_assert_int_eq(mr_notify_run(n, "sent", rec, &e), MR_EIO);
	ck_assert_str_eq(e.code, "notify.timeout");
	ck_assert(mr_now_ms() - t0 < 20000);
	fp = fopen(pidfile, "r");
	ck_assert_ptr_nonnull(fp);
	if (fgets(buf, sizeof(buf), fp) != NULL)
		pid = strtol(buf, NULL, 10);
	fclose(fp);
	ck_assert_int_gt(pid, 0);
	usleep(300 * 1000);
	ck_assert(!running(pid));
	unlink(pidfile);
	free(cmd);
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
	tcase_add_test(tc, test_argv_split);
	tcase_add_test(tc, test_env_secrets);
	tcase_add_test(tc, test_timeout_group);
	tcase_set_timeout(tc, 30);
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
