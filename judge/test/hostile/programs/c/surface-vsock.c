// AF_VSOCK: sockets to the hypervisor or host, outside any network namespace.
// Creating one must be refused.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  int types[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET};
  const char *names[] = {"stream", "dgram", "seqpacket"};
  for (int i = 0; i < 3; i++) {
    long fd = syscall(SYS_socket, 40 /* AF_VSOCK */, types[i], 0);
    if (fd >= 0) printf("allowed vsock %s\n", names[i]);
    else printf("refused vsock %s %s\n", names[i], strerrorname_np(errno));
  }
  return 0;
}
