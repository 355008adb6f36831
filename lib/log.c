/*
 * log.c: one process-wide diagnostic sink with a level threshold and
 * redaction of secrets.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "mr.h"

static const char *const level_names[] = {
	"error", "warn", "info", "debug", "trace"
};

static struct {
	char prog[64];
	enum mr_log_level level;
	FILE *sink;		/* NULL: stderr */
	int owned;		/* sink was opened by mr_log_open_file */
} lg = { "media-route", MR_LOG_WARN, NULL, 0 };

/* Query or JSON names whose values are secrets; matched as suffixes. */
static const char *const secret_params[] = {
	"api_key", "apikey", "token", "access_token", "client_secret", NULL
};

/* Headers whose values are secrets. */
static const char *const secret_headers[] = {
	"authorization", "x-api-key", NULL
};

void
mr_log_init(const char *prog, enum mr_log_level level, FILE *sink)
{
	if (prog != NULL)
		snprintf(lg.prog, sizeof(lg.prog), "%s", prog);
	mr_log_set_level(level);
	mr_log_close();
	lg.sink = sink;
}

int
mr_log_open_file(const char *path)
{
	FILE *fp;

	if ((fp = fopen(path, "a")) == NULL)
		return -1;
	setvbuf(fp, NULL, _IOLBF, 0);
	mr_log_close();
	lg.sink = fp;
	lg.owned = 1;
	return 0;
}

void
mr_log_close(void)
{
	if (lg.owned && lg.sink != NULL)
		fclose(lg.sink);
	lg.sink = NULL;
	lg.owned = 0;
}

void
mr_log_set_level(enum mr_log_level level)
{
	if ((int)level < MR_LOG_ERROR)
		level = MR_LOG_ERROR;
	if (level > MR_LOG_TRACE)
		level = MR_LOG_TRACE;
	lg.level = level;
}

enum mr_log_level
mr_log_get_level(void)
{
	return lg.level;
}

int
mr_log_level_parse(const char *s)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < MR_ARRAY_LEN(level_names); i++)
		if (strcasecmp(s, level_names[i]) == 0)
			return (int)i;
	if (strcasecmp(s, "warning") == 0)
		return MR_LOG_WARN;
	return -1;
}

static int
namech(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* Does the name s[0..n) end in one of list (any case)? */
static int
ends_with_any(const char *s, size_t n, const char *const *list)
{
	size_t k;

	for (; *list != NULL; list++) {
		k = strlen(*list);
		if (k <= n && strncasecmp(s + n - k, *list, k) == 0 &&
		    (k == n || !isalnum((unsigned char)s[n - k - 1]) ||
		    strcasecmp(*list, "token") == 0))
			return 1;
	}
	return 0;
}

static int
is_header(const char *s, size_t n)
{
	const char *const *h;

	for (h = secret_headers; *h != NULL; h++)
		if (strlen(*h) == n && strncasecmp(s, *h, n) == 0)
			return 1;
	return 0;
}

static int
value_end(int c)
{
	return c == '\0' || c == '&' || c == '"' || c == '\'' || c == ',' ||
	    c == ';' || c == ')' || c == '>' || c == '<' || c == '}' ||
	    isspace(c);
}

char *
mr_log_redact(const char *s)
{
	size_t len, i, o, start, n;
	char *out;
	int quoted;

	if (s == NULL)
		return xstrdup("");
	len = strlen(s);
	/* Masking never makes the text longer than "***" per byte run. */
	out = xmalloc(len * 2 + 4);
	for (i = 0, o = 0; i < len;) {
		if (!namech((unsigned char)s[i]) ||
		    (i > 0 && namech((unsigned char)s[i - 1]))) {
			out[o++] = s[i++];
			continue;
		}
		start = i;
		while (i < len && namech((unsigned char)s[i]))
			i++;
		n = i - start;
		memcpy(out + o, s + start, n);
		o += n;
		quoted = start > 0 && s[start - 1] == '"' && s[i] == '"';
		if (is_header(s + start, n) && s[i] == ':') {
			/* Header value: to the end of the line. */
			out[o++] = s[i++];
			while (s[i] == ' ' || s[i] == '\t')
				out[o++] = s[i++];
			if (s[i] != '\0' && s[i] != '\r' && s[i] != '\n') {
				memcpy(out + o, "***", 3);
				o += 3;
			}
			while (s[i] != '\0' && s[i] != '\r' && s[i] != '\n')
				i++;
		} else if (ends_with_any(s + start, n, secret_params) &&
		    (s[i] == '=' || (quoted && s[i + 1] == ':'))) {
			if (quoted) {
				/* JSON: "name": "value" */
				out[o++] = s[i++];
				out[o++] = s[i++];
				while (s[i] == ' ')
					out[o++] = s[i++];
				if (s[i] != '"')
					continue;
				out[o++] = s[i++];
				while (s[i] != '\0' && s[i] != '"')
					i += s[i] == '\\' && s[i + 1] ? 2 : 1;
			} else {
				out[o++] = s[i++];
				if (value_end((unsigned char)s[i]))
					continue;
				while (!value_end((unsigned char)s[i]))
					i++;
			}
			memcpy(out + o, "***", 3);
			o += 3;
		}
	}
	out[o] = '\0';
	return out;
}

void
mr_log(enum mr_log_level level, const char *fmt, ...)
{
	FILE *out = lg.sink ? lg.sink : stderr;
	char *msg, *clean, stamp[32];
	struct tm tm;
	time_t now;
	va_list ap;
	int saved = errno;

	if (level > lg.level)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	clean = mr_log_redact(msg);
	if (lg.sink != NULL && lg.sink != stderr) {
		now = time(NULL);
		if (gmtime_r(&now, &tm) == NULL ||
		    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ",
		    &tm) == 0)
			stamp[0] = '\0';
		fprintf(out, "%s %s[%ld]: %s: %s\n", stamp, lg.prog,
		    (long)getpid(), level_names[level], clean);
	} else {
		fprintf(out, "%s: %s: %s\n", lg.prog, level_names[level],
		    clean);
	}
	fflush(out);
	free(clean);
	free(msg);
	errno = saved;
}
