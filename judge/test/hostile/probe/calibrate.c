// Calibration: a tenth of the file system work of the heaviest programs (a
// 3000-level directory chain and 3000 files in /tmp). Its CPU time, measured
// on the machine that runs the suite, sets their time limit.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
  int depth = 0;
  for (; depth < 3000; depth++) {
    if (mkdirat(dir, "c", 0755) < 0) break;
    int sub = openat(dir, "c", O_RDONLY | O_DIRECTORY);
    if (sub < 0) break;
    close(dir);
    dir = sub;
  }
  int files = 0;
  char name[16];
  for (; files < 3000; files++) {
    snprintf(name, sizeof name, "f%d", files);
    int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) break;
    close(fd);
  }
  printf("%d %d\n", depth, files);
  return 0;
}
