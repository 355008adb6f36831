/* hit.c: search results before scoring. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hit.h"
#include "mr.h"

struct mr_hit *
mr_hits_add(struct mr_hits *hs)
{
	struct mr_hit *h;

	if (hs->n == hs->cap) {
		hs->cap = hs->cap ? hs->cap * 2 : 8;
		hs->v = xrealloc(hs->v, hs->cap * sizeof(*hs->v));
	}
	h = &hs->v[hs->n++];
	memset(h, 0, sizeof(*h));
	return h;
}

void
mr_hit_release(struct mr_hit *h)
{
	int i;

	if (h == NULL)
		return;
	free(h->title);
	free(h->original_title);
	for (i = 0; i < MR_HIT_MAX_ALT; i++)
		free(h->alt[i]);
	free(h->artist);
	free(h->imdb_id);
	free(h->spotify_id);
	free(h->artist_spotify_id);
	free(h->mbid);
	free(h->rg_mbid);
	free(h->type);
	free(h->secondary);
	free(h->disambiguation);
	free(h->country);
	memset(h, 0, sizeof(*h));
}

void
mr_hits_release(struct mr_hits *hs)
{
	size_t i;

	for (i = 0; i < hs->n; i++)
		mr_hit_release(&hs->v[i]);
	free(hs->v);
	hs->v = NULL;
	hs->n = hs->cap = 0;
}

static char *
dup0(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void
mr_hit_copy(struct mr_hit *dst, const struct mr_hit *src)
{
	int i;

	*dst = *src;
	dst->title = dup0(src->title);
	dst->original_title = dup0(src->original_title);
	for (i = 0; i < MR_HIT_MAX_ALT; i++)
		dst->alt[i] = dup0(src->alt[i]);
	dst->artist = dup0(src->artist);
	dst->imdb_id = dup0(src->imdb_id);
	dst->spotify_id = dup0(src->spotify_id);
	dst->artist_spotify_id = dup0(src->artist_spotify_id);
	dst->mbid = dup0(src->mbid);
	dst->rg_mbid = dup0(src->rg_mbid);
	dst->type = dup0(src->type);
	dst->secondary = dup0(src->secondary);
	dst->disambiguation = dup0(src->disambiguation);
	dst->country = dup0(src->country);
}

int
mr_hit_year(const char *date)
{
	int i, y = 0;

	if (date == NULL)
		return 0;
	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)date[i]))
			return 0;
		y = y * 10 + (date[i] - '0');
	}
	if (date[4] != '\0' && date[4] != '-')
		return 0;
	return y >= 1800 && y <= 2200 ? y : 0;
}

const char *
mr_hit_kind_str(enum mr_hit_kind k)
{
	switch (k) {
	case MR_HIT_MOVIE:	return "movie";
	case MR_HIT_TV:		return "tv";
	case MR_HIT_ARTIST:	return "artist";
	case MR_HIT_ALBUM:	return "album";
	}
	return "?";
}

const char *
mr_hit_src_str(enum mr_hit_src s)
{
	switch (s) {
	case MR_HSRC_TMDB:		return "tmdb";
	case MR_HSRC_SPOTIFY:		return "spotify";
	case MR_HSRC_MUSICBRAINZ:	return "musicbrainz";
	case MR_HSRC_SONARR:		return "sonarr";
	case MR_HSRC_RADARR:		return "radarr";
	case MR_HSRC_LIDARR:		return "lidarr";
	}
	return "?";
}
