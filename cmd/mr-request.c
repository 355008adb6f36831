/*
 * mr-request: queue media requests.
 *
 * Reads titles (operands, or stdin lines when there are none): plain text,
 * mr-classify records (their classification is kept; an error record's
 * query is queued to classify later) or JSON objects with "title" and
 * optionally "requested_by" and "priority".  Writes one request record
 * per input (DESIGN.md 7.2); a duplicate prints the existing request with
 * "duplicate_of".  Changes the database (requests, events); with --now
 * also processes the new requests at once, which may add to
 * Sonarr/Radarr/Lidarr.  --list, --show read only (--list writes an
 * aligned table instead of JSON lines with -P or on a terminal); --cancel
 * changes one request (a sent one stays in its *arr service).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "arr.h"
#include "common/tool.h"
#include "config.h"
#include "import.h"
#include "jsonl.h"
#include "notify.h"
#include "process.h"
#include "requests.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: mr-request [-nPqVv] [-c file] [-j jobs] [-t movie|tv|music]"
	    " [-s service]\n"
	    "                  [--priority low|medium|high] [-u name] [--now]"
	    " [title ...]\n"
	    "                  [--instance name]\n"
	    "       mr-request -l [--status S] [-s service] [--since DATE]"
	    " [-u name]\n"
	    "                  [--instance name]\n"
	    "       mr-request --show ID | --cancel ID\n"
	    "       mr-request [-n] --import FILE\n");
}

enum {
	OPT_PRIORITY = 256,
	OPT_NOW,
	OPT_STATUS,
	OPT_SINCE,
	OPT_SHOW,
	OPT_CANCEL,
	OPT_INSTANCE,
	OPT_IMPORT,
};

static const char *const statuses[] = { "Pending", "NeedsReview", "NoMatch",
	"SentToRadarr", "SentToSonarr", "SentToLidarr", "Failed", "Cancelled" };

/* Columns of the --list table: record member and heading. */
static const char *const table_cols[][2] = {
	{ "id", "ID" }, { "status", "STATUS" }, { "arr_service", "SERVICE" },
	{ "requested_by", "BY" }, { "requested_at", "REQUESTED" },
	{ "title", "TITLE" },
};

/* Display width of UTF-8 text: one column per code point. */
static size_t
text_width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* Control characters (C0, DEL, C1) become '?': a title is never an
 * escape sequence on a terminal. */
static char *
printable(const char *s)
{
	char *out = xstrdup(s), *p = out, *q = out;
	unsigned char c;

	while ((c = (unsigned char)*p) != '\0') {
		if (c == 0xc2 && (unsigned char)p[1] >= 0x80 &&
		    (unsigned char)p[1] <= 0x9f) {
			*q++ = '?';
			p += 2;
			continue;
		}
		*q++ = c < 0x20 || c == 0x7f ? '?' : (char)c;
		p++;
	}
	*q = '\0';
	return out;
}

/* A table cell of rec (caller frees): the instance names the service. */
static char *
cell(const json_t *rec, size_t col)
{
	const json_t *v = json_object_get(rec, table_cols[col][0]);

	if (col == 2 && json_is_string(json_object_get(rec, "arr_instance")))
		v = json_object_get(rec, "arr_instance");
	if (json_is_string(v))
		return printable(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	return xstrdup("-");
}

/* --list for people: aligned columns, the title last. */
static void
print_table(const json_t *arr)
{
	size_t w[MR_ARRAY_LEN(table_cols)], i, c, n;
	char *v;

	for (c = 0; c < MR_ARRAY_LEN(table_cols); c++)
		w[c] = strlen(table_cols[c][1]);
	for (i = 0; i < json_array_size(arr); i++)
		for (c = 0; c < MR_ARRAY_LEN(table_cols); c++) {
			v = cell(json_array_get(arr, i), c);
			if ((n = text_width(v)) > w[c])
				w[c] = n;
			free(v);
		}
	for (i = 0; i <= json_array_size(arr); i++)
		for (c = 0; c < MR_ARRAY_LEN(table_cols); c++) {
			v = i == 0 ? xstrdup(table_cols[c][1]) :
			    cell(json_array_get(arr, i - 1), c);
			if (c + 1 == MR_ARRAY_LEN(table_cols))
				printf("%s\n", v);
			else
				printf("%s%*s  ", v, (int)(w[c] -
				    text_width(v)), "");
			free(v);
		}
}

static long
parse_id(struct mr_tool *t, const char *opt, const char *s)
{
	long v;

	if (mr_parse_long(s, 1, 0x7fffffffffffL, &v) != 0)
		mr_tool_usage_error(t, "%s: not a request id: %s", opt, s);
	return v;
}

static void
process_now(struct mr_tool *t, struct mr_requests *st, const char *actor,
    struct mr_notify *hook, long id)
{
	struct mr_process_opts o;
	struct mr_process_result res;
	struct mr_err e;
	enum mr_rc rc;
	json_t *rec = NULL;
	char where[32];
	int code;

	mr_process_opts_init(&o);
	o.id = id;
	o.jobs = t->jobs > 0 ? t->jobs : 1;
	o.actor = actor;
	o.notify = hook;
	mr_err_clear(&e);
	rc = mr_process_run(t->cfg, t->db, &o, &res, &e);
	code = mr_process_exit(rc, &res);
	snprintf(where, sizeof(where), "request %ld", id);
	if (res.stopped)
		mr_tool_warn(t, where, &res.stop_err);
	else if (rc != MR_OK)
		mr_tool_warn(t, where, &e);
	else if (res.last_transient.rc != MR_OK)
		mr_tool_warn(t, where, &res.last_transient);
	if (json_array_size(res.failures) > 0) {
		mr_err_set(&e, MR_EHTTP, 0, "failed", "%s", json_string_value(
		    json_object_get(json_array_get(res.failures, 0),
		    "reason")));
		mr_tool_warn(t, where, &e);
	}
	mr_tool_fail(t, code);
	mr_process_result_release(&res);
	if (mr_requests_get(st, id, &rec, &e) == MR_OK) {
		mr_tool_emit(t, rec);
		json_decref(rec);
	}
}

/* --import FILE: the prototype's requests; a summary on stderr. */
static void
run_import(struct mr_tool *t, const char *actor, const char *path)
{
	struct mr_import_stats is;
	struct mr_err e;
	json_t *recs = NULL;
	size_t i;

	if (mr_import_prototype(t->db, path, actor, t->dry_run, &recs, &is,
	    &e) != MR_OK) {
		mr_tool_warn(t, "import", &e);
		mr_tool_fail(t, mr_rc_exit(e.rc));
		return;
	}
	for (i = 0; i < json_array_size(recs); i++)
		mr_tool_emit(t, json_array_get(recs, i));
	json_decref(recs);
	if (!t->quiet)
		fprintf(stderr, "%s: import: %s: %zu rows: %zu %s (%zu "
		    "Pending, %zu sent), %zu imported before, %zu without a "
		    "title\n", t->prog, path, is.rows, is.imported,
		    t->dry_run ? "would be imported" : "imported", is.pending,
		    is.sent, is.skipped, is.invalid);
	if (is.invalid > 0)
		mr_tool_fail(t, MR_EXIT_PARTIAL);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		MR_TOOL_LONGOPTS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ "type", required_argument, NULL, 't' },
		{ "service", required_argument, NULL, 's' },
		{ "priority", required_argument, NULL, OPT_PRIORITY },
		{ "requested-by", required_argument, NULL, 'u' },
		{ "now", no_argument, NULL, OPT_NOW },
		{ "list", no_argument, NULL, 'l' },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "show", required_argument, NULL, OPT_SHOW },
		{ "cancel", required_argument, NULL, OPT_CANCEL },
		{ "instance", required_argument, NULL, OPT_INSTANCE },
		{ "import", required_argument, NULL, OPT_IMPORT },
		{ NULL, 0, NULL, 0 },
	};
	struct mr_request_filter f = { 0 };
	struct mr_request_in in;
	struct mr_jsonl_reader *r = NULL;
	struct mr_record rec = { 0 };
	struct mr_requests *st = NULL;
	struct mr_notify *hook = NULL;
	struct mr_tool t;
	struct mr_err e;
	const char *type = NULL, *service = NULL, *priority = NULL;
	const char *by = NULL, *status = NULL, *since = NULL, *user;
	const char *instance = NULL, *import = NULL;
	const json_t *o;
	char sincebuf[32], was[32], where[48], *actor = NULL;
	long show = 0, cancel = 0;
	size_t i;
	int ch, n, list = 0, now = 0, dup;
	json_t *out, *arr;

	mr_tool_init(&t, NULL, argv[0], usage);
	while ((ch = getopt_long(argc, argv, MR_TOOL_SHORTOPTS "nt:s:u:l",
	    longopts, NULL)) != -1) {
		if (mr_tool_option(&t, ch, optarg))
			continue;
		switch (ch) {
		case 'n':
			t.dry_run = 1;
			break;
		case 't':
			if (strcmp(optarg, "movie") != 0 &&
			    strcmp(optarg, "tv") != 0 &&
			    strcmp(optarg, "music") != 0)
				mr_tool_usage_error(&t, "-t: movie, tv or "
				    "music: %s", optarg);
			type = optarg;
			break;
		case 's':
			if (strcmp(optarg, "radarr") != 0 &&
			    strcmp(optarg, "sonarr") != 0 &&
			    strcmp(optarg, "lidarr") != 0)
				mr_tool_usage_error(&t, "-s: radarr, sonarr or "
				    "lidarr: %s", optarg);
			service = optarg;
			break;
		case OPT_PRIORITY:
			if (strcasecmp(optarg, "low") != 0 &&
			    strcasecmp(optarg, "medium") != 0 &&
			    strcasecmp(optarg, "high") != 0)
				mr_tool_usage_error(&t, "--priority: low, "
				    "medium or high: %s", optarg);
			priority = optarg;
			break;
		case 'u':
			by = optarg;
			break;
		case OPT_NOW:
			now = 1;
			break;
		case 'l':
			list = 1;
			break;
		case OPT_STATUS:
			for (i = 0; i < MR_ARRAY_LEN(statuses); i++)
				if (strcmp(optarg, statuses[i]) == 0)
					break;
			if (i == MR_ARRAY_LEN(statuses))
				mr_tool_usage_error(&t, "--status: unknown "
				    "status: %s", optarg);
			status = optarg;
			break;
		case OPT_SINCE:
			if (mr_requests_parse_date(optarg, sincebuf,
			    sizeof(sincebuf), &e) != MR_OK)
				mr_tool_usage_error(&t, "--since: %s", e.msg);
			since = sincebuf;
			break;
		case OPT_SHOW:
			show = parse_id(&t, "--show", optarg);
			break;
		case OPT_CANCEL:
			cancel = parse_id(&t, "--cancel", optarg);
			break;
		case OPT_INSTANCE:
			if (mr_arr_kind_parse(optarg) < 0)
				mr_tool_usage_error(&t, "--instance: not a "
				    "radarr, sonarr or lidarr section: %s",
				    optarg);
			instance = optarg;
			break;
		case OPT_IMPORT:
			import = optarg;
			break;
		default:
			mr_tool_usage_error(&t, "unknown option");
		}
	}
	argc -= optind;
	argv += optind;
	if (list + (show != 0) + (cancel != 0) + (import != NULL) > 1)
		mr_tool_usage_error(&t, "--list, --show, --cancel and --import "
		    "exclude each other");
	if ((list || show || cancel || import != NULL) && argc > 0)
		mr_tool_usage_error(&t, "no titles with --list, --show, "
		    "--cancel or --import");
	if (instance != NULL && (show || cancel || import != NULL))
		mr_tool_usage_error(&t, "--instance goes with titles or "
		    "--list");
	if (instance != NULL && service != NULL &&
	    mr_arr_kind_parse(instance) != mr_arr_kind_parse(service))
		mr_tool_usage_error(&t, "--instance %s is no %s", instance,
		    service);
	if (!list && (status != NULL || since != NULL))
		mr_tool_usage_error(&t, "--status and --since need --list");

	mr_tool_load_config(&t);
	if (instance != NULL && strchr(instance, ':') != NULL && !list &&
	    !mr_config_has_section(t.cfg, instance)) {
		mr_err_set(&e, MR_ECONFIG, 0, "config.instance",
		    "no section [%s] in the configuration", instance);
		mr_tool_warn(&t, "--instance", &e);
		mr_tool_fail(&t, MR_EXIT_CONFIG);
		return mr_tool_finish(&t);
	}
	if (instance != NULL && service == NULL)
		service = mr_arr_kind_name(mr_arr_kind_parse(instance));
	if (instance != NULL && strchr(instance, ':') == NULL)
		instance = NULL;	/* the plain section: just -s */
	mr_tool_open_db(&t);
	user = getenv("USER");
	actor = xasprintf("%s/%s", t.prog, user != NULL ? user : "unknown");
	st = mr_requests_new(t.db, actor);
	hook = mr_notify_new(t.cfg);
	mr_requests_set_notify(st, hook);

	if (list) {
		f.status = status;
		f.service = service;
		f.since = since;
		f.requested_by = by;
		f.instance = instance;
		if (mr_requests_list(st, &f, &arr, &e) != MR_OK) {
			mr_tool_warn(&t, "list", &e);
			mr_tool_fail(&t, mr_rc_exit(e.rc));
			goto out;
		}
		if (t.pretty || isatty(STDOUT_FILENO))
			print_table(arr);
		else
			for (i = 0; i < json_array_size(arr); i++)
				mr_tool_emit(&t, json_array_get(arr, i));
		json_decref(arr);
		goto out;
	}
	if (import != NULL) {
		run_import(&t, actor, import);
		goto out;
	}
	if (show || cancel) {
		snprintf(where, sizeof(where), "request %ld", cancel);
		if (cancel && !t.dry_run &&
		    mr_requests_withdraw(st, cancel, was, sizeof(was), &e) !=
		    MR_OK) {
			mr_tool_warn(&t, where, &e);
			mr_tool_fail(&t, e.rc == MR_ENOTFOUND ||
			    e.rc == MR_EINVAL ? MR_EXIT_PARTIAL :
			    mr_rc_exit(e.rc));
			goto out;
		}
		if (cancel && !t.dry_run && strncmp(was, "SentTo", 6) == 0 &&
		    !t.quiet) {
			mr_err_set(&e, MR_OK, 0, "cancelled", "it was %s: "
			    "the item stays in the service; remove it there "
			    "if it is not wanted", was);
			mr_tool_warn(&t, where, &e);
		}
		if ((show ? mr_requests_show(st, show, &out, &e) :
		    mr_requests_get(st, cancel, &out, &e)) != MR_OK) {
			mr_tool_warn(&t, show ? "show" : "cancel", &e);
			mr_tool_fail(&t, e.rc == MR_ENOTFOUND ?
			    MR_EXIT_PARTIAL : mr_rc_exit(e.rc));
			goto out;
		}
		mr_tool_emit(&t, out);
		json_decref(out);
		goto out;
	}

	r = mr_jsonl_reader_new(argc, argv, stdin, "<stdin>");
	while ((n = mr_jsonl_next(r, &rec, &e)) > 0) {
		memset(&in, 0, sizeof(in));
		in.requested_by = by != NULL ? by : user;
		in.priority = priority;
		in.forced_type = type;
		in.forced_service = service;
		in.instance = instance;
		in.origin = rec.where;
		in.dry_run = t.dry_run;
		if (rec.err.rc != MR_OK) {
			mr_tool_warn(&t, rec.where, &rec.err);
			mr_tool_fail(&t, MR_EXIT_PARTIAL);
			out = mr_jsonl_error_record(mr_record_title(&rec),
			    &rec.err);
			mr_tool_emit(&t, out);
			json_decref(out);
			continue;
		}
		if (rec.obj != NULL) {
			o = rec.obj;
			if (json_object_get(o, "best") != NULL ||
			    json_object_get(o, "error") != NULL)
				in.classification = o;
			else {
				in.title = mr_record_title(&rec);
				if (by == NULL && json_is_string(
				    json_object_get(o, "requested_by")))
					in.requested_by = json_string_value(
					    json_object_get(o, "requested_by"));
				if (priority == NULL && json_is_string(
				    json_object_get(o, "priority")))
					in.priority = json_string_value(
					    json_object_get(o, "priority"));
			}
		} else
			in.title = rec.text;
		if (mr_requests_add(st, &in, &out, &e) != MR_OK) {
			mr_tool_warn(&t, rec.where, &e);
			mr_tool_fail(&t, e.rc == MR_EINVAL ? MR_EXIT_PARTIAL :
			    mr_rc_exit(e.rc));
			out = mr_jsonl_error_record(mr_record_title(&rec), &e);
			mr_tool_emit(&t, out);
			json_decref(out);
			if (e.rc != MR_EINVAL)
				break;
			continue;
		}
		dup = json_object_get(out, "duplicate_of") != NULL;
		/* --now: at once, so that records come out in input order. */
		if (now && !dup && !t.dry_run)
			process_now(&t, st, actor, hook,
			    (long)json_integer_value(json_object_get(out,
			    "id")));
		else
			mr_tool_emit(&t, out);
		json_decref(out);
	}
	if (n < 0) {
		mr_tool_warn(&t, "<stdin>", &e);
		mr_tool_fail(&t, mr_rc_exit(e.rc));
	}
out:
	mr_record_release(&rec);
	mr_jsonl_reader_free(r);
	mr_requests_free(st);
	mr_notify_free(hook);
	free(actor);
	return mr_tool_finish(&t);
}
