/* report.c: the request report over a window (see report.h). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "db.h"
#include "report.h"

#define NBINS 10

static const char *const statuses[] = {
	"Pending", "NeedsReview", "NoMatch", "SentToRadarr", "SentToSonarr",
	"SentToLidarr", "Failed", "Cancelled",
};

/* Requests in the window: ?1 since, ?2 until (text, UTC). */
#define IN_WINDOW "r.requested_at >= ?1 AND r.requested_at < ?2"
/*
 * An override: an 'override' event, or what mr-reclassify records when a
 * person sets the answer (a 'reclassified' event whose best is manual).
 */
#define HAS_OVERRIDE "EXISTS (SELECT 1 FROM events e WHERE " \
	"e.request_id = r.id AND (e.event = 'override' OR " \
	"(e.event = 'reclassified' AND json_valid(e.detail) AND " \
	"json_extract(e.detail, '$.manual') = 1)))"
#define IS_RETRY "e.event IN ('retry', 'retrying')"

void
mr_report_opts_init(struct mr_report_opts *o, time_t now)
{
	memset(o, 0, sizeof(*o));
	o->until = now;
	o->since = now - 7 * 86400;
	o->list = 10;
	o->low_threshold = 0.6;
}

static void
fmt_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(buf, len, "1970-01-01 00:00:00");
}

/* Prepare sql and bind the window; NULL with err filled on failure. */
static sqlite3_stmt *
prep(struct mr_db *db, const char *sql, const char *since, const char *until,
    struct mr_err *err)
{
	sqlite3 *h = mr_db_sqlite(db);
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		mr_db_error(db, err, "report");
		return NULL;
	}
	if (sqlite3_bind_parameter_count(st) >= 2) {
		sqlite3_bind_text(st, 1, since, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, until, -1, SQLITE_TRANSIENT);
	}
	return st;
}

/* Step st; 1 for a row, 0 at the end, -1 on error (err filled). */
static int
step(struct mr_db *db, sqlite3_stmt *st, struct mr_err *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	mr_db_error(db, err, "report");
	return -1;
}

/* A single integer from sql over the window; -1 on error. */
static json_int_t
count(struct mr_db *db, const char *sql, const char *since,
    const char *until, struct mr_err *err)
{
	sqlite3_stmt *st;
	json_int_t n = -1;

	if ((st = prep(db, sql, since, until, err)) == NULL)
		return -1;
	if (step(db, st, err) == 1)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static json_t *
column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	case SQLITE_NULL:
		return json_null();
	default:
		return json_string((const char *)sqlite3_column_text(st, i));
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Percentile p (0..1) of sorted v[0..n-1], interpolating between ranks. */
static double
percentile(const double *v, size_t n, double p)
{
	double pos = p * (double)(n - 1);
	size_t lo = (size_t)floor(pos);
	double frac = pos - (double)lo;

	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (v[lo + 1] - v[lo]) * frac;
}

static json_t *
num_or_null(size_t n, double x)
{
	return n > 0 ? json_real(round(x * 1000.0) / 1000.0) : json_null();
}

struct dvec {
	double *v;
	size_t n, cap;
};

static void
dvec_push(struct dvec *d, double x)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	d->v[d->n++] = x;
}

/* Rows of sql's first column as doubles (NULLs skipped). */
static enum mr_rc
doubles(struct mr_db *db, const char *sql, const char *since,
    const char *until, struct dvec *out, struct mr_err *err)
{
	sqlite3_stmt *st;
	int r;

	if ((st = prep(db, sql, since, until, err)) == NULL)
		return err->rc;
	while ((r = step(db, st, err)) == 1)
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			dvec_push(out, sqlite3_column_double(st, 0));
	sqlite3_finalize(st);
	return r < 0 ? err->rc : MR_OK;
}

static enum mr_rc
add_status(struct mr_db *db, json_t *rep, const char *since,
    const char *until, struct mr_err *err)
{
	json_t *by = json_object();
	sqlite3_stmt *st;
	json_int_t total = 0, sent = 0;
	size_t i;
	int r;

	for (i = 0; i < MR_ARRAY_LEN(statuses); i++)
		json_object_set_new(by, statuses[i], json_integer(0));
	/* Placeholders keep the members in reading order. */
	json_object_set_new(rep, "total", json_integer(0));
	json_object_set_new(rep, "success", json_null());
	json_object_set_new(rep, "by_status", by);
	st = prep(db, "SELECT status, COUNT(*) FROM requests r WHERE "
	    IN_WINDOW " GROUP BY status", since, until, err);
	if (st == NULL)
		return err->rc;
	while ((r = step(db, st, err)) == 1) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		json_int_t n = sqlite3_column_int64(st, 1);

		json_object_set_new(by, s ? s : "", json_integer(n));
		total += n;
		if (s != NULL && strncmp(s, "SentTo", 6) == 0)
			sent += n;
	}
	sqlite3_finalize(st);
	if (r < 0)
		return err->rc;
	json_object_set_new(rep, "total", json_integer(total));
	json_object_set_new(rep, "success", json_pack("{s:I,s:I,s:o}",
	    "sent", sent, "total", total, "rate", total > 0 ?
	    json_real(round((double)sent / (double)total * 10000.0) / 10000.0)
	    : json_null()));
	return MR_OK;
}

static enum mr_rc
add_service(struct mr_db *db, json_t *rep, const char *since,
    const char *until, struct mr_err *err)
{
	json_t *by = json_object();
	sqlite3_stmt *st;
	int r;

	json_object_set_new(rep, "by_service", by);
	st = prep(db, "SELECT arr_service, arr_instance, COUNT(*) FROM "
	    "requests r WHERE " IN_WINDOW " AND arr_service IS NOT NULL "
	    "GROUP BY 1, 2 ORDER BY 1, 2", since, until, err);
	if (st == NULL)
		return err->rc;
	while ((r = step(db, st, err)) == 1) {
		const char *svc = (const char *)sqlite3_column_text(st, 0);
		const char *inst = (const char *)sqlite3_column_text(st, 1);
		json_int_t n = sqlite3_column_int64(st, 2), old;
		char *key;

		/* An instance may be stored as "4k" or as "radarr:4k". */
		if (inst == NULL || *inst == '\0' || strcmp(inst, svc) == 0)
			key = xstrdup(svc);
		else if (strchr(inst, ':') != NULL)
			key = xstrdup(inst);
		else
			key = xasprintf("%s:%s", svc, inst);
		old = json_integer_value(json_object_get(by, key));
		json_object_set_new(by, key, json_integer(old + n));
		free(key);
	}
	sqlite3_finalize(st);
	return r < 0 ? err->rc : MR_OK;
}

static enum mr_rc
add_routing(struct mr_db *db, json_t *rep, const char *since,
    const char *until, struct mr_err *err)
{
	json_int_t a, nr, ov;

	a = count(db, "SELECT COUNT(*) FROM requests r WHERE " IN_WINDOW
	    " AND r.status LIKE 'SentTo%' AND NOT " HAS_OVERRIDE,
	    since, until, err);
	nr = a < 0 ? -1 : count(db, "SELECT COUNT(*) FROM requests r WHERE "
	    IN_WINDOW " AND r.status = 'NeedsReview' AND NOT " HAS_OVERRIDE,
	    since, until, err);
	ov = nr < 0 ? -1 : count(db, "SELECT COUNT(*) FROM requests r WHERE "
	    IN_WINDOW " AND " HAS_OVERRIDE, since, until, err);
	if (ov < 0)
		return err->rc;
	json_object_set_new(rep, "routing", json_pack("{s:I,s:I,s:I}",
	    "auto", a, "needs_review", nr, "overridden", ov));
	return MR_OK;
}

static enum mr_rc
add_confidence(struct mr_db *db, json_t *rep, const char *since,
    const char *until, struct mr_err *err)
{
	struct dvec d = { 0 };
	json_int_t bins[NBINS] = { 0 };
	json_t *jb;
	double sum = 0;
	enum mr_rc rc;
	size_t i;

	rc = doubles(db, "SELECT confidence_score FROM requests r WHERE "
	    IN_WINDOW, since, until, &d, err);
	if (rc != MR_OK)
		goto out;
	for (i = 0; i < d.n; i++) {
		/* The epsilon keeps 0.3 (2.9999...) in the 0.3 bin. */
		long b = (long)floor(d.v[i] * NBINS + 1e-9);

		b = b < 0 ? 0 : b >= NBINS ? NBINS - 1 : b;
		bins[b]++;
		sum += d.v[i];
	}
	jb = json_object();
	for (i = 0; i < NBINS; i++) {
		char k[16];

		snprintf(k, sizeof(k), "%.1f-%.1f", i / 10.0, (i + 1) / 10.0);
		json_object_set_new(jb, k, json_integer(bins[i]));
	}
	json_object_set_new(rep, "confidence", json_pack("{s:I,s:o,s:o}",
	    "count", (json_int_t)d.n,
	    "mean", num_or_null(d.n, d.n ? sum / (double)d.n : 0), "bins", jb));
out:
	free(d.v);
	return rc;
}

static json_t *
stats(struct dvec *d, const char *cnt, const char *med, const char *p90,
    const char *max)
{
	json_t *o = json_object();

	if (d->n > 0)
		qsort(d->v, d->n, sizeof(*d->v), cmp_double);
	if (cnt != NULL)
		json_object_set_new(o, cnt, json_integer((json_int_t)d->n));
	json_object_set_new(o, med,
	    num_or_null(d->n, d->n ? percentile(d->v, d->n, 0.5) : 0));
	json_object_set_new(o, p90,
	    num_or_null(d->n, d->n ? percentile(d->v, d->n, 0.9) : 0));
	json_object_set_new(o, max,
	    num_or_null(d->n, d->n ? d->v[d->n - 1] : 0));
	return o;
}

static enum mr_rc
add_latency(struct mr_db *db, json_t *rep, const char *since,
    const char *until, struct mr_err *err)
{
	struct dvec d = { 0 };
	enum mr_rc rc;

	rc = doubles(db, "SELECT (julianday(sent_at) - julianday(requested_at))"
	    " * 86400.0 FROM requests r WHERE " IN_WINDOW " AND sent_at IS NOT"
	    " NULL AND status LIKE 'SentTo%'", since, until, &d, err);
	if (rc == MR_OK)
		json_object_set_new(rep, "time_to_sent_s",
		    stats(&d, "count", "median", "p90", "max"));
	free(d.v);
	return rc;
}

static enum mr_rc
add_retries(struct mr_db *db, json_t *rep, const char *since,
    const char *until, struct mr_err *err)
{
	json_int_t req, ev;

	req = count(db, "SELECT COUNT(*) FROM requests r WHERE " IN_WINDOW
	    " AND (r.attempts > 1 OR EXISTS (SELECT 1 FROM events e WHERE "
	    "e.request_id = r.id AND " IS_RETRY "))", since, until, err);
	ev = req < 0 ? -1 : count(db, "SELECT COUNT(*) FROM events e JOIN "
	    "requests r ON r.id = e.request_id WHERE " IS_RETRY " AND "
	    IN_WINDOW, since, until, err);
	if (ev < 0)
		return err->rc;
	json_object_set_new(rep, "retries", json_pack("{s:I,s:I}",
	    "requests", req, "events", ev));
	return MR_OK;
}

static void
upstream_flush(json_t *up, const char *svc, json_int_t calls,
    json_int_t errors, struct dvec *lat)
{
	json_t *o = stats(lat, NULL, "latency_ms_median", "latency_ms_p90",
	    "latency_ms_max");

	json_object_set_new(o, "calls", json_integer(calls));
	json_object_set_new(o, "errors", json_integer(errors));
	json_object_set_new(up, svc, o);
	lat->n = 0;
}

static enum mr_rc
add_upstream(struct mr_db *db, json_t *rep, const char *since,
    const char *until, struct mr_err *err)
{
	json_t *up = json_object();
	struct dvec lat = { 0 };
	sqlite3_stmt *st;
	char *cur = NULL;
	json_int_t calls = 0, errors = 0;
	enum mr_rc rc = MR_OK;
	int r;

	json_object_set_new(rep, "upstream", up);
	st = prep(db, "SELECT json_extract(detail, '$.service') AS s, "
	    "json_extract(detail, '$.status'), "
	    "json_extract(detail, '$.latency_ms') FROM events "
	    "WHERE event = 'upstream' AND at >= ?1 AND at < ?2 "
	    "AND json_valid(detail) AND s IS NOT NULL ORDER BY s",
	    since, until, err);
	if (st == NULL)
		return err->rc;
	while ((r = step(db, st, err)) == 1) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		long status = sqlite3_column_int(st, 1);

		if (cur == NULL || strcmp(cur, s) != 0) {
			if (cur != NULL)
				upstream_flush(up, cur, calls, errors, &lat);
			free(cur);
			cur = xstrdup(s);
			calls = errors = 0;
		}
		calls++;
		if (status == 0 || status >= 400)
			errors++;
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			dvec_push(&lat, sqlite3_column_double(st, 2));
	}
	if (r < 0)
		rc = err->rc;
	else if (cur != NULL)
		upstream_flush(up, cur, calls, errors, &lat);
	sqlite3_finalize(st);
	free(cur);
	free(lat.v);
	return rc;
}

/* Rows of sql as objects named by names[]; ?3 and ?4 bound by caller. */
static enum mr_rc
add_list(struct mr_db *db, json_t *rep, const char *member, const char *sql,
    const char *const *names, int ncol, const char *since, const char *until,
    const struct mr_report_opts *o, struct mr_err *err)
{
	json_t *arr = json_array();
	sqlite3_stmt *st;
	int r, i;

	json_object_set_new(rep, member, arr);
	if ((st = prep(db, sql, since, until, err)) == NULL)
		return err->rc;
	if (sqlite3_bind_parameter_count(st) >= 4) {
		sqlite3_bind_double(st, 3, o->low_threshold);
		sqlite3_bind_int(st, 4, o->list);
	} else {
		sqlite3_bind_int(st, 3, o->list);
	}
	while ((r = step(db, st, err)) == 1) {
		json_t *row = json_object();

		for (i = 0; i < ncol; i++)
			json_object_set_new(row, names[i], column_json(st, i));
		json_array_append_new(arr, row);
	}
	sqlite3_finalize(st);
	return r < 0 ? err->rc : MR_OK;
}

enum mr_rc
mr_report_build(struct mr_db *db, const struct mr_report_opts *o,
    json_t **out, struct mr_err *err)
{
	static const char *const low_cols[] = { "id", "title", "status",
		"arr_service", "confidence" };
	static const char *const fail_cols[] = { "id", "title", "attempts",
		"updated_at", "last_error" };
	char since[32], until[32];
	json_t *rep = NULL;
	struct mr_err tmp;
	enum mr_rc rc;

	if (err == NULL)
		err = &tmp;
	*out = NULL;
	if (o->since >= o->until) {
		rc = mr_err_set(err, MR_EINVAL, 0, "report.window",
		    "the window is empty: since is not before until");
		goto out;
	}
	fmt_time(o->since, since, sizeof(since));
	fmt_time(o->until, until, sizeof(until));
	rep = json_object();
	json_object_set_new(rep, "window", json_pack("{s:s,s:s}",
	    "since", since, "until", until));
	if ((rc = add_status(db, rep, since, until, err)) != MR_OK ||
	    (rc = add_service(db, rep, since, until, err)) != MR_OK ||
	    (rc = add_routing(db, rep, since, until, err)) != MR_OK ||
	    (rc = add_confidence(db, rep, since, until, err)) != MR_OK ||
	    (rc = add_latency(db, rep, since, until, err)) != MR_OK ||
	    (rc = add_retries(db, rep, since, until, err)) != MR_OK ||
	    (rc = add_upstream(db, rep, since, until, err)) != MR_OK)
		goto out;
	rc = add_list(db, rep, "lowest_confidence", "SELECT id, title, status,"
	    " arr_service, confidence_score FROM requests r WHERE " IN_WINDOW
	    " AND confidence_score < ?3 ORDER BY confidence_score, id LIMIT ?4",
	    low_cols, 5, since, until, o, err);
	if (rc != MR_OK)
		goto out;
	rc = add_list(db, rep, "failed", "SELECT id, title, attempts, "
	    "updated_at, last_error FROM requests r WHERE " IN_WINDOW
	    " AND status = 'Failed' ORDER BY updated_at DESC, id DESC LIMIT ?3",
	    fail_cols, 5, since, until, o, err);
	if (rc != MR_OK)
		goto out;
	*out = rep;
	rep = NULL;
out:
	json_decref(rep);
	return rc;
}

/* A growing string. */
struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *t;
	size_t n;

	va_start(ap, fmt);
	t = xvasprintf(fmt, ap);
	va_end(ap);
	n = strlen(t);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, t, n + 1);
	b->len += n;
	free(t);
}

static json_int_t
geti(const json_t *o, const char *path1, const char *path2)
{
	const json_t *v = json_object_get(o, path1);

	if (path2 != NULL)
		v = json_object_get(v, path2);
	return json_integer_value(v);
}

/* "1m 05s" style durations for people. */
static void
fmt_dur(const json_t *v, char *buf, size_t len)
{
	double s;

	if (!json_is_number(v)) {
		snprintf(buf, len, "-");
		return;
	}
	s = json_number_value(v);
	if (s < 60)
		snprintf(buf, len, "%.0fs", s);
	else if (s < 3600)
		snprintf(buf, len, "%dm %02ds", (int)(s / 60),
		    (int)fmod(s, 60));
	else if (s < 86400)
		snprintf(buf, len, "%dh %02dm", (int)(s / 3600),
		    (int)fmod(s / 60, 60));
	else
		snprintf(buf, len, "%dd %02dh", (int)(s / 86400),
		    (int)fmod(s / 3600, 24));
}

static void
fmt_num(const json_t *v, char *buf, size_t len, const char *nfmt)
{
	if (json_is_number(v))
		snprintf(buf, len, nfmt, json_number_value(v));
	else
		snprintf(buf, len, "-");
}

/* Copy s into buf, cut to width characters (bytes) with "...". */
static const char *
cut(const char *s, char *buf, size_t width)
{
	size_t n;

	if (s == NULL)
		s = "";
	n = strlen(s);
	if (n <= width || width < 4) {
		snprintf(buf, width + 1, "%s", s);
		return buf;
	}
	/* Do not split a UTF-8 sequence. */
	n = width - 3;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

static void
render_text(struct sbuf *b, const json_t *r)
{
	const json_t *w = json_object_get(r, "window");
	const json_t *v, *bins, *row;
	const char *k;
	char x[64], y[64], z[64], t[128];
	json_int_t total = geti(r, "total", NULL), maxbin = 0;
	size_t i;
	int width = 40;

	sb_printf(b, "media-route report %s .. %s UTC\n\n",
	    json_string_value(json_object_get(w, "since")),
	    json_string_value(json_object_get(w, "until")));
	v = json_object_get(json_object_get(r, "success"), "rate");
	fmt_num(v, x, sizeof(x), "%.1f%%");
	if (json_is_number(v))
		snprintf(x, sizeof(x), "%.1f%%", json_number_value(v) * 100);
	sb_printf(b, "%-24s %8lld\n", "requests", (long long)total);
	sb_printf(b, "%-24s %8lld  %s\n", "sent",
	    (long long)geti(r, "success", "sent"), x);
	sb_printf(b, "%-24s %8lld\n", "auto-routed",
	    (long long)geti(r, "routing", "auto"));
	sb_printf(b, "%-24s %8lld\n", "needs review",
	    (long long)geti(r, "routing", "needs_review"));
	sb_printf(b, "%-24s %8lld\n", "overridden",
	    (long long)geti(r, "routing", "overridden"));
	sb_printf(b, "%-24s %8lld  (%lld retry events)\n", "retried",
	    (long long)geti(r, "retries", "requests"),
	    (long long)geti(r, "retries", "events"));
	v = json_object_get(r, "time_to_sent_s");
	fmt_dur(json_object_get(v, "median"), x, sizeof(x));
	fmt_dur(json_object_get(v, "p90"), y, sizeof(y));
	sb_printf(b, "%-24s %8s  p90 %s\n", "time to sent, median", x, y);

	sb_printf(b, "\nby status\n");
	json_object_foreach((json_t *)json_object_get(r, "by_status"), k, v)
		sb_printf(b, "  %-22s %8lld\n", k,
		    (long long)json_integer_value(v));

	sb_printf(b, "\nby service\n");
	if (json_object_size(json_object_get(r, "by_service")) == 0)
		sb_printf(b, "  (none)\n");
	json_object_foreach((json_t *)json_object_get(r, "by_service"), k, v)
		sb_printf(b, "  %-22s %8lld\n", k,
		    (long long)json_integer_value(v));

	v = json_object_get(r, "confidence");
	bins = json_object_get(v, "bins");
	fmt_num(json_object_get(v, "mean"), x, sizeof(x), "%.3f");
	sb_printf(b, "\nconfidence (%lld scored, mean %s)\n",
	    (long long)geti(r, "confidence", "count"), x);
	json_object_foreach((json_t *)bins, k, v)
		if (json_integer_value(v) > maxbin)
			maxbin = json_integer_value(v);
	json_object_foreach((json_t *)bins, k, v) {
		json_int_t n = json_integer_value(v);
		int bar = maxbin ? (int)((n * width + maxbin - 1) / maxbin) : 0;

		sb_printf(b, "  %-9s %6lld |%.*s\n", k, (long long)n, bar,
		    "########################################");
	}

	v = json_object_get(r, "upstream");
	sb_printf(b, "\n%-24s %8s %8s %8s %8s %8s\n", "upstream", "calls",
	    "errors", "med ms", "p90 ms", "max ms");
	if (json_object_size(v) == 0)
		sb_printf(b, "  (none)\n");
	json_object_foreach((json_t *)v, k, row) {
		fmt_num(json_object_get(row, "latency_ms_median"), x, sizeof(x),
		    "%.0f");
		fmt_num(json_object_get(row, "latency_ms_p90"), y, sizeof(y),
		    "%.0f");
		fmt_num(json_object_get(row, "latency_ms_max"), z, sizeof(z),
		    "%.0f");
		sb_printf(b, "  %-22s %8lld %8lld %8s %8s %8s\n",
		    cut(k, t, 22), (long long)geti(row, "calls", NULL),
		    (long long)geti(row, "errors", NULL), x, y, z);
	}

	v = json_object_get(r, "lowest_confidence");
	sb_printf(b, "\nlowest confidence\n");
	if (json_array_size(v) == 0)
		sb_printf(b, "  (none)\n");
	else
		sb_printf(b, "  %6s %5s %-12s %-7s %s\n", "id", "conf",
		    "status", "service", "title");
	json_array_foreach(v, i, row) {
		const char *svc = json_string_value(json_object_get(row,
		    "arr_service"));

		fmt_num(json_object_get(row, "confidence"), x, sizeof(x),
		    "%.2f");
		sb_printf(b, "  %6lld %5s %-12s %-7s %s\n",
		    (long long)geti(row, "id", NULL), x,
		    json_string_value(json_object_get(row, "status")),
		    svc ? svc : "-", cut(json_string_value(
		    json_object_get(row, "title")), t, 40));
	}

	v = json_object_get(r, "failed");
	sb_printf(b, "\nfailed\n");
	if (json_array_size(v) == 0)
		sb_printf(b, "  (none)\n");
	json_array_foreach(v, i, row) {
		const char *e = json_string_value(json_object_get(row,
		    "last_error"));

		sb_printf(b, "  %6lld %s (%lld attempts)\n",
		    (long long)geti(row, "id", NULL), cut(json_string_value(
		    json_object_get(row, "title")), t, 50),
		    (long long)geti(row, "attempts", NULL));
		sb_printf(b, "         %s\n", cut(e ? e : "no reason recorded",
		    z, 63));
	}
}

/* Append s as a CSV field, quoted when it needs it. */
static void
csv_field(struct sbuf *b, const char *s)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL && (*s == '\0' ||
	    (!isspace((unsigned char)s[0]) &&
	    !isspace((unsigned char)s[strlen(s) - 1])))) {
		sb_printf(b, "%s", s);
		return;
	}
	sb_printf(b, "\"");
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			sb_printf(b, "\"\"");
		else
			sb_printf(b, "%c", *p);
	}
	sb_printf(b, "\"");
}

static void
csv_value(struct sbuf *b, const json_t *v)
{
	char buf[64];

	if (json_is_string(v)) {
		csv_field(b, json_string_value(v));
	} else if (json_is_integer(v)) {
		sb_printf(b, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		/* The shortest form that reads back the same: 0.97, not
		 * 0.96999999999999997. */
		snprintf(buf, sizeof(buf), "%.15g", json_real_value(v));
		if (strtod(buf, NULL) != json_real_value(v))
			snprintf(buf, sizeof(buf), "%.17g", json_real_value(v));
		sb_printf(b, "%s", buf);
	} else if (json_is_true(v)) {
		sb_printf(b, "true");
	} else if (json_is_false(v)) {
		sb_printf(b, "false");
	}
}

static void
csv_walk(struct sbuf *b, const char *path, const json_t *o)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)o, k, v) {
		char *sub = *path ? xasprintf("%s.%s", path, k) : xstrdup(k);

		if (json_is_object(v)) {
			csv_walk(b, sub, v);
		} else if (json_is_array(v)) {
			json_t *e;

			json_array_foreach(v, i, e) {
				json_t *id = json_object_get(e, "id");
				char *p2 = json_is_integer(id) ?
				    xasprintf("%s.%lld", sub,
				    (long long)json_integer_value(id)) :
				    xasprintf("%s.%zu", sub, i);

				if (json_is_object(e))
					csv_walk(b, p2, e);
				free(p2);
			}
		} else {
			csv_field(b, *path ? path : k);
			sb_printf(b, ",");
			csv_field(b, *path ? k : "");
			sb_printf(b, ",");
			csv_value(b, v);
			sb_printf(b, "\r\n");
		}
		free(sub);
	}
}

char *
mr_report_render(const json_t *report, enum mr_report_format fmt)
{
	struct sbuf b = { 0 };
	char *s;

	switch (fmt) {
	case MR_REPORT_JSON:
		s = json_dumps(report, JSON_COMPACT | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(10));
		sb_printf(&b, "%s\n", s ? s : "{}");
		free(s);
		break;
	case MR_REPORT_CSV:
		sb_printf(&b, "metric,key,value\r\n");
		csv_walk(&b, "", report);
		break;
	case MR_REPORT_TEXT:
	default:
		render_text(&b, report);
		break;
	}
	return b.s;
}

int
mr_report_format_parse(const char *s)
{
	if (strcmp(s, "text") == 0)
		return MR_REPORT_TEXT;
	if (strcmp(s, "json") == 0)
		return MR_REPORT_JSON;
	if (strcmp(s, "csv") == 0)
		return MR_REPORT_CSV;
	return -1;
}

/* n digits at *p into *out; advances *p. */
static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	while (n-- > 0) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (*(*p)++ - '0');
	}
	*out = v;
	return 0;
}

int
mr_report_parse_time(const char *s, int end_of_day, time_t *out)
{
	struct tm tm;
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	int dateonly = 1;
	time_t t;

	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		dateonly = 0;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec))
				return -1;
			if (*p == '.')
				for (p++; isdigit((unsigned char)*p); p++)
					;
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p++ == '+' ? 1 : -1;
			if (digits(&p, 2, &oh))
				return -1;
			if (*p == ':')
				p++;
			if (digits(&p, 2, &om))
				return -1;
		}
	}
	if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60 || oh > 23 || om > 59)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	/* timegm normalises 2026-02-31; refuse such dates. */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
		return -1;
	t -= sign * (oh * 3600 + om * 60);
	if (dateonly && end_of_day)
		t += 86400;
	*out = t;
	return 0;
}
