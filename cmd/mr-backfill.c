/*
 * mr-backfill: fill in the ids of old requests.
 *
 * Reads requests from the database that have a best match but no
 * external id, and TV requests that hold a TMDb id where Sonarr needs a
 * TVDB id (id_source "tmdb", as the prototype stored them).  Classifies
 * their titles again (TMDb, Spotify, MusicBrainz, Sonarr and Lidarr
 * lookups, through the shared cache and rate limits) and keeps the answer
 * only when it is the same item (same TMDb id, or same title and service)
 * with the right kind of id.  Changes the database: the classification
 * and ids; a request not yet sent goes back to Pending for mr-process, a
 * sent one keeps its status.  Never changes a service.  Writes the
 * request record of each request it changed (or would, with -n); a
 * request it cannot resolve gives an error record and exit 1.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "common/meter.h"
#include "common/tool.h"
#include "classify.h"
#include "jsonl.h"
#include "requests.h"

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: mr-backfill [-nPqVv] [-c file] [-j jobs]"
	    " [-l limit] [--progress | --no-progress]\n");
}

static const char *
want_source(const char *service)
{
	if (strcmp(service, "sonarr") == 0)
		return "tvdb";
	if (strcmp(service, "radarr") == 0)
		return "tmdb";
	return "musicbrainz";
}

static json_int_t
tmdb_of(const json_t *best)
{
	const json_t *v = json_object_get(json_object_get(best, "ids"),
	    "tmdb");
	const char *src, *ext;
	long n;

	if (json_is_integer(v))
		return json_integer_value(v);
	src = json_string_value(json_object_get(best, "id_source"));
	ext = json_string_value(json_object_get(best, "external_id"));
	if (src != NULL && ext != NULL && strcmp(src, "tmdb") == 0 &&
	    mr_parse_long(ext, 1, 0x7fffffffL, &n) == 0)
		return n;
	return 0;
}

/* Among the new answer's best and matches, the same item as old, with an
 * id of the kind its service needs; NULL when none. */
static const json_t *
same_item(const json_t *old_best, const json_t *cls)
{
	const char *svc, *title, *s, *src, *ext;
	const json_t *m, *matches;
	json_int_t tmdb;
	size_t i, n;

	svc = json_string_value(json_object_get(old_best, "service"));
	title = json_string_value(json_object_get(old_best, "title"));
	if (svc == NULL)
		return NULL;
	tmdb = tmdb_of(old_best);
	matches = json_object_get(cls, "matches");
	n = json_array_size(matches);
	for (i = 0; i <= n; i++) {
		m = i == 0 ? json_object_get(cls, "best") :
		    json_array_get(matches, i - 1);
		if (!json_is_object(m))
			continue;
		s = json_string_value(json_object_get(m, "service"));
		src = json_string_value(json_object_get(m, "id_source"));
		ext = json_string_value(json_object_get(m, "external_id"));
		if (s == NULL || strcmp(s, svc) != 0 || src == NULL ||
		    ext == NULL || strcmp(src, want_source(svc)) != 0)
			continue;
		if (tmdb > 0 ? tmdb_of(m) == tmdb : (title != NULL &&
		    json_string_value(json_object_get(m, "title")) != NULL &&
		    strcasecmp(title, json_string_value(json_object_get(m,
		    "title"))) == 0))
			return m;
	}
	return NULL;
}

static int
types_of(const char *service)
{
	if (service == NULL)
		return 0;
	if (strcmp(service, "sonarr") == 0)
		return MR_TYPE_TV;
	if (strcmp(service, "radarr") == 0)
		return MR_TYPE_MOVIE;
	return MR_TYPE_MUSIC;
}

static enum mr_rc
backfill_one(struct mr_tool *t, struct mr_requests *st,
    struct mr_classifier *c, long id)
{
	struct mr_classify_opts co;
	struct mr_err e;
	json_t *rec = NULL, *fresh = NULL, *cls = NULL, *out = NULL;
	const json_t *old, *old_best, *m;
	const char *title, *status;
	char where[32];
	enum mr_rc rc;

	snprintf(where, sizeof(where), "request %ld", id);
	mr_err_clear(&e);
	if ((rc = mr_requests_get(st, id, &rec, &e)) != MR_OK)
		goto fail;
	old = json_object_get(rec, "classification");
	old_best = json_object_get(old, "best");
	title = json_string_value(json_object_get(rec, "title"));
	status = json_string_value(json_object_get(rec, "status"));
	mr_classify_opts_init(&co);
	co.types = types_of(json_string_value(json_object_get(old_best,
	    "service")));
	if (t->jobs > 0)
		co.jobs = t->jobs;
	if ((rc = mr_classify_batch(c, &co, &title, 1, &fresh, &e)) != MR_OK)
		goto fail;
	if (json_object_get(fresh, "error") != NULL) {
		rc = mr_err_set(&e, MR_ENET, 0, "backfill.classify", "%s",
		    json_string_value(json_object_get(json_object_get(fresh,
		    "error"), "message")) ? json_string_value(json_object_get(
		    json_object_get(fresh, "error"), "message")) :
		    "classification failed");
		goto fail;
	}
	if ((m = same_item(old_best, fresh)) == NULL) {
		rc = mr_err_set(&e, MR_ENOTFOUND, 0, "backfill.unresolved",
		    "no %s id found for \"%s\"", want_source(
		    json_string_value(json_object_get(old_best, "service"))),
		    title);
		goto fail;
	}
	cls = json_deep_copy(old);
	json_object_set(cls, "best", (json_t *)m);
	if (t->dry_run) {
		out = json_deep_copy(rec);
		json_object_set(out, "classification", cls);
		json_object_set(out, "external_id",
		    json_object_get(m, "external_id"));
		json_object_set_new(out, "dry_run", json_true());
	} else {
		if (strncmp(status, "SentTo", 6) == 0)
			rc = mr_requests_set_classification(st, id, cls,
			    "backfilled", &e);
		else
			rc = mr_requests_reset(st, id, cls, 0, 0, "backfilled",
			    &e);
		if (rc != MR_OK)
			goto fail;
		if ((rc = mr_requests_get(st, id, &out, &e)) != MR_OK)
			goto fail;
	}
	mr_tool_emit(t, out);
	goto out;
fail:
	mr_tool_warn(t, where, &e);
	mr_tool_fail(t, rc == MR_ENOTFOUND || rc == MR_EINVAL ||
	    rc == MR_EBUSY ? MR_EXIT_PARTIAL : mr_rc_exit(rc));
	out = mr_jsonl_error_record(title, &e);
	json_object_set_new(out, "id", json_integer(id));
	mr_tool_emit(t, out);
out:
	json_decref(out);
	json_decref(cls);
	json_decref(fresh);
	json_decref(rec);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		MR_TOOL_LONGOPTS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ "limit", required_argument, NULL, 'l' },
		MR_METER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct mr_classifier *c = NULL;
	struct mr_requests *st = NULL;
	struct mr_meter *meter = NULL;
	struct mr_tool t;
	struct mr_err e;
	const char *user;
	char *actor = NULL;
	long limit = 0, *ids = NULL;
	size_t n = 0, i, errors = 0;
	enum mr_rc rc;
	int ch, progress = MR_METER_AUTO;

	mr_tool_init(&t, NULL, argv[0], usage);
	while ((ch = getopt_long(argc, argv, MR_TOOL_SHORTOPTS "nl:",
	    longopts, NULL)) != -1) {
		if (mr_tool_option(&t, ch, optarg))
			continue;
		switch (ch) {
		case 'n':
			t.dry_run = 1;
			break;
		case 'l':
			if (mr_parse_long(optarg, 1, 10000000, &limit) != 0)
				mr_tool_usage_error(&t, "-l: not a number: %s",
				    optarg);
			break;
		case MR_METER_OPT_ON:
		case MR_METER_OPT_OFF:
			progress = ch == MR_METER_OPT_ON;
			break;
		default:
			mr_tool_usage_error(&t, "unknown option");
		}
	}
	if (optind < argc)
		mr_tool_usage_error(&t, "unexpected operand: %s", argv[optind]);
	mr_tool_load_config(&t);
	mr_tool_open_db(&t);
	user = getenv("USER");
	actor = xasprintf("%s/%s", t.prog, user != NULL ? user : "unknown");
	st = mr_requests_new(t.db, actor);
	if ((rc = mr_requests_backfill_ids(st, limit, &ids, &n, &e)) !=
	    MR_OK) {
		mr_tool_warn(&t, "database", &e);
		mr_tool_fail(&t, mr_rc_exit(rc));
		goto out;
	}
	if (n == 0)
		goto out;
	if ((rc = mr_classifier_new(t.cfg, t.db, &c, &e)) != MR_OK) {
		mr_tool_warn(&t, "config", &e);
		mr_tool_fail(&t, mr_rc_exit(rc));
		goto out;
	}
	meter = mr_meter_new(t.prog, progress, t.quiet, n);
	for (i = 0; i < n; i++) {
		rc = backfill_one(&t, st, c, ids[i]);
		errors += rc != MR_OK;
		mr_meter_update(meter, i + 1, errors);
		if (rc == MR_EAUTH || rc == MR_ECONFIG)
			break;	/* every other request would fail the same */
	}
out:
	mr_meter_free(meter);
	mr_classifier_free(c);
	free(ids);
	mr_requests_free(st);
	free(actor);
	return mr_tool_finish(&t);
}
