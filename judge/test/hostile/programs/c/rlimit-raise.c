// Raising the limits the runner set: CPU, file size, open files, stack, and
// core dumps beyond their hard limits. All must be refused.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

int main(void) {
  struct {
    int res;
    const char *name;
  } r[] = {{RLIMIT_CPU, "cpu"}, {RLIMIT_FSIZE, "fsize"}, {RLIMIT_NOFILE, "nofile"}, {RLIMIT_CORE, "core"}};
  for (int i = 0; i < 4; i++) {
    struct rlimit cur;
    getrlimit(r[i].res, &cur);
    if (cur.rlim_max == RLIM_INFINITY) {
      printf("ok %s hard limit is unlimited\n", r[i].name);
      continue;
    }
    struct rlimit more = {cur.rlim_max + 1, cur.rlim_max + 1};
    if (setrlimit(r[i].res, &more) == 0) printf("allowed raise %s\n", r[i].name);
    else printf("refused raise %s %s\n", r[i].name, strerrorname_np(errno));
  }
  return 0;
}
