/*
 * mr-tool-demo: a test-only tool that exercises cmd/common/tool.c end to
 * end.  It reads records (operands or stdin lines), writes each one back
 * as a JSON line ({"query": TEXT} for plain text), and turns unreadable
 * lines into error records (exit 1).  --log TEXT logs TEXT at warn level
 * first, to test redaction and the log sink; --db opens (creates) the
 * database.  Changes nothing else.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "jsonl.h"
#include "log.h"

#include "../../cmd/common/tool.h"

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: mr-tool-demo [-hPqVv] [-c file] [-j jobs] "
	    "[--db] [--log text]\n\t[title ...]\n");
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		MR_TOOL_LONGOPTS,
		{ "log", required_argument, NULL, 'L' },
		{ "db", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	struct mr_jsonl_reader *r;
	struct mr_record rec = { 0 };
	struct mr_tool t;
	struct mr_err e;
	const char *logtext = NULL;
	json_t *out;
	int ch, n, db = 0;

	mr_tool_init(&t, NULL, argv[0], usage);
	while ((ch = getopt_long(argc, argv, MR_TOOL_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (mr_tool_option(&t, ch, optarg))
			continue;
		if (ch == 'L')
			logtext = optarg;
		else if (ch == 'D')
			db = 1;
		else
			mr_tool_usage_error(&t, "unknown option");
	}
	mr_tool_load_config(&t);
	if (logtext != NULL)
		mr_log_warn("%s", logtext);
	if (db)
		mr_tool_open_db(&t);
	r = mr_jsonl_reader_new(argc - optind, argv + optind, stdin,
	    "<stdin>");
	while ((n = mr_jsonl_next(r, &rec, &e)) > 0) {
		if (rec.err.rc != MR_OK) {
			mr_tool_warn(&t, rec.where, &rec.err);
			mr_tool_fail(&t, MR_EXIT_PARTIAL);
			out = mr_jsonl_error_record(mr_record_title(&rec),
			    &rec.err);
		} else if (rec.obj != NULL) {
			out = json_incref(rec.obj);
		} else {
			out = json_pack("{s:s}", "query", rec.text);
		}
		mr_tool_emit(&t, out);
		json_decref(out);
	}
	if (n < 0) {
		mr_tool_warn(&t, "<stdin>", &e);
		mr_tool_fail(&t, mr_rc_exit(e.rc));
	}
	mr_record_release(&rec);
	mr_jsonl_reader_free(r);
	return mr_tool_finish(&t);
}
