/*
 * jsonl.c: reading records from operands or lines, writing JSON lines,
 * error records (DESIGN.md 3.2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

struct mr_jsonl_reader {
	int argc;
	char *const *argv;
	int argi;		/* next operand */
	FILE *in;		/* stream being read, or NULL */
	FILE *stdin_fp;		/* the stream for "-" or no operands */
	const char *name;	/* its name in messages */
	long line;
	char *buf;		/* MR_JSONL_MAX_LINE + 1 */
	int done;		/* no operands: stdin read once */
};

struct mr_jsonl_reader *
mr_jsonl_reader_new(int argc, char *const *argv, FILE *in, const char *name)
{
	struct mr_jsonl_reader *r = xcalloc(1, sizeof(*r));

	r->argc = argc;
	r->argv = argv;
	r->stdin_fp = in;
	r->name = name ? name : "<stdin>";
	if (argc == 0)
		r->in = in;
	return r;
}

void
mr_jsonl_reader_free(struct mr_jsonl_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r);
}

void
mr_record_release(struct mr_record *rec)
{
	if (rec == NULL)
		return;
	json_decref(rec->obj);
	free(rec->text);
	rec->obj = NULL;
	rec->text = NULL;
	rec->where[0] = '\0';
	rec->line = 0;
	mr_err_clear(&rec->err);
}

int
mr_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	unsigned int c, min;
	int n, i;

	while (p < end) {
		c = *p++;
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			min = 0x80;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			min = 0x800;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			min = 0x10000;
			c &= 0x07;
		} else {
			return 0;
		}
		if (end - p < n)
			return 0;
		for (i = 0; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3f);
		}
		p += n;
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
	}
	return 1;
}

static int
space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

/*
 * Turn one input text (a line without its newline, or an operand) into
 * rec: a JSON object, plain text, or an error record.  Returns 1, or 0
 * when the text is blank (skipped).
 */
static int
classify_text(struct mr_record *rec, const char *s, size_t len)
{
	json_error_t jerr;
	json_t *j;
	size_t a = 0, b = len;

	if (memchr(s, '\0', len) != NULL) {
		mr_err_set(&rec->err, MR_EINVAL, 0, "input.nul",
		    "line contains a NUL byte");
		return 1;
	}
	if (!mr_utf8_valid(s, len)) {
		mr_err_set(&rec->err, MR_EINVAL, 0, "input.utf8",
		    "line is not valid UTF-8");
		return 1;
	}
	while (a < b && space((unsigned char)s[a]))
		a++;
	while (b > a && space((unsigned char)s[b - 1]))
		b--;
	if (a == b)
		return 0;
	rec->text = xstrndup(s + a, b - a);
	if (s[a] != '{' && s[a] != '[' && s[a] != '"')
		return 1;
	j = json_loadb(s + a, b - a, JSON_DECODE_ANY, &jerr);
	if (j == NULL) {
		/* "[REC]" is a film; only '{' promises JSON. */
		if (s[a] == '{')
			mr_err_set(&rec->err, MR_EPARSE, 0, "input.json",
			    "invalid JSON at column %d: %s", jerr.column,
			    jerr.text);
		return 1;
	}
	if (!json_is_object(j)) {
		mr_err_set(&rec->err, MR_EINVAL, 0, "input.not_object",
		    "JSON input must be an object");
		json_decref(j);
		return 1;
	}
	rec->obj = j;
	free(rec->text);
	rec->text = NULL;
	return 1;
}

/*
 * Read one line of at most MR_JSONL_MAX_LINE bytes into r->buf.  Returns
 * the length, -1 at the end, -2 on a read error; *toolong is set when
 * the line was longer (the rest is discarded).
 */
static long
read_line(struct mr_jsonl_reader *r, int *toolong)
{
	size_t n = 0;
	int c;

	*toolong = 0;
	if (r->buf == NULL)
		r->buf = xmalloc(MR_JSONL_MAX_LINE + 1);
	while ((c = getc(r->in)) != EOF && c != '\n') {
		if (n < MR_JSONL_MAX_LINE)
			r->buf[n++] = (char)c;
		else
			*toolong = 1;
	}
	if (c == EOF && ferror(r->in))
		return -2;
	if (c == EOF && n == 0 && !*toolong)
		return -1;
	r->buf[n] = '\0';
	return (long)n;
}

int
mr_jsonl_next(struct mr_jsonl_reader *r, struct mr_record *rec,
    struct mr_err *err)
{
	const char *arg;
	long n;
	int toolong;

	mr_record_release(rec);
	mr_err_clear(err);
	for (;;) {
		if (r->in != NULL) {
			n = read_line(r, &toolong);
			if (n == -2) {
				mr_err_set(err, MR_EIO, 0, "input.read",
				    "%s: read error: %s", r->name,
				    strerror(errno));
				return -1;
			}
			if (n == -1) {
				r->in = NULL;
				if (r->argc == 0)
					return 0;
				continue;
			}
			r->line++;
			rec->line = r->line;
			snprintf(rec->where, sizeof(rec->where), "%s:%ld",
			    r->name, r->line);
			if (toolong) {
				mr_err_set(&rec->err, MR_ETOOBIG, 0,
				    "input.too_long", "line longer than %d "
				    "bytes", MR_JSONL_MAX_LINE);
				return 1;
			}
			/* A byte order mark on the first line is not text. */
			if (r->line == 1 && n >= 3 &&
			    memcmp(r->buf, "\xef\xbb\xbf", 3) == 0)
				memmove(r->buf, r->buf + 3, (size_t)(n -= 3) +
				    1);
			if (classify_text(rec, r->buf, (size_t)n))
				return 1;
			mr_record_release(rec);
			continue;
		}
		if (r->argi >= r->argc)
			return 0;
		arg = r->argv[r->argi++];
		if (strcmp(arg, "-") == 0 && r->stdin_fp != NULL) {
			r->in = r->stdin_fp;
			r->line = 0;
			continue;
		}
		rec->line = 0;
		snprintf(rec->where, sizeof(rec->where), "argv[%d]", r->argi);
		if (strlen(arg) > MR_JSONL_MAX_LINE) {
			mr_err_set(&rec->err, MR_ETOOBIG, 0, "input.too_long",
			    "operand longer than %d bytes",
			    MR_JSONL_MAX_LINE);
			return 1;
		}
		if (classify_text(rec, arg, strlen(arg)))
			return 1;
		mr_err_set(&rec->err, MR_EINVAL, 0, "input.empty",
		    "empty operand");
		return 1;
	}
}

const char *
mr_record_title(const struct mr_record *rec)
{
	const char *keys[] = { "query", "title" };
	json_t *v;
	size_t i;

	if (rec->text != NULL)
		return rec->text;
	if (rec->obj == NULL)
		return NULL;
	for (i = 0; i < MR_ARRAY_LEN(keys); i++) {
		v = json_object_get(rec->obj, keys[i]);
		if (json_is_string(v))
			return json_string_value(v);
	}
	return NULL;
}

enum mr_rc
mr_jsonl_write(FILE *out, const json_t *obj, int pretty)
{
	size_t flags = JSON_ENCODE_ANY | JSON_PRESERVE_ORDER;

	flags |= pretty ? JSON_INDENT(2) : JSON_COMPACT;
	/* 0.95, not 0.94999999999999996: ten digits are plenty for people. */
	flags |= JSON_REAL_PRECISION(10);
	if (json_dumpf(obj, out, flags) != 0 || putc('\n', out) == EOF ||
	    fflush(out) != 0 || ferror(out))
		return MR_EIO;
	return MR_OK;
}

json_t *
mr_jsonl_error_record(const char *query, const struct mr_err *e)
{
	json_t *rec = json_object(), *err = json_object(), *q = NULL;

	if (query != NULL)
		q = json_string(query);
	json_object_set_new(rec, "query", q ? q : json_null());
	json_object_set_new(err, "code", json_string(e->code[0] ? e->code :
	    mr_rc_str(e->rc)));
	if (e->status != 0)
		json_object_set_new(err, "status", json_integer(e->status));
	json_object_set_new(err, "message", json_string(e->msg[0] ? e->msg :
	    mr_rc_str(e->rc)));
	json_object_set_new(rec, "error", err);
	return rec;
}

enum mr_rc
mr_jsonl_close(FILE *out, struct mr_err *err)
{
	enum mr_rc rc = MR_OK;
	int bad;

	bad = fflush(out) != 0 || ferror(out);
	if (bad)
		rc = mr_err_set(err, MR_EIO, 0, "output.write",
		    "write error: %s", strerror(errno));
	if (fclose(out) != 0 && rc == MR_OK)
		rc = mr_err_set(err, MR_EIO, 0, "output.write",
		    "write error: %s", strerror(errno));
	return rc;
}
