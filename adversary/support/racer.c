/*
 * racer: what a hostile process inside a sandbox does to a server that works on the same tree.
 * Built static (gcc -static -O2) on the host at test set-up and run inside a real sandbox
 * container, so every path it names is a path inside the container and every symlink text it
 * writes is a HOST path that dangles in here but that a server on the host would follow.
 *
 *   racer swap  <path> <link-text> <seconds>
 *       Makes a symlink <path>.racer-link -> <link-text>, then exchanges <path> and the link with
 *       renameat2(RENAME_EXCHANGE) in a tight loop: the name <path> is, alternately, the real
 *       folder and a symlink to the host path. Ends with the real folder back at <path>.
 *
 *   racer watch <dir> <prefix> <link-text> <seconds>
 *       Watches <dir> for entries whose name starts with <prefix> (the server's staging folders,
 *       e.g. ".atrium-tmp-"), and exchanges every child of such a folder with a symlink to
 *       <link-text> as soon as it appears (and again whenever it reappears).
 *
 *   racer flip  <dir> <link-text> <seconds>
 *       Exchanges every child of <dir> with a symlink to <link-text>, back and forth, in a loop
 *       (for operations that walk a folder's children: copy sources, deletes, packing, grep).
 *       The links live in "links/" beside the racer binary (renameat2 exchanges across folders
 *       of one filesystem), named ".racer-<pid>-<n>".
 *
 *   racer flip2 <dir> <link-text> <seconds>
 *       The same one level deeper: every grandchild "<child>/<grandchild>" of <dir> (a recursive
 *       delete of <child> that re-resolves paths walks through the link).
 *
 * Prints one summary line ("racer <mode>: N exchanges") and exits 0 after <seconds>.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static long exchanges = 0;

/* glibc's wrapper is recent; the raw syscall works with any libc. */
static int exchange(int dirfd_a, const char *a, int dirfd_b, const char *b) {
  int r = (int)syscall(SYS_renameat2, dirfd_a, a, dirfd_b, b, RENAME_EXCHANGE);
  if (r == 0) exchanges++;
  return r;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static int is_ours(const char *name) { return strstr(name, ".racer-") != NULL; }

static int mode_swap(const char *target, const char *text, double until) {
  char link[4096];
  snprintf(link, sizeof link, "%s.racer-link", target);
  unlink(link);
  if (symlink(text, link) != 0) {
    perror("symlink");
    return 1;
  }
  long i = 0;
  while (now() < until) {
    exchange(AT_FDCWD, target, AT_FDCWD, link);
    if ((++i & 1023) == 0) sched_yield();
  }
  /* Leave the real entry under its own name (an odd count means the link holds it now). */
  struct stat st;
  if (lstat(target, &st) == 0 && S_ISLNK(st.st_mode)) exchange(AT_FDCWD, target, AT_FDCWD, link);
  unlink(link);
  return 0;
}

/* Exchanges every child of the open folder `fd` with a fresh symlink to `text`. */
static void poison_children(int fd, const char *text) {
  DIR *d = fdopendir(dup(fd));
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || is_ours(e->d_name)) continue;
    struct stat st;
    if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISLNK(st.st_mode)) continue;
    char link[300];
    snprintf(link, sizeof link, "%.200s.racer-%ld", e->d_name, exchanges);
    if (symlinkat(text, fd, link) != 0) continue;
    /* The real child now sits under the link's name, where the server will not look for it. */
    if (exchange(fd, e->d_name, fd, link) != 0) unlinkat(fd, link, 0);
  }
  closedir(d);
}

static int mode_watch(const char *dir, const char *prefix, const char *text, double until) {
  while (now() < until) {
    DIR *d = opendir(dir);
    if (!d) {
      usleep(1000);
      continue;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (!starts_with(e->d_name, prefix)) continue;
      int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      if (fd < 0) continue;
      poison_children(fd, text);
      close(fd);
    }
    closedir(d);
  }
  return 0;
}

/* Collects the names under the open folder `fd` at `depth` (1: children, 2: grandchildren as "child/grandchild"). */
static int collect(int fd, const char *prefix, int depth, char names[][512], int n, int max) {
  DIR *d = fdopendir(dup(fd));
  if (!d) return n;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && n < max) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || is_ours(e->d_name)) continue;
    if (depth == 1) {
      snprintf(names[n++], 512, "%s%.200s", prefix, e->d_name);
    } else {
      int child = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      if (child < 0) continue;
      char sub[300];
      snprintf(sub, sizeof sub, "%.200s/", e->d_name);
      n = collect(child, sub, depth - 1, names, n, max);
      close(child);
    }
  }
  closedir(d);
  return n;
}

#define FLIP_MAX 256
static char flip_names[FLIP_MAX][512];
static char flip_links[FLIP_MAX][600];

/* Where flip keeps its links: beside the racer binary, outside the folders the server works on,
 * so an operation walking those folders never meets (and never removes) the racer's own names. */
static char links_dir[4096];

/*
 * Exchanges each entry `depth` levels below `dir` with a symlink (kept in links_dir) and back,
 * over and over: the entry's name is alternately the real entry and a link to `text`.
 */
static int mode_flip(const char *dir, int depth, const char *text, double until) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY);
  if (fd < 0) {
    perror("open");
    return 1;
  }
  mkdir(links_dir, 0755);
  int lfd = open(links_dir, O_RDONLY | O_DIRECTORY);
  if (lfd < 0) {
    perror("open links");
    return 1;
  }
  int n = collect(fd, "", depth, flip_names, 0, FLIP_MAX);
  pid_t pid = getpid();
  for (int i = 0; i < n; i++) {
    snprintf(flip_links[i], 600, ".racer-%d-%d", (int)pid, i);
    unlinkat(lfd, flip_links[i], 0);
    if (symlinkat(text, lfd, flip_links[i]) != 0) flip_links[i][0] = 0;
  }
  while (now() < until) {
    for (int i = 0; i < n; i++)
      if (flip_links[i][0]) exchange(fd, flip_names[i], lfd, flip_links[i]);
  }
  for (int i = 0; i < n; i++) {
    struct stat st;
    if (!flip_links[i][0]) continue;
    if (fstatat(fd, flip_names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) exchange(fd, flip_names[i], lfd, flip_links[i]);
    unlinkat(lfd, flip_links[i], 0);
    /* A real entry left in links_dir (its name was deleted meanwhile) goes too: it is the server's leftover. */
    unlinkat(lfd, flip_links[i], AT_REMOVEDIR);
  }
  close(lfd);
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: racer swap|watch|flip|flip2 ...\n");
    return 2;
  }
  /* links_dir: "<folder of the racer binary>/links". */
  snprintf(links_dir, sizeof links_dir, "%s", argv[0]);
  char *slash = strrchr(links_dir, '/');
  if (slash) snprintf(slash, sizeof links_dir - (size_t)(slash - links_dir), "/links");
  else snprintf(links_dir, sizeof links_dir, "links");
  int rc;
  if (strcmp(argv[1], "swap") == 0 && argc == 5) rc = mode_swap(argv[2], argv[3], now() + atof(argv[4]));
  else if (strcmp(argv[1], "watch") == 0 && argc == 6) rc = mode_watch(argv[2], argv[3], argv[4], now() + atof(argv[5]));
  else if (strcmp(argv[1], "flip") == 0 && argc == 5) rc = mode_flip(argv[2], 1, argv[3], now() + atof(argv[4]));
  else if (strcmp(argv[1], "flip2") == 0 && argc == 5) rc = mode_flip(argv[2], 2, argv[3], now() + atof(argv[4]));
  else {
    fprintf(stderr, "racer: bad arguments\n");
    return 2;
  }
  printf("racer %s: %ld exchanges\n", argv[1], exchanges);
  return rc;
}
