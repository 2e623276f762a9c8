// Scheduling: higher priority (nice -20), real-time policies. Refused. Pinning
// to a CPU of the container is allowed and harmless: the CPU quota applies.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

int main(void) {
  if (setpriority(PRIO_PROCESS, 0, -20) == 0) printf("allowed nice -20\n");
  else printf("refused nice -20 %s\n", strerrorname_np(errno));
  struct sched_param p = {.sched_priority = 50};
  if (sched_setscheduler(0, SCHED_FIFO, &p) == 0) printf("allowed SCHED_FIFO\n");
  else printf("refused SCHED_FIFO %s\n", strerrorname_np(errno));
  if (sched_setscheduler(0, SCHED_RR, &p) == 0) printf("allowed SCHED_RR\n");
  else printf("refused SCHED_RR %s\n", strerrorname_np(errno));
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  printf("ok sched_setaffinity cpu0 %s\n", sched_setaffinity(0, sizeof set, &set) == 0 ? "done" : "refused");
  return 0;
}
