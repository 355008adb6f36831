/*
 * jsonl.h: the record streams of DESIGN.md 3.2.  Input comes from operands
 * (each one record) or, when there are none or an operand is "-", from
 * stdin one line per record.  A line is plain text (a title) or a JSON
 * object.  Over-long lines and invalid UTF-8 become error records, never
 * a crash.  Output is one compact JSON object per line, or pretty.
 */
#ifndef MR_JSONL_H
#define MR_JSONL_H

#include <stdio.h>

#include <jansson.h>

#include "mr.h"

#define MR_JSONL_MAX_LINE (1024 * 1024)

struct mr_jsonl_reader;

struct mr_record {
	json_t *obj;		/* the JSON object, or NULL for plain text */
	char *text;		/* the plain text (trimmed), or NULL */
	char where[256];	/* "<stdin>:17" or "argv[2]" for messages */
	long line;		/* line number, 0 for operands */
	struct mr_err err;	/* rc != MR_OK: this record is unreadable */
};

/*
 * Read from the operands argv[0..argc-1]; with argc == 0 read in (named
 * name, e.g. "<stdin>").  The reader borrows argv and in.
 */
struct mr_jsonl_reader *mr_jsonl_reader_new(int argc, char *const *argv,
    FILE *in, const char *name);
void mr_jsonl_reader_free(struct mr_jsonl_reader *r);

/*
 * Next record into *rec (released by the next call or by
 * mr_record_release).  Returns 1 when a record (possibly an error record)
 * was read, 0 at the end, -1 on a read error (err filled).  Blank lines
 * are skipped.
 */
int mr_jsonl_next(struct mr_jsonl_reader *r, struct mr_record *rec,
    struct mr_err *err);
void mr_record_release(struct mr_record *rec);

/* The title a record asks about: text, or obj's "query" / "title". */
const char *mr_record_title(const struct mr_record *rec);

/* Write obj as one line (pretty: indented).  MR_EIO on a write error. */
enum mr_rc mr_jsonl_write(FILE *out, const json_t *obj, int pretty);

/*
 * A new error record: {"query": query, "error": {"code","status",
 * "message"}} (DESIGN.md 3.2).  query may be NULL.
 */
json_t *mr_jsonl_error_record(const char *query, const struct mr_err *e);

/* Flush and close out, checking for errors: MR_EIO when any occurred. */
enum mr_rc mr_jsonl_close(FILE *out, struct mr_err *err);

/* Is s valid UTF-8 of length len? */
int mr_utf8_valid(const char *s, size_t len);

#endif
