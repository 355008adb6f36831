/* check_jsonl.c: unit tests for lib/jsonl.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

enum kind { TEXT, OBJ, ERR, NONE };

/* One input line -> what the reader makes of it. */
static const struct {
	const char *line;
	enum kind kind;
	const char *want;	/* text, title of the object, or error code */
} lines[] = {
	{ "Dexter", TEXT, "Dexter" },
	{ "  Dune 1984 \r", TEXT, "Dune 1984" },
	{ "1917", TEXT, "1917" },
	{ "true", TEXT, "true" },
	{ "[REC]", TEXT, "[REC]" },
	{ "\"Weird Al\" Yankovic", TEXT, "\"Weird Al\" Yankovic" },
	{ "Amélie", TEXT, "Amélie" },
	{ "{\"query\":\"Dexter\",\"best\":null}", OBJ, "Dexter" },
	{ " {\"title\":\"Alien\"} ", OBJ, "Alien" },
	{ "{}", OBJ, NULL },
	{ "{\"query\":", ERR, "input.json" },
	{ "{not json}", ERR, "input.json" },
	{ "[1,2]", ERR, "input.not_object" },
	{ "\"just a string\"", ERR, "input.not_object" },
	{ "bad \xff byte", ERR, "input.utf8" },
	{ "over\xc0\xaflong", ERR, "input.utf8" },
	{ "surrogate \xed\xa0\x80", ERR, "input.utf8" },
	{ "{\"q\":\"\\u0000\"}", ERR, "input.json" },
	{ "   ", NONE, NULL },
	{ "", NONE, NULL },
};

START_TEST(test_line)
{
	struct mr_jsonl_reader *r;
	struct mr_record rec = { 0 };
	struct mr_err e;
	char *buf = xasprintf("%s\n", lines[_i].line);
	FILE *in = fmemopen(buf, strlen(buf), "r");
	const char *title;
	int n;

	ck_assert_ptr_nonnull(in);
	r = mr_jsonl_reader_new(0, NULL, in, "<stdin>");
	n = mr_jsonl_next(r, &rec, &e);
	if (lines[_i].kind == NONE) {
		ck_assert_int_eq(n, 0);
		goto out;
	}
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rec.where, "<stdin>:1");
	ck_assert_int_eq(rec.line, 1);
	title = mr_record_title(&rec);
	switch (lines[_i].kind) {
	case TEXT:
		ck_assert_int_eq(rec.err.rc, MR_OK);
		ck_assert_ptr_null(rec.obj);
		ck_assert_str_eq(rec.text, lines[_i].want);
		ck_assert_str_eq(title, lines[_i].want);
		break;
	case OBJ:
		ck_assert_int_eq(rec.err.rc, MR_OK);
		ck_assert(json_is_object(rec.obj));
		ck_assert_ptr_null(rec.text);
		if (lines[_i].want)
			ck_assert_str_eq(title, lines[_i].want);
		else
			ck_assert_ptr_null(title);
		break;
	case ERR:
		ck_assert_int_ne(rec.err.rc, MR_OK);
		ck_assert_str_eq(rec.err.code, lines[_i].want);
		ck_assert_ptr_null(rec.obj);
		break;
	case NONE:
		break;
	}
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 0);
out:
	mr_record_release(&rec);
	mr_jsonl_reader_free(r);
	fclose(in);
	free(buf);
}
END_TEST

/* A stream: blank lines skipped, line numbers kept, errors do not stop. */
START_TEST(test_stream)
{
	struct mr_jsonl_reader *r;
	struct mr_record rec = { 0 };
	struct mr_err e;
	size_t big = MR_JSONL_MAX_LINE + 100, len;
	char *buf, *p;
	FILE *in;

	len = big + 200;
	buf = xmalloc(len);
	p = buf;
	p += snprintf(p, 100, "\xef\xbb\xbf" "first\n\n");
	memset(p, 'x', big);
	p += big;
	p += snprintf(p, 100, "\nbad\xfe\n{\"query\":\"q\"}\nno newline");
	in = fmemopen(buf, (size_t)(p - buf), "r");
	r = mr_jsonl_reader_new(0, NULL, in, "list.txt");

	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(rec.text, "first");
	ck_assert_str_eq(rec.where, "list.txt:1");

	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(rec.where, "list.txt:3");
	ck_assert_int_eq(rec.err.rc, MR_ETOOBIG);
	ck_assert_str_eq(rec.err.code, "input.too_long");

	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(rec.where, "list.txt:4");
	ck_assert_str_eq(rec.err.code, "input.utf8");

	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(rec.where, "list.txt:5");
	ck_assert_str_eq(mr_record_title(&rec), "q");

	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(rec.where, "list.txt:6");
	ck_assert_str_eq(rec.text, "no newline");

	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 0);
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 0);
	mr_record_release(&rec);
	mr_jsonl_reader_free(r);
	fclose(in);
	free(buf);
}
END_TEST

/* A line of exactly the maximum is fine; one byte more is not. */
START_TEST(test_max_line)
{
	struct mr_jsonl_reader *r;
	struct mr_record rec = { 0 };
	struct mr_err e;
	size_t len = (size_t)MR_JSONL_MAX_LINE;
	char *buf = xmalloc(2 * len + 4);
	FILE *in;

	memset(buf, 'a', len);
	buf[len] = '\n';
	memset(buf + len + 1, 'b', len + 1);
	buf[2 * len + 2] = '\n';
	in = fmemopen(buf, 2 * len + 3, "r");
	r = mr_jsonl_reader_new(0, NULL, in, "<stdin>");
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_int_eq(rec.err.rc, MR_OK);
	ck_assert_uint_eq(strlen(rec.text), len);
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_int_eq(rec.err.rc, MR_ETOOBIG);
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 0);
	mr_record_release(&rec);
	mr_jsonl_reader_free(r);
	fclose(in);
	free(buf);
}
END_TEST

START_TEST(test_operands)
{
	char *argv[] = { "Dexter", "-", "{\"query\":\"Alien\"}", "", "[1]" };
	char input[] = "from stdin\n\nsecond\n";
	struct mr_jsonl_reader *r;
	struct mr_record rec = { 0 };
	struct mr_err e;
	FILE *in = fmemopen(input, strlen(input), "r");

	r = mr_jsonl_reader_new(5, argv, in, "<stdin>");
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(rec.text, "Dexter");
	ck_assert_str_eq(rec.where, "argv[1]");
	ck_assert_int_eq(rec.line, 0);
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(rec.text, "from stdin");
	ck_assert_str_eq(rec.where, "<stdin>:1");
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(rec.text, "second");
	ck_assert_str_eq(rec.where, "<stdin>:3");
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(mr_record_title(&rec), "Alien");
	ck_assert_str_eq(rec.where, "argv[3]");
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(rec.err.code, "input.empty");
	ck_assert_str_eq(rec.where, "argv[4]");
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 1);
	ck_assert_str_eq(rec.err.code, "input.not_object");
	ck_assert_int_eq(mr_jsonl_next(r, &rec, &e), 0);
	mr_record_release(&rec);
	mr_jsonl_reader_free(r);
	fclose(in);
}
END_TEST

static char *
written(const json_t *obj, int pretty)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_int_eq(mr_jsonl_write(fp, obj, pretty), MR_OK);
	fclose(fp);
	return buf;
}

START_TEST(test_write)
{
	json_t *o = json_pack("{s:s, s:i, s:[i,i], s:n, s:s}", "zeta", "é",
	    "alpha", 1, "list", 1, 2, "none", "mid", "x");
	char *s;

	s = written(o, 0);
	ck_assert_str_eq(s, "{\"zeta\":\"é\",\"alpha\":1,\"list\":[1,2],"
	    "\"none\":null,\"mid\":\"x\"}\n");
	free(s);
	s = written(o, 1);
	ck_assert_str_eq(s, "{\n  \"zeta\": \"é\",\n  \"alpha\": 1,\n"
	    "  \"list\": [\n    1,\n    2\n  ],\n  \"none\": null,\n"
	    "  \"mid\": \"x\"\n}\n");
	free(s);
	json_decref(o);
	/* Confidences print as people wrote them, not as binary noise. */
	o = json_pack("{s:f, s:f}", "confidence", 0.95, "ms", 188.25);
	s = written(o, 0);
	ck_assert_str_eq(s, "{\"confidence\":0.95,\"ms\":188.25}\n");
	free(s);
	json_decref(o);
}
END_TEST

START_TEST(test_error_record)
{
	struct mr_err e;
	json_t *rec;
	char *s;

	mr_err_set(&e, MR_EHTTP, 503, "tmdb.http", "HTTP 503 for %s",
	    "/search/movie");
	rec = mr_jsonl_error_record("Dexter", &e);
	s = json_dumps(rec, JSON_COMPACT);
	ck_assert_str_eq(s, "{\"query\":\"Dexter\",\"error\":{\"code\":"
	    "\"tmdb.http\",\"status\":503,\"message\":\"HTTP 503 for "
	    "/search/movie\"}}");
	free(s);
	json_decref(rec);

	mr_err_set(&e, MR_EINVAL, 0, "input.utf8", "bad");
	rec = mr_jsonl_error_record(NULL, &e);
	s = json_dumps(rec, JSON_COMPACT);
	ck_assert_str_eq(s, "{\"query\":null,\"error\":{\"code\":"
	    "\"input.utf8\",\"message\":\"bad\"}}");
	free(s);
	json_decref(rec);

	mr_err_clear(&e);
	e.rc = MR_ENET;
	rec = mr_jsonl_error_record("bad \xff", &e);
	s = json_dumps(rec, JSON_COMPACT);
	ck_assert_str_eq(s, "{\"query\":null,\"error\":{\"code\":"
	    "\"network\",\"message\":\"network\"}}");
	free(s);
	json_decref(rec);
}
END_TEST

START_TEST(test_close_full)
{
	struct mr_err e;
	FILE *fp = fopen("/dev/full", "w");
	json_t *o = json_pack("{s:s}", "query", "x");

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(mr_jsonl_write(fp, o, 0), MR_EIO);
	ck_assert_int_eq(mr_jsonl_close(fp, &e), MR_EIO);
	ck_assert_str_eq(e.code, "output.write");
	json_decref(o);

	fp = tmpfile();
	ck_assert_int_eq(mr_jsonl_close(fp, &e), MR_OK);
}
END_TEST

static const struct {
	const char *s;
	int valid;
} utf8[] = {
	{ "", 1 }, { "ascii", 1 }, { "caf\xc3\xa9", 1 },
	{ "\xe2\x82\xac", 1 }, { "\xf0\x9f\x8e\xac", 1 },
	{ "\xf4\x8f\xbf\xbf", 1 }, { "\xf4\x90\x80\x80", 0 },
	{ "\xc3", 0 }, { "\xc3(", 0 }, { "\x80", 0 }, { "\xc0\x80", 0 },
	{ "\xe0\x80\xaf", 0 }, { "\xed\xbf\xbf", 0 },
	{ "\xf8\x88\x80\x80\x80", 0 },
	{ "\xff", 0 }, { "\xe2\x82", 0 },
};

START_TEST(test_utf8)
{
	ck_assert_int_eq(mr_utf8_valid(utf8[_i].s, strlen(utf8[_i].s)),
	    utf8[_i].valid);
}
END_TEST

static Suite *
jsonl_suite(void)
{
	Suite *s = suite_create("jsonl");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_line, 0, MR_ARRAY_LEN(lines));
	tcase_add_test(tc, test_stream);
	tcase_add_test(tc, test_max_line);
	tcase_add_test(tc, test_operands);
	tcase_add_test(tc, test_write);
	tcase_add_test(tc, test_error_record);
	tcase_add_test(tc, test_close_full);
	tcase_add_loop_test(tc, test_utf8, 0, MR_ARRAY_LEN(utf8));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(jsonl_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
