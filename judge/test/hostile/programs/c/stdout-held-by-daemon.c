// The program answers and exits, but a daemon it started (own session,
// ignoring every signal it can) keeps stdout and stderr open forever. The run
// must end when the program ends, not when the pipe closes.
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  if (fork() == 0) {
    setsid();
    for (int s = 1; s < 65; s++) signal(s, SIG_IGN);
    for (;;) pause();
  }
  puts("answered");
  return 0;
}
