/*
 * check_arr.c: unit tests for lib/arr (the pure parts in arr_body.c, on
 * the recorded bodies in tests/fixtures, and handle construction).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arr.h"
#include "arr_internal.h"
#include "config.h"

static json_t *
fixture(const char *name)
{
	json_error_t jerr;
	const char *top = getenv("MR_TOP");
	char path[1024];
	json_t *j;

	snprintf(path, sizeof(path), "%s/tests/fixtures/%s",
	    top ? top : ".", name);
	j = json_load_file(path, 0, &jerr);
	ck_assert_msg(j != NULL, "%s: %s", path, jerr.text);
	return j;
}

static const char *
sget(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static json_int_t
iget(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* ---- reasons from error answers --------------------------------- */

static const struct {
	const char *file;
	const char *want;
	int already;
} reason_cases[] = {
	{ "sonarr/error_400_series_already_added.json",
	  "TvdbId: This series has already been added", 1 },
	{ "radarr/error_400_movie_already_added.json",
	  "TmdbId: This movie has already been added", 1 },
	{ "lidarr/error_400_artist_already_added.json",
	  "ForeignArtistId: This artist has already been added.", 1 },
	{ "sonarr/error_400_root_folder_does_not_exist.json",
	  "RootFolderPath: Root folder '/does/not/exist' does not exist", 0 },
	{ "sonarr/error_400_post_series_missing_fields_v4.json",
	  "Path: 'Path' must not be empty.; RootFolderPath: 'Root Folder "
	  "Path' must not be empty.; QualityProfileId: 'Quality Profile Id' "
	  "must be greater than '0'.", 0 },
};

START_TEST(test_reason_fixtures)
{
	char buf[512];
	json_t *j = fixture(reason_cases[_i].file);

	mr_arr_reason(j, NULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, reason_cases[_i].want);
	ck_assert_int_eq(mr_arr_already_added(j), reason_cases[_i].already);
	json_decref(j);
}
END_TEST

static const struct {
	const char *body;
	const char *text;
	const char *want;
} reason_text_cases[] = {
	{ "[{\"propertyName\":\"TvdbId\",\"errorMessage\":\"A series with "
	  "this ID was not found\"}]", NULL,
	  "TvdbId: A series with this ID was not found" },
	{ "{\"type\":\"x\",\"title\":\"One or more validation errors "
	  "occurred.\",\"errors\":{\"$.qualityProfileId\":[\"The JSON value "
	  "could not be converted.\"]}}", NULL,
	  "$.qualityProfileId: The JSON value could not be converted." },
	{ "{\"errors\":{\"\":[\"A non-empty request body is required.\"]}}",
	  NULL, "A non-empty request body is required." },
	{ "{\"message\":\"Movie with tmdbId 5 was not found, it may have "
	  "been removed from TMDb.\",\"description\":\"x\"}", NULL,
	  "Movie with tmdbId 5 was not found, it may have been removed from "
	  "TMDb." },
	{ "{\"title\":\"Unsupported Media Type\",\"status\":415}", NULL,
	  "Unsupported Media Type" },
	{ NULL, "<html>\n<b>Bad Gateway</b>\n</html>",
	  "<html> <b>Bad Gateway</b> </html>" },
	{ NULL, NULL, "" },
	{ "[{\"errorMessage\":\"no property\"}]", NULL, "no property" },
};

START_TEST(test_reason_text)
{
	char buf[512];
	json_t *j = NULL;

	if (reason_text_cases[_i].body != NULL) {
		j = json_loads(reason_text_cases[_i].body, 0, NULL);
		ck_assert_ptr_nonnull(j);
	}
	mr_arr_reason(j, reason_text_cases[_i].text, buf, sizeof(buf));
	ck_assert_str_eq(buf, reason_text_cases[_i].want);
	ck_assert_int_eq(mr_arr_already_added(j), 0);
	json_decref(j);
}
END_TEST

START_TEST(test_reason_truncates)
{
	char buf[16], big[2048];
	json_t *j;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	j = json_pack("[{s:s,s:s}]", "propertyName", "P", "errorMessage", big);
	mr_arr_reason(j, NULL, buf, sizeof(buf));
	ck_assert_uint_eq(strlen(buf), sizeof(buf) - 1);
	ck_assert(strncmp(buf, "P: xxx", 6) == 0);
	json_decref(j);
}
END_TEST

/* ---- add bodies -------------------------------------------------- */

static struct mr_arr_addopts
sonarr_opts(int major)
{
	struct mr_arr_addopts o;

	memset(&o, 0, sizeof(o));
	o.kind = MR_ARR_SONARR;
	o.sonarr_major = major;
	o.root_path = "/tv";
	o.quality_profile_id = 4;
	o.language_profile_id = 1;
	o.series_type = "standard";
	o.monitor = "all";
	o.monitored = 1;
	o.search = 1;
	return o;
}

static int
season_flag(const json_t *series, int n)
{
	const json_t *it;
	size_t i;

	json_array_foreach(json_object_get(series, "seasons"), i, it)
		if (iget(it, "seasonNumber") == n)
			return json_is_true(json_object_get(it, "monitored"));
	return -1;
}

START_TEST(test_body_sonarr_v4)
{
	struct mr_arr_addopts o = sonarr_opts(4);
	json_t *look = fixture("sonarr/series_lookup_tvdb_81189_breaking_bad"
	    ".json");
	json_t *b, *opt;

	o.tag_id = 7;
	b = mr_arr_build_add_body(json_array_get(look, 0), &o, NULL, 0);
	ck_assert_int_eq(iget(b, "tvdbId"), 81189);
	ck_assert_str_eq(sget(b, "title"), "Breaking Bad");
	ck_assert(json_is_true(json_object_get(b, "monitored")));
	ck_assert(json_is_true(json_object_get(b, "seasonFolder")));
	ck_assert_int_eq(iget(b, "qualityProfileId"), 4);
	ck_assert_int_eq(iget(b, "languageProfileId"), 1);
	ck_assert_str_eq(sget(b, "rootFolderPath"), "/tv");
	ck_assert_str_eq(sget(b, "seriesType"), "standard");
	ck_assert_str_eq(sget(b, "monitorNewItems"), "all");
	ck_assert_int_eq(json_array_size(json_object_get(b, "tags")), 1);
	ck_assert_int_eq(json_integer_value(json_array_get(
	    json_object_get(b, "tags"), 0)), 7);
	opt = json_object_get(b, "addOptions");
	ck_assert_str_eq(sget(opt, "monitor"), "all");
	ck_assert(json_is_true(json_object_get(opt,
	    "searchForMissingEpisodes")));
	ck_assert_int_eq(season_flag(b, 3), 1);
	/* The lookup object itself is not changed. */
	ck_assert_int_eq(iget(json_array_get(look, 0), "qualityProfileId"),
	    0);
	json_decref(b);
	json_decref(look);
}
END_TEST

START_TEST(test_body_sonarr_v3_seasons)
{
	struct mr_arr_addopts o = sonarr_opts(3);
	json_t *look = fixture("sonarr/series_lookup_tvdb_121361_game_of_"
	    "thrones.json");
	json_t *b, *opt;
	int seasons[] = { 2, 3, 12 };

	o.series_type = "anime";
	json_object_set_new(json_array_get(look, 0), "monitorNewItems",
	    json_string("all"));
	b = mr_arr_build_add_body(json_array_get(look, 0), &o, seasons, 3);
	ck_assert_ptr_null(json_object_get(b, "monitorNewItems"));
	ck_assert_str_eq(sget(b, "seriesType"), "anime");
	opt = json_object_get(b, "addOptions");
	ck_assert_ptr_null(json_object_get(opt, "monitor"));
	ck_assert(json_is_false(json_object_get(opt,
	    "ignoreEpisodesWithFiles")));
	ck_assert_int_eq(season_flag(b, 0), 0);
	ck_assert_int_eq(season_flag(b, 1), 0);
	ck_assert_int_eq(season_flag(b, 2), 1);
	ck_assert_int_eq(season_flag(b, 3), 1);
	ck_assert_int_eq(season_flag(b, 4), 0);
	ck_assert_int_eq(season_flag(b, 12), 1);
	json_decref(b);
	json_decref(look);
}
END_TEST

START_TEST(test_body_radarr)
{
	struct mr_arr_addopts o;
	json_t *look = fixture("radarr/movie_lookup_imdb_tt1431045_deadpool"
	    ".json");
	json_t *b, *opt;

	memset(&o, 0, sizeof(o));
	o.kind = MR_ARR_RADARR;
	o.root_path = "/movies";
	o.quality_profile_id = 1;
	o.monitor = "movieOnly";
	o.monitored = 1;
	o.minimum_availability = "released";
	b = mr_arr_build_add_body(look, &o, NULL, 0);
	ck_assert_int_eq(iget(b, "tmdbId"), 293660);
	ck_assert(json_is_true(json_object_get(b, "monitored")));
	ck_assert_str_eq(sget(b, "minimumAvailability"), "released");
	ck_assert_str_eq(sget(b, "rootFolderPath"), "/movies");
	ck_assert_int_eq(json_array_size(json_object_get(b, "tags")), 0);
	ck_assert_ptr_null(json_object_get(b, "seasonFolder"));
	opt = json_object_get(b, "addOptions");
	ck_assert_str_eq(sget(opt, "monitor"), "movieOnly");
	ck_assert(json_is_false(json_object_get(opt, "searchForMovie")));
	json_decref(b);
	json_decref(look);
}
END_TEST

static struct mr_arr_addopts
lidarr_opts(void)
{
	struct mr_arr_addopts o;

	memset(&o, 0, sizeof(o));
	o.kind = MR_ARR_LIDARR;
	o.root_path = "/music/";
	o.quality_profile_id = 3;
	o.metadata_profile_id = 1;
	o.monitor = "all";
	o.monitored = 1;
	o.search = 1;
	return o;
}

START_TEST(test_body_lidarr_artist)
{
	struct mr_arr_addopts o = lidarr_opts();
	json_t *look = fixture("lidarr/artist_lookup_manowar.json");
	json_t *b, *opt;

	b = mr_arr_build_add_body(json_array_get(look, 0), &o, NULL, 0);
	ck_assert_str_eq(sget(b, "foreignArtistId"),
	    "00eeed6b-5897-4359-8347-b8cd28375331");
	ck_assert_int_eq(iget(b, "metadataProfileId"), 1);
	ck_assert_int_eq(iget(b, "qualityProfileId"), 3);
	ck_assert(json_is_true(json_object_get(b, "monitored")));
	ck_assert_str_eq(sget(b, "monitorNewItems"), "all");
	opt = json_object_get(b, "addOptions");
	ck_assert_str_eq(sget(opt, "monitor"), "all");
	ck_assert(json_is_true(json_object_get(opt,
	    "searchForMissingAlbums")));
	json_decref(b);
	json_decref(look);
}
END_TEST

START_TEST(test_body_lidarr_album)
{
	static const char *rg = "7e57b000-0000-4000-8000-00000000b001";
	struct mr_arr_addopts o = lidarr_opts();
	json_t *look = fixture("lidarr/artist_lookup_manowar.json");
	json_t *album, *b, *art, *opt;

	album = json_pack("{s:s,s:s,s:O}", "title", "Kings of Metal",
	    "foreignAlbumId", rg, "artist", json_array_get(look, 0));
	/* Artist new: added with only this album monitored. */
	b = mr_arr_build_album_body(album, rg, &o, 0);
	ck_assert_str_eq(sget(b, "foreignAlbumId"), rg);
	ck_assert(json_is_true(json_object_get(b, "monitored")));
	art = json_object_get(b, "artist");
	ck_assert(json_is_true(json_object_get(art, "monitored")));
	ck_assert_str_eq(sget(art, "monitorNewItems"), "none");
	ck_assert_int_eq(iget(art, "qualityProfileId"), 3);
	ck_assert_int_eq(iget(art, "metadataProfileId"), 1);
	ck_assert_str_eq(sget(art, "rootFolderPath"), "/music/");
	opt = json_object_get(art, "addOptions");
	ck_assert_ptr_null(json_object_get(opt, "monitor"));
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(opt,
	    "albumsToMonitor"), 0)), rg);
	json_decref(b);

	/* Artist in the library: sent as it is, its own settings kept. */
	art = json_object_get(album, "artist");
	json_object_set_new(art, "id", json_integer(9));
	json_object_set_new(art, "qualityProfileId", json_integer(6));
	json_object_set_new(art, "path", json_string("/music/Manowar"));
	json_object_set_new(art, "addOptions", json_pack("{s:s}", "monitor",
	    "all"));
	b = mr_arr_build_album_body(album, rg, &o, 1);
	art = json_object_get(b, "artist");
	ck_assert_int_eq(iget(art, "id"), 9);
	ck_assert_int_eq(iget(art, "qualityProfileId"), 6);
	ck_assert_int_eq(iget(art, "metadataProfileId"), 1);
	ck_assert_ptr_null(json_object_get(art, "rootFolderPath"));
	ck_assert_ptr_null(json_object_get(art, "addOptions"));
	ck_assert_str_eq(sget(art, "monitorNewItems"), "all");
	json_decref(b);
	json_decref(album);
	json_decref(look);
}
END_TEST

START_TEST(test_apply_seasons)
{
	json_t *s = json_loads("{\"seasons\":[{\"seasonNumber\":1,"
	    "\"monitored\":true},{\"seasonNumber\":2,\"monitored\":false},"
	    "{\"seasonNumber\":3,\"monitored\":false}]}", 0, NULL);
	int want[] = { 2, 2, 5 };

	ck_assert_int_eq(mr_arr_apply_seasons(s, want, 3, 0), 2);
	ck_assert_int_eq(season_flag(s, 1), 1);
	ck_assert_int_eq(season_flag(s, 2), 1);
	ck_assert_int_eq(season_flag(s, 3), 0);
	ck_assert_int_eq(season_flag(s, 5), 1);
	ck_assert_int_eq(json_array_size(json_object_get(s, "seasons")), 4);
	ck_assert_int_eq(mr_arr_apply_seasons(s, want, 3, 0), 0);
	ck_assert_int_eq(mr_arr_apply_seasons(s, want, 1, 1), 2);
	ck_assert_int_eq(season_flag(s, 1), 0);
	ck_assert_int_eq(season_flag(s, 5), 0);
	json_decref(s);
	s = json_object();
	ck_assert_int_eq(mr_arr_apply_seasons(s, want, 1, 1), 1);
	ck_assert_int_eq(season_flag(s, 2), 1);
	json_decref(s);
}
END_TEST

/* ---- small parsers ----------------------------------------------- */

static const struct {
	const char *in;
	const char *want;
} label_cases[] = {
	{ "Alice", "alice" },
	{ "Bob Smith", "bob-smith" },
	{ "  x__y  ", "x-y" },
	{ "--A--", "a" },
	{ "\xc3\x9c" "ber 42", "ber-42" },
	{ "!!!", "" },
	{ "", "" },
};

START_TEST(test_tag_label)
{
	char buf[64];

	mr_arr_tag_label(label_cases[_i].in, buf, sizeof(buf));
	ck_assert_str_eq(buf, label_cases[_i].want);
}
END_TEST

START_TEST(test_tag_label_short)
{
	char buf[4];

	mr_arr_tag_label("ab cd ef", buf, sizeof(buf));
	ck_assert_str_eq(buf, "ab");
	mr_arr_tag_label(NULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
}
END_TEST

static const struct {
	const char *in;
	int want;
} mbid_cases[] = {
	{ "00eeed6b-5897-4359-8347-b8cd28375331", 1 },
	{ "00EEED6B-5897-4359-8347-B8CD28375331", 1 },
	{ "00eeed6b58974359-8347-b8cd28375331-x", 0 },
	{ "00eeed6b-5897-4359-8347-b8cd2837533", 0 },
	{ "00eeed6b-5897-4359-8347-b8cd2837533g", 0 },
	{ "81189", 0 },
	{ "", 0 },
	{ NULL, 0 },
};

START_TEST(test_is_mbid)
{
	ck_assert_int_eq(mr_arr_is_mbid(mbid_cases[_i].in),
	    mbid_cases[_i].want);
}
END_TEST

static const struct {
	const char *in;
	int want;
} version_cases[] = {
	{ "4.0.19.0", 4 }, { "3.0.10.1567", 3 }, { "10.0.0.34882", 10 },
	{ "v4", 0 }, { "", 0 }, { NULL, 0 }, { "5", 5 },
};

START_TEST(test_version_major)
{
	ck_assert_int_eq(mr_arr_version_major(version_cases[_i].in),
	    version_cases[_i].want);
}
END_TEST

static const struct {
	const char *want;
	int is_path;
	long id;	/* expected id, 0 = none found */
} pick_cases[] = {
	{ NULL, 0, 1 },
	{ "", 0, 1 },
	{ "hd-1080p", 0, 4 },
	{ "HD - 720p/1080p", 0, 6 },
	{ "3", 0, 3 },
	{ "99", 0, 0 },
	{ "Nope", 0, 0 },
	{ "/music", 1, 2 },
	{ "/music/", 1, 2 },
	{ "/Music/", 1, 0 },
	{ NULL, 1, 2 },
};

START_TEST(test_pick)
{
	json_t *list;
	const json_t *it;

	list = fixture(pick_cases[_i].is_path ? "lidarr/rootfolder_list.json" :
	    "sonarr/qualityprofile.json");
	it = mr_arr_pick(list, pick_cases[_i].want, pick_cases[_i].is_path);
	if (pick_cases[_i].id == 0)
		ck_assert_ptr_null(it);
	else
		ck_assert_int_eq(iget(it, "id"), pick_cases[_i].id);
	json_decref(list);
}
END_TEST

static const struct {
	const char *json;
	int want;
} anime_cases[] = {
	{ "{\"genre_ids\":[16,10759],\"origin_country\":[\"JP\"]}", 1 },
	{ "{\"genres\":[{\"id\":16,\"name\":\"Animation\"}],"
	  "\"origin_country\":[\"US\",\"JP\"]}", 1 },
	{ "{\"genre_ids\":[16],\"origin_country\":[\"US\"]}", 0 },
	{ "{\"genre_ids\":[18],\"origin_country\":[\"JP\"]}", 0 },
	{ "{\"genre_ids\":[16],\"original_language\":\"ja\"}", 1 },
	{ "{\"genre_ids\":[16],\"original_language\":\"ja\","
	  "\"origin_country\":[\"US\"]}", 0 },
	{ "{\"genres\":[{\"id\":16}],\"production_countries\":"
	  "[{\"iso_3166_1\":\"JP\"}]}", 1 },
	{ "[]", 0 },
};

START_TEST(test_is_anime)
{
	json_t *j = json_loads(anime_cases[_i].json, JSON_DECODE_ANY, NULL);

	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(mr_arr_is_anime(j), anime_cases[_i].want);
	json_decref(j);
}
END_TEST

START_TEST(test_kind_parse)
{
	ck_assert_int_eq(mr_arr_kind_parse("sonarr"), MR_ARR_SONARR);
	ck_assert_int_eq(mr_arr_kind_parse("radarr:4k"), MR_ARR_RADARR);
	ck_assert_int_eq(mr_arr_kind_parse("Lidarr"), MR_ARR_LIDARR);
	ck_assert_int_eq(mr_arr_kind_parse("sonar"), -1);
	ck_assert_int_eq(mr_arr_kind_parse("sonarrx"), -1);
	ck_assert_int_eq(mr_arr_kind_parse(NULL), -1);
	ck_assert_str_eq(mr_arr_kind_name(MR_ARR_LIDARR), "lidarr");
	ck_assert_str_eq(mr_arr_outcome_str(MR_ARR_ALREADY_PRESENT),
	    "already_present");
}
END_TEST

/* ---- handles ----------------------------------------------------- */

static const struct {
	const char *ini;
	const char *section;
	enum mr_rc rc;
	const char *msg;	/* substring of the message */
} new_cases[] = {
	{ "[sonarr]\nurl = http://h:8989/\napi_key = k\n", "sonarr", MR_OK,
	  NULL },
	{ "[radarr]\nurl = http://h\napi_key = k\n[radarr:4k]\n"
	  "url = https://h4\n", "radarr:4k", MR_OK, NULL },
	{ "[sonarr]\napi_key = k\n", "sonarr", MR_ECONFIG,
	  "must start with http" },
	{ "[lidarr]\nurl = http://h\n", "lidarr", MR_ECONFIG,
	  "api_key is not set" },
	{ "[tmdb]\napi_key = k\n", "tmdb", MR_ECONFIG, "not a sonarr" },
};

START_TEST(test_new)
{
	struct mr_config *cfg = NULL;
	struct mr_arr *arr = NULL;
	struct mr_err e;
	enum mr_rc rc;

	mr_err_clear(&e);
	ck_assert_int_eq(mr_config_load_string(new_cases[_i].ini, "t.ini",
	    &cfg, &e), MR_OK);
	/* The loader validates URLs; a value set later is not checked. */
	if (strstr(new_cases[_i].ini, "url") == NULL)
		mr_config_set(cfg, new_cases[_i].section, "url", "ftp://h");
	rc = mr_arr_new(cfg, new_cases[_i].section, NULL, &arr, &e);
	ck_assert_int_eq(rc, new_cases[_i].rc);
	if (rc == MR_OK) {
		ck_assert_ptr_nonnull(arr);
		ck_assert_str_eq(mr_arr_section(arr), new_cases[_i].section);
		ck_assert_int_eq(mr_arr_kind(arr),
		    mr_arr_kind_parse(new_cases[_i].section));
	} else {
		ck_assert_ptr_null(arr);
		ck_assert_msg(strstr(e.msg, new_cases[_i].msg) != NULL,
		    "message: %s", e.msg);
		ck_assert(strstr(e.msg, "k\n") == NULL);
	}
	mr_arr_free(arr);
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_result_json)
{
	struct mr_config *cfg = NULL;
	struct mr_arr *arr = NULL;
	struct mr_arr_result res;
	struct mr_err e;
	json_t *j;

	ck_assert_int_eq(mr_config_load_string("[sonarr]\nurl = http://h\n"
	    "api_key = k\n", "t.ini", &cfg, &e), MR_OK);
	ck_assert_int_eq(mr_arr_new(cfg, "sonarr", NULL, &arr, &e), MR_OK);
	memset(&res, 0, sizeof(res));
	res.outcome = MR_ARR_FAILED_PERMANENT;
	res.status = 400;
	res.retry_after_s = -1;
	snprintf(res.reason, sizeof(res.reason), "TvdbId: nope");
	j = mr_arr_result_json(arr, &res);
	ck_assert_str_eq(sget(j, "service"), "sonarr");
	ck_assert_str_eq(sget(j, "outcome"), "failed");
	ck_assert_int_eq(iget(j, "status"), 400);
	ck_assert_str_eq(sget(j, "reason"), "TvdbId: nope");
	ck_assert_ptr_null(json_object_get(j, "id"));
	ck_assert_ptr_null(json_object_get(j, "retry_after"));
	json_decref(j);
	mr_arr_free(arr);
	mr_config_free(cfg);
}
END_TEST

static Suite *
arr_suite(void)
{
	Suite *s = suite_create("arr");
	TCase *tc;

	tc = tcase_create("reasons");
	tcase_add_loop_test(tc, test_reason_fixtures, 0,
	    MR_ARRAY_LEN(reason_cases));
	tcase_add_loop_test(tc, test_reason_text, 0,
	    MR_ARRAY_LEN(reason_text_cases));
	tcase_add_test(tc, test_reason_truncates);
	suite_add_tcase(s, tc);

	tc = tcase_create("bodies");
	tcase_add_test(tc, test_body_sonarr_v4);
	tcase_add_test(tc, test_body_sonarr_v3_seasons);
	tcase_add_test(tc, test_body_radarr);
	tcase_add_test(tc, test_body_lidarr_artist);
	tcase_add_test(tc, test_body_lidarr_album);
	tcase_add_test(tc, test_apply_seasons);
	suite_add_tcase(s, tc);

	tc = tcase_create("parsers");
	tcase_add_loop_test(tc, test_tag_label, 0, MR_ARRAY_LEN(label_cases));
	tcase_add_test(tc, test_tag_label_short);
	tcase_add_loop_test(tc, test_is_mbid, 0, MR_ARRAY_LEN(mbid_cases));
	tcase_add_loop_test(tc, test_version_major, 0,
	    MR_ARRAY_LEN(version_cases));
	tcase_add_loop_test(tc, test_pick, 0, MR_ARRAY_LEN(pick_cases));
	tcase_add_loop_test(tc, test_is_anime, 0, MR_ARRAY_LEN(anime_cases));
	tcase_add_test(tc, test_kind_parse);
	suite_add_tcase(s, tc);

	tc = tcase_create("handles");
	tcase_add_loop_test(tc, test_new, 0, MR_ARRAY_LEN(new_cases));
	tcase_add_test(tc, test_result_json);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(arr_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
