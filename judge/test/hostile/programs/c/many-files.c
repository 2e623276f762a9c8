// Inode exhaustion: empty files in /tmp and /dev/shm until the file system
// refuses or 40% of the time limit is spent, whichever comes first (file
// creation is kernel time: on a busy machine its wall time is a multiple).
// stdin: the time limit in ms.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(void) {
  double limit = 0;
  if (scanf("%lf", &limit) != 1) return 2;
  const char *dirs[] = {"/tmp", "/dev/shm"};
  long total = 0;
  for (int d = 0; d < 2; d++) {
    int dir = open(dirs[d], O_RDONLY | O_DIRECTORY);
    long n = 0;
    int err = 0;
    char name[32];
    while (cpu_ms() < limit * (d + 1) * 0.2) {
      snprintf(name, sizeof name, "f%ld", n);
      int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL, 0644);
      if (fd < 0) {
        err = errno;
        break;
      }
      close(fd);
      n++;
    }
    printf("%s: %ld files, stopped by %s\n", dirs[d], n, err ? strerror(err) : "time");
    total += n;
  }
  printf("total %ld\n", total);
  return 0;
}
