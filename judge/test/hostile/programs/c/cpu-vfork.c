// CPU hidden in a vfork child: the parent is suspended (no CPU) while the
// child burns 1.5x the time limit; the child _exits and is never waited for.
// stdin: the time limit in ms.
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double limit;

int main(void) {
  if (scanf("%lf", &limit) != 1) return 2;
  pid_t pid = vfork();
  if (pid == 0) {
    volatile unsigned long x = 0;
    double start = cpu_ms();
    while (cpu_ms() - start < 1.5 * limit)
      for (int i = 0; i < 100000; i++) x++;
    _exit(0);
  }
  printf("child %d done\n", pid > 0);
  return 0;
}
