// Memory hidden in memfds: 3x the memory limit written into anonymous tmpfs
// files with write() (each under the file size limit), never mapped, so it
// is in no process's RSS.
// stdin: the memory limit in MiB.
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  long mb = 0;
  if (scanf("%ld", &mb) != 1) return 2;
  static char chunk[1 << 20];
  memset(chunk, 1, sizeof chunk);
  long written = 0;
  for (long i = 0; i < 3 * mb; i += 16) {
    int fd = memfd_create("hoard", 0);
    if (fd < 0) {
      perror("memfd_create");
      return 3;
    }
    for (int j = 0; j < 16; j++)
      if (write(fd, chunk, sizeof chunk) == (ssize_t)sizeof chunk) written++;
  }
  usleep(200 * 1000);
  printf("memfds hold %ld MiB\n", written);
  return 0;
}
