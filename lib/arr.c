/*
 * arr.c: Sonarr, Radarr and Lidarr clients (see arr.h).  Requests go one
 * at a time through lib/http.h, except the first resolution of folders
 * and profiles, which is one parallel batch.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "arr.h"
#include "arr_internal.h"
#include "config.h"
#include "http.h"
#include "mr.h"

struct mr_arr {
	enum mr_arr_kind kind;
	char *section;
	struct mr_http *http;
	char *base;		/* "http://host:8989/sonarr/api/v3" */
	char *api_prefix;	/* "/api/v3", for messages */
	char *key_hdr;		/* "X-Api-Key: ..." */

	char *root_folder;
	char *quality_profile;
	char *language_profile;
	char *metadata_profile;
	char *series_type;
	char *anime_root_folder;
	char *anime_quality_profile;
	char *monitor;
	char *minimum_availability;
	int search_on_add;
	int monitored;
	int tag_requester;

	int have_status;
	struct mr_arr_status st;
	int resolved;
	char *root_path;
	long qp_id;
	long lp_id;
	long mp_id;
	char *anime_root_path;
	long anime_qp_id;
};

/* What one call brought back, for the callers that look past the rc. */
struct answer {
	long status;
	long retry_after_s;
	json_t *json;		/* parsed body when it parsed, else NULL */
};

static const char *kind_names[] = { "sonarr", "radarr", "lidarr" };

const char *
mr_arr_kind_name(enum mr_arr_kind kind)
{
	if ((size_t)kind < MR_ARRAY_LEN(kind_names))
		return kind_names[kind];
	return "arr";
}

int
mr_arr_kind_parse(const char *name)
{
	size_t i, len;

	if (name == NULL)
		return -1;
	len = strcspn(name, ":");
	for (i = 0; i < MR_ARRAY_LEN(kind_names); i++)
		if (strlen(kind_names[i]) == len &&
		    strncasecmp(name, kind_names[i], len) == 0)
			return (int)i;
	return -1;
}

const char *
mr_arr_outcome_str(enum mr_arr_outcome o)
{
	switch (o) {
	case MR_ARR_ADDED:		return "added";
	case MR_ARR_ALREADY_PRESENT:	return "already_present";
	case MR_ARR_WOULD_ADD:		return "would_add";
	case MR_ARR_FAILED_PERMANENT:	return "failed";
	case MR_ARR_AUTH:		return "auth";
	case MR_ARR_CONFIG:		return "config";
	case MR_ARR_TRANSIENT:		return "transient";
	}
	return "unknown";
}

static const char *app_names[] = { "Sonarr", "Radarr", "Lidarr" };

static char *
dup_or_null(const char *s)
{
	return (s != NULL && *s != '\0') ? xstrdup(s) : NULL;
}

static char *
cfg_str(const struct mr_config *cfg, const char *section, const char *key,
    const char *dflt)
{
	const char *v = mr_config_str(cfg, section, key);

	return dup_or_null(v != NULL && *v != '\0' ? v : dflt);
}

/* "true"/"yes"/"1" and friends; -1 when not a boolean word. */
static int
bool_word(const char *s)
{
	static const char *yes[] = { "true", "yes", "on", "1" };
	static const char *no[] = { "false", "no", "off", "0" };
	size_t i;

	for (i = 0; i < MR_ARRAY_LEN(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

static char *
code_of(const struct mr_arr *arr, const char *what)
{
	return xasprintf("%s.%s", mr_arr_kind_name(arr->kind), what);
}

static enum mr_rc
arr_err(const struct mr_arr *arr, struct mr_err *err, enum mr_rc rc,
    int status, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static enum mr_rc
arr_err(const struct mr_arr *arr, struct mr_err *err, enum mr_rc rc,
    int status, const char *what, const char *fmt, ...)
{
	va_list ap;
	char *code, *msg;

	code = code_of(arr, what);
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	mr_err_set(err, rc, status, code, "%s: %s", arr->section, msg);
	free(msg);
	free(code);
	return rc;
}

enum mr_rc
mr_arr_new(const struct mr_config *cfg, const char *section,
    struct mr_http *http, struct mr_arr **out, struct mr_err *err)
{
	struct mr_arr *arr = NULL;
	const char *url, *key, *mon, *ver;
	size_t len;
	int kind, b;
	enum mr_rc rc = MR_OK;

	*out = NULL;
	kind = mr_arr_kind_parse(section);
	if (kind < 0) {
		rc = mr_err_set(err, MR_ECONFIG, 0, "config.section",
		    "%s: not a sonarr, radarr or lidarr section",
		    section ? section : "(null)");
		goto out;
	}
	arr = xcalloc(1, sizeof(*arr));
	arr->kind = kind;
	arr->section = xstrdup(section);
	arr->http = http;
	url = mr_config_str(cfg, section, "url");
	key = mr_config_str(cfg, section, "api_key");
	if (url == NULL || *url == '\0') {
		rc = arr_err(arr, err, MR_ECONFIG, 0, "config",
		    "url is not set");
		goto out;
	}
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0) {
		rc = arr_err(arr, err, MR_ECONFIG, 0, "config",
		    "url must start with http:// or https://");
		goto out;
	}
	if (key == NULL || *key == '\0') {
		rc = arr_err(arr, err, MR_ECONFIG, 0, "config",
		    "api_key is not set");
		goto out;
	}
	if (strpbrk(key, "\r\n") != NULL) {
		rc = arr_err(arr, err, MR_ECONFIG, 0, "config",
		    "api_key holds a line break");
		goto out;
	}
	len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		len--;
	ver = kind == MR_ARR_LIDARR ? "v1" : "v3";
	arr->api_prefix = xasprintf("/api/%s", ver);
	arr->base = xasprintf("%.*s%s", (int)len, url, arr->api_prefix);
	arr->key_hdr = xasprintf("X-Api-Key: %s", key);

	arr->root_folder = cfg_str(cfg, section, "root_folder", NULL);
	arr->quality_profile = cfg_str(cfg, section, "quality_profile", NULL);
	arr->language_profile = cfg_str(cfg, section, "language_profile",
	    NULL);
	arr->metadata_profile = cfg_str(cfg, section, "metadata_profile",
	    NULL);
	arr->series_type = cfg_str(cfg, section, "series_type", "standard");
	arr->anime_root_folder = cfg_str(cfg, section, "anime_root_folder",
	    NULL);
	arr->anime_quality_profile = cfg_str(cfg, section,
	    "anime_quality_profile", NULL);
	arr->minimum_availability = cfg_str(cfg, section,
	    "minimum_availability", "released");
	arr->search_on_add = mr_config_bool(cfg, section, "search_on_add", 1);
	arr->tag_requester = mr_config_bool(cfg, section, "tag_requester", 0);
	arr->monitored = 1;
	mon = mr_config_str(cfg, section, "monitor");
	if (kind == MR_ARR_RADARR) {
		/* Radarr's monitor is a boolean or an addOptions.monitor. */
		if (mon == NULL || *mon == '\0' || (b = bool_word(mon)) == 1) {
			arr->monitor = xstrdup("movieOnly");
		} else if (b == 0) {
			arr->monitor = xstrdup("none");
			arr->monitored = 0;
		} else {
			arr->monitor = xstrdup(mon);
			arr->monitored = strcasecmp(mon, "none") != 0;
		}
	} else {
		arr->monitor = cfg_str(cfg, section, "monitor", "all");
	}
	*out = arr;
	arr = NULL;
out:
	mr_arr_free(arr);
	return rc;
}

void
mr_arr_free(struct mr_arr *arr)
{
	if (arr == NULL)
		return;
	free(arr->section);
	free(arr->base);
	free(arr->api_prefix);
	if (arr->key_hdr != NULL) {
		/* The key must not linger in freed memory. */
		memset(arr->key_hdr, 0, strlen(arr->key_hdr));
		free(arr->key_hdr);
	}
	free(arr->root_folder);
	free(arr->quality_profile);
	free(arr->language_profile);
	free(arr->metadata_profile);
	free(arr->series_type);
	free(arr->anime_root_folder);
	free(arr->anime_quality_profile);
	free(arr->monitor);
	free(arr->minimum_availability);
	free(arr->root_path);
	free(arr->anime_root_path);
	free(arr);
}

enum mr_arr_kind
mr_arr_kind(const struct mr_arr *arr)
{
	return arr->kind;
}

const char *
mr_arr_section(const struct mr_arr *arr)
{
	return arr->section;
}

/* ---- requests ---------------------------------------------------- */

static void
req_setup(struct mr_arr *arr, struct mr_http_req *r, const char *method,
    char *url, const char *body)
{
	size_t h = 0;

	memset(r, 0, sizeof(*r));
	r->method = method;
	r->url = url;
	r->label = arr->section;
	r->headers[h++] = arr->key_hdr;
	r->headers[h++] = "Accept: application/json";
	if (body != NULL) {
		r->headers[h++] = "Content-Type: application/json";
		r->body = body;
		r->body_len = strlen(body);
	}
	r->headers[h] = NULL;
	r->cache_mode = MR_CACHE_OFF;
}

/* The path part of a URL after the base, for messages ("/api/v3/x"). */
static const char *
msg_path(const struct mr_arr *arr, const char *url)
{
	size_t n = strlen(arr->base) - strlen(arr->api_prefix);

	return strlen(url) >= n ? url + n : url;
}

/*
 * Turn an ended request into an rc and an answer.  2xx: MR_OK with the
 * parsed body (MR_EPARSE when a body does not parse).  Errors fill err;
 * the answer's json still holds a parsed error body.
 */
static enum mr_rc
finish(struct mr_arr *arr, struct mr_http_req *r, struct answer *a,
    struct mr_err *err)
{
	json_error_t jerr;
	char reason[512];
	const char *path = msg_path(arr, r->url);
	enum mr_rc rc = MR_OK;

	a->status = r->status;
	a->retry_after_s = r->retry_after_s;
	a->json = NULL;
	if (r->err.rc != MR_OK) {
		/* No usable answer: transport error, body over its cap... */
		rc = arr_err(arr, err, r->err.rc, (int)r->status,
		    mr_rc_str(r->err.rc),
		    "%s %s: %s", r->method ? r->method : "GET", path,
		    r->err.msg[0] ? r->err.msg : mr_rc_str(r->err.rc));
		goto out;
	}
	if (r->resp != NULL && r->resp_len > 0)
		a->json = json_loadb(r->resp, r->resp_len, JSON_DECODE_ANY,
		    &jerr);
	if (r->status >= 200 && r->status < 300) {
		if (a->json == NULL && r->resp_len > 0)
			rc = arr_err(arr, err, MR_EPARSE, (int)r->status,
			    "parse", "%s: answer is not JSON: %s", path,
			    jerr.text);
		goto out;
	}
	mr_arr_reason(a->json, r->resp, reason, sizeof(reason));
	if (r->status == 401 || r->status == 403)
		rc = arr_err(arr, err, MR_EAUTH, (int)r->status, "auth",
		    "HTTP %ld for %s: check api_key", r->status, path);
	else if (r->status == 429)
		rc = arr_err(arr, err, MR_ERATE, (int)r->status, "http",
		    "HTTP 429 for %s", path);
	else if (r->status >= 500)
		/* Down or failing upstream: transient. */
		rc = arr_err(arr, err, MR_EUNAVAIL, (int)r->status, "http",
		    "HTTP %ld for %s%s%s", r->status, path,
		    reason[0] ? ": " : "", reason);
	else
		rc = arr_err(arr, err, MR_EHTTP, (int)r->status, "http",
		    "HTTP %ld for %s%s%s", r->status, path,
		    reason[0] ? ": " : "", reason);
out:
	return rc;
}

static void
answer_release(struct answer *a)
{
	json_decref(a->json);
	a->json = NULL;
}

/*
 * One request: method on base + "/" + path, body (may be NULL) sent as
 * JSON; no_retry asks lib/http for a single attempt.  See finish().
 */
static enum mr_rc
call_once(struct mr_arr *arr, const char *method, const char *path,
    const json_t *body, int no_retry, struct answer *a, struct mr_err *err)
{
	struct mr_http_req r;
	char *url = NULL, *text = NULL;
	enum mr_rc rc;

	url = xasprintf("%s/%s", arr->base, path);
	if (body != NULL)
		text = json_dumps(body, JSON_COMPACT);
	req_setup(arr, &r, method, url, text);
	r.no_retry = no_retry;
	rc = mr_http_run(arr->http, &r, 1);
	if (rc != MR_OK) {
		a->status = 0;
		a->retry_after_s = -1;
		a->json = NULL;
		rc = arr_err(arr, err, rc, 0, "net", "%s %s: cannot run",
		    method, path);
		goto out;
	}
	rc = finish(arr, &r, a, err);
out:
	mr_http_req_release(&r);
	free(text);
	free(url);
	return rc;
}

static enum mr_rc
call(struct mr_arr *arr, const char *method, const char *path,
    const json_t *body, struct answer *a, struct mr_err *err)
{
	return call_once(arr, method, path, body, 0, a, err);
}

/* Radarr's answer to an unknown TMDb id: 404, or 500 "... not found". */
static int
radarr_not_found(const struct answer *a)
{
	const char *m;

	if (a->status == 404)
		return 1;
	m = json_string_value(json_object_get(a->json, "message"));
	return a->status == 500 && m != NULL && strstr(m, "not found") != NULL;
}

/* ---- status and resolution --------------------------------------- */

static enum mr_rc
take_status(struct mr_arr *arr, const json_t *j, struct mr_err *err)
{
	const char *app, *ver;
	enum mr_rc rc = MR_OK;

	if (!json_is_object(j) || !json_is_string(json_object_get(j,
	    "version"))) {
		rc = arr_err(arr, err, MR_ECONFIG, 0, "config",
		    "%s/system/status does not answer like %s: check url",
		    arr->api_prefix, app_names[arr->kind]);
		goto out;
	}
	app = json_string_value(json_object_get(j, "appName"));
	ver = json_string_value(json_object_get(j, "version"));
	/* Old builds have no appName; then the URL cannot be checked. */
	if (app != NULL && strcasecmp(app, app_names[arr->kind]) != 0) {
		rc = arr_err(arr, err, MR_ECONFIG, 0, "config",
		    "url answers as %s, not %s: check url", app,
		    app_names[arr->kind]);
		goto out;
	}
	snprintf(arr->st.app_name, sizeof(arr->st.app_name), "%s",
	    app ? app : "");
	snprintf(arr->st.version, sizeof(arr->st.version), "%s", ver);
	arr->st.major = mr_arr_version_major(ver);
	arr->have_status = 1;
out:
	return rc;
}

/* A 404 on a fixed endpoint means the URL does not lead to the API. */
static enum mr_rc
config_if_404(struct mr_arr *arr, enum mr_rc rc, const struct answer *a,
    struct mr_err *err)
{
	if (rc == MR_EHTTP && a->status == 404)
		rc = arr_err(arr, err, MR_ECONFIG, 404, "config",
		    "HTTP 404 for %s/system/status: url does not lead to "
		    "the %s API", arr->api_prefix, app_names[arr->kind]);
	return rc;
}

enum mr_rc
mr_arr_status(struct mr_arr *arr, struct mr_arr_status *st,
    struct mr_err *err)
{
	struct answer a = { 0, -1, NULL };
	enum mr_rc rc = MR_OK;

	if (!arr->have_status) {
		rc = call(arr, "GET", "system/status", NULL, &a, err);
		rc = config_if_404(arr, rc, &a, err);
		if (rc == MR_EPARSE)
			rc = arr_err(arr, err, MR_ECONFIG, a.status, "config",
			    "%s/system/status is not JSON: check url",
			    arr->api_prefix);
		if (rc == MR_OK)
			rc = take_status(arr, a.json, err);
	}
	if (rc == MR_OK && st != NULL)
		*st = arr->st;
	answer_release(&a);
	return rc;
}

/* "Any (1), HD-1080p (4)" for messages. */
static char *
list_names(const json_t *list, int is_path)
{
	char *s = xstrdup(""), *t;
	const json_t *it;
	size_t i;

	json_array_foreach(list, i, it) {
		if (is_path)
			t = xasprintf("%s%s%s", s, i ? ", " : "",
			    json_string_value(json_object_get(it, "path")));
		else
			t = xasprintf("%s%s%s (%lld)", s, i ? ", " : "",
			    json_string_value(json_object_get(it, "name")),
			    (long long)json_integer_value(
			    json_object_get(it, "id")));
		free(s);
		s = t;
		if (strlen(s) > 300)
			break;
	}
	return s;
}

/*
 * The item of list named by want (a name or id; a path when by_path), or
 * the first when want is empty; MR_ECONFIG naming what the service has
 * when nothing fits.
 */
static enum mr_rc
pick(struct mr_arr *arr, const json_t *list, const char *want,
    const char *key, int by_path, const json_t **out, struct mr_err *err)
{
	char *names;
	enum mr_rc rc = MR_OK;

	*out = mr_arr_pick(list, want, by_path);
	if (*out != NULL)
		return MR_OK;
	names = list_names(list, by_path);
	if (want == NULL || *want == '\0')
		rc = arr_err(arr, err, MR_ECONFIG, 0, "config",
		    "%s: the service lists %s", key,
		    by_path ? "no root folder" : "none");
	else
		rc = arr_err(arr, err, MR_ECONFIG, 0, "config",
		    "%s '%s' does not exist (have: %s)", key, want, names);
	free(names);
	return rc;
}

static enum mr_rc
pick_id(struct mr_arr *arr, const json_t *list, const char *want,
    const char *key, long *id, struct mr_err *err)
{
	const json_t *it;
	enum mr_rc rc = pick(arr, list, want, key, 0, &it, err);

	if (rc == MR_OK)
		*id = (long)json_integer_value(json_object_get(it, "id"));
	return rc;
}

static enum mr_rc
pick_path(struct mr_arr *arr, const json_t *list, const char *want,
    const char *key, char **path, struct mr_err *err)
{
	const json_t *it;
	enum mr_rc rc = pick(arr, list, want, key, 1, &it, err);

	if (rc == MR_OK) {
		free(*path);
		*path = xstrdup(json_string_value(json_object_get(it,
		    "path")));
	}
	return rc;
}

enum {
	B_STATUS, B_ROOT, B_QP, B_EXTRA, B_N
};

/*
 * Status, root folders and profiles in one parallel batch; names to ids.
 * The first failure (in batch order) wins, so a 401 on every request is
 * reported once.
 */
static enum mr_rc
resolve(struct mr_arr *arr, struct mr_err *err)
{
	static const char *paths[B_N] = { "system/status", "rootfolder",
	    "qualityprofile", NULL };
	struct mr_http_req r[B_N];
	struct answer a[B_N];
	char *urls[B_N] = { NULL };
	struct mr_err *e;
	size_t i, n = B_EXTRA;
	const char *extra = NULL;
	enum mr_rc rc = MR_OK, rci;

	memset(a, 0, sizeof(a));
	memset(r, 0, sizeof(r));
	if (arr->resolved) {
		n = 0;
		goto out;
	}
	if (arr->kind == MR_ARR_SONARR)
		extra = "languageprofile";
	else if (arr->kind == MR_ARR_LIDARR)
		extra = "metadataprofile";
	if (extra != NULL)
		n++;
	for (i = 0; i < n; i++) {
		urls[i] = xasprintf("%s/%s", arr->base,
		    i == B_EXTRA ? extra : paths[i]);
		req_setup(arr, &r[i], "GET", urls[i], NULL);
	}
	rc = mr_http_run(arr->http, r, n);
	if (rc != MR_OK) {
		rc = arr_err(arr, err, rc, 0, "net", "cannot run requests");
		goto out;
	}
	for (i = 0; i < n; i++) {
		e = rc == MR_OK ? err : NULL;
		rci = finish(arr, &r[i], &a[i], e);
		if (i == B_STATUS) {
			rci = config_if_404(arr, rci, &a[i], e);
			if (rci == MR_EPARSE)
				rci = arr_err(arr, e, MR_ECONFIG, 0,
				    "config", "%s/system/status is not JSON: "
				    "check url", arr->api_prefix);
			if (rci == MR_OK)
				rci = take_status(arr, a[i].json, e);
		} else if (rci == MR_OK && !json_is_array(a[i].json)) {
			rci = arr_err(arr, e, MR_EPARSE, (int)a[i].status,
			    "parse", "%s/%s: not an array", arr->api_prefix,
			    i == B_EXTRA ? extra : paths[i]);
		}
		if (rc == MR_OK)
			rc = rci;
	}
	if (rc != MR_OK)
		goto out;
	rc = pick_path(arr, a[B_ROOT].json, arr->root_folder, "root_folder",
	    &arr->root_path, err);
	if (rc == MR_OK)
		rc = pick_id(arr, a[B_QP].json, arr->quality_profile,
		    "quality_profile", &arr->qp_id, err);
	if (rc == MR_OK && arr->kind == MR_ARR_SONARR)
		rc = pick_id(arr, a[B_EXTRA].json, arr->language_profile,
		    "language_profile", &arr->lp_id, err);
	if (rc == MR_OK && arr->kind == MR_ARR_LIDARR)
		rc = pick_id(arr, a[B_EXTRA].json, arr->metadata_profile,
		    "metadata_profile", &arr->mp_id, err);
	if (rc == MR_OK && arr->kind == MR_ARR_SONARR) {
		arr->anime_qp_id = arr->qp_id;
		free(arr->anime_root_path);
		arr->anime_root_path = xstrdup(arr->root_path);
		if (arr->anime_root_folder != NULL)
			rc = pick_path(arr, a[B_ROOT].json,
			    arr->anime_root_folder, "anime_root_folder",
			    &arr->anime_root_path, err);
		if (rc == MR_OK && arr->anime_quality_profile != NULL)
			rc = pick_id(arr, a[B_QP].json,
			    arr->anime_quality_profile,
			    "anime_quality_profile", &arr->anime_qp_id, err);
	}
	if (rc == MR_OK)
		arr->resolved = 1;
out:
	for (i = 0; i < n; i++) {
		answer_release(&a[i]);
		mr_http_req_release(&r[i]);
		free(urls[i]);
	}
	return rc;
}

enum mr_rc
mr_arr_check(struct mr_arr *arr, struct mr_err *err)
{
	return resolve(arr, err);
}

/* ---- lookups ----------------------------------------------------- */

static enum mr_rc
parse_id(struct mr_arr *arr, const char *s, long *id, struct mr_err *err)
{
	const char *what = arr->kind == MR_ARR_SONARR ? "TVDB" : "TMDb";

	if (s == NULL || mr_parse_long(s, 1, 2147483647L, id) != 0)
		return arr_err(arr, err, MR_EINVAL, 0, "id",
		    "'%s' is not a %s id", s ? s : "", what);
	return MR_OK;
}

static enum mr_rc
check_mbid(struct mr_arr *arr, const char *s, const char *what,
    struct mr_err *err)
{
	if (!mr_arr_is_mbid(s))
		return arr_err(arr, err, MR_EINVAL, 0, "id",
		    "'%s' is not a MusicBrainz %s id", s ? s : "", what);
	return MR_OK;
}

/* The array item whose key equals want (number or string, any case). */
static json_t *
find_item(const json_t *list, const char *key, const char *want)
{
	json_t *it, *v;
	size_t i;
	long n;

	json_array_foreach(list, i, it) {
		v = json_object_get(it, key);
		if (json_is_string(v) &&
		    strcasecmp(json_string_value(v), want) == 0)
			return it;
		if (json_is_integer(v) &&
		    mr_parse_long(want, 0, 2147483647L, &n) == 0 &&
		    json_integer_value(v) == n)
			return it;
	}
	return NULL;
}

enum mr_rc
mr_arr_lookup_term(struct mr_arr *arr, const char *term, json_t **out,
    struct mr_err *err)
{
	static const char *ep[] = { "series/lookup", "movie/lookup",
	    "artist/lookup" };
	struct answer a = { 0, -1, NULL };
	char *q = NULL, *path = NULL;
	enum mr_rc rc;

	*out = NULL;
	if (term == NULL || *term == '\0') {
		rc = arr_err(arr, err, MR_EINVAL, 0, "term", "empty lookup");
		goto out;
	}
	q = mr_http_escape(term);
	path = xasprintf("%s?term=%s", ep[arr->kind], q);
	rc = call(arr, "GET", path, NULL, &a, err);
	if (rc == MR_OK && !json_is_array(a.json))
		rc = arr_err(arr, err, MR_EPARSE, (int)a.status, "parse",
		    "%s: not an array", ep[arr->kind]);
	if (rc == MR_OK) {
		*out = a.json;
		a.json = NULL;
	}
out:
	answer_release(&a);
	free(path);
	free(q);
	return rc;
}

/* Lookup with an answer kept, so callers see the status. */
static enum mr_rc
lookup(struct mr_arr *arr, const char *xid, json_t **out, struct answer *ai,
    struct mr_err *err)
{
	struct answer a = { 0, -1, NULL };
	char *path = NULL;
	const char *key = NULL;
	json_t *it;
	long id = 0;
	enum mr_rc rc;

	*out = NULL;
	if (arr->kind == MR_ARR_LIDARR)
		rc = check_mbid(arr, xid, "artist", err);
	else
		rc = parse_id(arr, xid, &id, err);
	if (rc != MR_OK)
		goto out;
	switch (arr->kind) {
	case MR_ARR_SONARR:
		path = xasprintf("series/lookup?term=tvdb:%ld", id);
		key = "tvdbId";
		break;
	case MR_ARR_RADARR:
		path = xasprintf("movie/lookup/tmdb?tmdbId=%ld", id);
		key = "tmdbId";
		break;
	case MR_ARR_LIDARR:
		path = xasprintf("artist/lookup?term=lidarr:%s", xid);
		key = "foreignArtistId";
		break;
	}
	if (arr->kind == MR_ARR_RADARR) {
		/*
		 * Radarr answers an unknown TMDb id with a 500, which must
		 * not be retried; other failures are, by a second call.
		 */
		rc = call_once(arr, "GET", path, NULL, 1, &a, err);
		if (rc != MR_OK && !radarr_not_found(&a)) {
			answer_release(&a);
			rc = call(arr, "GET", path, NULL, &a, err);
		}
	} else {
		rc = call(arr, "GET", path, NULL, &a, err);
	}
	if (arr->kind == MR_ARR_RADARR && radarr_not_found(&a)) {
		rc = MR_ENOTFOUND;
	} else if (rc == MR_OK && arr->kind == MR_ARR_RADARR) {
		if (json_is_object(a.json) &&
		    json_integer_value(json_object_get(a.json, key)) == id)
			*out = json_incref(a.json);
		else
			rc = MR_ENOTFOUND;
	} else if (rc == MR_OK) {
		it = json_is_array(a.json) ? find_item(a.json, key, xid) : NULL;
		if (it != NULL)
			*out = json_incref(it);
		else
			rc = MR_ENOTFOUND;
	}
	if (rc == MR_ENOTFOUND)
		rc = arr_err(arr, err, MR_ENOTFOUND, (int)a.status, "notfound",
		    "lookup finds no %s %s",
		    arr->kind == MR_ARR_SONARR ? "series with TVDB id" :
		    arr->kind == MR_ARR_RADARR ? "movie with TMDb id" :
		    "artist with MusicBrainz id", xid);
out:
	if (ai != NULL) {
		ai->status = a.status;
		ai->retry_after_s = a.retry_after_s;
	}
	answer_release(&a);
	free(path);
	return rc;
}

enum mr_rc
mr_arr_lookup(struct mr_arr *arr, const char *external_id, json_t **out,
    struct mr_err *err)
{
	return lookup(arr, external_id, out, NULL, err);
}

/*
 * Existence check; *obj (may be NULL) gets the library object.
 */
static enum mr_rc
exists(struct mr_arr *arr, const char *xid, long *id, json_t **obj,
    struct answer *ai, struct mr_err *err)
{
	struct answer a = { 0, -1, NULL };
	char *path = NULL;
	json_t *it;
	long n = 0;
	enum mr_rc rc;

	*id = 0;
	if (obj != NULL)
		*obj = NULL;
	if (arr->kind == MR_ARR_LIDARR)
		rc = check_mbid(arr, xid, "artist", err);
	else
		rc = parse_id(arr, xid, &n, err);
	if (rc != MR_OK)
		goto out;
	switch (arr->kind) {
	case MR_ARR_SONARR:
		path = xasprintf("series?tvdbId=%ld", n);
		break;
	case MR_ARR_RADARR:
		path = xasprintf("movie?tmdbId=%ld", n);
		break;
	case MR_ARR_LIDARR:
		path = xasprintf("artist?mbId=%s", xid);
		break;
	}
	rc = call(arr, "GET", path, NULL, &a, err);
	if (rc != MR_OK)
		goto out;
	it = json_is_array(a.json) ? json_array_get(a.json, 0) : NULL;
	if (it == NULL || json_integer_value(json_object_get(it, "id")) <= 0) {
		rc = MR_ENOTFOUND;
		goto out;
	}
	*id = (long)json_integer_value(json_object_get(it, "id"));
	if (obj != NULL)
		*obj = json_incref(it);
out:
	if (ai != NULL) {
		ai->status = a.status;
		ai->retry_after_s = a.retry_after_s;
	}
	answer_release(&a);
	free(path);
	return rc;
}

enum mr_rc
mr_arr_exists(struct mr_arr *arr, const char *external_id, long *id,
    struct mr_err *err)
{
	return exists(arr, external_id, id, NULL, NULL, err);
}

/* ---- add --------------------------------------------------------- */

static void
opts_for(const struct mr_arr *arr, const struct mr_arr_add_req *req,
    struct mr_arr_addopts *o)
{
	memset(o, 0, sizeof(*o));
	o->kind = arr->kind;
	o->sonarr_major = arr->st.major;
	o->root_path = arr->root_path;
	o->quality_profile_id = arr->qp_id;
	o->language_profile_id = arr->lp_id;
	o->metadata_profile_id = arr->mp_id;
	o->series_type = arr->series_type;
	o->monitor = arr->monitor;
	o->monitored = arr->monitored;
	o->search = arr->search_on_add;
	o->minimum_availability = arr->minimum_availability;
	if (arr->kind == MR_ARR_SONARR && req->is_anime) {
		o->series_type = "anime";
		o->root_path = arr->anime_root_path;
		o->quality_profile_id = arr->anime_qp_id;
	}
}

/* Find or create the requester's tag; *tag_id 0 when there is none. */
static enum mr_rc
requester_tag(struct mr_arr *arr, const char *who, long *tag_id,
    struct mr_err *err)
{
	struct answer a = { 0, -1, NULL };
	char label[64];
	const json_t *it;
	json_t *body = NULL;
	size_t i;
	enum mr_rc rc = MR_OK;

	*tag_id = 0;
	if (!arr->tag_requester || who == NULL)
		goto out;
	mr_arr_tag_label(who, label, sizeof(label));
	if (label[0] == '\0')
		goto out;
	rc = call(arr, "GET", "tag", NULL, &a, err);
	if (rc != MR_OK)
		goto out;
	json_array_foreach(a.json, i, it) {
		const char *l = json_string_value(json_object_get(it, "label"));

		if (l != NULL && strcasecmp(l, label) == 0) {
			*tag_id = (long)json_integer_value(
			    json_object_get(it, "id"));
			goto out;
		}
	}
	answer_release(&a);
	body = json_pack("{s:s}", "label", label);
	rc = call(arr, "POST", "tag", body, &a, err);
	if (rc == MR_OK)
		*tag_id = (long)json_integer_value(json_object_get(a.json,
		    "id"));
out:
	json_decref(body);
	answer_release(&a);
	return rc;
}

/*
 * After a POST that adds: a 2xx answer that is not the added item
 * (truncated, empty, another shape, e.g. from a proxy) proves neither
 * that the add happened nor that it did not.  Transient: the next
 * attempt's lookup decides, so nothing is lost and nothing added twice.
 */
static enum mr_rc
add_confirmed(struct mr_arr *arr, enum mr_rc rc, const struct answer *a,
    const char *path, struct mr_err *err)
{
	if (rc == MR_EPARSE || (rc == MR_OK &&
	    json_integer_value(json_object_get(a->json, "id")) <= 0))
		rc = arr_err(arr, err, MR_ENET, (int)a->status, "unconfirmed",
		    "POST %s: HTTP %ld but the answer is not the added item; "
		    "the next attempt looks again", path, a->status);
	return rc;
}

static enum mr_arr_outcome
outcome_of(enum mr_rc rc, long status)
{
	switch (rc) {
	case MR_OK:
		return MR_ARR_ADDED;
	case MR_EAUTH:
		return MR_ARR_AUTH;
	case MR_ECONFIG:
		return MR_ARR_CONFIG;
	case MR_ENET:
	case MR_ETIMEOUT:
	case MR_ERATE:
	case MR_EUNAVAIL:
		return MR_ARR_TRANSIENT;
	case MR_EHTTP:
		if (status == 429 || status >= 500)
			return MR_ARR_TRANSIENT;
		return MR_ARR_FAILED_PERMANENT;
	default:
		return MR_ARR_FAILED_PERMANENT;
	}
}

static void
set_title(struct mr_arr_result *res, const json_t *obj)
{
	const char *t;

	t = json_string_value(json_object_get(obj, "title"));
	if (t == NULL)
		t = json_string_value(json_object_get(obj, "artistName"));
	if (t != NULL)
		snprintf(res->title, sizeof(res->title), "%s", t);
}

static const char *add_paths[] = { "series", "movie", "artist" };

/*
 * Start a search (POST command; takes cmd).  Monitoring an item that is
 * present triggers no search by itself.  A failure here does not undo
 * what was applied, so it is not reported.
 */
static void
search_command(struct mr_arr *arr, json_t *cmd)
{
	struct answer a = { 0, -1, NULL };

	(void)call(arr, "POST", "command", cmd, &a, NULL);
	answer_release(&a);
	json_decref(cmd);
}

/* Was season n monitored in this series object? */
static int
season_was_monitored(const json_t *series, int n)
{
	const json_t *it;
	size_t i;

	json_array_foreach(json_object_get(series, "seasons"), i, it)
		if (json_integer_value(json_object_get(it, "seasonNumber")) ==
		    n)
			return json_is_true(json_object_get(it, "monitored"));
	return 0;
}

/*
 * Sonarr: an existing series gets the requested seasons monitored by a
 * PUT of the whole series object.
 */
static enum mr_rc
apply_present(struct mr_arr *arr, const struct mr_arr_add_req *req,
    json_t *obj, struct answer *ai, struct mr_err *err)
{
	struct answer a = { 0, -1, NULL };
	char *path = NULL;
	json_t *body = NULL;
	size_t i;
	int changed;
	enum mr_rc rc = MR_OK;

	if (arr->kind != MR_ARR_SONARR || req->nseasons == 0 ||
	    obj == NULL || req->dry_run)
		goto out;
	body = json_deep_copy(obj);
	changed = mr_arr_apply_seasons(body, req->seasons, req->nseasons, 0);
	if (!json_is_true(json_object_get(body, "monitored"))) {
		json_object_set_new(body, "monitored", json_true());
		changed++;
	}
	if (changed == 0)
		goto out;
	path = xasprintf("series/%lld",
	    (long long)json_integer_value(json_object_get(obj, "id")));
	rc = call(arr, "PUT", path, body, &a, err);
	ai->status = a.status;
	ai->retry_after_s = a.retry_after_s;
	if (rc != MR_OK || !arr->search_on_add)
		goto out;
	for (i = 0; i < req->nseasons; i++)
		if (!season_was_monitored(obj, req->seasons[i]))
			search_command(arr, json_pack("{s:s,s:O,s:i}", "name",
			    "SeasonSearch", "seriesId",
			    json_object_get(obj, "id"), "seasonNumber",
			    req->seasons[i]));
out:
	answer_release(&a);
	json_decref(body);
	free(path);
	return rc;
}

/* Series, movie or artist. */
static enum mr_rc
add_item(struct mr_arr *arr, const struct mr_arr_add_req *req,
    struct mr_arr_result *res, struct answer *ai, struct mr_err *err)
{
	struct mr_arr_addopts o;
	struct answer a = { 0, -1, NULL };
	json_t *obj = NULL, *look = NULL, *body = NULL;
	long id = 0;
	enum mr_rc rc;

	rc = exists(arr, req->external_id, &id, &obj, ai, err);
	if (rc == MR_OK)
		goto present;
	if (rc != MR_ENOTFOUND)
		goto out;
	rc = lookup(arr, req->external_id, &look, ai, err);
	if (rc != MR_OK)
		goto out;
	set_title(res, look);
	id = (long)json_integer_value(json_object_get(look, "id"));
	if (id > 0) {
		obj = json_incref(look);
		goto present;
	}
	if (req->dry_run) {
		res->outcome = MR_ARR_WOULD_ADD;
		goto out;
	}
	opts_for(arr, req, &o);
	/* A tag is a nicety: the add goes on without one. */
	if (requester_tag(arr, req->requested_by, &o.tag_id, NULL) != MR_OK)
		o.tag_id = 0;
	body = mr_arr_build_add_body(look, &o, req->seasons, req->nseasons);
	rc = call(arr, "POST", add_paths[arr->kind], body, &a, err);
	rc = add_confirmed(arr, rc, &a, add_paths[arr->kind], err);
	ai->status = a.status;
	ai->retry_after_s = a.retry_after_s;
	if (rc == MR_OK) {
		res->id = (long)json_integer_value(json_object_get(a.json,
		    "id"));
		set_title(res, a.json);
		res->outcome = MR_ARR_ADDED;
		goto out;
	}
	if (!(a.status == 400 && mr_arr_already_added(a.json)))
		goto out;
	/* Added meanwhile (another worker, or a retried POST). */
	rc = exists(arr, req->external_id, &id, &obj, ai, err);
	if (rc == MR_ENOTFOUND) {
		rc = arr_err(arr, err, MR_EHTTP, 400, "http",
		    "says already added, but the %s lookup finds nothing",
		    add_paths[arr->kind]);
		goto out;
	}
	if (rc != MR_OK)
		goto out;
present:
	res->id = id;
	if (obj != NULL)
		set_title(res, obj);
	res->outcome = MR_ARR_ALREADY_PRESENT;
	rc = apply_present(arr, req, obj, ai, err);
out:
	answer_release(&a);
	json_decref(body);
	json_decref(look);
	json_decref(obj);
	return rc;
}

/* Lidarr: monitor one album (world README, "Monitoring one album"). */
static enum mr_rc
add_album(struct mr_arr *arr, const struct mr_arr_add_req *req,
    struct mr_arr_result *res, struct answer *ai, struct mr_err *err)
{
	struct mr_arr_addopts o;
	struct answer a = { 0, -1, NULL };
	json_t *list = NULL, *album, *artist, *body = NULL;
	char *path = NULL;
	long album_id, artist_id;
	int tries = 0;
	enum mr_rc rc;

	rc = check_mbid(arr, req->album_id, "release-group", err);
	if (rc != MR_OK)
		goto out;
again:
	path = xasprintf("album/lookup?term=lidarr:%s", req->album_id);
	rc = call(arr, "GET", path, NULL, &a, err);
	ai->status = a.status;
	ai->retry_after_s = a.retry_after_s;
	if (rc != MR_OK)
		goto out;
	list = a.json;
	a.json = NULL;
	album = json_is_array(list) ?
	    find_item(list, "foreignAlbumId", req->album_id) : NULL;
	if (album == NULL) {
		rc = arr_err(arr, err, MR_ENOTFOUND, (int)ai->status,
		    "notfound", "lookup finds no album with MusicBrainz "
		    "release-group id %s", req->album_id);
		goto out;
	}
	set_title(res, album);
	artist = json_object_get(album, "artist");
	album_id = (long)json_integer_value(json_object_get(album, "id"));
	artist_id = (long)json_integer_value(json_object_get(artist, "id"));
	res->album_id = album_id;
	res->id = artist_id;
	if (album_id > 0) {
		res->outcome = MR_ARR_ALREADY_PRESENT;
		if (req->dry_run)
			goto out;
		body = json_pack("{s:[I],s:b}", "albumIds",
		    (json_int_t)album_id, "monitored", 1);
		rc = call(arr, "PUT", "album/monitor", body, &a, err);
		ai->status = a.status;
		ai->retry_after_s = a.retry_after_s;
		if (rc == MR_OK && arr->search_on_add &&
		    !json_is_true(json_object_get(album, "monitored")))
			search_command(arr, json_pack("{s:s,s:[I]}", "name",
			    "AlbumSearch", "albumIds", (json_int_t)album_id));
		goto out;
	}
	if (req->dry_run) {
		res->outcome = MR_ARR_WOULD_ADD;
		goto out;
	}
	if (!json_is_object(artist)) {
		rc = arr_err(arr, err, MR_EPARSE, (int)ai->status, "parse",
		    "album lookup for %s has no artist", req->album_id);
		goto out;
	}
	opts_for(arr, req, &o);
	if (artist_id <= 0 &&
	    requester_tag(arr, req->requested_by, &o.tag_id, NULL) != MR_OK)
		o.tag_id = 0;
	body = mr_arr_build_album_body(album, req->album_id, &o,
	    artist_id > 0);
	rc = call(arr, "POST", "album", body, &a, err);
	rc = add_confirmed(arr, rc, &a, "album", err);
	ai->status = a.status;
	ai->retry_after_s = a.retry_after_s;
	if (rc == MR_OK) {
		res->outcome = MR_ARR_ADDED;
		res->album_id = (long)json_integer_value(json_object_get(
		    a.json, "id"));
		artist_id = (long)json_integer_value(json_object_get(a.json,
		    "artistId"));
		if (artist_id <= 0)
			artist_id = (long)json_integer_value(json_object_get(
			    json_object_get(a.json, "artist"), "id"));
		if (artist_id > 0)
			res->id = artist_id;
		goto out;
	}
	if (a.status == 400 && mr_arr_already_added(a.json) && tries++ == 0) {
		/* Added meanwhile: look again and monitor it. */
		answer_release(&a);
		json_decref(body);
		body = NULL;
		json_decref(list);
		list = NULL;
		free(path);
		path = NULL;
		goto again;
	}
out:
	answer_release(&a);
	json_decref(body);
	json_decref(list);
	free(path);
	return rc;
}

enum mr_rc
mr_arr_add(struct mr_arr *arr, const struct mr_arr_add_req *req,
    struct mr_arr_result *res, struct mr_err *err)
{
	struct answer ai = { 0, -1, NULL };
	enum mr_rc rc;

	memset(res, 0, sizeof(*res));
	res->retry_after_s = -1;
	rc = resolve(arr, err);
	if (rc != MR_OK)
		goto out;
	if (arr->kind == MR_ARR_LIDARR && req->album_id != NULL &&
	    *req->album_id != '\0')
		rc = add_album(arr, req, res, &ai, err);
	else
		rc = add_item(arr, req, res, &ai, err);
out:
	if (rc != MR_OK) {
		res->outcome = outcome_of(rc, err ? err->status : ai.status);
		res->status = err && err->status ? err->status :
		    (int)ai.status;
		res->retry_after_s = ai.retry_after_s;
		snprintf(res->reason, sizeof(res->reason), "%s",
		    err ? err->msg : mr_rc_str(rc));
	} else {
		res->status = (int)ai.status;
	}
	return rc;
}

json_t *
mr_arr_result_json(const struct mr_arr *arr, const struct mr_arr_result *res)
{
	json_t *j;

	j = json_pack("{s:s,s:s}", "service", mr_arr_kind_name(arr->kind),
	    "outcome", mr_arr_outcome_str(res->outcome));
	if (strcmp(arr->section, mr_arr_kind_name(arr->kind)) != 0)
		json_object_set_new(j, "section", json_string(arr->section));
	if (res->id > 0)
		json_object_set_new(j, "id", json_integer(res->id));
	if (res->album_id > 0)
		json_object_set_new(j, "album_id",
		    json_integer(res->album_id));
	if (res->status > 0)
		json_object_set_new(j, "status", json_integer(res->status));
	if (res->retry_after_s >= 0)
		json_object_set_new(j, "retry_after",
		    json_integer(res->retry_after_s));
	if (res->title[0] != '\0')
		json_object_set_new(j, "title", json_string(res->title));
	if (res->reason[0] != '\0')
		json_object_set_new(j, "reason", json_string(res->reason));
	return j;
}
