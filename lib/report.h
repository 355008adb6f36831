/*
 * report.h: what happened to the requests over a time window (the
 * weekly report of mr-report).  A store module: it reads the requests
 * and events tables of migrations/0001-init.sql and never writes.
 *
 * The report is one JSON object (a new reference):
 *   window          {"since","until"}  UTC "YYYY-MM-DD HH:MM:SS", since
 *                   included, until excluded; requests count by
 *                   requested_at, events by their time
 *   total           requests in the window
 *   by_status       {status: n} for every status (zeros included)
 *   by_service      {service: n}: arr_service, "service:instance" when
 *                   arr_instance names another instance
 *   success         {"sent","total","rate"}: rate = sent / total, null
 *                   when total is 0
 *   routing         {"auto","needs_review","overridden"}: sent without an
 *                   override; now NeedsReview without one; with at least
 *                   one override: an events row 'override', or
 *                   'reclassified' whose detail (the best) has "manual":
 *                   true (what mr-reclassify -s/-e and -o record)
 *   confidence      {"count","mean","bins"{"0.0-0.1": n, ... "0.9-1.0"}}
 *                   (a score of exactly 1.0 falls in the last bin)
 *   time_to_sent_s  {"count","median","p90","max"}: sent_at - requested_at
 *                   of sent requests, seconds; percentiles interpolate
 *                   linearly between ranks (the median of 1,2,3,4 is 2.5)
 *   retries         {"requests","events"}: requests with attempts > 1 or
 *                   a 'retry'/'retrying' event; those events of the
 *                   window's requests
 *   upstream        {service: {"calls","errors","latency_ms_median",
 *                   "latency_ms_p90","latency_ms_max"}} from events
 *                   'upstream' with detail {"service","status",
 *                   "latency_ms"}; an error is status 0, null or >= 400
 *   lowest_confidence  up to opts.list rows with confidence below
 *                   opts.low_threshold, lowest first: {"id","title",
 *                   "status","arr_service","confidence"}
 *   failed          up to opts.list Failed requests, latest first:
 *                   {"id","title","attempts","updated_at","last_error"}
 */
#ifndef MR_REPORT_H
#define MR_REPORT_H

#include <time.h>

#include <jansson.h>

#include "mr.h"

struct mr_db;

struct mr_report_opts {
	time_t since;		/* window start, included */
	time_t until;		/* window end, excluded */
	int list;		/* rows in the two lists, default 10 */
	double low_threshold;	/* "low" below this, default 0.6 */
};

enum mr_report_format {
	MR_REPORT_TEXT = 0,	/* for terminals and cron mail */
	MR_REPORT_JSON,		/* the object, one line */
	MR_REPORT_CSV,		/* metric,key,value rows */
};

/* Defaults: the 7 days ending at now. */
void mr_report_opts_init(struct mr_report_opts *o, time_t now);

/*
 * Build the report over db.  *out receives a new reference.  MR_EDB or
 * MR_EBUSY (err filled) when a query fails; MR_EINVAL when since is not
 * before until.
 */
enum mr_rc mr_report_build(struct mr_db *db, const struct mr_report_opts *o,
    json_t **out, struct mr_err *err);

/*
 * Render a report built above as text, JSON (one line with a final
 * newline) or CSV.  Returns a new string the caller frees.
 *
 * CSV: a header "metric,key,value", then one row per scalar of the JSON
 * object: key is the member name, metric the dotted path to the object
 * holding it (list entries are named by their "id"), so "by_status,
 * Pending,3", "upstream.tmdb,errors,2", "failed.17,last_error,...".  A top
 * level number has an empty key ("total,,42"); null is an empty value.
 * Fields are quoted as RFC 4180 when they need it.
 */
char *mr_report_render(const json_t *report, enum mr_report_format fmt);

/* Parse "text", "json" or "csv"; -1 when unknown. */
int mr_report_format_parse(const char *s);

/*
 * Parse an ISO 8601 date or UTC time: "2026-11-01", "2026-11-01T12:00:00Z"
 * (also with a space, without seconds or "Z", or with +HH:MM / -HH:MM).
 * A bare date means its midnight UTC; with end_of_day it means the next
 * midnight (so --until 2026-11-01 includes that day).  Returns 0, or -1
 * when s is not such a date.
 */
int mr_report_parse_time(const char *s, int end_of_day, time_t *out);

#endif
