/*
 * mr.h: what every media-route module shares: return codes, the error
 * structure, the exit-code table, allocation helpers.
 *
 * Jansson ownership, stated once for the whole library: a json_t * that a
 * function returns is a new reference the caller must json_decref(); a
 * json_t * parameter is borrowed unless its name ends in _take, in which
 * case the callee owns it from the call on (even on error).
 *
 * The library never prints to stdout and never exits (except the x*
 * allocators, which abort on out-of-memory).  Failures return an
 * enum mr_rc and fill a caller-owned struct mr_err.
 */
#ifndef MR_H
#define MR_H

#include <stdarg.h>
#include <stddef.h>

#ifndef MR_VERSION
#define MR_VERSION "0.0.0"
#endif

enum mr_rc {
	MR_OK = 0,
	MR_EINVAL,	/* bad argument or input record */
	MR_EUSAGE,	/* bad option (tools map it to exit 2) */
	MR_ECONFIG,	/* bad or missing configuration */
	MR_EAUTH,	/* HTTP 401/403, bad credentials */
	MR_ENET,	/* connection failed, reset, DNS */
	MR_ETIMEOUT,	/* deadline passed */
	MR_ERATE,	/* 429 / MusicBrainz 503 after retries */
	MR_EHTTP,	/* other HTTP error status (see mr_err.status) */
	MR_EPARSE,	/* response or input did not parse */
	MR_ENOTFOUND,	/* nothing matched / no such row */
	MR_EDB,		/* database error */
	MR_EBUSY,	/* database busy or locked past the timeout */
	MR_ESCHEMA,	/* database newer than this tool, or corrupt */
	MR_EIO,		/* read/write error (full disk, closed pipe) */
	MR_ETOOBIG,	/* body or line over its size cap */
	MR_EUNAVAIL,	/* HTTP 5xx still failing after retries (transient) */
};

/* Exit codes, DESIGN.md 3.1. */
enum mr_exit {
	MR_EXIT_OK = 0,		/* everything done */
	MR_EXIT_PARTIAL = 1,	/* some records failed or matched nothing */
	MR_EXIT_USAGE = 2,	/* bad option or argument */
	MR_EXIT_CONFIG = 3,	/* configuration or authentication error */
	MR_EXIT_TRANSIENT = 4,	/* network down, 429/5xx after retries, busy */
	MR_EXIT_FATAL = 5,	/* I/O error, corrupt database, schema too new */
};

struct mr_err {
	enum mr_rc rc;
	int status;		/* HTTP status when there was one, else 0 */
	char code[48];		/* dotted code for error records: "tmdb.http" */
	char msg[512];		/* human text, never a secret */
};

/* Clear *e to "no error". */
void mr_err_clear(struct mr_err *e);

/*
 * Fill e (may be NULL) and return rc.  code is the dotted record code
 * ("tmdb.http", "config.key"); fmt is printf-like.  Long text is cut.
 */
enum mr_rc mr_err_set(struct mr_err *e, enum mr_rc rc, int status,
    const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Short name of a return code ("network", "timeout", ...). */
const char *mr_rc_str(enum mr_rc rc);

/* The exit code a tool uses for a failure of this kind (table above). */
int mr_rc_exit(enum mr_rc rc);

/* Is this failure worth retrying later (network, timeout, 429, 5xx)? */
int mr_rc_transient(enum mr_rc rc);

/* Allocation: abort with "out of memory" on failure; never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/*
 * Parse a whole decimal integer in [min, max]: no sign games, no trailing
 * junk.  Returns 0 and sets *out, or -1 (errno unchanged by design).
 */
int mr_parse_long(const char *s, long min, long max, long *out);
int mr_parse_double(const char *s, double min, double max, double *out);

/* Monotonic and wall clocks in milliseconds / seconds. */
double mr_now_ms(void);		/* CLOCK_MONOTONIC */
double mr_wall_s(void);		/* CLOCK_REALTIME, seconds with fraction */

#define MR_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#include "banned.h"

#endif
