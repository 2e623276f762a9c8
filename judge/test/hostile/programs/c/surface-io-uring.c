// io_uring: an asynchronous I/O interface with a long record of kernel bugs;
// no submission needs it. io_uring_setup must be refused.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  unsigned char params[120] = {0};  // struct io_uring_params
  long fd = syscall(425 /* io_uring_setup */, 4, params);
  if (fd >= 0) printf("allowed io_uring_setup fd=%ld\n", fd);
  else printf("refused io_uring_setup %s\n", strerrorname_np(errno));
  return 0;
}
