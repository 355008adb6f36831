/* mr.c: errors, exit codes, allocation and number parsing helpers. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mr.h"

void
mr_err_clear(struct mr_err *e)
{
	if (e == NULL)
		return;
	e->rc = MR_OK;
	e->status = 0;
	e->code[0] = '\0';
	e->msg[0] = '\0';
}

enum mr_rc
mr_err_set(struct mr_err *e, enum mr_rc rc, int status, const char *code,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return rc;
	e->rc = rc;
	e->status = status;
	snprintf(e->code, sizeof(e->code), "%s", code ? code : mr_rc_str(rc));
	va_start(ap, fmt);
	if (vsnprintf(e->msg, sizeof(e->msg), fmt, ap) >= (int)sizeof(e->msg))
		memcpy(e->msg + sizeof(e->msg) - 4, "...", 4);
	va_end(ap);
	return rc;
}

const char *
mr_rc_str(enum mr_rc rc)
{
	switch (rc) {
	case MR_OK:		return "ok";
	case MR_EINVAL:		return "invalid";
	case MR_EUSAGE:		return "usage";
	case MR_ECONFIG:	return "config";
	case MR_EAUTH:		return "auth";
	case MR_ENET:		return "network";
	case MR_ETIMEOUT:	return "timeout";
	case MR_ERATE:		return "rate_limited";
	case MR_EHTTP:		return "http";
	case MR_EPARSE:		return "parse";
	case MR_ENOTFOUND:	return "not_found";
	case MR_EDB:		return "database";
	case MR_EBUSY:		return "busy";
	case MR_ESCHEMA:	return "schema";
	case MR_EIO:		return "io";
	case MR_ETOOBIG:	return "too_big";
	/* Records keep DESIGN 3.2's "<source>.http" code, with the status. */
	case MR_EUNAVAIL:	return "http";
	}
	return "unknown";
}

int
mr_rc_exit(enum mr_rc rc)
{
	switch (rc) {
	case MR_OK:
		return MR_EXIT_OK;
	case MR_EUSAGE:
		return MR_EXIT_USAGE;
	case MR_ECONFIG:
	case MR_EAUTH:
		return MR_EXIT_CONFIG;
	case MR_ENET:
	case MR_ETIMEOUT:
	case MR_ERATE:
	case MR_EBUSY:
	case MR_EUNAVAIL:
		return MR_EXIT_TRANSIENT;
	case MR_EDB:
	case MR_ESCHEMA:
	case MR_EIO:
		return MR_EXIT_FATAL;
	case MR_EINVAL:
	case MR_EHTTP:
	case MR_EPARSE:
	case MR_ENOTFOUND:
	case MR_ETOOBIG:
		return MR_EXIT_PARTIAL;
	}
	return MR_EXIT_PARTIAL;
}

int
mr_rc_transient(enum mr_rc rc)
{
	return rc == MR_ENET || rc == MR_ETIMEOUT || rc == MR_ERATE ||
	    rc == MR_EBUSY || rc == MR_EUNAVAIL;
}

static void
oom(void)
{
	fputs("media-route: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom();
	return q;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (p == NULL)
		oom();
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int
mr_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;
	int saved = errno;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max) {
		errno = saved;
		return -1;
	}
	errno = saved;
	*out = v;
	return 0;
}

int
mr_parse_double(const char *s, double min, double max, double *out)
{
	char *end;
	double v;
	int saved = errno;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || isnan(v) || v < min || v > max) {
		errno = saved;
		return -1;
	}
	errno = saved;
	*out = v;
	return 0;
}

double
mr_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

double
mr_wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
