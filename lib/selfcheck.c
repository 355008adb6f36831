/* selfcheck.c: the installation check (see selfcheck.h). */
#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arr.h"
#include "selfcheck.h"
#include "config.h"
#include "db.h"
#include "http.h"

static const char *const level_names[] = { "OK", "WARN", "FAIL" };

void
mr_selfcheck_add(json_t *list, enum mr_selfcheck_level level, const char *what,
    const char *fmt, ...)
{
	va_list ap;
	char *d;

	va_start(ap, fmt);
	d = xvasprintf(fmt, ap);
	va_end(ap);
	json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "level",
	    level_names[level], "what", what, "detail", d));
	free(d);
}

enum mr_selfcheck_level
mr_selfcheck_worst(const json_t *list)
{
	enum mr_selfcheck_level worst = MR_SELFCHECK_OK;
	const json_t *e;
	size_t i, l;

	json_array_foreach(list, i, e) {
		const char *s = json_string_value(json_object_get(e, "level"));

		for (l = 0; l < MR_ARRAY_LEN(level_names); l++)
			if (s != NULL && strcmp(s, level_names[l]) == 0 &&
			    (enum mr_selfcheck_level)l > worst)
				worst = (enum mr_selfcheck_level)l;
	}
	return worst;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
mr_selfcheck_file_has_secret(const char *path)
{
	FILE *f;
	char line[8192];
	int found = 0;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char *k = trim(line), *v, *c;

		if (*k == ';' || *k == '#' || *k == '[' ||
		    (v = strchr(k, '=')) == NULL)
			continue;
		*v++ = '\0';
		/* inih strips " ;" inline comments; so do we. */
		if ((c = strstr(v, " ;")) != NULL || (c = strstr(v, "\t;")))
			*c = '\0';
		k = trim(k);
		v = trim(v);
		if (*v != '\0' && mr_config_is_secret(k))
			found = 1;
	}
	fclose(f);
	return found;
}

void
mr_selfcheck_config(json_t *list, const struct mr_config *cfg)
{
	const char *file = mr_config_file(cfg), *w;
	struct stat sb;
	size_t i;
	int secret, permwarn = 0;

	if (file == NULL) {
		mr_selfcheck_add(list, MR_SELFCHECK_WARN, "config",
		    "no file found; using environment and defaults");
	} else {
		mr_selfcheck_add(list, MR_SELFCHECK_OK, "config", "%s", file);
		secret = mr_selfcheck_file_has_secret(file);
		permwarn = secret == 1 && stat(file, &sb) == 0 &&
		    (sb.st_mode & S_IROTH);
		if (permwarn)
			mr_selfcheck_add(list, MR_SELFCHECK_WARN, "permissions",
			    "%s holds a key and is readable by others "
			    "(mode %04o); run: chmod o-r %s", file,
			    (unsigned)(sb.st_mode & 07777), file);
		else if (stat(file, &sb) == 0)
			mr_selfcheck_add(list, MR_SELFCHECK_OK, "permissions",
			    "mode %04o%s", (unsigned)(sb.st_mode & 07777),
			    secret == 1 ? ", holds keys" : "");
	}
	/* The loader warns about permissions too; say it once. */
	for (i = 0; (w = mr_config_warning(cfg, i)) != NULL; i++)
		if (!permwarn || strstr(w, "readable") == NULL)
			mr_selfcheck_add(list, MR_SELFCHECK_WARN, "config",
			    "%s", w);
}

void
mr_selfcheck_database(json_t *list, const struct mr_config *cfg)
{
	const char *path = mr_config_str(cfg, "database", "path");
	struct mr_db *db = NULL;
	struct mr_err err;
	int v = 0;

	mr_err_clear(&err);
	if (path == NULL || *path == '\0') {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, "database",
		    "[database] path is not set");
		return;
	}
	if (mr_db_open(path, 0, &db, &err) != MR_OK) {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, "database", "%s",
		    err.msg);
		return;
	}
	if (mr_db_version(db, &v, &err) != MR_OK)
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, "database", "%s",
		    err.msg);
	else if (v != mr_db_schema_version())
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, "database",
		    "%s: schema %d, this build knows %d", path, v,
		    mr_db_schema_version());
	else
		mr_selfcheck_add(list, MR_SELFCHECK_OK, "database",
		    "%s (schema %d)", path, v);
	mr_db_close(db);
}

static char *
base64(const char *s)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), i, o = 0;
	char *out = xmalloc(4 * ((n + 2) / 3) + 1);

	for (i = 0; i < n; i += 3) {
		unsigned long v = (unsigned long)(unsigned char)s[i] << 16;

		if (i + 1 < n)
			v |= (unsigned long)(unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? tab[v & 63] : '=';
	}
	out[o] = '\0';
	return out;
}

static int
set(const char *s)
{
	return s != NULL && *s != '\0';
}

static struct mr_http *
http_for(const struct mr_config *cfg)
{
	struct mr_http_opts o;

	memset(&o, 0, sizeof(o));
	o.connect_timeout_ms = mr_config_long(cfg, "http", "connect_timeout",
	    5) * 1000;
	o.timeout_ms = mr_config_long(cfg, "http", "timeout", 20) * 1000;
	o.ca_file = mr_config_str(cfg, "http", "ca_file");
	if (o.ca_file != NULL && *o.ca_file == '\0')
		o.ca_file = NULL;
	o.max_attempts = 2;
	return mr_http_new(&o);
}

/* Judge one ping: expect a 2xx JSON object with member want. */
static void
judge(json_t *list, const char *what, struct mr_http_req *r,
    const char *want, const char *okfmt)
{
	json_t *body = NULL;
	char *url = mr_http_redact_url(r->url);

	if (r->err.rc != MR_OK && r->status == 0) {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, what, "%s",
		    r->err.msg);
	} else if (r->status == 401 || r->status == 403 ||
	    (r->status == 400 && strcmp(what, "spotify") == 0)) {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, what, "HTTP %ld: the "
		    "credentials were refused", r->status);
	} else if (r->status < 200 || r->status > 299) {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, what,
		    "HTTP %ld for %s", r->status, url);
	} else if ((body = json_loadb(r->resp ? r->resp : "", r->resp_len, 0,
	    NULL)) == NULL || json_object_get(body, want) == NULL) {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, what,
		    "HTTP %ld but the answer has no \"%s\": is base_url "
		    "right?", r->status, want);
	} else {
		mr_selfcheck_add(list, MR_SELFCHECK_OK, what, okfmt,
		    r->elapsed_ms);
	}
	json_decref(body);
	free(url);
}

enum { P_TMDB, P_SPOTIFY, P_MB, P_N };

static void
check_upstreams(json_t *list, const struct mr_config *cfg,
    struct mr_http *http)
{
	struct mr_http_req r[P_N];
	struct mr_http_req *run[P_N];
	const char *tbase = mr_config_str(cfg, "tmdb", "base_url");
	const char *tkey = mr_config_str(cfg, "tmdb", "api_key");
	const char *ttok = mr_config_str(cfg, "tmdb", "read_access_token");
	const char *sid = mr_config_str(cfg, "spotify", "client_id");
	const char *ssec = mr_config_str(cfg, "spotify", "client_secret");
	const char *surl = mr_config_str(cfg, "spotify", "token_url");
	const char *mbase = mr_config_str(cfg, "musicbrainz", "base_url");
	const char *ua = mr_config_str(cfg, "musicbrainz", "user_agent");
	char *turl = NULL, *tauth = NULL, *sauth = NULL, *pair = NULL;
	char *b64 = NULL, *murl = NULL, *muah = NULL, *ek = NULL;
	size_t n = 0, i;

	memset(r, 0, sizeof(r));
	if (set(ttok)) {
		turl = xasprintf("%s/configuration", tbase);
		tauth = xasprintf("Authorization: Bearer %s", ttok);
		r[P_TMDB].headers[0] = tauth;
	} else if (set(tkey)) {
		/* TMDb's v3 key may only travel in the URL (DESIGN 3.4). */
		ek = mr_http_escape(tkey);
		turl = xasprintf("%s/configuration?api_key=%s", tbase, ek);
	}
	if (turl != NULL) {
		r[P_TMDB].url = turl;
		r[P_TMDB].headers[tauth ? 1 : 0] = "Accept: application/json";
		run[n++] = &r[P_TMDB];
	} else {
		mr_selfcheck_add(list, MR_SELFCHECK_WARN, "tmdb",
		    "not configured (no api_key or read_access_token): "
		    "films and shows cannot be classified");
	}
	if (set(sid) && set(ssec)) {
		pair = xasprintf("%s:%s", sid, ssec);
		b64 = base64(pair);
		sauth = xasprintf("Authorization: Basic %s", b64);
		r[P_SPOTIFY].method = "POST";
		r[P_SPOTIFY].url = surl;
		r[P_SPOTIFY].headers[0] = sauth;
		r[P_SPOTIFY].headers[1] =
		    "Content-Type: application/x-www-form-urlencoded";
		r[P_SPOTIFY].body = "grant_type=client_credentials";
		r[P_SPOTIFY].body_len = strlen(r[P_SPOTIFY].body);
		r[P_SPOTIFY].no_retry = 1;
		run[n++] = &r[P_SPOTIFY];
	} else if (set(sid) || set(ssec)) {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, "spotify",
		    "%s is set but %s is not",
		    set(sid) ? "client_id" : "client_secret",
		    set(sid) ? "client_secret" : "client_id");
	} else {
		mr_selfcheck_add(list, MR_SELFCHECK_OK, "spotify",
		    "not configured; music is searched on MusicBrainz");
	}
	if (set(mbase)) {
		murl = xasprintf("%s/artist?query=artist%%3Abeatles&limit=1"
		    "&fmt=json", mbase);
		r[P_MB].url = murl;
		if (set(ua)) {
			muah = xasprintf("User-Agent: %s", ua);
			r[P_MB].headers[0] = muah;
		}
		run[n++] = &r[P_MB];
	}
	for (i = 0; i < n; i++)
		mr_http_add(http, run[i]);
	while (mr_http_next(http) != NULL)
		;
	if (turl != NULL)
		judge(list, "tmdb", &r[P_TMDB], "images",
		    "key accepted (/configuration in %.0f ms)");
	if (sauth != NULL)
		judge(list, "spotify", &r[P_SPOTIFY], "access_token",
		    "client credentials accepted (token in %.0f ms)");
	if (murl != NULL) {
		judge(list, "musicbrainz", &r[P_MB], "artists",
		    "search answered in %.0f ms");
		if (!set(ua) || strstr(ua, "admin@example.org") != NULL)
			mr_selfcheck_add(list, MR_SELFCHECK_WARN, "musicbrainz",
			    "user_agent has no contact of yours; MusicBrainz "
			    "asks for one: user_agent = media-route/%s "
			    "( you@your.domain )", MR_VERSION);
	}
	for (i = 0; i < P_N; i++)
		mr_http_req_release(&r[i]);
	free(turl);
	free(tauth);
	free(ek);
	free(pair);
	free(b64);
	free(sauth);
	free(murl);
	free(muah);
}

static void
check_arr(json_t *list, const struct mr_config *cfg, struct mr_http *http,
    const char *sec)
{
	static const char *const what_for[] = { "shows", "films", "music" };
	struct mr_arr *arr = NULL;
	struct mr_arr_status st;
	struct mr_err err;
	const char *key = mr_config_str(cfg, sec, "api_key");
	const char *rf = mr_config_str(cfg, sec, "root_folder");
	const char *qp = mr_config_str(cfg, sec, "quality_profile");
	int kind = mr_arr_kind_parse(sec);

	mr_err_clear(&err);
	if (!set(key) && !mr_config_has_section(cfg, sec)) {
		mr_selfcheck_add(list, MR_SELFCHECK_WARN, sec,
		    "not configured: %s cannot be sent",
		    kind >= 0 ? what_for[kind] : "requests");
		return;
	}
	if (mr_arr_new(cfg, sec, http, &arr, &err) != MR_OK) {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, sec, "%s", err.msg);
		return;
	}
	memset(&st, 0, sizeof(st));
	if (mr_arr_status(arr, &st, &err) != MR_OK) {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, sec, "%s", err.msg);
		goto out;
	}
	mr_selfcheck_add(list, MR_SELFCHECK_OK, sec, "%s %s, key accepted",
	    *st.app_name ? st.app_name : "(no appName)",
	    *st.version ? st.version : "?");
	if (mr_arr_check(arr, &err) != MR_OK) {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, sec, "%s", err.msg);
		goto out;
	}
	mr_selfcheck_add(list, MR_SELFCHECK_OK, sec, "root folder %s, quality "
	    "profile %s", set(rf) ? rf : "(first listed)",
	    set(qp) ? qp : "(first listed)");
out:
	mr_arr_free(arr);
}

void
mr_selfcheck_services(json_t *list, const struct mr_config *cfg)
{
	static const char *const base[] = { "sonarr", "radarr", "lidarr" };
	struct mr_http *http = http_for(cfg);
	const char *s;
	size_t i;

	check_upstreams(list, cfg, http);
	for (i = 0; i < MR_ARRAY_LEN(base); i++)
		check_arr(list, cfg, http, base[i]);
	/* Instances such as [radarr:4k]. */
	for (i = 0; (s = mr_config_section(cfg, i)) != NULL; i++)
		if (strchr(s, ':') != NULL && mr_arr_kind_parse(s) >= 0)
			check_arr(list, cfg, http, s);
	mr_http_free(http);
}
