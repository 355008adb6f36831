/*
 * log.h: diagnostics for people.  One process-wide sink chosen by the tool
 * (stderr or [log] file).  Lines look like
 *   mr-process: warn: sonarr: HTTP 503 for /api/v3/series/lookup
 * (with a UTC timestamp when the sink is a file).  Messages must not carry
 * secrets; mr_log() additionally passes each line through
 * mr_log_redact(), which masks api_key=, apikey=, token=, access_token=
 * values and Authorization/X-Api-Key header values.
 * State changes of requests are recorded in the events table (requests
 * module), not only here.
 */
#ifndef MR_LOG_H
#define MR_LOG_H

#include <stdio.h>

enum mr_log_level {
	MR_LOG_ERROR = 0,
	MR_LOG_WARN,
	MR_LOG_INFO,
	MR_LOG_DEBUG,
	MR_LOG_TRACE,
};

/* Set the program name, the threshold and the sink (NULL: stderr). */
void mr_log_init(const char *prog, enum mr_log_level level, FILE *sink);

/* Open path for appending as the sink; returns 0 or -1 (errno set). */
int mr_log_open_file(const char *path);

void mr_log_set_level(enum mr_log_level level);
enum mr_log_level mr_log_get_level(void);

/* Parse "error|warn|info|debug|trace"; -1 when unknown. */
int mr_log_level_parse(const char *s);

void mr_log(enum mr_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define mr_log_error(...) mr_log(MR_LOG_ERROR, __VA_ARGS__)
#define mr_log_warn(...)  mr_log(MR_LOG_WARN, __VA_ARGS__)
#define mr_log_info(...)  mr_log(MR_LOG_INFO, __VA_ARGS__)
#define mr_log_debug(...) mr_log(MR_LOG_DEBUG, __VA_ARGS__)

/*
 * Copy s into a new string with secret values masked as "***": query
 * parameters api_key, apikey, token, access_token, client_secret (any
 * case) and the values of Authorization / X-Api-Key headers.  Caller
 * frees.
 */
char *mr_log_redact(const char *s);

/* Close a file sink (back to stderr). */
void mr_log_close(void);

#endif
