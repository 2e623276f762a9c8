/*
 * judge-runner: PID 1 of every judge sandbox container.
 *
 * The judge keeps a container warm and talks to this process over the
 * container's stdin/stdout. Each command forks the untrusted program as an
 * unprivileged user with resource limits, measures the whole run (every
 * process of it, through the container's cgroup) and answers. Nothing the
 * program starts outlives its run: afterwards every other process in the
 * container is killed, the scratch directories are emptied and checked to be
 * back to their baseline.
 *
 * Usage: judge-runner [--uid N] [--judge-uid M]
 *   N: the user programs run as (65534 by default); M: the user an
 *   interactor runs as (65533 by default), whose directory /box/judge
 *   (its program, the test's input) programs cannot read.
 *
 * Protocol (one command per line, tokens separated by spaces, values
 * percent-encoded):
 *   PUT <in|work|judge> <name> <size>\n<bytes> write a file          -> OK
 *   RUN key=value ... \n                         run a program         -> OK key=value ... stdout=N stderr=M\n<N><M>
 *   INTERACT key=value ... \n                    run a program against an interactor -> OK key=value ... stderr=N istderr=M\n<N><M>
 *   SEAL\n                                       make /box/work read-only to the user -> OK bytes=N files=N
 *   EXPORT <cap>\n                               archive /box/work     -> OK size=N\n<N bytes> (ERR when over cap bytes)
 *   IMPORT <size> [work|judge]\n<size bytes>     restore an archive into /box/work (or /box/judge) -> OK
 *   RESET\n                                      empty everything for the next submission -> OK (ERR when not clean)
 *   PING\n                                       -> OK cgroup=v1|v2|none uid=N
 *   STATS\n                                      -> OK cgroup=.. cpu=<ns> mem=<bytes> oom=<kills>
 * Errors answer "ERR <percent-encoded message>\n".
 *
 * RUN keys: arg (repeated, argv), env (repeated, K=V), stdin (in/<name> or
 * empty), cwd (work), cpu (ms), wall (ms), out and err (byte caps), fsize
 * (bytes), as (bytes of address space, 0 = none), stack (bytes), nofile,
 * mem (KiB the whole run may reach, 0 = none), idle (ms without any CPU used
 * after which the run is stopped, 0 = none).
 * Answer keys: exit, signal, cpu (ms, every process of the run), wall (ms),
 * rss (KiB, peak of the whole run: anonymous, tmpfs/shared and kernel memory),
 * oom (0/1), walltimeout (0/1), cputimeout (0/1), olimit (0/1), memlimit (0/1),
 * execerr (errno, 0 = ok), idle (1: stopped for using no CPU for `idle` ms;
 * walltimeout is set too), clean (1 when the scratch space is back to its
 * baseline; 0 means the container must not be used again).
 *
 * INTERACT keys: those of RUN for the program (its stdin and stdout are
 * pipes to the interactor), and for the interactor `i.arg`, `i.env`, `i.cpu`
 * (ms), `i.err` (byte cap of its stderr); `idle` (ms: both blocked, no CPU
 * used, is an idleness timeout). The interactor runs as the judge user in
 * /box/judge. Answer keys: the program's as for RUN plus idle (0/1), and the
 * interactor's iexit, isignal, icpu, irss, icputimeout, iexecerr. CPU and
 * memory of the container go to the program, less what the interactor used.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_USER_ID 65534
#define BOX "/box"
#define WORK BOX "/work"
#define INDIR BOX "/in"
#define JUDGEDIR BOX "/judge"
#define MAX_LINE (1 << 20)
#define MAX_ARGS 256
#define MAX_ARCHIVE (128u << 20)
/* How often a running program's CPU time and memory are sampled. */
#define SAMPLE_US 10000
/* Descriptors a program may hold when the judge gives no nofile. */
#define DEFAULT_NOFILE 256

static uid_t user_id = DEFAULT_USER_ID;
static uid_t judge_id = DEFAULT_USER_ID - 1;
static int sigchld_fd = -1;
static sigset_t sigchld_mask;

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

/* ---------- the container's cgroup: CPU and memory of every process ---------- */

/*
 * The container is its own cgroup, readable (not writable) from inside. Its
 * CPU counter and memory statistics cover every process here, waited for or
 * not, and tmpfs pages (/tmp, /dev/shm, SysV shared memory) as well.
 */
static struct {
  int version; /* 0 none, 1, 2 */
  int cpu_fd, mem_fd, events_fd, kmem_fd;
} cg = {0, -1, -1, -1, -1};

static int open_in(const char *root, const char *name) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", root, name);
  return open(path, O_RDONLY | O_CLOEXEC);
}

static void cg_open(void) {
  const char *root = getenv("JUDGE_CGROUP_ROOT");
  if (!root || !*root) root = "/sys/fs/cgroup";
  int probe = open_in(root, "cgroup.controllers");
  if (probe >= 0) {
    close(probe);
    cg.version = 2;
    cg.cpu_fd = open_in(root, "cpu.stat");
    cg.mem_fd = open_in(root, "memory.stat");
    cg.events_fd = open_in(root, "memory.events");
  } else {
    cg.version = 1;
    cg.cpu_fd = open_in(root, "cpuacct/cpuacct.usage");
    if (cg.cpu_fd < 0) cg.cpu_fd = open_in(root, "cpu,cpuacct/cpuacct.usage");
    cg.mem_fd = open_in(root, "memory/memory.stat");
    cg.events_fd = open_in(root, "memory/memory.oom_control");
    cg.kmem_fd = open_in(root, "memory/memory.kmem.usage_in_bytes");
  }
  if (cg.cpu_fd < 0 || cg.mem_fd < 0) cg.version = 0;
}

/* Reads a whole (small) file from its start into buf; its length or -1. */
static ssize_t reread(int fd, char *buf, size_t size) {
  if (fd < 0 || lseek(fd, 0, SEEK_SET) < 0) return -1;
  size_t n = 0;
  while (n + 1 < size) {
    ssize_t r = read(fd, buf + n, size - 1 - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    n += (size_t)r;
  }
  buf[n] = 0;
  return (ssize_t)n;
}

/* The value on the line "key value" of a flat-keyed file, or -1. */
static long long keyed(const char *buf, const char *key) {
  size_t k = strlen(key);
  for (const char *p = buf; *p;) {
    if (!strncmp(p, key, k) && p[k] == ' ') return strtoll(p + k + 1, NULL, 10);
    const char *nl = strchr(p, '\n');
    if (!nl) break;
    p = nl + 1;
  }
  return -1;
}

/* CPU time of every process in the container so far, ns; -1 without a cgroup. */
static long long cg_cpu_ns(void) {
  char buf[1024];
  if (!cg.version || reread(cg.cpu_fd, buf, sizeof buf) < 0) return -1;
  if (cg.version == 1) return strtoll(buf, NULL, 10);
  long long us = keyed(buf, "usage_usec");
  return us < 0 ? -1 : us * 1000;
}

/*
 * Kernel memory charged to the container, bytes: socket and pipe buffers,
 * page tables, kernel stacks, slab. A program can hold memory there that no
 * process's RSS shows (data in socketpairs nobody reads).
 */
static long long cg_kernel_bytes(const char *stat) {
  if (cg.version == 2) {
    long long kernel = keyed(stat, "kernel");
    if (kernel >= 0) return kernel;
    const char *parts[] = {"kernel_stack", "pagetables", "percpu", "sock", "slab"};
    long long sum = 0;
    for (int i = 0; i < 5; i++) {
      long long v = keyed(stat, parts[i]);
      if (v > 0) sum += v;
    }
    return sum;
  }
  char buf[64];
  if (reread(cg.kmem_fd, buf, sizeof buf) < 0) return 0;
  return strtoll(buf, NULL, 10);
}

/* Anonymous, shared (tmpfs, shm) and kernel memory of the container, bytes; -1 without a cgroup. */
static long long cg_mem_bytes(void) {
  static char buf[16384];
  if (!cg.version || reread(cg.mem_fd, buf, sizeof buf) < 0) return -1;
  long long anon = keyed(buf, cg.version == 1 ? "total_rss" : "anon");
  long long shmem = keyed(buf, cg.version == 1 ? "total_shmem" : "shmem");
  return anon < 0 || shmem < 0 ? -1 : anon + shmem + cg_kernel_bytes(buf);
}

/* Processes the kernel's OOM killer has killed in the container, or -1. */
static long long cg_oom_kills(void) {
  char buf[1024];
  if (reread(cg.events_fd, buf, sizeof buf) < 0) return -1;
  return keyed(buf, "oom_kill");
}

static long long self_cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static const char *cg_name(void) { return cg.version == 1 ? "v1" : cg.version == 2 ? "v2" : "none"; }

/* ---------- processes ---------- */

static void kill_all_and_reap(void) {
  /*
   * As PID 1 with CAP_KILL, kill(-1) reaches every other process here.
   * Orphans are reparented to us, so reaping until ECHILD collects them all;
   * a second round catches a child forked while the first was delivered.
   */
  for (int round = 0; round < 3; round++) {
    if (kill(-1, SIGKILL) < 0 && errno == ESRCH) break;
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR) {
    }
  }
}

/* ---------- files: emptying, verifying, sealing ---------- */

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

static unsigned long lifted;

/*
 * Moves `name` (a directory inside sub) up into top under a fresh name, so
 * that it is emptied later from there.
 */
static int lift(int sub, const char *name, int top) {
  for (int tries = 0; tries < 64; tries++) {
    char fresh[64];
    snprintf(fresh, sizeof fresh, ".judge-lifted-%lu", lifted++);
    if (renameat2(sub, name, top, fresh, RENAME_NOREPLACE) == 0) return 0;
    if (errno != EEXIST) return -1;
  }
  return -1;
}

/*
 * Empties the directory top without holding a descriptor per level: each
 * subdirectory's own subdirectories are lifted up into top before it is
 * removed, so a chain of any depth costs two descriptors and linear work.
 * Never follows links. Returns 0 when top is empty afterwards.
 */
static int empty_dir_at(int top) {
  for (;;) {
    int dfd = openat(top, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = dfd < 0 ? NULL : open_dir_fd(dfd);
    if (!d) return -1;
    long seen = 0, removed = 0;
    for (const char *name; (name = next_name(d)) != NULL;) {
      seen++;
      if (unlinkat(top, name, 0) == 0) {
        removed++;
        continue;
      }
      int sub = openat(top, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) continue;
      fchmod(sub, 0700);
      DIR *sd = open_dir_fd(sub);
      if (!sd) continue;
      for (const char *child; (child = next_name(sd)) != NULL;) {
        if (unlinkat(dirfd(sd), child, 0) < 0) lift(dirfd(sd), child, top);
      }
      closedir(sd);
      if (unlinkat(top, name, AT_REMOVEDIR) == 0) removed++;
    }
    closedir(d);
    if (seen == 0) return 0;
    if (removed == 0) return -1; /* stuck: something here cannot be removed */
  }
}

static int empty_dir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? 0 : -1;
  int rc = empty_dir_at(fd);
  close(fd);
  return rc;
}

/*
 * A writable place and what it held when it was known to be clean: files
 * (inodes) and bytes in use. After a run it must be back to exactly that.
 */
struct place {
  const char *path;
  int present;
  long long inodes, blocks;
};

static struct place scratch[] = {{"/tmp", 0, 0, 0}, {"/dev/shm", 0, 0, 0}, {"/dev/mqueue", 0, 0, 0}};
static struct place box = {BOX, 0, 0, 0};
#define NSCRATCH (sizeof scratch / sizeof scratch[0])

static int usage_of(const char *path, long long *inodes, long long *blocks) {
  struct statfs s;
  if (statfs(path, &s) < 0) return -1;
  *inodes = (long long)(s.f_files - s.f_ffree);
  *blocks = (long long)(s.f_blocks - s.f_bfree);
  return 0;
}

static void remember_baseline(struct place *p) {
  p->present = usage_of(p->path, &p->inodes, &p->blocks) == 0;
}

/* 1 when the place holds exactly what it held at its baseline. */
static int at_baseline(const struct place *p) {
  if (!p->present) return 1;
  long long inodes, blocks;
  if (usage_of(p->path, &inodes, &blocks) < 0) return 0;
  return inodes == p->inodes && blocks == p->blocks;
}

/* SysV IPC objects outlive processes; remove what the user created. */
static void remove_ipc(void) {
  pid_t pid = fork();
  if (pid < 0) return;
  if (pid == 0) {
    if (setgid(user_id) || setuid(user_id)) _exit(1);
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
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
  }
}

/* 1 when no SysV IPC object is left. */
static int no_ipc_left(void) {
  const char *files[] = {"/proc/sysvipc/shm", "/proc/sysvipc/sem", "/proc/sysvipc/msg"};
  for (int i = 0; i < 3; i++) {
    FILE *f = fopen(files[i], "r");
    if (!f) continue;
    char line[512];
    int lines = 0;
    while (fgets(line, sizeof line, f)) lines++;
    fclose(f);
    if (lines > 1) return 0;
  }
  return 1;
}

/* Empties the scratch places; 1 when each is back to its baseline. */
static int clean_scratch(void) {
  int clean = 1;
  for (size_t i = 0; i < NSCRATCH; i++) {
    if (empty_dir(scratch[i].path) < 0) clean = 0;
    if (!at_baseline(&scratch[i])) clean = 0;
  }
  /* Forking to remove IPC objects costs more than a run of a small program: only when there are some. */
  if (!no_ipc_left()) remove_ipc();
  return clean && no_ipc_left();
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

/* Everything back to the state of a fresh container; -1 (errno set) when it is not. */
static int reset_box(void) {
  kill_all_and_reap();
  int clean = clean_scratch();
  if (empty_dir(BOX) < 0) clean = 0;
  if (make_dir(INDIR, 0, 0755) < 0) return -1;
  if (make_dir(WORK, user_id, 0755) < 0) return -1;
  if (make_dir(JUDGEDIR, judge_id, 0700) < 0) return -1;
  if (!clean || !at_baseline(&box)) {
    errno = ENOTEMPTY;
    return -1;
  }
  return 0;
}

/* Gives the tree below dfd to root, read-only for everyone else; counts its files and bytes. */
static void seal_at(int dfd, long long *files, long long *bytes, int depth) {
  DIR *d = open_dir_fd(dfd);
  if (!d) return;
  for (const char *name; (name = next_name(d)) != NULL;) {
    struct stat st;
    if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
    fchownat(dirfd(d), name, 0, 0, AT_SYMLINK_NOFOLLOW);
    (*files)++;
    if (S_ISLNK(st.st_mode)) continue;
    if (S_ISDIR(st.st_mode)) {
      fchmodat(dirfd(d), name, 0755, 0);
      int sub = depth < 256 ? openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
      if (sub >= 0) seal_at(sub, files, bytes, depth + 1);
    } else if (S_ISREG(st.st_mode)) {
      fchmodat(dirfd(d), name, (st.st_mode & 0111) ? 0755 : 0644, 0);
      *bytes += st.st_size;
    } else {
      unlinkat(dirfd(d), name, 0);
    }
  }
  closedir(d);
}

static int seal_work(long long *files, long long *bytes) {
  int fd = open(WORK, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  if (fchown(fd, 0, 0) < 0 || fchmod(fd, 0755) < 0) {
    close(fd);
    return -1;
  }
  seal_at(fd, files, bytes, 0);
  return 0;
}

/* ---------- archive of /box/work: records "path\0kind size\0" + bytes ---------- */

/*
 * The walk runs twice: once to size the archive (and refuse it past the
 * cap), once to stream it. Nothing runs between the two: the work directory
 * is sealed and every program has been killed.
 */
struct archive_walk {
  int write; /* 0: count only */
  unsigned long long size, cap;
  int over;
};

static void arch_emit(struct archive_walk *w, const void *p, size_t n) {
  if (w->write) write_all(1, p, n);
  w->size += n;
  if (w->size > w->cap) w->over = 1;
}

static int archive_at(struct archive_walk *w, int dfd, const char *prefix, int depth) {
  DIR *d = open_dir_fd(dfd);
  if (!d) return -1;
  int rc = 0;
  for (const char *name; rc == 0 && !w->over && (name = next_name(d)) != NULL;) {
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s%s", prefix, name) >= (int)sizeof path - 2) {
      errno = ENAMETOOLONG;
      rc = -1;
      break;
    }
    struct stat st;
    if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
    if (S_ISDIR(st.st_mode)) {
      if (depth >= 256) {
        errno = ENAMETOOLONG;
        rc = -1;
        break;
      }
      size_t pl = strlen(path);
      path[pl] = '/';
      path[pl + 1] = 0;
      arch_emit(w, path, pl + 2);
      arch_emit(w, "d 0", 4);
      int sub = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) {
        rc = -1;
        break;
      }
      rc = archive_at(w, sub, path, depth + 1);
    } else if (S_ISREG(st.st_mode)) {
      char hdr[64];
      int n = snprintf(hdr, sizeof hdr, "%c %lld", (st.st_mode & 0111) ? 'x' : 'f', (long long)st.st_size) + 1;
      arch_emit(w, path, strlen(path) + 1);
      arch_emit(w, hdr, (size_t)n);
      if (!w->write) {
        w->size += (unsigned long long)st.st_size;
        if (w->size > w->cap) w->over = 1;
        continue;
      }
      int fd = openat(dirfd(d), name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) die("EXPORT open"); /* sized already: the stream cannot be cut short */
      off_t left = st.st_size;
      char buf[1 << 16];
      while (left > 0) {
        ssize_t r = read(fd, buf, sizeof buf < (size_t)left ? sizeof buf : (size_t)left);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) die("EXPORT read");
        arch_emit(w, buf, (size_t)r);
        left -= r;
      }
      close(fd);
    }
  }
  closedir(d);
  return rc;
}

static void cmd_export(char **tok, int n) {
  unsigned long long cap = n >= 2 ? strtoull(tok[1], NULL, 10) : MAX_ARCHIVE;
  if (cap == 0 || cap > MAX_ARCHIVE) cap = MAX_ARCHIVE;
  struct archive_walk count = {.write = 0, .cap = cap};
  int fd = open(WORK, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || archive_at(&count, fd, "", 0) < 0) {
    reply_err("EXPORT", errno ? errno : EIO);
    return;
  }
  if (count.over) {
    reply_err("EXPORT", EFBIG);
    return;
  }
  reply("OK size=%llu\n", count.size);
  struct archive_walk out = {.write = 1, .cap = count.size};
  fd = open(WORK, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || archive_at(&out, fd, "", 0) < 0 || out.size != count.size) die("EXPORT changed while streaming");
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

/* Reads a NUL-terminated string of the payload into buf; -1 when it does not fit or the payload ends. */
static int read_cstr(char *buf, size_t cap, uint64_t *left) {
  for (size_t n = 0;; n++) {
    if (*left == 0 || n + 1 >= cap) return -1;
    if (inpos == inlen && !fill()) die("judge closed input mid-payload");
    char c = inbuf[inpos++];
    (*left)--;
    buf[n] = c;
    if (c == 0) return 0;
  }
}

/* Restores an archive streamed from the judge, record by record; the rest of a bad payload is discarded. */
static int import_archive(const char *into, uint64_t left) {
  int rc = 0;
  while (left > 0 && rc == 0) {
    char path[PATH_MAX], hdr[64], kind;
    long long size;
    if (read_cstr(path, sizeof path, &left) < 0 || read_cstr(hdr, sizeof hdr, &left) < 0 ||
        sscanf(hdr, "%c %lld", &kind, &size) != 2 || size < 0 || !safe_rel_path(path)) {
      errno = EINVAL;
      rc = -1;
      break;
    }
    char full[PATH_MAX + 16];
    snprintf(full, sizeof full, "%s/%s", into, path);
    if (kind == 'd') {
      size_t fl = strlen(full);
      if (fl && full[fl - 1] == '/') full[fl - 1] = 0;
      if (mkdir(full, 0755) < 0 && errno != EEXIST) rc = -1;
      continue;
    }
    if ((uint64_t)size > left) {
      errno = EINVAL;
      rc = -1;
      break;
    }
    int fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kind == 'x' ? 0755 : 0644);
    int err = fd < 0 ? errno : copy_input(fd, (uint64_t)size);
    if (fd < 0) copy_input(-1, (uint64_t)size);
    else close(fd);
    left -= (uint64_t)size;
    if (err) {
      errno = err;
      rc = -1;
    }
  }
  int saved = errno;
  copy_input(-1, left);
  errno = saved;
  return rc;
}

/* ---------- seccomp: what a program never needs, refused ---------- */

#if defined(__x86_64__)
#define JUDGE_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define JUDGE_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "judge-runner: no seccomp filter for this architecture"
#endif

/*
 * Stacked on Docker's default profile, in the program's process only (the
 * runner keeps what it needs): io_uring, vsock and every socket family but
 * local, IPv4 and IPv6 ones, namespaces, tracing, kernel keyrings, BPF,
 * perf, userfaultfd, mounts and other administration. clone3 answers ENOSYS
 * so that the C library falls back to clone, whose flags can be checked.
 */
static const struct {
  int nr, err;
} denied[] = {
#ifdef __NR_io_uring_setup
    {__NR_io_uring_setup, ENOSYS},
    {__NR_io_uring_enter, ENOSYS},
    {__NR_io_uring_register, ENOSYS},
#endif
#ifdef __NR_clone3
    {__NR_clone3, ENOSYS},
#endif
    {__NR_ptrace, EPERM},
    {__NR_process_vm_readv, EPERM},
    {__NR_process_vm_writev, EPERM},
    {__NR_kcmp, EPERM},
#ifdef __NR_pidfd_getfd
    {__NR_pidfd_getfd, EPERM},
#endif
    {__NR_userfaultfd, EPERM},
    {__NR_perf_event_open, EPERM},
    {__NR_bpf, EPERM},
    {__NR_keyctl, EPERM},
    {__NR_add_key, EPERM},
    {__NR_request_key, EPERM},
    {__NR_unshare, EPERM},
    {__NR_setns, EPERM},
    {__NR_mount, EPERM},
    {__NR_umount2, EPERM},
    {__NR_pivot_root, EPERM},
    {__NR_chroot, EPERM},
#ifdef __NR_open_tree
    {__NR_open_tree, EPERM},
    {__NR_move_mount, EPERM},
    {__NR_fsopen, EPERM},
    {__NR_fsconfig, EPERM},
    {__NR_fsmount, EPERM},
    {__NR_fspick, EPERM},
#endif
#ifdef __NR_mount_setattr
    {__NR_mount_setattr, EPERM},
#endif
    {__NR_name_to_handle_at, EPERM},
    {__NR_open_by_handle_at, EPERM},
    {__NR_fanotify_init, EPERM},
    {__NR_kexec_load, EPERM},
#ifdef __NR_kexec_file_load
    {__NR_kexec_file_load, EPERM},
#endif
    {__NR_init_module, EPERM},
    {__NR_finit_module, EPERM},
    {__NR_delete_module, EPERM},
    {__NR_reboot, EPERM},
    {__NR_swapon, EPERM},
    {__NR_swapoff, EPERM},
    {__NR_acct, EPERM},
    {__NR_syslog, EPERM},
    {__NR_quotactl, EPERM},
    {__NR_vhangup, EPERM},
#ifdef __NR_iopl
    {__NR_iopl, EPERM},
    {__NR_ioperm, EPERM},
#endif
};

#define NS_FLAGS                                                                                             \
  (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
   0x00000080 /* CLONE_NEWTIME */)
#define RET_ERRNO(e) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))
#define RET_ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)offsetof(struct seccomp_data, field))
#define LOAD_ARG0_LOW BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)offsetof(struct seccomp_data, args[0]))

static struct sock_filter filter[16 + 2 * (sizeof denied / sizeof denied[0]) + 32];
static unsigned short filter_len;

static void put(struct sock_filter f) { filter[filter_len++] = f; }

static void build_filter(void) {
  put((struct sock_filter)LOAD(arch));
  put((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, JUDGE_AUDIT_ARCH, 1, 0));
  put((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
  put((struct sock_filter)LOAD(nr));
#if defined(__x86_64__)
  /* The x32 ABI shares the architecture value: refuse it whole. */
  put((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1));
  put((struct sock_filter)RET_ERRNO(ENOSYS));
#endif
  for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
    put((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)denied[i].nr, 0, 1));
    put((struct sock_filter)RET_ERRNO(denied[i].err));
  }
  /* clone: no new namespaces. */
  put((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4));
  put((struct sock_filter)LOAD_ARG0_LOW);
  put((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NS_FLAGS, 0, 1));
  put((struct sock_filter)RET_ERRNO(EPERM));
  put((struct sock_filter)RET_ALLOW);
  /* socket and socketpair: local, IPv4 and IPv6 only (there is no network anyway). */
  for (int k = 0; k < 2; k++) {
    put((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k == 0 ? __NR_socket : __NR_socketpair, 0, 6));
    put((struct sock_filter)LOAD_ARG0_LOW);
    put((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 3, 0));
    put((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 2, 0));
    put((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 1, 0));
    put((struct sock_filter)RET_ERRNO(EAFNOSUPPORT));
    put((struct sock_filter)RET_ALLOW);
  }
  put((struct sock_filter)RET_ALLOW);
}

static int install_filter(void) {
  struct sock_fprog prog = {.len = filter_len, .filter = filter};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -1;
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

/* ---------- RUN ---------- */

struct run_opts {
  char *argv[MAX_ARGS + 1];
  int argc;
  char *envp[MAX_ARGS + 1];
  int envc;
  const char *stdin_name;
  long long cpu_ms, wall_ms, out_cap, err_cap, fsize, as, stack, nofile, mem_kb, idle_ms;
};

static long long monotonic_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
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

/* CPU time of a live (or zombie) process, ns: the measure where there is no cgroup. */
static long long proc_cpu_ns(pid_t pid) {
  char buf[1024];
  if (read_proc(pid, "stat", buf, sizeof buf) < 0) return -1;
  char *p = strrchr(buf, ')');
  if (!p) return -1;
  unsigned long long utime, stime;
  /* fields after comm: state(3) ... utime(14) stime(15) */
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return -1;
  long hz = sysconf(_SC_CLK_TCK);
  return (long long)((utime + stime) * 1000000000ULL / (unsigned long long)hz);
}

/* Resident memory of a live process, bytes: the measure where there is no cgroup. */
static long long proc_rss_bytes(pid_t pid) {
  char buf[256];
  if (read_proc(pid, "statm", buf, sizeof buf) < 0) return -1;
  long long size, resident;
  if (sscanf(buf, "%lld %lld", &size, &resident) != 2) return -1;
  return resident * sysconf(_SC_PAGESIZE);
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

/*
 * In the child: becomes `uid` in `cwd` with the run's limits and the filter,
 * and execs. stdin is in_r when >= 0, else the run's stdin file (or /dev/null).
 */
static void child_exec(struct run_opts *o, int in_r, int out_w, int err_w, int status_w, uid_t uid, const char *cwd) {
  sigprocmask(SIG_UNBLOCK, &sigchld_mask, NULL);
  signal(SIGPIPE, SIG_DFL);
  setsid();
  int in = in_r;
  if (in < 0 && o->stdin_name && *o->stdin_name) {
    int dfd = open(INDIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    in = dfd < 0 ? -1 : openat(dfd, o->stdin_name, O_RDONLY | O_NOFOLLOW);
  } else if (in < 0) {
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
  set_limit(RLIMIT_NOFILE, (rlim_t)(o->nofile > 0 ? o->nofile : DEFAULT_NOFILE));

  /*
   * When the container runs out of memory the kernel must pick the program,
   * never the runner: a program holding kernel memory (socket buffers) has a
   * small RSS and would otherwise leave the runner the largest process.
   */
  int adj = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (adj < 0 || write(adj, "1000", 4) != 4) goto fail;
  close(adj);

  if (chdir(cwd) < 0) goto fail;
  gid_t g = uid;
  if (setgroups(1, &g) < 0 || setgid(uid) < 0 || setuid(uid) < 0) goto fail;
  if (install_filter() < 0) goto fail;

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

/*
 * Waits up to wait_us for a child to change state or output to arrive on
 * either capture pipe, and takes in what arrived (a pipe at its end is closed).
 */
static void wait_and_capture(int children, struct capbuf *a, int afd, struct capbuf *b, int bfd, long long wait_us) {
  struct pollfd pf[3];
  int n = 0;
  if (children) pf[n++] = (struct pollfd){.fd = sigchld_fd, .events = POLLIN};
  if (a->open) pf[n++] = (struct pollfd){.fd = afd, .events = POLLIN};
  if (b->open) pf[n++] = (struct pollfd){.fd = bfd, .events = POLLIN};
  int timeout = wait_us < 1000 ? 1 : (int)(wait_us / 1000);
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
    struct capbuf *c = pf[i].fd == afd ? a : b;
    if (!cap_read(c, pf[i].fd)) c->open = 0;
  }
}

/*
 * What the run has used so far. With a cgroup: CPU of every process of the
 * container but the runner, memory of the container over what it held when
 * the run started (less the runner's own output buffers). Without one (not
 * in a container): the main process only.
 */
struct meter {
  long long cpu0, self0, mem0;
  long long cpu_ns, peak_bytes;
};

static void meter_start(struct meter *m) {
  m->cpu0 = cg_cpu_ns();
  m->self0 = self_cpu_ns();
  m->mem0 = cg_mem_bytes();
  m->cpu_ns = 0;
  m->peak_bytes = 0;
}

static void meter_sample(struct meter *m, pid_t pid, int alive, size_t own_buffers) {
  if (cg.version) {
    long long cpu = cg_cpu_ns();
    if (cpu >= 0) {
      long long used = (cpu - m->cpu0) - (self_cpu_ns() - m->self0);
      if (used > m->cpu_ns) m->cpu_ns = used;
    }
    long long mem = cg_mem_bytes();
    if (mem >= 0) {
      long long used = mem - m->mem0 - (long long)own_buffers;
      if (used > m->peak_bytes) m->peak_bytes = used;
    }
  } else if (alive) {
    long long cpu = proc_cpu_ns(pid), rss = proc_rss_bytes(pid);
    if (cpu > m->cpu_ns) m->cpu_ns = cpu;
    if (rss > m->peak_bytes) m->peak_bytes = rss;
  }
}

static void do_run(struct run_opts *o) {
  if (o->argc == 0) {
    reply_err("RUN", EINVAL);
    return;
  }
  long long oom_before = cg_oom_kills();
  int outp[2], errp[2], st[2];
  if (pipe2(outp, O_CLOEXEC) || pipe2(errp, O_CLOEXEC) || pipe2(st, O_CLOEXEC)) {
    reply_err("pipe", errno);
    return;
  }
  struct meter m;
  meter_start(&m);
  long long start = monotonic_us();
  pid_t pid = fork();
  if (pid < 0) {
    reply_err("fork", errno);
    return;
  }
  if (pid == 0) {
    /* Keep the write ends across exec; the status pipe closes on exec. */
    int ow = dup(outp[1]), ew = dup(errp[1]);
    child_exec(o, -1, ow, ew, st[1], user_id, WORK);
  }
  close(outp[1]);
  close(errp[1]);
  close(st[1]);

  struct capbuf out = {.limit = (size_t)o->out_cap, .open = 1};
  struct capbuf err = {.limit = (size_t)o->err_cap, .open = 1};
  fcntl(outp[0], F_SETFL, O_NONBLOCK);
  fcntl(errp[0], F_SETFL, O_NONBLOCK);

  long long cpu_limit_ns = o->cpu_ms * 1000000LL, wall_limit_us = o->wall_ms * 1000LL;
  long long mem_limit = o->mem_kb * 1024LL, idle_us = o->idle_ms * 1000LL;
  int status = 0, reaped = 0, killed = 0, wall_timeout = 0, cpu_timeout = 0, mem_exceeded = 0, idle = 0;
  long long next_sample = start + SAMPLE_US, last_cpu = 0, last_progress = start;
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  for (;;) {
    if (!reaped) {
      pid_t w = wait4(pid, &status, WNOHANG, &ru);
      if (w == pid) {
        reaped = 1;
        /* What the run holds at its end (children, tmpfs files) counts too. */
        meter_sample(&m, pid, 0, out.cap + err.cap);
        /* The program is gone: nothing it started may keep running. */
        kill_all_and_reap();
      }
    }
    if (reaped && !out.open && !err.open) break;
    long long now = monotonic_us();
    if (!reaped && !killed) {
      if (now >= next_sample) {
        meter_sample(&m, pid, 1, out.cap + err.cap);
        next_sample = now + SAMPLE_US;
        if (m.cpu_ns > last_cpu + 1000000) {
          last_cpu = m.cpu_ns;
          last_progress = now;
        }
      }
      if (now - start > wall_limit_us) wall_timeout = 1;
      else if (m.cpu_ns > cpu_limit_ns) cpu_timeout = 1;
      else if (mem_limit > 0 && m.peak_bytes > mem_limit) mem_exceeded = 1;
      /* Using no CPU at all for that long: blocked for good (a compiler reading a terminal). */
      else if (idle_us > 0 && now - last_progress > idle_us) wall_timeout = idle = 1;
      if (wall_timeout || cpu_timeout || mem_exceeded || out.over || err.over) {
        /* The whole run stops at a limit; the loop's wait4 collects the child and its usage. */
        kill(-1, SIGKILL);
        killed = 1;
      }
    }
    long long wait_us = reaped ? 100000 : next_sample - now;
    long long to_wall = wall_limit_us - (now - start);
    if (!reaped && to_wall < wait_us) wait_us = to_wall;
    wait_and_capture(!reaped, &out, outp[0], &err, errp[0], wait_us);
  }
  long long wall_ms = (monotonic_us() - start) / 1000;
  close(outp[0]);
  close(errp[0]);

  int exec_errno = 0;
  if (read(st[0], &exec_errno, sizeof exec_errno) != sizeof exec_errno) exec_errno = 0;
  close(st[0]);

  /* Every process is gone: the cgroup's counters now hold the whole run. */
  meter_sample(&m, pid, 0, out.cap + err.cap);
  long long main_cpu_ns = ((long long)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
                          ((long long)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
  long long cpu_ns = m.cpu_ns > main_cpu_ns ? m.cpu_ns : main_cpu_ns;
  long long peak = m.peak_bytes > (long long)ru.ru_maxrss * 1024 ? m.peak_bytes : (long long)ru.ru_maxrss * 1024;
  long long oom_after = cg_oom_kills();
  int oom = oom_before >= 0 && oom_after > oom_before;
  int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (sig == SIGXCPU || cpu_ns > cpu_limit_ns) cpu_timeout = 1;
  if (mem_limit > 0 && peak > mem_limit) mem_exceeded = 1;
  int clean = clean_scratch();
  reply("OK exit=%d signal=%d cpu=%lld wall=%lld rss=%lld oom=%d walltimeout=%d cputimeout=%d olimit=%d memlimit=%d "
        "execerr=%d idle=%d clean=%d stdout=%zu stderr=%zu\n",
        exit_code, sig, cpu_ns / 1000000, wall_ms, peak / 1024, oom, wall_timeout, cpu_timeout, out.over || err.over,
        mem_exceeded, exec_errno, idle, clean, out.len, err.len);
  if (out.len) write_all(1, out.data, out.len);
  if (err.len) write_all(1, err.data, err.len);
  free(out.data);
  free(err.data);
}

/* ---------- INTERACT: a program against an interactor ---------- */

static long long rusage_ns(const struct rusage *ru) {
  return ((long long)ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000000000LL +
         ((long long)ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) * 1000LL;
}

/*
 * Anonymous and shared resident memory of a live process, bytes (its part of
 * the container's); -1 when it is gone or exiting (its memory on the way out).
 */
static long long proc_anon_bytes(pid_t pid) {
  char buf[4096];
  if (read_proc(pid, "status", buf, sizeof buf) < 0) return -1;
  long long total = 0;
  const char *keys[] = {"RssAnon:", "RssShmem:"};
  for (int i = 0; i < 2; i++) {
    const char *p = strstr(buf, keys[i]);
    if (!p) return -1;
    total += strtoll(p + strlen(keys[i]), NULL, 10) * 1024;
  }
  return total;
}

static void close_all(int *fds, int n) {
  for (int i = 0; i < n; i++)
    if (fds[i] >= 0) close(fds[i]);
}

/*
 * The program's stdout feeds the interactor's stdin and the other way round.
 * The interactor (trusted: the problem's) runs as the judge user in
 * /box/judge, which the program cannot read. The container's CPU and memory
 * go to the program, less the interactor's own (from /proc while it runs,
 * exactly from wait4 once it is gone).
 */
static void do_interact(struct run_opts *o, struct run_opts *io, long long idle_ms) {
  if (o->argc == 0 || io->argc == 0) {
    reply_err("INTERACT", EINVAL);
    return;
  }
  if (!cg.version) {
    reply_err("INTERACT without a cgroup", ENOTSUP);
    return;
  }
  long long oom_before = cg_oom_kills();
  int fds[12];
  for (int i = 0; i < 12; i++) fds[i] = -1;
  int *p2i = fds, *i2p = fds + 2, *perr = fds + 4, *ierr = fds + 6, *pst = fds + 8, *ist = fds + 10;
  for (int i = 0; i < 6; i++) {
    if (pipe2(fds + 2 * i, O_CLOEXEC) < 0) {
      int e = errno;
      close_all(fds, 12);
      reply_err("pipe", e);
      return;
    }
  }
  struct meter m;
  meter_start(&m);
  long long start = monotonic_us();
  pid_t pid = fork();
  if (pid == 0) child_exec(o, dup(i2p[0]), dup(p2i[1]), dup(perr[1]), pst[1], user_id, WORK);
  pid_t ipid = pid < 0 ? -1 : fork();
  if (ipid == 0) child_exec(io, dup(p2i[0]), dup(i2p[1]), dup(ierr[1]), ist[1], judge_id, JUDGEDIR);
  if (pid < 0 || ipid < 0) {
    int e = errno;
    kill_all_and_reap();
    close_all(fds, 12);
    reply_err("fork", e);
    return;
  }
  int ends[] = {p2i[0], p2i[1], i2p[0], i2p[1], perr[1], ierr[1], pst[1], ist[1]};
  close_all(ends, 8);

  struct capbuf err = {.limit = (size_t)o->err_cap, .open = 1};
  struct capbuf ierrb = {.limit = (size_t)io->err_cap, .open = 1};
  fcntl(perr[0], F_SETFL, O_NONBLOCK);
  fcntl(ierr[0], F_SETFL, O_NONBLOCK);

  long long cpu_limit_ns = o->cpu_ms * 1000000LL, wall_limit_us = o->wall_ms * 1000LL;
  long long icpu_limit_ns = io->cpu_ms * 1000000LL, idle_us = idle_ms * 1000LL;
  long long mem_limit = o->mem_kb * 1024LL;
  int status = 0, istatus = 0, reaped = 0, ireaped = 0, killed = 0, swept = 0;
  int wall_timeout = 0, cpu_timeout = 0, mem_exceeded = 0, idle = 0, icpu_timeout = 0;
  long long icpu = 0, ipeak = 0, prog_cpu = 0, prog_peak = 0, last_total = 0, last_progress = start, last_im = 0;
  long long next_sample = start + SAMPLE_US;
  struct rusage ru, iru;
  memset(&ru, 0, sizeof ru);
  memset(&iru, 0, sizeof iru);
  for (;;) {
    if (!reaped && wait4(pid, &status, WNOHANG, &ru) == pid) reaped = 1;
    if (!ireaped && wait4(ipid, &istatus, WNOHANG, &iru) == ipid) {
      ireaped = 1;
      icpu = rusage_ns(&iru);
    }
    long long now = monotonic_us();
    if ((now >= next_sample || (reaped && ireaped && !swept)) && !killed) {
      long long total = (cg_cpu_ns() - m.cpu0) - (self_cpu_ns() - m.self0);
      if (!ireaped) {
        long long c = proc_cpu_ns(ipid);
        if (c > icpu) icpu = c;
      }
      if (total - icpu > prog_cpu) prog_cpu = total - icpu;
      /*
       * The container's memory less the interactor's, read after it (so the
       * interactor's share is never under-read) and no less than at the last
       * sample (memory it frees may still be charged for a moment). Not
       * sampled while the interactor is exiting: its pages are on their way out.
       */
      long long mem = cg_mem_bytes() - m.mem0 - (long long)(err.cap + ierrb.cap);
      long long im = ireaped ? 0 : proc_anon_bytes(ipid);
      if (im >= 0) {
        if (im > ipeak) ipeak = im;
        /* Once reaped, all of its memory has been given back. */
        long long share = ireaped ? 0 : im > last_im ? im : last_im;
        if (mem - share > prog_peak) prog_peak = mem - share;
        last_im = im;
      }
      if (total > last_total + 1000000) {
        last_total = total;
        last_progress = now;
      }
      next_sample = now + SAMPLE_US;
    }
    if (reaped && ireaped && !swept) {
      /* Both are gone: so is anything the program left running. */
      kill_all_and_reap();
      swept = 1;
    }
    if (swept && !err.open && !ierrb.open) break;
    if (!killed && !swept) {
      if (now - start > wall_limit_us) wall_timeout = 1;
      else if (prog_cpu > cpu_limit_ns) cpu_timeout = 1;
      else if (mem_limit > 0 && prog_peak > mem_limit) mem_exceeded = 1;
      else if (!ireaped && icpu > icpu_limit_ns) icpu_timeout = 1;
      else if (idle_us > 0 && !reaped && now - last_progress > idle_us) idle = 1;
      if (wall_timeout || cpu_timeout || mem_exceeded || icpu_timeout || idle || err.over) {
        kill(-1, SIGKILL);
        killed = 1;
      }
    }
    wait_and_capture(!reaped || !ireaped, &err, perr[0], &ierrb, ierr[0], swept ? 100000 : next_sample - now);
  }
  long long wall_ms = (monotonic_us() - start) / 1000;
  int exec_errno = 0, iexec_errno = 0;
  if (read(pst[0], &exec_errno, sizeof exec_errno) != sizeof exec_errno) exec_errno = 0;
  if (read(ist[0], &iexec_errno, sizeof iexec_errno) != sizeof iexec_errno) iexec_errno = 0;
  int rest[] = {perr[0], ierr[0], pst[0], ist[0]};
  close_all(rest, 4);

  /* Everything is gone: the counters hold the whole run; the interactor's own use is exact now. */
  icpu = rusage_ns(&iru);
  long long total = (cg_cpu_ns() - m.cpu0) - (self_cpu_ns() - m.self0);
  if (total - icpu > prog_cpu) prog_cpu = total - icpu;
  if (rusage_ns(&ru) > prog_cpu) prog_cpu = rusage_ns(&ru);
  if ((long long)ru.ru_maxrss * 1024 > prog_peak) prog_peak = (long long)ru.ru_maxrss * 1024;
  if ((long long)iru.ru_maxrss * 1024 > ipeak) ipeak = (long long)iru.ru_maxrss * 1024;
  long long oom_after = cg_oom_kills();
  int oom = oom_before >= 0 && oom_after > oom_before;
  if (prog_cpu > cpu_limit_ns) cpu_timeout = 1;
  if (mem_limit > 0 && prog_peak > mem_limit) mem_exceeded = 1;
  int clean = clean_scratch();
  reply("OK exit=%d signal=%d cpu=%lld wall=%lld rss=%lld oom=%d walltimeout=%d cputimeout=%d olimit=%d memlimit=%d "
        "execerr=%d idle=%d iexit=%d isignal=%d icpu=%lld irss=%lld icputimeout=%d iexecerr=%d clean=%d stdout=0 "
        "stderr=%zu istderr=%zu\n",
        WIFEXITED(status) ? WEXITSTATUS(status) : -1, WIFSIGNALED(status) ? WTERMSIG(status) : 0, prog_cpu / 1000000,
        wall_ms, (prog_peak > 0 ? prog_peak : 0) / 1024, oom, wall_timeout, cpu_timeout, err.over, mem_exceeded,
        exec_errno, idle, WIFEXITED(istatus) ? WEXITSTATUS(istatus) : -1, WIFSIGNALED(istatus) ? WTERMSIG(istatus) : 0,
        icpu / 1000000, ipeak / 1024, icpu_timeout, iexec_errno, clean, err.len, ierrb.len);
  if (err.len) write_all(1, err.data, err.len);
  if (ierrb.len) write_all(1, ierrb.data, ierrb.len);
  free(err.data);
  free(ierrb.data);
}

static long long num(const char *s) { return strtoll(s, NULL, 10); }

static void run_defaults(struct run_opts *o) {
  memset(o, 0, sizeof *o);
  o->cpu_ms = 1000;
  o->wall_ms = 3000;
  o->out_cap = 1 << 20;
  o->err_cap = 64 << 10;
}

/* Applies one key=value of RUN (or of the interactor's, without its "i." prefix); 0 when unknown. */
static int run_option(struct run_opts *o, const char *k, char *v) {
  if (!strcmp(k, "arg") && o->argc < MAX_ARGS) o->argv[o->argc++] = v;
  else if (!strcmp(k, "env") && o->envc < MAX_ARGS) o->envp[o->envc++] = v;
  else if (!strcmp(k, "stdin")) o->stdin_name = v;
  else if (!strcmp(k, "cpu")) o->cpu_ms = num(v);
  else if (!strcmp(k, "wall")) o->wall_ms = num(v);
  else if (!strcmp(k, "out")) o->out_cap = num(v);
  else if (!strcmp(k, "err")) o->err_cap = num(v);
  else if (!strcmp(k, "fsize")) o->fsize = num(v);
  else if (!strcmp(k, "as")) o->as = num(v);
  else if (!strcmp(k, "stack")) o->stack = num(v);
  else if (!strcmp(k, "nofile")) o->nofile = num(v);
  else if (!strcmp(k, "mem")) o->mem_kb = num(v);
  else if (!strcmp(k, "idle")) o->idle_ms = num(v);
  else return 0;
  return 1;
}

static void cmd_run(char **tok, int n) {
  static struct run_opts o;
  run_defaults(&o);
  for (int i = 1; i < n; i++) {
    char *eq = strchr(tok[i], '=');
    if (!eq) continue;
    *eq = 0;
    pct_decode(eq + 1);
    run_option(&o, tok[i], eq + 1);
  }
  if (o.stdin_name && *o.stdin_name && !plain_name(o.stdin_name)) {
    reply_err("RUN stdin", EINVAL);
    return;
  }
  do_run(&o);
}

static void cmd_interact(char **tok, int n) {
  static struct run_opts o, io;
  run_defaults(&o);
  run_defaults(&io);
  io.cpu_ms = 10000;
  long long idle_ms = 0;
  for (int i = 1; i < n; i++) {
    char *eq = strchr(tok[i], '=');
    if (!eq) continue;
    *eq = 0;
    pct_decode(eq + 1);
    if (!strcmp(tok[i], "idle")) idle_ms = num(eq + 1);
    else if (!strncmp(tok[i], "i.", 2)) run_option(&io, tok[i] + 2, eq + 1);
    else run_option(&o, tok[i], eq + 1);
  }
  /* The interactor inherits the program's file limits; its own wall is the program's. */
  io.wall_ms = o.wall_ms;
  io.fsize = o.fsize;
  do_interact(&o, &io, idle_ms);
}

static void cmd_put(char **tok, int n) {
  if (n != 4) {
    reply_err("PUT", EINVAL);
    return;
  }
  pct_decode(tok[1]);
  pct_decode(tok[2]);
  long long size = num(tok[3]);
  int is_work = !strcmp(tok[1], "work"), is_judge = !strcmp(tok[1], "judge");
  const char *dir = !strcmp(tok[1], "in") ? INDIR : is_work ? WORK : is_judge ? JUDGEDIR : NULL;
  if (!dir || !plain_name(tok[2]) || size < 0) {
    copy_input(-1, size < 0 ? 0 : (uint64_t)size);
    reply_err("PUT", EINVAL);
    return;
  }
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  int fd = -1;
  if (dfd >= 0) {
    unlinkat(dfd, tok[2], 0);
    fd = openat(dfd, tok[2], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, is_judge ? 0600 : 0644);
    uid_t owner = is_work ? user_id : judge_id;
    if (fd >= 0 && (is_work || is_judge) && fchown(fd, owner, owner) < 0) {
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

static void parse_args(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--uid") && i + 1 < argc) {
      char *end;
      long v = strtol(argv[++i], &end, 10);
      if (*end || v < 1 || v > 0x7fffffffL) {
        fprintf(stderr, "judge-runner: --uid wants a user id from 1 to 2147483647, not %s\n", argv[i]);
        exit(2);
      }
      user_id = (uid_t)v;
    } else if (!strcmp(argv[i], "--judge-uid") && i + 1 < argc) {
      char *end;
      long v = strtol(argv[++i], &end, 10);
      if (*end || v < 1 || v > 0x7fffffffL) {
        fprintf(stderr, "judge-runner: --judge-uid wants a user id from 1 to 2147483647, not %s\n", argv[i]);
        exit(2);
      }
      judge_id = (uid_t)v;
    } else {
      fprintf(stderr, "judge-runner: unknown argument %s (usage: judge-runner [--uid N] [--judge-uid M])\n", argv[i]);
      exit(2);
    }
  }
}

/* `docker stop`: nothing outlives the runner, and the container goes at once (PID 1 ignores an unhandled SIGTERM). */
static void on_term(int sig) {
  (void)sig;
  kill(-1, SIGKILL);
  _exit(0);
}

int main(int argc, char **argv) {
  parse_args(argc, argv);
  if (judge_id == user_id) {
    fprintf(stderr, "judge-runner: the judge user must differ from the programs' user\n");
    exit(2);
  }
  signal(SIGPIPE, SIG_IGN);
  signal(SIGTERM, on_term);
  sigemptyset(&sigchld_mask);
  sigaddset(&sigchld_mask, SIGCHLD);
  sigprocmask(SIG_BLOCK, &sigchld_mask, NULL);
  sigchld_fd = signalfd(-1, &sigchld_mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sigchld_fd < 0) die("signalfd");
  if (getpid() != 1) fprintf(stderr, "judge-runner: warning: not PID 1; cleanup is not complete\n");
  cg_open();
  build_filter();
  /* A fresh container is clean by definition: that is every place's baseline. */
  for (size_t i = 0; i < NSCRATCH; i++) empty_dir(scratch[i].path);
  empty_dir(BOX);
  if (make_dir(INDIR, 0, 0755) < 0 || make_dir(WORK, user_id, 0755) < 0 || make_dir(JUDGEDIR, judge_id, 0700) < 0)
    die("prepare " BOX);
  for (size_t i = 0; i < NSCRATCH; i++) remember_baseline(&scratch[i]);
  remember_baseline(&box);
  static char line[MAX_LINE];
  char *tok[MAX_ARGS * 2 + 16];
  for (;;) {
    int len = read_line(line, sizeof line);
    if (len < 0) break;
    int n = split(line, tok, (int)(sizeof tok / sizeof tok[0]));
    if (n == 0) continue;
    if (!strcmp(tok[0], "RUN")) cmd_run(tok, n);
    else if (!strcmp(tok[0], "INTERACT")) cmd_interact(tok, n);
    else if (!strcmp(tok[0], "PUT")) cmd_put(tok, n);
    else if (!strcmp(tok[0], "PING"))
      reply("OK cgroup=%s uid=%u judge=%u\n", cg_name(), (unsigned)user_id, (unsigned)judge_id);
    else if (!strcmp(tok[0], "STATS"))
      reply("OK cgroup=%s cpu=%lld mem=%lld oom=%lld\n", cg_name(), cg_cpu_ns(), cg_mem_bytes(), cg_oom_kills());
    else if (!strcmp(tok[0], "RESET")) {
      errno = 0;
      if (reset_box() < 0) reply_err("RESET: the sandbox is not back to its baseline", errno);
      else reply("OK\n");
    } else if (!strcmp(tok[0], "SEAL")) {
      long long files = 0, bytes = 0;
      if (seal_work(&files, &bytes) < 0) reply_err("SEAL", errno);
      else reply("OK files=%lld bytes=%lld\n", files, bytes);
    } else if (!strcmp(tok[0], "EXPORT")) {
      cmd_export(tok, n);
    } else if (!strcmp(tok[0], "IMPORT") && (n == 2 || n == 3)) {
      int to_judge = n == 3 && !strcmp(tok[2], "judge");
      const char *into = to_judge ? JUDGEDIR : WORK;
      long long size = num(tok[1]);
      if (size < 0 || (unsigned long long)size > MAX_ARCHIVE) {
        copy_input(-1, size < 0 ? 0 : (uint64_t)size);
        reply_err("IMPORT", EFBIG);
        continue;
      }
      if (import_archive(into, (uint64_t)size) < 0) reply_err("IMPORT", errno ? errno : EINVAL);
      else if (to_judge) {
        /* Root's, inside a directory only the judge user may enter. */
        long long files = 0, bytes = 0;
        int fd = open(JUDGEDIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) seal_at(fd, &files, &bytes, 0);
        reply("OK\n");
      } else reply("OK\n");
    } else {
      reply_err(tok[0], ENOSYS);
    }
  }
  kill_all_and_reap();
  return 0;
}
