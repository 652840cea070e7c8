/* metaops DIR COUNT: in the one directory DIR, creates COUNT empty files, then stats each, then
 * unlinks each, and prints one line per phase: "<phase> <ops> <seconds> <ops per second>".
 *
 * Each phase is timed on its own (CLOCK_MONOTONIC) because their costs differ in kind: create is a
 * LOOKUP miss plus CREATE, RELEASE and maybe FLUSH; stat may be answered from the kernel's attribute
 * cache (so it shows the server's TTLs); unlink is a LOOKUP hit plus UNLINK. The file is closed right
 * after creation so the create phase includes the release. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report(const char *phase, long n, double t0) {
  double dt = now() - t0;
  printf("%s %ld %.6f %.1f\n", phase, n, dt, n / dt);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: metaops DIR COUNT\n");
    return 2;
  }
  const char *dir = argv[1];
  long count = strtol(argv[2], NULL, 10);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  if (dfd < 0) {
    fprintf(stderr, "metaops: open %s: %s\n", dir, strerror(errno));
    return 1;
  }
  char name[64];
  double t0 = now();
  for (long i = 0; i < count; i++) {
    snprintf(name, sizeof name, "f%07ld", i);
    int fd = openat(dfd, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0 || close(fd) != 0) {
      fprintf(stderr, "metaops: create %s: %s\n", name, strerror(errno));
      return 1;
    }
  }
  report("create", count, t0);

  struct stat st;
  t0 = now();
  for (long i = 0; i < count; i++) {
    snprintf(name, sizeof name, "f%07ld", i);
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
      fprintf(stderr, "metaops: stat %s: %s\n", name, strerror(errno));
      return 1;
    }
  }
  report("stat", count, t0);

  t0 = now();
  for (long i = 0; i < count; i++) {
    snprintf(name, sizeof name, "f%07ld", i);
    if (unlinkat(dfd, name, 0) != 0) {
      fprintf(stderr, "metaops: unlink %s: %s\n", name, strerror(errno));
      return 1;
    }
  }
  report("unlink", count, t0);
  close(dfd);
  return 0;
}
