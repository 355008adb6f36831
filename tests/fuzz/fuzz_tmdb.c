/*
 * fuzz_tmdb: libFuzzer target for the TMDb response parsers (lib/tmdb.h):
 * search, external_ids, details and find answers, whatever the bytes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "hit.h"
#include "tmdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct mr_hits hs = { 0 };
	struct mr_err e;
	char *imdb = NULL;
	long tvdb = 0;
	int tv;

	for (tv = 0; tv <= 1; tv++) {
		(void)mr_tmdb_parse_search(body, size, tv, 0, &hs, &e);
		(void)mr_tmdb_parse_search(body, size, tv, 2, &hs, &e);
		(void)mr_tmdb_parse_details(body, size, tv, &hs, &e);
	}
	(void)mr_tmdb_parse_find(body, size, &hs, &e);
	if (mr_tmdb_parse_external_ids(body, size, &tvdb, &imdb, &e) == MR_OK)
		free(imdb);
	(void)mr_tmdb_empty(body, size);
	mr_hits_release(&hs);
	return 0;
}
