// Races the cleanup: the parent exits at once while its children, in their
// own sessions, keep forking and creating, renaming and deleting files and
// directories in /tmp and /dev/shm as fast as they can.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  for (int c = 0; c < 4; c++) {
    if (fork() == 0) {
      setsid();
      const char *root = c % 2 ? "/tmp" : "/dev/shm";
      char a[64], b[64];
      for (long i = 0;; i++) {
        snprintf(a, sizeof a, "%s/r%d-%ld", root, c, i % 1000);
        snprintf(b, sizeof b, "%s/r%d-%ld.d", root, c, i % 1000);
        int fd = open(a, O_WRONLY | O_CREAT, 0644);
        if (fd >= 0) close(fd);
        mkdir(b, 0755);
        rename(a, b);
        if (i % 5000 == 0 && fork() == 0) continue;
      }
    }
  }
  usleep(100 * 1000);
  puts("left them racing");
  return 0;
}
