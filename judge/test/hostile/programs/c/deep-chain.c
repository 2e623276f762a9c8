// A directory chain 30000 levels deep under /tmp, built with mkdirat/openat
// (no path ever longer than one name), with the test's input at the bottom.
// A recursive delete holding one descriptor per level cannot remove it.
// stdin: the (hidden) test input.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  char input[256];
  size_t len = fread(input, 1, sizeof input, stdin);
  int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
  int depth = 0;
  for (; depth < 30000; depth++) {
    if (mkdirat(dir, "d", 0755) < 0) break;
    int sub = openat(dir, "d", O_RDONLY | O_DIRECTORY);
    if (sub < 0) break;
    close(dir);
    dir = sub;
  }
  int fd = openat(dir, "stash", O_WRONLY | O_CREAT, 0644);
  if (fd >= 0 && write(fd, input, len) == (ssize_t)len) printf("stashed at depth %d\n", depth);
  return 0;
}
