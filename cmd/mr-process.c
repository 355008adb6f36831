/*
 * mr-process: work off the queue; run from cron or a systemd timer.
 *
 * Reads the due Pending requests of the database (claimed with a lease,
 * so concurrent runs never send a request twice), classifies those
 * without a classification (TMDb, Spotify, MusicBrainz), and adds the
 * confident ones to Sonarr/Radarr/Lidarr.  Changes the database
 * (requests, events, the HTTP cache) and the *arr services.  Writes
 * nothing on success; with -p one request record per request it changed.
 * Exit 3 when a service refuses its key (requests stay Pending), 4 when a
 * service was unreachable (requests retry later with backoff).  Once a day
 * it also tidies the database (upkeep.h): expired cache entries and old
 * events removed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "common/meter.h"
#include "common/tool.h"
#include "config.h"
#include "log.h"
#include "notify.h"
#include "process.h"
#include "upkeep.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: mr-process [-nPpqVv] [-c file] [-j jobs] [-l limit]"
	    " [-i id]\n"
	    "                  [--progress | --no-progress]\n");
}

static void
process_progress(void *arg, size_t done, size_t total, size_t errors)
{
	mr_meter_set_total(arg, total);
	mr_meter_update(arg, done, errors);
}

/* The daily upkeep; a busy database just waits for the next run. */
static void
upkeep(struct mr_tool *t)
{
	struct mr_upkeep_result r;
	struct mr_err e;
	enum mr_rc rc;

	rc = mr_upkeep_run(t->db, mr_config_long(t->cfg, "database",
	    "keep_events_days", MR_UPKEEP_KEEP_DAYS), time(NULL), 0, &r, &e);
	if (rc == MR_EBUSY)
		return;
	if (rc != MR_OK) {
		mr_tool_warn(t, "upkeep", &e);
		mr_tool_fail(t, mr_rc_exit(e.rc));
		return;
	}
	if (r.ran)
		mr_log_info("upkeep: %ld cache entries, %ld events, %ld "
		    "rate-limit buckets removed", r.cache_removed,
		    r.events_removed, r.buckets_removed);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		MR_TOOL_LONGOPTS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ "limit", required_argument, NULL, 'l' },
		{ "id", required_argument, NULL, 'i' },
		{ "print", no_argument, NULL, 'p' },
		MR_METER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct mr_process_opts o;
	struct mr_process_result res;
	struct mr_tool t;
	struct mr_err e;
	const json_t *rec;
	const char *user;
	char *actor = NULL, where[48];
	int ch, print = 0, progress = MR_METER_AUTO;
	enum mr_rc rc;
	size_t i;
	long v;

	mr_tool_init(&t, NULL, argv[0], usage);
	mr_process_opts_init(&o);
	while ((ch = getopt_long(argc, argv, MR_TOOL_SHORTOPTS "nl:i:p",
	    longopts, NULL)) != -1) {
		if (mr_tool_option(&t, ch, optarg))
			continue;
		switch (ch) {
		case 'n':
			t.dry_run = 1;
			break;
		case 'l':
			if (mr_parse_long(optarg, 1, 10000000, &v) != 0)
				mr_tool_usage_error(&t, "-l: not a number: %s",
				    optarg);
			o.limit = v;
			break;
		case 'i':
			if (mr_parse_long(optarg, 1, 0x7fffffffffffL, &v) != 0)
				mr_tool_usage_error(&t, "-i: not a request "
				    "id: %s", optarg);
			o.id = v;
			break;
		case 'p':
			print = 1;
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
	o.actor = actor;
	o.dry_run = t.dry_run;
	o.want_records = print;
	o.notify = mr_notify_new(t.cfg);
	if (t.jobs > 0)
		o.jobs = t.jobs;

	o.progress_arg = mr_meter_new(t.prog, progress, t.quiet, 0);
	if (o.progress_arg != NULL)
		o.progress = process_progress;
	mr_err_clear(&e);
	rc = mr_process_run(t.cfg, t.db, &o, &res, &e);
	mr_meter_free(o.progress_arg);
	for (i = 0; print && i < json_array_size(res.records); i++)
		mr_tool_emit(&t, json_array_get(res.records, i));
	for (i = 0; i < json_array_size(res.failures); i++) {
		rec = json_array_get(res.failures, i);
		snprintf(where, sizeof(where), "request %lld",
		    (long long)json_integer_value(json_object_get(rec, "id")));
		mr_err_set(&e, MR_EHTTP, 0, "failed", "%s",
		    json_string_value(json_object_get(rec, "reason")));
		mr_tool_warn(&t, where, &e);
	}
	if (res.stopped)
		mr_tool_warn(&t, NULL, &res.stop_err);
	else if (rc != MR_OK)
		mr_tool_warn(&t, NULL, &e);
	else if (res.last_transient.rc != MR_OK && !t.quiet) {
		e = res.last_transient;
		snprintf(e.msg, sizeof(e.msg), "%.480s (will retry)",
		    res.last_transient.msg);
		mr_tool_warn(&t, NULL, &e);
	}
	mr_tool_fail(&t, mr_process_exit(rc, &res));
	mr_process_result_release(&res);
	if (!t.dry_run)
		upkeep(&t);
	mr_notify_free(o.notify);
	free(actor);
	return mr_tool_finish(&t);
}
