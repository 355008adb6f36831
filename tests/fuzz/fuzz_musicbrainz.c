/*
 * fuzz_musicbrainz: libFuzzer target for the MusicBrainz response parsers
 * (lib/musicbrainz.h): artist and release-group searches and lookups, and
 * the Lucene escaping of what a person typed.
 */
#include <stdint.h>
#include <stdlib.h>

#include "hit.h"
#include "musicbrainz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct mr_hits hs = { 0 };
	struct mr_err e;
	char *text;

	(void)mr_mb_parse_artists(body, size, 0, &hs, &e);
	(void)mr_mb_parse_artists(body, size, 1, &hs, &e);
	(void)mr_mb_parse_rgs(body, size, 0, &hs, &e);
	(void)mr_mb_empty(body, size);
	mr_hits_release(&hs);
	text = xstrndup(body, size);
	free(mr_mb_escape(text));
	free(text);
	return 0;
}
