/*
 * fuzz_query: libFuzzer target for the free-text query parser
 * (lib/query.h): any bytes in, a query (or MR_EINVAL) out, never a crash;
 * the fields it fills are read back to catch dangling pointers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
len_of(const char *s)
{
	return s != NULL ? strlen(s) : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr_query q;
	struct mr_err e;
	volatile size_t sink = 0;
	char *text, *again;
	size_t i;

	text = xstrndup((const char *)data, size);
	mr_query_init(&q);
	(void)mr_query_parse(&q, text, &e);
	sink += len_of(q.text) + len_of(q.title) + len_of(q.norm) +
	    len_of(q.key) + len_of(q.literal) + len_of(q.literal_norm) +
	    len_of(q.by) + len_of(q.id);
	sink += len_of(mr_media_str(q.type_hint)) +
	    len_of(mr_music_kind_str(q.music_kind)) +
	    len_of(mr_id_kind_str(q.id_kind));
	if (q.nseasons > MR_QUERY_MAX_SEASONS)
		abort();
	for (i = 1; i < q.nseasons; i++)
		if (q.seasons[i] <= q.seasons[i - 1])
			abort();	/* documented: ascending, no repeats */
	/* Parsing again into a used query releases what it held. */
	again = xstrdup(q.title != NULL ? q.title : "");
	(void)mr_query_parse(&q, again, &e);
	mr_query_release(&q);
	free(again);
	(void)sink;
	free(text);
	return 0;
}
