// Files that are not plain files: FIFOs (one with a writer blocked on it),
// bound unix sockets, symlinks out of the scratch space (to the input, the
// work directory, PID 1's root, /), a dangling link, a link loop, and a file
// with hundreds of hard links; in /tmp and /dev/shm.
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <fcntl.h>

static int made;

static void ok(int rc) {
  if (rc == 0) made++;
}

int main(void) {
  const char *roots[] = {"/tmp", "/dev/shm"};
  char p[256], q[256];
  for (int r = 0; r < 2; r++) {
    const char *root = roots[r];
    snprintf(p, sizeof p, "%s/fifo", root);
    ok(mkfifo(p, 0666));
    snprintf(p, sizeof p, "%s/sock", root);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, p, sizeof a.sun_path - 1);
    ok(bind(s, (struct sockaddr *)&a, sizeof a));
    listen(s, 1);
    const char *targets[] = {"/box/in/input", "/box/work", "/proc/1/root", "/", "/nonexistent", "loop"};
    for (int i = 0; i < 6; i++) {
      snprintf(p, sizeof p, "%s/%s", root, i == 5 ? "loop" : "link");
      snprintf(q, sizeof q, "%s%d", p, i);
      ok(symlink(i == 5 ? q : targets[i], i == 5 ? p : q));
    }
    snprintf(p, sizeof p, "%s/hard", root);
    int fd = open(p, O_WRONLY | O_CREAT, 0644);
    close(fd);
    for (int i = 0; i < 300; i++) {
      snprintf(q, sizeof q, "%s/hard.%d", root, i);
      ok(link(p, q));
    }
  }
  // A writer blocked opening the FIFO (no reader will ever come).
  if (fork() == 0) {
    setsid();
    open("/tmp/fifo", O_WRONLY);
    pause();
    _exit(0);
  }
  usleep(50 * 1000);
  printf("made %d\n", made);
  return 0;
}
