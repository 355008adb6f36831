/* upstream.c: remember HTTP outcomes of a run; write them as events. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "db.h"
#include "http.h"
#include "upstream.h"

struct call {
	char service[32];
	char code[48];
	long status;
	double latency_ms;
	int attempts;
};

struct mr_upstream {
	pthread_mutex_t mu;
	struct call *v;
	size_t n, cap;
};

struct mr_upstream *
mr_upstream_new(void)
{
	struct mr_upstream *u = xcalloc(1, sizeof(*u));

	pthread_mutex_init(&u->mu, NULL);
	return u;
}

void
mr_upstream_free(struct mr_upstream *u)
{
	if (u == NULL)
		return;
	pthread_mutex_destroy(&u->mu);
	free(u->v);
	free(u);
}

void
mr_upstream_observe(void *arg, const struct mr_http_req *r)
{
	struct mr_upstream *u = arg;
	const char *svc;
	struct call *c;

	if (u == NULL || r == NULL || r->from_cache)
		return;
	svc = r->label != NULL ? r->label : r->rate_key != NULL ?
	    r->rate_key : "other";
	pthread_mutex_lock(&u->mu);
	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 64;
		u->v = xrealloc(u->v, u->cap * sizeof(*u->v));
	}
	c = &u->v[u->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->service, sizeof(c->service), "%s", svc);
	if (r->err.rc != MR_OK)
		snprintf(c->code, sizeof(c->code), "%s",
		    mr_rc_str(r->err.rc));
	c->status = r->status;
	c->latency_ms = r->elapsed_ms;
	c->attempts = r->attempts;
	pthread_mutex_unlock(&u->mu);
}

size_t
mr_upstream_count(struct mr_upstream *u)
{
	size_t n;

	pthread_mutex_lock(&u->mu);
	n = u->n;
	pthread_mutex_unlock(&u->mu);
	return n;
}

enum mr_rc
mr_upstream_flush(struct mr_upstream *u, struct mr_db *db, const char *actor,
    struct mr_err *err)
{
	sqlite3 *h = (sqlite3 *)mr_db_sqlite(db);
	sqlite3_stmt *st = NULL;
	json_t *d;
	char *text;
	size_t i;
	enum mr_rc rc = MR_OK;
	int began = 0;

	pthread_mutex_lock(&u->mu);
	if (u->n == 0)
		goto out;
	if ((rc = mr_db_begin(db, err)) != MR_OK)
		goto out;
	began = 1;
	if (sqlite3_prepare_v2(h, "INSERT INTO events (request_id, actor, "
	    "event, detail) VALUES (NULL, ?1, 'upstream', ?2)", -1, &st,
	    NULL) != SQLITE_OK) {
		rc = mr_db_error(db, err, "upstream events");
		goto out;
	}
	for (i = 0; i < u->n; i++) {
		d = json_pack("{s:s, s:I, s:f, s:i}", "service",
		    u->v[i].service, "status", (json_int_t)u->v[i].status,
		    "latency_ms", u->v[i].latency_ms, "attempts",
		    u->v[i].attempts);
		if (u->v[i].code[0] != '\0')
			json_object_set_new(d, "error",
			    json_string(u->v[i].code));
		text = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(6));
		json_decref(d);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, actor, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, text, -1, free);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = mr_db_error(db, err, "upstream events");
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = mr_db_commit(db, err)) != MR_OK)
		goto out;
	began = 0;
	u->n = 0;
out:
	sqlite3_finalize(st);
	if (began)
		mr_db_rollback(db);
	pthread_mutex_unlock(&u->mu);
	return rc;
}
