/* check_selfcheck.c: the pure parts of the installation check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "selfcheck.h"

START_TEST(test_has_secret)
{
	static const struct {
		const char *ini;
		int want;
	} t[] = {
		{ "[tmdb]\napi_key = abc\n", 1 },
		{ "[tmdb]\nread_access_token=eyJ\n", 1 },
		{ "[spotify]\n  client_secret =  s3\n", 1 },
		{ "[sonarr]\nurl = http://x\napi_key = k\n", 1 },
		{ "[tmdb]\napi_key =\n", 0 },
		{ "[tmdb]\napi_key =   ; a comment\n", 0 },
		{ "[tmdb]\n; api_key = abc\n", 0 },
		{ "[tmdb]\n# api_key = abc\n", 0 },
		{ "[spotify]\nclient_id = id\n", 0 },
		{ "[database]\npath = /x\n", 0 },
		{ "", 0 },
	};
	char path[] = "/tmp/check_selfcheck.XXXXXX";
	size_t i;
	FILE *f;
	int fd;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_int_ne(fd = mkstemp(path), -1);
		ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
		fputs(t[i].ini, f);
		fclose(f);
		ck_assert_msg(mr_selfcheck_file_has_secret(path) == t[i].want,
		    "case %zu: %s", i, t[i].ini);
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
	ck_assert_int_eq(mr_selfcheck_file_has_secret("/nonexistent/x.ini"),
	    -1);
}
END_TEST

START_TEST(test_worst)
{
	json_t *l = json_array();

	ck_assert_int_eq(mr_selfcheck_worst(l), MR_SELFCHECK_OK);
	mr_selfcheck_add(l, MR_SELFCHECK_OK, "config", "%s", "/x");
	ck_assert_int_eq(mr_selfcheck_worst(l), MR_SELFCHECK_OK);
	mr_selfcheck_add(l, MR_SELFCHECK_WARN, "tmdb", "not %s", "set");
	ck_assert_int_eq(mr_selfcheck_worst(l), MR_SELFCHECK_WARN);
	mr_selfcheck_add(l, MR_SELFCHECK_FAIL, "sonarr", "HTTP %d", 401);
	mr_selfcheck_add(l, MR_SELFCHECK_OK, "radarr", "fine");
	ck_assert_int_eq(mr_selfcheck_worst(l), MR_SELFCHECK_FAIL);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(l,
	    2), "detail")), "HTTP 401");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(l,
	    1), "level")), "WARN");
	json_decref(l);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("selfcheck");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, test_has_secret);
	tcase_add_test(tc, test_worst);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
