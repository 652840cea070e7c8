/* memwarm MiB: touches MiB of anonymous memory page by page, then frees it.
 *
 * This VM returns memory that stayed free for about two seconds to its host, and the next first
 * touch of such memory is slow (the host has to back it again). The benchmark calls this right
 * before every timed phase so the pages the phase will allocate (page cache, tmpfs, server heaps)
 * are already backed, and the first-touch cost lands outside the timed region. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: memwarm MiB\n");
    return 2;
  }
  size_t mib = strtoull(argv[1], NULL, 10);
  size_t len = mib << 20;
  if (len == 0) return 0;
  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (p == MAP_FAILED) {
    perror("memwarm: mmap");
    return 1;
  }
  /* MAP_POPULATE already faults the pages in; writing one byte a page makes sure they are real
   * private pages, not the shared zero page. */
  for (size_t off = 0; off < len; off += (size_t)page) p[off] = 1;
  munmap(p, len);
  return 0;
}
