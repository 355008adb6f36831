/* check_query.c: unit tests for lib/query.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mr.h"
#include "query.h"
#include "text.h"

#define NOLIT "-"	/* no literal reading expected */

/*
 * Parse forms: input -> title, literal, year, explicit, hint, kind,
 * soundtrack, by, seasons (comma list), id kind, id value.
 */
static const struct {
	const char *in;
	const char *title;
	const char *literal;
	int year, explicit;
	enum mr_media hint;
	enum mr_music_kind kind;
	int soundtrack;
	const char *by;
	const char *seasons;
	enum mr_id_kind idk;
	const char *id;
} forms[] = {
	{ "Dexter", "Dexter", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_NONE, NULL },
	{ "  Dexter  ", "Dexter", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_NONE, NULL },
	/* Years. */
	{ "Dune 1984", "Dune", "Dune 1984", 1984, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Dune (2021)", "Dune", "Dune (2021)", 2021, 1, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Dune [2021]", "Dune", "Dune [2021]", 2021, 1, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "1984", "1984", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_NONE, NULL },
	{ "(1984)", "(1984)", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_NONE, NULL },
	{ "Blade Runner 2049", "Blade Runner 2049", NOLIT, 0, 0,
	  MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Space 1899", "Space 1899", NOLIT, 0, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Wonder Woman 1984", "Wonder Woman", "Wonder Woman 1984", 1984, 0,
	  MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Mission: Impossible - Rogue Nation 2015",
	  "Mission: Impossible - Rogue Nation",
	  "Mission: Impossible - Rogue Nation 2015", 2015, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Call My Agent! 2015", "Call My Agent!", "Call My Agent! 2015",
	  2015, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE,
	  NULL },
	{ "Dune - 1984", "Dune", "Dune - 1984", 1984, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Ongaku Shoujo (2018)", "Ongaku Shoujo", "Ongaku Shoujo (2018)",
	  2018, 1, MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE,
	  NULL },
	/* TV hints and seasons. */
	{ "Fargo tv series", "Fargo", "Fargo tv series", 0, 0, MR_MEDIA_TV,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Fargo TV Show", "Fargo", "Fargo TV Show", 0, 0, MR_MEDIA_TV,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Fargo series", "Fargo", "Fargo series", 0, 0, MR_MEDIA_TV,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Chernobyl miniseries", "Chernobyl", "Chernobyl miniseries", 0, 0,
	  MR_MEDIA_TV, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Fargo (TV series)", "Fargo", "Fargo (TV series)", 0, 0,
	  MR_MEDIA_TV, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Hannibal season 1", "Hannibal", "Hannibal season 1", 0, 0,
	  MR_MEDIA_TV, MR_MUSIC_NONE, 0, NULL, "1", MR_ID_NONE, NULL },
	{ "Dexter seasons 1-3", "Dexter", "Dexter seasons 1-3", 0, 0,
	  MR_MEDIA_TV, MR_MUSIC_NONE, 0, NULL, "1,2,3", MR_ID_NONE, NULL },
	{ "Dexter seasons 1 - 3", "Dexter", "Dexter seasons 1 - 3", 0, 0,
	  MR_MEDIA_TV, MR_MUSIC_NONE, 0, NULL, "1,2,3", MR_ID_NONE, NULL },
	{ "Dexter season 1, 2 and 4", "Dexter", "Dexter season 1, 2 and 4",
	  0, 0, MR_MEDIA_TV, MR_MUSIC_NONE, 0, NULL, "1,2,4", MR_ID_NONE,
	  NULL },
	{ "Dexter seasons 2 to 4", "Dexter", "Dexter seasons 2 to 4", 0, 0,
	  MR_MEDIA_TV, MR_MUSIC_NONE, 0, NULL, "2,3,4", MR_ID_NONE, NULL },
	{ "Dexter season two", "Dexter", "Dexter season two", 0, 0,
	  MR_MEDIA_TV, MR_MUSIC_NONE, 0, NULL, "2", MR_ID_NONE, NULL },
	{ "Dexter seasons one and three", "Dexter",
	  "Dexter seasons one and three", 0, 0, MR_MEDIA_TV, MR_MUSIC_NONE, 0,
	  NULL, "1,3", MR_ID_NONE, NULL },
	{ "A Season in Hell", "A Season in Hell", NOLIT, 0, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Dexter S02", "Dexter", "Dexter S02", 0, 0, MR_MEDIA_TV,
	  MR_MUSIC_NONE, 0, NULL, "2", MR_ID_NONE, NULL },
	{ "Dexter s2e5", "Dexter", "Dexter s2e5", 0, 0, MR_MEDIA_TV,
	  MR_MUSIC_NONE, 0, NULL, "2", MR_ID_NONE, NULL },
	{ "Dexter S02E05", "Dexter", "Dexter S02E05", 0, 0, MR_MEDIA_TV,
	  MR_MUSIC_NONE, 0, NULL, "2", MR_ID_NONE, NULL },
	{ "Daniel Sloss: Live Shows S01", "Daniel Sloss: Live Shows",
	  "Daniel Sloss: Live Shows S01", 0, 0, MR_MEDIA_TV, MR_MUSIC_NONE,
	  0, NULL, "1", MR_ID_NONE, NULL },
	{ "Doctor Who 2005 tv series", "Doctor Who",
	  "Doctor Who 2005 tv series", 2005, 0, MR_MEDIA_TV, MR_MUSIC_NONE,
	  0, NULL, "", MR_ID_NONE, NULL },
	{ "Open Season", "Open Season", NOLIT, 0, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "The Morning Show", "The Morning Show", NOLIT, 0, 0,
	  MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Band of Brothers", "Band of Brothers", NOLIT, 0, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Movie 43", "Movie 43", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE,
	  0, NULL, "", MR_ID_NONE, NULL },
	{ "The Artist", "The Artist", NOLIT, 0, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "The Band", "The Band", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE,
	  0, NULL, "", MR_ID_NONE, NULL },
	{ "The Sound of Music", "The Sound of Music", NOLIT, 0, 0,
	  MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Class of 1999", "Class of 1999", NOLIT, 0, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Pieces of Her tv series", "Pieces of Her",
	  "Pieces of Her tv series", 0, 0, MR_MEDIA_TV, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_NONE, NULL },
	{ "Game On movie", "Game On", "Game On movie", 0, 0, MR_MEDIA_MOVIE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Love Songs", "Love Songs", NOLIT, 0, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "The Band band", "The Band", "The Band band", 0, 0, MR_MEDIA_MUSIC,
	  MR_MUSIC_ARTIST, 0, NULL, "", MR_ID_NONE, NULL },
	/* Movie hints. */
	{ "The Batman movie", "The Batman", "The Batman movie", 0, 0,
	  MR_MEDIA_MOVIE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Heat film", "Heat", "Heat film", 0, 0, MR_MEDIA_MOVIE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Fifty Shades of Grey (film)", "Fifty Shades of Grey",
	  "Fifty Shades of Grey (film)", 0, 0, MR_MEDIA_MOVIE, MR_MUSIC_NONE,
	  0, NULL, "", MR_ID_NONE, NULL },
	{ "the movie Pacific Rim", "Pacific Rim", "the movie Pacific Rim", 0,
	  0, MR_MEDIA_MOVIE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Heat movie 1995", "Heat", "Heat movie 1995", 1995, 0,
	  MR_MEDIA_MOVIE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Scary Movie", "Scary", "Scary Movie", 0, 0, MR_MEDIA_MOVIE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "movie", "movie", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_NONE, NULL },
	/* Music hints. */
	{ "Thriller album", "Thriller", "Thriller album", 0, 0,
	  MR_MEDIA_MUSIC, MR_MUSIC_ALBUM, 0, NULL, "", MR_ID_NONE, NULL },
	{ "album Thriller", "Thriller", "album Thriller", 0, 0,
	  MR_MEDIA_MUSIC, MR_MUSIC_ALBUM, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Frozen soundtrack", "Frozen", "Frozen soundtrack", 0, 0,
	  MR_MEDIA_MUSIC, MR_MUSIC_ALBUM, 1, NULL, "", MR_ID_NONE, NULL },
	{ "Frozen OST", "Frozen", "Frozen OST", 0, 0, MR_MEDIA_MUSIC,
	  MR_MUSIC_ALBUM, 1, NULL, "", MR_ID_NONE, NULL },
	{ "Frozen original soundtrack", "Frozen",
	  "Frozen original soundtrack", 0, 0, MR_MEDIA_MUSIC, MR_MUSIC_ALBUM,
	  1, NULL, "", MR_ID_NONE, NULL },
	{ "Queen band", "Queen", "Queen band", 0, 0, MR_MEDIA_MUSIC,
	  MR_MUSIC_ARTIST, 0, NULL, "", MR_ID_NONE, NULL },
	{ "the band Queen", "Queen", "the band Queen", 0, 0, MR_MEDIA_MUSIC,
	  MR_MUSIC_ARTIST, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Prince discography", "Prince", "Prince discography", 0, 0,
	  MR_MEDIA_MUSIC, MR_MUSIC_ARTIST, 0, NULL, "", MR_ID_NONE, NULL },
	{ "songs by Prince", "Prince", "songs by Prince", 0, 0,
	  MR_MEDIA_MUSIC, MR_MUSIC_ARTIST, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Adele singer", "Adele", "Adele singer", 0, 0, MR_MEDIA_MUSIC,
	  MR_MUSIC_ARTIST, 0, NULL, "", MR_ID_NONE, NULL },
	{ "DMX rapper", "DMX", "DMX rapper", 0, 0, MR_MEDIA_MUSIC,
	  MR_MUSIC_ARTIST, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Muse music", "Muse", "Muse music", 0, 0, MR_MEDIA_MUSIC,
	  MR_MUSIC_ARTIST, 0, NULL, "", MR_ID_NONE, NULL },
	{ "Сергей Лазарев singer", "Сергей Лазарев", "Сергей Лазарев singer",
	  0, 0, MR_MEDIA_MUSIC, MR_MUSIC_ARTIST, 0, NULL, "", MR_ID_NONE,
	  NULL },
	{ "Abbey Road by The Beatles", "Abbey Road",
	  "Abbey Road by The Beatles", 0, 0, MR_MEDIA_MUSIC, MR_MUSIC_ALBUM,
	  0, "The Beatles", "", MR_ID_NONE, NULL },
	{ "Pendulum by Broadcast album", "Pendulum",
	  "Pendulum by Broadcast album", 0, 0, MR_MEDIA_MUSIC,
	  MR_MUSIC_ALBUM, 0, "Broadcast", "", MR_ID_NONE, NULL },
	{ "Stand by Me movie", "Stand by Me", "Stand by Me movie", 0, 0,
	  MR_MEDIA_MOVIE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_NONE, NULL },
	{ "by", "by", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "",
	  MR_ID_NONE, NULL },
	/* Ids and links. */
	{ "tt0773262", "", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_IMDB, "tt0773262" },
	{ "imdb:tt0133093", "", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_IMDB, "tt0133093" },
	{ "tmdb:1405", "", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_TMDB, "1405" },
	{ "TMDB:movie/603", "", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_TMDB_MOVIE, "603" },
	{ "tmdb:tv/1405", "", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_TMDB_TV, "1405" },
	{ "tvdb:79349", "", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_TVDB, "79349" },
	{ "mbid:0383DADF-2a4e-4d10-a46a-e9e041da8eb3", "", NOLIT, 0, 0,
	  MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_MBID,
	  "0383dadf-2a4e-4d10-a46a-e9e041da8eb3" },
	{ "0383dadf-2a4e-4d10-a46a-e9e041da8eb3", "", NOLIT, 0, 0,
	  MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_MBID,
	  "0383dadf-2a4e-4d10-a46a-e9e041da8eb3" },
	{ "https://www.themoviedb.org/movie/603-the-matrix", "", NOLIT, 0, 0,
	  MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_TMDB_MOVIE, "603" },
	{ "https://www.themoviedb.org/tv/1405-dexter?language=en", "", NOLIT,
	  0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_TMDB_TV,
	  "1405" },
	{ "https://www.imdb.com/title/tt0133093/", "", NOLIT, 0, 0,
	  MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_IMDB,
	  "tt0133093" },
	{ "https://thetvdb.com/?tab=series&id=79349", "", NOLIT, 0, 0,
	  MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_TVDB, "79349" },
	{ "https://thetvdb.com/?id=79349", "", NOLIT, 0, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_TVDB, "79349" },
	{ "https://thetvdb.com/series/dexter", "", NOLIT, 0, 0,
	  MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "", MR_ID_TVDB_SLUG,
	  "dexter" },
	{ "https://musicbrainz.org/artist/0383dadf-2a4e-4d10-a46a-"
	  "e9e041da8eb3", "", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_MB_ARTIST, "0383dadf-2a4e-4d10-a46a-e9e041da8eb3" },
	{ "https://musicbrainz.org/release-group/f5093c06-23e3-404f-aeaa-"
	  "40f72885ee3a", "", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_MB_RELEASE_GROUP,
	  "f5093c06-23e3-404f-aeaa-40f72885ee3a" },
	{ "https://open.spotify.com/artist/1dfeR4HaWDbWqFHLkxsg1d?si=abc", "",
	  NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "",
	  MR_ID_SPOTIFY_ARTIST, "1dfeR4HaWDbWqFHLkxsg1d" },
	{ "https://open.spotify.com/album/2ANVost0y2y52ema1E9xAZ", "", NOLIT,
	  0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0, NULL, "",
	  MR_ID_SPOTIFY_ALBUM, "2ANVost0y2y52ema1E9xAZ" },
	{ "Dexter tt0773262", "Dexter", NOLIT, 0, 0, MR_MEDIA_NONE,
	  MR_MUSIC_NONE, 0, NULL, "", MR_ID_IMDB, "tt0773262" },
	{ "tt123", "tt123", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE, 0,
	  NULL, "", MR_ID_NONE, NULL },
	{ "tmdb:abc", "tmdb:abc", NOLIT, 0, 0, MR_MEDIA_NONE, MR_MUSIC_NONE,
	  0, NULL, "", MR_ID_NONE, NULL },
};

static void
seasons_str(const struct mr_query *q, char *buf, size_t n)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < q->nseasons && len + 8 < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%d",
		    i ? "," : "", q->seasons[i]);
}

START_TEST(test_forms)
{
	struct mr_query q;
	struct mr_err e;
	char seasons[256];

	mr_query_init(&q);
	mr_err_clear(&e);
	(void)mr_query_parse(&q, forms[_i].in, &e);
	ck_assert_msg(strcmp(q.title, forms[_i].title) == 0,
	    "%s: title '%s'", forms[_i].in, q.title);
	if (strcmp(forms[_i].literal, NOLIT) == 0)
		ck_assert_msg(q.literal == NULL, "%s: literal '%s'",
		    forms[_i].in, q.literal);
	else
		ck_assert_msg(q.literal != NULL &&
		    strcmp(q.literal, forms[_i].literal) == 0,
		    "%s: literal '%s'", forms[_i].in,
		    q.literal ? q.literal : "(null)");
	ck_assert_msg(q.year == forms[_i].year, "%s: year %d", forms[_i].in,
	    q.year);
	ck_assert_int_eq(q.year_explicit, forms[_i].explicit);
	ck_assert_msg(q.type_hint == forms[_i].hint, "%s: hint %d",
	    forms[_i].in, q.type_hint);
	ck_assert_int_eq(q.music_kind, forms[_i].kind);
	ck_assert_int_eq(q.soundtrack, forms[_i].soundtrack);
	if (forms[_i].by == NULL)
		ck_assert_ptr_null(q.by);
	else
		ck_assert_str_eq(q.by, forms[_i].by);
	seasons_str(&q, seasons, sizeof(seasons));
	ck_assert_msg(strcmp(seasons, forms[_i].seasons) == 0,
	    "%s: seasons '%s'", forms[_i].in, seasons);
	ck_assert_msg(q.id_kind == forms[_i].idk, "%s: id kind %d",
	    forms[_i].in, q.id_kind);
	if (forms[_i].id == NULL)
		ck_assert_ptr_null(q.id);
	else
		ck_assert_str_eq(q.id, forms[_i].id);
	mr_query_release(&q);
}
END_TEST

START_TEST(test_norm_fields)
{
	struct mr_query q;

	mr_query_init(&q);
	ck_assert_int_eq(mr_query_parse(&q, "The Office (2005) tv series",
	    NULL), MR_OK);
	ck_assert_str_eq(q.norm, "the office");
	ck_assert_str_eq(q.key, "office");
	ck_assert_str_eq(q.literal_norm, "the office 2005 tv series");
	ck_assert_int_eq(q.year, 2005);
	ck_assert_int_eq(q.type_hint, MR_MEDIA_TV);
	/* Parsing again reuses q. */
	ck_assert_int_eq(mr_query_parse(&q, "Amélie", NULL), MR_OK);
	ck_assert_str_eq(q.norm, "amelie");
	ck_assert_int_eq(q.year, 0);
	ck_assert_int_eq(q.type_hint, MR_MEDIA_NONE);
	ck_assert_ptr_null(q.literal_norm);
	mr_query_release(&q);
	mr_query_release(&q);	/* twice is harmless */
}
END_TEST

START_TEST(test_empty)
{
	static const char *const empty[] = { "", "   ", "...", "\x01\x02",
		"()" };
	struct mr_query q;
	struct mr_err e;
	size_t i;

	mr_query_init(&q);
	for (i = 0; i < MR_ARRAY_LEN(empty); i++) {
		mr_err_clear(&e);
		ck_assert_int_eq(mr_query_parse(&q, empty[i], &e), MR_EINVAL);
		ck_assert_str_eq(e.code, "query.empty");
		ck_assert_ptr_nonnull(q.title);
		ck_assert_ptr_nonnull(q.norm);
	}
	ck_assert_int_eq(mr_query_parse(&q, NULL, NULL), MR_EINVAL);
	mr_query_release(&q);
}
END_TEST

START_TEST(test_strings)
{
	ck_assert_str_eq(mr_media_str(MR_MEDIA_TV), "tv");
	ck_assert_ptr_null(mr_media_str(MR_MEDIA_NONE));
	ck_assert_str_eq(mr_media_service(MR_MEDIA_MOVIE), "radarr");
	ck_assert_str_eq(mr_media_service(MR_MEDIA_MUSIC), "lidarr");
	ck_assert_str_eq(mr_music_kind_str(MR_MUSIC_ALBUM), "album");
	ck_assert_str_eq(mr_id_kind_str(MR_ID_TVDB), "tvdb");
	ck_assert_str_eq(mr_id_kind_str(MR_ID_SPOTIFY_ALBUM),
	    "spotify_album");
	ck_assert_ptr_null(mr_id_kind_str(MR_ID_NONE));
}
END_TEST

/* Hostile input: 1 MB of junk, invalid UTF-8, controls; never crashes. */
START_TEST(test_hostile)
{
	static const char *const junk[] = {
		"\xff\xfe\xfd", "season", "season season season 1",
		"S99999", "s1e99999", "seasons 1-200000", "seasons 1-",
		"((((((((", "))))", "Dune (", "Dune )", "( film )",
		"by by by by", "the movie", "tmdb:", "mbid:zz",
		"https://", "thetvdb.com/?id=", "1984 1984 1984",
		"x \xc3", "\xe2\x80", "tt0773262 tt0133093 Dune",
	};
	static const char pattern[] = "ab (1999) season 1-3 \xff\x01 by S02E";
	struct mr_query q;
	char *big;
	size_t i, n = 1 << 20;

	mr_query_init(&q);
	for (i = 0; i < MR_ARRAY_LEN(junk); i++)
		(void)mr_query_parse(&q, junk[i], NULL);
	big = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		big[i] = pattern[i % (sizeof(pattern) - 1)];
	big[n] = '\0';
	(void)mr_query_parse(&q, big, NULL);
	ck_assert(strlen(q.text) <= 3 * MR_QUERY_MAX_INPUT);
	for (i = 0; i < n; i++)
		big[i] = (char)(1 + i % 255);
	(void)mr_query_parse(&q, big, NULL);
	mr_query_release(&q);
	free(big);
}
END_TEST

/*
 * Random bytes, biased toward the parser's own vocabulary, under the
 * sanitizers: every parse ends with valid UTF-8 strings.
 */
START_TEST(test_random)
{
	static const char *const bits[] = {
		" ", "season", "s02e05", "(", ")", "[", "]", "1999", "2049",
		"-", ",", "by", "the", "movie", "band", "album", "tt0773262",
		"tmdb:", "mbid:", "https://thetvdb.com/?id=", "\xc3\xa9",
		"\xff", "\x01", "&", "'", "ost", "and", "1", "x",
	};
	struct mr_query q;
	char buf[256];
	unsigned long r = 12345;
	size_t i, len, k, bl;
	int round;

	mr_query_init(&q);
	for (round = 0; round < 3000; round++) {
		len = 0;
		for (i = 0; i < 12; i++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			k = (r >> 33) % (MR_ARRAY_LEN(bits) + 4);
			if (k >= MR_ARRAY_LEN(bits)) {
				if (len + 1 < sizeof(buf))
					buf[len++] = (char)((r >> 20) & 0xff);
				continue;
			}
			bl = strlen(bits[k]);
			if (len + bl + 1 >= sizeof(buf))
				break;
			memcpy(buf + len, bits[k], bl);
			len += bl;
		}
		buf[len] = '\0';
		(void)mr_query_parse(&q, buf, NULL);
		ck_assert(mr_text_utf8_valid(q.title));
		ck_assert(mr_text_utf8_valid(q.norm));
		ck_assert(q.nseasons <= MR_QUERY_MAX_SEASONS);
		ck_assert(q.year == 0 || (q.year >= 1900 && q.year <= 2035));
	}
	mr_query_release(&q);
}
END_TEST

static Suite *
query_suite(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_forms, 0, MR_ARRAY_LEN(forms));
	tcase_add_test(tc, test_norm_fields);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(query_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
