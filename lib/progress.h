/*
 * progress.h: the one-line progress of batch tools (mr-classify on
 * stdin, mr-backfill, mr-process), as pure functions: what the line says
 * and when to redraw it.  Drawing it (stderr, a terminal) is cmd/'s.
 */
#ifndef MR_PROGRESS_H
#define MR_PROGRESS_H

#include <stddef.h>

/* Redraw at most this often (5 times a second). */
#define MR_PROGRESS_INTERVAL_MS	200

/*
 * Format the line into buf (len bytes, always NUL-terminated, cut when
 * short): "LABEL: DONE/TOTAL (P%)  R/s  ETA M:SS  E errors" where TOTAL 0
 * means unknown ("LABEL: DONE done  R/s  E errors"), the rate and ETA
 * show "--" until elapsed_s reaches a second with something done, and
 * the errors part only when errors > 0.  Returns the line's length.
 */
size_t mr_progress_format(char *buf, size_t len, const char *label,
    size_t done, size_t total, size_t errors, double elapsed_s);

/* Format seconds as M:SS, or H:MM:SS from an hour, into buf. */
void mr_progress_duration(char *buf, size_t len, double seconds);

/*
 * Should the line be redrawn now (ms, a monotonic clock) when it was
 * last drawn at last_ms (< 0: never)?  Not before start_ms + delay_ms,
 * then at most every MR_PROGRESS_INTERVAL_MS.
 */
int mr_progress_due(double now_ms, double last_ms, double start_ms,
    double delay_ms);

#endif
