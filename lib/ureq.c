/* ureq.c: upstream requests that own their strings. */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "ureq.h"

struct mr_ureq *
mr_ureq_new(void)
{
	struct mr_ureq *u = xcalloc(1, sizeof(*u));

	u->http.user = u;
	u->http.retry_after_s = -1;
	return u;
}

void
mr_ureq_free(struct mr_ureq *u)
{
	int i;

	if (u == NULL)
		return;
	mr_http_req_release(&u->http);
	for (i = 0; i < u->nhdr; i++)
		free(u->hdr[i]);
	free(u->url);
	free(u->body);
	free(u);
}

void
mr_ureq_set_url(struct mr_ureq *u, char *url_take)
{
	free(u->url);
	u->url = url_take;
	u->http.url = url_take;
}

void
mr_ureq_header(struct mr_ureq *u, const char *fmt, ...)
{
	va_list ap;

	/* Keep one slot for the terminating NULL. */
	if (u->nhdr >= MR_HTTP_MAX_HEADERS - 1)
		return;
	va_start(ap, fmt);
	u->hdr[u->nhdr] = xvasprintf(fmt, ap);
	va_end(ap);
	u->http.headers[u->nhdr] = u->hdr[u->nhdr];
	u->nhdr++;
	u->http.headers[u->nhdr] = NULL;
}

void
mr_ureq_set_body(struct mr_ureq *u, const char *method, const char *body)
{
	free(u->body);
	u->body = xstrdup(body);
	u->http.body = u->body;
	u->http.body_len = strlen(body);
	u->http.method = method;
}

char *
mr_ureq_join(const char *base, const char *path)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	while (*path == '/')
		path++;
	return xasprintf("%.*s/%s", (int)n, base, path);
}

char *
mr_ureq_cache_key(const struct mr_ureq *u)
{
	char *red, *key;

	red = mr_http_redact_url(u->url);
	key = xasprintf("%s %s", u->http.method ? u->http.method : "GET",
	    red);
	free(red);
	return key;
}

enum mr_rc
mr_ureq_check(const struct mr_ureq *u, const char *prefix,
    const char *detail, struct mr_err *err)
{
	const struct mr_http_req *r = &u->http;
	struct mr_err e;
	enum mr_rc rc;
	char *path;

	mr_err_clear(&e);
	if (r->err.rc != MR_OK) {
		rc = mr_err_set(err, r->err.rc, 0, NULL, "%s: %s", prefix,
		    r->err.msg);
	} else {
		rc = mr_http_check(r, prefix, &e);
		if (rc == MR_OK)
			return MR_OK;
		path = mr_http_redact_url(u->url);
		/* Keep the message short: the path, not the host. */
		{
			const char *p = strstr(path, "://");
			const char *q = p ? strchr(p + 3, '/') : NULL;
			const char *qm;

			if (q == NULL)
				q = path;
			qm = strchr(q, '?');
			rc = mr_err_set(err, rc, (int)r->status, NULL,
			    "%s: HTTP %ld for %.*s%s%s", prefix, r->status,
			    (int)(qm ? (size_t)(qm - q) : strlen(q)), q,
			    detail ? ": " : "", detail ? detail : "");
		}
		free(path);
	}
	/* The record codes of mr_http_check(): "<prefix>.<mr_rc_str>". */
	if (err != NULL)
		snprintf(err->code, sizeof(err->code), "%s.%s", prefix,
		    mr_rc_str(rc));
	return rc;
}

void
mr_ureq_cache(struct mr_ureq *u, long ttl, long ttl_empty,
    int (*empty_fn)(const char *, size_t))
{
	u->http.cache_ttl = ttl;
	u->http.cache_ttl_empty = ttl_empty;
	u->http.empty_fn = empty_fn;
}
