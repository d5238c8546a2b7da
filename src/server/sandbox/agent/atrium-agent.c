/*
 * atrium-agent: the exec agent that runs as a sandbox container's long-lived process.
 *
 * Why: a Docker exec costs ~60 ms of runc set-up per command; this process stays in the
 * container and starts commands on request with a plain fork+exec (~1 ms), so an exec round trip
 * is one message over the container's attached stdio instead of three Engine API calls.
 *
 * The driver bind-mounts this static binary read-only at /.atrium/agent and makes it the
 * container's command (Docker's `Init: true` keeps tini as PID 1, which reaps orphans; the agent
 * reaps its own children). It works in any image: static, no libc or shell needed inside.
 *
 * PROTOCOL (mirrored in agent-protocol.ts; bump AGENT_PROTOCOL_VERSION on any change)
 * Both directions carry frames:  u32 len | u8 type | u32 id | payload   (integers big-endian;
 * len counts type+id+payload, so len >= 5; at most MAX_FRAME). Strings are u32 length + bytes.
 * Requests (server -> agent, on the agent's stdin):
 *   1 START   u32 timeout_ms (0: none) | u32 max_output per stream (0: unlimited) | str cwd ("" =
 *             inherit) | u32 argc | str argv[argc] | u32 envc | str env[envc] ("K=V", added to the
 *             container's environment) | str stdin (written, then the command's stdin is closed)
 *   2 CANCEL  kill the command's process tree (no-op for unknown ids: it already ended)
 *   3 PAUSE   stop reading the command's output (the server's consumer is slow: backpressure)
 *   4 RESUME  read it again
 *   5 PING    answered with PONG (readiness, re-attach check)
 * Responses (agent -> server, on the agent's stdout):
 *   0x81 STARTED  u32 pid
 *   0x82 STDOUT   bytes            0x83 STDERR  bytes
 *   0x84 EXIT     i32 exit code (-1 when signalled) | i32 signal | u8 flags (1 timed out,
 *                 2 cancelled, 4 truncated, 8 OOM kill) | u32 duration_ms
 *   0x85 ERROR    message (request refused; id 0 when no request can be blamed). No EXIT follows.
 *   0x86 PONG     u32 protocol version
 * A command's frames end with exactly one EXIT (or one ERROR when it never started).
 *
 * Process model: each command is forked into its own session (setsid: pid = pgid = sid) with
 * three pipes. A timeout or cancel sends SIGKILL to the process group and to every process
 * still in the session (found in /proc), so children that moved to another group die too.
 * EXIT is sent once the command is reaped and its output pipes reached EOF, or once they stayed
 * quiet for AFTER_EXIT_GRACE_MS after it was reaped (a backgrounded daemon may keep the pipes
 * open; we then close our ends and it gets EPIPE). A timeout still kills such leftovers.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define AGENT_PROTOCOL_VERSION 1
#define MAX_FRAME (64u * 1024 * 1024) /* stdin travels inside START, so allow large frames */
#define MAX_ARGS 65536u
#define READ_CHUNK 65536
#define OUTQ_HIGH (4u * 1024 * 1024) /* above this, stop reading commands' output until drained */
#define AFTER_EXIT_GRACE_MS 200

enum { REQ_START = 1, REQ_CANCEL = 2, REQ_PAUSE = 3, REQ_RESUME = 4, REQ_PING = 5 };
enum { RES_STARTED = 0x81, RES_STDOUT = 0x82, RES_STDERR = 0x83, RES_EXIT = 0x84, RES_ERROR = 0x85, RES_PONG = 0x86 };
enum { F_TIMEOUT = 1, F_CANCEL = 2, F_TRUNC = 4, F_OOM = 8 };

struct cmd {
	uint32_t id;
	pid_t pid;        /* also its pgid and sid */
	int reaped, status;
	int in_fd, fd[2]; /* -1 once closed; fd[0] stdout, fd[1] stderr */
	unsigned char *in_buf;
	size_t in_len, in_off;
	uint64_t max_out, sent[2];
	int flags, paused;
	int64_t started_ms, deadline_ms, reaped_ms, last_read_ms;
	struct cmd *next;
};

static struct cmd *cmds;
static unsigned char *outq; /* frames waiting to be written to stdout */
static size_t outq_len, outq_off, outq_cap;
static long long last_oom_kills = -1;

static int64_t now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts); /* cannot fail with a valid clock id */
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void logmsg(const char *fmt, ...) {
	/* Our stderr is the container's stderr: the server logs it. Best effort, never blocks long. */
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0) {
		ssize_t w = write(2, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
		(void)w;
	}
}

static void die(const char *what) {
	logmsg("atrium-agent: fatal: %s: %s\n", what, strerror(errno));
	exit(70);
}

static void put32(unsigned char *p, uint32_t v) {
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p) {
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Queues one frame; the poll loop writes it out. Allocation failure is fatal: no sane way on. */
static void send_frame(int type, uint32_t id, const void *a, size_t alen, const void *b, size_t blen) {
	size_t len = 5 + alen + blen;
	if (outq_off > 0 && outq_off == outq_len) outq_off = outq_len = 0;
	if (outq_len + 4 + len > outq_cap) {
		if (outq_off > 0) { /* compact before growing */
			memmove(outq, outq + outq_off, outq_len - outq_off);
			outq_len -= outq_off;
			outq_off = 0;
		}
		size_t cap = outq_cap ? outq_cap : 65536;
		while (cap < outq_len + 4 + len) cap *= 2;
		if (cap != outq_cap) {
			unsigned char *p = realloc(outq, cap);
			if (!p) die("realloc output queue");
			outq = p;
			outq_cap = cap;
		}
	}
	unsigned char *p = outq + outq_len;
	put32(p, (uint32_t)len);
	p[4] = (unsigned char)type;
	put32(p + 5, id);
	if (alen) memcpy(p + 9, a, alen);
	if (blen) memcpy(p + 9 + alen, b, blen);
	outq_len += 4 + len;
}

static void send_error(uint32_t id, const char *fmt, ...) {
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n < 0) n = 0;
	if ((size_t)n >= sizeof msg) n = sizeof msg - 1;
	send_frame(RES_ERROR, id, msg, (size_t)n, NULL, 0);
}

static struct cmd *find_cmd(uint32_t id) {
	for (struct cmd *c = cmds; c; c = c->next)
		if (c->id == id) return c;
	return NULL;
}

static void close_fd(int *fd) {
	if (*fd >= 0) {
		close(*fd); /* errors (even EINTR) leave the fd closed on Linux: nothing to retry */
		*fd = -1;
	}
}

/* The cgroup's OOM-kill counter (v2 memory.events or v1 memory.oom_control); -1 if unreadable. */
static long long oom_kills(void) {
	static const char *files[] = {"/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		FILE *f = fopen(files[i], "re");
		if (!f) continue;
		char line[128];
		long long n = -1;
		while (fgets(line, sizeof line, f))
			if (sscanf(line, "oom_kill %lld", &n) == 1) break;
		fclose(f);
		if (n >= 0) return n;
	}
	return -1;
}

/* SIGKILL the command's group, then anything still in its session (a child may have changed group). */
static void kill_tree(struct cmd *c) {
	if (kill(-c->pid, SIGKILL) < 0 && errno != ESRCH) logmsg("atrium-agent: kill -%d: %s\n", c->pid, strerror(errno));
	for (int round = 0; round < 3; round++) {
		DIR *d = opendir("/proc");
		if (!d) return;
		int found = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			char *end;
			long pid = strtol(e->d_name, &end, 10);
			if (*end || pid <= 1 || pid == getpid()) continue;
			char path[64], buf[512];
			snprintf(path, sizeof path, "/proc/%ld/stat", pid);
			int fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0) continue;
			ssize_t n;
			do n = read(fd, buf, sizeof buf - 1); while (n < 0 && errno == EINTR);
			close(fd);
			if (n <= 0) continue;
			buf[n] = 0;
			/* comm may contain spaces and ')': the fields we need follow the last ')'. */
			char *rp = strrchr(buf, ')');
			char state;
			int ppid, pgrp, sid;
			if (!rp || sscanf(rp + 1, " %c %d %d %d", &state, &ppid, &pgrp, &sid) != 4) continue;
			if (sid == c->pid && state != 'Z') {
				found = 1;
				kill((pid_t)pid, SIGKILL);
			}
		}
		closedir(d);
		if (!found) return;
	}
}

static void finish(struct cmd *c) {
	unsigned char p[13];
	int code = -1, sig = 0;
	if (WIFEXITED(c->status)) code = WEXITSTATUS(c->status);
	else if (WIFSIGNALED(c->status)) sig = WTERMSIG(c->status);
	if (sig == SIGKILL && !(c->flags & (F_TIMEOUT | F_CANCEL))) {
		/* Nobody here sent it: the OOM killer is the usual sender. Attribute a new OOM kill to it. */
		long long n = oom_kills();
		if (n >= 0 && last_oom_kills >= 0 && n > last_oom_kills) c->flags |= F_OOM;
		if (n >= 0) last_oom_kills = n;
	}
	put32(p, (uint32_t)code);
	put32(p + 4, (uint32_t)sig);
	p[8] = (unsigned char)c->flags;
	put32(p + 9, (uint32_t)(c->reaped_ms - c->started_ms));
	send_frame(RES_EXIT, c->id, p, sizeof p, NULL, 0);
	close_fd(&c->in_fd);
	close_fd(&c->fd[0]);
	close_fd(&c->fd[1]);
	free(c->in_buf);
	for (struct cmd **pp = &cmds; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	free(c);
}

/* Reader over a request payload: every get checks bounds, so a malformed frame cannot overrun. */
struct rd {
	const unsigned char *p;
	size_t left;
	int bad;
};

static uint32_t rd32(struct rd *r) {
	if (r->bad || r->left < 4) { r->bad = 1; return 0; }
	uint32_t v = get32(r->p);
	r->p += 4;
	r->left -= 4;
	return v;
}

/* A NUL-terminated copy (argv, env and cwd must not contain NUL); NULL and r->bad on error. */
static char *rdstr(struct rd *r) {
	uint32_t n = rd32(r);
	if (r->bad || n > r->left || memchr(r->p, 0, n)) { r->bad = 1; return NULL; }
	char *s = malloc((size_t)n + 1);
	if (!s) die("malloc");
	memcpy(s, r->p, n);
	s[n] = 0;
	r->p += n;
	r->left -= n;
	return s;
}

static void free_strv(char **v, size_t n) {
	if (!v) return;
	for (size_t i = 0; i < n; i++) free(v[i]);
	free(v);
}

static void set_nonblock(int fd) {
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) die("fcntl O_NONBLOCK");
}

/* In the child after fork: only async-signal-safe calls until exec (we are single-threaded, so
 * setenv on our private copy of environ is fine too). Failures exit 126/127 like a shell would. */
static void child(int pin[2], int pout[2], int perr[2], const char *cwd, char **argv, char **env, size_t envc) {
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL); /* the agent blocks SIGCHLD; the command must not */
	signal(SIGPIPE, SIG_DFL);              /* ignored dispositions survive exec: restore it */
	if (setsid() < 0) _exit(126);
	if (dup2(pin[0], 0) < 0 || dup2(pout[1], 1) < 0 || dup2(perr[1], 2) < 0) _exit(126);
	/* The pipe ends themselves are O_CLOEXEC, as is every other fd of the agent. */
	for (size_t i = 0; i < envc; i++) {
		char *eq = strchr(env[i], '=');
		if (!eq || eq == env[i]) continue;
		*eq = 0;
		setenv(env[i], eq + 1, 1);
	}
	if (*cwd && chdir(cwd) < 0) {
		dprintf(2, "atrium-agent: cannot enter %s: %s\n", cwd, strerror(errno));
		_exit(126);
	}
	execvp(argv[0], argv);
	int err = errno;
	dprintf(2, "atrium-agent: %s: %s\n", argv[0], strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

static void start_cmd(uint32_t id, const unsigned char *payload, size_t len) {
	struct rd r = {payload, len, 0};
	char *cwd = NULL, **argv = NULL, **env = NULL;
	size_t argc = 0, envc = 0;
	uint32_t timeout_ms = rd32(&r), max_out = rd32(&r);
	cwd = rdstr(&r);
	uint32_t n = rd32(&r);
	if (!r.bad && (n == 0 || n > MAX_ARGS)) r.bad = 1;
	if (!r.bad) {
		argv = calloc((size_t)n + 1, sizeof *argv);
		if (!argv) die("calloc");
		while (argc < n && !r.bad) {
			argv[argc] = rdstr(&r);
			if (argv[argc]) argc++;
		}
	}
	if (!r.bad) {
		n = rd32(&r);
		if (!r.bad && n > MAX_ARGS) r.bad = 1;
		if (!r.bad) {
			env = calloc((size_t)n + 1, sizeof *env);
			if (!env) die("calloc");
			while (envc < n && !r.bad) {
				env[envc] = rdstr(&r);
				if (env[envc]) envc++;
			}
		}
	}
	uint32_t in_len = rd32(&r);
	if (!r.bad && in_len != r.left) r.bad = 1; /* stdin is the rest of the frame, exactly */
	int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1};
	struct cmd *c = NULL;
	if (r.bad) {
		send_error(id, "malformed START request");
		goto out;
	}
	if (find_cmd(id)) {
		send_error(id, "a command with id %u is still running", id);
		goto out;
	}
	if (pipe2(pin, O_CLOEXEC) < 0 || pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0) {
		send_error(id, "pipe: %s", strerror(errno));
		goto out;
	}
	c = calloc(1, sizeof *c);
	if (!c) die("calloc");
	if (in_len) {
		c->in_buf = malloc(in_len);
		if (!c->in_buf) die("malloc");
		memcpy(c->in_buf, r.p, in_len);
		c->in_len = in_len;
	}
	pid_t pid;
	/* EAGAIN right after a tree was killed: its pids are freed once its orphans are reaped (by
	 * tini, asynchronously). Retry briefly instead of failing the next command. */
	for (int tries = 0;; tries++) {
		pid = fork();
		if (pid >= 0 || errno != EAGAIN || tries == 20) break;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL); /* EINTR only shortens the pause */
	}
	if (pid < 0) {
		/* Typically EAGAIN at the pids limit (a fork bomb in another command). */
		send_error(id, "fork: %s", strerror(errno));
		free(c->in_buf);
		free(c);
		c = NULL;
		goto out;
	}
	if (pid == 0) child(pin, pout, perr, cwd, argv, env, envc);
	c->id = id;
	c->pid = pid;
	c->in_fd = pin[1];
	c->fd[0] = pout[0];
	c->fd[1] = perr[0];
	pin[1] = pout[0] = perr[0] = -1; /* now owned by c */
	c->max_out = max_out;
	c->started_ms = now_ms();
	c->deadline_ms = timeout_ms ? c->started_ms + timeout_ms : 0;
	set_nonblock(c->in_fd);
	set_nonblock(c->fd[0]);
	set_nonblock(c->fd[1]);
	if (c->in_len == 0) close_fd(&c->in_fd);
	c->next = cmds;
	cmds = c;
	unsigned char p[4];
	put32(p, (uint32_t)pid);
	send_frame(RES_STARTED, id, p, sizeof p, NULL, 0);
out:
	for (int i = 0; i < 2; i++) {
		close_fd(&pin[i]);
		close_fd(&pout[i]);
		close_fd(&perr[i]);
	}
	free(cwd);
	free_strv(argv, argc);
	free_strv(env, envc);
}

static void handle_frame(int type, uint32_t id, const unsigned char *payload, size_t len) {
	struct cmd *c;
	switch (type) {
	case REQ_START: start_cmd(id, payload, len); break;
	case REQ_CANCEL:
		if ((c = find_cmd(id)) && !(c->flags & (F_CANCEL | F_TIMEOUT))) {
			c->flags |= F_CANCEL;
			kill_tree(c);
		}
		break;
	case REQ_PAUSE: if ((c = find_cmd(id))) c->paused = 1; break;
	case REQ_RESUME: if ((c = find_cmd(id))) c->paused = 0; break;
	case REQ_PING: {
		unsigned char p[4];
		put32(p, AGENT_PROTOCOL_VERSION);
		send_frame(RES_PONG, id, p, sizeof p, NULL, 0);
		break;
	}
	default: send_error(id, "unknown request type %d", type);
	}
}

/* Input buffer for stdin; `skip` discards the rest of an oversized frame so the stream stays in sync. */
static unsigned char *inbuf;
static size_t in_len, in_cap;
static uint64_t skip;

static void parse_input(void) {
	size_t off = 0;
	for (;;) {
		if (skip) {
			size_t k = in_len - off < skip ? in_len - off : (size_t)skip;
			off += k;
			skip -= k;
			if (skip) break;
		}
		if (in_len - off < 4) break;
		uint32_t len = get32(inbuf + off);
		if (len < 5 || len > MAX_FRAME) {
			send_error(0, "bad frame length %u: frame skipped", len);
			off += 4;
			skip = len;
			continue;
		}
		if (in_len - off < 4 + (size_t)len) break;
		handle_frame(inbuf[off + 4], get32(inbuf + off + 5), inbuf + off + 9, len - 5);
		off += 4 + (size_t)len;
	}
	if (off) {
		memmove(inbuf, inbuf + off, in_len - off);
		in_len -= off;
	}
}

/* Returns 0 at EOF on stdin. */
static int read_input(void) {
	if (in_cap - in_len < READ_CHUNK) {
		size_t cap = in_cap ? in_cap * 2 : 2 * READ_CHUNK;
		while (cap - in_len < READ_CHUNK) cap *= 2;
		unsigned char *p = realloc(inbuf, cap);
		if (!p) die("realloc input");
		inbuf = p;
		in_cap = cap;
	}
	ssize_t n = read(0, inbuf + in_len, in_cap - in_len);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN) return 1;
		die("read stdin");
	}
	if (n == 0) return 0;
	in_len += (size_t)n;
	parse_input();
	/* Give memory back after a big stdin payload went through. */
	if (in_len == 0 && in_cap > 4 * READ_CHUNK) {
		free(inbuf);
		inbuf = NULL;
		in_cap = 0;
	}
	return 1;
}

static void flush_output(void) {
	while (outq_off < outq_len) {
		ssize_t n = write(1, outq + outq_off, outq_len - outq_off);
		if (n < 0) {
			if (errno == EINTR) continue;
			if (errno == EAGAIN) return;
			die("write stdout"); /* the server side is gone for good (EPIPE): nothing to report to */
		}
		outq_off += (size_t)n;
	}
	outq_off = outq_len = 0;
	if (outq_cap > 4 * OUTQ_HIGH) { /* shrink after a burst */
		free(outq);
		outq = NULL;
		outq_cap = 0;
	}
}

static void read_output(struct cmd *c, int s) {
	static unsigned char buf[READ_CHUNK];
	ssize_t n = read(c->fd[s], buf, sizeof buf);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN) return;
		close_fd(&c->fd[s]);
		return;
	}
	if (n == 0) {
		close_fd(&c->fd[s]);
		return;
	}
	size_t keep = (size_t)n;
	if (c->max_out) {
		/* Past the cap: keep reading (a full pipe would block the command) but drop the bytes. */
		uint64_t room = c->sent[s] < c->max_out ? c->max_out - c->sent[s] : 0;
		if (keep > room) {
			keep = (size_t)room;
			c->flags |= F_TRUNC;
		}
	}
	c->last_read_ms = now_ms();
	c->sent[s] += keep;
	if (keep) send_frame(s == 0 ? RES_STDOUT : RES_STDERR, c->id, buf, keep, NULL, 0);
}

static void write_input(struct cmd *c) {
	ssize_t n = write(c->in_fd, c->in_buf + c->in_off, c->in_len - c->in_off);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN) return;
		n = (ssize_t)(c->in_len - c->in_off); /* EPIPE: the command stopped reading; drop the rest */
	}
	c->in_off += (size_t)n;
	if (c->in_off >= c->in_len) {
		close_fd(&c->in_fd);
		free(c->in_buf);
		c->in_buf = NULL;
	}
}

static void reap(void) {
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid < 0 && errno == EINTR) continue;
		if (pid <= 0) return; /* 0: none ready; ECHILD: none left */
		for (struct cmd *c = cmds; c; c = c->next)
			if (c->pid == pid) {
				c->reaped = 1;
				c->status = status;
				c->reaped_ms = now_ms();
				break;
			}
		/* Unknown pids are orphans re-parented to us (when we are PID 1): reaping them is the point. */
	}
}

int main(void) {
	/* Same-uid commands must not open /proc/<agent>/fd/{0,1} to forge frames or ptrace us. */
	if (prctl(PR_SET_DUMPABLE, 0) < 0) logmsg("atrium-agent: PR_SET_DUMPABLE: %s\n", strerror(errno));
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) die("signal SIGPIPE");
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0) die("sigprocmask");
	int sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0) die("signalfd");
	set_nonblock(0);
	set_nonblock(1);
	last_oom_kills = oom_kills();
	int stdin_open = 1;
	struct pollfd *pfds = NULL;
	struct cmd **owner = NULL;
	int *which = NULL;
	size_t pcap = 0;
	for (;;) {
		reap();
		int64_t now = now_ms(), wait = -1;
		int backlog = outq_len - outq_off > OUTQ_HIGH;
		for (struct cmd *c = cmds, *next; c; c = next) {
			next = c->next;
			if (c->deadline_ms && !(c->flags & (F_TIMEOUT | F_CANCEL)) && now >= c->deadline_ms) {
				c->flags |= F_TIMEOUT;
				kill_tree(c);
			}
			/* The grace runs only while we are reading: output the command wrote before exiting
			 * may still sit in a pipe we paused (slow consumer), and must not be cut off. */
			int reading = !c->paused && !backlog;
			int64_t quiet_since = c->reaped_ms > c->last_read_ms ? c->reaped_ms : c->last_read_ms;
			if (c->reaped && ((c->fd[0] < 0 && c->fd[1] < 0) || (reading && now - quiet_since >= AFTER_EXIT_GRACE_MS))) {
				finish(c);
				continue;
			}
			int64_t t = -1;
			if (c->reaped && reading) t = quiet_since + AFTER_EXIT_GRACE_MS - now;
			else if (c->deadline_ms && !(c->flags & (F_TIMEOUT | F_CANCEL))) t = c->deadline_ms - now;
			if (t >= 0 && (wait < 0 || t < wait)) wait = t;
		}
		if (!stdin_open && !cmds) {
			flush_output();
			logmsg("atrium-agent: stdin closed, no commands left: exiting\n");
			return 0;
		}
		size_t ncmd = 0;
		for (struct cmd *c = cmds; c; c = c->next) ncmd++;
		size_t need = 3 + 3 * ncmd;
		if (need > pcap) {
			pcap = need * 2;
			pfds = realloc(pfds, pcap * sizeof *pfds);
			owner = realloc(owner, pcap * sizeof *owner);
			which = realloc(which, pcap * sizeof *which);
			if (!pfds || !owner || !which) die("realloc pollfds");
		}
		size_t np = 0;
		pfds[np++] = (struct pollfd){.fd = sfd, .events = POLLIN};
		pfds[np++] = (struct pollfd){.fd = stdin_open ? 0 : -1, .events = POLLIN};
		pfds[np++] = (struct pollfd){.fd = outq_off < outq_len ? 1 : -1, .events = POLLOUT};
		for (struct cmd *c = cmds; c; c = c->next) {
			for (int s = 0; s < 2; s++)
				if (c->fd[s] >= 0 && !c->paused && !backlog) {
					owner[np] = c;
					which[np] = s;
					pfds[np++] = (struct pollfd){.fd = c->fd[s], .events = POLLIN};
				}
			if (c->in_fd >= 0) {
				owner[np] = c;
				which[np] = 2;
				pfds[np++] = (struct pollfd){.fd = c->in_fd, .events = POLLOUT};
			}
		}
		int r = poll(pfds, np, wait > INT32_MAX ? INT32_MAX : (int)wait);
		if (r < 0) {
			if (errno == EINTR) continue;
			die("poll");
		}
		if (pfds[0].revents) {
			struct signalfd_siginfo si;
			while (read(sfd, &si, sizeof si) > 0) {} /* drain; reap() runs at the loop top */
		}
		if (pfds[2].revents & (POLLOUT | POLLERR | POLLHUP)) flush_output();
		/* Commands first, requests last: a START may free nothing here, but a finish() must not
		 * leave dangling owner[] entries, and only the loop top calls finish(). */
		for (size_t i = 3; i < np; i++) {
			if (!pfds[i].revents) continue;
			if (which[i] == 2) write_input(owner[i]);
			else read_output(owner[i], which[i]);
		}
		if (pfds[1].revents & (POLLIN | POLLHUP | POLLERR)) stdin_open = read_input();
		flush_output(); /* try at once: usually the pipe has room, saving a poll round */
	}
}
