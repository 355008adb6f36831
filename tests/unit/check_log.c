/* check_log.c: unit tests for lib/log.c. */
#include <check.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "mr.h"

static const struct {
	const char *in, *want;
} redact[] = {
	{ "plain text", "plain text" },
	{ "", "" },
	{ "GET /3/search/movie?api_key=abc123&query=x",
	    "GET /3/search/movie?api_key=***&query=x" },
	{ "?API_KEY=abc", "?API_KEY=***" },
	{ "/api/v3/series?apikey=s3cr3t", "/api/v3/series?apikey=***" },
	{ "?ApiKey=s3cr3t&a=1", "?ApiKey=***&a=1" },
	{ "token=t1 access_token=t2 client_secret=t3",
	    "token=*** access_token=*** client_secret=***" },
	{ "?refresh_token=zzz", "?refresh_token=***" },
	{ "?token_type=Bearer", "?token_type=Bearer" },
	{ "?query=token&page=1", "?query=token&page=1" },
	{ "?api_key=&x=1", "?api_key=&x=1" },
	{ "url 'http://h/x?api_key=abc' done",
	    "url 'http://h/x?api_key=***' done" },
	{ "Authorization: Bearer eyJhbGciOi.x.y",
	    "Authorization: ***" },
	{ "authorization: Basic dXNlcjpwYXNz\r\nAccept: */*",
	    "authorization: ***\r\nAccept: */*" },
	{ "X-Api-Key: 0123456789abcdef\nHost: x",
	    "X-Api-Key: ***\nHost: x" },
	{ "> x-api-key:abc", "> x-api-key:***" },
	{ "My-Authorization-Thing: visible",
	    "My-Authorization-Thing: visible" },
	{ "{\"access_token\":\"BQD123\",\"token_type\":\"Bearer\"}",
	    "{\"access_token\":\"***\",\"token_type\":\"Bearer\"}" },
	{ "{\"client_secret\": \"abc\\\"def\"}",
	    "{\"client_secret\": \"***\"}" },
	{ "a=1&b=2", "a=1&b=2" },
	{ "token=a&token=b&token=c", "token=***&token=***&token=***" },
};

START_TEST(test_redact)
{
	char *out = mr_log_redact(redact[_i].in);

	ck_assert_str_eq(out, redact[_i].want);
	free(out);
}
END_TEST

static const struct {
	const char *s;
	int want;
} levels[] = {
	{ "error", MR_LOG_ERROR }, { "warn", MR_LOG_WARN },
	{ "warning", MR_LOG_WARN }, { "INFO", MR_LOG_INFO },
	{ "debug", MR_LOG_DEBUG }, { "trace", MR_LOG_TRACE },
	{ "loud", -1 }, { "", -1 }, { NULL, -1 },
};

START_TEST(test_level_parse)
{
	ck_assert_int_eq(mr_log_level_parse(levels[_i].s), levels[_i].want);
}
END_TEST

static char *
slurp(FILE *fp)
{
	char *buf = xcalloc(1, 4096);
	size_t n;

	rewind(fp);
	n = fread(buf, 1, 4095, fp);
	buf[n] = '\0';
	return buf;
}

START_TEST(test_sink_and_level)
{
	FILE *fp = tmpfile();
	char *text;

	ck_assert_ptr_nonnull(fp);
	mr_log_init("mr-test", MR_LOG_WARN, fp);
	ck_assert_int_eq(mr_log_get_level(), MR_LOG_WARN);
	mr_log_info("hidden %d", 1);
	mr_log_debug("hidden %d", 2);
	mr_log_warn("shown %d ?api_key=K1", 3);
	mr_log_error("also shown");
	mr_log_set_level(MR_LOG_DEBUG);
	mr_log_debug("now shown");
	mr_log(MR_LOG_TRACE, "still hidden");
	text = slurp(fp);
	ck_assert_ptr_null(strstr(text, "hidden"));
	ck_assert_ptr_null(strstr(text, "K1"));
	ck_assert_ptr_nonnull(strstr(text, "mr-test["));
	ck_assert_ptr_nonnull(strstr(text, "]: warn: shown 3 ?api_key=***\n"));
	ck_assert_ptr_nonnull(strstr(text, "]: error: also shown\n"));
	ck_assert_ptr_nonnull(strstr(text, "]: debug: now shown\n"));
	free(text);
	mr_log_init(NULL, MR_LOG_WARN, NULL);
	fclose(fp);
}
END_TEST

START_TEST(test_open_file)
{
	char path[] = "/tmp/check_log.XXXXXX";
	char line[512];
	regex_t re;
	FILE *fp;
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	mr_log_init("mr-x", MR_LOG_INFO, NULL);
	ck_assert_int_eq(mr_log_open_file(path), 0);
	mr_log_info("first Authorization: Bearer SECRET");
	mr_log_close();
	ck_assert_int_eq(mr_log_open_file(path), 0);
	mr_log_warn("second");
	mr_log_close();
	ck_assert_int_eq(mr_log_open_file("/nonexistent/dir/x.log"), -1);

	ck_assert_int_eq(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T"
	    "[0-9]{2}:[0-9]{2}:[0-9]{2}Z mr-x\\[[0-9]+\\]: (info|warn): ",
	    REG_EXTENDED | REG_NOSUB), 0);
	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_int_eq(regexec(&re, line, 0, NULL, 0), 0);
	ck_assert_ptr_nonnull(strstr(line, "info: first Authorization: ***"));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_int_eq(regexec(&re, line, 0, NULL, 0), 0);
	ck_assert_ptr_nonnull(strstr(line, "warn: second"));
	ck_assert_ptr_null(fgets(line, sizeof(line), fp));
	fclose(fp);
	regfree(&re);
	unlink(path);
}
END_TEST

START_TEST(test_set_level_clamps)
{
	mr_log_set_level((enum mr_log_level)99);
	ck_assert_int_eq(mr_log_get_level(), MR_LOG_TRACE);
	mr_log_set_level((enum mr_log_level)-3);
	ck_assert_int_eq(mr_log_get_level(), MR_LOG_ERROR);
}
END_TEST

static Suite *
log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_redact, 0, MR_ARRAY_LEN(redact));
	tcase_add_loop_test(tc, test_level_parse, 0, MR_ARRAY_LEN(levels));
	tcase_add_test(tc, test_sink_and_level);
	tcase_add_test(tc, test_open_file);
	tcase_add_test(tc, test_set_level_clamps);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(log_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
