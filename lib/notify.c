/* notify.c: run the [notify] command for changes of a request's status. */
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "config.h"
#include "notify.h"

extern char **environ;

struct mr_notify {
	char *command;
	char *events;		/* ",sent,failed," for whole-word search */
	long timeout_s;
};

struct mr_notify *
mr_notify_new(const struct mr_config *cfg)
{
	struct mr_notify *n;
	const char *cmd, *ev;
	char *p;

	cmd = mr_config_str(cfg, "notify", "command");
	if (cmd == NULL || cmd[0] == '\0')
		return NULL;
	ev = mr_config_str(cfg, "notify", "events");
	n = xcalloc(1, sizeof(*n));
	n->command = xstrdup(cmd);
	n->events = xasprintf(",%s,", ev != NULL ? ev :
	    "sent,needs_review,failed");
	for (p = n->events; *p != '\0'; p++)
		if (*p == ' ')
			*p = ',';
	n->timeout_s = mr_config_long(cfg, "notify", "timeout", 10);
	return n;
}

void
mr_notify_free(struct mr_notify *n)
{
	if (n == NULL)
		return;
	free(n->command);
	free(n->events);
	free(n);
}

int
mr_notify_wants(const struct mr_notify *n, const char *event)
{
	char *word;
	int r;

	if (n == NULL || event == NULL)
		return 0;
	word = xasprintf(",%s,", event);
	r = strstr(n->events, word) != NULL;
	free(word);
	return r;
}

/* environ without MR_EVENT, plus MR_EVENT=event; free the array and [0]. */
static char **
child_env(const char *event)
{
	char **env;
	size_t n = 0, i, k = 1;

	while (environ[n] != NULL)
		n++;
	env = xcalloc(n + 2, sizeof(*env));
	env[0] = xasprintf("MR_EVENT=%s", event);
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "MR_EVENT=", 9) != 0)
			env[k++] = environ[i];
	env[k] = NULL;
	return env;
}

static double
now_s(void)
{
	return mr_now_ms() / 1000.0;
}

enum mr_rc
mr_notify_run(struct mr_notify *n, const char *event, const json_t *record,
    struct mr_err *err)
{
	char **env = NULL, *body = NULL, *argv[4];
	int sv[2] = { -1, -1 }, status = 0, killed = 0;
	size_t len, off = 0;
	double deadline;
	struct pollfd pfd;
	enum mr_rc rc = MR_OK;
	pid_t pid = -1, r;
	ssize_t w;

	if (!mr_notify_wants(n, event))
		goto out;
	body = json_dumps(record, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	if (body == NULL) {
		rc = mr_err_set(err, MR_EIO, 0, "notify.record",
		    "cannot encode the record");
		goto out;
	}
	len = strlen(body);
	body[len++] = '\n';	/* json_dumps left room: the NUL */
	env = child_env(event);
	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = n->command;
	argv[3] = NULL;
	/* A socket, not a pipe: a hook that ignores its input must not
	 * raise SIGPIPE in the tool (send with MSG_NOSIGNAL). */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		rc = mr_err_set(err, MR_EIO, 0, "notify.run", "socketpair: %s",
		    strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		rc = mr_err_set(err, MR_EIO, 0, "notify.run", "fork: %s",
		    strerror(errno));
		goto out;
	}
	if (pid == 0) {
		/* Only async-signal-safe calls here: the tool may be threaded.
		 * The hook's stdout goes to stderr: stdout carries records. */
		setpgid(0, 0);
		if (dup2(sv[1], 0) < 0 || dup2(2, 1) < 0)
			_exit(127);
		execve("/bin/sh", argv, env);
		_exit(127);
	}
	close(sv[1]);
	sv[1] = -1;
	deadline = now_s() + (double)n->timeout_s;
	while (off < len && now_s() < deadline) {
		pfd.fd = sv[0];
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		w = send(sv[0], body + off, len - off,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0)
			off += (size_t)w;
		else if (w < 0 && errno != EAGAIN && errno != EINTR)
			break;	/* the hook closed its input: fine */
	}
	close(sv[0]);
	sv[0] = -1;
	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			break;
		if (now_s() >= deadline && !killed) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = 1;
		}
		if (!killed || r == 0) {
			struct timespec ts = { 0, 20 * 1000 * 1000 };

			nanosleep(&ts, NULL);
		}
	}
	if (killed)
		rc = mr_err_set(err, MR_EIO, 0, "notify.timeout",
		    "%s hook killed after %ld s", event, n->timeout_s);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = mr_err_set(err, MR_EIO, 0, "notify.status",
		    "%s hook exited with status %d", event,
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
		    WTERMSIG(status));
out:
	if (sv[0] >= 0)
		close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
	if (env != NULL)
		free(env[0]);
	free(env);
	free(body);
	return rc;
}
