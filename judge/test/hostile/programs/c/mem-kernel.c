// Memory hidden in the kernel: data queued in unix socket pairs and pipes
// that nobody reads, in several processes. No process's RSS and no tmpfs
// page shows it.
// stdin: the memory limit in MiB.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static char chunk[1 << 16];

/* Fills fd until it would block; bytes queued. */
static long fill(int fd) {
  long n = 0;
  fcntl(fd, F_SETFL, O_NONBLOCK);
  for (;;) {
    ssize_t w = write(fd, chunk, sizeof chunk);
    if (w <= 0) return n;
    n += w;
  }
}

int main(void) {
  long mb = 0;
  if (scanf("%ld", &mb) != 1) return 2;
  long target = 3 * mb << 20;
  int p[2];
  if (pipe(p)) return 3;
  for (int c = 0; c < 6; c++) {
    if (fork() == 0) {
      close(p[0]);
      long held = 0;
      int sv[2], pp[2];
      while (held < target / 6) {
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
          held += fill(sv[0]) + fill(sv[1]);
        } else if (pipe(pp) == 0) {
          fcntl(pp[1], F_SETPIPE_SZ, 1 << 20);
          held += fill(pp[1]);
        } else {
          break;
        }
      }
      dprintf(p[1], "%ld\n", held >> 20);
      close(p[1]);
      pause();
    }
  }
  close(p[1]);
  long total = 0, v;
  FILE *f = fdopen(p[0], "r");
  while (fscanf(f, "%ld", &v) == 1) total += v;
  printf("queued %ld MiB in the kernel\n", total);
  return 0;
}
