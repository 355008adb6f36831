/*
 * text.c: UTF-8 normalisation and title similarity (see text.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mr.h"
#include "text.h"

#define REPLACEMENT 0xFFFDUL
#define MAX_EDIT_BYTES 512	/* longer titles: no full edit distance */

/* A growable byte buffer, always NUL-terminated. */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};

static void
buf_init(struct buf *b, size_t hint)
{
	b->cap = hint < 16 ? 16 : hint + 1;
	b->s = xmalloc(b->cap);
	b->len = 0;
	b->s[0] = '\0';
}

static void
buf_add(struct buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
buf_addcp(struct buf *b, unsigned long cp)
{
	char tmp[4];

	buf_add(b, tmp, mr_text_utf8_put(tmp, cp));
}

/*
 * Decode one sequence at s; store the length consumed (>= 1 unless at
 * the NUL) in *len.  Invalid sequences give REPLACEMENT, one byte long.
 */
static unsigned long
decode(const unsigned char *s, size_t *len)
{
	unsigned long cp, min;
	size_t n, i;

	*len = 0;
	if (s[0] == 0)
		return 0;
	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		cp = s[0] & 0x1F;
		min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		cp = s[0] & 0x0F;
		min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else
		return REPLACEMENT;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return REPLACEMENT;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return REPLACEMENT;
	*len = n;
	return cp;
}

unsigned long
mr_text_utf8_next(const char **p)
{
	unsigned long cp;
	size_t n;

	cp = decode((const unsigned char *)*p, &n);
	*p += n;
	return cp;
}

size_t
mr_text_utf8_put(char *buf, unsigned long cp)
{
	unsigned char *u = (unsigned char *)buf;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = REPLACEMENT;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (unsigned char)(0xF0 | (cp >> 18));
	u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
mr_text_utf8_len(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	while (mr_text_utf8_next(&s) != 0)
		n++;
	return n;
}

int
mr_text_utf8_valid(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;
	size_t n;

	if (s == NULL)
		return 0;
	while (*u != 0) {
		cp = decode(u, &n);
		/* A literal U+FFFD in the input decodes in 3 bytes: valid. */
		if (cp == REPLACEMENT && n == 1)
			return 0;
		u += n;
	}
	return 1;
}

char *
mr_text_clean(const char *s, size_t max)
{
	struct buf b;
	const unsigned char *u, *end;
	unsigned long cp;
	size_t n, avail;

	if (s == NULL)
		return xstrdup("");
	avail = strlen(s);
	if (max != 0 && avail > max)
		avail = max;
	buf_init(&b, avail);
	u = (const unsigned char *)s;
	end = u + avail;
	while (u < end && *u != 0) {
		cp = decode(u, &n);
		/* A sequence cut by the length limit is invalid. */
		if ((size_t)(end - u) < n) {
			cp = REPLACEMENT;
			n = 1;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
			cp = ' ';
		buf_addcp(&b, cp);
		u += n;
	}
	return b.s;
}

/* Base letters of U+00C0..U+00FF; "" = separator (x, division sign). */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "y",
};

/* Base letters of U+0100..U+017F (Latin Extended-A). */
static const char *const latin_ext_a[128] = {
	"a", "a", "a", "a", "a", "a", "c", "c",		/* 0100 */
	"c", "c", "c", "c", "c", "c", "d", "d",		/* 0108 */
	"d", "d", "e", "e", "e", "e", "e", "e",		/* 0110 */
	"e", "e", "e", "e", "g", "g", "g", "g",		/* 0118 */
	"g", "g", "g", "g", "h", "h", "h", "h",		/* 0120 */
	"i", "i", "i", "i", "i", "i", "i", "i",		/* 0128 */
	"i", "i", "ij", "ij", "j", "j", "k", "k",	/* 0130 */
	"k", "l", "l", "l", "l", "l", "l", "l",		/* 0138 */
	"l", "l", "l", "n", "n", "n", "n", "n",		/* 0140 */
	"n", "n", "n", "n", "o", "o", "o", "o",		/* 0148 */
	"o", "o", "oe", "oe", "r", "r", "r", "r",	/* 0150 */
	"r", "r", "s", "s", "s", "s", "s", "s",		/* 0158 */
	"s", "s", "t", "t", "t", "t", "t", "t",		/* 0160 */
	"u", "u", "u", "u", "u", "u", "u", "u",		/* 0168 */
	"u", "u", "u", "u", "w", "w", "y", "y",		/* 0170 */
	"y", "z", "z", "z", "z", "z", "z", "s",		/* 0178 */
};

/* Lowercase Greek vowels with accents -> plain (U+0386..U+03CE). */
static unsigned long
greek(unsigned long cp)
{
	switch (cp) {
	case 0x0386: case 0x03AC: return 0x03B1;
	case 0x0388: case 0x03AD: return 0x03B5;
	case 0x0389: case 0x03AE: return 0x03B7;
	case 0x038A: case 0x03AF: case 0x0390: case 0x03AA: case 0x03CA:
		return 0x03B9;
	case 0x038C: case 0x03CC: return 0x03BF;
	case 0x038E: case 0x03CD: case 0x03B0: case 0x03AB: case 0x03CB:
		return 0x03C5;
	case 0x038F: case 0x03CE: return 0x03C9;
	case 0x03C2: return 0x03C3;	/* final sigma folds to sigma */
	default:
		break;
	}
	if (cp >= 0x0391 && cp <= 0x03A9)
		return cp + 0x20;
	return cp;
}

/* Cyrillic lowercase, with the letters NFKD decomposes made plain. */
static unsigned long
cyrillic(unsigned long cp)
{
	if (cp >= 0x0410 && cp <= 0x042F)
		cp += 0x20;
	else if (cp >= 0x0400 && cp <= 0x040F)
		cp += 0x50;
	else if ((cp & 1) == 0 && ((cp >= 0x0460 && cp <= 0x0481) ||
	    (cp >= 0x048A && cp <= 0x04BF) || (cp >= 0x04D0 && cp <= 0x04FF)))
		cp += 1;
	switch (cp) {
	case 0x0439: return 0x0438;	/* й -> и */
	case 0x0450: case 0x0451: return 0x0435;	/* ѐ ё -> е */
	case 0x0453: return 0x0433;	/* ѓ -> г */
	case 0x0457: return 0x0456;	/* ї -> і */
	case 0x045C: return 0x043A;	/* ќ -> к */
	case 0x045D: return 0x0438;	/* ѝ -> и */
	case 0x045E: return 0x0443;	/* ў -> у */
	default:
		return cp;
	}
}

enum cls {
	C_KEEP,		/* a letter or digit: *out holds its folded form */
	C_SEP,		/* punctuation, symbol, space */
	C_DROP,		/* apostrophes, combining marks, selectors */
	C_AND,		/* "&" */
};

/*
 * Classify cp and fold it.  For C_KEEP, either *str is set (a replacement
 * string) or *out holds one code point.
 */
static enum cls
classify(unsigned long cp, const char **str, unsigned long *out)
{
	*str = NULL;
	*out = cp;
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z') {
			*out = cp + 32;
			return C_KEEP;
		}
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			return C_KEEP;
		if (cp == '\'' || cp == '`')
			return C_DROP;
		if (cp == '&')
			return C_AND;
		return C_SEP;
	}
	if (cp == 0x00B4 || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC ||
	    cp == 0x02B9 || cp == 0x2032)
		return C_DROP;
	if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0xFE00 &&
	    cp <= 0xFE0F) || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
	    cp == 0x00AD || cp == 0xFEFF)
		return C_DROP;
	if (cp >= 0xC0 && cp <= 0xFF) {
		*str = latin1[cp - 0xC0];
		return **str ? C_KEEP : C_SEP;
	}
	if (cp >= 0x100 && cp <= 0x17F) {
		*str = latin_ext_a[cp - 0x100];
		return C_KEEP;
	}
	if (cp < 0xC0) {
		switch (cp) {
		case 0xAA: *str = "a"; return C_KEEP;
		case 0xBA: *str = "o"; return C_KEEP;
		case 0xB9: *str = "1"; return C_KEEP;
		case 0xB2: *str = "2"; return C_KEEP;
		case 0xB3: *str = "3"; return C_KEEP;
		case 0xB5: *out = 0x03BC; return C_KEEP;
		default: return C_SEP;
		}
	}
	switch (cp) {
	case 0x0218: case 0x0219: *str = "s"; return C_KEEP;
	case 0x021A: case 0x021B: *str = "t"; return C_KEEP;
	case 0xFB00: *str = "ff"; return C_KEEP;
	case 0xFB01: *str = "fi"; return C_KEEP;
	case 0xFB02: *str = "fl"; return C_KEEP;
	case 0x2160: case 0x2170: *str = "i"; return C_KEEP;
	case 0x2161: case 0x2171: *str = "ii"; return C_KEEP;
	case 0x2162: case 0x2172: *str = "iii"; return C_KEEP;
	case 0x2163: case 0x2173: *str = "iv"; return C_KEEP;
	case 0x2164: case 0x2174: *str = "v"; return C_KEEP;
	default:
		break;
	}
	if (cp >= 0x0370 && cp <= 0x03FF) {
		if (cp == 0x037E || cp == 0x0387)
			return C_SEP;
		*out = greek(cp);
		return C_KEEP;
	}
	if (cp >= 0x0400 && cp <= 0x04FF) {
		if (cp >= 0x0482 && cp <= 0x0489)
			return C_DROP;
		*out = cyrillic(cp);
		return C_KEEP;
	}
	/* Fullwidth ASCII folds like ASCII (NFKD). */
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return classify(cp - 0xFEE0, str, out);
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF65) ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF) || cp == REPLACEMENT ||
	    (cp >= 0xE000 && cp <= 0xF8FF))
		return C_SEP;
	/* Latin Extended Additional: pairs, uppercase even. */
	if (cp >= 0x1E00 && cp <= 0x1EFF && (cp & 1) == 0 &&
	    !(cp >= 0x1E96 && cp <= 0x1E9F))
		*out = cp + 1;
	return C_KEEP;
}

static char *
norm_impl(const char *s)
{
	struct buf b;
	const char *p, *str;
	unsigned long cp, out;
	int space = 0;

	if (s == NULL)
		return xstrdup("");
	buf_init(&b, strlen(s));
	p = s;
	while ((cp = mr_text_utf8_next(&p)) != 0) {
		switch (classify(cp, &str, &out)) {
		case C_DROP:
			break;
		case C_SEP:
			space = 1;
			break;
		case C_AND:
			if (b.len > 0)
				buf_add(&b, " ", 1);
			buf_add(&b, "and", 3);
			space = 1;
			break;
		case C_KEEP:
			if (space && b.len > 0)
				buf_add(&b, " ", 1);
			space = 0;
			if (str != NULL)
				buf_add(&b, str, strlen(str));
			else
				buf_addcp(&b, out);
			break;
		}
	}
	return b.s;
}

char *
mr_text_norm(const char *s)
{
	return norm_impl(s);
}

int
mr_text_is_article(const char *w)
{
	return w != NULL && (strcmp(w, "the") == 0 || strcmp(w, "a") == 0 ||
	    strcmp(w, "an") == 0);
}

/* Length of a leading article plus its space in normal form n, or 0. */
static size_t
article_len(const char *n)
{
	static const char *const art[] = { "the ", "a ", "an " };
	size_t i, l;

	for (i = 0; i < MR_ARRAY_LEN(art); i++) {
		l = strlen(art[i]);
		if (strncmp(n, art[i], l) == 0 && n[l] != '\0')
			return l;
	}
	return 0;
}

char *
mr_text_norm_key(const char *s)
{
	char *n, *k;

	n = norm_impl(s);
	k = xstrdup(n + article_len(n));
	free(n);
	return k;
}

/* Roman numeral ii..xx as a number, or 0. */
static int
roman(const char *w)
{
	static const char *const r[] = {
		"ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
		"xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii",
		"xix", "xx",
	};
	size_t i;

	for (i = 0; i < MR_ARRAY_LEN(r); i++)
		if (strcmp(w, r[i]) == 0)
			return (int)i + 2;
	return 0;
}

/* Compact form of an already normalised string. */
static char *
compact_norm(const char *n)
{
	struct buf b;
	char **tok = NULL;
	char num[16];
	size_t nt, i;
	int r;

	buf_init(&b, strlen(n));
	nt = mr_text_tokens(n, &tok);
	for (i = 0; i < nt; i++) {
		r = i > 0 ? roman(tok[i]) : 0;
		if (r > 0) {
			(void)snprintf(num, sizeof(num), "%d", r);
			buf_add(&b, num, strlen(num));
		} else
			buf_add(&b, tok[i], strlen(tok[i]));
	}
	mr_text_tokens_free(tok, nt);
	return b.s;
}

char *
mr_text_compact(const char *s)
{
	char *n, *c;

	n = norm_impl(s);
	c = compact_norm(n);
	free(n);
	return c;
}

size_t
mr_text_tokens(const char *norm, char ***out)
{
	const char *p, *q;
	char **v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (norm == NULL)
		return 0;
	p = norm;
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		q = p;
		while (*q != ' ' && *q != '\0')
			q++;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = xstrndup(p, (size_t)(q - p));
		p = q;
	}
	*out = v;
	return n;
}

void
mr_text_tokens_free(char **tok, size_t n)
{
	size_t i;

	if (tok == NULL)
		return;
	for (i = 0; i < n; i++)
		free(tok[i]);
	free(tok);
}

/* Decode s into a new array of code points; *n its length. */
static uint32_t *
codepoints(const char *s, size_t *n)
{
	uint32_t *v;
	size_t len, i = 0;
	unsigned long cp;

	len = s ? strlen(s) : 0;
	v = xmalloc((len + 1) * sizeof(*v));
	while (s != NULL && (cp = mr_text_utf8_next(&s)) != 0)
		v[i++] = (uint32_t)cp;
	*n = i;
	return v;
}

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

size_t
mr_text_distance(const char *a, const char *b, size_t max)
{
	uint32_t *x, *y;
	size_t *r0, *r1, *r2, *t;
	size_t nx, ny, i, j, d, cost, rowmin;

	x = codepoints(a, &nx);
	y = codepoints(b, &ny);
	if (max == 0)
		max = (size_t)-2;
	d = nx > ny ? nx - ny : ny - nx;
	if (d > max) {
		d = max + 1;
		goto out;
	}
	r0 = xcalloc(ny + 1, sizeof(*r0));	/* row i - 2 */
	r1 = xcalloc(ny + 1, sizeof(*r1));	/* row i - 1 */
	r2 = xcalloc(ny + 1, sizeof(*r2));	/* row i */
	for (j = 0; j <= ny; j++)
		r1[j] = j;
	d = ny;
	for (i = 1; i <= nx; i++) {
		r2[0] = i;
		rowmin = i;
		for (j = 1; j <= ny; j++) {
			cost = x[i - 1] == y[j - 1] ? 0 : 1;
			r2[j] = min3(r1[j] + 1, r2[j - 1] + 1,
			    r1[j - 1] + cost);
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
			    x[i - 2] == y[j - 1] && r0[j - 2] + 1 < r2[j])
				r2[j] = r0[j - 2] + 1;
			if (r2[j] < rowmin)
				rowmin = r2[j];
		}
		t = r0;
		r0 = r1;
		r1 = r2;
		r2 = t;
		/* Every later cell is at least the previous row's minimum. */
		if (rowmin > max) {
			d = max + 1;
			break;
		}
		d = r1[ny];
	}
	if (d > max)
		d = max + 1;
	free(r0);
	free(r1);
	free(r2);
out:
	free(x);
	free(y);
	return d;
}

double
mr_text_edit_similarity(const char *a, const char *b)
{
	size_t la, lb, d, m;

	la = mr_text_utf8_len(a);
	lb = mr_text_utf8_len(b);
	m = la > lb ? la : lb;
	if (m == 0)
		return 1.0;
	d = mr_text_distance(a, b, 0);
	return 1.0 - (double)d / (double)m;
}

/* Similarity of two tokens: 1 equal, 0.8 one edit apart (>= 5 each). */
static double
token_pair(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return 1.0;
	if (mr_text_utf8_len(a) >= 5 && mr_text_utf8_len(b) >= 5 &&
	    mr_text_distance(a, b, 1) <= 1)
		return 0.8;
	return 0.0;
}

double
mr_text_token_similarity(const char *a, const char *b)
{
	char **ta = NULL, **tb = NULL;
	unsigned char *used = NULL;
	size_t na, nb, i, j, bj;
	double matched = 0, best, s, res = 0;

	na = mr_text_tokens(a, &ta);
	nb = mr_text_tokens(b, &tb);
	if (na == 0 && nb == 0) {
		res = 1.0;
		goto out;
	}
	if (na == 0 || nb == 0)
		goto out;
	used = xcalloc(nb, 1);
	for (i = 0; i < na; i++) {
		best = 0;
		bj = nb;
		for (j = 0; j < nb; j++) {
			if (used[j])
				continue;
			s = token_pair(ta[i], tb[j]);
			if (s > best) {
				best = s;
				bj = j;
			}
			if (best >= 1.0)
				break;
		}
		if (bj < nb) {
			used[bj] = 1;
			matched += best;
		}
	}
	res = matched / ((double)na + (double)nb - matched);
out:
	free(used);
	mr_text_tokens_free(ta, na);
	mr_text_tokens_free(tb, nb);
	return res;
}

/* Similarity of a one-edit typo in a title of n code points. */
static double
typo_sim(size_t n)
{
	double s = MR_TEXT_SIM_TYPO;

	if (n < 8)
		s -= 0.02 * (double)(8 - n);
	return s;
}

enum mr_text_match
mr_text_title_match_norm(const char *nq, const char *nt, double *sim)
{
	enum mr_text_match m;
	const char *kq, *kt;
	char *cq = NULL, *ct = NULL, *ckq = NULL, *ckt = NULL;
	size_t len;
	double s, es, ts;

	if (nq == NULL)
		nq = "";
	if (nt == NULL)
		nt = "";
	if (*nq == '\0' || *nt == '\0') {
		m = MR_TEXT_NONE;
		s = 0;
		goto out;
	}
	if (strcmp(nq, nt) == 0) {
		m = MR_TEXT_EXACT;
		s = 1.0;
		goto out;
	}
	kq = nq + article_len(nq);
	kt = nt + article_len(nt);
	cq = compact_norm(nq);
	ct = compact_norm(nt);
	ckq = compact_norm(kq);
	ckt = compact_norm(kt);
	if (strcmp(kq, kt) == 0 || strcmp(cq, ct) == 0 ||
	    strcmp(ckq, ckt) == 0) {
		m = MR_TEXT_EQUIV;
		s = MR_TEXT_SIM_EQUIV;
		goto out;
	}
	len = mr_text_utf8_len(ckt);
	if (len >= 5 && (mr_text_distance(cq, ct, 1) <= 1 ||
	    mr_text_distance(ckq, ckt, 1) <= 1)) {
		m = MR_TEXT_TYPO;
		s = typo_sim(len);
		/* An article on one side and a typo too is a bit further. */
		if (mr_text_distance(cq, ct, 1) > 1)
			s -= 0.02;
		goto out;
	}
	/* Edit distance is quadratic: long texts get the token measure. */
	if (strlen(kq) <= MAX_EDIT_BYTES && strlen(kt) <= MAX_EDIT_BYTES)
		es = mr_text_edit_similarity(kq, kt);
	else
		es = 0;
	ts = mr_text_token_similarity(nq, nt);
	s = (es > ts ? es : ts) * MR_TEXT_SIM_PARTIAL;
	m = s > 0 ? MR_TEXT_PARTIAL : MR_TEXT_NONE;
out:
	free(cq);
	free(ct);
	free(ckq);
	free(ckt);
	if (sim != NULL)
		*sim = s;
	return m;
}

enum mr_text_match
mr_text_title_match(const char *q, const char *t, double *sim)
{
	enum mr_text_match m;
	char *nq, *nt;

	nq = norm_impl(q);
	nt = norm_impl(t);
	m = mr_text_title_match_norm(nq, nt, sim);
	free(nq);
	free(nt);
	return m;
}

double
mr_text_title_similarity(const char *q, const char *t)
{
	double s;

	(void)mr_text_title_match(q, t, &s);
	return s;
}
