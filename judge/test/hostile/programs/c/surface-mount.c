// Mounting: a tmpfs over /tmp, a bind of /, unmounting the scratch space,
// and the setuid mount binary. All must be refused.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int rc) {
  if (rc == 0) printf("allowed %s\n", what);
  else printf("refused %s %s\n", what, strerrorname_np(errno));
}

int main(void) {
  show("mount tmpfs", mount("none", "/tmp", "tmpfs", 0, "size=1m"));
  show("mount bind", mount("/", "/tmp", NULL, MS_BIND, NULL));
  show("umount /tmp", umount2("/tmp", MNT_DETACH));
  show("umount /box", umount2("/box", MNT_DETACH));
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", 1);
    dup2(null, 1);
    dup2(null, 2);
    execl("/bin/mount", "mount", "-t", "tmpfs", "none", "/tmp", (char *)0);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) printf("allowed setuid mount\n");
  else printf("refused setuid mount status %d\n", status);
  return 0;
}
