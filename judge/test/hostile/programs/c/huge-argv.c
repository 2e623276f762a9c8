// Huge command lines and environments for a child: 1 GiB, 64 MiB and 4 MiB
// of arguments, and 4 MiB of environment, as strings of the largest size the
// kernel takes (128 KiB), all pointing at one buffer so that building them
// costs no memory. The kernel refuses what is too big; what it accepts runs.
// Reports and exits 0.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char chunk[128 << 10];
static char *vec[8200];

static void try_exec(const char *what, int args, int envs) {
  pid_t pid = fork();
  if (pid == 0) {
    char **argv = vec, **envp = vec + args + 2;
    argv[0] = "/bin/true";
    for (int i = 1; i <= args; i++) argv[i] = chunk;
    argv[args + 1] = NULL;
    for (int i = 0; i < envs; i++) envp[i] = chunk;
    envp[envs] = NULL;
    execve("/bin/true", argv, envp);
    _exit(100 + (errno == E2BIG));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  printf("%s: %s\n", what, code == 0 ? "ran" : code == 101 ? "E2BIG" : "failed");
}

int main(void) {
  memset(chunk, 'a', sizeof chunk - 1);
  chunk[0] = 'X';
  chunk[1] = '=';
  try_exec("argv 1 GiB", 8192, 0);
  try_exec("argv 64 MiB", 512, 0);
  try_exec("argv 4 MiB", 32, 0);
  try_exec("env 4 MiB", 0, 32);
  return 0;
}
