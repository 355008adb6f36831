/*
 * http.c: batches of HTTP requests on one libcurl multi handle, with
 * retries, shared rate limits and the response cache (see http.h).
 *
 * A request lives in an internal struct xfer that moves between three
 * lists: wait (not started, or waiting for a backoff or a rate-limit
 * slot), run (a transfer on the multi handle) and done (finished, to be
 * handed back by mr_http_next).  One attempt at a time per request; easy
 * handles are pooled so that their state (DNS, TLS sessions) is reused,
 * and the multi handle keeps the connection cache for keep-alive.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "cache.h"
#include "http.h"
#include "http_internal.h"
#include "log.h"
#include "mr.h"
#include "ratelimit.h"

#define POOL_MAX	16
#define MAX_REDIRS	3
#define HOST_CONNS	8L
#define POLL_MAX_MS	1000
#define RETRY_AFTER_MAX	86400L

struct xfer {
	struct mr_http_req *r;
	struct xfer *next;
	CURL *easy;
	struct curl_slist *hdrs;
	char *redacted;			/* URL for logs, errors, cache */
	char *url_now;			/* after a redirect; NULL: r->url */
	int redirects;
	int as_get;			/* a 303 (or 301/302 to a POST) */
	const char *method;
	char *buf;			/* body of the current/last attempt */
	size_t len, cap;
	int too_big;
	long retry_after;		/* of the current attempt, -1: none */
	double t0;			/* mr_now_ms() when added */
	double deadline;		/* absolute, mr_now_ms() scale */
	double not_before;		/* next attempt starts no earlier */
	double attempt_t0;
	size_t max_body;
	int reserved;			/* rate slot held for next attempt */
	/* Outcome of the last attempt, kept while a retry waits. */
	enum mr_rc last_rc;
	long last_status;
	char *last_ctype;
	char last_msg[256];
	char errbuf[CURL_ERROR_SIZE];
};

struct xlist {
	struct xfer *head, *tail;
};

struct mr_http {
	CURLM *multi;
	struct mr_http_opts o;
	char *ua;
	char *ca_file;
	struct xlist wait, run, done;
	int nrun;
	CURL *pool[POOL_MAX];
	int npool;
	uint64_t rng;
	void (*observe)(void *, const struct mr_http_req *);
	void *observe_arg;
};

static int curl_ready;

static void
xlist_push(struct xlist *l, struct xfer *x)
{
	x->next = NULL;
	if (l->tail != NULL)
		l->tail->next = x;
	else
		l->head = x;
	l->tail = x;
}

static struct xfer *
xlist_pop(struct xlist *l)
{
	struct xfer *x = l->head;

	if (x != NULL) {
		l->head = x->next;
		if (l->head == NULL)
			l->tail = NULL;
		x->next = NULL;
	}
	return x;
}

static void
xlist_remove(struct xlist *l, struct xfer *x)
{
	struct xfer **pp, *prev = NULL;

	for (pp = &l->head; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			if (l->tail == x)
				l->tail = prev;
			x->next = NULL;
			return;
		}
		prev = *pp;
	}
}

/* splitmix64: jitter only needs to differ between processes. */
static double
rnd_unit(struct mr_http *h)
{
	uint64_t z = (h->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

long
mr_http_backoff_ms(int attempt, long base_ms, long cap_ms, double u)
{
	double d;

	if (attempt < 1 || base_ms <= 0 || cap_ms <= 0)
		return 0;
	if (u < 0)
		u = 0;
	if (u >= 1)
		u = 0.999999;
	d = (double)base_ms;
	while (--attempt > 0 && d < (double)cap_ms)
		d *= 2;
	if (d > (double)cap_ms)
		d = (double)cap_ms;
	return (long)(d * u);
}

long
mr_http_parse_retry_after(const char *value, time_t now)
{
	long v;
	time_t t;
	char tmp[64];
	size_t n;

	if (value == NULL)
		return -1;
	while (*value == ' ' || *value == '\t')
		value++;
	n = strlen(value);
	while (n > 0 && isspace((unsigned char)value[n - 1]))
		n--;
	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, value, n);
	tmp[n] = '\0';
	if (isdigit((unsigned char)tmp[0])) {
		if (strspn(tmp, "0123456789") != n)
			return -1;
		/* All digits: too long for a long is "very long". */
		if (mr_parse_long(tmp, 0, RETRY_AFTER_MAX, &v) != 0)
			v = RETRY_AFTER_MAX;
		return v;
	}
	if (!isalpha((unsigned char)tmp[0]))
		return -1;
	t = curl_getdate(tmp, NULL);
	if (t == (time_t)-1)
		return -1;
	if (t <= now)
		return 0;
	return t - now > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : (long)(t - now);
}

int
mr_http_status_transient(long status)
{
	return status == 429 || (status >= 500 && status <= 599);
}

/* Query parameter names whose values never leave the process. */
static const char *const secret_names[] = {
	"api_key", "apikey", "token", "access_token", "refresh_token",
	"client_secret", "key", "password",
};

static int
is_secret_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < MR_ARRAY_LEN(secret_names); i++)
		if (strlen(secret_names[i]) == n &&
		    strncasecmp(secret_names[i], s, n) == 0)
			return 1;
	return 0;
}

static int
is_value_end(char c)
{
	return c == '\0' || c == '&' || c == '#' || c == ';' || c == ' ' ||
	    c == '\t' || c == '\n' || c == '\r' || c == '"';
}

char *
mr_http_redact_url(const char *url)
{
	const char *p, *auth, *end, *colon, *at;
	char *out;
	size_t o = 0, len, n;

	if (url == NULL)
		return xstrdup("");
	len = strlen(url);
	/* Each masked value adds at most 3 bytes over "&k=": 2x is ample. */
	out = xmalloc(len * 2 + 16);
	p = url;
	/* user:password@ in the authority. */
	auth = strstr(url, "://");
	if (auth != NULL) {
		auth += 3;
		end = auth + strcspn(auth, "/?#");
		at = memchr(auth, '@', (size_t)(end - auth));
		colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon != NULL) {
			n = (size_t)(colon - url) + 1;
			memcpy(out, url, n);
			o = n;
			memcpy(out + o, "***", 3);
			o += 3;
			p = at;
		}
	}
	while (*p != '\0') {
		int start = p == url || p[-1] == '?' || p[-1] == '&' ||
		    p[-1] == ';' || p[-1] == ' ';

		if (start) {
			n = strcspn(p, "=&#; ?");
			if (p[n] == '=' && is_secret_name(p, n)) {
				memcpy(out + o, p, n + 1);
				o += n + 1;
				memcpy(out + o, "***", 3);
				o += 3;
				p += n + 1;
				while (!is_value_end(*p))
					p++;
				continue;
			}
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
	return out;
}

char *
mr_http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	char *out;
	size_t o = 0;

	if (s == NULL)
		return xstrdup("");
	out = xmalloc(strlen(s) * 3 + 1);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		/* RFC 3986 unreserved, in ASCII whatever the locale. */
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~') {
			out[o++] = (char)*p;
		} else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
	return out;
}

/* The path of a (redacted) URL, without query: "/3/search/movie". */
static void
url_path(const char *url, char *buf, size_t sz)
{
	const char *p = strstr(url, "://");
	size_t n;

	p = p != NULL ? p + 3 : url;
	p += strcspn(p, "/?#");
	n = strcspn(p, "?#");
	if (n == 0) {
		p = "/";
		n = 1;
	}
	if (n >= sz)
		n = sz - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
}

enum mr_rc
mr_http_check(const struct mr_http_req *r, const char *code_prefix,
    struct mr_err *err)
{
	char code[48], path[256], *red;
	const char *pfx = code_prefix != NULL ? code_prefix : "http";
	enum mr_rc rc;

	red = mr_http_redact_url(r->url);
	url_path(red, path, sizeof(path));
	free(red);
	if (r->err.rc != MR_OK) {
		rc = r->err.rc;
		snprintf(code, sizeof(code), "%s.%s", pfx, mr_rc_str(rc));
		mr_err_set(err, rc, r->err.status, code, "%s", r->err.msg);
		goto out;
	}
	if (r->status >= 200 && r->status <= 299) {
		mr_err_clear(err);
		rc = MR_OK;
		goto out;
	}
	if (r->status == 401 || r->status == 403)
		rc = MR_EAUTH;
	else if (r->status == 429)
		rc = MR_ERATE;
	else if (mr_http_status_transient(r->status))
		rc = MR_EUNAVAIL;
	else
		rc = MR_EHTTP;
	snprintf(code, sizeof(code), "%s.%s", pfx, mr_rc_str(rc));
	if (r->status == 0)
		mr_err_set(err, rc, 0, code, "no HTTP answer for %s", path);
	else
		mr_err_set(err, rc, (int)r->status, code, "HTTP %ld for %s",
		    r->status, path);
out:
	return rc;
}

void
mr_http_set_observer(struct mr_http *h,
    void (*fn)(void *arg, const struct mr_http_req *r), void *arg)
{
	h->observe = fn;
	h->observe_arg = arg;
}

void
mr_http_req_release(struct mr_http_req *r)
{
	if (r == NULL)
		return;
	free(r->resp);
	free(r->content_type);
	r->resp = NULL;
	r->resp_len = 0;
	r->content_type = NULL;
}

struct mr_http *
mr_http_new(const struct mr_http_opts *opts)
{
	struct mr_http *h = xcalloc(1, sizeof(*h));

	if (!curl_ready) {
		/* Tools are single-threaded: a plain flag is enough. */
		curl_global_init(CURL_GLOBAL_DEFAULT);
		curl_ready = 1;
	}
	if (opts != NULL)
		h->o = *opts;
	if (h->o.connect_timeout_ms <= 0)
		h->o.connect_timeout_ms = 5000;
	if (h->o.timeout_ms <= 0)
		h->o.timeout_ms = 20000;
	if (h->o.max_body == 0)
		h->o.max_body = 8u << 20;
	if (h->o.max_attempts <= 0)
		h->o.max_attempts = 4;
	if (h->o.backoff_ms <= 0)
		h->o.backoff_ms = 250;
	if (h->o.max_backoff_ms <= 0)
		h->o.max_backoff_ms = 8000;
	if (h->o.max_parallel <= 0)
		h->o.max_parallel = 16;
	h->ua = h->o.user_agent != NULL ? xstrdup(h->o.user_agent) :
	    xstrdup("media-route/" MR_VERSION);
	h->ca_file = h->o.ca_file != NULL && *h->o.ca_file != '\0' ?
	    xstrdup(h->o.ca_file) : NULL;
	h->o.user_agent = NULL;
	h->o.ca_file = NULL;
	h->rng = (uint64_t)(mr_wall_s() * 1e6) ^ ((uint64_t)getpid() << 32);
	h->multi = curl_multi_init();
	if (h->multi == NULL) {
		fputs("media-route: out of memory\n", stderr);
		abort();
	}
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    HOST_CONNS < h->o.max_parallel ? HOST_CONNS :
	    (long)h->o.max_parallel);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)h->o.max_parallel);
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS,
	    (long)h->o.max_parallel);
	return h;
}

static void
xfer_free(struct xfer *x)
{
	if (x == NULL)
		return;
	curl_slist_free_all(x->hdrs);
	free(x->redacted);
	free(x->url_now);
	free(x->buf);
	free(x->last_ctype);
	free(x);
}

void
mr_http_free(struct mr_http *h)
{
	struct xfer *x;
	int i;

	if (h == NULL)
		return;
	while ((x = xlist_pop(&h->run)) != NULL) {
		curl_multi_remove_handle(h->multi, x->easy);
		curl_easy_cleanup(x->easy);
		xfer_free(x);
	}
	while ((x = xlist_pop(&h->wait)) != NULL)
		xfer_free(x);
	while ((x = xlist_pop(&h->done)) != NULL)
		xfer_free(x);
	for (i = 0; i < h->npool; i++)
		curl_easy_cleanup(h->pool[i]);
	curl_multi_cleanup(h->multi);
	free(h->ua);
	free(h->ca_file);
	free(h);
}

static size_t
write_cb(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb, want, cap;

	if (n > x->max_body - x->len) {
		/* Returning short aborts the transfer (CURLE_WRITE_ERROR). */
		x->too_big = 1;
		return 0;
	}
	if (x->buf == NULL || n >= x->cap - x->len) {
		want = x->len + n + 1;
		cap = x->cap ? x->cap : 4096;
		while (cap < want)
			cap *= 2;
		x->buf = xrealloc(x->buf, cap);
		x->cap = cap;
	}
	memcpy(x->buf + x->len, p, n);
	x->len += n;
	x->buf[x->len] = '\0';
	return n;
}

static size_t
header_cb(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb, vl;
	char val[64];

	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* A new response (redirect, 100-continue): forget the old. */
		x->retry_after = -1;
	} else if (n > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		vl = n - 12;
		if (vl >= sizeof(val))
			vl = sizeof(val) - 1;
		memcpy(val, p + 12, vl);
		val[vl] = '\0';
		x->retry_after = mr_http_parse_retry_after(val, time(NULL));
	}
	return n;
}

static CURL *
pool_get(struct mr_http *h)
{
	CURL *e;

	if (h->npool > 0)
		return h->pool[--h->npool];
	e = curl_easy_init();
	if (e == NULL) {
		fputs("media-route: out of memory\n", stderr);
		abort();
	}
	return e;
}

static void
pool_put(struct mr_http *h, CURL *e)
{
	if (h->npool < POOL_MAX) {
		curl_easy_reset(e);
		h->pool[h->npool++] = e;
	} else {
		curl_easy_cleanup(e);
	}
}

static int
has_header(const struct mr_http_req *r, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < MR_HTTP_MAX_HEADERS && r->headers[i] != NULL; i++)
		if (strncasecmp(r->headers[i], name, n) == 0 &&
		    r->headers[i][n] == ':')
			return 1;
	return 0;
}

static struct curl_slist *
slist_add(struct curl_slist *l, const char *s)
{
	struct curl_slist *n = curl_slist_append(l, s);

	if (n == NULL) {
		fputs("media-route: out of memory\n", stderr);
		abort();
	}
	return n;
}

/* Set up and start one attempt of x. */
static void
attempt_start(struct mr_http *h, struct xfer *x)
{
	struct mr_http_req *r = x->r;
	CURL *e = pool_get(h);
	double now = mr_now_ms(), left = x->deadline - now;
	long tmo = h->o.timeout_ms;
	size_t i;

	if (left < (double)tmo)
		tmo = left < 1 ? 1 : (long)left;
	x->easy = e;
	x->len = 0;
	if (x->buf != NULL)
		x->buf[0] = '\0';
	x->too_big = 0;
	x->retry_after = -1;
	x->errbuf[0] = '\0';
	x->reserved = 0;
	x->attempt_t0 = now;
	r->attempts++;
	if (x->hdrs == NULL) {
		for (i = 0; i < MR_HTTP_MAX_HEADERS && r->headers[i] != NULL;
		    i++)
			x->hdrs = slist_add(x->hdrs, r->headers[i]);
		/* No "Expect: 100-continue" round trip for large bodies. */
		x->hdrs = slist_add(x->hdrs, "Expect:");
	}
	curl_easy_setopt(e, CURLOPT_URL,
	    x->url_now != NULL ? x->url_now : r->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)x);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	/* Redirects are followed by hand: see follow_redirect(). */
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->ca_file != NULL)
		curl_easy_setopt(e, CURLOPT_CAINFO, h->ca_file);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->o.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, tmo);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)x->max_body);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, (void *)x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	if (!has_header(r, "User-Agent"))
		curl_easy_setopt(e, CURLOPT_USERAGENT, h->ua);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->hdrs);
	if (x->as_get || strcmp(x->method, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else if (strcmp(x->method, "HEAD") == 0) {
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	} else {
		if (strcmp(x->method, "POST") != 0)
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, x->method);
		if (r->body != NULL || strcmp(x->method, "POST") == 0 ||
		    strcmp(x->method, "PUT") == 0) {
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
			    (curl_off_t)(r->body != NULL ? r->body_len : 0));
			curl_easy_setopt(e, CURLOPT_POSTFIELDS,
			    r->body != NULL ? r->body : "");
		}
	}
	mr_log_debug("http: %s %s: attempt %d", x->method, x->redacted,
	    r->attempts);
	curl_multi_add_handle(h->multi, e);
	xlist_push(&h->run, x);
	h->nrun++;
}

/* Hand x to the done list with its final outcome. */
static void
finish(struct mr_http *h, struct xfer *x, enum mr_rc rc, long status,
    const char *msg)
{
	struct mr_http_req *r = x->r;
	char path[256], *key = NULL;
	long ttl;

	r->status = status;
	r->elapsed_ms = mr_now_ms() - x->t0;
	mr_err_clear(&r->err);
	if (rc != MR_OK) {
		url_path(x->redacted, path, sizeof(path));
		mr_err_set(&r->err, rc, (int)status, NULL, "%s for %s%s%s",
		    rc == MR_ETIMEOUT ? "timeout" : rc == MR_ETOOBIG ?
		    "response too big" : rc == MR_ENET ? "network error" :
		    rc == MR_EINVAL ? "unusable URL" : mr_rc_str(rc), path,
		    msg != NULL && *msg ? ": " : "",
		    msg != NULL ? msg : "");
		free(x->buf);
		x->buf = NULL;
		x->len = 0;
	} else {
		r->resp = x->buf != NULL ? x->buf : xstrdup("");
		r->resp_len = x->len;
		x->buf = NULL;
		r->content_type = x->last_ctype;
		x->last_ctype = NULL;
		ttl = r->cache_ttl;
		if (r->empty_fn != NULL && r->empty_fn(r->resp, r->resp_len))
			ttl = r->cache_ttl_empty;
		if (h->o.cache != NULL && r->cache_ttl > 0 && ttl > 0 &&
		    r->cache_mode != MR_CACHE_OFF && !r->from_cache &&
		    status >= 200 && status <= 299) {
			key = xasprintf("%s %s", x->method, x->redacted);
			if (mr_cache_put(h->o.cache, key, r->resp, r->resp_len,
			    status, ttl) != MR_OK)
				mr_log_debug("http: cache: cannot store %s",
				    key);
		}
	}
	mr_log_debug("http: %s %s: done: %s, HTTP %ld, %d attempt%s, "
	    "%.0f ms%s", x->method, x->redacted, mr_rc_str(rc), status,
	    r->attempts, r->attempts == 1 ? "" : "s", r->elapsed_ms,
	    r->from_cache ? " (cache)" : "");
	free(key);
	if (h->observe != NULL && !r->from_cache)
		h->observe(h->observe_arg, r);
	xlist_push(&h->done, x);
}

/* Give up on a waiting x: its last attempt's outcome, or a timeout. */
static void
give_up(struct mr_http *h, struct xfer *x, const char *why)
{
	if (x->r->attempts > 0)
		finish(h, x, x->last_rc, x->last_status, x->last_msg);
	else
		finish(h, x, MR_ETIMEOUT, 0, why);
}

static enum mr_rc
curl_rc(CURLcode c, int too_big, int *retry)
{
	*retry = 0;
	switch (c) {
	case CURLE_OK:
		return MR_OK;
	case CURLE_WRITE_ERROR:
		return too_big ? MR_ETOOBIG : MR_ENET;
	case CURLE_FILESIZE_EXCEEDED:
		return MR_ETOOBIG;
	case CURLE_OPERATION_TIMEDOUT:
		*retry = 1;
		return MR_ETIMEOUT;
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
		*retry = 1;
		return MR_ENET;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return MR_EINVAL;
	/*
	 * A server certificate we do not trust is not transient: rerunning
	 * cannot help until [http] ca_file is set (exit 3, like a 401).
	 */
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_ISSUER_ERROR:
		return MR_EAUTH;
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
		return MR_ECONFIG;
	default:
		return MR_ENET;
	}
}

/* Host of a URL (no userinfo, no port) into buf; "" when none. */
static void
url_host(const char *url, char *buf, size_t sz)
{
	const char *p = strstr(url, "://"), *at;
	size_t n;

	buf[0] = '\0';
	if (p == NULL)
		return;
	p += 3;
	n = strcspn(p, "/?#");
	at = memchr(p, '@', n);
	if (at != NULL) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	if (*p == '[')
		n = strcspn(p, "]") + 1;
	else
		n = strcspn(p, ":/?#");
	if (n >= sz)
		n = sz - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
}

/*
 * Follow a redirect to loc when it stays on the same host (the caller's
 * headers carry keys: libcurl would pass X-Api-Key to any host) and
 * does not drop from https to http; at most MAX_REDIRS.  Returns 1 when
 * x was queued again, 0 when the 3xx is the answer.
 */
static int
follow_redirect(struct mr_http *h, struct xfer *x, long status,
    const char *loc)
{
	const char *from = x->url_now != NULL ? x->url_now : x->r->url;
	char h1[256], h2[256], *red;
	int ok;

	url_host(from, h1, sizeof(h1));
	url_host(loc, h2, sizeof(h2));
	ok = h1[0] != '\0' && strcasecmp(h1, h2) == 0 &&
	    !(strncasecmp(from, "https:", 6) == 0 &&
	    strncasecmp(loc, "https:", 6) != 0) &&
	    x->redirects < MAX_REDIRS;
	red = mr_http_redact_url(loc);
	mr_log_debug("http: %s %s: HTTP %ld to %s: %s", x->method,
	    x->redacted, status, red, ok ? "following" : x->redirects >=
	    MAX_REDIRS ? "too many redirects" : "not followed (other host)");
	free(red);
	if (!ok)
		return 0;
	free(x->url_now);
	x->url_now = xstrdup(loc);
	x->redirects++;
	if (status == 303 || ((status == 301 || status == 302) &&
	    strcmp(x->method, "POST") == 0))
		x->as_get = 1;
	x->not_before = mr_now_ms();
	xlist_push(&h->wait, x);
	return 1;
}

/* An attempt of x ended with result c: retry it or finish it. */
static void
attempt_end(struct mr_http *h, struct xfer *x, CURLcode c)
{
	struct mr_http_req *r = x->r;
	double now = mr_now_ms(), delay;
	long status = 0, conns = 0;
	char *ct = NULL, *msg, *loc = NULL;
	enum mr_rc rc;
	int retry;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_NUM_CONNECTS, &conns);
	curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct);
	free(x->last_ctype);
	x->last_ctype = ct != NULL ? xstrdup(ct) : NULL;
	if (c == CURLE_OK && status >= 300 && status <= 399) {
		ct = NULL;
		curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &ct);
		loc = ct != NULL ? xstrdup(ct) : NULL;
	}
	curl_multi_remove_handle(h->multi, x->easy);
	pool_put(h, x->easy);
	x->easy = NULL;
	xlist_remove(&h->run, x);
	h->nrun--;

	rc = curl_rc(c, x->too_big, &retry);
	if (rc == MR_OK)
		retry = mr_http_status_transient(status);
	else if (rc != MR_ETOOBIG)
		status = 0;
	if (r->no_retry)
		retry = 0;
	msg = mr_http_redact_url(c != CURLE_OK ? (x->errbuf[0] ? x->errbuf :
	    curl_easy_strerror(c)) : "");
	snprintf(x->last_msg, sizeof(x->last_msg), "%s", msg);
	free(msg);
	x->last_rc = rc;
	x->last_status = status;
	r->retry_after_s = x->retry_after;
	if (c == CURLE_OK)
		mr_log_debug("http: %s %s: attempt %d: HTTP %ld (%.0f ms, %s "
		    "connection)", x->method, x->redacted, r->attempts, status,
		    now - x->attempt_t0, conns > 0 ? "new" : "reused");
	else
		mr_log_debug("http: %s %s: attempt %d: %s: %s (%.0f ms)",
		    x->method, x->redacted, r->attempts, mr_rc_str(rc),
		    x->last_msg, now - x->attempt_t0);
	if (loc != NULL && follow_redirect(h, x, status, loc))
		goto out;
	if (x->retry_after >= 0 && mr_http_status_transient(status) &&
	    r->rate_key != NULL && h->o.ratelimit != NULL)
		mr_ratelimit_block(h->o.ratelimit, r->rate_key,
		    mr_wall_s() + (double)x->retry_after, NULL);
	if (retry && r->attempts - x->redirects < h->o.max_attempts) {
		if (x->retry_after >= 0)
			delay = (double)x->retry_after * 1000.0;
		else
			delay = (double)mr_http_backoff_ms(r->attempts,
			    h->o.backoff_ms, h->o.max_backoff_ms,
			    rnd_unit(h));
		if (now + delay < x->deadline) {
			mr_log_debug("http: %s %s: retry in %.0f ms",
			    x->method, x->redacted, delay);
			x->not_before = now + delay;
			xlist_push(&h->wait, x);
			goto out;
		}
		mr_log_debug("http: %s %s: no retry: deadline", x->method,
		    x->redacted);
	}
	finish(h, x, rc, status, x->last_msg);
out:
	free(loc);
}

/* Take a rate-limit slot for x's next attempt. */
static void
reserve(struct mr_http *h, struct xfer *x, double now)
{
	struct mr_http_req *r = x->r;
	struct mr_err e;
	double at = 0, wall;

	x->reserved = 1;
	if (h->o.ratelimit == NULL || r->rate_per_s <= 0)
		return;
	mr_err_clear(&e);
	if (mr_ratelimit_reserve(h->o.ratelimit, r->rate_key, r->rate_per_s,
	    &at, &e) != MR_OK) {
		/* Shared state unreadable: keep the spacing ourselves. */
		mr_log_debug("http: ratelimit %s: %s", r->rate_key, e.msg);
		x->not_before = now + 1000.0 / r->rate_per_s;
		return;
	}
	wall = mr_wall_s();
	if (at > wall && now + (at - wall) * 1000.0 > x->not_before)
		x->not_before = now + (at - wall) * 1000.0;
}

/* Start every waiting request that is due, as slots allow. */
static void
start_due(struct mr_http *h)
{
	struct xfer *x, *nx;
	double now = mr_now_ms();

	for (x = h->wait.head; x != NULL; x = nx) {
		nx = x->next;
		if (h->nrun >= h->o.max_parallel)
			break;
		if (x->not_before > now)
			continue;
		if (now >= x->deadline) {
			xlist_remove(&h->wait, x);
			give_up(h, x, "deadline passed");
			continue;
		}
		if (x->r->rate_key != NULL && !x->reserved) {
			reserve(h, x, now);
			if (x->not_before >= x->deadline) {
				xlist_remove(&h->wait, x);
				give_up(h, x, "deadline passed before the "
				    "rate limit allowed a request");
				continue;
			}
			if (x->not_before > now)
				continue;
		}
		xlist_remove(&h->wait, x);
		attempt_start(h, x);
	}
}

/* How long the multi loop may sleep before a waiting request is due. */
static int
poll_ms(struct mr_http *h)
{
	struct xfer *x;
	double now = mr_now_ms(), best = POLL_MAX_MS, d;

	if (h->nrun >= h->o.max_parallel)
		return POLL_MAX_MS;
	for (x = h->wait.head; x != NULL; x = x->next) {
		d = x->not_before - now;
		if (d < best)
			best = d;
	}
	if (best < 0)
		best = 0;
	return (int)best + (best > (int)best ? 1 : 0);
}

static void
reap(struct mr_http *h)
{
	CURLMsg *m;
	int left;
	struct xfer *x;
	char *priv;

	while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		priv = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
		x = (struct xfer *)(void *)priv;
		attempt_end(h, x, m->data.result);
	}
}

void
mr_http_add(struct mr_http *h, struct mr_http_req *r)
{
	struct xfer *x = xcalloc(1, sizeof(*x));
	char *key = NULL, *body = NULL;
	size_t len = 0;
	long status = 0, per;

	r->status = 0;
	r->resp = NULL;
	r->resp_len = 0;
	r->content_type = NULL;
	r->retry_after_s = -1;
	r->attempts = 0;
	r->from_cache = 0;
	r->elapsed_ms = 0;
	mr_err_clear(&r->err);
	x->r = r;
	x->t0 = mr_now_ms();
	x->not_before = x->t0;
	x->max_body = h->o.max_body;
	x->retry_after = -1;
	x->method = r->method != NULL ? r->method : "GET";
	x->redacted = mr_http_redact_url(r->url);
	per = h->o.timeout_ms;
	x->deadline = x->t0 + (r->deadline_ms > 0 ? (double)r->deadline_ms :
	    (double)per * (r->no_retry ? 1 : h->o.max_attempts));
	if (r->url == NULL || *r->url == '\0') {
		finish(h, x, MR_EINVAL, 0, "no URL");
		goto out;
	}
	if (h->o.cache != NULL && r->cache_ttl > 0 &&
	    r->cache_mode == MR_CACHE_USE) {
		key = xasprintf("%s %s", x->method, x->redacted);
		if (mr_cache_get(h->o.cache, key, &body, &len, &status) ==
		    MR_OK) {
			x->buf = body;
			x->len = len;
			r->from_cache = 1;
			finish(h, x, MR_OK, status, NULL);
			goto out;
		}
	}
	xlist_push(&h->wait, x);
	start_due(h);
out:
	free(key);
}

/* Wait for the next finished request; NULL when nothing is in flight. */
static struct xfer *
next_done(struct mr_http *h)
{
	struct xfer *x;
	int running;

	for (;;) {
		x = xlist_pop(&h->done);
		if (x != NULL)
			break;
		if (h->wait.head == NULL && h->run.head == NULL)
			break;
		start_due(h);
		curl_multi_perform(h->multi, &running);
		reap(h);
		if (h->done.head != NULL)
			continue;
		start_due(h);
		curl_multi_poll(h->multi, NULL, 0, poll_ms(h), NULL);
	}
	return x;
}

struct mr_http_req *
mr_http_next(struct mr_http *h)
{
	struct xfer *x = next_done(h);
	struct mr_http_req *r = NULL;

	if (x != NULL) {
		r = x->r;
		xfer_free(x);
	}
	return r;
}

enum mr_rc
mr_http_run(struct mr_http *h, struct mr_http_req *reqs, size_t n)
{
	struct xlist other = { NULL, NULL };
	struct xfer *x;
	size_t i, left = n;

	if (h == NULL || (reqs == NULL && n > 0))
		return MR_EINVAL;
	for (i = 0; i < n; i++)
		mr_http_add(h, &reqs[i]);
	/*
	 * Requests added earlier through mr_http_add stay the incremental
	 * caller's: they go back to the done list for mr_http_next.
	 */
	while (left > 0 && (x = next_done(h)) != NULL) {
		if (x->r >= reqs && x->r < reqs + n) {
			left--;
			xfer_free(x);
		} else {
			xlist_push(&other, x);
		}
	}
	if (other.head != NULL) {
		other.tail->next = h->done.head;
		if (h->done.head == NULL)
			h->done.tail = other.tail;
		h->done.head = other.head;
	}
	return MR_OK;
}
