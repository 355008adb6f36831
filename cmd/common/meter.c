/* meter.c: draw the progress line of a batch tool on stderr. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "meter.h"
#include "mr.h"
#include "progress.h"

struct mr_meter {
	pthread_mutex_t mu;
	char *label;
	size_t total, done, errors;
	double start_ms, last_ms;
	size_t shown;		/* length of the line on screen, 0: none */
	int stdout_tty;		/* stdout is a terminal as well */
};

/* The meter of this process, for mr_meter_pause(). */
static struct mr_meter *active;

struct mr_meter *
mr_meter_new(const char *label, int mode, int quiet, size_t total)
{
	struct mr_meter *m;
	const char *term;

	if (mode == MR_METER_OFF)
		return NULL;
	if (mode == MR_METER_AUTO) {
		term = getenv("TERM");
		if (quiet || !isatty(2) || (term != NULL &&
		    strcmp(term, "dumb") == 0))
			return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	pthread_mutex_init(&m->mu, NULL);
	m->label = xstrdup(label);
	m->total = total;
	m->start_ms = mr_now_ms();
	m->last_ms = -1;
	m->stdout_tty = isatty(1) && isatty(2);
	active = m;
	return m;
}

void
mr_meter_set_total(struct mr_meter *m, size_t total)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	m->total = total;
	pthread_mutex_unlock(&m->mu);
}

/* Erase what is on the line (caller holds m->mu). */
static void
clear_locked(struct mr_meter *m)
{
	if (m->shown == 0)
		return;
	fprintf(stderr, "\r%*s\r", (int)m->shown, "");
	fflush(stderr);
	m->shown = 0;
}

void
mr_meter_update(struct mr_meter *m, size_t done, size_t errors)
{
	char line[256];
	double now;
	size_t n;

	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	m->done = done;
	m->errors = errors;
	now = mr_now_ms();
	if (mr_progress_due(now, m->last_ms, m->start_ms, 0)) {
		n = mr_progress_format(line, sizeof(line), m->label, done,
		    m->total, errors, (now - m->start_ms) / 1000.0);
		/* Pad over the rest of a longer previous line. */
		fprintf(stderr, "\r%s%*s", line, m->shown > n ?
		    (int)(m->shown - n) : 0, "");
		fflush(stderr);
		m->shown = n > m->shown ? n : m->shown;
		m->last_ms = now;
	}
	pthread_mutex_unlock(&m->mu);
}

void
mr_meter_pause(int for_stdout)
{
	struct mr_meter *m = active;

	if (m == NULL || (for_stdout && !m->stdout_tty))
		return;
	pthread_mutex_lock(&m->mu);
	clear_locked(m);
	m->last_ms = -1;	/* draw again at the next update */
	pthread_mutex_unlock(&m->mu);
}

void
mr_meter_free(struct mr_meter *m)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	clear_locked(m);
	pthread_mutex_unlock(&m->mu);
	if (active == m)
		active = NULL;
	pthread_mutex_destroy(&m->mu);
	free(m->label);
	free(m);
}
