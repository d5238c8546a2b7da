/* Hand-written on purpose: a per-folder noexec mount inside a running container needs setns + the new mount API; no tool does only that. */
/*
 * atrium-noexec: mounts workspace folders noexec (and nosuid, nodev) INSIDE a running sandbox
 * container, for NO_EXEC path rules. Docker's mount API has no per-folder noexec, and a host path
 * a tenant can change must never become a mount source (a folder swapped for a symlink between
 * check and mount would put noexec, or worse a bind, somewhere else). So:
 *
 *   1. rootfd = open("/proc/<pid>/root")          the container's root, opened BEFORE setns
 *   2. setns(open("/proc/<pid>/ns/mnt"), NEWNS)   join its mount namespace; from here on nothing
 *                                                 is exec'd (the container's binaries are the
 *                                                 tenant's) and no path goes through /proc
 *   3. per folder: fd = openat2(rootfd, "workspace/<rel>", RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS |
 *      RESOLVE_NO_MAGICLINKS): resolved only inside the container's root, never through a
 *      symlink. A sandbox process that swaps the folder (or a parent) for a symlink makes this
 *      fail with ELOOP: the folder is reported and skipped, nothing outside is touched.
 *      Not RESOLVE_NO_XDEV: /workspace is itself a mount below the root, as are the masks over
 *      protected files and earlier noexec mounts; all of them were made by Atrium or Docker (the
 *      sandbox has no CAP_SYS_ADMIN), so crossing them is safe and needed.
 *      tree = open_tree(fd, OPEN_TREE_CLONE | AT_RECURSIVE)   recursive, so masks over protected
 *                                                             files below the folder stay on
 *      mount_setattr(tree, AT_RECURSIVE, NOEXEC|NOSUID|NODEV)
 *      move_mount(tree -> fd)                     the copy is stacked on the very folder opened
 *   A folder that is already noexec (a previous apply) is left alone, so applying is idempotent.
 *
 * Runs as root on the host (setns needs CAP_SYS_ADMIN); single-threaded and static (setns into a
 * mount namespace refuses multi-threaded callers).
 *
 * Usage: atrium-noexec PID REL...   REL: workspace-relative folder ("/"-separated, no "", "." or
 * ".." component, no leading "/").
 * Output, one line per REL in order:  "ok REL" | "already REL" | "skip REL ERRNO-NAME".
 * Exit 0 when every REL got a line; 2 on a usage error; 3 when the container cannot be entered.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef ST_NOEXEC
#define ST_NOEXEC 8
#endif

static int valid_rel(const char *rel) {
  size_t n = strlen(rel);
  if (n == 0 || n > 3000 || rel[0] == '/') return 0;
  const char *p = rel;
  while (*p) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.')) return 0;
    p += len;
    if (*p == '/') p++;
  }
  return rel[n - 1] != '/';
}

static const char *errname(int e) {
  switch (e) {
    case ENOENT: return "ENOENT";
    case ENOTDIR: return "ENOTDIR";
    case ELOOP: return "ELOOP";
    case EXDEV: return "EXDEV";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EINVAL: return "EINVAL";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    default: return "EIO";
  }
}

static int apply(int rootfd, const char *rel) {
  char path[4096];
  snprintf(path, sizeof path, "workspace/%s", rel);
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  int fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
  if (fd < 0) return -errno;
  struct statfs sf;
  if (fstatfs(fd, &sf) == 0 && (sf.f_flags & ST_NOEXEC)) {
    close(fd);
    return 1;
  }
  int tree = (int)syscall(SYS_open_tree, fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
  if (tree < 0) {
    int e = errno;
    close(fd);
    return -e;
  }
  struct mount_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.attr_set = MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  int rc = (int)syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr);
  if (rc == 0) rc = (int)syscall(SYS_move_mount, tree, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
  int e = errno;
  close(tree);
  close(fd);
  return rc == 0 ? 0 : -e;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: atrium-noexec PID REL...\n");
    return 2;
  }
  char *end = NULL;
  long pid = strtol(argv[1], &end, 10);
  if (!end || *end || pid <= 1 || pid > 4194304) {
    fprintf(stderr, "atrium-noexec: bad pid\n");
    return 2;
  }
  for (int i = 2; i < argc; i++) {
    if (!valid_rel(argv[i])) {
      fprintf(stderr, "atrium-noexec: bad folder %s\n", argv[i]);
      return 2;
    }
  }
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/%ld/root", pid);
  int rootfd = open(proc, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) {
    fprintf(stderr, "atrium-noexec: cannot open the container's root: %s\n", strerror(errno));
    return 3;
  }
  snprintf(proc, sizeof proc, "/proc/%ld/ns/mnt", pid);
  int nsfd = open(proc, O_RDONLY | O_CLOEXEC);
  if (nsfd < 0 || setns(nsfd, CLONE_NEWNS) != 0) {
    fprintf(stderr, "atrium-noexec: cannot enter the container's mount namespace: %s\n", strerror(errno));
    return 3;
  }
  close(nsfd);
  for (int i = 2; i < argc; i++) {
    int r = apply(rootfd, argv[i]);
    if (r == 0) printf("ok %s\n", argv[i]);
    else if (r == 1) printf("already %s\n", argv[i]);
    else printf("skip %s %s\n", argv[i], errname(-r));
  }
  return fflush(stdout) == 0 ? 0 : 3;
}
