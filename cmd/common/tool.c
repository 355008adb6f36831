/*
 * tool.c: the option handling, config and database setup, messages and
 * checked exit that every cmd/mr-*.c shares (tool.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tool.h"
#include "meter.h"
#include "config.h"
#include "db.h"
#include "jsonl.h"
#include "log.h"

/* Exit codes from least to most serious (tool.h: 5 > 3 > 4 > 2 > 1). */
static const int severity[] = { 0, 1, 2, 4, 3, 5 };

static int
rank(int code)
{
	size_t i;

	for (i = 0; i < MR_ARRAY_LEN(severity); i++)
		if (severity[i] == code)
			return (int)i;
	return (int)MR_ARRAY_LEN(severity);
}

/* Flush stdout after --help or --version; a write error is exit 5. */
static void
exit_stdout(struct mr_tool *t)
{
	struct mr_err e;

	if (mr_jsonl_close(stdout, &e) != MR_OK) {
		fprintf(stderr, "%s: stdout: %s\n", t->prog, e.msg);
		exit(MR_EXIT_FATAL);
	}
	exit(MR_EXIT_OK);
}

void
mr_tool_init(struct mr_tool *t, const char *prog, const char *argv0,
    void (*usage)(FILE *))
{
	const char *slash;

	memset(t, 0, sizeof(*t));
	if (prog == NULL && argv0 != NULL) {
		slash = strrchr(argv0, '/');
		prog = slash ? slash + 1 : argv0;
	}
	t->prog = prog ? prog : "media-route";
	t->usage = usage;
	mr_log_init(t->prog, MR_LOG_WARN, NULL);
}

int
mr_tool_option(struct mr_tool *t, int ch, const char *arg)
{
	long n;

	switch (ch) {
	case 'c':
		t->config_path = arg;
		return 1;
	case 'h':
		if (t->usage != NULL)
			t->usage(stdout);
		exit_stdout(t);
		return 1;
	case 'V':
		printf("%s media-route %s\n", t->prog, MR_VERSION);
		exit_stdout(t);
		return 1;
	case 'v':
		t->verbose++;
		return 1;
	case 'q':
		t->quiet = 1;
		return 1;
	case 'j':
		if (mr_parse_long(arg, 1, 64, &n) != 0)
			mr_tool_usage_error(t, "-j: \"%s\" is not a number "
			    "from 1 to 64", arg);
		t->jobs = (int)n;
		return 1;
	case 'P':
		t->pretty = 1;
		return 1;
	case '?':
	case ':':
		/* getopt has already said what was wrong. */
		if (t->usage != NULL)
			t->usage(stderr);
		fprintf(stderr, "try '%s --help'\n", t->prog);
		exit(MR_EXIT_USAGE);
	}
	return 0;
}

void
mr_tool_usage_error(struct mr_tool *t, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", t->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (t->usage != NULL)
		t->usage(stderr);
	fprintf(stderr, "try '%s --help'\n", t->prog);
	exit(MR_EXIT_USAGE);
}

void
mr_tool_load_config(struct mr_tool *t)
{
	struct mr_err e;
	const char *s, *file;
	int level;
	size_t i;

	if (mr_config_load(t->config_path, &t->cfg, &e) != MR_OK) {
		fprintf(stderr, "%s: config: %s\n", t->prog, e.msg);
		exit(MR_EXIT_CONFIG);
	}
	level = mr_log_level_parse(mr_config_str(t->cfg, "log", "level"));
	if (level < 0)
		level = MR_LOG_WARN;
	level += t->verbose;
	if (t->quiet)
		level = MR_LOG_ERROR;
	mr_log_set_level((enum mr_log_level)level);
	file = mr_config_str(t->cfg, "log", "file");
	if (file != NULL && mr_log_open_file(file) != 0) {
		fprintf(stderr, "%s: config: [log] file: %s: %s\n", t->prog,
		    file, strerror(errno));
		exit(MR_EXIT_CONFIG);
	}
	for (i = 0; (s = mr_config_warning(t->cfg, i)) != NULL; i++)
		mr_log_warn("config: %s", s);
	mr_log_debug("config: %s", mr_config_file(t->cfg) ?
	    mr_config_file(t->cfg) : "no file, defaults");
}

void
mr_tool_open_db(struct mr_tool *t)
{
	struct mr_err e;
	enum mr_rc rc;

	if (t->cfg == NULL)
		mr_tool_load_config(t);
	rc = mr_db_open(mr_config_str(t->cfg, "database", "path"), 0, &t->db,
	    &e);
	if (rc != MR_OK) {
		mr_tool_warn(t, "database", &e);
		exit(mr_rc_exit(rc) == MR_EXIT_PARTIAL ? MR_EXIT_FATAL :
		    mr_rc_exit(rc));
	}
}

void
mr_tool_warn(struct mr_tool *t, const char *where, const struct mr_err *e)
{
	char *msg = mr_log_redact(e->msg);
	const char *code = e->code[0] ? e->code : mr_rc_str(e->rc);

	mr_meter_pause(0);
	if (where != NULL)
		fprintf(stderr, "%s: %s: %s: %s\n", t->prog, where, code, msg);
	else
		fprintf(stderr, "%s: %s: %s\n", t->prog, code, msg);
	free(msg);
}

void
mr_tool_fail(struct mr_tool *t, int exit_code)
{
	if (rank(exit_code) > rank(t->exit_status))
		t->exit_status = exit_code;
}

void
mr_tool_emit(struct mr_tool *t, const void *json_obj)
{
	mr_meter_pause(1);
	if (mr_jsonl_write(stdout, json_obj, t->pretty) != MR_OK) {
		fprintf(stderr, "%s: stdout: write error: %s\n", t->prog,
		    strerror(errno));
		exit(MR_EXIT_FATAL);
	}
}

int
mr_tool_finish(struct mr_tool *t)
{
	struct mr_err e;

	mr_db_close(t->db);
	t->db = NULL;
	mr_config_free(t->cfg);
	t->cfg = NULL;
	mr_log_close();
	if (mr_jsonl_close(stdout, &e) != MR_OK) {
		fprintf(stderr, "%s: stdout: %s\n", t->prog, e.msg);
		exit(MR_EXIT_FATAL);
	}
	return t->exit_status;
}
