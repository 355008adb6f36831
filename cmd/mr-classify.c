/*
 * mr-classify: answer "what is this?" for free-text titles without
 * changing anything.  Reads titles from the operands, or lines on stdin
 * (plain text, or JSON objects with "query" or "title"); writes one
 * classification record (DESIGN.md 3.3) per input, in input order, to
 * stdout.  Upstream answers and the Spotify token are cached in the
 * database; no request or *arr item is changed.  Error records on input
 * pass through untouched.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "classify.h"
#include "config.h"
#include "jsonl.h"
#include "log.h"
#include "mr.h"
#include "common/meter.h"
#include "common/tool.h"

/* Records classified per batch: enough to keep -j busy, bounded memory. */
#define BATCH_PER_JOB 8

enum {
	OPT_MIN_CONFIDENCE = 256,
	OPT_NO_CACHE,
	OPT_REFRESH,
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: mr-classify [-hPqVv] [-c file] [-j jobs] "
	    "[-m matches] [-t movie|tv|music]\n"
	    "                   [-y year] [--min-confidence x] [--no-cache] "
	    "[--refresh]\n"
	    "                   [--progress | --no-progress] [title ...]\n");
}

struct slot {
	json_t *pass;		/* passed through, or an error record */
	char *query;		/* to classify, when pass is NULL */
	char where[256];
};

struct stats {
	size_t classified;	/* records sent to the classifier */
	size_t transient;	/* of those, failed with a transient error */
	size_t done, errors;	/* records written, of those errors */
	struct mr_meter *meter;	/* progress line, or NULL */
};

/* Progress within a batch: opts->progress of mr_classify_batch. */
static void
batch_progress(void *arg, size_t done, size_t errors)
{
	struct stats *st = arg;

	mr_meter_update(st->meter, st->done + done, st->errors + errors);
}

/*
 * The number of titles on stdin when it is a regular file (non-blank
 * lines), read without moving its offset; 0 when unknown.
 */
static size_t
count_lines(int fd)
{
	struct stat sb;
	char buf[65536];
	off_t off, pos = 0;
	size_t n = 0, i;
	ssize_t r;
	int blank = 1;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (off = lseek(fd, 0, SEEK_CUR)) < 0)
		return 0;
	while ((r = pread(fd, buf, sizeof(buf), off + pos)) > 0) {
		for (i = 0; i < (size_t)r; i++) {
			if (buf[i] == '\n') {
				n += !blank;
				blank = 1;
			} else if (buf[i] != ' ' && buf[i] != '\t' &&
			    buf[i] != '\r')
				blank = 0;
		}
		pos += r;
	}
	return n + !blank;
}

/* Emit one output record, warning and counting failures. */
static void
emit(struct mr_tool *t, const char *where, json_t *rec, int classified,
    struct stats *st)
{
	json_t *e = json_object_get(rec, "error");
	struct mr_err err;
	const char *code, *msg;
	long status;

	if (json_is_object(e)) {
		code = json_string_value(json_object_get(e, "code"));
		msg = json_string_value(json_object_get(e, "message"));
		status = (long)json_integer_value(json_object_get(e, "status"));
		mr_err_set(&err, MR_EHTTP, (int)status, code ? code : "error",
		    "%s", msg ? msg : "failed");
		if (classified) {
			mr_tool_warn(t, where, &err);
			if (status == 429 || status >= 500 || (code != NULL &&
			    (strstr(code, ".network") ||
			    strstr(code, ".timeout") ||
			    strstr(code, ".rate_limited"))))
				st->transient++;
		}
		mr_tool_fail(t, MR_EXIT_PARTIAL);
		st->errors++;
	} else if (!json_is_object(json_object_get(rec, "best"))) {
		mr_tool_fail(t, MR_EXIT_PARTIAL);
	}
	st->done++;
	mr_tool_emit(t, rec);
}

static void
run_batch(struct mr_tool *t, struct mr_classifier *c,
    const struct mr_classify_opts *o, struct slot *s, size_t n,
    struct stats *st)
{
	const char **qs;
	json_t **out;
	size_t i, k, nq = 0;
	struct mr_err err;
	enum mr_rc rc;

	qs = xcalloc(n ? n : 1, sizeof(*qs));
	out = xcalloc(n ? n : 1, sizeof(*out));
	for (i = 0; i < n; i++)
		if (s[i].pass == NULL)
			qs[nq++] = s[i].query;
	mr_err_clear(&err);
	rc = mr_classify_batch(c, o, qs, nq, out, &err);
	mr_meter_update(st->meter, st->done + n, st->errors);
	for (i = 0, k = 0; i < n; i++) {
		if (s[i].pass != NULL) {
			emit(t, s[i].where, s[i].pass, 0, st);
			json_decref(s[i].pass);
			continue;
		}
		st->classified++;
		if (out[k] == NULL)
			out[k] = mr_jsonl_error_record(s[i].query, &err);
		emit(t, s[i].where, out[k], 1, st);
		json_decref(out[k]);
		k++;
		free(s[i].query);
	}
	if (rc != MR_OK) {
		mr_tool_warn(t, NULL, &err);
		mr_tool_fail(t, mr_rc_exit(rc));
	}
	free(out);
	free(qs);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		MR_TOOL_LONGOPTS,
		{ "matches", required_argument, NULL, 'm' },
		{ "type", required_argument, NULL, 't' },
		{ "year", required_argument, NULL, 'y' },
		{ "min-confidence", required_argument, NULL,
		    OPT_MIN_CONFIDENCE },
		{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
		{ "refresh", no_argument, NULL, OPT_REFRESH },
		MR_METER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct mr_classify_opts o;
	struct mr_classifier *c = NULL;
	struct mr_jsonl_reader *r;
	struct mr_record rec = { 0 };
	struct mr_tool t;
	struct mr_err e;
	struct stats st = { 0, 0, 0, 0, NULL };
	struct slot *s;
	size_t n = 0, cap;
	const char *title;
	long v;
	double d;
	int ch, got, progress = MR_METER_AUTO;

	mr_tool_init(&t, NULL, argv[0], usage);
	mr_classify_opts_init(&o);
	while ((ch = getopt_long(argc, argv, MR_TOOL_SHORTOPTS "m:t:y:",
	    longopts, NULL)) != -1) {
		if (mr_tool_option(&t, ch, optarg))
			continue;
		switch (ch) {
		case 'm':
			if (mr_parse_long(optarg, 0, 100, &v) != 0)
				mr_tool_usage_error(&t, "-m: \"%s\" is not a "
				    "number from 0 to 100", optarg);
			o.matches = (int)v;
			break;
		case 't':
			if (strcmp(optarg, "movie") == 0)
				o.types = MR_TYPE_MOVIE;
			else if (strcmp(optarg, "tv") == 0)
				o.types = MR_TYPE_TV;
			else if (strcmp(optarg, "music") == 0)
				o.types = MR_TYPE_MUSIC;
			else
				mr_tool_usage_error(&t, "-t: \"%s\" is not "
				    "movie, tv or music", optarg);
			break;
		case 'y':
			if (mr_parse_long(optarg, 1870, 2100, &v) != 0)
				mr_tool_usage_error(&t, "-y: \"%s\" is not a "
				    "year", optarg);
			o.year = (int)v;
			break;
		case OPT_MIN_CONFIDENCE:
			if (mr_parse_double(optarg, 0.0, 1.0, &d) != 0)
				mr_tool_usage_error(&t, "--min-confidence: "
				    "\"%s\" is not a number from 0 to 1",
				    optarg);
			o.min_confidence = d;
			break;
		case OPT_NO_CACHE:
			o.no_cache = 1;
			break;
		case OPT_REFRESH:
			o.refresh = 1;
			break;
		case MR_METER_OPT_ON:
		case MR_METER_OPT_OFF:
			progress = ch == MR_METER_OPT_ON;
			break;
		default:
			mr_tool_usage_error(&t, "unknown option");
		}
	}
	if (t.jobs > 0)
		o.jobs = t.jobs;
	mr_tool_load_config(&t);
	mr_tool_open_db(&t);
	if (mr_classifier_new(t.cfg, t.db, &c, &e) != MR_OK) {
		mr_tool_warn(&t, "config", &e);
		mr_tool_fail(&t, mr_rc_exit(e.rc));
		return mr_tool_finish(&t);
	}
	st.meter = mr_meter_new(t.prog, progress, t.quiet, optind < argc ?
	    (size_t)(argc - optind) : count_lines(0));
	o.progress = batch_progress;
	o.progress_arg = &st;
	cap = (size_t)o.jobs * BATCH_PER_JOB;
	s = xcalloc(cap, sizeof(*s));
	r = mr_jsonl_reader_new(argc - optind, argv + optind, stdin,
	    "<stdin>");
	while ((got = mr_jsonl_next(r, &rec, &e)) > 0) {
		memset(&s[n], 0, sizeof(s[n]));
		snprintf(s[n].where, sizeof(s[n].where), "%s", rec.where);
		title = mr_record_title(&rec);
		if (rec.err.rc != MR_OK) {
			mr_tool_warn(&t, rec.where, &rec.err);
			s[n].pass = mr_jsonl_error_record(title, &rec.err);
		} else if (rec.obj != NULL &&
		    json_object_get(rec.obj, "error") != NULL) {
			s[n].pass = json_incref(rec.obj);
		} else if (title == NULL) {
			mr_err_set(&rec.err, MR_EINVAL, 0, "input.no_title",
			    "record has no \"query\" or \"title\"");
			mr_tool_warn(&t, rec.where, &rec.err);
			s[n].pass = mr_jsonl_error_record(NULL, &rec.err);
		} else {
			s[n].query = xstrdup(title);
		}
		if (++n == cap) {
			run_batch(&t, c, &o, s, n, &st);
			n = 0;
		}
	}
	if (n > 0)
		run_batch(&t, c, &o, s, n, &st);
	if (got < 0) {
		mr_tool_warn(&t, "<stdin>", &e);
		mr_tool_fail(&t, mr_rc_exit(e.rc));
	}
	/* Every upstream unreachable for every query: worth a rerun. */
	if (st.classified > 0 && st.transient == st.classified)
		mr_tool_fail(&t, MR_EXIT_TRANSIENT);
	mr_meter_free(st.meter);
	mr_record_release(&rec);
	mr_jsonl_reader_free(r);
	free(s);
	mr_classifier_free(c);
	return mr_tool_finish(&t);
}
