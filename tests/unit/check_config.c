/* check_config.c: unit tests for lib/config.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

extern char **environ;

static char tmpdir[256];

/* Remove every MR_* and lookup variable, and point HOME at a temp dir. */
static void
clean_env(void)
{
	char name[256];
	char **ep;
	size_t n;
	int again = 1;

	while (again) {
		again = 0;
		for (ep = environ; *ep != NULL; ep++) {
			if (strncmp(*ep, "MR_", 3) != 0)
				continue;
			n = strcspn(*ep, "=");
			if (n >= sizeof(name))
				continue;
			memcpy(name, *ep, n);
			name[n] = '\0';
			unsetenv(name);
			again = 1;
			break;
		}
	}
	unsetenv("MEDIA_ROUTE_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_config.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	setenv("HOME", tmpdir, 1);
}

static void
rm_tree(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static char *
write_file(const char *name, const char *text, mode_t mode)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

static struct mr_config *
load_ok(const char *text)
{
	struct mr_config *cfg = NULL;
	struct mr_err e;

	ck_assert_int_eq(mr_config_load_string(text, "t.ini", &cfg, &e),
	    MR_OK);
	ck_assert_ptr_nonnull(cfg);
	return cfg;
}

static const struct {
	const char *section, *key, *want;
} defaults[] = {
	{ "tmdb", "base_url", "https://api.themoviedb.org/3" },
	{ "tmdb", "language", "en-US" },
	{ "tmdb", "rate", "40" },
	{ "tmdb", "api_key", NULL },
	{ "tmdb", "region", NULL },
	{ "spotify", "base_url", "https://api.spotify.com/v1" },
	{ "spotify", "token_url", "https://accounts.spotify.com/api/token" },
	{ "spotify", "rate", "5" },
	{ "musicbrainz", "base_url", "https://musicbrainz.org/ws/2" },
	{ "musicbrainz", "user_agent",
	    "media-route/" MR_VERSION " ( admin@example.org )" },
	{ "musicbrainz", "rate", "1" },
	{ "sonarr", "url", "http://localhost:8989" },
	{ "sonarr", "series_type", "standard" },
	{ "sonarr", "monitor", "all" },
	{ "sonarr", "search_on_add", "true" },
	{ "sonarr", "root_folder", NULL },
	{ "radarr", "url", "http://localhost:7878" },
	{ "radarr", "minimum_availability", "released" },
	{ "radarr", "monitor", "true" },
	{ "lidarr", "url", "http://localhost:8686" },
	{ "lidarr", "monitor", "all" },
	{ "lidarr", "metadata_profile", NULL },
	{ "radarr:4k", "url", "http://localhost:7878" },
	{ "routing", "min_confidence", "0.6" },
	{ "process", "max_attempts", "8" },
	{ "process", "lease_seconds", "300" },
	{ "http", "timeout", "20" },
	{ "http", "connect_timeout", "5" },
	{ "http", "ca_file", NULL },
	{ "cache", "ttl_search", "86400" },
	{ "cache", "ttl_details", "604800" },
	{ "cache", "ttl_negative", "3600" },
	{ "log", "file", NULL },
	{ "log", "level", "warn" },
	{ "notify", "events", "sent,needs_review,failed" },
	{ "notify", "timeout", "10" },
	{ "notify", "command", NULL },
	{ "database", "keep_events_days", "400" },
	{ "arr", "tag_requester", "false" },
	{ "sonarr", "tag_requester", "false" },
	{ "radarr:4k", "tag_requester", "false" },
	{ "http", "max_parallel", "16" },
	{ "musicbrainz", "enabled", "true" },
	{ "nosuch", "key", NULL },
};

START_TEST(test_defaults)
{
	struct mr_config *cfg;
	const char *v;

	clean_env();
	cfg = mr_config_new_empty();
	v = mr_config_str(cfg, defaults[_i].section, defaults[_i].key);
	if (defaults[_i].want == NULL)
		ck_assert_msg(v == NULL, "[%s] %s: got %s",
		    defaults[_i].section, defaults[_i].key, v);
	else
		ck_assert_str_eq(v, defaults[_i].want);
	mr_config_free(cfg);
	rm_tree();
}
END_TEST

START_TEST(test_default_db_path)
{
	struct mr_config *cfg;
	char *want;

	clean_env();
	cfg = mr_config_new_empty();
	want = xasprintf("%s/.local/share/media-route/media-route.db",
	    tmpdir);
	ck_assert_str_eq(mr_config_str(cfg, "database", "path"), want);
	ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 99), 20);
	ck_assert_int_eq(mr_config_long(cfg, "nosuch", "key", 99), 99);
	ck_assert_double_eq_tol(mr_config_double(cfg, "routing",
	    "min_confidence", 0), 0.6, 1e-9);
	ck_assert_int_eq(mr_config_bool(cfg, "sonarr", "search_on_add", 0), 1);
	ck_assert_int_eq(mr_config_bool(cfg, "nosuch", "key", 1), 1);
	ck_assert_ptr_null(mr_config_file(cfg));
	ck_assert_ptr_null(mr_config_warning(cfg, 0));
	free(want);
	mr_config_free(cfg);
	rm_tree();
}
END_TEST

/* Invalid files: the message names file:line, section and key. */
static const struct {
	const char *text, *want;
} bad[] = {
	{ "[http]\ntimeout = abc\n",
	    "t.ini:2: [http] timeout: \"abc\" is not a number from 1 to 600" },
	{ "; comment\n\n[http]\n# more\ntimeout = 0\n",
	    "t.ini:5: [http] timeout: \"0\" is not a number from 1 to 600" },
	{ "[tmdb\nbase_url = http://x\n", "t.ini:1: syntax error" },
	{ "[tmdb]\njunk line\n", "t.ini:2: syntax error" },
	{ "[tmdb]\nbase_url = ftp://x\n",
	    "t.ini:2: [tmdb] base_url: \"ftp://x\" is not an http:// or "
	    "https:// URL" },
	{ "[tmdb]\nbase_url = /tmdb/3\n", "t.ini:2: [tmdb] base_url:" },
	{ "[sonarr]\nurl = http://\n", "t.ini:2: [sonarr] url:" },
	{ "[routing]\nmin_confidence = 1.5\n",
	    "t.ini:2: [routing] min_confidence: \"1.5\" is not a number "
	    "from 0 to 1" },
	{ "[musicbrainz]\nrate = 2\n",
	    "t.ini:2: [musicbrainz] rate: \"2\" is not a number" },
	{ "[radarr]\nsearch_on_add = maybe\n",
	    "t.ini:2: [radarr] search_on_add: \"maybe\" is not true or false" },
	{ "[sonarr]\nseries_type = cartoon\n",
	    "t.ini:2: [sonarr] series_type: \"cartoon\" is not one of: "
	    "standard, daily, anime" },
	{ "[log]\nlevel = loud\n", "t.ini:2: [log] level: \"loud\"" },
	{ "[notify]\nevents = sent, exploded\n",
	    "t.ini:2: [notify] events: \"exploded\" is not one of:" },
	{ "[radarr:4k]\nurl = nope\n", "t.ini:2: [radarr:4k] url:" },
	{ "[process]\nmax_attempts = 8x\n",
	    "t.ini:2: [process] max_attempts: \"8x\"" },
	/* The first error wins, syntax or value. */
	{ "[http]\ntimeout = abc\n[tmdb\n", "t.ini:2: [http] timeout" },
	{ "[tmdb\n[http]\ntimeout = abc\n", "t.ini:1: syntax error" },
};

START_TEST(test_bad)
{
	struct mr_config *cfg = NULL;
	struct mr_err e;

	clean_env();
	ck_assert_int_eq(mr_config_load_string(bad[_i].text, "t.ini", &cfg,
	    &e), MR_ECONFIG);
	ck_assert_ptr_null(cfg);
	ck_assert_int_eq(e.rc, MR_ECONFIG);
	ck_assert_msg(strncmp(e.msg, bad[_i].want, strlen(bad[_i].want)) == 0,
	    "got '%s', want '%s'", e.msg, bad[_i].want);
	rm_tree();
}
END_TEST

/* Valid values, read back (canonical spellings for enums). */
static const struct {
	const char *text, *section, *key, *want;
} good[] = {
	{ "[http]\ntimeout = 7\n", "http", "timeout", "7" },
	{ "[HTTP]\nTimeout = 7\n", "http", "timeout", "7" },
	{ "[http]\ntimeout = 7 ; seconds\n", "http", "timeout", "7" },
	{ "[sonarr]\nmonitor = firstseason\n", "sonarr", "monitor",
	    "firstSeason" },
	{ "[radarr]\nminimum_availability = INCINEMAS\n", "radarr",
	    "minimum_availability", "inCinemas" },
	{ "[notify]\nevents = Sent , failed,,retrying\n", "notify", "events",
	    "sent,failed,retrying" },
	{ "[log]\nlevel = DEBUG\n", "log", "level", "debug" },
	{ "[tmdb]\napi_key =\n", "tmdb", "api_key", NULL },
	{ "[tmdb]\nbase_url =\n", "tmdb", "base_url",
	    "https://api.themoviedb.org/3" },
	{ "[tmdb]\nbase_url = http://127.0.0.1:8080/tmdb/3\n", "tmdb",
	    "base_url", "http://127.0.0.1:8080/tmdb/3" },
	{ "[sonarr]\nroot_folder = ~/tv\n", "sonarr", "root_folder", "~/tv" },
	{ "[radarr]\nurl = http://a\n[radarr]\nurl = http://b\n", "radarr",
	    "url", "http://b" },
	{ "[radarr]\napi_key = k\n[radarr:4k]\nurl = http://4k\n",
	    "radarr:4k", "api_key", "k" },
	{ "[radarr]\napi_key = k\n[radarr:4k]\napi_key = k4\n",
	    "radarr:4k", "api_key", "k4" },
	{ "[radarr]\nurl = http://a\n[radarr:4k]\napi_key = x\n", "radarr:4k",
	    "url", "http://a" },
	{ "[radarr:4k]\nurl = http://4k\n", "radarr", "url",
	    "http://localhost:7878" },
	{ "[lidarr:hifi]\nmonitor = latest\n", "lidarr:hifi", "monitor",
	    "latest" },
	{ "[custom]\nthing = 1\n", "custom", "thing", "1" },
	{ "[http]\n  timeout = 7\n", "http", "timeout", "7" },
	{ "[musicbrainz]\nuser_agent = \"x/1 ( a@b.c ; d )\"\n",
	    "musicbrainz", "user_agent", "x/1 ( a@b.c ; d )" },
	{ "[http]\ntimeout = \"9\"\n", "http", "timeout", "9" },
	{ "[sonarr]\nroot_folder = \"\n", "sonarr", "root_folder", "\"" },
	{ "[tmdb]\napi_key =         ; v3 key\n", "tmdb", "api_key", NULL },
	{ "[tmdb]\napi_key = a;b ; c\n", "tmdb", "api_key", "a;b" },
	{ "[tmdb] ; the movie db\nregion = DE\t; de\n", "tmdb", "region",
	    "DE" },
	{ "[tmdb]\nregion = \"a ; b\" ; c\n", "tmdb", "region", "a ; b" },
	{ "[sonarr]\nroot_folder = \"\"\n", "sonarr", "root_folder", NULL },
	{ "[arr]\ntag_requester = yes\n", "lidarr", "tag_requester", "yes" },
	{ "[arr]\ntag_requester = yes\n", "radarr:4k", "tag_requester",
	    "yes" },
	{ "[arr]\ntag_requester = yes\n[sonarr]\ntag_requester = no\n",
	    "sonarr", "tag_requester", "no" },
	{ "[arr]\ntag_requester = yes\n[sonarr]\ntag_requester = no\n",
	    "sonarr:anime", "tag_requester", "no" },
	{ "[arr]\nurl = http://x\n", "radarr", "url",
	    "http://localhost:7878" },
	{ "[tmdb]\nfuture_key = v\n", "tmdb", "future_key", "v" },
};

START_TEST(test_good)
{
	struct mr_config *cfg;
	const char *v;

	clean_env();
	cfg = load_ok(good[_i].text);
	v = mr_config_str(cfg, good[_i].section, good[_i].key);
	if (good[_i].want == NULL)
		ck_assert_msg(v == NULL, "got '%s'", v);
	else
		ck_assert_str_eq(v, good[_i].want);
	mr_config_free(cfg);
	rm_tree();
}
END_TEST

START_TEST(test_warnings)
{
	struct mr_config *cfg;

	clean_env();
	cfg = load_ok("[tmdb]\nbase_url = http://x\nbogus = 1\n"
	    "[nonsense]\na = 1\nb = 2\n[tmdb:x]\nc = 3\n");
	ck_assert_str_eq(mr_config_warning(cfg, 0),
	    "t.ini:3: [tmdb] bogus: unknown key");
	ck_assert_str_eq(mr_config_warning(cfg, 1),
	    "t.ini:4: [nonsense]: unknown section");
	ck_assert_str_eq(mr_config_warning(cfg, 2),
	    "t.ini:7: [tmdb:x]: unknown section");
	ck_assert_ptr_null(mr_config_warning(cfg, 3));
	ck_assert_str_eq(mr_config_section(cfg, 0), "tmdb");
	ck_assert_str_eq(mr_config_section(cfg, 1), "nonsense");
	ck_assert_str_eq(mr_config_section(cfg, 2), "tmdb:x");
	ck_assert_ptr_null(mr_config_section(cfg, 3));
	mr_config_free(cfg);
	rm_tree();
}
END_TEST

/* Debian's inih cuts lines at 200 bytes unless told otherwise. */
START_TEST(test_long_value)
{
	struct mr_config *cfg;
	char token[5001], *text, *path;
	struct mr_err e;
	size_t lens[] = { 300, 1000, 5000 };
	size_t i;

	clean_env();
	for (i = 0; i < MR_ARRAY_LEN(lens); i++) {
		memset(token, 'a' + (int)i, lens[i]);
		token[lens[i]] = '\0';
		token[lens[i] - 1] = 'Z';
		text = xasprintf("[tmdb]\nread_access_token = %s\n"
		    "[http]\ntimeout = 9\n", token);
		cfg = load_ok(text);
		ck_assert_str_eq(mr_config_str(cfg, "tmdb",
		    "read_access_token"), token);
		ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 9);
		mr_config_free(cfg);

		path = write_file("long.ini", text, 0600);
		ck_assert_int_eq(mr_config_load(path, &cfg, &e), MR_OK);
		ck_assert_str_eq(mr_config_str(cfg, "tmdb",
		    "read_access_token"), token);
		ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 9);
		ck_assert_str_eq(mr_config_file(cfg), path);
		mr_config_free(cfg);
		free(path);
		free(text);
	}
	rm_tree();
}
END_TEST

START_TEST(test_long_line_error_line)
{
	struct mr_config *cfg = NULL;
	struct mr_err e;
	char *text, token[1001];

	clean_env();
	memset(token, 'x', 1000);
	token[1000] = '\0';
	text = xasprintf("[tmdb]\nread_access_token = %s\n[http]\n"
	    "timeout = abc\n", token);
	ck_assert_int_eq(mr_config_load_string(text, "t.ini", &cfg, &e),
	    MR_ECONFIG);
	ck_assert_msg(strncmp(e.msg, "t.ini:4: [http] timeout", 23) == 0,
	    "got '%s'", e.msg);
	free(text);
	rm_tree();
}
END_TEST

START_TEST(test_tilde)
{
	struct mr_config *cfg;
	char *want;

	clean_env();
	cfg = load_ok("[database]\npath = ~/x/mr.db\n[log]\nfile = ~/l.log\n"
	    "[http]\nca_file = ~/ca.pem\n[sonarr]\nroot_folder = ~/tv\n"
	    "anime_root_folder = ~/anime\n");
	want = xasprintf("%s/x/mr.db", tmpdir);
	ck_assert_str_eq(mr_config_str(cfg, "database", "path"), want);
	free(want);
	want = xasprintf("%s/l.log", tmpdir);
	ck_assert_str_eq(mr_config_str(cfg, "log", "file"), want);
	free(want);
	want = xasprintf("%s/ca.pem", tmpdir);
	ck_assert_str_eq(mr_config_str(cfg, "http", "ca_file"), want);
	free(want);
	ck_assert_str_eq(mr_config_str(cfg, "sonarr", "root_folder"), "~/tv");
	ck_assert_str_eq(mr_config_str(cfg, "sonarr", "anime_root_folder"),
	    "~/anime");
	mr_config_free(cfg);

	setenv("MR_DATABASE_PATH", "~/env.db", 1);
	cfg = mr_config_new_empty();
	want = xasprintf("%s/env.db", tmpdir);
	ck_assert_str_eq(mr_config_str(cfg, "database", "path"), want);
	free(want);
	mr_config_free(cfg);
	unsetenv("MR_DATABASE_PATH");
	rm_tree();
}
END_TEST

START_TEST(test_env_override)
{
	struct mr_config *cfg;

	clean_env();
	setenv("MR_HTTP_TIMEOUT", "42", 1);
	setenv("MR_TMDB_API_KEY", "envkey", 1);
	setenv("MR_RADARR_4K_URL", "http://env4k", 1);
	setenv("MR_SONARR_ANIME_ROOT_FOLDER", "/anime", 1);
	setenv("MR_SONARR_MONITOR", "PILOT", 1);
	setenv("MR_LIDARR_URL", "", 1);
	setenv("MR_TOP", "/not/a/key", 1);
	cfg = load_ok("[http]\ntimeout = 7\n[tmdb]\napi_key = filekey\n"
	    "[radarr:4k]\nurl = http://file4k\n[lidarr]\nurl = http://l\n");
	ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 42);
	ck_assert_str_eq(mr_config_str(cfg, "tmdb", "api_key"), "envkey");
	ck_assert_str_eq(mr_config_str(cfg, "radarr:4k", "url"),
	    "http://env4k");
	ck_assert_str_eq(mr_config_str(cfg, "sonarr", "anime_root_folder"),
	    "/anime");
	ck_assert_ptr_null(mr_config_str(cfg, "sonarr:anime", "root_folder"));
	ck_assert_str_eq(mr_config_str(cfg, "sonarr", "monitor"), "pilot");
	/* An empty override is unset: the file's value shows through. */
	ck_assert_str_eq(mr_config_str(cfg, "lidarr", "url"), "http://l");
	/* mr_config_set wins over the environment. */
	mr_config_set(cfg, "http", "timeout", "3");
	ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 3);
	mr_config_free(cfg);

	/* Environment only, no file. */
	setenv("MR_RADARR_HD_API_KEY", "hd", 1);
	cfg = mr_config_new_empty();
	ck_assert_int_eq(mr_config_has_section(cfg, "radarr:hd"), 1);
	ck_assert_int_eq(mr_config_has_section(cfg, "radarr:4k"), 1);
	ck_assert_int_eq(mr_config_has_section(cfg, "radarr"), 0);
	ck_assert_int_eq(mr_config_has_section(cfg, "lidarr"), 0);
	ck_assert_int_eq(mr_config_has_section(cfg, "tmdb"), 1);
	ck_assert_int_eq(mr_config_has_section(cfg, "spotify"), 0);
	ck_assert_str_eq(mr_config_str(cfg, "radarr:hd", "api_key"), "hd");
	mr_config_free(cfg);
	rm_tree();
}
END_TEST

static const struct {
	const char *var, *value, *want;
} bad_env[] = {
	{ "MR_HTTP_TIMEOUT", "abc",
	    "MR_HTTP_TIMEOUT: [http] timeout: \"abc\" is not a number from 1 "
	    "to 600" },
	{ "MR_RADARR_4K_URL", "nope", "MR_RADARR_4K_URL: [radarr:4k] url:" },
	{ "MR_SONARR_SEARCH_ON_ADD", "perhaps",
	    "MR_SONARR_SEARCH_ON_ADD: [sonarr] search_on_add:" },
};

START_TEST(test_env_bad)
{
	struct mr_config *cfg = NULL;
	struct mr_err e;

	clean_env();
	setenv(bad_env[_i].var, bad_env[_i].value, 1);
	ck_assert_int_eq(mr_config_load_string("[http]\ntimeout = 5\n",
	    "t.ini", &cfg, &e), MR_ECONFIG);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strncmp(e.msg, bad_env[_i].want,
	    strlen(bad_env[_i].want)) == 0, "got '%s'", e.msg);
	unsetenv(bad_env[_i].var);
	rm_tree();
}
END_TEST

START_TEST(test_instances)
{
	struct mr_config *cfg;

	clean_env();
	cfg = load_ok("[radarr]\nurl = http://hd\napi_key = k1\n"
	    "quality_profile = HD\n[radarr:4k]\nurl = http://uhd\n"
	    "quality_profile = UHD\nroot_folder =\n");
	ck_assert_str_eq(mr_config_str(cfg, "radarr:4k", "url"), "http://uhd");
	ck_assert_str_eq(mr_config_str(cfg, "radarr:4k", "api_key"), "k1");
	ck_assert_str_eq(mr_config_str(cfg, "radarr:4k", "quality_profile"),
	    "UHD");
	ck_assert_str_eq(mr_config_str(cfg, "radarr:4k",
	    "minimum_availability"), "released");
	ck_assert_ptr_null(mr_config_str(cfg, "radarr:4k", "root_folder"));
	ck_assert_int_eq(mr_config_has_section(cfg, "radarr:4k"), 1);
	ck_assert_int_eq(mr_config_has_section(cfg, "radarr:8k"), 0);
	ck_assert_int_eq(mr_config_has_section(cfg, "sonarr"), 0);
	ck_assert_str_eq(mr_config_section(cfg, 0), "radarr");
	ck_assert_str_eq(mr_config_section(cfg, 1), "radarr:4k");
	ck_assert_ptr_null(mr_config_section(cfg, 2));
	ck_assert_ptr_null(mr_config_warning(cfg, 0));
	mr_config_free(cfg);
	rm_tree();
}
END_TEST

/* Permission warning: only a file holding a secret, only o+r. */
static const struct {
	const char *text;
	mode_t mode;
	int warn;
} perms[] = {
	{ "[tmdb]\napi_key = k\n", 0644, 1 },
	{ "[tmdb]\nread_access_token = k\n", 0604, 1 },
	{ "[spotify]\nclient_secret = s\n", 0644, 1 },
	{ "[radarr:4k]\napi_key = k\n", 0644, 1 },
	{ "[tmdb]\napi_key = k\n", 0640, 0 },
	{ "[tmdb]\napi_key = k\n", 0600, 0 },
	{ "[tmdb]\napi_key =\n", 0644, 0 },
	{ "[spotify]\nclient_id = id\n", 0644, 0 },
	{ "[http]\ntimeout = 3\n", 0666, 0 },
};

START_TEST(test_permissions)
{
	struct mr_config *cfg = NULL;
	struct mr_err e;
	const char *w;
	char *path;

	clean_env();
	path = write_file("p.ini", perms[_i].text, perms[_i].mode);
	ck_assert_int_eq(mr_config_load(path, &cfg, &e), MR_OK);
	w = mr_config_warning(cfg, 0);
	if (perms[_i].warn) {
		ck_assert_ptr_nonnull(w);
		ck_assert_ptr_nonnull(strstr(w, "readable by others"));
		ck_assert_ptr_nonnull(strstr(w, path));
		/* Never the secret itself. */
		ck_assert_ptr_null(strstr(w, "= k"));
	} else {
		ck_assert_msg(w == NULL, "unexpected warning: %s", w);
	}
	mr_config_free(cfg);
	free(path);
	rm_tree();
}
END_TEST

START_TEST(test_lookup_order)
{
	struct mr_config *cfg = NULL;
	struct mr_err e;
	char *a, *b, *xdg, *home, *cmd;

	clean_env();
	a = write_file("a.ini", "[http]\ntimeout = 11\n", 0600);
	b = write_file("b.ini", "[http]\ntimeout = 12\n", 0600);
	xdg = xasprintf("%s/xdg/media-route", tmpdir);
	home = xasprintf("%s/.config/media-route", tmpdir);

	/* Nothing anywhere: defaults, no file, no error. */
	ck_assert_int_eq(mr_config_load(NULL, &cfg, &e), MR_OK);
	ck_assert_ptr_null(mr_config_file(cfg));
	ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 20);
	mr_config_free(cfg);

	/* ~/.config/media-route/media-route.ini */
	cmd = xasprintf("mkdir -p '%s' '%s' && printf '[http]\\ntimeout = 13"
	    "\\n' > '%s/media-route.ini' && printf '[http]\\ntimeout = 14\\n'"
	    " > '%s/media-route.ini'", xdg, home, home, xdg);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	ck_assert_int_eq(mr_config_load(NULL, &cfg, &e), MR_OK);
	ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 13);
	mr_config_free(cfg);

	/* $XDG_CONFIG_HOME beats ~/.config */
	cmd = xasprintf("%s/xdg", tmpdir);
	setenv("XDG_CONFIG_HOME", cmd, 1);
	free(cmd);
	ck_assert_int_eq(mr_config_load(NULL, &cfg, &e), MR_OK);
	ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 14);
	mr_config_free(cfg);

	/* $MEDIA_ROUTE_CONFIG beats XDG */
	setenv("MEDIA_ROUTE_CONFIG", b, 1);
	ck_assert_int_eq(mr_config_load(NULL, &cfg, &e), MR_OK);
	ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 12);
	ck_assert_str_eq(mr_config_file(cfg), b);
	mr_config_free(cfg);

	/* -c beats everything */
	ck_assert_int_eq(mr_config_load(a, &cfg, &e), MR_OK);
	ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 11);
	mr_config_free(cfg);

	/* A named file that is missing is an error. */
	ck_assert_int_eq(mr_config_load("/nonexistent/x.ini", &cfg, &e),
	    MR_ECONFIG);
	ck_assert_ptr_null(cfg);
	ck_assert_ptr_nonnull(strstr(e.msg, "/nonexistent/x.ini"));
	setenv("MEDIA_ROUTE_CONFIG", "/nonexistent/y.ini", 1);
	ck_assert_int_eq(mr_config_load(NULL, &cfg, &e), MR_ECONFIG);
	ck_assert_ptr_nonnull(strstr(e.msg, "/nonexistent/y.ini"));
	unsetenv("MEDIA_ROUTE_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	free(a);
	free(b);
	free(xdg);
	free(home);
	rm_tree();
}
END_TEST

static const struct {
	const char *key;
	int secret;
} secrets[] = {
	{ "api_key", 1 }, { "API_KEY", 1 }, { "read_access_token", 1 },
	{ "client_secret", 1 }, { "client_id", 0 }, { "url", 0 },
	{ "base_url", 0 }, { "token_url", 0 }, { "", 0 },
};

START_TEST(test_is_secret)
{
	ck_assert_int_eq(mr_config_is_secret(secrets[_i].key),
	    secrets[_i].secret);
}
END_TEST

static const struct {
	const char *value;
	int want;
} bools[] = {
	{ "true", 1 }, { "YES", 1 }, { "on", 1 }, { "1", 1 },
	{ "false", 0 }, { "No", 0 }, { "off", 0 }, { "0", 0 },
	{ "junk", -1 },
};

START_TEST(test_bool)
{
	struct mr_config *cfg;

	clean_env();
	cfg = mr_config_new_empty();
	mr_config_set(cfg, "arr", "tag_requester", bools[_i].value);
	ck_assert_int_eq(mr_config_bool(cfg, "arr", "tag_requester", -1),
	    bools[_i].want);
	mr_config_free(cfg);
	rm_tree();
}
END_TEST

START_TEST(test_strdup)
{
	struct mr_config *cfg = load_ok("[tmdb]\nbase_url = http://x/3\n"
	    "api_key =\n");
	char *v = mr_config_strdup(cfg, "tmdb", "base_url");

	ck_assert_str_eq(v, "http://x/3");
	free(v);
	/* Empty and unknown are both "unset": NULL, nothing to free. */
	ck_assert_ptr_null(mr_config_strdup(cfg, "tmdb", "api_key"));
	ck_assert_ptr_null(mr_config_strdup(cfg, "nosuch", "key"));
	mr_config_free(cfg);
}
END_TEST

START_TEST(test_set)
{
	struct mr_config *cfg;

	clean_env();
	cfg = load_ok("[http]\ntimeout = 7\n");
	mr_config_set(cfg, "http", "timeout", "8");
	ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 8);
	mr_config_set(cfg, "http", "timeout", "");
	/* Empty means unset: back to the file. */
	ck_assert_int_eq(mr_config_long(cfg, "http", "timeout", 0), 7);
	mr_config_set(cfg, "brand", "new", "x");
	ck_assert_str_eq(mr_config_str(cfg, "brand", "new"), "x");
	ck_assert_int_eq(mr_config_has_section(cfg, "brand"), 1);
	mr_config_set(cfg, "routing", "min_confidence", "0.75");
	ck_assert_double_eq_tol(mr_config_double(cfg, "routing",
	    "min_confidence", 0), 0.75, 1e-9);
	mr_config_free(cfg);
	mr_config_free(NULL);
	rm_tree();
}
END_TEST


/* The example file parses cleanly and shows exactly the defaults. */
START_TEST(test_example)
{
	struct mr_config *cfg = NULL, *dflt;
	struct mr_err e;
	char line[512], section[64] = "", *eq, *k, *v, *end;
	const char *want;
	FILE *fp;
	int nkeys = 0;

	clean_env();
	fp = fopen("media-route.ini.example", "r");
	ck_assert_msg(fp != NULL, "run from the top of the tree");
	ck_assert_int_eq(mr_config_load("media-route.ini.example", &cfg, &e),
	    MR_OK);
	ck_assert_msg(mr_config_warning(cfg, 0) == NULL, "warning: %s",
	    mr_config_warning(cfg, 0));
	dflt = mr_config_new_empty();
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '[') {
			snprintf(section, sizeof(section), "%.*s",
			    (int)strcspn(line + 1, "]"), line + 1);
			continue;
		}
		if (line[0] == ';' || (eq = strchr(line, '=')) == NULL)
			continue;
		k = line;
		*eq = '\0';
		for (end = eq; end > k && end[-1] == ' '; end--)
			end[-1] = '\0';
		for (v = eq + 1; *v == ' '; v++)
			;
		want = mr_config_str(dflt, section, k);
		if (strncmp(v, "~/", 2) == 0 && want != NULL &&
		    strncmp(want, tmpdir, strlen(tmpdir)) == 0 &&
		    strcmp(want + strlen(tmpdir), v + 1) == 0)
			want = v;
		if (*v == '\0')
			ck_assert_msg(want == NULL, "[%s] %s: default %s, "
			    "example empty", section, k, want);
		else
			ck_assert_msg(want != NULL && strcmp(v, want) == 0,
			    "[%s] %s: default %s, example %s", section, k,
			    want, v);
		nkeys++;
	}
	/* Every key of DESIGN.md 3.4 and 7.4 and the rates. */
	ck_assert_int_eq(nkeys, 57);
	fclose(fp);
	mr_config_free(dflt);
	mr_config_free(cfg);
	rm_tree();
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_defaults, 0, MR_ARRAY_LEN(defaults));
	tcase_add_test(tc, test_default_db_path);
	tcase_add_loop_test(tc, test_bad, 0, MR_ARRAY_LEN(bad));
	tcase_add_loop_test(tc, test_good, 0, MR_ARRAY_LEN(good));
	tcase_add_test(tc, test_warnings);
	tcase_add_test(tc, test_long_value);
	tcase_add_test(tc, test_long_line_error_line);
	tcase_add_test(tc, test_tilde);
	tcase_add_test(tc, test_env_override);
	tcase_add_loop_test(tc, test_env_bad, 0, MR_ARRAY_LEN(bad_env));
	tcase_add_test(tc, test_instances);
	tcase_add_loop_test(tc, test_permissions, 0, MR_ARRAY_LEN(perms));
	tcase_add_test(tc, test_lookup_order);
	tcase_add_loop_test(tc, test_is_secret, 0, MR_ARRAY_LEN(secrets));
	tcase_add_loop_test(tc, test_bool, 0, MR_ARRAY_LEN(bools));
	tcase_add_test(tc, test_set);
	tcase_add_test(tc, test_strdup);
	tcase_add_test(tc, test_example);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
