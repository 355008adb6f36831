/*
 * fixture.h: helpers shared by the unit tests of the upstream clients:
 * read a recorded body from tests/fixtures, make a config from ini text.
 * Included by one test file each (static, so each gets its own copy).
 */
#ifndef MR_TEST_FIXTURE_H
#define MR_TEST_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "mr.h"

/* The bytes of tests/fixtures/REL (under $MR_TOP); caller frees. */
static __attribute__((unused)) char *
slurp(const char *rel, size_t *len)
{
	const char *top = getenv("MR_TOP");
	char *path, *buf;
	FILE *fp;
	long n;

	path = xasprintf("%s/tests/fixtures/%s", top ? top : ".", rel);
	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = xmalloc((size_t)n + 1);
	ck_assert(fread(buf, 1, (size_t)n, fp) == (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	free(path);
	*len = (size_t)n;
	return buf;
}

/* A config parsed from text; the test fails when it does not load. */
static __attribute__((unused)) struct mr_config *
cfg_with(const char *text)
{
	struct mr_config *cfg = NULL;
	struct mr_err e;

	ck_assert_int_eq(mr_config_load_string(text, "test.ini", &cfg, &e),
	    MR_OK);
	return cfg;
}

#endif
