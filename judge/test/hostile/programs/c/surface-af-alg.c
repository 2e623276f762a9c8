// AF_ALG: the kernel crypto API as sockets, home of several privilege
// escalations. Creating and binding one must be refused.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/if_alg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  long fd = syscall(SYS_socket, AF_ALG, SOCK_SEQPACKET, 0);
  if (fd < 0) {
    printf("refused af_alg socket %s\n", strerrorname_np(errno));
    return 0;
  }
  struct sockaddr_alg sa = {.salg_family = AF_ALG};
  strcpy((char *)sa.salg_type, "hash");
  strcpy((char *)sa.salg_name, "sha256");
  if (bind((int)fd, (struct sockaddr *)&sa, sizeof sa) == 0) printf("allowed af_alg socket and bind\n");
  else printf("allowed af_alg socket, bind %s\n", strerrorname_np(errno));
  return 0;
}
