/* process.c: one mr-process run: claim, classify, decide, send, record. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arr.h"
#include "classify.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "process.h"
#include "requests.h"
#include "upstream.h"

void
mr_process_opts_init(struct mr_process_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->jobs = 4;
	o->actor = "mr-process";
}

void
mr_process_result_release(struct mr_process_result *r)
{
	if (r == NULL)
		return;
	json_decref(r->records);
	r->records = NULL;
	json_decref(r->failures);
	r->failures = NULL;
}

int
mr_process_exit(enum mr_rc rc, const struct mr_process_result *r)
{
	if (r->stopped || rc == MR_EAUTH || rc == MR_ECONFIG)
		return MR_EXIT_CONFIG;
	if (rc != MR_OK)
		return mr_rc_exit(rc);
	if (r->retrying > 0 || r->last_transient.rc != MR_OK)
		return MR_EXIT_TRANSIENT;
	if (r->failed > 0 || r->nomatch > 0)
		return MR_EXIT_PARTIAL;
	return MR_EXIT_OK;
}

enum mr_route
mr_process_decide(const json_t *cls, double min_confidence, char *reason,
    size_t len)
{
	const json_t *best, *v;
	const char *ext, *src, *type, *svc;
	double conf = 0;
	int manual;

	if (len > 0)
		reason[0] = '\0';
	best = json_object_get(cls, "best");
	if (!json_is_object(best))
		return MR_ROUTE_NOMATCH;
	manual = json_is_true(json_object_get(best, "manual"));
	v = json_object_get(best, "external_id");
	ext = json_string_value(v);
	src = json_string_value(json_object_get(best, "id_source"));
	type = json_string_value(json_object_get(best, "media_type"));
	svc = json_string_value(json_object_get(best, "service"));
	v = json_object_get(best, "confidence");
	if (json_is_number(v))
		conf = json_number_value(v);
	if (svc == NULL || mr_arr_kind_parse(svc) < 0) {
		snprintf(reason, len, "no target service");
		return MR_ROUTE_REVIEW;
	}
	if (!manual && json_is_true(json_object_get(cls, "ambiguous"))) {
		snprintf(reason, len, "ambiguous: a person should choose");
		return MR_ROUTE_REVIEW;
	}
	if (!manual && conf < min_confidence) {
		snprintf(reason, len, "confidence %.2f below %.2f", conf,
		    min_confidence);
		return MR_ROUTE_REVIEW;
	}
	if (ext == NULL || ext[0] == '\0') {
		snprintf(reason, len, "no %s id found",
		    strcmp(svc, "sonarr") == 0 ? "TVDB" :
		    strcmp(svc, "radarr") == 0 ? "TMDb" : "MusicBrainz");
		return MR_ROUTE_REVIEW;
	}
	if (((type != NULL && strcmp(type, "tv") == 0) ||
	    strcmp(svc, "sonarr") == 0) && src != NULL &&
	    strcmp(src, "tvdb") != 0) {
		/* Never pass a TMDb id off as a TVDB id. */
		snprintf(reason, len, "%s id where a TVDB id is needed", src);
		return MR_ROUTE_REVIEW;
	}
	return MR_ROUTE_SEND;
}

/* One request to send: only what the add needs, so that a big run does
 * not hold every classification in memory. */
struct job {
	long id;
	char service[16];
	char section[64];		/* config section: "radarr:4k" */
	struct mr_arr_add_req ar;	/* strings owned (job_release) */
	json_t *cls;			/* dry runs only: for the record */
};

struct shared {
	pthread_mutex_t mu;
	const struct mr_config *cfg;
	const struct mr_process_opts *o;
	struct mr_process_result *res;
	struct job *jobs;
	size_t njobs, next;
	size_t nfirst;		/* jobs of the first pass (order_jobs) */
	int stop;
	char (*broken)[64];	/* sections that refused: 401/403 or
				   configuration */
	size_t nbroken;
	double last_renew;
	long lease_seconds;
	struct mr_upstream *up;	/* calls to record as 'upstream' events */
};

struct worker {
	struct shared *sh;
	struct mr_db *db;
	struct mr_requests *st;
	struct mr_http *http;
	struct mr_arr **arr;		/* one per config section used */
	size_t narr;
	pthread_t th;
	int started;
};

static void
add_record(struct shared *sh, struct mr_requests *st, long id,
    const char *would, const json_t *cls)
{
	struct mr_err e;
	json_t *rec = NULL;

	if (!sh->o->want_records)
		return;
	if (mr_requests_get(st, id, &rec, &e) != MR_OK)
		return;
	if (would != NULL) {
		json_object_set_new(rec, "dry_run", json_true());
		json_object_set_new(rec, "would", json_string(would));
		if (cls != NULL)
			json_object_set(rec, "classification", (json_t *)cls);
	}
	pthread_mutex_lock(&sh->mu);
	json_array_append_new(sh->res->records, rec);
	pthread_mutex_unlock(&sh->mu);
}

static void
add_failure(struct shared *sh, long id, const char *reason)
{
	pthread_mutex_lock(&sh->mu);
	json_array_append_new(sh->res->failures, json_pack("{s:I, s:s}",
	    "id", (json_int_t)id, "reason", reason != NULL ? reason : ""));
	pthread_mutex_unlock(&sh->mu);
}

/* Count an outcome and report progress. */
static void
count(struct shared *sh, size_t *field)
{
	struct mr_process_result *r = sh->res;

	pthread_mutex_lock(&sh->mu);
	(*field)++;
	if (sh->o->progress != NULL)
		sh->o->progress(sh->o->progress_arg, r->sent + r->review +
		    r->nomatch + r->failed + r->retrying, r->claimed,
		    r->failed + r->retrying);
	pthread_mutex_unlock(&sh->mu);
}

static void
stop_service(struct shared *sh, const char *section, const struct mr_err *e)
{
	pthread_mutex_lock(&sh->mu);
	sh->broken = xrealloc(sh->broken, (sh->nbroken + 1) *
	    sizeof(*sh->broken));
	snprintf(sh->broken[sh->nbroken++], sizeof(*sh->broken), "%s",
	    section);
	if (!sh->res->stopped) {
		sh->res->stopped = 1;
		sh->res->stop_err = *e;
	}
	pthread_mutex_unlock(&sh->mu);
}

static int
is_broken(struct shared *sh, const char *section)
{
	size_t i;
	int r = 0;

	pthread_mutex_lock(&sh->mu);
	for (i = 0; i < sh->nbroken && !r; i++)
		r = strcmp(sh->broken[i], section) == 0;
	pthread_mutex_unlock(&sh->mu);
	return r;
}

/* The worker's handle for a config section, made on first use. */
static enum mr_rc
arr_for(struct worker *w, const char *section, struct mr_arr **out,
    struct mr_err *err)
{
	enum mr_rc rc = MR_OK;
	size_t i;

	for (i = 0; i < w->narr; i++)
		if (strcmp(mr_arr_section(w->arr[i]), section) == 0) {
			*out = w->arr[i];
			return MR_OK;
		}
	*out = NULL;
	if (strchr(section, ':') != NULL &&
	    !mr_config_has_section(w->sh->cfg, section))
		/* Else the instance would borrow the plain section's keys. */
		return mr_err_set(err, MR_ECONFIG, 0, "config.instance",
		    "no section [%s] in the configuration", section);
	if ((rc = mr_arr_new(w->sh->cfg, section, w->http, out, err)) !=
	    MR_OK)
		return rc;
	w->arr = xrealloc(w->arr, (w->narr + 1) * sizeof(*w->arr));
	w->arr[w->narr++] = *out;
	return MR_OK;
}

/* A [routing] *_instance value, when it names an instance of service. */
static const char *
routed(const struct mr_config *cfg, const char *key, const char *service)
{
	const char *v = mr_config_str(cfg, "routing", key);

	if (v == NULL || mr_arr_kind_parse(v) != mr_arr_kind_parse(service))
		return NULL;
	return v;
}

void
mr_process_instance(const struct mr_config *cfg, const char *asked,
    const json_t *best, char *buf, size_t len)
{
	const char *svc, *mt, *v = NULL;
	char key[32];

	svc = json_string_value(json_object_get(best, "service"));
	mt = json_string_value(json_object_get(best, "media_type"));
	if (svc == NULL) {
		snprintf(buf, len, "%s", "");
		return;
	}
	if (asked != NULL && mr_arr_kind_parse(asked) ==
	    mr_arr_kind_parse(svc))
		v = asked;
	if (v == NULL && json_is_true(json_object_get(best, "is_anime")))
		v = routed(cfg, "anime_instance", svc);
	if (v == NULL && mt != NULL) {
		snprintf(key, sizeof(key), "%s_instance", mt);
		v = routed(cfg, key, svc);
	}
	snprintf(buf, len, "%s", v != NULL ? v : svc);
}

static char *
dup_or_null(const char *v)
{
	return v != NULL ? xstrdup(v) : NULL;
}

static void
job_init(struct job *j, long id, const json_t *rec, const json_t *cls,
    const struct mr_process_opts *o, const struct mr_config *cfg)
{
	struct mr_arr_add_req *ar = &j->ar;
	const json_t *best, *parsed, *seasons, *v;
	const char *mt;
	size_t i;

	memset(j, 0, sizeof(*j));
	j->id = id;
	best = json_object_get(cls, "best");
	snprintf(j->service, sizeof(j->service), "%s",
	    json_string_value(json_object_get(best, "service")) ?
	    json_string_value(json_object_get(best, "service")) : "");
	mr_process_instance(cfg, json_string_value(json_object_get(rec,
	    "arr_instance")), best, j->section, sizeof(j->section));
	ar->external_id = dup_or_null(json_string_value(json_object_get(best,
	    "external_id")));
	ar->title = dup_or_null(json_string_value(json_object_get(best,
	    "title")));
	v = json_object_get(best, "year");
	ar->year = json_is_integer(v) ? (int)json_integer_value(v) : 0;
	v = json_object_get(best, "music_kind");
	if (json_is_string(v) && strcmp(json_string_value(v), "album") == 0)
		ar->album_id = dup_or_null(json_string_value(json_object_get(
		    json_object_get(best, "ids"), "musicbrainz_album")));
	ar->is_anime = json_is_true(json_object_get(best, "is_anime"));
	parsed = json_object_get(cls, "parsed");
	seasons = json_object_get(parsed, "seasons");
	mt = json_string_value(json_object_get(best, "media_type"));
	if (json_is_array(seasons) && mt != NULL && strcmp(mt, "tv") == 0) {
		for (i = 0; i < json_array_size(seasons) &&
		    ar->nseasons < MR_ARR_MAX_SEASONS; i++) {
			v = json_array_get(seasons, i);
			if (json_is_integer(v))
				ar->seasons[ar->nseasons++] =
				    (int)json_integer_value(v);
		}
	}
	ar->requested_by = dup_or_null(json_string_value(json_object_get(rec,
	    "requested_by")));
	ar->dry_run = o->dry_run;
	if (o->dry_run)
		j->cls = json_incref((json_t *)cls);
}

static void
job_release(struct job *j)
{
	free((char *)j->ar.external_id);
	free((char *)j->ar.title);
	free((char *)j->ar.album_id);
	free((char *)j->ar.requested_by);
	json_decref(j->cls);
}

static void
maybe_renew(struct worker *w)
{
	struct shared *sh = w->sh;
	struct mr_err e;
	double now = mr_now_ms();
	int due;

	if (sh->o->dry_run)
		return;
	pthread_mutex_lock(&sh->mu);
	due = now - sh->last_renew > sh->lease_seconds * 1000.0 / 3;
	if (due)
		sh->last_renew = now;
	pthread_mutex_unlock(&sh->mu);
	if (due && mr_requests_renew(w->st, &e) != MR_OK)
		mr_log_warn("requests: renew: %s", e.msg);
}

static void
send_one(struct worker *w, struct job *j)
{
	struct shared *sh = w->sh;
	struct mr_arr_result r;
	struct mr_err e, se;
	struct mr_arr *arr = NULL;
	json_t *detail = NULL;
	int kind, failed = 0;

	mr_err_clear(&e);
	kind = mr_arr_kind_parse(j->service);
	if (kind < 0 || kind > 2) {
		if (!sh->o->dry_run && mr_requests_mark_review(w->st, j->id,
		    "no target service", NULL, &se) == MR_OK)
			count(sh, &sh->res->review);
		goto out;
	}
	if (is_broken(sh, j->section))
		goto release;	/* stays Pending, no attempt counted */
	if (arr_for(w, j->section, &arr, &e) != MR_OK) {
		stop_service(sh, j->section, &e);
		goto release;
	}
	memset(&r, 0, sizeof(r));
	/* r.outcome says it all; e holds the detail of a failure. */
	(void)mr_arr_add(arr, &j->ar, &r, &e);
	detail = mr_arr_result_json(arr, &r);
	switch (r.outcome) {
	case MR_ARR_ADDED:
	case MR_ARR_ALREADY_PRESENT:
		if (mr_requests_mark_sent_to(w->st, j->id, strchr(j->section,
		    ':') != NULL ? j->section : NULL, detail, &se) != MR_OK) {
			mr_log_warn("request %ld: %s", j->id, se.msg);
			goto out;
		}
		count(sh, &sh->res->sent);
		add_record(sh, w->st, j->id, NULL, NULL);
		break;
	case MR_ARR_WOULD_ADD:
		add_record(sh, w->st, j->id, "send", j->cls);
		break;
	case MR_ARR_AUTH:
	case MR_ARR_CONFIG:
		if (e.rc == MR_OK)
			mr_err_set(&e, r.outcome == MR_ARR_AUTH ? MR_EAUTH :
			    MR_ECONFIG, r.status, "arr.auth", "%s", r.reason);
		stop_service(sh, j->section, &e);
		goto release;
	case MR_ARR_TRANSIENT:
		if (e.rc == MR_OK)
			mr_err_set(&e, MR_ENET, r.status, "arr.transient",
			    "%s", r.reason);
		pthread_mutex_lock(&sh->mu);
		sh->res->last_transient = e;
		pthread_mutex_unlock(&sh->mu);
		if (sh->o->dry_run)
			break;
		if (mr_requests_retry_later(w->st, j->id, r.reason[0] ?
		    r.reason : e.msg, r.retry_after_s, detail, &failed,
		    &se) != MR_OK) {
			mr_log_warn("request %ld: %s", j->id, se.msg);
			goto out;
		}
		count(sh, failed ? &sh->res->failed : &sh->res->retrying);
		if (failed)
			add_failure(sh, j->id, r.reason[0] ? r.reason : e.msg);
		add_record(sh, w->st, j->id, NULL, NULL);
		break;
	case MR_ARR_FAILED_PERMANENT:
		if (sh->o->dry_run) {
			add_record(sh, w->st, j->id, "fail", j->cls);
			break;
		}
		if (mr_requests_mark_failed(w->st, j->id, r.reason[0] ?
		    r.reason : e.msg, detail, &se) != MR_OK) {
			mr_log_warn("request %ld: %s", j->id, se.msg);
			goto out;
		}
		count(sh, &sh->res->failed);
		add_failure(sh, j->id, r.reason[0] ? r.reason : e.msg);
		add_record(sh, w->st, j->id, NULL, NULL);
		break;
	}
	goto out;
release:
	if (!sh->o->dry_run)
		mr_requests_release(w->st, j->id, &se);
out:
	json_decref(detail);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	struct job *j;

	for (;;) {
		pthread_mutex_lock(&sh->mu);
		j = NULL;
		if (!sh->stop && sh->next < sh->njobs)
			j = &sh->jobs[sh->next++];
		pthread_mutex_unlock(&sh->mu);
		if (j == NULL)
			break;
		maybe_renew(w);
		send_one(w, j);
	}
	return NULL;
}

static struct mr_http *
http_for(const struct mr_config *cfg)
{
	struct mr_http_opts ho;

	memset(&ho, 0, sizeof(ho));
	ho.timeout_ms = mr_config_long(cfg, "http", "timeout", 20) * 1000;
	ho.connect_timeout_ms = mr_config_long(cfg, "http", "connect_timeout",
	    5) * 1000;
	ho.ca_file = mr_config_str(cfg, "http", "ca_file");
	return mr_http_new(&ho);
}

static void
worker_release(struct worker *w)
{
	size_t k;

	for (k = 0; k < w->narr; k++)
		mr_arr_free(w->arr[k]);
	free(w->arr);
	mr_http_free(w->http);
	mr_requests_free(w->st);
	if (w->db != NULL)
		mr_db_close(w->db);
}

/* Run the workers over jobs next..njobs; the caller's thread is one. */
static enum mr_rc
run_pass(struct shared *sh, struct worker *ws, size_t nw, struct mr_err *err)
{
	enum mr_rc rc = MR_OK;
	size_t k;

	if (sh->next >= sh->njobs)
		return MR_OK;
	for (k = 1; k < nw; k++) {
		ws[k].started = pthread_create(&ws[k].th, NULL, worker_main,
		    &ws[k]) == 0;
		if (!ws[k].started && k == 1)
			rc = mr_err_set(err, MR_EIO, 0, "process.thread",
			    "cannot start a thread");
	}
	worker_main(&ws[0]);
	for (k = 1; k < nw; k++)
		if (ws[k].started)
			pthread_join(ws[k].th, NULL);
	return rc;
}

static int
same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* Move jobs whose target an earlier job has to the end; sh->nfirst. */
static void
order_jobs(struct shared *sh)
{
	struct job *first, *second;
	size_t i, k, n1 = 0, n2 = 0;
	const struct job *a, *b;
	int dup;

	first = xcalloc(sh->njobs + 1, sizeof(*first));
	second = xcalloc(sh->njobs + 1, sizeof(*second));
	for (i = 0; i < sh->njobs; i++) {
		b = &sh->jobs[i];
		dup = 0;
		for (k = 0; k < n1 && !dup; k++) {
			a = &first[k];
			dup = strcmp(a->section, b->section) == 0 &&
			    same(a->ar.external_id, b->ar.external_id) &&
			    same(a->ar.album_id, b->ar.album_id);
		}
		if (dup)
			second[n2++] = *b;
		else
			first[n1++] = *b;
	}
	memcpy(sh->jobs, first, n1 * sizeof(*first));
	memcpy(sh->jobs + n1, second, n2 * sizeof(*second));
	sh->nfirst = n1;
	free(first);
	free(second);
}

/* Send the jobs on up to o->jobs threads. */
static enum mr_rc
send_all(struct shared *sh, struct mr_db *db, struct mr_requests *st,
    struct mr_err *err)
{
	struct worker *ws = NULL;
	size_t nw, k, end;
	enum mr_rc rc = MR_OK;

	if (sh->njobs == 0)
		return MR_OK;
	nw = sh->o->jobs > 0 ? (size_t)sh->o->jobs : 1;
	if (nw > sh->njobs)
		nw = sh->njobs;
	ws = xcalloc(nw, sizeof(*ws));
	/* Set everything up here: curl's global init is not thread-safe. */
	for (k = 0; k < nw; k++) {
		ws[k].sh = sh;
		ws[k].http = http_for(sh->cfg);
		mr_http_set_observer(ws[k].http, mr_upstream_observe, sh->up);
		if (k == 0) {
			ws[k].st = NULL;
			continue;
		}
		if ((rc = mr_db_open(mr_db_path(db), 0, &ws[k].db, err)) !=
		    MR_OK)
			goto out;
		ws[k].st = mr_requests_new(ws[k].db, sh->o->actor);
		mr_requests_set_owner(ws[k].st, mr_requests_owner(st));
		mr_requests_set_notify(ws[k].st, sh->o->notify);
		mr_requests_set_limits(ws[k].st, (int)mr_config_long(sh->cfg,
		    "process", "max_attempts", MR_REQ_MAX_ATTEMPTS),
		    sh->lease_seconds);
	}
	/* The first worker shares the caller's connection and store. */
	ws[0].st = st;
	/*
	 * Two passes: requests for an item that an earlier request of this
	 * run also targets go second, so that they find it present instead
	 * of racing it with a second POST.
	 */
	end = sh->njobs;
	sh->next = 0;
	sh->njobs = sh->nfirst;
	rc = run_pass(sh, ws, nw, err);
	if (rc == MR_OK && !sh->stop && sh->nfirst < end) {
		sh->next = sh->nfirst;
		sh->njobs = end;
		rc = run_pass(sh, ws, nw, err);
	}
	sh->njobs = end;
out:
	if (ws != NULL) {
		ws[0].st = NULL;
		for (k = 0; k < nw; k++)
			worker_release(&ws[k]);
	}
	free(ws);
	return rc;
}

static int
types_of(const char *forced_type, const char *forced_service)
{
	if (strcmp(forced_type, "movie") == 0 ||
	    strcmp(forced_service, "radarr") == 0)
		return MR_TYPE_MOVIE;
	if (strcmp(forced_type, "tv") == 0 ||
	    strcmp(forced_service, "sonarr") == 0)
		return MR_TYPE_TV;
	if (strcmp(forced_type, "music") == 0 ||
	    strcmp(forced_service, "lidarr") == 0)
		return MR_TYPE_MUSIC;
	return 0;
}

/* Requests loaded, classified and decided at a time. */
#define PROCESS_CHUNK 128

struct item {
	long id;
	json_t *rec;		/* the request record */
	int types;		/* classify restriction */
	int done;		/* settled before the send step */
};

/*
 * Should the classification cls of request rec wait for another run?
 * When a source could not answer ("unavailable") and the answer would
 * not be sent, a person or NoMatch would judge a partial answer: ask
 * again later instead, unless this is the last attempt.  msg gets why.
 */
static int
deferred(const struct shared *sh, const json_t *rec, const json_t *cls,
    char *msg, size_t len)
{
	const json_t *un = json_object_get(cls, "unavailable"), *why;
	const char *w;
	char reason[256];
	long attempts, max;
	size_t i;
	int n;

	if (json_array_size(un) == 0 ||
	    mr_process_decide(cls, mr_config_double(sh->cfg, "routing",
	    "min_confidence", 0.6), reason, sizeof(reason)) ==
	    MR_ROUTE_SEND)
		return 0;
	attempts = (long)json_integer_value(json_object_get(rec, "attempts"));
	max = mr_config_long(sh->cfg, "process", "max_attempts",
	    MR_REQ_MAX_ATTEMPTS);
	if (attempts + 1 >= max)
		return 0;
	/* The classifier's "<source> unavailable (<error>)" says it best. */
	why = json_object_get(json_object_get(cls, "best"), "why");
	for (i = 0; i < json_array_size(why); i++) {
		w = json_string_value(json_array_get(why, i));
		if (w != NULL && strstr(w, " unavailable (") != NULL) {
			snprintf(msg, len, "partial answer: %s", w);
			return 1;
		}
	}
	n = snprintf(msg, len, "partial answer, unavailable:");
	for (i = 0; i < json_array_size(un) && n > 0 && (size_t)n < len; i++)
		n += snprintf(msg + n, len - (size_t)n, " %s",
		    json_string_value(json_array_get(un, i)) ?
		    json_string_value(json_array_get(un, i)) : "?");
	return 1;
}

/* Classify the items without a classification, a batch per type mask. */
static enum mr_rc
classify_items(struct shared *sh, struct mr_db *db, struct mr_requests *st,
    struct mr_classifier **cp, struct item *it, size_t n, struct mr_err *err)
{
	static const int masks[] = { 0, MR_TYPE_MOVIE, MR_TYPE_TV,
	    MR_TYPE_MUSIC };
	struct mr_classify_opts co;
	const char **q = NULL;
	json_t **out = NULL;
	size_t *idx = NULL, m, k, i;
	enum mr_rc rc = MR_OK;
	struct mr_err e;
	const json_t *er;
	char why[256];
	int failed;

	q = xcalloc(n + 1, sizeof(*q));
	out = xcalloc(n + 1, sizeof(*out));
	idx = xcalloc(n + 1, sizeof(*idx));
	for (k = 0; k < MR_ARRAY_LEN(masks); k++) {
		m = 0;
		for (i = 0; i < n; i++)
			if (!it[i].done && it[i].types == masks[k] &&
			    json_is_null(json_object_get(it[i].rec,
			    "classification")))
				idx[m++] = i;
		if (m == 0)
			continue;
		if (*cp == NULL) {
			if ((rc = mr_classifier_new(sh->cfg, db, cp, err)) !=
			    MR_OK)
				goto out;
			mr_classifier_set_observer(*cp, mr_upstream_observe,
			    sh->up);
		}
		for (i = 0; i < m; i++)
			q[i] = json_string_value(json_object_get(
			    it[idx[i]].rec, "title"));
		mr_classify_opts_init(&co);
		co.types = masks[k];
		co.jobs = sh->o->jobs > 0 ? sh->o->jobs : co.jobs;
		memset(out, 0, (n + 1) * sizeof(*out));
		rc = mr_classify_batch(*cp, &co, q, m, out, err);
		if (rc != MR_OK) {
			for (i = 0; i < m; i++)
				json_decref(out[i]);
			goto out;
		}
		for (i = 0; i < m; i++) {
			struct item *t = &it[idx[i]];

			if (out[i] == NULL)
				continue;
			er = json_object_get(out[i], "error");
			if (er == NULL && deferred(sh, t->rec, out[i], why,
			    sizeof(why))) {
				mr_err_set(&e, MR_ENET, 0, "classify", "%s",
				    why);
				er = out[i];
			} else if (er != NULL)
				mr_err_set(&e, MR_ENET, (int)json_integer_value(
				    json_object_get(er, "status")),
				    "classify", "%s",
				    json_string_value(json_object_get(er,
				    "message")) ? json_string_value(
				    json_object_get(er, "message")) :
				    "classification failed");
			if (er != NULL) {
				/* A source failed: try again later. */
				sh->res->last_transient = e;
				t->done = 1;
				if (!sh->o->dry_run && mr_requests_retry_later(
				    st, t->id, e.msg, -1, er, &failed,
				    &e) == MR_OK) {
					if (failed) {
						count(sh, &sh->res->failed);
						add_failure(sh, t->id, e.msg);
					} else
						count(sh, &sh->res->retrying);
					add_record(sh, st, t->id, NULL, NULL);
				}
			} else if (!sh->o->dry_run &&
			    mr_requests_set_classification(st, t->id, out[i],
			    NULL, &e) != MR_OK) {
				mr_log_warn("request %ld: %s", t->id, e.msg);
				t->done = 1;
			} else
				json_object_set(t->rec, "classification",
				    out[i]);
			json_decref(out[i]);
			out[i] = NULL;
		}
	}
out:
	free(idx);
	free(out);
	free(q);
	return rc;
}

enum mr_rc
mr_process_run(const struct mr_config *cfg, struct mr_db *db,
    const struct mr_process_opts *o, struct mr_process_result *res,
    struct mr_err *err)
{
	struct mr_classifier *c = NULL;
	struct mr_requests *st;
	struct mr_err renew_err;
	struct shared sh;
	struct item *it = NULL;
	long *ids = NULL;
	size_t n = 0, i, k, m;
	char ftype[16], fsvc[16], reason[256];
	double min_conf;
	enum mr_route route;
	enum mr_rc rc;
	json_t *cls;

	memset(res, 0, sizeof(*res));
	res->records = json_array();
	res->failures = json_array();
	memset(&sh, 0, sizeof(sh));
	pthread_mutex_init(&sh.mu, NULL);
	sh.cfg = cfg;
	sh.o = o;
	sh.up = mr_upstream_new();
	sh.res = res;
	sh.lease_seconds = mr_config_long(cfg, "process", "lease_seconds",
	    MR_REQ_LEASE_SECONDS);
	sh.last_renew = mr_now_ms();
	min_conf = mr_config_double(cfg, "routing", "min_confidence", 0.6);
	st = mr_requests_new(db, o->actor);
	mr_requests_set_notify(st, o->notify);
	mr_requests_set_limits(st, (int)mr_config_long(cfg, "process",
	    "max_attempts", MR_REQ_MAX_ATTEMPTS), sh.lease_seconds);

	if (o->dry_run)
		rc = mr_requests_due(st, o->limit, o->id, &ids, &n, err);
	else
		rc = mr_requests_claim(st, o->limit, o->id, &ids, &n, err);
	if (rc != MR_OK)
		goto out;
	res->claimed = n;
	if (n == 0)
		goto out;
	it = xcalloc(PROCESS_CHUNK, sizeof(*it));
	sh.jobs = xcalloc(n, sizeof(*sh.jobs));
	/* Classify and decide a chunk at a time: memory stays bounded. */
	for (k = 0; k < n; k += m) {
		m = n - k < PROCESS_CHUNK ? n - k : PROCESS_CHUNK;
		memset(it, 0, m * sizeof(*it));
		for (i = 0; i < m; i++) {
			it[i].id = ids[k + i];
			if ((rc = mr_requests_get(st, it[i].id, &it[i].rec,
			    err)) != MR_OK)
				goto out;
			if ((rc = mr_requests_forced(st, it[i].id, ftype,
			    sizeof(ftype), fsvc, sizeof(fsvc), err)) != MR_OK)
				goto out;
			it[i].types = types_of(ftype, fsvc);
		}
		rc = classify_items(&sh, db, st, &c, it, m, err);
		if (rc == MR_EAUTH || rc == MR_ECONFIG) {
			res->stopped = 1;
			res->stop_err = *err;
			goto out;
		}
		if (rc != MR_OK)
			goto out;
		for (i = 0; i < m; i++) {
			struct mr_err e;

			if (it[i].done)
				continue;
			cls = json_object_get(it[i].rec, "classification");
			if (json_is_null(cls))
				continue;
			route = mr_process_decide(cls, min_conf, reason,
			    sizeof(reason));
			if (route == MR_ROUTE_NOMATCH) {
				if (o->dry_run)
					add_record(&sh, st, it[i].id,
					    "no_match", cls);
				else if (mr_requests_mark_nomatch(st, it[i].id,
				    json_object_get(cls, "parsed"), &e) ==
				    MR_OK) {
					count(&sh, &res->nomatch);
					add_record(&sh, st, it[i].id, NULL,
					    NULL);
				}
			} else if (route == MR_ROUTE_REVIEW) {
				if (o->dry_run)
					add_record(&sh, st, it[i].id,
					    "needs_review", cls);
				else if (mr_requests_mark_review(st, it[i].id,
				    reason, json_object_get(cls, "matches"),
				    &e) == MR_OK) {
					count(&sh, &res->review);
					add_record(&sh, st, it[i].id, NULL,
					    NULL);
				}
			} else
				job_init(&sh.jobs[sh.njobs++], it[i].id,
				    it[i].rec, cls, o, cfg);
		}
		for (i = 0; i < m; i++) {
			json_decref(it[i].rec);
			it[i].rec = NULL;
		}
		if (!o->dry_run && mr_requests_renew(st, &renew_err) != MR_OK)
			mr_log_warn("requests: renew: %s", renew_err.msg);
	}
	mr_classifier_free(c);
	c = NULL;
	order_jobs(&sh);
	rc = send_all(&sh, db, st, err);
	if (rc == MR_OK && res->stopped)
		rc = res->stop_err.rc != MR_OK ? res->stop_err.rc : MR_EAUTH;
	if (res->stopped && err != NULL)
		*err = res->stop_err;
out:
	if (!o->dry_run) {
		struct mr_err e;

		/* Whatever was not settled is free for the next run. */
		mr_requests_release(st, 0, &e);
		if (mr_upstream_flush(sh.up, db, o->actor, &e) != MR_OK)
			mr_log_warn("upstream events: %s", e.msg);
	}
	mr_classifier_free(c);
	mr_upstream_free(sh.up);
	if (it != NULL)
		for (i = 0; i < PROCESS_CHUNK; i++)
			json_decref(it[i].rec);
	free(it);
	for (i = 0; i < sh.njobs; i++)
		job_release(&sh.jobs[i]);
	free(sh.jobs);
	free(sh.broken);
	free(ids);
	mr_requests_free(st);
	pthread_mutex_destroy(&sh.mu);
	return rc;
}
