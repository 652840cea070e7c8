/* mkfiles DIR COUNT [PER_DIR]: creates COUNT empty regular files under DIR, PER_DIR (default 1000)
 * to a subdirectory d0, d1, ..., each with one mknod(2) (one LOOKUP miss and one MKNOD through FUSE,
 * no open or release), and prints "mkfiles <count> <seconds> <files per second>".
 * For measuring what a file server holds per file, not for timing comparisons. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: mkfiles DIR COUNT [PER_DIR]\n");
    return 2;
  }
  const char *dir = argv[1];
  long count = atol(argv[2]);
  long per = argc == 4 ? atol(argv[3]) : 1000;
  if (count < 0 || per <= 0) {
    fprintf(stderr, "mkfiles: COUNT >= 0 and PER_DIR > 0\n");
    return 2;
  }
  char path[4096];
  double t0 = now();
  for (long i = 0; i < count; i++) {
    if (i % per == 0) {
      snprintf(path, sizeof path, "%s/d%ld", dir, i / per);
      if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "mkfiles: mkdir %s: %s\n", path, strerror(errno));
        return 1;
      }
    }
    snprintf(path, sizeof path, "%s/d%ld/f%ld", dir, i / per, i);
    if (mknod(path, S_IFREG | 0644, 0) != 0) {
      fprintf(stderr, "mkfiles: mknod %s: %s (after %ld files)\n", path, strerror(errno), i);
      return 1;
    }
  }
  double dt = now() - t0;
  printf("mkfiles %ld %.3f %.0f\n", count, dt, count / dt);
  return 0;
}
