// Attacks on PID 1, the runner that measures and cleans up: signals of every
// kind, lowering its limits, changing its priority and OOM score, reading its
// memory. All must be refused.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static void show(const char *what, int rc) {
  if (rc == 0) printf("allowed %s\n", what);
  else printf("refused %s %s\n", what, strerrorname_np(errno));
}

int main(void) {
  int sigs[] = {SIGKILL, SIGTERM, SIGSTOP, SIGINT, SIGCHLD, SIGPIPE, SIGUSR1};
  for (int i = 0; i < 7; i++) {
    char what[64];
    snprintf(what, sizeof what, "kill pid1 %s", sigabbrev_np(sigs[i]));
    show(what, kill(1, sigs[i]));
  }
  struct rlimit zero = {0, 0};
  show("prlimit pid1 nofile", prlimit(1, RLIMIT_NOFILE, &zero, NULL));
  show("setpriority pid1", setpriority(PRIO_PROCESS, 1, 19));
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  show("sched_setaffinity pid1", sched_setaffinity(1, sizeof one, &one));
  int fd = open("/proc/1/oom_score_adj", O_WRONLY);
  show("open pid1 oom_score_adj", fd < 0 ? -1 : 0);
  fd = open("/proc/1/mem", O_RDONLY);
  show("open pid1 mem", fd < 0 ? -1 : 0);
  return 0;
}
