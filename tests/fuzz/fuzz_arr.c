/*
 * fuzz_arr: libFuzzer target for the pure *arr answer handling
 * (lib/arr_internal.h): error reasons from 400 arrays and problem
 * details, "already added" detection, profile and root folder picking,
 * and the add bodies built from a lookup answer.
 */
#include <stdint.h>
#include <stdlib.h>

#include "arr_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
bodies(const json_t *j)
{
	static const int seasons[] = { 0, 1, 3 };
	struct mr_arr_addopts o = {
		.sonarr_major = 4, .root_path = "/media/tv",
		.quality_profile_id = 1, .language_profile_id = 1,
		.metadata_profile_id = 1, .series_type = "standard",
		.monitor = "all", .monitored = 1, .search = 1,
		.minimum_availability = "released", .tag_id = 2,
	};
	json_t *b, *copy;
	int k;

	for (k = MR_ARR_SONARR; k <= MR_ARR_LIDARR; k++) {
		o.kind = (enum mr_arr_kind)k;
		o.sonarr_major = k == MR_ARR_SONARR ? 3 : 4;
		b = mr_arr_build_add_body(j, &o, NULL, 0);
		json_decref(b);
		b = mr_arr_build_add_body(j, &o, seasons, 3);
		json_decref(b);
	}
	o.kind = MR_ARR_LIDARR;
	b = mr_arr_build_album_body(j, "0b2bd1d6-0b5a-3a6c-9a2e-6f3d3c5e0c0a",
	    &o, 0);
	json_decref(b);
	b = mr_arr_build_album_body(j, "x", &o, 1);
	json_decref(b);
	if (json_is_object(j)) {
		copy = json_deep_copy(j);
		(void)mr_arr_apply_seasons(copy, seasons, 3, 0);
		(void)mr_arr_apply_seasons(copy, seasons, 3, 1);
		json_decref(copy);
		(void)mr_arr_season_listed(json_object_get(j, "seasons"), 1);
	}
	(void)mr_arr_season_listed(j, 2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[512], small[8];
	char *text;
	json_t *j;

	text = xstrndup((const char *)data, size);
	mr_arr_reason(NULL, text, buf, sizeof(buf));
	mr_arr_reason(NULL, text, small, sizeof(small));
	(void)mr_arr_version_major(text);
	mr_arr_tag_label(text, buf, sizeof(buf));
	mr_arr_tag_label(text, small, sizeof(small));
	(void)mr_arr_is_mbid(text);
	j = json_loadb((const char *)data, size, JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, NULL);
	if (j != NULL) {
		mr_arr_reason(j, text, buf, sizeof(buf));
		mr_arr_reason(j, NULL, small, sizeof(small));
		(void)mr_arr_already_added(j);
		(void)mr_arr_pick(j, NULL, 0);
		(void)mr_arr_pick(j, "HD-1080p", 0);
		(void)mr_arr_pick(j, "4", 0);
		(void)mr_arr_pick(j, "/media/tv/", 1);
		bodies(j);
		json_decref(j);
	}
	free(text);
	return 0;
}
