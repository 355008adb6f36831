/*
 * query.c: parse a free-text media request (see query.h).
 *
 * The text is cut into words at spaces; ids and links are taken out
 * first, then hint phrases, season markers and a year are peeled off the
 * ends (each word compared in normal form, so "(film)", "Film" and "FILM"
 * are one), then "X by Y" is split.  Whatever remains is the title.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mr.h"
#include "query.h"
#include "text.h"

#define YEAR_MIN 1900
#define YEAR_MAX 2035
#define MAX_SEASON 200
#define MAX_PEEL 8		/* hint / year / season groups peeled per end */

struct word {
	char *raw;		/* as typed, punctuation included */
	char *norm;		/* mr_text_norm(raw), may be "" */
};

struct words {
	struct word *w;
	size_t n;
};

enum act {
	A_MOVIE,
	A_TV,
	A_ARTIST,
	A_ALBUM,
	A_SOUNDTRACK,
};

struct phrase {
	const char *text;	/* in normal form */
	enum act act;
};

/*
 * Hint phrases accepted at the end of the text.  Only phrases that people
 * add to a title and that rarely end one: a wrong hint costs more than a
 * missed one, since the sources search only the hinted types.
 */
static const struct phrase suffixes[] = {
	{ "original motion picture soundtrack", A_SOUNDTRACK },
	{ "motion picture soundtrack", A_SOUNDTRACK },
	{ "original soundtrack", A_SOUNDTRACK },
	{ "soundtrack", A_SOUNDTRACK },
	{ "ost", A_SOUNDTRACK },
	{ "tv mini series", A_TV },
	{ "tv miniseries", A_TV },
	{ "mini series", A_TV },
	{ "miniseries", A_TV },
	{ "tv series", A_TV },
	{ "tv show", A_TV },
	{ "web series", A_TV },
	{ "complete series", A_TV },
	{ "series", A_TV },
	{ "tv", A_TV },
	{ "movie", A_MOVIE },
	{ "film", A_MOVIE },
	{ "album", A_ALBUM },
	{ "discography", A_ARTIST },
	{ "music", A_ARTIST },
	{ "band", A_ARTIST },
	{ "artist", A_ARTIST },
	{ "singer", A_ARTIST },
	{ "rapper", A_ARTIST },
	{ "musician", A_ARTIST },
};

/*
 * Hint phrases accepted at the start of the text.  Bare "band", "movie"
 * or "artist" begin too many titles ("Band of Brothers", "Movie 43",
 * "The Artist") to count as hints there.
 */
static const struct phrase prefixes[] = {
	{ "the movie", A_MOVIE },
	{ "the film", A_MOVIE },
	{ "the tv series", A_TV },
	{ "the tv show", A_TV },
	{ "the band", A_ARTIST },
	{ "discography of", A_ARTIST },
	{ "songs by", A_ARTIST },
	{ "music by", A_ARTIST },
	{ "albums by", A_ARTIST },
	{ "the album", A_ALBUM },
	{ "album", A_ALBUM },
	{ "soundtrack of", A_SOUNDTRACK },
};

void
mr_query_init(struct mr_query *q)
{
	memset(q, 0, sizeof(*q));
}

void
mr_query_release(struct mr_query *q)
{
	free(q->text);
	free(q->title);
	free(q->norm);
	free(q->key);
	free(q->literal);
	free(q->literal_norm);
	free(q->by);
	free(q->id);
	mr_query_init(q);
}

static void
words_free(struct words *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++) {
		free(ws->w[i].raw);
		free(ws->w[i].norm);
	}
	free(ws->w);
	ws->w = NULL;
	ws->n = 0;
}

static void
words_split(struct words *ws, const char *s)
{
	const char *p, *e;
	size_t cap = 0;

	ws->w = NULL;
	ws->n = 0;
	for (p = s;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		e = p;
		while (*e != ' ' && *e != '\t' && *e != '\0')
			e++;
		if (ws->n == cap) {
			cap = cap ? cap * 2 : 16;
			ws->w = xrealloc(ws->w, cap * sizeof(*ws->w));
		}
		ws->w[ws->n].raw = xstrndup(p, (size_t)(e - p));
		ws->w[ws->n].norm = mr_text_norm(ws->w[ws->n].raw);
		ws->n++;
		p = e;
	}
}

/* Join raw words [a, b) with single spaces.  New string. */
static char *
words_join(const struct words *ws, size_t a, size_t b)
{
	size_t i, len = 1;
	char *s, *p;

	for (i = a; i < b; i++)
		len += strlen(ws->w[i].raw) + 1;
	s = xmalloc(len);
	p = s;
	*p = '\0';
	for (i = a; i < b; i++) {
		if (i > a)
			*p++ = ' ';
		len = strlen(ws->w[i].raw);
		memcpy(p, ws->w[i].raw, len);
		p += len;
	}
	*p = '\0';
	return s;
}

/* Join the normal forms of words [a, b) (empty ones skipped). */
static char *
norms_join(const struct words *ws, size_t a, size_t b)
{
	size_t i, len = 1;
	char *s, *p;

	for (i = a; i < b; i++)
		len += strlen(ws->w[i].norm) + 1;
	s = xmalloc(len);
	p = s;
	for (i = a; i < b; i++) {
		if (ws->w[i].norm[0] == '\0')
			continue;
		if (p > s)
			*p++ = ' ';
		len = strlen(ws->w[i].norm);
		memcpy(p, ws->w[i].norm, len);
		p += len;
	}
	*p = '\0';
	return s;
}

/* Is s all ASCII digits (1..n chars)?  Value in *v (capped). */
static int
digits(const char *s, size_t maxlen, long *v)
{
	size_t i;
	long x = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]) || i >= maxlen)
			return 0;
		x = x * 10 + (s[i] - '0');
	}
	if (i == 0)
		return 0;
	*v = x;
	return 1;
}

static int
is_year(long v)
{
	return v >= YEAR_MIN && v <= YEAR_MAX;
}

static int
is_hex(int c)
{
	return isxdigit((unsigned char)c);
}

/* Does s start with a UUID (8-4-4-4-12 hex)?  Length 36 then. */
static int
uuid_at(const char *s)
{
	static const int groups[] = { 8, 4, 4, 4, 12 };
	size_t g, i;
	const char *p = s;

	for (g = 0; g < MR_ARRAY_LEN(groups); g++) {
		for (i = 0; i < (size_t)groups[g]; i++, p++)
			if (!is_hex(*p))
				return 0;
		if (g + 1 < MR_ARRAY_LEN(groups) && *p++ != '-')
			return 0;
	}
	return !is_hex(*p);
}

/* Case-insensitive: does s start with prefix? */
static int
starts(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Find needle in s, case-insensitively; pointer after it or NULL. */
static const char *
after(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, needle, n) == 0)
			return s + n;
	return NULL;
}

/* Copy the leading run of chars accepted by ok() (at most max). */
static char *
take(const char *s, int (*ok)(int), size_t max)
{
	size_t n = 0;

	while (s[n] != '\0' && n < max && ok((unsigned char)s[n]))
		n++;
	return n ? xstrndup(s, n) : NULL;
}

static int
ok_digit(int c)
{
	return isdigit(c);
}

static int
ok_alnum(int c)
{
	return isalnum(c);
}

static int
ok_slug(int c)
{
	return isalnum(c) || c == '-' || c == '_';
}

static int
set_id(struct mr_query *q, enum mr_id_kind k, char *v)
{
	if (v == NULL)
		return 0;
	q->id_kind = k;
	q->id = v;
	return 1;
}

/* A UUID at s, lowercased, or NULL. */
static char *
uuid_copy(const char *s)
{
	char *u;
	size_t i;

	if (s == NULL || !uuid_at(s))
		return NULL;
	u = xstrndup(s, 36);
	for (i = 0; u[i] != '\0'; i++)
		u[i] = (char)tolower((unsigned char)u[i]);
	return u;
}

/* "tt" + 7..10 digits at s, or NULL. */
static char *
imdb_copy(const char *s)
{
	size_t n = 0;

	if (s == NULL || (s[0] != 't' && s[0] != 'T') ||
	    (s[1] != 't' && s[1] != 'T'))
		return NULL;
	while (isdigit((unsigned char)s[2 + n]))
		n++;
	if (n < 7 || n > 10 || isalnum((unsigned char)s[2 + n]))
		return NULL;
	return xasprintf("tt%.*s", (int)n, s + 2);
}

/*
 * Recognise an id or link in one word; fill q and return 1, else 0.
 * Only the first id of a query is kept.
 */
static int
parse_id(struct mr_query *q, const char *w)
{
	const char *p;

	if ((p = after(w, "themoviedb.org/movie/")) != NULL)
		return set_id(q, MR_ID_TMDB_MOVIE, take(p, ok_digit, 12));
	if ((p = after(w, "themoviedb.org/tv/")) != NULL)
		return set_id(q, MR_ID_TMDB_TV, take(p, ok_digit, 12));
	if ((p = after(w, "imdb.com/title/")) != NULL)
		return set_id(q, MR_ID_IMDB, imdb_copy(p));
	if (after(w, "thetvdb.com") != NULL) {
		if ((p = after(w, "?id=")) != NULL ||
		    (p = after(w, "&id=")) != NULL)
			return set_id(q, MR_ID_TVDB, take(p, ok_digit, 12));
		if ((p = after(w, "/series/")) != NULL)
			return set_id(q, MR_ID_TVDB_SLUG,
			    take(p, ok_slug, 200));
		return 0;
	}
	if ((p = after(w, "musicbrainz.org/artist/")) != NULL)
		return set_id(q, MR_ID_MB_ARTIST, uuid_copy(p));
	if ((p = after(w, "musicbrainz.org/release-group/")) != NULL)
		return set_id(q, MR_ID_MB_RELEASE_GROUP, uuid_copy(p));
	if ((p = after(w, "open.spotify.com/artist/")) != NULL ||
	    (p = after(w, "spotify:artist:")) != NULL)
		return set_id(q, MR_ID_SPOTIFY_ARTIST, take(p, ok_alnum, 22));
	if ((p = after(w, "open.spotify.com/album/")) != NULL ||
	    (p = after(w, "spotify:album:")) != NULL)
		return set_id(q, MR_ID_SPOTIFY_ALBUM, take(p, ok_alnum, 22));
	if (starts(w, "tmdb:movie/") || starts(w, "tmdb:movie:"))
		return set_id(q, MR_ID_TMDB_MOVIE, take(w + 11, ok_digit, 12));
	if (starts(w, "tmdb:tv/") || starts(w, "tmdb:tv:"))
		return set_id(q, MR_ID_TMDB_TV, take(w + 8, ok_digit, 12));
	if (starts(w, "tmdb:"))
		return set_id(q, MR_ID_TMDB, take(w + 5, ok_digit, 12));
	if (starts(w, "tvdb:"))
		return set_id(q, MR_ID_TVDB, take(w + 5, ok_digit, 12));
	if (starts(w, "imdb:"))
		return set_id(q, MR_ID_IMDB, imdb_copy(w + 5));
	if (starts(w, "mbid:") || starts(w, "mb:"))
		return set_id(q, MR_ID_MBID, uuid_copy(strchr(w, ':') + 1));
	if (starts(w, "lidarr:"))
		return set_id(q, MR_ID_MB_ARTIST, uuid_copy(w + 7));
	if ((p = imdb_copy(w)) != NULL)
		return set_id(q, MR_ID_IMDB, (char *)p);
	if (uuid_at(w) && w[36] == '\0')
		return set_id(q, MR_ID_MBID, uuid_copy(w));
	return 0;
}

static void
apply(struct mr_query *q, enum act a)
{
	/* The hint nearest the title wins; later (outer) ones only fill. */
	if (q->type_hint != MR_MEDIA_NONE)
		return;
	switch (a) {
	case A_MOVIE:
		q->type_hint = MR_MEDIA_MOVIE;
		break;
	case A_TV:
		q->type_hint = MR_MEDIA_TV;
		break;
	case A_ARTIST:
		q->type_hint = MR_MEDIA_MUSIC;
		q->music_kind = MR_MUSIC_ARTIST;
		break;
	case A_ALBUM:
		q->type_hint = MR_MEDIA_MUSIC;
		q->music_kind = MR_MUSIC_ALBUM;
		break;
	case A_SOUNDTRACK:
		q->type_hint = MR_MEDIA_MUSIC;
		q->music_kind = MR_MUSIC_ALBUM;
		q->soundtrack = 1;
		break;
	}
}

static void
add_season(struct mr_query *q, long s)
{
	size_t i, j;

	if (s < 0 || s > MAX_SEASON)
		return;
	for (i = 0; i < q->nseasons; i++) {
		if (q->seasons[i] == s)
			return;
		if (q->seasons[i] > s)
			break;
	}
	if (q->nseasons == MR_QUERY_MAX_SEASONS)
		return;
	for (j = q->nseasons; j > i; j--)
		q->seasons[j] = q->seasons[j - 1];
	q->seasons[i] = (int)s;
	q->nseasons++;
}

static void
add_range(struct mr_query *q, long a, long b)
{
	long s;

	if (a > b || a < 0 || b > MAX_SEASON)
		return;
	for (s = a; s <= b && q->nseasons < MR_QUERY_MAX_SEASONS; s++)
		add_season(q, s);
}

/*
 * "s02", "s2e5", "s01e01", "s1-s3" in normal form (one word) ->
 * seasons; returns 1 when w is such a marker.
 */
static int
season_word(struct mr_query *q, const char *w, int apply_it)
{
	long s = 0, s2, e = 0;
	const char *p;
	char num[8];
	size_t n;

	if (w[0] != 's' || !isdigit((unsigned char)w[1]))
		return 0;
	p = w + 1;
	for (n = 0; isdigit((unsigned char)p[n]); n++)
		if (n >= 3)
			return 0;
	memcpy(num, p, n);
	num[n] = '\0';
	(void)digits(num, 3, &s);
	p += n;
	s2 = s;
	if (*p == 'e' && isdigit((unsigned char)p[1])) {
		p++;
		for (n = 0; isdigit((unsigned char)p[n]); n++)
			if (n >= 4)
				return 0;
		memcpy(num, p, n);
		num[n] = '\0';
		(void)digits(num, 4, &e);
		p += n;
	}
	if (*p != '\0')
		return 0;
	if (apply_it) {
		add_range(q, s, s2);
		if (e > 0 && q->episode == 0)
			q->episode = (int)e;
	}
	return 1;
}

/* "one" .. "twenty", "first" .. "tenth" as a number; 0 otherwise. */
static long
number_word(const char *w)
{
	static const char *const card[] = {
		"one", "two", "three", "four", "five", "six", "seven", "eight",
		"nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
		"fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
		"twenty",
	};
	static const char *const ord[] = {
		"first", "second", "third", "fourth", "fifth", "sixth",
		"seventh", "eighth", "ninth", "tenth",
	};
	size_t i;

	for (i = 0; i < MR_ARRAY_LEN(card); i++)
		if (strcmp(w, card[i]) == 0)
			return (long)i + 1;
	for (i = 0; i < MR_ARRAY_LEN(ord); i++)
		if (strcmp(w, ord[i]) == 0)
			return (long)i + 1;
	return 0;
}

/*
 * Is the normal-form text (words after "season"/"seasons") a season
 * list: "2", "1 3", "1 and 2", "1 to 3"?  A "1-3" is "1 3" in normal form,
 * so a raw dash between two numbers is read from raw.  Applies when
 * apply_it.
 */
static int
season_list(struct mr_query *q, const struct words *ws, size_t a, size_t b,
    int apply_it)
{
	size_t i;
	long v, prev = -1;
	int range = 0, any = 0;
	const char *r;

	for (i = a; i < b; i++) {
		const char *n = ws->w[i].norm;

		if (n[0] == '\0' || strcmp(n, "and") == 0) {
			if (strchr(ws->w[i].raw, '-') != NULL)
				range = 1;
			continue;
		}
		if (strcmp(n, "to") == 0 || strcmp(n, "through") == 0) {
			range = 1;
			continue;
		}
		/* "1-3" and "1,2" are one raw word. */
		r = ws->w[i].raw;
		if (strchr(n, ' ') != NULL) {
			const char *p = r;
			long x = 0;
			int dash = 0;

			while (*p != '\0') {
				char num[8];
				size_t k = 0;

				if (!isdigit((unsigned char)*p)) {
					if (*p == '-')
						dash = 1;
					else if (*p != ',' && *p != '&')
						return 0;
					p++;
					continue;
				}
				while (isdigit((unsigned char)p[k]) && k < 3)
					k++;
				if (isdigit((unsigned char)p[k]))
					return 0;
				memcpy(num, p, k);
				num[k] = '\0';
				(void)digits(num, 3, &x);
				if (apply_it) {
					if (dash && prev >= 0)
						add_range(q, prev, x);
					else
						add_season(q, x);
				}
				prev = x;
				dash = 0;
				any = 1;
				p += k;
			}
			continue;
		}
		if (!digits(n, 3, &v) && (v = number_word(n)) == 0)
			return 0;
		if (apply_it) {
			if (range && prev >= 0)
				add_range(q, prev, v);
			else
				add_season(q, v);
		}
		range = 0;
		prev = v;
		any = 1;
	}
	return any;
}

/* Does the normal form of words [a, b) equal phrase? */
static int
words_eq(const struct words *ws, size_t a, size_t b, const char *phrase)
{
	char *j;
	int r;

	j = norms_join(ws, a, b);
	r = strcmp(j, phrase) == 0;
	free(j);
	return r;
}

/* Words [a, b) with an empty normal form only (dashes, colons). */
static int
all_punct(const struct words *ws, size_t a, size_t b)
{
	size_t i;

	for (i = a; i < b; i++)
		if (ws->w[i].norm[0] != '\0')
			return 0;
	return 1;
}

/*
 * Would a title ending before word e end in a word that cannot end one
 * ("The Sound of" + "Music", "Class of" + "1999", "The" + "Band")?
 * Pronouns and most prepositions can ("Pieces of Her", "Game On").
 */
static int
dangling(const struct words *ws, size_t a, size_t e)
{
	static const char *const fw[] = { "the", "a", "an", "of", "and" };
	size_t i;

	while (e > a && ws->w[e - 1].norm[0] == '\0')
		e--;
	if (e == a)
		return 1;
	for (i = 0; i < MR_ARRAY_LEN(fw); i++)
		if (strcmp(ws->w[e - 1].norm, fw[i]) == 0)
			return 1;
	return 0;
}

/*
 * Peel one hint, season marker or year off the end of words [a, *b).
 * Returns 1 and lowers *b when something was taken.  Never takes the
 * last title word.
 */
static int
peel_end(struct mr_query *q, const struct words *ws, size_t a, size_t *b)
{
	size_t i, k, e = *b;
	long v;
	const char *raw;
	size_t rl;

	while (e > a && ws->w[e - 1].norm[0] == '\0')
		e--;
	if (e <= a + 1)
		return 0;
	/* A bracketed group at the end: "(2021)", "(film)", "[tv series]". */
	raw = ws->w[e - 1].raw;
	rl = strlen(raw);
	if (rl > 0 && (raw[rl - 1] == ')' || raw[rl - 1] == ']')) {
		char open = raw[rl - 1] == ')' ? '(' : '[';
		size_t g = e;

		for (i = e; i-- > a && e - i <= 6;) {
			if (ws->w[i].raw[0] == open) {
				g = i;
				break;
			}
		}
		if (g < e && g > a) {
			char *n = norms_join(ws, g, e);

			if (digits(n, 4, &v) && is_year(v)) {
				if (q->year == 0) {
					q->year = (int)v;
					q->year_explicit = 1;
				}
				free(n);
				*b = g;
				return 1;
			}
			for (k = 0; k < MR_ARRAY_LEN(suffixes); k++) {
				if (strcmp(n, suffixes[k].text) == 0) {
					apply(q, suffixes[k].act);
					free(n);
					*b = g;
					return 1;
				}
			}
			free(n);
		}
	}
	/* "S02", "S02E05". */
	if (season_word(q, ws->w[e - 1].norm, 1)) {
		apply(q, A_TV);
		*b = e - 1;
		return 1;
	}
	/* "season 2", "seasons 1-3", "season 1 and 2". */
	for (i = e; i-- > a + 1;) {
		const char *n = ws->w[i].norm;

		if (strcmp(n, "season") == 0 || strcmp(n, "seasons") == 0) {
			if (season_list(q, ws, i + 1, e, 0)) {
				(void)season_list(q, ws, i + 1, e, 1);
				apply(q, A_TV);
				*b = i;
				return 1;
			}
			break;
		}
		if (e - i > 8)
			break;
	}
	/* Hint phrases (up to 4 words). */
	for (k = 0; k < MR_ARRAY_LEN(suffixes); k++) {
		for (i = 1; i <= 4 && i < e - a; i++) {
			if (words_eq(ws, e - i, e, suffixes[k].text) &&
			    !dangling(ws, a, e - i)) {
				apply(q, suffixes[k].act);
				*b = e - i;
				return 1;
			}
		}
	}
	/* A bare trailing year: a candidate, the literal reading keeps it. */
	if (digits(ws->w[e - 1].norm, 4, &v) && is_year(v) &&
	    strcmp(ws->w[e - 1].norm, ws->w[e - 1].raw) == 0 &&
	    !dangling(ws, a, e - 1)) {
		if (q->year == 0) {
			q->year = (int)v;
			q->year_explicit = 0;
		}
		*b = e - 1;
		return 1;
	}
	return 0;
}

/* Peel one hint phrase off the start of words [*a, b). */
static int
peel_start(struct mr_query *q, const struct words *ws, size_t *a, size_t b)
{
	size_t k, i;

	for (k = 0; k < MR_ARRAY_LEN(prefixes); k++) {
		for (i = 1; i <= 3 && *a + i < b; i++) {
			if (!words_eq(ws, *a, *a + i, prefixes[k].text))
				continue;
			if (all_punct(ws, *a + i, b))
				return 0;
			apply(q, prefixes[k].act);
			*a += i;
			return 1;
		}
	}
	return 0;
}

/* Trim punctuation-only words and edge punctuation of a title. */
static char *
trim_title(const struct words *ws, size_t a, size_t b)
{
	char *s, *p, *e;
	size_t n;

	while (a < b && ws->w[a].norm[0] == '\0')
		a++;
	while (b > a && ws->w[b - 1].norm[0] == '\0')
		b--;
	s = words_join(ws, a, b);
	/* Dangling separators left by a peeled hint: "Dune -", "Fargo:". */
	n = strlen(s);
	e = s + n;
	while (e > s && strchr(" -:,;/|", e[-1]) != NULL)
		*--e = '\0';
	p = s;
	while (*p != '\0' && strchr(" -:,;/|", *p) != NULL)
		p++;
	if (p != s)
		memmove(s, p, strlen(p) + 1);
	return s;
}

/* Collapse runs of spaces and trim. */
static void
squeeze(char *s)
{
	char *r = s, *w = s;
	int sp = 0;

	while (*r == ' ')
		r++;
	for (; *r != '\0'; r++) {
		if (*r == ' ') {
			sp = 1;
			continue;
		}
		if (sp && w != s)
			*w++ = ' ';
		sp = 0;
		*w++ = *r;
	}
	*w = '\0';
}

enum mr_rc
mr_query_parse(struct mr_query *q, const char *text, struct mr_err *err)
{
	struct words ws = { NULL, 0 };
	char *lit = NULL, *byp = NULL;
	size_t i, a, b, n, by;
	int peeled, round;
	enum mr_rc rc = MR_OK;

	mr_query_release(q);
	q->text = mr_text_clean(text, MR_QUERY_MAX_INPUT);
	squeeze(q->text);
	words_split(&ws, q->text);

	/* Ids and links: the first one found is taken out of the text. */
	n = 0;
	for (i = 0; i < ws.n; i++) {
		if (q->id_kind == MR_ID_NONE && parse_id(q, ws.w[i].raw)) {
			free(ws.w[i].raw);
			free(ws.w[i].norm);
			continue;
		}
		ws.w[n++] = ws.w[i];
	}
	ws.n = n;
	lit = trim_title(&ws, 0, ws.n);

	a = 0;
	b = ws.n;
	for (round = 0; round < MAX_PEEL; round++) {
		peeled = peel_end(q, &ws, a, &b);
		peeled |= peel_start(q, &ws, &a, b);
		if (!peeled)
			break;
	}

	/* "X by Y": an album X by the artist Y ("songs by Y" peeled above). */
	by = b;
	for (i = b; i-- > a + 1;) {
		if (strcmp(ws.w[i].norm, "by") == 0 && i + 1 < b &&
		    !all_punct(&ws, i + 1, b) && !all_punct(&ws, a, i)) {
			by = i;
			break;
		}
	}
	if (by < b && (q->type_hint == MR_MEDIA_NONE ||
	    q->type_hint == MR_MEDIA_MUSIC)) {
		byp = trim_title(&ws, by + 1, b);
		if (*byp != '\0') {
			q->by = byp;
			byp = NULL;
			b = by;
			if (q->type_hint == MR_MEDIA_NONE) {
				q->type_hint = MR_MEDIA_MUSIC;
				q->music_kind = MR_MUSIC_ALBUM;
			}
		}
	}

	q->title = trim_title(&ws, a, b);
	q->norm = mr_text_norm(q->title);
	q->key = mr_text_norm_key(q->title);
	if (strcmp(lit, q->title) != 0 && *lit != '\0') {
		q->literal = lit;
		q->literal_norm = mr_text_norm(lit);
		lit = NULL;
	}
	if (q->norm[0] == '\0' && q->id_kind == MR_ID_NONE)
		rc = mr_err_set(err, MR_EINVAL, 0, "query.empty",
		    "no title in the query");
	free(byp);
	free(lit);
	words_free(&ws);
	return rc;
}

const char *
mr_media_str(enum mr_media m)
{
	switch (m) {
	case MR_MEDIA_MOVIE:
		return "movie";
	case MR_MEDIA_TV:
		return "tv";
	case MR_MEDIA_MUSIC:
		return "music";
	default:
		return NULL;
	}
}

const char *
mr_media_service(enum mr_media m)
{
	switch (m) {
	case MR_MEDIA_MOVIE:
		return "radarr";
	case MR_MEDIA_TV:
		return "sonarr";
	case MR_MEDIA_MUSIC:
		return "lidarr";
	default:
		return NULL;
	}
}

const char *
mr_music_kind_str(enum mr_music_kind k)
{
	switch (k) {
	case MR_MUSIC_ARTIST:
		return "artist";
	case MR_MUSIC_ALBUM:
		return "album";
	default:
		return NULL;
	}
}

const char *
mr_id_kind_str(enum mr_id_kind k)
{
	static const char *const names[] = {
		NULL, "imdb", "tmdb", "tmdb_movie", "tmdb_tv", "tvdb",
		"tvdb_slug", "mbid", "mb_artist", "mb_release_group",
		"spotify_artist", "spotify_album",
	};

	if ((size_t)k >= MR_ARRAY_LEN(names))
		return NULL;
	return names[k];
}
