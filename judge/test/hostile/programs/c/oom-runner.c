// Makes the runner the biggest process of its container, then runs the
// container out of memory with memory no process's RSS shows (data queued
// in unix sockets, held by small processes): the kernel's OOM killer picks
// the process with the largest footprint. The run must end as MLE, never
// with the sandbox itself dead (IE).
// stdin: the memory limit in MiB.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char chunk[1 << 16];

static long fill(int fd) {
  long n = 0;
  fcntl(fd, F_SETFL, O_NONBLOCK);
  for (ssize_t w; (w = write(fd, chunk, sizeof chunk)) > 0;) n += w;
  return n;
}

int main(void) {
  long mb = 0;
  if (scanf("%ld", &mb) != 1) return 2;
  /* The runner keeps the output until the run ends: 1000 KiB of it, written
     by a child, so that no process of the program holds the buffer. */
  if (fork() == 0) {
    static char out[1000 << 10];
    memset(out, 'o', sizeof out);
    fwrite(out, 1, sizeof out, stdout);
    fflush(stdout);
    _exit(0);
  }
  usleep(100 * 1000);
  for (int c = 0; c < 6; c++) {
    if (fork() == 0) {
      int sv[2];
      for (long held = 0; held < (8 * mb << 20) / 6 && socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0;)
        held += fill(sv[0]) + fill(sv[1]);
      pause();
    }
  }
  pause();
  return 0;
}
