// Tricks with the stdout pipe: made non-blocking and as large as the kernel
// allows, filled with 900 KiB as fast as possible, and the program exits the
// moment the last byte is queued. Every byte must be read and checked.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  fcntl(1, F_SETPIPE_SZ, 1 << 20);
  fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK);
  static char buf[900 << 10];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (i + 1) % 64 ? 'a' + (i / 64) % 26 : '\n';
  size_t off = 0;
  while (off < sizeof buf) {
    ssize_t n = write(1, buf + off, sizeof buf - off);
    if (n > 0) off += (size_t)n;
    else if (errno == EAGAIN) poll(&(struct pollfd){.fd = 1, .events = POLLOUT}, 1, 10);
    else return 3;
  }
  return 0;
}
