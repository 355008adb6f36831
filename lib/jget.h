/*
 * jget.h: tolerant readers for upstream JSON.  Every getter accepts a
 * NULL or wrongly typed object and returns the "absent" value, so parsers
 * of optional fields stay short.
 */
#ifndef MR_JGET_H
#define MR_JGET_H

#include <jansson.h>

/* String member or NULL (also for JSON null, numbers, missing). */
const char *mr_jstr(const json_t *obj, const char *key);

/* Numeric member as double; *present (may be NULL) says if it was one. */
double mr_jnum(const json_t *obj, const char *key, int *present);

/* Integer member (a JSON integer, or a real with no fraction); dflt else. */
long mr_jlong(const json_t *obj, const char *key, long dflt);

/* Array member or NULL. */
json_t *mr_jarr(const json_t *obj, const char *key);

/* Object member or NULL. */
json_t *mr_jobj(const json_t *obj, const char *key);

/* Parse a body into a JSON value; NULL when it is not JSON. */
json_t *mr_jparse(const char *body, size_t len);

#endif
