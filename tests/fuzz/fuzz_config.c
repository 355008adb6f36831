/*
 * fuzz_config: libFuzzer target for the ini parser (mr_config_load_string).
 * A config that loads is then read back the way tools read it.
 */
#include <stdint.h>
#include <stdlib.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[][2] = {
	{ "database", "path" }, { "tmdb", "read_access_token" },
	{ "tmdb", "base_url" }, { "spotify", "client_secret" },
	{ "musicbrainz", "user_agent" }, { "sonarr", "url" },
	{ "radarr", "quality_profile" }, { "lidarr", "metadata_profile" },
	{ "http", "ca_file" }, { "log", "file" }, { "radarr:4k", "url" },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr_config *cfg = NULL;
	struct mr_err e;
	const char *s;
	char *text;
	size_t i;

	text = xstrndup((const char *)data, size);
	if (mr_config_load_string(text, "fuzz.ini", &cfg, &e) == MR_OK) {
		for (i = 0; mr_config_warning(cfg, i) != NULL; i++)
			;
		for (i = 0; (s = mr_config_section(cfg, i)) != NULL; i++) {
			(void)mr_config_has_section(cfg, s);
			(void)mr_config_str(cfg, s, "url");
			(void)mr_config_long(cfg, s, "timeout", 1);
			(void)mr_config_double(cfg, s, "min_confidence", 0.5);
			(void)mr_config_bool(cfg, s, "search_on_add", 1);
		}
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			(void)mr_config_str(cfg, keys[i][0], keys[i][1]);
		(void)mr_config_long(cfg, "http", "timeout", 20);
		(void)mr_config_double(cfg, "routing", "min_confidence", 0.6);
		(void)mr_config_file(cfg);
	}
	mr_config_free(cfg);
	free(text);
	return 0;
}
