// IPC objects that outlive the processes: SysV shared memory, semaphores and
// message queues (with a message), POSIX message queues and shared memory.
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void) {
  int made = 0;
  for (int i = 0; i < 8; i++) {
    made += shmget(IPC_PRIVATE, 1 << 16, IPC_CREAT | 0666) >= 0;
    made += semget(IPC_PRIVATE, 4, IPC_CREAT | 0666) >= 0;
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0666);
    struct {
      long type;
      char text[8];
    } m = {1, "left"};
    made += q >= 0 && msgsnd(q, &m, 5, 0) == 0;
    char name[32];
    snprintf(name, sizeof name, "/left-%d", i);
    made += mq_open(name, O_CREAT | O_WRONLY, 0666, NULL) != (mqd_t)-1;
    int fd = shm_open(name, O_CREAT | O_RDWR, 0666);
    made += fd >= 0 && ftruncate(fd, 1 << 16) == 0;
  }
  printf("made %d\n", made);
  return 0;
}
