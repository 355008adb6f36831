/*
 * text.h: UTF-8 text normalisation and title similarity.  Pure functions:
 * no I/O, no global state.  Every function accepts any byte string
 * (invalid UTF-8 included) and never reads past the terminating NUL.
 *
 * The normal form mirrors the simulated world's and the services' search
 * semantics: case folded (Latin, Latin-1, Latin Extended-A, Greek,
 * Cyrillic), diacritics removed by a decomposition table ("é" -> "e",
 * "ø" -> "o", "ß" -> "ss", "æ" -> "ae", "ł" -> "l"), "&" -> "and",
 * apostrophes dropped ("Schitt's" -> "schitts"), every other punctuation
 * or symbol -> a space, whitespace collapsed, no leading or trailing space.
 * Leading articles are kept ("The Office" -> "the office"); the "key"
 * variant drops one.
 */
#ifndef MR_TEXT_H
#define MR_TEXT_H

#include <stddef.h>

/*
 * Copy s with invalid UTF-8 sequences replaced by U+FFFD and control
 * characters (C0, DEL, C1) replaced by a space.  At most max bytes of s
 * are read (0: no limit).  Returns a new string (free()).
 */
char *mr_text_clean(const char *s, size_t max);

/* Is s valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF)? */
int mr_text_utf8_valid(const char *s);

/*
 * Decode one code point at *p, advancing *p (at least one byte unless at
 * the NUL).  Invalid bytes decode to U+FFFD, one byte each.  Returns 0 at
 * the end of the string.
 */
unsigned long mr_text_utf8_next(const char **p);

/* Append the UTF-8 encoding of cp to buf (room for 4 bytes); the length. */
size_t mr_text_utf8_put(char *buf, unsigned long cp);

/* Number of code points in s (invalid bytes count one each). */
size_t mr_text_utf8_len(const char *s);

/* The normal form of s, as above.  New string; "" for NULL. */
char *mr_text_norm(const char *s);

/*
 * The normal form without one leading article ("the", "a", "an") when
 * something remains after it: "The Office" -> "office", "The" -> "the".
 * New string.
 */
char *mr_text_norm_key(const char *s);

/*
 * Normalised s with spaces removed and Roman numerals II..XX after the
 * first word written as numbers: "Spider-Man 2" and "Spiderman II" both
 * give "spiderman2".  For equivalence tests only.  New string.
 */
char *mr_text_compact(const char *s);

/*
 * Split an already normalised string at spaces.  *out receives a new
 * array of new strings (free each, then the array, or use
 * mr_text_tokens_free()); returns the count.  "" gives 0 and *out NULL.
 */
size_t mr_text_tokens(const char *norm, char ***out);
void mr_text_tokens_free(char **tok, size_t n);

/* Is the normalised word w "the", "a" or "an"? */
int mr_text_is_article(const char *w);

/*
 * Optimal-string-alignment (restricted Damerau-Levenshtein) distance
 * between a and b, counted in code points.  Stops early and returns
 * max + 1 once the distance is known to exceed max (max 0: no limit).
 */
size_t mr_text_distance(const char *a, const char *b, size_t max);

/*
 * Edit similarity of two normalised strings: 1 - distance / longer length,
 * in [0, 1]; 1 for two empty strings.
 */
double mr_text_edit_similarity(const char *a, const char *b);

/*
 * Token-set similarity of two normalised strings in [0, 1]: matched
 * tokens (exact, or one edit apart when both have >= 5 letters, counting
 * 0.8) over the size of the union.  Articles count like other words.
 */
double mr_text_token_similarity(const char *a, const char *b);

/* How two titles relate, strongest first (see mr_text_title_match). */
enum mr_text_match {
	MR_TEXT_EXACT = 0,	/* equal normal forms */
	MR_TEXT_EQUIV,		/* equal after dropping an article, joining
				   words ("spider man"/"spiderman"), Roman
				   numerals, "and" vs "&" */
	MR_TEXT_TYPO,		/* one edit apart (>= 5 letters), or equal
				   up to one article and one edit */
	MR_TEXT_PARTIAL,	/* anything else with similarity > 0 */
	MR_TEXT_NONE,		/* nothing in common */
};

/*
 * Compare a query title q with a candidate title t (both raw text; they
 * are normalised here).  Returns the relation and stores in *sim (may be
 * NULL) a similarity in [0, 1]: 1 for EXACT, MR_TEXT_SIM_EQUIV for EQUIV,
 * about 0.9 for a one-edit TYPO (less for short titles), and for PARTIAL
 * the larger of the edit and token-set similarities, scaled so that it
 * stays below a typo's (texts over 512 bytes: the token-set one only,
 * edit distance being quadratic).
 */
enum mr_text_match mr_text_title_match(const char *q, const char *t,
    double *sim);

/* Same, on strings that are already in normal form (faster in loops). */
enum mr_text_match mr_text_title_match_norm(const char *nq, const char *nt,
    double *sim);

/* Similarity given to EQUIV titles. */
#define MR_TEXT_SIM_EQUIV 0.97
/* Upper bound of a TYPO's similarity (one edit in a long title). */
#define MR_TEXT_SIM_TYPO 0.92
/* Upper bound of a PARTIAL similarity. */
#define MR_TEXT_SIM_PARTIAL 0.85

/* mr_text_title_match() reduced to the similarity. */
double mr_text_title_similarity(const char *q, const char *t);

#endif
