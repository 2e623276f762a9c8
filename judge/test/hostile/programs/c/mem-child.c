// Memory hidden in a child: the child touches 3x the memory limit and holds it
// while the parent, itself tiny, waits for its report.
// stdin: the memory limit in MiB.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  long mb = 0;
  if (scanf("%ld", &mb) != 1) return 2;
  int p[2];
  if (pipe(p)) return 3;
  if (fork() == 0) {
    close(p[0]);
    size_t n = (size_t)(3 * mb) << 20;
    char *m = malloc(n);
    if (!m) _exit(4);
    memset(m, 1, n);
    dprintf(p[1], "child holds %ld MiB\n", 3 * mb);
    usleep(300 * 1000);
    _exit(m[n - 1] == 1 ? 0 : 5);
  }
  close(p[1]);
  char buf[64];
  ssize_t n = read(p[0], buf, sizeof buf - 1);
  if (n > 0) fwrite(buf, 1, (size_t)n, stdout);
  return 0;
}
