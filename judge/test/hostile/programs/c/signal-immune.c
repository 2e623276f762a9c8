// Processes that refuse to die politely: children that ignore and block every
// catchable signal, one stopped, one burning CPU at the lowest priority, one
// in a new session whose parent already exited; the program itself exits.
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

int main(void) {
  for (int c = 0; c < 4; c++) {
    if (fork() == 0) {
      sigset_t all;
      sigfillset(&all);
      sigprocmask(SIG_BLOCK, &all, NULL);
      for (int s = 1; s < 65; s++) signal(s, SIG_IGN);
      close(1);
      close(2);
      if (c == 0) raise(SIGSTOP);
      if (c == 1) {
        setpriority(PRIO_PROCESS, 0, 19);
        for (volatile unsigned long x = 0;; x++) {
        }
      }
      if (c == 2 && fork() > 0) _exit(0);
      setsid();
      for (;;) pause();
    }
  }
  usleep(50 * 1000);
  puts("children left behind");
  return 0;
}
