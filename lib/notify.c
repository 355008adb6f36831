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
	char **argv;		/* the command split at blanks, or sh -c */
	int shell;		/* argv is sh -c command */
	char **secrets;		/* the config's secret values, NULL-ended */
	size_t nsecrets;
};

/* A command with one of these runs through /bin/sh -c (git's rule). */
#define SHELL_CHARS "|&;<>()$`\\\"'*?[]{}#~=%!\n"

static const char *const secret_sections[] = {
	"tmdb", "spotify", "musicbrainz", "sonarr", "radarr", "lidarr", NULL
};
static const char *const secret_keys[] = {
	"api_key", "read_access_token", "client_secret", NULL
};

static void
add_secret(struct mr_notify *n, const char *v)
{
	size_t i;

	if (v == NULL || strlen(v) < 4)
		return;
	for (i = 0; i < n->nsecrets; i++)
		if (strcmp(n->secrets[i], v) == 0)
			return;
	n->secrets = xrealloc(n->secrets, (n->nsecrets + 2) *
	    sizeof(*n->secrets));
	n->secrets[n->nsecrets++] = xstrdup(v);
	n->secrets[n->nsecrets] = NULL;
}

/* Every secret value the config holds, plain sections and instances. */
static void
collect_secrets(struct mr_notify *n, const struct mr_config *cfg)
{
	const char *sec;
	size_t i, k;

	for (i = 0; secret_sections[i] != NULL; i++)
		for (k = 0; secret_keys[k] != NULL; k++)
			add_secret(n, mr_config_str(cfg, secret_sections[i],
			    secret_keys[k]));
	for (i = 0; (sec = mr_config_section(cfg, i)) != NULL; i++)
		for (k = 0; secret_keys[k] != NULL; k++)
			add_secret(n, mr_config_str(cfg, sec, secret_keys[k]));
}

/* argv for the command: split at blanks, or /bin/sh -c when it needs a
 * shell.  Free argv[0] (the copy the words point into) and argv. */
static char **
split_command(const char *cmd)
{
	char **argv, *copy, *p;
	size_t n = 0, cap = 8;

	argv = xcalloc(cap, sizeof(*argv));
	if (strpbrk(cmd, SHELL_CHARS) != NULL) {
		argv[0] = xstrdup("sh");
		argv[1] = "-c";
		argv[2] = (char *)cmd;
		return argv;
	}
	cmd += strspn(cmd, " \t");
	copy = xstrdup(cmd);
	p = copy;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (n + 2 > cap) {
			cap *= 2;
			argv = xrealloc(argv, cap * sizeof(*argv));
		}
		argv[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
	}
	argv[n] = NULL;
	if (n == 0)
		argv[0] = copy;	/* "": fails to run, and is freed */
	return argv;
}

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
	n->shell = strpbrk(n->command, SHELL_CHARS) != NULL;
	n->argv = split_command(n->command);
	collect_secrets(n, cfg);
	return n;
}

void
mr_notify_free(struct mr_notify *n)
{
	size_t i;

	if (n == NULL)
		return;
	if (n->argv != NULL)
		free(n->argv[0]);
	free(n->argv);
	for (i = 0; i < n->nsecrets; i++)
		free(n->secrets[i]);
	free(n->secrets);
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

/* Is this variable one that must not reach the hook: a secret by name
 * (MR_..._KEY, _TOKEN, _SECRET, _PASSWORD) or by value? */
static int
secret_var(const struct mr_notify *n, const char *var)
{
	static const char *const words[] = { "KEY", "TOKEN", "SECRET",
	    "PASSWORD", "PASSWD", NULL };
	const char *eq = strchr(var, '=');
	char name[256];
	size_t i, len;

	if (eq == NULL)
		return 0;
	len = (size_t)(eq - var);
	if (len < sizeof(name) && strncmp(var, "MR_", 3) == 0) {
		memcpy(name, var, len);
		name[len] = '\0';
		for (i = 0; words[i] != NULL; i++)
			if (strstr(name, words[i]) != NULL)
				return 1;
	}
	for (i = 0; i < n->nsecrets; i++)
		if (strstr(eq + 1, n->secrets[i]) != NULL)
			return 1;
	return 0;
}

/* environ without MR_EVENT and secrets, plus MR_EVENT=event; free the
 * array and [0]. */
static char **
child_env(const struct mr_notify *nt, const char *event)
{
	char **env;
	size_t n = 0, i, k = 1;

	while (environ[n] != NULL)
		n++;
	env = xcalloc(n + 2, sizeof(*env));
	env[0] = xasprintf("MR_EVENT=%s", event);
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "MR_EVENT=", 9) != 0 &&
		    !secret_var(nt, environ[i]))
			env[k++] = environ[i];
	env[k] = NULL;
	return env;
}

/* The program to execve for argv0: itself when it has a slash, else
 * the first executable of that name in PATH; NULL when none. */
static char *
find_program(const char *argv0)
{
	const char *path, *p, *end;
	char *file;

	if (strchr(argv0, '/') != NULL)
		return access(argv0, X_OK) == 0 ? xstrdup(argv0) : NULL;
	if (argv0[0] == '\0')
		return NULL;
	path = getenv("PATH");
	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		file = xasprintf("%.*s%s%s", (int)(end - p), p,
		    end > p ? "/" : "./", argv0);
		if (access(file, X_OK) == 0)
			return file;
		free(file);
		if (*end == '\0')
			break;
	}
	return NULL;
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
	char **env = NULL, *body = NULL, *prog = NULL;
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
	prog = n->shell ? xstrdup("/bin/sh") : find_program(n->argv[0]);
	if (prog == NULL) {
		rc = mr_err_set(err, MR_EIO, 0, "notify.run",
		    "%s hook: command not found: %s", event, n->argv[0]);
		goto out;
	}
	env = child_env(n, event);
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
		execve(prog, n->argv, env);
		_exit(127);
	}
	/* Also here: a kill at the limit must reach the group even when
	 * the child has not run yet. */
	setpgid(pid, pid);
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
	free(prog);
	free(body);
	return rc;
}
