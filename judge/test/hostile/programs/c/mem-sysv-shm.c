// Memory hidden in SysV shared memory: a child creates a segment of 3x the
// memory limit, fills it, detaches and reports through a pipe; the parent
// never waits for it. The segment outlives every process of the run (until
// the sandbox removes it), and no process's RSS shows it.
// stdin: the memory limit in MiB.
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void) {
  long mb = 0;
  if (scanf("%ld", &mb) != 1) return 2;
  int p[2];
  if (pipe(p)) return 3;
  if (fork() == 0) {
    close(p[0]);
    size_t n = (size_t)(3 * mb) << 20;
    int id = shmget(IPC_PRIVATE, n, IPC_CREAT | 0600);
    char *m = id < 0 ? (void *)-1 : shmat(id, NULL, 0);
    if (m == (void *)-1) _exit(4);
    memset(m, 1, n);
    shmdt(m);
    dprintf(p[1], "segment %d of %ld MiB filled\n", id, 3 * mb);
    _exit(0);
  }
  close(p[1]);
  char buf[64];
  ssize_t n = read(p[0], buf, sizeof buf - 1);
  if (n > 0) fwrite(buf, 1, (size_t)n, stdout);
  usleep(200 * 1000);
  return 0;
}
