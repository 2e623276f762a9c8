// Kernel keyrings: keyed by uid across the whole host, so a key left by one
// sandbox could be read from another. add_key and keyctl must be refused.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  long k = syscall(SYS_add_key, "user", "probe", "x", 1, -4 /* KEY_SPEC_USER_KEYRING */);
  if (k >= 0) printf("allowed add_key\n");
  else printf("refused add_key %s\n", strerrorname_np(errno));
  long r = syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, "probe");
  if (r >= 0) printf("allowed keyctl join session\n");
  else printf("refused keyctl join session %s\n", strerrorname_np(errno));
  return 0;
}
