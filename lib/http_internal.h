/*
 * http_internal.h: pure helpers of http.c, exposed for the unit tests
 * (tests/unit/check_http.c) only.  Not part of the library's contract.
 */
#ifndef MR_HTTP_INTERNAL_H
#define MR_HTTP_INTERNAL_H

#include <time.h>

/*
 * Backoff before retry number attempt (1 = after the first failure),
 * "full jitter": u (in [0, 1)) times min(cap_ms, base_ms * 2^(attempt-1)).
 * Never negative; base_ms or cap_ms <= 0 gives 0.
 */
long mr_http_backoff_ms(int attempt, long base_ms, long cap_ms, double u);

/*
 * Parse a Retry-After value: delta seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2015 07:28:00 GMT") compared with now.  Returns the
 * seconds to wait (0 for a date in the past), or -1 when unparsable.
 * Huge values are clamped to one day.
 */
long mr_http_parse_retry_after(const char *value, time_t now);

#endif
