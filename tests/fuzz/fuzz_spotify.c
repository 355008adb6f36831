/*
 * fuzz_spotify: libFuzzer target for the Spotify response parsers
 * (lib/spotify.h): search answers and single artist/album objects.
 */
#include <stdint.h>

#include "hit.h"
#include "spotify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct mr_hits hs = { 0 };
	struct mr_err e;

	(void)mr_spotify_parse_search(body, size, 0, &hs, &e);
	(void)mr_spotify_parse_search(body, size, 1, &hs, &e);
	(void)mr_spotify_parse_object(body, size, 0, &hs, &e);
	(void)mr_spotify_parse_object(body, size, 1, &hs, &e);
	(void)mr_spotify_empty(body, size);
	mr_hits_release(&hs);
	return 0;
}
