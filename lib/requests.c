/* requests.c: the request store, its state machine and worker leases. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "db.h"
#include "log.h"
#include "notify.h"
#include "requests.h"
#include "text.h"

struct mr_requests {
	struct mr_db *db;
	sqlite3 *sq;
	char *actor;
	char *owner;		/* lease owner: host:pid:random */
	char host[256];
	long pid;
	int max_attempts;
	long lease_seconds;
	time_t clock;		/* 0: real clock */
	struct mr_notify *notify;	/* borrowed, may be NULL */
	unsigned long long rng;
};

#define COLS "id, title, requested_by, priority, status, requested_at, " \
	"updated_at, media_type, arr_service, external_id, confidence_score, " \
	"attempts, next_attempt_at, last_error, classification_data, " \
	"arr_instance"

static double
next_random(struct mr_requests *s)
{
	/* xorshift64*: jitter needs spread, not cryptographic strength. */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return (double)((s->rng * 2685821657736338717ULL) >> 11) /
	    (double)(1ULL << 53);
}

static time_t
now_of(const struct mr_requests *s)
{
	return s->clock != 0 ? s->clock : time(NULL);
}

void
mr_requests_timefmt(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm) == 0 && len > 0)
		buf[0] = '\0';
}

struct mr_requests *
mr_requests_new(struct mr_db *db, const char *actor)
{
	struct mr_requests *s;
	unsigned long long r;

	s = xcalloc(1, sizeof(*s));
	s->db = db;
	s->sq = (sqlite3 *)mr_db_sqlite(db);
	s->actor = xstrdup(actor != NULL ? actor : "media-route");
	if (gethostname(s->host, sizeof(s->host)) != 0)
		snprintf(s->host, sizeof(s->host), "localhost");
	s->host[sizeof(s->host) - 1] = '\0';
	s->pid = (long)getpid();
	s->max_attempts = MR_REQ_MAX_ATTEMPTS;
	s->lease_seconds = MR_REQ_LEASE_SECONDS;
	r = (unsigned long long)(mr_wall_s() * 1e6) ^
	    ((unsigned long long)s->pid << 32) ^ (unsigned long long)(size_t)s;
	s->rng = r != 0 ? r : 88172645463325252ULL;
	(void)next_random(s);
	s->owner = xasprintf("%s:%ld:%08lx", s->host, s->pid,
	    (unsigned long)(next_random(s) * 4294967295.0));
	return s;
}

void
mr_requests_free(struct mr_requests *s)
{
	if (s == NULL)
		return;
	free(s->actor);
	free(s->owner);
	free(s);
}

void
mr_requests_set_limits(struct mr_requests *s, int max_attempts,
    long lease_seconds)
{
	if (max_attempts > 0)
		s->max_attempts = max_attempts;
	if (lease_seconds > 0)
		s->lease_seconds = lease_seconds;
}

void
mr_requests_set_clock(struct mr_requests *s, time_t now)
{
	s->clock = now;
}

void
mr_requests_set_seed(struct mr_requests *s, unsigned long seed)
{
	s->rng = seed != 0 ? seed : 88172645463325252ULL;
}

void
mr_requests_set_notify(struct mr_requests *s, struct mr_notify *n)
{
	s->notify = n;
}

const char *
mr_requests_owner(const struct mr_requests *s)
{
	return s->owner;
}

enum mr_rc
mr_requests_parse_date(const char *str, char *buf, size_t len,
    struct mr_err *err)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, used = 0, n;
	char sep;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (str == NULL || strlen(str) < 10)
		goto bad;
	n = sscanf(str, "%4d-%2d-%2d%n", &y, &mo, &d, &used);
	if (n != 3 || used != 10)
		goto bad;
	sep = str[10];
	if (sep == 'T' || sep == ' ') {
		n = sscanf(str + 11, "%2d:%2d:%2d%n", &h, &mi, &sec, &used);
		if (n != 3 || used != 8)
			goto bad;
		used = 19;
		if (str[used] == 'Z')
			used++;
	}
	if (str[used] != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || sec > 60 || y < 1900 || h < 0 || mi < 0 ||
	    sec < 0)
		goto bad;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (t == (time_t)-1)
		goto bad;
	mr_requests_timefmt(t, buf, len);
	return MR_OK;
bad:
	return mr_err_set(err, MR_EINVAL, 0, "request.date",
	    "not an ISO 8601 date: %s", str != NULL ? str : "(null)");
}

char *
mr_requests_title_norm(const char *title)
{
	return mr_text_norm(title);
}

long
mr_requests_backoff(int attempts, long retry_after, double u)
{
	double b = MR_REQ_BACKOFF_MIN, d;
	int i;

	for (i = 1; i < attempts && b < MR_REQ_BACKOFF_MAX; i++)
		b *= 2;
	if (b > MR_REQ_BACKOFF_MAX)
		b = MR_REQ_BACKOFF_MAX;
	if (u < 0)
		u = 0;
	if (u > 1)
		u = 1;
	/* +-20 % spreads workers that failed together; the bounds hold. */
	d = b * (0.8 + 0.4 * u);
	if (d < MR_REQ_BACKOFF_MIN)
		d = MR_REQ_BACKOFF_MIN;
	if (d > MR_REQ_BACKOFF_MAX)
		d = MR_REQ_BACKOFF_MAX;
	if (retry_after > (long)d)
		return retry_after;
	return (long)d;
}

/* sqlite helpers */

static enum mr_rc
dberr(struct mr_requests *s, struct mr_err *err, const char *what)
{
	return mr_db_error(s->db, err, what);
}

static enum mr_rc
prepare(struct mr_requests *s, const char *sql, sqlite3_stmt **st,
    struct mr_err *err)
{
	*st = NULL;
	if (sqlite3_prepare_v2(s->sq, sql, -1, st, NULL) != SQLITE_OK)
		return dberr(s, err, "requests: prepare");
	return MR_OK;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static enum mr_rc
begin_immediate(struct mr_requests *s, struct mr_err *err)
{
	if (sqlite3_exec(s->sq, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return dberr(s, err, "requests: begin");
	return MR_OK;
}

static enum mr_rc
commit(struct mr_requests *s, struct mr_err *err)
{
	if (sqlite3_exec(s->sq, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		enum mr_rc rc = dberr(s, err, "requests: commit");

		sqlite3_exec(s->sq, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return MR_OK;
}

static void
rollback(struct mr_requests *s)
{
	if (!sqlite3_get_autocommit(s->sq))
		sqlite3_exec(s->sq, "ROLLBACK", NULL, NULL, NULL);
}

static json_t *
col_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	default:
		return json_string((const char *)sqlite3_column_text(st, i));
	}
}

/* The request record of a row selected with COLS. */
static json_t *
row_record(sqlite3_stmt *st)
{
	static const char *const names[] = { "id", "title", "requested_by",
	    "priority", "status", "requested_at", "updated_at", "media_type",
	    "arr_service", "external_id", "confidence_score", "attempts",
	    "next_attempt_at", "last_error" };
	json_t *rec, *cls = NULL;
	const char *text;
	size_t i;

	rec = json_object();
	for (i = 0; i < MR_ARRAY_LEN(names); i++) {
		json_object_set_new(rec, names[i], col_json(st, (int)i));
		/* An instance section ("radarr:4k"): only when there is one. */
		if (i == 8 && sqlite3_column_type(st, 15) != SQLITE_NULL)
			json_object_set_new(rec, "arr_instance",
			    col_json(st, 15));
	}
	text = (const char *)sqlite3_column_text(st, 14);
	if (text != NULL)
		cls = json_loads(text, 0, NULL);
	json_object_set_new(rec, "classification",
	    cls != NULL ? cls : json_null());
	return rec;
}

/* Select one record with sql (binding id, or texts when id is 0). */
static enum mr_rc
select_one3(struct mr_requests *s, const char *sql, long id, const char *a,
    const char *b, const char *c, json_t **rec, struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	enum mr_rc rc;
	int r;

	*rec = NULL;
	if ((rc = prepare(s, sql, &st, err)) != MR_OK)
		goto out;
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	else {
		bind_text(st, 1, a);
		if (b != NULL)
			bind_text(st, 2, b);
		if (c != NULL)
			bind_text(st, 3, c);
	}
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*rec = row_record(st);
	else if (r == SQLITE_DONE)
		rc = MR_ENOTFOUND;
	else
		rc = dberr(s, err, "requests: select");
out:
	sqlite3_finalize(st);
	return rc;
}

static enum mr_rc
select_one(struct mr_requests *s, const char *sql, long id, const char *a,
    const char *b, json_t **rec, struct mr_err *err)
{
	return select_one3(s, sql, id, a, b, NULL, rec, err);
}

enum mr_rc
mr_requests_get(struct mr_requests *s, long id, json_t **rec,
    struct mr_err *err)
{
	enum mr_rc rc;

	rc = select_one(s, "SELECT " COLS " FROM requests WHERE id = ?", id,
	    NULL, NULL, rec, err);
	if (rc == MR_ENOTFOUND)
		mr_err_set(err, rc, 0, "request.not_found",
		    "no request %ld", id);
	return rc;
}

static enum mr_rc
add_event(struct mr_requests *s, long id, const char *event,
    const char *old_status, const char *new_status, const json_t *detail,
    struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	char at[32], *d = NULL;
	enum mr_rc rc;

	if ((rc = prepare(s, "INSERT INTO events (request_id, at, actor, "
	    "event, old_status, new_status, detail) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)", &st, err)) != MR_OK)
		goto out;
	mr_requests_timefmt(now_of(s), at, sizeof(at));
	if (detail != NULL)
		d = json_dumps(detail, JSON_COMPACT | JSON_ENCODE_ANY);
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_null(st, 1);
	bind_text(st, 2, at);
	bind_text(st, 3, s->actor);
	bind_text(st, 4, event);
	bind_text(st, 5, old_status);
	bind_text(st, 6, new_status);
	bind_text(st, 7, d);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "requests: event");
out:
	free(d);
	sqlite3_finalize(st);
	return rc;
}

static int
valid_in(const char *v, const char *const *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v, set[i]) == 0)
			return 1;
	return 0;
}

static const char *const media_types[] = { "movie", "tv", "music" };
static const char *const services[] = { "radarr", "sonarr", "lidarr" };

/* Fields of a classification's best, validated; all NULL for no best. */
struct best_fields {
	const char *media_type;
	const char *service;
	char *external_id;	/* owned */
	int has_conf;
	double confidence;
};

static enum mr_rc
best_fields(const json_t *cls, struct best_fields *b, struct mr_err *err)
{
	const json_t *best, *v;

	memset(b, 0, sizeof(*b));
	best = json_object_get(cls, "best");
	if (!json_is_object(best))
		return MR_OK;
	b->media_type = json_string_value(json_object_get(best, "media_type"));
	b->service = json_string_value(json_object_get(best, "service"));
	if ((b->media_type != NULL && !valid_in(b->media_type, media_types,
	    MR_ARRAY_LEN(media_types))) || (b->service != NULL &&
	    !valid_in(b->service, services, MR_ARRAY_LEN(services))))
		return mr_err_set(err, MR_EINVAL, 0, "request.classification",
		    "unknown media_type or service in best");
	v = json_object_get(best, "external_id");
	if (json_is_string(v) && json_string_length(v) > 0)
		b->external_id = xstrdup(json_string_value(v));
	else if (json_is_integer(v))
		b->external_id = xasprintf("%lld",
		    (long long)json_integer_value(v));
	v = json_object_get(best, "confidence");
	if (json_is_number(v)) {
		b->has_conf = 1;
		b->confidence = json_number_value(v);
	}
	return MR_OK;
}

static const char *
norm_priority(const char *p)
{
	if (p == NULL)
		return "Medium";
	if (strcasecmp(p, "low") == 0)
		return "Low";
	if (strcasecmp(p, "medium") == 0)
		return "Medium";
	if (strcasecmp(p, "high") == 0)
		return "High";
	return NULL;
}

enum mr_rc
mr_requests_add(struct mr_requests *s, const struct mr_request_in *in,
    json_t **rec, struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	const json_t *cls = in->classification;
	const char *title = in->title, *priority;
	struct best_fields b;
	char *norm = NULL, *cdata = NULL, now[32];
	json_t *dup = NULL;
	enum mr_rc rc;
	long id;

	*rec = NULL;
	memset(&b, 0, sizeof(b));
	if (cls != NULL && (!json_is_object(cls) ||
	    json_object_get(cls, "error") != NULL))
		cls = NULL;
	if (title == NULL && in->classification != NULL)
		title = json_string_value(json_object_get(in->classification,
		    "query"));
	if (title == NULL && cls != NULL)
		title = json_string_value(json_object_get(cls, "title"));
	norm = title != NULL ? mr_requests_title_norm(title) : NULL;
	if (norm == NULL || norm[0] == '\0') {
		rc = mr_err_set(err, MR_EINVAL, 0, "request.title",
		    "empty title");
		goto out;
	}
	if ((priority = norm_priority(in->priority)) == NULL) {
		rc = mr_err_set(err, MR_EINVAL, 0, "request.priority",
		    "priority must be low, medium or high: %s", in->priority);
		goto out;
	}
	if ((in->forced_type != NULL && !valid_in(in->forced_type,
	    media_types, MR_ARRAY_LEN(media_types))) ||
	    (in->forced_service != NULL && !valid_in(in->forced_service,
	    services, MR_ARRAY_LEN(services)))) {
		rc = mr_err_set(err, MR_EINVAL, 0, "request.type",
		    "unknown type or service");
		goto out;
	}
	if (cls != NULL && (rc = best_fields(cls, &b, err)) != MR_OK)
		goto out;

	if ((rc = begin_immediate(s, err)) != MR_OK)
		goto out;
	/* Another instance ("radarr:4k") is another target. */
	rc = select_one(s, "SELECT " COLS " FROM requests WHERE title_norm = ?"
	    " AND status IN ('Pending', 'NeedsReview')"
	    " AND (?2 IS NULL OR arr_instance = ?2) ORDER BY id LIMIT 1",
	    0, norm, in->instance, &dup, err);
	if (rc == MR_ENOTFOUND && b.service != NULL && b.external_id != NULL)
		rc = select_one3(s, "SELECT " COLS " FROM requests"
		    " WHERE arr_service = ?1 AND external_id = ?2"
		    " AND status LIKE 'SentTo%'"
		    " AND (?3 IS NULL OR arr_instance = ?3)"
		    " ORDER BY id LIMIT 1",
		    0, b.service, b.external_id, in->instance, &dup, err);
	if (rc == MR_OK) {
		json_object_set(dup, "duplicate_of",
		    json_object_get(dup, "id"));
		*rec = dup;
		dup = NULL;
		rollback(s);
		goto out;
	}
	if (rc != MR_ENOTFOUND) {
		rollback(s);
		goto out;
	}
	rc = MR_OK;
	mr_requests_timefmt(now_of(s), now, sizeof(now));
	if (cls != NULL)
		cdata = json_dumps(cls, JSON_COMPACT | JSON_REAL_PRECISION(10));
	if ((rc = prepare(s, "INSERT INTO requests (title, title_norm, "
	    "requested_by, priority, status, requested_at, updated_at, "
	    "media_type, arr_service, external_id, confidence_score, "
	    "classification_data, forced_type, forced_service, origin, "
	    "arr_instance) "
	    "VALUES (?, ?, ?, ?, 'Pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    &st, err)) != MR_OK) {
		rollback(s);
		goto out;
	}
	bind_text(st, 1, title);
	bind_text(st, 2, norm);
	bind_text(st, 3, in->requested_by);
	bind_text(st, 4, priority);
	bind_text(st, 5, now);
	bind_text(st, 6, now);
	bind_text(st, 7, b.media_type);
	bind_text(st, 8, b.service);
	bind_text(st, 9, b.external_id);
	if (b.has_conf)
		sqlite3_bind_double(st, 10, b.confidence);
	else
		sqlite3_bind_null(st, 10);
	bind_text(st, 11, cdata);
	bind_text(st, 12, in->forced_type);
	bind_text(st, 13, in->forced_service);
	bind_text(st, 14, in->origin);
	bind_text(st, 15, in->instance);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = dberr(s, err, "requests: insert");
		rollback(s);
		goto out;
	}
	id = (long)sqlite3_last_insert_rowid(s->sq);
	if ((rc = add_event(s, id, "created", NULL, "Pending", NULL, err)) !=
	    MR_OK) {
		rollback(s);
		goto out;
	}
	if ((rc = mr_requests_get(s, id, rec, err)) != MR_OK) {
		rollback(s);
		goto out;
	}
	if (in->dry_run) {
		/* Show what would be stored, keep nothing. */
		rollback(s);
		json_object_set_new(*rec, "id", json_null());
		json_object_set_new(*rec, "dry_run", json_true());
	} else if ((rc = commit(s, err)) != MR_OK) {
		json_decref(*rec);
		*rec = NULL;
	}
out:
	sqlite3_finalize(st);
	json_decref(dup);
	free(b.external_id);
	free(cdata);
	free(norm);
	return rc;
}

enum mr_rc
mr_requests_show(struct mr_requests *s, long id, json_t **rec,
    struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	json_t *events, *ev, *d;
	const char *text;
	enum mr_rc rc;
	int r;

	if ((rc = mr_requests_get(s, id, rec, err)) != MR_OK)
		return rc;
	events = json_array();
	json_object_set_new(*rec, "events", events);
	if ((rc = prepare(s, "SELECT at, actor, event, old_status, new_status,"
	    " detail FROM events WHERE request_id = ? ORDER BY id", &st,
	    err)) != MR_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		ev = json_object();
		json_object_set_new(ev, "at", col_json(st, 0));
		json_object_set_new(ev, "actor", col_json(st, 1));
		json_object_set_new(ev, "event", col_json(st, 2));
		json_object_set_new(ev, "old_status", col_json(st, 3));
		json_object_set_new(ev, "new_status", col_json(st, 4));
		text = (const char *)sqlite3_column_text(st, 5);
		d = text != NULL ? json_loads(text, JSON_DECODE_ANY, NULL) :
		    NULL;
		json_object_set_new(ev, "detail", d != NULL ? d : json_null());
		json_array_append_new(events, ev);
	}
	if (r != SQLITE_DONE)
		rc = dberr(s, err, "requests: events");
out:
	sqlite3_finalize(st);
	if (rc != MR_OK) {
		json_decref(*rec);
		*rec = NULL;
	}
	return rc;
}

enum mr_rc
mr_requests_list(struct mr_requests *s, const struct mr_request_filter *f,
    json_t **arr, struct mr_err *err)
{
	static const struct mr_request_filter none;
	sqlite3_stmt *st = NULL;
	enum mr_rc rc;
	int r;

	if (f == NULL)
		f = &none;
	*arr = NULL;
	if ((rc = prepare(s, "SELECT " COLS " FROM requests"
	    " WHERE (?1 IS NULL OR status = ?1)"
	    " AND (?2 IS NULL OR arr_service = ?2)"
	    " AND (?3 IS NULL OR requested_at >= ?3)"
	    " AND (?4 IS NULL OR requested_by = ?4)"
	    " AND (?6 IS NULL OR updated_at >= ?6)"
	    " AND (?7 IS NULL OR arr_instance = ?7)"
	    " ORDER BY id LIMIT ?5", &st, err)) != MR_OK)
		goto out;
	bind_text(st, 1, f->failed_only ? "Failed" : f->status);
	bind_text(st, 2, f->service);
	bind_text(st, 3, f->since);
	bind_text(st, 4, f->requested_by);
	sqlite3_bind_int64(st, 5, f->limit > 0 ? f->limit : -1);
	bind_text(st, 6, f->updated_since);
	bind_text(st, 7, f->instance);
	*arr = json_array();
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(*arr, row_record(st));
	if (r != SQLITE_DONE) {
		rc = dberr(s, err, "requests: list");
		json_decref(*arr);
		*arr = NULL;
	}
out:
	sqlite3_finalize(st);
	return rc;
}

/* Leases */

static int
pid_dead_here(const struct mr_requests *s, const char *host, long pid)
{
	if (host == NULL || strcmp(host, s->host) != 0 || pid <= 0)
		return 0;
	if (pid == s->pid)
		return 0;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/* May this handle take over a row whose lease columns are these? */
static int
lease_free(const struct mr_requests *s, const char *owner, long pid,
    const char *host, const char *expires, const char *now)
{
	if (owner == NULL || strcmp(owner, s->owner) == 0)
		return 1;
	if (expires == NULL || strcmp(expires, now) <= 0)
		return 1;
	return pid_dead_here(s, host, pid);
}

static enum mr_rc
claim(struct mr_requests *s, long limit, long id, int take, long **ids,
    size_t *n, struct mr_err *err)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	char now[32], exp[32];
	size_t cap = 0;
	enum mr_rc rc;
	time_t t;
	int r;

	*ids = NULL;
	*n = 0;
	t = now_of(s);
	mr_requests_timefmt(t, now, sizeof(now));
	mr_requests_timefmt(t + s->lease_seconds, exp, sizeof(exp));
	if (take && (rc = begin_immediate(s, err)) != MR_OK)
		goto out;
	if ((rc = prepare(s, "SELECT id, lease_owner, lease_pid, lease_host,"
	    " lease_expires_at FROM requests WHERE status = 'Pending'"
	    " AND (?2 > 0 OR next_attempt_at IS NULL OR next_attempt_at <= ?1)"
	    " AND (?2 <= 0 OR id = ?2)"
	    " ORDER BY CASE priority WHEN 'High' THEN 0 WHEN 'Medium' THEN 1"
	    " ELSE 2 END, id", &sel, err)) != MR_OK)
		goto fail;
	if ((rc = prepare(s, "UPDATE requests SET lease_owner = ?1,"
	    " lease_pid = ?2, lease_host = ?3, lease_expires_at = ?4"
	    " WHERE id = ?5", &upd, err)) != MR_OK)
		goto fail;
	bind_text(sel, 1, now);
	sqlite3_bind_int64(sel, 2, id);
	while ((limit <= 0 || (long)*n < limit) &&
	    (r = sqlite3_step(sel)) == SQLITE_ROW) {
		if (!lease_free(s, (const char *)sqlite3_column_text(sel, 1),
		    (long)sqlite3_column_int64(sel, 2),
		    (const char *)sqlite3_column_text(sel, 3),
		    (const char *)sqlite3_column_text(sel, 4), now))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*ids = xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[*n] = (long)sqlite3_column_int64(sel, 0);
		if (!take) {
			(*n)++;
			continue;
		}
		sqlite3_reset(upd);
		bind_text(upd, 1, s->owner);
		sqlite3_bind_int64(upd, 2, s->pid);
		bind_text(upd, 3, s->host);
		bind_text(upd, 4, exp);
		sqlite3_bind_int64(upd, 5, (*ids)[*n]);
		if (sqlite3_step(upd) != SQLITE_DONE) {
			rc = dberr(s, err, "requests: claim");
			goto fail;
		}
		(*n)++;
	}
	sqlite3_finalize(sel);
	sel = NULL;
	if (take && (rc = commit(s, err)) != MR_OK)
		goto fail;
	goto out;
fail:
	rollback(s);
	free(*ids);
	*ids = NULL;
	*n = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return rc;
}

enum mr_rc
mr_requests_claim(struct mr_requests *s, long limit, long id, long **ids,
    size_t *n, struct mr_err *err)
{
	return claim(s, limit, id, 1, ids, n, err);
}

enum mr_rc
mr_requests_due(struct mr_requests *s, long limit, long id, long **ids,
    size_t *n, struct mr_err *err)
{
	return claim(s, limit, id, 0, ids, n, err);
}

void
mr_requests_set_owner(struct mr_requests *s, const char *owner)
{
	free(s->owner);
	s->owner = xstrdup(owner);
}

enum mr_rc
mr_requests_forced(struct mr_requests *s, long id, char *type, size_t tlen,
    char *service, size_t slen, struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	const char *v;
	enum mr_rc rc;
	int r;

	type[0] = service[0] = '\0';
	if ((rc = prepare(s, "SELECT forced_type, forced_service FROM requests"
	    " WHERE id = ?", &st, err)) != MR_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(st, 0);
		snprintf(type, tlen, "%s", v != NULL ? v : "");
		v = (const char *)sqlite3_column_text(st, 1);
		snprintf(service, slen, "%s", v != NULL ? v : "");
	} else if (r == SQLITE_DONE)
		rc = mr_err_set(err, MR_ENOTFOUND, 0, "request.not_found",
		    "no request %ld", id);
	else
		rc = dberr(s, err, "requests: forced");
out:
	sqlite3_finalize(st);
	return rc;
}

enum mr_rc
mr_requests_renew(struct mr_requests *s, struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	char exp[32];
	enum mr_rc rc;

	mr_requests_timefmt(now_of(s) + s->lease_seconds, exp, sizeof(exp));
	if ((rc = prepare(s, "UPDATE requests SET lease_expires_at = ?"
	    " WHERE lease_owner = ?", &st, err)) != MR_OK)
		goto out;
	bind_text(st, 1, exp);
	bind_text(st, 2, s->owner);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "requests: renew");
out:
	sqlite3_finalize(st);
	return rc;
}

enum mr_rc
mr_requests_release(struct mr_requests *s, long id, struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	enum mr_rc rc;

	if ((rc = prepare(s, "UPDATE requests SET lease_owner = NULL,"
	    " lease_pid = NULL, lease_host = NULL, lease_expires_at = NULL"
	    " WHERE lease_owner = ?1 AND (?2 <= 0 OR id = ?2)", &st,
	    err)) != MR_OK)
		goto out;
	bind_text(st, 1, s->owner);
	sqlite3_bind_int64(st, 2, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "requests: release");
out:
	sqlite3_finalize(st);
	return rc;
}

/* Transitions */

enum change_kind {
	CH_SENT,
	CH_REVIEW,
	CH_NOMATCH,
	CH_FAILED,
	CH_RETRY,
	CH_CANCEL,
	CH_RESET,
	CH_NOTE,
};

struct change {
	enum change_kind kind;
	const char *reason;
	long retry_after;
	const json_t *detail;
	const json_t *cls;
	int forget;
	int allow_sent;
	const char *event;
	int *failed;
	char *was;		/* CH_CANCEL: the status before, or NULL */
	const char *instance;	/* CH_SENT: arr_instance, or NULL */
	size_t was_len;
};

struct current {
	char status[32];
	char service[16];
	int attempts;
	int ours;		/* lease free or held by this handle */
};

static enum mr_rc
read_current(struct mr_requests *s, long id, struct current *c,
    struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	const char *v;
	char now[32];
	enum mr_rc rc;
	int r;

	memset(c, 0, sizeof(*c));
	if ((rc = prepare(s, "SELECT status, arr_service, attempts,"
	    " lease_owner, lease_pid, lease_host, lease_expires_at"
	    " FROM requests WHERE id = ?", &st, err)) != MR_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_DONE) {
		rc = mr_err_set(err, MR_ENOTFOUND, 0, "request.not_found",
		    "no request %ld", id);
		goto out;
	}
	if (r != SQLITE_ROW) {
		rc = dberr(s, err, "requests: read");
		goto out;
	}
	snprintf(c->status, sizeof(c->status), "%s",
	    (const char *)sqlite3_column_text(st, 0));
	v = (const char *)sqlite3_column_text(st, 1);
	snprintf(c->service, sizeof(c->service), "%s", v ? v : "");
	c->attempts = sqlite3_column_int(st, 2);
	mr_requests_timefmt(now_of(s), now, sizeof(now));
	c->ours = lease_free(s, (const char *)sqlite3_column_text(st, 3),
	    (long)sqlite3_column_int64(st, 4),
	    (const char *)sqlite3_column_text(st, 5),
	    (const char *)sqlite3_column_text(st, 6), now);
out:
	sqlite3_finalize(st);
	return rc;
}

static int
is_sent(const char *status)
{
	return strncmp(status, "SentTo", 6) == 0;
}

static enum mr_rc
store_classification(struct mr_requests *s, long id, const json_t *cls,
    struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	struct best_fields b;
	char *cdata = NULL;
	enum mr_rc rc;

	memset(&b, 0, sizeof(b));
	if (cls != NULL && (rc = best_fields(cls, &b, err)) != MR_OK)
		goto out;
	if ((rc = prepare(s, "UPDATE requests SET classification_data = ?,"
	    " media_type = ?, arr_service = ?, external_id = ?,"
	    " confidence_score = ? WHERE id = ?", &st, err)) != MR_OK)
		goto out;
	if (cls != NULL)
		cdata = json_dumps(cls, JSON_COMPACT | JSON_REAL_PRECISION(10));
	bind_text(st, 1, cdata);
	bind_text(st, 2, b.media_type);
	bind_text(st, 3, b.service);
	bind_text(st, 4, b.external_id);
	if (b.has_conf)
		sqlite3_bind_double(st, 5, b.confidence);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "requests: classification");
out:
	sqlite3_finalize(st);
	free(b.external_id);
	free(cdata);
	return rc;
}

/* Run the notify hook for a committed change; its failure is only logged. */
static void
notify(struct mr_requests *s, long id, const char *event)
{
	struct mr_err e;
	json_t *rec = NULL;

	if (!mr_notify_wants(s->notify, event))
		return;
	mr_err_clear(&e);
	if (mr_requests_get(s, id, &rec, &e) != MR_OK ||
	    mr_notify_run(s->notify, event, rec, &e) != MR_OK)
		mr_log_warn("request %ld: %s: %s", id, e.code, e.msg);
	else
		mr_log_info("request %ld: %s hook exited with status 0", id,
		    event);
	json_decref(rec);
}

static enum mr_rc
apply(struct mr_requests *s, long id, struct change *ch, struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	struct current c;
	const char *status = NULL, *event = ch->event, *last_error = NULL;
	char now[32], next[32], sent[32];
	int set_error = 0, set_next = 0, attempts = -1, mark_sent = 0;
	json_t *owned = NULL;
	enum mr_rc rc;
	long delay;

	if ((rc = begin_immediate(s, err)) != MR_OK)
		goto out;
	if ((rc = read_current(s, id, &c, err)) != MR_OK)
		goto fail;
	if (!c.ours && ch->kind != CH_NOTE) {
		rc = mr_err_set(err, MR_EBUSY, 0, "request.leased",
		    "request %ld is being processed by another worker", id);
		goto fail;
	}
	mr_requests_timefmt(now_of(s), now, sizeof(now));
	switch (ch->kind) {
	case CH_SENT:
		if (strcmp(c.service, "radarr") == 0)
			status = "SentToRadarr";
		else if (strcmp(c.service, "sonarr") == 0)
			status = "SentToSonarr";
		else if (strcmp(c.service, "lidarr") == 0)
			status = "SentToLidarr";
		else {
			rc = mr_err_set(err, MR_EINVAL, 0, "request.service",
			    "request %ld has no service", id);
			goto fail;
		}
		set_error = 1;
		set_next = 1;
		mark_sent = 1;
		event = "sent";
		break;
	case CH_REVIEW:
		status = "NeedsReview";
		set_error = 1;
		last_error = ch->reason;
		set_next = 1;
		event = "needs_review";
		break;
	case CH_NOMATCH:
		status = "NoMatch";
		set_next = 1;
		event = "no_match";
		break;
	case CH_FAILED:
		status = "Failed";
		set_error = 1;
		last_error = ch->reason;
		set_next = 1;
		event = "failed";
		break;
	case CH_RETRY:
		attempts = c.attempts + 1;
		set_error = 1;
		last_error = ch->reason;
		if (attempts >= s->max_attempts) {
			status = "Failed";
			set_next = 1;
			event = "failed";
			if (ch->failed != NULL)
				*ch->failed = 1;
			break;
		}
		status = "Pending";
		delay = mr_requests_backoff(attempts, ch->retry_after,
		    next_random(s));
		mr_requests_timefmt(now_of(s) + delay, next, sizeof(next));
		set_next = 1;
		event = "retrying";
		break;
	case CH_CANCEL:
		if ((is_sent(c.status) && !ch->allow_sent) ||
		    strcmp(c.status, "Cancelled") == 0) {
			rc = mr_err_set(err, MR_EINVAL, 0, "request.state",
			    "request %ld is %s", id, c.status);
			goto fail;
		}
		if (ch->was != NULL)
			snprintf(ch->was, ch->was_len, "%s", c.status);
		if (is_sent(c.status))
			/* The item stays in the service: the trail says so. */
			owned = json_pack("{s:s, s:s, s:b}", "was", c.status,
			    "arr_service", c.service, "removed", 0);
		status = "Cancelled";
		set_next = 1;
		event = "cancelled";
		break;
	case CH_RESET:
		if (!ch->allow_sent && (is_sent(c.status) ||
		    strcmp(c.status, "Cancelled") == 0)) {
			rc = mr_err_set(err, MR_EINVAL, 0, "request.state",
			    "request %ld is %s", id, c.status);
			goto fail;
		}
		status = "Pending";
		set_error = 1;
		set_next = 1;
		attempts = 0;
		if (ch->cls != NULL || ch->forget) {
			if ((rc = store_classification(s, id, ch->cls,
			    err)) != MR_OK)
				goto fail;
		}
		break;
	case CH_NOTE:
		status = c.status;
		break;
	}
	if (ch->kind != CH_NOTE) {
		if ((rc = prepare(s, "UPDATE requests SET status = ?1,"
		    " updated_at = ?2,"
		    " last_error = CASE WHEN ?3 THEN ?4 ELSE last_error END,"
		    " next_attempt_at = CASE WHEN ?5 THEN ?6"
		    " ELSE next_attempt_at END,"
		    " attempts = CASE WHEN ?7 >= 0 THEN ?7 ELSE attempts END,"
		    " sent_at = CASE WHEN ?8 THEN ?9 ELSE sent_at END,"
		    " arr_instance = CASE WHEN ?8 THEN ?11"
		    " ELSE arr_instance END,"
		    " lease_owner = NULL, lease_pid = NULL, lease_host = NULL,"
		    " lease_expires_at = NULL WHERE id = ?10", &st,
		    err)) != MR_OK)
			goto fail;
		bind_text(st, 1, status);
		bind_text(st, 2, now);
		sqlite3_bind_int(st, 3, set_error);
		bind_text(st, 4, last_error);
		sqlite3_bind_int(st, 5, set_next);
		bind_text(st, 6, ch->kind == CH_RETRY &&
		    strcmp(status, "Pending") == 0 ? next : NULL);
		sqlite3_bind_int(st, 7, attempts);
		sqlite3_bind_int(st, 8, mark_sent);
		mr_requests_timefmt(now_of(s), sent, sizeof(sent));
		bind_text(st, 9, sent);
		sqlite3_bind_int64(st, 10, id);
		bind_text(st, 11, ch->instance);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = dberr(s, err, "requests: update");
			goto fail;
		}
	}
	if ((rc = add_event(s, id, event, c.status, status, owned != NULL ?
	    owned : ch->detail, err)) != MR_OK)
		goto fail;
	rc = commit(s, err);
	if (rc == MR_OK)
		notify(s, id, event);
	goto out;
fail:
	rollback(s);
out:
	json_decref(owned);
	sqlite3_finalize(st);
	return rc;
}

enum mr_rc
mr_requests_set_classification(struct mr_requests *s, long id,
    const json_t *cls, const char *event, struct mr_err *err)
{
	struct current c;
	enum mr_rc rc;

	if ((rc = begin_immediate(s, err)) != MR_OK)
		goto out;
	if ((rc = read_current(s, id, &c, err)) != MR_OK)
		goto fail;
	if (!c.ours) {
		rc = mr_err_set(err, MR_EBUSY, 0, "request.leased",
		    "request %ld is being processed by another worker", id);
		goto fail;
	}
	if ((rc = store_classification(s, id, cls, err)) != MR_OK)
		goto fail;
	if ((rc = add_event(s, id, event != NULL ? event : "classified",
	    c.status, c.status, json_object_get(cls, "best"), err)) != MR_OK)
		goto fail;
	rc = commit(s, err);
	goto out;
fail:
	rollback(s);
out:
	return rc;
}

enum mr_rc
mr_requests_mark_sent(struct mr_requests *s, long id, const json_t *detail,
    struct mr_err *err)
{
	struct change ch = { .kind = CH_SENT, .detail = detail };

	return apply(s, id, &ch, err);
}

enum mr_rc
mr_requests_mark_sent_to(struct mr_requests *s, long id, const char *instance,
    const json_t *detail, struct mr_err *err)
{
	struct change ch = { .kind = CH_SENT, .detail = detail,
	    .instance = instance };

	return apply(s, id, &ch, err);
}

enum mr_rc
mr_requests_mark_review(struct mr_requests *s, long id, const char *reason,
    const json_t *detail, struct mr_err *err)
{
	struct change ch = { .kind = CH_REVIEW, .reason = reason,
	    .detail = detail };

	return apply(s, id, &ch, err);
}

enum mr_rc
mr_requests_mark_nomatch(struct mr_requests *s, long id,
    const json_t *detail, struct mr_err *err)
{
	struct change ch = { .kind = CH_NOMATCH, .detail = detail };

	return apply(s, id, &ch, err);
}

enum mr_rc
mr_requests_mark_failed(struct mr_requests *s, long id, const char *reason,
    const json_t *detail, struct mr_err *err)
{
	struct change ch = { .kind = CH_FAILED, .reason = reason,
	    .detail = detail };

	return apply(s, id, &ch, err);
}

enum mr_rc
mr_requests_retry_later(struct mr_requests *s, long id, const char *reason,
    long retry_after, const json_t *detail, int *failed, struct mr_err *err)
{
	struct change ch = { .kind = CH_RETRY, .reason = reason,
	    .retry_after = retry_after, .detail = detail, .failed = failed };

	if (failed != NULL)
		*failed = 0;
	return apply(s, id, &ch, err);
}

enum mr_rc
mr_requests_cancel(struct mr_requests *s, long id, struct mr_err *err)
{
	struct change ch = { .kind = CH_CANCEL };

	return apply(s, id, &ch, err);
}

enum mr_rc
mr_requests_withdraw(struct mr_requests *s, long id, char *was, size_t len,
    struct mr_err *err)
{
	struct change ch = { .kind = CH_CANCEL, .allow_sent = 1, .was = was,
	    .was_len = len };

	if (was != NULL && len > 0)
		was[0] = '\0';
	return apply(s, id, &ch, err);
}

enum mr_rc
mr_requests_reset(struct mr_requests *s, long id, const json_t *cls,
    int forget, int allow_sent, const char *event, struct mr_err *err)
{
	struct change ch = { .kind = CH_RESET, .cls = cls, .forget = forget,
	    .allow_sent = allow_sent,
	    .event = event != NULL ? event : "reclassified" };

	ch.detail = cls != NULL ? json_object_get(cls, "best") : NULL;
	return apply(s, id, &ch, err);
}

enum mr_rc
mr_requests_note(struct mr_requests *s, long id, const char *event,
    const json_t *detail, struct mr_err *err)
{
	struct change ch = { .kind = CH_NOTE, .event = event,
	    .detail = detail };

	return apply(s, id, &ch, err);
}

enum mr_rc
mr_requests_backfill_ids(struct mr_requests *s, long limit, long **ids,
    size_t *n, struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	enum mr_rc rc;
	int r;

	*ids = NULL;
	*n = 0;
	if ((rc = prepare(s, "SELECT id FROM requests"
	    " WHERE status NOT IN ('Cancelled')"
	    " AND classification_data IS NOT NULL"
	    " AND json_valid(classification_data)"
	    " AND json_type(classification_data, '$.best') = 'object'"
	    " AND ((external_id IS NULL AND status NOT LIKE 'SentTo%')"
	    " OR (arr_service = 'sonarr' AND"
	    " json_extract(classification_data, '$.best.id_source') = 'tmdb'))"
	    " ORDER BY id LIMIT ?", &st, err)) != MR_OK)
		goto out;
	sqlite3_bind_int64(st, 1, limit > 0 ? limit : -1);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*ids = xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[(*n)++] = (long)sqlite3_column_int64(st, 0);
	}
	if (r != SQLITE_DONE) {
		rc = dberr(s, err, "requests: backfill");
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
out:
	sqlite3_finalize(st);
	return rc;
}
