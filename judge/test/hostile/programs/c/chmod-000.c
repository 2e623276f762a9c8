// Directories and files their owner made inaccessible: mode 000 trees,
// write-only and search-only directories, sticky and setgid bits, under /tmp
// and /dev/shm. Removing them needs the cleanup to restore access first.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int made;

static void tree(int parent, const char *name, int depth) {
  if (mkdirat(parent, name, 0755) < 0) return;
  made++;
  int dir = openat(parent, name, O_RDONLY | O_DIRECTORY);
  if (dir < 0) return;
  for (int i = 0; i < 3; i++) {
    char f[16];
    snprintf(f, sizeof f, "f%d", i);
    int fd = openat(dir, f, O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) {
      if (write(fd, "x", 1) == 1) made++;
      fchmod(fd, 0);
      close(fd);
    }
  }
  if (depth > 0) {
    tree(dir, "a", depth - 1);
    tree(dir, "b", depth - 1);
  }
  static const mode_t modes[] = {0, 0111, 0222, 01000, 02000, 0100};
  fchmod(dir, modes[(made + depth) % 6]);
  close(dir);
}

int main(void) {
  const char *roots[] = {"/tmp", "/dev/shm"};
  for (int i = 0; i < 2; i++) {
    int root = open(roots[i], O_RDONLY | O_DIRECTORY);
    tree(root, "locked", 5);
    close(root);
  }
  printf("made %d\n", made);
  return 0;
}
