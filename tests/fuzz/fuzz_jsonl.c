/*
 * fuzz_jsonl: libFuzzer target for the JSON-lines reader (lib/jsonl.h).
 * The input is fed as a stream through fmemopen(), and once more as a
 * single operand; every record is turned into what a tool would print.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
drain(struct mr_jsonl_reader *r, FILE *sink)
{
	struct mr_record rec = { 0 };
	struct mr_err e;
	json_t *out;
	const char *title;

	while (mr_jsonl_next(r, &rec, &e) > 0) {
		title = mr_record_title(&rec);
		if (rec.err.rc != MR_OK)
			out = mr_jsonl_error_record(title, &rec.err);
		else if (rec.obj != NULL)
			out = json_incref(rec.obj);
		else
			out = json_pack("{s:s}", "query", rec.text);
		if (out == NULL)
			abort();
		if (mr_jsonl_write(sink, out, 0) != MR_OK ||
		    mr_jsonl_write(sink, out, 1) != MR_OK)
			abort();
		json_decref(out);
	}
	mr_record_release(&rec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr_jsonl_reader *r;
	FILE *in, *sink;
	char *arg, *argv[2];

	sink = fopen("/dev/null", "w");
	if (sink == NULL)
		abort();
	if (size > 0 && (in = fmemopen((void *)data, size, "r")) != NULL) {
		r = mr_jsonl_reader_new(0, NULL, in, "<fuzz>");
		drain(r, sink);
		mr_jsonl_reader_free(r);
		fclose(in);
	}
	arg = xstrndup((const char *)data, size);
	argv[0] = arg;
	argv[1] = NULL;
	r = mr_jsonl_reader_new(1, argv, NULL, "<fuzz>");
	drain(r, sink);
	mr_jsonl_reader_free(r);
	free(arg);
	(void)mr_utf8_valid((const char *)data, size);
	fclose(sink);
	return 0;
}
