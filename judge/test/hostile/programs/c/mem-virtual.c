// Honest: reserves 16 GiB of address space but touches only 8 MiB. Address
// space is not memory: this must stay AC under a 64 MiB limit.
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  size_t n = (size_t)16 << 30;
  char *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) {
    perror("mmap");
    return 3;
  }
  memset(m, 1, 8 << 20);
  printf("reserved 16 GiB, touched 8 MiB\n");
  return 0;
}
