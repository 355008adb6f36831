/*
 * mr-reclassify: fix what the classifier got wrong or could not decide.
 *
 * Reads requests from the database: the ids given as operands, or every
 * Failed request (--failed; with --since DATE those that failed since).  Changes each one
 * back to Pending for the next mr-process run, with
 *   -s SERVICE -e ID   a target chosen by a person (also for a request
 *                      already sent to the wrong service),
 *   -o N               option N (1 = first) of the stored matches,
 *   --again            no classification: mr-process classifies again,
 *   (none of these)    the stored classification, attempts reset.
 * Writes the request record of each request (DESIGN.md 7.2).
 * --review walks the NeedsReview requests on a terminal: shows each
 * with its numbered options and reads a choice (a number: as -o N; n:
 * NoMatch; t TYPE: classify again for that type; s: skip; q: quit).
 * Changes the database (requests, events), never a service.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "classify.h"
#include "common/tool.h"
#include "notify.h"
#include "requests.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: mr-reclassify [-nPqVv] [-c file] [-s service -e id | -o n"
	    " | --again] id ...\n"
	    "       mr-reclassify [-nPqVv] [-c file] [--again] --failed"
	    " [--since DATE]\n"
	    "       mr-reclassify [-qVv] [-c file] --review\n");
}

enum {
	OPT_AGAIN = 256,
	OPT_FAILED,
	OPT_SINCE,
	OPT_REVIEW,
};

struct action {
	const char *service;
	const char *external_id;
	long option;
	int again;
};

static int
valid_external_id(const char *service, const char *id)
{
	size_t i, n = strlen(id);
	long v;

	if (strcmp(service, "lidarr") == 0) {
		/* A MusicBrainz id: 8-4-4-4-12 hex digits. */
		if (n != 36)
			return 0;
		for (i = 0; i < n; i++) {
			if (i == 8 || i == 13 || i == 18 || i == 23) {
				if (id[i] != '-')
					return 0;
			} else if (!isxdigit((unsigned char)id[i]))
				return 0;
		}
		return 1;
	}
	return mr_parse_long(id, 1, 0x7fffffffL, &v) == 0;
}

/* The new classification for rec under action a; NULL: keep or forget. */
static json_t *
new_classification(const json_t *rec, const struct action *a,
    const char *actor, struct mr_err *e)
{
	const json_t *old, *matches, *opt;
	json_t *cls = NULL, *best;
	const char *type, *src;
	char *why;

	old = json_object_get(rec, "classification");
	if (a->service != NULL) {
		type = strcmp(a->service, "radarr") == 0 ? "movie" :
		    strcmp(a->service, "sonarr") == 0 ? "tv" : "music";
		src = strcmp(a->service, "radarr") == 0 ? "tmdb" :
		    strcmp(a->service, "sonarr") == 0 ? "tvdb" : "musicbrainz";
		why = xasprintf("set by %s", actor);
		best = json_pack("{s:s, s:s, s:O, s:s, s:s, s:f, s:b, s:[s]}",
		    "media_type", type, "service", a->service, "title",
		    json_object_get(rec, "title"), "external_id",
		    a->external_id, "id_source", src, "confidence", 1.0,
		    "manual", 1, "why", why);
		free(why);
		if (strcmp(a->service, "lidarr") == 0)
			json_object_set_new(best, "music_kind",
			    json_string("artist"));
	} else if (a->option > 0) {
		matches = json_object_get(old, "matches");
		opt = json_array_get(matches, (size_t)(a->option - 1));
		if (!json_is_object(opt)) {
			mr_err_set(e, MR_EINVAL, 0, "reclassify.option",
			    "no option %ld (the request has %zu)", a->option,
			    json_array_size(matches));
			return NULL;
		}
		best = json_deep_copy(opt);
		json_object_set_new(best, "manual", json_true());
	} else
		return NULL;
	cls = json_is_object(old) ? json_deep_copy(old) :
	    json_pack("{s:O, s:[]}", "query", json_object_get(rec, "title"),
	    "matches");
	json_object_del(cls, "error");
	json_object_set_new(cls, "best", best);
	json_object_set_new(cls, "ambiguous", json_false());
	return cls;
}

/* Apply a to request id; write its record when emit is set.  0 when it
 * was changed. */
static int
reclassify(struct mr_tool *t, struct mr_requests *st, long id,
    const struct action *a, const char *actor, int emit)
{
	struct mr_err e;
	json_t *rec = NULL, *cls = NULL, *out = NULL;
	const char *status;
	char where[32];
	int manual, r = -1;

	snprintf(where, sizeof(where), "request %ld", id);
	mr_err_clear(&e);
	if (mr_requests_get(st, id, &rec, &e) != MR_OK)
		goto fail;
	manual = a->service != NULL || a->option > 0;
	if (manual && (cls = new_classification(rec, a, actor, &e)) == NULL)
		goto fail;
	if (t->dry_run) {
		status = json_string_value(json_object_get(rec, "status"));
		if (!manual && (strncmp(status, "SentTo", 6) == 0 ||
		    strcmp(status, "Cancelled") == 0)) {
			mr_err_set(&e, MR_EINVAL, 0, "request.state",
			    "request %ld is %s", id, status);
			goto fail;
		}
		out = json_deep_copy(rec);
		json_object_set_new(out, "status", json_string("Pending"));
		if (cls != NULL)
			json_object_set(out, "classification", cls);
		else if (a->again)
			json_object_set_new(out, "classification", json_null());
		json_object_set_new(out, "dry_run", json_true());
	} else {
		if (mr_requests_reset(st, id, cls, a->again, manual,
		    "reclassified", &e) != MR_OK)
			goto fail;
		if (mr_requests_get(st, id, &out, &e) != MR_OK)
			goto fail;
	}
	if (emit)
		mr_tool_emit(t, out);
	r = 0;
	goto out;
fail:
	mr_tool_warn(t, where, &e);
	mr_tool_fail(t, e.rc == MR_EINVAL || e.rc == MR_ENOTFOUND ||
	    e.rc == MR_EBUSY ? MR_EXIT_PARTIAL : mr_rc_exit(e.rc));
out:
	json_decref(out);
	json_decref(cls);
	json_decref(rec);
	return r;
}

/* Print s on the terminal with control characters shown as '?': titles
 * come from upstream services. */
static void
put_clean(const char *s)
{
	const unsigned char *p;

	if (s == NULL)
		s = "-";
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		putchar(*p < 0x20 || *p == 0x7f ? '?' : *p);
}

static void
show_option(size_t k, const json_t *m)
{
	const json_t *year, *why, *v;
	const char *src, *ext;
	size_t i;

	printf("  %2zu. %-5s ", k, json_string_value(json_object_get(m,
	    "media_type")) ? json_string_value(json_object_get(m,
	    "media_type")) : "?");
	put_clean(json_string_value(json_object_get(m, "title")));
	year = json_object_get(m, "year");
	if (json_is_integer(year))
		printf(" (%lld)", (long long)json_integer_value(year));
	src = json_string_value(json_object_get(m, "id_source"));
	ext = json_string_value(json_object_get(m, "external_id"));
	printf("  %s ", json_string_value(json_object_get(m, "service")) ?
	    json_string_value(json_object_get(m, "service")) : "-");
	if (ext != NULL) {
		put_clean(src != NULL ? src : "id");
		putchar(':');
		put_clean(ext);
	} else
		fputs("(no id)", stdout);
	printf("  %.2f\n", json_number_value(json_object_get(m,
	    "confidence")));
	why = json_object_get(m, "why");
	if (json_array_size(why) > 0) {
		fputs("      why: ", stdout);
		for (i = 0; i < json_array_size(why); i++) {
			v = json_array_get(why, i);
			if (i > 0)
				fputs("; ", stdout);
			put_clean(json_string_value(v));
		}
		putchar('\n');
	}
}

/* Show request rec (n of total) and its numbered options; the count. */
static size_t
show_request(const json_t *rec, size_t n, size_t total)
{
	const json_t *cls, *opts;
	const char *q;
	size_t k;

	cls = json_object_get(rec, "classification");
	q = json_string_value(json_object_get(cls, "query"));
	printf("\nrequest %lld (%zu of %zu)", (long long)json_integer_value(
	    json_object_get(rec, "id")), n, total);
	if (json_string_value(json_object_get(rec, "requested_by"))) {
		fputs(", asked by ", stdout);
		put_clean(json_string_value(json_object_get(rec,
		    "requested_by")));
	}
	printf(" on %s\n  query: ", json_string_value(json_object_get(rec,
	    "requested_at")) ? json_string_value(json_object_get(rec,
	    "requested_at")) : "?");
	put_clean(q != NULL ? q : json_string_value(json_object_get(rec,
	    "title")));
	if (json_string_value(json_object_get(rec, "last_error"))) {
		fputs("\n  review: ", stdout);
		put_clean(json_string_value(json_object_get(rec,
		    "last_error")));
	}
	putchar('\n');
	opts = json_object_get(cls, "matches");
	for (k = 0; k < json_array_size(opts); k++)
		show_option(k + 1, json_array_get(opts, k));
	if (k == 0)
		puts("  (no options: t TYPE classifies again, n: no match)");
	return k;
}

/* Classify rec's query again for one type and store the answer (status
 * unchanged); the new record in *rec. */
static void
review_type(struct mr_tool *t, struct mr_requests *st,
    struct mr_classifier **c, json_t **rec, int types)
{
	struct mr_classify_opts co;
	struct mr_err e;
	json_t *fresh = NULL, *again = NULL, *er;
	const char *q;
	long id;

	id = (long)json_integer_value(json_object_get(*rec, "id"));
	q = json_string_value(json_object_get(json_object_get(*rec,
	    "classification"), "query"));
	if (q == NULL)
		q = json_string_value(json_object_get(*rec, "title"));
	mr_err_clear(&e);
	if (*c == NULL && mr_classifier_new(t->cfg, t->db, c, &e) != MR_OK)
		goto fail;
	mr_classify_opts_init(&co);
	co.types = types;
	if (mr_classify_batch(*c, &co, &q, 1, &fresh, &e) != MR_OK)
		goto fail;
	if ((er = json_object_get(fresh, "error")) != NULL) {
		mr_err_set(&e, MR_ENET, 0, "classify", "%s",
		    json_string_value(json_object_get(er, "message")) ?
		    json_string_value(json_object_get(er, "message")) :
		    "classification failed");
		goto fail;
	}
	if (mr_requests_set_classification(st, id, fresh, "review_type",
	    &e) != MR_OK || mr_requests_get(st, id, &again, &e) != MR_OK)
		goto fail;
	json_decref(*rec);
	*rec = again;
	goto out;
fail:
	mr_tool_warn(t, "review", &e);
out:
	json_decref(fresh);
}

/*
 * The interactive review: each NeedsReview request with its options, and
 * a choice read from the terminal.  A number is -o N, n marks NoMatch,
 * t TYPE classifies again for that type only, s skips, q quits.
 */
static void
review(struct mr_tool *t, struct mr_requests *st, const char *actor)
{
	struct mr_request_filter f = { .status = "NeedsReview" };
	struct mr_classifier *c = NULL;
	struct action a;
	struct mr_err e;
	json_t *arr = NULL, *rec, *detail;
	char line[256], *p, *end;
	size_t i, nopt, len;
	long id, v;
	int types, quit = 0;

	if (mr_requests_list(st, &f, &arr, &e) != MR_OK) {
		mr_tool_warn(t, "review", &e);
		mr_tool_fail(t, mr_rc_exit(e.rc));
		return;
	}
	if (json_array_size(arr) == 0)
		puts("nothing to review");
	for (i = 0; i < json_array_size(arr) && !quit; i++) {
		rec = json_incref(json_array_get(arr, i));
		id = (long)json_integer_value(json_object_get(rec, "id"));
		for (;;) {
			nopt = show_request(rec, i + 1, json_array_size(arr));
			printf("%s%s, s skip, n no match, t movie|tv|music,"
			    " q quit> ", nopt > 0 ? "number: pick" : "",
			    nopt > 0 ? " that option" : "");
			fflush(stdout);
			if (fgets(line, sizeof(line), stdin) == NULL) {
				putchar('\n');
				quit = 1;
				break;
			}
			len = strlen(line);
			while (len > 0 && isspace((unsigned char)line[len - 1]))
				line[--len] = '\0';
			for (p = line; isspace((unsigned char)*p); p++)
				;
			if (strcmp(p, "q") == 0) {
				quit = 1;
				break;
			}
			if (strcmp(p, "s") == 0 || strcmp(p, "") == 0) {
				printf("request %ld: skipped\n", id);
				break;
			}
			if (strcmp(p, "n") == 0) {
				mr_err_clear(&e);
				detail = json_pack("{s:s}", "reason",
				    "no match, chosen in review");
				if (mr_requests_mark_nomatch(st, id, detail,
				    &e) != MR_OK) {
					mr_tool_warn(t, "review", &e);
					mr_tool_fail(t, MR_EXIT_PARTIAL);
				} else
					printf("request %ld: NoMatch\n", id);
				json_decref(detail);
				break;
			}
			if (p[0] == 't' && (p[1] == '\0' ||
			    isspace((unsigned char)p[1]))) {
				for (p++; isspace((unsigned char)*p); p++)
					;
				types = strcmp(p, "movie") == 0 ?
				    MR_TYPE_MOVIE : strcmp(p, "tv") == 0 ?
				    MR_TYPE_TV : strcmp(p, "music") == 0 ?
				    MR_TYPE_MUSIC : 0;
				if (types == 0)
					puts("t takes movie, tv or music");
				else
					review_type(t, st, &c, &rec, types);
				continue;
			}
			errno = 0;
			v = strtol(p, &end, 10);
			if (end == p || *end != '\0' || errno != 0 || v < 1 ||
			    (size_t)v > nopt) {
				printf("not a choice: %s\n", p);
				continue;
			}
			/* The same override as mr-reclassify -o N ID. */
			memset(&a, 0, sizeof(a));
			a.option = v;
			if (reclassify(t, st, id, &a, actor, 0) == 0)
				printf("request %ld: option %ld, Pending: the "
				    "next mr-process run sends it\n", id, v);
			break;
		}
		json_decref(rec);
	}
	fflush(stdout);
	mr_classifier_free(c);
	json_decref(arr);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		MR_TOOL_LONGOPTS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ "service", required_argument, NULL, 's' },
		{ "external-id", required_argument, NULL, 'e' },
		{ "option", required_argument, NULL, 'o' },
		{ "again", no_argument, NULL, OPT_AGAIN },
		{ "failed", no_argument, NULL, OPT_FAILED },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "review", no_argument, NULL, OPT_REVIEW },
		{ NULL, 0, NULL, 0 },
	};
	struct mr_request_filter f = { 0 };
	struct action a = { 0 };
	struct mr_requests *st = NULL;
	struct mr_notify *hook = NULL;
	struct mr_tool t;
	struct mr_err e;
	const char *user;
	char *actor = NULL, since[32];
	int ch, failed = 0, rev = 0, have_since = 0;
	json_t *arr = NULL;
	size_t i;
	long id;

	mr_tool_init(&t, NULL, argv[0], usage);
	while ((ch = getopt_long(argc, argv, MR_TOOL_SHORTOPTS "ns:e:o:",
	    longopts, NULL)) != -1) {
		if (mr_tool_option(&t, ch, optarg))
			continue;
		switch (ch) {
		case 'n':
			t.dry_run = 1;
			break;
		case 's':
			if (strcmp(optarg, "radarr") != 0 &&
			    strcmp(optarg, "sonarr") != 0 &&
			    strcmp(optarg, "lidarr") != 0)
				mr_tool_usage_error(&t, "-s: radarr, sonarr or "
				    "lidarr: %s", optarg);
			a.service = optarg;
			break;
		case 'e':
			a.external_id = optarg;
			break;
		case 'o':
			if (mr_parse_long(optarg, 1, 1000, &a.option) != 0)
				mr_tool_usage_error(&t, "-o: not an option "
				    "number: %s", optarg);
			break;
		case OPT_AGAIN:
			a.again = 1;
			break;
		case OPT_FAILED:
			failed = 1;
			break;
		case OPT_SINCE:
			if (mr_requests_parse_date(optarg, since,
			    sizeof(since), &e) != MR_OK)
				mr_tool_usage_error(&t, "--since: %s", e.msg);
			have_since = 1;
			break;
		case OPT_REVIEW:
			rev = 1;
			break;
		default:
			mr_tool_usage_error(&t, "unknown option");
		}
	}
	argc -= optind;
	argv += optind;
	if ((a.service != NULL) != (a.external_id != NULL))
		mr_tool_usage_error(&t, "-s and -e go together");
	if (a.service != NULL && !valid_external_id(a.service, a.external_id))
		mr_tool_usage_error(&t, "-e: not a %s id: %s",
		    strcmp(a.service, "lidarr") == 0 ? "MusicBrainz" :
		    strcmp(a.service, "sonarr") == 0 ? "TVDB" : "TMDb",
		    a.external_id);
	if ((a.service != NULL) + (a.option > 0) + a.again > 1)
		mr_tool_usage_error(&t, "-s/-e, -o and --again exclude each "
		    "other");
	if (have_since && !failed)
		mr_tool_usage_error(&t, "--since needs --failed");
	if (rev && (failed || argc > 0 || a.service || a.option || a.again ||
	    t.dry_run))
		mr_tool_usage_error(&t, "--review takes nothing else");
	if (rev && (!isatty(0) || !isatty(1))) {
		fprintf(stderr, "%s: --review needs a terminal; without one "
		    "use -o N, -s SERVICE -e ID or --again with request ids "
		    "(mr-request --list --status NeedsReview lists them)\n",
		    t.prog);
		return MR_EXIT_USAGE;
	}
	if (failed && (argc > 0 || a.service != NULL || a.option > 0))
		mr_tool_usage_error(&t, "--failed takes no ids, -s or -o");
	if (!failed && !rev && argc == 0)
		mr_tool_usage_error(&t, "no request ids");
	for (i = 0; i < (size_t)argc; i++)
		if (mr_parse_long(argv[i], 1, 0x7fffffffffffL, &id) != 0)
			mr_tool_usage_error(&t, "not a request id: %s",
			    argv[i]);

	mr_tool_load_config(&t);
	mr_tool_open_db(&t);
	user = getenv("USER");
	actor = xasprintf("%s/%s", t.prog, user != NULL ? user : "unknown");
	st = mr_requests_new(t.db, actor);
	/* A request a person marks NoMatch in review is news for the hook. */
	hook = mr_notify_new(t.cfg);
	mr_requests_set_notify(st, hook);
	if (rev)
		review(&t, st, actor);
	else if (failed) {
		f.failed_only = 1;
		/* --since: failed since then, i.e. last changed since. */
		f.updated_since = have_since ? since : NULL;
		if (mr_requests_list(st, &f, &arr, &e) != MR_OK) {
			mr_tool_warn(&t, "failed", &e);
			mr_tool_fail(&t, mr_rc_exit(e.rc));
		} else
			for (i = 0; i < json_array_size(arr); i++)
				reclassify(&t, st, (long)json_integer_value(
				    json_object_get(json_array_get(arr, i),
				    "id")), &a, actor, 1);
		json_decref(arr);
	} else
		for (i = 0; i < (size_t)argc; i++) {
			mr_parse_long(argv[i], 1, 0x7fffffffffffL, &id);
			reclassify(&t, st, id, &a, actor, 1);
		}
	mr_requests_free(st);
	mr_notify_free(hook);
	free(actor);
	return mr_tool_finish(&t);
}
