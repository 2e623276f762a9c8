// Packet and raw sockets: crafting frames below the network stack. AF_PACKET
// (raw and datagram) and raw IPv4/IPv6 sockets must be refused.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  struct {
    int domain, type, proto;
    const char *name;
  } s[] = {{AF_PACKET, SOCK_RAW, 0x0300, "packet raw"},
           {AF_PACKET, SOCK_DGRAM, 0x0300, "packet dgram"},
           {AF_INET, SOCK_RAW, 1, "inet raw icmp"},
           {AF_INET6, SOCK_RAW, 58, "inet6 raw icmp"}};
  for (int i = 0; i < 4; i++) {
    long fd = syscall(SYS_socket, s[i].domain, s[i].type, htons(s[i].proto));
    if (s[i].domain != AF_PACKET && fd < 0) fd = syscall(SYS_socket, s[i].domain, s[i].type, s[i].proto);
    if (fd >= 0) printf("allowed %s\n", s[i].name);
    else printf("refused %s %s\n", s[i].name, strerrorname_np(errno));
  }
  return 0;
}
