/*
 * selfcheck.h: the installation check of mr-report --check.  Each check
 * appends results to a JSON array of {"level":"OK"|"WARN"|"FAIL",
 * "what":..., "detail":...}; the tool prints them, one a line.  Details
 * never hold a secret.  Network checks make one cheap call per service
 * (TMDb /configuration, a Spotify token, a one-row MusicBrainz search,
 * *arr system/status plus root folders and profiles).
 */
#ifndef MR_SELFCHECK_H
#define MR_SELFCHECK_H

#include <jansson.h>

#include "mr.h"

struct mr_config;

enum mr_selfcheck_level {
	MR_SELFCHECK_OK = 0,
	MR_SELFCHECK_WARN,
	MR_SELFCHECK_FAIL,
};

/* Append one result to list; detail is printf-like. */
void mr_selfcheck_add(json_t *list, enum mr_selfcheck_level level,
    const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The worst level in list. */
enum mr_selfcheck_level mr_selfcheck_worst(const json_t *list);

/*
 * Does the ini file at path set a secret key (api_key, client_secret,
 * read_access_token...) to a non-empty value?  1 yes, 0 no, -1 when the
 * file cannot be read.
 */
int mr_selfcheck_file_has_secret(const char *path);

/*
 * The config file: its permissions (WARN when it holds a key and others
 * may read it; group-readable is fine) and the loader's warnings.
 */
void mr_selfcheck_config(json_t *list, const struct mr_config *cfg);

/* The database: opens (creating and migrating) it, reports its schema. */
void mr_selfcheck_database(json_t *list, const struct mr_config *cfg);

/*
 * Every configured upstream (TMDb, Spotify, MusicBrainz, in parallel)
 * and every configured *arr section ("sonarr", "radarr:4k"...): reachable,
 * key accepted, the right application, root folders and profiles named
 * in the config exist.
 */
void mr_selfcheck_services(json_t *list, const struct mr_config *cfg);

#endif
