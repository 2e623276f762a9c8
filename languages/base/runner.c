/*
 * judge-runner: PID 1 of every judge sandbox container.
 *
 * The judge keeps a container warm and talks to this process over the
 * container's stdin/stdout. Each command forks the untrusted program as an
 * unprivileged user with resource limits, measures it, and answers. Nothing
 * the program starts outlives its run: afterwards every other process in the
 * container is killed and the scratch directories are emptied.
 *
 * Protocol (one command per line, tokens separated by spaces, values
 * percent-encoded):
 *   PUT <in|work> <name> <size>\n<size bytes>   write a file          -> OK
 *   RUN key=value ... \n                         run a program         -> OK key=value ... stdout=N stderr=M\n<N><M>
 *   SEAL\n                                       make /box/work read-only to the user -> OK
 *   EXPORT\n                                     archive /box/work     -> OK size=N\n<N bytes>
 *   IMPORT <size>\n<size bytes>                  restore an archive into /box/work -> OK
 *   RESET\n                                      empty everything for the next submission -> OK
 *   PING\n                                       -> OK
 * Errors answer "ERR <percent-encoded message>\n".
 *
 * RUN keys: arg (repeated, argv), env (repeated, K=V), stdin (in/<name> or
 * empty), cwd (work), cpu (ms), wall (ms), out and err (byte caps), fsize
 * (bytes), as (bytes of address space, 0 = none), stack (bytes), nofile,
 * mem (KiB of resident memory the program may reach, 0 = none).
 * Answer keys: exit, signal, cpu (ms), wall (ms), rss (KiB), oom (0/1),
 * walltimeout (0/1), cputimeout (0/1), olimit (0/1), memlimit (0/1),
 * execerr (errno, 0 = ok).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define USER_ID 65534
#define BOX "/box"
#define WORK BOX "/work"
#define INDIR BOX "/in"
#define MAX_LINE (1 << 20)
#define MAX_ARGS 256
#define MAX_ARCHIVE (256u << 20)

static int sigchld_fd = -1;
static sigset_t sigchld_mask;

static const char *scratch_dirs[] = {"/tmp", "/dev/shm", "/dev/mqueue", NULL};

static void die(const char *msg) {
  fprintf(stderr, "judge-runner: %s: %s\n", msg, strerror(errno));
  exit(111);
}

/* ---------- output to the judge ---------- */

static void write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("write to judge");
    }
    p += n;
    len -= (size_t)n;
  }
}

static void reply(const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof buf) n = sizeof buf - 1;
  write_all(1, buf, (size_t)n);
}

static void reply_err(const char *what, int err) {
  char msg[512];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  char out[1600];
  size_t o = 0;
  for (const char *p = msg; *p && o + 4 < sizeof out; p++) {
    unsigned char c = (unsigned char)*p;
    if (c <= ' ' || c == '%' || c >= 127) o += (size_t)snprintf(out + o, 4, "%%%02X", c);
    else out[o++] = (char)c;
  }
  out[o] = 0;
  reply("ERR %s\n", out);
}

/* ---------- input from the judge ---------- */

static char inbuf[1 << 16];
static size_t inpos, inlen;

static int fill(void) {
  for (;;) {
    ssize_t n = read(0, inbuf, sizeof inbuf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    inpos = 0;
    inlen = (size_t)n;
    return 1;
  }
}

static int read_line(char *line, size_t cap) {
  size_t n = 0;
  for (;;) {
    if (inpos == inlen && !fill()) return -1;
    char c = inbuf[inpos++];
    if (c == '\n') break;
    if (n + 1 < cap) line[n++] = c;
  }
  line[n] = 0;
  return (int)n;
}

/* Copies exactly len bytes of input to fd (or discards them when fd < 0). */
static int copy_input(int fd, uint64_t len) {
  int err = 0;
  while (len > 0) {
    if (inpos == inlen && !fill()) die("judge closed input mid-payload");
    size_t chunk = inlen - inpos;
    if (chunk > len) chunk = (size_t)len;
    if (fd >= 0 && !err) {
      const char *p = inbuf + inpos;
      size_t left = chunk;
      while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
          if (errno == EINTR) continue;
          err = errno;
          break;
        }
        p += w;
        left -= (size_t)w;
      }
    }
    inpos += chunk;
    len -= chunk;
  }
  return err;
}

static int read_exact(void *buf, size_t len) {
  char *p = buf;
  while (len > 0) {
    if (inpos == inlen && !fill()) return -1;
    size_t chunk = inlen - inpos;
    if (chunk > len) chunk = len;
    memcpy(p, inbuf + inpos, chunk);
    inpos += chunk;
    p += chunk;
    len -= chunk;
  }
  return 0;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes %XX in place. */
static void pct_decode(char *s) {
  char *o = s;
  for (char *p = s; *p; p++) {
    if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
      *o++ = (char)(hexval(p[1]) * 16 + hexval(p[2]));
      p += 2;
    } else {
      *o++ = *p;
    }
  }
  *o = 0;
}

static int split(char *line, char **tok, int max) {
  int n = 0;
  char *save = NULL;
  for (char *t = strtok_r(line, " ", &save); t && n < max; t = strtok_r(NULL, " ", &save)) tok[n++] = t;
  return n;
}

/* A plain file name: no slash, not . or .., not empty. */
static int plain_name(const char *s) {
  return *s && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/* ---------- processes and files ---------- */

static void kill_all_and_reap(void) {
  /* As PID 1 with CAP_KILL, kill(-1) reaches every other process here. */
  kill(-1, SIGKILL);
  while (waitpid(-1, NULL, 0) > 0 || errno == EINTR) {
  }
}

/* A directory stream over dfd (taking ownership of it), or NULL. */
static DIR *open_dir_fd(int dfd) {
  DIR *d = fdopendir(dfd);
  if (!d) close(dfd);
  return d;
}

/* The next entry's name, skipping "." and "..", or NULL at the end. */
static const char *next_name(DIR *d) {
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) return e->d_name;
  return NULL;
}

/* Removes everything below the directory fd (never following links). */
static void empty_dir_at(int dfd) {
  DIR *d = open_dir_fd(dfd);
  if (!d) return;
  for (const char *name; (name = next_name(d)) != NULL;) {
    if (unlinkat(dirfd(d), name, 0) == 0) continue;
    int sub = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub >= 0) {
      fchmod(sub, 0700);
      empty_dir_at(sub);
      unlinkat(dirfd(d), name, AT_REMOVEDIR);
    }
  }
  closedir(d);
}

static void empty_dir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) empty_dir_at(fd);
}

/* SysV IPC objects outlive processes; remove what the user created. */
static void remove_ipc(void) {
  pid_t pid = fork();
  if (pid < 0) return;
  if (pid == 0) {
    if (setgid(USER_ID) || setuid(USER_ID)) _exit(1);
    const char *files[] = {"/proc/sysvipc/shm", "/proc/sysvipc/sem", "/proc/sysvipc/msg"};
    for (int i = 0; i < 3; i++) {
      FILE *f = fopen(files[i], "r");
      if (!f) continue;
      char line[512];
      if (!fgets(line, sizeof line, f)) {
        fclose(f);
        continue;
      }
      while (fgets(line, sizeof line, f)) {
        long key, id;
        if (sscanf(line, "%ld %ld", &key, &id) != 2) continue;
        if (i == 0) shmctl((int)id, IPC_RMID, NULL);
        else if (i == 1) semctl((int)id, 0, IPC_RMID);
        else msgctl((int)id, IPC_RMID, NULL);
      }
      fclose(f);
    }
    _exit(0);
  }
  waitpid(pid, NULL, 0);
}

static void clean_scratch(void) {
  for (const char **d = scratch_dirs; *d; d++) empty_dir(*d);
  remove_ipc();
}

static int make_dir(const char *path, uid_t uid, mode_t mode) {
  if (mkdir(path, mode) < 0 && errno != EEXIST) return -1;
  struct stat st;
  if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return -1;
  }
  if (lchown(path, uid, uid) < 0 || chmod(path, mode) < 0) return -1;
  return 0;
}

static int reset_box(void) {
  kill_all_and_reap();
  clean_scratch();
  empty_dir(BOX);
  if (make_dir(INDIR, 0, 0755) < 0) return -1;
  if (make_dir(WORK, USER_ID, 0755) < 0) return -1;
  return 0;
}

/* Gives the tree below dfd to root, read-only for everyone else. */
static void seal_at(int dfd) {
  DIR *d = open_dir_fd(dfd);
  if (!d) return;
  for (const char *name; (name = next_name(d)) != NULL;) {
    struct stat st;
    if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
    fchownat(dirfd(d), name, 0, 0, AT_SYMLINK_NOFOLLOW);
    if (S_ISLNK(st.st_mode)) continue;
    if (S_ISDIR(st.st_mode)) {
      fchmodat(dirfd(d), name, 0755, 0);
      int sub = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0) seal_at(sub);
    } else if (S_ISREG(st.st_mode)) {
      fchmodat(dirfd(d), name, (st.st_mode & 0111) ? 0755 : 0644, 0);
    } else {
      unlinkat(dirfd(d), name, 0);
    }
  }
  closedir(d);
}

static int seal_work(void) {
  int fd = open(WORK, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  if (fchown(fd, 0, 0) < 0 || fchmod(fd, 0755) < 0) {
    close(fd);
    return -1;
  }
  seal_at(fd);
  return 0;
}

/* ---------- archive of /box/work: records "path\0mode size\0" + bytes ---------- */

static char *arch;
static size_t arch_len, arch_cap;

static int arch_put(const void *p, size_t n) {
  if (arch_len + n > MAX_ARCHIVE) return -1;
  if (arch_len + n > arch_cap) {
    size_t cap = arch_cap ? arch_cap * 2 : 1 << 16;
    while (cap < arch_len + n) cap *= 2;
    char *na = realloc(arch, cap);
    if (!na) return -1;
    arch = na;
    arch_cap = cap;
  }
  memcpy(arch + arch_len, p, n);
  arch_len += n;
  return 0;
}

static int export_at(int dfd, const char *prefix) {
  DIR *d = open_dir_fd(dfd);
  if (!d) return -1;
  int rc = 0;
  for (const char *name; rc == 0 && (name = next_name(d)) != NULL;) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%s", prefix, name);
    struct stat st;
    if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
    if (S_ISDIR(st.st_mode)) {
      char hdr[PATH_MAX + 64];
      int n = snprintf(hdr, sizeof hdr, "%s/", path) + 1;
      rc = arch_put(hdr, (size_t)n) || arch_put("d 0", 4);
      int sub = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (rc == 0 && sub >= 0) {
        char sp[PATH_MAX];
        snprintf(sp, sizeof sp, "%s/", path);
        rc = export_at(sub, sp);
      }
    } else if (S_ISREG(st.st_mode)) {
      int fd = openat(dirfd(d), name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) continue;
      char hdr[64];
      int n = snprintf(hdr, sizeof hdr, "%c %lld", (st.st_mode & 0111) ? 'x' : 'f', (long long)st.st_size) + 1;
      rc = arch_put(path, strlen(path) + 1) || arch_put(hdr, (size_t)n);
      off_t left = st.st_size;
      char buf[1 << 16];
      while (rc == 0 && left > 0) {
        ssize_t r = read(fd, buf, sizeof buf < (size_t)left ? sizeof buf : (size_t)left);
        if (r <= 0) {
          rc = -1;
          break;
        }
        rc = arch_put(buf, (size_t)r);
        left -= r;
      }
      close(fd);
    }
  }
  closedir(d);
  return rc;
}

static int safe_rel_path(const char *p) {
  if (!*p || *p == '/') return 0;
  for (const char *s = p; *s;) {
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) return 0;
    s = e ? e + 1 : s + n;
    if (e && !*s) break;
  }
  return 1;
}

static int import_archive(const char *a, size_t len) {
  size_t i = 0;
  while (i < len) {
    const char *path = a + i;
    size_t pl = strnlen(path, len - i);
    if (i + pl >= len) return -1;
    i += pl + 1;
    const char *hdr = a + i;
    size_t hl = strnlen(hdr, len - i);
    if (i + hl >= len) return -1;
    i += hl + 1;
    char kind;
    long long size;
    if (sscanf(hdr, "%c %lld", &kind, &size) != 2 || size < 0) return -1;
    if (!safe_rel_path(path)) return -1;
    char full[PATH_MAX];
    snprintf(full, sizeof full, WORK "/%s", path);
    if (kind == 'd') {
      size_t fl = strlen(full);
      if (fl && full[fl - 1] == '/') full[fl - 1] = 0;
      if (mkdir(full, 0755) < 0 && errno != EEXIST) return -1;
      continue;
    }
    if ((size_t)size > len - i) return -1;
    int fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kind == 'x' ? 0755 : 0644);
    if (fd < 0) return -1;
    const char *p = a + i;
    size_t left = (size_t)size;
    while (left > 0) {
      ssize_t w = write(fd, p, left);
      if (w <= 0) {
        close(fd);
        return -1;
      }
      p += w;
      left -= (size_t)w;
    }
    close(fd);
    i += (size_t)size;
  }
  return 0;
}

/* ---------- RUN ---------- */

struct run_opts {
  char *argv[MAX_ARGS + 1];
  int argc;
  char *envp[MAX_ARGS + 1];
  int envc;
  const char *stdin_name;
  long long cpu_ms, wall_ms, out_cap, err_cap, fsize, as, stack, nofile, mem_kb;
};

static long long monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long oom_kills(void) {
  FILE *f = fopen("/sys/fs/cgroup/memory/memory.oom_control", "r");
  if (!f) f = fopen("/sys/fs/cgroup/memory.events", "r");
  if (!f) return -1;
  char key[64];
  long long v, found = -1;
  while (fscanf(f, "%63s %lld", key, &v) == 2)
    if (!strcmp(key, "oom_kill")) found = v;
  fclose(f);
  return found;
}

/* Reads /proc/<pid>/<file> into buf (NUL-terminated); -1 when it is gone. */
static int read_proc(pid_t pid, const char *file, char *buf, size_t size) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, size - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  return 0;
}

/* CPU time of a live (or zombie) process, in ms. */
static long long proc_cpu_ms(pid_t pid) {
  char buf[1024];
  if (read_proc(pid, "stat", buf, sizeof buf) < 0) return -1;
  char *p = strrchr(buf, ')');
  if (!p) return -1;
  unsigned long long utime, stime;
  /* fields after comm: state(3) ... utime(14) stime(15) */
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return -1;
  long hz = sysconf(_SC_CLK_TCK);
  return (long long)((utime + stime) * 1000 / (unsigned long long)hz);
}

/* Resident memory of a live process, in KiB. */
static long long proc_rss_kb(pid_t pid) {
  char buf[256];
  if (read_proc(pid, "statm", buf, sizeof buf) < 0) return -1;
  long long size, resident;
  if (sscanf(buf, "%lld %lld", &size, &resident) != 2) return -1;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static void set_limit(int res, rlim_t v) {
  struct rlimit rl = {v, v};
  setrlimit(res, &rl);
}

static const char *env_path(char **envp) {
  for (int i = 0; envp[i]; i++)
    if (!strncmp(envp[i], "PATH=", 5)) return envp[i] + 5;
  return "/usr/local/bin:/usr/bin:/bin";
}

static void child_exec(struct run_opts *o, int out_w, int err_w, int status_w) {
  sigprocmask(SIG_UNBLOCK, &sigchld_mask, NULL);
  signal(SIGPIPE, SIG_DFL);
  setsid();
  int in = -1;
  if (o->stdin_name && *o->stdin_name) {
    int dfd = open(INDIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    in = dfd < 0 ? -1 : openat(dfd, o->stdin_name, O_RDONLY | O_NOFOLLOW);
  } else {
    in = open("/dev/null", O_RDONLY);
  }
  if (in < 0) goto fail;
  if (dup2(in, 0) < 0 || dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0) goto fail;
  for (int fd = 3; fd < 1024; fd++)
    if (fd != status_w) close(fd);

  rlim_t cpu_s = (rlim_t)((o->cpu_ms + 999) / 1000) + 1;
  struct rlimit cpu = {cpu_s, cpu_s + 1};
  setrlimit(RLIMIT_CPU, &cpu);
  set_limit(RLIMIT_CORE, 0);
  if (o->fsize > 0) set_limit(RLIMIT_FSIZE, (rlim_t)o->fsize);
  if (o->as > 0) set_limit(RLIMIT_AS, (rlim_t)o->as);
  set_limit(RLIMIT_STACK, o->stack > 0 ? (rlim_t)o->stack : RLIM_INFINITY);
  if (o->nofile > 0) set_limit(RLIMIT_NOFILE, (rlim_t)o->nofile);

  if (chdir(WORK) < 0) goto fail;
  gid_t g = USER_ID;
  if (setgroups(1, &g) < 0 || setgid(USER_ID) < 0 || setuid(USER_ID) < 0) goto fail;

  o->argv[o->argc] = NULL;
  o->envp[o->envc] = NULL;
  const char *prog = o->argv[0];
  if (strchr(prog, '/')) {
    execve(prog, o->argv, o->envp);
  } else {
    const char *path = env_path(o->envp);
    char full[PATH_MAX];
    int saved = ENOENT;
    for (const char *s = path; *s;) {
      const char *e = strchr(s, ':');
      size_t n = e ? (size_t)(e - s) : strlen(s);
      snprintf(full, sizeof full, "%.*s/%s", (int)n, s, prog);
      execve(full, o->argv, o->envp);
      if (errno != ENOENT) saved = errno;
      if (!e) break;
      s = e + 1;
    }
    errno = saved;
  }
fail: {
  int err = errno;
  if (write(status_w, &err, sizeof err) < 0) _exit(127);
  _exit(127);
}
}

struct capbuf {
  char *data;
  size_t len, cap, limit;
  int over, open;
};

static int cap_read(struct capbuf *b, int fd) {
  char tmp[1 << 16];
  ssize_t n = read(fd, tmp, sizeof tmp);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
  if (n <= 0) return 0;
  size_t keep = (size_t)n;
  if (b->len + keep > b->limit) {
    keep = b->limit - b->len;
    b->over = 1;
  }
  if (b->len + keep > b->cap) {
    size_t cap = b->cap ? b->cap : 1 << 16;
    while (cap < b->len + keep) cap *= 2;
    char *nd = realloc(b->data, cap);
    if (!nd) die("out of memory");
    b->data = nd;
    b->cap = cap;
  }
  memcpy(b->data + b->len, tmp, keep);
  b->len += keep;
  return 1;
}

static void do_run(struct run_opts *o) {
  if (o->argc == 0) {
    reply_err("RUN", EINVAL);
    return;
  }
  long long oom_before = oom_kills();
  int outp[2], errp[2], st[2];
  if (pipe2(outp, O_CLOEXEC) || pipe2(errp, O_CLOEXEC) || pipe2(st, O_CLOEXEC)) {
    reply_err("pipe", errno);
    return;
  }
  long long start = monotonic_ms();
  pid_t pid = fork();
  if (pid < 0) {
    reply_err("fork", errno);
    return;
  }
  if (pid == 0) {
    /* Keep the write ends across exec; the status pipe closes on exec. */
    int ow = dup(outp[1]), ew = dup(errp[1]);
    child_exec(o, ow, ew, st[1]);
  }
  close(outp[1]);
  close(errp[1]);
  close(st[1]);

  struct capbuf out = {.limit = (size_t)o->out_cap, .open = 1};
  struct capbuf err = {.limit = (size_t)o->err_cap, .open = 1};
  fcntl(outp[0], F_SETFL, O_NONBLOCK);
  fcntl(errp[0], F_SETFL, O_NONBLOCK);

  int status = 0, reaped = 0, killed = 0, wall_timeout = 0, cpu_timeout = 0, mem_exceeded = 0;
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  for (;;) {
    if (!reaped) {
      pid_t w = wait4(pid, &status, WNOHANG, &ru);
      if (w == pid) {
        reaped = 1;
        /* The program is gone: nothing it started may keep running. */
        kill_all_and_reap();
      }
    }
    if (reaped && !out.open && !err.open) break;
    long long now = monotonic_ms();
    if (!reaped) {
      if (!killed && now - start > o->wall_ms) wall_timeout = 1;
      else if (!killed && proc_cpu_ms(pid) > o->cpu_ms) cpu_timeout = 1;
      else if (!killed && o->mem_kb > 0 && proc_rss_kb(pid) > o->mem_kb) mem_exceeded = 1;
      if (!killed && (wall_timeout || cpu_timeout || mem_exceeded || out.over || err.over)) {
        /* The loop's wait4 collects the child and its usage. */
        kill(-1, SIGKILL);
        killed = 1;
      }
    }
    struct pollfd pf[3];
    int n = 0;
    if (!reaped) pf[n++] = (struct pollfd){.fd = sigchld_fd, .events = POLLIN};
    if (out.open) pf[n++] = (struct pollfd){.fd = outp[0], .events = POLLIN};
    if (err.open) pf[n++] = (struct pollfd){.fd = errp[0], .events = POLLIN};
    long long left = o->wall_ms - (now - start);
    int timeout = reaped ? 100 : (int)(left < 10 ? (left < 1 ? 1 : left) : 10);
    int r = poll(pf, (nfds_t)n, timeout);
    if (r < 0 && errno != EINTR) die("poll");
    for (int i = 0; i < n && r > 0; i++) {
      if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (pf[i].fd == sigchld_fd) {
        struct signalfd_siginfo si;
        while (read(sigchld_fd, &si, sizeof si) == sizeof si) {
        }
        continue;
      }
      struct capbuf *b = pf[i].fd == outp[0] ? &out : &err;
      if (!cap_read(b, pf[i].fd)) b->open = 0;
    }
  }
  long long wall = monotonic_ms() - start;
  close(outp[0]);
  close(errp[0]);

  int exec_errno = 0;
  if (read(st[0], &exec_errno, sizeof exec_errno) != sizeof exec_errno) exec_errno = 0;
  close(st[0]);

  long long cpu = (long long)ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 + (long long)ru.ru_stime.tv_sec * 1000 +
                  ru.ru_stime.tv_usec / 1000;
  long long oom_after = oom_kills();
  int oom = oom_before >= 0 && oom_after > oom_before;
  int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (sig == SIGXCPU) cpu_timeout = 1;
  clean_scratch();
  reply("OK exit=%d signal=%d cpu=%lld wall=%lld rss=%ld oom=%d walltimeout=%d cputimeout=%d olimit=%d memlimit=%d execerr=%d "
        "stdout=%zu stderr=%zu\n",
        exit_code, sig, cpu, wall, ru.ru_maxrss, oom, wall_timeout, cpu_timeout, out.over || err.over, mem_exceeded,
        exec_errno, out.len, err.len);
  if (out.len) write_all(1, out.data, out.len);
  if (err.len) write_all(1, err.data, err.len);
  free(out.data);
  free(err.data);
}

static long long num(const char *s) { return strtoll(s, NULL, 10); }

static void cmd_run(char **tok, int n) {
  static struct run_opts o;
  memset(&o, 0, sizeof o);
  o.cpu_ms = 1000;
  o.wall_ms = 3000;
  o.out_cap = 1 << 20;
  o.err_cap = 64 << 10;
  for (int i = 1; i < n; i++) {
    char *eq = strchr(tok[i], '=');
    if (!eq) continue;
    *eq = 0;
    char *k = tok[i], *v = eq + 1;
    pct_decode(v);
    if (!strcmp(k, "arg") && o.argc < MAX_ARGS) o.argv[o.argc++] = v;
    else if (!strcmp(k, "env") && o.envc < MAX_ARGS) o.envp[o.envc++] = v;
    else if (!strcmp(k, "stdin")) o.stdin_name = v;
    else if (!strcmp(k, "cpu")) o.cpu_ms = num(v);
    else if (!strcmp(k, "wall")) o.wall_ms = num(v);
    else if (!strcmp(k, "out")) o.out_cap = num(v);
    else if (!strcmp(k, "err")) o.err_cap = num(v);
    else if (!strcmp(k, "fsize")) o.fsize = num(v);
    else if (!strcmp(k, "as")) o.as = num(v);
    else if (!strcmp(k, "stack")) o.stack = num(v);
    else if (!strcmp(k, "nofile")) o.nofile = num(v);
    else if (!strcmp(k, "mem")) o.mem_kb = num(v);
  }
  if (o.stdin_name && *o.stdin_name && !plain_name(o.stdin_name)) {
    reply_err("RUN stdin", EINVAL);
    return;
  }
  do_run(&o);
}

static void cmd_put(char **tok, int n) {
  if (n != 4) {
    reply_err("PUT", EINVAL);
    return;
  }
  pct_decode(tok[1]);
  pct_decode(tok[2]);
  long long size = num(tok[3]);
  int is_work = !strcmp(tok[1], "work");
  const char *dir = !strcmp(tok[1], "in") ? INDIR : is_work ? WORK : NULL;
  if (!dir || !plain_name(tok[2]) || size < 0) {
    copy_input(-1, size < 0 ? 0 : (uint64_t)size);
    reply_err("PUT", EINVAL);
    return;
  }
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  int fd = -1;
  if (dfd >= 0) {
    unlinkat(dfd, tok[2], 0);
    fd = openat(dfd, tok[2], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0 && is_work && fchown(fd, USER_ID, USER_ID) < 0) {
      close(fd);
      fd = -1;
    }
    close(dfd);
  }
  int err = fd < 0 ? errno : 0;
  int werr = copy_input(fd, (uint64_t)size);
  if (fd >= 0) close(fd);
  if (err || werr) reply_err("PUT", err ? err : werr);
  else reply("OK\n");
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  sigemptyset(&sigchld_mask);
  sigaddset(&sigchld_mask, SIGCHLD);
  sigprocmask(SIG_BLOCK, &sigchld_mask, NULL);
  sigchld_fd = signalfd(-1, &sigchld_mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sigchld_fd < 0) die("signalfd");
  if (getpid() != 1) fprintf(stderr, "judge-runner: warning: not PID 1; cleanup is not complete\n");
  if (reset_box() < 0) die("prepare " BOX);
  static char line[MAX_LINE];
  char *tok[MAX_ARGS * 2 + 16];
  for (;;) {
    int len = read_line(line, sizeof line);
    if (len < 0) break;
    int n = split(line, tok, (int)(sizeof tok / sizeof tok[0]));
    if (n == 0) continue;
    if (!strcmp(tok[0], "RUN")) cmd_run(tok, n);
    else if (!strcmp(tok[0], "PUT")) cmd_put(tok, n);
    else if (!strcmp(tok[0], "PING")) reply("OK\n");
    else if (!strcmp(tok[0], "RESET")) {
      if (reset_box() < 0) reply_err("RESET", errno);
      else reply("OK\n");
    } else if (!strcmp(tok[0], "SEAL")) {
      if (seal_work() < 0) reply_err("SEAL", errno);
      else reply("OK\n");
    } else if (!strcmp(tok[0], "EXPORT")) {
      arch_len = 0;
      int fd = open(WORK, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0 || export_at(fd, "") < 0) reply_err("EXPORT", errno ? errno : EFBIG);
      else {
        reply("OK size=%zu\n", arch_len);
        write_all(1, arch, arch_len);
      }
    } else if (!strcmp(tok[0], "IMPORT") && n == 2) {
      long long size = num(tok[1]);
      if (size < 0 || (unsigned long long)size > MAX_ARCHIVE) {
        copy_input(-1, size < 0 ? 0 : (uint64_t)size);
        reply_err("IMPORT", EFBIG);
        continue;
      }
      char *a = malloc((size_t)size + 1);
      if (!a || read_exact(a, (size_t)size) < 0) die("IMPORT read");
      int rc = import_archive(a, (size_t)size);
      free(a);
      if (rc < 0) reply_err("IMPORT", errno ? errno : EINVAL);
      else reply("OK\n");
    } else {
      reply_err(tok[0], ENOSYS);
    }
  }
  kill_all_and_reap();
  return 0;
}
