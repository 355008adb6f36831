/*
 * notify.h: the [notify] hook (DESIGN.md 7.2, media-route.ini(5)).  For
 * each change of a request's status named in [notify] events, run
 * [notify] command with MR_EVENT set to the event (sent, needs_review,
 * no_match, failed, retrying, cancelled) and the request record, one
 * line of JSON, on standard input; its standard output goes to standard
 * error (stdout carries records).
 *
 * No shell unless the command asks for one: a command that holds none of
 * the characters | & ; < > ( ) $ ` \ " ' * ? [ ] { } # ~ = % ! or a newline
 * is split at blanks and run directly (PATH searched); any other runs as
 * /bin/sh -c COMMAND.  The hook runs in its own process group; still
 * running after [notify] timeout seconds, the whole group is killed.
 * Its environment is the tool's minus secrets: MR_* variables whose name
 * holds KEY, TOKEN, SECRET or PASSWORD, and any variable whose value
 * holds one of the config's secret values.  The hook's failure never
 * changes the request; it is only reported.
 */
#ifndef MR_NOTIFY_H
#define MR_NOTIFY_H

#include <jansson.h>

#include "mr.h"

struct mr_config;
struct mr_notify;

/* A hook from cfg; NULL when no command is configured.  Copies cfg's
 * values, so it may outlive cfg. */
struct mr_notify *mr_notify_new(const struct mr_config *cfg);
void mr_notify_free(struct mr_notify *n);

/* Is event one of the configured events? */
int mr_notify_wants(const struct mr_notify *n, const char *event);

/*
 * Run the command for event with record (borrowed) on its stdin and wait
 * for it (up to the timeout).  Safe to call from several threads.
 * MR_OK when it exited 0; MR_EIO when it could not run, exited non-zero
 * or was killed (err says which).  Does nothing (MR_OK) for an event
 * not wanted.
 */
enum mr_rc mr_notify_run(struct mr_notify *n, const char *event,
    const json_t *record, struct mr_err *err);

#endif
