/*
 * meter.h: the one-line progress of batch tools on stderr (issue 8):
 * done/total, rate, ETA and errors, redrawn with "\r" at most five times
 * a second and cleared at the end.  By default only when stderr is a
 * terminal (never in cron or into a file); --progress and --no-progress
 * force it on or off.  The text is lib/progress.h's.
 */
#ifndef MR_METER_H
#define MR_METER_H

#include <stddef.h>

enum mr_meter_mode {
	MR_METER_AUTO = -1,	/* on when stderr is a terminal and not -q */
	MR_METER_OFF = 0,	/* --no-progress */
	MR_METER_ON = 1,	/* --progress */
};

/* The long options, for a tool's table (values MR_METER_OPT_*). */
#define MR_METER_OPT_ON		0x4d01
#define MR_METER_OPT_OFF	0x4d02
#define MR_METER_LONGOPTS \
	{ "progress", no_argument, NULL, MR_METER_OPT_ON }, \
	{ "no-progress", no_argument, NULL, MR_METER_OPT_OFF }

struct mr_meter;

/*
 * A meter labelled label (the program's name) for total items (0:
 * unknown), or NULL when mode (with quiet, -q) says there is none.  The
 * functions below accept NULL and then do nothing.
 */
struct mr_meter *mr_meter_new(const char *label, int mode, int quiet,
    size_t total);

/* Change the total (known later, e.g. once requests are claimed). */
void mr_meter_set_total(struct mr_meter *m, size_t total);

/* Items done so far, of which errors failed; redrawn when due.  Safe to
 * call from several threads. */
void mr_meter_update(struct mr_meter *m, size_t done, size_t errors);

/*
 * Clear the line (if drawn) before other output: a message on stderr
 * (for_stdout 0), or a record on stdout when stdout is the same
 * terminal (for_stdout 1).  The next update draws it again.
 */
void mr_meter_pause(int for_stdout);

/* Clear the line and free the meter. */
void mr_meter_free(struct mr_meter *m);

#endif
