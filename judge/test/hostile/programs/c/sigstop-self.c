// A program that stops itself (after a child does the same): it uses no CPU
// from then on, so only the wall clock can end it: TLE.
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  if (fork() == 0) raise(SIGSTOP);
  puts("stopping");
  fflush(stdout);
  raise(SIGSTOP);
  return 0;
}
