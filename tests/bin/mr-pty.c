/*
 * mr-pty: run a command on a pseudo-terminal, for tests of interactive
 * and terminal-only behaviour (mr-reclassify --review, progress lines).
 *
 *   mr-pty [-p prompt] [-t seconds] command [arg ...]
 *
 * The command's stdin, stdout and stderr are the terminal (no echo, no
 * output processing, so "\n" stays "\n" and "\r" shows as itself).
 * Everything it writes is copied to our stdout.  Lines read from our
 * stdin are typed into the terminal: with -p, one line each time the
 * command's output shows prompt once more (deterministic dialogues);
 * without, all at once.  When they run out, end-of-file is typed.
 * Exits with the command's exit status (128 + signal when killed), 124
 * when it ran longer than -t seconds (default 60; it is then killed).
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "mr.h"

static void
usage(void)
{
	fprintf(stderr, "usage: mr-pty [-p prompt] [-t seconds] command "
	    "[arg ...]\n");
	exit(2);
}

/* All of stdin, read before the command starts. */
static char *
slurp(int fd, size_t *len)
{
	size_t cap = 4096;
	char *buf = xmalloc(cap);
	ssize_t r;

	*len = 0;
	for (;;) {
		if (*len + 1024 > cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + *len, cap - *len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		*len += (size_t)r;
	}
	buf[*len] = '\0';
	return buf;
}

static size_t
count_of(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle), i;

	if (k == 0 || len < k)
		return 0;
	for (i = 0; i + k <= len; i++)
		if (memcmp(hay + i, needle, k) == 0)
			n++;
	return n;
}

static void
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

int
main(int argc, char *argv[])
{
	const char *prompt = NULL, *slave;
	char *in, *out = NULL, buf[4096], eof = 4;
	size_t inlen, inoff = 0, outlen = 0, outcap = 0, sent = 0, seen, nl;
	struct termios tio;
	struct pollfd pfd;
	long secs = 60;
	double deadline;
	int ch, master, fd, hold, status = 0, done_input = 0, exited = 0, rc;
	pid_t pid;
	ssize_t r;

	while ((ch = getopt(argc, argv, "+p:t:")) != -1) {
		switch (ch) {
		case 'p':
			prompt = optarg;
			break;
		case 't':
			if (mr_parse_long(optarg, 1, 3600, &secs) != 0)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	in = slurp(0, &inlen);
	if ((master = posix_openpt(O_RDWR | O_NOCTTY)) < 0 ||
	    grantpt(master) != 0 || unlockpt(master) != 0 ||
	    (slave = ptsname(master)) == NULL) {
		perror("mr-pty: pty");
		return 1;
	}
	/* Before the child runs: input typed early must not echo.  Kept
	 * open until the end, so that reading the master never fails
	 * before the child has opened its side. */
	if ((hold = open(slave, O_RDWR | O_NOCTTY)) < 0) {
		perror("mr-pty: open");
		return 1;
	}
	if (tcgetattr(hold, &tio) == 0) {
		tio.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
		tio.c_oflag &= ~(tcflag_t)OPOST;
		tcsetattr(hold, TCSANOW, &tio);
	}
	pid = fork();
	if (pid < 0) {
		perror("mr-pty: fork");
		return 1;
	}
	if (pid == 0) {
		setsid();
		if ((fd = open(slave, O_RDWR)) < 0)
			_exit(127);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		close(master);
		close(hold);
		execvp(argv[optind], argv + optind);
		perror(argv[optind]);
		_exit(127);
	}
	deadline = mr_now_ms() + (double)secs * 1000.0;
	for (;;) {
		/* Type the next line(s) when the dialogue asks for them. */
		if (!done_input) {
			seen = prompt != NULL ? count_of(out, outlen, prompt) :
			    sent + 1;
			while (seen > sent && !done_input) {
				if (inoff >= inlen) {
					write_all(master, &eof, 1);
					done_input = 1;
					break;
				}
				nl = inoff;
				while (nl < inlen && in[nl] != '\n')
					nl++;
				if (nl < inlen)
					nl++;
				write_all(master, in + inoff, nl - inoff);
				inoff = nl;
				sent++;
				if (prompt == NULL)
					seen = sent + 1;
			}
		}
		if (mr_now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fprintf(stderr, "mr-pty: timed out after %ld s\n",
			    secs);
			rc = 124;
			goto out;
		}
		pfd.fd = master;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 50) > 0) {
			r = read(master, buf, sizeof(buf));
			if (r > 0) {
				write_all(1, buf, (size_t)r);
				if (outlen + (size_t)r + 1 > outcap) {
					outcap = (outlen + (size_t)r + 1) * 2;
					out = xrealloc(out, outcap);
				}
				memcpy(out + outlen, buf, (size_t)r);
				outlen += (size_t)r;
				out[outlen] = '\0';
				continue;
			}
			if (r < 0 && errno == EINTR)
				continue;
			/* EIO: every holder of the terminal is gone. */
			if (!exited)
				waitpid(pid, &status, 0);
			exited = 1;
			break;
		}
		if (!exited && waitpid(pid, &status, WNOHANG) == pid)
			exited = 1;
		if (exited) {
			/* Drain what is left, then stop. */
			pfd.events = POLLIN;
			while (poll(&pfd, 1, 0) > 0 &&
			    (r = read(master, buf, sizeof(buf))) > 0)
				write_all(1, buf, (size_t)r);
			break;
		}
	}
	rc = WIFEXITED(status) ? WEXITSTATUS(status) :
	    WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
out:
	close(hold);
	close(master);
	free(out);
	free(in);
	return rc;
}
