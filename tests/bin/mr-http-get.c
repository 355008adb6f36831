/*
 * mr-http-get: test driver for lib/http (not installed).  Runs every URL
 * operand as one batch on one mr_http client and prints one JSON line per
 * request, in operand order: the redacted URL, status, attempts,
 * elapsed_ms, from_cache, body length, the request's rc and what
 * mr_http_check() makes of it; then {"total_ms":N}.  --warm URL first
 * opens the connections (one unreported GET of URL per operand).  With
 * --db FILE the cache and the rate-limit state are shared through that
 * database.  --stream uses mr_http_add/mr_http_next (see report order
 * in main).
 * Exit 0 when every request checks OK, 1 otherwise, 2 on usage errors.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cache.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "mr.h"
#include "ratelimit.h"

enum {
	OPT_RATE_KEY = 256, OPT_RATE, OPT_ATTEMPTS, OPT_TIMEOUT,
	OPT_CONNECT_TIMEOUT, OPT_DEADLINE, OPT_MAX_BODY, OPT_BACKOFF,
	OPT_MAX_BACKOFF, OPT_NO_RETRY, OPT_DB, OPT_CACHE_TTL,
	OPT_CACHE_TTL_EMPTY, OPT_REFRESH, OPT_NO_CACHE, OPT_BODY, OPT_UA,
	OPT_CA_FILE, OPT_PREFIX, OPT_WARM, OPT_STREAM,
};

static const struct option longopts[] = {
	{ "header", required_argument, NULL, 'H' },
	{ "method", required_argument, NULL, 'X' },
	{ "data", required_argument, NULL, 'd' },
	{ "parallel", required_argument, NULL, 'j' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "rate-key", required_argument, NULL, OPT_RATE_KEY },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "attempts", required_argument, NULL, OPT_ATTEMPTS },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT },
	{ "deadline", required_argument, NULL, OPT_DEADLINE },
	{ "max-body", required_argument, NULL, OPT_MAX_BODY },
	{ "backoff", required_argument, NULL, OPT_BACKOFF },
	{ "max-backoff", required_argument, NULL, OPT_MAX_BACKOFF },
	{ "no-retry", no_argument, NULL, OPT_NO_RETRY },
	{ "db", required_argument, NULL, OPT_DB },
	{ "cache-ttl", required_argument, NULL, OPT_CACHE_TTL },
	{ "cache-ttl-empty", required_argument, NULL, OPT_CACHE_TTL_EMPTY },
	{ "refresh", no_argument, NULL, OPT_REFRESH },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "body", no_argument, NULL, OPT_BODY },
	{ "user-agent", required_argument, NULL, OPT_UA },
	{ "ca-file", required_argument, NULL, OPT_CA_FILE },
	{ "prefix", required_argument, NULL, OPT_PREFIX },
	{ "warm", required_argument, NULL, OPT_WARM },
	{ "stream", no_argument, NULL, OPT_STREAM },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *f)
{
	fputs("usage: mr-http-get [-v] [-H header] [-X method] [-d body] "
	    "[-j parallel]\n"
	    "           [--rate-key K --rate N] [--attempts N] "
	    "[--timeout MS]\n"
	    "           [--connect-timeout MS] [--deadline MS] "
	    "[--max-body N]\n"
	    "           [--backoff MS] [--max-backoff MS] [--no-retry] "
	    "[--db FILE]\n"
	    "           [--cache-ttl S] [--cache-ttl-empty S] [--refresh] "
	    "[--no-cache]\n"
	    "           [--body] [--user-agent UA] [--ca-file F] "
	    "[--prefix P]\n"
	    "           [--warm URL] [--stream] url ...\n", f);
}

static long
num(const char *opt, const char *s, long min, long max)
{
	long v;

	if (mr_parse_long(s, min, max, &v) != 0) {
		warnx("%s: bad number: %s", opt, s);
		usage(stderr);
		exit(2);
	}
	return v;
}

/* A body of at most "[]" / "{}" counts as "no results". */
static int
empty_body(const char *body, size_t len)
{
	(void)body;
	return len <= 2;
}

/* Print r's line; 1 when mr_http_check() finds a failure. */
static int
report(struct mr_http_req *r, const char *prefix, int print_body)
{
	struct mr_err e;
	enum mr_rc crc = mr_http_check(r, prefix, &e);
	char *red = mr_http_redact_url(r->url), *line;
	json_t *j;

	j = json_pack("{s:s, s:i, s:i, s:i, s:b, s:I, s:s, s:s, s:I}",
	    "url", red, "status", (int)r->status, "attempts", r->attempts,
	    "elapsed_ms", (int)(r->elapsed_ms + 0.5),
	    "from_cache", r->from_cache, "len", (json_int_t)r->resp_len,
	    "rc", mr_rc_str(r->err.rc), "check", mr_rc_str(crc),
	    "retry_after", (json_int_t)r->retry_after_s);
	if (j == NULL)
		errx(5, "json_pack failed");
	if (crc != MR_OK) {
		json_object_set_new(j, "code", json_string(e.code));
		json_object_set_new(j, "error", json_string(e.msg));
	}
	if (r->content_type != NULL)
		json_object_set_new(j, "content_type",
		    json_string(r->content_type));
	if (print_body && r->resp != NULL)
		json_object_set_new(j, "body", json_stringn(r->resp,
		    r->resp_len));
	line = json_dumps(j, JSON_COMPACT);
	if (line == NULL)
		errx(5, "json_dumps failed");
	puts(line);
	free(line);
	json_decref(j);
	free(red);
	mr_http_req_release(r);
	return crc != MR_OK;
}

int
main(int argc, char **argv)
{
	struct mr_http_opts o;
	struct mr_http_req *reqs = NULL;
	struct mr_http *h = NULL;
	struct mr_db *db = NULL;
	struct mr_cache *cache = NULL;
	struct mr_ratelimit *rl = NULL;
	struct mr_err e;
	const char *headers[MR_HTTP_MAX_HEADERS] = { NULL };
	const char *method = NULL, *data = NULL, *rate_key = NULL;
	const char *dbpath = NULL, *prefix = "http", *warm = NULL;
	double rate = 0, t0;
	long deadline = 0, ttl = 0, ttl_empty = 0;
	enum mr_http_cache_mode mode = MR_CACHE_USE;
	int ch, nh = 0, verbose = 0, no_retry = 0, print_body = 0;
	int status = 0, mode_stream = 0, i, n;
	struct mr_http_req *r;

	memset(&o, 0, sizeof(o));
	while ((ch = getopt_long(argc, argv, "H:X:d:j:vh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'H':
			if (nh >= MR_HTTP_MAX_HEADERS - 1)
				errx(2, "too many headers");
			headers[nh++] = optarg;
			break;
		case 'X':
			method = optarg;
			break;
		case 'd':
			data = optarg;
			break;
		case 'j':
			o.max_parallel = (int)num("-j", optarg, 1, 1000);
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case OPT_RATE_KEY:
			rate_key = optarg;
			break;
		case OPT_RATE:
			if (mr_parse_double(optarg, 0.001, 1e6, &rate) != 0)
				errx(2, "--rate: bad number: %s", optarg);
			break;
		case OPT_ATTEMPTS:
			o.max_attempts = (int)num("--attempts", optarg, 1, 100);
			break;
		case OPT_TIMEOUT:
			o.timeout_ms = num("--timeout", optarg, 1, 3600000);
			break;
		case OPT_CONNECT_TIMEOUT:
			o.connect_timeout_ms = num("--connect-timeout", optarg,
			    1, 3600000);
			break;
		case OPT_DEADLINE:
			deadline = num("--deadline", optarg, 1, 3600000);
			break;
		case OPT_MAX_BODY:
			o.max_body = (size_t)num("--max-body", optarg, 1,
			    1L << 30);
			break;
		case OPT_BACKOFF:
			o.backoff_ms = num("--backoff", optarg, 1, 3600000);
			break;
		case OPT_MAX_BACKOFF:
			o.max_backoff_ms = num("--max-backoff", optarg, 1,
			    3600000);
			break;
		case OPT_NO_RETRY:
			no_retry = 1;
			break;
		case OPT_DB:
			dbpath = optarg;
			break;
		case OPT_CACHE_TTL:
			ttl = num("--cache-ttl", optarg, 0, 1L << 30);
			break;
		case OPT_CACHE_TTL_EMPTY:
			ttl_empty = num("--cache-ttl-empty", optarg, 0,
			    1L << 30);
			break;
		case OPT_REFRESH:
			mode = MR_CACHE_REFRESH;
			break;
		case OPT_NO_CACHE:
			mode = MR_CACHE_OFF;
			break;
		case OPT_BODY:
			print_body = 1;
			break;
		case OPT_UA:
			o.user_agent = optarg;
			break;
		case OPT_CA_FILE:
			o.ca_file = optarg;
			break;
		case OPT_PREFIX:
			prefix = optarg;
			break;
		case OPT_WARM:
			warm = optarg;
			break;
		case OPT_STREAM:
			mode_stream = 1;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	mr_log_init("mr-http-get", verbose ? MR_LOG_DEBUG : MR_LOG_WARN,
	    NULL);
	mr_err_clear(&e);
	if (dbpath != NULL) {
		if (mr_db_open(dbpath, 0, &db, &e) != MR_OK)
			errx(mr_rc_exit(e.rc), "%s: %s", dbpath, e.msg);
		cache = mr_cache_new(db);
	}
	rl = mr_ratelimit_new(db);
	o.cache = cache;
	o.ratelimit = rl;
	h = mr_http_new(&o);
	n = argc;
	reqs = xcalloc((size_t)n, sizeof(*reqs));
	if (warm != NULL) {
		/*
		 * Open the connections first (one GET of URL per operand, not
		 * reported), so the timed batch measures parallelism alone.
		 */
		for (i = 0; i < n; i++)
			reqs[i].url = warm;
		mr_http_run(h, reqs, (size_t)n);
		for (i = 0; i < n; i++)
			mr_http_req_release(&reqs[i]);
		memset(reqs, 0, (size_t)n * sizeof(*reqs));
	}
	t0 = mr_now_ms();
	for (i = 0; i < n; i++) {
		r = &reqs[i];
		r->method = method;
		r->url = argv[i];
		memcpy(r->headers, headers, sizeof(headers));
		r->body = data;
		r->body_len = data != NULL ? strlen(data) : 0;
		r->rate_key = rate_key;
		r->rate_per_s = rate;
		r->cache_ttl = ttl;
		r->cache_ttl_empty = ttl_empty;
		r->empty_fn = empty_body;
		r->cache_mode = mode;
		r->deadline_ms = deadline;
		r->no_retry = no_retry;
	}
	if (mode_stream) {
		/*
		 * Incremental API: the first operand is added alone and the
		 * rest run as a batch first; lines come in completion order.
		 */
		mr_http_add(h, &reqs[0]);
		if (n > 1) {
			if (mr_http_run(h, reqs + 1, (size_t)n - 1) != MR_OK)
				errx(4, "cannot run the batch");
			for (i = 1; i < n; i++)
				status |= report(&reqs[i], prefix, print_body);
		}
		while ((r = mr_http_next(h)) != NULL)
			status |= report(r, prefix, print_body);
	} else {
		if (mr_http_run(h, reqs, (size_t)n) != MR_OK)
			errx(4, "cannot run the batch");
		for (i = 0; i < n; i++)
			status |= report(&reqs[i], prefix, print_body);
	}
	printf("{\"total_ms\":%d}\n", (int)(mr_now_ms() - t0 + 0.5));
	free(reqs);
	mr_http_free(h);
	mr_ratelimit_free(rl);
	mr_cache_free(cache);
	mr_db_close(db);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(5, "stdout");
	return status;
}
