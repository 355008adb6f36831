/* import.c: the prototype's requests into the request store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "db.h"
#include "import.h"
#include "requests.h"

const char *
mr_import_status(const char *proto_status)
{
	static const char *const sent[] = { "SentToRadarr", "SentToSonarr",
	    "SentToLidarr" };
	size_t i;

	if (proto_status != NULL)
		for (i = 0; i < MR_ARRAY_LEN(sent); i++)
			if (strcasecmp(proto_status, sent[i]) == 0)
				return sent[i];
	return "Pending";
}

const char *
mr_import_media_type(const char *proto_type)
{
	static const char *const map[][2] = {
		{ "movie", "movie" }, { "movies", "movie" },
		{ "film", "movie" },
		{ "tv", "tv" }, { "tv show", "tv" }, { "tv_show", "tv" },
		{ "tvshow", "tv" }, { "show", "tv" }, { "series", "tv" },
		{ "music", "music" }, { "album", "music" },
		{ "artist", "music" },
	};
	size_t i;

	if (proto_type != NULL)
		for (i = 0; i < MR_ARRAY_LEN(map); i++)
			if (strcasecmp(proto_type, map[i][0]) == 0)
				return map[i][1];
	return NULL;
}

/* The service a sent status names ("SentToRadarr" -> "radarr"). */
static const char *
sent_service(const char *status)
{
	if (strcmp(status, "SentToRadarr") == 0)
		return "radarr";
	if (strcmp(status, "SentToSonarr") == 0)
		return "sonarr";
	if (strcmp(status, "SentToLidarr") == 0)
		return "lidarr";
	return NULL;
}

static const char *
service_type(const char *service)
{
	if (strcmp(service, "radarr") == 0)
		return "movie";
	if (strcmp(service, "sonarr") == 0)
		return "tv";
	return "music";
}

static const char *
norm_priority(const char *p)
{
	if (p != NULL && strcasecmp(p, "low") == 0)
		return "Low";
	if (p != NULL && strcasecmp(p, "high") == 0)
		return "High";
	return "Medium";
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* Does the prototype's table have this column? */
static int
has_column(sqlite3 *src, const char *table, const char *col)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int found = 0;

	sql = xasprintf("PRAGMA table_info(%s)", table);
	if (sqlite3_prepare_v2(src, sql, -1, &st, NULL) == SQLITE_OK)
		while (!found && sqlite3_step(st) == SQLITE_ROW)
			found = strcasecmp((const char *)sqlite3_column_text(st,
			    1), col) == 0;
	sqlite3_finalize(st);
	free(sql);
	return found;
}

/*
 * The SELECT over the prototype's requests; columns a version of it
 * lacks read as NULL.  Result columns: id, title, status, media_type,
 * priority, requested_at, last_status_update, arr_service, external_id,
 * confidence_score, classification_data, user_id, username, and the raw
 * requested_at and last_status_update.
 */
static char *
source_sql(sqlite3 *src)
{
	static const char *const opt[] = { "media_type", "priority",
	    "requested_at", "last_status_update", "arr_service", "external_id",
	    "confidence_score", "classification_data", "user_id" };
	char *cols[MR_ARRAY_LEN(opt)], *user, *sql;
	size_t i;

	for (i = 0; i < MR_ARRAY_LEN(opt); i++) {
		if (!has_column(src, "requests", opt[i]))
			cols[i] = xstrdup("NULL");
		else if (i == 2 || i == 3)
			cols[i] = xasprintf("datetime(r.%s)", opt[i]);
		else
			cols[i] = xasprintf("r.%s", opt[i]);
	}
	if (has_column(src, "requests", "user_id") &&
	    has_column(src, "users", "username"))
		user = xstrdup("(SELECT u.username FROM users u"
		    " WHERE u.id = r.user_id)");
	else
		user = xstrdup("NULL");
	sql = xasprintf("SELECT r.id, r.title, r.status, %s, %s, %s, %s, %s,"
	    " %s, %s, %s, %s, %s, %s, %s FROM requests r ORDER BY r.id",
	    cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6],
	    cols[7], cols[8], user,
	    strcmp(cols[2], "NULL") == 0 ? "NULL" : "r.requested_at",
	    strcmp(cols[3], "NULL") == 0 ? "NULL" : "r.last_status_update");
	for (i = 0; i < MR_ARRAY_LEN(opt); i++)
		free(cols[i]);
	free(user);
	return sql;
}

/* Prototype ids imported before (origin "import:N"), sorted. */
static enum mr_rc
imported_ids(struct mr_db *db, long **ids, size_t *n, struct mr_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	enum mr_rc rc = MR_OK;
	int r;

	*ids = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(mr_db_sqlite(db), "SELECT CAST(substr(origin,"
	    " 8) AS INTEGER) FROM requests WHERE origin LIKE 'import:%'", -1,
	    &st, NULL) != SQLITE_OK) {
		rc = mr_db_error(db, err, "import: prepare");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*ids = xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[(*n)++] = (long)sqlite3_column_int64(st, 0);
	}
	if (r != SQLITE_DONE)
		rc = mr_db_error(db, err, "import: select");
	else if (*n > 1)
		qsort(*ids, *n, sizeof(**ids), cmp_long);
out:
	sqlite3_finalize(st);
	return rc;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
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
		return json_string(col_text(st, i));
	}
}

/* The event detail: the prototype's row as it was. */
static json_t *
row_detail(sqlite3_stmt *src, const char *path)
{
	static const struct {
		const char *name;
		int col;
	} f[] = {
		{ "status", 2 }, { "media_type", 3 }, { "priority", 4 },
		{ "requested_at", 13 }, { "last_status_update", 14 },
		{ "arr_service", 7 }, { "external_id", 8 },
		{ "confidence_score", 9 }, { "user_id", 11 },
		{ "username", 12 },
	};
	const char *cd;
	json_t *d, *cls;
	size_t i;

	d = json_pack("{s:I, s:s}", "prototype_id",
	    (json_int_t)sqlite3_column_int64(src, 0), "source", path);
	for (i = 0; i < MR_ARRAY_LEN(f); i++)
		json_object_set_new(d, f[i].name, col_json(src, f[i].col));
	cd = col_text(src, 10);
	cls = cd != NULL ? json_loads(cd, JSON_DECODE_ANY, NULL) : NULL;
	json_object_set_new(d, "classification_data", cls != NULL ? cls :
	    cd != NULL ? json_string(cd) : json_null());
	return d;
}

/* Store one prototype row; *id gets our request id. */
static enum mr_rc
store_row(struct mr_db *db, sqlite3_stmt *src, const char *path,
    const char *actor, const char *now, long *id, const char **status,
    struct mr_err *err)
{
	sqlite3 *dst = mr_db_sqlite(db);
	sqlite3_stmt *st = NULL;
	const char *title = col_text(src, 1), *service = NULL, *type;
	const char *at, *upd;
	char *norm = NULL, *origin = NULL, *detail = NULL;
	json_t *d = NULL;
	enum mr_rc rc = MR_OK;

	*status = mr_import_status(col_text(src, 2));
	service = sent_service(*status);
	type = mr_import_media_type(col_text(src, 3));
	if (service != NULL && type == NULL)
		type = service_type(service);
	at = col_text(src, 5) != NULL ? col_text(src, 5) : now;
	upd = col_text(src, 6) != NULL ? col_text(src, 6) : at;
	norm = mr_requests_title_norm(title);
	origin = xasprintf("import:%lld",
	    (long long)sqlite3_column_int64(src, 0));
	if (sqlite3_prepare_v2(dst, "INSERT INTO requests (title, title_norm,"
	    " requested_by, priority, status, requested_at, updated_at,"
	    " media_type, arr_service, external_id, confidence_score,"
	    " sent_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    -1, &st, NULL) != SQLITE_OK) {
		rc = mr_db_error(db, err, "import: prepare");
		goto out;
	}
	bind_text(st, 1, title);
	bind_text(st, 2, norm);
	bind_text(st, 3, col_text(src, 12));
	bind_text(st, 4, norm_priority(col_text(src, 4)));
	bind_text(st, 5, *status);
	bind_text(st, 6, at);
	bind_text(st, 7, upd);
	/* A pending row keeps nothing of the old classification. */
	bind_text(st, 8, service != NULL ? type : NULL);
	bind_text(st, 9, service);
	bind_text(st, 10, service != NULL ? col_text(src, 8) : NULL);
	if (service != NULL && sqlite3_column_type(src, 9) != SQLITE_NULL)
		sqlite3_bind_double(st, 11, sqlite3_column_double(src, 9));
	else
		sqlite3_bind_null(st, 11);
	bind_text(st, 12, service != NULL ? upd : NULL);
	bind_text(st, 13, origin);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = mr_db_error(db, err, "import: insert");
		goto out;
	}
	*id = (long)sqlite3_last_insert_rowid(dst);
	sqlite3_finalize(st);
	st = NULL;
	d = row_detail(src, path);
	detail = json_dumps(d, JSON_COMPACT | JSON_REAL_PRECISION(10));
	if (sqlite3_prepare_v2(dst, "INSERT INTO events (request_id, at, actor,"
	    " event, old_status, new_status, detail)"
	    " VALUES (?, ?, ?, 'import', ?, ?, ?)", -1, &st, NULL) !=
	    SQLITE_OK) {
		rc = mr_db_error(db, err, "import: prepare");
		goto out;
	}
	sqlite3_bind_int64(st, 1, *id);
	bind_text(st, 2, now);
	bind_text(st, 3, actor);
	bind_text(st, 4, col_text(src, 2));
	bind_text(st, 5, *status);
	bind_text(st, 6, detail);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = mr_db_error(db, err, "import: event");
out:
	sqlite3_finalize(st);
	json_decref(d);
	free(detail);
	free(origin);
	free(norm);
	return rc;
}

enum mr_rc
mr_import_prototype(struct mr_db *db, const char *path, const char *actor,
    int dry_run, json_t **records, struct mr_import_stats *stats,
    struct mr_err *err)
{
	sqlite3 *src = NULL;
	sqlite3_stmt *sst = NULL;
	struct mr_requests *rs = NULL;
	const char *status;
	char *sql = NULL, *norm, now[32];
	long *done = NULL, pid, id = 0;
	size_t ndone = 0;
	json_t *rec;
	enum mr_rc rc = MR_OK;
	int r, began = 0;

	memset(stats, 0, sizeof(*stats));
	if (records != NULL)
		*records = json_array();
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		rc = mr_err_set(err, MR_ENOTFOUND, 0, "import.open",
		    "%s: %s", path, src != NULL ? sqlite3_errmsg(src) :
		    "cannot open");
		goto out;
	}
	sqlite3_busy_timeout(src, 5000);
	if (!has_column(src, "requests", "id") ||
	    !has_column(src, "requests", "title") ||
	    !has_column(src, "requests", "status")) {
		rc = mr_err_set(err, MR_EINVAL, 0, "import.schema",
		    "%s: no prototype requests table (id, title, status)",
		    path);
		goto out;
	}
	sql = source_sql(src);
	if (sqlite3_prepare_v2(src, sql, -1, &sst, NULL) != SQLITE_OK) {
		rc = mr_err_set(err, MR_EINVAL, 0, "import.schema", "%s: %s",
		    path, sqlite3_errmsg(src));
		goto out;
	}
	if ((rc = mr_db_begin(db, err)) != MR_OK)
		goto out;
	began = 1;
	if ((rc = imported_ids(db, &done, &ndone, err)) != MR_OK)
		goto out;
	rs = mr_requests_new(db, actor);
	mr_requests_timefmt(time(NULL), now, sizeof(now));
	while ((r = sqlite3_step(sst)) == SQLITE_ROW) {
		stats->rows++;
		pid = (long)sqlite3_column_int64(sst, 0);
		if (ndone > 0 && bsearch(&pid, done, ndone, sizeof(*done),
		    cmp_long) != NULL) {
			stats->skipped++;
			continue;
		}
		norm = col_text(sst, 1) != NULL ?
		    mr_requests_title_norm(col_text(sst, 1)) : NULL;
		r = norm != NULL && norm[0] != '\0';
		free(norm);
		if (!r) {
			stats->invalid++;
			continue;
		}
		if ((rc = store_row(db, sst, path, actor, now, &id, &status,
		    err)) != MR_OK)
			goto out;
		stats->imported++;
		if (strcmp(status, "Pending") == 0)
			stats->pending++;
		else
			stats->sent++;
		if (records == NULL)
			continue;
		if ((rc = mr_requests_get(rs, id, &rec, err)) != MR_OK)
			goto out;
		json_object_set_new(rec, "prototype_id", json_integer(pid));
		if (dry_run) {
			json_object_set_new(rec, "id", json_null());
			json_object_set_new(rec, "dry_run", json_true());
		}
		json_array_append_new(*records, rec);
	}
	if (r != SQLITE_DONE) {
		rc = mr_err_set(err, MR_EDB, 0, "import.read", "%s: %s", path,
		    sqlite3_errmsg(src));
		goto out;
	}
	if (dry_run)
		mr_db_rollback(db);
	else
		rc = mr_db_commit(db, err);
	began = 0;
out:
	if (began)
		mr_db_rollback(db);
	if (rc != MR_OK && records != NULL) {
		json_decref(*records);
		*records = NULL;
	}
	mr_requests_free(rs);
	sqlite3_finalize(sst);
	sqlite3_close(src);
	free(sql);
	free(done);
	return rc;
}
