/* progress.c: the text of the batch tools' progress line. */
#include <stdio.h>
#include <string.h>

#include "progress.h"

void
mr_progress_duration(char *buf, size_t len, double seconds)
{
	unsigned long s;

	if (seconds < 0 || seconds > 99.0 * 3600)
		seconds = seconds < 0 ? 0 : 99.0 * 3600;
	s = (unsigned long)(seconds + 0.5);
	if (s >= 3600)
		snprintf(buf, len, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60,
		    s % 60);
	else
		snprintf(buf, len, "%lu:%02lu", s / 60, s % 60);
}

size_t
mr_progress_format(char *buf, size_t len, const char *label, size_t done,
    size_t total, size_t errors, double elapsed_s)
{
	char rate[32], eta[32], errs[48];
	double r = 0;
	int n, known;

	if (len == 0)
		return 0;
	known = elapsed_s >= 1.0 && done > 0;
	if (known) {
		r = (double)done / elapsed_s;
		snprintf(rate, sizeof(rate), r >= 10 ? "%.0f/s" : "%.1f/s", r);
	} else
		snprintf(rate, sizeof(rate), "--/s");
	if (known && total >= done)
		mr_progress_duration(eta, sizeof(eta),
		    (double)(total - done) / r);
	else
		snprintf(eta, sizeof(eta), "--");
	errs[0] = '\0';
	if (errors > 0)
		snprintf(errs, sizeof(errs), "  %zu error%s", errors,
		    errors == 1 ? "" : "s");
	if (total > 0)
		n = snprintf(buf, len, "%s: %zu/%zu (%zu%%)  %s  ETA %s%s",
		    label, done, total, done >= total ? (size_t)100 :
		    done * 100 / total, rate, eta, errs);
	else
		n = snprintf(buf, len, "%s: %zu done  %s%s", label, done, rate,
		    errs);
	if (n < 0) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n < len ? (size_t)n : len - 1;
}

int
mr_progress_due(double now_ms, double last_ms, double start_ms,
    double delay_ms)
{
	if (now_ms < start_ms + delay_ms)
		return 0;
	return last_ms < 0 || now_ms - last_ms >= MR_PROGRESS_INTERVAL_MS;
}
