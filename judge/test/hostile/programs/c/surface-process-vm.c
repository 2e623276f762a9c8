// process_vm_readv / writev: reading or writing another process's memory
// directly. On a child and on PID 1: refused.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

static char target[64] = "child memory";

int main(void) {
  pid_t child = fork();
  if (child == 0) {
    for (;;) pause();
  }
  char buf[64];
  struct iovec local = {buf, sizeof buf}, remote = {target, sizeof target};
  struct {
    pid_t pid;
    const char *name;
  } who[] = {{child, "child"}, {1, "pid1"}};
  for (int i = 0; i < 2; i++) {
    ssize_t n = process_vm_readv(who[i].pid, &local, 1, &remote, 1, 0);
    if (n >= 0) printf("allowed process_vm_readv %s\n", who[i].name);
    else printf("refused process_vm_readv %s %s\n", who[i].name, strerrorname_np(errno));
    n = process_vm_writev(who[i].pid, &local, 1, &remote, 1, 0);
    if (n >= 0) printf("allowed process_vm_writev %s\n", who[i].name);
    else printf("refused process_vm_writev %s %s\n", who[i].name, strerrorname_np(errno));
  }
  kill(child, SIGKILL);
  return 0;
}
