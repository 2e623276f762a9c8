// The same refused calls through the other system call ABIs of x86-64: the
// 32-bit one (int $0x80, where socket() is socketcall) and x32 (numbers with
// bit 30 set). A filter that looks at numbers of the 64-bit ABI only would
// let them through. Each attempt runs in a child, which may be killed.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void attempt(const char *what, long (*call)(void)) {
  pid_t pid = fork();
  if (pid == 0) {
    long rc = call();
    _exit(rc >= 0 ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) printf("allowed %s\n", what);
  else if (WIFSIGNALED(status)) printf("refused %s (killed by signal %d)\n", what, WTERMSIG(status));
  else printf("refused %s\n", what);
}

#if defined(__x86_64__)
/* Memory below 4 GiB: the 32-bit ABI truncates pointers. */
static unsigned int *low;

static long int80(long nr, long a, long b) {
  long rc;
  __asm__ volatile("int $0x80" : "=a"(rc) : "a"(nr), "b"(a), "c"(b) : "memory");
  return rc;
}

static long i386_io_uring(void) { return int80(425, 4, (long)(unsigned long)low); }

static long i386_vsock(void) {
  low[0] = 40; /* AF_VSOCK */
  low[1] = 1;  /* SOCK_STREAM */
  low[2] = 0;
  return int80(102 /* socketcall */, 1 /* SYS_SOCKET */, (long)(unsigned long)low);
}

static long i386_unshare(void) { return int80(310 /* unshare */, 0x10000000 /* CLONE_NEWUSER */, 0); }

static long x32_io_uring(void) {
  static unsigned char params[120];
  return syscall(425 | 0x40000000, 4, params);
}
#endif

int main(void) {
#if defined(__x86_64__)
  low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
  memset(low, 0, 4096);
  attempt("i386 io_uring_setup", i386_io_uring);
  attempt("i386 socketcall(AF_VSOCK)", i386_vsock);
  attempt("i386 unshare(CLONE_NEWUSER)", i386_unshare);
  attempt("x32 io_uring_setup", x32_io_uring);
#else
  printf("refused: no other system call ABI on this architecture\n");
#endif
  return 0;
}
