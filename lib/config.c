/*
 * config.c: media-route.ini with inih, MR_<SECTION>_<KEY> overrides, a
 * table of known keys with their types and defaults (DESIGN.md 3.4, 7.4).
 *
 * Lookup of (section, key): a value set with mr_config_set(), then the
 * environment, then the file; for an instance section ("radarr:4k") the
 * same again for the plain section; for the *arr services then [arr],
 * which holds defaults shared by all three; then the table's default.  An
 * empty value counts as unset at every layer.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <ini.h>

#include "config.h"

extern char **environ;

enum ktype {
	K_STR,
	K_SECRET,
	K_PATH,		/* "~/" expanded */
	K_URL,
	K_INT,
	K_DOUBLE,
	K_BOOL,
	K_ENUM,		/* one of choices */
	K_LIST,		/* comma-separated choices */
};

struct keydef {
	const char *section;
	const char *key;
	enum ktype type;
	const char *dflt;
	double min, max;
	const char *const *choices;
};

static const char *const log_levels[] = {
	"error", "warn", "info", "debug", "trace", NULL
};
static const char *const series_types[] = {
	"standard", "daily", "anime", NULL
};
static const char *const sonarr_monitor[] = {
	"all", "future", "missing", "existing", "firstSeason", "lastSeason",
	"latestSeason", "pilot", "recent", "monitorSpecials",
	"unmonitorSpecials", "none", "skip", NULL
};
static const char *const radarr_availability[] = {
	"announced", "inCinemas", "released", NULL
};
static const char *const lidarr_monitor[] = {
	"all", "future", "missing", "existing", "latest", "first", "none",
	NULL
};
static const char *const notify_events[] = {
	"sent", "needs_review", "no_match", "failed", "retrying", "cancelled",
	NULL
};

#define ARR_KEYS(s, port) \
	{ s, "url", K_URL, "http://localhost:" port, 0, 0, NULL }, \
	{ s, "api_key", K_SECRET, NULL, 0, 0, NULL }, \
	{ s, "root_folder", K_STR, NULL, 0, 0, NULL }, \
	{ s, "quality_profile", K_STR, NULL, 0, 0, NULL }, \
	{ s, "search_on_add", K_BOOL, "true", 0, 0, NULL }, \
	{ s, "tag_requester", K_BOOL, NULL, 0, 0, NULL }

static const struct keydef keys[] = {
	{ "database", "path", K_PATH,
	    "~/.local/share/media-route/media-route.db", 0, 0, NULL },
	{ "database", "keep_events_days", K_INT, "400", 1, 36500, NULL },

	{ "tmdb", "api_key", K_SECRET, NULL, 0, 0, NULL },
	{ "tmdb", "read_access_token", K_SECRET, NULL, 0, 0, NULL },
	{ "tmdb", "base_url", K_URL, "https://api.themoviedb.org/3", 0, 0,
	    NULL },
	{ "tmdb", "language", K_STR, "en-US", 0, 0, NULL },
	{ "tmdb", "region", K_STR, NULL, 0, 0, NULL },
	{ "tmdb", "rate", K_DOUBLE, "40", 0.01, 1000, NULL },

	{ "spotify", "client_id", K_STR, NULL, 0, 0, NULL },
	{ "spotify", "client_secret", K_SECRET, NULL, 0, 0, NULL },
	{ "spotify", "base_url", K_URL, "https://api.spotify.com/v1", 0, 0,
	    NULL },
	{ "spotify", "token_url", K_URL,
	    "https://accounts.spotify.com/api/token", 0, 0, NULL },
	{ "spotify", "rate", K_DOUBLE, "5", 0.01, 1000, NULL },

	{ "musicbrainz", "base_url", K_URL, "https://musicbrainz.org/ws/2",
	    0, 0, NULL },
	{ "musicbrainz", "user_agent", K_STR,
	    "media-route/" MR_VERSION " ( admin@example.org )", 0, 0, NULL },
	{ "musicbrainz", "rate", K_DOUBLE, "1", 0.01, 1, NULL },
	{ "musicbrainz", "enabled", K_BOOL, "true", 0, 0, NULL },

	ARR_KEYS("sonarr", "8989"),
	{ "sonarr", "language_profile", K_STR, NULL, 0, 0, NULL },
	{ "sonarr", "series_type", K_ENUM, "standard", 0, 0, series_types },
	{ "sonarr", "anime_root_folder", K_STR, NULL, 0, 0, NULL },
	{ "sonarr", "anime_quality_profile", K_STR, NULL, 0, 0, NULL },
	{ "sonarr", "monitor", K_ENUM, "all", 0, 0, sonarr_monitor },

	ARR_KEYS("radarr", "7878"),
	{ "radarr", "minimum_availability", K_ENUM, "released", 0, 0,
	    radarr_availability },
	{ "radarr", "monitor", K_BOOL, "true", 0, 0, NULL },

	ARR_KEYS("lidarr", "8686"),
	{ "lidarr", "metadata_profile", K_STR, NULL, 0, 0, NULL },
	{ "lidarr", "monitor", K_ENUM, "all", 0, 0, lidarr_monitor },

	{ "arr", "tag_requester", K_BOOL, "false", 0, 0, NULL },

	{ "routing", "min_confidence", K_DOUBLE, "0.6", 0, 1, NULL },
	/* Instance sections ("radarr:4k") that take requests by default. */
	{ "routing", "movie_instance", K_STR, NULL, 0, 0, NULL },
	{ "routing", "tv_instance", K_STR, NULL, 0, 0, NULL },
	{ "routing", "music_instance", K_STR, NULL, 0, 0, NULL },
	{ "routing", "anime_instance", K_STR, NULL, 0, 0, NULL },

	{ "process", "max_attempts", K_INT, "8", 1, 1000, NULL },
	{ "process", "lease_seconds", K_INT, "300", 10, 86400, NULL },

	{ "http", "timeout", K_INT, "20", 1, 600, NULL },
	{ "http", "connect_timeout", K_INT, "5", 1, 300, NULL },
	{ "http", "ca_file", K_PATH, NULL, 0, 0, NULL },
	{ "http", "max_parallel", K_INT, "16", 1, 256, NULL },

	{ "cache", "ttl_search", K_INT, "86400", 0, 315360000, NULL },
	{ "cache", "ttl_details", K_INT, "604800", 0, 315360000, NULL },
	{ "cache", "ttl_negative", K_INT, "3600", 0, 315360000, NULL },

	{ "log", "file", K_PATH, NULL, 0, 0, NULL },
	{ "log", "level", K_ENUM, "warn", 0, 0, log_levels },

	{ "notify", "command", K_STR, NULL, 0, 0, NULL },
	{ "notify", "events", K_LIST, "sent,needs_review,failed", 0, 0,
	    notify_events },
	{ "notify", "timeout", K_INT, "10", 1, 3600, NULL },
};

/* Sections that may have instances: [radarr:4k]. */
static const char *const instance_sections[] = {
	"sonarr", "radarr", "lidarr", NULL
};

static const char *const secret_keys[] = {
	"api_key", "read_access_token", "client_secret", NULL
};

enum layer {
	L_FILE,
	L_SET,
};

struct entry {
	char *section;
	char *key;
	char *value;
	enum layer layer;
};

struct strv {
	char **v;
	size_t n, cap;
};

struct mr_config {
	char *file;
	struct entry *ent;
	size_t nent, capent;
	struct strv env;	/* "MR_X_Y=value", snapshot at load */
	struct strv sections;
	struct strv warnings;
	char *dflt[MR_ARRAY_LEN(keys)];	/* defaults, "~/" expanded */
};

/* Parse state shared by the inih handler and the line reader. */
struct parse {
	struct mr_config *cfg;
	const char *name;
	FILE *fp;
	const char *str;
	size_t off;
	int line;
	int bol;
	int secline;		/* line of the last [section] header */
	int errline;		/* first error line, 0 when none */
	struct mr_err *err;
	int secrets;		/* a non-empty secret was seen */
};

static void
strv_push(struct strv *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

static void
strv_free(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

static int
strv_has(const struct strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 1;
	return 0;
}

static char *
lowerdup(const char *s)
{
	char *p = xstrdup(s), *q;

	for (q = p; *q != '\0'; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

/* The plain section of an instance ("radarr:4k" -> "radarr"), in buf. */
static const char *
plain_section(const char *section, char *buf, size_t len)
{
	const char *colon = strchr(section, ':');

	if (colon == NULL || (size_t)(colon - section) >= len)
		return section;
	memcpy(buf, section, (size_t)(colon - section));
	buf[colon - section] = '\0';
	return buf;
}

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static const struct keydef *
find_key(const char *section, const char *key)
{
	char buf[64];
	const char *plain = plain_section(section, buf, sizeof(buf));
	size_t i;

	if (plain != section && !in_list(instance_sections, plain))
		return NULL;
	for (i = 0; i < MR_ARRAY_LEN(keys); i++)
		if (strcmp(keys[i].section, plain) == 0 &&
		    strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

static int
known_section(const char *section)
{
	char buf[64];
	const char *plain = plain_section(section, buf, sizeof(buf));
	size_t i;

	if (plain != section && (!in_list(instance_sections, plain) ||
	    section[strlen(plain) + 1] == '\0'))
		return 0;
	for (i = 0; i < MR_ARRAY_LEN(keys); i++)
		if (strcmp(keys[i].section, plain) == 0)
			return 1;
	return 0;
}

/* "MR_" + SECTION + "_" + KEY, upper case, non-alphanumerics as '_'. */
static char *
env_name(const char *section, const char *key)
{
	char *name = xasprintf("MR_%s_%s", section, key), *p;

	for (p = name; *p != '\0'; p++) {
		if (isalnum((unsigned char)*p))
			*p = (char)toupper((unsigned char)*p);
		else
			*p = '_';
	}
	return name;
}

/* Expand a leading "~/" with $HOME; a new string. */
static char *
expand_home(const char *v)
{
	const char *home;

	if (v == NULL)
		return NULL;
	home = getenv("HOME");
	if (v[0] == '~' && v[1] == '/' && home != NULL && *home != '\0')
		return xasprintf("%s%s", home, v + 1);
	return xstrdup(v);
}

static int
parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1", NULL };
	static const char *const no[] = { "false", "no", "off", "0", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static const char *
find_choice(const char *const *choices, const char *v, size_t len)
{
	for (; *choices != NULL; choices++)
		if (strlen(*choices) == len &&
		    strncasecmp(*choices, v, len) == 0)
			return *choices;
	return NULL;
}

static int
valid_url(const char *v)
{
	const char *host, *p;

	if (strncasecmp(v, "http://", 7) == 0)
		host = v + 7;
	else if (strncasecmp(v, "https://", 8) == 0)
		host = v + 8;
	else
		return 0;
	if (*host == '\0' || *host == '/' || *host == ':' || *host == '?')
		return 0;
	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || (unsigned char)*p == 0x7f)
			return 0;
	return 1;
}

static void
choices_text(const char *const *choices, char *buf, size_t len)
{
	size_t off = 0;
	int n;

	buf[0] = '\0';
	for (; *choices != NULL && off < len; choices++) {
		n = snprintf(buf + off, len - off, "%s%s", off ? ", " : "",
		    *choices);
		if (n < 0)
			break;
		off += (size_t)n;
	}
}

/*
 * Check v against kd.  Returns 0, with *canon set to a canonical spelling
 * for enums (NULL: keep v), or -1 with a message in msg.  Secrets are
 * never checked, so never quoted.
 */
static int
check_value(const struct keydef *kd, const char *v, char **canon, char *msg,
    size_t len)
{
	char choices[256];
	const char *c, *p, *comma;
	char *out = NULL;
	long l;
	double d;
	int b, rc = -1;

	*canon = NULL;
	if (*v == '\0')
		return 0;
	switch (kd->type) {
	case K_STR:
	case K_SECRET:
	case K_PATH:
		rc = 0;
		break;
	case K_URL:
		if (valid_url(v))
			rc = 0;
		else
			snprintf(msg, len, "\"%.80s\" is not an http:// or "
			    "https:// URL", v);
		break;
	case K_INT:
		if (mr_parse_long(v, (long)kd->min, (long)kd->max, &l) == 0)
			rc = 0;
		else
			snprintf(msg, len, "\"%.80s\" is not a number from "
			    "%ld to %ld", v, (long)kd->min, (long)kd->max);
		break;
	case K_DOUBLE:
		if (mr_parse_double(v, kd->min, kd->max, &d) == 0)
			rc = 0;
		else
			snprintf(msg, len, "\"%.80s\" is not a number from "
			    "%g to %g", v, kd->min, kd->max);
		break;
	case K_BOOL:
		if (parse_bool(v, &b) == 0)
			rc = 0;
		else
			snprintf(msg, len, "\"%.80s\" is not true or false "
			    "(also yes/no, on/off, 1/0)", v);
		break;
	case K_ENUM:
		if ((c = find_choice(kd->choices, v, strlen(v))) != NULL) {
			*canon = xstrdup(c);
			rc = 0;
			break;
		}
		choices_text(kd->choices, choices, sizeof(choices));
		snprintf(msg, len, "\"%.80s\" is not one of: %s", v, choices);
		break;
	case K_LIST:
		out = xstrdup("");
		for (p = v;; p = comma + 1) {
			char *tmp;
			size_t n;

			while (*p == ' ' || *p == '\t')
				p++;
			comma = strchr(p, ',');
			n = comma ? (size_t)(comma - p) : strlen(p);
			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
				n--;
			if (n > 0) {
				c = find_choice(kd->choices, p, n);
				if (c == NULL) {
					choices_text(kd->choices, choices,
					    sizeof(choices));
					snprintf(msg, len, "\"%.*s\" is not "
					    "one of: %s",
					    (int)(n > 80 ? 80 : n), p,
					    choices);
					goto out;
				}
				tmp = xasprintf("%s%s%s", out,
				    *out ? "," : "", c);
				free(out);
				out = tmp;
			}
			if (comma == NULL)
				break;
		}
		*canon = out;
		out = NULL;
		rc = 0;
		break;
	}
out:
	free(out);
	return rc;
}

static void
add_entry(struct mr_config *cfg, const char *section, const char *key,
    const char *value, enum layer layer)
{
	const struct keydef *kd;
	struct entry *e;

	if (cfg->nent == cfg->capent) {
		cfg->capent = cfg->capent ? cfg->capent * 2 : 32;
		cfg->ent = xrealloc(cfg->ent, cfg->capent * sizeof(*cfg->ent));
	}
	e = &cfg->ent[cfg->nent++];
	e->section = lowerdup(section);
	e->key = lowerdup(key);
	kd = find_key(e->section, e->key);
	if (kd != NULL && kd->type == K_PATH)
		e->value = expand_home(value);
	else
		e->value = xstrdup(value);
	e->layer = layer;
	if (!strv_has(&cfg->sections, e->section))
		strv_push(&cfg->sections, xstrdup(e->section));
}

static void
warn_add(struct mr_config *cfg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
warn_add(struct mr_config *cfg, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strv_push(&cfg->warnings, xvasprintf(fmt, ap));
	va_end(ap);
}

/* An fgets for inih that counts lines (a long line may come in parts). */
static char *
read_line(char *buf, int num, void *stream)
{
	struct parse *p = stream;
	char *r = NULL;
	size_t n, max;
	const char *nl;

	if (num < 2)
		return NULL;
	if (p->fp != NULL) {
		r = fgets(buf, num, p->fp);
		n = r ? strlen(buf) : 0;
	} else {
		if (p->str[p->off] == '\0')
			return NULL;
		max = (size_t)num - 1;
		nl = strchr(p->str + p->off, '\n');
		n = nl ? (size_t)(nl - (p->str + p->off)) + 1 :
		    strlen(p->str + p->off);
		if (n > max)
			n = max;
		memcpy(buf, p->str + p->off, n);
		buf[n] = '\0';
		p->off += n;
		r = buf;
	}
	if (r == NULL)
		return NULL;
	if (p->bol) {
		p->line++;
		if (buf[strspn(buf, " \t")] == '[')
			p->secline = p->line;
	}
	p->bol = n > 0 && buf[n - 1] == '\n';
	return r;
}

static void
parse_error(struct parse *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
parse_error(struct parse *p, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (p->errline != 0 && p->errline <= line)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->errline = line;
	mr_err_set(p->err, MR_ECONFIG, 0, "config.invalid", "%s:%d: %s",
	    p->name, line, msg);
}

/*
 * The value without its comment: " ;" (or ";" first) starts one, except
 * inside a double-quoted value, whose quotes are dropped.  A new string.
 */
static char *
strip_value(const char *v)
{
	const char *end;
	size_t n;

	if (v[0] == '"' && (end = strchr(v + 1, '"')) != NULL)
		return xstrndup(v + 1, (size_t)(end - v - 1));
	for (end = v; *end != '\0'; end++)
		if (*end == ';' && (end == v || end[-1] == ' ' ||
		    end[-1] == '\t'))
			break;
	n = (size_t)(end - v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	return xstrndup(v, n);
}

static int
on_value(void *user, const char *section, const char *key, const char *value)
{
	struct parse *p = user;
	const struct keydef *kd;
	char *sec = lowerdup(section), *k = lowerdup(key), *canon = NULL;
	char *unq = NULL, msg[400];

	value = unq = strip_value(value);

	if (*sec == '\0') {
		warn_add(p->cfg, "%s:%d: %s: key outside any section, ignored",
		    p->name, p->line, k);
		goto out;
	}
	if (!known_section(sec)) {
		if (!strv_has(&p->cfg->sections, sec))
			warn_add(p->cfg, "%s:%d: [%s]: unknown section",
			    p->name, p->secline, sec);
		add_entry(p->cfg, sec, k, value, L_FILE);
		goto out;
	}
	kd = find_key(sec, k);
	if (kd == NULL) {
		warn_add(p->cfg, "%s:%d: [%s] %s: unknown key", p->name,
		    p->line, sec, k);
		add_entry(p->cfg, sec, k, value, L_FILE);
		goto out;
	}
	if (check_value(kd, value, &canon, msg, sizeof(msg)) != 0) {
		parse_error(p, p->line, "[%s] %s: %s", sec, k, msg);
		goto out;
	}
	if (kd->type == K_SECRET && *value != '\0')
		p->secrets = 1;
	add_entry(p->cfg, sec, k, canon ? canon : value, L_FILE);
out:
	free(canon);
	free(unq);
	free(sec);
	free(k);
	return 1;
}

/*
 * Find the keydef an MR_* variable names, with its section: an exact
 * MR_<SECTION>_<KEY>, else MR_<ARR>_<INSTANCE>_<KEY> with the longest key
 * that fits (so MR_SONARR_ANIME_ROOT_FOLDER is not instance "anime").
 */
static const struct keydef *
env_key(const char *name, size_t namelen, char **section)
{
	const struct keydef *kd = NULL;
	char *full, *inst;
	size_t i, plen, klen;

	*section = NULL;
	for (i = 0; i < MR_ARRAY_LEN(keys) && kd == NULL; i++) {
		full = env_name(keys[i].section, keys[i].key);
		if (strlen(full) == namelen &&
		    memcmp(full, name, namelen) == 0)
			kd = &keys[i];
		free(full);
	}
	if (kd != NULL) {
		*section = xstrdup(kd->section);
		return kd;
	}
	for (i = 0; i < MR_ARRAY_LEN(keys); i++) {
		if (!in_list(instance_sections, keys[i].section))
			continue;
		inst = env_name(keys[i].section, "");
		plen = strlen(inst);
		klen = strlen(keys[i].key);
		if (namelen > plen + klen + 1 &&
		    memcmp(name, inst, plen) == 0 &&
		    name[namelen - klen - 1] == '_' &&
		    strncasecmp(name + namelen - klen, keys[i].key,
		    klen) == 0 && (kd == NULL || klen > strlen(kd->key)))
			kd = &keys[i];
		free(inst);
	}
	if (kd != NULL) {
		plen = strlen(kd->section) + 4;
		klen = strlen(kd->key);
		*section = lowerdup(name + plen);
		(*section)[namelen - plen - klen - 1] = '\0';
		full = xasprintf("%s:%s", kd->section, *section);
		free(*section);
		*section = full;
	}
	return kd;
}

/*
 * Snapshot MR_* variables, validating those that name known keys and
 * expanding "~/" in path keys.
 */
static enum mr_rc
load_env(struct mr_config *cfg, struct mr_err *err)
{
	const struct keydef *kd;
	char **ep, *section, *canon, *v, *sec;
	const char *eq;
	char msg[400];
	enum mr_rc rc = MR_OK;

	for (ep = environ; ep != NULL && *ep != NULL; ep++) {
		if (strncmp(*ep, "MR_", 3) != 0 ||
		    (eq = strchr(*ep, '=')) == NULL)
			continue;
		kd = env_key(*ep, (size_t)(eq - *ep), &section);
		if (kd == NULL)
			continue;
		canon = NULL;
		if (check_value(kd, eq + 1, &canon, msg, sizeof(msg)) != 0) {
			sec = lowerdup(section);
			if (rc == MR_OK)
				rc = mr_err_set(err, MR_ECONFIG, 0,
				    "config.invalid", "%.*s: [%s] %s: %s",
				    (int)(eq - *ep), *ep, sec, kd->key, msg);
			free(sec);
		} else if (canon != NULL) {
			strv_push(&cfg->env, xasprintf("%.*s%s",
			    (int)(eq - *ep + 1), *ep, canon));
		} else if (kd->type == K_PATH) {
			v = expand_home(eq + 1);
			strv_push(&cfg->env, xasprintf("%.*s%s",
			    (int)(eq - *ep + 1), *ep, v));
			free(v);
		} else {
			strv_push(&cfg->env, xstrdup(*ep));
		}
		free(canon);
		free(section);
	}
	return rc;
}

static struct mr_config *
config_new(void)
{
	struct mr_config *cfg = xcalloc(1, sizeof(*cfg));
	size_t i;

	for (i = 0; i < MR_ARRAY_LEN(keys); i++)
		if (keys[i].dflt != NULL)
			cfg->dflt[i] = keys[i].type == K_PATH ?
			    expand_home(keys[i].dflt) : xstrdup(keys[i].dflt);
	return cfg;
}

struct mr_config *
mr_config_new_empty(void)
{
	struct mr_config *cfg = config_new();
	struct mr_err err;

	/* Invalid environment values are dropped here: no way to report. */
	(void)load_env(cfg, &err);
	return cfg;
}

void
mr_config_free(struct mr_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->nent; i++) {
		free(cfg->ent[i].section);
		free(cfg->ent[i].key);
		free(cfg->ent[i].value);
	}
	free(cfg->ent);
	for (i = 0; i < MR_ARRAY_LEN(keys); i++)
		free(cfg->dflt[i]);
	strv_free(&cfg->env);
	strv_free(&cfg->sections);
	strv_free(&cfg->warnings);
	free(cfg->file);
	free(cfg);
}

/* Parse from p->fp or p->str into a new config. */
static enum mr_rc
parse(struct parse *p, struct mr_config **out, struct mr_err *err)
{
	struct mr_config *cfg = config_new();
	enum mr_rc rc = MR_OK;
	int r;

	mr_err_clear(err);
	p->cfg = cfg;
	p->line = 0;
	p->bol = 1;
	p->errline = 0;
	p->err = err;
	p->secrets = 0;
	/*
	 * Debian builds inih with a 200-byte line buffer on the stack, which
	 * cuts TMDb read access tokens; use a growing heap buffer instead.
	 */
	ini_use_stack = 0;
	ini_allow_realloc = 1;
	ini_max_line = 8192;
	ini_allow_multiline = 0;
	/* Comments are cut in strip_value(), which knows about quotes. */
	ini_allow_inline_comments = 0;
	r = ini_parse_stream(read_line, p, on_value, p);
	if (r == -2) {
		rc = mr_err_set(err, MR_ECONFIG, 0, "config.read",
		    "%s: out of memory", p->name);
		goto out;
	}
	if (r > 0)
		parse_error(p, r, "syntax error: expected [section] or "
		    "key = value");
	if (p->errline != 0) {
		rc = MR_ECONFIG;
		goto out;
	}
	if (p->fp != NULL && ferror(p->fp)) {
		rc = mr_err_set(err, MR_ECONFIG, 0, "config.read",
		    "%s: read error: %s", p->name, strerror(errno));
		goto out;
	}
	rc = load_env(cfg, err);
out:
	if (rc != MR_OK) {
		mr_config_free(cfg);
		cfg = NULL;
	}
	*out = cfg;
	return rc;
}

enum mr_rc
mr_config_load_string(const char *text, const char *name,
    struct mr_config **out, struct mr_err *err)
{
	struct parse p;

	memset(&p, 0, sizeof(p));
	p.name = name ? name : "<string>";
	p.str = text ? text : "";
	return parse(&p, out, err);
}

/* Open path; *fp NULL and MR_OK when it does not exist and may not. */
static enum mr_rc
open_file(const char *path, int must, FILE **fp, struct mr_err *err)
{
	*fp = fopen(path, "r");
	if (*fp != NULL)
		return MR_OK;
	if (errno == ENOENT && !must)
		return MR_OK;
	return mr_err_set(err, MR_ECONFIG, 0, "config.read", "%s: %s", path,
	    strerror(errno));
}

enum mr_rc
mr_config_load(const char *path, struct mr_config **out,
    struct mr_err *err)
{
	struct mr_config *cfg = NULL;
	struct parse p;
	struct stat st;
	char *cand = NULL;
	const char *env, *home;
	FILE *fp = NULL;
	enum mr_rc rc;

	mr_err_clear(err);
	*out = NULL;
	if (path != NULL) {
		rc = open_file(path, 1, &fp, err);
	} else if ((env = getenv("MEDIA_ROUTE_CONFIG")) != NULL &&
	    *env != '\0') {
		path = env;
		rc = open_file(path, 1, &fp, err);
	} else {
		env = getenv("XDG_CONFIG_HOME");
		home = getenv("HOME");
		if (env != NULL && *env == '/')
			cand = xasprintf("%s/media-route/media-route.ini",
			    env);
		else if (home != NULL && *home != '\0')
			cand = xasprintf("%s/.config/media-route/"
			    "media-route.ini", home);
		rc = MR_OK;
		if (cand != NULL) {
			path = cand;
			rc = open_file(path, 0, &fp, err);
		}
		if (rc == MR_OK && fp == NULL) {
			path = "/etc/media-route.ini";
			rc = open_file(path, 0, &fp, err);
		}
	}
	if (rc != MR_OK)
		goto out;
	if (fp == NULL) {
		cfg = config_new();
		rc = load_env(cfg, err);
		goto out;
	}
	memset(&p, 0, sizeof(p));
	p.name = path;
	p.fp = fp;
	rc = parse(&p, &cfg, err);
	if (rc != MR_OK)
		goto out;
	cfg->file = xstrdup(path);
	if (p.secrets && fstat(fileno(fp), &st) == 0 &&
	    (st.st_mode & S_IROTH))
		warn_add(cfg, "%s: holds secrets but is readable by others "
		    "(chmod o-r %s)", path, path);
out:
	if (fp != NULL)
		fclose(fp);
	free(cand);
	if (rc != MR_OK) {
		mr_config_free(cfg);
		cfg = NULL;
	}
	*out = cfg;
	return rc;
}

const char *
mr_config_file(const struct mr_config *cfg)
{
	return cfg->file;
}

const char *
mr_config_warning(const struct mr_config *cfg, size_t i)
{
	return i < cfg->warnings.n ? cfg->warnings.v[i] : NULL;
}

static const char *
env_lookup(const struct mr_config *cfg, const char *section, const char *key)
{
	const struct keydef *kd;
	char *name = env_name(section, key), *sec = NULL, *a, *b;
	size_t i, n = strlen(name);
	const char *v = NULL;

	for (i = 0; i < cfg->env.n && v == NULL; i++)
		if (strncmp(cfg->env.v[i], name, n) == 0 &&
		    cfg->env.v[i][n] == '=')
			v = cfg->env.v[i] + n + 1;
	if (v != NULL && strchr(section, ':') != NULL) {
		/*
		 * MR_SONARR_ANIME_ROOT_FOLDER is [sonarr] anime_root_folder,
		 * not [sonarr:anime] root_folder.
		 */
		kd = env_key(name, n, &sec);
		a = env_name(section, "");
		b = env_name(sec ? sec : "", "");
		if (kd == NULL || strcmp(a, b) != 0)
			v = NULL;
		free(a);
		free(b);
		free(sec);
	}
	free(name);
	return v;
}

static const char *
entry_lookup(const struct mr_config *cfg, const char *section,
    const char *key, enum layer layer)
{
	size_t i;

	for (i = cfg->nent; i-- > 0;) {
		const struct entry *e = &cfg->ent[i];

		if (e->layer == layer && *e->value != '\0' &&
		    strcasecmp(e->section, section) == 0 &&
		    strcasecmp(e->key, key) == 0)
			return e->value;
	}
	return NULL;
}

static const char *
lookup_in(const struct mr_config *cfg, const char *section, const char *key)
{
	const char *v;

	if ((v = entry_lookup(cfg, section, key, L_SET)) != NULL)
		return v;
	if ((v = env_lookup(cfg, section, key)) != NULL && *v != '\0')
		return v;
	return entry_lookup(cfg, section, key, L_FILE);
}

const char *
mr_config_str(const struct mr_config *cfg, const char *section,
    const char *key)
{
	char buf[64];
	const char *plain, *v;
	const struct keydef *kd;

	if (cfg == NULL || section == NULL || key == NULL)
		return NULL;
	if ((v = lookup_in(cfg, section, key)) != NULL)
		return v;
	plain = plain_section(section, buf, sizeof(buf));
	if (plain != section && (v = lookup_in(cfg, plain, key)) != NULL)
		return v;
	kd = find_key(plain, key);
	if (kd != NULL && cfg->dflt[kd - keys] != NULL)
		return cfg->dflt[kd - keys];
	if (in_list(instance_sections, plain) &&
	    (kd = find_key("arr", key)) != NULL) {
		if ((v = lookup_in(cfg, "arr", key)) != NULL)
			return v;
		return cfg->dflt[kd - keys];
	}
	return kd != NULL ? cfg->dflt[kd - keys] : NULL;
}

char *
mr_config_strdup(const struct mr_config *cfg, const char *section,
    const char *key)
{
	const char *v = mr_config_str(cfg, section, key);

	return v != NULL && *v != '\0' ? xstrdup(v) : NULL;
}

long
mr_config_long(const struct mr_config *cfg, const char *section,
    const char *key, long dflt)
{
	const char *v = mr_config_str(cfg, section, key);
	long l;

	if (v == NULL || mr_parse_long(v, -0x7fffffffL - 1, 0x7fffffffL,
	    &l) != 0)
		return dflt;
	return l;
}

double
mr_config_double(const struct mr_config *cfg, const char *section,
    const char *key, double dflt)
{
	const char *v = mr_config_str(cfg, section, key);
	double d;

	if (v == NULL || mr_parse_double(v, -1e300, 1e300, &d) != 0)
		return dflt;
	return d;
}

int
mr_config_bool(const struct mr_config *cfg, const char *section,
    const char *key, int dflt)
{
	const char *v = mr_config_str(cfg, section, key);
	int b;

	if (v == NULL || parse_bool(v, &b) != 0)
		return dflt;
	return b;
}

int
mr_config_has_section(const struct mr_config *cfg, const char *section)
{
	char buf[64];
	const char *plain = plain_section(section, buf, sizeof(buf));
	const char *rest, *eq;
	char *prefix, *name;
	size_t i, k, n;
	int found = 0;

	for (i = 0; i < cfg->nent && !found; i++)
		if (strcasecmp(cfg->ent[i].section, section) == 0)
			found = 1;
	prefix = env_name(section, "");
	n = strlen(prefix);
	for (i = 0; i < cfg->env.n && !found; i++) {
		if (strncmp(cfg->env.v[i], prefix, n) != 0)
			continue;
		rest = cfg->env.v[i] + n;
		eq = strchr(rest, '=');
		if (eq == NULL || eq[1] == '\0')
			continue;
		for (k = 0; k < MR_ARRAY_LEN(keys) && !found; k++) {
			if (strcmp(keys[k].section, plain) != 0)
				continue;
			name = env_name("", keys[k].key);
			/* name is "MR___KEY": compare the KEY part */
			if (strlen(name + 4) == (size_t)(eq - rest) &&
			    memcmp(name + 4, rest, (size_t)(eq - rest)) == 0)
				found = 1;
			free(name);
		}
	}
	free(prefix);
	return found;
}

const char *
mr_config_section(const struct mr_config *cfg, size_t i)
{
	return i < cfg->sections.n ? cfg->sections.v[i] : NULL;
}

void
mr_config_set(struct mr_config *cfg, const char *section, const char *key,
    const char *value)
{
	size_t i, j;

	/* Drop earlier settings, so that setting "" unsets. */
	for (i = 0, j = 0; i < cfg->nent; i++) {
		if (cfg->ent[i].layer == L_SET &&
		    strcasecmp(cfg->ent[i].section, section) == 0 &&
		    strcasecmp(cfg->ent[i].key, key) == 0) {
			free(cfg->ent[i].section);
			free(cfg->ent[i].key);
			free(cfg->ent[i].value);
		} else {
			cfg->ent[j++] = cfg->ent[i];
		}
	}
	cfg->nent = j;
	add_entry(cfg, section, key, value ? value : "", L_SET);
}

int
mr_config_is_secret(const char *key)
{
	size_t i;

	if (key == NULL)
		return 0;
	for (i = 0; secret_keys[i] != NULL; i++)
		if (strcasecmp(key, secret_keys[i]) == 0)
			return 1;
	return 0;
}
