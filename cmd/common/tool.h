/*
 * tool.h: what every cmd/mr-*.c shares: the common options of DESIGN.md
 * 7.1, loading the config and the database, messages in the
 * "prog: where: what: detail" form, and a checked exit.  This is cmd/
 * code: it may print and exit; the library may not.
 */
#ifndef MR_TOOL_H
#define MR_TOOL_H

#include <getopt.h>
#include <stdio.h>

#include "mr.h"

struct mr_config;
struct mr_db;

struct mr_tool {
	const char *prog;		/* "mr-classify" */
	void (*usage)(FILE *);		/* prints the SYNOPSIS lines */
	const char *config_path;	/* -c FILE, or NULL */
	int verbose;			/* count of -v */
	int quiet;			/* -q */
	int pretty;			/* -P */
	int dry_run;			/* -n where the tool has it */
	int jobs;			/* -j N, 0 = tool default */
	struct mr_config *cfg;		/* after mr_tool_load_config */
	struct mr_db *db;		/* after mr_tool_open_db */
	int exit_status;		/* worst exit so far (see mr_tool_fail) */
};

/* Short options every tool accepts; append the tool's own. */
#define MR_TOOL_SHORTOPTS "c:hVvqj:P"
/* Long options every tool accepts; put first in the tool's table. */
#define MR_TOOL_LONGOPTS \
	{ "config", required_argument, NULL, 'c' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ "verbose", no_argument, NULL, 'v' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "jobs", required_argument, NULL, 'j' }, \
	{ "pretty", no_argument, NULL, 'P' }

/* Set up t (zeroes it); prog is the basename of argv[0] when NULL. */
void mr_tool_init(struct mr_tool *t, const char *prog, const char *argv0,
    void (*usage)(FILE *));

/*
 * Handle a common option from getopt_long.  Returns 1 when ch was one
 * (-h prints usage to stdout and exits 0; -V prints "prog VERSION" and
 * exits 0; a bad -j value is a usage error), 0 otherwise.
 */
int mr_tool_option(struct mr_tool *t, int ch, const char *arg);

/* Usage error: "prog: msg", the usage, "try 'prog --help'"; exit 2. */
void mr_tool_usage_error(struct mr_tool *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/*
 * Load the config (t->config_path or the lookup order), print its
 * warnings, set up logging ([log] level/file, raised by -v, lowered by
 * -q).  On error prints "prog: config: ..." and exits 3.
 */
void mr_tool_load_config(struct mr_tool *t);

/*
 * Open the database named by [database] path (created and migrated).
 * On error prints the reason and exits with mr_rc_exit() of it (5 for a
 * newer or corrupt database, 4 when busy).
 */
void mr_tool_open_db(struct mr_tool *t);

/* "prog: where: code: message" on stderr (where may be NULL). */
void mr_tool_warn(struct mr_tool *t, const char *where,
    const struct mr_err *e);

/*
 * Record a failure: exit_status becomes the more serious of the two
 * (5 > 3 > 4 > 2 > 1 > 0).
 */
void mr_tool_fail(struct mr_tool *t, int exit_code);

/*
 * Write one record to stdout (compact, or pretty with -P).  A write error
 * prints a message and exits 5.
 */
void mr_tool_emit(struct mr_tool *t, const void *json_obj);

/*
 * Close the db and config, flush and close stdout checking for errors
 * (exit 5 on failure, e.g. /dev/full), and return t->exit_status for
 * main() to return.
 */
int mr_tool_finish(struct mr_tool *t);

#endif
