// userfaultfd: lets a process stall the kernel on its page faults, a classic
// tool to widen kernel race windows. Both the syscall and /dev/userfaultfd
// must be refused.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  long fd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
  if (fd >= 0) printf("allowed userfaultfd\n");
  else printf("refused userfaultfd %s\n", strerrorname_np(errno));
  int dev = open("/dev/userfaultfd", O_RDWR);
  if (dev >= 0) printf("allowed /dev/userfaultfd\n");
  else printf("refused /dev/userfaultfd %s\n", strerrorname_np(errno));
  return 0;
}
