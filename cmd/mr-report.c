/*
 * mr-report: what happened to the requests over a window (default: the
 * last 7 x 24 hours), as text for people and cron mail, one JSON object,
 * or a metric,key,value CSV table.  Reads the database; changes nothing.
 *
 * With --check it checks the installation instead: config file and its
 * permissions, the database, every configured upstream and *arr service
 * (one cheap call each).  One line per check, "OK|WARN|FAIL  what
 * detail"; exit 3 when any check fails.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "selfcheck.h"
#include "config.h"
#include "db.h"
#include "report.h"
#include "common/tool.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: mr-report [-hPqVv] [-c file] [-d days] "
	    "[--since date] [--until date]\n"
	    "                 [-f text|json|csv]\n"
	    "       mr-report [-c file] --check\n");
}

/*
 * Open the database; read-only when the file exists but is not ours to
 * write (a monitoring account), since a report changes nothing.
 */
static void
open_db(struct mr_tool *t)
{
	const char *path = mr_config_str(t->cfg, "database", "path");
	struct mr_err err;
	enum mr_rc rc;

	if (path == NULL || access(path, F_OK) == -1 ||
	    access(path, W_OK) == 0) {
		mr_tool_open_db(t);
		return;
	}
	mr_err_clear(&err);
	if ((rc = mr_db_open(path, MR_DB_READONLY, &t->db, &err)) != MR_OK) {
		mr_tool_warn(t, "database", &err);
		exit(mr_rc_exit(rc) == MR_EXIT_PARTIAL ? MR_EXIT_FATAL :
		    mr_rc_exit(rc));
	}
}

static int
run_check(struct mr_tool *t)
{
	struct mr_config *cfg = NULL;
	struct mr_err err;
	json_t *list = json_array(), *e;
	size_t i;
	int rc;

	mr_err_clear(&err);
	if (mr_config_load(t->config_path, &cfg, &err) != MR_OK) {
		mr_selfcheck_add(list, MR_SELFCHECK_FAIL, "config", "%s",
		    err.msg);
	} else {
		mr_selfcheck_config(list, cfg);
		mr_selfcheck_database(list, cfg);
		mr_selfcheck_services(list, cfg);
	}
	json_array_foreach(list, i, e) {
		const char *lv = json_string_value(json_object_get(e, "level"));

		if (t->quiet && strcmp(lv, "OK") == 0)
			continue;
		printf("%-4s  %-12s  %s\n", lv,
		    json_string_value(json_object_get(e, "what")),
		    json_string_value(json_object_get(e, "detail")));
	}
	if (mr_selfcheck_worst(list) == MR_SELFCHECK_FAIL)
		mr_tool_fail(t, MR_EXIT_CONFIG);
	json_decref(list);
	mr_config_free(cfg);
	rc = mr_tool_finish(t);
	return rc;
}

int
main(int argc, char *argv[])
{
	enum { OPT_SINCE = 256, OPT_UNTIL, OPT_CHECK };
	static const struct option longopts[] = {
		MR_TOOL_LONGOPTS,
		{ "days", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ NULL, 0, NULL, 0 },
	};
	struct mr_tool t;
	struct mr_report_opts o;
	struct mr_err err;
	json_t *rep = NULL;
	char *out = NULL;
	const char *since = NULL, *until = NULL;
	long days = 7;
	int ch, fmt = MR_REPORT_TEXT, check = 0, have_days = 0;

	mr_tool_init(&t, "mr-report", argv[0], usage);
	while ((ch = getopt_long(argc, argv, MR_TOOL_SHORTOPTS "d:f:",
	    longopts, NULL)) != -1) {
		if (mr_tool_option(&t, ch, optarg))
			continue;
		switch (ch) {
		case 'd':
			if (mr_parse_long(optarg, 1, 36500, &days) == -1)
				mr_tool_usage_error(&t, "-d: not a number of "
				    "days: %s", optarg);
			have_days = 1;
			break;
		case 'f':
			if ((fmt = mr_report_format_parse(optarg)) < 0)
				mr_tool_usage_error(&t, "-f: unknown format: "
				    "%s", optarg);
			break;
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_UNTIL:
			until = optarg;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		default:
			mr_tool_usage_error(&t, "unknown option");
		}
	}
	if (optind < argc)
		mr_tool_usage_error(&t, "unexpected argument: %s",
		    argv[optind]);
	if (check)
		return run_check(&t);
	if (since != NULL && have_days)
		mr_tool_usage_error(&t, "--since and --days exclude each "
		    "other");

	/* The window ends after the current second, which it includes. */
	mr_report_opts_init(&o, time(NULL) + 1);
	if (until != NULL && mr_report_parse_time(until, 1, &o.until) == -1)
		mr_tool_usage_error(&t, "--until: not an ISO 8601 date: %s",
		    until);
	o.since = o.until - days * 86400;
	if (since != NULL && mr_report_parse_time(since, 0, &o.since) == -1)
		mr_tool_usage_error(&t, "--since: not an ISO 8601 date: %s",
		    since);
	if (o.since >= o.until)
		mr_tool_usage_error(&t, "--since must be before --until");

	mr_tool_load_config(&t);
	o.low_threshold = mr_config_double(t.cfg, "routing",
	    "min_confidence", 0.6);
	open_db(&t);
	mr_err_clear(&err);
	if (mr_report_build(t.db, &o, &rep, &err) != MR_OK) {
		mr_tool_warn(&t, "report", &err);
		mr_tool_fail(&t, mr_rc_exit(err.rc));
	} else if (fmt == MR_REPORT_JSON) {
		mr_tool_emit(&t, rep);
	} else {
		out = mr_report_render(rep, (enum mr_report_format)fmt);
		fputs(out, stdout);
	}
	free(out);
	json_decref(rep);
	return mr_tool_finish(&t);
}
