/* check_process.c: the routing decision and the run's exit code. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "process.h"

static const struct {
	const char *cls;
	double min;
	enum mr_route want;
	const char *reason;	/* substring of the reason, or NULL */
} decide_cases[] = {
	{ "{\"best\":null,\"matches\":[]}", 0.6, MR_ROUTE_NOMATCH, NULL },
	{ "{\"query\":\"x\"}", 0.6, MR_ROUTE_NOMATCH, NULL },
	{ "{\"best\":{\"service\":\"radarr\",\"media_type\":\"movie\","
	  "\"external_id\":\"603\",\"id_source\":\"tmdb\",\"confidence\":0.9},"
	  "\"ambiguous\":false}", 0.6, MR_ROUTE_SEND, NULL },
	{ "{\"best\":{\"service\":\"radarr\",\"media_type\":\"movie\","
	  "\"external_id\":\"603\",\"id_source\":\"tmdb\",\"confidence\":0.6},"
	  "\"ambiguous\":false}", 0.6, MR_ROUTE_SEND, NULL },
	{ "{\"best\":{\"service\":\"radarr\",\"media_type\":\"movie\","
	  "\"external_id\":\"603\",\"id_source\":\"tmdb\",\"confidence\":0.59},"
	  "\"ambiguous\":false}", 0.6, MR_ROUTE_REVIEW, "below" },
	{ "{\"best\":{\"service\":\"radarr\",\"media_type\":\"movie\","
	  "\"external_id\":\"603\",\"id_source\":\"tmdb\",\"confidence\":0.95},"
	  "\"ambiguous\":true}", 0.6, MR_ROUTE_REVIEW, "ambiguous" },
	{ "{\"best\":{\"service\":\"sonarr\",\"media_type\":\"tv\","
	  "\"external_id\":null,\"id_source\":null,"
	  "\"confidence\":0.95},"
	  "\"ambiguous\":false}", 0.6, MR_ROUTE_REVIEW, "TVDB" },
	{ "{\"best\":{\"service\":\"sonarr\",\"media_type\":\"tv\","
	  "\"external_id\":\"1405\",\"id_source\":\"tmdb\","
	  "\"confidence\":0.95},"
	  "\"ambiguous\":false}", 0.6, MR_ROUTE_REVIEW, "TVDB" },
	{ "{\"best\":{\"service\":\"sonarr\",\"media_type\":\"tv\","
	  "\"external_id\":\"79349\",\"id_source\":\"tvdb\","
	  "\"confidence\":0.95},"
	  "\"ambiguous\":false}", 0.6, MR_ROUTE_SEND, NULL },
	{ "{\"best\":{\"service\":\"plex\",\"media_type\":\"movie\","
	  "\"external_id\":\"1\",\"confidence\":0.95}}", 0.6, MR_ROUTE_REVIEW,
	  "service" },
	/* A person's choice is sent whatever the confidence. */
	{ "{\"best\":{\"service\":\"radarr\",\"media_type\":\"movie\","
	  "\"external_id\":\"603\",\"id_source\":\"tmdb\",\"confidence\":0.2,"
	  "\"manual\":true},\"ambiguous\":true}", 0.6, MR_ROUTE_SEND, NULL },
	{ "{\"best\":{\"service\":\"lidarr\",\"media_type\":\"music\","
	  "\"external_id\":null,\"confidence\":0.9,\"manual\":true}}", 0.6,
	  MR_ROUTE_REVIEW, "MusicBrainz" },
	{ "{\"best\":{\"service\":\"radarr\",\"media_type\":\"movie\","
	  "\"external_id\":\"603\",\"id_source\":\"tmdb\",\"confidence\":0.7},"
	  "\"ambiguous\":false}", 0.8, MR_ROUTE_REVIEW, "0.80" },
};

START_TEST(test_decide)
{
	json_t *cls = json_loads(decide_cases[_i].cls, 0, NULL);
	char reason[256];

	ck_assert_ptr_nonnull(cls);
	ck_assert_int_eq(mr_process_decide(cls, decide_cases[_i].min, reason,
	    sizeof(reason)), decide_cases[_i].want);
	if (decide_cases[_i].reason != NULL)
		ck_assert_msg(strstr(reason, decide_cases[_i].reason) != NULL,
		    "reason \"%s\"", reason);
	json_decref(cls);
}
END_TEST

START_TEST(test_exit_codes)
{
	struct mr_process_result r;

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(mr_process_exit(MR_OK, &r), 0);
	r.nomatch = 1;
	ck_assert_int_eq(mr_process_exit(MR_OK, &r), 1);
	r.retrying = 1;
	ck_assert_int_eq(mr_process_exit(MR_OK, &r), 4);
	r.stopped = 1;
	ck_assert_int_eq(mr_process_exit(MR_EAUTH, &r), 3);
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(mr_process_exit(MR_EBUSY, &r), 4);
	ck_assert_int_eq(mr_process_exit(MR_ECONFIG, &r), 3);
	r.failed = 2;
	ck_assert_int_eq(mr_process_exit(MR_OK, &r), 1);
}
END_TEST

static const struct {
	const char *asked;	/* mr-request --instance */
	const char *best;	/* JSON */
	const char *want;
} instance_cases[] = {
	{ NULL, "{\"service\":\"radarr\",\"media_type\":\"movie\"}",
	    "radarr:4k" },
	{ "radarr:hdr", "{\"service\":\"radarr\",\"media_type\":\"movie\"}",
	    "radarr:hdr" },
	/* An instance of another service than the best's: rules apply. */
	{ "sonarr:anime", "{\"service\":\"radarr\",\"media_type\":"
	    "\"movie\"}", "radarr:4k" },
	{ NULL, "{\"service\":\"sonarr\",\"media_type\":\"tv\","
	    "\"is_anime\":true}", "sonarr:anime" },
	{ NULL, "{\"service\":\"sonarr\",\"media_type\":\"tv\"}", "sonarr" },
	/* music_instance names a Radarr: ignored. */
	{ NULL, "{\"service\":\"lidarr\",\"media_type\":\"music\"}",
	    "lidarr" },
	{ NULL, "{\"media_type\":\"music\"}", "" },
};

START_TEST(test_instance)
{
	struct mr_config *cfg = mr_config_new_empty();
	json_t *best = json_loads(instance_cases[_i].best, 0, NULL);
	char buf[64];

	mr_config_set(cfg, "routing", "movie_instance", "radarr:4k");
	mr_config_set(cfg, "routing", "anime_instance", "sonarr:anime");
	mr_config_set(cfg, "routing", "music_instance", "radarr:4k");
	ck_assert_ptr_nonnull(best);
	mr_process_instance(cfg, instance_cases[_i].asked, best, buf,
	    sizeof(buf));
	ck_assert_str_eq(buf, instance_cases[_i].want);
	json_decref(best);
	mr_config_free(cfg);
}
END_TEST

static Suite *
process_suite(void)
{
	Suite *s = suite_create("process");
	TCase *tc = tcase_create("decide");

	tcase_add_loop_test(tc, test_decide, 0,
	    (int)MR_ARRAY_LEN(decide_cases));
	tcase_add_test(tc, test_exit_codes);
	tcase_add_loop_test(tc, test_instance, 0,
	    (int)MR_ARRAY_LEN(instance_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(process_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
