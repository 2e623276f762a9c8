// Stashes a hidden test's input for a later submission to read: in a chain
// 30000 directories deep, in /dev/shm, in a POSIX message queue, a SysV
// message queue, a SysV shared memory segment, the user keyring, an extended
// attribute, and held in memory by a daemon listening on an abstract socket.
// stdin: the (hidden) test input, a secret.
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

static char secret[128];
static size_t len;

static void report(const char *where, int ok) { printf("%s %s\n", ok ? "stashed" : "failed", where); }

static int put_file(int dir, const char *name) {
  int fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return 0;
  int ok = write(fd, secret, len) == (ssize_t)len;
  close(fd);
  return ok;
}

int main(void) {
  len = fread(secret, 1, sizeof secret - 1, stdin);
  int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
  for (int depth = 0; depth < 30000; depth++) {
    if (mkdirat(dir, ".d", 0755) < 0) break;
    int sub = openat(dir, ".d", O_RDONLY | O_DIRECTORY);
    if (sub < 0) break;
    close(dir);
    dir = sub;
  }
  report("deep chain", put_file(dir, ".stash"));
  int shm = open("/dev/shm", O_RDONLY | O_DIRECTORY);
  report("/dev/shm", put_file(shm, ".stash"));
  struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 128};
  mqd_t mq = mq_open("/stash", O_WRONLY | O_CREAT, 0644, &attr);
  report("posix mqueue", mq != (mqd_t)-1 && mq_send(mq, secret, len, 0) == 0);
  int msq = msgget(0x5ec2e7, IPC_CREAT | 0644);
  struct {
    long type;
    char text[128];
  } msg = {.type = 1};
  memcpy(msg.text, secret, len);
  report("sysv msg", msq >= 0 && msgsnd(msq, &msg, len, 0) == 0);
  int seg = shmget(0x5ec2e8, 4096, IPC_CREAT | 0644);
  char *m = seg < 0 ? (void *)-1 : shmat(seg, NULL, 0);
  if (m != (void *)-1) memcpy(m, secret, len);
  report("sysv shm", m != (void *)-1);
  long key = syscall(SYS_add_key, "user", "stash", secret, len, -4 /* KEY_SPEC_USER_KEYRING */);
  report("user keyring", key >= 0);
  int xf = open("/tmp/.x", O_WRONLY | O_CREAT, 0644);
  report("xattr", xf >= 0 && fsetxattr(xf, "user.stash", secret, len, 0) == 0);
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  memcpy(a.sun_path + 1, "stash", 5);
  int bound = bind(s, (struct sockaddr *)&a, sizeof(sa_family_t) + 6) == 0 && listen(s, 4) == 0;
  report("abstract socket", bound);
  if (bound && fork() == 0) {
    setsid();
    for (;;) {
      int c = accept(s, NULL, NULL);
      if (c >= 0) {
        if (write(c, secret, len) < 0) _exit(1);
        close(c);
      }
    }
  }
  return 0;
}
