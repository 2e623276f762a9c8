// ptrace: tracing its own child, being traced, and attaching to PID 1 (the
// runner). None is needed by a submission; all must be refused.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long rc) {
  if (rc >= 0) printf("allowed %s\n", what);
  else printf("refused %s %s\n", what, strerrorname_np(errno));
}

int main(void) {
  pid_t child = fork();
  if (child == 0) {
    for (;;) pause();
  }
  show("ptrace attach child", syscall(SYS_ptrace, PTRACE_ATTACH, child, 0, 0));
  show("ptrace seize child", syscall(SYS_ptrace, PTRACE_SEIZE, child, 0, 0));
  show("ptrace attach pid1", syscall(SYS_ptrace, PTRACE_ATTACH, 1, 0, 0));
  pid_t me = fork();
  if (me == 0) {
    long rc = syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
    _exit(rc == 0 ? 0 : 1);
  }
  int status = 0;
  waitpid(me, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) printf("allowed ptrace traceme\n");
  else printf("refused ptrace traceme\n");
  kill(child, SIGKILL);
  return 0;
}
