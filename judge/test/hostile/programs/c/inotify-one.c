// The companion of inotify-hog, in another sandbox at the same time: an
// honest program that needs one inotify instance, asking every 20 ms for as
// long as the time limit.
// stdin: the time limit in ms.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(void) {
  double limit = 0;
  if (scanf("%lf", &limit) != 1) return 2;
  double start = now_ms();
  int tries = 0;
  while (now_ms() - start < limit) {
    tries++;
    int fd = inotify_init1(0);
    if (fd < 0) {
      printf("denied after %d tries: %s\n", tries, strerrorname_np(errno));
      return 0;
    }
    close(fd);
    usleep(20 * 1000);
  }
  printf("got an inotify instance\n");
  return 0;
}
