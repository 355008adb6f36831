/*
 * config.h: media-route.ini (DESIGN.md 3.4, 7.4), read with inih.
 *
 * Lookup order: the explicit path (-c), $MEDIA_ROUTE_CONFIG,
 * $XDG_CONFIG_HOME/media-route/media-route.ini (default ~/.config/...),
 * /etc/media-route.ini.  No file at all is not an error (environment and
 * defaults still apply); an explicit path that cannot be read is.
 * Every key may be overridden by MR_<SECTION>_<KEY> (upper case; ':' and
 * other non-alphanumerics in a section name become '_', so [radarr:4k]
 * url is MR_RADARR_4K_URL).  Values starting with "~/" are expanded for
 * path keys.  Known keys are validated (type, range, URL syntax) at load;
 * errors name the file, line and key and return MR_ECONFIG.
 */
#ifndef MR_CONFIG_H
#define MR_CONFIG_H

#include "mr.h"

struct mr_config;

/*
 * Load the configuration.  path may be NULL (search the lookup order).
 * On success *out is a new config (mr_config_free it).  Warnings (a file
 * holding a key that is world-readable, an unknown key) are appended to
 * the warnings list, which the tool prints; see mr_config_warning().
 */
enum mr_rc mr_config_load(const char *path, struct mr_config **out,
    struct mr_err *err);

/* An empty config (defaults + environment overrides only); for tests. */
struct mr_config *mr_config_new_empty(void);

/* Parse an ini text as if read from file name (for tests and fuzzing). */
enum mr_rc mr_config_load_string(const char *text, const char *name,
    struct mr_config **out, struct mr_err *err);

void mr_config_free(struct mr_config *cfg);

/* The file that was read, or NULL when none was found. */
const char *mr_config_file(const struct mr_config *cfg);

/* Warnings gathered while loading: index 0.. until NULL. */
const char *mr_config_warning(const struct mr_config *cfg, size_t i);

/*
 * Values, after environment overrides and defaults.  A key that is unset
 * and has no default gives NULL (str) or the documented default.  The
 * returned string is owned by cfg.  section may name an instance
 * ("radarr:4k"); its unset keys fall back to the plain section ("radarr").
 */
const char *mr_config_str(const struct mr_config *cfg, const char *section,
    const char *key);
long mr_config_long(const struct mr_config *cfg, const char *section,
    const char *key, long dflt);
double mr_config_double(const struct mr_config *cfg, const char *section,
    const char *key, double dflt);
int mr_config_bool(const struct mr_config *cfg, const char *section,
    const char *key, int dflt);

/* A copy of mr_config_str() for the caller to free; NULL when unset. */
char *mr_config_strdup(const struct mr_config *cfg, const char *section,
    const char *key);

/* Is anything set (file or environment) in this section? */
int mr_config_has_section(const struct mr_config *cfg, const char *section);

/* Section names present in the file, in file order: index 0.. until NULL. */
const char *mr_config_section(const struct mr_config *cfg, size_t i);

/* Set a value (tests, and tools applying command-line overrides). */
void mr_config_set(struct mr_config *cfg, const char *section,
    const char *key, const char *value);

/* Is this (section, key) a secret that must never be printed? */
int mr_config_is_secret(const char *key);

#endif
