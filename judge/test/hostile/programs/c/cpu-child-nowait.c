// CPU hidden in a child: the child burns 1.5x the time limit and reports
// through a pipe; the parent only reads the pipe (no CPU of its own) and exits
// without waiting, so the child is never counted by wait4.
// stdin: the time limit in ms.
#include <stdio.h>
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
  int p[2];
  if (pipe(p)) return 3;
  if (fork() == 0) {
    close(p[0]);
    volatile unsigned long x = 0;
    double start = cpu_ms();
    while (cpu_ms() - start < 1.5 * limit)
      for (int i = 0; i < 100000; i++) x++;
    dprintf(p[1], "burned %.0f ms\n", cpu_ms() - start);
    _exit(0);
  }
  close(p[1]);
  char buf[64];
  ssize_t n = read(p[0], buf, sizeof buf - 1);
  if (n > 0) fwrite(buf, 1, (size_t)n, stdout);
  return 0;
}
