// New namespaces: a user namespace gives a process every capability inside
// it, the way into most container escapes. unshare, clone and setns with
// namespace flags must be refused.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  struct {
    int flag;
    const char *name;
  } ns[] = {{CLONE_NEWUSER, "user"}, {CLONE_NEWNS, "mount"}, {CLONE_NEWPID, "pid"}, {CLONE_NEWNET, "net"},
            {CLONE_NEWUTS, "uts"},   {CLONE_NEWIPC, "ipc"},  {CLONE_NEWCGROUP, "cgroup"}};
  for (int i = 0; i < 7; i++) {
    pid_t pid = fork();
    if (pid == 0) _exit(unshare(ns[i].flag) == 0 ? 0 : errno);
    int status = 0;
    waitpid(pid, &status, 0);
    int err = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (err == 0) printf("allowed unshare %s\n", ns[i].name);
    else printf("refused unshare %s %s\n", ns[i].name, strerrorname_np(err));
  }
  long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
  if (pid == 0) _exit(0);
  if (pid > 0) {
    waitpid((pid_t)pid, NULL, 0);
    printf("allowed clone newuser\n");
  } else {
    printf("refused clone newuser %s\n", strerrorname_np(errno));
  }
  int fd = open("/proc/1/ns/mnt", O_RDONLY);
  if (fd >= 0 && setns(fd, 0) == 0) printf("allowed setns pid1\n");
  else printf("refused setns pid1 %s\n", strerrorname_np(errno));
  return 0;
}
