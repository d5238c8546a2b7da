/* Hand-written on purpose: chroot + dropped uid + openat2(RESOLVE_BENEATH) in ~1 MB; no maintained library does this confinement. */
/*
 * atrium-fsd: the confined file helper. Every operation Atrium performs on workspace bytes goes
 * through one of these, one long-lived process per active workspace.
 *
 * Why: the server runs as root and a sandbox process shares the workspace tree with it. Checks
 * made on host paths by a root process cannot win races against a process that can swap any
 * folder for a symlink between the check and the use. So the server never touches workspace
 * paths itself: it asks this helper, which
 *   - chroots into the workspace root (the server opens it; its parents are root-only 0700),
 *   - drops to the workspace's unprivileged uid/gid (never 0), clears supplementary groups,
 *     sets no_new_privs and makes itself non-dumpable: it has no capability left,
 *   - resolves every path one component at a time from directory fds with O_NOFOLLOW (openat2
 *     with RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS|RESOLVE_NO_MAGICLINKS where the kernel has it), so
 *     it never follows a symlink, never leaves the root, and a swap makes the call fail (ELOOP),
 *   - creates files with permission bits & 0777 only (no setuid/setgid/sticky), never devices.
 * Even a confused server (a policy bug) can then do no more to the host than the sandbox uid
 * inside that one folder can. The server reads and writes file CONTENT through /proc/<pid>/fd/<n>
 * of descriptors this helper opened: a magic link to that exact file, not a path it resolves.
 *
 * Adopt mode (`--adopt ROOT UID GID`): hands an existing tree to UID:GID (migration of installs
 * whose sandboxes ran as another uid, and trees unpacked by root before this helper existed). It
 * keeps only CAP_CHOWN/CAP_FOWNER/CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH, chroots the same way, walks
 * by fds and changes owners through descriptors or AT_SYMLINK_NOFOLLOW, clearing setuid/setgid.
 *
 * PROTOCOL (mirrored in protocol.ts; bump FSD_PROTOCOL_VERSION on any change)
 * Frames both ways: u32 len | u8 op-or-status | u32 id | payload (big-endian; len counts the 5
 * header bytes after it). Strings: u32 length + bytes. Paths are workspace-relative, "/"-separated,
 * with no "", "." or ".." component; "" (empty string) names the root. Requests are answered in
 * order, one response each: status 0 = ok + op payload, 1 = error: i32 errno | str message.
 *   1 PING                          -> u32 version | u32 pid
 *   2 STAT    path                  -> stat                     (lstat: a final symlink is not followed)
 *   3 LIST    path                  -> u32 n | n × (str name | stat)
 *   4 WALK    path | u32 max | u32 flags(1: skip ".atrium-tmp-*")
 *                                   -> u32 n | n × (str inner | stat)  (parents first; E2BIG past max)
 *   5 OPEN    path | u32 flags | u32 mode -> i32 fd | stat   (fd stays open here until CLOSE)
 *   6 CLOSE   u32 fd                -> -
 *   7 MKDIR   path | u32 mode | u32 parents(0/1) -> -
 *   8 RENAME  from | to | u32 flags(1 noreplace, 2 exchange) -> -
 *   9 UNLINK  path                  -> -                       (not a folder)
 *  10 RMDIR   path                  -> -
 *  11 RMTREE  path                  -> u32 entries removed     (never follows a symlink)
 *  12 SYMLINK target | path         -> -
 *  13 READLINK path                 -> str target
 *  14 CHMOD   path | u32 mode       -> -                       (mode & 0777; not on symlinks)
 *  15 FSYNC   path                  -> -                       (a folder, after renames into it)
 * OPEN flags: 1 read, 2 write, 4 create, 8 exclusive, 16 append, 32 directory, 64 truncate.
 * stat: u8 type (1 file, 2 dir, 3 symlink, 4 other) | u32 mode | u64 size | i64 mtime_ms |
 *       u32 nlink | u64 ino | u64 dev | u32 uid | u32 gid
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/capability.h>
#endif

#define FSD_PROTOCOL_VERSION 1
#define MAX_FRAME (1u * 1024 * 1024)
#define MAX_COMPONENTS 2048 /* a path of 1-byte names within PATH_MAX */
#define TEMP_PREFIX ".atrium-tmp-"

enum { OP_PING = 1, OP_STAT, OP_LIST, OP_WALK, OP_OPEN, OP_CLOSE, OP_MKDIR, OP_RENAME, OP_UNLINK, OP_RMDIR, OP_RMTREE, OP_SYMLINK, OP_READLINK, OP_CHMOD, OP_FSYNC };
enum { OF_READ = 1, OF_WRITE = 2, OF_CREATE = 4, OF_EXCL = 8, OF_APPEND = 16, OF_DIR = 32, OF_TRUNC = 64 };

static int root_fd = -1;

/* ---------- output buffer ---------- */
static unsigned char *out;
static size_t out_len, out_cap;

static void out_reserve(size_t more) {
	if (out_len + more <= out_cap) return;
	size_t cap = out_cap ? out_cap : 65536;
	while (cap < out_len + more) cap *= 2;
	unsigned char *n = realloc(out, cap);
	if (!n) { fprintf(stderr, "atrium-fsd: out of memory\n"); _exit(70); }
	out = n;
	out_cap = cap;
}
static void put_u8(uint8_t v) { out_reserve(1); out[out_len++] = v; }
static void put_u32(uint32_t v) { out_reserve(4); out[out_len++] = v >> 24; out[out_len++] = v >> 16; out[out_len++] = v >> 8; out[out_len++] = v; }
static void put_u64(uint64_t v) { put_u32((uint32_t)(v >> 32)); put_u32((uint32_t)v); }
static void put_bytes(const void *p, size_t n) { put_u32((uint32_t)n); out_reserve(n); memcpy(out + out_len, p, n); out_len += n; }
static void put_str(const char *s) { put_bytes(s, strlen(s)); }

static void put_stat(const struct stat *st) {
	uint8_t type = S_ISREG(st->st_mode) ? 1 : S_ISDIR(st->st_mode) ? 2 : S_ISLNK(st->st_mode) ? 3 : 4;
	put_u8(type);
	put_u32(st->st_mode & 07777);
	put_u64((uint64_t)st->st_size);
	put_u64((uint64_t)((int64_t)st->st_mtim.tv_sec * 1000 + st->st_mtim.tv_nsec / 1000000));
	put_u32((uint32_t)st->st_nlink);
	put_u64((uint64_t)st->st_ino);
	put_u64((uint64_t)st->st_dev);
	put_u32(st->st_uid);
	put_u32(st->st_gid);
}

static int write_all(int fd, const unsigned char *p, size_t n) {
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR) continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A frame header is written in front of the payload collected in `out` (reserved at offset 0). */
static void begin_frame(void) { out_len = 0; out_reserve(9); out_len = 9; }
static void send_frame(uint8_t status, uint32_t id) {
	uint32_t len = (uint32_t)(out_len - 4);
	out[0] = len >> 24; out[1] = len >> 16; out[2] = len >> 8; out[3] = len;
	out[4] = status;
	out[5] = id >> 24; out[6] = id >> 16; out[7] = id >> 8; out[8] = id;
	if (write_all(1, out, out_len) < 0) _exit(0); /* the server went away */
}
static void send_error(uint32_t id, int err, const char *message) {
	begin_frame();
	put_u32((uint32_t)err);
	put_str(message ? message : strerror(err));
	send_frame(1, id);
}

/* ---------- request parsing ---------- */
struct reader { const unsigned char *p; size_t n; int bad; };
static uint32_t get_u32(struct reader *r) {
	if (r->n < 4) { r->bad = 1; return 0; }
	uint32_t v = ((uint32_t)r->p[0] << 24) | ((uint32_t)r->p[1] << 16) | ((uint32_t)r->p[2] << 8) | r->p[3];
	r->p += 4; r->n -= 4;
	return v;
}
/* A NUL-terminated copy of a string field (NUL inside is refused: the kernel would cut there). */
static char *get_str(struct reader *r) {
	uint32_t len = get_u32(r);
	if (r->bad || len > r->n || len > PATH_MAX * 4) { r->bad = 1; return NULL; }
	if (memchr(r->p, 0, len)) { r->bad = 1; return NULL; }
	char *s = malloc((size_t)len + 1);
	if (!s) { r->bad = 1; return NULL; }
	memcpy(s, r->p, len);
	s[len] = 0;
	r->p += len; r->n -= len;
	return s;
}

/* ---------- confined resolution ---------- */
/* Splits `path` into components in place; refuses "", ".", ".." components and leading "/". */
static int split(char *path, char **parts, int *count) {
	*count = 0;
	if (path[0] == 0) return 0;
	char *s = path;
	for (;;) {
		char *slash = strchr(s, '/');
		if (slash) *slash = 0;
		if (s[0] == 0 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0) return -EINVAL;
		if (strlen(s) > NAME_MAX) return -ENAMETOOLONG;
		if (*count >= MAX_COMPONENTS) return -ENAMETOOLONG;
		parts[(*count)++] = s;
		if (!slash) return 0;
		s = slash + 1;
	}
}

#ifdef SYS_openat2
struct fsd_open_how { uint64_t flags, mode, resolve; };
#define FSD_RESOLVE_NO_XDEV 0x01
#define FSD_RESOLVE_NO_MAGICLINKS 0x02
#define FSD_RESOLVE_NO_SYMLINKS 0x04
#define FSD_RESOLVE_BENEATH 0x08
static int have_openat2 = 1;
#endif

/* A new descriptor of the root folder (not a dup: a dup would share the directory offset). */
static int open_root(void) {
	int fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* ENOTDIR on a name that is now a symlink means the tree changed under us: report ELOOP. */
static int swapped_errno(int dir, const char *name, int err) {
	struct stat st;
	if (err == ENOTDIR && fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) return ELOOP;
	return err;
}

/* Opens the folder made of parts[0..n) below the root, following no symlink. */
static int open_dir_parts(char **parts, int n) {
	if (n == 0) return open_root();
#ifdef SYS_openat2
	if (have_openat2) {
		char joined[PATH_MAX];
		size_t len = 0;
		for (int i = 0; i < n; i++) {
			size_t l = strlen(parts[i]);
			if (len + l + 2 > sizeof joined) return -ENAMETOOLONG;
			if (i) joined[len++] = '/';
			memcpy(joined + len, parts[i], l);
			len += l;
		}
		joined[len] = 0;
		struct fsd_open_how how = { O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW, 0, FSD_RESOLVE_BENEATH | FSD_RESOLVE_NO_SYMLINKS | FSD_RESOLVE_NO_MAGICLINKS };
		long fd = syscall(SYS_openat2, root_fd, joined, &how, sizeof how);
		if (fd >= 0) return (int)fd;
		/* ENOTDIR may be a symlink met with O_DIRECTORY: the walk below tells which. */
		if (errno != ENOSYS && errno != EPERM && errno != ENOTDIR) return -errno; /* EPERM: a seccomp filter without openat2 */
		if (errno != ENOTDIR) have_openat2 = 0;
	}
#endif
	int dir = open_root();
	if (dir < 0) return dir;
	for (int i = 0; i < n; i++) {
		int next = openat(dir, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int err = next < 0 ? swapped_errno(dir, parts[i], errno) : 0;
		close(dir);
		if (next < 0) return -err;
		dir = next;
	}
	return dir;
}

/* Resolves `path` to (parent folder fd, final name). `*name` is NULL for the root itself. */
static int resolve_parent(char *path, int *dir, char **name) {
	char *parts[MAX_COMPONENTS];
	int n;
	int rc = split(path, parts, &n);
	if (rc < 0) return rc;
	if (n == 0) {
		*name = NULL;
		*dir = open_root();
		return *dir < 0 ? *dir : 0;
	}
	int fd = open_dir_parts(parts, n - 1);
	if (fd < 0) return fd;
	*dir = fd;
	*name = parts[n - 1];
	return 0;
}

static int is_temp(const char *name) { return strncmp(name, TEMP_PREFIX, sizeof TEMP_PREFIX - 1) == 0; }

/* ---------- operations ---------- */
static void op_stat(uint32_t id, char *path) {
	int dir; char *name;
	int rc = resolve_parent(path, &dir, &name);
	if (rc < 0) { send_error(id, -rc, NULL); return; }
	struct stat st;
	rc = name ? fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) : fstat(dir, &st);
	int err = errno;
	close(dir);
	if (rc < 0) { send_error(id, err, NULL); return; }
	begin_frame(); put_stat(&st); send_frame(0, id);
}

/* Opens `path` as a folder (the root when it is ""), following no symlink. */
static int open_dir_path(char *path) {
	int dir; char *name;
	int rc = resolve_parent(path, &dir, &name);
	if (rc < 0) return rc;
	if (!name) return dir;
	int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int err = fd < 0 ? swapped_errno(dir, name, errno) : 0;
	close(dir);
	return fd < 0 ? -err : fd;
}

static void op_list(uint32_t id, char *path) {
	int fd = open_dir_path(path);
	if (fd < 0) { send_error(id, -fd, NULL); return; }
	DIR *d = fdopendir(fd);
	if (!d) { int err = errno; close(fd); send_error(id, err, NULL); return; }
	begin_frame();
	size_t count_at = out_len;
	put_u32(0);
	uint32_t count = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue; /* vanished */
		put_str(e->d_name);
		put_stat(&st);
		count++;
		if (out_len > MAX_FRAME * 64) break;
	}
	closedir(d);
	out[count_at] = count >> 24; out[count_at + 1] = count >> 16; out[count_at + 2] = count >> 8; out[count_at + 3] = count;
	send_frame(0, id);
}

/* Breadth-first walk of the folder `fd`; `prefix` is the inner path of that folder ("" at top). */
struct walk_item { int fd; char *prefix; };
static void op_walk(uint32_t id, char *path, uint32_t max, uint32_t flags) {
	int top = open_dir_path(path);
	if (top < 0) { send_error(id, -top, NULL); return; }
	size_t qcap = 64, qhead = 0, qlen = 0;
	struct walk_item *queue = malloc(qcap * sizeof *queue);
	if (!queue) { close(top); send_error(id, ENOMEM, NULL); return; }
	queue[qlen++] = (struct walk_item){ top, strdup("") };
	begin_frame();
	size_t count_at = out_len;
	put_u32(0);
	uint32_t count = 0;
	int failed = 0;
	while (qhead < qlen) {
		struct walk_item item = queue[qhead++];
		DIR *d = fdopendir(item.fd);
		if (!d) { close(item.fd); free(item.prefix); continue; }
		struct dirent *e;
		while (!failed && (e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
			if ((flags & 1) && is_temp(e->d_name)) continue;
			struct stat st;
			if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
			size_t plen = strlen(item.prefix), nlen = strlen(e->d_name);
			char *inner = malloc(plen + nlen + 2);
			if (!inner) { failed = ENOMEM; break; }
			if (plen) { memcpy(inner, item.prefix, plen); inner[plen] = '/'; memcpy(inner + plen + 1, e->d_name, nlen + 1); }
			else memcpy(inner, e->d_name, nlen + 1);
			put_str(inner);
			put_stat(&st);
			if (++count > max) { free(inner); failed = E2BIG; break; }
			if (S_ISDIR(st.st_mode)) {
				int child = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				if (child < 0) { free(inner); continue; } /* swapped or vanished: nothing below to report */
				if (qlen == qcap) {
					qcap *= 2;
					struct walk_item *q = realloc(queue, qcap * sizeof *queue);
					if (!q) { close(child); free(inner); failed = ENOMEM; break; }
					queue = q;
				}
				queue[qlen++] = (struct walk_item){ child, inner };
			} else {
				free(inner);
			}
		}
		closedir(d);
		free(item.prefix);
	}
	for (size_t i = qhead; i < qlen; i++) { close(queue[i].fd); free(queue[i].prefix); }
	free(queue);
	if (failed) { send_error(id, failed, failed == E2BIG ? "too many entries" : NULL); return; }
	out[count_at] = count >> 24; out[count_at + 1] = count >> 16; out[count_at + 2] = count >> 8; out[count_at + 3] = count;
	send_frame(0, id);
}

static void op_open(uint32_t id, char *path, uint32_t flags, uint32_t mode) {
	int dir; char *name;
	int rc = resolve_parent(path, &dir, &name);
	if (rc < 0) { send_error(id, -rc, NULL); return; }
	int oflags = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK; /* NONBLOCK: a FIFO planted here must not hang us */
	if ((flags & OF_READ) && (flags & OF_WRITE)) oflags |= O_RDWR;
	else if (flags & OF_WRITE) oflags |= O_WRONLY;
	else oflags |= O_RDONLY;
	if (flags & OF_CREATE) oflags |= O_CREAT;
	if (flags & OF_EXCL) oflags |= O_EXCL;
	if (flags & OF_APPEND) oflags |= O_APPEND;
	if (flags & OF_DIR) oflags |= O_DIRECTORY;
	int fd;
	if (!name) {
		if (flags & (OF_WRITE | OF_CREATE)) { close(dir); send_error(id, EISDIR, NULL); return; }
		fd = dir;
		dir = -1;
	} else {
		fd = openat(dir, name, oflags, (mode_t)(mode & 0777));
		int err = fd < 0 ? swapped_errno(dir, name, errno) : 0;
		close(dir);
		if (fd < 0) { send_error(id, err, NULL); return; }
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
		close(fd);
		send_error(id, EINVAL, "not a regular file or folder");
		return;
	}
	if ((flags & OF_CREATE) && S_ISREG(st.st_mode) && (st.st_mode & 07000)) fchmod(fd, st.st_mode & 0777);
	if ((flags & OF_TRUNC) && S_ISREG(st.st_mode) && ftruncate(fd, 0) < 0) {
		int err = errno;
		close(fd);
		send_error(id, err, NULL);
		return;
	}
	/* Back to blocking for the server's reads and writes through the magic link. */
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	begin_frame();
	put_u32((uint32_t)fd);
	put_stat(&st);
	send_frame(0, id);
}

static void ok(uint32_t id) { begin_frame(); send_frame(0, id); }
static void done(uint32_t id, int rc, int err) { if (rc < 0) send_error(id, err, NULL); else ok(id); }

static int mkdir_parents(char **parts, int n, uint32_t mode) {
	int dir = open_root();
	if (dir < 0) return dir;
	for (int i = 0; i < n; i++) {
		if (mkdirat(dir, parts[i], i == n - 1 ? (mode_t)(mode & 0777) : 0755) < 0 && errno != EEXIST) {
			int err = errno;
			close(dir);
			return -err;
		}
		int next = openat(dir, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int err = next < 0 ? swapped_errno(dir, parts[i], errno) : 0;
		close(dir);
		if (next < 0) return -err;
		dir = next;
	}
	close(dir);
	return 0;
}

static void op_mkdir(uint32_t id, char *path, uint32_t mode, uint32_t parents) {
	if (parents) {
		char *parts[MAX_COMPONENTS];
		int n;
		int rc = split(path, parts, &n);
		if (rc == 0 && n == 0) rc = -EEXIST;
		if (rc == 0) rc = mkdir_parents(parts, n, mode);
		done(id, rc, -rc);
		return;
	}
	int dir; char *name;
	int rc = resolve_parent(path, &dir, &name);
	if (rc < 0) { send_error(id, -rc, NULL); return; }
	if (!name) { close(dir); send_error(id, EEXIST, NULL); return; }
	rc = mkdirat(dir, name, (mode_t)(mode & 0777));
	int err = errno;
	close(dir);
	done(id, rc, err);
}

static void op_rename(uint32_t id, char *from, char *to, uint32_t flags) {
	int fdir, tdir; char *fname, *tname;
	int rc = resolve_parent(from, &fdir, &fname);
	if (rc < 0) { send_error(id, -rc, NULL); return; }
	rc = resolve_parent(to, &tdir, &tname);
	if (rc < 0) { close(fdir); send_error(id, -rc, NULL); return; }
	if (!fname || !tname) { close(fdir); close(tdir); send_error(id, EBUSY, "the workspace root cannot be renamed"); return; }
	unsigned int rflags = (flags & 1 ? 1u /* RENAME_NOREPLACE */ : 0) | (flags & 2 ? 2u /* RENAME_EXCHANGE */ : 0);
	rc = rflags ? (int)syscall(SYS_renameat2, fdir, fname, tdir, tname, rflags) : renameat(fdir, fname, tdir, tname);
	int err = errno;
	close(fdir);
	close(tdir);
	done(id, rc, err);
}

static void op_unlink(uint32_t id, char *path, int flags) {
	int dir; char *name;
	int rc = resolve_parent(path, &dir, &name);
	if (rc < 0) { send_error(id, -rc, NULL); return; }
	if (!name) { close(dir); send_error(id, EBUSY, "the workspace root cannot be removed"); return; }
	rc = unlinkat(dir, name, flags);
	int err = errno;
	close(dir);
	done(id, rc, err);
}

/* Removes everything inside the folder `fd` (closed here), by unlinkat from folder fds only. */
static int empty_dir(int fd, uint32_t *removed, int depth) {
	if (depth > 4096) { close(fd); return -ELOOP; }
	DIR *d = fdopendir(fd);
	if (!d) { int err = errno; close(fd); return -err; }
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
		if (unlinkat(dirfd(d), e->d_name, 0) == 0) { (*removed)++; continue; }
		if (errno == ENOENT) continue;
		if (errno != EISDIR && errno != EPERM) { rc = -errno; break; }
		int child = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (child < 0) {
			if (errno == ENOENT) continue;
			/* Swapped for a symlink or a file meanwhile: it is just a name now, unlink it. */
			if ((errno == ELOOP || errno == ENOTDIR) && unlinkat(dirfd(d), e->d_name, 0) == 0) { (*removed)++; continue; }
			rc = -errno;
			break;
		}
		rc = empty_dir(child, removed, depth + 1);
		if (rc < 0) break;
		if (unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) == 0) (*removed)++;
		else if (errno != ENOENT) { rc = -errno; break; }
	}
	closedir(d);
	return rc;
}

static void op_rmtree(uint32_t id, char *path) {
	int dir; char *name;
	int rc = resolve_parent(path, &dir, &name);
	if (rc < 0) { send_error(id, -rc, NULL); return; }
	if (!name) { close(dir); send_error(id, EBUSY, "the workspace root cannot be removed"); return; }
	uint32_t removed = 0;
	if (unlinkat(dir, name, 0) == 0) removed = 1;
	else if (errno == EISDIR || errno == EPERM) {
		int child = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (child < 0) rc = -errno;
		else rc = empty_dir(child, &removed, 0);
		if (rc == 0) {
			if (unlinkat(dir, name, AT_REMOVEDIR) == 0) removed++;
			else rc = -errno;
		}
	} else rc = -errno;
	close(dir);
	if (rc < 0) { send_error(id, -rc, NULL); return; }
	begin_frame(); put_u32(removed); send_frame(0, id);
}

static void op_symlink(uint32_t id, char *target, char *path) {
	int dir; char *name;
	int rc = resolve_parent(path, &dir, &name);
	if (rc < 0) { send_error(id, -rc, NULL); return; }
	if (!name) { close(dir); send_error(id, EEXIST, NULL); return; }
	rc = symlinkat(target, dir, name);
	int err = errno;
	close(dir);
	done(id, rc, err);
}

static void op_readlink(uint32_t id, char *path) {
	int dir; char *name;
	int rc = resolve_parent(path, &dir, &name);
	if (rc < 0) { send_error(id, -rc, NULL); return; }
	if (!name) { close(dir); send_error(id, EINVAL, NULL); return; }
	char buf[PATH_MAX + 1];
	ssize_t n = readlinkat(dir, name, buf, PATH_MAX);
	int err = errno;
	close(dir);
	if (n < 0) { send_error(id, err, NULL); return; }
	buf[n] = 0;
	begin_frame(); put_bytes(buf, (size_t)n); send_frame(0, id);
}

static void op_chmod(uint32_t id, char *path, uint32_t mode) {
	int dir; char *name;
	int rc = resolve_parent(path, &dir, &name);
	if (rc < 0) { send_error(id, -rc, NULL); return; }
	int fd = name ? openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : open_root();
	int err = errno;
	close(dir);
	if (fd < 0) { send_error(id, err, NULL); return; }
	struct stat st;
	if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) { close(fd); send_error(id, EINVAL, "not a regular file or folder"); return; }
	rc = fchmod(fd, (mode_t)(mode & 0777));
	err = errno;
	close(fd);
	done(id, rc, err);
}

static void op_fsync(uint32_t id, char *path) {
	int fd = open_dir_path(path);
	if (fd < 0) { send_error(id, -fd, NULL); return; }
	fsync(fd); /* best effort: some file systems refuse to fsync folders */
	close(fd);
	ok(id);
}

/* ---------- confinement ---------- */
static void die(const char *what) {
	fprintf(stderr, "atrium-fsd: %s: %s\n", what, strerror(errno));
	_exit(71);
}

static void close_other_fds(int keep) {
	DIR *d = opendir("/proc/self/fd");
	if (!d) {
		for (int fd = 3; fd < 1024; fd++) if (fd != keep) close(fd);
		return;
	}
	int self = dirfd(d);
	struct dirent *e;
	int fds[1024], n = 0;
	while ((e = readdir(d)) && n < 1024) {
		int fd = atoi(e->d_name);
		if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && fd > 2 && fd != keep && fd != self) fds[n++] = fd;
	}
	closedir(d);
	for (int i = 0; i < n; i++) close(fds[i]);
}

#ifdef __linux__
/* Keeps only the capabilities in `keep` (bit mask), in every set, and drops the rest from the bounding set. */
static void limit_caps(uint64_t keep) {
	for (int cap = 0; cap <= 63; cap++) {
		if (keep & (1ull << cap)) continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) die("dropping a capability");
	}
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof data);
	data[0].effective = data[0].permitted = (uint32_t)keep;
	data[1].effective = data[1].permitted = (uint32_t)(keep >> 32);
	if (syscall(SYS_capset, &header, data) < 0) die("capset");
}
#endif

/* Opens ROOT, then (as root) chroots into it; the caller drops privileges next. */
static void enter_root(const char *root) {
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) die("opening the workspace folder");
	close_other_fds(fd);
	if (fchdir(fd) < 0) die("fchdir");
	if (geteuid() == 0) {
		if (chroot(".") < 0) die("chroot");
		if (chdir("/") < 0) die("chdir");
	}
	root_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0) die("opening the root");
	close(fd);
}

static void become(uid_t uid, gid_t gid) {
	int was_root = geteuid() == 0;
	if (was_root) {
		if (uid == 0 || gid == 0) { fprintf(stderr, "atrium-fsd: refusing to run as uid/gid 0\n"); _exit(64); }
		if (setgroups(0, NULL) < 0) die("setgroups");
		if (setresgid(gid, gid, gid) < 0) die("setresgid");
		if (setresuid(uid, uid, uid) < 0) die("setresuid");
		if (geteuid() == 0 || getegid() == 0) { fprintf(stderr, "atrium-fsd: still privileged after dropping\n"); _exit(71); }
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die("no_new_privs");
	/* Not dumpable: no process of the sandbox uid may ptrace us or open our fds. Only when we
	   dropped from root: the server (root) still reaches /proc/<pid>/fd; an unprivileged server
	   of the same uid would not, so there it stays dumpable. */
	if (was_root) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* ---------- adopt mode ---------- */
static uid_t adopt_uid;
static gid_t adopt_gid;
static unsigned long adopted, adopt_errors;

static void adopt_entry(int dir, const char *name, const struct stat *st) {
	if (S_ISLNK(st->st_mode)) {
		if (st->st_uid != adopt_uid || st->st_gid != adopt_gid) {
			if (fchownat(dir, name, adopt_uid, adopt_gid, AT_SYMLINK_NOFOLLOW) == 0) adopted++; else adopt_errors++;
		}
		return;
	}
	int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		/* Sockets and some devices cannot be opened: change the name's owner without following. */
		if (fchownat(dir, name, adopt_uid, adopt_gid, AT_SYMLINK_NOFOLLOW) == 0) adopted++; else adopt_errors++;
		return;
	}
	struct stat now;
	if (fstat(fd, &now) == 0) {
		if ((now.st_uid != adopt_uid || now.st_gid != adopt_gid)) { if (fchown(fd, adopt_uid, adopt_gid) == 0) adopted++; else adopt_errors++; }
		if ((S_ISREG(now.st_mode) || S_ISDIR(now.st_mode)) && (now.st_mode & 07000)) fchmod(fd, now.st_mode & 0777);
	}
	close(fd);
}

static void adopt_dir(int fd, int depth) {
	if (depth > 4096) { close(fd); return; }
	DIR *d = fdopendir(fd);
	if (!d) { close(fd); adopt_errors++; return; }
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
		adopt_entry(dirfd(d), e->d_name, &st);
		if (S_ISDIR(st.st_mode)) {
			int child = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (child >= 0) adopt_dir(child, depth + 1);
		}
	}
	closedir(d);
}

static int adopt_main(const char *root, uid_t uid, gid_t gid) {
	if (geteuid() != 0) { fprintf(stderr, "atrium-fsd: --adopt needs root\n"); return 64; }
	if (uid == 0 || gid == 0) { fprintf(stderr, "atrium-fsd: refusing to hand a tree to uid/gid 0\n"); return 64; }
	adopt_uid = uid;
	adopt_gid = gid;
	enter_root(root);
#ifdef __linux__
	/* CAP_CHOWN 0, CAP_DAC_OVERRIDE 1, CAP_DAC_READ_SEARCH 2, CAP_FOWNER 3: no chroot, mknod, mount. */
	limit_caps((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 3));
#endif
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die("no_new_privs");
	struct stat st;
	if (fstat(root_fd, &st) == 0) {
		if (st.st_uid != uid || st.st_gid != gid) { if (fchown(root_fd, uid, gid) == 0) adopted++; else adopt_errors++; }
		if (st.st_mode & 07000) fchmod(root_fd, st.st_mode & 0777);
	}
	adopt_dir(fcntl(root_fd, F_DUPFD_CLOEXEC, 3), 0);
	printf("{\"adopted\":%lu,\"errors\":%lu}\n", adopted, adopt_errors);
	return adopt_errors ? 1 : 0;
}

/* ---------- main loop ---------- */
static int read_full(int fd, unsigned char *p, size_t n) {
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r == 0) return 0;
		if (r < 0) {
			if (errno == EINTR) continue;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 1;
}

static void serve(void) {
	unsigned char header[4];
	unsigned char *frame = malloc(MAX_FRAME);
	if (!frame) die("malloc");
	for (;;) {
		if (read_full(0, header, 4) <= 0) return;
		uint32_t len = ((uint32_t)header[0] << 24) | ((uint32_t)header[1] << 16) | ((uint32_t)header[2] << 8) | header[3];
		if (len < 5 || len > MAX_FRAME) { fprintf(stderr, "atrium-fsd: bad frame length %u\n", len); _exit(65); }
		if (read_full(0, frame, len) <= 0) return;
		uint8_t op = frame[0];
		uint32_t id = ((uint32_t)frame[1] << 24) | ((uint32_t)frame[2] << 16) | ((uint32_t)frame[3] << 8) | frame[4];
		struct reader r = { frame + 5, len - 5, 0 };
		char *a = NULL, *b = NULL;
		uint32_t x = 0, y = 0;
		switch (op) {
		case OP_PING: begin_frame(); put_u32(FSD_PROTOCOL_VERSION); put_u32((uint32_t)getpid()); send_frame(0, id); break;
		case OP_STAT: a = get_str(&r); if (!r.bad) op_stat(id, a); break;
		case OP_LIST: a = get_str(&r); if (!r.bad) op_list(id, a); break;
		case OP_WALK: a = get_str(&r); x = get_u32(&r); y = get_u32(&r); if (!r.bad) op_walk(id, a, x, y); break;
		case OP_OPEN: a = get_str(&r); x = get_u32(&r); y = get_u32(&r); if (!r.bad) op_open(id, a, x, y); break;
		case OP_CLOSE: x = get_u32(&r); if (!r.bad) { if ((int)x > 2 && (int)x != root_fd) close((int)x); ok(id); } break;
		case OP_MKDIR: a = get_str(&r); x = get_u32(&r); y = get_u32(&r); if (!r.bad) op_mkdir(id, a, x, y); break;
		case OP_RENAME: a = get_str(&r); b = get_str(&r); x = get_u32(&r); if (!r.bad) op_rename(id, a, b, x); break;
		case OP_UNLINK: a = get_str(&r); if (!r.bad) op_unlink(id, a, 0); break;
		case OP_RMDIR: a = get_str(&r); if (!r.bad) op_unlink(id, a, AT_REMOVEDIR); break;
		case OP_RMTREE: a = get_str(&r); if (!r.bad) op_rmtree(id, a); break;
		case OP_SYMLINK: a = get_str(&r); b = get_str(&r); if (!r.bad) op_symlink(id, a, b); break;
		case OP_READLINK: a = get_str(&r); if (!r.bad) op_readlink(id, a); break;
		case OP_CHMOD: a = get_str(&r); x = get_u32(&r); if (!r.bad) op_chmod(id, a, x); break;
		case OP_FSYNC: a = get_str(&r); if (!r.bad) op_fsync(id, a); break;
		default: send_error(id, ENOSYS, "unknown request"); r.bad = 0; break;
		}
		if (r.bad) send_error(id, EINVAL, "malformed request");
		free(a);
		free(b);
		/* Keep memory flat after a huge listing. */
		if (out_cap > 4 * MAX_FRAME) { free(out); out = NULL; out_cap = 0; }
	}
}

static long parse_id(const char *s) {
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > 0x7fffffffL) { fprintf(stderr, "atrium-fsd: bad id %s\n", s); _exit(64); }
	return v;
}

int main(int argc, char **argv) {
	if (argc == 5 && strcmp(argv[1], "--adopt") == 0) return adopt_main(argv[2], (uid_t)parse_id(argv[3]), (gid_t)parse_id(argv[4]));
	if (argc != 4) {
		fprintf(stderr, "usage: atrium-fsd ROOT UID GID   (serve requests on stdin/stdout)\n       atrium-fsd --adopt ROOT UID GID\n");
		return 64;
	}
	umask(0);
	enter_root(argv[1]);
	become((uid_t)parse_id(argv[2]), (gid_t)parse_id(argv[3]));
	serve();
	return 0;
}
